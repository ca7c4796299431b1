"""Survey results as the dashboard shows them: cells per survey, wave and question → suppressed → summarised.

Cells come from `survey_result` (aggregated results) or, on the internal snapshot and only for a survey without
aggregated results, are counted from `survey_response`. Every cell goes through `suppress_small_cells` before it
is shown; cells the public snapshot already suppressed (n NULL) stay suppressed and are not suppressed again.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import polars as pl

from indicators.registry import sql
from indicators.store import Snapshot
from indicators.surveys import GROUP, Z95, QuestionSummary, WaveChange, likert_value, summarise, suppress_small_cells, wave_change

NON_ANSWERS = ("keine angabe", "weiß nicht", "weiss nicht", "k. a.", "-oth-")
YES_NO = {"y": "Ja", "n": "Nein"}


@dataclass(frozen=True)
class SurveyInfo:
    survey_id: str
    origin: str  # survey_result | survey_response
    waves: int
    first_date: date | None
    last_date: date | None
    title: str | None = None  # as the export writes it (survey_result.survey_title); None: only the id is known

    @property
    def name(self) -> str:
        """What a reader calls the survey: its title, else its id."""
        return self.title or self.survey_id


def surveys(snap: Snapshot, *, include_responses: bool) -> list[SurveyInfo]:
    """Surveys with results; with `include_responses` also those known only from raw responses (internal)."""
    out = [SurveyInfo(*r) for r in snap.rows(sql("survey_list"))] if snap.has_table("survey_result") else []
    if include_responses and snap.has_table("survey_response"):
        out += [SurveyInfo(*r) for r in snap.rows(sql("survey_response_list"))]
    return out


def survey_cells(snap: Snapshot, survey: SurveyInfo) -> pl.DataFrame:
    """Unsuppressed (internal) or already suppressed (public) cells: survey_id, wave, survey_date, question_id, answer, n."""
    query = "survey_result_cells" if survey.origin == "survey_result" else "survey_response_cells"
    return snap.query(sql(query), {"survey": survey.survey_id}).with_columns(pl.col("n").cast(pl.Int64))


def safe_cells(cells: pl.DataFrame) -> pl.DataFrame:
    """Cells with `n` NULL and `suppressed` true where fewer than 5 respondents (or a complement) would show.

    A question-wave with a NULL count was suppressed on publishing: its NULL cells stay hidden, the others are
    kept as published (suppressing again would treat the NULLs as zeros).
    """
    if cells.is_empty():
        return cells.with_columns(pl.lit(False).alias("suppressed"))
    pre = cells.group_by(list(GROUP)).agg(pl.col("n").is_null().any().alias("_pre"))
    done = cells.join(pre.filter(pl.col("_pre")), on=list(GROUP), how="semi").with_columns(
        pl.col("n").is_null().alias("suppressed")
    )
    raw = cells.join(pre.filter(~pl.col("_pre")), on=list(GROUP), how="semi")
    parts = [suppress_small_cells(raw).select(done.columns)] if not raw.is_empty() else []
    return pl.concat([*parts, done]) if not done.is_empty() else parts[0]


def answer_label(answer: str) -> str:
    """How an answer code reads: LimeSurvey `A1`…`A5` as scale points, `Y`/`N` as Ja/Nein, labels as they are."""
    a = answer.strip()
    if a.lower() in YES_NO:
        return YES_NO[a.lower()]
    if re.fullmatch(r"A\d", a, flags=re.IGNORECASE):
        return f"Skalenwert {a[1:]}"
    return a


def answer_order(answers: list[str]) -> list[str]:
    """Scale answers by scale point, then other answers alphabetically, 'keine Angabe'/'weiß nicht' last."""

    def key(a: str) -> tuple[int, float, str]:
        if a.strip().lower() in NON_ANSWERS:
            return (2, 0, a.lower())
        v = likert_value(a)
        return (0, v, a.lower()) if v is not None else (1, 0, {"y": "0", "n": "1"}.get(a.strip().lower(), a.lower()))

    return sorted(set(answers), key=key)


@dataclass(frozen=True)
class Wave:
    wave: str
    survey_date: date | None

    @property
    def label(self) -> str:
        m = re.fullmatch(r"(?:welle|wave|w)[ _-]?(\d+)", self.wave, flags=re.IGNORECASE)
        return f"Welle {m.group(1)}" if m else self.wave


@dataclass(frozen=True)
class ShareChange:
    """Change of one answer's share between two waves (Wald interval); for questions without a scale."""

    answer: str
    wave_from: str
    wave_to: str
    diff: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class QuestionView:
    survey_id: str
    question_id: str
    waves: list[Wave]  # in time order
    answers: list[str]  # display order
    cells: pl.DataFrame  # suppressed cells of this question: wave, answer, n, suppressed, share (None where unknown)
    summaries: dict[str, QuestionSummary]  # by wave
    is_scale: bool
    changes: list[WaveChange]  # consecutive waves, scale questions
    share_changes: list[ShareChange]  # consecutive waves, other questions

    def suppressed_cells(self, wave: str) -> list[str]:
        return self.cells.filter((pl.col("wave") == wave) & pl.col("suppressed"))["answer"].to_list()

    def complete(self, wave: str) -> bool:
        s = self.summaries.get(wave)
        return bool(s and s.complete)


