"""Indicator `pm25_tagesmittel`: Feinstaub PM2,5."""

from __future__ import annotations

from indicators.definitions import IndicatorDef
from indicators.texts import N_

INDICATOR = IndicatorDef(
    id="pm25_tagesmittel",
    measure_id="umweltsensoren",
    query="monthly_mean_of_daily",
    params={"metric": "pm2_5", "kind": "air_quality"},
    unit="µg/m³",
    ioo_level="impact",
    direction="decrease",
    update_interval="P1M",
    name=N_("Feinstaub PM2,5"),
    definition=N_("Monatsmittel der Tagesmittel PM2,5 über alle städtischen Umweltsensoren"),
    source=N_("Umweltsensoren (sensor.community, SDS011)"),
    caveats=N_(
        "Low-Cost-Sensoren messen bei hoher Luftfeuchte zu hoch; Werte sind nicht mit der amtlichen Messstation des HLNUG gleichzusetzen"
    ),
)
