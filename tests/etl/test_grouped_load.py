"""`etl load` parses small files of one layout together (Eco-Counter: one file per site and month or day): the
warehouse must be exactly what loading each file alone gives, with each file's own load_id, load_log row, rejected rows
with the file's own line numbers, the autumn hour read per file, and a bad file changing nothing.

The files are the real Münster exports (tests/data/ecocounter, CRLF line ends, spring and autumn DST days) cut into one
file per day, the layout of a counter portal's daily downloads."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from etl import loader
from etl.load import load_files
from tests.etl.test_batched_load import content, one_by_one

DATA = Path(__file__).parents[1] / "data" / "ecocounter"


def daily(src: Path, out: Path, days: list[str] | None = None) -> list[Path]:
    """The export cut into one file per day (header repeated, line ends kept), in day order."""
    out.mkdir(parents=True, exist_ok=True)
    raw = src.read_bytes()
    head, _, body = raw.partition(b"\n")
    by_day: dict[str, list[bytes]] = {}
    for line in body.splitlines(keepends=True):
        by_day.setdefault(line[:10].decode(), []).append(line)
    files = []
    for day, lines in sorted(by_day.items()):
        if days is not None and day not in days:
            continue
        p = out / f"neutor_{day}.csv"
        p.write_bytes(head + b"\n" + b"".join(lines))
        files.append(p)
    return files


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_bytes().decode("utf-8")
    assert old in text, (path, old)
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


@pytest.fixture
def groups(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Sizes of the groups parsed as one text (so a test sees that grouping happened at all)."""
    sizes: list[int] = []
    real = loader._prepare_group

    def spy(con, reads, **kw):  # noqa: ANN001, ANN003, ANN202
        out = real(con, reads, **kw)
        if out and isinstance(out[0], loader.Prepared) and out[0].members:
            sizes.append(len(out[0].members))
        return out

    monkeypatch.setattr(loader, "_prepare_group", spy)
    return sizes


def test_daily_files_load_as_one_by_one(tmp_path: Path, groups: list[int]) -> None:
    files = daily(DATA / "2025-03.csv", tmp_path / "m") + daily(DATA / "2025-10.csv", tmp_path / "o")
    # rows the loader rejects, each in a file of its own and at a line of its own
    day = {f.stem[-10:]: f for f in files}
    edit(day["2025-03-04"], "2025-03-04 10:00,", "2025-03-04 10:00,1O,")  # a letter O in a count: one field too many
    edit(day["2025-03-06"], ",0,0,0\r\n2025-03-06 08:15,", ",0,0,0\r\n2025-03-06 08:15,x")  # no number
    edit(day["2025-03-10"], "2025-03-10 07:00,", "2025-03-10 07:61,")  # no such time
    edit(day["2025-10-10"], "2025-10-10 12:00,", "2025-10-10 12:00,999,")  # wrong field count
    run = load_files(files, db=tmp_path / "a.duckdb")
    assert run.ok
    one_by_one(files, tmp_path / "b.duckdb")
    a, b = content(tmp_path / "a.duckdb"), content(tmp_path / "b.duckdb")
    assert a == b
    assert sum(groups) == len(files) and max(groups) > 10, groups
    assert [o.load_id for o in run.outcomes] == list(range(1, len(files) + 1))
    lines = {(r[1], r[2]) for r in a["rejected_row"]}  # (file name, line): each file's own line numbers
    assert ("neutor_2025-03-06.csv", 35) in lines and ("neutor_2025-03-10.csv", 30) in lines, sorted(lines)
    assert all(line <= 97 for _, line in lines), "a day has at most 96 rows below its header"
    log = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True).execute(
        "select file_name, rows_in, rows_loaded, rows_rejected from load_log order by load_id"
    )
    rows = {name: (rows_in, loaded, rejected) for name, rows_in, loaded, rejected in log.fetchall()}
    assert rows["neutor_2025-03-30.csv"] == (92, 92, 0), "the spring day has 92 quarter hours"
    assert rows["neutor_2025-03-06.csv"][2] == 1


