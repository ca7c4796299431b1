"""Indicator `sauberkeit_48h_quote`: Dreck in 48 Stunden beseitigt."""

from __future__ import annotations

from indicators.definitions import IndicatorDef
from indicators.texts import N_

INDICATOR = IndicatorDef(
    id="sauberkeit_48h_quote",
    measure_id="48h-dreck-weg-plus",
    query="cleanliness_monthly",
    params={"measure": "share48"},
    unit="%",
    ioo_level="outcome",
    direction="increase",
    update_interval="P1M",
    name=N_("Dreck in 48 Stunden beseitigt"),
    definition=N_("Anteil der Meldungen zu Müll und Verschmutzung eines Monats, die innerhalb von 48 Stunden geschlossen wurden"),
    source=N_("Mängelmelder+ (Open311-Schnittstelle)"),
    caveats=N_("Meldungen ohne Abschluss zählen als nicht erledigt; Wochenenden und Feiertage verlängern die Bearbeitung"),
)
