"""Shared cache of indicator results for the app: Flask-Caching on the filesystem by default, Redis when configured.

Several gunicorn workers (and several app servers with `WM_REDIS_URL`) then compute each indicator series once per
published snapshot. The keys come from `indicators.cache` and contain the snapshot version, so publishing a new
snapshot needs no cache flush: old entries are never asked for again and expire after `TIMEOUT_S`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_caching import Cache as FlaskCache

from dashboard.settings import Settings
from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / "data" / "cache"
TIMEOUT_S = 24 * 3600  # entries of an old snapshot disappear within a day
EXTENSION = "wm_indicator_cache"


class FlaskCacheAdapter:
    """`indicators.cache.Cache` on top of a Flask-Caching instance."""

    def __init__(self, cache: FlaskCache) -> None:
        self.cache = cache

    def get(self, key: str) -> Any | None:
        return self.cache.get(key)

    def set(self, key: str, value: Any) -> None:
        self.cache.set(key, value, timeout=TIMEOUT_S)


def config_for(settings: Settings) -> dict[str, Any]:
    """Flask-Caching configuration: `RedisCache` when `settings.redis_url` is set, else `FileSystemCache` in data/cache."""
    url = settings.redis_url.strip()
    if url:
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": url,
            "CACHE_KEY_PREFIX": "",
            "CACHE_DEFAULT_TIMEOUT": TIMEOUT_S,
            "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        }
    # the folder is shared by every worker on this host; one subfolder per instance kind keeps pruning independent
    folder = CACHE_DIR / ("public" if settings.public else "internal")
    return {
        "CACHE_TYPE": "FileSystemCache",
        "CACHE_DIR": str(folder),
        "CACHE_THRESHOLD": 20000,
        "CACHE_DEFAULT_TIMEOUT": TIMEOUT_S,
    }


def install(server: Flask, settings: Settings, snap: Snapshot | None = None) -> FlaskCache:
    """Attach the cache to `server` and hand it to the app's snapshot (`snap`, default `server.config["WM_SNAPSHOT"]`):
    `indicators.registry.series` and `status.indicator_status` on that snapshot then use it.

    The cache travels with the snapshot object, not through a process-wide hook: two apps in one process (tests) keep
    separate caches, and other snapshots (command line, publish, tests calling the indicators directly) compute
    without one.
    """
    fc = FlaskCache(server, config=config_for(settings))
    adapter = FlaskCacheAdapter(fc)
    server.extensions[EXTENSION] = adapter
    snap = snap if snap is not None else server.config.get("WM_SNAPSHOT")
    if snap is not None:
        snap.result_cache = adapter
    return fc
