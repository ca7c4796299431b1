"""BNetzA Ladesäulenregister: the real 2017 XLSX, a 2019-layout XLSX and a newer Windows-1252 CSV load one row per charger."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest

from etl.errors import FileRejected
from etl.loader import HEAD_BYTES, load_file
from etl.registry import Source, sources
from etl.sources.bnetza import BnetzaLadesaeulenregister
from etl.warehouse import connect

DATA = Path(__file__).parents[1] / "data" / "bnetza"
REAL_2017 = DATA / "Ladesaeulenkarte_Datenbankauszug_00__2017-04-11.xlsx"
# hand-made after the published layout (no real entries): 10 preamble lines, Windows-1252, `;`, decimal comma
CSV_FIXTURE = DATA / "Ladesaeulenregister_CSV_fixture.csv"
KIND = "bnetza_ladesaeulen"
IN_GERMANY = "lat between 47 and 55.5 and lon between 5.5 and 15.5"


def chargers(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select count(*) from station where kind like '%charg%'").fetchone()[0]


def build_2019_layout(path: Path) -> Path:
    """A workbook in the 2019 layout: header on row 7, `Postleitzahl Ort`, Excel dates, Längengrad before Breitengrad."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabelle1"
    ws.append(["Bundesnetzagentur – Übersicht der gemeldeten öffentlichen Ladepunkte"])
    ws.append(['="Stand: 05.06.2019"'])  # a formula without cached value, as Excel's formula-string cell
    ws.append([])
    ws.append(["Hinweis: Veröffentlichung mit Zustimmung der Betreiber"])
    ws.append([])
    ws.append(["Allgemeine Informationen", None, None, None, None, None, None, None, None, None, "1. Ladepunkt"])
    header = [
        "Betreiber",
        "Adresse",
        "Postleitzahl Ort",
        "Bundesland",
        "Längengrad [DG]",
        "Breitengrad [DG]",
        "Inbetriebnahmedatum",
        "Anschlussleistung [kW]",
        "Art der Ladeeinrichtung",
        "Anzahl Ladepunkte",
        "Steckertypen1",
        "P1 [kW]",
        "Public Key1",
        "Steckertypen2",
        "P2 [kW]",
        "Public Key2",
    ]
    ws.append(header)
    rows = [
        # row 8: the same charger as line 12 of the CSV fixture (a later release)
        [
            "Energieversorgung Offenbach AG",
            "Andréstraße 71",
            "63067 Offenbach am Main",
            "Hessen",
            8.7650,
            50.1037,
            datetime(2018, 3, 15),
            22,
            "Normalladeeinrichtung",
            2,
            "AC Steckdose Typ 2",
            11,
            "",
            "AC Steckdose Typ 2",
            11,
            "",
        ],
        # row 9: city written "Offenbach", date as a bare Excel serial number, the two coordinates in each other's column
        [
            "Energieversorgung Offenbach AG",
            "Berliner Straße 100",
            "63065 Offenbach",
            "Hessen",
            50.1050,
            8.7580,
            44742,
            14.7,
            "Normalladeeinrichtung",
            2,
            "AC Steckdose Typ 2",
            11,
            "",
            "AC Steckdose Typ 2",
            3.7,
            "",
        ],
        # rows 10 and 11: two identical register rows are two chargers, not one
        [
            "Mainova AG",
            "Hanauer Landstraße 146",
            "60314 Frankfurt am Main",
            "Hessen",
            8.7098,
            50.1119,
            datetime(2017, 5, 2),
            22,
            "Normalladeeinrichtung",
            1,
            "AC Steckdose Typ 2",
            22,
            "",
            None,
            None,
            "",
        ],
        [
            "Mainova AG",
            "Hanauer Landstraße 146",
            "60314 Frankfurt am Main",
            "Hessen",
            8.7098,
            50.1119,
            datetime(2017, 5, 2),
            22,
            "Normalladeeinrichtung",
            1,
            "AC Steckdose Typ 2",
            22,
            "",
            None,
            None,
            "",
        ],
        # row 12: no Anschlussleistung: the sum of P1..P4
        [
            "Stadtwerke Hanau GmbH",
            "Am Markt 1",
            "63450 Hanau",
            "Hessen",
            8.9170,
            50.1330,
            "01.08.2018",
            None,
            "Schnellladeeinrichtung",
            2,
            "DC Kupplung Combo",
            50,
            "",
            "AC Kupplung Typ 2",
            22,
            "",
        ],
        # row 13: a date that does not exist
        [
            "Stadtwerke Hanau GmbH",
            "Am Markt 2",
            "63450 Hanau",
            "Hessen",
            8.9171,
            50.1331,
            "31.02.2019",
            22,
            "Normalladeeinrichtung",
            2,
            "AC Steckdose Typ 2",
            11,
            "",
            "AC Steckdose Typ 2",
            11,
            "",
        ],
    ]
    for r in rows:
        ws.append(r)
    for _ in range(5):
        ws.append([None] * len(header))  # trailing empty rows, as in real releases
    wb.save(path)
    return path


