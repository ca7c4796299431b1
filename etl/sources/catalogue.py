"""Maßnahmenkatalog (XLSX): Handlungsfelder, Maßnahmen, Indikatoren and Indikatorwerte, validated against the contract."""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import warnings
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from html import unescape
from typing import Any

import polars as pl

from etl.errors import FileRejected
from etl.frames import rows_frame
from etl.parsing import DATE_FORMATS, MISSING_MARKERS, RowRejected, to_date, to_number
from etl.registry import Parsed, Source, register

LABEL = "Maßnahmenkatalog"
STATUSES = ("geplant", "in_umsetzung", "umgesetzt", "pausiert")
IOO_LEVELS = ("input", "output", "outcome", "impact")
DIRECTIONS = {
    "steigend": "increase",
    "increase": "increase",
    "höher ist besser": "increase",
    "hoeher ist besser": "increase",
    "fallend": "decrease",
    "decrease": "decrease",
    "niedriger ist besser": "decrease",
}
# Fortschrittsbasis: the codes of indicators.progress.BASES (etl imports nothing from indicators; a test keeps both
# equal), and the German words a city editor may write instead
PROGRESS_BASES = {
    "annual_mean": "annual_mean",
    "jahresmittel": "annual_mean",
    "rolling_12m": "rolling_12m",
    "gleitende 12 monate": "rolling_12m",
    "letzte 12 monate": "rolling_12m",
    "last_value": "last_value",
    "letzter wert": "last_value",
    "annual_sum": "annual_sum",
    "jahressumme": "annual_sum",
}
# Evaluation plans: the methods of indicators.before_after.METHODS and the window bounds of indicators.comparisons
# (a test keeps them equal); the expected direction in the editor's words
PLAN_METHODS = ("simple", "adjusted", "its", "did")
PLAN_WINDOW_DAYS = (30, 1826)
PLAN_DIRECTIONS = {
    "steigend": "increase",
    "increase": "increase",
    "fallend": "decrease",
    "decrease": "decrease",
    "keine": "none",
    "none": "none",
    "placebo": "none",
}
TRUE_WORDS = frozenset({"ja", "j", "yes", "y", "x", "wahr", "true", "1"})
FALSE_WORDS = frozenset({"nein", "n", "no", "falsch", "false", "0"})
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
ISO_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")
FIELD_SPLIT = re.compile(r"[,;\n]+")
NAME_HINT = re.compile(r"(?i)ma(ss|ß)nahmen")
WORKBOOK_ENTRY = b"xl/workbook.xml"
SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def _norm(text: str) -> str:
    """Header and sheet names compare case- and space-insensitively; `ß` and `ss` are the same letter here."""
    return re.sub(r"\s+", "", str(text)).lower().replace("ß", "ss")


@dataclass(frozen=True)
class Column:
    """One column of a catalogue sheet: warehouse field, accepted header names (first one is documented), required."""

    field: str
    headers: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    required: bool = True


