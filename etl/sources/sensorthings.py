"""OGC SensorThings API JSON (FROST-Server): Things, Datastreams and Observations mapped to canonical metrics."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from etl.errors import FileRejected
from etl.frames import observation_frame, station_frame
from etl.parsing import RowRejected, decode_text, iso_to_utc, json_object, load_json, to_number
from etl.registry import Parsed, Source, register
from etl.stations import station_id

SOURCE = "sta"
KINDS = frozenset(
    {
        "bike_counter",
        "pedestrian_counter",
        "air_quality",
        "weather",
        "tree_sensor",
        "charging_station",
        "wifi_node",
        "sensor",
    }
)
INCOMPLETE = "Seite unvollständig: weitere Seiten unter @iot.nextLink nicht enthalten"
DEPTH_CM = re.compile(r"(\d+(?:[.,]\d+)?)\s*cm\b", re.IGNORECASE)

Convert = Callable[[float], float]


def _same(x: float) -> float:
    return x


def _percent(x: float) -> float:
    return x * 100.0


# Units per canonical quantity: normalised unit symbol or name (lower case, no spaces) -> conversion to the canonical unit
MASS_CONC: dict[str, Convert] = {
    "µg/m³": _same,
    "µg/m3": _same,
    "ug/m3": _same,
    "ug/m³": _same,
    "μg/m³": _same,
    "μg/m3": _same,
    "ug.m-3": _same,
    "microgrampercubicmeter": _same,
    "mg/m³": lambda x: x * 1000.0,
    "mg/m3": lambda x: x * 1000.0,
}
TEMPERATURE: dict[str, Convert] = {
    "°c": _same,
    "degc": _same,
    "cel": _same,
    "celsius": _same,
    "degreecelsius": _same,
    "gradcelsius": _same,
    "k": lambda x: x - 273.15,
    "kelvin": lambda x: x - 273.15,
    "°f": lambda x: (x - 32.0) * 5.0 / 9.0,
    "degf": lambda x: (x - 32.0) * 5.0 / 9.0,
    "[degf]": lambda x: (x - 32.0) * 5.0 / 9.0,
    "fahrenheit": lambda x: (x - 32.0) * 5.0 / 9.0,
}
PERCENT: dict[str, Convert] = {
    "%": _same,
    "percent": _same,
    "prozent": _same,
    "%rh": _same,
    "%vol": _same,
    "vol%": _same,
    "1": _percent,
    "fraction": _percent,
    "m3/m3": _percent,
    "m³/m³": _percent,
    "m3.m-3": _percent,
}
PRESSURE: dict[str, Convert] = {"hpa": _same, "mbar": _same, "pa": lambda x: x / 100.0, "kpa": lambda x: x * 10.0}


@dataclass(frozen=True)
class Quantity:
    """A canonical quantity: how to recognise it in property names, its metric, and its accepted units."""

    metric: str
    unit: str
    units: dict[str, Convert]
    match: Callable[[str], bool]
    per_depth: bool = False


def _has(*words: str, without: tuple[str, ...] = (), also: tuple[str, ...] = ()) -> Callable[[str], bool]:
    """Text contains one of `words`, one of `also` (when given) and none of `without`."""
    return lambda text: (
        any(w in text for w in words) and (not also or any(a in text for a in also)) and not any(w in text for w in without)
    )


SOIL = ("soil", "boden")
# temperatures and humidities of other media stay their own `sta_` metrics instead of passing for the air's
NOT_AIR = (
    "water",
    "wasser",
    "surface",
    "oberfläche",
    "road",
    "straße",
    "strasse",
    "device",
    "gerät",
    "cpu",
    "internal",
    "interne",
    "battery",
    "batterie",
)
# Order matters: soil quantities before the air quantities whose words they contain
QUANTITIES = (
    Quantity("pm2_5", "µg/m³", MASS_CONC, _has("pm2.5", "pm2_5", "pm25", "pm 2.5", "pm2,5")),
    Quantity("pm10", "µg/m³", MASS_CONC, _has("pm10", "pm 10")),
    Quantity(
        "soil_moisture_vwc",
        "%",
        PERCENT,
        _has("soil moisture", "soil_moisture", "soilmoisture", "bodenfeuchte", "volumetric water", "vwc"),
        per_depth=True,
    ),
    Quantity("soil_temperature", "°C", TEMPERATURE, _has("temperat", also=SOIL), per_depth=True),
    Quantity("air_temperature", "°C", TEMPERATURE, _has("temperature", "temperatur", without=SOIL + NOT_AIR)),
    Quantity("relative_humidity", "%", PERCENT, _has("humidity", "feuchte", without=SOIL + NOT_AIR)),
    Quantity("air_pressure", "hPa", PRESSURE, _has("pressure", "luftdruck", without=SOIL + NOT_AIR + ("sound", "schall"))),
)


def slug(text: str) -> str:
    """ASCII snake_case of a name or unit (`Lärm LAeq` -> `laerm_laeq`, `dB(A)` -> `db_a`)."""
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae").replace("Ö", "Oe")
    text = text.replace("Ü", "Ue").replace("ß", "ss").replace("%", " percent ").replace("°", " deg ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _unit_key(unit: dict[str, Any]) -> list[str]:
    keys = []
    for k in ("symbol", "name"):
        v = unit.get(k)
        if isinstance(v, str) and v.strip():
            keys.append(re.sub(r"\s+", "", v.strip().lower()).replace("^3", "³"))
    return keys


def _depth_cm(datastream: dict[str, Any], thing: dict[str, Any]) -> str | None:
    """Probe depth in whole cm from properties (`depth_cm`, `depth` with cm or m) or a '30 cm' in the Datastream name."""
    for props in (datastream.get("properties"), thing.get("properties")):
        if not isinstance(props, dict):
            continue
        for key in ("depth_cm", "depthCm", "tiefe_cm"):
            v = props.get(key)
            if isinstance(v, int | float) and not isinstance(v, bool):
                return f"{abs(v):g}"
        v = props.get("depth", props.get("tiefe"))
        if isinstance(v, str) and (m := DEPTH_CM.search(v)):
            return f"{abs(float(m.group(1).replace(',', '.'))):g}"
    for key in ("name", "description"):
        v = datastream.get(key)
        if isinstance(v, str) and (m := DEPTH_CM.search(v)):
            return f"{abs(float(m.group(1).replace(',', '.'))):g}"
    return None


@dataclass(frozen=True)
class Mapping:
    """How one Datastream's results become observations, or why they cannot."""

    metric: str | None
    convert: Convert = _same
    reason: str | None = None


