"""climavi (Agvolution) tree sensor CSV: soil moisture and soil temperature per probe depth, device telemetry."""

from __future__ import annotations

import re
from pathlib import PurePath

import polars as pl

from etl.errors import FileRejected
from etl.frames import observations, shape
from etl.parsing import (
    decode_text,
    detect_decimal_comma,
    find_column,
    head_has_header,
    number_invalid,
    parse_number,
    read_delimited,
    rows_where,
)
from etl.registry import Parsed, Source, register
from etl.stations import station_id

SOURCE = "climavi"
# `<position>|<quantity>`: position is a probe depth in cm below ground (`-30`), `TOP` (on the device), `DEVICE`
# (telemetry) or `MTB` (Meteoblue model weather that the climavi server joins to the export)
COLUMN = re.compile(r"^(?P<pos>-\d+|TOP|DEVICE|MTB)\|(?P<qty>[A-Z0-9_]+)$", re.IGNORECASE)
SOIL = {"ENV__SOIL__VWC": "soil_moisture_vwc", "ENV__SOIL__T": "soil_temperature"}
FIXED: dict[str, str] = {
    "TOP|ENV__ATMO__T": "device_air_temperature",
    "DEVICE|DEV__ENERGY__VCAP": "battery_percent",
    "MTB|ENV__ATMO__T": "model_air_temperature",
    "MTB|ENV__ATMO__RH": "model_relative_humidity",
    "MTB|ENV__ATMO__P": "model_air_pressure",
    "MTB|ENV__ATMO__DEWPOINT": "model_dew_point",
    "MTB|ENV__ATMO__RAIN__DELTA": "model_precipitation",
    "MTB|ENV__SOIL__ET": "model_evapotranspiration",
    "MTB|ENV__SOIL__T": "model_soil_temperature",
    "MTB|ENV__SOIL__VWC": "model_soil_moisture_vwc",
}
# The model's soil moisture switched from percent (21.0) to a fraction (0.281) between exports; a value in (0, 1]
# is read as a fraction, since a model soil below 1 % water content does not occur in a watered street tree pit.
FRACTION_TO_PERCENT = frozenset({"model_soil_moisture_vwc"})
DEVICE_COLUMNS = ("devEUI", "dev_eui", "device", "device_id", "sensor_id")
DEV_EUI = re.compile(r"(?<![0-9A-Fa-f])([0-9A-Fa-f]{16})(?![0-9A-Fa-f])")
MAX_TIME_DIFF_S = 1.0


def _is_header(cells: list[str]) -> bool:
    names = {c.lower() for c in cells}
    return bool(names & {"timestamp", "datetime"}) and any(COLUMN.match(c) for c in cells)


def metric_of(column: str) -> str | None:
    """Canonical metric of an export column, or None for columns that are not stored (raw capacitance, radio)."""
    m = COLUMN.match(column)
    if m is None:
        return None
    pos, qty = m.group("pos").upper(), m.group("qty").upper()
    if pos.startswith("-"):
        base = SOIL.get(qty)
        return f"{base}_{int(pos[1:])}cm" if base else None
    return FIXED.get(f"{pos}|{qty}")


def device_from_name(name: str) -> str:
    """Station native id from the file name: a 16-hex devEUI in it (upper case), else the file stem."""
    stem = PurePath(name).stem
    m = DEV_EUI.search(stem)
    return m.group(1).upper() if m else stem


def _epoch_to_utc(col: str) -> pl.Expr:
    """Epoch milliseconds (seconds when the number is too small for ms) as naive UTC."""
    n = parse_number(col)
    ms = pl.when(n.abs() < 1e11).then(n * 1000).otherwise(n).round(0).cast(pl.Int64, strict=False)
    return pl.from_epoch(ms, time_unit="ms").cast(pl.Datetime("us"))


