"""OGC SensorThings API JSON: canonical metrics and units, both DST changes, incomplete pages recorded, no personal data."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from etl.errors import FileRejected
from etl.loader import load_file
from etl.sources.sensorthings import INCOMPLETE, SensorThingsJson, map_datastream

DATA = Path(__file__).parents[1] / "data" / "sensorthings"
PAGE = DATA / "things-page.json"
DUMP = DATA / "dump.json"
PERSONAL = ("Mustermann", "@example.org", "069-5550199", "Betreut", "gepflanzt", "Kontakt", "70b3d57ed0051234")


def obs(con: duckdb.DuckDBPyConnection, station: str, metric: str) -> list[tuple[datetime, float | None]]:
    return con.execute(
        "select ts, value from observation where station_id = ? and metric = ? order by ts", [station, metric]
    ).fetchall()


def test_page_metrics_units_and_conversions(con: duckdb.DuckDBPyConnection) -> None:
    res = load_file(con, PAGE)
    assert res.kind == "sensorthings"
    assert obs(con, "sta:1", "air_temperature") == [(datetime(2024, 3, 31, 1, 30), 10.0)]  # 283.15 K
    assert obs(con, "sta:1", "air_pressure") == [(datetime(2024, 3, 31, 1, 30), 1013.25)]  # 101325 Pa
    assert obs(con, "sta:1", "relative_humidity") == [(datetime(2024, 3, 31, 1, 30), 55.0)]  # fraction 0.55
    assert obs(con, "sta:baum-7", "air_temperature") == [(datetime(2024, 10, 27, 11, 0), pytest.approx(10.0))]  # 50 °F
    assert obs(con, "sta:baum-7", "soil_moisture_vwc_60cm") == [(datetime(2024, 10, 27, 1, 15), 31.0)]  # m³/m³
    assert obs(con, "sta:baum-7", "sta_noise_level_laeq_db_a") == [(datetime(2024, 10, 27, 11, 0), 48.0)]
    stations = con.execute("select station_id, kind, lat, lon from station order by 1").fetchall()
    assert stations == [("sta:1", "air_quality", 50.1055, 8.7623), ("sta:baum-7", "tree_sensor", 50.0978, 8.7489)]


def test_both_dst_changes_instants_and_interval_starts(con: duckdb.DuckDBPyConnection) -> None:
    load_file(con, PAGE)
    assert obs(con, "sta:1", "pm10") == [
        (datetime(2024, 3, 31, 0, 30), 21.5),
        (datetime(2024, 3, 31, 1, 30), 19.0),  # 01:30 CET, 03:30 CEST: one hour
        (datetime(2024, 10, 27, 0, 0), 14.2),
        (datetime(2024, 10, 27, 1, 0), 12.8),  # both 02:00 hours of October
    ]
    assert obs(con, "sta:baum-7", "soil_moisture_vwc_30cm") == [
        (datetime(2024, 10, 27, 0, 15), 23.4),
        (datetime(2024, 10, 27, 1, 15), 23.1),
    ]


def test_rejects_and_the_incomplete_page_are_recorded_honestly(con: duckdb.DuckDBPyConnection) -> None:
    res = load_file(con, PAGE)
    n_obs = sum(
        len(ds.get("Observations", [])) for t in json.loads(PAGE.read_text(encoding="utf-8"))["value"] for ds in t["Datastreams"]
    )
    rows = con.execute("select line, reason, raw from rejected_row order by line nulls last").fetchall()
    assert [r[0] for r in rows] == [6, 13, None]
    assert "keine Zahl" in rows[0][1] and "ohne Zeitzonenangabe" in rows[1][1]
    assert rows[2][1].startswith(INCOMPLETE) and rows[2][2].startswith("https://")
    # the missing pages count as one input not loaded, so rows_loaded is exactly what the warehouse holds
    assert (res.rows_in, res.rows_rejected) == (n_obs + 1, 3)
    assert res.rows_loaded == con.execute("select count(*) from observation").fetchone()[0] == n_obs - 2


def test_dump_links_datastreams_to_things(con: duckdb.DuckDBPyConnection) -> None:
    res = load_file(con, DUMP)
    assert (res.rows_in, res.rows_loaded, res.rows_rejected) == (7, 4, 3)
    assert obs(con, "sta:5", "pm2_5") == [
        (datetime(2024, 3, 31, 0, 0), 8.5),
        (datetime(2024, 3, 31, 1, 0), 9.5),
        (datetime(2024, 10, 27, 1, 0), None),
    ]  # result null stays NULL, not 0
    assert obs(con, "sta:5", "air_pressure") == [(datetime(2024, 3, 31, 1, 0), 1002.5)]
    reasons = dict(con.execute("select line, reason from rejected_row").fetchall())
    assert reasons == {
        3: "Datastream ohne zuordenbares Thing",
        4: "Einheit 'ppm' für pm10 nicht umrechenbar (erwartet µg/m³)",
        6: "Datastream ohne zuordenbares Thing",
    }
    assert con.execute("select station_id, kind, name from station").fetchall() == [
        ("sta:5", "sensor", "Luftsensor Hauptbahnhof")
    ]


def test_conservation_of_converted_sums(con: duckdb.DuckDBPyConnection) -> None:
    load_file(con, PAGE)
    load_file(con, DUMP)
    total = con.execute("select sum(value) from observation where metric in ('pm10', 'pm2_5')").fetchone()[0]
    assert total == pytest.approx(21.5 + 19.0 + 14.2 + 12.8 + 8.5 + 9.5)


def test_descriptions_owners_and_contacts_never_stored(
    con: duckdb.DuckDBPyConnection, all_text: Callable[[duckdb.DuckDBPyConnection], str]
) -> None:
    load_file(con, PAGE)
    load_file(con, DUMP)
    text = all_text(con)
    assert "Luftmessstation Marktplatz" in text
    for s in PERSONAL:
        assert s not in text, s


def test_loading_twice_changes_nothing(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    load_file(con, PAGE)
    before = con.execute("select * exclude (load_id) from observation order by all").fetchall()
    assert load_file(con, PAGE).status == "already_loaded"
    copy = tmp_path / "copy.json"
    copy.write_text(json.dumps(json.loads(PAGE.read_text(encoding="utf-8"))), encoding="utf-8")
    load_file(con, copy)
    assert con.execute("select * exclude (load_id) from observation order by all").fetchall() == before


@pytest.mark.parametrize(
    ("prop", "name", "unit", "value", "metric", "expected"),
    [
        ("PM10", "", {"symbol": "mg/m³"}, 0.02, "pm10", 20.0),
        ("PM2.5", "", {"symbol": "µg/m³"}, 7.0, "pm2_5", 7.0),
        ("Temperature", "Lufttemperatur", {"symbol": "°C"}, 12.5, "air_temperature", 12.5),
        ("Bodentemperatur", "Bodentemperatur 10 cm", {"symbol": "Cel"}, 8.0, "soil_temperature_10cm", 8.0),
        ("Soil moisture", "", {"symbol": "%"}, 20.0, "soil_moisture_vwc", 20.0),
        ("Relative Luftfeuchte", "", {"symbol": "%"}, 61.0, "relative_humidity", 61.0),
        ("Luftdruck", "", {"symbol": "kPa"}, 101.3, "air_pressure", 1013.0),
        ("Water temperature", "Pegel Main", {"symbol": "°C"}, 14.0, "sta_water_temperature_deg_c", 14.0),
        ("Sound pressure level", "", {"symbol": "dB"}, 55.0, "sta_sound_pressure_level_db", 55.0),
        ("Anzahl Fahrzeuge", "", {"name": "count", "symbol": ""}, 3.0, "sta_anzahl_fahrzeuge_count", 3.0),
    ],
)
def test_datastream_mapping(prop: str, name: str, unit: dict, value: float, metric: str, expected: float) -> None:
    m = map_datastream({"name": name, "ObservedProperty": {"name": prop}, "unitOfMeasurement": unit}, {})
    assert m.metric == metric
    assert m.convert(value) == pytest.approx(expected)


def test_unknown_temperature_unit_is_rejected_not_guessed() -> None:
    m = map_datastream({"ObservedProperty": {"name": "Air temperature"}, "unitOfMeasurement": {"symbol": "°Ré"}}, {})
    assert m.metric is None and "nicht umrechenbar" in (m.reason or "")


def test_page_of_datastreams_or_unknown_json_is_rejected() -> None:
    page = {"value": [{"@iot.id": 1, "name": "PM10", "unitOfMeasurement": {"symbol": "µg/m³"}}]}
    with pytest.raises(FileRejected, match="nur Seiten von Things"):
        SensorThingsJson().parse(json.dumps(page).encode(), "p.json")
    with pytest.raises(FileRejected):
        SensorThingsJson().parse(b'{"foo": []}', "p.json")


def test_detect_is_specific() -> None:
    src = SensorThingsJson()
    assert src.detect(PAGE.read_bytes(), "x") and src.detect(DUMP.read_bytes(), "x")
    assert not src.detect(b'{"type": "FeatureCollection", "features": []}', "x")
    assert not src.detect(b'{"value": [{"id": 1}]}', "x")
