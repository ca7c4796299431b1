"""Glossar: the terms of data/glossar/<sprache>.toml (`dashboard.glossary`), alphabetical, each under its anchor
(`/glossar#dtv`); German, English with `?lang=en` (or the language switch's cookie), Leichte Sprache with
`?sprache=leicht`. A search field filters the entries (pages/glossar/assets/glossar.js)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import glossary
from dashboard.factory import settings
from dashboard.i18n import LANGS, _, page_title, use_lang

# in the footer beside Methodik (dashboard/factory.py), like the other reference pages: the header's navigation is full
# at 1280 px, and every page's first use of a term links here anyway
dash.register_page(__name__, path="/glossar", name="Glossar", title=page_title("Glossar"), nav=False, public=True)


def layout(lang: str | None = None, sprache: str | None = None, **_query: str) -> html.Div:
    use_lang(lang if lang in LANGS else None)  # `?lang=`, else the language switch's cookie
    known = glossary.load()
    g = glossary.for_reader(lang if lang in {k.split("-")[0] for k in known} else None, sprache)
    terms = g.alphabetical()
    mail = settings().contact_email
    return html.Div(
        [
            _switch(g, known),
            html.Div(
                [
                    html.H1(g.title),
                    dcc.Markdown(g.intro, className="lead glossar-intro"),
                ],
                lang=g.lang,
            ),
            html.P(
                [_("Fehlt ein Begriff? Schreiben Sie uns: "), html.A(mail, href=f"mailto:{mail}"), "."],
                className="small text-body-secondary",
            ),
            html.Div(
                [
                    html.Label(_("Begriff suchen"), htmlFor="glossar-suche", className="form-label fw-semibold"),
                    dbc.Input(id="glossar-suche", type="search", autocomplete="off"),  # filtered by glossar.js
                    html.P(
                        _("{n} Begriffe").format(n=len(terms)),
                        id="glossar-treffer",
                        role="status",
                        className="form-text",
                        **{
                            "data-viele": _("{n} Begriffe"),
                            "data-einer": _("1 Begriff"),
                            "data-keiner": _("Kein Begriff gefunden."),
                        },
                    ),
                ],
                className="glossar-suche mb-4",
                role="search",
            ),
            html.Div(
                [
                    html.Section(
                        [
                            html.H2(t.term, id=t.id, tabIndex="-1", className="h4"),
                            dcc.Markdown(t.text, className="glossar-text"),
                        ],
                        className="glossar-eintrag",
                    )
                    for t in terms
                ],
                id="glossar-begriffe",
                lang=g.lang,
                **{"data-glossar": g.key},
            ),
        ],
        id="glossar",
        style={"maxWidth": "62rem"},
    )


def _switch(current: glossary.Glossary, known: dict[str, glossary.Glossary]) -> html.Nav:
    """One link per glossary file, each named in its own language: German first, then its variants, then the rest."""
    order = sorted(known.values(), key=lambda g: (g.lang != glossary.DEFAULT, g.lang, g.variant or ""))
    return html.Nav(
        html.Ul(
            [
                html.Li(
                    html.A(
                        g.label,
                        href=g.href(),
                        lang=g.lang,
                        hrefLang=g.lang,
                        className="nav-link" + (" active" if g.key == current.key else ""),
                        **({"aria-current": "page"} if g.key == current.key else {}),
                    ),
                    className="nav-item",
                )
                for g in order
            ],
            className="nav nav-pills mb-3",
        ),
        id="glossar-sprache",
        **{"aria-label": _("Sprache des Glossars")},
    )
