"""The catalogue's English texts (`… (en)` columns): shown in English, German where missing — also in a snapshot
built before the columns existed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.loader import load_file
from etl.warehouse import connect
from indicators import measures as M
from indicators import registry
from indicators.catalogue import text_in
from indicators.store import Snapshot
from indicators.texts import localized

ROOT = Path(__file__).resolve().parents[2]


def _old_snapshot(path: Path) -> Snapshot:
    """A snapshot with the catalogue tables as they were before the English columns (no `*_en` at all)."""
    con = duckdb.connect(str(path))
    con.execute(
        "create table action_field (action_field_id varchar, name varchar, zielbild varchar, sort_order integer);"
        "insert into action_field values ('mobilitaet', 'Mobilität', 'Alle Menschen …', 1);"
        "create table measure (measure_id varchar, title varchar, description varchar, status varchar,"
        " responsible_unit varchar, budget_eur double, staff_fte double, start_date date, end_date date,"
        " milestones varchar, in_backlog boolean, is_example boolean);"
        "insert into measure values ('radverkehrszaehlstellen', 'Radverkehrszählstellen', 'Zählstellen zählen.',"
        " 'umgesetzt', 'Amt für Mobilität', null, null, null, null, '2016 vier Zählstellen', false, true);"
        "create table measure_action_field (measure_id varchar, action_field_id varchar);"
        "insert into measure_action_field values ('radverkehrszaehlstellen', 'mobilitaet');"
        "create table indicator (indicator_id varchar, measure_id varchar, name varchar, definition varchar,"
        " unit varchar, ioo_level varchar, direction varchar, baseline_value double, baseline_date date,"
        " target_value double, target_date date, update_interval varchar, source varchar, responsible_unit varchar,"
        " is_public boolean, caveats varchar, is_example boolean);"
        "insert into indicator values ('radzaehlstellen_anzahl', 'radverkehrszaehlstellen',"
        " 'Dauerzählstellen in Betrieb', 'Zahl der Zählstellen', 'Anzahl', 'output', 'increase', null, null, null,"
        " null, 'P1Y', 'Amt für Mobilität', null, true, 'Ausfälle senken den Wert', true);"
    )
    con.close()
    return Snapshot(path)


def test_a_snapshot_from_before_the_english_columns_shows_german(tmp_path: Path) -> None:
    snap = _old_snapshot(tmp_path / "alt.duckdb")
    ind = registry.get(snap, "radzaehlstellen_anzahl")
    assert ind.name_en == "" and ind.text("name", "en") == "Dauerzählstellen in Betrieb"
    assert ind.text("caveats", "en") == "Ausfälle senken den Wert"
    assert text_in(snap, "action_field", "mobilitaet", "zielbild", "Alle Menschen …", "en") == "Alle Menschen …"
    m = M.measure(snap, "radverkehrszaehlstellen", lang="en")
    assert m is not None and m.title == "Radverkehrszählstellen" and m.description == "Zählstellen zählen."
    assert M.measures(snap, lang="en")["title"].to_list() == ["Radverkehrszählstellen"]


@pytest.fixture(scope="module")
def shipped_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    path = tmp_path_factory.mktemp("kat") / "w.duckdb"
    con = connect(path)
    assert load_file(con, ROOT / "data" / "massnahmenkatalog.xlsx").status == "loaded"
    con.close()
    return Snapshot(path)


def test_english_where_the_catalogue_has_it_german_otherwise(shipped_snapshot: Snapshot) -> None:
    snap = shipped_snapshot
    ind = registry.get(snap, "radzaehlstellen_anzahl")
    assert ind.text("name", "en") == "Permanent counters in operation"
    assert ind.text("name", "de") == "Dauerzählstellen in Betrieb"
    computed = registry.get(snap, "rad_dtv")
    assert computed.text("definition", "en").startswith("Sum of") or computed.definition_en  # from the .po
    assert computed.text("name", "de") == "Radverkehr pro Tag (DTV)"
    # a translation does not change the stored series' key (repr leaves the English out)
    assert registry.series_key(ind) == registry.series_key(registry.with_overrides(ind, name_en="x"))
    m = M.measure(snap, "radverkehrszaehlstellen", lang="en")
    assert m is not None and m.title == "Bicycle counting stations"
    assert m.action_fields == (("mobilitaet", "Mobility"),)
    assert m.milestones[0].text == "four permanent counters in operation"
    listed = M.measures(snap, lang="en")
    assert "Bicycle counting stations" in listed["title"].to_list()
    assert "Radverkehrszählstellen" in M.measures(snap)["title"].to_list()
    assert localized(m, "title", "en") == "Bicycle counting stations"


DECK = """
[[deck]]
id = "d"
title = "Titel"
title_en = "Title"
date = 2026-12-10

[[deck.slide]]
headline = "Eins"
headline_en = "One"
points = ["a", "b"]
points_en = ["A", "B"]
"""


def test_deck_english_fields_are_read_and_checked_like_the_german_ones() -> None:
    from indicators.presentation import DeckError, parse_decks

    deck = parse_decks(DECK)["d"]
    slide = deck.slides[0]
    assert deck.text("title", "en") == "Title" and deck.text("title", "de") == "Titel"
    assert slide.text("headline", "en") == "One" and slide.points_in("en") == ("A", "B") and slide.points_in("de") == ("a", "b")
    assert slide.text("note", "en") == ""  # neither German nor English note
    german_only = parse_decks(DECK.replace('headline_en = "One"\n', "").replace('points_en = ["A", "B"]\n', ""))["d"]
    assert german_only.slides[0].text("headline", "en") == "Eins" and german_only.slides[0].points_in("en") == ("a", "b")
    with pytest.raises(DeckError, match="points_en“ braucht so viele Punkte"):
        parse_decks(DECK.replace('["A", "B"]', '["A"]'))
    with pytest.raises(DeckError, match="headline_en“ ist zu lang"):
        parse_decks(DECK.replace('"One"', '"' + "x" * 200 + '"'))


def test_shipped_deck_has_english_for_every_slide() -> None:
    from indicators.presentation import load_decks

    for deck in load_decks().values():
        assert deck.title_en, deck.deck_id
        for s in deck.slides:
            assert s.headline_en, deck.where(s)
            assert s.note_en or not s.note, deck.where(s)
            assert len(s.points_en) == len(s.points), deck.where(s)
