"""Before/after comparisons around a date, with honest uncertainty: simple windows, weather- and calendar-adjusted
regression, interrupted time series, difference-in-differences. Methods and assumptions: docs/methods.md; coverage of
the intervals measured by bench/methods.py.

Counts (and non-negative series with zeros) are fitted by a quasi-Poisson model with log link, strictly positive
readings by least squares on the log scale — both give a multiplicative effect, effect_pct = exp(b) − 1 — and series
with negative values (temperatures) by least squares on their own scale, the percentage then relative to |mean before|.
Standard errors are autocorrelation-robust: AR(p)-prewhitened Bartlett kernel (lags growing with n), t quantiles, and
the variance of year-to-year shocks (for DiD the station's own, relative to its controls) (Welch–Satterthwaite degrees of freedom); fewer than
MIN_RESIDUAL_DF residual degrees of freedom give no interval at all. bench/methods.py measured the alternatives.
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
from indicators.cache import ProcessLRU
from indicators.registry import Indicator, series, sql, weather_station
from indicators.store import Snapshot

METHODS = ("simple", "adjusted", "its", "did")
Z95 = float(stats.norm.ppf(0.975))
MIN_RESIDUAL_DF = 10  # fewer residual degrees of freedom: no interval, no verdict
# HAC rules measured in bench/methods.py (docs/methods.md): `nw` (the old rule, 4·(n/100)^(2/9) lags, normal quantile),
# `nw_t` (same lags, t quantile), fixed-b with bandwidth b·n and Kiefer–Vogelsang critical values (undercover here: their
# values assume no trend or step among the regressors), `pw` (AR(p)-prewhitened, t quantile), `pw_year` (`pw` plus the
# variance of year-to-year shocks; for did those left relative to the controls): the default, the only one near 93–97 % in every scenario
FIXED_B = {"fixed_b": 0.1, "fixed_b_02": 0.2, "fixed_b_05": 0.5}
BANDWIDTHS = ("nw", "nw_t", "pw", "pw_year", *FIXED_B)
BANDWIDTH = "pw_year"
RELEVANT_PCT = 10.0  # the size of effect a measure aims at: an interval that could miss it says "nicht aussagekräftig"
MIN_POWER = 0.8  # power against ±RELEVANT_PCT below which "no effect" is not said
WIDE_PCT = 25.0  # an interval reaching beyond ±25 % around zero is not informative whatever the power
PRETREND_ALPHA = 0.05  # DiD: a pre-period trend relative to the controls with p below this is warned about
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
    scale: str = "log"  # model scale: count (quasi-Poisson, log link), log (least squares on log y) or linear
    df_resid: int = 0  # residual degrees of freedom (at least MIN_RESIDUAL_DF)
    critical_value: float = Z95  # multiplier of the standard error for the 95 % interval
    power: float = float("nan")  # probability that the interval excludes zero for a true effect of ±RELEVANT_PCT
    descriptive: bool = False  # simple: describes the two windows, never a verdict
    weather_terms: bool = False  # adjusted, its: temperature, precipitation, snow were regressors
    slope_change_pct: float = float("nan")  # its: change of the annual trend at the date (% per year)
    slope_change_low_pct: float = float("nan")
    slope_change_high_pct: float = float("nan")
    pretrend_pct: float = float("nan")  # did: trend relative to the controls before the date (% per year)
    pretrend_p: float = float("nan")
    year_sd_pct: float = 0.0  # adjusted, its, did: estimated sd of year-to-year shocks (%), part of the interval
    se_rule: str = "nw"  # the rule of the standard errors (BANDWIDTHS) this interval used
    pretrend_ok: bool | None = None  # did: False when the station and its controls already drifted apart before

    def to_dict(self) -> dict[str, Any]:
        """The fields as JSON can carry them: a value that does not apply (NaN) is None, never the invalid `NaN`."""
        return {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in asdict(self).items()}


# --- OLS with Newey–West standard errors (checked against statsmodels in tests) -------------------------------------


def ols_hac(y: np.ndarray, x: np.ndarray, maxlags: int) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients and HAC covariance (Bartlett kernel, no small-sample factor: as statsmodels' `cov_type="HAC"`)."""
    xtx_inv = np.linalg.pinv(x.T @ x)
    beta = xtx_inv @ (x.T @ y)
    u = y - x @ beta
    cov = xtx_inv @ hac_meat(x * u[:, None], maxlags) @ xtx_inv
    return beta, cov