FIELDS_SHEET = Sheet(
    "Handlungsfelder",
    (
        Column("action_field_id", ("ID", "Handlungsfeld-ID"), True),
        Column("name", ("Name",), True),
        Column("zielbild", ("Zielbild",), True),
        Column("sort_order", ("Reihenfolge", "Sortierung")),
        # optional English texts (shown with ?lang=en; blank or missing: the German one)
        Column("name_en", ("Name (en)",)),
        Column("zielbild_en", ("Zielbild (en)",)),
    ),
)
MEASURES_SHEET = Sheet(
    "Maßnahmen",
    (
        Column("measure_id", ("Maßnahme-ID", "ID"), True),
        Column("title", ("Titel", "Name"), True),
        Column("description", ("Beschreibung",)),
        Column("action_fields", ("Handlungsfelder", "Handlungsfeld"), True),
        Column("status", ("Status",), True),
        Column("responsible_unit", ("Verantwortlich", "Verantwortliche Stelle"), True),
        Column("budget_eur", ("Budget (EUR)", "Budget (€)", "Budget")),
        Column("staff_fte", ("Personal (VZÄ)", "Personal")),
        Column("start_date", ("Start", "Beginn")),
        Column("end_date", ("Ende",)),
        Column("milestones", ("Meilensteine",)),
        Column("in_backlog", ("Maßnahmenspeicher",)),
        Column("last_reviewed", ("Zuletzt geprüft",)),  # the day the measure was last re-examined (Maßnahmenspeicher)
        Column("is_example", ("Beispielwert", "Beispielwerte")),
        Column("title_en", ("Titel (en)",)),
        Column("description_en", ("Beschreibung (en)",)),
        Column("milestones_en", ("Meilensteine (en)",)),
    ),
)
INDICATORS_SHEET = Sheet(
    "Indikatoren",
    (
        Column("indicator_id", ("Indikator-ID", "ID"), True),
        Column("measure_id", ("Maßnahme-ID", "Maßnahme"), True),
        Column("name", ("Name",), True),
        Column("definition", ("Definition",)),
        Column("unit", ("Einheit",), True),
        Column("ioo_level", ("IOOI-Ebene", "IOOI", "Wirkungsebene"), True),
        Column("direction", ("Richtung", "Gewünschte Richtung"), True),
        Column("baseline_value", ("Basiswert",)),
        Column("baseline_date", ("Basisdatum",)),
        Column("target_value", ("Zielwert",)),
        Column("target_date", ("Zieldatum",)),
        Column("progress_basis", ("Fortschrittsbasis",)),
        Column("update_interval", ("Aktualisierung", "Aktualisierungsintervall"), True),
        Column("source", ("Quelle", "Datenquelle")),
        Column("responsible_unit", ("Verantwortlich", "Verantwortliche Stelle")),
        Column("is_public", ("Öffentlich",), True),
        Column("caveats", ("Hinweise", "Einschränkungen")),
        Column("is_example", ("Beispielwert", "Beispielwerte")),
        Column("name_en", ("Name (en)",)),
        Column("definition_en", ("Definition (en)",)),
        Column("source_en", ("Quelle (en)",)),
        Column("caveats_en", ("Hinweise (en)",)),
    ),
)
VALUES_SHEET = Sheet(
    "Indikatorwerte",
    (
        Column("indicator_id", ("Indikator-ID",), True),
        Column("period_start", ("Periodenbeginn", "Periode", "Datum"), True),
        Column("value", ("Wert",), True),
        Column("is_example", ("Beispielwert", "Beispielwerte")),
    ),
    required=False,
)  # a catalogue may exist before any value is reported
PLANS_SHEET = Sheet(
    "Evaluationspläne",
    (
        Column("plan_id", ("Plan-ID",), True),
        Column("version", ("Version",), True),
        Column("measure_id", ("Maßnahme-ID", "Maßnahme"), True),
        Column("indicator_id", ("Indikator-ID", "Indikator"), True),
        Column("station_id", ("Station",)),
        Column("cutoff_date", ("Stichtag",), True),
        Column("window_days", ("Fenster (Tage)", "Fenster"), True),
        Column("method", ("Methode",), True),
        Column("controls", ("Kontrollstationen",)),
        Column("expected_direction", ("Erwartete Richtung",), True),
        Column("expected_effect_pct", ("Erwarteter Effekt (%)", "Erwarteter Effekt"), True),
        Column("decided_by", ("Entschieden von",), True),
        Column("decided_on", ("Entschieden am",), True),
        Column("published_on", ("Veröffentlicht am",), True),
        Column("change_reason", ("Änderungsgrund",)),
        Column("is_example", ("Beispielwert", "Beispielwerte")),
        Column("change_reason_en", ("Änderungsgrund (en)",)),
    ),
    required=False,
)  # plans come when a city writes them; each row is one published version (docs/warehouse.md)
SHEETS = (FIELDS_SHEET, MEASURES_SHEET, INDICATORS_SHEET, VALUES_SHEET, PLANS_SHEET)


@dataclass
class Row:
    """A non-empty data row of a sheet: its spreadsheet row number, cells by warehouse field, and the row as text."""

    line: int
    cells: dict[str, Any]
    raw: str
    errors: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- detection from the head only


def sheet_names_from_head(head: bytes) -> list[str] | None:
    """Sheet names read from `xl/workbook.xml` when its local zip entry starts inside the head, else None.

    Deflate streams decompress incrementally, so a workbook.xml cut off by the 64 KiB head still yields the
    sheet list that comes first in it. Nothing but the head bytes is read.
    """
    pos = head.find(WORKBOOK_ENTRY)
    while pos != -1:
        start = pos - 30
        if start >= 0 and head[start : start + 4] == b"PK\x03\x04":
            method = struct.unpack_from("<H", head, start + 8)[0]
            name_len, extra_len = struct.unpack_from("<HH", head, start + 26)
            if head[start + 30 : start + 30 + name_len] == WORKBOOK_ENTRY:
                body = head[start + 30 + name_len + extra_len :]
                if method == 8:
                    xml = zlib.decompressobj(-15).decompress(body, 1 << 20)
                elif method == 0:
                    xml = body
                else:
                    return None
                return [unescape(m.decode("utf-8", "replace")) for m in SHEET_NAME.findall(xml)]
        pos = head.find(WORKBOOK_ENTRY, pos + 1)
    return None


