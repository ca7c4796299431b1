"""Stations on the map: every kind with its latest value, one station's series at an aggregation level, map layers.

Times shown are Europe/Berlin: days, weeks, months and years are local calendar periods (the warehouse stores UTC).
A series never has more than `MAX_POINTS` periods; fine levels of a long series show its newest periods.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import polars as pl

from indicators.cache import ProcessLRU
from indicators.registry import sql
from indicators.store import Snapshot

MAX_POINTS = 5000  # hard limit per trace
BERLIN = ZoneInfo("Europe/Berlin")
DEFAULT_POINTS = 600  # the default level is the finest one that shows the whole range in at most this many periods
ZOOM_POINTS = 3000  # a zoomed window is shown at the finest level with at most this many periods per trace


@dataclass(frozen=True)
class StationKind:
    """How a kind of station is shown: its main metric, how a day of it is summarised, its parts."""

    kind: str
    label: str  # German plural: layer name
    singular: str
    metric: str | None  # main metric; None: each station's most frequent metric
    unit: str
    agg: str  # 'sum' (counts) | 'mean' (readings) | 'last' (snapshots) | 'register' (charging register)
    latest: str  # what the latest value is, in German
    glyph: str  # letter in the marker: kinds differ without colour
    source: str
    components: str | None = None  # LIKE pattern of `observation_detail.component` that splits the total
    dense: bool = False  # cluster the markers


KINDS: dict[str, StationKind] = {
    k.kind: k
    for k in [
        StationKind(
            "bike_counter",
            "Radzählstellen",
            "Radzählstelle",
            "bicycles",
            "Radfahrten",
            "sum",
            "Radfahrten am letzten vollständigen Tag",
            "R",
            "Eco-Counter-Zählstellen",
            components="%",
        ),
        StationKind(
            "pedestrian_counter",
            "Passantenzähler",
            "Passantenzähler",
            "pedestrians",
            "Passanten",
            "sum",
            "Passanten am letzten vollständigen Tag",
            "P",
            "hystreet.com-Laserzähler",
            components="direction:%",
        ),
        StationKind(
            "air_quality",
            "Umweltsensoren (Feinstaub)",
            "Umweltsensor",
            "pm10",
            "µg/m³",
            "mean",
            "PM10-Tagesmittel des letzten vollständigen Tages",
            "L",
            "sensor.community / Sensordatenplattform",
        ),
        StationKind(
            "weather",
            "Wetterstationen",
            "Wetterstation",
            "air_temperature",
            "°C",
            "mean",
            "Tagesmittel der Lufttemperatur des letzten vollständigen Tages",
            "W",
            "Deutscher Wetterdienst / Sensordatenplattform",
        ),
        StationKind(
            "tree_sensor",
            "Baumsensoren",
            "Baumsensor",
            "soil_moisture_vwc_30cm",
            "% vol.",
            "mean",
            "Bodenfeuchte in 30 cm, Tagesmittel des letzten vollständigen Tages",
            "B",
            "climavi-Bodenfeuchtesensoren",
        ),
        StationKind(
            "sensor",
            "Weitere Sensoren",
            "Sensor",
            None,
            "",
            "mean",
            "Tagesmittel des letzten vollständigen Tages",
            "S",
            "OGC SensorThings API (Sensordatenplattform)",
        ),
        StationKind(
            "wifi_node",
            "Freifunk-Knoten",
            "Freifunk-Knoten",
            "wifi_clients",
            "Geräte",
            "last",
            "verbundene Geräte beim letzten Snapshot",
            "F",
            "Freifunk meshviewer.json",
            components="%",
            dense=True,
        ),
        StationKind(
            "charging_station",
            "Ladesäulen",
            "Ladesäule",
            None,
            "kW",
            "register",
            "Anschlussleistung laut jüngstem Ladesäulenregister",
            "E",
            "Bundesnetzagentur, Ladesäulenregister",
            dense=True,
        ),
    ]
}

METRIC_LABELS = {
    "bicycles": "Radfahrten",
    "pedestrians": "Passanten",
    "pm10": "Feinstaub PM10",
    "pm2_5": "Feinstaub PM2,5",
    "air_temperature": "Lufttemperatur",
    "soil_moisture_vwc_30cm": "Bodenfeuchte 30 cm",
    "wifi_clients": "verbundene Geräte",
    "relative_humidity": "relative Luftfeuchte",
}
METRIC_UNITS = {
    "bicycles": "Radfahrten",
    "pedestrians": "Passanten",
    "pm10": "µg/m³",
    "pm2_5": "µg/m³",
    "air_temperature": "°C",
    "soil_moisture_vwc_30cm": "% vol.",
    "wifi_clients": "Geräte",
    "relative_humidity": "%",
}
_UNIT_SUFFIXES = [("_db_a", "dB(A)"), ("_cm", "cm"), ("_anzahl", "Anzahl"), ("_prozent", "%"), ("_grad_c", "°C")]
COMPONENT_LABELS = {"wifi24": "WLAN 2,4 GHz", "wifi5": "WLAN 5 GHz", "other": "sonstige Verbindungen"}


@dataclass(frozen=True)
class Aggregation:
    key: str  # value in the URL
    label: str  # German
    width: str  # DuckDB interval of one period
    step: timedelta  # (mean) length of one period
    per: str  # "je …" in captions


AGGREGATIONS: dict[str, Aggregation] = {
    a.key: a
    for a in [
        Aggregation("15min", "15 Minuten", "15 minutes", timedelta(minutes=15), "je 15 Minuten"),
        Aggregation("stunde", "Stunde", "1 hour", timedelta(hours=1), "je Stunde"),
        Aggregation("tag", "Tag", "1 day", timedelta(days=1), "je Tag"),
        Aggregation("woche", "Woche", "7 days", timedelta(days=7), "je Woche"),
        Aggregation("monat", "Monat", "1 month", timedelta(days=30.44), "je Monat"),
        Aggregation("jahr", "Jahr", "1 year", timedelta(days=365.25), "je Jahr"),
    ]
}
_FIXED_STEP = {"15min", "stunde", "tag", "woche"}  # periods of constant length: a window can be computed exactly
_DAY_LEVELS = {"tag", "woche", "monat", "jahr"}  # levels made of whole local days
_LONGEST = {"monat": timedelta(days=31), "jahr": timedelta(days=366)}  # longest period of the calendar levels


def metric_label(metric: str | None) -> str:
    if metric is None:
        return "Wert"
    if metric in METRIC_LABELS:
        return METRIC_LABELS[metric]
    name = metric.removeprefix("sta_")
    for suffix, _unit in _UNIT_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.replace("_", " ").capitalize()


def metric_unit(metric: str | None, kind: StationKind | None = None) -> str:
    if metric in METRIC_UNITS:
        return METRIC_UNITS[metric]
    for suffix, unit in _UNIT_SUFFIXES:
        if metric and metric.endswith(suffix):
            return unit
    return kind.unit if kind else ""


def display_name(kind: StationKind, name: str) -> str:
    """`Radzählstelle Mainuferweg`; names that already say their kind stay as they are (`Freifunk-Knoten c7052b`)."""
    return name if name.lower().startswith(kind.singular.lower()) else f"{kind.singular} {name}"


def component_label(component: str, *, station_name: str = "") -> str:
    """`direction:Marktplatz` → `Richtung Marktplatz`; Eco-Counter `<id> (<name>)` → the name without the station's
    name (`Richtung Hanau`); Wi-Fi bands in German."""
    if component.startswith("direction:"):
        return "Richtung " + component.removeprefix("direction:")
    if m := re.fullmatch(r"\s*\S+\s+\((.+)\)\s*", component):
        label = m.group(1)
        if station_name and label.startswith(station_name + " ") and len(label) > len(station_name) + 1:
            label = label[len(station_name) + 1 :]
        return label
    return COMPONENT_LABELS.get(component, component)


# ---------------------------------------------------------------------------------------------------------------------
# Station list with latest values

STATION_SCHEMA = pl.Schema(
    {
        "station_id": pl.Utf8,
        "kind": pl.Utf8,
        "name": pl.Utf8,
        "lat": pl.Float64,
        "lon": pl.Float64,
        "source": pl.Utf8,
        "is_demo": pl.Boolean,
        "metric": pl.Utf8,
        "value": pl.Float64,
        "value_date": pl.Date,
        "unit": pl.Utf8,
    }
)


def station_list(snap: Snapshot) -> pl.DataFrame:
    """Every station of a known kind with the latest value of its kind's main metric (`STATION_SCHEMA`).

    Weather stations only where observations exist (a DWD station list names hundreds); charge points only when the
    latest register release lists them. Stations without coordinates are included (lat/lon NULL). Kept per published
    snapshot (`Snapshot.memo`): do not change the frame in place.
    """
    return snap.memo("station_list", lambda: _stored_station_list(snap))


# `etl publish` stores the list (the map's first view after a publish reads one table instead of four queries)
LIST_TABLE = "station_list"


def _stored_station_list(snap: Snapshot) -> pl.DataFrame:
    if snap.has_table(LIST_TABLE):
        stored = snap.query(f"select {', '.join(STATION_SCHEMA)} from {LIST_TABLE}")
        return stored.cast(STATION_SCHEMA).sort("kind", "name", "station_id", maintain_order=True)
    return computed_station_list(snap)


def computed_station_list(snap: Snapshot, *, latest: pl.DataFrame | None = None) -> pl.DataFrame:
    """`station_list` computed from the snapshot's tables (`latest`: the latest values, if already computed)."""
    if not snap.has_table("station"):
        return pl.DataFrame(schema=STATION_SCHEMA)
    base = snap.query(
        "select station_id, kind, name, lat, lon, source, is_demo from station"
        " where kind in (select unnest(?)) order by kind, name, station_id",
        [list(KINDS)],
    )
    charging = charging_stations(snap)
    charging_latest = [_latest_values(snap, KINDS["charging_station"], charging)] if "charging_station" in KINDS else []
    if latest is None:
        stored = snap.query(f"select {', '.join(LATEST_SCHEMA)} from {LATEST_TABLE}") if snap.has_table(LATEST_TABLE) else None
        latest = stored if stored is not None and not stored.is_empty() else latest_values(snap)
    values = pl.concat([v.cast(LATEST_SCHEMA) for v in [*charging_latest, latest]])
    out = base.join(values, on="station_id", how="left")
    keep = (pl.col("kind") != "weather") | pl.col("value").is_not_null()
    if "charging_station" in KINDS:
        listed = charging["station_id"].to_list()
        keep = keep & ((pl.col("kind") != "charging_station") | pl.col("station_id").is_in(listed))
    out = out.filter(keep)
    units = [
        metric_unit(m, KINDS[k]) if k != "charging_station" else "kW" for m, k in zip(out["metric"], out["kind"], strict=True)
    ]
    out = out.with_columns(pl.Series("unit", units, dtype=pl.Utf8)).select(list(STATION_SCHEMA)).cast(STATION_SCHEMA)
    return out.sort("kind", "name", "station_id", maintain_order=True)


