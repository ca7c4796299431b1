"""Cache of whole callback responses keyed by snapshot: the same view of the same snapshot is computed once.

Every Dash callback of the Wirkungsmonitor is a pure function of its request body (the inputs and states the browser
sends), the language (`?lang=`, the page's query, the `wm_lang` cookie), the instance's settings (`instance_key`), the
snapshot, the day (texts like "vor 3 Tagen") and the code (`code_version`). So the JSON answer to
`POST /_dash-update-component` is stored in the shared cache (Flask-Caching: filesystem or Redis, see
dashboard/cache.py) under a key made of exactly these parts. A second visitor of the same page (the local paper links
an embed, hundreds arrive at once) gets the stored bytes in about a millisecond instead of running the page's
queries again, in every gunicorn worker and on every app server sharing the cache. Publishing a new snapshot changes
its version and so every key; old entries are never asked for again and expire.

Only successful JSON answers are stored; refusals (403, 204 "no update") and errors are not. The security checks
(`dashboard.security`, registered before) run first, so a cached answer is never served to a request they refuse.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, request

from dashboard import i18n

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent

PATH = "/_dash-update-component"
MAX_BYTES = 8_000_000  # a larger answer is not worth a cache slot (the city map is about 2 MB)
EXTENSION = "wm_response_cache"
HEADER = "X-WM-Cache"  # HIT or MISS: lets the scale-out test and the benchmarks see where an answer came from


class Stats:
    hits = 0
    misses = 0
    errors = 0


def code_version(root: Path = ROOT) -> str:
    """Fingerprint of the code and configuration that shape an answer: a deploy with changed pages, queries,
    texts or settings files never gets an answer computed by the previous code."""
    h = hashlib.sha256()
    for folder, patterns in (
        ("dashboard", ("*.py", "*.po")),
        ("pages", ("*.py",)),
        ("indicators", ("*.py", "*.sql")),
        ("data", ("*.toml",)),
        ("docs", ("methods.md",)),
    ):
        for pattern in patterns:
            for f in sorted((root / folder).rglob(pattern)):
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def response_key(body: bytes, *, lang: str, version: str, path: str, instance: str, day: str, code: str = "") -> str:
    parts = [body, lang.encode(), path.encode(), instance.encode(), day.encode(), code.encode()]
    digest = hashlib.sha256(b"\0".join(parts)).hexdigest()[:40]
    return f"wm:resp:{version}:{digest}"


# the settings an answer's body depends on (an embed code holds `public_url`, a map its tiles, a footer the licence);
# not host, port or login, so app servers of one instance behind a proxy share their entries
ANSWER_SETTINGS = (
    "public",
    "public_url",
    "tile_url",
    "tile_attribution",
    "licence",
    "contact_email",
    "embeds_file",
    "decks_file",
)


def instance_key(settings: Any) -> str:
    """What an answer depends on besides request, language, snapshot, day and code: the instance's settings."""
    values = [f"{name}={getattr(settings, name, '')}" for name in ANSWER_SETTINGS]
    kind = "public" if getattr(settings, "public", False) else "internal"
    return kind + ":" + hashlib.sha256("\0".join(values).encode()).hexdigest()[:16]


def install(server: Flask, flask_cache: Any, snapshot_of: Any, settings: Any) -> None:
    """Serve callback answers from `flask_cache`; `snapshot_of()` gives the current request's snapshot."""
    instance = instance_key(settings)
    code = code_version()
    server.extensions[EXTENSION] = flask_cache  # benchmarks clear it to measure first views

    @server.before_request
    def serve_cached() -> Response | None:
        if request.path != PATH or request.method != "POST":
            return None
        try:
            snap = snapshot_of()
            key = response_key(
                request.get_data(cache=True),
                lang=i18n.current_lang(),
                version=snap.version,
                path=str(snap.path.resolve()),
                instance=instance,
                day=date.today().isoformat(),
                code=code,
            )
            g.wm_response_key = key
            hit = flask_cache.get(key)
        except Exception as e:  # noqa: BLE001 - a cache that fails (Redis down) is skipped, not fatal
            Stats.errors += 1
            log.warning("Antwort-Cache nicht erreichbar (%s)", e)
            return None
        if hit is None:
            Stats.misses += 1
            return None
        Stats.hits += 1
        g.wm_response_hit = True
        resp = Response(hit, mimetype="application/json")
        resp.headers[HEADER] = "HIT"
        return resp

    @server.after_request
    def store(resp: Response) -> Response:
        key = g.pop("wm_response_key", None)
        if key is None or g.pop("wm_response_hit", False):
            return resp
        resp.headers[HEADER] = "MISS"
        if resp.status_code != 200 or resp.mimetype != "application/json" or resp.direct_passthrough:
            return resp
        body = resp.get_data()
        if len(body) > MAX_BYTES:
            return resp
        try:
            flask_cache.set(key, body)
        except Exception as e:  # noqa: BLE001
            Stats.errors += 1
            log.warning("Antwort-Cache nicht beschreibbar (%s)", e)
        return resp
