"""gzip for scripts, stylesheets, JSON and HTML when the browser accepts it (issue #19: the first chart of a page waits
for ~3 MB of component JavaScript; compressed it is about a third).

The app compresses itself, so it is fast behind any proxy and when run alone (docs/deployment.md: nginx passes the
compressed answers through and does not compress again). Python's own `gzip`, no extra package:

- Static files (Dash's component bundles, plotly.js, `/assets/`, `/seiten-assets/`) never change under their URL
  and version: each is compressed once per worker at the highest level and kept in memory (a few MB at most: the
  set of files is fixed at start).
- Dynamic answers (callback JSON, pages) are compressed per request at a fast level: a 2 MB map answer takes ~15 ms
  and arrives as ~0.3 MB.
- Never compressed: answers below 1 KB (gzip's header would eat the gain), other than 200, streamed, already encoded,
  HEAD, or downloads (CSV/XLSX: their size is the reader's own choice and XLSX is zipped already).
- `Vary: Accept-Encoding` on every answer that could be compressed, so a shared cache (nginx `proxy_cache`) keeps
  both variants. A compressed answer carries the weak form of the file's ETag (`W/"…"`, as nginx does): the same file,
  another encoding; a revalidation with it gets 304 here, since Dash and Flask compare ETags exactly.

BREACH (guessing a secret from the compressed length of answers that reflect the attacker's input) finds nothing here:
no body holds a secret token — login and session live in cookies and headers — and callbacks from foreign origins are
refused (dashboard/security.py).

Must be installed before every other `after_request` of the app (Flask runs them in reverse order): it sees the
final body, after the response cache stored the uncompressed one.
"""

from __future__ import annotations

import gzip
import threading

from flask import Flask, Response, request

COMPRESSIBLE = frozenset(
    {"application/javascript", "text/javascript", "text/css", "application/json", "text/html", "image/svg+xml"}
)
STATIC = ("/assets/", "/seiten-assets/", "/_dash-component-suites/", "/_favicon.ico")
MIN_BYTES = 1024
STATIC_LEVEL = 9  # once per file and worker
DYNAMIC_LEVEL = 5  # per request: about 3× faster than 9, a few % larger
MAX_STATIC_ENTRIES = 256  # the files are a fixed set; a bound all the same (query strings cannot grow it)


class StaticCache:
    """Compressed bytes of static files, keyed by path, ETag, Last-Modified and length (a changed file is new)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data: dict[tuple[str, str, str, int], bytes] = {}

    def get(self, key: tuple[str, str, str, int], body: bytes) -> bytes:
        with self._lock:
            hit = self._data.get(key)
        if hit is not None:
            return hit
        packed = gzip.compress(body, compresslevel=STATIC_LEVEL, mtime=0)
        with self._lock:
            if len(self._data) >= MAX_STATIC_ENTRIES:
                self._data.clear()
            self._data[key] = packed
        return packed


def accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def _weak(etag: str | None) -> str | None:
    if not etag:
        return None
    return etag if etag.startswith("W/") else f"W/{etag}"


def _not_modified(resp: Response, weak_etag: str) -> Response:
    out = Response(status=304)
    out.headers["ETag"] = weak_etag
    for name in ("Cache-Control", "Expires", "Vary", "Last-Modified"):
        if name in resp.headers:
            out.headers[name] = resp.headers[name]
    return out


def install(server: Flask) -> StaticCache:
    cache = StaticCache()
    server.extensions["wm_compression"] = cache

    @server.after_request
    def compress(resp: Response) -> Response:
        if resp.mimetype not in COMPRESSIBLE:
            return resp
        resp.vary.add("Accept-Encoding")
        if resp.status_code == 304 and "ETag" in resp.headers and accepts_gzip():
            resp.headers["ETag"] = _weak(resp.headers["ETag"]) or ""  # as the 200 it confirms (Flask's own 304)
            return resp
        if (
            request.method not in ("GET", "POST")
            or resp.status_code != 200
            or "Content-Encoding" in resp.headers
            or not accepts_gzip()
        ):
            return resp
        static = request.path.startswith(STATIC)
        if resp.direct_passthrough:
            if not static:
                return resp  # a stream the app chose not to hold in memory
            resp.direct_passthrough = False  # a file (send_file): read it, it is compressed once
        elif resp.is_streamed:
            return resp
        body = resp.get_data()
        if len(body) < MIN_BYTES:
            return resp
        etag = resp.headers.get("ETag")
        weak = _weak(etag)
        if weak is not None:
            if request.method == "GET" and request.if_none_match.contains_weak(weak.removeprefix("W/").strip('"')):
                return _not_modified(resp, weak)
            resp.headers["ETag"] = weak
        if static:
            key = (request.path, etag or "", resp.headers.get("Last-Modified", ""), len(body))
            packed = cache.get(key, body)
        else:
            packed = gzip.compress(body, compresslevel=DYNAMIC_LEVEL, mtime=0)
        resp.set_data(packed)
        resp.headers["Content-Encoding"] = "gzip"
        resp.headers.pop("Accept-Ranges", None)  # byte ranges of the file would not fit the compressed body
        return resp

    return cache
