"""Open311 GeoReport v2 service requests (Mängelmelder, JSON or XML): category, times, status and location only."""

from __future__ import annotations

import json
import re
import xml.parsers.expat
from datetime import datetime
from typing import Any

from etl.errors import FileRejected
from etl.frames import rows_frame
from etl.parsing import RowRejected, decode_text, iso_to_utc, load_json, to_number
from etl.registry import Parsed, Source, register

# The only request fields ever read. Everything else (description, status_notes, media_url, address, address_id,
# zipcode, agency_responsible, service_notice, contact fields, extended_attributes of Mark-a-Spot and others) is
# never copied out of the parsed element, so it cannot reach a frame, a rejected row or the warehouse.
KEPT_FIELDS = (
    "service_request_id",
    "status",
    "service_name",
    "service_code",
    "requested_datetime",
    "updated_datetime",
    "lat",
    "long",
)
STATUSES = frozenset({"open", "closed"})
UNSAFE_XML = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
XML_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=", re.IGNORECASE)


def _coordinate(value: object, field: str) -> float | None:
    return to_number(value, field=field, missing=("",))


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def request_row(fields: dict[str, Any]) -> dict[str, Any]:
    """One request's kept fields as a `service_request` row; raises `RowRejected` for a request that breaks a rule."""
    request_id = _text(fields.get("service_request_id"))
    if request_id is None:
        raise RowRejected("service_request_id fehlt")
    status = _text(fields.get("status"))
    if status is not None:
        status = status.lower()
        if status not in STATUSES:
            raise RowRejected(f"Status unbekannt: {status!r} (erwartet open oder closed)")
    requested = iso_to_utc(fields.get("requested_datetime"), field="requested_datetime")
    updated = iso_to_utc(fields.get("updated_datetime"), field="updated_datetime")
    lat = _coordinate(fields.get("lat"), "lat")
    lon = _coordinate(fields.get("long"), "long")
    if (lat is None) != (lon is None):
        raise RowRejected("nur eine der Koordinaten lat/long angegeben")
    if lat is not None and lon is not None:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise RowRejected(f"Koordinaten unmöglich: lat={lat}, long={lon}")
        if lat == 0 and lon == 0:
            raise RowRejected("Koordinaten 0/0 (Ortung fehlgeschlagen)")
    # GeoReport v2 has no close time: the last update of a closed request is the best available instant
    closed = updated if status == "closed" else None
    if closed is not None and requested is not None and closed < requested:
        raise RowRejected("Abschluss (updated_datetime) liegt vor der Meldung (requested_datetime)")
    return {
        "request_id": request_id,
        "category": _text(fields.get("service_name")),
        "service_code": _text(fields.get("service_code")),
        "requested_at": requested,
        "updated_at": updated,
        "closed_at": closed,
        "status": status,
        "lat": lat,
        "lon": lon,
    }


def _kept(element: dict[str, Any]) -> dict[str, Any]:
    return {k: element[k] for k in KEPT_FIELDS if k in element}


def _raw(kept: dict[str, Any]) -> str:
    """The provenance text of a request: only the kept fields, so no personal data reaches `rejected_row.raw`."""
    return json.dumps(kept, ensure_ascii=False, default=str)


def _json_requests(data: bytes) -> list[tuple[int, dict[str, Any] | None]]:
    doc = load_json(data)
    if isinstance(doc, dict):
        # some servers wrap the list; the spec's response is the bare list
        inner = doc.get("service_requests", doc.get("requests"))
        if not isinstance(inner, list):
            raise FileRejected("Open311-JSON: Liste der Meldungen nicht gefunden")
        doc = inner
    if not isinstance(doc, list):
        raise FileRejected("Open311-JSON: Liste der Meldungen erwartet")
    return [(i, el if isinstance(el, dict) else None) for i, el in enumerate(doc, start=1)]


