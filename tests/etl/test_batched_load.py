"""`etl load` writes several counter/sensor files in one transaction: the warehouse must be exactly what loading the
same files one by one gives (rows, load ids, provenance, rejected rows, aggregates, station metadata)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl import loader
from etl.load import load_files
from etl.loader import load_file
from etl.warehouse import connect, tables

DATA = Path(__file__).parents[1] / "data"
FILES = [
    DATA / "ecocounter" / "2025-03.csv",
    DATA / "ecocounter" / "2025-10.csv",
    DATA / "sensor_community" / "2017-08-30_sds011_sensor_5331.csv",
    DATA / "sensor_community" / "2017-08-30_dht22_sensor_5332.csv",
    DATA / "sensor_community" / "2019-05-30_bme280_sensor_16423.csv",
    DATA / "hystreet" / "frankfurter-strasse-2022-03-cp1252.csv",
    DATA / "dwd" / "produkt_tu_stunde_20240330_20241028_07341.txt",
    DATA / "dwd" / "produkt_rr_stunde_20240330_20241028_07341.txt",
]


def content(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows (without the load time), sorted: what two ways of loading must agree on."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in tables(con):
            cols = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_name = ? and column_name <> 'loaded_at'"
                    " order by ordinal_position",
                    [t],
                ).fetchall()
            ]
            rows = con.execute(f'select {", ".join(cols)} from "{t}" order by all').fetchall()
            # sums of floats may differ in the last bits with DuckDB's parallel aggregation, however loaded
            out[t] = [tuple(float(f"{v:.12g}") if isinstance(v, float) else v for v in r) for r in rows]
        return out
    finally:
        con.close()


def one_by_one(files: list[Path], db: Path) -> None:
    con = connect(db)
    try:
        for f in files:
            try:
                load_file(con, f)
            except loader.FileRejected:
                pass
    finally:
        con.close()


@pytest.fixture
def batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Sizes of the groups of several files that were written together (so a test sees that batching happened at all);
    a single file goes through the same writer as a group of one and is not counted."""
    sizes: list[int] = []
    real = loader.write_files

    def spy(con, files, *args, **kw):  # noqa: ANN001, ANN002, ANN202
        if len(files) > 1:
            sizes.append(len(files))
        return real(con, files, *args, **kw)

    monkeypatch.setattr(loader, "write_files", spy)
    return sizes


def outcome_lines(run) -> list[str]:  # noqa: ANN001
    """Per file in the order reported: the file and what became of it."""
    return [
        f"{p}: {o.message if isinstance(o, loader.FileRejected) else (o.status, o.load_id)}"
        for p, o in zip(run.files, run.outcomes, strict=True)
    ]


def test_batched_load_equals_loading_file_by_file(tmp_path: Path, batches: list[int]) -> None:
    bad_row = tmp_path / "2017-08-31_sds011_sensor_5331.csv"  # the next day, with one unreadable value
    text = FILES[2].read_text(encoding="utf-8").replace("2017-08-30", "2017-08-31").splitlines()
    text[1] = text[1].replace(";9.53;", ";neun;")
    bad_row.write_text("\n".join(text) + "\n", encoding="utf-8")
    files = [*FILES, bad_row]
    heard: list[Path] = []
    run = load_files(files, db=tmp_path / "a.duckdb", on_outcome=lambda i, path, _: heard.append(path))
    assert run.ok
    one_by_one(files, tmp_path / "b.duckdb")
    a, b = content(tmp_path / "a.duckdb"), content(tmp_path / "b.duckdb")
    assert a == b
    assert len(a["load_log"]) == len(files) and a["rejected_row"], "every file logged, the bad row kept"
    assert a["observation_hourly"] and a["observation_daily"]
    assert max(batches) >= 2, batches
    assert heard == files, "outcomes reported in file order although batched files are written later"
    assert [o.load_id for o in run.outcomes] == list(range(1, len(files) + 1))


def test_overlapping_files_in_one_run_end_as_one_by_one(tmp_path: Path, batches: list[int]) -> None:
    """A corrected re-export of the same month in the same run replaces the first one's values, as it would alone."""
    corrected = tmp_path / "2025-03-korrigiert.csv"
    lines = FILES[0].read_text(encoding="utf-8").splitlines()
    assert lines[1] == "2025-03-01 00:00,40,11,29,0,0,0"
    lines[1] = "2025-03-01 00:00,41,12,29,0,0,0"
    corrected.write_text("\n".join(lines) + "\n", encoding="utf-8")
    files = [FILES[0], FILES[1], corrected]
    assert load_files(files, db=tmp_path / "a.duckdb").ok
    one_by_one(files, tmp_path / "b.duckdb")
    a = content(tmp_path / "a.duckdb")
    assert a == content(tmp_path / "b.duckdb")
    # the two original months share no key and may go together (as one group parsed as one text), the corrected
    # export never goes with the file it corrects
    assert all(size < 3 for size in batches), "files with a key in common are written one by one"
    con = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True)
    first = con.execute("select value, load_id from observation where ts = timestamp '2025-02-28 23:00'").fetchall()
    assert first == [(41.0, 3)]


def test_rejected_and_repeated_files_inside_a_batch(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\x00\x01\x02" * 100)
    copy = tmp_path / "kopie.csv"
    shutil.copy(FILES[0], copy)
    files = [FILES[0], garbage, FILES[1], copy]
    run = load_files(files, db=tmp_path / "a.duckdb")
    assert not run.ok
    assert outcome_lines(run) == [
        f"{FILES[0]}: ('loaded', 1)",
        f"{garbage}: Binärdatei (enthält NUL-Bytes): kein Exportformat",
        f"{FILES[1]}: ('loaded', 2)",
        f"{copy}: ('already_loaded', 1)",
    ]
    one_by_one(files, tmp_path / "b.duckdb")
    assert content(tmp_path / "a.duckdb") == content(tmp_path / "b.duckdb")


def test_a_table_without_declared_write_mode_is_rejected_not_merged(tmp_path: Path) -> None:
    """No silent default: a parser's table that its source does not declare in `write_modes` rejects the file, alone
    or in a batch, and nothing of it is written."""
    import polars as pl

    from etl.registry import Parsed, Source

    class Undeclared(Source):  # not registered: only this test sees it
        kind = "undeclared_test"
        write_modes = {"station": "merge"}  # observation is missing

        def detect(self, head: bytes, name: str) -> bool:
            return False

        def parse(self, data: bytes, name: str) -> Parsed:
            raise NotImplementedError

    from datetime import datetime

    parsed = Parsed(
        tables={
            "station": pl.DataFrame({"station_id": ["x"]}),
            "observation": pl.DataFrame(
                {"station_id": ["x"], "ts": [datetime(2025, 1, 1)], "metric": ["bicycles"], "value": [1.0]}
            ),
        },
        rows_in=1,
    )
    con = connect(tmp_path / "w.duckdb")
    try:
        prep = loader.Prepared(tmp_path / "u.csv", "0" * 64, Undeclared(), parsed)
        assert not loader.batchable(prep)
        with pytest.raises(loader.FileRejected, match="write_modes"):
            loader.write_prepared(con, prep)
        [res] = loader.write_batch(con, [prep])
        assert isinstance(res, loader.FileRejected)
        assert con.execute("select count(*) from load_log").fetchone()[0] == 0
        assert con.execute("select count(*) from station").fetchone()[0] == 0
    finally:
        con.close()
