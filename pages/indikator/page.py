"""Indicator page in the manner of Open SDG: metadata, progress, chart, table and downloads."""

from __future__ import annotations

from datetime import date

import dash
from dash import html

from dashboard import format as fmt
from dashboard.components import indicator_card, status_badge
from dashboard.content import indicator_text, measure_text
from dashboard.factory import settings, snapshot
from dashboard.glossary import Links
from dashboard.i18n import _, page_title
from dashboard.status_display import compared_label, ioo_label, progress_reason, progress_sentence
from indicators import registry, views
from indicators.status import IndicatorStatus


def _shown(indicator_id: str = "", **_variables: str) -> str | None:
    try:
        return indicator_text(registry.get(snapshot(), indicator_id), "name")
    except KeyError:
        return None


dash.register_page(
    __name__,
    path_template="/indikatoren/<indicator_id>",
    name="Indikator",
    nav=False,
    public=True,
    title=page_title("Indikator", shown=_shown),
)

DIRECTION_DE = {"increase": "steigend ist besser", "decrease": "fallend ist besser"}
INTERVAL_DE = {"P1D": "täglich", "P1W": "wöchentlich", "P1M": "monatlich", "P3M": "vierteljährlich", "P1Y": "jährlich"}


def _baseline_text(st: IndicatorStatus, catalogue: float | None, day: date | None, unit: str) -> str:
    """The baseline progress uses; a catalogue value the series contradicts is named, not used."""
    b = st.compared_baseline
    if b is None:
        return f"{fmt.value(catalogue, unit)} ({fmt.day(day)})"
    text = f"{fmt.value(b.value, unit)} ({compared_label(st.progress_basis, b)})"
    if st.baseline_source == "catalogue":
        return text + " – " + _("aus dem Katalog, die Messreihe beginnt später")
    if st.baseline_deviation is not None:
        text += " – " + _("aus der Messreihe; der Katalog nennt {value}").format(value=fmt.value(catalogue, unit))
    return text


def layout(indicator_id: str = "", **_query: str) -> html.Div:
    snap = snapshot()
    try:
        ind = registry.get(snap, indicator_id)
    except KeyError:
        return html.Div(
            [html.H1(_("Indikator nicht gefunden")), html.P(_("Es gibt keinen Indikator „{id}“.").format(id=indicator_id))]
        )
    today = date.today()
    v = views.indicator_view(snap, ind, today=today)
    st = v.status
    ex = f" ({_('Beispielwert')})" if ind.is_example else ""
    meta = [
        (_("Definition"), indicator_text(ind, "definition")),
        (
            _("Maßnahme"),
            html.A(measure_text(snap, ind.measure_id, "title", v.measure_title), href=f"/massnahmen/{ind.measure_id}"),
        ),
        (_("Ebene (IOOI)"), ioo_label(ind.ioo_level)),
        (_("Einheit"), _(ind.unit)),
        (_("Gewünschte Richtung"), _(DIRECTION_DE.get(ind.direction, ind.direction))),
        (_("Basiswert"), _baseline_text(st, ind.baseline_value, ind.baseline_date, ind.unit) + ex),
        (
            _("Zielwert"),
            _("{value} bis {day}").format(value=fmt.value(ind.target_value, ind.unit), day=fmt.day(ind.target_date)) + ex
            if ind.target_value is not None
            else _("kein Zielwert"),
        ),
        (_("Aktueller Wert"), f"{fmt.value(st.latest_value, ind.unit)} ({fmt.day(st.latest_period)})"),
        (
            _("Fortschritt"),
            html.Span(
                [
                    status_badge(st.progress_status),
                    html.Span(
                        f" {progress_sentence(st, ind.unit)} {progress_reason(st.progress_reason, st.progress_value)}",
                        className="small",
                    ),
                ]
            ),
        ),
        (_("Aktualisierung"), _(INTERVAL_DE.get(ind.update_interval, ind.update_interval))),
        (_("Datenstand"), (f"{_('Daten veraltet seit')} {fmt.day(st.stale_since)}" if st.stale_since else _("aktuell"))),
        (_("Quelle"), indicator_text(ind, "source")),
        (_("Verantwortlich"), ind.responsible_unit or "–"),
        (_("Öffentlich"), _("ja") if ind.is_public else _("nein (nur intern)")),
        (_("Hinweise und Reihenbrüche"), indicator_text(ind, "caveats") if ind.caveats else "–"),
    ]
    links = Links()  # the first use of a term links to its glossary entry: here the labels of the facts
    terms = ("wirkungskette", "basiswert", "zielwert", "fortschritt", "datenstand", "reihenbruch")
    dl = html.Dl(
        sum(([html.Dt(links(k, *terms), className="col-sm-3"), html.Dd(val, className="col-sm-9")] for k, val in meta), []),
        className="row",
    )
    body: list = [html.H1(indicator_text(ind, "name")), dl]
    # an alert when there are no values; the card's "Teilen / Einbetten" dialog has the link and the embed code
    body.append(indicator_card(v, "page", snap=snap, licence=settings().licence))
    return html.Div(body)
