"""Demodaten for mobility: Eco-Counter bicycle channels, the Eco-Visio station list and hystreet pedestrian counts."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from etl.demo.world import BERLIN, PLACES, World, rng, years_since_start

MOBILITAETSPORTAL = dt.date(2022, 4, 1)
STATION_MITTE_START = dt.date(2023, 9, 1)
HYSTREET_START = dt.date(2022, 1, 1)  # four years, so the station-mitte effect has 20 months before it


def hystreet_start(world: World) -> dt.date:
    return max(HYSTREET_START, world.start)


# Noise of daily totals after weather and calendar, as real counters have it (documented in demo.md): on the log
# scale an AR(1) process (φ 0.5, marginal sd 0.10) plus shocks per calendar year, shared by the city's counters
# (sd 0.04: a rainy year, fuel prices) and each counter's own (sd 0.02: a building site nearby); the sub-daily
# counts are negative binomial (gamma-Poisson, shape 10), not Poisson.
DAILY_NOISE_SD = 0.10
DAILY_NOISE_AR = 0.5
CITY_YEAR_SD = 0.04
SITE_YEAR_SD = 0.02
INTERVAL_SHAPE = 10.0


def city_year_shocks(world: World, kind: str) -> dict[int, float]:
    """The year shocks all counters of one kind share (log scale), from their own stream."""
    r = rng("year_shocks", world.seed)
    kinds = ("bike", "pedestrian")
    shocks = r.normal(0, CITY_YEAR_SD, (len(kinds), len(world.years())))[kinds.index(kind)]
    return {world.start.year + i: float(v) for i, v in enumerate(shocks)}


def daily_noise(r: np.random.Generator, dates: pl.Series, city: dict[int, float]) -> np.ndarray:
    """Log-scale noise of daily totals: stationary AR(1) (φ DAILY_NOISE_AR, marginal sd DAILY_NOISE_SD), the city's
    year shocks `city` and the counter's own."""
    n = len(dates)
    innovations = r.normal(0, DAILY_NOISE_SD * np.sqrt(1 - DAILY_NOISE_AR**2), n)
    ar = np.empty(n)
    prev = r.normal(0, DAILY_NOISE_SD)
    for i in range(n):
        prev = DAILY_NOISE_AR * prev + innovations[i] if i else prev
        ar[i] = prev
    first_year = min(city)  # the years of the world the shocks were drawn for
    own = r.normal(0, SITE_YEAR_SD, len(city))
    years = dates.dt.year().to_numpy()
    noise: np.ndarray = ar + np.array([city[int(y)] for y in years]) + own[years - first_year]
    return noise


def overdispersed_counts(r: np.random.Generator, lam: np.ndarray) -> np.ndarray:
    """Negative binomial counts with mean `lam` (gamma-Poisson with shape INTERVAL_SHAPE): real counts scatter more."""
    counts: np.ndarray = r.poisson(lam * r.gamma(INTERVAL_SHAPE, 1 / INTERVAL_SHAPE, len(lam)))
    return counts


@dataclass(frozen=True)
class BikeSite:
    site_id: int  # Eco-Visio site id 100xxxxxx; directions 101…/102… with the same suffix
    name: str
    place: str
    base: float  # expected bicycles per day on a mild dry working day in 2016
    leisure: bool  # leisure route: more on weekends and holidays, fewer commuter peaks
    directions: tuple[str, str]
    effect_pct: float = 0.0  # injected multiplicative effect from MOBILITAETSPORTAL (ground truth)
    faulty: bool = False  # carries an outage and a few broken rows for the data-quality views

    @property
    def channels(self) -> list[tuple[int, str]]:
        suffix = self.site_id - 100_000_000
        return [
            (self.site_id, self.name),
            (101_000_000 + suffix, f"{self.name} {self.directions[0]}"),
            (102_000_000 + suffix, f"{self.name} {self.directions[1]}"),
        ]


