"""Accessibility of the public pages, every embed and the presentation mode: axe-core (WCAG 2.1 A/AA) in Debian's
headless Chromium shows no serious or critical violation; the keyboard reaches every control with visible focus."""
from __future__ import annotations

from pathlib import Path

import pytest

from app_support import demo_snapshot, launch_browser, public_snapshot, start_instance
from dashboard.theme import PALETTE, contrast_ratio
from indicators.progress import STATUS_DISPLAY

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PUBLIC_PAGES = ["/", "/handlungsfeld/mobilitaet", "/handlungsfeld/wohnen-leben", "/handlungsfeld/sauberkeit",
                "/handlungsfeld/wirtschaft", "/handlungsfeld/kommunikation-bildung", "/handlungsfeld/klima-umwelt",
                "/indikatoren/rad_dtv", "/barrierefreiheit", "/?lang=en"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def public_url():
    proc, url = start_instance(public_snapshot(), public=True)
    yield url
    proc.kill()


@pytest.fixture(scope="module")
def internal_url():
    proc, url = start_instance(demo_snapshot())
    yield url
    proc.kill()


@pytest.fixture(scope="module")
def browser():
    with launch_browser() as b:
        yield b


@pytest.fixture(scope="module")
def axe_page(browser):
    """One page for all axe runs: the browser cache keeps plotly.js between pages (CSP bypassed to inject axe only)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    yield ctx.new_page()
    ctx.close()


def axe_violations(page, url: str, *, width: int = 1280) -> list[str]:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url)
    page.wait_for_selector("#inhalt *", timeout=30000)
    page.wait_for_load_state("networkidle")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_violation(axe_page, public_url: str, path: str) -> None:
    assert axe_violations(axe_page, public_url + path) == []


def public_embeds(url: str) -> list[str]:
    import duckdb

    con = duckdb.connect(str(public_snapshot()), read_only=True)
    ids = [r[0] for r in con.execute("select indicator_id from indicator where is_public order by 1").fetchall()]
    con.close()
    return ids


def test_every_embed_has_no_serious_violation(axe_page, public_url: str) -> None:
    failures = {}
    for iid in public_embeds(public_url):
        v = axe_violations(axe_page, f"{public_url}/embed/{iid}", width=360)
        if v:
            failures[iid] = v
    assert failures == {}


def test_presentation_mode_has_no_serious_violation(axe_page, internal_url: str) -> None:
    assert axe_violations(axe_page, internal_url + "/praesentation") == []


@pytest.mark.parametrize("path", ["/", "/indikatoren/rad_dtv", "/embed/rad_dtv"])
def test_keyboard_reaches_every_control_with_visible_focus(browser, public_url: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(public_url + path)
    page.wait_for_selector("#inhalt *", timeout=30000)
    page.wait_for_load_state("networkidle")
    controls = page.evaluate("""() => [...document.querySelectorAll(
        'a[href], button:not([disabled]), input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
        .filter(e => e.offsetParent !== null && !e.closest('.modebar')).length""")
    seen, outlines = [], []
    for _ in range(controls + 15):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement; if (!e || e === document.body) return null;
            const s = getComputedStyle(e); return {key: e.outerHTML.slice(0, 80),
            visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'}; }""")
        if info is None:
            break
        if seen and info["key"] == seen[0]:
            break  # wrapped around: no trap
        seen.append(info["key"])
        outlines.append(info["visible"])
    assert len(set(seen)) >= controls, (len(set(seen)), controls)
    assert all(outlines)
    page.close()


def test_palette_contrast() -> None:
    for c in PALETTE:
        assert contrast_ratio(c) >= 3.0, c  # marks: 3:1
    for d in STATUS_DISPLAY.values():
        assert contrast_ratio("#FFFFFF", d["color"]) >= 4.5, d  # white status text on its colour: 4.5:1
