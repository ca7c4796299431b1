"""Every Dash answer (layouts, callback responses, the page config) as JSON with orjson, falling back to plotly's own
encoder where orjson cannot.

Dash encodes with `plotly.io.json.to_json_plotly`, looked up at each call. Its `json` engine spends most of a large
chart's time in Python's float formatting (the map's station series, 5 000 periods × 3 series: 7 ms of a 35–50 ms
answer); its `orjson` engine first walks the whole object in Python (`clean_to_json_compatible`), which made a page of
components 1.5–4 × slower than `json` (`/karte` 9 → 33 ms). Here orjson walks the object natively and calls back only
for what it does not know: a Dash component (`to_plotly_json`) or what plotly's encoder handles (dates in pandas,
decimals, …). Anything orjson refuses, and pretty-printing, goes to plotly's function unchanged, so the output is
the same JSON in every case (`tests/dashboard/test_json_encoding.py` compares both on the app's answers).
"""

from __future__ import annotations

from typing import Any

import orjson
import plotly.io.json as plotly_json
from _plotly_utils.utils import PlotlyJSONEncoder

_plotly_to_json = plotly_json.to_json_plotly
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
# the characters plotly escapes so that JSON is safe inside <script> and in JavaScript strings
_SWAP = (("<", "\\u003c"), (">", "\\u003e"), ("/", "\\u002f"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
_encoder = PlotlyJSONEncoder()


def _default(obj: Any) -> Any:
    if hasattr(obj, "to_plotly_json"):
        return obj.to_plotly_json()
    return _encoder.default(obj)  # raises TypeError for what plotly cannot encode either


def to_json(obj: Any, pretty: bool = False, engine: str | None = None) -> str:
    """`plotly.io.json.to_json_plotly` with orjson's speed: the same JSON (NaN and infinities as `null`)."""
    if pretty or engine is not None:
        return str(_plotly_to_json(obj, pretty=pretty, engine=engine or "json"))
    try:
        out = orjson.dumps(obj, default=_default, option=_OPTIONS).decode()
    except (TypeError, orjson.JSONEncodeError):
        return str(_plotly_to_json(obj, engine="json"))  # plotly's `auto` would take its slow orjson path
    for unsafe, safe in _SWAP:
        if unsafe in out:
            out = out.replace(unsafe, safe)
    return out


def install() -> None:
    """Make Dash encode with `to_json` (it looks the function up in `plotly.io.json` at every call)."""
    plotly_json.to_json_plotly = to_json
