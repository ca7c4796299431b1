"""Demodaten for Klima & Umwelt: DWD station 07341 files, sensor.community archive CSVs and climavi tree sensor CSVs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from etl.demo.world import END, HOURLY_START, PLACES, START, World, rng

DWD_ID = "7341"


# --------------------------------------------------------------------------------------------- DWD


def _pad(values: pl.Series, width: int, decimals: int | None = None) -> pl.Series:
    """DWD fixed-width padding: right-aligned, -999 for missing."""
    v = values if decimals is None else values.round(decimals)
    text = v.cast(pl.Utf8) if decimals is None else v.map_elements(lambda x: f"{x:.{decimals}f}", return_dtype=pl.Utf8)
    return text.fill_null("-999").str.pad_start(width)


def dwd_daily_text(world: World, first: dt.date | None = None, last: dt.date | None = None) -> bytes:
    d = world.daily_between(first or world.start, last or world.end)
    r = rng("dwd", world.seed)
    n = d.height
    # snow depth only in winter and often unreported, cloud cover not observed (as at many automatic stations)
    # numpy's stubs know no None (object) branch of `where`; the object array is what the series is built from
    shk = pl.Series(np.where(r.random(n) < 0.03, None, d["SHK"].to_numpy()).tolist(), dtype=pl.Float64)  # type: ignore[call-overload]
    vpm = 6.1078 * np.exp(17.27 * d["TMK"].to_numpy() / (d["TMK"].to_numpy() + 237.3)) * d["UPM"].to_numpy() / 100
    tgk = d["TNK"].to_numpy() - r.uniform(0.5, 3.0, n)
    cols = {
        "STATIONS_ID": pl.Series([DWD_ID] * n).str.pad_start(11),
        "MESS_DATUM": d["date"].dt.strftime("%Y%m%d"),
        "QN_3": pl.Series(["   10"] * n),
        "  FX": _pad(d["FX"], 6, 1),
        "  FM": _pad(d["FM"], 6, 1),
        "QN_4": pl.Series(["    9"] * n),
        " RSK": _pad(d["RSK"], 6, 1),
        "RSKF": pl.Series(np.where(d["RSK"].to_numpy() > 0, np.where(d["TMK"].to_numpy() < 0, "   7", "   6"), "   0")),
        " SDK": _pad(d["SDK"], 8, 3),
        "SHK_TAG": _pad(shk.cast(pl.Int64), 4),
        "  NM": pl.Series([" -999"] * n),
        " VPM": _pad(pl.Series(vpm), 6, 1),
        "  PM": _pad(d["PM"], 8, 2),
        " TMK": _pad(d["TMK"], 6, 1),
        " UPM": _pad(d["UPM"], 7, 2),
        " TXK": _pad(d["TXK"], 6, 1),
        " TNK": _pad(d["TNK"], 6, 1),
        " TGK": _pad(pl.Series(tgk), 6, 1),
        "eor": pl.Series(["eor"] * n),
    }
    return pl.DataFrame(cols).write_csv(separator=";", line_terminator="\r\n", quote_style="never").encode("ascii")


def dwd_hourly_texts(world: World, first: dt.date | None = None, last: dt.date | None = None) -> tuple[bytes, bytes]:
    """produkt_tu_stunde (TT_TU, RF_TU) and produkt_rr_stunde (R1), MESS_DATUM in UTC, a few hours -999."""
    first, last = first or world.hourly_start, last or world.end
    h = world.hourly.filter(
        pl.col("ts").is_between(dt.datetime.combine(first, dt.time()), dt.datetime.combine(last, dt.time(23)))
    )
    n = h.height
    r = rng("dwd", world.seed + 1)
    gap = r.random(n) < 0.002  # sporadic missing hours
    sid = pl.Series([DWD_ID] * n).str.pad_start(11)
    stamp = h["ts"].dt.strftime("%Y%m%d%H")
    tt = pl.Series(np.where(gap, None, h["TT"].to_numpy()).tolist(), dtype=pl.Float64)  # type: ignore[call-overload]  # as above
    tu = pl.DataFrame(
        {
            "STATIONS_ID": sid,
            "MESS_DATUM": stamp,
            "QN_9": pl.Series(["    3"] * n),
            "TT_TU": _pad(tt, 6, 1),
            "RF_TU": _pad(h["RF"], 6, 1),
            "eor": pl.Series(["eor"] * n),
        }
    )
    rr = pl.DataFrame(
        {
            "STATIONS_ID": sid,
            "MESS_DATUM": stamp,
            "  QN_8": pl.Series(["    3"] * n),
            "  R1": _pad(h["R1"], 6, 1),
            "RS_IND": pl.Series(np.where(h["R1"].to_numpy() > 0, "   1", "   0")),
            "WRTR": pl.Series(["-999"] * n),
            "eor": pl.Series(["eor"] * n),
        }
    )
    return (
        tu.write_csv(separator=";", line_terminator="\r\n", quote_style="never").encode("ascii"),
        rr.write_csv(separator=";", line_terminator="\r\n", quote_style="never").encode("ascii"),
    )


def dwd_station_list(last: dt.date = END) -> bytes:
    """KL station list: fixed width, ISO-8859-1, two header lines; Offenbach-Wetterpark and Frankfurt/Main."""
    head = "Stations_id von_datum bis_datum Stationshoehe geoBreite geoLaenge Stationsname Bundesland"
    dash = (
        "----------- --------- --------- ------------- --------- --------- ----------------------------------------- ----------"
    )
    rows = [
        ("07341", "20050715", last.strftime("%Y%m%d"), 119, 50.0900, 8.7862, "Offenbach-Wetterpark", "Hessen"),
        ("01420", "19490101", last.strftime("%Y%m%d"), 100, 50.0259, 8.5213, "Frankfurt/Main", "Hessen"),
    ]
    lines = [head, dash] + [
        f"{i} {a} {b} {h:>14} {lat:>9.4f} {lon:>9.4f} {name:<41} {land:<98}" for i, a, b, h, lat, lon, name, land in rows
    ]
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


def write_dwd(world: World, out: Path, scale: float) -> list[Path]:
    folder = out / "dwd"
    folder.mkdir(parents=True, exist_ok=True)
    tu, rr = dwd_hourly_texts(world)
    first, hourly_first, last = world.start, world.hourly_start, world.end
    files = {
        f"produkt_klima_tag_{first:%Y%m%d}_{last:%Y%m%d}_0{DWD_ID}.txt": dwd_daily_text(world),
        f"produkt_tu_stunde_{hourly_first:%Y%m%d}_{last:%Y%m%d}_0{DWD_ID}.txt": tu,
        f"produkt_rr_stunde_{hourly_first:%Y%m%d}_{last:%Y%m%d}_0{DWD_ID}.txt": rr,
    }
    if world.is_base:  # the station list once, with the base's last day (metadata, not a series)
        files["KL_Tageswerte_Beschreibung_Stationen.txt"] = dwd_station_list()
    paths = []
    for name, data in files.items():
        p = folder / name
        p.write_bytes(data)
        paths.append(p)
    return paths


# --------------------------------------------------------------------------------------------- sensor.community


@dataclass(frozen=True)
class AirSensor:
    location: int  # sensor.community location id (the station)
    place: str
    pm_id: int  # SDS011 sensor id
    climate_id: int  # DHT22 or BME280 sensor id
    climate_type: str  # "DHT22" | "BME280"
    traffic: float  # local PM factor (busy road > 1)


AIR_PLACES = [
    ("Berliner Straße", 1.30),
    ("Marktplatz", 1.10),
    ("Mainuferweg", 0.90),
    ("Tempelsee", 0.95),
    ("Bieber", 0.85),
    ("Bürgel", 0.90),
    ("Lauterborn", 1.00),
    ("Rumpenheim", 0.80),
    ("Kaiserlei", 1.20),
    ("Senefelderstraße", 1.15),
]


SILENT_AT_END = 61_004  # sensor.community location without readings in the demo's last SILENT_DAYS days
SILENT_DAYS = 10


def air_sensors(scale: float = 1.0) -> list[AirSensor]:
    n = max(1, round(10 * scale))
    out = []
    for i in range(n):
        place, traffic = AIR_PLACES[i % len(AIR_PLACES)]
        out.append(AirSensor(61_000 + i, place, 80_100 + 2 * i, 80_101 + 2 * i, "BME280" if i % 3 == 0 else "DHT22", traffic))
    return out


def regional_pm10(world: World) -> pl.DataFrame:
    """Daily regional PM10 (µg/m³): higher in cold, calm, dry winter weather, with persistent episodes."""
    d = world.daily
    r = rng("sensorcommunity", world.seed + 99)
    n = d.height
    season = np.cos(2 * np.pi * (d["doy"].to_numpy() - 200) / 365.25)
    episode = np.empty(n)
    eps = r.normal(0, 0.22, n)
    episode[0] = 0.0
    for i in range(1, n):
        episode[i] = 0.7 * episode[i - 1] + eps[i]
    log_pm = (
        np.log(17.0)
        - 0.18 * season
        - 0.16 * (d["FM"].to_numpy() - 3.0)
        - 0.10 * np.log1p(d["RSK"].to_numpy())
        - 0.012 * (d["TMK"].to_numpy() - 10)
        + episode
        - 0.015 * (d["year"].to_numpy() - START.year)
    )
    return d.select("date").with_columns(pl.Series("pm10", np.exp(log_pm)))


def air_rows(
    world: World, s: AirSensor, r: np.random.Generator, first: dt.date | None = None, last: dt.date | None = None
) -> pl.DataFrame:
    """About one reading per hour (jittered seconds, UTC) with outages; PM from the regional level, climate from DWD hours."""
    first, last = first or world.hourly_start, last or world.end
    h = world.hourly.filter(
        pl.col("ts").is_between(dt.datetime.combine(first, dt.time()), dt.datetime.combine(last, dt.time(23)))
    )
    n = h.height
    ts = h["ts"] + pl.Series(r.integers(60, 3500, n) * 1_000_000).cast(pl.Duration("us"))
    day = h["ts"].dt.date()
    pm_day = regional_pm10(world).filter(pl.col("date").is_between(first, last))
    pm_day_idx = day.to_physical().to_numpy() - pm_day["date"].to_physical().to_numpy()[0]
    hour = h["ts"].dt.hour().to_numpy()
    diurnal = (
        1 + 0.18 * np.exp(-0.5 * ((hour - 6) / 1.5) ** 2) + 0.12 * np.exp(-0.5 * ((hour - 17) / 2) ** 2) + 0.1 * (hour >= 20)
    )
    rh = h["RF"].to_numpy()
    humid = 1 + np.clip(rh - 85, 0, None) / 25  # SDS011 reads high in fog: the known optical-sensor bias
    pm10 = pm_day["pm10"].to_numpy()[pm_day_idx] * s.traffic * diurnal * humid * np.exp(r.normal(0, 0.22, n))
    newyear = (h["ts"].dt.month().to_numpy() == 1) & (h["ts"].dt.day().to_numpy() == 1) & (hour <= 2)
    pm10 = np.where(newyear, pm10 * 7, pm10)  # New Year's fireworks
    pm25 = pm10 * r.uniform(0.5, 0.75, n)
    temp = h["TT"].to_numpy() + 0.6 + r.normal(0, 0.3, n)
    hum = np.clip(rh + r.normal(0, 3, n), 5, 99.9)
    # outages: 2-5 per year, 3 to 40 days each; the sensor sends nothing then
    keep = np.ones(n, dtype=bool)
    for _ in range(int(r.integers(6, 15) if world.is_base else r.integers(2, 5))):
        start = int(r.integers(0, n))
        keep[start : start + int(r.integers(72, 960))] = False
    if s.location == SILENT_AT_END and last == world.data_end:
        # one sensor is still out when the demo ends (in the world holding the build's last day): `etl check` shows it as
        # silent on /datenqualitaet (no draw of the random stream, so the other sensors stay as they are; with END
        # 2025-12-31 its outage already covers these days)
        keep &= (h["ts"] < dt.datetime.combine(last - dt.timedelta(days=SILENT_DAYS - 1), dt.time())).to_numpy()
    return pl.DataFrame(
        {
            "ts": ts,
            "pm10": np.round(pm10, 2),
            "pm25": np.round(pm25, 2),
            "temperature": np.round(temp, 2),
            "humidity": np.round(hum, 2),
            "pressure": np.round(1005.0 * 100 - 120 * 12 + r.normal(0, 600, n), 2),
        }
    ).filter(pl.Series(keep))


def _fmt(values: pl.Series, decimals: int = 2) -> pl.Series:
    return values.round(decimals).cast(pl.Utf8).fill_null("")


def sensor_community_csvs(s: AirSensor, rows: pl.DataFrame, year: int, *, faults: bool) -> tuple[bytes, bytes]:
    """(SDS011 file, DHT22/BME280 file) of one location and year, in the archive layout (`;`, UTC without offset)."""
    y = rows.filter(pl.col("ts").dt.year() == year)
    n = y.height
    p = PLACES[s.place]
    lat, lon = f"{p.lat:.3f}", f"{p.lon:.3f}"
    stamp = y["ts"].dt.strftime("%Y-%m-%dT%H:%M:%S")
    empty = pl.Series([""] * n)

    def common(sensor_id: int, typ: str) -> dict[str, pl.Series]:
        return {
            "sensor_id": pl.Series([str(sensor_id)] * n),
            "sensor_type": pl.Series([typ] * n),
            "location": pl.Series([str(s.location)] * n),
            "lat": pl.Series([lat] * n),
            "lon": pl.Series([lon] * n),
            "timestamp": stamp,
        }

    pm = pl.DataFrame(
        common(s.pm_id, "SDS011")
        | {"P1": _fmt(y["pm10"]), "durP1": empty, "ratioP1": empty, "P2": _fmt(y["pm25"]), "durP2": empty, "ratioP2": empty}
    )
    # the archive has rows without values (a reading the sensor did not complete), duplicated with the same time
    blanks = pm.gather_every(max(1, n // 4), offset=17).with_columns([pl.lit("").alias(c) for c in ("P1", "P2")])
    pm = pl.concat([pm, blanks]).sort("timestamp", maintain_order=True)
    if faults:
        pm = pm.with_columns(pl.when(pl.int_range(pl.len()) == n // 2).then(pl.lit("12.3.4")).otherwise(pl.col("P1")).alias("P1"))
    if s.climate_type == "BME280":
        clim = pl.DataFrame(
            common(s.climate_id, "BME280")
            | {
                "pressure": _fmt(y["pressure"]),
                "altitude": empty,
                "pressure_sealevel": empty,
                "temperature": _fmt(y["temperature"]),
                "humidity": _fmt(y["humidity"]),
            }
        )
    else:
        clim = pl.DataFrame(
            common(s.climate_id, "DHT22") | {"temperature": _fmt(y["temperature"]), "humidity": _fmt(y["humidity"])}
        )
    return (
        pm.write_csv(separator=";", quote_style="never").encode("utf-8"),
        clim.write_csv(separator=";", quote_style="never").encode("utf-8"),
    )


def write_sensor_community(world: World, out: Path, scale: float) -> list[Path]:
    r = rng("sensorcommunity", world.seed)
    folder = out / "sensor_community"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for k, s in enumerate(air_sensors(scale)):
        rows = air_rows(world, s, r)
        for year in range(world.hourly_start.year, world.end.year + 1):
            pm, clim = sensor_community_csvs(s, rows, year, faults=(k == 3 and year == 2024))
            a = folder / f"{year}_sds011_sensor_{s.pm_id}.csv"
            b = folder / f"{year}_{s.climate_type.lower()}_sensor_{s.climate_id}.csv"
            a.write_bytes(pm)
            b.write_bytes(clim)
            files += [a, b]
    return files


# --------------------------------------------------------------------------------------------- climavi


@dataclass(frozen=True)
class TreeSensor:
    dev_eui: str
    place: str
    installed: dt.date
    watered: bool  # in the city's summer watering round
    soil: float  # soil water holding (1 = average)


def tree_sensors(scale: float = 1.0) -> list[TreeSensor]:
    n = max(1, round(30 * scale))
    places = list(PLACES)
    r = rng("climavi", 7)
    out = []
    for i in range(n):
        installed = HOURLY_START + dt.timedelta(days=int(r.integers(0, 200))) if i % 5 else HOURLY_START
        out.append(TreeSensor(f"02010069{i:08X}", places[i % len(places)], installed, i % 4 == 0, float(r.uniform(0.8, 1.2))))
    return out


def soil_daily(world: World, tree: TreeSensor, r: np.random.Generator) -> pl.DataFrame:
    """Daily soil moisture (% VWC) at 10/30/45 cm from a bucket model: rain fills, heat and sun dry out."""
    # the base world's bucket starts 120 days before its first reading; an extension year's starts on 1 January
    d = world.daily_between(HOURLY_START - dt.timedelta(days=120) if world.is_base else world.start, world.end)
    rain, tmk, sdk = d["RSK"].to_numpy(), d["TMK"].to_numpy(), d["SDK"].to_numpy()
    n = d.height
    wd = d["weekday"].to_numpy()
    month = d["date"].dt.month().to_numpy()
    v10 = np.empty(n)
    v30 = np.empty(n)
    v45 = np.empty(n)
    v10[0], v30[0], v45[0] = 30.0, 31.0, 32.0
    fc = 36.0 * tree.soil  # field capacity
    for i in range(1, n):
        et = 0.055 * max(tmk[i], 0.0) * (0.4 + sdk[i] / 12)
        water = 0.9 * rain[i] * max(0.0, 1 - v10[i - 1] / 44)
        if tree.watered and month[i] in (6, 7, 8) and wd[i] == 3 and v10[i - 1] < 18:
            water += 9.0  # watering round on Wednesdays when dry
        drain = 0.25 * max(v10[i - 1] - fc, 0.0)
        v10[i] = np.clip(v10[i - 1] + water - et - drain, 5.0, 45.0)
        v30[i] = np.clip(v30[i - 1] + 0.10 * (v10[i] - v30[i - 1]) - 0.25 * et * (v30[i - 1] > 8), 6.0, 44.0)
        v45[i] = np.clip(v45[i - 1] + 0.04 * (v30[i] - v45[i - 1]) - 0.08 * et * (v45[i - 1] > 8), 7.0, 43.0)
    t10 = np.empty(n)
    t30 = np.empty(n)
    t45 = np.empty(n)
    t10[0] = t30[0] = t45[0] = 5.0
    for i in range(1, n):
        t10[i] = t10[i - 1] + 0.35 * (tmk[i] - t10[i - 1])
        t30[i] = t30[i - 1] + 0.12 * (tmk[i] - t30[i - 1])
        t45[i] = t45[i - 1] + 0.06 * (tmk[i] - t45[i - 1])
    noise = r.normal(0, 0.4, (3, n))
    return (
        d.select("date")
        .with_columns(
            pl.Series("v10", v10 + noise[0]),
            pl.Series("v30", v30 + noise[1]),
            pl.Series("v45", v45 + noise[2]),
            pl.Series("t10", np.maximum(t10, 0.3)),
            pl.Series("t30", np.maximum(t30, 0.8)),
            pl.Series("t45", np.maximum(t45, 1.5)),
        )
        .filter(pl.col("date") >= world.hourly_start)
    )


def _f32(values: np.ndarray) -> pl.Series:
    """float32 values printed as float64, like the climavi export (`30.06999969482422`)."""
    return pl.Series(values.astype(np.float32)).cast(pl.Float64)


def climavi_csv(world: World, tree: TreeSensor, r: np.random.Generator) -> bytes:
    """Every 3 hours (jittered) from installation (or 1 January of an extension year) to the world's end; sparse cells, a model-weather column whose unit changes."""
    soil = soil_daily(world, tree, r)
    start = dt.datetime.combine(max(tree.installed, world.start), dt.time(1))
    ts = pl.datetime_range(start, dt.datetime.combine(world.end, dt.time(22)), "3h", eager=True)
    n = ts.len()
    ts = ts + pl.Series(r.integers(0, 1500, n) * 1_000_000).cast(pl.Duration("us"))
    ts = ts.dt.truncate("1s")
    day_idx = ts.dt.date().to_physical().to_numpy() - soil["date"].to_physical().to_numpy()[0]
    hour = ts.dt.hour().to_numpy()
    wave = np.cos(2 * np.pi * (hour - 15) / 24)
    hourly = world.hourly.select("ts", "TT", "RF", "R1")
    air = pl.DataFrame({"ts": ts.dt.truncate("1h")}).join(hourly, on="ts", how="left")
    cols: dict[str, pl.Series] = {
        "timestamp": pl.Series((ts.dt.epoch("ms")).to_numpy()),
        "datetime": ts.dt.strftime("%Y-%m-%d %H:%M:%S"),
    }
    for depth in (10, 30, 45):
        cols[f"-{depth}|ENV__SOIL__VWC"] = _f32(soil[f"v{depth}"].to_numpy()[day_idx] + r.normal(0, 0.15, n))
    for depth, amp in ((10, 1.5), (30, 0.5), (45, 0.2)):
        cols[f"-{depth}|ENV__SOIL__T"] = _f32(soil[f"t{depth}"].to_numpy()[day_idx] + amp * wave)
    cols["TOP|ENV__ATMO__T"] = _f32(air["TT"].to_numpy() + 1.5 * (wave > 0.5) + r.normal(0, 0.4, n))
    cols["DEVICE|DEV__ENERGY__VCAP"] = pl.Series(np.round(np.clip(100 - np.arange(n) * 0.004 + r.normal(0, 0.5, n), 5, 100), 1))
    cols["DEVICE|DEV__RF__RSSI"] = pl.Series(r.integers(-110, -60, n).astype(float))
    cols["MTB|ENV__ATMO__T"] = pl.Series(np.round(air["TT"].to_numpy(), 2))
    cols["MTB|ENV__ATMO__RAIN__DELTA"] = pl.Series(np.round(air["R1"].to_numpy(), 2))
    model = soil["v30"].to_numpy()[day_idx] * 0.9 + 3
    fraction = ts >= dt.datetime(2025, 1, 1)  # the model column switched from percent to fraction
    cols["MTB|ENV__SOIL__VWC"] = pl.Series(np.where(fraction.to_numpy(), np.round(model / 100, 3), np.round(model, 1)))
    f = pl.DataFrame(cols)
    # sparse: radio losses leave single cells empty; an outage of some weeks for every fourth tree
    value_cols = [c for c in f.columns if "|" in c]
    lost = r.random((n, len(value_cols))) < 0.02
    outage = np.zeros(n, dtype=bool)
    if int(tree.dev_eui[-2:], 16) % 4 == 1:
        s0 = int(r.integers(0, max(1, n - 400)))
        outage[s0 : s0 + int(r.integers(100, 400))] = True
    f = f.with_columns(
        [pl.when(pl.Series(lost[:, j] | outage)).then(None).otherwise(pl.col(c)).alias(c) for j, c in enumerate(value_cols)]
    )
    return f.write_csv(null_value="", line_terminator="\n").encode("utf-8")


def write_climavi(world: World, out: Path, scale: float) -> list[Path]:
    r = rng("climavi", world.seed)
    folder = out / "climavi"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for tree in tree_sensors(scale):
        # one file per tree, and one more per extension year (the devEUI in the name names the station)
        p = folder / (
            f"{tree.dev_eui}_sensor_data.csv" if world.is_base else f"{tree.dev_eui}_sensor_data_{world.start.year}.csv"
        )
        p.write_bytes(climavi_csv(world, tree, r))
        files.append(p)
    return files
