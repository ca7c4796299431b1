"""Accessibility (BITV 2.0 / WCAG 2.1 AA) of every public page, every embed and every internal page (#16.18).

axe-core (WCAG 2.1 A/AA rules) in Debian's headless Chromium finds no serious or critical violation; a keyboard walk
(Tab only) through each page reaches every control in DOM order with a visible focus and leaves the page at its end
(no trap, also not in the map); the language switch and the chart card's chart/table tabs work by keyboard; a card's
table tab and its open "Teilen / Einbetten" dialog pass axe and the walk too. The internal pages (those of Dash's
registry without `public=True`, found by themselves) are audited in German and English, in the states a user reaches
(a result shown, another selection) and with each dropdown and date picker open.

Each public page is loaded once: the axe run and the keyboard walk share the load (runtime)."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import duckdb
import pytest
from app_support import demo_snapshot, public_snapshot, start_instance
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.embeds import allowed
from dashboard.settings import Settings
from dashboard.status_display import STATUS_DISPLAY
from dashboard.theme import PALETTE, contrast_ratio
from indicators.store import Snapshot

AXE = (Path(__file__).parents[1] / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FIELDS = ["mobilitaet", "wohnen-leben", "sauberkeit", "wirtschaft", "kommunikation-bildung", "klima-umwelt"]
# every page registered with public=True in pages/*.py; {measure} and {bike_counter} come from the public snapshot
PUBLIC_PAGES = [
    "/",
    *[f"/handlungsfeld/{s}" for s in FIELDS],
    "/indikatoren/rad_dtv",
    "/massnahmen",
    "/massnahmen/{measure}",
    "/methodik",
    "/glossar",
    "/glossar?sprache=leicht",
    "/barrierefreiheit",
    "/bericht",
    "/bericht?lang=en",
    "/karte",
    "/karte?station={bike_counter}",
    "/umfragen",
    "/evaluation",
    "/embed/rad_dtv",
    "/?lang=en",
    "/indikatoren/rad_dtv?lang=en",
    "/massnahmen?lang=en",
    "/karte?lang=en",
    "/umfragen?lang=en",
    "/evaluation?lang=en",
    "/glossar?lang=en",
]

pytestmark = pytest.mark.browser

# What the Tab key stops at (radio buttons of one named group count once: Tab enters the group, arrows move in it).
TABBABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), "
    'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])'
)
JS_MARK = """(sel) => {
  const controls = [], groups = new Set();
  for (const e of document.querySelectorAll(sel)) {
    if (e.tabIndex < 0 || e.closest('[inert]') || !e.checkVisibility({visibilityProperty: true})) continue;
    if (e.closest('.modebar')) continue;  // plotly rebuilds its toolbar: allowed, not required
    if (e.type === 'radio' && e.name) { const g = (e.form ? 'f' : 'd') + e.name; if (groups.has(g)) continue; groups.add(g); }
    controls.push(e);
  }
  controls.forEach((e, i) => { e.dataset.kb = String(i); });
  window.__kbPrev = null;
  const markers = controls.filter(e => e.classList.contains('leaflet-marker-icon')).map(e => e.title);
  const extra = document.querySelectorAll('.modebar-btn, .leaflet-interactive:not(.leaflet-marker-icon)').length;
  return {n: controls.length, markers, extra, controls: controls.map(e => ({
    marker: e.classList.contains('leaflet-marker-icon'),
    name: (e.getAttribute('aria-label') || e.title || e.textContent || e.value || e.tagName).trim().slice(0, 60)}))};
}"""
JS_STEP = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const prev = window.__kbPrev; window.__kbPrev = e;
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  const inMap = !!e.closest('.leaflet-container');
  // a native date field: Tab moves through its day, month and year before it leaves the field
  const segment = prev === e && /^(date|time|datetime-local|month|week)$/.test(e.type);
  return {kb: e.dataset.kb ?? null, html: e.outerHTML.slice(0, 120), inMap, inModebar: !!e.closest('.modebar'), segment,
          marker: e.classList.contains('leaflet-marker-icon') ? e.title : null,
          forward: !prev || prev === e ? prev !== e : (!prev.isConnected ||
                   !!(prev.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)),
          visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none',
          onscreen: inMap || (r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth)};
}"""
JS_MARKERS = "() => [...document.querySelectorAll('.leaflet-marker-icon')].map(e => e.title)"


