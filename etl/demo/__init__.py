"""The seeded Offenbach demo (Demodaten): generate exports in the real formats and load them like a city would."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from etl.errors import FileRejected
from etl.load import Outcome, load_files, rejection_line

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = PROJECT_ROOT / "data" / "massnahmenkatalog.xlsx"
DEMO_DIR = PROJECT_ROOT / "data" / "demo"
EXPORTS = DEMO_DIR / "exports"
GROUND_TRUTH = DEMO_DIR / "ground_truth.json"

__all__ = ["build_demo", "CATALOGUE", "EXPORTS", "GROUND_TRUTH"]


def build_demo(
    db: Path, *, scale: float = 1.0, exports: Path | None = None, wait: float = 0.0, day: dt.date | None = None
) -> int:
    """Regenerate `data/demo/exports/` for a build on `day` (default: today), load the catalogue, write the ground
    truth, load every export as demo data.

    The demo ends with the last complete month before `day` (`world.demo_end`); a build on BASE_DAY, as the tests
    pin it, ends with END. Formats whose parser is not (yet) registered are skipped with a note. Returns the exit
    code: 1 when any file was rejected as a whole (a generator/parser mismatch), else 0.
    """
    from etl import registry
    from etl.demo.catalogue import extend_catalogue
    from etl.demo.generate import FORMATS, generate_all, write_ground_truth
    from etl.demo.world import END, demo_end

    started = time.perf_counter()
    code = 0
    last = demo_end(day or dt.date.today())
    out = exports or EXPORTS
    known = set(registry.sources())
    wanted = tuple(f.name for f in FORMATS if set(f.kinds) & known)
    for f in FORMATS:
        if f.name not in wanted:
            print(f"Hinweis: kein Parser für {f.name} ({', '.join(f.kinds)}) registriert, übersprungen")
    t0 = time.perf_counter()
    files = generate_all(out, scale=scale, only=wanted, last=last)
    truth = write_ground_truth(GROUND_TRUTH)
    print(f"Demodaten bis {last:%d.%m.%Y} erzeugt in {time.perf_counter() - t0:.1f} s: {out}; Wirkungen: {truth}")
    if CATALOGUE.exists():
        catalogue = CATALOGUE
        if last > END:  # its monthly example values continue up to the last month, like the exports
            catalogue = out.parent / "katalog" / CATALOGUE.name  # beside the exports: not an export itself
            added = extend_catalogue(CATALOGUE, catalogue, last)
            print(f"Maßnahmenkatalog: {added} Beispielwerte bis {last:%m/%Y} fortgeschrieben")
        code |= 0 if load_files([catalogue], db=db, on_outcome=_print_rejected, wait=wait, command="etl demo").ok else 1
        print(
            f"Maßnahmenkatalog geladen: {catalogue.relative_to(PROJECT_ROOT) if catalogue.is_relative_to(PROJECT_ROOT) else catalogue}"
        )
    else:
        print(f"Hinweis: {CATALOGUE.relative_to(PROJECT_ROOT)} fehlt, Maßnahmenkatalog übersprungen")
    for name, paths in files.items():
        t1 = time.perf_counter()
        rc = 0 if load_files(paths, db=db, is_demo=True, on_outcome=_print_rejected, wait=wait, command="etl demo").ok else 1
        code |= rc
        print(
            f"geladen: {name:<17} {len(paths):>4} Dateien ({time.perf_counter() - t1:.1f} s){'' if rc == 0 else ' – mit Fehlern'}"
        )
    print(f"Demo-Warehouse {db} fertig in {time.perf_counter() - started:.1f} s")
    return code


def _print_rejected(i: int, path: Path, outcome: Outcome) -> None:
    """Only a file rejected as a whole is reported (a generator/parser mismatch); loaded files are summed up per format."""
    if isinstance(outcome, FileRejected):
        print(rejection_line(path, outcome), file=sys.stderr)