BASE_SITES = [
    BikeSite(
        100_069_001, "Berliner Straße", "Berliner Straße", 2600, False, ("Richtung Frankfurt", "Richtung Hanau"), effect_pct=15.0
    ),
    BikeSite(100_069_002, "Mainuferweg", "Mainuferweg", 1500, True, ("Richtung Frankfurt", "Richtung Mühlheim")),
    BikeSite(
        100_069_003, "Carl-Ulrich-Brücke", "Carl-Ulrich-Brücke", 2100, False, ("Richtung Fechenheim", "Richtung Innenstadt")
    ),
    BikeSite(100_069_004, "Mühlheimer Straße", "Mühlheimer Straße", 1200, False, ("stadteinwärts", "stadtauswärts"), faulty=True),
]
EXTRA_PLACES = ["Bieber", "Bürgel", "Rumpenheim", "Tempelsee", "Lauterborn", "Waldstraße", "Sprendlinger Landstraße", "Kaiserlei"]

PLACEBO_SITE = BASE_SITES[1]
EFFECT_SITE = BASE_SITES[0]


def bike_sites(scale: float = 1.0) -> list[BikeSite]:
    n = max(4, round(4 * scale))
    out = list(BASE_SITES[:n])
    for i in range(n - len(out)):
        place = EXTRA_PLACES[i % len(EXTRA_PLACES)]
        name = place if i < len(EXTRA_PLACES) else f"{place} {i // len(EXTRA_PLACES) + 1}"
        out.append(BikeSite(100_069_101 + i, name, place, 700 + 90 * (i % 7), i % 3 == 0, ("stadteinwärts", "stadtauswärts")))
    return out


def bike_daily(
    world: World, site: BikeSite, r: np.random.Generator, first: dt.date | None = None, last: dt.date | None = None
) -> pl.DataFrame:
    """Expected and noisy daily totals of one site: calendar × weather × trend × effect × AR(1) and yearly noise."""
    d = world.daily.filter(pl.col("date").is_between(first or world.start, last or world.end))
    years = years_since_start(d["date"])
    wd = d["weekday"].to_numpy()
    hol = d["holiday"].to_numpy()
    school = d["school_holiday"].to_numpy()
    tmk, rsk, shk = d["TMK"].to_numpy(), d["RSK"].to_numpy(), d["SHK"].to_numpy()
    if site.leisure:
        weekday = np.select([wd == 6, wd == 7], [0.12, 0.22], 0.0) + 0.10 * hol + 0.05 * school
    else:
        weekday = np.select([wd == 6, wd == 7], [-0.35, -0.50], 0.0) - 0.45 * hol * (wd < 6) - 0.12 * school
    weather = 0.045 * (np.clip(tmk, -5, 28) - 12) - 0.20 * np.log1p(rsk) - 0.30 * (shk > 0)
    effect = np.where(d["date"].to_numpy() >= np.datetime64(MOBILITAETSPORTAL), np.log1p(site.effect_pct / 100), 0.0)
    log_mu = np.log(site.base) + 0.02 * years + weekday + weather + effect
    noise = daily_noise(r, d["date"], city_year_shocks(world, "bike"))
    return pl.DataFrame({"date": d["date"], "expected": np.exp(log_mu), "total": np.exp(log_mu + noise)})


def local_grid(first: dt.date, last: dt.date, every: str) -> pl.DataFrame:
    """All real intervals of the local days first..last: `ts` (naive UTC), `local` (naive local), `date`, `minute`."""
    lo = dt.datetime.combine(first, dt.time())
    hi = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    lo_utc = pl.Series([lo]).dt.replace_time_zone(BERLIN).dt.convert_time_zone("UTC")[0]
    hi_utc = pl.Series([hi]).dt.replace_time_zone(BERLIN).dt.convert_time_zone("UTC")[0]
    ts = pl.datetime_range(lo_utc, hi_utc, every, eager=True, closed="left").alias("ts")
    local = ts.dt.convert_time_zone(BERLIN)
    return pl.DataFrame(
        {
            "ts": ts.dt.replace_time_zone(None),
            "local": local.dt.replace_time_zone(None),
            "offset": local.dt.strftime("%z"),
            "date": local.dt.date(),
            "minute": (local.dt.hour().cast(pl.Int32) * 60 + local.dt.minute().cast(pl.Int32)),
        }
    )


