"""Dash's answers encoded with orjson (`dashboard/json_encoding.py`) are the same JSON as plotly's own encoder writes:
the app's real answers (every page of the demo snapshot, the shell, a chart with dates and NaN) and the odd values
plotly handles (dates, numpy, pandas, decimals, NaN and infinities, non-text keys, `</script>` in a text)."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import plotly.io._json as plotly_json
import pytest
from app_support import demo_snapshot

from bench.loadtest import page_content_body
from dashboard import json_encoding
from dashboard.factory import create_app
from dashboard.settings import Settings


def _plotly(obj: object) -> str:
    return str(plotly_json.to_json_plotly(obj, engine="json"))


def test_odd_values_encode_as_plotly_encodes_them() -> None:
    value = {
        "date": date(2026, 12, 8),
        "naive": datetime(2026, 3, 29, 2, 30, 0, 5),
        "aware": datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
        "timestamp": pd.Timestamp("2026-01-01 00:15"),
        "decimal": Decimal("1.25"),
        "nan": math.nan,
        "inf": [math.inf, -math.inf],
        "numpy": np.array([1.5, np.nan, 3.0]),
        "ints": np.arange(3),
        "scalar": np.float64(2.5),
        1: "a key that is a number",
        "html": "</script><script>alert(1)</script> \u2028 Maßnahme",
    }
    fast = json_encoding.to_json(value)
    assert json.loads(fast) == json.loads(_plotly(value))
    assert "<" not in fast and ">" not in fast and "/" not in fast and "\u2028" not in fast  # safe inside <script>
    assert json.loads(fast)["nan"] is None and json.loads(fast)["inf"] == [None, None]


def test_what_orjson_cannot_encode_goes_to_plotly_unchanged() -> None:
    huge = {"n": 2**70}  # beyond 64 bits
    assert json_encoding.to_json(huge) == _plotly(huge)
    with pytest.raises(TypeError):  # what plotly cannot encode fails as before
        json_encoding.to_json({"x": object()})
    assert json_encoding.to_json({"a": 1}, pretty=True) == str(plotly_json.to_json_plotly({"a": 1}, pretty=True, engine="json"))


def test_the_apps_answers_are_the_same_json() -> None:
    app = create_app(Settings.load(env={}, db=demo_snapshot()))
    client = app.server.test_client()
    shell = client.get("/_dash-layout")
    with app.server.test_request_context("/_dash-layout"):
        assert shell.status_code == 200 and json.loads(shell.get_data()) == json.loads(_plotly(app._layout_value()))
    captured: list[object] = []
    encode = json_encoding.to_json

    def keep(obj: object, pretty: bool = False, engine: str | None = None) -> str:
        captured.append(obj)
        return encode(obj, pretty, engine)

    import plotly.io.json as dash_json

    dash_json.to_json_plotly = keep
    try:
        for path in ("/", "/handlungsfeld/mobilitaet", "/indikatoren/rad_dtv", "/karte", "/datenqualitaet", "/massnahmen"):
            captured.clear()
            r = client.post(
                "/_dash-update-component",
                data=page_content_body(path, "?json=1"),
                headers={"Content-Type": "application/json"},
            )
            assert r.status_code == 200, path
            (answer,) = captured
            got = json.loads(r.get_data())
            got.pop("dist", None)  # the map's scripts, named after encoding (dashboard/libraries.py)
            assert got == json.loads(_plotly(answer)), path
            assert "Ma\\u00dfnahme" not in r.get_data(as_text=True)  # UTF-8 as it is, not escaped: smaller
    finally:
        dash_json.to_json_plotly = encode
