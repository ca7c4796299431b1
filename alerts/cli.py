"""Command line of `python -m etl check` (handed over by etl/__main__.py): arguments, the check, its lines, exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from alerts.check import run_check
from alerts.config import ENV_FILE, ConfigError, load_config
from etl.errors import EXIT_BUSY, WarehouseBusy
from etl.warehouse import DEFAULT_DB

# Exit codes (docs/deployment.md): 0 no alert stands, 1 alerts stand (each announced once), 2 usage or sources file,
# 3 warehouse busy (as for load/publish), 4 the check could not do all its work (a notification or a rule failed).
EXIT_OK, EXIT_ALERTS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 4


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"ERROR Aufruf: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _moment(text: str) -> datetime:
    """`--now`: an ISO 8601 time; with a zone converted to UTC, without one taken as UTC."""
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"keine Zeitangabe (ISO 8601, z. B. 2026-01-05T08:00): {text!r}") from None
    return t.astimezone(UTC).replace(tzinfo=None) if t.tzinfo else t


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def build_parser(prog: str = "python -m etl check") -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description="Regeln prüfen, Alarme speichern und je Beginn und Ende einmal melden.")
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"Build-Datenbank (Standard: {DEFAULT_DB})")
    p.add_argument(
        "--sources",
        type=Path,
        default=None,
        help=f"Quellendatei mit [alerts] und [[rule]] (Standard: ${ENV_FILE} oder ./sources.toml)",
    )
    p.add_argument("--now", type=_moment, default=None, metavar="ZEIT", help="Zeitpunkt der Prüfung (UTC; Standard: jetzt)")
    p.add_argument("--wait", type=float, default=0.0, metavar="SEKUNDEN", help="auf die Sperre des Warehouses warten")
    return p


def main(argv: Sequence[str] | None = None, *, prog: str = "python -m etl check") -> int:
    args = build_parser(prog).parse_args(argv)
    try:
        config = load_config(args.sources)
    except ConfigError as e:
        print(f"ERROR Quellendatei: {e}", file=sys.stderr)
        return EXIT_USAGE
    now = args.now or utc_now()
    try:
        result = run_check(args.db, config, now=now, wait=args.wait)
    except WarehouseBusy as e:
        print(f"ERROR {e.message}", file=sys.stderr)
        return EXIT_BUSY
    except FileNotFoundError as e:
        print(f"ERROR {e}", file=sys.stderr)
        return EXIT_USAGE
    for a in result.started:
        print(f"ALARM {a.rule} {a.subject}: {a.message}")
    for a in result.ended:
        print(f"BEHOBEN {a.rule} {a.subject}")
    for rule, error in result.rule_errors.items():
        print(f"ERROR Regel {rule}: {error}", file=sys.stderr)
    for error in result.send_errors:
        print(f"ERROR Benachrichtigung {error}", file=sys.stderr)
    channels = ", ".join(config.channels) or "keine Kanäle konfiguriert"
    print(
        f"Prüfung {now:%Y-%m-%d %H:%M} UTC: {len(result.standing)} Alarme bestehen ({len(result.started)} neu,"
        f" {len(result.ended)} behoben); {len(result.sent)} Benachrichtigungen gesendet ({channels})"
    )
    if result.rule_errors or result.send_errors:
        return EXIT_INCOMPLETE
    return EXIT_ALERTS if result.standing else EXIT_OK