LATEST_TABLE = "station_latest"
# the parts of the counts (directions, bands) per hour, written by `etl publish` (sql/observation_detail_hourly.sql):
# the map's levels from an hour up read them instead of scanning the raw parts (0.2–0.3 s for ten years of a counter)
DETAIL_HOURLY_TABLE = "observation_detail_hourly"
# the totals and parts per local day, written by `etl publish` (sql/observation_local_daily.sql and
# sql/observation_detail_local_daily.sql): the levels of a day and longer read one row per day, already in local time
LOCAL_DAILY_TABLE = "observation_local_daily"
DETAIL_LOCAL_DAILY_TABLE = "observation_detail_local_daily"
LATEST_SCHEMA = pl.Schema({"station_id": pl.Utf8, "metric": pl.Utf8, "value": pl.Float64, "value_date": pl.Date})


def latest_values(snap: Snapshot) -> pl.DataFrame:
    """The latest value of every measuring station's main metric (`LATEST_SCHEMA`; charge points not included: their
    register is read as it is). `etl publish` stores this as the snapshot's `station_latest` table, so the map does not
    compute it per view; snapshots without that table (or with it empty) are computed here."""
    empty = pl.DataFrame(schema=LATEST_SCHEMA)
    parts = [_latest_values(snap, k, empty) for k in KINDS.values() if k.agg != "register"]
    return pl.concat([empty, *(p.cast(LATEST_SCHEMA) for p in parts)])


