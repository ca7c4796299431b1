"""Projector figures of the council presentation: thick lines, large markers, values written on the chart.

Everything a person needs is on the chart itself (first, last and key values, target, measure start, window means):
a projected slide has no hover. The template "wirkungsmonitor-projektor" (dashboard/theme.py) gives black 24 px text.
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from dashboard import format as fmt
from dashboard import theme
from dashboard.i18n import _, current_lang
from dashboard.status_display import progress_sentence
from indicators.presentation import BeforeAfterData, SeriesData

TEMPLATE = "wirkungsmonitor-projektor"
LINE = 5  # px: a line must survive a washed-out projector
MARKER = 13
KEY_MARKER = 20
LABEL_SIZE = 28
SERIES_COLOR = theme.PALETTE[0]
AFTER_COLOR = theme.PALETTE[1]
MUTED_BAR = "#8C8C8C"  # years before the measure (≥ 3:1 on white)
BLACK = "#000000"
BEFORE_FILL = "rgba(0, 0, 0, 0.07)"
AFTER_FILL = "rgba(0, 114, 178, 0.12)"
LABEL_BG = "rgba(255, 255, 255, 0.9)"
LABEL_GAP = 14  # px between a point and its label
BAR_LABEL_PX = 36  # px: the height of a value written above a bar (26 px text and its padding)
BAR_HALF_DAYS = round(365 * 0.72 / 2)  # a bar covers 72 % of its year, centred on 1 July
LINE_MARGIN = 6  # px a label keeps from a reference line (target, measure start, window mean)
PLOT_W, PLOT_H = 1050, 250  # px: the plot area of a chart on a slide, for placing labels
Y_HEADROOM = 1.3  # the y axis reaches 30 % above the largest value: room for a label above it
GRAPH_CONFIG = {"locale": "de", "displaylogo": False, "displayModeBar": False, "staticPlot": True, "responsive": True}


def graph_config() -> dict:
    """GRAPH_CONFIG with the reader's locale (month names on the axes)."""
    return GRAPH_CONFIG | {"locale": current_lang()}


def marker_label(label: str) -> str:
    """A marker's label: „Stichtag“ translated; „Start <measure>“ keeps the measure's name."""
    return _(label)


def _template() -> str:
    if TEMPLATE not in pio.templates:  # the app registers it at start; figures built outside the app (tests) too
        theme.register()
    return TEMPLATE


def decimals(v: float) -> int:
    return 0 if abs(v) >= 100 else 1


def value_text(v: float, unit: str = "") -> str:
    """A value as written on a slide: `7.787`, `68,9 %`, `1,08 Mio.` (seven digits do not fit above a bar)."""
    if abs(v) >= 1_000_000:
        s = fmt.number(v / 1_000_000, 2) + "\u00a0" + _("Mio.")  # English: "1.08 m"
    else:  # the precision of the indicator's kind (`dashboard.format`): counts whole, shares and rates one decimal
        s = fmt.number(v, 0 if float(v).is_integer() else fmt.decimals_for(v, unit) if unit else decimals(v))
    return f"{s}\u00a0%" if unit == "%" else s


def signed_pct(v: float) -> str:
    return fmt.percent(v, sign=True)


def _label(
    fig: go.Figure,
    x: date,
    y: float,
    text: str,
    *,
    anchor: str = "center",
    above: bool | None = True,
    color: str = BLACK,
    size: int = LABEL_SIZE,
) -> None:
    """A value written next to its point: above, below, or (above=None) beside it on the side `anchor` opens to."""
    if above is None:
        shift = dict(xshift=LABEL_GAP + 4 if anchor == "left" else -LABEL_GAP - 4, yanchor="middle")
    else:
        shift = dict(yanchor="bottom" if above else "top", yshift=LABEL_GAP if above else -LABEL_GAP)
    fig.add_annotation(
        x=x,
        y=y,
        text=f"<b>{text}</b>",
        showarrow=False,
        xanchor=anchor,
        **shift,
        font=dict(size=size, color=color),
        bgcolor=LABEL_BG,
        borderpad=2,
    )


