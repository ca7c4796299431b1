"""Indicator `sensordatenplattform_datastreams`: Aktive Datenströme."""

from __future__ import annotations

from indicators.definitions import IndicatorDef
from indicators.texts import N_

INDICATOR = IndicatorDef(
    id="sensordatenplattform_datastreams",
    measure_id="sensordatenplattform",
    query="datastreams_monthly",
    params={},
    unit="Anzahl",
    ioo_level="output",
    direction="increase",
    update_interval="P1M",
    name=N_("Aktive Datenströme"),
    definition=N_("Datenströme (Messstelle × Messgröße, OGC SensorThings API) mit Werten im Monat"),
    source=N_("Sensordatenplattform (OGC SensorThings API)"),
    caveats=N_("Zählt aktive Datenströme, nicht Sensoren; nur was in die Plattform geladen wurde"),
)
