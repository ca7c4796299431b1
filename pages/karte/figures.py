"""Map of the stations (/karte): value classes, marker icons, layers, legend and the station's series figure.

Every text goes through `_()` (English in dashboard/locale/en/LC_MESSAGES/messages.po); the domain module
indicators/stations.py keeps German names (they are also the German download's headers) and they are translated here.
"""

from __future__ import annotations

import html as htmllib
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import dash_leaflet as dl
import polars as pl
from dash import html

from dashboard import format as fmt
from dashboard.charts import template_json
from dashboard.i18n import _, current_lang
from dashboard.theme import DASHES, PALETTE
from indicators import stations
from indicators.registry import DROUGHT_THRESHOLD_VWC, PM10_DAILY_LIMIT
from indicators.stations import StationInfo

# Sequential, colour-blind-safe ramp (viridis steps); the glyph's colour keeps ≥ 4.5:1 contrast on each.
RAMP = [("#FDE725", "#000000"), ("#7AD151", "#000000"), ("#22A884", "#000000"), ("#2A788E", "#FFFFFF"), ("#414487", "#FFFFFF")]
NO_VALUE = ("#D0D0D0", "#000000")
SIZES = [22, 27, 32, 37, 42]

# Fixed class limits where the domain has meaningful ones; counts get limits from the current values.
FIXED_BREAKS: dict[str, list[float]] = {
    "air_quality": [20, 35, PM10_DAILY_LIMIT],
    "weather": [0, 10, 20],
    "tree_sensor": [DROUGHT_THRESHOLD_VWC, 25, 35],
    "charging_station": [22, 50, 150],
}
BREAK_NOTES = {
    ("air_quality", 3): "über EU-Tagesgrenzwert",
    ("tree_sensor", 0): "Trockenstress",
    ("charging_station", 0): "Normalladen",
}
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
        u = f"\u00a0{_(self.unit)}" if self.unit else ""
        b = [_num(x) for x in self.breaks]
        if not b:
            return [_("alle Werte")]
        out = (
            [_("bis {hi}").format(hi=b[0]) + u]
            + [_("über {lo} bis {hi}").format(lo=b[i - 1], hi=b[i]) + u for i in range(1, len(b))]
            + [_("über {lo}").format(lo=b[-1]) + u]
        )
        return [t + (f" ({_(BREAK_NOTES[(kind, i)])})" if (kind, i) in BREAK_NOTES else "") for i, t in enumerate(out)]


def _num(v: float) -> str:
    return fmt.plain(v)


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


def value_text(v: float | None, unit: str, *, translated_unit: str | None = None) -> str:
    if v is None:
        return _("kein aktueller Wert")
    return fmt.number(
        v,
        0 if abs(v) >= 100 or unit in ("Radfahrten", "Passanten", "Geräte") else 1,
        unit=_(unit) if translated_unit is None else translated_unit,
    )


def kind_label(k: stations.StationKind) -> str:
    return _(k.label)


def singular(k: stations.StationKind) -> str:
    """One station of the kind; where German singular and plural agree (`Passantenzähler`) the English singular has
    its own key `… (Einzahl)`."""
    key = f"{k.singular} (Einzahl)" if k.singular == k.label else k.singular
    text = _(key)
    return k.singular if text == key else text


def display_name(k: stations.StationKind, name: str) -> str:
    """`Radzählstelle Mainuferweg` / `Bike counter Mainuferweg`; names that already say their kind stay as they are."""
    if name.lower().startswith(k.singular.lower()):
        return name
    return f"{singular(k)} {name}"


def station_title(info: StationInfo) -> str:
    return display_name(info.kind, info.name)


def metric_label(metric: str | None) -> str:
    return _(stations.metric_label(metric))


def series_label(name: str) -> str:
    """A series of the station's chart: `Gesamt`, `Richtung Hanau`, `WLAN 5 GHz` in the reader's language."""
    if name.startswith("Richtung "):
        return _("Richtung {ziel}").format(ziel=name.removeprefix("Richtung "))
    return _(name)


