"""Karte (/karte): station queries on the demo warehouse, and the map page in headless Chromium (offline, clean console)."""

from __future__ import annotations

import csv
import io
import re
import urllib.request
from datetime import datetime
from urllib.parse import parse_qs, urlparse

import polars as pl
import pytest
from app_support import demo_snapshot, open_page, public_snapshot

from indicators import stations
from indicators.store import Snapshot

pytestmark = pytest.mark.browser

BIKE = "ecocounter:100069001"
PEDESTRIANS = "hystreet:kaiserstrasse"


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
    with urllib.request.urlopen(f"{base_url}/daten/station.csv?station={PEDESTRIANS}&agg=monat") as r:
        rows = list(csv.reader(io.StringIO(r.read().decode("utf-8-sig")), delimiter=";"))
    info = stations.station(snap, PEDESTRIANS)
    assert info is not None
    shown = stations.station_series(snap, info, "monat").filter(pl.col("series") == "Gesamt")
    assert rows[0][:2] == ["Zeitraum ab", "Gesamt (Passanten)"]
    assert len(rows) - 1 == shown.height


def test_station_download_of_a_zoomed_window(snap: Snapshot, base_url: str) -> None:
    with urllib.request.urlopen(f"{base_url}/daten/station.csv?station={BIKE}&von=2025-03-01&bis=2025-03-08T12:00") as r:
        rows = list(csv.reader(io.StringIO(r.read().decode("utf-8-sig")), delimiter=";"))
    info = stations.station(snap, BIKE)
    assert info is not None
    window = (datetime(2025, 3, 1), datetime(2025, 3, 8, 12))
    shown = stations.station_series(snap, info, "15min", window=window).filter(pl.col("series") == "Gesamt")
    assert len(rows) - 1 == shown.height == 7 * 96 + 48
    assert rows[1][0] == "01.03.2025 00:00" and rows[-1][0] == "08.03.2025 11:45"


# ---------------------------------------------------------------------------------------------------------------------
# The page in a browser


def _offline(page, base_url: str) -> list[str]:
    host = urlparse(base_url).hostname
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url) if urlparse(r.url).hostname not in (host, None) and not r.url.startswith("data:") else None
        ),
    )
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
    for name in (
        "Stadtteile",
        "Radzählstellen",
        "Passantenzähler",
        "Umweltsensoren",
        "Wetterstationen",
        "Freifunk-Knoten",
        "Ladesäulen",
        "Mängelmeldungen",
    ):
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


def test_station_table_is_filled_when_opened_by_keyboard(browser, base_url: str, snap: Snapshot) -> None:
    """The table of all stations (the map's text alternative) is loaded on its first opening, with a row per station."""
    page, errors = open_page(browser, base_url + "/karte", ".leaflet-marker-icon")
    assert page.locator("#karte-tabelle tbody tr").count() == 0  # not part of the page's first view
    page.locator("#karte-tabelle-kopf").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#karte-tabelle tbody tr", timeout=30000)
    rows = page.locator("#karte-tabelle tbody tr")
    assert rows.count() == stations.station_list(snap).height
    assert page.locator("#karte-tabelle").evaluate("d => d.open")
    link = page.locator('#karte-tabelle a:has-text("Mainuferweg")').first
    assert "station=ecocounter" in (link.get_attribute("href") or "")
    page.keyboard.press("Enter")  # closing and opening again keeps the rows
    page.keyboard.press("Enter")
    assert rows.count() == stations.station_list(snap).height
    assert errors == []
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
    # the chart's autosize relayouts stay in the browser: a pending request for one made Dash drop the answer to this
    # click (the level and URL stayed unchanged), so the click is made once, right after the chart appeared
    page.locator("#karte-agg label:has-text('Monat')").click()
    page.wait_for_function("() => location.search.includes('agg=monat')", timeout=30000)
    page.wait_for_function(
        "() => { const g = document.querySelector('#karte-reihe .js-plotly-plot');"
        " return g && g.data && g.data[0].x.length === 48; }",
        timeout=30000,
    )
    assert page.locator("#karte-agg input[value='monat']").is_checked()
    # the table under the chart (the callback sends it as ready JSON) follows the level: a row per month, as dates
    page.locator("#karte-reihe-tab-tabelle").click()
    table = page.locator("#karte-reihe-tabelle table")
    assert table.locator("tbody tr").count() == 48
    assert table.locator("thead th").first.inner_text() == "Zeitraum ab"
    assert re.fullmatch(r"01\.\d\d\.\d{4}", table.locator("tbody tr td").first.inner_text())
    # the URL holds the selection: a reload shows the same station and aggregation
    page.reload()
    page.wait_for_selector("#karte-reihe .js-plotly-plot .main-svg", timeout=30000)
    assert page.locator("#karte-agg input[value='monat']").is_checked()
    assert _points(page)[0] == 48
    assert errors == [] and foreign == []
    page.close()