# --- series --------------------------------------------------------------------------------------------------------


# A before/after request reads the same daily series several times (the suggested controls, each method side by side,
# the chart), and the next request about the same station reads them again: kept in the process per snapshot.
DAILY_SERIES = ProcessLRU(256)


def daily_series(snap: Snapshot, *, station: str, metric: str) -> pl.DataFrame:
    """Complete days of a station series: sums for counts, means for readings."""
    agg = "sum" if metric in COUNT_METRICS else "mean"
    return DAILY_SERIES.lookup(
        snap,
        ("daily_series", station, metric),
        lambda: snap.query(sql("daily_station"), {"station": station, "metric": metric, "agg": agg}).select("day", "value"),
    )


def daily_series_many(snap: Snapshot, *, stations: list[str], metric: str) -> dict[str, pl.DataFrame]:
    """`daily_series` of several stations; those not kept yet are read in one query (`daily_stations.sql`)."""
    out: dict[str, pl.DataFrame] = {}
    missing = []
    for sid in dict.fromkeys(stations):
        found, frame = DAILY_SERIES.get(snap, ("daily_series", sid, metric))
        if found:
            out[sid] = frame
        else:
            missing.append(sid)
    if missing:
        agg = "sum" if metric in COUNT_METRICS else "mean"
        read = snap.query(sql("daily_stations"), {"stations": missing, "metric": metric, "agg": agg})
        parts = {str(k[0]): g for k, g in read.partition_by("station_id", as_dict=True).items()}
        for sid in missing:
            g = parts.get(sid)
            frame = g.select("day", "value") if g is not None else read.clear().select("day", "value")
            DAILY_SERIES.put(snap, ("daily_series", sid, metric), frame)
            out[sid] = frame
    return out


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
    if method in ("adjusted", "its"):
        ws = weather_station(snap)
        if ws is None and method == "adjusted":
            raise BeforeAfterError("keine Wetterdaten (DWD) im Warehouse: bereinigter Vergleich nicht möglich")
        if ws is not None:  # its takes weather where there is some (one series for every station: kept)
            weather = DAILY_SERIES.lookup(snap, ("weather_daily", ws), lambda: snap.query(sql("weather_daily"), {"station": ws}))
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
    bandwidth: str = BANDWIDTH,
) -> Result:
    """The estimator on a frame `day`, `value` (pure: used by `compare` and the tests).

    `bandwidth` picks the HAC rule (`BANDWIDTHS`); bench/methods.py measures each, the default is the one that reaches
    the coverage target."""
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
    avail_before = (at - first).days
    avail_after = (last - at).days + 1
    if avail_before < (60 if daily else 2) or avail_after < (30 if daily else 1):
        raise BeforeAfterError(
            "zu wenig Daten um den {day}: vorher {before} Tage, nachher {after} Tage",
            day=f"{at:%d.%m.%Y}",
            before=max(avail_before, 0),
            after=max(avail_after, 0),
        )
    if method == "simple":
        # two means only compare like with like over whole years (the season cancels); shorter windows take season
        # for effect (bench/methods.py: coverage 0 % with 120 days after)
        span = window_days or 365
        if span % 365 or avail_before < span or avail_after < span:
            raise BeforeAfterError(
                "Der einfache Vergleich ist nur mit ganzen Jahren möglich ({span} Tage je Seite); vorhanden: vorher "
                "{before}, nachher {after} Tage. Bitte die unterbrochene Zeitreihe (its) oder den bereinigten "
                "Vergleich wählen.",
                span=span,
                before=max(avail_before, 0),
                after=max(avail_after, 0),
            )
        lo, hi = at - timedelta(days=span), at + timedelta(days=span - 1)
    else:
        # daily series: two years each side; monthly and yearly ones use all they have (two years are 2 values)
        span = window_days or (730 if daily else max(avail_before, avail_after))
        lo, hi = at - timedelta(days=min(span, avail_before)), at + timedelta(days=min(span, avail_after) - 1)
    f = data.filter((pl.col("day") >= lo) & (pl.col("day") <= hi))
    ctrl_cols: list[str] = []
    if controls is not None:
        ctrl_cols = [c for c in controls.columns if c != "day"]
        f = f.join(controls, on="day", how="inner").drop_nulls(ctrl_cols)
    use_weather = weather is not None and method in ("adjusted", "its") and daily
    if use_weather:
        assert weather is not None
        joined = f.join(weather, on="day", how="inner").drop_nulls(["temperature", "precipitation"])
        # its takes weather only where it covers the window (adjusted needs it, whatever it costs in days)
        use_weather = method == "adjusted" or joined.height >= 0.9 * f.height
        if use_weather:
            f = joined
    y_raw = f["value"].to_numpy().astype(float)
    c_raw = np.column_stack([f[c].to_numpy().astype(float) for c in ctrl_cols]) if ctrl_cols else None
    scale = model_scale(y_raw if c_raw is None else np.concatenate([y_raw, c_raw.ravel()]))
    offset = np.zeros(len(y_raw))
    if c_raw is not None:
        # the control's level enters on the model's own scale: ratio of means (count), of geometric means (log),
        # difference (linear); never raw counts against a logarithm
        if scale == "count":
            c_mean = c_raw.mean(axis=1)
            keep = c_mean > 0
            offset = np.log(np.where(keep, c_mean, 1.0))
        elif scale == "log":
            keep = np.ones(len(y_raw), dtype=bool)
            offset = np.log(c_raw).mean(axis=1)
        else:
            keep = np.ones(len(y_raw), dtype=bool)
            offset = c_raw.mean(axis=1)
        f, y_raw, offset = f.filter(pl.Series(keep)), y_raw[keep], offset[keep]
    post = (f["day"] >= at).to_numpy().astype(float)
    n_after = int(post.sum())
    n_before = len(post) - n_after
    if n_before < (30 if daily else 3) or n_after < (30 if daily else 3):
        raise BeforeAfterError("zu wenige Werte: {before} vorher, {after} nachher", before=n_before, after=n_after)
    if scale == "count" and (y_raw[post == 0].sum() == 0 or y_raw[post == 1].sum() == 0):
        raise BeforeAfterError("vor oder nach dem Stichtag nur Nullen: keine Veränderungsrate bestimmbar")
    dts = f["day"].to_list()
    x, names = _design(f, dts, at=at, post=post, method=method, daily=daily, school_holidays=school_holidays, weather=use_weather)
    n, p = x.shape
    df_resid = n - design_rank(x)
    if df_resid < MIN_RESIDUAL_DF:
        raise BeforeAfterError(
            "zu wenige Werte für ein belastbares Intervall: {n} Werte, {p} Modellparameter (mindestens {min} "
            "Freiheitsgrade nötig)",
            n=n,
            p=p,
            min=MIN_RESIDUAL_DF,
        )
    want = (1, names.index("post_t")) if "post_t" in names else (1,)
    # year-to-year shocks hit a single station's estimate; DiD's controls remove the shocks they share, not the
    # station's own (a building site nearby): its residuals relative to the controls carry those (bench/methods.py)
    years = np.array([d.year for d in dts]) if method in ("adjusted", "its", "did") else None
    if method == "simple" and bandwidth in ("pw", "pw_year"):
        # the simple model leaves the whole season in its residuals, which prewhitening reads as a near unit root
        # (±70 % intervals); its interval only describes the spread of the two windows: Newey–West with t quantile
        bandwidth = "nw_t"
    fit = _fit(y_raw, x, scale, offset, daily=daily, df_resid=df_resid, bandwidth=bandwidth, want=want, years=years)
    b, se = float(fit.beta[1]), fit.se(1)
    b_lo, b_hi = b - fit.crit * se, b + fit.crit * se
    mean_before = float(y_raw[post == 0].mean())
    mean_after = float(y_raw[post == 1].mean())
    multiplicative = scale != "linear"
    base = abs(mean_before) if mean_before else float("nan")  # |mean|: the bounds keep their order on any scale

    def pct(v: float) -> float:
        return math.expm1(v) * 100 if multiplicative else v / base * 100

    if multiplicative:
        effect, ci_lo, ci_hi = (mean_before * math.expm1(v) for v in (b, b_lo, b_hi))
    else:
        effect, ci_lo, ci_hi = b, b_lo, b_hi
    power = _power(
        se if multiplicative else se / base, fit.crit, math.log1p(RELEVANT_PCT / 100) if multiplicative else RELEVANT_PCT / 100
    )
    slope = (float("nan"),) * 3
    if "post_t" in names:
        j = names.index("post_t")
        bs, hw = float(fit.beta[j]), fit.half_width(j)
        slope = (pct(bs), pct(bs - hw), pct(bs + hw))
    pre_pct, pre_p = float("nan"), float("nan")
    if method == "did":
        pre_pct, pre_p = _pretrend(f, dts, y_raw, offset, post, at=at, scale=scale, daily=daily, bandwidth=bandwidth, pct=pct)
    descriptive = method == "simple"
    lo_pct, hi_pct = pct(b_lo), pct(b_hi)
    return Result(
        method=method,
        date=at.isoformat(),
        effect=effect,
        effect_pct=pct(b),
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
        log_scale=multiplicative,
        maxlags=fit.maxlags,
        same_months=method == "simple",
        school_holidays=method in ("adjusted", "its") and daily and bool(school_holidays),
        controls=tuple(ctrl_cols),
        verdict_code=verdict(pct(b), lo_pct, hi_pct, power=power, descriptive=descriptive),
        scale=scale,
        df_resid=df_resid,
        critical_value=fit.crit,
        year_sd_pct=fit.year_sd * 100,
        se_rule=bandwidth if bandwidth != "pw_year" or method in ("adjusted", "its", "did") else "pw",
        power=power,
        descriptive=descriptive,
        weather_terms=use_weather,
        slope_change_pct=slope[0],
        slope_change_low_pct=slope[1],
        slope_change_high_pct=slope[2],
        pretrend_pct=pre_pct,
        pretrend_p=pre_p,
        pretrend_ok=None if method != "did" else not (pre_p < PRETREND_ALPHA),
    )


