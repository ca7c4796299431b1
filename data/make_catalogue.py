"""Write data/massnahmenkatalog.xlsx: the Maßnahmenkatalog skeleton of the Open Smart City strategy Offenbach.

Names of Handlungsfelder and Maßnahmen and the Zielbild texts are the strategy's own words (CC BY-SA 4.0,
Digitale Kommune@Hessen / Stadt Offenbach). Everything the strategy does not give (units, budgets, staff, dates,
status, baselines, targets, indicator values) is an invented, plausible example and marked `Beispielwert = ja`.
A computed indicator is defined once, in `indicators/definitions/<id>.py`: its row here takes name, definition, unit,
level, direction, interval, source and caveats from that record and adds only the city's values (baseline, target,
public, responsible unit).

Run: .venv/bin/python data/make_catalogue.py [OUT]
"""
from __future__ import annotations

import math
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from data/: find the indicators package
from indicators.definitions import all_definitions  # noqa: E402
from indicators.progress import BASES  # noqa: E402

OUT = Path(__file__).resolve().parent / "massnahmenkatalog.xlsx"
FIXED_TIME = datetime(2026, 11, 1)  # document properties: a fixed time keeps the file byte-identical across runs

# (id, name, Zielbild verbatim from section 3.3 of the strategy)
FIELDS: list[tuple[str, str, str]] = [
    ("mobilitaet", "Mobilität",
     "Alle Menschen können in Offenbach einfach und sicher mobil sein. Die Mobilitätsangebote sind an die "
     "unterschiedlichen Bedürfnisse der Bürger*innen angepasst und zudem umwelt- und klimagerecht gestaltet, sodass "
     "sich die Menschen gerne in der Stadt aufhalten und sich wohl fühlen."),
    ("wohnen-leben", "Wohnen & Leben",
     "In Offenbach finden Menschen den Raum zum Wohnen und Leben, der zu ihnen passt. Öffentliche Räume entwickeln "
     "sich mit den Bedürfnissen der Bürger*innen und sind Orte, an denen unterschiedliche Menschen gerne "
     "zusammenkommen."),
    ("sauberkeit", "Sauberkeit",
     "Dreck ist in Offenbach in 48 Stunden oder schneller zuverlässig beseitigt. Mehr Bürger*innen sind sich der "
     "Wichtigkeit des Themas bewusst; es wird weniger Dreck verursacht."),
    ("wirtschaft", "Wirtschaft",
     "Unternehmen und Geschäftsleute finden in Offenbach einfach die Flächen und Infrastruktur, die sie brauchen. "
     "Datenbasierte Informationssysteme bringen Kunden und Wirtschaft näher zusammen."),
    ("kommunikation-bildung", "Kommunikation & Bildung",
     "Unsere Bildungsorte nutzen und vermitteln die neuesten Technologien, um allen Offenbachern mehr Chancen und "
     "Zugänge zu öffnen. Die Bürger*innen erhalten die Informationen aus Stadt und Stadtgesellschaft, die sie "
     "betreffen und interessieren."),
    ("klima-umwelt", "Klima & Umwelt",
     "Verwaltung und Bürger*innen wissen durch datenbasierte Informationssysteme immer besser, wie es dem Klima und "
     "dem Grün in der Stadt geht. Durch individuelle wie gemeinsame Maßnahmen ist die Resilienz der Stadt gegen "
     "Extremwetterereignisse gestärkt."),
]

D = date.fromisoformat
M = dict[str, Any]


def measure(mid: str, title: str, field: str, unit: str, status: str, *, description: str, budget: float | None = None,
            staff: float | None = None, start: str | None = None, end: str | None = None, milestones: str | None = None,
            backlog: bool = False, reviewed: str | None = None) -> M:
    return {"id": mid, "title": title, "fields": field, "unit": unit, "status": status, "description": description,
            "budget": budget, "staff": staff, "start": D(start) if start else None, "end": D(end) if end else None,
            "milestones": milestones, "backlog": backlog, "reviewed": D(reviewed) if reviewed else None}