@pytest.fixture(scope="module")
def public_url():
    proc, url = start_instance(public_snapshot(), public=True)
    yield url
    proc.kill()


@pytest.fixture(scope="module")
def internal_url():
    proc, url = start_instance(demo_snapshot())
    yield url
    proc.kill()


@pytest.fixture(scope="module")
def axe_page(browser):
    """One page for all axe runs: the browser cache keeps plotly.js between pages (CSP bypassed to inject axe only).
    Reduced motion: no smooth scrolling, so a focused element is in view when the walk looks at it."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True, reduced_motion="reduce")
    yield ctx.new_page()
    ctx.close()


@cache
def page_ids() -> dict[str, str]:
    """A public measure and a bike counter with measurements, from the public snapshot (for the page paths)."""
    con = duckdb.connect(str(public_snapshot()), read_only=True)
    try:
        measure = con.execute("select measure_id from measure order by 1 limit 1").fetchone()
        bike = con.execute(
            "select station_id from station where kind = 'bike_counter' and lat is not null and "
            "station_id in (select station_id from observation) order by 1 limit 1"
        ).fetchone()
    finally:
        con.close()
    assert measure and bike, "the public demo snapshot lacks a measure or a bike counter"
    return {"measure": measure[0], "bike_counter": bike[0]}


def load(page, url: str, *, width: int = 1280) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url)
    page.wait_for_selector("#inhalt *", timeout=30000)
    page.wait_for_load_state("networkidle")
    if "/karte" in url:  # dash-leaflet draws its markers from an async chunk, after the network went quiet
        page.wait_for_selector(".leaflet-marker-icon", timeout=15000)


def axe_violations(page) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def keyboard_walk(page, scope: str = "") -> dict:
    """Press Tab from the top until focus leaves the document (at most controls + 15 presses) and record each stop;
    `scope`: the controls inside this element only (an open modal dialog: the page behind it is inert).

    Map markers count by their title: Leaflet pans the map to a focused marker and clustered layers then redraw
    their markers (new elements), so identity cannot be kept for them."""
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    mark = page.evaluate(JS_MARK, ", ".join(f"{scope} {part}".strip() for part in TABBABLE.split(", ")))
    stops: list[dict] = []
    left = False
    for _ in range(mark["n"] + mark["extra"] + 15):
        page.keyboard.press("Tab")
        info = page.evaluate(JS_STEP)
        # out of the document (focus on the body), or wrapped around to the first stop: the page lets go of the focus
        if info is None or (stops and info["kb"] is not None and info["kb"] == stops[0]["kb"]):
            left = True
            break
        if not info["segment"]:
            stops.append(info)
    return {"mark": mark, "stops": stops, "left": left, "markers_end": page.evaluate(JS_MARKERS)}


def walk_problems(walk: dict) -> list[str]:
    mark, stops = walk["mark"], walk["stops"]
    problems = []
    if not walk["left"]:
        problems.append(
            f"focus did not leave the page after {len(stops)} Tab presses (trap?): last {[s['html'] for s in stops[-3:]]}"
        )
    reached = {s["kb"] for s in stops if s["kb"] is not None}
    missing = [f"{i}: {c['name']}" for i, c in enumerate(mark["controls"]) if str(i) not in reached and not c["marker"]]
    if missing:
        problems.append(f"controls not reached by Tab: {missing[:8]}")
    if mark["markers"]:
        got = {s["marker"] for s in stops if s["marker"] is not None}
        if not got:
            problems.append("no map marker reached by Tab")
        elif sorted(mark["markers"]) == sorted(walk["markers_end"]):  # map did not redraw: every marker counts
            if lost := sorted(set(mark["markers"]) - got):
                problems.append(f"map markers not reached by Tab: {lost[:5]}")
    for s in stops:
        if not s["forward"]:
            problems.append(f"focus order goes back (or stays) in the DOM at {s['html']}")
        if not s["visible"]:
            problems.append(f"no visible focus indicator on {s['html']}")
        if not s["onscreen"]:
            problems.append(f"focused element outside the viewport: {s['html']}")
        if s["kb"] is None and not (s["inMap"] or s["inModebar"]):
            problems.append(f"unexpected focus stop (hidden or unnamed control?): {s['html']}")
    return problems


@pytest.fixture(scope="module")
def audit(axe_page, public_url):
    """Load a public page once, run axe and then the keyboard walk on it; results cached per path."""
    results: dict[str, tuple[list[str], dict, list[str]]] = {}

    def run(path: str) -> tuple[list[str], dict, list[str]]:
        if path not in results:
            if "lang=en" in path:  # the language lives in a cookie (set by the switch); ?lang= sets it for the index
                axe_page.context.add_cookies([{"name": "wm_lang", "value": "en", "url": public_url}])
            try:
                load(axe_page, public_url + path.format(**page_ids()))
                lang = axe_page.evaluate(
                    "() => [document.documentElement.lang, document.querySelector('#inhalt').closest('[lang]').lang]"
                )
                results[path] = (axe_violations(axe_page), keyboard_walk(axe_page), lang)
            finally:
                axe_page.context.clear_cookies()
        return results[path]

    return run


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_violation(audit, path: str) -> None:
    violations, _walk, lang = audit(path)
    assert violations == []
    want = "en" if "lang=en" in path else "de"
    assert lang == [want, want]  # the document and its content declare the language they are in


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_keyboard_reaches_every_control_in_order_with_visible_focus(audit, path: str) -> None:
    walk = audit(path)[1]
    # the page rendered its controls: skip link and navigation, or in an embed (bare frame) table toggle and link
    assert walk["mark"]["n"] >= (2 if path.startswith("/embed/") else 3), walk["mark"]
    assert walk_problems(walk) == []


def test_map_markers_are_keyboard_reachable_and_the_map_is_no_trap(audit) -> None:
    walk = audit("/karte")[1]
    in_map = [i for i, s in enumerate(walk["stops"]) if s["inMap"]]
    assert len(walk["mark"]["markers"]) >= 5 and in_map
    markers = [s for s in walk["stops"] if s["marker"]]
    assert len({s["marker"] for s in markers}) >= min(5, len(set(walk["mark"]["markers"])))
    after = walk["stops"][in_map[-1] + 1 :]  # past the map: the page's later controls (legend, table) are reached
    assert after and not any(s["inMap"] for s in after) and walk["left"]


def embed_paths() -> list[str]:
    """Every embed the public instance serves: public indicators plus the configured ones (data/embeds.toml)."""
    snap = Snapshot(public_snapshot())
    return [f"/embed/{cid}" for cid in sorted(allowed(snap, Settings.load(env={}).embeds_file))]


def test_every_embed_has_no_serious_violation(axe_page, public_url: str) -> None:
    paths = embed_paths()
    assert len(paths) >= 10 and "/embed/radverkehr-berliner-strasse" in paths
    failures = {}
    for path in paths:
        axe_page.set_viewport_size({"width": 360, "height": 800})
        axe_page.goto(public_url + path)
        # an embed is one chart (or a note without values): wait for it instead of a quiet network (runtime)
        axe_page.wait_for_selector("#inhalt .main-svg, #inhalt h1 + p", timeout=30000)
        if v := axe_violations(axe_page):
            failures[path] = v
    assert failures == {}


# Internal pages (#16.18): every page the internal app serves that the public one does not, read from the pages'
# `dash.register_page(...)` calls (test_internal_pages_are_the_registry checks them against Dash's registry), so a new
# internal page is audited without a line here. A page's first view is audited as it is; the states a user reaches
# beyond it (a shared link with a result, another selection) are listed here, each with what shows once it is there.
# A page with a <template> in its path needs its entry (the test says so). In each state every Dash dropdown and date
# picker is opened once and audited open.
PAGES_DIR = Path(__file__).parents[2] / "pages"
VN = "/vorher-nachher?indikator=rad_dtv&station=ecocounter:100069001&datum=2022-04-01"
INTERNAL_STATES: dict[str, list[tuple[str, str]]] = {
    "/vorher-nachher": [
        ("/vorher-nachher", "#vn-result"),
        (VN, "#vn-verfahren table"),  # a result, every method side by side
        (VN + "&methode=did", "#vn-verfahren table"),  # difference-in-differences: suggested control stations
        ("/vorher-nachher?station=dwd:07341&messgroesse=air_temperature&datum=2022-04-01&methode=its", "#vn-verfahren table"),
    ],
    "/datenqualitaet": [
        ("/datenqualitaet", "#dq-abdeckung .main-svg"),
        ("/datenqualitaet?art=weather_station", "#dq-abdeckung .main-svg"),
    ],
    "/praesentation": [
        ("/praesentation", "#praesentation .folie.aktiv"),
        ("/praesentation?druck=1", "#praesentation .folie"),  # the print view: every slide visible at once
    ],
    "/praesentation/<deck>": [("/praesentation/demo?folie=3", "#praesentation .folie.aktiv .folie-titel")],
}
POPUPS = "#inhalt button.dash-dropdown, #inhalt .dash-datepicker-input-wrapper input"
POPUP_OPEN = ".dash-dropdown-content, .dash-datepicker-content"
NEXT_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def registered_pages() -> dict[str, bool]:
    """Path (or path template) → public, of every `dash.register_page(...)` in pages/*/page.py."""
    found = {}
    for f in sorted(PAGES_DIR.glob("*/page.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "register_page":
                kw = {k.arg: k.value for k in node.keywords}
                path = kw.get("path_template") or kw.get("path")
                assert isinstance(path, ast.Constant), f"{f}: register_page without a literal path"
                public = kw.get("public")
                found[path.value] = isinstance(public, ast.Constant) and public.value is True
    return found


