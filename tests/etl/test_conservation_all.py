"""Conservation for every source: rows in = loaded + rejected (every fixture of every registered format), and for the
formats whose own tests do not check it, the count and sum read independently from the file equal the warehouse's.

Part 1 is generic over all fixtures. Part 2 is table-driven: each case reads its file with the standard library,
drops the elements the loader rejected (by the line or element number in rejected_row) and compares count and sum
with the warehouse. Sources whose tests/etl/test_<source>.py already compare file sums with the warehouse (ecocounter,
climavi, dwd daily, sensor.community, ecovisio, freifunk, sensorthings, bnetza, catalogue) are only in part 1.
"""

from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from etl import registry
from etl.errors import FileRejected
from etl.loader import HEAD_BYTES, load_file
from etl.warehouse import connect

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"


def all_fixtures() -> list[tuple[str, Path]]:
    out = []
    for p in sorted(q for q in DATA.rglob("*") if q.is_file() and q.suffix != ".md") + [ROOT / "data" / "massnahmenkatalog.xlsx"]:
        try:
            out.append((registry.detect(p, p.read_bytes()[:HEAD_BYTES]).kind, p))
        except FileRejected:
            continue
    return out


FIXTURES = all_fixtures()


def test_every_registered_source_is_covered() -> None:
    assert {k for k, _ in FIXTURES} == set(registry.sources())


@pytest.mark.parametrize(("kind", "path"), FIXTURES, ids=[f"{k}:{p.name}" for k, p in FIXTURES])
def test_rows_in_equal_loaded_plus_rejected(tmp_path: Path, kind: str, path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, path)
    assert res.kind == kind
    assert res.rows_in == res.rows_loaded + res.rows_rejected
    log = con.execute(
        "select rows_in, rows_loaded, rows_rejected, status from load_log where load_id = ?", [res.load_id]
    ).fetchone()
    assert log == (res.rows_in, res.rows_loaded, res.rows_rejected, res.status)
    lines, unnumbered = con.execute(
        "select count(distinct (line, raw)) filter (where line is not null), count(*) filter (where line is null)"
        " from rejected_row where load_id = ?",
        [res.load_id],
    ).fetchone()
    assert lines + unnumbered == res.rows_rejected  # every rejected row is listed, none twice
    assert (res.status == "loaded_with_rejects") == (res.rows_rejected > 0)


# ---------------------------------------------------------------- part 2: independent count and sum


@dataclass(frozen=True)
class Case:
    """`read(path)` gives (line or element number, value) for every data row of the file; `query` gives
    (count of non-NULL values, sum) of the load in the warehouse, with ? bound to the load_id."""

    path: Path
    read: Callable[[Path], list[tuple[int, float | None]]]
    query: str


def _dwd_hourly(column: str) -> Callable[[Path], list[tuple[int, float | None]]]:
    def read(p: Path) -> list[tuple[int, float | None]]:
        rows = list(csv.reader(io.StringIO(p.read_text(encoding="latin-1")), delimiter=";"))
        col = [h.strip() for h in rows[0]].index(column)
        out = []
        for i, r in enumerate(rows[1:], start=2):
            if r:
                v = float(r[col])
                out.append((i, None if v == -999 else v))
        return out

    return read


def _hystreet_json(p: Path) -> list[tuple[int, float | None]]:
    doc = json.loads(p.read_text(encoding="utf-8"))
    return [(i, m.get("total_count")) for i, m in enumerate(doc["measurements"], start=1)]


def _aggregated_csv(p: Path) -> list[tuple[int, float | None]]:
    rows = list(csv.reader(io.StringIO(p.read_bytes().decode("cp1252")), delimiter=";"))
    head = next(i for i, r in enumerate(rows) if "Anzahl" in r)
    col = rows[head].index("Anzahl")
    return [(i, None if r[col] == "-" else float(r[col])) for i, r in enumerate(rows[head + 1 :], start=head + 2) if r]


def _aggregated_xlsx(p: Path) -> list[tuple[int, float | None]]:
    ws = openpyxl.load_workbook(p, data_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if "count" in r)
    col = rows[head].index("count")
    return [(i, r[col]) for i, r in enumerate(rows[head + 1 :], start=head + 2) if any(v is not None for v in r)]


