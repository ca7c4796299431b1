"""Security of both instances: headers and CSP on every response, login for the internal instance, the public
instance's allow-list of routes, and checks on callback requests (foreign Origin, unknown outputs)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import dash
from flask import Flask, Response, abort, request, send_file
from werkzeug.exceptions import BadRequest
from werkzeug.sansio.utils import host_is_trusted

from dashboard import callback_inputs, login
from dashboard.i18n import _
from dashboard.settings import Settings

PLOTLY_BUNDLE = re.compile(r"^/_dash-component-suites/plotly/package_data/plotly(\.v[\w]+)?\.min\.js$")
# plotly.js built of its core (scatter and the cartesian components), bar and heatmap: every trace the dashboard draws
# (scripts/plotly-bundle). No eval, so the CSP needs no 'unsafe-eval'; 1.26 MB instead of the full bundle's 4.8 MB,
# which the browser runs before the first chart
STRICT_PLOTLY = Path(__file__).resolve().parent / "vendor" / "plotly-wm.min.js"
ALWAYS_OPEN = ("/_dash-", "/assets/", "/seiten-assets/", "/_favicon.ico", "/_reload-hash")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
STATIC = ("/assets/", "/seiten-assets/", "/_dash-component-suites/", "/_favicon.ico")


def csp(app: dash.Dash, settings: Settings, *, embed: bool) -> str:
    hashes = " ".join(app.csp_hashes())
    tiles = " ".join(sorted({m.group(0) for m in [re.match(r"^https?://[^/{]+", settings.tile_url or "")] if m}))
    ancestors = ("'self' " + " ".join(settings.frame_ancestors_list())).strip() if embed else "'none'"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {hashes}",
            "style-src 'self' 'unsafe-inline'",  # plotly and Dash set style attributes; scripts stay strict
            f"img-src 'self' data: blob: {tiles}".strip(),
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


def install(app: dash.Dash, settings: Settings) -> None:
    server: Flask = app.server
    gate = login.install(server, settings)  # None: no login (the public instance, or the internal one on 127.0.0.1)
    cached: dict[bool, str] = {}  # per app instance, computed on first response (hashes need the finished app)
    allowed: frozenset[str] = server.config["WM_PAGES"]  # this app's pages (dashboard/factory.py)

    # a declared body over the limit is refused before anything runs; one without a length (chunked) is read at most one
    # byte past the limit (werkzeug cuts the stream there) and refused when it reaches that byte
    limit = settings.max_body_bytes
    hosts = settings.trusted_hosts_list()
    server.config["MAX_CONTENT_LENGTH"] = limit + 1

    @server.before_request
    def guard() -> Response | None:
        path = request.path
        if not host_is_trusted(request.environ.get("HTTP_HOST", ""), hosts):
            return Response(_("Unbekannter Host."), 400, mimetype="text/plain")
        if request.content_length is not None and request.content_length > limit:
            abort(413)
        if request.content_length is None and request.environ.get("wsgi.input_terminated"):
            if len(request.get_data(cache=True)) > limit:
                abort(413)
        if PLOTLY_BUNDLE.match(path):
            # plotly.js's strict bundle: the same charts without eval, so the CSP needs no 'unsafe-eval'
            return send_file(STRICT_PLOTLY, mimetype="application/javascript", max_age=3600)
        if gate is not None:
            refused = gate()  # a valid session cookie passes at once: the password hash is checked once per session
            if refused is not None:
                return refused
        if request.method == "POST" and path.startswith("/_dash-update-component"):
            origin = request.headers.get("Origin")
            if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
                abort(403)
            body = _callback_body()
            if body is None or not _known_outputs(app, body):
                abort(400)
            if body["output"] in foreign_callbacks(app, allowed):
                abort(404)  # a callback of a page this app does not serve (the public instance's internal pages)
            problem = callback_inputs.check_request(body)
            if problem:
                raise callback_inputs.BadInput(problem)
        if request.method == "GET" and _unknown_page(path):
            # an address no page matches: the app's own „Seite nicht gefunden“ (pages/nicht_gefunden), status 404
            return Response(app.index(), 404, mimetype="text/html")
        if settings.public and not _public_route(path, allowed):
            abort(404)
        if settings.public and path.startswith("/_dash-update-component") and not _routes_to_allowed(allowed):
            abort(404)  # client-side navigation to a page this app does not serve
        if path.startswith("/embed/") and not _embed_allowed(path.removeprefix("/embed/").strip("/"), settings):
            abort(404)
        return None

    @server.after_request
    def headers(resp: Response) -> Response:
        if request.path == "/_dash-dependencies" and resp.status_code == 200:
            _drop_foreign_callbacks(app, allowed, resp)
        embed = request.path.startswith("/embed/")
        if embed not in cached:
            cached[embed] = csp(app, settings, embed=embed)
        resp.headers["Content-Security-Policy"] = cached[embed]
        if not embed:
            resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        resp.headers["Permissions-Policy"] = "geolocation=(), camera=(), microphone=()"
        if not request.path.startswith(STATIC):
            resp.vary.add("Cookie")  # the language cookie (`wm_lang`) changes pages, layout and callback answers
        return resp

    @server.errorhandler(400)
    def bad_request(e: BadRequest) -> Response:
        # the short German reason of a refused input (dashboard/callback_inputs.py), as text: never a traceback
        text = e.description if isinstance(e, callback_inputs.BadInput) else _("Ungültige Anfrage.")
        return Response(text, 400, mimetype="text/plain")

    @server.errorhandler(404)
    def not_found(_e: Exception) -> Response:
        # German, not Werkzeug's English page (an address the app knows nothing about gets the page above)
        return Response(_("Nicht gefunden."), 404, mimetype="text/plain")

    @server.errorhandler(413)
    def too_large(_e: Exception) -> tuple[str, int]:
        return _("Anfrage zu groß."), 413

    @server.errorhandler(500)
    def server_error(_e: Exception) -> tuple[str, int]:
        return "Interner Fehler. Bitte später erneut versuchen.", 500


def _embed_allowed(chart_id: str, settings: Settings) -> bool:
    from flask import current_app

    from dashboard.embeds import allowed

    return chart_id in allowed(current_app.config["WM_SNAPSHOT"], settings.embeds_file)


def _callback_body() -> dict[str, Any] | None:
    try:
        body = json.loads(request.get_data(cache=True) or b"{}")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _known_outputs(app: dash.Dash, body: dict[str, Any]) -> bool:
    """A callback request must name an output the app registered (Dash would otherwise answer with an error)."""
    output = body.get("output")
    return isinstance(output, str) and output in app.callback_map


def foreign_callbacks(app: dash.Dash, allowed: frozenset[str]) -> frozenset[str]:
    """Outputs of the callbacks that pages outside this app's allow-list registered (Dash's callback list is
    process-wide, like its page registry): the public instance answers them with 404 before any work."""
    found = app.server.extensions.get("wm_foreign_callbacks")
    if found is None:
        folders = {".".join(m.split(".")[:2]) for m in allowed}
        found = frozenset(
            output
            for output, cb in app.callback_map.items()
            if (module := getattr(cb.get("callback"), "__module__", None) or "").startswith("pages.")
            and ".".join(module.split(".")[:2]) not in folders
        )
        app.server.extensions["wm_foreign_callbacks"] = found
    return found


def _drop_foreign_callbacks(app: dash.Dash, allowed: frozenset[str], resp: Response) -> None:
    """`/_dash-dependencies` without the callbacks of pages this app does not serve: their ids stay unknown."""
    foreign = foreign_callbacks(app, allowed)
    if not foreign:
        return
    deps = json.loads(resp.get_data())
    resp.set_data(json.dumps([d for d in deps if d.get("output") not in foreign]))


def _public_route(path: str, allowed: frozenset[str]) -> bool:
    """Open on the public instance: Dash's own routes, downloads (the route knows which datasets this app serves),
    embeds (checked against their allow-list), the pages of the app's allow-list and the files those pages declare."""
    if path == "/sprache" or path.startswith(ALWAYS_OPEN) or path.startswith("/daten/") or path.startswith("/embed/"):
        return True
    return _allowed_page(path, allowed) or _page_file(path, allowed)


