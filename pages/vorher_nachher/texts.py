"""Texts of the vorher_nachher page that reach `_()` as values, not as literals: names, notes, errors, kinds and metrics
from indicators/labels.py and comparisons.py. Listed with `N_()` so that `make i18n-extract` keeps them in the
catalogue; nothing imports this at run time. The shell's own such texts are in dashboard/i18n_data.py
(docs/translations.md)."""

from __future__ import annotations

from dashboard.i18n import N_

TEXTS: tuple[str, ...] = (
    # the page's name in the navigation and texts inside f-strings
    N_("Vorher-nachher"),
    N_("Start"),
    N_("{n} Werte"),
    N_("Monatsmittel"),
    # methods (indicators/labels.py: METHOD_NAMES_DE, METHOD_SHORT_DE)
    N_("Einfacher Vorher-nachher-Vergleich (nur beschreibend: ganze Jahre, gleiche Kalendermonate)"),
    N_("Wetter- und kalenderbereinigter Vergleich (Regression auf Temperatur, Niederschlag, Wochentag, Feiertage)"),
    N_("Unterbrochene Zeitreihe (segmentierte Regression mit Saison, Trend und Wochentag)"),
    N_("Differenz-von-Differenzen gegenüber Kontrollstationen"),
    N_("Einfacher Vergleich (nur beschreibend)"),
    N_("Mittelwerte ganzer Jahre vor und nach dem Stichtag; trennt Trend und Ausnahmejahre nicht von einer Wirkung."),
    N_("Wetter- und kalenderbereinigt"),
    N_("Rechnet Temperatur, Regen, Wochentag, Feiertage, Saison und Trend heraus."),
    N_("Unterbrochene Zeitreihe"),
    N_("Sprung am Stichtag gegenüber dem fortgeschriebenen Trend mit Saison."),
    N_("Differenz-von-Differenzen"),
    N_("Vergleich mit der Entwicklung an Kontrollstationen ohne Maßnahme."),
    N_("Einfacher Vorher-nachher-Vergleich"),
    N_("Wetter- und kalenderbereinigter Vergleich"),
    # pieces of the method note (indicators/labels.method_note)
    N_("; nur beschreibend, kein Urteil"),
    N_("; dazu Temperatur, Niederschlag und Schneelage"),
    N_("; Zählmodell (Quasi-Poisson, Log-Link)"),
    N_("Mittelwerte gleich langer Zeitfenster"),
    N_(" mit gleichen Kalendermonaten"),
    N_("bereinigt um Tagesmitteltemperatur, Niederschlag, Schneelage, Wochentag, Feiertage in Hessen"),
    N_(", Schulferien"),
    N_(", Saison und Trend"),
    N_("Niveausprung am Stichtag; Trend, Trendänderung, Saison (2 Harmonische), Wochentag und Feiertage modelliert"),
    N_("95-%-Intervall mit autokorrelationsrobusten Standardfehlern"),
    N_("; Modell auf der Log-Skala"),
    # errors of the comparison (`BeforeAfterError` templates)
    N_("unbekannte Methode {method}; möglich: {methods}"),
    N_("Indikator oder Messgröße mit Station angeben"),
    N_("keine Wetterdaten (DWD) im Warehouse: bereinigter Vergleich nicht möglich"),
    N_("Differenz-von-Differenzen braucht mindestens eine Kontrollstation"),
    N_("Differenz-von-Differenzen braucht eine Station und ihre Messgröße"),
    N_("keine Daten für diese Reihe"),
    N_(
        "Wetterbereinigung braucht Tageswerte; für Monats- oder Jahreswerte die unterbrochene Zeitreihe (its) "
        "oder den einfachen Vergleich wählen"
    ),
    N_("zu wenig Daten um den {day}: vorher {before} Tage, nachher {after} Tage"),
    N_("zu wenige Werte: {before} vorher, {after} nachher"),
    N_(
        "Der einfache Vergleich ist nur mit ganzen Jahren möglich ({span} Tage je Seite); vorhanden: vorher {before}, "
        "nachher {after} Tage. Bitte die unterbrochene Zeitreihe (its) oder den bereinigten Vergleich wählen."
    ),
    N_("zu wenige Werte für ein belastbares Intervall: {n} Werte, {p} Modellparameter (mindestens {min} Freiheitsgrade nötig)"),
    N_("vor oder nach dem Stichtag nur Nullen: keine Veränderungsrate bestimmbar"),
    N_("ungültiges Datum „{raw}“: erwartet JJJJ-MM-TT, z. B. 2022-04-01"),
    N_("unbekannte Methode „{method}“; möglich: {methods}"),
    N_("Zeitfenster „{raw}“ ist keine ganze Zahl von Tagen"),
    N_("Zeitfenster muss zwischen {low} und {high} Tagen liegen"),
    N_("Bitte einen Stichtag wählen (oder eine Maßnahme, deren Start als Stichtag dient)."),
    N_("unbekannter Indikator „{id}“"),
    N_("„{name}“ ist nicht je Station auswertbar: bitte ohne Station vergleichen"),
    N_("Station „{station}“ gehört nicht zu „{name}“"),
    N_("Bitte einen Indikator oder eine Station mit Messgröße wählen."),
    N_("unbekannte Station „{station}“"),
    N_("Station „{station}“ misst „{metric}“ nicht"),
    N_("unbekannte Kontrollstation „{station}“"),
    N_("Differenz-von-Differenzen braucht eine Station: bitte eine Station wählen."),
    N_("Die Station selbst kann nicht ihre eigene Kontrollstation sein."),
    # every method side by side (indicators/method_comparison.py)
    N_(
        "keine Kontrollstation vorgeschlagen: keine Station derselben Art und Messgröße hat vollständige Daten ohne "
        "den Start einer weiteren Maßnahme im Zeitfenster; bitte Kontrollstationen wählen"
    ),
    # kinds of stations, singular (indicators/labels.KIND_DE)
    N_("Radzählstelle"),
    N_("Umweltsensor"),
    N_("Wetterstation"),
    N_("Baumsensor"),
    N_("Sensor (Sensordatenplattform)"),
    N_("Ladestation"),
    # metrics (indicators/labels.METRIC_DE) and their units (indicators/comparisons.METRIC_UNITS)
    N_("Radfahrten (Tageswerte)"),
    N_("Passanten (Tageswerte)"),
    N_("Feinstaub PM1"),
    N_("Feinstaub PM4"),
    N_("Tageshöchsttemperatur"),
    N_("Tagestiefsttemperatur"),
    N_("Tiefsttemperatur 5 cm über dem Boden"),
    N_("Lufttemperatur (stündlich)"),
    N_("Relative Luftfeuchte"),
    N_("Relative Luftfeuchte (stündlich)"),
    N_("Luftdruck"),
    N_("Luftdruck auf Meereshöhe"),
    N_("Dampfdruck"),
    N_("Bewölkung"),
    N_("Niederschlag"),
    N_("Niederschlag (stündlich)"),
    N_("Sonnenscheindauer"),
    N_("Windgeschwindigkeit"),
    N_("Stärkste Windböe"),
    N_("Schneehöhe"),
    N_("Schallpegel (LAeq)"),
    N_("Schallpegel (Minimum)"),
    N_("Schallpegel (Maximum)"),
    N_("Lufttemperatur am Gerät"),
    N_("Batterieladung"),
    N_("Verbundene Geräte"),
    N_("Knoten online (Anteil)"),
    N_("Bodenfeuchte"),
    N_("Bodentemperatur"),
    N_("mm/Tag"),
    N_("Achtel"),
    N_("Anteil"),
    N_("% vol."),
    # the comparison's tables (indicators/comparisons.py)
    N_("Zeitraum"),
    N_("Mittel"),
    N_("Veränderung (%)"),
    N_("95-%-Intervall von (%)"),
    N_("95-%-Intervall bis (%)"),
    N_("Tage vorher"),
    N_("Tage nachher"),
)
