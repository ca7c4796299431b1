"""Export a council presentation as PDF (one page per slide) and PNGs (one per slide) through headless Chromium.

Command line (pages/praesentation/cli.py): `python -m pages.praesentation.cli --deck demo --db SNAPSHOT --pdf out.pdf --png-dir dir/` starts the app
on a free loopback port in a background thread and prints the print view `/praesentation/<deck>?druck=1`.
In the app, `install(server)` adds `/praesentation/<deck>.pdf` (the page's "Als PDF herunterladen"): the same print
view, served for the duration of the export by a private loopback server on the same Flask app, so a single-worker
deployment does not wait on itself.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from flask import Flask, Response, abort, current_app, request
from werkzeug.serving import WSGIRequestHandler, make_server

from dashboard.settings import Settings
from indicators.presentation import DeckError, get_deck
from indicators.report.pdf import CHROMIUM_ARGS  # Debian's Chromium on an offline machine: one list of flags

WIDTH, HEIGHT = 1280, 720
TIMEOUT_MS = 60_000
ROUTE_ENDPOINT = "praesentation_pdf"


class ExportError(RuntimeError):
    """The export failed; the German message says why."""


@dataclass(frozen=True)
class ExportResult:
    slides: int
    pdf: bytes | None
    pngs: list[Path]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: object, **kwargs: object) -> None:  # the export's own page loads are not news
        pass


@contextmanager
def serving(server: Flask) -> Iterator[str]:
    """Serve a Flask app on a free loopback port in a background thread; yields the base URL."""
    httpd = make_server("127.0.0.1", 0, server, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, name="export-deck", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=5)


_CHARTS_DRAWN = """() => {
    const root = document.getElementById('praesentation');
    if (!root) return false;
    const want = Number(root.dataset.diagramme || 0);
    return document.querySelectorAll('#praesentation .js-plotly-plot .cartesianlayer .subplot').length >= want;
}"""


def render(
    base_url: str,
    deck_id: str,
    *,
    pdf: Path | None = None,
    png_dir: Path | None = None,
    headers: dict[str, str] | None = None,
    want_pdf: bool = False,
) -> ExportResult:
    """Open the print view of `deck_id` at `base_url` in headless Chromium; write the PDF and one PNG per slide."""
    kwargs = dict(pdf=pdf, png_dir=png_dir, headers=headers, want_pdf=want_pdf)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _render(base_url, deck_id, **kwargs)  # type: ignore[arg-type]
    # Playwright's sync API refuses to run inside an event loop (an async server, another sync Playwright session):
    # a worker thread has none
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-deck") as pool:
        return pool.submit(_render, base_url, deck_id, **kwargs).result()  # type: ignore[arg-type]


def _render(
    base_url: str, deck_id: str, *, pdf: Path | None, png_dir: Path | None, headers: dict[str, str] | None, want_pdf: bool
) -> ExportResult:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    if exe is None:
        raise ExportError("Chromium fehlt (Debian: apt-get install chromium)")
    url = f"{base_url}/praesentation/{quote(deck_id)}?druck=1"
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, extra_http_headers=headers or {})
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            try:
                page.goto(url, wait_until="networkidle", timeout=TIMEOUT_MS)
                page.wait_for_selector("#praesentation", timeout=TIMEOUT_MS)
                problem = page.query_selector("#praesentation .praes-fehler")
                if problem is not None:
                    raise ExportError(" ".join(problem.inner_text().split()))
                page.wait_for_function(_CHARTS_DRAWN, timeout=TIMEOUT_MS)
                page.evaluate("() => document.fonts.ready")
            except PlaywrightError as e:
                raise ExportError(
                    f"Druckansicht {url} nicht geladen: {e.message.splitlines()[0]}"
                    + (f" (Fehler der Seite: {errors[0]})" if errors else "")
                ) from None
            slides = page.query_selector_all("#praesentation .folie")
            data = None
            if pdf is not None or want_pdf:
                data = page.pdf(
                    width=f"{WIDTH}px",
                    height=f"{HEIGHT}px",
                    print_background=True,
                    margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
                )
                if pdf is not None:
                    pdf.parent.mkdir(parents=True, exist_ok=True)
                    pdf.write_bytes(data)
            pngs: list[Path] = []
            if png_dir is not None:
                png_dir.mkdir(parents=True, exist_ok=True)
                for i, el in enumerate(slides, start=1):
                    out = png_dir / f"{deck_id}-folie-{i:02d}.png"
                    el.screenshot(path=str(out))
                    pngs.append(out)
            return ExportResult(len(slides), data, pngs)
        finally:
            browser.close()


def install(server: Flask) -> None:
    """Add `/praesentation/<deck>.pdf` to the app (once; the public instance does not get it)."""
    if ROUTE_ENDPOINT in server.view_functions:
        return
    settings: Settings = server.config["WM_SETTINGS"]
    if settings.public:
        return

    def deck_pdf(deck_id: str) -> Response:
        try:
            deck = get_deck(deck_id, settings.decks_file)
        except DeckError:
            abort(404)
        headers = {"Authorization": request.headers["Authorization"]} if "Authorization" in request.headers else None
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
        try:
            with serving(app) as base:
                result = render(base, deck.deck_id, headers=headers, want_pdf=True)
        except ExportError as e:
            return Response(f"PDF-Export nicht möglich: {e}", 500, mimetype="text/plain; charset=utf-8")
        assert result.pdf is not None
        return Response(
            result.pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="praesentation-{deck.deck_id}-{deck.date:%Y%m%d}.pdf"'},
        )

    server.add_url_rule("/praesentation/<deck_id>.pdf", ROUTE_ENDPOINT, deck_pdf)