MEASURES: list[M] = [
    measure("radverkehrszaehlstellen", "Radverkehrszählstellen", "mobilitaet", "Amt für Mobilität", "umgesetzt",
            description="Dauerzählstellen erfassen den Radverkehr an Hauptachsen rund um die Uhr und zeigen, wie "
                        "Radverkehrsmaßnahmen wirken.",
            budget=185_000, staff=0.3, start="2016-01-01", end="2025-12-31",
            milestones="2016 vier Dauerzählstellen in Betrieb; 2023 Erneuerung der Zähltechnik; "
                       "2025 Zähldaten im Open Data-Portal"),
    measure("mobilitaetsportal", "Mobilitätsportal", "mobilitaet", "Amt für Mobilität", "in_umsetzung",
            description="Ein Portal bündelt Bus, Bahn, Rad, Sharing und Parken mit Echtzeitdaten.",
            budget=260_000, staff=1.0, start="2022-04-01", end="2026-12-31",
            milestones="04/2022 Start des Portals; 2023 Echtzeit-Abfahrten und Sharing-Angebote; "
                       "2025 barrierefreie Routen; 12/2026 Anbindung an die Open Smart City App"),
    measure("winterdienst-alarmierung", "Winterdienst-Alarmierung", "mobilitaet", "ESO Stadtservice", "in_umsetzung",
            description="Glättesensoren an Brücken und Steigungen alarmieren den Winterdienst, bevor es glatt wird.",
            budget=65_000, staff=0.2, start="2022-10-01", end="2027-03-31",
            milestones="10/2022 Glättesensoren an fünf Brücken; 11/2023 automatische Alarmierung der Rufbereitschaft; "
                       "Winter 2026/27 Ausbau auf zehn Messpunkte"),
    measure("e-ladestationen", "E-Ladestationen", "mobilitaet", "Stadtwerke Offenbach (SOH)", "in_umsetzung",
            description="Ausbau öffentlich zugänglicher Ladepunkte für Elektrofahrzeuge im ganzen Stadtgebiet.",
            budget=2_400_000, staff=2.0, start="2021-01-01", end="2030-12-31",
            milestones="2021 Ladekonzept; 2023 100 neue Ladepunkte im öffentlichen Raum; 2026 Schnellladehubs; "
                       "2030 600 öffentliche Ladepunkte"),
    measure("station-mitte", "Station Mitte", "wohnen-leben", "Amt für Stadtplanung, Verkehrs- und Baumanagement",
            "in_umsetzung",
            description="Offener Ort in der Innenstadt für Information, Beteiligung und Begegnung.",
            budget=350_000, staff=1.5, start="2023-09-01", end="2027-12-31",
            milestones="09/2023 Eröffnung; 2024 regelmäßiges Veranstaltungsprogramm; 2026 Evaluation mit Befragung"),
    measure("mieter-app-gbo", "Mieter-App GBO", "wohnen-leben", "Gemeinnützige Baugesellschaft Offenbach (GBO)",
            "pausiert",
            description="App für Mieter*innen der GBO: Schadensmeldungen, Termine und Hausnachrichten digital.",
            budget=120_000, staff=0.5, start="2022-06-01", end="2026-12-31",
            milestones="06/2022 Ausschreibung; 01/2023 Start der App; 07/2024 pausiert wegen Wechsel des Anbieters"),
    measure("wohntausch-plattform", "Wohntausch-Plattform", "wohnen-leben", "Wohnungsamt", "geplant",
            description="Plattform, auf der Haushalte zu große oder zu kleine Wohnungen tauschen können.",
            milestones="im Maßnahmenspeicher: bei der Wirkungsmessung erneut prüfen", backlog=True, reviewed="2025-11-18"),
    measure("oeffentliche-geodaten", "öffentliche Geodaten", "wohnen-leben", "Geoinformation und Vermessung",
            "in_umsetzung",
            description="Geodaten der Stadt (Karten, Pläne, Luftbilder) frei nutzbar im Geoportal.",
            budget=90_000, staff=0.5, start="2023-01-01", end="2027-12-31",
            milestones="2023 Geoportal mit offenen Lizenzen; 2024 Bebauungspläne als Open Data; 2026 3D-Stadtmodell"),
    measure("maengelmelder-plus", "Mängelmelder+", "sauberkeit", "Stabsstelle Digitalisierung", "in_umsetzung",
            description="Bürger*innen melden Mängel im Stadtraum per App oder Web; die Meldungen gehen direkt an die "
                        "zuständige Stelle.",
            budget=80_000, staff=0.5, start="2022-09-01", end="2026-12-31",
            milestones="09/2022 neuer Mängelmelder mit Open311-Schnittstelle; 2024 Rückmeldung an Meldende; "
                       "2026 Integration in die Open Smart City App"),
    measure("48h-dreck-weg-plus", "48h-Dreck-weg+", "sauberkeit", "ESO Stadtservice", "in_umsetzung",
            description="Gemeldeter Dreck wird innerhalb von 48 Stunden beseitigt; Einsatzteams mit digitaler "
                        "Auftragssteuerung.",
            budget=480_000, staff=4.0, start="2024-03-01", end="2027-02-28",
            milestones="03/2024 Start mit digitaler Auftragssteuerung; 2025 alle Stadtteile; 02/2027 Evaluation"),
    measure("passantenfrequenzmessung", "Passantenfrequenzmessung", "wirtschaft", "Wirtschaftsförderung", "umgesetzt",
            description="Laserzähler messen anonym die Passantenfrequenz in den Einkaufsstraßen der Innenstadt.",
            budget=75_000, staff=0.2, start="2022-01-01", end="2024-12-31",
            milestones="01/2022 drei Messpunkte in der Innenstadt; 2024 Daten im Open Data-Portal"),
    measure("leerstandsmanagement", "Leerstandsmanagement", "wirtschaft", "Wirtschaftsförderung", "geplant",
            description="Digitales Kataster leerstehender Ladenlokale, um Flächen schneller neu zu vermitteln.",
            milestones="im Maßnahmenspeicher: bei der Wirkungsmessung erneut prüfen", backlog=True, reviewed="2025-11-18"),
    measure("freifunk", "Freifunk", "wirtschaft", "Stabsstelle Digitalisierung", "in_umsetzung",
            description="Freies WLAN in der Innenstadt und an öffentlichen Orten, gemeinsam mit der Freifunk-Community.",
            budget=40_000, staff=0.3, start="2024-01-01", end="2027-12-31",
            milestones="01/2024 Kooperation mit Freifunk Offenbach; 2025 Ausbau an Schulen und Bürgerhäusern; "
                       "2027 60 städtische Standorte"),
    measure("digital-geht-ganz-einfach", "Digital geht ganz einfach", "kommunikation-bildung", "Stadtbibliothek",
            "in_umsetzung",
            description="Kurse und offene Sprechstunden, in denen Bürger*innen digitale Angebote ausprobieren.",
            budget=35_000, staff=0.5, start="2023-01-15", end="2027-12-31",
            milestones="01/2023 erste Kursreihe; 2024 Sprechstunden in drei Stadtteilen; 2026 mehrsprachige Kurse"),
    measure("open-data-portal", "Open Data-Portal", "kommunikation-bildung", "Stabsstelle Digitalisierung",
            "in_umsetzung",
            description="Offene Daten der Stadt und der Stadtwerke maschinenlesbar und frei lizenziert an einem Ort.",
            budget=150_000, staff=1.0, start="2022-06-01", end="2027-12-31",
            milestones="06/2022 Start mit 40 Datensätzen; 2024 Harvesting in das Landesportal; 2026 250 Datensätze"),
    measure("digital-pakt-plus", "Digital Pakt+", "kommunikation-bildung", "Stadtschulamt", "in_umsetzung",
            description="Digitale Ausstattung der Schulen über den DigitalPakt Schule hinaus: Netz, WLAN, Geräte, "
                        "Support.",
            budget=7_800_000, staff=3.0, start="2020-08-01", end="2027-07-31",
            milestones="2020 Medienentwicklungsplan; 2022 Glasfaser an allen Schulstandorten; "
                       "2024 WLAN in 80 % der Räume; 07/2027 Abschluss"),
    measure("open-smart-city-app", "Open Smart City App", "kommunikation-bildung", "Stabsstelle Digitalisierung",
            "geplant",
            description="Eine Open-Source-App bündelt Informationen und Dienste der Stadt und der Stadtwerke.",
            budget=200_000, staff=1.0, start="2027-01-01", end="2028-12-31",
            milestones="2026 Anforderungen mit Bürger*innen; 01/2027 Entwicklung (Open Source); 2028 Start"),
    measure("umweltsensoren", "Umweltsensoren", "klima-umwelt", "Umweltamt", "in_umsetzung",
            description="Sensoren für Feinstaub, Temperatur und Luftfeuchte an Schulen und Plätzen.",
            budget=120_000, staff=0.5, start="2023-01-01", end="2027-12-31",
            milestones="01/2023 zehn Messpunkte an Schulen und Plätzen; 2026 25 Messpunkte; 2027 40 Messpunkte"),
    measure("baumsensoren", "Baumsensoren", "klima-umwelt", "ESO Stadtservice", "in_umsetzung",
            description="Bodenfeuchtesensoren an Stadtbäumen zeigen, wann gegossen werden muss.",
            budget=95_000, staff=0.4, start="2023-01-01", end="2027-12-31",
            milestones="2023 30 Sensorbäume; 2026 100 Sensorbäume; 2027 Gießplan nach Sensordaten"),
    measure("sensordatenplattform", "Sensordatenplattform", "klima-umwelt", "Stadtwerke Offenbach (SOH)",
            "in_umsetzung",
            description="Offene Plattform (OGC SensorThings API), auf der alle städtischen Sensordaten zusammenlaufen.",
            budget=300_000, staff=1.5, start="2024-06-01", end="2028-12-31",
            milestones="06/2024 Ausschreibung; 10/2025 Plattform in Betrieb; 2026 Anbindung Umwelt- und Baumsensoren; "
                       "2028 offene API für alle Datenströme"),
]


def indicator(iid: str, mid: str, name: str, definition: str, unit: str, level: str, direction: str, interval: str,
              source: str, *, baseline: tuple[float, str] | None, target: tuple[float, str] | None, public: bool = True,
              caveats: str | None = None, responsible: str | None = None) -> M:
    return {"id": iid, "measure": mid, "name": name, "definition": definition, "unit": unit, "level": level,
            "direction": direction, "interval": interval, "source": source, "baseline": baseline, "target": target,
            "public": public, "caveats": caveats, "responsible": responsible}


LEVEL_DE = {"input": "Input", "output": "Output", "outcome": "Outcome", "impact": "Impact"}
DIRECTION_DE = {"increase": "steigend", "decrease": "fallend"}


def computed(iid: str, *, baseline: tuple[float, str] | None, target: tuple[float, str] | None, public: bool = True,
             responsible: str | None = None) -> M:
    """A computed indicator's row: the city's values given here, the rest from its record in indicators/definitions/
    (the catalogue loader still wants name, unit, level, direction and interval in every row)."""
    d = all_definitions()[iid]
    return indicator(iid, d.measure_id, d.name, d.definition, d.unit, LEVEL_DE[d.ioo_level], DIRECTION_DE[d.direction],
                     d.update_interval, d.source, baseline=baseline, target=target, public=public, caveats=d.caveats,
                     responsible=responsible)


OPEN311 = "Mängelmelder+ (Open311-Schnittstelle)"

