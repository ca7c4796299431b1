"""Every path of the dashboard on the demo warehouse in real headless Chromium: each renders its charts (or map,
tiles, text) and the browser console stays clean. The page-specific tests check what each page does; this one makes
sure none is left out, all six Handlungsfelder included."""

from __future__ import annotations

import pytest
from app_support import open_page

pytestmark = pytest.mark.browser

CHART = ".chart-card .main-svg"
PATHS = [
    ("/", "#inhalt .card-title"),
    *[
        (f"/handlungsfeld/{slug}", CHART)
        for slug in ("mobilitaet", "wohnen-leben", "sauberkeit", "wirtschaft", "kommunikation-bildung", "klima-umwelt")
    ],
    ("/massnahmen", "#massnahmen-zeitplan .main-svg"),
    ("/massnahmen/48h-dreck-weg-plus", "#massnahme-indikatoren"),
    ("/indikatoren/pm10_tagesmittel", CHART),
    ("/karte", ".leaflet-marker-icon"),
    ("/karte?station=ecocounter:100069001", CHART),
    (
        "/vorher-nachher?indikator=rad_dtv&station=ecocounter:100069001&datum=2022-04-01&methode=adjusted",
        "#vn-zeitraeume .main-svg",
    ),
    ("/umfragen", CHART),
    ("/datenqualitaet", "#dq-abdeckung .main-svg"),
    ("/methodik", "#methodik-de h2"),
    ("/evaluation", "#plan-rad-mobilitaetsportal .plan-urteil"),
    ("/glossar", "#glossar-begriffe h2"),
    ("/glossar?sprache=leicht", "#glossar-begriffe h2"),
    ("/barrierefreiheit", "#inhalt h1"),
    ("/bericht", "#bericht-jahre"),
    ("/praesentation", "#praesentation .folie.aktiv"),
    ("/embed/sauberkeit_48h_quote", ".main-svg"),
]


@pytest.mark.parametrize(("path", "selector"), PATHS)
def test_page_renders_with_a_clean_console(browser, base_url: str, path: str, selector: str) -> None:
    page, errors = open_page(browser, base_url + path, selector)
    try:
        assert page.locator(selector).count() >= 1
        assert not any("Fehler" in t for t in page.locator("h1").all_inner_texts())
        assert errors == [], errors
    finally:
        page.close()
