"""Texts of the Glossar page that reach `_()` as values (its name in the navigation and the browser tab)."""

from dashboard.i18n import N_

TEXTS = [
    N_("Glossar"),
]
