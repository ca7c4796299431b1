"""Map of the stations (/karte): value classes, marker icons, layers, legend and the station's series figure."""
from __future__ import annotations

import html as htmllib
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

import dash_leaflet as dl
import plotly.graph_objects as go
import polars as pl
from dash import html

from dashboard import format as fmt
from dashboard.theme import DASHES, PALETTE
from indicators import stations
from indicators.registry import DROUGHT_THRESHOLD_VWC, PM10_DAILY_LIMIT
from indicators.stations import StationInfo

# Sequential, colour-blind-safe ramp (viridis steps); the glyph's colour keeps ≥ 4.5:1 contrast on each.
RAMP = [("#FDE725", "#000000"), ("#7AD151", "#000000"), ("#22A884", "#000000"), ("#2A788E", "#FFFFFF"),
        ("#414487", "#FFFFFF")]
NO_VALUE = ("#D0D0D0", "#000000")
SIZES = [22, 27, 32, 37, 42]

# Fixed class limits where the domain has meaningful ones; counts get limits from the current values.
FIXED_BREAKS: dict[str, list[float]] = {
    "air_quality": [20, 35, PM10_DAILY_LIMIT],
    "weather": [0, 10, 20],
    "tree_sensor": [DROUGHT_THRESHOLD_VWC, 25, 35],
    "charging_station": [22, 50, 150],
}
BREAK_NOTES = {("air_quality", 3): " (über EU-Tagesgrenzwert)", ("tree_sensor", 0): " (Trockenstress)",
               ("charging_station", 0): " (Normalladen)"}
DENSE_LAYERS = {"wifi_node", "charging_station"}
# Drawing order where markers overlap: the few counters above sensors, sensors above the many nodes and charge points
Z_OFFSET = {"bike_counter": 1000, "pedestrian_counter": 1000, "air_quality": 500, "weather": 500, "sensor": 500}


@dataclass(frozen=True)
class ValueClasses:
    breaks: list[float]  # value ≤ breaks[i] → class i; above the last → len(breaks)
    unit: str

    def of(self, v: float | None) -> int | None:
        return None if v is None else bisect_left(self.breaks, v)

    def labels(self, kind: str) -> list[str]:
        u = f"\u00a0{self.unit}" if self.unit else ""
        b = [_num(x) for x in self.breaks]
        if not b:
            return ["alle Werte"]
        out = [f"bis {b[0]}{u}"] + [f"über {b[i - 1]} bis {b[i]}{u}" for i in range(1, len(b))] + [f"über {b[-1]}{u}"]
        return [t + BREAK_NOTES.get((kind, i), "") for i, t in enumerate(out)]


def _num(v: float) -> str:
    return fmt.number(v, 0 if float(v).is_integer() or abs(v) >= 100 else 1)


def _nice(v: float) -> float:
    """Round to two significant digits (class limits people can read)."""
    if v == 0:
        return 0.0
    digits = len(str(int(abs(v)))) - 2
    return round(v, -digits) if digits > 0 else round(v, 1 if abs(v) < 10 else 0)


def value_classes(kind: str, values: list[float], unit: str) -> ValueClasses:
    if kind in FIXED_BREAKS:
        return ValueClasses(FIXED_BREAKS[kind], unit)
    if kind == "sensor" or len(values) < 3:  # mixed units, or too few values to split
        return ValueClasses([], unit)
    s = pl.Series(values)
    qs = sorted({_nice(float(s.quantile(q, "linear") or 0)) for q in (0.25, 0.5, 0.75)})
    return ValueClasses(qs, unit)


def value_text(v: float | None, unit: str) -> str:
    if v is None:
        return "kein aktueller Wert"
    return fmt.number(v, 0 if abs(v) >= 100 or unit in ("Radfahrten", "Passanten", "Geräte") else 1, unit=unit)


def marker_html(glyph: str, cls: int | None, size: int, *, selected: bool = False) -> str:
    bg, fg = NO_VALUE if cls is None else RAMP[cls]
    css = "wm-marker wm-selected" if selected else "wm-marker"
    return (f'<div class="{css}" style="width:{size}px;height:{size}px;background:{bg};color:{fg}">'
            f'<span aria-hidden="true">{htmllib.escape(glyph)}</span></div>')


