"""Registry of source formats: every format is a `Source` with the same small interface, found by content."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import sys
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import polars as pl

from etl.errors import FileRejected, UsageError
from etl.frames import SCHEMAS

# Declared write modes, per warehouse table:
#   "merge"   rows replace rows with the same natural key (a later export of the same interval wins, never doubles)
#   "replace" the file is the whole truth for the table (the Maßnahmenkatalog)
#   "frozen"  a stored row is never changed or deleted: a row with a stored key and other content (`content_hash`) is
#             rejected, the same content again is left as it is (published evaluation plans)
WRITE_MODES = ("merge", "replace", "frozen")


Reject = tuple[int | None, str, str]  # a rejected row: (1-based line or element number, German reason, raw text)


@dataclass
class Parsed:
    """What a parser returns: canonical frames per warehouse table, rejected rows, and the count of data rows read.

    Frames may carry a `_line` column (1-based file line) so the loader can report conflicts by line; it is
    dropped before writing.
    """

    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    rejected: list[Reject] = field(default_factory=list)
    rows_in: int = 0
    # German sentences about the file as a whole, kept in `load_log.message`: `warnings` are also printed as
    # `WARN <file>: …` (the file loaded, but something about it needs a look: damaged text); `notes` say how a
    # fact the file does not carry was settled (the wave of a LimeSurvey export from `--wave` or from its dates)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LoadOptions:
    """Facts some files do not carry, given to `etl load` for the run (`--wave`, `--sensor-location`).

    Only the formats that need them read them (`Source.parse_with`); every other format ignores them.
    """

    wave: str | None = None  # wave of a LimeSurvey export named `results-survey<ID>.csv` (no wave in the name)
    sensor_location: str | None = None  # sensor.community location id of a per-device CSV (`data-esp8266-…`)


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
    # the largest file of this format the loader reads, in bytes; None: by how it is read (`etl/limits.py`: a format
    # read whole 256 MB, XLSX 64 MB, a line-oriented one split into parts 64 GB)
    max_bytes: ClassVar[int | None] = None
    # True: small files whose heads (everything before `body_start`) are byte-identical may be parsed as one text (the
    # loader's `prepare_run`: one file per site and month). Only for a format whose rows mean the same whatever rows
    # stand beside them: no decision over the whole file (a decimal comma, an empty column), nothing read from the
    # file's name. The repeated autumn hour stays a per-file rule (`etl.parsing.parse_local_times`).
    groupable: ClassVar[bool] = False

    @abstractmethod
    def detect(self, head: bytes, name: str) -> bool: ...

    @abstractmethod
    def parse(self, data: bytes, name: str) -> Parsed: ...

    def parse_with(self, data: bytes, name: str, options: LoadOptions) -> Parsed:
        """`parse` with the run's `LoadOptions`; a format that needs one of them overrides this, the others just parse."""
        return self.parse(data, name)

    def body_start(self, head: bytes) -> int | None:
        """Byte offset where the data lines begin, for formats whose rows are single lines below a header: the loader
        then parses a large file in parts (head + whole lines) instead of reading it whole. None: not splittable."""
        return None


_REGISTRY: dict[str, Source] = {}
_BUILTIN_LOADED = False


def register(cls: type[Source]) -> type[Source]:
    """Class decorator: built-in and third-party formats register the same way.

    Refuses a source without kind, a write mode that does not exist, a write mode for a table that does not exist, and
    a source whose code builds frames for a table it declares no write mode for (which the loader could only guess).
    """
    if not cls.kind:
        raise ValueError(f"{cls.__name__} has no kind")
    for table, mode in cls.write_modes.items():
        if mode not in WRITE_MODES:
            raise ValueError(f"{cls.__name__}: unknown write mode {mode!r} for {table}")
        if table not in SCHEMAS:
            raise ValueError(f"{cls.__name__}: write mode for unknown table {table!r} (known: {', '.join(sorted(SCHEMAS))})")
    undeclared = sorted(tables_built(cls) - cls.write_modes.keys())
    if undeclared:
        raise ValueError(
            f"source {cls.__name__} ({cls.kind}) builds frames for table {undeclared[0]!r} but declares no write mode"
            f" for it: add it to write_modes ({', '.join(WRITE_MODES)})"
        )
    _REGISTRY[cls.kind] = cls()
    return cls


# `etl.frames` builders that name their table, and the table of those built for one
_TABLE_ARG_BUILDERS = frozenset({"rows_frame", "shape"})
_FIXED_BUILDERS = {"station_frame": "station", "observation_frame": "observation", "detail_frame": "observation_detail"}


def tables_built(cls: type[Source]) -> set[str]:
    """The tables a source's code can put into `Parsed.tables`, read from its source text (class, base classes and
    the module functions they call): tables named at `etl.frames` builders and keys of `tables` dicts.

    `observations(...)` builds `observation`, or `observation_detail` when given a `component`. A builder whose table is
    not a literal is refused: the check must see every table. A class whose text is not available (defined
    interactively) is not checked.
    """
    found: set[str] = set()
    for klass in cls.__mro__:
        if klass in (Source, ABC, object) or not issubclass(klass, Source):
            continue
        try:
            tree = ast.parse(inspect.getsource(sys.modules[klass.__module__]))
        except (OSError, TypeError, KeyError):
            continue
        functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
        todo: list[ast.AST] = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == klass.__name__]
        seen: set[str] = set()
        while todo:
            for node in ast.walk(todo.pop()):
                found |= _tables_at(node, klass)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    name = node.func.id
                    if name in functions and name not in seen:
                        seen.add(name)
                        todo.append(functions[name])
    return found


def _tables_at(node: ast.AST, klass: type) -> set[str]:
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in _FIXED_BUILDERS:
            return {_FIXED_BUILDERS[name]}
        if name == "observations":
            return {"observation_detail" if any(k.arg == "component" for k in node.keywords) else "observation"}
        if name in _TABLE_ARG_BUILDERS:
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                raise ValueError(f"{klass.__name__}: {name}() needs the table name as a literal (line {node.lineno})")
            return {first.value}
        if name == "Parsed":
            return {k for kw in node.keywords if kw.arg == "tables" for k in _dict_keys(kw.value)}
    if isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for t in targets:
            if isinstance(t, ast.Name) and "tables" in t.id and node.value is not None:
                return _dict_keys(node.value)
            if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and "tables" in t.value.id:
                key = t.slice
                return {key.value} if isinstance(key, ast.Constant) and isinstance(key.value, str) else set()
    return set()


def _dict_keys(node: ast.expr) -> set[str]:
    if not isinstance(node, ast.Dict):
        return set()
    return {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}


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
        if b"\x00" in head:  # no text export holds NUL bytes: say what the file is instead of "no known format"
            raise FileRejected("Binärdatei (enthält NUL-Bytes): kein Exportformat")
        raise FileRejected("kein bekanntes Exportformat erkannt")
    if len(hits) > 1:
        raise FileRejected("Format nicht eindeutig: " + ", ".join(sorted(s.kind for s in hits)) + " (mit --kind wählen)")
    return hits[0]


def _safe_detect(source: Source, head: bytes, name: str) -> bool:
    try:
        return bool(source.detect(head, name))
    except Exception:  # noqa: BLE001 - a detector that cannot read the head simply does not match
        return False