INTERNAL_PAGES = sorted(p for p, public in registered_pages().items() if not public)


def internal_states() -> list:
    out = []
    for page in INTERNAL_PAGES:
        states = INTERNAL_STATES.get(page) or ([] if "<" in page else [(page, "#inhalt *")])
        out += [pytest.param(page, url, wait, id=url) for url, wait in states] or [pytest.param(page, None, None, id=page)]
    return out


def test_internal_pages_are_the_registry(base_url: str) -> None:
    """The pages audited below are those of Dash's registry that the public instance leaves out (`base_url` built the
    internal app in this process, which filled the registry)."""
    import dash

    internal = {p.get("path_template") or p["path"] for p in dash.page_registry.values() if not p.get("public")}
    assert sorted(internal) == INTERNAL_PAGES
    assert {"/vorher-nachher", "/datenqualitaet", "/praesentation"} <= set(INTERNAL_PAGES)
    assert set(INTERNAL_STATES) <= set(INTERNAL_PAGES), "a state for a page that is gone or public"


def open_popups(page, seen: set[str]) -> dict[str, dict]:
    """Open each dropdown and date picker not opened before (ids in `seen`) by keyboard (focus, ArrowDown), audit it
    open, close it with Escape: where the focus went in it, and whether it came back to the control (no trap)."""
    found = {}
    visible = "es => es.filter(e => e.checkVisibility() && !e.disabled).map(e => e.id)"
    for cid in page.eval_on_selector_all(POPUPS, visible):
        if not cid or cid in seen:
            continue
        seen.add(cid)
        for _ in range(3):  # a list opened while the page re-renders its form closes again: open it once more
            page.focus(f"#{cid}")
            page.keyboard.press("ArrowDown")
            try:
                page.wait_for_selector(POPUP_OPEN, timeout=3000)
                break
            except PlaywrightTimeout:
                page.wait_for_load_state("networkidle")
        page.evaluate(NEXT_FRAMES)  # the shell's observer (05-bedienelemente-aria.js) has seen the popup
        inside = page.evaluate(f"() => !!document.activeElement?.closest('{POPUP_OPEN}')")
        violations = axe_violations(page)
        page.keyboard.press("Escape")
        page.wait_for_selector(POPUP_OPEN, state="detached", timeout=10000)
        try:  # the focus comes back to the control (React may move it a frame after the popup is gone)
            page.wait_for_function("(id) => document.activeElement?.id === id", arg=cid, timeout=2000)
            back = True
        except PlaywrightTimeout:
            back = False
        found[cid] = {"violations": violations, "focus_inside": inside, "focus_back": back}
    return found


