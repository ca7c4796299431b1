"""Umfragen: answer distributions per survey, wave and question, with suppressed small cells and honest wave changes."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, ctx, dcc, html

from dashboard import format as fmt
from dashboard.components import Share, chart_card, data_table, demo_badge, download_links
from dashboard.factory import settings, snapshot
from dashboard.glossary import Links
from dashboard.i18n import _, page_title
from indicators import survey_views as sv
from indicators import views
from pages.umfragen import figures as sf
from pages.umfragen.datasets import DISTRIBUTION, _include_responses

# public: the public snapshot holds survey results only after small-cell suppression (publish/), raw answers never
dash.register_page(__name__, path="/umfragen", name="Umfragen", title=page_title("Umfragen"), order=60, public=True)

ALL = "__alle__"
ORIGIN_DE = {
    "survey_result": "Umfrageergebnisse (aggregiert geliefert)",
    "survey_response": "LimeSurvey-Antworten, intern ausgezählt",
}


def layout(umfrage: str | None = None, frage: str | None = None, **_query: str) -> html.Div:
    snap = snapshot()
    demo = views.has_demo_data(snap)
    known = sv.surveys(snap, include_responses=_include_responses())
    head = [
        html.H1([_("Umfragen") + " ", *demo_badge(demo)]),
        html.P(
            Links()(  # the first use of a term links to its glossary entry
                _(
                    "Ergebnisse der Bürgerbefragungen je Welle. Antwortkategorien mit weniger als 5 Antworten werden "
                    "nicht gezeigt – und, wo nötig, eine weitere Kategorie, damit sich die verborgene nicht zurückrechnen "
                    "lässt. Veränderungen zwischen Wellen werden mit ihrem 95-%-Intervall angegeben."
                ),
                "befragungswelle",
                "kleinzellen",
                "intervall-95",
            ),
            className="lead",
        ),
    ]
    if not known:
        return html.Div([*head, dbc.Alert(_("Es liegen noch keine Umfrageergebnisse vor."), color="info")])
    ids = [s.survey_id for s in known]
    survey_id = umfrage if umfrage in ids else ids[0]
    info, safe, qs = sv.load_survey(snap, survey_id, include_responses=_include_responses()) or (None, None, [])
    selected = frage if frage in qs else ALL
    controls = html.Div(
        dbc.Row(
            [
                dbc.Col(
                    [
                        dbc.Label(_("Umfrage"), html_for="umfragen-umfrage"),
                        dbc.Select(
                            id="umfragen-umfrage",
                            value=survey_id,
                            options=[
                                {
                                    "label": _("{id} ({waves} Wellen, bis {day})").format(
                                        id=s.name, waves=s.waves, day=fmt.day(s.last_date)
                                    ),
                                    "value": s.survey_id,
                                }
                                for s in known
                            ],
                        ),
                    ],
                    md=6,
                ),
                dbc.Col(
                    [
                        dbc.Label(_("Frage"), html_for="umfragen-frage"),
                        dbc.Select(
                            id="umfragen-frage",
                            value=selected,
                            options=[{"label": _("Alle Fragen"), "value": ALL}]
                            + [{"label": _("Frage {q}").format(q=q), "value": q} for q in qs],
                        ),
                    ],
                    md=4,
                ),
            ],
            className="mb-3 g-3",
        ),
        role="group",
        **{"aria-label": _("Auswahl der Umfrage und Frage")},
    )
    cards = [_question_card(sv.question_view(safe, q), survey_id, demo, info) for q in (qs if selected == ALL else [selected])]
    return html.Div(
        [
            dcc.Location(id="umfragen-nav", refresh="callback-nav"),
            *head,
            controls,
            html.H2(f"{_('Ergebnisse')}: {info.name if info else survey_id}", className="h3 mt-2", id="umfragen-titel"),
            html.P(
                f"{_('Quelle')}: {_(ORIGIN_DE.get(info.origin, info.origin))}" if info else "",
                className="small text-body-secondary",
            ),
            *cards,
        ]
    )


def _question_card(view: sv.QuestionView, survey_id: str, demo: bool, info: sv.SurveyInfo | None) -> dbc.Card:
    question_id = view.question_id
    if not sf.has_public_answers(view):
        return _no_answers_card(view, survey_id, demo, info)
    sentences = sf.change_sentences(view)
    extra = [
        html.H4(_("Kennzahlen je Welle"), className="h6 mt-2"),
        html.Div(
            data_table(sf.summary_table(view), caption=_("Kennzahlen je Welle, Frage {q}").format(q=question_id)),
            className="table-responsive",
        ),
        html.H4(_("Veränderung zwischen den Wellen"), className="h6"),
        html.Ul([html.Li(s) for s in sentences], className="small change-sentences"),
    ]
    if view.is_scale:
        extra.insert(
            2,
            html.P(
                _(
                    "Mittelwert auf der Skala 1 bis 5 (höher = zufriedener bzw. stärkere Zustimmung); Top-2-Box: "
                    "Anteil der beiden höchsten Skalenwerte an den Antworten auf der Skala."
                ),
                className="small",
            ),
        )
    return chart_card(
        card_id=f"frage-{_slug(question_id)}",
        title=f"{_('Frage {q}').format(q=question_id)}: {sf.headline(view)}",
        figure=sf.distribution_figure(view),
        caption=sf.caption(view),
        download=DISTRIBUTION.bind({"umfrage": survey_id, "frage": question_id}, view),
        source=_(ORIGIN_DE.get(info.origin, "Umfrage")) if info else _("Umfrage"),
        licence=settings().licence,
        stand=max((w.survey_date for w in view.waves if w.survey_date), default=None),
        demo=demo,
        extra=extra,
        height=max(200, 90 + 60 * len(view.waves)),
        share=Share(f"/umfragen?{urlencode({'umfrage': survey_id, 'frage': question_id})}#frage-{_slug(question_id)}"),
    )


def _no_answers_card(view: sv.QuestionView, survey_id: str, demo: bool, info: sv.SurveyInfo | None) -> dbc.Card:
    """A question without a single drawable wave: no empty axes, the reason in words, the table of what is known."""
    question_id = view.question_id
    title = f"{_('Frage {q}').format(q=question_id)}: {sf.headline(view)}"
    download = DISTRIBUTION.bind({"umfrage": survey_id, "frage": question_id}, view)
    stand = max((w.survey_date for w in view.waves if w.survey_date), default=None)
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div([html.H3(title, className="h5 mb-1 d-inline me-2"), *demo_badge(demo)], className="mb-2"),
                html.P(sf.no_answers_text(view), className="umfrage-keine-antworten alert alert-secondary mb-2"),
                html.H4(_("Kennzahlen je Welle"), className="h6 mt-2"),
                html.Div(
                    data_table(sf.summary_table(view), caption=_("Kennzahlen je Welle, Frage {q}").format(q=question_id)),
                    className="table-responsive",
                ),
                html.P(
                    [
                        f"{_('Quelle')}: {_(ORIGIN_DE.get(info.origin, 'Umfrage')) if info else _('Umfrage')} · ",
                        f"{_('Lizenz')}: {settings().licence} · {_('Stand')}: {fmt.day(stand)} · ",
                        download_links(download),
                    ],
                    className="small text-body-secondary mb-0",
                ),
            ]
        ),
        className="mb-3 chart-card chart-card-leer",
        id=f"frage-{_slug(question_id)}",
    )


def _slug(q: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in q).strip("-").lower()


@callback(
    Output("umfragen-nav", "search"),
    Input("umfragen-umfrage", "value"),
    Input("umfragen-frage", "value"),
    prevent_initial_call=True,
)
def select(survey: str | None, question: str | None) -> str:
    """Selections go into the URL (shareable, reloadable); a new survey starts with all its questions."""
    params = {"umfrage": survey}
    if ctx.triggered_id == "umfragen-frage" and question and question != ALL:
        params["frage"] = question
    return "?" + urlencode({k: v for k, v in params.items() if v})
