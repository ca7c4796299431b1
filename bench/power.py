"""Does the reported minimum detectable effect have 80 % power? Measured by simulation (docs/methods.md, "Power und
minimal nachweisbarer Effekt").

    python bench/power.py [--reps 300] [--db data/build/warehouse.duckdb] [--no-doc]

For each method and window: a pre-period of four years with the demo's properties (bench/methods.py's station model:
weekday, season, weather, trend, AR(1) noise, year shocks 4 % shared + 2 % per station, negative binomial counts, two
controls) → `indicators.power.minimum_detectable_effect` → `--reps` fresh series with the pre-period's estimated
properties and the reported MDE injected → the planned method (`before_after.estimate`) → the share of intervals above
zero (target 80 % ± 7). The same for the analytic approximation (noncentral t), which the MDE no longer relies on.
With `--db`: the figures of the demo's headline station (Berliner Straße, bicycles, 2022-04-01).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.methods import SCENARIOS, _station, _weather  # noqa: E402
from indicators import power  # noqa: E402

AT = date(2022, 4, 1)
DOC = Path(__file__).resolve().parent.parent / "docs" / "methods.md"
DEMO = next(s for s in SCENARIOS if s.name == "demo")
CASES = (("adjusted", 730), ("its", 730), ("did", 730), ("did", 365), ("did", 91))  # did 91: 730 before, 91 after


def history(rng: np.random.Generator, years: int = 4) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """A pre-period of `years` years before AT like the demo's counters: station series, weather, two controls."""
    start = AT - timedelta(days=365 * years + 1)
    d = [start + timedelta(days=i) for i in range((AT - start).days)]
    w = _weather(rng, d)
    shocks = {y: float(rng.normal(0, DEMO.year_sd)) for y in range(start.year, AT.year + 1)}
    y = _station(rng, DEMO, d, w, shocks, 0.0)
    c = [_station(rng, DEMO, d, w, shocks, 0.0) for _ in range(2)]
    keep = rng.random(len(d)) >= 0.05  # missing days, as bench/methods.py
    data = pl.DataFrame({"day": d, "value": y}).filter(pl.Series(keep))
    return data, w, pl.DataFrame({"day": d, "c1": c[0], "c2": c[1]})


def validate(
    method: str, window: int, *, reps: int, seed: int = 2022, draws: int = power.DRAWS, symmetric: bool = True
) -> dict[str, Any]:
    """Report the MDE for a simulated pre-period and measure its power with `reps` fresh series.

    `symmetric` = False measures a short after window (`window` days after, 730 before), as `weeks_to_detect` uses."""
    rng = np.random.default_rng([seed, power.POWER_METHODS.index(method), window])
    data, w, ctrl = history(rng)
    before = window if symmetric else power.DEFAULT_WINDOW
    kw: dict[str, Any] = {"weather": w, "controls": ctrl if method == "did" else None, "draws": draws}
    t0 = time.time()
    prep = power.prepare(data, at=AT, method=method, window_days=before, weather=w, controls=kw["controls"])
    design = power.planned_design(prep, at=AT, method=method, before_days=before, after_days=window)
    se = power.effect_se(design, prep.noise, offset_used=method == "did")
    null = power.interval_draws(design, prep.noise, window=before, draws=draws)
    up = power._mde_sim(design, prep.noise, null, up=True, window=before, draws=draws, seed=power.SEED)
    mde = power._pct(up, prep.scale)
    analytic = power._pct(power._mde_delta(se), prep.scale)
    seconds = time.time() - t0
    check = power.interval_draws(design, prep.noise, window=before, effect_pct=mde, draws=reps, seed=seed + 1)
    check_a = power.interval_draws(design, prep.noise, window=before, effect_pct=analytic, draws=reps, seed=seed + 1)
    return {
        "method": method,
        "before": before,
        "after": window,
        "mde_pct": mde,
        "power_pct": 100 * check.power(),
        "mde_analytic_pct": analytic,
        "power_analytic_pct": 100 * check_a.power(),
        "reps": len(check.lo),
        "seconds": seconds,
    }


def demo_figures(db: Path, draws: int = power.DRAWS) -> list[dict[str, Any]]:
    """The headline station of the demo warehouse: MDE by method, weeks until the planted +15 % is detectable."""
    from indicators.store import Snapshot

    snap = Snapshot(db)
    out = []
    for method in power.POWER_METHODS:
        r = power.minimum_detectable_effect(snap, "ecocounter:100069001", "bicycles", AT, None, method, draws=draws)
        wk = power.weeks_to_detect(snap, "ecocounter:100069001", "bicycles", AT, None, method, effect=15.0, draws=draws)
        out.append(r.to_dict() | {"weeks_needed": wk.weeks_needed, "max_weeks": wk.max_weeks})
    return out


