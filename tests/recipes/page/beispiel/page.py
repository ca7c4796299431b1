"""Beispielseite: die Zahl der Maßnahmen je Handlungsfeld als Tabelle, mit Download, eigenem Stylesheet und eigener Route."""

from __future__ import annotations

import dash
from dash import html
from flask import Flask
from pages.beispiel.datasets import MEASURES

from dashboard.components import data_table
from dashboard.factory import on_server, snapshot
from dashboard.i18n import N_, _, page_title

dash.register_page(__name__, path="/beispiel", name=N_("Beispiel"), order=99, public=True, title=page_title("Beispiel"))


def layout(**_query: str) -> html.Div:
    download = MEASURES.bind({}, MEASURES.load(snapshot(), {}))
    return html.Div(
        [
            html.H1(_("Beispiel"), className="beispiel-titel"),
            data_table(download.frame, caption=_("Maßnahmen je Handlungsfeld")),
            html.A("CSV", href=download.url("csv")),
        ]
    )


def _install(server: Flask) -> None:
    server.add_url_rule("/beispiel/ping", "beispiel_ping", lambda: "pong")


on_server(__package__, _install)
