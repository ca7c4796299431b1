"""Command line of the ETL: load, demo, publish (contract in docs/warehouse.md and README)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from etl.errors import EtlError, FileRejected, UsageError
from etl.warehouse import DEFAULT_DB, DEFAULT_SNAPSHOT

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit code 2, German prefix
        self.print_usage(sys.stderr)
        print(f"ERROR Aufruf: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m etl", description="Wirkungsmonitor ETL: Exporte in das DuckDB-Warehouse laden.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    load = sub.add_parser("load", help="Dateien laden (Format wird am Inhalt erkannt)")
    load.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    load.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"Build-Datenbank (Standard: {DEFAULT_DB})")
    load.add_argument("--kind", help="Format erzwingen statt erkennen")
    demo = sub.add_parser("demo", help="Demo-Warehouse aus data/ bauen (Demodaten)")
    demo.add_argument("--db", type=Path, default=DEFAULT_DB)
    demo.add_argument("--scale", type=float, default=1.0, help="Skalierung der Demodaten (bench/ nutzt > 1)")
    pub = sub.add_parser("publish", help="Snapshot für die App atomar veröffentlichen")
    pub.add_argument("--db", type=Path, default=DEFAULT_DB)
    pub.add_argument("--out", type=Path, default=None, help=f"Ziel (Standard: {DEFAULT_SNAPSHOT}, public: …/public.duckdb)")
    pub.add_argument("--public", action="store_true", help="nur öffentliche Tabellen und Indikatoren")
    exp = sub.add_parser("export-parquet", help="Warehouse als Hive-partitioniertes Parquet schreiben (Data Lake, Open Data)")
    exp.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"Datenbank oder Snapshot (Standard: {DEFAULT_DB})")
    exp.add_argument("--out", type=Path, default=Path("data/parquet"), help="Zielordner (Standard: data/parquet; wird ersetzt)")
    sub.add_parser("kinds", help="bekannte Formate auflisten")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "load":
            return cmd_load(args.paths, db=args.db, kind=args.kind)
        if args.command == "demo":
            from etl.demo import build_demo

            return build_demo(args.db, scale=args.scale)
        if args.command == "publish":
            from etl.publish import publish

            out = args.out or (DEFAULT_SNAPSHOT.with_name("public.duckdb") if args.public else DEFAULT_SNAPSHOT)
            publish(args.db, out, public=args.public)
            print(f"veröffentlicht: {out}{' (öffentlich)' if args.public else ''}")
            return 0
        if args.command == "export-parquet":
            return cmd_export_parquet(args.db, args.out)
        if args.command == "kinds":
            from etl import registry

            for kind, src in sorted(registry.sources().items()):
                print(f"{kind}\t{src.label}")
            return 0
    except UsageError as e:
        print(f"ERROR Aufruf: {e.message}", file=sys.stderr)
        return 2
    except (EtlError, FileNotFoundError) as e:
        print(f"ERROR {getattr(e, 'message', e)}", file=sys.stderr)
        return 1
    return 2


def cmd_load(paths: Sequence[Path], *, db: Path, kind: str | None, is_demo: bool = False, quiet: bool = False) -> int:
    """Load each file atomically; exit 0 when all loaded, 1 when any file was rejected."""
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    from etl import registry
    from etl.loader import (
        BATCH_FILES,
        BATCH_ROWS,
        PREFETCH_BYTES,
        batchable,
        parsed_rows,
        prepare_file,
        write_batch,
        write_prepared,
    )
    from etl.warehouse import connect

    if kind:
        registry.get(kind)  # unknown kind is a usage error before anything is opened
    files = _expand(paths)
    con = connect(db)
    if len(files) > 1:
        # one checkpoint at the end instead of one every few files: each file still commits (and survives a crash
        # through the write-ahead log), but the database file is rewritten once per run rather than per 16 MB
        con.execute("set checkpoint_threshold = '512MB'")
    tty = sys.stderr.isatty() and len(files) > 1 and not quiet
    # the next files are read and parsed in a second thread (own cursor) while earlier ones are written: parsing
    # (polars) and writing (DuckDB) both release the GIL, so on two cores the run takes about the longer of the two.
    # The thread runs up to PREFETCH_BYTES of files ahead (a batch is written at once: one file ahead would leave it
    # idle meanwhile).
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="etl-parse")
    reader = con.cursor()
    report = _Report(files, quiet=quiet, tty=tty)
    batch: list[tuple[int, object]] = []  # parsed counter/sensor files waiting to be written in one transaction

    def prepare(path: Path):  # noqa: ANN202
        return pool.submit(prepare_file, reader, path, kind=kind)

    def flush() -> None:
        if batch:
            for (i, _), res in zip(batch, write_batch(con, [p for _, p in batch], is_demo=is_demo), strict=True):
                report.outcome(i, res)
            batch.clear()

    try:
        ahead: deque = deque()  # (future, file size) of the files submitted for parsing, in file order
        submitted = 0
        for i in range(len(files)):
            while submitted < len(files) and (not ahead or sum(size for _, size in ahead) < PREFETCH_BYTES):
                ahead.append((prepare(files[submitted]), _size(files[submitted])))
                submitted += 1
            report.progress(i)
            current, _ = ahead.popleft()
            try:
                prepared = current.result()
            except FileRejected as e:
                report.outcome(i, e)
                continue
            if prepared.parsed is not None and batchable(prepared) and prepared.digest not in {p.digest for _, p in batch}:
                batch.append((i, prepared))
                if len(batch) >= BATCH_FILES or sum(parsed_rows(p) for _, p in batch) >= BATCH_ROWS:
                    flush()
                continue
            flush()  # in file order: what waits is written before this file
            try:
                report.outcome(i, write_prepared(con, prepared, is_demo=is_demo))
            except FileRejected as e:
                report.outcome(i, e)
        flush()
        report.done()
        con.execute("checkpoint")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        reader.close()
        con.close()
    return 1 if report.failed else 0


class _Report:
    """The outcome lines of `etl load`, printed in file order although batched files are written later."""

    def __init__(self, files: Sequence[Path], *, quiet: bool, tty: bool) -> None:
        self.files, self.quiet, self.tty = files, quiet, tty
        self.failed = 0
        self.waiting: dict[int, object] = {}
        self.next = 0

    def progress(self, i: int) -> None:
        if self.tty:
            print(f"\r[{i + 1}/{len(self.files)}] {self.files[i].name[:60]:<60}", end="", file=sys.stderr, flush=True)

    def outcome(self, i: int, res: object) -> None:
        self.waiting[i] = res
        while self.next in self.waiting:
            self._print(self.files[self.next], self.waiting.pop(self.next))
            self.next += 1

    def done(self) -> None:
        if self.tty:
            print(file=sys.stderr)

    def _print(self, path: Path, res: object) -> None:
        if isinstance(res, FileRejected):
            self.failed += 1
            where = f"{path}:{res.line}" if res.line else f"{path}"
            if self.tty:
                print(file=sys.stderr)
            print(f"ERROR {where}: {res.message}", file=sys.stderr)
            return
        if self.quiet:
            return
        if res.status == "already_loaded":
            print(f"bereits geladen (gleiche SHA-256, load_id {res.load_id}): {path}")
        elif res.rows_rejected:
            if self.tty:
                print(file=sys.stderr)
            print(
                f"WARN {path}:{res.first_rejected_line or ''}: {res.rows_rejected} Zeile(n) abgewiesen, siehe rejected_row"
                f" (load_id {res.load_id})",
                file=sys.stderr,
            )
            print(f"geladen: {path} [{res.kind}] {res.rows_loaded} von {res.rows_in} Zeilen")
        else:
            print(f"geladen: {path} [{res.kind}] {res.rows_loaded} Zeilen")


def cmd_export_parquet(db: Path, out: Path) -> int:
    from etl.export import INTERNAL_TABLES, export_parquet

    done = export_parquet(db, out)
    for t in done:
        parts = f" (partitioniert: {', '.join(t.partition_by)})" if t.partition_by else ""
        print(f"exportiert: {t.table:<22} {t.rows:>12} Zeilen{parts}")
    internal = [t.table for t in done if t.table in INTERNAL_TABLES and t.rows]
    if internal:
        print(f"Hinweis: enthält interne Tabellen ({', '.join(internal)}); für Open Data den öffentlichen Snapshot exportieren"
              " (python -m etl publish --public, dann --db data/snapshots/public.duckdb)", file=sys.stderr)
    print(f"Parquet-Export fertig: {out}")
    return 0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # prepare_file reports it


def _expand(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            # a folder of exports: documentation files beside them (README.md, SOURCE.md) are not exports
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith(".") and q.suffix != ".md"))
        else:
            out.append(p)
    return out
