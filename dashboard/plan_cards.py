"""An evaluation plan as a card (pages /evaluation and /massnahmen/<id>): what was fixed when, by whom, the result
computed exactly as planned, what it says about the expectation, and the plan's history with its reasons."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import html

from dashboard import format as fmt
from dashboard.content import indicator_text
from dashboard.i18n import _, current_lang
from dashboard.status_display import verdict
from indicators import comparisons, measures, plans, registry
from indicators.labels import (
    EXPECTED_DIRECTION_DE,
    METHOD_NAMES_DE,
    PLAN_EXPLORATORY_DE,
    PLAN_IN_PLAN_DE,
    PLAN_LATE_DE,
    PLAN_STATUS_DE,
    plan_assessment_text,
    plan_below_mde_text,
)
from indicators.store import Snapshot

STATUS_COLOR = {"planned": "secondary", "running": "info", "result": "success", "error": "danger"}


def anchor(plan_id: str) -> str:
    return f"plan-{plan_id}"


def _dl(items: list[tuple[str, object]]) -> html.Dl:
    return html.Dl(
        sum(([html.Dt(k, className="col-sm-4"), html.Dd(v, className="col-sm-8")] for k, v in items), []),
        className="row small mb-2",
    )


def _station_names(snap: Snapshot) -> dict[str, str]:
    return {s.station_id: s.name for s in comparisons.stations(snap)}


def plan_card(snap: Snapshot, p: plans.Plan, today: date, *, level: int = 2) -> html.Article:
    """One plan (its current version) with its result; `level` is the heading level of the card's title."""
    lang = current_lang()
    names = _station_names(snap)
    try:
        ind_name = indicator_text(registry.get(snap, p.indicator_id), "name")
    except KeyError:
        ind_name = p.indicator_id
    title = ind_name + (f" – {names.get(p.station_id, p.station_id)}" if p.station_id else "")
    m = measures.measure(snap, p.measure_id, lang=lang)
    measure_title = _(m.title) if m is not None else p.measure_id
    status = p.status(today)
    res = plans.result(snap, p)
    if res.result is None and status == "result":
        status = "error"
    badges = [dbc.Badge(_(PLAN_STATUS_DE[status]), color=STATUS_COLOR[status], className="me-1")]
    if p.late:
        badges.append(dbc.Badge(_(PLAN_LATE_DE), color="warning", text_color="dark", className="me-1 plan-nachtraeglich"))
    if p.is_example:
        badges.append(dbc.Badge(_("Beispielplan"), color="light", text_color="dark", className="me-1 border"))
    expected = (
        _(EXPECTED_DIRECTION_DE[p.expected_direction])
        if p.expected_direction == "none"
        else f"{_(EXPECTED_DIRECTION_DE[p.expected_direction])} {fmt.percent(p.expected_effect_pct, sign=True)}"
    )
    method = _(METHOD_NAMES_DE[p.method])
    if p.controls:
        method += " – " + _("Kontrollstationen: {names}").format(names=", ".join(names.get(c, c) for c in p.controls))
    facts: list[tuple[str, object]] = [
        (_("Maßnahme"), html.A(measure_title, href=f"/massnahmen/{p.measure_id}")),
        (_("Stichtag"), fmt.day(p.cutoff_date)),
        (_("Zeitfenster"), _("je {n} Tage vor und nach dem Stichtag").format(n=fmt.number(p.window_days))),
        (_("Methode"), method),
        (_("Erwartet"), expected),
        (
            _("Festgelegt"),
            _("von {who} am {decided}, veröffentlicht am {published} (Version {version})").format(
                who=p.decided_by, decided=fmt.day(p.decided_on), published=fmt.day(p.published_on), version=p.version
            ),
        ),
    ]
    heading = (html.H2 if level == 2 else html.H3)([title, " ", *badges], className="h5")
    body = [heading, _dl(facts), *_result(p, res, status, lang), *_history(snap, p)]
    query = {k: v for k, v in p.request().to_query().items() if v}
    if p.controls:
        query["kontrollen"] = ",".join(p.controls)
    body.append(
        html.P(
            html.A(_("Im Vorher-nachher-Vergleich öffnen"), href=f"/vorher-nachher?{urlencode(query)}"), className="small mb-0"
        )
    )
    return html.Article(body, id=anchor(p.plan_id), className="card card-body mb-3 evaluation-plan")


