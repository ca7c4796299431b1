"""Texts of the overview page that reach `_()` as values, not as literals: the page's name, texts inside f-strings.
Listed with `N_()` so that `make i18n-extract` keeps them in the catalogue; nothing imports this at run time. The
shell's own such texts are in dashboard/i18n_data.py (docs/translations.md)."""

from __future__ import annotations

from dashboard.i18n import N_

TEXTS: tuple[str, ...] = (
    # the page's name in the navigation (`register_page(name=…)`) and texts inside f-strings
    N_("Übersicht"),
    N_("Datenstand: letzte Ladung"),
    N_("im Maßnahmenspeicher"),
    N_("noch keine Daten"),
    N_("Stand"),
)
