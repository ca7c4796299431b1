"""Figures and tables of the data-quality page: coverage heatmap (stations × days/weeks/months) and its words."""

from __future__ import annotations

import numpy as np
import polars as pl
from dash import html

from dashboard import format as fmt
from dashboard.charts import template_json
from dashboard.i18n import _
from indicators.labels import PERIOD_DE

KIND_DE = {
    "bike_counter": "Radzählstellen",
    "pedestrian_counter": "Passantenzähler",
    "air_quality": "Luftqualitätssensoren",
    "weather": "Wetterstationen",
    "tree_sensor": "Baumsensoren",
    "wifi_node": "Freifunk-Knoten (WLAN)",
    "sensor": "Sensordatenplattform (SensorThings)",
    "charging_station": "Ladestationen",
}
# sequential, colour-blind safe, dark = complete; a missing day is also 0 % in the hover text and the tables
COLORSCALE = [[0.0, "#E8A33D"], [0.5, "#C2577A"], [0.9, "#5B2C83"], [1.0, "#1F1147"]]
HOVER_PERIOD_DE = {"day": "Tag", "week": "Woche ab", "month": "Monat ab"}  # a dict literal inside `_()` confuses extraction
RULE_DE = {
    "station_silent": "Station sendet nicht",
    "indicator_stale": "Indikator veraltet",
    "cleanup_48h": "48-Stunden-Regel verfehlt",
    "pm10_exceedance": "PM10-Grenzwert zu oft überschritten",
    "load_failed": "Ladung abgewiesen",
    "sync_failed": "Abruf fehlgeschlagen",
}
STATUS_DE = {"loaded": "geladen", "loaded_with_rejects": "geladen, Zeilen abgewiesen", "rejected": "Datei abgewiesen"}


def kind_label(kind: str) -> str:
    return _(KIND_DE.get(kind, kind))


def per_period(period: str) -> str:
    """`je Tag`, `je Woche`, `je Monat` in the reader's language."""
    return _(f"je {PERIOD_DE[period]}")


def heatmap_figure(cov: pl.DataFrame, period: str) -> dict:
    """Coverage in % per station (y) and period (x); cells outside a station's span stay empty.

    Built as the plain dict `go.Figure(go.Heatmap(...))` serialises to (the same JSON, tests/indicators/
    test_ondemand_speed.py): plotly's checks of up to 5 000 cells and their dates cost ~35 ms a view, and as much again
    in its JSON encoder."""
    # rows: stations in the table's order (by name, then id); columns: every period of any station, ascending. Plain
    # Python and numpy: each polars expression waits for polars' threads, ~1–10 ms each on a loaded machine
    y: list[str] = []
    row = []
    for name in cov["station_name"].to_list():
        if not y or y[-1] != name:
            y.append(name)
        row.append(len(y) - 1)
    days = cov["period_start"].to_numpy().astype("datetime64[D]")
    x_days = np.unique(days)
    z = np.full((len(y), len(x_days)), np.nan)
    z[row, np.searchsorted(x_days, days)] = cov["share"].to_numpy() * 100
    x = np.datetime_as_string(x_days, unit="D").tolist()
    what = _(HOVER_PERIOD_DE[period])
    heatmap = {
        "colorbar": {"len": 0.9, "ticksuffix": " %", "tickvals": [0, 25, 50, 75, 100], "title": {"text": _("Abdeckung")}},
        "colorscale": [list(step) for step in COLORSCALE],
        "hovertemplate": "%{y}<br>" + what + " %{x|%d.%m.%Y}: %{z:,.0f} % " + _("der üblichen Intervalle") + "<extra></extra>",
        "x": x,
        "xgap": 1 if len(x) <= 120 else 0,
        "y": y,
        "ygap": 1,
        "z": [[None if v != v else v for v in r] for r in z.tolist()] if len(x) else [],
        "zmax": 100,
        "zmin": 0,
        "type": "heatmap",
    }
    layout = {
        "template": template_json(),
        "xaxis": {"showgrid": False, "tickformat": "%d.%m.%Y" if period == "day" else "%m/%Y"},
        "yaxis": {"showgrid": False, "autorange": "reversed", "rangemode": "normal", "automargin": True, "ticks": ""},
        "margin": {"l": 10},
    }
    return {"data": [heatmap], "layout": layout}


