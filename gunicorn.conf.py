"""gunicorn settings of the Wirkungsmonitor: `gunicorn -c gunicorn.conf.py app:server` (docs/deployment.md; bench/ and
`make scaleout-test` start their servers with it).

Header and body in one write. gunicorn 27 sends a response's header and its body with two `sendall` calls. When an
app server dies between the two (SIGKILL, OOM killer, power loss of one machine), nginx has already passed the header
on to the browser and cannot send the request to the other server any more: the reader gets a cut-off answer
(`make scaleout-test` saw 2 of ~7 500 requests lost this way when it killed a server). With the header held back
until the first body bytes (or the end of the response), a response is written in one `sendall`: it is either not
started, and nginx retries it on the other server (`proxy_next_upstream`), or complete in the kernel's socket buffer.
Chunked responses (none in this app) keep gunicorn's own order. Tied to gunicorn's `Response` (pinned in
pyproject.toml); a test checks the bytes on the wire.
"""
from __future__ import annotations

from gunicorn import util
from gunicorn.http import wsgi

sendfile = False  # the held-back header must go out before a file's bytes: no os.sendfile past it

_send_headers = wsgi.Response.send_headers
_emit_body = wsgi.Response._emit_body
_close = wsgi.Response.close


class _HeaderBuffer:
    """Stands in for the socket while gunicorn writes the header."""

    def __init__(self) -> None:
        self.data = b""

    def sendall(self, data: bytes) -> None:
        self.data += data


def _held_send_headers(self: wsgi.Response) -> None:
    if self.headers_sent:
        return
    sock, buf = self.sock, _HeaderBuffer()
    self.sock = buf
    try:
        _send_headers(self)
    finally:
        self.sock = sock
    self._wm_head = buf.data


def _take_head(self: wsgi.Response) -> bytes:
    head = getattr(self, "_wm_head", b"")
    self._wm_head = b""
    return head


def _emit_with_head(self: wsgi.Response, data: bytes) -> None:
    head = _take_head(self)
    if head and not self.chunked:
        util.write(self.sock, head + data)
        return
    if head:
        self.sock.sendall(head)
    _emit_body(self, data)


def _close_with_head(self: wsgi.Response) -> None:
    if not self.headers_sent:
        _held_send_headers(self)
    head = _take_head(self)
    if head:
        self.sock.sendall(head)
    _close(self)


wsgi.Response.send_headers = _held_send_headers
wsgi.Response._emit_body = _emit_with_head
wsgi.Response.close = _close_with_head
