"""Command line of the ETL: parses arguments, calls the load API (`etl.load`) and prints (contract in README)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from etl.errors import EXIT_BUSY, EtlError, FileRejected, UsageError, WarehouseBusy
from etl.frames import EARLIEST, FUTURE_DAYS, DateWindow
from etl.limits import escape
from etl.loader import LoadResult
from etl.warehouse import DEFAULT_DB


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own exit code 2, German prefix
        self.print_usage(sys.stderr)
        print(f"ERROR Aufruf: {message}", file=sys.stderr)
        raise SystemExit(2)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"kein Datum (JJJJ-MM-TT): {text!r}") from None


WAIT_HELP = f"so lange warten, wenn ein anderer Lauf das Warehouse hält (Standard 0: sofort Exit-Code {EXIT_BUSY})"


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m etl", description="Wirkungsmonitor ETL: Exporte in das DuckDB-Warehouse laden.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    load = sub.add_parser("load", help="Dateien laden (Format wird am Inhalt erkannt)")
    load.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    load.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"Build-Datenbank (Standard: {DEFAULT_DB})")
    load.add_argument("--kind", help="Format erzwingen statt erkennen")
    load.add_argument("--wait", type=float, default=0.0, metavar="SEKUNDEN", help=WAIT_HELP)
    load.add_argument(
        "--earliest",
        type=_day,
        default=EARLIEST,
        metavar="JJJJ-MM-TT",
        help=f"früheste plausible Zeitangabe; frühere Zeilen werden abgewiesen (Standard: {EARLIEST})",
    )
    load.add_argument(
        "--future-days",
        type=float,
        default=FUTURE_DAYS,
        metavar="TAGE",
        help=f"so viele Tage nach Ladebeginn liegt die späteste plausible Zeitangabe (Standard: {FUTURE_DAYS})",
    )
    demo = sub.add_parser("demo", help="Demo-Warehouse aus data/ bauen (Demodaten)")
    demo.add_argument("--db", type=Path, default=DEFAULT_DB)
    demo.add_argument("--scale", type=float, default=1.0, help="Skalierung der Demodaten (bench/ nutzt > 1)")
    demo.add_argument("--wait", type=float, default=0.0, metavar="SEKUNDEN", help=WAIT_HELP)
    # publishing is its own stage (package publish/): `python -m etl publish` is passed to it by etl/__main__.py;
    # listed here so that `python -m etl --help` still shows it
    pub = sub.add_parser("publish", help="Snapshot für die App atomar veröffentlichen (python -m publish --help)")
    pub.add_argument("args", nargs=argparse.REMAINDER)
    chk = sub.add_parser("check", help="Regeln prüfen, Alarme speichern und melden (python -m etl check --help)")
    chk.add_argument("args", nargs=argparse.REMAINDER)
    exp = sub.add_parser("export-parquet", help="Warehouse als Hive-partitioniertes Parquet schreiben (Data Lake, Open Data)")
    exp.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"Datenbank oder Snapshot (Standard: {DEFAULT_DB})")
    exp.add_argument("--out", type=Path, default=Path("data/parquet"), help="Zielordner (Standard: data/parquet; wird ersetzt)")
    sub.add_parser("kinds", help="bekannte Formate auflisten")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "load":
            window = DateWindow.at(earliest=args.earliest, future_days=args.future_days)
            return cmd_load(args.paths, db=args.db, kind=args.kind, wait=args.wait, window=window)
        if args.command == "demo":
            from etl.demo import build_demo

            return build_demo(args.db, scale=args.scale, wait=args.wait)
        if args.command in ("publish", "check"):  # only when main() is called directly, not through `python -m etl`
            stage = "publish" if args.command == "publish" else "alerts"
            print(
                f"ERROR Aufruf: {args.command} ist eine eigene Stufe: python -m etl {args.command} oder python -m {stage}",
                file=sys.stderr,
            )
            return 2
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
    except WarehouseBusy as e:  # its own exit code: a scheduled job must not go on to publish as after a rejected file
        print(f"ERROR {e.message}", file=sys.stderr)
        return EXIT_BUSY
    except (EtlError, FileNotFoundError) as e:
        print(f"ERROR {getattr(e, 'message', e)}", file=sys.stderr)
        return 1
    return 2


def cmd_load(paths: Sequence[Path], *, db: Path, kind: str | None, wait: float = 0.0, window: DateWindow | None = None) -> int:
    """`etl load`: load each file atomically, print its outcome; exit 0 when all loaded, 1 when any was rejected
    (3 when another process holds the warehouse: raised as `WarehouseBusy`)."""
    from etl.load import expand_paths, load_files

    files = expand_paths(paths)  # expanded once here for the count; load_files keeps a list of files as it is
    tty = sys.stderr.isatty() and len(files) > 1
    report = _Report(total=len(files), tty=tty)
    run = load_files(
        files,
        db=db,
        kind=kind,
        on_outcome=report.outcome,
        on_progress=report.progress if tty else None,
        wait=wait,
        window=window,
    )
    if tty:
        print(file=sys.stderr)
    return 0 if run.ok else 1


class _Report:
    """The lines `etl load` prints: one per file, an ERROR line for a rejected file, progress on a terminal."""

    def __init__(self, *, total: int, tty: bool) -> None:
        self.total, self.tty = total, tty

    def progress(self, i: int, path: Path) -> None:
        print(f"\r[{i + 1}/{self.total}] {escape(path.name)[:60]:<60}", end="", file=sys.stderr, flush=True)

    def outcome(self, i: int, path: Path, res: LoadResult | FileRejected) -> None:
        from etl.load import rejection_line

        if isinstance(res, FileRejected):
            if self.tty:
                print(file=sys.stderr)
            print(rejection_line(path, res), file=sys.stderr)
            return
        if res.status == "already_loaded":
            print(f"bereits geladen (gleiche SHA-256, load_id {res.load_id}): {escape(str(path))}")
        elif res.rows_rejected:
            if self.tty:
                print(file=sys.stderr)
            print(
                f"WARN {escape(str(path))}:{res.first_rejected_line or ''}: {res.rows_rejected} Zeile(n) abgewiesen,"
                " siehe rejected_row"
                f" (load_id {res.load_id})",
                file=sys.stderr,
            )
            print(f"geladen: {escape(str(path))} [{res.kind}] {res.rows_loaded} von {res.rows_in} Zeilen")
        else:
            print(f"geladen: {escape(str(path))} [{res.kind}] {res.rows_loaded} Zeilen")


def cmd_export_parquet(db: Path, out: Path) -> int:
    from etl.export import INTERNAL_TABLES, export_parquet

    done = export_parquet(db, out)
    for t in done:
        parts = f" (partitioniert: {', '.join(t.partition_by)})" if t.partition_by else ""
        print(f"exportiert: {t.table:<22} {t.rows:>12} Zeilen{parts}")
    internal = [t.table for t in done if t.table in INTERNAL_TABLES and t.rows]
    if internal:
        print(
            f"Hinweis: enthält interne Tabellen ({', '.join(internal)}); für Open Data den öffentlichen Snapshot exportieren"
            " (python -m etl publish --public, dann --db data/snapshots/public.duckdb)",
            file=sys.stderr,
        )
    print(f"Parquet-Export fertig: {out}")
    return 0