def translated_table(table: pl.DataFrame, unit: str) -> pl.DataFrame:
    """`stations.series_table` with its headers (`Zeitraum ab`, `Gesamt (Radfahrten)`) in the reader's language."""
    names = {}
    for c in table.columns:
        if c == "Zeitraum ab":
            names[c] = _(c)
        elif unit and c.endswith(f" ({unit})"):
            names[c] = f"{series_label(c.removesuffix(f' ({unit})'))} ({_(unit)})"
        else:
            names[c] = series_label(c)
    return table.rename(names)


def station_layer(kind: str, rows: pl.DataFrame, classes: ValueClasses, *, selected: str | None = None) -> dl.GeoJSON:
    """One kind's stations as GeoJSON markers: glyph, colour and size by the latest value; dense kinds clustered.

    Each feature carries only its own values (name, value text, class, size); the marker's HTML, title and tooltip
    are made in the browser (`wmKarte.station` in assets/karte.js) from them and the layer's `hideout`: at city
    scale the ready-made HTML doubled the map page's answer to ~2 MB."""
    k = stations.KINDS[kind]
    feats = []
    # per kind, not per station (a city has over a thousand): the translated kind and units
    prefix, kind_word = k.singular.lower(), singular(k)
    units: dict[str, str] = {}
    for r in rows.iter_rows(named=True):
        cls = classes.of(r["value"])
        sel = r["station_id"] == selected
        unit = r["unit"] or ""
        if unit not in units:
            units[unit] = _(unit)
        name = r["name"]
        props: dict[str, Any] = {
            "station_id": r["station_id"],
            "name": name if name.lower().startswith(prefix) else f"{kind_word} {name}",
            "val": value_text(r["value"], unit, translated_unit=units[unit]),
            "size": SIZES[cls] if cls is not None else SIZES[0],
            "z": Z_OFFSET.get(kind, 0) + (2000 if sel else 0),
        }
        if r["value_date"]:
            props["when"] = f" ({fmt.day(r['value_date'])})"
        if cls is not None:
            props["cls"] = cls
        if sel:
            props["sel"] = True
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]}, "properties": props})
    return dl.GeoJSON(
        id={"type": "karte-layer", "kind": kind},
        data={"type": "FeatureCollection", "features": feats},
        pointToLayer={"variable": "wmKarte.station"},
        cluster=kind in DENSE_LAYERS,
        clusterToLayer={"variable": "wmKarte.cluster"},
        hideout={
            "glyph": k.glyph,
            "label": kind_label(k),
            "hint": _("zum Vergrößern klicken"),
            "latest": _(k.latest),
            "ramp": [list(c) for c in RAMP],
            "none": list(NO_VALUE),
        },
        zoomToBoundsOnClick=True,
        superClusterOptions={"radius": 100, "maxZoom": 17},
    )


def density_layer(cells: pl.DataFrame) -> dl.GeoJSON:
    feats = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {
                "radius": density_radius(r["n"]),
                "tooltip": _("{n} Mängelmeldungen in dieser Zelle (ca. 200 × 150 m)").format(n=fmt.number(r["n"])),
            },
        }
        for r in cells.iter_rows(named=True)
    ]
    return dl.GeoJSON(
        id="karte-meldungen", data={"type": "FeatureCollection", "features": feats}, pointToLayer={"variable": "wmKarte.density"}
    )


def density_radius(n: int) -> float:
    return round(3 + 2.2 * n**0.5, 1)


def district_layer(fc: dict[str, Any]) -> dl.GeoJSON:
    """District boundaries, each named by a permanent label in its middle (`wmKarte.districtLabel`): without a tile
    server the names are the map's only orientation."""
    feats = [
        {**f, "properties": {k: v for k, v in (f.get("properties") or {}).items() if k != "tooltip"}} for f in fc["features"]
    ]
    return dl.GeoJSON(
        id="karte-stadtteile",
        data={**fc, "features": feats},
        style={"color": "#444444", "weight": 2, "fillColor": "#444444", "fillOpacity": 0.04},
        onEachFeature={"variable": "wmKarte.districtLabel"},
    )


# ---------------------------------------------------------------------------------------------------------------------
# Legend (HTML next to the map)


def swatch(glyph: str, cls: int | None, size: int) -> html.Span:
    bg, fg = NO_VALUE if cls is None else RAMP[cls]
    return html.Span(
        html.Span(glyph, **{"aria-hidden": "true"}),
        className="wm-swatch",
        style={"width": f"{size}px", "height": f"{size}px", "background": bg, "color": fg},
    )


