"""Shared components, the only place that builds a chart (`dcc.Graph`; a test checks it).

`indicator_card` shows one indicator in any of its places (indicator page, Handlungsfeld card, embed, slide) and
`chart_card` any other chart: title with the message, chart, caption in words, data table, CSV/XLSX download of exactly
the shown table (a `dashboard.downloads.Download`), source, licence, "Stand" and the Demodaten/Beispielwert badges.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import format as fmt
from dashboard.charts import indicator_figure, series_caption, series_headline, series_table
from dashboard.content import indicator_text
from dashboard.downloads import Download, dataset
from dashboard.i18n import _, current_lang
from dashboard.status_display import MEASURE_STATUS_STYLE, STATUS_DISPLAY, status_label
from dashboard.theme import MUTED
from indicators import registry, views
from indicators.labels import MEASURE_STATUS_DE
from indicators.store import Snapshot

# showSendToCloud: plotly.js 3 shows a "Share chart..." button by default (English label in a German toolbar, and it
# would upload the chart's data to Plotly Cloud): off
GRAPH_CONFIG = {
    "locale": "de",
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"],
}


def graph_config(**extra: object) -> dict:
    """GRAPH_CONFIG with the reader's locale: month and day names on date axes follow the language."""
    return GRAPH_CONFIG | {"locale": current_lang()} | extra


MAX_TABLE_ROWS = 150  # a longer table makes the page heavy for Dash; the download holds every row


def demo_badge(demo: bool, example: bool = False) -> list[dbc.Badge]:
    out = []
    if demo:
        out.append(
            dbc.Badge(
                _("Demodaten"),
                color="warning",
                text_color="dark",
                className="me-1 badge-demo",
                title=_("Generierte Demodaten, keine Messwerte der Stadt"),
            )
        )
    if example:
        out.append(
            dbc.Badge(
                _("Beispielwert"),
                color="light",
                text_color="dark",
                className="me-1 border border-dark",
                title=_("Basis-/Zielwerte sind Beispielwerte, nicht die Zahlen der Stadt"),
            )
        )
    return out


def status_badge(status: str) -> html.Span:
    """Progress status in words, with icon and colour (never colour alone)."""
    d = STATUS_DISPLAY[status]
    return html.Span(
        [html.Span(d["icon"], **{"aria-hidden": "true"}), " ", status_label(status)],
        className="badge status-badge",
        style={"backgroundColor": d["color"], "color": "#FFFFFF"},
    )


def data_table(table: pl.DataFrame, *, caption: str) -> html.Div:
    """An accessible HTML table, numbers in the reader's format (`dashboard.format.plain`), dates as `TT.MM.JJJJ`."""
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in table.columns]))
    shown = table.tail(MAX_TABLE_ROWS)  # the latest rows: what a reader of a time series wants first
    body = html.Tbody([html.Tr([html.Td(_cell(v)) for v in r]) for r in shown.iter_rows()])
    note = []
    if table.height > MAX_TABLE_ROWS:
        note = [
            html.P(
                f"{_('Die neuesten')} {MAX_TABLE_ROWS} {_('von')} {table.height} {_('Zeilen; alle im Download.')}",
                className="small text-body-secondary",
            )
        ]
    return html.Div(
        [
            *note,
            html.Table(
                [html.Caption(caption, className="visually-hidden"), head, body],
                className="table table-sm table-striped data-table",
            ),
        ]
    )


def _cell(v: Any) -> str:
    if isinstance(v, float | int) and not isinstance(v, bool):
        return fmt.plain(v)
    if isinstance(v, date):
        return fmt.day(v)
    if v is None:
        return "–"
    return str(v)


def download_links(download: Download) -> html.Span:
    return html.Span(
        [
            f"{_('Download')}: ",
            html.A("CSV", href=download.url("csv"), className="me-2", download=""),
            html.A("XLSX", href=download.url("xlsx"), download=""),
        ]
    )


def graph(figure: go.Figure | dict, *, graph_id: str | dict | None = None, config: dict | None = None, **props: Any) -> dcc.Graph:
    """The one constructor of `dcc.Graph` (charts of slides and cards): the shared config unless given."""
    if graph_id is not None:
        props["id"] = graph_id
    # decimal mark and thousands separator of the reader's language on axes and in hover labels (`1.234,5` / `1,234.5`)
    if isinstance(figure, dict):
        figure.setdefault("layout", {})["separators"] = fmt.separators()
    else:
        figure.update_layout(separators=fmt.separators())
    return dcc.Graph(figure=figure, config=config if config is not None else graph_config(), **props)


