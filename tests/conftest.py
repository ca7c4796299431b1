"""Shared fixtures: fresh warehouses on disk, paths of the attributed sample files in tests/data/."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "w.duckdb"


def run_etl(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The ETL command line as a subprocess, exactly as a scheduler runs it."""
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture
def etl_cli():
    return run_etl
