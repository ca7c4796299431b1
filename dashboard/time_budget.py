"""A time budget per request: work that runs longer than `WM_REQUEST_BUDGET_SECONDS` is stopped with a clear error.

gunicorn's `--timeout` does not stop a thread of a `gthread` worker that computes for a minute (the worker still
answers its heartbeat), so four such requests held every worker. Here a timer per request, when it runs out, stops the
request's thread: its running DuckDB query is interrupted (`interrupt()` on the thread's cursor) and the thread gets
`BudgetExceeded` raised at its next Python instruction (`PyThreadState_SetAsyncExc`, CPython's own way to end another
thread's work). The request answers 503 with a German message; other requests and the worker go on.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, g, request

from dashboard.i18n import _

WATCHED = ("/_dash-update-component", "/daten/")  # work that depends on what the visitor sends


class BudgetExceeded(Exception):  # noqa: N818 - what happened, not an error of the caller
    """The request ran out of its time budget."""


class _Watch:
    """One request's timer. `done` and the timer's firing are decided under one lock: a finished request is never
    interrupted afterwards."""

    def __init__(self, seconds: float, thread_id: int, cursor: Any) -> None:
        self.lock = threading.Lock()
        self.done = False
        self.fired = False
        self.thread_id = thread_id
        self.cursor = cursor
        self.timer = threading.Timer(seconds, self.fire)
        self.timer.daemon = True

    def fire(self) -> None:
        with self.lock:
            if self.done:
                return
            self.fired = True
            if self.cursor is not None:
                try:
                    self.cursor.interrupt()
                except Exception:  # noqa: BLE001, S110 - the cursor may be gone; the exception below still ends the work
                    pass
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id), ctypes.py_object(BudgetExceeded))

    def finish(self) -> None:
        with self.lock:
            self.done = True
            self.timer.cancel()
            if self.fired:  # the exception was sent but not yet raised: take it back
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id), None)


def install(server: Flask, seconds: float, cursor_of: Callable[[], Any]) -> None:
    """Watch requests to `WATCHED` paths for `seconds`; `cursor_of()` is this thread's DuckDB cursor (or None)."""

    @server.before_request
    def start() -> None:
        if not request.path.startswith(WATCHED):
            return
        try:
            cursor = cursor_of()
        except Exception:  # noqa: BLE001 - no snapshot yet: only Python work to stop
            cursor = None
        watch = _Watch(seconds, threading.get_ident(), cursor)
        g.wm_watch = watch
        watch.timer.start()

    @server.teardown_request
    def stop(_exc: BaseException | None) -> None:
        watch = g.pop("wm_watch", None)
        if watch is not None:
            watch.finish()

    def exceeded(_e: Exception) -> Response:
        watch = g.pop("wm_watch", None)
        if watch is not None:
            watch.finish()
        text = _("Die Berechnung dauerte länger als {n} Sekunden und wurde abgebrochen. Bitte die Auswahl verkleinern.")
        return Response(text.format(n=f"{seconds:g}"), 503, mimetype="text/plain")

    server.register_error_handler(BudgetExceeded, exceeded)
    try:
        import duckdb

        server.register_error_handler(duckdb.InterruptException, exceeded)
    except (ImportError, AttributeError):  # pragma: no cover - duckdb is pinned
        pass