@register
class ClimaviCsv(Source):
    kind = "climavi_csv"
    label = "climavi Baumsensor-Export (CSV)"
    write_modes = {"observation": "merge", "station": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        return head_has_header(head, _is_header)

    def parse(self, data: bytes, name: str) -> Parsed:
        table = read_delimited(decode_text(data), is_header=_is_header, strip_cells=True)
        header = table.header
        measured = [(c, m) for c in header if (m := metric_of(c)) is not None]
        if not measured:
            raise FileRejected("keine bekannte Messgröße (erwartet z. B. -30|ENV__SOIL__VWC)")
        epoch_col = find_column(header, "timestamp", required=False)
        text_col = find_column(header, "datetime", required=False)
        device_col = find_column(header, *DEVICE_COLUMNS, required=False)
        f = table.frame
        rejects: list[tuple[int | None, str, str]] = list(table.rejected)
        cols = [c for c, _ in measured]
        comma = table.delimiter != "," and f.height > 0 and detect_decimal_comma(pl.concat([f[c] for c in cols]))

        if epoch_col is not None:
            f, bad = rows_where(f, number_invalid(epoch_col), lambda r: f"Zeitstempel keine Zahl: {r[epoch_col]!r}")
            rejects += bad
        ts_epoch = _epoch_to_utc(epoch_col) if epoch_col else pl.lit(None, dtype=pl.Datetime("us"))
        ts_text = (
            pl.col(text_col)
            .str.strip_chars()
            .str.replace("T", " ", literal=True)
            .str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S%.f", strict=False)
            if text_col
            else pl.lit(None, dtype=pl.Datetime("us"))
        )
        f = f.with_columns(_ts_epoch=ts_epoch, _ts_text=ts_text)
        if text_col is not None:
            unreadable = pl.col("_ts_text").is_null() & (pl.col(text_col).fill_null("") != "")
            f, bad = rows_where(f, unreadable, lambda r: f"Datum nicht lesbar: {r[text_col]!r}")
            rejects += bad
        # both columns name the same UTC instant; a disagreement means one of them is local time or corrupted
        differ = (pl.col("_ts_epoch") - pl.col("_ts_text")).dt.total_milliseconds().abs() > MAX_TIME_DIFF_S * 1000
        f, bad = rows_where(f, differ, lambda r: f"timestamp und datetime widersprechen sich: {r['_ts_epoch']} / {r[text_col]}")
        rejects += bad
        f = f.with_columns(_ts=pl.coalesce("_ts_epoch", "_ts_text"))
        f, bad = rows_where(f, pl.col("_ts").is_null(), "Zeitstempel fehlt")
        rejects += bad

        for c in cols:
            f, bad = rows_where(f, number_invalid(c, decimal_comma=comma), lambda r, c=c: f"keine Zahl in Spalte {c!r}: {r[c]!r}")
            rejects += bad
        f = f.with_columns([parse_number(c, decimal_comma=comma).alias(c) for c in cols])

        if device_col is not None:
            f, bad = rows_where(f, pl.col(device_col).fill_null("") == "", f"Geräte-ID ({device_col}) fehlt")
            rejects += bad
            natives = {v: v.upper() if DEV_EUI.fullmatch(v) else v for v in f[device_col].unique().to_list()}
            f = f.with_columns(_native=pl.col(device_col).replace_strict(natives, return_dtype=pl.Utf8))
        else:
            f = f.with_columns(_native=pl.lit(device_from_name(name)))
        ids = {v: station_id(SOURCE, v) for v in f["_native"].unique().to_list()}
        f = f.with_columns(_sid=pl.col("_native").replace_strict(ids, return_dtype=pl.Utf8))

        # a sparse export: an empty cell means "not transmitted at this time", so it gets no row at all;
        # values are kept as sent (float32 noise included) so that sums over the file and the warehouse agree
        parts = []
        for c, metric in measured:
            value = pl.col(c)
            if metric in FRACTION_TO_PERCENT:
                value = pl.when((value > 0) & (value <= 1.0)).then(value * 100).otherwise(value)
            parts.append(
                observations(
                    f.filter(pl.col(c).is_not_null()), station_id=pl.col("_sid"), ts=pl.col("_ts"), metric=metric, value=value
                )
            )
        obs = pl.concat(parts)
        stations = shape(
            "station",
            f.select("_sid", "_native")
            .unique(maintain_order=True)
            .select(
                pl.col("_sid").alias("station_id"),
                pl.lit("tree_sensor").alias("kind"),
                pl.format("climavi Baumsensor {}", pl.col("_native")).alias("name"),
                pl.lit("climavi").alias("source"),
            ),
        )
        return Parsed(tables={"station": stations, "observation": obs}, rejected=rejects, rows_in=table.rows_in)
