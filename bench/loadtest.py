"""Load test of the public instance: N simulated users for a fixed time, each opening the embed and the overview the
way a browser does (page HTML, Dash layout and dependencies, the page-content callback); prints the figures as JSON.

    python bench/loadtest.py --base http://127.0.0.1:8071 [--users 50] [--seconds 60] [--embed rad_dtv]

Loopback only (127.0.0.0/8, ::1, localhost): it refuses any other address. It stops by itself after `--seconds`
(at most 600) and never starts more than `--users` (at most 500) connections at once. asyncio with plain sockets:
one process drives 50 users without competing threads.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import random
import socket
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_SECONDS = 600
MAX_USERS = 500


def page_content_body(pathname: str, search: str = "") -> bytes:
    """The request Dash's renderer sends to draw a page (pages' `_pages_location` → `_pages_content`); `search`: the
    page's query (`?lang=en`). The one definition: the benchmarks and the tests send it from here."""
    return json.dumps(
        {
            "output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": pathname},
                {"id": "_pages_location", "property": "search", "value": search},
            ],
            "changedPropIds": ["_pages_location.pathname"],
            "state": [],
        }
    ).encode()


def visits(embed: str) -> dict[str, list[tuple[str, str, str, bytes | None]]]:
    """(label, method, path, body) of what a browser requests for each page."""

    def page(path: str, label: str) -> list[tuple[str, str, str, bytes | None]]:
        return [
            (f"{label} HTML", "GET", path, None),
            ("/_dash-layout", "GET", "/_dash-layout", None),
            ("/_dash-dependencies", "GET", "/_dash-dependencies", None),
            (f"{label} Inhalt (Callback)", "POST", "/_dash-update-component", page_content_body(path)),
        ]

    return {"embed": page(f"/embed/{embed}", f"/embed/{embed}"), "overview": page("/", "/")}


def loopback_only(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    if parts.scheme != "http" or not parts.hostname:
        raise SystemExit("ERROR --base muss http://HOST:PORT sein")
    host, port = parts.hostname, parts.port or 80
    for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        if not ipaddress.ip_address(info[4][0]).is_loopback:
            raise SystemExit(f"ERROR nur Loopback-Adressen erlaubt, nicht {host} ({info[4][0]})")
    return host, port


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    def ok(self, label: str, seconds: float) -> None:
        self.latencies.setdefault(label, []).append(seconds)

    def fail(self, label: str, why: str) -> None:
        self.errors[label] = self.errors.get(label, 0) + 1
        if len(self.error_samples) < 10:
            self.error_samples.append(f"{label}: {why}")


class Connection:
    """One keep-alive HTTP/1.1 connection; reopened when the server closes it (gunicorn's sync workers do)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def request(self, method: str, path: str, body: bytes | None) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Accept-Encoding: identity",
            "User-Agent: wm-loadtest",
        ]
        if body is not None:
            head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + (body or b""))
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("Verbindung vom Server geschlossen")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            k, _, v = line.decode("latin-1").partition(":")
            headers[k.strip().lower()] = v.strip()
        size = 0
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                n = int((await self.reader.readline()).split(b";")[0], 16)
                if n == 0:
                    await self.reader.readline()
                    break
                size += len(await self.reader.readexactly(n + 2)) - 2
        elif "content-length" in headers:
            size = len(await self.reader.readexactly(int(headers["content-length"])))
        else:
            size = len(await self.reader.read())
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, size


async def user(host: str, port: int, plan: dict, end: float, stats: Stats, rng: random.Random) -> None:
    conn = Connection(host, port)
    try:
        while time.monotonic() < end:
            # most visitors come through the embed on the city's website, some open the overview
            for label, method, path, body in plan["embed" if rng.random() < 0.7 else "overview"]:
                if time.monotonic() >= end:
                    break
                t = time.monotonic()
                try:
                    status, _ = await asyncio.wait_for(conn.request(method, path, body), timeout=30)
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as e:
                    stats.fail(label, f"{type(e).__name__}: {e}")
                    await conn.close()
                    continue
                if status == 200:
                    stats.ok(label, time.monotonic() - t)
                else:
                    stats.fail(label, f"HTTP {status}")
    finally:
        await conn.close()


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return s[max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))]


def ms(v: float | None) -> float | None:
    return None if v is None else round(v * 1000, 1)


async def run(base: str, users: int, seconds: float, embed: str, seed: int) -> dict:
    host, port = loopback_only(base)
    plan = visits(embed)
    stats = Stats()
    start = time.monotonic()
    end = start + seconds
    await asyncio.gather(*(user(host, port, plan, end, stats, random.Random(seed + i)) for i in range(users)))
    elapsed = time.monotonic() - start
    every = [x for v in stats.latencies.values() for x in v]
    ok = len(every)
    errors = sum(stats.errors.values())
    return {
        "base_url": base,
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": ok + errors,
        "errors": errors,
        "requests_per_s": round((ok + errors) / elapsed, 1),
        "p50_ms": ms(percentile(every, 50)),
        "p95_ms": ms(percentile(every, 95)),
        "max_ms": ms(max(every) if every else None),
        "endpoints": {
            label: {
                "requests": len(v) + stats.errors.get(label, 0),
                "errors": stats.errors.get(label, 0),
                "p50_ms": ms(percentile(v, 50)),
                "p95_ms": ms(percentile(v, 95)),
            }
            for label, v in sorted(stats.latencies.items())
        }
        | {
            label: {"requests": n, "errors": n, "p50_ms": None, "p95_ms": None}
            for label, n in stats.errors.items()
            if label not in stats.latencies
        },
        "error_samples": stats.error_samples,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python bench/loadtest.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--base", required=True, help="z. B. http://127.0.0.1:8071 (nur Loopback)")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--embed", default="rad_dtv", help="Indikator der Einbettung")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    if not 1 <= a.users <= MAX_USERS or not 0 < a.seconds <= MAX_SECONDS:
        print(f"ERROR --users 1…{MAX_USERS}, --seconds bis {MAX_SECONDS}", file=sys.stderr)
        return 2
    result = asyncio.run(run(a.base.rstrip("/"), a.users, a.seconds, a.embed, a.seed))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
