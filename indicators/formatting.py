"""How every number looks to a reader, decided in one place by its unit and kind, in German (`1.234,5`) or English
(`1,234.5`).

The dashboard calls these functions through `dashboard.format`, which passes the reader's language; the sentences the
domain words itself (`indicators.labels.verdict_text`, the command line) call them directly. Nothing else formats a
number for a person (CSV downloads keep the data's own precision: `significant`).

The kind of a value follows from the indicator's unit (the catalogue's `Einheit`):

| kind | units | decimals | looks like |
|---|---|---|---|
| `count` | `Anzahl`, `Anzahl/Jahr`, and things per period (`Meldungen/Monat`, `Radfahrten/Tag`, `Tage/Jahr`) | none | `419`, `5.160 Radfahrten/Tag`, `Ziel 20.000` |
| `share` | `%` | one | `12,7 %` |
| `rate` | one thing per another (`Schüler*innen/Gerät`) | one | `4,8 Schüler*innen/Gerät` |
| `measure` | physical units (`kW`, `µg/m³`, `Stunden`, `°C`) | one | `18,8 µg/m³` |

and from the value itself: a rate or measure of 1.000 or more is shown without decimals (`20.000 kW`: a tenth of a
four-digit value is noise to a reader). A count's average (`Radfahrten/Tag` is a mean of daily counts) is still shown
as a count. `Anzahl` is no word a reader needs after a number: `419`, never `419,0 Anzahl`. Changes in per cent carry
one decimal, and a change that rounds to zero is `unverändert`, never `0,0 % weniger`. Both ends of an interval get
the same precision.
"""

from __future__ import annotations

import math
from typing import Literal

from indicators.texts import N_

Lang = Literal["de", "en"]
Kind = Literal["count", "share", "rate", "measure"]

# periods after a slash that make a unit a count per period (`Meldungen/Monat`); the numerator is then a count unless
# it is a physical unit (`Stunden/Winter` is a measure)
PERIODS = frozenset({"Tag", "Woche", "Monat", "Quartal", "Jahr", "Winter", "Schuljahr"})
PHYSICAL = frozenset(
    {"kW", "kWh", "MW", "MWh", "W", "µg/m³", "mg/m³", "ppm", "°C", "K", "mm", "cm", "m", "km", "km/h", "m/s", "t", "kg",
     "dB", "dB(A)", "hPa", "Stunden", "Minuten", "Sekunden", "h", "min", "€", "EUR", "VZÄ", "l", "m³"}
)  # fmt: skip
# the count units that say nothing a bare number does not: the number stands alone (`419`), or with its period
COUNT_WORDS: dict[str, str] = {
    "Anzahl": "",
    "Anzahl/Tag": N_("je Tag"),
    "Anzahl/Woche": N_("je Woche"),
    "Anzahl/Monat": N_("je Monat"),
    "Anzahl/Quartal": N_("je Quartal"),
    "Anzahl/Jahr": N_("je Jahr"),
}
MANY = 1000  # from here a rate or measure is shown without decimals


def kind_of(unit: str) -> Kind:
    """The kind of a value in `unit` (the table in the module's docstring)."""
    u = unit.strip()
    if u == "%":
        return "share"
    if u in COUNT_WORDS:
        return "count"
    if u in PHYSICAL:
        return "measure"
    if "/" in u:
        top, _, per = u.partition("/")
        if top in PHYSICAL:
            return "measure"
        return "count" if per in PERIODS else "rate"
    return "measure"


def decimals_for(v: float | int | None, unit: str) -> int:
    """How many decimals a value in `unit` is shown with."""
    kind = kind_of(unit)
    if kind == "count":
        return 0
    if kind == "share":
        return 1
    if v is not None and isinstance(v, int | float) and math.isfinite(v) and abs(v) >= MANY:
        return 0
    return 1


def number(v: float | int | None, decimals: int = 0, *, unit: str = "", lang: str = "de") -> str:
    """`v` with `decimals` decimals in the reader's language (`1.234,5` / `1,234.5`, a real minus sign), followed by
    `unit` after a no-break space; `–` for a missing value. A value that rounds to zero has no sign (`0`, not `−0`)."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    if round(float(v), decimals) == 0:
        v = 0.0 if isinstance(v, float) else 0
    s = f"{v:,.{decimals}f}"
    if lang != "en":
        s = s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    s = s.replace("-", "−")
    return f"{s}\u00a0{unit}" if unit else s


def plain(v: float | int | None, *, lang: str = "de") -> str:
    """A number of no known unit (a cell of a data table): a whole number without decimals, else one decimal below
    100 and none from there on."""
    if v is None or not math.isfinite(v):
        return number(v, lang=lang)
    return number(v, 0 if float(v).is_integer() or abs(v) >= 100 else 1, lang=lang)


def unit_word(unit: str) -> str:
    """What follows a number of `unit` (German; the dashboard translates it): `""` for `Anzahl`, `je Jahr` for
    `Anzahl/Jahr`, else the unit itself."""
    return COUNT_WORDS.get(unit.strip(), unit)


def value(v: float | int | None, unit: str, *, lang: str = "de", word: str | None = None, decimals: int | None = None) -> str:
    """A value of an indicator as a reader sees it: `419`, `5.160 Radfahrten/Tag`, `12,7 %`, `18,8 µg/m³`.

    `word` is the unit word to show (the dashboard passes the translated `unit_word(unit)`); `decimals` overrides the
    kind's precision (both ends of an interval: `interval`)."""
    d = decimals_for(v, unit) if decimals is None else decimals
    w = unit_word(unit) if word is None else word
    return number(v, d, unit=w, lang=lang)


def interval(
    lo: float | None, hi: float | None, unit: str = "", *, lang: str = "de", decimals: int | None = None
) -> tuple[str, str]:
    """Both ends of an interval with the same precision (the finer one the kind gives either end)."""
    if decimals is None:
        decimals = max(decimals_for(lo, unit), decimals_for(hi, unit))
    return number(lo, decimals, lang=lang), number(hi, decimals, lang=lang)


def percent(v: float | None, *, decimals: int = 1, sign: bool = False, lang: str = "de") -> str:
    """A percentage: `12,7 %`, with `sign` `+12,7 %` / `−4,0 %` (a value that rounds to zero: `0,0 %`, no sign)."""
    if v is None or not math.isfinite(v):
        return "–"
    s = number(v, decimals, lang=lang)
    if sign and round(v, decimals) > 0:
        s = "+" + s
    return s + "\u00a0%"


def is_unchanged(pct: float, decimals: int = 1) -> bool:
    """A change in per cent that rounds to zero at the precision it is shown with: say `unverändert`."""
    return round(abs(pct), decimals) == 0


SIGNIFICANT = 6  # the digits a download keeps of a computed value


def significant(v: float, digits: int = SIGNIFICANT) -> float:
    """`v` rounded to `digits` significant digits, never into its whole part: the precision a download keeps (a mean of
    counts stored as `5160.333333333333` becomes `5160.33`, `0.1 + 0.2` becomes `0.3`, `12345678.9` becomes
    `12345679.0`)."""
    if not math.isfinite(v) or v == 0:
        return v
    return round(v, max(0, digits - 1 - math.floor(math.log10(abs(v)))))
