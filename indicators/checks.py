"""The rules of `python -m etl check`: what is wrong with the data at a given moment (silent stations, stale indicators,
missed 48-hour rule, PM10 exceedance days, failed loads and syncs), as codes and numbers; the alerts stage stores,
words and sends them (package alerts/)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from indicators.quality import stale_indicators
from indicators.queries import sql
from indicators.store import Snapshot
from indicators.thresholds import PM10_DAILY_LIMIT

ANY_KIND = "*"

# Each rule with its parameters and their defaults (docs/configuration.md, "Prüfungen und Alarme").
PARAMS: dict[str, dict[str, float]] = {
    "station_silent": {"hours": 72.0},
    "indicator_stale": {},
    "cleanup_48h": {"max_missed_percent": 10.0, "min_requests": 10.0},
    "pm10_exceedance": {"limit": PM10_DAILY_LIMIT, "allowed_days": 35.0},
    "load_failed": {"hours": 168.0},
    "sync_failed": {},
}
RULES = tuple(PARAMS)

# Hours without a reading before a station counts as silent, per kind: the pace at which each source's data arrive
# (sensor.community and DWD publish daily archives a day late; Freifunk is pulled every 15 minutes).
SILENT_HOURS: dict[str, float] = {
    ANY_KIND: 72.0,
    "air_quality": 72.0,
    "weather": 96.0,
    "bike_counter": 48.0,
    "pedestrian_counter": 48.0,
    "tree_sensor": 48.0,
    "wifi_node": 24.0,
    "sensor": 24.0,
}


@dataclass(frozen=True)
class Rule:
    """One rule as configured: `rule` (one of RULES), its parameters, the station kind (`station_silent` only)."""

    rule: str
    params: Mapping[str, float] = field(default_factory=dict)
    kind: str = ANY_KIND
    enabled: bool = True

    def param(self, name: str) -> float:
        return float(self.params.get(name, PARAMS[self.rule][name]))


def default_rules() -> list[Rule]:
    """The rules for the strategy's measures when the sources file names none."""
    out = [Rule("station_silent", {"hours": h}, kind=k) for k, h in SILENT_HOURS.items()]
    return out + [Rule(r, dict(p)) for r, p in PARAMS.items() if r != "station_silent"]


@dataclass(frozen=True)
class Finding:
    """One thing a rule found: `subject` identifies it within the rule (station id, indicator id, file name, …)."""

    rule: str
    subject: str
    name: str  # what a person calls the subject (station name, indicator name)
    facts: dict[str, Any]


@dataclass
class Evaluation:
    findings: list[Finding] = field(default_factory=list)
    evaluated: set[str] = field(default_factory=set)  # rules that ran (their alerts that were not found end)
    errors: dict[str, str] = field(default_factory=dict)  # rule -> error: its standing alerts are kept as they are


def evaluate(snap: Snapshot, rules: Iterable[Rule], *, now: datetime) -> Evaluation:
    """Run every enabled rule (a `station_silent` rule switched off for one kind skips that kind) against the snapshot (or build database opened read-only) as of `now` (naive UTC)."""
    out = Evaluation()
    by_rule: dict[str, list[Rule]] = {}
    for r in rules:
        by_rule.setdefault(r.rule, []).append(r)
    for name, group in by_rule.items():
        if not any(r.enabled for r in group):
            continue
        try:
            out.findings += CHECKS[name](snap, group, now)
        except Exception as e:  # a broken rule must not silence the others; its alerts stay as they are
            out.errors[name] = f"{type(e).__name__}: {e}"
            continue
        out.evaluated.add(name)
    return out


def _station_silent(snap: Snapshot, rules: list[Rule], now: datetime) -> list[Finding]:
    hours = {r.kind: r.param("hours") if r.enabled else None for r in rules}  # None: this kind is not checked
    out = []
    for station_id, name, kind, last_hour in snap.rows(sql("check_station_last_reading"), {"now": now}):
        limit = hours[kind] if kind in hours else hours.get(ANY_KIND)
        if limit is None:
            continue
        silent = (now - last_hour) / timedelta(hours=1)
        if silent > limit:
            facts = {"kind": kind, "last_hour": last_hour, "hours": int(silent), "limit": limit}
            out.append(Finding("station_silent", station_id, name, facts))
    return out


def _indicator_stale(snap: Snapshot, rules: list[Rule], now: datetime) -> list[Finding]:
    # the staleness the indicator pages show ("Daten veraltet"): one definition, indicators.progress.stale_since
    return [
        Finding(
            "indicator_stale",
            s.indicator_id,
            s.name,
            {"stale_since": s.stale_since, "latest_period": s.latest_period, "update_interval": s.update_interval},
        )
        for s in stale_indicators(snap, today=now.date())
    ]


def _cleanup_48h(snap: Snapshot, rules: list[Rule], now: datetime) -> list[Finding]:
    rule = rules[0]
    n, missed, start, end = snap.rows(sql("check_cleanup_48h"), {"now": now})[0]
    if not n or n < rule.param("min_requests"):
        return []
    share = 100.0 * missed / n
    if share <= rule.param("max_missed_percent"):
        return []
    facts = {"n": n, "missed": missed, "share": share, "limit": rule.param("max_missed_percent"), "start": start, "end": end}
    return [Finding("cleanup_48h", "48h-dreck-weg-plus", "48h-Dreck-weg+", facts)]


def _pm10_exceedance(snap: Snapshot, rules: list[Rule], now: datetime) -> list[Finding]:
    rule = rules[0]
    allowed = rule.param("allowed_days")
    rows = snap.rows(sql("check_pm10_days"), {"now": now, "metric": "pm10", "limit": rule.param("limit")})
    return [
        Finding(
            "pm10_exceedance",
            station_id,
            name,
            {"year": now.year, "days": days, "allowed_days": allowed, "limit": rule.param("limit"), "last_day": last_day},
        )
        for station_id, name, days, last_day in rows
        if days > allowed
    ]


def _load_failed(snap: Snapshot, rules: list[Rule], now: datetime) -> list[Finding]:
    rows = snap.rows(sql("check_load_failed"), {"now": now, "hours": rules[0].param("hours")})
    return [
        Finding("load_failed", file_name, file_name, {"kind": kind, "rejected_at": at, "error": message})
        for file_name, kind, at, message in rows
    ]


def _sync_failed(snap: Snapshot, rules: list[Rule], now: datetime) -> list[Finding]:
    if not snap.has_table("sync_state"):  # written by `etl sync`; a warehouse that never synced has none
        return []
    return [
        Finding("sync_failed", source, source, {"last_attempt": attempt, "last_success": success, "error": error})
        for source, attempt, success, error in snap.rows(sql("check_sync_failed"), {"now": now})
    ]


CHECKS = {
    "station_silent": _station_silent,
    "indicator_stale": _indicator_stale,
    "cleanup_48h": _cleanup_48h,
    "pm10_exceedance": _pm10_exceedance,
    "load_failed": _load_failed,
    "sync_failed": _sync_failed,
}
assert set(CHECKS) == set(PARAMS)
