"""Präsentation: full-screen 16:9 slides for the council (projector theme), keyboard and clicker navigation, print/PDF.

`/praesentation` shows the first deck of `data/praesentationen.toml`, `/praesentation/<deck>` a named one; `?folie=3`
opens slide 3, `?druck=1` renders every slide one per page (print, PDF and PNG export: `export.py` beside this file,
command `python -m pages.praesentation.cli`). The slide is a fixed full-viewport overlay above the app's frame; all
slides are rendered at once and `assets/praesentation.js` only switches which one is visible (no server round trip per slide)
and fades the controls out after 3 s without mouse movement. A text slide (the title slide) names the meeting's date
(the deck's `date`) and the Datenstand (`views.data_date`: the latest day of data in the snapshot).
"""

from __future__ import annotations

import dash
from dash import html

from dashboard import format as fmt
from dashboard.components import demo_badge, graph
from dashboard.factory import on_server, settings, snapshot
from dashboard.i18n import _, current_lang, page_title
from indicators.labels import DECK_METHOD_DE
from indicators.presentation import BeforeAfterData, Deck, DeckError, SeriesData, Slide, SlideData, TextData, deck_data, get_deck
from pages.praesentation import export
from pages.praesentation import figures as figs

TITLE = page_title("Präsentation")


def layout(deck: str | None = None, folie: str | None = None, druck: str | None = None, **_query: str) -> html.Div:
    print_view = druck not in (None, "", "0")
    try:
        d = get_deck(deck, settings().decks_file)
    except DeckError as e:
        return _error_view(str(e))
    data = deck_data(snapshot(), d, lang=current_lang())
    current = _slide_number(folie, len(d.slides))
    slides = [_slide(d, s, x, active=(s.number == current), print_view=print_view) for s, x in zip(d.slides, data, strict=True)]
    charts = sum(1 for x in data if isinstance(x, SeriesData | BeforeAfterData))
    stage: list = [*slides]
    if not print_view:
        stage.append(_toolbar(d))
    return html.Div(
        [
            html.H1(d.text("title", current_lang()), className="visually-hidden", lang=_lang_of(d, "title")),
            html.P(
                f"{_slide_of(current, len(d.slides))}: {d.slides[current - 1].text('headline', current_lang())}",
                id="praes-status",
                className="visually-hidden",
                **{"aria-live": "polite", "aria-atomic": "true"},
            ),
            html.Div(stage, className="praes-buehne"),
        ],
        id="praesentation",
        className="praesentation druck" if print_view else "praesentation",
        lang=current_lang(),
        **{
            "data-folie": str(current),
            "data-folien": str(len(d.slides)),
            "data-deck": d.deck_id,
            "data-diagramme": str(charts),
            "aria-roledescription": _("Präsentation"),
            "role": "region",
            "aria-label": d.text("title", current_lang()),
            "data-wort-folie": _("Folie"),
            "data-wort-von": _("von"),
        },
    )


def _lang_of(obj: Deck | Slide, name: str) -> str:
    """The language a deck's or slide's text is shown in: English where the file gives it and the page is English."""
    return "en" if current_lang() == "en" and getattr(obj, f"{name}_en") else "de"


def _slide_of(k: int, n: int) -> str:
    return _("Folie {k} von {n}").format(k=k, n=n)


def _slide_number(folie: str | None, n: int) -> int:
    try:
        k = int(folie or 1)
    except ValueError:
        k = 1
    return min(max(k, 1), n)


def _slide(d: Deck, s: Slide, data: SlideData | DeckError, *, active: bool, print_view: bool) -> html.Section:
    n = len(d.slides)
    fields: tuple[str, ...] = ()
    meeting = data_day = None  # a text slide (the title slide) names the meeting's date and the Datenstand
    if isinstance(data, DeckError):
        body = [
            html.Div(
                [html.P(_("Diese Folie kann nicht gezeigt werden:"), className="fw-bold mb-2"), html.P(str(data), lang="de")],
                className="folie-inhalt praes-fehler",
                role="alert",
            )
        ]
        stand, source, demo, example = d.date, "", False, False
    elif isinstance(data, TextData):
        body = [
            html.Div(
                html.Ul([html.Li(p) for p in s.points_in(current_lang())], className="folie-punkte", lang=_lang_of(s, "points"))
                if s.points
                else None,
                className="folie-inhalt folie-text",
            )
        ]
        stand, source, demo, example = data.stand, "", data.demo, False
        meeting, data_day = data.stand, data.data_date
    elif isinstance(data, SeriesData):
        fields = data.action_fields
        per = _(data.per) if data.per else ""
        title = f"{_(data.title)} · {_(data.unit)}" + (f" {per}" if data.per.startswith("je ") else f", {per}" if per else "")
        body = [
            html.Figure(
                [
                    html.P(title, className="folie-diagrammtitel", **{"aria-hidden": "true"}),
                    graph(
                        figs.series_figure(data),
                        config=figs.graph_config(),
                        className="folie-graph",
                        style={"height": "100%", "width": "100%"},
                    ),
                    html.Figcaption(figs.series_caption(data), className="visually-hidden"),
                ],
                className="folie-inhalt folie-diagramm",
                role="group",
                **{"aria-label": title},
            )
        ]
        stand, source, demo, example = data.stand, data.source, data.demo, data.example
    else:
        fields = data.action_fields
        body = [
            html.Div(
                [
                    html.Figure(
                        [
                            html.P(
                                f"{_(data.title)} · {_(data.unit)}, {_('Monatsmittel')}",
                                className="folie-diagrammtitel",
                                **{"aria-hidden": "true"},
                            ),
                            graph(
                                figs.before_after_figure(data),
                                config=figs.graph_config(),
                                className="folie-graph",
                                style={"height": "100%", "width": "100%"},
                            ),
                            html.Figcaption(figs.before_after_caption(data), className="visually-hidden"),
                        ],
                        className="folie-diagramm",
                        role="group",
                        **{"aria-label": _(data.title)},
                    ),
                    _effect_panel(data),
                ],
                className="folie-inhalt folie-vergleich",
            )
        ]
        stand, source, demo, example = data.stand, data.source, data.demo, False
    head = html.Div(
        [
            html.P(" · ".join(_(f) for f in fields), className="folie-feld", title=" · ".join(_(f) for f in fields))
            if fields
            else None,
            html.Div(demo_badge(demo, example), className="folie-hinweise"),
        ],
        className="folie-kopf",
    )
    note_text = s.text("note", current_lang())
    note = [html.P(note_text, className="folie-notiz", lang=_lang_of(s, "note"))] if note_text else []
    parts = [head, html.H2(s.text("headline", current_lang()), className="folie-titel", lang=_lang_of(s, "headline"))]
    parts += [*note, *body] if s.chart is None else [*body, *note]
    parts.append(_footer(s.number, n, stand=stand, source=source, print_view=print_view, meeting=meeting, data_day=data_day))
    cls = "folie aktiv" if active or print_view else "folie"
    if s.chart is None:
        cls += " folie-textfolie"
    return html.Section(
        parts,
        id=f"folie-{s.number}",
        className=cls,
        **{"aria-roledescription": _("Folie"), "aria-label": _slide_of(s.number, n), "data-nummer": str(s.number)},
    )


