"""App factory: settings → read-only snapshot → Dash app with the pages of `pages/`.

Each page is a folder `pages/<name>/` (docs/where-things-go.md): `page.py` registers the page with Dash, and may
register with this shell what else the page brings: datasets (`dashboard.downloads.dataset`), Flask routes
(`on_server`), and stylesheets and scripts in `pages/<name>/assets/` (found here, served as `/seiten-assets/…`). An
app takes all of that only from the pages of its allow-list.
"""

from __future__ import annotations

import gc
import html as html_text
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from flask import Flask

from dashboard import (
    cache,
    cache_headers,
    compression,
    downloads,
    i18n,
    json_encoding,
    libraries,
    response_cache,
    security,
    theme,
    time_budget,
)
from dashboard.i18n import _
from dashboard.loading import page_loading
from dashboard.settings import Settings
from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "pages"
PAGE_ASSETS = "/seiten-assets"
PRELOAD = (
    '<link rel="preload" href="/_dash-component-suites/plotly/package_data/plotly.min.js" as="script">'
    '<link rel="preload" href="/_dash-component-suites/dash/dcc/async-graph.js" as="script">'
)


def snapshot() -> Snapshot:
    """The snapshot of the app serving the current request (kept on the Flask app, not in a module global)."""
    from flask import current_app

    return current_app.config["WM_SNAPSHOT"]


def settings() -> Settings:
    from flask import current_app

    return current_app.config["WM_SETTINGS"]


def absolute_url(path: str) -> str:
    """`path` on this instance as the app writes it into pages (embed code, share links): under `WM_PUBLIC_URL`, or the
    path alone when it is not set. Never from the request's Host: a cached page would carry a visitor's Host to all."""
    return settings().public_url.rstrip("/") + path


def pages() -> list[dict[str, Any]]:
    """The pages of the app serving the current request, in navigation order: the public instance's allow-list.

    Dash's page registry is process-wide (an internal and a public app in one process share it); what an app serves
    is decided here, per app, and never by changing the registry.
    """
    from flask import current_app

    allowed: frozenset[str] = current_app.config["WM_PAGES"]
    return sorted(
        (p for m, p in dash.page_registry.items() if m in allowed),
        key=lambda p: (p.get("order") is None, p.get("order") or 0, p["name"]),
    )


def allowed_pages(settings: Settings) -> frozenset[str]:
    """Modules of the pages an app serves: all, or on the public instance those registered with `public=True`."""
    return frozenset(m for m, p in dash.page_registry.items() if not settings.public or p.get("public"))


# Flask routes that pages add to the apps serving them: (page folder, name) → install(server). Filled when Dash imports
# the pages folder (for every app; a newer import replaces the older entry), read once per app below.
SERVER_HOOKS: dict[tuple[str, str], Callable[[Flask], None]] = {}


def on_server(page: str, install: Callable[[Flask], None]) -> None:
    """A page (`__package__` of its `page.py`) adds routes to the Flask server of every app that serves it."""
    SERVER_HOOKS[(page, install.__qualname__)] = install


def page_folders(modules: frozenset[str]) -> frozenset[str]:
    """The folders (`pages.<name>`) of page modules (`pages.<name>.page`, `pages.<name>.page.<more>`)."""
    return frozenset(".".join(m.split(".")[:2]) for m in modules if m.startswith("pages."))


def page_assets(folders: frozenset[str]) -> dict[str, Path]:
    """`<name>/<file>` → file, for the stylesheets and scripts in `pages/<name>/assets/` of these page folders."""
    found = {}
    for folder in sorted(folders):
        name = folder.removeprefix("pages.")
        for f in sorted((PAGES / name / "assets").glob("*")):
            if f.suffix in (".css", ".js") and f.is_file():
                found[f"{name}/{f.name}"] = f
    return found


def _install_page_assets(app: dash.Dash, assets: dict[str, Path]) -> None:
    """Serve the pages' own stylesheets and scripts and link them in every page's HTML after the shell's assets (so
    they keep the order Dash gives its assets folder: stylesheets after Bootstrap, scripts after the components)."""
    from flask import abort, send_file

    @app.server.route(f"{PAGE_ASSETS}/<name>/<file>")
    def page_asset(name: str, file: str) -> Any:
        path = assets.get(f"{name}/{file}")  # only files found at start: no path is built from the request
        if path is None:
            abort(404)
        mimetype = "text/css" if path.suffix == ".css" else "application/javascript"
        return send_file(path, mimetype=mimetype, max_age=3600)

    def url(key: str) -> str:
        return html_text.escape(f"{PAGE_ASSETS}/{key}?m={int(assets[key].stat().st_mtime)}")

    css = "".join(f'<link rel="stylesheet" href="{url(k)}">' for k in assets if k.endswith(".css"))
    js = "".join(f'<script src="{url(k)}"></script>' for k in assets if k.endswith(".js"))
    app.index_string = app.index_string.replace("{%css%}", "{%css%}" + css, 1).replace("{%scripts%}", "{%scripts%}" + js, 1)


class NotAPublicSnapshot(RuntimeError):
    """The public instance was pointed at a snapshot that `etl publish --public` did not write."""


