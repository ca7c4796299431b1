"""Erklärung zur Barrierefreiheit (BITV 2.0 / Hessisches Behindertengleichstellungsgesetz), linked from every footer."""

from __future__ import annotations

import dash
from dash import html

from dashboard.factory import settings
from dashboard.i18n import page_title

dash.register_page(
    __name__,
    path="/barrierefreiheit",
    name="Barrierefreiheit",
    nav=False,
    public=True,
    title=page_title("Erklärung zur Barrierefreiheit"),
)


def layout(**_query: str) -> html.Div:
    mail = settings().contact_email
    return html.Div(
        [
            html.H1("Erklärung zur Barrierefreiheit"),
            html.P(
                "Die Stadt Offenbach am Main ist bemüht, den Wirkungsmonitor im Einklang mit dem Hessischen "
                "Behinderten-Gleichstellungsgesetz (HessBGG) und der Barrierefreie-Informationstechnik-Verordnung "
                "(BITV 2.0), die die Richtlinie (EU) 2016/2102 umsetzen, barrierefrei zugänglich zu machen."
            ),
            html.H2("Stand der Vereinbarkeit mit den Anforderungen", className="h4"),
            html.P(
                "Diese Anwendung ist mit der BITV 2.0 (WCAG 2.1 Stufe AA) teilweise vereinbar. Automatisierte Prüfungen "
                "(axe-core) laufen bei jeder Änderung; eine Prüfung durch Menschen mit Behinderungen steht aus."
            ),
            html.H2("Nicht barrierefreie Inhalte", className="h4"),
            html.Ul(
                [
                    html.Li(
                        "Interaktive Diagramme sind mit Tastatur und Screenreader nur eingeschränkt bedienbar. Jede Grafik hat "
                        "deshalb eine Beschreibung in Worten und eine Datentabelle mit denselben Werten."
                    ),
                    html.Li(
                        "Die Karte ist nicht vollständig per Tastatur bedienbar; alle Messstellen sind auch in Tabellen "
                        "und auf den Seiten der Handlungsfelder erreichbar."
                    ),
                ]
            ),
            html.H2("Erstellung dieser Erklärung", className="h4"),
            html.P("Diese Erklärung wurde auf Grundlage einer Selbstbewertung und automatisierter Tests erstellt."),
            html.H2("Feedback und Kontakt", className="h4"),
            html.P(
                [
                    "Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie uns: ",
                    html.A(mail, href=f"mailto:{mail}"),
                    " – Stabsstelle Digitalisierung, Berliner Straße 100, 63065 Offenbach am Main, Telefon +49 69 8065-2308.",
                ]
            ),
            html.H2("Durchsetzungsverfahren", className="h4"),
            html.P(
                "Wenn Sie auf Ihre Rückmeldung innerhalb von sechs Wochen keine zufriedenstellende Antwort erhalten, "
                "können Sie das Durchsetzungsverfahren nach dem Hessischen Behinderten-Gleichstellungsgesetz einleiten: "
                "Wenden Sie sich an die Durchsetzungsstelle des Landes Hessen für barrierefreie Informationstechnik "
                "(Kontaktdaten auf den Seiten des Landes Hessen zur digitalen Barrierefreiheit). Das Verfahren ist "
                "kostenfrei; Sie brauchen keinen Anwalt."
            ),
        ]
    )
