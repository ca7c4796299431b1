"""Every registered source, fed with damaged files: `load_file` loads or rejects the file with a German message,
never fails otherwise, and a rejected file leaves the warehouse exactly as it was (all tables, load_log too).

Seeds are the fixtures in tests/data/ (and the shipped Maßnahmenkatalog), assigned to their source by detection.
Damage: arbitrary bytes, a seed's head followed by junk, a seed cut at any byte, wrong encodings (UTF-16/32,
Latin-1 and double-encoded UTF-8), shuffled and renamed columns of the delimited formats, and NaN/inf/huge numbers
and extreme dates (years 0001, 9999, 1970, 2038) written into cells of every format (CSV, JSON, XML, XLSX).
A successful load never stores NaN or infinity. For the cell damage, a rejection must not come from the loader's
safety net for parser crashes ("Struktur nicht verstanden (OverflowError …)"): one bad cell is one rejected row.

Examples are derandomized (same on every run). To search harder: WM_PROP_SCALE=6 multiplies the example counts;
WM_PROP_DEBUG=1 with `pytest -s` prints every rejection reason and the outcome counts per source.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import registry
from etl.errors import FileRejected
from etl.loader import HEAD_BYTES, load_file
from etl.warehouse import connect, row_counts, schema_sql

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
EXTRA_SEEDS = [ROOT / "data" / "massnahmenkatalog.xlsx"]
BIG_SEED = 150_000  # bytes: larger seeds (the 2017 BNetzA workbook) only go into the cheap mutations

PROFILE = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI failures reproduce locally
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

# Words of which every rejection reason shows at least one: a cheap check that users get German, not a raw
# English exception text.
GERMAN = re.compile(
    r"nicht|kein|fehl|Datei|Spalte|Zeile|Format|Struktur|unbekannt|ungültig|leer|erkannt|Blatt|Tabelle|Wert|"
    r"Zeit|Datum|Eintrag|Umfrage|Welle|Schlüssel|Kopfzeile|Trennzeichen|JSON|XML|Stand|Station|abgewiesen|enthält",
    re.IGNORECASE,
)

# the message `etl.loader.parse_safely` gives an exception the parser did not anticipate
SAFETY_NET = re.compile(r"Struktur nicht verstanden \(\w*(Error|Exception|Panic)\b|Schreiben in das Warehouse fehlgeschlagen")


def _seeds() -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    files = sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix != ".md") + EXTRA_SEEDS
    for p in files:
        try:
            src = registry.detect(p, p.read_bytes()[:HEAD_BYTES])
        except FileRejected:
            continue  # e.g. the strategy text: a document, not an export
        found.setdefault(src.kind, []).append(p)
    return found


SEEDS = _seeds()
KINDS = sorted(registry.sources())


def _is_text(p: Path) -> bool:
    return not p.read_bytes()[:4].startswith(b"PK\x03\x04")


def _kinds_with(pred: Callable[[Path], bool]) -> list[str]:
    return [k for k in KINDS if any(pred(p) for p in SEEDS.get(k, []))]


def test_every_registered_source_has_a_seed_fixture() -> None:
    """A new source without a fixture in tests/data/ would silently escape the property tests below."""
    assert sorted(SEEDS) == KINDS


class Harness:
    """One warehouse per test, pre-loaded with the source's own fixtures so that replace-mode tables are filled."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.dir = tempfile.TemporaryDirectory(prefix="wm-prop-")
        self.tmp = Path(self.dir.name)
        self.con = connect(self.tmp / "w.duckdb")
        for p in SEEDS[kind]:
            load_file(self.con, p)
        self.outcomes: Counter[str] = Counter()

    def close(self) -> None:
        self.con.close()
        self.dir.cleanup()

    def check(self, data: bytes, name: str, forced: bool, *, strict: bool = False) -> None:
        before = row_counts(self.con)
        path = self.tmp / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        try:
            res = load_file(self.con, path, kind=self.kind if forced else None)
        except FileRejected as e:
            self.outcomes["rejected"] += 1
            if os.environ.get("WM_PROP_DEBUG"):
                print(f"rejected {self.kind} forced={forced}: {e.message[:300]!r}")
            assert isinstance(e.message, str) and e.message.strip(), "rejection without a reason"
            assert GERMAN.search(e.message), f"reason not German: {e.message!r}"
            assert row_counts(self.con) == before, f"rejected file changed the warehouse: {e.message}"
            # strict: one bad cell is a rejected row, or a clear reason; never the loader's safety net for parser
            # crashes ("Struktur nicht verstanden (OverflowError: …)")
            assert not (strict and SAFETY_NET.search(e.message)), f"parser crashed on one cell: {e.message}"
            # no transaction left open behind the rejection: the next load must be able to start one
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute("ROLLBACK")
            return
        self.outcomes[res.status] += 1
        after = row_counts(self.con)
        if res.status == "already_loaded":
            assert after == before
        else:
            assert after["load_log"] == before["load_log"] + 1
            assert res.rows_in == res.rows_loaded + res.rows_rejected
        assert self.non_finite() == [], "NaN or infinity stored: a broken cell must become NULL or a rejected row"

    def non_finite(self) -> list[str]:
        if not hasattr(self, "_float_cols"):
            self._float_cols = self.con.execute(
                "select table_name, column_name from information_schema.columns"
                " where table_schema = 'main' and data_type in ('DOUBLE', 'FLOAT')"
            ).fetchall()
        bad = []
        for t, c in self._float_cols:  # names from the catalog
            if self.con.execute(f'select count(*) from "{t}" where not isfinite("{c}")').fetchone()[0]:
                bad.append(f"{t}.{c}")
        return bad