def create_app(settings: Settings) -> dash.Dash:
    server = Flask("wirkungsmonitor")
    compression.install(server)  # first: Flask runs `after_request` in reverse, so it compresses the final body
    server.config["WM_SETTINGS"] = settings
    server.config["WM_SNAPSHOT"] = snap = Snapshot(settings.db)
    if settings.public and not snap.is_public:
        # an internal snapshot holds internal indicators, survey answers and rejected rows: never on the internet
        raise NotAPublicSnapshot(
            f"Snapshot {settings.db} ist nicht öffentlich: die öffentliche Instanz braucht einen mit "
            f"`python -m etl publish --public` geschriebenen (z. B. data/snapshots/public.duckdb)"
        )
    app = dash.Dash(
        "wirkungsmonitor",
        server=server,
        use_pages=True,
        pages_folder=str(PAGES),
        assets_folder=str(ROOT / "dashboard" / "assets"),
        title="Wirkungsmonitor Offenbach",
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
    )
    # Dash imported the pages folder above (it does so for every app): the allow-list is taken now, once
    allowed = allowed_pages(settings)
    server.config["WM_PAGES"] = allowed
    app.layout = shell
    # plotly.js is fetched by the first chart only after the page's callback answered: start the download at once
    app.index_string = app.index_string.replace("{%css%}", PRELOAD + "{%css%}", 1)
    theme.register()
    json_encoding.install()  # every answer encoded with orjson (the same JSON as plotly's encoder)
    folders = page_folders(allowed)
    _install_page_assets(app, page_assets(folders))
    downloads.install(server, snapshot, allowed)
    flask_cache = cache.install(server, settings)
    security.install(app, settings)
    cache_headers.install(server, settings)
    deferred: dict = {}  # filled below, once Dash is set up: dash-leaflet's scripts go only with the map's page
    libraries.install(server, deferred)  # before the response cache: it stores Dash's own answer, this adds to it
    response_cache.install(server, flask_cache, snapshot, settings)  # after security: refused requests never hit it
    time_budget.install(server, settings.request_budget_seconds, lambda: snapshot().thread_cursor())
    i18n.install(server)
    for (page, _name), install in sorted(SERVER_HOOKS.items(), key=lambda kv: kv[0]):
        if page in folders:
            install(server)  # e.g. the council deck's PDF (pages/praesentation): internal instance only
    # Dash sets itself up on the first request and registers its script paths then; under gunicorn's threads a script
    # request arriving meanwhile was refused (500). Set up before serving instead.
    with server.test_request_context("/"):
        app._setup_server()
        deferred.update(libraries.defer(app))
    # everything made so far (modules of dash, plotly, polars; the layout) lives as long as the process: moved out of
    # the garbage collector's view, a full collection no longer walks it (it paused a page callback by ~100 ms)
    gc.collect()
    gc.freeze()
    return app


def _page_path() -> str:
    """The path of the page being shown: Dash fetches the shell from `/_dash-layout`, named by the Referer."""
    from urllib.parse import urlsplit

    from flask import request

    if request.path.startswith("/_dash-"):
        return urlsplit(request.referrer or "").path
    return request.path


def shell() -> html.Div:
    """Frame of every page: skip link, header with navigation built from the page registry, content, footer.

    Embeds get a bare frame (no navigation): they live in an iframe on the city's website.
    """
    from flask import has_request_context

    if has_request_context() and _page_path().startswith("/embed/"):
        return html.Div([dcc.Location(id="url"), html.Main(dash.page_container, id="inhalt")], lang=i18n.current_lang())
    s = settings()
    lang = i18n.current_lang()
    banner = []
    if not s.public and not s.login_configured:
        banner = [
            html.Div(
                _("Interne Instanz ohne Anmeldung: nur auf diesem Rechner erreichbar (127.0.0.1)."),
                className="alert alert-warning rounded-0 mb-0 py-1 small wm-rahmen",
                role="status",
            )
        ]
    nav = [dbc.NavItem(dbc.NavLink(_(p["name"]), href=p["relative_path"], active="exact")) for p in pages() if p.get("nav", True)]
    return html.Div(
        [
            # `wm-rahmen`: the parts of the frame, hidden around a presentation (pages/praesentation/assets/praesentation.css)
            html.A(_("Zum Inhalt springen"), href="#inhalt", className="visually-hidden-focusable wm-rahmen"),
            *banner,
            dcc.Location(id="url"),
            html.Header(
                dbc.Navbar(
                    dbc.Container(
                        [
                            dbc.NavbarBrand(_("Wirkungsmonitor Offenbach"), href="/"),
                            dbc.Nav(nav, navbar=True, className="me-auto"),
                            html.A("English", href="/sprache?lang=en", lang="en", className="nav-link text-white")
                            if lang == "de"
                            else html.A("Deutsch", href="/sprache?lang=de", lang="de", className="nav-link text-white"),
                            *(
                                [html.A(_("Abmelden"), href="/abmeldung", className="nav-link text-white")]
                                if s.oidc_issuer and not s.public
                                else []
                            ),
                        ],
                        fluid=True,
                    ),
                    color="dark",
                    dark=True,
                ),
                className="wm-rahmen",
            ),
            html.Main(dbc.Container(page_loading(dash.page_container), fluid=True, className="py-3"), id="inhalt"),
            html.Footer(
                dbc.Container(
                    html.P(
                        [
                            "Open Smart City Offenbach · Stabsstelle Digitalisierung · ",
                            html.A(_("Erklärung zur Barrierefreiheit"), href="/barrierefreiheit"),
                            " · ",
                            html.A(_("Methodik"), href="/methodik"),
                            " · ",
                            html.A(_("Evaluationspläne"), href="/evaluation"),
                            " · ",
                            html.A(_("Wirkungsbericht"), href="/bericht"),
                            " · ",
                            html.A(_("Glossar"), href="/glossar"),
                        ],
                        className="small text-body-secondary my-3",
                    ),
                    fluid=True,
                ),
                className="wm-rahmen",
            ),
        ],
        lang=lang,
    )
