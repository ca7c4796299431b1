"""What every source kind of `etl sync` shares: the pull's time window, planned requests, fetched payloads, the base class."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import httpx

from etl.sync.config import SourceConfig, SourceError
from etl.sync.http import Client, Fetched

__all__ = ["Kind", "Payload", "Request", "SourceError", "Window"]


@dataclass(frozen=True)
class Window:
    """What a pull asks for: data from `since` (high-water mark minus overlap, or the first pull's start) up to `until`
    (the pull's start, UTC); `modified_since` for conditional requests of whole files (None on the first pull)."""

    since: datetime
    until: datetime
    modified_since: datetime | None = None


@dataclass(frozen=True)
class Request:
    """One planned GET; `headers` may hold a secret (shown masked), `missing_ok`: a 404 means "no data", not an error."""

    url: str
    params: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    missing_ok: bool = False
    file_name: str = ""  # the name the payload's file gets (formats are detected by content, some also by name)
    note: str = ""  # for --dry-run, e.g. that further pages follow

    def full_url(self) -> str:
        return str(httpx.URL(self.url, params=dict(self.params))) if self.params else self.url

    def shown(self, secret_headers: frozenset[str] = frozenset()) -> str:
        """The request as `--dry-run` prints it: URL with query, headers (secrets as `***`), note."""
        hdrs = [f"{k}: {'***' if k.lower() in secret_headers else v}" for k, v in self.headers.items()]
        text = "GET " + self.full_url() + "".join(f" [{h}]" for h in hdrs)
        return text + (f"  ({self.note})" if self.note else "")


@dataclass(frozen=True)
class Payload:
    """A fetched body written to a file for the loader; `name` is what `load_log.file_name` records (the URL)."""

    path: Path
    name: str


Warn = Callable[[str], None]


def iso_z(ts: datetime) -> str:
    """UTC time as `2026-12-07T01:00:00Z` (the form the interfaces' documentation shows)."""
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(ts: datetime) -> str:
    """An HTTP date (`If-Modified-Since`)."""
    return ts.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


def chunks(since: datetime, until: datetime, days: float) -> list[tuple[datetime, datetime]]:
    """[since, until) cut into windows of at most `days` days (none when since ≥ until)."""
    out, step = [], timedelta(days=days)
    start = since
    while start < until:
        end = min(start + step, until)
        out.append((start, end))
        start = end
    return out


def safe_file_name(name: str, default: str) -> str:
    """A file name from a URL's last part or a header: no separators, no control characters, not empty."""
    name = re.sub(r"[\x00-\x1f/\\:]+", "_", name).strip(". ")
    return name[:120] or default


class Kind:
    """One kind of source. Subclasses set the class attributes and implement `requests`; `fetch` GETs each planned
    request and writes its body to a file (override it for answers that need reading: pages, zip archives)."""

    kind: ClassVar[str] = ""
    keys: ClassVar[frozenset[str]] = frozenset()  # the kind's own keys in [[source]]
    overlap_hours: ClassVar[float] = 0.0
    min_interval_minutes: ClassVar[float] = 0.0
    initial_days: ClassVar[float] = 7.0
    needs_token: ClassVar[bool] = False
    token_header: ClassVar[str] = "Authorization"
    conditional: ClassVar[bool] = False  # whole files: ask with If-Modified-Since after the first pull

    def check(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """The kind's options, checked, with defaults; `ValueError` naming the key for anything wrong."""
        raise NotImplementedError

    def requests(self, src: SourceConfig, window: Window, headers: Mapping[str, str]) -> list[Request]:
        raise NotImplementedError

    def fetch(
        self, src: SourceConfig, window: Window, client: Client, workdir: Path, headers: Mapping[str, str], warn: Warn
    ) -> tuple[int, list[Payload]]:
        """(number of requests made, payloads written)."""
        reqs = self.requests(src, window, headers)
        payloads: list[Payload] = []
        for req in reqs:
            got = client.get(req.url, params=req.params, headers=req.headers, max_mb=src.max_mb, missing_ok=req.missing_ok)
            if got is not None:
                payloads.append(write_payload(workdir, len(payloads), req.file_name or name_from(got), got.body, req.full_url()))
        return len(reqs), payloads

    def auth_headers(self, src: SourceConfig, token: str | None) -> dict[str, str]:
        return {src.token_header or self.token_header: token} if token is not None else {}

    def secret_headers(self, src: SourceConfig) -> frozenset[str]:
        return frozenset({(src.token_header or self.token_header).lower()}) if src.token_env else frozenset()


def write_payload(workdir: Path, n: int, file_name: str, body: bytes, name: str) -> Payload:
    """Write a body to `<workdir>/<n>/<file_name>` (a folder each: names may repeat across requests)."""
    folder = workdir / f"{n:05d}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_file_name(file_name, "download")
    path.write_bytes(body)
    return Payload(path, name)


def name_from(got: Fetched) -> str:
    """A payload's file name: the server's `Content-Disposition` file name, else the URL's last path segment."""
    disposition = got.headers.get("Content-Disposition", "")
    if m := re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', disposition, re.IGNORECASE):
        return safe_file_name(httpx.URL("x:/" + m.group(1)).path.lstrip("/"), "download")
    return safe_file_name(httpx.URL(got.url).path.rsplit("/", 1)[-1], "download")


# small checkers for the kinds' options
def req_str(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key} fehlt (Text)")
    return value.strip()


def opt_str(raw: Mapping[str, Any], key: str, default: str) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key} muss Text sein")
    return value.strip()


def http_url(value: str, key: str) -> str:
    if not re.match(r"^https?://[^\s/]+", value):
        raise ValueError(f"{key} muss eine http(s)-URL sein: {value!r}")
    return value.rstrip("/") if key in ("base",) else value


def positive(raw: Mapping[str, Any], key: str, default: float) -> float:
    value = raw.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{key} muss eine Zahl > 0 sein")
    return float(value)


def id_list(raw: Mapping[str, Any], key: str) -> list[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not value:
        raise ValueError(f"{key} fehlt (Liste von Kennungen)")
    out = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | str) or not str(v).strip():
            raise ValueError(f"{key}: {v!r} ist keine Kennung")
        if not re.fullmatch(r"[A-Za-z0-9_.:-]+", str(v).strip()):
            raise ValueError(f"{key}: {v!r} enthält Zeichen, die in keiner URL-Kennung stehen")
        out.append(str(v).strip())
    return out
