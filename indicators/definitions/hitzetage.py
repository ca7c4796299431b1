"""Indicator `hitzetage`: Heiße Tage."""

from __future__ import annotations

from typing import Any

from indicators.definitions import IndicatorDef
from indicators.queries import weather_station
from indicators.store import Snapshot
from indicators.texts import N_


def _weather_station(snap: Snapshot, station: str | None) -> dict[str, Any] | None:
    """The DWD station of the snapshot; without one there is no series."""
    ws = weather_station(snap)
    return {"station": ws} if ws is not None else None


INDICATOR = IndicatorDef(
    id="hitzetage",
    measure_id="umweltsensoren",
    query="yearly_heat_days",
    params={},
    runtime_params=_weather_station,
    unit="Tage/Jahr",
    ioo_level="impact",
    direction="decrease",
    update_interval="P1Y",
    name=N_("Heiße Tage"),
    definition=N_("Tage je Jahr mit einer Tageshöchsttemperatur von mindestens 30 °C an der DWD-Station"),
    source=N_("Deutscher Wetterdienst, Station 07341 Offenbach-Wetterpark"),
    caveats=N_(
        "Kontextindikator: vor allem vom Wetter bestimmt, daher ohne Zielwert; zeigt die Belastung, gegen die die Resilienz der Stadt wirken soll; laufendes Jahr unvollständig"
    ),
)
