"""Figures and sentences of the before/after page: both periods with their means, and the effect with its interval."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
import polars as pl

from dashboard import format as fmt
from dashboard.i18n import _, current_lang
from dashboard.theme import DASHES, MUTED, PALETTE, TEXT
from indicators.before_after import BeforeAfterError, Result
from indicators.comparisons import Comparison
from indicators.labels import KIND_DE, METHOD_NAMES_DE, METHOD_SHORT_DE, metric_label
from indicators.labels import method_note as labels_method_note
from indicators.method_comparison import Disagreement, SideBySide

BEFORE_FILL = "#E3E3E3"  # light grey
AFTER_FILL = "#D6E6F3"  # light blue; both windows are also labelled in words, never by colour alone


def decimals(v: float) -> int:
    a = abs(v)
    return 0 if a >= 100 else 1 if a >= 1 else 2


def signed(v: float, d: int | None = None) -> str:
    if not math.isfinite(v):
        return "–"
    s = fmt.number(v, decimals(v) if d is None else d)
    return s if s.startswith("−") or s.strip("0,.") == "" else "+" + s


def pct(v: float) -> str:
    return fmt.percent(v, sign=True)


def value(v: float, unit: str) -> str:
    return fmt.number(v, decimals(v), unit=unit)


def window_text(w: tuple[str, str]) -> str:
    return _("{start} bis {end}").format(start=fmt.day(date.fromisoformat(w[0])), end=fmt.day(date.fromisoformat(w[1])))


# --- the domain's German texts in the reader's language -------------------------------------------------------------


def unit_text(unit: str) -> str:
    return _(unit) if unit else unit


def title_text(c: Comparison) -> str:
    """The series' title: the indicator's name, or the metric's name (translated) and the station's (data names stay)."""
    return c.title if c.metric is None else f"{metric_option_label(c.metric)} – {c.title}"


def metric_text(label: str) -> str:
    """A German metric label (`labels.metric_label`) in the reader's language, also the generic families."""
    t = _(label)
    if t != label or current_lang() == "de":
        return t
    if label.startswith("Modellwert "):
        return _("Modellwert") + " " + metric_text(label.removeprefix("Modellwert "))
    if m := re.fullmatch(r"(Bodenfeuchte|Bodentemperatur) in (\d+) cm", label):
        return _("{name} in {depth} cm").format(name=_(m[1]), depth=m[2])
    return label


def metric_option_label(metric: str) -> str:
    return metric_text(metric_label(metric))


def kind_text(kind: str) -> str:
    """A station kind in the singular (German singular and plural are alike for two kinds: their own keys)."""
    name = KIND_DE.get(kind, kind)
    if name in ("Passantenzähler", "Freifunk-Knoten"):
        t = _(f"{name} (Einzahl)")
        return name if t == f"{name} (Einzahl)" else t
    return _(name)


def method_name(method: str) -> str:
    return _(METHOD_NAMES_DE[method])


def method_short(method: str) -> tuple[str, str]:
    name, expl = METHOD_SHORT_DE[method]
    return _(name), _(expl)


def method_note(r: Result) -> str:
    """What the method did, in the reader's language (the sentence's parts are translated one by one)."""
    return labels_method_note(r, _, lang=current_lang())


def error_text(e: BeforeAfterError) -> str:
    """A comparison's error in the reader's language (names and ids in it stay as they are)."""
    template = getattr(e, "template", None)
    if not template:
        return str(e)
    # a metric comes as its code (the domain names no metric in words)
    params = {k: metric_option_label(v) if k == "metric" else v for k, v in e.params.items()}
    if current_lang() == "de":
        return template.format(**params) if params else template
    return _(template).format(**params) if params else _(template)