class _Placer:
    """Puts labels where they cover the fewest parts of the line and of labels already placed.

    Works in plot fractions (0–1) with the plot's approximate size on a 1 280 × 720 slide: good enough to choose
    between above/below and left/right, which is all it decides.
    """

    def __init__(self, x: list[date], y: list[float], top: float) -> None:
        self.x0, self.x1 = x[0].toordinal(), max(x[-1].toordinal(), x[0].toordinal() + 1)
        self.top = top or 1.0
        pts = [(self.fx(a), self.fy(b)) for a, b in zip(x, y, strict=True)]
        self.obstacles = list(pts)
        for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
            self.obstacles += [(ax + (bx - ax) * t / 8, ay + (by - ay) * t / 8) for t in range(1, 8)]
        self.boxes: list[tuple[float, float, float, float]] = []
        self.h_lines: list[float] = []  # reference lines (target): a label never lies across one
        self.v_lines: list[float] = []  # (measure start)

    def fx(self, d: date) -> float:
        return (d.toordinal() - self.x0) / (self.x1 - self.x0)

    def fy(self, v: float) -> float:
        return v / self.top

    def box(
        self, fx: float, fy: float, text: str, anchor: str, above: bool | None, size: int
    ) -> tuple[float, float, float, float]:
        pad = 10 / PLOT_W  # keep labels a little apart
        w = len(text) * size * 0.62 / PLOT_W + 2 * pad
        h = (size * 1.3 + 6) / PLOT_H
        gap = LABEL_GAP / PLOT_H
        if above is None:  # beside the point
            side = (LABEL_GAP + 4) / PLOT_W
            left = fx + side - pad if anchor == "left" else fx - side - w + pad
            return (left, fy - h / 2, left + w, fy + h / 2)
        left = fx - pad if anchor == "left" else fx - w + pad if anchor == "right" else fx - w / 2
        bottom = fy + gap if above else fy - gap - h
        return (left, bottom, left + w, bottom + h)

    def line_h(self, fy: float) -> None:
        """A horizontal reference line (target): no label may lie across it."""
        self.h_lines.append(fy)

    def line_v(self, fx: float) -> None:
        self.v_lines.append(fx)

    def score(self, b: tuple[float, float, float, float]) -> float:
        x0, y0, x1, y1 = b
        hits = sum(1 for px, py in self.obstacles if x0 <= px <= x1 and y0 <= py <= y1)
        hits += sum(5 for c in self.boxes if not (x1 < c[0] or c[2] < x0 or y1 < c[1] or c[3] < y0))
        my, mx = LINE_MARGIN / PLOT_H, LINE_MARGIN / PLOT_W  # a line struck through a label: never, if avoidable
        hits += sum(1000 for fy in self.h_lines if y0 - my <= fy <= y1 + my)
        hits += sum(1000 for fx in self.v_lines if x0 - mx <= fx <= x1 + mx)
        if y0 < 0 or y1 > 1.0 or x0 < -0.02 or x1 > 1.02:
            hits += 50
        return hits

    def choose_edge(self, fy: float, text: str, size: int = LABEL_SIZE) -> tuple[bool, bool]:
        """(at the right edge?, above?) for a label of a horizontal line at height `fy`."""
        options = [(1.0, "right", True), (1.0, "right", False), (0.0, "left", True), (0.0, "left", False)]
        best = min(options, key=lambda o: self.score(self.box(o[0], fy, text, o[1], o[2], size)))
        self.boxes.append(self.box(best[0], fy, text, best[1], best[2], size))
        return best[0] == 1.0, best[2]

    def choose(
        self, fx: float, fy: float, text: str, options: list[tuple[str, bool | None]], size: int = LABEL_SIZE
    ) -> tuple[str, bool | None]:
        best = min(options, key=lambda o: self.score(self.box(fx, fy, text, o[0], o[1], size)))
        self.boxes.append(self.box(fx, fy, text, best[0], best[1], size))
        return best


def _date_axis(fig: go.Figure, first: date, last: date, points: list[date] | None = None) -> None:
    years = (last - first).days / 365.25
    if points and 1 < len(points) <= 15 and min((b - a).days for a, b in zip(points, points[1:], strict=False)) >= 300:
        # one value a year (e.g. the register at each year's end): its year right under it
        fig.update_xaxes(tickmode="array", tickvals=points, ticktext=[str(p.year) for p in points])
        return
    if years >= 2.5:
        fig.update_xaxes(tickformat="%Y", dtick="M12" if years <= 12 else "M24")
    else:
        fig.update_xaxes(tickformat="%b %Y", dtick="M3" if years > 1 else "M1")


