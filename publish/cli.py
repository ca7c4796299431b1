"""Command line of publishing: `python -m publish` (also `python -m etl publish`, as documented)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from etl.warehouse import DEFAULT_DB
from indicators.store import DEFAULT_SNAPSHOT

DEFAULT_PUBLIC = DEFAULT_SNAPSHOT.with_name("public.duckdb")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own exit code 2, German prefix (as `python -m etl`)
        self.print_usage(sys.stderr)
        print(f"ERROR Aufruf: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser(prog: str = "python -m publish") -> argparse.ArgumentParser:
    """The arguments of `publish`: --db, --out, --public."""
    p = _Parser(prog=prog, description="Snapshot für die App atomar veröffentlichen")
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"Build-Datenbank (Standard: {DEFAULT_DB})")
    p.add_argument("--out", type=Path, default=None, help=f"Ziel (Standard: {DEFAULT_SNAPSHOT}, public: {DEFAULT_PUBLIC})")
    p.add_argument("--public", action="store_true", help="nur öffentliche Tabellen und Indikatoren")
    p.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SEKUNDEN",
        help="so lange warten, wenn ein anderer Lauf das Warehouse hält (Standard 0: sofort Exit-Code 3)",
    )
    return p


def main(argv: Sequence[str] | None = None, *, prog: str = "python -m publish") -> int:
    """Publish the build database as a snapshot; exit 0 when done, 1 when it failed, 2 on a usage error, 3 when
    another process holds the build database (`etl load`)."""
    args = build_parser(prog).parse_args(argv)
    from etl.errors import EXIT_BUSY, EtlError, WarehouseBusy
    from publish.snapshot import publish

    out: Path = args.out or (DEFAULT_PUBLIC if args.public else DEFAULT_SNAPSHOT)
    try:
        publish(args.db, out, public=args.public, wait=args.wait)
    except WarehouseBusy as e:
        print(f"ERROR {e.message}", file=sys.stderr)
        return EXIT_BUSY
    except (EtlError, FileNotFoundError) as e:
        print(f"ERROR {getattr(e, 'message', e)}", file=sys.stderr)
        return 1
    print(f"veröffentlicht: {out}{' (öffentlich)' if args.public else ''}")
    return 0
