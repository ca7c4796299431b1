"""Command line: list, show, before-after, power and plan, each with --db and --json (see docs/methods.md); report
writes the annual Wirkungsbericht as HTML and PDF (indicators/report/)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from indicators import before_after, plan_cli, power, registry
from indicators.formatting import number, percent
from indicators.labels import STATUS_DE, method_note, progress_reason_de, verdict_text
from indicators.status import indicator_status
from indicators.store import DEFAULT_SNAPSHOT, Snapshot, SnapshotMissing

# the public snapshot `python -m etl publish --public` writes (publish/cli.py: DEFAULT_PUBLIC)
DEFAULT_PUBLIC = DEFAULT_SNAPSHOT.with_name("public.duckdb")


def verdict_de(res: before_after.Result) -> str:
    """The before/after verdict as one German sentence that claims no more than the interval supports (the dashboard's
    sentence in German: both come from `indicators.labels.verdict_text`)."""
    return verdict_text(res)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"ERROR Aufruf: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m indicators", description="Indikatoren der Wirkungsmessung abfragen")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, help_ in (
        ("list", "alle Indikatoren"),
        ("show", "ein Indikator mit Fortschritt"),
        ("before-after", "Vorher-nachher-Vergleich"),
        ("power", "minimal nachweisbarer Effekt eines geplanten Vergleichs (nur Daten vor dem Stichtag)"),
    ):
        s = sub.add_parser(name, help=help_)
        s.add_argument("--db", type=Path, default=DEFAULT_SNAPSHOT, help="Warehouse oder Snapshot (nur gelesen)")
        s.add_argument("--json", action="store_true", help="Ausgabe als JSON")
        if name == "show":
            s.add_argument("indicator_id")
        if name == "before-after":
            s.add_argument("indicator_id", nargs="?")
            s.add_argument("--metric")
            s.add_argument("--station")
            s.add_argument("--date", required=False, help="Stichtag YYYY-MM-DD (Standard: Start der Maßnahme)")
            s.add_argument("--method", choices=before_after.METHODS, default="its")
            s.add_argument("--controls", help="Kontrollstationen, kommagetrennt (für did)")
            s.add_argument("--window-days", type=int)
        if name == "power":
            s.add_argument("indicator_id", nargs="?", help="Indikator-ID (je Station: mit --station)")
            s.add_argument("--metric")
            s.add_argument("--station")
            s.add_argument("--date", help="Stichtag YYYY-MM-DD (Standard: Start der Maßnahme)")
            s.add_argument("--window", type=int, help=f"Tage je Seite (Standard {power.DEFAULT_WINDOW})")
            s.add_argument("--method", choices=before_after.METHODS, default="adjusted")
            s.add_argument("--controls", help="Kontrollstationen, kommagetrennt (did; Standard: alle mit Daten vorher)")
            s.add_argument("--effect", type=float, help="erwarteter Effekt in %%: nach wie vielen Wochen nachweisbar")
            s.add_argument("--draws", type=int, default=power.DRAWS, help="simulierte Reihen (0: nur Näherungsformel)")
    plan_cli.add_parser(sub)
    r = sub.add_parser("report", help="Wirkungsbericht eines Jahres als HTML und PDF")
    r.add_argument("--year", type=int, required=True, help="Berichtsjahr, z. B. 2025")
    r.add_argument("--out", type=Path, required=True, help="Ordner, in den HTML und PDF geschrieben werden")
    r.add_argument(
        "--db", type=Path, default=None, help=f"Snapshot (Standard: {DEFAULT_SNAPSHOT}, mit --public {DEFAULT_PUBLIC})"
    )
    r.add_argument("--lang", choices=("de", "en"), default="de", help="Sprache (Standard: de)")
    r.add_argument("--public", action="store_true", help="öffentlicher Bericht: nur aus dem öffentlichen Snapshot")
    r.add_argument("--no-pdf", action="store_true", help="nur HTML schreiben")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "report":
        return _report(args)
    if not args.db.exists():
        print(f"ERROR {args.db}: Datenbank fehlt", file=sys.stderr)
        return 1
    if args.command == "plan":
        return plan_cli.main(args)
    snap = Snapshot(args.db)
    try:
        if args.command == "list":
            rows = [_meta(i) for i in registry.all_indicators(snap)]
            _out(args.json, rows, lambda r: f"{r['indicator_id']:<34} {r['ioo_level']:<8} {r['unit']:<16} {r['name']}")
            return 0
        if args.command == "show":
            ind = registry.get(snap, args.indicator_id)
            st = indicator_status(snap, ind, today=date.today())
            # progress_label and progress_reason in words (as before); the codes as progress_status, progress_reason_code
            # progress_basis, compared_baseline / compared_current ({start, end, value}: the two values progress
            # compared, with their periods), baseline_source, years and target_years come with the status
            row = (
                _meta(ind)
                | st.to_dict()
                | {
                    "progress_label": STATUS_DE[st.progress_status],
                    "progress_reason": progress_reason_de(st.progress_reason, st.progress_value),
                    "progress_reason_code": st.progress_reason,
                }
            )
            _out(args.json, [row], lambda r: "\n".join(f"{k}: {v}" for k, v in r.items()))
            return 0
        if args.command == "before-after":
            return _before_after(snap, args)
        if args.command == "power":
            return _power(snap, args)
    except KeyError as e:
        print(f"ERROR unbekannter Indikator {e}", file=sys.stderr)
        return 2
    except SnapshotMissing as e:
        print(f"ERROR {e}", file=sys.stderr)
        return 1
    except before_after.BeforeAfterError as e:
        print(f"ERROR {e}", file=sys.stderr)
        return 1
    return 2


def _before_after(snap: Snapshot, args: argparse.Namespace) -> int:
    ind = registry.get(snap, args.indicator_id) if args.indicator_id else None
    if ind is None and not (args.metric and args.station):
        print("ERROR Aufruf: Indikator-ID oder --metric mit --station angeben", file=sys.stderr)
        return 2
    at = date.fromisoformat(args.date) if args.date else _measure_start(snap, ind)
    if at is None:
        print("ERROR Aufruf: --date fehlt und die Maßnahme hat kein Startdatum", file=sys.stderr)
        return 2
    controls = [c.strip() for c in args.controls.split(",")] if args.controls else None
    res = before_after.compare(
        snap,
        at=at,
        method=args.method,
        indicator=ind,
        metric=args.metric,
        station=args.station,
        controls=controls,
        window_days=args.window_days,
    )
    row = res.to_dict() | {
        "verdict": verdict_de(res),
        "method_note": method_note(res),
        "indicator_id": ind.indicator_id if ind else None,
        "metric": args.metric,
        "station": args.station,
    }
    _out(
        args.json,
        [row],
        lambda r: f"{r['verdict']}\nMethode: {r['method_note']}\nn vorher {r['n_before']}, n nachher {r['n_after']}",
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    from indicators.report import PdfError, ReportError, write_report

    db: Path = args.db or (DEFAULT_PUBLIC if args.public else DEFAULT_SNAPSHOT)
    if not db.exists():
        print(f"ERROR {db}: Datenbank fehlt", file=sys.stderr)
        return 1
    try:
        written = write_report(Snapshot(db), args.year, args.out, lang=args.lang, public=args.public, pdf=not args.no_pdf)
    except (ReportError, PdfError) as e:
        print(f"ERROR {e}", file=sys.stderr)
        return 1
    for path in (written.html, written.pdf):
        if path is not None:
            print(f"geschrieben: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def _power(snap: Snapshot, args: argparse.Namespace) -> int:
    ind = registry.get(snap, args.indicator_id) if args.indicator_id else None
    if ind is None and not (args.metric and args.station):
        print("ERROR Aufruf: Indikator-ID oder --metric mit --station angeben", file=sys.stderr)
        return 2
    if ind is not None and before_after.indicator_metric(ind) and not args.station:
        print(f"ERROR Aufruf: „{ind.indicator_id}“ wird je Station gemessen: bitte --station angeben", file=sys.stderr)
        return 2
    at = date.fromisoformat(args.date) if args.date else _measure_start(snap, ind)
    if at is None:
        print("ERROR Aufruf: --date fehlt und die Maßnahme hat kein Startdatum", file=sys.stderr)
        return 2
    if args.draws < 0 or (args.window is not None and args.window < power.MIN_AFTER_DAYS):
        print(f"ERROR Aufruf: --window mindestens {power.MIN_AFTER_DAYS} Tage, --draws nicht negativ", file=sys.stderr)
        return 2
    controls = [c.strip() for c in args.controls.split(",")] if args.controls else None
    kw: dict[str, Any] = {"controls": controls, "indicator": ind, "draws": args.draws}
    station, metric = args.station, None if ind else args.metric
    res = power.minimum_detectable_effect(snap, station, metric, at, args.window, args.method, **kw)
    row = res.to_dict() | {"indicator_id": ind.indicator_id if ind else None, "station": station, "metric": args.metric}
    if args.effect is not None:
        weeks = power.weeks_to_detect(snap, station, metric, at, args.window, args.method, effect=args.effect, **kw)
        row |= {
            "effect_pct": args.effect,
            "weeks_needed": weeks.weeks_needed,
            "max_weeks": weeks.max_weeks,
            "power_at_weeks": weeks.power,
            "n_after_at_weeks": weeks.n_after,
        }
        row["weeks_text"] = _weeks_de(row)
    _out(args.json, [row], _power_de)
    return 0


def _weeks_de(r: dict[str, Any]) -> str:
    eff = percent(r["effect_pct"], sign=True)
    if r["weeks_needed"] is None:
        return f"Ein Effekt von {eff} ist nicht erreichbar innerhalb von {r['max_weeks']} Wochen (80 % Power)."
    return f"Ein Effekt von {eff} ist nach {r['weeks_needed']} Wochen mit 80 % Power nachweisbar."


def _power_de(r: dict[str, Any]) -> str:
    """The power calculation in German sentences."""
    at = date.fromisoformat(r["date"])
    lines = [
        f"Minimal nachweisbarer Effekt (80 % Power, 5 % zweiseitig): Anstieg um {percent(r['mde_pct'], sign=True)}, "
        f"Rückgang um {percent(r['mde_decrease_pct'])}",
        f"Verfahren {r['method']}, Stichtag {at:%d.%m.%Y}, Zeitfenster {r['window_days']} Tage je Seite: "
        f"{number(r['n_before'])} Tage vorher, {number(r['n_after'])} Tage nachher",
        f"Aus den Daten vor dem Stichtag (seit {date.fromisoformat(r['history_from']):%d.%m.%Y}, "
        f"{number(r['n_history'])} Tage): Rauschen AR(1) φ = {number(r['phi'], 2)}, "
        f"Streuung {percent(r['noise_sd'] * 100)}, Jahresschwankung {percent(r['year_sd_pct'])}",
    ]
    if r["controls"]:
        lines.append("Kontrollstationen: " + ", ".join(r["controls"]))
    if r["draws"]:
        lines.append(
            f"Berechnet mit {r['draws']} simulierten Reihen und dem Verfahren selbst "
            f"(Näherungsformel: {percent(r['mde_analytic_pct'], sign=True)})"
        )
    if "weeks_text" in r:
        lines.append(r["weeks_text"])
    return "\n".join(lines)


def _measure_start(snap: Snapshot, ind: registry.Indicator | None) -> date | None:
    if ind is None:
        return None
    rows = snap.rows("select start_date from measure where measure_id = ?", [ind.measure_id])
    return rows[0][0] if rows and rows[0][0] else None


def _meta(ind: registry.Indicator) -> dict[str, Any]:
    return {
        "indicator_id": ind.indicator_id,
        "measure_id": ind.measure_id,
        "name": ind.name,
        "definition": ind.definition,
        "unit": ind.unit,
        "ioo_level": ind.ioo_level,
        "direction": ind.direction,
        "baseline_value": ind.baseline_value,
        "baseline_date": ind.baseline_date,
        "target_value": ind.target_value,
        "target_date": ind.target_date,
        "update_interval": ind.update_interval,
        "source": ind.source,
        "is_public": ind.is_public,
        "caveats": ind.caveats,
        "is_example": ind.is_example,
        "computed": ind.computed,
    }


def _out(as_json: bool, rows: list[dict[str, Any]], fmt: Callable[[dict[str, Any]], str]) -> None:
    if as_json:
        print(
            json.dumps(
                rows if len(rows) != 1 or not {"effect", "progress_status", "mde_pct"} & rows[0].keys() else rows[0],
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    else:
        for r in rows:
            print(fmt(r))


__all__ = ["main", "progress_reason_de", "verdict_de"]
