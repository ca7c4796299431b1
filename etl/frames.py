"""Canonical frames of the station and observation tables as parsers hand them to the loader, with their schemas."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

# `station` rows. A parser that knows no name or position may leave those columns out (DWD product files): the
# loader's station merge fills gaps and never erases known metadata.
STATION_SCHEMA: dict[str, pl.DataType] = {
    "station_id": pl.Utf8(),
    "kind": pl.Utf8(),
    "name": pl.Utf8(),
    "lat": pl.Float64(),
    "lon": pl.Float64(),
    "source": pl.Utf8(),
}
# `observation` rows, with the 1-based file line (or element number) and the raw text for conflict reports
OBSERVATION_SCHEMA: dict[str, pl.DataType] = {
    "station_id": pl.Utf8(),
    "ts": pl.Datetime("us"),
    "metric": pl.Utf8(),
    "value": pl.Float64(),
    "_line": pl.Int64(),
    "_raw": pl.Utf8(),
}
# `observation_detail` rows: the parts (`component`) of an observation; the raw text stays with the observation
DETAIL_SCHEMA: dict[str, pl.DataType] = {
    "station_id": pl.Utf8(),
    "ts": pl.Datetime("us"),
    "metric": pl.Utf8(),
    "component": pl.Utf8(),
    "value": pl.Float64(),
    "_line": pl.Int64(),
}

Row = Mapping[str, object]


def station_frame(rows: Sequence[Row]) -> pl.DataFrame:
    """`station` rows (dicts with the keys of `STATION_SCHEMA`) as a frame; no rows give an empty frame of that schema."""
    return pl.DataFrame(rows, schema=STATION_SCHEMA, orient="row")


def observation_frame(rows: Sequence[Row]) -> pl.DataFrame:
    """`observation` rows (dicts with the keys of `OBSERVATION_SCHEMA`) as a frame."""
    return pl.DataFrame(rows, schema=OBSERVATION_SCHEMA, orient="row")


def detail_frame(rows: Sequence[Row]) -> pl.DataFrame:
    """`observation_detail` rows (dicts with the keys of `DETAIL_SCHEMA`) as a frame."""
    return pl.DataFrame(rows, schema=DETAIL_SCHEMA, orient="row")
