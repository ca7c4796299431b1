"""Before/after comparisons around a date, with honest uncertainty: simple windows, weather- and calendar-adjusted
regression, interrupted time series, difference-in-differences. Methods and assumptions: docs/methods.md.

All methods fit an ordinary least squares model with autocorrelation-robust (Newey–West, Bartlett kernel)
standard errors. Strictly positive series are modelled on the log scale, so the effect is multiplicative:
effect_pct = exp(b) − 1. Series with zeros or negative values (temperatures) are modelled on their own scale
and the percentage refers to the mean before the date.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from scipy import stats

from indicators import holidays
from indicators.registry import Indicator, series, sql, weather_station
from indicators.store import Snapshot

METHODS = ("simple", "adjusted", "its", "did")
Z95 = float(stats.norm.ppf(0.975))
TEMPERATURE_KNOTS = (0.0, 10.0, 20.0, 26.0)  # °C


class BeforeAfterError(ValueError):
    """The comparison cannot be computed (too little data, no controls …); the message says why, in German.

    `template` (German, with `{name}` placeholders) and `params` let the dashboard say the same in English.
    """

    def __init__(self, template: str, **params: object) -> None:
        self.template, self.params = template, params
        super().__init__(template.format(**params) if params else template)


@dataclass(frozen=True)
class Result:
    method: str
    date: str
    effect: float  # in the series' unit (difference of means after − before, at the before level)
    effect_pct: float
    ci_low_pct: float
    ci_high_pct: float
    ci_low: float
    ci_high: float
    n_before: int
    n_after: int
    window_before: tuple[str, str]
    window_after: tuple[str, str]
    mean_before: float
    mean_after: float
    log_scale: bool
    verdict_code: str  # one of VERDICTS: what the interval supports (the sentence is the presentation layer's)
    maxlags: int  # lags of the Newey–West standard errors
    same_months: bool  # simple: the windows cover the same calendar months (whole years)
    school_holidays: bool  # adjusted: school holidays were a regressor
    controls: tuple[str, ...]  # did: the control stations

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- OLS with Newey–West standard errors (checked against statsmodels in tests) -------------------------------------


def ols_hac(y: np.ndarray, x: np.ndarray, maxlags: int) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients and HAC covariance (Bartlett kernel, no small-sample factor: as statsmodels' `cov_type="HAC"`)."""
    xtx_inv = np.linalg.pinv(x.T @ x)
    beta = xtx_inv @ (x.T @ y)
    u = y - x @ beta
    xu = x * u[:, None]
    s = xu.T @ xu
    for lag in range(1, maxlags + 1):
        w = 1.0 - lag / (maxlags + 1.0)
        g = xu[lag:].T @ xu[:-lag]
        s += w * (g + g.T)
    cov = xtx_inv @ s @ xtx_inv
    return beta, cov


# --- series --------------------------------------------------------------------------------------------------------


def daily_series(snap: Snapshot, *, station: str, metric: str) -> pl.DataFrame:
    """Complete days of a station series: sums for counts, means for readings."""
    agg = "sum" if metric in COUNT_METRICS else "mean"
    return snap.query(sql("daily_station"), {"station": station, "metric": metric, "agg": agg}).select("day", "value")


COUNT_METRICS = frozenset({"bicycles", "pedestrians", "precipitation", "bicycles_daily"})


def indicator_metric(ind: Indicator) -> str | None:
    """The observation metric behind a per-station indicator (e.g. `rad_dtv` → `bicycles`)."""
    if ind.computation and ind.computation.per_station:
        return ind.computation.params.get("metric")
    return None


def indicator_daily(snap: Snapshot, ind: Indicator, station: str | None) -> pl.DataFrame:
    metric = indicator_metric(ind)
    if metric and station:
        return daily_series(snap, station=station, metric=metric)
    s = series(snap, ind)
    return s.select(pl.col("period_start").alias("day"), pl.col("value").cast(pl.Float64)).drop_nulls()


# --- the comparison ------------------------------------------------------------------------------------------------


