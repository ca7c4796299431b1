"""A rejected row keeps at most 2 000 characters of its raw text and the original length (#15, point 11).

Before, a 40 MB single-line CSV was rejected but stored whole in `rejected_row.raw` (and the data quality page then
sent it on every visit). A reason quoting a huge cell is cut as well."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from etl.loader import RAW_CHARS, REASON_CHARS

ROOT = Path(__file__).resolve().parents[2]
MARCH = ROOT / "tests" / "data" / "ecocounter" / "2025-03.csv"


def etl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_huge_rejected_lines_are_cut_with_their_length_recorded(tmp_path: Path) -> None:
    lines = MARCH.read_text(encoding="utf-8").split("\n")
    huge_cell = "x" * 5_000_000  # one cell: the reason quotes it
    lines[2] = f"2025-03-01 00:15,{huge_cell},9,30,0,0,0"
    lines[4] = "1," * 1_500_000  # one line of 3 MB with far too many fields
    path = tmp_path / "neutor.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    p = etl("load", str(path), "--db", str(db))
    assert p.returncode == 0, p.stderr
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("select line, length(raw), raw_length, length(reason) from rejected_row order by line").fetchall()
    assert rows == [
        (3, RAW_CHARS, len(lines[2]), REASON_CHARS),
        (5, RAW_CHARS, len(lines[4]), rows[1][3]),
    ]
    assert rows[1][3] <= REASON_CHARS
    total = con.execute("select sum(length(raw)) + sum(length(reason)) from rejected_row").fetchone()
    assert total is not None and total[0] < 10_000


def test_a_warehouse_from_before_gets_the_column(tmp_path: Path) -> None:
    """A build database created before `raw_length` existed is upgraded when it is opened for loading."""
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "create table rejected_row (load_id BIGINT NOT NULL, file_name VARCHAR NOT NULL, line BIGINT,"
        " reason VARCHAR NOT NULL, raw VARCHAR)"
    )
    con.execute("insert into rejected_row values (1, 'alt.csv', 2, 'alt', 'a;b')")
    con.close()
    lines = MARCH.read_text(encoding="utf-8").split("\n")
    lines[2] = "kaputt"
    path = tmp_path / "neutor.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    p = etl("load", str(path), "--db", str(db))
    assert p.returncode == 0, p.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select file_name, raw_length from rejected_row order by file_name").fetchall() == [
        ("alt.csv", None),
        ("neutor.csv", len("kaputt")),
    ]