def kind_legend(kind: str, n: int, classes: ValueClasses, *, has_missing: bool) -> html.Div:
    k = stations.KINDS[kind]
    items = [html.Li([swatch(k.glyph, i, SIZES[i]), html.Span(label)]) for i, label in enumerate(classes.labels(kind))]
    if has_missing:
        items.append(html.Li([swatch(k.glyph, None, SIZES[0]), html.Span(_("kein aktueller Wert"))]))
    if kind in DENSE_LAYERS:
        items.append(
            html.Li(
                [
                    html.Span(
                        html.Span(f"{k.glyph}\u00a05", **{"aria-hidden": "true"}),
                        className="wm-cluster",
                        style={"width": "34px", "height": "34px", "flex": "none"},
                    ),
                    html.Span(_("Gruppe, hier 5 {kind}; Klick vergrößert").format(kind=kind_label(k))),
                ]
            )
        )
    return html.Div(
        [
            html.H3([html.Span(f"„{k.glyph}“ ", className="fw-bold"), f"{kind_label(k)} ({fmt.number(n)})"], className="h6 mb-1"),
            html.P(_("Größe und Farbe: {latest}").format(latest=_(k.latest)), className="small text-body-secondary mb-1"),
            html.Ul(items),
        ]
    )


def density_legend(cells: pl.DataFrame) -> html.Div:
    if cells.is_empty():
        return html.Div()
    top = int(cells["n"].max() or 1)
    sizes = sorted({1, max(1, top // 4), top})
    return html.Div(
        [
            html.H3(_("Mängelmeldungen (letzte 12 Monate)"), className="h6 mb-1"),
            html.P(
                _(
                    "Kreisfläche: Meldungen je Zelle von etwa 200 × 150 m (keine Einzelorte). Rechts oben auf der Karte "
                    "einblenden."
                ),
                className="small text-body-secondary mb-1",
            ),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(
                                className="wm-density",
                                style={"width": f"{2 * density_radius(s)}px", "height": f"{2 * density_radius(s)}px"},
                            ),
                            html.Span((_("{n} Meldung") if s == 1 else _("{n} Meldungen")).format(n=fmt.number(s))),
                        ]
                    )
                    for s in sizes
                ]
            ),
        ]
    )


def district_legend() -> html.Div:
    return html.Div(
        [
            html.H3(_("Stadtteile"), className="h6 mb-1"),
            html.Ul([html.Li([html.Span(className="wm-district"), html.Span(_("Grenze eines Stadtteils"))])]),
        ]
    )


# ---------------------------------------------------------------------------------------------------------------------
# The selected station's series

HOVER_PERIOD = {
    "15min": "%{x|%d.%m.%Y %H:%M}",
    "stunde": "%{x|%d.%m.%Y %H:%M}",
    "tag": "%{x|%d.%m.%Y}",
    "woche": "%{x|%d.%m.%Y}",
    "monat": "%{x|%m/%Y}",
    "jahr": "%{x|%Y}",
}


def agg_label(agg: str) -> str:
    return _(stations.AGGREGATIONS[agg].label)


def agg_per(agg: str) -> str:
    return _(stations.AGGREGATIONS[agg].per)


def _with_iso_times(ordered: pl.DataFrame) -> pl.DataFrame:
    """`ordered` with column `x`: the times as the text plotly's JSON encoder writes for them (`datetime.isoformat()`),
    in one pass over every series: 15 000 datetime objects per trace cost ~0.1 s in plotly's validation (a deep copy)
    and again in its encoder; text costs neither. With fractions of a second isoformat() differs: `x` keeps the times."""
    col = pl.col("period_start")
    if ordered.is_empty() or ordered.select(col.dt.nanosecond().max()).item() != 0:  # nanoseconds: the whole fraction
        return ordered.with_columns(col.alias("x"))
    return ordered.with_columns(col.dt.strftime("%Y-%m-%dT%H:%M:%S").alias("x"))


