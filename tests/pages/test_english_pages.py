"""The language switch on every page: with the English cookie no German UI text is left (headings, labels, tables,
chart axes, legends, captions, buttons, messages), the console stays clean, and the German version stays German.

`german_leftovers` is the reusable check: the page's visible text nodes (SVG text of the charts included, all
<details>, table tabs and share dialogs opened, <option>s included) and lines, each compared as a whole with the German keys of the translation
table. Data values that are names (measures, indicators, stations, units responsible) may stay German.
"""

from __future__ import annotations

import string

import pytest
from app_support import demo_snapshot
from flask import Flask

from dashboard.i18n import messages
from indicators.cli import verdict_de
from indicators.labels import method_note
from indicators.store import Snapshot

pytestmark = pytest.mark.browser

# German keys that are English words too (the same text may rightly appear on the English page)
ENGLISH_WORDS = {"Personal", "Basis", "Standard", "Lags"}
VN_QUERY = "indikator=rad_dtv&station=ecocounter:100069001&datum=2022-04-01&methode=its"

# path, element that shows the content is there, English texts that must be on the page
PAGES = [
    (
        "/evaluation",
        "#plan-rad-mobilitaetsportal .plan-urteil",
        [
            "Evaluation plans",
            "Reference date",
            "Expected",
            "Placebo passed",
            "late: published only after the reference date",
            "Open in the before/after comparison",
        ],
    ),
    (
        "/massnahmen",
        "#massnahmen-zeitplan .main-svg",
        [
            "Catalogue of measures",
            "Sort by",
            "Responsible unit",
            "measures are currently running according to plan",
            "Time plan of",
            "today (",
            "Measure backlog",
            "Share / embed",
            "in progress",
        ],
    ),
    (
        "/massnahmen/mobilitaetsportal",
        "#massnahme-indikatoren",
        [
            "Field of action",
            "Responsible unit",
            "Resources",
            "Time plan",
            "Indicators",
            "Check the impact",
            "Before/after comparison for",
            "Level (IOOI)",
            "Outcome",
        ],
    ),
    (
        f"/vorher-nachher?{VN_QUERY}",
        "#vn-zeitraeume .main-svg",
        [
            "Before/after comparison",
            "Reference date",
            "Interrupted time series",
            "Estimated change since",
            "95 % interval",
            "Change in % (95 % interval)",
            "Mean before",
            "Method and data",
            "Note on the method",
            "level jump at the reference date",
            "autocorrelation-robust standard errors",
            "Window before",
        ],
    ),
    (
        "/umfragen",
        ".chart-card .main-svg",
        [
            "Surveys",
            "Survey",
            "Question",
            "All questions",
            "Share of answers (%)",
            "Key figures by wave",
            "Wave 1",
            "Change between the waves",
            "percentage points",
        ],
    ),
    (
        "/datenqualitaet",
        "#dq-abdeckung .main-svg",
        [
            "Data quality",
            "Alerts",
            "Standing alerts",
            "Station not reporting",
            "Coverage per station",
            "Kind of station",
            "From",
            "Gaps and outages",
            "Last load per source kind",
            "Rejected rows",
            "Stale indicators",
            "Stations without coordinates",
            "Coverage",
        ],
    ),
    (
        "/praesentation?folie=4",
        "#praesentation .folie.aktiv .main-svg",
        [
            "Change",
            "95 % interval",
            "Back",
            "Next",
            "Full screen (F)",
            "Download as PDF",
            "Exit",
            "As of",
            "Source",
            "monthly mean",
        ],
    ),
    ("/", "text=Communication & Education", ["Impact measurement of the Open Smart City strategy", "Indicators by progress"]),
    (
        "/handlungsfeld/mobilitaet",
        ".chart-card .main-svg",
        ["Field of action Mobility", "Responsible", "Share / embed", "Chart", "Table"],
    ),
    (
        "/indikatoren/rad_dtv",
        ".chart-card .main-svg",
        [
            "Outcome (effect on the target group)",
            "higher is better",
            "monthly",
            "Share / embed",
            "Chart",
            "Table",
            "Target",
            "Period from",
        ],
    ),
    ("/methodik", "#methodik-en h1", ["Methods and glossary"]),
    ("/glossar", "#glossar-begriffe h2", ["Glossary", "Search for a term", "Before/after comparison", "On track"]),
    ("/embed/rad_dtv", "#embed-graph .main-svg", ["Chart", "Table", "More in the impact monitor", "Period from"]),
]

