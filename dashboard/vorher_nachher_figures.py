"""Figures and sentences of the before/after page: both periods with their means, and the effect with its interval."""
from __future__ import annotations

import math
from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl

from dashboard import format as fmt
from dashboard.theme import DASHES, MUTED, PALETTE, TEXT
from indicators.comparisons import METHOD_SHORT_DE, Comparison

BEFORE_FILL = "#E3E3E3"  # light grey
AFTER_FILL = "#D6E6F3"  # light blue; both windows are also labelled in words, never by colour alone


def decimals(v: float) -> int:
    a = abs(v)
    return 0 if a >= 100 else 1 if a >= 1 else 2


def signed(v: float, d: int | None = None) -> str:
    if not math.isfinite(v):
        return "–"
    s = fmt.number(v, decimals(v) if d is None else d)
    return s if s.startswith("−") or s.strip("0,") == "" else "+" + s


def pct(v: float) -> str:
    return f"{signed(v, 1)}\u00a0%"


def value(v: float, unit: str) -> str:
    return fmt.number(v, decimals(v), unit=unit)


def window_text(w: tuple[str, str]) -> str:
    return f"{fmt.day(date.fromisoformat(w[0]))} bis {fmt.day(date.fromisoformat(w[1]))}"


def effect_sentence(c: Comparison) -> str:
    """The estimate with its interval in one sentence, in % and in the series' unit."""
    r = c.result
    at = date.fromisoformat(r.date)
    unit = f"\u00a0{c.unit}" if c.unit else ""
    return (f"Geschätzte Veränderung seit dem {fmt.day(at)}: {pct(r.effect_pct)} "
            f"(95-%-Intervall {pct(r.ci_low_pct)} bis {pct(r.ci_high_pct)}), das sind rund {signed(r.effect)}{unit} "
            f"(Intervall {signed(r.ci_low)} bis {signed(r.ci_high)}) gegenüber dem Mittel vorher von "
            f"{value(r.mean_before, c.unit)}.")


def periods_caption(c: Comparison) -> str:
    r = c.result
    step = "Tageswerte" if c.daily else "Werte"
    text = (f"{c.title}: {step} im Zeitfenster vorher ({window_text(r.window_before)}, {fmt.number(r.n_before)} Werte, "
            f"Mittel {value(r.mean_before, c.unit)}) und nachher ({window_text(r.window_after)}, "
            f"{fmt.number(r.n_after)} Werte, Mittel {value(r.mean_after, c.unit)}). Die Zeitfenster sind hinterlegt und "
            "beschriftet, die Mittelwerte als gestrichelte Linien eingezeichnet."
            + (" Die Tabelle zeigt Monatsmittel, der Download jeden Tag." if c.daily else ""))
    if c.control_names:
        text += f" Gepunktet: Mittel der Kontrollstationen ({', '.join(c.control_names)})."
    return text