def chart_card(
    *,
    card_id: str,
    title: str,
    figure: go.Figure | dict,
    caption: str,
    download: Download,
    source: str,
    licence: str,
    stand: date | None,
    demo: bool = False,
    example: bool = False,
    extra: list | None = None,
    height: int = 340,
    graph_id: str | dict | None = None,
) -> dbc.Card:
    """A chart with its table and download: the table shown is `download.frame`, the table the download returns."""
    if isinstance(figure, dict):  # a figure built as plain dict (dashboard/charts.py)
        figure["layout"]["height"] = height
    else:
        figure.update_layout(height=height)
    cap_id = f"{card_id}-caption"
    footer = [
        html.Span(f"{_('Quelle')}: {source}"),
        " · ",
        html.Span(f"{_('Lizenz')}: {licence}"),
        " · ",
        html.Span(f"{_('Stand')}: {fmt.day(stand)}"),
        " · ",
        download_links(download),
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div([html.H3(title, className="h5 mb-1 d-inline me-2"), *demo_badge(demo, example)], className="mb-2"),
                html.Figure(
                    [
                        graph(figure, graph_id=graph_id or f"{card_id}-graph", className="chart"),
                        html.Figcaption(caption, id=cap_id, className="small mt-1"),
                    ],
                    className="mb-2",
                    **{"aria-label": title},
                ),  # <figure>: implicit role figure (role=group not allowed)
                *(extra or []),
                html.Details(
                    [
                        html.Summary(_("Datentabelle anzeigen"), className="small"),
                        html.Div(
                            data_table(download.frame, caption=title), className="table-responsive", style={"maxHeight": "320px"}
                        ),
                    ],
                    className="mb-2",
                ),
                html.P(footer, className="small text-body-secondary mb-0"),
            ]
        ),
        className="mb-3 chart-card",
        id=card_id,
    )


# --- the indicator card ----------------------------------------------------------------------------------------------


def _indicator_load(snap: Snapshot, params: Mapping[str, str]) -> views.IndicatorView:
    from flask import abort

    try:
        ind = registry.get(snap, params.get("id", ""))
    except KeyError:
        abort(404)
    return views.indicator_view(snap, ind, today=date.today(), station=params.get("station") or None)


def _indicator_table(view: views.IndicatorView) -> pl.DataFrame:
    return series_table(view.series, view.indicator)


# the shell's dataset: every indicator card (indicator page, Handlungsfeld, embed) shows and offers this table
INDICATOR = dataset("indikator", load=_indicator_load, table=_indicator_table, page=None)

# Slides are not a variant: a slide's chart is a projector figure of its own (large labels placed to avoid each other,
# key points only, the PDF export's page size) built by pages/praesentation/figures.py from the deck's data, and it
# reaches the page through `graph` like every other figure.
Variant = Literal["page", "card", "embed"]
HEIGHTS: dict[str, int] = {"page": 420, "card": 340, "embed": 300}


def indicator_card(
    view: views.IndicatorView,
    variant: Variant = "card",
    *,
    snap: Snapshot,
    licence: str,
    station: str | None = None,
    title: str | None = None,
    extra: list | None = None,
) -> Component:
    """One indicator wherever it is shown: title, figure, caption, data table, source/licence/Stand, badges and the
    download, all from the same `view` (`indicators.views.indicator_view`).

    `page`: the indicator page (title with the latest value); `card`: a card among others (Handlungsfeld); `embed`:
    the public iframe (no card frame, no mode bar, a link to the monitor).
    `station` is the station the view was computed for (an embed of one counter), part of the download's parameters.
    """
    ind = view.indicator
    title = title or (series_headline(view.series, ind) if variant == "page" else indicator_text(ind, "name"))
    if view.series.is_empty():
        if variant == "embed":
            return html.Div([html.H1(title, className="h5"), html.P(_("Für diese Grafik liegen noch keine Werte vor."))])
        return dbc.Alert(_("Für diesen Indikator liegen noch keine Werte vor."), color="info")
    download = INDICATOR.bind({"id": ind.indicator_id, "station": station}, view)
    # the city's baseline and target belong to the city series: a station's series shows neither
    city = view.status if view.station is None else None
    figure = indicator_figure(view.series, ind, measure_start=view.measure_start, status=city)
    caption = series_caption(view.series, ind, city)
    demo = views.has_demo_data(snap) and ind.computed
    if variant == "embed":
        figure["layout"].update(height=HEIGHTS["embed"], margin=dict(l=50, r=10, t=30, b=40))
        return html.Div(
            [
                html.H1([title, " ", *demo_badge(demo, ind.is_example)], className="h5 mb-2"),
                html.Figure(
                    [
                        graph(figure, graph_id="embed-graph", config=graph_config(displayModeBar=False), style={"width": "100%"}),
                        html.Figcaption([caption, " ", reference_note(view)], className="small"),
                    ],
                    **{"aria-label": title},
                ),
                html.Details(
                    [
                        html.Summary(_("Datentabelle anzeigen"), className="small"),
                        html.Div(
                            data_table(download.frame, caption=title), className="table-responsive", style={"maxHeight": "260px"}
                        ),
                    ]
                ),
                html.P(
                    [
                        f"{_('Quelle')}: {indicator_text(ind, 'source')} · {_('Lizenz')}: {licence} · {_('Stand')}: "
                        f"{fmt.day(view.status.latest_period)} · ",
                        html.A(
                            _("Mehr im Wirkungsmonitor"), href=f"/indikatoren/{ind.indicator_id}", target="_blank", rel="noopener"
                        ),
                    ],
                    className="small text-body-secondary mb-0",
                ),
            ],
            className="p-2",
            lang=current_lang(),
        )
    prefix = "indikator" if variant == "page" else "karte"
    return chart_card(
        card_id=f"{prefix}-{ind.indicator_id}",
        title=title,
        figure=figure,
        caption=caption,
        download=download,
        source=indicator_text(ind, "source"),
        licence=licence,
        stand=view.status.latest_period,
        demo=demo,
        example=ind.is_example,
        extra=extra,
        height=HEIGHTS[variant],
    )


