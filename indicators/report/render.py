"""The Wirkungsbericht as one self-contained, accessible HTML file (inline CSS, charts as inline SVG images).

German texts in `_()` / `N_()`, English from the app's catalogue (`indicators.report.i18n`); numbers through
`indicators.formatting`, the words for status codes from `indicators.labels` (the app's words). Every shown number
carries its exact value in `data-value`, so tests compare the report with the warehouse.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, is_dataclass
from datetime import date
from html import escape
from typing import Any

from indicators import formatting
from indicators import plans as plans_mod
from indicators.labels import (
    EXPECTED_DIRECTION_DE,
    MEASURE_STATUS_DE,
    METHOD_NAMES_DE,
    PLAN_LATE_DE,
    REASON_DE,
    STATUS_DE,
    plan_assessment_text,
    plan_below_mde_text,
    verdict_text,
)
from indicators.measures import MeasureDetail
from indicators.report import chart
from indicators.report.content import FieldEntry, IndicatorEntry, MeasureEntry, ReportData
from indicators.report.i18n import translator
from indicators.texts import N_

SITE = N_("Wirkungsmonitor Offenbach")
ZIELBILD = N_("Zielbild")
NO_MEASURES = N_("Keine Maßnahmen in Umsetzung oder Planung.")
TO_MEASURE = N_("Zur Maßnahme")
KEY_FIGURES = N_("Kennzahlen: {name}")
NO_VALUES = N_("Für diesen Zeitraum liegen keine Werte vor.")
FIG_CAPTION = N_("Grafik: {name} ({what}), {first} bis {last}")
BACKLOG_EMPTY = N_("Der Maßnahmenspeicher ist leer.")
BACKLOG_CAPTION = N_("Maßnahmen im Maßnahmenspeicher")
PAGE = N_("Seite")
SKIP = N_("Zum Inhalt springen")
TITLE = N_("Wirkungsbericht {year}")
DEMO_NOTE = N_("Demodaten")
DEMO_LONG = N_("Demodaten: generierte Zahlen zum Ausprobieren, keine Messwerte der Stadt.")
EXAMPLE = N_("Beispielwert")
NOT_RECORDED = N_("nicht erfasst")
NO_PLANS = N_("Noch keine Evaluationspläne veröffentlicht.")
# the reasons of a progress value with its number (the app's msgids, dashboard/status_display.py)
REASON_WITH_VALUE = {
    "growth_ratio": N_("erreichte / nötige Wachstumsrate = {x}"),
    "directed_growth": N_("jährliche Veränderung in Zielrichtung {x}"),
}

CSS = """
@page { size: A4; margin: 20mm 16mm 18mm 16mm; }
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1a1a1a;
  background: #fff; max-width: 180mm; margin: 0 auto; padding: 0 4mm; }
