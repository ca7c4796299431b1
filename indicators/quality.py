"""Data quality: coverage per station and day, gaps and outages, loads, rejected rows, stale indicators, unplaced stations,
and the alerts of `etl check`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from indicators import registry
from indicators.progress import Period
from indicators.registry import sql
from indicators.status import indicator_status
from indicators.store import Snapshot

MAX_CELLS = 5000  # heatmap cells (stations × periods) before coarser periods are used
PERIODS = ("day", "week", "month")
LATEST_REJECTED = 50
# A page shows a bounded part of the rejected rows (a 40 MB rejected line once made the page send 126 MB on every
# visit): this many reasons, this many characters of a raw line; the CSV download holds up to EXPORT_REJECTED rows.
MAX_REASONS = 100
RAW_SHOWN = 300
EXPORT_REJECTED = 100_000
EXPORT_RAW = 2000
MAX_ALERTS = 200  # alerts the page lists (standing ones and the latest history)
# readings per station and day, written by `etl publish` (indicators/sql/quality_station_day.sql); a snapshot without
# it (published before) is counted from the raw observations
STATION_DAY_TABLE = "quality_station_day"


@dataclass(frozen=True)
class KindInfo:
    kind: str
    stations: int
    first_day: date
    last_day: date


def station_kinds(snap: Snapshot) -> list[KindInfo]:
    """Station kinds that have observations, with their data range (kept per snapshot: every view of the page asks)."""
    return list(snap.memo("quality_kinds", lambda: tuple(KindInfo(*r) for r in snap.rows(sql("quality_kinds")))))


def station_days(snap: Snapshot, kind: str, start: date, end: date) -> pl.DataFrame:
    """Per station and day in [start, end]: intervals present `n`, usual count `n_usual`, `share` (0–1).

    Days before a station's first data are not expected; a day without data inside its span has share 0. Reads the
    readings per station and day that `etl publish` wrote (`STATION_DAY_TABLE`), else counts the raw timestamps.
    """
    stored = snap.has_table(STATION_DAY_TABLE)
    spans_sql = sql("quality_spans_daily" if stored else "quality_spans")
    spans = snap.memo(("quality_spans", kind, stored), lambda: snap.rows(spans_sql, {"kind": kind}))
    params = {
        "kind": kind,
        "start": start,
        "end": end,
        "span_ids": [r[0] for r in spans],
        "span_first": [r[1] for r in spans],
        "last_day": spans[0][2] if spans else None,
    }
    return snap.query(sql("quality_station_days_daily" if stored else "quality_station_days"), params).with_columns(
        pl.col("n").cast(pl.Int64), pl.col("share").cast(pl.Float64)
    )


def choose_period(stations: int, days: int, *, max_cells: int = MAX_CELLS) -> str:
    """The finest period (day, week, month) that keeps stations × periods within `max_cells`."""
    if stations * days <= max_cells:
        return "day"
    if stations * math.ceil(days / 7) <= max_cells:
        return "week"
    return "month"


def coverage(days: pl.DataFrame, period: str) -> pl.DataFrame:
    """Mean daily coverage per station and period (`period_start`, `share` 0–1, `days` expected, `days_missing`)."""
    if period not in PERIODS:
        raise ValueError(f"unbekannter Zeitraum {period!r} (bekannt: {', '.join(PERIODS)})")
    keyed = days.with_columns(
        (pl.col("day") if period == "day" else pl.col("day").dt.truncate("1w" if period == "week" else "1mo")).alias(
            "period_start"
        )
    )
    return (
        keyed.group_by("station_id", "station_name", "period_start")
        .agg(pl.col("share").mean().alias("share"), pl.len().alias("days"), (pl.col("n") == 0).sum().alias("days_missing"))
        .sort("station_name", "station_id", "period_start")
    )


def gaps(days: pl.DataFrame, *, last_day: date | None = None) -> pl.DataFrame:
    """Runs of consecutive days without any data per station, longest first.

    `ongoing` is true where the run reaches `last_day` (the kind's latest day with data): the station is still out.
    """
    missing = days.filter(pl.col("n") == 0).sort("station_id", "day")
    schema = {
        "station_id": pl.Utf8,
        "station_name": pl.Utf8,
        "first_day": pl.Date,
        "last_day": pl.Date,
        "days": pl.Int64,
        "ongoing": pl.Boolean,
    }
    if missing.is_empty():
        return pl.DataFrame(schema=schema)
    runs = (
        missing.with_columns(
            ((pl.col("day") - pl.col("day").shift(1).over("station_id")) != timedelta(days=1))
            .fill_null(True)
            .cum_sum()
            .over("station_id")
            .alias("_run")
        )
        .group_by("station_id", "station_name", "_run")
        .agg(pl.col("day").min().alias("first_day"), pl.col("day").max().alias("last_day"), pl.len().alias("days"))
    )
    ongoing = (pl.col("last_day") == pl.lit(last_day)) if last_day else pl.lit(False)
    return (
        runs.with_columns(ongoing.alias("ongoing"), pl.col("days").cast(pl.Int64))
        .select(list(schema))
        .sort(["days", "first_day", "station_id"], descending=[True, False, False])
    )


def load_summary(snap: Snapshot) -> pl.DataFrame:
    """Per source kind: last load, files, rows in/loaded/rejected, status of the latest file, demo flag."""
    return snap.query(sql("quality_load_summary"))


def rejected_files(snap: Snapshot) -> pl.DataFrame:
    return snap.query(sql("quality_rejected_files"))


def has_rejected_rows(snap: Snapshot) -> bool:
    """The rejected rows themselves are only in the internal snapshot (their raw text may hold anything)."""
    return snap.has_table("rejected_row")


def rejected_reasons(snap: Snapshot) -> pl.DataFrame:
    if not has_rejected_rows(snap):
        return pl.DataFrame(schema={"kind": pl.Utf8, "reason": pl.Utf8, "n": pl.Int64, "last_seen": pl.Datetime})
    return snap.query(sql("quality_rejected_reasons"), {"limit": MAX_REASONS})


def rejected_total(snap: Snapshot) -> int:
    """How many rejected rows the snapshot holds (0 without the table)."""
    if not has_rejected_rows(snap):
        return 0
    return int(snap.rows("select count(*) from rejected_row")[0][0])


def rejected_latest(snap: Snapshot, *, limit: int = LATEST_REJECTED, with_raw: bool, raw_chars: int = RAW_SHOWN) -> pl.DataFrame:
    """The latest rejected rows (file, line, reason; and the raw text, its first `raw_chars` characters and its stored
    length, only when `with_raw`)."""
    if not has_rejected_rows(snap):
        return pl.DataFrame(
            schema={"loaded_at": pl.Datetime, "kind": pl.Utf8, "file_name": pl.Utf8, "line": pl.Int64, "reason": pl.Utf8}
        )
    out = snap.query(sql("quality_rejected_latest"), {"limit": limit, "raw_chars": raw_chars})
    return out if with_raw else out.drop("raw", "raw_length")


def stations_without_coordinates(snap: Snapshot) -> pl.DataFrame:
    return snap.query(sql("quality_stations_without_coordinates"))


@dataclass(frozen=True)
class StaleIndicator:
    indicator_id: str
    name: str
    latest_period: date | None
    update_interval: str
    stale_since: date


def stale_indicators(snap: Snapshot, *, today: date) -> list[StaleIndicator]:
    """Indicators due three update intervals after the start of their latest period (`indicator_status().stale_since`)."""
    out = []
    for ind in registry.all_indicators(snap):
        st = indicator_status(snap, ind, today=today)
        if st.stale_since is not None:
            out.append(StaleIndicator(ind.indicator_id, ind.name, st.latest_period, ind.update_interval, st.stale_since))
    return sorted(out, key=lambda s: (s.stale_since, s.indicator_id))


@dataclass(frozen=True)
class BaselineDeviation:
    """A catalogue baseline that the indicator's own series contradicts (more than `progress.BASELINE_TOLERANCE`)."""

    indicator_id: str
    name: str
    catalogue_value: float
    series_value: float
    period: Period  # the baseline period on the indicator's basis, with the series' value
    basis: str
    deviation: float  # relative: |catalogue − series| / |series|


def baseline_deviations(snap: Snapshot, *, today: date) -> list[BaselineDeviation]:
    """Catalogue baselines that differ from the series' value for the baseline period: progress and charts use the
    series' value; the catalogue should be corrected."""
    out = []
    for ind in registry.all_indicators(snap):
        st = indicator_status(snap, ind, today=today)
        b = st.compared_baseline
        if st.baseline_deviation is not None and b is not None and ind.baseline_value is not None:
            out.append(
                BaselineDeviation(
                    ind.indicator_id, ind.name, float(ind.baseline_value), b.value, b, st.progress_basis, st.baseline_deviation
                )
            )
    return sorted(out, key=lambda d: (-d.deviation, d.indicator_id))


def has_alerts(snap: Snapshot) -> bool:
    """Whether the snapshot has the alerts of `etl check` (internal snapshots of a warehouse with the table)."""
    return snap.has_table("alert")


def alerts(snap: Snapshot, *, limit: int = MAX_ALERTS) -> pl.DataFrame:
    """The latest `limit` alerts, newest first: rule, subject, German message, first/last seen, resolved (NULL while
    standing), notifications sent and still due, the latest send error."""
    schema = {
        "alert_id": pl.Int64,
        "rule": pl.Utf8,
        "subject": pl.Utf8,
        "message": pl.Utf8,
        "first_seen": pl.Datetime,
        "last_seen": pl.Datetime,
        "resolved_at": pl.Datetime,
        "sent": pl.Int64,
        "pending": pl.Int64,
        "last_error": pl.Utf8,
    }
    if not has_alerts(snap):
        return pl.DataFrame(schema=schema)
    return snap.query(sql("quality_alerts"), {"limit": limit}).cast(schema)  # type: ignore[arg-type]
