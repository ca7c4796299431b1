"""Before/after estimators: agree with statsmodels, recover known effects, and never claim more than the interval."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm
from scipy import stats

from indicators.before_after import METHODS, estimate, ols_hac, verdict
from indicators.cli import verdict_de
from indicators.labels import method_note

AT = date(2022, 4, 1)


def synthetic(
    effect_pct: float, *, seed: int = 1, days: int = 1461, start: date = date(2020, 4, 1)
) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    d = [start + timedelta(days=i) for i in range(days)]
    doy = np.array([x.timetuple().tm_yday for x in d]) / 365.25 * 2 * np.pi
    temp = 10 + 9 * np.sin(doy - 1.9) + rng.normal(0, 3, days)
    rain = np.where(rng.random(days) < 0.35, rng.gamma(1.2, 4, days), 0.0)
    wd = np.array([x.weekday() for x in d])
    log_y = (
        np.log(2000)
        + 0.03 * temp
        - 0.25 * (rain >= 1)
        + np.where(wd >= 5, -0.3, 0.0)
        + np.log1p(effect_pct / 100) * np.array([x >= AT for x in d])
        + rng.normal(0, 0.08, days)
    )
    data = pl.DataFrame({"day": d, "value": np.exp(log_y)})
    weather = pl.DataFrame({"day": d, "temperature": temp, "precipitation": rain})
    return data, weather


def test_ols_hac_matches_statsmodels() -> None:
    rng = np.random.default_rng(7)
    n = 500
    x = np.column_stack([np.ones(n), rng.normal(size=n), (np.arange(n) > 250).astype(float)])
    e = np.zeros(n)
    for i in range(1, n):  # AR(1) errors: where HAC matters
        e[i] = 0.6 * e[i - 1] + rng.normal()
    y = x @ np.array([1.0, 0.5, -0.3]) + e
    beta, cov = ols_hac(y, x, maxlags=8)
    ref = sm.OLS(y, x).fit(cov_type="HAC", cov_kwds={"maxlags": 8})
    np.testing.assert_allclose(beta, ref.params, atol=1e-6)
    np.testing.assert_allclose(np.sqrt(np.diag(cov)), ref.bse, atol=1e-6)


def test_adjusted_design_matches_statsmodels_on_fixed_data() -> None:
    data, weather = synthetic(12.0)
    res = estimate(data, at=AT, method="simple")
    # the simple method is the regression log(y) ~ 1 + post on one year each side (readings, not counts: log scale)
    f = data.filter((pl.col("day") >= AT - timedelta(days=365)) & (pl.col("day") < AT + timedelta(days=365)))
    y = np.log(f["value"].to_numpy())
    post = (f["day"] >= AT).to_numpy().astype(float)
    # simple only describes: Newey–West (⌊4·(n/100)^(2/9)⌋ lags) with the t quantile, as statsmodels computes it
    lags = int(math.floor(4 * (len(y) / 100) ** (2 / 9)))
    ref = sm.OLS(y, sm.add_constant(post)).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    crit = stats.t.ppf(0.975, len(y) - 2)
    assert res.scale == "log" and res.df_resid == len(y) - 2 and res.maxlags == lags
    assert res.critical_value == pytest.approx(crit)
    assert res.effect_pct == pytest.approx(math.expm1(ref.params[1]) * 100, abs=1e-6)
    assert res.ci_low_pct == pytest.approx(math.expm1(ref.params[1] - crit * ref.bse[1]) * 100, abs=1e-6)
    assert res.ci_high_pct == pytest.approx(math.expm1(ref.params[1] + crit * ref.bse[1]) * 100, abs=1e-6)


@pytest.mark.parametrize("method", ["adjusted", "its"])
@pytest.mark.parametrize("effect", [15.0, 0.0, -10.0])
def test_known_effect_recovered(method: str, effect: float) -> None:
    data, weather = synthetic(effect, seed=3)
    res = estimate(data, at=AT, method=method, weather=weather if method == "adjusted" else None)
    assert res.ci_low_pct <= effect <= res.ci_high_pct, res
    assert res.ci_high_pct - res.ci_low_pct < 30
    if effect == 0:
        assert res.verdict_code == "no_effect"


def test_did_against_control() -> None:
    treated, _ = synthetic(15.0, seed=4)
    control, _ = synthetic(0.0, seed=5)
    res = estimate(treated, at=AT, method="did", controls=control.rename({"value": "ctrl"}))
    assert res.ci_low_pct <= 15 <= res.ci_high_pct
    assert res.n_before > 300 and res.n_after > 300


def test_verdict_never_claims_more_than_the_interval() -> None:
    assert verdict(4.0, -1.0, 9.0) == "no_effect"
    assert verdict(12.0, 5.0, 19.0) == "increase"
    assert verdict(-8.0, -12.0, -3.0) == "decrease"
    assert verdict(3.0, float("nan"), 9.0) == "uncertain"
    data, _ = synthetic(15.0, seed=3)
    res = estimate(data, at=AT, method="its")
    assert res.verdict_code == "increase"
    v = verdict_de(res)  # the command line's sentence from the code and the numbers
    assert v.startswith("Anstieg um ") and "seit dem 01.04.2022" in v and "Ursache" in v
    assert method_note(res) == (
        "Unterbrochene Zeitreihe (segmentierte Regression mit Saison, Trend und Wochentag): Niveausprung am Stichtag; "
        "Trend, Trendänderung, Saison (2 Harmonische), Wochentag und Feiertage modelliert. 95-%-Intervall mit "
        f"autokorrelationsrobusten Standardfehlern (Newey–West, {res.maxlags} Lags, AR-vorgeweißt); Schwankung von Jahr zu "
        f"Jahr eingerechnet (geschätzt {f'{res.year_sd_pct:.1f}'.replace('.', ',')}\u00a0%); Modell auf der Log-Skala"
    )
    assert method_note(res, str.upper).startswith("UNTERBROCHENE ZEITREIHE")  # each part goes through translate


def test_too_little_data_is_a_clear_error() -> None:
    data, _ = synthetic(0.0, days=40, start=AT - timedelta(days=20))
    for m in METHODS[:1]:
        with pytest.raises(ValueError, match="zu wenig"):
            estimate(data, at=AT, method=m)