def _bike_profile(minute: np.ndarray, weekend: np.ndarray, leisure: bool) -> np.ndarray:
    h = minute / 60.0
    commute = 1.6 * np.exp(-0.5 * ((h - 7.75) / 0.9) ** 2) + 1.3 * np.exp(-0.5 * ((h - 17.0) / 1.4) ** 2)
    daytime = np.exp(-0.5 * ((h - 14.0) / 3.2) ** 2)
    night = 0.03
    work = night + commute + 0.6 * daytime
    free = night + 1.2 * daytime
    if leisure:
        work = night + 0.5 * commute + 1.0 * daytime
    return np.where(weekend, free, work)


def bike_intervals(
    world: World, site: BikeSite, r: np.random.Generator, first: dt.date | None = None, last: dt.date | None = None
) -> pl.DataFrame:
    """15-minute counts of all real intervals: `ts`, `local`, `date`, `total`, `dir1`, `dir2` (dir1 + dir2 = total)."""
    first, last = first or world.start, last or world.end
    daily = bike_daily(world, site, r, first, last)
    g = local_grid(first, last, "15m").join(world.calendar.select("date", "weekday", "holiday"), on="date")
    weekend = ((g["weekday"] >= 6) | g["holiday"]).to_numpy()
    w = _bike_profile(g["minute"].to_numpy(), weekend, site.leisure)
    day_code = g["date"].to_physical().to_numpy()
    uniq, idx = np.unique(day_code, return_inverse=True)
    wsum = np.bincount(idx, weights=w)
    lam = daily["total"].to_numpy()[idx] * w / wsum[idx]
    total = overdispersed_counts(r, lam)
    h = g["minute"].to_numpy() / 60.0
    p1 = np.clip(
        0.5 + np.where(weekend, 0.0, 0.18 * np.exp(-0.5 * ((h - 7.75) / 1.5) ** 2) - 0.16 * np.exp(-0.5 * ((h - 17) / 2) ** 2)),
        0.05,
        0.95,
    )
    dir1 = r.binomial(total, p1)
    return g.select("ts", "local", "date").with_columns(
        pl.Series("total", total, dtype=pl.Int64),
        pl.Series("dir1", dir1, dtype=pl.Int64),
        pl.Series("dir2", total - dir1, dtype=pl.Int64),
    )


def ecocounter_csv(site: BikeSite, year: int, iv: pl.DataFrame, *, repeat_october_hour: bool, faults: bool) -> bytes:
    """One Eco-Counter channel export (site total, two directions, status columns), CRLF, UTF-8.

    Like the real exports the March gap is absent; the October repeated hour is shown twice (both real
    intervals) or once (the first, as older Eco-Visio exports do) depending on `repeat_october_hour`.
    """
    y = iv.filter(pl.col("local").dt.year() == year)
    if not repeat_october_hour:
        y = y.filter(pl.col("local").is_first_distinct())
    ch = site.channels
    cols = {
        "Datetime": y["local"].dt.strftime("%Y-%m-%d %H:%M"),
        f"{ch[0][0]} ({ch[0][1]})": y["total"].cast(pl.Utf8),
        f"{ch[1][0]} ({ch[1][1]})": y["dir1"].cast(pl.Utf8),
        f"{ch[2][0]} ({ch[2][1]})": y["dir2"].cast(pl.Utf8),
    }
    status = pl.Series(["0"] * y.height)
    f = pl.DataFrame(cols).with_columns(
        status.alias(f"{ch[0][0]}-status"), status.alias(f"{ch[1][0]}-status"), status.alias(f"{ch[2][0]}-status")
    )
    if faults:
        f = _ecocounter_faults(f, year)
    return f.write_csv(line_terminator="\r\n").encode("utf-8")


