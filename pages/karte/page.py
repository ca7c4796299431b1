"""Karte: every measuring station on one map (layers per kind, latest values), the selected station's series below.

The selected station, the aggregation and the zoomed window live in the URL (`/karte?station=…&agg=…&von=…&bis=…`).
Selecting a station renders the page anew; zooming the series (or choosing a level) only swaps the chart's data: the
visible window is queried again at the finest level that keeps it under `stations.ZOOM_POINTS` periods per trace,
and the URL is updated without reloading anything (a second `dcc.Location` with `refresh=False`). No tile server
is contacted unless `tile_url` is configured; without it the map shows districts and markers on a plain background.
"""

from __future__ import annotations

import html as htmllib
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode

import dash
import dash_bootstrap_components as dbc
import dash_leaflet as dl
import polars as pl
from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, html
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from dashboard import format as fmt
from dashboard.components import Share, chart_card, data_table_json, demo_badge, share_content
from dashboard.factory import settings, snapshot
from dashboard.i18n import _, page_title
from dashboard.loading import loading_area
from indicators import comparisons, stations, views
from indicators.store import Snapshot
from pages.karte import figures as km
from pages.karte.datasets import STATION, StationData, View, _view

dash.register_page(__name__, path="/karte", name="Karte", order=40, public=True, title=page_title("Karte"))

OFFENBACH = [[50.075, 8.72], [50.135, 8.83]]  # fallback view when neither districts nor stations have positions
CARD = "karte-reihe"
HEIGHT = 380
TABLE_HEIGHT = "480px"
OWN_PARAMS = ("station", "agg", "von", "bis")  # other query parameters (e.g. `lang`) are kept as they are


def _no_selection() -> str:
    return _("Wählen Sie eine Messstelle auf der Karte (Klick oder Tab und Eingabetaste) oder in der Tabelle unten.")


# ---------------------------------------------------------------------------------------------------------------------
# What the series shows: level and window


# ---------------------------------------------------------------------------------------------------------------------
# Layout


def layout(
    station: str | None = None, agg: str | None = None, von: str | None = None, bis: str | None = None, **query: str
) -> html.Div:
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
        overlays.append(
            dl.Overlay(
                km.station_layer(kind, rows, classes, selected=station), name=f"{km.kind_label(k)} ({rows.height})", checked=True
            )
        )
        legend.append(km.kind_legend(kind, rows.height, classes, has_missing=rows["value"].null_count() > 0))
    if not cells.is_empty():
        overlays.append(dl.Overlay(km.density_layer(cells), name=_("Mängelmeldungen (Dichte, 12 Monate)"), checked=False))
        legend.append(km.density_legend(cells))
    if districts:
        overlays.insert(0, dl.Overlay(km.district_layer(districts), name=_("Stadtteile"), checked=True))
        legend.append(km.district_legend())

    children: list = []
    tile_url = settings().tile_url
    if tile_url:
        attribution = settings().tile_attribution or _("Hintergrundkarte: konfigurierter Kachelserver")
        children.append(dl.TileLayer(url=tile_url, attribution=htmllib.escape(attribution), maxZoom=18))
    children += [dl.LayersControl(overlays, collapsed=False, position="topright"), dl.ScaleControl(imperial=False)]
    info = stations.station(snap, station or "")
    if info is not None and info.lat is not None and info.lon is not None:  # the selected station in its surroundings
        view: dict = {"center": [info.lat, info.lon], "zoom": 15}
    else:
        bounds = _bounds(districts, placed)
        view = {"bounds": bounds, "center": [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2], "zoom": 13}
    # trackViewport off: with `bounds` and no `center` dash-leaflet 1.1.3 throws on every map move
    the_map = dl.Map(children, **view, trackViewport=False, id="karte-map", className="wm-map", scrollWheelZoom=True)
    series_view = _view(info, agg, von, bis) if info is not None else None
    extra = {k: v for k, v in query.items() if k not in OWN_PARAMS and isinstance(v, str)}
    detail = html.Div(_detail(snap, info, series_view, demo, extra), id="karte-detail")
    has_chart = info is not None and series_view is not None and info.metric is not None and info.kind.kind != "charging_station"
    return html.Div(
        [
            dcc.Location(id="karte-url", refresh="callback-nav"),
            html.H1([_("Karte der Messstellen") + " ", *demo_badge(demo)]),
            html.P(
                _(
                    "Alle Zählstellen, Sensoren, Ladesäulen und Freifunk-Knoten der Smart-City-Strategie. Ebenen lassen sich "
                    "rechts oben auf der Karte ein- und ausblenden. Ein Klick auf eine Messstelle zeigt ihre Zeitreihe unten."
                ),
                className="mb-2",
            ),
            html.P(_selection_note(info), id="karte-status", className="small mb-2", **{"aria-live": "polite"}),
            dbc.Row(
                [
                    dbc.Col(
                        html.Div(the_map, role="region", **{"aria-label": _("Karte der Messstellen")}), lg=8, className="mb-3"
                    ),
                    dbc.Col(
                        html.Div([html.H2(_("Legende"), className="h5"), *legend], className="wm-legend"), lg=4, className="mb-3"
                    ),
                ]
            ),
            html.H2(_("Ausgewählte Messstelle"), className="h3", id="karte-auswahl"),
            *(
                _controls(info, series_view, extra)
                if info is not None and series_view is not None and info.kind.kind != "charging_station"
                else []
            ),
            # zoom and level swap the chart's data: the chart card keeps its size, dimmed, under a spinner
            # (only when the chart is there: a loading state aimed at a missing chart kept the station table from filling)
            loading_area(detail, loading_id="karte-laden", target={f"{CARD}-graph": "figure"}) if has_chart else detail,
            _unplaced_section(unplaced),
            _all_stations_table(all_stations.height),
        ]
    )