def _latest_values(snap: Snapshot, k: StationKind, charging: pl.DataFrame) -> pl.DataFrame:
    schema = LATEST_SCHEMA
    if k.agg == "register":
        return charging.select(
            "station_id",
            pl.lit("power_kw").alias("metric"),
            pl.col("power_kw").alias("value"),
            pl.col("release_date").alias("value_date"),
        ).cast(schema)
    if not snap.has_table("observation"):
        return pl.DataFrame(schema=schema)
    if k.agg == "last":
        df = snap.query(sql("station_latest_reading"), {"kind": k.kind, "metric": k.metric})
    else:
        since = snap.rows(sql("station_latest_since"), {"kind": k.kind, "metric": k.metric})[0][0]
        df = snap.query(sql("station_latest_daily"), {"kind": k.kind, "metric": k.metric, "agg": k.agg, "since": since})
    return df.cast(schema)


def charging_stations(snap: Snapshot) -> pl.DataFrame:
    """Rows of the latest Ladesäulenregister release."""
    if not snap.has_table("charging_station"):
        return pl.DataFrame(schema={"station_id": pl.Utf8, "release_date": pl.Date, "power_kw": pl.Float64})
    return snap.memo("charging_latest", lambda: snap.query(sql("charging_latest")))


# ---------------------------------------------------------------------------------------------------------------------
# One station