_VISIBLE_TEXT = """(selector) => {
    const root = document.querySelector(selector);
    root.querySelectorAll('details').forEach(d => { d.open = true; });
    // a card's table tab: chosen once (a table sent as JSON is built then), then every panel shown
    root.querySelectorAll('[role=tabpanel][hidden]').forEach(p => {
        const tab = document.querySelector(`[role=tab][aria-controls="${p.id}"]`);
        if (tab) tab.click();
    });
    root.querySelectorAll('[role=tabpanel][hidden]').forEach(p => { p.hidden = false; });
    root.querySelectorAll('dialog:not([open])').forEach(d => { d.show(); });  // a card's share dialog
    // on a page in another language, content marked lang="de" (a slide's own text) is German on purpose
    const pageLang = (root.closest('[lang]') || root.querySelector('[lang]')).getAttribute('lang');
    const german = pageLang === 'de' ? [] : [...root.querySelectorAll('[lang=de]')];
    const out = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement, text = node.textContent.trim();
        if (!text || !el || el.closest('script, style, noscript, template')) continue;
        if (german.some(g => g.contains(el))) continue;
        if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) continue;
        out.push(text);
    }
    root.querySelectorAll('select option').forEach(o => out.push(o.textContent.trim()));
    const shown = german.filter(el => el.style.display !== 'none');
    shown.forEach(el => { el.style.display = 'none'; });  // lines without the German-marked content
    const lines = root.innerText.split('\\n');
    shown.forEach(el => { el.style.display = ''; });
    return out.concat(lines.map(s => s.trim()).filter(Boolean));
}"""


def german_keys() -> set[str]:
    """German UI texts that must not remain on an English page (texts with placeholders cannot appear as they are)."""
    return {
        k
        for k, v in messages("en").items()
        if k.lower() != v.lower()
        and len(k) >= 4
        and k not in ENGLISH_WORDS
        and not any(f for _, f, _, _ in string.Formatter().parse(k) if f is not None)
    }


def german_leftovers(page, allowed: set[str] = frozenset(), *, root: str = "body") -> list[str]:
    """Visible text nodes and lines in `root` of `page` that are a German UI text (whole, or as the label before „: “).

    Opens every <details>, table tab and share dialog first; text inside an element marked `lang="de"` is German on purpose.
    """
    keys = german_keys() - set(allowed)
    found = []
    for text in page.evaluate(_VISIBLE_TEXT, root):
        for candidate in {text, text.rstrip(":").strip(), text.split(": ", 1)[0]}:
            if candidate in keys:
                found.append(text)
                break
    return sorted(set(found))


@pytest.fixture(scope="module")
def data_names() -> set[str]:
    """Names from the data that may stay German (a measure is called „Baumsensoren“, a kind is too)."""
    snap = Snapshot(demo_snapshot())
    names = set()
    for sql in (
        "select title from measure",
        "select name from indicator",
        "select name from station",
        "select distinct responsible_unit from measure where responsible_unit is not null",
    ):
        names |= {r[0] for r in snap.rows(sql)}
    return names


@pytest.fixture(scope="module")
def glossary_terms() -> set[str]:
    """The English glossary names each term's German original (a column of its own)."""
    from pages.methodik import doc as methods_doc

    tables = [b for s in methods_doc.load()["en"].sections for b in s.blocks if isinstance(b, methods_doc.Table)]
    return {r[1] for t in tables if len(t.header) > 1 for r in t.rows}


def open_in(browser, url: str, wait_for: str, *, lang: str | None):
    """A page in a fresh context with the language switch's cookie; returns (page, console errors)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    if lang:  # for the whole site: Dash's callbacks go to /_dash-update-component
        origin = "/".join(url.split("/")[:3])
        context.add_cookies([{"name": "wm_lang", "value": lang, "url": origin + "/"}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(wait_for, timeout=30000)
    page.wait_for_load_state("networkidle")
    return page, errors


@pytest.mark.parametrize(("path", "selector", "texts"), PAGES, ids=[p for p, _, _ in PAGES])
def test_english_page_has_no_german_ui_text(
    browser, base_url: str, data_names: set[str], glossary_terms: set[str], path: str, selector: str, texts: list[str]
) -> None:
    page, errors = open_in(browser, base_url + path, selector, lang="en")
    try:
        assert page.locator("div[lang=en]").count() >= 1
        assert german_leftovers(page, data_names | (glossary_terms if path == "/methodik" else set())) == []
        body = page.inner_text("body")  # with every <details> opened by the check
        missing = [t for t in texts if t not in body]
        assert missing == [], missing
        assert errors == []
    finally:
        page.context.close()


def test_embed_follows_its_own_lang_parameter(browser, base_url: str, data_names: set[str]) -> None:
    """An iframe on the city's website has no cookie: `?lang=en` alone makes the chart English too."""
    page, errors = open_in(browser, base_url + "/embed/rad_dtv?lang=en", "#embed-graph .main-svg", lang=None)
    try:
        assert german_leftovers(page, data_names, root="#inhalt") == []
        assert "Period from" in page.inner_text("#inhalt") and "latest" in page.inner_text("figcaption")
        assert errors == []
    finally:
        page.context.close()