# ---------------------------------------------------------------- cell conversion


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _text(v: Any) -> str | None:
    if _blank(v):
        return None
    if isinstance(v, bool):
        return "ja" if v else "nein"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    return str(v).strip()


def _opt_number(v: Any, label: str, errors: list[str], *, minimum: float | None = None) -> float | None:
    if _blank(v) or (isinstance(v, str) and v.strip() in MISSING_MARKERS):
        return None
    try:  # units typed into the cell ("250.000 €", "12 %") are not part of the number
        f = to_number(re.sub(r"[€%]|EUR", "", v) if isinstance(v, str) else v, decimal="auto", grouping=True, missing=())
    except RowRejected:
        f = None
    if f is None:  # a cell of only a unit ("€") is no number either
        errors.append(f"{label}: keine Zahl: {_text(v)!r}")
        return None
    if minimum is not None and f < minimum:
        errors.append(f"{label}: darf nicht negativ sein ({_text(v)})")
        return None
    return f


def _opt_date(v: Any, label: str, errors: list[str]) -> date | None:
    if _blank(v):
        return None
    try:
        return to_date(v, formats=(*DATE_FORMATS, "%Y-%m", "%m/%Y", "%Y"), serials=(20000, 80000), year_numbers=True, missing=())
    except RowRejected:
        errors.append(f"{label}: kein Datum: {_text(v)!r}")
        return None


def _flag(v: Any, label: str, errors: list[str], *, default: bool) -> bool:
    if _blank(v):
        return default
    if isinstance(v, bool):
        return v
    s = _text(v) or ""
    if s.lower() in TRUE_WORDS:
        return True
    if s.lower() in FALSE_WORDS:
        return False
    errors.append(f"{label}: ja oder nein erwartet, nicht {s!r}")
    return default


def _ident(v: Any, label: str, errors: list[str]) -> str | None:
    s = _text(v)
    if s is None:
        errors.append(f"{label} fehlt")
        return None
    if not ID_PATTERN.match(s):
        errors.append(f"{label} {s!r} ungültig (nur Kleinbuchstaben, Ziffern, '-', '_', '.')")
        return None
    return s


def _required_text(v: Any, label: str, errors: list[str]) -> str | None:
    s = _text(v)
    if s is None:
        errors.append(f"{label} fehlt")
    return s


def _unit_name(v: Any, label: str, errors: list[str]) -> str | None:
    """An organisational unit: a person's e-mail address does not belong in the catalogue."""
    s = _text(v)
    if s is not None and "@" in s:
        errors.append(f"{label}: eine Organisationseinheit angeben, keine E-Mail-Adresse")
        return None
    return s


def _vocab(
    v: Any, label: str, errors: list[str], allowed: Iterable[str], normalise: Callable[[str], str], *, shown: str | None = None
) -> str | None:
    s = _text(v)
    if s is None:
        errors.append(f"{label} fehlt")
        return None
    out = normalise(s)
    if out not in allowed:
        errors.append(f"{label} {s!r} ungültig (erlaubt: {shown or ', '.join(allowed)})")
        return None
    return out


# ---------------------------------------------------------------- reading sheets


def _open_workbook(data: bytes) -> Any:
    import openpyxl  # heavy import only when a catalogue is actually parsed

    if not data.startswith(b"PK"):
        raise FileRejected(f"{LABEL}: keine XLSX-Datei")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation extensions it does not read
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - zip garbage, missing parts, bad XML: the file as a whole is unreadable
        raise FileRejected(f"{LABEL}: XLSX-Datei beschädigt oder nicht lesbar ({type(e).__name__})") from None


