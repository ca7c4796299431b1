"""Glossar (/glossar) in real headless Chromium: every term alphabetical under its anchor, German, English and Leichte
Sprache (with the content's `lang`), the search field, an address with an anchor scrolling to its entry, the public
instance serving it — and on the pages that use the terms, the first use of a term is a link to its entry, and that
entry exists (never in an embed)."""

from __future__ import annotations

import pytest
from app_support import open_page, public_snapshot, serve

from dashboard import glossary

pytestmark = pytest.mark.browser

GLOSSARIES = glossary.load()
ENTRIES = "#glossar-begriffe h2"


def _headings(page) -> list[dict]:
    return page.eval_on_selector_all(ENTRIES, "hs => hs.map(h => ({id: h.id, text: h.innerText}))")


def test_german_by_default_alphabetical_with_an_anchor_per_term(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/glossar", ENTRIES)
    try:
        assert page.title() == "Glossar – Wirkungsmonitor Offenbach"
        assert page.locator("h1").count() == 1 and page.inner_text("h1") == "Glossar"
        assert page.get_attribute("#glossar-begriffe", "lang") == "de"
        heads = _headings(page)
        de = GLOSSARIES["de"]
        assert [h["id"] for h in heads] == [t.id for t in de.alphabetical()]
        assert [h["text"] for h in heads] == sorted((h["text"] for h in heads), key=glossary.sort_key)
        assert {h["id"] for h in heads} == set(de.terms)  # every term, each with its anchor
        # the terms the app shows, by their exact words
        body = page.inner_text("#glossar-begriffe")
        for words in ("DTV", "Auf Kurs", "Fortschritt, Beschleunigung nötig", "Differenz-von-Differenzen", "PM10"):
            assert words in body
        # a heading level below the page's h1, none skipped
        levels = page.eval_on_selector_all("#glossar h1, #glossar h2, #glossar h3", "hs => hs.map(h => h.tagName)")
        assert levels[0] == "H1" and set(levels[1:]) == {"H2"}
        assert page.locator("footer a[href='/glossar']").count() == 1  # beside Methodik, on every page
        # a cross-reference inside an entry jumps to the other entry on the page
        page.click("#dtv + .glossar-text a[href='#zaehlstelle']")
        assert page.evaluate("() => location.hash") == "#zaehlstelle"
        assert errors == []
    finally:
        page.close()


def test_english_with_the_language_switch(browser, base_url: str) -> None:
    context = browser.new_context()
    context.add_cookies([{"name": "wm_lang", "value": "en", "url": base_url + "/"}])
    page = context.new_page()
    try:
        page.goto(base_url + "/glossar")
        page.wait_for_selector(ENTRIES)
        assert page.title() == "Glossary – Offenbach Impact Monitor"
        assert page.inner_text("h1") == "Glossary"
        assert page.get_attribute("#glossar-begriffe", "lang") == "en"
        assert [h["id"] for h in _headings(page)] == [t.id for t in GLOSSARIES["en"].alphabetical()]
        assert "Before/after comparison" in page.inner_text("#glossar-begriffe")
        assert page.inner_text("#glossar-treffer") == f"{len(GLOSSARIES['en'].terms)} terms"
        # from English, the switch's Leichte Sprache is German content (and a German page around it)
        page.click("#glossar-sprache a:text('Leichte Sprache')")
        page.wait_for_selector("h1:text('Glossar in Leichter Sprache')")
        assert page.get_attribute("#glossar-begriffe", "lang") == "de"
        assert "sprache=leicht" in page.url
    finally:
        context.close()


def test_leichte_sprache_is_german_with_its_own_texts(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/glossar?sprache=leicht", ENTRIES)
    try:
        assert page.inner_text("h1") == "Glossar in Leichter Sprache"
        assert page.get_attribute("#glossar-begriffe", "lang") == "de"
        assert page.get_attribute("#glossar-sprache a[aria-current=page]", "href") == "/glossar?lang=de&sprache=leicht"
        heads = _headings(page)
        assert {h["id"] for h in heads} == set(GLOSSARIES["de-leicht"].terms)
        assert "Basis-Wert" in [h["text"] for h in heads]
        assert "Der Basis-Wert ist ein Wert am Anfang." in page.inner_text("#basiswert + .glossar-text")
        assert errors == []
    finally:
        page.close()


def test_the_search_field_filters_the_entries(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/glossar", ENTRIES)
    try:
        page.fill("#glossar-suche", "feinstaub")
        visible = page.eval_on_selector_all(".glossar-eintrag:not([hidden]) h2", "hs => hs.map(h => h.id)")
        assert "feinstaub" in visible and "wirkungskette" in visible  # the chain names Feinstaub as an impact
        assert "dtv" not in visible
        assert page.inner_text("#glossar-treffer") == f"{len(visible)} Begriffe"
        page.fill("#glossar-suche", "Likert")
        assert page.inner_text("#glossar-treffer") in ("1 Begriff", "2 Begriffe", "3 Begriffe")
        page.fill("#glossar-suche", "xyzzy")
        assert page.locator(".glossar-eintrag:not([hidden])").count() == 0
        assert page.inner_text("#glossar-treffer") == "Kein Begriff gefunden."
        page.fill("#glossar-suche", "")
        assert page.locator(".glossar-eintrag:not([hidden])").count() == len(GLOSSARIES["de"].terms)
        assert errors == []
    finally:
        page.close()


def test_an_address_with_an_anchor_scrolls_to_its_entry(browser, base_url: str) -> None:
    """Dash renders the page after the browser looked for the anchor: glossar.js scrolls once the entry is there."""
    page, errors = open_page(browser, base_url + "/glossar#kontrollstationen", ENTRIES, height=600)
    try:
        page.wait_for_function("() => document.activeElement.id === 'kontrollstationen'")
        assert page.evaluate("() => window.scrollY") > 1000
        top = page.eval_on_selector("#kontrollstationen", "h => h.getBoundingClientRect().top")
        assert 0 <= top < 100  # at the top of the window
        assert errors == []
    finally:
        page.close()


def test_the_public_instance_serves_the_glossary(browser) -> None:
    url = serve(public_snapshot(), public=True)
    page, errors = open_page(browser, url + "/glossar", ENTRIES)
    try:
        assert len(_headings(page)) == len(GLOSSARIES["de"].terms)
        assert page.locator("footer a[href='/glossar']").count() == 1
        assert errors == []
    finally:
        page.close()


# --- the first use of a term on a page links to its entry ------------------------------------------------------------

# the first text node (outside headings, navigation and form controls) that holds one of a term's forms, as whole
# words: the link around it, or null
_FIRST_USE = r"""([forms]) => {
    const skip = 'h1, h2, h3, h4, h5, h6, nav, header, footer, label, legend, button, select, option, script, style, '
        + '.dash-dropdown, [role=radiogroup], [role=tablist], .visually-hidden, .visually-hidden-focusable';
    const res = forms.map(f => new RegExp('(?<![\\p{L}\\p{N}_])' + f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        + '(?![\\p{L}\\p{N}_])', 'iu'));
    const walker = document.createTreeWalker(document.querySelector('#inhalt'), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        if (!el || el.closest(skip) || !res.some(r => r.test(node.textContent))) continue;
        const a = el.closest('a');
        return {text: node.textContent, href: a ? a.getAttribute('href') : null};
    }
    return null;
}"""

FIRST_USES = [
    ("/", "#inhalt .card-title", ["handlungsfeld", "zielbild", "datenstand", "fortschritt"]),
    ("/handlungsfeld/mobilitaet", ".chart-card .main-svg", ["zielbild"]),
    ("/indikatoren/rad_dtv", ".chart-card .main-svg", ["basiswert", "zielwert", "datenstand", "reihenbruch"]),
    ("/vorher-nachher", "form.vn-auswahl", ["stichtag", "intervall-95"]),
    ("/umfragen", ".chart-card .main-svg", ["befragungswelle", "kleinzellen", "intervall-95"]),
    ("/methodik", "#methodik-de h2", ["wirkungskette", "basiswert", "intervall-95", "kontrollstationen", "demodaten"]),
]


@pytest.mark.parametrize(("path", "wait", "terms"), FIRST_USES, ids=[p for p, _, _ in FIRST_USES])
def test_the_first_use_of_a_term_links_to_its_entry(browser, base_url: str, path: str, wait: str, terms: list[str]) -> None:
    page, errors = open_page(browser, base_url + path, wait)
    try:
        hrefs = set()
        for tid in terms:
            first = page.evaluate(_FIRST_USE, [list(GLOSSARIES["de"].terms[tid].forms)])
            assert first is not None, f"{path}: {tid} not used"
            assert first["href"] == f"/glossar#{tid}", f"{path}: first use of {tid} is {first}"
            link = page.locator(f"#inhalt a[href='/glossar#{tid}']")
            assert link.count() == 1  # the first use only
            assert link.get_attribute("title")  # what the term means, before following the link
            hrefs.add(first["href"])
        assert errors == []
    finally:
        page.close()
    # the links resolve: each anchor is an entry of the glossary
    page, _errors = open_page(browser, base_url + "/glossar", ENTRIES)
    try:
        for href in hrefs:
            assert page.locator(f"#glossar-begriffe h2#{href.split('#')[1]}").count() == 1
    finally:
        page.close()


def test_english_pages_link_to_the_english_glossary(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/umfragen?lang=en", ".chart-card .main-svg")
    try:
        first = page.evaluate(_FIRST_USE, [list(GLOSSARIES["en"].terms["kleinzellen"].forms)])
        assert first["href"] == "/glossar?lang=en#kleinzellen"
        page.click("#inhalt a[href='/glossar?lang=en#kleinzellen']")
        page.wait_for_selector(ENTRIES)
        assert page.get_attribute("#glossar-begriffe", "lang") == "en"
        page.wait_for_function("() => document.activeElement.id === 'kleinzellen'")
        assert errors == []
    finally:
        page.close()


def test_an_embed_has_no_glossary_link(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/embed/rad_dtv", ".main-svg")
    try:
        assert page.locator("a[href*='/glossar']").count() == 0
        assert errors == []
    finally:
        page.close()
