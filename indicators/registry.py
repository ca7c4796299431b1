"""Indicator registry: the Maßnahmenkatalog's indicators, with the computed ones defined in `indicators/definitions/`.

A computed indicator's texts, unit, level, direction, interval and query come from its record only; the catalogue
supplies what the city edits (baseline, target, public, responsible unit, example flag). Indicators that exist only
in the catalogue (values entered there) take everything from the catalogue.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import polars as pl

from indicators.cache import lookup
from indicators.definitions import Computation, IndicatorDef, all_definitions
from indicators.progress import default_basis
from indicators.queries import sql, weather_station
from indicators.store import Snapshot
from indicators.texts import localized
from indicators.thresholds import DROUGHT_THRESHOLD_VWC, HEAT_DAY_TMAX, PM10_DAILY_LIMIT

__all__ = [
    "COMPUTED",
    "DROUGHT_THRESHOLD_VWC",
    "HEAT_DAY_TMAX",
    "PM10_DAILY_LIMIT",
    "SERIES_TABLE",
    "Computation",
    "Indicator",
    "all_indicators",
    "get",
    "series",
    "series_key",
    "sql",
    "stored_series",
    "weather_station",
]


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    measure_id: str
    name: str
    definition: str
    unit: str
    ioo_level: str
    direction: str
    baseline_value: float | None
    baseline_date: date | None
    target_value: float | None
    target_date: date | None
    update_interval: str
    source: str
    responsible_unit: str
    is_public: bool
    caveats: str
    is_example: bool
    computation: Computation | None = None
    progress_basis: str | None = None  # the catalogue's Fortschrittsbasis; None: `default_basis` of the interval
    # the catalogue's English texts (`Name (en)`, …; `indicators.texts.localized`); "" = none: German (or gettext's).
    # Left out of repr, so of `series_key`: a translation does not change the series.
    name_en: str = field(default="", repr=False)
    definition_en: str = field(default="", repr=False)
    source_en: str = field(default="", repr=False)
    caveats_en: str = field(default="", repr=False)

    def text(self, name: str, lang: str) -> str:
        """`name` (name, definition, source, caveats) in `lang`, German where the catalogue has no English."""
        return localized(self, name, lang)

    @property
    def computed(self) -> bool:
        return self.computation is not None

    @property
    def basis(self) -> str:
        """The basis progress compares on (`indicators.progress.BASES`)."""
        return self.progress_basis or default_basis(self.update_interval)


REQUIRED_FIELDS = (
    "indicator_id",
    "measure_id",
    "name",
    "definition",
    "unit",
    "ioo_level",
    "direction",
    "update_interval",
    "source",
    "caveats",
)

# What the city edits for a computed indicator (catalogue columns); everything else comes from the record.
CITY_FIELDS = (
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "progress_basis",
    "is_public",
    "responsible_unit",
    "is_example",
    "name_en",
    "definition_en",
    "source_en",
    "caveats_en",
)
ENGLISH_FIELDS = ("name_en", "definition_en", "source_en", "caveats_en")


def from_definition(d: IndicatorDef, **city: Any) -> Indicator:
    """The indicator of a record, with the city's values where given (defaults: none, public, example)."""
    values: dict[str, Any] = {
        "baseline_value": None,
        "baseline_date": None,
        "target_value": None,
        "target_date": None,
        "progress_basis": None,
        "is_public": True,
        "responsible_unit": "Stabsstelle Digitalisierung",
        "is_example": True,
    }
    unknown = set(city) - set(CITY_FIELDS)
    if unknown:
        raise TypeError(f"not the city's to set for a computed indicator: {sorted(unknown)}")
    values.update(city)
    return Indicator(
        indicator_id=d.id,
        measure_id=d.measure_id,
        name=d.name,
        definition=d.definition,
        unit=d.unit,
        ioo_level=d.ioo_level,
        direction=d.direction,
        update_interval=d.update_interval,
        source=d.source,
        caveats=d.caveats,
        computation=d.computation,
        **values,
    )


# every computed indicator with no city values: for tests and tools that need a definition without a snapshot
COMPUTED: dict[str, Indicator] = {iid: from_definition(d) for iid, d in all_definitions().items()}


def _from_row(row: dict[str, Any]) -> Indicator:
    d = all_definitions().get(row["indicator_id"])
    if d is not None:
        return from_definition(
            d,
            baseline_value=row.get("baseline_value"),
            baseline_date=row.get("baseline_date"),
            target_value=row.get("target_value"),
            target_date=row.get("target_date"),
            progress_basis=row.get("progress_basis"),  # a snapshot from before the column: None
            is_public=bool(row["is_public"]),
            responsible_unit=row.get("responsible_unit") or "",
            is_example=bool(row["is_example"]),
            **_english(row),
        )
    return Indicator(
        indicator_id=row["indicator_id"],
        measure_id=row["measure_id"],
        name=row["name"],
        definition=row.get("definition") or "",
        unit=row["unit"],
        ioo_level=row["ioo_level"],
        direction=row["direction"],
        baseline_value=row.get("baseline_value"),
        baseline_date=row.get("baseline_date"),
        target_value=row.get("target_value"),
        target_date=row.get("target_date"),
        update_interval=row["update_interval"],
        source=row.get("source") or "",
        responsible_unit=row.get("responsible_unit") or "",
        is_public=bool(row["is_public"]),
        caveats=row.get("caveats") or "",
        is_example=bool(row["is_example"]),
        progress_basis=row.get("progress_basis"),
        name_en=row.get("name_en") or "",  # a snapshot from before the English columns: "" (German is shown)
        definition_en=row.get("definition_en") or "",
        source_en=row.get("source_en") or "",
        caveats_en=row.get("caveats_en") or "",
    )


