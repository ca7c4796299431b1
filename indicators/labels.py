"""German words for the domain's codes: the presentation layer's labels, gathered in one place.

The domain (the other modules of indicators/) returns codes — a measure's status, a sort key, a period, a progress
status and reason, a comparison method, a station kind, a metric — and never these words. Only the presentation layer
imports this module: the command line (indicators/cli.py, German like the rest of its output) and the dashboard's
shell and pages, which translate the words with `_()` (the pages list them for extraction in their texts.py);
tests/test_architecture.py checks that no other module of indicators/ does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

from indicators import formatting
from indicators.before_after import Result
from indicators.texts import N_

# --- Maßnahmen (indicators/catalogue.py, indicators/measures.py) ------------------------------------------------------
MEASURE_STATUS_DE = {
    "geplant": "geplant",
    "in_umsetzung": "in Umsetzung",
    "umgesetzt": "umgesetzt",
    "pausiert": "pausiert",
}
# sort keys of the measures' list (`measures.SORTS`)
SORT_NAMES_DE = {
    "start": "Beginn",
    "titel": "Titel",
    "handlungsfeld": "Handlungsfeld",
    "status": "Status",
    "verantwortlich": "Verantwortliche Stelle",
}

# --- Datenqualität (indicators/quality.py `PERIODS`) -----------------------------------------------------------------
PERIOD_DE = {"day": "Tag", "week": "Woche", "month": "Monat"}

# --- progress (indicators/progress.py: `STATUSES`, `REASONS`) --------------------------------------------------------
STATUS_DE = {
    "target_achieved": "Ziel erreicht",
    "substantial_progress": "Auf Kurs",
    "moderate_progress": "Fortschritt, Beschleunigung nötig",
    "limited_progress": "Geringer Fortschritt",
    "deterioration": "Verschlechterung",
    "not_available": "Nicht bewertbar",
}
REASON_DE = {
    "values_missing": "Basiswert oder aktueller Wert fehlt",
    "target_met": "Zielwert erreicht",
    "no_value_after_baseline": "noch kein Wert nach dem Basisdatum",
    "less_than_a_year": "weniger als ein Jahr zwischen Basis- und aktuellem Wert",
    "growth_undefined": "Wachstumsrate für Werte ≤ 0 nicht definiert",
    "target_invalid": "Zieldatum vor dem Basisdatum oder Zielwert ≤ 0",
}


def progress_reason_de(reason: str, value: float | None) -> str:
    """How the progress status came about, in German."""
    if reason == "growth_ratio" and value is not None:
        return f"erreichte / nötige Wachstumsrate = {formatting.number(value, 2)}"
    if reason == "directed_growth" and value is not None:
        return f"jährliche Veränderung in Zielrichtung {formatting.percent(value * 100, sign=True)}"
    return REASON_DE.get(reason, reason)


# --- before/after (indicators/before_after.py `METHODS`) -------------------------------------------------------------
# the full names (the comparison's result, the command line)
METHOD_NAMES_DE = {
    "simple": "Einfacher Vorher-nachher-Vergleich (nur beschreibend: ganze Jahre, gleiche Kalendermonate)",
    "adjusted": "Wetter- und kalenderbereinigter Vergleich (Regression auf Temperatur, Niederschlag, Wochentag, Feiertage)",
    "its": "Unterbrochene Zeitreihe (segmentierte Regression mit Saison, Trend und Wochentag)",
    "did": "Differenz-von-Differenzen gegenüber Kontrollstationen",
}
# short names with an explanation (the method selector of the Vorher-nachher page)
METHOD_SHORT_DE = {
    "simple": (
        "Einfacher Vergleich (nur beschreibend)",
        "Mittelwerte ganzer Jahre vor und nach dem Stichtag; trennt Trend und Ausnahmejahre nicht von einer Wirkung.",
    ),
    "adjusted": ("Wetter- und kalenderbereinigt", "Rechnet Temperatur, Regen, Wochentag, Feiertage, Saison und Trend heraus."),
    "its": ("Unterbrochene Zeitreihe", "Sprung am Stichtag gegenüber dem fortgeschriebenen Trend mit Saison."),
    "did": ("Differenz-von-Differenzen", "Vergleich mit der Entwicklung an Kontrollstationen ohne Maßnahme."),
}
# short names (slides of a presentation)
DECK_METHOD_DE = {
    "simple": "Einfacher Vorher-nachher-Vergleich",  # its slide's verdict says "nur beschreibend"
    "adjusted": "Wetter- und kalenderbereinigter Vergleich",
    "its": "Unterbrochene Zeitreihe",
    "did": "Differenz-von-Differenzen",
}

# the verdict of a comparison (`before_after.VERDICTS`) as one sentence: {day}, {pct}, {interval}, {lo}, {hi}
VERDICT_DE = {
    "uncertain": N_("Kein Urteil möglich: das 95-%-Intervall ist nicht bestimmbar."),
    "descriptive": N_(
        "Nur beschreibend: der Mittelwert nach dem {day} liegt {pct} neben dem davor ({interval}); der einfache "
        "Vergleich trennt Trend und Ausnahmejahre nicht von einer Wirkung und trägt kein Urteil."
    ),
    "not_informative": N_(
        "Nicht aussagekräftig: alles von {lo} bis {hi} ist möglich (Veränderung seit dem {day}: {pct}, 95-%-Intervall)."
    ),
    "no_effect": N_(
        "Kein belastbarer Effekt nachweisbar: die Veränderung seit dem {day} ({pct}, {interval}) ist mit null vereinbar."
    ),
    "increase": N_(
        "Anstieg um {pct} seit dem {day} ({interval}); die Daten zeigen die Veränderung, ihre Ursache belegen sie allein nicht."
    ),
    "decrease": N_(
        "Rückgang um {pct} seit dem {day} ({interval}); die Daten zeigen die Veränderung, ihre Ursache belegen sie allein nicht."
    ),
}
# two to four words (a slide's figure)
VERDICT_SHORT_DE = {
    "uncertain": N_("kein Urteil möglich"),
    "descriptive": N_("nur beschreibend"),
    "not_informative": N_("nicht aussagekräftig"),
    "no_effect": N_("kein belastbarer Effekt"),
    "increase": N_("belastbarer Anstieg"),
    "decrease": N_("belastbarer Rückgang"),
}
SLOPE_CHANGE_DE = N_("Trendänderung am Stichtag: {pct} pro Jahr (95-%-Intervall {lo} bis {hi}).")
PRETREND_WARNING_DE = N_(
    "Achtung: Station und Kontrollen entwickelten sich schon vor dem Stichtag verschieden ({pct} pro Jahr); die "
    "Annahme paralleler Trends ist fraglich."
)


def _same(text: str) -> str:
    return text


def pct_de(v: float, *, sign: bool = True, lang: str = "de") -> str:
    """A percentage as in the verdicts: `+12,3 %`, `−4,0 %` (`indicators.formatting.percent`; English `+12.3 %`)."""
    return formatting.percent(v, sign=sign, lang=lang)


def verdict_text(r: Result, translate: Callable[[str], str] = _same, *, lang: str = "de") -> str:
    """`Result.verdict_code` with its numbers, claiming no more than the interval supports; for ITS the slope change,
    for DiD a warning when the pre-trends differ. German, or through `translate` (the dashboard passes its `_` and the
    reader's `lang` for the numbers): the command line and the dashboard word a verdict with this one function."""
    t = translate
    day = f"{date.fromisoformat(r.date):%d.%m.%Y}"
    lo, hi = pct_de(r.ci_low_pct, lang=lang), pct_de(r.ci_high_pct, lang=lang)
    interval = t(N_("95-%-Intervall {lo} bis {hi}")).format(lo=lo, hi=hi)
    code = r.verdict_code if r.verdict_code in VERDICT_DE else "uncertain"
    pct = (
        pct_de(abs(r.effect_pct), sign=False, lang=lang) if code in ("increase", "decrease") else pct_de(r.effect_pct, lang=lang)
    )
    text = t(VERDICT_DE[code]).format(day=day, pct=pct, interval=interval, lo=lo, hi=hi)
    if code == "uncertain":
        return text
    if r.method == "its" and math.isfinite(r.slope_change_pct):
        text += " " + t(SLOPE_CHANGE_DE).format(
            pct=pct_de(r.slope_change_pct, lang=lang),
            lo=pct_de(r.slope_change_low_pct, lang=lang),
            hi=pct_de(r.slope_change_high_pct, lang=lang),
        )
    if r.pretrend_ok is False:
        text += " " + t(PRETREND_WARNING_DE).format(pct=pct_de(r.pretrend_pct, lang=lang))
    return text


def method_note(r: Result, translate: Callable[[str], str] = _same, *, lang: str = "de") -> str:
    """What the method did, as one sentence: German, or through `translate` (the dashboard passes its `_`)."""
    t = translate
    if r.method == "simple":
        note = (
            t("Mittelwerte gleich langer Zeitfenster") + t(" mit gleichen Kalendermonaten") + t("; nur beschreibend, kein Urteil")
        )
    elif r.method == "adjusted":
        note = (
            t("bereinigt um Tagesmitteltemperatur, Niederschlag, Schneelage, Wochentag, Feiertage in Hessen")
            + (t(", Schulferien") if r.school_holidays else "")
            + t(", Saison und Trend")
        )
    elif r.method == "its":
        note = t("Niveausprung am Stichtag; Trend, Trendänderung, Saison (2 Harmonische), Wochentag und Feiertage modelliert")
        if r.weather_terms:
            note += t("; dazu Temperatur, Niederschlag und Schneelage")
    else:
        note = (
            t(N_("Differenz zur mittleren Entwicklung von {n} Kontrollstation(en)")).format(n=len(r.controls))
            + f": {', '.join(r.controls)}"
        )
    lags = t(N_("Lags"))
    scale = {"count": t("; Zählmodell (Quasi-Poisson, Log-Link)"), "log": t("; Modell auf der Log-Skala")}.get(r.scale, "")
    rule = t(N_(", AR-vorgeweißt")) if r.se_rule.startswith("pw") else ""
    years = ""
    if r.se_rule == "pw_year":
        years = t(N_("; Schwankung von Jahr zu Jahr eingerechnet (geschätzt {x})")).replace(
            "{x}", pct_de(r.year_sd_pct, sign=False, lang=lang)
        )
    return (
        f"{t(METHOD_NAMES_DE[r.method])}: {note}. {t('95-%-Intervall mit autokorrelationsrobusten Standardfehlern')}"
        f" (Newey–West, {r.maxlags} {lags}{rule}){years}" + scale
    )


# --- stations and metrics of a comparison (indicators/comparisons.py) -------------------------------------------------
# kinds of stations, singular
KIND_DE = {
    "bike_counter": "Radzählstelle",
    "pedestrian_counter": "Passantenzähler",
    "air_quality": "Umweltsensor",
    "weather": "Wetterstation",
    "tree_sensor": "Baumsensor",
    "wifi_node": "Freifunk-Knoten",
    "sensor": "Sensor (Sensordatenplattform)",
    "charging_station": "Ladestation",
}

# metric → German name (the unit of its daily value: `comparisons.metric_unit`)
METRIC_DE: dict[str, str] = {
    "bicycles": "Radfahrten",
    "bicycles_daily": "Radfahrten (Tageswerte)",
    "pedestrians": "Passanten",
    "pedestrians_daily": "Passanten (Tageswerte)",
    "pm10": "Feinstaub PM10",
    "pm2_5": "Feinstaub PM2,5",
    "pm1": "Feinstaub PM1",
    "pm4": "Feinstaub PM4",
    "air_temperature": "Lufttemperatur",
    "air_temperature_max": "Tageshöchsttemperatur",
    "air_temperature_min": "Tagestiefsttemperatur",
    "air_temperature_min_5cm": "Tiefsttemperatur 5 cm über dem Boden",
    "air_temperature_hourly": "Lufttemperatur (stündlich)",
    "relative_humidity": "Relative Luftfeuchte",
    "relative_humidity_hourly": "Relative Luftfeuchte (stündlich)",
    "air_pressure": "Luftdruck",
    "air_pressure_sealevel": "Luftdruck auf Meereshöhe",
    "vapour_pressure": "Dampfdruck",
    "cloud_cover": "Bewölkung",
    "precipitation": "Niederschlag",
    "precipitation_hourly": "Niederschlag (stündlich)",
    "sunshine_duration": "Sonnenscheindauer",
    "wind_speed": "Windgeschwindigkeit",
    "wind_gust_max": "Stärkste Windböe",
    "snow_depth": "Schneehöhe",
    "noise_laeq": "Schallpegel (LAeq)",
    "noise_la_min": "Schallpegel (Minimum)",
    "noise_la_max": "Schallpegel (Maximum)",
    "device_air_temperature": "Lufttemperatur am Gerät",
    "battery_percent": "Batterieladung",
    "wifi_clients": "Verbundene Geräte",
    "node_online": "Knoten online (Anteil)",
}


def metric_label(metric: str) -> str:
    """German name of a metric; the generic families (depths, model values, SensorThings) by their pattern."""
    if metric in METRIC_DE:
        return METRIC_DE[metric]
    if metric.startswith("model_"):
        return f"Modellwert {metric_label(metric.removeprefix('model_'))}"
    if metric.startswith("sta_"):
        return metric.removeprefix("sta_").replace("_", " ").capitalize()
    for prefix, name in (("soil_moisture_vwc", "Bodenfeuchte"), ("soil_temperature", "Bodentemperatur")):
        if metric.startswith(prefix):
            depth = metric.removeprefix(prefix).strip("_").removesuffix("cm")
            return f"{name} in {depth} cm" if depth.isdigit() else name
    return metric


# --- evaluation plans (indicators/plans.py `STATUSES`, `ASSESSMENTS`) ----------------------------------------------
PLAN_STATUS_DE = {
    "planned": N_("geplant"),
    "running": N_("läuft"),
    "result": N_("Ergebnis"),
    "error": N_("nicht berechenbar"),
}
EXPECTED_DIRECTION_DE = {"increase": N_("Anstieg"), "decrease": N_("Rückgang"), "none": N_("keine Wirkung (Placebo)")}
# what the result says about the plan's expectation: {expected} the expected effect, {lo}/{hi} the interval
PLAN_ASSESSMENT_DE = {
    "as_expected": N_("Wie erwartet: der erwartete Effekt ({expected}) liegt im 95-%-Intervall ({lo} bis {hi})."),
    "stronger": N_("Stärker als erwartet: das ganze 95-%-Intervall ({lo} bis {hi}) liegt jenseits der erwarteten {expected}."),
    "weaker": N_(
        "Schwächer als erwartet: die Richtung stimmt, aber das ganze 95-%-Intervall ({lo} bis {hi}) bleibt unter den "
        "erwarteten {expected}."
    ),
    "not_shown": N_("Die erwartete Wirkung ({expected}) ist nicht nachgewiesen: das Ergebnis lässt sie offen."),
    "opposite": N_("Entgegen der Erwartung: die Veränderung geht in die andere Richtung als die erwarteten {expected}."),
    "placebo_passed": N_(
        "Placebo bestanden: an dieser Station ohne Maßnahme enthält das 95-%-Intervall ({lo} bis {hi}) null, wie erwartet."
    ),
    "placebo_failed": N_(
        "Placebo nicht bestanden: an einer Station ohne Maßnahme zeigt sich eine Veränderung ({lo} bis {hi}); ein Hinweis "
        "auf Einflüsse, die auch die anderen Ergebnisse dieses Verfahrens treffen können."
    ),
}
PLAN_BELOW_MDE_DE = N_(
    "Der erwartete Effekt ({expected}) ist kleiner als der kleinste Effekt, den dieser Plan sicher erkennt ({mde}, 80 % "
    "Teststärke): selbst wenn er eintritt, wird ihn das Ergebnis wahrscheinlich nicht zeigen."
)
PLAN_LATE_DE = N_("nachträglich: erst nach dem Stichtag veröffentlicht")
PLAN_EXPLORATORY_DE = N_("explorativ, nicht im Plan")
PLAN_IN_PLAN_DE = N_("so im Evaluationsplan „{plan}“ (Version {version}) festgelegt")


def plan_assessment_text(
    code: str, expected_pct: float, lo: float, hi: float, translate: Callable[[str], str] = _same, *, lang: str = "de"
) -> str:
    """The assessment of a plan's result (`plans.assessment`) as one sentence."""
    return translate(PLAN_ASSESSMENT_DE[code]).format(
        expected=pct_de(expected_pct, lang=lang), lo=pct_de(lo, lang=lang), hi=pct_de(hi, lang=lang)
    )


def plan_below_mde_text(expected_pct: float, mde_pct: float, translate: Callable[[str], str] = _same, *, lang: str = "de") -> str:
    return translate(PLAN_BELOW_MDE_DE).format(expected=pct_de(expected_pct, lang=lang), mde=pct_de(mde_pct, lang=lang))