@dataclass(frozen=True)
class StationInfo:
    station_id: str
    kind: StationKind
    name: str
    lat: float | None
    lon: float | None
    source: str
    is_demo: bool
    metric: str | None  # None: no observations (charge points)
    first_ts: datetime | None  # UTC
    last_ts: datetime | None
    n: int
    gap: timedelta | None  # usual spacing of readings

    @property
    def unit(self) -> str:
        return metric_unit(self.metric, self.kind)

    @property
    def title(self) -> str:
        return display_name(self.kind, self.name)


# the map's page and each zoom of its chart look the station up again: kept per snapshot (three scans of its readings)
STATIONS = ProcessLRU(512)


def station(snap: Snapshot, station_id: str) -> StationInfo | None:
    """Metadata and data range of one station; None when unknown or of a kind the map does not show."""
    if not station_id or not snap.has_table("station"):
        return None
    return STATIONS.lookup(snap, ("station", station_id), lambda: _station(snap, station_id))


def _station(snap: Snapshot, station_id: str) -> StationInfo | None:
    rows = snap.rows("select station_id, kind, name, lat, lon, source, is_demo from station where station_id = ?", [station_id])
    if not rows or rows[0][1] not in KINDS:
        return None
    sid, kind, name, lat, lon, source, demo = rows[0]
    k = KINDS[kind]
    metric = None
    first = last = None
    n = 0
    gap = None
    if k.agg != "register" and snap.has_table("observation"):
        m = snap.rows(
            "select metric from observation where station_id = ? and value is not null group by metric"
            " order by (metric = ?) desc, count(*) desc, metric limit 1",
            [sid, k.metric or ""],
        )
        if m:
            metric = m[0][0]
            first, last, n, gap_s = snap.rows(sql("station_range"), {"station": sid, "metric": metric})[0]
            gap = timedelta(seconds=float(gap_s)) if gap_s else None
    return StationInfo(sid, k, name or sid, lat, lon, source, bool(demo), metric, first, last, int(n or 0), gap)


def available_aggregations(info: StationInfo) -> list[str]:
    """Levels not finer than the station's spacing of readings (hourly counts have no 15-minute view)."""
    if info.metric is None or info.n == 0:
        return []
    gap = info.gap or timedelta(0)
    return [a.key for a in AGGREGATIONS.values() if a.step >= gap * 0.9]


Window = tuple[datetime, datetime]  # [start, end] in local time (Europe/Berlin, naive), as on the chart's time axis


def data_range(info: StationInfo) -> Window | None:
    """The station's readings in local time: first reading to the end of the last one's interval."""
    if info.first_ts is None or info.last_ts is None:
        return None
    return _local(info.first_ts), _local(info.last_ts + (info.gap or timedelta(0)))


def estimated_points(info: StationInfo, agg: str, window: Window | None = None) -> int:
    """Periods of `agg` over the station's range, or over the part of it inside `window`."""
    rng = data_range(info)
    if rng is None:
        return 0
    start, end = rng
    if window is not None:
        start, end = max(start, window[0]), min(end, window[1])
        if end < start:
            return 0
    return int((end - start) / AGGREGATIONS[agg].step) + 1


def clip_window(info: StationInfo, start: datetime | None, end: datetime | None) -> Window | None:
    """The part of [start, end] (local time) where the station has readings; None for the whole series (no window,
    a window around all readings, or one that misses them)."""
    rng = data_range(info)
    if rng is None or start is None or end is None:
        return None
    if end < start:
        start, end = end, start
    s, e = max(start, rng[0]), min(end, rng[1])
    if e <= s or (s <= rng[0] and e >= rng[1]):
        return None
    return s, e


def zoom_aggregation(info: StationInfo, window: Window) -> str | None:
    """The finest level that shows `window` in at most `ZOOM_POINTS` periods per trace (else the coarsest)."""
    levels = available_aggregations(info)
    for a in levels:
        if estimated_points(info, a, window) <= ZOOM_POINTS:
            return a
    return levels[-1] if levels else None


