"""Open311 GeoReport v2 (JSON and XML): times across both DST changes, rejects by element/line, no personal data."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from etl.errors import FileRejected
from etl.loader import load_file
from etl.sources.open311 import Open311Requests
from etl.warehouse import connect

DATA = Path(__file__).parents[1] / "data" / "open311"
PERSONAL = (
    "Mustermann",
    "Erika",
    "example.org",
    "0171",
    "Musterstraße",
    "Schmidt",
    "foto-erika",
    "4711",
    "63065",
    "ESO Stadtservice",
    "Spielplatz",
    "Schmiererei",
    "flackert",
    "Gemeldet von",
    "markaspot",
    "#7b1fa2",
)


def requests(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.sql("select * exclude (load_id) from service_request order by request_id").pl()


def request_lines(path: Path) -> list[int]:
    return [i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if ln.strip() == "<request>"]


def test_json_and_xml_give_the_same_requests(tmp_path: Path) -> None:
    a, b = connect(tmp_path / "a.duckdb"), connect(tmp_path / "b.duckdb")
    ra, rb = load_file(a, DATA / "requests.json"), load_file(b, DATA / "requests.xml")
    assert ra.kind == rb.kind == "open311"
    assert_frame_equal(requests(a), requests(b))
    # conservation: every element is either loaded or recorded as rejected
    for res in (ra, rb):
        assert (res.rows_in, res.rows_loaded, res.rows_rejected) == (9, 5, 4)
    assert a.execute("select count(*), count(closed_at) from service_request").fetchone() == (5, 4)


def test_times_across_both_dst_changes(con: duckdb.DuckDBPyConnection) -> None:
    load_file(con, DATA / "requests.json")
    r = {row["request_id"]: row for row in requests(con).iter_rows(named=True)}
    # March: 22:00 CET to 03:15 CEST is 4 h 15 min, not 5 h 15 min
    assert r["102"]["requested_at"] == datetime(2024, 3, 30, 21, 0)
    assert r["102"]["closed_at"] - r["102"]["requested_at"] == timedelta(hours=4, minutes=15)
    # October: the same wall-clock time 02:30, first in summer then in winter time, is one real hour
    assert r["103"]["requested_at"] == datetime(2024, 10, 27, 0, 30)
    assert r["103"]["closed_at"] == datetime(2024, 10, 27, 1, 30)
    assert r["104"]["requested_at"] == datetime(2024, 10, 27, 1, 10)
    assert r["105"]["requested_at"] == datetime(2024, 6, 3, 8, 0)


def test_closed_at_is_the_last_update_of_a_closed_request(con: duckdb.DuckDBPyConnection) -> None:
    load_file(con, DATA / "requests.json")
    r = {row["request_id"]: row for row in requests(con).iter_rows(named=True)}
    assert r["104"]["status"] == "open" and r["104"]["closed_at"] is None
    assert r["105"]["status"] == "closed" and r["105"]["closed_at"] == r["105"]["updated_at"]
    assert r["105"]["lat"] is None and r["105"]["lon"] is None  # address only: no position, not 0/0
    # request 101 appears twice: the later update (closed) wins
    assert r["101"]["status"] == "closed" and r["101"]["closed_at"] == datetime(2024, 4, 2, 8, 0)
    assert r["101"]["category"] == "Illegale Müllablagerung" and r["101"]["service_code"] == "MUELL"


@pytest.mark.parametrize("name", ["requests.json", "requests.xml"])
def test_rejected_elements_with_their_number_or_line(con: duckdb.DuckDBPyConnection, name: str) -> None:
    load_file(con, DATA / name)
    got = con.execute("select line, reason from rejected_row order by line").fetchall()
    if name.endswith(".json"):
        lines = [1, 6, 7, 8]
    else:
        starts = request_lines(DATA / name)
        lines = [starts[0], starts[5], starts[6], starts[7]]
    assert [ln for ln, _ in got] == lines
    reasons = [r for _, r in got]
    assert "doppelte service_request_id" in reasons[0]
    assert "0/0" in reasons[1] and reasons[2] == "service_request_id fehlt" and "unmöglich" in reasons[3]


@pytest.mark.parametrize("name", ["requests.json", "requests.xml"])
def test_personal_fields_never_reach_the_warehouse(
    con: duckdb.DuckDBPyConnection, all_text: Callable[[duckdb.DuckDBPyConnection], str], name: str
) -> None:
    load_file(con, DATA / name)
    text = all_text(con)
    assert "Graffiti" in text  # the search does see the loaded text
    for s in PERSONAL:
        assert s not in text, s
    parsed = Open311Requests().parse((DATA / name).read_bytes(), name)
    assert set(parsed.tables["service_request"].columns) <= {
        "request_id",
        "category",
        "service_code",
        "requested_at",
        "updated_at",
        "closed_at",
        "status",
        "lat",
        "lon",
        "_line",
        "_raw",
    }


def test_loading_twice_changes_nothing(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    load_file(con, DATA / "requests.json")
    before = requests(con)
    assert load_file(con, DATA / "requests.json").status == "already_loaded"
    # the same export in another layout (other bytes) merges onto the same requests
    compact = tmp_path / "compact.json"
    compact.write_text(json.dumps(json.loads((DATA / "requests.json").read_text(encoding="utf-8"))), encoding="utf-8")
    assert load_file(con, compact).status == "loaded_with_rejects"
    load_file(con, DATA / "requests.xml")
    assert_frame_equal(requests(con), before)


def test_a_later_export_updates_the_status(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    load_file(con, DATA / "requests.json")
    later = tmp_path / "later.json"
    later.write_text(
        json.dumps(
            [
                {
                    "service_request_id": "104",
                    "status": "closed",
                    "service_name": "Illegale Müllablagerung",
                    "requested_datetime": "2024-10-27T02:10:00+01:00",
                    "updated_datetime": "2024-10-28T09:00:00+01:00",
                    "lat": 50.095,
                    "long": 8.7801,
                }
            ]
        ),
        encoding="utf-8",
    )
    load_file(con, later)
    assert con.execute("select count(*) from service_request").fetchone()[0] == 5
    assert con.execute("select status, closed_at from service_request where request_id = '104'").fetchone() == (
        "closed",
        datetime(2024, 10, 28, 8, 0),
    )


@pytest.mark.parametrize("declaration", [b"", b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'])
def test_xml_in_latin_encodings(declaration: bytes) -> None:
    text = (DATA / "requests.xml").read_text(encoding="utf-8").split("\n", 1)[1]
    data = declaration + text.encode("cp1252" if not declaration else "latin-1")
    parsed = Open311Requests().parse(data, "r.xml")
    cats = set(parsed.tables["service_request"]["category"])
    assert {"Illegale Müllablagerung", "Defekte Straßenlaterne", "Sperrmüll"} <= cats


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0"?>\n<!DOCTYPE service_requests [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b"<service_requests><request><service_request_id>&x;</service_request_id></request></service_requests>",
        b'<!DOCTYPE lol [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><service_requests/>',
    ],
)
def test_xml_with_doctype_or_entities_is_refused(con: duckdb.DuckDBPyConnection, tmp_path: Path, doc: bytes) -> None:
    path = tmp_path / "evil.xml"
    path.write_bytes(doc)
    with pytest.raises(FileRejected, match="DOCTYPE"):
        load_file(con, path, kind="open311")
    assert con.execute("select count(*) from load_log").fetchone()[0] == 0


def test_time_without_offset_and_unknown_status_are_rejected() -> None:
    doc = [
        {"service_request_id": "1", "status": "open", "requested_datetime": "2024-05-01T10:00:00"},
        {"service_request_id": "2", "status": "in Bearbeitung", "requested_datetime": "2024-05-01T10:00:00+02:00"},
        {
            "service_request_id": "3",
            "status": "closed",
            "requested_datetime": "2024-05-02T10:00:00+02:00",
            "updated_datetime": "2024-05-01T10:00:00+02:00",
        },
        "kein Objekt",
    ]
    parsed = Open311Requests().parse(json.dumps(doc).encode(), "r.json")
    assert [(ln, reason.split(":")[0]) for ln, reason, _ in parsed.rejected] == [
        (1, "requested_datetime"),
        (2, "Status unbekannt"),
        (3, "Abschluss (updated_datetime) liegt vor der Meldung (requested_datetime)"),
        (4, "Element ist kein Meldungsobjekt"),
    ]


def test_broken_json_rejects_the_file_with_its_line() -> None:
    data = (DATA / "requests.json").read_bytes().replace(b'"status": "closed",', b'"status": "closed"', 1)
    with pytest.raises(FileRejected) as e:
        Open311Requests().parse(data, "r.json")
    assert e.value.line == 24


def test_detect_is_specific() -> None:
    src = Open311Requests()
    assert src.detect((DATA / "requests.json").read_bytes(), "x")
    assert src.detect((DATA / "requests.xml").read_bytes(), "x")
    assert not src.detect(b'[{"id": 1, "requested": "2024"}]', "x")
    assert not src.detect(b"<rss><channel/></rss>", "x")
