"""Public embed of one chart for the city's website: the indicator card's embed variant (title, chart, caption, table
toggle, source, licence, Stand), in a bare frame without navigation (dashboard/factory.py's shell)."""

from __future__ import annotations

from datetime import date

import dash
from dash import html
from dash.development.base_component import Component

from dashboard.components import indicator_card
from dashboard.content import indicator_text
from dashboard.embeds import allowed
from dashboard.factory import settings, snapshot
from dashboard.i18n import _, page_title, use_lang
from indicators import registry, views

dash.register_page(__name__, path_template="/embed/<chart_id>", name="Einbettung", nav=False, public=True, title=page_title())


def layout(chart_id: str = "", lang: str | None = None, **_query: str) -> Component:
    lang = use_lang(lang)  # `?lang=en` of the iframe's address, else the reader's cookie: charts and texts alike
    snap = snapshot()
    embed = allowed(snap, settings().embeds_file).get(chart_id)
    if embed is None:  # the server answers 404 before this; client-side navigation lands here
        return html.Div(html.H1(_("Nicht gefunden")))
    ind = registry.get(snap, embed.indicator_id)
    v = views.indicator_view(snap, ind, today=date.today(), station=embed.station)
    return indicator_card(
        v, "embed", snap=snap, licence=settings().licence, station=embed.station, title=embed.title or indicator_text(ind, "name")
    )
