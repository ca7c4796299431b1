"""The simulated Offenbach of the demo (Demodaten): calendar, weather and places that drive every generated export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl

SEED = 20240301  # fixed: the demo is the same bytes on every machine
START = dt.date(2016, 1, 1)
END = dt.date(2025, 12, 31)  # inclusive: the base world, byte-identical on every build day
HOURLY_START = dt.date(2023, 1, 1)  # "3 years" of hourly/sub-daily series end at END
# A build on BASE_DAY (or any day in January 2026) ends with END; the tests pin it (`etl demo --day`). Later builds
# append one extension world per year after END, up to the last complete month before the build day (`demo_end`).
BASE_DAY = dt.date(2026, 1, 1)
EXTENSION_SEED_STEP = 1000  # the extension world of year Y draws from seed SEED + 1000 × (Y − END.year)
BERLIN = "Europe/Berlin"

# Offenbach am Main, roughly the Rathaus (Berliner Straße); every place below is within the city limits.
CENTRE = (50.1043, 8.7652)
STATION_MITTE = (50.1049, 8.7626)  # Station Mitte, Innenstadt (Frankfurter Straße / Marktplatz)

# Streams: each generator draws from its own numpy stream, so adding one never changes another's bytes.
STREAMS = {
    "weather": 1,
    "ecocounter": 2,
    "hystreet": 3,
    "sensorcommunity": 4,
    "climavi": 5,
    "dwd": 6,
    "bnetza": 7,
    "open311": 8,
    "freifunk": 9,
    "sensorthings": 10,
    "surveys": 11,
    "districts": 12,
    "year_shocks": 13,
}


def rng(stream: str, seed: int = SEED) -> np.random.Generator:
    return np.random.default_rng([seed, STREAMS[stream]])


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def hessian_holidays(year: int) -> dict[dt.date, str]:
    """Gesetzliche Feiertage in Hessen."""
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        e + dt.timedelta(days=60): "Fronleichnam",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


# Hessian school holidays (Oster-, Sommer-, Herbstferien), first and last day; Weihnachtsferien are taken as
# 23.12.–9.1. every year. Close to the published Hessian dates; good enough for a demo calendar effect. Years after
# the table (extension worlds) get `approximate_school_holidays`.
SCHOOL_HOLIDAYS: dict[int, list[tuple[str, str]]] = {
    2016: [("03-29", "04-09"), ("07-18", "08-26"), ("10-17", "10-29")],
    2017: [("04-03", "04-15"), ("07-03", "08-11"), ("10-09", "10-21")],
    2018: [("03-26", "04-07"), ("06-25", "08-03"), ("10-01", "10-13")],
    2019: [("04-14", "04-27"), ("07-01", "08-09"), ("09-30", "10-12")],
    2020: [("04-06", "04-18"), ("07-06", "08-14"), ("10-05", "10-17")],
    2021: [("04-06", "04-16"), ("07-19", "08-27"), ("10-11", "10-23")],
    2022: [("04-11", "04-23"), ("07-25", "09-02"), ("10-24", "10-29")],
    2023: [("04-03", "04-22"), ("07-24", "09-01"), ("10-23", "10-28")],
    2024: [("03-25", "04-13"), ("07-15", "08-23"), ("10-14", "10-26")],
    2025: [("04-07", "04-25"), ("07-07", "08-15"), ("10-06", "10-18")],
    2026: [("03-30", "04-10"), ("06-29", "08-07"), ("10-05", "10-17")],
    2027: [("03-29", "04-10"), ("06-28", "08-06"), ("10-04", "10-16")],
}


def approximate_school_holidays(year: int) -> list[tuple[str, str]]:
    """Oster- (the fortnight around Easter), Sommer- (six weeks from the first Monday of July) and Herbstferien (two
    weeks from the first Monday of October) for years the table does not list."""
    e = easter(year)
    july = dt.date(year, 7, 1) + dt.timedelta(days=(7 - dt.date(year, 7, 1).weekday()) % 7)
    october = dt.date(year, 10, 1) + dt.timedelta(days=(7 - dt.date(year, 10, 1).weekday()) % 7)
    spans = [
        (e - dt.timedelta(days=6), e + dt.timedelta(days=5)),
        (july, july + dt.timedelta(days=39)),
        (october, october + dt.timedelta(days=11)),
    ]
    return [(f"{a:%m-%d}", f"{b:%m-%d}") for a, b in spans]


def demo_end(day: dt.date) -> dt.date:
    """The demo's last day for a build on `day`: the last day of the last complete month before it, never before END
    (a clock before 2026 builds the base world)."""
    return max(END, day.replace(day=1) - dt.timedelta(days=1))


HOT_SUMMERS = {2018: 2.2, 2019: 1.6, 2022: 2.0, 2025: 1.0}  # extra °C in June–August, and drier


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float


# Real Offenbach street and place names with approximate coordinates (WGS84).
PLACES: dict[str, Place] = {
    p.name: p
    for p in [
        Place("Berliner Straße", 50.1047, 8.7680),
        Place("Kaiserstraße", 50.1015, 8.7633),
        Place("Frankfurter Straße", 50.1050, 8.7598),
        Place("Mainuferweg", 50.1092, 8.7570),
        Place("Marktplatz", 50.1041, 8.7646),
        Place("Aliceplatz", 50.1052, 8.7627),
        Place("Wilhelmsplatz", 50.1022, 8.7667),
        Place("Hafen", 50.1107, 8.7745),
        Place("Bieber", 50.0840, 8.8060),
        Place("Bürgel", 50.1170, 8.7860),
        Place("Tempelsee", 50.0880, 8.7690),
        Place("Lauterborn", 50.0930, 8.7480),
        Place("Rumpenheim", 50.1290, 8.7960),
        Place("Große Marktstraße", 50.1039, 8.7633),
        Place("Herrnstraße", 50.1058, 8.7655),
        Place("Senefelderstraße", 50.1000, 8.7570),
        Place("Waldstraße", 50.0975, 8.7665),
        Place("Sprendlinger Landstraße", 50.0920, 8.7580),
        Place("Mühlheimer Straße", 50.1085, 8.7780),
        Place("Carl-Ulrich-Brücke", 50.1112, 8.7640),
        Place("Nordend", 50.1105, 8.7700),
        Place("Buchhügel", 50.0880, 8.7490),
        Place("Waldhof", 50.0890, 8.7880),
        Place("Kaiserlei", 50.1050, 8.7420),
        Place("Büsing-Park", 50.1030, 8.7610),
        Place("Dreieichpark", 50.0985, 8.7610),
        Place("Leonhard-Eißnert-Park", 50.0905, 8.7800),
        Place("Isenburgring", 50.0990, 8.7530),
        Place("Odenwaldring", 50.0955, 8.7760),
        Place("Luisenstraße", 50.1000, 8.7700),
    ]
}


def years_since_start(dates: pl.Series) -> np.ndarray:
    """Fractional years since START, for slow trends."""
    start = (START - dt.date(1970, 1, 1)).days
    return (dates.to_physical().to_numpy() - start) / 365.25


def days(first: dt.date = START, last: dt.date = END) -> pl.Series:
    return pl.date_range(first, last, "1d", eager=True).alias("date")


class World:
    """Daily and hourly weather plus the calendar of its days (the base world: 2016–2025), all derived from one seed.

    Weather (Offenbach-Wetterpark, DWD 07341) is the driver of the other series: see docs/data-sources/demo.md. An
    extension world (`World.extension`) covers one year after END, or its part up to the build's last day.
    """

    def __init__(self, seed: int = SEED, start: dt.date = START, end: dt.date = END, data_end: dt.date | None = None) -> None:
        self.seed = seed
        self.start = start  # first and last day of this world's series
        self.end = end
        # the build's last day: exports that grow step by step from their own stream (weekly Freifunk snapshots, the
        # yearly charging register) continue in the base world up to it instead of in extension worlds
        self.data_end = data_end or end

    @classmethod
    def extension(cls, year: int, last: dt.date, seed: int = SEED, data_end: dt.date | None = None) -> World:
        """The world of `year` (> END.year) up to `last`, from its own streams: appending it leaves the base untouched.
        `data_end`: the build's last day (default `last`)."""
        assert year > END.year and last.year == year
        return cls(seed + EXTENSION_SEED_STEP * (year - END.year), dt.date(year, 1, 1), last, data_end)

    @property
    def is_base(self) -> bool:
        return self.start == START

    @property
    def hourly_start(self) -> dt.date:
        """First day of the hourly and sub-daily series: HOURLY_START in the base world, the first day in an extension."""
        return max(HOURLY_START, self.start)

    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    @cached_property
    def calendar(self) -> pl.DataFrame:
        d = days(self.start, self.end)
        hol: dict[dt.date, str] = {}
        school: set[dt.date] = set()
        for y in range(self.start.year - 1, self.end.year + 1):
            hol.update(hessian_holidays(y))
            for a, b in SCHOOL_HOLIDAYS.get(y, approximate_school_holidays(y) if y > END.year else []):
                first, last = dt.date.fromisoformat(f"{y}-{a}"), dt.date.fromisoformat(f"{y}-{b}")
                school.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
            first = dt.date(y, 12, 23)
            school.update(first + dt.timedelta(days=i) for i in range(18))
        dates = d.to_list()
        return pl.DataFrame(
            {
                "date": d,
                "weekday": d.dt.weekday().cast(pl.Int8),  # 1 = Monday
                "doy": d.dt.ordinal_day().cast(pl.Int16),
                "year": d.dt.year().cast(pl.Int16),
                "holiday": pl.Series([x in hol for x in dates]),
                "school_holiday": pl.Series([x in school for x in dates]),
            }
        )

    @cached_property
    def daily(self) -> pl.DataFrame:
        """One row per day: TMK/TXK/TNK (°C), RSK (mm), SDK (h), FM/FX (m/s), UPM (%), PM (hPa), SHK (cm)."""
        r = rng("weather", self.seed)
        cal = self.calendar
        n = cal.height
        doy = cal["doy"].to_numpy().astype(float)
        year = cal["year"].to_numpy()
        month = cal["date"].dt.month().to_numpy()
        season = np.cos(2 * np.pi * (doy - 200) / 365.25)  # +1 mid-July, -1 mid-January
        summer = (month >= 6) & (month <= 8)
        hot = np.array([HOT_SUMMERS.get(int(y), 0.0) for y in year]) * summer
        trend = 0.04 * (year - START.year)  # slow warming
        # weather regimes persist for days: AR(1) anomalies
        anom = np.empty(n)
        eps = r.normal(0, 1.6, n)
        anom[0] = 0.0
        for i in range(1, n):
            anom[i] = 0.8 * anom[i - 1] + eps[i]
        tmk = 10.8 + 9.3 * season + trend + hot + anom
        # wet/dry Markov chain; hot summers are drier
        p_wet_after_wet = 0.62 - 0.25 * (hot > 0)
        p_wet_after_dry = 0.30 - 0.15 * (hot > 0)
        u = r.random(n)
        wet = np.zeros(n, dtype=bool)
        for i in range(1, n):
            wet[i] = u[i] < (p_wet_after_wet[i] if wet[i - 1] else p_wet_after_dry[i])
        amount = r.gamma(0.75, 4.2 + 1.5 * (season > 0), n)
        rsk = np.where(wet, np.round(np.maximum(amount, 0.1), 1), 0.0)
        day_len = 12.2 + 4.2 * np.cos(2 * np.pi * (doy - 172) / 365.25)
        sun_frac = np.clip(r.beta(2.2, 2.0, n) * np.where(wet, 0.45, 1.0) + 0.08 * (hot > 0), 0, 0.95)
        sdk = np.round(day_len * sun_frac, 3)
        span = 5.5 + 5.5 * sun_frac + 1.5 * season
        txk = tmk + span * 0.55 + r.normal(0, 0.6, n)
        tnk = tmk - span * 0.45 + r.normal(0, 0.6, n)
        fm = np.round(np.clip(r.lognormal(np.log(2.8) + 0.2 * -season, 0.35, n) + 0.6 * wet, 0.4, 14), 1)
        fx = np.round(fm * r.uniform(2.2, 3.4, n), 1)
        upm = np.clip(76 - 10 * season + 10 * wet - 12 * (sun_frac - 0.5) + r.normal(0, 5, n), 30, 100)
        pm = 1001.5 - 6 * wet + r.normal(0, 6, n)
        shk = np.where((tmk < 0.5) & wet, np.round(rsk * r.uniform(0.5, 1.2, n)), 0)
        return cal.with_columns(
            pl.Series("TMK", np.round(tmk, 1)),
            pl.Series("TXK", np.round(txk, 1)),
            pl.Series("TNK", np.round(tnk, 1)),
            pl.Series("RSK", rsk),
            pl.Series("SDK", sdk),
            pl.Series("FM", fm),
            pl.Series("FX", fx),
            pl.Series("UPM", np.round(upm, 0)),
            pl.Series("PM", np.round(pm, 1)),
            pl.Series("SHK", shk.astype(float)),
        )

    @cached_property
    def hourly(self) -> pl.DataFrame:
        """Hourly weather in UTC (`ts` naive UTC) consistent with the daily values: TT (°C), RF (%), R1 (mm)."""
        r = rng("weather", self.seed + 1)
        d = self.daily
        n = d.height
        ts = pl.datetime_range(
            dt.datetime.combine(self.start, dt.time()), dt.datetime.combine(self.end, dt.time(23)), "1h", eager=True
        ).alias("ts")
        hour_local = (ts.dt.replace_time_zone("UTC").dt.convert_time_zone(BERLIN)).dt.hour().to_numpy()
        day_idx = np.repeat(np.arange(n), 24)
        tmk, txk, tnk = (d[c].to_numpy()[day_idx] for c in ("TMK", "TXK", "TNK"))
        shape = np.cos(2 * np.pi * (hour_local - 15) / 24)  # max mid-afternoon, min early morning
        tt = tmk + shape * (txk - tnk) / 2 + r.normal(0, 0.3, len(ts))
        rf = np.clip(d["UPM"].to_numpy()[day_idx] - shape * 15 + r.normal(0, 3, len(ts)), 15, 100)
        # daily rain falls in a few hours: Dirichlet split with most mass on 2–6 hours
        w = r.gamma(0.15, 1.0, (n, 24))
        w /= w.sum(axis=1, keepdims=True)
        r1 = np.round(d["RSK"].to_numpy()[:, None] * w, 1).ravel()
        return pl.DataFrame({"ts": ts, "TT": np.round(tt, 1), "RF": np.round(rf, 0), "R1": r1})

    def daily_between(self, first: dt.date, last: dt.date) -> pl.DataFrame:
        return self.daily.filter(pl.col("date").is_between(first, last))
