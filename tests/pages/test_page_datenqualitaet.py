"""Datenqualität: coverage, gaps, loads and rejected rows (unit, on hand-made and demo warehouses) and the page in Chromium."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from app_support import demo_snapshot, open_page, public_snapshot, serve

from indicators import quality
from indicators.store import Snapshot

pytestmark = pytest.mark.browser

START = date(2025, 3, 1)


def test_page_shows_heatmap_loads_and_rejected_rows(browser) -> None:
    db = demo_snapshot()
    snap = Snapshot(db)
    base = serve(db)
    page, errors = open_page(browser, base + "/datenqualitaet", "#dq-abdeckung .main-svg")
    assert page.locator("#dq-abdeckung .heatmaplayer image").count() == 1
    assert "Datenqualität" in page.inner_text("h1")
    loads = page.inner_text("#dq-ladungen")
    for (kind,) in snap.rows("select distinct kind from load_log"):
        assert kind in loads
    rejected = page.inner_text("#dq-abgewiesen")
    expected = snap.rows("select count(*) from rejected_row")[0][0]
    assert page.locator("#dq-abgewiesen tbody tr").count() == min(expected, quality.LATEST_REJECTED)
    # rows the demo plants as faulty, with file, line and reason (and, internally, the original line)
    assert "Ladesaeulenregister_2024-04.csv" in rejected and "Anzahl Ladepunkte keine Zahl: 'zwei'" in rejected
    assert "Originalzeile" in rejected
    assert "Daten veraltet seit" in page.inner_text("#dq-veraltet")
    assert "climavi" in page.inner_text("#dq-ohne-ort")
    # the station kind is a URL parameter: choosing one reloads the view with it
    page.select_option("#dq-art", "tree_sensor")
    page.wait_for_function("() => location.search.includes('art=tree_sensor')")
    page.wait_for_selector("#dq-abdeckung h3:has-text('Baumsensoren')")
    assert parse_qs(urlparse(page.url).query)["art"] == ["tree_sensor"]
    page.wait_for_load_state("networkidle")
    assert errors == []
    page.close()


def test_public_snapshot_has_no_rejected_rows() -> None:
    # the page is internal only; its functions still work on a public snapshot (no rejected_row table there)
    snap = Snapshot(public_snapshot())
    assert not quality.has_rejected_rows(snap)
    assert quality.rejected_latest(snap, with_raw=True).is_empty() and quality.rejected_reasons(snap).is_empty()
    assert quality.load_summary(snap)["rows_rejected"].sum() > 0