INDICATORS: list[M] = [
    # Mobilität
    computed("rad_dtv", baseline=(6900, "2021-01-01"), target=(9000, "2030-12-31")),
    indicator("radzaehlstellen_anzahl", "radverkehrszaehlstellen", "Dauerzählstellen in Betrieb",
              "Zahl der Dauerzählstellen für den Radverkehr, die im Jahr Daten liefern", "Anzahl", "Output", "steigend",
              "P1Y", "Amt für Mobilität", baseline=(4, "2016-01-01"), target=(8, "2028-12-31"),
              caveats="Zählt Standorte mit Daten im Jahr; Ausfälle einzelner Zählstellen senken den Wert vorübergehend"),
    indicator("mobilitaetsportal_nutzer", "mobilitaetsportal", "Nutzer*innen des Mobilitätsportals",
              "Besuchende des Mobilitätsportals je Monat (cookiefreie Zählung)", "Nutzer*innen/Monat", "Outcome",
              "steigend", "P1M", "Webstatistik Mobilitätsportal (cookiefrei)",
              baseline=(2500, "2022-04-01"), target=(15000, "2026-12-31"),
              caveats="Ohne Cookies zählt ein Mensch mit mehreren Geräten mehrfach"),
    indicator("winterdienst_vorlaufzeit", "winterdienst-alarmierung", "Vorlaufzeit der Glätte-Alarmierung",
              "Median der Zeit zwischen automatischer Glättewarnung und erster gemessener Glätte je Winter", "Stunden",
              "Output", "steigend", "P1Y", "Glättesensoren und Einsatzprotokoll ESO",
              baseline=(1.5, "2022-11-01"), target=(4, "2026-11-01"),
              caveats="In milden Wintern mit wenigen Glätteereignissen ist der Median unsicher"),
    indicator("winterdienst_bereitschaftsstunden", "winterdienst-alarmierung", "Bereitschaftsstunden im Winterdienst",
              "Geleistete Bereitschaftsstunden des Winterdienstes je Winter (November bis März)", "Stunden/Winter",
              "Input", "fallend", "P1Y", "Personaleinsatzplanung ESO", baseline=(5200, "2022-11-01"),
              target=(4000, "2026-11-01"), public=False,
              caveats="Personaldaten: nur intern; hängt stark von der Strenge des Winters ab"),
    # kept on purpose: the demo shows a catalogue baseline that its own series contradicts (listed on /datenqualitaet,
    # "Basiswert weicht von der Messreihe ab"; progress and charts use the series' value)
    computed("ladepunkte_oeffentlich", baseline=(170, "2021-01-01"), target=(600, "2030-12-31")),
    computed("ladeleistung_kw", baseline=(4100, "2021-01-01"), target=(20000, "2030-12-31")),
    # Wohnen & Leben
    indicator("station_mitte_besuche", "station-mitte", "Besuche in der Station Mitte",
              "Gezählte Besuche je Monat", "Besuche/Monat", "Outcome", "steigend", "P1M", "Besuchszählung vor Ort",
              baseline=(900, "2023-09-01"), target=(2000, "2027-12-31"),
              caveats="Handzählung; Veranstaltungstage erhöhen die Monatswerte"),
    indicator("station_mitte_veranstaltungen", "station-mitte", "Veranstaltungen in der Station Mitte",
              "Öffentliche Veranstaltungen und Beteiligungsformate je Jahr", "Veranstaltungen/Jahr", "Output",
              "steigend", "P1Y", "Programm der Station Mitte", baseline=(46, "2024-01-01"), target=(80, "2027-12-31"),
              caveats="Eigene Zählung des Programms; mehrtägige Formate zählen einmal"),
    indicator("mieter_app_haushalte", "mieter-app-gbo", "Haushalte mit Mieter-App",
              "Anteil der GBO-Mietwohnungen mit mindestens einem registrierten App-Konto", "%", "Outcome", "steigend",
              "P3M", "Gemeinnützige Baugesellschaft Offenbach (GBO)", baseline=(8, "2023-01-01"),
              target=(50, "2027-12-31"), caveats="Maßnahme pausiert seit 07/2024: keine neuen Werte"),
    indicator("wohntausch_vermittlungen", "wohntausch-plattform", "Vermittelte Wohnungstausche",
              "Über die Plattform abgeschlossene Wohnungstausche je Jahr", "Anzahl/Jahr", "Outcome", "steigend", "P1Y",
              "Wohnungsamt", baseline=(0, "2025-01-01"), target=(30, "2029-12-31"),
              caveats="Maßnahmenspeicher: erst messbar, wenn Ressourcen bereitstehen"),
    indicator("geodaten_datensaetze", "oeffentliche-geodaten", "Offene Geodatensätze",
              "Im Geoportal unter offener Lizenz veröffentlichte Geodatensätze (Stichtag Jahresbeginn)", "Anzahl",
              "Output", "steigend", "P1Y", "Geoportal Offenbach", baseline=(24, "2023-01-01"), target=(120, "2027-12-31"),
              caveats="Zusammengelegte oder geteilte Datensätze verändern die Zahl ohne neuen Inhalt"),
    indicator("geoportal_aufrufe", "oeffentliche-geodaten", "Aufrufe des Geoportals",
              "Kartenaufrufe und Downloads im Geoportal je Monat", "Aufrufe/Monat", "Outcome", "steigend", "P1M",
              "Webstatistik Geoportal", baseline=(3000, "2024-01-01"), target=(8000, "2027-12-31"),
              caveats="Automatisierte Abrufe werden herausgefiltert, soweit erkennbar"),
    # Sauberkeit
    indicator("maengelmelder_meldungen", "maengelmelder-plus", "Meldungen im Mängelmelder+",
              "Eingegangene Meldungen je Monat, alle Kategorien", "Meldungen/Monat", "Output", "steigend", "P1M",
              OPEN311, baseline=(450, "2023-01-01"), target=(900, "2026-12-31"),
              caveats="Mehr Meldungen zeigen zuerst mehr Nutzung, nicht mehr Dreck; Kampagnen erhöhen die Zahl kurzfristig"),
    computed("sauberkeit_48h_quote", baseline=(35, "2023-01-01"), target=(90, "2026-12-31")),
    computed("sauberkeit_median_stunden", baseline=(69, "2023-01-01"), target=(24, "2026-12-31")),
    indicator("sauberkeit_zufriedenheit", "48h-dreck-weg-plus", "Zufriedenheit mit der Sauberkeit",
              "Anteil der Befragten, die mit der Sauberkeit in ihrem Wohnumfeld zufrieden oder sehr zufrieden sind", "%",
              "Impact", "steigend", "P2Y", "Bürgerbefragung (Stichprobe)", baseline=(38, "2023-06-01"),
              target=(55, "2027-06-01"), public=False,
              caveats="Befragung: Stichprobenfehler etwa ±4 Prozentpunkte; Veröffentlichung erst nach Freigabe"),
    # Wirtschaft
    computed("passanten_tag", baseline=(21700, "2022-01-01"), target=(24000, "2027-12-31")),
    indicator("leerstandsquote", "leerstandsmanagement", "Leerstandsquote Ladenlokale Innenstadt",
              "Anteil leerstehender Ladenlokale im Erdgeschoss der Innenstadt (Begehung zu Jahresbeginn)", "%",
              "Outcome", "fallend", "P1Y", "Leerstandserhebung der Wirtschaftsförderung", baseline=(11.5, "2024-01-01"),
              target=(7, "2029-12-31"), public=False,
              caveats="Erhebung durch Begehung mit Angaben von Eigentümer*innen: nur intern"),
    computed("freifunk_knoten_online", baseline=(28, "2024-01-01"), target=(60, "2027-12-31")),
    computed("freifunk_clients", baseline=(160, "2024-01-01"), target=(300, "2027-12-31")),
    # Kommunikation & Bildung
    indicator("digital_kurse_teilnahmen", "digital-geht-ganz-einfach", "Teilnahmen an Kursen und Sprechstunden",
              "Teilnahmen an Kursen und offenen Sprechstunden von „Digital geht ganz einfach“ je Jahr",
              "Teilnahmen/Jahr", "Output", "steigend", "P1Y", "Teilnahmezählung der Stadtbibliothek",
              baseline=(320, "2023-01-01"), target=(700, "2027-12-31"),
              caveats="Teilnahmen, nicht Personen: wer mehrere Kurse besucht, zählt mehrfach"),
    indicator("digital_kurse_sicherheit", "digital-geht-ganz-einfach", "Mehr Sicherheit im Digitalen",
              "Anteil der Teilnehmenden, die nach dem Kurs angeben, digitale Angebote sicherer zu nutzen", "%",
              "Outcome", "steigend", "P1Y", "Kurzbefragung nach Kursende", baseline=(62, "2024-01-01"),
              target=(80, "2027-12-31"), public=False,
              caveats="Selbstauskunft mit kleinen Fallzahlen je Kurs; nur Jahreswerte mit mindestens 5 Antworten"),
    indicator("opendata_datensaetze", "open-data-portal", "Datensätze im Open Data-Portal",
              "Veröffentlichte Datensätze (Stichtag Monatsende)", "Anzahl", "Output", "steigend", "P1M",
              "Open Data-Portal Offenbach (Katalog)", baseline=(45, "2023-01-01"), target=(250, "2027-12-31"),
              caveats="Zählt Datensätze, nicht deren Qualität oder Aktualität"),
    indicator("opendata_abrufe", "open-data-portal", "Abrufe von Open Data",
              "Downloads und API-Abrufe von Datensätzen je Monat", "Abrufe/Monat", "Outcome", "steigend", "P1M",
              "Webstatistik Open Data-Portal", baseline=(1200, "2023-01-01"), target=(6000, "2027-12-31"),
              caveats="Automatisierte Abrufe werden herausgefiltert, soweit erkennbar"),
    indicator("schulen_wlan_quote", "digital-pakt-plus", "Schulen mit flächendeckendem WLAN",
              "Anteil der städtischen Schulen mit WLAN in allen Unterrichtsräumen (Stichtag Schuljahresbeginn)", "%",
              "Output", "steigend", "P1Y", "Stadtschulamt, Medienentwicklungsplan", baseline=(45, "2022-08-01"),
              target=(100, "2027-07-31"), caveats="Stichtag Schuljahresbeginn; Neubauten ändern die Grundgesamtheit"),
    indicator("schueler_je_endgeraet", "digital-pakt-plus", "Schüler*innen je Endgerät",
              "Schüler*innen je schulischem Tablet oder Laptop (Stichtag Schuljahresbeginn)", "Schüler*innen/Gerät",
              "Input", "fallend", "P1Y", "Stadtschulamt, Inventar", baseline=(4.8, "2022-08-01"),
              target=(2, "2027-07-31"), caveats="Geräte ohne Zuordnung zu Schüler*innen (Lehrkräfte, Verwaltung) sind ausgenommen"),
    indicator("osc_app_nutzer", "open-smart-city-app", "Aktive Geräte der Open Smart City App",
              "Geräte mit mindestens einer App-Nutzung im Monat (ohne Tracking, aggregiert)", "Geräte/Monat", "Outcome",
              "steigend", "P1M", "App-Statistik (aggregiert)", baseline=(0, "2026-01-01"), target=(10000, "2028-12-31"),
              caveats="App noch nicht veröffentlicht"),
    # Klima & Umwelt
    computed("pm10_tagesmittel", baseline=(18.8, "2023-01-01"), target=(15, "2030-12-31")),
    computed("pm25_tagesmittel", baseline=(11.7, "2023-01-01"), target=(10, "2030-12-31")),
    computed("pm10_ueberschreitungstage", baseline=(10, "2023-01-01"), target=(3, "2030-12-31")),
    computed("hitzetage", baseline=(4, "2016-01-01"), target=None),
    indicator("umweltsensoren_standorte", "umweltsensoren", "Umweltsensoren in Betrieb",
              "Messpunkte mit Umweltsensoren, die im Jahr Daten liefern", "Anzahl", "Output", "steigend", "P1Y",
              "Umweltamt", baseline=(10, "2023-01-01"), target=(40, "2027-12-31"),
              caveats="Zählt Messpunkte mit Daten im Jahr; Sensortausch an einem Ort zählt einmal"),
    computed("baum_trockenstresstage", baseline=(25, "2023-01-01"), target=(20, "2028-12-31")),
    indicator("baumsensoren_anzahl", "baumsensoren", "Bäume mit Sensor",
              "Stadtbäume mit Bodenfeuchtesensor, die im Jahr Daten liefern", "Anzahl", "Output", "steigend", "P1Y",
              "ESO Stadtservice", baseline=(30, "2023-01-01"), target=(150, "2027-12-31"),
              caveats="Sensoren werden zwischen Bäumen versetzt; zählt Bäume mit Daten im Jahr"),
    computed("sensordatenplattform_datastreams", baseline=(6, "2025-10-01"), target=(100, "2028-12-31")),
    indicator("sensordaten_api_abrufe", "sensordatenplattform", "Abrufe der Sensordaten-API",
              "Anfragen an die offene API der Sensordatenplattform je Monat (ohne interne Systeme)", "Abrufe/Monat",
              "Outcome", "steigend", "P1M", "Zugriffsstatistik der Sensordatenplattform", baseline=(1500, "2025-10-01"),
              target=(30000, "2028-12-31"),
              caveats="Automatisierte Abrufe Dritter können die Zahl stark erhöhen"),
]