@pytest.fixture
def xlsx_2019(tmp_path: Path) -> Path:
    return build_2019_layout(tmp_path / "export.xlsx")  # neutral name: detected by content


def test_real_2017_release(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, REAL_2017)
    assert res.kind == KIND
    # 1784 register rows (181 trailing empty rows skipped); none is lost
    assert res.rows_in == 1784
    assert res.rows_loaded == 1784 and chargers(con) == 1784
    # three rows (599, 870, 891) have coordinates that fit nowhere in Germany: counted, but without position
    assert con.execute("select count(*) from station where lat is null and lon is null").fetchone()[0] == 3
    assert con.execute("select count(*) from rejected_row").fetchone()[0] == 0
    assert con.execute(f"select count(*) from station where not ({IN_GERMANY})").fetchone()[0] == 0
    assert con.execute("select distinct release_date from charging_station").fetchall() == [(date(2017, 4, 11),)]
    # conservation: charge points of the file (without the rejected rows) are all in the warehouse
    wb = openpyxl.load_workbook(REAL_2017, read_only=True)
    points = sum(r[5] for i, r in enumerate(wb.worksheets[0].iter_rows(min_row=6, values_only=True), 6) if r[0])
    assert con.execute("select sum(charge_points) from charging_station").fetchone()[0] == points
    # longitude comes first in this release: read by name, not swapped
    offenbach = con.execute(
        "select c.address, c.postcode, s.lat, s.lon from charging_station c join station s using (station_id)"
        " where c.city = 'Offenbach am Main' order by c.address"
    ).fetchall()
    assert [(a, p) for a, p, _, _ in offenbach] == [("Hartmannstraße 18", "63071"), ("Kettelerstraße 98", "63075")]
    assert offenbach[0][2:] == pytest.approx((50.088874, 8.773213))
    # row 449 has the two values in each other's column: swapped back
    heide = con.execute(
        "select s.lat, s.lon from charging_station c join station s using (station_id) where c.city = 'Wöhrden'"
    ).fetchone()
    assert heide == pytest.approx((54.163768, 8.997439))


def test_real_2017_identical_rows_stay_separate() -> None:
    parsed = BnetzaLadesaeulenregister().parse(REAL_2017.read_bytes(), REAL_2017.name)
    ids = parsed.tables["station"]["station_id"]
    assert ids.n_unique() == ids.len() == 1784
    # InTraSol, Nordhausen: rows 1786 and 1787 are identical; the second gets an occurrence suffix
    c = parsed.tables["charging_station"].filter(city="Nordhausen")
    assert c.height == 2 and c["station_id"][1] == c["station_id"][0] + "-2"


