"""Shared, pure helpers for source parsers: encoding sniffing, delimited tables with line numbers, local time, numbers."""

from __future__ import annotations

import csv
import functools
import json
import math
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import Any, Literal

import polars as pl

from etl.errors import FileRejected
from etl.registry import Parsed, Reject

BERLIN = "Europe/Berlin"

# The loader parses small files of a `Source.groupable` format as one text (`etl.loader.prepare_run`): the first line of
# each file's rows in that text, so that the rules that hold per file (the repeated autumn hour) still hold per file.
_FILE_STARTS: ContextVar[tuple[int, ...] | None] = ContextVar("file_starts", default=None)


@contextmanager
def files_starting_at(lines: Sequence[int]) -> Iterator[None]:
    """Within this block the text being parsed holds several files, whose rows begin at these 1-based lines."""
    token = _FILE_STARTS.set(tuple(lines))
    try:
        yield
    finally:
        _FILE_STARTS.reset(token)


def file_of_line(lines: pl.Expr) -> pl.Expr:
    """The position of the file a row's `_line` belongs to, when several files are parsed as one text; else 0."""
    starts = _FILE_STARTS.get()
    if not starts or len(starts) < 2:
        return pl.lit(0, dtype=pl.Int64)
    return (pl.lit(pl.Series(starts, dtype=pl.Int64)).search_sorted(lines, side="right").cast(pl.Int64) - 1).alias("_file")


CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)  # control characters a text export never holds
MISSING_MARKERS = frozenset({"", "-999", "-999.0", "-9999", "NA", "NaN", "nan", "null", "NULL", "None", "-"})


def decode_text(data: bytes) -> str:
    """Decode an export: UTF-8 (BOM stripped) when valid, else Windows-1252, else ISO-8859-1.

    Binary content (NUL bytes, many control characters) is refused as not a text export.
    """
    if len(data) <= HEAD_CACHE_BYTES:
        return _decode_head(data)  # every format's `detect` decodes the same file head: once per head
    return _decode(data)


HEAD_CACHE_BYTES = 65536


@functools.lru_cache(maxsize=4)
def _decode_head(data: bytes) -> str:
    return _decode(data)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    sample = data[:65536]
    if b"\x00" in sample:
        raise FileRejected("keine Textdatei (enthält NUL-Bytes)")
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))  # C speed: detect runs on every file head
    if sample and controls / len(sample) > 0.01:
        raise FileRejected("keine Textdatei (Steuerzeichen im Inhalt)")
    if data.isascii():
        return data.decode("ascii")  # (mojibake needs characters beyond ASCII)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # not UTF-8 as a whole: line by line, so that a file put together from a UTF-8 and a Windows-1252 export keeps
        # the umlauts of both (decoded as one Windows-1252 text, every UTF-8 line read "GrÃ¶ÃŸe StraÃŸe")
        text = "\n".join(map(_decode_line, data.split(b"\n")))
    return repair_mojibake(text) if _has_mojibake(text) else text


def _has_mojibake(text: str) -> bool:
    """`MOJIBAKE.search(text)`, skipping the parts of a large text that are plain ASCII (a counter file's rows below
    a header with umlauts): the pattern never spans a line end, so the text is looked at in parts of whole lines."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + 4096)
        end = len(text) if end < 0 else end + 1
        part = text[start:end]
        if not part.isascii() and MOJIBAKE.search(part):
            return True
        start = end
    return False


def _decode_line(line: bytes) -> str:
    if line.isascii():
        return line.decode("ascii")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        return line.decode("latin-1")


# UTF-8 read as Windows-1252 and written again ("Ã¶" for "ö", "ÃŸ" for "ß", "â‚¬" for "€"): a lead character of a
# two- or three-byte sequence followed by what a continuation byte looks like in Windows-1252
_CONTINUATION = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
MOJIBAKE = re.compile(f"[\u00c2-\u00df][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}")


def repair_mojibake(text: str) -> str:
    """Each line that holds mojibake (see `MOJIBAKE`) repaired by undoing the wrong decoding, when that gives valid
    UTF-8 with less of it; any other line stays as it is."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if MOJIBAKE.search(line):
            try:
                fixed = line.encode("cp1252").decode("utf-8")
            except UnicodeError:
                continue  # not a wrong decoding of UTF-8 after all (or mixed within the line): left alone
            if len(MOJIBAKE.findall(fixed)) < len(MOJIBAKE.findall(line)):
                lines[i] = fixed
    return "\n".join(lines)


