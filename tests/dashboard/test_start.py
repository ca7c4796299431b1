"""Starting the dashboard as a newcomer does (issue #16, point 1): a busy port gives one German line, and a second
`make run` rebuilds nothing when nothing changed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_busy_port_gives_one_german_line(tmp_path: Path) -> None:
    snap = tmp_path / "snap.duckdb"
    snap.write_bytes(b"")  # the port is checked before the snapshot is opened
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "app.py", "--db", str(snap), "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"ERROR Port {port} auf 127.0.0.1 ist schon belegt"), lines
    assert f"make run PORT={port + 1}" in lines[0] and f"--port {port + 1}" in lines[0]
    assert "Dash is running" not in run.stdout + run.stderr


FAKE_PYTHON = """#!/bin/sh
# stands in for .venv/bin/python: logs the command and writes the file it was asked to build
echo "$*" >> "$(dirname "$0")/../../calls.log"
while [ $# -gt 0 ]; do
  case "$1" in --db|--out) out="$2" ;; esac
  shift
done
case "$out" in ?*) mkdir -p "$(dirname "$out")"; : > "$out" ;; esac
"""


def _make(tree: Path, *targets: str) -> list[str]:
    log = tree / "calls.log"
    log.unlink(missing_ok=True)
    subprocess.run(["make", "--no-print-directory", *targets], cwd=tree, check=True, capture_output=True, timeout=60)
    return log.read_text().splitlines() if log.exists() else []


def test_second_make_publish_rebuilds_nothing(tmp_path: Path) -> None:
    """The Makefile's own rules on a stand-in tree: the demo and the snapshot are rebuilt only when their inputs change."""
    tree = tmp_path / "tree"
    for d in ("etl/demo", "data", "publish", "indicators/sql", ".venv/bin"):
        (tree / d).mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", tree / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    for f in ("etl/demo/__init__.py", "data/make_catalogue.py", "publish/__init__.py", "indicators/sql/q.sql"):
        (tree / f).write_text("# stand-in\n")
    python = tree / ".venv/bin/python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    (tree / ".venv/.installed").touch()  # installed after pyproject.toml was written

    first = _make(tree, "publish")
    assert [c.split()[:3] for c in first] == [["-m", "etl", "demo"], ["-m", "etl", "publish"]], first
    assert _make(tree, "publish") == []  # nothing changed: nothing runs

    os.utime(tree / "indicators/sql/q.sql")  # an indicator's SQL changed (now): only the snapshot
    assert [c.split()[:3] for c in _make(tree, "publish")] == [["-m", "etl", "publish"]]
    os.utime(tree / "etl/demo/__init__.py")  # the demo generator changed: both
    assert [c.split()[:3] for c in _make(tree, "publish")] == [["-m", "etl", "demo"], ["-m", "etl", "publish"]]
    # the public snapshot (make run-public) follows the same rule
    assert [c.split()[:4] for c in _make(tree, "publish-public")] == [["-m", "etl", "publish", "--public"]]
    assert _make(tree, "publish-public") == []
    # a new month: the demo ends with the last complete month before the build day, so both are rebuilt once
    assert [c.split()[:3] for c in _make(tree, "publish", "DEMO_MONTH=2099-01")] == [
        ["-m", "etl", "demo"],
        ["-m", "etl", "publish"],
    ]
    assert _make(tree, "publish", "DEMO_MONTH=2099-01") == []


RUN_PUBLIC_PYTHON = """#!/bin/sh
# stands in for .venv/bin/python in `make run-public`: the demo build is faked, `etl publish --public` copies the
# session's real public snapshot, and `app.py` is the real one run by the real interpreter
echo "$*" >> "$(dirname "$0")/../../calls.log"
if [ "$1" = app.py ]; then shift; exec "$REAL_PYTHON" "$PROJECT/app.py" "$@"; fi
public=""
while [ $# -gt 0 ]; do
  case "$1" in --db|--out) out="$2" ;; --public) public=1 ;; esac
  shift
done
mkdir -p "$(dirname "$out")"
if [ -n "$public" ]; then cp "$PUBLIC_SNAPSHOT" "$out"; else : > "$out"; fi
"""


def test_make_run_public_serves_the_public_instance_on_its_own_port(tmp_path: Path) -> None:
    """`make run-public` (README, beside `make run`) publishes the public snapshot and starts the public instance on
    PUBLIC_PORT: the public pages answer, the internal ones do not exist there."""
    import signal
    import time
    import urllib.error
    import urllib.request

    from app_support import free_port, public_snapshot

    tree = tmp_path / "tree"
    for d in ("etl/demo", "data", "publish", "indicators/sql", ".venv/bin"):
        (tree / d).mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", tree / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    python = tree / ".venv/bin/python"
    python.write_text(RUN_PUBLIC_PYTHON)
    python.chmod(0o755)
    (tree / ".venv/.installed").touch()
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "REAL_PYTHON": sys.executable,
        "PROJECT": str(ROOT),
        "PUBLIC_SNAPSHOT": str(public_snapshot()),
    }
    log = (tmp_path / "make.log").open("w")
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "run-public", f"PUBLIC_PORT={port}"],
        cwd=tree,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                home = urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "make.log").read_text()
                time.sleep(0.2)
        else:
            raise AssertionError("make run-public did not answer: " + (tmp_path / "make.log").read_text()[-2000:])
        assert home.status == 200 and "Wirkungsmonitor" in home.read().decode()
        assert urllib.request.urlopen(base + "/indikatoren/rad_dtv", timeout=10).status == 200
        for internal in ("/datenqualitaet", "/vorher-nachher"):
            try:
                status = urllib.request.urlopen(base + internal, timeout=10).status
            except urllib.error.HTTPError as e:
                status = e.code
            assert status == 404, internal
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()
    calls = [c.split() for c in (tree / "calls.log").read_text().splitlines()]
    assert calls[0][:3] == ["-m", "etl", "demo"]
    assert calls[1][:4] == ["-m", "etl", "publish", "--public"] and "data/snapshots/public.duckdb" in calls[1]
    assert calls[2] == ["app.py", "--public", "--db", "data/snapshots/public.duckdb", "--port", str(port)]
    assert f"Öffentliche Instanz auf http://127.0.0.1:{port}" in (tmp_path / "make.log").read_text()