def _bounds(districts: dict | None, placed: pl.DataFrame) -> list[list[float]]:
    if districts and (b := stations.geojson_bounds(districts)):
        return b
    if not placed.is_empty():
        return [
            [float(placed["lat"].min()), float(placed["lon"].min())],  # type: ignore[arg-type]
            [float(placed["lat"].max()), float(placed["lon"].max())],
        ]  # type: ignore[arg-type]
    return OFFENBACH


def _selection_note(info: stations.StationInfo | None) -> list | str:
    if info is None:
        return _no_selection()
    return [_("Ausgewählt:") + " ", html.Strong(km.station_title(info)), " – ", html.A(_("zur Zeitreihe"), href="#karte-auswahl")]


def _agg_options(info: stations.StationInfo) -> list[dict]:
    offered = set(stations.available_aggregations(info))
    return [
        {"label": km.agg_label(a.key), "value": a.key, "disabled": a.key not in offered} for a in stations.AGGREGATIONS.values()
    ]


def _state(info: stations.StationInfo, view: View, extra: dict[str, str]) -> dict[str, Any]:
    """What the zoom callback needs to know about the shown view (kept in a dcc.Store)."""
    p = view.params(info.station_id)
    return {
        "station": info.station_id,
        "agg": p.get("agg"),
        "von": p.get("von"),
        "bis": p.get("bis"),
        "shown": view.agg,
        "mode": view.mode,
        "query": extra,
    }


def _controls(info: stations.StationInfo, view: View, extra: dict[str, str]) -> list:
    return [
        dcc.Location(id="karte-fenster", refresh=False),  # the zoom writes the URL without rendering the page again
        dcc.Store(id="karte-zustand", data=_state(info, view, extra)),
        dcc.Store(id="karte-zoom"),  # the chart's relayouts that change the x axis (clientside `wmKarte.zoomOnly`)
        html.Fieldset(
            [
                html.Legend(_("Zeitliche Auflösung"), className="form-label fs-6 fw-semibold mb-1"),
                dbc.RadioItems(id="karte-agg", options=_agg_options(info), value=view.agg, inline=True),
            ],
            className="mb-2",
        ),
    ]


def _resolution(view: View) -> html.Div:
    return html.Div(
        [
            html.Span(
                km.resolution_note(view.agg, view.mode, view.window),
                id="karte-aufloesung",
                className="me-2",
                **{"aria-live": "polite"},
            ),
            html.Button(
                _("Ganze Messreihe anzeigen"),
                id="karte-ganz",
                type="button",
                n_clicks=0,
                className="btn btn-sm btn-outline-secondary",
                hidden=view.window is None,
            ),
        ],
        className="small mb-2",
    )


