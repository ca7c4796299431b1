"""Shared test support for pages: one demo warehouse per test process, an app server on it, headless Chromium."""

from __future__ import annotations

import atexit
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from functools import cache
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent


@cache
def demo_snapshot() -> Path:
    """Build the demo warehouse once per test process (≈ 40 s), run its check and publish an internal and a public snapshot."""
    from alerts.demo import check_demo
    from etl.demo import build_demo
    from etl.demo.world import BASE_DAY
    from publish import publish

    tmp = Path(tempfile.mkdtemp(prefix="wm-demo-"))
    atexit.register(shutil.rmtree, tmp, True)  # ≈ 600 MB per test process: never left behind in /tmp
    # the pinned build day (etl demo --day): the demo ends with 2025, whatever the machine's date
    assert build_demo(tmp / "build.duckdb", exports=tmp / "exports", day=BASE_DAY) == 0
    assert check_demo(tmp / "build.duckdb") == 0  # as `python -m etl demo` does: the demo's alerts on /datenqualitaet
    publish(tmp / "build.duckdb", tmp / "public.duckdb", public=True)
    return publish(tmp / "build.duckdb", tmp / "snap.duckdb")


def public_snapshot() -> Path:
    return demo_snapshot().with_name("public.duckdb")


@cache
def serve(db: Path, public: bool = False) -> str:
    """Serve the app on a snapshot in a background thread; returns the base URL (one server per snapshot and kind).

    A public and an internal app can share the process: each serves its own pages (dashboard/factory.py)."""
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
    """Open `url`, wait for `wait_for` and for the parts shown after the first chart (`dashboard.components.Deferred`),
    and collect console errors; returns (page, errors)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(wait_for, timeout=30000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-deferred=waiting]')", timeout=30000)
    return page, errors


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_instance(
    db: Path, *, public: bool = False, env: dict[str, str] | None = None, port: int | None = None
) -> tuple[subprocess.Popen, str]:
    """`python app.py` in its own process, as in production (Dash's page registry is per process). `port`: when the
    settings must name the address beforehand (`WM_PUBLIC_URL`)."""
    port = port or free_port()
    args = [sys.executable, "app.py", "--db", str(db), "--port", str(port)] + (["--public"] if public else [])
    # the server logs every request to stderr: a pipe nobody reads fills up and blocks the server, so log to a file
    log = Path(tempfile.mkstemp(prefix="wm-app-", suffix=".log")[1])
    with log.open("w") as fh:
        proc = subprocess.Popen(
            args, cwd=ROOT, env={"PATH": "/usr/bin:/bin", **(env or {})}, stdout=subprocess.DEVNULL, stderr=fh, text=True
        )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/_dash-layout", timeout=1)
            return proc, url
        except urllib.error.HTTPError:
            return proc, url  # answering (e.g. 401): up
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(log.read_text(encoding="utf-8", errors="replace")[-2000:] or "app did not start")


def data_table_before(table, *, caption: str):  # noqa: ANN001, ANN201 - polars frame in, Dash component out
    """`dashboard.components.data_table` as it was built from Dash components before #19 (the body as ready JSON, then
    the table behind a tab as `deferred_table`): the reference the equality tests compare the faster forms with."""
    from dash import html

    from dashboard import components as comp
    from dashboard.i18n import _

    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in table.columns]))
    shown = table.tail(comp.MAX_TABLE_ROWS)
    body = html.Tbody([html.Tr([html.Td(comp._cell(v)) for v in r]) for r in shown.iter_rows()])
    note = []
    if table.height > comp.MAX_TABLE_ROWS:
        note = [
            html.P(
                f"{_('Die neuesten')} {comp.MAX_TABLE_ROWS} {_('von')} {table.height} {_('Zeilen; alle im Download.')}",
                className="small text-body-secondary",
            )
        ]
    return html.Div(
        [
            *note,
            html.Table(
                [html.Caption(caption, className="visually-hidden"), head, body],
                className="table table-sm table-striped data-table",
            ),
        ]
    )


def city_status(baseline: float, current: float):  # noqa: ANN201 - indicators.status.IndicatorStatus
    """A city series' status with substantial progress: `baseline` the series' own annual mean of 2019, `current`
    that of 2021 (the figure draws the baseline over its year, the legend above the plot)."""
    from datetime import date

    from indicators.progress import Period
    from indicators.status import IndicatorStatus

    return IndicatorStatus(
        current,
        date(2021, 1, 1),
        1.2,
        "substantial_progress",
        "growth_ratio",
        None,
        progress_basis="annual_mean",
        compared_baseline=Period(date(2019, 1, 1), date(2019, 12, 31), baseline),
        baseline_source="series",
        compared_current=Period(date(2021, 1, 1), date(2021, 12, 31), current),
        years=2.0,
        target_years=11.0,
        baseline_deviation=0.3,
    )
