"""The verdict codes in words: the command line and the dashboard say the same, in German and English, and never more
than the interval (#14 point 6: "nicht aussagekräftig" instead of "Kein belastbarer Effekt" for [−61,7 %; +528 %])."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
from flask import Flask

from dashboard.status_display import verdict, verdict_short
from indicators.before_after import Result, estimate
from indicators.cli import verdict_de

AT = date(2022, 4, 1)


@pytest.fixture(scope="module")
def base() -> Result:
    rng = np.random.default_rng(1)
    d = [AT - timedelta(days=730) + timedelta(days=i) for i in range(1460)]
    return estimate(pl.DataFrame({"day": d, "value": rng.poisson(500, 1460).astype(float)}), at=AT, method="its")


def words(r: Result, lang: str) -> tuple[str, str]:
    with Flask(__name__).test_request_context(f"/?lang={lang}"):
        return verdict(r), verdict_short(r)


def test_not_informative_names_what_is_possible(base: Result) -> None:
    r = replace(base, verdict_code="not_informative", effect_pct=20.0, ci_low_pct=-61.7, ci_high_pct=528.0)
    assert verdict_de(r).startswith("Nicht aussagekräftig: alles von −61,7\u00a0% bis +528,0\u00a0% ist möglich")
    assert words(r, "de") == (verdict_de(r), "nicht aussagekräftig")
    en, short = words(r, "en")
    assert en.startswith(
        "Not informative: anything from −61.7\u00a0% to +528.0\u00a0% is possible"
    )  # English numbers and short == "not informative"
    assert "Kein belastbarer" not in verdict_de(r)


def test_descriptive_and_uncertain(base: Result) -> None:
    r = replace(base, method="simple", verdict_code="descriptive")
    assert verdict_de(r).startswith("Nur beschreibend:") and "kein Urteil" in verdict_de(r)
    assert words(r, "en")[0].startswith("Descriptive only:") and words(r, "en")[1] == "descriptive only"
    u = replace(base, verdict_code="uncertain")
    assert verdict_de(u) == "Kein Urteil möglich: das 95-%-Intervall ist nicht bestimmbar."
    assert words(u, "de")[1] == "kein Urteil möglich"


def test_its_slope_change_and_did_pretrend_warning(base: Result) -> None:
    assert base.method == "its" and "Trendänderung am Stichtag:" in verdict_de(base)
    assert "Change of trend at the date:" in words(base, "en")[0]
    did = replace(base, method="did", pretrend_ok=False, pretrend_pct=6.2, slope_change_pct=float("nan"))
    assert verdict_de(did).endswith(
        "Achtung: Station und Kontrollen entwickelten sich schon vor dem Stichtag verschieden (+6,2\u00a0% pro Jahr); die "
        "Annahme paralleler Trends ist fraglich."
    )
    assert "parallel-trends assumption is doubtful" in words(did, "en")[0]
    assert "Achtung" not in verdict_de(replace(did, pretrend_ok=True))


def test_increase_and_no_effect_keep_their_sentences(base: Result) -> None:
    up = replace(base, verdict_code="increase", effect_pct=12.0, ci_low_pct=5.0, ci_high_pct=19.0)
    assert verdict_de(up).startswith("Anstieg um 12,0\u00a0% seit dem 01.04.2022 (95-%-Intervall +5,0\u00a0% bis +19,0\u00a0%)")
    assert words(up, "en") == (words(up, "en")[0], "robust increase") and words(up, "de")[0] == verdict_de(up)
    none = replace(base, verdict_code="no_effect", effect_pct=1.0, ci_low_pct=-3.0, ci_high_pct=5.0)
    assert verdict_de(none).startswith("Kein belastbarer Effekt nachweisbar")
