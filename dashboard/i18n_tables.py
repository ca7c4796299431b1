"""Tables in the reader's language: column names and chosen text columns through `_()` (the data stay as they are).

Domain functions in indicators/ return German column names (their downloads are German by default); the pages pass
their tables through `tr_frame` so an English reader gets English headers and words like „vorher“/„nachher“.
A header `Name (unit)` is translated as a whole if known, else name and unit separately.
"""

from __future__ import annotations

import re

import polars as pl

from dashboard.i18n import _, current_lang

_WITH_UNIT = re.compile(r"^(?P<name>.+?) \((?P<unit>[^()]+)\)$")


def tr_header(text: str) -> str:
    t = _(text)
    if t != text:
        return t
    m = _WITH_UNIT.match(text)
    if m:
        return f"{_(m['name'])} ({_(m['unit'])})"
    return text


def tr_value(text: str) -> str:
    """A text, or a `, `-joined list of texts (Handlungsfelder of a measure), translated."""
    t = _(text)
    if t == text and ", " in text:
        return ", ".join(_(p) for p in text.split(", "))
    return t


def tr_frame(frame: pl.DataFrame, *values: str) -> pl.DataFrame:
    """`frame` with translated column names and translated texts in the (German-named) columns `values`."""
    if current_lang() == "de":
        return frame
    out = frame
    for col in values:
        if col in out.columns and out[col].dtype == pl.Utf8:
            mapping = {v: tr_value(v) for v in out[col].drop_nulls().unique().to_list()}
            out = out.with_columns(pl.col(col).replace(mapping))
    names: dict[str, str] = {}
    for c in out.columns:
        t = tr_header(c)
        names[c] = t if t not in names.values() else c  # never two columns of one name
    return out.rename(names)
