"""Progress compares like with like: the declared basis turns a series into the baseline period's value and the latest
complete period's value, counted in whole periods (Statistics Canada / Open SDG), and a seasonal series is judged by
its annual means, not by December against a yearly baseline."""

from __future__ import annotations

import math
from datetime import date

import pytest

from indicators.progress import BASES, compare, default_basis, progress


def monthly(first_year: int, last: date, annual_means: dict[int, float], *, season: float = 0.3) -> list[tuple[date, float]]:
    """A monthly series with a strong seasonal wave (peak in July, low in December-January) around given annual means."""
    out = []
    for year, mean in annual_means.items():
        for m in range(1, 13):
            d = date(year, m, 1)
            if year >= first_year and d <= last:
                out.append((d, mean * (1 + season * math.cos(2 * math.pi * (m - 7) / 12))))
    return out


def status_of(values: list[tuple[date, float]], *, basis: str, interval: str = "P1M", direction: str = "increase", **kw) -> str:
    c = compare(
        values,
        basis=basis,
        update_interval=interval,
        baseline_value=kw.get("baseline_value"),
        baseline_date=kw.get("baseline_date", date(2021, 1, 1)),
        target_date=kw.get("target_date"),
    )
    p = progress(
        direction=direction,
        baseline_value=c.baseline.value if c.baseline else None,
        current_value=c.current.value if c.current else None,
        years=c.years,
        target_value=kw.get("target_value"),
        target_years=c.target_years,
    )
    return p.status


MEANS = {
    "rising": {2021: 6900, 2022: 7200, 2023: 7500, 2024: 7800, 2025: 8100},
    "flat": {y: 6900 for y in range(2021, 2026)},
    "falling": {2021: 6900, 2022: 6700, 2023: 6500, 2024: 6300, 2025: 6100},
}


@pytest.mark.parametrize(
    ("trend", "expected"), [("rising", "substantial_progress"), ("flat", "limited_progress"), ("falling", "deterioration")]
)
@pytest.mark.parametrize("basis", ["annual_mean", "rolling_12m", "annual_sum"])
def test_seasonal_series_rising_flat_falling(trend: str, expected: str, basis: str) -> None:
    """Ending in December, the lowest month: December against the yearly baseline said "deterioration" even for the
    rising series; the annual (or 12-month) basis says what the year did."""
    values = monthly(2021, date(2025, 12, 1), MEANS[trend])
    assert values[-1][1] < 6900  # the last value alone lies below the baseline in every case
    assert status_of(values, basis=basis) == expected
    # with a catalogue baseline of 6 900 and the city's target 9 000 by 31.12.2030: never deterioration when rising
    with_target = status_of(
        values,
        basis=basis,
        baseline_value=6900 * (12 if basis == "annual_sum" else 1),
        target_value=9000 * (12 if basis == "annual_sum" else 1),
        target_date=date(2030, 12, 31),
    )
    assert (with_target == "deterioration") == (trend == "falling"), with_target
    if trend == "rising":
        assert with_target in ("substantial_progress", "moderate_progress")


def test_last_value_on_a_seasonal_series_is_what_the_old_rule_did() -> None:
    """The reason for the basis column: the latest December against the yearly baseline reads as decline."""
    values = monthly(2021, date(2025, 12, 1), MEANS["rising"])
    assert status_of(values, basis="last_value", baseline_value=6900, baseline_date=date(2020, 1, 1)) == "deterioration"


def test_annual_mean_uses_complete_years_only() -> None:
    values = monthly(2021, date(2026, 5, 1), {**MEANS["rising"], 2026: 100})  # 2026: five months, far below
    c = compare(values, basis="annual_mean", update_interval="P1M", baseline_value=None, baseline_date=date(2021, 1, 1))
    assert c.current is not None and c.current.start == date(2025, 1, 1) and c.current.end == date(2025, 12, 31)
    assert c.current.value == pytest.approx(8100) and c.baseline is not None and c.baseline.value == pytest.approx(6900)
    assert (c.years, c.baseline_source) == (4.0, "series")


def test_annual_sum_adds_the_year() -> None:
    values = [(date(y, m, 1), 10.0 + (y - 2022)) for y in (2022, 2023) for m in range(1, 13)]
    c = compare(values, basis="annual_sum", update_interval="P1M", baseline_value=None, baseline_date=date(2022, 6, 1))
    assert (c.baseline.value, c.current.value, c.years) == (120.0, 132.0, 1.0)  # type: ignore[union-attr]


