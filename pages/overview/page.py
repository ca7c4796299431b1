"""Übersicht: the six Handlungsfelder as tiles with Zielbild, measures by status, indicators by progress, freshness."""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import format as fmt
from dashboard.components import demo_badge, status_badge
from dashboard.factory import snapshot
from dashboard.i18n import _, page_title
from indicators import views
from indicators.labels import MEASURE_STATUS_DE
from indicators.progress import STATUSES

dash.register_page(__name__, path="/", name="Übersicht", title=page_title("Übersicht"), order=0, public=True)


def layout(**_query: str) -> html.Div:
    snap = snapshot()
    today = date.today()
    tiles = []
    for f in views.overview(snap, today=today):
        measures = [html.Li(f"{n} {_(MEASURE_STATUS_DE.get(s, s))}") for s, n in sorted(f.measures_by_status.items())]
        if f.backlog:
            measures.append(html.Li(f"{f.backlog} {_('im Maßnahmenspeicher')}"))
        progress = [
            html.Li([status_badge(s), f" × {f.indicators_by_status[s]}"], className="mb-1")
            for s in STATUSES
            if f.indicators_by_status.get(s)
        ]
        tiles.append(
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.H2(html.A(_(f.name), href=f"/handlungsfeld/{f.action_field_id}"), className="h4 card-title"),
                            html.P(_(f.zielbild), className="card-text"),
                            html.H3(_("Maßnahmen"), className="h6"),
                            html.Ul(measures, className="small"),
                            html.H3(_("Indikatoren nach Fortschritt"), className="h6"),
                            html.Ul(progress, className="list-unstyled small"),
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
                _("Sechs Handlungsfelder, ihre Zielbilder und die Maßnahmen, mit denen Offenbach ihnen näherkommen will."),
                className="lead",
            ),
            html.P(
                f"{_('Datenstand: letzte Ladung')} {fmt.timestamp(views.last_load(snap))}", className="small text-body-secondary"
            ),
            dbc.Row(tiles),
        ]
    )
