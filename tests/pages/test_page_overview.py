"""Übersicht (#16 point 14): the strategy at a glance. Per Handlungsfeld the measures by status and, per indicator,
its current value, a static sparkline with a text alternative and the progress badge of `indicator_status` (the one
status everywhere); an indicator without data is listed with "noch keine Daten", not dropped."""

from __future__ import annotations

from datetime import date

import pytest
from app_support import open_page

from dashboard import format as fmt
from dashboard.status_display import STATUS_DISPLAY
from indicators import registry, views
from indicators.labels import MEASURE_STATUS_DE
from indicators.status import indicator_status
from indicators.store import Snapshot

pytestmark = pytest.mark.browser

JS_TILES = """() => [...document.querySelectorAll('#inhalt .card')].map(card => ({
    field: card.querySelector('h2 a').getAttribute('href').split('/').pop(),
    measures: card.querySelector('h3 + ul').innerText,
    rows: [...card.querySelectorAll('.overview-indikator')].map(li => {
        const spark = li.querySelector('.sparkline');
        const box = spark && spark.getBoundingClientRect();
        return {
            id: li.querySelector('a').getAttribute('href').split('/').pop(),
            text: li.innerText,
            value: li.querySelector('.overview-wert')?.innerText ?? null,
            badge: li.querySelector('.status-badge')?.innerText ?? null,
            sparkRole: spark?.getAttribute('role') ?? null,
            sparkLabel: spark?.getAttribute('aria-label') ?? null,
            sparkPath: spark ? spark.querySelectorAll('.scatterlayer path.js-line').length : 0,
            sparkAxes: spark ? spark.querySelectorAll('.xtick, .ytick').length : 0,
            modebar: spark ? spark.querySelectorAll('.modebar').length : 0,
            sparkSize: box ? [box.width, box.height] : null,
            inCard: box ? box.right <= card.getBoundingClientRect().right + 0.5 : true,
            badgeInCard: li.querySelector('.status-badge')
                ? li.querySelector('.status-badge').getBoundingClientRect().right <= card.getBoundingClientRect().right + 0.5
                : true,
        };
    }),
}))"""


def test_overview_lists_every_indicator_with_value_sparkline_and_the_one_badge(browser, base_url: str, snap: Snapshot) -> None:
    page, errors = open_page(browser, base_url + "/", ".overview-indikator")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.sparkline')].every(s => s.querySelector('.scatterlayer path.js-line'))",
        timeout=30000,
    )
    tiles = {t["field"]: t for t in page.evaluate(JS_TILES)}
    today = date.today()
    by_id = {i.indicator_id: i for i in registry.all_indicators(snap)}
    summaries = views.overview(snap, today=today)
    assert set(tiles) == {f.action_field_id for f in summaries}
    without_data = 0
    for f in summaries:
        tile = tiles[f.action_field_id]
        for status, n in f.measures_by_status.items():  # measures by status, in words
            assert f"{n} {MEASURE_STATUS_DE[status]}" in tile["measures"], (f.action_field_id, status)
        expected = [i.indicator_id for i in views.field_indicators(snap, f.action_field_id)]
        assert [r["id"] for r in tile["rows"]] == expected, f.action_field_id  # every counted indicator is listed
        assert sum(f.indicators_by_status.values()) == len(expected)
        for r in tile["rows"]:
            st = indicator_status(snap, by_id[r["id"]], today=today)
            if st.latest_value is None:  # said, not dropped
                without_data += 1
                assert "noch keine Daten" in r["text"] and r["sparkRole"] is None and r["badge"] is None, r
                continue
            unit = by_id[r["id"]].unit
            # the one formatting of values (#16.12): counts without decimals or the word "Anzahl" ("419"), rates with one
            shown = fmt.value(st.latest_value, unit)
            assert r["value"].replace("\u00a0", " ") == shown.replace("\u00a0", " "), r
            if unit == "Anzahl":
                assert "," not in r["value"] and "Anzahl" not in r["value"], r
            assert STATUS_DISPLAY[st.progress_status]["label"] in r["badge"], r  # the status of indicator_status
            assert r["sparkRole"] == "img" and r["sparkLabel"].startswith("Verlauf von "), r  # text alternative
            assert shown.replace("\u00a0", " ") in r["sparkLabel"].replace("\u00a0", " "), r
            assert r["sparkPath"] == 1 and r["sparkAxes"] == 0 and r["modebar"] == 0, r  # a line, no axes, static
            assert r["sparkSize"][0] <= 130 and r["sparkSize"][1] <= 40, r
            assert r["inCard"] and r["badgeInCard"], r  # nothing runs out of its tile at 1280 px
        if f.without_data:
            assert f"noch keine Daten: {f.without_data}" in page.inner_text(
                f"#inhalt .card:has(a[href='/handlungsfeld/{f.action_field_id}'])"
            )
    assert without_data > 0  # the demo has indicators without data: the case is exercised
    assert errors == []
