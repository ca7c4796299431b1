"""Indicator `rad_dtv`: Radverkehr pro Tag (DTV)."""

from __future__ import annotations

from typing import Any

from indicators.definitions import IndicatorDef
from indicators.store import Snapshot
from indicators.texts import N_


def _station(snap: Snapshot, station: str | None) -> dict[str, Any]:
    """The citywide series sums all stations of the kind; a station id draws that station alone."""
    return {"station": station}


INDICATOR = IndicatorDef(
    id="rad_dtv",
    measure_id="radverkehrszaehlstellen",
    query="monthly_dtv",
    params={"metric": "bicycles", "kind": "bike_counter"},
    runtime_params=_station,
    per_station="bike_counter",
    unit="Radfahrten/Tag",
    ioo_level="outcome",
    direction="increase",
    update_interval="P1M",
    name=N_("Radverkehr pro Tag (DTV)"),
    definition=N_(
        "Summe der mittleren Tageszählungen aller Radzählstellen je Monat; nur vollständige Tage (mindestens 90 % der Intervalle)"
    ),
    source=N_("Dauerzählstellen Radverkehr (Eco-Counter)"),
    caveats=N_("Neue oder ausgefallene Zählstellen verändern die Summe (Reihenbruch); Wetter und Ferien prägen die Monatswerte"),
)
