"""`data_table` sends its body's rows and cells as the JSON of `html.Tr`/`html.Td` without building the components
(#19: a Handlungsfeld page's seven tables took ~10 ms as ~650 components): the same JSON as the components give, for
numbers, dates, text, booleans, missing values, an empty table and one longer than `MAX_TABLE_ROWS`."""

from __future__ import annotations

import json
from datetime import date, timedelta

import plotly
import polars as pl
import pytest
from app_support import data_table_before
from dash import html
from flask import Flask
from plotly.io.json import to_json_plotly

from dashboard import components as comp
from dashboard.components import MAX_TABLE_ROWS, _cell, data_table


def reference(table: pl.DataFrame) -> html.Tbody:
    """The body as `data_table` built it with components (before #19)."""
    shown = table.tail(MAX_TABLE_ROWS)
    return html.Tbody([html.Tr([html.Td(_cell(v)) for v in r]) for r in shown.iter_rows()])


def frame(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "Zeitraum ab": [date(2020, 1, 1) + timedelta(days=i) for i in range(n)],
            "Wert": [None if i % 5 == 2 else i * 1234.5678 for i in range(n)],
            "Anzahl": [i for i in range(n)],
            "Art": [f"Zählstelle {i}" for i in range(n)],
            "Beispiel": [i % 2 == 0 for i in range(n)],
        }
    )


def as_json(x: object) -> object:
    return json.loads(json.dumps(x, cls=plotly.utils.PlotlyJSONEncoder))


@pytest.mark.parametrize("n", [0, 1, 7, MAX_TABLE_ROWS, MAX_TABLE_ROWS + 1, 400])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_table_body_is_the_json_of_the_components(n: int, lang: str) -> None:
    from flask import Flask

    with Flask(__name__).test_request_context(f"/?lang={lang}"):
        div = data_table(frame(n), caption="Tabelle")
        table = div.children[-1]
        body = table.children[-1]
        assert as_json(body) == as_json(reference(frame(n)))
        assert len(body.children) == min(n, MAX_TABLE_ROWS)
        if n > MAX_TABLE_ROWS:  # the note says which rows are shown
            assert str(MAX_TABLE_ROWS) in div.children[0].children


# --- the whole table, byte for byte (the data-quality page's tables) ---


def frame_dq(n: int) -> pl.DataFrame:
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
        table = frame_dq(n)
        new = to_json_plotly(comp.data_table(table, caption="Lücken"))
        assert new == to_json_plotly(data_table_before(table, caption="Lücken"))
    assert new.count('"type":"Tr"') == min(n, comp.MAX_TABLE_ROWS) + 1  # the rows shown and the head


# --- the table behind a tab, built by the browser (#19) ---


def texts(div: html.Div) -> dict:
    """What `data_table` shows: caption, note, header and cell texts."""
    d = as_json(div)
    parts = d["props"]["children"]
    table = parts[-1]["props"]["children"]
    caption, head, body = table
    return {
        "caption": caption["props"]["children"],
        "note": parts[0]["props"]["children"] if len(parts) > 1 else None,
        "columns": [th["props"]["children"] for th in head["props"]["children"]["props"]["children"]],
        "rows": [[td["props"]["children"] for td in tr["props"]["children"]] for tr in body["props"]["children"]],
    }


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("n", [0, 1, 12, comp.MAX_TABLE_ROWS, comp.MAX_TABLE_ROWS + 40])
@pytest.mark.parametrize("make", [frame, frame_dq])
def test_deferred_table_carries_exactly_what_data_table_shows(n: int, lang: str, make) -> None:  # noqa: ANN001
    with Flask(__name__).test_request_context(f"/?lang={lang}"):
        caption = 'Radverkehr <b>"Süd"</b> & Nord'
        div = comp.deferred_table(make(n), caption=caption)
        assert div.className == "wm-table-deferred" and not getattr(div, "children", None)
        payload = json.loads(getattr(div, "data-table"))
        assert payload == texts(data_table(make(n), caption=caption))
        assert len(payload["rows"]) == min(n, comp.MAX_TABLE_ROWS)
        assert (payload["note"] is not None) == (n > comp.MAX_TABLE_ROWS)
