"""indicators/stations.py on the demo snapshot: station list and latest values, aggregation levels and zoom, the
pre-aggregated tables, directions and map layers (moved from the Karte page tests)."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from indicators import stations
from indicators.store import Snapshot

BIKE = "ecocounter:100069001"
PEDESTRIANS = "hystreet:kaiserstrasse"


def test_station_list_has_every_kind_with_latest_values(snap: Snapshot) -> None:
    df = stations.station_list(snap)
    kinds = set(df["kind"])
    assert {
        "bike_counter",
        "pedestrian_counter",
        "air_quality",
        "weather",
        "tree_sensor",
        "wifi_node",
        "charging_station",
    } <= kinds
    counters = df.filter(pl.col("kind").is_in(["bike_counter", "pedestrian_counter"]))
    assert counters["value"].null_count() == 0 and (counters["value"] > 0).all()
    # the demo tree sensors have no coordinates; every other demo station has
    assert df.filter(pl.col("kind") == "tree_sensor")["lat"].null_count() == df.filter(pl.col("kind") == "tree_sensor").height
    # weather: only stations with observations; charge points: only the latest register release
    assert df.filter(pl.col("kind") == "weather")["value"].null_count() == 0
    latest = snap.rows(
        "select count(*) from charging_station where release_date = (select max(release_date) from charging_station)"
    )
    assert df.filter(pl.col("kind") == "charging_station").height == latest[0][0]


def test_published_latest_values_equal_the_computed_ones(snap: Snapshot) -> None:
    """`etl publish` stores the map's latest values (`station_latest`); the map reads them instead of computing."""
    stored = snap.query("select * from station_latest").sort("station_id", "metric")
    computed = stations.latest_values(snap).sort("station_id", "metric")
    assert stored.height > 50
    assert_frame_equal(stored, computed, check_exact=False)


def test_published_station_list_equals_the_computed_one(snap: Snapshot) -> None:
    """`etl publish` stores the map's station list (`station_list`); the map reads it instead of four queries."""
    stored = stations._stored_station_list(snap)
    computed = stations.computed_station_list(snap)
    assert snap.has_table(stations.LIST_TABLE) and stored.height > 50
    assert_frame_equal(stored, computed, check_exact=False)


def test_latest_bike_value_is_the_last_complete_local_day(snap: Snapshot) -> None:
    row = stations.station_list(snap).filter(pl.col("station_id") == BIKE).row(0, named=True)
    expected = snap.rows(
        "select sum(value) from observation where station_id = ? and metric = 'bicycles'"
        " and cast((ts at time zone 'UTC') at time zone 'Europe/Berlin' as date) = ?",
        [BIKE, row["value_date"]],
    )[0][0]
    assert row["value"] == pytest.approx(expected)


@pytest.mark.parametrize("station_id", [BIKE, PEDESTRIANS, "dwd:07341", "freifunk:c400e330a186"])
def test_every_aggregation_level_stays_within_5000_points(snap: Snapshot, station_id: str) -> None:
    info = stations.station(snap, station_id)
    assert info is not None
    levels = stations.available_aggregations(info)
    assert levels
    for agg in levels:
        s = stations.station_series(snap, info, agg)
        assert not s.is_empty(), agg
        assert s.group_by("series").len()["len"].max() <= stations.MAX_POINTS, agg


def test_fine_levels_show_the_newest_periods_and_hourly_data_has_no_15_minutes(snap: Snapshot) -> None:
    bike = stations.station(snap, BIKE)
    assert bike is not None and "15min" in stations.available_aggregations(bike)
    s = stations.station_series(snap, bike, "15min").filter(pl.col("series") == "Gesamt")
    assert s.height == stations.MAX_POINTS and stations.is_window(bike, "15min")
    assert s["period_start"].max().date().isoformat() == "2025-12-31"
    ped = stations.station(snap, PEDESTRIANS)
    assert ped is not None and "15min" not in stations.available_aggregations(ped)


def test_default_aggregation_follows_the_data_range(snap: Snapshot) -> None:
    long = stations.station(snap, BIKE)  # ten years of 15-minute counts
    short = stations.station(snap, "sta:4")  # three months of hourly readings
    assert long is not None and short is not None
    assert stations.default_aggregation(long) == "woche"
    assert stations.default_aggregation(short) == "tag"
    assert stations.resolve_aggregation(short, "15min") == "tag"  # not offered: back to the default