def effect_sentence(c: Comparison) -> str:
    """The estimate with its interval in one sentence, in % and in the series' unit."""
    r = c.result
    at = date.fromisoformat(r.date)
    unit = f"\u00a0{unit_text(c.unit)}" if c.unit else ""
    # the estimate and both ends of its interval with one precision (the finest any of them needs)
    d = max(decimals(v) for v in (r.effect, r.ci_low, r.ci_high) if math.isfinite(v)) if math.isfinite(r.effect) else None
    return _(
        "Geschätzte Veränderung seit dem {day}: {pct} (95-%-Intervall {lo} bis {hi}), das sind rund {effect}{unit} "
        "(Intervall {effect_lo} bis {effect_hi}) gegenüber dem Mittel vorher von {before}."
    ).format(
        day=fmt.day(at),
        pct=pct(r.effect_pct),
        lo=pct(r.ci_low_pct),
        hi=pct(r.ci_high_pct),
        effect=signed(r.effect, d),
        unit=unit,
        effect_lo=signed(r.ci_low, d),
        effect_hi=signed(r.ci_high, d),
        before=value(r.mean_before, unit_text(c.unit)),
    )


def periods_caption(c: Comparison) -> str:
    r = c.result
    step = _("Tageswerte") if c.daily else _("Werte")
    unit = unit_text(c.unit)
    text = _(
        "{title}: {step} im Zeitfenster vorher ({before}, {n_before} Werte, Mittel {mean_before}) und nachher "
        "({after}, {n_after} Werte, Mittel {mean_after}). Die Zeitfenster sind hinterlegt und beschriftet, die "
        "Mittelwerte als gestrichelte Linien eingezeichnet."
    ).format(
        title=title_text(c),
        step=step,
        before=window_text(r.window_before),
        n_before=fmt.number(r.n_before),
        mean_before=value(r.mean_before, unit),
        after=window_text(r.window_after),
        n_after=fmt.number(r.n_after),
        mean_after=value(r.mean_after, unit),
    )
    if c.daily:
        text += " " + _("Die Tabelle zeigt Monatsmittel, der Download jeden Tag.")
    if c.control_names:
        text += " " + _("Gepunktet: Mittel der Kontrollstationen ({names}).").format(names=", ".join(c.control_names))
    return text


def _iso_days(col: pl.Series) -> list:
    """The days as the text plotly's JSON encoder writes for dates (`date.isoformat()`): the same figure, without
    plotly copying and checking 1 500 date objects per trace."""
    return col.dt.strftime("%Y-%m-%d").to_list() if col.dtype == pl.Date else col.to_list()


def _vspan(x0: Any, x1: Any, fill: str) -> dict[str, Any]:
    """The shape `fig.add_vrect(x0, x1, fillcolor=fill, opacity=0.6, layer="below", line_width=0)` adds."""
    return dict(
        type="rect",
        x0=x0,
        x1=x1,
        xref="x",
        y0=0,
        y1=1,
        yref="y domain",
        fillcolor=fill,
        opacity=0.6,
        layer="below",
        line=dict(width=0),
    )


