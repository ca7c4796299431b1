"""Component libraries loaded only by the pages that show their components (issue #19): dash-leaflet (~300 KB of
JavaScript) only with the map, Dash's DataTable (no page shows one) never. And Dash's polyfill replaced by the one
part of it that Dash's bundles use.

Dash writes a `<script>` for every registered component library into every page. A library named in `ON_DEMAND`
gets its scripts marked `dynamic` instead: Dash still serves them under their versioned URL, but no page loads them
up front. The page's content always arrives as the answer of Dash's page callback (`_pages_content.children`, also on
the first visit: Dash's shell has an empty page container); when that answer holds a component of such a library, the
scripts are named in the answer's `dist` field. Dash's renderer (`dash-renderer`, `loadLibrary`) loads every
script in `dist` and waits for it before it renders the answer — the mechanism Dash uses for a library imported
inside a callback. So the map's scripts arrive with the map, before React looks the components up.

Only the page callback gets `dist`, never the callbacks of a page that is already showing (they may return more
markers into a mounted map: loading the library a second time there would give those a second copy of its React
context). A page answer that only changed the query (`/karte?station=…`, the same page anew) gets none either: the
library came with the page.

Dash puts `@babel/polyfill` 7.12.1 (core-js 2 and regenerator-runtime, 96 KB) before every other script: it makes old
browsers run ES2015+, and evaluating it cost ~0.15 s of main thread before Dash could start (Chromium's profile of
`/embed/rad_dtv`). What Dash's own bundles, dcc and dash-bootstrap-components need of it is the global
`regeneratorRuntime` (their code is compiled to ES5 generators); every browser the Wirkungsmonitor supports has the
rest natively (docs/deployment.md names them). Its URL answers with `regenerator-runtime` 0.14.1 (npm, MIT,
unchanged: `dashboard/vendor/regenerator-runtime.js`, 25 KB, no `eval` on that path).
"""

from __future__ import annotations

import copy
import importlib
import json
import re
from pathlib import Path
from typing import Any

import dash
from flask import Flask, Response, request, send_file

# module whose `_js_dist` is deferred -> the namespace its components carry in a layout
ON_DEMAND = {"dash_leaflet": "dash_leaflet", "dash.dash_table": "dash_table"}
POLYFILL = re.compile(r"^/_dash-component-suites/dash/deps/polyfill@7(\.v\w+)?\.12\.1\.min\.js$")
REGENERATOR = Path(__file__).resolve().parent / "vendor" / "regenerator-runtime.js"
PAGE_OUTPUT = "_pages_content.children"
CALLBACK = "/_dash-update-component"

# each library's own `_js_dist` as it shipped, taken before the first change (create_app runs more than once per process)
_SHIPPED: dict[str, list[dict[str, Any]]] = {}


def _eager(entry: dict[str, Any]) -> bool:
    """A script Dash puts into every page: not lazily loaded (`async`), not a source map (`dynamic`)."""
    return not entry.get("dynamic") and "async" not in entry


def defer(app: dash.Dash, libraries: dict[str, str] = ON_DEMAND) -> dict[str, list[dict[str, str]]]:
    """Mark the libraries' scripts `dynamic`; return per component namespace the `dist` entries that load them (needs a
    request context of the app: the URLs carry its path prefix and the files' fingerprints)."""
    deferred: dict[str, list[dict[str, str]]] = {}
    for name, ns in libraries.items():
        module = importlib.import_module(name)
        shipped = _SHIPPED.setdefault(name, copy.deepcopy(module._js_dist))
        eager = [e for e in shipped if _eager(e)]
        module._js_dist = [{**e, "dynamic": True} if _eager(e) else e for e in shipped]
        urls = app._collect_and_register_resources(eager)  # registers the paths too: Dash serves them
        deferred[ns] = [{"type": "_js_dist", "url": u} for u in urls]
    return deferred


def needed(body: bytes, deferred: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
    """The `dist` entries of the deferred libraries whose components the answer `body` holds."""
    out: list[dict[str, str]] = []
    for ns, dist in deferred.items():
        if re.search(rb'"namespace":\s*"' + re.escape(ns.encode()) + rb'"', body):
            out += dist
    return out


def install(server: Flask, deferred: dict[str, list[dict[str, str]]]) -> None:
    @server.before_request
    def polyfill() -> Response | None:
        if POLYFILL.match(request.path):
            return send_file(REGENERATOR, mimetype="application/javascript", max_age=3600)
        return None

    @server.after_request
    def with_libraries(resp: Response) -> Response:
        if (
            request.path != CALLBACK
            or request.method != "POST"
            or resp.status_code != 200
            or resp.mimetype != "application/json"
            or resp.direct_passthrough
        ):
            return resp
        try:
            call = json.loads(request.get_data(cache=True) or b"{}")
        except ValueError:
            return resp
        if not isinstance(call, dict) or PAGE_OUTPUT not in str(call.get("output", "")):
            return resp
        changed = call.get("changedPropIds") or []
        if changed and all(str(c).endswith(".search") for c in changed):
            return resp  # the same page with another query: its libraries came with it
        body = resp.get_data()
        if not body.startswith(b"{") or body.startswith(b'{"dist"'):
            return resp  # a stored answer that has them already (the response cache keeps what this returns)
        dist = needed(body, deferred)
        if dist:
            resp.set_data(b'{"dist":' + json.dumps(dist).encode() + b"," + body[1:])
        return resp