@pytest.fixture(scope="module")
def internal_audit(axe_page, internal_url):
    """Load an internal page's state once per language: axe as it shows, axe with each popup open, the keyboard walk."""
    results: dict[tuple[str, str], tuple[list[str], dict[str, dict], dict, list[str]]] = {}
    opened: dict[tuple[str, str], set[str]] = {}

    def run(page_path: str, url: str, wait: str, lang: str) -> tuple[list[str], dict, dict, list[str]]:
        if (url, lang) not in results:
            axe_page.context.add_cookies([{"name": "wm_lang", "value": lang, "url": internal_url}])
            try:
                load(axe_page, internal_url + url)
                axe_page.wait_for_selector(wait, timeout=30000)
                axe_page.wait_for_load_state("networkidle")
                langs = axe_page.evaluate(
                    "() => [document.documentElement.lang, document.querySelector('#inhalt').closest('[lang]').lang]"
                )
                violations = axe_violations(axe_page)
                walk = keyboard_walk(axe_page)
                popups = open_popups(axe_page, opened.setdefault((page_path, lang), set()))
                results[url, lang] = (violations, popups, walk, langs)
            finally:
                axe_page.context.clear_cookies()
        return results[url, lang]

    run.opened = opened  # type: ignore[attr-defined]
    return run


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(("page_path", "url", "wait"), internal_states())
def test_internal_page_has_no_serious_violation(internal_audit, page_path: str, url, wait, lang: str) -> None:
    assert url, f"{page_path}: add the states a user reaches to INTERNAL_STATES (its path has a template)"
    violations, popups, _walk, langs = internal_audit(page_path, url, wait, lang)
    assert violations == []
    # with each dropdown and date picker open (by keyboard: the focus goes into it, and back to the field on Escape)
    assert {cid: p for cid, p in popups.items() if p != {"violations": [], "focus_inside": True, "focus_back": True}} == {}
    assert langs == [lang, lang]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(("page_path", "url", "wait"), internal_states())
