"""Figures built the same way everywhere: indicator series with baseline, target and the measure's start."""

from __future__ import annotations

import math
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
    width: int = 1200,
    margin: dict[str, int] | None = None,
) -> dict:
    """`width`: the width in pixels the chart is laid out for (its legend's rows); `margin`: margins other than the
    theme's (an embed's narrower ones). The margins are set for a first draw in one pass (`first_draw_margin`).

    Built in one go from plain dicts: plotly's `add_hline`/`add_vline` cost ~10 ms per figure (a Handlungsfeld page
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
        xaxis={},
        yaxis=dict(title=dict(text=_(ind.unit))),
        hovermode="x unified",
        separators=fmt.separators(),
    )
    # the figure as the plain dict that go.Figure would serialise to, with the theme written out as go.Figure does:
    # building a go.Figure costs ~1.3 ms even unvalidated (nine per Handlungsfeld page); a test compares both
    layout["template"] = template_json(template)
    drawn = [*y, *([ind.target_value] if status is not None and ind.target_value is not None else [])]
    times = [t for trace in data for t in trace["x"]]  # the time axis spans every trace (the baseline's period too)
    span = (min(times), max(times)) if times else None
    layout["margin"] = first_draw_margin(
        drawn + ([base.value] if base is not None else []),
        layout["template"],
        legend=[t["name"] for t in data] if layout["showlegend"] else [],
        width=width,
        margin=margin,
        days=(span[1] - span[0]).days if span else 0,
    )
    plot = width - layout["margin"]["l"] - layout["margin"]["r"]
    scale = layout["template"]["layout"].get("font", {}).get("size", 14) / 14
    start_label = next((a for a in annotations if a.get("yref") == "paper"), None)  # the measure's start, if drawn
    note = (measure_start, len(start_label["text"]) * _ENTRY_CHAR_PX * scale) if start_label and measure_start else None
    layout["xaxis"] = x_axis(x, plot_width=plot, scale=scale, span=span, note=note)
    return {"data": data, "layout": layout}


# What plotly's automargin makes of the margins, measured in Chromium with the theme's font (system-ui, 14 px). Left,
# for the y axis's tick labels and title: `100` 65 px, `1.000` 78 px, `10.000` 87 px, `1.000.000` 109 px, `0,08` 69 px,
# at 24 px (projector) `100` 98 px, `1.000` 121 px: a base, then per digit and per separator, all growing with the size.
# Top, for the horizontal legend above the plot: ~20 px per row (30 → 50, two rows 69); an entry is its symbol and
# its name (`Heiße Tage` 120 px, `Basiswert (Jahresmittel 2021)` 250 px), a row as wide as the plot area.
_AXIS_BASE_PX, _DIGIT_PX, _SEPARATOR_PX, _SAFETY = 38, 9, 4, 1.06
_ENTRY_BASE_PX, _ENTRY_CHAR_PX, _ENTRY_GAP_PX, _ROW_PER_SIZE = 44, 7.6, 6, 1.45
# right, for the last time tick's label: `Jan. 2026` pushed 20 to 30 px; bottom: a second line under day ticks (56 px)
_RIGHT_PX, _BOTTOM_PX, _TWO_LINE_DAYS, _TWO_LINE_PX = 36, 34, 120, 58


def first_draw_margin(
    values: list,
    template: dict,
    *,
    legend: list[str],
    width: int,
    margin: dict[str, int] | None = None,
    days: int = 365,
) -> dict[str, int]:
    """The margins (`l`, `r`, `t`, `b`) the axis labels and the legend above the plot take, set before the first draw.

    The theme keeps `automargin` on the axes (and plotly enlarges the top margin for a legend above the plot), so that
    long tick labels, the unit title and the legend never overlap the plot. But where they need more than the margin
    set, plotly draws the chart, enlarges the margin and draws it all again: ~50–70 ms of a first chart's ~200 ms in
    Chromium on this VM. Margins estimated a little generously from the highest tick label (digits and separators)
    and from the legend's names wrapped into `width` leave nothing to enlarge; where a reader's font is wider or the
    chart narrower, plotly still enlarges them.
    """
    tpl = template["layout"]
    size = tpl.get("font", {}).get("size", 14)
    scale = size / 14
    out = {k: int(v) for k, v in {**tpl.get("margin", {}), **(margin or {})}.items() if k in ("l", "r", "t", "b")}
    finite = [abs(float(v)) for v in values if v is not None and math.isfinite(float(v))]
    label = _highest_tick(max(finite, default=0.0))
    digits = sum(c.isdigit() for c in label) + (1 if any(float(v) < 0 for v in values if v is not None) else 0)
    seps = len(label) - sum(c.isdigit() for c in label)
    need = (_AXIS_BASE_PX + 1.4 * (size - 14) + (_DIGIT_PX * digits + _SEPARATOR_PX * seps) * scale) * _SAFETY
    out["l"] = max(out.get("l", 0), math.ceil(need))
    # the last time tick's label (`Jan. 2026`, centred on its tick) reaches past the plot by up to half its width
    out["r"] = max(out.get("r", 0), math.ceil(_RIGHT_PX * scale))
    # bottom, for the time ticks' labels (a 24 px label needs 53 px); ticks of days carry the month and year on a
    # second line (`5. Okt.` / `2025`)
    out["b"] = max(out.get("b", 0), math.ceil(_BOTTOM_PX * scale if days >= _TWO_LINE_DAYS else _TWO_LINE_PX * scale))
    if legend:
        plot = width - out["l"] - out.get("r", 0)
        rows, used = 1, 0.0
        for name in legend:
            entry = (_ENTRY_BASE_PX + _ENTRY_CHAR_PX * len(name)) * scale
            if used and used + _ENTRY_GAP_PX + entry > plot:
                rows, used = rows + 1, entry
            else:
                used += (_ENTRY_GAP_PX if used else 0) + entry
        out["t"] = out.get("t", 0) + math.ceil(rows * _ROW_PER_SIZE * size) + 2
    return out


def _highest_tick(top: float) -> str:
    """The text of the highest y tick plotly draws for data up to `top` (range from 0, ~5 % padding, about five ticks):
    the next multiple of the tick step above it, with as many decimals as the step has (`,~f`)."""
    padded = top * 1.06
    if padded <= 0:
        return "0"
    step = 10 ** math.floor(math.log10(padded / 5))
    decimals = max(0, -math.floor(math.log10(step)))
    return f"{math.ceil(padded / step) * step:,.{decimals}f}"


# room per tick label on the time axis at 14 px: a year (`2025`) ~36 px, a month (`Sept. 2025`) ~75 px, and a gap
_YEAR_TICK_PX, _DATE_TICK_PX = 46, 85


def x_axis(
    x: list[date],
    *,
    plot_width: int = 1100,
    scale: float = 1.0,
    span: tuple[date, date] | None = None,
    note: tuple[date, float] | None = None,
) -> dict:
    """Ticks that fit the data's interval and the plot's width side by side (plotly tilts labels that would overlap,
    which needs a larger bottom margin: a second draw, see `first_draw_margin`).

    A series of yearly values (measured by the spacing of its points, not by how often it is updated: the charging
    register is read monthly but counted at each year's end) gets a tick per year labelled with the year (every second
    or third year where they do not fit), where plotly's automatic ticks put every second year; finer series keep
    plotly's date ticks, which already follow months and years, at most as many as fit."""
    gaps = sorted((b - a).days for a, b in zip(x, x[1:], strict=False))
    if not gaps or gaps[len(gaps) // 2] < 360:
        return {"nticks": max(2, int(plot_width // (_DATE_TICK_PX * scale)))}
    first, last = span or (x[0], x[-1])
    spanned = (last - first).days / 365.25  # the years the axis spans (`span`: every trace's times; default the series')
    if note is not None and note[1] < plot_width:
        # a label at `note[0]` running `note[1]` px to the right (the measure's start): plotly widens the axis until it
        # fits, so that from there the label's width is what is left of the plot (a start in 2023 of data 2016-2025 in
        # a card: the axis runs to 2028)
        at = (note[0] - first).days / 365.25
        spanned = max(spanned, at * plot_width / (plot_width - note[1]))
    labels = math.floor(spanned) + 2  # a tick per year, and one more where plotly's padding reaches the next year
    years = math.ceil(labels * _YEAR_TICK_PX * scale / max(plot_width, 1))
    # ticks on the points' own day of the year: a value counted on 31.12.2025 sits on the tick "2025", not beside "2026"
    return dict(dtick=f"M{12 * max(years, 1)}", tick0=x[0].isoformat(), tickformat="%Y", ticklabelmode="instant")


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
