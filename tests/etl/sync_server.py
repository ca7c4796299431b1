"""A local HTTP server (127.0.0.1) that answers like the sources `etl sync` pulls, built from the samples in tests/data/.

Each source holds its data in memory and answers the documented queries (time windows, `$top`/`@iot.nextLink`,
If-Modified-Since); `script` queues special answers per path (429 with Retry-After, 500, a truncated body, a stall, a
slow answer) before the normal one. `reference_files` writes everything a source holds as ordinary files, so a test can
compare a pull with `etl load` of the same data.
"""

from __future__ import annotations

import copy
import io
import json
import threading
import time
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

DATA = Path(__file__).resolve().parents[1] / "data"
BERLIN = ZoneInfo("Europe/Berlin")
SC_SAMPLE = DATA / "sensor_community" / "2017-08-30_sds011_sensor_5331.csv"  # real, ODbL (tests/data/README.md)
SC_SAMPLE_DAY = "2017-08-30"
DWD_SAMPLE = DATA / "dwd" / "produkt_tu_stunde_20240330_20241028_07341.txt"
TOKEN = "test-token-4711"


@dataclass
class Answer:
    """A special answer: status, headers, body; `truncate` bytes fewer than announced; `delay` s before the body;
    `stall` waits for the server's `release` event (and sets `stalled` first)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncate: int = 0
    delay: float = 0.0
    stall: bool = False
    passthrough: bool = False  # the normal answer, but delayed/stalled/truncated as set


def iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class SourceData:
    """What the fake sources hold; times relative to `base` (the start of the current hour, UTC)."""

    def __init__(self, base: datetime) -> None:
        self.base = base
        # hystreet: hourly counts of location 4711 for the last 5 days up to `hystreet_until`
        self.hystreet_until = base - timedelta(hours=2)
        sample = json.loads((DATA / "hystreet" / "frankfurter-strasse-api-v2-hour.json").read_text(encoding="utf-8"))
        self.hystreet_head = {k: v for k, v in sample.items() if k != "measurements"}
        self.hystreet_template = sample["measurements"][0]
        # SensorThings: the PM10 Datastream of the sample's first Thing, a reading every 30 minutes for two days
        page = json.loads((DATA / "sensorthings" / "things-page.json").read_text(encoding="utf-8"))
        thing = {k: v for k, v in page["value"][0].items() if k != "Datastreams"}
        ds = {k: v for k, v in page["value"][0]["Datastreams"][0].items() if k != "Observations"}
        self.datastream = {**ds, "Thing": thing}
        self.st_until = base - timedelta(hours=1)
        # Open311: the sample's requests, reported one every six hours before `base`
        self.requests = json.loads((DATA / "open311" / "requests.json").read_text(encoding="utf-8"))
        for n, r in enumerate(self.requests):
            when = base - timedelta(hours=6 * (n + 1))
            r["requested_datetime"] = when.astimezone(BERLIN).isoformat()
            r["updated_datetime"] = r["requested_datetime"]
        # sensor.community: the real SDS011 day file, served for the last three days
        self.sc_days = [(base - timedelta(days=d)).date() for d in (3, 2, 1)]
        # DWD: a recent zip with the hourly air temperature product
        self.dwd_modified = base - timedelta(days=1)
        self.freifunk = (DATA / "freifunk" / "meshviewer-2024-03-31.json").read_bytes()
        self.bnetza = (DATA / "bnetza" / "Ladesaeulenregister_CSV_fixture.csv").read_bytes()

    # hystreet ------------------------------------------------------------------------------------------------------
    def hystreet_hours(self) -> list[datetime]:
        first = self.base - timedelta(days=5)
        return [first + timedelta(hours=h) for h in range(int((self.hystreet_until - first) / timedelta(hours=1)) + 1)]

    def hystreet_measurement(self, ts: datetime) -> dict[str, object]:
        m = copy.deepcopy(self.hystreet_template)
        a = 10 + ts.hour
        m.update(measured_at=iso(ts), measured_at_local_time=ts.astimezone(BERLIN).isoformat(), total_count=a + 7)
        m["counts"][0]["count"], m["counts"][1]["count"] = a, 7
        return m

    def hystreet_doc(self, start: datetime | None = None, end: datetime | None = None) -> bytes:
        hours = [h for h in self.hystreet_hours() if (start is None or h >= start) and (end is None or h < end)]
        doc = {**self.hystreet_head, "measurements": [self.hystreet_measurement(h) for h in hours]}
        return json.dumps(doc, ensure_ascii=False, indent=1).encode()

    # SensorThings ----------------------------------------------------------------------------------------------------
    def observations(self) -> list[dict[str, object]]:
        first = self.base - timedelta(days=2)
        n = int((self.st_until - first) / timedelta(minutes=30)) + 1
        return [
            {
                "@iot.id": 1000 + i,
                "phenomenonTime": iso(first + timedelta(minutes=30 * i)),
                "result": round(10 + (i % 17) * 0.5, 1),
            }
            for i in range(n)
        ]

    def st_dump(self) -> bytes:
        obs = [{**o, "Datastream": {"@iot.id": self.datastream["@iot.id"]}} for o in self.observations()]
        return json.dumps({"Datastreams": [self.datastream], "Observations": obs}, ensure_ascii=False).encode()

    # Open311 ---------------------------------------------------------------------------------------------------------
    def open311(self, start: datetime | None = None, end: datetime | None = None) -> bytes:
        out = [
            r
            for r in self.requests
            if (start is None or parse_iso(r["requested_datetime"]) >= start)
            and (end is None or parse_iso(r["requested_datetime"]) < end)
        ]
        return json.dumps(out, ensure_ascii=False, indent=1).encode()

    # sensor.community ------------------------------------------------------------------------------------------------
    def sc_file(self, day: date) -> bytes:
        return SC_SAMPLE.read_bytes().replace(SC_SAMPLE_DAY.encode(), day.isoformat().encode())

    # DWD -------------------------------------------------------------------------------------------------------------
    def dwd_zip(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("Metadaten_Geographie_07341.txt", "Stations_id;Stationshoehe;Geogr.Breite;Geogr.Laenge\n")
            zf.writestr(DWD_SAMPLE.name, DWD_SAMPLE.read_bytes())
        return buf.getvalue()

    def reference_files(self, folder: Path, kinds: set[str]) -> list[Path]:
        """Everything the sources hold, as the files a person would load with `etl load`."""
        folder.mkdir(parents=True, exist_ok=True)
        files: dict[str, bytes] = {}
        if "sensor_community" in kinds:
            files |= {f"{d}_sds011_sensor_5331.csv": self.sc_file(d) for d in self.sc_days}
        if "hystreet" in kinds:
            files["hystreet.json"] = self.hystreet_doc()
        if "sensorthings" in kinds:
            files["sensorthings.json"] = self.st_dump()
        if "open311" in kinds:
            files["requests.json"] = self.open311()
        if "dwd" in kinds:
            files[DWD_SAMPLE.name] = DWD_SAMPLE.read_bytes()
        if "freifunk" in kinds:
            files["meshviewer.json"] = self.freifunk
        if "bnetza" in kinds:
            files["Ladesaeulenregister.csv"] = self.bnetza
        for name, body in files.items():
            (folder / name).write_bytes(body)
        return [folder / n for n in files]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gives up on a truncated or slow answer resets the connection: expected here


class FakeSources:
    """The server: `url` is its base; `log` lists (path, query, status) of every request; `script[path]` queues answers."""

    def __init__(self, base: datetime) -> None:
        self.data = SourceData(base)
        self.script: dict[str, list[Answer]] = {}
        self.log: list[tuple[str, dict[str, str], int, float]] = []
        self.headers_seen: list[tuple[str, dict[str, str]]] = []  # (host:port/path, request headers)
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                outer._handle(self)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def requests_to(self, prefix: str) -> list[tuple[str, dict[str, str], int, float]]:
        return [r for r in self.log if r[0].startswith(prefix)]

    # --------------------------------------------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        path, query = parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with self.lock:
            self.headers_seen.append((f"{h.headers.get('Host')}{path}", dict(h.headers.items())))
            queued = self.script.get(path)
            special = queued.pop(0) if queued else None
        if special is not None and not special.passthrough:
            status, headers, body = special.status, special.headers, special.body
        else:
            status, headers, body = self._normal(path, query, dict(h.headers.items()))
        with self.lock:
            self.log.append((path, query, status, time.monotonic()))
        if special is not None and special.stall:
            self.stalled.set()
            self.release.wait(60)
        if special is not None and special.delay:
            time.sleep(special.delay)
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        truncate = special.truncate if special is not None else 0
        h.send_header("Content-Length", str(len(body)))
        if truncate:
            h.send_header("Connection", "close")
        h.end_headers()
        try:
            h.wfile.write(body[: len(body) - truncate] if truncate else body)
            h.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        if truncate:
            h.close_connection = True

    def _normal(self, path: str, query: dict[str, str], headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        d = self.data
        js = {"Content-Type": "application/json"}
        if path == "/moved":  # a redirect to wherever ?to= says
            return 302, {"Location": query["to"]}, b""
        if path.startswith("/hystreet/locations/"):
            if headers.get("X-API-Token") != TOKEN:
                return 401, js, b'{"message": "Unauthorized"}'
            return 200, js, d.hystreet_doc(parse_iso(query["from"]), parse_iso(query["to"]))
        if path == "/sta/v1.1/Datastreams(11)":
            return 200, js, json.dumps(d.datastream, ensure_ascii=False).encode()
        if path == "/sta/v1.1/Datastreams(11)/Observations":
            return 200, js, self._observations_page(query)
        if path == "/georeport/v2/requests.json":
            return 200, js, d.open311(parse_iso(query["start_date"]), parse_iso(query["end_date"]))
        if path.startswith("/archive/"):
            day = next((x for x in d.sc_days if path == f"/archive/{x}/{x}_sds011_sensor_5331.csv"), None)
            if day is None:
                return 404, {}, b"Not Found"
            return 200, {"Content-Type": "text/csv"}, d.sc_file(day)
        if path == "/dwd/hourly/air_temperature/recent/stundenwerte_TU_07341_akt.zip":
            since = headers.get("If-Modified-Since")
            if since and parsedate_to_datetime(since) >= d.dwd_modified.replace(microsecond=0):
                return 304, {}, b""
            return 200, {"Last-Modified": format_datetime(d.dwd_modified, usegmt=True)}, d.dwd_zip()
        if path == "/freifunk/meshviewer.json":
            return 200, js, d.freifunk
        if path == "/bnetza/Ladesaeulenregister.csv":
            return 200, {"Content-Type": "text/csv"}, d.bnetza
        return 404, {}, b"Not Found"

    def _observations_page(self, query: dict[str, str]) -> bytes:
        obs = self.data.observations()
        flt = query.get("$filter", "")
        if flt.startswith("phenomenonTime gt "):
            since = parse_iso(flt.removeprefix("phenomenonTime gt "))
            obs = [o for o in obs if parse_iso(str(o["phenomenonTime"])) > since]
        top, skip = int(query.get("$top", "100")), int(query.get("$skip", "0"))
        page: dict[str, object] = {"value": obs[skip : skip + top]}
        if skip + top < len(obs):
            nxt = {**query, "$skip": str(skip + top)}
            from urllib.parse import urlencode

            page["@iot.nextLink"] = f"{self.url}/sta/v1.1/Datastreams(11)/Observations?{urlencode(nxt)}"
        return json.dumps(page).encode()


def sources_toml(
    server: FakeSources, *, kinds: set[str] | None = None, sync: str = "", extra: dict[str, str] | None = None
) -> str:
    """A sources file for the fake server: one source per kind (all by default), `[sync]` from `sync`, `extra` lines
    added to a kind's `[[source]]`."""
    u = server.url
    blocks = {
        "sensor_community": f'[[source]]\nname = "luftdaten"\nkind = "sensor_community"\nbase = "{u}/archive"\n'
        'sensors = [{ id = 5331, type = "sds011" }]\n',
        "dwd": f'[[source]]\nname = "dwd"\nkind = "dwd"\nbase = "{u}/dwd"\nstations = ["7341"]\n'
        'products = ["hourly_air_temperature"]\nmin_interval_minutes = 0\n',
        "hystreet": f'[[source]]\nname = "hystreet"\nkind = "hystreet"\nurl = "{u}/hystreet/locations/{{id}}"\nids = [4711]\n'
        'token_env = "WM_TEST_HYSTREET_TOKEN"\nmin_interval_minutes = 0\n',
        "sensorthings": f'[[source]]\nname = "sta"\nkind = "sensorthings"\nbase = "{u}/sta/v1.1"\ndatastreams = [11]\npage_size = 25\n',
        "open311": f'[[source]]\nname = "maengelmelder"\nkind = "open311"\nurl = "{u}/georeport/v2/requests.json"\n',
        "freifunk": f'[[source]]\nname = "freifunk"\nkind = "freifunk"\nurl = "{u}/freifunk/meshviewer.json"\n',
        "bnetza": f'[[source]]\nname = "ladesaeulen"\nkind = "bnetza"\nurl = "{u}/bnetza/Ladesaeulenregister.csv"\n',
    }
    chosen = [b + (extra or {}).get(k, "") for k, b in blocks.items() if kinds is None or k in kinds]
    head = "[sync]\nbackoff_s = 0.01\nbackoff_max_s = 0.05\nretries = 2\n" + (sync or "read_timeout_s = 5\n") + "\n"
    return head + "\n".join(chosen)
