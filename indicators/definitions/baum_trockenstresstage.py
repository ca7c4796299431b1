"""Indicator `baum_trockenstresstage`: Trockenstresstage der Stadtbäume."""

from __future__ import annotations

from indicators.definitions import IndicatorDef
from indicators.texts import N_
from indicators.thresholds import DROUGHT_THRESHOLD_VWC

INDICATOR = IndicatorDef(
    id="baum_trockenstresstage",
    measure_id="baumsensoren",
    query="yearly_drought_days",
    params={"threshold": DROUGHT_THRESHOLD_VWC},
    unit="Tage/Jahr",
    ioo_level="outcome",
    direction="decrease",
    update_interval="P1Y",
    name=N_("Trockenstresstage der Stadtbäume"),
    definition=N_(
        "Tage je Jahr, an denen die Bodenfeuchte in 30 cm Tiefe im Mittel über die Sensorbäume unter 15 % (Volumenanteil) liegt"
    ),
    source=N_("Baumsensoren (Bodenfeuchte, climavi)"),
    caveats=N_(
        "Die Schwelle von 15 % ist ein Richtwert und hängt von der Bodenart ab; Niederschlag und Bewässerung wirken zusammen"
    ),
)
