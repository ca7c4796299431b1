"""Read-only access to a published warehouse snapshot: one connection per process, a cursor per query, bound values."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import polars as pl

from indicators.cache import Cache

T = TypeVar("T")

# The snapshot the app, the indicator CLI and `publish` use when none is named (the build database is
# `etl.warehouse.DEFAULT_DB`, never read by the app).
DEFAULT_SNAPSHOT = Path("data/snapshots/warehouse.duckdb")


class SnapshotMissing(RuntimeError):
    """The snapshot file does not exist (run `python -m etl publish`)."""


class Snapshot:
    """A published snapshot opened read-only.

    `publish` replaces the file atomically (rename). Queries check the file's identity and reopen when a new
    snapshot arrived; a connection to the old file keeps working for queries already running.
    """

    def __init__(self, path: Path | str, *, result_cache: Cache | None = None) -> None:
        self.path = Path(path)
        # where indicator results are kept across requests and workers (indicators/cache.py); None: computed each time
        self.result_cache = result_cache
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._ident: tuple[int, int, int] | None = None
        self._tables: tuple[tuple[int, int, int], frozenset[str]] | None = None
        self._local = threading.local()  # per thread: a cursor of the current connection, reused by query/rows
        self._memo: tuple[tuple[int, int, int] | None, dict[Any, Any]] = (None, {})

    def _identity(self) -> tuple[int, int, int]:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise SnapshotMissing(f"Snapshot {self.path} fehlt: erst `python -m etl publish` ausführen") from None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def connection(self) -> duckdb.DuckDBPyConnection:
        ident = self._identity()
        with self._lock:
            if self._con is None or ident != self._ident:
                # DuckDB caches database instances by path, so a plain connect() would return the replaced file's
                # instance: attach the new file into a fresh in-memory database instead. The old connection is
                # left to the garbage collector, so cursors still reading it stay valid.
                con = duckdb.connect(":memory:")
                con.execute("ATTACH ? AS snapshot (READ_ONLY)", [str(self.path)])
                con.execute("USE snapshot")
                self._con = con
                self._ident = ident
            return self._con

    def close(self) -> None:
        """Close the connection (the next query opens it again) and forget what `memo` kept."""
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con = self._ident = self._tables = None
            self._local = threading.local()
            self._memo = (None, {})

    MEMO_ENTRIES = 2048

    def forget(self) -> None:
        """Forget what `memo` kept (benchmarks measure a first view this way)."""
        with self._lock:
            self._memo = (None, {})

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()`, kept for this published snapshot: for small lookups that every page repeats (catalogue rows,
        the indicator list, a stored series). A snapshot never changes; a newly published one starts with nothing
        kept. Callers must not change the returned value in place."""
        ident = self._identity()
        with self._lock:
            kept_for, kept = self._memo
            if kept_for != ident:
                kept = {}
                self._memo = (ident, kept)
            if key in kept:
                kept_value: T = kept[key]
                return kept_value
        value = compute()
        with self._lock:
            if self._memo[0] == ident and len(kept) < self.MEMO_ENTRIES:
                kept[key] = value
        return value

    @property
    def version(self) -> str:
        """Changes whenever a new snapshot is published: the key for caches."""
        ino, mtime, size = self._identity()
        return f"{ino}-{mtime}-{size}"

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self.connection().cursor()
        cur.execute("USE snapshot")  # a cursor starts in the default catalog, not the attached snapshot
        return cur

    def thread_cursor(self) -> duckdb.DuckDBPyConnection:
        """The cursor this thread's queries run on: `interrupt()` on it stops the running one (a request's time budget)."""
        return self._thread_cursor()

    def _thread_cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the current connection (a new cursor costs ~0.4 ms; a page runs a dozen queries).
        A cursor is used by one thread only, one statement at a time; a new snapshot gets new cursors."""
        con = self.connection()
        local = self._local
        if getattr(local, "con", None) is not con:
            local.cur = self.cursor()
            local.con = con
        cur: duckdb.DuckDBPyConnection = local.cur
        return cur

    def query(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> pl.DataFrame:
        """Run one statement with bound values and return a polars frame."""
        frame: pl.DataFrame = self._thread_cursor().sql(sql, params=params or None).pl()
        return frame

    def rows(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self._thread_cursor().execute(sql, params or []).fetchall()

    def has_table(self, table: str) -> bool:
        """Whether the snapshot has `table` (the list is read once per published snapshot)."""
        ident = self._identity()
        known = self._tables
        if known is None or known[0] != ident:
            names = frozenset(
                r[0] for r in self.rows("select table_name from information_schema.tables where table_catalog = 'snapshot'")
            )
            self._tables = known = (ident, names)
        return table in known[1]

    @property
    def is_public(self) -> bool:
        """Whether `publish --public` wrote this snapshot, as it recorded in `snapshot_meta` (key `kind`).

        A recorded fact, never inferred from which tables exist: a database without `snapshot_meta` (a build
        database, an older snapshot) is not public.
        """

        def read() -> bool:
            if not self.has_table("snapshot_meta"):
                return False
            rows = self.rows("select value from snapshot_meta where key = 'kind'")
            return bool(rows) and rows[0][0] == "public"

        return self.memo("snapshot_is_public", read)
