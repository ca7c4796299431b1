"""Progress against target by the method Open SDG uses (Statistics Canada's progress measurement), and staleness.

Progress compares like with like: the indicator's declared basis (`BASES`) turns its series into comparable values,
the baseline period's value and the latest complete period's value on that basis (`compare`). Periods are counted
in the basis' own units: whole years between two calendar years, whole months between two 12-month windows, whole
update intervals between two values (`last_value`).

With a target: the compound annual growth rate (CAGR) achieved since the baseline, divided by the CAGR required
to reach the target by the period holding the target date: R ≥ 0.95 substantial, 0.6 ≤ R < 0.95 moderate,
0 ≤ R < 0.6 limited, R < 0 deterioration; a target already met is `target_achieved`. Without a target: the achieved
CAGR in the desired direction: ≥ 1.5 % substantial, 0.5–1.5 % moderate, 0–0.5 % limited, < 0 deterioration.
As in sdg-build, a zero value counts as 0.001 and a negative baseline turns the sign; less than a year between
baseline and current value gives no status.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Iterable
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
    "less_than_a_year",
    "growth_undefined",
    "target_invalid",
    "growth_ratio",  # value = achieved / required growth rate
    "directed_growth",  # value = annual growth rate in the desired direction
)

# How a series becomes the two compared values (the catalogue's column Fortschrittsbasis)
BASES = (
    "annual_mean",  # mean of a complete calendar year: flows measured sub-annually (counts, concentrations)
    "rolling_12m",  # mean of 12 consecutive complete months: the latest 12 against the 12 from the baseline month
    "last_value",  # the value of one period: stocks (charging points, nodes) and yearly series
    "annual_sum",  # sum over a complete calendar year: where the year's total matters
)
ANNUAL_BASES = ("annual_mean", "annual_sum")

TARGET_THRESHOLDS = (0.95, 0.6, 0.0)
NO_TARGET_THRESHOLDS = (0.015, 0.005, 0.0)
MIN_YEARS = 1.0  # Statistics Canada: at least one year between base and current value
ZERO = 0.001  # sdg-build's stand-in for a zero value (a growth rate from or to zero is undefined)
# a catalogue baseline further than this from the series' own value for the baseline period is reported
BASELINE_TOLERANCE = 0.05


@dataclass(frozen=True)
class Progress:
    status: str
    value: float | None  # R (with target) or the directed CAGR (without target); None when not available
    reason: str  # a code of REASONS: how the status came about


def cagr(y0: float, y1: float, years: float) -> float:
    """Compound annual growth rate from y0 to y1 over `years`."""
    return float((y1 / y0) ** (1.0 / years)) - 1.0


def progress(
    *,
    direction: str,
    baseline_value: float | None,
    current_value: float | None,
    years: float | None,
    target_value: float | None = None,
    target_years: float | None = None,
) -> Progress:
    """Status of one indicator from two comparable values `years` apart (see `compare`); `target_years`: years from
    the baseline period to the period holding the target date. `direction` is `increase` or `decrease`."""
    if direction not in ("increase", "decrease"):
        raise ValueError(f"direction must be increase or decrease, not {direction!r}")
    d = 1.0 if direction == "increase" else -1.0
    if baseline_value is None or current_value is None or years is None:
        return Progress("not_available", None, "values_missing")
    if years <= 0:
        return Progress("not_available", None, "no_value_after_baseline")
    if years < MIN_YEARS:
        return Progress("not_available", None, "less_than_a_year")
    if target_value is not None:
        met = current_value >= target_value if d > 0 else current_value <= target_value
        if met:
            return Progress("target_achieved", None, "target_met")
    y0, y1 = baseline_value or ZERO, current_value or ZERO
    if (y0 < 0) != (y1 < 0):  # a change of sign has no growth rate
        return Progress("not_available", None, "growth_undefined")
    sign = -1.0 if y0 < 0 else 1.0  # from −10 to −5 is a rise: the ratio of two negatives falls
    observed = cagr(y0, y1, years)
    if target_value is not None:
        yt = target_value or ZERO
        if target_years is None or target_years <= 0 or (yt < 0) != (y0 < 0):
            return Progress("not_available", None, "target_invalid")
        required = cagr(y0, yt, target_years)
        if required == 0:  # target = baseline: only moving the desired way counts
            ratio = math.copysign(1.0, sign * d * observed) if observed else 0.0
        else:
            ratio = sign * d * observed / abs(required)
        return Progress(_classify(ratio, TARGET_THRESHOLDS), ratio, "growth_ratio")
    directed = sign * d * observed
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


# --- comparable values on a basis -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One compared value: the basis' value over the days `start`–`end` (both inclusive)."""

    start: date
    end: date
    value: float


