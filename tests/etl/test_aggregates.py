"""The loader's pre-aggregated tables (hour, day, month) always equal a fresh group-by of `observation`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest

from etl import aggregates
from etl.loader import load_file
from etl.warehouse import connect

DATA = Path(__file__).parents[1] / "data"
UNITS = {"observation_hourly": "hour", "observation_daily": "day", "observation_monthly": "month"}


def fresh(con: duckdb.DuckDBPyConnection, unit: str) -> list[tuple]:
    return con.execute(
        f"select station_id, date_trunc('{unit}', ts) as p, metric, count(value), sum(value), min(value), max(value), avg(value)"
        " from observation group by all order by 1, 2, 3"
    ).fetchall()


def stored(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return con.execute(
        f"select station_id, period_start, metric, n, sum, min, max, mean from {table} order by 1, 2, 3"
    ).fetchall()


def assert_consistent(con: duckdb.DuckDBPyConnection) -> None:
    for table, unit in UNITS.items():
        want, got = fresh(con, unit), stored(con, table)
        assert len(got) == len(want), table
        for w, g in zip(want, got, strict=True):
            assert g[:4] == w[:4], (table, g, w)
            for a, b in zip(g[4:], w[4:], strict=True):
                assert (a is None and b is None) or a == pytest.approx(b, rel=1e-12, abs=1e-9), (table, g, w)


def overlapping_export(tmp_path: Path) -> Path:
    """The second half of the March sample with doubled counts, continued into April: overlaps the first file."""
    rows = list(csv.reader(io.StringIO((DATA / "ecocounter" / "2025-03.csv").read_text(encoding="utf-8"))))
    header, body = rows[0], [r for r in rows[1:] if r]
    half = body[len(body) // 2 :]
    out = [header]
    for r in half:
        out.append([r[0], *(str(2 * int(v)) for v in r[1:4]), *r[4:]])
    for r in half[:200]:  # the same counts again, one month later (no DST change in this range)
        out.append([r[0].replace("2025-03-", "2025-04-"), *r[1:]])
    p = tmp_path / "overlap.csv"
    p.write_text("\n".join(",".join(r) for r in out) + "\n", encoding="utf-8")
    return p


def test_overlapping_files_keep_aggregates_equal_to_a_fresh_group_by(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DATA / "ecocounter" / "2025-03.csv")
    assert_consistent(con)
    march = con.execute("select sum from observation_monthly where period_start = '2025-03-01'").fetchone()[0]
    load_file(con, overlapping_export(tmp_path))
    assert_consistent(con)
    # the overlap replaced values (merge), so the month's total grew by exactly the replaced half, no double count
    assert con.execute("select sum from observation_monthly where period_start = '2025-03-01'").fetchone()[0] > march
    # UTC months: 1 March 00:00 local is 28 February 23:00 UTC, and the continuation adds April
    assert [r[0].month for r in con.execute("select period_start from observation_monthly order by 1").fetchall()] == [2, 3, 4]
    load_file(con, DATA / "ecocounter" / "2025-10.csv")  # October: the repeated local hour is two UTC hours
    assert_consistent(con)
    assert con.execute("select max(n) from observation_hourly").fetchone()[0] == 4


def test_measurement_metrics_with_missing_values(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    for f in sorted((DATA / "sensor_community").glob("*.csv")):
        load_file(con, f)
    assert con.execute("select count(distinct metric) from observation_daily").fetchone()[0] >= 4
    assert_consistent(con)


def test_warehouse_from_before_the_aggregates_is_filled_at_its_next_load(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DATA / "ecocounter" / "2025-03.csv")
    for table in UNITS:
        con.execute(f"delete from {table}")
    load_file(con, DATA / "ecocounter" / "2025-10.csv")
    assert_consistent(con)
    aggregates.rebuild(con)
    assert_consistent(con)


def test_a_failing_file_leaves_the_aggregates_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DATA / "ecocounter" / "2025-03.csv")
    before = stored(con, "observation_daily")
    from etl import loader
    from etl.errors import FileRejected

    def boom(*a: object, **k: object) -> None:
        raise duckdb.IOException("Platte voll")

    real = aggregates.refresh

    def refresh_then_fail(*a: object, **k: object) -> None:
        real(*a, **k)
        boom()

    monkeypatch.setattr(loader.aggregates, "refresh", refresh_then_fail)
    with pytest.raises(FileRejected):
        load_file(con, overlapping_export(tmp_path))
    assert stored(con, "observation_daily") == before
    assert_consistent(con)
