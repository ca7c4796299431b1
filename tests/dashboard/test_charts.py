"""Indicator figures are plain dicts (cheaper than go.Figure); they must serialise exactly as the go.Figure would."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
from app_support import city_status

from dashboard import theme
from dashboard.charts import indicator_figure
from indicators.progress import Period
from indicators.registry import COMPUTED

CITY = city_status(950.0, 1100.5)  # the series' own annual means of 2019 and 2021


def test_dict_figure_serialises_like_the_go_figure() -> None:
    theme.register()
    ind = replace(
        next(iter(COMPUTED.values())),
        target_value=1200.0,
        target_date=date(2030, 12, 31),
        baseline_value=900.0,
        baseline_date=date(2019, 1, 1),
    )
    series = pl.DataFrame(
        {"period_start": [date(2019, 1, 1), date(2020, 1, 1), date(2021, 1, 1)], "value": [900.0, 1000.0, 1100.5]}
    )
    for template in (None, "wirkungsmonitor-projektor"):
        fig = indicator_figure(series, ind, measure_start=date(2020, 1, 1), status=CITY, template=template, label_values=True)
        layout = {k: v for k, v in fig["layout"].items() if k != "template"}
        expected = go.Figure(data=fig["data"], layout={**layout, **({"template": template} if template else {})})
        assert json.loads(pio.to_json(fig, validate=False)) == json.loads(expected.to_json())
        assert fig["layout"]["template"]["layout"]["separators"] == ",."  # the German theme, not plotly's default
        assert len(fig["layout"]["shapes"]) == 2 and len(fig["data"]) == 2


def test_baseline_is_the_one_progress_uses_and_a_station_gets_no_city_references() -> None:
    ind = replace(
        COMPUTED["rad_dtv"],
        target_value=9000.0,
        target_date=date(2030, 12, 31),
        baseline_value=1235.0,
        baseline_date=date(2019, 1, 1),
    )
    series = pl.DataFrame({"period_start": [date(2019, 1, 1), date(2021, 1, 1)], "value": [900.0, 1100.5]})
    city = indicator_figure(series, ind, measure_start=None, status=CITY)
    (base,) = [t for t in city["data"] if t["name"].startswith("Basiswert")]
    assert base["y"] == [950.0, 950.0] and base["x"] == [date(2019, 1, 1), date(2019, 12, 31)]  # over its year
    assert 1235.0 not in [y for t in city["data"] for y in t["y"]]  # the catalogue's contradicted value: never drawn
    assert [sh["y0"] for sh in city["layout"]["shapes"]] == [9000.0]
    station = indicator_figure(series, ind, measure_start=None, status=None)
    assert len(station["data"]) == 1 and station["layout"]["shapes"] == [] and station["layout"]["annotations"] == []


def test_ticks_fit_the_interval() -> None:
    """#16 point 13: a series of yearly values gets one labelled tick per year (whatever its update interval: the
    charging register is read monthly, counted at year end); a monthly one keeps plotly's date ticks."""
    theme.register()
    ind = next(iter(COMPUTED.values()))
    years = pl.DataFrame({"period_start": [date(y, 12, 31) for y in range(2015, 2026)], "value": [float(y) for y in range(11)]})
    annual = indicator_figure(years, replace(ind, update_interval="P1M"), measure_start=None)
    assert annual["layout"]["xaxis"] == {"dtick": "M12", "tick0": "2015-12-31", "tickformat": "%Y", "ticklabelmode": "instant"}
    # in a card (580 px) eleven years side by side do not fit: every second year (plotly would tilt them)
    assert indicator_figure(years, ind, measure_start=None, width=580)["layout"]["xaxis"]["dtick"] == "M24"
    # as do eight where the measure's start in the last year widens the axis to fit its label
    late = indicator_figure(years.tail(8), ind, measure_start=date(2025, 6, 30), width=580)
    assert late["layout"]["xaxis"]["dtick"] == "M24"
    assert indicator_figure(years.tail(8), ind, measure_start=None, width=580)["layout"]["xaxis"]["dtick"] == "M12"
    months = pl.DataFrame({"period_start": [date(2020 + m // 12, m % 12 + 1, 1) for m in range(48)], "value": [1.0] * 48})
    # plotly's own date ticks, no more than fit side by side (a month's label ~75 px)
    assert indicator_figure(months, ind, measure_start=None)["layout"]["xaxis"] == {"nticks": 12}
    assert indicator_figure(months, ind, measure_start=None, width=580)["layout"]["xaxis"] == {"nticks": 5}


def test_a_change_that_rounds_to_zero_is_unchanged() -> None:
    """The caption says `unverändert` where it once said "0,0 % weniger"; a real change keeps its percentage, and both
    follow the reader's language."""
    from flask import Flask

    from dashboard.charts import series_caption, year_change

    ind = next(iter(COMPUTED.values()))
    series = pl.DataFrame({"period_start": [date(2024, 12, 1), date(2025, 12, 1)], "value": [5160.2, 5160.0]})
    caption = series_caption(series, ind)
    assert "unverändert gegenüber einem Jahr zuvor" in caption and "0,0 %" not in caption
    assert year_change(5160.0, 5160.3, "Radfahrten/Tag") == (
        "Das ist unverändert gegenüber einem Jahr zuvor (5.160\u00a0Radfahrten/Tag)."
    )
    assert year_change(90.0, 100.0, "Anzahl") == "Das sind 10,0\u00a0% weniger als ein Jahr zuvor (100)."
    with Flask(__name__).test_request_context("/?lang=en"):
        assert (
            year_change(5160.0, 5160.3, "Radfahrten/Tag") == "That is unchanged from a year before (5,160\u00a0bike trips/day)."
        )
        assert year_change(11000.0, 10000.0, "kW") == "That is 10.0\u00a0% more than a year before (10,000\u00a0kW)."


def test_progress_sentence_counts_without_decimals_and_both_values_alike() -> None:
    from dashboard.status_display import progress_sentence

    st = replace(
        CITY,
        compared_baseline=Period(date(2020, 12, 31), date(2020, 12, 31), 115.0),
        compared_current=Period(date(2025, 12, 31), date(2025, 12, 31), 419.0),
        progress_basis="last_value",
    )
    text = progress_sentence(st, "Anzahl")
    assert "419 gegenüber" in text and text.endswith(": 115.") and "Anzahl" not in text
    st = replace(CITY, compared_current=Period(date(2021, 1, 1), date(2021, 12, 31), 1100.5))
    text = progress_sentence(st, "µg/m³")  # 950 and 1.100,5: one precision for both (the finer)
    assert "1.100,5\u00a0µg/m³" in text and "950,0\u00a0µg/m³" in text


def test_an_estimate_and_its_interval_share_one_precision() -> None:
    """Vorher-nachher: `+12 (Intervall −5,3 bis +140)` mixed 0 and 1 decimals; now all three carry the finest."""
    from types import SimpleNamespace

    from flask import Flask

    from pages.vorher_nachher.figures import effect_sentence

    r = SimpleNamespace(
        date="2022-04-01", effect_pct=4.0, ci_low_pct=-1.0, ci_high_pct=9.0, effect=120.0, ci_low=-5.3, ci_high=140.0,
        mean_before=3000.0,
    )  # fmt: skip
    text = effect_sentence(SimpleNamespace(result=r, unit="Radfahrten/Tag"))  # type: ignore[arg-type]
    assert "rund +120,0\u00a0Radfahrten/Tag (Intervall −5,3 bis +140,0)" in text, text
    assert "+4,0\u00a0% (95-%-Intervall −1,0\u00a0% bis +9,0\u00a0%)" in text
    with Flask(__name__).test_request_context("/?lang=en"):
        text = effect_sentence(SimpleNamespace(result=r, unit="Radfahrten/Tag"))  # type: ignore[arg-type]
    assert "−5.3" in text and "+140.0" in text and "+4.0\u00a0%" in text, text


def test_slide_values_follow_the_kind_and_the_language() -> None:
    from flask import Flask

    from pages.praesentation.figures import value_text

    assert (value_text(1_080_000.0, "Abrufe/Monat"), value_text(195.8, "Anzahl"), value_text(68.88, "%")) == (
        "1,08\u00a0Mio.",
        "196",
        "68,9\u00a0%",
    )
    with Flask(__name__).test_request_context("/?lang=en"):
        assert (value_text(1_080_000.0, "Abrufe/Monat"), value_text(5160.3, "Radfahrten/Tag")) == ("1.08\u00a0m", "5,160")
