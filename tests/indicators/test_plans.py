"""Evaluation plans (issue #17.1): frozen versions, results computed exactly as planned, and what the demo's plans say
about its planted effects (ground truth: data/demo/ground_truth.json)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from workbooks import read_sheets, write_sheets

from etl.loader import load_file
from etl.warehouse import connect
from indicators import plans
from indicators.comparisons import ComparisonRequest, run
from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "massnahmenkatalog.xlsx"
TRUTH = {(t["station_id"], t["date"]): t["effect_pct"] for t in json.loads((ROOT / "data/demo/ground_truth.json").read_text())}


def test_a_published_version_is_frozen_and_a_change_is_a_new_version(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    assert load_file(con, SHIPPED).status == "loaded"
    stored = dict(con.execute("select plan_id || ' v' || version, content_hash from evaluation_plan").fetchall())
    assert stored.keys() == {
        "rad-mobilitaetsportal v1",
        "rad-mobilitaetsportal v2",
        "rad-mobilitaetsportal-placebo v1",
        "rad-mobilitaetsportal-einzelstation v1",
        "passanten-station-mitte v1",
        "sauberkeit-48h v1",
    }
    sheets = read_sheets(SHIPPED)
    rows = sheets["Evaluationspläne"]
    head = rows[0]
    window = head.index("Fenster (Tage)")
    line = next(i for i, r in enumerate(rows) if r[0] == "passanten-station-mitte") + 1
    rows[line - 1][window] = 400  # a published version edited in place: refused
    v2 = list(rows[line - 1])
    v2[head.index("Version")] = 2
    v2[head.index("Änderungsgrund")] = "Fenster verlängert"
    rows.append(v2)  # the same change as a new version: taken
    res = load_file(con, write_sheets(tmp_path / "geaendert.xlsx", sheets))
    assert res.status == "loaded_with_rejects" and res.rows_rejected == 1
    reject_line, reason = con.execute("select line, reason from rejected_row").fetchone()
    assert reject_line == line and "eingefroren" in reason and "passanten-station-mitte" in reason
    after = dict(con.execute("select plan_id || ' v' || version, content_hash from evaluation_plan").fetchall())
    assert {k: after[k] for k in stored} == stored  # every stored version as it was
    assert con.execute(
        "select window_days, change_reason from evaluation_plan where plan_id = 'passanten-station-mitte' order by version"
    ).fetchall() == [(365, None), (400, "Fenster verlängert")]
    # a version 2 without its reason is not a valid change
    v3 = list(v2)
    v3[head.index("Version")] = 3
    v3[head.index("Änderungsgrund")] = None
    rows.append(v3)
    load_file(con, write_sheets(tmp_path / "ohne-grund.xlsx", sheets))
    assert con.execute("select count(*) from evaluation_plan where version = 3").fetchone()[0] == 0
    assert "Änderungsgrund fehlt" in con.execute("select reason from rejected_row order by load_id desc").fetchone()[0]


def test_every_version_result_is_stored_and_reproducible(snap: Snapshot) -> None:
    """The publish stored each version's result; computing the version again gives the same numbers (the old version
    stays reproducible after a new one was published)."""
    old = plans.get(snap, "rad-mobilitaetsportal", 1)
    new = plans.get(snap, "rad-mobilitaetsportal")
    assert (old.version, new.version) == (1, 2) and old.window_days == 365 and new.window_days == 730
    for p in (old, new):
        stored = plans.result(snap, p)
        again = plans.compute(snap, p)
        assert stored.result is not None and again.result is not None
        assert stored.result.to_dict() == again.result.to_dict()
        assert stored.result.window_after[0] == p.cutoff_date.isoformat()
        assert stored.result.method == p.method and stored.result.controls == p.controls
    assert plans.result(snap, old).result != plans.result(snap, new).result  # two plans, two answers


def test_demo_plans_find_the_planted_effect_and_pass_the_placebo(snap: Snapshot) -> None:
    rad = plans.get(snap, "rad-mobilitaetsportal")
    r = plans.result(snap, rad).result
    assert r is not None and rad.published_on < rad.cutoff_date and not rad.late
    truth = TRUTH[(rad.station_id, rad.cutoff_date.isoformat())]
    assert r.ci_low_pct <= truth <= r.ci_high_pct  # the injected effect lies within the plan's interval
    assert plans.assessment(rad, r) == "as_expected"
    placebo = plans.get(snap, "rad-mobilitaetsportal-placebo")
    rp = plans.result(snap, placebo).result
    assert rp is not None and TRUTH[(placebo.station_id, placebo.cutoff_date.isoformat())] == 0
    assert rp.ci_low_pct <= 0 <= rp.ci_high_pct and plans.assessment(placebo, rp) == "placebo_passed"
    # the MDE from the pre-period alone: two controls and two years make +15 % detectable, the station alone does not
    assert plans.result(snap, rad).mde_pct is not None and 0 < plans.result(snap, rad).mde_pct < truth
    alone = plans.get(snap, "rad-mobilitaetsportal-einzelstation")
    alone_res = plans.result(snap, alone)
    assert alone_res.mde_pct is not None and plans.below_mde(alone, alone_res.mde_pct)
    assert alone_res.result is not None and alone_res.result.verdict_code == "not_informative"  # as the plan warned
    short = plans.result(snap, plans.get(snap, "passanten-station-mitte"))
    assert short.mde_pct is None and short.mde_error is not None and "Kalenderjahre" in short.mde_error
    late = plans.get(snap, "sauberkeit-48h")
    assert late.late and late.published_on > late.cutoff_date
    assert [p.plan_id for p in plans.latest(snap) if p.late] == ["sauberkeit-48h"]


@pytest.mark.parametrize(
    ("expected", "lo", "hi", "code"),
    [
        (15.0, 13.0, 24.0, "as_expected"),
        (3.0, 5.9, 24.0, "stronger"),
        (20.0, 2.0, 12.0, "weaker"),
        (10.0, -5.0, 30.0, "not_shown"),
        (10.0, -12.0, -2.0, "opposite"),
        (-50.0, -79.0, -72.0, "stronger"),
        (-50.0, -40.0, -10.0, "weaker"),
    ],
)
def test_assessment_follows_the_interval(snap: Snapshot, expected: float, lo: float, hi: float, code: str) -> None:
    from dataclasses import replace

    from indicators.before_after import verdict

    p = replace(
        plans.get(snap, "rad-mobilitaetsportal"),
        expected_effect_pct=expected,
        expected_direction="increase" if expected > 0 else "decrease",
    )
    base = plans.result(snap, plans.get(snap, "rad-mobilitaetsportal")).result
    assert base is not None
    r = replace(base, ci_low_pct=lo, ci_high_pct=hi, effect_pct=(lo + hi) / 2, verdict_code=verdict((lo + hi) / 2, lo, hi))
    assert plans.assessment(p, r) == code


def test_only_the_planned_comparison_counts_as_planned(snap: Snapshot) -> None:
    p = plans.get(snap, "rad-mobilitaetsportal")
    assert plans.planned_for(snap, p.request()) == p
    c = run(snap, p.request())
    assert plans.planned_for(snap, c.request) == p  # as the Vorher-nachher page asks after running it
    from dataclasses import replace

    alone = plans.get(snap, "rad-mobilitaetsportal-einzelstation")
    assert plans.planned_for(snap, replace(p.request(), method="adjusted", controls=())) == alone  # a plan of its own
    for other in (
        replace(p.request(), method="its", controls=()),
        replace(p.request(), window_days=365),
        replace(p.request(), controls=("ecocounter:100069003",)),
        ComparisonRequest(
            indicator_id="rad_dtv", station=p.station_id, at=date(2022, 5, 1), method="did", window_days=730, controls=p.controls
        ),
    ):
        assert plans.planned_for(snap, other) is None  # explorativ, nicht im Plan


def test_plan_command_line(snap: Snapshot) -> None:
    db = str(snap.path)
    out = subprocess.run(
        [sys.executable, "-m", "indicators", "plan", "list", "--json", "--db", db], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [r["plan_id"] for r in rows] == [p.plan_id for p in plans.latest(snap)]
    assert {r["plan_id"]: r["late"] for r in rows}["sauberkeit-48h"] is True
    res = subprocess.run(
        [sys.executable, "-m", "indicators", "plan", "result", "rad-mobilitaetsportal-placebo", "--json", "--db", db],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    data = json.loads(res.stdout)
    assert data["result"]["assessment"] == "placebo_passed" and data["status"] == "result"
    stored = plans.result(snap, plans.get(snap, "rad-mobilitaetsportal-placebo")).result
    assert stored is not None and data["result"]["result"]["ci_low_pct"] == stored.ci_low_pct
    text = subprocess.run(
        [sys.executable, "-m", "indicators", "plan", "show", "rad-mobilitaetsportal", "--db", db],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    assert "Version 1 (01.12.2021): erste Fassung" in text and "Version 2 (15.02.2022): Vor dem Start geändert" in text
    bad = subprocess.run(
        [sys.executable, "-m", "indicators", "plan", "show", "gibt-es-nicht", "--db", db],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 2 and "unbekannter Plan" in bad.stderr