def test_2019_layout(tmp_path: Path, xlsx_2019: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, xlsx_2019)
    assert res.kind == KIND and res.rows_in == 6 and res.rows_loaded == 5
    assert con.execute("select line, reason from rejected_row").fetchall() == [
        (13, "Inbetriebnahmedatum nicht lesbar: '31.02.2019'")
    ]
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "select c.address, c.release_date, c.postcode, c.city, c.commissioned_on, c.power_kw, c.charge_points,"
            " c.charger_type, s.lat, s.lon from charging_station c join station s using (station_id)"
        ).fetchall()
    }
    assert rows["Andréstraße 71"][:7] == (
        date(2019, 6, 5),
        "63067",
        "Offenbach am Main",
        date(2018, 3, 15),
        22.0,
        2,
        "Normalladeeinrichtung",
    )
    assert rows["Andréstraße 71"][7:] == pytest.approx((50.1037, 8.7650))
    berliner = rows["Berliner Straße 100"]
    assert berliner[2] == "Offenbach" and berliner[3] == date(2022, 6, 30)  # Excel serial 44742
    assert berliner[7:] == pytest.approx((50.1050, 8.7580))  # swapped back
    assert rows["Am Markt 1"][4] == 72.0  # P1 + P2
    assert con.execute("select count(*) from charging_station where city like 'Offenbach%'").fetchone()[0] == 2
    assert con.execute("select count(*) from charging_station where city = 'Frankfurt am Main'").fetchone()[0] == 2
    assert con.execute("select name from station where name like 'Mainova%' limit 1").fetchone()[0] == (
        "Mainova AG – Hanauer Landstraße 146, Frankfurt am Main"
    )


def test_newer_csv_release(tmp_path: Path) -> None:
    raw = CSV_FIXTURE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really Windows-1252
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, CSV_FIXTURE)
    assert res.kind == KIND and (res.rows_in, res.rows_loaded, res.rows_rejected) == (5, 5, 0)
    # line 14 has an impossible coordinate: the charger is kept, its position is not
    (lat, lon) = con.execute(
        "select s.lat, s.lon from station s join charging_station c using (station_id)"
        " where c.operator = 'Stadtwerke Musterstadt GmbH'"
    ).fetchone()
    assert lat is None and lon is None
    got = dict(
        con.execute("select address, power_kw from charging_station where operator <> 'Stadtwerke Musterstadt GmbH'").fetchall()
    )
    assert got == {
        "Andréstraße 71": 22.0,
        "Hanauer Landstraße 146": 150.5,
        "Berliner Straße 100": 14.7,
        "Veitshöchheimer Straße 1": 22.0,
    }
    assert con.execute(
        "select distinct release_date, city like 'W%rzburg' from charging_station where address like 'Veits%'"
    ).fetchone() == (date(2022, 11, 1), True)
    assert con.execute("select lat, lon from station where name like 'Stadtwerke Würzburg%'").fetchone() == (
        pytest.approx(49.8046),
        pytest.approx(9.9295),
    )
    # conservation of charge points over the loaded rows
    assert con.execute("select sum(charge_points) from charging_station").fetchone()[0] == 2 + 2 + 2 + 2 + 1


def test_loading_twice_changes_nothing(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, CSV_FIXTURE)
    before = con.execute("select * from charging_station order by station_id").fetchall()
    assert load_file(con, CSV_FIXTURE).status == "already_loaded"
    # the same release saved again with other line endings: merged by (station_id, release_date), no doubles
    lf = tmp_path / "Ladesaeulenregister_lf.csv"
    lf.write_bytes(CSV_FIXTURE.read_bytes().replace(b"\r\n", b"\n"))
    assert load_file(con, lf).status == "loaded"
    after = con.execute("select * exclude (load_id) from charging_station order by station_id").fetchall()
    assert after == [r[:-1] for r in before]
    assert chargers(con) == 5


