"""Wirkungsbericht: the annual report of each year for download, HTML and PDF (pages/bericht/files.py makes them)."""

from __future__ import annotations

import dash
from dash import html

from dashboard.components import demo_badge
from dashboard.factory import on_server, settings, snapshot
from dashboard.i18n import _, current_lang, page_title
from indicators import views
from indicators.report import report_years
from pages.bericht import files

dash.register_page(
    __name__,
    path="/bericht",
    name="Wirkungsbericht",
    title=page_title("Wirkungsbericht"),
    order=80,
    nav=False,  # in the footer and on the overview: the header's navigation is full at 1280 px
    public=True,
    public_files=(files.PREFIX,),  # the report files are open on the public instance too (dashboard/security.py)
)


def layout(**_query: str) -> html.Div:
    snap = snapshot()
    lang = current_lang()
    years = report_years(snap)
    public = settings().public
    rows = [
        html.Tr(
            [
                html.Th(str(year), scope="row"),
                html.Td(html.A(_("Wirkungsbericht {year} als HTML").format(year=year), href=files.href(year, lang, "html"))),
                html.Td(
                    html.A(
                        _("Wirkungsbericht {year} als PDF").format(year=year),
                        href=files.href(year, lang, "pdf"),
                        download=f"{files.file_stem(year, lang, public=public)}.pdf",
                    )
                ),
            ]
        )
        for year in years
    ]
    intro = _(
        "Der Wirkungsbericht fasst ein Jahr zusammen: je Handlungsfeld das Zielbild, die Maßnahmen mit Stand, "
        "Verantwortung und Ressourcen, die Indikatoren mit Wert, Basiswert, Ziel, Fortschritt, Grafik und Datentabelle, "
        "den Maßnahmenspeicher und die Methoden. Er entsteht aus dem veröffentlichten Datenbestand, als barrierefreie "
        "HTML-Datei und als getaggtes PDF; der erste Abruf eines Jahres dauert einige Sekunden."
    )
    body = [
        html.H1([_("Wirkungsbericht"), " ", *demo_badge(views.has_demo_data(snap))]),
        html.P(intro),
    ]
    if public:
        body.append(html.P(_("Öffentliche Fassung: nur öffentliche Indikatoren.")))
    if not rows:
        body.append(html.P(_("Noch keine Daten für einen Bericht."), id="bericht-jahre"))
        return html.Div(body)
    body.append(
        html.Table(
            [
                html.Caption(_("Wirkungsberichte je Jahr")),
                html.Thead(html.Tr([html.Th(_("Jahr"), scope="col"), html.Th("HTML", scope="col"), html.Th("PDF", scope="col")])),
                html.Tbody(rows),
            ],
            id="bericht-jahre",
            className="table table-sm w-auto",
        )
    )
    return html.Div(body)


on_server(__package__, files.install)  # `/bericht/wirkungsbericht-<year>[-en].html|pdf`, on both instances
