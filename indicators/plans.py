"""Evaluation plans (Evaluationspläne): before/after comparisons fixed before a measure starts, and their results.

A plan version (warehouse table `evaluation_plan`, catalogue sheet "Evaluationspläne") fixes the indicator (and
station), the Stichtag, the window, the method, the control stations, the expected effect and who decided it when.
Published versions are frozen (etl write mode "frozen"): a change is a new version with its reason, and every version's
result stays reproducible. `etl publish` computes each version's result exactly as planned into the snapshot
(`evaluation_result`, `write_results`); the pages and the command line read it from there. Any other analysis of the
same measure is exploratory ("explorativ, nicht im Plan": `planned_for`).

Codes only: the words are in indicators/labels.py.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
import polars as pl

from indicators import power, registry
from indicators.before_after import BeforeAfterError, Result
from indicators.comparisons import ComparisonRequest, run
from indicators.store import Snapshot

PLAN_TABLE = "evaluation_plan"
RESULT_TABLE = "evaluation_result"
STATUSES = ("planned", "running", "result", "error")  # before the Stichtag, within the window, after it, not computable
# what the result says about the expectation: the interval decides, never the point estimate alone
ASSESSMENTS = (
    "as_expected",  # the expected direction, and the expected size lies in the interval
    "stronger",  # the expected direction, the whole interval beyond the expected size
    "weaker",  # the expected direction, the whole interval short of the expected size
    "not_shown",  # the interval includes null (or the comparison gives no verdict)
    "opposite",  # a change against the expected direction
    "placebo_passed",  # a placebo (no effect expected) whose interval includes null
    "placebo_failed",  # a placebo with an effect: a warning about the design
)


@dataclass(frozen=True)
class Plan:
    plan_id: str
    version: int
    measure_id: str
    indicator_id: str
    station_id: str | None
    cutoff_date: date
    window_days: int
    method: str
    controls: tuple[str, ...]
    expected_direction: str  # increase | decrease | none
    expected_effect_pct: float
    decided_by: str
    decided_on: date
    published_on: date
    change_reason: str | None
    change_reason_en: str | None
    content_hash: str
    is_example: bool

    @property
    def late(self) -> bool:
        """Published after its Stichtag ("nachträglich"): the data after the start could have shaped it."""
        return self.published_on > self.cutoff_date

    @property
    def window_end(self) -> date:
        return self.cutoff_date + timedelta(days=self.window_days - 1)

    def request(self) -> ComparisonRequest:
        """The comparison exactly as planned."""
        return ComparisonRequest(
            indicator_id=self.indicator_id,
            station=self.station_id,
            at=self.cutoff_date,
            method=self.method,
            window_days=self.window_days,
            controls=self.controls,
            measure_id=self.measure_id,
        )

    def status(self, today: date) -> str:
        if today < self.cutoff_date:
            return "planned"
        return "running" if today <= self.window_end else "result"


@dataclass(frozen=True)
class PlanResult:
    plan_id: str
    version: int
    computed_at: str  # ISO 8601 UTC: the publish that computed it
    result: Result | None
    error: str | None  # German: why it could not be computed as planned
    mde_pct: float | None  # the smallest effect the plan detects with 80 % power (None: not computable)
    mde_error: str | None = None  # German: why the MDE is not given

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "version": self.version,
            "computed_at": self.computed_at,
            "result": self.result.to_dict() if self.result else None,
            "error": self.error,
            "mde_pct": self.mde_pct,
            "mde_error": self.mde_error,
        }


def plans(snap: Snapshot, *, measure_id: str | None = None) -> list[Plan]:
    """Every version of every plan (of one measure), by plan and version."""
    if not snap.has_table(PLAN_TABLE):
        return []
    where, params = ("where measure_id = ?", [measure_id]) if measure_id else ("", [])
    frame = snap.query(f"select * from {PLAN_TABLE} {where} order by plan_id, version", params)  # our constant
    return [_plan(row) for row in frame.iter_rows(named=True)]


def latest(snap: Snapshot, *, measure_id: str | None = None) -> list[Plan]:
    """The current version of each plan."""
    out: dict[str, Plan] = {}
    for p in plans(snap, measure_id=measure_id):
        out[p.plan_id] = p  # ordered by version
    return sorted(out.values(), key=lambda p: (p.cutoff_date, p.plan_id))


def history(snap: Snapshot, plan_id: str) -> list[Plan]:
    return [p for p in plans(snap) if p.plan_id == plan_id]


def get(snap: Snapshot, plan_id: str, version: int | None = None) -> Plan:
    """A plan's version (default: the current one); KeyError when there is none."""
    versions = history(snap, plan_id)
    if version is not None:
        versions = [p for p in versions if p.version == version]
    if not versions:
        raise KeyError(plan_id if version is None else f"{plan_id} Version {version}")
    return versions[-1]