def reference_note(view: views.IndicatorView) -> str:
    """Which reference lines a chart shows: the city's baseline and target on the city series, none on a station's."""
    ind = view.indicator
    if view.station is not None:
        return _(
            "Die Reihe zeigt eine Station allein: Basis- und Zielwert der Stadt gelten für die ganze Stadt und sind hier nicht eingezeichnet."
        )
    if ind.target_value is None and view.status.compared_baseline is None:
        return ""
    return _("Basis- und Zielwert gelten für die ganze Stadt.")


def measure_status_badge(status: str, *, backlog: bool = False) -> html.Span:
    """A measure's status as icon and word on its colour (the word carries the meaning, not the colour)."""
    if backlog:
        return html.Span(
            [html.Span("□", **{"aria-hidden": "true"}), " " + _("Maßnahmenspeicher")],
            className="badge status-badge text-dark border border-dark",
            style={"backgroundColor": "#FFFFFF"},
        )
    style = MEASURE_STATUS_STYLE.get(status, {"color": MUTED, "icon": "?"})
    return html.Span(
        [html.Span(style["icon"], **{"aria-hidden": "true"}), " ", _(MEASURE_STATUS_DE.get(status, status))],
        className="badge status-badge",
        style={"backgroundColor": style["color"], "color": "#FFFFFF"},
    )


SPARK_POINTS = 60  # a sparkline shows the shape, not every day: at most this many points (means of equal runs)
SPARK_W, SPARK_H = 120, 32  # px


def sparkline_figure(series: pl.DataFrame) -> go.Figure:
    """A small line of the series without axes, grid or hover: its shape at a glance (`period_start`, `value`)."""
    s = series.drop_nulls("value").sort("period_start")
    if s.height > SPARK_POINTS:  # means of equal runs of values: the shape stays, the page stays light
        k = -(-s.height // SPARK_POINTS)
        s = (
            s.with_row_index("_i")
            .group_by(pl.col("_i") // k, maintain_order=True)
            .agg(pl.col("period_start").first(), pl.col("value").mean())
        )
    x, y = s["period_start"].to_list(), s["value"].to_list()
    fig = go.Figure(go.Scatter(x=x, y=y, mode="lines", line=dict(color=MUTED, width=2), hoverinfo="skip", showlegend=False))
    if x:  # the latest value as a dot: the number beside the line is this one
        fig.add_trace(go.Scatter(x=[x[-1]], y=[y[-1]], mode="markers", marker=dict(size=6, color="#000000"), hoverinfo="skip"))
    fig.update_layout(
        width=SPARK_W,
        height=SPARK_H,
        margin=dict(l=3, r=5, t=4, b=4),
        xaxis=dict(visible=False, fixedrange=True),
        yaxis=dict(visible=False, fixedrange=True),
        showlegend=False,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def sparkline_text(series: pl.DataFrame, unit: str) -> str:
    """The sparkline in words (its text alternative): from the first to the latest value, with their dates."""
    s = series.drop_nulls("value").sort("period_start")
    first, last = s.row(0, named=True), s.row(-1, named=True)
    return _("Verlauf von {first} ({first_day}) bis {last} {unit} ({last_day})").format(
        first=fmt.number(first["value"], 1),
        first_day=fmt.day(first["period_start"]),
        last=fmt.number(last["value"], 1),
        unit=_(unit),
        last_day=fmt.day(last["period_start"]),
    )


def sparkline(series: pl.DataFrame, unit: str) -> html.Span:
    """A static sparkline (no mode bar, no hover) with its text alternative: an image named by `sparkline_text`."""
    return html.Span(
        graph(
            sparkline_figure(series),
            config={"staticPlot": True, "displayModeBar": False, "responsive": False},
            style={"width": f"{SPARK_W}px", "height": f"{SPARK_H}px"},
            className="sparkline-graph",
        ),
        role="img",
        className="sparkline",
        **{"aria-label": sparkline_text(series, unit)},
    )
