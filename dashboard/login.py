"""Login of the internal instance: Basic auth for one machine, OpenID Connect (Keycloak, ADFS) in production; after one
successful login a signed session cookie, so the password hash is checked once per session; failed logins limited
per client."""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import timedelta
from html import escape
from typing import Any

from flask import Flask, Response, redirect, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.i18n import _, local_path
from dashboard.settings import Settings

log = logging.getLogger(__name__)

COOKIE = "wm_session"
USER = "wm_user"
STAMP = "wm_stamp"  # which credentials the session stands for: a changed password or allow-list ends old sessions
NEXT = "wm_next"
LOGIN, CALLBACK, LOGOUT, LOGGED_OUT = "/anmeldung", "/anmeldung/oidc", "/abmeldung", "/abgemeldet"
OPEN = (LOGIN, CALLBACK, LOGOUT, LOGGED_OUT)
WINDOW_SECONDS = 60.0
Gate = Callable[[], "Response | None"]


class FailedLogins:
    """Failed logins per client in the last minute (sliding window), in this process: behind several gunicorn workers
    each counts its own, so a client gets at most `limit` × workers attempts a minute (docs/security.md)."""

    def __init__(self, limit: int, window: float = WINDOW_SECONDS) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, client: str) -> int:
        """Seconds until `client` may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            times = self._seen.get(client)
            if not times:
                return 0
            while times and times[0] <= now - self.window:
                times.popleft()
            if not times:
                del self._seen[client]
                return 0
            return int(times[0] + self.window - now) + 1 if len(times) >= self.limit else 0

    def record(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 100_000:  # a flood of addresses cannot grow the process without bound
                self._seen = {c: t for c, t in self._seen.items() if t and t[-1] > now - self.window}
            self._seen.setdefault(client, deque(maxlen=self.limit)).append(now)


class _Sessions(SecureCookieSessionInterface):
    """Flask's signed cookie session, `Secure` whenever the instance is reached over https (directly, through a proxy
    that says so in `X-Forwarded-Proto` with `WM_PROXY_HOPS`, or by `WM_PUBLIC_URL`)."""

    def __init__(self, always_secure: bool) -> None:
        self.always_secure = always_secure

    def get_cookie_secure(self, app: Flask) -> bool:
        return self.always_secure or request.is_secure


def parse_users(spec: str) -> dict[str, str]:
    """`user:hash,user2:hash2` (werkzeug password hashes) from the environment, never plain passwords."""
    users = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, _sep, hashed = part.partition(":")
        if not name or not hashed or "$" not in hashed:
            raise ValueError("WM_BASIC_AUTH_USERS: erwartet 'name:hash,…' mit Hashes aus werkzeug.security")
        users[name] = hashed
    if not users:
        raise ValueError("WM_BASIC_AUTH_USERS: kein Benutzer")
    return users


def install(server: Flask, settings: Settings) -> Gate | None:
    """Set up sessions and the login routes; returns the gate every request passes (None: no login configured)."""
    if settings.proxy_hops:
        n = settings.proxy_hops
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=0)  # type: ignore[method-assign]
    if settings.public or not settings.login_configured:
        return None
    if settings.session_secret:
        server.secret_key = settings.session_secret
    else:
        # Basic auth only (OIDC refuses to start without it): fine on one machine with one process; several workers
        # do not know each other's cookies and check the password again (docs/configuration.md)
        server.secret_key = secrets.token_bytes(32)
        log.warning("WM_SESSION_SECRET fehlt: Sitzungen gelten nur in diesem Prozess (ein Rechner, ein Worker)")
    server.config.update(
        SESSION_COOKIE_NAME=COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_hours),
        SESSION_REFRESH_EACH_REQUEST=False,  # the expiry counts from the login, not from the last request
    )
    server.session_interface = _Sessions(settings.public_url.startswith("https://"))
    failed = FailedLogins(settings.login_attempts_per_minute)
    if settings.oidc_issuer:
        return _install_oidc(server, settings, failed)
    return _basic_gate(parse_users(settings.basic_auth_users), failed)


def client_address() -> str:
    return request.remote_addr or "-"


def _stamp(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def _start_session(user: str, stamp: str) -> None:
    session.clear()  # nothing from before the login (no session fixation)
    session.permanent = True
    session[USER] = user
    session[STAMP] = stamp


def _too_many(wait: int) -> Response:
    text = _("Zu viele fehlgeschlagene Anmeldungen. Bitte in einer Minute erneut versuchen.")
    return Response(text, 429, {"Retry-After": str(wait)}, mimetype="text/plain")


def _page(title: str, text: str, status: int, link: tuple[str, str] | None = None) -> Response:
    more = f'<p><a href="{escape(link[0])}">{escape(link[1])}</a></p>' if link else ""
    body = (
        f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f"<body><main><h1>{escape(title)}</h1><p>{escape(text)}</p>{more}</main></body></html>"
    )
    return Response(body, status, mimetype="text/html")


# ---------------------------------------------------------------------------------------------------------- Basic auth


def _basic_gate(users: dict[str, str], failed: FailedLogins) -> Gate:
    stamps = {name: _stamp("basic", name, hashed) for name, hashed in users.items()}
    # an unknown name is checked against a hash of the same method and cost: both answers take the same time
    method = next(iter(users.values())).split("$", 1)[0]
    dummy = generate_password_hash(secrets.token_urlsafe(16), method=method)

    def challenge() -> Response:
        return Response(_("Anmeldung erforderlich"), 401, {"WWW-Authenticate": 'Basic realm="Wirkungsmonitor", charset="UTF-8"'})

    def gate() -> Response | None:
        user = session.get(USER)
        if user in stamps and session.get(STAMP) == stamps[user]:
            return None
        auth = request.authorization
        if auth is None or auth.type != "basic" or auth.username is None:
            return challenge()
        client = client_address()
        wait = failed.wait(client)
        if wait:
            return _too_many(wait)
        name, password = auth.username, auth.password or ""
        ok = check_password_hash(users.get(name, dummy), password) and name in users
        if not ok:
            failed.record(client)
            return challenge()
        _start_session(name, stamps[name])
        return None

    return gate


# ------------------------------------------------------------------------------------------------------ OpenID Connect


class LoginFailed(Exception):
    """The provider's answer did not prove a login (state, nonce, signature, issuer, audience, expiry)."""