def _english(row: dict[str, Any]) -> dict[str, str]:
    """The row's English texts; a snapshot built before the columns has none (German is shown)."""
    return {k: row.get(k) or "" for k in ENGLISH_FIELDS}


def all_indicators(snap: Snapshot) -> list[Indicator]:
    """Catalogue indicators (with computations bound where known), plus computed ones the catalogue lacks."""
    return list(snap.memo("all_indicators", lambda: _all_indicators(snap)))


def _all_indicators(snap: Snapshot) -> tuple[Indicator, ...]:
    rows = (
        snap.query("select * from indicator order by measure_id, indicator_id").to_dicts() if snap.has_table("indicator") else []
    )
    out = [_from_row(r) for r in rows]
    have = {i.indicator_id for i in out}
    measures = {r[0] for r in snap.rows("select measure_id from measure")} if snap.has_table("measure") else set()
    # a public snapshot holds only the catalogue's public indicators: one the catalogue lacks is not public
    if not snap.is_public:
        out.extend(ind for iid, ind in COMPUTED.items() if iid not in have and ind.measure_id in measures)
    return tuple(out)


def get(snap: Snapshot, indicator_id: str) -> Indicator:
    for ind in all_indicators(snap):
        if ind.indicator_id == indicator_id:
            return ind
    raise KeyError(indicator_id)


def series(snap: Snapshot, ind: Indicator, *, station: str | None = None) -> pl.DataFrame:
    """The indicator's series: `period_start` (date), `value` (float), maybe further columns (n, stations).

    A series `etl publish` stored is read from the snapshot (kept per published snapshot by `Snapshot.memo`), ahead of
    the result cache: reading it costs less than a round trip to the cache, and the first view of the overview would
    otherwise write 35 stored series into a file cache. Others are cached per published snapshot in the snapshot's
    result cache, if it has one (indicators/cache.py). Callers must not change it in place.
    """
    if station is None:
        stored = _stored_only(snap, ind)
        if stored is not None:
            return stored
    return lookup("series", snap, (ind, station, _query_digest(ind)), lambda: _series(snap, ind, station=station))


# `etl publish` computes every indicator's series once and stores it in the snapshot (Arrow IPC stream per indicator), so
# the first view after a publish reads it instead of running the indicator's SQL. The key names every field of the
# indicator (record and catalogue values) and the query's SQL text: a changed definition, catalogue or .sql file does
# not match and is computed as before.
SERIES_TABLE = "indicator_series"


def _query_digest(ind: Indicator) -> str:
    """sha256 of the SQL text the indicator's series runs (an edited .sql file changes it)."""
    name = ind.computation.query if ind.computation is not None else "catalogue_values"
    return hashlib.sha256(sql(name).encode("utf-8")).hexdigest()


def series_key(ind: Indicator, station: str | None = None) -> str:
    return hashlib.sha256(repr((ind, station, _query_digest(ind))).encode("utf-8")).hexdigest()[:32]


def _stored_blobs(snap: Snapshot) -> dict[str, bytes]:
    """The snapshot's stored series, read in one query per published snapshot (a few hundred KB at most)."""
    return snap.memo(
        "stored_series_blobs",
        lambda: dict(snap.rows(f"select key, ipc from {SERIES_TABLE}")) if snap.has_table(SERIES_TABLE) else {},
    )


def _stored_only(snap: Snapshot, ind: Indicator) -> pl.DataFrame | None:
    """The city-wide series as `publish` stored it; None where the snapshot has none under the indicator's key."""
    key = series_key(ind)
    blob = _stored_blobs(snap).get(key)
    if blob is None:
        return None
    return snap.memo(("stored_series", key), lambda: _read_series_blob(blob))


def _stored_series(snap: Snapshot, ind: Indicator, *, station: str | None) -> pl.DataFrame:
    stored = _stored_only(snap, ind) if station is None else None
    return stored if stored is not None else _series(snap, ind, station=station)


def _read_series_blob(blob: bytes) -> pl.DataFrame:
    """A stored series: Arrow IPC stream (0.01 ms to read), or the IPC file format of snapshots published before
    (0.5 ms: the overview reads every indicator's series)."""
    if blob[:6] == b"ARROW1":
        return pl.read_ipc(io.BytesIO(blob))
    return pl.read_ipc_stream(io.BytesIO(blob))


def stored_series(snap: Snapshot) -> pl.DataFrame:
    """Every indicator's series for `SERIES_TABLE`: key, indicator_id, ipc (the frame as Arrow IPC stream bytes)."""
    keys, ids, blobs = [], [], []
    for ind in all_indicators(snap):
        buf = io.BytesIO()
        _series(snap, ind, station=None).write_ipc_stream(buf)
        keys.append(series_key(ind))
        ids.append(ind.indicator_id)
        blobs.append(buf.getvalue())
    return pl.DataFrame(
        {"key": keys, "indicator_id": ids, "ipc": blobs}, schema={"key": pl.Utf8, "indicator_id": pl.Utf8, "ipc": pl.Binary}
    )


def _series(snap: Snapshot, ind: Indicator, *, station: str | None) -> pl.DataFrame:
    if ind.computation is None:
        return snap.query(sql("catalogue_values"), {"indicator": ind.indicator_id})
    params = ind.computation.bound_params(snap, station)
    if params is None:
        return pl.DataFrame(schema={"period_start": pl.Date, "value": pl.Float64})
    return snap.query(sql(ind.computation.query), params)


def with_overrides(ind: Indicator, **changes: Any) -> Indicator:
    return replace(ind, **changes)