_HARNESSES: dict[str, Harness] = {}


@pytest.fixture(scope="module", autouse=True)
def _close_harnesses():
    yield
    while _HARNESSES:
        _HARNESSES.popitem()[1].close()


def run_property(kind: str, strategy: st.SearchStrategy, max_examples: int = 10, *, strict: bool = False) -> Counter[str]:
    """Run `strategy`'s files through `Harness.check`; the source's warehouse is shared by its tests (pre-loading
    the fixtures once); successful loads may change it, rejections must not."""
    h = _HARNESSES.get(kind) or _HARNESSES.setdefault(kind, Harness(kind))
    h.outcomes = Counter()

    @settings(PROFILE, max_examples=max_examples * int(os.environ.get("WM_PROP_SCALE", "1")))
    @given(case=strategy, forced=st.booleans())
    def prop(case: tuple[bytes, str], forced: bool) -> None:
        h.check(case[0], case[1], forced, strict=strict)

    prop()
    if os.environ.get("WM_PROP_DEBUG"):  # WM_PROP_DEBUG=1 pytest -s: how often each outcome occurred
        print(kind, strategy, dict(h.outcomes))
    return h.outcomes


def seed_of(kind: str, pred: Callable[[Path], bool] = lambda p: True) -> st.SearchStrategy[Path]:
    return st.sampled_from([p for p in SEEDS[kind] if pred(p)])


def small(p: Path) -> bool:
    return p.stat().st_size <= BIG_SEED


# ---------------------------------------------------------------- mutations


@st.composite
def junk(draw: st.DrawFn, kind: str) -> tuple[bytes, str]:
    """Arbitrary bytes, or a real head (so detection picks the source and its parser sees the junk)."""
    seed = draw(seed_of(kind))
    body = draw(st.binary(max_size=2048))
    if draw(st.booleans()):
        raw = seed.read_bytes()
        body = raw[: draw(st.integers(0, min(len(raw), 4096)))] + body
    return body, seed.name


@st.composite
def truncated(draw: st.DrawFn, kind: str) -> tuple[bytes, str]:
    seed = draw(seed_of(kind))
    raw = seed.read_bytes()
    return raw[: draw(st.integers(0, len(raw)))], seed.name


ENCODINGS = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "double-utf-8", "utf-8-bom")


