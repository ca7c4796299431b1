"""Datenqualität: coverage, gaps, loads and rejected rows (unit, on hand-made and demo warehouses) and the page in Chromium."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import polars as pl
import pytest
from app_support import demo_snapshot, open_page, public_snapshot, serve

from etl.warehouse import connect
from indicators import quality
from indicators.store import Snapshot

pytestmark = pytest.mark.browser

START = date(2025, 3, 1)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """Two hourly stations over 10 days: A misses 05.03. entirely and half of 08.03.; B stops after 07.03."""
    path = tmp_path_factory.mktemp("dq") / "w.duckdb"
    con = connect(path)
    con.execute(
        "insert into station values ('A', 'bike_counter', 'Zählstelle A', 50.1, 8.7, 'test', false, 1),"
        " ('B', 'bike_counter', 'Zählstelle B', null, null, 'test', false, 1)"
    )
    rows = []
    for d in range(10):
        day = START + timedelta(days=d)
        for h in range(24):
            ts = datetime(day.year, day.month, day.day, h)
            if not (day == date(2025, 3, 5) or (day == date(2025, 3, 8) and h >= 12)):
                rows.append(("A", ts, "bicycles", 1.0, 1))
            if day <= date(2025, 3, 7):
                rows.append(("B", ts, "bicycles", 1.0, 1))
    con.executemany("insert into observation values (?, ?, ?, ?, ?)", rows)
    con.close()
    return Snapshot(path)


def test_coverage_share_between_0_and_1_and_a_removed_day_is_a_gap(small: Snapshot) -> None:
    days = quality.station_days(small, "bike_counter", START, START + timedelta(days=9))
    assert days["share"].is_between(0, 1).all()
    a = {r["day"]: r["share"] for r in days.filter(days["station_id"] == "A").iter_rows(named=True)}
    assert a[date(2025, 3, 5)] == 0 and a[date(2025, 3, 8)] == pytest.approx(0.5) and a[date(2025, 3, 1)] == 1
    gaps = quality.gaps(days, last_day=START + timedelta(days=9)).to_dicts()
    # longest first: B's outage (08.–10.03., still going on), then A's single missing day
    assert [(g["station_id"], g["first_day"], g["days"], g["ongoing"]) for g in gaps] == [
        ("B", date(2025, 3, 8), 3, True),
        ("A", date(2025, 3, 5), 1, False),
    ]
    week = quality.coverage(days, "week")
    assert week["share"].is_between(0, 1).all() and week["days_missing"].sum() == 4
    assert quality.stations_without_coordinates(small)["station_id"].to_list() == ["B"]


def test_a_station_without_any_reading_in_the_range_shows_0_percent(small: Snapshot, tmp_path) -> None:  # noqa: ANN001
    """B stops after 07.03.: in 08.–10.03. it has no reading at all. Its coverage there is 0 %, not 100 % (DuckDB's
    least(1.0, 0 / NULL) skips the NULL: the page showed a silent station as complete beside its gap of 3 days) — on
    the raw readings (a snapshot without quality_station_day) and on what `etl publish` keeps per station and day."""
    from publish.snapshot import publish

    start, end = date(2025, 3, 8), START + timedelta(days=9)
    days = quality.station_days(small, "bike_counter", start, end)
    assert days.filter(pl.col("station_id") == "B")["share"].to_list() == [0.0, 0.0, 0.0]
    build = tmp_path / "w.duckdb"
    shutil.copyfile(small.path, build)  # the fixture's snapshot holds the file open
    published = Snapshot(publish(build, tmp_path / "snap.duckdb"))
    assert published.has_table(quality.STATION_DAY_TABLE)
    for snap in (small, published):
        cov, gaps, _period = quality.coverage_and_gaps(snap, "bike_counter", start, end, last_day=end)
        b = cov.filter(pl.col("station_id") == "B")
        assert b["share"].to_list() == [0.0, 0.0, 0.0] and b["days_missing"].sum() == 3  # one cell per day
        assert cov.filter(pl.col("station_id") == "A")["share"].to_list() == [0.5, 1.0, 1.0]
        assert ("B", 3) in [(g["station_id"], g["days"]) for g in gaps.to_dicts()]


def test_period_keeps_heatmap_small() -> None:
    assert quality.choose_period(4, 365) == "day"
    assert quality.choose_period(30, 1095) == "week"
    assert quality.choose_period(200, 3650) == "month"
    with pytest.raises(ValueError, match="unbekannter Zeitraum"):
        quality.coverage(pl.DataFrame(), "year")


def test_quality_on_demo_snapshot() -> None:
    snap = Snapshot(demo_snapshot())
    for k in quality.station_kinds(snap):
        days = quality.station_days(snap, k.kind, k.last_day - timedelta(days=364), k.last_day)
        period = quality.choose_period(days["station_id"].n_unique(), 365)
        cov = quality.coverage(days, period)
        assert cov["share"].is_between(0, 1).all(), k.kind
        assert cov.height <= quality.MAX_CELLS * 1.2, k.kind
    loads = quality.load_summary(snap)
    assert loads["rows_rejected"].sum() > 0
    reasons = quality.rejected_reasons(snap)
    assert reasons["n"].sum() == loads["rows_rejected"].sum()
    assert "raw" not in quality.rejected_latest(snap, with_raw=False).columns


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
    assert "Öffentliche Ladepunkte" in page.inner_text("#dq-basiswert")  # catalogue 170, series 115
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
