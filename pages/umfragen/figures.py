"""Figures and sentences of the survey page: answer distribution per wave, summary per wave, honest change sentences."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import polars as pl
from plotly.colors import sample_colorscale

from dashboard import format as fmt
from dashboard.i18n import _, current_lang
from dashboard.i18n_tables import tr_frame
from dashboard.theme import MUTED, PALETTE, contrast_ratio
from indicators import survey_views as sv
from indicators.survey_views import NON_ANSWERS, QuestionView, ShareChange
from indicators.survey_views import answer_label as _answer_label_de
from indicators.surveys import WaveChange, likert_value

SUPPRESSED = "weniger als 5 Antworten"  # German; shown through `_()`


def answer_label(answer: str) -> str:
    """An answer as the reader reads it: scale points, Ja/Nein and the usual categories translated."""
    return answer_text(_answer_label_de(answer))


def answer_text(label: str) -> str:
    """A German answer label (`survey_views.answer_label`) in the reader's language."""
    if m := re.fullmatch(r"Skalenwert (\d+)", label):
        return _("Skalenwert {n}").format(n=m[1])
    return _(label)


def wave_label(label: str) -> str:
    """`Welle 2` in the reader's language (other wave names stay as they are)."""
    if m := re.fullmatch(r"Welle (\d+)", label):
        return _("Welle {n}").format(n=m[1])
    return label


def _suppressed() -> str:
    return _(SUPPRESSED)


def has_public_answers(view: QuestionView) -> bool:
    """Whether any wave of the question can be drawn (a wave with a hidden cell is named, not drawn)."""
    return any(view.complete(w.wave) for w in view.waves)


def no_answers_text(view: QuestionView) -> str:
    """Why a question shows no distribution: every wave has an answer category with fewer than 5 answers."""
    return _(
        "Keine Verteilung darstellbar: in jeder Welle hat mindestens eine Antwortkategorie {suppressed} "
        "(zum Schutz der Befragten wird sie nicht veröffentlicht, und ohne sie ließen sich die Anteile zurückrechnen)."
    ).format(suppressed=_suppressed())


# answers differ by pattern as well as colour (and the share is written on each bar segment)
PATTERNS = ["", "/", ".", "x", "\\", "+", "-", "|"]
NEUTRAL = "#8C8C8C"
# Scale answers (Likert) diverge from negative to positive: orange for the low end, light grey for the middle, blue for
# the high end (Brewer's PuOr/RdBu family, readable with red-green colour blindness); 1 = most negative.
LIKERT = ["#B35806", "#F1A340", "#E0E0E0", "#67A9CF", "#2166AC"]


