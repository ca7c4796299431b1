"""Indicator `freifunk_knoten_online`: Freifunk-Router online."""

from __future__ import annotations

from indicators.definitions import IndicatorDef
from indicators.texts import N_

INDICATOR = IndicatorDef(
    id="freifunk_knoten_online",
    measure_id="freifunk",
    query="wifi_monthly",
    params={"metric": "node_online"},
    unit="Anzahl",
    ioo_level="output",
    direction="increase",
    update_interval="P1M",
    name=N_("Freifunk-Router online"),
    definition=N_("Monatsmittel der erreichbaren Freifunk-Router (Knoten) je Momentaufnahme der Knotenliste"),
    source=N_("Freifunk Offenbach (meshviewer.json)"),
    caveats=N_("Ehrenamtlich und privat betriebene Router kommen und gehen; Ausfälle einzelner Router sind normal"),
)
