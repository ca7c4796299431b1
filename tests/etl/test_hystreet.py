"""hystreet.com CSV download and API v2 JSON: hand-made fixtures load without loss, doubling or DST errors."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

import etl.sources.ecocounter  # noqa: F401 - registers the CSV format (see report: registry loads lazily)
import etl.sources.ecovisio  # noqa: F401
from etl import registry
from etl.errors import FileRejected
from etl.loader import load_file
from etl.sources.hystreet import HystreetCsv, HystreetJson, location_slug
from etl.warehouse import connect

DATA = Path(__file__).parents[1] / "data" / "hystreet"
OCT = DATA / "frankfurter-strasse-2022-10-utf8-bom.csv"
MAR = DATA / "frankfurter-strasse-2022-03-cp1252.csv"
API = DATA / "frankfurter-strasse-api-v2-hour.json"
SID = "hystreet:frankfurter-strasse-mitte"


def csv_totals(path: Path, encoding: str, *, total: str, skip_lines: set[int]) -> tuple[int, float]:
    """Independent reading of the fixture: (non-missing totals, their sum), leaving out the given file lines."""
    text = path.read_bytes().decode(encoding)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    col = rows[0].index(total)
    vals = [float(r[col]) for ln, r in enumerate(rows[1:], start=2) if r and ln not in skip_lines and r[col] != ""]
    return len(vals), sum(vals)


def pedestrians(con: duckdb.DuckDBPyConnection, sid: str = SID) -> tuple[int, float]:
    return con.execute(
        "select count(value), coalesce(sum(value), 0) from observation where metric = 'pedestrians' and station_id = ?", [sid]
    ).fetchone()


def test_utf8_bom_october_both_hours_and_directions_not_adding_up(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, OCT)
    assert res.kind == "hystreet_csv"
    assert (res.rows_in, res.rows_rejected) == (9, 1)
    line, reason = con.execute("select line, reason from rejected_row").fetchone()
    assert line == 8 and "Richtungen" in reason  # the empty row 7 is skipped but still counted as a line
    assert pedestrians(con) == csv_totals(OCT, "utf-8-sig", total="Fußgänger insgesamt", skip_lines={8})
    # 02:00 +0200 and 02:00 +0100 are two real hours: 00:00 and 01:00 UTC
    got = dict(con.execute("select ts, value from observation where metric = 'pedestrians'").fetchall())
    assert got[datetime(2022, 10, 30, 0)] == 20 and got[datetime(2022, 10, 30, 1)] == 18
    assert got[datetime(2022, 10, 30, 4)] is None  # missing total stays NULL, never 0
    temps = dict(con.execute("select ts, value from observation where metric = 'air_temperature'").fetchall())
    assert temps[datetime(2022, 10, 29, 21)] == 12.5  # decimal comma
    assert datetime(2022, 10, 30, 3) not in temps  # empty temperature: no row
    # splits only in the detail table, and each split group adds up to the total
    sums = con.execute(
        "select d.ts, o.value, sum(d.value) filter (where component like 'direction:%'),"
        " sum(d.value) filter (where component in ('adults', 'children'))"
        " from observation_detail d join observation o using (station_id, ts, metric) group by all"
    ).fetchall()
    assert sums and all(total == dirs == ages for _, total, dirs, ages in sums)
    components = {c for (c,) in con.execute("select distinct component from observation_detail").fetchall()}
    assert {"direction:Marktplatz", "direction:Kaiserstraße", "adults", "children", "adults:direction:Marktplatz"} <= components
    # Wetterlage text is not loaded anywhere
    assert (
        con.execute("select count(*) from observation where metric not in ('pedestrians', 'air_temperature')").fetchone()[0] == 0
    )


def test_windows_1252_reordered_renamed_columns_and_march_gap(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, MAR)
    assert res.rows_rejected == 1
    assert con.execute("select line, reason from rejected_row").fetchone() == (
        5,
        "keine Zahl in Spalte 'Passanten insgesamt': 'abc'",
    )
    n, s = csv_totals(MAR, "cp1252", total="Passanten insgesamt", skip_lines={5})
    (n_all, s_all) = con.execute("select count(value), sum(value) from observation where metric = 'pedestrians'").fetchone()
    assert (n_all, s_all) == (n, s)
    ts = [
        t
        for (t,) in con.execute(
            "select ts from observation where metric = 'pedestrians' and station_id = ? order by ts", [SID]
        ).fetchall()
    ]
    # 01:00 +0100 is 00:00 UTC, the next hour 03:00 +0200 is 01:00 UTC: no invented 02:00 hour
    assert ts[:3] == [datetime(2022, 3, 26, 22), datetime(2022, 3, 26, 23), datetime(2022, 3, 27, 0)]
    stations = dict(con.execute("select station_id, name from station").fetchall())
    assert stations == {SID: "Frankfurter Straße (Mitte)", "hystreet:grosse-marktstrasse": "Große Marktstraße"}
    assert con.execute(
        "select value from observation where metric = 'air_temperature' and ts = '2022-03-27 03:00' and station_id = ?", [SID]
    ).fetchone() == (-0.5,)
    zones = con.execute("select count(*) from observation_detail where component like 'zone:%'").fetchone()[0]
    assert zones == 2 * 7


def test_loading_twice_or_a_re_encoded_copy_changes_nothing(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    for f in (OCT, MAR, API):
        load_file(con, f)

    def snapshot() -> list:
        return [
            con.execute(f"select * exclude (load_id) from {t} order by all").fetchall()
            for t in ("observation", "observation_detail", "station")
        ]

    before = snapshot()
    assert all(load_file(con, f).status == "already_loaded" for f in (OCT, MAR, API))
    copy = tmp_path / "copy-lf.csv"
    copy.write_bytes(OCT.read_bytes().replace(b"\r\n", b"\n"))  # other bytes, same content
    assert load_file(con, copy).status == "loaded_with_rejects"
    assert snapshot() == before


def test_csv_and_json_of_one_location_land_on_one_station(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, OCT)
    res = load_file(con, API)
    assert res.kind == "hystreet_json" and res.rows_rejected == 2
    assert con.execute("select station_id, name, lat, lon from station").fetchall() == [
        (SID, "Frankfurter Straße (Mitte)", 50.1059, 8.7668)
    ]
    # 2022-10-30 06:00 +0100 (CSV) and 05:00Z (API) are the same hour: one row, not two
    assert con.execute(
        "select count(*), sum(value) from observation where metric = 'pedestrians' and ts = '2022-10-30 05:00'"
    ).fetchone() == (1, 30)
    csv_n, csv_s = csv_totals(OCT, "utf-8-sig", total="Fußgänger insgesamt", skip_lines={8})
    doc = json.loads(API.read_text(encoding="utf-8"))
    api_vals = [
        m["total_count"]
        for i, m in enumerate(doc["measurements"], start=1)
        if i not in (4, 6) and m["total_count"] is not None and m["measured_at"] != "2022-10-30T05:00:00.000Z"
    ]
    assert pedestrians(con) == (csv_n + len(api_vals), csv_s + sum(api_vals))


def test_json_rejects_carry_element_number_and_raw_element() -> None:
    parsed = HystreetJson().parse(API.read_bytes(), API.name)
    assert [(ln, reason.split(" (")[0]) for ln, reason, _ in parsed.rejected] == [
        (4, "Summe der Richtungen"),
        (6, "Zeitstempel nicht lesbar: 'gestern'"),
    ]
    assert json.loads(parsed.rejected[0][2])["total_count"] == 70
    detail = parsed.tables["observation_detail"]
    assert set(detail["component"]) == {
        "direction:Marktplatz",
        "direction:Kaiserstraße",
        "adults:direction:Marktplatz",
        "children:direction:Marktplatz",
        "adults:direction:Kaiserstraße",
        "children:direction:Kaiserstraße",
    }


def test_json_daily_resolution_is_its_own_metric_labelled_by_day() -> None:
    doc = {
        "location_id": 1,
        "name": "Frankfurter Straße (Mitte)",
        "resolution": "day",
        "measurements": [
            {
                "measured_at": "2022-10-29T22:00:00.000Z",
                "measured_at_local_time": "2022-10-30T00:00:00.000+02:00",
                "total_count": 5000,
                "weather_conditions": {"temperature": 12},
            },
            {
                "measured_at": "2022-10-30T23:00:00.000Z",
                "measured_at_local_time": "2022-10-31T00:00:00.000+01:00",
                "total_count": 4000,
            },
        ],
    }
    obs = HystreetJson().parse(json.dumps(doc).encode(), "d.json").tables["observation"]
    assert obs.select("ts", "metric", "value").rows() == [
        (datetime(2022, 10, 30), "pedestrians_daily", 5000.0),
        (datetime(2022, 10, 31), "pedestrians_daily", 4000.0),
    ]


def test_json_unknown_resolution_is_refused() -> None:
    doc = {"location_id": 1, "name": "X", "resolution": "month", "measurements": []}
    with pytest.raises(FileRejected, match="Auflösung"):
        HystreetJson().parse(json.dumps(doc).encode(), "m.json")


def test_daily_csv_and_local_times_without_offset() -> None:
    head = "Lage;Zeitpunkt der Messung;Wochentag;Fußgänger insgesamt;Temperatur in ºc;Wetterlage\r\n"
    daily = head + "A;2022-06-01 00:00:00 +0200;Wednesday;5000;20;klar\r\nA;2022-06-02 00:00:00 +0200;Thursday;5100;21;klar\r\n"
    obs = HystreetCsv().parse(daily.encode(), "d.csv").tables["observation"]
    assert set(obs["metric"]) == {"pedestrians_daily"}  # a daily file never mixes with hourly counts
    local = head + "A;2022-10-30 02:00:00;Sunday;7;;\r\nA;2022-10-30 02:00:00;Sunday;9;;\r\nA;2022-03-27 02:00:00;Sunday;1;;\r\n"
    parsed = HystreetCsv().parse(local.encode(), "l.csv")
    assert [str(t) for t in parsed.tables["observation"]["ts"]] == ["2022-10-30 00:00:00", "2022-10-30 01:00:00"]
    assert [r[0] for r in parsed.rejected] == [4] and "existiert nicht" in parsed.rejected[0][1]


def test_detection_is_specific() -> None:
    for path, kind in ((OCT, "hystreet_csv"), (MAR, "hystreet_csv"), (API, "hystreet_json")):
        assert registry.detect(path, path.read_bytes()[:65536]).kind == kind
    eco = Path(__file__).parents[1] / "data" / "ecocounter" / "2025-03.csv"
    head = eco.read_bytes()[:65536]
    assert not HystreetCsv().detect(head, eco.name) and not HystreetJson().detect(head, eco.name)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Frankfurter Straße (Mitte)", "frankfurter-strasse-mitte"),
        ("  Große Marktstraße ", "grosse-marktstrasse"),
        ("Schildergasse, Köln", "schildergasse-koeln"),
    ],
)
def test_location_slug(name: str, slug: str) -> None:
    assert location_slug(name) == slug
