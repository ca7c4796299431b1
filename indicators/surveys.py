"""Survey aggregation: Likert distributions, mean, top-2-box, wave-to-wave change, and small-cell suppression.

Suppression: a cell with 1–4 respondents is suppressed (primary). Where the respondents of a question are known,
one suppressed cell could be recomputed from the others, and a set of suppressed cells that are all 1 could be
too; so further cells (the smallest non-zero ones) are suppressed until at least two cells are hidden and they
hold more respondents than cells. A question with fewer than 5 respondents in a wave is hidden entirely. Means
and top-2-box shares would also let hidden cells be solved for: they are only given where nothing is hidden.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import cast

import polars as pl
from scipy import stats

MIN_CELL = 5
GROUP = ("survey_id", "wave", "question_id")
LABELS = {
    "sehr unzufrieden": 1,
    "eher unzufrieden": 2,
    "unzufrieden": 2,
    "teils/teils": 3,
    "neutral": 3,
    "weder noch": 3,
    "eher zufrieden": 4,
    "zufrieden": 4,
    "sehr zufrieden": 5,
    "trifft überhaupt nicht zu": 1,
    "trifft eher nicht zu": 2,
    "trifft teilweise zu": 3,
    "trifft eher zu": 4,
    "trifft voll zu": 5,
    "trifft voll und ganz zu": 5,
}
Z95 = float(stats.norm.ppf(0.975))
SCALE_POINTS = 5  # the known labels and `A1`…`A5` form a five-point scale; codes beyond 5 widen it


def scale_top(cells: pl.DataFrame, question_id: str) -> int:
    """The best point of a question's scale: 5, or a higher answer code anywhere in its cells (every wave, zero cells
    too); never the highest answer a wave happened to give (a wave without any 5 would count its 3s and 4s)."""
    answers = cells.filter(pl.col("question_id") == question_id)["answer"].to_list()
    return max([SCALE_POINTS, *(v for a in answers if (v := likert_value(a)) is not None)])


def likert_value(answer: str) -> int | None:
    """The scale point of an answer: `A1`…`A5`, `1`…`5`, or a known German label; None for other answers."""
    a = (answer or "").strip()
    if m := re.fullmatch(r"A?(\d)", a, flags=re.IGNORECASE):
        return int(m.group(1))
    return LABELS.get(a.lower())


def suppress_small_cells(cells: pl.DataFrame, *, min_cell: int = MIN_CELL) -> pl.DataFrame:
    """Cells (`survey_id, wave, question_id, answer, n`) with `n` set to NULL where suppressed, plus `suppressed`.

    Zero cells stay visible (they disclose no one). See the module docstring for the rule.
    """
    out = []
    for _, g in cells.sort(list(GROUP) + ["answer"]).group_by(list(GROUP), maintain_order=True):
        ns = [int(x) if x is not None else 0 for x in g["n"].to_list()]
        hidden = _hidden_cells(ns, min_cell)
        out.append(
            g.with_columns(
                pl.Series("suppressed", hidden, dtype=pl.Boolean),
                pl.Series("n", [None if h else n for n, h in zip(ns, hidden, strict=True)], dtype=pl.Int64),
            )
        )
    if not out:
        return cells.with_columns(pl.lit(False).alias("suppressed"))
    return pl.concat(out)


def _hidden_cells(ns: list[int], min_cell: int) -> list[bool]:
    total = sum(ns)
    if total < min_cell:
        return [True] * len(ns)
    hidden = [0 < n < min_cell for n in ns]
    while True:
        k = sum(hidden)
        s = sum(n for n, h in zip(ns, hidden, strict=True) if h)
        if k == 0 or (k >= 2 and s > k):
            return hidden
        candidates = [(n, i) for i, (n, h) in enumerate(zip(ns, hidden, strict=True)) if not h and n > 0]
        if not candidates:
            return [True] * len(ns)
        hidden[min(candidates)[1]] = True


@dataclass(frozen=True)
class QuestionSummary:
    survey_id: str
    wave: str
    question_id: str
    n: int | None
    mean: float | None
    top2_share: float | None  # share of the two best scale points, 0–1
    complete: bool  # False when cells are suppressed: mean and share are then not given


def summarise(cells: pl.DataFrame) -> list[QuestionSummary]:
    """Mean and top-2-box per question and wave, from suppressed cells (`suppress_small_cells` output)."""
    res = []
    tops: dict[str, int] = {}
    for key, g in cells.group_by(list(GROUP), maintain_order=True):
        rows = [(likert_value(a), n, s) for a, n, s in g.select("answer", "n", "suppressed").iter_rows()]
        scale = [(v, n) for v, n, _ in rows if v is not None]
        hidden = any(s for _, _, s in rows)
        n_total = None if hidden else sum(n or 0 for _, n, _ in rows)
        mean = top2 = None
        if not hidden and scale and sum(n for _, n in scale):
            tot = sum(n for _, n in scale)
            mean = sum(v * n for v, n in scale) / tot
            top = tops.setdefault(str(key[2]), scale_top(cells, str(key[2])))
            top2 = sum(n for v, n in scale if v >= top - 1) / tot
        survey_id, wave, question_id = cast(tuple[str, str, str], key)  # GROUP's three columns
        res.append(QuestionSummary(survey_id, wave, question_id, n_total, mean, top2, not hidden))
    return res


@dataclass(frozen=True)
class WaveChange:
    question_id: str
    wave_from: str
    wave_to: str
    diff_mean: float
    ci_low: float
    ci_high: float
    diff_top2: float
    top2_ci_low: float
    top2_ci_high: float


def wave_change(cells: pl.DataFrame, question_id: str, wave_from: str, wave_to: str) -> WaveChange | None:
    """Change of mean (Welch interval) and top-2-box share (Wald interval) between two waves; None if suppressed."""

    def dist(wave: str) -> list[tuple[int, int]] | None:
        g = cells.filter((pl.col("question_id") == question_id) & (pl.col("wave") == wave))
        if g.is_empty() or ("suppressed" in g.columns and g["suppressed"].any()):
            return None
        return [(v, int(n)) for a, n in g.select("answer", "n").iter_rows() if (v := likert_value(a)) is not None and n]

    a, b = dist(wave_from), dist(wave_to)
    if not a or not b:
        return None
    top = scale_top(cells, question_id)

    def moments(d: list[tuple[int, int]]) -> tuple[float, float, int, float]:
        n = sum(c for _, c in d)
        m = sum(v * c for v, c in d) / n
        var = sum(c * (v - m) ** 2 for v, c in d) / max(n - 1, 1)
        p = sum(c for v, c in d if v >= top - 1) / n
        return m, var, n, p

    ma, va, na, pa = moments(a)
    mb, vb, nb, pb = moments(b)
    se = math.sqrt(va / na + vb / nb)
    se_p = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    d, dp = mb - ma, pb - pa
    return WaveChange(question_id, wave_from, wave_to, d, d - Z95 * se, d + Z95 * se, dp, dp - Z95 * se_p, dp + Z95 * se_p)