def text_of(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


@st.composite
def reencoded(draw: st.DrawFn, kind: str) -> tuple[bytes, str]:
    seed = draw(seed_of(kind, _is_text))
    text = text_of(seed.read_bytes())
    enc = draw(st.sampled_from(ENCODINGS))
    if enc == "double-utf-8":  # UTF-8 read as Latin-1 and saved as UTF-8 again: "Ã¤" for "ä"
        data = text.encode("utf-8").decode("latin-1").encode("utf-8")
    elif enc == "utf-8-bom":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    else:
        data = text.encode(enc, errors="replace")
    return data, seed.name


def split_table(text: str) -> tuple[list[str], int, str] | None:
    """Lines, header index and delimiter of a delimited text, or None (fixed-width, JSON, XML)."""
    lines = text.split("\n")
    head = [ln for ln in lines[:60] if ln.strip()]
    if not head:
        return None
    delim = max(",;\t|", key=lambda d: sum(ln.count(d) for ln in head))
    counts = [len(next(csv.reader([ln.rstrip("\r")], delimiter=delim))) if ln.strip() else 0 for ln in lines[:200]]
    common = Counter(c for c in counts if c > 1).most_common(1)
    if not common:
        return None
    width = common[0][0]
    for i, ln in enumerate(lines[:60]):
        cells = next(csv.reader([ln.rstrip("\r")], delimiter=delim)) if ln.strip() else []
        if len(cells) == width and sum(1 for c in cells if c.strip()) * 2 >= width:
            return lines, i, delim
    return None


def _delimited(p: Path) -> bool:
    if not _is_text(p):
        return False
    text = text_of(p.read_bytes())
    return text.lstrip()[:1] not in ("{", "[", "<") and split_table(text) is not None


def _rejoin(cells: list[str], delim: str, cr: bool) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delim, lineterminator="").writerow(cells)
    return buf.getvalue() + ("\r" if cr else "")


RENAMES: tuple[Callable[[str], str], ...] = (
    str.upper,
    str.lower,
    lambda c: f"  {c} ",
    lambda c: c + " (alt)",
    lambda c: c.replace(" ", "_"),
    lambda c: "",
    lambda c: "Spalte 1",
)


@st.composite
def shuffled_columns(draw: st.DrawFn, kind: str) -> tuple[bytes, str]:
    seed = draw(seed_of(kind, lambda p: small(p) and _delimited(p)))
    lines, hi, delim = split_table(text_of(seed.read_bytes()))
    header = next(csv.reader([lines[hi].rstrip("\r")], delimiter=delim))
    order = draw(st.permutations(range(len(header))))
    renamed = draw(st.sets(st.integers(0, len(header) - 1), max_size=3))
    how = [draw(st.sampled_from(RENAMES)) for _ in renamed]
    out = list(lines[:hi])
    for i, ln in enumerate(lines[hi:]):
        cr = ln.endswith("\r")
        cells = next(csv.reader([ln.rstrip("\r")], delimiter=delim)) if ln.strip() else []
        if len(cells) != len(header):
            out.append(ln)
            continue
        if i == 0:
            for idx, fn in zip(sorted(renamed), how, strict=True):
                cells[idx] = fn(cells[idx])
        out.append(_rejoin([cells[j] for j in order], delim, cr))
    return "\n".join(out).encode("utf-8"), seed.name


