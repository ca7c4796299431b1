"""Loading states (#16 point 9): every page whose content a callback fills shows a loading indicator while the
callback runs, and the content area does not jump when the answer arrives.

Pages with callbacks (`grep -rn "callback(" pages/*/page.py`): massnahmen, vorher_nachher, karte, umfragen and
datenqualitaet (the last two put the selection into the URL, which renders the page anew through Dash's page
container). Each test holds the server's answer back (`page.route`), so the loading state is looked at for as long as
it takes, then lets it through and measures the content area's box again."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from app_support import open_page

pytestmark = pytest.mark.browser

JUMP_PX = 3  # "no jump": the content area's top (and where its size is meant to stay, its height) within this
BIKE = "ecocounter:100069001"


def _box(page, selector: str) -> dict[str, float]:
    """The element's box in document coordinates (independent of scrolling)."""
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {top: r.top + window.scrollY, height: r.height}; }",
        selector,
    )


class Held:
    """Holds the browser's callback requests whose body contains `marker` until `release()`."""

    def __init__(self, page, marker: str) -> None:
        self.page, self.marker, self.routes, self.released = page, marker, [], False
        page.route("**/_dash-update-component*", self._route)

    def _route(self, route) -> None:
        if not self.released and self.marker in (route.request.post_data or ""):
            self.routes.append(route)
        else:
            route.continue_()

    def wait(self) -> None:
        self.page.wait_for_function("() => true")  # let the browser send
        for _ in range(300):
            if self.routes:
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"no request for {self.marker!r} was sent")

    def release(self) -> None:
        self.released = True
        for r in self.routes:
            r.continue_()  # later requests pass through `_route` untouched


def _check(
    page,
    *,
    marker: str,
    area: str,
    spinner: str,
    act: Callable[[], None],
    done: str,
    same_height: bool,
    min_height_px: float = 0,
) -> None:
    """Act, see the spinner while the answer is held back, then measure: the area's top stays; while loading the area
    keeps its size (or at least its reserved minimum); with `same_height` it has the same height afterwards."""
    before = _box(page, area)
    held = Held(page, marker)
    act()
    held.wait()
    page.wait_for_selector(spinner, state="visible", timeout=10000)  # shown after the loading state's delay
    during = _box(page, area)
    held.release()
    page.wait_for_selector(done, timeout=60000)
    page.wait_for_selector(spinner, state="detached", timeout=60000)
    page.wait_for_load_state("networkidle")
    after = _box(page, area)
    assert abs(during["top"] - before["top"]) <= JUMP_PX, (before, during)
    assert abs(after["top"] - before["top"]) <= JUMP_PX, (before, after)
    assert during["height"] >= min(before["height"], min_height_px or before["height"]) - JUMP_PX, (before, during)
    if same_height:
        assert abs(after["height"] - before["height"]) <= JUMP_PX, (before, after)


def test_massnahmen_filter_shows_loading_and_keeps_the_list_in_place(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/massnahmen", "#massnahmen-liste")
    _check(
        page,
        marker="massnahmen-ergebnis",
        area="#massnahmen-ergebnis",
        spinner="#massnahmen-laden .dash-spinner",
        act=lambda: page.select_option("#massnahmen-sortierung", "titel"),
        done="#massnahmen-liste",
        same_height=True,  # the same measures, sorted otherwise
    )
    assert errors == []
    page.close()


def test_vorher_nachher_keeps_room_for_the_result_while_it_is_computed(browser, base_url: str) -> None:
    query = {"station": BIKE, "messgroesse": "bicycles", "datum": "2022-04-01", "methode": "simple"}
    page, errors = open_page(browser, f"{base_url}/vorher-nachher?{urlencode(query)}", "#vn-effekt")
    reserved = page.evaluate("() => 36 * parseFloat(getComputedStyle(document.documentElement).fontSize)")
    _check(
        page,
        marker="vn-location.search",
        area=".vn-laden",
        spinner="#vn-laden .dash-spinner",
        act=lambda: page.fill("#vn-fenster", "730") or page.keyboard.press("Enter"),
        done="#vn-effekt",
        same_height=False,  # the old result goes at once (#16 point 7); its room stays reserved
        min_height_px=reserved,
    )
    assert errors == []
    page.close()


def test_karte_level_change_dims_the_chart_in_place(browser, base_url: str) -> None:
    page, errors = open_page(browser, f"{base_url}/karte?station={BIKE}", "#karte-reihe-graph .main-svg")
    page.wait_for_load_state("networkidle")
    _check(
        page,
        marker="karte-reihe-graph.figure",
        area="#karte-reihe",
        spinner="#karte-laden .dash-spinner",
        act=lambda: page.locator("#karte-agg label:has-text('Monat')").click(),
        done="#karte-reihe-graph .main-svg",
        same_height=True,
    )
    assert "agg=monat" in page.url
    assert errors == []
    page.close()


def test_karte_station_table_fills_its_reserved_room(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/karte", ".leaflet-marker-icon")
    held = Held(page, "karte-tabelle-inhalt")
    page.locator("#karte-tabelle-kopf").click()  # the first opening asks for the rows
    held.wait()
    page.wait_for_selector("#karte-tabelle-laden .dash-spinner", state="visible", timeout=10000)
    waiting = _box(page, "#karte-tabelle-inhalt")  # the placeholder, under the spinner
    held.release()
    page.wait_for_selector("#karte-tabelle tbody tr", timeout=60000)
    page.wait_for_selector("#karte-tabelle-laden .dash-spinner", state="detached", timeout=60000)
    filled = _box(page, "#karte-tabelle-inhalt")
    assert abs(filled["top"] - waiting["top"]) <= JUMP_PX and abs(filled["height"] - waiting["height"]) <= JUMP_PX, (
        waiting,
        filled,
    )
    assert errors == []
    page.close()


@pytest.mark.parametrize(
    ("path", "act", "done"),
    [
        ("/umfragen", lambda page: page.select_option("#umfragen-frage", "F2"), "#umfragen-frage"),
        (
            "/datenqualitaet",
            lambda page: page.select_option("#dq-art", "tree_sensor"),
            "#dq-abdeckung h3:has-text('Baumsensoren')",
        ),
    ],
)
def test_selection_in_the_url_renders_the_page_under_a_loading_notice(browser, base_url: str, path, act, done) -> None:
    page, errors = open_page(browser, base_url + path, "#inhalt h1")
    page.wait_for_load_state("networkidle")
    _check(
        page,
        marker="_pages_content.children",
        area="#inhalt h1",
        spinner=".wm-laden-hinweis",
        act=lambda: act(page),
        done=done,
        same_height=True,  # the heading stays where it was
    )
    assert page.locator("#seite-laden .wm-laden-hinweis").count() == 0
    assert errors == []
    page.close()
