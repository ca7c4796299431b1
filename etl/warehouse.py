"""The DuckDB warehouse: schema, natural keys of each table, and connections for building and reading."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb

from etl.lock import busy_from_duckdb

# Natural key of every data table: the loader's "merge" write mode replaces rows with the same key.
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "action_field": ("action_field_id",),
    "measure": ("measure_id",),
    "measure_action_field": ("measure_id", "action_field_id"),
    "indicator": ("indicator_id",),
    "indicator_value": ("indicator_id", "period_start"),
    "station": ("station_id",),
    "observation": ("station_id", "ts", "metric"),
    "observation_detail": ("station_id", "ts", "metric", "component"),
    "charging_station": ("station_id", "release_date"),
    "service_request": ("request_id",),
    "survey_result": ("survey_id", "wave", "question_id", "answer"),
    "survey_response": ("survey_id", "wave", "response_id", "question_id"),
    "district": ("district_id",),
    "evaluation_plan": ("plan_id", "version"),
}
LOG_TABLES = ("load_log", "rejected_row")
DEFAULT_DB = Path("data/build/warehouse.duckdb")


def schema_sql() -> str:
    return resources.files("etl").joinpath("schema.sql").read_text(encoding="utf-8")


def connect(path: Path | str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writable one gets the schema created if it is new.

    DuckDB's own lock conflict (another process has the file open for writing) becomes `WarehouseBusy`, not a
    traceback: our lock (`etl.lock`) is taken first by every writer, so this only meets a process that does not take it.
    """
    path = Path(path)
    try:
        if read_only:
            return duckdb.connect(str(path), read_only=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path))
    except duckdb.IOException as e:
        busy = busy_from_duckdb(e, path)
        if busy is None:
            raise
        raise busy from None
    con.execute(schema_sql())
    return con


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = 'main' and table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'main' and table_type = 'BASE TABLE' order by table_name"
    ).fetchall()
    return [r[0] for r in rows]


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in tables(con):
        row = con.execute(f'select count(*) from "{t}"').fetchone()  # t comes from the catalog, not a request
        out[t] = int(row[0]) if row else 0
    return out
