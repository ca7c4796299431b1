"""gunicorn.conf.py holds a response's header back until its body: one `sendall` per response, so a server killed
mid-response leaves nginx nothing half-sent (it retries on the other server instead; `make scaleout-test`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from gunicorn.http import wsgi

ROOT = Path(__file__).resolve().parents[2]


class Sock:
    def __init__(self) -> None:
        self.calls: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.calls.append(bytes(data))


class Req:
    version = (1, 1)
    method = "GET"

    def should_close(self) -> bool:
        return False


@pytest.fixture(scope="module", autouse=True)
def conf():
    saved = (wsgi.Response.send_headers, wsgi.Response._emit_body, wsgi.Response.close)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    wsgi.Response.send_headers, wsgi.Response._emit_body, wsgi.Response.close = saved


def response(headers: list[tuple[str, str]]) -> tuple[wsgi.Response, Sock]:
    sock = Sock()
    r = wsgi.Response(Req(), sock, cfg=None)
    r.start_response("200 OK", headers)
    return r, sock


def test_header_and_body_leave_in_one_write(conf) -> None:
    body = b'{"ok": true}'
    r, sock = response([("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    r.write(body)
    r.close()
    assert len(sock.calls) == 1
    head, _, sent_body = sock.calls[0].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK") and b"Content-Length: 12" in head and sent_body == body
    assert conf.sendfile is False


def test_a_response_without_body_still_sends_its_header(conf) -> None:
    r, sock = response([("Content-Length", "0")])
    r.close()
    assert len(sock.calls) == 1 and sock.calls[0].startswith(b"HTTP/1.1 200 OK") and sock.calls[0].endswith(b"\r\n\r\n")