def _key_points(x: list[date], marker: date | None) -> list[int]:
    """Indices written on the chart: first, last and the first period from the measure's start (if not too close)."""
    n = len(x)
    keys = [0, n - 1] if n > 1 else [0]
    if marker is not None:
        i = next((k for k, d in enumerate(x) if d >= marker), None)
        if i is not None and min(i, n - 1 - i) >= max(2, n // 8):
            keys.append(i)
    return sorted(set(keys))


def series_figure(d: SeriesData) -> go.Figure:
    """The series as one thick line, its key values written on it, target line, baseline and measure start.

    Yearly values are bars, each with its value; bars before the measure's start are grey (the start line and its
    label say the same in words).
    """
    s = d.series.sort("period_start")
    x: list[date] = s["period_start"].to_list()
    y: list[float] = s["value"].to_list()
    if d.period == "jahr":
        return _bar_figure(d, x, y)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="lines+markers" if len(x) <= 40 else "lines",
            name=d.title,
            line=dict(color=SERIES_COLOR, width=LINE),
            marker=dict(size=MARKER, color=SERIES_COLOR),
            hovertemplate="%{x|%d.%m.%Y}: %{y:,.1f}<extra></extra>",
            showlegend=False,
        )
    )
    keys = _key_points(x, d.marker.day if d.marker else None)
    fig.add_trace(
        go.Scatter(
            x=[x[i] for i in keys],
            y=[y[i] for i in keys],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker=dict(size=KEY_MARKER, color=SERIES_COLOR, line=dict(color="#FFFFFF", width=3)),
        )
    )
    ymax = _y_top(y, d)
    place = _Placer(x, y, ymax)
    if d.marker is not None:
        place.line_v(place.fx(d.marker.day))
    if d.target is not None:
        place.line_h(place.fy(d.target[1]))
    if d.baseline is not None:
        place.obstacles.append((place.fx(d.baseline[0]), place.fy(d.baseline[1])))
    for i in keys:  # the values first: they are the message
        edge = "left" if i == 0 and len(x) > 1 else "right" if i == len(x) - 1 and len(x) > 1 else "center"
        text = value_text(y[i], d.unit)
        options: list[tuple[str, bool | None]] = [(edge, True), (edge, False)]
        if edge != "center":
            options.append((edge, None))
        else:  # a value inside the series may also stand beside its point or open to one side
            options += [("left", None), ("right", None), ("left", True), ("right", True), ("left", False), ("right", False)]
        anchor, above = place.choose(place.fx(x[i]), place.fy(y[i]), text, options)
        _label(fig, x[i], y[i], text, anchor=anchor, above=above)
    if d.target is not None:
        _target(fig, place, d)
    if d.baseline is not None:
        when, value = d.baseline
        fig.add_trace(
            go.Scatter(
                x=[when],
                y=[value],
                mode="markers",
                showlegend=False,
                hoverinfo="skip",
                marker=dict(symbol="diamond", size=24, color=AFTER_COLOR, line=dict(color=BLACK, width=2)),
            )
        )
        text = f"{_('Basis')} {value_text(value, d.unit)}"
        anchor, above = place.choose(
            place.fx(when),
            place.fy(value),
            text,
            [
                ("center", False),
                ("center", True),
                ("left", False),
                ("left", True),
                ("right", False),
                ("right", True),
                ("left", None),  # beside the point: where a start line runs through it (a baseline at the start)
                ("right", None),
            ],
        )
        _label(fig, when, value, text, anchor=anchor, above=above, color=AFTER_COLOR)
    if d.marker is not None:
        _marker_line(fig, d.marker.day, d.marker.label, x[0], x[-1])
    _date_axis(fig, x[0], x[-1], x)
    fig.update_layout(
        template=_template(),
        showlegend=False,
        margin=dict(l=20, r=30, t=56 if d.marker else 16, b=10),
        yaxis=dict(
            title=None,
            rangemode="tozero",
            range=[0, ymax],
            automargin=True,
            tickfont=dict(size=24),
            ticksuffix="\u00a0%" if d.unit == "%" else "",
        ),
        xaxis=dict(automargin=True, tickfont=dict(size=24), linewidth=2),
    )
    return fig


def _y_top(y: list[float], d: SeriesData) -> float:
    """Top of the y axis: room above the largest value and above the target for their labels."""
    return max(max(y) * Y_HEADROOM, d.target[1] * 1.3 if d.target else 0, d.baseline[1] * Y_HEADROOM if d.baseline else 0) or 1


