"""How the domain's codes look to a reader: progress status (words, colour, icon), IOOI level names and the
explanation of a progress value, a measure's status (colour, pattern, icon), the verdict of a before/after comparison. Labels are German, shown through `dashboard.i18n._` like every other text."""

from __future__ import annotations

from dashboard import format as fmt
from dashboard.i18n import N_, _, current_lang
from dashboard.theme import MUTED, PALETTE
from indicators.before_after import Result
from indicators.labels import VERDICT_SHORT_DE, verdict_text
from indicators.progress import Period
from indicators.status import IndicatorStatus

# what a compared value is, by basis (`indicators.progress.BASES`); {period} is its year or its months
BASIS_PERIOD: dict[str, str] = {
    "annual_mean": N_("Jahresmittel {period}"),
    "annual_sum": N_("Jahressumme {period}"),
    "rolling_12m": N_("Mittel {period}"),
    "last_value": N_("Wert {period}"),
}

# German words, colour (colour-blind-safe, Okabe-Ito based) and an icon character: never colour alone
STATUS_DISPLAY: dict[str, dict[str, str]] = {
    "target_achieved": {"label": N_("Ziel erreicht"), "color": "#005A9C", "icon": "★"},
    "substantial_progress": {"label": N_("Auf Kurs"), "color": "#007A5A", "icon": "▲"},
    "moderate_progress": {"label": N_("Fortschritt, Beschleunigung nötig"), "color": "#8A6D00", "icon": "◢"},
    "limited_progress": {"label": N_("Geringer Fortschritt"), "color": "#B35900", "icon": "▬"},
    "deterioration": {"label": N_("Verschlechterung"), "color": "#B0003A", "icon": "▼"},
    "not_available": {"label": N_("Nicht bewertbar"), "color": "#595959", "icon": "?"},
}

# Status of a measure: colour, fill pattern and an icon, and always its name as text (never colour alone)
MEASURE_STATUS_STYLE: dict[str, dict[str, str]] = {
    "geplant": {"color": MUTED, "pattern": "/", "icon": "○"},
    "in_umsetzung": {"color": PALETTE[0], "pattern": "", "icon": "◐"},
    "umgesetzt": {"color": PALETTE[2], "pattern": "", "icon": "●"},
    "pausiert": {"color": PALETTE[1], "pattern": "x", "icon": "Ⅱ"},
}

# the IOOI levels with what each means (indicator page, measure page)
IOOI_LABELS: dict[str, str] = {
    "input": N_("Input (eingesetzte Mittel)"),
    "output": N_("Output (Leistung)"),
    "outcome": N_("Outcome (Wirkung bei Zielgruppe)"),
    "impact": N_("Impact (Wirkung in der Stadt)"),
}

# `indicators.progress.Progress.reason` codes; `{x}` is the progress value
PROGRESS_REASONS: dict[str, str] = {
    "values_missing": N_("Basiswert oder aktueller Wert fehlt"),
    "target_met": N_("Zielwert erreicht"),
    "no_value_after_baseline": N_("noch kein Wert nach dem Basisdatum"),
    "less_than_a_year": N_("weniger als ein Jahr zwischen Basis- und aktuellem Wert"),
    "growth_undefined": N_("Wachstumsrate für Werte ≤ 0 nicht definiert"),
    "target_invalid": N_("Zieldatum vor dem Basisdatum oder Zielwert ≤ 0"),
    "growth_ratio": N_("erreichte / nötige Wachstumsrate = {x}"),
    "directed_growth": N_("jährliche Veränderung in Zielrichtung {x}"),
}


def status_label(status: str) -> str:
    """The progress status in words, in the reader's language."""
    return _(STATUS_DISPLAY[status]["label"])


def ioo_label(level: str) -> str:
    return _(IOOI_LABELS.get(level, level))


def progress_reason(reason: str, value: float | None) -> str:
    """How a progress status came about, with its number in the dashboard's format (`0,85`, `+4,5 %`)."""
    template = PROGRESS_REASONS.get(reason)
    if template is None:
        return _(reason)
    if value is None or "{x}" not in template:
        return _(template)
    x = fmt.number(value, 2) if reason == "growth_ratio" else fmt.percent(value * 100, sign=True)
    return _(template).format(x=x)


def compared_label(basis: str, p: Period) -> str:
    """A compared value's period in words: `Jahresmittel 2025`, `Mittel 01.2025–12.2025`, `Wert 31.12.2020`."""
    if basis in ("annual_mean", "annual_sum"):
        period = str(p.start.year)
    elif basis == "rolling_12m":
        period = f"{p.start:%m.%Y}–{p.end:%m.%Y}"
    else:
        period = fmt.day(p.start)
    return _(BASIS_PERIOD.get(basis, "{period}")).format(period=period)


def progress_sentence(st: IndicatorStatus, unit: str) -> str:
    """The progress status with the two values it compared, in one sentence: the only wording of progress under a
    chart, on the indicator page and on a slide (the badge shows `status_label` of the same status)."""
    label = status_label(st.progress_status)
    b, c = st.compared_baseline, st.compared_current
    if b is None or c is None:
        return _("Fortschritt: {label} ({reason}).").format(
            label=label, reason=progress_reason(st.progress_reason, st.progress_value)
        )
    # both values with the same precision: `Jahresmittel 2025: 18,8 µg/m³ gegenüber Jahresmittel 2023: 21,0 µg/m³`
    decimals = max(fmt.decimals_for(c.value, unit), fmt.decimals_for(b.value, unit))
    return _("Fortschritt: {label} – {current}: {cv} gegenüber {base}: {bv}.").format(
        label=label,
        current=compared_label(st.progress_basis, c),
        cv=fmt.value(c.value, unit, decimals=decimals),
        base=compared_label(st.progress_basis, b),
        bv=fmt.value(b.value, unit, decimals=decimals),
    )


def verdict(r: Result) -> str:
    """`Result.verdict_code` with its numbers as one sentence in the reader's language, claiming no more than the
    interval supports (the words: `indicators.labels.VERDICT_DE`, the same sentence as the command line's)."""
    return verdict_text(r, _, lang=current_lang())


def verdict_short(r: Result) -> str:
    """The verdict in two to four words (a slide)."""
    return _(VERDICT_SHORT_DE.get(r.verdict_code, VERDICT_SHORT_DE["uncertain"]))