def test_rolling_12m_compares_the_latest_12_months_with_the_12_from_the_baseline_month() -> None:
    values = [(date(2022, 4, 1), 0.0)] + [(date(2022 + (m - 1) // 12, (m - 1) % 12 + 1, 1), float(m)) for m in range(5, 41)]
    # months 2022-05 … 2025-04 with values 5 … 40; the April 2022 value is missing
    c = compare(
        values,
        basis="rolling_12m",
        update_interval="P1M",
        baseline_value=7.0,
        baseline_date=date(2022, 5, 15),
        target_date=date(2026, 12, 31),
    )
    assert c.baseline is not None and (c.baseline.start, c.baseline.end) == (date(2022, 5, 1), date(2023, 4, 30))
    assert c.baseline.value == pytest.approx(sum(range(5, 17)) / 12) and c.baseline_source == "series"
    assert c.current is not None and (c.current.start, c.current.end) == (date(2024, 5, 1), date(2025, 4, 30))
    assert c.current.value == pytest.approx(sum(range(29, 41)) / 12)
    assert c.years == 2.0
    assert c.target_years == 44 / 12  # to the window January–December 2026, which holds the target date
    assert c.catalogue_deviation is not None  # 7 against the series' 10.5


def test_last_value_takes_the_period_holding_the_baseline_date() -> None:
    """A stock stamped at year end (charging points on 31.12.) holds the 1 January after it."""
    values = [(date(y, 12, 31), float(v)) for y, v in ((2019, 80), (2020, 115), (2021, 160), (2025, 419))]
    c = compare(
        values,
        basis="last_value",
        update_interval="P1M",
        baseline_value=170,
        baseline_date=date(2021, 1, 1),
        target_date=date(2030, 12, 31),
    )
    assert c.baseline is not None and (c.baseline.start, c.baseline.value, c.baseline_source) == (
        date(2020, 12, 31),
        115.0,
        "series",
    )
    assert c.series_baseline == 115.0 and c.catalogue_deviation == pytest.approx(55 / 115)
    assert (c.years, c.target_years) == (5.0, 10.0)


def test_catalogue_baseline_only_where_the_series_lacks_the_period() -> None:
    values = monthly(2023, date(2025, 12, 1), MEANS["rising"])  # starts 2023: no 2021 in the series
    c = compare(values, basis="annual_mean", update_interval="P1M", baseline_value=6900, baseline_date=date(2021, 1, 1))
    assert c.baseline_source == "catalogue" and c.baseline is not None and c.baseline.value == 6900
    assert c.series_baseline is None and c.catalogue_deviation is None
    close = compare(
        monthly(2021, date(2025, 12, 1), MEANS["rising"]),
        basis="annual_mean",
        update_interval="P1M",
        baseline_value=6950,
        baseline_date=date(2021, 1, 1),
    )
    assert close.catalogue_deviation is None and close.baseline is not None and close.baseline.value == pytest.approx(6900)


def test_years_are_counted_between_periods_as_statistics_canada() -> None:
    """Baseline year 2018, target "by 31.12.2026": 8 years (not 9.0 between 1.1.2018 and 31.12.2026), so 100 → 112
    in 2024 against 130 is limited progress (R ≈ 0.57), not moderate (R ≈ 0.64 over 9 years)."""
    values = [(date(y, 1, 1), 100 + 2.0 * (y - 2018)) for y in range(2018, 2025)]
    c = compare(
        values,
        basis="last_value",
        update_interval="P1Y",
        baseline_value=100,
        baseline_date=date(2018, 1, 1),
        target_date=date(2026, 12, 31),
    )
    assert (c.years, c.target_years) == (6.0, 8.0)
    assert (
        status_of(
            values,
            basis="last_value",
            interval="P1Y",
            baseline_value=100,
            baseline_date=date(2018, 1, 1),
            target_value=130,
            target_date=date(2026, 12, 31),
        )
        == "limited_progress"
    )


def test_default_basis_follows_the_interval() -> None:
    assert [default_basis(i) for i in ("P1D", "P1W", "P1M", "P3M", "P1Y", "P2Y")] == [
        "annual_mean",
        "annual_mean",
        "annual_mean",
        "annual_mean",
        "last_value",
        "last_value",
    ]
    assert set(BASES) == {"annual_mean", "rolling_12m", "last_value", "annual_sum"}
    with pytest.raises(ValueError, match="basis"):
        compare([], basis="median", update_interval="P1M", baseline_value=None, baseline_date=None)
