"""plotly.js as the app serves it: the bundle of scripts/plotly-bundle (core, bar, heatmap; issue #19), drawn with the
German locale (tests/pages/test_one_language.py), and a trace type outside the bundle named as a console error (plotly itself would leave it empty
without a word, dashboard/assets/03-progressive-charts.js) — so the browser tests' clean console covers it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHART = "#inhalt .js-plotly-plot .main-svg"


def test_the_served_plotly_is_the_bundle_and_names_a_trace_type_it_lacks(browser, base_url: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "/embed/rad_dtv")
    page.wait_for_selector(CHART, timeout=30000)
    assert page.evaluate("() => Plotly.version") == "4.1.1"
    types = page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces).sort()")
    assert types == ["bar", "heatmap", "scatter"]
    assert page.evaluate("() => Plotly.d3 === undefined && typeof Plotly.register === 'function'")
    assert errors == []
    drawn = """async (type) => { const d = document.createElement('div'); document.body.appendChild(d);
        await Plotly.react(d, [{type: type, y: [1, 2, 3]}]); return d.querySelectorAll('.trace').length; }"""
    assert page.evaluate(drawn, "bar") == 1
    assert page.evaluate(drawn, "heatmap") >= 0
    assert errors == []
    page.evaluate(drawn, "box")  # not in the bundle: plotly draws it as scatter and says nothing
    assert [e for e in errors if "Diagrammtyp nicht im Bündel" in e and "box" in e], errors
    page.close()


def test_the_bundle_file_is_the_one_its_build_recorded() -> None:
    """The committed bundle is the output of `make plotly-bundle` (scripts/plotly-bundle/build.js writes the file and
    its SHA-256 beside the build): a hand-edited or swapped file fails here."""
    bundle = ROOT / "dashboard" / "vendor" / "plotly-wm.min.js"
    recorded = (ROOT / "scripts" / "plotly-bundle" / "plotly-wm.min.js.sha256").read_text(encoding="utf-8").split()[0]
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() == recorded
    assert "core + bar + heatmap" in bundle.read_text(encoding="utf-8")[:200]
    assert "plotly-wm.min.js" in (ROOT / "dashboard" / "security.py").read_text(encoding="utf-8")
