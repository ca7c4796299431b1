"""Übersicht: the six Handlungsfelder with their Zielbild and measures."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.factory import snapshot
from indicators.catalogue import MEASURE_STATUS_DE, action_fields

dash.register_page(__name__, path="/", name="Übersicht", title="Übersicht – Wirkungsmonitor Offenbach", order=0)


def layout(**_query: str) -> html.Div:
    fields = action_fields(snapshot())
    tiles = [
        dbc.Col(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(f.name, className="h4 card-title"),
                        html.P(f.zielbild, className="card-text"),
                        html.H3("Maßnahmen", className="h6"),
                        html.Ul(
                            [
                                html.Li(
                                    [
                                        m.title,
                                        " ",
                                        dbc.Badge(
                                            "Maßnahmenspeicher" if m.in_backlog else MEASURE_STATUS_DE.get(m.status, m.status),
                                            color="secondary" if m.in_backlog else "primary",
                                            className="ms-1",
                                        ),
                                    ]
                                )
                                for m in f.measures
                            ]
                        ),
                    ]
                ),
                className="h-100",
            ),
            md=6,
            xl=4,
            className="mb-3",
        )
        for f in fields
    ]
    return html.Div(
        [
            html.H1("Wirkungsmessung der Open Smart City Strategie"),
            html.P(
                "Sechs Handlungsfelder, ihre Zielbilder und die Maßnahmen, mit denen Offenbach ihnen näherkommen will.",
                className="lead",
            ),
            dbc.Row(tiles),
        ]
    )
