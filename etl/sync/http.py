"""The HTTP client of `etl sync`: timeouts, retries with backoff (honouring `Retry-After`), a size cap per response."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from etl.errors import EtlError

MB = 1024 * 1024
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
KEPT_ACROSS_ORIGINS = frozenset({"if-modified-since"})  # a redirect to another host gets none of the other headers


@dataclass(frozen=True)
class HttpSettings:
    """How patient the client is; `[sync]` in sources.toml sets them (docs/configuration.md)."""

    connect_timeout_s: float = 10.0
    read_timeout_s: float = 60.0
    max_mb: float = 256.0  # largest response body (after decompression); larger ones are aborted while streaming
    retries: int = 4  # further attempts after the first, on connection errors, timeouts, 408/429/5xx
    backoff_s: float = 2.0  # wait before the first retry; doubles with every further one
    backoff_max_s: float = 120.0
    retry_after_max_s: float = 600.0  # a longer `Retry-After` is not waited for: the source fails, the next run tries
    user_agent: str = "Wirkungsmonitor-etl-sync (+https://www.offenbach.de)"


def size_text(n: int) -> str:
    """A byte count as a person reads it: `512 Bytes`, `3,4 KB`, `256 MB`."""
    if n < 1024:
        return f"{n} Bytes"
    if n < MB:
        return f"{n / 1024:.1f} KB".replace(".", ",")
    return f"{n / MB:.1f} MB".replace(".", ",").replace(",0 MB", " MB")


class FetchError(EtlError):
    """A request that failed for good (after its retries): `message` says why, in German."""


class _Retryable(Exception):
    """One failed attempt worth repeating; `retry_after` in seconds when the server asked for a pause."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message, self.retry_after = message, retry_after


@dataclass(frozen=True)
class Fetched:
    """A response received whole: its final URL, status, headers and body."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds to wait: delta-seconds or an HTTP date (RFC 9110 10.2.3); None when absent or unreadable.

    >>> retry_after_seconds("7")
    7.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=datetime(2015, 10, 21, 7, 28, tzinfo=UTC))
    10.0
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Client:
    """One `httpx.Client` for a run of `etl sync`; `get` retries what is worth retrying and caps the body's size."""

    def __init__(
        self,
        settings: HttpSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        timeout = httpx.Timeout(
            connect=settings.connect_timeout_s,
            read=settings.read_timeout_s,
            write=settings.read_timeout_s,
            pool=settings.connect_timeout_s,
        )
        self._http = httpx.Client(
            timeout=timeout,
            headers={"User-Agent": settings.user_agent},
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        max_mb: float | None = None,
        missing_ok: bool = False,
    ) -> Fetched | None:
        """GET `url`; the whole body, or None for 304 Not Modified (and 404/410 when `missing_ok`).

        Raises `FetchError` when the request fails for good: another 4xx, a body above `max_mb`, or still an error
        after `settings.retries` further attempts with exponential backoff (a `Retry-After` is waited for instead).
        """
        retrying = Retrying(
            stop=stop_after_attempt(self.settings.retries + 1),
            wait=self._wait,
            retry=retry_if_exception_type(_Retryable),
            sleep=self._sleep,
            reraise=True,
        )
        cap = int((max_mb if max_mb is not None else self.settings.max_mb) * MB)
        try:
            return retrying(self._once, url, dict(params or {}), dict(headers or {}), cap, missing_ok)
        except _Retryable as e:
            tries = self.settings.retries + 1
            raise FetchError(f"{e.message}, nach {tries} Versuch{'en' if tries > 1 else ''}") from None

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return exc.retry_after
        return float(min(self.settings.backoff_max_s, self.settings.backoff_s * 2 ** (state.attempt_number - 1)))

    def _once(self, url: str, params: dict[str, str], headers: dict[str, str], cap: int, missing_ok: bool) -> Fetched | None:
        s = self.settings
        current = httpx.URL(url)
        if params:  # added to a query the URL may already have (an @iot.nextLink carries its own)
            current = current.copy_merge_params(params)
        sent = dict(headers)
        try:
            for _ in range(MAX_REDIRECTS + 1):
                # redirects are followed here, not by httpx: httpx keeps every header but Authorization when a redirect
                # leaves the origin, and a token in X-API-Token must not travel to another host
                with self._http.stream("GET", current, headers=sent, follow_redirects=False) as resp:
                    if resp.is_redirect and "Location" in resp.headers:
                        for _ in resp.iter_raw():  # the (small) body read, so that the connection can be used again
                            pass
                        target = resp.url.join(resp.headers["Location"])
                        if (target.scheme, target.host, target.port) != (current.scheme, current.host, current.port):
                            sent = {k: v for k, v in sent.items() if k.lower() in KEPT_ACROSS_ORIGINS}
                        current = target
                        continue
                    return self._read(resp, cap, missing_ok)
            raise FetchError(f"mehr als {MAX_REDIRECTS} Weiterleitungen")
        except httpx.TimeoutException as e:
            what = "Verbindungsaufbau" if isinstance(e, httpx.ConnectTimeout | httpx.PoolTimeout) else "Lesen"
            limit = s.connect_timeout_s if what == "Verbindungsaufbau" else s.read_timeout_s
            key = "connect_timeout_s" if what == "Verbindungsaufbau" else "read_timeout_s"
            raise _Retryable(f"Zeitüberschreitung beim {what} ({key} = {limit:g})") from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as e:  # also a redirect to such a URL
            raise FetchError(f"ungültige URL {url!r}: {e}") from None
        except httpx.RemoteProtocolError as e:  # e.g. the connection closed before Content-Length bytes came
            raise _Retryable(f"Antwort unvollständig ({e})") from None
        except httpx.TransportError as e:
            raise _Retryable(f"Verbindungsfehler ({type(e).__name__}: {e})") from None

    def _read(self, resp: httpx.Response, cap: int, missing_ok: bool) -> Fetched | None:
        """The body of a final (not redirecting) response, or why not."""
        s = self.settings
        status = resp.status_code
        if status == 304 or (missing_ok and status in (404, 410)):
            return None
        if status in RETRY_STATUS:
            wait = retry_after_seconds(resp.headers.get("Retry-After"))
            reason = f"HTTP {status} {resp.reason_phrase}".rstrip()
            if wait is not None and wait > s.retry_after_max_s:
                raise FetchError(
                    f"{reason}: Server bittet um {wait:.0f} s Pause (Retry-After), mehr als retry_after_max_s ="
                    f" {s.retry_after_max_s:.0f}; nächster Lauf versucht es wieder"
                )
            raise _Retryable(reason, wait)
        if status >= 400:
            raise FetchError(f"HTTP {status} {resp.reason_phrase}".rstrip())
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap and "Content-Encoding" not in resp.headers:
            raise FetchError(f"Antwort zu groß: {size_text(int(declared))} angekündigt, Grenze {size_text(cap)} (max_mb)")
        body = bytearray()
        for chunk in resp.iter_bytes():
            body += chunk
            if len(body) > cap:
                raise FetchError(f"Antwort zu groß: über {size_text(cap)} (max_mb), Abruf abgebrochen")
        return Fetched(str(resp.url), status, resp.headers, bytes(body))
