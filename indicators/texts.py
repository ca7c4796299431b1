"""The marker for German texts of the domain that the translation catalogues pick up (`pybabel extract -k N_`)."""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark `text` for extraction; it stays German here and is translated where it is shown."""
    return text