def _effect_panel(d: BeforeAfterData) -> html.Div:
    r = d.result
    return html.Div(
        [
            html.P(_("Veränderung"), className="kennzahl-label"),
            html.P(figs.signed_pct(r.effect_pct), className="kennzahl-wert"),
            html.P(
                _("95-%-Intervall {lo} bis {hi}").format(lo=figs.signed_pct(r.ci_low_pct), hi=figs.signed_pct(r.ci_high_pct)),
                className="kennzahl-intervall",
            ),
            html.P(figs.verdict_short(d), className="kennzahl-urteil"),
            html.P(_(DECK_METHOD_DE[d.method]), className="kennzahl-methode"),
        ],
        className="folie-kennzahl",
    )


def _footer(k: int, n: int, *, stand, source: str, print_view: bool, meeting=None, data_day=None) -> html.Footer:
    if meeting is not None:  # a text slide: the meeting's date and the date of the data, both named
        info: list = [
            html.Span(f"{_('Sitzung')}: {fmt.day(meeting)}", className="folie-sitzung"),
            " · ",
            html.Span(f"{_('Datenstand')}: {fmt.day(data_day)}", className="folie-datenstand"),
        ]
    else:
        info = [html.Span(f"{_('Stand')}: {fmt.day(stand)}")]
    if source:
        info += [" · ", html.Span(f"{_('Quelle')}: {_(source)}")]
    pager: list = [html.Span(f"{k} / {n}", className="folie-nummer", **{"aria-label": _slide_of(k, n)})]
    if not print_view:
        pager = [_step(_("Zurück"), k - 1, n, "zurueck"), *pager, _step(_("Weiter"), k + 1, n, "weiter")]
    return html.Footer(
        [html.Div(info, className="folie-quelle"), html.Div(pager, className="folie-pager")], className="folie-fuss"
    )


def _step(label: str, target: int, n: int, role: str):
    arrow = "‹" if role == "zurueck" else "›"
    text = (
        [html.Span(arrow, **{"aria-hidden": "true"}), f" {label}"]
        if role == "zurueck"
        else [f"{label} ", html.Span(arrow, **{"aria-hidden": "true"})]
    )
    if not 1 <= target <= n:
        return html.Span(text, className=f"praes-schritt praes-{role} inaktiv", **{"aria-disabled": "true"})
    return html.A(
        text, href=f"?folie={target}", className=f"praes-schritt praes-{role}", **{"data-ziel": str(target), "data-rolle": role}
    )


def _toolbar(d: Deck) -> html.Div:
    return html.Div(
        [
            html.Button(
                _("Vollbild (F)"), type="button", className="praes-werkzeug praes-vollbild", title=_("Vollbild ein/aus (Taste F)")
            ),
            html.A(
                _("Als PDF herunterladen"),
                href=f"/praesentation/{d.deck_id}.pdf",
                className="praes-werkzeug",
                download=f"praesentation-{d.deck_id}.pdf",
            ),
            html.A(_("Beenden"), href="/", className="praes-werkzeug", title=_("Präsentation verlassen (zur Übersicht)")),
        ],
        className="praes-werkzeuge",
        role="toolbar",
        **{"aria-label": _("Präsentation steuern")},
    )


def _error_view(message: str) -> html.Div:
    return html.Div(
        html.Div(
            html.Section(
                [
                    html.H1(_("Präsentation kann nicht gezeigt werden"), className="folie-titel"),
                    html.Div(html.P(message, lang="de"), className="folie-inhalt praes-fehler", role="alert"),
                    html.P(html.A(_("Zur Übersicht"), href="/"), className="folie-notiz"),
                ],
                className="folie aktiv",
            ),
            className="praes-buehne",
        ),
        id="praesentation",
        className="praesentation",
        lang=current_lang(),
        **{"data-folie": "1", "data-folien": "1", "data-diagramme": "0"},
    )


dash.register_page(__name__, path="/praesentation", name="Präsentation", order=90, title=TITLE, layout=layout)
dash.register_page(
    f"{__name__}.foliensatz", path_template="/praesentation/<deck>", name="Präsentation", nav=False, title=TITLE, layout=layout
)
on_server(__package__, export.install)  # `/praesentation/<deck>.pdf` (internal instance only: the page is not public)
