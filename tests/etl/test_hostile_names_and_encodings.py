"""Smaller hostile inputs (#15, point 14): a file mixing UTF-8 and Windows-1252, a newline in a file name, a file of
NUL bytes, each through the real command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
REGISTER = DATA / "bnetza" / "Ladesaeulenregister_CSV_fixture.csv"  # Windows-1252
NEUTOR = DATA / "ecocounter" / "2025-03.csv"


def etl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def addresses(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {a for (a,) in con.execute("select address from charging_station").fetchall()}
    finally:
        con.close()


def test_a_file_mixing_utf8_and_windows_1252_keeps_every_umlaut(tmp_path: Path) -> None:
    lines = REGISTER.read_bytes().split(b"\n")
    i = next(n for n, ln in enumerate(lines) if ln.startswith(b"Mainova"))
    lines[i] = lines[i].decode("cp1252").encode("utf-8")  # one line appended from a UTF-8 export
    mixed = tmp_path / "Ladesaeulenregister_gemischt.csv"
    mixed.write_bytes(b"\n".join(lines))
    db = tmp_path / "w.duckdb"
    p = etl("load", str(mixed), "--db", str(db))
    assert p.returncode == 0, p.stderr
    found = addresses(db)
    assert any("Hanauer Landstraße" in a for a in found), found  # the UTF-8 line
    assert any("Andréstraße" in a for a in found), found  # a Windows-1252 line
    assert not any("Ã" in a for a in found), found


def test_mojibake_written_by_an_earlier_tool_is_repaired_per_line(tmp_path: Path) -> None:
    text = REGISTER.read_bytes().decode("cp1252")
    broken = text.replace("Hanauer Landstraße", "Hanauer Landstraße".encode().decode("cp1252"))
    assert "LandstraÃŸe" in broken
    path = tmp_path / "Ladesaeulenregister_utf8.csv"
    path.write_text(broken, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    p = etl("load", str(path), "--db", str(db))
    assert p.returncode == 0, p.stderr
    found = addresses(db)
    assert any("Hanauer Landstraße" in a for a in found) and not any("Ã" in a for a in found), found


def test_a_newline_in_a_file_name_cannot_write_a_fake_line(tmp_path: Path) -> None:
    evil = tmp_path / "neutor.csv\nERROR alles.csv: Datenbank gelöscht"
    evil.write_bytes(NEUTOR.read_bytes())
    broken = tmp_path / "kaputt\n.csv\rERROR x"
    broken.write_bytes(b"\x00" * 1000)
    db = tmp_path / "w.duckdb"
    p = etl("load", str(evil), str(broken), "--db", str(db))
    assert p.returncode == 1, p.stderr
    out = (p.stdout + p.stderr).splitlines()
    assert not any(ln.startswith("ERROR alles.csv") for ln in out), out
    assert sum(ln.startswith("ERROR ") for ln in out) == 1, out  # the one rejected file
    assert "neutor.csv\\nERROR alles.csv: Datenbank gelöscht [ecocounter_csv]" in p.stdout, p.stdout
    assert "kaputt\\n.csv\\rERROR x: Binärdatei" in p.stderr, p.stderr
    con = duckdb.connect(str(db), read_only=True)
    names = [n for (n,) in con.execute("select file_name from load_log").fetchall()]
    assert names == ["neutor.csv\\nERROR alles.csv: Datenbank gelöscht"]
    assert "\n" not in names[0]


def test_a_file_of_nul_bytes_is_called_binary(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"\x00" * 100_000)
    p = etl("load", str(path), "--db", str(tmp_path / "w.duckdb"))
    assert p.returncode == 1
    assert p.stderr.strip() == f"ERROR {path}: Binärdatei (enthält NUL-Bytes): kein Exportformat", p.stderr
