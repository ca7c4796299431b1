"""German formats for everything a person reads: `1.234,5`, `26.11.2026`, times in Europe/Berlin."""

from __future__ import annotations

import math
from datetime import date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def number(v: float | int | None, decimals: int = 0, *, unit: str = "") -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    s = f"{v:,.{decimals}f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    s = s.replace("-", "−")
    return f"{s}\u00a0{unit}" if unit else s


def day(d: date | datetime | None) -> str:
    if d is None:
        return "–"
    if isinstance(d, datetime):
        if d.tzinfo is None:  # warehouse timestamps are UTC
            d = d.replace(tzinfo=ZoneInfo("UTC"))
        d = d.astimezone(BERLIN)
    return f"{d:%d.%m.%Y}"


def timestamp(d: datetime | None) -> str:
    if d is None:
        return "–"
    if d.tzinfo is None:
        d = d.replace(tzinfo=ZoneInfo("UTC"))
    return f"{d.astimezone(BERLIN):%d.%m.%Y %H:%M}"
