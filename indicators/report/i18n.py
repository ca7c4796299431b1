"""The report's English: the app's gettext catalogue (dashboard/locale), read as a file so indicators/ imports no Dash."""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[2] / "dashboard" / "locale"
LANGS = ("de", "en")


def _same(text: str) -> str:
    return text


@functools.cache
def _messages(lang: str) -> dict[str, str]:
    """German text → `lang`'s text, from the compiled `.mo` when it is at least as new as the `.po`, else the `.po`
    (fuzzy entries left out, as gettext's tools do) — the rule the app's `dashboard.i18n.translations` follows."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        return {k: v for k, v in catalog.items() if isinstance(k, str) and k and v}
    if not po.exists():
        return {}
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    return {
        m.id: m.string for m in cat if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy
    }


def translator(lang: str) -> Callable[[str], str]:
    """`_` for `lang`: German texts unchanged, English from the catalogue (untranslated texts stay German)."""
    if lang not in LANGS:
        raise ValueError(f"Sprache {lang!r}: nur {', '.join(LANGS)}")
    if lang == "de":
        return _same
    table = _messages(lang)
    return lambda text: table.get(text, text)