def _vline(x: Any, line: dict[str, Any]) -> dict[str, Any]:
    """The shape `fig.add_vline(x, line=line)` adds."""
    return dict(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain", line=line)


def periods_figure(c: Comparison) -> go.Figure:
    """The series used, both windows shaded and labelled, each window's mean as a line with a direct label."""
    r, s = c.result, c.series
    at = date.fromisoformat(r.date)
    lo, hi = date.fromisoformat(r.window_before[0]), date.fromisoformat(r.window_after[1])
    unit = f" {unit_text(c.unit)}" if c.unit else ""
    fig = go.Figure()
    # the shapes `add_vrect`/`add_vline` would add, added directly: those helpers cost ~20 ms each (they inspect subplots)
    fig.add_shape(_vspan(lo, at, BEFORE_FILL))
    fig.add_shape(_vspan(at, hi + timedelta(days=1), AFTER_FILL))
    for x, label, anchor in ((at, "◀ " + _("vorher"), "right"), (at, _("nachher") + " ▶", "left")):
        fig.add_annotation(
            x=x,
            y=1,
            yref="paper",
            text=f"<b>{label}</b>",
            showarrow=False,
            xanchor=anchor,
            yanchor="top",
            xshift=-6 if anchor == "right" else 6,
            font=dict(color=TEXT),
        )
    many = s.height > 60
    days = _iso_days(s["day"])
    fig.add_trace(
        go.Scatter(
            x=days,
            y=s["value"].to_list(),
            mode="lines" if many else "lines+markers",
            name=_("Tageswerte") if c.daily else _("Werte"),
            line=dict(color=PALETTE[0], width=1 if many else 2, dash=DASHES[0]),
            hovertemplate="%{x|%d.%m.%Y}: %{y:,.1f}" + unit + "<extra></extra>",
            _validate=False,  # plain lists of text and floats: plotly's check of each value costs ~30 ms
        )
    )
    if "controls" in s.columns:
        fig.add_trace(
            go.Scatter(
                x=days,
                y=s["controls"].to_list(),
                mode="lines",
                name=_("Mittel der Kontrollstationen"),
                line=dict(color=PALETTE[3], width=1, dash=DASHES[2]),
                hovertemplate="%{x|%d.%m.%Y}: %{y:,.1f}" + unit + " (" + _("Kontrollen") + ")<extra></extra>",
                _validate=False,
            )
        )
    for name, x0, x1, mean, color, dash in (
        (_("Mittel vorher"), lo, at - timedelta(days=1), r.mean_before, PALETTE[1], DASHES[1]),
        (_("Mittel nachher"), at, hi, r.mean_after, PALETTE[2], DASHES[3]),
    ):
        fig.add_trace(
            go.Scatter(
                x=[x0, x1],
                y=[mean, mean],
                mode="lines",
                name=f"{name}: {value(mean, unit_text(c.unit))}",
                line=dict(color=color, width=3, dash=dash),
                hovertemplate=f"{name}: %{{y:,.1f}}{unit}<extra></extra>",
            )
        )
        fig.add_annotation(
            x=x0 + (x1 - x0) / 2,
            y=mean,
            text=f"<b>{name} {value(mean, '')}</b>",
            showarrow=False,
            yshift=12,
            bgcolor="rgba(255,255,255,0.8)",
            font=dict(color=color),
        )
    fig.add_shape(_vline(at, dict(color=MUTED, dash="dot", width=2)))
    fig.update_layout(
        hovermode="closest",
        showlegend=True,
        margin=dict(l=80),
        yaxis=dict(title=dict(text=unit_text(c.unit) or None, standoff=12)),
        xaxis=dict(range=[lo - timedelta(days=3), hi + timedelta(days=3)]),
    )
    return fig


def interval_caption(c: Comparison) -> str:
    r = c.result
    zero = _("schließt null ein") if r.ci_low_pct <= 0 <= r.ci_high_pct else _("schließt null aus")
    return _(
        "Punkt: geschätzte Veränderung {pct}; Strich: 95-%-Intervall von {lo} bis {hi}. Die senkrechte Linie markiert "
        "„keine Veränderung“ (0 %); das Intervall {zero}."
    ).format(pct=pct(r.effect_pct), lo=pct(r.ci_low_pct), hi=pct(r.ci_high_pct), zero=zero)


def interval_figure(c: Comparison) -> go.Figure:
    """Point estimate with its 95 % interval as an error bar, and the zero line."""
    r = c.result
    name = method_short(r.method)[0]
    fig = go.Figure(
        go.Scatter(
            x=[r.effect_pct],
            y=[name],
            mode="markers+text",
            text=[pct(r.effect_pct)],
            textposition="top center",
            marker=dict(symbol="diamond", size=14, color=PALETTE[0], line=dict(color="#000000", width=1)),
            error_x=dict(
                type="data",
                symmetric=False,
                array=[r.ci_high_pct - r.effect_pct],
                arrayminus=[r.effect_pct - r.ci_low_pct],
                color=PALETTE[0],
                thickness=3,
                width=10,
            ),
            hovertemplate=(
                _("Veränderung")
                + " %{x:,.1f} %<br>"
                + _("95-%-Intervall {lo} bis {hi}").format(lo=pct(r.ci_low_pct), hi=pct(r.ci_high_pct))
                + "<extra></extra>"
            ),
            showlegend=False,
            cliponaxis=False,
        )
    )
    lo, hi = min(0.0, r.ci_low_pct), max(0.0, r.ci_high_pct)
    pad = max((hi - lo) * 0.15, 1.0)
    fig.add_shape(_vline(0, dict(color="#000000", width=2)))
    fig.add_annotation(
        x=0,
        y=1,
        yref="paper",
        text=_("0 % = keine Veränderung"),
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
        xshift=4,
        font=dict(color=MUTED, size=12),
    )
    fig.update_layout(
        xaxis=dict(title=_("Veränderung in % (95-%-Intervall)"), ticksuffix=" %", range=[lo - pad, hi + pad], zeroline=False),
        yaxis=dict(showticklabels=False, showline=False, ticks="", rangemode="normal"),
        margin=dict(l=20, r=20, t=30, b=50),
    )
    return fig


def frame_days(series: pl.DataFrame) -> tuple[date | None, date | None]:
    if series.is_empty():
        return None, None
    return series["day"].min(), series["day"].max()


# --- every method side by side --------------------------------------------------------------------------------------


def adjusts_for(method: str) -> str:
    """What a method takes out of the comparison before it reads a change, in a few words."""
    texts = {
        "simple": _("nichts; gleiche Kalendermonate gleichen die Saison aus"),
        "adjusted": _("Wetter, Wochentag, Feiertage, Saison und Trend"),
        "its": _("Trend vor dem Stichtag, Saison, Wochentag und Feiertage"),
        "did": _("alles, was Station und Kontrollstationen gemeinsam trifft (Wetter, Saison, allgemeiner Trend)"),
    }
    return texts[method]


def methods_table(s: SideBySide) -> pl.DataFrame:
    """The side-by-side table: one row per method (the page's table and its download)."""
    rows = []
    for o in s.outcomes:
        r = o.result
        name = method_short(o.method)[0] + (" " + _("(Standard der Stadt)") if o.default else "")
        if o.error is not None:
            note = _("nicht anwendbar: {reason}").format(reason=error_text(o.error))
        elif o.method == "did" and o.comparison is not None:
            names = ", ".join(o.comparison.control_names)
            note = (
                _("vorgeschlagene Kontrollstationen: {names}") if o.suggested_controls else _("Kontrollstationen: {names}")
            ).format(names=names)
        else:
            note = ""
        rows.append(
            {
                _("Verfahren"): name,
                _("Veränderung (%)"): r.effect_pct if r else None,
                _("95-%-Intervall von (%)"): r.ci_low_pct if r else None,
                _("95-%-Intervall bis (%)"): r.ci_high_pct if r else None,
                _("Werte vorher"): r.n_before if r else None,
                _("Werte nachher"): r.n_after if r else None,
                _("Berücksichtigt"): adjusts_for(o.method),
                _("Hinweis"): note,
            }
        )
    return pl.DataFrame(rows, schema_overrides={_("Werte vorher"): pl.Int64, _("Werte nachher"): pl.Int64})


def disagreement_sentence(d: Disagreement | None, computed: int) -> str | None:
    """One plain sentence on whether the methods contradict each other (`d`, of `computed` results; None with fewer
    than two)."""
    if computed < 2:
        return None
    if d is None:
        return _(
            "Die Verfahren stimmen in der Richtung überein: alle Schätzungen haben dasselbe Vorzeichen, ihre "
            "95-%-Intervalle überschneiden sich."
        )
    a, b = (method_short(m)[0] for m in d.methods)
    if d.code == "no_overlap":
        return _(
            "Die Verfahren widersprechen sich; die 95-%-Intervalle von „{a}“ und „{b}“ überschneiden sich nicht – das "
            "kann geschehen, weil jedes Verfahren anderes herausrechnet (Trend, Wetter, die Entwicklung an "
            "Kontrollstationen) und deshalb einen anderen Teil der Veränderung der Maßnahme zuschreibt."
        ).format(a=a, b=b)
    return _(
        "Die Verfahren widersprechen sich; „{a}“ und „{b}“ schätzen Veränderungen in entgegengesetzter Richtung – das "
        "kann geschehen, wenn die Veränderung klein gegenüber der Unsicherheit ist oder wenn ein Verfahren einen Trend, "
        "das Wetter oder die Entwicklung an Kontrollstationen herausrechnet und das andere nicht."
    ).format(a=a, b=b)


def default_sentence(s: SideBySide) -> str:
    return _("Maßgeblich ist das Standardverfahren der Stadt für diese Art von Reihe: {name} (siehe Methodik).").format(
        name=method_short(s.default_method)[0]
    )
