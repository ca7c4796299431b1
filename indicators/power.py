"""Power before the start: the minimum detectable effect (MDE) of a planned before/after comparison, and how many weeks
after the start an effect of a given size becomes detectable (issue 17.2; docs/methods.md, "Power und minimal
nachweisbarer Effekt").

Only the data *before* the Stichtag are used (whatever the warehouse holds after it). The planned method's own model
(`before_after._design`: weekday, holidays, school holidays, season, trend, weather; DiD: the controls as offset) is fitted
to up to HISTORY_DAYS of pre-period data. Its residuals give the noise model: AR(1) within years (φ, sd) and the variance
of year-to-year shocks (`before_after._year_variance`, the estimator the method itself uses). The planned comparison is
laid out on the planned days (future days take the weather and control levels of the same weekday 52 weeks earlier).

The MDE is the method's own: DRAWS series with the pre-period's properties are simulated on the planned days and run
through `before_after.estimate` (its HAC + year-variance standard error, its Welch–Satterthwaite t quantile); the MDE is
the effect at which 80 % of the intervals lie above zero — from the no-effect draws (80 % quantile of −lower bound),
then re-simulated at that effect (the standard error and t quantile change a little with the level). Why not only the
formula MDE ≈ (t + t₀.₈)·SE: the analytic SE (`effect_se`: w'Σw with the effect's weights w = x·(X'GX)⁻¹ row of
`post`, Σ the AR(1) covariance plus the year shocks' variance times the squared yearly sums of w, as `_fit` adds them)
matches the spread of the estimates, but the method's estimated year variance rests on few years, is often zero and
makes its t quantile jump: the noncentral-t power of the formula was 73 % instead of 80 % with short windows
(bench/power.py, docs/methods.md). The formula stays as `mde_analytic_pct` and brackets `weeks_to_detect`'s search.
A pseudo-Stichtag refit on real pre-period data was not used: it needs 2 × window of history and gives one draw.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import polars as pl
from scipy import optimize, stats

from indicators import holidays
from indicators.before_after import (
    METHODS,
    MIN_RESIDUAL_DF,
    BeforeAfterError,
    _design,
    _year_variance,
    daily_series,
    estimate,
    indicator_daily,
    indicator_metric,
    model_scale,
    poisson_fit,
)
from indicators.registry import Indicator, sql, weather_station
from indicators.store import Snapshot

POWER = 0.80  # target power
ALPHA = 0.05  # two-sided level of the method's 95 % interval
DEFAULT_WINDOW = 730  # days each side: the estimator's default for daily series
HISTORY_DAYS = 5 * 365 + 1  # pre-period days the noise model is estimated from (at least the planned before window)
MIN_HISTORY_DAYS = 365  # a whole year before the Stichtag: weekday, season and the year's level need it
MIN_AFTER_DAYS = 30  # the estimator's minimum after the Stichtag (`before_after.estimate`)
ANALOG_SHIFT = 364  # future days borrow weather and control levels from the same weekday 52 weeks earlier
MIN_YEAR_DF = 2  # degrees of freedom of the pre-period's year-to-year variance below which no MDE is given
DRAWS = 400  # simulated pre-period-like series per MDE: the 80 % quantile's Monte-Carlo error is ≈ ±2 points of power
SEED = 17  # fixed: the same plan gives the same MDE on every run
POWER_METHODS = ("adjusted", "its", "did")  # `simple` is descriptive only: it never says an effect is there
__all__ = [
    "POWER_METHODS",
    "NoiseModel",
    "PowerError",
    "PowerResult",
    "WeeksResult",
    "minimum_detectable_effect",
    "weeks_to_detect",
]


class PowerError(BeforeAfterError):
    """The MDE cannot be computed (too little pre-period data, no weather, no controls …); the message says what is
    missing, in German."""


@dataclass(frozen=True)
class NoiseModel:
    """The pre-period's noise after the method's model, on the model's relative (≈ log) scale."""

    phi: float  # AR(1) coefficient of the within-year residuals
    sd: float  # their marginal standard deviation
    year_sd: float  # sd of year-to-year shocks (0 when the pre-period shows none)
    year_df: int  # degrees of freedom of that estimate in the pre-period
    scale: str  # count, log or linear (`before_after.model_scale`)


