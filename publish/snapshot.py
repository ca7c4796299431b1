"""Publishing: checkpoint the build database and atomically replace the served snapshot (internal or public)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from etl import aggregates
from etl.lock import warehouse_lock
from etl.warehouse import connect, schema_sql
from indicators import plans, quality
from indicators.registry import SERIES_TABLE, sql, stored_series
from indicators.stations import (
    DETAIL_HOURLY_TABLE,
    DETAIL_LOCAL_DAILY_TABLE,
    LATEST_TABLE,
    LIST_TABLE,
    LOCAL_DAILY_TABLE,
    ROWS_TABLE,
    computed_station_list,
    latest_values,
)
from indicators.store import Snapshot
from indicators.surveys import suppress_small_cells

META_TABLE = "snapshot_meta"  # what the snapshot is: key/value rows `kind` (public | internal) and `published_at`

# The public snapshot's schema is an allow-list: table -> the query that fills it from the build database.
# Not listed, so never public: rejected_row (raw file text), survey_response (raw answers), non-public indicators.
PUBLIC_TABLES: dict[str, str] = {
    "action_field": "select * from src.action_field",
    "measure": "select * from src.measure",
    "measure_action_field": "select * from src.measure_action_field",
    "indicator": "select * from src.indicator where is_public",
    "indicator_value": "select v.* from src.indicator_value v join src.indicator i using (indicator_id) where i.is_public",
    "station": "select * from src.station",
    "observation": "select * from src.observation",
    "observation_detail": "select * from src.observation_detail",
    "observation_hourly": "select * from src.observation_hourly",
    "observation_daily": "select * from src.observation_daily",
    "observation_monthly": "select * from src.observation_monthly",
    "charging_station": "select * from src.charging_station",
    # defect reports: category, times, status; location rounded to about 100 m
    "service_request": "select request_id, category, service_code, requested_at, updated_at, closed_at, status,"
    " round(lat, 3) as lat, round(lon, 3) as lon, load_id from src.service_request",
    # aggregated survey cells: suppressed after copying (see _suppress_survey_cells)
    "survey_result": "select * from src.survey_result",
    "district": "select * from src.district",
    # evaluation plans of public indicators (their results are computed from the public snapshot's own data)
    "evaluation_plan": "select p.* from src.evaluation_plan p join src.indicator i using (indicator_id) where i.is_public",
    "load_log": "select load_id, file_name, sha256, kind, rows_in, rows_loaded, rows_rejected, status,"
    " null::varchar as message, is_demo, loaded_at from src.load_log",
}


def publish(db: Path, out: Path, *, public: bool = False, wait: float = 0.0) -> Path:
    """Write a snapshot of `db` to `out`: a temp file next to it, fsynced, then renamed over the old one.

    Readers that hold the old snapshot open keep reading the old file; new connections see the new one. The build
    database is upgraded and copied under the warehouse's lock (`etl.lock`, the one `etl load` takes), so no load
    writes while it is copied; `WarehouseBusy` after `wait` seconds when another process holds it.
    """
    db, out = Path(db), Path(out)
    if not db.exists():
        raise FileNotFoundError(f"Build-Datenbank {db} existiert nicht")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with warehouse_lock(db, "etl publish" + (" --public" if public else ""), wait=wait):
            _upgrade(db)
            if public:
                tmp.unlink()
                _write_public(db, tmp)
            else:
                shutil.copyfile(db, tmp)
        _write_derived(tmp)
        _write_plan_results(tmp)
        _write_meta(tmp, public=public)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        dir_fd = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    finally:
        if tmp.exists():
            tmp.unlink()
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
    _remove_stale_temp_files(out)
    return out


def _write_meta(snapshot: Path, *, public: bool) -> None:
    """`snapshot_meta`: what the snapshot is (`kind` public or internal) and when it was published (ISO 8601, UTC), so
    that a reader asks the snapshot instead of inferring it from the tables it lacks."""
    published_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    con = duckdb.connect(str(snapshot))
    try:
        con.execute(f"create or replace table {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)")  # our constant
        con.executemany(
            f"insert into {META_TABLE} values (?, ?)",
            [["kind", "public" if public else "internal"], ["published_at", published_at]],
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _exists(con: duckdb.DuckDBPyConnection, sql: str) -> bool:
    row = con.execute(sql).fetchone()
    return bool(row and row[0])


def _upgrade(db: Path) -> None:
    """Bring a warehouse built by an older version up to the current schema before it is published: missing tables
    are created, and the hour/day/month aggregates the dashboard reads are computed if they are still empty
    (otherwise every indicator of the snapshot would fail). Ends with a checkpoint, so the file is complete."""
    con = connect(db)
    try:
        if _exists(con, "select exists (select 1 from observation)") and not _exists(
            con, "select exists (select 1 from observation_hourly)"
        ):
            con.execute("BEGIN TRANSACTION")
            aggregates.rebuild(con)
            con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _write_derived(snapshot: Path) -> None:
    """Tables the dashboard would otherwise compute on the first view after every publish, computed once here from
    the snapshot's own tables (so a public snapshot's are computed from public data only): `station_latest`, each
    station's latest value as the map shows it, `station_list`, the map's list of stations with those values,
    `observation_detail_hourly`, the parts of the counts per hour for the map's chart, `observation_local_daily` and
    `observation_detail_local_daily`, totals and parts per local day for its levels from a day up, `station_rows`, the
    row numbers of each station's rows in the tables its chart reads, `quality_station_day`,
    the readings per station and day for the data-quality page, and
    `indicator_series`, every indicator's series. The build database
    has neither: they would go stale with every load."""
    snap = Snapshot(snapshot)
    try:
        latest = latest_values(snap).sort("station_id")
        derived = {
            LATEST_TABLE: latest,
            LIST_TABLE: computed_station_list(snap, latest=latest),
            SERIES_TABLE: stored_series(snap),
        }
    finally:
        snap.close()
    con = duckdb.connect(str(snapshot))
    try:
        for table, frame in derived.items():
            con.register("_derived", frame)
            con.execute(f"create or replace table {table} as select * from _derived")  # names: our constants
            con.unregister("_derived")
        con.execute(f"create or replace table {DETAIL_HOURLY_TABLE} as {sql('observation_detail_hourly')}")
        con.execute(f"create or replace table {quality.STATION_DAY_TABLE} as {sql('quality_station_day')}")
        # the map's levels of a day and longer: totals and parts per local day (after the hourly parts they are made of)
        con.execute(f"create or replace table {LOCAL_DAILY_TABLE} as {sql('observation_local_daily')}")
        con.execute(f"create or replace table {DETAIL_LOCAL_DAILY_TABLE} as {sql('observation_detail_local_daily')}")
        con.execute("CHECKPOINT")
        # the row numbers of each station's rows in the tables above, once they are written: nothing after this changes
        # those tables (a checked test compares the stored numbers with those of the published file)
        con.execute(f"create or replace table {ROWS_TABLE} as {sql('station_rows')}")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _write_plan_results(snapshot: Path) -> None:
    """`evaluation_result`: every evaluation plan version's comparison, computed exactly as planned on this publish
    (indicators/plans.py), from the snapshot's own data."""
    snap = Snapshot(snapshot)
    try:
        frame = plans.results_frame(snap)
    finally:
        snap.close()
    con = duckdb.connect(str(snapshot))
    try:
        plans.write_results(con, frame)
        con.execute("CHECKPOINT")
    finally:
        con.close()