def station_figure(
    series: pl.DataFrame,
    info: StationInfo,
    agg: str,
    window: stations.Window | None = None,
    *,
    starts: Sequence[tuple[date, str]] = (),
) -> dict:
    """The station's series; with a window, the time axis shows exactly it (the user's zoom) and keeps it.

    `starts` (date, measure title): the starts of measures that concern the station, drawn as dotted lines with the
    measure's name above the plot (never across the data) where they fall inside the shown series.

    `uirevision` keeps what the reader set (legend clicks, pan/zoom mode) while the callback swaps the data; the
    y axis gets a new revision with every view so it always fits the values of the shown level.

    Built as the plain dict go.Figure would serialise to (as dashboard/charts.py builds the indicator charts): at the
    fine levels (up to 5 000 periods × 3 series) `go.Figure.add_trace` and `update_layout` cost 10–30 ms per chart even
    unvalidated; tests/indicators/test_ondemand_speed.py compares the JSON with the go.Figure built before.
    """
    names = ["Gesamt", *sorted(n for n in series["series"].unique().to_list() if n != "Gesamt")]
    unit = _(info.unit)
    decimals = ",.0f" if info.kind.agg == "sum" else ",.1f"
    period = HOVER_PERIOD[agg] if agg != "woche" else _("Woche ab") + " " + HOVER_PERIOD[agg]
    if agg == "monat" and current_lang() == "de":
        period = "%{x|%B %Y}"  # German month names (plotly's locale "de")
    # one sort and one pass for the times' text, then each series is its own part (series, period_start)
    ordered = _with_iso_times(series.sort("series", "period_start"))
    parts = ordered.partition_by("series", as_dict=True)
    data: list[dict] = []
    for i, name in enumerate(names):
        s = parts.get((name,), ordered.clear())  # "Gesamt" of an empty series: an empty trace
        label = series_label(name)
        data.append(
            {
                "hovertemplate": f"{htmllib.escape(label)}<br>{period}: %{{y:{decimals}}} {htmllib.escape(unit)}<extra></extra>",
                "line": {"color": PALETTE[i % len(PALETTE)], "dash": DASHES[i % len(DASHES)], "width": 3 if i == 0 else 2},
                "marker": {"size": 6},
                "mode": "lines+markers" if s.height <= 60 else "lines",
                "name": label,
                "x": s["x"].to_list(),
                "y": s["value"].to_list(),
                "type": "scatter",
            }
        )
    label = metric_label(info.metric)
    label = label[:1].upper() + label[1:]  # an axis title starts with a capital (`Bike trips`)
    unit_cap = unit[:1].upper() + unit[1:]
    view = f"{agg}|{window[0].isoformat() if window else ''}|{window[1].isoformat() if window else ''}"
    xaxis: dict[str, Any] = {"uirevision": info.station_id}
    if window is not None:
        xaxis.update(range=[window[0].isoformat(sep=" "), window[1].isoformat(sep=" ")], autorange=False)
    else:
        xaxis.update(autorange=True)
    shapes, annotations = _measure_starts(series, window, starts)
    layout: dict[str, Any] = {"template": template_json()}
    if annotations:
        layout["annotations"] = annotations
    if shapes:
        layout["shapes"] = shapes
    layout.update(
        showlegend=len(names) > 1,
        yaxis={
            "title": {"text": label if label == unit_cap else f"{label} ({unit})"},
            "autorange": True,
            "fixedrange": True,
            "uirevision": view,
        },
        hovermode="closest",
        margin={"t": 40 + 18 * len(shapes), "l": 80},
        uirevision=info.station_id,
        xaxis=xaxis,
        separators=fmt.separators(),  # the zoom callback returns this figure without `graph`, which sets them otherwise
    )
    return {"data": data, "layout": layout}


def _measure_starts(
    series: pl.DataFrame, window: stations.Window | None, starts: Sequence[tuple[date, str]]
) -> tuple[list[dict], list[dict]]:
    """Dotted vertical lines at the measure starts inside the shown range, each named above the plot area, one row
    each (names of neighbouring starts would overlap): (shapes, annotations), one of each per start drawn."""
    if series.is_empty() or not starts:
        return [], []
    lo, hi = series["period_start"].min(), series["period_start"].max()
    if window is not None:
        lo, hi = window
    inside = [(d, t) for d, t in sorted(starts) if lo <= datetime.combine(d, time()) <= hi]  # type: ignore[operator]
    shapes: list[dict] = []
    annotations: list[dict] = []
    for i, (d, title) in enumerate(inside):
        x = datetime.combine(d, time()).isoformat(sep=" ")
        shapes.append(
            {
                "line": {"color": "#1A1A1A", "dash": "dot", "width": 1.5},
                "type": "line",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
            }
        )
        annotations.append(
            {
                "font": {"color": "#1A1A1A", "size": 12},
                "showarrow": False,
                "text": htmllib.escape(_("Start: {massnahme}").format(massnahme=title)),
                "x": x,
                "xanchor": "left",
                "y": 1,
                "yanchor": "bottom",
                "yref": "paper",
                "yshift": 4 + 18 * (len(inside) - 1 - i),
            }
        )
    return shapes, annotations


