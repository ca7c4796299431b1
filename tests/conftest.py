"""Shared fixtures: fresh warehouses on disk, paths of the attributed sample files in tests/data/, the ETL command line,
the search through every stored text that personal-data tests rely on, the demo snapshot (`snap`), and for browser
tests the demo app and one headless Chromium per test module (a module may define its own `base_url`, e.g. on a smaller
warehouse).

The test folders mirror the code (etl/, indicators/, pages/, dashboard/) and are not packages: pytest puts each folder
on `sys.path`, so test file names must stay unique across folders; this conftest.py and app_support.py sit at the root
so that every folder sees them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from etl.warehouse import connect, tables
from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def base_url() -> str:
    """The internal app on the demo snapshot (built once per test process), served in a background thread."""
    from app_support import demo_snapshot, serve

    return serve(demo_snapshot())


@pytest.fixture(scope="session")
def snap() -> Snapshot:
    """The demo snapshot (built once per test process, shared with the page tests), for tests whose point is the demo:
    its planted effects, its stations, its measures. Tests that only need some series use `small_snap`."""
    from app_support import demo_snapshot

    return Snapshot(demo_snapshot())


# the shipped catalogue (every measure and indicator) and a few real exports with counts, weather and service requests:
# every indicator exists, some have series; seconds to build where the demo takes ≈ 40 s
SMALL_FILES = (
    ROOT / "data" / "massnahmenkatalog.xlsx",
    DATA / "ecocounter" / "2025-03.csv",
    DATA / "ecocounter" / "2025-10.csv",
    DATA / "dwd" / "produkt_tu_stunde_20240330_20241028_07341.txt",
    DATA / "open311" / "requests.json",
)


@pytest.fixture(scope="session")
def small_snap(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """A published snapshot of `SMALL_FILES`, once per test process, for indicator tests that need the catalogue and
    some series but not the demo's planted effects. Read-only: a test that writes builds its own."""
    from etl.loader import load_file
    from publish import publish

    tmp = tmp_path_factory.mktemp("small")
    con = connect(tmp / "build.duckdb")
    try:
        for path in SMALL_FILES:
            load_file(con, path)
    finally:
        con.close()
    return Snapshot(publish(tmp / "build.duckdb", tmp / "snap.duckdb"))


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
