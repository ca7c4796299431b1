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
