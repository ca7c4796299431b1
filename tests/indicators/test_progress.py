"""Progress statuses follow the Open SDG / Statistics Canada methodology on a table of cases."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from dashboard.status_display import STATUS_DISPLAY, status_label
from indicators.progress import STATUSES, cagr, parse_duration, progress, stale_since

B = date(2020, 1, 1)
NOW = date(2024, 1, 1)  # 4 years after the baseline (1461 days)
T = date(2028, 1, 1)  # 8 years after the baseline


def years(d0: date, d1: date) -> float:
    return (d1 - d0).days / 365.25


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
        baseline_date=B,
        current_value=current,
        current_date=NOW,
        target_value=target,
        target_date=T if target is not None else None,
    )
    assert p.status == expected, p


def test_ratio_is_the_published_formula() -> None:
    p = progress(
        direction="increase",
        baseline_value=100,
        baseline_date=B,
        current_value=122,
        current_date=NOW,
        target_value=160,
        target_date=T,
    )
    expected = ((122 / 100) ** (1 / years(B, NOW)) - 1) / ((160 / 100) ** (1 / years(B, T)) - 1)
    assert p.value == pytest.approx(expected, rel=1e-12)
    assert cagr(100, 121, 2) == pytest.approx(0.1)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(baseline_value=None, baseline_date=B, current_value=1, current_date=NOW),
        dict(baseline_value=1, baseline_date=B, current_value=None, current_date=None),  # too little data
        dict(baseline_value=1, baseline_date=NOW, current_value=2, current_date=NOW),  # no time passed
        dict(baseline_value=0, baseline_date=B, current_value=2, current_date=NOW),  # growth rate undefined
    ],
)
def test_not_available(kwargs: dict) -> None:
    assert progress(direction="increase", **kwargs).status == "not_available"


def test_every_status_has_german_words_colour_and_icon() -> None:
    for s in STATUSES:
        assert {"label", "color", "icon"} <= set(STATUS_DISPLAY[s])
    with Flask(__name__).test_request_context("/?lang=en"):  # English through the one translation mechanism
        english = {s: status_label(s) for s in STATUSES}
    assert all(english[s] != STATUS_DISPLAY[s]["label"] for s in STATUSES), english


def test_staleness_from_update_interval() -> None:
    assert parse_duration("P1M").days == 30
    assert stale_since(date(2026, 9, 1), "P1M", date(2026, 11, 26)) == date(2026, 9, 1) + 2 * parse_duration("P1M")
    assert stale_since(date(2026, 10, 1), "P1M", date(2026, 11, 26)) is None
    with pytest.raises(ValueError):
        parse_duration("monatlich")
