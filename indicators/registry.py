"""Indicator registry: every indicator of the catalogue, with the computed ones bound to named SQL in `indicators/sql/`.

Metadata (IOOI level, unit, direction, baseline, target, update interval, source, caveats) comes from the
Maßnahmenkatalog; computed indicators carry defaults here that the catalogue overrides where it has the id.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

from indicators import cache as result_cache
from indicators.store import Snapshot

DROUGHT_THRESHOLD_VWC = 15.0  # % volumetric at 30 cm: below this, young street trees show drought stress
PM10_DAILY_LIMIT = 50.0  # µg/m³, EU daily limit value (Directive 2008/50/EC)
HEAT_DAY_TMAX = 30.0  # °C, DWD "heißer Tag"


@cache
def sql(name: str) -> str:
    """The named query `indicators/sql/<name>.sql`."""
    return resources.files("indicators").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Computation:
    """How a computed indicator's series comes from the warehouse: a named query with bound parameters."""

    query: str
    params: dict[str, Any] = field(default_factory=dict)
    per_station: str | None = None  # station kind when the series can be drawn per station


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

    @property
    def computed(self) -> bool:
        return self.computation is not None


REQUIRED_FIELDS = ("indicator_id", "measure_id", "name", "definition", "unit", "ioo_level", "direction", "update_interval",
                   "source", "caveats")


def _ind(iid: str, measure: str, name: str, definition: str, unit: str, level: str, direction: str, interval: str,
         source: str, caveats: str, comp: Computation) -> Indicator:
    return Indicator(iid, measure, name, definition, unit, level, direction, None, None, None, None, interval, source,
                     "Stabsstelle Digitalisierung", True, caveats, True, comp)


