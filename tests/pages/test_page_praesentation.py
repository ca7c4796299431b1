"""Präsentation: the deck file is checked with German errors naming deck and slide; every demo slide has its data;
in the browser the keys a clicker sends move through the slides (URL follows), text is projector-sized, the app's frame
is hidden; the export writes one PDF page and one 1280×720 PNG per slide, also through `/praesentation/<deck>.pdf`."""

from __future__ import annotations

import re
import struct
from datetime import date
from pathlib import Path
from urllib.request import urlopen

import pytest
from app_support import open_page

from indicators import presentation as P
from indicators.store import Snapshot
from pages.praesentation import export as export_deck
from pages.praesentation import figures as figs

pytestmark = pytest.mark.browser

DECK = P.get_deck("demo")
N = len(DECK.slides)


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


# --- the demo deck's figures --------------------------------------------------------------------------------


def test_projector_figures_label_values(snap: Snapshot) -> None:
    for s, d in zip(DECK.slides, P.deck_data(snap, DECK), strict=True):
        if isinstance(d, P.SeriesData):
            fig = figs.series_figure(d)
            labels = " ".join([a.text for a in fig.layout.annotations] + [t for tr in fig.data for t in (tr.text or [])])
            assert figs.value_text(d.series["value"][-1], d.unit) in labels, s.number  # the latest value is written
        elif isinstance(d, P.BeforeAfterData):
            fig = figs.before_after_figure(d)
            assert "vorher: Ø" in str(fig.layout.annotations) and "nachher: Ø" in str(fig.layout.annotations)
        else:
            continue
        assert fig.layout.template.layout.font.size >= 24 and fig.layout.template.layout.font.color == "#000000"
        assert all(tr.line.width >= 4 for tr in fig.data if tr.type == "scatter" and tr.mode and "lines" in tr.mode)
        assert all(len(tr.x) <= 5000 for tr in fig.data)


def test_station_chart(snap: Snapshot) -> None:
    deck = P.Deck("t", "T", date(2026, 1, 1), (), "p.toml")
    slide = P.Slide(1, "Radfahrten je Jahr", chart=P.StationChart("ecocounter:100069001", "bicycles", "jahr"))
    d = P.slide_data(snap, deck, slide)
    assert isinstance(d, P.SeriesData) and d.period == "jahr" and d.per == "je Jahr" and d.demo
    assert d.series["period_start"].min() == date(2016, 1, 1) and d.stand == date(2025, 12, 31)
    assert figs.series_figure(d).data[0].type == "bar"
    bad = P.Slide(1, "x", chart=P.StationChart("gibtsnicht", None, "monat"))
    with pytest.raises(P.DeckError, match="Folie 1: Station „gibtsnicht“ gibt es nicht"):
        P.slide_data(snap, deck, bad)


# --- in the browser --------------------------------------------------------------------------------------------------


def _active_headline(page) -> str:
    return page.inner_text("#praesentation .folie.aktiv .folie-titel")


