"""Vorher-nachher: a before/after comparison around a measure's start, by one of four methods, shareable by URL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import callback_inputs as inp
from dashboard import format as fmt
from dashboard.components import chart_card, data_table, date_picker, download_links
from dashboard.content import indicator_text, measure_text
from dashboard.factory import settings, snapshot
from dashboard.glossary import Links
from dashboard.i18n import _, current_lang, page_title
from dashboard.i18n_tables import tr_frame
from dashboard.plan_cards import plan_label
from dashboard.status_display import verdict
from indicators import comparisons as cmp
from indicators import method_comparison as mc
from indicators import views
from indicators.before_after import METHODS, BeforeAfterError, indicator_metric
from indicators.labels import METHOD_SHORT_DE
from indicators.registry import get as get_indicator
from indicators.store import Snapshot
from pages.vorher_nachher.datasets import EFFECT, METHODS_TABLE, SERIES
from pages.vorher_nachher.figures import (
    default_sentence,
    disagreement_sentence,
    effect_sentence,
    error_text,
    frame_days,
    interval_caption,
    interval_figure,
    kind_text,
    method_name,
    method_note,
    method_short,
    methods_table,
    metric_option_label,
    periods_caption,
    periods_figure,
    title_text,
    unit_text,
    window_text,
)

dash.register_page(
    __name__, path="/vorher-nachher", name="Vorher-nachher", order=50, title=page_title("Vorher-nachher-Vergleich")
)

MODE_INDICATOR, MODE_STATION = "indikator", "station"
RESULT_MIN_HEIGHT = "36rem"
LABEL = "form-label fw-semibold mb-1"
# Dash 4's dropdown texts are English by default (a shared German set would belong in dashboard/components.py)
DROPDOWN_DE = {
    "select_all": "Alle auswählen",
    "deselect_all": "Auswahl aufheben",
    "selected_count": "{num_selected} gewählt",
    "search": "Suchen",
    "clear_search": "Suche löschen",
    "clear_selection": "Auswahl löschen",
    "no_options_found": "Keine Treffer",
}


def _labels() -> dict:
    """Dash's own dropdown texts are English: German ones on the German page."""
    return {"labels": DROPDOWN_DE} if current_lang() == "de" else {}


# --- layout --------------------------------------------------------------------------------------------------------


def layout(**query: str) -> html.Div:
    snap = snapshot()
    req = with_suggested_controls(snap, cmp.ComparisonRequest.from_query(query))
    return html.Div(
        [
            dcc.Location(id="vn-location", refresh=False),
            html.H1(_("Vorher-nachher-Vergleich")),
            html.P(
                Links()(  # the first use of a term links to its glossary entry
                    _(
                        "Hat sich eine Messreihe seit dem Start einer Maßnahme verändert? Wählen Sie Reihe, Stichtag und "
                        "Methode; das Ergebnis nennt die geschätzte Veränderung mit ihrem 95-%-Intervall. Die Adresse dieser "
                        "Seite enthält die Auswahl und kann geteilt werden."
                    ),
                    "massnahme",
                    "stichtag",
                    "intervall-95",
                ),
                className="mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(controls(snap, req), lg=4, className="mb-3"),
                    dbc.Col(
                        [
                            # `vn-frage` counts the questions: `clear_result` clears the old result and asks again
                            dcc.Store(id="vn-frage", data=0),
                            dcc.Loading(
                                html.Div(result_area(snap, req), id="vn-result", **{"aria-live": "polite"}),
                                id="vn-laden",
                                type="circle",
                                color="#1F4E79",
                                delay_show=150,
                                overlay_style={"visibility": "visible"},  # the text "wird berechnet" stays readable
                                parent_className="vn-laden wm-laden",
                                # room for a result's first view: clearing the old result does not pull the page up
                                parent_style={"minHeight": RESULT_MIN_HEIGHT},
                            ),
                        ],
                        lg=8,
                    ),
                ]
            ),
        ]
    )


def with_suggested_controls(snap: Snapshot, req: cmp.ComparisonRequest) -> cmp.ComparisonRequest:
    """A difference-in-differences request without control stations gets the suggested ones (`suggest_controls`)."""
    method = req.method or cmp.default_method(snap, req)
    if method != "did" or req.controls or req.problems:
        return req
    controls, _suggested = mc.did_controls(snap, req)
    return replace(req, controls=controls) if controls else req