COMPUTED: dict[str, Indicator] = {
    i.indicator_id: i
    for i in [
        _ind("rad_dtv", "radverkehrszaehlstellen", "Radverkehr: durchschnittliche tägliche Radfahrten (DTV)",
             "Summe der mittleren Tageszählungen aller Radzählstellen je Monat; nur vollständige Tage (≥ 90 % der Intervalle)",
             "Radfahrten/Tag", "outcome", "increase", "P1M", "Eco-Counter-Zählstellen",
             "Neue oder ausgefallene Zählstellen verändern die Summe (Reihenbruch); Wetter beeinflusst stark.",
             Computation("monthly_dtv", {"metric": "bicycles", "kind": "bike_counter"}, per_station="bike_counter")),
        _ind("passanten_tag", "passantenfrequenzmessung", "Passantenfrequenz: Fußgänger pro Tag",
             "Summe der mittleren Tageszählungen aller Messorte je Monat; nur vollständige Tage",
             "Passanten/Tag", "outcome", "increase", "P1M", "hystreet.com-Laserzähler",
             "Baustellen und Veranstaltungen verändern die Frequenz kurzfristig.",
             Computation("monthly_dtv", {"metric": "pedestrians", "kind": "pedestrian_counter"}, per_station="pedestrian_counter")),
        _ind("pm10_tagesmittel", "umweltsensoren", "Feinstaub PM10: mittlere Tageskonzentration",
             "Monatsmittel der Tagesmittel aller Umweltsensoren", "µg/m³", "impact", "decrease", "P1M",
             "sensor.community-Sensoren (SDS011)",
             "Low-Cost-Sensoren überschätzen bei hoher Luftfeuchte; kein Ersatz für amtliche Messstationen.",
             Computation("monthly_mean_of_daily", {"metric": "pm10", "kind": "air_quality"})),
        _ind("pm25_tagesmittel", "umweltsensoren", "Feinstaub PM2,5: mittlere Tageskonzentration",
             "Monatsmittel der Tagesmittel aller Umweltsensoren", "µg/m³", "impact", "decrease", "P1M",
             "sensor.community-Sensoren (SDS011)", "Wie PM10: Low-Cost-Sensoren, feuchteempfindlich.",
             Computation("monthly_mean_of_daily", {"metric": "pm2_5", "kind": "air_quality"})),
        _ind("pm10_ueberschreitungstage", "umweltsensoren", "Tage über dem EU-Tagesgrenzwert PM10",
             f"Tage pro Jahr mit PM10-Tagesmittel über {PM10_DAILY_LIMIT:.0f} µg/m³ am am stärksten belasteten Sensor",
             "Tage/Jahr", "impact", "decrease", "P1Y", "sensor.community-Sensoren",
             "EU-Grenzwert gilt für amtliche Messpunkte; hier Orientierungswert. Laufendes Jahr unvollständig.",
             Computation("yearly_days_above", {"metric": "pm10", "kind": "air_quality", "limit": PM10_DAILY_LIMIT})),
        _ind("hitzetage", "umweltsensoren", "Heiße Tage (Tmax ≥ 30 °C)",
             f"Tage pro Jahr mit Tageshöchsttemperatur ≥ {HEAT_DAY_TMAX:.0f} °C an der DWD-Station", "Tage/Jahr", "impact",
             "decrease", "P1Y", "Deutscher Wetterdienst, Station 07341 Offenbach-Wetterpark",
             "Kontextindikator: von der Stadt kaum beeinflussbar; laufendes Jahr unvollständig.",
             Computation("yearly_heat_days", {"station": None})),
        _ind("baum_trockenstresstage", "baumsensoren", "Trockenstresstage der Stadtbäume",
             f"Tage pro Jahr mit Bodenfeuchte in 30 cm unter {DROUGHT_THRESHOLD_VWC:.0f} % (vol.), Mittel über die Baumsensoren",
             "Tage/Jahr", "outcome", "decrease", "P1Y", "climavi-Bodenfeuchtesensoren",
             f"Schwelle {DROUGHT_THRESHOLD_VWC:.0f} % vol. ist ein Richtwert; Bodenart beeinflusst ihn.",
             Computation("yearly_drought_days", {"threshold": DROUGHT_THRESHOLD_VWC})),
        _ind("ladepunkte_oeffentlich", "e-ladestationen", "Öffentliche Ladepunkte in Offenbach",
             "Ladepunkte laut jüngster Veröffentlichung des Ladesäulenregisters, kumuliert nach Inbetriebnahmedatum",
             "Anzahl", "output", "increase", "P1M", "Bundesnetzagentur, Ladesäulenregister",
             "Meldepflicht erst seit 2016 vollständig; stillgelegte Ladepunkte fehlen in späteren Veröffentlichungen.",
             Computation("charge_points", {"measure": "points"})),
        _ind("ladeleistung_kw", "e-ladestationen", "Öffentliche Ladeleistung in Offenbach",
             "Summe der Anschlussleistung laut Ladesäulenregister, kumuliert nach Inbetriebnahmedatum", "kW", "output",
             "increase", "P1M", "Bundesnetzagentur, Ladesäulenregister", "Wie Ladepunkte.",
             Computation("charge_points", {"measure": "power"})),
        _ind("sauberkeit_48h_quote", "48h-dreck-weg-plus", "Sauberkeitsmeldungen in 48 Stunden erledigt",
             "Anteil der Meldungen zu Müll und Verschmutzung eines Monats, die innerhalb von 48 Stunden geschlossen wurden",
             "%", "outcome", "increase", "P1M", "Mängelmelder+ (Open311)",
             "Meldungen ohne Abschlussstatus zählen als nicht erledigt (Vollständigkeit je Monat ausgewiesen).",
             Computation("cleanliness_monthly", {"measure": "share48"})),
        _ind("sauberkeit_median_stunden", "48h-dreck-weg-plus", "Mediane Bearbeitungszeit von Sauberkeitsmeldungen",
             "Median der Stunden von Meldung bis Abschluss, Meldungen eines Monats", "Stunden", "outcome", "decrease", "P1M",
             "Mängelmelder+ (Open311)", "Nur geschlossene Meldungen; offene fehlen im Median (Vollständigkeit beachten).",
             Computation("cleanliness_monthly", {"measure": "median_hours"})),
        _ind("freifunk_clients", "freifunk", "Freifunk: gleichzeitig verbundene Geräte",
             "Monatsmittel der Summe verbundener Geräte über alle Knoten je Snapshot", "Anzahl", "outcome", "increase", "P1M",
             "Freifunk meshviewer.json", "Zeitpunkt der Snapshots beeinflusst den Wert (Tageszeit).",
             Computation("wifi_monthly", {"metric": "wifi_clients"})),
        _ind("freifunk_knoten_online", "freifunk", "Freifunk: Knoten online", "Monatsmittel der Knoten online je Snapshot",
             "Anzahl", "output", "increase", "P1M", "Freifunk meshviewer.json", "Private Knoten kommen und gehen.",
             Computation("wifi_monthly", {"metric": "node_online"})),
        _ind("sensordatenplattform_datastreams", "sensordatenplattform", "Sensordatenplattform: aktive Datenströme",
             "Anzahl der Datenströme (Station × Messgröße) mit Werten im Monat", "Anzahl", "output", "increase", "P1M",
             "OGC SensorThings API", "Zählt nur, was in die Plattform geladen wurde.",
             Computation("datastreams_monthly", {})),
    ]
}


