"""Umfragen: suppressed cells, honest change sentences (unit, hand-made and demo cells) and the page in Chromium."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import polars as pl
import pytest
from app_support import demo_snapshot, open_page, public_snapshot, serve

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
