"""Crash safety: `python -m etl load` of a large file and `python -m etl publish` killed with SIGKILL at random points.

After every kill the build database reopens cleanly (DuckDB replays or discards its WAL) and holds either the state
before the load or the state after a clean load, never a mix; load_log agrees with the data; the served snapshot is
the old file or the complete new one and no half-written file sits where readers look; the next run succeeds.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from etl.loader import load_file
from etl.warehouse import connect, row_counts
from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parents[1] / "data" / "ecocounter" / "2025-03.csv"
SEED = int(os.environ.get("WM_CRASH_SEED", random.randrange(1_000_000)))  # printed with every failure
BIG_ROWS = 300_000
TEMP = re.compile(r"(warehouse|public)\.duckdb\.[^/]+\.tmp(\.wal)?")  # publish's temp names (tempfile.mkstemp)

pytestmark = pytest.mark.slow


def big_ecocounter_csv(path: Path) -> int:
    """An Eco-Counter channel export (layout of tests/data/ecocounter) with ~300k 15-minute rows, 2016–2024."""
    naive = pl.datetime_range(datetime(2016, 1, 1), datetime(2024, 7, 23), "15m", eager=True)
    # local times in the spring gap do not exist and would only be rejected rows: a real export has none
    exists = naive.dt.replace_time_zone("Europe/Berlin", non_existent="null", ambiguous="earliest").is_not_null()
    ts = naive.filter(exists)
    rng = np.random.default_rng(7)
    a, b = rng.integers(0, 40, ts.len()), rng.integers(0, 40, ts.len())
    pl.DataFrame(
        {
            "Datetime": ts.dt.strftime("%Y-%m-%d %H:%M"),
            "100035541 (Neutor)": a + b,
            "101035541 (Neutor stadteinwärts)": a,
            "102035541 (Neutor stadtauswärts)": b,
            "100035541-status": 0,
            "101035541-status": 0,
            "102035541-status": 0,
        }
    ).write_csv(path, line_terminator="\r\n")
    return ts.len()


def etl(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "etl", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run_and_kill(args: list[str], delay: float) -> int | None:
    """Start the ETL, SIGKILL it after `delay` seconds; the exit code when it finished first, else None."""
    proc = etl(*args)
    time.sleep(delay)
    finished = proc.poll()
    if finished is None:
        proc.send_signal(signal.SIGKILL)  # only the process this test started
    proc.communicate(timeout=120)
    return finished


def run_and_kill_while_writing(args: list[str], db: Path, extra: float) -> tuple[int | None, float]:
    """Start the ETL, wait until it starts writing the database (file grows or a WAL appears), SIGKILL it
    `extra` seconds later; (exit code when it finished first, seconds from start to the first write)."""
    size = db.stat().st_size
    wal = db.with_name(db.name + ".wal")
    proc = etl(*args)
    start = time.monotonic()
    while proc.poll() is None and db.stat().st_size == size and not wal.exists():
        time.sleep(0.002)
    writing = time.monotonic() - start
    time.sleep(extra)
    finished = proc.poll()
    if finished is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=120)
    return finished, writing


def timed(args: list[str]) -> float:
    t = time.monotonic()
    proc = etl(*args)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return time.monotonic() - t


def delays(total: float, n: int, rng: random.Random) -> list[float]:
    """n random points spread over the whole run: one in each of n equal slices of its duration."""
    return [total * (i + rng.random()) / n for i in range(n)]


def state(db: Path) -> dict[str, int]:
    """Row counts after reopening read-write, as the next ETL run does (replays or discards the WAL)."""
    con = duckdb.connect(str(db))
    try:
        return row_counts(con)
    finally:
        con.close()


def big_log(db: Path, digest: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select l.load_id, l.rows_loaded, l.rows_rejected, l.status,"
            " (select count(*) from observation o where o.load_id = l.load_id)"
            " from load_log l where sha256 = ?",
            [digest],
        ).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("crash")
    big = tmp / "neutor-2016-2024.csv"
    n = big_ecocounter_csv(big)
    assert n >= BIG_ROWS
    base = tmp / "base.duckdb"  # the old state: one month already loaded
    con = connect(base)
    load_file(con, FIXTURE)
    con.close()
    ref = tmp / "ref.duckdb"  # the new state: the big file loaded cleanly
    shutil.copyfile(base, ref)
    load_time = timed(["load", str(big), "--db", str(ref)])
    return {
        "tmp": tmp,
        "big": big,
        "rows": n,
        "base": base,
        "ref": ref,
        "load_time": load_time,
        "old": state(base),
        "new": state(ref),
        "digest": hashlib.sha256(big.read_bytes()).hexdigest(),
    }


def test_killed_load_leaves_old_or_new_state_and_the_next_load_succeeds(setup: dict) -> None:
    rng = random.Random(SEED)
    old, new, digest = setup["old"], setup["new"], setup["digest"]
    assert new["observation"] == old["observation"] + setup["rows"]
    outcomes = []
    # five kills spread over the whole run, two more while the database is being written
    kills = [(d, False) for d in delays(setup["load_time"] * 1.1, 5, rng)] + [(rng.uniform(0, 0.3), True) for _ in range(2)]
    for i, (delay, while_writing) in enumerate(kills):
        work = setup["tmp"] / f"work{i}.duckdb"
        shutil.copyfile(setup["base"], work)
        args = ["load", str(setup["big"]), "--db", str(work)]
        if while_writing:
            finished, writing = run_and_kill_while_writing(args, work, delay)
            delay += writing
        else:
            finished = run_and_kill(args, delay)
        wal = work.with_name(work.name + ".wal")
        wal_bytes = wal.stat().st_size if wal.exists() else None  # a WAL: the kill hit the writing phase
        seen = state(work)
        where = f"(seed {SEED}, run {i}, kill after {delay:.2f}s, finished={finished})"
        assert seen in (old, new), f"mixed state {where}: {seen}"
        log = big_log(work, digest)
        if seen == old:
            assert log == [], where
        else:
            # the file's load_log row and its rows are there together, and they agree
            assert [(r[1], r[2], r[3], r[4]) for r in log] == [(setup["rows"], 0, "loaded", setup["rows"])], where
        outcomes.append(("new" if seen == new else "old", finished, wal_bytes, round(delay, 2)))
        again = etl("load", str(setup["big"]), "--db", str(work))
        out, err = again.communicate(timeout=300)
        assert again.returncode == 0, f"{where}: {err.decode()}"
        assert state(work) == new, where
        assert len(big_log(work, digest)) == 1, where
        work.unlink()
    print(f"seed {SEED}: (state, exit code if finished, WAL bytes at kill, kill after s) = {outcomes}")
    assert any(o[0] == "old" for o in outcomes), f"no kill landed before the commit (seed {SEED}): {outcomes}"


def test_killed_publish_serves_old_or_new_snapshot_and_the_next_publish_succeeds(setup: dict) -> None:
    rng = random.Random(SEED + 1)
    tmp = setup["tmp"]
    build = tmp / "build.duckdb"
    served = tmp / "served"
    served.mkdir()
    shutil.copyfile(setup["base"], build)
    outs = {False: served / "warehouse.duckdb", True: served / "public.duckdb"}
    old_bytes: dict[bool, bytes] = {}
    for public, out in outs.items():  # the snapshots of the old state, as the app serves them now
        assert timed(["publish", "--db", str(build), "--out", str(out)] + (["--public"] if public else [])) > 0
        old_bytes[public] = out.read_bytes()
    old_obs = setup["old"]["observation"]
    new_obs = setup["new"]["observation"]
    shutil.copyfile(setup["ref"], build)  # the build database now holds the new state
    ref_pub = tmp / "ref-public.duckdb"
    times = {p: timed(["publish", "--db", str(build), "--out", str(ref_pub)] + (["--public"] if p else [])) for p in outs}
    for i in range(6):
        public = i % 2 == 1
        out = outs[public]
        out.write_bytes(old_bytes[public])
        delay = times[public] * 1.1 * (i // 2 + rng.random()) / 3
        args = ["publish", "--db", str(build), "--out", str(out)] + (["--public"] if public else [])
        finished = run_and_kill(args, delay)
        where = f"(seed {SEED}, run {i}, public={public}, kill after {delay:.2f}s, finished={finished})"
        # readers open the snapshot's own name: it exists, has no WAL beside it (DuckDB would read one along), and
        # anything else is a killed run's temp file under another name
        names = sorted(p.name for p in served.iterdir())
        assert {o.name for o in outs.values()} <= set(names), f"{where}: {names}"
        assert not {o.name + ".wal" for o in outs.values()} & set(names), f"{where}: {names}"
        assert all(n in (o.name for o in outs.values()) or TEMP.fullmatch(n) for n in names), f"{where}: {names}"
        if out.read_bytes() != old_bytes[public]:
            assert Snapshot(out).rows("select count(*) from observation")[0][0] == new_obs, where
        else:
            assert Snapshot(out).rows("select count(*) from observation")[0][0] == old_obs, where
        assert state(build) == setup["new"], f"build database damaged by a killed publish {where}"
        rerun = etl(*args)
        _, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, f"{where}: {err.decode()}"
        assert Snapshot(out).rows("select count(*) from observation")[0][0] == new_obs, where
    # temp files of killed runs are removed by a later publish once they are stale (an hour old)
    left = [p for p in served.iterdir() if TEMP.fullmatch(p.name)]
    for p in left:
        os.utime(p, (time.time() - 7200, time.time() - 7200))
    assert timed(["publish", "--db", str(build), "--out", str(outs[False])]) > 0
    assert timed(["publish", "--db", str(build), "--out", str(outs[True]), "--public"]) > 0
    assert sorted(p.name for p in served.iterdir()) == sorted(o.name for o in outs.values())
