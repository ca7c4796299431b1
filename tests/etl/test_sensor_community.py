"""sensor.community archive CSV: the real Aberdeen samples load without loss or doubling, also when altered."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest

from etl import registry
from etl.errors import FileRejected
from etl.loader import load_file
from etl.sources.sensor_community import SensorCommunityCsv
from etl.warehouse import connect

DATA = Path(__file__).parents[1] / "data" / "sensor_community"
SDS = DATA / "2017-08-30_sds011_sensor_5331.csv"
DHT = DATA / "2017-08-30_dht22_sensor_5332.csv"
BME = DATA / "2019-05-30_bme280_sensor_16423.csv"
# archive column -> (metric, factor to the warehouse unit)
COLUMNS = {
    "P1": ("pm10", 1.0),
    "P2": ("pm2_5", 1.0),
    "temperature": ("air_temperature", 1.0),
    "humidity": ("relative_humidity", 1.0),
    "pressure": ("air_pressure", 0.01),
}


def file_totals(text: str, *, decimal_comma: bool = False) -> dict[str, tuple[int, float]]:
    """Count and sum of the non-empty cells of every measurement column, in the warehouse unit."""
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    out = {}
    for col, (metric, factor) in COLUMNS.items():
        if col not in rows[0]:
            continue
        cells = [r[col] for r in rows if r[col].strip()]
        if decimal_comma:
            cells = [c.replace(",", ".") for c in cells]
        out[metric] = (len(cells), sum(float(c) for c in cells) * factor)
    return out


def warehouse_totals(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, float]]:
    rows = con.execute("select metric, count(value), coalesce(sum(value), 0) from observation group by metric").fetchall()
    return {m: (n, s) for m, n, s in rows if n}


def assert_totals(got: dict[str, tuple[int, float]], want: dict[str, tuple[int, float]]) -> None:
    assert set(got) == set(want)
    for metric, (n, s) in want.items():
        assert got[metric][0] == n, metric
        assert got[metric][1] == pytest.approx(s, rel=1e-9), metric


@pytest.mark.parametrize("path", [SDS, DHT, BME], ids=lambda p: p.name.split("_")[1])
def test_real_file_conserves_every_metric(tmp_path: Path, path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, path)
    assert res.kind == "sensor_community_csv" and res.rows_rejected == 0
    assert_totals(warehouse_totals(con), file_totals(path.read_text(encoding="utf-8")))
    # no empty cell became 0, and a column that is empty in the whole file gets no series
    assert con.execute("select count(*) from observation where value = 0").fetchone()[0] == 0
    assert con.execute("select count(*) from observation where metric = 'air_pressure_sealevel'").fetchone()[0] == 0


def test_stations_by_location_with_coordinates(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    for p in (SDS, DHT, BME):
        load_file(con, p)
    stations = con.execute("select station_id, kind, lat, lon, source from station order by 1").fetchall()
    assert stations == [
        ("sensorcommunity:2688", "air_quality", 57.128, -2.13, "sensor.community"),
        ("sensorcommunity:8320", "air_quality", 57.456, -2.378, "sensor.community"),
    ]
    # SDS011 and DHT22 share location 2688: one station, four series
    metrics = [
        m
        for (m,) in con.execute(
            "select distinct metric from observation where station_id = 'sensorcommunity:2688' order by 1"
        ).fetchall()
    ]
    assert metrics == ["air_temperature", "pm10", "pm2_5", "relative_humidity"]
    # pressure arrives in Pa and is stored in hPa
    lo, hi = con.execute("select min(value), max(value) from observation where metric = 'air_pressure'").fetchone()
    assert 900 < lo < hi < 1100


def test_duplicated_empty_row_keeps_the_measured_value(tmp_path: Path) -> None:
    parsed = SensorCommunityCsv().parse(SDS.read_bytes(), SDS.name)
    obs = parsed.tables["observation"]
    at = obs.filter((obs["metric"] == "pm10") & (obs["ts"].cast(str) == "2017-08-30 11:27:23.000000"))
    assert sorted(at["value"].to_list(), key=lambda v: v is None) == [9.53, None]  # the empty row is NULL, not 0
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, SDS)
    assert res.rows_rejected == 0
    got = con.execute("select value from observation where metric = 'pm10' and ts = '2017-08-30 11:27:23'").fetchall()
    assert got == [(9.53,)]


def test_rows_with_all_measurements_empty_are_null_never_zero() -> None:
    text = (
        "sensor_id;sensor_type;location;lat;lon;timestamp;P1;durP1;ratioP1;P2;durP2;ratioP2\n"
        "5331;SDS011;2688;57.128;-2.130;2017-08-30T12:00:00;;;;;;\n"
        "\n"
        "5331;SDS011;2688;57.128;-2.130;2017-08-30T12:02:30;10.5;;;3.2;;\n"
    )
    parsed = SensorCommunityCsv().parse(text.encode(), "x.csv")
    obs = parsed.tables["observation"].sort("ts", "metric")
    assert obs["value"].to_list() == [None, None, 10.5, 3.2]
    assert parsed.rows_in == 2 and parsed.rejected == []


def _variant(src: str, *, order: list[str], decimal_comma: bool) -> str:
    """The same data with reordered columns, an extra free-text column and optionally decimal commas."""
    rows = list(csv.DictReader(io.StringIO(src), delimiter=";"))
    head = order + ["bemerkung"]
    lines = [";".join(head)]
    for r in rows:
        r = dict(r, bemerkung="Straße am Mühlengraben")  # free text: must never reach a frame
        cells = [r[c] for c in order] + [r["bemerkung"]]
        if decimal_comma:
            cells = [c.replace(".", ",") if c.replace(".", "").replace("-", "").isdigit() else c for c in cells]
        lines.append(";".join(cells))
    return "\r\n".join(lines) + "\r\n"


def test_windows1252_decimal_comma_reordered_columns(tmp_path: Path) -> None:
    src = BME.read_text(encoding="utf-8")
    order = [
        "timestamp",
        "humidity",
        "pressure",
        "lon",
        "lat",
        "temperature",
        "location",
        "sensor_type",
        "sensor_id",
        "altitude",
        "pressure_sealevel",
    ]
    path = tmp_path / "bme280_de.csv"
    path.write_bytes(_variant(src, order=order, decimal_comma=True).encode("cp1252"))
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, path)
    assert res.kind == "sensor_community_csv" and res.rows_rejected == 0
    assert_totals(warehouse_totals(con), file_totals(src))
    assert con.execute("select lat, lon from station").fetchone() == (57.456, -2.378)
    # the original and the re-saved copy describe the same readings: loading both does not double anything
    load_file(con, BME)
    assert_totals(warehouse_totals(con), file_totals(src))
    assert load_file(con, path).status == "already_loaded"


def test_bad_rows_rejected_with_their_line(tmp_path: Path) -> None:
    lines = SDS.read_text(encoding="utf-8").split("\n")
    want = file_totals("\n".join(lines))
    lost = {"pm10": 0.0, "pm2_5": 0.0}

    def drop(i: int) -> None:
        cells = lines[i].split(";")
        lost["pm10"] += float(cells[6])
        lost["pm2_5"] += float(cells[9])

    drop(10)
    lines[10] = lines[10].replace(";57.128;", ";157.128;")  # impossible latitude
    drop(20)
    cells = lines[20].split(";")
    cells[6] = "12.3x"
    lines[20] = ";".join(cells)
    drop(30)
    lines[30] = lines[30].replace("2017-08-30T", "30.08.2017 ")
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, path)
    assert res.rows_rejected == 3 and res.rows_loaded == 306 - 3
    rejected = con.execute("select line, reason from rejected_row order by line").fetchall()
    assert [r[0] for r in rejected] == [11, 21, 31]
    assert "Koordinaten" in rejected[0][1] and "keine Zahl" in rejected[1][1] and "Zeitstempel" in rejected[2][1]
    got = warehouse_totals(con)
    for metric in ("pm10", "pm2_5"):
        assert got[metric][0] == want[metric][0] - 3
        assert got[metric][1] == pytest.approx(want[metric][1] - lost[metric])


def test_sps30_all_mass_fractions_number_concentrations_ignored() -> None:
    text = (
        "sensor_id;sensor_type;location;lat;lon;timestamp;P1;durP1;ratioP1;P2;durP2;ratioP2;P0;P4;N05;N1;N25;N4;N10;TS\n"
        "70001;SPS30;60001;50.106;8.762;2024-01-15T10:00:07;12.40;;;8.10;;;5.20;10.90;40.1;48.2;49.0;49.1;49.2;0.61\n"
    )
    obs = SensorCommunityCsv().parse(text.encode(), "2024-01-15_sps30_sensor_70001.csv").tables["observation"]
    assert dict(zip(obs["metric"], obs["value"], strict=True)) == {"pm10": 12.4, "pm2_5": 8.1, "pm1": 5.2, "pm4": 10.9}
    assert obs["station_id"].unique().to_list() == ["sensorcommunity:60001"]


def test_explicit_utc_offset_is_converted() -> None:
    text = (
        "sensor_id;sensor_type;location;lat;lon;timestamp;temperature;humidity\n"
        "5332;DHT22;2688;57.128;-2.130;2017-08-30T13:29:51+02:00;23.5;57.2\n"
        "5332;DHT22;2688;57.128;-2.130;2017-08-30 11:32:19;23.5;58.5\n"
    )
    obs = SensorCommunityCsv().parse(text.encode(), "x.csv").tables["observation"]
    assert sorted({str(t) for t in obs["ts"]}) == ["2017-08-30 11:29:51", "2017-08-30 11:32:19"]


def test_two_sensors_of_one_location_conflict_is_reported(tmp_path: Path) -> None:
    text = (
        "sensor_id;sensor_type;location;lat;lon;timestamp;temperature;humidity\n"
        "5332;DHT22;2688;57.128;-2.130;2017-08-30T12:00:00;23.5;57.2\n"
        "5399;BME280;2688;57.128;-2.130;2017-08-30T12:00:00;22.9;57.2\n"
    )
    path = tmp_path / "two.csv"
    path.write_text(text, encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, path)
    assert res.rows_rejected == 1 and res.first_rejected_line == 3
    assert con.execute("select value from observation where metric = 'air_temperature'").fetchall() == [(23.5,)]


def test_unknown_sensor_and_detection_is_specific() -> None:
    text = b"sensor_id;sensor_type;location;lat;lon;timestamp;counts_per_minute;hv_pulses\n1;SBM-20;2;50.1;8.7;2024-01-01T00:00:00;20;3\n"
    with pytest.raises(FileRejected, match="keine bekannte Messgröße"):
        SensorCommunityCsv().parse(text, "x.csv")
    src = SensorCommunityCsv()
    assert src.detect(SDS.read_bytes()[:65536], SDS.name)
    others = [
        Path(__file__).parents[1] / "data" / "ecocounter" / "2025-03.csv",
        Path(__file__).parents[1] / "data" / "climavi" / "sensor_data.csv",
    ]
    for other in others:
        assert not src.detect(other.read_bytes()[:65536], other.name)
    for p in (SDS, DHT, BME):
        assert registry.detect(p, p.read_bytes()[:65536]).kind == "sensor_community_csv"
