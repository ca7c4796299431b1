"""Präsentation as the audience sees it (#16 point 17), in Chromium at 1280×720 over every slide of the demo deck:
no reference line (target, measure start, window mean) runs through a label or a written value; the slide header
stays one line and clear of the control buttons; the controls fade out after 3 s without mouse movement (also with
reduced motion, then without fading) and come back with the mouse; the title slide names the meeting's date and the
Datenstand, the latest day of data in the snapshot."""

from __future__ import annotations

import time

import pytest
from app_support import open_page

from dashboard import format as fmt
from indicators import presentation as P
from indicators import views
from indicators.store import Snapshot

pytestmark = pytest.mark.browser

DECK = P.get_deck("demo")
N = len(DECK.slides)
MARGIN_PX = 4  # a line (4 px wide) keeps at least this far from a label's text box, converted to data units

# Every label of every chart (annotations and values written on bars) and every reference line, in data units of the
# chart's own axes (plotly's p2l/d2l: dates as ms), with the margin converted per axis.
JS_STRUCK = """(margin) => {
  const out = [];
  for (const slide of document.querySelectorAll('#praesentation .folie')) {
    const gd = slide.querySelector('.js-plotly-plot');
    if (!gd) continue;
    const fl = gd._fullLayout, xa = fl.xaxis, ya = fl.yaxis, sz = fl._size;
    const box = gd.getBoundingClientRect();
    const x0px = box.left + sz.l, y0px = box.top + sz.t;
    const yr = [ya.p2l(sz.h), ya.p2l(0)], xr = [xa.p2l(0), xa.p2l(sz.w)];
    const my = margin * (yr[1] - yr[0]) / sz.h, mx = margin * (xr[1] - xr[0]) / sz.w;
    const xdata = (v) => (typeof v === 'number' ? v : xa.d2l(v));
    const lines = [];
    for (const s of fl.shapes) {
      if (s.type !== 'line' || !s.visible) continue;
      const xs = s.xref.endsWith('domain') || s.xref === 'paper'
        ? [xr[0] + s.x0 * (xr[1] - xr[0]), xr[0] + s.x1 * (xr[1] - xr[0])] : [xdata(s.x0), xdata(s.x1)];
      const ys = s.yref.endsWith('domain') || s.yref === 'paper'
        ? [yr[0] + s.y0 * (yr[1] - yr[0]), yr[0] + s.y1 * (yr[1] - yr[0])] : [s.y0, s.y1];
      lines.push({x: xs.sort((a, b) => a - b), y: ys.sort((a, b) => a - b)});
    }
    const labels = [...gd.querySelectorAll('g.annotation text.annotation-text, text.bartext')]
      .filter(t => t.textContent.trim())
      .map(t => {
        const b = t.getBoundingClientRect();
        return {
          text: t.textContent.trim(),
          x: [xa.p2l(b.left - x0px), xa.p2l(b.right - x0px)],
          y: [ya.p2l(b.bottom - y0px), ya.p2l(b.top - y0px)],
        };
      });
    for (const l of labels) {
      for (const ln of lines) {
        const horizontal = ln.y[0] === ln.y[1], vertical = ln.x[0] === ln.x[1];
        const xs = l.x[1] + mx >= ln.x[0] && l.x[0] - mx <= ln.x[1];
        const ys = l.y[1] + my >= ln.y[0] && l.y[0] - my <= ln.y[1];
        if ((horizontal || vertical) && xs && ys) {
          out.push({slide: slide.dataset.nummer, label: l.text, line: ln, box: l});
        }
      }
    }
    out.push({slide: slide.dataset.nummer, checked: labels.length, lines: lines.length});
  }
  return out;
}"""


def _wait_for_all_charts(page) -> int:
    charts = sum(1 for s in DECK.slides if s.chart is not None)
    page.wait_for_function(
        f"() => document.querySelectorAll('#praesentation .folie .js-plotly-plot .cartesianlayer .subplot').length >= {charts}",
        timeout=60000,
    )
    return charts