STALE_AFTER_S = 3600


def _remove_stale_temp_files(out: Path) -> None:
    """Temp files of an earlier publish that was killed (SIGKILL, power loss) would pile up full-size copies
    beside the snapshot; an hour old, they belong to no publish still running."""
    now = time.time()
    for p in out.parent.glob(out.name + ".*.tmp*"):
        try:
            if now - p.stat().st_mtime > STALE_AFTER_S:
                p.unlink()
        except FileNotFoundError:
            pass


def _write_public(db: Path, tmp: Path) -> None:
    con = duckdb.connect(str(tmp))
    try:
        con.execute(schema_sql())
        con.execute("ATTACH ? AS src (READ_ONLY)", [str(db)])
        con.execute("BEGIN TRANSACTION")
        for table in [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_catalog = current_database() and table_schema = 'main'"
            ).fetchall()
        ]:
            if table not in PUBLIC_TABLES:
                con.execute(f'drop table "{table}"')  # table names from our own schema
        for table, sql in PUBLIC_TABLES.items():
            con.execute(f'insert into "{table}" {sql}')
        _suppress_survey_cells(con)
        con.execute("COMMIT")
        con.execute("DETACH src")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _suppress_survey_cells(con: duckdb.DuckDBPyConnection) -> None:
    """Cells under 5 respondents, and the cells that would let them be recomputed, become NULL (suppressed)."""
    cells = con.sql("select * from survey_result").pl()
    if cells.is_empty():
        return
    # zero cells disclose no one but are below 5 too: they are left out of the public table (absent = nobody)
    safe = suppress_small_cells(cells).filter(pl.col("n").is_null() | (pl.col("n") > 0))
    safe = safe.drop("suppressed").select(cells.columns)
    con.execute("delete from survey_result")
    con.register("_safe", safe)
    con.execute("insert into survey_result select * from _safe")
    con.unregister("_safe")
