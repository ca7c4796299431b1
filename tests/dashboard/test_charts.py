"""Indicator figures are plain dicts (cheaper than go.Figure); they must serialise exactly as the go.Figure would."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from dashboard import theme
from dashboard.charts import indicator_figure
from indicators.registry import COMPUTED


def test_dict_figure_serialises_like_the_go_figure() -> None:
    theme.register()
    ind = replace(
        next(iter(COMPUTED.values())),
        target_value=1200.0,
        target_date=date(2030, 12, 31),
        baseline_value=900.0,
        baseline_date=date(2019, 1, 1),
    )
    series = pl.DataFrame(
        {"period_start": [date(2019, 1, 1), date(2020, 1, 1), date(2021, 1, 1)], "value": [900.0, 1000.0, 1100.5]}
    )
    for template in (None, "wirkungsmonitor-projektor"):
        fig = indicator_figure(series, ind, measure_start=date(2020, 1, 1), template=template, label_values=True)
        layout = {k: v for k, v in fig["layout"].items() if k != "template"}
        expected = go.Figure(data=fig["data"], layout={**layout, **({"template": template} if template else {})})
        assert json.loads(pio.to_json(fig, validate=False)) == json.loads(expected.to_json())
        assert fig["layout"]["template"]["layout"]["separators"] == ",."  # the German theme, not plotly's default
        assert len(fig["layout"]["shapes"]) == 2 and len(fig["data"]) == 2
