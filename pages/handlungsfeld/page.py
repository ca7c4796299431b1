"""Handlungsfeld: Zielbild, its measures with status and time plan, its indicators as chart cards."""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import format as fmt
from dashboard.components import Deferred, demo_badge, indicator_card, status_badge
from dashboard.content import field_text, measure_text
from dashboard.factory import settings, snapshot
from dashboard.glossary import Links
from dashboard.i18n import _, page_title
from indicators import views
from indicators.labels import MEASURE_STATUS_DE

# the cards of the first row (two side by side from `lg`) come with the page; the rest once the first chart is drawn
FIRST_ROW = 2
FIELDS = ["mobilitaet", "wohnen-leben", "sauberkeit", "wirtschaft", "kommunikation-bildung", "klima-umwelt"]

dash.register_page(
    __name__,
    path_template="/handlungsfeld/<slug>",
    name="Handlungsfeld",
    nav=False,
    public=True,
    title=page_title("Handlungsfeld", shown=lambda slug="", **_v: _shown(slug)),
)


def _shown(slug: str) -> str | None:
    found = views.action_field(snapshot(), slug)
    return (
        f"{_('Handlungsfeld')} {field_text(snapshot(), slug, 'name', found[0])}" if found is not None else None
    )  # as the page heading


def layout(slug: str = "", **_query: str) -> html.Div:
    snap = snapshot()
    found = views.action_field(snap, slug)
    if found is None:
        return html.Div(
            [
                html.H1(_("Handlungsfeld nicht gefunden")),
                html.P([_("Bekannt sind:") + " ", *[html.A(s, href=f"/handlungsfeld/{s}", className="me-2") for s in FIELDS]]),
            ]
        )
    name, zielbild = found
    today = date.today()
    demo = views.has_demo_data(snap)
    measures = views.field_measures(snap, slug)
    links = Links()  # the first use of a term links to its glossary entry
    rows = [
        html.Tr(
            [
                html.Td(html.A(measure_text(snap, m["measure_id"], "title", m["title"]), href=f"/massnahmen/{m['measure_id']}")),
                html.Td(
                    links(_("Maßnahmenspeicher"), "massnahmenspeicher")
                    if m["in_backlog"]
                    else _(MEASURE_STATUS_DE.get(m["status"], m["status"]))
                ),
                html.Td(m["responsible_unit"]),
                html.Td(f"{fmt.day(m['start_date'])} – {fmt.day(m['end_date'])}"),
            ]
        )
        for m in measures.iter_rows(named=True)
    ]
    cards = []
    for ind in views.field_indicators(snap, slug):
        v = views.indicator_view(snap, ind, today=today)
        if v.series.is_empty():
            continue
        cards.append(
            dbc.Col(
                indicator_card(
                    v,
                    "card",
                    snap=snap,
                    licence=settings().licence,
                    share_path=f"/handlungsfeld/{slug}#karte-{ind.indicator_id}",  # the card on this page
                    extra=[
                        html.P(
                            [
                                status_badge(v.status.progress_status),
                                " ",
                                html.A(_("Details zum Indikator"), href=f"/indikatoren/{ind.indicator_id}", className="small"),
                            ],
                            className="mb-2",
                        )
                    ],
                ),
                lg=6,
            )
        )
    return html.Div(
        [
            html.H1(f"{_('Handlungsfeld')} {field_text(snap, slug, 'name', name)}"),
            html.P(links(_("Zielbild"), "zielbild"), className="small fw-semibold mb-1", id="handlungsfeld-zielbild"),
            html.Blockquote(
                html.P(field_text(snap, slug, "zielbild", zielbild), className="mb-0"),
                className="blockquote border-start border-4 ps-3",
            ),
            html.H2(_("Maßnahmen"), className="h3 mt-4"),
            html.Table(
                [
                    html.Thead(
                        html.Tr([html.Th(_(h), scope="col") for h in ("Maßnahme", "Status", "Verantwortlich", "Zeitplan")])
                    ),
                    html.Tbody(rows),
                ],
                className="table",
            ),
            html.H2([_("Indikatoren"), " ", *demo_badge(demo)], className="h3 mt-4"),
            dbc.Row(cards[:FIRST_ROW]) if cards else html.P(_("Für dieses Handlungsfeld liegen noch keine Indikatorwerte vor.")),
            *([Deferred(dbc.Row(cards[FIRST_ROW:]), id="handlungsfeld-weitere-karten")] if len(cards) > FIRST_ROW else []),
        ]
    )