@dataclass(frozen=True)
class Design:
    """The planned comparison's days and regressors, with what a simulation of it needs (tests, bench)."""

    at: date
    method: str
    days: list[date]
    post: np.ndarray
    x: np.ndarray
    names: list[str]
    gain: np.ndarray  # the count model's μ (weights of the estimate), 1 for least squares
    baseline: np.ndarray  # the fitted model on the planned days (log μ, log y or y) without noise and effect
    weather: pl.DataFrame | None  # day, temperature, precipitation, snow_depth of the planned days
    controls: pl.DataFrame | None  # day, one column per control station, for the planned days
    school_holidays: list[tuple[date, date]]
    base_abs: float = 1.0  # |mean before|: a linear-scale effect in % is relative to it


@dataclass(frozen=True)
class PowerResult:
    method: str
    date: str
    window_days: int  # planned days each side
    mde_pct: float  # smallest increase detected with 80 % power (interval above 0), in %
    mde_decrease_pct: float  # smallest decrease detected with 80 % power (interval below 0), in % (negative)
    n_before: int  # values before the Stichtag in the planned window (days with data)
    n_after: int  # days after the Stichtag in the planned window (all assumed to have data)
    n_history: int  # pre-period values the noise model was estimated from
    history_from: str
    se: float  # true standard error of the effect on the model scale (log; linear: relative to |mean before|), w'Σw
    df: float  # degrees of freedom of the interval's t quantile (Welch–Satterthwaite), expected
    critical_value: float  # expected t quantile of the interval
    mde_analytic_pct: float  # the noncentral-t approximation (misses with short windows: docs/methods.md)
    draws: int  # simulated series behind mde_pct (0: analytic)
    phi: float
    noise_sd: float
    year_sd_pct: float
    scale: str
    controls: tuple[str, ...] = ()
    power: float = POWER
    alpha: float = ALPHA

    def to_dict(self) -> dict[str, Any]:
        return {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class WeeksResult:
    method: str
    date: str
    window_days: int  # planned days before the Stichtag; the after window grows up to it
    effect_pct: float  # the effect asked about
    weeks_needed: int | None  # first whole week after the start at which it is detected with 80 % power (None: not within)
    max_weeks: int  # the weeks scanned (up to the planned window)
    power: float  # simulated power against the effect at `weeks_needed` (or at `max_weeks`)
    n_before: int
    n_after: int  # days after the start at `weeks_needed` (or at `max_weeks`)
    draws: int
    controls: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in asdict(self).items()}


# --- inputs -----------------------------------------------------------------------------------------------------------


def inputs_from_snapshot(
    snap: Snapshot,
    *,
    station: str | None,
    metric: str | None,
    at: date,
    method: str,
    indicator: Indicator | None = None,
    controls: list[str] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame | None, pl.DataFrame | None, list[str]]:
    """The series, weather and control frames a power calculation reads from the warehouse (pre-period only)."""
    if indicator is not None:
        data = indicator_daily(snap, indicator, station)
        metric = indicator_metric(indicator) or indicator.indicator_id
    elif station and metric:
        data = daily_series(snap, station=station, metric=metric)
    else:
        raise PowerError("Indikator oder Messgröße mit Station angeben")
    data = data.select("day", "value").filter(pl.col("day") < at)
    if data.is_empty():
        raise PowerError(
            "keine Tageswerte für {what} vor dem {day}: die Power braucht die Zeit vor dem Stichtag",
            what=f"Station „{station}“, Messgröße „{metric}“" if station else f"„{metric}“",
            day=f"{at:%d.%m.%Y}",
        )
    weather = None
    if method in ("adjusted", "its"):
        ws = weather_station(snap)
        if ws is not None:
            weather = snap.query(sql("weather_daily"), {"station": ws}).filter(pl.col("day") < at)
        elif method == "adjusted":
            raise PowerError("keine Wetterdaten (DWD) im Warehouse: bereinigter Vergleich und seine Power nicht berechenbar")
    ctrl = None
    ids: list[str] = []
    if method == "did":
        if not station or not metric:
            raise PowerError("Differenz-von-Differenzen braucht eine Station und ihre Messgröße")
        ids = controls or pre_period_controls(snap, station=station, metric=metric, at=at)
        if not ids:
            raise PowerError(
                "keine Kontrollstation mit Daten vor dem {day} für {station} ({metric}): Differenz-von-Differenzen "
                "braucht mindestens eine",
                day=f"{at:%d.%m.%Y}",
                station=station,
                metric=metric,
            )
        frames = [daily_series(snap, station=c, metric=metric).rename({"value": c}).select("day", c) for c in ids]
        ctrl = frames[0]
        for f in frames[1:]:
            ctrl = ctrl.join(f, on="day", how="inner")
        ctrl = ctrl.filter(pl.col("day") < at)
    return data, weather, ctrl, ids


