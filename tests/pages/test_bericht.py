"""The page /bericht (pages/bericht/): every year's report for download as HTML and PDF, on the internal and the public
instance; files built once per snapshot and then read from disk; hostile addresses reach neither disk nor Chromium."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from app_support import open_page, public_snapshot, serve
from test_accessibility import axe_violations

from indicators import registry
from indicators.store import Snapshot

pytestmark = pytest.mark.browser


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=300) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def test_page_lists_every_year_with_both_files(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/bericht", "#bericht-jahre")
    try:
        assert page.title() == "Wirkungsbericht – Wirkungsmonitor Offenbach"
        assert page.locator("h1").inner_text().startswith("Wirkungsbericht")
        assert page.locator("#bericht-jahre caption").inner_text() == "Wirkungsberichte je Jahr"
        years = page.locator("#bericht-jahre tbody th").all_inner_texts()
        assert years[0] == "2025" and "2016" in years and years == sorted(years, reverse=True)
        html_link = page.get_by_role("link", name="Wirkungsbericht 2025 als HTML")
        assert html_link.get_attribute("href") == "/bericht/wirkungsbericht-2025.html"
        assert page.get_by_role("link", name="Wirkungsbericht 2025 als PDF").get_attribute("href") == (
            "/bericht/wirkungsbericht-2025.pdf"
        )
        assert "Demodaten" in page.locator("h1").inner_text()
        assert errors == []
        # the link opens the report itself
        html_link.click()
        page.wait_for_selector("h1")
        assert page.title() == "Wirkungsbericht 2025 – Wirkungsmonitor Offenbach"
        assert page.evaluate("document.documentElement.lang") == "de"
        assert page.locator("img[alt]").count() >= 10
        assert axe_violations(page) == []  # the report itself: no serious or critical violation either
    finally:
        page.close()


def test_files_are_built_once_and_then_served_from_disk(base_url: str) -> None:
    started = time.monotonic()
    status, kind, first = fetch(base_url + "/bericht/wirkungsbericht-2024.pdf")
    built = time.monotonic() - started
    assert status == 200 and kind == "application/pdf" and first.startswith(b"%PDF")
    assert b"/StructTreeRoot" in first and b"/Lang (de)" in first and len(first) < 10_000_000
    started = time.monotonic()
    status, _kind, again = fetch(base_url + "/bericht/wirkungsbericht-2024.pdf")
    assert status == 200 and again == first
    assert time.monotonic() - started < min(1.0, built / 2)  # read from disk, not printed again


def test_english_page_links_the_english_report(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/bericht?lang=en", "#bericht-jahre")
    try:
        assert page.title() == "Impact report – Offenbach Impact Monitor"
        link = page.get_by_role("link", name="Impact report 2025 as HTML")
        assert link.get_attribute("href") == "/bericht/wirkungsbericht-2025-en.html"
        assert errors == []
    finally:
        page.close()
    status, _kind, body = fetch(base_url + "/bericht/wirkungsbericht-2025-en.html")
    assert status == 200 and b'<html lang="en">' in body and b"Impact report 2025" in body


@pytest.mark.parametrize(
    "path",
    [
        "/bericht/wirkungsbericht-1990.html",  # a year without data
        "/bericht/wirkungsbericht-2025.exe",
        "/bericht/wirkungsbericht-2025-fr.html",
        "/bericht/wirkungsbericht-..%2F..%2Fetc%2Fpasswd.html",
        "/bericht/wirkungsbericht-99999999999999999999999.pdf",
        "/bericht/wirkungsbericht-2025.html%00.pdf",
        "/bericht/wirkungsbericht--2025.html",
    ],
)
def test_hostile_addresses_are_refused(base_url: str, path: str) -> None:
    status, _kind, _body = fetch(base_url + path)
    assert status == 404


def test_public_instance_offers_the_public_report(browser, snap: Snapshot) -> None:
    url = serve(public_snapshot(), public=True)
    page, errors = open_page(browser, url + "/bericht", "#bericht-jahre")
    try:
        assert "Öffentliche Fassung" in page.locator("#inhalt").inner_text()
        href = page.get_by_role("link", name="Wirkungsbericht 2025 als HTML").get_attribute("href")
        assert errors == []
    finally:
        page.close()
    status, _kind, body = fetch(url + str(href))
    text = body.decode("utf-8")
    assert status == 200 and "Öffentliche Fassung" in text
    internal = [i.indicator_id for i in registry.all_indicators(snap) if not i.is_public]
    assert internal and not [i for i in internal if i in text]
    status, kind, pdf = fetch(url + "/bericht/wirkungsbericht-2025.pdf")
    assert status == 200 and kind == "application/pdf"
    # the public instance opens the report files, nothing else of the page's folder
    assert fetch(url + "/bericht/anderes.html")[0] == 404


def test_each_language_keeps_its_own_file(base_url: str, snap: Snapshot) -> None:
    from dashboard.settings import Settings
    from pages.bericht import files

    for suffix in ("", "-en"):
        assert fetch(f"{base_url}/bericht/wirkungsbericht-2023{suffix}.html")[0] == 200
    kept = sorted(p.name for p in files.folder(Settings.load(env={})).glob("wirkungsbericht-2023*.html"))
    version = snap.version
    assert kept == [f"wirkungsbericht-2023-{version}.html", f"wirkungsbericht-2023-en-{version}.html"]


@pytest.mark.parametrize("public", [False, True])
def test_reports_are_kept_outside_the_cache_folder(tmp_path, public: bool) -> None:  # noqa: ANN001
    """The file cache takes every entry of its folder for one of its files: a folder of reports inside it made
    `clear()` and the pruning to the size limit stop at that entry (the response cache then grew without bound)."""
    from cachelib import FileSystemCache

    from dashboard.cache import config_for
    from dashboard.settings import Settings
    from pages.bericht.files import folder

    settings = Settings.load({"WM_PUBLIC": "1"} if public else {})
    cache_dir = Path(config_for(settings)["CACHE_DIR"])
    reports = folder(settings)
    assert cache_dir not in reports.parents and reports != cache_dir
    # and what such a folder did: with a subfolder in its folder, the file cache cannot be cleared
    cache = FileSystemCache(str(tmp_path / "c"))
    cache.set("k", 1)
    (tmp_path / "c" / "berichte").mkdir()
    assert cache.clear() is False
