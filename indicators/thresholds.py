"""Limit values that indicator definitions and the map's colour scales share."""

from __future__ import annotations

DROUGHT_THRESHOLD_VWC = 15.0  # % volumetric at 30 cm: below this, young street trees show drought stress
PM10_DAILY_LIMIT = 50.0  # µg/m³, EU daily limit value (Directive 2008/50/EC)
HEAT_DAY_TMAX = 30.0  # °C, DWD "heißer Tag"
