"""The attacks of issue #15 on the public instance, each as a visitor would send it: raw HTTP requests (own Host,
own body, no redirect following) to a real `python app.py` process on a small published snapshot."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from app_support import start_instance as start

from etl.load import load_files
from publish import publish

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parents[1] / "data"


# catalogue cells a hostile editor (or a pasted web text) could hold: formulas that a spreadsheet program would run
FORMULAS = ('=HYPERLINK("http://evil.example/?x=1";"Klick mich")', "+1+cmd|' /C calc'!A0", "@SUMME(1+1)*cmd|' /C calc'!A0")
NEGATIVE = -4.5  # a value of the public indicator radzaehlstellen_anzahl: stays a number in the CSV


def hostile_catalogue(out: Path) -> Path:
    """The shipped catalogue with formula texts as titles (and a unit) of the first measures, and a negative
    indicator value."""
    import openpyxl

    wb = openpyxl.load_workbook(ROOT / "data" / "massnahmenkatalog.xlsx")
    ws = wb["Maßnahmen"]
    head = [c.value for c in ws[1]]
    for row, text in enumerate(FORMULAS, start=2):
        for column in ("Titel", "Verantwortlich") if row == 3 else ("Titel",):
            cell = ws.cell(row=row, column=head.index(column) + 1, value=text)
            cell.data_type = "s"  # a text cell, as the city's file would hold it (openpyxl would make it a formula)
    ws = wb["Indikatorwerte"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=1).value == "radzaehlstellen_anzahl":
            ws.cell(row=r, column=3, value=NEGATIVE)
    wb.save(out)
    return out


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("attacks")
    build = tmp / "build.duckdb"
    catalogue = hostile_catalogue(tmp / "massnahmenkatalog.xlsx")
    load_files([catalogue, DATA / "ecocounter", DATA / "surveys"], db=build)
    return publish(build, tmp / "snap.duckdb"), publish(build, tmp / "public.duckdb", public=True)


@pytest.fixture(scope="module")
def public(snapshots):
    proc, url = start(snapshots[1], public=True)
    yield url
    proc.kill()


@pytest.fixture(scope="module")
def internal(snapshots):
    proc, url = start(snapshots[0])
    yield url
    proc.kill()


def send(
    base: str, path: str, *, method: str = "GET", headers: dict[str, str] | None = None, body: bytes | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request exactly as given (Host, body, path bytes); redirects are not followed."""
    u = urlsplit(base)
    con = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    try:
        con.putrequest(method, path, skip_host="Host" in (headers or {}), skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            con.putheader(k, v)
        if body is not None:
            con.putheader("Content-Length", str(len(body)))
        con.endheaders(body)
        r = con.getresponse()
        return r.status, r.headers, r.read()
    finally:
        con.close()


# 3. open redirect --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "next_",
    [
        "/%09/evil.example",  # the browser drops the tab: //evil.example
        "//evil.example",
        "/%5Cevil.example",  # /\evil.example: browsers read a backslash as a slash
        "%2F%2Fevil.example",
        "https://evil.example/",
        "https:/evil.example",
        "/%0d%0aSet-Cookie:%20x=1",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_language_switch_redirects_only_to_a_path_of_this_site(public: str, next_: str) -> None:
    status, headers, _ = send(public, f"/sprache?lang=en&next={next_}")
    assert status == 302
    assert headers["Location"] == "/", next_
    assert "x=1" not in (headers.get("Set-Cookie") or "")


def test_language_switch_keeps_a_local_next_and_the_same_site_referer(public: str) -> None:
    status, headers, _ = send(public, "/sprache?lang=en&next=/massnahmen%3Fstatus%3Dlaufend")
    assert status == 302 and headers["Location"] == "/massnahmen?status=laufend"
    assert "wm_lang=en" in headers["Set-Cookie"]
    host = urlsplit(public).netloc
    status, headers, _ = send(public, "/sprache?lang=de", headers={"Referer": f"http://{host}/karte?x=1"})
    assert headers["Location"] == "/karte?x=1"
    status, headers, _ = send(public, "/sprache?lang=de", headers={"Referer": "http://evil.example/karte"})
    assert headers["Location"] == "/"


# 4. download file names -------------------------------------------------------------------------------------------


def disposition(headers: http.client.HTTPMessage) -> dict[str, str]:
    from werkzeug.http import parse_options_header

    value, options = parse_options_header(headers["Content-Disposition"])
    return {"type": value, **options}


def test_download_file_name_holds_no_text_from_the_request(public: str) -> None:
    evil = "x%22%3B%20filename*%3DUTF-8%27%27rechnung.hta%3B%20x%3D%22"
    name = "massnahmen"
    assert send(public, f"/daten/indikator.csv?id={evil}")[0] == 404  # no such indicator
    for ext in ("csv", "xlsx"):
        status, headers, _ = send(public, f"/daten/{name}.{ext}?id={evil}")
        assert status == 200, (name, ext)
        raw = headers["Content-Disposition"]
        assert "hta" not in raw and "rechnung" not in raw, raw
        d = disposition(headers)
        assert d["type"] == "attachment" and d["filename"].startswith(f"wirkungsmonitor-{name}-")
        assert d["filename"].endswith(f".{ext}") and "filename*" not in d, raw


def test_download_file_name_names_a_known_indicator(public: str) -> None:
    status, headers, body = send(public, "/daten/indikator.csv?id=rad_dtv")
    assert status == 200 and body.startswith("\ufeff".encode())
    assert disposition(headers)["filename"].startswith("wirkungsmonitor-indikator-rad_dtv-")
    assert headers["Content-Type"] == "text/csv; charset=utf-8"


# 5. CSV formula injection -----------------------------------------------------------------------------------------


def csv_rows(body: bytes) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_csv_cells_never_start_a_formula(public: str) -> None:
    status, _, body = send(public, "/daten/massnahmen.csv")
    assert status == 200
    cells = [c for row in csv_rows(body) for c in row]
    for text in FORMULAS:
        assert text not in cells, text
        assert "'" + text in cells, text
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # a date and a plain text stay as they were
    assert any(c.count(".") == 2 and c.replace(".", "").isdigit() for c in cells)


def test_csv_numbers_stay_numbers_also_negative_ones(public: str) -> None:
    status, _, body = send(public, "/daten/indikator.csv?id=radzaehlstellen_anzahl")
    assert status == 200
    cells = [c for row in csv_rows(body)[1:] for c in row]
    assert "-4,5" in cells and "'-4,5" not in cells, cells[:12]


def test_csv_neutralises_every_formula_start_and_keeps_numbers() -> None:
    import polars as pl

    from dashboard.downloads import to_csv

    texts = ["=1+1", "+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx", "-4,5", "1.234,5", "Text", "-"]
    frame = pl.DataFrame({"t": texts, "n": [-1.5, 2.0, -3.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], "i": [-7] * 10})
    rows = csv_rows(to_csv(frame))[1:]
    assert [r[0] for r in rows] == [
        "'=1+1",
        "+1",  # a number written as text: runs nothing, stays a number
        "'-2+3+cmd|' /C calc'!A0",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "-4,5",
        "1.234,5",
        "Text",
        "'-",
    ]
    assert [r[1] for r in rows][:3] == ["-1,5", "2,0", "-3,0"] and {r[2] for r in rows} == {"-7"}


# 6. request body limit --------------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_before_any_work(public: str) -> None:
    import time

    big = b'{"output": "x", "pad": "' + b"a" * 2_000_000 + b'"}'
    json_ = {"Content-Type": "application/json"}
    for path in ("/_dash-update-component", "/", "/daten/massnahmen.csv"):
        t0 = time.monotonic()
        try:
            status, _, body = send(public, path, method="POST", headers=json_, body=big)
        except (ConnectionResetError, BrokenPipeError):
            continue  # the server answered 413 and closed before the client had sent everything: refused as well
        assert status == 413, (path, status)
        assert b"a" * 1000 not in body  # nothing echoed
        assert time.monotonic() - t0 < 5
    # without Content-Length (chunked): the limit holds where the body is read
    u = urlsplit(public)
    con = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    try:
        con.request("POST", "/_dash-update-component", body=iter([big[:600_000], big[600_000:]]), headers=json_)
        assert con.getresponse().status == 413
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        con.close()
    # a callback of ordinary size still works
    status, _, _ = send(public, "/_dash-update-component", method="POST", headers=json_, body=b'{"output": "x"}')
    assert status == 400  # unknown output, refused by the callback check, not by the size


# 2. Host header, canonical address, response cache --------------------------------------------------------------


def page_callback(
    base: str, path: str, *, headers: dict[str, str] | None = None, response_headers: dict | None = None
) -> tuple[int, str]:
    """Dash's page router callback, as the browser sends it when a page opens: the page's content (JSON, with `/` and
    `<` as themselves: Dash writes them as `\\u002f`, `\\u003c`)."""
    import json

    from bench.loadtest import page_content_body

    h = {"Content-Type": "application/json", **(headers or {})}
    status, got, answer = send(base, "/_dash-update-component", method="POST", headers=h, body=page_content_body(path))
    if response_headers is not None:
        response_headers.update(got)
    return status, json.dumps(json.loads(answer), ensure_ascii=False) if status == 200 else answer.decode()


def test_a_foreign_host_never_reaches_the_embed_code_of_later_visitors(public: str) -> None:
    status, answer = page_callback(public, "/indikatoren/rad_dtv", headers={"Host": "attacker.example"})
    assert status == 200 and "/embed/rad_dtv" in answer and "attacker.example" not in answer
    status, answer = page_callback(public, "/indikatoren/rad_dtv")
    assert status == 200 and "attacker.example" not in answer


@pytest.fixture(scope="module")
def canonical(snapshots):
    env = {"WM_PUBLIC_URL": "https://wirkung.offenbach.example", "WM_TRUSTED_HOSTS": "127.0.0.1,wirkung.offenbach.example"}
    proc, url = start(snapshots[1], public=True, env=env)
    yield url
    proc.kill()


def test_public_url_writes_the_embed_code_and_other_hosts_get_400(canonical: str, snapshots) -> None:
    for path in ("/", "/indikatoren/rad_dtv", "/daten/massnahmen.csv", "/_dash-layout"):
        status, _, body = send(canonical, path, headers={"Host": "attacker.example"})
        assert status == 400 and b"attacker" not in body, path
    assert page_callback(canonical, "/indikatoren/rad_dtv", headers={"Host": "attacker.example"})[0] == 400
    assert send(canonical, "/", headers={"Host": "wirkung.offenbach.example"})[0] == 200
    status, answer = page_callback(canonical, "/indikatoren/rad_dtv", headers={"Host": "wirkung.offenbach.example"})
    assert status == 200 and 'src=\\\\\\"https://wirkung.offenbach.example/embed/rad_dtv\\\\\\"' in answer  # in the dialog's JSON
    # another instance on the same snapshot and cache, at another address: the cache key holds the setting
    proc, other = start(snapshots[1], public=True, env={"WM_PUBLIC_URL": "https://b.example", "WM_TRUSTED_HOSTS": "127.0.0.1"})
    try:
        status, answer = page_callback(other, "/indikatoren/rad_dtv")
        assert status == 200 and "https://b.example/embed/rad_dtv" in answer and "offenbach.example" not in answer
    finally:
        proc.kill()


def test_internal_instance_without_login_answers_only_loopback_names(internal: str) -> None:
    port = urlsplit(internal).port
    for host in ("attacker.example", f"rebind.attacker.example:{port}", "10.0.0.1"):
        assert send(internal, "/", headers={"Host": host})[0] == 400, host
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert send(internal, "/", headers={"Host": host})[0] == 200, host


def test_answers_that_depend_on_the_language_cookie_say_so(public: str) -> None:
    status, de = page_callback(public, "/massnahmen")
    status_en, en = page_callback(public, "/massnahmen", headers={"Cookie": "wm_lang=en"})
    assert status == status_en == 200 and de != en and "Measures" in en
    assert page_callback(public, "/massnahmen")[1] == de  # the English answer was not cached for German visitors
    for path in ("/", "/massnahmen", "/_dash-layout"):
        assert "Cookie" in (send(public, path)[1].get("Vary") or ""), path
    assert "Cookie" not in (send(public, "/assets/10-wirkungsmonitor.css")[1].get("Vary") or "")


# 1. callbacks of internal pages, callback inputs, internal downloads, time budget ---------------------------------

STATION = "ecocounter:100035541"  # the counter of tests/data/ecocounter
VN_OUTPUT = "..vn-result.children...vn-location.search.."


def vn_result(base: str, controls: object, **values: object) -> tuple[int, str, float]:
    """The Vorher-nachher result callback as a browser would send it, with `controls` as the control stations."""
    import json
    import time

    given = {
        ("vn-modus", "value"): "station",
        ("vn-indikator", "value"): None,
        ("vn-station", "value"): STATION,
        ("vn-messgroesse", "value"): "bicycles",
        ("vn-datum", "date"): "2025-03-15",
        ("vn-methode", "value"): "did",
        ("vn-fenster", "value"): 7,
        ("vn-kontrollen", "value"): controls,
    }
    for key, value in values.items():
        given[next(k for k in given if k[0] == key)] = value
    body = {
        "output": VN_OUTPUT,
        "outputs": [{"id": "vn-result", "property": "children"}, {"id": "vn-location", "property": "search"}],
        # the page asks through `vn-frage` (its clientside step clears the old result first); the choices are states
        "inputs": [{"id": "vn-frage", "property": "data", "value": 1}],
        "changedPropIds": ["vn-frage.data"],
        "state": [{"id": i, "property": p, "value": v} for (i, p), v in given.items()]
        + [{"id": "vn-massnahme", "property": "value", "value": None}],
    }
    t0 = time.monotonic()
    status, _, answer = send(
        base,
        "/_dash-update-component",
        method="POST",
        headers={"Content-Type": "application/json"},
        body=json.dumps(body).encode(),
    )
    return status, answer.decode("utf-8", "replace"), time.monotonic() - t0


def test_public_instance_refuses_callbacks_of_internal_pages_before_any_work(public: str) -> None:
    import json
    import time
    from concurrent.futures import ThreadPoolExecutor

    status, _, took = vn_result(public, [STATION] * 5000)  # 5 000 control stations: the 20-second request of #15
    assert status == 404 and took < 1
    deps = json.loads(send(public, "/_dash-dependencies")[2])
    assert deps and not [d for d in deps if "vn-" in d["output"] or "dq-" in d["output"]]
    # four such requests at once leave the home page answering at once
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(vn_result, public, [STATION] * 2000) for _ in range(4)]
        t0 = time.monotonic()
        assert send(public, "/")[0] == 200
        assert time.monotonic() - t0 < 1  # the issue asks < 200 ms of gunicorn; a dev server on 2 busy shared cores
        assert [f.result()[0] for f in futures] == [404] * 4


def test_internal_downloads_do_not_exist_on_the_public_instance(public: str, internal: str) -> None:
    query = f"?station={STATION}&messgroesse=bicycles&datum=2025-03-15&methode=vorher-nachher"
    for path in (
        "/daten/vorher-nachher.csv",
        "/daten/vorher-nachher-effekt.csv",
        "/daten/vorher-nachher-verfahren.csv",
        "/daten/datenqualitaet.csv",
    ):
        assert send(public, path + query)[0] == 404, path
        assert send(public, path.replace(".csv", ".xlsx") + query)[0] == 404, path
        assert send(internal, path + query)[0] != 404, path  # the internal instance has them


def test_callback_inputs_are_checked_first_with_a_short_german_message(internal: str) -> None:
    status, answer, _ = vn_result(internal, [STATION] * 100)  # duplicates: one control station, answered normally
    assert status == 200, answer[:300]
    status, answer, took = vn_result(internal, [STATION] * 1000)  # the list of #15: beyond any page's size
    assert status == 400 and answer == "Zu viele Werte in einer Eingabe." and took < 2
    status, answer, took = vn_result(internal, [f"ecocounter:{i}" for i in range(21)])
    assert status == 400 and answer == "Höchstens 20 Werte für „kontrollen“." and took < 2
    for controls, values in (
        ("ecocounter:1", {}),  # a text where a list belongs
        ([1, 2], {}),
        ([STATION], {"vn-fenster": "sieben"}),
        ([STATION], {"vn-station": {"$ne": 1}}),
        ([STATION], {"vn-datum": ["2025-03-15"]}),
    ):
        status, answer, _ = vn_result(internal, controls, **values)
        assert status == 400 and answer.startswith("Ungültige Eingabe"), (controls, values, answer[:200])
    status, answer, _ = vn_result(internal, [[STATION] * 300])  # a list inside a list, beyond any page's size
    assert status == 400 and "Traceback" not in answer and len(answer) < 100


def test_runaway_work_ends_at_the_time_budget_with_a_clear_error(snapshots) -> None:
    """Two requests that would run for minutes, one in Python and one in DuckDB, on an app with a 1-second budget."""
    import threading
    import time

    from werkzeug.serving import make_server

    from dashboard.factory import create_app, snapshot
    from dashboard.settings import Settings

    app = create_app(Settings.load(env={}, db=snapshots[0], request_budget_seconds=1))
    ran = []

    @app.server.route("/daten/endlos-python")
    def endless_python() -> str:
        while True:
            ran.append(1)
            time.sleep(0.001)

    @app.server.route("/daten/endlos-sql")
    def endless_sql() -> str:
        snapshot().query("select sum(hash(i)) from range(1000000000000) t(i)")
        return "fertig"

    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        for path in ("/daten/endlos-python", "/daten/endlos-sql"):
            t0 = time.monotonic()
            status, _, body = send(base, path)
            assert status == 503 and time.monotonic() - t0 < 5, path
            assert body.decode() == (
                "Die Berechnung dauerte länger als 1 Sekunden und wurde abgebrochen. Bitte die Auswahl verkleinern."
            )
        count = len(ran)
        time.sleep(0.3)
        assert len(ran) == count  # the loop really stopped
        assert send(base, "/daten/massnahmen.csv")[0] == 200  # and the server goes on
    finally:
        server.shutdown()


# 7. the public instance on an internal snapshot -----------------------------------------------------------------


def test_public_instance_refuses_an_internal_snapshot(snapshots) -> None:
    import subprocess
    import sys

    from app_support import free_port

    for env in ({}, {"WM_PUBLIC": "true", "WM_DB": str(snapshots[0])}):
        args = ["--public", "--db", str(snapshots[0]), "--port", str(free_port())] if not env else []
        if env:  # as gunicorn builds it: `app:server` from the environment
            cmd = [sys.executable, "-c", "import app; app.server"]
        else:
            cmd = [sys.executable, "app.py", *args]
        p = subprocess.run(cmd, cwd=ROOT, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True, timeout=120)
        lines = p.stderr.strip().splitlines()
        assert p.returncode == 2 and len(lines) == 1, p.stderr[-2000:]
        assert lines[0].startswith("ERROR Snapshot ") and "etl publish --public" in lines[0]
    # the public snapshot starts (every other test of this module runs on one)


# 8. Cache-Control -------------------------------------------------------------------------------------------------


def test_cache_control_says_what_may_be_kept_and_how_long(public: str, internal: str) -> None:
    import re

    for base, scope in ((public, "public"), (internal, "private")):
        html = send(base, "/")[2].decode()
        assets = re.findall(r'(?:src|href)="(/(?:assets|_dash-component-suites|seiten-assets)/[^"]+)"', html)
        versioned = [a for a in assets if "?m=" in a or re.search(r"\.v[0-9a-z_]+m[0-9]+\.", a)]
        assert len(versioned) >= 5, assets
        for url in versioned:
            status, headers, _ = send(base, url.replace("&amp;", "&"))
            assert status == 200 and headers["Cache-Control"] == f"{scope}, max-age=31536000, immutable", url
    for path in ("/", "/massnahmen", "/embed/rad_dtv", "/_dash-layout", "/daten/massnahmen.csv"):
        status, headers, _ = send(public, path)
        assert status == 200 and headers["Cache-Control"] == "public, max-age=300", path
        status, headers, _ = send(internal, path)
        assert status == 200 and headers["Cache-Control"] == "no-store", path
    status, headers, _ = send(internal, "/datenqualitaet")
    assert status == 200 and headers["Cache-Control"] == "no-store"
    json_ = {"Content-Type": "application/json"}
    for base in (public, internal):
        got: dict = {}
        status, _ = page_callback(base, "/massnahmen", response_headers=got)
        assert status == 200 and got["Cache-Control"] == "no-store"  # a callback's answer (POST) is never kept
        _, headers, _ = send(base, "/_dash-update-component", method="POST", headers=json_, body=b'{"output": "x"}')
        assert headers["Cache-Control"] == "no-store"  # refusals are never kept
        for path in ("/sprache?lang=en", "/gibtsnicht", "/datenqualitaet" if base == public else "/gibtsnicht"):
            assert send(base, path)[1]["Cache-Control"] == "no-store", (base, path)


def test_home_page_keeps_answering_under_four_callback_floods_on_gunicorn(snapshots) -> None:
    """The acceptance of #15: four parallel requests with 2 000 control stations against a public gunicorn with two
    workers leave `GET /` answering in under 200 ms."""
    import statistics
    import subprocess
    import sys
    import time
    from concurrent.futures import ThreadPoolExecutor

    from app_support import free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", "2", "-k", "gthread", "--threads", "4"]
    env = {"PATH": "/usr/bin:/bin", "WM_PUBLIC": "true", "WM_DB": str(snapshots[1])}
    proc = subprocess.Popen([*cmd, "-b", f"127.0.0.1:{port}", "app:server"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                if send(base, "/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        for _ in range(4):
            send(base, "/")  # both workers warm
        with ThreadPoolExecutor(4) as pool:
            floods = [pool.submit(vn_result, base, [f"ecocounter:{i}" for i in range(2000)]) for _ in range(4)]
            took = []
            for _ in range(5):
                t0 = time.monotonic()
                assert send(base, "/")[0] == 200
                took.append(time.monotonic() - t0)
            assert [f.result()[0] for f in floods] == [404] * 4
        assert statistics.median(took) < 0.2, took
    finally:
        proc.terminate()
        proc.wait(timeout=30)
