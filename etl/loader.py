"""The one loader: writes a parsed file into the warehouse in one transaction, with provenance, idempotently."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from etl import aggregates, limits, parsing, registry
from etl.errors import FileRejected, UsageError
from etl.frames import DateWindow, outside_window
from etl.registry import LoadOptions, Parsed, Source
from etl.warehouse import TABLE_KEYS, table_columns

HEAD_BYTES = 65536


@dataclass(frozen=True)
class LoadResult:
    """Outcome of loading one file; `status` is `loaded`, `loaded_with_rejects` or `already_loaded`."""

    file: str
    kind: str
    status: str
    load_id: int | None
    rows_in: int
    rows_loaded: int
    rows_rejected: int
    first_rejected_line: int | None = None
    warnings: tuple[str, ...] = ()  # the parser's `Parsed.warnings` (printed as WARN), also in load_log.message
    notes: tuple[str, ...] = ()  # the parser's `Parsed.notes`, in load_log.message


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    kind: str | None = None,
    is_demo: bool = False,
    window: DateWindow | None = None,
    options: LoadOptions | None = None,
) -> LoadResult:
    """Load one file. Raises `FileRejected` (nothing changed) when the file as a whole cannot be loaded."""
    return write_prepared(con, prepare_file(con, path, kind=kind, options=options), is_demo=is_demo, window=window)


CHUNK_BYTES = 32 * 1024 * 1024  # larger files of line-oriented formats are parsed and written part by part
READ_BLOCK = 8 * 1024 * 1024


@dataclass(frozen=True)
class Member:
    """One file of a group parsed as one text (`prepare_run`): the file, and where its rows stand in that text."""

    path: Path
    digest: str
    name: str | None  # as `Prepared.name`
    first_line: int  # line of the group's text at which this file's rows begin (its own line `head_lines + 1`)
    head_lines: int  # lines of the head the files share

    @property
    def file_name(self) -> str:
        return limits.escape(self.name if self.name is not None else self.path.name)


@dataclass
class Prepared:
    """A file fingerprinted and parsed, not yet written (`parsed` is None when it was already loaded).

    For a large file of a line-oriented format, `parsed` is a generator of parts, parsed while being written.
    With `members`, several small files parsed as one text (`prepare_run`): `path` and `digest` are the first file's,
    `parsed` holds all their rows (`_line` counts lines of that text, `member_rows` the rows read of each file); they
    are written as a group (`write_batch`), each with its own load_id, or one by one when the group cannot be.
    """

    path: Path
    digest: str
    source: Source | None = None
    parsed: Parsed | Iterator[Parsed] | None = None
    name: str | None = None  # the name recorded in load_log and rejected_row (`etl sync`: the URL); default the file's
    members: tuple[Member, ...] = ()
    member_rows: tuple[int, ...] = ()
    kind: str | None = None  # as given to `etl load`: a group's files are prepared again one by one with it
    options: LoadOptions | None = None
    ahead: _Ahead | None = None  # `check_ahead`: what `write_batch` checks without the warehouse, done while parsing

    @property
    def file_name(self) -> str:
        """The name of the file as `load_log` and `rejected_row` record it (control characters escaped)."""
        return limits.escape(self.name if self.name is not None else self.path.name)

    @property
    def digests(self) -> list[str]:
        """The SHA-256 of each file this holds."""
        return [m.digest for m in self.members] if self.members else [self.digest]

    @property
    def file_count(self) -> int:
        return len(self.members) or 1


@dataclass(frozen=True)
class _Ahead:
    """A batchable file's frames checked (`_checked_frames` without deduplication) and, for a group, its rows combined
    and their keys checked (`_combine`, `_files_with_duplicates`), in the window they were checked for."""

    window: DateWindow
    frames: dict[str, pl.DataFrame]
    rejected: list[Rejection]
    combined: dict[str, pl.DataFrame] | None = None
    duplicates: set[int] | None = None


def check_ahead(prepared: Prepared, window: DateWindow) -> None:
    """Do the checks of `write_batch` that need no warehouse now (`etl load`: in the parse thread, while the writer
    writes the files before). A file whose checks fail is left as it is: `write_batch` finds and reports it."""
    if prepared.parsed is None or not batchable(prepared):
        return
    try:
        frames, rejected = _checked_frames(*_whole(prepared), dedupe=False, window=window)
        combined, duplicates = None, None
        if prepared.members:
            combined = _combine([(0, prepared, frames, rejected)])
            duplicates = _files_with_duplicates(combined) if combined is not None else None
    except (FileRejected, pl.exceptions.PolarsError):
        return
    prepared.ahead = _Ahead(window, frames, rejected, combined, duplicates)


@dataclass
class _Read:
    """A file read and fingerprinted: its first bytes, its content when small, its SHA-256."""

    path: Path
    head: bytes
    data: bytes | None  # None for a large file (hashed block by block, parsed in parts or read again whole)
    digest: str
    source: Source | None = None  # detected already (large files, group candidates)


def _read(path: Path, kind: str | None, limit: int) -> _Read:
    source: Source | None = None
    try:
        size = limits.regular_file_size(path)  # devices and FIFOs are never opened: reading them would not end
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
            if size <= limit:
                data = head + fh.read(limit + 1 - len(head))  # bounded: a file may grow while it is read
                if len(data) > limit:
                    raise FileRejected("Datei wächst beim Lesen: nicht geladen")
                digest = sha256_of(data)
            else:
                data = None
                # the size cap of the format before reading on (a 10 GB file of a format read whole is not hashed)
                source = registry.get(kind) if kind else registry.detect(path, head)
                limits.check_size(source, head, size)
                h, read = hashlib.sha256(head), len(head)
                while block := fh.read(READ_BLOCK):
                    h.update(block)
                    read += len(block)
                    if read > size:
                        raise FileRejected("Datei wächst beim Lesen: nicht geladen")
                digest = h.hexdigest()
    except OSError as e:
        raise FileRejected(f"Datei nicht lesbar: {e.strerror or e}") from None
    if not head.strip() and (data is None or not data.strip()):
        raise FileRejected("Datei ist leer")
    return _Read(path, head, data, digest, source)


def prepare_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    kind: str | None = None,
    chunk_bytes: int | None = None,
    options: LoadOptions | None = None,
    name: str | None = None,
) -> Prepared:
    """Everything before the transaction: read, SHA-256, skip if loaded, detect, parse. Touches nothing.

    Safe to run in another thread with its own cursor (`con.cursor()`) while the previous file is written:
    `etl load` overlaps parsing and writing this way. A file larger than `chunk_bytes` whose format can be split at
    line ends (`Source.body_start`) is never read as a whole: it is hashed block by block and parsed in parts.
    `name` replaces the file's name in `load_log` (formats are still detected by the file's own name).
    """
    path = Path(path)
    limit = CHUNK_BYTES if chunk_bytes is None else chunk_bytes
    read = _read(path, kind, limit)
    return _prepare_read(con, read, kind=kind, limit=limit, options=options, name=name)


def _prepare_read(
    con: duckdb.DuckDBPyConnection,
    read: _Read,
    *,
    kind: str | None,
    limit: int,
    options: LoadOptions | None,
    name: str | None,
    loaded: bool | None = None,
) -> Prepared:
    path, data = read.path, read.data
    prepared = Prepared(path, read.digest, name=name, kind=kind, options=options)
    if loaded if loaded is not None else _already_loaded(con, prepared.digest) is not None:
        return prepared
    if data is not None:
        limits.check_archive(data)  # zip bombs: member sizes and ratios from the zip's directory, before any parser
    prepared.source = read.source or (registry.get(kind) if kind else registry.detect(path, read.head))
    if data is None:
        start = prepared.source.body_start(read.head)
        if start is not None:
            prepared.parsed = iter_chunks(prepared.source, path, start, limit, options)
            return prepared
        data = path.read_bytes()  # a format that must be read whole (its size was checked above)
        limits.check_archive(data)
    prepared.parsed = parse_safely(prepared.source, data, path.name, options)
    return prepared


# Small files of a `groupable` format with the same head (Eco-Counter: one file per site and month, 100 KB each) are
# parsed as one text: a parser's fixed cost per call (a few ms of polars calls) was most of such a file's cost.
GROUP_FILES = 64
GROUP_BYTES = 8 * 1024 * 1024


def prepare_run(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    *,
    kind: str | None = None,
    options: LoadOptions | None = None,
    names: Mapping[Path, str] | None = None,
) -> list[Prepared | FileRejected]:
    """`prepare_file` for consecutive files, one outcome per file in order; consecutive small files of a `groupable`
    format whose heads are byte-identical are parsed as one text and share one `Prepared` (with `members`).

    A group is only formed where parsing together gives what parsing each file alone gives: every file ends with a
    line end, its rows are plain ASCII (the text is decoded as each file would be), no two files have the same
    content, and the parser neither rejects the text as a whole nor warns about it; each row read must come back
    loaded or rejected with its line, so that each file's rows are counted. Otherwise the files are parsed one by one.
    """
    names = names or {}
    reads: list[_Read | FileRejected] = []
    for path in map(Path, paths):
        try:
            reads.append(_read(path, kind, CHUNK_BYTES))
        except FileRejected as e:
            reads.append(e)
    loaded = _loaded_of(con, [r.digest for r in reads if isinstance(r, _Read)])  # one look-up for the run, not one a file
    keys = [_group_key(r, kind, loaded) if isinstance(r, _Read) else None for r in reads]
    out: list[Prepared | FileRejected] = []
    i = 0
    while i < len(reads):
        j, size, digests = i, 0, set()
        if keys[i] is not None:
            while (
                j < len(reads)
                and keys[j] == keys[i]
                and j - i < GROUP_FILES
                and size + len(reads[j].data or b"") <= GROUP_BYTES  # type: ignore[union-attr]
                and reads[j].digest not in digests  # type: ignore[union-attr]
            ):
                size += len(reads[j].data or b"")  # type: ignore[union-attr]
                digests.add(reads[j].digest)  # type: ignore[union-attr]
                j += 1
        if j - i >= 2:
            group = [r for r in reads[i:j] if isinstance(r, _Read)]
            out += _prepare_group(con, group, kind=kind, options=options, names=names)
            i = j
            continue
        r = reads[i]
        if isinstance(r, FileRejected):
            out.append(r)
        else:
            try:
                out.append(
                    _prepare_read(
                        con, r, kind=kind, limit=CHUNK_BYTES, options=options, name=names.get(r.path), loaded=r.digest in loaded
                    )
                )
            except FileRejected as e:
                out.append(e)
        i += 1
    return out


def _loaded_of(con: duckdb.DuckDBPyConnection, digests: list[str]) -> set[str]:
    """Of these contents, those loaded already."""
    rows = con.execute(
        "select distinct sha256 from load_log where sha256 in (select unnest(?)) and status <> 'rejected'", [digests]
    ).fetchall()
    return {str(r[0]) for r in rows}


def _group_key(read: _Read, kind: str | None, loaded: set[str]) -> tuple[str, bytes] | None:
    """(format, head) of a file that may be parsed together with others of the same key; None if it may not."""
    data = read.data
    if data is None or not data.endswith(b"\n") or data[:4] == b"PK\x03\x04":
        return None
    try:
        source = registry.get(kind) if kind else registry.detect(read.path, read.head)
    except FileRejected:
        return None  # reported when the file is prepared alone
    if not source.groupable:
        return None
    start = source.body_start(read.head)
    body = data[start:] if start is not None else b""
    # (quoted cells take the csv module's slower path: such a file alone, so that it does not slow the others down)
    if start is None or not body.isascii() or b'"' in body or read.digest in loaded:
        return None
    read.source = source
    return source.kind, data[:start]


def _prepare_group(
    con: duckdb.DuckDBPyConnection,
    reads: list[_Read],
    *,
    kind: str | None,
    options: LoadOptions | None,
    names: Mapping[Path, str],
) -> list[Prepared | FileRejected]:
    """The files parsed as one text (one `Prepared` for all of them), or each alone when that is not the same."""
    source = reads[0].source
    assert source is not None
    start = source.body_start(reads[0].head)
    assert start is not None and reads[0].data is not None
    head = reads[0].data[:start]
    head_lines = head.count(b"\n")
    starts, line = [], head_lines + 1
    for r in reads:
        starts.append(line)
        line += (r.data or b"").count(b"\n", start)
    members = tuple(Member(r.path, r.digest, names.get(r.path), s, head_lines) for r, s in zip(reads, starts, strict=True))
    try:
        with parsing.files_starting_at(starts):
            parsed = parse_safely(source, head + b"".join((r.data or b"")[start:] for r in reads), reads[0].path.name, options)
        rows = _rows_per_member(parsed, starts)
    except FileRejected:
        rows = None
    if rows is None or parsed.warnings or parsed.notes:
        return [prepare_member(con, m, kind=kind, options=options) for m in members]
    group = Prepared(
        reads[0].path, reads[0].digest, source, parsed, members=members, member_rows=rows, kind=kind, options=options
    )
    return [group] * len(members)


def _rows_per_member(parsed: Parsed, starts: list[int]) -> tuple[int, ...] | None:
    """The rows read of each file of a group: the lines that came back loaded or rejected. None when that does not add
    up to the rows the parser read (a row without its line: the files' counts would be guesses)."""
    if any(line is None for line, _, _ in parsed.rejected):
        return None
    lines = [f["_line"] for f in parsed.tables.values() if "_line" in f.columns]
    lines.append(pl.Series("_line", [line for line, _, _ in parsed.rejected], dtype=pl.Int64))
    unique = pl.concat([s.cast(pl.Int64) for s in lines]).unique()
    if unique.len() != parsed.rows_in:
        return None
    counts = (pl.Series(starts, dtype=pl.Int64).search_sorted(unique, side="right").cast(pl.Int64) - 1).value_counts()
    per = dict(zip(counts[counts.columns[0]].to_list(), counts["count"].to_list(), strict=True))
    return tuple(int(per.get(n, 0)) for n in range(len(starts)))


def prepare_member(
    con: duckdb.DuckDBPyConnection, member: Member, *, kind: str | None, options: LoadOptions | None
) -> Prepared | FileRejected:
    """One file of a group prepared alone, as `prepare_file` would."""
    try:
        return prepare_file(con, member.path, kind=kind, options=options, name=member.name)
    except FileRejected as e:
        return e


def iter_chunks(
    source: Source, path: Path, body_start: int, chunk_bytes: int, options: LoadOptions | None = None
) -> Iterator[Parsed]:
    """Parts of a large line-oriented file: the file's head (preamble and header) followed by whole data lines.

    Parts end at a line end, never between two lines whose first `source.same_part_prefix` characters are equal
    (Eco-Counter: date and hour, as the repeated autumn hour must stay in one part to keep both of its intervals).
    Line numbers in rows and rejections are those of the whole file.
    """
    with path.open("rb") as fh:
        head = fh.read(body_start)
        head_lines = head.count(b"\n")
        first_line = head_lines + 1  # 1-based file line of the current part's first data line
        rest = b""
        while True:
            block = fh.read(chunk_bytes)
            body = rest + block
            if not body:
                return
            if block:
                cut = _safe_cut(body, source.same_part_prefix)
                if cut is None:
                    if len(body) > limits.MAX_LINE_BYTES:  # an endless line: no export row is that long
                        raise FileRejected(
                            f"über {limits.MAX_LINE_BYTES // limits.MB} MB ohne Zeilenende: keine Exportzeile",
                            line=first_line,
                        )
                    rest = body  # no line end yet: read more
                    continue
                body, rest = body[:cut], body[cut:]
            else:
                rest = b""
            part = parse_safely(source, head + body, path.name, options)
            yield _shift_lines(part, first_line - (head_lines + 1))
            first_line += body.count(b"\n")
            if not block:
                return


def _safe_cut(body: bytes, prefix: int) -> int | None:
    """Offset just after the last line end of `body` at which the lines before and after differ in their first
    `prefix` bytes (any line end when `prefix` is 0); None when there is none."""
    end = body.rfind(b"\n")
    while end >= 0:
        if prefix == 0 or end + 1 >= len(body):
            return end + 1
        prev_start = body.rfind(b"\n", 0, end) + 1
        if body[prev_start : prev_start + prefix] != body[end + 1 : end + 1 + prefix]:
            return end + 1
        end = prev_start - 1
    return None


def _shift_lines(parsed: Parsed, offset: int) -> Parsed:
    if offset == 0:
        return parsed
    tables = {t: f.with_columns(pl.col("_line") + offset) if "_line" in f.columns else f for t, f in parsed.tables.items()}
    rejected = [(ln + offset if ln is not None else None, reason, raw) for ln, reason, raw in parsed.rejected]
    return Parsed(tables=tables, rejected=rejected, rows_in=parsed.rows_in, warnings=parsed.warnings, notes=parsed.notes)


def write_prepared(
    con: duckdb.DuckDBPyConnection, prepared: Prepared, *, is_demo: bool = False, window: DateWindow | None = None
) -> LoadResult:
    """Write a prepared file in one transaction, unless a file with the same content was loaded meanwhile.

    Rows dated outside `window` (default: `DateWindow.at()` now) are rejected with their line and reason."""
    done = _already_loaded(con, prepared.digest)
    if done is not None:
        return LoadResult(prepared.file_name, done[1], "already_loaded", done[0], 0, 0, 0)
    assert prepared.source is not None and prepared.parsed is not None
    pending = _Pending(prepared.file_name, prepared.digest, prepared.source)
    return write_files(con, [pending], _parts_of(pending, prepared.parsed, window or DateWindow.at()), is_demo=is_demo)[0]


# Files of the station/observation formats are written several to a transaction (`write_batch`): the per-statement,
# aggregate and commit costs are then paid once per batch instead of once per file (most of a 1 MB counter file's cost).
BATCH_TABLES = frozenset({"station", "observation", "observation_detail"})
BATCH_ROWS = 1_500_000  # rows of all tables of the files in one batch: bounds the memory a batch holds
BATCH_FILES = 32


def batchable(prepared: Prepared) -> bool:
    """True when a prepared file may share a transaction with others: parsed as a whole (not in parts), writing only
    station and observation tables, all merged by key."""
    parsed, source = prepared.parsed, prepared.source
    return (
        isinstance(parsed, Parsed)
        and source is not None
        and set(parsed.tables) <= BATCH_TABLES
        and all(source.write_modes.get(t) == "merge" for t in parsed.tables)  # an undeclared table: checked alone
    )


def parsed_rows(prepared: Prepared) -> int:
    return sum(f.height for f in prepared.parsed.tables.values()) if isinstance(prepared.parsed, Parsed) else 0


def write_batch(
    con: duckdb.DuckDBPyConnection, batch: list[Prepared], *, is_demo: bool = False, window: DateWindow | None = None
) -> list[LoadResult | FileRejected]:
    """Write several `batchable` files in one transaction, each still with its own load_id, load_log row and rejected
    rows; the result of each file in the order given (a `FileRejected` for a file that could not be written). A group
    (`Prepared.members`) gives one result per file.

    Same outcome as writing them one by one with `write_prepared`: when a natural key occurs in two files (the later
    one would replace that row of the earlier one), when a file was already loaded meanwhile, or when writing the
    batch fails, the files are written one by one instead, so that a failure names the file that caused it (a group's
    files are then prepared again each alone).
    """
    window = window or DateWindow.at()
    try:
        return _write_batch(con, batch, is_demo=is_demo, window=window)
    except _Dissolve:
        pass
    results: list[LoadResult | FileRejected] = []
    singles: list[Prepared] = []
    slots: list[int] = []  # position in `results` of each of `singles`
    for prep in batch:
        for one in [prepare_member(con, m, kind=prep.kind, options=prep.options) for m in prep.members] or [prep]:
            if isinstance(one, FileRejected):
                results.append(one)
            else:
                slots.append(len(results))
                results.append(one)  # type: ignore[arg-type] # replaced below
                singles.append(one)
    # already-loaded files (a group's file loaded meanwhile) have nothing parsed: written one by one, reported as such
    for slot, res in zip(slots, _write_singles(con, singles, is_demo=is_demo, window=window), strict=True):
        results[slot] = res
    return results


def _write_singles(
    con: duckdb.DuckDBPyConnection, singles: list[Prepared], *, is_demo: bool, window: DateWindow
) -> list[LoadResult | FileRejected]:
    parsed = [p for p in singles if p.parsed is not None]
    batched = iter(_write_batch(con, parsed, is_demo=is_demo, window=window)) if parsed else iter(())
    out: list[LoadResult | FileRejected] = []
    for p in singles:
        if p.parsed is not None:
            out.append(next(batched))
        else:
            try:
                out.append(write_prepared(con, p, is_demo=is_demo, window=window))
            except FileRejected as e:
                out.append(e)
    return out


class _Dissolve(Exception):
    """A group cannot be written as one: its files are prepared again and written each alone (nothing written yet)."""


def _write_batch(
    con: duckdb.DuckDBPyConnection, batch: list[Prepared], *, is_demo: bool, window: DateWindow
) -> list[LoadResult | FileRejected]:
    grouped = any(p.members for p in batch)
    results: list[list[LoadResult | FileRejected] | None] = [None] * len(batch)
    checked: list[_Checked] = []
    for i, prep in enumerate(batch):
        try:
            # keys are checked below over the whole batch at once; a file only is deduplicated when that finds any
            if prep.ahead is not None and prep.ahead.window == window:
                frames, rejected = prep.ahead.frames, prep.ahead.rejected
            else:
                frames, rejected = _checked_frames(*_whole(prep), dedupe=False, window=window)
        except FileRejected as e:
            if prep.members:
                raise _Dissolve from None
            results[i] = [e]
            continue
        checked.append((i, prep, frames, rejected))
    digests = [d for c in checked for d in c[1].digests]
    if len(digests) > 1 and len(set(digests)) == len(digests):
        combined: dict[str, pl.DataFrame] | None
        ahead = checked[0][1].ahead if len(checked) == 1 else None
        if ahead is not None and ahead.combined is not None and ahead.window == window:
            combined, dups = ahead.combined, ahead.duplicates  # a group alone in its batch: checked while parsing
        else:
            combined = _combine(checked)
            try:
                dups = _files_with_duplicates(combined) if combined is not None else None
            except pl.exceptions.PolarsError:  # keys polars cannot hash or compare: written one by one
                dups = None
        if dups is None:
            combined = None  # a key in two files: one by one
        elif dups:  # duplicates inside a file are deduplicated or rejected with their reason, as when it is alone
            if grouped:
                raise _Dissolve
            checked = [
                (i, prep, *_checked_frames(*_whole(prep), window=window)) if n in dups else (i, prep, frames, rejected)
                for n, (i, prep, frames, rejected) in enumerate(checked)
            ]
            combined = _combine(checked)
        if combined is not None and not _any_loaded(con, digests):
            # (a file loaded meanwhile is written one by one below: write_prepared reports it as already loaded)
            group = [pending for c in checked for pending in _pendings(c)]
            try:
                written = write_files(con, group, [(combined, dict.fromkeys(combined, "merge"))], is_demo=is_demo)
            except FileRejected:
                pass  # nothing of the group was written: one by one, so that a failure names the file that caused it
            else:
                it = iter(written)
                for i, prep, _, _ in checked:
                    results[i] = [next(it) for _ in range(prep.file_count)]
                return [r for rs in results if rs is not None for r in rs]
    if grouped:
        raise _Dissolve
    for i, prep, _, _ in checked:
        try:
            results[i] = [write_prepared(con, prep, is_demo=is_demo, window=window)]
        except FileRejected as e:
            results[i] = [e]
    return [r for rs in results if rs is not None for r in rs]  # every position is filled by now


Rejection = tuple[int | None, str, str]  # a rejected row: (file line, reason, raw text)
_Checked = tuple[int, Prepared, dict[str, pl.DataFrame], list[Rejection]]  # position, file, checked frames, rejections


def _pendings(checked: _Checked) -> list[_Pending]:
    """The files of a checked batch entry as `write_files` takes them: a group's rejections go to their own file, with
    that file's own line numbers."""
    _, prep, _, rejected = checked
    source, parsed = _whole(prep)
    if not prep.members:
        return [
            _Pending(prep.file_name, prep.digest, source, parsed.rows_in, rejected, list(parsed.warnings), list(parsed.notes))
        ]
    starts = [m.first_line for m in prep.members]
    files = [_Pending(m.file_name, m.digest, source, rows) for m, rows in zip(prep.members, prep.member_rows, strict=True)]
    for line, reason, raw in rejected:
        assert line is not None  # a group is only formed when every rejection has its line (`_rows_per_member`)
        m = bisect.bisect_right(starts, line) - 1
        files[m].rejected.append((line - starts[m] + prep.members[m].head_lines + 1, reason, raw))
    return files


def _whole(prepared: Prepared) -> tuple[Source, Parsed]:
    """Source and frames of a file parsed as a whole (a `batchable` one)."""
    assert prepared.source is not None and isinstance(prepared.parsed, Parsed), prepared.path
    return prepared.source, prepared.parsed


def _combine(checked: list[_Checked]) -> dict[str, pl.DataFrame] | None:
    """Per table the rows of all files, each with its file's position in the batch (`_file`; a group's rows the
    position of their own file); stations reduced to one row each with the last known value of each column, as merging
    them file by file gives. None if they don't fit."""
    by_table: dict[str, list[pl.DataFrame]] = {}
    base = 0
    for _, prep, frames, _ in checked:
        starts = pl.Series([m.first_line for m in prep.members], dtype=pl.Int64)
        for table, frame in frames.items():
            # without `_line` (a group's station row, read from the head all its files share): its last file's, as
            # each file of the group would have merged it in turn
            position: pl.Series | pl.Expr = pl.lit(base + prep.file_count - 1, dtype=pl.Int64).alias("_file")
            if prep.members and "_line" in frame.columns:
                position = (starts.search_sorted(frame["_line"], side="right").cast(pl.Int64) - 1 + base).alias("_file")
            frame = frame.drop([c for c in frame.columns if c.startswith("_")]).with_columns(position)
            by_table.setdefault(table, []).append(frame)
        base += prep.file_count
    try:
        # without rechunking the combined frames share the files' column buffers: no second copy of the batch in memory
        combined = {t: pl.concat(fs, how="diagonal_relaxed", rechunk=False) for t, fs in by_table.items()}
        if "station" in combined:
            combined["station"] = (
                combined["station"].group_by("station_id", maintain_order=True).agg(pl.all().drop_nulls().last())
            )
    except pl.exceptions.PolarsError:  # e.g. one column with different types in two files: written one by one
        return None
    return combined


def _files_with_duplicates(combined: dict[str, pl.DataFrame]) -> set[int] | None:
    """The batch positions of the files in which a natural key occurs more than once (empty: every key is unique);
    None when a key occurs in two files (stations excepted: they are merged)."""
    files: set[int] = set()
    for table, frame in combined.items():
        if table == "station" or not frame.height:
            continue
        key = list(TABLE_KEYS[table])
        # a 64-bit hash per row finds the candidates with little memory (the keys themselves take ~100 bytes a row);
        # the exact comparison only runs over those
        hashed = frame.select(pl.struct(key).hash().is_duplicated().alias("d"))["d"]
        if not hashed.any():
            continue
        candidates = frame.filter(hashed)
        dup = candidates.filter(pl.struct(key).is_duplicated())
        if dup.is_empty():
            continue
        if dup.group_by(key).agg(pl.col("_file").n_unique().alias("n")).select((pl.col("n") > 1).any()).item():
            return None
        files |= set(dup["_file"].unique().to_list())
    return files


def _already_loaded(con: duckdb.DuckDBPyConnection, digest: str) -> tuple[int, str] | None:
    row = con.execute(
        "select load_id, kind from load_log where sha256 = ? and status <> 'rejected' order by load_id limit 1", [digest]
    ).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def _any_loaded(con: duckdb.DuckDBPyConnection, digests: list[str]) -> bool:
    """True when a file of one of these contents was loaded (e.g. meanwhile, by an earlier file of the same run)."""
    return bool(_one(con, "select count(*) from load_log where sha256 in (select unnest(?)) and status <> 'rejected'", [digests]))


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> Any:
    """The single value a query returns."""
    row = con.execute(sql, params or []).fetchone()
    assert row is not None, sql
    return row[0]


def parse_safely(source: Source, data: bytes, name: str, options: LoadOptions | None = None) -> Parsed:
    """Run a parser; anything it did not anticipate becomes a clear file rejection instead of a traceback."""
    try:
        return source.parse_with(data, name, options or LoadOptions())
    except (FileRejected, UsageError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # noqa: BLE001 - incl. polars' Rust panics; a user-facing rejection in exactly this place
        raise FileRejected(f"{source.label or source.kind}: Struktur nicht verstanden ({type(e).__name__}: {e})") from None


def _dedupe(table: str, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[int | None, str, str]]]:
    """One row per natural key within a file: equal duplicates collapse, a conflicting later value is rejected."""
    key = list(TABLE_KEYS[table])
    if frame.is_empty():
        return frame, []
    if _key_unique(frame, key):
        return frame, []  # the common case (a counter file lists each interval once): no sort, no copy
    if "value" not in frame.columns:
        return frame.unique(subset=key, keep="last", maintain_order=True), []
    order = [pl.col("value").is_null()] + ([pl.col("_line")] if "_line" in frame.columns else [])
    f = frame.with_row_index("_ord").sort(order, maintain_order=True)
    first = f.select(pl.struct(key).is_first_distinct()).to_series()
    kept = f.filter(first)
    dropped = f.filter(~first)
    rejects: list[tuple[int | None, str, str]] = []
    if not dropped.is_empty():
        joined = dropped.join(kept.select(key + ["value"] + (["_line"] if "_line" in f.columns else [])), on=key, suffix="_kept")
        conflict = joined.filter(pl.col("value").is_not_null() & (pl.col("value") != pl.col("value_kept")))
        for row in conflict.iter_rows(named=True):
            where = f" (gilt: Zeile {row['_line_kept']})" if "_line_kept" in row else ""
            rejects.append(
                (
                    row.get("_line"),
                    f"doppelter Eintrag {row['metric'] if 'metric' in row else ''} {row.get('ts', '')} mit abweichendem Wert {row['value']}{where}",
                    row.get("_raw") or "",
                )
            )
    return kept.sort("_ord").drop("_ord"), rejects


def _key_unique(frame: pl.DataFrame, key: list[str]) -> bool:
    """True when no two rows share the natural key; cheap when all key columns but one are constant (one station,
    one metric: only the time stamps need to be distinct)."""
    varying = [k for k in key if frame[k].n_unique() > 1]
    if not varying:
        return frame.height == 1
    if len(varying) == 1:
        return bool(frame[varying[0]].is_unique().all())
    return bool(frame.select(pl.struct(varying).n_unique()).item() == frame.height)


@dataclass
class _Pending:
    """One file of a write: its name, fingerprint and source, and what its parts brought so far (rows read, rejected
    rows); filled while the parts are written."""

    file_name: str
    digest: str
    source: Source
    rows_read: int = 0
    rejected: list[tuple[int | None, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def message(self) -> str | None:
        """`load_log.message`: the warnings, then the notes, each once; None when there are none."""
        return "; ".join(dict.fromkeys(self.warnings + self.notes)) or None


# What one step of a write puts into the warehouse: frames per table and their write modes. A frame with a `_file`
# column holds the rows of several files of the group (`_file` = the file's position); otherwise all its rows are of
# the group's only file.
Part = tuple[dict[str, pl.DataFrame], Mapping[str, str]]


def _parts_of(pending: _Pending, parsed: Parsed | Iterable[Parsed], window: DateWindow) -> Iterator[Part]:
    """The checked frames of one file, part by part (a large file's parts are parsed while the earlier are written)."""
    for part in [parsed] if isinstance(parsed, Parsed) else parsed:
        frames, rejected = _checked_frames(pending.source, part, window=window)
        pending.rejected += rejected
        pending.rows_read += part.rows_in
        pending.warnings += [w for w in part.warnings if w not in pending.warnings]  # a large file's parts repeat them
        pending.notes += [n for n in part.notes if n not in pending.notes]
        yield frames, pending.source.write_modes


def write_files(
    con: duckdb.DuckDBPyConnection, files: list[_Pending], parts: Iterable[Part], *, is_demo: bool = False
) -> list[LoadResult]:
    """Write one file, or a group of files, in one transaction: the frames of `parts`, then each file's rejected rows
    and its own load_log row with its own load_id (in the order given, from max(load_id) + 1).

    The parts may be those of a large file (see `iter_chunks`): each is written as it arrives, so the file is never in
    memory as a whole, and the whole file still commits or rolls back as one. Raises `FileRejected` when anything
    fails; nothing is written then.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        first_id: int = _one(con, "select coalesce(max(load_id), 0) + 1 from load_log")
        for frames, modes in parts:
            written: dict[str, pl.DataFrame] = {}
            for table in sorted(frames, key=lambda t: t != "station"):  # stations first, as in every source's frames
                frame = frames[table]
                if "_file" in frame.columns:  # rows of several files: each row gets its own file's load_id
                    frame = frame.with_columns((pl.col("_file") + first_id).alias("load_id")).drop("_file")
                if modes[table] == "frozen":
                    assert len(files) == 1, "a frozen table is written file by file (never batched)"
                    frame, refused = _unfrozen(con, table, frame)
                    files[0].rejected += refused
                _write_table(con, table, frame, first_id, modes[table], is_demo=is_demo)
                written[table] = frame
            aggregates.refresh(con, written, modes)  # hour/day/month cells this part touched, same transaction
        rejected_rows: list[tuple[int, str, tuple[int | None, str, str]]] = []
        log_rows: list[tuple[object, ...]] = []
        results: list[LoadResult] = []
        for n, f in enumerate(files):
            load_id = first_id + n
            counts = _reject_counts(f.rejected, f.rows_read)
            status = "loaded_with_rejects" if f.rejected else "loaded"
            rejected_rows += [(load_id, f.file_name, r) for r in f.rejected]
            log_rows.append((load_id, f.file_name, f.digest, f.source.kind, *counts[:3], status, f.message()))
            results.append(
                LoadResult(
                    f.file_name,
                    f.source.kind,
                    status,
                    load_id,
                    *counts,
                    warnings=tuple(dict.fromkeys(f.warnings)),
                    notes=tuple(dict.fromkeys(f.notes)),
                )
            )
        _insert_rejected(con, rejected_rows)
        _insert_load_log(con, log_rows, is_demo=is_demo)
        con.execute("COMMIT")
    except FileRejected:
        con.execute("ROLLBACK")
        raise
    except (duckdb.Error, pl.exceptions.PolarsError, ValueError, TypeError, OSError) as e:
        con.execute("ROLLBACK")
        raise FileRejected(f"Schreiben in das Warehouse fehlgeschlagen ({type(e).__name__}: {e})") from None
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return results


def _unfrozen(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Rejection]]:
    """Of a frozen table's rows, those not stored yet; a row whose key is stored with other content is rejected (with its
    line), a row stored with the same content is left out (loading the file again changes nothing)."""
    key = list(TABLE_KEYS[table])
    stored = con.sql(f'select {", ".join(key)}, content_hash from "{table}"').pl()  # our own table and key names
    if stored.is_empty() or frame.is_empty():
        return frame, []
    stored = stored.rename({"content_hash": "_stored_hash"}).with_columns([pl.col(k).cast(frame.schema[k]) for k in key])
    joined = frame.join(stored, on=key, how="left")
    changed = joined.filter(pl.col("_stored_hash").is_not_null() & (pl.col("_stored_hash") != pl.col("content_hash")))
    refused: list[Rejection] = [
        (
            row.get("_line"),
            f"{table}: {', '.join(f'{k} {row[k]}' for k in key)} ist veröffentlicht und eingefroren; eine Änderung wird"
            " als neue Version mit Änderungsgrund eingetragen",
            " | ".join(str(row[k]) for k in key),
        )
        for row in changed.iter_rows(named=True)
    ]
    return joined.filter(pl.col("_stored_hash").is_null()).drop("_stored_hash"), refused


def _reject_counts(rejected: list[tuple[int | None, str, str]], rows_read: int) -> tuple[int, int, int, int | None]:
    """(rows_in, rows_loaded, rows_rejected, first rejected line) of one file.

    A file row counts once however many rules it broke; spreadsheets repeat row numbers across sheets, so the row's
    raw text is part of its identity.
    """
    lines = {r[0] for r in rejected if r[0] is not None}
    rows_rejected = len({(r[0], r[2]) for r in rejected if r[0] is not None}) + sum(1 for r in rejected if r[0] is None)
    rows_in = max(rows_read, rows_rejected)
    return rows_in, rows_in - rows_rejected, rows_rejected, (min(lines) if lines else None)


# A rejected row is kept to show what was wrong, not to store the file again: a 40 MB single-line CSV was stored whole
# and the data quality page then sent 126 MB on every visit. The whole length stays in `raw_length`.
RAW_CHARS = 2000
REASON_CHARS = 500  # reasons may quote a cell


def _insert_rejected(con: duckdb.DuckDBPyConnection, rows: list[tuple[int, str, tuple[int | None, str, str]]]) -> None:
    """`rejected_row` rows: (load_id, file name, (line, reason, raw)); raw text cut to `RAW_CHARS` characters."""
    if not rows:
        return
    rej = pl.DataFrame(
        {
            "load_id": [r[0] for r in rows],
            "file_name": [r[1] for r in rows],
            "line": [r[2][0] for r in rows],
            "reason": [_cut(r[2][1], REASON_CHARS) for r in rows],
            "raw": [r[2][2][:RAW_CHARS] if r[2][2] is not None else None for r in rows],
            "raw_length": [len(r[2][2]) if r[2][2] is not None else None for r in rows],
        },
        schema={
            "load_id": pl.Int64,
            "file_name": pl.Utf8,
            "line": pl.Int64,
            "reason": pl.Utf8,
            "raw": pl.Utf8,
            "raw_length": pl.Int64,
        },
    )
    con.register("_rejected", rej)
    try:
        con.execute("insert into rejected_row (load_id, file_name, line, reason, raw, raw_length) select * from _rejected")
    finally:
        con.unregister("_rejected")


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _insert_load_log(con: duckdb.DuckDBPyConnection, rows: list[tuple[object, ...]], *, is_demo: bool) -> None:
    """`load_log` rows: (load_id, file name, sha256, kind, rows_in, rows_loaded, rows_rejected, status, message)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    cols = ("load_id", "file_name", "sha256", "kind", "rows_in", "rows_loaded", "rows_rejected", "status", "message")
    types = (pl.Int64, pl.Utf8, pl.Utf8, pl.Utf8, pl.Int64, pl.Int64, pl.Int64, pl.Utf8, pl.Utf8)
    # one insert of a frame: `executemany` ran one statement per file (~10 ms each in a batch of a hundred files)
    frame = pl.DataFrame(rows, schema=dict(zip(cols, types, strict=True)), orient="row").with_columns(
        pl.lit(is_demo).alias("is_demo"), pl.lit(now, dtype=pl.Datetime("us")).alias("loaded_at")
    )
    con.register("_load_log_rows", frame)
    try:
        names = ", ".join(frame.columns)
        con.execute(f"insert into load_log ({names}) select {names} from _load_log_rows")
    finally:
        con.unregister("_load_log_rows")


def time_bounds(frame: pl.DataFrame, table: str = "") -> tuple[str, list[object]]:
    """A filter with the frame's stations and time span as constants, for statements on the time-keyed tables.

    The observation tables grow by whole files, so their row groups each hold few stations and a short span: with
    constant bounds DuckDB skips every other row group by its min/max statistics instead of joining the file's rows
    against all rows of the warehouse (which made each load slower the larger the warehouse got).
    """
    if "ts" not in frame.columns or "station_id" not in frame.columns:
        return "", []
    try:
        lo, hi = frame.select(pl.col("ts").min().alias("lo"), pl.col("ts").max().alias("hi")).row(0)
    except (ValueError, OverflowError):  # a year outside Python's range: correct without bounds, only slower
        return "", []
    ids = frame["station_id"].unique().to_list()
    if lo is None or hi is None or None in ids:
        return "", []
    prefix = f'"{table}".' if table else ""
    marks = ", ".join("?" for _ in ids)
    return f" and {prefix}station_id in ({marks}) and {prefix}ts between ? and ?", [*ids, lo, hi]


def _stored_within(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> bool:
    """True when `table` holds a row of one of the frame's stations within that station's time span in the frame
    (a cheap look at the row groups' min/max statistics instead of a join)."""
    spans = frame.group_by("station_id").agg(pl.col("ts").min().alias("lo"), pl.col("ts").max().alias("hi")).rows()
    query = f'select exists (select 1 from "{table}" where station_id = ? and ts between ? and ?)'
    return any(bool(_one(con, query, list(span))) for span in spans)


def _checked_frames(
    source: Source, parsed: Parsed, *, dedupe: bool = True, window: DateWindow
) -> tuple[dict[str, pl.DataFrame], list[tuple[int | None, str, str]]]:
    """The parser's frames checked against the warehouse contract, without rows dated outside the plausible `window`
    (rejected with line and reason, for every source in this one place), and deduplicated by natural key."""
    frames: dict[str, pl.DataFrame] = {}
    rejected = list(parsed.rejected)
    dated_out: set[int] = set()  # lines of observations rejected for their date: their detail rows go with them
    # observations before their detail rows, so that a detail row follows its observation's rejection
    for table, frame in sorted(parsed.tables.items(), key=lambda item: item[0] == "observation_detail"):
        if table not in TABLE_KEYS:
            raise FileRejected(f"{source.kind}: unbekannte Zieltabelle {table!r}")
        mode = source.write_modes.get(table)
        if mode is None:  # never a silent default: the registry refuses such a source, a parser may still slip
            raise FileRejected(f"{source.kind}: keine Schreibart für {table} deklariert (write_modes)")
        missing = [k for k in TABLE_KEYS[table] if k not in frame.columns]
        if missing:
            raise FileRejected(f"{source.kind}: Schlüsselspalten fehlen für {table}: {missing}")
        if table == "observation_detail" and dated_out and "_line" in frame.columns:
            frame = frame.filter(~pl.col("_line").is_in(sorted(dated_out)))
        frame, outside = outside_window(table, frame, window)
        if table == "observation":
            dated_out |= {ln for ln, _, _ in outside if ln is not None}
        rejected += outside
        if mode == "merge" and dedupe:
            frame, conflicts = _dedupe(table, frame)
            rejected += conflicts
        frames[table] = frame
    return frames, rejected


def _write_table(
    con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, load_id: int, mode: str, *, is_demo: bool
) -> None:
    cols = table_columns(con, table)
    frame = frame.drop([c for c in frame.columns if c.startswith("_")])
    unknown = [c for c in frame.columns if c not in cols]
    if unknown:
        raise FileRejected(f"unbekannte Spalten für {table}: {unknown}")
    if "load_id" in cols and "load_id" not in frame.columns:  # a batch of files brings each row's own load_id
        frame = frame.with_columns(pl.lit(load_id, dtype=pl.Int64).alias("load_id"))
    if "is_demo" in cols and is_demo:
        frame = frame.with_columns(pl.lit(True).alias("is_demo"))
    names = ", ".join(f'"{c}"' for c in frame.columns)  # identifiers from the warehouse catalog
    view = f"_new_{table}"
    con.register(view, frame)
    try:
        if mode == "replace":
            con.execute(f'delete from "{table}"')
        elif table == "station":
            # station lists and count files describe the same station: fill gaps, never erase known metadata
            sets = ", ".join(f'"{c}" = coalesce(n."{c}", station."{c}")' for c in frame.columns if c not in ("station_id",))
            con.execute(f"update station set {sets} from {view} n where station.station_id = n.station_id")
            con.execute(
                f"insert into station ({names}) select {names} from {view} n"
                " where not exists (select 1 from station s where s.station_id = n.station_id)"
            )
            return
        else:
            key = TABLE_KEYS[table]
            cond = " and ".join(f'"{table}"."{k}" is not distinct from n."{k}"' for k in key)
            where, params = time_bounds(frame, table) if frame.height else ("", [])
            # new periods (the common case): no stored row within any station's span, and the delete's join is not built
            if not where or _stored_within(con, table, frame):
                con.execute(f'delete from "{table}" using {view} n where {cond}{where}', params)
        if frame.height:
            con.execute(f'insert into "{table}" ({names}) select {names} from {view}')
    finally:
        con.unregister(view)
