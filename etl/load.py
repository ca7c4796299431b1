"""The load API: load export files into the build database, each atomically, parsing ahead and batching for speed."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from etl import registry
from etl.errors import FileRejected
from etl.frames import DateWindow
from etl.limits import escape
from etl.loader import (
    BATCH_FILES,
    BATCH_ROWS,
    CHUNK_BYTES,
    GROUP_BYTES,
    GROUP_FILES,
    LoadResult,
    Prepared,
    batchable,
    check_ahead,
    parsed_rows,
    prepare_run,
    write_batch,
    write_prepared,
)
from etl.lock import warehouse_lock
from etl.registry import LoadOptions
from etl.warehouse import connect

PREFETCH_BYTES = 16 * 1024 * 1024  # file bytes parsed ahead of the one being written; bounds memory

Outcome = LoadResult | FileRejected  # what became of one file: loaded (or already loaded), or rejected as a whole
OnOutcome = Callable[[int, Path, Outcome], None]  # (position in the run, file, outcome), called in file order
OnProgress = Callable[[int, Path], None]  # (position in the run, file), called when a file's turn comes


@dataclass
class LoadRun:
    """The outcome of each file of one `load_files` call, in file order."""

    files: list[Path]
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def rejected(self) -> list[tuple[Path, FileRejected]]:
        """The files rejected as a whole, with the reason."""
        return [(p, o) for p, o in zip(self.files, self.outcomes, strict=True) if isinstance(o, FileRejected)]

    @property
    def ok(self) -> bool:
        """True when every file loaded (or was loaded before)."""
        return not self.rejected


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """The files to load: each path given, a folder replaced by the exports inside it (sorted, recursively)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            # a folder of exports: documentation files beside them (README.md, SOURCE.md) are not exports
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith(".") and q.suffix != ".md"))
        else:
            out.append(p)
    return out


def rejection_line(path: Path, rejected: FileRejected) -> str:
    """The line that reports a file rejected as a whole: `ERROR <file>[:<line>]: <reason>`, on one line whatever the
    file's name or the reason hold (control characters escaped: a newline in a name would write a fake line)."""
    where = f"{escape(str(path))}:{rejected.line}" if rejected.line else escape(str(path))
    return f"ERROR {where}: {escape(rejected.message)}"


def load_files(
    paths: Sequence[Path],
    *,
    db: Path,
    kind: str | None = None,
    is_demo: bool = False,
    on_outcome: OnOutcome | None = None,
    on_progress: OnProgress | None = None,
    wait: float = 0.0,
    command: str = "etl load",
    window: DateWindow | None = None,
    options: LoadOptions | None = None,
    names: Mapping[Path, str] | None = None,
) -> LoadRun:
    """Load files (folders: the files inside) into the build database `db`, each atomically with its own load_log row.

    A rejected file changes nothing and the others still load. An unknown `kind` raises `UsageError` before anything
    is opened. `on_outcome` hears of every file in file order, although batched files are written later.

    The run holds the warehouse's lock (`etl.lock`); when another process holds it, `WarehouseBusy` is raised after
    `wait` seconds, before anything is read. `command` names this run to whoever waits for it.

    Rows dated outside `window` (default: from 01.01.2000 to two days after the start of the run) are rejected.
    `options` carry what some files do not (`--wave`, `--sensor-location`); the formats that need them read them.

    `names` gives a file (as passed) another name in `load_log` and `rejected_row`: `etl sync` records the URL a
    payload came from instead of its temporary file's name.
    """
    if kind:
        registry.get(kind)  # unknown kind is a usage error before anything is opened
    files = expand_paths(paths)
    with warehouse_lock(db, command, wait=wait):
        return _load_locked(
            files,
            db=db,
            kind=kind,
            is_demo=is_demo,
            on_outcome=on_outcome,
            on_progress=on_progress,
            window=window or DateWindow.at(),
            options=options or LoadOptions(),
            names=names or {},
        )


