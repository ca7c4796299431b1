"""An indicator chart is drawn once, not twice (issue #19): its margins are set for the tick labels and the legend
before the first draw (`dashboard.charts.first_draw_margin`), so that plotly's automargin has nothing to enlarge. Where
it had to, plotly drew the whole chart a second time (~50–70 ms of a first chart) and the chart jumped.

Checked in Chromium with the fonts it draws with: plotly's laid-out margins (`_fullLayout._size`) equal the margins
set, on the pages and for values from hundredths to tens of millions, negative ones, long legend names, yearly series
(whose ticks must not tilt), a measure's start that widens the axis, weeks of daily ticks (two lines), the card's
width and the projector's template. A too small estimate fails here."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import plotly.io as pio
import polars as pl
import pytest
from app_support import city_status, open_page

from dashboard import theme
from dashboard.charts import indicator_figure
from dashboard.components import EMBED_MARGIN, WIDTHS
from indicators.registry import COMPUTED

pytestmark = pytest.mark.browser

CHART = "#inhalt .js-plotly-plot .main-svg"
# per chart on the page: the margins set and those plotly laid out
LAID_OUT = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(g => ({
    set: g.layout.margin || null, laidOut: {l: g._fullLayout._size.l, t: g._fullLayout._size.t,
    r: g._fullLayout._size.r, b: g._fullLayout._size.b}}))"""
DRAW = """async ([fig, width]) => {
    const d = document.createElement('div'); d.style.width = width + 'px'; document.body.appendChild(d);
    await Plotly.newPlot(d, fig.data, fig.layout, {});
    const s = d._fullLayout._size; const out = {l: s.l, t: s.t, r: s.r, b: s.b};
    Plotly.purge(d); d.remove(); return out; }"""


def _figure(
    top: float,
    *,
    low: float = 0.0,
    name: str | None = None,
    template: str | None = None,
    width: int,
    times: list[date] | None = None,
    start: date = date(2020, 1, 1),
) -> dict:
    """A series from `low` to `top` (monthly over three years, or at `times`) with the city's baseline (legend above
    the plot), the target and the measure's `start`."""
    ind = replace(COMPUTED["rad_dtv"], target_value=top * 0.9, target_date=date(2030, 12, 31))
    if name is not None:
        ind = replace(ind, name=name)
    times = times or [date(2019 + m // 12, m % 12 + 1, 1) for m in range(36)]
    values = [low + (top - low) * i / max(len(times) - 1, 1) for i in range(len(times))]
    series = pl.DataFrame({"period_start": times, "value": values})
    fig = indicator_figure(
        series, ind, measure_start=start, status=city_status(values[len(values) // 5], values[-1]), template=template, width=width
    )
    return json.loads(pio.to_json(fig, validate=False))


@pytest.mark.parametrize(
    ("path", "variant"),
    [("/indikatoren/rad_dtv", "page"), ("/handlungsfeld/mobilitaet", "card"), ("/embed/rad_dtv", "embed")],
)
def test_the_pages_charts_are_laid_out_with_the_margins_set(browser, base_url: str, path: str, variant: str) -> None:
    page, errors = open_page(browser, base_url + path, CHART)
    charts = page.evaluate(LAID_OUT)
    indicator = [c for c in charts if c["set"] is not None]
    assert len(indicator) >= (2 if variant == "card" else 1), charts
    for c in indicator:
        assert c["laidOut"] == {k: c["set"][k] for k in ("l", "t", "r", "b")}, (path, c)
    if variant == "embed":  # the embed's own narrower bottom margin, kept where nothing needs more
        (c,) = indicator
        assert c["set"]["b"] == EMBED_MARGIN["b"] < 50
    assert errors == []
    page.close()


def test_any_magnitude_sign_legend_and_template_is_drawn_with_the_margins_set(browser, base_url: str) -> None:
    theme.register()
    page, errors = open_page(browser, base_url + "/embed/rad_dtv", CHART)  # a page with the served plotly.js
    cases = [
        {"top": top, "template": template}
        for template in (None, "wirkungsmonitor-projektor")
        for top in (0.08, 0.8, 4.5, 9.0, 45.0, 95.0, 950.0, 1234.0, 9500.0, 12345.0, 95000.0, 950000.0, 9.5e6, 1.2e7)
    ]
    years = [date(y, 1, 1) for y in range(2014, 2026)]
    cases += [
        {"top": 800.0, "low": -5000.0},  # negative values: a minus before the digits
        {"top": 12345.0, "name": "Tage über dem EU-Tagesgrenzwert PM10 an allen Messstellen der Stadt"},  # two rows
        {"top": 95.0, "name": "Anteil " * 20},  # a name wider than the card: a row of its own
        {"top": 17.0, "times": years},  # twelve yearly values in a card: every second year, not tilted labels
        {"top": 17.0, "times": years[2:], "start": date(2023, 1, 1)},  # the start's label widens the axis to 2028
        {"top": 5.0, "times": [date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)], "start": date(2025, 9, 29)},
        {"top": 5.0, "times": [date(2025, 1, 1) + timedelta(days=d) for d in range(0, 70, 7)]},  # day ticks, two lines
    ]
    for case in cases:
        fig = _figure(width=WIDTHS["card"], **case)  # type: ignore[arg-type]
        laid_out = page.evaluate(DRAW, [fig, WIDTHS["card"]])
        assert laid_out == {k: fig["layout"]["margin"][k] for k in ("l", "t", "r", "b")}, (case, laid_out)
    assert errors == []
    page.close()
