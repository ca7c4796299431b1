"""Inference that keeps its promise (#14 point 6): each defect of the old estimator has a test that failed on it."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm
from scipy import stats

from indicators import comparisons
from indicators.before_after import (
    BANDWIDTH,
    MIN_RESIDUAL_DF,
    Z95,
    BeforeAfterError,
    estimate,
    hac_meat,
    hac_rule,
    poisson_fit,
    prewhitened_lrv,
    verdict,
)

AT = date(2022, 4, 1)


def counts(
    effect_pct: float = 0.0,
    *,
    seed: int = 1,
    base: float = 2000.0,
    days: int = 1461,
    start: date = date(2020, 4, 1),
    trend: float = 0.0,
    slope_change: float = 0.0,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Daily counts with weekday, weather, AR(1) noise and a known level (and optionally slope) change at AT."""
    rng = np.random.default_rng(seed)
    d = [start + timedelta(days=i) for i in range(days)]
    doy = np.array([x.timetuple().tm_yday for x in d]) / 365.25 * 2 * np.pi
    temp = 10 + 9 * np.sin(doy - 1.9) + rng.normal(0, 3, days)
    rain = np.where(rng.random(days) < 0.35, rng.gamma(1.2, 4, days), 0.0)
    wd = np.array([x.weekday() for x in d])
    t = np.array([(x - AT).days for x in d]) / 365.25
    post = np.array([x >= AT for x in d], dtype=float)
    e = np.zeros(days)
    for i in range(1, days):
        e[i] = 0.5 * e[i - 1] + rng.normal(0, 0.07)
    log_mu = (
        np.log(base)
        + 0.03 * temp
        - 0.2 * np.log1p(rain)
        + np.where(wd >= 5, -0.3, 0.0)
        + trend * t
        + np.log1p(effect_pct / 100) * post
        + np.log1p(slope_change / 100) * post * t
        + e
    )
    y = rng.poisson(np.exp(log_mu)).astype(float)
    return pl.DataFrame({"day": d, "value": y}), pl.DataFrame({"day": d, "temperature": temp, "precipitation": rain})


def yearly(values: list[float], first_year: int = 2015) -> pl.DataFrame:
    return pl.DataFrame({"day": [date(first_year + i, 1, 1) for i in range(len(values))], "value": values})


# --- too few values ---------------------------------------------------------------------------------------------------


def test_two_values_before_and_one_after_are_refused() -> None:
    # `before-after hitzetage --method its` used to give −99,3 % [−99,3; −99,3] from three yearly values
    with pytest.raises(BeforeAfterError, match="zu wenige Werte"):
        estimate(yearly([12.0, 15.0, 0.1]), at=date(2017, 1, 1), method="its", window_days=800)


def test_fewer_than_ten_residual_degrees_of_freedom_give_no_interval() -> None:
    data = yearly([10.0 + i + (i % 3) for i in range(12)])  # 12 values, 4 parameters: 8 residual df
    with pytest.raises(BeforeAfterError, match=f"mindestens {MIN_RESIDUAL_DF} Freiheitsgrade"):
        estimate(data, at=date(2021, 1, 1), method="its", window_days=3000)


