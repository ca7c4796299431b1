"""Privacy across all sources: the public snapshot's schema is an exact allow-list, it holds no survey cell under 5,
and no personal field of any fixture (Open311 reporters, Freifunk owners, SensorThings contacts, Eco-Visio photos,
LimeSurvey respondents) survives the load of everything in tests/data/ into one warehouse.

The per-source tests check their own fixture; this file loads all of them together and derives the personal strings
from the fixtures themselves (by field name), so a new fixture with a personal field is covered without a list here.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import duckdb
import openpyxl
import pytest

from etl.errors import FileRejected
from etl.loader import load_file
from etl.warehouse import connect

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
CATALOGUE = ROOT / "data" / "massnahmenkatalog.xlsx"

# The public snapshot, table by table and column by column. A change here is a privacy decision: review it
# (docs/warehouse.md, publish/snapshot.py PUBLIC_TABLES) before adjusting the constant.
PUBLIC_SCHEMA: dict[str, tuple[str, ...]] = {
    # the catalogue's English texts (`… (en)` columns) are public content like their German ones
    "action_field": ("action_field_id", "name", "zielbild", "sort_order", "load_id", "name_en", "zielbild_en"),
    "charging_station": (
        "station_id",
        "release_date",
        "operator",
        "address",
        "postcode",
        "city",
        "commissioned_on",
        "power_kw",
        "charge_points",
        "charger_type",
        "load_id",
    ),
    "district": ("district_id", "name", "geojson", "load_id"),
    # evaluation plans of public indicators and their results computed at publish (docs/warehouse.md)
    "evaluation_plan": (
        "plan_id",
        "version",
        "measure_id",
        "indicator_id",
        "station_id",
        "cutoff_date",
        "window_days",
        "method",
        "controls",
        "expected_direction",
        "expected_effect_pct",
        "decided_by",
        "decided_on",
        "published_on",
        "change_reason",
        "change_reason_en",
        "content_hash",
        "is_example",
        "load_id",
    ),
    "evaluation_result": ("plan_id", "version", "computed_at", "result_json", "error", "mde_pct", "mde_error"),
    "indicator": (
        "indicator_id",
        "measure_id",
        "name",
        "definition",
        "unit",
        "ioo_level",
        "direction",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
        "update_interval",
        "source",
        "responsible_unit",
        "is_public",
        "caveats",
        "is_example",
        "load_id",
        "progress_basis",
        "name_en",
        "definition_en",
        "source_en",
        "caveats_en",
    ),
    "indicator_value": ("indicator_id", "period_start", "value", "is_example", "load_id"),
    "load_log": (
        "load_id",
        "file_name",
        "sha256",
        "kind",
        "rows_in",
        "rows_loaded",
        "rows_rejected",
        "status",
        "message",
        "is_demo",
        "loaded_at",
    ),
    "measure": (
        "measure_id",
        "title",
        "description",
        "status",
        "responsible_unit",
        "budget_eur",
        "staff_fte",
        "start_date",
        "end_date",
        "milestones",
        "in_backlog",
        "is_example",
        "load_id",
        "title_en",
        "description_en",
        "milestones_en",
        "last_reviewed",
    ),
    "measure_action_field": ("measure_id", "action_field_id", "load_id"),
    "observation": ("station_id", "ts", "metric", "value", "load_id"),
    "observation_detail": ("station_id", "ts", "metric", "component", "value", "load_id"),
    **{
        f"observation_{level}": ("station_id", "period_start", "metric", "n", "sum", "min", "max", "mean")
        for level in ("hourly", "daily", "monthly")
    },
    "service_request": (
        "request_id",
        "category",
        "service_code",
        "requested_at",
        "updated_at",
        "closed_at",
        "status",
        "lat",
        "lon",
        "load_id",
    ),
    "station": ("station_id", "kind", "name", "lat", "lon", "source", "is_demo", "load_id"),
    "station_latest": ("station_id", "metric", "value", "value_date"),
    "observation_detail_hourly": ("station_id", "metric", "component", "period_start", "n", "sum"),  # from observation_detail
    "quality_station_day": ("kind", "station_id", "day", "n"),  # from observation: readings per station and day
    "observation_local_daily": ("station_id", "metric", "period_start", "n", "sum"),  # from observation_hourly
    "observation_detail_local_daily": ("station_id", "metric", "component", "period_start", "n", "sum"),
    "station_rows": ("table_name", "station_id", "first_row", "last_row"),  # row numbers of each station's rows
    "station_list": ("station_id", "kind", "name", "lat", "lon", "source", "is_demo", "metric", "value", "value_date", "unit"),
    "indicator_series": ("key", "indicator_id", "ipc"),  # the public indicators' series, computed at publish
    "snapshot_meta": ("key", "value"),  # what the snapshot is (kind = public) and when it was published
    # the survey's title as its export writes it (a title, not a person)
    "survey_result": ("survey_id", "wave", "survey_date", "question_id", "answer", "n", "load_id", "survey_title"),
}

# Fields that carry personal data in the source formats (DATA_SOURCES.md): who reported, who owns a node, how to
# reach them, free text, photos, device addresses.
PERSONAL_KEYS = {
    "description",
    "status_notes",
    "address",
    "address_id",
    "zipcode",
    "media_url",
    "email",
    "e-mail",
    "phone",
    "first_name",
    "last_name",
    "author",
    "agency_responsible",
    "hostname",
    "owner",
    "contact",
    "mac",
    "addresses",
    "photo",
    "lien",
    "deveui",
}
PERSONAL_COLUMNS = {"ipaddr", "refurl", "token", "seed", "firstname", "lastname", "email", "attribute_1", "Q3[other]", "Q9"}


def fixtures() -> list[Path]:
    return sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix != ".md") + [CATALOGUE]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture of tests/data/ (and the shipped catalogue) loaded into one build database."""
    db = tmp_path_factory.mktemp("privacy") / "build.duckdb"
    con = connect(db)
    loaded = 0
    try:
        for p in fixtures():
            try:
                load_file(con, p)
                loaded += 1
            except FileRejected:
                assert p.suffix == ".txt" and "strategy" in p.parts, p  # only the strategy document is no export
    finally:
        con.close()
    assert loaded >= 30
    return db