def _field(label: str, control: Any, control_id: str, hint: str | None = None, **div: Any) -> html.Div:
    parts: list = [html.Label(label, htmlFor=control_id, className=LABEL), control]
    if hint:
        parts.append(html.Div(hint, className="form-text", id=f"{control_id}-hinweis"))
    return html.Div(parts, className="mb-3", **div)


def _fieldset(legend: str, control: Any, **div: Any) -> html.Fieldset:
    return html.Fieldset([html.Legend(legend, className=LABEL + " fs-6"), control], className="mb-3", **div)


def controls(snap: Snapshot, req: cmp.ComparisonRequest) -> html.Form:
    mode = MODE_STATION if (not req.indicator_id and req.station) else MODE_INDICATOR
    measures = cmp.measures_with_start(snap)
    indicators = cmp.comparable_indicators(snap)
    station_opts, station_disabled = station_options(snap, mode, req.indicator_id)
    metric_opts = metric_options(snap, req.station) if mode == MODE_STATION else []
    control_opts = control_options(snap, mode, req.indicator_id, req.station, req.metric)
    method = req.method if req.method in METHODS else cmp.default_method(snap, req)
    return html.Form(
        [
            html.H2(_("Auswahl"), className="h4"),
            _field(
                _("Maßnahme"),
                dcc.Dropdown(
                    **_labels(),
                    id="vn-massnahme",
                    value=req.measure_id,
                    clearable=True,
                    placeholder=_("Maßnahme wählen …"),
                    options=[
                        {
                            "label": f"{measure_text(snap, m.measure_id, 'title', m.title)} ({_('Start')} {fmt.day(m.start_date)})",
                            "value": m.measure_id,
                        }
                        for m in measures
                    ],
                ),
                "vn-massnahme",
                _("Setzt den Stichtag auf den Start der Maßnahme."),
            ),
            _fieldset(
                _("Datenreihe"),
                dbc.RadioItems(
                    id="vn-modus",
                    value=mode,
                    inline=True,
                    options=[
                        {"label": _("Indikator"), "value": MODE_INDICATOR},
                        {"label": _("Station und Messgröße"), "value": MODE_STATION},
                    ],
                ),
            ),
            _field(
                _("Indikator"),
                dcc.Dropdown(
                    **_labels(),
                    id="vn-indikator",
                    value=req.indicator_id,
                    clearable=True,
                    placeholder=_("Indikator wählen …"),
                    options=[
                        {
                            "label": indicator_text(i, "name") + (" " + _("(je Station)") if indicator_metric(i) else ""),
                            "value": i.indicator_id,
                        }
                        for i in indicators
                    ],
                ),
                "vn-indikator",
                id="vn-indikator-feld",
                hidden=mode != MODE_INDICATOR,
            ),
            _field(
                _("Station"),
                dcc.Dropdown(
                    **_labels(),
                    id="vn-station",
                    value=req.station,
                    clearable=True,
                    placeholder=_("Station wählen …"),
                    options=station_opts,
                    disabled=station_disabled,
                ),
                "vn-station",
                station_hint(mode, station_disabled),
            ),
            _field(
                _("Messgröße"),
                dcc.Dropdown(
                    **_labels(),
                    id="vn-messgroesse",
                    value=req.metric,
                    clearable=False,
                    placeholder=_("Messgröße wählen …"),
                    options=metric_opts,
                ),
                "vn-messgroesse",
                id="vn-messgroesse-feld",
                hidden=mode != MODE_STATION,
            ),
            _fieldset(
                _("Methode"),
                dbc.RadioItems(
                    id="vn-methode",
                    value=method,
                    options=[
                        {
                            "label": [
                                html.Span(name, className="fw-semibold"),
                                html.Br(),
                                html.Span(expl, className="small text-body-secondary"),
                            ],
                            "value": m,
                        }
                        for m in METHOD_SHORT_DE
                        for name, expl in [method_short(m)]
                    ],
                    class_name="vn-methoden",
                ),
            ),
            _field(
                _("Stichtag"),
                date_picker("vn-datum", req.at),
                "vn-datum",
                _("Erster Tag „nachher“."),
            ),
            _field(
                _("Zeitfenster (Tage je Seite)"),
                dbc.Input(
                    id="vn-fenster",
                    type="number",
                    value=req.window_days,
                    min=cmp.MIN_WINDOW_DAYS,
                    max=cmp.MAX_WINDOW_DAYS,
                    step=1,
                    debounce=True,
                    placeholder=_("Standard"),
                ),
                "vn-fenster",
                _("Leer: 365 Tage beim einfachen Vergleich, sonst 730 Tage (soweit Daten vorhanden)."),
            ),
            _field(
                _("Kontrollstationen"),
                dcc.Dropdown(
                    **_labels(),
                    id="vn-kontrollen",
                    value=list(req.controls),
                    multi=True,
                    placeholder=_("Kontrollstationen wählen …"),
                    options=control_opts,
                ),
                "vn-kontrollen",
                _(
                    "Nur für Differenz-von-Differenzen. Vorgeschlagen werden Stationen derselben Art und Messgröße mit "
                    "vollständigen Daten im Zeitfenster, ohne den Start einer weiteren Maßnahme darin; änderbar."
                ),
                id="vn-kontrollen-feld",
                hidden=method != "did",
            ),
        ],
        role="search",
        className="vn-auswahl",
        **{"aria-label": _("Vorher-nachher-Vergleich einstellen")},
    )


