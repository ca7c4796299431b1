"""Canonical frames of the warehouse tables as parsers hand them to the loader: one schema per table, one way to build.

Every source builds what it returns in `Parsed.tables` here: from row dicts (`rows_frame`, `station_frame`,
`observation_frame`, `detail_frame`) or column-wise from a parsed frame (`shape`, `observations`). The table name is
a literal at the call, so the registry can check at registration that each table a source builds has a write mode.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
    "action_field": {"action_field_id": pl.Utf8(), "name": pl.Utf8(), "zielbild": pl.Utf8(), "sort_order": pl.Int32()},
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
        "is_example": pl.Boolean(),
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
    },
    "indicator_value": {"indicator_id": pl.Utf8(), "period_start": pl.Date(), "value": pl.Float64(), "is_example": pl.Boolean()},
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