def pre_period_controls(snap: Snapshot, *, station: str, metric: str, at: date, window_days: int = DEFAULT_WINDOW) -> list[str]:
    """Controls for a planned DiD: stations of the same kind and metric with data on 95 % of the planned before window
    (`comparisons.suggest_controls` also asks for data after the start, which a plan does not have yet)."""
    from indicators.comparisons import COMPLETE_SHARE, MAX_CONTROLS, control_stations

    lo = at - timedelta(days=window_days)
    own = daily_series(snap, station=station, metric=metric)["day"]
    first = own.min() if len(own) else None
    if isinstance(first, date) and first > lo:
        lo = first
    need = COMPLETE_SHARE * (at - lo).days
    out = []
    for sid, _name in control_stations(snap, station=station, metric=metric):
        days = daily_series(snap, station=sid, metric=metric).drop_nulls()["day"]
        if int(((days >= lo) & (days < at)).sum()) >= need:
            out.append(sid)
    return out[:MAX_CONTROLS]


# --- the noise model and the planned design ---------------------------------------------------------------------------


def _joined(
    data: pl.DataFrame, weather: pl.DataFrame | None, controls: pl.DataFrame | None, method: str
) -> tuple[pl.DataFrame, bool, list[str]]:
    f = data.drop_nulls().sort("day")
    ctrl_cols: list[str] = []
    if controls is not None and method == "did":
        ctrl_cols = [c for c in controls.columns if c != "day"]
        f = f.join(controls, on="day", how="inner").drop_nulls(ctrl_cols)
    use_weather = False
    if weather is not None and method in ("adjusted", "its"):
        joined = f.join(weather, on="day", how="inner").drop_nulls(["temperature", "precipitation"])
        use_weather = method == "adjusted" or joined.height >= 0.9 * f.height
        if use_weather:
            f = joined
    return f, use_weather, ctrl_cols


def _offset(f: pl.DataFrame, ctrl_cols: list[str], scale: str) -> np.ndarray:
    if not ctrl_cols:
        return np.zeros(f.height)
    c = np.column_stack([f[k].to_numpy().astype(float) for k in ctrl_cols])
    if scale == "count":
        return np.asarray(np.log(np.maximum(c.mean(axis=1), 1e-9)), dtype=float)
    out: np.ndarray = np.log(c).mean(axis=1) if scale == "log" else c.mean(axis=1)
    return out


def _fit_pre(
    f: pl.DataFrame, *, at: date, method: str, scale: str, offset: np.ndarray, weather: bool, school: list[tuple[date, date]]
) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray, np.ndarray]:
    """The method's model without the effect on pre-period days: coefficients, relative residuals, the regressors'
    names, the design and the fit's weights."""
    dts = f["day"].to_list()
    x, names = _design(f, dts, at=at, post=np.zeros(len(dts)), method=method, daily=True, school_holidays=school, weather=weather)
    x, names = np.delete(x, 1, axis=1), [n for n in names if n != "post"]
    y = f["value"].to_numpy().astype(float)
    if scale == "count":
        beta, _bread, _scores = poisson_fit(y, x, offset)
        mu = np.exp(np.clip(x @ beta + offset, -700, 700))
        return beta, (y - mu) / mu, names, x, mu
    z = (np.log(y) if scale == "log" else y) - offset
    beta = np.linalg.pinv(x.T @ x) @ (x.T @ z)
    return beta, z - x @ beta, names, x, np.ones(len(y))


def _noise(u: np.ndarray, x: np.ndarray, years: np.ndarray, g: np.ndarray | None, scale: str) -> NoiseModel:
    """AR(1) within years and year-to-year shocks of the pre-period's residuals `u` (the method's own moments)."""
    var_year, df_year = _year_variance(u, x, years, g)
    within = u.copy()
    for k in np.unique(years):
        within[years == k] -= within[years == k].mean()
    sd = float(within.std())
    den = float(within[:-1] @ within[:-1])
    phi = min(max(float(within[1:] @ within[:-1]) / den if den > 0 else 0.0, -0.9), 0.97)
    return NoiseModel(phi=phi, sd=sd, year_sd=math.sqrt(var_year), year_df=df_year, scale=scale)


def _analog(day: date, have: set[date], at: date) -> date | None:
    """The same weekday 52 weeks (or a multiple) earlier, before `at`, with data."""
    for m in range(1, 8):
        d = day - timedelta(days=ANALOG_SHIFT * m)
        if d < at and d in have:
            return d
    return None


