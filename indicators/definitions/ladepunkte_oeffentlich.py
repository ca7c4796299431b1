"""Indicator `ladepunkte_oeffentlich`: Öffentliche Ladepunkte."""

from __future__ import annotations

from indicators.definitions import IndicatorDef
from indicators.texts import N_

INDICATOR = IndicatorDef(
    id="ladepunkte_oeffentlich",
    measure_id="e-ladestationen",
    query="charge_points",
    params={"measure": "points"},
    unit="Anzahl",
    ioo_level="output",
    direction="increase",
    update_interval="P1M",
    name=N_("Öffentliche Ladepunkte"),
    definition=N_(
        "Öffentlich zugängliche Ladepunkte im Stadtgebiet laut jüngster Ausgabe des Ladesäulenregisters, kumuliert nach Inbetriebnahmedatum"
    ),
    source=N_("Bundesnetzagentur, Ladesäulenregister"),
    caveats=N_(
        "Das Register enthält nur gemeldete Ladepunkte, Meldungen kommen mit Verzug; stillgelegte Ladepunkte fehlen in späteren Ausgaben"
    ),
)
