"""Canonical frames of the warehouse tables as parsers hand them to the loader: one schema per table, one way to build.

Every source builds what it returns in `Parsed.tables` here: from row dicts (`rows_frame`, `station_frame`,
`observation_frame`, `detail_frame`) or column-wise from a parsed frame (`shape`, `observations`). The table name is
a literal at the call, so the registry can check at registration that each table a source builds has a write mode.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl

Schema = dict[str, pl.DataType]
Row = Mapping[str, object]

# Provenance a frame may carry to the loader (dropped before writing): the 1-based file line (or element number) and
# the raw text, for `rejected_row` and conflict reports.
PROVENANCE: Schema = {"_line": pl.Int64(), "_raw": pl.Utf8()}

# `station` rows. A parser that knows no name or position may leave those columns out (DWD product files): the
# loader's station merge fills gaps and never erases known metadata.
STATION_SCHEMA: Schema = {
    "station_id": pl.Utf8(),
    "kind": pl.Utf8(),
    "name": pl.Utf8(),
    "lat": pl.Float64(),
    "lon": pl.Float64(),
    "source": pl.Utf8(),
}
# `observation` rows, with the 1-based file line (or element number) and the raw text for conflict reports
OBSERVATION_SCHEMA: Schema = {
    "station_id": pl.Utf8(),
    "ts": pl.Datetime("us"),
    "metric": pl.Utf8(),
    "value": pl.Float64(),
    "_line": pl.Int64(),
    "_raw": pl.Utf8(),
}
# `observation_detail` rows: the parts (`component`) of an observation; the raw text stays with the observation
DETAIL_SCHEMA: Schema = {
    "station_id": pl.Utf8(),
    "ts": pl.Datetime("us"),
    "metric": pl.Utf8(),
    "component": pl.Utf8(),
    "value": pl.Float64(),
    "_line": pl.Int64(),
}

# The columns of every table a source may write (docs/warehouse.md); `load_id` and `is_demo` are set by the loader.
SCHEMAS: dict[str, Schema] = {
    "station": STATION_SCHEMA,
    "observation": {c: t for c, t in OBSERVATION_SCHEMA.items() if c not in PROVENANCE},
    "observation_detail": {c: t for c, t in DETAIL_SCHEMA.items() if c not in PROVENANCE},
    "charging_station": {
        "station_id": pl.Utf8(),
        "release_date": pl.Date(),
        "operator": pl.Utf8(),
        "address": pl.Utf8(),
        "postcode": pl.Utf8(),
        "city": pl.Utf8(),
        "commissioned_on": pl.Date(),
        "power_kw": pl.Float64(),
        "charge_points": pl.Int32(),
        "charger_type": pl.Utf8(),
    },
    "service_request": {
        "request_id": pl.Utf8(),
        "category": pl.Utf8(),
        "service_code": pl.Utf8(),
        "requested_at": pl.Datetime("us"),
        "updated_at": pl.Datetime("us"),
        "closed_at": pl.Datetime("us"),
        "status": pl.Utf8(),
        "lat": pl.Float64(),
        "lon": pl.Float64(),
    },
    "district": {"district_id": pl.Utf8(), "name": pl.Utf8(), "geojson": pl.Utf8()},
    "survey_result": {
        "survey_id": pl.Utf8(),
        "wave": pl.Utf8(),
        "survey_date": pl.Date(),
        "question_id": pl.Utf8(),
        "answer": pl.Utf8(),
        "n": pl.Int64(),
        "survey_title": pl.Utf8(),
    },
    "survey_response": {
        "survey_id": pl.Utf8(),
        "wave": pl.Utf8(),
        "response_id": pl.Utf8(),
        "submitted_at": pl.Datetime("us"),
        "question_id": pl.Utf8(),
        "answer": pl.Utf8(),
    },
    # the Maßnahmenkatalog
    "action_field": {
        "action_field_id": pl.Utf8(),
        "name": pl.Utf8(),
        "zielbild": pl.Utf8(),
        "sort_order": pl.Int32(),
        "name_en": pl.Utf8(),
        "zielbild_en": pl.Utf8(),
    },
    "measure": {
        "measure_id": pl.Utf8(),
        "title": pl.Utf8(),
        "description": pl.Utf8(),
        "status": pl.Utf8(),
        "responsible_unit": pl.Utf8(),
        "budget_eur": pl.Float64(),
        "staff_fte": pl.Float64(),
        "start_date": pl.Date(),
        "end_date": pl.Date(),
        "milestones": pl.Utf8(),
        "in_backlog": pl.Boolean(),
        "last_reviewed": pl.Date(),
        "is_example": pl.Boolean(),
        "title_en": pl.Utf8(),
        "description_en": pl.Utf8(),
        "milestones_en": pl.Utf8(),
    },
    "measure_action_field": {"measure_id": pl.Utf8(), "action_field_id": pl.Utf8()},
    "indicator": {
        "indicator_id": pl.Utf8(),
        "measure_id": pl.Utf8(),
        "name": pl.Utf8(),
        "definition": pl.Utf8(),
        "unit": pl.Utf8(),
        "ioo_level": pl.Utf8(),
        "direction": pl.Utf8(),
        "baseline_value": pl.Float64(),
        "baseline_date": pl.Date(),
        "target_value": pl.Float64(),
        "target_date": pl.Date(),
        "progress_basis": pl.Utf8(),
        "update_interval": pl.Utf8(),
        "source": pl.Utf8(),
        "responsible_unit": pl.Utf8(),
        "is_public": pl.Boolean(),
        "caveats": pl.Utf8(),
        "is_example": pl.Boolean(),
        "name_en": pl.Utf8(),
        "definition_en": pl.Utf8(),
        "source_en": pl.Utf8(),
        "caveats_en": pl.Utf8(),
    },
    "indicator_value": {"indicator_id": pl.Utf8(), "period_start": pl.Date(), "value": pl.Float64(), "is_example": pl.Boolean()},
    "evaluation_plan": {
        "plan_id": pl.Utf8(),
        "version": pl.Int32(),
        "measure_id": pl.Utf8(),
        "indicator_id": pl.Utf8(),
        "station_id": pl.Utf8(),
        "cutoff_date": pl.Date(),
        "window_days": pl.Int32(),
        "method": pl.Utf8(),
        "controls": pl.Utf8(),
        "expected_direction": pl.Utf8(),
        "expected_effect_pct": pl.Float64(),
        "decided_by": pl.Utf8(),
        "decided_on": pl.Date(),
        "published_on": pl.Date(),
        "change_reason": pl.Utf8(),
        "change_reason_en": pl.Utf8(),
        "content_hash": pl.Utf8(),
        "is_example": pl.Boolean(),
    },
}


def _schema(table: str, columns: Sequence[str] | None, extra: Schema | None) -> Schema:
    if table not in SCHEMAS:
        raise ValueError(f"unbekannte Tabelle {table!r}; bekannt sind: {', '.join(sorted(SCHEMAS))}")
    schema = SCHEMAS[table]
    if columns is not None:
        unknown = [c for c in columns if c not in schema]
        if unknown:
            raise ValueError(f"{table}: unbekannte Spalten {unknown}")
        schema = {c: t for c, t in schema.items() if c in columns}
    return {**schema, **(extra or {})}


def rows_frame(
    table: str,
    rows: Sequence[Row],
    *,
    columns: Sequence[str] | None = None,
    provenance: Sequence[str] = ("_line", "_raw"),
    extra: Schema | None = None,
) -> pl.DataFrame:
    """Rows (dicts keyed by column name) as a frame of `table`'s schema, also when there are none.

    `columns` restricts it to the table columns a format knows (a station without position), `provenance` names the
    `_line`/`_raw` columns the rows carry, `extra` adds columns a format needs on the way (dropped before writing).
    A key not in the schema is ignored; a key of the schema missing in a row is NULL.

    >>> rows_frame("district", [{"district_id": "1", "name": "Mitte", "geojson": "{}", "_line": 2}], provenance=["_line"])
    shape: (1, 4)
    ┌─────────────┬───────┬─────────┬───────┐
    │ district_id ┆ name  ┆ geojson ┆ _line │
    │ ---         ┆ ---   ┆ ---     ┆ ---   │
    │ str         ┆ str   ┆ str     ┆ i64   │
    ╞═════════════╪═══════╪═════════╪═══════╡
    │ 1           ┆ Mitte ┆ {}      ┆ 2     │
    └─────────────┴───────┴─────────┴───────┘
    """
    schema = _schema(table, columns, extra) | {c: PROVENANCE[c] for c in provenance}
    return pl.DataFrame([{c: r.get(c) for c in schema} for r in rows], schema=schema, orient="row")


def shape(table: str, frame: pl.DataFrame, *, extra: Schema | None = None) -> pl.DataFrame:
    """A frame built column-wise (`select`, `group_by`) in `table`'s canonical shape: its table columns in schema
    order and types, then the provenance columns it has. A column the table does not have is an error (a typo would
    otherwise be written nowhere); a table column it lacks stays out (the loader fills or merges it)."""
    schema = _schema(table, None, extra)
    unknown = [c for c in frame.columns if c not in schema and c not in PROVENANCE]
    if unknown:
        raise ValueError(f"{table}: unbekannte Spalten {unknown}")
    keep = {c: t for c, t in (schema | PROVENANCE).items() if c in frame.columns}
    return frame.select([pl.col(c).cast(t) for c, t in keep.items()])


def observations(
    frame: pl.DataFrame,
    *,
    station_id: pl.Expr,
    ts: pl.Expr,
    metric: str,
    value: pl.Expr,
    component: str | None = None,
) -> pl.DataFrame:
    """One `observation` row per row of a parsed frame (with `_line` and `_raw`): the column-wise twin of
    `observation_frame`. With `component`, `observation_detail` rows of that part instead (the raw text stays with the
    observation, so only `_line` is kept)."""
    if component is None:
        cols = [station_id.alias("station_id"), ts.alias("ts"), pl.lit(metric).alias("metric"), value.alias("value")]
        return shape("observation", frame.select(*cols, "_line", "_raw"))
    cols = [
        station_id.alias("station_id"),
        ts.alias("ts"),
        pl.lit(metric).alias("metric"),
        pl.lit(component).alias("component"),
        value.alias("value"),
    ]
    return shape("observation_detail", frame.select(*cols, "_line"))


def station_frame(rows: Sequence[Row], *, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """`station` rows (dicts with the keys of `STATION_SCHEMA`) as a frame; no rows give an empty frame of that schema.

    `columns`: the station columns the format knows (DWD product files know no name or position)."""
    return rows_frame("station", rows, columns=columns, provenance=())


def observation_frame(rows: Sequence[Row]) -> pl.DataFrame:
    """`observation` rows (dicts with the keys of `OBSERVATION_SCHEMA`) as a frame."""
    return rows_frame("observation", rows)


def detail_frame(rows: Sequence[Row]) -> pl.DataFrame:
    """`observation_detail` rows (dicts with the keys of `DETAIL_SCHEMA`) as a frame."""
    return rows_frame("observation_detail", rows, provenance=["_line"])


# Columns that say when something happened (measured, reported, answered, put into service, published): a value
# outside the plausible window is a broken export or a planted one (a row dated 2099 put "01.06.2099" on the map and
# switched the station chart to yearly), so the loader rejects the row with its line and reason. Dates that may lie in
# the future by design (a measure's end, an indicator's target) are not listed.
EVENT_DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "observation": ("ts",),
    "observation_detail": ("ts",),
    "service_request": ("requested_at", "updated_at", "closed_at"),
    "survey_response": ("submitted_at",),
    "survey_result": ("survey_date",),
    "charging_station": ("commissioned_on", "release_date"),
    "indicator_value": ("period_start",),
}
EARLIEST = date(2000, 1, 1)  # default start of the plausible window (`etl load --earliest`)
FUTURE_DAYS = 2  # default end of the window: load time + this many days (`etl load --future-days`)


@dataclass(frozen=True)
class DateWindow:
    """The plausible window of the dates in `EVENT_DATE_COLUMNS`: from `earliest` (00:00 UTC) to `latest` (UTC)."""

    earliest: datetime
    latest: datetime

    @classmethod
    def at(cls, now: datetime | None = None, *, earliest: date = EARLIEST, future_days: float = FUTURE_DAYS) -> DateWindow:
        """The window of a load started at `now` (default: the current time, UTC)."""
        now = now or datetime.now(UTC).replace(tzinfo=None)
        return cls(datetime.combine(earliest, datetime.min.time()), now + timedelta(days=future_days))

    def describe(self) -> str:
        return f"{self.earliest:%d.%m.%Y}–{self.latest:%d.%m.%Y}"


Rejected = tuple[int | None, str, str]  # (1-based line, reason, raw text), as `etl.registry.Reject`


def outside_window(table: str, frame: pl.DataFrame, window: DateWindow) -> tuple[pl.DataFrame, list[Rejected]]:
    """The frame without its rows dated outside `window`, and those rows as rejections (line, reason, raw text).

    The raw text is the row's `_raw` when the parser kept it, else its table columns as `name=value`."""
    cols = [c for c in EVENT_DATE_COLUMNS.get(table, ()) if c in frame.columns]
    if not cols or frame.is_empty():
        return frame, []
    checks = []
    for c in cols:
        dtype = frame.schema[c]
        if dtype == pl.Date:
            lo, hi = pl.lit(window.earliest.date()), pl.lit(window.latest.date())
        elif isinstance(dtype, pl.Datetime):
            lo, hi = pl.lit(window.earliest).cast(dtype), pl.lit(window.latest).cast(dtype)
        else:
            continue
        checks.append(((pl.col(c) < lo) | (pl.col(c) > hi)).fill_null(False).alias(c))
    if not checks:
        return frame, []
    flags = frame.select(checks)
    bad = flags.select(pl.any_horizontal(pl.all())).to_series()
    if not bad.any():
        return frame, []
    rejects: list[Rejected] = []
    data_cols = [c for c in frame.columns if not c.startswith("_")]
    for row, flag in zip(frame.filter(bad).iter_rows(named=True), flags.filter(bad).iter_rows(named=True), strict=True):
        col = next(c for c in flags.columns if flag[c])
        value = row[col]
        shown = _local(value) if isinstance(value, datetime) else f"{value:%d.%m.%Y}"
        reason = f"Datum {col} {shown} außerhalb des plausiblen Zeitraums {window.describe()}"
        raw = row.get("_raw") or "; ".join(f"{c}={row[c]}" for c in data_cols if row[c] is not None)
        rejects.append((row.get("_line"), reason, raw))
    return frame.filter(~bad), list(dict.fromkeys(rejects))  # a file line read as several rows is rejected once


def _local(ts: datetime) -> str:
    """A UTC time stamp as a person reads it: German format, Berlin time."""
    try:
        ts = ts.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
    except (OverflowError, ValueError):
        pass  # at the ends of the calendar: shown in UTC
    return f"{ts:%d.%m.%Y %H:%M}"
