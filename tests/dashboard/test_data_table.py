"""`dashboard.components.data_table` writes the table's body as the ready JSON of its rows (`Ready`): the JSON Dash
sends is the same, byte for byte, as the table built from Dash components, for text, whole and decimal numbers,
dates, empty cells, and more rows than a table shows."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from dash import html
from flask import Flask
from plotly.io.json import to_json_plotly

from dashboard import components as comp
from dashboard.i18n import _


def reference(table: pl.DataFrame, *, caption: str) -> html.Div:
    """The table as it was built from Dash components."""
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in table.columns]))
    shown = table.tail(comp.MAX_TABLE_ROWS)
    body = html.Tbody([html.Tr([html.Td(comp._cell(v)) for v in r]) for r in shown.iter_rows()])
    note = []
    if table.height > comp.MAX_TABLE_ROWS:
        note = [
            html.P(
                f"{_('Die neuesten')} {comp.MAX_TABLE_ROWS} {_('von')} {table.height} {_('Zeilen; alle im Download.')}",
                className="small text-body-secondary",
            )
        ]
    return html.Div(
        [
            *note,
            html.Table(
                [html.Caption(caption, className="visually-hidden"), head, body],
                className="table table-sm table-striped data-table",
            ),
        ]
    )


def frame(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "Station": [f'Zählstelle <{i}> & "Süd"' if i % 5 else None for i in range(n)],
            "Tag": [date(2024, 1, 1) + timedelta(days=i) for i in range(n)],
            "Anteil (%)": [i * 1234.5678 / 7 if i % 3 else None for i in range(n)],
            "Tage": list(range(n)),
        },
        schema={"Station": pl.Utf8, "Tag": pl.Date, "Anteil (%)": pl.Float64, "Tage": pl.UInt32},
    )


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("n", [0, 1, 12, comp.MAX_TABLE_ROWS, comp.MAX_TABLE_ROWS + 40])
def test_table_as_ready_json_equals_the_components(n: int, lang: str) -> None:
    with Flask(__name__).test_request_context(f"/?lang={lang}"):
        assert comp.current_lang() == lang
        table = frame(n)
        new = to_json_plotly(comp.data_table(table, caption="Lücken"))
        assert new == to_json_plotly(reference(table, caption="Lücken"))
    assert new.count('"type":"Tr"') == min(n, comp.MAX_TABLE_ROWS) + 1  # the rows shown and the head