@dataclass(frozen=True)
class Comparison:
    """What progress compares: baseline and current value on the indicator's basis, and the years between."""

    basis: str
    baseline: Period | None  # from the series where it has the baseline period, else the catalogue's value
    baseline_source: str | None  # "series" | "catalogue"
    series_baseline: float | None  # the series' value for the baseline period (None: the series lacks it)
    current: Period | None  # the latest complete period on the basis
    years: float | None  # between the baseline period and the current one, in whole periods of the basis
    target_years: float | None  # between the baseline period and the period holding the target date

    # relative difference of the catalogue's baseline from the series' own value, where above BASELINE_TOLERANCE
    catalogue_deviation: float | None = None


def default_basis(update_interval: str) -> str:
    """A catalogue row without Fortschrittsbasis: the annual mean for sub-annual series, else the last value."""
    months, days = interval_parts(update_interval)
    return "last_value" if months >= 12 or days >= 365 else "annual_mean"


def compare(
    values: Iterable[tuple[date, float]],
    *,
    basis: str,
    update_interval: str,
    baseline_value: float | None,
    baseline_date: date | None,
    target_date: date | None = None,
) -> Comparison:
    """The two compared values of a series (`(period_start, value)` pairs) on `basis`.

    The baseline comes from the series where it covers the baseline period completely (as sdg-build takes the base
    value from the data); the catalogue's `baseline_value` stands in only where it does not.
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, not {basis!r}")
    rows = sorted((d, float(v)) for d, v in values if v is not None and not math.isnan(v))
    if basis in ANNUAL_BASES:
        periods = _annual(rows, update_interval, total=basis == "annual_sum")
    elif basis == "rolling_12m":
        periods = _rolling(rows)
    else:
        periods = _single(rows, update_interval)
    current = periods[-1] if periods else None
    if baseline_date is None:
        return Comparison(basis, None, None, None, current, None, None)
    if basis == "last_value":  # the value whose period holds the baseline date (a stock at 31.12. holds 1.1.)
        own = next((p for p in reversed(periods) if p.start <= baseline_date <= p.end), None)
    else:
        own = next((p for p in periods if p.start == _period_start(basis, update_interval, baseline_date)), None)
    base_start = own.start if own is not None else _period_start(basis, update_interval, baseline_date)
    series_baseline = own.value if own is not None else None
    deviation = None
    if own is not None and baseline_value is not None:
        rel = abs(baseline_value - own.value) / max(abs(own.value), ZERO)
        deviation = rel if rel > BASELINE_TOLERANCE else None
    if own is not None:
        baseline, source = own, "series"
    elif baseline_value is not None:
        baseline, source = Period(base_start, _period_end(basis, update_interval, base_start), float(baseline_value)), "catalogue"
    else:
        baseline, source = None, None
    years = _years_between(basis, update_interval, base_start, current.start) if current is not None else None
    target_years = None
    if target_date is not None:
        target_start = _period_start(basis, update_interval, target_date)
        if basis == "rolling_12m":  # the 12-month window that ends with the target date's month
            target_start = add_months(target_start, -11)
        target_years = _years_between(basis, update_interval, base_start, target_start)
    return Comparison(basis, baseline, source, series_baseline, current, years, target_years, deviation)


def interval_parts(iso: str) -> tuple[int, int]:
    """An ISO 8601 duration as (months, days): `P1M` → (1, 0), `P1Y` → (12, 0), `P1W` → (0, 7)."""
    m = _DURATION.match(iso or "")
    if not m or not any(m.groups()):
        raise ValueError(f"keine ISO-8601-Dauer: {iso!r}")
    y, mo, w, dd = (int(g) if g else 0 for g in m.groups())
    return 12 * y + mo, 7 * w + dd


def _month_index(d: date) -> int:
    return 12 * d.year + d.month - 1


def _from_month_index(i: int) -> date:
    return date(i // 12, i % 12 + 1, 1)


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, min(d.day, calendar.monthrange(d.year + y, m + 1)[1]))


def _per_year(update_interval: str) -> int:
    """Values a complete calendar year holds: 12 monthly, 4 quarterly, 52 weekly, 365 daily, 1 yearly."""
    months, days = interval_parts(update_interval)
    length = months * 30.4375 + days
    return max(1, round(365.25 / length))


def _annual(rows: list[tuple[date, float]], update_interval: str, *, total: bool) -> list[Period]:
    by_year: dict[int, list[float]] = {}
    for d, v in rows:
        by_year.setdefault(d.year, []).append(v)
    need = _per_year(update_interval)
    return [
        Period(date(y, 1, 1), date(y, 12, 31), sum(vs) if total else sum(vs) / len(vs))
        for y, vs in sorted(by_year.items())
        if len(vs) >= need
    ]


def _rolling(rows: list[tuple[date, float]]) -> list[Period]:
    """Every window of 12 consecutive months with a value in each (monthly means of finer series first)."""
    by_month: dict[int, list[float]] = {}
    for d, v in rows:
        by_month.setdefault(_month_index(d), []).append(v)
    means = {m: sum(vs) / len(vs) for m, vs in by_month.items()}
    out = []
    for m in sorted(means):
        if all(m + k in means for k in range(12)):
            start = _from_month_index(m)
            out.append(Period(start, add_months(start, 12) - timedelta(days=1), sum(means[m + k] for k in range(12)) / 12))
    return out


def _single(rows: list[tuple[date, float]], update_interval: str) -> list[Period]:
    return [Period(d, _interval_end(update_interval, d), v) for d, v in rows]


def _interval_end(update_interval: str, start: date) -> date:
    months, days = interval_parts(update_interval)
    return (add_months(start, months) + timedelta(days=days)) - timedelta(days=1)


def _period_start(basis: str, update_interval: str, d: date) -> date:
    """The start of the basis' period that holds the day `d`."""
    if basis in ANNUAL_BASES:
        return date(d.year, 1, 1)
    if basis == "rolling_12m":
        return date(d.year, d.month, 1)
    months, _days = interval_parts(update_interval)
    if months:  # periods of whole months start on the first of a month
        return date(d.year, d.month, 1)
    return d


