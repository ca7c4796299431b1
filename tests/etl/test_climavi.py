"""climavi tree sensor CSV: the real Berlin sample loads without loss, per depth, with the device as station."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest

from etl import registry
from etl.loader import load_file
from etl.sources.climavi import ClimaviCsv, device_from_name, metric_of
from etl.warehouse import connect

DATA = Path(__file__).parents[1] / "data" / "climavi"
SAMPLE = DATA / "sensor_data.csv"
DEV_EUI = "0201002336000000"


def soil_totals(text: str, *, suffix: str = "|ENV__SOIL__VWC", delimiter: str = ",") -> tuple[int, float]:
    """What the acceptance check computes: non-empty cells of every `-<depth>|…` column."""
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    cols = [c for c in rows[0] if c.startswith("-") and c.endswith(suffix)]
    cells = [r[c].replace(",", ".") for r in rows for c in cols if r[c].strip()]
    return len(cells), sum(float(c) for c in cells)


def warehouse_soil(con: duckdb.DuckDBPyConnection, like: str = "soil_moisture_vwc%") -> tuple[int, float]:
    return con.execute("select count(value), coalesce(sum(value), 0) from observation where metric like ?", [like]).fetchone()


def test_column_names_to_metrics() -> None:
    cases = {
        "-30|ENV__SOIL__VWC": "soil_moisture_vwc_30cm",
        "-10|ENV__SOIL__T": "soil_temperature_10cm",
        "-45|ENV__SOIL__CAPACITANCE__ABSOLUTE": None,
        "TOP|ENV__ATMO__T": "device_air_temperature",
        "TOP|ENV__ATMO__T__DRY": None,
        "DEVICE|DEV__ENERGY__VCAP": "battery_percent",
        "DEVICE|DEV__RF__RSSI": None,
        "MTB|ENV__SOIL__VWC": "model_soil_moisture_vwc",
        "MTB|ENV__ATMO__WIND__SPEED": None,
        "timestamp": None,
    }
    assert {c: metric_of(c) for c in cases} == cases


def test_real_sample_conserves_soil_moisture_and_temperature(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, SAMPLE)
    assert res.kind == "climavi_csv" and res.rows_rejected == 0 and res.rows_loaded == 50
    n, s = warehouse_soil(con)
    want_n, want_s = soil_totals(text)
    assert n == want_n == 21 and s == pytest.approx(want_s, rel=1e-12)
    n, s = warehouse_soil(con, "soil_temperature%")
    assert (n, s) == (27, pytest.approx(soil_totals(text, suffix="|ENV__SOIL__T")[1], rel=1e-12))
    # each depth is its own series; float32 noise is kept as sent (no rounding)
    per_depth = dict(
        con.execute("select metric, count(*) from observation where metric like 'soil_moisture_vwc%' group by 1").fetchall()
    )
    assert per_depth == {"soil_moisture_vwc_10cm": 7, "soil_moisture_vwc_30cm": 7, "soil_moisture_vwc_45cm": 7}
    first = con.execute("select value from observation where metric = 'soil_temperature_10cm' order by ts limit 1").fetchone()
    assert first == (30.06999969482422,)
    # sparse export: empty cells give no rows, so nothing is NULL and nothing became 0 by accident
    assert con.execute("select count(*) from observation where value is null").fetchone()[0] == 0
    assert con.execute("select kind, source from station").fetchall() == [("tree_sensor", "climavi")]


def test_near_duplicate_rows_are_two_timestamps() -> None:
    obs = ClimaviCsv().parse(SAMPLE.read_bytes(), SAMPLE.name).tables["observation"]
    t10 = obs.filter(obs["metric"] == "soil_temperature_10cm").sort("ts")
    ts = [str(t) for t in t10["ts"]]
    assert "2023-09-14 16:29:52" in ts and "2023-09-14 16:31:45" in ts
    vwc = obs.filter(obs["metric"] == "soil_moisture_vwc_30cm")
    assert "2023-09-14 16:29:52" not in [str(t) for t in vwc["ts"]]  # that row carried no VWC


def test_model_soil_moisture_fraction_becomes_percent() -> None:
    obs = ClimaviCsv().parse(SAMPLE.read_bytes(), SAMPLE.name).tables["observation"]
    mtb = obs.filter(obs["metric"] == "model_soil_moisture_vwc").sort("ts")
    values = dict(zip([str(t) for t in mtb["ts"]], mtb["value"], strict=True))
    assert values["2024-11-17 01:00:00"] == 21.0  # already percent in 2024
    assert values["2026-06-21 16:00:00"] == pytest.approx(28.09999883174896)  # 0.2809999883174896 in 2026
    assert all(15 < v < 40 for v in values.values())
    # model values never mix with the measured series of the probe
    assert not mtb.is_empty() and not any(m.startswith("soil_moisture_vwc") and "model" in m for m in obs["metric"])


@pytest.mark.parametrize(
    ("name", "station"),
    [
        ("sensor_data.csv", "climavi:sensor_data"),
        (f"{DEV_EUI}_sensor_data.csv", f"climavi:{DEV_EUI}"),
        ("baum-208_a81758fffe0312ab_2023.csv", "climavi:A81758FFFE0312AB"),
    ],
)
def test_station_from_file_name(name: str, station: str) -> None:
    assert f"climavi:{device_from_name(name)}" == station
    parsed = ClimaviCsv().parse(SAMPLE.read_bytes(), name)
    assert parsed.tables["station"]["station_id"].to_list() == [station]
    assert parsed.tables["observation"]["station_id"].unique().to_list() == [station]


def test_device_column_wins_and_splits_stations() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    out = ["devEUI," + lines[0]]
    for i, line in enumerate(lines[1:], 1):
        if line:
            out.append(("a81758fffe0312ab," if i % 2 else f"{DEV_EUI},") + line)
    parsed = ClimaviCsv().parse(("\n".join(out) + "\n").encode(), f"{DEV_EUI}_other.csv")
    assert sorted(parsed.tables["station"]["station_id"]) == ["climavi:0201002336000000", "climavi:A81758FFFE0312AB"]
    obs = parsed.tables["observation"]
    assert obs.filter(obs["metric"].str.starts_with("soil_moisture_vwc")).height == 21


def test_semicolon_decimal_comma_cp1252_reordered(tmp_path: Path) -> None:
    """A city re-saved the export in German Excel: `;`, decimal comma, Windows-1252, columns shuffled."""
    rows = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    order = list(reversed(range(len(rows[0]))))
    body = [";".join(r[i].replace(".", ",") for i in order) for r in rows[1:]]
    head = ";".join(rows[0][i] for i in order) + ";Bemerkung"
    text = "\r\n".join([head] + [b + ";Baumscheibe gepflegt (Grünflächenamt)" for b in body]) + "\r\n"
    path = tmp_path / f"{DEV_EUI}_export.csv"
    path.write_bytes(text.encode("cp1252"))
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, path)
    assert res.kind == "climavi_csv" and res.rows_rejected == 0
    assert warehouse_soil(con) == (21, pytest.approx(soil_totals(SAMPLE.read_text(encoding="utf-8"))[1], rel=1e-12))
    assert con.execute("select distinct station_id from observation").fetchall() == [(f"climavi:{DEV_EUI}",)]


def test_bad_rows_rejected_with_line_and_conservation(tmp_path: Path) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    n, s = soil_totals("\n".join(lines))
    # line 23 of the file = 2023-09-14 12:32:21 with VWC 21.39/26.3/34.26
    assert lines[22].startswith("1694694741000,")
    lines[22] = lines[22].replace(",21.39,", ",21.39%,")
    # line 24: datetime says local summer time while the epoch says UTC
    assert lines[23].startswith("1694698309000,2023-09-14 13:31:49")
    lines[23] = lines[23].replace("2023-09-14 13:31:49", "2023-09-14 15:31:49")
    path = tmp_path / f"{DEV_EUI}.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, path)
    assert res.rows_rejected == 2
    rejected = con.execute("select line, reason from rejected_row order by line").fetchall()
    assert [r[0] for r in rejected] == [23, 24]
    assert "keine Zahl" in rejected[0][1] and "widersprechen" in rejected[1][1]
    lost = 21.39 + 26.3 + 34.26 + 21.58 + 26.69 + 34.4
    assert warehouse_soil(con) == (n - 6, pytest.approx(s - lost, rel=1e-12))


def test_loading_twice_and_overlap_change_nothing(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    first = tmp_path / f"{DEV_EUI}_a.csv"
    first.write_bytes(SAMPLE.read_bytes())
    load_file(con, first)
    before = con.execute("select count(*), sum(value) from observation").fetchone()
    assert load_file(con, first).status == "already_loaded"
    # a later export that overlaps the first (same rows, CRLF line ends) replaces, never doubles
    second = tmp_path / f"{DEV_EUI}_b.csv"
    second.write_bytes(SAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    assert load_file(con, second).status == "loaded"
    assert con.execute("select count(*), sum(value) from observation").fetchone() == before


def test_detection_is_specific() -> None:
    src = ClimaviCsv()
    assert src.detect(SAMPLE.read_bytes()[:65536], SAMPLE.name)
    data = Path(__file__).parents[1] / "data"
    for other in (data / "sensor_community" / "2017-08-30_dht22_sensor_5332.csv", data / "ecocounter" / "2025-03.csv"):
        assert not src.detect(other.read_bytes()[:65536], other.name)
    assert registry.detect(SAMPLE, SAMPLE.read_bytes()[:65536]).kind == "climavi_csv"
