"""What the annual Wirkungsbericht shows, read from a published snapshot: numbers and codes, no sentences.

Every number comes from the same functions the app uses: measures from `indicators.measures`, an indicator's status
from `indicators.status.status_of_values` on its series up to the end of the report's year (for the year the data end
in, exactly the app's status), the Handlungsfelder and their Zielbild verbatim from `action_field`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from indicators import measures as measures_mod
from indicators import registry
from indicators.catalogue import text_in
from indicators.measures import MeasureDetail
from indicators.progress import interval_parts
from indicators.registry import Indicator
from indicators.status import IndicatorStatus, status_of_values
from indicators.store import Snapshot
from indicators.views import data_date, field_measures, has_demo_data

# how many calendar years a chart shows up to the end of the report's year: three for series finer than a year (as
# monthly means where the series is finer than a month, so a table stays readable), ten for yearly ones
CHART_YEARS = 3
CHART_YEARS_YEARLY = 10


@dataclass(frozen=True)
class IndicatorEntry:
    indicator: Indicator
    status: IndicatorStatus  # on the series up to 31.12. of the report's year
    points: tuple[tuple[date, float], ...]  # the chart's data: (period start, value)
    monthly_means: bool  # the points are monthly means of a finer series


@dataclass(frozen=True)
class MeasureEntry:
    detail: MeasureDetail
    indicators: tuple[IndicatorEntry, ...]
    first_field: str  # the Handlungsfeld whose section shows it in full (a measure may serve several)


@dataclass(frozen=True)
class FieldEntry:
    action_field_id: str
    name: str
    zielbild: str  # verbatim from the catalogue (English column with --lang en where given)
    measures: tuple[MeasureEntry, ...]


@dataclass(frozen=True)
class ReportData:
    year: int
    lang: str
    public: bool  # built from a snapshot `publish --public` wrote
    demo: bool  # the snapshot holds demo data (load_log.is_demo): every page says so
    data_date: date | None
    published_at: str | None  # snapshot_meta.published_at
    fields: tuple[FieldEntry, ...]
    backlog: tuple[MeasureDetail, ...]  # the Maßnahmenspeicher
    plans: list[Any] | None  # `indicators.plans.plan_results(snap, year)` where that module exists, else None


class ReportError(ValueError):
    """The report cannot be built (a year without data, a non-public snapshot for --public); German message."""


def report_years(snap: Snapshot) -> list[int]:
    """The years a report can be built for, newest first: from the first to the last year any indicator has a value
    for (the Datenstand's day may lie in a year without one: a measurement at midnight on New Year's Day)."""

    def compute() -> list[int]:
        starts: list[date] = []
        for ind in registry.all_indicators(snap):
            s = registry.series(snap, ind).drop_nulls(["value"])
            if not s.is_empty():
                starts += [d for d in (s["period_start"].min(), s["period_start"].max()) if isinstance(d, date)]
        if not starts:
            return []
        return list(range(max(starts).year, min(starts).year - 1, -1))

    return list(snap.memo("report_years", compute))


def chart_points(ind: Indicator, series: pl.DataFrame, year: int) -> tuple[tuple[tuple[date, float], ...], bool]:
    """The chart's data for `year`: the series' values of the last `CHART_YEARS` years up to 31.12. of `year`; a series
    finer than a month as monthly means (the mean of the month's values, as the app's annual mean averages them)."""
    months, _days = interval_parts(ind.update_interval)
    yearly = months >= 12
    first = date(year - (CHART_YEARS_YEARLY if yearly else CHART_YEARS) + 1, 1, 1)
    s = (
        series.drop_nulls(["value"])
        .filter((pl.col("period_start") >= first) & (pl.col("period_start") <= date(year, 12, 31)))
        .select("period_start", pl.col("value").cast(pl.Float64))
        .sort("period_start")
    )
    monthly = months == 0
    if monthly:
        s = s.group_by(pl.col("period_start").dt.truncate("1mo")).agg(pl.col("value").mean()).sort("period_start")
    return tuple((d, float(v)) for d, v in s.iter_rows()), monthly


def indicator_entry(snap: Snapshot, ind: Indicator, year: int) -> IndicatorEntry:
    s = registry.series(snap, ind).drop_nulls(["value"]).sort("period_start")
    until = s.filter(pl.col("period_start") <= date(year, 12, 31))
    values = [(d, float(v)) for d, v in until.select("period_start", "value").iter_rows()]
    today = min(date(year, 12, 31), date.today())
    points, monthly = chart_points(ind, s, year)
    return IndicatorEntry(ind, status_of_values(ind, values, today=today), points, monthly)


def _published_at(snap: Snapshot) -> str | None:
    if not snap.has_table("snapshot_meta"):
        return None
    rows = snap.rows("select value from snapshot_meta where key = 'published_at'")
    return str(rows[0][0]) if rows else None


def evaluation_plans(snap: Snapshot, year: int) -> list[Any] | None:
    """The hook for evaluation plans (issue 17, part 1): the results of `indicators.plans.plan_results(snap, year)`
    where that module exists, else None (the report then says that no plans are published yet)."""
    try:
        from indicators.plans import plan_results  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return list(plan_results(snap, year))


def report_data(snap: Snapshot, year: int, *, lang: str = "de", public: bool = False) -> ReportData:
    """Everything the report of `year` shows. `public`: refuse a snapshot that `publish --public` did not write."""
    if public and not snap.is_public:
        raise ReportError(f"{snap.path} ist kein öffentlicher Snapshot (`python -m etl publish --public` schreibt ihn)")
    years = report_years(snap)
    if year not in years:
        span = f"{years[-1]}–{years[0]}" if years else "keine"
        raise ReportError(f"Für {year} gibt es keinen Bericht (Jahre mit Daten: {span})")
    fields_rows = snap.rows("select action_field_id, name, zielbild from action_field order by sort_order, action_field_id")
    all_measures = measures_mod.measures(snap, lang=lang)
    active, stored = measures_mod.active_and_backlog(all_measures)
    details: dict[str, MeasureDetail] = {}
    first_field: dict[str, str] = {}
    field_order = [r[0] for r in fields_rows]
    for mid, fids in zip(active["measure_id"].to_list(), active["action_field_ids"].to_list(), strict=True):
        d = measures_mod.measure(snap, mid, lang=lang)
        if d is None:
            continue
        details[mid] = d
        ordered = sorted(fids or [], key=lambda f: field_order.index(f) if f in field_order else len(field_order))
        first_field[mid] = ordered[0] if ordered else ""
    entries = {
        mid: MeasureEntry(d, tuple(indicator_entry(snap, i, year) for i in d.indicators), first_field[mid])
        for mid, d in details.items()
    }
    fields = []
    for fid, name, zielbild in fields_rows:
        ids = field_measures(snap, fid).filter(~pl.col("in_backlog"))["measure_id"].to_list()
        fields.append(
            FieldEntry(
                fid,
                text_in(snap, "action_field", fid, "name", name, lang),
                text_in(snap, "action_field", fid, "zielbild", zielbild, lang),
                tuple(entries[m] for m in ids if m in entries),
            )
        )
    backlog = tuple(d for m in stored["measure_id"].to_list() if (d := measures_mod.measure(snap, m, lang=lang)) is not None)
    return ReportData(
        year=year,
        lang=lang,
        public=snap.is_public,
        demo=has_demo_data(snap),
        data_date=data_date(snap),
        published_at=_published_at(snap),
        fields=tuple(fields),
        backlog=backlog,
        plans=evaluation_plans(snap, year),
    )