def test_internal_page_keyboard_reaches_every_control(internal_audit, page_path: str, url, wait, lang: str) -> None:
    assert url, f"{page_path}: add the states a user reaches to INTERNAL_STATES (its path has a template)"
    walk = internal_audit(page_path, url, wait, lang)[2]
    # skip link, navigation and the page's own controls; the print view shows slides for paper only (nothing to tab)
    assert walk["mark"]["n"] >= (0 if "druck=1" in url else 3), walk["mark"]
    problems = walk_problems(walk)
    assert problems == [], "\n".join(problems)


def test_every_dropdown_and_date_picker_of_the_internal_pages_was_opened(internal_audit) -> None:
    """The popups audited open: the vorher-nachher form's (a multi-select of control stations among them) and the
    Datenqualität period's date pickers."""
    for page_path, url, wait in (p.values for p in internal_states()):
        if url:
            internal_audit(page_path, url, wait, "de")
    opened = internal_audit.opened[("/vorher-nachher", "de")]
    assert {"vn-massnahme", "vn-indikator", "vn-station", "vn-messgroesse", "vn-datum", "vn-kontrollen"} <= opened
    assert {"dq-von", "dq-bis"} <= internal_audit.opened[("/datenqualitaet", "de")]


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus (a real keyboard path to it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement?.matches(sel) ?? false", selector):
            return
    raise AssertionError(f"{selector} not reached by Tab")


def test_language_switch_by_keyboard_on_the_public_instance(browser, public_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})  # own context: the language cookie stays here
    page = ctx.new_page()
    load(page, public_url + "/massnahmen")
    assert page.get_attribute("html", "lang") == "de"
    tab_to(page, "header a[lang=en]")
    page.keyboard.press("Enter")
    page.wait_for_selector("header a[lang=de]", timeout=20000)
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/massnahmen")
    assert page.get_attribute("html", "lang") == "en"
    assert "Overview" in page.inner_text("header") and "Übersicht" not in page.inner_text("header")
    tab_to(page, "header a[lang=de]")
    page.keyboard.press(" ")  # a link does not react to Space: still English
    assert page.get_attribute("html", "lang") == "en"
    page.keyboard.press("Enter")
    page.wait_for_selector("header a[lang=en]", timeout=20000)
    assert page.get_attribute("html", "lang") == "de" and "Übersicht" in page.inner_text("header")
    ctx.close()


