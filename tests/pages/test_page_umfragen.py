"""Umfragen: suppressed cells, honest change sentences (unit, hand-made and demo cells) and the page in Chromium: the
survey's title as the export writes it, no empty axes for a question without public answers, Likert colours diverging
from negative to positive (#16 point 15)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import polars as pl
import pytest
from app_support import demo_snapshot, open_page, public_snapshot, serve

from etl.demo.civic import AGGREGATED_TITLE
from indicators import survey_views as sv
from indicators.store import Snapshot
from indicators.surveys import WaveChange
from pages.umfragen import figures as sf

pytestmark = pytest.mark.browser

SUPPRESSED = "weniger als 5 Antworten"


def cells(w1: list[int | None], w2: list[int | None]) -> pl.DataFrame:
    answers = [f"A{i + 1}" for i in range(len(w1))]
    return pl.DataFrame(
        {
            "survey_id": "s",
            "wave": ["welle1"] * len(w1) + ["welle2"] * len(w2),
            "survey_date": None,
            "question_id": "Q1",
            "answer": answers * 2,
            "n": w1 + w2,
        },
        schema_overrides={"n": pl.Int64, "survey_date": pl.Date},
    )


def test_small_cell_is_suppressed_and_shown_as_text() -> None:
    view = sv.question_view(sv.safe_cells(cells([3, 40, 50, 20, 10], [30, 40, 50, 20, 10])), "Q1")
    table = sv.distribution_table(view)
    w1 = table.filter(pl.col("Welle") == "Welle 1")
    hidden = w1.filter(pl.col("Hinweis") == SUPPRESSED)
    # the small cell and one more (so it cannot be recomputed) are hidden: no count, no share
    assert hidden.height == 2 and hidden["Anzahl"].null_count() == 2 and hidden["Anteil (%)"].null_count() == 2
    assert w1["Anteil (%)"].null_count() == 5  # shares would reveal the total
    assert view.summaries["welle1"].mean is None and view.changes == []
    summary = sf.summary_table(view).row(0, named=True)
    assert summary["Antworten"] == "nicht angegeben (Zellen unterdrückt)"
    assert any(SUPPRESSED in s for s in sf.change_sentences(view))
    fig = sf.distribution_figure(view)
    assert any(SUPPRESSED in a.text for a in fig.layout.annotations)
    assert all(x is None for x in fig.data[0].x[:1])  # the incomplete wave is named, not drawn


def change(lo: float, hi: float) -> WaveChange:
    return WaveChange("Q1", "welle1", "welle2", (lo + hi) / 2, lo, hi, (lo + hi) / 20, lo / 10, hi / 10)


def test_change_sentence_never_claims_more_than_the_interval() -> None:
    labels = {"welle1": "Welle 1", "welle2": "Welle 2"}
    unclear = sf.mean_change_sentence(change(-0.1, 0.3), labels)
    assert "keine belastbare Veränderung" in unclear and "gestiegen" not in unclear
    up = sf.mean_change_sentence(change(0.1, 0.5), labels)
    assert "gestiegen, um 0,10 bis 0,50 Skalenpunkte" in up and "keine belastbare" not in up
    down = sf.mean_change_sentence(change(-0.5, -0.1), labels)
    assert "gesunken, um 0,10 bis 0,50" in down


def test_page_shows_waves_suppression_and_change(browser) -> None:
    base = serve(demo_snapshot())
    page, errors = open_page(browser, base + "/umfragen", ".chart-card .main-svg")
    body = page.inner_text("main")
    assert "Welle 1" in page.text_content("#frage-f2 .js-plotly-plot") and "Welle 2" in page.text_content(
        "#frage-f2 .js-plotly-plot"
    )
    assert SUPPRESSED in page.inner_text("#frage-f3")  # F3 has fewer than 5 answers in both waves
    assert "Von Welle 1 zu Welle 2" in body
    assert page.locator("#frage-f2 .change-sentences li").count() >= 1
    # the question is a URL parameter
    page.select_option("#umfragen-frage", "F2")
    page.wait_for_function("() => location.search.includes('frage=F2')")
    page.wait_for_selector("#frage-f1", state="detached")
    assert parse_qs(urlparse(page.url).query) == {"umfrage": ["buergerumfrage-digitales-offenbach"], "frage": ["F2"]}
    assert page.locator(".chart-card").count() == 1
    # internal instance: a survey known only from raw responses, with a suppressed cell
    page.goto(base + "/umfragen?umfrage=zufriedenheit-innenstadt&frage=Q3")
    page.wait_for_selector("#frage-q3 .main-svg")
    assert SUPPRESSED in page.text_content("#frage-q3 .js-plotly-plot")
    page.wait_for_load_state("networkidle")
    assert errors == []
    page.close()


def test_public_snapshot_shows_only_published_results() -> None:
    # (checked on the snapshot: a public app in this process would drop the internal pages from Dash's page registry)
    snap = Snapshot(public_snapshot())
    assert [s.survey_id for s in sv.surveys(snap, include_responses=True)] == ["buergerumfrage-digitales-offenbach"]
    _, safe, _ = sv.load_survey(snap, "buergerumfrage-digitales-offenbach", include_responses=True)
    table = sv.distribution_table(sv.question_view(safe, "F3"))
    assert table["Anzahl"].null_count() == table.height and set(table["Hinweis"]) == {SUPPRESSED}


JS_COLORS = """(sel) => document.querySelector(sel).data.map(t => [t.name, t.marker.color])"""


def _rgb(hex_: str) -> tuple[int, int, int]:
    return int(hex_[1:3], 16), int(hex_[3:5], 16), int(hex_[5:7], 16)


def test_title_no_empty_axes_and_diverging_likert_colours(browser) -> None:
    base = serve(demo_snapshot())
    page, errors = open_page(browser, base + "/umfragen", ".chart-card .main-svg")
    # the title as the export writes it, not the id (a slug)
    assert page.inner_text("#umfragen-titel") == f"Ergebnisse: {AGGREGATED_TITLE}"
    option = page.inner_text("#umfragen-umfrage option:checked")
    assert option.startswith(AGGREGATED_TITLE) and "buergerumfrage-digitales-offenbach" not in page.inner_text("main")
    # F3 has fewer than 5 answers in every wave: the reason in words, no chart with empty axes
    assert page.locator("#frage-f3 .js-plotly-plot").count() == 0
    assert SUPPRESSED in page.inner_text("#frage-f3 .umfrage-keine-antworten")
    assert page.inner_text("#frage-f3 h3") == f"Frage F3: {SUPPRESSED}"
    assert page.locator("#frage-f3 table").count() == 1  # what is known stays: the waves and their note
    # every chart that is drawn has bars
    for card in page.locator(".chart-card:has(.js-plotly-plot)").all():
        assert card.locator(".trace.bars path").count() > 0, card.get_attribute("id")
    # F2 is a satisfaction scale: orange at the negative end, blue at the positive end, in scale order
    colours = dict(page.evaluate(JS_COLORS, "#frage-f2 .js-plotly-plot"))
    order = ["sehr unzufrieden", "eher unzufrieden", "eher zufrieden", "sehr zufrieden"]
    assert set(order) <= set(colours), colours
    assert [colours[a] for a in order] == [sf.LIKERT[0], sf.LIKERT[1], sf.LIKERT[3], sf.LIKERT[4]], colours  # 1, 2, 4, 5
    (r0, _g0, b0), (r1, _g1, b1) = _rgb(colours[order[0]]), _rgb(colours[order[-1]])
    assert r0 > b0 and b1 > r1, colours  # warm at the negative end, cool at the positive end
    # F1 (Ja/Nein/Weiß nicht) is no scale: no diverging colours there
    f1 = dict(page.evaluate(JS_COLORS, "#frage-f1 .js-plotly-plot"))
    assert sf.LIKERT[0] not in f1.values() and sf.LIKERT[-1] not in f1.values(), f1
    assert errors == []
    page.close()


def test_likert_colors_spread_over_any_scale() -> None:
    five = sf.likert_colors([1, 2, 3, 4, 5])
    assert [five[p] for p in range(1, 6)] == sf.LIKERT
    seven = sf.likert_colors(list(range(1, 8)))
    assert seven[1] == sf.LIKERT[0] and seven[7] == sf.LIKERT[-1] and seven[4] == sf.LIKERT[2]
    # the share written on a segment reads on its colour
    from dashboard.theme import contrast_ratio

    for c in sf.LIKERT:
        assert contrast_ratio(sf.text_color(c), c) >= 4.5, c