def _page_file(path: str, allowed: frozenset[str]) -> bool:
    """A file of a public page's own route: `register_page(..., public_files=("/bericht/wirkungsbericht-",))` opens
    paths under that prefix on the public instance (the route itself checks what it serves)."""
    return any(
        path.startswith(prefix)
        for m, page in dash.page_registry.items()
        if m in allowed
        for prefix in page.get("public_files", ())
    )


def _allowed_page(path: str, allowed: frozenset[str]) -> bool:
    return any(_matches(page, path) for m, page in dash.page_registry.items() if m in allowed)


def _unknown_page(path: str) -> bool:
    """`path` reaches Dash's catch-all route (no route of its own) and no registered page matches it."""
    rule = request.url_rule
    if rule is None or not rule.rule.endswith("<path:path>") or path.startswith(ALWAYS_OPEN):
        return False
    return not any(_matches(page, path) for page in dash.page_registry.values())


def _routes_to_allowed(allowed: frozenset[str]) -> bool:
    """A callback of Dash's page router (input `_pages_location.pathname`) must name a page of this app, or no page at
    all (the router answers with the „Seite nicht gefunden“ page, which every app serves)."""
    try:
        body = json.loads(request.get_data(cache=True) or b"{}")
    except ValueError:
        return False
    for item in body.get("inputs") or []:
        if isinstance(item, dict) and item.get("id") == "_pages_location" and item.get("property") == "pathname":
            path = str(item.get("value") or "/")
            return _allowed_page(path, allowed) or not any(_matches(p, path) for p in dash.page_registry.values())
    return True


def _matches(page: dict[str, Any], path: str) -> bool:
    template = page.get("path_template") or page["path"]
    pattern = "^" + re.sub(r"<[^>]+>", "[^/]+", template.rstrip("/") or "/") + "/?$"
    return re.match(pattern, path.rstrip("/") or "/") is not None


def check_bind(settings: Settings) -> None:
    """Without a login, the internal instance serves this machine only."""
    if not settings.public and not settings.login_configured and settings.host not in LOOPBACK:
        raise PermissionError(
            f"Interne Instanz ohne Anmeldung darf nur an 127.0.0.1 binden, nicht an {settings.host}: "
            "WM_BASIC_AUTH_USERS oder WM_OIDC_ISSUER setzen oder --public verwenden"
        )
