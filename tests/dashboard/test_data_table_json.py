"""`data_table_json` is what `data_table` sends to the browser, built as JSON dicts (the map's chart returns a table of
150 rows with every zoom): the same JSON for short and long tables, numbers, dates, texts and gaps, in both languages."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import plotly
import polars as pl
import pytest

from dashboard.components import MAX_TABLE_ROWS, data_table, data_table_json


def _frame(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "Zeitraum ab": [date(2025, 1, 1) + timedelta(days=i) for i in range(n)],
            "Text": [f"26.11.2025 {i % 24:02d}:00" if i % 7 else None for i in range(n)],
            "Gesamt (Radfahrten)": [float(i * 1234.5) if i % 5 else None for i in range(n)],
            "Anzahl": [i * 1000 for i in range(n)],
            "klein": [i / 7 for i in range(n)],
        }
    )


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("n", [0, 1, 40, MAX_TABLE_ROWS, MAX_TABLE_ROWS + 1, 5000])
def test_table_as_json_equals_the_components(n: int, lang: str) -> None:
    from dashboard.factory import create_app
    from dashboard.settings import Settings

    app = create_app(Settings.load(env={}))
    with app.server.test_request_context(f"/?lang={lang}"):
        frame = _frame(n)
        old = json.loads(json.dumps(data_table(frame, caption="Tabelle <b>"), cls=plotly.utils.PlotlyJSONEncoder))
        new = json.loads(json.dumps(data_table_json(frame, caption="Tabelle <b>")))
    assert new == old
    sep = r"\." if lang == "de" else ","  # the reader's number format: 1.000 / 1,000
    assert re.search(rf'"\d{{1,3}}({sep}\d{{3}})+"', json.dumps(new)) or n < 2
