"""Calendar of Hesse: public holidays (computed) and school holidays (from a file, where available)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from functools import cache
from pathlib import Path

DEFAULT_SCHOOL_HOLIDAYS = Path(__file__).resolve().parent.parent / "data" / "schulferien_hessen.csv"


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[date, str]:
    """Gesetzliche Feiertage in Hessen."""
    e = easter_sunday(year)
    return {
        date(year, 1, 1): "Neujahr",
        e - timedelta(days=2): "Karfreitag",
        e + timedelta(days=1): "Ostermontag",
        date(year, 5, 1): "Tag der Arbeit",
        e + timedelta(days=39): "Christi Himmelfahrt",
        e + timedelta(days=50): "Pfingstmontag",
        e + timedelta(days=60): "Fronleichnam",
        date(year, 10, 3): "Tag der Deutschen Einheit",
        date(year, 12, 25): "1. Weihnachtstag",
        date(year, 12, 26): "2. Weihnachtstag",
    }


def is_public_holiday(d: date) -> bool:
    return d in public_holidays(d.year)


def load_school_holidays(path: Path | None = None) -> list[tuple[date, date]]:
    """School holiday periods (`start,end[,name]` per line, ISO dates); empty when the file does not exist."""
    p = path or DEFAULT_SCHOOL_HOLIDAYS
    if not p.exists():
        return []
    out = []
    with p.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.append((date.fromisoformat(row["start"]), date.fromisoformat(row["end"])))
    return out


def in_periods(d: date, periods: list[tuple[date, date]]) -> bool:
    return any(a <= d <= b for a, b in periods)