FULL_RANK_GRAM = 1e-10  # smallest/largest eigenvalue of X'X above this: X has full column rank, no SVD needed


def design_rank(x: np.ndarray) -> int:
    """`np.linalg.matrix_rank(x)` of a design matrix, the SVD of the tall matrix only where it can matter.

    The SVD of a 1 460 × 25 design costs 1–2 ms alone, but 20–130 ms right after a DuckDB query on the 2-core server
    (OpenBLAS's threads wait for DuckDB's): profiled as the slowest step of a comparison. The eigenvalues of the small
    X'X are those of X squared; computed with an error below 1e-12 of the largest, they prove full column rank when
    the smallest is above `FULL_RANK_GRAM` of the largest (singular values above 1e-5 of the largest, far above
    matrix_rank's threshold of n·eps). Anything closer to rank deficiency (a spline knot no day reaches copies the
    temperature) is decided by matrix_rank itself, as before."""
    n, p = (int(v) for v in x.shape)
    if n > p > 0:
        gram = x.T @ x
        if np.isfinite(gram).all():
            ev = np.linalg.eigvalsh(gram)
            if ev[-1] > 0 and ev[0] > FULL_RANK_GRAM * ev[-1]:
                return p
    return int(np.linalg.matrix_rank(x))


def model_scale(values: np.ndarray) -> str:
    """`count` (quasi-Poisson, log link) for non-negative counts or series with zeros, `log` for strictly positive
    readings, `linear` as soon as a value is negative (temperatures): one scale for the whole comparison."""
    if (values < 0).any():
        return "linear"
    if (values == 0).any() or bool(np.allclose(values, np.round(values))):
        return "count"
    return "log"


