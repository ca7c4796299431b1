"""Rezept 2 of docs/where-things-go.md, followed once: a format is one module. The fixture `tests/recipes/source/pegel.py`
(written per the recipe) is dropped into `etl/sources/` of a copy of the project (the real tree stays as it is, for
other test processes), and `python -m etl load` there must recognise and load its sample export — rows, stations,
`load_log`, a bad line rejected with file and line — with no other file touched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "recipes" / "source"
MODULE = FIXTURE / "pegel.py"
SAMPLE = FIXTURE / "pegel-2025-10.csv"
BAD_LINE = 7  # the row whose level reads "kaputt"


def _etl(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the ETL code and the sample export, without the new module yet."""
    tmp = tmp_path_factory.mktemp("recipe_source")
    shutil.copytree(ROOT / "etl", tmp / "etl", ignore=shutil.ignore_patterns("__pycache__"))
    assert not (tmp / "etl" / "sources" / MODULE.name).exists()
    shutil.copy2(SAMPLE, tmp / SAMPLE.name)
    return tmp


@pytest.fixture(scope="module")
def loaded(project: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The sample refused without the module, then the module dropped in and the sample loaded."""
    before = _etl(project, "load", SAMPLE.name, "--db", "without.duckdb")
    assert before.returncode == 1 and "kein bekanntes Exportformat" in before.stderr, before.stderr
    shutil.copy2(MODULE, project / "etl" / "sources" / MODULE.name)
    return project, _etl(project, "load", SAMPLE.name, "--db", "build.duckdb")


def _rows(project: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(project / "build.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_module_alone_adds_the_format(loaded: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    project, done = loaded
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "pegel_csv" in _etl(project, "kinds").stdout
    assert _rows(project, "select station_id, kind, name, source from station order by 1") == [
        ("pegel:24700302", "water_gauge", "Frankfurt Osthafen (Main)", "Pegel"),
        ("pegel:24700404", "water_gauge", "Offenbach (Main)", "Pegel"),
    ]
    obs = _rows(project, "select station_id, ts, metric, value from observation order by 1, 2")
    assert obs == [
        ("pegel:24700302", datetime(2025, 9, 30, 22, 0), "water_level_cm", 98.0),
        ("pegel:24700302", datetime(2025, 9, 30, 22, 15), "water_level_cm", 98.4),
        ("pegel:24700404", datetime(2025, 9, 30, 22, 0), "water_level_cm", 112.5),
        ("pegel:24700404", datetime(2025, 9, 30, 22, 15), "water_level_cm", 112.8),
        ("pegel:24700404", datetime(2025, 9, 30, 22, 45), "water_level_cm", 113.1),
    ], "German decimals read, local time (CEST) in UTC, the bad row left out"


def test_the_load_is_logged_and_the_bad_line_rejected_with_file_and_line(
    loaded: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, done = loaded
    assert done.stderr.startswith(f"WARN {SAMPLE.name}:{BAD_LINE}:"), done.stderr
    assert _rows(project, "select file_name, kind, rows_in, rows_loaded, rows_rejected, status from load_log") == [
        (SAMPLE.name, "pegel_csv", 6, 5, 1, "loaded_with_rejects")
    ]
    [(file_name, line, reason, raw)] = _rows(project, "select file_name, line, reason, raw from rejected_row")
    assert (file_name, line) == (SAMPLE.name, BAD_LINE)
    assert "kaputt" in reason and raw.endswith(";kaputt")


def test_loading_again_changes_nothing(loaded: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    project, _ = loaded
    again = _etl(project, "load", SAMPLE.name, "--db", "build.duckdb")
    assert again.returncode == 0 and "bereits geladen" in again.stdout
    assert _rows(project, "select count(*) from observation") == [(5,)]
