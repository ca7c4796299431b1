"""Methodik: docs/methods.md in German and English, every method with assumptions and limits, the glossary."""

from __future__ import annotations

import pytest
from app_support import open_page

from indicators.before_after import METHODS
from pages.methodik import doc as methods_doc
from pages.methodik.doc import Table

pytestmark = pytest.mark.browser

GLOSSARY_DE = [
    "Handlungsfeld",
    "Zielbild",
    "Maßnahme",
    "Maßnahmenspeicher",
    "Wirkungsmessung",
    "Open Smart City",
    "Open Data",
    "Open Source",
    "Open Government",
    "Indikator",
    "Basiswert",
    "Zielwert",
    "DTV",
    "IOOI",
]
GLOSSARY_EN = [
    "Field of action",
    "Target vision",
    "Measure",
    "Measure backlog",
    "Impact measurement",
    "Open Smart City",
    "Open data",
    "Open source",
    "Open government",
    "Indicator",
    "Baseline",
    "Target value",
    "AADT / ADT",
    "IOOI",
]


def _glossary(part: methods_doc.LanguagePart) -> Table:
    blocks = part.sections[-1].blocks
    return next(b for b in blocks if isinstance(b, Table))


def test_document_has_both_languages_with_matching_sections() -> None:
    doc = methods_doc.load()
    assert set(doc) == {"de", "en"}
    de, en = doc["de"], doc["en"]
    assert de.title == "Methodik und Glossar" and en.title == "Methods and glossary"
    assert len(de.sections) == len(en.sections) >= 7
    # every before/after method, with its assumptions and when not to trust it, in both languages
    ba_de, ba_en = de.section("vorher-nachher-vergleiche"), en.section("before-after-comparisons")
    text_de, text_en = "\n".join(map(str, ba_de.blocks)), "\n".join(map(str, ba_en.blocks))
    assert text_de.count("**Annahmen:**") == len(METHODS) and text_de.count("**Wann nicht trauen:**") == len(METHODS)
    assert text_en.count("**Assumptions:**") == len(METHODS) and text_en.count("**When not to trust it:**") == len(METHODS)
    for needle in ("0,95", "0,6", "1,5 %", "0,5 %"):
        assert needle in "\n".join(map(str, de.section("fortschritt-gegenueber-dem-ziel").blocks))
    for needle in ("UTC", "März", "rejected_row", "SHA-256"):
        assert needle in "\n".join(map(str, de.section("umgang-mit-daten").blocks))


def test_glossary_terms_in_both_languages() -> None:
    doc = methods_doc.load()
    de, en = _glossary(doc["de"]), _glossary(doc["en"])
    terms_de, terms_en = {r[0] for r in de.rows}, {r[0] for r in en.rows}
    assert set(GLOSSARY_DE) <= terms_de and set(GLOSSARY_EN) <= terms_en
    assert {r[1] for r in en.rows} == terms_de  # each English entry names its German term, and vice versa
    assert {r[1] for r in de.rows} == terms_en
    assert all(len(r) == 3 and r[2] for r in de.rows + en.rows)


def test_parse_splits_languages_sections_and_tables() -> None:
    text = (
        "preface\n<!-- lang: de -->\n# Titel\nEinleitung\n## Eins\nText **fett**\n\n| A | B |\n|---|:---:|\n| x | `y` |\n"
        "mehr\n## Zwei Ä\n<!-- lang: en -->\n# Title\n## One\n"
    )
    doc = methods_doc.parse(text)
    assert doc["de"].title == "Titel" and doc["de"].intro == ("Einleitung",)
    one = doc["de"].sections[0]
    assert one.slug == "eins" and one.blocks == ("Text **fett**", Table(("A", "B"), (("x", "`y`"),)), "mehr")
    assert doc["de"].sections[1].slug == "zwei-ae" and doc["de"].sections[1].blocks == ()
    assert doc["en"].sections[0].title == "One"


def test_german_page(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/methodik", "#methodik-de h1")
    assert page.locator("h1").count() == 1 and page.inner_text("h1") == "Methodik und Glossar"
    assert page.get_attribute("#methodik-de", "lang") == "de"
    body = page.inner_text("#methodik-de")
    for needle in (
        "Wirkungslogik (IOOI)",
        "Statistics Canada",
        "veraltet",
        "Newey–West",
        "Differenz-von-Differenzen",
        "Wann nicht trauen",
        "primäre Sperrung",
        "UTC",
    ):
        assert needle in body, needle
    glossary = page.locator("#abschnitt-glossar tbody th[scope=row]").all_inner_texts()
    assert set(GLOSSARY_DE) <= set(glossary)
    assert page.locator("a[href='#glossar']").count() == 1  # table of contents
    assert page.get_attribute("#methodik-sprache a[aria-current=page]", "lang") == "de"
    assert errors == []
    page.close()


def test_english_page_and_language_toggle(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/methodik", "#methodik-de h1")
    page.click("#methodik-sprache a[lang=en]")
    page.wait_for_selector("#methodik-en h1")
    page.wait_for_selector("#methodik-en .methodik-text p")  # the text blocks are dcc.Markdown: an async chunk, later
    assert page.url.endswith("/methodik?lang=en")
    assert page.inner_text("h1") == "Methods and glossary"
    body = page.inner_text("#methodik-en")
    for needle in (
        "Impact logic (IOOI)",
        "Open SDG",
        "stale",
        "Interrupted time series",
        "When not to trust it",
        "primary suppression",
        "March gap",
    ):
        assert needle in body, needle
    glossary = page.locator("#abschnitt-glossary tbody th[scope=row]").all_inner_texts()
    assert set(GLOSSARY_EN) <= set(glossary)
    assert errors == []
    page.close()


def test_the_city_default_method_per_kind_of_series_is_explained_as_declared() -> None:
    """`DEFAULT_METHOD` (indicators/comparisons.py) is the one declaration; /methodik explains it in both languages."""
    from indicators.comparisons import DEFAULT_METHOD
    from indicators.labels import METHOD_SHORT_DE

    doc = methods_doc.load()
    tables = {
        lang: next(
            b
            for b in doc[lang].section(slug).blocks
            if isinstance(b, Table) and b.header[1] in ("Standardverfahren", "Default method")
        )
        for lang, slug in (("de", "vorher-nachher-vergleiche"), ("en", "before-after-comparisons"))
    }
    kinds = {"daily": "Tageswerte", "periodic": "Monats- oder Jahreswerte"}
    assert len(tables["de"].rows) == len(tables["en"].rows) == len(DEFAULT_METHOD)
    for kind, method in DEFAULT_METHOD.items():
        row = next(r for r in tables["de"].rows if r[0].startswith(kinds[kind]))
        assert row[1].startswith(METHOD_SHORT_DE[method][0]), (kind, row)
    assert "Einfacher" not in " ".join(r[1] for r in tables["de"].rows)
