"""A small OpenID Connect provider on 127.0.0.1 for the login tests: discovery, JWKS, authorize (authorization code
with PKCE, S256 only), token (ID tokens RS256-signed with a real RSA key by joserfc) and end session. It logs in
whoever `user` says at once (no login form); `tamper` spoils the next ID token the way an attacker would."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

TAMPERING = ("payload", "other_key", "alg_none", "nonce", "issuer", "audience", "expired")


class Provider:
    def __init__(self, client_id: str, client_secret: str, redirect_uri: str) -> None:
        self.client_id, self.client_secret, self.redirect_uri = client_id, client_secret, redirect_uri
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
        self.user: dict[str, Any] = {"sub": "u-1", "preferred_username": "analystin", "groups": ["/wirkungsmonitor"]}
        self.tamper: str | None = None
        self.codes: dict[str, dict[str, str]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []  # what the app sent (path, parameters)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()

    def discovery(self) -> dict[str, Any]:
        i = self.issuer
        return {
            "issuer": i,
            "authorization_endpoint": i + "/auth",
            "token_endpoint": i + "/token",
            "jwks_uri": i + "/jwks",
            "end_session_endpoint": i + "/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def authorize(self, q: dict[str, str]) -> tuple[int, dict[str, str], dict[str, Any]]:
        if q.get("client_id") != self.client_id or q.get("redirect_uri") != self.redirect_uri:
            return 400, {}, {"error": "invalid_request"}
        if q.get("response_type") != "code" or q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return 400, {}, {"error": "invalid_request", "error_description": "PKCE S256 required"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = q
        target = q["redirect_uri"] + "?" + urlencode({"code": code, "state": q.get("state", "")})
        return 302, {"Location": target}, {}

    def token(self, form: dict[str, str], auth_header: str) -> tuple[int, dict[str, Any]]:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if auth_header.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth_header[6:]).decode().partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        q = self.codes.pop(form.get("code", ""), None)  # a code is good once
        if q is None or form.get("grant_type") != "authorization_code" or form.get("redirect_uri") != q["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        challenge = base64.urlsafe_b64encode(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
        if challenge.rstrip(b"=").decode() != q["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"}
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(q),
        }

    def id_token(self, q: dict[str, str]) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + 300, "nonce": q.get("nonce"), **self.user}
        tamper, self.tamper = self.tamper, None
        key = self.key
        if tamper == "nonce":
            claims["nonce"] = "ein-anderer-nonce"
        elif tamper == "issuer":
            claims["iss"] = "http://127.0.0.1:1"
        elif tamper == "audience":
            claims["aud"], claims["azp"] = "ein-anderer-client", self.client_id  # issued to another client
        elif tamper == "expired":
            claims["iat"], claims["exp"] = now - 3600, now - 1800
        elif tamper == "other_key":  # same kid, another key: what a forger without the provider's key can do
            key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)
        if tamper == "alg_none":  # unsigned (RFC 7519 "none"): must never count as signed

            def part(d: dict[str, Any]) -> str:
                return base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()

            token = f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."
        if tamper == "payload":  # a signed token of a refused user, its groups rewritten afterwards
            header, payload, signature = token.split(".")
            body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            body["groups"] = ["/wirkungsmonitor"]
            payload = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
            token = f"{header}.{payload}.{signature}"
        return token

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                url = urlsplit(self.path)
                q = {k: v[0] for k, v in parse_qs(url.query).items()}
                provider.requests.append((url.path, q))
                if url.path == "/.well-known/openid-configuration":
                    self._json(200, provider.discovery())
                elif url.path == "/jwks":
                    self._json(200, KeySet([provider.key]).as_dict(private=False))
                elif url.path == "/auth":
                    status, headers, body = provider.authorize(q)
                    self._json(status, body, headers)
                elif url.path == "/logout":
                    target = q.get("post_logout_redirect_uri")
                    self._json(302 if target else 200, {}, {"Location": target} if target else {})
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:  # noqa: N802
                url = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = {k: v[0] for k, v in parse_qs(raw).items()}
                provider.requests.append((url.path, form))
                if url.path == "/token":
                    status, body = provider.token(form, self.headers.get("Authorization", ""))
                    self._json(status, body)
                else:
                    self._json(404, {"error": "not_found"})

            def _json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a: object) -> None:
                pass

        return Handler