def _target(fig: go.Figure, place: _Placer, d: SeriesData) -> None:
    assert d.target is not None
    when, value = d.target
    fig.add_hline(y=value, line=dict(color=BLACK, dash="dash", width=4))
    text = _("Ziel {value} bis {year}").format(value=value_text(value, d.unit), year=when.year)
    at_right, above = place.choose_edge(place.fy(value), text, size=LABEL_SIZE - 2)
    fig.add_annotation(
        x=1 if at_right else 0,
        xref="paper",
        y=value,
        text=f"<b>{text}</b>",
        showarrow=False,
        xanchor="right" if at_right else "left",
        yanchor="bottom" if above else "top",
        yshift=LABEL_GAP if above else -LABEL_GAP,
        font=dict(size=LABEL_SIZE - 2, color=BLACK),
        bgcolor=LABEL_BG,
    )


def _bar_figure(d: SeriesData, x: list[date], y: list[float]) -> go.Figure:
    start = d.marker.day if d.marker else None
    colors = [MUTED_BAR if start is not None and date(v.year, 12, 31) < start else SERIES_COLOR for v in x]
    ymax = _y_top(y, d)
    # a value stands above its bar, unless the target line would run through it: then inside the bar's top
    band, m = BAR_LABEL_PX / PLOT_H * ymax, LINE_MARGIN / PLOT_H * ymax
    t = d.target[1] if d.target is not None else None
    inside = [t is not None and v - m <= t <= v + band + m and not v - band - m <= t <= v + m for v in y]
    fig = go.Figure(
        go.Bar(
            x=x,
            y=y,
            xperiod="M12",
            xperiodalignment="middle",
            marker=dict(color=colors, line=dict(color=BLACK, width=1)),
            text=[value_text(v, d.unit) for v in y],
            textposition=["inside" if i else "outside" for i in inside],
            insidetextanchor="end",
            textangle=0,
            cliponaxis=False,
            constraintext="none",
            textfont=dict(size=LABEL_SIZE - 2, color=[("#FFFFFF" if i else BLACK) for i in inside]),
            hovertemplate="%{x|%Y}: %{y:,.0f}<extra></extra>",
            showlegend=False,
            width=[1000 * 3600 * 24 * 365 * 0.72] * len(x),
        )
    )
    if d.target is not None:
        mid = [date(v.year, 7, 1) for v in x]  # bars stand in the middle of their year
        place = _Placer([date(x[0].year, 1, 1), *mid, date(x[-1].year, 12, 31)], [0, *y, 0], ymax)
        place.obstacles = []
        half = 0.36 / (len(x) + 0.0)
        for bx, by in zip(mid, y, strict=True):  # the bars and the values written above them
            fx, fy = place.fx(bx), place.fy(by)
            place.obstacles += [(fx + dx, fy * t / 6) for t in range(7) for dx in (-half, 0, half)]
            place.obstacles += [(fx + dx, fy + k * 0.03) for k in range(1, 5) for dx in (-half, 0, half)]
        _target(fig, place, d)
    if d.marker is not None:
        # the start line comes down to the bar it falls on and stops above that bar's value (never through it)
        hit = next((k for k, v in enumerate(x) if abs((start - date(v.year, 7, 1)).days) <= BAR_HALF_DAYS), None)
        floor = 0.0 if hit is None else y[hit] + m + (0.0 if inside[hit] else band)
        _marker_line(fig, d.marker.day, d.marker.label, x[0], date(x[-1].year, 12, 31), layer="below", y0=floor, y1=ymax)
    fig.update_layout(
        template=_template(),
        showlegend=False,
        bargap=0.25,
        margin=dict(l=20, r=30, t=56 if d.marker else 16, b=10),
        yaxis=dict(
            title=None,
            range=[0, ymax],
            automargin=True,
            tickfont=dict(size=24),
            tickformat=",.0f",
            ticksuffix="\u00a0%" if d.unit == "%" else "",
        ),
        xaxis=dict(automargin=True, tickfont=dict(size=24), linewidth=2, tickformat="%Y", dtick="M12", ticklabelmode="period"),
    )
    return fig


def _marker_line(
    fig: go.Figure,
    day: date,
    label: str,
    first: date,
    last: date,
    layer: str = "above",
    y0: float | None = None,
    y1: float | None = None,
) -> None:
    """The measure's start as a dotted vertical line with its name above the plot; `y0`/`y1` (data units) shorten it."""
    if y0 is None or y1 is None:
        fig.add_vline(x=day, line=dict(color=BLACK, dash="dot", width=4), layer=layer)
    else:
        fig.add_shape(
            type="line",
            x0=day,
            x1=day,
            y0=y0,
            y1=y1,
            xref="x",
            yref="y",
            line=dict(color=BLACK, dash="dot", width=4),
            layer=layer,
        )
    span = (last - first).days or 1
    right_half = (day - first).days / span > 0.55
    fig.add_annotation(
        x=day,
        y=1,
        yref="paper",
        text=f"<b>{marker_label(label)}</b> ({fmt.day(day)})",
        showarrow=False,
        xanchor="right" if right_half else "left",
        xshift=-8 if right_half else 8,
        yanchor="bottom",
        font=dict(size=24, color=BLACK),
        bgcolor=LABEL_BG,
    )