def _read_sheet(wb: Any, sheet: Sheet) -> list[Row] | None:
    """The sheet's non-empty data rows with their spreadsheet row numbers; None when an optional sheet is absent."""
    by_norm = {_norm(n): n for n in wb.sheetnames}
    actual = by_norm.get(_norm(sheet.name))
    if actual is None:
        if sheet.required:
            raise FileRejected(f"{LABEL}: Blatt {sheet.name!r} fehlt (vorhanden: {', '.join(wb.sheetnames)})")
        return None
    ws = wb[actual]
    ws.reset_dimensions()  # some writers store a wrong sheet size; read every row there is
    rows = ws.iter_rows(min_row=1, values_only=True)
    header: tuple[Any, ...] | None = None
    header_line = 0
    for line, values in enumerate(rows, start=1):
        if any(not _blank(v) for v in values):
            header, header_line = values, line
            break
    if header is None:
        raise FileRejected(f"{LABEL}: Blatt {sheet.name!r} ist leer (Kopfzeile fehlt)")
    names = [_text(h) or "" for h in header]
    positions: dict[str, int] = {}
    normed = [_norm(n) for n in names]
    for col in sheet.columns:
        hits = [i for c in col.headers for i, n in enumerate(normed) if n == _norm(c)]
        if not hits:
            if col.required:
                raise FileRejected(f"{LABEL}: Blatt {sheet.name!r}: Spalte fehlt: {col.headers[0]!r}", line=header_line)
            continue
        first = [i for i, n in enumerate(normed) if n == normed[hits[0]]]
        if len(first) > 1:
            raise FileRejected(f"{LABEL}: Blatt {sheet.name!r}: Spalte {names[hits[0]]!r} doppelt", line=header_line)
        positions[col.field] = hits[0]
    out: list[Row] = []
    for line, values in enumerate(rows, start=header_line + 1):
        if all(_blank(v) for v in values):
            continue  # empty rows between blocks are layout, not data
        cells = {f: (values[i] if i < len(values) else None) for f, i in positions.items()}
        raw = " | ".join(_text(v) or "" for v in values).rstrip(" |")
        out.append(Row(line, cells, raw))
    return out


def _reject(rows: list[Row], sheet: Sheet, rejected: list[tuple[int | None, str, str]]) -> list[Row]:
    """Move rows with errors to `rejected` (reason prefixed with the sheet name) and keep the others."""
    kept = []
    for r in rows:
        if r.errors:
            rejected.append((r.line, f"{sheet.name}: {'; '.join(r.errors)}", r.raw))
        else:
            kept.append(r)
    return kept


def _unique(rows: list[Row], key: Callable[[Row], Any], label: Callable[[Row], str]) -> None:
    """Flag every later row whose key was already used by an earlier (valid) row."""
    seen: dict[Any, int] = {}
    for r in rows:
        if r.errors:
            continue
        k = key(r)
        if k in seen:
            r.errors.append(f"{label(r)} doppelt (gilt: Zeile {seen[k]})")
        else:
            seen[k] = r.line


# ---------------------------------------------------------------- the source


