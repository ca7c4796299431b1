"""„Seite nicht gefunden“: what an unknown address shows, in the app's own frame, with the ways back.

Dash shows the page whose registry name ends in `not_found_404` for any path no page matches (otherwise its own English
"404 - Page not found"); the server answers such a path with status 404 (dashboard/security.py)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.factory import pages
from dashboard.i18n import N_, _, page_title

dash.register_page(
    "pages.nicht_gefunden.not_found_404",
    path="/nicht-gefunden",
    name=N_("Seite nicht gefunden"),
    nav=False,
    public=True,
    title=page_title(N_("Seite nicht gefunden")),
    layout=lambda **_query: layout(),
)


def layout() -> html.Div:
    links = [html.Li(html.A(_(p["name"]), href=p["relative_path"])) for p in pages() if p.get("nav", True)]
    return html.Div(
        [
            html.H1(_("Seite nicht gefunden"), id="nicht-gefunden"),
            html.P(_("Unter dieser Adresse gibt es keine Seite. Vielleicht hat sie sich geändert, oder sie ist vertippt.")),
            dbc.Button(_("Zur Startseite"), href="/", color="primary", className="mb-3"),
            html.H2(_("Seiten des Wirkungsmonitors"), className="h5"),
            html.Ul(links),
        ]
    )
