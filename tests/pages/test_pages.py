"""Pages in real headless Chromium on a small warehouse: each renders its content and the console stays clean."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from dashboard.factory import create_app
from dashboard.settings import Settings
from etl.load import load_files
from publish import publish

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parents[1] / "data"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("pages")
    build, snap = tmp / "build.duckdb", tmp / "snap.duckdb"
    files = [
        ROOT / "data" / "massnahmenkatalog.xlsx",
        DATA / "ecocounter",
        DATA / "dwd",
        DATA / "sensor_community",
        DATA / "open311",
        DATA / "freifunk",
        DATA / "bnetza",
        DATA / "surveys",
    ]
    load_files(files, db=build)
    publish(build, snap)
    app = create_app(Settings.load(env={}, db=snap))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from browser import browser as launch
    from browser import chromium_path

    if chromium_path() is None:
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    with launch() as b:
        yield b


def open_page(browser, url: str, wait_for: str):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(wait_for, timeout=20000)
    page.wait_for_load_state("networkidle")
    return page, errors


PAGES = [
    (
        "/",
        "text=Kommunikation & Bildung",
        ["Mobilität", "Wohnen & Leben", "Sauberkeit", "Wirtschaft", "Klima & Umwelt", "Dreck ist in Offenbach in 48 Stunden"],
    ),
    ("/handlungsfeld/mobilitaet", ".chart-card .main-svg", ["Radverkehrszählstellen", "Zielbild" if False else "Alle Menschen"]),
    ("/indikatoren/rad_dtv", ".chart-card .main-svg", ["IOOI", "Basiswert", "Zielwert", "Fortschritt"]),
]


@pytest.mark.parametrize(("path", "selector", "texts"), PAGES)
def test_page_renders_without_console_errors(browser, base_url: str, path: str, selector: str, texts: list[str]) -> None:
    page, errors = open_page(browser, base_url + path, selector)
    body = page.inner_text("body")
    for t in texts:
        assert t in body, (path, t)
    assert errors == []
    page.close()


def test_download_returns_the_shown_data(browser, base_url: str) -> None:
    page, _ = open_page(browser, base_url + "/indikatoren/rad_dtv", ".chart-card .main-svg")
    page.click("#indikator-rad_dtv-tab-tabelle")  # the card's table tab
    shown = [[c.inner_text() for c in r.query_selector_all("td")] for r in page.query_selector_all(".data-table tbody tr")]
    with page.expect_download() as dl:
        page.click("a:has-text('CSV')")
    text = Path(dl.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Zeitraum ab"
    assert len(rows) - 1 == len(shown)
    # same values: the table shows German formats, the CSV decimal commas
    assert [r[0] for r in rows[1:]] == [s[0] for s in shown]
    assert [float(r[1].replace(",", ".")) for r in rows[1:3]] == pytest.approx(
        [float(s[1].replace(".", "").replace(",", ".").replace("−", "-")) for s in shown[:2]], abs=0.5
    )
    page.close()


def test_language_switch_by_keyboard_keeps_the_page(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/handlungsfeld/sauberkeit", ".chart-card .main-svg")
    assert "Handlungsfeld Sauberkeit" in page.inner_text("h1")
    page.focus("a:has-text('English')")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Field of action Cleanliness", timeout=20000)
    assert page.url.endswith("/handlungsfeld/sauberkeit")
    assert page.get_attribute("html > body div[lang]", "lang") == "en"
    assert "Dirt in Offenbach is reliably removed" in page.inner_text("body")
    page.click("a:has-text('Deutsch')")
    page.wait_for_selector("text=Handlungsfeld Sauberkeit")
    assert errors == []
    page.close()
