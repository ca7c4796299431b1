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


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("attacks")
    build = tmp / "build.duckdb"
    load_files([ROOT / "data" / "massnahmenkatalog.xlsx", DATA / "ecocounter", DATA / "surveys"], db=build)
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
