"""Texts of the massnahmen page that reach `_()` as values, not as literals: the source line, column names from
indicators/measures.py. Listed with `N_()` so that `make i18n-extract` keeps them in the catalogue; nothing imports
this at run time. The shell's own such texts are in dashboard/i18n_data.py (docs/translations.md)."""

from __future__ import annotations

from dashboard.i18n import N_

TEXTS: tuple[str, ...] = (
    # the source line and the table's column names (also of indicators/measures.py)
    N_("Maßnahmenkatalog der Open Smart City Strategie Offenbach"),
    N_("Laufzeit"),
    N_("Beginn"),
    N_("Ende"),
    N_("Titel"),
)