def _ecocounter_faults(f: pl.DataFrame, year: int) -> pl.DataFrame:
    """Outage of 9 days in May (empty cells, status 1), one unparseable count, one row whose directions do not add up."""
    total_col, d1, d2 = f.columns[1], f.columns[2], f.columns[3]
    status = f.columns[4:]
    stamp = pl.col("Datetime")
    outage = (
        stamp.is_between(pl.lit(f"{year}-05-11 00:00"), pl.lit(f"{year}-05-19 23:45")) if year in (2019, 2024) else pl.lit(False)
    )
    f = f.with_columns(
        [pl.when(outage).then(pl.lit("")).otherwise(pl.col(c)).alias(c) for c in (total_col, d1, d2)]
        + [pl.when(outage).then(pl.lit("1")).otherwise(pl.col(c)).alias(c) for c in status]
    )
    if year in (2018, 2023):
        f = f.with_columns(
            pl.when(stamp == pl.lit(f"{year}-06-12 08:15"))
            .then(pl.lit("1O"))
            .otherwise(pl.col(d1))
            .alias(d1),  # letter O: a typo
            pl.when(stamp == pl.lit(f"{year}-06-12 09:00"))
            .then((pl.col(total_col).cast(pl.Int64) + 7).cast(pl.Utf8))
            .otherwise(pl.col(total_col))
            .alias(total_col),
        )
    return f


def write_ecocounter(world: World, out: Path, scale: float) -> list[Path]:
    r = rng("ecocounter", world.seed)
    files: list[Path] = []
    for site in bike_sites(scale):
        iv = bike_intervals(world, site, r)
        folder = out / "ecocounter" / str(site.site_id)
        folder.mkdir(parents=True, exist_ok=True)
        for year in world.years():
            p = folder / f"{site.site_id}_{year}.csv"
            p.write_bytes(ecocounter_csv(site, year, iv, repeat_october_hour=year >= 2022, faults=site.faulty))
            files.append(p)
    return files


def ecovisio_sites(scale: float) -> list[dict[str, Any]]:
    """Eco-Visio station list entries (id, name, coordinates, channels) for the generated sites."""
    out = []
    for s in bike_sites(scale):
        p = PLACES[s.place]
        out.append(
            {
                "id": s.site_id,
                "name": s.name,
                "lat": p.lat,
                "lon": p.lon,
                "channels": [{"id": cid, "name": cname} for cid, cname in s.channels[1:]],
            }
        )
    return out


def write_ecovisio(world: World, out: Path, scale: float) -> list[Path]:
    p = out / "ecovisio" / "standorte.json"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(ecovisio_sites(scale), ensure_ascii=False, indent=1), encoding="utf-8")
    return [p]


# --------------------------------------------------------------------------------------------- hystreet


@dataclass(frozen=True)
class PedestrianLocation:
    name: str  # hystreet "Lage"; the station id is derived from it (etl.sources.hystreet.location_slug)
    place: str
    base: float  # pedestrians per ordinary weekday in 2022
    directions: tuple[str, str]
    effect_pct: float = 0.0  # injected from STATION_MITTE_START (ground truth)


BASE_LOCATIONS = [
    PedestrianLocation(
        "Frankfurter Straße (Mitte)", "Frankfurter Straße", 14000, ("Marktplatz", "Kaiserstraße"), effect_pct=10.0
    ),
    PedestrianLocation("Große Marktstraße", "Große Marktstraße", 9000, ("Wilhelmsplatz", "Marktplatz")),
    PedestrianLocation("Kaiserstraße", "Kaiserstraße", 6500, ("Hauptbahnhof", "Marktplatz")),
]
EXTRA_LOCATIONS = ["Herrnstraße", "Wilhelmsplatz", "Aliceplatz", "Berliner Straße", "Waldstraße"]
EFFECT_LOCATION = BASE_LOCATIONS[0]
PLACEBO_LOCATION = BASE_LOCATIONS[1]
WEATHER_WORDS = ("clear-day", "partly-cloudy-day", "cloudy", "rain", "snow")


def pedestrian_locations(scale: float = 1.0) -> list[PedestrianLocation]:
    n = max(3, round(3 * scale))
    out = list(BASE_LOCATIONS[:n])
    for i in range(n - len(out)):
        place = EXTRA_LOCATIONS[i % len(EXTRA_LOCATIONS)]
        name = place if i < len(EXTRA_LOCATIONS) else f"{place} {i // len(EXTRA_LOCATIONS) + 1}"
        out.append(PedestrianLocation(name, place, 3000 + 500 * (i % 5), ("Nord", "Süd")))
    return out


