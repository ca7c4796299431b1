"""One lock for load and publish (#15, point 13): a second run while one holds the warehouse ends with its own exit code
and a line naming the holder, or waits with `--wait`; publish copies under the lock; a dead holder's lock is taken over.

The holder is the real command line (`etl.cli.main` / `publish.cli.main`) in a subprocess whose one step is slowed
down, so that the other commands can be run against it while it holds the warehouse."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from etl.warehouse import row_counts

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
MARCH = DATA / "ecocounter" / "2025-03.csv"
OCTOBER = DATA / "ecocounter" / "2025-10.csv"

# runs a command line with one function held up: it touches the `ready` file once it is inside that function (the
# warehouse is held by then) and waits for the `release` file before doing the real work
HOLDER = """
import os, sys, time, importlib
ready, release, module, name, cli = sys.argv[1:6]
mod = importlib.import_module(module)
real = getattr(mod, name)
def slow(*args, **kwargs):
    open(ready, "w").close()
    deadline = time.monotonic() + 120
    while not os.path.exists(release) and time.monotonic() < deadline:
        time.sleep(0.05)
    return real(*args, **kwargs)
setattr(mod, name, slow)
main = importlib.import_module(cli).main
sys.exit(main(sys.argv[6:]))
"""


@contextmanager
def holding(tmp_path: Path, module: str, name: str, cli: str, *args: str) -> Iterator[tuple[subprocess.Popen, Path]]:
    """The holder process and its release file (create it to let the holder go on)."""
    stamp = time.monotonic_ns()
    ready, release = tmp_path / f"ready-{stamp}", tmp_path / f"release-{stamp}"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ready), str(release), module, name, cli, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "holder never got to its slow step"
            time.sleep(0.05)
        yield proc, release
    finally:
        release.touch()
        if proc.poll() is None:
            proc.wait(timeout=120)


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return row_counts(con)
    finally:
        con.close()


def test_second_load_and_publish_during_a_load_exit_3_naming_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with holding(tmp_path, "etl.load", "prepare_run", "etl.cli", "load", str(MARCH), "--db", str(db)) as (holder, release):
        second = run("etl", "load", str(OCTOBER), "--db", str(db))
        assert second.returncode == 3, second.stderr
        assert "Traceback" not in second.stderr
        assert re.search(rf"^ERROR Warehouse belegt \(etl load, pid {holder.pid}\)", second.stderr, re.M), second.stderr
        pub = run("etl", "publish", "--db", str(db), "--out", str(tmp_path / "snap.duckdb"))
        assert pub.returncode == 3, pub.stderr
        assert "Traceback" not in pub.stderr
        assert f"(etl load, pid {holder.pid})" in pub.stderr
        assert not (tmp_path / "snap.duckdb").exists()
        # a waiting load gets its turn once the holder is done, and loads
        waiting = subprocess.Popen(
            [sys.executable, "-m", "etl", "load", str(OCTOBER), "--db", str(db), "--wait", "120"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.5)
        assert waiting.poll() is None  # still waiting
        release.touch()
        assert holder.wait(timeout=60) == 0
        _, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    files = duckdb.connect(str(db), read_only=True).execute("select count(*) from load_log").fetchone()
    assert files == (2,)


def test_load_during_publish_waits_for_the_copy(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert run("etl", "load", str(MARCH), "--db", str(db)).returncode == 0
    before = counts(db)
    snap = tmp_path / "snap.duckdb"
    # publish is held while it copies the build database: a load meanwhile would change the file being copied
    with holding(tmp_path, "shutil", "copyfile", "publish.cli", "--db", str(db), "--out", str(snap)) as (holder, release):
        load = run("etl", "load", str(OCTOBER), "--db", str(db))
        assert load.returncode == 3, load.stderr
        assert f"(etl publish, pid {holder.pid})" in load.stderr
        release.touch()
        assert holder.wait(timeout=60) == 0
    assert counts(snap)["observation"] == before["observation"]


def test_a_dead_holders_lock_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock = tmp_path / "w.duckdb.lock"
    lock.write_text(f"{dead.pid} etl load\n", encoding="utf-8")
    p = run("etl", "load", str(MARCH), "--db", str(db))
    assert p.returncode == 0, p.stderr
    assert lock.read_text(encoding="utf-8") == ""  # released again
    assert not os.path.exists(tmp_path / "w.duckdb.wal")
