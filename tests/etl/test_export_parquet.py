"""`python -m etl export-parquet`: hive-partitioned Parquet that reads back with the warehouse's row counts and sums."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from etl.export import BY_KIND_AND_YEAR, BY_YEAR
from etl.load import load_files
from etl.warehouse import connect, table_columns, tables

DATA = Path(__file__).parents[1] / "data"
FOLDERS = ["ecocounter", "sensor_community", "hystreet", "bnetza", "open311", "surveys", "dwd", "freifunk", "districts"]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("w") / "w.duckdb"
    load_files([DATA / f for f in FOLDERS if (DATA / f).exists()], db=db)
    return db


def fingerprint(con: duckdb.DuckDBPyConnection, relation: str, columns: list[str]) -> tuple:
    """Row count and, per numeric column, its sum; per other column the count of non-NULL values."""
    numeric = {
        r[0]
        for r in con.execute(f"describe select * from {relation}").fetchall()
        if r[1] in ("BIGINT", "INTEGER", "DOUBLE", "FLOAT", "HUGEINT", "DECIMAL(18,3)")
    }
    exprs = ["count(*)"] + [f'round(sum("{c}"), 6)' if c in numeric else f'count("{c}")' for c in columns]
    return con.execute(f"select {', '.join(exprs)} from {relation}").fetchone()


def test_round_trip_same_counts_and_sums_per_table(warehouse: Path, tmp_path: Path, etl_cli: Callable[..., object]) -> None:
    out = tmp_path / "lake"
    res = etl_cli("export-parquet", "--db", str(warehouse), "--out", str(out))
    assert res.returncode == 0, res.stderr
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from observation").fetchone()[0] > 1000
    lake = duckdb.connect()
    for table in tables(con):
        cols = table_columns(con, table)
        files = list((out / table).rglob("*.parquet"))
        assert files, table
        rel = f"read_parquet('{out / table}/**/*.parquet', hive_partitioning = true, union_by_name = true)"
        assert fingerprint(lake, rel, cols) == fingerprint(con, f'"{table}"', cols), table
    manifest = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["observation"]["rows"] == con.execute("select count(*) from observation").fetchone()[0]


def test_partition_layout_kind_and_year(warehouse: Path, tmp_path: Path) -> None:
    from etl.export import export_parquet

    out = tmp_path / "lake"
    export_parquet(warehouse, out)
    con = duckdb.connect(str(warehouse), read_only=True)
    years = {
        r[0]
        for r in con.execute(
            "select distinct s.kind || '/' || year(o.ts) from observation o join station s using (station_id)"
        ).fetchall()
    }
    on_disk = {
        f"{p.parent.parent.name.removeprefix('kind=')}/{p.parent.name.removeprefix('year=')}"
        for p in (out / "observation").rglob("*.parquet")
    }
    assert years == on_disk
    assert (out / "observation" / "kind=bike_counter" / "year=2025").is_dir()
    assert any((out / "observation_daily").glob("kind=*/year=*/*.parquet"))
    assert any((out / "service_request").glob("year=*/*.parquet"))
    assert (out / "station" / "station.parquet").is_file()
    # the partition columns come back from the folder names, with kind joined from station
    lake = duckdb.connect()
    kinds = lake.execute(
        f"select kind, count(*) from read_parquet('{out}/observation/**/*.parquet', hive_partitioning = true) group by 1 order by 1"
    ).fetchall()
    assert (
        kinds
        == con.execute(
            "select s.kind, count(*) from observation o left join station s using (station_id) group by 1 order by 1"
        ).fetchall()
    )
    assert set(BY_KIND_AND_YEAR) | set(BY_YEAR) <= set(tables(connect(tmp_path / "empty.duckdb")))


def test_export_replaces_an_older_export_whole(warehouse: Path, tmp_path: Path) -> None:
    from etl.export import export_parquet

    out = tmp_path / "lake"
    (out / "stale_table").mkdir(parents=True)
    export_parquet(warehouse, out)
    assert not (out / "stale_table").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".lake")]
