"""Figures built the same way everywhere: indicator series with baseline, target and the measure's start."""

from __future__ import annotations

from datetime import date

import plotly.io as pio
import polars as pl

from dashboard import format as fmt
from dashboard.content import indicator_text
from dashboard.i18n import _
from dashboard.status_display import compared_label, progress_sentence
from dashboard.theme import DASHES, MUTED, PALETTE, TARGET_COLOR
from indicators.registry import Indicator
from indicators.status import IndicatorStatus

MAX_POINTS = 2000


def indicator_figure(
    series: pl.DataFrame,
    ind: Indicator,
    *,
    measure_start: date | None,
    status: IndicatorStatus | None = None,
    label_values: bool = False,
    template: str | None = None,
) -> dict:
    """Built in one go from plain dicts: plotly's `add_hline`/`add_vline` cost ~10 ms per figure (a Handlungsfeld page
    has up to nine), the same shapes and annotations written out cost almost nothing.

    Target and baseline are the city's, drawn only with the city series' `status` (None: a station's series, which
    shows neither). The baseline drawn is the one progress compares (`status.compared_baseline`: the series' own value
    for the baseline period, over that period), never a catalogue value the series contradicts."""
    x = series["period_start"].to_list()
    y = series["value"].to_list()
    data: list[dict] = [
        dict(
            type="scatter",
            x=x,
            y=y,
            mode="lines+markers" if len(x) <= 60 else "lines",
            name=indicator_text(ind, "name"),
            line=dict(color=PALETTE[0], width=3 if label_values else 2, dash=DASHES[0]),
            hovertemplate="%{x|%d.%m.%Y}: %{y:,." + str(_hover_decimals(y, ind.unit)) + "f} " + _(ind.unit) + "<extra></extra>",
        )
    ]
    shapes: list[dict] = []
    annotations: list[dict] = []
    if label_values and x:
        last = len(x) - 1
        annotations.append(
            dict(
                x=x[last],
                y=y[last],
                text=f"<b>{fmt.number(y[last], fmt.decimals_for(y[last], ind.unit))}</b>",
                showarrow=False,
                yshift=22,
            )
        )
    if status is not None and ind.target_value is not None:
        # a horizontal line across the plot, labelled at its top left (as `add_hline(annotation_position="top left")`)
        shapes.append(
            dict(
                type="line",
                xref="x domain",
                x0=0,
                x1=1,
                yref="y",
                y0=ind.target_value,
                y1=ind.target_value,
                line=dict(color=TARGET_COLOR, dash="dash", width=2),
            )
        )
        annotations.append(
            dict(
                xref="x domain",
                x=0,
                yref="y",
                y=ind.target_value,
                xanchor="left",
                yanchor="bottom",
                showarrow=False,
                text=f"{_('Ziel')} {fmt.number(ind.target_value, fmt.decimals_for(ind.target_value, ind.unit))} "
                f"({fmt.day(ind.target_date)})",
            )
        )
    base = status.compared_baseline if status is not None else None
    if base is not None:
        label = compared_label(status.progress_basis, base) if status is not None else ""
        span = base.end > base.start and status is not None and status.progress_basis != "last_value"
        data.append(
            dict(
                type="scatter",
                x=[base.start, base.end] if span else [base.start],
                y=[base.value, base.value] if span else [base.value],
                mode="lines+markers" if span else "markers",
                name=f"{_('Basiswert')} ({label})",
                line=dict(color=PALETTE[1], width=4),
                marker=dict(symbol="diamond", size=12 if not span else 8, color=PALETTE[1], line=dict(color="#000", width=1)),
                hovertemplate=_("Basiswert") + f" ({label}): %{{y:,.{fmt.decimals_for(base.value, ind.unit)}f}}<extra></extra>",
            )
        )
    if measure_start is not None and x and min(x) <= measure_start <= max(x):
        shapes.append(
            dict(
                type="line",
                xref="x",
                x0=measure_start,
                x1=measure_start,
                yref="y domain",
                y0=0,
                y1=1,
                line=dict(color=MUTED, dash="dot", width=2),
            )
        )
        # at the foot of the line: the legend sits above the plot and the target's label at its top
        annotations.append(
            dict(
                x=measure_start,
                y=0,
                yref="paper",
                text=f"{_('Start Maßnahme')} {fmt.day(measure_start)}",
                showarrow=False,
                xanchor="left",
                yanchor="bottom",
                bgcolor="rgba(255,255,255,0.85)",
                font=dict(color=MUTED),
            )
        )
    layout: dict = dict(
        shapes=shapes,
        annotations=annotations,
        showlegend=base is not None,
        xaxis=x_axis(x),
        yaxis=dict(title=dict(text=_(ind.unit))),
        hovermode="x unified",
        separators=fmt.separators(),
    )
    # the figure as the plain dict that go.Figure would serialise to, with the theme written out as go.Figure does:
    # building a go.Figure costs ~1.3 ms even unvalidated (nine per Handlungsfeld page); a test compares both
    layout["template"] = template_json(template)
    return {"data": data, "layout": layout}