@register
class Catalogue(Source):
    kind = "catalogue_xlsx"
    label = "Maßnahmenkatalog (XLSX)"
    # the catalogue is the whole truth of its tables; values are a series that later files extend
    write_modes = {
        "action_field": "replace",
        "measure": "replace",
        "measure_action_field": "replace",
        "indicator": "replace",
        "indicator_value": "merge",
        "evaluation_plan": "frozen",  # a published plan version never changes: a change is a new version
    }

    def detect(self, head: bytes, name: str) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        sheets = sheet_names_from_head(head)
        if sheets is not None:
            normed = {_norm(s) for s in sheets}
            return _norm(MEASURES_SHEET.name) in normed and _norm(INDICATORS_SHEET.name) in normed
        # workbook.xml lies beyond the head (some writers put it last): only the file name can tell
        return name.lower().endswith(".xlsx") and bool(NAME_HINT.search(name))

    def parse(self, data: bytes, name: str) -> Parsed:
        wb = _open_workbook(data)
        try:
            sheets = {s.name: _read_sheet(wb, s) for s in SHEETS}
        finally:
            wb.close()
        rejected: list[tuple[int | None, str, str]] = []
        field_rows = _fields(sheets[FIELDS_SHEET.name] or [])
        _unique(field_rows, lambda r: r.cells["action_field_id"], lambda r: f"ID {r.cells['action_field_id']!r}")
        field_rows = _reject(field_rows, FIELDS_SHEET, rejected)
        if not field_rows:
            raise FileRejected(f"{LABEL}: kein gültiges Handlungsfeld im Blatt {FIELDS_SHEET.name!r}")
        field_ids = {r.cells["action_field_id"] for r in field_rows}

        measure_rows = _measures(sheets[MEASURES_SHEET.name] or [], field_ids)
        _unique(measure_rows, lambda r: r.cells["measure_id"], lambda r: f"Maßnahme-ID {r.cells['measure_id']!r}")
        measure_rows = _reject(measure_rows, MEASURES_SHEET, rejected)
        if not measure_rows:
            # replacing the catalogue with nothing would wipe every measure: surely a broken file
            raise FileRejected(f"{LABEL}: keine gültige Maßnahme im Blatt {MEASURES_SHEET.name!r}")
        measures = {r.cells["measure_id"]: r for r in measure_rows}

        indicator_rows = _indicators(sheets[INDICATORS_SHEET.name] or [], measures)
        _unique(indicator_rows, lambda r: r.cells["indicator_id"], lambda r: f"Indikator-ID {r.cells['indicator_id']!r}")
        indicator_rows = _reject(indicator_rows, INDICATORS_SHEET, rejected)
        indicator_ids = {r.cells["indicator_id"] for r in indicator_rows}

        value_rows = _values(sheets[VALUES_SHEET.name] or [], indicator_ids)
        _unique(
            value_rows,
            lambda r: (r.cells["indicator_id"], r.cells["period_start"]),
            lambda r: f"Wert für {r.cells['indicator_id']!r} ab {r.cells['period_start']:%d.%m.%Y}",
        )
        value_rows = _reject(value_rows, VALUES_SHEET, rejected)

        plan_rows = _plans(sheets[PLANS_SHEET.name] or [], measures, {r.cells["indicator_id"]: r for r in indicator_rows})
        _unique(
            plan_rows,
            lambda r: (r.cells["plan_id"], r.cells["version"]),
            lambda r: f"Plan {r.cells['plan_id']!r} Version {r.cells['version']}",
        )
        plan_rows = _reject(plan_rows, PLANS_SHEET, rejected)

        rows_in = sum(len(rows or []) for rows in sheets.values())
        frames = _frames(field_rows, measure_rows, indicator_rows, value_rows)
        frames["evaluation_plan"] = rows_frame(
            "evaluation_plan", _lined([r.cells for r in plan_rows], [r.line for r in plan_rows]), provenance=LINE
        )
        return Parsed(tables=frames, rejected=rejected, rows_in=rows_in)


# ---------------------------------------------------------------- validation per sheet


def _fields(rows: list[Row]) -> list[Row]:
    for pos, r in enumerate(rows, start=1):
        c, e = r.cells, r.errors
        order = _opt_number(c.get("sort_order"), "Reihenfolge", e)
        if order is not None and not (order.is_integer() and abs(order) < 2**31):  # the column is INTEGER
            e.append(f"Reihenfolge: ganze Zahl erwartet ({_text(c.get('sort_order'))})")
            order = None
        r.cells = {
            "action_field_id": _ident(c["action_field_id"], "ID", e),
            "name": _required_text(c["name"], "Name", e),
            "zielbild": _required_text(c["zielbild"], "Zielbild", e),
            "sort_order": int(order) if order is not None and order.is_integer() else pos,
            "name_en": _text(c.get("name_en")),
            "zielbild_en": _text(c.get("zielbild_en")),
        }
    return rows


def _status(s: str) -> str:
    return re.sub(r"[\s-]+", "_", s.strip().lower())


