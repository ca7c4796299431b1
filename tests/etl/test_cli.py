"""The ETL command line as a subprocess: exit codes, ERROR/WARN lines, nothing changed by a rejected file."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.warehouse import connect, row_counts

DATA = Path(__file__).parents[1] / "data"
NEUTOR = DATA / "ecocounter" / "2025-03.csv"


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return row_counts(con)
    finally:
        con.close()


def test_load_twice_says_so_and_changes_nothing(db: Path, etl_cli) -> None:
    p1 = etl_cli("load", str(NEUTOR), "--db", str(db))
    assert p1.returncode == 0, p1.stderr
    before = counts(db)
    p2 = etl_cli("load", str(NEUTOR), "--db", str(db))
    assert p2.returncode == 0
    assert "bereits geladen" in p2.stdout
    assert counts(db) == before


def test_unknown_and_garbage_files_are_rejected_without_traceback(tmp_path: Path, db: Path, etl_cli) -> None:
    assert etl_cli("load", str(NEUTOR), "--db", str(db)).returncode == 0
    before = counts(db)
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 40)
    text = tmp_path / "notiz.txt"
    text.write_text("Einkaufsliste\nMilch\nBrot\n", encoding="utf-8")
    broken_xlsx = tmp_path / "kaputt.xlsx"
    broken_xlsx.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)
    empty = tmp_path / "leer.csv"
    empty.write_bytes(b"")
    for f in (garbage, text, broken_xlsx, empty):
        p = etl_cli("load", str(f), "--db", str(db))
        assert p.returncode == 1, (f, p.stdout, p.stderr)
        assert p.stderr.startswith(f"ERROR {f}"), p.stderr
        assert "Traceback" not in p.stderr
        assert counts(db) == before


def test_other_files_still_load_when_one_is_rejected(tmp_path: Path, db: Path, etl_cli) -> None:
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\x00\x01\x02" * 100)
    p = etl_cli("load", str(garbage), str(NEUTOR), "--db", str(db))
    assert p.returncode == 1
    assert "ERROR" in p.stderr and "geladen:" in p.stdout
    assert counts(db)["observation"] == 2876


def test_one_bad_row_warns_and_loads_the_rest(tmp_path: Path, db: Path, etl_cli) -> None:
    lines = NEUTOR.read_bytes().decode().split("\r\n")
    lines[9] = lines[9].replace(",", ",x", 1)
    bad = tmp_path / "one-bad-row.csv"
    bad.write_bytes("\r\n".join(lines).encode())
    p = etl_cli("load", str(bad), "--db", str(db))
    assert p.returncode == 0, p.stderr
    assert p.stderr.startswith(f"WARN {bad}:10:"), p.stderr
    con = connect(db)
    assert con.execute("select line, reason from rejected_row").fetchall()[0][0] == 10
    assert con.execute("select rows_in, rows_loaded, rows_rejected, status from load_log").fetchone() == (
        2876,
        2875,
        1,
        "loaded_with_rejects",
    )


def test_usage_errors_exit_2(db: Path, etl_cli) -> None:
    assert etl_cli("load", "--db", str(db)).returncode == 2
    p = etl_cli("load", str(NEUTOR), "--db", str(db), "--kind", "gibtsnicht")
    assert p.returncode == 2 and "bekannt sind" in p.stderr
    assert etl_cli("frobnicate").returncode == 2


def test_forced_kind_loads(db: Path, etl_cli) -> None:
    p = etl_cli("load", str(NEUTOR), "--db", str(db), "--kind", "ecocounter_csv")
    assert p.returncode == 0, p.stderr
