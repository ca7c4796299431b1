"""Power before the start (#17.2): the reported minimum detectable effect has 80 % power when the method itself is run.

A pre-period with the demo's properties (bench/power.py: weekday, season, weather, AR(1) noise, year shocks, negative
binomial counts, controls) gives an MDE; fresh series with the pre-period's estimated properties (weekday and seasonal
level, AR(1) φ and sd, year shocks) and the MDE injected go through `before_after.estimate`; the share of intervals
above zero must be 80 % ± 7 points. 300 series: Monte-Carlo sd ≈ 2.3 points (plus ≈ 2 for the MDE's own draws).
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from bench.power import AT, history
from indicators import power
from indicators.cli import main
from indicators.store import Snapshot

REPS = 300
DRAWS = 300


@pytest.fixture(scope="module")
def pre() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    return history(np.random.default_rng(17))


def _validate(pre: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame], method: str, window: int) -> tuple[float, float]:
    data, w, ctrl = pre
    c = ctrl if method == "did" else None
    res = power.minimum_detectable_effect(
        data, None, "bicycles", AT, window, method, weather=w, controls=c, draws=DRAWS, direction="increase"
    )
    assert res.to_dict()["mde_decrease_pct"] is None  # not asked for
    prep = power.prepare(data, at=AT, method=method, window_days=window, weather=w, controls=c)
    design = power.planned_design(prep, at=AT, method=method, before_days=window, after_days=window)
    check = power.interval_draws(design, prep.noise, window=window, effect_pct=res.mde_pct, draws=REPS, seed=4711)
    return res.mde_pct, 100 * check.power()


@pytest.mark.slow
@pytest.mark.parametrize("method", ["adjusted", "its", "did"])
def test_reported_mde_has_80_percent_power_under_the_method_itself(pre, method: str) -> None:  # noqa: ANN001
    mde, empirical = _validate(pre, method, 365)
    assert mde > 0
    assert abs(empirical - 80) <= 7, f"{method}: MDE +{mde:.1f} %, empirische Power {empirical:.1f} %"


@pytest.mark.slow
def test_decrease_mde_has_80_percent_power(pre) -> None:  # noqa: ANN001
    data, w, ctrl = pre
    res = power.minimum_detectable_effect(
        data, None, "bicycles", AT, 365, "did", controls=ctrl, draws=DRAWS, direction="decrease"
    )
    prep = power.prepare(data, at=AT, method="did", window_days=365, controls=ctrl)
    design = power.planned_design(prep, at=AT, method="did", before_days=365, after_days=365)
    check = power.interval_draws(design, prep.noise, window=365, effect_pct=res.mde_decrease_pct, draws=REPS, seed=9)
    assert res.mde_decrease_pct < 0
    assert abs(100 * check.power(up=False) - 80) <= 7


def test_analytic_standard_error_is_the_spread_of_the_method_s_estimates(pre) -> None:  # noqa: ANN001
    """w'Σw (AR(1) plus year shocks on the planned design) against the spread of the estimates of 150 simulated
    series: the variance formula, not only the simulation, describes the planned design."""
    data, _w, ctrl = pre
    prep = power.prepare(data, at=AT, method="did", window_days=365, controls=ctrl)
    design = power.planned_design(prep, at=AT, method="did", before_days=365, after_days=365)
    se = power.effect_se(design, prep.noise, offset_used=True)
    rng = np.random.default_rng(3)
    b = [math.log1p(power.run_method(design, power.simulate(design, prep.noise, 0.0, rng), 365)[0] / 100) for _ in range(150)]
    assert float(np.std(b)) == pytest.approx(se.se, rel=0.2)


def test_planned_design_uses_only_days_before_the_date_and_the_planned_window(pre) -> None:  # noqa: ANN001
    data, w, _c = pre
    future = pl.DataFrame({"day": [AT + timedelta(days=i) for i in range(60)], "value": [1e9] * 60})
    with_future = pl.concat([data, future.with_columns(pl.col("value").cast(data["value"].dtype))])
    a = power.minimum_detectable_effect(data, None, "bicycles", AT, 365, "adjusted", weather=w, draws=0)
    b = power.minimum_detectable_effect(with_future, None, "bicycles", AT, 365, "adjusted", weather=w, draws=0)
    assert a == b  # values after the Stichtag change nothing
    assert a.n_after == 365 and 0.9 * 365 <= a.n_before <= 365 and a.window_days == 365
    assert a.history_from >= str(AT - timedelta(days=power.HISTORY_DAYS))


def test_noisier_series_gives_larger_mde(pre) -> None:  # noqa: ANN001
    """The MDE follows the pre-period's own noise (window length alone does not order it: a window that touches more
    calendar years brings year shocks with few degrees of freedom into the interval, docs/methods.md)."""
    data, w, _c = pre
    rng = np.random.default_rng(5)
    noisy = data.with_columns((pl.col("value") * np.exp(rng.normal(0, 0.25, data.height))).round())
    quiet = power.minimum_detectable_effect(data, None, "bicycles", AT, 730, "adjusted", weather=w, draws=0)
    loud = power.minimum_detectable_effect(noisy, None, "bicycles", AT, 730, "adjusted", weather=w, draws=0)
    assert loud.noise_sd > quiet.noise_sd and loud.mde_pct > quiet.mde_pct


@pytest.mark.slow
def test_weeks_to_detect_finds_a_large_effect_and_not_a_tiny_one(pre) -> None:  # noqa: ANN001
    data, _w, ctrl = pre
    full = power.minimum_detectable_effect(data, None, "bicycles", AT, 365, "did", controls=ctrl, draws=150)
    big = power.weeks_to_detect(data, None, "bicycles", AT, 365, "did", effect=2 * full.mde_pct, controls=ctrl, draws=150)
    assert big.weeks_needed is not None and 5 <= big.weeks_needed < big.max_weeks and big.power >= 0.8
    assert big.n_after == 7 * big.weeks_needed
    # one week less: not yet (the search's answer is the first week that reaches 80 %)
    prep = power.prepare(data, at=AT, method="did", window_days=365, controls=ctrl)
    if big.weeks_needed > 5:
        design = power.planned_design(prep, at=AT, method="did", before_days=365, after_days=7 * (big.weeks_needed - 1))
        d = power.interval_draws(design, prep.noise, window=365, effect_pct=2 * full.mde_pct, draws=150)
        assert d.power() < 0.8
    tiny = power.weeks_to_detect(data, None, "bicycles", AT, 365, "did", effect=full.mde_pct / 3, controls=ctrl, draws=150)
    assert tiny.weeks_needed is None and tiny.max_weeks == 53 and tiny.power < 0.8


# --- what is missing, said in words ------------------------------------------------------------------------------------


def test_too_little_pre_period_names_what_is_missing(pre) -> None:  # noqa: ANN001
    data, w, _c = pre
    short = data.filter(pl.col("day") >= AT - timedelta(days=200))
    with pytest.raises(power.PowerError, match=r"zu wenig Daten vor dem 01\.04\.2022: \d+ Tage mit Werten.*365 Tage"):
        power.minimum_detectable_effect(short, None, "bicycles", AT, 365, "its", weather=w, draws=0)
    with pytest.raises(power.PowerError, match=r"keine Werte der Reihe vor dem 01\.01\.2010"):
        power.minimum_detectable_effect(data, None, "bicycles", date(2010, 1, 1), 365, "its", draws=0)


def test_missing_inputs_and_simple_are_refused_in_words(pre) -> None:  # noqa: ANN001
    data, _w, _c = pre
    with pytest.raises(power.PowerError, match="nur beschreibend"):
        power.minimum_detectable_effect(data, None, "bicycles", AT, 365, "simple", draws=0)
    with pytest.raises(power.PowerError, match="keine Wetterdaten"):
        power.minimum_detectable_effect(data, None, "bicycles", AT, 365, "adjusted", draws=0)
    with pytest.raises(power.PowerError, match="Kontrollstation"):
        power.minimum_detectable_effect(data, None, "bicycles", AT, 365, "did", draws=0)
    monthly = pl.DataFrame({"day": [date(2018 + m // 12, m % 12 + 1, 1) for m in range(48)], "value": [100.0] * 48})
    with pytest.raises(power.PowerError, match="Tageswerte"):
        power.minimum_detectable_effect(monthly, None, "x", AT, 365, "its", draws=0)


def test_cli_errors_on_a_snapshot_without_enough_history(small_snap: Snapshot, capsys: pytest.CaptureFixture[str]) -> None:
    station = small_snap.rows("select station_id from station where station_id like 'ecocounter:%' limit 1")[0][0]
    db = str(small_snap.path)
    assert (
        main(["power", "--db", db, "--station", station, "--metric", "bicycles", "--date", "2025-10-15", "--method", "its"]) == 1
    )
    assert "zu wenig Daten vor dem 15.10.2025" in capsys.readouterr().err
    assert main(["power", "--db", db, "--date", "2025-10-15"]) == 2
    assert "Indikator-ID oder --metric mit --station" in capsys.readouterr().err
    assert main(["power", "rad_dtv", "--db", db, "--date", "2025-10-15"]) == 2
    assert "bitte --station angeben" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_on_the_demo_headline_station(snap: Snapshot, capsys: pytest.CaptureFixture[str]) -> None:
    """Berliner Straße, +15 % planted on 2022-04-01: above did's MDE, below the adjusted comparison's (year shocks)."""
    args = ["power", "rad_dtv", "--db", str(snap.path), "--station", "ecocounter:100069001", "--date", "2022-04-01"]
    assert main([*args, "--method", "did", "--effect", "15", "--draws", "60", "--json"]) == 0
    did = json.loads(capsys.readouterr().out)
    assert did["method"] == "did" and did["window_days"] == 730 and did["n_after"] == 730 and did["controls"]
    assert did["mde_pct"] < 15 and did["weeks_needed"] is not None
    assert main([*args, "--method", "adjusted", "--draws", "0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Minimal nachweisbarer Effekt (80 % Power, 5 % zweiseitig): Anstieg um +")
    adjusted = float(out.split("Anstieg um +")[1].split("\u00a0%")[0].replace(".", "").replace(",", "."))
    assert adjusted > 15


def test_cli_names_an_unknown_station_and_metric(small_snap: Snapshot, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(small_snap.path)
    assert main(["power", "--db", db, "--station", "nirgends:1", "--metric", "bicycles", "--date", "2025-10-15"]) == 1
    assert "keine Tageswerte für Station „nirgends:1“, Messgröße „bicycles“ vor dem 15.10.2025" in capsys.readouterr().err