@dataclass(frozen=True)
class _Prepared:
    hist: pl.DataFrame  # pre-period frame (value, weather, controls), joined
    beta: np.ndarray
    names: list[str]
    noise: NoiseModel
    scale: str
    use_weather: bool
    ctrl_cols: list[str]
    school: list[tuple[date, date]]
    base_abs: float  # |mean before| (linear scale's percentages)


def prepare(
    data: pl.DataFrame,
    *,
    at: date,
    method: str,
    window_days: int,
    weather: pl.DataFrame | None = None,
    controls: pl.DataFrame | None = None,
    school_holidays: list[tuple[date, date]] | None = None,
) -> _Prepared:
    """Fit the method's model to the pre-period and estimate the noise; raises PowerError naming what is missing."""
    if method not in METHODS:
        raise PowerError("unbekannte Methode {method}; möglich: {methods}", method=repr(method), methods=", ".join(POWER_METHODS))
    if method not in POWER_METHODS:
        raise PowerError(
            "Der einfache Vergleich ist nur beschreibend und trägt nie ein Urteil: für ihn gibt es keinen nachweisbaren "
            "Effekt. Bitte adjusted, its oder did planen."
        )
    if window_days < MIN_AFTER_DAYS:
        raise PowerError("Zeitfenster {w} Tage: mindestens {min} Tage je Seite nötig", w=window_days, min=MIN_AFTER_DAYS)
    if method == "adjusted" and weather is None:
        raise PowerError("keine Wetterdaten: der bereinigte Vergleich braucht sie auch vor dem Stichtag")
    if method == "did" and (controls is None or controls.width < 2):
        raise PowerError("Differenz-von-Differenzen braucht mindestens eine Kontrollstation")
    data = data.filter(pl.col("day") < at).drop_nulls()
    days = data["day"].sort().to_list()
    if len(days) > 1 and (days[1] - days[0]).days > 7:
        raise PowerError("Power nur für Tageswerte: diese Reihe hat Monats- oder Jahreswerte")
    span = max(window_days, HISTORY_DAYS)
    lo = at - timedelta(days=span)
    hist_raw = data.filter(pl.col("day") >= lo)
    f, use_weather, ctrl_cols = _joined(hist_raw, weather, controls, method)
    day = f"{at:%d.%m.%Y}"
    if data.is_empty():
        raise PowerError("keine Werte der Reihe vor dem {day}: die Power braucht die Zeit vor dem Stichtag", day=day)
    first = f["day"].min() if f.height else None
    covered = (at - first).days if isinstance(first, date) else 0
    if f.height < 0.8 * MIN_HISTORY_DAYS or covered < MIN_HISTORY_DAYS:
        joined_with = " mit Kontrollstationen" if ctrl_cols else " mit Wetterdaten" if use_weather or method == "adjusted" else ""
        raise PowerError(
            "zu wenig Daten vor dem {day}: {n} Tage mit Werten{what} seit {first} ({own} Tage der Reihe selbst); nötig "
            "ist mindestens ein ganzes Jahr ({min} Tage, davon 80 % mit Werten) für Wochentag, Saison und Rauschen",
            day=day,
            n=f.height,
            what=joined_with,
            first=f"{first:%d.%m.%Y}" if isinstance(first, date) else "–",
            own=hist_raw.height,
            min=MIN_HISTORY_DAYS,
        )
    y = f["value"].to_numpy().astype(float)
    allv = y if not ctrl_cols else np.concatenate([y, np.column_stack([f[c].to_numpy() for c in ctrl_cols]).ravel()])
    scale = model_scale(allv)
    if scale == "count" and y.sum() == 0:
        raise PowerError("vor dem {day} nur Nullen: keine Veränderungsrate bestimmbar", day=f"{at:%d.%m.%Y}")
    offset = _offset(f, ctrl_cols, scale)
    school = school_holidays if school_holidays is not None else holidays.load_school_holidays(None)
    beta, u, names, x, mu = _fit_pre(f, at=at, method=method, scale=scale, offset=offset, weather=use_weather, school=school)
    years = np.array([d.year for d in f["day"].to_list()])
    g = mu if scale == "count" and offset.any() else None
    noise = _noise(u, x, years, g, scale)
    if noise.year_df < MIN_YEAR_DF:
        # one or two calendar years give the year-to-year variance a single degree of freedom: its estimate is noise
        # (the demo's pedestrians, 20 months before 01.09.2023: 22 % where the method's own estimate over four years
        # is 3 %), and the MDE built on it would mislead in either direction
        raise PowerError(
            "zu wenige Kalenderjahre vor dem Stichtag ({years}), um die Schwankung von Jahr zu Jahr zu schätzen: der "
            "kleinste nachweisbare Effekt ist nicht bestimmbar (nötig: Daten aus mindestens drei Kalenderjahren)",
            years=len(np.unique(years)),
        )
    base_abs = abs(float(y[-min(len(y), window_days) :].mean())) or 1.0
    return _Prepared(f, beta, names, noise, scale, use_weather, ctrl_cols, school, base_abs)


