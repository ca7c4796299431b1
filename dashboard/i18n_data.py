"""German texts that reach `_()` as values, not as literals: listed with `N_()` so extraction keeps them in the catalogue.

`make i18n-extract` finds the literal texts of `_("…")` and `N_("…")` calls. Texts that come from data at run time
(Handlungsfelder, Zielbilder, kinds, metrics, units, survey labels, column names of tables from indicators/), from
the page registry (`name=`), from dict lookups or from inside f-strings reach `_()` as a value; their English stays
in dashboard/locale/en/LC_MESSAGES/messages.po only because they are listed here. Nothing imports these tuples at
run time; tests use them (`KARTE`: the map page's texts) and `extracted` (what `make i18n-extract` finds).
"""

from __future__ import annotations

from pathlib import Path

from dashboard.i18n import N_

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("app.py", "dashboard", "pages", "indicators")  # as in the Makefile's i18n-extract
KEYWORDS: dict[str, None] = {"_": None, "N_": None}  # `--no-default-keywords -k _ -k N_`


def extracted(*paths: str, root: Path = ROOT) -> dict[str, list[str]]:
    """German text → `file:line`s of the `_("…")`/`N_("…")` literals in `paths` (files or folders below `root`,
    default `SOURCES`), found by Babel's extractor with the project's babel.cfg, as `make i18n-extract` finds them."""
    from babel.messages.extract import extract_from_dir, extract_from_file
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[str, list[str]] = {}
    for path in paths or SOURCES:
        if (root / path).is_dir():
            hits = (
                (f"{path}/{name}", line, msg)
                for name, line, msg, _c, _ctx in extract_from_dir(root / path, method_map, options_map, keywords=KEYWORDS)
            )
        else:
            hits = ((path, line, msg) for line, msg, _c, _ctx in extract_from_file("python", root / path, keywords=KEYWORDS))
        for name, line, msg in hits:
            if isinstance(msg, str):
                found.setdefault(msg, []).append(f"{name}:{line}")
    return found


# the shell, overview, field and indicator pages (from dashboard/translations.py)
SHELL: tuple[str, ...] = (
    # shell
    N_("Übersicht"),
    N_("Karte"),
    N_("Vorher-nachher"),
    N_("Sprache"),
    # overview
    N_("Datenstand: letzte Ladung"),
    N_("im Maßnahmenspeicher"),
    N_("geplant"),
    N_("in Umsetzung"),
    N_("umgesetzt"),
    N_("pausiert"),
    # field and indicator pages
    N_("steigend ist besser"),
    N_("fallend ist besser"),
    N_("Daten veraltet seit"),
    # chart card
    N_("Die neuesten"),
    N_("Zeilen; alle im Download."),
    N_("Lizenz"),
    N_("Stand"),
    N_("Download"),
)

# Handlungsfelder and Zielbilder (the strategy's German text is the original)
STRATEGY: tuple[str, ...] = (
    N_("Mobilität"),
    N_(
        "Alle Menschen können in Offenbach einfach und sicher mobil sein. Die Mobilitätsangebote sind an die "
        "unterschiedlichen Bedürfnisse der Bürger*innen angepasst und zudem umwelt- und klimagerecht "
        "gestaltet, sodass sich die Menschen gerne in der Stadt aufhalten und sich wohl fühlen."
    ),
    N_("Wohnen & Leben"),
    N_(
        "In Offenbach finden Menschen den Raum zum Wohnen und Leben, der zu ihnen passt. Öffentliche Räume "
        "entwickeln sich mit den Bedürfnissen der Bürger*innen und sind Orte, an denen unterschiedliche "
        "Menschen gerne zusammenkommen."
    ),
    N_("Sauberkeit"),
    N_(
        "Dreck ist in Offenbach in 48 Stunden oder schneller zuverlässig beseitigt. Mehr Bürger*innen sind "
        "sich der Wichtigkeit des Themas bewusst; es wird weniger Dreck verursacht."
    ),
    N_("Wirtschaft"),
    N_(
        "Unternehmen und Geschäftsleute finden in Offenbach einfach die Flächen und Infrastruktur, die sie "
        "brauchen. Datenbasierte Informationssysteme bringen Kunden und Wirtschaft näher zusammen."
    ),
    N_("Kommunikation & Bildung"),
    N_(
        "Unsere Bildungsorte nutzen und vermitteln die neuesten Technologien, um allen Offenbachern mehr "
        "Chancen und Zugänge zu öffnen. Die Bürger*innen erhalten die Informationen aus Stadt und "
        "Stadtgesellschaft, die sie betreffen und interessieren."
    ),
    N_("Klima & Umwelt"),
    N_(
        "Verwaltung und Bürger*innen wissen durch datenbasierte Informationssysteme immer besser, wie es dem "
        "Klima und dem Grün in der Stadt geht. Durch individuelle wie gemeinsame Maßnahmen ist die Resilienz "
        "der Stadt gegen Extremwetterereignisse gestärkt."
    ),
)