def station_layer(kind: str, rows: pl.DataFrame, classes: ValueClasses, *, selected: str | None = None) -> dl.GeoJSON:
    """One kind's stations as GeoJSON markers: glyph, colour and size by the latest value; dense kinds clustered."""
    k = stations.KINDS[kind]
    feats = []
    for r in rows.iter_rows(named=True):
        cls = classes.of(r["value"])
        size = SIZES[cls] if cls is not None else SIZES[0]
        val = value_text(r["value"], r["unit"] or "")
        when = f" ({fmt.day(r['value_date'])})" if r["value_date"] else ""
        name = stations.display_name(k, r["name"])
        title = f"{name}: {val}{when}"
        tooltip = (f"<strong>{htmllib.escape(name)}</strong><br>"
                   f"{htmllib.escape(k.latest)}: {htmllib.escape(val)}{htmllib.escape(when)}")
        feats.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {"station_id": r["station_id"], "kind": kind, "title": title, "tooltip": tooltip,
                           "icon": marker_html(k.glyph, cls, size, selected=r["station_id"] == selected),
                           "size": size, "z": Z_OFFSET.get(kind, 0) + (2000 if r["station_id"] == selected else 0)},
        })
    return dl.GeoJSON(
        id={"type": "karte-layer", "kind": kind},
        data={"type": "FeatureCollection", "features": feats},
        pointToLayer={"variable": "wmKarte.station"},
        cluster=kind in DENSE_LAYERS,
        clusterToLayer={"variable": "wmKarte.cluster"},
        hideout={"glyph": k.glyph, "label": k.label},
        zoomToBoundsOnClick=True,
        superClusterOptions={"radius": 100, "maxZoom": 17},
    )


def density_layer(cells: pl.DataFrame) -> dl.GeoJSON:
    feats = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
        "properties": {"radius": density_radius(r["n"]),
                       "tooltip": f"{fmt.number(r['n'])} Mängelmeldungen in dieser Zelle (ca. 200 × 150 m)"},
    } for r in cells.iter_rows(named=True)]
    return dl.GeoJSON(id="karte-meldungen", data={"type": "FeatureCollection", "features": feats},
                      pointToLayer={"variable": "wmKarte.density"})


def density_radius(n: int) -> float:
    return round(3 + 2.2 * n ** 0.5, 1)


def district_layer(fc: dict[str, Any]) -> dl.GeoJSON:
    return dl.GeoJSON(id="karte-stadtteile", data=fc,
                      style={"color": "#444444", "weight": 2, "fillColor": "#444444", "fillOpacity": 0.04})


# ---------------------------------------------------------------------------------------------------------------------
# Legend (HTML next to the map)


def swatch(glyph: str, cls: int | None, size: int) -> html.Span:
    bg, fg = NO_VALUE if cls is None else RAMP[cls]
    return html.Span(html.Span(glyph, **{"aria-hidden": "true"}), className="wm-swatch",
                     style={"width": f"{size}px", "height": f"{size}px", "background": bg, "color": fg})


def kind_legend(kind: str, n: int, classes: ValueClasses, *, has_missing: bool) -> html.Div:
    k = stations.KINDS[kind]
    items = [html.Li([swatch(k.glyph, i, SIZES[i]), html.Span(label)])
             for i, label in enumerate(classes.labels(kind))]
    if has_missing:
        items.append(html.Li([swatch(k.glyph, None, SIZES[0]), html.Span("kein aktueller Wert")]))
    if kind in DENSE_LAYERS:
        items.append(html.Li([html.Span(html.Span(f"{k.glyph}\u00a05", **{"aria-hidden": "true"}), className="wm-cluster",
                                        style={"width": "34px", "height": "34px", "flex": "none"}),
                              html.Span(f"Gruppe, hier 5 {k.label}; Klick vergrößert")]))
    return html.Div([
        html.H3([html.Span(f"„{k.glyph}“ ", className="fw-bold"), f"{k.label} ({fmt.number(n)})"], className="h6 mb-1"),
        html.P(f"Größe und Farbe: {k.latest}",
               className="small text-body-secondary mb-1"),
        html.Ul(items),
    ])


