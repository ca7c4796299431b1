"""indicators/comparisons.py on the demo snapshot: the known effect is recovered by every method, impossible requests
say why in German, requests round-trip through the query (moved from the Vorher-nachher page tests)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from indicators import comparisons as cmp
from indicators.before_after import BeforeAfterError
from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parents[2]
TRUTH = json.loads((ROOT / "data" / "demo" / "ground_truth.json").read_text(encoding="utf-8"))
CASE = next(t for t in TRUTH if t["effect_pct"] and t["indicator_id"] == "rad_dtv")
QUERY = {"indikator": CASE["indicator_id"], "station": CASE["station_id"], "datum": CASE["date"], "methode": "its"}


@pytest.mark.parametrize("method", ["simple", "adjusted", "its"])
def test_run_recovers_the_demo_effect(snap: Snapshot, method: str) -> None:
    c = cmp.run(snap, cmp.ComparisonRequest.from_query({**QUERY, "methode": method}))
    r = c.result
    assert r.ci_low_pct <= CASE["effect_pct"] <= r.ci_high_pct
    assert r.window_after[0] == CASE["date"]
    # the series is exactly the compared windows, labelled by period
    assert c.series["day"].min().isoformat() == r.window_before[0]
    assert c.series.filter(c.series["period"] == "nachher").height == r.n_after
    assert c.unit == "Radfahrten/Tag" and c.daily


def test_did_uses_controls_and_needs_them(snap: Snapshot) -> None:
    with pytest.raises(BeforeAfterError, match="Kontrollstation"):
        cmp.run(snap, cmp.ComparisonRequest.from_query({**QUERY, "methode": "did"}))
    controls = cmp.control_stations(snap, station=CASE["station_id"], metric="bicycles")
    ids = [sid for sid, _ in controls]
    assert CASE["station_id"] not in ids and "ecocounter:100069002" in ids
    c = cmp.run(snap, cmp.ComparisonRequest.from_query({**QUERY, "methode": "did", "kontrollen": "ecocounter:100069002"}))
    assert "controls" in c.series.columns and c.control_names == ("Mainuferweg",)
    assert c.result.ci_low_pct <= CASE["effect_pct"] <= c.result.ci_high_pct


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({**QUERY, "datum": "01.04.2022"}, "ungültiges Datum"),
        ({**QUERY, "methode": "zauberei"}, "unbekannte Methode"),
        ({**QUERY, "fenster": "5"}, "Zeitfenster"),
        ({**QUERY, "indikator": "gibt_es_nicht"}, "unbekannter Indikator"),
        ({**QUERY, "station": "hystreet:kaiserstrasse"}, "gehört nicht"),
        ({"station": "ecocounter:100069001", "messgroesse": "pm10", "datum": "2022-04-01"}, "misst"),
        ({"datum": "2022-04-01"}, "Indikator oder eine Station"),
        ({"indikator": "rad_dtv", "datum": "2016-02-01"}, "zu wenige? (Daten|Werte)"),
    ],
)
def test_impossible_requests_say_why_in_german(snap: Snapshot, query: dict, message: str) -> None:
    with pytest.raises(BeforeAfterError, match=message):
        cmp.run(snap, cmp.ComparisonRequest.from_query(query))


def test_query_round_trip_and_selectors(snap: Snapshot) -> None:
    q = {**QUERY, "fenster": "400", "kontrollen": "a,b", "methode": "did", "massnahme": "mobilitaetsportal"}
    req = cmp.ComparisonRequest.from_query(q)
    assert req.at == date(2022, 4, 1) and req.controls == ("a", "b") and req.window_days == 400
    assert cmp.ComparisonRequest.from_query(req.to_query()) == req
    assert "kontrollen" not in cmp.ComparisonRequest.from_query({**q, "methode": "its"}).to_query()
    starts = {m.measure_id: m.start_date for m in cmp.measures_with_start(snap)}
    assert starts["mobilitaetsportal"] == date(2022, 4, 1) and None not in starts.values()
    bikes = cmp.stations(snap, kind="bike_counter", metric="bicycles")
    assert {s.station_id for s in bikes} >= {CASE["station_id"], "ecocounter:100069002"}
    assert all(s.kind == "bike_counter" for s in bikes)
    assert cmp.station_metrics(snap, CASE["station_id"]) == ["bicycles"]
    ids = [i.indicator_id for i in cmp.comparable_indicators(snap)]
    assert set(ids[:2]) == {"rad_dtv", "passanten_tag"}  # the per-station indicators first