def planned_design(prep: _Prepared, *, at: date, method: str, before_days: int, after_days: int) -> Design:
    """The regressors of the planned comparison: the pre-period's days with data in the before window, every day of the
    after window (weather and control levels of the analog day 52 weeks earlier)."""
    hist = prep.hist
    before = hist.filter(pl.col("day") >= at - timedelta(days=before_days))
    have = set(hist["day"].to_list())
    rows = hist.with_row_index("_i")
    index = dict(zip(rows["day"].to_list(), rows["_i"].to_list(), strict=True))
    future_days, source = [], []
    for k in range(after_days):
        d = at + timedelta(days=k)
        a = _analog(d, have, at)
        if a is not None:
            future_days.append(d)
            source.append(index[a])
    if not future_days:
        raise PowerError("kein Vorjahrestag als Vorlage für die Tage nach dem Stichtag")
    after = hist[source].with_columns(pl.Series("day", future_days))
    f = pl.concat([before, after.select(before.columns)])
    dts = f["day"].to_list()
    post = np.array([d >= at for d in dts], dtype=float)
    x, names = _design(f, dts, at=at, post=post, method=method, daily=True, school_holidays=prep.school, weather=prep.use_weather)
    offset = _offset(f, prep.ctrl_cols, prep.scale)
    # the pre-fit's coefficients on the planned regressors (without post / post_t): the expected level of each day
    coef = dict(zip(prep.names, prep.beta, strict=True))
    base = offset + sum((coef.get(n, 0.0) * x[:, j] for j, n in enumerate(names) if n in coef), np.zeros(len(dts)))
    gain = np.exp(np.clip(base, -700, 700)) if prep.scale == "count" else np.ones(len(dts))
    wcols = ["day", *[c for c in ("temperature", "precipitation", "snow_depth") if c in f.columns]]
    return Design(
        at=at,
        method=method,
        days=dts,
        post=post,
        x=x,
        names=names,
        gain=gain,
        baseline=base,
        weather=f.select(wcols) if prep.use_weather else None,
        controls=f.select(["day", *prep.ctrl_cols]) if prep.ctrl_cols else None,
        school_holidays=prep.school,
        base_abs=prep.base_abs,
    )


# --- variance of the planned estimate and the MDE ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Se:
    se: float
    df: float
    crit: float
    df_resid: int


def effect_se(design: Design, noise: NoiseModel, *, offset_used: bool) -> _Se:
    """Standard error of the planned effect on the model scale, and the t quantile the method's interval will use."""
    x, g = design.x, design.gain
    n = len(x)
    df_resid = n - int(np.linalg.matrix_rank(x))
    if df_resid < MIN_RESIDUAL_DF:
        raise PowerError("zu wenige Tage für ein Intervall: {n} Tage, {p} Parameter", n=n, p=x.shape[1])
    bread = np.linalg.pinv((x * g[:, None]).T @ x)
    w = (x @ bread[1]) * g  # a relative shift of day t moves the estimate by w_t
    day_no = np.array([(d - design.at).days for d in design.days], dtype=float)
    lag = np.abs(day_no[:, None] - day_no[None, :])
    v_hac = noise.sd**2 * float(w @ (np.power(noise.phi, lag) @ w)) if noise.sd > 0 else 0.0
    years = np.array([d.year for d in design.days])
    wk = np.array([w[years == k].sum() for k in np.unique(years)])
    v_year = noise.year_sd**2 * float(wk @ wk)
    weights = g if design.controls is not None and noise.scale == "count" and offset_used else None
    _v, df_year = _year_variance(np.zeros(n), x, years, weights)
    v = v_hac + v_year
    df = v**2 / (v_hac**2 / df_resid + (v_year**2 / df_year if v_year > 0 else 0.0)) if v > 0 else float(df_resid)
    crit = max(float(stats.t.ppf(1 - ALPHA / 2, df_resid)), float(stats.t.ppf(1 - ALPHA / 2, max(df, 1.0))))
    return _Se(math.sqrt(v), float(df), crit, df_resid)


