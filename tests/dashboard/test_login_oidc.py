"""OpenID Connect login of the internal instance (issue #15, point 9): a real app server process against a small real
provider on 127.0.0.1 (tests/oidc_provider.py: discovery, JWKS, RSA-signed ID tokens), over HTTP, redirects followed by
hand like a browser: happy path with an allowed group, a refused group, a wrong state, a wrong nonce, tampered tokens,
logout."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from app_support import free_port, start_instance
from oidc_provider import TAMPERING, Provider

from dashboard.settings import Settings, SettingsError
from etl.load import load_files
from publish import publish

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parents[1] / "data"
CLIENT_ID, CLIENT_SECRET = "wirkungsmonitor", "client-geheimnis"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("oidc")
    load_files([ROOT / "data" / "massnahmenkatalog.xlsx", DATA / "ecocounter"], db=tmp / "build.duckdb")
    snap = publish(tmp / "build.duckdb", tmp / "snap.duckdb")
    port = free_port()
    app = f"http://127.0.0.1:{port}"
    provider = Provider(CLIENT_ID, CLIENT_SECRET, app + "/anmeldung/oidc")
    env = {
        "WM_OIDC_ISSUER": provider.issuer,
        "WM_OIDC_CLIENT_ID": CLIENT_ID,
        "WM_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "WM_OIDC_ALLOWED_GROUPS": "wirkungsmonitor,analyse",
        "WM_PUBLIC_URL": app,
        "WM_SESSION_SECRET": "s" * 40,
        "WM_LOGIN_ATTEMPTS_PER_MINUTE": "1000",
    }
    if os.environ.get("PYTHONPATH"):  # authlib from outside the venv (until pyproject.toml pins it)
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    proc, url = start_instance(snap, env=env, port=port)
    assert url == app
    yield app, provider
    proc.kill()
    provider.close()


def start_login(app: str, provider: Provider, browser: requests.Session, page: str = "/methodik") -> str:
    """Up to the provider's redirect back to the app; returns that callback URL (code and state)."""
    r = browser.get(app + page, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].startswith("/anmeldung?next=")
    r = browser.get(app + r.headers["Location"], allow_redirects=False)
    assert r.status_code == 302
    auth = r.headers["Location"]
    q = {k: v[0] for k, v in parse_qs(urlsplit(auth).query).items()}
    assert auth.startswith(provider.issuer + "/auth?")
    assert q["code_challenge_method"] == "S256" and len(q["code_challenge"]) >= 43  # PKCE
    assert q["state"] and q["nonce"] and "openid" in q["scope"].split()
    assert q["redirect_uri"] == app + "/anmeldung/oidc"
    r = browser.get(auth, allow_redirects=False)
    assert r.status_code == 302
    return r.headers["Location"]


def refused(app: str, browser: requests.Session) -> bool:
    return browser.get(app + "/_dash-layout", allow_redirects=False).status_code == 401


@pytest.fixture
def provider_user(setup):
    _, provider = setup
    before = dict(provider.user)
    yield provider.user
    provider.user.clear()
    provider.user.update(before)
    provider.tamper = None


