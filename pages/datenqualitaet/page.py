"""Datenqualität: alerts of `etl check`, coverage per station and day, gaps and outages, loads, rejected rows, stale
indicators."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, dcc, html
from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

from dashboard import format as fmt
from dashboard.components import chart_card, data_table, date_picker, demo_badge
from dashboard.factory import settings, snapshot
from dashboard.i18n import _, current_lang, page_title
from dashboard.status_display import compared_label
from indicators import quality, views
from indicators.store import Snapshot
from pages.datenqualitaet import figures as qf
from pages.datenqualitaet.datasets import (
    COVERAGE,
    REJECTED,
    _coverage,
    _selection,
)

dash.register_page(__name__, path="/datenqualitaet", name="Datenqualität", title=page_title("Datenqualität"), order=90)

MAX_GAPS = 50


def layout(art: str | None = None, von: str | None = None, bis: str | None = None, **_query: str) -> html.Div:
    snap = snapshot()
    demo = views.has_demo_data(snap)
    internal = not settings().public
    body: list = [
        dcc.Location(id="dq-nav", refresh="callback-nav"),
        html.H1([_("Datenqualität") + " ", *demo_badge(demo)]),
        html.P(
            _(
                "Wie vollständig die Messreihen sind, wann jede Quelle zuletzt geladen wurde, welche Zeilen beim Laden "
                "abgewiesen wurden und welche Indikatoren veraltet sind."
            ),
            className="lead",
        ),
    ]
    before, after = _fixed_sections(snap, internal=internal)
    body += before
    kinds = quality.station_kinds(snap)
    sel = _selection(kinds, art, von, bis)
    if sel is None:
        body.append(dbc.Alert(_("Es liegen noch keine Messwerte von Stationen vor."), color="info"))
    else:
        body += _coverage_section(snap, kinds, *sel, demo=demo)
    body += after
    return html.Div(body)


def _fixed_sections(snap: Snapshot, *, internal: bool) -> tuple[list, list]:
    """The sections before and after the coverage, which depend on the snapshot and not on the kind and period asked:
    built once per published snapshot, language, instance and day (stale indicators are judged against today), since
    every view of another kind or period would repeat their queries and their ~2000 table cells. Components are only
    read when a response is written, never changed."""

    def build() -> tuple[list, list]:
        after = _load_section(snap) + _rejected_section(snap, internal=internal) + _stale_section(snap)
        return _frozen(_alerts_section(snap)), _frozen(after + _baseline_section(snap) + _unplaced_section(snap))

    return snap.memo(("datenqualitaet-sections", current_lang(), internal, date.today()), build)


def _frozen(components: list) -> list:
    """The components, each answering the response's JSON encoder with its JSON converted once (plain lists and dicts,
    which the encoder writes without visiting each of ~2000 table cells again); the component tree stays as it is."""
    for c in components:
        if isinstance(c, Component):
            plain = json.loads(to_json_plotly(c))
            object.__setattr__(c, "to_plotly_json", lambda plain=plain: plain)
    return components


def _alerts_section(snap: Snapshot) -> list:
    """Standing alerts and their history, as `python -m etl check` recorded them (internal snapshots only)."""
    head = html.H2(_("Alarme"), className="h3 mt-3")
    if not quality.has_alerts(snap):
        return [head, html.P(_("In diesem Snapshot gibt es keine Alarme (python -m etl check)."), id="dq-alarme")]
    table = quality.alerts(snap)
    if table.is_empty():
        return [head, html.P(_("Die Prüfungen haben noch keinen Alarm gefunden."), id="dq-alarme")]
    standing = table.filter(pl.col("resolved_at").is_null())
    checked = max(d for d in (table["last_seen"].max(), table["resolved_at"].max()) if d is not None)
    return [
        head,
        html.P(
            _("Regeln von python -m etl check (docs/configuration.md); letzte Prüfung mit Befund: {time}.").format(
                time=fmt.timestamp(checked)
            )
            + " "
            + _("Jeder Alarm wird bei Beginn und Ende einmal gemeldet (E-Mail, Webhook)."),
            className="small",
        ),
        html.H3(_("Bestehende Alarme ({n})").format(n=fmt.number(standing.height)), className="h5"),
        html.Div(
            qf.alerts_html_table(standing, standing=True, caption=_("Bestehende Alarme")),
            className="table-responsive",
            id="dq-alarme",
        )
        if not standing.is_empty()
        else html.P(_("Zurzeit besteht kein Alarm."), id="dq-alarme"),
        html.H3(_("Verlauf"), className="h5"),
        html.Div(
            qf.alerts_html_table(table, standing=False, caption=_("Verlauf der Alarme")),
            className="table-responsive",
            id="dq-alarme-verlauf",
        ),
    ]


def _coverage_section(
    snap: Snapshot, kinds: list[quality.KindInfo], info: quality.KindInfo, start: date, end: date, *, demo: bool
) -> list:
    cov, gaps, period = _coverage(snap, info, start, end)
    controls = html.Div(
        dbc.Row(
            [
                dbc.Col(
                    [
                        dbc.Label(_("Stationsart"), html_for="dq-art"),
                        dbc.Select(
                            id="dq-art",
                            value=info.kind,
                            options=[{"label": f"{qf.kind_label(k.kind)} ({k.stations})", "value": k.kind} for k in kinds],
                        ),
                    ],
                    md=4,
                ),
                dbc.Col(
                    [
                        dbc.Label(_("Von"), html_for="dq-von"),
                        date_picker("dq-von", start, info.first_day, info.last_day),
                    ],
                    md=3,
                ),
                dbc.Col(
                    [
                        dbc.Label(_("Bis"), html_for="dq-bis"),
                        date_picker("dq-bis", end, info.first_day, info.last_day),
                    ],
                    md=3,
                ),
            ],
            className="g-3 mb-2",
        ),
        role="group",
        **{"aria-label": _("Auswahl von Stationsart und Zeitraum")},
    )
    stations = cov["station_name"].n_unique()
    gap_rows = qf.gaps_table(gaps.head(MAX_GAPS))
    return [
        html.H2(_("Abdeckung je Station"), className="h3 mt-3"),
        controls,
        html.P(
            _(
                "Daten dieser Art von {first} bis {last}. Erwartet wird je Station ihre übliche Zahl an Messintervallen "
                "pro Tag (Median), ab ihrem ersten Messtag."
            ).format(first=fmt.day(info.first_day), last=fmt.day(info.last_day)),
            className="small text-body-secondary",
        ),
        chart_card(
            card_id="dq-abdeckung",
            title=_("{kind}: Anteil der erwarteten Messintervalle {per}").format(
                kind=qf.kind_label(info.kind), per=qf.per_period(period)
            ),
            figure=qf.heatmap_figure(cov, period),
            caption=qf.heatmap_caption(cov, gaps, info.kind, period),
            download=COVERAGE.bind({"art": info.kind, "von": start.isoformat(), "bis": end.isoformat()}, (cov, period)),
            source=_("Messwerte im Warehouse (Tabelle observation)"),
            licence=settings().licence,
            stand=end,
            demo=demo,
            height=max(240, 120 + 22 * stations),
        ),
        html.H2(_("Lücken und Ausfälle"), className="h3 mt-4"),
        html.P(
            _("Zusammenhängende Tage ohne einen einzigen Messwert, {start} bis {end}, längste zuerst").format(
                start=fmt.day(start), end=fmt.day(end)
            )
            + (
                " " + _("(die {n} längsten von {total})").format(n=MAX_GAPS, total=fmt.number(gaps.height))
                if gaps.height > MAX_GAPS
                else ""
            )
            + ".",
            className="small",
        ),
        html.Div(data_table(gap_rows, caption=_("Lücken und Ausfälle")), className="table-responsive", id="dq-luecken")
        if not gaps.is_empty()
        else html.P(_("Keine Tage ohne Daten im gewählten Zeitraum."), id="dq-luecken"),
    ]


def _load_section(snap: Snapshot) -> list:
    loads = quality.load_summary(snap)
    return [
        html.H2(_("Letzte Ladung je Quellart"), className="h3 mt-4"),
        html.Div(
            data_table(qf.load_table(loads), caption=_("Letzte Ladung je Quellart")),
            className="table-responsive",
            id="dq-ladungen",
        ),
    ]


def _rejected_section(snap: Snapshot, *, internal: bool) -> list:
    out: list = [html.H2(_("Abgewiesene Zeilen"), className="h3 mt-4")]
    files = quality.rejected_files(snap)
    if not files.is_empty():
        out += [
            html.H3(_("Ganz abgewiesene Dateien"), className="h5"),
            data_table(
                files.select(
                    pl.col("loaded_at").map_elements(fmt.timestamp, return_dtype=pl.Utf8).alias(_("geladen")),
                    pl.col("kind").alias(_("Quellart")),
                    pl.col("file_name").alias(_("Datei")),
                    pl.col("message").alias(_("Grund")),
                ),
                caption=_("Ganz abgewiesene Dateien"),
            ),
        ]
    if not quality.has_rejected_rows(snap):
        total = int(quality.load_summary(snap)["rows_rejected"].sum() or 0)
        return [
            *out,
            html.P(
                _(
                    "{n} Zeilen wurden beim Laden abgewiesen. Die Zeilen selbst und ihre Gründe sind nur in der "
                    "internen Instanz einsehbar."
                ).format(n=fmt.number(total))
            ),
        ]
    reasons = quality.rejected_reasons(snap)
    latest = quality.rejected_latest(snap, with_raw=internal)
    # bounded: the most frequent reasons, the latest rows, each raw line cut; the CSV holds the rest
    bound = html.P(
        [
            _(
                "{total} abgewiesene Zeilen insgesamt; hier höchstens {reasons} Gründe und die letzten {n} Zeilen, "
                "Originalzeilen gekürzt auf {chars} Zeichen. Die übrigen (bis {export}):"
            ).format(
                total=fmt.number(quality.rejected_total(snap)),
                reasons=fmt.number(quality.MAX_REASONS),
                n=fmt.number(quality.LATEST_REJECTED),
                chars=fmt.number(quality.RAW_SHOWN),
                export=fmt.number(quality.EXPORT_REJECTED),
            )
            + " ",
            html.A(_("abgewiesene Zeilen als CSV"), href=f"/daten/{REJECTED.name}.csv"),
        ],
        className="small",
        id="dq-abgewiesen-csv",
    )
    return [
        *out,
        html.H3(_("Nach Grund"), className="h5"),
        html.Div(
            data_table(
                reasons.select(
                    pl.col("kind").alias(_("Quellart")), pl.col("reason").alias(_("Grund")), pl.col("n").alias(_("Anzahl Zeilen"))
                ),
                caption=_("Abgewiesene Zeilen nach Grund"),
            ),
            className="table-responsive",
            id="dq-gruende",
        ),
        bound,
        html.H3(_("Die letzten {n}").format(n=quality.LATEST_REJECTED), className="h5"),
        html.P(
            _("Mit Originalzeile, so wie sie in der Datei stand (nur in der internen Instanz).")
            if internal
            else _("Die Originalzeilen werden nur in der internen Instanz gezeigt."),
            className="small",
        ),
        html.Div(
            qf.rejected_rows_table(latest, with_raw=internal and "raw" in latest.columns),
            className="table-responsive",
            id="dq-abgewiesen",
        ),
    ]


def _stale_section(snap: Snapshot) -> list:
    stale = quality.stale_indicators(snap, today=date.today())
    items = [
        html.Li(
            [
                html.A(s.name, href=f"/indikatoren/{s.indicator_id}"),
                ": "
                + _("Daten veraltet seit {since} (letzter Wert {latest})").format(
                    since=fmt.day(s.stale_since), latest=fmt.day(s.latest_period)
                ),
            ]
        )
        for s in stale
    ]
    return [
        html.H2(_("Veraltete Indikatoren"), className="h3 mt-4"),
        html.Ul(items, id="dq-veraltet") if items else html.P(_("Alle Indikatoren sind aktuell."), id="dq-veraltet"),
    ]


def _baseline_section(snap: Snapshot) -> list:
    deviations = quality.baseline_deviations(snap, today=date.today())
    items = [
        html.Li(
            [
                html.A(d.name, href=f"/indikatoren/{d.indicator_id}"),
                ": "
                + _("Katalog {catalogue}, Messreihe {series} ({period}); gerechnet wird mit der Messreihe").format(
                    catalogue=fmt.number(d.catalogue_value, 1),
                    series=fmt.number(d.series_value, 1),
                    period=compared_label(d.basis, d.period),
                ),
            ]
        )
        for d in deviations
    ]
    return [
        html.H2(_("Basiswert weicht von der Messreihe ab"), className="h3 mt-4"),
        html.Ul(items, id="dq-basiswert")
        if items
        else html.P(_("Alle Basiswerte des Katalogs passen zur Messreihe."), id="dq-basiswert"),
    ]


def _unplaced_section(snap: Snapshot) -> list:
    unplaced = quality.stations_without_coordinates(snap)
    kinds = {k: qf.kind_label(k) for k in qf.KIND_DE}
    table = unplaced.select(
        pl.col("station_id").alias(_("Station")),
        pl.col("kind").replace_strict(kinds, default=pl.col("kind")).alias(_("Art")),
        pl.col("name").alias(_("Name")),
        pl.col("source").alias(_("Quelle")),
    )
    return [
        html.H2(_("Stationen ohne Koordinaten"), className="h3 mt-4"),
        html.P(
            _("{n} Stationen lassen sich nicht auf der Karte zeigen.").format(n=fmt.number(unplaced.height)), className="small"
        ),
        html.Div(data_table(table, caption=_("Stationen ohne Koordinaten")), className="table-responsive", id="dq-ohne-ort")
        if not unplaced.is_empty()
        else html.P(_("Alle Stationen haben Koordinaten."), id="dq-ohne-ort"),
    ]


@callback(
    Output("dq-nav", "search"),
    Input("dq-art", "value"),
    Input("dq-von", "date"),
    Input("dq-bis", "date"),
    prevent_initial_call=True,
)
def select(art: str | None, von: str | None, bis: str | None) -> str:
    """Selections go into the URL; a new station kind starts with its own default range."""
    if dash.ctx.triggered_id == "dq-art":
        return "?" + urlencode({"art": art})
    return "?" + urlencode({k: v for k, v in {"art": art, "von": von, "bis": bis}.items() if v})
