"""Texts of the indikator page that reach `_()` as values, not as literals: dict values, texts inside f-strings. Listed
with `N_()` so that `make i18n-extract` keeps them in the catalogue; nothing imports this at run time. The shell's
own such texts are in dashboard/i18n_data.py (docs/translations.md)."""

from __future__ import annotations

from dashboard.i18n import N_

TEXTS: tuple[str, ...] = (
    # directions and update intervals (`DIRECTION_DE`, `INTERVAL_DE`), a text inside an f-string
    N_("steigend ist besser"),
    N_("fallend ist besser"),
    N_("täglich"),
    N_("wöchentlich"),
    N_("monatlich"),
    N_("vierteljährlich"),
    N_("jährlich"),
    N_("Daten veraltet seit"),
)