def test_login_with_an_allowed_group_and_logout(setup, provider_user) -> None:
    app, provider = setup
    browser = requests.Session()
    assert refused(app, browser)
    callback = start_login(app, provider, browser)
    r = browser.get(callback, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"] == "/methodik"  # back where the visitor wanted to go
    cookie = next(c for c in r.raw.headers.get_all("Set-Cookie") if c.startswith("wm_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    for path in ("/methodik", "/_dash-layout", "/_dash-dependencies", "/assets/10-wirkungsmonitor.css"):
        assert browser.get(app + path, allow_redirects=False).status_code == 200, path
    assert "Abmelden" in browser.get(app + "/_dash-layout").text
    # the token endpoint got the PKCE verifier and the client's secret (the provider checked both)
    assert [p for p, _ in provider.requests].count("/token") >= 1
    # the same callback again (a replayed code and state) logs nobody in
    replay = requests.Session()
    assert replay.get(callback, allow_redirects=False).status_code == 400 and refused(app, replay)
    r = browser.get(app + "/abmeldung", allow_redirects=False)
    end = urlsplit(r.headers["Location"])
    q = parse_qs(end.query)
    assert r.status_code == 302 and f"{end.scheme}://{end.netloc}{end.path}" == provider.issuer + "/logout"
    assert q["post_logout_redirect_uri"] == [app + "/abgemeldet"] and q["client_id"] == [CLIENT_ID]
    assert refused(app, browser)
    assert browser.get(app + "/abgemeldet").status_code == 200


def test_a_group_outside_the_allow_list_is_refused(setup, provider_user) -> None:
    app, provider = setup
    provider_user["groups"] = ["/buergerbuero", "/ordnungsamt"]
    browser = requests.Session()
    r = browser.get(start_login(app, provider, browser), allow_redirects=False)
    assert r.status_code == 403 and "Kein Zugriff" in r.text
    assert refused(app, browser)
    # a role in a nested claim counts only where the settings point: not here (`groups` is the claim)
    provider_user["groups"] = []
    provider_user["realm_access"] = {"roles": ["wirkungsmonitor"]}
    browser = requests.Session()
    assert browser.get(start_login(app, provider, browser), allow_redirects=False).status_code == 403
    assert refused(app, browser)


def test_a_wrong_state_is_refused(setup, provider_user) -> None:
    app, provider = setup
    browser = requests.Session()
    callback = start_login(app, provider, browser)
    parts = urlsplit(callback)
    q = {k: v[0] for k, v in parse_qs(parts.query).items()}
    forged = f"{app}/anmeldung/oidc?code={q['code']}&state=von-einem-angreifer"
    r = browser.get(forged, allow_redirects=False)
    assert r.status_code == 400 and "Anmeldung fehlgeschlagen" in r.text
    assert refused(app, browser)
    # a login started in another browser (login CSRF: the attacker's code in the victim's browser) fails too
    victim = requests.Session()
    assert victim.get(callback, allow_redirects=False).status_code == 400 and refused(app, victim)


@pytest.mark.parametrize("tamper", TAMPERING)
def test_a_spoiled_id_token_is_refused(setup, provider_user, tamper: str) -> None:
    app, provider = setup
    if tamper == "payload":
        provider_user["groups"] = ["/buergerbuero"]  # the forger rewrites this to the allowed group after signing
    browser = requests.Session()
    callback = start_login(app, provider, browser)
    provider.tamper = tamper
    r = browser.get(callback, allow_redirects=False)
    assert r.status_code == 400 and "Anmeldung fehlgeschlagen" in r.text, (tamper, r.status_code)
    assert refused(app, browser)


def test_oidc_settings_refuse_to_start_incomplete() -> None:
    base = {
        "WM_OIDC_ISSUER": "https://login.example.de/realms/stadt",
        "WM_OIDC_CLIENT_ID": "wm",
        "WM_OIDC_ALLOWED_GROUPS": "analyse",
        "WM_PUBLIC_URL": "https://wirkung.example.de",
        "WM_SESSION_SECRET": "s" * 40,
    }
    assert Settings.load(env=base).login_configured
    for key in ("WM_SESSION_SECRET", "WM_OIDC_CLIENT_ID", "WM_OIDC_ALLOWED_GROUPS", "WM_PUBLIC_URL"):
        with pytest.raises(SettingsError, match=key):
            Settings.load(env={k: v for k, v in base.items() if k != key})
    with pytest.raises(SettingsError, match="https"):
        Settings.load(env=base | {"WM_OIDC_ISSUER": "http://login.example.de/realms/stadt"})
    with pytest.raises(SettingsError, match="WM_SESSION_SECRET"):
        Settings.load(env=base | {"WM_SESSION_SECRET": "kurz"})
    with pytest.raises(SettingsError, match="nur eine"):
        Settings.load(env=base | {"WM_BASIC_AUTH_USERS": "a:pbkdf2:sha256$x$y"})
    assert "s" * 40 not in repr(Settings.load(env=base | {"WM_OIDC_CLIENT_SECRET": "geheim"}))
    assert "geheim" not in repr(Settings.load(env=base | {"WM_OIDC_CLIENT_SECRET": "geheim"}))
