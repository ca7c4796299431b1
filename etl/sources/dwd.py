"""DWD Climate Data Center station files: daily climate (KL), hourly air temperature and precipitation, station lists."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import islice
from typing import ClassVar

import polars as pl

from etl.errors import FileRejected
from etl.frames import observations, rows_frame, station_frame
from etl.parsing import decode_text, first_line, lines_of, number_invalid, parse_number, read_delimited, rows_where
from etl.registry import Parsed, Reject, Source, register
from etl.stations import station_id

SOURCE_NAME = "DWD"
STATION_KIND = "weather"


@dataclass(frozen=True)
class Column:
    """One value column of a DWD product file: canonical metric and the physically possible range."""

    metric: str
    low: float
    high: float


# Daily KL product. Daily values are labelled with the calendar day (ts = that day 00:00); they are not instants.
DAILY_KL: dict[str, Column] = {
    "TMK": Column("air_temperature", -80, 60),
    "TXK": Column("air_temperature_max", -80, 60),
    "TNK": Column("air_temperature_min", -80, 60),
    "TGK": Column("air_temperature_min_5cm", -90, 70),
    "RSK": Column("precipitation", 0, 1000),
    "SDK": Column("sunshine_duration", 0, 24),
    "SHK_TAG": Column("snow_depth", 0, 2000),
    "FM": Column("wind_speed", 0, 150),
    "FX": Column("wind_gust_max", 0, 150),
    "UPM": Column("relative_humidity", 0, 100),
    "PM": Column("air_pressure", 300, 1200),
    "VPM": Column("vapour_pressure", 0, 200),
    "NM": Column("cloud_cover", 0, 8),
}
# Hourly products: own metric names, because a daily value (ts 00:00) and the 00 UTC hour would share the key.
HOURLY_TU: dict[str, Column] = {
    "TT_TU": Column("air_temperature_hourly", -80, 60),
    "RF_TU": Column("relative_humidity_hourly", 0, 100),
}
# The same product in its older layout (`STATIONS_ID;MESS_DATUM;QUALITAETS_NIVEAU;STRUKTUR_VERSION;LUFTTEMPERATUR;
# REL_FEUCHTE;eor`): the same quantities, so the same metrics; a file of each layout for the same hours merges.
HOURLY_TU_OLD: dict[str, Column] = {
    "LUFTTEMPERATUR": HOURLY_TU["TT_TU"],
    "REL_FEUCHTE": HOURLY_TU["RF_TU"],
}
HOURLY_RR: dict[str, Column] = {
    "R1": Column("precipitation_hourly", 0, 500),
}

# The 16 Länder as the station lists spell them; one word each, so the name is everything before it.
BUNDESLAENDER = frozenset(
    {
        "Baden-Württemberg",
        "Bayern",
        "Berlin",
        "Brandenburg",
        "Bremen",
        "Hamburg",
        "Hessen",
        "Mecklenburg-Vorpommern",
        "Niedersachsen",
        "Nordrhein-Westfalen",
        "Rheinland-Pfalz",
        "Saarland",
        "Sachsen",
        "Sachsen-Anhalt",
        "Schleswig-Holstein",
        "Thüringen",
    }
)
# Generous box around Germany: the CDC `observations_germany` lists hold only German stations.
LAT_RANGE = (47.0, 55.5)
LON_RANGE = (5.5, 15.5)

STATION_HEADER = re.compile(r"^\s*Stations_id\s+von_datum\s+bis_datum\b", re.IGNORECASE)
_NUM = r"-?\d+(?:\.\d+)?"
STATION_ROW = re.compile(
    rf"^\s*(?P<id>\d{{1,5}})\s+(?P<von>\d{{8}})\s+(?P<bis>\d{{8}})\s+(?P<height>{_NUM})\s+"
    rf"(?P<lat>{_NUM})\s+(?P<lon>{_NUM})\s+(?P<rest>\S.*?)\s*$"
)
STATION_ID_VALUE = re.compile(r"^\d{1,5}$")


@functools.lru_cache(maxsize=4)
def _header_cells(head: bytes) -> tuple[tuple[str, ...], str | None]:
    """The stripped `;` header cells of a product file and its first data line (None when there is none); once per
    file head for the four product formats' `detect`, and only as far as the first two lines."""
    # (`splitlines` piece by piece: the same lines as over the whole head, without splitting all of its 64 KiB)
    pieces = (ln for piece in lines_of(decode_text(head)) for ln in piece.splitlines())
    lines = list(islice((s for ln in pieces if (s := ln.strip())), 2))
    if not lines:
        return (), None
    return tuple(c.strip() for c in lines[0].split(";")), (lines[1] if len(lines) > 1 else None)