def default_aggregation(info: StationInfo) -> str | None:
    """The finest level that shows the whole range in at most `DEFAULT_POINTS` periods (else the coarsest)."""
    levels = available_aggregations(info)
    for a in levels:
        if estimated_points(info, a) <= DEFAULT_POINTS:
            return a
    return levels[-1] if levels else None


def resolve_aggregation(info: StationInfo, agg: str | None) -> str | None:
    """The requested level when the station offers it, else the default."""
    return agg if agg in available_aggregations(info) else default_aggregation(info)


def station_series(
    snap: Snapshot, info: StationInfo, agg: str, *, window: Window | None = None, components: bool = True
) -> pl.DataFrame:
    """The station's main metric per period: `period_start` (local time), `series` ("Gesamt" or a part), `value`.

    The whole range, or the periods that overlap `window` (local time). At most `MAX_POINTS` periods (the newest
    ones) per series. 15-minute periods come from the raw observations; longer ones from the pre-aggregated tables
    (`source_table`). With `components`, the parts the total is split into (directions of counters, Wi-Fi bands)
    follow as further series over the same periods.
    """
    schema = pl.Schema({"period_start": pl.Datetime("us"), "series": pl.Utf8(), "value": pl.Float64()})
    if info.metric is None or info.last_ts is None or info.first_ts is None or agg not in AGGREGATIONS:
        return pl.DataFrame(schema=schema)
    a = AGGREGATIONS[agg]
    margin = _LONGEST.get(agg, a.step) + timedelta(days=1)  # the periods at the window's edges are read whole
    since, until = info.first_ts, info.last_ts + timedelta(seconds=1)
    if window is not None:
        since, until = max(since, _utc(window[0]) - margin), min(until, _utc(window[1]) + margin)
    if agg in _FIXED_STEP:  # read only what the newest MAX_POINTS periods need (+1 period: the oldest may be cut)
        since = max(since, until - a.step * (MAX_POINTS + 2))
    mode = "sum" if info.kind.agg == "sum" else "mean"
    params = {"station": info.station_id, "metric": info.metric, "width": a.width, "agg": mode, "since": since}
    total = pl.DataFrame()
    table = source_table(snap, info, agg)
    local = table == LOCAL_DAILY_TABLE
    # local days: from the local midnight before the first reading to the local time of `until` (a day that `until`
    # cuts holds no reading after it, or lies beyond the window's margin and is dropped by `_overlaps` below)
    day_since, day_until = _local(since).replace(hour=0, minute=0, second=0, microsecond=0), _local(until)
    if local:
        total = _query(
            snap, "station_series_local_daily", {**params, "since": day_since, "until": day_until, "limit": MAX_POINTS}
        )
    elif table is not None:
        start = _floor(since, table)  # the aggregate's period that holds the first reading
        more = {"since": start, "until": until, "limit": MAX_POINTS}
        if table == "observation_hourly":
            total = _query(snap, "station_series_hourly", {**params, **more})
        else:
            total = _query(snap, "station_series_aggregated", {**params, **more, "table": table})
    if total.is_empty():  # 15 minutes, or a warehouse whose aggregates are not filled yet
        total = _query(snap, "station_series", {**params, "until": until, "limit": MAX_POINTS})
    keep = _complete_period(info, agg) if mode == "sum" else pl.lit(True)  # a count summed over a period the station
    if window is not None:  # covered only in part would look like a drop
        keep = keep & _overlaps(window, agg)
    total = total.filter(keep)  # in any order: the result is sorted once, at the end
    out = [total.select("period_start", pl.lit("Gesamt").alias("series"), "value")]
    if components and info.kind.components and snap.has_table("observation_detail") and not total.is_empty():
        if local and snap.has_table(DETAIL_LOCAL_DAILY_TABLE):  # local days, like the totals above
            parts = _query(
                snap,
                "station_series_detail_local_daily",
                {**params, "since": day_since, "until": day_until, "component": info.kind.components},
            )
        elif agg != "15min" and snap.has_table(DETAIL_HOURLY_TABLE):  # whole hours, like the totals above
            parts = _query(
                snap,
                "station_series_detail_aggregated",
                {**params, "since": _floor(since, "observation_hourly"), "until": until, "component": info.kind.components},
            )
        else:
            parts = _query(snap, "station_series_detail", {**params, "until": until, "component": info.kind.components})
        parts = parts.join(total.select("period_start"), on="period_start", how="semi")  # the same periods
        labels = {c: component_label(c, station_name=info.name) for c in parts["component"].unique().to_list()}
        out.append(parts.select("period_start", pl.col("component").replace_strict(labels).alias("series"), "value"))
    return pl.concat([o.lazy().cast(schema) for o in out]).sort("series", "period_start").collect()


