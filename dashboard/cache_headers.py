"""`Cache-Control` on every response: what a browser or a reverse proxy may keep, and for how long.

- Scripts and stylesheets whose URL names their version (Dash's `….v4_4_1m….js`, `?m=<mtime>` of the assets folders)
  never change under that URL: a year, `immutable`.
- Other static files (Dash's lazily loaded chunks, the favicon): an hour.
- The internal instance: nothing else is stored anywhere (`no-store`): its pages show internal figures.
- The public instance: pages, embeds, layout and downloads for `WM_PUBLIC_MAX_AGE` seconds, `public`, so that nginx
  can serve the city's website's embeds from its cache (docs/deployment.md); callbacks (POST), redirects and errors
  are never stored.

`public` only on the public instance: a shared cache never keeps what the internal one answered to a logged-in user.
"""

from __future__ import annotations

import re

from flask import Flask, Response, request

from dashboard.settings import Settings

STATIC = ("/assets/", "/seiten-assets/", "/_dash-component-suites/", "/_favicon.ico")
FINGERPRINT = re.compile(r"\.v[0-9a-z_]+m[0-9]+\.")  # Dash: dash_renderer.v4_4_1m1796585644.min.js
YEAR = 365 * 24 * 3600


def cache_control(*, path: str, versioned_query: bool, method: str, status: int, public: bool, max_age: int) -> str:
    scope = "public" if public else "private"
    if path.startswith(STATIC) and status in (200, 304):
        if FINGERPRINT.search(path) or versioned_query:
            return f"{scope}, max-age={YEAR}, immutable"
        return f"{scope}, max-age=3600"
    if public and method in ("GET", "HEAD") and status == 200:
        return f"public, max-age={max_age}"
    return "no-store"


def install(server: Flask, settings: Settings) -> None:
    @server.after_request
    def set_cache_control(resp: Response) -> Response:
        resp.headers["Cache-Control"] = cache_control(
            path=request.path,
            versioned_query="m" in request.args or "v" in request.args,
            method=request.method,
            status=resp.status_code,
            public=settings.public,
            max_age=settings.public_max_age,
        )
        if resp.headers["Cache-Control"] == "no-store":
            resp.headers.pop("Expires", None)
        return resp
