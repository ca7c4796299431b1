"""Numbers as a person sees them in Chromium (#16 point 12, and point 11's English format): counts without decimals and
without the word `Anzahl`, the full latest value in the title, `Ziel 20.000` on the chart, German `1.234,5` and
English `1,234.5` in titles, captions, the indicator's facts, hover labels and axes."""

from __future__ import annotations

import re
from datetime import date

import pytest
from app_support import demo_snapshot

from indicators import registry, views
from indicators.store import Snapshot

pytestmark = pytest.mark.browser


def open_in(browser, url: str, lang: str):  # noqa: ANN201
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    origin = "/".join(url.split("/")[:3])
    context.add_cookies([{"name": "wm_lang", "value": lang, "url": origin + "/"}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(".chart-card .main-svg", timeout=30000)
    page.wait_for_load_state("networkidle")
    return page, errors


def latest(indicator_id: str) -> tuple[float, str]:
    snap = Snapshot(demo_snapshot())
    v = views.indicator_view(snap, registry.get(snap, indicator_id), today=date.today())
    return v.series["value"][-1], f"{v.series['period_start'][-1]:%d.%m.%Y}"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_counts_titles_and_targets_on_the_indicator_pages(browser, base_url: str, lang: str) -> None:
    # a count: "419", never "419,0 Anzahl"
    value, day = latest("ladepunkte_oeffentlich")
    assert value >= 100 and float(value).is_integer()
    page, errors = open_in(browser, base_url + "/indikatoren/ladepunkte_oeffentlich", lang)
    try:
        title = page.inner_text(".chart-card h3")
        shown = f"{value:,.0f}".replace(",", "." if lang == "de" else ",")
        assert f"{shown} ({day})" in title, title
        text = page.inner_text("#inhalt") if page.locator("#inhalt").count() else page.inner_text("body")
        assert not re.search(r"\d[.,]0\s(Anzahl|count)\b", text) and not re.search(r"\d\s(Anzahl|count)\b", text)
        assert errors == []
    finally:
        page.context.close()

    # a five-digit measure: the title in full ("zuletzt 10.362 kW", not "zuletzt 10"), the target "Ziel 20.000"
    value, day = latest("ladeleistung_kw")
    assert value >= 10_000
    page, errors = open_in(browser, base_url + "/indikatoren/ladeleistung_kw", lang)
    try:
        sep = "." if lang == "de" else ","
        title = page.inner_text(".chart-card h3").replace("\u00a0", " ")
        assert f"{value:,.0f}".replace(",", sep) + f" kW ({day})" in title, title
        svg = page.locator(".chart-card .js-plotly-plot").first.text_content() or ""  # plot and annotation layers
        assert ("Ziel 20.000" if lang == "de" else "Target 20,000") in svg.replace("\u00a0", " "), svg
        assert "20.000,0" not in svg and "20,000.0" not in svg
        assert errors == []
    finally:
        page.context.close()

    # a share and a mean of daily counts: one decimal for the share, none for the count, in the reader's format
    value, day = latest("rad_dtv")
    page, errors = open_in(browser, base_url + "/indikatoren/rad_dtv", lang)
    try:
        title = page.inner_text(".chart-card h3").replace("\u00a0", " ")
        shown = f"{value:,.0f}".replace(",", "." if lang == "de" else ",")
        assert f"{shown} {'Radfahrten/Tag' if lang == 'de' else 'bike trips/day'} ({day})" in title, title
        caption = page.inner_text(".chart-card figcaption")
        pct = re.search(r"(\d+[.,]\d) %", caption.replace("\u00a0", " "))
        assert pct is not None and pct.group(1).count("," if lang == "de" else ".") == 1, caption
        assert errors == []
    finally:
        page.context.close()