def map_datastream(datastream: dict[str, Any], thing: dict[str, Any]) -> Mapping:
    """The canonical metric and unit conversion of a Datastream; unknown properties become `sta_<property>[_<unit>]`."""
    prop = json_object(datastream.get("ObservedProperty"))
    prop_name = str(prop.get("name") or "").strip()
    ds_name = str(datastream.get("name") or "").strip()
    text = " ".join([prop_name, str(prop.get("definition") or ""), ds_name]).lower()
    unit = json_object(datastream.get("unitOfMeasurement"))
    unit_keys = _unit_key(unit)
    for q in QUANTITIES:
        if not q.match(text):
            continue
        convert = next((q.units[k] for k in unit_keys if k in q.units), None)
        if convert is None:
            shown = unit.get("symbol") or unit.get("name") or "ohne Einheit"
            return Mapping(None, reason=f"Einheit {shown!r} für {q.metric} nicht umrechenbar (erwartet {q.unit})")
        metric = q.metric
        if q.per_depth and (depth := _depth_cm(datastream, thing)) is not None:
            metric = f"{metric}_{depth}cm"
        return Mapping(metric, convert)
    base = slug(prop_name or ds_name)
    if not base:
        return Mapping(None, reason="Datastream ohne ObservedProperty und ohne Namen")
    unit_part = slug(str(unit.get("symbol") or unit.get("name") or ""))
    # the unit is part of the name, so one metric never mixes units
    return Mapping(f"sta_{base}_{unit_part}" if unit_part and unit_part not in ("1", "none") else f"sta_{base}")


def _entity_id(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str) and str(value).strip():
        return str(value).strip()
    return None


def _linked_id(entity: dict[str, Any], target: str) -> str | None:
    """The id of a linked entity: expanded (`"Thing": {"@iot.id": 1}`) or a link ending in `Things(1)`."""
    expanded = entity.get(target)
    if isinstance(expanded, dict):
        return _entity_id(expanded.get("@iot.id"))
    link = entity.get(f"{target}@iot.navigationLink")
    if isinstance(link, str) and (m := re.search(rf"/{target}s\(('?)([^()']+)\1\)$", link)):
        return m.group(2)
    return None