def _share_path(station_id: str, view: View, extra: dict[str, str]) -> str:
    """The map with this station and window: the share dialog's link (the station series has no public embed)."""
    return "/karte?" + urlencode({**view.params(station_id), **extra})


def _detail(
    snap: Snapshot, info: stations.StationInfo | None, view: View | None, demo: bool, extra: dict[str, str] | None = None
) -> list:
    if info is None:
        return [dbc.Alert(_no_selection(), color="light", className="border")]
    if info.kind.kind == "charging_station":
        return [_charging_card(snap, info, demo)]
    if info.metric is None or view is None:
        return [
            dbc.Alert(
                _("{station}: Für diese Messstelle liegen keine Messwerte vor.").format(station=km.station_title(info)),
                color="info",
            )
        ]
    series = stations.station_series(snap, info, view.agg, window=view.window)
    measures = comparisons.measures_concerning(snap, info.kind.kind)
    card = chart_card(
        card_id=CARD,
        title=km.series_title(series, info, view.agg),
        figure=km.station_figure(series, info, view.agg, view.window, starts=_starts(measures)),
        caption=km.series_caption(series, info, view.agg, view.window),
        download=STATION.bind(view.download(info.station_id), StationData(info, view.agg, series)),
        source=f"{_(info.kind.source)} ({info.source})",
        licence=settings().licence,
        stand=_stand(info),
        demo=demo or info.is_demo,
        extra=[_resolution(view)],
        height=HEIGHT,
        share=Share(_share_path(info.station_id, view, extra or {})),
    )
    return [_with_ids(card), _measures_section(info, measures, extra or {})]


def _starts(measures: list[comparisons.MeasureOption]) -> list[tuple[Any, str]]:
    return [(m.start_date, m.title) for m in measures]


def comparison_link(info: stations.StationInfo, measure: comparisons.MeasureOption | None, extra: dict[str, str]) -> str:
    """Vorher-nachher for this station and metric, with the measure and its start as the Stichtag (its query
    parameters: `ComparisonRequest.from_query`); `lang` and other foreign parameters of the map's URL go along."""
    q = {"station": info.station_id, "messgroesse": info.metric or ""}
    if measure is not None:
        q = {"massnahme": measure.measure_id, **q, "datum": measure.start_date.isoformat()}
    keep = {k: v for k, v in extra.items() if k == "lang"}
    return "/vorher-nachher?" + urlencode({**q, **keep})


def _measures_section(info: stations.StationInfo, measures: list[comparisons.MeasureOption], extra: dict[str, str]) -> html.Div:
    """The measures whose start concerns this station (dotted lines in the chart), each with a link to Vorher-nachher
    filled in with station, metric and start date (not on the public instance: Vorher-nachher is an internal page)."""
    public = settings().public

    def link(text: str, measure: comparisons.MeasureOption | None) -> list:
        if public:
            return []
        return [dcc.Link(text, href=comparison_link(info, measure, extra), className="karte-vergleich")]

    if measures:
        body: Any = html.Ul(
            [
                html.Li(
                    [
                        html.Strong(m.title),
                        " – " + _("Start {datum}").format(datum=fmt.day(m.start_date)) + ("" if public else " – "),
                        *link(_("Vorher-nachher-Vergleich ab diesem Start"), m),
                    ]
                )
                for m in measures
            ],
            className="mb-1",
        )
    else:
        body = html.P(
            [
                _("Keine Maßnahme mit Startdatum betrifft diese Art von Messstelle.") + " ",
                *link(_("Vorher-nachher-Vergleich dieser Messstelle"), None),
            ],
            className="mb-1",
        )
    return html.Div(
        [
            html.H3(_("Maßnahmen an dieser Messstelle"), className="h5"),
            html.P(
                _(
                    "Maßnahmen, deren Indikatoren an Messstellen dieser Art gemessen werden; ihr Start ist im Diagramm als "
                    "gepunktete Linie eingezeichnet."
                ),
                className="small text-body-secondary mb-1",
            ),
            body,
        ],
        id="karte-massnahmen",
        className="mb-3",
    )


