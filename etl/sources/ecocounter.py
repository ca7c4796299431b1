"""Eco-Counter channel export (Münster open-data layout): 15-min bicycle counts, one column per channel.

The model source (docs/sources-guide.md): detect by header names, parse with the shared helpers of `etl.parsing`,
reject bad rows with line and reason, build the frames with `etl.frames`, declare a write mode per table.
"""

from __future__ import annotations

import re

import polars as pl

from etl.errors import FileRejected
from etl.frames import observations, station_frame
from etl.parsing import (
    decode_text,
    head_has_header,
    header_end,
    number_invalid,
    parse_local_times,
    parse_number,
    plain_numbers,
    read_delimited,
    rows_where,
)
from etl.registry import Parsed, Reject, Source, register
from etl.stations import station_id

CHANNEL = re.compile(r"^(\d{6,})\s*\((.*)\)\s*$")
STATUS = re.compile(r"^(\d{6,})-status$", re.IGNORECASE)
SITE_PREFIXES = ("100", "300")  # Eco-Visio: site ids; 101/102/353… are directional channels


def _is_header(cells: list[str]) -> bool:
    return any(c.lower() == "datetime" for c in cells) and any(CHANNEL.match(c) for c in cells)


def _total_channel(channels: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The site-total channel: a site id (100…/300…) or the channel whose name prefixes all others."""
    if len(channels) == 1:
        return channels[0]
    by_prefix = [c for c in channels if c[0].startswith(SITE_PREFIXES)]
    if len(by_prefix) == 1:
        return by_prefix[0]
    by_name = [c for c in channels if all(o is c or o[1].startswith(c[1]) for o in channels)]
    if len(by_name) == 1:
        return by_name[0]
    return None


@register
class EcoCounterCsv(Source):
    kind = "ecocounter_csv"
    label = "Eco-Counter Kanal-Export (CSV)"
    write_modes = {"observation": "merge", "observation_detail": "merge", "station": "merge"}
    same_part_prefix = len("2024-10-27 02")  # rows start with the local time stamp
    groupable = True  # each row is read on its own against the header: monthly files are parsed together

    def detect(self, head: bytes, name: str) -> bool:
        return head_has_header(head, _is_header)

    def body_start(self, head: bytes) -> int | None:
        return header_end(head, _is_header)

    def parse(self, data: bytes, name: str) -> Parsed:
        """Pure: bytes in, canonical frames out; every row read is loaded or rejected with its line and reason."""
        # 1. the table: header found by name, every row with its file line and raw text, malformed rows rejected
        table = read_delimited(decode_text(data), is_header=_is_header)
        time_col = next(c for c in table.header if c.lower() == "datetime")
        channels = [(m.group(1), m.group(2).strip(), c) for c in table.header if (m := CHANNEL.match(c))]
        if not channels:
            raise FileRejected("keine Zählkanäle gefunden")
        rejects: list[Reject] = list(table.rejected)
        # 2. local time → UTC (both October hours kept, the March gap rejected)
        f, bad = parse_local_times(table.frame, time_col, "%Y-%m-%d %H:%M")
        rejects += bad
        # 3. cells → numbers with the shared helpers; a bad cell rejects its row, with the reason
        f, bad = _counts(f, [col for _, _, col in channels])
        rejects += bad
        # 4. the format's own rule: directions add up to the site total
        total = _total_channel(channels)
        if total is None:  # no total channel: the total is the sum of the channels (NULL when one is missing)
            site_id, site_name = channels[0][0], channels[0][1]
            total_expr = pl.sum_horizontal([pl.col(c[2]) for c in channels])
            total_expr = pl.when(pl.any_horizontal([pl.col(c[2]).is_null() for c in channels])).then(None).otherwise(total_expr)
            parts = channels
        else:
            site_id, site_name = total[0], total[1]
            total_expr = pl.col(total[2])
            parts = [c for c in channels if c is not total]
            if parts:
                complete = pl.all_horizontal([pl.col(c[2]).is_not_null() for c in parts]) & total_expr.is_not_null()
                mismatch = complete & (pl.sum_horizontal([pl.col(c[2]) for c in parts]) != total_expr)
                f, bad = rows_where(f, mismatch, "Summe der Richtungen stimmt nicht mit der Gesamtzählung überein")
                rejects += bad
        # 5. canonical frames (etl/frames.py): the total to `observation`, the directions to `observation_detail`
        sid = station_id("ecocounter", site_id)
        tables = {
            # the export knows no position: the station row leaves lat/lon out, so a known position is never erased
            "station": station_frame(
                [{"station_id": sid, "kind": "bike_counter", "name": site_name, "source": "Eco-Counter"}],
                columns=("station_id", "kind", "name", "source"),
            ),
            "observation": observations(f, station_id=pl.lit(sid), ts=pl.col("ts"), metric="bicycles", value=total_expr),
        }
        details = [
            observations(
                f, station_id=pl.lit(sid), ts=pl.col("ts"), metric="bicycles", value=pl.col(col), component=f"{cid} ({cname})"
            )
            for cid, cname, col in parts
        ]
        if details:
            tables["observation_detail"] = pl.concat(details)
        return Parsed(tables=tables, rejected=rejects, rows_in=table.rows_in)


def _counts(f: pl.DataFrame, cols: list[str]) -> tuple[pl.DataFrame, list[Reject]]:
    """`cols` as Float64 counts; rows with a cell that is no number or negative are split off as rejects."""
    plain = plain_numbers(f, cols, min_value=0)  # one pass over clean columns (the common case) ...
    if plain is not None:
        return plain, []
    rejects: list[Reject] = []
    for col in cols:  # ... and row-by-row checks with their reasons only when it finds something
        f, bad = rows_where(f, number_invalid(col), lambda r, col=col: f"keine Zahl in Spalte {col!r}: {r[col]!r}")
        rejects += bad
        f = f.with_columns(parse_number(col).alias(col))
        f, bad = rows_where(f, pl.col(col) < 0, lambda r, col=col: f"negative Zählung in Spalte {col!r}")
        rejects += bad
    return f, rejects
