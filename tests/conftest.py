"""Shared fixtures: fresh warehouses on disk, paths of the attributed sample files in tests/data/, the ETL command line,
the search through every stored text that personal-data tests rely on, and for browser tests the demo app and one
headless Chromium per test module (a module may define its own `base_url`, e.g. on a smaller warehouse)."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from etl.warehouse import connect, tables

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def base_url() -> str:
    """The internal app on the demo snapshot (built once per test process), served in a background thread."""
    from app_support import demo_snapshot, serve

    return serve(demo_snapshot())


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    """Debian's headless Chromium, one per module: module-scoped, so two sync Playwright instances never overlap."""
    from app_support import launch_browser

    with launch_browser() as b:
        yield b


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "w.duckdb"


@pytest.fixture
def con(db: Path) -> duckdb.DuckDBPyConnection:
    """A fresh warehouse with the schema created, open for writing."""
    return connect(db)


def run_etl(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The ETL command line as a subprocess, exactly as a scheduler runs it."""
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture
def etl_cli() -> Callable[..., subprocess.CompletedProcess]:
    return run_etl


def stored_text(con: duckdb.DuckDBPyConnection) -> str:
    """Every text cell of every warehouse table, joined: what a search for personal data has to look through."""
    out: list[str] = []
    for t in tables(con):
        cols = con.execute(
            "select column_name from information_schema.columns where table_name = ? and data_type = 'VARCHAR'", [t]
        ).fetchall()
        for (c,) in cols:  # table and column names come from the catalog
            out += [v for (v,) in con.execute(f'select "{c}" from "{t}" where "{c}" is not null').fetchall()]
    return "\n".join(out)


@pytest.fixture
def all_text() -> Callable[[duckdb.DuckDBPyConnection], str]:
    """`stored_text`: every text cell of the warehouse, for asserting that no personal data was stored."""
    return stored_text
