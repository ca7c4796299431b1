"""Eco-Counter channel export (Münster open-data layout): 15-min bicycle counts, one column per channel."""
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
from etl.registry import Parsed, Source, register
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

    def detect(self, head: bytes, name: str) -> bool:
        return head_has_header(head, _is_header)

    def body_start(self, head: bytes) -> int | None:
        return header_end(head, _is_header)

    def parse(self, data: bytes, name: str) -> Parsed:
        table = read_delimited(decode_text(data), is_header=_is_header)
        header = table.header
        time_col = next(c for c in header if c.lower() == "datetime")
        channels = [(m.group(1), m.group(2).strip(), c) for c in header if (m := CHANNEL.match(c))]
        total = _total_channel(channels)
        parts = [c for c in channels if c is not total]
        f, rejects = parse_local_times(table.frame, time_col, "%Y-%m-%d %H:%M")
        rejects = list(table.rejected) + rejects
        plain = plain_numbers(f, [col for _, _, col in channels], min_value=0)
        for _, _, col in channels if plain is None else ():
            f, bad = rows_where(f, number_invalid(col), lambda r, col=col: f"keine Zahl in Spalte {col!r}: {r[col]!r}")
            rejects += bad
            f = f.with_columns(parse_number(col).alias(col))
            f, bad = rows_where(f, pl.col(col) < 0, lambda r, col=col: f"negative Zählung in Spalte {col!r}")
            rejects += bad
        f = f if plain is None else plain
        if total is None:
            if not channels:
                raise FileRejected("keine Zählkanäle gefunden")
            site_id, site_name = channels[0][0], channels[0][1]
            total_expr = pl.sum_horizontal([pl.col(c[2]) for c in channels])
            total_expr = pl.when(pl.any_horizontal([pl.col(c[2]).is_null() for c in channels])).then(None).otherwise(total_expr)
            parts = channels
        else:
            site_id, site_name = total[0], total[1]
            total_expr = pl.col(total[2])
            if parts:
                complete = pl.all_horizontal([pl.col(c[2]).is_not_null() for c in parts]) & total_expr.is_not_null()
                mismatch = complete & (pl.sum_horizontal([pl.col(c[2]) for c in parts]) != total_expr)
                f, bad = rows_where(f, mismatch, "Summe der Richtungen stimmt nicht mit der Gesamtzählung überein")
                rejects += bad
        sid = pl.lit(station_id("ecocounter", site_id))
        obs = observations(f, station_id=sid, ts=pl.col("ts"), metric="bicycles", value=total_expr)
        details = [
            observations(f, station_id=sid, ts=pl.col("ts"), metric="bicycles", value=pl.col(col), component=f"{cid} ({cname})")
            for cid, cname, col in parts
        ]
        # the export knows no position: the station row leaves lat/lon out, so a known position is never erased
        station = station_frame(
            [{"station_id": station_id("ecocounter", site_id), "kind": "bike_counter", "name": site_name, "source": "Eco-Counter"}],
            columns=("station_id", "kind", "name", "source"),
        )
        tables = {"station": station, "observation": obs}
        if details:
            tables["observation_detail"] = pl.concat(details)
        return Parsed(tables=tables, rejected=rejects, rows_in=table.rows_in)