def _point(thing: dict[str, Any]) -> tuple[float | None, float | None]:
    """lat/lon of the Thing's first GeoJSON Point Location (coordinates are [lon, lat]); impossible values are NULL."""
    for loc in thing.get("Locations") or []:
        if not isinstance(loc, dict):
            continue
        geo = loc.get("location")
        if isinstance(geo, dict) and geo.get("type") == "Feature":
            geo = geo.get("geometry")
        if isinstance(geo, dict) and geo.get("type") == "Point":
            c = geo.get("coordinates")
            if (
                isinstance(c, list)
                and len(c) >= 2
                and all(isinstance(x, int | float) and not isinstance(x, bool) for x in c[:2])
                and -180 <= c[0] <= 180
                and -90 <= c[1] <= 90
                and not (c[0] == 0 and c[1] == 0)
            ):
                return float(c[1]), float(c[0])
    return None, None


def _station(thing: dict[str, Any], tid: str) -> dict[str, Any]:
    props = json_object(thing.get("properties"))
    kind = next((str(props[k]) for k in ("kind", "stationKind", "type") if str(props.get(k)) in KINDS), "sensor")
    lat, lon = _point(thing)
    name = thing.get("name")
    return {
        "station_id": station_id(SOURCE, tid),
        "kind": kind,
        "name": name if isinstance(name, str) else None,
        "lat": lat,
        "lon": lon,
        "source": "SensorThings API",
    }


def _value(result: Any) -> float | None:
    try:
        return to_number(result, missing=())
    except RowRejected:
        raise RowRejected(f"result ist keine Zahl: {result!r}") from None


def _phenomenon_start(value: Any) -> Any:
    if isinstance(value, str) and "/" in value:
        return value.split("/", 1)[0]  # an interval "start/end" is stored at its start
    return value


