"""Datasets of the page datenqualitaet (`dashboard.downloads.dataset`): the data behind its cards, which its downloads serve."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import polars as pl

from dashboard.downloads import dataset
from indicators import quality
from indicators.store import Snapshot
from pages.datenqualitaet import figures as qf

DEFAULT_DAYS = 365


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _selection(
    kinds: list[quality.KindInfo], art: str | None, von: str | None, bis: str | None
) -> tuple[quality.KindInfo, date, date] | None:
    """Kind and range from the URL, falling back to the first kind and its last year of data; clipped to the data."""
    if not kinds:
        return None
    info = next((k for k in kinds if k.kind == art), kinds[0])
    end = min(_parse_day(bis) or info.last_day, info.last_day)
    start = max(_parse_day(von) or end - timedelta(days=DEFAULT_DAYS - 1), info.first_day)
    if start > end:
        start, end = max(info.first_day, end - timedelta(days=DEFAULT_DAYS - 1)), end
    return info, start, end


def _coverage(snap: Snapshot, info: quality.KindInfo, start: date, end: date) -> tuple[pl.DataFrame, pl.DataFrame, str]:
    return quality.coverage_and_gaps(snap, info.kind, start, end, last_day=info.last_day)


def _load_coverage(snap: Snapshot, args: Mapping[str, str]) -> tuple[pl.DataFrame, str] | None:
    sel = _selection(quality.station_kinds(snap), args.get("art"), args.get("von"), args.get("bis"))
    if sel is None:
        return None
    cov, _, period = _coverage(snap, *sel)
    return cov, period


def _coverage_table(data: tuple[pl.DataFrame, str] | None) -> pl.DataFrame:
    return pl.DataFrame() if data is None else qf.heatmap_table(*data)


COVERAGE = dataset("datenqualitaet", load=_load_coverage, table=_coverage_table, page=__package__)


def _load_rejected(snap: Snapshot, args: Mapping[str, str]) -> pl.DataFrame:
    """The rejected rows the page does not show: the latest `quality.EXPORT_REJECTED`, raw text as stored."""
    return quality.rejected_latest(
        snap, limit=quality.EXPORT_REJECTED, with_raw=snap.has_table("rejected_row"), raw_chars=quality.EXPORT_RAW
    )


# the page is internal: only the internal instance serves it (and the public snapshot has no rejected rows)
REJECTED = dataset("abgewiesene-zeilen", load=_load_rejected, table=qf.rejected_rows_export, page=__package__)
