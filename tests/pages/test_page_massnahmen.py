"""Maßnahmenkatalog: list, filters in the URL, Maßnahmenspeicher, timeline, detail page; and indicators/measures.py."""
from __future__ import annotations

import csv
import io
import urllib.request

import pytest
from app_support import open_page
from playwright.sync_api import expect

from indicators.store import Snapshot

pytestmark = pytest.mark.browser


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
