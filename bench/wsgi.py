"""WSGI entry for the benchmarks and the scale-out test: `app:server` plus the shared indicator cache.

`gunicorn bench.wsgi:server` behaves like `gunicorn app:server` once create_app installs the cache itself
(dashboard/cache.py); until then this module installs it. WM_REDIS_URL selects Redis (else the file-system cache).
"""
from __future__ import annotations

import os

from dashboard import cache as app_cache
from dashboard.factory import create_app
from dashboard.settings import Settings

_redis = os.environ.pop("WM_REDIS_URL", "")  # not (yet) a field of Settings, which rejects unknown WM_* variables
settings = Settings.load()
app = create_app(settings)
server = app.server
if app_cache.EXTENSION not in server.extensions:
    app_cache.install(server, type("S", (), {"redis_url": _redis or getattr(settings, "redis_url", ""), "public": settings.public})())
if _redis:
    os.environ["WM_REDIS_URL"] = _redis


@server.route("/_wm/cache-stats")
def cache_stats() -> dict:
    """Per worker process: indicator cache hits and misses, and which snapshot version it reads (bench, scale-out)."""
    from indicators.cache import Stats

    snap = server.config["WM_SNAPSHOT"]
    return {"pid": os.getpid(), "hits": Stats.hits, "misses": Stats.misses, "errors": Stats.errors,
            "snapshot_version": snap.version, "last_load": str(snap.rows("select max(loaded_at) from load_log")[0][0])}
