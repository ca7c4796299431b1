"""Figures and sentences of the survey page: answer distribution per wave, summary per wave, honest change sentences."""
from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import format as fmt
from dashboard.theme import MUTED, PALETTE
from indicators.survey_views import NON_ANSWERS, QuestionView, ShareChange, answer_label
from indicators.surveys import WaveChange

SUPPRESSED = "weniger als 5 Antworten"
# answers differ by pattern as well as colour (and the share is written on each bar segment)
PATTERNS = ["", "/", ".", "x", "\\", "+", "-", "|"]
NEUTRAL = "#8C8C8C"


def distribution_figure(view: QuestionView) -> go.Figure:
    """Horizontal stacked bars, one per wave, of answer shares; a wave with a hidden cell is named, not drawn."""
    fig = go.Figure()
    labels = [w.label for w in view.waves]
    complete = {w.wave: view.complete(w.wave) for w in view.waves}
    for i, ans in enumerate(view.answers):
        cells = view.cells.filter(pl.col("answer") == ans)
        share = {w: s for w, s in cells.select("wave", "share").iter_rows()}
        xs = [share.get(w.wave) * 100 if complete[w.wave] and share.get(w.wave) is not None else None for w in view.waves]
        color = PALETTE[i % len(PALETTE)] if not _non_answer(ans) else NEUTRAL
        fig.add_trace(go.Bar(
            y=labels, x=xs, name=answer_label(ans), orientation="h",
            marker=dict(color=color, line=dict(color="#FFFFFF", width=1),
                        pattern=dict(shape=PATTERNS[i % len(PATTERNS)], fillmode="overlay", fgcolor="#FFFFFF", fgopacity=0.45, size=8,
                                     solidity=0.25)),
            text=[f"{fmt.number(x, 0)} %" if x is not None and x >= 6 else "" for x in xs],
            textposition="inside", insidetextanchor="middle", textfont=dict(color="#FFFFFF"),
            hovertemplate=answer_label(ans).replace("%", "%%") + ": %{x:,.1f} %<extra>%{y}</extra>",
        ))
    for w, label in zip(view.waves, labels, strict=True):
        hidden = view.suppressed_cells(w.wave)
        if hidden:
            fig.add_annotation(x=0, y=label, xref="x", yref="y", xanchor="left", showarrow=False,
                               text=f"{SUPPRESSED} in: {', '.join(answer_label(a) for a in hidden)} – Verteilung nicht dargestellt",
                               font=dict(color=MUTED), bgcolor="#FFFFFF")
    fig.update_layout(barmode="stack", xaxis=dict(title="Anteil der Antworten (%)", range=[0, 100], ticksuffix=" %"),
                      yaxis=dict(autorange="reversed", rangemode="normal", title=None), legend_traceorder="normal",
                      hovermode="closest", margin=dict(l=90))
    return fig


def _non_answer(ans: str) -> bool:
    return ans.strip().lower() in NON_ANSWERS


def summary_table(view: QuestionView) -> pl.DataFrame:
    """Respondents, mean and top-2-box per wave; not given where a cell is hidden (it could be solved for)."""
    rows = []
    for w in view.waves:
        s = view.summaries.get(w.wave)
        rows.append({
            "Welle": w.label,
            "Erhebung": fmt.day(w.survey_date),
            "Antworten": _respondents(view, w.wave, s),
            "Mittelwert (1–5)": _or_hidden(s, s.mean if s else None, lambda v: fmt.number(v, 2), view.is_scale),
            "Top-2-Box": _or_hidden(s, s.top2_share if s else None, lambda v: fmt.number(v * 100, 1, unit="%"), view.is_scale),
        })
    return pl.DataFrame(rows)


def _respondents(view: QuestionView, wave: str, s) -> str:  # noqa: ANN001
    if s is not None and s.n is not None:
        return fmt.number(s.n)
    cells = view.cells.filter(pl.col("wave") == wave)
    if not cells.is_empty() and cells["suppressed"].all():
        return SUPPRESSED
    return "nicht angegeben (Zellen unterdrückt)"


def _or_hidden(s, value, show, is_scale: bool) -> str:  # noqa: ANN001
    if s is not None and not s.complete:
        return "nicht angegeben (Zellen unterdrückt)"
    if not is_scale:
        return "– (keine Skala)"
    return show(value) if value is not None else "–"


def _interval(lo: float, hi: float, decimals: int, unit: str = "") -> str:
    return f"95-%-Intervall {fmt.number(lo, decimals, unit=unit)} bis {fmt.number(hi, decimals, unit=unit)}"


def _signed(v: float, decimals: int, unit: str = "") -> str:
    s = fmt.number(abs(v), decimals, unit=unit)
    return ("+" if v > 0 else "−" if v < 0 else "±") + s


