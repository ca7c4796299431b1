"""Every indicator of the registry has its metadata; the indicator CLI answers in JSON with the documented keys."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm
from app_support import demo_snapshot

from indicators import registry
from indicators.before_after import estimate
from indicators.holidays import is_public_holiday
from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

FIELDS = (
    "indicator_id",
    "measure_id",
    "name",
    "definition",
    "unit",
    "ioo_level",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "update_interval",
    "source",
    "caveats",
)


def test_every_indicator_has_all_metadata(small_snap: Snapshot) -> None:
    snap = small_snap  # the catalogue makes the indicators: no demo needed
    inds = registry.all_indicators(snap)
    assert len(inds) >= 20
    missing = [
        (i.indicator_id, f)
        for i in inds
        for f in FIELDS
        if getattr(i, f) in (None, "")
        # the progress method has a branch for indicators without target: allowed where the catalogue says why
        and not (f in ("target_value", "target_date") and "ohne Zielwert" in i.caveats)
    ]
    assert missing == []
    assert {i.ioo_level for i in inds} <= {"input", "output", "outcome", "impact"}
    assert {i.direction for i in inds} <= {"increase", "decrease"}
    # every computed indicator the issue names is bound to its computation
    for iid in registry.COMPUTED:
        assert registry.get(snap, iid).computed, iid


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "indicators", *args, "--db", str(demo_snapshot()), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_show_and_before_after_json() -> None:
    p = run("show", "sauberkeit_48h_quote")
    assert p.returncode == 0, p.stderr
    show = json.loads(p.stdout)
    assert {"progress_value", "progress_status", "latest_value"} <= set(show)
    p = run(
        "before-after",
        "--metric",
        "bicycles",
        "--station",
        "ecocounter:100069001",
        "--date",
        "2022-04-01",
        "--method",
        "adjusted",
    )
    assert p.returncode == 0, p.stderr
    res = json.loads(p.stdout)
    for key in ("effect", "effect_pct", "ci_low_pct", "ci_high_pct", "n_before", "n_after", "method", "verdict"):
        assert key in res
    p = run("before-after", "rad_dtv", "--station", "ecocounter:100069001", "--method", "did")
    assert p.returncode == 1 and "Kontrollstation" in p.stderr
    assert run("list").returncode == 0


def test_its_matches_statsmodels_with_the_same_design() -> None:
    """The interrupted time series is OLS with HAC errors on an explicit design; rebuild it and compare."""
    rng = np.random.default_rng(11)
    at = date(2022, 4, 1)
    days = pl.date_range(date(2020, 4, 1), date(2024, 3, 30), eager=True)  # 730 days each side: the default window
    n = len(days)
    y = np.exp(7 + 0.1 * (days >= at).to_numpy() + rng.normal(0, 0.1, n))
    res = estimate(pl.DataFrame({"day": days, "value": y}), at=at, method="its", school_holidays=[])
    d = days.to_list()
    t = np.array([(x - at).days for x in d]) / 365.25
    post = (days >= at).to_numpy().astype(float)
    wd = np.array([x.weekday() for x in d])
    doy = np.array([x.timetuple().tm_yday for x in d]) / 365.25 * 2 * np.pi
    x = np.column_stack(
        [
            np.ones(n),
            post,
            *[(wd == k).astype(float) for k in range(1, 7)],
            [1.0 if is_public_holiday(v) else 0.0 for v in d],
            np.sin(doy),
            np.cos(doy),
            np.sin(2 * doy),
            np.cos(2 * doy),
            t,
            post * t,
        ]
    )
    lags = int(min(30, max(1, round(4 * (n / 100) ** (2 / 9)))))
    ref = sm.OLS(np.log(y), x).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    assert res.effect_pct == pytest.approx(np.expm1(ref.params[1]) * 100, abs=1e-6)
    # the old rule (`nw`: these lags, normal quantile) is statsmodels' HAC interval; the default (prewhitened, with the
    # year-to-year variance) estimates the same coefficient with an interval at least as honest
    old = estimate(pl.DataFrame({"day": days, "value": y}), at=at, method="its", school_holidays=[], bandwidth="nw")
    lo, hi = ref.conf_int(0.05)[1]
    assert old.ci_low_pct == pytest.approx(np.expm1(lo) * 100, abs=1e-6)
    assert old.ci_high_pct == pytest.approx(np.expm1(hi) * 100, abs=1e-6)
    assert res.ci_low_pct <= res.effect_pct <= res.ci_high_pct and res.effect_pct == pytest.approx(old.effect_pct)


def test_series_stored_at_publish_equal_the_computed_ones(small_snap: Snapshot) -> None:
    """`etl publish` stores every indicator's series in the snapshot (`indicator_series`); they are read from there
    and must be exactly what the indicator's SQL computes. A changed definition is not found and computed."""
    from dataclasses import replace

    from polars.testing import assert_frame_equal

    snap = small_snap  # every indicator's series is stored, empty or not: no demo needed
    inds = registry.all_indicators(snap)
    stored = {r[0] for r in snap.rows("select key from indicator_series")}
    assert len(stored) == len(inds) > 20
    for ind in inds:
        assert registry.series_key(ind) in stored, ind.indicator_id
        assert_frame_equal(registry._stored_series(snap, ind, station=None), registry._series(snap, ind, station=None))
    changed = replace(inds[0], name=inds[0].name + " (geändert)")
    assert registry.series_key(changed) not in stored


def test_a_stored_series_is_read_ahead_of_the_result_cache(small_snap: Snapshot) -> None:
    """A stored series comes from the snapshot even where a result cache is set (#19: the overview's first view wrote
    35 stored series into the file cache); one that is not stored (another definition, a station) still goes through
    the cache."""
    from dataclasses import replace

    from polars.testing import assert_frame_equal

    from indicators import cache

    snap = Snapshot(small_snap.path)  # its own result cache, not the session fixture's
    mem = cache.MemoryCache()
    snap.result_cache = mem
    inds = registry.all_indicators(snap)
    for ind in inds:
        assert_frame_equal(registry.series(snap, ind), registry._series(snap, ind, station=None))
    assert (mem.hits, mem.misses) == (0, 0)  # not asked
    changed = replace(inds[0], name=inds[0].name + " (geändert)")
    registry.series(snap, changed)
    registry.series(snap, changed)
    assert (mem.hits, mem.misses) == (1, 1)


def test_stored_series_read_in_stream_and_in_the_older_file_format() -> None:
    import io
    from datetime import date

    import polars as pl

    from indicators.registry import _read_series_blob

    frame = pl.DataFrame({"period_start": [date(2024, 1, 1)], "value": [1.5], "stations": [3]})
    for write in (pl.DataFrame.write_ipc_stream, pl.DataFrame.write_ipc):
        buf = io.BytesIO()
        write(frame, buf)
        assert _read_series_blob(buf.getvalue()).equals(frame)