def _stand(info: stations.StationInfo) -> Any:
    rng = stations.data_range(info)  # local time; its end is the end of the last reading's interval
    return (rng[1] - (info.gap or timedelta(0))).date() if rng else None


def _with_ids(card: Component) -> Component:
    """Ids on the parts of the shared chart card the zoom callback updates: title, table, download links."""

    def walk(c: Any) -> None:
        if isinstance(c, list | tuple):
            for x in c:
                walk(x)
            return
        if not isinstance(c, Component):
            return
        cls = getattr(c, "className", "") or ""
        if isinstance(c, html.H3) and "h5" in cls:
            c.id = f"{CARD}-titel"
        elif isinstance(c, html.Div) and "table-responsive" in cls:
            c.id = f"{CARD}-tabelle"
        elif isinstance(c, html.A) and str(getattr(c, "href", "")).startswith("/daten/station."):
            c.id = f"{CARD}-{c.href.split('.')[1].split('?')[0]}"  # karte-reihe-csv / -xlsx
        walk(getattr(c, "children", None))

    walk(card)
    return card


def _charging_card(snap: Snapshot, info: stations.StationInfo, demo: bool) -> dbc.Card:
    d = stations.charging_details(snap, info.station_id) or {}
    facts = [
        (_("Betreiber"), d.get("operator") or "–"),
        (_("Adresse"), " ".join(x for x in [d.get("address"), d.get("postcode"), d.get("city")] if x) or "–"),
        (_("Anschlussleistung"), fmt.number(d.get("power_kw"), 0, unit="kW")),
        (_("Ladepunkte"), fmt.number(d.get("charge_points"))),
        (_("Art"), d.get("charger_type") or "–"),
        (_("In Betrieb seit"), fmt.day(d.get("commissioned_on"))),
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [html.H3(km.station_title(info), className="h5 d-inline me-2"), *demo_badge(demo or info.is_demo)],
                    className="mb-2",
                ),
                html.Dl(
                    sum(([html.Dt(k, className="col-sm-3"), html.Dd(v, className="col-sm-9")] for k, v in facts), []),
                    className="row mb-2",
                ),
                html.P(
                    _("Ladesäulen melden keine Messwerte: Angaben aus dem Ladesäulenregister, keine Zeitreihe."),
                    className="small mb-1",
                ),
                html.P(
                    f"{_('Quelle')}: {_(info.kind.source)} · {_('Lizenz')}: {settings().licence} · "
                    f"{_('Stand')}: {fmt.day(d.get('release_date'))}",
                    className="small text-body-secondary mb-0",
                ),
            ]
        ),
        className="mb-3",
        id=CARD,
    )


def _link_json(station_id: str, text: str) -> dict:
    """A `dcc.Link` to the station in the JSON form Dash sends (as `_html`): station lists build hundreds of them."""
    return {
        "type": "Link",
        "namespace": "dash_core_components",
        "props": {"children": text, "href": "/karte?" + urlencode({"station": station_id})},
    }


def _unplaced_section(unplaced: pl.DataFrame) -> html.Div:
    if unplaced.is_empty():
        return html.Div()
    groups = []
    for kind, k in stations.KINDS.items():
        rows = unplaced.filter(pl.col("kind") == kind)
        if rows.is_empty():
            continue
        groups.append(
            html.Div(
                [
                    html.H3(
                        _("{kind} ohne Position ({n})").format(kind=km.kind_label(k), n=fmt.number(rows.height)), className="h6"
                    ),
                    html.P(
                        _("Die Daten nennen keine Koordinaten. Wert: {latest}.").format(latest=_(k.latest)),
                        className="small text-body-secondary mb-1",
                    ),
                    html.Ul(
                        [
                            _html(
                                "Li", [_link_json(r["station_id"], r["name"]), f": {km.value_text(r['value'], r['unit'] or '')}"]
                            )
                            for r in rows.iter_rows(named=True)
                        ],
                        className="list-unstyled small",
                        style={"columns": "18rem"},
                    ),
                ]
            )
        )
    return html.Div([html.H2(_("Messstellen ohne Position"), className="h3 mt-4"), *groups])