def _measures(rows: list[Row], field_ids: set[str]) -> list[Row]:
    for r in rows:
        c, e = r.cells, r.errors
        fields: list[str] = []
        listed = _text(c["action_fields"])
        if listed is None:
            e.append("Handlungsfelder fehlt (mindestens ein Handlungsfeld)")
        else:
            for part in FIELD_SPLIT.split(listed):
                fid = part.strip()
                if not fid:
                    continue
                if fid not in field_ids:
                    e.append(f"Handlungsfeld {fid!r} nicht im Blatt Handlungsfelder (oder dort abgewiesen)")
                elif fid not in fields:
                    fields.append(fid)
            if not fields and not e:
                e.append("Handlungsfelder fehlt (mindestens ein Handlungsfeld)")
        start = _opt_date(c.get("start_date"), "Start", e)
        end = _opt_date(c.get("end_date"), "Ende", e)
        if start and end and end < start:
            e.append(f"Ende ({end:%d.%m.%Y}) liegt vor Start ({start:%d.%m.%Y})")
        status = _vocab(c["status"], "Status", e, STATUSES, _status)
        in_backlog = _flag(c.get("in_backlog"), "Maßnahmenspeicher", e, default=False)
        if in_backlog and status in ("in_umsetzung", "umgesetzt"):
            e.append(f"Maßnahmenspeicher: eine Maßnahme im Speicher kann nicht den Status {status!r} haben")
        responsible = _unit_name(c["responsible_unit"], "Verantwortlich", e)
        if responsible is None and not any(x.startswith("Verantwortlich") for x in e):
            e.append("Verantwortlich fehlt")
        r.cells = {
            "measure_id": _ident(c["measure_id"], "Maßnahme-ID", e),
            "title": _required_text(c["title"], "Titel", e),
            "description": _text(c.get("description")),
            "status": status,
            "responsible_unit": responsible,
            "budget_eur": _opt_number(c.get("budget_eur"), "Budget (EUR)", e, minimum=0),
            "staff_fte": _opt_number(c.get("staff_fte"), "Personal (VZÄ)", e, minimum=0),
            "start_date": start,
            "end_date": end,
            "milestones": _text(c.get("milestones")),
            "title_en": _text(c.get("title_en")),
            "description_en": _text(c.get("description_en")),
            "milestones_en": _text(c.get("milestones_en")),
            "in_backlog": in_backlog,
            "last_reviewed": _opt_date(c.get("last_reviewed"), "Zuletzt geprüft", e),
            "is_example": _flag(c.get("is_example"), "Beispielwert", e, default=False),
            "_fields": fields,
        }
    return rows


def _indicators(rows: list[Row], measures: dict[str, Row]) -> list[Row]:
    for r in rows:
        c, e = r.cells, r.errors
        measure_id = _ident(c["measure_id"], "Maßnahme-ID", e)
        if measure_id is not None and measure_id not in measures:
            e.append(f"Maßnahme {measure_id!r} nicht im Blatt Maßnahmen (oder dort abgewiesen)")
        interval = _text(c["update_interval"])
        if interval is None:
            e.append("Aktualisierung fehlt (ISO-8601-Dauer wie P1D, P1M, P1Y)")
        elif not ISO_DURATION.match(interval.upper()):
            e.append(f"Aktualisierung {interval!r} ist keine ISO-8601-Dauer (z. B. P1D, P1M, P1Y)")
            interval = None
        baseline_value = _opt_number(c.get("baseline_value"), "Basiswert", e)
        baseline_date = _opt_date(c.get("baseline_date"), "Basisdatum", e)
        target_value = _opt_number(c.get("target_value"), "Zielwert", e)
        target_date = _opt_date(c.get("target_date"), "Zieldatum", e)
        # progress against target needs each value with its date
        if baseline_value is not None and _blank(c.get("baseline_date")):
            e.append("Basiswert ohne Basisdatum")
        if target_value is not None and _blank(c.get("target_date")):
            e.append("Zielwert ohne Zieldatum")
        if baseline_date and target_date and target_date <= baseline_date:
            e.append(f"Zieldatum ({target_date:%d.%m.%Y}) liegt nicht nach dem Basisdatum ({baseline_date:%d.%m.%Y})")
        basis = None
        if not _blank(c.get("progress_basis")):
            basis = _vocab(
                c["progress_basis"],
                "Fortschrittsbasis",
                e,
                set(PROGRESS_BASES.values()),
                lambda s: PROGRESS_BASES.get(re.sub(r"\s+", " ", s.strip().lower()), s),
                shown="annual_mean, rolling_12m, last_value, annual_sum (oder Jahresmittel, letzte 12 Monate, letzter Wert, "
                "Jahressumme); leer = nach Aktualisierung",
            )
        if basis == "rolling_12m" and interval and re.search(r"\d+Y|[2-9]M|\d{2,}M", interval.upper()):
            e.append(f"Fortschrittsbasis rolling_12m braucht Monats- oder feinere Werte (Aktualisierung {interval})")
        responsible = _unit_name(c.get("responsible_unit"), "Verantwortlich", e)
        if responsible is None and measure_id in measures:
            responsible = measures[measure_id].cells["responsible_unit"]  # empty means: the measure's unit
        r.cells = {
            "indicator_id": _ident(c["indicator_id"], "Indikator-ID", e),
            "measure_id": measure_id,
            "name": _required_text(c["name"], "Name", e),
            "definition": _text(c.get("definition")),
            "unit": _required_text(c["unit"], "Einheit", e),
            "ioo_level": _vocab(
                c["ioo_level"], "IOOI-Ebene", e, IOO_LEVELS, lambda s: s.strip().lower(), shown="Input, Output, Outcome, Impact"
            ),
            "direction": _vocab(
                c["direction"],
                "Richtung",
                e,
                DIRECTIONS.values(),
                lambda s: DIRECTIONS.get(re.sub(r"\s+", " ", s.strip().lower()), s),
                shown="steigend, fallend",
            ),
            "baseline_value": baseline_value,
            "baseline_date": baseline_date,
            "target_value": target_value,
            "target_date": target_date,
            "progress_basis": basis,
            "update_interval": interval.upper() if interval else None,
            "source": _text(c.get("source")),
            "responsible_unit": responsible,
            # unpublished unless the catalogue says so: a forgotten cell must never publish an indicator
            "is_public": _flag(c.get("is_public"), "Öffentlich", e, default=False),
            "caveats": _text(c.get("caveats")),
            "is_example": _flag(c.get("is_example"), "Beispielwert", e, default=False),
            "name_en": _text(c.get("name_en")),
            "definition_en": _text(c.get("definition_en")),
            "source_en": _text(c.get("source_en")),
            "caveats_en": _text(c.get("caveats_en")),
        }
    return rows


