"""Issue #19: what a page loads — scripts, stylesheets and JSON gzipped when the browser accepts it, ETags and caching
intact; dash-leaflet's JavaScript only with a page that shows a map (dashboard/compression.py, dashboard/libraries.py).
The browser's view of the same (bytes a page transfers, the map drawn) is in tests/pages/test_page_weight.py."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from flask import Flask, Response

from dashboard import compression
from dashboard.factory import create_app
from dashboard.settings import Settings
from etl.loader import load_file
from etl.warehouse import connect
from indicators.store import Snapshot
from publish import publish

ROOT = Path(__file__).resolve().parents[2]
GZIP = {"Accept-Encoding": "gzip, deflate, br"}
LEAFLET = "/_dash-component-suites/dash_leaflet/"


@pytest.fixture(scope="module")
def client(small_snap: Snapshot):  # noqa: ANN201
    return create_app(Settings.load(env={}, db=small_snap.path)).server.test_client()


def scripts_of(html: str) -> list[str]:
    """Every script the page's HTML names: `<script src>` and `<link rel=preload as=script>`."""
    return re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="preload" href="([^"]+)" as="script"[^>]*>', html)


def page_call(path: str, search: str = "", changed: tuple[str, ...] = ("_pages_location.pathname",)) -> dict:
    """Dash's page callback as the renderer sends it (the page's content for `path`)."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": list(changed),
        "state": [],
    }


def answer(r) -> dict:  # noqa: ANN001
    return json.loads(gzip.decompress(r.data) if r.headers.get("Content-Encoding") == "gzip" else r.data)


def test_every_script_of_a_page_is_served_gzipped_with_its_caching_headers(client) -> None:  # noqa: ANN001
    html = client.get("/handlungsfeld/mobilitaet").get_data(as_text=True)
    scripts = scripts_of(html)
    assert len(scripts) > 10
    for src in scripts:
        plain = client.get(src)
        packed = client.get(src, headers=GZIP)
        assert plain.status_code == packed.status_code == 200, src
        assert "Content-Encoding" not in plain.headers, src  # a client that does not ask gets the file as it is
        assert "Accept-Encoding" in packed.headers.get("Vary", ""), src
        assert plain.headers["Cache-Control"] == packed.headers["Cache-Control"], src
        if len(plain.data) >= compression.MIN_BYTES:
            assert packed.headers["Content-Encoding"] == "gzip", src
            assert gzip.decompress(packed.data) == plain.data, src
            assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data), src
    # the versioned bundles stay cacheable for a year
    renderer = next(s for s in scripts if "dash_renderer" in s)
    assert "immutable" in client.get(renderer, headers=GZIP).headers["Cache-Control"]


def test_revalidation_with_the_weak_etag_of_the_compressed_file_is_answered_304(client) -> None:  # noqa: ANN001
    # a file of the assets folder (Flask's ETag) and a lazily loaded Dash chunk (Dash compares ETags itself, exactly)
    for path in ("/assets/04-chart-cards.js", "/_dash-component-suites/dash/dcc/async-graph.js"):
        first = client.get(path, headers=GZIP)
        etag = first.headers["ETag"]
        assert etag.startswith('W/"'), path  # the compressed body is another encoding of the same file
        again = client.get(path, headers={**GZIP, "If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", path
        assert again.headers["ETag"] == etag, path
        changed = client.get(path, headers={**GZIP, "If-None-Match": 'W/"something-else"'})
        assert changed.status_code == 200 and changed.headers["Content-Encoding"] == "gzip", path


def test_page_html_and_callback_json_are_compressed(client) -> None:  # noqa: ANN001
    page = client.get("/handlungsfeld/mobilitaet", headers=GZIP)
    assert page.headers["Content-Encoding"] == "gzip" and b"<html" in gzip.decompress(page.data)
    r = client.post("/_dash-update-component", json=page_call("/handlungsfeld/mobilitaet"), headers=GZIP)
    assert r.status_code == 200 and r.headers["Content-Encoding"] == "gzip"
    assert "_pages_content" in answer(r)["response"]
    # the response cache keeps the uncompressed answer: a second request is served from it, compressed or not
    again = client.post("/_dash-update-component", json=page_call("/handlungsfeld/mobilitaet"))
    assert again.headers.get("X-WM-Cache") == "HIT" and "Content-Encoding" not in again.headers
    assert json.loads(again.data) == answer(r)


def test_small_streamed_and_other_answers_are_left_alone() -> None:
    server = Flask("t")
    compression.install(server)

    @server.route("/klein.json")
    def small() -> Response:
        return Response('{"a": 1}', mimetype="application/json")

    @server.route("/gross.json")
    def large() -> Response:
        return Response(json.dumps(list(range(2000))), mimetype="application/json")

    @server.route("/daten.csv")
    def csv() -> Response:
        return Response("a;b\n" * 2000, mimetype="text/csv")

    @server.route("/strom.json")
    def streamed() -> Response:
        return Response((json.dumps(list(range(500))) for _ in range(3)), mimetype="application/json")

    @server.route("/fehler.json")
    def error() -> Response:
        return Response(json.dumps(list(range(2000))), status=500, mimetype="application/json")

    c = server.test_client()
    assert "Content-Encoding" not in c.get("/klein.json", headers=GZIP).headers  # below 1 KB
    assert c.get("/gross.json", headers=GZIP).headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in c.get("/gross.json", headers={"Accept-Encoding": "identity"}).headers
    assert "Content-Encoding" not in c.get("/gross.json", headers={"Accept-Encoding": "gzip;q=0"}).headers
    assert "Content-Encoding" not in c.get("/daten.csv", headers=GZIP).headers  # downloads as they are
    assert "Content-Encoding" not in c.get("/strom.json", headers=GZIP).headers
    assert "Content-Encoding" not in c.get("/fehler.json", headers=GZIP).headers
    assert "Accept-Encoding" in c.get("/klein.json").headers["Vary"]  # a shared cache keeps the variants apart


def test_no_page_loads_dash_leaflet_up_front(client) -> None:  # noqa: ANN001
    for path in ("/", "/handlungsfeld/mobilitaet", "/karte", "/embed/rad_dtv"):
        html = client.get(path).get_data(as_text=True)
        assert "_dash-component-suites" in html
        assert not [s for s in scripts_of(html) if LEAFLET in s], path


def test_the_map_page_brings_dash_leaflet_with_its_content(small_snap: Snapshot, tmp_path: Path) -> None:
    con = connect(tmp_path / "build.duckdb")
    load_file(con, ROOT / "data" / "massnahmenkatalog.xlsx")
    con.close()
    public_db = publish(tmp_path / "build.duckdb", tmp_path / "public.duckdb", public=True)
    for db, public in ((small_snap.path, False), (public_db, True)):
        c = create_app(Settings.load(env={}, db=db, public=public)).server.test_client()
        karte = answer(c.post("/_dash-update-component", json=page_call("/karte"), headers=GZIP))
        dist = karte["dist"]
        assert [d["type"] for d in dist] == ["_js_dist"] and LEAFLET in dist[0]["url"], public
        assert '"namespace": "dash_leaflet"' in json.dumps(karte["response"])
        script = c.get(dist[0]["url"], headers=GZIP)  # Dash serves it under its versioned URL
        assert script.status_code == 200 and script.headers["Content-Encoding"] == "gzip"
        assert b"dash_leaflet" in gzip.decompress(script.data)
        assert "dist" not in answer(c.post("/_dash-update-component", json=page_call("/"), headers=GZIP)), public
        # the same page with another query (a station chosen on the map): the library is loaded already
        same = page_call("/karte", "?station=x", changed=("_pages_location.search",))
        assert "dist" not in answer(c.post("/_dash-update-component", json=same, headers=GZIP)), public
        # a stored answer gets it too (the response cache keeps Dash's own answer)
        again = c.post("/_dash-update-component", json=page_call("/karte"))
        assert again.headers.get("X-WM-Cache") == "HIT" and json.loads(again.data)["dist"] == dist


def test_no_stylesheet_has_a_rule_that_restyles_the_whole_page_on_every_change() -> None:
    """A `:has()` with nothing before it (any element can be its subject), or a rule after a `:has()` whose last part
    can be any element, made Chromium recompute the styles of the whole page on every change of the DOM: ~2 s while
    plotly measured the labels of the Handlungsfeld page (pages/praesentation/assets/praesentation.css, issue #19).
    Every page loads every page's stylesheets, so one such rule slows all of them."""
    sheets = [p for p in (ROOT / "dashboard" / "assets").glob("*.css") if "bootstrap" not in p.name]
    sheets += list((ROOT / "pages").glob("*/assets/*.css"))
    assert sheets
    for sheet in sheets:
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        for selector in re.findall(r"([^{}]+)\{", text):
            for part in selector.split(","):
                part = part.strip()
                if ":has(" not in part or part.startswith("@"):
                    continue
                assert not re.search(r"(^|[\s>+~(]):has\(", part), f"{sheet.name}: {part}"
                last = re.split(r"[\s>+~]+", re.sub(r"\([^()]*\)", "()", part))[-1]
                assert not re.fullmatch(r"(\*|:not\(\)|:[\w-]+(\(\))?)+", last), f"{sheet.name}: {part}"