def waves_in_order(cells: pl.DataFrame) -> list[Wave]:
    w = cells.group_by("wave").agg(pl.col("survey_date").min()).sort(["survey_date", "wave"], nulls_last=True)
    return [Wave(a, b) for a, b in w.iter_rows()]


def questions(cells: pl.DataFrame) -> list[str]:
    return sorted(cells["question_id"].unique().to_list(), key=_natural)


def _natural(s: str) -> list[object]:
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", s)]


def question_view(safe: pl.DataFrame, question_id: str) -> QuestionView:
    """Distribution, summaries and wave-to-wave changes of one question, from `safe_cells` output."""
    q = safe.filter(pl.col("question_id") == question_id)
    waves = waves_in_order(q)
    answers = answer_order(q["answer"].to_list())
    summaries = {s.wave: s for s in summarise(q.select([*GROUP, "answer", "n", "suppressed"]))}
    # shares only for complete waves: with a hidden cell the total is not published, a share would reveal it
    total = pl.when(~pl.col("suppressed").any().over("wave")).then(pl.col("n").sum().over("wave"))
    q = q.with_columns((pl.col("n") / total).alias("share"))
    is_scale = any(likert_value(a) is not None for a in answers if a.strip().lower() not in NON_ANSWERS)
    changes: list[WaveChange] = []
    share_changes: list[ShareChange] = []
    for a, b in zip(waves, waves[1:], strict=False):
        if is_scale:
            if (wc := wave_change(q, question_id, a.wave, b.wave)) is not None:
                changes.append(wc)
        else:
            share_changes += [
                sc
                for ans in answers
                if ans.strip().lower() not in NON_ANSWERS
                and (sc := share_change(q, question_id, ans, a.wave, b.wave)) is not None
            ]
    return QuestionView(
        q["survey_id"][0] if not q.is_empty() else "", question_id, waves, answers, q, summaries, is_scale, changes, share_changes
    )


def share_change(cells: pl.DataFrame, question_id: str, answer: str, wave_from: str, wave_to: str) -> ShareChange | None:
    """Difference of one answer's share between two waves with a 95 % Wald interval; None if a wave is suppressed."""

    def share(wave: str) -> tuple[float, int] | None:
        g = cells.filter((pl.col("question_id") == question_id) & (pl.col("wave") == wave))
        if g.is_empty() or ("suppressed" in g.columns and g["suppressed"].any()):
            return None
        n = int(g["n"].sum())
        k = int(g.filter(pl.col("answer") == answer)["n"].sum())
        return (k / n, n) if n else None

    a, b = share(wave_from), share(wave_to)
    if a is None or b is None:
        return None
    (pa, na), (pb, nb) = a, b
    se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    d = pb - pa
    return ShareChange(answer, wave_from, wave_to, d, d - Z95 * se, d + Z95 * se)


def distribution_table(view: QuestionView) -> pl.DataFrame:
    """The table (and download) behind a question's chart: count, share and the suppression note per cell."""
    order = {w.wave: i for i, w in enumerate(view.waves)}
    aorder = {a: i for i, a in enumerate(view.answers)}
    dates = {w.wave: w.survey_date for w in view.waves}
    labels = {w.wave: w.label for w in view.waves}
    rows = sorted(
        view.cells.select("wave", "answer", "n", "share", "suppressed").iter_rows(), key=lambda r: (order[r[0]], aorder[r[1]])
    )
    return pl.DataFrame(
        {
            "Welle": [labels[r[0]] for r in rows],
            "Erhebung": [dates[r[0]] for r in rows],
            "Antwort": [answer_label(r[1]) for r in rows],
            "Anzahl": [r[2] for r in rows],
            "Anteil (%)": [None if r[3] is None else r[3] * 100 for r in rows],
            "Hinweis": ["weniger als 5 Antworten" if r[4] else "" for r in rows],
        },
        schema={
            "Welle": pl.Utf8,
            "Erhebung": pl.Date,
            "Antwort": pl.Utf8,
            "Anzahl": pl.Int64,
            "Anteil (%)": pl.Float64,
            "Hinweis": pl.Utf8,
        },
    )


def distribution_table_empty() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "Welle": pl.Utf8,
            "Erhebung": pl.Date,
            "Antwort": pl.Utf8,
            "Anzahl": pl.Int64,
            "Anteil (%)": pl.Float64,
            "Hinweis": pl.Utf8,
        }
    )


def load_survey(snap: Snapshot, survey_id: str, *, include_responses: bool) -> tuple[SurveyInfo, pl.DataFrame, list[str]] | None:
    """A survey's info, its suppressed cells (`safe_cells`) and its questions; None for an unknown survey."""
    known = {s.survey_id: s for s in surveys(snap, include_responses=include_responses)}
    if survey_id not in known:
        return None
    safe = safe_cells(survey_cells(snap, known[survey_id]))
    return known[survey_id], safe, questions(safe)


def load_question(
    snap: Snapshot, survey_id: str, question_id: str | None, *, include_responses: bool
) -> tuple[SurveyInfo, list[str], QuestionView] | None:
    """The survey, its questions and the view of one question (the first one when none or an unknown one is asked)."""
    found = load_survey(snap, survey_id, include_responses=include_responses)
    if found is None or not found[2]:
        return None
    info, safe, qs = found
    q = question_id if question_id in qs else qs[0]
    return info, qs, question_view(safe, q)