def _design(
    f: pl.DataFrame,
    dts: list[date],
    *,
    at: date,
    post: np.ndarray,
    method: str,
    daily: bool,
    school_holidays: list[tuple[date, date]] | None,
    weather: bool,
) -> tuple[np.ndarray, list[str]]:
    """The regressors of `method`: intercept, `post` (the effect) first, then the method's adjustments."""
    t = np.array([(d - at).days for d in dts], dtype=float) / 365.25
    cols: list[tuple[str, np.ndarray]] = [("const", np.ones_like(t)), ("post", post)]
    if method in ("adjusted", "its") and daily:
        cols += [(f"wd{k}", v) for k, v in enumerate(_weekday_dummies(dts), 1)]
        cols.append(("holiday", np.array([1.0 if holidays.is_public_holiday(d) else 0.0 for d in dts])))
        if school_holidays:
            cols.append(("school", np.array([1.0 if holidays.in_periods(d, school_holidays) else 0.0 for d in dts])))
    if method in ("adjusted", "its"):
        doy = np.array([d.timetuple().tm_yday for d in dts], dtype=float) / 365.25 * 2 * math.pi
        for h in (1, 2):
            cols += [(f"sin{h}", np.sin(h * doy)), (f"cos{h}", np.cos(h * doy))]
        cols.append(("t", t))
    if weather:
        temp = f["temperature"].to_numpy().astype(float)
        rain = f["precipitation"].to_numpy().astype(float)
        # temperature as a piecewise-linear spline: the effect of warmth flattens out in cold and in heat
        cols += [("temp", temp)] + [(f"temp{k:g}", np.clip(temp - k, 0, None)) for k in TEMPERATURE_KNOTS]
        cols += [("rain", np.log1p(rain)), ("wet", (rain >= 1.0).astype(float))]
        if "snow_depth" in f.columns:
            cols.append(("snow", (f["snow_depth"].fill_null(0).to_numpy().astype(float) > 0).astype(float)))
    if method == "its":
        cols.append(("post_t", post * t))
    if method == "did" and daily:
        cols += [(f"wd{k}", v) for k, v in enumerate(_weekday_dummies(dts), 1)]
    # drop regressors (after the intercept and the effect) without variation, e.g. holidays absent from the window
    kept = cols[:2] + [(k, v) for k, v in cols[2:] if np.ptp(v) > 0]
    return np.column_stack([v for _, v in kept]), [k for k, _ in kept]


