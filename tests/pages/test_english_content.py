"""English mode translates content too (#16.11): with `?lang=en` an indicator page, a Handlungsfeld page and a slide
show the catalogue's (and the deck file's) English names and headlines, not the German ones — and German mode keeps
the German."""

from __future__ import annotations

import pytest
from app_support import open_page

pytestmark = pytest.mark.browser


def _text(page, selector: str = "main") -> str:
    return page.inner_text(selector) if page.query_selector(selector) else page.inner_text("body")


def test_indicator_page_in_english_shows_the_catalogues_english(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/indikatoren/radzaehlstellen_anzahl?lang=en", "h1")
    assert page.inner_text("h1") == "Permanent counters in operation"
    body = _text(page)
    assert "Number of permanent bicycle counters that deliver data during the year" in body  # definition
    assert "Mobility Department" in body  # source
    assert "a single counter failing lowers the value for a while" in body  # caveats
    assert "Bicycle counting stations" in body  # the measure's English title
    # (the responsible unit, "Amt für Mobilität", is an office's name and stays German)
    for german in ("Dauerzählstellen in Betrieb", "Zahl der Dauerzählstellen", "Radverkehrszählstellen"):
        assert german not in body, german
    assert page.title().startswith("Permanent counters in operation – ")
    # a computed indicator: its chart title in English too
    page.goto(base_url + "/indikatoren/rad_dtv?lang=en")
    page.wait_for_selector("#indikator-rad_dtv .main-svg", timeout=30000)
    assert page.inner_text("h1") == "Cycling per day (AADT)"
    assert "Radverkehr pro Tag" not in _text(page)
    assert not errors, errors
    page.close()


def test_handlungsfeld_page_in_english(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/handlungsfeld/mobilitaet?lang=en", "h1")
    assert "Mobility" in page.inner_text("h1") and "Mobilität" not in page.inner_text("h1")
    body = _text(page)
    assert "All people in Offenbach" in body or "Everyone in Offenbach" in body  # the Zielbild in English
    assert "Alle Menschen können in Offenbach" not in body
    for english, german in (("Bicycle counting stations", "Radverkehrszählstellen"), ("Mobility portal", "Mobilitätsportal")):
        assert english in body and german not in body, english
    page.wait_for_selector(".card .main-svg", timeout=30000)
    titles = " ".join(page.locator(".card .card-title, .card h2, .card h3").all_inner_texts())
    assert "Cycling per day (AADT)" in titles and "Radverkehr pro Tag" not in titles
    assert not errors, errors
    page.close()


def test_slide_in_english_and_in_german(browser, base_url: str) -> None:
    title = "#praesentation .folie.aktiv .folie-titel"
    page, errors = open_page(browser, base_url + "/praesentation?folie=2&lang=en", title)
    assert page.inner_text(title) == "Since the mobility portal started, more people cycle"
    slide = page.inner_text("#praesentation .folie.aktiv")
    assert "Mean daily bicycle trips of all counters" in slide and "Mittlere tägliche Radfahrten" not in slide
    assert page.get_attribute(title, "lang") == "en"
    page.goto(base_url + "/praesentation?folie=1&lang=en")
    page.wait_for_selector(title)
    assert "Mobility: cycling and public charging points" in page.inner_text("#praesentation .folie.aktiv")
    page.goto(base_url + "/praesentation?folie=2&lang=de")
    page.wait_for_selector(title)
    assert page.inner_text(title) == "Seit dem Start des Mobilitätsportals wird mehr Rad gefahren"
    assert page.get_attribute(title, "lang") == "de"
    assert not errors, errors
    page.close()


def test_german_mode_keeps_the_german_names(browser, base_url: str) -> None:
    page, _errors = open_page(browser, base_url + "/indikatoren/radzaehlstellen_anzahl?lang=de", "h1")
    assert page.inner_text("h1") == "Dauerzählstellen in Betrieb"
    assert "Permanent counters" not in _text(page)
    page.goto(base_url + "/handlungsfeld/mobilitaet?lang=de")
    page.wait_for_selector("h1")
    assert "Radverkehrszählstellen" in _text(page) and "Bicycle counting stations" not in _text(page)
    page.close()


def test_public_snapshot_carries_the_english_texts() -> None:
    """`publish --public` copies the catalogue's English columns with the rest (`select *`)."""
    from app_support import public_snapshot

    from indicators import registry
    from indicators.catalogue import text_in
    from indicators.store import Snapshot

    snap = Snapshot(public_snapshot())
    assert registry.get(snap, "radzaehlstellen_anzahl").text("name", "en") == "Permanent counters in operation"
    assert text_in(snap, "measure", "mobilitaetsportal", "title", "Mobilitätsportal", "en") == "Mobility portal"


def test_measure_pages_in_english(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/massnahmen/mobilitaetsportal?lang=en", "#massnahme-indikatoren")
    assert page.inner_text("h1") == "Mobility portal"
    body = _text(page)
    assert "A portal brings together bus, train, bicycle, sharing and parking" in body  # description
    assert "real-time departures and sharing offers" in body  # a milestone
    assert "Users of the mobility portal" in body  # its indicator
    for german in ("Ein Portal bündelt", "Echtzeit-Abfahrten", "Nutzer*innen des Mobilitätsportals"):
        assert german not in body, german
    page.goto(base_url + "/massnahmen?lang=en")
    page.wait_for_selector("#massnahmen-tabelle")
    table = page.inner_text("#massnahmen-tabelle")
    assert "Bicycle counting stations" in table and "Radverkehrszählstellen" not in table
    assert not errors, errors
    page.close()