def test_same_charger_same_id_across_releases(tmp_path: Path, xlsx_2019: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_file(con, xlsx_2019)
    load_file(con, CSV_FIXTURE)
    releases = con.execute(
        "select release_date from charging_station where address = 'Andréstraße 71' order by release_date"
    ).fetchall()
    assert releases == [(date(2019, 6, 5),), (date(2022, 11, 1),)]
    assert (
        con.execute("select count(distinct station_id) from charging_station where address = 'Andréstraße 71'").fetchone()[0] == 1
    )
    assert chargers(con) == 5 + 5 - 2  # Andréstraße and Berliner Straße are the same chargers in both releases


def test_release_date_from_file_name_when_no_stand() -> None:
    text = CSV_FIXTURE.read_bytes().replace(b"Stand: 01.11.2022", b"")
    src = BnetzaLadesaeulenregister()
    parsed = src.parse(text, "Ladesaeulenregister_2022-11.csv")
    assert parsed.tables["charging_station"]["release_date"].unique().to_list() == [date(2022, 11, 1)]
    parsed = src.parse(text, "Ladesaeulenregister.csv")
    assert parsed.tables["charging_station"]["release_date"].unique().to_list() == [None]


def test_missing_coordinate_column_rejects_file() -> None:
    text = CSV_FIXTURE.read_bytes().replace("Längengrad".encode("cp1252"), b"Laenge")
    with pytest.raises(FileRejected, match="Längengrad"):
        BnetzaLadesaeulenregister().parse(text, "x.csv")


def catalogue_workbook() -> bytes:
    """A Maßnahmenkatalog-like workbook that mentions charge points: not a register."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Maßnahmen"
    ws.append(["measure_id", "Titel", "Verantwortlich", "Betreiber"])
    ws.append(["e-ladestationen", "E-Ladestationen", "Stadtwerke", "EVO"])
    ind = wb.create_sheet("Indikatoren")
    ind.append(["indicator_id", "Name", "Einheit"])
    ind.append(["ladepunkte_oeffentlich", "Öffentliche Ladepunkte", "Anzahl"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_detect_is_specific(xlsx_2019: Path) -> None:
    src = BnetzaLadesaeulenregister()
    real_head = REAL_2017.read_bytes()[:HEAD_BYTES]
    assert src.detect(real_head, "download.xlsx")  # by the workbook's own words
    assert src.detect(xlsx_2019.read_bytes()[:HEAD_BYTES], "export.xlsx")
    assert src.detect(CSV_FIXTURE.read_bytes()[:HEAD_BYTES], "export.csv")
    # never the Maßnahmenkatalog, whatever it contains
    assert not src.detect(real_head, "massnahmenkatalog.xlsx")
    assert not src.detect(real_head, "Maßnahmenkatalog_2025.xlsx")
    assert not src.detect(catalogue_workbook()[:HEAD_BYTES], "katalog.xlsx")
    assert not src.detect(b"Betreiber;Adresse\r\nEVO;Andr\xe9stra\xdfe 71\r\n", "x.csv")
    # exactly one registered source claims each file (a detector that raises does not match, as in the registry)
    for path in (REAL_2017, CSV_FIXTURE, xlsx_2019):
        head = path.read_bytes()[:HEAD_BYTES]
        assert [k for k, s in sources().items() if claims(s, head, path.name)] == [KIND]


def claims(source: Source, head: bytes, name: str) -> bool:
    try:
        return bool(source.detect(head, name))
    except Exception:  # noqa: BLE001 - same rule as etl.registry.detect
        return False


def test_stand_in_its_own_cell_and_footnote_row() -> None:
    text = CSV_FIXTURE.read_bytes().replace(b"Stand: 01.11.2022", b"Stand:;02.11.2022")
    text += "* Angaben ohne Gewähr".encode("cp1252") + b";" * 25 + b"\r\n"
    parsed = BnetzaLadesaeulenregister().parse(text, "x.csv")
    assert parsed.tables["charging_station"]["release_date"].unique().to_list() == [date(2022, 11, 2)]
    # lines 17 and 18 are empty padded rows; the footnote on line 19 is no charger
    assert [(ln, reason) for ln, reason, _ in parsed.rejected][-1] == (19, "Koordinaten fehlen")
    assert parsed.tables["station"].height == 5
