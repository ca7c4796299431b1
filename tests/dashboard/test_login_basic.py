"""Basic-auth login of the internal instance (issue #15, point 9), against a real app server: the same time for a known
and an unknown user, the password hash checked once per session (signed cookie), cookie flags, 429 after failed
logins. Each test speaks as its own client (`X-Forwarded-For`, trusted with `WM_PROXY_HOPS=1`)."""

from __future__ import annotations

import base64
import itertools
import statistics
import time
import urllib.error
import urllib.request
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from app_support import start_instance
from werkzeug.security import check_password_hash, generate_password_hash

from etl.load import load_files
from publish import publish

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parents[1] / "data"
PASSWORD = "geheim-123"
# a hash as costly as a real one (≈ 0.2 s here), so that checking it or not shows in the time of a request
HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:600000")
LIMIT = 3
_clients = itertools.count(1)


def new_client() -> str:
    return f"10.0.{next(_clients)}.1"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("login")
    load_files([ROOT / "data" / "massnahmenkatalog.xlsx", DATA / "ecocounter"], db=tmp / "build.duckdb")
    snap = publish(tmp / "build.duckdb", tmp / "snap.duckdb")
    env = {
        "WM_BASIC_AUTH_USERS": f"analyst:{HASH}",
        "WM_SESSION_SECRET": "x" * 40,
        "WM_SESSION_HOURS": "8",
        "WM_LOGIN_ATTEMPTS_PER_MINUTE": str(LIMIT),
        "WM_PROXY_HOPS": "1",
    }
    proc, url = start_instance(snap, env=env)
    yield url
    proc.kill()


def get(url: str, client: str, *, auth: tuple[str, str] | None = None, cookie: str | None = None, headers=None):
    req = urllib.request.Request(url, headers={"X-Forwarded-For": client, **(headers or {})})
    if auth:
        req.add_header("Authorization", "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode())
    if cookie:
        req.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def session_cookie(headers) -> str:
    cookies = [c for c in headers.get_all("Set-Cookie") or [] if c.startswith("wm_session=")]
    assert len(cookies) == 1, headers.get_all("Set-Cookie")
    return cookies[0]


def test_unknown_user_takes_as_long_as_a_wrong_password(app_url: str) -> None:
    """Before: a wrong password 0.2–0.4 s, an unknown user 1.5 ms, so user names could be probed."""
    css = app_url + "/assets/10-wirkungsmonitor.css"
    known: list[float] = []
    unknown: list[float] = []
    for i in range(12):
        # interleaved, in turn first, so a busy moment of the machine falls on both sides alike
        pairs = [(known, "analyst"), (unknown, f"niemand{i}")]
        for times, name in pairs if i % 2 else reversed(pairs):
            start = time.perf_counter()
            status, _, _ = get(css, new_client(), auth=(name, "falsch"))
            times.append(time.perf_counter() - start)
            assert status == 401
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.5 < ratio < 2, (statistics.median(known), statistics.median(unknown))


def test_the_password_hash_is_checked_once_per_session(app_url: str) -> None:
    """Before: every request (static files too) checked the hash; loading `/` took 9.1 s with login, 2.8 s without."""
    client = new_client()
    status, headers, _ = get(app_url + "/", client, auth=("analyst", PASSWORD))
    assert status == 200
    cookie = session_cookie(headers).split(";")[0]
    # the cookie alone is the login: no password sent, so none can have been checked
    paths = ["/", "/_dash-layout", "/_dash-dependencies", "/assets/10-wirkungsmonitor.css", "/methodik"]
    for path in paths:
        assert get(app_url + path, client, cookie=cookie)[0] == 200, path
    # a browser keeps sending the Basic credentials: with a valid session they are not checked again
    one_hash = min(_time_hash() for _ in range(3))
    start = time.perf_counter()
    for path in paths * 2:
        status, headers, _ = get(app_url + path, client, auth=("analyst", PASSWORD), cookie=cookie)
        assert status == 200 and not headers.get_all("Set-Cookie"), path  # no new session: the old one holds
    assert time.perf_counter() - start < len(paths) * 2 * one_hash / 2
    # a cookie this server did not sign is no login
    forged = cookie[:-3] + ("AAA" if not cookie.endswith("AAA") else "BBB")
    assert get(app_url + "/_dash-layout", client, cookie=forged)[0] == 401


def _time_hash() -> float:
    start = time.perf_counter()
    check_password_hash(HASH, "falsch")
    return time.perf_counter() - start


def test_session_cookie_flags(app_url: str) -> None:
    status, headers, _ = get(app_url + "/_dash-layout", new_client(), auth=("analyst", PASSWORD))
    assert status == 200
    cookie = session_cookie(headers)
    attrs = {a.strip().split("=")[0].lower(): a.strip().partition("=")[2] for a in cookie.split(";")[1:]}
    assert "httponly" in attrs and attrs["samesite"] == "Lax" and attrs["path"] == "/"
    assert "secure" not in attrs  # plain http on 127.0.0.1: a Secure cookie would never come back
    hours = (parsedate_to_datetime(attrs["expires"]).timestamp() - time.time()) / 3600
    assert 7.9 < hours <= 8.01
    # behind a TLS proxy (WM_PROXY_HOPS=1 trusts its X-Forwarded-Proto) the cookie is Secure
    _, headers, _ = get(
        app_url + "/_dash-layout", new_client(), auth=("analyst", PASSWORD), headers={"X-Forwarded-Proto": "https"}
    )
    assert "secure" in session_cookie(headers).lower().replace(" ", "").split(";")


def test_failed_logins_are_limited_per_client(app_url: str) -> None:
    client = new_client()
    for _ in range(LIMIT):
        assert get(app_url + "/_dash-layout", client, auth=("analyst", "falsch"))[0] == 401
    status, headers, body = get(app_url + "/_dash-layout", client, auth=("analyst", "falsch"))
    assert status == 429 and "Zu viele fehlgeschlagene Anmeldungen" in body.decode()
    assert 0 < int(headers["Retry-After"]) <= 60
    # blocked is blocked: the right password does not help within the minute, and costs no hash
    assert get(app_url + "/_dash-layout", client, auth=("analyst", PASSWORD))[0] == 429
    # other clients are not affected
    assert get(app_url + "/_dash-layout", new_client(), auth=("analyst", PASSWORD))[0] == 200