def _install_oidc(server: Flask, settings: Settings, failed: FailedLogins) -> Gate:
    # authlib (and its joserfc, cryptography) only where OIDC is configured: Basic auth and the public instance need none
    from authlib.integrations.base_client.errors import OAuthError
    from authlib.integrations.flask_client import OAuth
    from joserfc.errors import JoseError
    from requests import RequestException

    oauth = OAuth(server)
    issuer = settings.oidc_issuer.rstrip("/")
    client: Any = oauth.register(
        "oidc",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret or None,
        server_metadata_url=issuer + "/.well-known/openid-configuration",
        client_kwargs={"scope": settings.oidc_scopes, "code_challenge_method": "S256", "timeout": 10},
    )
    allowed = set(settings.oidc_allowed_groups_list())
    stamp = _stamp("oidc", issuer, settings.oidc_client_id, ",".join(sorted(allowed)))
    base = settings.public_url.rstrip("/")
    claims_options = {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "values": [settings.oidc_client_id]},
    }
    refused = (OAuthError, JoseError, RequestException, LoginFailed, ValueError, KeyError, TypeError)

    def metadata() -> dict[str, Any]:
        meta: dict[str, Any] = client.load_server_metadata()
        if str(meta.get("issuer", "")).rstrip("/") != issuer:  # OpenID Connect Discovery 1.0, section 4.3
            raise LoginFailed(f"Discovery nennt einen anderen Aussteller: {meta.get('issuer')!r}")
        return meta

    def gate() -> Response | None:
        if request.path in OPEN:
            return None
        if session.get(USER) and session.get(STAMP) == stamp:
            return None
        if request.method == "GET" and not request.path.startswith(("/_dash-", "/assets/", "/seiten-assets/")):
            target = request.full_path.rstrip("?") if request.query_string else request.path
            return redirect(f"{LOGIN}?next={_quote(target)}")
        return Response(_("Anmeldung erforderlich"), 401, mimetype="text/plain")

    @server.get(LOGIN)
    def login() -> Any:
        wait = failed.wait(client_address())
        if wait:
            return _too_many(wait)
        try:
            metadata()
            # keep only this login's state: an old one would make the cookie grow
            for key in [k for k in session if k.startswith("_state_oidc_")]:
                session.pop(key)
            session[NEXT] = local_path(request.args.get("next", "/")) or "/"
            return client.authorize_redirect(base + CALLBACK)
        except refused as e:
            log.warning("OIDC-Anbieter nicht erreichbar oder ungültig: %s", e)
            return _page(
                _("Anmeldung nicht möglich"), _("Der Anmeldedienst antwortet nicht. Bitte später erneut versuchen."), 503
            )

    @server.get(CALLBACK)
    def callback() -> Any:
        address = client_address()
        wait = failed.wait(address)
        if wait:
            return _too_many(wait)
        target = local_path(str(session.get(NEXT) or "/")) or "/"
        try:
            metadata()
            # authlib checks signature (JWKS), nonce, expiry; issuer and audience only when told (it checks `azp` alone)
            token = client.authorize_access_token(claims_options=claims_options)
            claims = token.get("userinfo")
            if not claims:
                raise LoginFailed("kein geprüftes ID-Token in der Antwort")
        except refused as e:
            failed.record(address)
            session.clear()
            log.warning("OIDC-Anmeldung abgewiesen (%s): %s", address, e)
            return _page(
                _("Anmeldung fehlgeschlagen"),
                _("Die Anmeldung konnte nicht bestätigt werden. Bitte erneut anmelden."),
                400,
                (LOGIN, _("Erneut anmelden")),
            )
        groups = {str(g).lstrip("/") for g in _claim(claims, settings.oidc_groups_claim)}
        user = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])
        if not groups & allowed:
            session.clear()
            log.warning("OIDC-Anmeldung von %s ohne freigegebene Gruppe (%s)", user, ", ".join(sorted(groups)) or "-")
            return _page(
                _("Kein Zugriff"),
                _("Ihr Konto gehört keiner Gruppe an, die den Wirkungsmonitor nutzen darf."),
                403,
                (LOGOUT, _("Abmelden")),
            )
        _start_session(user, stamp)
        return redirect(target)

    @server.get(LOGOUT)
    def logout() -> Any:
        session.clear()
        try:
            end = metadata().get("end_session_endpoint")
        except refused:
            end = None
        if not end:
            return redirect(LOGGED_OUT)
        resp = client.logout_redirect(post_logout_redirect_uri=base + LOGGED_OUT, client_id=settings.oidc_client_id)
        session.clear()  # authlib keeps the logout state in the session: nothing of it is needed afterwards
        return resp

    @server.get(LOGGED_OUT)
    def logged_out() -> Response:
        return _page(_("Abgemeldet"), _("Sie sind vom Wirkungsmonitor abgemeldet."), 200, (LOGIN, _("Erneut anmelden")))

    return gate


def _claim(claims: Any, path: str) -> list[Any]:
    """The groups at `path` (`groups`, `realm_access.roles`); a single string counts as one group."""
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, (list, tuple)) else []


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")
