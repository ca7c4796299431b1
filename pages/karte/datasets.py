"""Datasets of the page karte (`dashboard.downloads.dataset`): the data behind its cards, which its downloads serve."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import polars as pl
from flask import abort

from dashboard.downloads import dataset
from indicators import stations
from indicators.store import Snapshot
from pages.karte import figures as km


class View(NamedTuple):  # a NamedTuple: Dash executes page modules outside sys.modules, where @dataclass fails
    agg: str
    mode: str  # "standard" (whole series, default level) | "gewählt" (level from the selector) | "auto" (zoom)
    window: stations.Window | None

    def params(self, station_id: str) -> dict[str, str]:
        """URL parameters that restore this view (`agg` only when chosen: a zoom picks its own level)."""
        out = {"station": station_id}
        if self.mode == "gewählt":
            out["agg"] = self.agg
        if self.window is not None:
            out["von"], out["bis"] = _time_param(self.window[0]), _time_param(self.window[1])
        return out

    def download(self, station_id: str) -> dict[str, str]:
        return {**self.params(station_id), "agg": self.agg}


def _parse_time(value: Any) -> datetime | None:
    """A time of the chart's axis (`2024-03-01 12:34:56.789`, `2024-03-01`, or ms since 1970) to the minute."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, int | float):
            d = datetime(1970, 1, 1) + timedelta(milliseconds=value)
        else:
            d = datetime.fromisoformat(str(value).strip().replace("Z", ""))
    except (ValueError, OverflowError):
        return None
    return d.replace(tzinfo=None, second=0, microsecond=0)


def _time_param(d: datetime) -> str:
    return f"{d:%Y-%m-%d}" if d.hour == d.minute == 0 else f"{d:%Y-%m-%dT%H:%M}"


def _view(info: stations.StationInfo, agg: str | None, von: Any, bis: Any) -> View | None:
    levels = stations.available_aggregations(info)
    if not levels:
        return None
    window = stations.clip_window(info, _parse_time(von), _parse_time(bis))
    if agg in levels:
        return View(agg, "gewählt", window)
    if window is not None:
        return View(stations.zoom_aggregation(info, window) or levels[-1], "auto", window)
    return View(stations.default_aggregation(info) or levels[-1], "standard", None)


class StationData(NamedTuple):
    """What the station card shows: the series of a station at a level (and window)."""

    info: stations.StationInfo
    agg: str
    series: pl.DataFrame


def _load_station(snap: Snapshot, args: Mapping[str, str]) -> StationData:
    info = stations.station(snap, args.get("station", ""))
    view = _view(info, args.get("agg"), args.get("von"), args.get("bis")) if info else None
    if info is None or view is None:
        abort(404)
    return StationData(info, view.agg, stations.station_series(snap, info, view.agg, window=view.window))


def _station_table(d: StationData) -> pl.DataFrame:
    return km.translated_table(stations.series_table(d.series, d.agg, d.info.unit), d.info.unit)


STATION = dataset("station", load=_load_station, table=_station_table, page=__package__)
