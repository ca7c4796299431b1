"""Errors of the ETL with a user-facing German message: one place turns them into `ERROR file[:line]: reason`."""

from __future__ import annotations


class EtlError(Exception):
    """Base class: `message` is shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FileRejected(EtlError):
    """The file cannot be understood as a whole; nothing of it is loaded."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class UsageError(EtlError):
    """Wrong command line use (exit code 2)."""


EXIT_BUSY = 3  # exit code of `etl load`/`demo`/`publish` when another process holds the warehouse (docs: README)


class WarehouseBusy(EtlError):
    """Another process holds the warehouse's lock (exit code `EXIT_BUSY`): nothing was loaded or published."""

    def __init__(self, command: str, pid: int | None, db: object) -> None:
        holder = f"{command}, pid {pid}" if pid is not None else command
        super().__init__(f"Warehouse belegt ({holder}): {db} – später erneut versuchen oder --wait SEKUNDEN")
        self.command, self.pid = command, pid
