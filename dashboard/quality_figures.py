"""Figures and tables of the data-quality page: coverage heatmap (stations × days/weeks/months) and its words."""
from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from dash import html

from dashboard import format as fmt
from indicators.quality import PERIOD_DE

KIND_DE = {
    "bike_counter": "Radzählstellen", "pedestrian_counter": "Passantenzähler", "air_quality": "Luftqualitätssensoren",
    "weather": "Wetterstationen", "tree_sensor": "Baumsensoren", "wifi_node": "Freifunk-Knoten (WLAN)",
    "sensor": "Sensordatenplattform (SensorThings)", "charging_station": "Ladestationen",
}
# sequential, colour-blind safe, dark = complete; a missing day is also 0 % in the hover text and the tables
COLORSCALE = [[0.0, "#E8A33D"], [0.5, "#C2577A"], [0.9, "#5B2C83"], [1.0, "#1F1147"]]
STATUS_DE = {"loaded": "geladen", "loaded_with_rejects": "geladen, Zeilen abgewiesen", "rejected": "Datei abgewiesen"}


def kind_label(kind: str) -> str:
    return KIND_DE.get(kind, kind)


def heatmap_figure(cov: pl.DataFrame, period: str) -> go.Figure:
    """Coverage in % per station (y) and period (x); cells outside a station's span stay empty."""
    wide = cov.pivot(on="period_start", index="station_name", values="share", sort_columns=True)
    periods = [c for c in wide.columns if c != "station_name"]
    x = sorted(cov["period_start"].unique().to_list())
    z = [[None if r.get(str(p)) is None else r[str(p)] * 100 for p in x] for r in wide.to_dicts()] if periods else []
    what = {"day": "Tag", "week": "Woche ab", "month": "Monat ab"}[period]
    fig = go.Figure(go.Heatmap(
        x=x, y=wide["station_name"].to_list(), z=z, zmin=0, zmax=100, colorscale=COLORSCALE, xgap=1 if len(x) <= 120 else 0,
        ygap=1, colorbar=dict(title=dict(text="Abdeckung"), ticksuffix=" %", tickvals=[0, 25, 50, 75, 100], len=0.9),
        hovertemplate="%{y}<br>" + what + " %{x|%d.%m.%Y}: %{z:,.0f} % der üblichen Intervalle<extra></extra>",
    ))
    fig.update_layout(xaxis=dict(showgrid=False, tickformat="%d.%m.%Y" if period == "day" else "%m/%Y"),
                      yaxis=dict(showgrid=False, autorange="reversed", rangemode="normal", automargin=True, ticks=""),
                      margin=dict(l=10))
    return fig


def heatmap_table(cov: pl.DataFrame, period: str) -> pl.DataFrame:
    """The heatmap's cells as a table (and download)."""
    return cov.select(
        pl.col("station_name").alias("Station"),
        pl.col("period_start").alias(f"{PERIOD_DE[period]} ab" if period != "day" else "Tag"),
        (pl.col("share") * 100).alias("Abdeckung (%)"),
        pl.col("days").alias("Tage erwartet"),
        pl.col("days_missing").alias("Tage ohne Daten"),
    )


def heatmap_caption(cov: pl.DataFrame, gaps: pl.DataFrame, kind: str, period: str) -> str:
    if cov.is_empty():
        return f"{kind_label(kind)}: im gewählten Zeitraum keine Daten."
    per_station = cov.group_by("station_name").agg(
        ((pl.col("share") * pl.col("days")).sum() / pl.col("days").sum()).alias("share")).sort("share")
    full = per_station.filter(pl.col("share") >= 0.99).height
    worst = per_station.row(0, named=True)
    text = f"{kind_label(kind)}: {full} von {per_station.height} Stationen mit mindestens 99 % der üblichen Intervalle"
    text += (f"; am geringsten {worst['station_name']} mit {fmt.number(worst['share'] * 100, 1)} %." if full < per_station.height
             else ".")
    if not gaps.is_empty():
        g = gaps.row(0, named=True)
        text += (f" Längste Lücke: {g['station_name']}, {fmt.number(g['days'])} Tage "
                 f"({fmt.day(g['first_day'])} – {fmt.day(g['last_day'])}).")
    else:
        text += " Keine Tage ganz ohne Daten."
    if period != "day":
        text += f" Dargestellt je {PERIOD_DE[period]} (Mittel der Tage), damit die Karte lesbar bleibt."
    return text


def gaps_table(gaps: pl.DataFrame) -> pl.DataFrame:
    return gaps.select(
        pl.col("station_name").alias("Station"), pl.col("first_day").alias("von"), pl.col("last_day").alias("bis"),
        pl.col("days").alias("Tage"),
        pl.when(pl.col("ongoing")).then(pl.lit("Ausfall dauert an")).otherwise(pl.lit("Lücke")).alias("Art"),
    )


def load_table(loads: pl.DataFrame) -> pl.DataFrame:
    return loads.select(
        pl.col("kind").alias("Quellart"),
        pl.col("last_loaded").map_elements(fmt.timestamp, return_dtype=pl.Utf8).alias("Letzte Ladung"),
        pl.col("files").alias("Dateien"), pl.col("rows_in").alias("Zeilen gelesen"),
        pl.col("rows_loaded").alias("Zeilen geladen"), pl.col("rows_rejected").alias("Zeilen abgewiesen"),
        pl.col("last_status").replace_strict(STATUS_DE, default=pl.col("last_status")).alias("Status der letzten Datei"),
        pl.when(pl.col("is_demo")).then(pl.lit("Demodaten")).otherwise(pl.lit("nein")).alias("Demodaten"),
    )


def rejected_rows_table(latest: pl.DataFrame, *, with_raw: bool) -> html.Table:
    """The latest rejected rows: file and line, reason, and (internal only) the original line, wrapped."""
    cols = ["Geladen", "Quellart", "Datei", "Zeile", "Grund"] + (["Originalzeile"] if with_raw else [])
    rows = []
    for r in latest.iter_rows(named=True):
        cells = [html.Td(fmt.timestamp(r["loaded_at"]), className="text-nowrap"), html.Td(r["kind"]),
                 html.Td(r["file_name"], style={"wordBreak": "break-all", "minWidth": "10rem"}),
                 html.Td(str(r["line"]) if r["line"] is not None else "–"),
                 html.Td(r["reason"], style={"minWidth": "14rem"})]
        if with_raw:
            cells.append(html.Td(html.Code(r.get("raw") or "–", style={"wordBreak": "break-all"})))
        rows.append(html.Tr(cells))
    return html.Table([html.Caption("Zuletzt abgewiesene Zeilen", className="visually-hidden"),
                       html.Thead(html.Tr([html.Th(c, scope="col") for c in cols])), html.Tbody(rows)],
                      className="table table-sm table-striped data-table small")
