"""Large files of line-oriented formats are loaded in parts, never read whole, with exactly the result of a
whole-file load: the same rows, aggregates, rejected lines (with the whole file's line numbers) and counts, also when
a part boundary falls into the repeated autumn hour."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import loader
from etl.load import load_files
from etl.warehouse import connect

DATA = Path(__file__).parents[1] / "data"
TABLES = {
    "observation": "station_id, ts, metric, value",
    "observation_detail": "station_id, ts, metric, component, value",
    # sums rounded: the parts add the same values in another order (last-digit float differences)
    "observation_hourly": "station_id, period_start, metric, n, round(sum, 6), min, max",
    "observation_daily": "station_id, period_start, metric, n, round(sum, 6)",
    "observation_monthly": "station_id, period_start, metric, n, round(sum, 6)",
    "rejected_row": "file_name, line, reason, raw",
    "load_log": "file_name, kind, rows_in, rows_loaded, rows_rejected, status",
    "station": "station_id, kind, name",
}


def damaged_ecocounter(tmp: Path) -> Path:
    """The real October sample (with the repeated hour on 26.10.2025) with bad rows and a cut-off last line."""
    lines = (DATA / "ecocounter" / "2025-10.csv").read_text(encoding="utf-8").splitlines()
    lines[40] = lines[40].split(",", 1)[0] + ",abc,1,1,0,0,0"  # not a number
    lines[900] = lines[900].split(",", 1)[0] + ",-5,0,0,0,0,0"  # negative count
    fold = lines.index("2025-10-26 02:45,38,7,31,0,0,0")  # the export shows the repeated hour once: add the second
    lines[fold + 1 : fold + 1] = [f"2025-10-26 02:{m:02d},{n},{n},0,0,0,0" for m, n in ((0, 5), (15, 6), (30, 7), (45, 8))]
    lines.insert(1500, "")  # an empty row
    path = tmp / "eco-2025-10.csv"
    path.write_text("\n".join(lines) + "\n" + lines[-1][:12], encoding="utf-8")  # last line without its end
    return path


def load(db: Path, path: Path, chunk_bytes: int) -> dict[str, list[tuple]]:
    con = connect(db)
    try:
        prepared = loader.prepare_file(con, path, chunk_bytes=chunk_bytes)
        assert (prepared.parsed is not None) and (chunk_bytes >= path.stat().st_size) == isinstance(
            prepared.parsed, loader.Parsed
        )
        loader.write_prepared(con, prepared)
        return {t: con.execute(f"select {cols} from {t} order by all").fetchall() for t, cols in TABLES.items()}
    finally:
        con.close()


@pytest.mark.parametrize("chunk_bytes", [700, 733, 777, 4096, 65_536])
def test_parts_give_the_whole_file_result_ecocounter(tmp_path: Path, chunk_bytes: int) -> None:
    path = damaged_ecocounter(tmp_path)
    whole = load(tmp_path / "whole.duckdb", path, 10**9)
    parts = load(tmp_path / "parts.duckdb", path, chunk_bytes)
    assert parts == whole
    lines = sorted(r[1] for r in whole["rejected_row"])
    assert 41 in lines and 901 in lines and lines[-1] == path.read_text().count("\n") + 1  # whole-file line numbers
    # both intervals of the repeated hour are kept (02:00–02:45 summer and winter time: 8 rows, 00:xx and 01:xx UTC)
    fold = [r for r in whole["observation"] if str(r[1]).startswith("2025-10-26 0") and str(r[1])[11:13] in ("00", "01")]
    assert len(fold) == 8


def test_parts_give_the_whole_file_result_sensor_community(tmp_path: Path) -> None:
    path = DATA / "sensor_community" / "2019-05-30_bme280_sensor_16423.csv"
    assert load(tmp_path / "parts.duckdb", path, 2000) == load(tmp_path / "whole.duckdb", path, 10**9)


def test_a_large_file_is_never_read_whole_and_a_bad_part_rolls_back_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = damaged_ecocounter(tmp_path)
    monkeypatch.setattr(loader, "CHUNK_BYTES", 2048)

    def refuse(self: Path) -> bytes:
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    db = tmp_path / "w.duckdb"
    assert load_files([path], db=db).ok  # loaded (with rejected rows)
    con = connect(db)
    assert con.execute("select rows_in, rows_rejected from load_log").fetchall() == [(2895, 3)]
    con.close()
    # a part that cannot be parsed at all: nothing of the file is kept, not even its first parts
    broken = tmp_path / "broken.csv"
    text = path.read_text()
    broken.write_text(text[:5000] + "\x00" * 50 + text[5000:])
    assert not load_files([broken], db=db).ok
    con = connect(db)
    assert con.execute("select count(*) from load_log where file_name = 'broken.csv' and status <> 'rejected'").fetchone()[0] == 0
    assert con.execute("select count(distinct load_id) from observation").fetchone()[0] == 1
    con.close()


def test_parts_never_split_the_repeated_hour() -> None:
    body = b"2025-10-26 01:45,1\n2025-10-26 02:00,1\n2025-10-26 02:15,1\n2025-10-26 02:00,2\n2025-10-26 02:15,2\n"
    cut = loader._safe_cut(body[:-3], len("2025-10-26 02"))  # the block ends inside the last line
    assert body[:cut].endswith(b"01:45,1\n")  # the whole 02 hour, both occurrences, goes to the next part
    assert loader._safe_cut(body[:-3], 0) == body.rfind(b"\n", 0, len(body) - 3) + 1
    assert loader._safe_cut(b"2025-10-26 02:00,1\n2025-10-26 02:15", 13) is None  # read on until the hour ends