def power_at(se: _Se, delta: float) -> float:
    """Probability that the interval lies on the side of a true effect `delta` (model scale): noncentral t."""
    if not se.se > 0:
        return 1.0
    return float(stats.nct.sf(se.crit, se.df, abs(delta) / se.se))


def _mde_delta(se: _Se) -> float:
    """The effect (model scale) detected with probability POWER."""
    if not se.se > 0:
        return 0.0
    ncp = optimize.brentq(lambda c: float(stats.nct.sf(se.crit, se.df, c)) - POWER, 0.0, 200.0)
    return float(ncp) * se.se


def _pct(delta: float, scale: str) -> float:
    return math.expm1(delta) * 100 if scale != "linear" else delta * 100  # NaN stays NaN


def _delta(pct: float, scale: str) -> float:
    return math.log1p(pct / 100) if scale != "linear" else pct / 100


@dataclass(frozen=True)
class Draws:
    """The method's own intervals (model scale) for simulated series with the pre-period's properties and a given
    effect."""

    lo: np.ndarray
    hi: np.ndarray
    delta: float  # the effect injected (model scale)

    def power(self, up: bool = True) -> float:
        """Share of intervals entirely on the side of the effect (above 0 for an increase, below for a decrease)."""
        return float(np.mean(self.lo > 0)) if up else float(np.mean(self.hi < 0))

    def next_mde(self, up: bool) -> float:
        """The effect with POWER if bounds moved one for one with the effect (they nearly do: the estimate does; its
        standard error and t quantile change a little with the level, so `_mde_sim` repeats this at the new effect)."""
        if up:
            return self.delta + float(np.quantile(-self.lo, POWER))
        return self.delta + float(np.quantile(-self.hi, 1 - POWER))


def interval_draws(
    design: Design, noise: NoiseModel, *, window: int, effect_pct: float = 0.0, draws: int = DRAWS, seed: int = SEED
) -> Draws:
    """Run the planned method (`before_after.estimate`: its own standard errors and t quantile) on `draws` simulated
    series with the pre-period's properties and `effect_pct` from the Stichtag. The same seed gives the same noise
    for every effect (common random numbers)."""
    rng = np.random.default_rng(seed)
    lo, hi = [], []
    for _ in range(draws):
        try:
            _b, lo_pct, hi_pct = run_method(design, simulate(design, noise, effect_pct, rng), window)
        except BeforeAfterError:
            continue
        if math.isfinite(lo_pct) and math.isfinite(hi_pct):
            lo.append(_delta(lo_pct, noise.scale))
            hi.append(_delta(hi_pct, noise.scale))
    if len(lo) < 0.9 * draws:
        raise PowerError(
            "Das Verfahren liefert für Reihen wie diese in {bad} von {n} Simulationen kein Intervall: keine Power angebbar",
            bad=draws - len(lo),
            n=draws,
        )
    return Draws(np.array(lo), np.array(hi), _delta(effect_pct, noise.scale))


def _mde_sim(design: Design, noise: NoiseModel, null: Draws, *, up: bool, window: int, draws: int, seed: int) -> float:
    """The effect (model scale) whose simulated power is POWER: from the no-effect draws, then refined at the effect
    itself (two rounds at most: the bounds move almost one for one)."""
    d = null.next_mde(up)
    for _ in range(2):
        at_d = interval_draws(design, noise, window=window, effect_pct=_pct(d, noise.scale), draws=draws, seed=seed)
        new = at_d.next_mde(up)
        done = abs(new - d) < 0.01 * abs(d)
        d = new
        if done:
            break
    return d


def _result(
    prep: _Prepared,
    design: Design,
    se: _Se,
    mde: tuple[float, float] | None,
    *,
    at: date,
    method: str,
    window: int,
    controls: tuple[str, ...],
    draws: int,
) -> PowerResult:
    scale = prep.scale
    # linear scale: `effect_se` works in the model's unit; percentages relative to |mean before| as `before_after`'s
    rel = 1.0 / prep.base_abs if scale == "linear" else 1.0
    analytic = _mde_delta(se) * rel
    up, down = mde if mde is not None else (analytic, -analytic)
    return PowerResult(
        method=method,
        date=at.isoformat(),
        window_days=window,
        mde_pct=_pct(up, scale),
        mde_decrease_pct=_pct(down, scale),
        n_before=int((design.post == 0).sum()),
        n_after=int(design.post.sum()),
        n_history=prep.hist.height,
        history_from=str(prep.hist["day"].min()),
        se=se.se * rel,
        df=se.df,
        critical_value=se.crit,
        mde_analytic_pct=_pct(analytic, scale),
        draws=draws,
        phi=prep.noise.phi,
        noise_sd=prep.noise.sd,
        year_sd_pct=prep.noise.year_sd * 100,
        scale=scale,
        controls=controls,
    )


