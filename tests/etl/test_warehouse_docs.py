"""docs/warehouse.md documents every table and column that exists in the warehouse."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from etl.warehouse import connect, table_columns, tables
from publish import publish

DOC = Path(__file__).resolve().parents[2] / "docs" / "warehouse.md"


def documented() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^### (\w+)\s*$", line):
            current = m.group(1)
            out[current] = set()
        elif current and (m := re.match(r"^\| (\w+) \| [A-Z]+ \|", line)):
            out[current].add(m.group(1))
    return out


def test_every_table_and_column_documented(tmp_path: Path) -> None:
    """The build database's tables, and the tables `publish` adds to every snapshot (docs: "Derived tables")."""
    con = connect(tmp_path / "w.duckdb")
    built = set(tables(con))
    con.close()
    publish(tmp_path / "w.duckdb", tmp_path / "snap.duckdb")
    snap = duckdb.connect(str(tmp_path / "snap.duckdb"), read_only=True)
    doc = documented()
    for t in tables(snap):
        assert t in doc, f"table {t} missing in docs/warehouse.md"
        missing = set(table_columns(snap, t)) - doc[t]
        assert not missing, f"{t}: undocumented columns {missing}"
    assert set(tables(snap)) - built == {
        "station_latest",
        "station_list",
        "observation_detail_hourly",
        "quality_station_day",
        "observation_local_daily",
        "observation_detail_local_daily",
        "station_rows",
        "indicator_series",
        "evaluation_result",
        "snapshot_meta",
    }
    stale = set(doc) - set(tables(snap))
    assert not stale, f"docs/warehouse.md describes tables that do not exist: {stale}"