def _result(p: plans.Plan, res: plans.PlanResult, status: str, lang: str) -> list:
    if status == "planned":
        return [
            html.P(
                _("Ergebnis ab dem {day}: dann ist das Zeitfenster nach dem Stichtag vollständig.").format(
                    day=fmt.day(p.window_end)
                ),
                className="mb-2",
            )
        ]
    out: list = []
    if res.result is None:
        out.append(
            dbc.Alert(
                [_("Nicht wie geplant berechenbar:") + " ", html.Span(res.error or "", lang="de")],
                color="warning",
                className="py-2",
            )
        )
    else:
        r = res.result
        if status == "running":
            out.append(
                html.P(
                    _("Zwischenstand: das Zeitfenster endet am {day}.").format(day=fmt.day(p.window_end)), className="small mb-1"
                )
            )
        out += [
            html.P(html.Strong(verdict(r)), className="border-start border-4 border-dark ps-3 mb-2 plan-urteil"),
            html.P(
                plan_assessment_text(plans.assessment(p, r), p.expected_effect_pct, r.ci_low_pct, r.ci_high_pct, _, lang=lang),
                className="mb-2 plan-bewertung",
            ),
        ]
    if res.mde_pct is not None:
        out.append(
            html.P(
                _("Kleinster Effekt, den dieser Plan sicher erkennt (MDE, 80 % Teststärke): {mde}").format(
                    mde=fmt.percent(res.mde_pct, sign=True)
                ),
                className="small mb-1 plan-mde",
            )
        )
    elif res.mde_error:
        # the reason is the power module's German sentence (data-dependent): marked as German in an English page
        out.append(
            html.P(
                [_("Kleinster nachweisbarer Effekt nicht bestimmbar:") + " ", html.Span(res.mde_error, lang="de")],
                className="small mb-1 plan-mde",
            )
        )
    if plans.below_mde(p, res.mde_pct) and res.mde_pct is not None:
        out.append(
            dbc.Alert(
                plan_below_mde_text(p.expected_effect_pct, res.mde_pct, _, lang=lang),
                color="warning",
                className="py-2 plan-unter-mde",
            )
        )
    out.append(
        html.P(
            _("Berechnet bei der Veröffentlichung am {when}").format(
                when=fmt.timestamp(datetime.fromisoformat(res.computed_at.replace("Z", "+00:00")))
            ),
            className="small text-body-secondary mb-2",
        )
    )
    return out


def _history(snap: Snapshot, p: plans.Plan) -> list:
    versions = plans.history(snap, p.plan_id)
    if len(versions) < 2:
        return []
    lang = current_lang()
    items = [
        html.Li(
            [
                html.Strong(_("Version {n}").format(n=v.version)),
                f" ({fmt.day(v.published_on)}): ",
                (v.change_reason_en if lang == "en" and v.change_reason_en else v.change_reason) or _("erste Fassung"),
                " – ",
                _("{method}, {n} Tage, erwartet {pct}").format(
                    method=_(METHOD_NAMES_DE[v.method]).split(" (")[0],
                    n=fmt.number(v.window_days),
                    pct=fmt.percent(v.expected_effect_pct, sign=True),
                ),
            ]
        )
        for v in versions
    ]
    return [
        html.Details(
            [
                html.Summary(_("Versionen ({n}): jede veröffentlichte Fassung bleibt bestehen").format(n=len(versions))),
                html.Ol(items),
            ],
            className="small mb-2 plan-versionen",
        )
    ]


def plan_label(snap: Snapshot, req: comparisons.ComparisonRequest) -> html.P:
    """Under a Vorher-nachher result: the plan this comparison is, or "explorativ, nicht im Plan"."""
    p = plans.planned_for(snap, req)
    if p is None:
        return html.P(
            [
                dbc.Badge(_(PLAN_EXPLORATORY_DE), color="light", text_color="dark", className="border me-1"),
                html.A(_("Evaluationspläne"), href="/evaluation", className="small"),
            ],
            id="vn-plan",
            className="mb-2",
        )
    return html.P(
        [
            dbc.Badge(_("im Plan"), color="success", className="me-1"),
            html.A(
                _(PLAN_IN_PLAN_DE).format(plan=p.plan_id, version=p.version),
                href=f"/evaluation#{anchor(p.plan_id)}",
                className="small",
            ),
        ],
        id="vn-plan",
        className="mb-2",
    )