# Maßnahmen, Vorher-nachher, Umfragen, Datenqualität, Präsentation and the German names from indicators/ they show
PAGES: tuple[str, ...] = (
    # --- Maßnahmen (catalogue) --------------------------------------------------------------------------------------
    N_("Maßnahmenkatalog der Open Smart City Strategie Offenbach"),
    N_("Laufzeit"),
    N_("Beginn"),
    N_("Ende"),
    N_("Titel"),
    # --- one measure ------------------------------------------------------------------------------------------------
    N_("veraltet seit"),
    # IOOI levels, directions and update intervals (indicator page)
    N_("Input (eingesetzte Mittel)"),
    N_("Output (Leistung)"),
    N_("Outcome (Wirkung bei Zielgruppe)"),
    N_("Impact (Wirkung in der Stadt)"),
    N_("täglich"),
    N_("wöchentlich"),
    N_("monatlich"),
    N_("vierteljährlich"),
    N_("jährlich"),
    # progress reasons (indicators/progress.py)
    N_("Basiswert oder aktueller Wert fehlt"),
    N_("Zielwert erreicht"),
    N_("Wachstumsrate für Werte ≤ 0 nicht definiert"),
    N_("Zieldatum vor dem Basisdatum oder Zielwert ≤ 0"),
    N_("erreichte / nötige Wachstumsrate = {x}"),
    N_("jährliche Veränderung in Zielrichtung {x}"),
    # --- leftovers of the indicator, field and embed pages ---------------------------------------------------------
    N_("Ziel"),
    N_("Start Maßnahme"),
    # --- units of indicators and metrics ---------------------------------------------------------------------------
    N_("Radfahrten/Tag"),
    N_("Passanten/Tag"),
    N_("Nutzer*innen/Monat"),
    N_("Stunden"),
    N_("Stunden/Winter"),
    N_("Besuche/Monat"),
    N_("Veranstaltungen/Jahr"),
    N_("Anzahl/Jahr"),
    N_("Aufrufe/Monat"),
    N_("Meldungen/Monat"),
    N_("Teilnahmen/Jahr"),
    N_("Schüler*innen/Gerät"),
    N_("Geräte/Monat"),
    N_("Tage/Jahr"),
    N_("Abrufe/Monat"),
    N_("mm/Tag"),
    N_("Achtel"),
    N_("Anteil"),
    N_("% vol."),
    # --- Vorher-nachher ---------------------------------------------------------------------------------------------
    N_("Start"),
    N_("{n} Werte"),
    # methods (indicators/before_after.py, indicators/comparisons.py, indicators/presentation.py)
    N_("Einfacher Vorher-nachher-Vergleich (gleich lange Zeitfenster, gleiche Kalendermonate)"),
    N_("Wetter- und kalenderbereinigter Vergleich (Regression auf Temperatur, Niederschlag, Wochentag, Feiertage)"),
    N_("Unterbrochene Zeitreihe (segmentierte Regression mit Saison, Trend und Wochentag)"),
    N_("Differenz-von-Differenzen gegenüber Kontrollstationen"),
    N_("Einfacher Vergleich"),
    N_("Mittelwerte gleich langer Zeitfenster vor und nach dem Stichtag."),
    N_("Wetter- und kalenderbereinigt"),
    N_("Rechnet Temperatur, Regen, Wochentag, Feiertage, Saison und Trend heraus."),
    N_("Unterbrochene Zeitreihe"),
    N_("Sprung am Stichtag gegenüber dem fortgeschriebenen Trend mit Saison."),
    N_("Differenz-von-Differenzen"),
    N_("Vergleich mit der Entwicklung an Kontrollstationen ohne Maßnahme."),
    N_("Einfacher Vorher-nachher-Vergleich"),
    N_("Wetter- und kalenderbereinigter Vergleich"),
    # pieces of the method note (dashboard/vorher_nachher_figures.NOTE_PARTS)
    N_("; Zeitfenster kürzer als ein Jahr: Saison nicht ausgeglichen"),
    N_("Mittelwerte gleich langer Zeitfenster"),
    N_(" mit gleichen Kalendermonaten"),
    N_("bereinigt um Tagesmitteltemperatur, Niederschlag, Schneelage, Wochentag, Feiertage in Hessen"),
    N_(", Schulferien"),
    N_(", Saison und Trend"),
    N_("Niveausprung am Stichtag; Trend, Trendänderung, Saison (2 Harmonische), Wochentag und Feiertage modelliert"),
    N_("95-%-Intervall mit autokorrelationsrobusten Standardfehlern"),
    N_("; Modell auf der Log-Skala"),
    # errors of the comparison (BeforeAfterError templates)
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
    # kinds of stations, singular (indicators/comparisons.KIND_DE)
    N_("Radzählstelle"),
    N_("Umweltsensor"),
    N_("Wetterstation"),
    N_("Baumsensor"),
    N_("Sensor (Sensordatenplattform)"),
    N_("Ladestation"),
    # metrics (indicators/comparisons.METRIC_DE)
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
    # the comparison's tables (indicators/comparisons.py)
    N_("Zeitraum"),
    N_("Mittel"),
    N_("Veränderung (%)"),
    N_("95-%-Intervall von (%)"),
    N_("95-%-Intervall bis (%)"),
    N_("Tage vorher"),
    N_("Tage nachher"),
    # --- Umfragen ---------------------------------------------------------------------------------------------------
    N_("Ergebnisse"),
    N_("Umfrageergebnisse (aggregiert geliefert)"),
    N_("LimeSurvey-Antworten, intern ausgezählt"),
    N_("weniger als 5 Antworten"),
    N_("Antwort"),
    N_("Anteil (%)"),
    N_("Hinweis"),
    N_("Ja"),
    N_("Nein"),
    N_("Weiß nicht"),
    N_("keine Angabe"),
    N_("sehr zufrieden"),
    N_("eher zufrieden"),
    N_("eher unzufrieden"),
    N_("sehr unzufrieden"),
    N_("Anzahl der Antworten"),
    # --- Datenqualität ----------------------------------------------------------------------------------------------
    N_("Luftqualitätssensoren"),
    N_("Freifunk-Knoten (WLAN)"),
    N_("Sensordatenplattform (SensorThings)"),
    N_("Ladestationen"),
    N_("Monat ab"),
    N_("geladen, Zeilen abgewiesen"),
    N_("Datei abgewiesen"),
    N_("Geladen"),
    N_("Zeile"),
    N_("Originalzeile"),
    # --- Präsentation -----------------------------------------------------------------------------------------------
    N_("Monatsmittel"),
    N_("Jahresmittel"),
    N_("Basis"),
)