def test_keyboard_navigation_and_projector_sizes(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/praesentation", "#praesentation .folie.aktiv .folie-titel")
    heads = [s.headline for s in DECK.slides]
    assert _active_headline(page) == heads[0]
    assert not page.is_visible("header") and not page.is_visible("footer:not(.folie-fuss)")  # the app's frame is hidden
    box = page.locator("#praesentation").bounding_box()
    assert box == {"x": 0, "y": 0, "width": 1280, "height": 720}
    assert page.inner_text("#praesentation .folie.aktiv .folie-nummer") == f"1 / {N}"
    assert "Sitzung: 10.12.2026" in page.inner_text("#praesentation .folie.aktiv .folie-fuss")

    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('#praesentation .folie.aktiv').dataset.nummer === '2'")
    assert _active_headline(page) == heads[1] and page.is_visible(f"text={heads[1]}")
    assert not page.is_visible(f"text={heads[0]}")
    assert "folie=2" in page.url
    assert page.inner_text("#praesentation .folie.aktiv .folie-nummer") == f"2 / {N}"
    assert page.is_visible("#praesentation .folie.aktiv .badge-demo")
    page.wait_for_selector("#praesentation .folie.aktiv .js-plotly-plot .cartesianlayer .subplot")
    sizes = page.evaluate("""() => {
        const slide = document.querySelector('#praesentation .folie.aktiv');
        const out = [];
        const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.textContent.trim()) continue;
            const el = n.parentElement;
            if (el.closest('.visually-hidden')) continue;
            out.push([el.tagName, n.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(el).fontSize)]);
        }
        return out;
    }""")
    assert len(sizes) > 10
    small = [s for s in sizes if s[2] < 24]
    assert small == [], small  # body text, chart labels, ticks, footer: all ≥ 24 px
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('#praesentation .folie.aktiv h2')).fontSize)") >= 40

    page.keyboard.press("End")
    page.wait_for_function(f"document.querySelector('#praesentation .folie.aktiv').dataset.nummer === '{N}'")
    assert _active_headline(page) == heads[-1] and f"folie={N}" in page.url
    page.keyboard.press("PageUp")
    page.wait_for_function(f"document.querySelector('#praesentation .folie.aktiv').dataset.nummer === '{N - 1}'")
    page.keyboard.press("Home")
    page.wait_for_function("document.querySelector('#praesentation .folie.aktiv').dataset.nummer === '1'")
    assert _active_headline(page) == heads[0]
    page.keyboard.press("Space")
    page.wait_for_function("document.querySelector('#praesentation .folie.aktiv').dataset.nummer === '2'")
    page.keyboard.press("Shift+Space")
    page.wait_for_function("document.querySelector('#praesentation .folie.aktiv').dataset.nummer === '1'")
    assert page.inner_text("#praes-status").startswith(f"Folie 1 von {N}")
    assert errors == []
    page.close()


def test_link_opens_slide_and_buttons_step(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/praesentation/demo?folie=3", "#praesentation .folie.aktiv .folie-titel")
    assert _active_headline(page) == DECK.slides[2].headline
    nxt = page.locator("#praesentation .folie.aktiv a.praes-weiter")
    assert nxt.inner_text().strip().startswith("Weiter")
    nxt.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#praesentation .folie.aktiv').dataset.nummer === '4'")
    assert page.evaluate("document.activeElement.dataset.rolle") == "weiter"  # focus stays on the button
    page.locator("#praesentation .folie.aktiv a.praes-zurueck").click()
    page.wait_for_function("document.querySelector('#praesentation .folie.aktiv').dataset.nummer === '3'")
    assert page.get_attribute("#praesentation .praes-werkzeuge a[href$='.pdf']", "href") == "/praesentation/demo.pdf"
    assert "Als PDF herunterladen" in page.inner_text("#praesentation .praes-werkzeuge")
    assert errors == []
    page.goto(base_url + "/praesentation/gibtsnicht")
    page.wait_for_selector("#praesentation .praes-fehler")
    assert "Präsentation „gibtsnicht“ gibt es nicht (vorhanden: demo" in page.inner_text("#praesentation .praes-fehler")
    page.close()


def test_export_pdf_and_png(base_url: str, tmp_path: Path) -> None:
    result = export_deck.render(base_url, "demo", pdf=tmp_path / "demo.pdf", png_dir=tmp_path / "png")
    assert result.slides == N
    assert pdf_pages((tmp_path / "demo.pdf").read_bytes()) == N
    assert b"/MediaBox [0 0 960 540]" in (tmp_path / "demo.pdf").read_bytes()  # 1280 × 720 px at 96 dpi
    pngs = sorted((tmp_path / "png").glob("*.png"))
    assert [p.name for p in pngs] == [f"demo-folie-{i:02d}.png" for i in range(1, N + 1)] == [p.name for p in result.pngs]
    assert {png_size(p) for p in pngs} == {(1280, 720)}


def test_pdf_route(base_url: str) -> None:
    with urlopen(base_url + "/praesentation/demo.pdf", timeout=120) as r:
        assert r.headers["Content-Type"] == "application/pdf"
        assert 'filename="praesentation-demo-20261210.pdf"' in r.headers["Content-Disposition"]
        data = r.read()
    assert data.startswith(b"%PDF") and pdf_pages(data) == N
