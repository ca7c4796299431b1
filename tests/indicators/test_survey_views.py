"""indicators/survey_views.py: published suppression is kept, the demo survey has two waves and a change, raw
responses count only internally (moved from the Umfragen page tests)."""

from __future__ import annotations

import polars as pl

from indicators import survey_views as sv
from indicators.store import Snapshot


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


def test_published_suppression_is_kept_not_redone() -> None:
    # public snapshot: NULL = suppressed on publishing; suppressing again would treat NULL as 0 and show more
    safe = sv.safe_cells(cells([None, 40, None, 20, 10], [30, 40, 50, 20, 10]))
    w1 = safe.filter(pl.col("wave") == "welle1").sort("answer")
    assert w1["suppressed"].to_list() == [True, False, True, False, False]
    assert w1["n"].to_list() == [None, 40, None, 20, 10]


def test_demo_survey_has_two_waves_and_changes(snap: Snapshot) -> None:
    info, safe, qs = sv.load_survey(snap, "buergerumfrage-digitales-offenbach", include_responses=False)
    view = sv.question_view(safe, "F2")
    assert [w.label for w in view.waves] == ["Welle 1", "Welle 2"]
    assert view.is_scale and len(view.changes) == 1
    # raw responses are counted only internally, and never where aggregated results exist
    assert {s.survey_id for s in sv.surveys(snap, include_responses=False)} == {"buergerumfrage-digitales-offenbach"}
    assert "zufriedenheit-innenstadt" in {s.survey_id for s in sv.surveys(snap, include_responses=True)}
