"""Parquet export of the warehouse for data lakes and open-data portals: one hive-partitioned folder per table."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from etl.warehouse import table_columns, tables

# Measurement tables are partitioned by station kind and year: a data-lake query for one kind and a few years
# reads only those folders. The kind comes from `station`; a row whose station is unknown lands in kind=NULL
# (DuckDB writes it as __HIVE_DEFAULT_PARTITION__ and reads it back as NULL).
BY_KIND_AND_YEAR: dict[str, str] = {
    "observation": "ts",
    "observation_detail": "ts",
    "observation_hourly": "period_start",
    "observation_daily": "period_start",
    "observation_monthly": "period_start",
}
# Other tables with a time column are partitioned by year of that column; the rest is one file per table.
BY_YEAR: dict[str, str] = {
    "indicator_value": "period_start",
    "service_request": "requested_at",
    "charging_station": "release_date",
    "survey_result": "survey_date",
    "survey_response": "submitted_at",
    "load_log": "loaded_at",
}
INTERNAL_TABLES = ("rejected_row", "survey_response", "alert", "alert_notification")
DEFAULT_OUT = Path("data/parquet")


@dataclass(frozen=True)
class TableExport:
    table: str
    rows: int
    partition_by: tuple[str, ...]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_query(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, tuple[str, ...]]:
    """The SELECT that feeds one table's COPY, and its partition columns (names come from the catalog)."""
    cols = ", ".join(f"t.{_quote(c)}" for c in table_columns(con, table))
    if table in BY_KIND_AND_YEAR:
        tcol = _quote(BY_KIND_AND_YEAR[table])
        return (
            f"select {cols}, s.kind as kind, year(t.{tcol}) as year from {_quote(table)} t"
            " left join (select station_id, any_value(kind) as kind from station group by station_id) s using (station_id)",
            ("kind", "year"),
        )
    if table in BY_YEAR and BY_YEAR[table] in table_columns(con, table):
        return f"select {cols}, year(t.{_quote(BY_YEAR[table])}) as year from {_quote(table)} t", ("year",)
    return f"select {cols} from {_quote(table)} t", ()


def export_parquet(db: Path, out: Path) -> list[TableExport]:
    """Write every table of `db` under `out/<table>/`: partitioned tables as `kind=…/year=…/data_0.parquet`
    or `year=…/…`, the others as `out/<table>/<table>.parquet`, plus `out/_manifest.json`.

    The folder is written next to `out` and renamed over it at the end, so a reader never sees half an export.
    """
    db, out = Path(db), Path(out)
    if not db.exists():
        raise FileNotFoundError(f"Datenbank {db} existiert nicht")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    done: list[TableExport] = []
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in tables(con):
            query, parts = export_query(con, table)
            row = con.execute(f"select count(*) from {_quote(table)}").fetchone()
            rows = int(row[0]) if row else 0
            target = tmp / table
            if not rows:
                # a partitioned COPY of nothing writes no file: an empty file keeps the table and its schema readable
                query, parts = f"select * from {_quote(table)}", ()
            if parts:
                target.mkdir()
                con.execute(
                    f"COPY ({query}) TO {_literal(target)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY ({', '.join(parts)}),"
                    " OVERWRITE_OR_IGNORE)"
                )
            else:
                target.mkdir()
                con.execute(f"COPY ({query}) TO {_literal(target / (table + '.parquet'))} (FORMAT parquet, COMPRESSION zstd)")
            done.append(TableExport(table, rows, parts))
    finally:
        con.close()
    manifest = {
        "source": db.name,
        "exported_at": datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z",
        "note": "Zeitstempel in UTC (TIMESTAMP ohne Zone); Schema: docs/warehouse.md",
        "tables": {t.table: {"rows": t.rows, "partition_by": list(t.partition_by)} for t in done},
    }
    (tmp / "_manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
    return done