def _elements(key: str | None) -> Callable[[Path], list[tuple[int, float | None]]]:
    """Count only: one (element number, 1) per element of a JSON array (or of doc[key])."""

    def read(p: Path) -> list[tuple[int, float | None]]:
        doc = json.loads(p.read_text(encoding="utf-8"))
        return [(i, 1.0) for i, _ in enumerate(doc[key] if key else doc, start=1)]

    return read


def _dwd_stations(p: Path) -> list[tuple[int, float | None]]:
    lines = p.read_text(encoding="latin-1").splitlines()
    return [(i, 1.0) for i, ln in enumerate(lines[2:], start=3) if ln.strip()]


def _limesurvey(p: Path) -> list[tuple[int, float | None]]:
    """(line of each response record, 1): the csv module follows answers that span several lines."""
    text = p.read_bytes().decode("utf-8-sig")
    delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    next(reader)
    out, line = [], 2
    for row in reader:
        if row:
            out.append((line, 1.0))
        line = reader.line_num + 1
    return out


def _open311_xml(p: Path) -> list[tuple[int, float | None]]:
    return [(0, 1.0) for _ in ET.parse(p).getroot().iter("request")]


COUNT_OBS = "select count(value), sum(value) from observation where load_id = ? and metric = '{}'"
CASES: dict[str, Case] = {
    "dwd_hourly_tu": Case(
        DATA / "dwd" / "produkt_tu_stunde_20240330_20241028_07341.txt",
        _dwd_hourly("TT_TU"),
        COUNT_OBS.format("air_temperature_hourly"),
    ),
    "dwd_hourly_rr": Case(
        DATA / "dwd" / "produkt_rr_stunde_20240330_20241028_07341.txt",
        _dwd_hourly("R1"),
        COUNT_OBS.format("precipitation_hourly"),
    ),
    "hystreet_json": Case(
        DATA / "hystreet" / "frankfurter-strasse-api-v2-hour.json", _hystreet_json, COUNT_OBS.format("pedestrians")
    ),
    "survey_results_csv": Case(
        DATA / "surveys" / "befragung-station-mitte_ergebnisse.csv",
        _aggregated_csv,
        "select count(n), sum(n) from survey_result where load_id = ?",
    ),
    "survey_results_xlsx": Case(
        DATA / "surveys" / "umfrage-sauberkeit-innenstadt.xlsx",
        _aggregated_xlsx,
        "select count(n), sum(n) from survey_result where load_id = ?",
    ),
    "limesurvey_responses": Case(
        DATA / "surveys" / "zufriedenheit-station-mitte_welle1.csv",
        _limesurvey,
        "select count(distinct response_id), count(distinct response_id) from survey_response where load_id = ?",
    ),
    "open311_json": Case(
        DATA / "open311" / "requests.json", _elements(None), "select count(*), count(*) from service_request where load_id = ?"
    ),
    "districts_geojson": Case(
        DATA / "districts" / "stadtteile.geojson",
        _elements("features"),
        "select count(*), count(*) from district where load_id = ?",
    ),
    "dwd_stations": Case(
        DATA / "dwd" / "KL_Tageswerte_Beschreibung_Stationen.txt",
        _dwd_stations,
        "select count(*), count(*) from station where load_id = ? and station_id like 'dwd:%'",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_count_and_sum_in_file_equal_the_warehouse(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, case.path)
    rows = case.read(case.path)
    assert res.rows_in == len(rows), "rows the loader read vs rows in the file"
    rejected = {ln for (ln,) in con.execute("select line from rejected_row where load_id = ?", [res.load_id]).fetchall()}
    kept = [v for ln, v in rows if ln not in rejected]
    assert len(rows) - len(kept) == res.rows_rejected, "every rejected row found by its number"
    values = [float(v) for v in kept if v is not None]
    n, total = con.execute(case.query, [res.load_id]).fetchone()
    assert n == len(values)
    assert math.isclose(float(total or 0), sum(values), rel_tol=1e-9, abs_tol=1e-9)


def test_open311_xml_holds_as_many_requests_as_the_json(tmp_path: Path) -> None:
    """The XML lists rejects by file line, not element: its count is checked against the same requests in JSON."""
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, DATA / "open311" / "requests.xml")
    assert res.rows_in == len(_open311_xml(DATA / "open311" / "requests.xml"))
    assert con.execute("select count(*) from service_request").fetchone()[0] == res.rows_loaded
