"""Shared components. `chart_card` builds every chart: title with the message, chart, caption in words, data table,
CSV/XLSX download of exactly the shown data, source, licence, "Stand" and the Demodaten/Beispielwert badges."""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
import polars as pl
from dash import dcc, html

from dashboard import format as fmt
from dashboard.i18n import _, current_lang
from dashboard.status_display import STATUS_DISPLAY, status_label

# showSendToCloud: plotly.js 3 shows a "Share chart..." button by default (English label in a German toolbar, and it
# would upload the chart's data to Plotly Cloud): off
GRAPH_CONFIG = {"locale": "de", "displaylogo": False, "responsive": True, "showSendToCloud": False,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"]}
def graph_config(**extra: object) -> dict:
    """GRAPH_CONFIG with the reader's locale: month and day names on date axes follow the language."""
    return GRAPH_CONFIG | {"locale": current_lang()} | extra


MAX_TABLE_ROWS = 150  # a longer table makes the page heavy for Dash; the download holds every row


def demo_badge(demo: bool, example: bool = False) -> list:
    out = []
    if demo:
        out.append(dbc.Badge(_("Demodaten"), color="warning", text_color="dark", className="me-1 badge-demo",
                             title=_("Generierte Demodaten, keine Messwerte der Stadt")))
    if example:
        out.append(dbc.Badge(_("Beispielwert"), color="light", text_color="dark", className="me-1 border border-dark",
                             title=_("Basis-/Zielwerte sind Beispielwerte, nicht die Zahlen der Stadt")))
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
    """An accessible HTML table with German number and date formats."""
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in table.columns]))
    shown = table.tail(MAX_TABLE_ROWS)  # the latest rows: what a reader of a time series wants first
    body = html.Tbody([html.Tr([html.Td(_cell(v)) for v in r]) for r in shown.iter_rows()])
    note = []
    if table.height > MAX_TABLE_ROWS:
        note = [html.P(f"{_('Die neuesten')} {MAX_TABLE_ROWS} {_('von')} {table.height} {_('Zeilen; alle im Download.')}",
                       className="small text-body-secondary")]
    return html.Div([*note, html.Table([html.Caption(caption, className="visually-hidden"), head, body],
                                       className="table table-sm table-striped data-table")])


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return fmt.number(v, 1 if abs(v) < 100 else 0)
    if isinstance(v, int) and not isinstance(v, bool):
        return fmt.number(v)
    if isinstance(v, date):
        return fmt.day(v)
    if v is None:
        return "–"
    return str(v)


def download_links(dataset: str, params: dict[str, Any]) -> html.Span:
    q = urlencode({k: v for k, v in params.items() if v is not None})
    suffix = f"?{q}" if q else ""
    return html.Span([
        f"{_('Download')}: ",
        html.A("CSV", href=f"/daten/{dataset}.csv{suffix}", className="me-2", download=""),
        html.A("XLSX", href=f"/daten/{dataset}.xlsx{suffix}", download=""),
    ])


def chart_card(
    *,
    card_id: str,
    title: str,
    figure: go.Figure | dict,
    caption: str,
    table: pl.DataFrame,
    source: str,
    licence: str,
    stand: date | None,
    demo: bool = False,
    example: bool = False,
    dataset: tuple[str, dict[str, Any]] | None = None,
    extra: list | None = None,
    height: int = 340,
    graph_id: str | dict | None = None,
) -> dbc.Card:
    if isinstance(figure, dict):  # a figure built as plain dict (dashboard/charts.py)
        figure["layout"]["height"] = height
    else:
        figure.update_layout(height=height)
    cap_id = f"{card_id}-caption"
    footer = [html.Span(f"{_('Quelle')}: {source}"), " · ", html.Span(f"{_('Lizenz')}: {licence}"), " · ",
              html.Span(f"{_('Stand')}: {fmt.day(stand)}")]
    if dataset:
        footer += [" · ", download_links(*dataset)]
    return dbc.Card(
        dbc.CardBody([
            html.Div([html.H3(title, className="h5 mb-1 d-inline me-2"), *demo_badge(demo, example)], className="mb-2"),
            html.Figure([
                dcc.Graph(id=graph_id or f"{card_id}-graph", figure=figure, config=graph_config(), className="chart"),
                html.Figcaption(caption, id=cap_id, className="small mt-1"),
            ], className="mb-2", **{"aria-label": title}),  # <figure>: implicit role figure (role=group not allowed)
            *(extra or []),
            html.Details([
                html.Summary(_("Datentabelle anzeigen"), className="small"),
                html.Div(data_table(table, caption=title), className="table-responsive", style={"maxHeight": "320px"}),
            ], className="mb-2"),
            html.P(footer, className="small text-body-secondary mb-0"),
        ]),
        className="mb-3 chart-card",
        id=card_id,
    )
