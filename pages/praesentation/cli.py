"""`python -m pages.praesentation.cli`: a council deck as PDF and PNG from the command line (starts the app on a
loopback port).

Kept apart from export.py, which the page imports for its PDF route: the command builds an app, so it imports the
factory, which imports the pages folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.factory import create_app
from dashboard.settings import Settings
from indicators.presentation import DECKS_FILE, DeckError, get_deck
from indicators.store import DEFAULT_SNAPSHOT
from pages.praesentation.export import ExportError, ExportResult, render, serving


def export(
    deck_id: str | None, db: Path, *, pdf: Path | None = None, png_dir: Path | None = None, decks_file: Path = DECKS_FILE
) -> ExportResult:
    """Start the app on snapshot `db` on a free loopback port and export the deck (the file's first when None)."""
    deck = get_deck(deck_id, decks_file)  # a wrong name fails here, before Chromium starts
    if not Path(db).exists():
        raise ExportError(f"Snapshot {db} fehlt: erst `python -m etl publish` ausführen")
    # only this process reaches the loopback server, so the export needs no login
    app = create_app(Settings.load(env={}, db=db, public=False, basic_auth_users="", decks_file=decks_file))
    with serving(app.server) as base:
        return render(base, deck.deck_id, pdf=pdf, png_dir=png_dir)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m pages.praesentation.cli",
        description="Präsentation als PDF (eine Seite je Folie) und PNG (eine Datei je Folie)",
    )
    p.add_argument("--deck", help="ID der Präsentation (Standard: die erste in data/praesentationen.toml)")
    p.add_argument("--db", type=Path, default=DEFAULT_SNAPSHOT, help="Snapshot (read-only)")
    p.add_argument("--pdf", type=Path, help="PDF-Datei, die geschrieben wird")
    p.add_argument("--png-dir", type=Path, help="Ordner für eine PNG-Datei je Folie (1280×720)")
    p.add_argument("--decks", type=Path, default=DECKS_FILE, help="Datei mit den Präsentationen")
    args = p.parse_args(argv)
    if args.pdf is None and args.png_dir is None:
        p.error("--pdf und/oder --png-dir angeben")
    try:
        result = export(args.deck, args.db, pdf=args.pdf, png_dir=args.png_dir, decks_file=args.decks)
    except (DeckError, ExportError) as e:
        print(f"Fehler: {e}", file=sys.stderr)
        return 1
    if args.pdf:
        print(f"{args.pdf}: {result.slides} Seiten")
    for png in result.pngs:
        print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
