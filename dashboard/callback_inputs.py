"""Checks on what a browser sends to a callback, before any work: the shape of every callback request (in the shell)
and the typed values of a page's callback (`text`, `choice_list`, …, called first thing in the callback).

A request that fails them gets 400 with a short German message (`BadInput`), never a 500 and never a computation: a
callback is a JSON POST anybody can send, with a list of 5 000 station ids where the page offers twenty.
"""

from __future__ import annotations

from typing import Any

from werkzeug.exceptions import BadRequest

from dashboard.i18n import _

MAX_ITEMS = 64  # inputs and states of one callback (the largest has 9)
MAX_LIST = 200  # elements of one value (a multi-select, the map's table rows)
MAX_TEXT = 500  # characters of one text value


class BadInput(BadRequest):
    """A callback input of the wrong type or size: 400 with `description` (German) as the answer."""


def check_request(body: Any) -> str | None:
    """Why a callback request body (parsed JSON) is refused, or None: shape and sizes, the same for every callback."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return _("Ungültige Anfrage.")
    for key in ("inputs", "state"):
        items = body.get(key) or []
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            return _("Ungültige Anfrage.")
        for item in items:
            group = item if isinstance(item, list) else [item]  # pattern-matching inputs arrive as lists
            if len(group) > MAX_LIST or not all(isinstance(i, dict) for i in group):
                return _("Ungültige Anfrage.")
            if any(_too_large(i.get("value")) for i in group):
                return _("Zu viele Werte in einer Eingabe.")
    return None


def _too_large(value: Any, depth: int = 0) -> bool:
    if depth > 8:
        return True
    if isinstance(value, str):
        return len(value) > MAX_TEXT * 20  # long texts are the browser's own (e.g. a search), never thousands of KB
    if isinstance(value, list):
        return len(value) > MAX_LIST or any(_too_large(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return len(value) > MAX_LIST or any(_too_large(v, depth + 1) for v in value.values())
    return False


def text(value: Any, name: str, *, max_length: int = MAX_TEXT) -> str | None:
    """An optional text input (a dropdown's value, a date): `None`, or a string of at most `max_length` characters."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise BadInput(_("Ungültige Eingabe „{name}“.").format(name=name))
    return value


def number(value: Any, name: str) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadInput(_("Ungültige Eingabe „{name}“.").format(name=name))
    return value


def choice_list(value: Any, name: str, *, max_items: int) -> list[str]:
    """A multi-select's values: a list of texts, duplicates removed (order kept), at most `max_items` of them."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) <= MAX_TEXT for v in value):
        raise BadInput(_("Ungültige Eingabe „{name}“.").format(name=name))
    unique = list(dict.fromkeys(value))
    if len(unique) > max_items:
        raise BadInput(_("Höchstens {n} Werte für „{name}“.").format(n=max_items, name=name))
    return unique