def x_axis(x: list[date]) -> dict:
    """Ticks that fit the data's interval: a series of yearly values (measured by the spacing of its points, not by how
    often it is updated: the charging register is read monthly but counted at each year's end) gets one tick per year
    labelled with the year, where plotly's automatic ticks put every second year; finer series keep plotly's date
    ticks, which already follow months and years."""
    gaps = sorted((b - a).days for a, b in zip(x, x[1:], strict=False))
    if not gaps or gaps[len(gaps) // 2] < 360:
        return {}
    # ticks on the points' own day of the year: a value counted on 31.12.2025 sits on the tick "2025", not beside "2026"
    return dict(dtick="M12" if len(x) <= 15 else "M24", tick0=x[0].isoformat(), tickformat="%Y", ticklabelmode="instant")


_TEMPLATES: dict[tuple[str, int], dict] = {}


def template_json(name: str | None = None) -> dict:
    """The plotly template `name` (default: the app's theme) as the JSON a go.Figure carries; made once per template."""
    name = name or pio.templates.default
    tpl = pio.templates[name]
    key = (name, id(tpl))
    hit = _TEMPLATES.get(key)
    if hit is None:
        hit = _TEMPLATES[key] = tpl.to_plotly_json()
    return hit


def series_headline(series: pl.DataFrame, ind: Indicator) -> str:
    """The chart's title as a message: the latest value in full (`zuletzt 5.160 …`), never cut at a thousands dot."""
    if series.is_empty():
        return indicator_text(ind, "name")
    last = series.row(-1, named=True)
    return _("{name}: zuletzt {value} ({day})").format(
        name=indicator_text(ind, "name"), value=fmt.value(last["value"], ind.unit), day=fmt.day(last["period_start"])
    )


def series_caption(series: pl.DataFrame, ind: Indicator, status: IndicatorStatus | None = None) -> str:
    """The chart's message in words: latest value, the change over the last year (`unverändert` when it rounds to
    zero) and, with the city series' `status`, the progress sentence (`progress_sentence`, the same status the badge
    shows)."""
    if series.is_empty():
        return _("{name}: noch keine Werte.").format(name=indicator_text(ind, "name"))
    last = series.row(-1, named=True)
    text = _("{name}: zuletzt {value} ({day}).").format(
        name=indicator_text(ind, "name"), value=fmt.value(last["value"], ind.unit), day=fmt.day(last["period_start"])
    )
    earlier = series.filter(pl.col("period_start") <= _minus_year(last["period_start"]))
    if not earlier.is_empty():
        prev = earlier.row(-1, named=True)
        if prev["value"]:
            text += " " + year_change(last["value"], prev["value"], ind.unit)
    if status is not None:
        text += " " + progress_sentence(status, ind.unit)
    return text


def year_change(current: float, previous: float, unit: str) -> str:
    """The change against a year earlier as a sentence; a change that rounds to 0,0 % is `unverändert`."""
    ch = (current - previous) / abs(previous) * 100
    prev = fmt.value(previous, unit)
    if fmt.is_unchanged(ch):
        return _("Das ist unverändert gegenüber einem Jahr zuvor ({prev}).").format(prev=prev)
    more = (
        _("Das sind {pct} mehr als ein Jahr zuvor ({prev}).")
        if ch > 0
        else _("Das sind {pct} weniger als ein Jahr zuvor ({prev}).")
    )
    return more.format(pct=fmt.percent(abs(ch)), prev=prev)


def _hover_decimals(values: list, unit: str) -> int:
    """The decimals of a series' hover label: those of its largest value (one precision for the whole series)."""
    finite = [abs(v) for v in values if v is not None and v == v]
    return fmt.decimals_for(max(finite) if finite else None, unit)


def _minus_year(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return d.replace(year=d.year - 1, day=28)


def series_table(series: pl.DataFrame, ind: Indicator) -> pl.DataFrame:
    return series.select(pl.col("period_start").alias(_("Zeitraum ab")), pl.col("value").alias(f"{_('Wert')} ({_(ind.unit)})"))
