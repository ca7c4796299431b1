"""publish: atomic replacement of the served snapshot; readers of the old snapshot keep working; public allow-list."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from etl.loader import load_file
from etl.warehouse import connect
from publish import META_TABLE, PUBLIC_TABLES, publish

DATA = Path(__file__).parents[1] / "data"

READER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from indicators.store import Snapshot
    snap = Snapshot(sys.argv[1])
    errors = 0; n = 0; versions = {snap.rows("select count(*) from observation")[0][0]}
    print("ready", flush=True)
    end = time.time() + float(sys.argv[3])
    while time.time() < end:
        try:
            versions.add(snap.rows("select count(*) from observation")[0][0]); n += 1
        except Exception as e:  # noqa: BLE001 - the test counts every kind of failure
            errors += 1; print(repr(e), file=sys.stderr)
    print(n, errors, len(versions))
    """
)


def test_publish_while_another_process_reads(tmp_path: Path) -> None:
    build = tmp_path / "build.duckdb"
    snap = tmp_path / "snap" / "warehouse.duckdb"
    con = connect(build)
    load_file(con, DATA / "ecocounter" / "2025-03.csv")
    con.close()
    publish(build, snap)
    root = str(Path(__file__).resolve().parents[2])
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(snap), root, "4"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert reader.stdout.readline().strip() == "ready"
    # a reader holding the old snapshot open, in this process too
    old = duckdb.connect(str(snap), read_only=True)
    con = connect(build)
    load_file(con, DATA / "ecocounter" / "2025-10.csv")
    con.close()
    for _ in range(5):
        publish(build, snap)
    assert old.execute("select count(*) from observation").fetchone()[0] == 2876
    old.close()
    out, err = reader.communicate(timeout=60)
    n, errors, versions = map(int, out.split())
    assert errors == 0, err
    assert n > 10
    assert versions == 2  # saw the old and the new snapshot
    assert not list(snap.parent.glob("*.tmp"))


def test_public_snapshot_holds_only_the_allow_list(tmp_path: Path) -> None:
    build = tmp_path / "build.duckdb"
    con = connect(build)
    lines = (DATA / "ecocounter" / "2025-03.csv").read_bytes().decode().split("\r\n")
    lines[5] = lines[5].replace(",", ",x", 1)
    bad = tmp_path / "bad.csv"
    bad.write_bytes("\r\n".join(lines).encode())
    load_file(con, bad)
    con.execute(
        "insert into indicator (indicator_id, measure_id, name, unit, ioo_level, direction, update_interval, is_public, is_example)"
        " values ('geheim', 'm', 'intern', 'x', 'output', 'increase', 'P1M', false, true),"
        " ('offen', 'm', 'öffentlich', 'x', 'output', 'increase', 'P1M', true, true)"
    )
    con.execute(
        "insert into survey_result (survey_id, wave, survey_date, question_id, answer, n, load_id)"
        " values ('s', 'w1', null, 'Q1', 'A1', 3, 1), ('s', 'w1', null, 'Q1', 'A2', 12, 1),"
        " ('s', 'w1', null, 'Q1', 'A3', 20, 1)"
    )
    con.execute("insert into survey_response values ('s', 'w1', '1', null, 'Q1', 'A1', 1)")
    for plan, indicator in (("p-geheim", "geheim"), ("p-offen", "offen")):  # plans only of public indicators
        con.execute(
            "insert into evaluation_plan (plan_id, version, measure_id, indicator_id, cutoff_date, window_days, method,"
            " expected_direction, expected_effect_pct, decided_by, decided_on, published_on, content_hash, is_example)"
            " values (?, 1, 'm', ?, date '2025-01-01', 90, 'its', 'increase', 5, 'Amt', date '2024-12-01',"
            " date '2024-12-02', 'h', true)",
            [plan, indicator],
        )
    con.close()
    pub = tmp_path / "public.duckdb"
    publish(build, pub, public=True)
    p = duckdb.connect(str(pub), read_only=True)
    names = {r[0] for r in p.execute("select table_name from information_schema.tables").fetchall()}
    # computed from the public tables at publish, and what the snapshot is
    derived = {"station_latest", "station_list", "observation_detail_hourly", "quality_station_day", "indicator_series"}
    derived |= {"observation_local_daily", "observation_detail_local_daily", "station_rows"}
    assert names == set(PUBLIC_TABLES) | derived | {"evaluation_result", META_TABLE}
    assert "rejected_row" not in names and "survey_response" not in names
    assert p.execute("select indicator_id from indicator").fetchall() == [("offen",)]
    assert p.execute("select plan_id from evaluation_plan").fetchall() == [("p-offen",)]
    # its result is computed at publish from the public data (here: none, so a German reason instead of a number)
    assert p.execute("select plan_id, result_json is null, error is not null from evaluation_result").fetchall() == [
        ("p-offen", True, True)
    ]
    # the cell of 3 and its smallest neighbour (12) are suppressed: 3 cannot be recomputed from a known total
    assert p.execute("select answer, n from survey_result order by answer").fetchall() == [("A1", None), ("A2", None), ("A3", 20)]
    assert p.execute("select count(*) from observation").fetchone()[0] == 2875
    assert p.execute("select count(*) from load_log where message is not null").fetchone()[0] == 0


def test_a_warehouse_from_before_the_aggregates_is_upgraded_when_published(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = connect(db)
    load_file(con, Path(__file__).parents[1] / "data" / "ecocounter" / "2025-03.csv")
    for t in ("observation_hourly", "observation_daily", "observation_monthly"):
        con.execute(f"drop table {t}")  # as built by a version without aggregates
    con.close()
    for public in (False, True):
        snap = publish(db, tmp_path / f"snap-{public}.duckdb", public=public)
        c = duckdb.connect(str(snap), read_only=True)
        assert (
            c.execute("select sum(sum) from observation_daily").fetchone()[0]
            == c.execute("select sum(value) from observation").fetchone()[0]
            > 0
        )
        c.close()


def test_a_snapshot_records_what_it_is(tmp_path: Path) -> None:
    """`snapshot_meta` says public or internal (readers need not infer it from missing tables) and when it was published."""
    build = tmp_path / "build.duckdb"
    connect(build).close()
    before = datetime.now(UTC).replace(microsecond=0)
    for public, kind in ((False, "internal"), (True, "public")):
        snap = publish(build, tmp_path / f"{kind}.duckdb", public=public)
        c = duckdb.connect(str(snap), read_only=True)
        meta = dict(c.execute(f"select key, value from {META_TABLE}").fetchall())
        c.close()
        assert meta.keys() == {"kind", "published_at"}
        assert meta["kind"] == kind
        assert before <= datetime.fromisoformat(meta["published_at"]) <= datetime.now(UTC)