@pytest.fixture(scope="module")
def public(warehouse: Path) -> Path:
    out = warehouse.with_name("public.duckdb")
    res = subprocess.run(
        [sys.executable, "-m", "etl", "publish", "--public", "--db", str(warehouse), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    return out


def _schema(db: Path) -> dict[str, tuple[str, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select table_name, column_name from information_schema.columns"
            " where table_schema = 'main' order by table_name, ordinal_position"
        ).fetchall()
        kinds = {
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main' and table_type <> 'BASE TABLE'"
            ).fetchall()
        }
    finally:
        con.close()
    out: dict[str, tuple[str, ...]] = {}
    for t, c in rows:
        out[t] = out.get(t, ()) + (c,)
    assert not kinds, f"views in the public snapshot: {kinds}"
    return out


def test_public_snapshot_schema_is_exactly_the_allow_list(public: Path) -> None:
    assert _schema(public) == PUBLIC_SCHEMA


def _survey_cells(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select survey_id, wave, question_id, answer, n from survey_result").fetchall()
    finally:
        con.close()


def test_no_survey_cell_below_five_in_the_public_snapshot_of_the_fixtures(warehouse: Path, public: Path) -> None:
    small = [c for c in _survey_cells(warehouse) if c[4] is not None and 0 < c[4] < 5]
    assert small, "the fixtures have small cells, so the check below is not empty"
    cells = _survey_cells(public)
    assert cells
    assert [c for c in cells if c[4] is not None and c[4] < 5] == []


@pytest.mark.slow
def test_no_survey_cell_below_five_in_the_public_demo_snapshot() -> None:
    """The demo's public snapshot (built once per test process, shared with the page tests)."""
    from app_support import public_snapshot

    pub = public_snapshot()
    cells = _survey_cells(pub)
    assert cells
    assert [c for c in cells if c[4] is not None and c[4] < 5] == []
    assert set(_schema(pub)) == set(PUBLIC_SCHEMA)


# ---------------------------------------------------------------- personal strings of the fixtures


def _walk_json(node: object, personal: bool = False) -> Iterator[tuple[bool, str]]:
    """(inside a personal field?, scalar text) for every scalar of a JSON document."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk_json(v, personal or str(k).lower() in PERSONAL_KEYS)
    elif isinstance(node, list):
        for v in node:
            yield from _walk_json(v, personal)
    elif node is not None:
        yield personal, str(node)


def _walk_xml(el: ET.Element, personal: bool = False) -> Iterator[tuple[bool, str]]:
    personal = personal or el.tag.lower() in PERSONAL_KEYS
    if el.text and el.text.strip():
        yield personal, el.text.strip()
    for child in el:
        yield from _walk_xml(child, personal)


def _walk_csv(text: str) -> Iterator[tuple[bool, str]]:
    delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    header = [h.split(". ", 1)[0].strip() for h in rows[0]]  # "ipaddr. IP-Adresse" in LimeSurvey's full headings
    for row in rows[1:]:
        for h, v in zip(header, row, strict=False):
            if v.strip():
                yield h in PERSONAL_COLUMNS, v


def _values(p: Path) -> Iterator[tuple[bool, str]]:
    raw = p.read_bytes()
    if raw.startswith(b"PK"):  # workbooks: no personal fields in the BNetzA register, the catalogue or aggregated results
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        return ((False, str(v)) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    text = raw.decode("utf-8-sig", errors="replace")
    stripped = text.lstrip()
    if stripped[:1] in "[{":
        return _walk_json(json.loads(stripped))
    if stripped.startswith("<"):
        return _walk_xml(ET.fromstring(raw))
    if p.parent.name == "surveys":
        return _walk_csv(text)
    return iter([(False, text)])  # counts, weather, station lists, charging register: no personal columns


TOKEN = re.compile(r"[\w@.+:/\-]{5,}")


def _tokens(value: str) -> set[str]:
    """The whole value and its longer words: those with a letter, or phone/IP-like runs of digits."""
    out = {value.strip()} if len(value.strip()) >= 5 else set()
    for t in TOKEN.findall(value):
        t = t.strip(".,:;-/")
        if len(t) >= 5 and (re.search(r"[^\W\d_]", t) or re.fullmatch(r"[\d.\-+/ ]{7,}", t)):
            out.add(t)
    return out


@cache
def personal_strings() -> frozenset[str]:
    """Strings that occur in a personal field of some fixture and nowhere else in any fixture."""
    secret: set[str] = set()
    public: list[str] = []
    for p in fixtures():
        for personal, v in _values(p):
            if personal:
                secret |= _tokens(v)
            else:
                public.append(v)
    public_text = "\n".join(public)
    # words the loader writes itself (its messages in load_log and rejected_row: "bitte mit --wave angeben") are no
    # trace of a personal field, even when a person's comment happens to use them too
    own_words = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "etl").rglob("*.py") if "demo" not in p.relative_to(ROOT).parts
    )
    return frozenset(s for s in secret if s not in public_text and not re.search(rf"\b{re.escape(s)}\b", own_words))


def test_personal_strings_are_found_in_the_fixtures() -> None:
    """The extraction sees each kind of personal data (else the search below would pass vacuously)."""
    s = personal_strings()
    for expected in (
        "Mustermann",  # Open311 description, SensorThings contact
        "erika.mustermann@example.org",  # Open311 free text
        "Familie-Mueller-Router",  # Freifunk hostname
        "mueller.familie@example.org",  # Freifunk owner
        "192.0.2.11",  # LimeSurvey ipaddr
        "mareike.beispiel@example.org",  # LimeSurvey email
        "https://example.invalid/photo.jpg",  # Eco-Visio photo
    ):
        assert expected in s, expected


def test_no_personal_field_of_any_source_survives_the_load(
    warehouse: Path, all_text: Callable[[duckdb.DuckDBPyConnection], str]
) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        text = all_text(con)
        kinds = {k for (k,) in con.execute("select distinct kind from load_log").fetchall()}
    finally:
        con.close()
    assert {"open311", "freifunk_meshviewer", "sensorthings", "limesurvey_responses", "ecovisio_json"} <= kinds
    assert "Graffiti" in text and "Freifunk-Knoten" in text  # the search does see loaded text
    leaked = sorted(s for s in personal_strings() if s in text)
    assert leaked == []


def test_no_personal_field_in_the_public_snapshot(public: Path, all_text: Callable[[duckdb.DuckDBPyConnection], str]) -> None:
    con = duckdb.connect(str(public), read_only=True)
    try:
        text = all_text(con)
    finally:
        con.close()
    assert sorted(s for s in personal_strings() if s in text) == []
