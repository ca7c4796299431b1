"""The data quality page shows a bounded part of the rejected rows, the CSV download the rest (#15, point 11).

Before, one 40 MB rejected line made the page's callback send 126 MB of JSON on every visit. The warehouse here is
built by the real command line; one row is stored with a 10 MB raw text, as the loader did before raw texts were cut."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from bench.loadtest import page_content_body
from dashboard.factory import create_app
from dashboard.settings import Settings
from indicators import quality

ROOT = Path(__file__).resolve().parents[2]
MARCH = ROOT / "tests" / "data" / "ecocounter" / "2025-03.csv"
BAD_ROWS = 300  # each with its own reason: more than the page shows


def etl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("dq-bounded")
    lines = MARCH.read_text(encoding="utf-8").split("\n")
    for i in range(BAD_ROWS):  # a value that is no number, each different: 300 reasons
        lines[2 + i] = f"{lines[2 + i].split(',')[0]},x{i},9,30,0,0,0"
    path = tmp / "neutor.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    db = tmp / "build.duckdb"
    assert etl("load", str(path), "--db", str(db)).returncode == 0
    con = duckdb.connect(str(db))
    con.execute(
        "insert into rejected_row (load_id, file_name, line, reason, raw) values (1, 'alt.csv', 2, 'alt', ?)", ["y" * 10_000_000]
    )
    con.close()
    snap = tmp / "snap.duckdb"
    p = etl("publish", "--db", str(db), "--out", str(snap))
    assert p.returncode == 0, p.stderr
    return snap


def page_response(client, path: str) -> bytes:
    """What the browser gets when it opens `path`: Dash's page router callback."""
    body = page_content_body(path)
    client.get("/")  # Dash sets up its page router on the first request
    res = client.post("/_dash-update-component", data=body, headers={"Content-Type": "application/json"})
    assert res.status_code == 200
    return res.get_data()


def test_page_shows_a_bounded_part_and_the_csv_the_rest(snapshot: Path) -> None:
    client = create_app(Settings.load(env={}, db=snapshot)).server.test_client()
    page = page_response(client, "/datenqualitaet")
    assert len(page) < 400_000, len(page)  # was 10 MB and more: the raw line and every reason
    text = json.dumps(json.loads(page), ensure_ascii=False)
    assert "/daten/abgewiesene-zeilen.csv" in text and "301" in text
    assert text.count("keine Zahl in Spalte") <= quality.MAX_REASONS + quality.LATEST_REJECTED
    csv = client.get("/daten/abgewiesene-zeilen.csv")
    assert csv.status_code == 200
    rows = csv.get_data().decode("utf-8-sig").strip().split("\n")
    assert len(rows) == 1 + BAD_ROWS + 1  # header, every rejected row
    assert max(len(r) for r in rows) < quality.EXPORT_RAW + 200  # the old 10 MB raw text cut to its stored limit


def test_public_instance_has_no_rejected_rows_download(snapshot: Path, tmp_path: Path) -> None:
    public = tmp_path / "public.duckdb"
    assert etl("publish", "--db", str(snapshot.with_name("build.duckdb")), "--out", str(public), "--public").returncode == 0
    client = create_app(Settings.load(env={}, db=public, public=True)).server.test_client()
    assert client.get("/daten/abgewiesene-zeilen.csv").status_code == 404
