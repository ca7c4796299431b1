"""Callback answers are cached per snapshot, language and request: a repeat is a HIT with the same bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.loadtest import page_content_body as page_callback
from dashboard.factory import create_app
from dashboard.settings import Settings
from etl.loader import load_file
from etl.warehouse import connect
from publish import publish

DATA = Path(__file__).parents[1] / "data" / "ecocounter"
CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "massnahmenkatalog.xlsx"


@pytest.fixture
def app_and_snapshot(tmp_path: Path):
    con = connect(tmp_path / "build.duckdb")
    load_file(con, CATALOGUE)
    load_file(con, DATA / "2025-03.csv")
    con.close()
    publish(tmp_path / "build.duckdb", tmp_path / "snap.duckdb")
    app = create_app(Settings.load(env={}, db=tmp_path / "snap.duckdb"))
    return app, tmp_path


def post(client, body: bytes, **headers: str):
    return client.post("/_dash-update-component", data=body, headers={"Content-Type": "application/json", **headers})


def test_repeat_is_served_from_the_cache_and_keys_separate_views(app_and_snapshot) -> None:
    app, tmp = app_and_snapshot
    c = app.server.test_client()
    body = page_callback("/indikatoren/rad_dtv")
    first = post(c, body)
    assert first.status_code == 200 and first.headers["X-WM-Cache"] == "MISS"
    assert "Radverkehr" in first.get_data(as_text=True)
    second = post(c, body)
    assert second.headers["X-WM-Cache"] == "HIT"
    assert second.get_data() == first.get_data()
    assert second.headers["Content-Security-Policy"]  # security headers on cached answers too
    # another page, another language: computed, not mixed up
    other = post(c, page_callback("/handlungsfeld/mobilitaet"))
    assert other.headers["X-WM-Cache"] == "MISS" and other.get_data() != first.get_data()
    c.set_cookie("wm_lang", "en")
    english = post(c, body)  # the same body: the key also holds the language
    assert english.headers["X-WM-Cache"] == "MISS"
    assert english.get_data() != first.get_data() and "Baseline" in english.get_data(as_text=True)


def test_a_new_snapshot_misses(app_and_snapshot) -> None:
    app, tmp = app_and_snapshot
    c = app.server.test_client()
    body = page_callback("/indikatoren/rad_dtv")
    assert post(c, body).headers["X-WM-Cache"] == "MISS"
    assert post(c, body).headers["X-WM-Cache"] == "HIT"
    os.utime(tmp / "build.duckdb")
    publish(tmp / "build.duckdb", tmp / "snap.duckdb")  # a new file: new identity, new version
    assert post(c, body).headers["X-WM-Cache"] == "MISS"


def test_refused_requests_never_reach_the_cache(app_and_snapshot) -> None:
    app, _ = app_and_snapshot
    c = app.server.test_client()
    body = page_callback("/indikatoren/rad_dtv")
    assert post(c, body).status_code == 200
    refused = post(c, body, Origin="https://evil.example")
    assert refused.status_code == 403 and "X-WM-Cache" not in refused.headers


def test_changed_code_gets_new_answers(tmp_path) -> None:
    from dashboard.response_cache import code_version

    for folder in ("dashboard", "pages", "indicators/sql", "data", "docs"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "pages" / "p.py").write_text("x = 1\n")
    (tmp_path / "indicators" / "sql" / "q.sql").write_text("select 1\n")
    before = code_version(tmp_path)
    assert code_version(tmp_path) == before
    (tmp_path / "indicators" / "sql" / "q.sql").write_text("select 2\n")
    assert code_version(tmp_path) != before
