"""Freifunk meshviewer/nodes.json snapshots: clients and online state per node, splits kept apart, no owner data."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from etl.errors import FileRejected
from etl.loader import load_file
from etl.sources.freifunk import FreifunkNodes

DATA = Path(__file__).parents[1] / "data" / "freifunk"
MARCH = DATA / "meshviewer-2024-03-31.json"
OCTOBER = DATA / "meshviewer-2024-10-27.json"
V2 = DATA / "nodes-v2.json"
PERSONAL = ("Mueller", "Familie", "example.org", "Cafe", "Schmidt", "Praxis", "Weber", "Kiosk", "gw01", "Wohnung", "@")


def file_clients(path: Path) -> tuple[int, int]:
    """Count and sum of `clients` of the nodes that are online and valid in the March fixture (read independently)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    good = [n for i, n in enumerate(doc["nodes"], start=1) if i not in (4, 6) and n["is_online"]]
    return len(good), sum(n["clients"] for n in good)


def test_snapshot_conserves_clients_and_online_state(con: duckdb.DuckDBPyConnection) -> None:
    res = load_file(con, MARCH)
    assert res.kind == "freifunk_meshviewer"
    assert (res.rows_in, res.rows_loaded, res.rows_rejected) == (7, 5, 2)
    assert con.execute("select count(*), sum(value) from observation where metric = 'wifi_clients'").fetchone() == file_clients(
        MARCH
    )
    # five valid nodes, one of them offline
    assert con.execute("select count(*), sum(value) from observation where metric = 'node_online'").fetchone() == (5, 4)
    assert con.execute("select distinct ts from observation").fetchall() == [(datetime(2024, 3, 31, 1, 5),)]
    assert con.execute("select count(*) from station where kind = 'wifi_node'").fetchone()[0] == 5


def test_offline_node_has_no_stale_client_count(con: duckdb.DuckDBPyConnection) -> None:
    load_file(con, MARCH)
    rows = con.execute("select metric, value from observation where station_id = 'freifunk:60e32718ff02'").fetchall()
    assert rows == [("node_online", 0.0)]


def test_bands_go_to_detail_and_add_up(con: duckdb.DuckDBPyConnection) -> None:
    load_file(con, MARCH)
    mismatch = con.execute(
        "select o.station_id from observation o join (select station_id, ts, sum(value) s, count(*) n from observation_detail"
        " group by all) d using (station_id, ts) where o.metric = 'wifi_clients' and d.n = 3 and d.s <> o.value"
    ).fetchall()
    assert mismatch == []
    assert con.execute("select count(*) from observation_detail where station_id = 'freifunk:c04a00dd692a'").fetchone()[0] == 3
    # only the 2.4 GHz band given: kept as a part, never taken for the total
    assert con.execute(
        "select component, value from observation_detail where station_id = 'freifunk:e894f6aa1c2d'"
    ).fetchall() == [("wifi24", 3.0)]
    lines = con.execute("select line, reason from rejected_row order by line").fetchall()
    assert [ln for ln, _ in lines] == [4, 6]
    assert "Summe der Bänder (6)" in lines[0][1] and "node_id" in lines[1][1]


def test_both_instants_of_the_repeated_october_hour(con: duckdb.DuckDBPyConnection) -> None:
    load_file(con, V2)  # 00:05 UTC = the first 02:05 (CEST)
    load_file(con, OCTOBER)  # 02:05+01:00 = the second 02:05 (CET)
    rows = con.execute(
        "select ts, value from observation where station_id = 'freifunk:c04a00dd692a' and metric = 'wifi_clients' order by ts"
    ).fetchall()
    assert rows == [(datetime(2024, 10, 27, 0, 5), 8.0), (datetime(2024, 10, 27, 1, 5), 9.0)]
    assert con.execute("select line from rejected_row").fetchall() == [(3,)]  # v2 node with online = "ja"


def test_hostnames_owners_and_contacts_never_stored(
    con: duckdb.DuckDBPyConnection, all_text: Callable[[duckdb.DuckDBPyConnection], str]
) -> None:
    for path in (MARCH, OCTOBER, V2):
        load_file(con, path)
    text = all_text(con)
    assert "Freifunk-Knoten dd692a" in text
    for s in PERSONAL:
        assert s not in text, s
    names = [n for (n,) in con.execute("select name from station").fetchall()]
    assert all(n.startswith("Freifunk-Knoten ") for n in names)


def test_positions_coarsened_missing_and_unset(con: duckdb.DuckDBPyConnection) -> None:
    load_file(con, MARCH)
    pos = dict(((s, (la, lo)) for s, la, lo in con.execute("select station_id, lat, lon from station").fetchall()))
    assert pos["freifunk:c04a00dd692a"] == (50.106, 8.762)
    assert pos["freifunk:60e32718ff02"] == (None, None)  # no location given
    assert pos["freifunk:e894f6aa1c2d"] == (None, None)  # 0/0 is the firmware's "not set"


def test_loading_twice_changes_nothing(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    load_file(con, MARCH)
    before = con.execute("select * exclude (load_id) from observation order by all").fetchall()
    assert load_file(con, MARCH).status == "already_loaded"
    copy = tmp_path / "copy.json"
    copy.write_text(json.dumps(json.loads(MARCH.read_text(encoding="utf-8"))), encoding="utf-8")
    load_file(con, copy)
    assert con.execute("select * exclude (load_id) from observation order by all").fetchall() == before
    assert con.execute("select count(*) from station").fetchone()[0] == 5


def test_impossible_position_rejects_the_node() -> None:
    doc = {
        "timestamp": "2024-05-01T10:00:00Z",
        "nodes": [
            {"node_id": "aabbccddeeff", "is_online": True, "clients": 1, "location": {"latitude": 123.0, "longitude": 8.7}}
        ],
    }
    parsed = FreifunkNodes().parse(json.dumps(doc).encode(), "m.json")
    assert parsed.rejected[0][0] == 1 and "Standort unmöglich" in parsed.rejected[0][1]
    assert parsed.tables["observation"].is_empty()


@pytest.mark.parametrize(
    "doc", [{"nodes": []}, {"timestamp": "gestern", "nodes": []}, {"timestamp": "2024-05-01T10:00:00Z", "nodes": 3}]
)
def test_file_without_usable_snapshot_time_or_nodes_is_rejected(doc: dict) -> None:
    with pytest.raises(FileRejected):
        FreifunkNodes().parse(json.dumps(doc).encode(), "m.json")


def test_detect_is_specific() -> None:
    src = FreifunkNodes()
    assert all(src.detect(p.read_bytes(), p.name) for p in (MARCH, OCTOBER, V2))
    assert not src.detect(b'{"timestamp": "x", "nodes": [{"id": 1}]}', "x")
    assert not src.detect(b'[{"node_id": "x", "is_online": true}]', "x")
