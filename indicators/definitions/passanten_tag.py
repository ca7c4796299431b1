"""Indicator `passanten_tag`: Passantenfrequenz in der Innenstadt."""

from __future__ import annotations

from typing import Any

from indicators.definitions import IndicatorDef
from indicators.store import Snapshot
from indicators.texts import N_


def _station(snap: Snapshot, station: str | None) -> dict[str, Any]:
    """The citywide series sums all stations of the kind; a station id draws that station alone."""
    return {"station": station}


INDICATOR = IndicatorDef(
    id="passanten_tag",
    measure_id="passantenfrequenzmessung",
    query="monthly_dtv",
    params={"metric": "pedestrians", "kind": "pedestrian_counter"},
    runtime_params=_station,
    per_station="pedestrian_counter",
    unit="Passanten/Tag",
    ioo_level="outcome",
    direction="increase",
    update_interval="P1M",
    name=N_("Passantenfrequenz in der Innenstadt"),
    definition=N_("Summe der mittleren Tageszählungen aller Messorte der Innenstadt je Monat; nur vollständige Tage"),
    source=N_("Laser-Frequenzzählung (hystreet)"),
    caveats=N_("Zählt Personen, nicht Kaufkraft; Wetter, Ferien und Veranstaltungen wirken stark"),
)
