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
