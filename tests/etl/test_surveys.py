"""Surveys: LimeSurvey response exports and aggregated results load completely, and nothing personal gets in."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import duckdb
import openpyxl
import pytest

from etl.errors import FileRejected
from etl.loader import load_file
from etl.parsing import RowRejected
from etl.sources.surveys import (
    LimeSurveyResponses,
    SurveyResultsCsv,
    SurveyResultsXlsx,
    free_text_columns,
    heading_code,
    normalize_wave,
    parse_count,
    survey_and_wave_from_name,
)
from etl.warehouse import connect, tables
from publish import publish

DATA = Path(__file__).parents[1] / "data" / "surveys"
CODES = DATA / "zufriedenheit-station-mitte_welle1.csv"  # answer codes, question-code headings, ",", LF
FULL = DATA / "results-survey482913_w1.csv"  # full answers, "code. text" headings, ";", CRLF, BOM
AGG_CSV = DATA / "befragung-station-mitte_ergebnisse.csv"  # German headers reordered, preamble, Windows-1252
AGG_XLSX = DATA / "umfrage-sauberkeit-innenstadt.xlsx"
CLOSED = ["Q1", "Q2[SQ001]", "Q2[SQ002]", "Q2[SQ003]", "Q3[SQ001]", "Q3[SQ002]", "Q4"]
LABEL_TO_CODE = {
    "sehr unzufrieden": "A1",
    "eher unzufrieden": "A2",
    "teils/teils": "A3",
    "eher zufrieden": "A4",
    "sehr zufrieden": "A5",
    "Ja": "Y",
    "Nein": "N",
}


def responses(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select response_id, submitted_at, question_id, answer from survey_response order by response_id::int, question_id"
    ).fetchall()


def fixture_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


# --- LimeSurvey response export -----------------------------------------------------------------------------------


def test_codes_and_full_answers_export_give_the_same_rows(tmp_path: Path) -> None:
    a, b = connect(tmp_path / "a.duckdb"), connect(tmp_path / "b.duckdb")
    ra, rb = load_file(a, CODES), load_file(b, FULL)
    assert (ra.kind, rb.kind) == ("limesurvey_responses", "limesurvey_responses")
    assert (ra.rows_in, ra.rows_loaded, ra.rows_rejected) == (rb.rows_in, rb.rows_loaded, rb.rows_rejected) == (10, 9, 1)
    codes, full = responses(a), responses(b)
    assert len(codes) == 9 * len(CLOSED)
    assert {q for _, _, q, _ in codes} == set(CLOSED)
    # the full export says "sehr zufrieden"/"Ja" where the codes export says A5/Y; mapped back, every row is equal
    assert [(r, t, q, LABEL_TO_CODE.get(v, v) if v else v) for r, t, q, v in full] == codes
    per_question = "select question_id, count(answer) from survey_response group by 1 order by 1"
    assert a.execute(per_question).fetchall() == b.execute(per_question).fetchall()
    assert a.execute("select distinct survey_id, wave from survey_response").fetchall() == [
        ("zufriedenheit-station-mitte", "welle1")
    ]
    assert b.execute("select distinct survey_id, wave from survey_response").fetchall() == [("482913", "welle1")]


def test_personal_data_and_free_text_are_in_no_table(
    con: duckdb.DuckDBPyConnection, all_text: Callable[[duckdb.DuckDBPyConnection], str]
) -> None:
    for path in (CODES, FULL, AGG_CSV, AGG_XLSX):
        load_file(con, path)
    secret: set[str] = set()
    for row in fixture_rows(CODES):
        for col in ("ipaddr", "refurl", "token", "seed", "firstname", "email", "attribute_1", "Q3[other]", "Q9", "interviewtime"):
            secret.update(part for part in row[col].split("\n") if len(part) >= 4)
    assert {"192.0.2.17", "mareike.beispiel@example.org", "Sitzbänke", "Roller", "Nordend"} & {
        w for s in secret for w in [s, *s.split()]
    }
    text = all_text(con)
    assert sorted(s for s in secret if s in text) == []
    stored = {q for (q,) in con.execute("select distinct question_id from survey_response").fetchall()}
    assert stored == set(CLOSED)


def test_timestamps_to_utc_with_both_dst_changes() -> None:
    parsed = LimeSurveyResponses().parse(CODES.read_bytes(), CODES.name)
    first = parsed.tables["survey_response"].filter(question_id="Q1")
    at = {r: str(t) if t else None for r, t in first.select("response_id", "submitted_at").iter_rows()}
    assert at["1"] == "2025-03-29 17:05:11"  # CET
    assert at["3"] == "2025-03-30 01:10:42"  # CEST, just after the gap
    # 02:30 twice on 26 October: the first is still summer time, the second already winter time
    assert (at["6"], at["7"]) == ("2025-10-26 00:30:00", "2025-10-26 01:30:00")
    assert at["8"] == "2025-10-26 02:15:00"
    # incomplete response (no submitdate): kept with submitted_at NULL, the aggregation decides
    assert at["5"] is None
    assert [(ln, "existiert nicht" in why, raw) for ln, why, raw in parsed.rejected] == [
        (3, True, "id=2; submitdate=2025-03-30 02:30:00")
    ]


def test_bom_semicolon_and_code_text_headings_read_like_plain_codes() -> None:
    rows = list(csv.reader(io.StringIO(CODES.read_text(encoding="utf-8"))))
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
        [[f"{h}. Überschrift, mit Komma" for h in rows[0]], *rows[1:]]
    )
    variant = b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")
    src = LimeSurveyResponses()
    assert src.detect(variant[:65536], "x.csv")
    plain = src.parse(CODES.read_bytes(), CODES.name)
    other = src.parse(variant, CODES.name)
    assert other.tables["survey_response"].equals(plain.tables["survey_response"])
    assert other.rejected == plain.rejected


def test_line_numbers_count_multiline_answers() -> None:
    text = CODES.read_text(encoding="utf-8").replace('"7","2025-10-26 02:30:00"', '"7","2025-03-30 02:05:00"')
    parsed = LimeSurveyResponses().parse(text.encode(), CODES.name)
    # response 6 spans lines 7-8 (a line break inside its free-text answer), so response 7 is on line 9
    assert sorted(ln for ln, _, _ in parsed.rejected) == [3, 9]


def test_truncated_export_rejects_last_response_without_its_text() -> None:
    raw = CODES.read_bytes()
    cut = raw[: raw.index(b"Weiter so") + 3]
    parsed = LimeSurveyResponses().parse(cut, CODES.name)
    assert parsed.rows_in == 10
    (last,) = [r for r in parsed.rejected if r[0] == 12]
    assert "abgeschnitten" in last[1] and last[2] == "id=10; submitdate=2025-12-01 20:00:00"
    assert "10" not in set(parsed.tables["survey_response"]["response_id"])


def test_duplicate_response_id_rejected_with_line() -> None:
    lines = CODES.read_text(encoding="utf-8").split("\n")
    text = "\n".join([*lines[:-1], lines[1], ""])
    parsed = LimeSurveyResponses().parse(text.encode(), CODES.name)
    assert any(ln == 13 and "doppelt (gilt: Zeile 2)" in why for ln, why, _ in parsed.rejected)


@pytest.mark.parametrize(
    ("heading", "code"),
    [
        ("Q1", "Q1"),
        ("Q1. Wie zufrieden sind Sie mit der Station Mitte?", "Q1"),
        ("Q2[SQ001]. Bitte bewerten Sie: [Sauberkeit]", "Q2[SQ001]"),
        ("Q2_SQ001: Sauberkeit", "Q2_SQ001"),
        ("submitdate. Datum Abgeschickt", "submitdate"),
        ('"id"', "id"),
        ("Response ID", None),
        ("Wie zufrieden sind Sie?", None),
    ],
)
def test_heading_code(heading: str, code: str | None) -> None:
    assert heading_code(heading) == code


FIVE = ["sehr gut", "gut", "mittel", "schlecht", "sehr schlecht"]


@pytest.mark.parametrize(
    ("columns", "free"),
    [
        # codes export: closed answers are codes, so a text column is typed by people even when short
        ({"Q1": ["A1", "A2", None], "Q9": ["mehr Bänke", "Licht", None]}, {"Q9"}),
        # full-answers export: scale labels repeat; 6 answers all different are typed text
        ({"Q1": FIVE + ["gut"], "Q9": ["a b", "c d", "e f", "g h", "i j", "k l"]}, {"Q9"}),
        ({"Q1": FIVE, "Q4": ["Ja", "Nein", "Ja"]}, set()),
        (
            {"Q3[other]": ["Roller"], "Q5[comment]": ["x"], "Q6_other": ["y"], "Q7[SQ001comment]": ["z"]},
            {"Q3[other]", "Q5[comment]", "Q6_other", "Q7[SQ001comment]"},
        ),
        ({"Q1": ["gut"] * 3 + ["x" * 61]}, {"Q1"}),
        ({"Q1": ["eins\nzwei", "gut", "gut"]}, {"Q1"}),
        ({"Q8": [str(i) for i in range(21)]}, {"Q8"}),  # more than 20 distinct numbers (age, postcode …)
        ({"Q8": [f"A{i}" for i in range(30)]}, set()),  # a long dropdown still answers from a set
    ],
)
def test_free_text_rule(columns: dict[str, list[str | None]], free: set[str]) -> None:
    assert free_text_columns(columns) == free


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zufriedenheit-station-mitte_welle1.csv", ("zufriedenheit-station-mitte", "welle1")),
        ("Zufriedenheit-Station-Mitte_W2.csv", ("zufriedenheit-station-mitte", "welle2")),
        ("sauberkeit_wave_03.csv", ("sauberkeit", "welle3")),
        ("results-survey482913_w1 (1).csv", ("482913", "welle1")),
    ],
)
def test_survey_and_wave_from_file_name(name: str, expected: tuple[str, str]) -> None:
    assert survey_and_wave_from_name(name) == expected


# LimeSurvey's own name `results-survey<ID>.csv` loads since #18.4 (wave from --wave or the dates): test_wild_files.py
@pytest.mark.parametrize("name", ["results-survey482913-export.csv", "export.csv", "_welle1.csv"])
def test_file_name_without_wave_rejected_with_the_convention(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(CODES.read_bytes())
    con = connect(tmp_path / "w.duckdb")
    with pytest.raises(FileRejected, match="zufriedenheit-station-mitte_welle1.csv"):
        load_file(con, path)
    assert con.execute("select count(*) from load_log").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("raw", "wave"), [("Welle 1", "welle1"), ("W2", "welle2"), ("03", "welle3"), ("Frühjahr 2025", "Frühjahr 2025")]
)
def test_normalize_wave(raw: str, wave: str) -> None:
    assert normalize_wave(raw) == wave


# --- aggregated results -------------------------------------------------------------------------------------------


def agg_csv_expected() -> tuple[int, int]:
    """(cells, sum of counts) of the valid rows, straight from the file."""
    rows = list(csv.DictReader(io.StringIO("\n".join(AGG_CSV.read_bytes().decode("cp1252").splitlines()[2:])), delimiter=";"))
    valid = [r for r in rows if not r["Anzahl"].startswith("-") or r["Anzahl"] == "-"]
    return len(valid), sum(int(r["Anzahl"]) for r in valid if r["Anzahl"] != "-")


def test_aggregated_csv_german_headers_reordered(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, AGG_CSV)
    assert res.kind == "survey_results_csv"
    assert (res.rows_in, res.rows_rejected, res.first_rejected_line) == (18, 1, 11)
    ((line, reason),) = con.execute("select line, reason from rejected_row").fetchall()
    assert line == 11 and "negative Anzahl" in reason
    cells, total = agg_csv_expected()
    assert con.execute("select count(*), sum(n) from survey_result").fetchone() == (cells, total)
    # "-" is a missing count: NULL, never 0
    assert con.execute("select n from survey_result where answer = 'weiß nicht' and wave = 'welle1'").fetchone() == (None,)
    assert con.execute("select distinct wave, survey_date::varchar from survey_result order by 1").fetchall() == [
        ("welle1", "2023-06-14"),
        ("welle2", "2024-06-12"),
    ]
    # small cells stay in the internal warehouse; suppression is for indicators/ and the public snapshot
    assert con.execute("select n from survey_result where answer = 'sehr unzufrieden' and wave = 'welle2'").fetchone() == (2,)


def test_aggregated_xlsx_with_row_numbers(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    res = load_file(con, AGG_XLSX)
    assert res.kind == "survey_results_xlsx"
    assert con.execute("select line, reason from rejected_row order by line").fetchall() == [
        (10, "negative Anzahl: -7"),
        (13, "Anzahl ist keine ganze Zahl: 2.5"),
    ]
    ws = openpyxl.load_workbook(AGG_XLSX, read_only=True).active
    counts = [r[2] for r in ws.iter_rows(min_row=4, values_only=True) if r and isinstance(r[2], int | float)]
    valid = [c for c in counts if c >= 0 and float(c).is_integer()]
    assert con.execute("select count(*), sum(n) from survey_result").fetchone() == (len(valid), sum(valid))
    assert con.execute("select distinct wave from survey_result order by 1").fetchall() == [("welle1",), ("welle2",)]
    assert con.execute("select n from survey_result where answer = 'eher schmutzig'").fetchone() == (61,)
    assert con.execute("select min(survey_date)::varchar from survey_result").fetchone() == ("2024-02-15",)


def test_conflicting_duplicate_cell_rejected_identical_counted_once() -> None:
    text = "survey,wave,question,answer,count\ns,1,Q1,ja,7\ns,1,Q1,ja,7\ns,W1,Q1,ja,8\n"
    parsed = SurveyResultsCsv().parse(text.encode(), "x.csv")
    assert parsed.tables["survey_result"]["n"].to_list() == [7]
    assert [(ln, "gilt: Zeile 2" in why) for ln, why, _ in parsed.rejected] == [(4, True)]


@pytest.mark.parametrize(
    ("value", "n", "bad"),
    [
        ("12", 12, False),
        (12.0, 12, False),
        ("1.021", 1021, False),
        ("", None, False),
        ("-", None, False),
        (None, None, False),
        ("-1", None, True),
        ("2,5", None, True),
        ("viele", None, True),
        (-3, None, True),
    ],
)
def test_parse_count(value: object, n: int | None, bad: bool) -> None:
    if bad:
        with pytest.raises(RowRejected):
            parse_count(value)
    else:
        assert parse_count(value) == n


def test_detectors_stay_apart(tmp_path: Path) -> None:
    xlsx = AGG_XLSX.read_bytes()[:65536]
    src = SurveyResultsXlsx()
    assert src.detect(xlsx, "Umfrage_2025.xlsx") and src.detect(xlsx, "survey-results.xlsx")
    # the Maßnahmenkatalog and the BNetzA Ladesäulenregister have their own detectors
    assert not src.detect(xlsx, "Massnahmenkatalog_Umfrage.xlsx")
    assert not src.detect(xlsx, "Ladesaeulenregister_survey.xlsx")
    assert not src.detect(xlsx, "ergebnisse.xlsx")
    assert not SurveyResultsCsv().detect(CODES.read_bytes(), CODES.name)
    assert not LimeSurveyResponses().detect(AGG_CSV.read_bytes(), AGG_CSV.name)


def test_limesurvey_xlsx_named_survey_gets_a_clear_rejection(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["id", "submitdate", "lastpage", "startlanguage", "Q1"])
    wb.active.append([1, "2025-01-01 10:00:00", 1, "de", "A1"])
    path = tmp_path / "results-survey482913_w1.xlsx"
    wb.save(path)
    with pytest.raises(FileRejected, match="als CSV exportieren"):
        load_file(connect(tmp_path / "w.duckdb"), path)


# --- idempotence and the public snapshot --------------------------------------------------------------------------


def test_loading_twice_changes_nothing(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    for path in (CODES, FULL, AGG_CSV, AGG_XLSX):
        load_file(con, path)
    snapshot = {
        t: con.execute(f'select * exclude (load_id) from "{t}" order by all').fetchall()
        for t in ("survey_response", "survey_result")
    }
    for path in (CODES, FULL, AGG_CSV, AGG_XLSX):
        assert load_file(con, path).status == "already_loaded"
    # the same responses re-exported in another layout (BOM, ";") replace, never double
    rows = list(csv.reader(io.StringIO(CODES.read_text(encoding="utf-8"))))
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    again = tmp_path / CODES.name
    again.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode())
    assert load_file(con, again).status == "loaded_with_rejects"
    after = {
        t: con.execute(f'select * exclude (load_id) from "{t}" order by all').fetchall()
        for t in ("survey_response", "survey_result")
    }
    assert after == snapshot


def test_public_snapshot_has_no_responses_and_no_small_cells(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    con = connect(db)
    for path in (CODES, AGG_CSV, AGG_XLSX):
        load_file(con, path)
    con.close()
    out = publish(db, tmp_path / "public.duckdb", public=True)
    pub = duckdb.connect(str(out), read_only=True)
    assert "survey_response" not in tables(pub)
    # suppressed cells are published as NULL (visible as "weniger als 5 Antworten"), never with their count
    assert pub.execute("select count(*) from survey_result where n < 5").fetchone() == (0,)
    assert pub.execute("select count(*) from survey_result").fetchone()[0] > 0


def test_survey_title_kept_as_the_export_writes_it(tmp_path: Path) -> None:
    """The title above the header (CSV preamble row, XLSX row 1) goes into survey_result.survey_title, into the
    public snapshot and to the survey list; a row's own Titel column wins; an export without a title gives NULL."""
    from indicators import survey_views as sv
    from indicators.store import Snapshot

    db = tmp_path / "w.duckdb"
    con = connect(db)
    load_file(con, AGG_CSV)
    load_file(con, AGG_XLSX)
    titles = dict(con.execute("select distinct survey_id, survey_title from survey_result").fetchall())
    assert (
        titles["zufriedenheit-station-mitte"]
        == "Ergebnisse der Bürgerbefragung Station Mitte (Institut für Stadtforschung, Lieferung 2)"
    )
    xlsx_title = openpyxl.load_workbook(AGG_XLSX, read_only=True).active["A1"].value
    assert titles["sauberkeit-innenstadt"] == xlsx_title
    own = tmp_path / "umfrage_titel.csv"
    own.write_text(
        "Titel über allem\n\nUmfrage;Titel;Welle;Frage;Antwort;Anzahl\nu;Mein Titel;1;Q1;ja;7\nx;;1;Q1;ja;7\n", encoding="utf-8"
    )
    load_file(con, own)
    bare = tmp_path / "umfrage_ohne.csv"
    bare.write_text("Umfrage;Welle;Frage;Antwort;Anzahl\nohne;1;Q1;ja;7\n", encoding="utf-8")
    load_file(con, bare)
    titles = dict(con.execute("select distinct survey_id, survey_title from survey_result").fetchall())
    assert titles["u"] == "Mein Titel" and titles["x"] == "Titel über allem" and titles["ohne"] is None
    con.close()
    for public in (False, True):
        snap = Snapshot(publish(db, tmp_path / f"snap-{public}.duckdb", public=public))
        names = {s.survey_id: s.name for s in sv.surveys(snap, include_responses=False)}
        assert names["zufriedenheit-station-mitte"].startswith("Ergebnisse der Bürgerbefragung Station Mitte")
        assert names["ohne"] == "ohne"  # no title: the id