# What a bad conversion leaves where a character it could not decode was (e.g. a Windows-1252 export read as UTF-8
# with replacement and saved again): U+FFFD, one per byte, so "ä" becomes one or two of them
REPLACEMENT = "\ufffd"


def damaged_word(word: str) -> re.Pattern[str]:
    """A pattern for `word` (case-insensitive) that also matches it with its non-ASCII letters (ä, ö, ü, ß, º)
    replaced by one or two U+FFFD, as a bad conversion leaves them."""
    parts = [re.escape(c) if c.isascii() else f"(?:{re.escape(c)}|{REPLACEMENT}{{1,2}})" for c in word]
    return re.compile("".join(parts), re.IGNORECASE)


def restore_words(text: str, words: Sequence[str]) -> str:
    """`text` with each of the known `words` whose non-ASCII letters were replaced by U+FFFD written correctly
    again (header names such as `Fußgänger`); every other U+FFFD stays: what it stood for is not known."""
    if REPLACEMENT not in text:
        return text
    for word in words:
        text = damaged_word(word).sub(word, text)
    return text


def first_line(text: str) -> str:
    """The first non-empty line of a text, without its line end ("" when there is none)."""
    return next((ln.rstrip("\r") for ln in lines_of(text) if ln.strip()), "")


HEAD_SPLIT = re.compile(r"[,;\t]")


def split_cells(line: str) -> list[str]:
    """A line split on `,`, `;` and tab, cells without blanks and quotes: a quick look at a header for `detect`."""
    return [c.strip().strip('"').strip() for c in HEAD_SPLIT.split(line)]


def head_has_header(head: bytes, is_header: Callable[[list[str]], bool], *, max_lines: int = 1) -> bool:
    """True when one of the first `max_lines` non-empty lines of a file head, split by `split_cells`, is a header."""
    lines = (ln for ln in lines_of(decode_text(head)) if ln.strip())
    return any(may_be_header(ln) and is_header(split_cells(ln.rstrip("\r"))) for ln in islice(lines, max_lines))


_LETTER = re.compile(r"[^\W\d_]")


def may_be_header(line: str) -> bool:
    """False for a line without a letter: a header names its columns, so such a line (a counter file's data rows, read
    by every format's `detect` on every file) is never one and need not be split into cells."""
    return _LETTER.search(line) is not None


def lines_of(text: str) -> Iterator[str]:
    """The lines of `text` as `text.split("\\n")` gives them, one at a time: a format's `detect` reads the first few
    lines of a 64 KiB head and every format's `detect` runs on every file."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def header_end(head: bytes, is_header: Callable[[list[str]], bool], *, max_preamble: int = 30) -> int | None:
    """Byte offset just after the header line (found by name within the first lines), or None."""
    pos = 0
    for _ in range(max_preamble + 1):
        nl = head.find(b"\n", pos)
        if nl < 0:
            return None
        try:
            line = decode_text(head[pos:nl]).rstrip("\r")
        except FileRejected:
            return None
        if line.strip() and is_header(split_cells(line)):
            return nl + 1
        pos = nl + 1
    return None


def sniff_delimiter(header_line: str, candidates: str = ",;\t|") -> str:
    """The candidate delimiter that splits the header line into the most fields."""
    best = max(candidates, key=lambda d: header_line.count(d))
    if header_line.count(best) == 0:
        raise FileRejected("Trennzeichen nicht erkennbar")
    return best


@dataclass
class DelimitedTable:
    """A delimited text table: all cells as strings, with the 1-based file line of every row."""

    header: list[str]
    frame: pl.DataFrame  # one Utf8 column per header name plus `_line` (Int64) and `_raw` (Utf8)
    header_line: int
    delimiter: str
    rejected: list[Reject] = field(default_factory=list)  # (line, reason, raw)

    @property
    def rows_in(self) -> int:
        return self.frame.height + len(self.rejected)

    def rows(self) -> Iterator[tuple[int, list[str], str]]:
        """(file line, cells in header order, raw text) of every well-formed row, in file order."""
        for rec in self.frame.iter_rows(named=True):
            yield rec["_line"], [rec[n] for n in self.header], rec["_raw"]

    def add_rejects_to(self, parsed: Parsed) -> Parsed:
        """`parsed` with this table's malformed rows (wrong field count, cut-off last line) rejected and counted as read."""
        parsed.rejected = list(self.rejected) + parsed.rejected
        parsed.rows_in += len(self.rejected)
        return parsed


