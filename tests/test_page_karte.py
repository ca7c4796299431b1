"""Karte (/karte): station queries on the demo warehouse, and the map page in headless Chromium (offline, clean console)."""
from __future__ import annotations

import csv
import io
from urllib.parse import urlparse

import polars as pl
import pytest
from app_support import demo_snapshot, launch_browser, open_page, serve

from indicators import stations
from indicators.store import Snapshot

pytestmark = pytest.mark.browser

BIKE = "ecocounter:100069001"
PEDESTRIANS = "hystreet:kaiserstrasse"


@pytest.fixture(scope="module")
def snap() -> Snapshot:
    return Snapshot(demo_snapshot())


@pytest.fixture(scope="module")
def base_url() -> str:
    return serve(demo_snapshot())


@pytest.fixture(scope="module")
def browser():
    with launch_browser() as b:
        yield b


# ---------------------------------------------------------------------------------------------------------------------
# indicators/stations.py


def test_station_list_has_every_kind_with_latest_values(snap: Snapshot) -> None:
    df = stations.station_list(snap)
    kinds = set(df["kind"])
    assert {"bike_counter", "pedestrian_counter", "air_quality", "weather", "tree_sensor", "wifi_node",
            "charging_station"} <= kinds
    counters = df.filter(pl.col("kind").is_in(["bike_counter", "pedestrian_counter"]))
    assert counters["value"].null_count() == 0 and (counters["value"] > 0).all()
    # the demo tree sensors have no coordinates; every other demo station has
    assert df.filter(pl.col("kind") == "tree_sensor")["lat"].null_count() == df.filter(pl.col("kind") == "tree_sensor").height
    # weather: only stations with observations; charge points: only the latest register release
    assert df.filter(pl.col("kind") == "weather")["value"].null_count() == 0
    latest = snap.rows("select count(*) from charging_station where release_date = (select max(release_date) from charging_station)")
    assert df.filter(pl.col("kind") == "charging_station").height == latest[0][0]


def test_latest_bike_value_is_the_last_complete_local_day(snap: Snapshot) -> None:
    row = stations.station_list(snap).filter(pl.col("station_id") == BIKE).row(0, named=True)
    expected = snap.rows(
        "select sum(value) from observation where station_id = ? and metric = 'bicycles'"
        " and cast((ts at time zone 'UTC') at time zone 'Europe/Berlin' as date) = ?", [BIKE, row["value_date"]])[0][0]
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


def test_tile_layer_only_when_a_tile_url_is_configured(base_url: str) -> None:
    import json

    import dash
    from plotly.utils import PlotlyJSONEncoder

    from dashboard.factory import create_app
    from dashboard.settings import Settings

    layout = next(p["layout"] for p in dash.page_registry.values() if p["path"] == "/karte")
    for tile_url, tiles in (("", 0), ("http://127.0.0.1:9/{z}/{x}/{y}.png", 1)):
        app = create_app(Settings.load(env={}, db=demo_snapshot(), tile_url=tile_url))
        with app.server.test_request_context("/karte"):
            text = json.dumps(layout(), cls=PlotlyJSONEncoder)
        assert text.count('"type": "TileLayer"') == tiles


# ---------------------------------------------------------------------------------------------------------------------
# Download of the shown series


def test_station_download_returns_the_charted_periods(snap: Snapshot, base_url: str) -> None:
    import urllib.request

    with urllib.request.urlopen(f"{base_url}/daten/station.csv?station={PEDESTRIANS}&agg=monat") as r:
        rows = list(csv.reader(io.StringIO(r.read().decode("utf-8-sig")), delimiter=";"))
    info = stations.station(snap, PEDESTRIANS)
    assert info is not None
    shown = stations.station_series(snap, info, "monat").filter(pl.col("series") == "Gesamt")
    assert rows[0][:2] == ["Zeitraum ab", "Gesamt (Passanten)"]
    assert len(rows) - 1 == shown.height


# ---------------------------------------------------------------------------------------------------------------------
# The page in a browser


def _offline(page, base_url: str) -> list[str]:
    host = urlparse(base_url).hostname
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname not in (host, None)
            and not r.url.startswith("data:") else None)
    return foreign


def _points(page) -> list[int]:
    return page.evaluate("() => document.querySelector('#karte-reihe .js-plotly-plot').data.map(t => t.x.length)")


def test_map_renders_markers_and_layer_control_offline(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/karte", ".leaflet-marker-icon")
    foreign = _offline(page, base_url)  # open_page has loaded the page already: watch a reload from the start
    page.reload()
    page.wait_for_selector(".leaflet-marker-icon", timeout=30000)
    page.wait_for_load_state("networkidle")
    assert page.locator('.leaflet-marker-icon[title^="Radzählstelle"]').count() == 4
    assert page.locator('.leaflet-marker-icon[title^="Passantenzähler"]').count() == 3
    assert page.locator(".leaflet-tile").count() == 0  # no tile server configured: no tiles at all
    layers = " ".join(page.locator(".leaflet-control-layers-overlays label").all_inner_texts())
    for name in ("Stadtteile", "Radzählstellen", "Passantenzähler", "Umweltsensoren", "Wetterstationen",
                 "Freifunk-Knoten", "Ladesäulen", "Mängelmeldungen"):
        assert name in layers, name
    body = page.inner_text("body")
    assert "Baumsensoren ohne Position (30)" in body and "Legende" in body
    # keyboard: a focused marker is selected with Enter
    page.locator('.leaflet-marker-icon[title^="Radzählstelle Mainuferweg"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('station=ecocounter')", timeout=30000)
    page.wait_for_selector("#karte-reihe .js-plotly-plot .main-svg", timeout=30000)
    assert "Radzählstelle Mainuferweg" in page.inner_text("#karte-reihe")
    assert errors == [] and foreign == []
    page.close()


def test_clicking_a_marker_shows_its_series_and_aggregation_changes_it(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/karte", ".leaflet-marker-icon")
    foreign = _offline(page, base_url)
    page.locator('.leaflet-marker-icon[title^="Passantenzähler Kaiserstraße"]').click()
    page.wait_for_selector("#karte-reihe .js-plotly-plot .main-svg", timeout=30000)
    page.wait_for_load_state("networkidle")
    assert "station=hystreet%3Akaiserstrasse" in page.url
    assert "Passantenzähler Kaiserstraße" in page.inner_text("#karte-reihe")
    default = _points(page)
    assert len(default) == 3 and 0 < default[0] <= 5000  # total and two directions
    page.locator("#karte-agg label:has-text('Monat')").click()
    page.wait_for_function("() => location.search.includes('agg=monat')", timeout=30000)
    page.wait_for_function(
        "() => { const g = document.querySelector('#karte-reihe .js-plotly-plot');"
        " return g && g.data && g.data[0].x.length === 48; }", timeout=30000)
    assert page.locator("#karte-agg input[value='monat']").is_checked()
    # the URL holds the selection: a reload shows the same station and aggregation
    page.reload()
    page.wait_for_selector("#karte-reihe .js-plotly-plot .main-svg", timeout=30000)
    assert page.locator("#karte-agg input[value='monat']").is_checked()
    assert _points(page)[0] == 48
    assert errors == [] and foreign == []
    page.close()


def test_station_in_url_without_position(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/karte?station=climavi:0201006900000000&agg=woche",
                             "#karte-reihe .main-svg")
    assert "Baumsensor" in page.inner_text("#karte-reihe")
    assert 100 < _points(page)[0] <= 5000
    assert errors == []
    page.close()
