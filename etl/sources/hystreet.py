"""hystreet.com pedestrian counts: the CSV download of the web portal and the API v2 JSON of one location."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import polars as pl

from etl.errors import FileRejected
from etl.frames import detail_frame, observation_frame, observations, shape, station_frame
from etl.parsing import (
    JSON_MISSING,
    REPLACEMENT,
    RowRejected,
    decode_text,
    detect_decimal_comma,
    find_column,
    head_has_header,
    iso_to_utc,
    json_object,
    load_json,
    local_to_utc,
    number_invalid,
    offset_times_to_utc,
    parse_number,
    read_delimited,
    restore_words,
    rows_where,
    split_cells,
    to_number,
)
from etl.registry import Parsed, Reject, Source, register
from etl.stations import station_id

SOURCE_LABEL = "hystreet.com"
KIND = "pedestrian_counter"

# Column names of the portal download (German UI); matched case-insensitively, never by position.
HEADER_SCAN_ROWS = 31  # the header and up to 30 preamble rows above it, as `read_delimited` reads them
TIME_NAMES = ("Zeitpunkt der Messung", "Zeitpunkt")
LOCATION_NAMES = ("Lage", "Standort")
TOTAL = re.compile(r"^(?:fußgänger|passanten)(?:\s+insgesamt)?$", re.IGNORECASE)
TOTAL_DIRECTION = re.compile(r"^(?:fußgänger|passanten)(?:\s+insgesamt)?\s+richtung\s+(.+)$", re.IGNORECASE)
AGE = re.compile(r"^(erwachsene|kinder)(?:\s+insgesamt)?$", re.IGNORECASE)
AGE_DIRECTION = re.compile(r"^(erwachsene|kinder)(?:\s+insgesamt)?\s+richtung\s+(.+)$", re.IGNORECASE)
ZONE = re.compile(r"^zone\s+(.+?)(?:\s+richtung\s+(.+))?$", re.IGNORECASE)
TEMPERATURE = re.compile(r"^temperatur(?:\s+in\s+(?:[º°o]|\ufffd{1,2})?\s*c)?$", re.IGNORECASE)
# header words with umlauts: a file whose umlauts a bad conversion replaced by U+FFFD ("Fu�g�nger") is still read
HEADER_WORDS = ("Fußgänger",)
AGE_COMPONENT = {"erwachsene": "adults", "kinder": "children", "adult": "adults", "child": "children"}

TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def location_slug(name: str) -> str:
    """The location name as an id part: `Frankfurter Straße (Mitte)` → `frankfurter-strasse-mitte`.

    The CSV download carries no location id, only the name (`Lage`); the API JSON carries both. Deriving the
    station id from the name in both formats makes the same location land on one station.
    """
    text = unicodedata.normalize("NFKD", name.strip().translate(TRANSLIT))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def hystreet_station(name: str) -> str:
    slug = location_slug(name)
    if not slug:
        raise ValueError("leerer Standortname")
    return station_id("hystreet", slug)


def direction_label(raw: str) -> str:
    """`Richtung - Hauptbahnhof` (API) and `Hauptbahnhof` (CSV column suffix) name the same direction."""
    text = re.sub(r"^\s*richtung\b", "", raw.strip(), flags=re.IGNORECASE)
    return text.strip(" -:").strip() or raw.strip()


def component_name(*, age: str | None = None, zone: str | None = None, direction: str | None = None) -> str:
    parts = []
    if age:
        parts.append(age)
    if zone:
        parts.append(f"zone:{zone}")
    if direction:
        parts.append(f"direction:{direction_label(direction)}")
    return ":".join(parts)


def partition_groups(components: Iterable[str]) -> list[list[str]]:
    """Groups of components that each split the total completely, so each group must add up to it.

    Directions (two or more), adults + children, and adults/children per direction (both ages, same directions).
    Zones are stored but not checked: the specification does not say that zones cover the whole count.
    """
    comps = set(components)
    groups: list[list[str]] = []
    directions = sorted(c for c in comps if c.startswith("direction:"))
    if len(directions) >= 2:
        groups.append(directions)
    if {"adults", "children"} <= comps:
        groups.append(["adults", "children"])
    adult_dirs = {c.removeprefix("adults:") for c in comps if c.startswith("adults:direction:")}
    child_dirs = {c.removeprefix("children:") for c in comps if c.startswith("children:direction:")}
    if adult_dirs and adult_dirs == child_dirs:
        groups.append(sorted(f"adults:{d}" for d in adult_dirs) + sorted(f"children:{d}" for d in child_dirs))
    return groups


# --------------------------------------------------------------------------------------------- CSV download


def _csv_component(col: str) -> str | None:
    if m := TOTAL_DIRECTION.match(col):
        return component_name(direction=m.group(1))
    if m := AGE_DIRECTION.match(col):
        return component_name(age=AGE_COMPONENT[m.group(1).lower()], direction=m.group(2))
    if m := AGE.match(col):
        return AGE_COMPONENT[m.group(1).lower()]
    if m := ZONE.match(col):
        return component_name(zone=m.group(1).strip(), direction=m.group(2))
    return None


def _norm(cell: str) -> str:
    return re.sub(r"\s+", " ", cell).strip()


def _is_csv_header(cells: list[str]) -> bool:
    names = [restore_words(_norm(c), HEADER_WORDS).lower() for c in cells]
    return any(n in ("zeitpunkt der messung", "zeitpunkt") for n in names) and any(TOTAL.match(n) for n in names)


def _parse_offset_times(frame: pl.DataFrame, col: str) -> tuple[pl.DataFrame, list[Reject]]:
    """`2022-06-01 00:00:00 +0200` → naive UTC `ts`; a time without offset is Europe/Berlin local time."""
    s = pl.col(col).str.strip_chars().str.replace("T", " ", literal=True)
    s = s.str.replace(r"\s*Z$", "+0000").str.replace(r"\s+([+-]\d{2}:?\d{2})$", "$1")
    has_offset = s.str.contains(r"[+-]\d{2}:?\d{2}$")
    with_offset = offset_times_to_utc(pl.col(col))
    naive = pl.coalesce(
        s.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False),
        s.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M", strict=False),
    )
    f = frame.with_columns(_has_offset=has_offset, _utc=with_offset, _naive=naive)
    bad = f.filter(pl.when(pl.col("_has_offset")).then(pl.col("_utc").is_null()).otherwise(pl.col("_naive").is_null()))
    rejects = [(ln, f"Zeitstempel nicht lesbar: {v!r}", raw) for ln, v, raw in bad.select("_line", col, "_raw").iter_rows()]
    f = f.filter(pl.when(pl.col("_has_offset")).then(pl.col("_utc").is_not_null()).otherwise(pl.col("_naive").is_not_null()))
    # local times (no offset) go through the Berlin rules: repeated October hour kept, March gap rejected
    local = f.filter(~pl.col("_has_offset"))
    # local_to_utc panics inside polars on an empty frame (polars 2.1), so only call it with rows
    local = local.with_columns(
        _local_utc=local_to_utc(pl.col("_naive")) if local.height else pl.lit(None, dtype=pl.Datetime("us"))
    )
    gap = local.filter(pl.col("_local_utc").is_null())
    rejects += [
        (ln, f"Ortszeit {v} existiert nicht (Zeitumstellung im März)", raw)
        for ln, v, raw in gap.select("_line", col, "_raw").iter_rows()
    ]
    f = f.join(local.select("_line", "_local_utc"), on="_line", how="left")
    f = f.with_columns(ts=pl.when(pl.col("_has_offset")).then(pl.col("_utc")).otherwise(pl.col("_local_utc")))
    f = f.filter(pl.col("ts").is_not_null())
    # the local wall-clock time tells hourly from daily downloads
    f = f.with_columns(
        _local=pl.when(pl.col("_has_offset"))
        .then(s.str.slice(0, 16).str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M", strict=False))
        .otherwise(pl.col("_naive"))
    )
    return f.drop("_has_offset", "_utc", "_naive", "_local_utc"), rejects


def _count_checks(f: pl.DataFrame, col: str) -> tuple[pl.DataFrame, list[Reject]]:
    rejects: list[Reject] = []
    f, bad = rows_where(f, number_invalid(col), lambda r, col=col: f"keine Zahl in Spalte {col!r}: {r[col]!r}")
    rejects += bad
    f = f.with_columns(parse_number(col).alias(col))
    f, bad = rows_where(f, pl.col(col) < 0, lambda r, col=col: f"negative Zählung in Spalte {col!r}")
    rejects += bad
    f, bad = rows_where(
        f, pl.col(col) != pl.col(col).round(0), lambda r, col=col: f"Zählung ist keine ganze Zahl in Spalte {col!r}: {r[col]}"
    )
    rejects += bad
    return f, rejects


def _metric_for(local_times: pl.Series) -> str:
    """`pedestrians` for hourly files; a file whose every row is at local midnight holds daily totals."""
    if local_times.len() >= 2 and bool((local_times.dt.hour() == 0).all()) and bool((local_times.dt.minute() == 0).all()):
        return "pedestrians_daily"
    return "pedestrians"


@register
class HystreetCsv(Source):
    kind = "hystreet_csv"
    label = "hystreet.com Passantenfrequenz (CSV-Download)"
    write_modes = {"observation": "merge", "observation_detail": "merge", "station": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        return head_has_header(head, _is_csv_header, max_lines=HEADER_SCAN_ROWS)

    def parse(self, data: bytes, name: str) -> Parsed:
        text = decode_text(data)
        damaged = text.count(REPLACEMENT)
        if damaged:
            text = _restore_header(text)
        table = read_delimited(text, is_header=_is_csv_header)
        header = table.header
        time_col = find_column(header, *TIME_NAMES)
        assert time_col is not None  # required=True: a missing column rejects the file
        # the station id comes from the name even when an id column exists: the API JSON must land on the same id
        loc_col = find_column(header, *LOCATION_NAMES)
        assert loc_col is not None
        total_col = next(c for c in header if TOTAL.match(_norm(c)))
        temp_col = next((c for c in header if TEMPERATURE.match(_norm(c))), None)
        parts = {c: comp for c in header if c != total_col and (comp := _csv_component(_norm(c)))}
        if len(set(parts.values())) != len(parts):
            raise FileRejected("Aufteilungsspalten doppelt benannt: " + ", ".join(sorted(parts)))

        rejects: list[tuple[int | None, str, str]] = list(table.rejected)
        f = table.frame
        f = f.with_columns(pl.col(loc_col).fill_null("").str.strip_chars())
        slugs = {n: location_slug(n) for n in f[loc_col].unique().to_list()}
        f = f.with_columns(_slug=pl.col(loc_col).replace_strict(slugs, return_dtype=pl.Utf8))
        f, bad = rows_where(f, pl.col("_slug") == "", f"Standort fehlt (Spalte {loc_col!r} leer)")
        rejects += bad
        f, bad = _parse_offset_times(f, time_col)
        rejects += bad
        for col in [total_col, *parts]:
            f, bad = _count_checks(f, col)
            rejects += bad
        if temp_col is not None:
            comma = detect_decimal_comma(f[temp_col])
            f, bad = rows_where(
                f, number_invalid(temp_col, decimal_comma=comma), lambda r: f"Temperatur nicht lesbar: {r[temp_col]!r}"
            )
            rejects += bad
            f = f.with_columns(parse_number(temp_col, decimal_comma=comma).alias(temp_col))
        col_of = {comp: col for col, comp in parts.items()}
        for group in partition_groups(parts.values()):
            cols = [col_of[c] for c in group]
            complete = pl.all_horizontal([pl.col(c).is_not_null() for c in [*cols, total_col]])
            mismatch = complete & (pl.sum_horizontal([pl.col(c) for c in cols]) != pl.col(total_col))
            what = _group_label(group)
            f, bad = rows_where(
                f,
                mismatch,
                lambda r, cols=cols, what=what: (
                    f"Summe der {what} ({sum(r[c] for c in cols):g}) stimmt nicht mit {total_col!r} ({r[total_col]:g}) überein"
                ),
            )
            rejects += bad

        f = f.with_columns(station_id=pl.concat_str(pl.lit("hystreet:"), pl.col("_slug")))
        metric_of = {sid: _metric_for(g["_local"]) for (sid,), g in f.group_by("station_id")}
        f = f.with_columns(metric=pl.col("station_id").replace_strict(metric_of, default="pedestrians", return_dtype=pl.Utf8))

        obs = [shape("observation", f.select("station_id", "ts", "metric", pl.col(total_col).alias("value"), "_line", "_raw"))]
        if temp_col is not None:
            # a daily file's temperature has no stated statistic (mean? noon?) and would collide with hourly keys
            obs.append(
                observations(
                    f.filter(pl.col(temp_col).is_not_null() & (pl.col("metric") == "pedestrians")),
                    station_id=pl.col("station_id"),
                    ts=pl.col("ts"),
                    metric="air_temperature",
                    value=pl.col(temp_col),
                )
            )
        details = [
            shape(
                "observation_detail",
                f.filter(pl.col(col).is_not_null()).select(
                    "station_id", "ts", "metric", pl.lit(comp).alias("component"), pl.col(col).alias("value"), "_line"
                ),
            )
            for col, comp in parts.items()
        ]
        stations = shape(
            "station",
            f.group_by("station_id", maintain_order=True)
            .agg(pl.col(loc_col).str.strip_chars().first().alias("name"))
            .with_columns(kind=pl.lit(KIND), source=pl.lit(SOURCE_LABEL)),
        )
        tables = {"station": stations, "observation": pl.concat(obs)}
        if details:
            tables["observation_detail"] = pl.concat(details)
        warnings = [_damage_warning(damaged, header, stations)] if damaged else []
        return Parsed(tables=tables, rejected=rejects, rows_in=table.rows_in, warnings=warnings)


def _restore_header(text: str) -> str:
    """The text with its header line's damaged known words (`Fu�g�nger`) written correctly again, so that the columns
    get their real names; the data lines stay as they are."""
    lines = text.split("\n", HEADER_SCAN_ROWS)
    for i, line in enumerate(lines[:HEADER_SCAN_ROWS]):
        if line.strip() and _is_csv_header(split_cells(line.rstrip("\r"))):
            lines[i] = restore_words(line, HEADER_WORDS)
            break
    return "\n".join(lines)


def _damage_warning(count: int, header: list[str], stations: pl.DataFrame) -> str:
    """The WARN for a file whose text holds U+FFFD: how much, and what it could not restore (column and location
    names: a damaged location name gives another station id than an undamaged export of the same location)."""
    text = (
        f"Text der Datei beschädigt: {count} Ersatzzeichen (U+FFFD) statt Umlauten oder ß, vermutlich eine fehlerhafte"
        " Umwandlung der Kodierung; Kopfzeile trotzdem erkannt"
    )
    columns = [c for c in header if REPLACEMENT in c]
    if columns:
        text += "; Spaltennamen mit Ersatzzeichen: " + ", ".join(repr(c) for c in columns)
    for sid, loc in stations.filter(pl.col("name").str.contains(REPLACEMENT, literal=True)).select("station_id", "name").rows():
        text += (
            f"; Standortname {loc!r} beschädigt: Station {sid} passt nicht zu unbeschädigten Exporten desselben"
            " Standorts (bitte die Datei neu herunterladen)"
        )
    return text


def _group_label(group: list[str]) -> str:
    if group == ["adults", "children"]:
        return "Erwachsenen und Kinder"
    if all(c.startswith("direction:") for c in group):
        return "Richtungen"
    return "Erwachsenen und Kinder je Richtung"


# --------------------------------------------------------------------------------------------- API v2 JSON

RESOLUTION_METRIC = {"hour": "pedestrians", "day": "pedestrians_daily"}
JSON_HEAD = re.compile(r"^\s*\{")


def _json_time(value: object) -> datetime | None:
    """An ISO 8601 time with zone (`2022-06-01T00:00:00.000Z`, `…+02:00`) as naive UTC; None when not readable.

    A local time without offset is ambiguous in October: the API always gives one, so such a value is unreadable.
    """
    try:
        return iso_to_utc(value, field="measured_at") if isinstance(value, str) else None
    except RowRejected:
        return None


def _json_local_wall(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


def _number(value: object) -> float | None:
    """A JSON value as a number, text with a decimal comma ("12,5") too; `RowRejected` when it is none."""
    return to_number(value, decimal="auto", missing=JSON_MISSING)


def _count_component(entry: dict[str, Any]) -> str | None:
    """Component of one `counts` entry; None for an entry that only repeats the total or is not a person."""
    obj = entry.get("object_type")
    if obj not in (None, "") and str(obj).upper() != "PERSON":
        return None
    sub = entry.get("object_subtype")
    age = None
    if sub not in (None, ""):
        age = AGE_COMPONENT.get(str(sub).lower(), str(sub).lower())
    zone = entry.get("zone")
    direction = entry.get("direction")
    return (
        component_name(
            age=age,
            zone=str(zone).strip() if zone not in (None, "") else None,
            direction=str(direction) if direction not in (None, "") else None,
        )
        or None
    )


def _temperature(m: dict[str, Any]) -> object:
    weather = m.get("weather_conditions")
    if isinstance(weather, dict) and "temperature" in weather:
        return weather.get("temperature")
    return m.get("temperature")


def _coordinates(doc: dict[str, Any]) -> tuple[float | None, float | None]:
    for holder in (doc, json_object(doc.get("metadata"))):
        geom = holder.get("geometry")
        if isinstance(geom, dict) and isinstance(geom.get("coordinates"), list) and len(geom["coordinates"]) >= 2:
            try:
                return _number(geom["coordinates"][1]), _number(geom["coordinates"][0])
            except RowRejected:
                pass  # try the named fields
        try:
            lat, lon = _number(holder.get("latitude", holder.get("lat"))), _number(holder.get("longitude", holder.get("lon")))
        except RowRejected:
            continue
        if lat is not None and lon is not None:
            return lat, lon
    return None, None


@register
class HystreetJson(Source):
    kind = "hystreet_json"
    label = "hystreet.com API v2 (JSON, ein Standort)"
    write_modes = {"observation": "merge", "observation_detail": "merge", "station": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        text = decode_text(head)
        return (
            JSON_HEAD.match(text) is not None
            and '"measurements"' in text
            and ('"location_id"' in text or '"total_count"' in text)
        )

    def parse(self, data: bytes, name: str) -> Parsed:
        doc = load_json(data)
        if not isinstance(doc, dict) or not isinstance(doc.get("measurements"), list):
            raise FileRejected("hystreet-JSON ohne Liste 'measurements'")
        loc_name = str(doc.get("name") or "").strip()
        if not loc_name:
            raise FileRejected("hystreet-JSON ohne Standortnamen ('name'): Station nicht zuzuordnen")
        resolution = str(doc.get("resolution") or "").strip().lower()
        if resolution not in RESOLUTION_METRIC:
            raise FileRejected(f"Auflösung {doc.get('resolution')!r} nicht unterstützt (nur 'hour' oder 'day')")
        metric = RESOLUTION_METRIC[resolution]
        sid = hystreet_station(loc_name)
        lat, lon = _coordinates(doc)

        obs: list[dict[str, Any]] = []
        details: list[dict[str, Any]] = []
        rejects: list[tuple[int | None, str, str]] = []
        measurements = doc["measurements"]
        for i, m in enumerate(measurements, start=1):  # "line" = 1-based number of the measurement
            raw = json.dumps(m, ensure_ascii=False)
            if not isinstance(m, dict):
                rejects.append((i, "Messung ist kein Objekt", raw))
                continue
            ts = _json_time(m.get("measured_at")) or _json_time(m.get("measured_at_local_time"))
            if ts is None:
                rejects.append((i, f"Zeitstempel nicht lesbar: {m.get('measured_at')!r}", raw))
                continue
            if metric == "pedestrians_daily":
                # daily values carry the calendar day at 00:00 (warehouse contract), not an instant
                wall = _json_local_wall(m.get("measured_at_local_time"))
                if wall is None:
                    rejects.append((i, "Tageswert ohne lesbares 'measured_at_local_time'", raw))
                    continue
                ts = datetime(wall.year, wall.month, wall.day)
            try:
                total = _number(m.get("total_count"))
                if total is not None and (total < 0 or total != round(total)):
                    raise RowRejected("keine Zählung")
            except RowRejected:
                rejects.append((i, f"'total_count' ist keine gültige Zählung: {m.get('total_count')!r}", raw))
                continue
            try:
                temp = _number(_temperature(m))
            except RowRejected:
                rejects.append((i, f"Temperatur nicht lesbar: {_temperature(m)!r}", raw))
                continue
            parts: dict[str, float] = {}
            problem = None
            counts = m.get("counts") or []
            if not isinstance(counts, list):
                problem = "'counts' ist keine Liste"
                counts = []
            for entry in counts:
                if not isinstance(entry, dict):
                    problem = "Eintrag in 'counts' ist kein Objekt"
                    break
                comp = _count_component(entry)
                if comp is None:
                    continue
                try:
                    v = _number(entry.get("count"))
                except RowRejected:
                    v = None
                if v is None or v < 0 or v != round(v):  # a part without a count, or not a count
                    problem = f"ungültige Teilzählung {entry.get('count')!r} ({comp})"
                    break
                parts[comp] = parts.get(comp, 0.0) + v  # same attributes twice: parts of that component
            if problem is None and total is not None:
                for group in partition_groups(parts):
                    s = sum(parts[c] for c in group)
                    if s != total:
                        problem = f"Summe der {_group_label(group)} ({s:g}) stimmt nicht mit 'total_count' ({total:g}) überein"
                        break
            if problem is not None:
                rejects.append((i, problem, raw))
                continue
            obs.append({"station_id": sid, "ts": ts, "metric": metric, "value": total, "_line": i, "_raw": raw})
            if temp is not None and metric == "pedestrians":  # daily temperature: statistic unstated, see CSV
                obs.append({"station_id": sid, "ts": ts, "metric": "air_temperature", "value": temp, "_line": i, "_raw": raw})
            details += [
                {"station_id": sid, "ts": ts, "metric": metric, "component": c, "value": v, "_line": i} for c, v in parts.items()
            ]
        station = station_frame(
            [{"station_id": sid, "kind": KIND, "name": loc_name, "lat": lat, "lon": lon, "source": SOURCE_LABEL}]
        )
        tables = {"station": station, "observation": observation_frame(obs)}
        if details:
            tables["observation_detail"] = detail_frame(details)
        return Parsed(tables=tables, rejected=rejects, rows_in=len(measurements))