def _d(v: float, lang: str) -> str:
    s = f"{v:.1f}".replace(".", ",") if lang == "de" else f"{v:.1f}"
    return s.replace("-", "−")


def _phi(v: float, lang: str) -> str:
    return f"{v:.2f}".replace(".", ",") if lang == "de" else f"{v:.2f}"


def table(rows: list[dict[str, Any]], lang: str = "de") -> str:
    head = (
        "| Methode | Fenster vorher / nachher (Tage) | gemeldeter MDE | empirische Power | Näherungsformel: MDE / Power | Reihen |"
        if lang == "de"
        else "| Method | window before / after (days) | reported MDE | empirical power | approximation: MDE / power | series |"
    )
    lines = [head, "|---|---|---|---|---|---|"]
    for r in rows:
        ok = abs(r["power_pct"] - 80) <= 7
        p = _d(r["power_pct"], lang) + " %"
        lines.append(
            f"| {r['method']} | {r['before']} / {r['after']} | +{_d(r['mde_pct'], lang)} % | {p if ok else f'**{p}**'} | "
            f"+{_d(r['mde_analytic_pct'], lang)} % / {_d(r['power_analytic_pct'], lang)} % | {r['reps']} |"
        )
    return "\n".join(lines)


def demo_table(rows: list[dict[str, Any]], lang: str = "de") -> str:
    head = (
        "| Methode | MDE Anstieg / Rückgang | φ | Streuung | Jahresschwankung | +15 % nachweisbar nach |"
        if lang == "de"
        else "| Method | MDE increase / decrease | φ | sd | year-to-year sd | +15 % detectable after |"
    )
    lines = [head, "|---|---|---|---|---|---|"]
    for r in rows:
        weeks = r["weeks_needed"]
        if weeks is None:
            wk = f"nicht innerhalb von {r['max_weeks']} Wochen" if lang == "de" else f"not within {r['max_weeks']} weeks"
        else:
            wk = f"{weeks} Wochen" if lang == "de" else f"{weeks} weeks"
        lines.append(
            f"| {r['method']} | +{_d(r['mde_pct'], lang)} % / {_d(r['mde_decrease_pct'], lang)} % | "
            f"{_phi(r['phi'], lang)} | {_d(100 * r['noise_sd'], lang)} % | "
            f"{_d(r['year_sd_pct'], lang)} % | {wk} |"
        )
    return "\n".join(lines)


def write_doc(rows: list[dict[str, Any]], demo: list[dict[str, Any]] | None, meta: dict[str, Any], doc: Path = DOC) -> None:
    """Replace the marked blocks `power-bench:de|en` of docs/methods.md with this run's tables."""
    text = doc.read_text(encoding="utf-8")
    for lang in ("de", "en"):
        start, end = f"<!-- power-bench:{lang} -->", f"<!-- /power-bench:{lang} -->"
        if lang == "de":
            intro = f"Gemessen am {meta['finished']} mit `python bench/power.py` ({meta['seconds']} s), Ziel 80 % ± 7:"
            demo_intro = "Demo-Warehouse, Berliner Straße (Radverkehr), Stichtag 01.04.2022, 730 Tage je Seite:"
        else:
            intro = f"Measured on {meta['finished']} with `python bench/power.py` ({meta['seconds']} s), target 80 % ± 7:"
            demo_intro = "Demo warehouse, Berliner Straße (bicycles), date 2022-04-01, 730 days each side:"
        parts = [start, "", intro, "", table(rows, lang), ""]
        if demo:
            parts += [demo_intro, "", demo_table(demo, lang), ""]
        parts.append(end)
        a, b = text.index(start), text.index(end) + len(end)
        text = text[:a] + "\n".join(parts) + text[b:]
    doc.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=300)
    ap.add_argument("--db", type=Path, help="demo warehouse or snapshot: add the headline station's figures")
    ap.add_argument("--no-doc", action="store_true")
    ap.add_argument("--out", type=Path, help="write the results as JSON")
    args = ap.parse_args(argv)
    t0 = time.time()
    rows = []
    for method, window in CASES:
        r = validate(method, window, reps=args.reps, symmetric=window != 91)
        print(r, flush=True)
        rows.append(r)
    demo = demo_figures(args.db) if args.db else None
    meta = {"finished": datetime.now().strftime("%d.%m.%Y %H:%M"), "seconds": round(time.time() - t0)}
    print(table(rows))
    if demo:
        print(demo_table(demo))
    if args.out:
        args.out.write_text(json.dumps({"rows": rows, "demo": demo, **meta}, indent=1, default=str), encoding="utf-8")
    if not args.no_doc:
        write_doc(rows, demo, meta)
        print(f"geschrieben: {DOC}")
    return {"rows": rows, "demo": demo, **meta}


if __name__ == "__main__":
    main()
    raise SystemExit(0)