def read_delimited(
    text: str,
    *,
    is_header: Callable[[list[str]], bool],
    delimiter: str | None = None,
    max_preamble: int = 30,
    strip_cells: bool = False,
) -> DelimitedTable:
    """Find the header row by name (after up to `max_preamble` preamble rows) and read the rows below it.

    Rows with the wrong number of fields and an unterminated last line (a truncated file) become rejected
    rows with their line number; empty rows are skipped. Nothing is matched by position.
    """
    head = list(islice(lines_of(text), max_preamble + 1))
    header_idx = None
    delim = delimiter
    for i, line in enumerate(head):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        d = delim or sniff_delimiter_safe(line)
        if d is None:
            continue
        cells = [c.strip().strip('"').strip() for c in next(csv.reader([line], delimiter=d))]
        if is_header(cells):
            header_idx, delim = i, d
            break
    if header_idx is None or delim is None:
        raise FileRejected("Kopfzeile nicht gefunden", line=None)
    header_raw = head[header_idx].rstrip("\r")
    header = [c.strip().strip('"').strip() for c in next(csv.reader([header_raw], delimiter=delim))]
    ncols = len(header)
    names = _unique_names(header)
    # the lines split in polars: no Python string per line (a quarter of the cost of parsing a counter file)
    all_lines = pl.Series("_raw", [text], dtype=pl.Utf8).str.split("\n").explode()
    fast = _read_unquoted(all_lines, header_idx, delim, names, text.endswith("\n"), strip_cells)
    if fast is not None:
        return DelimitedTable(header=names, frame=fast[0], header_line=header_idx + 1, delimiter=delim, rejected=fast[1])
    lines = text.split("\n")
    body_lines: list[str] = []
    line_nos: list[int] = []
    rejected: list[Reject] = []
    last = len(lines) - 1
    truncated_last = not text.endswith("\n")
    for i in range(header_idx + 1, len(lines)):
        raw = lines[i].rstrip("\r")
        if not raw.strip() or not raw.strip(delim + " "):
            continue
        if i == last and truncated_last:
            rejected.append((i + 1, "letzte Zeile ohne Zeilenende: Datei vermutlich abgeschnitten", raw))
            continue
        body_lines.append(raw)
        line_nos.append(i + 1)
    if body_lines:
        # csv module copes with quoting; fast path for the common unquoted case keeps memory flat
        rows = list(csv.reader(body_lines, delimiter=delim))
    else:
        rows = []
    good_rows: list[list[str]] = []
    good_lines: list[int] = []
    good_raw: list[str] = []
    for ln, raw, row in zip(line_nos, body_lines, rows, strict=True):
        if len(row) == ncols + 1 and row[-1].strip() == "":
            row = row[:ncols]  # trailing delimiter
        if len(row) != ncols:
            rejected.append((ln, f"{len(row)} statt {ncols} Felder", raw))
            continue
        good_rows.append([c.strip() for c in row] if strip_cells else row)
        good_lines.append(ln)
        good_raw.append(raw)
    cols = {n: [r[j] for r in good_rows] for j, n in enumerate(names)} if good_rows else {n: [] for n in names}
    frame = pl.DataFrame(cols, schema={n: pl.Utf8 for n in names}).with_columns(
        pl.Series("_line", good_lines, dtype=pl.Int64), pl.Series("_raw", good_raw, dtype=pl.Utf8)
    )
    return DelimitedTable(header=names, frame=frame, header_line=header_idx + 1, delimiter=delim, rejected=rejected)