def test_no_reference_line_strikes_a_label(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/praesentation", "#praesentation .folie.aktiv .folie-titel")
    charts = _wait_for_all_charts(page)
    time.sleep(0.5)  # plotly places its annotations after the first draw
    result = page.evaluate(JS_STRUCK, MARGIN_PX)
    struck = [r for r in result if "label" in r]
    summary = [r for r in result if "checked" in r]
    assert struck == [], struck
    assert len(summary) == charts
    assert sum(r["checked"] for r in summary) >= 3 * charts  # the labels were found and measured
    assert sum(r["lines"] for r in summary) >= charts  # targets, starts and means: lines were found
    assert errors == []
    page.close()


JS_HEADER = """() => [...document.querySelectorAll('#praesentation .folie')].map(slide => {
  const head = slide.querySelector('.folie-kopf');
  const parts = [...head.querySelectorAll('.folie-feld, .folie-hinweise > *')].map(e => e.getBoundingClientRect());
  const field = head.querySelector('.folie-feld');
  const buttons = [...document.querySelectorAll('#praesentation .praes-werkzeug')].map(e => e.getBoundingClientRect());
  const overlaps = [];
  for (const p of parts) for (const b of buttons)
    if (p.right > b.left && p.left < b.right && p.bottom > b.top && p.top < b.bottom) overlaps.push([p.right, b.left]);
  return {
    n: slide.dataset.nummer,
    head: head.getBoundingClientRect().height,
    field: field ? field.getBoundingClientRect().height : 0,
    cut: field ? field.scrollWidth > field.clientWidth + 1 : false,
    lineHeight: field ? parseFloat(getComputedStyle(field).lineHeight) : 0,
    overlaps,
    buttons: buttons.length,
  };
})"""


def test_header_stays_one_line_beside_the_buttons(browser, base_url: str) -> None:
    """Every slide's header (Handlungsfelder and badges) at 1280×720, also with a long list of fields."""
    page, errors = open_page(browser, base_url + "/praesentation", "#praesentation .folie.aktiv .folie-titel")
    # the longest header a deck can have: every Handlungsfeld at once, on the first chart slide
    page.evaluate("""() => {
      const f = [...document.querySelectorAll('#praesentation .folie-feld')][0];
      f.textContent = 'Mobilität · Wohnen & Leben · Sauberkeit · Wirtschaft · Klima & Umwelt';
    }""")
    heads = page.evaluate(JS_HEADER)
    assert len(heads) == N
    first_with_fields = min(h["n"] for h in heads if h["field"])
    for h in heads:
        if h["n"] != first_with_fields:
            assert not h["cut"], h  # the demo deck's own headers fit whole
        assert h["buttons"] == 3
        assert h["overlaps"] == [], h  # no part of the header under a button
        if h["field"]:
            assert h["field"] <= h["lineHeight"] * 1.2, h  # one line
        assert h["head"] <= 40, h  # the header row: one line (34 px badges, 32 px text)
    assert errors == []
    page.close()


def _toolbar_opacity(page) -> float:
    return page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('#praesentation .praes-werkzeuge')).opacity)")


def _fades(browser, url: str, reduced: bool) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce" if reduced else "no-preference")
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_selector("#praesentation .folie.aktiv .folie-titel")
    page.mouse.move(400, 300)
    page.mouse.move(420, 310)
    assert page.evaluate("() => document.getElementById('praesentation').classList.contains('praes-ruhig')") is False
    assert _toolbar_opacity(page) > 0.5
    # no mouse movement: hidden within ~3 s (plus the fade), not before 2 s
    time.sleep(2)
    assert _toolbar_opacity(page) > 0.5
    page.wait_for_function("() => document.getElementById('praesentation').classList.contains('praes-ruhig')", timeout=3000)
    page.wait_for_function(
        "() => parseFloat(getComputedStyle(document.querySelector('#praesentation .praes-werkzeuge')).opacity) === 0"
        " && parseFloat(getComputedStyle(document.querySelector('#praesentation .folie.aktiv .praes-weiter')).opacity) === 0",
        timeout=2000,
    )
    duration = page.evaluate(
        "() => getComputedStyle(document.querySelector('#praesentation .praes-werkzeuge')).transitionDuration"
    )
    assert (duration == "0s") is reduced, duration  # reduced motion: no fading, still hidden
    # the mouse brings them back
    page.mouse.move(600, 400)
    page.wait_for_function("() => !document.getElementById('praesentation').classList.contains('praes-ruhig')", timeout=1000)
    page.wait_for_function(
        "() => parseFloat(getComputedStyle(document.querySelector('#praesentation .praes-werkzeuge')).opacity) > 0.5",
        timeout=2000,
    )
    # a control reached by keyboard stays visible while idle
    page.locator("#praesentation .folie.aktiv a.praes-weiter").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    time.sleep(3.8)
    assert page.evaluate("() => document.getElementById('praesentation').classList.contains('praes-ruhig')")
    assert page.evaluate("() => parseFloat(getComputedStyle(document.activeElement).opacity)") == 1 and page.evaluate(
        "() => document.activeElement.matches('.praes-weiter')"
    )
    ctx.close()


def test_controls_fade_out_without_mouse_movement(browser, base_url: str) -> None:
    _fades(browser, base_url + "/praesentation?folie=2", reduced=False)


def test_controls_hide_without_fading_under_reduced_motion(browser, base_url: str) -> None:
    _fades(browser, base_url + "/praesentation?folie=2", reduced=True)


def test_title_slide_names_meeting_and_data_date(browser, base_url: str, snap: Snapshot) -> None:
    data_day = views.data_date(snap)
    assert data_day is not None and data_day != DECK.date
    page, errors = open_page(browser, base_url + "/praesentation", "#praesentation .folie.aktiv .folie-fuss")
    foot = page.inner_text("#praesentation .folie.aktiv .folie-fuss")
    assert f"Sitzung: {fmt.day(DECK.date)}" in foot  # data/praesentationen.toml: date = 2026-12-10
    assert f"Datenstand: {fmt.day(data_day)}" in foot
    assert page.is_visible("#praesentation .folie.aktiv .folie-datenstand")
    # English: the same two dates, in words of the language
    page.goto(base_url + "/praesentation?lang=en")
    page.wait_for_selector("#praesentation .folie.aktiv .folie-fuss")
    foot_en = page.inner_text("#praesentation .folie.aktiv .folie-fuss")
    assert "Meeting" in foot_en and "Data status" in foot_en, foot_en
    assert errors == []
    page.close()
