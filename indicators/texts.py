"""The marker for German texts of the domain that the translation catalogues pick up (`pybabel extract -k N_`)."""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark `text` for extraction; it stays German here and is translated where it is shown."""
    return text


def localized(obj: object, field: str, lang: str) -> str:
    """`obj.<field>` in `lang`: its English `<field>_en` when `lang` is "en" and the catalogue gives one, else German.

    The catalogue's English columns are optional (a snapshot built before them, a blank cell): German then, which the
    page may still translate with gettext (a computed indicator's texts are in the app's catalogue)."""
    if lang == "en":
        english = getattr(obj, f"{field}_en", None)
        if english:
            return str(english)
    return str(getattr(obj, field) or "")
