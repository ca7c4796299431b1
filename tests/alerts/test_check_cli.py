"""`python -m etl check` as a scheduler runs it: exit codes 0 (no alert), 1 (alerts stand), 2 (usage, sources file),
3 (warehouse busy), 4 (a notification failed); `--now` and `--sources`/`WM_SOURCES_FILE`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from etl.lock import warehouse_lock
from etl.warehouse import connect

ROOT = Path(__file__).resolve().parents[2]


def check(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), **(env or {})},
    )


def warehouse(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    con = connect(db)
    con.execute("insert into station values ('rad-1', 'bike_counter', 'Zählstelle', null, null, 'test', false, 1)")
    con.execute("insert into observation_hourly values ('rad-1', timestamp '2026-03-10 11:00', 'bicycles', 1, 1, 1, 1, 1)")
    con.close()
    return db


def test_exit_codes(tmp_path: Path) -> None:
    db = warehouse(tmp_path)
    ok = check("--db", str(db), "--now", "2026-03-10T12:00", cwd=tmp_path)  # no sources.toml here: the defaults
    assert ok.returncode == 0, ok.stderr
    assert "0 Alarme bestehen" in ok.stdout and "keine Kanäle konfiguriert" in ok.stdout

    late = check("--db", str(db), "--now", "2026-03-13T12:00+01:00", cwd=tmp_path)
    assert late.returncode == 1, late.stderr
    assert "ALARM station_silent rad-1: Station „Zählstelle“" in late.stdout
    again = check("--db", str(db), "--now", "2026-03-13T13:00", cwd=tmp_path)
    assert again.returncode == 1 and "ALARM" not in again.stdout  # standing, not new

    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nrule = "station_silent"\nkind = "bike_counter"\nhours = 1000\n', encoding="utf-8")
    quiet = check("--db", str(db), "--now", "2026-03-13T14:00", env={"WM_SOURCES_FILE": str(rules)})
    assert quiet.returncode == 0 and "BEHOBEN station_silent rad-1" in quiet.stdout

    rules.write_text('[[rule]]\nrule = "station_silent"\nhour = 5\n', encoding="utf-8")
    bad = check("--db", str(db), "--sources", str(rules))
    assert bad.returncode == 2 and "unbekannter Schlüssel 'hour'" in bad.stderr
    assert check("--db", str(db), "--sources", str(tmp_path / "fehlt.toml")).returncode == 2
    assert check("--db", str(tmp_path / "fehlt.duckdb"), cwd=tmp_path).returncode == 2
    assert check("--db", str(db), "--now", "gestern", cwd=tmp_path).returncode == 2

    rules.write_text('[alerts.webhook]\nurl = "http://127.0.0.1:9/hook"\ntimeout = 2\n', encoding="utf-8")
    unsent = check("--db", str(db), "--sources", str(rules), "--now", "2026-03-20T12:00")
    assert unsent.returncode == 4 and "ERROR Benachrichtigung webhook" in unsent.stderr

    with warehouse_lock(db, "etl load"):
        busy = check("--db", str(db), cwd=tmp_path)
    assert busy.returncode == 3 and "Warehouse belegt (etl load" in busy.stderr
