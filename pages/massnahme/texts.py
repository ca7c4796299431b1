"""Texts of the massnahme page that reach `_()` as values, not as literals: a text inside an f-string. Listed with
`N_()` so that `make i18n-extract` keeps them in the catalogue; nothing imports this at run time. The shell's own
such texts are in dashboard/i18n_data.py (docs/translations.md)."""

from __future__ import annotations

from dashboard.i18n import N_

TEXTS: tuple[str, ...] = (
    # a text inside an f-string
    N_("veraltet seit"),
)
