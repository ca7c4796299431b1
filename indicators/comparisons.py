"""Before/after requests as the dashboard makes them: selector choices, a shareable query string, the series used.

The estimators live in `indicators.before_after`; this module turns a query string (`?indikator=rad_dtv&
station=…&datum=2022-04-01&methode=its`) into one `compare` call and returns the result with the daily series it
used, so the chart, its table and the download show exactly the compared data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import cast

import polars as pl

from indicators import registry
from indicators.before_after import (
    METHODS,
    BeforeAfterError,
    Result,
    compare,
    daily_series,
    daily_series_many,
    indicator_daily,
    indicator_metric,
)
from indicators.cache import ProcessLRU
from indicators.registry import Indicator, sql
from indicators.store import Snapshot

# The city's default method per kind of series: declared here and nowhere else (docs/methods.md, "Welche Methode die
# Stadt verwendet", rendered on /methodik). A daily station series is weather- and calendar-adjusted; a monthly or yearly
# series (the city total of an indicator) has no daily weather to adjust for, so its jump is read against its own
# trend and season. `simple` is never a default: it takes any trend for an effect.
SERIES_KINDS = ("daily", "periodic")
DEFAULT_METHOD: dict[str, str] = {"daily": "adjusted", "periodic": "its"}
DID_WINDOW_DAYS = 730  # the estimator's default window for every method but `simple` (indicators/before_after.py)
COMPLETE_SHARE = 0.95  # a suggested control has data on at least this share of the days of each window
MIN_WINDOW_DAYS = 30
MAX_WINDOW_DAYS = 1826  # five years each side: the daily chart stays below 5 000 points
MAX_CONTROLS = 20  # control stations of one comparison: each is a query; the page's callback refuses more with 400


# metric → unit of its daily value (the metric's name: `indicators.labels.METRIC_DE`)
METRIC_UNITS: dict[str, str] = {
    "bicycles": "Radfahrten/Tag",
    "bicycles_daily": "Radfahrten/Tag",
    "pedestrians": "Passanten/Tag",
    "pedestrians_daily": "Passanten/Tag",
    "pm10": "µg/m³",
    "pm2_5": "µg/m³",
    "pm1": "µg/m³",
    "pm4": "µg/m³",
    "air_temperature": "°C",
    "air_temperature_max": "°C",
    "air_temperature_min": "°C",
    "air_temperature_min_5cm": "°C",
    "air_temperature_hourly": "°C",
    "relative_humidity": "%",
    "relative_humidity_hourly": "%",
    "air_pressure": "hPa",
    "air_pressure_sealevel": "hPa",
    "vapour_pressure": "hPa",
    "cloud_cover": "Achtel",
    "precipitation": "mm/Tag",
    "precipitation_hourly": "mm",
    "sunshine_duration": "h",
    "wind_speed": "m/s",
    "wind_gust_max": "m/s",
    "snow_depth": "cm",
    "noise_laeq": "dB(A)",
    "noise_la_min": "dB(A)",
    "noise_la_max": "dB(A)",
    "device_air_temperature": "°C",
    "battery_percent": "%",
    "wifi_clients": "Anzahl",
    "node_online": "Anteil",
}


def metric_unit(metric: str) -> str:
    if metric in METRIC_UNITS:
        return METRIC_UNITS[metric]
    if metric.startswith("soil_moisture_vwc") or metric == "model_soil_moisture_vwc":
        return "% vol."
    if "temperature" in metric:
        return "°C"
    return ""


# --- the selectors -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureOption:
    measure_id: str
    title: str
    start_date: date


def measures_with_start(snap: Snapshot) -> list[MeasureOption]:
    """Measures with a start date, earliest first: the presets for the Stichtag. Read once per published snapshot (the
    map's series callback asks for them with every zoom: 1–2 ms of a 20–50 ms answer); a new list each call."""
    kept = snap.memo("measures_with_start", lambda: tuple(MeasureOption(*r) for r in snap.rows(sql("comparison_measures"))))
    return list(kept)


def measure_start(snap: Snapshot, measure_id: str) -> date | None:
    for m in measures_with_start(snap):
        if m.measure_id == measure_id:
            return m.start_date
    return None


@dataclass(frozen=True)
class StationOption:
    station_id: str
    kind: str
    name: str
    source: str
    metrics: tuple[str, ...]
    first_day: date
    last_day: date


def stations(snap: Snapshot, *, kind: str | None = None, metric: str | None = None) -> list[StationOption]:
    """Stations with series, by kind and name; optionally only one kind and only those with `metric`."""
    return [s for s in all_stations(snap) if not (kind and s.kind != kind) and not (metric and metric not in s.metrics)]


def all_stations(snap: Snapshot) -> tuple[StationOption, ...]:
    """Every station with a series, by kind and name: read once per published snapshot (`Snapshot.memo`; each
    comparison looks up its stations several times)."""
    return snap.memo("comparison_stations", lambda: _all_stations(snap))


def _all_stations(snap: Snapshot) -> tuple[StationOption, ...]:
    frame = snap.query(sql("comparison_stations"))
    out = []
    for (sid,), g in frame.group_by(["station_id"], maintain_order=True):
        r = g.row(0, named=True)
        metrics = tuple(g["metric"].to_list())
        first_day, last_day = cast(date, g["first_day"].min()), cast(date, g["last_day"].max())
        out.append(StationOption(str(sid), r["kind"], r["name"], r["source"], metrics, first_day, last_day))
    return tuple(out)


def station_metrics(snap: Snapshot, station: str) -> list[str]:
    return [r[0] for r in snap.rows(sql("station_metrics"), {"station": station})]


def control_stations(snap: Snapshot, *, station: str, metric: str) -> list[tuple[str, str]]:
    """Other stations of the same kind with the same metric: (station_id, name)."""
    return [(r[0], r[1]) for r in snap.rows(sql("comparison_controls"), {"station": station, "metric": metric})]


def comparable_indicators(snap: Snapshot) -> list[Indicator]:
    """Indicators for the selector: those computable per station first (they allow stations and controls)."""
    inds = registry.all_indicators(snap)
    return sorted(inds, key=lambda i: (indicator_metric(i) is None, i.name))


def station_kind(ind: Indicator) -> str | None:
    """The station kind of a per-station indicator (`rad_dtv` → `bike_counter`), else None."""
    return ind.computation.per_station if ind.computation else None


# --- the city's default method and the control stations it would suggest --------------------------------------------


def series_kind(snap: Snapshot, req: ComparisonRequest) -> str:
    """The kind of series a request compares (a key of `DEFAULT_METHOD`): a station's series is daily; an indicator's
    city total is daily only when the indicator is updated daily."""
    if req.station or not req.indicator_id:
        return "daily"
    try:
        ind = registry.get(snap, req.indicator_id)
    except KeyError:
        return "periodic"
    return "daily" if ind.update_interval == "P1D" else "periodic"


def default_method(snap: Snapshot, req: ComparisonRequest) -> str:
    """The city's default method for the request's kind of series."""
    return DEFAULT_METHOD[series_kind(snap, req)]


def measure_starts_by_kind(snap: Snapshot) -> dict[str, list[tuple[str, date]]]:
    """Measures with a start date per station kind they concern: a measure concerns the kind whose stations compute one
    of its indicators (`rad_dtv` → `bike_counter`). The warehouse links measures to indicators, not to single stations,
    so this is the finest relation there is."""
    starts = {m.measure_id: m.start_date for m in measures_with_start(snap)}
    out: dict[str, list[tuple[str, date]]] = {}
    for ind in registry.all_indicators(snap):
        kind = station_kind(ind)
        if kind and ind.measure_id in starts and (ind.measure_id, starts[ind.measure_id]) not in out.get(kind, []):
            out.setdefault(kind, []).append((ind.measure_id, starts[ind.measure_id]))
    return out


def measures_concerning(snap: Snapshot, kind: str) -> list[MeasureOption]:
    """Measures with a start date that concern stations of `kind` (the relation of `measure_starts_by_kind`: through
    the measure's per-station indicators), earliest first: the map marks their starts on a station's series."""
    ids = {m for m, _d in measure_starts_by_kind(snap).get(kind, [])}
    return [m for m in measures_with_start(snap) if m.measure_id in ids]


def suggest_controls(snap: Snapshot, *, station: str, metric: str, at: date, window_days: int | None = None) -> list[str]:
    """Control stations for difference-in-differences around `at`, as ids (by name, at most `MAX_CONTROLS`).

    A candidate has the station's kind and metric (`control_stations`), no start of another measure concerning its kind
    strictly inside the window (a measure starting on `at` is the one compared; one starting on the window's first
    day changes nothing inside it), and data on at least `COMPLETE_SHARE` of the days before and of the days after
    `at`. The window is the estimator's: `window_days` (default 730) each side, cut to the station's own series."""
    own = daily_series(snap, station=station, metric=metric)
    if own.is_empty():
        return []
    span = window_days or DID_WINDOW_DAYS
    first, last = cast(date, own["day"].min()), cast(date, own["day"].max())
    lo, hi = max(at - timedelta(days=span), first), min(at + timedelta(days=span - 1), last)
    if not lo < at <= hi:
        return []
    kinds = {s.station_id: s.kind for s in stations(snap)}
    others = [d for _m, d in measure_starts_by_kind(snap).get(kinds.get(station, ""), []) if lo < d <= hi and d != at]
    if others:
        return []
    need_before, need_after = COMPLETE_SHARE * (at - lo).days, COMPLETE_SHARE * ((hi - at).days + 1)
    out = []
    candidates = [sid for sid, _name in control_stations(snap, station=station, metric=metric)]
    series = daily_series_many(snap, stations=candidates, metric=metric)
    for sid in candidates:
        days = series[sid].drop_nulls()["day"]
        before = int(((days >= lo) & (days < at)).sum())
        after = int(((days >= at) & (days <= hi)).sum())
        if before >= need_before and after >= need_after:
            out.append(sid)
    return out[:MAX_CONTROLS]


# --- the request ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRequest:
    """One before/after question; `from_query`/`to_query` are the page's URL state."""

    indicator_id: str | None = None
    station: str | None = None
    metric: str | None = None
    at: date | None = None
    method: str | None = None  # None: the city's default for the kind of series (`default_method`)
    window_days: int | None = None
    controls: tuple[str, ...] = ()
    measure_id: str | None = None
    problems: tuple[tuple[str, dict[str, object]], ...] = field(default=(), compare=False)  # (German template, params)

    @classmethod
    def from_query(cls, query: Mapping[str, str | None]) -> ComparisonRequest:
        """Lenient parse: unusable values become `problems` (German), reported by `run`, never raised here."""
        problems: list[tuple[str, dict[str, object]]] = []

        def text(key: str) -> str | None:
            v = query.get(key)
            v = v.strip() if isinstance(v, str) else None
            return v or None

        at = None
        if raw := text("datum"):
            try:
                at = date.fromisoformat(raw)
            except ValueError:
                problems.append(("ungültiges Datum „{raw}“: erwartet JJJJ-MM-TT, z. B. 2022-04-01", {"raw": raw}))
        method = text("methode")
        if method is not None and method not in METHODS:
            problems.append(
                ("unbekannte Methode „{method}“; möglich: {methods}", {"method": method, "methods": ", ".join(METHODS)})
            )
        window = None
        if raw := text("fenster"):
            try:
                window = int(raw)
            except ValueError:
                problems.append(("Zeitfenster „{raw}“ ist keine ganze Zahl von Tagen", {"raw": raw}))
            else:
                if not MIN_WINDOW_DAYS <= window <= MAX_WINDOW_DAYS:
                    problems.append(
                        (
                            "Zeitfenster muss zwischen {low} und {high} Tagen liegen",
                            {"low": MIN_WINDOW_DAYS, "high": f"{MAX_WINDOW_DAYS:,}".replace(",", ".")},
                        )
                    )
                    window = None
        controls = tuple(c for c in (text("kontrollen") or "").split(",") if c.strip())
        return cls(
            indicator_id=text("indikator"),
            station=text("station"),
            metric=text("messgroesse"),
            at=at,
            method=method,
            window_days=window,
            controls=tuple(dict.fromkeys(c.strip() for c in controls))[:MAX_CONTROLS],  # a URL may repeat or pile them
            measure_id=text("massnahme"),
            problems=tuple(problems),
        )

    def to_query(self) -> dict[str, str]:
        """The non-empty parameters, in a stable order (the page writes them into the URL)."""
        q = {
            "massnahme": self.measure_id,
            "indikator": self.indicator_id,
            "station": self.station,
            "messgroesse": None if self.indicator_id else self.metric,
            "datum": self.at.isoformat() if self.at else None,
            "methode": self.method,
            "fenster": str(self.window_days) if self.window_days else None,
            "kontrollen": ",".join(self.controls) if self.method == "did" and self.controls else None,
        }
        return {k: v for k, v in q.items() if v}


@dataclass(frozen=True)
class Comparison:
    """A computed comparison: the result and the daily series it used (`day`, `value`, `period`, maybe `controls`)."""

    request: ComparisonRequest
    result: Result
    series: pl.DataFrame
    title: str  # the indicator's name (and the station's), or for a station's metric the station's name
    unit: str
    source: str
    daily: bool
    computed: bool
    example: bool  # the values themselves are example values (catalogue indicators without a computation)
    control_names: tuple[str, ...] = ()
    metric: str | None = None  # the compared metric's code when a station's metric is compared, not an indicator


# The page computes the chosen method and every method side by side (`method_comparison.run_all`): the chosen one
# twice in one request, and a reader who switches the method asks the same questions again. Kept per snapshot.
RUNS = ProcessLRU(128)


def run(snap: Snapshot, req: ComparisonRequest) -> Comparison:
    """Compute the comparison; raises `BeforeAfterError` with a German message for an impossible request."""
    if req.problems:
        template, params = req.problems[0]
        raise BeforeAfterError(template, **params)
    req = replace(req, method=req.method or default_method(snap, req))
    # what the computation reads of the request: the controls only for did, never the measure (it set the date)
    asked = replace(req, controls=req.controls if req.method == "did" else (), measure_id=None)
    found, kept = RUNS.get(snap, ("run", asked))
    outcome: Comparison | BeforeAfterError
    if found:
        outcome = kept
    else:
        try:
            outcome = _run(snap, asked)
        except BeforeAfterError as e:
            outcome = e
        RUNS.put(snap, ("run", asked), outcome)
    if isinstance(outcome, BeforeAfterError):
        raise BeforeAfterError(outcome.template, **outcome.params)
    return replace(outcome, request=req)


def _run(snap: Snapshot, req: ComparisonRequest) -> Comparison:
    if req.at is None:
        raise BeforeAfterError("Bitte einen Stichtag wählen (oder eine Maßnahme, deren Start als Stichtag dient).")
    ind: Indicator | None = None
    station = req.station
    names = {s.station_id: s for s in stations(snap)}
    if req.indicator_id:
        try:
            ind = registry.get(snap, req.indicator_id)
        except KeyError:
            raise BeforeAfterError("unbekannter Indikator „{id}“", id=req.indicator_id) from None
        kind = station_kind(ind)
        if station and kind is None:
            raise BeforeAfterError("„{name}“ ist nicht je Station auswertbar: bitte ohne Station vergleichen", name=ind.name)
        if station and (station not in names or names[station].kind != kind):
            raise BeforeAfterError("Station „{station}“ gehört nicht zu „{name}“", station=station, name=ind.name)
        metric = indicator_metric(ind) or ind.indicator_id
        title = ind.name + (f" – {names[station].name}" if station else "")
        unit = ind.unit
        source = ind.source
    else:
        if not (station and req.metric):
            raise BeforeAfterError("Bitte einen Indikator oder eine Station mit Messgröße wählen.")
        if station not in names:
            raise BeforeAfterError("unbekannte Station „{station}“", station=station)
        if req.metric not in names[station].metrics:
            raise BeforeAfterError("Station „{station}“ misst „{metric}“ nicht", station=names[station].name, metric=req.metric)
        metric = req.metric
        title = names[station].name
        unit = metric_unit(metric)
        source = names[station].source
    if req.method == "did" and req.controls:
        unknown = [c for c in req.controls if c not in names]
        if unknown:
            raise BeforeAfterError("unbekannte Kontrollstation „{station}“", station=unknown[0])
        if not station:
            raise BeforeAfterError("Differenz-von-Differenzen braucht eine Station: bitte eine Station wählen.")
        if station in req.controls:
            raise BeforeAfterError("Die Station selbst kann nicht ihre eigene Kontrollstation sein.")
    controls = list(req.controls) if req.method == "did" else None
    result = compare(
        snap,
        at=req.at,
        method=req.method or "",
        indicator=ind,
        metric=None if ind else metric,
        station=station,
        controls=controls,
        window_days=req.window_days,
    )
    data = indicator_daily(snap, ind, station) if ind else daily_series(snap, station=station or "", metric=metric)
    series = used_series(data, result)
    if controls:
        frames = [daily_series(snap, station=c, metric=metric).rename({"value": c}) for c in controls]
        ctrl = frames[0]
        for f in frames[1:]:
            ctrl = ctrl.join(f, on="day", how="inner")
        ctrl = ctrl.select("day", pl.mean_horizontal(controls).alias("controls"))
        series = series.join(ctrl, on="day", how="inner")
    days = data["day"].sort().to_list()
    daily = len(days) > 1 and (days[1] - days[0]).days <= 7
    return Comparison(
        request=req,
        result=result,
        series=series,
        title=title,
        unit=unit,
        source=source,
        daily=daily,
        computed=ind is None or ind.computed,
        example=bool(ind and ind.is_example and not ind.computed),
        control_names=tuple(names[c].name for c in controls or ()),
        metric=None if ind else metric,
    )


def used_series(data: pl.DataFrame, result: Result) -> pl.DataFrame:
    """The series inside the compared windows, labelled `vorher`/`nachher`."""
    lo, at, hi = (date.fromisoformat(d) for d in (result.window_before[0], result.date, result.window_after[1]))
    return (
        data.drop_nulls()
        .sort("day")
        .filter((pl.col("day") >= lo) & (pl.col("day") <= hi))
        .with_columns(pl.when(pl.col("day") < at).then(pl.lit("vorher")).otherwise(pl.lit("nachher")).alias("period"))
    )


def series_table(c: Comparison) -> pl.DataFrame:
    """The daily series used, with German column names: the download behind the chart."""
    cols = [
        pl.col("day").alias("Tag"),
        pl.col("value").alias(f"Wert ({c.unit})" if c.unit else "Wert"),
        pl.col("period").alias("Zeitraum"),
    ]
    if "controls" in c.series.columns:
        cols.append(pl.col("controls").alias("Mittel der Kontrollstationen"))
    return c.series.select(cols)


def monthly_table(c: Comparison) -> pl.DataFrame:
    """Monthly means of the series used, per period: the chart's table on the page (the download has every day)."""
    s = c.series.with_columns(pl.col("day").dt.truncate("1mo").alias("month"))
    aggs = [pl.col("value").mean().alias(f"Mittel ({c.unit})" if c.unit else "Mittel"), pl.len().alias("Werte")]
    if "controls" in s.columns:
        aggs.append(pl.col("controls").mean().alias("Mittel der Kontrollstationen"))
    return (
        s.group_by("month", "period", maintain_order=True)
        .agg(aggs)
        .rename({"month": "Monat", "period": "Zeitraum"})
        .sort("Monat", descending=False)
    )


def effect_table(c: Comparison) -> pl.DataFrame:
    """The estimate with its interval, one row: the table behind the interval plot (`Methode`: the method's code, which
    the page words)."""
    r = c.result
    return pl.DataFrame(
        {
            "Methode": [r.method],
            "Stichtag": [date.fromisoformat(r.date)],
            "Veränderung (%)": [r.effect_pct],
            "95-%-Intervall von (%)": [r.ci_low_pct],
            "95-%-Intervall bis (%)": [r.ci_high_pct],
            f"Veränderung ({c.unit})" if c.unit else "Veränderung": [r.effect],
            "Tage vorher": [r.n_before],
            "Tage nachher": [r.n_after],
        }
    )
