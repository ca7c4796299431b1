"""Pre-aggregated observations (hour, day, month per station and metric), kept up to date by the loader."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import duckdb
import polars as pl

# Table -> the DuckDB date_trunc unit. Each level is computed from the level before it (day from hours, month from
# days): n, sum, min and max combine exactly, and the mean is sum / n of the combined level.
LEVELS: tuple[tuple[str, str], ...] = (
    ("observation_hourly", "hour"),
    ("observation_daily", "day"),
    ("observation_monthly", "month"),
)
COLUMNS = "station_id, period_start, metric, n, sum, min, max, mean"


def refresh(con: duckdb.DuckDBPyConnection, frames: Mapping[str, pl.DataFrame], write_modes: Mapping[str, str]) -> None:
    """Recompute the aggregates of the (station, metric) periods within the time span of the loaded rows.

    Runs inside the loader's transaction, after the file's rows were written: a failing file leaves the
    aggregates as they were. A file that replaces the whole observation table, and a warehouse whose aggregates
    are still empty (built before they existed), get a full rebuild.
    """
    frame = frames.get("observation")
    if frame is None:
        return
    con.execute("set enable_progress_bar = false")  # the loader reports progress itself; no bars in logs and cron mails
    if write_modes.get("observation", "merge") == "replace" or not _has_rows(con, "observation_hourly"):
        rebuild(con)
        return
    if frame.is_empty():
        return
    # per station and metric the span of the file's times, found in its own frame (small) rather than by scanning
    # the warehouse; every period of that span is recomputed (a period the file did not touch gets its stored value
    # again), which needs range conditions only instead of joins with one row per touched period
    spans = (
        frame.group_by("station_id", "metric").agg(pl.col("ts").min().alias("lo"), pl.col("ts").max().alias("hi")).drop_nulls()
    )
    if spans.is_empty():
        return
    con.register("_agg_new", spans)
    try:
        con.execute("create or replace temp table _agg_touched as select * from _agg_new")
    finally:
        con.unregister("_agg_new")
    # constant bounds (stations, time span) let DuckDB skip the row groups of other stations and years by their
    # min/max statistics; the joins with the spans alone would read the whole tables for every file
    ids = spans["station_id"].unique().to_list()
    try:
        first, last = frame.select(pl.col("ts").min().alias("lo"), pl.col("ts").max().alias("hi")).row(0)
        _next(_truncate(last, "month"), "month")
    except (ValueError, OverflowError):  # a year outside Python's range: correct without bounds, only slower
        first = last = None
    try:
        previous = None
        for table, unit in LEVELS:
            bounded = first is not None
            params = [*ids, _truncate(first, unit), _next(_truncate(last, unit), unit)] if bounded else []
            con.execute(
                "create or replace temp table _agg_span as select station_id, metric,"
                f" date_trunc('{unit}', lo) as lo, date_trunc('{unit}', hi) + interval 1 {unit} as hi from _agg_touched"
            )
            con.execute(
                f"delete from {table} a using _agg_span s where a.station_id = s.station_id and a.metric = s.metric"
                " and a.period_start >= s.lo and a.period_start < s.hi"
                + (_bounds("a", "period_start", len(ids)) if bounded else ""),
                params,
            )
            source_bounds = _bounds("o", "ts" if previous is None else "period_start", len(ids)) if bounded else ""
            con.execute(
                f"insert into {table} ({COLUMNS}) {_select(unit, previous, spans='_agg_span', where=source_bounds)}", params
            )
            previous = table
    finally:
        con.execute("drop table if exists _agg_touched")
        con.execute("drop table if exists _agg_span")


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every aggregate from `observation` (for a warehouse built before the aggregates existed)."""
    previous = None
    for table, unit in LEVELS:
        con.execute(f"delete from {table}")
        con.execute(f"insert into {table} ({COLUMNS}) {_select(unit, previous)}")
        previous = table


def _has_rows(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute(f"select exists (select 1 from {table})").fetchall()[0][0])


def _bounds(alias: str, time_col: str, n_ids: int) -> str:
    marks = ", ".join("?" for _ in range(n_ids))
    return f" and {alias}.station_id in ({marks}) and {alias}.{time_col} >= ? and {alias}.{time_col} < ?"


def _truncate(ts: datetime, unit: str) -> datetime:
    ts = ts.replace(minute=0, second=0, microsecond=0)
    if unit in ("day", "month"):
        ts = ts.replace(hour=0)
    return ts.replace(day=1) if unit == "month" else ts


def _next(ts: datetime, unit: str) -> datetime:
    if unit == "hour":
        return ts + timedelta(hours=1)
    if unit == "day":
        return ts + timedelta(days=1)
    return ts.replace(year=ts.year + 1, month=1) if ts.month == 12 else ts.replace(month=ts.month + 1)


def _select(unit: str, source: str | None, *, spans: str | None = None, where: str = "") -> str:
    """The grouping query of one level: from raw observations (hours) or from the level below, optionally limited to
    the time spans of `spans` (station_id, metric, lo, hi)."""
    time_col = "ts" if source is None else "period_start"
    join = (
        (
            f" join {spans} r on o.station_id = r.station_id and o.metric = r.metric"
            f" and o.{time_col} >= r.lo and o.{time_col} < r.hi"
        )
        if spans
        else ""
    )
    if source is None:
        return (
            "select o.station_id, date_trunc('hour', o.ts) as period_start, o.metric, count(o.value) as n,"
            " sum(o.value) as sum, min(o.value) as min, max(o.value) as max, avg(o.value) as mean"
            f" from observation o{join} where true{where} group by all"
        )
    return (
        f"select o.station_id, date_trunc('{unit}', o.period_start) as period_start, o.metric, sum(o.n) as n,"
        " sum(o.sum) as sum, min(o.min) as min, max(o.max) as max,"
        " case when sum(o.n) > 0 then sum(o.sum) / sum(o.n) end as mean"
        f" from {source} o{join} where true{where} group by all"
    )