a { color: #00487c; }
.skip { position: absolute; left: -10000px; top: 0; }
.skip:focus { position: static; }
h1 { font-size: 22pt; margin: 0 0 2mm; }
h2 { font-size: 16pt; margin: 8mm 0 3mm; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; }
h4 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
section.field { break-before: page; }
.demo { background: #fff3c4; border: 2px solid #8a6d00; padding: 2mm 3mm; font-weight: bold; }
.demo-badge { display: inline-block; background: #fff3c4; border: 1px solid #8a6d00; padding: 0 2mm;
  font-size: 9pt; font-weight: bold; }
.meta { color: #404040; }
blockquote.zielbild { margin: 2mm 0 4mm; padding: 2mm 4mm; border-left: 4px solid #005a9c; background: #f2f6fa; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 2mm 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 2mm 0 4mm; width: 100%; }
caption { text-align: left; font-weight: bold; padding-bottom: 1mm; }
th, td { border: 1px solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
figure { margin: 2mm 0; break-inside: avoid; }
figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 9pt; color: #404040; }
table.series { font-size: 9pt; width: 120mm; }
@media print { body { max-width: none; padding: 0; } }
.indicator h4 + table { break-inside: avoid; }
"""


def _attr(v: float | None) -> str:
    return "" if v is None else f' data-value="{v!r}"'


def _date(d: date | None, lang: str) -> str:
    if d is None:
        return "–"
    return f"{d:%d.%m.%Y}" if lang == "de" else d.isoformat()


def _period(d: date, update_interval: str, monthly_means: bool, lang: str) -> str:
    """How a chart period is named in its table: a year, a month or a day."""
    if update_interval.startswith("P") and ("Y" in update_interval) and not monthly_means:
        return str(d.year)
    if monthly_means or "M" in update_interval.removeprefix("P").split("T")[0]:
        return f"{d:%m/%Y}" if lang == "de" else f"{d:%Y-%m}"
    return _date(d, lang)


class _Html:
    """The report's HTML, built for one language."""

    def __init__(self, data: ReportData) -> None:
        self.data = data
        self.lang = data.lang
        self._: Callable[[str], str] = translator(data.lang)

    def value(self, v: float | None, unit: str) -> str:
        return formatting.value(v, unit, lang=self.lang, word=self._(formatting.unit_word(unit)))

    def render(self) -> str:
        _ = self._
        d = self.data
        title = _(TITLE).format(year=d.year)
        body: list[str] = [
            f'<a class="skip" href="#inhalt">{escape(_(SKIP))}</a>',
            "<header>",
            f"<h1>{escape(title)}</h1>",
            f'<p class="meta">{escape(_(SITE))} · {escape(self._kind())}</p>',
        ]
        if d.demo:
            body.append(f'<p class="demo" role="note" data-demo="1">{escape(_(DEMO_LONG))}</p>')
        body.append(f'<p class="meta">{self._stand()}</p>')
        body.append(self._toc())
        body.append("</header>")
        body.append('<main id="inhalt">')
        body.append(self._about())
        for f in d.fields:
            body.append(self._field(f))
        body.append(self._plans())
        body.append(self._backlog())
        body.append(self._methods())
        body.append("</main>")
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{self.lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} – {escape(_(SITE))}</title>"
            f'<meta name="description" content="{escape(title)}">'
            f"<style>{CSS}</style></head><body>" + "\n".join(body) + "</body></html>\n"
        )

    def _kind(self) -> str:
        _ = self._
        return _("Öffentliche Fassung (nur öffentliche Indikatoren)") if self.data.public else _("Interne Fassung")

    def _stand(self) -> str:
        _ = self._
        d = self.data
        parts = [_("Datenstand: {day}").format(day=_date(d.data_date, self.lang))]
        if d.published_at:
            parts.append(_("veröffentlicht: {when}").format(when=d.published_at[:10]))
        return escape(" · ".join(parts))

    def _toc(self) -> str:
        _ = self._
        items = [("ueber", _("Über diesen Bericht"))]
        items += [(f"hf-{f.action_field_id}", f.name) for f in self.data.fields]
        items += [
            ("evaluationsplaene", _("Evaluationspläne")),
            ("massnahmenspeicher", _("Maßnahmenspeicher")),
            ("methoden", _("Methoden")),
        ]
        lis = "".join(f'<li><a href="#{escape(i)}">{escape(t)}</a></li>' for i, t in items)
        return f'<nav aria-label="{escape(_("Inhalt"))}"><ol>{lis}</ol></nav>'

    def _about(self) -> str:
        _ = self._
        text = _(
            "Der Wirkungsbericht fasst für ein Jahr zusammen, was der Wirkungsmonitor zeigt: je Handlungsfeld das "
            "Zielbild der Strategie, die Maßnahmen mit Stand, Verantwortung und Ressourcen und ihre Indikatoren mit "
            "aktuellem Wert, Basiswert, Ziel und Fortschritt. Alle Zahlen stammen aus dem veröffentlichten Snapshot "
            "des Datenbestands; die Werte eines Jahres reichen bis zum 31. Dezember."
        )
        return f'<section aria-labelledby="ueber"><h2 id="ueber">{escape(_("Über diesen Bericht"))}</h2><p>{escape(text)}</p></section>'

    def _field(self, f: FieldEntry) -> str:
        _ = self._
        out = [
            f'<section class="field" aria-labelledby="hf-{escape(f.action_field_id)}">',
            f'<h2 id="hf-{escape(f.action_field_id)}">{escape(_("Handlungsfeld"))}: {escape(f.name)}</h2>',
        ]
        if self.data.demo:
            out.append(f'<p><span class="demo-badge">{escape(_(DEMO_NOTE))}</span></p>')
        out.append(f"<p><strong>{escape(_(ZIELBILD))}</strong></p>")
        out.append(f'<blockquote class="zielbild" data-field="{escape(f.action_field_id)}">{escape(f.zielbild)}</blockquote>')
        if not f.measures:
            out.append(f"<p>{escape(_(NO_MEASURES))}</p>")
        for m in f.measures:
            out.append(self._measure(m, f))
        out.append("</section>")
        return "\n".join(out)

    def _measure(self, m: MeasureEntry, f: FieldEntry) -> str:
        _ = self._
        d = m.detail
        if m.first_field != f.action_field_id:
            first = next((x for x in self.data.fields if x.action_field_id == m.first_field), None)
            where = first.name if first else ""
            return (
                f"<h3>{escape(d.title)}</h3><p>"
                + escape(_("Diese Maßnahme steht ausführlich im Handlungsfeld {name}.").format(name=where))
                + f' <a href="#m-{escape(d.measure_id)}">{escape(_(TO_MEASURE))}</a></p>'
            )
        out = [
            f'<article class="measure" data-measure="{escape(d.measure_id)}">',
            f'<h3 id="m-{escape(d.measure_id)}">{escape(d.title)}</h3>',
        ]
        if d.description:
            out.append(f"<p>{escape(d.description)}</p>")
        out.append(self._facts(d))
        if not m.indicators:
            none = _("Keine öffentlichen Indikatoren.") if self.data.public else _("Keine Indikatoren.")
            out.append(f"<p>{escape(none)}</p>")
        for e in m.indicators:
            out.append(self._indicator(e))
        out.append("</article>")
        return "\n".join(out)

    def _facts(self, d: MeasureDetail) -> str:
        _ = self._
        ex = f' <span class="demo-badge">{escape(_(EXAMPLE))}</span>' if d.is_example else ""
        budget = "–" if d.budget_eur is None else formatting.number(d.budget_eur, 0, unit="€", lang=self.lang)
        staff = "–" if d.staff_fte is None else formatting.number(d.staff_fte, 1, unit=_("VZÄ"), lang=self.lang)
        period = f"{_date(d.start_date, self.lang)} – {_date(d.end_date, self.lang)}"
        rows = [
            ("status", _("Status"), escape(_(MEASURE_STATUS_DE.get(d.status, d.status))), None),
            ("responsible", _("Verantwortlich"), escape(d.responsible_unit or "–"), None),
            ("budget", _("Budget"), escape(budget) + ex, d.budget_eur),
            (
                "staff",
                _("Personal"),
                escape(staff) + (" " + escape(_("(Vollzeitäquivalente)")) if d.staff_fte is not None else "") + ex,
                d.staff_fte,
            ),
            ("period", _("Zeitraum"), escape(period), None),
        ]
        items = "".join(f'<dt>{escape(label)}</dt><dd data-field="{key}"{_attr(v)}>{text}</dd>' for key, label, text, v in rows)
        return f'<dl class="facts">{items}</dl>'

    def _reason(self, e: IndicatorEntry) -> str:
        _ = self._
        st = e.status
        template = REASON_WITH_VALUE.get(st.progress_reason)
        if template is not None and st.progress_value is not None:
            x = (
                formatting.number(st.progress_value, 2, lang=self.lang)
                if st.progress_reason == "growth_ratio"
                else formatting.percent(st.progress_value * 100, sign=True, lang=self.lang)
            )
            return _(template).format(x=x)
        return _(REASON_DE.get(st.progress_reason, st.progress_reason))

    def _indicator(self, e: IndicatorEntry) -> str:
        _ = self._
        ind, st = e.indicator, e.status
        name = ind.text("name", self.lang)
        name = _(name) if self.lang != "de" and name == ind.name else name
        ex = f' <span class="demo-badge">{escape(_(EXAMPLE))}</span>' if ind.is_example else ""
        latest = self.value(st.latest_value, ind.unit)
        if st.latest_period is not None:
            latest += f" ({_period(st.latest_period, ind.update_interval, False, self.lang)})"
        rows = [
            ("latest", _("Aktueller Wert"), escape(latest), st.latest_value),
            (
                "baseline",
                _("Basiswert"),
                escape(
                    self.value(ind.baseline_value, ind.unit)
                    + (f" ({_date(ind.baseline_date, self.lang)})" if ind.baseline_date else "")
                )
                + (ex if ind.baseline_value is not None else ""),
                ind.baseline_value,
            ),
            (
                "target",
                _("Zielwert"),
                escape(
                    (self.value(ind.target_value, ind.unit) if ind.target_value is not None else _("kein Zielwert"))
                    + (f" ({_date(ind.target_date, self.lang)})" if ind.target_date and ind.target_value is not None else "")
                )
                + (ex if ind.target_value is not None else ""),
                ind.target_value,
            ),
            (
                "progress",
                _("Fortschritt"),
                f'<strong data-status="{escape(st.progress_status)}">{escape(_(STATUS_DE[st.progress_status]))}</strong> – '
                + escape(self._reason(e)),
                None,
            ),
        ]
        trs = "".join(
            f'<tr><th scope="row">{escape(label)}</th><td data-field="{key}"{_attr(v)}>{text}</td></tr>'
            for key, label, text, v in rows
        )
        out = [
            f'<section class="indicator" data-indicator="{escape(ind.indicator_id)}" aria-labelledby="i-{escape(ind.indicator_id)}">',
            f'<h4 id="i-{escape(ind.indicator_id)}">{escape(name)}</h4>',
            f'<table class="values"><caption>{escape(_(KEY_FIGURES).format(name=name))}</caption><tbody>{trs}</tbody></table>',
        ]
        out.append(self._chart(e, name))
        out.append("</section>")
        return "\n".join(out)

    def _chart(self, e: IndicatorEntry, name: str) -> str:
        _ = self._
        ind = e.indicator
        if not e.points:
            return f"<p>{escape(_(NO_VALUES))}</p>"
        what = _("Monatsmittel") if e.monthly_means else _("Werte")
        first = _period(e.points[0][0], ind.update_interval, e.monthly_means, self.lang)
        last = _period(e.points[-1][0], ind.update_interval, e.monthly_means, self.lang)
        values = [v for _d, v in e.points]
        alt = _(
            "Liniendiagramm „{name}“ ({what}): {n} Werte von {first} bis {last}, kleinster Wert {lo}, größter Wert {hi}."
        ).format(
            name=name,
            what=what,
            n=len(values),
            first=first,
            last=last,
            lo=self.value(min(values), ind.unit),
            hi=self.value(max(values), ind.unit),
        )
        if ind.baseline_value is not None:
            alt += " " + _("Gepunktet grau: Basiswert {v}.").format(v=self.value(ind.baseline_value, ind.unit))
        if ind.target_value is not None:
            alt += " " + _("Gestrichelt grün: Zielwert {v}.").format(v=self.value(ind.target_value, ind.unit))
        alt += " " + _("Die Werte stehen in der Tabelle unter der Grafik.")
        image = chart.svg(
            e.points,
            unit=ind.unit,
            lang=self.lang,
            baseline=ind.baseline_value,
            target=ind.target_value,
            labels=(_("Basiswert"), _("Zielwert")),
        )
        src = "data:image/svg+xml;base64," + base64.b64encode(image.encode("utf-8")).decode("ascii")
        unit = ind.unit
        head_value = _("Wert") + (f" ({_(formatting.unit_word(unit))})" if formatting.unit_word(unit) else "")
        rows = "".join(
            f'<tr><th scope="row" data-period="{d.isoformat()}">{escape(_period(d, ind.update_interval, e.monthly_means, self.lang))}</th>'
            f'<td class="num"{_attr(v)}>{escape(formatting.number(v, formatting.decimals_for(v, unit), lang=self.lang))}</td></tr>'
            for d, v in e.points
        )
        caption = _("Daten zur Grafik: {name} ({what})").format(name=name, what=what)
        return (
            f'<figure><img src="{src}" alt="{escape(alt)}" width="{chart.WIDTH}" height="{chart.HEIGHT}">'
            f"<figcaption>{escape(_(FIG_CAPTION).format(name=name, what=what, first=first, last=last))}</figcaption></figure>"
            f'<table class="series" data-chart="{escape(ind.indicator_id)}" data-monthly="{int(e.monthly_means)}">'
            f'<caption>{escape(caption)}</caption><thead><tr><th scope="col">{escape(_("Zeitraum"))}</th>'
            f'<th scope="col">{escape(head_value)}</th></tr></thead><tbody>{rows}</tbody></table>'
        )

    def _plans(self) -> str:
        _ = self._
        head = f'<section aria-labelledby="evaluationsplaene"><h2 id="evaluationsplaene">{escape(_("Evaluationspläne"))}</h2>'
        plans = self.data.plans
        if plans is None or not plans:
            return head + f'<p data-plans="none">{escape(_(NO_PLANS))}</p></section>'
        out = [head]
        for i, plan in enumerate(plans, start=1):
            out.append(self._plan(*plan) if isinstance(plan, tuple) else _plan_table(plan, i, _))
        out.append("</section>")
        return "\n".join(out)

    def _plan(self, plan: plans_mod.Plan, res: plans_mod.PlanResult) -> str:
        """One plan as a table of its fields and its result (h3 with the plan's id and version)."""
        _ = self._
        rows = "".join(
            f'<tr><th scope="row">{escape(k)}</th><td>{escape(v)}</td></tr>' for k, v in _plan_rows(plan, res, self.lang, _)
        )
        title = _("Evaluationsplan {name}").format(name=f"{plan.plan_id} (v{plan.version})")
        return (
            f'<h3 id="plan-{escape(plan.plan_id)}">{escape(title)}</h3><table class="plan" data-plan="{escape(plan.plan_id)}">'
            f"<caption>{escape(title)}</caption><tbody>{rows}</tbody></table>"
        )

    def _backlog(self) -> str:
        _ = self._
        out = [
            f'<section class="field" aria-labelledby="massnahmenspeicher"><h2 id="massnahmenspeicher">{escape(_("Maßnahmenspeicher"))}</h2>',
            "<p>"
            + escape(
                _(
                    "Maßnahmen ohne Ressourcen, die bei der Wirkungsmessung der Strategie erneut geprüft werden. "
                    "„Zuletzt geprüft“ ist die Spalte des Maßnahmenkatalogs (leer: „nicht erfasst“); der Hinweis stammt "
                    "aus den Meilensteinen des Katalogs."
                )
            )
            + "</p>",
        ]
        if not self.data.backlog:
            out.append(f"<p>{escape(_(BACKLOG_EMPTY))}</p></section>")
            return "\n".join(out)
        head = "".join(
            f'<th scope="col">{escape(h)}</th>'
            for h in (_("Maßnahme"), _("Handlungsfeld"), _("Verantwortlich"), _("Zuletzt geprüft"), _("Hinweis aus dem Katalog"))
        )
        rows = "".join(
            f'<tr data-measure="{escape(m.measure_id)}"><th scope="row">{escape(m.title)}</th>'
            f"<td>{escape(', '.join(n for _i, n in m.action_fields))}</td><td>{escape(m.responsible_unit or '–')}</td>"
            f'<td data-field="reviewed">{escape(_date(m.last_reviewed, self.lang) if m.last_reviewed else _(NOT_RECORDED))}</td>'
            f"<td>{escape('; '.join(' '.join(x for x in (s.when, s.text) if x) for s in m.milestones) or '–')}</td></tr>"
            for m in self.data.backlog
        )
        out.append(
            f"<table><caption>{escape(_(BACKLOG_CAPTION))}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table></section>"
        )
        return "\n".join(out)

    def _methods(self) -> str:
        _ = self._
        parts = [
            (
                _("Fortschritt gegenüber dem Ziel"),
                _(
                    "Der Fortschritt folgt der Methode von Open SDG (Statistics Canada): die jährliche Wachstumsrate "
                    "zwischen Basiswert und aktuellem Wert, geteilt durch die Rate, die das Ziel bis zum Zieldatum "
                    "braucht (ab 0,95 „Auf Kurs“, ab 0,6 „Fortschritt, Beschleunigung nötig“, ab 0 „Geringer "
                    "Fortschritt“, darunter „Verschlechterung“). Verglichen wird auf der Fortschrittsbasis des "
                    "Indikators (Jahresmittel, Jahressumme, gleitende 12 Monate oder letzter Wert); mit weniger als "
                    "einem Jahr zwischen den Werten ist der Fortschritt „Nicht bewertbar“. Der Bericht zählt die Werte "
                    "bis zum 31. Dezember des Berichtsjahres."
                ),
            ),
            (
                _("Vorher-nachher-Vergleiche"),
                _(
                    "Vergleiche um einen Stichtag rechnet der Wirkungsmonitor mit vier Verfahren: einfacher Vergleich "
                    "(nur beschreibend), wetter- und kalenderbereinigter Vergleich, unterbrochene Zeitreihe und "
                    "Differenz-von-Differenzen gegenüber Kontrollstationen, jeweils mit 95-%-Intervall. Keines belegt "
                    "eine Ursache."
                ),
            ),
            (
                _("Schutz kleiner Zellen"),
                _(
                    "Befragungsergebnisse werden nur so gezeigt, dass niemand erkennbar wird: Zellen mit 1 bis 4 "
                    "Befragten werden gesperrt, dazu so viele weitere, dass sich keine zurückrechnen lässt; Fragen mit "
                    "weniger als 5 Befragten in einer Welle entfallen."
                ),
            ),
            (
                _("Herkunft der Zahlen"),
                _(
                    "Zielbilder, Maßnahmen, Verantwortung, Ressourcen, Basis- und Zielwerte stammen aus dem "
                    "Maßnahmenkatalog, die Werte der Indikatoren aus ihren Reihen im veröffentlichten Snapshot; die "
                    "Grafiken zeigen bei Reihen feiner als ein Monat Monatsmittel. Ausführlich: Seite „Methodik“ des "
                    "Wirkungsmonitors und docs/methods.md."
                ),
            ),
        ]
        body = "".join(f"<h3>{escape(h)}</h3><p>{escape(t)}</p>" for h, t in parts)
        return f'<section aria-labelledby="methoden"><h2 id="methoden">{escape(_("Methoden"))}</h2>{body}</section>'


def _plan_rows(plan: plans_mod.Plan, res: plans_mod.PlanResult, lang: str, _: Callable[[str], str]) -> list[tuple[str, str]]:
    """An evaluation plan and its result in words: what was fixed when, the result as computed at the publish, and what
    it says about the expectation (the same sentences as /evaluation)."""
    pct = functools.partial(formatting.percent, sign=True, lang=lang)
    expected = _(EXPECTED_DIRECTION_DE[plan.expected_direction]) + (
        "" if plan.expected_direction == "none" else f" {pct(plan.expected_effect_pct)}"
    )
    published = _date(plan.published_on, lang) + (f" ({_(PLAN_LATE_DE)})" if plan.late else "")
    rows = [
        (_("Maßnahme"), plan.measure_id),
        (_("Indikator"), plan.indicator_id + (f" – {plan.station_id}" if plan.station_id else "")),
        (_("Stichtag"), _date(plan.cutoff_date, lang)),
        (_("Zeitfenster"), _("je {n} Tage vor und nach dem Stichtag").format(n=formatting.number(plan.window_days, lang=lang))),
        (_("Methode"), _(METHOD_NAMES_DE[plan.method]) + (f" ({', '.join(plan.controls)})" if plan.controls else "")),
        (_("Erwartet"), expected),
        (
            _("Festgelegt"),
            f"{plan.decided_by}, {_date(plan.decided_on, lang)}; {published}; {_('Version {n}').format(n=plan.version)}",
        ),
    ]
    if res.result is None:
        rows.append((_("Ergebnis"), _("Nicht wie geplant berechenbar:") + " " + (res.error or "")))
    else:
        r = res.result
        rows.append((_("Ergebnis"), verdict_text(r, _, lang=lang)))
        rows.append(
            (
                _("Bewertung"),
                plan_assessment_text(
                    plans_mod.assessment(plan, r), plan.expected_effect_pct, r.ci_low_pct, r.ci_high_pct, _, lang=lang
                ),
            )
        )
    if res.mde_pct is None and res.mde_error:
        rows.append((_("MDE (80 % Teststärke)"), _("nicht bestimmbar:") + " " + res.mde_error))
    if res.mde_pct is not None:
        rows.append((_("MDE (80 % Teststärke)"), formatting.percent(res.mde_pct, sign=True, lang=lang)))
        if plans_mod.below_mde(plan, res.mde_pct):
            rows.append((_("Hinweis"), plan_below_mde_text(plan.expected_effect_pct, res.mde_pct, _, lang=lang)))
    return rows


def _plan_table(plan: Any, index: int, _: Callable[[str], str]) -> str:
    """One evaluation plan's result as a two-column table of its fields, as `plan_results` names them (a mapping,
    a dataclass or an object with `to_dict()`): the plans' own module decides what a result holds."""
    if is_dataclass(plan) and not isinstance(plan, type):
        items: Mapping[str, Any] = asdict(plan)
    elif hasattr(plan, "to_dict"):
        items = plan.to_dict()
    elif isinstance(plan, Mapping):
        items = plan
    else:
        items = {"plan": plan}
    rows: Iterable[str] = (
        f'<tr><th scope="row">{escape(str(k))}</th><td>{escape("–" if v is None else str(v))}</td></tr>' for k, v in items.items()
    )
    title = str(items.get("title") or items.get("plan_id") or index)
    caption = _("Evaluationsplan {name}").format(name=title)
    return f'<table class="plan"><caption>{escape(caption)}</caption><tbody>{"".join(rows)}</tbody></table>'


def render_html(data: ReportData) -> str:
    """The report as one HTML document."""
    return _Html(data).render()


def header_footer(data: ReportData) -> tuple[str, str]:
    """Playwright's header and footer templates of the PDF: title, and the Demodaten marker on every page."""
    _ = translator(data.lang)
    title = escape(_(TITLE).format(year=data.year)) + " · " + escape(_(SITE))
    demo = f" · <b>{escape(_(DEMO_NOTE))}</b>" if data.demo else ""
    style = 'style="font-family: DejaVu Sans, Arial, sans-serif; font-size: 8pt; color: #333; width: 100%; margin: 0 16mm;"'
    header = f"<div {style}>{title}{demo}</div>"
    footer = (
        f'<div {style}><span>{escape(_(PAGE))} <span class="pageNumber"></span> / <span class="totalPages"></span></span>'
        f"{demo}</div>"
    )
    return header, footer
