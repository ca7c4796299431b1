"""The chart cards below a Handlungsfeld page's first row come once its first chart is drawn (#19,
`dashboard.components.Deferred`, `dashboard/assets/03-deferred.js`, `wmAfterFirstChart` in
`dashboard/assets/03-progressive-charts.js`): Dash's renderer, React and the browser's layout handling all seven cards
held up the first chart by ~0.1 s.

In a real Chromium on the demo app: when the first chart appears, only the first row is there and the rest is waiting;
then every card of the page's answer is shown with its chart, and a later card works like any other (table tab,
"Teilen / Einbetten"); another Handlungsfeld opened in the same page (Dash's router, no reload) gets its own cards;
with plotly.js late the cards come after 3 s and their charts when it arrives; without plotly.js (blocked) every card
is shown all the same."""

from __future__ import annotations

import json

from dash import html
from plotly.utils import PlotlyJSONEncoder

from dashboard.components import Deferred

# at the moment the first chart's SVG is in the page: how many cards are there, and is the rest still waiting
AT_FIRST_CHART = """(() => {
  new MutationObserver((_, obs) => {
    if (!document.querySelector('#inhalt .main-svg')) return;
    obs.disconnect();
    window.__atFirstChart = {cards: document.querySelectorAll('#inhalt .chart-card').length,
                             waiting: !!document.querySelector('#inhalt [data-deferred=waiting]')};
  }).observe(document, {subtree: true, childList: true});
})();"""


def _page_answer(resp) -> bool:  # noqa: ANN001
    return "/_dash-update-component" in resp.url and "_pages_content" in (resp.request.post_data or "")


def _cards(node: object) -> list[str]:
    """The ids of the chart cards in a part of the page callback's answer, in order (also inside a Deferred's content)."""
    if isinstance(node, list):
        return [i for n in node for i in _cards(n)]
    if not isinstance(node, dict):
        return []
    props = node.get("props")
    if isinstance(props, dict) and "chart-card" in str(props.get("className", "")).split():
        return [props["id"]]
    return [i for v in node.values() for i in _cards(v)]


def _cards_in_answer(resp) -> list[str]:  # noqa: ANN001
    return _cards(json.loads(resp.text()))


def _deferred_cards(resp) -> list[str]:  # noqa: ANN001
    """The ids of the chart cards inside the answer's Deferred."""

    def find(node: object) -> object:
        if isinstance(node, list):
            return next((f for f in map(find, node) if f is not None), None)
        if isinstance(node, dict):
            if node.get("type") == "Deferred":
                return node
            return next((f for f in map(find, node.values()) if f is not None), None)
        return None

    deferred = find(json.loads(resp.text()))
    assert isinstance(deferred, dict) and deferred["namespace"] == "wm_components"
    return _cards(deferred["props"]["content"])


def _answer_for(page, answers: list, path: str, asked: int):  # noqa: ANN001, ANN202
    """The page callback's newest answer for `path`, once there are more than `asked` (response events may come a
    moment after the page shows the answer)."""
    for _ in range(200):
        found = [r for r in answers if f'"{path}"' in (r.request.post_data or "")]
        if len(found) > asked:
            return found[-1]
        page.wait_for_timeout(50)
    raise AssertionError(f"no answer of the page callback for {path}")