def compare(
    snap: Snapshot,
    *,
    at: date,
    method: str,
    indicator: Indicator | None = None,
    metric: str | None = None,
    station: str | None = None,
    controls: list[str] | None = None,
    window_days: int | None = None,
    school_holidays: Path | None = None,
) -> Result:
    """Before/after around `at` for an indicator or a station series, by `method`."""
    if method not in METHODS:
        raise BeforeAfterError("unbekannte Methode {method}; möglich: {methods}", method=repr(method), methods=", ".join(METHODS))
    if indicator is not None:
        data = indicator_daily(snap, indicator, station)
        metric = indicator_metric(indicator) or indicator.indicator_id
    elif metric and station:
        data = daily_series(snap, station=station, metric=metric)
    else:
        raise BeforeAfterError("Indikator oder Messgröße mit Station angeben")
    weather = None
    if method == "adjusted":
        ws = weather_station(snap)
        if ws is None:
            raise BeforeAfterError("keine Wetterdaten (DWD) im Warehouse: bereinigter Vergleich nicht möglich")
        weather = snap.query(sql("weather_daily"), {"station": ws})
    ctrl = None
    if method == "did":
        if not controls:
            raise BeforeAfterError("Differenz-von-Differenzen braucht mindestens eine Kontrollstation")
        if not (metric and (station or indicator)):
            raise BeforeAfterError("Differenz-von-Differenzen braucht eine Station und ihre Messgröße")
        frames = [daily_series(snap, station=c, metric=metric).rename({"value": c}) for c in controls]
        ctrl = frames[0]
        for f in frames[1:]:
            ctrl = ctrl.join(f, on="day", how="inner")
    return estimate(
        data,
        at=at,
        method=method,
        weather=weather,
        controls=ctrl,
        window_days=window_days,
        school_holidays=holidays.load_school_holidays(school_holidays),
    )


