"""Indicator `ladeleistung_kw`: Installierte Ladeleistung."""

from __future__ import annotations

from indicators.definitions import IndicatorDef
from indicators.texts import N_

INDICATOR = IndicatorDef(
    id="ladeleistung_kw",
    measure_id="e-ladestationen",
    query="charge_points",
    params={"measure": "power"},
    unit="kW",
    ioo_level="output",
    direction="increase",
    update_interval="P1M",
    name=N_("Installierte Ladeleistung"),
    definition=N_(
        "Summe der Anschlussleistung der öffentlichen Ladeeinrichtungen laut Ladesäulenregister, kumuliert nach Inbetriebnahmedatum"
    ),
    source=N_("Bundesnetzagentur, Ladesäulenregister"),
    caveats=N_("Nennleistung, nicht abgegebene Energie; Meldeverzug wie bei den Ladepunkten"),
)
