"""Indicator `sauberkeit_median_stunden`: Bearbeitungszeit von Verschmutzungsmeldungen."""

from __future__ import annotations

from indicators.definitions import IndicatorDef
from indicators.texts import N_

INDICATOR = IndicatorDef(
    id="sauberkeit_median_stunden",
    measure_id="48h-dreck-weg-plus",
    query="cleanliness_monthly",
    params={"measure": "median_hours"},
    unit="Stunden",
    ioo_level="outcome",
    direction="decrease",
    update_interval="P1M",
    name=N_("Bearbeitungszeit von Verschmutzungsmeldungen"),
    definition=N_("Median der Stunden von Eingang bis Abschluss der Meldungen zu Müll und Verschmutzung eines Monats"),
    source=N_("Mängelmelder+ (Open311-Schnittstelle)"),
    caveats=N_("Nur geschlossene Meldungen; offene fehlen im Median, bis sie abgeschlossen sind"),
)
