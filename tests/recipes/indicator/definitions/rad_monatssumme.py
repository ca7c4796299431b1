"""Indicator `rad_monatssumme`: Radfahrten je Monat (Rezept 1 in docs/where-things-go.md, einmal nachgegangen).

Goes to `indicators/definitions/rad_monatssumme.py`; tests/indicators/test_recipe_indicator.py puts it into a copy of
the project. No runtime parameters: the query's parameters are fixed (a station-wise series would add a function as in
`rad_dtv.py`)."""

from __future__ import annotations

from indicators.definitions import IndicatorDef
from indicators.texts import N_

INDICATOR = IndicatorDef(
    id="rad_monatssumme",
    measure_id="radverkehrszaehlstellen",
    query="monthly_total",
    params={"metric": "bicycles", "kind": "bike_counter"},
    unit="Radfahrten/Monat",
    ioo_level="outcome",
    direction="increase",
    update_interval="P1M",
    name=N_("Radfahrten je Monat"),
    definition=N_("Summe aller an den Radzählstellen gezählten Fahrten je Monat"),
    source=N_("Dauerzählstellen Radverkehr (Eco-Counter)"),
    caveats=N_("Ausgefallene Zählstellen und unvollständige Monate senken die Summe"),
)