def _from_row(row: dict[str, Any]) -> Indicator:
    comp = COMPUTED.get(row["indicator_id"])
    base = Indicator(
        indicator_id=row["indicator_id"], measure_id=row["measure_id"], name=row["name"],
        definition=row.get("definition") or (comp.definition if comp else ""), unit=row["unit"],
        ioo_level=row["ioo_level"], direction=row["direction"], baseline_value=row.get("baseline_value"),
        baseline_date=row.get("baseline_date"), target_value=row.get("target_value"), target_date=row.get("target_date"),
        update_interval=row["update_interval"], source=row.get("source") or (comp.source if comp else ""),
        responsible_unit=row.get("responsible_unit") or "", is_public=bool(row["is_public"]),
        caveats=row.get("caveats") or (comp.caveats if comp else ""), is_example=bool(row["is_example"]),
        computation=comp.computation if comp else None,
    )
    return base


def all_indicators(snap: Snapshot) -> list[Indicator]:
    """Catalogue indicators (with computations bound where known), plus computed ones the catalogue lacks."""
    return list(snap.memo("all_indicators", lambda: _all_indicators(snap)))


def _all_indicators(snap: Snapshot) -> tuple[Indicator, ...]:
    rows = snap.query("select * from indicator order by measure_id, indicator_id").to_dicts() if snap.has_table("indicator") else []
    out = [_from_row(r) for r in rows]
    have = {i.indicator_id for i in out}
    measures = {r[0] for r in snap.rows("select measure_id from measure")} if snap.has_table("measure") else set()
    for iid, ind in COMPUTED.items():
        if iid not in have and ind.measure_id in measures and not snap_is_public(snap):
            out.append(ind)
    return tuple(out)


def snap_is_public(snap: Snapshot) -> bool:
    """A public snapshot has no rejected_row table: only its catalogue's public indicators exist there."""
    return not snap.has_table("rejected_row")


def get(snap: Snapshot, indicator_id: str) -> Indicator:
    for ind in all_indicators(snap):
        if ind.indicator_id == indicator_id:
            return ind
    raise KeyError(indicator_id)


def series(snap: Snapshot, ind: Indicator, *, station: str | None = None) -> pl.DataFrame:
    """The indicator's series: `period_start` (date), `value` (float), maybe further columns (n, stations).

    Cached per published snapshot where a cache is active (indicators/cache.py); callers must not change it in place.
    """
    return result_cache.lookup("series", snap, (ind, station), lambda: _stored_series(snap, ind, station=station))


# `etl publish` computes every indicator's series once and stores it in the snapshot (Arrow IPC stream per indicator), so
# the first view after a publish reads it instead of running the indicator's SQL. The key names every field of the
# indicator definition: a changed definition (new code, catalogue) does not match and is computed as before.
SERIES_TABLE = "indicator_series"


def series_key(ind: Indicator, station: str | None = None) -> str:
    return hashlib.sha256(repr((ind, station)).encode("utf-8")).hexdigest()[:32]


def _stored_blobs(snap: Snapshot) -> dict[str, bytes]:
    """The snapshot's stored series, read in one query per published snapshot (a few hundred KB at most)."""
    return snap.memo("stored_series_blobs", lambda: dict(snap.rows(f"select key, ipc from {SERIES_TABLE}"))
                     if snap.has_table(SERIES_TABLE) else {})


def _stored_series(snap: Snapshot, ind: Indicator, *, station: str | None) -> pl.DataFrame:
    if station is None:
        key = series_key(ind)
        blob = _stored_blobs(snap).get(key)
        if blob is not None:
            return snap.memo(("stored_series", key), lambda: _read_series_blob(blob))
    return _series(snap, ind, station=station)


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
    return pl.DataFrame({"key": keys, "indicator_id": ids, "ipc": blobs},
                        schema={"key": pl.Utf8, "indicator_id": pl.Utf8, "ipc": pl.Binary})


def _series(snap: Snapshot, ind: Indicator, *, station: str | None) -> pl.DataFrame:
    if ind.computation is None:
        return snap.query(sql("catalogue_values"), {"indicator": ind.indicator_id})
    params = dict(ind.computation.params)
    q = ind.computation.query
    if q == "monthly_dtv":
        params["station"] = station
    if q == "yearly_heat_days":
        params["station"] = weather_station(snap)
        if params["station"] is None:
            return pl.DataFrame(schema={"period_start": pl.Date, "value": pl.Float64})
    return snap.query(sql(q), params)


def weather_station(snap: Snapshot) -> str | None:
    rows = snap.rows(sql("weather_station"))
    return rows[0][0] if rows else None


def with_overrides(ind: Indicator, **changes: Any) -> Indicator:
    return replace(ind, **changes)
