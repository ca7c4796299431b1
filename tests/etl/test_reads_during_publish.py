"""1 000 reads against the running app while `python -m etl publish` replaces its snapshot again and again: all 200.

The app (tests/app_support.serve, threaded, 127.0.0.1) serves a snapshot of the Maßnahmenkatalog plus the Eco-Counter
fixtures. A publisher process alternately publishes two build databases (one month / two months of counts) over it,
while 8 client threads request the indicator download, the Dash layout and the page-content callback of the embed.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from app_support import serve

from bench.loadtest import page_content_body
from etl.loader import load_file
from etl.warehouse import connect
from publish import publish

ROOT = Path(__file__).resolve().parents[2]
ECO = Path(__file__).parents[1] / "data" / "ecocounter"
CATALOGUE = ROOT / "data" / "massnahmenkatalog.xlsx"
READS = 1000
BATCHES = 5  # batch k starts only after the k-th publish finished: publishing and reading overlap for sure

PAGE_CONTENT = page_content_body("/embed/rad_dtv")

pytestmark = pytest.mark.slow


def build(db: Path, months: list[str]) -> Path:
    con = connect(db)
    try:
        load_file(con, CATALOGUE)
        for m in months:
            load_file(con, ECO / f"{m}.csv")
    finally:
        con.close()
    return db


def fetch(base: str, i: int) -> tuple[str, int, bytes]:
    kind = ("csv", "layout", "callback")[i % 3]
    if kind == "csv":
        req = urllib.request.Request(base + "/daten/indikator.csv?id=rad_dtv")
    elif kind == "layout":
        req = urllib.request.Request(base + "/_dash-layout")
    else:
        req = urllib.request.Request(
            base + "/_dash-update-component",
            data=PAGE_CONTENT,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return kind, r.status, r.read()
    except urllib.error.HTTPError as e:
        return kind, e.code, e.read()
    except OSError as e:  # connection reset, timeout: an error like any other
        return kind, -1, repr(e).encode()


def test_thousand_reads_while_publishing(tmp_path: Path) -> None:
    one = build(tmp_path / "one.duckdb", ["2025-03"])
    two = build(tmp_path / "two.duckdb", ["2025-03", "2025-10"])
    snap = tmp_path / "snapshots" / "warehouse.duckdb"
    publish(one, snap)
    base = serve(snap)
    assert base.startswith("http://127.0.0.1:")

    published = threading.Semaphore(0)
    stop = threading.Event()
    publishes: list[int] = []

    def publisher() -> None:
        n = 0
        while not stop.is_set():
            src = two if n % 2 == 0 else one
            res = subprocess.run(
                [sys.executable, "-m", "etl", "publish", "--db", str(src), "--out", str(snap)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
            )
            publishes.append(res.returncode)
            n += 1
            published.release()

    t = threading.Thread(target=publisher, daemon=True)
    t.start()
    results: list[tuple[str, int, bytes]] = []
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            per = READS // BATCHES
            for k in range(BATCHES):
                if k:
                    assert published.acquire(timeout=120), "publisher stalled"
                results += pool.map(lambda i: fetch(base, i), range(k * per, (k + 1) * per))
    finally:
        stop.set()
        t.join(timeout=300)

    assert len(results) == READS
    errors = [(k, s, b[:200]) for k, s, b in results if s != 200]
    assert errors == [], f"{len(errors)} errors, first: {errors[:3]}"
    assert len(publishes) >= BATCHES - 1 and set(publishes) == {0}
    # the reads saw both snapshots: one month of counts and two
    versions = {b for k, _, b in results if k == "csv"}
    assert len(versions) == 2, versions
    assert Counter(k for k, _, _ in results) == {"csv": 334, "layout": 333, "callback": 333}
