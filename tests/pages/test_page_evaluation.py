"""/evaluation and the plans on a measure's page (issue #17.1), as a person sees them: each plan with what was fixed
when, its result computed as planned and what it says about the expectation; a late plan is marked; the
Vorher-nachher page says whether a comparison is the planned one or exploratory."""

from __future__ import annotations

import pytest
from app_support import open_page

from indicators import plans
from indicators.store import Snapshot

pytestmark = pytest.mark.browser


def test_evaluation_lists_every_plan_with_its_result_and_marks_the_late_one(browser, base_url: str, snap: Snapshot) -> None:
    page, errors = open_page(browser, base_url + "/evaluation", ".evaluation-plan")
    assert page.title() == "Evaluationspläne – Wirkungsmonitor Offenbach"
    cards = page.locator(".evaluation-plan")
    current = plans.latest(snap)
    assert cards.count() == len(current) == 5
    for p in current:
        card = page.locator(f"#plan-{p.plan_id}")
        text = card.inner_text()
        assert "Ergebnis" in text and p.decided_by in text, p.plan_id
        res = plans.result(snap, p).result
        assert res is not None
        lo = f"{res.ci_low_pct:+.1f}".replace("-", "−").replace(".", ",")
        assert lo in card.locator(".plan-urteil").inner_text(), p.plan_id  # the stored result, as computed
        assert (card.locator(".plan-nachtraeglich").count() == 1) is p.late, p.plan_id
    assert "Placebo bestanden" in page.locator("#plan-rad-mobilitaetsportal-placebo .plan-bewertung").inner_text()
    assert "Wie erwartet" in page.locator("#plan-rad-mobilitaetsportal .plan-bewertung").inner_text()
    history = page.locator("#plan-rad-mobilitaetsportal .plan-versionen")
    history.locator("summary").click()
    assert "Version 1" in history.inner_text() and "Vor dem Start geändert" in history.inner_text()
    # the plan's own link opens its comparison, which the Vorher-nachher page calls planned
    page.locator("#plan-rad-mobilitaetsportal a", has_text="Im Vorher-nachher-Vergleich öffnen").click()
    page.wait_for_selector("#vn-plan", timeout=60000)
    assert "im Plan" in page.locator("#vn-plan").inner_text()
    assert "rad-mobilitaetsportal" in page.locator("#vn-plan").inner_text()
    assert errors == []


def test_another_analysis_is_exploratory(browser, base_url: str) -> None:
    url = base_url + "/vorher-nachher?indikator=rad_dtv&station=ecocounter%3A100069001&datum=2022-04-01&methode=adjusted"
    page, errors = open_page(browser, url, "#vn-plan")
    assert "explorativ, nicht im Plan" in page.locator("#vn-plan").inner_text()
    assert errors == []


def test_a_measure_shows_its_plans(browser, base_url: str) -> None:
    page, errors = open_page(browser, base_url + "/massnahmen/mobilitaetsportal", "#massnahme-evaluation")
    assert page.locator(".evaluation-plan").count() == 3  # the plan, the station alone and the placebo
    assert page.locator(".evaluation-plan h3").count() == 3  # under the page's h2
    page2, errors2 = open_page(browser, base_url + "/massnahmen/freifunk", "h1")
    assert page2.locator("#massnahme-evaluation").count() == 0  # no plans: no section
    assert errors == [] and errors2 == []
