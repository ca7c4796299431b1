"""One progress status per indicator, said the same way everywhere (#14): the badge and sentence of the indicator
page, the Handlungsfeld card, the overview's counts, the slide and `python -m indicators show --json` all come from
`indicator_status`; a basis value that rose where rising is wanted is never "deterioration"; and a station's series
(an embed of one counter) shows none of the city's references."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date

import dash
import pytest

from dashboard.factory import create_app
from dashboard.settings import Settings


def _walk(c: object) -> Iterator[object]:
    yield c
    # a component, or a component's JSON (`data_table` sends its rows as JSON)
    children = c.get("props", {}).get("children") if isinstance(c, dict) else getattr(c, "children", None)
    for x in children if isinstance(children, list | tuple) else [children] if children is not None else []:
        yield from _walk(x)


def _text(c: object) -> str:
    return " ".join(x for x in _walk(c) if isinstance(x, str))


def _graphs(c: object) -> list[dict]:
    return [x.figure for x in _walk(c) if isinstance(x, dash.dcc.Graph)]


def test_badge_sentence_overview_slide_and_cli_agree(capsys: pytest.CaptureFixture[str]) -> None:
    from app_support import demo_snapshot

    from dashboard.status_display import status_label
    from indicators import cli, presentation, registry, views
    from indicators.status import indicator_status
    from indicators.store import Snapshot

    db = demo_snapshot()
    app = create_app(Settings.load(env={}, db=db))
    from pages.indikator import page as indikator  # pages register themselves: only after an app exists
    from pages.praesentation import figures as slide_figures

    capsys.readouterr()  # what building the demo printed
    snap = Snapshot(db)
    today = date.today()
    checked = compared = 0
    with app.server.test_request_context("/"):
        statuses = {}
        for ind in registry.all_indicators(snap):
            st = indicator_status(snap, ind, today=today)
            statuses[ind.indicator_id] = st.progress_status
            label = status_label(st.progress_status)
            # the command line
            assert cli.main(["show", ind.indicator_id, "--db", str(db), "--json"]) == 0
            out = json.loads(capsys.readouterr().out)
            assert (out["progress_status"], out["progress_basis"], out["years"]) == (st.progress_status, ind.basis, st.years)
            if st.compared_current is not None:
                assert out["compared_current"]["value"] == st.compared_current.value
                assert out["compared_current"]["start"] == st.compared_current.start.isoformat()
            # the indicator page: badge and sentence, and the card's caption under the chart
            page = _text(indikator.layout(indicator_id=ind.indicator_id))
            assert page.count(label) >= 2 if st.compared_current is not None else label in page, ind.indicator_id
            # the rule: a basis value that moved the desired way is never "deterioration", and the mirror case
            b, c = st.compared_baseline, st.compared_current
            if b is not None and c is not None and st.progress_status != "not_available":
                compared += 1
                better = c.value > b.value if ind.direction == "increase" else c.value < b.value
                worse = c.value < b.value if ind.direction == "increase" else c.value > b.value
                if better:
                    assert st.progress_status != "deterioration", (ind.indicator_id, b, c)
                if worse and st.progress_status != "target_achieved":
                    assert st.progress_status == "deterioration", (ind.indicator_id, b, c)
            checked += 1
        # the overview counts the same statuses
        for f in views.overview(snap, today=today):
            mine = Counter(statuses[i.indicator_id] for i in views.field_indicators(snap, f.action_field_id))
            assert f.indicators_by_status == dict(mine)
        # the slides of the shipped decks say the same status as the badge
        slides = 0
        for deck in presentation.load_decks().values():
            for d in presentation.deck_data(snap, deck):
                if isinstance(d, presentation.SeriesData) and d.status is not None:
                    assert (
                        statuses[next(i for i in statuses if registry.get(snap, i).name == d.title)] == d.status.progress_status
                    )
                    assert status_label(d.status.progress_status) in slide_figures.series_caption(d)
                    slides += 1
    assert checked >= 30 and compared >= 20 and slides >= 1
    assert statuses["rad_dtv"] == "substantial_progress"  # was "deterioration": December against a yearly baseline


def test_no_city_reference_on_a_station_series_in_any_public_embed() -> None:
    from app_support import public_snapshot

    from dashboard.embeds import allowed
    from dashboard.factory import settings
    from indicators import registry
    from indicators.store import Snapshot

    app = create_app(Settings.load(env={}, db=public_snapshot(), public=True))
    from pages.embed import page as embed_page

    snap = Snapshot(public_snapshot())
    stations = cities = 0
    with app.server.test_request_context("/"):
        embeds = allowed(snap, settings().embeds_file)
        assert embeds and any(e.station for e in embeds.values())
        for chart_id, e in embeds.items():
            ind = registry.get(snap, e.indicator_id)
            layout = embed_page.layout(chart_id=chart_id)
            figures = _graphs(layout)
            if not figures:
                continue  # no values yet: a sentence, no chart
            (fig,) = figures
            names = [t.get("name", "") for t in fig["data"]]
            levels = [sh.get("y0") for sh in fig["layout"].get("shapes", []) if sh.get("xref") == "x domain"]
            caption = _text(next(x for x in _walk(layout) if isinstance(x, dash.html.Figcaption)))
            if e.station:
                stations += 1
                assert not any(n.startswith("Basiswert") for n in names), (chart_id, names)
                assert ind.target_value not in levels and levels == [], (chart_id, levels)
                assert "Station allein" in caption and "nicht eingezeichnet" in caption
            else:
                cities += 1
                assert levels == ([ind.target_value] if ind.target_value is not None else [])
                if ind.target_value is not None:
                    assert "ganze Stadt" in caption
    assert stations >= 1 and cities >= 5


def test_catalogue_baselines_the_series_contradicts_are_listed_and_never_drawn() -> None:
    from app_support import demo_snapshot

    from dashboard.components import indicator_card
    from indicators import quality, registry, views
    from indicators.store import Snapshot

    app = create_app(Settings.load(env={}, db=demo_snapshot()))
    from pages.datenqualitaet import page as dq

    snap = Snapshot(demo_snapshot())
    found = {d.indicator_id: d for d in quality.baseline_deviations(snap, today=date.today())}
    points, power = found["ladepunkte_oeffentlich"], found["ladeleistung_kw"]
    assert (points.catalogue_value, points.series_value) == (170.0, 115.0)
    assert power.catalogue_value == 4100.0 and power.series_value < 3100
    assert "rad_dtv" not in found  # 6 900 against the series' 6 892: within the tolerance
    with app.server.test_request_context("/"):
        section = next(x for x in _walk(dq.layout()) if getattr(x, "id", None) == "dq-basiswert")
        assert "Öffentliche Ladepunkte" in _text(section) and "170" in _text(section) and "115" in _text(section)
        for d in (points, power):
            ind = registry.get(snap, d.indicator_id)
            (fig,) = _graphs(indicator_card(views.indicator_view(snap, ind, today=date.today()), "card", snap=snap, licence="x"))
            drawn = [y for t in fig["data"] if t.get("name", "").startswith("Basiswert") for y in t["y"]]
            assert drawn == [d.series_value], (d.indicator_id, drawn)  # one marker: the series' own value
