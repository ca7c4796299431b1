"""Shared helpers of the benchmarks: work folder, results file, percentiles, child-process peak memory, machine facts."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("WM_BENCH_WORK", "/tmp/wm-bench"))  # large generated files stay outside the repository
RESULTS = WORK / "results.json"
PY = sys.executable


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list: the ⌈p/100 · n⌉-th smallest value (until 12/2026
    `round(p/100 · n + 0.5)`, which Python's rounding to even made the largest of 20 instead of the 19th)."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100 * len(s) - 1e-9) - 1))
    return s[k]


def load_results() -> dict[str, Any]:
    return json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}


def save_result(section: str, value: Any) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    res = load_results()
    res[section] = value
    RESULTS.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")


@dataclass
class Run:
    seconds: float
    peak_rss_mib: float
    returncode: int
    stdout: str
    stderr: str


def run_measured(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path = ROOT, timeout: float = 1800) -> Run:
    """Run a command, sampling the resident memory of it and its children every 50 ms (psutil)."""
    import psutil

    t0 = time.perf_counter()
    p = subprocess.Popen(
        cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            proc = psutil.Process(p.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
                peak = max(peak, rss)
            except psutil.Error:
                pass
            stop.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = p.communicate(timeout=timeout)
    stop.set()
    th.join()
    return Run(time.perf_counter() - t0, peak / 2**20, p.returncode, out, err)


def machine() -> dict[str, Any]:
    import duckdb
    import polars

    try:
        import dash
        import plotly

        dash_v, plotly_v = dash.__version__, plotly.__version__
    except ImportError:  # pragma: no cover
        dash_v = plotly_v = "?"
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        mem = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1]) // 2**20
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "polars": polars.__version__,
        "dash": dash_v,
        "plotly": plotly_v,
        "load_average_at_start": os.getloadavg(),
    }


def load_now() -> float:
    return round(os.getloadavg()[0], 1)


def wait_for_quiet(below: float = 1.0, timeout_s: float = 300) -> dict[str, float]:
    """Wait until the 1-minute load average is below `below` (at most `timeout_s`): a wall-clock measurement in the
    browser shares the two cores with whatever ran just before. Right after the ingest and on-demand sections (load
    average 3–6) the same build drew the Handlungsfeld page's first chart in 1 152 ms, once the load average was
    below 1 in 944 ms. Returns the load average before and after and the seconds waited, for the report."""
    t0, before = time.monotonic(), os.getloadavg()[0]
    while os.getloadavg()[0] >= below and time.monotonic() - t0 < timeout_s:
        time.sleep(5)
    return {"load_before": round(before, 2), "load_after": round(os.getloadavg()[0], 2), "waited_s": round(time.monotonic() - t0)}