def station_options(snap: Snapshot, mode: str, indicator_id: str | None) -> tuple[list[dict], bool]:
    """Station choices: the indicator's stations (its kind and metric), or every station with a series."""
    if mode == MODE_STATION:
        return [{"label": f"{kind_text(s.kind)}: {s.name}", "value": s.station_id} for s in cmp.stations(snap)], False
    if not indicator_id:
        return [], True
    try:
        ind = get_indicator(snap, indicator_id)
    except KeyError:
        return [], True
    kind = cmp.station_kind(ind)
    if kind is None:
        return [], True
    return [{"label": s.name, "value": s.station_id} for s in cmp.stations(snap, kind=kind, metric=indicator_metric(ind))], False


def station_hint(mode: str, disabled: bool) -> str:
    if mode == MODE_STATION:
        return _("Alle Stationen mit Messreihen, nach Art.")
    if disabled:
        return _("Dieser Indikator ist nicht je Station auswertbar: verglichen wird die Gesamtreihe.")
    return _("Optional: ohne Station wird die Gesamtreihe (Monatswerte) verglichen.")


def metric_options(snap: Snapshot, station: str | None) -> list[dict]:
    if not station:
        return []
    return [{"label": metric_option_label(m), "value": m} for m in cmp.station_metrics(snap, station)]


def control_options(snap: Snapshot, mode: str, indicator_id: str | None, station: str | None, metric: str | None) -> list[dict]:
    if not station:
        return []
    if mode == MODE_INDICATOR:
        try:
            metric = indicator_metric(get_indicator(snap, indicator_id or ""))
        except KeyError:
            metric = None
    if not metric:
        return []
    return [{"label": name, "value": sid} for sid, name in cmp.control_stations(snap, station=station, metric=metric)]


# --- result --------------------------------------------------------------------------------------------------------


def result_area(snap: Snapshot, req: cmp.ComparisonRequest) -> list:
    """The chosen method's result, then every method side by side on the same question."""
    both = req.at is not None and not req.problems
    return method_result(snap, req, [side_by_side(snap, req)] if both else [])