def _is_product(head: bytes, key_column: str, date_digits: int) -> bool:
    cells, first = _header_cells(head)
    if not {"STATIONS_ID", "MESS_DATUM", key_column} <= set(cells):
        return False
    if first is None:
        return True
    # the date width tells daily (8) from hourly (10) and 10-minute (12) products with the same column names
    values = dict(zip(cells, (c.strip() for c in first.split(";")), strict=False))
    return re.fullmatch(rf"\d{{{date_digits}}}", values.get("MESS_DATUM", "")) is not None


def parse_product(data: bytes, *, columns: dict[str, Column], key_column: str, date_digits: int) -> Parsed:
    """A `produkt_*.txt` file into `observation` rows (one per date and metric, -999 as NULL) and bare `station` rows."""
    table = read_delimited(
        decode_text(data),
        is_header=lambda cells: "STATIONS_ID" in cells and "MESS_DATUM" in cells,
        delimiter=";",
        strip_cells=True,
    )
    if key_column not in table.header:
        raise FileRejected(f"Spalte fehlt: {key_column!r}")
    present = {col: spec for col, spec in columns.items() if col in table.header}
    f = table.frame
    rejects: list[Reject] = list(table.rejected)
    f, bad = rows_where(
        f, ~pl.col("STATIONS_ID").str.contains(r"^\d{1,5}$"), lambda r: f"Stationskennung nicht lesbar: {r['STATIONS_ID']!r}"
    )
    rejects += bad
    # polars wants hour and minute together: hourly stamps get their minute appended before parsing
    text = pl.col("MESS_DATUM") + pl.lit("00") if date_digits == 10 else pl.col("MESS_DATUM")
    fmt = "%Y%m%d%H%M" if date_digits == 10 else "%Y%m%d"
    ts = (
        pl.when(pl.col("MESS_DATUM").str.contains(rf"^\d{{{date_digits}}}$"))
        .then(text.str.strptime(pl.Datetime("us"), fmt, strict=False))
        .otherwise(None)
    )
    f = f.with_columns(ts.alias("ts"))
    f, bad = rows_where(f, pl.col("ts").is_null(), lambda r: f"MESS_DATUM nicht lesbar: {r['MESS_DATUM']!r}")
    rejects += bad
    for col, spec in present.items():
        f, bad = rows_where(f, number_invalid(col), lambda r, col=col: f"keine Zahl in Spalte {col}: {r[col]!r}")
        rejects += bad
        f = f.with_columns(parse_number(col).alias(col))
        out_of_range = (pl.col(col) < spec.low) | (pl.col(col) > spec.high)
        f, bad = rows_where(
            f,
            out_of_range,
            lambda r, col=col, spec=spec: f"Wert in Spalte {col} unmöglich: {r[col]} (erlaubt {spec.low} bis {spec.high})",
        )
        rejects += bad
    # unpadded in product files (`433`), padded in station lists (`00433`): station_id() makes both `dwd:00433`
    native = f.get_column("STATIONS_ID").unique(maintain_order=True).to_list()
    f = f.with_columns(
        pl.col("STATIONS_ID").replace_strict({n: station_id("dwd", n) for n in native}, return_dtype=pl.Utf8).alias("station_id")
    )
    parts = [
        observations(f, station_id=pl.col("station_id"), ts=pl.col("ts"), metric=spec.metric, value=pl.col(col))
        for col, spec in present.items()
    ]
    obs = pl.concat(parts)  # never empty: the key column is required above
    ids = f.get_column("station_id").unique(maintain_order=True).to_list()
    # product files carry no name or position: the station row only makes the id known; the station list fills the rest
    station = station_frame(
        [{"station_id": i, "kind": STATION_KIND, "source": SOURCE_NAME} for i in ids], columns=("station_id", "kind", "source")
    )
    return Parsed(tables={"station": station, "observation": obs}, rejected=rejects, rows_in=table.rows_in)


class _DwdProduct(Source):
    """A `produkt_*.txt` file: the subclass names its value columns, the column that marks it, and the date width."""

    write_modes = {"observation": "merge", "station": "merge"}
    columns: ClassVar[dict[str, Column]] = {}
    key_column: ClassVar[str] = ""
    date_digits: ClassVar[int] = 8

    def detect(self, head: bytes, name: str) -> bool:
        return _is_product(head, self.key_column, self.date_digits)

    def parse(self, data: bytes, name: str) -> Parsed:
        return parse_product(data, columns=self.columns, key_column=self.key_column, date_digits=self.date_digits)


@register
class DwdDailyClimate(_DwdProduct):
    """`produkt_klima_tag_*.txt`: daily climate values (KL), one row per day."""

    kind = "dwd_daily_kl"
    label = "DWD Tageswerte Klima (produkt_klima_tag)"
    columns = DAILY_KL
    key_column = "TMK"
    date_digits = 8


