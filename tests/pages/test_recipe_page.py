"""Rezept 3 of docs/where-things-go.md, followed once: a page is one folder. The fixture `tests/recipes/page/beispiel/`
is copied into `pages/` of a copy of the project (the real tree stays as it is, for other test processes), and an
app built there must serve it with everything the folder declares — and nothing of it on an app that does not serve
the page. The check runs in a subprocess: Dash's page registry is process-wide."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "recipes" / "page" / "beispiel"
CODE = ("app.py", "dashboard", "pages", "indicators", "etl", "publish")

PROBE = r"""
import json, sys
import dash
from dashboard.factory import create_app
from dashboard.settings import Settings

out = {}
for public in (False, True):
    app = create_app(Settings(db=sys.argv[2 if public else 1], public=public))  # the public one on a public snapshot
    c = app.server.test_client()
    page = dash.page_registry.get("pages.beispiel.page")
    with app.server.test_request_context("/beispiel"):
        body = str(page["layout"]()) if page else ""
        shell = str(app.layout())
    out["public" if public else "internal"] = {
        "path": page and page["path"],
        "page": c.get("/beispiel").status_code,
        "layout_has_table": "Maßnahmen je Handlungsfeld" in body and "Handlungsfeld" in body,
        "nav": "/beispiel" in shell,
        "csv": c.get("/daten/beispiel.csv").get_data(as_text=True),
        "asset": c.get("/seiten-assets/beispiel/beispiel.css").status_code,
        "asset_linked": "/seiten-assets/beispiel/beispiel.css" in c.get("/").get_data(as_text=True),
        "route": c.get("/beispiel/ping").get_data(as_text=True),
    }
print(json.dumps(out))
"""


def _project_with_fixture(tmp: Path, *, page_public: bool) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "build", "snapshots", "cache", "*.duckdb*")
    for name in CODE:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp / name, ignore=ignore)
        else:
            shutil.copy2(src, tmp / name)
    (tmp / "data").mkdir()
    for f in (ROOT / "data").glob("*.toml"):  # embeds and decks: what the settings read from data/
        shutil.copy2(f, tmp / "data" / f.name)
    shutil.copytree(FIXTURE, tmp / "pages" / "beispiel", ignore=ignore)
    if not page_public:
        page = tmp / "pages" / "beispiel" / "page.py"
        page.write_text(page.read_text().replace("public=True", "public=False"))
    return tmp


def _probe(project: Path, snap: Snapshot) -> dict:
    from publish import publish

    # the public instance starts only on a snapshot of `publish --public`: one from the same build as `small_snap`
    public = publish(snap.path.with_name("build.duckdb"), project / "data" / "public.duckdb", public=True)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(snap.path), str(public)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_page_folder_alone_adds_page_nav_download_asset_and_route(tmp_path: Path, small_snap: Snapshot) -> None:
    got = _probe(_project_with_fixture(tmp_path, page_public=True), small_snap)
    for instance in ("internal", "public"):
        g = got[instance]
        assert g["path"] == "/beispiel"
        assert g["page"] == 200
        assert g["layout_has_table"]
        assert g["nav"], "the navigation is built from the registry: the new page is in it"
        assert g["csv"].lstrip("\ufeff").startswith("Handlungsfeld;Maßnahmen"), g["csv"][:200]
        assert len(g["csv"].strip().splitlines()) == 7, "the six Handlungsfelder of the catalogue"
        assert g["asset"] == 200 and g["asset_linked"]
    assert got["internal"]["route"] == "pong"
    assert "pong" not in got["public"]["route"], "the public instance opens only pages, downloads and embeds"


def test_an_internal_page_folder_stays_off_the_public_instance(tmp_path: Path, small_snap: Snapshot) -> None:
    got = _probe(_project_with_fixture(tmp_path, page_public=False), small_snap)
    assert got["internal"]["page"] == 200 and got["internal"]["route"] == "pong"
    pub = got["public"]
    assert pub["page"] == 404
    assert not pub["nav"]
    assert not pub["asset_linked"] and pub["asset"] == 404
    assert "pong" not in pub["route"]