def before_after_figure(d: BeforeAfterData) -> go.Figure:
    """Monthly means of both windows, the windows shaded and named, each window's mean drawn and written."""
    r = d.result
    m = d.monthly.sort("period_start")
    fig = go.Figure()
    for period, color, dash in (("vorher", BLACK, "solid"), ("nachher", SERIES_COLOR, "solid")):
        part = m.filter(pl.col("period") == period)
        fig.add_trace(
            go.Scatter(
                x=part["period_start"].to_list(),
                y=part["value"].to_list(),
                mode="lines+markers",
                name=_(period),
                line=dict(color=color, width=LINE, dash=dash),
                marker=dict(size=MARKER, color=color),
                showlegend=False,
                hovertemplate="%{x|%m.%Y}: %{y:,.0f}<extra></extra>",
            )
        )
    b0, b1 = (date.fromisoformat(v) for v in r.window_before)
    a0, a1 = (date.fromisoformat(v) for v in r.window_after)
    top = max(m["value"].max() or 0, r.mean_before, r.mean_after)
    fig.add_vrect(x0=b0, x1=d.marker.day, fillcolor=BEFORE_FILL, line_width=0, layer="below")
    fig.add_vrect(x0=d.marker.day, x1=a1, fillcolor=AFTER_FILL, line_width=0, layer="below")
    for x0, x1, mean, color, word in ((b0, b1, r.mean_before, BLACK, "vorher"), (a0, a1, r.mean_after, SERIES_COLOR, "nachher")):
        fig.add_shape(type="line", x0=x0, x1=x1, y0=mean, y1=mean, line=dict(color=color, width=4, dash="dash"))
        mid = x0 + (x1 - x0) / 2
        _label(fig, mid, top * 1.02, f"{_(word)}: Ø {value_text(mean)}", color=color)
    fig.add_vline(x=d.marker.day, line=dict(color=BLACK, dash="dot", width=4))
    fig.add_annotation(
        x=d.marker.day,
        y=0,
        yref="paper",
        text=f"<b>{marker_label(d.marker.label)}</b><br>{fmt.day(d.marker.day)}",
        showarrow=False,
        xanchor="left",
        xshift=8,
        yanchor="bottom",
        yshift=8,
        align="left",
        font=dict(size=24, color=BLACK),
        bgcolor=LABEL_BG,
    )
    _date_axis(fig, b0, a1)
    fig.update_layout(
        template=_template(),
        showlegend=False,
        margin=dict(l=20, r=20, t=20, b=10),
        yaxis=dict(title=None, rangemode="tozero", range=[0, top * 1.22], automargin=True, tickfont=dict(size=24)),
        xaxis=dict(automargin=True, tickfont=dict(size=24), linewidth=2),
    )
    return fig


def verdict_short(d: BeforeAfterData) -> str:
    """Two to four words that claim no more than the interval supports (the verdict code's short words)."""
    from dashboard.status_display import verdict_short as short

    return short(d.result)


def series_caption(d: SeriesData) -> str:
    """The chart in words, for screen readers (the slide's figure label)."""
    s = d.series
    first, last = s.row(0, named=True), s.row(-1, named=True)
    text = _("{title}: von {first} ({first_day}) auf {last} ({last_day}) {unit}.").format(
        title=d.title,
        first=value_text(first["value"], d.unit),
        first_day=fmt.day(first["period_start"]),
        last=value_text(last["value"], d.unit),
        last_day=fmt.day(last["period_start"]),
        unit=_(d.unit),
    )
    if d.target:
        text += " " + _("Ziel: {value} bis {day}.").format(value=value_text(d.target[1], d.unit), day=fmt.day(d.target[0]))
    if d.marker:
        text += f" {marker_label(d.marker.label)}: {fmt.day(d.marker.day)}."
    if d.status is not None:
        text += " " + progress_sentence(d.status, d.unit)
    return text


def before_after_caption(d: BeforeAfterData) -> str:
    from dashboard.status_display import verdict

    return f"{d.title}: {verdict(d.result)}"