def pedestrian_daily(
    world: World, loc: PedestrianLocation, r: np.random.Generator, first: dt.date | None = None, last: dt.date | None = None
) -> pl.DataFrame:
    """Expected and noisy daily pedestrians: shop-opening calendar × weather × trend × effect × AR(1) and yearly noise."""
    d = world.daily.filter(pl.col("date").is_between(first or hystreet_start(world), last or world.end))
    years = years_since_start(d["date"])
    wd = d["weekday"].to_numpy()
    hol = d["holiday"].to_numpy()
    month, day = d["date"].dt.month().to_numpy(), d["date"].dt.day().to_numpy()
    tmk, rsk = d["TMK"].to_numpy(), d["RSK"].to_numpy()
    closed = (wd == 7) | hol  # shops closed: Sundays and public holidays
    calendar = np.select([closed, wd == 6, wd == 1], [-1.6, 0.30, -0.06], 0.0) + 0.15 * ((month == 12) & (day <= 23) & ~closed)
    calendar = calendar - 0.03 * d["school_holiday"].to_numpy()
    weather = -0.10 * np.log1p(rsk) - 0.0012 * (tmk - 18) ** 2
    effect = np.where(d["date"].to_numpy() >= np.datetime64(STATION_MITTE_START), np.log1p(loc.effect_pct / 100), 0.0)
    log_mu = np.log(loc.base) - 0.01 * years + calendar + weather + effect
    noise = daily_noise(r, d["date"], city_year_shocks(world, "pedestrian"))
    return pl.DataFrame({"date": d["date"], "expected": np.exp(log_mu), "total": np.exp(log_mu + noise)})


def pedestrian_hours(
    world: World, loc: PedestrianLocation, r: np.random.Generator, first: dt.date | None = None, last: dt.date | None = None
) -> pl.DataFrame:
    """Hourly counts with direction and adult/child splits that add up to the total; temperature and weather word."""
    first, last = first or hystreet_start(world), last or world.end
    daily = pedestrian_daily(world, loc, r, first, last)
    g = local_grid(first, last, "1h").join(world.calendar.select("date", "weekday", "holiday"), on="date")
    h = g["minute"].to_numpy() / 60.0
    sat = (g["weekday"] == 6).to_numpy()
    closed = ((g["weekday"] == 7) | g["holiday"]).to_numpy()
    w = np.where(sat, np.exp(-0.5 * ((h - 14.0) / 2.6) ** 2), np.exp(-0.5 * ((h - 15.0) / 3.3) ** 2)) + 0.02
    w = np.where(closed, np.exp(-0.5 * ((h - 15.5) / 3.5) ** 2) + 0.05, w)
    idx = np.unique(g["date"].to_physical().to_numpy(), return_inverse=True)[1]
    lam = daily["total"].to_numpy()[idx] * w / np.bincount(idx, weights=w)[idx]
    total = overdispersed_counts(r, lam)
    d1 = r.binomial(total, np.clip(0.5 + 0.08 * np.sin(2 * np.pi * (h - 9) / 24), 0.05, 0.95))
    kids = r.binomial(total, np.where(closed | sat, 0.14, 0.09))
    weather = world.hourly.select("ts", "TT", "R1")
    g = g.join(weather, on="ts", how="left")
    word = np.where(
        g["R1"].fill_null(0).to_numpy() > 0, np.where(g["TT"].fill_null(5).to_numpy() < 0.5, 4, 3), r.integers(0, 3, g.height)
    )
    return g.select("ts", "local", "offset", "date").with_columns(
        pl.Series("total", total, dtype=pl.Int64),
        pl.Series("dir1", d1, dtype=pl.Int64),
        pl.Series("dir2", total - d1, dtype=pl.Int64),
        pl.Series("adults", total - kids, dtype=pl.Int64),
        pl.Series("children", kids, dtype=pl.Int64),
        # an extension year's first local hour lies before its world's first UTC hour: the next hour's temperature
        pl.Series("temperature", g["TT"].fill_null(strategy="backward").round(1).to_numpy()),
        pl.Series("weather", np.array(WEATHER_WORDS)[word]),
    )


