"""/evaluation: all evaluation plans (indicators/plans.py) with status and result; the public instance shows the plans
of public indicators (its snapshot holds only those)."""

from __future__ import annotations

from datetime import date

import dash
from dash import html

from dashboard.components import demo_badge
from dashboard.factory import snapshot
from dashboard.i18n import _, page_title
from dashboard.plan_cards import plan_card
from indicators import plans, views
from indicators.labels import PLAN_STATUS_DE

dash.register_page(
    __name__,
    path="/evaluation",
    name="Evaluation",
    order=55,
    public=True,
    nav=False,  # in the footer and on the overview: the header's navigation is full at 1280 px
    title=page_title("Evaluationspläne"),
)


def layout(**_query: str) -> html.Div:
    snap = snapshot()
    today = date.today()
    current = plans.latest(snap)
    counts: dict[str, int] = {}
    for p in current:
        counts[p.status(today)] = counts.get(p.status(today), 0) + 1
    intro = [
        html.P(
            _(
                "Wie eine Maßnahme bewertet wird, steht fest, bevor sie beginnt: welche Reihe, welcher Stichtag, welches "
                "Zeitfenster, welches Verfahren und welche Wirkung erwartet wird. So kann niemand nachträglich das "
                "Verfahren wählen, das die schönste Zahl liefert."
            ),
            className="lead",
        ),
        html.P(
            _(
                "Ein veröffentlichter Plan wird nicht mehr geändert: eine Änderung ist eine neue Version mit ihrem Grund, "
                "die alten bleiben sichtbar. Ein Plan, der erst nach dem Stichtag veröffentlicht wurde, heißt "
                "„nachträglich“. Das Ergebnis wird bei jeder Veröffentlichung genau wie geplant berechnet; jede andere "
                "Auswertung derselben Maßnahme ist explorativ."
            )
        ),
    ]
    summary = html.P(
        _("{n} Pläne").format(n=len(current))
        + ": "
        + ", ".join(f"{_(PLAN_STATUS_DE[s])} {n}" for s, n in sorted(counts.items(), key=lambda kv: plans.STATUSES.index(kv[0]))),
        className="evaluation-zusammenfassung",
    )
    body = [
        html.H1([_("Evaluationspläne") + " ", html.Span(demo_badge(views.has_demo_data(snap)), className="fs-5 align-middle")]),
        *intro,
    ]
    if not current:
        body.append(html.P(_("Noch keine Evaluationspläne veröffentlicht."), id="evaluation-leer"))
    else:
        body += [summary, *[plan_card(snap, p, today) for p in current]]
    return html.Div(body, id="evaluation")