def test_station_in_url_without_position(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/karte?station=climavi:0201006900000000&agg=woche", "#karte-reihe .main-svg")
    assert "Baumsensor" in page.inner_text("#karte-reihe")
    assert 100 < _points(page)[0] <= 5000
    assert errors == []
    page.close()


def _graph_state(page) -> dict:
    return page.evaluate("""() => { const g = document.querySelector('#karte-reihe-graph .js-plotly-plot');
        return {points: g.data.map(t => t.x.length), range: g.layout.xaxis.range,
                agg: document.querySelector('#karte-agg input:checked').value,
                note: document.querySelector('#karte-aufloesung').innerText,
                csv: document.querySelector('#karte-reihe-csv').getAttribute('href')}; }""")


def _relayout(page, update: dict, until: str) -> None:
    """Plotly.relayout on the series chart as a zoom would do it. Right after rendering, plotly's own autosize
    relayout can still arrive and supersede the first request (Dash drops the older one): try again then."""
    for _ in range(3):
        page.evaluate("(u) => Plotly.relayout(document.querySelector('#karte-reihe-graph .js-plotly-plot'), u)", update)
        try:
            page.wait_for_function(until, timeout=6000)
            break
        except Exception:  # noqa: BLE001 - retried, and the final assertion tells
            continue
    page.wait_for_load_state("networkidle")
    # the URL and the level change at once, the chart a frame later (03-progressive-charts.js queues each draw)
    page.wait_for_function("() => window.wmChartsPending === 0")


def test_zoom_requeries_the_window_at_a_finer_level_and_keeps_it_in_the_url(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + f"/karte?station={BIKE}", "#karte-reihe-graph .main-svg")
    whole = _graph_state(page)
    assert whole["agg"] == "woche" and whole["points"] == [521, 521, 521]
    assert "Standard für die ganze Messreihe" in whole["note"]
    page.evaluate("() => { window.wmNoReload = true; }")  # gone after a reload of the page
    page.click("#karte-reihe-teilen-knopf")  # built once for the whole series: built again after the zoom below
    assert "von=" not in page.locator("dialog#karte-reihe-teilen[open] #karte-reihe-teilen-link").input_value()
    page.keyboard.press("Escape")

    _relayout(page, {"xaxis.range": ["2025-01-01", "2025-02-20"]}, "() => location.search.includes('von=')")
    zoomed = _graph_state(page)
    query = parse_qs(urlparse(page.url).query)
    assert query == {"station": [BIKE], "von": ["2025-01-01"], "bis": ["2025-02-20"]}
    assert page.evaluate("() => window.wmNoReload") is True  # the page was not loaded again
    assert zoomed["agg"] == "stunde" and zoomed["points"][0] == 50 * 24  # 50 days of hours: finer than weeks
    assert all(0 < n < 5000 for n in zoomed["points"]) and len(zoomed["points"]) == 3
    assert zoomed["range"][0].startswith("2025-01-01") and zoomed["range"][1].startswith("2025-02-20")
    assert "Auflösung: Stunde – automatisch nach Zoombereich" in zoomed["note"]
    assert "je Stunde" in page.inner_text("#karte-reihe-caption")
    assert page.locator("#karte-ganz").is_visible()
    # the download link returns exactly the shown periods
    with urllib.request.urlopen(base_url + zoomed["csv"]) as r:
        rows = list(csv.reader(io.StringIO(r.read().decode("utf-8-sig")), delimiter=";"))
    assert len(rows) - 1 == zoomed["points"][0] and rows[1][0] == "01.01.2025 00:00"
    # the share dialog links to the zoomed view and names its series
    page.click("#karte-reihe-teilen-knopf")
    dialog = page.locator("dialog#karte-reihe-teilen[open]")
    dialog.wait_for(state="visible")
    link = parse_qs(urlparse(dialog.locator("#karte-reihe-teilen-link").input_value()).query)
    assert link == {"station": [BIKE], "von": ["2025-01-01"], "bis": ["2025-02-20"]}
    assert dialog.locator("h2").inner_text().endswith(page.inner_text("#karte-reihe-titel"))
    page.keyboard.press("Escape")

    # a narrower zoom: 15 minutes
    _relayout(
        page,
        {"xaxis.range[0]": "2025-02-10 00:00:00", "xaxis.range[1]": "2025-02-12 12:00:00"},
        "() => location.search.includes('bis=2025-02-12T12')",
    )
    fine = _graph_state(page)
    assert fine["agg"] == "15min" and fine["points"][0] == 240

    # a level from the selector keeps the window
    page.locator("#karte-agg label:has-text('Stunde')").click()
    page.wait_for_function("() => location.search.includes('agg=stunde')", timeout=30000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => window.wmChartsPending === 0")  # the chart is drawn a frame after the selector
    chosen = _graph_state(page)
    assert chosen["agg"] == "stunde" and chosen["points"][0] == 60 and "ausgewählt" in chosen["note"]

    # reload: the URL restores window and level
    page.reload()
    page.wait_for_selector("#karte-reihe-graph .main-svg", timeout=30000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => window.wmChartsPending === 0")
    restored = _graph_state(page)
    assert restored["agg"] == "stunde" and restored["points"] == chosen["points"]
    assert restored["range"][0].startswith("2025-02-10") and restored["range"][1].startswith("2025-02-12 12:00")

    # reset (double click / autoscale): the whole series at its default level
    _relayout(page, {"xaxis.autorange": True}, "() => !location.search.includes('von=')")
    back = _graph_state(page)
    assert back["agg"] == "woche" and back["points"] == whole["points"]
    assert parse_qs(urlparse(page.url).query) == {"station": [BIKE]}
    assert not page.locator("#karte-ganz").is_visible()
    assert errors == []
    page.close()


# the same in English, or part of station names in the data (`climavi Baumsensor 0201006900000000`)
GERMAN_DATA = {"Sensor", "Freifunk meshviewer.json", "Baumsensor"}


def test_english_map_page(browser, base_url: str) -> None:
    from dashboard import i18n_data
    from dashboard.i18n import messages

    english = messages("en")
    # the map page's texts: its `_()` literals and, in pages/karte/texts.py, the names of indicators/stations.py it
    # translates
    EN_KARTE = {k: english[k] for k in i18n_data.extracted("pages/karte")}

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_cookies([{"name": "wm_lang", "value": "en", "url": base_url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + f"/karte?station={BIKE}&lang=en")
    page.wait_for_selector("#karte-reihe-graph .main-svg", timeout=30000)
    page.wait_for_load_state("networkidle")
    _relayout(page, {"xaxis.range": ["2025-01-01", "2025-02-20"]}, "() => location.search.includes('von=')")
    assert "lang=en" in page.url  # other query parameters stay in the URL
    body = page.inner_text("body")
    for text in (
        "Map of measuring stations",
        "Legend",
        "Bike counters (4)",
        "Districts",
        "Selected station",
        "Time resolution",
        "Resolution: Hour – automatic for the zoomed range",
        "Show the whole series",
        "bike trips, sum per hour",
        "Total",
        "direction",
        "Stations without a position",
        "Tree sensors without a position (30)",
    ):
        assert text in body, text
    assert re.search(r"above [\d.]+ up to [\d.]+\sbike trips", body)
    names = page.evaluate("() => document.querySelector('#karte-reihe-graph .js-plotly-plot').data.map(t => t.name)")
    assert names[0] == "Total" and all(n.startswith("direction ") for n in names[1:])
    assert (
        page.evaluate("() => document.querySelector('#karte-reihe-graph .js-plotly-plot').layout.yaxis.title.text")
        == "Bike trips"
    )
    assert page.locator('.leaflet-marker-icon[title^="Bike counter "]').count() == 4
    header = page.locator("#karte-reihe-tabelle th").all_text_contents()  # in the hidden table tab
    assert header[:2] == ["Period from", "Total (bike trips)"]
    german = [k for k, v in EN_KARTE.items() if k not in GERMAN_DATA and k != v and "{" not in k]
    german += [part.strip() for k in EN_KARTE if "{" in k for part in re.split(r"\{[a-z_]+\}", k) if len(part.strip()) > 3]
    found = [g for g in german if re.search(r"(?<![\w-])" + re.escape(g) + r"(?![\w-])", body)]
    assert found == []
    assert errors == []
    context.close()


# ---------------------------------------------------------------------------------------------------------------------
# The map leads on: measure starts, the link to Vorher-nachher, clusters, legends, labels and a configured tile server


def test_station_series_marks_measure_starts_and_links_to_vorher_nachher(browser, base_url: str, snap: Snapshot) -> None:
    from indicators import comparisons

    measures = comparisons.measures_concerning(snap, "bike_counter")
    assert measures, "the demo has a measure concerning the bike counters"
    m = measures[0]
    # monthly: the whole series from its first month, in which the measure started
    page, errors = open_page(browser, f"{base_url}/karte?station={BIKE}&agg=monat", "#karte-reihe-graph .main-svg")
    shapes = page.evaluate("() => document.querySelector('#karte-reihe-graph .js-plotly-plot').layout.shapes || []")
    assert [s["x0"][:10] for s in shapes] == [m.start_date.isoformat()]
    assert shapes[0]["line"]["dash"] == "dot"
    assert f"Start: {m.title}" in page.inner_text("#karte-reihe-graph")
    section = page.inner_text("#karte-massnahmen")
    assert m.title in section and f"Start {m.start_date:%d.%m.%Y}" in section
    link = page.locator("#karte-massnahmen a.karte-vergleich").first
    query = parse_qs(urlparse(link.get_attribute("href") or "").query)
    assert query == {
        "massnahme": [m.measure_id],
        "station": [BIKE],
        "messgroesse": ["bicycles"],
        "datum": [m.start_date.isoformat()],
    }
    link.click()
    page.wait_for_selector("#vn-result h2", timeout=30000)
    page.wait_for_load_state("networkidle")
    assert urlparse(page.url).path == "/vorher-nachher"
    # the form shows the map's choice: station mode, the station, its metric, the start as Stichtag, the measure
    assert page.locator("#vn-modus input[value='station']").is_checked()
    assert page.input_value("#vn-datum") == f"{m.start_date:%d.%m.%Y}"
    info = stations.station(snap, BIKE)
    assert info is not None and page.inner_text("#vn-station") == f"Radzählstelle: {info.name}"
    assert "Radfahrten" in page.inner_text("#vn-messgroesse")
    assert m.title in page.inner_text("#vn-massnahme")
    assert errors == []
    page.close()


def test_public_map_names_measure_starts_without_the_internal_link(base_url: str) -> None:
    """Vorher-nachher is internal: the public map lists the starts but links nowhere the public instance cannot go."""
    import json

    import dash
    from plotly.utils import PlotlyJSONEncoder

    from dashboard.factory import create_app
    from dashboard.settings import Settings

    layout = next(p["layout"] for p in dash.page_registry.values() if p["path"] == "/karte")
    for public, links in ((False, 1), (True, 0)):
        db = public_snapshot() if public else demo_snapshot()
        app = create_app(Settings.load(env={}, db=db, public=public))
        with app.server.test_request_context(f"/karte?station={BIKE}"):
            text = json.dumps(layout(station=BIKE), cls=PlotlyJSONEncoder, ensure_ascii=False)
        assert "Radverkehrszählstellen" in text and "Maßnahmen an dieser Messstelle" in text
        assert text.count("/vorher-nachher?") == links


def test_charging_points_are_clustered_at_low_zoom_and_each_layer_explains_its_colours(browser, base_url: str, snap) -> None:
    page, errors = open_page(browser, base_url + "/karte", ".leaflet-marker-icon")
    n_charging = stations.station_list(snap).filter((pl.col("kind") == "charging_station") & pl.col("lat").is_not_null()).height
    groups = page.locator('.leaflet-marker-icon[title*="Ladesäulen – zum Vergrößern klicken"]')
    single = page.locator('.leaflet-marker-icon[title^="Ladesäule "]')
    assert groups.count() >= 1 and single.count() < n_charging  # at the city-wide zoom charge points form groups
    shown = sum(int(t.split(" ")[0]) for t in groups.evaluate_all("els => els.map(e => e.title)")) + single.count()
    # groups hold most of them (supercluster draws only what lies in the view, so not all n need be there)
    assert single.count() < shown - single.count() and shown <= n_charging
    # each layer of the legend names what its own colours mean, with its own classes
    legends = page.locator(".wm-legend > div:has(ul li .wm-swatch)")
    headings = legends.locator("h3").all_inner_texts()
    assert any("Ladesäulen" in h for h in headings) and any("Radzählstellen" in h for h in headings)
    for i in range(legends.count()):
        block = legends.nth(i)
        assert block.locator("p").inner_text().startswith("Größe und Farbe:")
        assert block.locator("li .wm-swatch").count() >= 1
    charging = page.locator(".wm-legend > div:has(h3:has-text('Ladesäulen'))").inner_text()
    assert "Normalladen" in charging and "kW" in charging and "Gruppe" in charging
    assert errors == []
    page.close()


def test_district_names_label_the_map_without_tiles(browser, base_url: str, snap) -> None:
    page, errors = open_page(browser, base_url + "/karte", ".leaflet-marker-icon")
    assert page.locator(".leaflet-tile").count() == 0
    names = {f["properties"]["name"] for f in (stations.district_features(snap) or {})["features"]}
    labels = page.locator(".leaflet-tooltip.wm-district-label")
    assert names and set(labels.all_inner_texts()) == names
    assert all(labels.nth(i).is_visible() for i in range(labels.count()))  # permanent, not only on hover
    assert errors == []
    page.close()


BASEMAP_PATH = "/wmts_basemapde/tile/1.0.0/de_basemapderaster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png"
BASEMAP_ATTRIBUTION = "© GeoBasis-DE / BKG (2026) CC BY 4.0"


def _png_tile_server() -> tuple[object, str, list[str]]:
    """A tile server on 127.0.0.1 answering every path with one 256×256 PNG; returns (server, base URL, paths asked)."""
    import struct
    import threading
    import zlib
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xd8\xe4\xc8" * 256 for _ in range(256))
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    asked: list[str] = []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", asked


def test_configured_tile_server_is_used_with_its_attribution(browser) -> None:
    """docs/configuration.md's basemap.de example, with the host replaced by a tile server the test starts."""
    from app_support import start_instance

    server, tiles, asked = _png_tile_server()
    proc, url = start_instance(
        demo_snapshot(), env={"WM_TILE_URL": tiles + BASEMAP_PATH, "WM_TILE_ATTRIBUTION": BASEMAP_ATTRIBUTION}
    )
    try:
        page, errors = open_page(browser, url + "/karte", ".leaflet-tile-loaded")
        prefix = BASEMAP_PATH.split("{z}")[0]
        assert asked and all(p.startswith(prefix) and re.fullmatch(r"\d+/\d+/\d+\.png", p[len(prefix) :]) for p in asked)
        assert page.locator(".leaflet-tile-loaded").count() >= 1
        assert BASEMAP_ATTRIBUTION in page.inner_text(".leaflet-control-attribution")
        assert page.locator(".leaflet-tooltip.wm-district-label").count() >= 1  # the names stay on top of the tiles
        assert errors == []
        page.close()
    finally:
        proc.terminate()
        proc.wait(10)
        server.shutdown()  # type: ignore[attr-defined]