def _values(rows: list[Row], indicator_ids: set[str]) -> list[Row]:
    for r in rows:
        c, e = r.cells, r.errors
        indicator_id = _ident(c["indicator_id"], "Indikator-ID", e)
        if indicator_id is not None and indicator_id not in indicator_ids:
            e.append(f"Indikator {indicator_id!r} nicht im Blatt Indikatoren (oder dort abgewiesen)")
        period = _opt_date(c["period_start"], "Periodenbeginn", e)
        if period is None and _blank(c["period_start"]):
            e.append("Periodenbeginn fehlt")
        r.cells = {
            "indicator_id": indicator_id,
            "period_start": period,
            "value": _opt_number(c["value"], "Wert", e),
            "is_example": _flag(c.get("is_example"), "Beispielwert", e, default=False),
        }
    return rows


def _plans(rows: list[Row], measures: dict[str, Row], indicators: dict[str, Row]) -> list[Row]:
    """Each row one published version of an evaluation plan: what is compared, how, and what is expected, fixed before
    the Stichtag (a later publication is allowed and shown as "nachträglich")."""
    for r in rows:
        c, e = r.cells, r.errors
        measure_id = _ident(c["measure_id"], "Maßnahme-ID", e)
        if measure_id is not None and measure_id not in measures:
            e.append(f"Maßnahme {measure_id!r} nicht im Blatt Maßnahmen (oder dort abgewiesen)")
        indicator_id = _ident(c["indicator_id"], "Indikator-ID", e)
        if indicator_id is not None and indicator_id not in indicators:
            e.append(f"Indikator {indicator_id!r} nicht im Blatt Indikatoren (oder dort abgewiesen)")
        version = _opt_number(c["version"], "Version", e, minimum=1)
        if version is None and _blank(c["version"]):
            e.append("Version fehlt")
        elif version is not None and not version.is_integer():
            e.append(f"Version: ganze Zahl erwartet ({_text(c['version'])})")
        window = _opt_number(c["window_days"], "Fenster (Tage)", e)
        low, high = PLAN_WINDOW_DAYS
        if window is None and _blank(c["window_days"]):
            e.append("Fenster (Tage) fehlt")
        elif window is not None and not (window.is_integer() and low <= window <= high):
            e.append(f"Fenster (Tage): ganze Zahl von {low} bis {high} erwartet ({_text(c['window_days'])})")
            window = None
        method = _vocab(c["method"], "Methode", e, PLAN_METHODS, lambda s: s.strip().lower())
        controls = [x.strip() for x in (_text(c.get("controls")) or "").split(",") if x.strip()]
        station = _text(c.get("station_id"))
        if method == "did" and not controls:
            e.append("Kontrollstationen fehlen (Differenz-von-Differenzen vergleicht mit ihnen)")
        if method == "did" and station is None:
            e.append("Station fehlt (Differenz-von-Differenzen vergleicht eine Station mit Kontrollstationen)")
        if method != "did" and controls:
            e.append("Kontrollstationen nur mit der Methode did")
        if station is not None and station in controls:
            e.append("die Station kann nicht ihre eigene Kontrollstation sein")
        direction = _vocab(
            c["expected_direction"],
            "Erwartete Richtung",
            e,
            set(PLAN_DIRECTIONS.values()),
            lambda s: PLAN_DIRECTIONS.get(s.strip().lower(), s),
            shown="steigend, fallend, keine",
        )
        effect = _opt_number(c["expected_effect_pct"], "Erwarteter Effekt (%)", e)
        if effect is None and _blank(c["expected_effect_pct"]):
            e.append("Erwarteter Effekt (%) fehlt")
        elif effect is not None and direction is not None:
            sign = {"increase": effect > 0, "decrease": effect < 0, "none": effect == 0}[direction]
            if not sign:
                e.append(f"Erwarteter Effekt {effect:g} % passt nicht zur Richtung {_text(c['expected_direction'])!r}")
        cutoff = _opt_date(c["cutoff_date"], "Stichtag", e)
        decided = _opt_date(c["decided_on"], "Entschieden am", e)
        published = _opt_date(c["published_on"], "Veröffentlicht am", e)
        for value, label, column in (
            (cutoff, "Stichtag", "cutoff_date"),
            (decided, "Entschieden am", "decided_on"),
            (published, "Veröffentlicht am", "published_on"),
        ):
            if value is None and _blank(c[column]):
                e.append(f"{label} fehlt")
        if decided and published and published < decided:
            e.append(f"Veröffentlicht am ({published:%d.%m.%Y}) liegt vor Entschieden am ({decided:%d.%m.%Y})")
        reason = _text(c.get("change_reason"))
        if version is not None and version > 1 and reason is None:
            e.append("Änderungsgrund fehlt (ab Version 2: warum der Plan geändert wurde)")
        r.cells = {
            "plan_id": _ident(c["plan_id"], "Plan-ID", e),
            "version": int(version) if version is not None and version.is_integer() else None,
            "measure_id": measure_id,
            "indicator_id": indicator_id,
            "station_id": station,
            "cutoff_date": cutoff,
            "window_days": int(window) if window is not None else None,
            "method": method,
            "controls": ",".join(controls) or None,
            "expected_direction": direction,
            "expected_effect_pct": effect,
            "decided_by": _required_text(c["decided_by"], "Entschieden von", e),
            "decided_on": decided,
            "published_on": published,
            "change_reason": reason,
            "change_reason_en": _text(c.get("change_reason_en")),
            "is_example": _flag(c.get("is_example"), "Beispielwert", e, default=False),
        }
        r.cells["content_hash"] = plan_hash(r.cells)
    return rows


