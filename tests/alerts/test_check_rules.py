"""Each rule of `etl check` (indicators/checks.py) on a small hand-made warehouse: what it finds and what it leaves alone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from alerts.config import ConfigError, parse_config
from etl.warehouse import connect
from indicators import quality
from indicators.checks import Rule, default_rules, evaluate
from indicators.queries import sql
from indicators.store import Snapshot

NOW = datetime(2026, 3, 10, 12, 0)


def findings(db: Path, rules: list[Rule] | None = None, now: datetime = NOW) -> dict[tuple[str, str], dict]:
    snap = Snapshot(db)
    try:
        ev = evaluate(snap, rules if rules is not None else default_rules(), now=now)
    finally:
        snap.close()
    assert not ev.errors, ev.errors
    return {(f.rule, f.subject): f.facts for f in ev.findings}


def station(con: duckdb.DuckDBPyConnection, sid: str, kind: str, *hours_ago: float) -> None:
    con.execute("insert into station values (?, ?, ?, null, null, 'test', false, 1)", [sid, kind, f"Station {sid}"])
    for h in hours_ago:
        con.execute("insert into observation_hourly values (?, ?, 'm', 1, 1, 1, 1, 1)", [sid, NOW - timedelta(hours=h)])


def test_station_silent_per_kind(db: Path) -> None:
    con = connect(db)
    station(con, "bike-old", "bike_counter", 100, 50)  # bicycles: 48 h by default
    station(con, "bike-new", "bike_counter", 100, 10)
    station(con, "air", "air_quality", 50)  # air quality: 72 h
    station(con, "never", "bike_counter")  # nothing to miss yet
    station(con, "future", "weather", 200, -5)  # a reading after `now` does not count (a check of the past)
    con.close()
    found = findings(db)
    assert set(found) == {("station_silent", "bike-old"), ("station_silent", "future")}
    assert found[("station_silent", "bike-old")]["hours"] == 50 and found[("station_silent", "bike-old")]["limit"] == 48
    # a configured kind overrides its default; `enabled = false` switches the rule off for that kind
    cfg = parse_config(
        {
            "rule": [
                {"rule": "station_silent", "kind": "air_quality", "hours": 24},
                {"rule": "station_silent", "kind": "weather", "enabled": False},
            ]
        },
        env={},
    )
    assert set(findings(db, cfg.rules)) == {("station_silent", "bike-old"), ("station_silent", "air")}


def test_indicator_stale_is_the_pages_staleness(db: Path) -> None:
    con = connect(db)
    con.execute(
        "insert into indicator (indicator_id, measure_id, name, unit, ioo_level, direction, update_interval, is_public,"
        " is_example) values ('monatlich', 'm', 'Monatlich', 'Anzahl', 'output', 'increase', 'P1M', true, false),"
        " ('frisch', 'm', 'Frisch', 'Anzahl', 'output', 'increase', 'P1M', true, false)"
    )
    con.execute(
        "insert into indicator_value values ('monatlich', date '2025-11-01', 1, false, 1), ('frisch', date '2026-02-01', 1, false, 1)"
    )
    con.close()
    found = findings(db)
    assert set(found) == {("indicator_stale", "monatlich")}
    assert found[("indicator_stale", "monatlich")]["stale_since"] == date(2026, 2, 1)
    snap = Snapshot(db)
    assert [s.indicator_id for s in quality.stale_indicators(snap, today=NOW.date())] == ["monatlich"]
    snap.close()


def requests(con: duckdb.DuckDBPyConnection, n: int, missed: int, *, category: str = "Wilder Müll", days_ago: float = 4) -> None:
    start = con.execute("select count(*) from service_request").fetchone()[0]
    for i in range(n):
        at = NOW - timedelta(days=days_ago, minutes=i)
        closed = at + timedelta(hours=60 if i < missed else 20)
        con.execute(
            "insert into service_request (request_id, category, requested_at, closed_at, load_id) values (?, ?, ?, ?, 1)",
            [f"r{start + i}", category, at, None if i == 0 and missed else closed],
        )


@pytest.mark.parametrize(
    ("n", "missed", "alert"),
    [(20, 3, True), (20, 2, False), (9, 9, False)],  # 15 % > 10 %; exactly 10 % is allowed; fewer than 10 reports: no verdict
)
def test_cleanup_48h(db: Path, n: int, missed: int, alert: bool) -> None:
    con = connect(db)
    requests(con, n, missed)
    requests(con, 20, 20, category="Straßenschaden")  # not a cleanliness report
    requests(con, 20, 20, days_ago=1)  # younger than 48 hours: not yet judged
    requests(con, 20, 20, days_ago=10)  # before last week
    con.close()
    found = findings(db)
    assert (("cleanup_48h", "48h-dreck-weg-plus") in found) is alert
    if alert:
        assert found[("cleanup_48h", "48h-dreck-weg-plus")]["missed"] == missed
        assert found[("cleanup_48h", "48h-dreck-weg-plus")]["n"] == n


def test_cleanup_filter_is_the_indicators() -> None:
    line = [x for x in sql("cleanliness_monthly").splitlines() if "similar to" in x][0].strip()
    assert line.lstrip("and ") in sql("check_cleanup_48h")


def test_pm10_exceedance_days_of_this_year(db: Path) -> None:
    con = connect(db)
    for sid, days in (("laut", 36), ("grenze", 35)):
        con.execute("insert into station values (?, 'air_quality', ?, null, null, 'test', false, 1)", [sid, sid])
        for d in range(days):
            con.execute(
                "insert into observation_daily values (?, ?, 'pm10', 24, 0, 0, 0, 55.0)",
                [sid, datetime(2026, 1, 1) + timedelta(days=d)],
            )
        # last year's exceedances and clean days do not count
        for d in range(40):
            con.execute(
                "insert into observation_daily values (?, ?, 'pm10', 24, 0, 0, 0, 80.0)",
                [sid, datetime(2025, 1, 1) + timedelta(days=d)],
            )
        con.execute("insert into observation_daily values (?, timestamp '2026-03-01', 'pm10', 24, 0, 0, 0, 50.0)", [sid])
    con.close()
    found = findings(db)
    assert set(found) == {("pm10_exceedance", "laut")}
    assert found[("pm10_exceedance", "laut")]["days"] == 36 and found[("pm10_exceedance", "laut")]["year"] == 2026


def test_load_failed_until_the_file_loads(db: Path) -> None:
    con = connect(db)
    log = "insert into load_log (load_id, file_name, sha256, kind, rows_in, rows_loaded, rows_rejected, status, message, loaded_at) values (?, ?, ?, 'x', 0, 0, 0, ?, 'kaputt', ?)"
    con.execute(log, [1, "a.csv", "1", "rejected", NOW - timedelta(hours=2)])
    con.execute(log, [2, "b.csv", "2", "rejected", NOW - timedelta(hours=5)])
    con.execute(log, [3, "b.csv", "3", "loaded", NOW - timedelta(hours=1)])  # loaded since: over
    con.execute(log, [4, "c.csv", "4", "rejected", NOW - timedelta(days=8)])  # older than a week
    con.close()
    found = findings(db)
    assert set(found) == {("load_failed", "a.csv")}
    assert found[("load_failed", "a.csv")]["error"] == "kaputt"


def test_sync_failed_read_only_when_the_table_exists(db: Path) -> None:
    con = connect(db)
    con.execute("drop table sync_state")  # a warehouse from before `etl sync`: the rule has nothing to read
    con.close()
    assert findings(db) == {}
    con = connect(db)  # the schema creates sync_state again: empty until `etl sync` runs
    con.close()
    assert findings(db) == {}
    con = connect(db)
    con.execute(
        "insert into sync_state values ('dwd', null, ?, ?, 'HTTP 500', 0), ('hystreet', null, ?, ?, null, 5),"
        " ('open311', null, ?, null, 'Zeitüberschreitung', 0)",
        [NOW - timedelta(hours=1), NOW - timedelta(days=1), NOW, NOW, NOW - timedelta(hours=1)],
    )
    con.close()
    assert set(findings(db)) == {("sync_failed", "dwd"), ("sync_failed", "open311")}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"rule": [{"rule": "station_quiet"}]}, "rule = 'station_quiet' ist unbekannt"),
        ({"rule": [{"rule": "cleanup_48h", "max_missed": 5}]}, "unbekannter Schlüssel 'max_missed'"),
        ({"rule": [{"rule": "pm10_exceedance", "kind": "air_quality"}]}, "unbekannter Schlüssel 'kind'"),
        ({"rule": [{"rule": "load_failed", "hours": "viele"}]}, "hours muss eine Zahl"),
        ({"alerts": {"smtp": {"host": "h", "from": "a@b", "to": "c@d", "password_env": "WM_X", "user_env": "WM_U"}}}, "WM_U"),
        ({"alerts": {"webhook": {"url": "https://x", "format": "irc"}}}, "format = 'irc' ist unbekannt"),
        ({"alerts": {"pager": {}}}, "unbekannter Schlüssel 'pager'"),
    ],
)
def test_config_errors_name_the_key(data: dict, error: str) -> None:
    with pytest.raises(ConfigError, match=error):
        parse_config(data, env={})


def test_config_ignores_the_sync_tables_and_takes_secrets_from_the_environment() -> None:
    cfg = parse_config(
        {
            "source": [{"name": "dwd", "type": "dwd_cdc"}],  # `etl sync`'s tables are not read here
            "alerts": {
                "smtp": {"host": "smtp", "from": "a@b.de", "to": ["c@d.de"], "user_env": "WM_U", "password_env": "WM_P"},
                "webhook": {"url_env": "WM_HOOK", "format": "slack"},
            },
        },
        env={"WM_U": "wm", "WM_P": "geheim", "WM_HOOK": "https://hooks.example/T/secret"},
    )
    assert cfg.smtp is not None and cfg.smtp.password == "geheim" and cfg.smtp.starttls and cfg.smtp.port == 587
    assert cfg.webhook is not None and cfg.webhook.url.endswith("/secret")
    assert "geheim" not in repr(cfg) and "secret" not in repr(cfg)
    assert cfg.channels == ("smtp", "webhook")
    assert {r.rule for r in cfg.rules} == {r.rule for r in default_rules()}
