"""The overview's fast path (#19: `indicators.views.glances`, `dashboard.components.sparkline_of`) renders exactly what
it rendered before, when it built an `indicator_view` (a polars frame and a status lookup) per indicator: the whole
page as the JSON the browser receives, in German and English, without and with the result cache, on the demo
snapshot — and on a city-scale snapshot where `WM_BENCH_SNAPSHOT` names one (bench/callbacks.py's). Likewise the
Handlungsfeld pages with stored series read ahead of the result cache (`registry.series`) against the code before
(the cards' tables, since #19 built by the browser from JSON, are compared in tests/dashboard/test_data_table.py)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import plotly
import pytest
from dash import html

from dashboard.factory import create_app
from dashboard.settings import Settings


def reference_layout() -> html.Div:
    """`pages/overview/page.py: layout` as it was before the fast path (commit bbed226)."""
    from dashboard import format as fmt
    from dashboard.components import demo_badge, sparkline, status_badge
    from dashboard.content import field_text, indicator_text
    from dashboard.factory import snapshot
    from dashboard.glossary import Links
    from dashboard.i18n import _
    from indicators import registry, views
    from indicators.labels import MEASURE_STATUS_DE
    from indicators.progress import STATUSES

    def indicator_row(view: views.IndicatorView) -> html.Li:
        ind, st = view.indicator, view.status
        name = html.A(indicator_text(ind, "name"), href=f"/indikatoren/{ind.indicator_id}", className="overview-indikator-name")
        if view.series.is_empty() or st.latest_value is None:
            return html.Li(
                [name, html.Span(_("noch keine Daten"), className="overview-keine-daten text-body-secondary")],
                className="overview-indikator",
            )
        value = html.Span(
            fmt.value(st.latest_value, ind.unit), className="overview-wert", title=f"{_('Stand')}: {fmt.day(st.latest_period)}"
        )
        numbers = [value, sparkline(view.series, ind.unit), status_badge(st.progress_status)]
        return html.Li([name, html.Span(numbers, className="overview-indikator-zahlen")], className="overview-indikator")

    snap = snapshot()
    links = Links()
    today = date.today()
    tiles = []
    by_id = {i.indicator_id: i for i in registry.all_indicators(snap)}
    # the old `views.overview`: each indicator's status from `indicator_status`
    statuses = {i.indicator_id: views.indicator_status(snap, i, today=today) for i in registry.all_indicators(snap)}
    for f in views.overview(snap, today=today):
        mine = [statuses[i] for i in f.indicator_ids]
        assert f.without_data == sum(1 for st in mine if st.latest_value is None)
        assert f.indicators_by_status == {
            s: n
            for s in dict.fromkeys(st.progress_status for st in mine)
            if (n := sum(1 for st in mine if st.progress_status == s))
        }
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
        rows = [indicator_row(views.indicator_view(snap, by_id[i], today=today)) for i in f.indicator_ids]
        body = [
            html.H2(
                html.A(field_text(snap, f.action_field_id, "name", f.name), href=f"/handlungsfeld/{f.action_field_id}"),
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
        tiles.append(dbc.Col(dbc.Card(dbc.CardBody(body), className="h-100"), md=6, xl=4, className="mb-3"))
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
            html.P(
                [
                    *links(_("Fortschritt gegenüber dem Ziel:"), "fortschritt"),
                    *[p for s in STATUSES for p in (" ", status_badge(s))],
                ],
                className="small overview-legende",
            ),
            dbc.Row(tiles),
        ]
    )


def as_json(component: object) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)


def snapshots() -> list[str]:
    return ["demo", *([os.environ["WM_BENCH_SNAPSHOT"]] if os.environ.get("WM_BENCH_SNAPSHOT") else [])]


@pytest.mark.parametrize("which", snapshots())
def test_overview_renders_as_before(which: str) -> None:
    from app_support import demo_snapshot

    from indicators import cache

    db = demo_snapshot() if which == "demo" else Path(which)
    app = create_app(Settings.load(env={}, db=db))
    snap = app.server.config["WM_SNAPSHOT"]
    layout = next(p for p in dash.page_registry.values() if p["path"] == "/")["layout"]
    sparklines = 0
    for lang in ("de", "en"):
        with app.server.test_request_context(f"/?lang={lang}"):
            for result_cache in (None, cache.MemoryCache()):
                snap.result_cache = result_cache
                snap.forget()
                expected = as_json(reference_layout())
                snap.forget()
                assert as_json(layout()) == expected, lang  # computed
                assert as_json(layout()) == expected, lang  # kept for the snapshot and day
                sparklines += expected.count('"sparkline"')
    assert sparklines >= 4 * 20  # the rows with values drew their sparklines


def reference_series(snap, ind, *, station=None):  # noqa: ANN001, ANN201 - `indicators.registry.series` before #19
    from indicators import registry
    from indicators.cache import lookup

    return lookup(
        "series", snap, (ind, station, registry._query_digest(ind)), lambda: registry._stored_series(snap, ind, station=station)
    )


@pytest.mark.parametrize("which", snapshots())
def test_handlungsfeld_pages_render_as_before(which: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from app_support import demo_snapshot

    from indicators import cache, registry, views

    db = demo_snapshot() if which == "demo" else Path(which)
    app = create_app(Settings.load(env={}, db=db))
    snap = app.server.config["WM_SNAPSHOT"]
    layout = next(p for p in dash.page_registry.values() if p["path_template"] == "/handlungsfeld/<slug>")["layout"]
    slugs = [r[0] for r in snap.rows("select action_field_id from action_field order by sort_order")]
    rows = 0
    for lang in ("de", "en"):
        with app.server.test_request_context(f"/handlungsfeld?lang={lang}"):
            for result_cache in (None, cache.MemoryCache()):
                snap.result_cache = result_cache
                for slug in slugs:
                    with monkeypatch.context() as old:
                        old.setattr(registry, "series", reference_series)
                        snap.forget()
                        expected = as_json(layout(slug=slug))
                    snap.forget()
                    assert as_json(layout(slug=slug)) == expected, (lang, slug)
                    rows += expected.count("wm-table-deferred")
    # the cards' tables were compared (since #19 sent as JSON and built by the browser: components.deferred_table,
    # which tests/dashboard/test_data_table.py compares with data_table)
    assert views.action_field(snap, "mobilitaet") is not None and rows >= 4 * 10