def _plan(row: dict[str, Any]) -> Plan:
    return Plan(
        plan_id=row["plan_id"],
        version=int(row["version"]),
        measure_id=row["measure_id"],
        indicator_id=row["indicator_id"],
        station_id=row["station_id"],
        cutoff_date=row["cutoff_date"],
        window_days=int(row["window_days"]),
        method=row["method"],
        controls=tuple(c for c in (row["controls"] or "").split(",") if c),
        expected_direction=row["expected_direction"],
        expected_effect_pct=float(row["expected_effect_pct"]),
        decided_by=row["decided_by"],
        decided_on=row["decided_on"],
        published_on=row["published_on"],
        change_reason=row["change_reason"],
        change_reason_en=row.get("change_reason_en"),
        content_hash=row["content_hash"],
        is_example=bool(row["is_example"]),
    )


# --- computing -------------------------------------------------------------------------------------------------------


# simulated series behind a plan's MDE at each publish (`python -m indicators power` uses power.DRAWS = 400): half the
# time, a Monte-Carlo error of about ±3 instead of ±2 points of power at the reported MDE (docs/methods.md)
PUBLISH_DRAWS = 200


def compute(snap: Snapshot, plan: Plan, *, computed_at: str | None = None, with_mde: bool = True) -> PlanResult:
    """The plan's comparison exactly as planned (method, window, controls: nothing chosen afterwards), and its MDE."""
    stamp = computed_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    mde, why = minimum_detectable_effect(snap, plan) if with_mde else (None, None)
    try:
        result = run(snap, plan.request()).result
    except BeforeAfterError as e:
        return PlanResult(plan.plan_id, plan.version, stamp, None, str(e), mde, why)
    return PlanResult(plan.plan_id, plan.version, stamp, result, None, mde, why)


def minimum_detectable_effect(snap: Snapshot, plan: Plan) -> tuple[float | None, str | None]:
    """The plan's minimum detectable effect in % (80 % power, 5 % level) in the expected direction (negative for a
    decrease; a placebo: an increase), from the data before the Stichtag only (indicators/power.py); None where it
    cannot be estimated, with the reason in German (the simple comparison, monthly or yearly series, too little data
    before)."""
    if plan.method == "simple":
        return None, "der einfache Vergleich trägt kein Urteil: kein nachweisbarer Effekt"
    try:
        res = power.minimum_detectable_effect(
            snap,
            plan.station_id,
            None,
            plan.cutoff_date,
            plan.window_days,
            plan.method,
            controls=list(plan.controls) or None,
            indicator=registry.get(snap, plan.indicator_id),
            draws=PUBLISH_DRAWS,
        )
    except BeforeAfterError as e:
        return None, str(e)
    except KeyError:
        return None, f"unbekannter Indikator {plan.indicator_id}"
    mde = res.mde_decrease_pct if plan.expected_direction == "decrease" else res.mde_pct
    return (float(mde), None) if math.isfinite(mde) else (None, "in der Simulation nicht erreicht")


