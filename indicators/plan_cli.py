"""`python -m indicators plan list|show ID|result ID [--version N] [--json]`: the evaluation plans and their results."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from indicators import plans
from indicators.labels import (
    EXPECTED_DIRECTION_DE,
    METHOD_NAMES_DE,
    PLAN_LATE_DE,
    PLAN_STATUS_DE,
    pct_de,
    plan_assessment_text,
    plan_below_mde_text,
    verdict_text,
)
from indicators.store import DEFAULT_SNAPSHOT, Snapshot


def add_parser(sub: Any) -> None:
    s = sub.add_parser("plan", help="Evaluationspläne und ihre Ergebnisse")
    s.add_argument("action", choices=("list", "show", "result"), help="list: alle Pläne; show/result: ein Plan")
    s.add_argument("plan_id", nargs="?")
    s.add_argument("--version", type=int, help="eine ältere Version (Standard: die aktuelle)")
    s.add_argument("--db", type=Path, default=DEFAULT_SNAPSHOT, help="Snapshot (nur gelesen)")
    s.add_argument("--json", action="store_true", help="Ausgabe als JSON")


def plan_dict(p: plans.Plan, today: date) -> dict[str, Any]:
    return {
        "plan_id": p.plan_id,
        "version": p.version,
        "measure_id": p.measure_id,
        "indicator_id": p.indicator_id,
        "station_id": p.station_id,
        "cutoff_date": p.cutoff_date.isoformat(),
        "window_days": p.window_days,
        "method": p.method,
        "controls": list(p.controls),
        "expected_direction": p.expected_direction,
        "expected_effect_pct": p.expected_effect_pct,
        "decided_by": p.decided_by,
        "decided_on": p.decided_on.isoformat(),
        "published_on": p.published_on.isoformat(),
        "late": p.late,
        "change_reason": p.change_reason,
        "content_hash": p.content_hash,
        "is_example": p.is_example,
        "status": p.status(today),
    }


def result_dict(snap: Snapshot, p: plans.Plan) -> dict[str, Any]:
    r = plans.result(snap, p)
    out = r.to_dict()
    if r.result is not None:
        out["verdict"] = verdict_text(r.result)
        out["assessment"] = plans.assessment(p, r.result)
        out["assessment_text"] = plan_assessment_text(
            out["assessment"], p.expected_effect_pct, r.result.ci_low_pct, r.result.ci_high_pct
        )
    out["below_mde"] = plans.below_mde(p, r.mde_pct)
    if out["below_mde"] and r.mde_pct is not None:
        out["below_mde_text"] = plan_below_mde_text(p.expected_effect_pct, r.mde_pct)
    return out


def main(args: argparse.Namespace) -> int:
    snap = Snapshot(args.db)
    today = date.today()
    if args.action == "list":
        rows = [plan_dict(p, today) for p in plans.latest(snap)]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        for r in [] if args.json else rows:
            late = f" ({PLAN_LATE_DE})" if r["late"] else ""
            print(
                f"{r['plan_id']:<32} v{r['version']}  {r['cutoff_date']}  {r['method']:<8} {r['indicator_id']:<26}"
                f" {PLAN_STATUS_DE[r['status']]}{late}"
            )
        return 0
    if not args.plan_id:
        print("ERROR Aufruf: Plan-ID fehlt (python -m indicators plan list zeigt alle)", file=sys.stderr)
        return 2
    try:
        p = plans.get(snap, args.plan_id, args.version)
    except KeyError:
        print(f"ERROR unbekannter Plan {args.plan_id!r}" + (f" Version {args.version}" if args.version else ""), file=sys.stderr)
        return 2
    row = plan_dict(p, today)
    if args.action == "show":
        row["history"] = [
            {"version": v.version, "published_on": v.published_on.isoformat(), "change_reason": v.change_reason}
            for v in plans.history(snap, p.plan_id)
        ]
    else:
        row["result"] = result_dict(snap, p)
    if args.json:
        print(json.dumps(row, ensure_ascii=False, indent=2))
        return 0
    print(_text(row))
    return 0


def _text(r: dict[str, Any]) -> str:
    station = f" an {r['station_id']}" if r["station_id"] else ""
    lines = [
        f"Plan {r['plan_id']}, Version {r['version']}: {r['indicator_id']}{station}, Stichtag {_day(r['cutoff_date'])},"
        f" {r['window_days']} Tage je Seite",
        f"Methode: {METHOD_NAMES_DE[r['method']]}" + (f" (Kontrollen: {', '.join(r['controls'])})" if r["controls"] else ""),
        f"Erwartet: {EXPECTED_DIRECTION_DE[r['expected_direction']]} {pct_de(r['expected_effect_pct'])}",
        f"Entschieden von {r['decided_by']} am {_day(r['decided_on'])}, veröffentlicht am {_day(r['published_on'])}"
        + (f" – {PLAN_LATE_DE}" if r["late"] else ""),
        f"Status: {PLAN_STATUS_DE[r['status']]}",
    ]
    for h in r.get("history", []):
        lines.append(f"  Version {h['version']} ({_day(h['published_on'])}): {h['change_reason'] or 'erste Fassung'}")
    res = r.get("result")
    if res is not None:
        if res["error"]:
            lines.append(f"Ergebnis: nicht berechenbar: {res['error']}")
        else:
            lines += [f"Ergebnis: {res['verdict']}", res["assessment_text"]]
        if res.get("mde_pct") is not None:
            lines.append(f"Kleinster nachweisbarer Effekt (MDE, in der erwarteten Richtung): {pct_de(res['mde_pct'])}")
        if res.get("below_mde_text"):
            lines.append(res["below_mde_text"])
        lines.append(f"berechnet: {res['computed_at']}")
    return "\n".join(lines)


def _day(iso: str) -> str:
    return f"{date.fromisoformat(iso):%d.%m.%Y}"
