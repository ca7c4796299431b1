"""/datenqualitaet shows the alerts of `etl check`: the demo's standing ones (a silent sensor, a stale indicator), and on
a small warehouse an alert that started and ended, in its history; the public snapshot has none."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from app_support import demo_snapshot, open_page, public_snapshot, serve

from alerts.check import run_check
from alerts.config import parse_config
from etl.demo.environment import SILENT_AT_END
from etl.warehouse import connect
from indicators import quality
from indicators.store import Snapshot
from publish import publish

pytestmark = pytest.mark.browser

T0 = datetime(2026, 3, 10, 12, 0)


def test_demo_page_shows_a_silent_sensor_and_a_stale_indicator(browser) -> None:
    db = demo_snapshot()
    page, errors = open_page(browser, serve(db) + "/datenqualitaet", "#dq-abdeckung .main-svg")
    standing = page.inner_text("#dq-alarme")
    assert "Station sendet nicht" in standing and f"sensorcommunity:{SILENT_AT_END}" in standing
    assert "sendet seit" in standing and "keine Messwerte" in standing
    assert "Indikator veraltet" in standing and "Daten veraltet seit" in standing
    rows = page.locator("#dq-alarme tbody tr").count()
    assert rows == quality.alerts(Snapshot(db)).filter(quality.alerts(Snapshot(db))["resolved_at"].is_null()).height >= 2
    assert "Bestehende Alarme" in page.inner_text("h3:has-text('Bestehende Alarme')")
    assert page.locator("#dq-alarme-verlauf tbody tr").count() >= 2
    # the message is the German sentence that was sent: marked as German for screen readers on any page language
    assert page.locator("#dq-alarme tbody tr td[lang=de]").count() == rows
    assert errors == []
    page.close()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station silent from T0+49 h to T0+73 h (one ended alert) and one that stops for good (one standing)."""
    build = tmp_path_factory.mktemp("dq-alerts") / "w.duckdb"
    con = connect(build)
    con.execute(
        "insert into station values ('rad-1', 'bike_counter', 'Zählstelle Kaiserstraße', 50.1, 8.7, 'test', false, 1),"
        " ('rad-2', 'bike_counter', 'Zählstelle Hafen', 50.1, 8.7, 'test', false, 1)"
    )
    for sid in ("rad-1", "rad-2"):
        con.execute("insert into observation_hourly values (?, ?, 'bicycles', 1, 1, 1, 1, 1)", [sid, T0 - timedelta(hours=1)])
    con.close()
    cfg = parse_config({}, env={})
    run_check(build, cfg, now=T0 + timedelta(hours=49))
    con = connect(build)
    con.execute("insert into observation_hourly values ('rad-1', ?, 'bicycles', 1, 1, 1, 1, 1)", [T0 + timedelta(hours=72)])
    con.close()
    run_check(build, cfg, now=T0 + timedelta(hours=73))
    snap = publish(build, build.with_name("snap.duckdb"))
    publish(build, build.with_name("public.duckdb"), public=True)
    return snap


def test_history_shows_when_an_alert_ended(browser, small: Path) -> None:
    page, errors = open_page(browser, serve(small) + "/datenqualitaet", "#dq-alarme-verlauf")
    standing = page.inner_text("#dq-alarme")
    assert "rad-2" in standing and "rad-1" not in standing
    history = page.locator("#dq-alarme-verlauf tbody tr")
    assert history.count() == 2
    assert "rad-2" in history.nth(0).inner_text()  # newest first
    ended = page.inner_text("#dq-alarme-verlauf tbody tr:has-text('rad-1')")
    assert "12.03.2026 14:00" in ended  # resolved at T0 + 73 h, Berlin time (UTC+1)
    assert "keine Kanäle" in ended
    assert "besteht" in page.inner_text("#dq-alarme-verlauf tbody tr:has-text('rad-2')")
    assert errors == []
    page.close()


def test_public_snapshot_has_no_alerts(small: Path) -> None:
    public = Snapshot(small.with_name("public.duckdb"))
    assert not quality.has_alerts(public) and quality.alerts(public).is_empty()
    assert not Snapshot(public_snapshot()).has_table("alert")
    assert not Snapshot(public_snapshot()).has_table("alert_notification")
