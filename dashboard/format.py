"""Numbers, dates and times as a reader sees them, in the reader's language: `1.234,5` / `1,234.5`, `26.11.2026`,
times in Europe/Berlin.

How a number looks (its kind, decimals, unit word, `unverändert`) is decided in `indicators.formatting`, the one module
the domain's own sentences use too; the functions here pass it the reader's language (`dashboard.i18n.current_lang`)
and translate the unit words.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from dashboard.i18n import _, current_lang
from indicators import formatting
from indicators.formatting import decimals_for, is_unchanged, kind_of, significant

__all__ = [
    "BERLIN",
    "day",
    "decimals_for",
    "interval",
    "is_unchanged",
    "kind_of",
    "number",
    "percent",
    "plain",
    "separators",
    "significant",
    "timestamp",
    "unit_word",
    "value",
]

BERLIN = ZoneInfo("Europe/Berlin")


def number(v: float | int | None, decimals: int = 0, *, unit: str = "") -> str:
    """`v` with `decimals` decimals (`1.234,5`; English `1,234.5`), then `unit` after a no-break space."""
    return formatting.number(v, decimals, unit=unit, lang=current_lang())


def value(v: float | int | None, unit: str, *, decimals: int | None = None) -> str:
    """A value of an indicator with the precision of its kind and its unit word: `419`, `5.160 Radfahrten/Tag`,
    `12,7 %`, `18,8 µg/m³` (`indicators.formatting.value`)."""
    return formatting.value(v, unit, lang=current_lang(), word=unit_word(unit), decimals=decimals)


def plain(v: float | int | None) -> str:
    """A number of no known unit (a table cell): whole without decimals, else one decimal below 100."""
    return formatting.plain(v, lang=current_lang())


def unit_word(unit: str) -> str:
    """The translated word after a number of `unit`: nothing after `Anzahl`."""
    w = formatting.unit_word(unit)
    return _(w) if w else ""


def interval(lo: float | None, hi: float | None, unit: str = "", *, decimals: int | None = None) -> tuple[str, str]:
    """Both ends of an interval with the same precision."""
    return formatting.interval(lo, hi, unit, lang=current_lang(), decimals=decimals)


def percent(v: float | None, *, decimals: int = 1, sign: bool = False) -> str:
    """`12,7 %`; with `sign` `+12,7 %` / `−4,0 %`."""
    return formatting.percent(v, decimals=decimals, sign=sign, lang=current_lang())


def separators() -> str:
    """Plotly's `layout.separators` for the reader's language: decimal mark, then thousands separator."""
    return ".," if current_lang() == "en" else ",."


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
