"""Every method side by side (indicators/method_comparison.py), the city's default method per kind of series and the
suggested control stations (indicators/comparisons.py), on the demo snapshot and on constructed estimates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from indicators import comparisons as cmp
from indicators import method_comparison as mc
from indicators.before_after import METHODS, BeforeAfterError
from indicators.store import Snapshot

EFFECT_SITE, PLACEBO_SITE = "ecocounter:100069001", "ecocounter:100069002"
FAULTY_SITE = "ecocounter:100069004"  # the demo's counter with an outage in May 2024 (etl/demo/mobility.py)
AT = date(2022, 4, 1)


def est(method: str, pct: float, lo: float, hi: float) -> mc.Estimate:
    return mc.Estimate(method, pct, lo, hi)


# --- the disagreement rule on constructed cases ----------------------------------------------------------------------


def test_overlapping_intervals_of_one_sign_agree() -> None:
    assert (
        mc.disagreement([est("simple", 17.9, 4.0, 33.8), est("adjusted", 12.7, 8.9, 16.7), est("its", 12.0, 2.1, 22.8)]) is None
    )


def test_intervals_without_overlap_disagree_and_name_the_pair() -> None:
    found = mc.disagreement([est("adjusted", 12.7, 8.9, 16.7), est("simple", 1.0, 0.5, 1.5), est("its", 12.0, 2.1, 22.8)])
    assert found == mc.Disagreement("no_overlap", ("simple", "adjusted"))  # in the order of METHODS


def test_opposite_signs_disagree_even_when_intervals_overlap() -> None:
    found = mc.disagreement([est("its", 3.0, -5.0, 11.0), est("did", -2.0, -9.0, 5.0)])
    assert found == mc.Disagreement("sign_differs", ("its", "did"))


def test_no_overlap_is_reported_before_a_sign_change() -> None:
    found = mc.disagreement([est("simple", -20.0, -30.0, -10.0), est("did", 15.0, 10.0, 20.0)])
    assert found is not None and found.code == "no_overlap"


@pytest.mark.parametrize(
    "estimates",
    [
        [],
        [est("simple", 5.0, 1.0, 9.0)],
        [est("simple", 5.0, 1.0, 9.0), est("did", float("nan"), -1.0, float("inf"))],  # nothing to compare with
        [est("simple", 0.0, -3.0, 3.0), est("its", -2.0, -6.0, 2.0)],  # zero has no sign
    ],
)
def test_fewer_than_two_finite_estimates_or_no_sign_change_agree(estimates: list[mc.Estimate]) -> None:
    assert mc.disagreement(estimates) is None


# --- the city's default method ---------------------------------------------------------------------------------------


def test_default_method_is_declared_once_per_kind_of_series_and_never_simple(snap: Snapshot) -> None:
    assert set(cmp.DEFAULT_METHOD) == set(cmp.SERIES_KINDS)
    assert set(cmp.DEFAULT_METHOD.values()) <= set(METHODS) and "simple" not in cmp.DEFAULT_METHOD.values()
    assert cmp.ComparisonRequest.from_query({"indikator": "rad_dtv"}).method is None  # no method given: the default
    station = cmp.ComparisonRequest(indicator_id="rad_dtv", station=EFFECT_SITE, at=AT)
    city = cmp.ComparisonRequest(indicator_id="rad_dtv", at=AT)
    assert cmp.series_kind(snap, station) == "daily" and cmp.series_kind(snap, city) == "periodic"
    assert cmp.run(snap, station).result.method == cmp.DEFAULT_METHOD["daily"]
    c = cmp.run(snap, city)
    assert c.result.method == cmp.DEFAULT_METHOD["periodic"] and c.request.to_query()["methode"] == c.result.method


# --- suggested control stations --------------------------------------------------------------------------------------


def test_measures_concern_the_kind_of_station_their_indicators_are_computed_for(snap: Snapshot) -> None:
    by_kind = cmp.measure_starts_by_kind(snap)
    assert ("radverkehrszaehlstellen", date(2016, 1, 1)) in by_kind["bike_counter"]
    assert "weather" not in by_kind


def test_suggested_controls_share_kind_and_metric_and_have_complete_data(snap: Snapshot) -> None:
    ids = cmp.suggest_controls(snap, station=EFFECT_SITE, metric="bicycles", at=AT)
    assert PLACEBO_SITE in ids and EFFECT_SITE not in ids
    kinds = {s.station_id: s.kind for s in cmp.stations(snap, metric="bicycles")}
    assert ids and all(kinds[i] == "bike_counter" for i in ids)
    # 60 days each side around the faulty counter's nine-day outage: it lacks more than 5 % of the days after
    near_outage = cmp.suggest_controls(snap, station=EFFECT_SITE, metric="bicycles", at=date(2024, 5, 15), window_days=60)
    assert FAULTY_SITE in ids and FAULTY_SITE not in near_outage and PLACEBO_SITE in near_outage
    assert cmp.suggest_controls(snap, station=EFFECT_SITE, metric="pedestrians", at=AT) == []  # the station lacks it


def test_no_control_is_suggested_when_another_measure_starts_inside_the_window(
    snap: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    starts = {"bike_counter": [("mobilitaetsportal", AT), ("radverkehrszaehlstellen", date(2016, 1, 1))]}
    monkeypatch.setattr(cmp, "measure_starts_by_kind", lambda _snap: starts)
    # the measure starting on the date is the one compared; one on the window's first day changes nothing inside it
    assert cmp.suggest_controls(snap, station=EFFECT_SITE, metric="bicycles", at=AT)
    starts["bike_counter"].append(("baustelle", date(2023, 5, 1)))
    assert cmp.suggest_controls(snap, station=EFFECT_SITE, metric="bicycles", at=AT) == []
    assert cmp.suggest_controls(snap, station=EFFECT_SITE, metric="bicycles", at=AT, window_days=365)  # 2023-05 outside


# --- all methods on one station and date -----------------------------------------------------------------------------


def test_all_methods_run_on_one_station_and_date(snap: Snapshot) -> None:
    req = cmp.ComparisonRequest(indicator_id="rad_dtv", station=EFFECT_SITE, at=AT, method="its")
    s = mc.run_all(snap, req)
    assert [o.method for o in s.outcomes] == list(METHODS)
    assert s.default_method == "adjusted" and [o.method for o in s.outcomes if o.default] == ["adjusted"]
    for o in s.outcomes:
        r = o.result
        assert r is not None and o.error is None, o
        assert r.method == o.method and r.date == AT.isoformat()
        assert r.ci_low_pct <= r.effect_pct <= r.ci_high_pct and r.n_before >= 300 and r.n_after >= 300
        assert r.ci_low_pct <= 15.0 <= r.ci_high_pct or o.method == "simple"  # the planted effect (simple: trend)
    did = s.outcomes[METHODS.index("did")]
    assert did.suggested_controls and did.result is not None
    assert set(did.result.controls) == set(cmp.suggest_controls(snap, station=EFFECT_SITE, metric="bicycles", at=AT))
    # the same estimates as one method at a time
    alone = cmp.run(snap, cmp.ComparisonRequest(indicator_id="rad_dtv", station=EFFECT_SITE, at=AT, method="its"))
    its = s.outcomes[METHODS.index("its")].result
    assert its is not None and its.to_dict() == alone.result.to_dict()  # to_dict: NaN (not applicable) is None there
    assert s.disagreement == mc.disagreement([mc.Estimate.of(o.result) for o in s.outcomes if o.result])


def test_chosen_controls_win_over_suggested_ones(snap: Snapshot) -> None:
    req = cmp.ComparisonRequest(indicator_id="rad_dtv", station=EFFECT_SITE, at=AT, controls=(PLACEBO_SITE,))
    did = mc.run_all(snap, req).outcomes[METHODS.index("did")]
    assert did.result is not None and did.result.controls == (PLACEBO_SITE,) and not did.suggested_controls
    # the suggestion filled in as the choice (the page does so) is still called suggested
    suggested = tuple(reversed(cmp.suggest_controls(snap, station=EFFECT_SITE, metric="bicycles", at=AT)))
    did = mc.run_all(snap, replace(req, controls=suggested)).outcomes[METHODS.index("did")]
    assert did.result is not None and did.suggested_controls


def test_methods_that_do_not_apply_say_why(snap: Snapshot) -> None:
    s = mc.run_all(snap, cmp.ComparisonRequest(indicator_id="rad_dtv", at=AT))  # the city's monthly total
    why = {o.method: o.error for o in s.outcomes}
    assert s.default_method == "its" and why["its"] is None and why["simple"] is None
    assert isinstance(why["adjusted"], BeforeAfterError) and "Tageswerte" in str(why["adjusted"])
    assert isinstance(why["did"], BeforeAfterError) and "braucht eine Station" in str(why["did"])
    assert len(s.computed) == 2
