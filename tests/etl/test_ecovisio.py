"""Eco-Visio JSON: station lists fill in the 15-min CSV stations, daily counts load as `bicycles_daily` without loss."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

import etl.sources.ecocounter  # noqa: F401 - registers the CSV format (see report: registry loads lazily)
from etl.errors import FileRejected
from etl.loader import load_file
from etl.sources.ecovisio import EcoVisioJson
from etl.warehouse import connect

DATA = Path(__file__).parents[1] / "data" / "ecovisio"
CSV = Path(__file__).parents[1] / "data" / "ecocounter" / "2025-03.csv"
NEUTOR = "ecocounter:100035541"
KAISERLEI = "ecocounter:300012345"


def test_station_list_fills_coordinates_of_the_csv_station(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, CSV)
    before = con.execute("select count(*), sum(value) from observation where metric = 'bicycles'").fetchone()
    res = load_file(con, DATA / "api-sites.json")
    assert res.kind == "ecovisio_json" and res.rows_rejected == 0
    assert con.execute("select name, lat, lon, kind from station where station_id = ?", [NEUTOR]).fetchone() == (
        "Neutor",
        51.9663,
        7.6162,
        "bike_counter",
    )
    # a station list writes only stations; the 0/0 placeholder is no coordinate
    assert con.execute("select count(*), sum(value) from observation where metric = 'bicycles'").fetchone() == before
    assert con.execute("select count(*) from observation where metric <> 'bicycles'").fetchone()[0] == 0
    assert con.execute("select lat, lon from station where station_id = ?", [KAISERLEI]).fetchone() == (None, None)


def test_daily_counts_conserve_totals_and_keep_their_own_metric(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, CSV)
    bicycles = con.execute("select count(*), sum(value) from observation where metric = 'bicycles'").fetchone()
    res = load_file(con, DATA / "daily-counts.json")
    assert res.rows_rejected == 2
    reasons = [r for (r,) in con.execute("select reason from rejected_row order by line").fetchall()]
    assert "Zählwert keine Zahl: 'viel'" in reasons[0]
    assert "Summe der Kanäle (1850) stimmt nicht mit der Gesamtzahl (1900)" in reasons[1]
    doc = json.loads((DATA / "daily-counts.json").read_text(encoding="utf-8-sig"))
    site_totals = [e["counts"] for e in doc[0]["counts"] if isinstance(e["counts"], int) and e["date"] != "2025-04-01"]
    channel_only = [sum(c["data"][i]["comptage"] for c in doc[1]["channels"]) for i in range(2)]
    got = con.execute("select count(value), sum(value) from observation where metric = 'bicycles_daily'").fetchone()
    assert got == (len(site_totals) + len(channel_only), sum(site_totals) + sum(channel_only))
    # daily totals never enter the 15-min metric, so a day sum of `bicycles` is unchanged
    assert con.execute("select count(*), sum(value) from observation where metric = 'bicycles'").fetchone() == bicycles
    # a missing count stays NULL; channels are details, never added to the total again
    assert con.execute(
        "select value from observation where station_id = ? and ts = '2025-04-02' and metric = 'bicycles_daily'", [NEUTOR]
    ).fetchone() == (None,)
    assert con.execute("select count(*) from observation_detail where ts = '2025-04-01'").fetchone()[0] == 0
    assert con.execute(
        "select component from observation_detail where station_id = ? order by 1 limit 1", [NEUTOR]
    ).fetchone() == ("101035541 (Neutor stadteinwärts)",)
    # both DST days are calendar days at 00:00, whatever the offset in the source
    days = [t for (t,) in con.execute("select ts from observation where station_id = ? order by ts", [KAISERLEI]).fetchall()]
    assert days == [datetime(2025, 10, 25), datetime(2025, 10, 26)]
    assert con.execute("select lat, lon from station where station_id = ?", [KAISERLEI]).fetchone() == (50.1042, 8.7405)


def test_bare_series_takes_the_site_from_the_file_name_and_overlaps_without_doubling(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DATA / "daily-counts.json")
    before = con.execute("select * exclude (load_id) from observation order by all").fetchall()
    res = load_file(con, DATA / "100035541.json")
    assert (res.rows_in, res.rows_rejected) == (3, 0)
    assert con.execute("select * exclude (load_id) from observation order by all").fetchall() == before
    with pytest.raises(FileRejected, match="Zählstellen-ID"):
        EcoVisioJson().parse((DATA / "100035541.json").read_bytes(), "daten.json")


def test_loading_twice_changes_nothing(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    files = sorted(DATA.glob("*.json"))
    for f in files:
        load_file(con, f)
    tables = ("observation", "observation_detail", "station")
    before = [con.execute(f"select * exclude (load_id) from {t} order by all").fetchall() for t in tables]
    assert all(load_file(con, f).status == "already_loaded" for f in files)
    copy = tmp_path / "100035541-copy.json"
    copy.write_text(json.dumps(json.loads((DATA / "100035541.json").read_text())), encoding="utf-8")
    load_file(con, copy)
    assert [con.execute(f"select * exclude (load_id) from {t} order by all").fetchall() for t in tables] == before


def test_public_web_page_list_drops_photos_and_checks_coordinates() -> None:
    parsed = EcoVisioJson().parse((DATA / "publicwebpageplus.json").read_bytes(), "publicwebpageplus.json")
    st = parsed.tables["station"]
    assert st.columns == ["station_id", "kind", "name", "lat", "lon", "source"]
    assert st.select("station_id", "name", "lat").rows() == [(NEUTOR, "Neutor", 51.9663), (KAISERLEI, "Kaiserlei", None)]
    assert [(ln, "außerhalb" in r) for ln, r, _ in parsed.rejected] == [(2, True)]
    assert "photo" not in json.dumps(parsed.rejected) and "example.invalid" not in json.dumps(parsed.rejected)


def test_real_muenster_site_list_names_the_csv_station(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DATA / "site_min.json")
    load_file(con, CSV)
    assert con.execute("select count(*) from station").fetchone()[0] == 23
    assert con.execute("select name from station where station_id = ?", [NEUTOR]).fetchone() == ("Neutor",)


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ({"date": "01/13/2022", "counts": 5}, "mehrdeutig"),
        ({"date": "2022-02-30", "counts": 5}, "nicht lesbar"),
        ({"date": "2022-02-03", "counts": -1}, "ungültig"),
        ({"date": "2022-02-03", "counts": 1.5}, "ungültig"),
    ],
)
def test_bad_entries_are_rejected_with_their_record_number(entry: dict, reason: str) -> None:
    doc = [{"id": 100035541, "name": "Neutor", "data": [{"date": "2022-02-01", "counts": 7}, entry]}]
    parsed = EcoVisioJson().parse(json.dumps(doc).encode(), "x.json")
    assert [(ln, reason in r) for ln, r, _ in parsed.rejected] == [(2, True)]
    assert parsed.tables["observation"]["value"].to_list() == [7.0]


def test_a_15_minute_series_is_refused_as_a_whole() -> None:
    doc = [
        {
            "id": 100035541,
            "data": [{"date": "2025-03-01T00:00:00+0100", "counts": 3}, {"date": "2025-03-01T00:15:00+0100", "counts": 4}],
        }
    ]
    with pytest.raises(FileRejected, match="nur Tageswerte"):
        EcoVisioJson().parse(json.dumps(doc).encode(), "x.json")


def test_detection_leaves_other_json_alone() -> None:
    src = EcoVisioJson()
    hystreet = (Path(__file__).parents[1] / "data" / "hystreet" / "frankfurter-strasse-api-v2-hour.json").read_bytes()
    assert not src.detect(hystreet, "100035541.json")
    assert not src.detect(b'[{"date": "2025-03-01", "counts": 3}]', "export.json")  # no site id anywhere
    assert src.detect(b'[{"date": "2025-03-01", "counts": 3}]', "100035541.json")
    assert not src.detect(b'{"channels": [{"id": 1, "name": "general"}]}', "chat.json")
