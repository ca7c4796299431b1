"""Progress statuses follow the Open SDG / Statistics Canada methodology on a table of cases."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from dashboard.status_display import STATUS_DISPLAY, status_label
from indicators.progress import STATUSES, cagr, parse_duration, progress, stale_since

NOW = 4.0  # years from the baseline period to the current one
T = 8.0  # years from the baseline period to the period holding the target date


# (direction, baseline, current, target, expected status)
CASES = [
    # with a target: R = observed CAGR / required CAGR
    ("increase", 100, 130, 160, "substantial_progress"),  # R = 1.10
    ("increase", 100, 122, 160, "moderate_progress"),  # R ≈ 0.84
    ("increase", 100, 108, 160, "limited_progress"),  # R ≈ 0.32
    ("increase", 100, 95, 160, "deterioration"),
    ("increase", 100, 170, 160, "target_achieved"),
    ("increase", 100, 160, 160, "target_achieved"),
    ("decrease", 40, 28, 20, "substantial_progress"),  # both rates negative, R ≈ 1.03
    ("decrease", 40, 31, 20, "moderate_progress"),  # R ≈ 0.74
    ("decrease", 40, 38, 20, "limited_progress"),
    ("decrease", 40, 45, 20, "deterioration"),
    ("decrease", 40, 19, 20, "target_achieved"),
    ("increase", 100, 90, 95, "deterioration"),  # target below baseline: already met, then lost
    # without a target: CAGR in the desired direction, thresholds 1.5 % / 0.5 % / 0
    ("increase", 100, 107, None, "substantial_progress"),  # +1.70 %/year
    ("increase", 100, 103, None, "moderate_progress"),  # +0.74 %/year
    ("increase", 100, 101, None, "limited_progress"),  # +0.25 %/year
    ("increase", 100, 99, None, "deterioration"),
    ("decrease", 100, 93, None, "substantial_progress"),
    ("decrease", 100, 98, None, "moderate_progress"),
    ("decrease", 100, 101, None, "deterioration"),
]


@pytest.mark.parametrize(("direction", "base", "current", "target", "expected"), CASES)
def test_status_table(direction: str, base: float, current: float, target: float | None, expected: str) -> None:
    p = progress(
        direction=direction,
        baseline_value=base,
        current_value=current,
        years=NOW,
        target_value=target,
        target_years=T if target is not None else None,
    )
    assert p.status == expected, p


def test_ratio_is_the_published_formula() -> None:
    p = progress(
        direction="increase",
        baseline_value=100,
        current_value=122,
        years=NOW,
        target_value=160,
        target_years=T,
    )
    expected = ((122 / 100) ** (1 / NOW) - 1) / ((160 / 100) ** (1 / T) - 1)
    assert p.value == pytest.approx(expected, rel=1e-12)
    assert cagr(100, 121, 2) == pytest.approx(0.1)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(baseline_value=None, current_value=1, years=NOW),
        dict(baseline_value=1, current_value=None, years=None),  # too little data
        dict(baseline_value=1, current_value=2, years=0.0),  # no time passed
        dict(baseline_value=1, current_value=2, years=2 / 12),  # two months: Statistics Canada wants a year
        dict(baseline_value=-1, current_value=2, years=NOW),  # a change of sign has no growth rate
    ],
)
def test_not_available(kwargs: dict) -> None:
    assert progress(direction="increase", **kwargs).status == "not_available"


def test_at_least_one_year_between_base_and_current_value() -> None:
    short = progress(direction="increase", baseline_value=100, current_value=150, years=11 / 12, target_value=200, target_years=T)
    assert (short.status, short.reason) == ("not_available", "less_than_a_year")
    assert progress(direction="increase", baseline_value=100, current_value=150, years=1.0).status == "substantial_progress"


# zero and negative values as sdg-build: zero counts as 0.001, a negative baseline turns the sign
@pytest.mark.parametrize(
    ("direction", "base", "current", "target", "expected"),
    [
        ("increase", 0, 5, 10, "substantial_progress"),  # from nothing to half the target in half the time
        ("decrease", 6, 0, None, "substantial_progress"),  # down to zero: was "nicht bewertbar"
        ("decrease", 8, 4, 0, "limited_progress"),  # target zero: the required rate runs from 8 to 0.001
        ("increase", -10, -5, None, "substantial_progress"),  # −10 → −5 is a rise
        ("decrease", -10, -5, None, "deterioration"),
        ("increase", -10, -20, -2, "deterioration"),
        ("decrease", -10, -12, -20, "limited_progress"),  # R ≈ 0.52: falling, too slowly
    ],
)
def test_zero_and_negative_values(direction: str, base: float, current: float, target: float | None, expected: str) -> None:
    p = progress(
        direction=direction,
        baseline_value=base,
        current_value=current,
        years=NOW,
        target_value=target,
        target_years=T if target is not None else None,
    )
    assert p.status == expected, p


def test_every_status_has_german_words_colour_and_icon() -> None:
    for s in STATUSES:
        assert {"label", "color", "icon"} <= set(STATUS_DISPLAY[s])
    with Flask(__name__).test_request_context("/?lang=en"):  # English through the one translation mechanism
        english = {s: status_label(s) for s in STATUSES}
    assert all(english[s] != STATUS_DISPLAY[s]["label"] for s in STATUSES), english


def test_staleness_from_update_interval() -> None:
    """Due = start of the last period + 3 intervals: December's data are not stale on 31 January, before January's
    values can exist, but from 1 March, when January's are a full interval overdue."""
    assert parse_duration("P1M").days == 30
    assert stale_since(date(2025, 12, 1), "P1M", date(2026, 1, 31)) is None
    assert stale_since(date(2025, 12, 1), "P1M", date(2026, 3, 1)) is None
    assert stale_since(date(2025, 12, 1), "P1M", date(2026, 3, 2)) == date(2026, 3, 1)
    assert stale_since(date(2026, 8, 1), "P1M", date(2026, 11, 26)) == date(2026, 11, 1)
    assert stale_since(date(2024, 1, 1), "P1Y", date(2026, 12, 31)) is None
    assert stale_since(date(2026, 11, 2), "P1D", date(2026, 11, 6)) == date(2026, 11, 5)
    with pytest.raises(ValueError):
        parse_duration("monatlich")
