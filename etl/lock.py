"""One lock for everything that writes or copies the build database (`etl load`, `etl demo`, `etl publish`).

DuckDB allows one writing process per file; a second one used to end in a `duckdb.IOException` traceback with exit 1,
the code of "a file was rejected", so a scheduled job went on to publish. The lock is a file next to the warehouse
(`<db>.lock`) holding the pid and command of its holder: an advisory `flock`, which the kernel releases when the holder
dies, so a lock left by a killed process (its pid is dead) is simply taken over.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from etl.errors import WarehouseBusy

POLL_S = 0.2


def lock_path(db: Path) -> Path:
    """The lock file of a warehouse: next to it, `<name>.lock`."""
    db = Path(db)
    return db.with_name(db.name + ".lock")


@contextmanager
def warehouse_lock(db: Path, command: str, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's lock while the block runs; `command` (e.g. `etl load`) is shown to whoever waits.

    Raises `WarehouseBusy` naming the holder's command and pid when another process holds it and `wait` seconds
    passed (0: do not wait).
    """
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder_command, pid = _holder(fd)
                    raise WarehouseBusy(holder_command, pid, db) from None
                time.sleep(POLL_S)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {command}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # the file stays (removing it would race with a process opening it), empty
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> tuple[str, int | None]:
    """Command and pid written by the lock's holder (unknown while it is still writing them)."""
    text = os.pread(fd, 512, 0).decode("utf-8", "replace").strip()
    m = re.fullmatch(r"(\d+) (.+)", text)
    return (m.group(2), int(m.group(1))) if m else ("unbekannt", None)


_DUCKDB_PID = re.compile(r"PID (\d+)")


def busy_from_duckdb(error: Exception, db: Path) -> WarehouseBusy | None:
    """The `WarehouseBusy` for DuckDB's own lock conflict (a process that does not take our lock, e.g. a program that
    opened the build database by hand), or None when the error is something else."""
    text = str(error)
    if "could not set lock" not in text.lower():
        return None
    m = _DUCKDB_PID.search(text)
    return WarehouseBusy("anderer Prozess", int(m.group(1)) if m else None, db)