def _read_unquoted(
    lines: pl.Series, header_idx: int, delim: str, names: list[str], terminated: bool, strip_cells: bool
) -> tuple[pl.DataFrame, list[Reject]] | None:
    """The rows below the header split column-wise in polars, for bodies without quote characters (most exports).

    `lines` are all lines of the text (as `text.split("\\n")`). Same result as the csv-module path of `read_delimited`
    (same rows, line numbers, raw text and rejections), about ten times faster on large counter files; None when the
    body has quotes, which only the csv module handles.
    """
    ncols = len(names)
    body = pl.DataFrame({"_raw": lines.slice(header_idx + 1)}).with_row_index("_line", offset=header_idx + 2)
    body = body.with_columns(pl.col("_line").cast(pl.Int64), pl.col("_raw").str.strip_chars_end("\r"))
    if body.select(pl.col("_raw").str.contains('"', literal=True).any()).item():
        return None
    rejected: list[Reject] = []
    body = body.filter((pl.col("_raw").str.strip_chars() != "") & (pl.col("_raw").str.strip_chars(delim + " ") != ""))
    if not terminated and body.height and int(body["_line"][-1]) == lines.len():
        last = body.row(-1, named=True)
        rejected.append((last["_line"], "letzte Zeile ohne Zeilenende: Datei vermutlich abgeschnitten", last["_raw"]))
        body = body.head(-1)
    body = body.with_columns((pl.col("_raw").str.count_matches(delim, literal=True) + 1).alias("_fields"))
    if body.select((pl.col("_fields") == ncols + 1).any()).item():  # a trailing delimiter is no extra field
        trailing = (pl.col("_fields") == ncols + 1) & (pl.col("_raw").str.split(delim).list.last().str.strip_chars() == "")
        body = body.with_columns(pl.when(trailing).then(ncols).otherwise(pl.col("_fields")).alias("_fields"))
    bad = body.filter(pl.col("_fields") != ncols)
    rejected += [(ln, f"{n} statt {ncols} Felder", raw) for ln, raw, n in bad.select("_line", "_raw", "_fields").iter_rows()]
    good = body.filter(pl.col("_fields") == ncols)
    cells = good.select(pl.col("_raw").str.split_exact(delim, ncols - 1).struct.rename_fields(names).struct.unnest())
    if strip_cells:
        cells = cells.with_columns(pl.all().str.strip_chars())
    return cells.with_columns(good["_line"], good["_raw"]), rejected


def sniff_delimiter_safe(line: str) -> str | None:
    try:
        return sniff_delimiter(line)
    except FileRejected:
        return None


