"""The glossary's data (data/glossar/*.toml) and its link helper (dashboard/glossary.py): every term in every language
and no orphan, cross-references that resolve, the progress badges' exact labels, agreement with the glossary of
docs/methods.md, Leichte Sprache's short sentences, and the first use of a term linked once (never in an embed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from dashboard import glossary
from dashboard.i18n import messages
from dashboard.status_display import STATUS_DISPLAY
from pages.methodik import doc as methods_doc

GLOSSARIES = glossary.load()
REFERENCE = GLOSSARIES[glossary.DEFAULT]
XREF = re.compile(r"\]\(#([^)\s]+)\)")


def test_the_three_languages_are_there() -> None:
    assert {"de", "en", "de-leicht"} <= set(GLOSSARIES)
    assert GLOSSARIES["de-leicht"].lang == "de"  # Leichte Sprache is German: its content says lang="de"
    assert GLOSSARIES["en"].lang == "en"
    assert len(REFERENCE.terms) >= 30


@pytest.mark.parametrize("key", sorted(GLOSSARIES))
def test_every_term_in_every_language_and_no_orphan(key: str) -> None:
    g = GLOSSARIES[key]
    assert set(g.terms) - set(REFERENCE.terms) == set(), f"{key}.toml: terms de.toml does not have"
    assert set(REFERENCE.terms) - set(g.terms) == set(), f"{key}.toml lacks terms"
    assert g.title and g.intro and g.label
    for t in g.terms.values():
        assert t.term.strip() and len(t.text) >= 40, f"{key}.toml: {t.id} has no heading or no explanation"
        assert re.fullmatch(r"[a-z0-9-]+", t.id), t.id  # an anchor of its own: /glossar#<id>
        unknown = set(XREF.findall(t.text)) - set(g.terms)
        assert unknown == set(), f"{key}.toml: {t.id} refers to {unknown}"


def test_a_further_language_is_a_file(tmp_path: Path) -> None:
    """A file is all it takes: its terms, language and label come from it (and a missing term is what the test above
    catches)."""
    for f in glossary.GLOSSARY_DIR.glob("*.toml"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    fr = (tmp_path / "en.toml").read_text(encoding="utf-8").replace('lang = "en"', 'lang = "fr"')
    (tmp_path / "fr.toml").write_text(fr.replace('label = "English"', 'label = "Français"'), encoding="utf-8")
    found = glossary.load(tmp_path)
    assert found["fr"].lang == "fr" and found["fr"].label == "Français"
    assert found["fr"].href() == "/glossar?lang=fr" and found["de-leicht"].href() == "/glossar?lang=de&sprache=leicht"
    assert set(found["fr"].terms) == set(REFERENCE.terms)


def test_the_progress_entry_names_every_badge_as_the_app_shows_it() -> None:
    english = messages("en")
    for d in STATUS_DISPLAY.values():
        assert f"{d['icon']} {d['label']}" in REFERENCE.terms["fortschritt"].text
        assert f"{d['icon']} {english[d['label']]}" in GLOSSARIES["en"].terms["fortschritt"].text
        assert d["icon"] in GLOSSARIES["de-leicht"].terms["fortschritt"].text


def _named(g: glossary.Glossary) -> set[str]:
    return {n.casefold() for t in g.terms.values() for n in (t.term, *t.forms)}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_term_of_the_methods_glossary_has_an_entry(lang: str) -> None:
    """docs/methods.md keeps a short glossary table; each of its terms is an entry (its heading or a form) here."""
    part = methods_doc.load()[lang]
    table = next(b for b in part.section("glossar" if lang == "de" else "glossary").blocks if isinstance(b, methods_doc.Table))
    names = _named(GLOSSARIES[lang])
    missing = []
    for row in table.rows:
        variants = {row[0].casefold(), *(v.strip().casefold() for v in row[0].split("/"))}
        if not variants & names and not any(n.startswith(row[0].casefold()) for n in names):
            missing.append(row[0])
    assert missing == []


def test_leichte_sprache_has_short_sentences_and_no_passive() -> None:
    """Netzwerk Leichte Sprache: short sentences (at most 12 words here), no passive voice (werden + participle)."""
    for t in GLOSSARIES["de-leicht"].terms.values():
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", t.text).replace("**", "")
        for sentence in re.split(r"(?<=[.!?:])\s+|\n", plain):
            assert len(sentence.split()) <= 12, (t.id, sentence)
        assert not re.search(r"\b(wird|werden|wurde|wurden)\b", plain), t.id


# --- the link from a term's first use ---------------------------------------------------------------------------------

app = Flask(__name__)


def _hrefs(children: list) -> list[tuple[str, str]]:
    return [(c.children, c.href) for c in children if not isinstance(c, str)]


def test_first_use_links_once_per_page() -> None:
    with app.test_request_context("/umfragen"):
        links = glossary.Links()
        first = links("Veränderungen zwischen Wellen mit ihrem 95-%-Intervall; noch ein 95-%-Intervall.", "intervall-95")
        assert _hrefs(first) == [("95-%-Intervall", "/glossar#intervall-95")]
        assert "".join(c if isinstance(c, str) else c.children for c in first).startswith("Veränderungen zwischen Wellen")
        assert _hrefs(links("Das 95-%-Intervall wieder.", "intervall-95")) == []  # linked once per page
        link = next(c for c in first if not isinstance(c, str))
        assert link.title.startswith("Der Bereich, in dem der wahre Wert")  # the first sentence of the entry


def test_whole_words_and_acronyms_in_capitals_only() -> None:
    with app.test_request_context("/methodik?lang=en"):
        links = glossary.Links()
        assert _hrefs(links("The model and its trend.", "unterbrochene-zeitreihe")) == []  # English "its" is no ITS
        assert _hrefs(links("An interrupted time series (ITS).", "unterbrochene-zeitreihe")) == [
            ("interrupted time series", "/glossar?lang=en#unterbrochene-zeitreihe")
        ]
    with app.test_request_context("/"):
        links = glossary.Links()
        assert _hrefs(links("Handlungsfeldübersicht", "handlungsfeld")) == []  # not inside a longer word
        assert _hrefs(links("Sechs Handlungsfelder", "handlungsfeld")) == [("Handlungsfelder", "/glossar#handlungsfeld")]
        with pytest.raises(KeyError):
            links("x", "gibt-es-nicht")


def test_markdown_keeps_code_links_headings_and_tables() -> None:
    md = "### Der Basiswert\n\n`Basiswert` und [Basiswert](#x)\n| Basiswert |\n\nHier der Basiswert, dann Stichtag."
    with app.test_request_context("/methodik"):
        out = glossary.Links().markdown(md, "basiswert", "stichtag")
    assert out.startswith("### Der Basiswert\n\n`Basiswert` und [Basiswert](#x)")
    assert "Hier der [Basiswert](/glossar#basiswert " in out and "[Stichtag](/glossar#stichtag " in out
    assert out.count("/glossar#basiswert") == 1


def test_no_links_in_an_embed() -> None:
    """An embed lives in an iframe on the city's website: a link would leave the frame."""
    with app.test_request_context("/_dash-layout", headers={"Referer": "http://x/embed/rad_dtv"}):
        assert glossary.Links()("Der Basiswert", "basiswert") == ["Der Basiswert"]