# levels whose local periods are UTC periods shifted by Berlin's offset (a whole number of hours)
_SHIFTED = {"15 minutes": timedelta(minutes=15), "1 hour": timedelta(hours=1)}
_UTC_VARIANT = {"station_series", "station_series_detail", "station_series_hourly", "station_series_detail_aggregated"}
# the queries that read one row per key and UTC hour (the hourly tables), whose October hour polars can add up
_WHOLE_UTC_HOURS = {"station_series_hourly", "station_series_detail_aggregated"}
_LIMIT_SLACK = 8  # UTC periods read beyond the limit: those the October hour merges (4 quarter hours, 1 hour) and more


# the table each station query reads, for its rows' numbers (`row_range`); station_series_aggregated.sql reads
# observation_daily / observation_monthly (small) by name and has none
_QUERY_TABLES = {
    "station_series": "observation",
    "station_series_detail": "observation_detail",
    "station_series_hourly": "observation_hourly",
    "station_series_detail_aggregated": DETAIL_HOURLY_TABLE,
    "station_series_local_daily": LOCAL_DAILY_TABLE,
    "station_series_detail_local_daily": DETAIL_LOCAL_DAILY_TABLE,
}
# `etl publish` writes, per table and station, the first and last row number (rowid) of the station's rows:
# sql/station_rows.sql
ROWS_TABLE = "station_rows"
_ALL_ROWS = (0, 2**62)


def row_range(snap: Snapshot, table: str, station_id: str) -> dict[str, int]:
    """`first_row`, `last_row`: the row numbers (DuckDB's `rowid`) between which `table` holds all rows of the station.

    A query that also filters `rowid between` them reads only the station's row groups: DuckDB keeps only the first
    bytes of a text as a row group's minimum and maximum, so `station_id = 'ecocounter:100069101'` alone reads the row
    groups of every Eco-Counter station (15 of 159 of `observation_hourly` instead of 2 in the city snapshot). Read
    once per snapshot from `station_rows`; a snapshot without that table (published before it existed) gets every row.
    """
    if not snap.has_table(ROWS_TABLE):
        return dict(zip(("first_row", "last_row"), _ALL_ROWS, strict=True))
    ranges = snap.memo(
        ROWS_TABLE,
        lambda: {
            (t, s): (lo, hi)
            for t, s, lo, hi in snap.rows(f"select table_name, station_id, first_row, last_row from {ROWS_TABLE}")
        },
    )
    lo, hi = ranges.get((table, station_id), (0, -1))  # none: the table has no row of the station
    return {"first_row": lo, "last_row": hi}


def _query(snap: Snapshot, name: str, params: dict[str, Any]) -> pl.DataFrame:
    """`sql(name)`: periods of local time (columns `period_start`, [`component`,] `value`), only the station's rows
    read (`row_range`).

    For periods of an hour or less, the query `<name>_utc` groups by UTC periods and polars shifts them to local time:
    DuckDB's conversion of every row to local time was half the query's time (5 000 periods × 3 series at the finest
    levels). Only the October hour that occurs twice in local time holds two UTC periods per local period: for sums
    over the hourly tables (one row per UTC hour) polars adds the two; otherwise (means, and the raw readings of the
    15-minute level) those local periods are computed by `sql(name)` itself over just these UTC hours. The same rows and values as `sql(name)`
    (tests/indicators/test_ondemand_speed.py compares both).
    """
    if name in _QUERY_TABLES:
        params = {**params, **row_range(snap, _QUERY_TABLES[name], params["station"])}
    step = _SHIFTED.get(params["width"]) if name in _UTC_VARIANT else None
    if step is None:
        return snap.query(sql(name), params)
    limit = params.get("limit")
    utc = snap.query(sql(f"{name}_utc"), params if limit is None else {**params, "limit": limit + _LIMIT_SLACK})
    keys = [c for c in utc.columns if c != "value"]  # period_start [, component]
    # one pass: the local time of each UTC period, and whether its local period holds two (the October hour)
    shifted = (
        utc.lazy()
        .with_columns(
            pl.col("period_start")
            .dt.replace_time_zone("UTC")
            .dt.convert_time_zone("Europe/Berlin")
            .dt.replace_time_zone(None)
            .alias("local")
        )
        .with_columns(pl.struct("local", *keys[1:]).is_duplicated().alias("twice"))
        .collect()
    )
    local = shifted.select(pl.col("local").alias("period_start"), *keys[1:], "value")
    twice = shifted["twice"]
    if twice.any() and params.get("agg") == "sum" and name in _WHOLE_UTC_HOURS:
        # the October hour of a sum over whole UTC hours (one row per key and hour): the local hour is the sum of the
        # two, which is what sql(name) adds up too (two numbers: the same sum in any order) — without a second query
        merged = local.filter(twice).group_by(keys, maintain_order=True).agg(pl.col("value").sum())
        local = pl.concat([local.filter(~twice), merged])
    elif twice.any():  # the October hour: its UTC periods [lo, hi) read again, grouped by local periods
        hours = shifted.filter(twice)["period_start"]
        lo, hi = cast(datetime, hours.min()), cast(datetime, hours.max()) + step
        exact = snap.query(sql(name), {**params, "since": max(params["since"], lo), "until": min(params["until"], hi)})
        outside = ~shifted["period_start"].is_between(lo, hi, closed="left")
        local = pl.concat([local.filter(outside), exact])
    if limit is not None:
        local = local.sort("period_start", descending=True).head(limit)
    return local