def periods_figure(c: Comparison) -> go.Figure:
    """The series used, both windows shaded and labelled, each window's mean as a line with a direct label."""
    r, s = c.result, c.series
    at = date.fromisoformat(r.date)
    lo, hi = date.fromisoformat(r.window_before[0]), date.fromisoformat(r.window_after[1])
    unit = f" {c.unit}" if c.unit else ""
    fig = go.Figure()
    fig.add_vrect(x0=lo, x1=at, fillcolor=BEFORE_FILL, opacity=0.6, layer="below", line_width=0)
    fig.add_vrect(x0=at, x1=hi + timedelta(days=1), fillcolor=AFTER_FILL, opacity=0.6, layer="below", line_width=0)
    for x, label, anchor in ((at, "◀ vorher", "right"), (at, "nachher ▶", "left")):
        fig.add_annotation(x=x, y=1, yref="paper", text=f"<b>{label}</b>", showarrow=False, xanchor=anchor,
                           yanchor="top", xshift=-6 if anchor == "right" else 6, font=dict(color=TEXT))
    many = s.height > 60
    fig.add_trace(go.Scatter(
        x=s["day"].to_list(), y=s["value"].to_list(), mode="lines" if many else "lines+markers",
        name="Tageswerte" if c.daily else "Werte", line=dict(color=PALETTE[0], width=1 if many else 2, dash=DASHES[0]),
        hovertemplate="%{x|%d.%m.%Y}: %{y:,.1f}" + unit + "<extra></extra>",
    ))
    if "controls" in s.columns:
        fig.add_trace(go.Scatter(
            x=s["day"].to_list(), y=s["controls"].to_list(), mode="lines", name="Mittel der Kontrollstationen",
            line=dict(color=PALETTE[3], width=1, dash=DASHES[2]),
            hovertemplate="%{x|%d.%m.%Y}: %{y:,.1f}" + unit + " (Kontrollen)<extra></extra>",
        ))
    for name, x0, x1, mean, color, dash in (
        ("Mittel vorher", lo, at - timedelta(days=1), r.mean_before, PALETTE[1], DASHES[1]),
        ("Mittel nachher", at, hi, r.mean_after, PALETTE[2], DASHES[3]),
    ):
        fig.add_trace(go.Scatter(
            x=[x0, x1], y=[mean, mean], mode="lines", name=f"{name}: {value(mean, c.unit)}",
            line=dict(color=color, width=3, dash=dash), hovertemplate=f"{name}: %{{y:,.1f}}{unit}<extra></extra>",
        ))
        fig.add_annotation(x=x0 + (x1 - x0) / 2, y=mean, text=f"<b>{name} {value(mean, '')}</b>", showarrow=False,
                           yshift=12, bgcolor="rgba(255,255,255,0.8)", font=dict(color=color))
    fig.add_vline(x=at, line=dict(color=MUTED, dash="dot", width=2))
    fig.update_layout(hovermode="closest", showlegend=True, margin=dict(l=80),
                      yaxis=dict(title=dict(text=c.unit or None, standoff=12)),
                      xaxis=dict(range=[lo - timedelta(days=3), hi + timedelta(days=3)]))
    return fig


def interval_caption(c: Comparison) -> str:
    r = c.result
    zero = "schließt null ein" if r.ci_low_pct <= 0 <= r.ci_high_pct else "schließt null aus"
    return (f"Punkt: geschätzte Veränderung {pct(r.effect_pct)}; Strich: 95-%-Intervall von {pct(r.ci_low_pct)} bis "
            f"{pct(r.ci_high_pct)}. Die senkrechte Linie markiert „keine Veränderung“ (0 %); das Intervall {zero}.")


def interval_figure(c: Comparison) -> go.Figure:
    """Point estimate with its 95 % interval as an error bar, and the zero line."""
    r = c.result
    name = METHOD_SHORT_DE[r.method][0]
    fig = go.Figure(go.Scatter(
        x=[r.effect_pct], y=[name], mode="markers+text", text=[pct(r.effect_pct)], textposition="top center",
        marker=dict(symbol="diamond", size=14, color=PALETTE[0], line=dict(color="#000000", width=1)),
        error_x=dict(type="data", symmetric=False, array=[r.ci_high_pct - r.effect_pct],
                     arrayminus=[r.effect_pct - r.ci_low_pct], color=PALETTE[0], thickness=3, width=10),
        hovertemplate=("Veränderung %{x:,.1f} %<br>95-%-Intervall " + pct(r.ci_low_pct) + " bis " + pct(r.ci_high_pct)
                       + "<extra></extra>"),
        showlegend=False, cliponaxis=False,
    ))
    lo, hi = min(0.0, r.ci_low_pct), max(0.0, r.ci_high_pct)
    pad = max((hi - lo) * 0.15, 1.0)
    fig.add_vline(x=0, line=dict(color="#000000", width=2))
    fig.add_annotation(x=0, y=1, yref="paper", text="0 % = keine Veränderung", showarrow=False, xanchor="left",
                       yanchor="bottom", xshift=4, font=dict(color=MUTED, size=12))
    fig.update_layout(
        xaxis=dict(title="Veränderung in % (95-%-Intervall)", ticksuffix=" %", range=[lo - pad, hi + pad],
                   zeroline=False),
        yaxis=dict(showticklabels=False, showline=False, ticks="", rangemode="normal"),
        margin=dict(l=20, r=20, t=30, b=50),
    )
    return fig


def frame_days(series: pl.DataFrame) -> tuple[date | None, date | None]:
    if series.is_empty():
        return None, None
    return series["day"].min(), series["day"].max()