def _resolve(
    source: Snapshot | pl.DataFrame,
    station: str | None,
    metric: str | None,
    at: date,
    method: str,
    window: int,
    weather: pl.DataFrame | None,
    controls: pl.DataFrame | list[str] | None,
    indicator: Indicator | None,
    school_holidays: list[tuple[date, date]] | None,
) -> tuple[_Prepared, tuple[str, ...]]:
    if isinstance(source, Snapshot):
        ids = controls if isinstance(controls, list) else None
        data, w, c, used = inputs_from_snapshot(
            source, station=station, metric=metric, at=at, method=method, indicator=indicator, controls=ids
        )
        prep = prepare(data, at=at, method=method, window_days=window, weather=w, controls=c, school_holidays=school_holidays)
        return prep, tuple(used)
    ctrl = controls if isinstance(controls, pl.DataFrame) else None
    prep = prepare(
        source, at=at, method=method, window_days=window, weather=weather, controls=ctrl, school_holidays=school_holidays
    )
    return prep, tuple(prep.ctrl_cols)


def minimum_detectable_effect(
    source: Snapshot | pl.DataFrame,
    station: str | None,
    metric: str | None,
    date: date,
    window: int | None = None,
    method: str = "adjusted",
    *,
    weather: pl.DataFrame | None = None,
    controls: pl.DataFrame | list[str] | None = None,
    indicator: Indicator | None = None,
    school_holidays: list[tuple[date, date]] | None = None,
    draws: int = DRAWS,
    seed: int = SEED,
    direction: str = "both",
) -> PowerResult:
    """The MDE (in %, 80 % power, 5 % two-sided) of comparing `station`/`metric` (or `indicator`) around `date` by
    `method` with `window` days each side, from the pre-period alone.

    `source` is a snapshot (weather, controls — ids, or those with data in the before window — come from it) or a frame
    `day`, `value` (then `weather` and, for did, `controls` as frames `day`, one column per control). `draws` = 0 gives
    the analytic approximation only (fast, optimistic with short windows); `direction` `increase` or `decrease`
    simulates that side only (the other is None)."""
    if direction not in ("both", "increase", "decrease"):
        raise PowerError("Richtung {d}: möglich sind both, increase, decrease", d=repr(direction))
    win = window or DEFAULT_WINDOW
    prep, used = _resolve(source, station, metric, date, method, win, weather, controls, indicator, school_holidays)
    design = planned_design(prep, at=date, method=method, before_days=win, after_days=win)
    se = effect_se(design, prep.noise, offset_used=bool(prep.ctrl_cols))
    mde = None
    if draws:
        null = interval_draws(design, prep.noise, window=win, draws=draws, seed=seed)
        kw: dict[str, Any] = {"window": win, "draws": draws, "seed": seed}
        nan = float("nan")
        mde = (
            _mde_sim(design, prep.noise, null, up=True, **kw) if direction != "decrease" else nan,
            _mde_sim(design, prep.noise, null, up=False, **kw) if direction != "increase" else nan,
        )
    return _result(prep, design, se, mde, at=date, method=method, window=win, controls=used, draws=draws)


