"""`python -m etl sync` against a local server that answers like the real sources (tests/etl/sync_server.py).

A pull loads what a person would load with `etl load` of the same data (same tables, `load_log` with the URL and the
payload's SHA-256), a second pull adds nothing, new data arrives with the next pull, failures are retried or reported
per source while the others load, and a pull killed mid-way and repeated equals one clean pull.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from sync_server import TOKEN, Answer, FakeSources, sources_toml

from etl.cli import main
from etl.load import load_files
from etl.warehouse import table_columns

ROOT = Path(__file__).resolve().parents[2]
DATA_TABLES = ("station", "observation", "observation_detail", "observation_daily", "service_request", "charging_station")
ALL_KINDS = {"sensor_community", "dwd", "hystreet", "sensorthings", "open311", "freifunk", "bnetza"}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSources]:
    monkeypatch.setenv("WM_TEST_HYSTREET_TOKEN", TOKEN)
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    srv = FakeSources(base)
    yield srv
    srv.close()


def write_sources(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """The data tables without load ids (those count loads, not data), each sorted, floats to 9 digits."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in DATA_TABLES:
            cols = ", ".join(f'"{c}"' for c in table_columns(con, t) if c != "load_id")
            rows = con.execute(f'select {cols} from "{t}"').fetchall()
            # sums of the aggregates depend on the order rows were added (float rounding): compared to 9 digits
            out[t] = sorted((tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in rows), key=repr)
        return out
    finally:
        con.close()


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def reference(server: FakeSources, tmp_path: Path, kinds: set[str], name: str = "ref") -> Path:
    """Everything the server holds for `kinds`, loaded as ordinary files with `etl load`'s library."""
    db = tmp_path / f"{name}.duckdb"
    run = load_files(server.data.reference_files(tmp_path / name, kinds), db=db)
    assert run.ok, run.rejected
    return db


