"""One Plotly theme for every chart (and a projector variant): palette, German separators, dash patterns."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Colour-blind-safe (Okabe–Ito hues, darkened so every mark has ≥ 3:1 contrast on white; checked by a test)
PALETTE = ["#0072B2", "#C24E00", "#007A5A", "#AA3377", "#6B5900", "#333333"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]  # series differ without colour too
TEXT = "#1A1A1A"
MUTED = "#595959"
GRID = "#D9D9D9"
TARGET_COLOR = "#333333"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def _template(*, projector: bool) -> go.layout.Template:
    size = 24 if projector else 14
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT, size=size, color="#000000" if projector else TEXT),
            colorway=PALETTE,
            separators=",.",
            paper_bgcolor="#FFFFFF",
            plot_bgcolor="#FFFFFF",
            xaxis=dict(
                gridcolor=GRID,
                linecolor="#000000" if projector else MUTED,
                ticks="outside",
                showline=True,
                zeroline=False,
                automargin=True,
            ),
            yaxis=dict(
                gridcolor=GRID,
                linecolor="#000000" if projector else MUTED,
                ticks="outside",
                showline=True,
                zeroline=False,
                rangemode="tozero",
                tickformat=",~f",
                automargin=True,
            ),  # tick labels and the unit title never overlap, also in a narrow embed
            legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
            margin=dict(l=60, r=20, t=30 if not projector else 40, b=50),
            hoverlabel=dict(font=dict(family=FONT)),
        ),
    )


def register() -> None:
    """Register the templates once at start (applying a template per figure costs ~9 ms a callback)."""
    pio.templates["wirkungsmonitor"] = _template(projector=False)
    pio.templates["wirkungsmonitor-projektor"] = _template(projector=True)
    pio.templates.default = "wirkungsmonitor"


def contrast_ratio(fg: str, bg: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours."""

    def lum(hex_: str) -> float:
        h = hex_.lstrip("#")
        rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((lum(fg), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)
