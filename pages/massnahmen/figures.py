"""Figures and words of the Maßnahmen page: the timeline of measures (start–end, by status)."""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl

from dashboard import format as fmt
from dashboard.i18n import _
from dashboard.status_display import MEASURE_STATUS_STYLE
from dashboard.theme import TEXT
from indicators.labels import MEASURE_STATUS_DE
from indicators.measures import STATUS_ORDER

ROW_HEIGHT = 30
MS_PER_DAY = 86_400_000


def timeline_figure(frame: pl.DataFrame, *, today: date) -> go.Figure:
    """A Gantt-like bar per measure from start to end, one trace per status, each bar labelled with its status.

    `frame` has `title`, `status`, `start_date`, `end_date`; rows without both dates are left out.
    """
    f = frame.filter(pl.col("start_date").is_not_null() & pl.col("end_date").is_not_null())
    fig = go.Figure()
    for status in STATUS_ORDER:
        sub = f.filter(pl.col("status") == status)
        if sub.is_empty():
            continue
        style = MEASURE_STATUS_STYLE[status]
        label = _(MEASURE_STATUS_DE[status])
        starts, ends = sub["start_date"].to_list(), sub["end_date"].to_list()
        fig.add_trace(
            go.Bar(
                y=sub["title"].to_list(),
                base=[s.isoformat() for s in starts],
                x=[((e - s).days + 1) * MS_PER_DAY for s, e in zip(starts, ends, strict=True)],
                orientation="h",
                name=f"{style['icon']} {label}",
                marker=dict(
                    color=style["color"],
                    line=dict(color=TEXT, width=1),
                    pattern=dict(
                        shape=style["pattern"],
                        bgcolor=style["color"],
                        fgcolor="#FFFFFF",
                        fillmode="overlay",
                        fgopacity=0.35,
                        solidity=0.15,
                    ),
                ),
                text=[f"{style['icon']} {label}"] * len(starts),
                textposition="inside",
                insidetextanchor="start",
                textfont=dict(color="#FFFFFF"),
                constraintext="none",
                customdata=[[fmt.day(s), fmt.day(e), label] for s, e in zip(starts, ends, strict=True)],
                hovertemplate="<b>%{y}</b><br>%{customdata[0]} – %{customdata[1]}<br>"
                + _("Status")
                + ": %{customdata[2]}<extra></extra>",
            )
        )
    titles = f["title"].to_list()
    lo = min([*f["start_date"].to_list(), today]) if titles else today
    hi = max([*f["end_date"].to_list(), today]) if titles else today
    fig.add_vline(x=today.isoformat(), line=dict(color=TEXT, dash="dash", width=2))
    fig.add_annotation(
        x=today.isoformat(),
        y=1,
        yref="paper",
        text=_("heute ({day})").format(day=fmt.day(today)),
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
        font=dict(color=TEXT),
    )
    fig.update_xaxes(
        type="date",
        tickformat="%Y",
        dtick="M12",
        range=[(lo - timedelta(days=60)).isoformat(), (hi + timedelta(days=60)).isoformat()],
    )
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=list(reversed(titles)), automargin=True, showgrid=False, ticks=""
    )
    fig.update_layout(
        barmode="overlay",
        bargap=0.25,
        showlegend=True,
        hovermode="closest",
        legend=dict(title=dict(text=_("Status") + ": "), traceorder="normal"),
        margin=dict(t=60),
    )
    return fig


def timeline_height(frame: pl.DataFrame) -> int:
    n = frame.filter(pl.col("start_date").is_not_null() & pl.col("end_date").is_not_null()).height
    return 130 + ROW_HEIGHT * max(n, 1)


def timeline_caption(frame: pl.DataFrame, *, today: date) -> str:
    """The timeline's message in words: how many measures run now, ended, and start later, by status."""
    f = frame.filter(pl.col("start_date").is_not_null() & pl.col("end_date").is_not_null())
    if f.is_empty():
        return _("Für diese Auswahl gibt es keine Maßnahmen mit Zeitplan.")
    running = f.filter((pl.col("start_date") <= today) & (pl.col("end_date") >= today)).height
    ended = f.filter(pl.col("end_date") < today).height
    later = f.filter(pl.col("start_date") > today).height
    counts = [f"{n} {_(MEASURE_STATUS_DE[s])}" for s in STATUS_ORDER if (n := f.filter(pl.col("status") == s).height)]
    first = f.sort("start_date").row(0, named=True)
    last = f.sort("end_date").row(-1, named=True)
    return _(
        "Zeitplan von {n} Maßnahmen ({counts}). Am {today} laufen laut Plan {running}, {ended} haben ihr geplantes "
        "Ende erreicht, {later} beginnen später. Am frühesten begann „{first}“ ({first_start}), am längsten läuft "
        "„{last}“ (bis {last_end})."
    ).format(
        n=f.height,
        counts=", ".join(counts),
        today=fmt.day(today),
        running=running,
        ended=ended,
        later=later,
        first=first["title"],
        first_start=fmt.day(first["start_date"]),
        last=last["title"],
        last_end=fmt.day(last["end_date"]),
    )
