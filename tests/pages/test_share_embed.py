"""The web editor's view of a chart card (#16 points 4–6), in Chromium on a public instance whose configured address
is https://wirkung.example.de (it is served on 127.0.0.1: no link may carry that address or the request's Host).

- "Teilen / Einbetten": opened by keyboard, link and iframe code under WM_PUBLIC_URL, `?lang=en` in English, the
  preview follows the chosen size, copy buttons, Escape returns the focus; the link only where there is no embed.
- PNG and SVG: plotly's own export, downloaded with German file names like the CSV's.
The chart/table tabs by keyboard and the dialog's axe run and keyboard walk: tests/pages/test_accessibility.py."""

from __future__ import annotations

import json
from datetime import date

import pytest
from app_support import public_snapshot, start_instance
from test_accessibility import load, page_ids, tab_to

pytestmark = pytest.mark.browser

PUBLIC = "https://wirkung.example.de"
TODAY = f"{date.today():%Y%m%d}"


@pytest.fixture(scope="module")
def url():
    proc, base = start_instance(public_snapshot(), public=True, env={"WM_PUBLIC_URL": PUBLIC, "WM_TRUSTED_HOSTS": "127.0.0.1"})
    yield base
    proc.kill()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True, reduced_motion="reduce")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    yield ctx.new_page()
    ctx.close()


def open_dialog(page, card: str):
    """Tab to the card's "Teilen / Einbetten" button and press Enter: the modal dialog opens with the focus in it."""
    tab_to(page, f"#{card}-teilen-knopf", limit=120)
    page.keyboard.press("Enter")
    dialog = page.locator(f"dialog#{card}-teilen")
    dialog.wait_for(state="visible")
    assert page.evaluate(f"() => document.getElementById('{card}-teilen').open")
    assert page.evaluate(f"() => document.getElementById('{card}-teilen').contains(document.activeElement)")
    return dialog


def preview_size(dialog) -> tuple[float, float]:
    box = dialog.locator(".wm-embed-preview").bounding_box()
    assert box is not None
    return round(box["width"]), round(box["height"])


def test_share_dialog_by_keyboard_uses_the_public_address_and_the_chosen_size(page, url: str) -> None:
    load(page, url + "/indikatoren/rad_dtv")
    assert page.inner_text("#indikator-rad_dtv-teilen-knopf") == "Teilen / Einbetten"
    dialog = open_dialog(page, "indikator-rad_dtv")
    link = dialog.locator("#indikator-rad_dtv-teilen-link").input_value()
    code = dialog.locator("#indikator-rad_dtv-teilen-code").inner_text()
    assert link == f"{PUBLIC}/indikatoren/rad_dtv"
    assert code.startswith(f'<iframe src="{PUBLIC}/embed/rad_dtv" title="')
    assert 'width="100%" height="520"' in code
    assert "127.0.0.1" not in dialog.inner_text() + link
    # choose the size by keyboard: Tab into the radio group, the arrow keys move the choice
    tab_to(page, "dialog[open] input.wm-embed-size:checked", limit=10)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('dialog[open] code').textContent.includes('width=\"800\"')")
    code = dialog.locator("#indikator-rad_dtv-teilen-code").inner_text()
    assert 'width="800" height="520"' in code and code.startswith(f'<iframe src="{PUBLIC}/embed/rad_dtv"')
    assert preview_size(dialog) == (400, 260)  # half size
    assert "800 px × 520 px" in dialog.locator(".wm-preview-size").inner_text()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('dialog[open] code').textContent.includes('width=\"600\"')")
    assert 'width="600" height="560"' in dialog.locator("#indikator-rad_dtv-teilen-code").inner_text()
    assert preview_size(dialog) == (300, 280)
    # copy buttons put the link and the code into the clipboard
    tab_to(page, "dialog[open] .wm-copy[data-target$='-code']", limit=10)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('dialog[open] .wm-copied').textContent !== ''")
    assert page.evaluate("() => navigator.clipboard.readText()") == dialog.locator("#indikator-rad_dtv-teilen-code").inner_text()
    dialog.locator(".wm-copy[data-target$='-link']").click()
    page.wait_for_function("(l) => navigator.clipboard.readText().then(t => t === l)", arg=link)
    # Escape closes the dialog and gives the focus back to the button that opened it
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.id") == "indikator-rad_dtv-teilen-knopf"