def test_pull_equals_loading_the_same_data_as_files_and_a_second_pull_adds_nothing(
    server: FakeSources, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = write_sources(tmp_path, sources_toml(server))
    db = tmp_path / "w.duckdb"
    assert main(["sync", "--sources", str(sources), "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "ERROR" not in err  # not a terminal: quiet (systemd); WARN for the samples' planted bad rows
    first = contents(db)
    assert first == contents(reference(server, tmp_path, ALL_KINDS))
    # rows loaded = rows served, per source
    hours = len(server.data.hystreet_hours())
    assert query(db, "select count(*) from observation where metric = 'pedestrians'") == [(hours,)]
    assert query(db, "select count(*) from observation where metric = 'pm10' and station_id like 'sta%'") == [
        (len(server.data.observations()),)
    ]
    assert query(db, "select count(*) from service_request")[0][0] > 0
    # provenance: one load_log row per payload, named by its URL, with the SHA-256 of what was loaded
    log = query(db, "select file_name, sha256, status from load_log order by load_id")
    assert all(str(name).startswith(server.url) for name, _, _ in log), log
    assert {str(n) for n, _, _ in log if "/archive/" in str(n)} == {
        f"{server.url}/archive/{d}/{d}_sds011_sensor_5331.csv" for d in server.data.sc_days
    }
    assert any(str(n).endswith("stundenwerte_TU_07341_akt.zip#produkt_tu_stunde_20240330_20241028_07341.txt") for n, _, _ in log)
    # sync_state: every source with its high-water mark, no error
    state = query(db, "select source, high_water, last_success, last_error, rows_loaded from sync_state order by source")
    assert [s[0] for s in state] == sorted(["luftdaten", "dwd", "hystreet", "sta", "maengelmelder", "freifunk", "ladesaeulen"])
    assert all(s[1] is not None and s[2] is not None and s[3] is None for s in state)

    # the second pull (min_interval_minutes ignored) asks again, loads nothing new
    n_log = len(log)
    assert main(["sync", "--sources", str(sources), "--db", str(db), "--force", "-v"]) == 0
    out = capsys.readouterr().out
    assert contents(db) == first
    assert "hystreet [hystreet]: 1 Anfrage(n)" in out and "Zeilen" in out
    # unchanged files are not loaded again (same SHA-256), the DWD archive is not even sent again (304)
    new = query(db, f"select file_name from load_log where load_id > {n_log}")
    assert not [n for (n,) in new if any(k in str(n) for k in ("/archive/", "/freifunk/", "/bnetza/", "/dwd/"))], new
    assert server.requests_to("/dwd/")[-1][2] == 304


def test_new_data_between_two_pulls_arrives_with_the_next(server: FakeSources, tmp_path: Path) -> None:
    kinds = {"hystreet", "sensorthings", "open311"}
    sources = write_sources(tmp_path, sources_toml(server, kinds=kinds))
    db = tmp_path / "w.duckdb"
    assert main(["sync", "--sources", str(sources), "--db", str(db)]) == 0
    counts = "select metric, count(*) from observation where metric in ('pedestrians', 'pm10') group by all order by 1"
    before = dict(query(db, counts))
    # new data: one more hour of counts, one more hour of PM10 readings, one new report
    server.data.hystreet_until += timedelta(hours=1)
    server.data.st_until += timedelta(hours=1)
    new_report = dict(server.data.requests[0], service_request_id="neu-1")
    new_report["requested_datetime"] = (server.data.base - timedelta(minutes=30)).isoformat()
    server.data.requests.append(new_report)
    assert main(["sync", "--sources", str(sources), "--db", str(db), "--force"]) == 0
    assert dict(query(db, counts)) == {"pedestrians": before["pedestrians"] + 1, "pm10": before["pm10"] + 2}
    assert query(db, "select count(*) from service_request where request_id like '%neu-1'") == [(1,)]
    assert contents(db) == contents(reference(server, tmp_path, kinds))
    # the second pull asked only from the high-water mark minus the overlap
    (hystreet_from,) = [q["from"] for p, q, _, _ in server.requests_to("/hystreet/")[-1:]]
    first_mark = datetime.fromisoformat(hystreet_from.replace("Z", "+00:00")) + timedelta(hours=48)
    assert datetime.now(UTC) - first_mark < timedelta(minutes=5)
    sta_filter = server.requests_to("/sta/v1.1/Datastreams(11)/Observations")[-1][1]["$filter"]
    assert sta_filter.startswith("phenomenonTime gt ")


def test_failures_are_retried_or_reported_per_source_while_the_others_load(
    server: FakeSources, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = server.data.sc_days[0]
    truncated = Answer(passthrough=True, truncate=100)
    server.script = {
        "/hystreet/locations/4711": [Answer(429, {"Retry-After": "1"}, b"slow down")],  # honoured: one second
        "/georeport/v2/requests.json": [Answer(500, {}, b"oops")],  # then success
        f"/archive/{day}/{day}_sds011_sensor_5331.csv": [truncated],  # truncated once, then whole
        "/freifunk/meshviewer.json": [truncated, truncated, truncated],  # truncated at every attempt
        "/bnetza/Ladesaeulenregister.csv": [Answer(passthrough=True, delay=1.5)] * 3,  # beyond the read timeout
    }
    text = sources_toml(server, sync="read_timeout_s = 0.5\n", extra={"dwd": "max_mb = 0.0002\n"})  # zip > 200 bytes
    sources = write_sources(tmp_path, text)
    db = tmp_path / "w.duckdb"
    t0 = time.monotonic()
    assert main(["sync", "--sources", str(sources), "--db", str(db)]) == 1
    assert time.monotonic() - t0 < 20
    err = capsys.readouterr().err
    assert "ERROR freifunk: Antwort unvollständig" in err and "expected 2917)), nach 3 Versuchen" in err
    assert "ERROR ladesaeulen: Zeitüberschreitung beim Lesen (read_timeout_s = 0.5), nach 3 Versuchen" in err
    assert "ERROR dwd: Antwort zu groß: 1,0 KB angekündigt, Grenze 209 Bytes (max_mb)" in err
    assert err.count("ERROR ") == 3, err
    # the 429's Retry-After was waited for before the second request
    (_, _, s1, t1), (_, _, s2, t2) = server.requests_to("/hystreet/")
    assert (s1, s2) == (429, 200) and t2 - t1 >= 0.9
    assert [a[2] for a in server.requests_to("/georeport/")][:2] == [500, 200]
    # the sources that came through are complete, the failed ones loaded nothing
    ok = {"sensor_community", "hystreet", "sensorthings", "open311"}
    assert contents(db) == contents(reference(server, tmp_path, ok))
    names = [str(n) for (n,) in query(db, "select file_name from load_log")]
    assert not [n for n in names if any(k in n for k in ("/freifunk/", "/bnetza/", "/dwd/"))]
    state = dict(
        (s, (hw, err_, ok_))
        for s, hw, err_, ok_ in query(db, "select source, high_water, last_error, last_success from sync_state")
    )
    for failed in ("freifunk", "ladesaeulen", "dwd"):
        assert state[failed][0] is None and state[failed][2] is None and state[failed][1]
    for good in ("luftdaten", "hystreet", "sta", "maengelmelder"):
        assert state[good][0] is not None and state[good][1] is None


def test_a_pull_killed_mid_way_and_repeated_equals_one_clean_pull(server: FakeSources, tmp_path: Path) -> None:
    kinds = {"sensor_community", "sensorthings", "hystreet"}
    text = sources_toml(server, kinds=kinds, sync="read_timeout_s = 30\n")
    sources = write_sources(tmp_path, text)
    clean = tmp_path / "clean.duckdb"
    assert main(["sync", "--sources", str(sources), "--db", str(clean)]) == 0

    # the second page of the Datastream's observations stalls: the pull is killed while waiting for it
    page = "/sta/v1.1/Datastreams(11)/Observations"
    server.script = {page: [Answer(passthrough=True), Answer(passthrough=True, stall=True)]}
    db = tmp_path / "w.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl", "sync", "--sources", str(sources), "--db", str(db)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert server.stalled.wait(30), proc.communicate(timeout=5)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    server.release.set()
    # killed after the archive and the counts were loaded and before the Datastream was: its mark was never written
    assert query(db, "select source from sync_state order by source") == [("hystreet",), ("luftdaten",)]
    assert query(db, "select count(*) from observation where station_id like 'sta%'") == [(0,)]
    assert main(["sync", "--sources", str(sources), "--db", str(db)]) == 0
    assert contents(db) == contents(clean)
    assert query(db, "select source, last_error from sync_state order by source") == query(
        clean, "select source, last_error from sync_state order by source"
    )


def test_dry_run_shows_the_requests_without_network_or_writes(
    server: FakeSources, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = write_sources(tmp_path, sources_toml(server))
    db = tmp_path / "w.duckdb"
    assert main(["sync", "--sources", str(sources), "--db", str(db), "--dry-run", "--only", "hystreet", "--only", "dwd"]) == 0
    out = capsys.readouterr().out
    assert server.log == [] and not db.exists()
    assert f"GET {server.url}/hystreet/locations/4711?from=" in out and "resolution=hour" in out
    assert "[X-API-Token: <aus $WM_TEST_HYSTREET_TOKEN>]" in out and TOKEN not in out
    assert "stundenwerte_TU_07341_akt.zip" in out and "luftdaten" not in out


def test_sources_file_mistakes_name_the_key_and_a_missing_secret_fails_only_its_source(
    server: FakeSources, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    cases = {
        sources_toml(server, kinds={"freifunk"}, extra={"freifunk": "intervall = 5\n"}): "unbekannter Schlüssel 'intervall'",
        sources_toml(server, kinds={"freifunk"}).replace('"freifunk"\nurl', '"ftp"\nurl'): "unbekannte Art kind = 'ftp'",
        sources_toml(server, kinds={"hystreet"}).replace('token_env = "WM_TEST_HYSTREET_TOKEN"', ""): "token_env fehlt",
        "[sync]\ntimeout = 3\n": "[sync] unbekannter Schlüssel 'timeout'",
        "[[source]\n": "kein gültiges TOML",
    }
    for text, message in cases.items():
        sources = write_sources(tmp_path, text)
        assert main(["sync", "--sources", str(sources), "--db", str(db)]) == 2, text
        assert message in capsys.readouterr().err
    # tables of other commands (etl check's [alerts], [[rule]]) are not this command's business
    monkeypatch.delenv("WM_TEST_HYSTREET_TOKEN")
    text = sources_toml(server, kinds={"hystreet", "freifunk"}) + '\n[alerts]\nwebhook_url = "x"\n[[rule]]\nkind = "silent"\n'
    monkeypatch.setenv("WM_SOURCES_FILE", str(write_sources(tmp_path, text)))
    assert main(["sync", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("ERROR")]
    assert errors == ["ERROR hystreet: Umgebungsvariable WM_TEST_HYSTREET_TOKEN (token_env) ist nicht gesetzt"]
    assert query(db, "select count(*) from observation where metric = 'wifi_clients'")[0][0] > 0
    assert main(["sync", "--db", str(db), "--only", "nix"]) == 2
    assert "--only nix: keine solche Quelle" in capsys.readouterr().err


def test_min_interval_skips_a_source_pulled_recently(
    server: FakeSources, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = write_sources(tmp_path, sources_toml(server, kinds={"bnetza", "freifunk"}))
    db = tmp_path / "w.duckdb"
    assert main(["sync", "--sources", str(sources), "--db", str(db)]) == 0
    assert main(["sync", "--sources", str(sources), "--db", str(db), "-v"]) == 0
    out = capsys.readouterr().out
    assert "ladesaeulen [bnetza]: übersprungen" in out  # once a day by default
    assert len(server.requests_to("/bnetza/")) == 1 and len(server.requests_to("/freifunk/")) == 2


def test_retry_after_as_seconds_or_http_date() -> None:
    from etl.sync.http import retry_after_seconds

    now = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
    assert retry_after_seconds("120", now=now) == 120.0
    assert retry_after_seconds("Mon, 07 Dec 2026 01:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Mon, 07 Dec 2026 00:59:00 GMT", now=now) == 0.0
    assert retry_after_seconds("bald", now=now) is None and retry_after_seconds(None) is None


def test_a_body_without_length_is_cut_off_at_the_size_cap() -> None:
    """A streamed (chunked) answer is read only up to max_mb, then abandoned with a clear error; nothing is retried."""
    import httpx

    from etl.sync.http import Client, FetchError, HttpSettings

    calls = []

    def endless(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        return httpx.Response(200, content=iter([b"x" * 4096] * 1000))  # 4 MB, no Content-Length

    client = Client(HttpSettings(max_mb=0.01, retries=3, backoff_s=0.0), transport=httpx.MockTransport(endless))
    with pytest.raises(FetchError, match=r"Antwort zu groß: über 10,2 KB \(max_mb\), Abruf abgebrochen"):
        client.get("http://127.0.0.1:9/gross.json")
    assert len(calls) == 1


def test_a_token_never_follows_a_redirect_to_another_host(server: FakeSources) -> None:
    """httpx keeps custom headers across origins; the client drops them: X-API-Token must not reach another host."""
    from urllib.parse import quote

    from etl.sync.http import Client, HttpSettings

    port = server.url.rsplit(":", 1)[1]
    with Client(HttpSettings(retries=0)) as client:
        for target, kept in (
            (f"{server.url}/freifunk/meshviewer.json", True),
            (f"http://localhost:{port}/freifunk/meshviewer.json", False),
        ):
            got = client.get(f"{server.url}/moved?to={quote(target)}", headers={"X-API-Token": TOKEN})
            assert got is not None and got.body == server.data.freifunk
            where, headers = server.headers_seen[-1]
            assert where.endswith("/freifunk/meshviewer.json") and where.startswith("127.0.0.1" if kept else "localhost")
            assert (headers.get("X-API-Token") == TOKEN) is kept


def test_the_example_sources_file_is_valid_and_every_kind_documented() -> None:
    from etl.sync.config import load_config
    from etl.sync.kinds import KINDS

    config = load_config(ROOT / "sources.example.toml", KINDS)
    assert {s.kind for s in config.sources} == set(KINDS) - {"download"}
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"| `{kind}` |" in doc, kind


def test_a_busy_warehouse_ends_the_pull_with_exit_code_3(
    server: FakeSources, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from etl.lock import warehouse_lock

    sources = write_sources(tmp_path, sources_toml(server, kinds={"freifunk"}))
    db = tmp_path / "w.duckdb"
    with warehouse_lock(db, "etl load"):
        assert main(["sync", "--sources", str(sources), "--db", str(db)]) == 3
    assert "ERROR Warehouse belegt (etl load, pid" in capsys.readouterr().err
    assert server.log == []  # nothing asked while the state could not be read


def test_a_sensor_without_any_archive_file_is_warned_about(
    server: FakeSources, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """404 for a day is "sent nothing that day"; 404 for every day of the window is worth a WARN (wrong id or type?)."""
    text = sources_toml(server, kinds={"sensor_community"}).replace("id = 5331", "id = 9999")
    assert main(["sync", "--sources", str(write_sources(tmp_path, text)), "--db", str(tmp_path / "w.duckdb")]) == 0
    assert "WARN luftdaten: keine Archivdatei für Sensor 9999 (sds011) seit" in capsys.readouterr().err
    assert {a[2] for a in server.log} == {404} and len(server.log) == 7  # the first pull: seven days back


def test_an_unexpected_error_in_one_source_does_not_stop_the_others(
    server: FakeSources, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from etl.sync.kinds import KINDS

    def boom(*args: object, **kwargs: object) -> None:
        raise KeyError("value")

    monkeypatch.setattr(KINDS["freifunk"], "fetch", boom)
    db = tmp_path / "w.duckdb"
    sources = write_sources(tmp_path, sources_toml(server, kinds={"freifunk", "bnetza"}))
    assert main(["sync", "--sources", str(sources), "--db", str(db)]) == 1
    assert "ERROR freifunk: unerwarteter Fehler (KeyError: 'value')" in capsys.readouterr().err
    assert query(db, "select count(*) from charging_station")[0][0] > 0
    assert query(db, "select source, last_error is not null from sync_state order by 1") == [
        ("freifunk", True),
        ("ladesaeulen", False),
    ]
