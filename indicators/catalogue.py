"""The strategy's structure from the warehouse: Handlungsfelder, Zielbilder, Maßnahmen (read-only queries)."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.store import Snapshot


@dataclass(frozen=True)
class Measure:
    measure_id: str
    title: str
    status: str
    responsible_unit: str
    in_backlog: bool
    is_example: bool


@dataclass(frozen=True)
class ActionField:
    action_field_id: str
    name: str
    zielbild: str
    measures: tuple[Measure, ...]


def action_fields(snap: Snapshot) -> list[ActionField]:
    """The Handlungsfelder in the strategy's order, each with its measures."""
    fields = snap.rows("select action_field_id, name, zielbild from action_field order by sort_order, action_field_id")
    ms = snap.rows(
        "select f.action_field_id, m.measure_id, m.title, m.status, m.responsible_unit, m.in_backlog, m.is_example"
        " from measure m join measure_action_field f using (measure_id) order by m.in_backlog, m.title"
    )
    by_field: dict[str, list[Measure]] = {}
    for fid, *rest in ms:
        by_field.setdefault(fid, []).append(Measure(*rest))
    return [ActionField(fid, name, zb, tuple(by_field.get(fid, []))) for fid, name, zb in fields]


# The catalogue's optional English texts (`Titel (en)`, `Zielbild (en)`, …) by table: a snapshot built before the
# columns has none, and every text is then German (`select *` reads whatever columns the snapshot has).
ENGLISH_COLUMNS = {
    "action_field": ("action_field_id", ("name", "zielbild")),
    "measure": ("measure_id", ("title", "description", "milestones")),
}


def english_texts(snap: Snapshot, table: str) -> dict[str, dict[str, str]]:
    """id → {German column: English text} of `table` ("action_field" or "measure"); blank cells left out."""
    key, columns = ENGLISH_COLUMNS[table]

    def read() -> dict[str, dict[str, str]]:
        if not snap.has_table(table):
            return {}
        out: dict[str, dict[str, str]] = {}
        for row in snap.query(f"select * from {table}").to_dicts():  # table: one of ENGLISH_COLUMNS, never input
            texts = {c: row[f"{c}_en"] for c in columns if row.get(f"{c}_en")}
            if texts:
                out[row[key]] = texts
        return out

    return snap.memo(("english_texts", table), read)


def text_in(snap: Snapshot, table: str, row_id: str, column: str, german: str | None, lang: str) -> str:
    """A catalogue text of a Handlungsfeld or Maßnahme in `lang`: the English column where given, else German."""
    if lang == "en":
        english = english_texts(snap, table).get(row_id, {}).get(column)
        if english:
            return english
    return german or ""
