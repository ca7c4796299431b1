"""Indicator results are cached per snapshot version: a repeat is served from the cache, a new snapshot misses."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask

from etl.loader import load_file
from etl.warehouse import connect
from indicators import cache, registry, status
from indicators.store import Snapshot
from publish import publish

DATA = Path(__file__).parents[1] / "data" / "ecocounter"
RAD = registry.COMPUTED["rad_dtv"]


@pytest.fixture
def snap(tmp_path: Path) -> Snapshot:
    con = connect(tmp_path / "build.duckdb")
    load_file(con, DATA / "2025-03.csv")
    con.close()
    publish(tmp_path / "build.duckdb", tmp_path / "snap.duckdb")
    return Snapshot(tmp_path / "snap.duckdb")


def count_queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = Snapshot.query

    def spy(self: Snapshot, sql: str, params: object = None):  # noqa: ANN202
        seen.append(sql)
        return real(self, sql, params)

    monkeypatch.setattr(Snapshot, "query", spy)
    return seen


def test_second_call_is_served_from_the_cache(snap: Snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    mem = cache.MemoryCache()
    snap.result_cache = mem
    queries = count_queries(monkeypatch)
    first = registry.series(snap, RAD)
    n = len(queries)
    assert n >= 1 and not first.is_empty()
    second = registry.series(snap, RAD)
    assert len(queries) == n, "second call ran SQL"
    assert second.equals(first)
    assert registry.series(snap, RAD, station="ecocounter:100035541").height == first.height  # other key: computed
    assert len(queries) == n + 1
    s1 = status.indicator_status(snap, RAD, today=date(2025, 4, 2))
    n = len(queries)
    assert status.indicator_status(snap, RAD, today=date(2025, 4, 2)) == s1
    assert len(queries) == n
    assert status.indicator_status(snap, RAD, today=date(2026, 1, 1)).stale_since is not None  # today is in the key


def test_a_new_snapshot_version_misses(snap: Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snap.result_cache = cache.MemoryCache()
    before = registry.series(snap, RAD)
    v1 = snap.version
    con = connect(tmp_path / "build.duckdb")
    load_file(con, DATA / "2025-10.csv")
    con.close()
    publish(tmp_path / "build.duckdb", tmp_path / "snap.duckdb")
    assert snap.version != v1
    queries = count_queries(monkeypatch)
    after = registry.series(snap, RAD)
    assert queries, "new snapshot served from the old entry"
    assert after.height > before.height


def test_flask_filesystem_cache_is_shared_between_workers(
    snap: Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard import cache as app_cache

    monkeypatch.setattr(app_cache, "CACHE_DIR", tmp_path / "cache")
    settings = SimpleNamespace(redis_url="", public=False)
    worker1, worker2 = Flask("w1"), Flask("w2")
    snap1, snap2 = Snapshot(snap.path), Snapshot(snap.path)  # each worker's app opens the snapshot
    app_cache.install(worker1, settings, snap1)
    app_cache.install(worker2, settings, snap2)
    queries = count_queries(monkeypatch)
    registry.series(snap, RAD)  # a snapshot without a cache (command line, publish): computed every time
    registry.series(snap, RAD)
    assert len(queries) == 2
    registry.series(snap1, RAD)
    n = len(queries)
    got = registry.series(snap2, RAD)  # another process would see the same folder: served from worker 1's file
    assert len(queries) == n and not got.is_empty()
    assert any((tmp_path / "cache" / "internal").iterdir())


def test_redis_configuration_and_a_failing_backend_computes(snap: Snapshot) -> None:
    from dashboard import cache as app_cache

    cfg = app_cache.config_for(SimpleNamespace(redis_url="redis://127.0.0.1:1/0", public=False))
    assert cfg["CACHE_TYPE"] == "RedisCache"
    server = Flask("redisless")
    app_cache.install(server, SimpleNamespace(redis_url="redis://127.0.0.1:1/0", public=False), snap)
    errors = cache.Stats.errors
    assert not registry.series(snap, RAD).is_empty()  # nothing listens on port 1: computed, not failed
    assert cache.Stats.errors > errors
