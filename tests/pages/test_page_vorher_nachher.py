"""Vorher-nachher page: the demo's known effect is found from a shared URL, the method switch updates result and URL,
an impossible request shows a German alert; the request/selector functions of `indicators.comparisons` on the demo."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse
from urllib.request import urlopen

import pytest
from app_support import open_page

from indicators import comparisons as cmp
from indicators import method_comparison as mc

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TRUTH = json.loads((ROOT / "data" / "demo" / "ground_truth.json").read_text(encoding="utf-8"))
CASE = next(t for t in TRUTH if t["effect_pct"] and t["indicator_id"] == "rad_dtv")
QUERY = {"indikator": CASE["indicator_id"], "station": CASE["station_id"], "datum": CASE["date"], "methode": "its"}
PCT = r"([+−]?\d+(?:\.\d{3})*,\d)\s%"
# an open dropdown: its options are radio buttons (one choice) or checkboxes (several), named by their label
# (dashboard/assets/05-bedienelemente-aria.js)
LIST = ".dash-dropdown-content"


def choose(page, role: str, name: str | re.Pattern) -> None:
    """Click the option of the open dropdown (its label, as a person does) whose radio button or checkbox is `name`."""
    page.locator(LIST).get_by_role(role, name=name).locator("xpath=ancestor::label[1]").click()


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


def test_shared_url_shows_result_and_controls_update_it(browser, base_url: str, snap) -> None:
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
    choose(page, "radio", re.compile("^Mängelmelder"))
    page.wait_for_function("() => document.querySelector('#vn-effekt')?.innerText.includes('seit dem 01.09.2022')")
    assert page.input_value("#vn-datum") == "01.09.2022"
    qs = parse_qs(urlparse(page.url).query)
    assert qs["massnahme"] == ["maengelmelder-plus"] and qs["datum"] == ["2022-09-01"]

    # switching to difference-in-differences without controls: the suggested control stations are filled in
    suggested = cmp.suggest_controls(snap, station=CASE["station_id"], metric="bicycles", at=date(2022, 9, 1))
    page.get_by_role("radio", name=re.compile("^Differenz-von-Differenzen")).check()
    page.wait_for_function("() => document.querySelector('#vn-fakten')?.innerText.includes('Kontrollstationen')")
    assert page.locator("#vn-kontrollen-feld").is_visible()
    names = {s.station_id: s.name for s in cmp.stations(snap)}
    shown = page.locator("#vn-kontrollen .dash-dropdown-value-item").all_inner_texts()
    assert suggested and shown == [names[c] for c in suggested]
    qs = parse_qs(urlparse(page.url).query)
    assert qs["methode"] == ["did"] and qs["kontrollen"] == [",".join(suggested)]
    # … and stay editable: one removed, the comparison follows
    page.click("#vn-kontrollen")
    choose(page, "checkbox", names[suggested[0]])
    page.keyboard.press("Escape")
    page.wait_for_function(
        "n => { const f = document.querySelector('#vn-fakten'); return f && !f.innerText.includes(n); }", arg=names[suggested[0]]
    )
    assert parse_qs(urlparse(page.url).query)["kontrollen"] == [",".join(suggested[1:])]
    assert errors == []
    page.close()


def test_did_url_without_controls_gets_the_suggested_ones(browser, base_url: str, snap) -> None:
    page, errors = open_page(browser, f"{base_url}/vorher-nachher?{urlencode({**QUERY, 'methode': 'did'})}", "#vn-effekt")
    suggested = cmp.suggest_controls(snap, station=CASE["station_id"], metric="bicycles", at=date.fromisoformat(CASE["date"]))
    names = {s.station_id: s.name for s in cmp.stations(snap)}
    facts = page.inner_text("#vn-fakten")
    assert "Differenz-von-Differenzen" in facts and all(names[c] in facts for c in suggested)
    assert page.locator("#vn-kontrollen .dash-dropdown-value-item").count() == len(suggested)
    assert errors == []
    page.close()


def test_did_without_a_control_to_suggest_shows_german_alert(browser, base_url: str) -> None:
    # the DWD station's only fellow weather station has data from 2025 on: nothing complete around 2022 to suggest
    query = {"station": "dwd:07341", "messgroesse": "air_temperature", "datum": "2022-04-01", "methode": "did"}
    page, errors = open_page(browser, f"{base_url}/vorher-nachher?{urlencode(query)}", "#vn-fehler")
    text = page.inner_text("#vn-fehler")
    assert "Vergleich nicht möglich" in text and "Kontrollstation" in text and "Traceback" not in page.inner_text("body")
    assert page.locator("#vn-fehler[role=alert]").count() == 1
    assert page.locator("#vn-kontrollen .dash-dropdown-value-item").count() == 0
    did = page.locator("#vn-verfahren tbody tr").nth(3).inner_text()
    assert "nicht anwendbar: keine Kontrollstation vorgeschlagen" in did
    assert page.locator("#vn-verfahren tbody tr").nth(1).inner_text().startswith("Wetter- und kalenderbereinigt")
    assert errors == []
    page.close()


# --- a changed selection: the old result goes at once, a loading indicator until the new one is there ---------------


def test_changed_selection_clears_the_old_result_before_the_new_one_arrives(browser, base_url: str) -> None:
    city = {"indikator": "rad_dtv", "datum": CASE["date"], "methode": "simple"}
    page, errors = open_page(browser, f"{base_url}/vorher-nachher?{urlencode(city)}", "#vn-effekt")
    old = page.inner_text("#vn-effekt")
    assert "seit dem 01.04.2022" in old
    held: list = []  # the server's answer for the result is held back until the old result is checked to be gone
    release: list = []

    def hold(route) -> None:
        if not release and "vn-location.search" in (route.request.post_data or ""):  # the result, not the clearing
            held.append(route)
        else:
            route.continue_()

    page.route("**/_dash-update-component*", hold)
    page.click("#vn-station")
    choose(page, "radio", "Berliner Straße")
    page.wait_for_selector("#vn-warten")
    page.wait_for_function("() => document.querySelector('#vn-laden .dash-spinner') !== null")  # after delay_show
    assert held, "the result was not asked for"
    assert page.locator("#vn-effekt").count() == 0 and old not in page.inner_text("#vn-result")
    assert page.inner_text("#vn-warten") == "Das Ergebnis wird berechnet …"
    assert page.get_attribute("#vn-warten", "role") == "status"
    release.append(True)
    for route in held:
        route.continue_()
    page.wait_for_selector("#vn-effekt")
    new = page.inner_text("#vn-effekt")
    assert new != old and page.locator("#vn-warten").count() == 0
    assert page.locator("#vn-laden .dash-spinner").count() == 0
    assert "station=ecocounter" in page.url
    assert errors == []
    page.close()


# --- every method side by side ---------------------------------------------------------------------------------------


def test_all_methods_side_by_side_with_the_city_default_and_a_download(browser, base_url: str, snap) -> None:
    query = {k: v for k, v in QUERY.items() if k != "methode"}  # no method chosen: the city's default
    page, errors = open_page(browser, f"{base_url}/vorher-nachher?{urlencode(query)}", "#vn-verfahren table")
    assert page.is_checked("input[type=radio][value=adjusted]")  # the default for a daily station series
    rows = page.locator("#vn-verfahren tbody tr").all_inner_texts()
    assert len(rows) == 4
    names = ["Einfacher Vergleich", "Wetter- und kalenderbereinigt", "Unterbrochene Zeitreihe", "Differenz-von-Differenzen"]
    for row, name in zip(rows, names, strict=True):
        assert row.startswith(name), row
    assert "(Standard der Stadt)" in rows[1] and sum("Standard der Stadt" in r for r in rows) == 1
    assert "vorgeschlagene Kontrollstationen" in rows[3]
    headers = page.locator("#vn-verfahren thead th").all_inner_texts()
    assert headers[:6] == [
        "Verfahren",
        "Veränderung (%)",
        "95-%-Intervall von (%)",
        "95-%-Intervall bis (%)",
        "Werte vorher",
        "Werte nachher",
    ]
    assert "Berücksichtigt" in headers
    # the numbers are the ones each method gives alone
    for i, method in enumerate(["simple", "adjusted", "its"]):
        r = cmp.run(snap, cmp.ComparisonRequest.from_query({**query, "methode": method})).result
        cells = page.locator(f"#vn-verfahren tbody tr:nth-child({i + 1}) td").all_inner_texts()
        assert german(cells[1]) == pytest.approx(r.effect_pct, abs=0.05)
        assert german(cells[2]) == pytest.approx(r.ci_low_pct, abs=0.05) and int(german(cells[4])) == r.n_before
    # the sentence says what the side-by-side results say (in the demo a single station's year shocks make the
    # methods disagree at Berliner Straße: docs/data-sources/demo.md)
    side = mc.run_all(snap, cmp.ComparisonRequest.from_query(query))
    sentence = page.inner_text("#vn-verfahren-satz")
    if side.disagreement:
        assert sentence.startswith("Die Verfahren widersprechen sich"), sentence
        assert all(names[mc.METHODS.index(m)] in sentence for m in side.disagreement.methods), sentence
    else:
        assert sentence.startswith("Die Verfahren stimmen"), sentence
    assert "Wetter- und kalenderbereinigt" in page.inner_text("#vn-verfahren-standard")
    href = page.get_attribute("#vn-verfahren + p a:text('CSV')", "href")
    with urlopen(base_url + href) as resp:
        lines = resp.read().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Verfahren;Veränderung (%);95-%-Intervall von (%)") and len(lines) == 5
    assert errors == []
    page.close()


def test_contradicting_methods_get_one_sentence_saying_why(base_url: str) -> None:
    from pages.vorher_nachher.figures import disagreement_sentence  # importable once the app exists (base_url built it)

    apart = mc.disagreement([mc.Estimate("simple", 1.0, 0.5, 1.5), mc.Estimate("adjusted", 12.7, 8.9, 16.7)])
    text = disagreement_sentence(apart, 2) or ""
    assert text.startswith(
        "Die Verfahren widersprechen sich; die 95-%-Intervalle von „Einfacher Vergleich (nur beschreibend)“ und „Wetter-"
    )
    assert "überschneiden sich nicht" in text and "herausrechnet" in text and text.count(".") == 1  # one sentence
    signs = mc.disagreement([mc.Estimate("its", 3.0, -5.0, 11.0), mc.Estimate("did", -2.0, -9.0, 5.0)])
    text = disagreement_sentence(signs, 2) or ""
    assert text.startswith("Die Verfahren widersprechen sich; „Unterbrochene Zeitreihe“ und „Differenz-von-Differenzen“")
    assert "entgegengesetzter Richtung" in text and "Unsicherheit" in text and text.count(".") == 1
    agree = mc.disagreement([mc.Estimate("its", 3.0, 1.0, 5.0), mc.Estimate("did", 4.0, 2.0, 6.0)])
    assert (disagreement_sentence(agree, 2) or "").startswith("Die Verfahren stimmen")
    assert disagreement_sentence(None, 1) is None  # one result: nothing to compare
