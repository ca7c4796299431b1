"""Every before/after method for one question, side by side, and whether they contradict each other (issue #14).

`run_all` answers one `ComparisonRequest` with each method of `METHODS`: the comparison where the method applies, the
reason (a `BeforeAfterError`) where it does not. Difference-in-differences takes the request's control stations or,
without any, the suggested ones (`comparisons.suggest_controls`). `disagreement` says whether two methods contradict
each other (a code, worded by the page).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from indicators import comparisons as cmp
from indicators import registry
from indicators.before_after import METHODS, BeforeAfterError, Result, indicator_metric
from indicators.store import Snapshot

# no_overlap: the 95 % intervals of two methods do not overlap; sign_differs: two estimates point in opposite directions
DISAGREEMENTS = ("no_overlap", "sign_differs")
NO_CONTROLS = (
    "keine Kontrollstation vorgeschlagen: keine Station derselben Art und Messgröße hat vollständige Daten ohne "
    "den Start einer weiteren Maßnahme im Zeitfenster; bitte Kontrollstationen wählen"
)


@dataclass(frozen=True)
class Estimate:
    """What `disagreement` needs of a method's result."""

    method: str
    effect_pct: float
    ci_low_pct: float
    ci_high_pct: float

    @classmethod
    def of(cls, r: Result) -> Estimate:
        return cls(r.method, r.effect_pct, r.ci_low_pct, r.ci_high_pct)

    @property
    def finite(self) -> bool:
        return all(math.isfinite(v) for v in (self.effect_pct, self.ci_low_pct, self.ci_high_pct))


@dataclass(frozen=True)
class MethodOutcome:
    """One method's answer: the comparison, or why the method does not apply."""

    method: str
    comparison: cmp.Comparison | None
    error: BeforeAfterError | None
    default: bool  # the city's default method for this kind of series (`comparisons.DEFAULT_METHOD`)
    suggested_controls: bool = False  # did: the controls were suggested, not chosen

    @property
    def result(self) -> Result | None:
        return self.comparison.result if self.comparison else None


@dataclass(frozen=True)
class Disagreement:
    code: str  # one of DISAGREEMENTS
    methods: tuple[str, str]  # the two methods that contradict each other, in the order of METHODS


@dataclass(frozen=True)
class SideBySide:
    request: cmp.ComparisonRequest
    default_method: str
    outcomes: tuple[MethodOutcome, ...]
    disagreement: Disagreement | None

    @property
    def computed(self) -> list[MethodOutcome]:
        return [o for o in self.outcomes if o.result is not None]


def disagreement(estimates: Sequence[Estimate]) -> Disagreement | None:
    """Whether methods contradict each other: two 95 % intervals without overlap (checked first, the stronger
    statement), or two estimates of opposite sign; None when they agree or fewer than two have a finite estimate."""
    ok = [e for e in estimates if e.finite]
    order = {m: i for i, m in enumerate(METHODS)}
    ok.sort(key=lambda e: order.get(e.method, len(order)))
    pairs = [(a, b) for i, a in enumerate(ok) for b in ok[i + 1 :]]
    for a, b in pairs:
        if a.ci_high_pct < b.ci_low_pct or b.ci_high_pct < a.ci_low_pct:
            return Disagreement("no_overlap", (a.method, b.method))
    for a, b in pairs:
        if a.effect_pct * b.effect_pct < 0:
            return Disagreement("sign_differs", (a.method, b.method))
    return None


def did_controls(snap: Snapshot, req: cmp.ComparisonRequest) -> tuple[tuple[str, ...], bool]:
    """The control stations difference-in-differences uses for `req`: the chosen ones, else the suggested ones; and
    whether they are the suggested ones (also when the page filled the suggestion in as the choice)."""
    suggested: tuple[str, ...] = ()
    metric = req.metric
    if req.indicator_id:
        try:
            metric = indicator_metric(registry.get(snap, req.indicator_id))
        except KeyError:
            metric = None
    if req.station and req.at and metric:
        suggested = tuple(cmp.suggest_controls(snap, station=req.station, metric=metric, at=req.at, window_days=req.window_days))
    if req.controls:
        return req.controls, bool(suggested) and set(req.controls) == set(suggested)
    return suggested, bool(suggested)


def run_all(snap: Snapshot, req: cmp.ComparisonRequest) -> SideBySide:
    """Each method of `METHODS` on the same question (the request's method is ignored)."""
    default = cmp.default_method(snap, req)
    controls, suggested = did_controls(snap, req)
    outcomes = []
    for m in METHODS:
        one = replace(req, method=m, controls=controls if m == "did" else ())
        c: cmp.Comparison | None = None
        try:
            if m == "did" and not req.problems and req.at and not controls:
                if not req.station:
                    raise BeforeAfterError("Differenz-von-Differenzen braucht eine Station: bitte eine Station wählen.")
                raise BeforeAfterError(NO_CONTROLS)
            c, err = cmp.run(snap, one), None
        except BeforeAfterError as e:
            err = e
        outcomes.append(MethodOutcome(m, c, err, m == default, suggested and m == "did" and bool(controls)))
    found = disagreement([Estimate.of(o.result) for o in outcomes if o.result is not None])
    return SideBySide(req, default, tuple(outcomes), found)
