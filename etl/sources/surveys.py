"""Citizen participation (Bürgerbeteiligung): LimeSurvey response exports and aggregated survey results."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import PurePath

import polars as pl

from etl.errors import FileRejected
from etl.frames import rows_frame, shape
from etl.parsing import (
    RowRejected,
    decode_text,
    first_line,
    may_be_header,
    parse_local_times,
    read_delimited,
    to_date,
    to_number,
)
from etl.registry import LoadOptions, Parsed, Source, register

# ---------------------------------------------------------------------------------------------------------------
# Survey and wave ids
# ---------------------------------------------------------------------------------------------------------------

# LimeSurvey exports carry neither the survey's name nor the wave: both come from the file name
# `<survey_id>_<wave>.csv` (e.g. `zufriedenheit-station-mitte_welle1.csv`) or `results-survey<id>_<wave>.csv`.
# LimeSurvey's own name `results-survey<id>.csv` is read too: the survey from the name, the wave from `etl load --wave`
# or, without it, from the submission dates (`derived_wave`); the load log says which.
NAME_WAVE = re.compile(r"^(?P<survey>.+?)[ _-]+(?P<wave>(?:welle|wave|w)[ _-]?\d+)$", re.IGNORECASE)
LIMESURVEY_DEFAULT_NAME = re.compile(r"^results-survey(?P<sid>\d+)$", re.IGNORECASE)
BROWSER_COPY = re.compile(r"\s*\(\d+\)$")  # "results-survey1 (1).csv" from a second download
SURVEY_ID = re.compile(r"^[\w.-]+$")
WAVE_NUMBER = re.compile(r"^(?:welle|wave|w)?[\s_-]*0*(\d+)$", re.IGNORECASE)

NAMING_HELP = (
    "LimeSurvey-Exporte enthalten weder Umfrage noch Welle; bitte die Datei '<umfrage>_<welle>.csv' nennen,"
    " z. B. 'zufriedenheit-station-mitte_welle1.csv' oder 'results-survey123456_w2.csv'"
    " (Welle als 'welle1', 'w1' oder 'wave1')"
)


def normalize_wave(value: str) -> str:
    """`welle1`, `W1`, `Welle 01`, `wave_1` and `1` all become `welle1`; any other label is kept as written."""
    v = value.strip()
    m = WAVE_NUMBER.match(v)
    return f"welle{int(m.group(1))}" if m else v


def survey_and_wave_from_name(name: str) -> tuple[str, str]:
    """(survey_id, wave) from a LimeSurvey export's file name; `FileRejected` explains the convention otherwise."""
    stem = BROWSER_COPY.sub("", PurePath(name).stem.strip())
    m = NAME_WAVE.match(stem)
    if not m:
        raise FileRejected(f"Dateiname {name!r} nennt keine Welle. {NAMING_HELP}")
    survey = m.group("survey").strip(" _-")
    if d := LIMESURVEY_DEFAULT_NAME.match(survey):
        survey = d.group("sid")
    if not survey or not SURVEY_ID.match(survey):
        raise FileRejected(f"Dateiname {name!r} nennt keine gültige Umfrage. {NAMING_HELP}")
    return survey.lower(), normalize_wave(m.group("wave"))


def survey_from_default_name(name: str) -> str | None:
    """The survey id of a file named as LimeSurvey names its export, `results-survey<id>.csv` (no wave); else None."""
    m = LIMESURVEY_DEFAULT_NAME.match(BROWSER_COPY.sub("", PurePath(name).stem.strip()))
    return m.group("sid") if m else None


def derived_wave(submitdates: pl.Series) -> tuple[str, str, str] | None:
    """(wave, first, last) from the local submission times (`JJJJ-MM-TT hh:mm:ss`) of a file without a wave: the
    wave is the month of its first submission (`2025-03`), stable when a later export of the same wave adds
    responses; None when no response has a real submission time (all incomplete or anonymised)."""
    real = submitdates.filter((submitdates != "") & (submitdates != ANONYMISED_SUBMITDATE)).sort()
    if real.is_empty():
        return None
    first, last = str(real[0]), str(real[-1])
    return first[:7], first[:10], last[:10]


# ---------------------------------------------------------------------------------------------------------------
# LimeSurvey response export
# ---------------------------------------------------------------------------------------------------------------

