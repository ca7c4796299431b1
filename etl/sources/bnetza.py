"""Bundesnetzagentur Ladesäulenregister (XLSX 2017/2019 and the newer CSV releases): one charging station per register row."""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from etl.errors import FileRejected
from etl.frames import rows_frame, shape
from etl.parsing import DATE_FORMATS, MISSING_MARKERS, decode_text, head_has_header, read_delimited, to_date, to_number
from etl.registry import Parsed, Source, register
from etl.stations import station_id

SOURCE_LABEL = "Bundesnetzagentur Ladesäulenregister"
# Germany's bounding box with a margin: a coordinate pair outside it in both orders cannot be a German charger.
LAT_RANGE = (47.0, 55.5)
LON_RANGE = (5.5, 15.5)
HEADER_SCAN_ROWS = 40  # preamble rows above the header (2017: 4, CSV releases: ~10)

# The Maßnahmenkatalog is also an XLSX; its source detects by this file name, so this one never claims such a file.
CATALOGUE_NAME = re.compile(r"ma(ss|ß)nahmen", re.IGNORECASE)
REGISTER_NAME = re.compile(r"lades(ae|ä|a\u0308)ulen", re.IGNORECASE)
STAND = re.compile(r"Stand:?\s*(\d{1,2})\.(\d{1,2})\.(\d{4})")
NAME_DATES = (
    (re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), ("y", "m", "d")),
    (re.compile(r"(?<!\d)(\d{2})\.(\d{2})\.(\d{4})(?!\d)"), ("d", "m", "y")),
    (re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)"), ("y", "m", "d")),
    (re.compile(r"(?<!\d)(\d{4})-(\d{2})(?![\d-])"), ("y", "m")),  # monthly release: first day of the month
)
# 2017 "Standort": "Lennéstraße 1, 01069 Dresden" or "Konrad-Zuse-Straße, 25, 99099, Erfurt"
STANDORT = re.compile(r"^(?P<street>.*?),\s*(?P<postcode>\d{4,6})\s*,?\s*(?P<city>[^\d,][^,]*)$")
POSTCODE_CITY = re.compile(r"^(?P<postcode>\d{4,6})\s*,?\s*(?P<city>.*)$")

# Header names per field, compared without case and whitespace; the first that exists wins.
COLUMNS: dict[str, tuple[str, ...]] = {
    "operator": ("Betreiber",),
    "lat": ("Breitengrad [DG]", "Breitengrad"),
    "lon": ("Längengrad [DG]", "Längengrad"),
    "standort": ("Standort",),
    "address": ("Adresse",),
    "street": ("Straße", "Strasse"),
    "house_no": ("Hausnummer",),
    "postcode_city": ("Postleitzahl Ort", "PLZ Ort"),
    "postcode": ("Postleitzahl", "PLZ"),
    "city": ("Ort",),
    "commissioned": ("Inbetriebnahmedatum",),
    "power": ("Anschlussleistung [kW]", "Nennleistung Ladeeinrichtung [kW]", "Anschlussleistung", "Nennleistung Ladeeinrichtung"),
    "type": ("Art der Ladeeinrichtung", "Art der Ladeeinrichung"),
    "points": ("Anzahl Ladepunkte",),
    **{f"p{i}": (f"P{i} [kW]", f"P{i}", f"Nennleistung Stecker{i}", f"Nennleistung Stecker {i}") for i in range(1, 5)},
}


_SPACES = re.compile(r"\s+")  # compiled once: `detect` normalises the cells of the first lines of every file


def _norm(name: object) -> str:
    return _SPACES.sub("", str(name or "")).lower()


def _is_header(cells: Sequence[object]) -> bool:
    return any(_norm(c) == "betreiber" for c in cells)


def _is_register_header(cells: Sequence[str]) -> bool:
    """The register's header: `Betreiber` and a charger column, so other tables with an operator are not claimed."""
    return _is_header(cells) and any(re.search(r"Ladeeinrich(t)?ung|Ladepunkte", c) for c in cells)


def _column_map(header: Sequence[object]) -> dict[str, int]:
    """Field → cell index, by header name (never by position); the file is rejected when a needed column is missing."""
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        index.setdefault(_norm(h), i)
    cols = {}
    for field, names in COLUMNS.items():
        hit = next((index[_norm(n)] for n in names if _norm(n) in index), None)
        if hit is not None:
            cols[field] = hit
    for field in ("operator", "lat", "lon"):
        if field not in cols:
            raise FileRejected(f"Spalte fehlt: {COLUMNS[field][0]!r}")
    if not ({"standort", "address", "street"} & cols.keys()):
        raise FileRejected("Spalte fehlt: 'Standort', 'Adresse' oder 'Straße'")
    return cols


