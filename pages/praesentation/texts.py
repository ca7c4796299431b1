"""Texts of the praesentation page that reach `_()` as values, not as literals: periods and method names from
indicators/presentation.py. Listed with `N_()` so that `make i18n-extract` keeps them in the catalogue; nothing
imports this at run time. The shell's own such texts are in dashboard/i18n_data.py (docs/translations.md)."""

from __future__ import annotations

from dashboard.i18n import N_

TEXTS: tuple[str, ...] = (
    # periods and labels of slides (indicators/presentation.py), method names (indicators/labels.DECK_METHOD_DE)
    N_("Monatsmittel"),
    N_("Jahresmittel"),
    N_("Basis"),
    N_("je Monat"),
    N_("Einfacher Vorher-nachher-Vergleich"),
    N_("Wetter- und kalenderbereinigter Vergleich"),
    N_("Unterbrochene Zeitreihe"),
    N_("Differenz-von-Differenzen"),
    N_("Sitzung"),
    N_("Datenstand"),
)
