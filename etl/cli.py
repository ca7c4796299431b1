"""Command line of the ETL: parses arguments, calls the load API (`etl.load`) and prints (contract in README)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from etl.errors import EXIT_BUSY, EtlError, FileRejected, UsageError, WarehouseBusy
from etl.frames import EARLIEST, FUTURE_DAYS, DateWindow
from etl.limits import escape
from etl.loader import LoadResult
from etl.registry import LoadOptions
from etl.warehouse import DEFAULT_DB

if TYPE_CHECKING:
    from etl.sync.run import SourceRun


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
    load.add_argument(
        "--wave",
        metavar="WELLE",
        help="Welle eines LimeSurvey-Exports mit LimeSurveys eigenem Namen results-survey<ID>.csv"
        " (sonst aus den Abgabedaten abgeleitet)",
    )
    load.add_argument(
        "--sensor-location",
        metavar="ID",
        help="sensor.community-Standort-ID (location) für Gerätedateien data-esp8266-<chipid>-<datum>.csv"
        " (sonst Station nach der Chip-ID im Dateinamen)",
    )
    sync = sub.add_parser(
        "sync",
        help="Quellen aus sources.toml über ihre Schnittstellen abrufen und laden (nur Neues, mit Überlappung)",
        description="Ruft jede Quelle der Quellendatei ab (seit ihrer Hochwassermarke in sync_state, mit Überlappung) und"
        " lädt die Antworten wie Dateien. Exit-Code 0: alle Quellen in Ordnung; 1: mindestens eine Quelle fehlgeschlagen"
        f" (ERROR <quelle>: <grund>, die anderen laufen weiter); 2: Aufruf oder Quellendatei fehlerhaft; {EXIT_BUSY}: Warehouse belegt.",
    )
    sync.add_argument(
        "--sources",
        type=Path,
        default=None,
        metavar="DATEI",
        help="Quellendatei (Standard: $WM_SOURCES_FILE, sonst ./sources.toml)",
    )
    sync.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"Build-Datenbank (Standard: {DEFAULT_DB})")
    sync.add_argument("--only", action="append", default=[], metavar="NAME", help="nur diese Quelle (mehrfach möglich)")
    sync.add_argument("--dry-run", action="store_true", help="nur zeigen, was abgefragt würde (kein Netz, kein Schreiben)")
    sync.add_argument("--force", action="store_true", help="min_interval_minutes übergehen: jede Quelle jetzt abrufen")
    sync.add_argument("--wait", type=float, default=0.0, metavar="SEKUNDEN", help=WAIT_HELP)
    sync.add_argument("-v", "--verbose", action="store_true", help="eine Zeile je Quelle auch ohne Terminal")
    demo = sub.add_parser("demo", help="Demo-Warehouse aus data/ bauen (Demodaten)")
    demo.add_argument("--db", type=Path, default=DEFAULT_DB)
    demo.add_argument("--scale", type=float, default=1.0, help="Skalierung der Demodaten (bench/ nutzt > 1)")
    demo.add_argument("--wait", type=float, default=0.0, metavar="SEKUNDEN", help=WAIT_HELP)
    demo.add_argument(
        "--day",
        type=_day,
        metavar="JJJJ-MM-TT",
        help="Bautag (Standard: heute): die Demodaten enden mit dem letzten vollständigen Monat davor; "
        "die Tests setzen 2026-01-01 (Daten bis 31.12.2025)",
    )
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
            options = LoadOptions(wave=args.wave, sensor_location=args.sensor_location)
            return cmd_load(args.paths, db=args.db, kind=args.kind, wait=args.wait, window=window, options=options)
        if args.command == "sync":
            return cmd_sync(
                args.sources,
                db=args.db,
                only=args.only,
                dry_run=args.dry_run,
                force=args.force,
                wait=args.wait,
                verbose=args.verbose,
            )
        if args.command == "demo":
            from etl.demo import build_demo

            return build_demo(args.db, scale=args.scale, wait=args.wait, day=args.day)
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


def cmd_load(
    paths: Sequence[Path],
    *,
    db: Path,
    kind: str | None,
    wait: float = 0.0,
    window: DateWindow | None = None,
    options: LoadOptions | None = None,
) -> int:
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
        options=options,
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
        if res.warnings and self.tty:
            print(file=sys.stderr)
        for warning in res.warnings:  # the file loaded, but something about it needs a look (load_log.message)
            print(f"WARN {escape(str(path))}: {escape(warning)}", file=sys.stderr)
        for note in res.notes:
            print(f"Hinweis {escape(str(path))}: {escape(note)}")
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


def cmd_sync(
    sources: Path | None,
    *,
    db: Path,
    only: Sequence[str] = (),
    dry_run: bool = False,
    force: bool = False,
    wait: float = 0.0,
    verbose: bool = False,
) -> int:
    """`etl sync`: pull every source; `ERROR <source>: <reason>` per failed one; a line per source on a terminal (or
    with --verbose), nothing else under systemd. Exit 0 when every source is fine, 1 when any failed."""
    from etl.sync.config import default_sources_file, load_config
    from etl.sync.kinds import KINDS
    from etl.sync.run import run_sync

    config = load_config(sources or default_sources_file(), KINDS)
    chatty = verbose or dry_run or sys.stdout.isatty()

    def report(run: SourceRun) -> None:
        for w in run.warnings:
            print(f"WARN {run.name}: {escape(w)}", file=sys.stderr)
        if run.error is not None:
            print(f"ERROR {run.name}: {escape(run.error)}", file=sys.stderr)
        if chatty:
            print(_sync_line(run))
            for line in run.planned:
                print(f"  {escape(line)}")

    runs = run_sync(config, db=db, only=only, dry_run=dry_run, force=force, wait=wait, on_source=report)
    if chatty and not runs:
        print(f"keine Quelle abzurufen ({config.path})")
    return 1 if any(r.status == "failed" for r in runs) else 0


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _sync_line(run: SourceRun) -> str:
    """The line a terminal shows per source: what was asked, what came, what was loaded."""
    assert run.window is not None
    since = run.window.since.strftime("%d.%m.%Y %H:%M")
    head = f"{run.name} [{run.kind}]"
    if run.status == "skipped":
        return f"{head}: übersprungen (zuletzt erfolgreich vor weniger als min_interval_minutes; --force ruft trotzdem ab)"
    if run.status == "planned":
        return f"{head}: {run.requests} Anfrage(n) ab {since} UTC (Probelauf, nichts abgerufen)"
    got = f"{run.requests} Anfrage(n) ab {since} UTC, {run.payloads} Antwort(en), {run.new_payloads} neu geladen"
    rows = f"{_n(run.rows_loaded)} Zeilen" + (f", {_n(run.rows_rejected)} abgewiesen" if run.rows_rejected else "")
    return f"{head}: {got}, {rows}" + (" – FEHLER" if run.status == "failed" else "")


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
