"""indicators/quality.py: coverage shares, gaps and heatmap periods on a small hand-made snapshot, and on the demo
snapshot (moved from the Datenqualität page tests)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest

from etl.warehouse import connect
from indicators import quality
from indicators.store import Snapshot

START = date(2025, 3, 1)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """Two hourly stations over 10 days: A misses 05.03. entirely and half of 08.03.; B stops after 07.03."""
    path = tmp_path_factory.mktemp("dq") / "w.duckdb"
    con = connect(path)
    con.execute("insert into station values ('A', 'bike_counter', 'Zählstelle A', 50.1, 8.7, 'test', false, 1),"
                " ('B', 'bike_counter', 'Zählstelle B', null, null, 'test', false, 1)")
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
        ("B", date(2025, 3, 8), 3, True), ("A", date(2025, 3, 5), 1, False)]
    week = quality.coverage(days, "week")
    assert week["share"].is_between(0, 1).all() and week["days_missing"].sum() == 4
    assert quality.stations_without_coordinates(small)["station_id"].to_list() == ["B"]


def test_period_keeps_heatmap_small() -> None:
    assert quality.choose_period(4, 365) == "day"
    assert quality.choose_period(30, 1095) == "week"
    assert quality.choose_period(200, 3650) == "month"
    with pytest.raises(ValueError, match="unbekannter Zeitraum"):
        quality.coverage(pl.DataFrame(), "year")


def test_quality_on_demo_snapshot(snap: Snapshot) -> None:
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
