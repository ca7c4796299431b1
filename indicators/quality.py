"""Data quality: coverage per station and day, gaps and outages, loads, rejected rows, stale indicators, unplaced stations,
and the alerts of `etl check`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np
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


COVERAGE_SCHEMA = {
    "station_id": pl.Utf8,
    "station_name": pl.Utf8,
    "period_start": pl.Date,
    "share": pl.Float64,
    "days": pl.UInt32,
    "days_missing": pl.UInt32,
}
GAPS_SCHEMA = {
    "station_id": pl.Utf8,
    "station_name": pl.Utf8,
    "first_day": pl.Date,
    "last_day": pl.Date,
    "days": pl.Int64,
    "ongoing": pl.Boolean,
}
_EPOCH = date(1970, 1, 1)


def coverage_and_gaps(
    snap: Snapshot, kind: str, start: date, end: date, *, last_day: date | None
) -> tuple[pl.DataFrame, pl.DataFrame, str]:
    """The page's coverage (`coverage`) and gaps (`gaps`) of one kind in [start, end], and the period chosen.

    From the readings per station and day that `etl publish` wrote (`STATION_DAY_TABLE`), kept per snapshot as arrays,
    without the day grid: three years of 128 tree sensors were a grid of 130 000 rows built in DuckDB (~90 ms) and
    condensed in polars (~16 ms) on every view. The numbers are the same to the last bit (tests/indicators/
    test_ondemand_speed.py compares both on every kind): the share of a period is summed day by day with Kahan's
    compensation, in day order and with the days without data, as polars' group mean sums it. A snapshot without the
    table (published before) builds the day grid from the raw observations as before.
    """
    if not snap.has_table(STATION_DAY_TABLE):
        days = station_days(snap, kind, start, end)
        period = choose_period(max(days["station_id"].n_unique(), 1), (end - start).days + 1)
        return coverage(days, period), gaps(days, last_day=last_day), period
    kd = snap.memo(("quality_kind_days", kind), lambda: _kind_days(snap, kind))
    e0, e1 = (start - _EPOCH).days, (end - _EPOCH).days
    length = e1 - e0 + 1
    # each station is expected from its first day of data to the kind's last day of data, within [start, end]
    first = np.maximum(kd.first, e0)
    last = np.full(len(kd.ids), min(kd.kind_last, e1))
    spine = np.flatnonzero(first <= last) if length > 0 else np.zeros(0, dtype=np.int64)
    period = choose_period(max(len(spine), 1), length)
    if not len(spine):
        return pl.DataFrame(schema=COVERAGE_SCHEMA), pl.DataFrame(schema=GAPS_SCHEMA), period
    a, b = first[spine] - e0, last[spine] - e0  # each spine station's days as offsets from `start`
    # the days with readings in [start, end], station by station (rows are ordered by station and day)
    lo, hi = kd.find(spine, e0, side="left"), kd.find(spine, e1, side="right")
    count = hi - lo
    row_station = np.repeat(np.arange(len(spine)), count)
    rows = np.arange(count.sum()) + np.repeat(lo - _starts(count), count)
    day = kd.day[rows] - e0
    n = kd.n[rows]
    # the usual count per station: the median of its days with data in the range (DuckDB's median, as before)
    share = np.zeros(0)
    if len(rows):
        sorted_n = np.sort(row_station.astype(np.int64) * (int(n.max()) + 1) + n) % (int(n.max()) + 1)
        has = count > 0
        seg = _starts(count)[has]
        c = count[has]
        usual = np.full(len(spine), np.nan)
        usual[has] = (sorted_n[seg + (c - 1) // 2].astype(np.float64) + sorted_n[seg + c // 2]) / 2
        share = np.minimum(1.0, n / usual[row_station])
    grid = np.zeros((len(spine), length))
    grid[row_station, day] = share
    # as quality_station_days*.sql: a station without any day of data in the range has no usual count; each of its days
    # counts 0 (the grid's zeros) and as a day without data
    present = np.zeros((len(spine), length + 1), dtype=np.int32)
    present[row_station, day + 1] = 1
    np.cumsum(present, axis=1, out=present)
    # periods: day, week from Monday (polars' `truncate("1w")`), month from its first day
    days_abs = e0 + np.arange(length)
    if period == "day":
        key = days_abs
    elif period == "week":
        key = days_abs - (days_abs + 3) % 7  # 01.01.1970 was a Thursday
    else:
        key = days_abs.astype("datetime64[D]").astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    change = np.r_[True, key[1:] != key[:-1]]
    p_of_day = np.cumsum(change) - 1
    p_lo = np.flatnonzero(change)
    p_hi = np.r_[p_lo[1:] - 1, length - 1]
    # one cell per spine station and period it overlaps
    p0, p1 = p_of_day[a], p_of_day[b]
    cells = p1 - p0 + 1
    cell_row = np.repeat(np.arange(len(spine)), cells)
    cell_p = p0[cell_row] + np.arange(cells.sum()) - np.repeat(_starts(cells), cells)
    cell_lo = np.maximum(p_lo[cell_p], a[cell_row])
    cell_hi = np.minimum(p_hi[cell_p], b[cell_row])
    cell_days = cell_hi - cell_lo + 1
    missing = cell_days - (present[cell_row, cell_hi + 1] - present[cell_row, cell_lo])
    total, comp = np.zeros(len(cell_row)), np.zeros(len(cell_row))
    for j in range(int(cell_days.max())):  # Kahan summation, as polars sums a group's values in row order
        on = j < cell_days
        x = grid[cell_row, np.minimum(cell_lo + j, length - 1)]
        y = x - comp
        t = total + y
        comp = np.where(on, (t - total) - y, comp)
        total = np.where(on, t, total)
    mean = total / cell_days
    # stations in the page's order: by name, then id
    ids, names = kd.ids, kd.names
    order_rank = np.empty(len(spine), dtype=np.int64)
    order_rank[sorted(range(len(spine)), key=lambda r: (names[spine[r]], ids[spine[r]]))] = np.arange(len(spine))
    perm = np.lexsort((cell_p, order_rank[cell_row]))
    station = spine[cell_row[perm]]
    cov = pl.DataFrame(
        {
            "station_id": kd.id_series.gather(station),
            "station_name": kd.name_series.gather(station),
            "period_start": _dates(key[p_lo[cell_p[perm]]]),
            "share": mean[perm],
            "days": cell_days[perm].astype(np.uint32),
            "days_missing": missing[perm].astype(np.uint32),
        },
        schema=COVERAGE_SCHEMA,
    )
    return cov, _gaps_from_days(kd, spine, a, b, row_station, day, e0, last_day), period


def _dates(days: np.ndarray) -> pl.Series:
    """Days since 01.01.1970 as a polars Date column (through numpy: `Series.cast` runs a polars query, which waits for
    polars' threads, ~5–15 ms on a loaded machine)."""
    return pl.Series(days.astype("datetime64[D]"), dtype=pl.Date)


def _starts(counts: np.ndarray) -> np.ndarray:
    """Where each of consecutive blocks of `counts` elements starts."""
    return np.r_[0, np.cumsum(counts)[:-1]] if len(counts) else np.zeros(0, dtype=np.int64)


def _gaps_from_days(
    kd: _KindDays,
    spine: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    row_station: np.ndarray,
    day: np.ndarray,
    e0: int,
    last_day: date | None,
) -> pl.DataFrame:
    """`gaps` from the days with data: the runs between a station's days with data, and before its first and after its
    last one inside its span [a, b] (offsets from the range's start)."""
    count = np.bincount(row_station, minlength=len(spine))
    block = count + 2  # each station's days framed by the day before its span and the day after
    begin = _starts(block)
    ext = np.empty(int(block.sum()), dtype=np.int64)
    owner = np.repeat(np.arange(len(spine)), block)
    ext[begin] = a - 1
    ext[begin + block - 1] = b + 1
    ext[begin[row_station] + 1 + np.arange(len(day)) - _starts(count)[row_station]] = day
    same = owner[1:] == owner[:-1]
    run = same & (ext[1:] - ext[:-1] > 1)
    at = np.flatnonzero(run)
    if not len(at):
        return pl.DataFrame(schema=GAPS_SCHEMA)
    station = spine[owner[at]]
    first_run = ext[at] + 1 + e0
    last_run = ext[at + 1] - 1 + e0
    days = last_run - first_run + 1
    # longest first, then earliest, then by station id (the ids are sorted: their index orders them)
    perm = np.lexsort((station, first_run, -days))
    last_sorted = last_run[perm]
    ongoing = last_sorted == (last_day - _EPOCH).days if last_day else np.zeros(len(perm), dtype=bool)
    return pl.DataFrame(
        {
            "station_id": kd.id_series.gather(station[perm]),
            "station_name": kd.name_series.gather(station[perm]),
            "first_day": _dates(first_run[perm]),
            "last_day": _dates(last_sorted),
            "days": days[perm],
            "ongoing": ongoing,
        },
        schema=GAPS_SCHEMA,
    )


@dataclass(frozen=True)
class _KindDays:
    """One kind's readings per station and day (`STATION_DAY_TABLE`) as arrays: stations sorted by id, each station's
    days ascending in `day` (days since 01.01.1970) and `n`, found by `key` = station index × `stride` + day."""

    ids: list[str]
    names: list[str]
    id_series: pl.Series
    name_series: pl.Series
    first: np.ndarray  # each station's first day with data
    kind_last: int  # the kind's last day with data
    day: np.ndarray
    n: np.ndarray
    key: np.ndarray
    base: int  # the earliest day: key = station × stride + (day − base)
    stride: int

    def find(self, stations: np.ndarray, day: int, *, side: Literal["left", "right"]) -> np.ndarray:
        """Where each of `stations`' rows of `day` would be (its first row on or after it, or its first row after it)."""
        return np.searchsorted(self.key, stations * self.stride + min(max(day - self.base, -1), self.stride - 1), side=side)


def _kind_days(snap: Snapshot, kind: str) -> _KindDays:
    """The kind's days in the order `etl publish` stored them (by station and day), split into stations by the hash of
    their id; where that order does not hold (checked), the days sorted by DuckDB."""
    rows = snap.query(sql("quality_kind_days"), {"kind": kind})
    if rows.is_empty():
        empty = np.zeros(0, dtype=np.int64)
        no_text = pl.Series([], dtype=pl.Utf8)
        return _KindDays([], [], no_text, no_text, empty, 0, empty, empty, empty, 0, 1)
    day = rows["day"].to_numpy().astype(np.int64)
    n = rows["n"].to_numpy().astype(np.int64)
    hashes = rows["station_hash"].to_numpy()
    run_start = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    known = snap.rows(sql("quality_kind_station_names"), {"kind": kind})
    by_hash = {h: (sid, name) for sid, h, name in known}
    run_hashes = hashes[run_start].tolist()
    counts = np.diff(np.r_[run_start, len(day)])
    index = np.repeat(np.arange(len(counts)), counts)
    runs = [by_hash[h] for h in run_hashes] if len(by_hash) == len(known) and all(h in by_hash for h in run_hashes) else []
    stored = (
        len(runs) == len(run_hashes)
        and all(a[0] < b[0] for a, b in zip(runs, runs[1:], strict=False))  # each station one run, by id
        and bool(np.all((day[1:] > day[:-1]) | (index[1:] != index[:-1])))  # its days ascending
    )
    if stored:
        ids, station_names = [r[0] for r in runs], [r[1] for r in runs]
    else:
        stations = snap.query(sql("quality_kind_stations"), {"kind": kind})
        ids, station_names = stations["station_id"].to_list(), stations["station_name"].to_list()
        counts = stations["days"].to_numpy().astype(np.int64)
        index = np.repeat(np.arange(len(counts)), counts)
        rows = snap.query(sql("quality_kind_days_ordered"), {"kind": kind})
        day = rows["day"].to_numpy().astype(np.int64)
        n = rows["n"].to_numpy().astype(np.int64)
    base = int(day.min())
    stride = int(day.max()) - base + 2
    return _KindDays(
        ids=ids,
        names=station_names,
        id_series=pl.Series("station_id", ids, dtype=pl.Utf8),
        name_series=pl.Series("station_name", station_names, dtype=pl.Utf8),
        first=day[_starts(counts)],
        kind_last=int(day.max()),
        day=day,
        n=n,
        key=index * stride + (day - base),
        base=base,
        stride=stride,
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
