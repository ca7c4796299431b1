"""The report's PDF: its HTML printed by headless Chromium (Debian's, through Playwright), tagged, with an outline."""

from __future__ import annotations

import asyncio
import shutil
from concurrent.futures import ThreadPoolExecutor

# the flags for Debian's Chromium on this offline machine (pages/praesentation/export.py prints its slides with them)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
TIMEOUT_MS = 120_000


class PdfError(RuntimeError):
    """The PDF could not be printed; the German message says why."""


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def html_to_pdf(html: str, *, header: str, footer: str) -> bytes:
    """Print a self-contained HTML document to a tagged A4 PDF (document title and language from `<title>` and
    `<html lang>`). The page loads nothing: every request it would make is refused."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _print(html, header, footer)
    # Playwright's sync API refuses to run inside an event loop: a worker thread has none
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-pdf") as pool:
        return pool.submit(_print, html, header, footer).result()


def _print(html: str, header: str, footer: str) -> bytes:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    if exe is None:
        raise PdfError("Chromium fehlt (Debian: apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(java_script_enabled=False)
            context.route("**/*", lambda route: route.abort())  # no network: the HTML holds everything
            page = context.new_page()
            try:
                page.set_content(html, wait_until="load", timeout=TIMEOUT_MS)
                return page.pdf(
                    format="A4",
                    print_background=True,
                    tagged=True,
                    outline=True,
                    display_header_footer=True,
                    header_template=header,
                    footer_template=footer,
                    margin={"top": "20mm", "right": "16mm", "bottom": "18mm", "left": "16mm"},
                )
            except PlaywrightError as e:
                raise PdfError(f"PDF nicht gedruckt: {e.message.splitlines()[0]}") from None
        finally:
            browser.close()