# English texts of the catalogue (columns `… (en)`), shown with ?lang=en; a blank cell shows the German text.
# Handlungsfelder and computed indicators take theirs from the gettext catalogue (dashboard/locale/en/…/messages.po),
# where their German texts are translated already: one English text for each German one.
# measure id → (title, description, milestones)
MEASURES_EN: dict[str, tuple[str, str, str]] = {
    "radverkehrszaehlstellen": (
        "Bicycle counting stations",
        "Permanent counters record cycling on main routes around the clock and show how cycling measures work.",
        "2016 four permanent counters in operation; 2023 counting technology renewed; 2025 counts on the open data "
        "portal"),
    "mobilitaetsportal": (
        "Mobility portal",
        "A portal brings together bus, train, bicycle, sharing and parking with real-time data.",
        "04/2022 portal launched; 2023 real-time departures and sharing offers; 2025 step-free routes; "
        "12/2026 connection to the Open Smart City app"),
    "winterdienst-alarmierung": (
        "Winter service alerts",
        "Road ice sensors on bridges and slopes alert the winter service before roads turn icy.",
        "10/2022 ice sensors on five bridges; 11/2023 automatic alerts to the on-call team; "
        "Winter 2026/27 extension to ten measuring points"),
    "e-ladestationen": (
        "EV charging stations",
        "More publicly accessible charging points for electric vehicles across the whole city.",
        "2021 charging concept; 2023 100 new charging points in public space; 2026 fast-charging hubs; "
        "2030 600 public charging points"),
    "station-mitte": (
        "Station Mitte",
        "An open place in the city centre for information, participation and meeting people.",
        "09/2023 opening; 2024 regular programme of events; 2026 evaluation with a survey"),
    "mieter-app-gbo": (
        "GBO tenant app",
        "An app for GBO tenants: damage reports, appointments and building news, all digital.",
        "06/2022 tender; 01/2023 app launched; 07/2024 paused because of a change of provider"),
    "wohntausch-plattform": (
        "Home swap platform",
        "A platform on which households can swap homes that are too large or too small for them.",
        "in the measure pool: to be reviewed at the impact assessment"),
    "oeffentliche-geodaten": (
        "Open geodata",
        "The city's geodata (maps, plans, aerial photographs) free to use in the geoportal.",
        "2023 geoportal with open licences; 2024 development plans as open data; 2026 3D city model"),
    "maengelmelder-plus": (
        "Issue reporter+",
        "Residents report problems in public space by app or web; the reports go straight to the office in charge.",
        "09/2022 new issue reporter with an Open311 interface; 2024 feedback to the people reporting; "
        "2026 integration into the Open Smart City app"),
    "48h-dreck-weg-plus": (
        "48h litter gone+",
        "Reported litter is removed within 48 hours; response teams with digital job dispatching.",
        "03/2024 start with digital job dispatching; 2025 all districts; 02/2027 evaluation"),
    "passantenfrequenzmessung": (
        "Pedestrian footfall counting",
        "Laser counters anonymously measure pedestrian footfall in the city centre's shopping streets.",
        "01/2022 three measuring points in the city centre; 2024 data on the open data portal"),
    "leerstandsmanagement": (
        "Vacancy management",
        "A digital register of empty shop premises, to let them again sooner.",
        "in the measure pool: to be reviewed at the impact assessment"),
    "freifunk": (
        "Freifunk",
        "Free Wi-Fi in the city centre and in public places, together with the Freifunk community.",
        "01/2024 cooperation with Freifunk Offenbach; 2025 extension to schools and community centres; "
        "2027 60 municipal sites"),
    "digital-geht-ganz-einfach": (
        "Digital made easy",
        "Courses and open consultation hours in which residents try out digital services.",
        "01/2023 first course series; 2024 consultation hours in three districts; 2026 multilingual courses"),
    "open-data-portal": (
        "Open data portal",
        "Open data of the city and its municipal utilities, machine-readable and openly licensed, in one place.",
        "06/2022 start with 40 datasets; 2024 harvesting into the state portal; 2026 250 datasets"),
    "digital-pakt-plus": (
        "Digital Pact+",
        "Digital equipment for schools beyond the federal DigitalPakt Schule: network, Wi-Fi, devices, support.",
        "2020 media development plan; 2022 fibre at every school site; 2024 Wi-Fi in 80 % of rooms; "
        "07/2027 completion"),
    "open-smart-city-app": (
        "Open Smart City app",
        "An open-source app brings together information and services of the city and its municipal utilities.",
        "2026 requirements with residents; 01/2027 development (open source); 2028 launch"),
    "umweltsensoren": (
        "Environmental sensors",
        "Sensors for particulate matter, temperature and humidity at schools and squares.",
        "01/2023 ten measuring points at schools and squares; 2026 25 measuring points; 2027 40 measuring points"),
    "baumsensoren": (
        "Tree sensors",
        "Soil moisture sensors at street trees show when they need watering.",
        "2023 30 trees with sensors; 2026 100 trees with sensors; 2027 watering plan based on sensor data"),
    "sensordatenplattform": (
        "Sensor data platform",
        "An open platform (OGC SensorThings API) where all of the city's sensor data comes together.",
        "06/2024 tender; 10/2025 platform in operation; 2026 environmental and tree sensors connected; "
        "2028 open API for all data streams"),
}

