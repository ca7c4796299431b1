"""Public embed of one chart for the city's website: title, chart, caption, table toggle, source, licence, Stand."""
from __future__ import annotations

from datetime import date

import dash
from dash import dcc, html

from dashboard import format as fmt
from dashboard.charts import indicator_figure, series_caption, series_table
from dashboard.components import data_table, demo_badge, graph_config
from dashboard.embeds import allowed
from dashboard.factory import settings, snapshot
from dashboard.i18n import _, page_title, use_lang
from indicators import registry, views

dash.register_page(__name__, path_template="/embed/<chart_id>", name="Einbettung", nav=False, public=True,
                   title=page_title())


def layout(chart_id: str = "", lang: str | None = None, **_query: str) -> html.Div:
    lang = use_lang(lang)  # `?lang=en` of the iframe's address, else the reader's cookie: charts and texts alike
    snap = snapshot()
    embed = allowed(snap, settings().embeds_file).get(chart_id)
    if embed is None:  # the server answers 404 before this; client-side navigation lands here
        return html.Div(html.H1(_("Nicht gefunden")))
    ind = registry.get(snap, embed.indicator_id)
    v = views.indicator_view(snap, ind, today=date.today(), station=embed.station)
    title = embed.title or ind.name
    if v.series.is_empty():
        return html.Div([html.H1(title, className="h5"), html.P(_("Für diese Grafik liegen noch keine Werte vor."))])
    fig = indicator_figure(v.series, ind, measure_start=v.measure_start)
    fig["layout"].update(height=300, margin=dict(l=50, r=10, t=30, b=40))
    caption = series_caption(v.series, ind)
    demo = views.has_demo_data(snap) and ind.computed
    return html.Div([
        html.H1([title, " ", *demo_badge(demo, ind.is_example)], className="h5 mb-2"),
        html.Figure([
            dcc.Graph(id="embed-graph", figure=fig, config=graph_config(displayModeBar=False),
                      style={"width": "100%"}),
            html.Figcaption(caption, className="small"),
        ], **{"aria-label": title}),
        html.Details([html.Summary(_("Datentabelle anzeigen"), className="small"),
                      html.Div(data_table(series_table(v.series, ind), caption=title), className="table-responsive",
                               style={"maxHeight": "260px"})]),
        html.P([f"{_('Quelle')}: {ind.source} · {_('Lizenz')}: {settings().licence} · {_('Stand')}: "
                f"{fmt.day(v.status.latest_period)} · ",
                html.A(_("Mehr im Wirkungsmonitor"), href=f"/indikatoren/{ind.indicator_id}", target="_blank", rel="noopener")],
               className="small text-body-secondary mb-0"),
    ], className="p-2", lang=lang)
