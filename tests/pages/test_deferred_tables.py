"""A chart card's table arrives as JSON and is built by the browser when its tab is first shown (#19,
`dashboard.components.deferred_table`, `dashboard/assets/04-chart-cards.js`): before, Dash's renderer and React handled
every cell of seven hidden tables before a Handlungsfeld page drew its first chart.

In a real Chromium on the demo app: no hidden table is built while the page loads; each card's table, once shown, is
exactly what the server sent (caption, header, cells — `tests/dashboard/test_data_table.py` ties that to
`data_table`); new data for a built table (React changes the attribute when a callback returns the same card) rebuilds
it; and a text that looks like HTML stays text.

The "Teilen / Einbetten" dialog of each card arrives the same way (`share_dialog`, `share_content`): empty until it is
first opened, then built from what the server sent, a text that looks like HTML again staying text. Its behaviour
(keyboard, copy, sizes, English, the public address): tests/pages/test_share_embed.py."""

from __future__ import annotations

import json

from app_support import open_page

SHOWN = """(panel) => {
  const t = panel.querySelector('table.data-table');
  if (!t) return null;
  const note = panel.querySelector('.wm-table-deferred > p');
  return {caption: t.querySelector('caption').textContent, note: note ? note.textContent : null,
          columns: [...t.querySelectorAll('thead th[scope=col]')].map(th => th.textContent),
          rows: [...t.querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent))};
}"""


def test_handlungsfeld_tables_are_built_when_shown_and_show_what_the_server_sent(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/handlungsfeld/mobilitaet", "#inhalt .chart-card .main-svg")
    cards = page.locator("#inhalt .chart-card")
    assert cards.count() >= 3
    assert page.locator(".wm-tabpanel td").count() == 0  # nothing built behind the tabs while the page loaded
    for i in range(cards.count()):
        card = cards.nth(i)
        card_id = card.get_attribute("id")
        sent = json.loads(card.locator(".wm-table-deferred").get_attribute("data-table"))
        assert sent["rows"] and sent["columns"]
        page.click(f"#{card_id}-tab-tabelle")
        panel = page.locator(f"#{card_id}-panel-tabelle")
        assert panel.is_visible()
        assert panel.evaluate(SHOWN) == sent, card_id
        page.click(f"#{card_id}-tab-grafik")
        page.click(f"#{card_id}-tab-tabelle")  # shown again: built once, not twice
        assert panel.locator("table.data-table").count() == 1 and panel.evaluate(SHOWN) == sent
    assert errors == []
    page.close()


def test_new_data_rebuilds_a_built_table_and_html_stays_text(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/indikatoren/rad_dtv", "#inhalt .chart-card .main-svg")
    page.click("#indikator-rad_dtv-tab-tabelle")
    panel = page.locator("#indikator-rad_dtv-panel-tabelle")
    before = panel.evaluate(SHOWN)
    assert before["rows"]
    hostile = {
        "caption": "<img src=x onerror=window.__pwned=1>",
        "note": "<b>fett</b>",
        "columns": ["<script>window.__pwned=1</script>", "Wert"],
        "rows": [["<img src=x onerror=window.__pwned=1>", "1.234,5"]],
    }
    # what React does when a callback returns the same card with other data: it sets the attribute, nothing else
    page.locator("#indikator-rad_dtv-panel-tabelle .wm-table-deferred").evaluate(
        "(el, v) => el.setAttribute('data-table', v)", json.dumps(hostile)
    )
    page.wait_for_function(
        "() => document.querySelector('#indikator-rad_dtv-panel-tabelle tbody td')?.textContent.startsWith('<img')"
    )
    assert panel.evaluate(SHOWN) == hostile
    assert panel.locator("img, script, b").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert errors == []
    page.close()


def test_share_dialogs_are_built_when_opened_and_html_stays_text(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/handlungsfeld/mobilitaet", "#inhalt .chart-card .main-svg")
    dialogs = page.locator("#inhalt dialog.wm-dialog")
    assert dialogs.count() == page.locator("#inhalt .wm-share-open").count() >= 3
    assert page.locator("#inhalt dialog.wm-dialog *").count() == 0  # nothing built while the page loaded
    # a dialog opened shows what the server sent
    first = dialogs.nth(0).get_attribute("id")
    sent = json.loads(dialogs.nth(0).get_attribute("data-share"))
    page.click(f"#{first}-knopf")
    dialog = page.locator(f"dialog#{first}[open]")
    dialog.wait_for(state="visible")
    assert dialog.locator("h2").inner_text() == sent["title"]
    assert dialog.locator(f"#{first}-link").input_value() == sent["link"]
    if sent["embed"]:
        assert dialog.locator(f"#{first}-code").inner_text() == sent["embed"]["code"]
    page.keyboard.press("Escape")
    # texts that look like HTML (an indicator or station name) stay text
    second = dialogs.nth(1).get_attribute("id")
    hostile = json.loads(dialogs.nth(1).get_attribute("data-share"))
    pwn = "<img src=x onerror=window.__pwned=1>"
    hostile.update(title=pwn, warning="<b>fett</b>", link='"><script>window.__pwned=1</script>', no_embed=None)
    hostile["embed"] = {
        **(hostile["embed"] or sent["embed"]),
        "code": f'<iframe src="x" width="100%" height="520">{pwn}',
        "preview_title": pwn,
    }
    hostile["embed"]["sizes"] = [{"value": "100%x520", "label": pwn}, {"value": "400x640", "label": "<b>400</b>"}]
    dialogs.nth(1).evaluate("(el, v) => el.setAttribute('data-share', v)", json.dumps(hostile))
    page.click(f"#{second}-knopf")
    dialog = page.locator(f"dialog#{second}[open]")
    dialog.wait_for(state="visible")
    assert dialog.locator("h2").inner_text() == pwn
    assert dialog.locator(f"#{second}-link").input_value() == hostile["link"]
    assert dialog.locator(f"#{second}-code").inner_text().endswith(pwn)
    assert dialog.locator(".wm-embed-preview").inner_text() == pwn
    assert dialog.locator("img, script, b, iframe").count() == 0
    page.click(f"#{second}-groesse-1")  # the size rewrites the code as text
    assert 'width="400" height="640"' in dialog.locator(f"#{second}-code").inner_text()
    assert dialog.locator("img, script, b, iframe").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert errors == []
    page.close()
