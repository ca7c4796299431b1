"""Shared components, the only place that builds a chart (`dcc.Graph`; a test checks it).

`indicator_card` shows one indicator in any of its places (indicator page, Handlungsfeld card, embed, slide) and
`chart_card` any other chart: title with the message, chart, caption in words, data table, CSV/XLSX download of exactly
the shown table (a `dashboard.downloads.Download`), source, licence, "Stand" and the Demodaten/Beispielwert badges.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import format as fmt
from dashboard.charts import indicator_figure, series_caption, series_headline, series_table, template_json
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


class Deferred(Component):
    """Content shown once the page's first chart was drawn (issue #19), for what lies below the first charts of a
    page: it travels with the page as data and only then becomes this `div`'s children
    (`dashboard/assets/03-deferred.js`, namespace `wm_components`), so neither Dash's renderer nor React nor the
    browser's layout spend time on it before the first chart. After 3 s without a chart it is shown all the same.
    For content without callbacks of its own (it joins the page the way `dash_clientside.set_props` adds components:
    no initial callbacks fire for it)."""

    _children_props: list[str] = []
    _base_nodes = ["children"]
    _namespace = "wm_components"
    _type = "Deferred"

    def __init__(self, content: Component | list[Component], *, id: str, className: str | None = None) -> None:  # noqa: A002
        self._prop_names = ["children", "id", "content", "className"]
        self._valid_wildcard_attributes: list[str] = []
        self.available_properties = ["children", "id", "content", "className"]
        self.available_wildcard_properties: list[str] = []
        given = {"className": className} if className is not None else {}
        # as a list: Dash refuses a lone component in a property other than children (a list is data to it)
        super().__init__(id=id, content=content if isinstance(content, list) else [content], **given)


def graph_config(**extra: object) -> dict:
    """GRAPH_CONFIG with the reader's locale: month and day names on date axes follow the language."""
    return GRAPH_CONFIG | {"locale": current_lang()} | extra


def date_picker(
    component_id: str, value: date | str | None, first: date | None = None, last: date | None = None
) -> dcc.DatePickerSingle:
    """The one date field of the app: TT.MM.JJJJ, weeks from Monday, month and day names in the page's language
    (date-fns' locale, chosen in dashboard/assets/04-bibliotheken-deutsch.js), never the browser's native field."""
    return dcc.DatePickerSingle(
        id=component_id,
        date=value,
        min_date_allowed=first,
        max_date_allowed=last,
        display_format="DD.MM.YYYY",
        first_day_of_week=1,
        placeholder=_("TT.MM.JJJJ"),
        clearable=False,
    )


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
    """An accessible HTML table, numbers in the reader's format (`dashboard.format.plain`), dates as `TT.MM.JJJJ`.

    The body's rows and cells are the JSON of `html.Tr`/`html.Td` (what Dash sends for them), not the components: a
    Handlungsfeld page shows seven tables of up to 150 rows, and ~650 components cost it ~10 ms to build and send
    (`tests/dashboard/test_data_table.py` compares both)."""
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in table.columns]))
    shown = table.tail(MAX_TABLE_ROWS)  # the latest rows: what a reader of a time series wants first
    body = html.Tbody([_tr([_td(_cell(v)) for v in r]) for r in shown.iter_rows()])
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


def deferred_table(table: pl.DataFrame, *, caption: str) -> html.Div:
    """`data_table`'s content for a table behind a tab or a button: the same caption, note, header and cells (the same
    text, `_cell`), sent as one JSON attribute; the browser builds the table from it when it is first shown
    (`dashboard/assets/04-chart-cards.js`, DOM nodes with `textContent`: nothing in it is read as HTML).

    A table in a hidden tab cost the page its rendering anyway: Dash's renderer and React handle every cell as a
    component before the first chart is drawn. A Handlungsfeld page holds seven tables (~660 elements of its ~1 360
    outside the charts); built by the browser only when shown, the first chart appears ~0.1 s earlier (issue #19)."""
    shown = table.tail(MAX_TABLE_ROWS)
    note = (
        f"{_('Die neuesten')} {MAX_TABLE_ROWS} {_('von')} {table.height} {_('Zeilen; alle im Download.')}"
        if table.height > MAX_TABLE_ROWS
        else None
    )
    cells = [[_cell(v) for v in col] for col in shown.iter_columns()]
    payload = {
        "caption": caption,
        "note": note,
        "columns": list(shown.columns),
        "rows": [[c[i] for c in cells] for i in range(shown.height)],
    }
    return html.Div(
        className="wm-table-deferred", **{"data-table": json.dumps(payload, ensure_ascii=False, separators=(",", ":"))}
    )


