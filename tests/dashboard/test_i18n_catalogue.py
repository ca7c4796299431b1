"""The gettext catalogue: every German text of the sources has its English, and the app reads what translators edit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import Flask

from dashboard import i18n, i18n_data

PO = i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    with PO.open("rb") as fh:
        return read_po(fh, locale="en")


def test_every_message_has_its_english(catalog: Catalog) -> None:
    messages = [m for m in catalog if m.id]
    assert len(messages) > 500
    assert [m.id for m in messages if not m.string or not m.string.strip()] == []
    assert [m.id for m in messages if m.fuzzy] == []  # a fuzzy entry is a guess by `pybabel update`: stays German
    assert not isinstance(next(iter(messages)).id, tuple)  # no plural forms: `_()` looks texts up one by one


def test_the_catalogue_passes_the_compilers_checks(catalog: Catalog) -> None:
    """`pybabel compile` (make run/test) fails on these: placeholders of both languages must agree."""
    assert [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()] == []


def test_every_text_in_the_sources_is_in_the_catalogue(catalog: Catalog) -> None:
    """A new `_("…")` or `N_("…")` without English fails here: run `make i18n-update` and fill in the .po."""
    found = i18n_data.extracted()
    assert len(found) > 500 and "Zum Inhalt springen" in found  # the extractor does find the sources' texts
    missing = {text: where for text, where in found.items() if text not in catalog}
    assert missing == {}


def test_the_catalogue_holds_no_text_the_sources_lost(catalog: Catalog) -> None:
    """`make i18n-update` drops texts no source has any more; a hand-added entry without a source would be dead."""
    found = i18n_data.extracted()
    assert [m.id for m in catalog if m.id and m.id not in found] == []


def test_extraction_reads_literals_of_both_markers(tmp_path: Path) -> None:
    (tmp_path / "babel.cfg").write_text("[python: **.py]\n")
    (tmp_path / "page.py").write_text('x = _("Neuer Text")\ny = N_("Noch einer")\nz = _(name)\nw = gettext("nein")\n')
    assert i18n_data.extracted("page.py", root=tmp_path) == {"Neuer Text": ["page.py:1"], "Noch einer": ["page.py:2"]}


def test_translation_in_a_request() -> None:
    app = Flask(__name__)
    with app.test_request_context("/?lang=en"):
        assert i18n._("Zum Inhalt springen") == "Skip to content"
        assert i18n._("Mobilität") == "Mobility"  # a text from the data, kept by `N_()` in dashboard/i18n_data.py
        assert i18n._("kein Eintrag im Katalog") == "kein Eintrag im Katalog"
        assert i18n._("") == ""  # not the .po's header
    with app.test_request_context("/"):
        assert i18n._("Zum Inhalt springen") == "Zum Inhalt springen"
    assert i18n.N_("Mobilität") == "Mobilität"


def _write_po(path: Path, entries: dict[str, str], *, fuzzy: tuple[str, ...] = ()) -> None:
    cat = Catalog(locale="en")
    for msgid, msgstr in entries.items():
        cat.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, cat)


def test_an_edited_po_counts_without_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    po = tmp_path / "en" / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    _write_po(po, {"Karte": "Map (compiled)"})
    with po.open("rb") as fh, mo.open("wb") as out:
        write_mo(out, read_po(fh))
    os.utime(mo, (po.stat().st_mtime + 10,) * 2)
    assert i18n.translations("en").gettext("Karte") == "Map (compiled)"  # the .mo, newer than its .po

    _write_po(po, {"Karte": "Map (edited)", "Neu": "New guess"}, fuzzy=("Neu",))
    os.utime(po, (mo.stat().st_mtime + 10,) * 2)  # edited after the last `make i18n-compile`
    t = i18n.translations("en")
    assert t.gettext("Karte") == "Map (edited)"
    assert t.gettext("Neu") == "Neu"  # fuzzy stays German

    mo.unlink()
    assert i18n.translations("en").gettext("Karte") == "Map (edited)"  # a fresh clone has no .mo at all
