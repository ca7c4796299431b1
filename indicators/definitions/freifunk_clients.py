"""Indicator `freifunk_clients`: Verbundene Geräte im Freifunk."""

from __future__ import annotations

from indicators.definitions import IndicatorDef
from indicators.texts import N_

INDICATOR = IndicatorDef(
    id="freifunk_clients",
    measure_id="freifunk",
    query="wifi_monthly",
    params={"metric": "wifi_clients"},
    unit="Anzahl",
    ioo_level="outcome",
    direction="increase",
    update_interval="P1M",
    name=N_("Verbundene Geräte im Freifunk"),
    definition=N_("Monatsmittel der Summe verbundener Endgeräte über alle Knoten je Momentaufnahme"),
    source=N_("Freifunk Offenbach (meshviewer.json)"),
    caveats=N_("Zählt Geräte, nicht Menschen; die Tageszeit der Momentaufnahmen beeinflusst den Wert"),
)
