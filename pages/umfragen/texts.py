"""Texts of the umfragen page that reach `_()` as values, not as literals: kinds, columns and answers from
indicators/survey_views.py. Listed with `N_()` so that `make i18n-extract` keeps them in the catalogue; nothing
imports this at run time. The shell's own such texts are in dashboard/i18n_data.py (docs/translations.md)."""

from __future__ import annotations

from dashboard.i18n import N_

TEXTS: tuple[str, ...] = (
    # survey kinds, table columns and answer labels (indicators/survey_views.py)
    N_("Ergebnisse"),
    N_("Umfrageergebnisse (aggregiert geliefert)"),
    N_("LimeSurvey-Antworten, intern ausgezählt"),
    N_("weniger als 5 Antworten"),
    N_("Antwort"),
    N_("Anteil (%)"),
    N_("Hinweis"),
    N_("Ja"),
    N_("Nein"),
    N_("Weiß nicht"),
    N_("keine Angabe"),
    N_("sehr zufrieden"),
    N_("eher zufrieden"),
    N_("eher unzufrieden"),
    N_("sehr unzufrieden"),
    N_("Anzahl der Antworten"),
    # inside f-strings of the card of a question without public answers
    N_("Quelle"),
    N_("Lizenz"),
    N_("Stand"),
    N_("Umfrage"),
)
