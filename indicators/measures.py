"""The Maßnahmenkatalog as the dashboard reads it: filtered lists, one measure with milestones and indicators.

Filters come from a URL; every value is checked against an allow-list (`MeasureFilter.from_query`) and then bound
as a parameter of the named query `indicators/sql/measures.sql`. Sorting happens on the frame, never in SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl

from indicators.catalogue import text_in
from indicators.registry import Indicator, all_indicators, sql
from indicators.store import Snapshot

STATUS_ORDER = ("geplant", "in_umsetzung", "umgesetzt", "pausiert")
# sort key in the URL → columns of the frame (an allow-list: the URL never names a column)
SORTS: dict[str, tuple[str, ...]] = {
    "start": ("start_date", "title_key"),
    "titel": ("title_key",),
    "handlungsfeld": ("field_order", "title_key"),
    "status": ("status_order", "title_key"),
    "verantwortlich": ("responsible_unit", "title_key"),
}
DEFAULT_SORT = "start"


@dataclass(frozen=True)
class MeasureFilter:
    """A validated selection from the URL: `handlungsfeld`, `status`, `stelle`, `sortierung`."""

    action_field: str | None = None
    status: str | None = None
    unit: str | None = None
    sort: str = DEFAULT_SORT

    @classmethod
    def from_query(cls, query: dict[str, Any], *, action_fields: list[str], units: list[str]) -> MeasureFilter:
        """Unknown values are ignored (a shared link with an outdated value shows everything, not an error)."""

        def pick(key: str, allowed: list[str] | tuple[str, ...]) -> str | None:
            v = query.get(key)
            return v if isinstance(v, str) and v in allowed else None

        return cls(
            action_field=pick("handlungsfeld", action_fields),
            status=pick("status", STATUS_ORDER),
            unit=pick("stelle", units),
            sort=pick("sortierung", tuple(SORTS)) or DEFAULT_SORT,
        )

    def to_query(self) -> dict[str, str]:
        """The URL parameters of this selection (defaults left out, so the plain page has a plain URL)."""
        q = {
            "handlungsfeld": self.action_field,
            "status": self.status,
            "stelle": self.unit,
            "sortierung": None if self.sort == DEFAULT_SORT else self.sort,
        }
        return {k: v for k, v in q.items() if v}

    @property
    def active(self) -> bool:
        return any((self.action_field, self.status, self.unit))


def measures(snap: Snapshot, flt: MeasureFilter | None = None, *, lang: str = "de") -> pl.DataFrame:
    """Measures matching the filter, sorted: one row each, with lists of their Handlungsfeld ids and names; titles
    and Handlungsfeld names in `lang` where the catalogue has them (`in_language`)."""
    flt = flt or MeasureFilter()
    frame = in_language(
        snap,
        snap.query(sql("measures"), {"measure": None, "action_field": flt.action_field, "status": flt.status, "unit": flt.unit}),
        lang,
    )
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    frame = frame.with_columns(
        pl.col("status").replace_strict(order, default=len(order), return_dtype=pl.Int32).alias("status_order"),
        title_key(pl.col("title")).alias("title_key"),
    )
    return frame.sort(list(SORTS[flt.sort]), nulls_last=True)


def in_language(snap: Snapshot, frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """A frame of `measures.sql` with `title` and `action_field_names` in `lang` (German where no English is given)."""
    if lang == "de" or frame.is_empty():
        return frame
    titles = [
        text_in(snap, "measure", mid, "title", t, lang)
        for mid, t in zip(frame["measure_id"].to_list(), frame["title"].to_list(), strict=True)
    ]
    names = [
        [text_in(snap, "action_field", fid, "name", n, lang) for fid, n in zip(ids or [], ns or [], strict=True)]
        for ids, ns in zip(frame["action_field_ids"].to_list(), frame["action_field_names"].to_list(), strict=True)
    ]
    return frame.with_columns(
        pl.Series("title", titles, dtype=pl.Utf8), pl.Series("action_field_names", names, dtype=pl.List(pl.Utf8))
    )


def title_key(col: pl.Expr) -> pl.Expr:
    """German alphabetical order: case-insensitive, umlauts sorted as their base letter (ö with o)."""
    out = col.str.to_lowercase()
    for a, b in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss")):
        out = out.str.replace_all(a, b, literal=True)
    return out


def active_and_backlog(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split a measure frame into the measures being planned or carried out and the Maßnahmenspeicher."""
    return frame.filter(~pl.col("in_backlog")), frame.filter(pl.col("in_backlog"))


def action_field_options(snap: Snapshot) -> list[tuple[str, str]]:
    """(id, name) of every Handlungsfeld in the strategy's order."""
    return [
        (r[0], r[1]) for r in snap.rows("select action_field_id, name from action_field order by sort_order, action_field_id")
    ]


def responsible_units(snap: Snapshot) -> list[str]:
    return [
        r[0]
        for r in snap.rows(
            "select distinct responsible_unit from measure where responsible_unit is not null order by responsible_unit"
        )
    ]


def catalogue_load(snap: Snapshot) -> tuple[datetime | None, bool]:
    """When the Maßnahmenkatalog in this snapshot was loaded, and whether it came from demo data."""
    rows = snap.rows(
        "select max(l.loaded_at), coalesce(bool_or(l.is_demo), false) from load_log l"
        " where l.load_id in (select load_id from measure)"
    )
    return (rows[0][0], bool(rows[0][1])) if rows else (None, False)