def results_frame(snap: Snapshot) -> pl.DataFrame:
    """Every version's result computed from `snap`, as the rows of `evaluation_result` (the publish step stores them)."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = [compute(snap, p, computed_at=stamp) for p in plans(snap)]
    return pl.DataFrame(
        {
            "plan_id": [r.plan_id for r in rows],
            "version": [r.version for r in rows],
            "computed_at": [r.computed_at for r in rows],
            "result_json": [json.dumps(r.result.to_dict()) if r.result else None for r in rows],
            "error": [r.error for r in rows],
            "mde_pct": [r.mde_pct for r in rows],
            "mde_error": [r.mde_error for r in rows],
        },
        schema={
            "plan_id": pl.Utf8(),
            "version": pl.Int32(),
            "computed_at": pl.Utf8(),
            "result_json": pl.Utf8(),
            "error": pl.Utf8(),
            "mde_pct": pl.Float64(),
            "mde_error": pl.Utf8(),
        },
    )


def write_results(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Store `results_frame` as `evaluation_result` through a writable connection to the snapshot."""
    con.register("_results", frame)
    con.execute(f"create or replace table {RESULT_TABLE} as select * from _results")  # our constant
    con.unregister("_results")


def result(snap: Snapshot, plan: Plan) -> PlanResult:
    """The result the publish stored for this version; computed now (and memoised) in a snapshot that has none."""
    if snap.has_table(RESULT_TABLE):
        rows = snap.query(
            f"select * from {RESULT_TABLE} where plan_id = ? and version = ?",  # our constant
            [plan.plan_id, plan.version],
        )
        if rows.height:
            row = rows.row(0, named=True)
            res = Result(**_result_fields(json.loads(row["result_json"]))) if row["result_json"] else None
            return PlanResult(
                row["plan_id"], int(row["version"]), row["computed_at"], res, row["error"], row["mde_pct"], row.get("mde_error")
            )
    return snap.memo(("plan_result", plan.plan_id, plan.version, plan.content_hash), lambda: compute(snap, plan))


def _result_fields(d: dict[str, Any]) -> dict[str, Any]:
    """A stored Result's fields back to their types (JSON has no NaN or tuples)."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        if k in ("window_before", "window_after", "controls"):
            out[k] = tuple(v)
        else:
            out[k] = float("nan") if v is None and k.endswith(("_pct", "_p", "power")) else v
    return out


# --- what it says ----------------------------------------------------------------------------------------------------


def assessment(plan: Plan, res: Result) -> str:
    """What the result says about the plan's expectation (ASSESSMENTS), from the interval."""
    lo, hi, code = res.ci_low_pct, res.ci_high_pct, res.verdict_code
    if plan.expected_direction == "none":
        return "placebo_passed" if lo <= 0 <= hi else "placebo_failed"
    if code not in ("increase", "decrease"):
        return "not_shown"
    if code != plan.expected_direction:
        return "opposite"
    expected = plan.expected_effect_pct
    if lo <= expected <= hi:
        return "as_expected"
    beyond = lo > expected if expected > 0 else hi < expected
    return "stronger" if beyond else "weaker"


def below_mde(plan: Plan, mde_pct: float | None) -> bool:
    """The expected effect is smaller than the plan can detect (with 80 % power): the plan says so in plain words."""
    return mde_pct is not None and plan.expected_direction != "none" and abs(plan.expected_effect_pct) < abs(mde_pct)


def planned_for(snap: Snapshot, req: ComparisonRequest) -> Plan | None:
    """The plan (current version) whose comparison this request is; None: the analysis is exploratory."""
    for p in latest(snap):
        want = replace(p.request(), measure_id=None)
        got = replace(req, measure_id=None, problems=())
        if (
            got.indicator_id == want.indicator_id
            and got.station == want.station
            and got.at == want.at
            and got.method == want.method
            and got.window_days == want.window_days
            and (got.method != "did" or set(got.controls) == set(want.controls))
        ):
            return p
    return None


def plan_results(snap: Snapshot, year: int) -> list[tuple[Plan, PlanResult]]:
    """The current plans whose Stichtag lies in or before `year`, each with its result as the publish stored it (the
    Wirkungsbericht's section on evaluation plans)."""
    return [(p, result(snap, p)) for p in latest(snap) if p.cutoff_date.year <= year]