EXTREME_TEXT = (
    "NaN",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "-Infinity",
    "1e309",
    "-1e309",
    "1e308",
    "-1e308",
    "4.9e-324",
    "99999999999999999999999999999999",
    "-99999999999999999999",
    "1,7976931348623157e308",
    "-0",
    "0x1p1024",
    "0001-01-01 00:00",
    "9999-12-31 23:59",
    "1970-01-01 00:00",
    "2038-01-19 03:14:08",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59+14:00",
    "1970-01-01T00:00:00Z",
    "2038-01-19T03:14:08Z",
    "00010101",
    "99991231",
    "1970010100",
    "2038011903",
    "01.01.0001",
    "31.12.9999",
    "01.01.1970",
    "19.01.2038",
    "",
)
EXTREME_JSON: tuple[Any, ...] = (
    float("nan"),
    float("inf"),
    float("-inf"),
    1e308,
    -1e308,
    10**30,
    -(10**30),
    10**400,
    None,
    True,
    "",
    "NaN",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "1970-01-01T00:00:00Z",
    "2038-01-19T03:14:08Z",
    "0001-01-01T00:00:00.000+01:00",
    "9999-12-31 23:59:59",
    [],
    {},
)
EXTREME_XLSX: tuple[Any, ...] = (
    float("nan"),
    float("inf"),
    1e308,
    -1e308,
    10**30,
    datetime(1, 1, 1),
    datetime(9999, 12, 31, 23, 59),
    datetime(1970, 1, 1),
    datetime(2038, 1, 19, 3, 14, 8),
    "NaN",
    "inf",
    "01.01.0001",
    "31.12.9999",
    "",
)
YEARS = ("0001", "9999", "1970", "2038", "0000", "1900")
# a year inside a date: 2024-03-30, 30.03.2024, and the compact DWD forms 20240330 / 2024033000
YEAR_IN_DATE = re.compile(
    r"(?<![\d.])(?:19|20)\d\d(?=[-/.]\d)|(?<=\d\d\.\d\d\.)(?:19|20)\d\d|(?<!\d)(?:19|20)\d\d(?=(?:0[1-9]|1[0-2])[0-3]\d(?:\d\d){0,2}(?!\d))"
)


def _year_shift(draw: st.DrawFn, text: str) -> str:
    hits = list(YEAR_IN_DATE.finditer(text))
    if not hits:
        return text
    year = draw(st.sampled_from(YEARS))
    if draw(st.booleans()):
        return YEAR_IN_DATE.sub(year, text)
    m = hits[draw(st.integers(0, len(hits) - 1))]
    return text[: m.start()] + year + text[m.end() :]