# indicator id → (name, definition, source, caveats) of the indicators that exist only in this catalogue
INDICATORS_EN: dict[str, tuple[str, str, str, str]] = {
    "radzaehlstellen_anzahl": (
        "Permanent counters in operation",
        "Number of permanent bicycle counters that deliver data during the year",
        "Mobility Department",
        "Counts sites with data during the year; a single counter failing lowers the value for a while"),
    "mobilitaetsportal_nutzer": (
        "Users of the mobility portal",
        "Visitors to the mobility portal per month (cookie-free counting)",
        "Web statistics of the mobility portal (cookie-free)",
        "Without cookies, one person using several devices counts several times"),
    "winterdienst_vorlaufzeit": (
        "Lead time of ice alerts",
        "Median time between the automatic ice warning and the first measured ice, per winter",
        "Ice sensors and ESO operations log",
        "In mild winters with few icy days the median is uncertain"),
    "winterdienst_bereitschaftsstunden": (
        "On-call hours of the winter service",
        "On-call hours worked by the winter service per winter (November to March)",
        "ESO staff planning",
        "Personnel data: internal only; depends strongly on how harsh the winter is"),
    "station_mitte_besuche": (
        "Visits to Station Mitte",
        "Visits counted per month",
        "Visitor count on site",
        "Counted by hand; event days raise the monthly figures"),
    "station_mitte_veranstaltungen": (
        "Events at Station Mitte",
        "Public events and participation formats per year",
        "Station Mitte programme",
        "Counted from the programme; events over several days count once"),
    "mieter_app_haushalte": (
        "Households using the tenant app",
        "Share of GBO rental homes with at least one registered app account",
        "Gemeinnützige Baugesellschaft Offenbach (GBO, municipal housing company)",
        "Measure paused since 07/2024: no new values"),
    "wohntausch_vermittlungen": (
        "Home swaps arranged",
        "Home swaps completed through the platform per year",
        "Housing Office",
        "Measure pool: measurable only once resources are available"),
    "geodaten_datensaetze": (
        "Open geodata datasets",
        "Geodatasets published under an open licence in the geoportal (as of the start of the year)",
        "Geoportal Offenbach",
        "Merged or split datasets change the number without new content"),
    "geoportal_aufrufe": (
        "Geoportal views",
        "Map views and downloads in the geoportal per month",
        "Web statistics of the geoportal",
        "Automated requests are filtered out as far as they can be recognised"),
    "maengelmelder_meldungen": (
        "Reports in the issue reporter+",
        "Reports received per month, all categories",
        "Issue reporter+ (Open311 interface)",
        "More reports first show more use, not more litter; campaigns raise the number for a while"),
    "sauberkeit_zufriedenheit": (
        "Satisfaction with cleanliness",
        "Share of respondents who are satisfied or very satisfied with the cleanliness of their neighbourhood",
        "Residents' survey (sample)",
        "Survey: sampling error about ±4 percentage points; published only after approval"),
    "leerstandsquote": (
        "Vacancy rate of city-centre shops",
        "Share of empty ground-floor shop premises in the city centre (walk-through at the start of the year)",
        "Vacancy survey of the Economic Development Office",
        "Surveyed on foot with information from owners: internal only"),
    "digital_kurse_teilnahmen": (
        "Attendances at courses and consultation hours",
        "Attendances at courses and open consultation hours of “Digital made easy” per year",
        "Attendance count of the city library",
        "Attendances, not people: someone attending several courses counts several times"),
    "digital_kurse_sicherheit": (
        "More confidence with digital services",
        "Share of participants who say after the course that they use digital services more confidently",
        "Short survey at the end of the course",
        "Self-reported, with few answers per course; only annual values with at least 5 answers"),
    "opendata_datensaetze": (
        "Datasets on the open data portal",
        "Published datasets (as of the end of the month)",
        "Open data portal Offenbach (catalogue)",
        "Counts datasets, not their quality or timeliness"),
    "opendata_abrufe": (
        "Open data downloads",
        "Downloads and API requests of datasets per month",
        "Web statistics of the open data portal",
        "Automated requests are filtered out as far as they can be recognised"),
    "schulen_wlan_quote": (
        "Schools with Wi-Fi throughout",
        "Share of municipal schools with Wi-Fi in every classroom (as of the start of the school year)",
        "School Office, media development plan",
        "As of the start of the school year; new buildings change the total"),
    "schueler_je_endgeraet": (
        "Pupils per device",
        "Pupils per school tablet or laptop (as of the start of the school year)",
        "School Office, inventory",
        "Devices not assigned to pupils (teachers, administration) are left out"),
    "osc_app_nutzer": (
        "Active devices of the Open Smart City app",
        "Devices with at least one use of the app in the month (no tracking, aggregated)",
        "App statistics (aggregated)",
        "App not yet released"),
    "umweltsensoren_standorte": (
        "Environmental sensors in operation",
        "Measuring points with environmental sensors that deliver data during the year",
        "Environment Office",
        "Counts measuring points with data during the year; a sensor replaced at one place counts once"),
    "baumsensoren_anzahl": (
        "Trees with a sensor",
        "Street trees with a soil moisture sensor that deliver data during the year",
        "ESO Stadtservice (municipal services)",
        "Sensors are moved between trees; counts trees with data during the year"),
    "sensordaten_api_abrufe": (
        "Sensor data API requests",
        "Requests to the sensor data platform's open API per month (without internal systems)",
        "Access statistics of the sensor data platform",
        "Automated requests by third parties can raise the number considerably"),
}

PO = Path(__file__).resolve().parent.parent / "dashboard" / "locale" / "en" / "LC_MESSAGES" / "messages.po"


def gettext_english() -> dict[str, str]:
    """German msgid → English msgstr of the app's gettext catalogue (fuzzy entries left out, as gettext does)."""
    from babel.messages.pofile import read_po

    if not PO.exists():
        return {}
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    return {m.id: m.string for m in catalog if isinstance(m.id, str) and m.id and m.string and not m.fuzzy}


def english(german: str | None, po: dict[str, str]) -> str | None:
    """The gettext catalogue's English for a German text of a record; None when the German is empty or not yet
    translated (a new indicator before `make i18n-update`: the column stays blank, the app shows the German text, and
    tests/etl/test_catalogue.py names every public indicator without English)."""
    if not german:
        return None
    if german not in po:
        print(f"Hinweis: keine englische Übersetzung in {PO.name}: {german!r} (make i18n-update, msgstr füllen)",
              file=sys.stderr)
    return po.get(german)