# --- cell values ------------------------------------------------------------------------------------------------


def _text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)  # house numbers and postcodes typed as numbers in Excel
    s = re.sub(r"\s+", " ", str(v)).strip()
    return None if s in MISSING_MARKERS else s


def _number(v: object) -> float | None:
    """A cell as float: numbers as they are, text with decimal comma (`48,442398`) or point."""
    return to_number(v, decimal="auto")


def _date(v: object) -> date | None:
    """Excel date cell, Excel serial number, `dd.mm.yyyy`, `dd.mm.yy` or ISO text."""
    return to_date(v, formats=(*DATE_FORMATS, "%d.%m.%y"))


def _release_from_cells(cells: Sequence[object]) -> date | None:
    """`Stand: 11.04.2017` in one cell (also as the formula `="Stand: …"`), or `Stand:` followed by a date cell."""
    for i, c in enumerate(cells):
        if isinstance(c, str):
            m = STAND.search(c)
            if m:
                return _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if _norm(c).rstrip(":") == "stand" and i + 1 < len(cells):
                try:
                    return _date(cells[i + 1])
                except ValueError:
                    return None
    return None


def _release_from_name(name: str) -> date | None:
    for pattern, order in NAME_DATES:
        m = pattern.search(name)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            found = _safe_date(parts["y"], parts["m"], parts.get("d", 1))
            if found:
                return found
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# --- rows -------------------------------------------------------------------------------------------------------


@dataclass
class _Row:
    line: int
    cells: Sequence[object]
    raw: str


class _Reject(Exception):
    """A register row that breaks a rule; the message is the German reason."""


def _cell(row: _Row, cols: dict[str, int], field: str) -> object:
    i = cols.get(field)
    return row.cells[i] if i is not None and i < len(row.cells) else None


def _address(row: _Row, cols: dict[str, int]) -> tuple[str | None, str | None, str | None]:
    """(street and number, postcode, city) from whichever address columns the release has."""
    postcode = city = None
    if "postcode_city" in cols:
        pc = _text(_cell(row, cols, "postcode_city"))
        m = POSTCODE_CITY.match(pc or "")
        postcode, city = (m.group("postcode"), _text(m.group("city"))) if m else (None, pc)
    if "postcode" in cols:
        raw = _cell(row, cols, "postcode")
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            raw = str(int(raw)).zfill(5)  # a postcode typed as a number in Excel lost its leading zero
        postcode = _text(raw) or postcode
    if "city" in cols:
        city = _text(_cell(row, cols, "city")) or city
    if "address" in cols:
        street = _text(_cell(row, cols, "address"))
    elif "street" in cols:
        street = " ".join(p for p in (_text(_cell(row, cols, "street")), _text(_cell(row, cols, "house_no"))) if p) or None
    else:  # 2017: street, postcode and city in one cell
        standort = _text(_cell(row, cols, "standort"))
        m = STANDORT.match(standort or "")
        if m:
            street, postcode, city = _text(m.group("street")), m.group("postcode"), _text(m.group("city"))
        else:
            street = standort
    return street, postcode, city


def _in_germany(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]


def _coordinates(row: _Row, cols: dict[str, int]) -> tuple[float | None, float | None]:
    """Latitude and longitude by name; a pair given in the other order is swapped back.

    A pair that is impossible in both orders (e.g. 58.1 N for Wolfsburg) loses its position, not the charger: the
    charge point exists and counts for the indicator; the map and data quality show it as a station without position.
    """
    try:
        lat, lon = _number(_cell(row, cols, "lat")), _number(_cell(row, cols, "lon"))
    except ValueError:
        raise _Reject(
            f"Koordinate keine Zahl: Breitengrad {_cell(row, cols, 'lat')!r}, Längengrad {_cell(row, cols, 'lon')!r}"
        ) from None
    if lat is None or lon is None:
        # every register entry is on the map; a row without coordinates is a footnote or a broken row
        raise _Reject("Koordinaten fehlen")
    if _in_germany(lat, lon):
        return lat, lon
    if _in_germany(lon, lat):
        return lon, lat
    return None, None


def _count(v: object, label: str) -> int | None:
    try:
        x = _number(v)
    except ValueError:
        raise _Reject(f"{label} keine Zahl: {v!r}") from None
    if x is None:
        return None
    if x < 0 or not x.is_integer():
        raise _Reject(f"{label} ungültig: {v!r}")
    return int(x)


def _power(v: object, label: str) -> float | None:
    try:
        x = _number(v)
    except ValueError:
        raise _Reject(f"{label} keine Zahl: {v!r}") from None
    if x is not None and x < 0:
        raise _Reject(f"{label} negativ: {v!r}")
    return x