def _json_leaves(doc: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(doc, dict):
        return [p for k, v in doc.items() for p in _json_leaves(v, path + (k,))] or [path]
    if isinstance(doc, list):
        return [p for i, v in enumerate(doc) for p in _json_leaves(v, path + (i,))] or [path]
    return [path]


def _json_set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    node = doc
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return doc


@st.composite
def extreme_cells(draw: st.DrawFn, kind: str) -> tuple[bytes, str]:
    seed = draw(seed_of(kind, small))
    raw = seed.read_bytes()
    if not _is_text(seed):
        wb = openpyxl.load_workbook(io.BytesIO(raw))
        for _ in range(draw(st.integers(1, 4))):
            ws = wb.worksheets[draw(st.integers(0, len(wb.worksheets) - 1))]
            cell = ws.cell(draw(st.integers(1, max(ws.max_row, 1))), draw(st.integers(1, max(ws.max_column, 1))))
            cell.value = draw(st.sampled_from(EXTREME_XLSX))
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue(), seed.name
    text = text_of(raw)
    if draw(st.booleans()):
        return _year_shift(draw, text).encode("utf-8"), seed.name
    stripped = text.lstrip()
    if stripped[:1] in "[{":
        doc = json.loads(stripped)
        leaves = _json_leaves(doc)
        for _ in range(draw(st.integers(1, 4))):
            path = leaves[draw(st.integers(0, len(leaves) - 1))]
            doc = _json_set(doc, path, draw(st.sampled_from(EXTREME_JSON)))
        return json.dumps(doc, ensure_ascii=False).encode("utf-8"), seed.name
    if stripped.startswith("<"):
        elems = list(re.finditer(r">([^<>]+)<", text))
        for _ in range(draw(st.integers(1, 4))):
            m = elems[draw(st.integers(0, len(elems) - 1))]
            val = draw(st.sampled_from(EXTREME_TEXT))
            text = text[: m.start(1)] + val + text[m.end(1) :]
            elems = list(re.finditer(r">([^<>]+)<", text))
        return text.encode("utf-8"), seed.name
    table = split_table(text)
    if table is None:  # fixed-width (DWD station list): overwrite a field in place
        lines = text.split("\n")
        i = draw(st.integers(2 if len(lines) > 2 else 0, len(lines) - 1))
        words = list(re.finditer(r"\S+", lines[i]))
        if words:
            m = words[draw(st.integers(0, len(words) - 1))]
            lines[i] = lines[i][: m.start()] + draw(st.sampled_from(EXTREME_TEXT)) + lines[i][m.end() :]
        return "\n".join(lines).encode("utf-8"), seed.name
    lines, hi, delim = table
    body = [i for i in range(hi + 1, len(lines)) if lines[i].strip()]
    for _ in range(draw(st.integers(1, 4))):
        if not body:
            break
        i = body[draw(st.integers(0, len(body) - 1))]
        cr = lines[i].endswith("\r")
        cells = next(csv.reader([lines[i].rstrip("\r")], delimiter=delim))
        cells[draw(st.integers(0, len(cells) - 1))] = draw(st.sampled_from(EXTREME_TEXT))
        lines[i] = _rejoin(cells, delim, cr)
    return "\n".join(lines).encode("utf-8"), seed.name


# ---------------------------------------------------------------- the properties, per source


@pytest.mark.parametrize("kind", KINDS)
def test_arbitrary_bytes_and_junk_after_a_real_head(kind: str) -> None:
    run_property(kind, junk(kind))


@pytest.mark.parametrize("kind", KINDS)
def test_truncated_at_any_byte(kind: str) -> None:
    run_property(kind, truncated(kind))


@pytest.mark.parametrize("kind", _kinds_with(_is_text))
def test_wrong_encodings(kind: str) -> None:
    run_property(kind, reencoded(kind), max_examples=10)


@pytest.mark.parametrize("kind", _kinds_with(lambda p: small(p) and _delimited(p)))
def test_shuffled_and_renamed_columns(kind: str) -> None:
    outcomes = run_property(kind, shuffled_columns(kind), strict=True)
    # reading by name: a pure reordering is always understood, so not every example may be rejected
    assert outcomes["rejected"] < sum(outcomes.values()), outcomes


@pytest.mark.parametrize("kind", _kinds_with(small))
def test_nan_inf_huge_numbers_and_extreme_dates_in_cells(kind: str) -> None:
    xlsx_only = not any(_is_text(p) for p in SEEDS[kind] if small(p))
    run_property(kind, extreme_cells(kind), max_examples=6 if xlsx_only else 15, strict=True)  # openpyxl round trips are slow


def memory_warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute(schema_sql())
    return con


def test_reordered_columns_alone_load_the_same_rows(tmp_path: Path) -> None:
    """A plain reordering (no renaming) of every delimited seed loads the same row counts as the original."""
    for kind in _kinds_with(lambda p: small(p) and _delimited(p)):
        for seed in [p for p in SEEDS[kind] if small(p) and _delimited(p)]:
            lines, hi, delim = split_table(text_of(seed.read_bytes()))
            # the csv module, not lines: LimeSurvey free-text answers span several lines inside quotes
            nl = "\r\n" if lines[hi].endswith("\r") else "\n"
            rows = list(csv.reader(io.StringIO("\n".join(lines[hi:])), delimiter=delim))
            width = len(rows[0])
            buf = io.StringIO()
            w = csv.writer(buf, delimiter=delim, lineterminator=nl)
            for cells in rows:
                w.writerow(cells[::-1] if len(cells) == width else cells)
            out = [ln.rstrip("\r") for ln in lines[:hi]] + [buf.getvalue()]
            rev = tmp_path / kind / seed.name
            rev.parent.mkdir(exist_ok=True)
            rev.write_bytes(nl.join(out).encode("utf-8"))
            a, b = memory_warehouse(), memory_warehouse()
            try:
                ra, rb = load_file(a, seed), load_file(b, rev)
                assert (rb.kind, rb.rows_loaded, rb.rows_rejected) == (ra.kind, ra.rows_loaded, ra.rows_rejected), seed
                assert row_counts(b) == row_counts(a), seed
            finally:
                a.close()
                b.close()