def likert_colors(points: list[int]) -> dict[int, str]:
    """The colour of each scale point, spread over the diverging scale from the lowest point to the highest."""
    lo, hi = min(points), max(points)
    scale = [[i / (len(LIKERT) - 1), c] for i, c in enumerate(LIKERT)]
    if hi == lo:
        return {lo: LIKERT[len(LIKERT) // 2]}
    return {p: _hex(sample_colorscale(scale, [(p - lo) / (hi - lo)])[0]) for p in points}


def _hex(color: str) -> str:
    """`rgb(r, g, b)` (plotly's sampled colours) as `#RRGGBB`."""
    if color.startswith("#"):
        return color.upper()
    r, g, b = (round(float(v)) for v in color[color.index("(") + 1 : color.index(")")].split(",")[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


def text_color(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (the share written on a bar segment)."""
    return "#FFFFFF" if contrast_ratio("#FFFFFF", fill) >= contrast_ratio("#000000", fill) else "#000000"


def distribution_figure(view: QuestionView) -> go.Figure:
    """Horizontal stacked bars, one per wave, of answer shares; a wave with a hidden cell is named, not drawn."""
    fig = go.Figure()
    labels = [wave_label(w.label) for w in view.waves]
    complete = {w.wave: view.complete(w.wave) for w in view.waves}
    points = {a: likert_value(a) for a in view.answers if not _non_answer(a)}
    scale = likert_colors([p for p in points.values() if p is not None]) if view.is_scale and any(points.values()) else {}
    for i, ans in enumerate(view.answers):
        cells = view.cells.filter(pl.col("answer") == ans)
        share = {w: s for w, s in cells.select("wave", "share").iter_rows()}
        xs = [share.get(w.wave) * 100 if complete[w.wave] and share.get(w.wave) is not None else None for w in view.waves]
        point = points.get(ans)
        if _non_answer(ans):
            color = NEUTRAL
        elif point is not None and point in scale:
            color = scale[point]
        else:
            color = PALETTE[i % len(PALETTE)]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=xs,
                name=answer_label(ans),
                orientation="h",
                marker=dict(
                    color=color,
                    line=dict(color="#FFFFFF", width=1),
                    pattern=dict(
                        shape=PATTERNS[i % len(PATTERNS)],
                        fillmode="overlay",
                        fgcolor=text_color(color),
                        fgopacity=0.45,
                        size=8,
                        solidity=0.25,
                    ),
                ),
                text=[f"{fmt.number(x, 0)} %" if x is not None and x >= 6 else "" for x in xs],
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(color=text_color(color)),
                hovertemplate=answer_label(ans).replace("%", "%%") + ": %{x:,.1f} %<extra>%{y}</extra>",
            )
        )
    for w, label in zip(view.waves, labels, strict=True):
        hidden = view.suppressed_cells(w.wave)
        if hidden:
            fig.add_annotation(
                x=0,
                y=label,
                xref="x",
                yref="y",
                xanchor="left",
                showarrow=False,
                text=_("{suppressed} in: {answers} – Verteilung nicht dargestellt").format(
                    suppressed=_suppressed(), answers=", ".join(answer_label(a) for a in hidden)
                ),
                font=dict(color=MUTED),
                bgcolor="#FFFFFF",
            )
    fig.update_layout(
        barmode="stack",
        xaxis=dict(title=_("Anteil der Antworten (%)"), range=[0, 100], ticksuffix=" %"),
        yaxis=dict(autorange="reversed", rangemode="normal", title=None),
        legend_traceorder="normal",
        hovermode="closest",
        margin=dict(l=90),
    )
    return fig


def distribution_table(view: QuestionView) -> pl.DataFrame:
    """`survey_views.distribution_table` in the reader's language (the German one is the default download)."""
    return translate_distribution(sv.distribution_table(view))


def translate_distribution(t: pl.DataFrame) -> pl.DataFrame:
    if current_lang() == "de":
        return t
    waves = {v: wave_label(v) for v in t["Welle"].drop_nulls().unique().to_list()}
    answers = {v: answer_text(v) for v in t["Antwort"].drop_nulls().unique().to_list()}
    t = t.with_columns(pl.col("Welle").replace(waves), pl.col("Antwort").replace(answers))
    return tr_frame(t.rename({"Anzahl": "Anzahl der Antworten"}), "Hinweis")


def _non_answer(ans: str) -> bool:
    return ans.strip().lower() in NON_ANSWERS


def summary_table(view: QuestionView) -> pl.DataFrame:
    """Respondents, mean and top-2-box per wave; not given where a cell is hidden (it could be solved for)."""
    rows = []
    for w in view.waves:
        s = view.summaries.get(w.wave)
        rows.append(
            {
                _("Welle"): wave_label(w.label),
                _("Erhebung"): fmt.day(w.survey_date),
                _("Antworten"): _respondents(view, w.wave, s),
                _("Mittelwert (1–5)"): _or_hidden(s, s.mean if s else None, lambda v: fmt.number(v, 2), view.is_scale),
                _("Top-2-Box"): _or_hidden(
                    s, s.top2_share if s else None, lambda v: fmt.number(v * 100, 1, unit="%"), view.is_scale
                ),
            }
        )
    return pl.DataFrame(rows)


def _respondents(view: QuestionView, wave: str, s) -> str:  # noqa: ANN001
    if s is not None and s.n is not None:
        return fmt.number(s.n)
    cells = view.cells.filter(pl.col("wave") == wave)
    if not cells.is_empty() and cells["suppressed"].all():
        return _suppressed()
    return _("nicht angegeben (Zellen unterdrückt)")


def _or_hidden(s, value, show, is_scale: bool) -> str:  # noqa: ANN001
    if s is not None and not s.complete:
        return _("nicht angegeben (Zellen unterdrückt)")
    if not is_scale:
        return _("– (keine Skala)")
    return show(value) if value is not None else "–"


def _interval(lo: float, hi: float, decimals: int, unit: str = "") -> str:
    return _("95-%-Intervall {lo} bis {hi}").format(
        lo=fmt.number(lo, decimals, unit=unit), hi=fmt.number(hi, decimals, unit=unit)
    )


def _signed(v: float, decimals: int, unit: str = "") -> str:
    s = fmt.number(abs(v), decimals, unit=unit)
    return ("+" if v > 0 else "−" if v < 0 else "±") + s


def mean_change_sentence(c: WaveChange, labels: dict[str, str]) -> str:
    """Says a change only where the whole 95 % interval lies on one side of 0, and then its bounds, not more."""
    waves = {"a": wave_label(labels[c.wave_from]), "b": wave_label(labels[c.wave_to])}
    d = _("Differenz {diff} Skalenpunkte, {interval}").format(
        diff=_signed(c.diff_mean, 2), interval=_interval(c.ci_low, c.ci_high, 2)
    )
    if c.ci_low <= 0 <= c.ci_high:
        text = _("Von {a} zu {b}: beim Mittelwert keine belastbare Veränderung ({d}).").format(**waves, d=d)
    else:
        lo, hi = sorted((abs(c.ci_low), abs(c.ci_high)))
        text = (
            _(
                "Von {a} zu {b} ist der Mittelwert gestiegen, um {lo} bis {hi} Skalenpunkte (95-%-Intervall; "
                "Punktschätzung {diff})."
            )
            if c.diff_mean > 0
            else _(
                "Von {a} zu {b} ist der Mittelwert gesunken, um {lo} bis {hi} Skalenpunkte (95-%-Intervall; "
                "Punktschätzung {diff})."
            )
        ).format(**waves, lo=fmt.number(lo, 2), hi=fmt.number(hi, 2), diff=_signed(c.diff_mean, 2))
    p = _("{diff} Prozentpunkte, {interval}").format(
        diff=_signed(c.diff_top2 * 100, 1), interval=_interval(c.top2_ci_low * 100, c.top2_ci_high * 100, 1)
    )
    if c.top2_ci_low <= 0 <= c.top2_ci_high:
        text += " " + _("Top-2-Box: keine belastbare Veränderung ({p}).").format(p=p)
    else:
        lo, hi = sorted((abs(c.top2_ci_low * 100), abs(c.top2_ci_high * 100)))
        text += " " + (
            _("Der Top-2-Box-Anteil ist um {lo} bis {hi} Prozentpunkte gestiegen ({p}).")
            if c.diff_top2 > 0
            else _("Der Top-2-Box-Anteil ist um {lo} bis {hi} Prozentpunkte gesunken ({p}).")
        ).format(lo=fmt.number(lo, 1), hi=fmt.number(hi, 1), p=p)
    return text


def share_change_sentence(c: ShareChange, labels: dict[str, str]) -> str:
    waves = {"a": wave_label(labels[c.wave_from]), "b": wave_label(labels[c.wave_to])}
    name = answer_label(c.answer)
    p = _("{diff} Prozentpunkte, {interval}").format(
        diff=_signed(c.diff * 100, 1), interval=_interval(c.ci_low * 100, c.ci_high * 100, 1)
    )
    if c.ci_low <= 0 <= c.ci_high:
        return _("Von {a} zu {b}: beim Anteil „{name}“ keine belastbare Veränderung ({p}).").format(**waves, name=name, p=p)
    lo, hi = sorted((abs(c.ci_low * 100), abs(c.ci_high * 100)))
    text = (
        _("Von {a} zu {b} ist der Anteil „{name}“ um {lo} bis {hi} Prozentpunkte gestiegen ({p}).")
        if c.diff > 0
        else _("Von {a} zu {b} ist der Anteil „{name}“ um {lo} bis {hi} Prozentpunkte gesunken ({p}).")
    )
    return text.format(**waves, name=name, lo=fmt.number(lo, 1), hi=fmt.number(hi, 1), p=p)


def change_sentences(view: QuestionView) -> list[str]:
    labels = {w.wave: w.label for w in view.waves}
    out = [mean_change_sentence(c, labels) for c in view.changes]
    out += [share_change_sentence(c, labels) for c in view.share_changes]
    if not out and len(view.waves) > 1:
        out.append(
            _(
                "Eine Veränderung zwischen den Wellen wird nicht angegeben: in mindestens einer Welle gibt es "
                "Antwortkategorien mit {suppressed}."
            ).format(suppressed=_suppressed())
        )
    elif len(view.waves) < 2:
        out.append(_("Nur eine Welle: noch kein Vergleich möglich."))
    return out


def caption(view: QuestionView) -> str:
    """The chart's message in words: the latest complete wave's largest answer and the first change sentence."""
    parts = []
    for w in reversed(view.waves):
        if view.complete(w.wave):
            top = view.cells.filter(pl.col("wave") == w.wave).sort("share", descending=True, nulls_last=True).row(0, named=True)
            parts.append(
                _("{wave} ({day}): häufigste Antwort „{answer}“ mit {share} %.").format(
                    wave=wave_label(w.label),
                    day=fmt.day(w.survey_date),
                    answer=answer_label(top["answer"]),
                    share=fmt.number(top["share"] * 100, 0),
                )
            )
            break
    hidden = [wave_label(w.label) for w in view.waves if view.suppressed_cells(w.wave)]
    if hidden:
        parts.append(
            _("{waves}: Kategorien mit {suppressed} werden nicht gezeigt.").format(
                waves=", ".join(hidden), suppressed=_suppressed()
            )
        )
    return " ".join(parts) or _("Keine darstellbaren Antworten.")


def headline(view: QuestionView) -> str:
    """Short message for the card title; claims a change only where the interval excludes 0."""
    if view.waves and not has_public_answers(view):  # nothing drawable at all: not "teils"
        return _suppressed()
    if not view.changes and not view.share_changes:
        if any(view.suppressed_cells(w.wave) for w in view.waves):
            return _("teils {suppressed}").format(suppressed=_suppressed())
        return _("Verteilung der Antworten")
    if view.changes:
        c = view.changes[-1]
        if c.ci_low <= 0 <= c.ci_high:
            return _("Mittelwert ohne belastbare Veränderung")
        return _("Mittelwert belastbar gestiegen") if c.diff_mean > 0 else _("Mittelwert belastbar gesunken")
    moved = [c for c in view.share_changes if not (c.ci_low <= 0 <= c.ci_high)]
    if not moved:
        return _("Anteile ohne belastbare Veränderung")
    c = max(moved, key=lambda c: abs(c.diff))
    return (_("Anteil „{answer}“ belastbar gestiegen") if c.diff > 0 else _("Anteil „{answer}“ belastbar gesunken")).format(
        answer=answer_label(c.answer)
    )
