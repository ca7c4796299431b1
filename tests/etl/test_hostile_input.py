"""XLSX bombs and endless input end in `ERROR <file>: <reason>` within seconds and with little memory (#15, point 10).

Before, a 510 KB workbook holding one huge shared string loaded with exit 0 at 1.18 GB RSS, and `/dev/zero` or a FIFO
was read forever. The bombs are built here (small on disk); the real command line runs as a subprocess whose own peak
memory is measured (VmHWM)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
MAX_RSS_MB = 300
MAX_SECONDS = 30  # generous on two shared cores; a rejection takes about a second


# `python -m etl` with its peak memory written at exit: VmHWM of this process's own address space (ru_maxrss would
# count the test process's memory too, inherited at fork before exec)
MEASURED = """
import atexit, runpy, sys
out = sys.argv[1]
def peak():
    with open("/proc/self/status") as fh, open(out, "w") as dst:
        dst.write(next(ln for ln in fh if ln.startswith("VmHWM:")))
atexit.register(peak)
sys.argv = ["etl", *sys.argv[2:]]
runpy.run_module("etl", run_name="__main__")
"""


def load(tmp_path: Path, *paths: str, timeout: float = 120) -> tuple[int, str, float, float]:
    """`python -m etl load PATHS --db …`: (exit code, stderr, seconds, peak RSS of that process in MB)."""
    stamp = time.monotonic_ns()
    err, hwm = tmp_path / f"stderr-{stamp}", tmp_path / f"hwm-{stamp}"
    args = [sys.executable, "-c", MEASURED, str(hwm), "load", *paths, "--db", str(tmp_path / "w.duckdb")]
    started = time.monotonic()
    with err.open("w") as fh:
        try:
            proc = subprocess.run(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=fh, timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"etl load {paths} still running after {timeout} s")
    seconds = time.monotonic() - started
    kb = int(hwm.read_text(encoding="utf-8").split()[1])
    return proc.returncode, err.read_text(encoding="utf-8"), seconds, kb / 1024


def workbook_with(member: str, size_mb: int, tmp_path: Path, name: str) -> Path:
    """A real workbook (openpyxl) whose `member` is replaced by one of `size_mb` MB unpacked: one huge shared string."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ladesäulen"
    ws.append(
        ["Betreiber", "Straße", "Hausnummer", "Postleitzahl", "Ort", "Inbetriebnahmedatum", "Nennleistung Ladeeinrichtung [kW]"]
    )
    ws.append(["Stadtwerke", "Hauptstraße", "1", "63065", "Offenbach", "01.01.2020", "22"])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / name
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != member:
                out.writestr(info, src.read(info))
        with out.open(member, "w") as fh:
            fh.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
            )
            block = b"A" * (1024 * 1024)
            for _ in range(size_mb):
                fh.write(block)
            fh.write(b"</t></si></sst>")
    return path


def test_xlsx_bomb_with_one_huge_shared_string_is_rejected_before_parsing(tmp_path: Path) -> None:
    bomb = workbook_with("xl/sharedStrings.xml", 600, tmp_path, "Ladesaeulenregister.xlsx")
    assert bomb.stat().st_size < 2 * 1024 * 1024  # small on disk
    rc, err, seconds, rss = load(tmp_path, str(bomb))
    assert rc == 1, err
    assert f"ERROR {bomb}: XLSX-Teil xl/sharedStrings.xml" in err, err
    assert "Traceback" not in err
    assert seconds < MAX_SECONDS and rss < MAX_RSS_MB, (seconds, rss)


def test_xlsx_bomb_in_a_worksheet_is_rejected(tmp_path: Path) -> None:
    bomb = workbook_with("xl/worksheets/sheet1.xml", 120, tmp_path, "massnahmenkatalog-2026.xlsx")
    rc, err, seconds, rss = load(tmp_path, str(bomb))
    assert rc == 1, err
    assert "Zip-Bombe" in err or "entpackt" in err, err
    assert seconds < MAX_SECONDS and rss < MAX_RSS_MB, (seconds, rss)


def test_dev_zero_and_a_fifo_are_rejected_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    rc, err, seconds, rss = load(tmp_path, "/dev/zero", str(fifo), timeout=60)
    assert rc == 1, err
    assert "ERROR /dev/zero: keine reguläre Datei (Gerätedatei)" in err, err
    assert f"ERROR {fifo}: keine reguläre Datei (FIFO oder Socket)" in err, err
    assert "Traceback" not in err
    assert seconds < MAX_SECONDS and rss < MAX_RSS_MB, (seconds, rss)


def test_a_huge_file_of_a_format_read_whole_is_capped(tmp_path: Path) -> None:
    """An Open311 export (JSON, parsed whole) of 300 MB: sparse on disk, its size alone rejects it."""
    path = tmp_path / "requests.json"
    one = json.dumps(json.loads((DATA / "open311" / "requests.json").read_text(encoding="utf-8"))[0])
    path.write_text("[" + ",\n".join([one] * 200), encoding="utf-8")  # the head the format is detected by
    os.truncate(path, 300 * 1024 * 1024)  # the rest: sparse, nothing on disk
    rc, err, seconds, rss = load(tmp_path, str(path))
    assert rc == 1, err
    assert f"ERROR {path}: " in err and "Datei zu groß (300 MB, höchstens 256 MB)" in err, err
    assert seconds < MAX_SECONDS and rss < MAX_RSS_MB, (seconds, rss)


def test_an_endless_line_in_a_line_oriented_file_is_rejected(tmp_path: Path) -> None:
    """A counter export whose body is one line without end (100 MB of digits)."""
    path = tmp_path / "neutor.csv"
    header = (DATA / "ecocounter" / "2025-03.csv").read_text(encoding="utf-8").split("\n")[0]
    with path.open("wb") as fh:
        fh.write(header.encode() + b"\n")
        block = b"1234567890" * 100_000
        for _ in range(100):
            fh.write(block)
    rc, err, seconds, rss = load(tmp_path, str(path))
    assert rc == 1, err
    assert "ohne Zeilenende" in err, err
    assert "Traceback" not in err
    assert seconds < MAX_SECONDS and rss < MAX_RSS_MB, (seconds, rss)
