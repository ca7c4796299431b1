"""WSGI entry for the benchmarks and the scale-out test: `app:server` plus a route reporting the indicator cache.

create_app installs the shared indicator cache (dashboard/cache.py); WM_REDIS_URL selects Redis (else the file-system
cache).
"""

from __future__ import annotations

import os

from dashboard.factory import create_app
from dashboard.settings import Settings

app = create_app(Settings.load())
server = app.server


@server.route("/_wm/cache-stats")
def cache_stats() -> dict:
    """Per worker process: indicator cache hits and misses, and which snapshot version it reads (bench, scale-out)."""
    from indicators.cache import Stats

    snap = server.config["WM_SNAPSHOT"]
    return {
        "pid": os.getpid(),
        "hits": Stats.hits,
        "misses": Stats.misses,
        "errors": Stats.errors,
        "snapshot_version": snap.version,
        "last_load": str(snap.rows("select max(loaded_at) from load_log")[0][0]),
    }
