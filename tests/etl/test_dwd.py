"""DWD CDC files: the real daily KL sample and station list, hand-made hourly files, load without loss or doubling."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from etl import registry
from etl.loader import load_file
from etl.sources.dwd import DwdDailyClimate, DwdHourlyAirTemperature, DwdStationList
from etl.warehouse import connect

DATA = Path(__file__).parents[1] / "data" / "dwd"
DAILY = DATA / "produkt_klima_tag_19480101_20211231_00433.txt"
STATIONS = DATA / "KL_Tageswerte_Beschreibung_Stationen.txt"
HOURLY_TU = DATA / "produkt_tu_stunde_20240330_20241028_07341.txt"
HOURLY_RR = DATA / "produkt_rr_stunde_20240330_20241028_07341.txt"


def file_column(path: Path, column: str) -> tuple[int, Decimal]:
    """Count of non-missing values and their exact sum, read from the file independently of the parser."""
    lines = [ln for ln in path.read_text(encoding="ascii").splitlines() if ln.strip()]
    header = [c.strip() for c in lines[0].split(";")]
    j = header.index(column)
    vals = [Decimal(c) for ln in lines[1:] if (c := ln.split(";")[j].strip()) != "-999"]
    return len(vals), sum(vals, Decimal(0))


def warehouse_metric(con: duckdb.DuckDBPyConnection, metric: str) -> tuple[int, Decimal]:
    n, s = con.execute(
        "select count(value), coalesce(sum(cast(round(value, 3) as decimal(18, 3))), 0) from observation where metric = ?",
        [metric],
    ).fetchone()
    return n, Decimal(s)


@pytest.mark.parametrize(
    ("column", "metric"), [("TMK", "air_temperature"), ("TXK", "air_temperature_max"), ("RSK", "precipitation")]
)
def test_daily_conserves_count_and_sum(tmp_path: Path, column: str, metric: str) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, DAILY)
    assert res.kind == "dwd_daily_kl" and res.rows_rejected == 0 and res.rows_loaded == 1096
    assert warehouse_metric(con, metric) == file_column(DAILY, column)
    # one value per day, labelled with the day at 00:00
    per_day = con.execute(
        "select count(*), count(distinct ts), max(hour(ts)) from observation where metric = ?", [metric]
    ).fetchone()
    assert per_day == (1096, 1096, 0)


def test_daily_missing_is_null_and_quality_flags_not_metrics(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DAILY)
    # SHK_TAG is -999 on every day of the sample: rows exist, values are NULL, never 0
    assert con.execute("select count(*), count(value) from observation where metric = 'snow_depth'").fetchone() == (1096, 0)
    assert con.execute("select count(*), count(value) from observation where metric = 'precipitation'").fetchone() == (1096, 1094)
    metrics = {m for (m,) in con.execute("select distinct metric from observation").fetchall()}
    assert "QN_3" not in metrics and not any(m.lower().startswith("qn") for m in metrics)
    assert len(metrics) == 13
    first = dict(con.execute("select metric, value from observation where ts = '2019-01-01'").fetchall())
    assert first["air_pressure"] == 1010.9 and first["sunshine_duration"] == 0.7 and first["air_temperature_min_5cm"] == 1.9


def test_station_list_offenbach_and_join_with_product(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DAILY)  # product first: the station row it makes must be filled, not duplicated, by the list
    res = load_file(con, STATIONS)
    assert res.kind == "dwd_stations" and res.rows_loaded == 1350 and res.rows_rejected == 0
    assert con.execute("select count(*) from station").fetchone()[0] == 1350
    name, lat, lon, kind, source = con.execute(
        "select name, lat, lon, kind, source from station where station_id = 'dwd:07341'"
    ).fetchone()
    assert name == "Offenbach-Wetterpark" and (kind, source) == ("weather", "DWD")
    assert lat == pytest.approx(50.09, abs=0.01) and lon == pytest.approx(8.79, abs=0.01)
    # STATIONS_ID 433 in the product joins dwd:00433 of the list
    joined = con.execute("select s.name, count(*) from observation o join station s using (station_id) group by 1").fetchall()
    assert joined == [("Berlin-Tempelhof", 1096 * 13)]
    # ISO-8859-1 names survive, names with spaces and commas are whole
    names = dict(con.execute("select station_id, name from station where station_id in ('dwd:00211', 'dwd:13900')").fetchall())
    assert names == {"dwd:00211": "Aßlar Klein-Altenstädten", "dwd:13900": "Soden,Bad-Salmünster (Kläranlage)"}
    # a product file loaded after the list never erases its name or position
    load_file(con, HOURLY_TU)
    assert con.execute("select name, lat from station where station_id = 'dwd:07341'").fetchone() == (
        "Offenbach-Wetterpark",
        50.09,
    )


def test_station_list_with_abgabe_column_and_bad_coordinates() -> None:
    lines = STATIONS.read_bytes().decode("latin-1").split("\r\n")
    header = lines[0] + " Abgabe"
    dashes = lines[1] + " ------"
    body = [ln + " Frei" for ln in lines[2:] if ln.strip()]
    offenbach = next(i for i, ln in enumerate(body) if ln.startswith("07341"))
    body[offenbach] = body[offenbach].replace("    50.0900", "    95.0900")  # impossible latitude
    assert body[1].startswith("00003 ")
    body[1] = body[1].replace("    50.7827", "    5x.7827")  # corrupted number
    text = "\r\n".join([header, dashes, *body]) + "\r\n"
    parsed = DwdStationList().parse(text.encode("latin-1"), "KL_Tageswerte_Beschreibung_Stationen.txt")
    rejected = {line: reason for line, reason, _ in parsed.rejected}
    assert set(rejected) == {offenbach + 3, 1 + 3}
    assert "unmöglich" in rejected[offenbach + 3]
    st = parsed.tables["station"]
    assert st.height == 1348 and parsed.rows_in == 1350
    names = dict(zip(st["station_id"], st["name"], strict=True))
    assert names["dwd:00001"] == "Aach" and names["dwd:01420"] == "Frankfurt/Main"
    assert not any(n.endswith("Frei") or n.endswith("Hessen") for n in names.values())


def test_hourly_fixtures_keep_every_utc_hour_on_both_dst_days(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    tu = load_file(con, HOURLY_TU)
    rr = load_file(con, HOURLY_RR)
    assert (tu.kind, rr.kind) == ("dwd_hourly_tu", "dwd_hourly_rr")
    assert tu.rows_loaded == rr.rows_loaded == 144 and tu.rows_rejected == rr.rows_rejected == 0
    for day in ("2024-03-31", "2024-10-27"):
        start = datetime.fromisoformat(day)
        for metric in ("air_temperature_hourly", "relative_humidity_hourly", "precipitation_hourly"):
            ts = [
                t
                for (t,) in con.execute(
                    "select ts from observation where metric = ? and cast(ts as date) = ? order by ts", [metric, day]
                ).fetchall()
            ]
            assert ts == [start + timedelta(hours=h) for h in range(24)], (metric, day)
    # the value of MESS_DATUM 2024033102 (an hour that does not exist in German local time) sits at 02:00 UTC
    assert con.execute(
        "select value from observation where metric = 'air_temperature_hourly' and ts = '2024-03-31 02:00'"
    ).fetchone()[0] == float(next(ln for ln in HOURLY_TU.read_text().splitlines() if ";2024033102;" in ln).split(";")[3])
    for path, column, metric in (
        (HOURLY_TU, "TT_TU", "air_temperature_hourly"),
        (HOURLY_TU, "RF_TU", "relative_humidity_hourly"),
        (HOURLY_RR, "R1", "precipitation_hourly"),
    ):
        assert warehouse_metric(con, metric) == file_column(path, column)
    assert (
        con.execute("select count(*) - count(value) from observation where metric = 'air_temperature_hourly'").fetchone()[0] == 2
    )
    assert con.execute("select count(*) - count(value) from observation where metric = 'precipitation_hourly'").fetchone()[0] == 2


def test_daily_and_hourly_of_one_station_do_not_collide(tmp_path: Path) -> None:
    hourly = ["STATIONS_ID;MESS_DATUM;QN_9;TT_TU;RF_TU;eor"] + [
        f"        433;20211231{h:02d};    3;  {10 + h / 10:4.1f};  80.0;eor" for h in range(24)
    ]
    path = tmp_path / "produkt_tu_stunde_20211231_20211231_00433.txt"
    path.write_text("\r\n".join(hourly) + "\r\n", encoding="ascii")
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DAILY)
    load_file(con, path)
    at_midnight = dict(
        con.execute(
            "select metric, value from observation where station_id = 'dwd:00433' and ts = '2021-12-31 00:00'"
            " and metric in ('air_temperature', 'air_temperature_hourly')"
        ).fetchall()
    )
    assert at_midnight == {"air_temperature": 13.0, "air_temperature_hourly": 10.0}
    assert warehouse_metric(con, "air_temperature") == file_column(DAILY, "TMK")


def test_corrupted_rows_rejected_with_their_line(tmp_path: Path) -> None:
    lines = DAILY.read_bytes().decode("ascii").split("\r\n")
    n, s = file_column(DAILY, "TMK")
    lost = Decimal(lines[100].split(";")[13].strip())
    cells = lines[100].split(";")
    assert cells[13].strip() != "-999"
    cells[13] = "   1x.5"  # TMK not a number
    lines[100] = ";".join(cells)
    lost += Decimal(lines[200].split(";")[13].strip())
    lines[200] = lines[200].replace(";20190719;", ";20190732;")  # no such day
    lost += Decimal(lines[300].split(";")[13].strip())
    lines[300] = lines[300].replace(";eor", "")  # a field short
    lost += Decimal(lines[400].split(";")[13].strip())
    cells = lines[400].split(";")
    cells[15] = "  -999"
    cells[14] = " 180.00"  # relative humidity above 100 %
    lines[400] = ";".join(cells)
    path = tmp_path / "produkt_klima_tag_bad_00433.txt"
    path.write_bytes("\r\n".join(lines).encode("ascii"))
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, path)
    assert res.rows_in == 1096 and res.rows_rejected == 4 and res.status == "loaded_with_rejects"
    rows = con.execute("select line, reason from rejected_row order by line").fetchall()
    assert [r[0] for r in rows] == [101, 201, 301, 401]
    assert "TMK" in rows[0][1] and "MESS_DATUM" in rows[1][1] and "Felder" in rows[2][1] and "UPM" in rows[3][1]
    assert warehouse_metric(con, "air_temperature") == (n - 4, s - lost)


def test_truncated_daily_file_rejects_the_cut_line(tmp_path: Path) -> None:
    raw = DAILY.read_bytes()
    cut = raw[: raw.index(b"20200101")]
    path = tmp_path / "cut.txt"
    path.write_bytes(cut)
    res = load_file(connect(tmp_path / "w.duckdb"), path)
    assert res.rows_rejected == 1 and res.first_rejected_line == 367 and res.rows_loaded == 365


def test_loading_twice_changes_nothing(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    for p in (DAILY, STATIONS, HOURLY_TU, HOURLY_RR):
        load_file(con, p)
    totals = "select count(*), count(value), sum(cast(round(value, 3) as decimal(18, 3))) from observation"
    before = con.execute(totals).fetchone()
    stations = con.execute("select * exclude (load_id) from station order by station_id").fetchall()
    assert all(load_file(con, p).status == "already_loaded" for p in (DAILY, STATIONS, HOURLY_TU, HOURLY_RR))
    # the same content with other bytes (LF instead of CRLF) is a new file: it merges, never doubles
    for p in (DAILY, STATIONS):
        copy = tmp_path / p.name
        copy.write_bytes(p.read_bytes().replace(b"\r\n", b"\n"))
        assert load_file(con, copy).status == "loaded"
    assert con.execute(totals).fetchone() == before
    assert con.execute("select * exclude (load_id) from station order by station_id").fetchall() == stations


@pytest.mark.parametrize(
    ("path", "kind"),
    [(DAILY, "dwd_daily_kl"), (STATIONS, "dwd_stations"), (HOURLY_TU, "dwd_hourly_tu"), (HOURLY_RR, "dwd_hourly_rr")],
)
def test_each_file_detected_by_exactly_one_source(path: Path, kind: str) -> None:
    head = path.read_bytes()[:65536]
    assert registry.detect(path, head).kind == kind


def test_detection_is_specific() -> None:
    ten_minute = b"STATIONS_ID;MESS_DATUM;  QN;PP_10;TT_10;TM5_10;RF_10;TD_10;eor\r\n  7341;202401010000;3;1000.1;1.2;0.5;90.0;-0.3;eor\r\n"
    assert not DwdHourlyAirTemperature().detect(ten_minute, "x.txt")
    hourly_as_daily = b"STATIONS_ID;MESS_DATUM;TMK;eor\r\n  7341;2024010100;1.2;eor\r\n"
    assert not DwdDailyClimate().detect(hourly_as_daily, "x.txt")
    assert not DwdStationList().detect(DAILY.read_bytes()[:4096], DAILY.name)