def test_the_autumn_hour_is_read_per_file(tmp_path: Path, groups: list[int]) -> None:
    """The first 02:00 of the autumn day is summer time, a second one in the same file winter time: in a group of files
    a 02:00 in another file is again that file's first one."""
    [day] = daily(DATA / "2025-10.csv", tmp_path / "o", ["2025-10-26"])
    before, after = daily(DATA / "2025-10.csv", tmp_path / "x", ["2025-10-25", "2025-10-27"])
    assert day.read_bytes().count(b"2025-10-26 02:00,") == 1, "the export shows the repeated hour once"
    # a second file that holds only that interval again (a corrected re-export): alone, its 02:00 is summer time too
    head = day.read_bytes().split(b"\n")[0]
    repeat = tmp_path / "o" / "neutor_2025-10-26_nachtrag.csv"
    repeat.write_bytes(head + b"\n2025-10-26 02:00,70,22,48,0,0,0\r\n")
    files = [before, day, repeat, after]
    assert load_files(files, db=tmp_path / "a.duckdb").ok
    one_by_one(files, tmp_path / "b.duckdb")
    assert content(tmp_path / "a.duckdb") == content(tmp_path / "b.duckdb")
    con = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True)
    got = con.execute(
        "select ts, value from observation where ts in (timestamp '2025-10-26 00:00', timestamp '2025-10-26 01:00')"
    ).fetchall()
    assert got == [(datetime(2025, 10, 26, 0, 0), 70.0)], "the re-export replaced summer time's 02:00, as alone"
    assert groups, "the four files were parsed as one text"


def test_files_that_cannot_share_a_text_are_read_alone(tmp_path: Path, groups: list[int]) -> None:
    files = daily(DATA / "2025-03.csv", tmp_path / "m")[:12]
    cut = files[4].read_bytes()
    files[4].write_bytes(cut[: cut.rfind(b"\r\n")])  # no line end after the last row: a cut-off download
    edit(files[7], "2025-03-08 09:00,", '2025-03-08 09:00,"')  # a quote in a row (and a broken row)
    copy = tmp_path / "m" / "kopie.csv"
    copy.write_bytes(files[2].read_bytes())  # the same content twice in the run: loaded once
    conflict = tmp_path / "m" / "neutor_2025-03-10_doppelt.csv"
    lines = files[9].read_bytes().splitlines(keepends=True)
    conflict.write_bytes(b"".join(lines + [lines[5].replace(b",", b",1", 1)]))  # a key twice, other value
    run_files = files[:3] + [copy] + files[3:10] + [conflict] + files[10:]
    run = load_files(run_files, db=tmp_path / "a.duckdb")
    one_by_one(run_files, tmp_path / "b.duckdb")
    assert content(tmp_path / "a.duckdb") == content(tmp_path / "b.duckdb")
    statuses = [o.status for o in run.outcomes if isinstance(o, loader.LoadResult)]
    assert statuses.count("already_loaded") == 1
    log = content(tmp_path / "a.duckdb")["load_log"]
    assert any("abgeschnitten" in str(r) for r in content(tmp_path / "a.duckdb")["rejected_row"]), log


def test_loading_again_changes_nothing_and_a_later_month_appends(tmp_path: Path) -> None:
    march = daily(DATA / "2025-03.csv", tmp_path / "m")
    db = tmp_path / "a.duckdb"
    assert load_files(march, db=db).ok
    first = content(db)
    again = load_files(march, db=db)
    assert {o.status for o in again.outcomes} == {"already_loaded"}
    assert content(db) == first
    october = daily(DATA / "2025-10.csv", tmp_path / "o")
    assert load_files(october, db=db).ok
    one_by_one(march + october, tmp_path / "b.duckdb")
    assert content(db) == content(tmp_path / "b.duckdb")


def test_a_group_that_cannot_be_written_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When writing a group fails, its files are written one by one: the file that fails is named and rejected, the
    others load, and nothing of the failed file stays."""
    files = daily(DATA / "2025-03.csv", tmp_path / "m")[:6]
    real = loader._write_table
    bad = "neutor_2025-03-04.csv"

    def failing(con, table, frame, load_id, mode, *, is_demo):  # noqa: ANN001, ANN202
        if table == "observation" and frame.height and frame["ts"].is_in([datetime(2025, 3, 4, 12, 0)]).any():
            raise duckdb.IOException("Platte voll")  # only the file of 04.03. holds 13:00 local time of that day
        return real(con, table, frame, load_id, mode, is_demo=is_demo)

    monkeypatch.setattr(loader, "_write_table", failing)
    run = load_files(files, db=tmp_path / "a.duckdb")
    rejected = [p.name for p, _ in run.rejected]
    assert rejected == [bad], rejected
    con = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True)
    assert con.execute("select count(*) from load_log").fetchone()[0] == 5
    # the other days are there, nothing of the failed one (03.03. 23:00 UTC to 04.03. 22:45 UTC)
    assert (
        con.execute(
            "select count(*) from observation where ts >= timestamp '2025-03-03 23:00' and ts < timestamp '2025-03-04 23:00'"
        ).fetchone()[0]
        == 0
    )
    assert con.execute("select count(distinct cast(ts + interval 1 hour as date)) from observation").fetchone()[0] == 5
