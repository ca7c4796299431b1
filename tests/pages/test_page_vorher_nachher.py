"""Vorher-nachher page: the demo's known effect is found from a shared URL, the method switch updates result and URL,
an impossible request shows a German alert; the request/selector functions of `indicators.comparisons` on the demo."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse
from urllib.request import urlopen

import pytest
from app_support import open_page

from indicators import comparisons as cmp

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TRUTH = json.loads((ROOT / "data" / "demo" / "ground_truth.json").read_text(encoding="utf-8"))
CASE = next(t for t in TRUTH if t["effect_pct"] and t["indicator_id"] == "rad_dtv")
QUERY = {"indikator": CASE["indicator_id"], "station": CASE["station_id"], "datum": CASE["date"], "methode": "its"}
PCT = r"([+−]?\d+(?:\.\d{3})*,\d)\s%"


def german(s: str) -> float:
    return float(s.replace("−", "-").replace(".", "").replace(",", "."))


def interval_in(text: str) -> tuple[float, float, float]:
    m = re.search(rf"Veränderung seit dem [\d.]+: {PCT} \(95-%-Intervall {PCT} bis {PCT}\)", text)
    assert m, text
    return german(m[1]), german(m[2]), german(m[3])


def test_station_mode_request_from_controls(base_url: str) -> None:
    from pages.vorher_nachher.page import request_query  # importable once the app exists (base_url built it)

    q = request_query(
        mode="station",
        indicator_id="rad_dtv",
        station="dwd:07341",
        metric="air_temperature",
        day="2020-01-01T00:00:00",
        method="simple",
        window=90.0,
        controls=["x"],
        measure_id=None,
    )
    req = cmp.ComparisonRequest.from_query(q)
    assert req.indicator_id is None and req.metric == "air_temperature" and req.window_days == 90
    assert req.to_query() == {
        "station": "dwd:07341",
        "messgroesse": "air_temperature",
        "datum": "2020-01-01",
        "methode": "simple",
        "fenster": "90",
    }


# --- the page in a browser -------------------------------------------------------------------------------------------


def test_shared_url_shows_result_and_controls_update_it(browser, base_url: str) -> None:
    page, errors = open_page(browser, f"{base_url}/vorher-nachher?{urlencode(QUERY)}", "#vn-zeitraeume .main-svg")
    effect = page.inner_text("#vn-effekt")
    est, lo, hi = interval_in(effect)
    assert lo <= CASE["effect_pct"] <= hi and lo <= est <= hi
    assert "seit dem 01.04.2022" in page.inner_text("#vn-urteil")
    facts = page.inner_text("#vn-fakten")
    assert "Unterbrochene Zeitreihe" in facts and "01.04.2022 bis" in facts and "Newey–West" in facts
    assert page.locator("#vn-intervall .js-plotly-plot").count() == 1
    assert page.locator("#vn-zeitraeume .badge-demo").count() == 1
    assert page.locator("#vn-kontrollen-feld").is_hidden()

    page.get_by_role("radio", name=re.compile("^Einfacher Vergleich")).check()
    page.wait_for_function("t => document.querySelector('#vn-effekt')?.innerText !== t", arg=effect)
    assert page.inner_text("#vn-effekt") != effect
    assert "Einfacher Vor" in page.inner_text("#vn-fakten")
    qs = parse_qs(urlparse(page.url).query)
    assert qs["methode"] == ["simple"] and qs["station"] == [CASE["station_id"]] and qs["datum"] == [CASE["date"]]

    # a measure as preset moves the Stichtag to its start
    page.click("#vn-massnahme")
    page.get_by_role("option", name=re.compile("^Mängelmelder")).click()
    page.wait_for_function("() => document.querySelector('#vn-effekt')?.innerText.includes('seit dem 01.09.2022')")
    assert page.input_value("#vn-datum") == "01.09.2022"
    qs = parse_qs(urlparse(page.url).query)
    assert qs["massnahme"] == ["maengelmelder-plus"] and qs["datum"] == ["2022-09-01"]

    # switching to difference-in-differences without controls: the German message, no traceback
    page.get_by_role("radio", name=re.compile("^Differenz-von-Differenzen")).check()
    alert = page.wait_for_selector("#vn-fehler")
    assert "braucht mindestens eine Kontrollstation" in alert.inner_text()
    assert page.locator("#vn-kontrollen-feld").is_visible()
    assert "methode=did" in page.url
    assert errors == []
    page.close()


def test_did_url_without_controls_shows_german_alert(browser, base_url: str) -> None:
    page, errors = open_page(browser, f"{base_url}/vorher-nachher?{urlencode({**QUERY, 'methode': 'did'})}", "#vn-fehler")
    text = page.inner_text("#vn-fehler")
    assert "Vergleich nicht möglich" in text and "Kontrollstation" in text and "Traceback" not in page.inner_text("body")
    assert page.locator("#vn-fehler[role=alert]").count() == 1
    assert errors == []
    page.close()


def test_download_has_the_compared_days(base_url: str) -> None:
    with urlopen(f"{base_url}/daten/vorher-nachher.csv?{urlencode(QUERY)}") as resp:
        lines = resp.read().decode("utf-8-sig").splitlines()
    assert lines[0] == "Tag;Wert (Radfahrten/Tag);Zeitraum"
    assert lines[1].startswith("01.04.2020;") and lines[-1].endswith(";nachher")
    assert len(lines) == 1 + 730 + 730
