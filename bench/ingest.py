"""Ingest benchmark: city-scale exports in the real formats, loaded by `python -m etl load` and, as the baseline on the
same files in the same run, by what a DuckDB user writes for them. Also builds the city-scale warehouse and snapshot.

    python bench/ingest.py [--scale 4.25]

Scale 4.25 of the demo generator gives 17 Eco-Counter sites × 3 channels × 10 years × 15 min ≈ 17.9 M counts, written
in two layouts: yearly files (170, one per site and year, as the demo loads them) and monthly files (2 040, one per site
and month: Eco-Counter's and Münster's download layout, the same rows cut at month ends); and 43 sensor.community
locations (two sensors each, hourly, 2020–2025).

Baselines (the fastest thing a DuckDB user writes for the same job, in the same run):
- Eco-Counter, both layouts: one `read_csv('<site>/*.csv', ignore_errors = true)` per site (types sniffed from the
  first file; a column sniffed as text where a damaged count stands in its sample is cast with `try_cast`), the
  channels unpivoted into (timestamp, channel, value) and inserted into one table;
- sensor.community: one `read_csv([all files], union_by_name)` inserted into one table (the archive is long already).
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

# Eco-Counter: per site, one scan of all its files, unpivoted into one long table (the channel header names the site)
GLOB_BASELINE = """
import duckdb, sys, json
sites = json.loads(sys.argv[1])
con = duckdb.connect(sys.argv[2])
con.execute("create table counts (ts timestamp, channel varchar, value double)")
for site in sites:
    con.execute(f\"\"\"insert into counts select "Datetime", channel, value from (
        unpivot (select "Datetime", try_cast(columns(lambda c: c not like '%-status' and c <> 'Datetime') as double)
                 from read_csv({site + '/*.csv'!r}, ignore_errors = true))
        on columns(* exclude ("Datetime")) into name channel value value)\"\"\")
print(con.execute("select count(*) from counts").fetchone()[0])
"""

# sensor.community: every file in one scan (sensor types differ in their columns: union by name) into one table
LIST_BASELINE = """
import duckdb, sys, json
files = json.loads(sys.argv[1])
con = duckdb.connect(sys.argv[2])
con.execute(f"create table readings as select * from read_csv({files!r}, delim = ';', union_by_name = true, ignore_errors = true)")
print(con.execute("select count(*) from readings").fetchone()[0])
"""


def generate(scale: float) -> dict[str, list[Path]]:
    from etl.demo.generate import generate_all

    t0 = time.perf_counter()
    files = generate_all(EXPORTS, scale=scale, log=lambda s: None)
    print(f"Exporte erzeugt (Skala {scale}) in {time.perf_counter() - t0:.0f} s: {EXPORTS}")
    return files


def monthly_layout(yearly: list[Path], out: Path) -> list[Path]:
    """The yearly Eco-Counter exports cut into one file per site and month (header repeated): the same rows in the
    layout of a counter portal's monthly downloads, in site and month order."""
    shutil.rmtree(out, ignore_errors=True)
    files: list[Path] = []
    for f in sorted(yearly):
        head, _, body = f.read_bytes().partition(b"\n")
        months: dict[bytes, list[bytes]] = {}
        for line in body.splitlines(keepends=True):
            months.setdefault(line[:7], []).append(line)
        site = f.parent.name
        for month, lines in sorted(months.items()):
            p = out / site / f"{site}_{month.decode()}.csv"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(head + b"\n" + b"".join(lines))
            files.append(p)
    return files


def _warm(files: list[Path]) -> None:
    """Read every file once, so that neither run pays for the disk (both then read from the page cache)."""
    for f in files:
        f.read_bytes()