# A heading is the question code, or "code<separator>text" (LimeSurvey's "Fragecode & Fragetext" headings, the
# separator is configurable, ". " by default). Array sub-questions: `Q2[SQ001]`; with EM codes: `Q2_SQ001`.
HEADING = re.compile(r"^(?P<code>[A-Za-z_][A-Za-z0-9_#]*(?:\[[^\]]*\])*)(?P<rest>.*)$", re.DOTALL)
HEADING_SEPARATOR = re.compile(r"^\s*[.:|\u2013-]")
# Columns that are not answers: response metadata, participant (token) data, timings. Personal ones among them
# (ipaddr, refurl, token, names, e-mail, attributes) are never read at all.
NOT_ANSWER = frozenset(
    {
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
        "token",
        "tid",
        "firstname",
        "lastname",
        "email",
        "emailstatus",
        "language",
        "participant_id",
        "sent",
        "remindersent",
        "remindercount",
        "completed",
        "usesleft",
        "validfrom",
        "validuntil",
        "blacklisted",
        "mpid",
        "interviewtime",
    }
)
NOT_ANSWER_PATTERN = re.compile(r"^attribute_\w+$|mail|name|phone|telefon|adress|address|^grouptime", re.IGNORECASE)
TIMING = re.compile(r"Time$")  # LimeSurvey's per-question timings: `Q1Time`
FREE_TEXT_CODE = re.compile(r"(?:other|comment)\]$|_(?:other|comment)$", re.IGNORECASE)
# Answer codes are at most 5 characters in LimeSurvey; defaults are A1…, SQ001…, Y/N, M/F, I/S/D, -oth-.
ANSWER_CODE = re.compile(r"^(?:[A-Za-z]{0,4}\d{1,5}|[YNMFUISD]|-oth-)$")
NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
# "Keine Antwort" is LimeSurvey's no-answer option in the full-answers export; the codes export leaves it empty
NO_ANSWER = frozenset({"", "n/a", "keine antwort", "no answer"})
FREE_TEXT_MAX_LEN = 60
FREE_TEXT_MAX_DISTINCT = 20
FREE_TEXT_ALL_DISTINCT_FROM = 6
ANONYMISED_SUBMITDATE = "1980-01-01 00:00:00"  # LimeSurvey's placeholder when "Datumsstempel" is off
REQUIRED_CODES = ("id", "submitdate")
DELIMITERS = (",", ";", "\t")


def heading_code(cell: str) -> str | None:
    """The question code at the start of a heading (`Q1. Wie zufrieden …?` → `Q1`), None for headings without code."""
    m = HEADING.match(cell.strip().strip('"').strip())
    if not m:
        return None
    rest = m.group("rest")
    if rest and not HEADING_SEPARATOR.match(rest):
        return None  # "Response ID": plain text heading, not a code
    return m.group("code")


def _limesurvey_header(line: str) -> tuple[str, list[str | None]] | None:
    """(delimiter, codes) when the line is a LimeSurvey response header; tried per delimiter since texts hold commas."""
    best: tuple[str, list[str | None]] | None = None
    for d in DELIMITERS:
        if d not in line:
            continue
        cells = next(csv.reader([line], delimiter=d))
        codes = [heading_code(c) for c in cells]
        lower = {c.lower() for c in codes if c}
        if all(r in lower for r in REQUIRED_CODES) and ("lastpage" in lower or "startlanguage" in lower):
            if best is None or len(codes) > len(best[1]):
                best = (d, codes)
    return best


def _is_not_answer(code: str) -> bool:
    return code.lower() in NOT_ANSWER or bool(NOT_ANSWER_PATTERN.search(code)) or bool(TIMING.search(code))


def _value_kind(v: str) -> str:
    if NUMBER.match(v):
        return "number"
    if ANSWER_CODE.match(v):
        return "code"
    return "label"