def side_by_side(snap: Snapshot, req: cmp.ComparisonRequest) -> html.Section:
    """Every method on the same question in one table, with a sentence when they contradict each other."""
    s = mc.run_all(snap, req)
    params = {**req.to_query(), "kontrollen": ",".join(req.controls) or None}
    sentence = disagreement_sentence(s.disagreement, len(s.computed))
    title = _("Alle Verfahren im Vergleich")
    return html.Section(
        [
            html.H3(title, className="h5", id="vn-verfahren-titel"),
            html.P(
                _(
                    "Dieselbe Frage, mit jedem Verfahren beantwortet: geschätzte Veränderung, 95-%-Intervall, Zahl der "
                    "Werte vorher und nachher und was das Verfahren herausrechnet."
                ),
                className="small",
            ),
            *([html.P(html.Strong(sentence), className="mb-1", id="vn-verfahren-satz")] if sentence else []),
            html.P(default_sentence(s), className="small mb-2", id="vn-verfahren-standard"),
            # a scrolling region must be reachable by keyboard (tabIndex) and say what it holds (region and its name)
            html.Div(
                data_table(methods_table(s), caption=title),
                className="table-responsive",
                id="vn-verfahren",
                tabIndex=0,
                role="region",
                **{"aria-labelledby": "vn-verfahren-titel"},
            ),
            html.P(download_links(METHODS_TABLE.bind(params, s)), className="small text-body-secondary"),
        ],
        className="mb-4",
        **{"aria-labelledby": "vn-verfahren-titel"},
    )


def method_result(snap: Snapshot, req: cmp.ComparisonRequest, others: list) -> list:
    """The result of the chosen method (or the city's default), or why there is none; `others` (every method side by
    side) follows the verdict, before the charts."""
    if req.at is None and not req.problems:
        return [
            html.H2(_("Ergebnis"), className="h4"),
            dbc.Alert(
                _("Bitte eine Datenreihe und einen Stichtag wählen (eine Maßnahme setzt den Stichtag auf ihren Start)."),
                color="info",
                id="vn-hinweis",
            ),
        ]
    try:
        c = cmp.run(snap, req)
    except BeforeAfterError as e:
        return [
            html.H2(_("Ergebnis"), className="h4"),
            dbc.Alert(
                [html.H3(_("Vergleich nicht möglich"), className="h6 alert-heading"), html.P(error_text(e), className="mb-0")],
                color="warning",
                id="vn-fehler",
            ),
            *others,
        ]
    r = c.result
    demo = views.has_demo_data(snap) and c.computed
    licence = settings().licence
    last = frame_days(c.series)[1]
    params = c.request.to_query()
    unit = unit_text(c.unit)
    ctrl = [(_("Kontrollstationen"), ", ".join(c.control_names))] if c.control_names else []
    facts = [
        (_("Methode"), method_name(r.method)),
        (_("Hinweis zur Methode"), method_note(r)),
        (_("Zeitfenster vorher"), f"{window_text(r.window_before)} ({_('{n} Werte').format(n=fmt.number(r.n_before))})"),
        (_("Zeitfenster nachher"), f"{window_text(r.window_after)} ({_('{n} Werte').format(n=fmt.number(r.n_after))})"),
        (_("Mittel vorher / nachher"), f"{fmt.number(r.mean_before, 1, unit=unit)} / {fmt.number(r.mean_after, 1, unit=unit)}"),
        *ctrl,
    ]
    return [
        html.H2(_("Ergebnis"), className="h4"),
        html.P(effect_sentence(c), className="lead mb-2", id="vn-effekt"),
        html.P(html.Strong(verdict(r)), className="border-start border-4 border-dark ps-3 mb-3", id="vn-urteil"),
        plan_label(snap, c.request),
        *others,
        chart_card(
            card_id="vn-intervall",
            title=_("Geschätzte Veränderung: {pct} % (95-%-Intervall {lo} bis {hi} %)").format(
                pct=fmt.number(r.effect_pct, 1), lo=fmt.number(r.ci_low_pct, 1), hi=fmt.number(r.ci_high_pct, 1)
            ),
            figure=interval_figure(c),
            caption=interval_caption(c),
            download=EFFECT.bind(params, c),
            source=c.source,
            licence=licence,
            stand=last,
            demo=demo,
            example=c.example,
            height=200,
        ),
        chart_card(
            card_id="vn-zeitraeume",
            title=_("{title}: Mittel vorher {before}, nachher {after} {unit}").format(
                title=title_text(c), before=fmt.number(r.mean_before, 1), after=fmt.number(r.mean_after, 1), unit=unit
            ),
            figure=periods_figure(c),
            caption=periods_caption(c),
            download=SERIES.bind(params, c),
            source=c.source,
            licence=licence,
            stand=last,
            demo=demo,
            example=c.example,
            height=400,
            # the table and download hold every day; monthly means are the overview of a daily series
            extra=[
                html.Details(
                    [
                        html.Summary(_("Monatsmittel"), className="small"),
                        html.Div(
                            data_table(tr_frame(cmp.monthly_table(c), "Zeitraum"), caption=_("Monatsmittel")),
                            className="table-responsive",
                            style={"maxHeight": "320px"},
                        ),
                    ],
                    className="mb-2",
                )
            ]
            if c.daily
            else None,
        ),
        html.H3(_("Methode und Daten"), className="h5"),
        html.Dl(
            sum(([html.Dt(k, className="col-sm-4"), html.Dd(v, className="col-sm-8")] for k, v in facts), []),
            className="row small",
            id="vn-fakten",
        ),
    ]


