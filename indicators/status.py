"""Latest value, progress against target and staleness of one indicator, from its series."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from indicators import cache
from indicators.progress import progress, stale_since
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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def indicator_status(snap: Snapshot, ind: Indicator, *, today: date) -> IndicatorStatus:
    """Cached per snapshot and day where a cache is active (staleness depends on `today`)."""
    return cache.lookup("indicator_status", snap, (ind, today), lambda: _indicator_status(snap, ind, today=today))


def _indicator_status(snap: Snapshot, ind: Indicator, *, today: date) -> IndicatorStatus:
    s = series(snap, ind).drop_nulls(["value"]) if ind is not None else None
    latest_value = latest_period = None
    if s is not None and not s.is_empty():
        last = s.sort("period_start").row(-1, named=True)
        latest_value, latest_period = float(last["value"]), last["period_start"]
    p = progress(
        direction=ind.direction,
        baseline_value=ind.baseline_value,
        baseline_date=ind.baseline_date,
        current_value=latest_value,
        current_date=latest_period,
        target_value=ind.target_value,
        target_date=ind.target_date,
    )
    return IndicatorStatus(
        latest_value, latest_period, p.value, p.status, p.reason, stale_since(latest_period, ind.update_interval, today)
    )
