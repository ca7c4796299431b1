"""The seeded Offenbach demo: real formats, DST handling, reproducible bytes, and injected effects that can be recovered."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from etl import registry
from etl.demo import GROUND_TRUTH, civic, environment, mobility
from etl.demo.catalogue import continued, extend_catalogue
from etl.demo.generate import FORMATS, generate_all, ground_truth, write_ground_truth
from etl.demo.world import BASE_DAY, END, SEED, World, demo_end, hessian_holidays, rng
from etl.sources.ecocounter import EcoCounterCsv
from etl.sources.hystreet import HystreetCsv

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world() -> World:
    return World()


def site_year(world: World, year: int, *, seed: int = SEED, site: mobility.BikeSite = mobility.EFFECT_SITE) -> pl.DataFrame:
    return mobility.bike_intervals(
        world if seed == world.seed else World(seed), site, rng("ecocounter", seed), dt.date(year, 1, 1), dt.date(year, 12, 31)
    )


def rows_per_local_day(text: str, day: str) -> list[str]:
    return [ln for ln in text.split("\r\n") if ln.startswith(day)]


def test_site_year_has_both_dst_changes_like_the_real_exports(world: World) -> None:
    iv = site_year(world, 2022)
    twice = mobility.ecocounter_csv(mobility.EFFECT_SITE, 2022, iv, repeat_october_hour=True, faults=False)
    once = mobility.ecocounter_csv(mobility.EFFECT_SITE, 2022, iv, repeat_october_hour=False, faults=False)
    text = twice.decode("utf-8")
    assert text.count("\r\n") == text.count("\n")  # CRLF throughout
    header = text.split("\r\n")[0]
    assert header.startswith("Datetime,100069001 (Berliner Straße),101069001 (Berliner Straße Richtung Frankfurt),")
    assert header.endswith("100069001-status,101069001-status,102069001-status")
    march = rows_per_local_day(text, "2022-03-27")
    assert len(march) == 92 and not any(r.startswith("2022-03-27 02:") for r in march)
    assert len(rows_per_local_day(text, "2022-10-30")) == 100
    assert len(rows_per_local_day(once.decode("utf-8"), "2022-10-30")) == 96
    # the parser keeps both real intervals of the repeated hour: 100 distinct UTC instants on that day
    parsed = EcoCounterCsv().parse(twice, "100069001_2022.csv")
    obs = parsed.tables["observation"]
    assert not parsed.rejected and obs["ts"].n_unique() == obs.height
    oct30 = obs.filter(pl.col("ts").is_between(dt.datetime(2022, 10, 29, 22), dt.datetime(2022, 10, 30, 22, 59)))
    assert oct30.height == 100
    # conservation: the file's site total arrives unchanged, directions add up to it
    assert obs["value"].sum() == iv.filter(pl.col("local").dt.year() == 2022)["total"].sum()
    assert (iv["dir1"] + iv["dir2"] == iv["total"]).all()


def test_faulty_site_produces_rejected_rows_and_an_outage(world: World) -> None:
    site = mobility.BASE_SITES[3]
    iv = mobility.bike_intervals(world, site, rng("ecocounter"), dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    parsed = EcoCounterCsv().parse(mobility.ecocounter_csv(site, 2023, iv, repeat_october_hour=True, faults=True), "f.csv")
    reasons = [r[1] for r in parsed.rejected]
    assert any("keine Zahl" in r for r in reasons) and any("Summe der Richtungen" in r for r in reasons)
    assert parsed.tables["observation"]["value"].null_count() == 0  # 2023 has no outage; 2019/2024 do


def test_same_seed_same_bytes_other_seed_other_bytes(world: World) -> None:
    a = mobility.ecocounter_csv(mobility.EFFECT_SITE, 2021, site_year(world, 2021), repeat_october_hour=False, faults=False)
    b = mobility.ecocounter_csv(mobility.EFFECT_SITE, 2021, site_year(World(), 2021), repeat_october_hour=False, faults=False)
    c = mobility.ecocounter_csv(
        mobility.EFFECT_SITE, 2021, site_year(world, 2021, seed=SEED + 1), repeat_october_hour=False, faults=False
    )
    assert a == b and a != c
    assert civic.open311_files(rng("open311"), 0.2) == civic.open311_files(rng("open311"), 0.2)
    assert environment.dwd_daily_text(World()) == environment.dwd_daily_text(world)


def test_ground_truth_structure_and_committed_file(tmp_path: Path) -> None:
    path = write_ground_truth(tmp_path / "gt.json")
    entries = json.loads(path.read_text(encoding="utf-8"))
    assert all(set(e) == {"indicator_id", "station_id", "date", "effect_pct"} for e in entries)
    key = {(e["indicator_id"], e["station_id"], e["date"]): e["effect_pct"] for e in entries}
    assert key[("rad_dtv", "ecocounter:100069001", "2022-04-01")] == 15.0
    assert key[("rad_dtv", "ecocounter:100069002", "2022-04-01")] == 0.0  # placebo, same date
    assert key[("passanten_tag", "hystreet:frankfurter-strasse-mitte", "2023-09-01")] == 10.0
    if GROUND_TRUTH.exists():  # the committed file is what the generator injects
        assert json.loads(GROUND_TRUTH.read_text(encoding="utf-8")) == ground_truth()


def _holiday(dates: pl.Series) -> np.ndarray:
    hol = {d for y in range(2015, 2027) for d in hessian_holidays(y)}
    return np.array([d in hol for d in dates.to_list()])


def adjusted_effect(world: World, daily: pl.DataFrame, start: dt.date) -> float:
    """OLS of log daily totals on a step at `start`, weekday, holiday, month, weather and trend: the step in %."""
    d = daily.join(world.daily.select("date", "TMK", "RSK", "SHK"), on="date")
    days = d["date"]
    x = [
        np.ones(d.height),
        (days >= start).to_numpy().astype(float),
        _holiday(days).astype(float),
        np.clip(d["TMK"].to_numpy(), -5, 28),
        np.log1p(d["RSK"].to_numpy()),
        (d["SHK"].to_numpy() > 0).astype(float),
        days.to_physical().to_numpy() / 365.25,
    ]
    x += [(days.dt.weekday() == k).to_numpy().astype(float) for k in range(2, 8)]
    x += [(days.dt.month() == m).to_numpy().astype(float) for m in range(2, 13)]
    coef, *_ = np.linalg.lstsq(np.column_stack(x), np.log(d["total"].to_numpy()), rcond=None)
    return 100 * (np.exp(coef[1]) - 1)


def test_bicycle_effect_planted_exactly_and_recoverable_against_the_placebo(world: World) -> None:
    first, last = dt.date(2020, 4, 1), dt.date(2024, 3, 31)
    # the step in the expected totals is exactly the planted effect (same draws with and without it)
    with_effect = mobility.bike_daily(world, mobility.EFFECT_SITE, rng("ecocounter"), first, last)
    without = mobility.bike_daily(
        world, dataclasses.replace(mobility.EFFECT_SITE, effect_pct=0.0), rng("ecocounter"), first, last
    )
    ratio = (with_effect["expected"] / without["expected"]).to_numpy()
    after = (with_effect["date"] >= mobility.MOBILITAETSPORTAL).to_numpy()
    assert np.allclose(ratio[~after], 1.0) and np.allclose(ratio[after], 1.15)
    # in the noisy 15-minute counts the city's year shocks hide it from a single-station model, but the station
    # against the placebo (shared shocks cancel, each station's own remain) shows it
    r = rng("ecocounter")
    daily = {}
    for site in (mobility.EFFECT_SITE, mobility.PLACEBO_SITE):
        iv = mobility.bike_intervals(world, site, r, first, last)
        daily[site.name] = iv.group_by("date").agg(pl.col("total").sum()).sort("date")
    both = daily[mobility.EFFECT_SITE.name].join(daily[mobility.PLACEBO_SITE.name], on="date", suffix="_placebo")
    relative = both.select("date", (pl.col("total") / pl.col("total_placebo")).alias("total"))
    assert abs(adjusted_effect(world, relative, mobility.MOBILITAETSPORTAL) - 15.0) < 6.0


def test_demo_noise_is_what_real_counters_have(world: World) -> None:
    """AR(1) ≈ 0.5 day to day, shocks per calendar year (shared by the city's counters, plus each counter's own),
    and counts scattering more than Poisson (docs/data-sources/demo.md)."""
    r = np.random.default_rng(7)
    dates = pl.date_range(dt.date(2016, 1, 1), dt.date(2025, 12, 31), "1d", eager=True)
    e = mobility.daily_noise(r, dates, dict.fromkeys(range(2016, 2026), 0.0))
    lag1 = float(np.corrcoef(e[1:], e[:-1])[0, 1])
    assert 0.4 < lag1 < 0.6 and 0.09 < float(e.std()) < 0.13
    yearly = pl.DataFrame({"y": dates.dt.year(), "e": e}).group_by("y").agg(pl.col("e").mean())["e"]
    assert float(yearly.std()) > 0.01  # own year shocks on top of the AR part (whose yearly means vary ≈ 0.009)
    city = mobility.city_year_shocks(world, "bike")
    assert sorted(city) == list(range(2016, 2026)) and 0.01 < float(np.std(list(city.values()))) < 0.1
    assert city != mobility.city_year_shocks(world, "pedestrian")
    counts = mobility.overdispersed_counts(r, np.full(200_000, 20.0))
    assert 2.6 < counts.var() / counts.mean() < 3.4  # negative binomial: 1 + μ/shape = 3


def test_pedestrian_effect_recoverable_and_splits_add_up(world: World) -> None:
    hours = {
        loc.name: mobility.pedestrian_hours(world, loc, rng("hystreet"))
        for loc in (mobility.EFFECT_LOCATION, mobility.PLACEBO_LOCATION)
    }
    hours_effect = hours[mobility.EFFECT_LOCATION.name]
    assert (hours_effect["dir1"] + hours_effect["dir2"] == hours_effect["total"]).all()
    assert (hours_effect["adults"] + hours_effect["children"] == hours_effect["total"]).all()
    daily = {k: h.group_by("date").agg(pl.col("total").sum()).sort("date") for k, h in hours.items()}
    both = daily[mobility.EFFECT_LOCATION.name].join(daily[mobility.PLACEBO_LOCATION.name], on="date", suffix="_placebo")
    relative = both.select("date", (pl.col("total") / pl.col("total_placebo")).alias("total"))
    assert abs(adjusted_effect(world, relative, mobility.STATION_MITTE_START) - 10.0) < 7.0
    loc, hours = mobility.EFFECT_LOCATION, hours_effect
    # one download year through the real parser: local time with offset, both October hours, nothing rejected
    part = hours.filter(pl.col("local").dt.year() == 2024)
    parsed = HystreetCsv().parse(mobility.hystreet_csv(loc, part, cp1252=True), "h.csv")
    obs = parsed.tables["observation"].filter(pl.col("metric") == "pedestrians")
    assert not parsed.rejected and obs["value"].sum() == part["total"].sum() and obs["ts"].n_unique() == part.height


def test_weather_drives_the_other_series(world: World) -> None:
    d = world.daily
    cold_calm = d.filter((pl.col("TMK") < 3) & (pl.col("FM") < 2.5))["date"]
    mild_windy = d.filter((pl.col("TMK") > 12) & (pl.col("FM") > 4))["date"]
    pm = environment.regional_pm10(world)
    assert (
        pm.filter(pl.col("date").is_in(cold_calm.implode()))["pm10"].mean()
        > 1.5 * pm.filter(pl.col("date").is_in(mild_windy.implode()))["pm10"].mean()
    )
    tree = dataclasses.replace(environment.tree_sensors(1.0)[1], watered=False)
    soil = environment.soil_daily(world, tree, rng("climavi"))
    summer25 = soil.filter(pl.col("date").is_between(dt.date(2025, 7, 15), dt.date(2025, 8, 31)))["v10"].mean()
    spring = soil.filter(pl.col("date").is_between(dt.date(2024, 3, 1), dt.date(2024, 3, 31)))["v10"].mean()
    assert summer25 < 0.6 * spring  # the hot summer of 2025 dries the soil


SMALL_FORMATS = ("districts", "dwd", "bnetza", "surveys", "ecovisio", "sensorthings")


@pytest.mark.parametrize("name", SMALL_FORMATS)
def test_small_formats_are_detected_uniquely_and_parse(world: World, tmp_path: Path, name: str) -> None:
    fmt = next(f for f in FORMATS if f.name == name)
    known = registry.sources()
    assert set(fmt.kinds) & set(known), f"kein Parser für {name}"
    for path in fmt.write(world, tmp_path, 1.0):
        data = path.read_bytes()
        source = registry.detect(path, data[:65536])  # exactly one format claims the file, else FileRejected
        assert source.kind in fmt.kinds, path.name
        parsed = source.parse(data, path.name)
        assert parsed.rows_in > 0


def test_demo_ends_with_the_last_complete_month_before_the_build_day() -> None:
    assert demo_end(dt.date(2026, 12, 7)) == dt.date(2026, 11, 30)
    assert demo_end(dt.date(2026, 12, 1)) == dt.date(2026, 11, 30)  # the build day's month is not complete
    assert demo_end(dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)
    assert demo_end(dt.date(2028, 3, 2)) == dt.date(2028, 2, 29)
    assert demo_end(BASE_DAY) == END == dt.date(2025, 12, 31)  # the tests' pinned day: the base world
    assert demo_end(dt.date(2025, 6, 1)) == END  # a clock before 2026 gets the base, not a shorter demo


EXTENDED = ("dwd", "open311", "sensorthings", "hystreet", "freifunk", "bnetza")


def test_a_later_build_appends_months_and_changes_nothing_before_them(tmp_path: Path) -> None:
    """Builds on two days share every byte of the base world; the later one appends files up to its last day, the
    same bytes whenever that day is built again."""
    base = generate_all(tmp_path / "base", only=EXTENDED, log=lambda s: None)
    later = generate_all(tmp_path / "later", only=EXTENDED, log=lambda s: None, last=dt.date(2026, 11, 30))
    again = generate_all(tmp_path / "again", only=EXTENDED, log=lambda s: None, last=dt.date(2026, 11, 30))
    for name in EXTENDED:
        old = {p.relative_to(tmp_path / "base"): p.read_bytes() for p in base[name]}
        new = {p.relative_to(tmp_path / "later"): p.read_bytes() for p in later[name]}
        assert {k: new[k] for k in old if k in new} == old, name  # the base files: unchanged
        assert set(new) > set(old), name  # and more of them
        assert new == {p.relative_to(tmp_path / "again"): p.read_bytes() for p in again[name]}, name  # deterministic
    # every extended series reaches the last day and not beyond
    dwd = [p for p in later["dwd"] if p.name.startswith("produkt_klima_tag_2026")]
    days = [ln.split(";")[1] for ln in dwd[0].read_text(encoding="ascii").splitlines()[1:]]
    assert (days[0], days[-1]) == ("20260101", "20261130")
    hours = [p for p in later["hystreet"] if p.name.endswith("_2026.csv")]
    assert hours and all(
        "30.11.2026" in p.read_text(encoding="utf-8").splitlines()[-1]
        or "2026-11-30" in p.read_text(encoding="utf-8").splitlines()[-1]
        for p in hours
    )
    requests = json.loads((tmp_path / "later" / "open311" / "requests_2026.json").read_text(encoding="utf-8"))
    stamps = sorted(q["requested_datetime"] for q in requests)
    assert stamps[0] >= "2026-01-01" and stamps[-1] < "2026-12-01"
    weeks = sorted(p.name for p in later["freifunk"])
    assert weeks[-1] <= "meshviewer_2026-11-30.json" and weeks[-1] >= "meshviewer_2026-11-24.json"
    assert {p.name for p in later["bnetza"]} - {p.name for p in base["bnetza"]} == {"Ladesaeulenregister_2026-04.csv"}


def test_catalogue_series_continue_with_their_season_and_growth(tmp_path: Path) -> None:
    series = {
        dt.date(2024 + (m - 1) // 12, (m - 1) % 12 + 1, 1): float(100 + 10 * (m > 12) + (m % 12 == 7) * 20) for m in range(1, 25)
    }
    more = continued(series, dt.date(2026, 8, 31))
    assert list(more) == [dt.date(2026, m, 1) for m in range(1, 9)]
    growth = sum(series[dt.date(2025, m, 1)] / series[dt.date(2024, m, 1)] for m in range(1, 13)) / 12
    assert more[dt.date(2026, 7, 1)] == round(series[dt.date(2025, 7, 1)] * growth)  # July's peak a year later
    assert more[dt.date(2026, 1, 1)] == round(series[dt.date(2025, 1, 1)] * growth)
    assert continued({dt.date(2025, 10, 1): 5.0, dt.date(2025, 11, 1): 7.0, dt.date(2025, 12, 1): 9.0}, dt.date(2026, 2, 28)) == {
        dt.date(2026, 1, 1): 9.0,
        dt.date(2026, 2, 1): 9.0,
    }  # shorter than a year: the last value held

    from openpyxl import load_workbook

    out = tmp_path / "katalog.xlsx"
    added = extend_catalogue(ROOT / "data" / "massnahmenkatalog.xlsx", out, dt.date(2026, 11, 30))
    rows = list(load_workbook(out)["Indikatorwerte"].iter_rows(min_row=2, values_only=True))
    last = {}
    for iid, start, _value, example in rows:
        last[iid] = max(last.get(iid, start), start)
        assert example == "ja"
    assert added == 7 * 11  # the seven monthly example series that end with December 2025, January to November
    assert last["opendata_abrufe"] == dt.datetime(2026, 11, 1)
    assert last["mieter_app_haushalte"] == dt.datetime(2024, 7, 1)  # the paused measure stays stale: that is its point


@pytest.mark.slow
@pytest.mark.parametrize("seed", [SEED, SEED + 1, SEED + 2])
def test_one_air_sensor_is_still_out_when_the_demo_ends(world: World, seed: int) -> None:
    """Whatever its random outages (another stream here), the sensor SILENT_AT_END sends nothing in the demo's last
    SILENT_DAYS days, so the demo's check always has a silent station; the others are unaffected by it."""
    sensors = {s.location: s for s in environment.air_sensors()}
    rows = environment.air_rows(world, sensors[environment.SILENT_AT_END], rng("sensorcommunity", seed))
    last_day = rows["ts"].max().date()  # type: ignore[union-attr]
    assert last_day <= environment.END - dt.timedelta(days=environment.SILENT_DAYS)
    assert rows.height > 10_000


