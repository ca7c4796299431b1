"""Coverage of the before/after intervals, measured: daily count series with demo-like properties and a known effect.

    python bench/methods.py [--series 200] [--bandwidths fixed_b,nw]   (or `python bench/run.py --only methods`)

Each scenario draws `--series` station series (and two control stations for `did`) with day-of-week and seasonal
pattern, weather dependence (temperature, rain), a slow trend, AR(1) noise on the log scale, overdispersed counts
(negative binomial), 5 % missing days and a three-week outage, two years before the date and two (or 120 days)
after. Each series is compared with every method at effect 0 and +10 %; the table reports how often the 95 % interval
holds the true effect (target 93–97 %) and its mean width in percentage points.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # thousands of small fits: threaded BLAS only fights over the two cores

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators.before_after import BANDWIDTH, METHODS, BeforeAfterError, estimate  # noqa: E402

AT = date(2022, 4, 1)
DOC = Path(__file__).resolve().parent.parent / "docs" / "methods.md"
EFFECTS = (0.0, 10.0)


@dataclass(frozen=True)
class Scenario:
    name: str
    label: str
    label_en: str
    rho: float = 0.5  # AR(1) of the daily log noise
    noise_sd: float = 0.10  # marginal sd of that noise (the demo's DAILY_NOISE_SD)
    base: float = 2000.0  # counts per day on a mild dry working day
    nb_shape: float = 200.0  # negative-binomial shape (variance μ + μ²/shape): extra sd 7 % at high counts
    year_sd: float = 0.0  # year-to-year shocks (log scale), by calendar year, shared by the controls
    own_year_sd: float = 0.0  # each station's own year shocks (log scale), not shared: what DiD's controls cannot remove
    days_after: int = 730


SCENARIOS = (
    Scenario("ar05", "AR(1) ρ = 0,5, ~2 000/Tag", "AR(1) ρ = 0.5, ~2,000/day"),
    Scenario("ar08", "AR(1) ρ = 0,8", "AR(1) ρ = 0.8", rho=0.8),
    Scenario("shocks", "ρ = 0,5 + Jahresschocks 5 %", "ρ = 0.5 + year-to-year shocks 5 %", year_sd=0.05),
    Scenario("nb12", "negativ binomial ~12/Tag", "negative binomial ~12/day", base=12.0, nb_shape=5.0),
    Scenario("short", "nur 120 Tage nachher", "only 120 days after", days_after=120),
    Scenario(
        "demo",
        "wie die Demo: Jahresschocks 4 % gemeinsam + 2 % je Station",
        "as the demo: year shocks 4 % shared + 2 % per station",
        year_sd=0.04,
        own_year_sd=0.02,
    ),
)


def _weather(rng: np.random.Generator, d: list[date]) -> pl.DataFrame:
    n = len(d)
    doy = np.array([x.timetuple().tm_yday for x in d]) / 365.25 * 2 * np.pi
    anomaly = np.zeros(n)
    shocks = rng.normal(0, 2.2, n)
    for i in range(1, n):  # weather spells: temperature anomalies persist for days
        anomaly[i] = 0.7 * anomaly[i - 1] + shocks[i]
    temp = 10.5 + 9 * np.sin(doy - 1.9) + anomaly
    rain = np.where(rng.random(n) < 0.35, rng.gamma(1.2, 4, n), 0.0)
    snow = np.where((temp < 0) & (rng.random(n) < 0.5), 3.0, 0.0)
    return pl.DataFrame({"day": d, "temperature": temp, "precipitation": rain, "snow_depth": snow})


def _station(
    rng: np.random.Generator, sc: Scenario, d: list[date], w: pl.DataFrame, year_shock: dict[int, float], effect: float
) -> np.ndarray:
    n = len(d)
    wd = np.array([x.weekday() for x in d])
    doy = np.array([x.timetuple().tm_yday for x in d]) / 365.25 * 2 * np.pi
    years = np.array([(x - d[0]).days for x in d]) / 365.25
    temp, rain = w["temperature"].to_numpy(), w["precipitation"].to_numpy()
    own = {y: float(rng.normal(0, sc.own_year_sd)) if sc.own_year_sd else 0.0 for y in year_shock}
    e = np.zeros(n)
    innov = rng.normal(0, sc.noise_sd * math.sqrt(1 - sc.rho**2), n)
    e[0] = rng.normal(0, sc.noise_sd)
    for i in range(1, n):
        e[i] = sc.rho * e[i - 1] + innov[i]
    log_mu = (
        math.log(sc.base)
        + np.select([wd == 5, wd == 6], [-0.35, -0.5], 0.0)
        + 0.15 * np.sin(doy - 1.6)  # season beyond the weather (holidays, daylight)
        + 0.045 * (np.clip(temp, -5, 28) - 12)
        - 0.20 * np.log1p(rain)
        - 0.30 * (w["snow_depth"].to_numpy() > 0)
        + 0.02 * years
        + np.array([year_shock[x.year] + own[x.year] for x in d])
        + np.log1p(effect / 100) * np.array([x >= AT for x in d])
        + e
    )
    mu = np.exp(log_mu)
    lam = rng.gamma(sc.nb_shape, mu / sc.nb_shape)  # gamma-Poisson mixture: negative binomial
    return rng.poisson(lam).astype(float)


def draw(rng: np.random.Generator, sc: Scenario, effect: float) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """One station series (`day`, `value`), its weather and two control stations (`day`, `c1`, `c2`)."""
    start = AT - timedelta(days=730)
    d = [start + timedelta(days=i) for i in range(730 + sc.days_after)]
    w = _weather(rng, d)
    year_shock = {y: float(rng.normal(0, sc.year_sd)) if sc.year_sd else 0.0 for y in range(start.year, d[-1].year + 1)}
    y = _station(rng, sc, d, w, year_shock, effect)
    controls = [_station(rng, sc, d, w, year_shock, 0.0) for _ in range(2)]
    keep = rng.random(len(d)) >= 0.05  # missing days
    gap = int(rng.integers(0, len(d) - 21))
    keep[gap : gap + 21] = False  # one outage of three weeks
    data = pl.DataFrame({"day": d, "value": y}).filter(pl.Series(keep))
    ctrl = pl.DataFrame({"day": d, "c1": controls[0], "c2": controls[1]})
    return data, w, ctrl


def _cell(args: tuple[int, float, int, list[str], int]) -> list[dict[str, Any]]:
    """One scenario at one effect: every method under every bandwidth rule on the same `n_series` draws."""
    i, effect, n_series, bandwidths, seed = args
    sc = SCENARIOS[i]
    rng = np.random.default_rng([seed, i, int(effect)])
    hits: dict[tuple[str, str], list[tuple[bool, float]]] = {}
    refused: dict[tuple[str, str], int] = {}
    verdicts: dict[tuple[str, str], dict[str, int]] = {}
    for _ in range(n_series):
        data, w, ctrl = draw(rng, sc, effect)
        for method in METHODS:
            for bw in bandwidths if method != "simple" else bandwidths[:1]:
                try:
                    r = estimate(
                        data,
                        at=AT,
                        method=method,
                        weather=w if method in ("adjusted", "its") else None,
                        controls=ctrl if method == "did" else None,
                        bandwidth=bw,
                    )
                except BeforeAfterError:
                    refused[(method, bw)] = refused.get((method, bw), 0) + 1
                    continue
                hits.setdefault((method, bw), []).append((r.ci_low_pct <= effect <= r.ci_high_pct, r.ci_high_pct - r.ci_low_pct))
                v = verdicts.setdefault((method, bw), {})
                v[r.verdict_code] = v.get(r.verdict_code, 0) + 1
    rows = []
    for method in METHODS:
        for bw in bandwidths if method != "simple" else bandwidths[:1]:
            h = hits.get((method, bw), [])
            rows.append(
                {
                    "scenario": sc.name,
                    "label": sc.label,
                    "effect_pct": effect,
                    "method": method,
                    "bandwidth": bw if method != "simple" else "",
                    "n": len(h),
                    "refused": refused.get((method, bw), 0),
                    "coverage_pct": round(100 * sum(c for c, _ in h) / len(h), 1) if h else None,
                    "mean_width_pp": round(float(np.mean([wd for _, wd in h])), 1) if h else None,
                    "verdicts": verdicts.get((method, bw), {}),
                }
            )
    print(f"{sc.name} +{effect:g} %: fertig", flush=True)
    return rows


def run(n_series: int, bandwidths: list[str], seed: int = 20221, processes: int = 2) -> dict[str, Any]:
    """Every scenario at every effect, on `processes` cores; the draws depend only on `seed` (not on the cores)."""
    t0 = time.time()
    cells = [(i, effect, n_series, bandwidths, seed) for i in range(len(SCENARIOS)) for effect in EFFECTS]
    if processes > 1:
        # spawn, not fork: in `make bench` this runs after sections that started threads (DuckDB, polars, Playwright);
        # a forked child inherits their locks as they were at the fork and waited on one forever (12/2026)
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            parts = pool.map(_cell, cells, chunksize=1)
    else:
        parts = [_cell(c) for c in cells]
    rows = [r for part in parts for r in part]
    return {"series": n_series, "bandwidths": bandwidths, "seconds": round(time.time() - t0), "rows": rows}


def _decimal(v: float, lang: str) -> str:
    return f"{v:.1f}".replace(".", ",") if lang == "de" else f"{v:.1f}"


def table(res: dict[str, Any], bandwidth: str = BANDWIDTH, lang: str = "de") -> str:
    """Markdown: per scenario and method `coverage at 0 / +10 % (± mean half-width)` under `bandwidth`."""
    by = {(r["scenario"], r["method"], r["effect_pct"]): r for r in res["rows"] if r["bandwidth"] in ("", bandwidth)}
    names = {"simple": "simple (nur beschreibend)" if lang == "de" else "simple (descriptive only)"}
    lines = [
        ("| Szenario | " if lang == "de" else "| Scenario | ") + " | ".join(names.get(m, m) for m in METHODS) + " |",
        "|---" * (len(METHODS) + 1) + "|",
    ]
    for sc in SCENARIOS:
        cells = []
        for m in METHODS:
            a, b = by.get((sc.name, m, 0.0)), by.get((sc.name, m, 10.0))
            if not a or a["coverage_pct"] is None or not b or b["coverage_pct"] is None:
                cells.append("abgelehnt (< 1 Jahr)" if lang == "de" else "refused (< 1 year)")
                continue
            cov = f"{_decimal(a['coverage_pct'], lang)} / {_decimal(b['coverage_pct'], lang)}"
            miss = m != "simple" and not all(93 <= x["coverage_pct"] <= 97 for x in (a, b))
            half = (a["mean_width_pp"] + b["mean_width_pp"]) / 4
            cells.append(("**" + cov + "**" if miss else cov) + f" (±{_decimal(half, lang)})")
        lines.append(f"| {sc.label if lang == 'de' else sc.label_en} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def bandwidth_table(res: dict[str, Any], lang: str = "de") -> str:
    """Coverage at 0 / +10 % of adjusted, its and did under each HAC rule: which one reaches the target."""
    bws = res["bandwidths"]
    by = {(r["scenario"], r["method"], r["effect_pct"], r["bandwidth"]): r for r in res["rows"]}
    head = "| Szenario | Methode | " if lang == "de" else "| Scenario | Method | "
    lines = [head + " | ".join(f"`{b}`" for b in bws) + " |", "|---|---|" + "---|" * len(bws)]
    for sc in SCENARIOS:
        for m in METHODS[1:]:
            cells = []
            for bw in bws:
                a, b = by.get((sc.name, m, 0.0, bw)), by.get((sc.name, m, 10.0, bw))
                ok = a and b and a["coverage_pct"] is not None and b["coverage_pct"] is not None
                cells.append(f"{_decimal(a['coverage_pct'], lang)} / {_decimal(b['coverage_pct'], lang)}" if ok else "—")  # type: ignore[index]
            lines.append(f"| {sc.label if lang == 'de' else sc.label_en} | {m} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def misses(res: dict[str, Any], bandwidth: str = BANDWIDTH) -> list[str]:
    """`scenario/method@effect` cells of adjusted, its, did outside 93–97 %."""
    return [
        f"{r['scenario']}/{r['method']}@+{r['effect_pct']:g}%: {r['coverage_pct']}"
        for r in res["rows"]
        if r["method"] != "simple" and r["bandwidth"] == bandwidth and not 93 <= (r["coverage_pct"] or 0) <= 97
    ]


def write_doc(res: dict[str, Any], doc: Path = DOC) -> None:
    """Replace the two marked blocks of docs/methods.md (German and English) with this run's tables."""
    text = doc.read_text(encoding="utf-8")
    bws = ", ".join(f"`{b}`" for b in res["bandwidths"])
    for lang in ("de", "en"):
        start, end = f"<!-- methods-bench:{lang} -->", f"<!-- /methods-bench:{lang} -->"
        if lang == "de":
            intro = (
                f"Gemessen am {res['finished']} mit {res['series']} Reihen je Zelle in {res['seconds']} s; Verfahren "
                f"`{BANDWIDTH}` (voreingestellt). Abdeckung bei Effekt 0 / +10 % in %:"
            )
            outro = f"Dieselben Reihen unter jeder Regel für die Standardfehler ({bws}), Abdeckung bei 0 / +10 %:"
        else:
            intro = (
                f"Measured on {res['finished']} with {res['series']} series per cell in {res['seconds']} s; rule "
                f"`{BANDWIDTH}` (the default). Coverage at effect 0 / +10 % in %:"
            )
            outro = f"The same series under each rule for the standard errors ({bws}), coverage at 0 / +10 %:"
        block = "\n".join([start, "", intro, "", table(res, BANDWIDTH, lang), "", outro, "", bandwidth_table(res, lang), "", end])
        a, b = text.index(start), text.index(end) + len(end)
        text = text[:a] + block + text[b:]
    doc.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--series", type=int, default=200)
    ap.add_argument(
        "--bandwidths",
        default=",".join(dict.fromkeys([BANDWIDTH, "pw", "nw", "fixed_b"])),
        help="comma-separated rules for the standard errors (indicators.before_after.BANDWIDTHS); the first is tabled",
    )
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    ap.add_argument("--no-doc", action="store_true", help="do not write the tables into docs/methods.md")
    args = ap.parse_args(argv)
    res = run(args.series, [b.strip() for b in args.bandwidths.split(",")], processes=args.processes)
    res["finished"] = datetime.now().strftime("%d.%m.%Y %H:%M")
    res["misses"] = misses(res)
    print(table(res, res["bandwidths"][0]))
    print(bandwidth_table(res))
    print("außerhalb 93–97 %:", ", ".join(res["misses"]) or "keine")
    if args.out:
        args.out.write_text(json.dumps(res, indent=1), encoding="utf-8")
    if not args.no_doc and res["bandwidths"][0] == BANDWIDTH:
        write_doc(res)
        print(f"geschrieben: {DOC}")
    return res


if __name__ == "__main__":
    main()
    raise SystemExit(0)