def source_table(snap: Snapshot, info: StationInfo, agg: str) -> str | None:
    """The pre-aggregated table that gives `agg`'s local periods exactly; None: read the raw observations.

    Berlin's offset to UTC is a whole number of hours, so UTC hours are local hours and `observation_hourly` serves
    every level from an hour up; `observation_local_daily` (written by `etl publish` into the snapshot) holds local
    days, which serve every level from a day up with one row per day. The UTC days and months of `observation_daily` / `observation_monthly` are local days
    and months only for daily values stamped 00:00 UTC (DWD daily data): those use the coarser tables.
    """
    if agg == "15min":
        return None
    if agg in _DAY_LEVELS and snap.has_table(LOCAL_DAILY_TABLE):
        return LOCAL_DAILY_TABLE
    daily = (
        info.gap is not None
        and info.gap >= timedelta(hours=23)
        and info.first_ts is not None
        and info.last_ts is not None
        and info.first_ts.time() == info.last_ts.time() == datetime.min.time()
    )
    if daily and agg in ("monat", "jahr") and snap.has_table("observation_monthly"):
        return "observation_monthly"
    if daily and agg in ("tag", "woche", "monat", "jahr") and snap.has_table("observation_daily"):
        return "observation_daily"
    return "observation_hourly" if snap.has_table("observation_hourly") else None


_OFFSETS = {"15min": "15m", "stunde": "1h", "tag": "1d", "woche": "1w", "monat": "1mo", "jahr": "1y"}


def _local(ts: datetime) -> datetime:
    return ts.replace(tzinfo=UTC).astimezone(BERLIN).replace(tzinfo=None)


def _floor(ts: datetime, table: str) -> datetime:
    ts = ts.replace(minute=0, second=0, microsecond=0)
    if table != "observation_hourly":
        ts = ts.replace(hour=0)
    return ts.replace(day=1) if table == "observation_monthly" else ts


def _utc(local: datetime) -> datetime:
    return local.replace(tzinfo=BERLIN).astimezone(UTC).replace(tzinfo=None)


def _overlaps(window: Window, agg: str) -> pl.Expr:
    """Periods that overlap the window [start, end) (the chart shows them, cut at its edges)."""
    return (pl.col("period_start") < window[1]) & (pl.col("period_start").dt.offset_by(_OFFSETS[agg]) > window[0])


def _complete_period(info: StationInfo, agg: str) -> pl.Expr:
    """Periods inside the station's range of readings (its first and last period may be cut)."""
    rng = data_range(info)
    assert rng is not None
    first, end = rng
    return (pl.col("period_start") >= first) & (pl.col("period_start").dt.offset_by(_OFFSETS[agg]) <= end)


def is_window(info: StationInfo, agg: str, window: Window | None = None) -> bool:
    """The level shows only the newest `MAX_POINTS` periods of the station's range (or of the window), not all."""
    return agg in _FIXED_STEP and estimated_points(info, agg, window) > MAX_POINTS


