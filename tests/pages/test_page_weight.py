"""Issue #19 in the browser: a page without a map loads no dash-leaflet and at most 1.5 MB of JavaScript (as transferred,
compressed) — the budget as a regression test; the map page loads dash-leaflet with its content and draws the map, also
when reached by a link from another page and back. The server side is in tests/dashboard/test_compression.py."""

from __future__ import annotations

import pytest
from app_support import open_page

pytestmark = pytest.mark.browser

BUDGET = 1_500_000  # bytes of JavaScript a page without a map may transfer (issue #19; bench/http_load.py)
LEAFLET = "/_dash-component-suites/dash_leaflet/"  # the library and its lazily loaded parts (async-GeoJSON.js, …)
BUNDLE = LEAFLET + "dash_leaflet."  # the library itself (dash_leaflet.v1_1_3m….js)
MARKERS = "#inhalt .leaflet-marker-icon"
# every script the page fetched: size as transferred (`encodedBodySize`: compressed) and after decompression
JS = """() => performance.getEntriesByType('resource')
  .filter(e => new URL(e.name).pathname.endsWith('.js'))
  .map(e => ({path: new URL(e.name).pathname, sent: e.encodedBodySize, size: e.decodedBodySize}))"""


def _encodings(page) -> dict[str, str]:  # noqa: ANN001
    """Content-Encoding of every script response, from now on."""
    seen: dict[str, str] = {}
    page.on(
        "response",
        lambda r: seen.__setitem__(r.url, r.headers.get("content-encoding", "")) if r.request.resource_type == "script" else None,
    )
    return seen


@pytest.mark.parametrize("path", ["/handlungsfeld/mobilitaet", "/embed/rad_dtv"])
def test_a_page_without_a_map_loads_no_leaflet_and_stays_in_the_budget(browser, base_url: str, path: str) -> None:
    page = browser.new_page()
    encodings = _encodings(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + path)
    page.wait_for_selector("#inhalt .js-plotly-plot .main-svg", timeout=30000)
    page.wait_for_load_state("networkidle")
    scripts = page.evaluate(JS)
    assert not [s for s in scripts if s["path"].startswith(LEAFLET)]
    assert not page.evaluate("() => 'dash_leaflet' in window")
    sent = sum(s["sent"] for s in scripts)
    assert sent <= BUDGET, sorted(scripts, key=lambda s: -s["sent"])[:5]
    assert sum(s["size"] for s in scripts) > 2 * sent  # compressed: the same scripts are far larger unpacked
    big = {u: e for u, e in encodings.items() if "plotly" in u or "dash_renderer" in u or "dash_core_components" in u}
    assert big and set(big.values()) == {"gzip"}, big
    assert errors == []
    page.close()


def test_a_page_gets_regenerator_runtime_instead_of_babel_polyfill_and_no_data_table(browser, base_url: str) -> None:
    """Dash's @babel/polyfill is answered with regenerator-runtime alone (dashboard/libraries.py): the global Dash's
    bundles use is there, core-js is not; the DataTable bundle (no page shows one) is not loaded. The page works: its
    charts are drawn (dcc.Graph is one of Dash's lazily loaded components, whose loader runs on regeneratorRuntime) and
    the console stays clean."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base_url + "/handlungsfeld/mobilitaet")
    page.wait_for_selector("#inhalt .js-plotly-plot .main-svg", timeout=30000)
    page.wait_for_load_state("networkidle")
    paths = [s["path"] for s in page.evaluate(JS)]
    polyfill = [p for p in paths if "/dash/deps/polyfill@7" in p]
    assert polyfill, paths  # Dash still names it; its answer is what changed
    assert page.evaluate("() => typeof window.regeneratorRuntime.mark === 'function'")
    assert page.evaluate("() => window._babelPolyfill === undefined && window.core === undefined")
    assert not [p for p in paths if "/dash_table/" in p], paths
    assert page.locator("#inhalt .js-plotly-plot .main-svg").count() >= 2
    assert errors == []
    page.close()


def test_the_map_page_loads_leaflet_with_its_map_also_after_a_link(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/karte", MARKERS)
    leaflet = [s for s in page.evaluate(JS) if s["path"].startswith(BUNDLE)]
    assert len(leaflet) == 1 and leaflet[0]["size"] > 100_000
    assert page.locator(MARKERS).count() > 10
    # by links of the navigation, without reloading: to a page without a map and back to the map
    page.locator("header a.nav-link", has_text="Übersicht").click()
    page.wait_for_selector("#inhalt .card-title", timeout=30000)
    page.wait_for_function("() => !document.querySelector('#inhalt .leaflet-container')", timeout=30000)
    page.locator("header a.nav-link", has_text="Karte").click()
    page.wait_for_selector(MARKERS, timeout=30000)
    page.wait_for_load_state("networkidle")
    loads = len([s for s in page.evaluate(JS) if s["path"].startswith(BUNDLE)])
    # a station chosen on the map renders the same page anew: the library is not loaded again
    page.locator('.leaflet-marker-icon[title^="Passantenzähler Kaiserstraße"]').click()
    page.wait_for_selector("#karte-reihe .js-plotly-plot .main-svg", timeout=30000)
    page.wait_for_load_state("networkidle")
    assert page.locator(MARKERS).count() > 10
    assert len([s for s in page.evaluate(JS) if s["path"].startswith(BUNDLE)]) == loads
    assert errors == []
    page.close()


def test_a_page_opened_without_a_map_then_the_map_by_link(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/handlungsfeld/mobilitaet", "#inhalt .js-plotly-plot .main-svg")
    page.locator("header a.nav-link", has_text="Karte").click()
    page.wait_for_selector(MARKERS, timeout=30000)
    page.wait_for_load_state("networkidle")
    assert page.locator(MARKERS).count() > 10
    assert errors == []
    page.close()
