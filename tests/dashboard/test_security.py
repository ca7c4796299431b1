"""Security of both instances: headers on every route, login, public allow-list, callback checks, embeds in iframes."""

from __future__ import annotations

import base64
import http.server
import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from app_support import free_port, launch_browser, open_page
from app_support import start_instance as start
from werkzeug.security import generate_password_hash

from dashboard.security import check_bind
from dashboard.settings import Settings
from etl.load import load_files
from publish import publish

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parents[1] / "data"
HEADERS = ("Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy")
INTERNAL_ONLY = ("/datenqualitaet", "/vorher-nachher", "/praesentation")


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("sec")
    build = tmp / "build.duckdb"
    load_files([ROOT / "data" / "massnahmenkatalog.xlsx", DATA / "ecocounter", DATA / "surveys"], db=build)
    return publish(build, tmp / "snap.duckdb"), publish(build, tmp / "public.duckdb", public=True)


def get(url: str, *, auth: tuple[str, str] | None = None, data: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    if auth:
        req.add_header("Authorization", "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode())
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def routes(base: str) -> list[str]:
    """Every kind of route: pages, assets, component suites, Dash endpoints, downloads, embeds."""
    status, _, body = get(base + "/")
    page_paths = [
        "/",
        "/handlungsfeld/mobilitaet",
        "/indikatoren/rad_dtv",
        "/massnahmen",
        "/methodik",
        "/glossar",
        "/karte",
        "/umfragen",
        "/barrierefreiheit",
        "/bericht",
        "/embed/rad_dtv",
        *INTERNAL_ONLY,
    ]
    scripts = [s.split('"')[0] for s in body.decode().split('src="')[1:4]]
    return (
        page_paths
        + scripts
        + [
            "/_dash-layout",
            "/_dash-dependencies",
            "/daten/indikator.csv?id=rad_dtv",
            "/assets/10-wirkungsmonitor.css",
            "/gibtsnicht",
        ]
    )


@pytest.fixture(scope="module")
def internal(snapshots):
    proc, url = start(snapshots[0])
    yield url
    proc.kill()


@pytest.fixture(scope="module")
def public(snapshots):
    proc, url = start(snapshots[1], public=True)
    yield url
    proc.kill()


def test_headers_on_every_route_of_both_instances(internal: str, public: str) -> None:
    for base in (internal, public):
        for path in routes(base):
            status, headers, _ = get(base + path)
            for h in HEADERS:
                assert h in headers, (base, path, status, h)
            csp = headers["Content-Security-Policy"]
            assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
            if path.startswith("/embed/"):
                assert "frame-ancestors 'self'" in csp
            else:
                assert "frame-ancestors 'none'" in csp and headers.get("X-Frame-Options") == "DENY"


def test_public_instance_serves_only_public_pages(public: str, snapshots) -> None:
    for path in INTERNAL_ONLY:
        assert get(public + path)[0] == 404, path
    for path in ("/", "/handlungsfeld/sauberkeit", "/barrierefreiheit", "/embed/rad_dtv"):
        assert get(public + path)[0] == 200, path
    # the page registry sent to browsers knows no internal page, so client-side routing cannot reach one either
    status, _, layout = get(public + "/_dash-layout")
    assert status == 200 and b"Datenqualit" not in layout and b"Vorher-nachher" not in layout
    import duckdb

    con = duckdb.connect(str(snapshots[1]), read_only=True)
    assert con.execute("select count(*) from indicator where not is_public").fetchone()[0] == 0
    names = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert "survey_response" not in names and "rejected_row" not in names


def test_non_public_embed_is_404(internal: str, public: str, snapshots) -> None:
    import duckdb

    con = duckdb.connect(str(snapshots[0]), read_only=True)
    hidden = con.execute("select indicator_id from indicator where not is_public limit 1").fetchone()[0]
    for base in (internal, public):
        assert get(f"{base}/embed/{hidden}")[0] == 404
        assert get(f"{base}/embed/radverkehr-berliner-strasse")[0] == 200  # from data/embeds.toml


def test_callbacks_refuse_foreign_origin_and_unknown_outputs(internal: str) -> None:
    body = json.dumps({"output": "gibt.es.nicht", "outputs": {"id": "gibt", "property": "nicht"}, "inputs": []}).encode()
    h = {"Content-Type": "application/json"}
    assert get(internal + "/_dash-update-component", data=body, headers=h)[0] == 400
    _, _, deps = get(internal + "/_dash-dependencies")
    known = json.loads(deps)[0]["output"]
    body = json.dumps({"output": known, "inputs": []}).encode()
    assert get(internal + "/_dash-update-component", data=body, headers=h | {"Origin": "https://evil.example"})[0] == 403


def test_login_cannot_be_bypassed(snapshots) -> None:
    users = f"analyst:{generate_password_hash('geheim-123')}"
    proc, url = start(snapshots[0], env={"WM_BASIC_AUTH_USERS": users})
    try:
        _, _, deps = get(url + "/_dash-dependencies", auth=("analyst", "geheim-123"))
        known = json.loads(deps)[0]["output"]
        callback = json.dumps({"output": known, "inputs": []}).encode()
        for path in [
            "/",
            "/datenqualitaet",
            "/daten/indikator.csv?id=rad_dtv",
            "/_dash-layout",
            "/assets/10-wirkungsmonitor.css",
        ]:
            assert get(url + path)[0] == 401, path
            assert get(url + path, auth=("analyst", "falsch"))[0] == 401, path
        assert get(url + "/_dash-update-component", data=callback, headers={"Content-Type": "application/json"})[0] == 401
        status, headers, body = get(url + "/", auth=("analyst", "geheim-123"))
        assert status == 200 and b"ohne Anmeldung" not in body
    finally:
        proc.kill()


def test_internal_instance_without_login_binds_loopback_only() -> None:
    with pytest.raises(PermissionError, match="127.0.0.1"):
        check_bind(Settings.load(env={}, host="0.0.0.0"))
    check_bind(Settings.load(env={}, host="127.0.0.1"))
    check_bind(Settings.load(env={"WM_BASIC_AUTH_USERS": "a:pbkdf2:sha256$x$y"}, host="0.0.0.0"))
    check_bind(Settings.load(env={}, host="0.0.0.0", public=True))
    p = subprocess.run(
        [sys.executable, "app.py", "--host", "0.0.0.0", "--port", str(free_port())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 2 and "127.0.0.1" in p.stderr


def test_unknown_setting_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match="WM_TILEURL"):
        Settings.load(env={"WM_TILEURL": "x"})


@pytest.mark.browser
def test_embed_renders_in_an_iframe_of_an_allowed_origin_only(snapshots) -> None:
    parent_port = free_port()
    allowed = f"http://127.0.0.1:{parent_port}"
    proc, url = start(snapshots[1], public=True, env={"WM_FRAME_ANCESTORS": allowed})
    html = (
        f'<html lang="de"><body><iframe title="Grafik" src="{url}/embed/rad_dtv" width="400" height="600"></iframe></body></html>'
    )

    class Parent(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html.encode())

        def log_message(self, *a) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", parent_port), Parent)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with launch_browser() as b:
            page, errors = open_page(b, allowed + "/", "iframe", width=420, height=700)
            frame = page.frames[1]
            frame.wait_for_selector(".main-svg", timeout=30000)
            assert "Radverkehr" in frame.inner_text("body")
            assert errors == []
            page.close()
            # localhost is another origin than 127.0.0.1: not in the allow-list, so the browser refuses to frame it
            page, errors = open_page(b, f"http://localhost:{parent_port}/", "iframe")
            page.wait_for_timeout(1500)
            assert page.frames[1].query_selector(".main-svg") is None
            page.close()
    finally:
        httpd.shutdown()
        proc.kill()
