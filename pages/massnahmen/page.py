"""Maßnahmenkatalog: every measure, filtered and sorted by Handlungsfeld, status and unit (in the URL), the
Maßnahmenspeicher as its own section, and a timeline of the measures' time plans."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, dcc, html

from dashboard import format as fmt
from dashboard.components import Share, chart_card, measure_status_badge
from dashboard.factory import settings, snapshot
from dashboard.i18n import _, current_lang, page_title
from dashboard.loading import loading_area
from indicators import measures as M
from indicators.labels import MEASURE_STATUS_DE, SORT_NAMES_DE
from indicators.store import Snapshot
from pages.massnahmen.datasets import TIMELINE, _filter
from pages.massnahmen.figures import timeline_caption, timeline_figure, timeline_height

dash.register_page(__name__, path="/massnahmen", name="Maßnahmen", title=page_title("Maßnahmen"), order=2, public=True)

SOURCE = "Maßnahmenkatalog der Open Smart City Strategie Offenbach"
CONTROLS = (
    ("massnahmen-handlungsfeld", "handlungsfeld"),
    ("massnahmen-status", "status"),
    ("massnahmen-stelle", "stelle"),
    ("massnahmen-sortierung", "sortierung"),
)
ALL = "alle"


def layout(**query: str) -> html.Div:
    snap = snapshot()
    flt = _filter(snap, query)
    return html.Div(
        [
            dcc.Location(id="massnahmen-url", refresh=False),
            html.H1(_("Maßnahmenkatalog")),
            html.P(
                _(
                    "Alle Maßnahmen der Open Smart City Strategie: wer sie verantwortet, wie weit sie sind und wann sie "
                    "laufen. Maßnahmen ohne gesicherte Ressourcen stehen im Maßnahmenspeicher."
                ),
                className="lead",
            ),
            _controls(snap, flt),
            loading_area(
                html.Div(results(snap, flt, today=date.today()), id="massnahmen-ergebnis", **{"aria-live": "polite"}),
                loading_id="massnahmen-laden",
                min_height="20rem",
                target={"massnahmen-ergebnis": "children"},
            ),
        ]
    )


def _controls(snap: Snapshot, flt: M.MeasureFilter) -> html.Form:
    def select(cid: str, label: str, options: list[tuple[str, str]], value: str | None, *, all_label: str | None) -> dbc.Col:
        # dbc.Select keeps "" for its hidden placeholder option: "all" needs a value of its own
        opts = ([{"label": all_label, "value": ALL}] if all_label else []) + [{"label": lab, "value": v} for v, lab in options]
        return dbc.Col(
            [dbc.Label(label, html_for=cid, className="fw-semibold"), dbc.Select(id=cid, options=opts, value=value or ALL)],
            md=6,
            xl=3,
            className="mb-2",
        )

    units = [(u, u) for u in M.responsible_units(snap)]
    return html.Form(
        [
            dbc.Row(
                [
                    select(
                        "massnahmen-handlungsfeld",
                        _("Handlungsfeld"),
                        [(f, _(n)) for f, n in M.action_field_options(snap)],
                        flt.action_field,
                        all_label=_("Alle Handlungsfelder"),
                    ),
                    select(
                        "massnahmen-status",
                        _("Status"),
                        [(s, _(MEASURE_STATUS_DE[s])) for s in M.STATUS_ORDER],
                        flt.status,
                        all_label=_("Alle Status"),
                    ),
                    select("massnahmen-stelle", _("Verantwortliche Stelle"), units, flt.unit, all_label=_("Alle Stellen")),
                    select(
                        "massnahmen-sortierung",
                        _("Sortieren nach"),
                        [(k, _(v)) for k, v in SORT_NAMES_DE.items()],
                        flt.sort,
                        all_label=None,
                    ),
                ]
            ),
            html.P(html.A(_("Auswahl zurücksetzen"), href="/massnahmen", className="small"), className="mb-3"),
        ],
        role="search",
        **{"aria-label": _("Maßnahmen filtern und sortieren")},
    )


def results(snap: Snapshot, flt: M.MeasureFilter, *, today: date) -> list:
    """Everything below the filters: the list, the timeline card and the Maßnahmenspeicher."""
    frame = M.measures(snap, flt, lang=current_lang())
    active, backlog = M.active_and_backlog(frame)
    loaded_at, demo = M.catalogue_load(snap)
    query = flt.to_query()
    selection = " " + _("(gefiltert)") if flt.active else ""
    out: list = [
        html.H2(f"{_('Maßnahmen')}{selection}: {active.height}", className="h3 mt-3", id="massnahmen-liste"),
        _table(active, caption=_("Maßnahmen in Planung und Umsetzung"), table_id="massnahmen-tabelle")
        if active.height
        else dbc.Alert(_("Keine Maßnahme passt zu dieser Auswahl."), color="info"),
        html.H2(_("Zeitplan"), className="h3 mt-4"),
    ]
    if active.height:
        out.append(
            chart_card(
                card_id="massnahmen-zeitplan",
                title=_timeline_title(active, today),
                figure=timeline_figure(active, today=today),
                caption=timeline_caption(active, today=today),
                download=TIMELINE.bind(query, active),
                source=_(SOURCE),
                licence=settings().licence,
                stand=loaded_at,
                demo=demo,
                example=bool(active["is_example"].any()),
                height=timeline_height(active),
                share=Share("/massnahmen" + (f"?{urlencode(query)}" if query else "") + "#massnahmen-zeitplan"),
            )
        )
    else:
        out.append(html.P(_("Für diese Auswahl gibt es keinen Zeitplan.")))
    out += [
        html.H2(f"{_('Maßnahmenspeicher')}: {backlog.height}", className="h3 mt-4", id="massnahmenspeicher"),
        html.P(
            _(
                "Im Maßnahmenspeicher stehen Vorhaben, für die noch keine Ressourcen bereitstehen. Sie werden bei jeder "
                "Fortschreibung der Strategie erneut geprüft."
            ),
            className="text-body-secondary",
        ),
        _table(backlog, caption=_("Maßnahmenspeicher"), table_id="massnahmenspeicher-tabelle", backlog=True)
        if backlog.height
        else html.P(_("Für diese Auswahl steht keine Maßnahme im Maßnahmenspeicher.")),
    ]
    return out


def _timeline_title(active: pl.DataFrame, today: date) -> str:
    running = active.filter((pl.col("start_date") <= today) & (pl.col("end_date") >= today)).height
    return _("{running} von {n} Maßnahmen laufen laut Zeitplan derzeit").format(running=running, n=active.height)


def _table(frame: pl.DataFrame, *, caption: str, table_id: str, backlog: bool = False) -> html.Div:
    head = ["Maßnahme", "Handlungsfeld", "Status", "Verantwortliche Stelle", "Laufzeit"]
    rows = []
    for m in frame.iter_rows(named=True):
        period = _("noch offen") if m["start_date"] is None else f"{fmt.day(m['start_date'])} – {fmt.day(m['end_date'])}"
        rows.append(
            html.Tr(
                [
                    html.Th(html.A(m["title"], href=f"/massnahmen/{m['measure_id']}"), scope="row"),
                    html.Td(", ".join(_(n) for n in m["action_field_names"] or []) or "–"),
                    html.Td(measure_status_badge(m["status"], backlog=backlog)),
                    html.Td(m["responsible_unit"] or "–"),
                    html.Td(period),
                ]
            )
        )
    return html.Div(
        html.Table(
            [
                html.Caption(caption, className="visually-hidden"),
                html.Thead(html.Tr([html.Th(_(h), scope="col") for h in head])),
                html.Tbody(rows),
            ],
            className="table table-sm align-middle",
            id=table_id,
        ),
        className="table-responsive",
    )


@dash.callback(
    Output("massnahmen-ergebnis", "children"),
    Output("massnahmen-url", "search"),
    *[Input(cid, "value") for cid, _ in CONTROLS],
    prevent_initial_call=True,
)
def apply_filters(*values: str | None) -> tuple[list, str]:
    """A changed control updates the list and the URL (without reloading the page)."""
    snap = snapshot()
    flt = _filter(snap, {key: v for (_, key), v in zip(CONTROLS, values, strict=True) if v and v != ALL})
    q = flt.to_query()
    return results(snap, flt, today=date.today()), ("?" + urlencode(q)) if q else ""