def test_german_version_stays_german(browser, base_url: str) -> None:
    page, errors = open_in(browser, f"{base_url}/vorher-nachher?{VN_QUERY}", "#vn-zeitraeume .main-svg", lang=None)
    try:
        body = page.inner_text("body")
        for t in (
            "Vorher-nachher-Vergleich",
            "Geschätzte Veränderung seit dem",
            "Unterbrochene Zeitreihe",
            "Stichtag",
            "Methode und Daten",
            "Niveausprung am Stichtag",
        ):
            assert t in body, t
        assert "Estimated change" not in body and "Reference date" not in body
        assert page.locator("div[lang=de]").count() >= 1
        assert errors == []
    finally:
        page.context.close()


def test_leftover_check_finds_german_text(browser, base_url: str) -> None:
    """The check itself: on the German page it reports the German texts."""
    page, _ = open_in(browser, base_url + "/massnahmen", "#massnahmen-zeitplan .main-svg", lang=None)
    try:
        found = german_leftovers(page)
        assert {"Maßnahmenkatalog", "Sortieren nach", "Auswahl zurücksetzen"} <= set(found)
    finally:
        page.context.close()


# --- the domain's German texts at the display layer ----------------------------------------------------------------


def test_comparison_errors_and_texts_in_english(data_names: set[str]) -> None:
    from dashboard.status_display import verdict
    from indicators import comparisons as cmp
    from indicators.before_after import BeforeAfterError
    from pages.vorher_nachher import figures as vf

    app = Flask(__name__)
    snap = Snapshot(demo_snapshot())
    with app.test_request_context("/?lang=en"):
        for query, english in [
            ({"datum": "morgen"}, "invalid date “morgen”"),
            ({"datum": "2022-04-01", "fenster": "5"}, "the window must be between 30 and 1.826 days"),
            ({"datum": "2022-04-01", "indikator": "gibtsnicht"}, "unknown indicator “gibtsnicht”"),
            ({"datum": "1990-01-01", "indikator": "rad_dtv"}, "too little data around 01.01.1990"),
        ]:
            with pytest.raises(BeforeAfterError) as e:
                cmp.run(snap, cmp.ComparisonRequest.from_query(query))
            assert english in vf.error_text(e.value), vf.error_text(e.value)
        c = cmp.run(
            snap,
            cmp.ComparisonRequest.from_query(
                {"indikator": "rad_dtv", "station": "ecocounter:100069001", "datum": "2022-04-01", "methode": "adjusted"}
            ),
        )
        note = vf.method_note(c.result)
        assert note.startswith("Weather- and calendar-adjusted comparison") and "count model (quasi-Poisson" in note, note
        assert not any(w in note for w in ("bereinigt", "Intervall", "Saison", "Modell")), note
        # the demo's year shocks make a single station "not informative" here: any verdict, in English
        assert verdict(c.result).split(" ")[0] in ("Increase", "Decrease", "No", "Not"), verdict(c.result)
    with app.test_request_context("/"):
        with pytest.raises(BeforeAfterError) as e:
            cmp.run(snap, cmp.ComparisonRequest.from_query({"datum": "morgen"}))
        assert vf.error_text(e.value) == str(e.value) == "ungültiges Datum „morgen“: erwartet JJJJ-MM-TT, z. B. 2022-04-01"
        assert verdict(c.result) == verdict_de(c.result)  # the dashboard's German sentence is the CLI's
        assert vf.method_note(c.result) == method_note(c.result)


def test_every_english_text_keeps_its_placeholders() -> None:
    fields = lambda t: sorted(f for _, f, _, _ in string.Formatter().parse(t) if f)  # noqa: E731
    assert [k for k, v in messages("en").items() if fields(k) != fields(v)] == []
