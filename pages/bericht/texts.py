"""Texts of the report page that reach `_()` as values (its name, texts inside f-strings); nothing imports this at run
time (docs/translations.md)."""

from __future__ import annotations

from dashboard.i18n import N_

TEXTS: tuple[str, ...] = (
    N_("Wirkungsbericht"),
    N_("Wirkungsbericht {year} als HTML"),
    N_("Wirkungsbericht {year} als PDF"),
)