def measure_format(name: str, files: list[Path], db: Path, *, layout: str) -> dict[str, object]:
    """Loader vs the baseline on the same files, each a child process (peak RSS). The loader writes into `db`, the
    baseline into a scratch database."""
    import json

    mb = sum(f.stat().st_size for f in files) / 1e6
    base_db = WORK / f"baseline-{name}.duckdb"
    base_db.unlink(missing_ok=True)
    _warm(files)
    if name == "ecocounter":
        sites = sorted({str(f.parent) for f in files})
        base = run_measured([PY, "-c", GLOB_BASELINE, json.dumps(sites), str(base_db)])
        baseline = "read_csv('<Zählstelle>/*.csv') je Zählstelle, entpivotiert in eine Tabelle"
    else:
        base = run_measured([PY, "-c", LIST_BASELINE, json.dumps([str(f) for f in files]), str(base_db)])
        baseline = "read_csv([alle Dateien], union_by_name) in eine Tabelle"
    if base.returncode != 0:
        raise SystemExit(f"Baseline {name} fehlgeschlagen: {base.stderr[-2000:]}")
    base_rows = int(base.stdout.strip().splitlines()[-1])
    _warm(files)
    load = run_measured([PY, "-m", "etl", "load", *map(str, files), "--db", str(db)])
    if load.returncode not in (0, 1):
        raise SystemExit(f"etl load {name} fehlgeschlagen: {load.stderr[-2000:]}")
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    ids = con.execute("select list(load_id) from load_log where kind like ?", [f"{name}%"]).fetchone()[0] or []
    csv_rows = con.execute("select sum(rows_in) from load_log where load_id in (select unnest(?))", [ids]).fetchone()[0]
    obs = con.execute("select count(*) from observation where load_id in (select unnest(?))", [ids]).fetchone()[0]
    det = con.execute("select count(*) from observation_detail where load_id in (select unnest(?))", [ids]).fetchone()[0]
    before = con.execute("select count(*) from observation where load_id not in (select unnest(?))", [ids]).fetchone()[0]
    con.close()
    base_db.unlink(missing_ok=True)
    res = {
        "layout": layout,
        "files": len(files),
        "megabytes": round(mb, 1),
        "csv_rows": int(csv_rows or 0),
        "observation_rows": obs,
        "observation_detail_rows": det,
        "observation_rows_already_in_warehouse": before,
        "loader_s": round(load.seconds, 1),
        "loader_mb_s": round(mb / load.seconds, 2),
        "loader_rows_s": round((csv_rows or 0) / load.seconds),
        "loader_peak_rss_mib": round(load.peak_rss_mib),
        "baseline": baseline,
        "baseline_rows": base_rows,
        "read_csv_s": round(base.seconds, 1),
        "read_csv_mb_s": round(mb / base.seconds, 2),
        "read_csv_peak_rss_mib": round(base.peak_rss_mib),
        "ratio": round(base.seconds / load.seconds, 3),
        "load_average": load_now(),
    }
    print(f"{name} ({layout}): {res}")
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
    counts = {
        t: con.execute(f'select count(*) from "{t}"').fetchone()[0]
        for t in ("observation", "observation_detail", "observation_hourly", "station", "service_request")
    }
    con.close()
    res = {
        "scale": scale,
        "build_s": round(run.seconds, 1),
        "build_peak_rss_mib": round(run.peak_rss_mib),
        "publish_s": round(pub.seconds, 1),
        "snapshot_mib": round(CITY_SNAPSHOT.stat().st_size / 2**20),
        "rows": counts,
        "load_average": load_now(),
        "log_tail": run.stdout.strip().splitlines()[-14:],
    }
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
    monthly_db = WORK / "monthly.duckdb"
    for p in (CITY_DB, CITY_DB.with_suffix(".duckdb.wal"), monthly_db, monthly_db.with_suffix(".duckdb.wal")):
        p.unlink(missing_ok=True)
    # one file per site and month into an empty warehouse of its own (the same rows as the yearly files)
    monthly = monthly_layout(files["ecocounter"], WORK / "exports-monthly" / "ecocounter")
    out["ecocounter_monthly"] = measure_format("ecocounter", monthly, monthly_db, layout="Monatsdateien")
    for p in (monthly_db, monthly_db.with_suffix(".duckdb.wal")):
        p.unlink(missing_ok=True)
    # Eco-Counter's yearly files into the empty city warehouse, then sensor.community into the warehouse with the counts
    out["ecocounter"] = measure_format("ecocounter", files["ecocounter"], CITY_DB, layout="Jahresdateien")
    out["sensor_community"] = measure_format("sensor_community", files["sensor_community"], CITY_DB, layout="Jahresdateien")
    save_result("ingest", out)
    if not args.skip_city:
        save_result("city", build_city(args.scale))
    shutil.rmtree(WORK / "exports" / "freifunk", ignore_errors=True)  # the largest file count; not needed afterwards
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
