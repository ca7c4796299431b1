"""Shared test support for pages: one demo warehouse per test process, an app server on it, headless Chromium."""
from __future__ import annotations

import sys
import tempfile
import threading
from functools import cache
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent


@cache
def demo_snapshot() -> Path:
    """Build the demo warehouse once per test process (≈ 40 s) and publish an internal and a public snapshot."""
    from etl.demo import build_demo
    from etl.publish import publish

    tmp = Path(tempfile.mkdtemp(prefix="wm-demo-"))
    assert build_demo(tmp / "build.duckdb", exports=tmp / "exports") == 0
    publish(tmp / "build.duckdb", tmp / "public.duckdb", public=True)
    return publish(tmp / "build.duckdb", tmp / "snap.duckdb")


def public_snapshot() -> Path:
    return demo_snapshot().with_name("public.duckdb")


@cache
def serve(db: Path, public: bool = False) -> str:
    """Serve the app on a snapshot in a background thread; returns the base URL (one server per snapshot)."""
    from dashboard.factory import create_app
    from dashboard.settings import Settings

    app = create_app(Settings.load(env={}, db=db, public=public))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def launch_browser():
    """Context manager of Debian's headless Chromium (fails clearly when it is missing)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from browser import browser, chromium_path

    if chromium_path() is None:
        raise RuntimeError("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    return browser()


def open_page(browser, url: str, wait_for: str, *, width: int = 1280, height: int = 720):
    """Open `url`, wait for `wait_for`, and collect console errors; returns (page, errors)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(wait_for, timeout=30000)
    page.wait_for_load_state("networkidle")
    return page, errors