@dataclass(frozen=True)
class _Fit:
    beta: np.ndarray
    maxlags: int
    crit: float  # critical value of the effect (index 1)
    intervals: dict[int, tuple[float, float]]  # coefficient → (standard error, critical value)
    year_sd: float  # estimated sd of year-to-year shocks (log scale; 0 when not estimated)

    def se(self, j: int) -> float:
        return self.intervals[j][0]

    def half_width(self, j: int) -> float:
        se, crit = self.intervals[j]
        return se * crit


def _fit(
    y: np.ndarray,
    x: np.ndarray,
    scale: str,
    offset: np.ndarray,
    *,
    daily: bool,
    df_resid: int,
    bandwidth: str,
    want: tuple[int, ...] = (1,),
    years: np.ndarray | None = None,
) -> _Fit:
    """OLS (linear, log) or quasi-Poisson (count) with autocorrelation-robust standard errors of the coefficients
    `want` and their critical values, by `bandwidth`; `years` (calendar year of each value) adds the variance of
    year-to-year shocks where the rule takes it into account."""
    if scale == "count":
        beta, bread, scores = poisson_fit(y, x, offset)
        mu = np.exp(np.clip(x @ beta + offset, -700, 700))
        u_log = (y - mu) / mu  # residual as a relative (≈ log) deviation
        gain = mu  # a relative shift δ on day t moves the score by μ_t·δ
    else:
        z = (np.log(y) if scale == "log" else y) - offset
        bread = np.linalg.pinv(x.T @ x)
        beta = bread @ (x.T @ z)
        u_log = z - x @ beta
        scores = x * u_log[:, None]
        gain = np.ones(len(y))
    n = len(y)
    out: dict[int, tuple[float, float]] = {}
    year_sd = 0.0
    if bandwidth in ("pw", "pw_year"):
        maxlags = int(max(1, math.floor(4 * (n / 100) ** (2 / 9)))) if daily else 1
        t_crit = float(stats.t.ppf(0.975, df_resid))
        v_year_unit, df_year = 0.0, 0
        if bandwidth == "pw_year" and years is not None and daily:
            # DiD's count model carries the controls' counting noise in μ: unweighted yearly means of (y − μ)/μ take it
            # for year shocks (30 % at ~12 counts/day); weighted by μ as the fit is, they do not (bench/methods.py)
            weights = gain if scale == "count" and offset.any() else None
            v_year_unit, df_year = _year_variance(u_log, x, years, weights)
            year_sd = math.sqrt(v_year_unit)
        for j in want:
            psi = scores @ bread[j]  # each value's share of the estimate's error
            v_hac = prewhitened_lrv(psi, maxlags)
            v_year = 0.0
            if v_year_unit > 0 and years is not None:
                w = (x @ bread[j]) * gain  # how a shift of a whole year moves the estimate
                wk = np.array([w[years == k].sum() for k in np.unique(years)])
                v_year = v_year_unit * float(wk @ wk)
            v = v_hac + v_year
            # Welch–Satterthwaite: the year part is estimated from a handful of years and counts with their df
            df = v**2 / (v_hac**2 / df_resid + (v_year**2 / df_year if v_year > 0 else 0.0)) if v > 0 else df_resid
            out[j] = (math.sqrt(v), max(t_crit, float(stats.t.ppf(0.975, max(df, 1.0)))))
        return _Fit(beta, maxlags, out[want[0]][1], out, year_sd)
    maxlags, crit = hac_rule(n, df_resid, daily=daily, bandwidth=bandwidth)
    cov = bread @ hac_meat(scores, maxlags) @ bread
    for j in want:
        out[j] = (float(math.sqrt(max(cov[j, j], 0.0))), crit)
    return _Fit(beta, maxlags, crit, out, year_sd)