def _td(text: str) -> dict[str, Any]:
    """`html.Td(text).to_plotly_json()`, without building the component."""
    return {"props": {"children": text}, "type": "Td", "namespace": "dash_html_components"}


def _tr(cells: list[dict[str, Any]]) -> dict[str, Any]:
    return {"props": {"children": cells}, "type": "Tr", "namespace": "dash_html_components"}


def _el(tag: str, children: Any, **props: Any) -> dict:
    """An HTML element as Dash sends it to the browser: what `html.<tag>(children, **props)` serialises to."""
    return {"type": tag, "namespace": "dash_html_components", "props": {"children": children, **props}}


def data_table_json(table: pl.DataFrame, *, caption: str) -> dict:
    """`data_table` as the JSON Dash sends (the same, tests/dashboard/test_components.py compares both), for a callback
    that returns a long table: 150 rows × 4 cells as Dash components cost ~5 ms to build and as much again to
    serialise, the dicts a fraction of it (the map's chart at the levels of an hour and less)."""
    shown = table.tail(MAX_TABLE_ROWS)
    cols = shown.columns
    cells = [[_cell(v) for v in col] for col in shown.iter_columns()]
    rows = [_el("Tr", [_el("Td", c[i]) for c in cells]) for i in range(shown.height)]
    head = _el("Thead", _el("Tr", [_el("Th", c, scope="col") for c in cols]))
    note = []
    if table.height > MAX_TABLE_ROWS:
        note = [
            _el(
                "P",
                f"{_('Die neuesten')} {MAX_TABLE_ROWS} {_('von')} {table.height} {_('Zeilen; alle im Download.')}",
                className="small text-body-secondary",
            )
        ]
    body = _el("Tbody", rows)
    return _el(
        "Div",
        [
            *note,
            _el(
                "Table",
                [_el("Caption", caption, className="visually-hidden"), head, body],
                className="table table-sm table-striped data-table",
            ),
        ],
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
    """CSV and XLSX of the shown table, PNG and SVG of the shown chart (plotly's own image export, German file names
    like the table's: `wirkungsmonitor-<dataset>-<id>-<YYYYMMDD>`; dashboard/assets/04-chart-cards.js)."""
    image = download.image_name()
    return html.Span(
        [
            f"{_('Download')}: ",
            html.A("CSV", href=download.url("csv"), className="me-2", download=""),
            html.A("XLSX", href=download.url("xlsx"), className="me-2", download=""),
            *[
                html.Button(
                    fmt_name,
                    type="button",
                    className="btn btn-link btn-sm p-0 align-baseline me-2 wm-image-download",
                    title=_("Grafik als {format} herunterladen").format(format=fmt_name),
                    **{"data-format": fmt_name.lower(), "data-filename": image},
                )
                for fmt_name in ("PNG", "SVG")
            ],
        ]
    )


# --- share and embed ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """What a chart card's "Teilen / Einbetten" dialog offers: the link to the view (`path` on this instance, with its
    query and fragment) and, when the public instance embeds the chart, its embed (`embed`: the chart id of
    `/embed/<id>`, see dashboard/embeds.py); None: the link only."""

    path: str
    embed: str | None = None


# the iframe's size: (key, width, height); "full" is the width of the page it sits in
EMBED_SIZES: list[tuple[str, str, int]] = [("full", "100%", 520), ("800", "800", 520), ("600", "600", 560), ("400", "400", 640)]
PREVIEW_SCALE = 0.5  # the preview shows the frame at half its size


def share_url(path: str) -> str:
    """`path` under the public address (`WM_PUBLIC_URL`, never the request's Host) in the reader's language:
    `?lang=en` when the page is English (a shared link has no cookie)."""
    parts = urlsplit(path)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "lang"]
    if current_lang() == "en":
        query.append(("lang", "en"))
    q = urlencode(query)
    from dashboard.factory import absolute_url

    return absolute_url(parts.path + (f"?{q}" if q else "") + (f"#{parts.fragment}" if parts.fragment else ""))


def embed_code(chart_id: str, title: str, width: str = "100%", height: int = 520) -> str:
    """The iframe code of a public embed (`/embed/<chart_id>`) under the public address, in the reader's language."""
    return (
        f'<iframe src="{escape(share_url(f"/embed/{chart_id}"))}" title="{escape(title)}" '
        f'width="{width}" height="{height}" style="border:0" loading="lazy"></iframe>'
    )


def share_button(card_id: str) -> html.Button:
    return html.Button(
        _("Teilen / Einbetten"),
        type="button",
        id=f"{card_id}-teilen-knopf",
        className="btn btn-sm btn-outline-primary wm-share-open",
        **{"data-dialog": f"{card_id}-teilen", "aria-haspopup": "dialog"},
    )


def share_dialog(card_id: str, title: str, share: Share) -> html.Dialog:
    """A modal `<dialog>` (opened by `share_button`; Escape and the close buttons close it, the focus returns): the
    link with a copy button, and the iframe code with a copy button, a choice of size and a preview of that size —
    or, where the public instance has no embed of this chart, a sentence saying so.

    Sent empty, its content as one JSON attribute (`share_content`); the browser builds it when the dialog is first
    opened (`dashboard/assets/04-chart-cards.js`, DOM nodes with `textContent`: nothing in it is read as HTML). As Dash
    components the seven dialogs of a Handlungsfeld page were ~180 components the renderer and React handled before
    the first chart was drawn (issue #19). A callback that changes the view writes the attribute again (the map)."""
    d = f"{card_id}-teilen"
    return html.Dialog(
        id=d, className="wm-dialog", **{"aria-labelledby": f"{d}-titel", "data-share": share_content(title, share)}
    )


def share_content(title: str, share: Share) -> str:
    """What `share_dialog` shows, in the reader's language: the JSON its builder in 04-chart-cards.js reads."""
    from dashboard.factory import settings

    content: dict[str, Any] = {
        "title": _("Teilen / Einbetten") + f": {title}",
        "close": _("Schließen"),
        "copied": _("In die Zwischenablage kopiert."),
        "warning": None
        if settings().public_url
        else _("Die öffentliche Adresse (WM_PUBLIC_URL) ist nicht eingestellt: Link und Code enthalten nur den Pfad."),
        "link_label": _("Link zu dieser Ansicht"),
        "link": share_url(share.path),
        "copy_link": _("Link kopieren"),
        "no_embed": _(
            "Diese Grafik lässt sich nicht einbetten (die öffentliche Instanz bietet keine Einbettung für sie); teilen Sie den Link."
        )
        if share.embed is None
        else None,
        "embed": None,
    }
    if share.embed is not None:
        _key, width, height = EMBED_SIZES[0]
        content["embed"] = {
            "label": _("Code zum Einbetten"),
            "code": embed_code(share.embed, title, width, height),
            "copy": _("Code kopieren"),
            "size": _("Größe"),
            "sizes": [{"value": f"{w}x{h}", "label": _size_label(w, h)} for _k, w, h in EMBED_SIZES],
            "preview": _("Vorschau in halber Größe"),
            "preview_title": title,
            "scale": PREVIEW_SCALE,
        }
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"))


def _size_label(width: str, height: int) -> str:
    w = _("volle Breite") if width.endswith("%") else f"{width} px"
    return f"{w} × {height} px"


# --- chart and table as two tabs ---------------------------------------------------------------------------------------


def chart_tabs(card_id: str, title: str, chart: Component, table: Component) -> html.Div:
    """Chart and table as two tabs of equal rank (WAI-ARIA tabs: Tab reaches the chosen tab, the arrow keys, Home and
    End choose another; dashboard/assets/04-chart-cards.js). The table comes with the page, not from the server on
    demand; as `deferred_table` the browser builds it when the tab first shows it."""
    tabs = [("grafik", _("Grafik"), chart), ("tabelle", _("Tabelle"), table)]
    return html.Div(
        [
            html.Div(
                [
                    html.Button(
                        label,
                        type="button",
                        role="tab",
                        id=f"{card_id}-tab-{key}",
                        className="nav-link" + (" active" if i == 0 else ""),
                        tabIndex="0" if i == 0 else "-1",
                        **{"aria-selected": "true" if i == 0 else "false", "aria-controls": f"{card_id}-panel-{key}"},
                    )
                    for i, (key, label, _c) in enumerate(tabs)
                ],
                role="tablist",
                className="nav nav-tabs wm-tabs mb-2",
                **{"aria-label": f"{title}: " + _("Grafik oder Tabelle")},
            ),
            *[
                html.Div(
                    content,
                    role="tabpanel",
                    id=f"{card_id}-panel-{key}",
                    hidden=i != 0,
                    className="wm-tabpanel",
                    **{"aria-labelledby": f"{card_id}-tab-{key}"},
                )
                for i, (key, _label, content) in enumerate(tabs)
            ],
        ],
        className="wm-chart-tabs mb-2",
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
    share: Share | None = None,
) -> dbc.Card:
    """A chart with its table and downloads: the table shown is `download.frame`, the table the download returns.
    Chart and table are two tabs; `share` adds the "Teilen / Einbetten" button and dialog."""
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
    chart = html.Figure(
        [
            graph(
                figure,
                graph_id=graph_id or f"{card_id}-graph",
                className="chart",
                config=graph_config(toImageButtonOptions={"filename": download.image_name()}),
            ),
            html.Figcaption(caption, id=cap_id, className="small mt-1"),
        ],
        className="mb-0",
        **{"aria-label": title},
    )  # <figure>: implicit role figure (role=group not allowed)
    table = html.Div(
        deferred_table(download.frame, caption=title),
        className="table-responsive",
        style={"maxHeight": "320px"},
        tabIndex="0",  # a scrolling region is reachable by keyboard
        **{"aria-label": _("Datentabelle") + f": {title}"},
    )
    head = html.Div(
        [
            html.Div([html.H3(title, className="h5 mb-1 d-inline me-2"), *demo_badge(demo, example)]),
            *([share_button(card_id)] if share is not None else []),
        ],
        className="d-flex justify-content-between align-items-start gap-2 mb-2",
    )
    return dbc.Card(
        dbc.CardBody(
            [
                head,
                chart_tabs(card_id, title, chart, table),
                *(extra or []),
                html.P(footer, className="small text-body-secondary mb-0"),
                *([share_dialog(card_id, title, share)] if share is not None else []),
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
# the chart's width in a 1280 px window (the legend's rows: `first_draw_margin`); an embed's is the site's: ~600 px
WIDTHS: dict[str, int] = {"page": 1220, "card": 580, "embed": 600}
EMBED_MARGIN = {"l": 50, "r": 10, "t": 30, "b": 40}  # an embed is small: narrower margins than the theme's


def indicator_card(
    view: views.IndicatorView,
    variant: Variant = "card",
    *,
    snap: Snapshot,
    licence: str,
    station: str | None = None,
    title: str | None = None,
    extra: list | None = None,
    share_path: str | None = None,
) -> Component:
    """One indicator wherever it is shown: title, figure, caption, data table, source/licence/Stand, badges and the
    download, all from the same `view` (`indicators.views.indicator_view`).

    `page`: the indicator page (title with the latest value); `card`: a card among others (Handlungsfeld); `embed`:
    the public iframe (no card frame, no mode bar, a link to the monitor).
    `station` is the station the view was computed for (an embed of one counter), part of the download's parameters.
    `share_path`: the view the card's "Teilen / Einbetten" link leads to (default: the indicator page); the dialog
    offers the iframe code when the public instance embeds the indicator.
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
    figure = indicator_figure(
        view.series,
        ind,
        measure_start=view.measure_start,
        status=city,
        width=WIDTHS[variant],
        margin=EMBED_MARGIN if variant == "embed" else None,
    )
    caption = series_caption(view.series, ind, city)
    demo = views.has_demo_data(snap) and ind.computed
    if variant == "embed":
        figure["layout"].update(height=HEIGHTS["embed"])
        return html.Div(
            [
                html.H1([title, " ", *demo_badge(demo, ind.is_example)], className="h5 mb-2"),
                chart_tabs(
                    "embed",
                    title,
                    html.Figure(
                        [
                            graph(
                                figure, graph_id="embed-graph", config=graph_config(displayModeBar=False), style={"width": "100%"}
                            ),
                            html.Figcaption([caption, " ", reference_note(view)], className="small"),
                        ],
                        className="mb-0",
                        **{"aria-label": title},
                    ),
                    html.Div(
                        deferred_table(download.frame, caption=title),
                        className="table-responsive",
                        style={"maxHeight": "260px"},
                        tabIndex="0",
                        **{"aria-label": _("Datentabelle") + f": {title}"},
                    ),
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
    from dashboard.embeds import allowed
    from dashboard.factory import settings

    embeddable = station is None and ind.indicator_id in allowed(snap, settings().embeds_file)
    share = Share(share_path or f"/indikatoren/{ind.indicator_id}", ind.indicator_id if embeddable else None)
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
        share=share,
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


def sparkline_figure(series: pl.DataFrame) -> dict[str, Any]:
    """A small line of the series without axes, grid or hover: its shape at a glance (`period_start`, `value`).

    The figure as the JSON dict `go.Figure` gives for it (`tests/dashboard/test_sparkline.py` compares the two):
    building 35 `go.Figure`s with their validation took the overview ~250 ms per view."""
    s = series.drop_nulls("value").sort("period_start")
    return _sparkline_dict(*_spark_points(s))


def _spark_points(s: pl.DataFrame) -> tuple[list[Any], list[Any]]:
    """The points of the line for a series without gaps, sorted by period."""
    if s.height > SPARK_POINTS:  # means of equal runs of values: the shape stays, the page stays light
        k = -(-s.height // SPARK_POINTS)
        s = (
            s.with_row_index("_i")
            .group_by(pl.col("_i") // k, maintain_order=True)
            .agg(pl.col("period_start").first(), pl.col("value").mean())
        )
    return s["period_start"].to_list(), s["value"].to_list()


def _sparkline_dict(x: list[Any], y: list[Any]) -> dict[str, Any]:
    data: list[dict[str, Any]] = [
        {
            "hoverinfo": "skip",
            "line": {"color": MUTED, "width": 2},
            "mode": "lines",
            "showlegend": False,
            "x": x,
            "y": y,
            "type": "scatter",
        }
    ]
    if x:  # the latest value as a dot: the number beside the line is this one
        data.append(
            {
                "hoverinfo": "skip",
                "marker": {"color": "#000000", "size": 6},
                "mode": "markers",
                "x": [x[-1]],
                "y": [y[-1]],
                "type": "scatter",
            }
        )
    layout = {
        "height": SPARK_H,
        "margin": {"b": 4, "l": 3, "r": 5, "t": 4},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "showlegend": False,
        "width": SPARK_W,
        "xaxis": {"fixedrange": True, "visible": False},
        "yaxis": {"fixedrange": True, "visible": False},
        "template": template_json(),
    }
    return {"data": data, "layout": layout}


def sparkline_text(series: pl.DataFrame, unit: str) -> str:
    """The sparkline in words (its text alternative): from the first to the latest value, with their dates."""
    s = series.drop_nulls("value").sort("period_start")
    first, last = s.row(0, named=True), s.row(-1, named=True)
    return _spark_text(first["value"], first["period_start"], last["value"], last["period_start"], unit)


def _spark_text(first: float, first_day: date, last: float, last_day: date, unit: str) -> str:
    return _("Verlauf von {first} ({first_day}) bis {last} ({last_day})").format(
        first=fmt.value(first, unit), first_day=fmt.day(first_day), last=fmt.value(last, unit), last_day=fmt.day(last_day)
    )


def sparkline(series: pl.DataFrame, unit: str) -> html.Span:
    """A static sparkline (no mode bar, no hover) with its text alternative: an image named by `sparkline_text`."""
    return _sparkline(sparkline_figure(series), sparkline_text(series, unit))


def sparkline_of(periods: Sequence[date], values: Sequence[float], unit: str) -> html.Span:
    """`sparkline` of a series given as its periods and values, without gaps and sorted by period
    (`indicators.views.Glance`): the same sparkline without a frame operation unless it has more than `SPARK_POINTS`
    values (`tests/dashboard/test_sparkline.py` compares the two)."""
    if len(periods) > SPARK_POINTS:
        figure = sparkline_figure(pl.DataFrame({"period_start": periods, "value": values}, schema=_SPARK_SCHEMA))
    else:
        figure = _sparkline_dict(list(periods), list(values))
    return _sparkline(figure, _spark_text(values[0], periods[0], values[-1], periods[-1], unit))


_SPARK_SCHEMA = {"period_start": pl.Date, "value": pl.Float64}


def _sparkline(figure: dict[str, Any], text: str) -> html.Span:
    return html.Span(
        graph(
            figure,
            config={"staticPlot": True, "displayModeBar": False, "responsive": False},
            style={"width": f"{SPARK_W}px", "height": f"{SPARK_H}px"},
            className="sparkline-graph",
        ),
        role="img",
        className="sparkline",
        **{"aria-label": text},
    )
