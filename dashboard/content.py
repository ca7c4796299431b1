"""The catalogue's texts (names, definitions, sources, caveats, titles, Zielbilder) in the reader's language.

English comes from the catalogue's optional `… (en)` columns; where a snapshot has none (built before them, a blank
cell), the German text is passed through `_()`: a computed indicator's and a Handlungsfeld's texts are in the gettext
catalogue, anything else stays German. Numbers: `dashboard/format.py`.
"""

from __future__ import annotations

from dashboard.i18n import _, current_lang
from indicators.catalogue import text_in
from indicators.registry import Indicator
from indicators.store import Snapshot


def indicator_text(ind: Indicator, name: str) -> str:
    """`name` (name, definition, source, caveats) of an indicator in the reader's language."""
    return _(ind.text(name, current_lang()))


def measure_text(snap: Snapshot, measure_id: str, column: str, german: str | None) -> str:
    """A Maßnahme's title, description or milestones (`column`) in the reader's language."""
    return _(text_in(snap, "measure", measure_id, column, german, current_lang()))


def field_text(snap: Snapshot, action_field_id: str, column: str, german: str | None) -> str:
    """A Handlungsfeld's name or Zielbild (`column`) in the reader's language."""
    return _(text_in(snap, "action_field", action_field_id, column, german, current_lang()))