def test_whole_demo_loads_every_file_as_demo_data_in_time(tmp_path: Path, etl_cli) -> None:
    """`etl demo` as a newcomer runs it, on a pinned day after the base: every file loads, and only the paused
    measure's indicator is "Daten veraltet" (issue #16, point 3)."""
    db = tmp_path / "demo.duckdb"
    t0 = time.perf_counter()
    res = etl_cli("demo", "--db", str(db), "--day", "2026-12-07")
    took = time.perf_counter() - t0
    assert res.returncode == 0, res.stderr[-3000:]
    assert took < 120, f"demo took {took:.0f} s"
    exports = ROOT / "data" / "demo" / "exports"
    files = sorted(p.name for p in exports.rglob("*") if p.is_file())
    con = duckdb.connect(str(db), read_only=True)
    logged = dict(
        con.execute("select file_name, bool_and(is_demo) from load_log where status <> 'rejected' group by 1").fetchall()
    )
    assert len(files) > 200
    assert [f for f in files if not logged.get(f)] == []  # every demo file loaded, each flagged as demo
    assert con.execute("select count(*) from station where not is_demo").fetchone()[0] == 0
    assert con.execute("select count(*) from rejected_row").fetchone()[0] >= 8  # the planted faulty rows
    kinds = {k for (k,) in con.execute("select distinct kind from load_log").fetchall()}
    assert {"ecocounter_csv", "hystreet_csv", "dwd_daily_kl", "open311", "freifunk_meshviewer"} <= kinds
    # `etl demo` ends with the demo's check (as of the morning after its last data): a silent sensor, a stale indicator
    standing = set(con.execute("select rule, subject from alert where resolved_at is null").fetchall())
    assert ("station_silent", f"sensorcommunity:{environment.SILENT_AT_END}") in standing
    assert "indicator_stale" in {rule for rule, _ in standing}
    assert "Demo-Alarm station_silent" in res.stdout
    last = con.execute("select max(ts)::date from observation where station_id like 'ecocounter:%'").fetchone()[0]
    assert last == dt.date(2026, 11, 30)
    con.close()
    from indicators import registry as indicators
    from indicators.status import indicator_status
    from indicators.store import Snapshot
    from publish import publish

    snap = Snapshot(publish(db, tmp_path / "snap.duckdb"))
    stale = {
        i.indicator_id
        for i in indicators.all_indicators(snap)
        if indicator_status(snap, i, today=dt.date(2026, 12, 7)).stale_since
    }
    assert stale == {"mieter_app_haushalte"}
