"""indicators/formatting.py: the one module that decides how a number looks, by its unit and kind, in German and
English (the dashboard reaches it through dashboard/format.py with the reader's language)."""

from __future__ import annotations

import math

import pytest

from indicators import formatting as f
from indicators.labels import pct_de


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("Anzahl", "count"),
        ("Anzahl/Jahr", "count"),
        ("Meldungen/Monat", "count"),
        ("Radfahrten/Tag", "count"),
        ("Tage/Jahr", "count"),
        ("%", "share"),
        ("Schüler*innen/Gerät", "rate"),
        ("kW", "measure"),
        ("µg/m³", "measure"),
        ("Stunden", "measure"),
        ("Stunden/Winter", "measure"),  # a physical unit per period stays a measure
    ],
)
def test_kind_of_the_catalogue_units(unit: str, kind: str) -> None:
    assert f.kind_of(unit) == kind


@pytest.mark.parametrize(
    ("v", "unit", "de", "en"),
    [
        (419.0, "Anzahl", "419", "419"),  # never "419,0 Anzahl"
        (195.8, "Anzahl", "196", "196"),  # a mean of a count is still shown as a count
        (642.0, "Meldungen/Monat", "642\u00a0Meldungen/Monat", "642\u00a0Meldungen/Monat"),
        (5159.967741935484, "Radfahrten/Tag", "5.160\u00a0Radfahrten/Tag", "5,160\u00a0Radfahrten/Tag"),
        (12, "Anzahl/Jahr", "12\u00a0je Jahr", "12\u00a0je Jahr"),  # the dashboard passes the translated word
        (12.66, "%", "12,7\u00a0%", "12.7\u00a0%"),
        (44.0, "%", "44,0\u00a0%", "44.0\u00a0%"),
        (2.7, "Schüler*innen/Gerät", "2,7\u00a0Schüler*innen/Gerät", "2.7\u00a0Schüler*innen/Gerät"),
        (16.07893931491624, "µg/m³", "16,1\u00a0µg/m³", "16.1\u00a0µg/m³"),
        (20000, "kW", "20.000\u00a0kW", "20,000\u00a0kW"),  # "Ziel 20.000": no decimal of a five-digit value
        (-4.26, "µg/m³", "−4,3\u00a0µg/m³", "−4.3\u00a0µg/m³"),
        (None, "%", "–", "–"),
        (math.nan, "Anzahl", "–", "–"),
    ],
)
def test_value_by_unit_in_german_and_english(v: float | None, unit: str, de: str, en: str) -> None:
    assert f.value(v, unit) == de
    assert f.value(v, unit, lang="en") == en


def test_number_in_german_and_english() -> None:
    assert f.number(9000, 1) == "9.000,0"
    assert f.number(9000, 1, lang="en") == "9,000.0"
    assert f.number(1234567.891, 2, lang="en") == "1,234,567.89"
    assert f.number(-0.04, 1) == "0,0"  # no "−0,0"
    assert f.number(3, unit="kW") == "3\u00a0kW"


def test_interval_ends_share_their_precision() -> None:
    # 950 would get one decimal and 1.050 none: both ends get the finer one
    assert f.interval(950.26, 1050.0, "µg/m³") == ("950,3", "1.050,0")
    assert f.interval(950.26, 1050.0, "µg/m³", lang="en") == ("950.3", "1,050.0")
    assert f.interval(3.0, 12.0, "Anzahl") == ("3", "12")
    assert f.interval(-1.234, 5.0, decimals=2) == ("−1,23", "5,00")


def test_percent_and_unchanged() -> None:
    assert f.percent(12.66) == "12,7\u00a0%"
    assert f.percent(12.66, lang="en") == "12.7\u00a0%"
    assert f.percent(4.5, sign=True) == "+4,5\u00a0%"
    assert f.percent(-4.0, sign=True) == "−4,0\u00a0%"
    assert f.percent(0.04, sign=True) == "0,0\u00a0%"  # neither "+0,0 %" nor "−0,0 %"
    assert f.is_unchanged(0.04) and f.is_unchanged(-0.049) and not f.is_unchanged(0.05)
    # the verdicts' percentages are the module's (German on the command line, English through the dashboard)
    assert pct_de(-4.0) == "−4,0\u00a0%" and pct_de(12.34, lang="en") == "+12.3\u00a0%"


def test_plain_numbers_of_a_table() -> None:
    assert f.plain(5.0) == "5" and f.plain(23.25) == "23,2" and f.plain(5160.33) == "5.160" and f.plain(7) == "7"
    assert f.plain(23.25, lang="en") == "23.2"


def test_significant_keeps_the_data_precision() -> None:
    assert f.significant(5160.333333333333) == 5160.33
    assert f.significant(0.1 + 0.2) == 0.3
    assert f.significant(12345678.9) == 12345679.0  # never into the whole part
    assert f.significant(-0.000123456789) == -0.000123457
    assert f.significant(0.0) == 0.0
