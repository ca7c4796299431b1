"""Karte: every measuring station on one map (layers per kind, latest values), the selected station's series below.

The selected station and the aggregation live in the URL (`/karte?station=…&agg=…`). No tile server is contacted
unless `tile_url` is configured; without it the map shows districts and markers on a plain background.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import dash
import dash_bootstrap_components as dbc
import dash_leaflet as dl
import polars as pl
from dash import ALL, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate
from flask import abort

from dashboard import format as fmt
from dashboard import karte_map as km
from dashboard.components import chart_card, demo_badge
from dashboard.downloads import register_dataset
from dashboard.factory import settings, snapshot
from indicators import stations, views
from indicators.store import Snapshot

dash.register_page(__name__, path="/karte", name="Karte", order=40, public=True, title="Karte – Wirkungsmonitor Offenbach")

OFFENBACH = [[50.075, 8.72], [50.135, 8.83]]  # fallback view when neither districts nor stations have positions
NO_SELECTION = "Wählen Sie eine Messstelle auf der Karte (Klick oder Tab und Eingabetaste) oder in der Tabelle unten."


def _station_dataset(snap: Snapshot, args: dict[str, str]) -> pl.DataFrame:
    info = stations.station(snap, args.get("station", ""))
    if info is None or info.metric is None:
        abort(404)
    agg = stations.resolve_aggregation(info, args.get("agg"))
    assert agg is not None
    return stations.series_table(stations.station_series(snap, info, agg), agg, info.unit)


register_dataset("station", _station_dataset)


def layout(station: str | None = None, agg: str | None = None, **_query: str) -> html.Div:
    snap = snapshot()
    demo = views.has_demo_data(snap)
    all_stations = stations.station_list(snap)
    placed = all_stations.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
    unplaced = all_stations.filter(pl.col("lat").is_null() | pl.col("lon").is_null())
    cells = stations.service_request_density(snap)
    districts = stations.district_features(snap)

    overlays: list = []
    legend: list = []
    for kind, k in stations.KINDS.items():
        rows = placed.filter(pl.col("kind") == kind)
        if rows.is_empty():
            continue
        values = rows["value"].drop_nulls().to_list()
        unit = "" if kind == "sensor" else (rows["unit"].drop_nulls().first() or k.unit)  # sensors: units differ
        classes = km.value_classes(kind, values, unit)
        overlays.append(dl.Overlay(km.station_layer(kind, rows, classes, selected=station), name=f"{k.label} ({rows.height})", checked=True))
        legend.append(km.kind_legend(kind, rows.height, classes, has_missing=rows["value"].null_count() > 0))
    if not cells.is_empty():
        overlays.append(dl.Overlay(km.density_layer(cells), name="Mängelmeldungen (Dichte, 12 Monate)", checked=False))
        legend.append(km.density_legend(cells))
    if districts:
        overlays.insert(0, dl.Overlay(km.district_layer(districts), name="Stadtteile", checked=True))
        legend.append(km.district_legend())

    children: list = []
    tile_url = settings().tile_url
    if tile_url:
        children.append(dl.TileLayer(url=tile_url, attribution="Hintergrundkarte: konfigurierter Kachelserver"))
    children += [dl.LayersControl(overlays, collapsed=False, position="topright"), dl.ScaleControl(imperial=False)]
    info = stations.station(snap, station or "")
    if info is not None and info.lat is not None and info.lon is not None:  # the selected station in its surroundings
        view: dict = {"center": [info.lat, info.lon], "zoom": 15}
    else:
        bounds = _bounds(districts, placed)
        view = {"bounds": bounds, "center": [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
                "zoom": 13}
    # trackViewport off: with `bounds` and no `center` dash-leaflet 1.1.3 throws on every map move
    the_map = dl.Map(children, **view, trackViewport=False, id="karte-map", className="wm-map", scrollWheelZoom=True)
    agg_value = stations.resolve_aggregation(info, agg) if info else None
    return html.Div([
        dcc.Location(id="karte-url", refresh="callback-nav"),
        html.H1(["Karte der Messstellen ", *demo_badge(demo)]),
        html.P(
            "Alle Zählstellen, Sensoren, Ladesäulen und Freifunk-Knoten der Smart-City-Strategie. Ebenen lassen sich "
            "rechts oben auf der Karte ein- und ausblenden. Ein Klick auf eine Messstelle zeigt ihre Zeitreihe unten.",
            className="mb-2"),
        html.P(_selection_note(info), id="karte-status", className="small mb-2", **{"aria-live": "polite"}),
        dbc.Row([
            dbc.Col(html.Div(the_map, role="region", **{"aria-label": "Karte der Messstellen"}), lg=8, className="mb-3"),
            dbc.Col(html.Div([html.H2("Legende", className="h5"), *legend], className="wm-legend"), lg=4, className="mb-3"),
        ]),
        html.H2("Ausgewählte Messstelle", className="h3", id="karte-auswahl"),
        html.Fieldset([
            html.Legend("Zeitliche Auflösung", className="form-label fs-6 fw-semibold mb-1"),
            dbc.RadioItems(id="karte-agg", options=_agg_options(info), value=agg_value, inline=True),
        ], className="mb-2"),
        html.Div(_detail(snap, info, agg_value, demo), id="karte-detail"),
        _unplaced_section(unplaced),
        _station_table(all_stations),
    ])


def _bounds(districts: dict | None, placed: pl.DataFrame) -> list[list[float]]:
    if districts and (b := stations.geojson_bounds(districts)):
        return b
    if not placed.is_empty():
        return [[float(placed["lat"].min()), float(placed["lon"].min())],  # type: ignore[arg-type]
                [float(placed["lat"].max()), float(placed["lon"].max())]]  # type: ignore[arg-type]
    return OFFENBACH


def _selection_note(info: stations.StationInfo | None) -> list | str:
    if info is None:
        return NO_SELECTION
    return ["Ausgewählt: ", html.Strong(info.title), " – ", html.A("zur Zeitreihe", href="#karte-auswahl")]


def _agg_options(info: stations.StationInfo | None) -> list[dict]:
    offered = set(stations.available_aggregations(info)) if info else set()
    return [{"label": a.label, "value": a.key, "disabled": a.key not in offered} for a in stations.AGGREGATIONS.values()]


def _detail(snap: Snapshot, info: stations.StationInfo | None, agg: str | None, demo: bool) -> list:
    if info is None:
        return [dbc.Alert(NO_SELECTION, color="light", className="border")]
    if info.kind.kind == "charging_station":
        return [_charging_card(snap, info, demo)]
    if info.metric is None or agg is None:
        return [dbc.Alert(f"{info.title}: Für diese Messstelle liegen keine Messwerte vor.", color="info")]
    series = stations.station_series(snap, info, agg)
    unit = info.unit
    return [chart_card(
        card_id="karte-reihe",
        title=km.series_title(series, info, agg),
        figure=km.station_figure(series, info, agg),
        caption=km.series_caption(series, info, agg),
        table=stations.series_table(series, agg, unit),
        source=f"{info.kind.source} ({info.source})",
        licence=settings().licence,
        stand=stations.summarise(series, info).last,
        demo=demo or info.is_demo,
        dataset=("station", {"station": info.station_id, "agg": agg}),
        height=380,
    )]


def _charging_card(snap: Snapshot, info: stations.StationInfo, demo: bool) -> dbc.Card:
    d = stations.charging_details(snap, info.station_id) or {}
    facts = [
        ("Betreiber", d.get("operator") or "–"),
        ("Adresse", " ".join(x for x in [d.get("address"), d.get("postcode"), d.get("city")] if x) or "–"),
        ("Anschlussleistung", fmt.number(d.get("power_kw"), 0, unit="kW")),
        ("Ladepunkte", fmt.number(d.get("charge_points"))),
        ("Art", d.get("charger_type") or "–"),
        ("In Betrieb seit", fmt.day(d.get("commissioned_on"))),
    ]
    return dbc.Card(dbc.CardBody([
        html.Div([html.H3(info.title, className="h5 d-inline me-2"), *demo_badge(demo or info.is_demo)], className="mb-2"),
        html.Dl(sum(([html.Dt(k, className="col-sm-3"), html.Dd(v, className="col-sm-9")] for k, v in facts), []),
                className="row mb-2"),
        html.P("Ladesäulen melden keine Messwerte: Angaben aus dem Ladesäulenregister, keine Zeitreihe.",
               className="small mb-1"),
        html.P(f"Quelle: {info.kind.source} · Lizenz: {settings().licence} · Stand: {fmt.day(d.get('release_date'))}",
               className="small text-body-secondary mb-0"),
    ]), className="mb-3", id="karte-reihe")


def _link(station_id: str, text: str) -> dcc.Link:
    return dcc.Link(text, href="/karte?" + urlencode({"station": station_id}))


def _unplaced_section(unplaced: pl.DataFrame) -> html.Div:
    if unplaced.is_empty():
        return html.Div()
    groups = []
    for kind, k in stations.KINDS.items():
        rows = unplaced.filter(pl.col("kind") == kind)
        if rows.is_empty():
            continue
        groups.append(html.Div([
            html.H3(f"{k.label} ohne Position ({fmt.number(rows.height)})", className="h6"),
            html.P(f"Die Daten nennen keine Koordinaten. Wert: {k.latest}.", className="small text-body-secondary mb-1"),
            html.Ul([html.Li([_link(r["station_id"], r["name"]), f": {km.value_text(r['value'], r['unit'] or '')}"])
                     for r in rows.iter_rows(named=True)], className="list-unstyled small",
                    style={"columns": "18rem"}),
        ]))
    return html.Div([html.H2("Messstellen ohne Position", className="h3 mt-4"), *groups])


def _station_table(all_stations: pl.DataFrame) -> html.Details:
    rows = [html.Tr([
        html.Td(stations.KINDS[r["kind"]].singular),
        html.Td(_link(r["station_id"], r["name"])),
        html.Td(km.value_text(r["value"], r["unit"] or ""), className="text-end"),
        html.Td(fmt.day(r["value_date"])),
        html.Td("ja" if r["lat"] is not None else "nein"),
    ]) for r in all_stations.sort("kind", "name").iter_rows(named=True)]
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Art", "Messstelle", "Letzter Wert", "Datum", "Auf der Karte")]))
    return html.Details([
        html.Summary(html.H2(f"Alle Messstellen als Tabelle ({fmt.number(all_stations.height)})", className="h5 d-inline")),
        html.Div(html.Table([html.Caption("Alle Messstellen mit letztem Wert", className="visually-hidden"), head,
                             html.Tbody(rows)], className="table table-sm table-striped data-table"),
                 className="table-responsive", style={"maxHeight": "480px"}),
    ], className="mt-4", id="karte-tabelle")


@callback(
    Output("karte-url", "search"),
    Input({"type": "karte-layer", "kind": ALL}, "clickData"),
    Input("karte-agg", "value"),
    State("karte-url", "search"),
    prevent_initial_call=True,
)
def select_station(_clicks: list, agg: str | None, search: str | None) -> str:
    """A marker click selects its station (with its default aggregation); the selector changes the aggregation.

    Both only change the URL: the page is then rendered for the new query (Dash 4 renders a chart card with its data
    table far faster as a new page than as a callback's output into this large page).
    """
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    if isinstance(ctx.triggered_id, dict):
        props = (ctx.triggered[0]["value"] or {}).get("properties") or {}
        if props.get("cluster") or not props.get("station_id"):
            raise PreventUpdate
        query = {"station": props["station_id"]}
    elif agg and query.get("station"):
        query["agg"] = agg
    else:
        raise PreventUpdate
    new = "?" + urlencode(query)
    if new == (search or ""):
        raise PreventUpdate
    return new