def series_table(series: pl.DataFrame, agg: str, unit: str) -> pl.DataFrame:
    """The series as a table, one column per series: exactly what the chart shows (also the download).

    Periods of a day or longer are dates; shorter ones German text `26.11.2026 14:15` (local time).
    """
    if series.is_empty():
        return pl.DataFrame(schema={"Zeitraum ab": pl.Date, f"Gesamt ({unit})": pl.Float64})
    names = ["Gesamt", *sorted(n for n in series["series"].unique().to_list() if n != "Gesamt")]
    wide = series.pivot(on="series", index="period_start", values="value").sort("period_start")
    wide = wide.select("period_start", *[pl.col(n) for n in names if n in wide.columns])
    if agg in ("15min", "stunde"):
        period = pl.col("period_start").dt.strftime("%d.%m.%Y %H:%M")
    else:
        period = pl.col("period_start").dt.date()
    return wide.with_columns(period.alias("period_start")).rename(
        {"period_start": "Zeitraum ab", **{n: f"{n} ({unit})" for n in names if n in wide.columns}}
    )


@dataclass(frozen=True)
class SeriesSummary:
    first: date | None
    last: date | None
    points: int
    last_value: float | None
    max_value: float | None
    max_period: datetime | None
    shares: dict[str, float]  # part → share of the total over the shown periods (counts only)


def summarise(series: pl.DataFrame, info: StationInfo) -> SeriesSummary:
    total = series.filter(pl.col("series") == "Gesamt").drop_nulls("value").sort("period_start")
    if total.is_empty():
        return SeriesSummary(None, None, 0, None, None, None, {})
    top = total.sort("value", descending=True).row(0, named=True)
    shares: dict[str, float] = {}
    parts = series.filter(pl.col("series") != "Gesamt")
    whole = float(total["value"].sum())
    if info.kind.agg in ("sum", "last") and not parts.is_empty() and whole:
        sums = parts.group_by("series").agg(pl.col("value").sum()).sort("value", descending=True)
        shares = {r["series"]: float(r["value"]) / whole * 100 for r in sums.iter_rows(named=True)}
    first, last = cast(datetime, total["period_start"].min()), cast(datetime, total["period_start"].max())
    return SeriesSummary(
        first.date(), last.date(), total.height, float(total["value"][-1]), float(top["value"]), top["period_start"], shares
    )


def charging_details(snap: Snapshot, station_id: str) -> dict[str, Any] | None:
    rows = charging_stations(snap).filter(pl.col("station_id") == station_id)
    return rows.row(0, named=True) if not rows.is_empty() else None


# ---------------------------------------------------------------------------------------------------------------------
# Further map layers


def service_request_density(snap: Snapshot, *, days: int = 365, cell: float = 0.002) -> pl.DataFrame:
    """Defect reports of the last `days` days counted per grid cell: `lat`, `lon`, `n`, `first_at`, `last_at`."""
    if not snap.has_table("service_request"):
        return pl.DataFrame(schema={"lat": pl.Float64, "lon": pl.Float64, "n": pl.Int64})
    # relative to the newest report, not to today: a function of the snapshot alone, kept per snapshot
    return snap.memo(
        ("service_request_grid", days, cell), lambda: snap.query(sql("service_request_grid"), {"days": days, "cell": cell})
    )


def district_features(snap: Snapshot) -> dict[str, Any] | None:
    """District boundaries as a GeoJSON FeatureCollection (None when no districts are loaded)."""
    if not snap.has_table("district"):
        return None
    feats = []
    for did, name, text in snap.rows("select district_id, name, geojson from district order by name"):
        try:
            f = json.loads(text)
        except ValueError:
            continue
        if f.get("type") == "Feature":
            f.setdefault("properties", {})
            f["properties"].update({"district_id": did, "name": name, "tooltip": name})
            feats.append(f)
    return {"type": "FeatureCollection", "features": feats} if feats else None


def geojson_bounds(fc: dict[str, Any]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of all coordinates of a FeatureCollection."""
    lats: list[float] = []
    lons: list[float] = []

    def walk(c: Any) -> None:
        if isinstance(c, list | tuple) and len(c) >= 2 and all(isinstance(x, int | float) for x in c[:2]):
            lons.append(float(c[0]))
            lats.append(float(c[1]))
        elif isinstance(c, list | tuple):
            for x in c:
                walk(x)

    for f in fc.get("features", []):
        walk((f.get("geometry") or {}).get("coordinates", []))
    good = [(la, lo) for la, lo in zip(lats, lons, strict=True) if math.isfinite(la) and math.isfinite(lo)]
    if not good:
        return None
    return [[min(g[0] for g in good), min(g[1] for g in good)], [max(g[0] for g in good), max(g[1] for g in good)]]
