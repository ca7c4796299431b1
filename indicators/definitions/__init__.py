"""Computed indicators: one module per indicator (file name = indicator id), each defining `INDICATOR`.

Adding a computed indicator takes one module here, one named query in `indicators/sql/` and the city's values
(baseline, target, public, responsible unit) in the Maßnahmenkatalog. `all_definitions()` finds the modules.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from indicators.store import Snapshot

# (snapshot, station or None) -> the query's parameters known only at run time; None: the snapshot lacks what the
# query needs (e.g. no weather station), the series is empty.
RuntimeParams = Callable[[Snapshot, str | None], dict[str, Any] | None]

IOO_LEVELS = ("input", "output", "outcome", "impact")
DIRECTIONS = ("increase", "decrease")


@dataclass(frozen=True)
class Computation:
    """How a computed indicator's series comes from the warehouse: a named query with bound parameters."""

    query: str
    params: Mapping[str, Any] = field(default_factory=dict)
    per_station: str | None = None  # station kind when the series can be drawn per station
    # not in repr: a function's repr holds its address, which differs between processes (repr builds cache keys)
    runtime_params: RuntimeParams | None = field(default=None, repr=False, compare=False)

    def bound_params(self, snap: Snapshot, station: str | None) -> dict[str, Any] | None:
        """The parameters for the query: the fixed ones plus the runtime ones (None: the series is empty)."""
        params = dict(self.params)
        if self.runtime_params is not None:
            extra = self.runtime_params(snap, station)
            if extra is None:
                return None
            params.update(extra)
        return params


@dataclass(frozen=True, kw_only=True)
class IndicatorDef:
    """Everything about a computed indicator that is not the city's to edit (German texts marked with `N_`)."""

    id: str
    measure_id: str
    query: str  # name of `indicators/sql/<query>.sql`
    params: Mapping[str, Any] = field(default_factory=dict)
    runtime_params: RuntimeParams | None = field(default=None, repr=False, compare=False)
    per_station: str | None = None
    unit: str
    ioo_level: str  # input | output | outcome | impact
    direction: str  # the desired direction: increase | decrease
    update_interval: str  # ISO 8601 duration
    name: str
    definition: str
    source: str
    caveats: str

    def __post_init__(self) -> None:
        if self.ioo_level not in IOO_LEVELS:
            raise ValueError(f"{self.id}: ioo_level {self.ioo_level!r} not in {IOO_LEVELS}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"{self.id}: direction {self.direction!r} not in {DIRECTIONS}")

    @property
    def computation(self) -> Computation:
        return Computation(self.query, self.params, self.per_station, self.runtime_params)


@cache
def all_definitions() -> dict[str, IndicatorDef]:
    """Every module of this package (except `_private` ones) by indicator id, in file-name order."""
    out: dict[str, IndicatorDef] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        record = importlib.import_module(f"{__name__}.{info.name}").INDICATOR
        if not isinstance(record, IndicatorDef) or record.id != info.name:
            raise TypeError(f"{__name__}.{info.name}: INDICATOR must be an IndicatorDef with id {info.name!r}")
        out[record.id] = record
    return out
