"""The demo's check: the rules of `data/demo/alerts.toml` as of the morning after the demo's last data (the demo is
dated, so `now` comes from its data, not from the clock); no channels, nothing is sent."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from alerts.check import run_check
from alerts.config import load_config
from etl.warehouse import connect

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEMO_RULES = PROJECT_ROOT / "data" / "demo" / "alerts.toml"
MORNING_AFTER = timedelta(days=1, hours=6)


def demo_now(db: Path) -> datetime:
    """06:00 UTC of the day after the latest reading in the demo warehouse."""
    con = connect(db, read_only=True)
    try:
        row = con.execute("select max(period_start) from observation_hourly").fetchone()
    finally:
        con.close()
    if not row or row[0] is None:
        raise ValueError(f"{db}: keine Messwerte, kein Zeitpunkt für die Prüfung der Demo")
    last: datetime = row[0]
    return datetime(last.year, last.month, last.day) + MORNING_AFTER


def check_demo(db: Path, *, wait: float = 0.0) -> int:
    """Run the demo's check; prints the alerts it leaves standing. Returns 0 (standing alerts are the demo's point)."""
    now = demo_now(db)
    result = run_check(db, load_config(DEMO_RULES, env={}), now=now, wait=wait, channels={})
    for a in result.standing:
        print(f"Demo-Alarm {a.rule} {a.subject}: {a.message}")
    print(f"Prüfung der Demo zum {now:%d.%m.%Y %H:%M} UTC: {len(result.standing)} Alarme bestehen (/datenqualitaet)")
    return 1 if result.rule_errors else 0