# the map page: kinds, metrics, units, parts and aggregation levels of indicators/stations.py
KARTE: tuple[str, ...] = (
    # page
    N_("Messstelle"),
    N_("Letzter Wert"),
    N_("Datum"),
    N_("Auf der Karte"),
    # legend and markers
    N_("über EU-Tagesgrenzwert"),
    N_("Trockenstress"),
    N_("Normalladen"),
    # kinds of stations (indicators/stations.py KINDS)
    N_("Radzählstellen"),
    N_("Radzählstelle"),
    N_("Radfahrten am letzten vollständigen Tag"),
    N_("Eco-Counter-Zählstellen"),
    N_("Passantenzähler"),
    N_("Passantenzähler (Einzahl)"),
    N_("Passanten am letzten vollständigen Tag"),
    N_("hystreet.com-Laserzähler"),
    N_("Umweltsensoren (Feinstaub)"),
    N_("Umweltsensor"),
    N_("PM10-Tagesmittel des letzten vollständigen Tages"),
    N_("sensor.community / Sensordatenplattform"),
    N_("Wetterstationen"),
    N_("Wetterstation"),
    N_("Tagesmittel der Lufttemperatur des letzten vollständigen Tages"),
    N_("Deutscher Wetterdienst / Sensordatenplattform"),
    N_("Baumsensoren"),
    N_("Baumsensor"),
    N_("Bodenfeuchte in 30 cm, Tagesmittel des letzten vollständigen Tages"),
    N_("climavi-Bodenfeuchtesensoren"),
    N_("Weitere Sensoren"),
    N_("Sensor"),
    N_("Tagesmittel des letzten vollständigen Tages"),
    N_("OGC SensorThings API (Sensordatenplattform)"),
    N_("Freifunk-Knoten"),
    N_("Freifunk-Knoten (Einzahl)"),
    N_("verbundene Geräte beim letzten Snapshot"),
    N_("Freifunk meshviewer.json"),
    N_("Ladesäulen"),
    N_("Ladesäule"),
    N_("Anschlussleistung laut jüngstem Ladesäulenregister"),
    N_("Bundesnetzagentur, Ladesäulenregister"),
    # metrics, units and parts
    N_("Wert"),
    N_("Radfahrten"),
    N_("Passanten"),
    N_("Geräte"),
    N_("Anzahl"),
    N_("Feinstaub PM10"),
    N_("Feinstaub PM2,5"),
    N_("Lufttemperatur"),
    N_("Bodenfeuchte 30 cm"),
    N_("verbundene Geräte"),
    N_("relative Luftfeuchte"),
    N_("Wasserstand main"),
    N_("Schallpegel"),
    N_("Freie stellplaetze"),
    N_("Gesamt"),
    N_("WLAN 2,4 GHz"),
    N_("WLAN 5 GHz"),
    N_("sonstige Verbindungen"),
    N_("Zeitraum ab"),  # also a literal in dashboard/charts.py; here because the map's table header is one
    # aggregation levels
    N_("15 Minuten"),
    N_("Stunde"),
    N_("Tag"),
    N_("Woche"),
    N_("Monat"),
    N_("Jahr"),
    N_("je 15 Minuten"),
    N_("je Stunde"),
    N_("je Tag"),
    N_("je Woche"),
    N_("je Monat"),
    N_("je Jahr"),
)