# Fortschrittsbasis: what progress compares (docs/methods.md). Flows measured within the year on the annual mean or
# the latest 12 months (a baseline in the middle of a year: the 12 months from the baseline month), stocks and yearly
# series on the value of one period.
PROGRESS_BASIS: dict[str, str] = {
    "rad_dtv": "annual_mean",
    "radzaehlstellen_anzahl": "last_value",
    "mobilitaetsportal_nutzer": "rolling_12m",
    "winterdienst_vorlaufzeit": "last_value",
    "winterdienst_bereitschaftsstunden": "last_value",
    "ladepunkte_oeffentlich": "last_value",
    "ladeleistung_kw": "last_value",
    "station_mitte_besuche": "rolling_12m",
    "station_mitte_veranstaltungen": "last_value",
    "mieter_app_haushalte": "last_value",
    "wohntausch_vermittlungen": "last_value",
    "geodaten_datensaetze": "last_value",
    "geoportal_aufrufe": "annual_mean",
    "maengelmelder_meldungen": "annual_mean",
    "sauberkeit_48h_quote": "rolling_12m",
    "sauberkeit_median_stunden": "rolling_12m",
    "sauberkeit_zufriedenheit": "last_value",
    "passanten_tag": "annual_mean",
    "leerstandsquote": "last_value",
    "freifunk_knoten_online": "last_value",
    "freifunk_clients": "annual_mean",
    "digital_kurse_teilnahmen": "last_value",
    "digital_kurse_sicherheit": "last_value",
    "opendata_datensaetze": "last_value",
    "opendata_abrufe": "annual_mean",
    "schulen_wlan_quote": "last_value",
    "schueler_je_endgeraet": "last_value",
    "osc_app_nutzer": "annual_mean",
    "pm10_tagesmittel": "annual_mean",
    "pm25_tagesmittel": "annual_mean",
    "pm10_ueberschreitungstage": "last_value",
    "hitzetage": "last_value",
    "umweltsensoren_standorte": "last_value",
    "baum_trockenstresstage": "last_value",
    "baumsensoren_anzahl": "last_value",
    "sensordatenplattform_datastreams": "last_value",
    "sensordaten_api_abrufe": "annual_mean",
}


def monthly(first: str, last: str, start_value: float, end_value: float, *, season: float = 0.0, peak_month: int = 1,
            digits: int = 0) -> list[tuple[date, float]]:
    """A smooth example series: level `start_value` for its first 12 months (the baseline period: its annual mean or
    rolling 12 months is the catalogue's baseline, as progress reads it), then a linear trend to `end_value`, with a
    yearly wave; deterministic, no random numbers."""
    d0, d1 = D(first), D(last)
    n = (d1.year - d0.year) * 12 + d1.month - d0.month
    out = []
    for i in range(n + 1):
        y, m = divmod(d0.month - 1 + i, 12)
        day = date(d0.year + y, m + 1, 1)
        ramp = (i - 11) / (n - 11) if n > 11 and i > 11 else 0.0
        trend = start_value + (end_value - start_value) * ramp
        wave = 1 + season * math.cos(2 * math.pi * (m + 1 - peak_month) / 12)
        out.append((day, round(trend * wave, digits) if digits else float(round(trend * wave))))
    return out


def points(*pairs: tuple[str, float]) -> list[tuple[date, float]]:
    return [(D(d), float(v)) for d, v in pairs]


VALUES: dict[str, list[tuple[date, float]]] = {
    # series end with 2025, like the demo's sensor exports (etl/demo/world.py: END)
    "radzaehlstellen_anzahl": points(*((f"{y}-01-01", 4) for y in range(2016, 2026))),
    "mobilitaetsportal_nutzer": monthly("2022-04-01", "2025-12-01", 2500, 11000, season=0.12, peak_month=1),
    "winterdienst_vorlaufzeit": points(("2022-11-01", 1.5), ("2023-11-01", 2.5), ("2024-11-01", 3.0)),
    "winterdienst_bereitschaftsstunden": points(("2022-11-01", 5200), ("2023-11-01", 4700), ("2024-11-01", 4350)),
    "station_mitte_besuche": monthly("2023-09-01", "2025-12-01", 900, 1550, season=0.15, peak_month=6),
    "station_mitte_veranstaltungen": points(("2024-01-01", 46), ("2025-01-01", 58)),
    "mieter_app_haushalte": points(("2023-01-01", 8), ("2023-04-01", 11), ("2023-07-01", 14), ("2023-10-01", 17),
                                   ("2024-01-01", 20), ("2024-04-01", 22), ("2024-07-01", 23)),
    "geodaten_datensaetze": points(("2023-01-01", 24), ("2024-01-01", 41), ("2025-01-01", 63)),
    "geoportal_aufrufe": monthly("2024-01-01", "2025-12-01", 3000, 4800, season=0.08, peak_month=3),
    "maengelmelder_meldungen": monthly("2023-01-01", "2025-12-01", 450, 760, season=0.18, peak_month=7),
    "sauberkeit_zufriedenheit": points(("2023-06-01", 38), ("2025-06-01", 44)),
    "leerstandsquote": points(("2024-01-01", 11.5), ("2025-01-01", 10.8)),
    "digital_kurse_teilnahmen": points(("2023-01-01", 320), ("2024-01-01", 450), ("2025-01-01", 560)),
    "digital_kurse_sicherheit": points(("2024-01-01", 62), ("2025-01-01", 68)),
    "opendata_datensaetze": monthly("2023-01-01", "2025-12-01", 45, 180),
    "opendata_abrufe": monthly("2023-01-01", "2025-12-01", 1200, 4200, season=0.1, peak_month=11),
    "schulen_wlan_quote": points(("2022-08-01", 45), ("2023-08-01", 62), ("2024-08-01", 78), ("2025-08-01", 91)),
    "schueler_je_endgeraet": points(("2022-08-01", 4.8), ("2023-08-01", 3.9), ("2024-08-01", 3.1),
                                    ("2025-08-01", 2.7)),
    "umweltsensoren_standorte": points(("2023-01-01", 10), ("2024-01-01", 10), ("2025-01-01", 10)),
    "baumsensoren_anzahl": points(("2023-01-01", 30), ("2024-01-01", 30), ("2025-01-01", 30)),
    "sensordaten_api_abrufe": monthly("2025-10-01", "2025-12-01", 1500, 3900),
}

# Evaluation plans (sheet "Evaluationspläne"), one row per published version: what is compared, how and with what
# expectation, fixed before the Stichtag. Example plans for the demo's planted effects (etl/demo: +15 % bicycles at
# Berliner Straße from 2022-04-01, placebo Mainuferweg; +10 % pedestrians at Frankfurter Straße (Mitte) from
# 2023-09-01) and one plan published after its Stichtag.
PLAN_HEADERS = ["Plan-ID", "Version", "Maßnahme-ID", "Indikator-ID", "Station", "Stichtag", "Fenster (Tage)", "Methode",
                "Kontrollstationen", "Erwartete Richtung", "Erwarteter Effekt (%)", "Entschieden von", "Entschieden am",
                "Veröffentlicht am", "Änderungsgrund", "Beispielwert", "Änderungsgrund (en)"]
PLANS: list[list[Any]] = [
    ["rad-mobilitaetsportal", 1, "mobilitaetsportal", "rad_dtv", "ecocounter:100069001", D("2022-04-01"), 365, "did",
     "ecocounter:100069003", "steigend", 10, "Amt für Mobilität, Steuerungsgruppe Radverkehr", D("2021-11-15"),
     D("2021-12-01"), None, "ja", None],
    ["rad-mobilitaetsportal", 2, "mobilitaetsportal", "rad_dtv", "ecocounter:100069001", D("2022-04-01"), 730, "did",
     "ecocounter:100069003,ecocounter:100069004", "steigend", 15, "Amt für Mobilität, Steuerungsgruppe Radverkehr",
     D("2022-02-10"), D("2022-02-15"),
     "Vor dem Start geändert: ein Jahr nach dem Start reicht nicht, um den erwarteten Effekt sicher zu erkennen; Fenster "
     "auf zwei Jahre verlängert und die Mühlheimer Straße als zweite Kontrollstation ergänzt", "ja",
     "Changed before the start: one year after the start is not enough to detect the expected effect reliably; window "
     "extended to two years and Mühlheimer Straße added as a second control station"],
    ["rad-mobilitaetsportal-einzelstation", 1, "mobilitaetsportal", "rad_dtv", "ecocounter:100069001", D("2022-04-01"),
     730, "adjusted", None, "steigend", 15, "Amt für Mobilität, Steuerungsgruppe Radverkehr", D("2022-02-10"),
     D("2022-02-15"), None, "ja", None],
    ["rad-mobilitaetsportal-placebo", 1, "mobilitaetsportal", "rad_dtv", "ecocounter:100069002", D("2022-04-01"), 730,
     "did", "ecocounter:100069003,ecocounter:100069004", "keine", 0, "Amt für Mobilität, Steuerungsgruppe Radverkehr",
     D("2022-02-10"), D("2022-02-15"), None, "ja", None],
    ["passanten-station-mitte", 1, "station-mitte", "passanten_tag", "hystreet:frankfurter-strasse-mitte",
     D("2023-09-01"), 365, "adjusted", None, "steigend", 3, "Wirtschaftsförderung", D("2023-06-20"), D("2023-06-30"),
     None, "ja", None],
    ["sauberkeit-48h", 1, "48h-dreck-weg-plus", "sauberkeit_median_stunden", None, D("2024-03-01"), 365, "its", None,
     "fallend", -50, "ESO Stadtservice", D("2024-05-10"), D("2024-05-15"), None, "ja", None],
]