def _html(tag: str, children: Any, **props: Any) -> dict:
    """An HTML element in the JSON form Dash sends to the browser: the same as `html.<Tag>(…)` after serialisation,
    at a fraction of the cost (the station table has over ten thousand elements at city scale)."""
    return {"type": tag, "namespace": "dash_html_components", "props": {"children": children, **props}}


def _station_rows(all_stations: pl.DataFrame) -> html.Div:
    yes, no = _("ja"), _("nein")
    singular = {kind: km.singular(k) for kind, k in stations.KINDS.items()}
    rows = [
        _html(
            "Tr",
            [
                _html("Td", singular[r["kind"]]),
                _html("Td", _link_json(r["station_id"], r["name"])),
                _html("Td", km.value_text(r["value"], r["unit"] or ""), className="text-end"),
                _html("Td", fmt.day(r["value_date"])),
                _html("Td", yes if r["lat"] is not None else no),
            ],
        )
        for r in all_stations.sort("kind", "name").iter_rows(named=True)
    ]
    head = html.Thead(
        html.Tr([html.Th(_(h), scope="col") for h in ("Art", "Messstelle", "Letzter Wert", "Datum", "Auf der Karte")])
    )
    return html.Div(
        html.Table(
            [html.Caption(_("Alle Messstellen mit letztem Wert"), className="visually-hidden"), head, html.Tbody(rows)],
            className="table table-sm table-striped data-table",
        ),
        className="table-responsive",
        style={"maxHeight": TABLE_HEIGHT},
    )


def _all_stations_table(n: int) -> html.Details:
    """The table of all stations (the map's text alternative), filled when it is first opened: at city scale it has
    over ten thousand cells, which cost the page's first view ~1 s in the browser although most readers never open it."""
    return html.Details(
        [
            html.Summary(
                html.H2(_("Alle Messstellen als Tabelle ({n})").format(n=fmt.number(n)), className="h5 d-inline"),
                id="karte-tabelle-kopf",
            ),
            loading_area(
                html.Div(
                    # the placeholder holds the table's room (its scroll box is TABLE_HEIGHT high at city scale)
                    html.P(_("Die Tabelle wird geladen …"), className="small mb-0", style={"minHeight": TABLE_HEIGHT}),
                    id="karte-tabelle-inhalt",
                    **{"aria-live": "polite"},
                ),
                loading_id="karte-tabelle-laden",
                target={"karte-tabelle-inhalt": "children"},
            ),
        ],
        className="mt-4",
        id="karte-tabelle",
    )


@callback(
    Output("karte-tabelle-inhalt", "children"),
    Input("karte-tabelle-kopf", "n_clicks"),
    prevent_initial_call=True,
)
def fill_station_table(n_clicks: int | None) -> html.Div:
    """The first opening fills the table (a click or Enter/Space on the summary); later toggles keep it."""
    if n_clicks != 1:
        raise PreventUpdate
    return _station_rows(stations.station_list(snapshot()))


# ---------------------------------------------------------------------------------------------------------------------
# Callbacks


@callback(
    Output("karte-url", "search"),
    Input({"type": "karte-layer", "kind": ALL}, "clickData"),
    State("karte-url", "search"),
    prevent_initial_call=True,
)
def select_station(_clicks: list, search: str | None) -> str:
    """A marker click selects its station (whole series, default level) by changing the URL: the page is rendered
    for the new query (Dash 4 renders a chart card with its data table far faster as a new page than as a callback's
    output into this large page)."""
    click = (ctx.triggered[0]["value"] if ctx.triggered else None) or {}
    props = click.get("properties") or {}
    if props.get("cluster") or not props.get("station_id"):
        raise PreventUpdate
    keep = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items() if k not in OWN_PARAMS}
    new = "?" + urlencode({"station": props["station_id"], **keep})
    if new == (search or ""):
        raise PreventUpdate
    return new


def _relayout_window(relayout: dict | None, state: dict[str, Any]) -> tuple[Any, Any] | str | None:
    """The x range a zoom/pan set (`"reset"` after a double click / autoscale); None when the x axis did not change."""
    if not relayout:
        return None
    if relayout.get("xaxis.autorange"):
        return "reset"
    if isinstance(relayout.get("xaxis.range"), list) and len(relayout["xaxis.range"]) == 2:
        return relayout["xaxis.range"][0], relayout["xaxis.range"][1]
    if "xaxis.range[0]" in relayout or "xaxis.range[1]" in relayout:
        return relayout.get("xaxis.range[0]", state.get("von")), relayout.get("xaxis.range[1]", state.get("bis"))
    return None