def free_text_columns(columns: dict[str, list[str | None]]) -> set[str]:
    """Question codes whose answers are typed by respondents rather than chosen from an answer set.

    A column is free text when its code is an `[other]`/`[comment]` field, any answer is longer than 60
    characters or spans lines, a column not made of answer codes has more than 20 distinct answers, or it holds
    text labels and either the file is a codes export (closed answers are codes there, so text is typed) or at
    least 6 answers are all different (a closed scale repeats itself).
    """
    free: set[str] = set()
    kinds: dict[str, set[str]] = {}
    for code, values in columns.items():
        given = [v for v in values if v is not None]
        if FREE_TEXT_CODE.search(code) or any(len(v) > FREE_TEXT_MAX_LEN or "\n" in v or "\r" in v for v in given):
            free.add(code)
            continue
        kinds[code] = {_value_kind(v) for v in given}
    code_cols = sum(1 for k in kinds.values() if "code" in k and "label" not in k)
    label_cols = [c for c, k in kinds.items() if "label" in k]
    codes_export = code_cols > 0 and code_cols >= len(label_cols)
    for code, k in kinds.items():
        given = [v for v in columns[code] if v is not None]
        distinct = len(set(given))
        if k != {"code"} and distinct > FREE_TEXT_MAX_DISTINCT:
            free.add(code)
        elif code in label_cols and (codes_export or (len(given) >= FREE_TEXT_ALL_DISTINCT_FROM and distinct == len(given))):
            free.add(code)
    return free


def _answer(cell: str) -> str | None:
    v = cell.strip()
    return None if v.lower() in NO_ANSWER else v


def _normalize_submitdate(value: str) -> str:
    """ISO `YYYY-MM-DD HH:MM:SS`; German `DD.MM.YYYY HH:MM[:SS]` and missing seconds are accepted."""
    v = value.strip()
    if m := re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2}:\d{2}(?::\d{2})?)$", v):
        v = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d} {m.group(4)}"
    if re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}$", v):
        v += ":00"
    return v.replace("T", " ")


@register
class LimeSurveyResponses(Source):
    kind = "limesurvey_responses"
    label = "LimeSurvey Antworten-Export (CSV)"
    write_modes = {"survey_response": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        return _limesurvey_header(first_line(decode_text(head))) is not None

    def parse(self, data: bytes, name: str) -> Parsed:
        return self.parse_with(data, name, LoadOptions())

    def parse_with(self, data: bytes, name: str, options: LoadOptions) -> Parsed:
        text = decode_text(data)
        lines = text.split("\n")
        header_idx = next((i for i, ln in enumerate(lines) if ln.strip()), None)
        found = _limesurvey_header(lines[header_idx].rstrip("\r")) if header_idx is not None else None
        if header_idx is None or found is None:
            raise FileRejected("Kopfzeile eines LimeSurvey-Exports (id, submitdate, lastpage) nicht gefunden")
        notes: list[str] = []
        given_wave = normalize_wave(options.wave) if options.wave and options.wave.strip() else None
        default_survey = survey_from_default_name(name)
        wave: str | None
        if default_survey is not None:  # LimeSurvey's own name: no wave in it
            survey_id, wave = default_survey, given_wave
            if wave is not None:
                notes.append(f"Umfrage {survey_id} aus dem Dateinamen, Welle {wave!r} aus der Option --wave")
        else:
            survey_id, wave = survey_and_wave_from_name(name)
            if given_wave is not None and given_wave != wave:
                notes.append(f"Welle {wave!r} aus dem Dateinamen; --wave {given_wave!r} gilt nur für results-survey<ID>.csv")
        delimiter, codes = found
        seen: dict[str, int] = {}
        for i, c in enumerate(codes):
            if c is None:
                continue
            if c.lower() in seen:
                raise FileRejected(f"Fragecode {c!r} steht zweimal in der Kopfzeile", line=header_idx + 1)
            seen[c.lower()] = i
        id_idx, date_idx = seen["id"], seen["submitdate"]
        # only question columns are used further on: personal and metadata cells never reach a frame or a reason
        question_idx = {c: i for i, c in enumerate(codes) if c is not None and not _is_not_answer(c)}

        records, rejected = _read_records(lines, header_idx, delimiter, len(codes), id_idx, date_idx)
        rows_in = len(records) + len(rejected)
        columns = {code: [_answer(r[i]) for _, r in records] for code, i in question_idx.items()}
        free = free_text_columns(columns)
        closed = [c for c in question_idx if c not in free]

        rows: list[dict[str, object]] = []
        first_line_of: dict[str, int] = {}
        for ln, r in records:
            rid = r[id_idx].strip()
            raw = f"id={rid}; submitdate={r[date_idx].strip()}"  # never the line itself: it holds free text
            if not rid:
                rejected.append((ln, "Antwort-ID fehlt", raw))
                continue
            if rid in first_line_of:
                rejected.append((ln, f"Antwort-ID {rid} doppelt (gilt: Zeile {first_line_of[rid]})", raw))
                continue
            first_line_of[rid] = ln
            row: dict[str, object] = {
                "response_id": rid,
                "submitdate": _normalize_submitdate(r[date_idx]),
                "_line": ln,
                "_raw": raw,
            }
            row.update({f"q:{c}": _answer(r[question_idx[c]]) for c in closed})
            rows.append(row)
        schema = {"response_id": pl.Utf8, "submitdate": pl.Utf8, "_line": pl.Int64, "_raw": pl.Utf8} | {
            f"q:{c}": pl.Utf8 for c in closed
        }
        frame = pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)

        # incomplete responses (no submitdate) are kept with submitted_at NULL; the aggregation decides about them
        empty = frame.filter(pl.col("submitdate") == "").with_columns(submitted_at=pl.lit(None, dtype=pl.Datetime("us")))
        anonymised = frame.filter(pl.col("submitdate") == ANONYMISED_SUBMITDATE).with_columns(
            submitted_at=pl.col("submitdate").str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S")
        )
        timed = frame.filter((pl.col("submitdate") != "") & (pl.col("submitdate") != ANONYMISED_SUBMITDATE))
        timed, bad = parse_local_times(timed, "submitdate", "%Y-%m-%d %H:%M:%S", out="submitted_at")
        rejected += bad
        kept = pl.concat([empty, anonymised, timed], how="vertical").sort("_line")
        if wave is None:
            derived = derived_wave(timed["submitdate"])
            if derived is None:
                raise FileRejected(
                    f"Dateiname {name!r} nennt keine Welle, --wave fehlt, und keine Antwort hat ein Abgabedatum, aus dem"
                    " sie sich ableiten ließe: bitte mit --wave angeben (z. B. --wave welle1)"
                )
            wave, first, last = derived
            notes.append(
                f"Umfrage {survey_id} aus dem Dateinamen, Welle {wave!r} aus den Abgabedaten abgeleitet (Monat der ersten"
                f" Abgabe; Abgaben {first} bis {last}); eine andere Welle mit --wave angeben"
            )

        parts = [
            kept.select(
                pl.lit(survey_id).alias("survey_id"),
                pl.lit(wave).alias("wave"),
                "response_id",
                "submitted_at",
                pl.lit(c).alias("question_id"),
                pl.col(f"q:{c}").alias("answer"),
                "_line",
                "_raw",
            )
            for c in closed
        ]
        if not parts:
            raise FileRejected("keine geschlossenen Fragen im Export gefunden (nur Freitext oder Metadaten)")
        responses = shape("survey_response", pl.concat(parts).sort("_line", "question_id"))
        return Parsed(tables={"survey_response": responses}, rejected=rejected, rows_in=rows_in, notes=notes)


