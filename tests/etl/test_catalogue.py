"""Maßnahmenkatalog (XLSX): the shipped catalogue matches the strategy, loads once, and broken sheets fail clearly."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from workbooks import Sheets, read_sheets, write_sheets

from etl.errors import FileRejected
from etl.loader import load_file
from etl.registry import detect
from etl.sources.catalogue import Catalogue
from etl.warehouse import connect

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "massnahmenkatalog.xlsx"
STRATEGY = Path(__file__).parents[1] / "data" / "strategy" / "open-smart-city-strategie-offenbach.txt"
BNETZA = ROOT.parent / "shared" / "data" / "real" / "ev_charging_bnetza" / "WWCP_BNetzA"
FIELD_NAMES = ["Mobilität", "Wohnen & Leben", "Sauberkeit", "Wirtschaft", "Kommunikation & Bildung", "Klima & Umwelt"]
MEASURE_IDS = {
    "radverkehrszaehlstellen",
    "mobilitaetsportal",
    "winterdienst-alarmierung",
    "e-ladestationen",
    "station-mitte",
    "mieter-app-gbo",
    "wohntausch-plattform",
    "oeffentliche-geodaten",
    "maengelmelder-plus",
    "48h-dreck-weg-plus",
    "passantenfrequenzmessung",
    "leerstandsmanagement",
    "freifunk",
    "digital-geht-ganz-einfach",
    "open-data-portal",
    "digital-pakt-plus",
    "open-smart-city-app",
    "umweltsensoren",
    "baumsensoren",
    "sensordatenplattform",
}
COMPUTED = {
    "rad_dtv",
    "passanten_tag",
    "pm10_tagesmittel",
    "pm25_tagesmittel",
    "pm10_ueberschreitungstage",
    "hitzetage",
    "baum_trockenstresstage",
    "ladepunkte_oeffentlich",
    "ladeleistung_kw",
    "sauberkeit_48h_quote",
    "sauberkeit_median_stunden",
    "freifunk_clients",
    "freifunk_knoten_online",
    "sensordatenplattform_datastreams",
}


def col(sheets: Sheets, sheet: str, header: str) -> int:
    return sheets[sheet][0].index(header)


def strategy_fields() -> dict[str, tuple[str, list[str]]]:
    """Zielbild paragraph and named measures under each capitalised heading of section 3.3."""
    if not STRATEGY.exists():
        pytest.fail(f"Strategietext fehlt: {STRATEGY}")
    lines = [ln.strip() for ln in STRATEGY.read_text(encoding="utf-8").splitlines()]
    out = {}
    for name in FIELD_NAMES:
        i = lines.index(name.upper())
        body = [ln for ln in lines[i + 1 :] if ln]
        measures = next(ln for ln in body if ln.startswith("Maßnahmen:"))
        out[name] = (body[0], [m.strip() for m in measures.removeprefix("Maßnahmen:").split(",")])
    return out


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    con = connect(tmp_path_factory.mktemp("cat") / "w.duckdb")
    res = load_file(con, SHIPPED)
    assert res.kind == "catalogue_xlsx" and res.status == "loaded" and res.rows_rejected == 0
    return con


def test_fields_are_the_strategys_with_zielbild_verbatim(shipped: duckdb.DuckDBPyConnection) -> None:
    expected = strategy_fields()
    rows = shipped.execute("select name, zielbild from action_field order by sort_order").fetchall()
    assert [r[0] for r in rows] == FIELD_NAMES
    for name, zielbild in rows:
        assert zielbild == expected[name][0]


def test_measures_are_the_strategys_under_their_field(shipped: duckdb.DuckDBPyConnection) -> None:
    expected = strategy_fields()
    got = shipped.execute(
        "select f.name, m.title from measure m join measure_action_field l using (measure_id)"
        " join action_field f using (action_field_id)"
    ).fetchall()
    for name, (_, titles) in expected.items():
        assert sorted(t for f, t in got if f == name) == sorted(titles)
    ids = {r[0] for r in shipped.execute("select measure_id from measure").fetchall()}
    assert ids == MEASURE_IDS
    unmapped = shipped.execute(
        "select count(*) from measure m where not exists (select 1 from measure_action_field l where l.measure_id = m.measure_id)"
    ).fetchone()[0]
    assert unmapped == 0


def test_every_measure_has_a_valid_indicator_and_backlog_has_no_resources(shipped: duckdb.DuckDBPyConnection) -> None:
    per_measure = dict(
        shipped.execute(
            "select m.measure_id, count(i.indicator_id) from measure m left join indicator i"
            " on i.measure_id = m.measure_id and i.ioo_level in ('input', 'output', 'outcome', 'impact') group by 1"
        ).fetchall()
    )
    assert len(per_measure) == 20 and min(per_measure.values()) >= 1
    backlog = shipped.execute("select measure_id, status, budget_eur, staff_fte from measure where in_backlog").fetchall()
    assert len(backlog) >= 2
    assert all(status == "geplant" and budget is None and staff is None for _, status, budget, staff in backlog)
    ids = {r[0] for r in shipped.execute("select indicator_id from indicator").fetchall()}
    assert COMPUTED <= ids
    bad = shipped.execute(
        "select count(*) from indicator where direction not in ('increase', 'decrease')"
        " or not regexp_matches(update_interval, '^P[0-9]+[DWMY]$') or unit = ''"
    ).fetchone()[0]
    assert bad == 0
    public = dict(shipped.execute("select is_public, count(*) from indicator group by 1").fetchall())
    assert public[True] > public.get(False, 0) >= 2
    starts = dict(shipped.execute("select measure_id, start_date from measure").fetchall())
    assert starts["mobilitaetsportal"] == date(2022, 4, 1)
    assert starts["station-mitte"] == date(2023, 9, 1)
    assert starts["48h-dreck-weg-plus"] == date(2024, 3, 1)
    # the strategy gives no figures: every invented one is flagged
    assert shipped.execute("select bool_and(is_example) from measure").fetchone()[0]
    assert shipped.execute("select bool_and(is_example) from indicator_value").fetchone()[0]


def test_values_conserved_and_reload_changes_nothing(tmp_path: Path) -> None:
    sheets = read_sheets(SHIPPED)
    vcol = col(sheets, "Indikatorwerte", "Wert")
    total = sum(r[vcol] for r in sheets["Indikatorwerte"][1:] if r[vcol] is not None)
    con = connect(tmp_path / "w.duckdb")
    load_file(con, SHIPPED)
    before = {
        t: con.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("action_field", "measure", "measure_action_field", "indicator", "indicator_value")
    }
    assert con.execute("select sum(value) from indicator_value").fetchone()[0] == pytest.approx(total)
    again = load_file(con, SHIPPED)
    assert again.status == "already_loaded"
    after = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in before}
    assert after == before
    assert con.execute("select count(*) from load_log").fetchone()[0] == 1


def test_a_new_catalogue_replaces_the_old_one(tmp_path: Path) -> None:
    sheets = read_sheets(SHIPPED)
    mid = col(sheets, "Maßnahmen", "Maßnahme-ID")
    sheets["Maßnahmen"] = [r for r in sheets["Maßnahmen"] if r[mid] != "leerstandsmanagement"]
    iid = col(sheets, "Indikatoren", "Maßnahme-ID")
    dropped = {r[0] for r in sheets["Indikatoren"] if r[iid] == "leerstandsmanagement"}
    sheets["Indikatoren"] = [r for r in sheets["Indikatoren"] if r[iid] != "leerstandsmanagement"]
    sheets["Indikatorwerte"] = [r for r in sheets["Indikatorwerte"] if r[0] not in dropped]
    con = connect(tmp_path / "w.duckdb")
    load_file(con, SHIPPED)
    res = load_file(con, write_sheets(tmp_path / "neu.xlsx", sheets))
    assert res.status == "loaded"
    assert con.execute("select count(*) from measure").fetchone()[0] == 19
    assert con.execute("select count(*) from measure_action_field").fetchone()[0] == 19
    assert con.execute("select count(*) from indicator where measure_id = 'leerstandsmanagement'").fetchone()[0] == 0


def test_zip_garbage_is_rejected_clearly(tmp_path: Path, etl_cli) -> None:
    path = tmp_path / "Massnahmenkatalog_2026.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    con = connect(tmp_path / "w.duckdb")
    with pytest.raises(FileRejected, match="beschädigt oder nicht lesbar"):
        load_file(con, path)
    assert con.execute("select count(*) from load_log").fetchone()[0] == 0
    con.close()
    run = etl_cli("load", str(path), "--db", str(tmp_path / "w.duckdb"))
    assert run.returncode == 1
    assert "ERROR" in run.stderr and "Maßnahmenkatalog" in run.stderr and "Traceback" not in run.stderr


def test_one_bad_indicator_row_rejected_with_its_row_number(tmp_path: Path) -> None:
    sheets = read_sheets(SHIPPED)
    level = col(sheets, "Indikatoren", "IOOI-Ebene")
    assert sheets["Indikatoren"][1][0] == "rad_dtv"
    sheets["Indikatoren"][1][level] = "Wirkung"  # spreadsheet row 2
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, write_sheets(tmp_path / "kat.xlsx", sheets))
    # the indicator, and the four evaluation plans of rad_dtv that refer to it
    assert res.status == "loaded_with_rejects" and res.rows_rejected == 5 and res.first_rejected_line == 2
    rejected = con.execute("select line, reason from rejected_row order by reason").fetchall()
    line, reason = next(r for r in rejected if r[1].startswith("Indikatoren:"))
    assert line == 2 and reason.startswith("Indikatoren:") and "IOOI-Ebene 'Wirkung'" in reason
    assert [r for _, r in rejected if r.startswith("Evaluationspläne:")] == [
        "Evaluationspläne: Indikator 'rad_dtv' nicht im Blatt Indikatoren (oder dort abgewiesen)"
    ] * 4
    assert con.execute("select count(*) from indicator").fetchone()[0] == len(sheets["Indikatoren"]) - 2
    assert con.execute("select count(*) from measure").fetchone()[0] == 20


def test_broken_measure_takes_its_indicators_and_values_along(tmp_path: Path) -> None:
    sheets = read_sheets(SHIPPED)
    rows = sheets["Maßnahmen"]
    line = next(i for i, r in enumerate(rows) if r[0] == "station-mitte") + 1
    rows[line - 1][col(sheets, "Maßnahmen", "Handlungsfelder")] = "wohnen-leben, stadtteile"
    con = connect(tmp_path / "w.duckdb")
    load_file(con, write_sheets(tmp_path / "kat.xlsx", sheets))
    rejected = con.execute("select line, reason from rejected_row order by reason").fetchall()
    sheets_hit = {reason.split(":")[0] for _, reason in rejected}
    assert sheets_hit == {"Maßnahmen", "Indikatoren", "Indikatorwerte", "Evaluationspläne"}
    assert (line, "Maßnahmen: Handlungsfeld 'stadtteile' nicht im Blatt Handlungsfelder (oder dort abgewiesen)") in rejected
    assert con.execute("select count(*) from indicator where measure_id = 'station-mitte'").fetchone()[0] == 0
    assert con.execute("select count(*) from indicator_value where indicator_id like 'station_mitte%'").fetchone()[0] == 0


def test_missing_sheet_or_column_rejects_the_file(tmp_path: Path) -> None:
    sheets = read_sheets(SHIPPED)
    no_sheet = {k: v for k, v in sheets.items() if k != "Indikatoren"}
    with pytest.raises(FileRejected, match="Blatt 'Indikatoren' fehlt"):
        Catalogue().parse(write_sheets(tmp_path / "a.xlsx", no_sheet).read_bytes(), "a.xlsx")
    sheets["Maßnahmen"] = [r[:4] + r[5:] for r in sheets["Maßnahmen"]]  # drop Status
    with pytest.raises(FileRejected, match="Blatt 'Maßnahmen': Spalte fehlt: 'Status'"):
        Catalogue().parse(write_sheets(tmp_path / "b.xlsx", sheets).read_bytes(), "b.xlsx")


def test_reordered_and_renamed_columns_load_the_same(tmp_path: Path) -> None:
    sheets = read_sheets(SHIPPED)
    shuffled = {}
    for title, rows in sheets.items():
        order = list(reversed(range(len(rows[0]))))
        head = [f"  {str(rows[0][j]).upper()} " for j in order]
        # a blank row in the middle is layout and is skipped
        shuffled[title] = (
            [head]
            + [[r[j] for j in order] for r in rows[1:3]]
            + [[None] * len(order)]
            + [[r[j] for j in order] for r in rows[3:]]
        )
    a, b = connect(tmp_path / "a.duckdb"), connect(tmp_path / "b.duckdb")
    load_file(a, SHIPPED)
    res = load_file(b, write_sheets(tmp_path / "umsortiert.xlsx", shuffled))
    assert res.status == "loaded"
    for table, key in (
        ("measure", "measure_id"),
        ("indicator", "indicator_id"),
        ("indicator_value", "indicator_id, period_start"),
        ("action_field", "action_field_id"),
        ("measure_action_field", "measure_id"),
    ):
        q = f"select * exclude (load_id) from {table} order by {key}"
        assert a.execute(q).fetchall() == b.execute(q).fetchall()


def test_hand_filled_cells_are_understood_or_rejected_by_row(tmp_path: Path) -> None:
    sheets: Sheets = {
        "Handlungsfelder": [
            ["ID", "Name", "Zielbild"],
            ["mobilitaet", "Mobilität", "Alle kommen an."],
            [None, None, None],
            ["mobilitaet", "Doppelt", "x"],
        ],
        "Maßnahmen": [
            [
                "Maßnahme-ID",
                "Titel",
                "Handlungsfelder",
                "Status",
                "Verantwortlich",
                "Budget (EUR)",
                "Personal (VZÄ)",
                "Start",
                "Ende",
                "Maßnahmenspeicher",
                "Beispielwert",
            ],
            ["a", "A", "mobilitaet", "In Umsetzung", "Amt", "1.250.000", "1,5", "01.03.2024", "2025-12", "nein", "x"],
            ["b", "B", "mobilitaet", "geplant", "Amt", None, None, None, None, "ja", None],
            ["c", "C", "mobilitaet", "fertig", "Amt", "viel", None, "2025-01-01", "2024-01-01", None, None],
            ["d", "D", "mobilitaet", "umgesetzt", "jemand@offenbach.de", None, None, None, None, "ja", None],
        ],
        "Indikatoren": [
            [
                "Indikator-ID",
                "Maßnahme-ID",
                "Name",
                "Einheit",
                "IOOI-Ebene",
                "Richtung",
                "Basiswert",
                "Basisdatum",
                "Zielwert",
                "Zieldatum",
                "Aktualisierung",
                "Öffentlich",
            ],
            ["i1", "a", "I1", "%", "OUTCOME", "fallend", "12,5", datetime(2024, 1, 1), 10, "31.12.2027", "p1m", "ja"],
            ["i2", "b", "I2", "Anzahl", "Output", "steigend", None, None, None, None, "P1Y", None],
            ["i3", "a", "I3", "Anzahl", "Output", "seitwärts", None, None, 5, None, "monatlich", "vielleicht"],
            ["i4", "c", "I4", "Anzahl", "Output", "steigend", None, None, None, None, "P1Y", "ja"],
        ],
        "Indikatorwerte": [
            ["Indikator-ID", "Periodenbeginn", "Wert"],
            ["i1", "2024-01", "11,8"],
            ["i1", date(2024, 2, 1), 11.5],
            ["i1", "2024-02-01", 11.0],
            ["i1", "2024-03-01", None],
            ["i9", "2024-01-01", 1],
            ["i2", "gestern", 3],
        ],
    }
    parsed = Catalogue().parse(write_sheets(tmp_path / "k.xlsx", sheets).read_bytes(), "k.xlsx")
    reasons = {(r[1].split(":")[0], r[0]): r[1] for r in parsed.rejected}
    assert set(reasons) == {
        ("Handlungsfelder", 4),
        ("Maßnahmen", 4),
        ("Maßnahmen", 5),
        ("Indikatoren", 4),
        ("Indikatoren", 5),
        ("Indikatorwerte", 4),
        ("Indikatorwerte", 6),
        ("Indikatorwerte", 7),
    }
    assert "doppelt (gilt: Zeile 2)" in reasons[("Handlungsfelder", 4)]
    assert "Status 'fertig'" in reasons[("Maßnahmen", 4)] and "Budget (EUR): keine Zahl" in reasons[("Maßnahmen", 4)]
    assert "liegt vor Start" in reasons[("Maßnahmen", 4)]
    assert "keine E-Mail-Adresse" in reasons[("Maßnahmen", 5)]
    for part in ("Richtung 'seitwärts'", "keine ISO-8601-Dauer", "ja oder nein", "Zielwert ohne Zieldatum"):
        assert part in reasons[("Indikatoren", 4)]
    assert "Maßnahme 'c' nicht im Blatt Maßnahmen" in reasons[("Indikatoren", 5)]
    assert "doppelt (gilt: Zeile 3)" in reasons[("Indikatorwerte", 4)]
    assert "kein Datum" in reasons[("Indikatorwerte", 7)]
    m = parsed.tables["measure"].row(0, named=True)
    assert (m["status"], m["budget_eur"], m["staff_fte"], m["start_date"], m["end_date"], m["is_example"]) == (
        "in_umsetzung",
        1_250_000.0,
        1.5,
        date(2024, 3, 1),
        date(2025, 12, 1),
        True,
    )
    i1, i2 = parsed.tables["indicator"].rows(named=True)
    assert (i1["ioo_level"], i1["direction"], i1["baseline_value"], i1["target_date"], i1["update_interval"]) == (
        "outcome",
        "decrease",
        12.5,
        date(2027, 12, 31),
        "P1M",
    )
    assert i2["is_public"] is False and i2["responsible_unit"] == "Amt"  # empty: unpublished, unit of the measure
    values = parsed.tables["indicator_value"].select("period_start", "value").rows()
    assert values == [(date(2024, 1, 1), 11.8), (date(2024, 2, 1), 11.5), (date(2024, 3, 1), None)]
    assert parsed.rows_in == 2 + 4 + 4 + 6


def test_detect_claims_only_catalogues() -> None:
    head = SHIPPED.read_bytes()[:65536]
    assert Catalogue().detect(head, "beliebig.xlsx")
    assert detect(Path("beliebig.xlsx"), head).kind == "catalogue_xlsx"
    # workbook.xml beyond the head: only a telling file name claims it
    assert Catalogue().detect(head[:300], "Maßnahmenkatalog.xlsx")
    assert not Catalogue().detect(head[:300], "export.xlsx")
    assert not Catalogue().detect(b"Datetime,100035541 (Neutor)\n", "massnahmen.csv")
    for real in BNETZA.glob("*.xlsx"):
        assert not Catalogue().detect(real.read_bytes()[:65536], real.name)


def test_sheet_names_from_head_handle_a_truncated_workbook_entry() -> None:
    from etl.sources.catalogue import sheet_names_from_head

    data = SHIPPED.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("xl/workbook.xml")
    body = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    # cut near the end of the compressed workbook.xml: what decompresses still holds the whole sheet list
    names = sheet_names_from_head(data[: body + info.compress_size - 16])
    assert names is not None and {"Maßnahmen", "Indikatoren"} <= set(names)
    assert re.fullmatch(r"[\w ]+", names[0])


def test_progress_basis_is_read_and_a_bad_one_rejected_with_its_row(tmp_path: Path) -> None:
    from etl.sources.catalogue import PROGRESS_BASES
    from indicators.progress import BASES

    assert set(PROGRESS_BASES.values()) == set(BASES)  # etl keeps its own copy of the domain's codes
    sheets = read_sheets(SHIPPED)
    basis = col(sheets, "Indikatoren", "Fortschrittsbasis")
    rows = sheets["Indikatoren"]
    declared = {r[0]: r[basis] for r in rows[1:]}
    assert declared["rad_dtv"] == "annual_mean" and declared["ladepunkte_oeffentlich"] == "last_value"
    rows[1][basis] = "Jahresmittelwert"  # rad_dtv, spreadsheet row 2
    rows[2][basis] = "letzter Wert"  # a German word is understood
    rows[3][basis] = None  # empty: the interval decides
    yearly = next(i for i, r in enumerate(rows) if i > 3 and r[col(sheets, "Indikatoren", "Aktualisierung")] == "P1Y")
    rows[yearly][basis] = "rolling_12m"  # a yearly series has no 12-month windows
    con = connect(tmp_path / "w.duckdb")
    load_file(con, write_sheets(tmp_path / "kat.xlsx", sheets))
    rejected = dict(con.execute("select line, reason from rejected_row where reason like 'Indikatoren:%'").fetchall())
    assert set(rejected) == {2, yearly + 1}, rejected
    assert "Fortschrittsbasis 'Jahresmittelwert' ungültig" in rejected[2] and "annual_mean" in rejected[2]
    assert "rolling_12m braucht Monats- oder feinere Werte" in rejected[yearly + 1]
    got = dict(con.execute("select indicator_id, progress_basis from indicator").fetchall())
    assert got[rows[2][0]] == "last_value" and got[rows[3][0]] is None


def test_shipped_catalogue_has_english_texts_for_every_public_indicator_and_measure(
    shipped: duckdb.DuckDBPyConnection,
) -> None:
    """English mode (`?lang=en`) shows the catalogue's `… (en)` columns: none of the public content may lack them."""
    rows = shipped.execute(
        "select indicator_id, name_en, definition_en, source_en, caveats, caveats_en from indicator where is_public"
    ).fetchall()
    assert len(rows) >= 30
    for iid, name, definition, source, caveats, caveats_en in rows:
        assert name and definition and source, iid
        assert caveats_en or not caveats, iid  # a caveat in German has its English one
    names = dict(shipped.execute("select indicator_id, name_en from indicator").fetchall())
    assert names["rad_dtv"] == "Cycling per day (AADT)"  # a computed indicator: the gettext catalogue's English
    assert names["radzaehlstellen_anzahl"] == "Permanent counters in operation"
    measures = shipped.execute("select measure_id, title, title_en, description_en, milestones_en from measure").fetchall()
    assert {m[0] for m in measures} == MEASURE_IDS
    for mid, _title, title_en, description_en, milestones_en in measures:
        assert title_en and description_en and milestones_en, mid
    fields = shipped.execute("select action_field_id, name_en, zielbild_en from action_field").fetchall()
    assert len(fields) == 6 and all(n and z for _, n, z in fields)
    assert dict((f, n) for f, n, _ in fields)["klima-umwelt"] == "Climate & Environment"


def test_a_catalogue_without_english_columns_still_loads(tmp_path: Path) -> None:
    """The `… (en)` columns are optional: an older catalogue loads as before, with NULL English texts."""
    sheets = read_sheets(SHIPPED)
    for title in ("Handlungsfelder", "Maßnahmen", "Indikatoren"):
        keep = [j for j, h in enumerate(sheets[title][0]) if not str(h).endswith("(en)")]
        assert len(keep) < len(sheets[title][0])
        sheets[title] = [[row[j] for j in keep] for row in sheets[title]]
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, write_sheets(tmp_path / "alt.xlsx", sheets))
    assert res.status == "loaded" and res.rows_rejected == 0
    assert con.execute("select count(*), count(name_en) from indicator").fetchone() == (37, 0)
    assert con.execute("select count(*), count(title_en) from measure").fetchone() == (20, 0)
    assert con.execute("select count(zielbild_en) from action_field").fetchone() == (0,)
