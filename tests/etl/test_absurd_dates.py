"""Rows dated outside a plausible window are rejected with their line and reason, in every source (#15, point 12).

Before, rows dated 1900 and 2099 loaded with exit 0; one 2099 row put "01.06.2099" on the map. The check sits in the
one place every source's frames pass (`etl.loader._checked_frames` with `etl.frames.outside_window`)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def etl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def counter_file(tmp_path: Path) -> Path:
    """The Neutor March export with one row moved to 1900 (line 3) and one to 2099 (line 5)."""
    lines = (DATA / "ecocounter" / "2025-03.csv").read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace("2025-03-01", "1900-03-01", 1)
    lines[4] = lines[4].replace("2025-03-01", "2099-06-01", 1)
    path = tmp_path / "neutor-2025-03.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_counter_rows_from_1900_and_2099_are_rejected_with_line_and_reason(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    p = etl("load", str(counter_file(tmp_path)), "--db", str(db))
    assert p.returncode == 0, p.stderr  # the file loads; the two rows are rejected
    assert "2 Zeile(n) abgewiesen" in p.stderr, p.stderr
    assert query(db, "select min(ts) >= '2025-01-01', max(ts) < '2026-01-01' from observation") == [(True, True)]
    assert query(db, "select count(*) from observation_detail where year(ts) in (1900, 2099)") == [(0,)]
    assert query(db, "select count(*) from observation_daily where year(period_start) in (1900, 2099)") == [(0,)]
    rejected = query(db, "select line, reason from rejected_row order by line")
    assert [ln for ln, _ in rejected] == [3, 5]
    assert "01.03.1900" in rejected[0][1] and "außerhalb des plausiblen Zeitraums" in rejected[0][1]
    assert "01.06.2099" in rejected[1][1]
    assert query(db, "select rows_in - rows_loaded, rows_rejected from load_log") == [(2, 2)]


def test_service_requests_out_of_window_are_rejected(tmp_path: Path) -> None:
    requests = json.loads((DATA / "open311" / "requests.json").read_text(encoding="utf-8"))
    assert len(requests) >= 3
    requests[3]["requested_datetime"] = "2099-06-01T10:00:00+02:00"
    requests[1]["requested_datetime"] = requests[1]["updated_datetime"] = "1900-01-01T10:00:00+01:00"
    path = tmp_path / "requests.json"
    path.write_text(json.dumps(requests, ensure_ascii=False, indent=2), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    p = etl("load", str(path), "--db", str(db))
    assert p.returncode == 0, p.stderr
    assert query(db, "select count(*) from service_request where year(requested_at) in (1900, 2099)") == [(0,)]
    reasons = [r for (r,) in query(db, "select reason from rejected_row")]
    assert any("01.06.2099" in r for r in reasons) and any("01.01.1900" in r for r in reasons), reasons


def test_the_window_is_a_setting(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    path = counter_file(tmp_path)
    # a historical archive: an earlier start lets 1900 through; 2099 is beyond any window that ends near today
    p = etl("load", str(path), "--db", str(db), "--earliest", "1850-01-01")
    assert p.returncode == 0, p.stderr
    assert query(db, "select line from rejected_row") == [(5,)]
    assert query(db, "select count(*) from observation where year(ts) = 1900") == [(1,)]
    # a file with data just beyond the end of the window: plausible with the default two days, not with 0. The row is
    # local time at the start of its day: the day after tomorrow (UTC), since tomorrow's first local hour is still
    # today in UTC when the test runs shortly before midnight UTC
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d")
    lines = (DATA / "ecocounter" / "2025-03.csv").read_text(encoding="utf-8").split("\n")[:3]
    lines[2] = lines[2].replace("2025-03-01", tomorrow, 1)
    soon = tmp_path / "soon.csv"
    soon.write_text("\n".join(lines) + "\n", encoding="utf-8")
    strict = tmp_path / "strict.duckdb"
    assert etl("load", str(soon), "--db", str(strict), "--future-days", "0").returncode == 0
    assert query(strict, "select count(*) from rejected_row") == [(1,)]
    bad = etl("load", str(soon), "--db", str(strict), "--earliest", "gestern")
    assert bad.returncode == 2 and "ERROR Aufruf" in bad.stderr
