"""Progress against target by the method Open SDG uses (Statistics Canada's progress measurement), and staleness.

With a target: the compound annual growth rate (CAGR) achieved since the baseline, divided by the CAGR required
to reach the target on time: R ≥ 0.95 substantial, 0.6 ≤ R < 0.95 moderate, 0 ≤ R < 0.6 limited, R < 0
deterioration; a target already met is `target_achieved`. Without a target: the achieved CAGR in the desired
direction: ≥ 1.5 % substantial, 0.5–1.5 % moderate, 0–0.5 % limited, < 0 deterioration.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

STATUSES = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)

# why a status came about (the presentation layer words them; `Progress.value` is the number to show)
REASONS = (
    "values_missing",
    "target_met",
    "no_value_after_baseline",
    "growth_undefined",
    "target_invalid",
    "growth_ratio",  # value = achieved / required growth rate
    "directed_growth",  # value = annual growth rate in the desired direction
)

TARGET_THRESHOLDS = (0.95, 0.6, 0.0)
NO_TARGET_THRESHOLDS = (0.015, 0.005, 0.0)


@dataclass(frozen=True)
class Progress:
    status: str
    value: float | None  # R (with target) or the directed CAGR (without target); None when not available
    reason: str  # a code of REASONS: how the status came about


def _years(d0: date, d1: date) -> float:
    return (d1 - d0).days / 365.25


def cagr(y0: float, y1: float, years: float) -> float:
    """Compound annual growth rate from y0 to y1 over `years`."""
    return float((y1 / y0) ** (1.0 / years)) - 1.0


def progress(
    *,
    direction: str,
    baseline_value: float | None,
    baseline_date: date | None,
    current_value: float | None,
    current_date: date | None,
    target_value: float | None = None,
    target_date: date | None = None,
) -> Progress:
    """Status of one indicator. `direction` is the desired direction: `increase` or `decrease`."""
    if direction not in ("increase", "decrease"):
        raise ValueError(f"direction must be increase or decrease, not {direction!r}")
    d = 1.0 if direction == "increase" else -1.0
    if None in (baseline_value, baseline_date, current_value, current_date):
        return Progress("not_available", None, "values_missing")
    assert baseline_value is not None and current_value is not None and baseline_date and current_date
    if target_value is not None:
        met = current_value >= target_value if d > 0 else current_value <= target_value
        if met:
            return Progress("target_achieved", None, "target_met")
    t = _years(baseline_date, current_date)
    if t <= 0:
        return Progress("not_available", None, "no_value_after_baseline")
    if baseline_value <= 0 or current_value <= 0:
        return Progress("not_available", None, "growth_undefined")
    observed = cagr(baseline_value, current_value, t)
    if target_value is not None and target_date is not None:
        tt = _years(baseline_date, target_date)
        if tt <= 0 or target_value <= 0:
            return Progress("not_available", None, "target_invalid")
        required = cagr(baseline_value, target_value, tt)
        if required * d <= 0:
            # the target lies against the desired direction from the baseline: only moving the desired way counts
            ratio = math.copysign(1.0, observed * d) if observed else 0.0
        else:
            ratio = observed / required
        return Progress(_classify(ratio, TARGET_THRESHOLDS), ratio, "growth_ratio")
    directed = d * observed
    return Progress(_classify(directed, NO_TARGET_THRESHOLDS), directed, "directed_growth")


def _classify(x: float, thresholds: tuple[float, float, float]) -> str:
    hi, mid, lo = thresholds
    if x >= hi:
        return "substantial_progress"
    if x >= mid:
        return "moderate_progress"
    if x >= lo:
        return "limited_progress"
    return "deterioration"


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def parse_duration(iso: str) -> timedelta:
    """An ISO 8601 date duration (`P1D`, `P1M`, `P1Y`, `P2W`) as an approximate timedelta (month = 30.44 days)."""
    m = _DURATION.match(iso or "")
    if not m or not any(m.groups()):
        raise ValueError(f"keine ISO-8601-Dauer: {iso!r}")
    y, mo, w, dd = (int(g) if g else 0 for g in m.groups())
    return timedelta(days=y * 365.25 + mo * 30.44 + w * 7 + dd)


def stale_since(last_period: date | None, update_interval: str, today: date) -> date | None:
    """The date from which data counts as stale (last period + 2 update intervals), or None while fresh.

    One interval is the normal publication delay; a second one missed makes the data stale.
    """
    if last_period is None:
        return None
    due = last_period + 2 * parse_duration(update_interval)
    return due if today > due else None
