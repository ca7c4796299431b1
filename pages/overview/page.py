"""Übersicht: the six Handlungsfelder as tiles with Zielbild, measures by status, indicators by progress, freshness."""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import format as fmt
from dashboard.components import demo_badge, sparkline_of, status_badge
from dashboard.content import field_text, indicator_text
from dashboard.factory import snapshot
from dashboard.glossary import Links
from dashboard.i18n import _, page_title
from indicators import views
from indicators.labels import MEASURE_STATUS_DE
from indicators.progress import STATUSES

dash.register_page(__name__, path="/", name="Übersicht", title=page_title("Übersicht"), order=0, public=True)


def _indicator_row(glance: views.Glance) -> html.Li:
    """One indicator at a glance: its name, current value, sparkline and progress badge (`indicator_status`, the one
    status everywhere); one without a value yet says so."""
    ind, st = glance.indicator, glance.status
    name = html.A(indicator_text(ind, "name"), href=f"/indikatoren/{ind.indicator_id}", className="overview-indikator-name")
    if not glance.values or st.latest_value is None:
        return html.Li(
            [name, html.Span(_("noch keine Daten"), className="overview-keine-daten text-body-secondary")],
            className="overview-indikator",
        )
    return html.Li(
        [
            name,
            html.Span(
                [
                    html.Span(
                        fmt.value(st.latest_value, ind.unit),
                        className="overview-wert",
                        title=f"{_('Stand')}: {fmt.day(st.latest_period)}",
                    ),
                    sparkline_of(glance.periods, glance.values, ind.unit),
                    status_badge(st.progress_status),
                ],
                className="overview-indikator-zahlen",
            ),
        ],
        className="overview-indikator",
    )


def layout(**_query: str) -> html.Div:
    snap = snapshot()
    links = Links()  # the first use of a term links to its glossary entry
    today = date.today()
    tiles = []
    glances = views.glances(snap, today=today)  # each indicator's values and status, once per snapshot and day
    for f in views.overview(snap, today=today):
        measures = [html.Li(f"{n} {_(MEASURE_STATUS_DE.get(s, s))}") for s, n in sorted(f.measures_by_status.items())]
        if f.backlog:
            measures.append(html.Li(links(f"{f.backlog} {_('im Maßnahmenspeicher')}", "massnahmenspeicher")))
        progress = [
            html.Li([status_badge(s), f" × {f.indicators_by_status[s]}"], className="mb-1")
            for s in STATUSES
            if f.indicators_by_status.get(s)
        ]
        if f.without_data:
            progress.append(html.Li(f"{_('noch keine Daten')}: {f.without_data}", className="small text-body-secondary"))
        rows = [_indicator_row(glances[i]) for i in f.indicator_ids]
        tiles.append(
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.H2(
                                html.A(
                                    field_text(snap, f.action_field_id, "name", f.name),
                                    href=f"/handlungsfeld/{f.action_field_id}",
                                ),
                                className="h4 card-title",
                            ),
                            html.P(field_text(snap, f.action_field_id, "zielbild", f.zielbild), className="card-text"),
                            html.H3(_("Maßnahmen"), className="h6"),
                            html.Ul(measures, className="small"),
                            html.H3(_("Indikatoren nach Fortschritt"), className="h6"),
                            html.Ul(progress, className="list-unstyled small"),
                            html.H3(_("Indikatoren"), className="h6"),
                            html.Ul(rows, className="list-unstyled small overview-indikatoren")
                            if rows
                            else html.P(_("Noch keine Indikatoren."), className="small text-body-secondary"),
                        ]
                    ),
                    className="h-100",
                ),
                md=6,
                xl=4,
                className="mb-3",
            )
        )
    return html.Div(
        [
            html.H1([_("Wirkungsmessung der Open Smart City Strategie"), " ", *demo_badge(views.has_demo_data(snap))]),
            html.P(
                links(
                    _("Sechs Handlungsfelder, ihre Zielbilder und die Maßnahmen, mit denen Offenbach ihnen näherkommen will."),
                    "handlungsfeld",
                    "zielbild",
                    "massnahme",
                ),
                className="lead",
            ),
            html.P(
                links(f"{_('Datenstand: letzte Ladung')} {fmt.timestamp(views.last_load(snap))}", "datenstand"),
                className="small text-body-secondary",
            ),
            html.P(
                [
                    _("Wie die Wirkung geprüft wird:") + " ",
                    html.A(_("Evaluationspläne"), href="/evaluation"),
                    " · ",
                    html.A(_("Wirkungsbericht"), href="/bericht"),
                ],
                className="small overview-transparenz",
            ),
            # the badges' legend: each status once, its meaning in the glossary
            html.P(
                [
                    *links(_("Fortschritt gegenüber dem Ziel:"), "fortschritt"),
                    *[part for s in STATUSES for part in (" ", status_badge(s))],
                ],
                className="small overview-legende",
            ),
            dbc.Row(tiles),
        ]
    )