def _load_locked(
    files: list[Path],
    *,
    db: Path,
    kind: str | None,
    is_demo: bool,
    on_outcome: OnOutcome | None,
    on_progress: OnProgress | None,
    window: DateWindow,
    options: LoadOptions,
    names: Mapping[Path, str],
) -> LoadRun:
    run = LoadRun(files)
    waiting: dict[int, Outcome] = {}

    def outcome(i: int, res: Outcome) -> None:
        waiting[i] = res
        while len(run.outcomes) in waiting:
            n = len(run.outcomes)
            run.outcomes.append(waiting.pop(n))
            if on_outcome is not None:
                on_outcome(n, files[n], run.outcomes[n])

    con = connect(db)
    if len(files) > 1:
        # a checkpoint every 128 MB of log instead of every 16 MB: each file still commits (and survives a crash
        # through the write-ahead log), the database file is rewritten less often; larger thresholds kept up to that
        # much written data in memory (512 MB: 1.1 GiB peak RSS for 2 040 monthly counter files, 128 MB: 0.75 GiB)
        con.execute("set checkpoint_threshold = '128MB'")
    # the next files are read and parsed in a second thread (own cursor) while earlier ones are written: parsing
    # (polars) and writing (DuckDB) both release the GIL, so on two cores the run takes about the longer of the two.
    # The thread runs up to PREFETCH_BYTES of files ahead (a batch is written at once: one file ahead would leave it
    # idle meanwhile).
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="etl-parse")
    reader = con.cursor()
    batch: list[tuple[list[int], Prepared]] = []  # parsed counter/sensor files waiting to be written in one transaction

    def flush() -> None:
        if batch:
            positions = [i for ps, _ in batch for i in ps]
            written = write_batch(con, [p for _, p in batch], is_demo=is_demo, window=window)
            for i, res in zip(positions, written, strict=True):
                outcome(i, res)
            batch.clear()

    def prepare(start: int, end: int) -> list[Prepared | FileRejected]:
        out = prepare_run(reader, files[start:end], kind=kind, options=options, names=names)
        for prepared in {id(p): p for p in out if isinstance(p, Prepared)}.values():
            check_ahead(prepared, window)
        return out

    try:
        runs = _runs(files)
        ahead: deque[tuple[Future[list[Prepared | FileRejected]], int, int, int]] = deque()  # (future, start, end, bytes)
        submitted = 0
        for _ in runs:
            while submitted < len(runs) and (not ahead or sum(size for *_, size in ahead) < PREFETCH_BYTES):
                start, end, size = runs[submitted]
                ahead.append((pool.submit(prepare, start, end), start, end, size))
                submitted += 1
            current, start, end, _ = ahead.popleft()
            prepared_run = current.result()
            i = start
            while i < end:
                prepared = prepared_run[i - start]
                if on_progress is not None:
                    on_progress(i, files[i])
                if isinstance(prepared, FileRejected):
                    outcome(i, prepared)
                    i += 1
                    continue
                positions = list(range(i, i + prepared.file_count))  # a group: one Prepared for its files
                if on_progress is not None:
                    for k in positions[1:]:
                        on_progress(k, files[k])
                i += prepared.file_count
                if prepared.parsed is not None and batchable(prepared):
                    if prepared.members:
                        # a group is a batch of its own: its rows were combined and their keys checked while parsing
                        flush()
                        batch.append((positions, prepared))
                        flush()
                        continue
                    # (a file of a content waiting in the batch is written alone below: reported as already loaded)
                    if not {d for _, p in batch for d in p.digests} & set(prepared.digests):
                        batch.append((positions, prepared))
                        if (
                            sum(p.file_count for _, p in batch) >= BATCH_FILES
                            or sum(parsed_rows(p) for _, p in batch) >= BATCH_ROWS
                        ):
                            flush()
                        continue
                flush()  # in file order: what waits is written before this file
                if prepared.members:
                    for k, res in zip(positions, write_batch(con, [prepared], is_demo=is_demo, window=window), strict=True):
                        outcome(k, res)
                    continue
                try:
                    outcome(positions[0], write_prepared(con, prepared, is_demo=is_demo, window=window))
                except FileRejected as e:
                    outcome(positions[0], e)
        flush()
        con.execute("checkpoint")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        reader.close()
        con.close()
    return run


def _runs(files: list[Path]) -> list[tuple[int, int, int]]:
    """(start, end, bytes) of the runs of files the parse thread prepares at once (`prepare_run`): consecutive files,
    up to `GROUP_FILES` of them and `GROUP_BYTES`; a large file alone."""
    runs: list[tuple[int, int, int]] = []
    start, total = 0, 0
    for i, f in enumerate(files):
        size = _size(f)
        if i > start and (i - start >= GROUP_FILES or total + size > GROUP_BYTES or size > CHUNK_BYTES):
            runs.append((start, i, total))
            start, total = i, 0
        total += size
    if start < len(files):
        runs.append((start, len(files), total))
    return runs


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # prepare_file reports it
