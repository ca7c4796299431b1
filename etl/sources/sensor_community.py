"""sensor.community (Luftdaten): the archive CSV (one sensor per day: particulate matter, temperature, humidity,
pressure) and the per-device CSV of a device's own data page (madavi.de)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from etl.errors import FileRejected
from etl.frames import observations, shape, station_frame
from etl.parsing import (
    decode_text,
    detect_decimal_comma,
    head_has_header,
    header_end,
    number_invalid,
    offset_times_to_utc,
    parse_number,
    plain_numbers,
    read_delimited,
    rows_where,
)
from etl.registry import LoadOptions, Parsed, Source, register
from etl.stations import station_id

SOURCE = "sensorcommunity"
KEY_COLUMNS = ("sensor_id", "sensor_type", "location", "lat", "lon", "timestamp")

# Archive column (lower case) -> (canonical metric, factor to the canonical unit). The archive names a quantity
# the same way for every sensor type (SDS011, SDS021, PMS*, HPM, SPS30, PPD42NS; DHT22, HTU21D, SHT3x; BME280,
# BMP180, BMP280; DNMS), so columns are mapped by name and the sensor_type column is not needed to interpret them.
METRICS: dict[str, tuple[str, float]] = {
    "p1": ("pm10", 1.0),
    "p2": ("pm2_5", 1.0),
    "p0": ("pm1", 1.0),
    "p4": ("pm4", 1.0),
    "temperature": ("air_temperature", 1.0),
    "humidity": ("relative_humidity", 1.0),
    "pressure": ("air_pressure", 0.01),  # Pa -> hPa
    "pressure_sealevel": ("air_pressure_sealevel", 0.01),  # Pa -> hPa, reduced to sea level by the firmware
    "noise_laeq": ("noise_laeq", 1.0),
    "noise_la_min": ("noise_la_min", 1.0),
    "noise_la_max": ("noise_la_max", 1.0),
}
# Read but deliberately not stored: PPD42NS pulse durations/ratios, altitude, SPS30 number concentrations and
# typical particle size (no indicator uses them). Any other column is also ignored, by name.
IGNORED = re.compile(r"^(dur.*|ratio.*|altitude|n05|n1|n25|n4|n10|ts|noise_la01|noise_la95)$", re.IGNORECASE)
TS_NAIVE = "%Y-%m-%dT%H:%M:%S%.f"


def _is_header(cells: list[str]) -> bool:
    names = {c.lower() for c in cells}
    return all(k in names for k in KEY_COLUMNS)


def _timestamp_utc(col: str) -> pl.Expr:
    """ISO timestamps as naive UTC: the archive writes UTC without offset; an explicit offset is honoured."""
    s = pl.col(col).str.strip_chars().str.replace(" ", "T", literal=True)
    naive = s.str.strptime(pl.Datetime("us"), TS_NAIVE, strict=False)
    return pl.coalesce(naive, offset_times_to_utc(pl.col(col)))


def _with_timestamps(f: pl.DataFrame, col: str) -> pl.DataFrame:
    """`f` with `_ts` (`_timestamp_utc`); the offset form is only tried when a time stamp has no plain form."""
    naive = (
        pl.col(col).str.strip_chars().str.replace(" ", "T", literal=True).str.strptime(pl.Datetime("us"), TS_NAIVE, strict=False)
    )
    f = f.with_columns(_ts=naive)
    if f["_ts"].null_count():
        f = f.with_columns(_ts=_timestamp_utc(col))
    return f


@register
class SensorCommunityCsv(Source):
    kind = "sensor_community_csv"
    label = "sensor.community Archiv-CSV (Feinstaub, Temperatur, Luftfeuchte, Luftdruck)"
    write_modes = {"observation": "merge", "station": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        return head_has_header(head, _is_header)

    def body_start(self, head: bytes) -> int | None:
        return header_end(head, _is_header)

    def parse(self, data: bytes, name: str) -> Parsed:
        table = read_delimited(decode_text(data), is_header=_is_header, strip_cells=True)
        header = table.header
        col = {h.lower(): h for h in header}
        measured = [(col[c], metric, factor) for c, (metric, factor) in METRICS.items() if c in col]
        if not measured:
            unknown = [h for h in header if h.lower() not in KEY_COLUMNS and not IGNORED.match(h)]
            raise FileRejected(
                "keine bekannte Messgröße (erwartet z. B. P1, P2, temperature, humidity, pressure)"
                + (f"; unbekannte Spalten: {', '.join(unknown)}" if unknown else "")
            )
        lat, lon, loc, ts_col = col["lat"], col["lon"], col["location"], col["timestamp"]
        numeric = [c for c, _, _ in measured] + [lat, lon]
        f = table.frame
        # decimal comma (a re-saved German spreadsheet) is decided once for the file, over all numeric cells
        comma = detect_decimal_comma(pl.concat([f[c] for c in numeric])) if f.height else False
        rejects: list[tuple[int | None, str, str]] = list(table.rejected)
        f, bad = rows_where(f, pl.col(loc).is_null() | (pl.col(loc) == ""), "Standort-ID (location) fehlt")
        rejects += bad
        f = _with_timestamps(f, ts_col)
        f, bad = rows_where(f, pl.col("_ts").is_null(), lambda r: f"Zeitstempel nicht lesbar: {r[ts_col]!r}")
        rejects += bad
        plain = None if comma else plain_numbers(f, numeric)
        for c in numeric if plain is None else ():
            f, bad = rows_where(f, number_invalid(c, decimal_comma=comma), lambda r, c=c: f"keine Zahl in Spalte {c!r}: {r[c]!r}")
            rejects += bad
        if plain is None:
            f = f.with_columns([parse_number(c, decimal_comma=comma).alias(c) for c in numeric])
        else:
            f = plain
        impossible = (pl.col(lat).abs() > 90) | (pl.col(lon).abs() > 180)
        f, bad = rows_where(f, impossible, lambda r: f"unmögliche Koordinaten: lat {r[lat]}, lon {r[lon]}")
        rejects += bad
        # a column empty throughout the file is a quantity this firmware does not report (BME280 pressure_sealevel):
        # it gets no series; an empty cell in a reported column stays a NULL observation
        reported = [m for m in measured if f[m[0]].is_not_null().any()]
        measured = reported or measured
        ids = {v: station_id(SOURCE, v) for v in f[loc].unique().to_list()}
        f = f.with_columns(_sid=pl.col(loc).replace_strict(ids, return_dtype=pl.Utf8))
        # one observation per measured column and row; an empty cell stays NULL (never 0) and the loader's
        # dedupe prefers a filled row over an empty duplicate of the same timestamp
        obs = pl.concat(
            [
                observations(
                    f,
                    station_id=pl.col("_sid"),
                    ts=pl.col("_ts"),
                    metric=metric,
                    value=pl.col(c) * factor if factor != 1.0 else pl.col(c),
                )
                for c, metric, factor in measured
            ]
        )
        # the station's coordinates: the latest row that has them (a sensor may be moved within a location)
        stations = shape(
            "station",
            f.sort("_ts")
            .group_by("_sid", loc, maintain_order=True)
            .agg(pl.col(lat).drop_nulls().last().alias("lat"), pl.col(lon).drop_nulls().last().alias("lon"))
            .select(
                pl.col("_sid").alias("station_id"),
                pl.lit("air_quality").alias("kind"),
                pl.format("sensor.community Standort {}", pl.col(loc)).alias("name"),
                "lat",
                "lon",
                pl.lit("sensor.community").alias("source"),
            ),
        )
        return Parsed(tables={"station": stations, "observation": obs}, rejected=rejects, rows_in=table.rows_in)


# --------------------------------------------------------------------------------------------- per-device CSV

# The CSV a device's own data page offers (madavi.de, `csvfiles.php`), one file per device and UTC day, written by
# madavi-api `data.php` as the firmware sends its values: `Time` is the server's UTC time (`gmstrftime`,
# `2024/03/31 01:02:03`), the file named `data-<device>-<JJJJ-MM-TT>.csv` with the device as the firmware sends it in
# its `X-Sensor` header, `esp8266-<chip id>` (ESP32 boards: `esp32-<chip id>`). No sensor id, no location, no position.
DEVICE_NAME = re.compile(r"^data-(?P<device>esp(?:8266|32)-\d+)-\d{4}-\d{2}-\d{2}$", re.IGNORECASE)
BROWSER_COPY = re.compile(r"\s*\(\d+\)$")  # "data-esp8266-1-2024-03-31 (1).csv" from a second download
DEVICE_REQUIRED = ("time", "sds_p1", "sds_p2")
LOCATION_ID = re.compile(r"^\d+$")
# metric -> the device columns that carry it, in order of preference: the first one with a value in the file is read
# (one sensor per series, never a mix of two sensors), factor to the canonical unit
DEVICE_METRICS: dict[str, tuple[tuple[str, ...], float]] = {
    "pm10": (("SDS_P1",), 1.0),
    "pm2_5": (("SDS_P2",), 1.0),
    "air_temperature": (("Temp", "BME280_temperature", "BMP_temperature"), 1.0),
    "relative_humidity": (("Humidity", "BME280_humidity"), 1.0),
    "air_pressure": (("BME280_pressure", "BMP_pressure"), 0.01),  # Pa -> hPa
}
DEVICE_TIME_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S")


def _is_device_header(cells: list[str]) -> bool:
    names = {c.strip().lower() for c in cells}
    return all(k in names for k in DEVICE_REQUIRED) and "sensor_id" not in names


def device_station(name: str, location: str | None) -> tuple[str, str]:
    """(station id, station name) of a per-device file: the sensor.community location when given (`--sensor-location`,
    the same station as the archive files of that location), else the device from the file name
    (`sensorcommunity:esp8266-<chip id>`); `FileRejected` naming the file when neither is there."""
    if location is not None:
        loc = location.strip()
        if not LOCATION_ID.match(loc):
            raise FileRejected(f"--sensor-location {location!r} ist keine sensor.community-Standort-ID (eine Zahl)")
        return station_id(SOURCE, loc), f"sensor.community Standort {loc}"
    m = DEVICE_NAME.match(BROWSER_COPY.sub("", Path(name).stem.strip()))
    if m is None:
        raise FileRejected(
            f"Gerätedatei {name!r}: Sensor nicht zuzuordnen, die Datei hat keine Sensorspalte und ihr Name keine Chip-ID"
            " (erwartet data-esp8266-<chipid>-<JJJJ-MM-TT>.csv, wie madavi.de sie nennt); sonst mit --sensor-location"
            " die Standort-ID angeben"
        )
    device = m.group("device").lower()
    return station_id(SOURCE, device), f"sensor.community Gerät {device}"


@register
class SensorCommunityDeviceCsv(Source):
    kind = "sensor_community_device_csv"
    label = "sensor.community Geräte-CSV (Datenseite des Geräts, data-esp8266-<chipid>-<datum>.csv)"
    write_modes = {"observation": "merge", "station": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        return head_has_header(head, _is_device_header)

    def parse(self, data: bytes, name: str) -> Parsed:
        return self.parse_with(data, name, LoadOptions())

    def parse_with(self, data: bytes, name: str, options: LoadOptions) -> Parsed:
        sid, station_name = device_station(name, options.sensor_location)
        table = read_delimited(decode_text(data), is_header=_is_device_header, strip_cells=True)
        col = {h.lower(): h for h in table.header}
        f = table.frame
        rejects: list[tuple[int | None, str, str]] = list(table.rejected)
        ts_col = col["time"]
        text = pl.col(ts_col).str.strip_chars()
        f = f.with_columns(
            _ts=pl.coalesce([text.str.strptime(pl.Datetime("us"), fmt, strict=False) for fmt in DEVICE_TIME_FORMATS])
        )
        f, bad = rows_where(f, pl.col("_ts").is_null(), lambda r: f"Zeitstempel nicht lesbar: {r[ts_col]!r}")
        rejects += bad
        # each metric from the first of its columns that has a value anywhere in the file
        measured: list[tuple[str, str, float]] = []
        for metric, (candidates, factor) in DEVICE_METRICS.items():
            present = [col[c.lower()] for c in candidates if c.lower() in col]
            filled = next((c for c in present if (f[c].fill_null("") != "").any()), None)
            if filled is not None:
                measured.append((filled, metric, factor))
        if not measured:
            raise FileRejected("keine Messwerte: SDS_P1, SDS_P2, Temp, Humidity und BME280/BMP-Spalten sind überall leer")
        numeric = [c for c, _, _ in measured]
        comma = detect_decimal_comma(pl.concat([f[c] for c in numeric])) if f.height else False
        for c in numeric:
            f, bad = rows_where(f, number_invalid(c, decimal_comma=comma), lambda r, c=c: f"keine Zahl in Spalte {c!r}: {r[c]!r}")
            rejects += bad
        f = f.with_columns([parse_number(c, decimal_comma=comma).alias(c) for c in numeric])
        obs = pl.concat(
            [
                observations(
                    f,
                    station_id=pl.lit(sid),
                    ts=pl.col("_ts"),
                    metric=metric,
                    value=pl.col(c) * factor if factor != 1.0 else pl.col(c),
                )
                for c, metric, factor in measured
            ]
        )
        stations = station_frame(
            [{"station_id": sid, "kind": "air_quality", "name": station_name, "source": "sensor.community"}],
            columns=("station_id", "kind", "name", "source"),
        )
        return Parsed(tables={"station": stations, "observation": obs}, rejected=rejects, rows_in=table.rows_in)