def estimate(
    data: pl.DataFrame,
    *,
    at: date,
    method: str,
    weather: pl.DataFrame | None = None,
    controls: pl.DataFrame | None = None,
    window_days: int | None = None,
    school_holidays: list[tuple[date, date]] | None = None,
) -> Result:
    """The estimator on a frame `day`, `value` (pure: used by `compare` and the tests)."""
    data = data.drop_nulls().sort("day")
    if data.is_empty():
        raise BeforeAfterError("keine Daten für diese Reihe")
    days = data["day"].to_list()
    first, last = days[0], days[-1]
    daily = len(days) > 1 and (days[1] - days[0]).days <= 7
    if method == "adjusted" and not daily:
        raise BeforeAfterError(
            "Wetterbereinigung braucht Tageswerte; für Monats- oder Jahreswerte die unterbrochene "
            "Zeitreihe (its) oder den einfachen Vergleich wählen"
        )
    default = 730 if method != "simple" else 365
    span = window_days or default
    avail_before = (at - first).days
    avail_after = (last - at).days + 1
    if method == "simple":
        span = min(span, avail_before, avail_after)
    if avail_before < (60 if daily else 2) or avail_after < (30 if daily else 1):
        raise BeforeAfterError(
            "zu wenig Daten um den {day}: vorher {before} Tage, nachher {after} Tage",
            day=f"{at:%d.%m.%Y}",
            before=max(avail_before, 0),
            after=max(avail_after, 0),
        )
    lo, hi = at - timedelta(days=min(span, avail_before)), at + timedelta(days=min(span, avail_after) - 1)
    if method == "simple":
        lo, hi = at - timedelta(days=span), at + timedelta(days=span - 1)
    f = data.filter((pl.col("day") >= lo) & (pl.col("day") <= hi))
    if controls is not None:
        ctrl_cols = [c for c in controls.columns if c != "day"]
        f = f.join(controls, on="day", how="inner")
    if weather is not None:
        f = f.join(weather, on="day", how="inner").drop_nulls(["temperature", "precipitation"])
    post = (f["day"] >= at).to_numpy().astype(float)
    n_after = int(post.sum())
    n_before = len(post) - n_after
    if n_before < (30 if daily else 2) or n_after < (30 if daily else 1):
        raise BeforeAfterError("zu wenige Werte: {before} vorher, {after} nachher", before=n_before, after=n_after)
    y_raw = f["value"].to_numpy().astype(float)
    log_scale = bool((y_raw > 0).all())
    y = np.log(y_raw) if log_scale else y_raw
    dts = f["day"].to_list()
    t = np.array([(d - at).days for d in dts], dtype=float) / 365.25
    cols: list[np.ndarray] = [np.ones_like(t), post]
    if method in ("adjusted", "its") and daily:
        cols += _weekday_dummies(dts)
        cols.append(np.array([1.0 if holidays.is_public_holiday(d) else 0.0 for d in dts]))
        if school_holidays:
            cols.append(np.array([1.0 if holidays.in_periods(d, school_holidays) else 0.0 for d in dts]))
    if method in ("adjusted", "its"):
        doy = np.array([d.timetuple().tm_yday for d in dts], dtype=float) / 365.25 * 2 * math.pi
        for h in (1, 2):
            cols += [np.sin(h * doy), np.cos(h * doy)]
        cols.append(t)
    if method == "adjusted":
        assert weather is not None
        temp = f["temperature"].to_numpy().astype(float)
        rain = f["precipitation"].to_numpy().astype(float)
        # temperature as a piecewise-linear spline: the effect of warmth flattens out in cold and in heat
        cols += [temp] + [np.clip(temp - k, 0, None) for k in TEMPERATURE_KNOTS]
        cols += [np.log1p(rain), (rain >= 1.0).astype(float)]
        if "snow_depth" in f.columns:
            cols.append((f["snow_depth"].fill_null(0).to_numpy().astype(float) > 0).astype(float))
    if method == "its":
        cols.append(post * t)
    if method == "did":
        assert controls is not None
        c = np.column_stack([f[c].to_numpy().astype(float) for c in ctrl_cols])
        if log_scale and (c > 0).all():
            y = y - np.log(c).mean(axis=1)
        else:
            y = y - c.mean(axis=1)
        if daily:
            cols += _weekday_dummies(dts)
    x = np.column_stack(cols)
    x = _drop_constant(x)
    maxlags = int(min(30, max(1, round(4 * (len(y) / 100) ** (2 / 9))))) if daily else 1
    beta, cov = ols_hac(y, x, maxlags)
    b, se = float(beta[1]), float(math.sqrt(max(cov[1, 1], 0.0)))
    b_lo, b_hi = b - Z95 * se, b + Z95 * se
    mean_before = float(y_raw[post == 0].mean())
    mean_after = float(y_raw[post == 1].mean())
    if log_scale:
        pct, lo_pct, hi_pct = (math.expm1(v) * 100 for v in (b, b_lo, b_hi))
        effect, ci_lo, ci_hi = (mean_before * math.expm1(v) for v in (b, b_lo, b_hi))
    else:
        effect, ci_lo, ci_hi = b, b_lo, b_hi
        base = mean_before if mean_before else float("nan")
        pct, lo_pct, hi_pct = (v / base * 100 for v in (b, b_lo, b_hi))
    return Result(
        method=method,
        date=at.isoformat(),
        effect=effect,
        effect_pct=pct,
        ci_low_pct=lo_pct,
        ci_high_pct=hi_pct,
        ci_low=ci_lo,
        ci_high=ci_hi,
        n_before=n_before,
        n_after=n_after,
        window_before=(min(dts).isoformat(), (at - timedelta(days=1)).isoformat()),
        window_after=(at.isoformat(), max(dts).isoformat()),
        mean_before=mean_before,
        mean_after=mean_after,
        log_scale=log_scale,
        maxlags=maxlags,
        same_months=method == "simple" and span % 365 == 0,
        school_holidays=method == "adjusted" and bool(school_holidays),
        controls=tuple(ctrl_cols) if controls is not None else (),
        verdict_code=verdict(pct, lo_pct, hi_pct),
    )


# uncertain: the interval cannot be computed; no_effect: it contains zero; increase/decrease: it lies on one side
VERDICTS = ("uncertain", "no_effect", "increase", "decrease")


def verdict(pct: float, lo: float, hi: float) -> str:
    """What the 95 % interval supports, as a code of VERDICTS: never more than the interval."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return "uncertain"
    if lo <= 0 <= hi:
        return "no_effect"
    return "increase" if pct > 0 else "decrease"


def _weekday_dummies(dts: list[date]) -> list[np.ndarray]:
    wd = np.array([d.weekday() for d in dts])
    return [(wd == k).astype(float) for k in range(1, 7)]


def _drop_constant(x: np.ndarray) -> np.ndarray:
    """Drop columns (after the intercept and the effect) without variation, e.g. holidays absent from the window."""
    keep = [0, 1] + [j for j in range(2, x.shape[1]) if np.ptp(x[:, j]) > 0]
    return x[:, keep]
