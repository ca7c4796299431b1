"""Files as they are found in the wild (#18.4): a hystreet CSV with damaged umlauts, LimeSurvey's own export name
without a wave, sensor.community's per-device CSV, DWD hourly air temperature in the older layout. Each loads with
the values of the file, the formats they resemble still load as before, and bad variants say file, line and reason."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from etl import registry
from etl.errors import FileRejected
from etl.loader import HEAD_BYTES, load_file
from etl.parsing import REPLACEMENT, restore_words
from etl.registry import LoadOptions
from etl.warehouse import connect

DATA = Path(__file__).parents[1] / "data"
HYSTREET = DATA / "hystreet" / "frankfurter-strasse-umlaute-beschaedigt.csv"
SURVEY = DATA / "surveys" / "results-survey731946.csv"
DEVICE = DATA / "sensor_community" / "data-esp8266-15934561-2024-03-31.csv"
DWD_OLD = DATA / "dwd" / "produkt_temp_Terminwerte_20101031_20101031_07341.txt"


def rejected(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    return dict(con.execute("select line, reason from rejected_row").fetchall())


def message(con: duckdb.DuckDBPyConnection, load_id: int | None) -> str:
    row = con.execute("select message from load_log where load_id = ?", [load_id]).fetchone()
    assert row is not None
    return str(row[0])


def semicolon_rows(path: Path, encoding: str = "utf-8") -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Independent reading: header cells and (file line, cells) of each data row."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding=encoding), newline=""), delimiter=";"))
    return [h.strip() for h in rows[0]], [(ln, r) for ln, r in enumerate(rows[1:], start=2) if r]


# ------------------------------------------------------------------------------------------------- hystreet


def test_restore_words_only_touches_known_words() -> None:
    r = REPLACEMENT
    assert restore_words(f"Fu{r}g{r}nger insgesamt", ["Fußgänger"]) == "Fußgänger insgesamt"
    assert restore_words(f"FU{r}{r}G{r}{r}NGER", ["Fußgänger"]) == "Fußgänger"  # UTF-8 bytes: two each
    assert restore_words(f"Kaiserstra{r}e", ["Fußgänger"]) == f"Kaiserstra{r}e"  # unknown: stays damaged
    assert restore_words(f"Fu{r}{r}{r}g{r}nger", ["Fußgänger"]) == f"Fu{r}{r}{r}g{r}nger"  # not a conversion's trace


def test_hystreet_with_damaged_umlauts_loads_and_warns(tmp_path: Path) -> None:
    assert REPLACEMENT in HYSTREET.read_text(encoding="utf-8").splitlines()[0]
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, HYSTREET)
    assert res.kind == "hystreet_csv"
    assert (res.rows_in, res.rows_loaded, res.rows_rejected) == (6, 5, 1)
    assert rejected(con) == {6: f"keine Zahl in Spalte 'Fußgänger insgesamt': 'zw{REPLACEMENT}lf'"}
    sid = "hystreet:frankfurter-stra-e-mitte"
    got = dict(con.execute("select ts, value from observation where metric = 'pedestrians' and station_id = ?", [sid]).fetchall())
    header, rows = semicolon_rows(HYSTREET)
    total = header.index(f"Fu{REPLACEMENT}g{REPLACEMENT}nger insgesamt")
    assert sorted(got.values()) == sorted(float(r[total]) for ln, r in rows if ln != 6)
    assert got[datetime(2022, 10, 30, 0)] == 20 and got[datetime(2022, 10, 30, 1)] == 18  # 02:00 +0200 and +0100
    temps = dict(con.execute("select ts, value from observation where metric = 'air_temperature'").fetchall())
    assert temps[datetime(2022, 10, 29, 21)] == 12.5  # "Temperatur in �c" is still the temperature
    parts = con.execute(
        "select component, sum(value) from observation_detail where ts = '2022-10-29 21:00' group by 1 order by 1"
    ).fetchall()
    assert parts == [(f"direction:Kaiserstra{REPLACEMENT}e", 50.0), ("direction:Marktplatz", 70.0)]
    assert len(res.warnings) == 1
    warning = res.warnings[0]
    assert warning.startswith("Text der Datei beschädigt: 17 Ersatzzeichen (U+FFFD) statt Umlauten oder ß")
    assert f"Standortname 'Frankfurter Stra{REPLACEMENT}e (Mitte)' beschädigt: Station {sid} passt nicht" in warning
    assert message(con, res.load_id) == warning


def test_hystreet_undamaged_files_carry_no_message(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    for name in ("frankfurter-strasse-2022-10-utf8-bom.csv", "frankfurter-strasse-2022-03-cp1252.csv"):
        res = load_file(con, DATA / "hystreet" / name)
        assert res.kind == "hystreet_csv" and res.warnings == () and res.notes == ()
    assert con.execute("select count(*) from load_log where message is not null").fetchone() == (0,)


def test_hystreet_header_damaged_beyond_a_conversion_is_still_refused(tmp_path: Path) -> None:
    r = REPLACEMENT
    bad = tmp_path / "hystreet.csv"
    bad.write_text(HYSTREET.read_text(encoding="utf-8").replace(f"Fu{r}g{r}nger", f"Fu{r * 3}g{r * 3}nger"), encoding="utf-8")
    with pytest.raises(FileRejected, match="kein bekanntes Exportformat erkannt"):
        load_file(connect(tmp_path / "w.duckdb"), bad)


def test_cli_prints_the_warning_and_keeps_it_in_the_load_log(tmp_path: Path, db: Path, etl_cli) -> None:
    p = etl_cli("load", str(HYSTREET), "--db", str(db))
    assert p.returncode == 0, p.stderr
    assert f"WARN {HYSTREET}: Text der Datei beschädigt: 17 Ersatzzeichen" in p.stderr
    assert f"WARN {HYSTREET}:6: 1 Zeile(n) abgewiesen" in p.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert "Text der Datei beschädigt" in str(con.execute("select message from load_log").fetchone())


# ------------------------------------------------------------------------------------------------ LimeSurvey


def test_limesurvey_default_name_wave_from_submission_dates(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, SURVEY)
    assert res.kind == "limesurvey_responses"
    assert (res.rows_in, res.rows_loaded, res.rows_rejected) == (5, 4, 1)
    assert rejected(con) == {6: "Zeitstempel nicht lesbar: '2025-06-03 25:61:00'"}
    assert con.execute(
        "select survey_id, wave, count(distinct response_id), count(*), count(submitted_at) from survey_response group by all"
    ).fetchall() == [("731946", "2025-05", 4, 12, 9)]  # response 3 is incomplete: no submission time
    assert res.notes == (
        "Umfrage 731946 aus dem Dateinamen, Welle '2025-05' aus den Abgabedaten abgeleitet (Monat der ersten Abgabe;"
        " Abgaben 2025-05-06 bis 2025-06-02); eine andere Welle mit --wave angeben",
    )
    assert message(con, res.load_id) == res.notes[0]
    assert res.warnings == ()


def test_limesurvey_default_name_wave_from_the_option(tmp_path: Path, db: Path, etl_cli) -> None:
    p = etl_cli("load", str(SURVEY), "--wave", "W2", "--db", str(db))
    assert p.returncode == 0, p.stderr
    assert f"Hinweis {SURVEY}: Umfrage 731946 aus dem Dateinamen, Welle 'welle2' aus der Option --wave" in p.stdout
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select distinct survey_id, wave from survey_response").fetchall() == [("731946", "welle2")]
    assert con.execute("select message from load_log").fetchone() == (
        "Umfrage 731946 aus dem Dateinamen, Welle 'welle2' aus der Option --wave",
    )


def test_limesurvey_browser_copy_of_the_default_name(tmp_path: Path) -> None:
    copy = tmp_path / "results-survey731946 (1).csv"
    copy.write_bytes(SURVEY.read_bytes())
    con = connect(tmp_path / "w.duckdb")
    load_file(con, copy, options=LoadOptions(wave="welle1"))
    assert con.execute("select distinct survey_id, wave from survey_response").fetchall() == [("731946", "welle1")]


def test_limesurvey_default_name_without_any_submission_date_asks_for_the_wave(tmp_path: Path) -> None:
    lines = SURVEY.read_text(encoding="utf-8").splitlines()
    header = lines[0]
    blank = [",".join(['""' if i == 1 else c for i, c in enumerate(ln.split(","))]) for ln in lines[1:]]
    path = tmp_path / "results-survey731946.csv"
    path.write_text("\n".join([header, *blank]) + "\n", encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    with pytest.raises(FileRejected, match="nennt keine Welle, --wave fehlt"):
        load_file(con, path)
    assert con.execute("select count(*) from load_log").fetchone() == (0,)
    load_file(con, path, options=LoadOptions(wave="welle3"))  # with the option it loads
    assert con.execute("select distinct wave from survey_response").fetchall() == [("welle3",)]


def test_limesurvey_name_with_wave_wins_over_the_option(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, DATA / "surveys" / "zufriedenheit-station-mitte_welle1.csv", options=LoadOptions(wave="2"))
    assert con.execute("select distinct wave from survey_response").fetchall() == [("welle1",)]
    assert res.notes == ("Welle 'welle1' aus dem Dateinamen; --wave 'welle2' gilt nur für results-survey<ID>.csv",)


# ---------------------------------------------------------------------------------------- sensor.community


def test_sensor_community_device_csv_loads_with_station_from_the_file_name(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, DEVICE)
    assert res.kind == "sensor_community_device_csv"
    assert (res.rows_in, res.rows_loaded, res.rows_rejected) == (7, 5, 2)
    assert rejected(con) == {
        5: "keine Zahl in Spalte 'SDS_P1': 'n/a'",
        7: "Zeitstempel nicht lesbar: '2024/31/03 01:07:23'",
    }
    sid = "sensorcommunity:esp8266-15934561"
    assert con.execute("select station_id, kind, name, source from station").fetchall() == [
        (sid, "air_quality", "sensor.community Gerät esp8266-15934561", "sensor.community")
    ]
    header, rows = semicolon_rows(DEVICE)
    kept = [r for ln, r in rows if ln not in (5, 7)]
    expected = {
        "pm10": ("SDS_P1", 1.0),
        "pm2_5": ("SDS_P2", 1.0),
        "air_temperature": ("BME280_temperature", 1.0),  # Temp is empty throughout: the BME280 is the sensor
        "relative_humidity": ("BME280_humidity", 1.0),
        "air_pressure": ("BME280_pressure", 0.01),  # Pa -> hPa
    }
    got = {
        m: (n, s)
        for m, n, s in con.execute(
            "select metric, count(value), sum(value) from observation where station_id = ? group by 1", [sid]
        ).fetchall()
    }
    assert set(got) == set(expected)
    for metric, (column, factor) in expected.items():
        values = [float(r[header.index(column)]) * factor for r in kept if r[header.index(column)]]
        assert got[metric][0] == len(values)
        assert got[metric][1] == pytest.approx(sum(values))
    # Time is UTC (madavi-api writes gmstrftime): on the DST day 00:59:58 and 01:02:26 stay as written
    times = [t for (t,) in con.execute("select distinct ts from observation order by ts").fetchall()]
    assert times[0] == datetime(2024, 3, 31, 0, 0, 41) and times[-1] == datetime(2024, 3, 31, 1, 9, 51)
    assert con.execute("select count(*) from observation where ts = '2024-03-31 01:04:55' and value is null").fetchone() == (3,)


def test_sensor_community_device_csv_on_the_archive_station_with_the_option(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DATA / "sensor_community" / "2017-08-30_sds011_sensor_5331.csv")  # location 2688, with position
    res = load_file(con, DEVICE, options=LoadOptions(sensor_location="2688"))
    assert res.kind == "sensor_community_device_csv"
    assert con.execute("select station_id, name, lat is not null from station").fetchall() == [
        ("sensorcommunity:2688", "sensor.community Standort 2688", True)  # the archive's position is kept
    ]
    assert con.execute("select count(*) from observation where ts >= '2024-01-01' and metric = 'pm10'").fetchone() == (5,)


def test_sensor_community_device_csv_with_dht22_columns(tmp_path: Path) -> None:
    header, rows = semicolon_rows(DEVICE)
    t, h = header.index("Temp"), header.index("Humidity")
    out = [";".join(header)]
    for n, (_, r) in enumerate(rows):
        r = list(r)
        r[t], r[h] = f"{10 + n}.5", f"{60 + n}.0"
        out.append(";".join(r))
    path = tmp_path / "data-esp8266-777-2024-03-31.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    load_file(con, path)
    temps = dict(con.execute("select ts, value from observation where metric = 'air_temperature'").fetchall())
    assert temps[datetime(2024, 3, 31, 0, 0, 41)] == 10.5  # Temp (DHT22) before BME280_temperature
    assert con.execute("select distinct station_id from observation").fetchall() == [("sensorcommunity:esp8266-777",)]


def test_sensor_community_device_csv_without_chip_id_in_the_name_is_refused_naming_it(tmp_path: Path, db: Path, etl_cli) -> None:
    path = tmp_path / "feinstaub-balkon.csv"
    path.write_bytes(DEVICE.read_bytes())
    with pytest.raises(FileRejected, match=r"Gerätedatei 'feinstaub-balkon.csv': Sensor nicht zuzuordnen.*data-esp8266-<chipid>"):
        load_file(connect(tmp_path / "x.duckdb"), path)
    p = etl_cli("load", str(path), "--db", str(db))
    assert p.returncode == 1
    assert f"ERROR {path}: Gerätedatei 'feinstaub-balkon.csv': Sensor nicht zuzuordnen" in p.stderr
    p = etl_cli("load", str(path), "--sensor-location", "2688", "--db", str(db))
    assert p.returncode == 0 and "2 Zeile(n) abgewiesen" in p.stderr  # rejected rows: the file still loads
    p = etl_cli("load", str(DEVICE), "--sensor-location", "Balkon", "--db", str(tmp_path / "other.duckdb"))
    assert p.returncode == 1 and "--sensor-location 'Balkon' ist keine sensor.community-Standort-ID" in p.stderr


# ---------------------------------------------------------------------------------------------------- DWD


def test_dwd_hourly_air_temperature_older_layout(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, DWD_OLD)
    assert res.kind == "dwd_hourly_tu_old"
    assert (res.rows_in, res.rows_loaded, res.rows_rejected) == (9, 7, 2)
    assert rejected(con) == {
        8: "MESS_DATUM nicht lesbar: '20101031'",
        9: "Wert in Spalte LUFTTEMPERATUR unmöglich: 81.0 (erlaubt -80 bis 60)",
    }
    header, rows = semicolon_rows(DWD_OLD, "latin-1")
    for column, metric in (("LUFTTEMPERATUR", "air_temperature_hourly"), ("REL_FEUCHTE", "relative_humidity_hourly")):
        values = [float(r[header.index(column)]) for ln, r in rows if ln not in (8, 9)]
        present = [v for v in values if v != -999]
        n, total, nulls = con.execute(
            "select count(value), sum(value), count(*) - count(value) from observation where metric = ? and station_id = 'dwd:07341'",
            [metric],
        ).fetchone()
        assert (n, nulls) == (len(present), len(values) - len(present))  # -999 is NULL, never a value
        assert total == pytest.approx(sum(present))
    # MESS_DATUM is UTC: 2010-10-31 02 is one hour, although the German clocks went back that night
    assert con.execute("select ts from observation where metric = 'relative_humidity_hourly' and value is null").fetchall() == [
        (datetime(2010, 10, 31, 2),)
    ]


def test_dwd_both_layouts_of_the_same_hour_merge(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, DWD_OLD)
    before = con.execute("select count(*) from observation").fetchone()
    new = tmp_path / "produkt_tu_stunde_20101031_20101031_07341.txt"
    new.write_text(
        "STATIONS_ID;MESS_DATUM;QN_9;TT_TU;RF_TU;eor\n      7341;2010103100;    3;   9.6;  87.0;eor\n", encoding="utf-8"
    )
    assert load_file(con, new).kind == "dwd_hourly_tu"
    assert con.execute("select count(*) from observation").fetchone() == before
    assert con.execute(
        "select value from observation where ts = '2010-10-31 00:00' and metric = 'air_temperature_hourly'"
    ).fetchone() == (9.6,)


# ------------------------------------------------------------------------------------ the others unchanged


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (DATA / "hystreet" / "frankfurter-strasse-2022-10-utf8-bom.csv", "hystreet_csv"),
        (DATA / "hystreet" / "frankfurter-strasse-2022-03-cp1252.csv", "hystreet_csv"),
        (DATA / "surveys" / "results-survey482913_w1.csv", "limesurvey_responses"),
        (DATA / "surveys" / "zufriedenheit-station-mitte_welle1.csv", "limesurvey_responses"),
        (DATA / "sensor_community" / "2017-08-30_sds011_sensor_5331.csv", "sensor_community_csv"),
        (DATA / "sensor_community" / "2019-05-30_bme280_sensor_16423.csv", "sensor_community_csv"),
        (DATA / "dwd" / "produkt_tu_stunde_20240330_20241028_07341.txt", "dwd_hourly_tu"),
        (DATA / "dwd" / "produkt_klima_tag_19480101_20211231_00433.txt", "dwd_daily_kl"),
        (HYSTREET, "hystreet_csv"),
        (SURVEY, "limesurvey_responses"),
        (DEVICE, "sensor_community_device_csv"),
        (DWD_OLD, "dwd_hourly_tu_old"),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
def test_each_file_is_one_format_and_the_existing_ones_still_load(tmp_path: Path, path: Path, kind: str) -> None:
    assert registry.detect(path, path.read_bytes()[:HEAD_BYTES]).kind == kind
    res = load_file(connect(tmp_path / "w.duckdb"), path)
    assert res.kind == kind and res.rows_loaded > 0