def hystreet_csv(loc: PedestrianLocation, hours: pl.DataFrame, *, cp1252: bool = False, faults: bool = False) -> bytes:
    """The portal's CSV download: `;`, CRLF, local time with offset, English weekday, splits that add up."""
    stamp = hours["local"].dt.strftime("%Y-%m-%d %H:%M:%S") + " " + hours["offset"]
    dir1, dir2 = (f"Fußgänger insgesamt Richtung {d}" for d in loc.directions)
    f = pl.DataFrame(
        {
            "Lage": pl.Series([loc.name] * hours.height),
            "Zeitpunkt der Messung": stamp,
            "Wochentag": hours["local"].dt.strftime("%A"),
            "Fußgänger insgesamt": hours["total"].cast(pl.Utf8),
            dir1: hours["dir1"].cast(pl.Utf8),
            dir2: hours["dir2"].cast(pl.Utf8),
            "Erwachsene": hours["adults"].cast(pl.Utf8),
            "Kinder": hours["children"].cast(pl.Utf8),
            "Temperatur in ºc": hours["temperature"].cast(pl.Utf8).str.replace(".", ",", literal=True),
            "Wetterlage": hours["weather"],
            "Vorkommnisse": pl.Series([""] * hours.height),
        }
    )
    if faults:
        # one hour whose directions do not add up to the total, one unreadable temperature
        i, j = hours.height // 3, hours.height // 3 + 5
        f = f.with_columns(
            pl.when(pl.int_range(pl.len()) == i)
            .then((pl.col(dir1).cast(pl.Int64) + 3).cast(pl.Utf8))
            .otherwise(pl.col(dir1))
            .alias(dir1),
            pl.when(pl.int_range(pl.len()) == j)
            .then(pl.lit("n. v. °"))
            .otherwise(pl.col("Temperatur in ºc"))
            .alias("Temperatur in ºc"),
        )
    text = f.write_csv(separator=";", line_terminator="\r\n", quote_style="never")
    return text.encode("cp1252" if cp1252 else "utf-8")


def hystreet_api_json(loc: PedestrianLocation, hours: pl.DataFrame, location_id: int) -> bytes:
    """hystreet API v2 answer for one location (the last month): carries the coordinates the CSV lacks."""
    p = PLACES[loc.place]
    measurements = []
    for row in hours.iter_rows(named=True):
        local = row["local"].strftime("%Y-%m-%dT%H:%M:%S") + row["offset"][:3] + ":" + row["offset"][3:]
        measurements.append(
            {
                "measured_at": row["ts"].strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "measured_at_local_time": local,
                "total_count": row["total"],
                "counts": [
                    {"direction": loc.directions[0], "count": row["dir1"], "object_type": "PERSON"},
                    {"direction": loc.directions[1], "count": row["dir2"], "object_type": "PERSON"},
                    {"object_type": "PERSON", "object_subtype": "adult", "count": row["adults"]},
                    {"object_type": "PERSON", "object_subtype": "child", "count": row["children"]},
                ],
                "weather_conditions": {"temperature": row["temperature"], "condition": row["weather"]},
            }
        )
    doc = {
        "location_id": location_id,
        "name": loc.name,
        "city": "Offenbach am Main",
        "local_timezone": BERLIN,
        "resolution": "hour",
        "metadata": {"geometry": {"type": "Point", "coordinates": [p.lon, p.lat]}},
        "measurements": measurements,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def write_hystreet(world: World, out: Path, scale: float) -> list[Path]:
    r = rng("hystreet", world.seed)
    folder = out / "hystreet"
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for k, loc in enumerate(pedestrian_locations(scale)):
        hours = pedestrian_hours(world, loc, r)
        slug = _slug(loc.name)
        for year in range(hystreet_start(world).year, world.end.year + 1):
            part = hours.filter(pl.col("local").dt.year() == year)
            p = folder / f"hystreet_{slug}_{year}.csv"
            # downloads differ in encoding: one of them comes as Windows-1252
            p.write_bytes(hystreet_csv(loc, part, cp1252=(k == 2 and year == 2023), faults=(k == 2 and year == 2024)))
            files.append(p)
        last_month = hours.filter(pl.col("local") >= dt.datetime(world.end.year, world.end.month, 1))
        p = folder / f"hystreet_api_{slug}_{world.end:%Y-%m}.json"
        p.write_bytes(hystreet_api_json(loc, last_month, 1000 + k))
        files.append(p)
    return files


def _slug(name: str) -> str:
    from etl.sources.hystreet import location_slug  # the station id the loader derives from the name

    return location_slug(name)
