"""Eco-Counter channel CSV: the real Münster samples load without loss or doubling, also when altered."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest

from etl.loader import load_file
from etl.sources.ecocounter import EcoCounterCsv
from etl.warehouse import connect

DATA = Path(__file__).parents[1] / "data" / "ecocounter"
SITE = "100035541"


def site_total(text: str) -> tuple[int, float]:
    rows = list(csv.reader(io.StringIO(text)))
    col = next(i for i, h in enumerate(rows[0]) if h.startswith(SITE + " "))
    vals = [float(r[col]) for r in rows[1:] if r]
    return len(vals), sum(vals)


def bicycles(con: duckdb.DuckDBPyConnection) -> tuple[int, float]:
    n, s = con.execute("select count(value), coalesce(sum(value), 0) from observation where metric = 'bicycles'").fetchone()
    return n, s


@pytest.mark.parametrize("month", ["2025-03", "2025-10"])
def test_real_month_conserves_site_total(tmp_path: Path, month: str) -> None:
    path = DATA / f"{month}.csv"
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, path)
    assert res.kind == "ecocounter_csv" and res.rows_rejected == 0
    assert bicycles(con) == site_total(path.read_text(encoding="utf-8"))
    # directions go to the detail table, never into the total a second time
    (n_detail,) = con.execute("select count(*) from observation_detail").fetchone()
    assert n_detail == 2 * res.rows_loaded


def test_spring_gap_missing_and_autumn_hour_once(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DATA / "2025-03.csv")
    load_file(con, DATA / "2025-10.csv")
    per_day = dict(
        con.execute(
            "select cast(ts + interval 1 hour as date)::varchar, count(*) from observation"
            " where ts between '2025-03-29 22:00' and '2025-03-30 22:00' or ts between '2025-10-25 21:00' and '2025-10-26 23:00'"
            " group by 1"
        ).fetchall()
    )
    assert per_day["2025-03-30"] == 92  # 02:00-02:45 do not exist; nothing invented
    # the export shows the repeated hour once: loaded as it is, the UTC hour 01:00-01:45 stays a visible gap
    gap = con.execute("select count(*) from observation where ts >= '2025-10-26 01:00' and ts < '2025-10-26 02:00'").fetchone()[0]
    assert gap == 0
    assert con.execute("select min(ts) from observation where ts >= '2025-10-26 00:00'").fetchone()[0].hour == 0


def test_repeated_hour_twice_keeps_both_intervals() -> None:
    text = "Datetime,100035541 (Neutor)\r\n2025-10-26 02:00,5\r\n2025-10-26 02:00,7\r\n2025-10-26 03:00,1\r\n"
    parsed = EcoCounterCsv().parse(text.encode(), "x.csv")
    ts = [str(t) for t in parsed.tables["observation"]["ts"]]
    assert ts == ["2025-10-26 00:00:00", "2025-10-26 01:00:00", "2025-10-26 02:00:00"]


def test_march_gap_timestamp_rejected_with_line() -> None:
    text = "Datetime,100035541 (Neutor)\r\n2025-03-30 01:45,5\r\n2025-03-30 02:15,7\r\n"
    parsed = EcoCounterCsv().parse(text.encode(), "x.csv")
    assert [r[0] for r in parsed.rejected] == [3]
    assert "existiert nicht" in parsed.rejected[0][1]


def test_bom_reordered_and_overlap_do_not_double(tmp_path: Path) -> None:
    src = (DATA / "2025-03.csv").read_text(encoding="utf-8")
    n, s = site_total(src)
    rows = list(csv.reader(io.StringIO(src)))
    order = [0, 4, 2, 5, 3, 6, 1]
    reordered = tmp_path / "reordered.csv"
    reordered.write_bytes(("\ufeff" + "\n".join(",".join(r[i] for i in order) for r in rows) + "\n").encode())
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DATA / "2025-03.csv")
    before = con.execute("select count(*) from observation").fetchone()[0]
    res = load_file(con, reordered)
    assert res.status == "loaded"
    assert bicycles(con) == (n, s)
    assert con.execute("select count(*) from observation").fetchone()[0] == before
    again = load_file(con, reordered)
    assert again.status == "already_loaded"


def test_one_bad_row_and_parts_not_adding_up(tmp_path: Path) -> None:
    src = (DATA / "2025-03.csv").read_bytes().decode("utf-8").split("\r\n")
    n, s = site_total("\r\n".join(src))
    lost_a = float(src[100].split(",")[1])
    cells = src[100].split(",")
    cells[1] = "abc"
    src[100] = ",".join(cells)
    cells = src[200].split(",")
    lost_b = float(cells[1])
    cells[2] = str(int(cells[2]) + 1)  # direction no longer adds up to the total
    src[200] = ",".join(cells)
    path = tmp_path / "bad.csv"
    path.write_text("\r\n".join(src), encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, path)
    assert res.rows_rejected == 2 and res.rows_loaded == n - 2
    lines = [r[0] for r in con.execute("select line from rejected_row order by line").fetchall()]
    assert lines == [101, 201]
    assert bicycles(con)[1] == s - lost_a - lost_b


def test_truncated_file_never_loads_a_partial_number(tmp_path: Path) -> None:
    raw = (DATA / "2025-03.csv").read_bytes()
    cut = raw[: int(len(raw) * 0.6)]
    path = tmp_path / "cut.csv"
    path.write_bytes(cut)
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, path)
    complete = cut.decode().splitlines()[1:-1]
    assert bicycles(con)[1] == sum(float(x.split(",")[1]) for x in complete)
    assert res.rows_rejected == 1