def test_short_series_use_t_quantiles() -> None:
    rng = np.random.default_rng(3)
    months = [date(2018 + i // 12, i % 12 + 1, 1) for i in range(48)]
    data = pl.DataFrame({"day": months, "value": 100 + rng.normal(0, 5, 48)})
    res = estimate(data, at=date(2020, 1, 1), method="its")
    assert res.df_resid == 48 - 8
    assert res.critical_value >= float(stats.t.ppf(0.975, res.df_resid)) > Z95


def test_long_run_variance_sees_strong_autocorrelation() -> None:
    # the old rule (≈ 7 Bartlett lags, normal quantile) gave standard errors 0.71–0.89 of the true spread at ρ = 0.8
    rng = np.random.default_rng(4)
    n, rho = 1460, 0.8
    true_lrv = n / (1 - rho) ** 2  # Var(Σe) for unit innovations
    ratios_pw, ratios_nw = [], []
    for _ in range(200):
        e = np.zeros(n)
        eps = rng.normal(size=n)
        for i in range(1, n):
            e[i] = rho * e[i - 1] + eps[i]
        lags, _ = hac_rule(n, n - 1, daily=True, bandwidth="nw")
        ratios_pw.append(prewhitened_lrv(e, lags) / true_lrv)
        ratios_nw.append(float(hac_meat(e[:, None], lags)[0, 0]) / true_lrv)
    assert 0.9 < float(np.mean(ratios_pw)) < 1.1
    assert float(np.mean(ratios_nw)) < 0.6
    assert BANDWIDTH == "pw_year"


def test_year_to_year_shocks_widen_a_single_station_interval() -> None:
    data, weather = counts(0.0, seed=21)
    shocks = {2020: 0.08, 2021: -0.06, 2022: 0.07, 2023: -0.08, 2024: 0.03}
    shocked = data.with_columns((pl.col("value") * pl.col("day").dt.year().replace_strict(shocks).exp()).round().alias("value"))
    calm = estimate(data, at=AT, method="adjusted", weather=weather)
    hit = estimate(shocked, at=AT, method="adjusted", weather=weather)
    assert calm.year_sd_pct < 3 < hit.year_sd_pct
    assert hit.ci_high_pct - hit.ci_low_pct > 2 * (calm.ci_high_pct - calm.ci_low_pct)
    assert hit.critical_value > calm.critical_value  # a handful of years: fewer degrees of freedom


# --- scales -----------------------------------------------------------------------------------------------------------


def test_one_zero_day_keeps_the_count_model() -> None:
    data, weather = counts(10.0, seed=5)
    with_zero = data.with_columns(pl.when(pl.col("day") == date(2021, 6, 7)).then(0.0).otherwise(pl.col("value")).alias("value"))
    a = estimate(data, at=AT, method="its", weather=weather)
    b = estimate(with_zero, at=AT, method="its", weather=weather)
    assert a.scale == b.scale == "count" and b.log_scale
    assert b.effect_pct == pytest.approx(a.effect_pct, abs=1.5)  # one failed day of ~2 000 weighs as one day


def test_did_with_a_zero_day_never_mixes_raw_controls_with_logs() -> None:
    # the old DiD subtracted raw control counts from log(y): −100 % [−100; +9,9·10¹⁷ %]
    treated, _ = counts(15.0, seed=4)
    control, _ = counts(0.0, seed=6)
    control = control.with_columns(pl.when(pl.col("day") == date(2021, 1, 3)).then(0.0).otherwise(pl.col("value")).alias("value"))
    res = estimate(treated, at=AT, method="did", controls=control.rename({"value": "c1"}))
    assert res.n_before + res.n_after == 1460 - 1  # the control's zero day has no ratio: left out, nothing else
    assert res.scale == "count"
    assert res.ci_low_pct <= 15 <= res.ci_high_pct and res.ci_high_pct - res.ci_low_pct < 20, res


def test_low_counts_with_many_zeros() -> None:
    data, weather = counts(0.0, seed=8, base=1.5)
    assert (data["value"] == 0).sum() > 100
    res = estimate(data, at=AT, method="adjusted", weather=weather)
    assert res.scale == "count" and res.ci_low_pct <= 0 <= res.ci_high_pct and res.ci_low_pct > -60


def test_poisson_fit_matches_statsmodels_glm_with_hac() -> None:
    rng = np.random.default_rng(1)
    n = 400
    x = np.column_stack([np.ones(n), rng.normal(size=n), (np.arange(n) > 200).astype(float)])
    y = rng.poisson(np.exp(x @ [2.0, 0.3, 0.1]) * rng.gamma(3, 1 / 3, n)).astype(float)
    beta, bread, scores = poisson_fit(y, x, np.zeros(n))
    ref = sm.GLM(y, x, family=sm.families.Poisson()).fit(cov_type="HAC", cov_kwds={"maxlags": 5})
    np.testing.assert_allclose(beta, ref.params, rtol=1e-7)
    np.testing.assert_allclose(np.sqrt(np.diag(bread @ hac_meat(scores, 5) @ bread)), ref.bse, rtol=1e-7)


def test_negative_baseline_keeps_the_bounds_in_order() -> None:
    # placebo winter temperatures: "Rückgang um 34,4 % (95-%-Intervall +121,4 % bis −190,2 %)"
    rng = np.random.default_rng(2)
    d = [date(2020, 10, 1) + timedelta(days=i) for i in range(200)]
    data = pl.DataFrame({"day": d, "value": -1.5 + rng.normal(0, 3, 200)})
    res = estimate(data, at=date(2021, 1, 1), method="its")
    assert res.scale == "linear" and res.mean_before < 0
    assert res.ci_low_pct <= res.effect_pct <= res.ci_high_pct
    assert res.ci_low <= res.effect <= res.ci_high
    assert verdict(-34.4, 121.4, -190.2) == "uncertain"  # swapped bounds are refused, never read


# --- the verdict ------------------------------------------------------------------------------------------------------


def test_wide_interval_or_low_power_is_not_informative() -> None:
    assert verdict(20.0, -61.7, 528.0) == "not_informative"  # was "Kein belastbarer Effekt nachweisbar"
    assert verdict(2.0, -6.0, 11.0, power=0.39) == "not_informative"
    assert verdict(1.0, -3.0, 5.0, power=0.95) == "no_effect"
    assert verdict(12.0, 2.0, 40.0, power=0.3) == "increase"  # excluding zero is a finding at any power
    data, weather = counts(0.0, seed=9, base=3.0, days=500, start=date(2021, 11, 1))
    res = estimate(data, at=AT, method="adjusted", weather=weather)
    assert res.power < 0.8 and res.verdict_code == "not_informative", res


# --- methods ----------------------------------------------------------------------------------------------------------


def test_its_reports_the_slope_change_and_uses_weather() -> None:
    data, weather = counts(10.0, seed=11, slope_change=8.0, trend=0.02)
    res = estimate(data, at=AT, method="its", weather=weather)
    assert res.weather_terms
    assert res.slope_change_low_pct <= 8.0 <= res.slope_change_high_pct, res
    assert res.ci_low_pct <= 10.0 <= res.ci_high_pct
    assert math.isnan(estimate(data, at=AT, method="adjusted", weather=weather).slope_change_pct)


def test_did_pre_trend_check() -> None:
    control, _ = counts(0.0, seed=12)
    parallel, _ = counts(10.0, seed=13)
    drifting, _ = counts(10.0, seed=13, trend=0.15)  # already grew 15 %/year faster than the control before
    ok = estimate(parallel, at=AT, method="did", controls=control.rename({"value": "c1"}))
    bad = estimate(drifting, at=AT, method="did", controls=control.rename({"value": "c1"}))
    assert ok.pretrend_ok is True and abs(ok.pretrend_pct) < 5
    assert bad.pretrend_ok is False and bad.pretrend_pct > 5 and bad.pretrend_p < 0.05


def test_simple_only_with_whole_years_and_never_a_verdict() -> None:
    data, _ = counts(0.0, days=900, start=date(2021, 9, 1))  # 212 days before the date
    with pytest.raises(BeforeAfterError, match="nur mit ganzen Jahren"):
        estimate(data, at=AT, method="simple")
    full, _ = counts(30.0, seed=2)
    with pytest.raises(BeforeAfterError, match="nur mit ganzen Jahren"):
        estimate(full, at=AT, method="simple", window_days=200)
    res = estimate(full, at=AT, method="simple")
    assert res.descriptive and res.verdict_code == "descriptive"  # even a +30 % jump: described, not judged
    assert "simple" not in comparisons.DEFAULT_METHOD.values()


def test_result_json_has_no_nan() -> None:
    data, weather = counts(10.0, seed=3)
    d = estimate(data, at=AT, method="adjusted", weather=weather).to_dict()
    assert d["slope_change_pct"] is None and d["pretrend_p"] is None  # not applicable: null, not NaN
    assert json.loads(json.dumps(d, allow_nan=False))["scale"] == "count"
    assert {"scale", "df_resid", "critical_value", "power", "year_sd_pct", "weather_terms", "descriptive"} <= set(d)
