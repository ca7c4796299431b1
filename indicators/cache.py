"""Cache of indicator results keyed by snapshot version: a tiny get/set protocol, no web framework.

A snapshot carries its cache (`Snapshot.result_cache`, None: compute every time): the app factory gives the app's
snapshot a shared cache (Flask-Caching on the filesystem or Redis, see dashboard/cache.py) so that several gunicorn
workers and app servers compute an indicator series once per published snapshot; the command line and publish use
snapshots without one. Keys contain
`Snapshot.version` (file identity, changes with every `publish`) and the snapshot's path, so a new snapshot never
gets an old result and the public and internal instances never share entries.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:  # store imports Cache from here: the name only, for annotations
    from indicators.store import Snapshot

T = TypeVar("T")

log = logging.getLogger(__name__)


class Cache(Protocol):
    """What the indicators need of a cache; `get` returns None for a miss."""

    def get(self, key: str) -> Any | None: ...

    def set(self, key: str, value: Any) -> None: ...


class MemoryCache:
    """A bounded in-process cache (LRU): for the command line, benchmarks and tests."""

    def __init__(self, max_items: int = 2048) -> None:
        self.max_items = max_items
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> Any | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
            return None

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)


class Stats:
    """Counts of one process: how many lookups the cache answered (shown by the benchmarks and the scale-out test)."""

    hits = 0
    misses = 0
    errors = 0


def key(namespace: str, snap: Snapshot, *parts: object) -> str:
    """`wm:<namespace>:<snapshot version>:<digest of path and arguments>`; the arguments' repr names every field."""
    digest = hashlib.sha256(repr((str(snap.path.resolve()), parts)).encode("utf-8")).hexdigest()[:32]
    return f"wm:{namespace}:{snap.version}:{digest}"


def lookup(namespace: str, snap: Snapshot, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """The value cached in the snapshot's cache, or `compute()` stored under the key. A cache that fails (Redis down)
    is skipped, not fatal."""
    cache = snap.result_cache
    if cache is None:
        return compute()
    k = key(namespace, snap, *parts)
    try:
        hit = cache.get(k)
    except Exception as e:  # noqa: BLE001 - any backend error: compute instead of failing the chart
        Stats.errors += 1
        log.warning("Cache nicht erreichbar (%s): berechne ohne Cache", e)
        return compute()
    if hit is not None:
        Stats.hits += 1
        hit_value: T = hit
        return hit_value
    Stats.misses += 1
    value = compute()
    try:
        cache.set(k, value)
    except Exception as e:  # noqa: BLE001
        Stats.errors += 1
        log.warning("Cache nicht beschreibbar (%s)", e)
    return value


class ProcessLRU:
    """Values kept in this process for the snapshot they were computed from, at most `max_items` (least recently used
    go first): for what one request reads several times and the next request about the same question reads again (a
    station's daily series, a before/after comparison), too many and too large for `Snapshot.memo`.

    The key is the snapshot's path and version (a new `publish` never gets an old value) and `parts`: every input of
    the computation. Values must not be changed in place (polars frames, frozen dataclasses)."""

    def __init__(self, max_items: int) -> None:
        self.max_items = max_items
        self._items: OrderedDict[tuple[object, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def key(self, snap: Snapshot, parts: tuple[object, ...]) -> tuple[object, ...]:
        return (str(snap.path), snap.version, *parts)

    def get(self, snap: Snapshot, parts: tuple[object, ...]) -> tuple[bool, Any]:
        k = self.key(snap, parts)
        with self._lock:
            if k in self._items:
                self._items.move_to_end(k)
                self.hits += 1
                return True, self._items[k]
            self.misses += 1
            return False, None

    def put(self, snap: Snapshot, parts: tuple[object, ...], value: Any) -> None:
        k = self.key(snap, parts)
        with self._lock:
            self._items[k] = value
            self._items.move_to_end(k)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)

    def lookup(self, snap: Snapshot, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
        found, value = self.get(snap, parts)
        if found:
            kept: T = value
            return kept
        value = compute()
        self.put(snap, parts, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