# --- callbacks -----------------------------------------------------------------------------------------------------


@dash.callback(
    Output("vn-station", "options"),
    Output("vn-station", "value"),
    Output("vn-station", "disabled"),
    Output("vn-station-hinweis", "children"),
    Output("vn-indikator-feld", "hidden"),
    Output("vn-messgroesse-feld", "hidden"),
    Input("vn-modus", "value"),
    Input("vn-indikator", "value"),
    State("vn-station", "value"),
    prevent_initial_call=True,
)
def update_stations(mode: str, indicator_id: str | None, station: str | None) -> tuple:
    opts, disabled = station_options(snapshot(), mode, indicator_id)
    keep = station if station in {o["value"] for o in opts} else None
    return opts, keep, disabled, station_hint(mode, disabled), mode != MODE_INDICATOR, mode != MODE_STATION


@dash.callback(
    Output("vn-messgroesse", "options"),
    Output("vn-messgroesse", "value"),
    Input("vn-station", "value"),
    Input("vn-modus", "value"),
    State("vn-messgroesse", "value"),
    prevent_initial_call=True,
)
def update_metrics(station: str | None, mode: str, metric: str | None) -> tuple:
    opts = metric_options(snapshot(), station) if mode == MODE_STATION else []
    values = [o["value"] for o in opts]
    return opts, (metric if metric in values else (values[0] if values else None))


@dash.callback(
    Output("vn-kontrollen", "options"),
    Output("vn-kontrollen", "value"),
    Input("vn-station", "value"),
    Input("vn-messgroesse", "value"),
    Input("vn-modus", "value"),
    Input("vn-indikator", "value"),
    Input("vn-methode", "value"),
    Input("vn-datum", "date"),
    Input("vn-fenster", "value"),
    State("vn-kontrollen", "value"),
    prevent_initial_call=True,
)
def update_controls(
    station: str | None,
    metric: str | None,
    mode: str,
    indicator_id: str | None,
    method: str | None,
    day: str | None,
    window: int | None,
    chosen: list[str] | None,
) -> tuple:
    """The control candidates of the series; for difference-in-differences the suggested ones are filled in whenever
    the question changes (or the method becomes `did` with none chosen), and stay editable."""
    texts = dict(station=station, messgroesse=metric, modus=mode, indikator=indicator_id, methode=method, datum=day)
    station, metric, mode, indicator_id, method, day = (inp.text(v, n) for n, v in texts.items())
    window = inp.number(window, "fenster")
    chosen = inp.choice_list(chosen, "kontrollen", max_items=cmp.MAX_CONTROLS)
    snap = snapshot()
    opts = control_options(snap, mode, indicator_id, station, metric)
    values = {o["value"] for o in opts}
    kept = [c for c in chosen if c in values]
    if method != "did" or (dash.ctx.triggered_id == "vn-methode" and kept):
        return opts, kept
    try:
        at = date.fromisoformat(day[:10]) if day else None
    except ValueError:
        at = None
    req = cmp.ComparisonRequest(
        indicator_id=indicator_id if mode == MODE_INDICATOR else None,
        station=station,
        metric=metric if mode == MODE_STATION else None,
        at=at,
        window_days=int(window)
        if isinstance(window, (int, float)) and cmp.MIN_WINDOW_DAYS <= window <= cmp.MAX_WINDOW_DAYS
        else None,
    )
    suggested, _suggested = mc.did_controls(snap, req)
    return opts, [c for c in suggested if c in values] or kept


@dash.callback(Output("vn-kontrollen-feld", "hidden"), Input("vn-methode", "value"), prevent_initial_call=True)
def show_controls(method: str) -> bool:
    return method != "did"