def _record(row: _Row, cols: dict[str, int]) -> dict[str, Any]:
    operator = _text(_cell(row, cols, "operator"))
    if operator is None:
        raise _Reject("Betreiber fehlt")
    street, postcode, city = _address(row, cols)
    lat, lon = _coordinates(row, cols)
    try:
        commissioned = _date(_cell(row, cols, "commissioned"))
    except ValueError:
        raise _Reject(f"Inbetriebnahmedatum nicht lesbar: {_cell(row, cols, 'commissioned')!r}") from None
    power = _power(_cell(row, cols, "power"), "Anschlussleistung")
    if power is None:
        parts = [_power(_cell(row, cols, f"p{i}"), f"P{i} [kW]") for i in range(1, 5)]
        known = [p for p in parts if p is not None]
        power = sum(known) if known else None  # no power given anywhere stays NULL, never 0
    return {
        "operator": operator,
        "address": street,
        "postcode": postcode,
        "city": city,
        "lat": lat,
        "lon": lon,
        "commissioned_on": commissioned,
        "power_kw": power,
        "charge_points": _count(_cell(row, cols, "points"), "Anzahl Ladepunkte"),
        "charger_type": _text(_cell(row, cols, "type")),
    }


def _native_id(rec: dict[str, Any]) -> str:
    """Hash of what identifies a charger in the register; the same row in a later release gets the same id."""
    parts = [
        rec["operator"],
        rec["address"],
        rec["postcode"],
        rec["city"],
        "" if rec["lat"] is None else f"{rec['lat']:.5f}",  # 5 decimals ≈ 1 m: float noise between releases is ignored
        "" if rec["lon"] is None else f"{rec['lon']:.5f}",
        rec["commissioned_on"].isoformat() if rec["commissioned_on"] else "",
        "" if rec["charge_points"] is None else str(rec["charge_points"]),
    ]
    key = "|".join(re.sub(r"\s+", " ", str(p or "")).strip().casefold() for p in parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _frames(rows: Iterator[_Row], cols: dict[str, int], release: date | None) -> Parsed:
    records: list[dict[str, Any]] = []
    rejected: list[tuple[int | None, str, str]] = []
    rows_in = 0
    seen: dict[str, int] = {}
    for row in rows:
        if all(_text(c) is None for c in row.cells):
            continue  # trailing empty rows (the 2017 release has 181)
        rows_in += 1
        try:
            rec = _record(row, cols)
        except _Reject as e:
            rejected.append((row.line, str(e), row.raw))
            continue
        native = _native_id(rec)
        # identical register rows are separate chargers (two columns side by side): count them, never merge them
        seen[native] = seen.get(native, 0) + 1
        if seen[native] > 1:
            native = f"{native}-{seen[native]}"
        rec["station_id"] = station_id("bnetza", native)
        rec["_line"] = row.line
        records.append(rec)
    # typed as the `charging_station` table (the release date is the file's, added below), with the station's position
    f = rows_frame("charging_station", records, provenance=["_line"], extra={"lat": pl.Float64(), "lon": pl.Float64()})
    name = pl.concat_str(
        [pl.col("operator"), pl.concat_str([pl.col("address"), pl.col("city")], separator=", ", ignore_nulls=True)],
        separator=" – ",
        ignore_nulls=True,
    )
    station = shape(
        "station",
        f.select(
            "station_id",
            pl.lit("charging_station").alias("kind"),
            name.alias("name"),
            "lat",
            "lon",
            pl.lit(SOURCE_LABEL).alias("source"),
            "_line",
        ),
    )
    charging = shape("charging_station", f.drop("lat", "lon").with_columns(pl.lit(release, dtype=pl.Date).alias("release_date")))
    return Parsed(tables={"station": station, "charging_station": charging}, rejected=rejected, rows_in=rows_in)


# --- XLSX -------------------------------------------------------------------------------------------------------


def _zip_head_entries(head: bytes, limit: int = 1 << 20) -> dict[str, bytes]:
    """Members of a zip whose local headers lie in `head`, decompressed as far as the head reaches.

    Detection sees only the first 64 KiB; the workbook and shared strings usually come first and are small.
    """
    out: dict[str, bytes] = {}
    pos = 0
    while pos + 30 <= len(head) and head[pos : pos + 4] == b"PK\x03\x04":
        _, flags, method, _, _, _, csize, _, nlen, xlen = struct.unpack("<HHHHHIIIHH", head[pos + 4 : pos + 30])
        member = head[pos + 30 : pos + 30 + nlen].decode("utf-8", "replace")
        start = pos + 30 + nlen + xlen
        sized = csize > 0 and not flags & 0x08
        body = head[start : start + csize] if sized else head[start:]
        if method == 8:
            try:
                out[member] = zlib.decompressobj(-15).decompress(body, limit)
            except zlib.error:
                out[member] = b""
        elif method == 0:
            out[member] = body[:limit]
        if not sized:
            break  # size only in a trailing data descriptor: the next header cannot be located
        pos = start + csize
    return out


def _xlsx_head_says_register(head: bytes) -> bool:
    """A sheet named after the register, or the register's header words in the visible shared strings or sheets.

    The bare word "Ladesäulenregister" is not enough: a Maßnahmenkatalog may cite the register as a data source.
    """
    entries = _zip_head_entries(head)
    workbook = entries.get("xl/workbook.xml", b"").decode("utf-8", "replace")
    if any(re.search(r"Lades(ä|ae)ulen", m, re.IGNORECASE) for m in re.findall(r'<sheet [^>]*name="([^"]*)"', workbook)):
        return True
    text = " ".join(v.decode("utf-8", "replace") for k, v in entries.items() if k.startswith("xl/") and k.endswith(".xml"))
    return (
        ">Betreiber<" in text
        and bool(re.search(r"Breitengrad|L(ä|ae)ngengrad", text))
        and bool(re.search(r"Ladeeinricht?ung|Anzahl Ladepunkte", text))
    )


def _find_header(ws: Any) -> tuple[int, list[object], list[tuple[object, ...]]] | None:
    """(1-based header row, header cells, preamble rows) of a worksheet, or None when it has no `Betreiber` header."""
    preamble: list[tuple[object, ...]] = []
    for i, cells in enumerate(ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True), 1):
        if _is_header(cells):
            return i, list(cells), preamble
        preamble.append(cells)
    return None


