"""The overview's sparklines are built as the JSON dict `go.Figure` gives for them (35 `go.Figure`s with their
validation took ~250 ms per view of the overview): the same figure, for short, long, empty and gappy series; and the
same sparkline from the series as lists (`sparkline_of`, the overview's rows) as from the frame."""

from __future__ import annotations

import json
from datetime import date, timedelta

import plotly
import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard import theme  # noqa: F401 - registers the app's plotly template, as the app does
from dashboard.components import MUTED, SPARK_H, SPARK_POINTS, SPARK_W, sparkline, sparkline_figure, sparkline_of


def reference(series: pl.DataFrame) -> go.Figure:
    """The sparkline as it was drawn with `go.Figure` (the code before the dict)."""
    s = series.drop_nulls("value").sort("period_start")
    if s.height > SPARK_POINTS:
        k = -(-s.height // SPARK_POINTS)
        s = (
            s.with_row_index("_i")
            .group_by(pl.col("_i") // k, maintain_order=True)
            .agg(pl.col("period_start").first(), pl.col("value").mean())
        )
    x, y = s["period_start"].to_list(), s["value"].to_list()
    fig = go.Figure(go.Scatter(x=x, y=y, mode="lines", line=dict(color=MUTED, width=2), hoverinfo="skip", showlegend=False))
    if x:
        fig.add_trace(go.Scatter(x=[x[-1]], y=[y[-1]], mode="markers", marker=dict(size=6, color="#000000"), hoverinfo="skip"))
    fig.update_layout(
        width=SPARK_W,
        height=SPARK_H,
        margin=dict(l=3, r=5, t=4, b=4),
        xaxis=dict(visible=False, fixedrange=True),
        yaxis=dict(visible=False, fixedrange=True),
        showlegend=False,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def as_json(fig: object) -> object:
    return json.loads(json.dumps(fig, cls=plotly.utils.PlotlyJSONEncoder))


def series(n: int, *, gaps: bool = False) -> pl.DataFrame:
    days = [date(2020, 1, 1) + timedelta(days=i) for i in range(n)]
    values = [None if gaps and i % 7 == 3 else float(i % 13) * 1.5 for i in range(n)]
    return pl.DataFrame({"period_start": days, "value": values}, schema={"period_start": pl.Date, "value": pl.Float64})


@pytest.mark.parametrize("frame", [series(0), series(1), series(12), series(60), series(61), series(2000, gaps=True)])
def test_sparkline_dict_equals_the_go_figure(frame: pl.DataFrame) -> None:
    assert as_json(sparkline_figure(frame)) == as_json(reference(frame))


@pytest.mark.parametrize("frame", [series(1), series(12), series(60), series(61), series(2000, gaps=True)])
def test_sparkline_of_lists_equals_the_sparkline_of_the_frame(frame: pl.DataFrame) -> None:
    """The overview's rows give the series as lists (`indicators.views.Glance`): the same sparkline and text."""
    s = frame.drop_nulls("value").sort("period_start")
    periods, values = tuple(s["period_start"].to_list()), tuple(s["value"].to_list())
    for unit in ("Anzahl", "%"):
        assert as_json(sparkline_of(periods, values, unit)) == as_json(sparkline(frame, unit))