def plan_hash(cells: dict[str, Any]) -> str:
    """sha256 of a plan version's fields (what it fixes, who decided it when, and why it changed)."""
    fields = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in sorted(cells.items()) if k != "content_hash"}
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- frames

LINE = ("_line",)  # the catalogue's rows carry their sheet row; no raw text (a whole row of a workbook)


def _lined(records: Iterable[dict[str, Any]], lines: Iterable[int]) -> list[dict[str, Any]]:
    return [rec | {"_line": line} for rec, line in zip(records, lines, strict=True)]


def _frames(fields: list[Row], measures: list[Row], indicators: list[Row], values: list[Row]) -> dict[str, pl.DataFrame]:
    links = [(m, {"measure_id": m.cells["measure_id"], "action_field_id": f}) for m in measures for f in m.cells["_fields"]]
    return {
        "action_field": rows_frame("action_field", _lined([r.cells for r in fields], [r.line for r in fields]), provenance=LINE),
        "measure": rows_frame("measure", _lined([r.cells for r in measures], [r.line for r in measures]), provenance=LINE),
        "measure_action_field": rows_frame(
            "measure_action_field", _lined([link for _, link in links], [m.line for m, _ in links]), provenance=LINE
        ),
        "indicator": rows_frame(
            "indicator", _lined([r.cells for r in indicators], [r.line for r in indicators]), provenance=LINE
        ),
        "indicator_value": rows_frame(
            "indicator_value", _lined([r.cells for r in values], [r.line for r in values]), provenance=LINE
        ),
    }