def _open(browser, base_url: str, path: str, init: str = "", plotly=None):  # noqa: ANN001, ANN202
    """The page, its console errors and the page callback's answers; `plotly` handles the requests for plotly.js."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    if plotly is not None:
        page.route("**/plotly.min.js*", plotly)
    errors: list[str] = []
    answers: list = []  # the page callback's answers (read with .text() outside the handler)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: answers.append(r) if _page_answer(r) else None)
    if init:
        page.add_init_script(init)
    page.goto(base_url + path)
    return page, errors, answers


def test_cards_below_the_first_row_come_after_the_first_chart(browser, base_url: str) -> None:
    page, errors, answers = _open(browser, base_url, "/handlungsfeld/mobilitaet", AT_FIRST_CHART)
    page.wait_for_function("() => window.__atFirstChart !== undefined", timeout=30000)
    answer = _answer_for(page, answers, "/handlungsfeld/mobilitaet", 0)
    sent = _cards_in_answer(answer)
    later = _deferred_cards(answer)
    assert later == sent[2:]  # the first row (two cards side by side) comes with the page, the rest waits
    assert page.evaluate("() => window.__atFirstChart") == {"cards": 2, "waiting": True}
    page.wait_for_function("() => !document.querySelector('[data-deferred=waiting]') && window.wmChartsPending === 0")
    shown = page.locator("#inhalt .chart-card").evaluate_all("cs => cs.map(c => c.id)")
    assert shown == sent  # every card of the answer, in its order, once
    drawn = page.locator("#inhalt .chart-card").evaluate_all("cs => cs.filter(c => c.querySelector('.main-svg')).length")
    assert drawn == len(sent)  # each with its chart
    # the last card, shown later, works like the first: its table tab and its dialog
    last = sent[-1]
    page.click(f"#{last}-tab-tabelle")
    assert page.locator(f"#{last}-panel-tabelle table.data-table tbody tr").count() > 0
    page.click(f"#{last} .wm-share-open")
    dialog = page.locator(f"#{last} dialog.wm-dialog")
    assert dialog.evaluate("d => d.open") and dialog.locator("input").first.input_value().endswith(f"#{last}")
    assert errors == []
    page.close()


def test_another_field_in_the_same_page_gets_its_own_cards(browser, base_url: str) -> None:
    page, errors, answers = _open(browser, base_url, "/handlungsfeld/mobilitaet")
    page.wait_for_function("() => !document.querySelector('[data-deferred=waiting]') && window.wmChartsPending === 0")
    for slug in ("klima-umwelt", "mobilitaet"):
        path = f"/handlungsfeld/{slug}"
        asked = len([r for r in answers if f'"{path}"' in (r.request.post_data or "")])
        heading = page.locator("#inhalt h1").text_content()
        # what a dcc.Link does: Dash's router shows the other page without a reload; the Deferred keeps its id
        page.evaluate(
            "(p) => { window.history.pushState({}, '', p); window.dispatchEvent(new PopStateEvent('popstate')); }", path
        )
        page.wait_for_function("(h) => document.querySelector('#inhalt h1')?.textContent !== h", arg=heading)
        page.wait_for_function(
            "() => !document.querySelector('[data-deferred=waiting]') && window.wmChartsPending === 0", timeout=30000
        )
        answer = _answer_for(page, answers, path, asked)
        sent = _cards_in_answer(answer)
        assert _deferred_cards(answer) == sent[2:] and len(sent) > 2, slug  # this field has cards below its first row
        shown = page.locator("#inhalt .chart-card").evaluate_all("cs => cs.map(c => c.id)")
        assert shown == sent, slug
    assert errors == []
    page.close()


def test_with_plotly_late_the_cards_come_after_three_seconds_and_their_charts_later(browser, base_url: str) -> None:
    held: list = []  # plotly.js on a slow line: held back
    page, _errors, answers = _open(browser, base_url, "/handlungsfeld/mobilitaet", plotly=lambda route: held.append(route))
    page.wait_for_selector("#inhalt [data-deferred=waiting]", state="attached", timeout=30000)
    t0 = page.evaluate("() => performance.now()")
    page.wait_for_function("() => !document.querySelector('[data-deferred=waiting]')", timeout=10000)
    waited = page.evaluate("() => performance.now()") - t0
    assert 2000 < waited < 6000  # the 3 s of the fallback, from a moment after the page's answer
    sent = _cards_in_answer(_answer_for(page, answers, "/handlungsfeld/mobilitaet", 0))
    assert page.locator("#inhalt .chart-card").evaluate_all("cs => cs.map(c => c.id)") == sent
    assert page.locator("#inhalt .main-svg").count() == 0 and held  # no chart yet: plotly.js is still on its way
    for route in held:
        route.continue_()
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('#inhalt .chart-card')].filter(c => c.querySelector('.main-svg')).length === n"
        " && window.wmChartsPending === 0",
        arg=len(sent),
        timeout=30000,
    )
    page.close()


def test_without_plotly_every_card_is_shown_all_the_same(browser, base_url: str) -> None:
    # blocked: no chart will ever be drawn (the console names the failed script)
    page, _errors, answers = _open(browser, base_url, "/handlungsfeld/mobilitaet", plotly=lambda route: route.abort())
    page.wait_for_selector("#inhalt h1", timeout=30000)
    sent = _cards_in_answer(_answer_for(page, answers, "/handlungsfeld/mobilitaet", 0))
    assert len(sent) > 2
    page.wait_for_function("(n) => document.querySelectorAll('#inhalt .chart-card').length === n", arg=len(sent), timeout=10000)
    assert page.locator("#inhalt .chart-card").evaluate_all("cs => cs.map(c => c.id)") == sent
    page.close()


def test_the_content_travels_as_data_not_as_children() -> None:
    d = Deferred(html.Div(html.P("später"), id="innen"), id="weiter", className="x")
    out = d.to_plotly_json()
    assert out["namespace"] == "wm_components" and out["type"] == "Deferred"
    assert "children" not in out["props"]  # Dash's renderer does not walk it until the browser shows it
    sent = json.loads(json.dumps(out, cls=PlotlyJSONEncoder))
    assert sent["props"]["content"] == [
        {
            "props": {
                "children": {"props": {"children": "später"}, "type": "P", "namespace": "dash_html_components"},
                "id": "innen",
            },
            "type": "Div",
            "namespace": "dash_html_components",
        }
    ]
    assert sent["props"]["id"] == "weiter" and sent["props"]["className"] == "x"