def heatmap_table(cov: pl.DataFrame, period: str) -> pl.DataFrame:
    """The heatmap's cells as a table (and download)."""
    period_column = f"{PERIOD_DE[period]} ab" if period != "day" else "Tag"  # a name from data: not `_(f"…")`
    # the columns renamed, not `select`ed: a polars query waits for polars' threads (~10 ms on a loaded machine)
    return pl.DataFrame(
        [
            cov["station_name"].alias(_("Station")),
            cov["period_start"].alias(_(period_column)),
            (cov["share"] * 100).alias(_("Abdeckung (%)")),
            cov["days"].alias(_("Tage erwartet")),
            cov["days_missing"].alias(_("Tage ohne Daten")),
        ]
    )


def heatmap_caption(cov: pl.DataFrame, gaps: pl.DataFrame, kind: str, period: str) -> str:
    if cov.is_empty():
        return _("{kind}: im gewählten Zeitraum keine Daten.").format(kind=kind_label(kind))
    names, shares = _station_shares(cov)
    full = int((shares >= 0.99).sum())
    # of stations with the same lowest share, the first by name (the caption named any of them before, changing from
    # view to view with polars' order of groups)
    lowest = int(np.argmin(shares))
    worst = {"station_name": names[lowest], "share": float(shares[lowest])}
    # "99 %" as a value: a literal "% d" in the text would pass for a %-placeholder in gettext's format check
    text = _("{kind}: {full} von {n} Stationen mit mindestens {share} der üblichen Intervalle").format(
        kind=kind_label(kind), full=full, n=len(names), share="99 %"
    )
    text += (
        _("; am geringsten {station} mit {pct} %.").format(station=worst["station_name"], pct=fmt.number(worst["share"] * 100, 1))
        if full < len(names)
        else "."
    )
    if not gaps.is_empty():
        g = gaps.row(0, named=True)
        text += " " + _("Längste Lücke: {station}, {days} Tage ({first} – {last}).").format(
            station=g["station_name"], days=fmt.number(g["days"]), first=fmt.day(g["first_day"]), last=fmt.day(g["last_day"])
        )
    else:
        text += " " + _("Keine Tage ganz ohne Daten.")
    if period != "day":
        text += " " + _("Dargestellt {per} (Mittel der Tage), damit die Karte lesbar bleibt.").format(per=per_period(period))
    return text


def _station_shares(cov: pl.DataFrame) -> tuple[list[str], np.ndarray]:
    """Each station's share over its periods, weighted by their days, in the table's order: the numbers polars' group
    sum gives (Kahan-summed in row order, tests/indicators/test_ondemand_speed.py), in numpy (a polars query waits for
    polars' threads, ~10 ms on a loaded machine)."""
    names: list[str] = []
    group = []
    for name in cov["station_name"].to_list():
        if not names or names[-1] != name:
            names.append(name)
        group.append(len(names) - 1)
    at = np.asarray(group, dtype=np.int64)
    days = cov["days"].to_numpy().astype(np.int64)
    weighted = cov["share"].to_numpy() * cov["days"].to_numpy()
    size = np.bincount(at, minlength=len(names))
    start = np.r_[0, np.cumsum(size)[:-1]]
    total, comp = np.zeros(len(names)), np.zeros(len(names))
    for j in range(int(size.max()) if len(size) else 0):  # position j of every station at once
        on = j < size
        x = weighted[np.minimum(start + j, len(weighted) - 1)]
        y = x - comp
        t = total + y
        comp = np.where(on, (t - total) - y, comp)
        total = np.where(on, t, total)
    return names, total / np.bincount(at, weights=days, minlength=len(names))


def gaps_table(gaps: pl.DataFrame) -> pl.DataFrame:
    out, gap = _("Ausfall dauert an"), _("Lücke")
    return pl.DataFrame(  # the columns renamed, not `select`ed (as `heatmap_table`)
        [
            gaps["station_name"].alias(_("Station")),
            gaps["first_day"].alias(_("Von")),
            gaps["last_day"].alias(_("Bis")),
            gaps["days"].alias(_("Tage")),
            pl.Series(_("Art"), [out if o else gap for o in gaps["ongoing"].to_list()], dtype=pl.Utf8),
        ]
    )


def load_table(loads: pl.DataFrame) -> pl.DataFrame:
    status = {k: _(v) for k, v in STATUS_DE.items()}
    return loads.select(
        pl.col("kind").alias(_("Quellart")),
        pl.col("last_loaded").map_elements(fmt.timestamp, return_dtype=pl.Utf8).alias(_("Letzte Ladung")),
        pl.col("files").alias(_("Dateien")),
        pl.col("rows_in").alias(_("Zeilen gelesen")),
        pl.col("rows_loaded").alias(_("Zeilen geladen")),
        pl.col("rows_rejected").alias(_("Zeilen abgewiesen")),
        pl.col("last_status").replace_strict(status, default=pl.col("last_status")).alias(_("Status der letzten Datei")),
        pl.when(pl.col("is_demo")).then(pl.lit(_("Demodaten"))).otherwise(pl.lit(_("nein"))).alias(_("Demodaten")),
    )