def window_text(window: stations.Window) -> str:
    def when(d: Any) -> str:
        return fmt.day(d) if d.hour == d.minute == 0 else f"{d:%d.%m.%Y %H:%M}"

    return _("{von} bis {bis}").format(von=when(window[0]), bis=when(window[1]))


def series_caption(
    series: pl.DataFrame,
    info: StationInfo,
    agg: str,
    window: stations.Window | None = None,
    *,
    summary: stations.SeriesSummary | None = None,
) -> str:
    sm = summary or stations.summarise(series, info)
    unit = _(info.unit)
    title = station_title(info)
    if sm.points == 0:
        return _("{station}: keine Werte.").format(station=title)
    how = _("Summe") if info.kind.agg == "sum" else _("Mittelwert")
    dec = 0 if info.kind.agg == "sum" else 1
    text = _(
        "{station}: {metric}, {how} {per}, vom {first} bis {last} ({n} Werte). Zuletzt {last_value}; "
        "höchster Wert {max_value} ({max_period})."
    ).format(
        station=title,
        metric=metric_label(info.metric),
        how=how,
        per=agg_per(agg),
        first=fmt.day(sm.first),
        last=fmt.day(sm.last),
        n=fmt.number(sm.points),
        last_value=fmt.number(sm.last_value, dec, unit=unit),
        max_value=fmt.number(sm.max_value, dec, unit=unit),
        max_period=period_text(sm.max_period, agg),
    )
    if stations.is_window(info, agg, window):
        text += " " + _("Bei dieser Auflösung sind nur die letzten {n} Zeiträume gezeigt.").format(
            n=fmt.number(stations.MAX_POINTS)
        )
    if info.kind.agg == "sum":
        text += " " + _("Angefangene Zeiträume am Anfang und Ende der Messreihe sind weggelassen.")
    if sm.shares:
        text += (
            " "
            + _("Aufteilung:")
            + " "
            + ", ".join(f"{series_label(k)} {fmt.number(v, 1)} %" for k, v in sm.shares.items())
            + "."
        )
    return text


def series_title(series: pl.DataFrame, info: StationInfo, agg: str, *, summary: stations.SeriesSummary | None = None) -> str:
    sm = summary or stations.summarise(series, info)
    if sm.points == 0:
        return station_title(info)
    dec = 0 if info.kind.agg == "sum" else 1
    return _("{station}: zuletzt {value} {per}").format(
        station=station_title(info), value=fmt.number(sm.last_value, dec, unit=_(info.unit)), per=agg_per(agg)
    )


def resolution_note(agg: str, mode: str, window: stations.Window | None) -> str:
    """How the shown level came about: `auto` (zoom), `gewählt` (selector) or `standard` (whole series)."""
    why = {
        "auto": _("automatisch nach Zoombereich"),
        "gewählt": _("ausgewählt"),
        "standard": _("Standard für die ganze Messreihe"),
    }[mode]
    text = _("Auflösung: {level} – {why}.").format(level=agg_label(agg), why=why)
    if window is not None:
        text += " " + _("Gezeigt: {window}.").format(window=window_text(window))
    else:
        text += " " + _("Einen Zeitraum im Diagramm aufziehen, um ihn feiner aufgelöst zu sehen.")
    return text


def period_text(d: Any, agg: str) -> str:
    if d is None:
        return "–"
    if agg in ("15min", "stunde"):
        return f"{d:%d.%m.%Y %H:%M}"
    if agg == "woche":
        return _("Woche ab {datum}").format(datum=f"{d:%d.%m.%Y}")
    if agg == "monat":
        return f"{d:%m/%Y}"
    if agg == "jahr":
        return f"{d:%Y}"
    return f"{d:%d.%m.%Y}"