def _documents(doc: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Things, Datastreams and Observations of either layout, plus every @iot.nextLink that points at missing data."""
    links: list[str] = []
    if isinstance(doc, dict) and isinstance(doc.get("value"), list):
        if isinstance(doc.get("@iot.nextLink"), str):
            links.append(doc["@iot.nextLink"])
        things = [t for t in doc["value"] if isinstance(t, dict)]
        if any("unitOfMeasurement" in t or "phenomenonTime" in t for t in things):
            raise FileRejected(
                "SensorThings: nur Seiten von Things (mit $expand=Locations,Datastreams/Observations) werden gelesen"
            )
        return things, [], [], links
    if isinstance(doc, dict) and any(k in doc for k in ("Things", "Datastreams", "Observations")):
        parts = []
        for key in ("Things", "Datastreams", "Observations"):
            part = doc.get(key, [])
            if isinstance(part, dict) and isinstance(part.get("value"), list):  # a saved response page per entity set
                if isinstance(part.get("@iot.nextLink"), str):
                    links.append(part["@iot.nextLink"])
                part = part["value"]
            if not isinstance(part, list):
                raise FileRejected(f"SensorThings: {key!r} ist keine Liste")
            parts.append([p for p in part if isinstance(p, dict)])
        return parts[0], parts[1], parts[2], links
    raise FileRejected("SensorThings: weder Antwortseite ('value') noch Export mit 'Things'/'Datastreams'/'Observations'")


@register
class SensorThingsJson(Source):
    kind = "sensorthings"
    label = "OGC SensorThings API (FROST-Server) JSON"
    write_modes = {"station": "merge", "observation": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        text = decode_text(head).lstrip()
        if not text.startswith("{"):
            return False
        iot = re.search(r'"@iot\.(id|selfLink|nextLink|navigationLink)"', text) is not None
        entities = re.search(r'"(Things|Datastreams|Observations|Locations)"\s*:', text) is not None
        return iot and entities

    def parse(self, data: bytes, name: str) -> Parsed:
        things, datastreams, observations, links = _documents(load_json(data))
        stations: dict[str, dict[str, Any]] = {}
        thing_of_ds: dict[str, str] = {}
        thing_by_id: dict[str, dict[str, Any]] = {}
        # (Datastream, its Thing id or None) in document order
        streams: list[tuple[dict[str, Any], str | None]] = []
        for thing in things:
            tid = _entity_id(thing.get("@iot.id"))
            if tid is None:
                continue
            thing_by_id[tid] = thing
            stations[tid] = _station(thing, tid)
            for ds in thing.get("Datastreams") or []:
                if isinstance(ds, dict):
                    streams.append((ds, tid))
                    if (dsid := _entity_id(ds.get("@iot.id"))) is not None:
                        thing_of_ds[dsid] = tid
                    links += [ds["Observations@iot.nextLink"]] if isinstance(ds.get("Observations@iot.nextLink"), str) else []
        for ds in datastreams:
            tid = _linked_id(ds, "Thing")
            if tid is None and (dsid := _entity_id(ds.get("@iot.id"))) is not None:
                tid = thing_of_ds.get(dsid)
            if isinstance(ds.get("Thing"), dict) and tid is not None and tid not in stations:
                thing_by_id[tid] = ds["Thing"]
                stations[tid] = _station(ds["Thing"], tid)
            if tid is not None and (dsid := _entity_id(ds.get("@iot.id"))) is not None:
                thing_of_ds[dsid] = tid
            streams.append((ds, tid))
            links += [ds["Observations@iot.nextLink"]] if isinstance(ds.get("Observations@iot.nextLink"), str) else []
        ds_by_id = {dsid: (ds, tid) for ds, tid in streams if (dsid := _entity_id(ds.get("@iot.id"))) is not None}

        rows: list[dict[str, Any]] = []
        rejected: list[tuple[int | None, str, str]] = []
        n = 0
        for line, ds, tid, ob in _all_observations(streams, observations, ds_by_id):
            n = line
            raw = json.dumps({k: ob.get(k) for k in ("@iot.id", "phenomenonTime", "result")}, ensure_ascii=False, default=str)
            try:
                rows.append({**_observation_row(ds, tid, ob, thing_by_id), "_line": line, "_raw": raw})
            except RowRejected as e:
                rejected.append((line, str(e), raw))
        rows_in = n
        if links:
            # the rest of the data cannot be fetched at load time; recorded once, counted as one input not loaded,
            # so rows_loaded stays exactly the number of observations written
            rejected.append((None, INCOMPLETE + (f" ({len(links)} Verweise)" if len(links) > 1 else ""), links[0]))
            rows_in += 1
        for _, tid in streams:
            if tid is not None and tid not in stations:
                stations[tid] = _station({}, tid)  # known only by id: a station without name or position
        # Things without observations are kept as stations: a Thing that sends nothing is worth seeing
        station_rows = list(stations.values())
        return Parsed(
            tables={
                "station": station_frame(station_rows),
                "observation": observation_frame(rows),
            },
            rejected=rejected,
            rows_in=rows_in,
        )


def _all_observations(
    streams: list[tuple[dict[str, Any], str | None]],
    observations: list[dict[str, Any]],
    ds_by_id: dict[str, tuple[dict[str, Any], str | None]],
) -> Iterator[tuple[int, dict[str, Any] | None, str | None, dict[str, Any]]]:
    """Every observation with a running 1-based number in document order and its Datastream and Thing, if known."""
    line = 0
    for stream, stream_tid in streams:
        for ob in stream.get("Observations") or []:
            if isinstance(ob, dict):
                line += 1
                yield line, stream, stream_tid, ob
    for ob in observations:
        line += 1
        dsid = _linked_id(ob, "Datastream")
        ds, tid = ds_by_id.get(dsid, (None, None)) if dsid is not None else (None, None)
        if ds is None and isinstance(ob.get("Datastream"), dict):
            ds = ob["Datastream"]
            tid = _linked_id(ds, "Thing")
        yield line, ds, tid, ob


def _observation_row(
    ds: dict[str, Any] | None, tid: str | None, ob: dict[str, Any], things: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    if ds is None:
        raise RowRejected("Observation ohne zuordenbaren Datastream")
    if tid is None:
        raise RowRejected("Datastream ohne zuordenbares Thing")
    mapping = map_datastream(ds, things.get(tid, {}))
    if mapping.metric is None:
        raise RowRejected(mapping.reason or "Datastream nicht zuordenbar")
    ts = iso_to_utc(_phenomenon_start(ob.get("phenomenonTime")), field="phenomenonTime")
    if ts is None:
        raise RowRejected("phenomenonTime fehlt")
    value = _value(ob.get("result"))
    if value is not None:
        value = mapping.convert(value)
        if not math.isfinite(value):  # e.g. -1e308 °F overflows in the conversion to °C
            raise RowRejected(f"result nach Umrechnung keine endliche Zahl: {ob.get('result')!r}")
    return {
        "station_id": station_id(SOURCE, tid),
        "ts": ts,
        "metric": mapping.metric,
        # rounding drops the float noise of a conversion (0.55 * 100 = 55.00000000000001), far below any sensor's precision
        "value": round(value, 9) if value is not None else None,
    }