def density_legend(cells: pl.DataFrame) -> html.Div:
    if cells.is_empty():
        return html.Div()
    top = int(cells["n"].max() or 1)
    sizes = sorted({1, max(1, top // 4), top})
    return html.Div([
        html.H3("Mängelmeldungen (letzte 12 Monate)", className="h6 mb-1"),
        html.P("Kreisfläche: Meldungen je Zelle von etwa 200 × 150 m (keine Einzelorte). Über „Ebenen“ einblenden.",
               className="small text-body-secondary mb-1"),
        html.Ul([html.Li([html.Span(className="wm-density", style={"width": f"{2 * density_radius(s)}px",
                                                                    "height": f"{2 * density_radius(s)}px"}),
                          html.Span(f"{fmt.number(s)} Meldung{'en' if s != 1 else ''}")]) for s in sizes]),
    ])


def district_legend() -> html.Div:
    return html.Div([html.H3("Stadtteile", className="h6 mb-1"),
                     html.Ul([html.Li([html.Span(className="wm-district"), html.Span("Grenze eines Stadtteils")])])])


# ---------------------------------------------------------------------------------------------------------------------
# The selected station's series

HOVER_PERIOD = {"15min": "%{x|%d.%m.%Y %H:%M}", "stunde": "%{x|%d.%m.%Y %H:%M}", "tag": "%{x|%d.%m.%Y}",
                "woche": "Woche ab %{x|%d.%m.%Y}", "monat": "%{x|%B %Y}", "jahr": "%{x|%Y}"}


def station_figure(series: pl.DataFrame, info: StationInfo, agg: str) -> go.Figure:
    fig = go.Figure()
    names = ["Gesamt", *sorted(n for n in series["series"].unique().to_list() if n != "Gesamt")]
    unit = info.unit
    decimals = ",.0f" if info.kind.agg == "sum" else ",.1f"
    for i, name in enumerate(names):
        s = series.filter(pl.col("series") == name).sort("period_start")
        n = s.height
        fig.add_trace(go.Scatter(
            x=s["period_start"].to_list(), y=s["value"].to_list(), name=name,
            mode="lines+markers" if n <= 60 else "lines",
            line=dict(color=PALETTE[i % len(PALETTE)], dash=DASHES[i % len(DASHES)], width=3 if i == 0 else 2),
            marker=dict(size=6),
            hovertemplate=f"{name}<br>{HOVER_PERIOD[agg]}: %{{y:{decimals}}} {unit}<extra></extra>",
        ))
    label = stations.metric_label(info.metric)
    fig.update_layout(showlegend=len(names) > 1, yaxis_title=label if label == unit else f"{label} ({unit})",
                      hovermode="closest", margin=dict(t=40, l=80))
    return fig


def series_caption(series: pl.DataFrame, info: StationInfo, agg: str) -> str:
    a = stations.AGGREGATIONS[agg]
    sm = stations.summarise(series, info)
    unit = info.unit
    if sm.points == 0:
        return f"{info.title}: keine Werte."
    how = "Summe" if info.kind.agg == "sum" else "Mittelwert"
    dec = 0 if info.kind.agg == "sum" else 1
    text = (f"{info.title}: {stations.metric_label(info.metric)}, {how} {a.per}, vom {fmt.day(sm.first)} bis "
            f"{fmt.day(sm.last)} ({fmt.number(sm.points)} Werte). Zuletzt {fmt.number(sm.last_value, dec, unit=unit)}; "
            f"höchster Wert {fmt.number(sm.max_value, dec, unit=unit)} ({period_text(sm.max_period, agg)}).")
    if stations.is_window(info, agg):
        text += f" Bei dieser Auflösung sind nur die letzten {fmt.number(stations.MAX_POINTS)} Zeiträume gezeigt."
    if info.kind.agg == "sum":
        text += " Angefangene Zeiträume am Anfang und Ende der Messreihe sind weggelassen."
    if sm.shares:
        text += " Aufteilung: " + ", ".join(f"{k} {fmt.number(v, 1)} %" for k, v in sm.shares.items()) + "."
    return text


def series_title(series: pl.DataFrame, info: StationInfo, agg: str) -> str:
    sm = stations.summarise(series, info)
    if sm.points == 0:
        return info.title
    dec = 0 if info.kind.agg == "sum" else 1
    return (f"{info.title}: zuletzt {fmt.number(sm.last_value, dec, unit=info.unit)} "
            f"{stations.AGGREGATIONS[agg].per}")


def period_text(d: Any, agg: str) -> str:
    if d is None:
        return "–"
    if agg in ("15min", "stunde"):
        return f"{d:%d.%m.%Y %H:%M}"
    if agg == "woche":
        return f"Woche ab {d:%d.%m.%Y}"
    if agg == "monat":
        return f"{d:%m/%Y}"
    if agg == "jahr":
        return f"{d:%Y}"
    return f"{d:%d.%m.%Y}"
