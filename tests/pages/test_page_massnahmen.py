"""Maßnahmenkatalog: list, filters in the URL, Maßnahmenspeicher, timeline, detail page; and indicators/measures.py."""

from __future__ import annotations

import csv
import io
import urllib.request
from datetime import date

import pytest
from app_support import open_page
from playwright.sync_api import expect

from indicators import measures as M
from indicators.store import Snapshot

pytestmark = pytest.mark.browser


# --- indicators/measures.py on the demo snapshot -------------------------------------------------------------------


def test_all_measures_split_into_active_and_backlog(snap: Snapshot) -> None:
    frame = M.measures(snap)
    assert frame.height == 20
    active, backlog = M.active_and_backlog(frame)
    assert (active.height, backlog.height) == (18, 2)
    assert set(backlog["measure_id"]) == {"leerstandsmanagement", "wohntausch-plattform"}
    assert frame.filter(frame["action_field_ids"].list.len() == 0).is_empty()  # every measure serves a Handlungsfeld


@pytest.mark.parametrize(
    ("flt", "check"),
    [
        (M.MeasureFilter(status="umgesetzt"), lambda f: set(f["status"]) == {"umgesetzt"} and f.height == 2),
        (
            M.MeasureFilter(action_field="mobilitaet"),
            lambda f: f.height == 4 and all("mobilitaet" in ids for ids in f["action_field_ids"]),
        ),
        (
            M.MeasureFilter(unit="ESO Stadtservice"),
            lambda f: set(f["responsible_unit"]) == {"ESO Stadtservice"} and f.height == 3,
        ),
        (M.MeasureFilter(status="pausiert", action_field="mobilitaet"), lambda f: f.is_empty()),
    ],
)
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
        action_fields=["mobilitaet"],
        units=["Amt für Mobilität"],
    )
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2016 vier Zählstellen; 04/2022 Start",
            [("2016", "vier Zählstellen", date(2016, 1, 1)), ("04/2022", "Start", date(2022, 4, 1))],
        ),
        ("2024-03-01 Relaunch", [("01.03.2024", "Relaunch", date(2024, 3, 1))]),
        ("Winter 2026/27 Ausbau auf zehn Messpunkte", [("", "Winter 2026/27 Ausbau auf zehn Messpunkte", None)]),
        ("13/2022 kein Monat; 2024-02-30 kein Tag", [("", "13/2022 kein Monat", None), ("", "2024-02-30 kein Tag", None)]),
        ("2025", [("", "2025", None)]),
        ("", []),
        (None, []),
    ],
)
def test_parse_milestones(text: str | None, expected: list) -> None:
    assert [(m.when, m.text, m.on) for m in M.parse_milestones(text)] == expected


def test_timeline_table_and_elapsed_share(snap: Snapshot) -> None:
    t = M.timeline_table(M.active_and_backlog(M.measures(snap))[0])
    assert t.columns == ["Maßnahme", "Status", "Handlungsfeld", "Verantwortlich", "Beginn", "Ende"]
    assert t.height == 18 and "in_umsetzung" in set(t["Status"])  # the domain's code; the page words it
    assert M.elapsed_share(date(2020, 1, 1), date(2022, 1, 1), date(2021, 1, 1)) == pytest.approx(366 / 731)
    assert M.elapsed_share(date(2020, 1, 1), date(2022, 1, 1), date(2030, 1, 1)) == 1.0
    assert M.elapsed_share(None, date(2022, 1, 1), date(2021, 1, 1)) is None


def test_timeline_download_is_the_filtered_table(base_url: str) -> None:
    with urllib.request.urlopen(f"{base_url}/daten/massnahmen.csv?status=umgesetzt") as r:
        rows = list(csv.reader(io.StringIO(r.read().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Maßnahme", "Status"]
    assert sorted(r[0] for r in rows[1:]) == ["Passantenfrequenzmessung", "Radverkehrszählstellen"]


# --- pages in the browser ------------------------------------------------------------------------------------------


def test_list_shows_all_measures_backlog_and_timeline(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/massnahmen", "#massnahmen-zeitplan .main-svg")
    assert page.locator("h1").count() == 1
    active = page.locator("#massnahmen-tabelle tbody tr").count()
    backlog = page.locator("#massnahmenspeicher-tabelle tbody tr").count()
    assert (active, backlog) == (18, 2) and active + backlog == 20
    assert "Maßnahmenspeicher: 2" in page.inner_text("#massnahmenspeicher")
    chart = page.inner_text("#massnahmen-zeitplan")
    assert "heute" in chart and "in Umsetzung" in chart and "umgesetzt" in chart  # bars labelled by status
    assert page.locator("#massnahmen-zeitplan .bars .point").count() == 18
    assert page.locator("label[for=massnahmen-status]").inner_text() == "Status"
    assert errors == []
    page.close()


def test_filter_from_url_and_from_control(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/massnahmen?status=umgesetzt", "#massnahmen-zeitplan .main-svg")
    rows = page.locator("#massnahmen-tabelle tbody tr")
    assert rows.count() == 2
    assert all("umgesetzt" in t for t in rows.all_inner_texts())
    assert page.locator("#massnahmen-status").input_value() == "umgesetzt"
    assert "Für diese Auswahl steht keine Maßnahme im Maßnahmenspeicher" in page.inner_text("body")
    # choosing another status narrows the list and writes the selection into the URL
    page.select_option("#massnahmen-status", "pausiert")
    page.wait_for_url("**/massnahmen?status=pausiert", timeout=20000)
    expect(rows).to_have_count(1, timeout=20000)
    assert "Mieter-App GBO" in page.inner_text("#massnahmen-tabelle")
    page.select_option("#massnahmen-status", "alle")
    expect(rows).to_have_count(18, timeout=20000)
    assert page.url.endswith("/massnahmen")
    assert errors == []
    page.close()


def test_detail_page_resources_indicators_before_after(browser, base_url: str, snap: Snapshot) -> None:
    page, errors = open_page(browser, base_url + "/massnahmen/radverkehrszaehlstellen", "#massnahme-indikatoren")
    assert page.inner_text("h1") == "Radverkehrszählstellen"
    res = page.inner_text("#massnahme-ressourcen")
    assert "185.000\u00a0€" in res and "0,3\u00a0VZÄ" in res
    assert page.locator("text=Beispielwert").count() >= 1
    assert page.locator("#massnahme-indikatoren a[href='/indikatoren/rad_dtv']").count() == 1
    assert page.locator("#massnahme-indikatoren .status-badge").count() == 2
    assert "vier Dauerzählstellen in Betrieb" in page.inner_text("body")
    link = page.get_attribute("#massnahme-vorher-nachher", "href")
    assert link == "/vorher-nachher?massnahme=radverkehrszaehlstellen&indikator=rad_dtv&datum=2016-01-01"
    assert errors == []
    page.close()
    page, errors = open_page(browser, base_url + "/massnahmen/gibt-es-nicht", "h1")
    assert "nicht gefunden" in page.inner_text("h1") and errors == []
    page.close()
