"""One language per page, the libraries' words included (#16 point 10): every page in German shows none of a list of
English UI words, and in English none of a list of German ones — in the visible text, in the aria-labels, titles and
placeholders of its controls, in every date picker's opened calendar (month and weekday names, month buttons), in the
map's controls and on the 404 page. Plotly's date axes use German patterns ("5. Okt. 2025").

Content that is German in English mode (indicator names, slide texts: #16 point 11) is not what this checks: the lists
hold words of the user interface only."""

from __future__ import annotations

import re

import pytest
from test_every_page import PATHS

pytestmark = pytest.mark.browser

# the libraries' (and the app's) English words that must not show on a German page
ENGLISH_UI = [
    "Previous month",
    "Next month",
    "Close calendar",
    "Clear date",
    "Select Date",
    "Select...",
    "Decrease value",
    "Increase value",
    "Zoom in",
    "Zoom out",
    "Layers",
    "A JavaScript library for interactive maps",
    "Page not found",
    "Not Found",
    "Autoscale",
    "Reset axes",
    "Download plot",
    "Loading",
    "January",
    "February",
    "March",
    "May",
    "June",
    "July",
    "October",
    "December",
]
# German words of the user interface that must not show on an English page
GERMAN_UI = [
    "Vorheriger Monat",
    "Nächster Monat",
    "Kalender schließen",
    "Hineinzoomen",
    "Herauszoomen",
    "Kartenebenen",
    "interaktive Karten",
    "Seite nicht gefunden",
    "Zur Startseite",
    "Zurück",
    "Startseite",
    "Herunterladen",
    "Achsen zurücksetzen",
    "Januar",
    "Februar",
    "März",
    "Oktober",
    "Dezember",
    "TT.MM.JJJJ",
]
# inside an opened calendar: month and weekday names of the other language (date-fns' two-letter weekdays)
CALENDAR = {
    "de": ["January", "March", "May", "October", "December", "Tu", "We", "Th", "Su"],
    "en": ["Januar", "März", "Mai", "Oktober", "Dezember", "Di", "Mi", "Do", "So"],
}
CALENDAR_OWN = {"de": ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"], "en": ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]}

# text and labels of `root`, without what an element marks as another language on purpose (the "English" link of a
# German page, a slide's German text on an English page)
_SHOWN = """([root, lang]) => {
    const scope = document.querySelector(root);
    if (!scope) return [];
    const other = el => { const l = el.closest('[lang]'); return l && l.getAttribute('lang') !== lang; };
    const out = [];
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const el = walker.currentNode.parentElement, text = walker.currentNode.textContent.trim();
        if (!text || !el || el.closest('script, style, noscript, template') || other(el)) continue;
        if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) continue;
        out.push(text);
    }
    scope.querySelectorAll('[aria-label], [title], [placeholder]').forEach(el => {
        if (other(el)) return;
        for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    });
    return out;
}"""


def found(texts: list[str], words: list[str]) -> list[str]:
    """The words (whole words, case-sensitive) that occur in any of the texts."""
    return sorted({w for w in words for t in texts if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", t)})


def open_in(browser, url: str, selector: str, lang: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    if lang == "en":
        context.add_cookies([{"name": "wm_lang", "value": "en", "url": "/".join(url.split("/")[:3]) + "/"}])
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(selector, timeout=30000)
    page.wait_for_load_state("networkidle")
    return page


def calendars(page, lang: str) -> list[str]:
    """Opens each date picker of the page in turn; returns what the opened calendars show (text and labels)."""
    shown: list[str] = []
    for i in range(page.locator(".dash-datepicker-input").count()):
        page.locator(".dash-datepicker-input").nth(i).click()
        page.wait_for_selector(".dash-datepicker-calendar-wrapper .dash-datepicker-month-nav", timeout=10000)
        page.wait_for_timeout(200)  # the label fix runs on the next animation frame
        texts = page.evaluate(_SHOWN, [".dash-datepicker-calendar-wrapper", lang])
        assert set(found(texts, CALENDAR_OWN[lang])) == set(CALENDAR_OWN[lang]), texts  # the weekday row is there
        shown += texts
        page.keyboard.press("Escape")
        page.wait_for_selector(".dash-datepicker-calendar-wrapper", state="detached", timeout=5000)
    return shown


# the methods page shows #methodik-en in English
PAGES = [*[(p, s.replace("#methodik-de", "[id^=methodik-]")) for p, s in PATHS], ("/gibt-es-nicht", "#nicht-gefunden")]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(("path", "selector"), PAGES, ids=[p for p, _ in PAGES])
def test_page_shows_no_word_of_the_other_language(browser, base_url: str, path: str, selector: str, lang: str) -> None:
    page = open_in(browser, base_url + path, selector, lang)
    try:
        page.wait_for_timeout(200)  # the label fix runs on the next animation frame
        texts = page.evaluate(_SHOWN, ["body", lang])
        opened = calendars(page, lang)
        assert found(texts + opened, ENGLISH_UI if lang == "de" else GERMAN_UI) == []
        assert found(opened, CALENDAR[lang]) == []
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("path", "lang", "month", "weekdays", "labels"),
    [
        (
            "/datenqualitaet",
            "de",
            re.compile(r"^(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)$"),
            ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
            ["Vorheriger Monat", "Nächster Monat"],
        ),
        (
            "/datenqualitaet",
            "en",
            re.compile(r"^(January|February|March|April|May|June|July|August|September|October|November|December)$"),
            ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
            ["Previous month", "Next month"],
        ),
    ],
)
def test_date_picker_speaks_the_page_language(browser, base_url, path, lang, month, weekdays, labels) -> None:
    """Datenqualität's date fields are the app's TT.MM.JJJJ picker (no native <input type=date>); its calendar names
    months and weekdays (Monday first) and labels its buttons in the page's language, whatever the browser's."""
    page = open_in(browser, base_url + path, "#dq-abdeckung .main-svg", lang)
    try:
        assert page.locator("input[type=date]").count() == 0
        assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", page.input_value("#dq-von")), page.input_value("#dq-von")
        page.click("#dq-von")
        page.wait_for_selector(".dash-datepicker-month-nav", timeout=10000)
        page.wait_for_function(
            "label => document.querySelector('.dash-datepicker-month-nav').getAttribute('aria-label') === label", arg=labels[0]
        )
        nav = [b.get_attribute("aria-label") for b in page.locator(".dash-datepicker-month-nav").all()]
        assert nav == labels
        header = [t.strip() for t in page.locator(".dash-datepicker-calendar-wrapper th").all_inner_texts()]
        assert header[:7] == weekdays, header
        shown_month = page.locator(".dash-datepicker-controls").inner_text().split("\n")[0].strip()
        assert month.match(shown_month), shown_month
    finally:
        page.context.close()


_TICKS = """async () => {
    const gd = document.querySelector('.chart-card .js-plotly-plot');
    await Plotly.relayout(gd, {'xaxis.range': ['2025-10-03', '2025-10-12'], 'xaxis.tickformat': '',
                               'xaxis.dtick': 86400000, 'xaxis.tick0': '2025-10-01'});
    return [...gd.querySelectorAll('.xtick text')].map(t => {
        const lines = [...t.querySelectorAll('tspan.line')].map(s => s.textContent);
        return lines.length ? lines.join(' ') : t.textContent;
    });
}"""


@pytest.mark.parametrize(
    ("lang", "ticks"), [("de", ["3. Okt. 2025", "4. Okt.", "5. Okt."]), ("en", ["Oct 3 2025", "Oct 4", "Oct 5"])]
)
def test_plotly_date_axis_in_the_page_language(browser, base_url: str, lang: str, ticks: list[str]) -> None:
    """Days on a date axis: "5. Okt." (the first tick with its year: "3. Okt. 2025") in German, "Oct 5" in English
    (plotly.js' locale with German date patterns from dashboard/assets/04-bibliotheken-deutsch.js)."""
    page = open_in(browser, base_url + "/indikatoren/pm10_tagesmittel", ".chart-card .main-svg", lang)
    try:
        assert page.evaluate(_TICKS)[:3] == ticks
    finally:
        page.context.close()


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_unknown_address_is_a_404_page_in_the_app(browser, base_url: str, public: bool) -> None:
    """/gibt-es-nicht: status 404, and in the browser a German page in the app's frame with links back (English with
    ?lang=en), on the internal and the public instance (whose page router refuses internal pages, not unknown ones)."""
    import urllib.error
    import urllib.request

    from app_support import public_snapshot, serve

    if public:
        base_url = serve(public_snapshot(), public=True)
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(base_url + "/gibt-es-nicht")
    assert e.value.code == 404
    for lang, heading, home in (
        ("de", "Seite nicht gefunden", "Zur Startseite"),
        ("en", "Page not found", "Go to the home page"),
    ):
        page = open_in(browser, base_url + "/gibt-es-nicht" + ("?lang=en" if lang == "en" else ""), "#nicht-gefunden", "de")
        try:
            assert page.inner_text("h1") == heading
            assert page.locator("header nav").count() >= 1  # the app's frame: navigation and footer
            assert page.locator("footer a[href='/barrierefreiheit']").count() == 1
            assert page.get_attribute(f"#inhalt a:text-is('{home}')", "href") == "/"
            assert page.locator("#inhalt li a[href='/massnahmen']").count() == 1
            assert page.locator("#inhalt li a[href='/datenqualitaet']").count() == (0 if public else 1)  # its own pages
            assert page.title().startswith(f"{heading} – ")
        finally:
            page.context.close()


@pytest.mark.parametrize(
    ("path", "ready", "open_picker"),
    [
        ("/gibt-es-nicht", "#nicht-gefunden", False),
        ("/gibt-es-nicht?lang=en", "#nicht-gefunden", False),
        ("/datenqualitaet", "#dq-abdeckung .main-svg", False),
        ("/datenqualitaet", "#dq-abdeckung .main-svg", True),
    ],
)
def test_what_this_adds_has_no_serious_axe_violation(browser, base_url, path: str, ready: str, open_picker: bool) -> None:
    """The 404 page and the Datenqualität date fields, closed and with the calendar open."""
    from test_accessibility import axe_violations

    page = open_in(browser, base_url + path, ready, "de")
    try:
        if open_picker:
            page.click("#dq-von")
            page.wait_for_selector(".dash-datepicker-calendar-wrapper .dash-datepicker-month-nav", timeout=10000)
        assert axe_violations(page) == []
    finally:
        page.context.close()
