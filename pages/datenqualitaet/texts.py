"""Texts of the datenqualitaet page that reach `_()` as values, not as literals: dict values of figures.py. Listed with
`N_()` so that `make i18n-extract` keeps them in the catalogue; nothing imports this at run time. The shell's own
such texts are in dashboard/i18n_data.py (docs/translations.md)."""

from __future__ import annotations

from dashboard.i18n import N_

TEXTS: tuple[str, ...] = (
    # source kinds, hover periods, load statuses and table columns (`figures.py`)
    N_("Luftqualitätssensoren"),
    N_("Freifunk-Knoten (WLAN)"),
    N_("Sensordatenplattform (SensorThings)"),
    N_("Ladestationen"),
    N_("Monat ab"),
    N_("geladen, Zeilen abgewiesen"),
    N_("Datei abgewiesen"),
    N_("Geladen"),
    N_("Zeile"),
    N_("Originalzeile"),
    # rules of `etl check` (`figures.RULE_DE`)
    N_("Station sendet nicht"),
    N_("Indikator veraltet"),
    N_("48-Stunden-Regel verfehlt"),
    N_("PM10-Grenzwert zu oft überschritten"),
    N_("Ladung abgewiesen"),
    N_("Abruf fehlgeschlagen"),
)
