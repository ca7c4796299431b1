"""Methodik: methods and glossary in German and English (`?lang=en`), rendered from docs/methods.md."""

from __future__ import annotations

import re

import dash
from dash import dcc, html

from dashboard.glossary import Links
from dashboard.i18n import _, page_title, use_lang
from pages.methodik import doc as methods_doc
from pages.methodik.doc import LanguagePart, Table

dash.register_page(__name__, path="/methodik", name="Methodik", title=page_title("Methodik"), order=8, public=True)

LANG_LINKS = (("de", "Deutsch", "/methodik?lang=de"), ("en", "English", "/methodik?lang=en"))
# terms whose first use in the text links to the glossary (`dashboard.glossary.Links`); not the ones whose English
# forms are everyday words ("measure", "target", "wave")
GLOSSARY_TERMS = (
    "wirkungskette",
    "indikator",
    "fortschritt",
    "basiswert",
    "cagr",
    "daten-veraltet",
    "vorher-nachher-vergleich",
    "stichtag",
    "intervall-95",
    "einfacher-vergleich",
    "bereinigter-vergleich",
    "unterbrochene-zeitreihe",
    "differenz-von-differenzen",
    "kontrollstationen",
    "nicht-aussagekraeftig",
    "kleinzellen",
    "top-2-box",
    "demodaten",
    "beispielwert",
    "reihenbruch",
    "dtv",
)


def layout(lang: str | None = None, **_query: str) -> html.Div:
    lang = use_lang(lang if lang in methods_doc.LANGS else None)  # `?lang=`, else the language switch's cookie
    part = methods_doc.load()[lang]
    return html.Div(
        [
            html.Nav(
                html.Ul(
                    [
                        html.Li(
                            html.A(
                                name,
                                href=href,
                                lang=code,
                                hrefLang=code,
                                className="nav-link" + (" active" if code == lang else ""),
                                **({"aria-current": "page"} if code == lang else {}),
                            ),
                            className="nav-item",
                        )
                        for code, name, href in LANG_LINKS
                    ],
                    className="nav nav-pills mb-3",
                ),
                **{"aria-label": "Sprache / Language"},
                id="methodik-sprache",
            ),
            html.Div(_document(part), lang=lang, id=f"methodik-{lang}", style={"maxWidth": "62rem"}),
        ]
    )


def _document(part: LanguagePart) -> list:
    """The document in the language `use_lang` set; the page's own words through `_()`."""
    toc = html.Nav(
        [html.H2(_("Inhalt"), className="h5"), html.Ol([html.Li(html.A(s.title, href=f"#{s.slug}")) for s in part.sections])],
        className="methodik-inhalt mb-4",
        **{"aria-label": _("Inhalt")},
    )
    links = Links()
    out: list = [html.H1(part.title), *_blocks(part.intro, links), toc]
    for s in part.sections:
        out.append(
            html.Section(
                [html.H2(s.title, id=s.slug, className="mt-4"), *_blocks(s.blocks, links)],
                id=f"abschnitt-{s.slug}",
                className="methodik-abschnitt",
            )
        )
    out.append(html.P(_("Dieser Text steht auch im Projekt unter docs/methods.md."), className="small text-body-secondary mt-4"))
    return out


def _blocks(blocks: tuple[str | Table, ...], links: Links) -> list:
    return [
        _table(b) if isinstance(b, Table) else dcc.Markdown(links.markdown(b, *GLOSSARY_TERMS), className="methodik-text")
        for b in blocks
    ]


def _table(t: Table) -> html.Div:
    """A document table: column headers, and the first cell of each row as the row's header."""
    return html.Div(
        html.Table(
            [
                html.Thead(html.Tr([html.Th(_inline(h), scope="col") for h in t.header])),
                html.Tbody(
                    [html.Tr([html.Th(_inline(r[0]), scope="row"), *[html.Td(_inline(c)) for c in r[1:]]]) for r in t.rows]
                ),
            ],
            className="table table-sm methodik-tabelle",
        ),
        className="table-responsive",
    )


_INLINE = re.compile(r"(`[^`]+`|\*\*[^*]+\*\*)")


def _inline(text: str) -> list:
    """`code` and **bold** inside table cells (the rest of the cell is plain text)."""
    out: list = []
    for piece in _INLINE.split(text):
        if piece.startswith("`") and piece.endswith("`") and len(piece) > 1:
            out.append(html.Code(piece[1:-1]))
        elif piece.startswith("**") and piece.endswith("**") and len(piece) > 3:
            out.append(html.Strong(piece[2:-2]))
        elif piece:
            out.append(piece)
    return out
