"""Survey aggregation: suppression hides every small cell and no hidden cell can be recomputed (property test)."""

from __future__ import annotations

import itertools

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.surveys import likert_value, summarise, suppress_small_cells, wave_change


def cells(counts: list[int], *, wave: str = "w1", q: str = "Q1") -> pl.DataFrame:
    return pl.DataFrame(
        {"survey_id": "s", "wave": wave, "question_id": q, "answer": [f"A{i + 1}" for i in range(len(counts))], "n": counts}
    )


def solutions(published: list[int | None], total: int) -> list[tuple[int, ...]]:
    """Every vector of counts consistent with what is published (hidden cells ≥ 1, zeros are shown, total known)."""
    hidden = [i for i, n in enumerate(published) if n is None]
    rest = total - sum(n for n in published if n is not None)
    out = []
    for combo in itertools.product(range(1, rest + 1), repeat=len(hidden)):
        if sum(combo) == rest:
            out.append(combo)
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=5))
def test_no_small_cell_published_and_none_recomputable(counts: list[int]) -> None:
    out = suppress_small_cells(cells(counts))
    published = out["n"].to_list()
    assert all(n is None or n == 0 or n >= 5 for n in published)
    if all(n is None for n in published):
        return  # the whole question is hidden: nothing to recompute from
    if any(n is None for n in published):
        sols = solutions(published, sum(counts))
        # even knowing the total, each hidden cell can take at least two values
        for j in range(len(sols[0])):
            assert len({s[j] for s in sols}) >= 2, (counts, published)
    # derived statistics are not given when anything is hidden
    (summary,) = summarise(out)
    assert (summary.mean is None) == any(n is None for n in published) or sum(counts) == 0


def test_examples() -> None:
    assert suppress_small_cells(cells([3, 10, 20, 0, 8]))["n"].to_list() == [None, 10, 20, 0, None]
    assert suppress_small_cells(cells([1, 1, 20, 30]))["n"].to_list() == [None, None, None, 30]
    assert suppress_small_cells(cells([2, 1, 1]))["n"].to_list() == [None, None, None]
    assert suppress_small_cells(cells([5, 6, 7]))["n"].to_list() == [5, 6, 7]


def test_mean_top2_and_wave_change() -> None:
    before = cells([10, 20, 30, 25, 15], wave="w1")
    after = cells([5, 10, 25, 35, 25], wave="w2")
    both = suppress_small_cells(pl.concat([before, after]))
    s1, s2 = summarise(both)
    assert s1.mean == pytest.approx((10 + 40 + 90 + 100 + 75) / 100)
    assert s2.top2_share == pytest.approx(0.6)
    ch = wave_change(both, "Q1", "w1", "w2")
    assert ch is not None and ch.ci_low < ch.diff_mean < ch.ci_high and ch.ci_low > 0
    assert ch.diff_top2 == pytest.approx(0.6 - 0.4)


def test_likert_values() -> None:
    assert likert_value("A4") == 4 and likert_value("5") == 5 and likert_value("sehr zufrieden") == 5
    assert likert_value("weiß nicht") is None


def test_top2_box_is_the_scales_top_two_not_the_highest_given() -> None:
    """A wave without any 5: its 4s are top-2, its 3s are not (the highest given answer made 3 and 4 the "top two",
    40 % → 40 % reported as +20 pp)."""
    before = cells([20, 20, 20, 20, 20], wave="w1")  # 4 and 5: 40 %
    after = pl.DataFrame(
        {"survey_id": "s", "wave": "w2", "question_id": "Q1", "answer": ["A1", "A2", "A3", "A4"], "n": [20, 20, 20, 40]}
    )  # no 5 given, not even listed: 4 and 5 hold 40 %
    both = suppress_small_cells(pl.concat([before, after]))
    s1, s2 = summarise(both)
    assert s1.top2_share == pytest.approx(0.4) and s2.top2_share == pytest.approx(0.4)
    ch = wave_change(both, "Q1", "w1", "w2")
    assert ch is not None and ch.diff_top2 == pytest.approx(0.0)
