"""Rezept 1 of docs/where-things-go.md, followed once: an indicator is one record file and one SQL file, plus the city's
values in the catalogue. The fixture `tests/recipes/indicator/` is put into a copy of the project (the real tree stays as
it is, for other test processes); the catalogue, loading, publishing and the indicator command line then run there as
subprocesses, exactly as documented, and must know the new indicator with its series — nothing else is edited."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "recipes" / "indicator"
DATA = ROOT / "tests" / "data"
CODE = ("etl", "indicators", "publish")
IID = "rad_monatssumme"
COUNTS = (DATA / "ecocounter" / "2025-03.csv", DATA / "ecocounter" / "2025-10.csv")

PROBE = r"""
import json, sys
from indicators import registry
from indicators.store import Snapshot

snap = Snapshot(sys.argv[1])
ind = registry.get(snap, sys.argv[2])
s = registry.series(snap, ind)
stored = {k for (k,) in snap.rows(f"select key from {registry.SERIES_TABLE}")}
print(json.dumps({
    "query": ind.computation.query if ind.computation else None,
    "series": [[str(d), v] for d, v in s.select("period_start", "value").iter_rows()],
    "stored": registry.series_key(ind) in stored,
}))
"""


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, *args], cwd=project, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's code with the recipe's files dropped in, its catalogue written, counts loaded and both
    snapshots (internal, public) published."""
    tmp = tmp_path_factory.mktemp("recipe_indicator")
    ignore = shutil.ignore_patterns("__pycache__", "build", "snapshots", "cache", "*.duckdb*")
    for name in CODE:
        shutil.copytree(ROOT / name, tmp / name, ignore=ignore)
    (tmp / "data").mkdir()
    shutil.copy2(ROOT / "data" / "make_catalogue.py", tmp / "data" / "make_catalogue.py")
    # the recipe: one record file, one SQL file ...
    record, query = FIXTURE / "definitions" / f"{IID}.py", FIXTURE / "sql" / "monthly_total.sql"
    assert not (tmp / "indicators" / "definitions" / record.name).exists()
    assert not (tmp / "indicators" / "sql" / query.name).exists(), "the recipe's query must be a new file"
    shutil.copy2(record, tmp / "indicators" / "definitions" / record.name)
    shutil.copy2(query, tmp / "indicators" / "sql" / query.name)
    # ... and the city's values: one row of the catalogue
    maker = tmp / "data" / "make_catalogue.py"
    head = "INDICATORS: list[M] = [\n"
    text = maker.read_text(encoding="utf-8")
    assert text.count(head) == 1
    maker.write_text(text.replace(head, head + (FIXTURE / "catalogue_row.txt").read_text(encoding="utf-8")), encoding="utf-8")

    _run(tmp, "data/make_catalogue.py", "data/massnahmenkatalog.xlsx")
    _run(tmp, "-m", "etl", "load", "data/massnahmenkatalog.xlsx", *map(str, COUNTS), "--db", "build.duckdb")
    _run(tmp, "-m", "etl", "publish", "--db", "build.duckdb", "--out", "snap.duckdb")
    _run(tmp, "-m", "etl", "publish", "--db", "build.duckdb", "--out", "public.duckdb", "--public")
    return tmp


def _show(project: Path, db: str) -> dict:
    return json.loads(_run(project, "-m", "indicators", "show", IID, "--json", "--db", db).stdout)


def _expected(project: Path) -> list[list[object]]:
    """The monthly totals straight from the loaded observations, independent of the recipe's SQL."""
    con = duckdb.connect(str(project / "build.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "select cast(date_trunc('month', ts) as date), sum(value) from observation"
            " where metric = 'bicycles' and value is not null group by 1 order by 1"
        ).fetchall()
    finally:
        con.close()
    return [[str(d), v] for d, v in rows]


def test_the_record_and_its_query_alone_make_an_indicator_with_its_series(project: Path) -> None:
    got = json.loads(_run(project, "-c", PROBE, "snap.duckdb", IID).stdout)
    assert got["query"] == "monthly_total"
    expected = _expected(project)
    assert len(expected) >= 2, "both months of the counts"
    assert [d for d, _ in got["series"]] == [d for d, _ in expected]
    assert [v for _, v in got["series"]] == pytest.approx([v for _, v in expected])
    assert got["stored"], "publish precomputed the new indicator's series like every other"


def test_the_command_line_shows_it_with_the_catalogue_values(project: Path) -> None:
    row = _show(project, "snap.duckdb")
    assert row["indicator_id"] == IID and row["computed"]
    assert row["name"] == "Radfahrten je Monat" and row["unit"] == "Radfahrten/Monat"
    assert row["measure_id"] == "radverkehrszaehlstellen"
    assert (row["baseline_value"], row["target_value"]) == (150000, 200000), "the city's values from the catalogue row"
    last_month, last_value = _expected(project)[-1]
    assert row["latest_period"] == last_month
    assert row["latest_value"] == pytest.approx(last_value)
    # two months of counts: no complete year on the monthly indicator's basis (annual mean), so no progress yet (#14)
    assert row["progress_basis"] == "annual_mean"
    assert (row["progress_status"], row["progress_reason"]) == ("not_available", "Basiswert oder aktueller Wert fehlt")
    listed = json.loads(_run(project, "-m", "indicators", "list", "--json", "--db", "snap.duckdb").stdout)
    assert IID in {r["indicator_id"] for r in listed}


def test_the_catalogue_makes_it_public(project: Path) -> None:
    """`public` is the catalogue's to set (default ja): the public snapshot carries the indicator and its series."""
    row = _show(project, "public.duckdb")
    assert row["is_public"]
    assert row["latest_value"] == pytest.approx(_expected(project)[-1][1])