@pytest.mark.parametrize(("days", "expected"), [(2, "15min"), (6 * 7, "stunde"), (365, "tag"), (10 * 365, "woche")])
def test_zoom_chooses_the_finest_level_for_the_window(snap: Snapshot, days: int, expected: str) -> None:
    bike = stations.station(snap, BIKE)  # 15-minute counts over ten years
    assert bike is not None
    end = datetime(2025, 12, 20)
    window = stations.clip_window(bike, end - timedelta(days=days), end)
    assert window is not None
    agg = stations.zoom_aggregation(bike, window)
    assert agg == expected
    assert stations.estimated_points(bike, agg, window) <= stations.ZOOM_POINTS
    s = stations.station_series(snap, bike, agg, window=window)
    per_trace = s.group_by("series").len()["len"]
    assert per_trace.max() <= stations.ZOOM_POINTS < stations.MAX_POINTS and s["series"].n_unique() == 3
    total = s.filter(pl.col("series") == "Gesamt")["period_start"]
    # only periods that overlap the window; the level's step apart
    assert total.min() >= window[0] - stations.AGGREGATIONS[agg].step and total.max() < window[1]
    finer = list(stations.AGGREGATIONS)[list(stations.AGGREGATIONS).index(agg) - 1] if agg != "15min" else None
    if finer:  # the next finer level would be too many points
        assert stations.estimated_points(bike, finer, window) > stations.ZOOM_POINTS


def test_zoom_respects_the_spacing_of_readings_and_the_data_range(snap: Snapshot) -> None:
    ped = stations.station(snap, PEDESTRIANS)  # hourly counts: no 15-minute level
    assert ped is not None
    assert stations.zoom_aggregation(ped, (datetime(2025, 6, 1), datetime(2025, 6, 3))) == "stunde"
    # a window around all readings, or one that misses them, is no window (the whole series)
    assert stations.clip_window(ped, datetime(2000, 1, 1), datetime(2030, 1, 1)) is None
    assert stations.clip_window(ped, datetime(2030, 1, 1), datetime(2031, 1, 1)) is None
    start, end = stations.clip_window(ped, datetime(2000, 1, 1), datetime(2023, 1, 1))  # type: ignore[misc]
    assert start.year == 2022 and end == datetime(2023, 1, 1)


@pytest.mark.parametrize(
    ("station_id", "agg", "table"),
    [
        (BIKE, "stunde", "observation_hourly"),
        (BIKE, "woche", "observation_hourly"),
        (PEDESTRIANS, "monat", "observation_hourly"),
        ("dwd:07341", "tag", "observation_daily"),
        ("dwd:07341", "jahr", "observation_monthly"),
        ("sensorcommunity:61001", "tag", "observation_hourly"),
        # the snapshot's local days (`etl publish`), for every level from a day up, readings of any spacing
        (BIKE, "tag", "observation_local_daily"),
        (BIKE, "woche", "observation_local_daily"),
        (PEDESTRIANS, "monat", "observation_local_daily"),
        ("dwd:07341", "jahr", "observation_local_daily"),
        ("sensorcommunity:61001", "woche", "observation_local_daily"),
    ],
)
def test_pre_aggregated_tables_give_the_same_values_as_the_raw_observations(
    snap: Snapshot, monkeypatch: pytest.MonkeyPatch, station_id: str, agg: str, table: str
) -> None:
    info = stations.station(snap, station_id)
    assert info is not None
    if table != stations.LOCAL_DAILY_TABLE:  # the warehouse's aggregates, as without the snapshot's local days
        real = snap.has_table
        monkeypatch.setattr(snap, "has_table", lambda t: t != stations.LOCAL_DAILY_TABLE and real(t))
    assert stations.source_table(snap, info, agg) == table
    window = stations.clip_window(info, datetime(2024, 2, 20), datetime(2025, 4, 10))  # across both DST changes
    fast = stations.station_series(snap, info, agg, window=window)
    monkeypatch.setattr(stations, "source_table", lambda *_a: None)
    raw = stations.station_series(snap, info, agg, window=window)
    assert fast.height == raw.height > 0
    assert (fast["period_start"] == raw["period_start"]).all()
    assert (fast["value"] - raw["value"]).abs().max() < 1e-6


@pytest.mark.parametrize(("station_id", "agg"), [(BIKE, "tag"), (PEDESTRIANS, "woche"), (PEDESTRIANS, "stunde")])
def test_directions_sum_to_the_total(snap: Snapshot, station_id: str, agg: str) -> None:
    info = stations.station(snap, station_id)
    assert info is not None
    s = stations.station_series(snap, info, agg)
    parts = s.filter(pl.col("series").str.starts_with("Richtung"))
    assert parts["series"].n_unique() == 2
    total = s.filter(pl.col("series") == "Gesamt").select("period_start", "value")
    summed = parts.group_by("period_start").agg(pl.col("value").sum().alias("parts"))
    joined = total.join(summed, on="period_start", how="inner")
    assert joined.height == total.height
    assert (joined["value"] - joined["parts"]).abs().max() < 1e-6


def test_map_layers_density_and_districts(snap: Snapshot) -> None:
    cells = stations.service_request_density(snap)
    assert cells.height > 10 and cells["n"].sum() <= snap.rows("select count(*) from service_request")[0][0]
    fc = stations.district_features(snap)
    assert fc is not None and len(fc["features"]) == snap.rows("select count(*) from district")[0][0]
    (s, w), (n, e) = stations.geojson_bounds(fc)  # type: ignore[misc]
    assert 49.9 < s < n < 50.3 and 8.6 < w < e < 8.95
