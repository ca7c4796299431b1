"""English texts of the user interface, keyed by the German original."""
from __future__ import annotations

EN: dict[str, str] = {
    # shell
    "Zum Inhalt springen": "Skip to content",
    "Wirkungsmonitor Offenbach": "Offenbach Impact Monitor",
    "Interne Instanz ohne Anmeldung: nur auf diesem Rechner erreichbar (127.0.0.1).":
        "Internal instance without login: reachable from this computer only (127.0.0.1).",
    "Erklärung zur Barrierefreiheit": "Accessibility statement",
    "Methodik": "Methods",
    "Übersicht": "Overview",
    "Maßnahmen": "Measures",
    "Karte": "Map",
    "Vorher-nachher": "Before/after",
    "Umfragen": "Surveys",
    "Datenqualität": "Data quality",
    "Präsentation": "Presentation",
    "Sprache": "Language",
    # overview
    "Wirkungsmessung der Open Smart City Strategie": "Impact measurement of the Open Smart City strategy",
    "Sechs Handlungsfelder, ihre Zielbilder und die Maßnahmen, mit denen Offenbach ihnen näherkommen will.":
        "Six fields of action, their target pictures and the measures by which Offenbach wants to get closer to them.",
    "Datenstand: letzte Ladung": "Data as of: last load",
    "Indikatoren nach Fortschritt": "Indicators by progress",
    "im Maßnahmenspeicher": "in the measure backlog",
    "geplant": "planned", "in Umsetzung": "in progress", "umgesetzt": "implemented", "pausiert": "paused",
    "Maßnahmenspeicher": "Measure backlog",
    # field and indicator pages
    "Handlungsfeld": "Field of action",
    "Maßnahme": "Measure", "Status": "Status", "Verantwortlich": "Responsible", "Zeitplan": "Time plan",
    "Indikatoren": "Indicators",
    "Details zum Indikator": "Indicator details",
    "Für dieses Handlungsfeld liegen noch keine Indikatorwerte vor.": "No indicator values for this field of action yet.",
    "Definition": "Definition", "Ebene (IOOI)": "Level (IOOI)", "Einheit": "Unit",
    "Gewünschte Richtung": "Desired direction", "Basiswert": "Baseline", "Zielwert": "Target",
    "Aktueller Wert": "Latest value", "Fortschritt": "Progress", "Aktualisierung": "Update interval",
    "Datenstand": "Data status", "Quelle": "Source", "Öffentlich": "Public",
    "Hinweise und Reihenbrüche": "Caveats and series breaks",
    "steigend ist besser": "higher is better", "fallend ist besser": "lower is better",
    "kein Zielwert": "no target", "aktuell": "up to date", "Daten veraltet seit": "Data stale since",
    "ja": "yes", "nein (nur intern)": "no (internal only)",
    "Auf der eigenen Website einbetten": "Embed on your own website",
    "Für diesen Indikator liegen noch keine Werte vor.": "No values for this indicator yet.",
    # chart card
    "Datentabelle anzeigen": "Show data table",
    "Die neuesten": "The latest", "von": "of", "Zeilen; alle im Download.": "rows; all in the download.",
    "Lizenz": "Licence", "Stand": "As of", "Download": "Download",
    "Demodaten": "Demo data", "Beispielwert": "Example value",
    "Generierte Demodaten, keine Messwerte der Stadt": "Generated demo data, not the city's measurements",
    "Basis-/Zielwerte sind Beispielwerte, nicht die Zahlen der Stadt":
        "Baseline/target are example values, not the city's figures",
}

# Handlungsfelder and Zielbilder (the strategy's German text is the original; English for the language switch)
EN.update({
    'Mobilität': 'Mobility',
    'Alle Menschen können in Offenbach einfach und sicher mobil sein. Die Mobilitätsangebote sind an die unterschiedlichen Bedürfnisse der Bürger*innen angepasst und zudem umwelt- und klimagerecht gestaltet, sodass sich die Menschen gerne in der Stadt aufhalten und sich wohl fühlen.':
        'Everyone in Offenbach can get around easily and safely. Mobility services are adapted to the different needs of citizens and designed to be environmentally and climate friendly, so that people enjoy spending time in the city and feel at home.',
    'Wohnen & Leben': 'Housing & Living',
    'In Offenbach finden Menschen den Raum zum Wohnen und Leben, der zu ihnen passt. Öffentliche Räume entwickeln sich mit den Bedürfnissen der Bürger*innen und sind Orte, an denen unterschiedliche Menschen gerne zusammenkommen.':
        'In Offenbach, people find the space to live that suits them. Public spaces develop with the needs of citizens and are places where different people like to come together.',
    'Sauberkeit': 'Cleanliness',
    'Dreck ist in Offenbach in 48 Stunden oder schneller zuverlässig beseitigt. Mehr Bürger*innen sind sich der Wichtigkeit des Themas bewusst; es wird weniger Dreck verursacht.':
        'Dirt in Offenbach is reliably removed within 48 hours or faster. More citizens are aware of the importance of the issue; less dirt is caused.',
    'Wirtschaft': 'Economy',
    'Unternehmen und Geschäftsleute finden in Offenbach einfach die Flächen und Infrastruktur, die sie brauchen. Datenbasierte Informationssysteme bringen Kunden und Wirtschaft näher zusammen.':
        'Companies and business people easily find the spaces and infrastructure they need in Offenbach. Data-based information systems bring customers and businesses closer together.',
    'Kommunikation & Bildung': 'Communication & Education',
    'Unsere Bildungsorte nutzen und vermitteln die neuesten Technologien, um allen Offenbachern mehr Chancen und Zugänge zu öffnen. Die Bürger*innen erhalten die Informationen aus Stadt und Stadtgesellschaft, die sie betreffen und interessieren.':
        'Our places of education use and teach the latest technologies to open up more opportunities and access for everyone in Offenbach. Citizens receive the information from the city and civil society that concerns and interests them.',
    'Klima & Umwelt': 'Climate & Environment',
    'Verwaltung und Bürger*innen wissen durch datenbasierte Informationssysteme immer besser, wie es dem Klima und dem Grün in der Stadt geht. Durch individuelle wie gemeinsame Maßnahmen ist die Resilienz der Stadt gegen Extremwetterereignisse gestärkt.':
        "Through data-based information systems, administration and citizens know better and better how the climate and the green spaces in the city are doing. Individual and joint measures strengthen the city's resilience against extreme weather events.",
})

# page-specific tables live beside this one so each page's texts can be kept together
from dashboard.translations_karte import EN_KARTE  # noqa: E402
from dashboard.translations_pages import EN_PAGES  # noqa: E402

EN.update(EN_PAGES)
EN.update(EN_KARTE)

# ind helper: progress status labels (dashboard/status_display.py; were English beside German in indicators/progress.py)
EN.update({
    "Ziel erreicht": "Target achieved",
    "Auf Kurs": "On track",
    "Fortschritt, Beschleunigung nötig": "Progress, acceleration needed",
    "Geringer Fortschritt": "Limited progress",
    "Verschlechterung": "Deterioration",
    "Nicht bewertbar": "Not assessable",
    "noch kein Wert nach dem Basisdatum": "no value after the baseline date yet",
})

# card helper
EN.update({
    "{name}: zuletzt {value} {unit} ({day})": "{name}: latest {value} {unit} ({day})",
    "Mehr im Wirkungsmonitor": "More in the impact monitor",
    "Für diese Grafik liegen noch keine Werte vor.": "No values yet for this chart.",
    "Nicht gefunden": "Not found",
})
