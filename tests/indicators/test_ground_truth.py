"""On the demo warehouse the before/after methods are honest about the effects planted in it.

The demo's counters behave as real ones do (docs/data-sources/demo.md): AR(1) noise, year-to-year shocks shared by the
city's counters and each counter's own, overdispersed counts. A single station compared with itself cannot tell a
+15 % step from such shocks over two years either side, so `adjusted` and `its` may honestly say "nicht
aussagekräftig"; difference-in-differences removes the shared shocks through its controls and finds the effect. One
demo is one draw: whether the 95 % intervals hold the truth 95 % of the time is measured by `bench/methods.py` over
hundreds of draws; here the misses must stay within what 95 % intervals allow.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from indicators import registry
from indicators.before_after import Result, compare, indicator_metric
from indicators.comparisons import suggest_controls
from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parents[2]
TRUTH = json.loads((ROOT / "data" / "demo" / "ground_truth.json").read_text(encoding="utf-8"))
METHODS = ("adjusted", "its", "did")

pytestmark = pytest.mark.slow


def _case(t: dict) -> str:
    return f"{t['station_id']}@{t['date']}"


@pytest.fixture(scope="module")
def results(snap: Snapshot) -> dict[tuple[str, str], Result]:
    out = {}
    for t in TRUTH:
        ind = registry.get(snap, t["indicator_id"])
        at = date.fromisoformat(t["date"])
        for method in METHODS:
            controls = None
            if method == "did":
                metric = indicator_metric(ind)
                assert metric
                controls = suggest_controls(snap, station=t["station_id"], metric=metric, at=at)
                assert controls, f"keine Kontrollstationen für {_case(t)}"
            out[(_case(t), method)] = compare(
                snap, at=at, method=method, indicator=ind, station=t["station_id"], controls=controls
            )
    return out


def test_ground_truth_has_a_placebo() -> None:
    assert any(t["effect_pct"] == 0 for t in TRUTH) and any(t["effect_pct"] != 0 for t in TRUTH)


def test_intervals_miss_the_truth_no_more_often_than_95_percent_allow(results: dict[tuple[str, str], Result]) -> None:
    misses = [
        f"{case} {method}: {r.ci_low_pct:.1f} … {r.ci_high_pct:.1f}"
        for t in TRUTH
        for method in METHODS
        if not (r := results[(case := _case(t), method)]).ci_low_pct <= t["effect_pct"] <= r.ci_high_pct
    ]
    n = len(TRUTH) * len(METHODS)
    # P(more than 2 misses of 12 independent 95 % intervals) ≈ 2 %: a third miss means intervals too narrow
    allowed = next(k for k in range(n + 1) if 1 - sum(math.comb(n, i) * 0.05**i * 0.95 ** (n - i) for i in range(k + 1)) < 0.025)
    assert len(misses) <= allowed, misses


def test_no_planted_effect_is_called_the_opposite(results: dict[tuple[str, str], Result]) -> None:
    for t in TRUTH:
        if t["effect_pct"]:
            for method in METHODS:
                r = results[(_case(t), method)]
                assert r.verdict_code != ("decrease" if t["effect_pct"] > 0 else "increase"), (_case(t), method, r)


def test_did_with_the_suggested_controls_finds_the_cycling_effect(results: dict[tuple[str, str], Result]) -> None:
    t = next(t for t in TRUTH if t["effect_pct"] and t["indicator_id"] == "rad_dtv")
    r = results[(_case(t), "did")]
    assert r.ci_low_pct <= t["effect_pct"] <= r.ci_high_pct and r.verdict_code == "increase", r
    assert r.ci_high_pct - r.ci_low_pct < 30, r


def test_single_station_intervals_carry_the_year_to_year_variation(results: dict[tuple[str, str], Result]) -> None:
    """The demo's year shocks reach the intervals: adjusted and its estimate them (a model without them would give
    ±4 % intervals and call a shock an effect)."""
    assert any(results[(_case(t), m)].year_sd_pct > 1 for t in TRUTH for m in ("adjusted", "its"))
    for (case, method), r in results.items():
        assert r.n_before >= 365 and r.n_after >= 365, (case, method)
