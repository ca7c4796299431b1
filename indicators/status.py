"""Latest value, progress against target and staleness of one indicator, from its series.

`indicator_status` is the one place a progress status comes from: the badge, the overview's counts, the sentence
under a chart, the slide and `python -m indicators show` all read it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from indicators import cache
from indicators.progress import Comparison, Period, compare, progress, stale_since
from indicators.registry import Indicator, series
from indicators.store import Snapshot


@dataclass(frozen=True)
class IndicatorStatus:
    latest_value: float | None
    latest_period: date | None
    progress_value: float | None
    progress_status: str  # a code of indicators.progress.STATUSES
    progress_reason: str  # a code of indicators.progress.REASONS
    stale_since: date | None
    # what progress compared: the basis, the baseline period's value and the latest complete period's value on it
    progress_basis: str = "last_value"  # a code of indicators.progress.BASES
    compared_baseline: Period | None = None  # the baseline period's value on the basis (series, else catalogue)
    baseline_source: str | None = None  # "series" (the series has the period) or "catalogue"
    compared_current: Period | None = None  # the latest complete period's value on the basis
    years: float | None = None  # from the baseline period to the current one
    target_years: float | None = None  # from the baseline period to the period holding the target date
    baseline_deviation: float | None = None  # catalogue baseline vs the series' own value, where above the tolerance

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def indicator_status(snap: Snapshot, ind: Indicator, *, today: date) -> IndicatorStatus:
    """Cached per snapshot and day where a cache is active (staleness depends on `today`)."""
    return cache.lookup("indicator_status", snap, (ind, today), lambda: _indicator_status(snap, ind, today=today))


def comparison(ind: Indicator, values: list[tuple[date, float]]) -> Comparison:
    """The indicator's two compared values from its city-wide series."""
    return compare(
        values,
        basis=ind.basis,
        update_interval=ind.update_interval,
        baseline_value=ind.baseline_value,
        baseline_date=ind.baseline_date,
        target_date=ind.target_date,
    )


def _indicator_status(snap: Snapshot, ind: Indicator, *, today: date) -> IndicatorStatus:
    s = series(snap, ind).drop_nulls(["value"]).sort("period_start")
    return status_of_values(ind, [(d, float(v)) for d, v in s.select("period_start", "value").iter_rows()], today=today)


def status_of_values(ind: Indicator, values: list[tuple[date, float]], *, today: date) -> IndicatorStatus:
    """The status of `values` (`(period_start, value)`, sorted): the app's status on the whole series, the annual
    report's (indicators/report/) on the series up to the end of its year."""
    latest_value, latest_period = (values[-1][1], values[-1][0]) if values else (None, None)
    c = comparison(ind, values)
    p = progress(
        direction=ind.direction,
        baseline_value=c.baseline.value if c.baseline else None,
        current_value=c.current.value if c.current else None,
        years=c.years,
        target_value=ind.target_value,
        target_years=c.target_years,
    )
    return IndicatorStatus(
        latest_value,
        latest_period,
        p.value,
        p.status,
        p.reason,
        stale_since(latest_period, ind.update_interval, today),
        progress_basis=c.basis,
        compared_baseline=c.baseline,
        baseline_source=c.baseline_source,
        compared_current=c.current,
        years=c.years,
        target_years=c.target_years,
        baseline_deviation=c.catalogue_deviation,
    )