@register
class DwdHourlyAirTemperature(_DwdProduct):
    """`produkt_tu_stunde_*.txt`: hourly air temperature and relative humidity, MESS_DATUM in UTC."""

    kind = "dwd_hourly_tu"
    label = "DWD Stundenwerte Lufttemperatur (produkt_tu_stunde)"
    columns = HOURLY_TU
    key_column = "TT_TU"
    date_digits = 10


@register
class DwdHourlyAirTemperatureOld(_DwdProduct):
    """Hourly air temperature and relative humidity in the older product layout (`LUFTTEMPERATUR`, `REL_FEUCHTE`,
    quality in `QUALITAETS_NIVEAU`), MESS_DATUM `YYYYMMDDHH` read as UTC like the current layout."""

    kind = "dwd_hourly_tu_old"
    label = "DWD Stundenwerte Lufttemperatur, ältere Produktausgabe (LUFTTEMPERATUR, REL_FEUCHTE)"
    columns = HOURLY_TU_OLD
    key_column = "LUFTTEMPERATUR"
    date_digits = 10


@register
class DwdHourlyPrecipitation(_DwdProduct):
    """`produkt_rr_stunde_*.txt`: hourly precipitation height R1 (mm, the hour ending at MESS_DATUM, UTC)."""

    kind = "dwd_hourly_rr"
    label = "DWD Stundenwerte Niederschlag (produkt_rr_stunde)"
    columns = HOURLY_RR
    key_column = "R1"
    date_digits = 10


def _station_row(raw: str, *, has_abgabe: bool) -> tuple[dict[str, object] | None, str | None]:
    """One station-list line as a station row, or the German reason why it cannot be one."""
    m = STATION_ROW.match(raw)
    if m is None:
        return None, "Zeile passt nicht zum Aufbau der Stationsliste (Kennung, Daten, Höhe, Breite, Länge, Name, Bundesland)"
    tokens = m["rest"].split()
    if has_abgabe and len(tokens) > 1:
        tokens = tokens[:-1]
    land = tokens[-1]
    if land not in BUNDESLAENDER or len(tokens) < 2:
        return None, f"Bundesland nicht erkannt: {land!r}"
    name = " ".join(tokens[:-1])
    lat, lon = float(m["lat"]), float(m["lon"])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, f"Koordinaten unmöglich: Breite {lat}, Länge {lon}"
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        return None, f"Koordinaten außerhalb Deutschlands: Breite {lat}, Länge {lon}"
    return {"station_id": station_id("dwd", m["id"]), "name": name, "lat": lat, "lon": lon}, None


@register
class DwdStationList(Source):
    """`*_Beschreibung_Stationen.txt`: fixed-width station list (id, period, height, position, name, Land)."""

    kind = "dwd_stations"
    label = "DWD Stationsliste (Beschreibung_Stationen)"
    write_modes = {"station": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        return STATION_HEADER.match(first_line(decode_text(head))) is not None

    def parse(self, data: bytes, name: str) -> Parsed:
        lines = decode_text(data).split("\n")
        header_idx = next((i for i, ln in enumerate(lines[:5]) if STATION_HEADER.match(ln)), None)
        if header_idx is None:
            raise FileRejected("Kopfzeile der Stationsliste nicht gefunden (Stations_id von_datum bis_datum …)")
        header = lines[header_idx].split()
        has_abgabe = any(h.lower() == "abgabe" for h in header)
        rows: list[dict[str, object]] = []
        rejects: list[Reject] = []
        rows_in = 0
        for i in range(header_idx + 1, len(lines)):
            raw = lines[i].rstrip("\r")
            stripped = raw.strip()
            # the dash line under the names only marks columns; it does not fit the data (ids are 5 wide, dashes 11)
            if not stripped or set(stripped) <= {"-", " "}:
                continue
            rows_in += 1
            if i == len(lines) - 1:
                rejects.append((i + 1, "letzte Zeile ohne Zeilenende: Datei vermutlich abgeschnitten", raw.rstrip()))
                continue
            row, reason = _station_row(raw, has_abgabe=has_abgabe)
            if row is None:
                rejects.append((i + 1, reason or "Zeile nicht lesbar", raw.rstrip()))
                continue
            rows.append(row | {"_line": i + 1})
        if rows_in == 0:
            raise FileRejected("Stationsliste enthält keine Stationen")
        station = rows_frame("station", [r | {"kind": STATION_KIND, "source": SOURCE_NAME} for r in rows], provenance=["_line"])
        return Parsed(tables={"station": station}, rejected=rejects, rows_in=rows_in)
