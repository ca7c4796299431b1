"""Ingest benchmark: city-scale exports in the real formats, loaded by `python -m etl load` and, as the baseline on the
same files in the same run, by bare DuckDB `read_csv` into a table. Also builds the city-scale warehouse and snapshot.

    python bench/ingest.py [--scale 4.25]

Scale 4.25 of the demo generator gives 17 Eco-Counter sites × 3 channels (≈ 50 channels) × 10 years × 15 min
≈ 17.9 M counts in 170 yearly files, and 43 sensor.community locations (two sensors each, hourly, 2020–2025).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PY, WORK, load_now, run_measured, save_result  # noqa: E402

EXPORTS = WORK / "exports"
CITY_DB = WORK / "city.duckdb"
CITY_SNAPSHOT = WORK / "city-snapshot.duckdb"

# DuckDB's own reader on the same files, one file at a time into a table (as `etl load` takes them): types sniffed,
# nothing validated, nothing merged. The fastest a loader could be.
BASELINE = """
import duckdb, sys, json
files = json.loads(sys.argv[1]); opts = sys.argv[2]
con = duckdb.connect(sys.argv[3])
rows = 0
for i, f in enumerate(files):
    con.execute(f"create table t{i} as select * from read_csv({f!r}{opts})")
    rows += con.execute(f"select count(*) from t{i}").fetchone()[0]
print(rows)
"""


def generate(scale: float) -> dict[str, list[Path]]:
    from etl.demo.generate import generate_all

    t0 = time.perf_counter()
    files = generate_all(EXPORTS, scale=scale, log=lambda s: None)
    print(f"Exporte erzeugt (Skala {scale}) in {time.perf_counter() - t0:.0f} s: {EXPORTS}")
    return files


def measure_format(name: str, files: list[Path], csv_opts: str, db: Path) -> dict[str, object]:
    """Loader vs read_csv on the same files, each a child process (peak RSS). The loader writes into `db` (the city
    warehouse being built, so its files need not be loaded twice), the baseline into a scratch database."""
    import json

    mb = sum(f.stat().st_size for f in files) / 1e6
    base_db = WORK / f"baseline-{name}.duckdb"
    base_db.unlink(missing_ok=True)
    listing = WORK / f"{name}.files"
    listing.write_text("\n".join(str(f) for f in files), encoding="utf-8")
    base = run_measured([PY, "-c", BASELINE, json.dumps([str(f) for f in files]), csv_opts, str(base_db)])
    if base.returncode != 0:
        raise SystemExit(f"Baseline {name} fehlgeschlagen: {base.stderr[-2000:]}")
    raw_rows = int(base.stdout.strip().splitlines()[-1])
    load = run_measured([PY, "-m", "etl", "load", *map(str, files), "--db", str(db)])
    if load.returncode not in (0, 1):
        raise SystemExit(f"etl load {name} fehlgeschlagen: {load.stderr[-2000:]}")
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    ids = con.execute("select list(load_id) from load_log where kind like ?", [f"{name}%"]).fetchone()[0] or []
    obs = con.execute("select count(*) from observation where load_id in (select unnest(?))", [ids]).fetchone()[0]
    det = con.execute("select count(*) from observation_detail where load_id in (select unnest(?))", [ids]).fetchone()[0]
    before = con.execute("select count(*) from observation where load_id not in (select unnest(?))", [ids]).fetchone()[0]
    con.close()
    base_db.unlink(missing_ok=True)
    res = {
        "files": len(files), "megabytes": round(mb, 1), "csv_rows": raw_rows,
        "observation_rows": obs, "observation_detail_rows": det, "observation_rows_already_in_warehouse": before,
        "loader_s": round(load.seconds, 1), "loader_mb_s": round(mb / load.seconds, 2),
        "loader_rows_s": round(raw_rows / load.seconds), "loader_peak_rss_mib": round(load.peak_rss_mib),
        "read_csv_s": round(base.seconds, 1), "read_csv_mb_s": round(mb / base.seconds, 2),
        "read_csv_rows_s": round(raw_rows / base.seconds), "read_csv_peak_rss_mib": round(base.peak_rss_mib),
        "ratio": round(base.seconds / load.seconds, 3), "load_average": load_now(),
    }
    print(f"{name}: {res}")
    return res


def build_city(scale: float) -> dict[str, object]:
    """The city-scale warehouse: every format at `scale`, loaded like `python -m etl demo` (the files the ingest
    measurement loaded already are skipped by their SHA-256), then published."""
    CITY_SNAPSHOT.unlink(missing_ok=True)
    code = (
        "from pathlib import Path; from etl.demo import build_demo; from etl.demo.world import BASE_DAY; "
        f"raise SystemExit(build_demo(Path({str(CITY_DB)!r}), scale={scale}, exports=Path({str(EXPORTS)!r}), day=BASE_DAY))"
    )
    run = run_measured([PY, "-c", code])
    if run.returncode not in (0, 1):
        raise SystemExit(f"Stadt-Warehouse fehlgeschlagen: {run.stderr[-2000:]}")
    pub = run_measured([PY, "-m", "etl", "publish", "--db", str(CITY_DB), "--out", str(CITY_SNAPSHOT)])
    import duckdb

    con = duckdb.connect(str(CITY_SNAPSHOT), read_only=True)
    counts = {t: con.execute(f'select count(*) from "{t}"').fetchone()[0]
              for t in ("observation", "observation_detail", "observation_hourly", "station", "service_request")}
    con.close()
    res = {"scale": scale, "build_s": round(run.seconds, 1), "build_peak_rss_mib": round(run.peak_rss_mib),
           "publish_s": round(pub.seconds, 1), "snapshot_mib": round(CITY_SNAPSHOT.stat().st_size / 2**20),
           "rows": counts, "load_average": load_now(), "log_tail": run.stdout.strip().splitlines()[-14:]}
    print(f"Stadt-Warehouse: {res}")
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, default=4.25)
    ap.add_argument("--skip-city", action="store_true", help="nur die Ingest-Messung")
    args = ap.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    files = generate(args.scale)
    out: dict[str, object] = {"scale": args.scale}
    for p in (CITY_DB, CITY_DB.with_suffix(".duckdb.wal")):
        p.unlink(missing_ok=True)
    # Eco-Counter into the empty warehouse, then sensor.community into the warehouse that holds the counts
    out["ecocounter"] = measure_format("ecocounter", files["ecocounter"], "", CITY_DB)
    out["sensor_community"] = measure_format("sensor_community", files["sensor_community"], ", delim = ';'", CITY_DB)
    save_result("ingest", out)
    if not args.skip_city:
        save_result("city", build_city(args.scale))
    shutil.rmtree(WORK / "exports" / "freifunk", ignore_errors=True)  # the largest file count; not needed afterwards
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
