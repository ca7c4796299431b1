"""Wasserstände von Pegeln (Rezept 2 in docs/where-things-go.md, einmal nachgegangen): a made-up export of water
levels, one row per gauge and quarter hour, semicolon-separated, German decimals, local time.

Goes to `etl/sources/pegel.py`, nothing else: tests/etl/test_recipe_source.py puts it into a copy of the project and
loads `pegel-2025-10.csv` (next to this file) with `python -m etl load`. Written per the recipe, after
`etl/sources/ecocounter.py`: detect by header names, a pure parse with the helpers of `etl.parsing`, rejects with line
and reason, the frames from `etl.frames`, a write mode for every table.
"""

from __future__ import annotations

import polars as pl

from etl.frames import observations, shape
from etl.parsing import (
    decode_text,
    head_has_header,
    header_end,
    number_invalid,
    parse_local_times,
    parse_number,
    read_delimited,
    rows_where,
)
from etl.registry import Parsed, Reject, Source, register
from etl.stations import station_id

HEADER = ("Messstelle", "Name", "Zeitpunkt", "Wasserstand [cm]")


def _is_header(cells: list[str]) -> bool:
    return all(h in cells for h in HEADER)


@register
class PegelCsv(Source):
    kind = "pegel_csv"
    label = "Pegel-Wasserstände (CSV, Viertelstundenwerte)"
    write_modes = {"observation": "merge", "station": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        return head_has_header(head, _is_header, max_lines=5)

    def body_start(self, head: bytes) -> int | None:
        return header_end(head, _is_header)

    def parse(self, data: bytes, name: str) -> Parsed:
        """Pure: bytes in, canonical frames out; every row read is loaded or rejected with its line and reason."""
        # 1. the table: header found by name below the preamble, every row with its file line and raw text
        table = read_delimited(decode_text(data), is_header=_is_header, strip_cells=True)
        rejects: list[Reject] = list(table.rejected)
        # 2. local time → UTC (both October hours kept, the March gap rejected)
        f, bad = parse_local_times(table.frame, "Zeitpunkt", "%d.%m.%Y %H:%M")
        rejects += bad
        # 3. German decimals with the shared helpers; a bad cell rejects its row, with the reason
        level = "Wasserstand [cm]"
        f, bad = rows_where(
            f, number_invalid(level, decimal_comma=True), lambda r: f"kein Wasserstand in {level!r}: {r[level]!r}"
        )
        rejects += bad
        f = f.with_columns(parse_number(level, decimal_comma=True).alias(level))
        # 4. the format's own rule: a gauge without its number cannot be told apart
        f, bad = rows_where(f, pl.col("Messstelle") == "", "Messstelle fehlt")
        rejects += bad
        # 5. canonical frames (etl/frames.py): one station per gauge, one observation per row
        ids = {n: station_id("pegel", n) for n in f["Messstelle"].unique()}
        sid = pl.col("Messstelle").replace_strict(ids, return_dtype=pl.Utf8)
        stations = f.select(
            sid.alias("station_id"),
            pl.lit("water_gauge").alias("kind"),
            pl.col("Name").alias("name"),
            pl.lit("Pegel").alias("source"),
        ).unique(subset="station_id", keep="last", maintain_order=True)
        tables = {
            "station": shape("station", stations),
            "observation": observations(f, station_id=sid, ts=pl.col("ts"), metric="water_level_cm", value=pl.col(level)),
        }
        return Parsed(tables=tables, rejected=rejects, rows_in=table.rows_in)