def prewhitened_lrv(psi: np.ndarray, maxlags: int, max_order: int = 8) -> float:
    """Variance of Σψ for an autocorrelated ψ: AR(p) prewhitening (p ≤ `max_order` by BIC), Bartlett HAC of the
    innovations, recoloured by 1/(1 − Σφ)² (Andrews & Monahan 1992; den Haan & Levin's VARHAC for the order). A plain
    Bartlett sum with a handful of lags misses most of a ρ = 0.8 persistence, and AR(1) alone misses it when
    white count noise sits on top of the autocorrelated part."""
    n = len(psi)
    if n < 4 * max_order + 10:
        max_order = max(0, (n - 10) // 4)
    best_bic, phi, e = n * math.log(max(float(psi @ psi) / n, 1e-300)), np.zeros(0), psi
    for p in range(1, max_order + 1):
        lagged = np.column_stack([psi[max_order - k : n - k] for k in range(1, p + 1)])
        target = psi[max_order:]
        coef = np.linalg.lstsq(lagged, target, rcond=None)[0]
        resid = target - lagged @ coef
        bic = len(target) * math.log(max(float(resid @ resid) / len(target), 1e-300)) + p * math.log(len(target))
        if bic < best_bic:
            best_bic, phi, e = bic, coef, resid
    denom = 1.0 - float(phi.sum())
    denom = max(denom, 0.03)  # a near unit root: cap the recolouring (1/0.03² ≈ 1 100) instead of dividing by 0
    s = float(e @ e)
    for lag in range(1, min(maxlags, len(e) - 1) + 1):
        s += 2 * (1.0 - lag / (maxlags + 1.0)) * float(e[lag:] @ e[:-lag])
    return max(s, 0.0) / denom**2 * n / len(e)


def _year_variance(u: np.ndarray, x: np.ndarray, years: np.ndarray, g: np.ndarray | None = None) -> tuple[float, int]:
    """Variance of year-to-year shocks (relative, ≈ log scale) by moments of the residuals' yearly means, after what the
    model already absorbs, and its degrees of freedom (years − year-level dimensions of the model).

    `g` weighs each value as the fit does (the count model's μ: its residuals are orthogonal to the regressors only
    with these weights, and a day with few counts says less about its year than a busy one); without it all count
    alike (least squares). The within-year noise of the yearly means is taken as dispersion × AR(1) long-run factor
    / g per value."""
    g = np.ones(len(u)) if g is None else g
    ks = np.unique(years)
    z = (years[:, None] == ks[None, :]).astype(float)
    gz = g[:, None] * z
    big_g = gz.sum(axis=0)  # total weight of each year
    gx = g[:, None] * x
    p = gz - gx @ (np.linalg.pinv(x.T @ gx) @ (x.T @ gz))  # M_g'·G·Z: the weighted year indicators after the model
    d_inv = np.diag(1.0 / big_g)
    zu = gz.T @ u
    q = float(zu @ d_inv @ zu)  # Σ G_k · (weighted mean residual of year k)²
    # within-year noise: Pearson dispersion with an AR(1) long-run factor of the standardised residuals
    e = np.sqrt(g) * u
    den = float(e[:-1] @ e[:-1])
    phi = min(max(float(e[1:] @ e[:-1]) / den if den > 0 else 0.0, -0.97), 0.97)
    lrv = float(e @ e) / len(e) * (1 + phi) / (1 - phi)
    pz = p.T @ z  # Z'·G·M_g·Z
    noise = lrv * float(np.trace(d_inv @ (p.T @ (p / g[:, None]))))
    signal = float(np.trace(d_inv @ pz @ pz.T))
    df = max(1, round(float(np.trace(d_inv @ pz))))
    if signal <= 0:
        return 0.0, df
    return max(0.0, (q - noise) / signal), df


def hac_rule(n: int, df_resid: int, *, daily: bool, bandwidth: str) -> tuple[int, float]:
    """Lags of the Bartlett kernel and the 97.5 % critical value for `bandwidth` (see BANDWIDTHS)."""
    if bandwidth == "nw":
        lags = int(min(30, max(1, round(4 * (n / 100) ** (2 / 9))))) if daily else 1
        return lags, Z95
    if bandwidth == "nw_t":
        lags = int(max(1, math.floor(4 * (n / 100) ** (2 / 9))))
        return lags, float(stats.t.ppf(0.975, df_resid))
    # fixed-b (Kiefer & Vogelsang 2005): the bandwidth is a fixed share b of the sample, and the critical value
    # accounts for the noise of the long-run variance estimate; 97.5 % quantile for the Bartlett kernel
    b = FIXED_B[bandwidth]
    lags = max(1, math.ceil(b * n))
    b = lags / n
    kv = 1.9600 + 2.9694 * b + 0.4160 * b**2 - 0.5324 * b**3
    return lags, max(kv, float(stats.t.ppf(0.975, df_resid)) + (kv - Z95))


def hac_meat(scores: np.ndarray, maxlags: int) -> np.ndarray:
    """Σ of the scores' autocovariances with Bartlett weights (statsmodels' HAC without small-sample factor)."""
    s: np.ndarray = scores.T @ scores
    for lag in range(1, min(maxlags, len(scores) - 1) + 1):
        w = 1.0 - lag / (maxlags + 1.0)
        g = scores[lag:].T @ scores[:-lag]
        s += w * (g + g.T)
    return s


def poisson_fit(y: np.ndarray, x: np.ndarray, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Poisson quasi-likelihood with log link by IRLS: coefficients, bread (X'WX)⁻¹ and scores x·(y − μ).

    With the HAC sandwich this is a quasi-Poisson/negative-binomial-robust count model: only the mean must be right,
    overdispersion and autocorrelation go into the covariance (checked against statsmodels' GLM in tests)."""
    m = max(float(y.mean()), 1e-9)
    beta = np.linalg.lstsq(x, np.log(y + 0.1 * m) - offset, rcond=None)[0]
    for _ in range(100):
        eta = np.clip(x @ beta + offset, -700, 700)
        mu = np.exp(eta)
        z = eta - offset + (y - mu) / mu
        xw = x * mu[:, None]
        new = np.linalg.lstsq(xw.T @ x, xw.T @ z, rcond=None)[0]
        done = np.max(np.abs(new - beta)) < 1e-10
        beta = new
        if done:
            break
    mu = np.exp(np.clip(x @ beta + offset, -700, 700))
    bread = np.linalg.pinv((x * mu[:, None]).T @ x)
    return beta, bread, x * (y - mu)[:, None]


def _power(se: float, crit: float, delta: float) -> float:
    """Probability that the interval excludes zero if the true effect were ±`delta` (normal approximation)."""
    if not (se > 0 and math.isfinite(se)):
        return float("nan")
    return float(stats.norm.cdf(delta / se - crit) + stats.norm.cdf(-delta / se - crit))


def _pretrend(
    f: pl.DataFrame,
    dts: list[date],
    y: np.ndarray,
    offset: np.ndarray,
    post: np.ndarray,
    *,
    at: date,
    scale: str,
    daily: bool,
    bandwidth: str,
    pct: Any,
) -> tuple[float, float]:
    """DiD's parallel-trends check: the trend of the station relative to its controls before the date (% per year)
    and its p-value; a small p says the two already drifted apart before the measure."""
    pre = post == 0
    d_pre = [d for d, k in zip(dts, pre, strict=True) if k]
    t = np.array([(d - at).days for d in d_pre], dtype=float) / 365.25
    cols = [np.ones_like(t), t] + (_weekday_dummies(d_pre) if daily else [])
    x = np.column_stack([c for j, c in enumerate(cols) if j < 2 or np.ptp(c) > 0])
    df_resid = len(t) - design_rank(x)
    if df_resid < MIN_RESIDUAL_DF:
        return float("nan"), float("nan")
    fit = _fit(y[pre], x, scale, offset[pre], daily=daily, df_resid=df_resid, bandwidth=bandwidth)
    b, se = float(fit.beta[1]), fit.se(1)
    z = abs(b) / se if se > 0 else float("inf")
    # the same critical value as the interval: p < 0.05 exactly when the 95 % interval of the pre-trend excludes 0
    p = float(2 * stats.norm.sf(z * Z95 / fit.crit))
    return float(pct(b)), p


# uncertain: the interval cannot be computed (or is malformed); descriptive: the method may describe, never judge;
# not_informative: the interval contains zero but is too wide (or the power too low) to say there is no effect;
# no_effect: it contains zero and an effect of RELEVANT_PCT would have been seen; increase/decrease: one side of zero
VERDICTS = ("uncertain", "descriptive", "not_informative", "no_effect", "increase", "decrease")


def verdict(pct: float, lo: float, hi: float, *, power: float = 1.0, descriptive: bool = False) -> str:
    """What the 95 % interval supports, as a code of VERDICTS: never more than the interval."""
    if descriptive:
        return "descriptive"
    if not (math.isfinite(lo) and math.isfinite(hi) and math.isfinite(pct)) or lo > hi:
        return "uncertain"  # refuses swapped bounds rather than read them
    if lo <= 0 <= hi:
        if lo < -WIDE_PCT or hi > WIDE_PCT or not power >= MIN_POWER:
            return "not_informative"
        return "no_effect"
    return "increase" if lo > 0 else "decrease"


def _weekday_dummies(dts: list[date]) -> list[np.ndarray]:
    wd = np.array([d.weekday() for d in dts])
    return [(wd == k).astype(float) for k in range(1, 7)]
