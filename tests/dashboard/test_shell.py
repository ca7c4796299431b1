"""The frame around pages: embeds get no navigation (Dash asks for the shell at /_dash-layout, named by the Referer),
and the language switch is reachable on the public instance too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.loadtest import page_content_body
from dashboard.factory import create_app
from dashboard.settings import Settings
from etl.loader import load_file
from etl.warehouse import connect
from publish import publish

ROOT = Path(__file__).resolve().parents[2]


def small_snapshot(tmp: Path, *, public: bool = False) -> Path:
    con = connect(tmp / "build.duckdb")
    load_file(con, ROOT / "data" / "massnahmenkatalog.xlsx")
    con.close()
    return publish(tmp / "build.duckdb", tmp / ("public.duckdb" if public else "snap.duckdb"), public=public)


def test_embed_shell_has_no_navigation(tmp_path: Path) -> None:
    app = create_app(Settings.load(env={}, db=small_snapshot(tmp_path)))
    c = app.server.test_client()
    embed = c.get("/_dash-layout", headers={"Referer": "http://127.0.0.1:8050/embed/rad_dtv"}).get_data(as_text=True)
    page = c.get("/_dash-layout", headers={"Referer": "http://127.0.0.1:8050/handlungsfeld/mobilitaet"}).get_data(as_text=True)
    assert "Navbar" in page and "Barrierefreiheit" in page
    assert "Navbar" not in embed and "Barrierefreiheit" not in embed and "_pages_content" in embed


def test_language_switch_on_the_public_instance(tmp_path: Path) -> None:
    # a fresh process: the public instance as gunicorn starts it (tests/test_indicator_card.py has both apps in one)
    code = (
        "import sys; from dashboard.factory import create_app; from dashboard.settings import Settings\n"
        "app = create_app(Settings.load(env={}, db=sys.argv[1], public=True)); c = app.server.test_client()\n"
        "r = c.get('/sprache?lang=en', headers={'Referer': 'http://localhost/massnahmen'})\n"
        "print(r.status_code, r.headers.get('Location'), r.headers.get('Set-Cookie', '').split(';')[0])\n"
        "print(c.get('/datenqualitaet').status_code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(small_snapshot(tmp_path, public=True))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split("\n")
    assert out[0] == "302 /massnahmen wm_lang=en"
    assert out[1] == "404"  # internal pages stay closed


def test_browser_tab_titles_follow_the_language(tmp_path: Path) -> None:

    app = create_app(Settings.load(env={}, db=small_snapshot(tmp_path)))
    c = app.server.test_client()

    def title(lang: str) -> str:
        body = page_content_body("/massnahmen", f"?lang={lang}")
        r = c.post(
            "/_dash-update-component",
            data=body,
            headers={"Content-Type": "application/json", "Referer": f"http://localhost/massnahmen?lang={lang}"},
        )
        return r.get_json()["response"]["_pages_store"]["data"]["title"]  # Dash sets document.title from it

    assert title("de") == "Maßnahmen – Wirkungsmonitor Offenbach"
    assert title("en") == "Measures – Offenbach Impact Monitor"


def test_script_paths_are_registered_before_the_first_request(tmp_path: Path) -> None:
    # under gunicorn's threads a script request could arrive while Dash was still setting up on the first request:
    # its validator then refused react and the renderer with a 500 and the page stayed blank
    app = create_app(Settings.load(env={}, db=small_snapshot(tmp_path)))
    paths = {p for ps in app.registered_paths.values() for p in ps}
    assert any(p.startswith("deps/react@") for p in paths) and any("dash_renderer" in p for p in paths)
    html = app.server.test_client().get("/").get_data(as_text=True)
    import re

    for src in re.findall(r'<script src="(/_dash-component-suites/[^"]+)"', html):
        assert app.server.test_client().get(src).status_code == 200, src
