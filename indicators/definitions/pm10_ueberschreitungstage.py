"""Indicator `pm10_ueberschreitungstage`: Tage über dem EU-Tagesgrenzwert PM10."""

from __future__ import annotations

from indicators.definitions import IndicatorDef
from indicators.texts import N_
from indicators.thresholds import PM10_DAILY_LIMIT

INDICATOR = IndicatorDef(
    id="pm10_ueberschreitungstage",
    measure_id="umweltsensoren",
    query="yearly_days_above",
    params={"metric": "pm10", "kind": "air_quality", "limit": PM10_DAILY_LIMIT},
    unit="Tage/Jahr",
    ioo_level="impact",
    direction="decrease",
    update_interval="P1Y",
    name=N_("Tage über dem EU-Tagesgrenzwert PM10"),
    definition=N_("Tage je Jahr, an denen das Tagesmittel PM10 am am stärksten belasteten Sensor über 50 µg/m³ liegt"),
    source=N_("Umweltsensoren (sensor.community, SDS011)"),
    caveats=N_(
        "Der EU-Grenzwert gilt für amtliche Messpunkte, hier ein Orientierungswert; laufendes Jahr unvollständig. Low-Cost-Sensoren messen bei hoher Luftfeuchte zu hoch; Werte sind nicht mit der amtlichen Messstation des HLNUG gleichzusetzen"
    ),
)