def _xlsx_rows(ws: Any, header_row: int) -> Iterator[_Row]:
    for i, cells in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), header_row + 1):
        values = list(cells)
        yield _Row(i, values, ";".join("" if c is None else str(c) for c in values).rstrip(";"))


def _parse_xlsx(data: bytes, name: str) -> Parsed:
    import openpyxl  # only XLSX files need it

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - any failure to open means the workbook is not readable
        raise FileRejected(f"XLSX-Datei nicht lesbar ({type(e).__name__})") from None
    try:
        for ws in wb.worksheets:
            found = _find_header(ws)
            if found is None:
                continue
            header_row, header, preamble = found
            cols = _column_map(header)
            release = next((d for cells in preamble if (d := _release_from_cells(cells))), None)
            if release is None and preamble:
                release = _release_formula(data, ws.title, header_row)
            release = release or _release_from_name(name)
            return _frames(_xlsx_rows(ws, header_row), cols, release)
    finally:
        wb.close()
    raise FileRejected("keine Tabelle mit der Spalte 'Betreiber' gefunden")


def _release_formula(data: bytes, sheet: str, header_row: int) -> date | None:
    """The 2017 `="Stand: 11.04.2017"` cell is a formula: without a cached value only the formula text shows it."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        ws = wb[sheet]
        for cells in ws.iter_rows(max_row=header_row - 1, values_only=True):
            found = _release_from_cells(cells)
            if found:
                return found
    finally:
        wb.close()
    return None


# --- CSV --------------------------------------------------------------------------------------------------------


def _parse_csv(data: bytes, name: str) -> Parsed:
    text = decode_text(data)
    table = read_delimited(text, is_header=_is_header, max_preamble=HEADER_SCAN_ROWS)
    cols = _column_map(table.header)
    preamble = text.split("\n")[: table.header_line - 1]
    release = next(
        (d for line in preamble if (d := _release_from_cells(line.rstrip("\r").split(table.delimiter)))), None
    ) or _release_from_name(name)
    rows = (_Row(line, cells, raw) for line, cells, raw in table.rows())
    return table.add_rejects_to(_frames(rows, cols, release))


@register
class BnetzaLadesaeulenregister(Source):
    kind = "bnetza_ladesaeulen"
    label = "Ladesäulenregister der Bundesnetzagentur (XLSX/CSV)"
    write_modes = {"station": "merge", "charging_station": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        if CATALOGUE_NAME.search(name):
            return False
        if head.startswith(b"PK\x03\x04"):
            # only the first 64 KiB of the zip: its workbook/shared strings, else the register's usual file name
            is_xlsx = b"xl/" in head or name.lower().endswith((".xlsx", ".xlsm"))
            return is_xlsx and (_xlsx_head_says_register(head) or bool(REGISTER_NAME.search(name)))
        return head_has_header(head, _is_register_header, max_lines=HEADER_SCAN_ROWS + 1)

    def parse(self, data: bytes, name: str) -> Parsed:
        if data.startswith(b"PK\x03\x04"):
            return _parse_xlsx(data, name)
        return _parse_csv(data, name)
