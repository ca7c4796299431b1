"""Eco-Counter / Eco-Visio JSON: counting-site lists with coordinates and daily bicycle counts per site."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from etl.errors import FileRejected
from etl.frames import detail_frame, observation_frame, station_frame
from etl.parsing import JSON_MISSING, RowRejected, decode_text, load_json, to_number
from etl.registry import Parsed, Source, register
from etl.stations import station_id

SOURCE_LABEL = "Eco-Counter"
METRIC = "bicycles_daily"  # own metric: a daily total next to 15-min `bicycles` would double-count in a day sum

# Field names of the variants (see docs/data-sources/ecovisio.md for where each was seen).
ID_KEYS = ("id", "idPdc", "directory")
NAME_KEYS = ("name", "nom")
LAT_KEYS = ("latitude", "lat")
LON_KEYS = ("longitude", "lon", "lng")
SERIES_KEYS = ("data", "counts")
DATE_KEYS = ("date", "isoDate", "day")
COUNT_KEYS = ("counts", "count", "comptage")
SITE_ID_IN_NAME = re.compile(r"(?<!\d)(\d{9})(?!\d)")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COUNTRY_SUFFIX = re.compile(r"\s*\([A-Z]{2}\)\s*$")
SLASH_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")

Reject = tuple[int | None, str, str]
# day → (record number if a new record, value, raw) of one series
Series = dict[date, tuple[int | None, float | None, str]]


class _NotDaily(Exception):
    """A series with clock times: 15-min or hourly values, which this format does not load."""


@dataclass
class _Rows:
    """Record numbering and output rows; a record is one site or one day of one site, numbered in file order."""

    counter: int = 0
    stations: list[dict[str, Any]] = field(default_factory=list)
    obs: list[dict[str, Any]] = field(default_factory=list)
    details: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    def next(self) -> int:
        self.counter += 1
        return self.counter


def _first(d: dict[str, Any], keys: tuple[str, ...]) -> object:
    return next((d[k] for k in keys if k in d), None)


def _day(value: object) -> date:
    """The calendar day of a daily entry; `RowRejected` with the German reason, `_NotDaily` for a time other than 00:00."""
    if not isinstance(value, str) or not value.strip():
        raise RowRejected(f"Datum fehlt oder nicht lesbar: {value!r}")
    text = value.strip()
    if SLASH_DATE.match(text):
        # the public web-page API answers 01/13/2022 although its documentation says TT/MM/JJJJ
        raise RowRejected(f"Datum {text!r} mehrdeutig (TT/MM/JJJJ oder MM/TT/JJJJ): bitte ISO-Datum JJJJ-MM-TT liefern")
    if ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise RowRejected(f"Datum nicht lesbar: {text!r}") from None
    iso = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)  # +0200 → +02:00
    try:  # the calendar day as written (local midnight), whatever the offset: not converted to UTC
        t = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        raise RowRejected(f"Datum nicht lesbar: {text!r}") from None
    if (t.hour, t.minute, t.second) != (0, 0, 0):
        raise _NotDaily(text)
    return t.date()


def _count(value: object) -> float | None:
    """A daily count: a non-negative whole number or missing; `RowRejected` with the German reason otherwise."""
    try:
        v = to_number(value, missing=JSON_MISSING)
    except RowRejected:
        raise RowRejected(f"Zählwert keine Zahl: {value!r}") from None
    if v is not None and (v < 0 or v != round(v)):
        raise RowRejected(f"Zählwert ungültig (negativ oder nicht ganzzahlig): {value!r}")
    return v


def _entry(item: object) -> tuple[object, object] | None:
    """(date, count) of one series entry: an object (`date`/`counts`, `isoDate`, `comptage`) or a pair [date, count]."""
    if isinstance(item, dict):
        return _first(item, DATE_KEYS), _first(item, COUNT_KEYS)
    if isinstance(item, list) and len(item) == 2:
        return item[0], item[1]
    return None


def _is_entry(item: object) -> bool:
    if isinstance(item, dict):
        return any(k in item for k in DATE_KEYS) and any(k in item for k in COUNT_KEYS) and not any(k in item for k in ID_KEYS)
    return False


def _series(site: dict[str, Any]) -> list[Any] | None:
    return next((v for k in SERIES_KEYS if isinstance(v := site.get(k), list)), None)


def _channels(site: dict[str, Any]) -> list[tuple[str, str | None, list[Any] | None]]:
    """(id, name, daily series) per channel: `channels` objects, `channels` [id, name] pairs, `pratique` objects."""
    out: list[tuple[str, str | None, list[Any] | None]] = []
    for ch in site.get("channels") or site.get("pratique") or []:
        if isinstance(ch, dict) and ch.get("id") is not None:
            name = _first(ch, NAME_KEYS)
            out.append((str(ch["id"]).strip(), str(name).strip() if name else None, _series(ch)))
        elif isinstance(ch, list) and len(ch) >= 2 and not isinstance(ch[0], (list, dict)):
            out.append((str(ch[0]).strip(), str(ch[1]).strip() if ch[1] else None, None))
    return out


def _coordinates(site: dict[str, Any]) -> tuple[float | None, float | None]:
    """Latitude and longitude of a site (None when unset); `RowRejected` when unreadable or impossible."""
    coords = site.get("coordinates")
    holder: dict[str, Any] = coords if isinstance(coords, dict) else site
    try:
        lat = to_number(_first(holder, LAT_KEYS), missing=JSON_MISSING)
        lon = to_number(_first(holder, LON_KEYS), missing=JSON_MISSING)
    except RowRejected:
        raise RowRejected(f"Koordinaten nicht lesbar: {_first(holder, LAT_KEYS)!r}, {_first(holder, LON_KEYS)!r}") from None
    if lat is None or lon is None or (lat == 0 and lon == 0):
        return None, None  # 0/0 is Eco-Counter's placeholder for "not set"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RowRejected(f"Koordinaten außerhalb des gültigen Bereichs: {lat}, {lon}")
    return lat, lon


def _read_series(items: list[Any], rows: _Rows, sid: str) -> Series:
    """day → (record number if a new record, value, raw) for one series; unreadable entries are rejected."""
    out: Series = {}
    for item in items:
        raw = json.dumps(item, ensure_ascii=False)
        pair = _entry(item)
        if pair is None:
            rows.rejects.append((rows.next(), f"{sid}: Eintrag ohne Datum/Zählwert", raw))
            continue
        try:
            day = _day(pair[0])
            value = _count(pair[1])
        except RowRejected as e:
            rows.rejects.append((rows.next(), f"{sid}: {e}", raw))
            continue
        if day in out:
            # a repeated day gets its own record so the loader can report a conflicting value by number
            rows.obs.append(
                {
                    "station_id": sid,
                    "ts": datetime(day.year, day.month, day.day),
                    "metric": METRIC,
                    "value": value,
                    "_line": rows.next(),
                    "_raw": raw,
                }
            )
            continue
        out[day] = (None, value, raw)
    return out


def _site(site: dict[str, Any], rows: _Rows, *, from_file_name: bool = False) -> None:
    # a bare data series has no site object in the file, so no record of its own
    line = 0 if from_file_name else rows.next()
    # the raw text of a rejected site keeps only what identifies and locates it (no photos, logos, links)
    kept = (*ID_KEYS, *NAME_KEYS, *LAT_KEYS, *LON_KEYS, "coordinates")
    raw_site = json.dumps({k: v for k, v in site.items() if k in kept}, ensure_ascii=False)
    native = _first(site, ID_KEYS)
    if native is None or str(native).strip() == "":
        rows.rejects.append((line, "Zählstelle ohne ID", raw_site))
        return
    sid = station_id("ecocounter", native)
    try:
        lat, lon = _coordinates(site)
    except RowRejected as e:
        lat, lon = None, None
        rows.rejects.append((line, f"{sid}: {e} (Zählstelle ohne Koordinaten übernommen)", raw_site))
    name = _first(site, NAME_KEYS)
    if name and "nom" in site:
        name = COUNTRY_SUFFIX.sub("", str(name))  # the public web page appends the country: "Neutor (DE)"
    rows.stations.append(
        {
            "station_id": sid,
            "kind": "bike_counter",
            "name": str(name).strip() if name else None,
            "lat": lat,
            "lon": lon,
            "source": SOURCE_LABEL,
        }
    )
    totals = _read_series(_series(site) or [], rows, sid)
    channels = [(cid, cname, _read_series(items, rows, sid)) for cid, cname, items in _channels(site) if items is not None]
    _write_days(sid, totals, channels, site_has_series=_series(site) is not None, rows=rows)


def _write_days(
    sid: str, totals: Series, channels: list[tuple[str, str | None, Series]], *, site_has_series: bool, rows: _Rows
) -> None:
    days = list(totals)
    for _, _, series in channels:
        days += [d for d in series if d not in totals and d not in days]
    for day in days:
        ts = datetime(day.year, day.month, day.day)
        line = rows.next()
        parts = [(f"{cid} ({cname})" if cname else cid, series.get(day)) for cid, cname, series in channels]
        if site_has_series:
            _, total, raw = totals.get(day, (None, None, ""))
            if day not in totals:
                raw = json.dumps({"date": day.isoformat(), "channels_only": True})
            given = [p[1][1] for p in parts if p[1] is not None]
            known = [g for g in given if g is not None]
            if total is not None and channels and len(known) == len(channels) and sum(known) != total:
                rows.rejects.append(
                    (
                        line,
                        f"{sid} {day}: Summe der Kanäle ({sum(known):g}) stimmt nicht mit der Gesamtzahl ({total:g}) überein",
                        raw,
                    )
                )
                continue
        else:
            # no site total in the file: the total is the sum of the channels when every channel has that day
            given = [p[1][1] if p[1] is not None else None for p in parts]
            known = [g for g in given if g is not None]
            total = sum(known) if len(known) == len(given) else None
            raw = json.dumps({"date": day.isoformat(), "channels": dict(zip([p[0] for p in parts], given, strict=True))})
        rows.obs.append({"station_id": sid, "ts": ts, "metric": METRIC, "value": total, "_line": line, "_raw": raw})
        rows.details += [
            {"station_id": sid, "ts": ts, "metric": METRIC, "component": comp, "value": entry[1], "_line": line}
            for comp, entry in parts
            if entry is not None
        ]


def _sites(doc: object, name: str) -> tuple[list[Any], str | None]:
    """(site objects, site id from the file name for a bare data series)."""
    if isinstance(doc, dict):
        if isinstance(doc.get("sites"), list):
            return doc["sites"], None
        if any(k in doc for k in ID_KEYS):
            return [doc], None
        raise FileRejected("Eco-Visio-JSON ohne Zählstellenliste")
    if not isinstance(doc, list):
        raise FileRejected("Eco-Visio-JSON: Liste von Zählstellen erwartet")
    if doc and all(_is_entry(x) for x in doc):
        m = SITE_ID_IN_NAME.search(name)
        if m is None:
            raise FileRejected(
                "Zählwerte ohne Zählstellen-ID: die Datei muss nach der Zählstelle benannt sein (z. B. 100035541.json)"
            )
        return [{"id": m.group(1), "data": doc}], m.group(1)
    return doc, None


@register
class EcoVisioJson(Source):
    kind = "ecovisio_json"
    label = "Eco-Counter / Eco-Visio JSON (Zählstellen, Tageswerte)"
    write_modes = {"observation": "merge", "observation_detail": "merge", "station": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        text = decode_text(head)
        if not text.lstrip().startswith(("[", "{")) or '"measurements"' in text:
            return False
        if '"idPdc"' in text:  # Eco-Visio public web page list
            return True
        site_like = '"channels"' in text and any(
            k in text for k in ('"latitude"', '"lat"', '"directory"', '"sens"', '"userType"')
        )
        series_like = any(f'"{k}"' in text for k in ("counts", "comptage")) and any(f'"{k}"' in text for k in ("date", "isoDate"))
        return site_like or (series_like and ('"channels"' in text or SITE_ID_IN_NAME.search(name) is not None))

    def parse(self, data: bytes, name: str) -> Parsed:
        doc = load_json(data)
        sites, id_from_name = _sites(doc, name)
        rows = _Rows()
        try:
            for site in sites:
                if not isinstance(site, dict):
                    rows.rejects.append((rows.next(), "Zählstelle ist kein Objekt", json.dumps(site, ensure_ascii=False)[:500]))
                    continue
                _site(site, rows, from_file_name=id_from_name is not None)
        except _NotDaily as e:
            raise FileRejected(
                f"Zeitreihe mit Uhrzeit ({e}): nur Tageswerte werden geladen; 15-Minuten-Werte bitte als Eco-Counter-CSV laden"
            ) from None
        # a station listed twice in one file: the later entry wins, like a later file would
        stations = station_frame(rows.stations).unique("station_id", keep="last", maintain_order=True)
        tables = {"station": stations}
        if rows.obs:
            tables["observation"] = observation_frame(rows.obs)
        if rows.details:
            tables["observation_detail"] = detail_frame(rows.details)
        return Parsed(tables=tables, rejected=rows.rejects, rows_in=rows.counter)