def _period_end(basis: str, update_interval: str, start: date) -> date:
    if basis in ANNUAL_BASES:
        return date(start.year, 12, 31)
    if basis == "rolling_12m":
        return add_months(start, 12) - timedelta(days=1)
    return _interval_end(update_interval, start)


def _years_between(basis: str, update_interval: str, d0: date, d1: date) -> float:
    """Whole periods of the basis from the period starting `d0` to the one starting `d1`, in years."""
    if basis in ANNUAL_BASES:
        return float(d1.year - d0.year)
    if basis == "rolling_12m":
        return (_month_index(d1) - _month_index(d0)) / 12
    months, days = interval_parts(update_interval)
    if months and not days:
        return (_month_index(d1) - _month_index(d0)) // months * months / 12
    length = months * 30.4375 + days
    return (d1 - d0).days // length * length / 365.25


# --- staleness --------------------------------------------------------------------------------------------------------

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def parse_duration(iso: str) -> timedelta:
    """An ISO 8601 date duration (`P1D`, `P1M`, `P1Y`, `P2W`) as an approximate timedelta (month = 30.44 days)."""
    months, days = interval_parts(iso)
    return timedelta(days=months * 30.44 + days)


def stale_since(last_period: date | None, update_interval: str, today: date) -> date | None:
    """The date from which data count as stale (start of the last period + 3 update intervals), or None while fresh.

    The last period ends one interval after its start; the next period ends one interval later, and its value may
    take one more interval to be published: only then is it overdue (December's data stale from 1 March, not from
    31 January, before January's could exist).
    """
    if last_period is None:
        return None
    months, days = interval_parts(update_interval)
    due = add_months(last_period, 3 * months) + timedelta(days=3 * days)
    return due if today > due else None