# Only relayouts that change the x axis reach the server. Plotly also reports autosize relayouts (first render, a
# resize): sent to the zoom callback they would be answered with nothing to do, and a request of that callback that is
# still pending when the reader picks a level makes Dash drop the level's answer (the chart and URL stayed unchanged).
clientside_callback(
    ClientsideFunction(namespace="wmKarte", function_name="zoomOnly"),
    Output("karte-zoom", "data"),
    Input(f"{CARD}-graph", "relayoutData"),
    prevent_initial_call=True,
)


@callback(
    Output(f"{CARD}-graph", "figure"),
    Output(f"{CARD}-caption", "children"),
    Output(f"{CARD}-titel", "children"),
    Output(f"{CARD}-tabelle", "children"),
    Output(f"{CARD}-csv", "href"),
    Output(f"{CARD}-xlsx", "href"),
    Output("karte-aufloesung", "children"),
    Output("karte-ganz", "hidden"),
    Output("karte-agg", "value"),
    Output("karte-zustand", "data"),
    Output("karte-fenster", "search"),
    Output(f"{CARD}-teilen", "data-share"),
    Input("karte-zoom", "data"),
    Input("karte-agg", "value"),
    Input("karte-ganz", "n_clicks"),
    State("karte-zustand", "data"),
    prevent_initial_call=True,
)
def zoom(relayout: dict | None, agg: str | None, _reset: int | None, state: dict[str, Any]) -> tuple:
    """Zoom or pan: the visible window at the finest level that keeps it under `ZOOM_POINTS` periods; a level from
    the selector: that level for the window; reset (double click, autoscale, button): the whole series at its
    default level. Figure, texts, table, download links, selector and URL follow; the page is not rendered again."""
    if not state:
        raise PreventUpdate
    new = {"agg": state.get("agg"), "von": state.get("von"), "bis": state.get("bis")}
    if ctx.triggered_id == "karte-zoom":
        rng = _relayout_window(relayout, state)
        if rng is None:
            raise PreventUpdate
        new = {"agg": None, "von": None, "bis": None} if rng == "reset" else {"agg": None, "von": rng[0], "bis": rng[1]}
    elif ctx.triggered_id == "karte-agg":
        if not agg or agg == state.get("shown"):
            raise PreventUpdate
        new["agg"] = agg
    elif ctx.triggered_id == "karte-ganz":
        new = {"agg": None, "von": None, "bis": None}
    else:
        raise PreventUpdate
    snap = snapshot()
    info = stations.station(snap, state.get("station", ""))
    view = _view(info, new["agg"], new["von"], new["bis"]) if info is not None else None
    if info is None or view is None:
        raise PreventUpdate
    current = _view(info, state.get("agg"), state.get("von"), state.get("bis"))
    if view == current:
        raise PreventUpdate  # e.g. a pan that stays within the same clipped window
    series = stations.station_series(snap, info, view.agg, window=view.window)
    starts = _starts(comparisons.measures_concerning(snap, info.kind.kind))
    fig = km.station_figure(series, info, view.agg, view.window, starts=starts)
    fig["layout"]["height"] = HEIGHT
    summary = stations.summarise(series, info)  # once for title and caption
    title = km.series_title(series, info, view.agg, summary=summary)
    download = STATION.bind(view.download(info.station_id), StationData(info, view.agg, series))
    extra = state.get("query") or {}
    return (
        fig,
        km.series_caption(series, info, view.agg, view.window, summary=summary),
        title,
        data_table_json(download.frame, caption=title),  # as JSON: 150 rows of components cost ~10 ms
        download.url("csv"),
        download.url("xlsx"),
        km.resolution_note(view.agg, view.mode, view.window),
        view.window is None,
        view.agg,
        _state(info, view, extra),
        "?" + urlencode({**view.params(info.station_id), **extra}),
        share_content(title, Share(_share_path(info.station_id, view, extra))),
    )