def _unique_names(header: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in header:
        name = h or "_unnamed"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def find_column(header: Sequence[str], *candidates: str, required: bool = True) -> str | None:
    """The header name matching one of the candidates, case- and space-insensitively; by name, never position."""
    norm = {re.sub(r"\s+", " ", h).strip().lower(): h for h in header}
    for c in candidates:
        hit = norm.get(c.lower())
        if hit is not None:
            return hit
    if required:
        raise FileRejected(f"Spalte fehlt: {candidates[0]!r}")
    return None


def parse_number(col: str, *, decimal_comma: bool = False) -> pl.Expr:
    """A Utf8 column as Float64: missing markers to NULL; a non-number stays NULL and is flagged by `number_invalid`."""
    e = pl.col(col).str.strip_chars()
    if decimal_comma:
        e = e.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    return pl.when(e.is_in(list(MISSING_MARKERS)) | e.is_null()).then(None).otherwise(e).cast(pl.Float64, strict=False)


def plain_numbers(frame: pl.DataFrame, cols: Sequence[str], *, min_value: float | None = None) -> pl.DataFrame | None:
    """Fast path of the number checks: `frame` with `cols` as Float64 when every cell is empty or a plain finite number
    (not a numeric missing marker such as -999, and at least `min_value`); None when any cell needs the detailed checks
    (`number_invalid`, `parse_number`), which then name each bad row with its reason. Same values as those where it
    answers."""
    numeric_markers = [float(m) for m in MISSING_MARKERS if m.lstrip("-").replace(".", "", 1).isdigit()]
    if frame.is_empty() or not cols:
        return None
    lf = frame.lazy().with_columns([pl.col(c).cast(pl.Float64, strict=False).alias(f"_num{i}") for i, c in enumerate(cols)])
    ok = []
    for i, c in enumerate(cols):
        n = pl.col(f"_num{i}")
        good = n.is_finite() & ~n.is_in(numeric_markers)
        if min_value is not None:
            good = good & (n >= min_value)
        ok.append((good | pl.col(c).is_null() | (pl.col(c) == "")).fill_null(False).all())
    f = lf.collect()
    if not all(f.select(ok).row(0)):
        return None
    return f.with_columns([pl.col(f"_num{i}").alias(c) for i, c in enumerate(cols)]).drop([f"_num{i}" for i in range(len(cols))])


def number_invalid(col: str, *, decimal_comma: bool = False) -> pl.Expr:
    """True where the cell holds something that is neither a missing marker nor a finite number."""
    raw = pl.col(col).str.strip_chars()
    parsed = parse_number(col, decimal_comma=decimal_comma)
    missing = raw.is_null() | raw.is_in(list(MISSING_MARKERS))
    return (~missing) & (parsed.is_null() | ~parsed.is_finite())


def detect_decimal_comma(values: pl.Series) -> bool:
    """True when numbers in the column use a decimal comma (``1,5``), judged over all non-empty cells."""
    if not values.str.contains(",", literal=True).any():
        return False  # the common case, decided without the patterns below
    s = values.drop_nulls().str.strip_chars()
    s = s.filter(s != "")
    if s.is_empty():
        return False
    comma = s.str.contains(r"^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d+$").sum()
    dot = s.str.contains(r"^-?\d+\.\d+$").sum()
    return comma > dot


def local_to_utc(naive: pl.Expr, *, tz: str = BERLIN, file: pl.Expr | None = None) -> pl.Expr:
    """Naive local timestamps to naive UTC, keeping both real intervals of the repeated autumn hour.

    The first occurrence of an ambiguous local time is taken as summer time (earlier instant), a second
    occurrence in the same file as winter time. A time in the spring gap does not exist and becomes NULL
    (callers reject those rows); a repeated hour shown once stays once, so the gap stays visible. `file` tells the
    rows of several files parsed as one text apart (`file_of_line`): occurrences count per file.
    """
    # first occurrence of a value (is_first_distinct: 30x cheaper than counting occurrences with a window)
    first = naive.is_first_distinct() if file is None else pl.struct(naive, file).is_first_distinct()
    ambiguous = pl.when(first).then(pl.lit("earliest")).otherwise(pl.lit("latest"))
    return (
        naive.dt.replace_time_zone(tz, ambiguous=ambiguous, non_existent="null")
        .dt.convert_time_zone("UTC")
        .dt.replace_time_zone(None)
    )


def offset_times_to_utc(text: pl.Expr) -> pl.Expr:
    """ISO 8601 text with a UTC offset as naive UTC, NULL where the text is no such time: the column form of
    `iso_to_utc`. `T` or a blank between date and time, seconds and their fraction optional, the offset as `Z`,
    `+02:00`, `+0200` or `+02`, also after a blank (`2022-06-01 00:00:00 +0200`). Like `iso_to_utc`, an instant
    outside the years 1–9999 in UTC is no time."""
    s = text.str.strip_chars().str.replace("T", " ", literal=True)
    s = s.str.replace(r"\s*[Zz]$", "+00:00").str.replace(r"\s+([+-]\d{2}:?\d{2})$", "$1")
    utc = pl.Datetime("us", "UTC")
    ts = pl.coalesce(
        s.str.strptime(utc, "%Y-%m-%d %H:%M:%S%.f%#z", strict=False),
        s.str.strptime(utc, "%Y-%m-%d %H:%M%#z", strict=False),
    ).dt.replace_time_zone(None)
    return pl.when(ts.dt.year().is_between(1, 9999)).then(ts)


def parse_local_times(frame: pl.DataFrame, col: str, fmt: str, *, out: str = "ts") -> tuple[pl.DataFrame, list[Reject]]:
    """Parse `col` (naive Europe/Berlin local time in `fmt`) into UTC `out`; rows that fail go to the returned rejects."""
    if frame.is_empty():  # polars panics on time-zone conversion of an empty frame
        return frame.with_columns(pl.lit(None, dtype=pl.Datetime("us")).alias(out)), []
    naive = pl.col(col).str.strip_chars().str.strptime(pl.Datetime("us"), fmt, strict=False)
    f = frame.with_columns(_naive=naive)
    bad_format = f.filter(pl.col("_naive").is_null())
    f = f.filter(pl.col("_naive").is_not_null())
    grouped = _FILE_STARTS.get() is not None and "_line" in f.columns
    f = f.with_columns(local_to_utc(pl.col("_naive"), file=file_of_line(pl.col("_line")) if grouped else None).alias(out))
    gap = f.filter(pl.col(out).is_null())
    f = f.filter(pl.col(out).is_not_null()).drop("_naive")
    rejects = [
        (ln, f"Zeitstempel nicht lesbar: {v!r}", raw) for ln, v, raw in bad_format.select("_line", col, "_raw").iter_rows()
    ]
    rejects += [
        (ln, f"Ortszeit {v} existiert nicht (Zeitumstellung im März)", raw)
        for ln, v, raw in gap.select("_line", col, "_raw").iter_rows()
    ]
    return f, rejects


def rows_where(frame: pl.DataFrame, mask: pl.Expr, reason: str | Callable[..., str]) -> tuple[pl.DataFrame, list[Reject]]:
    """Split off the rows matching `mask` as rejects with `reason` (a string or a function of the row)."""
    mask = mask.fill_null(False)
    if frame.is_empty() or not frame.select(mask.any()).item():
        return frame, []  # the common case: no bad row, no copy of the frame
    bad = frame.filter(mask)
    rejects: list[Reject] = []
    for row in _python_rows(bad):
        r = reason(row) if callable(reason) else reason
        rejects.append((row["_line"], r, row["_raw"]))
    return frame.filter(~mask), rejects


def _python_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts; a date outside Python's range (year 0, year > 9999) is given as text instead of crashing."""
    try:
        return list(frame.iter_rows(named=True))
    except (ValueError, OverflowError):
        temporal = [c for c, t in frame.schema.items() if t.is_temporal()]
        return list(frame.with_columns(pl.col(temporal).cast(pl.Utf8)).iter_rows(named=True))


class RowRejected(ValueError):
    """One row, element or cell breaks a rule; the message is the German reason for `rejected_row`.

    The one error convention of the scalar helpers (`to_number`, `to_date`, `excel_serial_date`, `iso_to_utc`):
    they return the value (None when missing) or raise this; the source turns it into a rejected row with its line.
    The column forms (`parse_number`, `parse_local_times`) flag bad cells instead and `rows_where` rejects them.
    """


def json_object(value: object) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one: optional nested objects are read without None checks."""
    return value if isinstance(value, dict) else {}


def load_json(data: bytes) -> Any:
    """Decode (BOM, UTF-8, Windows-1252) and parse a JSON file; a syntax error rejects the file with its line."""
    text = decode_text(data)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise FileRejected(f"kein gültiges JSON: {e.msg}", line=e.lineno) from None


def iso_to_utc(value: object, *, field: str, naive_is_utc: bool = False) -> datetime | None:
    """An ISO 8601 timestamp with offset (``Z``, ``+02:00``) as naive UTC; empty is NULL.

    A timestamp without offset is refused (the instant would be a guess) unless the format defines it as UTC
    (`naive_is_utc`). Raises `RowRejected` with a German reason.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise RowRejected(f"{field}: keine Zeitangabe: {value!r}")
    text = value.strip()
    try:  # a lower-case zone letter ("…00z") is valid ISO 8601 but not for fromisoformat
        ts = datetime.fromisoformat(text[:-1] + "Z" if text.endswith("z") else text)
    except ValueError:
        raise RowRejected(f"{field}: Zeitstempel nicht lesbar: {text!r}") from None
    if ts.tzinfo is None:
        if not naive_is_utc:
            raise RowRejected(f"{field}: Zeitstempel ohne Zeitzonenangabe: {text!r}")
        return ts
    try:
        return ts.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # e.g. 0001-01-01T00:00+01:00 lies before year 1 in UTC
        raise RowRejected(f"{field}: Zeitstempel außerhalb des darstellbaren Bereichs: {text!r}") from None


JSON_MISSING = frozenset({"", "-", "null"})  # what JSON exports write for "no value" besides null
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")  # German, ISO, ISO with time
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's serial dates (1900 system, with its 1900-02-29)
EXCEL_SERIALS = (1, 2958465)  # Excel's serial range: 1900-01-01 … 9999-12-31
_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+")


def _reason(field: str | None, text: str) -> RowRejected:
    return RowRejected(f"{field}: {text}" if field else text)


def to_number(
    value: object,
    *,
    field: str | None = None,
    decimal: Literal[".", ",", "auto"] = ".",
    grouping: bool = False,
    missing: Collection[str] = MISSING_MARKERS,
) -> float | None:
    """One cell (text, or a number from JSON or a spreadsheet) as a finite float; a missing marker is None.

    The scalar twin of `parse_number` (``decimal="."`` and ``","`` read text as it does with `decimal_comma` off and on).
    Text: blanks around are ignored, then by `decimal`:

    - ``"."``: a plain number (``1e3``, ``-0.5``);
    - ``","``: German, decided for the whole file: dots group thousands, the comma is the decimal mark
      (``1.234,5`` is 1234.5, ``1.250`` is 1250);
    - ``"auto"``, decided per cell (registers and JSON that went through a German spreadsheet): a cell with a comma is
      German, one without is plain (``48.442`` stays 48.442). With `grouping` (city-edited spreadsheets) a cell without
      comma in groups of three (``1.250.000``) is thousands, of two separators the last is the decimal mark
      (``1,234.5``), and blanks inside are ignored.

    Everything else (``n/a``, true/false, NaN, infinity, an integer beyond float range) raises `RowRejected` with the
    German reason ``keine Zahl: …`` (prefixed by `field`).

    >>> to_number("1.234,5", decimal=","), to_number("48.442", decimal="auto"), to_number("1e3"), to_number("-999")
    (1234.5, 48.442, 1000.0, None)
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _reason(field, f"keine Zahl: {value!r}")
    if isinstance(value, (int, float)):
        try:
            x = float(value)
        except OverflowError:  # an integer beyond float range (JSON and Excel allow many digits)
            raise _reason(field, f"keine Zahl: {value!r}") from None
    elif isinstance(value, str):
        text = value.strip()
        if text in missing:
            return None
        if grouping:
            text = re.sub(r"[\s\u00a0]", "", text)
        if decimal == "," or (decimal == "auto" and "," in text):
            if grouping and "." in text and text.rfind(".") > text.rfind(","):
                text = text.replace(",", "")  # 1,234.5: English grouping
            else:
                text = text.replace(".", "").replace(",", ".")
        elif decimal == "auto" and grouping and _GROUPED.fullmatch(text):
            text = text.replace(".", "")
        try:
            x = float(text)
        except ValueError:
            raise _reason(field, f"keine Zahl: {value!r}") from None
    else:
        raise _reason(field, f"keine Zahl: {value!r}")
    if not math.isfinite(x):
        raise _reason(field, f"keine Zahl: {value!r}")
    return x


def excel_serial_date(serial: float, *, field: str | None = None, serials: tuple[int, int] = EXCEL_SERIALS) -> date:
    """An Excel serial day number (1900 system; the fraction is the time of day and is dropped) as a date.

    A number outside `serials` (inclusive) raises `RowRejected` (``kein Datum: …``).

    >>> excel_serial_date(45000)
    datetime.date(2023, 3, 15)
    """
    if not serials[0] <= serial <= serials[1]:
        raise _reason(field, f"kein Datum: {serial!r}")
    return EXCEL_EPOCH + timedelta(days=int(serial))


def to_date(
    value: object,
    *,
    field: str | None = None,
    formats: Sequence[str] = DATE_FORMATS,
    serials: tuple[int, int] | None = EXCEL_SERIALS,
    year_numbers: bool = False,
    missing: Collection[str] = MISSING_MARKERS,
) -> date | None:
    """One cell as a date: a date or datetime (spreadsheet cell), an Excel serial number, or text in one of `formats`.

    `year_numbers`: a whole number 1900–2200 is that year's first day (a catalogue column "Start: 2025"), not a
    serial; `serials=None`: a number is no date at all. Blank text and `missing` markers are None; anything else raises `RowRejected` (``kein Datum: …``).

    >>> to_date("31.12.2025"), to_date(45000.0)
    (datetime.date(2025, 12, 31), datetime.date(2023, 3, 15))
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise _reason(field, f"kein Datum: {value!r}")
    if isinstance(value, (int, float)):
        if year_numbers and float(value).is_integer() and 1900 <= value <= 2200:
            return date(int(value), 1, 1)
        if serials is None:
            raise _reason(field, f"kein Datum: {value!r}")
        return excel_serial_date(value, field=field, serials=serials)
    text = str(value).strip()
    if not text or text in missing:
        return None
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _reason(field, f"kein Datum: {value!r}")
