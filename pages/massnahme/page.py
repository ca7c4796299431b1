"""One measure: Handlungsfelder, description, status, resources, time plan with milestones, its indicators with
their progress, and the shortcut to a before/after comparison at the measure's start."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import dash
from dash import html

from dashboard import format as fmt
from dashboard.components import demo_badge, measure_status_badge, status_badge
from dashboard.content import indicator_text
from dashboard.factory import pages, snapshot
from dashboard.i18n import _, current_lang, page_title
from dashboard.plan_cards import plan_card
from dashboard.status_display import ioo_label
from indicators import measures as M
from indicators import plans, views
from indicators.status import indicator_status


def _shown(measure_id: str = "", **_variables: str) -> str | None:
    m = M.measure(snapshot(), measure_id, lang=current_lang())
    return _(m.title) if m is not None else None


dash.register_page(
    __name__,
    path_template="/massnahmen/<measure_id>",
    name="Maßnahme",
    nav=False,
    public=True,
    title=page_title("Maßnahme", shown=_shown),
)

BEFORE_AFTER_PATH = "/vorher-nachher"


def layout(measure_id: str = "", **_query: str) -> html.Div:
    snap = snapshot()
    m = M.measure(snap, measure_id, lang=current_lang())
    if m is None:
        return html.Div(
            [
                html.H1(_("Maßnahme nicht gefunden")),
                html.P(
                    [
                        _("Es gibt keine Maßnahme „{id}“.").format(id=measure_id),
                        " ",
                        html.A(_("Zum Maßnahmenkatalog"), href="/massnahmen"),
                    ]
                ),
            ]
        )
    today = date.today()
    fields = [html.A(_(name), href=f"/handlungsfeld/{fid}", className="me-2") for fid, name in m.action_fields]
    example = html.Span(demo_badge(False, m.is_example), className="fs-6 align-middle")
    facts = [
        (_("Handlungsfeld") if len(m.action_fields) == 1 else _("Handlungsfelder"), fields or "–"),
        (_("Status"), measure_status_badge(m.status, backlog=m.in_backlog)),
        (_("Verantwortliche Stelle"), m.responsible_unit or "–"),
    ]
    if m.in_backlog:  # re-examined at each Wirkungsmessung: when it last was
        facts.append((_("Zuletzt geprüft"), fmt.day(m.last_reviewed) if m.last_reviewed else _("nicht erfasst")))
    body: list = [
        html.P(html.A("← " + _("Maßnahmenkatalog"), href="/massnahmen", className="small")),
        html.H1(m.title),
        html.P(m.description, className="lead") if m.description else None,
        _dl(facts),
        html.H2(
            [_("Ressourcen") + " ", example if m.budget_eur is not None or m.staff_fte is not None else None], className="h3 mt-4"
        ),
        _resources(m),
        html.H2([_("Zeitplan") + " ", example if m.start_date is not None else None], className="h3 mt-4"),
        *_time_plan(m, today),
        html.H2(
            [
                _("Indikatoren") + " ",
                html.Span(
                    demo_badge(views.has_demo_data(snap) and any(i.computed for i in m.indicators)), className="fs-6 align-middle"
                ),
            ],
            className="h3 mt-4",
        ),
        _indicators(snap, m, today),
    ]
    measure_plans = plans.latest(snap, measure_id=m.measure_id)
    if measure_plans:
        body += [
            html.H2(_("Evaluationspläne"), className="h3 mt-4", id="massnahme-evaluation"),
            *[plan_card(snap, p, today, level=3) for p in measure_plans],
        ]
    link = _before_after_link(m)
    if link:
        body += [html.H2(_("Wirkung prüfen"), className="h3 mt-4"), link]
    return html.Div([b for b in body if b is not None])


def _dl(items: list[tuple[str, object]]) -> html.Dl:
    return html.Dl(
        sum(([html.Dt(k, className="col-sm-3"), html.Dd(v, className="col-sm-9")] for k, v in items), []), className="row"
    )


def _resources(m: M.MeasureDetail) -> html.Div:
    if m.in_backlog and m.budget_eur is None and m.staff_fte is None:
        return html.P(_("Noch keine Ressourcen zugewiesen: die Maßnahme steht im Maßnahmenspeicher."))
    note = (
        html.P(
            _("Budget, Personal und Termine sind Beispielwerte, nicht die Zahlen der Stadt."),
            className="small text-body-secondary",
        )
        if m.is_example
        else None
    )
    return html.Div(
        [
            _dl(
                [
                    (_("Budget"), "–" if m.budget_eur is None else fmt.number(m.budget_eur, 0, unit="€")),
                    (
                        _("Personal"),
                        "–"
                        if m.staff_fte is None
                        else fmt.number(m.staff_fte, 1, unit=_("VZÄ")) + " " + _("(Vollzeitäquivalente)"),
                    ),
                ]
            ),
            note,
        ],
        id="massnahme-ressourcen",
    )


def _time_plan(m: M.MeasureDetail, today: date) -> list:
    out: list = []
    if m.start_date is None:
        out.append(html.P(_("Noch kein Zeitplan.")))
    else:
        share = M.elapsed_share(m.start_date, m.end_date, today)
        where = ""
        if share is not None:
            where = (
                _("beginnt erst")
                if share == 0
                else _("geplantes Ende erreicht")
                if share == 1
                else _("{share} der geplanten Laufzeit vergangen").format(share=fmt.percent(share * 100, decimals=0))
            )
        out.append(
            html.P(
                [
                    _("Laufzeit {start} bis {end}").format(start=fmt.day(m.start_date), end=fmt.day(m.end_date)),
                    f" ({where})" if where else "",
                ]
            )
        )
    if m.milestones:
        out += [
            html.H3(_("Meilensteine"), className="h5"),
            html.Ol(
                [html.Li([html.Strong(ms.when + ": ") if ms.when else None, ms.text]) for ms in m.milestones],
                className="massnahme-meilensteine",
            ),
        ]
    return out


def _indicators(snap, m: M.MeasureDetail, today: date) -> html.Div:
    if not m.indicators:
        return html.P(_("Für diese Maßnahme sind noch keine Indikatoren festgelegt."))
    rows = []
    for ind in m.indicators:
        st = indicator_status(snap, ind, today=today)
        rows.append(
            html.Tr(
                [
                    html.Th(html.A(indicator_text(ind, "name"), href=f"/indikatoren/{ind.indicator_id}"), scope="row"),
                    html.Td(ioo_label(ind.ioo_level)),
                    html.Td(
                        "–"
                        if st.latest_value is None
                        else f"{fmt.value(st.latest_value, ind.unit)} ({fmt.day(st.latest_period)})"
                    ),
                    html.Td(status_badge(st.progress_status)),
                    html.Td(
                        f"{_('veraltet seit')} {fmt.day(st.stale_since)}"
                        if st.stale_since
                        else (_("aktuell") if st.latest_period else _("keine Werte"))
                    ),
                ]
            )
        )
    head = ["Indikator", "Ebene (IOOI)", "Aktueller Wert", "Fortschritt", "Datenstand"]
    return html.Div(
        html.Table(
            [
                html.Caption(_("Indikatoren der Maßnahme {title}").format(title=m.title), className="visually-hidden"),
                html.Thead(html.Tr([html.Th(_(h), scope="col") for h in head])),
                html.Tbody(rows),
            ],
            className="table table-sm align-middle",
        ),
        className="table-responsive",
        id="massnahme-indikatoren",
    )


def _before_after_link(m: M.MeasureDetail) -> html.P | None:
    ind = M.before_after_indicator(m.indicators)
    # the public instance may not register the comparison page: then no link that leads nowhere
    registered = any(p.get("path") == BEFORE_AFTER_PATH for p in pages())
    if ind is None or m.start_date is None or not registered:
        return None
    q = urlencode({"massnahme": m.measure_id, "indikator": ind.indicator_id, "datum": m.start_date.isoformat()})
    return html.P(
        [
            _("Hat sich seit dem Start der Maßnahme am {day} etwas verändert?").format(day=fmt.day(m.start_date)),
            " ",
            html.A(
                _("Vorher-nachher-Vergleich für „{name}“").format(name=indicator_text(ind, "name")),
                href=f"{BEFORE_AFTER_PATH}?{q}",
                id="massnahme-vorher-nachher",
            ),
        ]
    )