def test_share_dialog_in_english_adds_lang_en(page, url: str) -> None:
    load(page, url + "/indikatoren/rad_dtv?lang=en")
    assert page.inner_text("#indikator-rad_dtv-teilen-knopf") == "Share / embed"
    dialog = open_dialog(page, "indikator-rad_dtv")
    assert dialog.locator("#indikator-rad_dtv-teilen-link").input_value() == f"{PUBLIC}/indikatoren/rad_dtv?lang=en"
    assert (
        dialog.locator("#indikator-rad_dtv-teilen-code")
        .inner_text()
        .startswith(f'<iframe src="{PUBLIC}/embed/rad_dtv?lang=en" title="')
    )
    assert "Copy link" in dialog.inner_text()


def test_handlungsfeld_cards_and_the_map_series_have_the_dialog(page, url: str) -> None:
    load(page, url + "/handlungsfeld/mobilitaet")
    dialog = open_dialog(page, "karte-rad_dtv")
    assert dialog.locator("#karte-rad_dtv-teilen-link").input_value() == f"{PUBLIC}/handlungsfeld/mobilitaet#karte-rad_dtv"
    assert f'src="{PUBLIC}/embed/rad_dtv"' in dialog.locator("#karte-rad_dtv-teilen-code").inner_text()
    page.keyboard.press("Escape")
    # the map's station series: the link to the map with this station; no embed exists for it, and the dialog says so
    station = page_ids()["bike_counter"]
    load(page, url + f"/karte?station={station}")
    page.wait_for_selector("#karte-reihe-graph .main-svg")
    dialog = open_dialog(page, "karte-reihe")
    link = dialog.locator("#karte-reihe-teilen-link").input_value()
    assert link.startswith(f"{PUBLIC}/karte?station=") and station.split(":")[-1] in link
    assert dialog.locator(".wm-embed-code").count() == 0
    assert "lässt sich nicht einbetten" in dialog.locator(".wm-no-embed").inner_text()
    png = page.get_attribute("#karte-reihe .wm-image-download[data-format=png]", "data-filename")
    assert png is not None and png.startswith("wirkungsmonitor-station-") and png.endswith(TODAY) and ":" not in png


def test_png_and_svg_download_with_german_file_names(page, url: str) -> None:
    load(page, url + "/indikatoren/rad_dtv")
    page.wait_for_selector("#indikator-rad_dtv-graph .main-svg")
    name = f"wirkungsmonitor-indikator-rad_dtv-{TODAY}"
    # plotly's own export, configured on the rendered chart (also the mode bar's name)
    config = page.evaluate(
        "() => document.querySelector('#indikator-rad_dtv-graph .js-plotly-plot')._context.toImageButtonOptions"
    )
    assert config["filename"] == name
    for fmt, magic in (("png", b"\x89PNG"), ("svg", b"<svg")):
        button = page.locator(f"#indikator-rad_dtv .wm-image-download[data-format={fmt}]")
        assert button.inner_text() == fmt.upper()
        with page.expect_download() as dl:
            button.click()
        assert dl.value.suggested_filename == f"{name}.{fmt}"
        data = open(dl.value.path(), "rb").read()
        assert data.startswith(magic) and len(data) > 2000, (fmt, data[:40])


def test_dialog_offers_embed_code_only_for_what_the_public_instance_embeds() -> None:
    """On the internal instance a non-public indicator's card has the link only (and says why); a public one the code."""
    from app_support import demo_snapshot
    from test_indicator_card import _walk

    from dashboard.components import indicator_card
    from dashboard.factory import create_app
    from dashboard.settings import Settings
    from indicators import registry, views
    from indicators.store import Snapshot

    app = create_app(Settings.load(env={}, db=demo_snapshot(), public_url=PUBLIC))
    snap = Snapshot(demo_snapshot())
    seen = {True: 0, False: 0}
    with app.server.test_request_context("/"):
        for ind in registry.all_indicators(snap):
            v = views.indicator_view(snap, ind, today=date.today())
            if v.series.is_empty():
                continue
            card = indicator_card(v, "card", snap=snap, licence="dl-de/by-2-0")
            dialogs = [c for c in _walk(card) if getattr(c, "id", None) == f"karte-{ind.indicator_id}-teilen"]
            assert len(dialogs) == 1, ind.indicator_id
            content = json.loads(getattr(dialogs[0], "data-share"))  # what the browser builds the dialog from
            assert content["link"] == f"{PUBLIC}/indikatoren/{ind.indicator_id}"
            assert (content["embed"] is not None) == ind.is_public, ind.indicator_id
            assert (content["no_embed"] is not None) == (not ind.is_public), ind.indicator_id
            if ind.is_public:
                assert content["embed"]["code"].startswith(f'<iframe src="{PUBLIC}/embed/{ind.indicator_id}" title="')
            seen[ind.is_public] += 1
    assert seen[True] >= 3 and seen[False] >= 1, seen