def weeks_to_detect(
    source: Snapshot | pl.DataFrame,
    station: str | None,
    metric: str | None,
    date: date,
    window: int | None = None,
    method: str = "adjusted",
    *,
    effect: float,
    weather: pl.DataFrame | None = None,
    controls: pl.DataFrame | list[str] | None = None,
    indicator: Indicator | None = None,
    school_holidays: list[tuple[date, date]] | None = None,
    draws: int = DRAWS,
    seed: int = SEED,
) -> WeeksResult:
    """How many whole weeks after `date` until an effect of `effect` % is detected with 80 % power (the before window
    stays `window` days; the after window grows week by week up to `window` days). `weeks_needed` is None when it is
    not reached within `max_weeks`.

    Power grows with the weeks: the analytic approximation brackets the week, the method's own simulated intervals
    (same seed every week) decide it by bisection."""
    if effect == 0 or not math.isfinite(effect) or effect <= -100:
        raise PowerError("Effekt {effect} %: bitte eine Veränderung ungleich 0 und über −100 % angeben", effect=effect)
    win = window or DEFAULT_WINDOW
    prep, used = _resolve(source, station, metric, date, method, win, weather, controls, indicator, school_holidays)
    delta = _delta(effect, prep.scale)
    rel = 1.0 / prep.base_abs if prep.scale == "linear" else 1.0
    max_weeks = math.ceil(win / 7)
    first = math.ceil(MIN_AFTER_DAYS / 7)
    cache: dict[int, tuple[Design, _Se, float | None]] = {}

    def at_week(k: int) -> tuple[Design, _Se, float | None]:
        """Design, analytic SE and the simulated power against `effect` with k weeks after the start."""
        if k not in cache:
            design = planned_design(prep, at=date, method=method, before_days=win, after_days=min(7 * k, win))
            se = effect_se(design, prep.noise, offset_used=bool(prep.ctrl_cols))
            sim = None
            if draws:
                d = interval_draws(design, prep.noise, window=win, effect_pct=effect, draws=draws, seed=seed)
                sim = d.power(up=effect > 0)
            cache[k] = (design, se, sim)
        return cache[k]

    def detected(k: int) -> bool:
        _d, se, sim = at_week(k)
        return (sim if sim is not None else power_at(se, delta / rel)) >= POWER

    def done(k: int | None) -> WeeksResult:
        design, _se, sim = at_week(k or max_weeks)
        return WeeksResult(
            method=method,
            date=date.isoformat(),
            window_days=win,
            effect_pct=effect,
            weeks_needed=k,
            max_weeks=max_weeks,
            power=sim if sim is not None else power_at(_se, delta / rel),
            n_before=int((design.post == 0).sum()),
            n_after=int(design.post.sum()),
            draws=draws,
            controls=used,
        )

    if not detected(max_weeks):
        return done(None)
    lo, hi = first - 1, max_weeks  # not detected at lo (or lo below the minimum), detected at hi
    guess = next(
        (k for k in range(first, max_weeks + 1) if power_at(at_week_analytic(prep, date, method, win, k), delta / rel) >= POWER),
        max_weeks,
    )
    if guess < hi:
        if detected(guess):
            hi = guess
        else:
            lo = guess
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if detected(mid):
            hi = mid
        else:
            lo = mid
    return done(hi)


def at_week_analytic(prep: _Prepared, at: date, method: str, window: int, k: int) -> _Se:
    """The analytic standard error with `k` weeks after the start (cheap: brackets the simulated search)."""
    design = planned_design(prep, at=at, method=method, before_days=window, after_days=min(7 * k, window))
    return effect_se(design, prep.noise, offset_used=bool(prep.ctrl_cols))


# --- simulation (the MDE's draws; validated in tests/indicators/test_power.py, bench/power.py) -------------------------


def simulate(design: Design, noise: NoiseModel, effect_pct: float, rng: np.random.Generator) -> pl.DataFrame:
    """One series with the pre-period's properties on the planned days: the fitted level, AR(1) noise (φ, sd) along the
    calendar, a shock per calendar year (year_sd) and the effect from the Stichtag. Counts are rounded."""
    day_no = np.array([(d - design.at).days for d in design.days])
    span = int(day_no.max() - day_no.min()) + 1
    innov = rng.normal(0, noise.sd * math.sqrt(max(1 - noise.phi**2, 0.0)), span)
    ar = np.empty(span)
    ar[0] = rng.normal(0, noise.sd)
    for i in range(1, span):
        ar[i] = noise.phi * ar[i - 1] + innov[i]
    years = np.array([d.year for d in design.days])
    shock = {int(k): float(rng.normal(0, noise.year_sd)) for k in np.unique(years)}
    e = ar[day_no - day_no.min()] + np.array([shock[int(k)] for k in years])
    if noise.scale == "linear":
        v = design.baseline + e + design.base_abs * effect_pct / 100 * design.post  # e in the series' unit
    else:
        v = np.exp(design.baseline + e + math.log1p(effect_pct / 100) * design.post)
        if noise.scale == "count":
            v = np.round(v)
    return pl.DataFrame({"day": design.days, "value": v})


def run_method(design: Design, frame: pl.DataFrame, window: int) -> tuple[float, float, float]:
    """The planned method itself (`before_after.estimate`) on a series of the planned days: effect and interval in %."""
    r = estimate(
        frame,
        at=design.at,
        method=design.method,
        weather=design.weather,
        controls=design.controls,
        window_days=window,
        school_holidays=design.school_holidays,
    )
    return r.effect_pct, r.ci_low_pct, r.ci_high_pct