STATUS_CHOICES = ["geplant", "in_umsetzung", "umgesetzt", "pausiert"]
LEVEL_CHOICES = ["Input", "Output", "Outcome", "Impact"]
DIRECTION_CHOICES = ["steigend", "fallend"]
YES_NO = ["ja", "nein"]

HELP: list[tuple[str, str, str, str]] = [
    ("Handlungsfelder", "ID", "ja", "Kennung: Kleinbuchstaben, Ziffern, '-', '_' (z. B. klima-umwelt)"),
    ("Handlungsfelder", "Name", "ja", "Name des Handlungsfelds wie in der Strategie"),
    ("Handlungsfelder", "Zielbild", "ja", "Zielbild im Wortlaut der Strategie"),
    ("Handlungsfelder", "Reihenfolge", "nein", "ganze Zahl für die Anzeige; leer = Zeilenfolge"),
    ("Handlungsfelder", "Name (en)", "nein", "englischer Name (Anzeige mit ?lang=en); leer = deutscher Name"),
    ("Handlungsfelder", "Zielbild (en)", "nein", "englisches Zielbild; leer = deutsches Zielbild"),
    ("Maßnahmen", "Maßnahme-ID", "ja", "Kennung der Maßnahme"),
    ("Maßnahmen", "Titel", "ja", "Name der Maßnahme"),
    ("Maßnahmen", "Beschreibung", "nein", "ein bis zwei Sätze"),
    ("Maßnahmen", "Handlungsfelder", "ja", "eine oder mehrere IDs aus dem Blatt Handlungsfelder, mit Komma getrennt"),
    ("Maßnahmen", "Status", "ja", "geplant, in_umsetzung, umgesetzt oder pausiert"),
    ("Maßnahmen", "Verantwortlich", "ja", "verantwortliche Stelle (Amt, Stabsstelle oder Gesellschaft der Stadtwerke), "
                                          "keine Person"),
    ("Maßnahmen", "Budget (EUR)", "nein", "Gesamtbudget in Euro"),
    ("Maßnahmen", "Personal (VZÄ)", "nein", "Personal in Vollzeitäquivalenten"),
    ("Maßnahmen", "Start", "nein", "Datum (TT.MM.JJJJ)"),
    ("Maßnahmen", "Ende", "nein", "Datum, nicht vor dem Start"),
    ("Maßnahmen", "Meilensteine", "nein", "Text, Meilensteine mit Semikolon getrennt"),
    ("Maßnahmen", "Maßnahmenspeicher", "nein", "ja = ohne Ressourcen im Maßnahmenspeicher (Status geplant oder pausiert)"),
    ("Maßnahmen", "Zuletzt geprüft", "nein", "Datum, an dem die Maßnahme zuletzt geprüft wurde (der Maßnahmenspeicher "
     "bei jeder Wirkungsmessung)"),
    ("Maßnahmen", "Beispielwert", "nein", "ja = Angaben sind Beispielwerte, nicht die Zahlen der Stadt"),
    ("Maßnahmen", "Titel (en)", "nein", "englischer Titel (Anzeige mit ?lang=en); leer = deutscher Titel"),
    ("Maßnahmen", "Beschreibung (en)", "nein", "englische Beschreibung; leer = deutsche"),
    ("Maßnahmen", "Meilensteine (en)", "nein", "englische Meilensteine, wie die deutschen mit Semikolon getrennt; "
                                              "leer = deutsche"),
    ("Indikatoren", "Indikator-ID", "ja", "Kennung des Indikators"),
    ("Indikatoren", "Maßnahme-ID", "ja", "ID aus dem Blatt Maßnahmen"),
    ("Indikatoren", "Name", "ja", "kurzer Name"),
    ("Indikatoren", "Definition", "nein", "was genau gezählt oder gemessen wird"),
    ("Indikatoren", "Einheit", "ja", "z. B. Anzahl, %, Stunden, µg/m³, Tage/Jahr"),
    ("Indikatoren", "IOOI-Ebene", "ja", "Input, Output, Outcome oder Impact"),
    ("Indikatoren", "Richtung", "ja", "gewünschte Richtung: steigend oder fallend"),
    ("Indikatoren", "Basiswert", "nein", "Zahl; mit Basisdatum"),
    ("Indikatoren", "Basisdatum", "nein", "Datum des Basiswerts"),
    ("Indikatoren", "Zielwert", "nein", "Zahl; mit Zieldatum"),
    ("Indikatoren", "Zieldatum", "nein", "bis wann der Zielwert erreicht sein soll (nach dem Basisdatum)"),
    ("Indikatoren", "Fortschrittsbasis", "nein", "was der Fortschritt vergleicht: annual_mean (Jahresmittel), rolling_12m "
                                                 "(Mittel der letzten 12 Monate), last_value (letzter Wert: Bestände), "
                                                 "annual_sum (Jahressumme); leer = annual_mean bei unterjährigen, "
                                                 "last_value bei jährlichen Reihen"),
    ("Indikatoren", "Aktualisierung", "ja", "ISO-8601-Dauer: P1D täglich, P1M monatlich, P3M quartalsweise, P1Y jährlich"),
    ("Indikatoren", "Quelle", "nein", "Datenquelle"),
    ("Indikatoren", "Verantwortlich", "nein", "leer = Stelle der Maßnahme"),
    ("Indikatoren", "Öffentlich", "ja", "ja = darf auf der öffentlichen Seite erscheinen; leer = nein"),
    ("Indikatoren", "Hinweise", "nein", "Einschränkungen, Reihenbrüche"),
    ("Indikatoren", "Beispielwert", "nein", "ja = Basis- und Zielwerte sind Beispielwerte"),
    ("Indikatoren", "Name (en)", "nein", "englischer Name (Anzeige mit ?lang=en); leer = deutscher Name"),
    ("Indikatoren", "Definition (en)", "nein", "englische Definition; leer = deutsche"),
    ("Indikatoren", "Quelle (en)", "nein", "englische Quelle; leer = deutsche"),
    ("Indikatoren", "Hinweise (en)", "nein", "englische Hinweise; leer = deutsche"),
    ("Indikatorwerte", "Indikator-ID", "ja", "ID aus dem Blatt Indikatoren"),
    ("Indikatorwerte", "Periodenbeginn", "ja", "erster Tag des Zeitraums (Monat, Quartal, Jahr), den der Wert beschreibt"),
    ("Indikatorwerte", "Wert", "ja", "Zahl in der Einheit des Indikators; leer = fehlt"),
    ("Indikatorwerte", "Beispielwert", "nein", "ja = erfundener Beispielwert"),
    ("Evaluationspläne", "Plan-ID", "ja", "Kennung des Plans: Kleinbuchstaben, Ziffern, '-', '_'"),
    ("Evaluationspläne", "Version", "ja", "1, 2, …: eine veröffentlichte Version wird nie geändert; eine Änderung ist "
     "eine neue Zeile mit der nächsten Version und Änderungsgrund"),
    ("Evaluationspläne", "Maßnahme-ID", "ja", "ID aus dem Blatt Maßnahmen"),
    ("Evaluationspläne", "Indikator-ID", "ja", "ID aus dem Blatt Indikatoren"),
    ("Evaluationspläne", "Station", "nein", "Station, z. B. ecocounter:100069001; leer = die Reihe des Indikators"),
    ("Evaluationspläne", "Stichtag", "ja", "Tag, ab dem die Wirkung erwartet wird"),
    ("Evaluationspläne", "Fenster (Tage)", "ja", "Tage vor und nach dem Stichtag (30 bis 1826)"),
    ("Evaluationspläne", "Methode", "ja", "simple, adjusted, its oder did (siehe Methodik)"),
    ("Evaluationspläne", "Kontrollstationen", "bei did", "Stationen ohne Maßnahme, kommagetrennt"),
    ("Evaluationspläne", "Erwartete Richtung", "ja", "steigend, fallend oder keine (Placebo)"),
    ("Evaluationspläne", "Erwarteter Effekt (%)", "ja", "erwartete Veränderung in Prozent, mit Vorzeichen; 0 bei keine"),
    ("Evaluationspläne", "Entschieden von", "ja", "Stelle oder Gremium, das den Plan beschlossen hat"),
    ("Evaluationspläne", "Entschieden am", "ja", "Datum des Beschlusses"),
    ("Evaluationspläne", "Veröffentlicht am", "ja", "Datum der Veröffentlichung; nach dem Stichtag: nachträglich"),
    ("Evaluationspläne", "Änderungsgrund", "ab Version 2", "warum der Plan geändert wurde"),
    ("Evaluationspläne", "Beispielwert", "nein", "ja = erfundener Beispielplan"),
]