def _xml_requests(data: bytes) -> list[tuple[int, dict[str, Any] | None]]:
    """`<request>` elements with the source line of their start tag; only the kept child fields are collected."""
    if UNSAFE_XML.search(data):
        raise FileRejected("XML mit DOCTYPE/ENTITY-Deklaration wird aus Sicherheitsgründen nicht gelesen")
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    found: list[tuple[int, dict[str, Any] | None]] = []
    stack: list[str] = []
    current: dict[str, Any] | None = None
    text: list[str] = []
    root: list[str] = []

    def forbid(*_: object) -> None:
        raise FileRejected("XML mit DOCTYPE/ENTITY-Deklaration wird aus Sicherheitsgründen nicht gelesen")

    def start(tag: str, _attrs: dict[str, str]) -> None:
        nonlocal current
        if not stack:
            root.append(tag)
        stack.append(tag)
        if tag == "request" and len(stack) == 2:
            current = {}
            found.append((parser.CurrentLineNumber, current))
        text.clear()

    def end(tag: str) -> None:
        nonlocal current
        # direct children of <request> only: extended attributes nest deeper and are ignored
        if current is not None and len(stack) == 3 and tag in KEPT_FIELDS:
            current[tag] = "".join(text).strip()
        if tag == "request" and len(stack) == 2:
            current = None
        stack.pop()
        text.clear()

    def chars(s: str) -> None:
        if current is not None and len(stack) == 3 and stack[-1] in KEPT_FIELDS:
            text.append(s)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    try:
        if XML_DECLARED_ENCODING.match(data) or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            parser.Parse(data, True)  # expat honours the declared encoding and a BOM itself
        else:
            parser.Parse(decode_text(data), True)  # undeclared: UTF-8, else Windows-1252 as everywhere else
    except xml.parsers.expat.ExpatError as e:
        raise FileRejected(f"XML nicht wohlgeformt: {xml.parsers.expat.errors.messages[e.code]}", line=e.lineno) from None
    if root != ["service_requests"]:
        raise FileRejected("Open311-XML: Wurzelelement <service_requests> erwartet")
    return found


@register
class Open311Requests(Source):
    kind = "open311"
    label = "Open311 GeoReport v2 Meldungen (requests.json / requests.xml)"
    write_modes = {"service_request": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        text = decode_text(head).lstrip()
        if text.startswith("<"):
            return "<service_requests" in text and "<service_request_id" in text
        if text.startswith(("[", "{")):
            return '"service_request_id"' in text and ('"requested_datetime"' in text or '"service_code"' in text)
        return False

    def parse(self, data: bytes, name: str) -> Parsed:
        is_xml = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
        elements = _xml_requests(data) if is_xml else _json_requests(data)
        rows: list[dict[str, Any]] = []
        rejected: list[tuple[int | None, str, str]] = []
        for line, element in elements:
            if element is None:
                rejected.append((line, "Element ist kein Meldungsobjekt", ""))
                continue
            kept = _kept(element)
            try:
                row = request_row(kept)
            except RowRejected as e:
                rejected.append((line, str(e), _raw(kept)))
                continue
            rows.append({**row, "_line": line, "_raw": _raw(kept)})
        rows, duplicates = _latest_per_request(rows, where="Zeile" if is_xml else "Element")
        frame = rows_frame("service_request", rows)
        return Parsed(tables={"service_request": frame}, rejected=rejected + duplicates, rows_in=len(elements))


def _latest_per_request(
    rows: list[dict[str, Any]], *, where: str
) -> tuple[list[dict[str, Any]], list[tuple[int | None, str, str]]]:
    """One row per request id: the latest update wins (ties: the later element); the others are recorded as rejected."""
    best: dict[str, dict[str, Any]] = {}
    for row in rows:
        held = best.get(row["request_id"])
        if held is None or (row["updated_at"] or datetime.min) >= (held["updated_at"] or datetime.min):
            best[row["request_id"]] = row
    kept = [r for r in rows if best[r["request_id"]] is r]
    dropped = [
        (
            r["_line"],
            f"doppelte service_request_id {r['request_id']!r} (gilt: {where} {best[r['request_id']]['_line']})",
            r["_raw"],
        )
        for r in rows
        if best[r["request_id"]] is not r
    ]
    return kept, dropped
