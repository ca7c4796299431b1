"""An indicator's chart for the report as a small SVG line chart, built from its points (no browser, no kaleido).

The SVG is shown as an `<img>` with a text alternative (Chromium tags it as a figure with that text in the PDF); the
same points stand in the data table beside it.
"""

from __future__ import annotations

import math
from datetime import date
from html import escape

from indicators import formatting

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40
LINE = "#005A9C"  # the app's blue (status „Ziel erreicht“), 7:1 on white
TARGET = "#007A5A"
BASELINE = "#595959"


def _ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    """Round tick values covering lo..hi (1, 2, 2.5 or 5 times a power of ten apart)."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    out = []
    v = start
    while v <= hi + step * 0.5:
        out.append(round(v, 10))
        v += step
    return out


def svg(
    points: tuple[tuple[date, float], ...] | list[tuple[date, float]],
    *,
    unit: str,
    lang: str,
    baseline: float | None = None,
    target: float | None = None,
    labels: tuple[str, str] = ("Basiswert", "Zielwert"),
) -> str:
    """The line chart of `points` with the baseline and the target as horizontal lines (where given)."""
    values = [v for _d, v in points]
    refs = [x for x in (baseline, target) if x is not None]
    lo, hi = min(values + refs), max(values + refs)
    if lo > 0 and lo < hi * 0.5:
        lo = 0.0  # counts and shares start at zero unless the values sit far above it
    ticks = _ticks(lo, hi)
    y0, y1 = ticks[0], ticks[-1]
    d0 = points[0][0].toordinal()
    d1 = max(points[-1][0].toordinal(), d0 + 1)
    pw, ph = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(d: date) -> float:
        return LEFT + (d.toordinal() - d0) / (d1 - d0) * pw

    def y(v: float) -> float:
        return TOP + (1 - (v - y0) / ((y1 - y0) or 1)) * ph

    decimals = max(formatting.decimals_for(t, unit) for t in ticks) if unit else 0
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    decimals = max(decimals, 0 if float(step).is_integer() else len(f"{step:.10g}".split(".")[1]))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
    ]
    for t in ticks:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#ddd"/>')
        label = escape(formatting.number(t, decimals, lang=lang))
        parts.append(f'<text x="{LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end" fill="#333">{label}</text>')
    years = sorted({d.year for d, _v in points})
    for yr in years:
        d = date(yr, 1, 1) if date(yr, 1, 1).toordinal() >= d0 else points[0][0]
        parts.append(f'<text x="{x(d):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="start" fill="#333">{yr}</text>')
        parts.append(f'<line x1="{x(d):.1f}" x2="{x(d):.1f}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM + 4}" stroke="#333"/>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM}" stroke="#333"/>')
    legend_x = LEFT
    for value, colour, dash, label in ((baseline, BASELINE, "2 3", labels[0]), (target, TARGET, "6 4", labels[1])):
        if value is None:
            continue
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="{colour}" '
            f'stroke-width="1.5" stroke-dasharray="{dash}"/>'
        )
        ly = HEIGHT - 8
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" stroke-width="1.5" '
            f'stroke-dasharray="{dash}"/><text x="{legend_x + 28}" y="{ly}" fill="#333">{escape(label)}</text>'
        )
        legend_x += 140
    if len(points) == 1:
        ((d, v),) = points
        parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="4" fill="{LINE}"/>')
    else:
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
        if len(points) <= 40:
            parts.extend(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="2.5" fill="{LINE}"/>' for d, v in points)
    parts.append("</svg>")
    return "".join(parts)
