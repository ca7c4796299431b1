"""The named queries in `indicators/sql/` and small lookups several indicator definitions share."""

from __future__ import annotations

from functools import cache
from importlib import resources

from indicators.store import Snapshot


@cache
def sql(name: str) -> str:
    """The named query `indicators/sql/<name>.sql`."""
    return resources.files("indicators").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def weather_station(snap: Snapshot) -> str | None:
    """The DWD station whose daily weather the snapshot holds (None: no weather data)."""
    rows = snap.rows(sql("weather_station"))
    return str(rows[0][0]) if rows else None
