"""A chart card's table arrives as JSON and is built by the browser when its tab is first shown (#19,
`dashboard.components.deferred_table`, `dashboard/assets/04-chart-cards.js`): before, Dash's renderer and React handled
every cell of seven hidden tables before a Handlungsfeld page drew its first chart.

In a real Chromium on the demo app: no hidden table is built while the page loads; each card's table, once shown, is
exactly what the server sent (caption, header, cells — `tests/dashboard/test_data_table.py` ties that to
`data_table`); new data for a built table (React changes the attribute when a callback returns the same card) rebuilds
it; and a text that looks like HTML stays text."""

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
