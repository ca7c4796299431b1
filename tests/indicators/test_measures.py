"""indicators/measures.py on the demo snapshot: list, filters, sorting, one measure, milestones and the timeline table
(moved from the Maßnahmen page tests)."""
from __future__ import annotations

from datetime import date

import pytest

from indicators import measures as M
from indicators.store import Snapshot


def test_all_measures_split_into_active_and_backlog(snap: Snapshot) -> None:
    frame = M.measures(snap)
    assert frame.height == 20
    active, backlog = M.active_and_backlog(frame)
    assert (active.height, backlog.height) == (18, 2)
    assert set(backlog["measure_id"]) == {"leerstandsmanagement", "wohntausch-plattform"}
    assert frame.filter(frame["action_field_ids"].list.len() == 0).is_empty()  # every measure serves a Handlungsfeld


@pytest.mark.parametrize(("flt", "check"), [
    (M.MeasureFilter(status="umgesetzt"), lambda f: set(f["status"]) == {"umgesetzt"} and f.height == 2),
    (M.MeasureFilter(action_field="mobilitaet"),
     lambda f: f.height == 4 and all("mobilitaet" in ids for ids in f["action_field_ids"])),
    (M.MeasureFilter(unit="ESO Stadtservice"), lambda f: set(f["responsible_unit"]) == {"ESO Stadtservice"} and f.height == 3),
    (M.MeasureFilter(status="pausiert", action_field="mobilitaet"), lambda f: f.is_empty()),
])
def test_filters_are_bound_and_combine(snap: Snapshot, flt: M.MeasureFilter, check) -> None:
    assert check(M.measures(snap, flt))


def test_sorting_by_title_is_german_alphabetical_and_by_status_follows_the_lifecycle(snap: Snapshot) -> None:
    titles = M.measures(snap, M.MeasureFilter(sort="titel"))["title"].to_list()
    assert titles.index("öffentliche Geodaten") < titles.index("Open Data-Portal") < titles.index("Passantenfrequenzmessung")
    statuses = M.measures(snap, M.MeasureFilter(sort="status"))["status"].to_list()
    assert statuses == sorted(statuses, key=M.STATUS_ORDER.index)
    starts = [d for d in M.measures(snap)["start_date"].to_list() if d is not None]
    assert starts == sorted(starts)


def test_filter_from_query_accepts_only_known_values() -> None:
    flt = M.MeasureFilter.from_query(
        {"status": "umgesetzt", "handlungsfeld": "mobilitaet", "stelle": "x'; drop table measure; --", "sortierung": "id"},
        action_fields=["mobilitaet"], units=["Amt für Mobilität"])
    assert flt == M.MeasureFilter(action_field="mobilitaet", status="umgesetzt", unit=None, sort="start")
    assert flt.to_query() == {"handlungsfeld": "mobilitaet", "status": "umgesetzt"}
    assert M.MeasureFilter().to_query() == {} and not M.MeasureFilter().active


def test_one_measure_with_fields_milestones_indicators(snap: Snapshot) -> None:
    m = M.measure(snap, "radverkehrszaehlstellen")
    assert m is not None
    assert m.action_fields == (("mobilitaet", "Mobilität"),)
    assert m.budget_eur == 185000.0 and m.staff_fte == 0.3 and m.is_example
    assert [ms.when for ms in m.milestones] == ["2016", "2023", "2025"]
    assert {i.indicator_id for i in m.indicators} == {"rad_dtv", "radzaehlstellen_anzahl"}
    ba = M.before_after_indicator(m.indicators)
    assert ba is not None and ba.indicator_id == "rad_dtv"  # the per-station one, though not first alphabetically
    assert M.measure(snap, "gibt-es-nicht") is None


def test_before_after_indicator_falls_back_to_the_first(snap: Snapshot) -> None:
    m = M.measure(snap, "mieter-app-gbo")
    assert m is not None and M.before_after_indicator(m.indicators) == m.indicators[0]
    assert M.before_after_indicator(()) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("2016 vier Zählstellen; 04/2022 Start", [("2016", "vier Zählstellen", date(2016, 1, 1)), ("04/2022", "Start", date(2022, 4, 1))]),
    ("2024-03-01 Relaunch", [("01.03.2024", "Relaunch", date(2024, 3, 1))]),
    ("Winter 2026/27 Ausbau auf zehn Messpunkte", [("", "Winter 2026/27 Ausbau auf zehn Messpunkte", None)]),
    ("13/2022 kein Monat; 2024-02-30 kein Tag", [("", "13/2022 kein Monat", None), ("", "2024-02-30 kein Tag", None)]),
    ("2025", [("", "2025", None)]),
    ("", []),
    (None, []),
])
def test_parse_milestones(text: str | None, expected: list) -> None:
    assert [(m.when, m.text, m.on) for m in M.parse_milestones(text)] == expected


def test_timeline_table_and_elapsed_share(snap: Snapshot) -> None:
    t = M.timeline_table(M.active_and_backlog(M.measures(snap))[0])
    assert t.columns == ["Maßnahme", "Status", "Handlungsfeld", "Verantwortlich", "Beginn", "Ende"]
    assert t.height == 18 and "in Umsetzung" in set(t["Status"])
    assert M.elapsed_share(date(2020, 1, 1), date(2022, 1, 1), date(2021, 1, 1)) == pytest.approx(366 / 731)
    assert M.elapsed_share(date(2020, 1, 1), date(2022, 1, 1), date(2030, 1, 1)) == 1.0
    assert M.elapsed_share(None, date(2022, 1, 1), date(2021, 1, 1)) is None