def _read_records(
    lines: list[str], header_idx: int, delimiter: str, ncols: int, id_idx: int, date_idx: int
) -> tuple[list[tuple[int, list[str]]], list[tuple[int | None, str, str]]]:
    """Data records with the editor line each starts on; quoted answers may span lines, so the csv module reads them."""
    body = "\n".join(lines[header_idx + 1 :])
    truncated = not body.endswith("\n") and body.strip() != ""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    rejected: list[tuple[int | None, str, str]] = []
    prev = 0
    raw_records: list[tuple[int, list[str]]] = []
    for row in reader:
        start = header_idx + 1 + prev + 1
        prev = reader.line_num
        if not row or all(not c.strip() for c in row):
            continue
        raw_records.append((start, row))
    for k, (ln, row) in enumerate(raw_records):
        if len(row) == ncols + 1 and row[-1].strip() == "":
            row = row[:ncols]
        rid = row[id_idx].strip() if len(row) > id_idx else ""
        raw = f"id={rid}; submitdate={row[date_idx].strip() if len(row) > date_idx else ''}"
        if truncated and k == len(raw_records) - 1:
            rejected.append((ln, "letzte Zeile ohne Zeilenende: Datei vermutlich abgeschnitten", raw))
        elif len(row) != ncols:
            rejected.append((ln, f"{len(row)} statt {ncols} Felder", raw))
        else:
            records.append((ln, row))
    return records, rejected


# ---------------------------------------------------------------------------------------------------------------
# Aggregated results (polling institute): survey, wave, date, question, answer, count
# ---------------------------------------------------------------------------------------------------------------

RESULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "survey": ("survey", "umfrage", "survey_id"),
    "wave": ("wave", "welle"),
    "date": ("date", "datum", "survey_date", "erhebungsdatum"),
    "question": ("question", "frage", "question_id", "fragecode"),
    "answer": ("answer", "antwort", "antwortoption"),
    "count": ("count", "anzahl", "n"),
    "title": ("title", "titel", "umfragetitel", "survey_title"),  # optional: the survey's title as written
}
REQUIRED_RESULT = ("survey", "wave", "question", "answer", "count")
RESULT_LABELS = {
    "survey": "Umfrage",
    "wave": "Welle",
    "date": "Datum",
    "question": "Frage",
    "answer": "Antwort",
    "count": "Anzahl",
}
TITLE_MAX_LEN = 200  # a preamble line longer than this is not a title
SURVEY_XLSX_NAME = re.compile(r"umfrage|survey", re.IGNORECASE)
# other spreadsheets with their own detectors (Maßnahmenkatalog, BNetzA Ladesäulenregister) stay theirs
OTHER_XLSX_NAME = re.compile(r"ma(ss|ß)nahmen|lades", re.IGNORECASE)
HEADER_SCAN_ROWS = 30


_SPACES = re.compile(r"\s+")  # compiled once: `detect` normalises the cells of the first lines of every file


def _norm(cell: object) -> str:
    return _SPACES.sub(" ", str(cell if cell is not None else "")).strip().strip('"').strip().lower()


def _result_columns(cells: Sequence[object]) -> dict[str, int] | None:
    """Field → column index when the row is an aggregated-results header (German or English names, any order)."""
    names = [_norm(c) for c in cells]
    found: dict[str, int] = {}
    for field, candidates in RESULT_COLUMNS.items():
        idx = next((i for i, n in enumerate(names) if n in candidates), None)
        if idx is not None:
            found[field] = idx
    return found if all(f in found for f in REQUIRED_RESULT) else None


MAX_COUNT = 2**53  # larger whole numbers are not exact as floats


def parse_count(value: object) -> int | None:
    """A non-negative whole number (German thousands dots allowed); None for a missing marker.

    Raises `RowRejected` with the German reason otherwise.
    """
    try:
        num = to_number(value, decimal="auto", grouping=True)
    except RowRejected:
        if isinstance(value, int) and not isinstance(value, bool):  # an integer beyond float range
            raise RowRejected(f"Anzahl unplausibel groß: {value!r}") from None
        raise RowRejected(f"Anzahl ist keine Zahl: {value.strip() if isinstance(value, str) else value!r}") from None
    if num is None:
        return None
    if num < 0:
        raise RowRejected(f"negative Anzahl: {value!r}")
    if not num.is_integer():
        raise RowRejected(f"Anzahl ist keine ganze Zahl: {value!r}")
    if num > MAX_COUNT:  # the column is BIGINT; a count this large is a broken cell, not respondents
        raise RowRejected(f"Anzahl unplausibel groß: {value!r}")
    return int(num)


def parse_survey_date(value: object) -> date | None:
    """A date from ISO `YYYY-MM-DD`, German `DD.MM.YYYY` or a spreadsheet date; empty is None.

    Raises `RowRejected` (``Datum nicht lesbar: …``) otherwise.
    """
    try:
        return to_date(value, serials=None)
    except RowRejected:
        raise RowRejected(f"Datum nicht lesbar: {str(value).strip()!r}") from None


def preamble_title(cells_above: Iterable[Sequence[object]]) -> str | None:
    """The survey's title as the export writes it above the header: the first non-empty row's only text
    ("Ergebnisse der Bürgerbefragung Station Mitte (…)"); None without such a row."""
    for cells in cells_above:
        texts = [str(c).strip().strip('"').strip() for c in cells if c is not None and str(c).strip().strip('"').strip()]
        if not texts:
            continue
        title = re.sub(r"\s+", " ", " ".join(texts))
        return title if len(texts) == 1 and len(title) <= TITLE_MAX_LEN else None
    return None


