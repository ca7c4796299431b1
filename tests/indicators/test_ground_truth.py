"""On the demo warehouse, the before/after methods find every injected effect, and no effect where none was injected."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from indicators import registry
from indicators.before_after import compare
from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parents[2]
TRUTH = json.loads((ROOT / "data" / "demo" / "ground_truth.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.slow


def test_ground_truth_has_a_placebo() -> None:
    assert any(t["effect_pct"] == 0 for t in TRUTH) and any(t["effect_pct"] != 0 for t in TRUTH)


@pytest.mark.parametrize("method", ["its", "adjusted"])
@pytest.mark.parametrize("truth", TRUTH, ids=lambda t: f"{t['station_id']}@{t['date']}")
def test_interval_contains_injected_effect_and_is_informative(snap: Snapshot, truth: dict, method: str) -> None:
    ind = registry.get(snap, truth["indicator_id"])
    res = compare(snap, at=date.fromisoformat(truth["date"]), method=method, indicator=ind, station=truth["station_id"])
    assert res.ci_low_pct <= truth["effect_pct"] <= res.ci_high_pct, res
    assert res.ci_high_pct - res.ci_low_pct < 30, res
    if truth["effect_pct"] == 0:
        # a placebo never shows an effect; with 20 months before, ITS cannot tell year-to-year variation from a
        # slope change and may honestly say "nicht aussagekräftig"
        assert res.verdict_code in ("no_effect", "not_informative")
        if method == "adjusted":
            assert res.verdict_code == "no_effect"
    else:
        assert res.verdict_code == ("increase" if truth["effect_pct"] > 0 else "decrease")
    assert res.n_before >= 365 and res.n_after >= 365