@dash.callback(Output("vn-datum", "date"), Input("vn-massnahme", "value"), prevent_initial_call=True)
def preset_date(measure_id: str | None) -> Any:
    start = cmp.measure_start(snapshot(), measure_id) if measure_id else None
    return start.isoformat() if start else dash.no_update


# A changed selection clears the old result at once: this quick callback answers with the waiting text (no work), and
# hands the question on (`vn-frage`, a counter) to `update_result`, so dcc.Loading shows its spinner until the new
# result arrives. (A clientside callback would save the round trip, but the public instance could not tell it apart
# from its own callbacks: `dashboard.security.foreign_callbacks` knows a callback's page by its Python module.)
@dash.callback(
    Output("vn-result", "children", allow_duplicate=True),
    Output("vn-frage", "data"),
    Input("vn-modus", "value"),
    Input("vn-indikator", "value"),
    Input("vn-station", "value"),
    Input("vn-messgroesse", "value"),
    Input("vn-datum", "date"),
    Input("vn-methode", "value"),
    Input("vn-fenster", "value"),
    Input("vn-kontrollen", "value"),
    State("vn-frage", "data"),
    prevent_initial_call=True,
)
def clear_result(*choices_and_asked: Any) -> tuple:
    """The old result goes; the question goes on to `update_result` (the choices are read there, and checked)."""
    asked = inp.number(choices_and_asked[-1], "frage")
    waiting = html.P(_("Das Ergebnis wird berechnet …"), id="vn-warten", role="status", className="text-body-secondary py-4")
    return [waiting], int(asked or 0) + 1


@dash.callback(
    Output("vn-result", "children"),
    Output("vn-location", "search"),
    Input("vn-frage", "data"),
    State("vn-modus", "value"),
    State("vn-indikator", "value"),
    State("vn-station", "value"),
    State("vn-messgroesse", "value"),
    State("vn-datum", "date"),
    State("vn-methode", "value"),
    State("vn-fenster", "value"),
    State("vn-kontrollen", "value"),
    State("vn-massnahme", "value"),
    prevent_initial_call=True,
)
def update_result(
    asked: int | None,
    mode: str,
    indicator_id: str | None,
    station: str | None,
    metric: str | None,
    day: str | None,
    method: str,
    window: int | None,
    chosen: list[str] | None,
    measure_id: str | None,
) -> tuple:
    # what the browser sent, checked before any work: a wrong type or 5 000 control stations are a 400, not a minute
    inp.number(asked, "frage")
    texts = dict(modus=mode, indikator=indicator_id, station=station, messgroesse=metric, datum=day, methode=method)
    mode, indicator_id, station, metric, day, method = (inp.text(v, n) for n, v in texts.items())
    measure_id = inp.text(measure_id, "massnahme")
    window = inp.number(window, "fenster")
    chosen = inp.choice_list(chosen, "kontrollen", max_items=cmp.MAX_CONTROLS)
    query = request_query(
        mode=mode,
        indicator_id=indicator_id,
        station=station,
        metric=metric,
        day=day,
        method=method,
        window=window,
        controls=chosen,
        measure_id=measure_id,
    )
    req = cmp.ComparisonRequest.from_query(query)
    q = req.to_query()
    return result_area(snapshot(), req), ("?" + urlencode(q)) if q else ""


def request_query(
    *,
    mode: str,
    indicator_id: str | None,
    station: str | None,
    metric: str | None,
    day: str | None,
    method: str,
    window: int | float | None,
    controls: list[str] | None,
    measure_id: str | None,
) -> dict[str, str | None]:
    """The controls' values as the query string `ComparisonRequest.from_query` reads (a plain function: testable)."""
    return {
        "massnahme": measure_id,
        "indikator": indicator_id if mode == MODE_INDICATOR else None,
        "station": station,
        "messgroesse": metric if mode == MODE_STATION else None,
        "datum": day[:10] if day else None,
        "methode": method,
        "fenster": str(int(window)) if isinstance(window, (int, float)) else None,
        "kontrollen": ",".join(controls or []) or None,
    }


# --- downloads: exactly the data of the two charts ---------------------------------------------------------------