def _result_rows(rows: Iterable[tuple[int, Sequence[object], str]], cols: dict[str, int], title: str | None = None) -> Parsed:
    """Validate (line, cells, raw) rows of an aggregated-results table into `survey_result`; `title` is the file's
    title above its header, a row's own Titel column wins over it."""
    rows_out: list[dict[str, object]] = []
    rejected: list[tuple[int | None, str, str]] = []
    seen: dict[tuple[str, str, str, str], tuple[int, int | None]] = {}
    rows_in = 0
    for ln, cells, raw in rows:
        rows_in += 1

        def cell(field: str, cells: Sequence[object] = cells) -> object:
            i = cols.get(field)
            return cells[i] if i is not None and i < len(cells) else None

        text = {f: str(cell(f) if cell(f) is not None else "").strip() for f in ("survey", "wave", "question", "answer")}
        missing = [RESULT_LABELS[f] for f, v in text.items() if not v]
        if missing:
            rejected.append((ln, "Pflichtfeld leer: " + ", ".join(missing), raw))
            continue
        try:
            n = parse_count(cell("count"))
            day = parse_survey_date(cell("date"))
        except RowRejected as e:
            rejected.append((ln, str(e), raw))
            continue
        key = (text["survey"], normalize_wave(text["wave"]), text["question"], text["answer"])
        if key in seen:
            first_ln, first_n = seen[key]
            if first_n != n:
                rejected.append((ln, f"doppelte Zelle mit abweichender Anzahl {n} (gilt: Zeile {first_ln})", raw))
            continue  # an identical repeat is the same cell: counted once
        seen[key] = (ln, n)
        survey_id, wave, question_id, answer = key
        own_title = re.sub(r"\s+", " ", str(cell("title") or "")).strip()
        rows_out.append(
            {
                "survey_title": own_title or title,
                "survey_id": survey_id,
                "wave": wave,
                "survey_date": day,
                "question_id": question_id,
                "answer": answer,
                "n": n,
                "_line": ln,
                "_raw": raw,
            }
        )
    frame = rows_frame("survey_result", rows_out)
    return Parsed(tables={"survey_result": frame}, rejected=rejected, rows_in=rows_in)


@register
class SurveyResultsCsv(Source):
    kind = "survey_results_csv"
    label = "Umfrageergebnisse, aggregiert (CSV)"
    write_modes = {"survey_result": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        text = decode_text(head)
        for line in text.split("\n", HEADER_SCAN_ROWS + 1)[: HEADER_SCAN_ROWS + 1]:
            if not may_be_header(line):
                continue
            for d in DELIMITERS:
                if d in line and _result_columns(next(csv.reader([line.rstrip("\r")], delimiter=d))):
                    return True
        return False

    def parse(self, data: bytes, name: str) -> Parsed:
        text = decode_text(data)
        table = read_delimited(text, is_header=lambda cells: _result_columns(cells) is not None, strip_cells=True)
        cols = _result_columns(table.header)
        assert cols is not None  # read_delimited found the header with this very test
        above = [
            next(csv.reader([ln.rstrip("\r")], delimiter=table.delimiter), []) for ln in text.split("\n")[: table.header_line - 1]
        ]
        return table.add_rejects_to(_result_rows(table.rows(), cols, preamble_title(above)))


@register
class SurveyResultsXlsx(Source):
    kind = "survey_results_xlsx"
    label = "Umfrageergebnisse, aggregiert (XLSX)"
    write_modes = {"survey_result": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        # a zip's sheet content is compressed, so the name decides: it must say Umfrage/Survey
        return head.startswith(b"PK\x03\x04") and bool(SURVEY_XLSX_NAME.search(name)) and not OTHER_XLSX_NAME.search(name)

    def parse(self, data: bytes, name: str) -> Parsed:
        import openpyxl  # only needed for spreadsheets

        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as e:  # noqa: BLE001 - any unreadable workbook is one clear rejection
            raise FileRejected(f"keine lesbare XLSX-Datei ({type(e).__name__})") from None
        try:
            for ws in wb.worksheets:
                rows = ws.iter_rows(min_row=1, values_only=True)
                above: list[Sequence[object]] = []
                for row_no, cells in enumerate(rows, 1):
                    if row_no > HEADER_SCAN_ROWS + 1:
                        break
                    cols = _result_columns(cells)
                    if cols is not None:
                        body = (
                            (ln, cs, ";".join("" if c is None else str(c) for c in cs))
                            for ln, cs in enumerate(rows, row_no + 1)
                            if any(_norm(c) for c in cs)
                        )
                        return _result_rows(body, cols, preamble_title(above))
                    above.append(cells)
                    if _limesurvey_header(",".join(_norm(c) for c in cells if c is not None)):
                        raise FileRejected(
                            "LimeSurvey-Antworten als XLSX werden nicht gelesen: bitte als CSV exportieren", line=row_no
                        )
        finally:
            wb.close()
        raise FileRejected(
            "Kopfzeile nicht gefunden: erwartet Umfrage, Welle, Frage, Antwort, Anzahl (oder survey, wave, question, answer, count)"
        )
