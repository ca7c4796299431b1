"""indicators/presentation.py: the deck file is checked with German errors naming deck and slide, and every slide of
the demo deck has its data on the demo snapshot (moved from the Präsentation page tests)."""

from __future__ import annotations

from datetime import date

import pytest

from indicators import presentation as P
from indicators.store import Snapshot

DECK = P.get_deck("demo")
N = len(DECK.slides)

GOOD = """
[[deck]]
id = "t"
title = "Test"
date = 2026-12-10
[[deck.slide]]
headline = "Eins"
chart = { type = "indicator", id = "rad_dtv" }
[[deck.slide]]
headline = "Zwei"
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('type = "indicator"', 'type = "torte"', "Folie 1: unbekannter Diagrammtyp 'torte'"),
        ('headline = "Zwei"', 'note = "ohne Überschrift"', "Folie 2: „headline“ fehlt"),
        ('headline = "Zwei"', 'headline = "' + "x" * 120 + '"', "Folie 2: „headline“ ist zu lang"),
        ('id = "rad_dtv" }', 'id = "rad_dtv", farbe = "rot" }', "Folie 1: Diagramm „indicator“ kennt „farbe“ nicht"),
        ("date = 2026-12-10", 'date = "10.12.2026"', "Präsentation „t“: „date“: '10.12.2026' ist kein Datum"),
        (
            'headline = "Zwei"',
            'headline = "Zwei"\nchart = { type = "before_after", indicator = "rad_dtv", method = "its" }',
            "Folie 2: Diagramm „before_after“: „date“ fehlt",
        ),
        (
            'headline = "Zwei"',
            'headline = "Zwei"\nchart = { type = "station", station_id = "x", agg = "15min" }',
            "Folie 2: Diagramm „station“: „agg“ '15min' unbekannt",
        ),
    ],
)
def test_invalid_deck_names_deck_and_slide(old: str, new: str, message: str) -> None:
    assert old in GOOD
    with pytest.raises(P.DeckError) as e:
        P.parse_decks(GOOD.replace(old, new), source="praesentationen.toml")
    assert str(e.value).startswith("praesentationen.toml: Präsentation „t“")
    assert message in str(e.value)


def test_toml_errors_and_unknown_deck() -> None:
    with pytest.raises(P.DeckError, match="kein gültiges TOML"):
        P.parse_decks("[[deck]\nid=", source="x.toml")
    with pytest.raises(P.DeckError, match="„nix“ gibt es nicht \\(vorhanden: demo"):
        P.get_deck("nix")
    assert P.get_deck(None).deck_id == "demo"  # /praesentation opens the file's first deck


def test_unknown_reference_names_deck_and_slide(snap: Snapshot) -> None:
    deck = next(iter(P.parse_decks(GOOD.replace('"rad_dtv"', '"gibtsnicht"'), source="p.toml").values()))
    with pytest.raises(P.DeckError, match=r"^p\.toml: Präsentation „t“, Folie 1: Indikator „gibtsnicht“ gibt es nicht"):
        P.slide_data(snap, deck, deck.slides[0])


def test_demo_deck_has_data_for_every_slide(snap: Snapshot) -> None:
    assert DECK.title == "Wirkungsmessung 2025 – Bericht an die Stadtverordnetenversammlung"
    assert 6 <= N <= 8
    data = P.deck_data(snap, DECK)
    assert not [d for d in data if isinstance(d, P.DeckError)]
    fields = {f for d in data if isinstance(d, P.SeriesData | P.BeforeAfterData) for f in d.action_fields}
    assert len(fields) >= 3, fields
    ids = {s.chart.indicator_id for s in DECK.slides if s.chart is not None}
    assert {"rad_dtv", "sauberkeit_48h_quote", "passanten_tag", "pm10_tagesmittel", "ladepunkte_oeffentlich"} <= ids
    assert all(d.demo for d in data)  # all from the demo warehouse: every slide carries the badge
    rad = data[1]
    assert isinstance(rad, P.SeriesData) and rad.marker == P.Marker(date(2022, 4, 1), "Start Mobilitätsportal")
    ba = next(d for d in data if isinstance(d, P.BeforeAfterData))
    # the demo planted +10 % at Station Mitte; the interrupted time series' interval holds it (with the demo's year
    # shocks it cannot call it an effect: the headline says so, see the test below)
    assert ba.result.method == "its" and ba.result.ci_low_pct <= 10.0 <= ba.result.ci_high_pct
    assert set(ba.monthly["period"]) == {"vorher", "nachher"}


# words of a claimed change: a headline may only use them when the slide's own comparison supports one
CLAIMS_DE = ("mehr ", "weniger ", "steig", "sink", "Zuwachs", "Rückgang", "Anstieg", "Abnahme")
CLAIMS_EN = ("more ", "fewer ", "less ", "rise", "fall", "increase", "decrease", "drop")


def test_before_after_headlines_claim_no_more_than_their_verdict(snap: Snapshot) -> None:
    """A slide that shows a before/after comparison says "more" or "fewer" only when the comparison's verdict is an
    increase or decrease — never beside a box reading "nicht aussagekräftig" (the harder demo's year shocks make
    Station Mitte's +10 % such a case)."""
    checked = 0
    for slide, d in zip(DECK.slides, P.deck_data(snap, DECK), strict=True):
        if not isinstance(d, P.BeforeAfterData):
            continue
        checked += 1
        if d.result.verdict_code in ("increase", "decrease"):
            continue
        for text, words in ((slide.headline, CLAIMS_DE), (slide.headline_en, CLAIMS_EN)):
            said = [w for w in words if w.lower() in text.lower()]
            assert not said, (text, said, d.result.verdict_code)
    assert checked >= 1
