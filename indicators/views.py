"""What the dashboard shows, computed from the snapshot: overview counts, indicator series with status, freshness."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import polars as pl

from indicators import registry
from indicators.registry import Indicator
from indicators.status import IndicatorStatus, indicator_status, status_of_values
from indicators.store import Snapshot


def has_demo_data(snap: Snapshot) -> bool:
    return snap.memo("has_demo_data", lambda: bool(snap.rows("select count(*) from load_log where is_demo")[0][0]))


def _measures(snap: Snapshot) -> dict[str, tuple[str, date | None]]:
    """measure_id -> (title, start date), read once per published snapshot."""
    return snap.memo(
        "measures", lambda: {r[0]: (r[1], r[2]) for r in snap.rows("select measure_id, title, start_date from measure")}
    )


def last_load(snap: Snapshot) -> datetime | None:
    loaded: datetime | None = snap.rows("select max(loaded_at) from load_log")[0][0]
    return loaded


# when each kind of data happened (`etl/frames.py: EVENT_DATE_COLUMNS`): the latest of them is the data's date
DATA_DATE_COLUMNS = (
    ("observation", "ts"),
    ("service_request", "requested_at"),
    ("survey_result", "survey_date"),
    ("charging_station", "commissioned_on"),
    ("indicator_value", "period_start"),
)
BERLIN = ZoneInfo("Europe/Berlin")


def data_date(snap: Snapshot) -> date | None:
    """The Datenstand: the latest day (local time) the snapshot holds data for — a measurement, a report, a survey
    wave, a register entry or a delivered indicator value; None without any. Not the load time: a file loaded today
    may end last month."""

    def compute() -> date | None:
        days: list[date] = []
        for table, column in DATA_DATE_COLUMNS:
            if not snap.has_table(table):
                continue
            v = snap.rows(f"select max({column}) from {table}")[0][0]
            if isinstance(v, datetime):  # timestamps are UTC: the local day
                days.append(v.replace(tzinfo=UTC).astimezone(BERLIN).date())
            elif isinstance(v, date):
                days.append(v)
        return max(days, default=None)

    return snap.memo("data_date", compute)


def measure_start(snap: Snapshot, measure_id: str) -> date | None:
    hit = _measures(snap).get(measure_id)
    return hit[1] if hit else None


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    series: pl.DataFrame  # period_start, value
    status: IndicatorStatus
    measure_start: date | None
    measure_title: str
    station: str | None = None  # the series is this station's alone: the city's baseline and target do not apply


def indicator_view(snap: Snapshot, ind: Indicator, *, today: date, station: str | None = None) -> IndicatorView:
    s = registry.series(snap, ind, station=station).drop_nulls(["value"]).sort("period_start")
    st = indicator_status(snap, ind, today=today)
    title, start = _measures(snap).get(ind.measure_id, (ind.measure_id, None))
    return IndicatorView(ind, s.select("period_start", pl.col("value").cast(pl.Float64)), st, start, title, station)


@dataclass(frozen=True)
class Glance:
    """An indicator at a glance (a row of the overview): its city-wide values without gaps, sorted by period, as
    Python lists, and its status — the same numbers as `indicator_view`, without a polars frame per indicator."""

    indicator: Indicator
    periods: tuple[date, ...]
    values: tuple[float, ...]
    status: IndicatorStatus


def glances(snap: Snapshot, *, today: date) -> dict[str, Glance]:
    """Every indicator's `Glance`, computed once per published snapshot and day (the status depends on `today`:
    "Daten veraltet"). The overview shows all of them: 35 `indicator_view`s with their frame operations and status
    lookups cost it ~60 ms per view."""
    return snap.memo(("glances", today), lambda: {i.indicator_id: _glance(snap, i, today) for i in registry.all_indicators(snap)})


def _glance(snap: Snapshot, ind: Indicator, today: date) -> Glance:
    s = registry.series(snap, ind)
    values = s.get_column("value")
    periods: list[date] = s.get_column("period_start").to_list()
    if (
        values.dtype == pl.Float64
        and s.schema["period_start"] == pl.Date
        and values.null_count() == 0
        and all(a < b for a, b in zip(periods, periods[1:], strict=False))
    ):  # a stored series is sorted, without gaps: as it is (the frame operations would return the same)
        pairs = list(zip(periods, values.to_list(), strict=True))
        st = status_of_values(ind, pairs, today=today)  # what `indicator_status` computes from the same values
    else:  # anything else exactly as `indicator_view` does it
        view = indicator_view(snap, ind, today=today)
        pairs = list(view.series.iter_rows())
        st = view.status
    return Glance(ind, tuple(p for p, _ in pairs), tuple(v for _, v in pairs), st)


@dataclass(frozen=True)
class FieldSummary:
    action_field_id: str
    name: str
    zielbild: str
    measures_by_status: dict[str, int]
    backlog: int
    indicators_by_status: dict[str, int]
    indicator_ids: tuple[str, ...] = ()  # the field's indicators in the registry's order (the overview lists each)
    without_data: int = 0  # of them, those without a single value yet (counted as `not_available`, said as such)


def overview(snap: Snapshot, *, today: date) -> list[FieldSummary]:
    """Per Handlungsfeld: measures by status, backlog, indicators by progress status."""
    fields = snap.rows("select action_field_id, name, zielbild from action_field order by sort_order")
    m = snap.rows(
        "select f.action_field_id, m.measure_id, m.status, m.in_backlog from measure m"
        " join measure_action_field f using (measure_id)"
    )
    inds = registry.all_indicators(snap)
    status = {k: g.status for k, g in glances(snap, today=today).items()}
    status_of = {k: st.progress_status for k, st in status.items()}
    out = []
    for fid, name, zb in fields:
        ms = [r for r in m if r[0] == fid]
        mids = {r[1] for r in ms}
        mine = [i.indicator_id for i in inds if i.measure_id in mids]
        out.append(
            FieldSummary(
                fid,
                name,
                zb,
                dict(Counter(r[2] for r in ms if not r[3])),
                sum(1 for r in ms if r[3]),
                dict(Counter(status_of[i] for i in mine)),
                tuple(mine),
                sum(1 for i in mine if status[i].latest_value is None),
            )
        )
    return out


def field_indicators(snap: Snapshot, action_field_id: str) -> list[Indicator]:
    mids = {
        r[0]
        for r in snap.memo(
            ("field_measure_ids", action_field_id),
            lambda: snap.rows("select measure_id from measure_action_field where action_field_id = ?", [action_field_id]),
        )
    }
    return [i for i in registry.all_indicators(snap) if i.measure_id in mids]


def field_measures(snap: Snapshot, action_field_id: str) -> pl.DataFrame:
    return snap.query(
        "select m.measure_id, m.title, m.status, m.responsible_unit, m.start_date, m.end_date, m.in_backlog, m.is_example"
        " from measure m join measure_action_field f using (measure_id) where f.action_field_id = ?"
        " order by m.in_backlog, m.start_date nulls last, m.title",
        [action_field_id],
    )


def action_field(snap: Snapshot, action_field_id: str) -> tuple[str, str] | None:
    rows = snap.memo(
        ("action_field", action_field_id),
        lambda: snap.rows("select name, zielbild from action_field where action_field_id = ?", [action_field_id]),
    )
    return rows[0] if rows else None


def freshness(snap: Snapshot) -> pl.DataFrame:
    """Last load and latest data time per source kind."""
    return snap.query(
        "select kind, max(loaded_at) as last_load, sum(rows_loaded) as rows_loaded, sum(rows_rejected) as rows_rejected,"
        " count(*) as files from load_log group by kind order by kind"
    )