def write(path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    wb.set_properties({"title": "Maßnahmenkatalog Open Smart City Offenbach", "author": "Stabsstelle Digitalisierung",
                       "created": FIXED_TIME, "comments": "Beispielwerte sind mit Beispielwert = ja markiert"})
    head = wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    top = wb.add_format({"valign": "top"})
    day = wb.add_format({"num_format": "dd.mm.yyyy", "valign": "top"})
    money = wb.add_format({"num_format": "#,##0", "valign": "top"})
    num = wb.add_format({"num_format": "#,##0.##", "valign": "top"})

    def sheet(name: str, headers: list[tuple[str, float]], rows: list[list[Any]],
              formats: dict[int, Any] | None = None, choices: dict[int, list[str]] | None = None) -> None:
        ws = wb.add_worksheet(name)
        for j, (h, width) in enumerate(headers):
            ws.write_string(0, j, h, head)
            ws.set_column(j, j, width, (formats or {}).get(j, wrap if width > 30 else top))
        for i, row in enumerate(rows, start=1):
            for j, v in enumerate(row):
                fmt = (formats or {}).get(j, wrap if headers[j][1] > 30 else top)
                if v is None:
                    continue
                if isinstance(v, date):
                    ws.write_datetime(i, j, datetime(v.year, v.month, v.day), day)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(i, j, v, fmt)
                else:
                    ws.write_string(i, j, str(v), fmt)
        for j, values in (choices or {}).items():
            ws.data_validation(1, j, 1000, j, {"validate": "list", "source": values})
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)

    po = gettext_english()
    sheet("Handlungsfelder", [("ID", 22), ("Name", 24), ("Zielbild", 90), ("Reihenfolge", 12), ("Name (en)", 24),
                              ("Zielbild (en)", 90)],
          [[fid, name, text, i, english(name, po), english(text, po)]
           for i, (fid, name, text) in enumerate(FIELDS, start=1)])
    sheet("Maßnahmen",
          [("Maßnahme-ID", 26), ("Titel", 26), ("Beschreibung", 50), ("Handlungsfelder", 22), ("Status", 14),
           ("Verantwortlich", 34), ("Budget (EUR)", 14), ("Personal (VZÄ)", 12), ("Start", 12), ("Ende", 12),
           ("Meilensteine", 60), ("Maßnahmenspeicher", 14), ("Beispielwert", 12), ("Titel (en)", 26),
           ("Beschreibung (en)", 50), ("Meilensteine (en)", 60), ("Zuletzt geprüft", 14)],
          [[m["id"], m["title"], m["description"], m["fields"], m["status"], m["unit"], m["budget"], m["staff"],
            m["start"], m["end"], m["milestones"], "ja" if m["backlog"] else "nein", "ja", *MEASURES_EN[m["id"]],
            m["reviewed"]]
           for m in MEASURES],
          formats={6: money, 7: num}, choices={4: STATUS_CHOICES, 11: YES_NO, 12: YES_NO})
    sheet("Indikatoren",
          [("Indikator-ID", 30), ("Maßnahme-ID", 26), ("Name", 34), ("Definition", 60), ("Einheit", 18),
           ("IOOI-Ebene", 11), ("Richtung", 10), ("Basiswert", 11), ("Basisdatum", 12), ("Zielwert", 11),
           ("Zieldatum", 12), ("Fortschrittsbasis", 16), ("Aktualisierung", 14), ("Quelle", 36),
           ("Verantwortlich", 26), ("Öffentlich", 10), ("Hinweise", 60), ("Beispielwert", 12), ("Name (en)", 34),
           ("Definition (en)", 60), ("Quelle (en)", 36), ("Hinweise (en)", 60)],
          [[x["id"], x["measure"], x["name"], x["definition"], x["unit"], x["level"], x["direction"],
            x["baseline"][0] if x["baseline"] else None, D(x["baseline"][1]) if x["baseline"] else None,
            x["target"][0] if x["target"] else None, D(x["target"][1]) if x["target"] else None,
            PROGRESS_BASIS.get(x["id"], ""), x["interval"], x["source"], x["responsible"], "ja" if x["public"] else "nein",
            x["caveats"], "ja", *indicator_english(x, po)]
           for x in INDICATORS],
          formats={7: num, 9: num},
          choices={5: LEVEL_CHOICES, 6: DIRECTION_CHOICES, 11: list(BASES), 15: YES_NO, 17: YES_NO})
    sheet("Indikatorwerte", [("Indikator-ID", 32), ("Periodenbeginn", 14), ("Wert", 12), ("Beispielwert", 12)],
          [[iid, d, v, "ja"] for iid, series in VALUES.items() for d, v in series],
          formats={2: num}, choices={3: YES_NO})
    sheet("Evaluationspläne", [(h, 40 if h.startswith("Änderungsgrund") else (30 if h in ("Station", "Kontrollstationen",
          "Entschieden von") else 14)) for h in PLAN_HEADERS], PLANS, choices={7: ["simple", "adjusted", "its", "did"],
          9: ["steigend", "fallend", "keine"], 15: YES_NO})
    sheet("Erläuterungen", [("Blatt", 16), ("Spalte", 20), ("Pflicht", 8), ("Bedeutung", 90)], [list(h) for h in HELP])
    wb.close()


def indicator_english(x: M, po: dict[str, str]) -> tuple[str | None, ...]:
    """Name, definition, source and caveats in English: this file's for a catalogue indicator, the gettext
    catalogue's for a computed one (its German texts come from its record)."""
    if x["id"] in INDICATORS_EN:
        return INDICATORS_EN[x["id"]]
    return tuple(english(x[k], po) for k in ("name", "definition", "source", "caveats"))


def check() -> None:
    """Cross-references of the data above: a typo here would otherwise only show up as a rejected row."""
    field_ids = {f[0] for f in FIELDS}
    measure_ids = {m["id"] for m in MEASURES}
    assert len(MEASURES) == 20 and len(measure_ids) == 20
    assert all(m["fields"] in field_ids for m in MEASURES)
    indicator_ids = [x["id"] for x in INDICATORS]
    assert len(set(indicator_ids)) == len(indicator_ids)
    assert {x["measure"] for x in INDICATORS} == measure_ids
    assert set(VALUES) <= set(indicator_ids)
    computed_ids = set(all_definitions())
    assert set(MEASURES_EN) == measure_ids and all(all(t) for t in MEASURES_EN.values())
    assert set(INDICATORS_EN) == set(indicator_ids) - computed_ids and all(all(t) for t in INDICATORS_EN.values())
    assert set(PROGRESS_BASIS) <= set(indicator_ids) and set(PROGRESS_BASIS.values()) <= set(BASES)  # blank: by interval


def main(argv: list[str]) -> int:
    check()
    out = Path(argv[1]) if len(argv) > 1 else OUT
    write(out)
    print(f"geschrieben: {out} ({len(MEASURES)} Maßnahmen, {len(INDICATORS)} Indikatoren, "
          f"{sum(len(v) for v in VALUES.values())} Indikatorwerte)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