def timeline_table(frame: pl.DataFrame) -> pl.DataFrame:
    """What the timeline shows, as a table (German headers): measures with start and end date; `Status` holds the
    status code (the page words it)."""
    f = frame.filter(pl.col("start_date").is_not_null() & pl.col("end_date").is_not_null())
    return f.select(
        pl.col("title").alias("Maßnahme"),
        pl.col("status").alias("Status"),
        pl.col("action_field_names").list.join(", ").alias("Handlungsfeld"),
        pl.col("responsible_unit").alias("Verantwortlich"),
        pl.col("start_date").alias("Beginn"),
        pl.col("end_date").alias("Ende"),
    )


# --- one measure ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Milestone:
    when: str  # as the catalogue writes it, German date format where it was an ISO date
    text: str
    on: date | None  # the earliest day the `when` can mean, where it is a date, month or year


@dataclass(frozen=True)
class MeasureDetail:
    measure_id: str
    title: str
    description: str
    status: str
    responsible_unit: str
    budget_eur: float | None
    staff_fte: float | None
    start_date: date | None
    end_date: date | None
    milestones: tuple[Milestone, ...]
    in_backlog: bool
    is_example: bool
    action_fields: tuple[tuple[str, str], ...]  # (id, name)
    indicators: tuple[Indicator, ...]
    last_reviewed: date | None = None  # last re-examined ("Zuletzt geprüft"); None: not recorded


def measure(snap: Snapshot, measure_id: str, *, lang: str = "de") -> MeasureDetail | None:
    """One measure with its Handlungsfelder, milestones and indicators; None when the id is unknown. Title,
    description, milestones and Handlungsfeld names in `lang` where the catalogue has them."""
    rows = in_language(
        snap, snap.query(sql("measures"), {"measure": measure_id, "action_field": None, "status": None, "unit": None}), lang
    )
    if rows.is_empty():
        return None
    r = rows.row(0, named=True)
    return MeasureDetail(
        measure_id=r["measure_id"],
        title=r["title"],
        description=text_in(snap, "measure", measure_id, "description", r["description"], lang),
        status=r["status"],
        responsible_unit=r["responsible_unit"] or "",
        budget_eur=r["budget_eur"],
        staff_fte=r["staff_fte"],
        start_date=r["start_date"],
        end_date=r["end_date"],
        milestones=tuple(parse_milestones(text_in(snap, "measure", measure_id, "milestones", r["milestones"], lang) or None)),
        in_backlog=bool(r["in_backlog"]),
        is_example=bool(r["is_example"]),
        action_fields=tuple(zip(r["action_field_ids"] or [], r["action_field_names"] or [], strict=True)),
        indicators=tuple(measure_indicators(snap, measure_id)),
        last_reviewed=last_reviewed(snap, measure_id),
    )


def last_reviewed(snap: Snapshot, measure_id: str) -> date | None:
    """The day the measure was last re-examined; None where not recorded (or in a snapshot from before the column)."""
    has = snap.memo(
        ("has_column", "measure", "last_reviewed"),
        lambda: bool(
            snap.rows(
                "select count(*) from information_schema.columns where table_name = 'measure' and column_name = 'last_reviewed'"
            )[0][0]
        ),
    )
    if not has:
        return None
    rows = snap.rows("select last_reviewed from measure where measure_id = ?", [measure_id])
    return rows[0][0] if rows and rows[0][0] else None


def measure_indicators(snap: Snapshot, measure_id: str) -> list[Indicator]:
    """The measure's indicators in the catalogue's order (on a public snapshot: only public ones)."""
    return [i for i in all_indicators(snap) if i.measure_id == measure_id]


def before_after_indicator(indicators: list[Indicator] | tuple[Indicator, ...]) -> Indicator | None:
    """The indicator a before/after comparison starts with: the first one with per-station data, else the first."""
    for ind in indicators:
        if ind.computation is not None and ind.computation.per_station:
            return ind
    return indicators[0] if indicators else None


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_milestones(text: str | None) -> list[Milestone]:
    """Milestones `; `-separated, each `<when> <text>` with `when` an ISO date, `MM/YYYY` or `YYYY`.

    An entry that does not start with one of those (`Winter 2026/27 …`) is kept whole, without a date.

    >>> parse_milestones("2016 vier Zählstellen; 04/2022 Start; 2024-03-01 Relaunch; Winter 2026/27 Ausbau")[1]
    Milestone(when='04/2022', text='Start', on=datetime.date(2022, 4, 1))
    """
    out: list[Milestone] = []
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        head, _, rest = part.partition(" ")
        on: date | None = None
        when = head
        if m := _ISO.match(head):
            try:
                on = date(int(m[1]), int(m[2]), int(m[3]))
                when = f"{on:%d.%m.%Y}"
            except ValueError:
                on = None
        elif (m := _MONTH.match(head)) and 1 <= int(m[1]) <= 12:
            on = date(int(m[2]), int(m[1]), 1)
            when = f"{int(m[1]):02d}/{m[2]}"
        elif m := _YEAR.match(head):
            on = date(int(m[1]), 1, 1)
        if on is None or not rest.strip():
            out.append(Milestone("", part, None))
        else:
            out.append(Milestone(when, rest.strip(), on))
    return out


def elapsed_share(start: date | None, end: date | None, today: date) -> float | None:
    """Share of the planned duration that has passed (0–1), or None without both dates."""
    if start is None or end is None or end <= start:
        return None
    return min(1.0, max(0.0, (today - start).days / (end - start).days))