def rejected_rows_export(latest: pl.DataFrame) -> pl.DataFrame:
    """The rejected rows as the CSV download has them: German column names, the raw text as stored."""
    names = {
        "loaded_at": _("Geladen"),
        "kind": _("Quellart"),
        "file_name": _("Datei"),
        "line": _("Zeile"),
        "reason": _("Grund"),
        "raw": _("Originalzeile"),
    }
    return latest.select([pl.col(c).alias(n) for c, n in names.items() if c in latest.columns])


def rejected_rows_table(latest: pl.DataFrame, *, with_raw: bool) -> html.Table:
    """The latest rejected rows: file and line, reason, and (internal only) the original line, wrapped."""
    cols = [_(c) for c in ["Geladen", "Quellart", "Datei", "Zeile", "Grund"] + (["Originalzeile"] if with_raw else [])]
    rows = []
    for r in latest.iter_rows(named=True):
        cells = [
            html.Td(fmt.timestamp(r["loaded_at"]), className="text-nowrap"),
            html.Td(r["kind"]),
            html.Td(r["file_name"], style={"wordBreak": "break-all", "minWidth": "10rem"}),
            html.Td(str(r["line"]) if r["line"] is not None else "–"),
            html.Td(r["reason"], style={"minWidth": "14rem"}),
        ]
        if with_raw:
            raw = r.get("raw") or "–"
            if (r.get("raw_length") or 0) > len(raw):  # cut for the page (the CSV holds more)
                raw += " …"
            cells.append(html.Td(html.Code(raw, style={"wordBreak": "break-all"})))
        rows.append(html.Tr(cells))
    return html.Table(
        [
            html.Caption(_("Zuletzt abgewiesene Zeilen"), className="visually-hidden"),
            html.Thead(html.Tr([html.Th(c, scope="col") for c in cols])),
            html.Tbody(rows),
        ],
        className="table table-sm table-striped data-table small",
    )


def alerts_table(alerts: pl.DataFrame, *, standing: bool) -> pl.DataFrame:
    """Alerts as the page lists them: rule (in the reader's language), subject, since/until, message (German, as sent),
    how the notifications went. The words are looked up here, not inside polars (its threads have no request)."""
    rules = {k: _(v) for k, v in RULE_DE.items()}
    pending, sent, none, still = _("{n} Meldung(en) ausstehend"), _("{n} gesendet"), _("keine Kanäle"), _("besteht")
    notified = [
        (pending.format(n=p) + (f": {e}" if e else "")) if p else (sent.format(n=s) if s else none)
        for s, p, e in alerts.select("sent", "pending", "last_error").iter_rows()
    ]
    cols = [
        pl.col("rule").replace_strict(rules, default=pl.col("rule")).alias(_("Regel")),
        pl.col("subject").alias(_("Betrifft")),
        pl.Series([fmt.timestamp(t) for t in alerts["first_seen"]], dtype=pl.Utf8).alias(_("Seit")),
    ]
    if not standing:
        until = [fmt.timestamp(t) if t is not None else still for t in alerts["resolved_at"]]
        cols.append(pl.Series(until, dtype=pl.Utf8).alias(_("Bis")))
    cols += [pl.col("message").alias(_("Meldung")), pl.Series(notified, dtype=pl.Utf8).alias(_("Benachrichtigung"))]
    return alerts.select(cols)


def alerts_html_table(alerts: pl.DataFrame, *, standing: bool, caption: str) -> html.Table:
    """`alerts_table` as HTML; the message is the German sentence that was sent, marked `lang="de"` on any page."""
    table = alerts_table(alerts, standing=standing)
    message = _("Meldung")
    rows = [
        html.Tr([html.Td(v, lang="de", style={"minWidth": "18rem"}) if c == message else html.Td(v) for c, v in r.items()])
        for r in table.iter_rows(named=True)
    ]
    return html.Table(
        [
            html.Caption(caption, className="visually-hidden"),
            html.Thead(html.Tr([html.Th(c, scope="col") for c in table.columns])),
            html.Tbody(rows),
        ],
        className="table table-sm table-striped data-table small",
    )