def mean_change_sentence(c: WaveChange, labels: dict[str, str]) -> str:
    """Says a change only where the whole 95 % interval lies on one side of 0, and then its bounds, not more."""
    span = f"Von {labels[c.wave_from]} zu {labels[c.wave_to]}"
    d = f"Differenz {_signed(c.diff_mean, 2)} Skalenpunkte, {_interval(c.ci_low, c.ci_high, 2)}"
    if c.ci_low <= 0 <= c.ci_high:
        text = f"{span}: beim Mittelwert keine belastbare Veränderung ({d})."
    else:
        word = "gestiegen" if c.diff_mean > 0 else "gesunken"
        lo, hi = sorted((abs(c.ci_low), abs(c.ci_high)))
        text = (f"{span} ist der Mittelwert {word}, um {fmt.number(lo, 2)} bis {fmt.number(hi, 2)} Skalenpunkte "
                f"(95-%-Intervall; Punktschätzung {_signed(c.diff_mean, 2)}).")
    p = f"{_signed(c.diff_top2 * 100, 1)} Prozentpunkte, {_interval(c.top2_ci_low * 100, c.top2_ci_high * 100, 1)}"
    if c.top2_ci_low <= 0 <= c.top2_ci_high:
        text += f" Top-2-Box: keine belastbare Veränderung ({p})."
    else:
        lo, hi = sorted((abs(c.top2_ci_low * 100), abs(c.top2_ci_high * 100)))
        word = "gestiegen" if c.diff_top2 > 0 else "gesunken"
        text += f" Der Top-2-Box-Anteil ist um {fmt.number(lo, 1)} bis {fmt.number(hi, 1)} Prozentpunkte {word} ({p})."
    return text


def share_change_sentence(c: ShareChange, labels: dict[str, str]) -> str:
    span = f"Von {labels[c.wave_from]} zu {labels[c.wave_to]}"
    name = f"„{answer_label(c.answer)}“"
    p = f"{_signed(c.diff * 100, 1)} Prozentpunkte, {_interval(c.ci_low * 100, c.ci_high * 100, 1)}"
    if c.ci_low <= 0 <= c.ci_high:
        return f"{span}: beim Anteil {name} keine belastbare Veränderung ({p})."
    lo, hi = sorted((abs(c.ci_low * 100), abs(c.ci_high * 100)))
    word = "gestiegen" if c.diff > 0 else "gesunken"
    return f"{span} ist der Anteil {name} um {fmt.number(lo, 1)} bis {fmt.number(hi, 1)} Prozentpunkte {word} ({p})."


def change_sentences(view: QuestionView) -> list[str]:
    labels = {w.wave: w.label for w in view.waves}
    out = [mean_change_sentence(c, labels) for c in view.changes]
    out += [share_change_sentence(c, labels) for c in view.share_changes]
    if not out and len(view.waves) > 1:
        out.append("Eine Veränderung zwischen den Wellen wird nicht angegeben: "
                   f"in mindestens einer Welle gibt es Antwortkategorien mit {SUPPRESSED}.")
    elif len(view.waves) < 2:
        out.append("Nur eine Welle: noch kein Vergleich möglich.")
    return out


def caption(view: QuestionView) -> str:
    """The chart's message in words: the latest complete wave's largest answer and the first change sentence."""
    parts = []
    for w in reversed(view.waves):
        if view.complete(w.wave):
            top = view.cells.filter(pl.col("wave") == w.wave).sort("share", descending=True, nulls_last=True).row(0, named=True)
            parts.append(f"{w.label} ({fmt.day(w.survey_date)}): häufigste Antwort „{answer_label(top['answer'])}“ "
                         f"mit {fmt.number(top['share'] * 100, 0)} %.")
            break
    hidden = [w.label for w in view.waves if view.suppressed_cells(w.wave)]
    if hidden:
        parts.append(f"{', '.join(hidden)}: Kategorien mit {SUPPRESSED} werden nicht gezeigt.")
    return " ".join(parts) or "Keine darstellbaren Antworten."


def headline(view: QuestionView) -> str:
    """Short message for the card title; claims a change only where the interval excludes 0."""
    if not view.changes and not view.share_changes:
        if any(view.suppressed_cells(w.wave) for w in view.waves):
            return f"teils {SUPPRESSED}"
        return "Verteilung der Antworten"
    if view.changes:
        c = view.changes[-1]
        if c.ci_low <= 0 <= c.ci_high:
            return "Mittelwert ohne belastbare Veränderung"
        return "Mittelwert belastbar " + ("gestiegen" if c.diff_mean > 0 else "gesunken")
    moved = [c for c in view.share_changes if not (c.ci_low <= 0 <= c.ci_high)]
    if not moved:
        return "Anteile ohne belastbare Veränderung"
    c = max(moved, key=lambda c: abs(c.diff))
    return f"Anteil „{answer_label(c.answer)}“ belastbar " + ("gestiegen" if c.diff > 0 else "gesunken")
