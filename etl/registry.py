"""Registry of source formats: every format is a `Source` with the same small interface, found by content."""
from __future__ import annotations

import importlib
import pkgutil
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import polars as pl

from etl.errors import FileRejected, UsageError

# Declared write modes, per warehouse table:
#   "merge"   rows replace rows with the same natural key (a later export of the same interval wins, never doubles)
#   "replace" the file is the whole truth for the table (the Maßnahmenkatalog)
WRITE_MODES = ("merge", "replace")


@dataclass
class Parsed:
    """What a parser returns: canonical frames per warehouse table, rejected rows, and the count of data rows read.

    Frames may carry a `_line` column (1-based file line) so the loader can report conflicts by line; it is
    dropped before writing.
    """

    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    rejected: list[tuple[int | None, str, str]] = field(default_factory=list)  # (line, reason, raw text)
    rows_in: int = 0


class Source(ABC):
    """One export format. Subclasses set `kind`, `label`, `write_modes` and implement `detect` and `parse`.

    `detect(head, name)` gets the first 64 KiB of the file and its name and says whether the file is this format;
    `parse(data, name)` is pure: bytes in, `Parsed` out; it raises `FileRejected` when the structure is not understood.
    """

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    write_modes: ClassVar[dict[str, str]] = {}
    # for formats split into parts (see `body_start`): two lines whose first N characters are equal stay in one part
    # (Eco-Counter: 13 = the local date and hour, so both intervals of the repeated autumn hour meet in one part)
    same_part_prefix: ClassVar[int] = 0

    @abstractmethod
    def detect(self, head: bytes, name: str) -> bool: ...

    @abstractmethod
    def parse(self, data: bytes, name: str) -> Parsed: ...

    def body_start(self, head: bytes) -> int | None:
        """Byte offset where the data lines begin, for formats whose rows are single lines below a header: the loader
        then parses a large file in parts (head + whole lines) instead of reading it whole. None: not splittable."""
        return None


_REGISTRY: dict[str, Source] = {}
_BUILTIN_LOADED = False


def register(cls: type[Source]) -> type[Source]:
    """Class decorator: built-in and third-party formats register the same way."""
    if not cls.kind:
        raise ValueError(f"{cls.__name__} has no kind")
    for table, mode in cls.write_modes.items():
        if mode not in WRITE_MODES:
            raise ValueError(f"{cls.__name__}: unknown write mode {mode!r} for {table}")
    _REGISTRY[cls.kind] = cls()
    return cls


def _load_builtin() -> None:
    import etl.sources as pkg

    for mod in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"etl.sources.{mod.name}")


def sources() -> dict[str, Source]:
    global _BUILTIN_LOADED
    if not _BUILTIN_LOADED:  # a module imported earlier must not hide the others
        _load_builtin()
        _BUILTIN_LOADED = True
    return dict(_REGISTRY)


def get(kind: str) -> Source:
    known = sources()
    if kind not in known:
        raise UsageError(f"unbekannte Art {kind!r}; bekannt sind: {', '.join(sorted(known))}")
    return known[kind]


def detect(path: Path, head: bytes) -> Source:
    """The one source whose `detect` accepts the file; a file no format accepts is rejected."""
    hits = [s for s in sources().values() if _safe_detect(s, head, path.name)]
    if not hits:
        raise FileRejected("kein bekanntes Exportformat erkannt")
    if len(hits) > 1:
        raise FileRejected("Format nicht eindeutig: " + ", ".join(sorted(s.kind for s in hits)) + " (mit --kind wählen)")
    return hits[0]


def _safe_detect(source: Source, head: bytes, name: str) -> bool:
    try:
        return bool(source.detect(head, name))
    except Exception:  # noqa: BLE001 - a detector that cannot read the head simply does not match
        return False