@pytest.mark.parametrize("path", ["/indikatoren/rad_dtv", "/embed/rad_dtv"])
def test_chart_and_table_tabs_work_by_keyboard(browser, public_url: str, path: str) -> None:
    """Chart and table are two tabs (#16.6): one Tab stop for the tab list, the arrow keys (Home, End) choose."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    load(page, public_url + path)
    card = "indikator-rad_dtv" if path.startswith("/indikatoren") else "embed"
    chart, table = page.locator(f"#{card}-panel-grafik"), page.locator(f"#{card}-panel-tabelle")
    assert chart.is_visible() and not table.is_visible()
    assert page.locator(f"#{card}-tab-tabelle").get_attribute("tabindex") == "-1"
    tab_to(page, f"#{card}-tab-grafik")
    assert page.evaluate("() => document.activeElement.textContent") == "Grafik"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.id") == f"{card}-tab-tabelle"
    assert table.is_visible() and not chart.is_visible()
    assert page.get_attribute(f"#{card}-tab-tabelle", "aria-selected") == "true"
    assert table.locator("table.data-table tbody tr").count() > 0 and table.locator("th[scope=col]").count() >= 2
    page.keyboard.press("Enter")  # Enter on the chosen tab keeps it
    assert table.is_visible()
    page.keyboard.press("Home")
    assert chart.is_visible() and not table.is_visible()
    page.keyboard.press("End")
    assert table.is_visible()
    page.keyboard.press("Tab")  # the table (a scrolling region) is the next stop
    assert page.evaluate("() => document.activeElement.closest('[role=tabpanel]')?.id") == f"{card}-panel-tabelle"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowLeft")
    assert chart.is_visible() and page.evaluate("() => document.activeElement.id") == f"{card}-tab-grafik"
    page.close()


# The chart cards' table tab and share dialog (#16.4, #16.6): axe and the keyboard walk with the first card's table
# tab chosen, then with its "Teilen / Einbetten" dialog open (a modal: the walk stays in the dialog).
CARD_STATES = [
    ("/indikatoren/rad_dtv", "indikator-rad_dtv"),
    ("/indikatoren/rad_dtv?lang=en", "indikator-rad_dtv"),
    ("/handlungsfeld/mobilitaet", "karte-rad_dtv"),
    ("/karte?station={bike_counter}", "karte-reihe"),
    ("/embed/rad_dtv", "embed"),
]


# the browser's sequential focus starting point at the start of `root` (a temporary element focused and left)
JS_FOCUS_START = """(root) => {
  const t = document.createElement('span'); t.tabIndex = -1; document.querySelector(root).prepend(t); t.focus(); t.blur();
}"""


@pytest.mark.parametrize(("path", "card"), CARD_STATES)
def test_table_tab_and_share_dialog_pass_axe_and_the_keyboard_walk(browser, public_url: str, path: str, card: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce", bypass_csp=True)
    if "lang=en" in path:
        ctx.add_cookies([{"name": "wm_lang", "value": "en", "url": public_url}])
    page = ctx.new_page()
    try:
        load(page, public_url + path.format(**page_ids()))
        page.click(f"#{card}-tab-tabelle")
        assert page.locator(f"#{card}-panel-tabelle table.data-table").is_visible()
        assert axe_violations(page) == []
        # the click left the browser's focus starting point at the tab: move it to the top, as after a page load
        page.evaluate(JS_FOCUS_START, "body")
        walk = keyboard_walk(page)
        assert "table-responsive" in " ".join(s["html"] for s in walk["stops"])  # the table (scrolling) is a stop
        assert walk_problems(walk) == []
        if card == "embed":  # the bare frame has no dialog
            return
        page.click(f"#{card}-teilen-knopf")
        page.wait_for_selector(f"dialog#{card}-teilen[open]")
        assert axe_violations(page) == []
        page.evaluate(JS_FOCUS_START, f"dialog#{card}-teilen")  # showModal focused the close button: start before it
        walk = keyboard_walk(page, scope=f"dialog#{card}-teilen")
        names = [c["name"] for c in walk["mark"]["controls"]]
        assert len(names) >= (4 if card == "karte-reihe" else 7), names  # close, link, copy, (code, copy, size), close
        assert walk_problems(walk) == []
        assert all(s["kb"] is not None for s in walk["stops"])  # the focus never left the dialog for the page behind
    finally:
        ctx.close()


def test_palette_contrast() -> None:
    for c in PALETTE:
        assert contrast_ratio(c) >= 3.0, c  # marks: 3:1
    for d in STATUS_DISPLAY.values():
        assert contrast_ratio("#FFFFFF", d["color"]) >= 4.5, d  # white status text on its colour: 4.5:1


def test_vorher_nachher_dropdowns_work_by_keyboard(browser, internal_url: str) -> None:
    """Tab stops on the dropdown's own button (named by its label), arrows and Enter choose a station."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    load(page, internal_url + "/vorher-nachher?indikator=rad_dtv&datum=2022-04-01")
    tab_to(page, "#vn-station")
    assert page.evaluate("() => document.activeElement.tagName") == "BUTTON"
    assert page.evaluate("() => document.activeElement.labels[0].textContent") == "Station"
    # the page's first result re-renders the form's options once after load; a list opened before that closes again,
    # so open it (ArrowDown) until its options stay
    for _ in range(10):
        page.keyboard.press("ArrowDown")
        try:
            page.wait_for_function("() => document.querySelectorAll('.dash-dropdown-option').length >= 2", timeout=3000)
            break
        except Exception:  # noqa: BLE001 - not open yet: the focus is back on the button, try again
            page.wait_for_load_state("networkidle")
    page.keyboard.type("Berliner")  # the list's search field has the focus: narrow to one station, then choose it
    page.wait_for_function("() => document.querySelectorAll('.dash-dropdown-option').length === 1")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('station=')")
    page.wait_for_selector("#vn-effekt")
    assert "station=ecocounter" in page.url
    page.close()
