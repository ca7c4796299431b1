"""English texts of the Maßnahmen, Vorher-nachher, Umfragen, Datenqualität and Präsentation pages, keyed by the German original (merged into dashboard.translations.EN).

Also the German names from indicators/ that these pages show through `_()` (methods, kinds, metrics, units, table
headers, error messages of the before/after comparison) and the leftovers of the indicator, field and embed pages.
Placeholders in `{braces}` are filled with `.format()`; both versions must have the same ones.
"""
from __future__ import annotations

EN_PAGES: dict[str, str] = {
    # --- Maßnahmen (catalogue) --------------------------------------------------------------------------------------
    "Maßnahmenkatalog": "Catalogue of measures",
    "Alle Maßnahmen der Open Smart City Strategie: wer sie verantwortet, wie weit sie sind und wann sie laufen. "
    "Maßnahmen ohne gesicherte Ressourcen stehen im Maßnahmenspeicher.":
        "All measures of the Open Smart City strategy: who is responsible for them, how far they have got and when they "
        "run. Measures without secured resources are in the measure backlog.",
    "Maßnahmenkatalog der Open Smart City Strategie Offenbach": "Catalogue of measures of Offenbach's Open Smart City strategy",
    "Maßnahmen filtern und sortieren": "Filter and sort measures",
    "Verantwortliche Stelle": "Responsible unit",
    "Sortieren nach": "Sort by",
    "Alle Handlungsfelder": "All fields of action",
    "Alle Status": "All statuses",
    "Alle Stellen": "All units",
    "Auswahl zurücksetzen": "Reset selection",
    "(gefiltert)": "(filtered)",
    "Maßnahmen in Planung und Umsetzung": "Measures being planned and carried out",
    "Keine Maßnahme passt zu dieser Auswahl.": "No measure matches this selection.",
    "Für diese Auswahl gibt es keinen Zeitplan.": "There is no time plan for this selection.",
    "Im Maßnahmenspeicher stehen Vorhaben, für die noch keine Ressourcen bereitstehen. Sie werden bei jeder "
    "Fortschreibung der Strategie erneut geprüft.":
        "The measure backlog holds projects for which no resources are available yet. They are reviewed again at "
        "every update of the strategy.",
    "Für diese Auswahl steht keine Maßnahme im Maßnahmenspeicher.": "No measure of this selection is in the measure backlog.",
    "{running} von {n} Maßnahmen laufen laut Zeitplan derzeit": "{running} of {n} measures are currently running according to plan",
    "noch offen": "still open",
    "Laufzeit": "Duration",
    "Beginn": "Start",
    "Ende": "End",
    "Titel": "Title",
    "heute ({day})": "today ({day})",
    "Für diese Auswahl gibt es keine Maßnahmen mit Zeitplan.": "No measure of this selection has a time plan.",
    "Zeitplan von {n} Maßnahmen ({counts}). Am {today} laufen laut Plan {running}, {ended} haben ihr geplantes Ende "
    "erreicht, {later} beginnen später. Am frühesten begann „{first}“ ({first_start}), am längsten läuft „{last}“ "
    "(bis {last_end}).":
        "Time plan of {n} measures ({counts}). On {today}, {running} are running according to plan, {ended} have reached "
        "their planned end, {later} start later. The earliest to start was “{first}” ({first_start}), the longest "
        "running is “{last}” (until {last_end}).",
    # --- one measure ------------------------------------------------------------------------------------------------
    "Maßnahme nicht gefunden": "Measure not found",
    "Es gibt keine Maßnahme „{id}“.": "There is no measure “{id}”.",
    "Zum Maßnahmenkatalog": "To the catalogue of measures",
    "Handlungsfelder": "Fields of action",
    "Ressourcen": "Resources",
    "Wirkung prüfen": "Check the impact",
    "Noch keine Ressourcen zugewiesen: die Maßnahme steht im Maßnahmenspeicher.":
        "No resources assigned yet: the measure is in the measure backlog.",
    "Budget, Personal und Termine sind Beispielwerte, nicht die Zahlen der Stadt.":
        "Budget, staff and dates are example values, not the city's figures.",
    "Budget": "Budget",
    "Personal": "Staff",
    "VZÄ": "FTE",
    "(Vollzeitäquivalente)": "(full-time equivalents)",
    "Noch kein Zeitplan.": "No time plan yet.",
    "beginnt erst": "not started yet",
    "geplantes Ende erreicht": "planned end reached",
    "{pct} % der geplanten Laufzeit vergangen": "{pct} % of the planned duration has passed",
    "Laufzeit {start} bis {end}": "Duration {start} to {end}",
    "Meilensteine": "Milestones",
    "Für diese Maßnahme sind noch keine Indikatoren festgelegt.": "No indicators have been defined for this measure yet.",
    "Indikator": "Indicator",
    "veraltet seit": "stale since",
    "keine Werte": "no values",
    "Indikatoren der Maßnahme {title}": "Indicators of the measure {title}",
    "Hat sich seit dem Start der Maßnahme am {day} etwas verändert?":
        "Has anything changed since the measure started on {day}?",
    "Vorher-nachher-Vergleich für „{name}“": "Before/after comparison for “{name}”",
    # IOOI levels, directions and update intervals (indicator page)
    "Input (eingesetzte Mittel)": "Input (resources used)",
    "Output (Leistung)": "Output (deliverables)",
    "Outcome (Wirkung bei Zielgruppe)": "Outcome (effect on the target group)",
    "Impact (Wirkung in der Stadt)": "Impact (effect on the city)",
    "täglich": "daily",
    "wöchentlich": "weekly",
    "monatlich": "monthly",
    "vierteljährlich": "quarterly",
    "jährlich": "yearly",
    # progress reasons (indicators/progress.py)
    "Basiswert oder aktueller Wert fehlt": "Baseline or latest value missing",
    "Zielwert erreicht": "Target reached",
    "Wachstumsrate für Werte ≤ 0 nicht definiert": "Growth rate not defined for values ≤ 0",
    "Zieldatum vor dem Basisdatum oder Zielwert ≤ 0": "Target date before the baseline date, or target ≤ 0",
    "erreichte / nötige Wachstumsrate = {x}": "achieved / required growth rate = {x}",
    "jährliche Veränderung in Zielrichtung {x}": "annual change in the desired direction {x}",
    # --- leftovers of the indicator, field and embed pages ---------------------------------------------------------
    "Indikator nicht gefunden": "Indicator not found",
    "Es gibt keinen Indikator „{id}“.": "There is no indicator “{id}”.",
    "Handlungsfeld nicht gefunden": "Field of action not found",
    "Bekannt sind:": "Known are:",
    "{value} bis {day}": "{value} by {day}",
    "Diese Grafik ist öffentlich. Der folgende Code bettet sie barrierefrei mit Datentabelle ein (englisch:":
        "This chart is public. The following code embeds it accessibly, with its data table (in English:",
    "Code zum Einbetten": "Code for embedding",
    "Ziel": "Target",
    "Start Maßnahme": "Start of measure",
    "{name}: noch keine Werte.": "{name}: no values yet.",
    "{name}: zuletzt {value} {unit} ({day}).": "{name}: latest {value} {unit} ({day}).",
    "Das sind {pct} % mehr als ein Jahr zuvor ({prev}).": "That is {pct} % more than a year before ({prev}).",
    "Das sind {pct} % weniger als ein Jahr zuvor ({prev}).": "That is {pct} % less than a year before ({prev}).",
    # --- units of indicators and metrics ---------------------------------------------------------------------------
    "Radfahrten/Tag": "bike trips/day",
    "Passanten/Tag": "pedestrians/day",
    "Nutzer*innen/Monat": "users/month",
    "Stunden": "hours",
    "Stunden/Winter": "hours/winter",
    "Besuche/Monat": "visits/month",
    "Veranstaltungen/Jahr": "events/year",
    "Anzahl/Jahr": "count/year",
    "Aufrufe/Monat": "views/month",
    "Meldungen/Monat": "reports/month",
    "Teilnahmen/Jahr": "participations/year",
    "Schüler*innen/Gerät": "pupils/device",
    "Geräte/Monat": "devices/month",
    "Tage/Jahr": "days/year",
    "Abrufe/Monat": "downloads/month",
    "mm/Tag": "mm/day",
    "Achtel": "eighths",
    "Anteil": "share",
    "% vol.": "% vol.",
    # --- Vorher-nachher ---------------------------------------------------------------------------------------------
    "Vorher-nachher-Vergleich": "Before/after comparison",
    "Hat sich eine Messreihe seit dem Start einer Maßnahme verändert? Wählen Sie Reihe, Stichtag und Methode; das "
    "Ergebnis nennt die geschätzte Veränderung mit ihrem 95-%-Intervall. Die Adresse dieser Seite enthält die Auswahl "
    "und kann geteilt werden.":
        "Has a series changed since a measure started? Choose the series, the reference date and the method; the result "
        "gives the estimated change with its 95 % interval. The address of this page holds the selection and can be "
        "shared.",
    "Vorher-nachher-Vergleich einstellen": "Set up the before/after comparison",
    "Auswahl": "Selection",
    "Maßnahme wählen …": "Choose a measure …",
    "Setzt den Stichtag auf den Start der Maßnahme.": "Sets the reference date to the start of the measure.",
    "Start": "Start",
    "Datenreihe": "Series",
    "Station und Messgröße": "Station and measured variable",
    "Indikator wählen …": "Choose an indicator …",
    "(je Station)": "(per station)",
    "Station": "Station",
    "Station wählen …": "Choose a station …",
    "Messgröße": "Measured variable",
    "Messgröße wählen …": "Choose a measured variable …",
    "Methode": "Method",
    "Stichtag": "Reference date",
    "TT.MM.JJJJ": "DD.MM.YYYY",
    "Erster Tag „nachher“.": "First day “after”.",
    "Zeitfenster (Tage je Seite)": "Window (days on each side)",
    "Standard": "Default",
    "Leer: 365 Tage beim einfachen Vergleich, sonst 730 Tage (soweit Daten vorhanden).":
        "Empty: 365 days for the simple comparison, else 730 days (as far as there are data).",
    "Kontrollstationen": "Control stations",
    "Kontrollstationen wählen …": "Choose control stations …",
    "Stationen derselben Art ohne die Maßnahme; nur für Differenz-von-Differenzen.":
        "Stations of the same kind without the measure; only for difference-in-differences.",
    "Alle Stationen mit Messreihen, nach Art.": "All stations with series, by kind.",
    "Dieser Indikator ist nicht je Station auswertbar: verglichen wird die Gesamtreihe.":
        "This indicator cannot be evaluated per station: the overall series is compared.",
    "Optional: ohne Station wird die Gesamtreihe (Monatswerte) verglichen.":
        "Optional: without a station the overall series (monthly values) is compared.",
    "Ergebnis": "Result",
    "Bitte eine Datenreihe und einen Stichtag wählen (eine Maßnahme setzt den Stichtag auf ihren Start).":
        "Please choose a series and a reference date (a measure sets the reference date to its start).",
    "Vergleich nicht möglich": "Comparison not possible",
    "Hinweis zur Methode": "Note on the method",
    "Zeitfenster vorher": "Window before",
    "Zeitfenster nachher": "Window after",
    "Mittel vorher / nachher": "Mean before / after",
    "Werte": "Values",
    "{n} Werte": "{n} values",
    "Methode und Daten": "Method and data",
    "Geschätzte Veränderung: {pct} % (95-%-Intervall {lo} bis {hi} %)":
        "Estimated change: {pct} % (95 % interval {lo} to {hi} %)",
    "{title}: Mittel vorher {before}, nachher {after} {unit}": "{title}: mean before {before}, after {after} {unit}",
    "{start} bis {end}": "{start} to {end}",
    "95-%-Intervall {lo} bis {hi}": "95 % interval {lo} to {hi}",
    "Geschätzte Veränderung seit dem {day}: {pct} (95-%-Intervall {lo} bis {hi}), das sind rund {effect}{unit} "
    "(Intervall {effect_lo} bis {effect_hi}) gegenüber dem Mittel vorher von {before}.":
        "Estimated change since {day}: {pct} (95 % interval {lo} to {hi}), that is about {effect}{unit} "
        "(interval {effect_lo} to {effect_hi}) compared with the mean before of {before}.",
    "Tageswerte": "Daily values",
    "{title}: {step} im Zeitfenster vorher ({before}, {n_before} Werte, Mittel {mean_before}) und nachher ({after}, "
    "{n_after} Werte, Mittel {mean_after}). Die Zeitfenster sind hinterlegt und beschriftet, die Mittelwerte als "
    "gestrichelte Linien eingezeichnet.":
        "{title}: {step} in the window before ({before}, {n_before} values, mean {mean_before}) and after ({after}, "
        "{n_after} values, mean {mean_after}). The windows are shaded and labelled, the means drawn as dashed lines.",
    "Die Tabelle zeigt Monatsmittel, der Download jeden Tag.": "The table shows monthly means, the download every day.",
    "Gepunktet: Mittel der Kontrollstationen ({names}).": "Dotted: mean of the control stations ({names}).",
    "vorher": "before",
    "nachher": "after",
    "Mittel der Kontrollstationen": "Mean of the control stations",
    "Kontrollen": "controls",
    "Mittel vorher": "Mean before",
    "Mittel nachher": "Mean after",
    "schließt null ein": "includes zero",
    "schließt null aus": "excludes zero",
    "Punkt: geschätzte Veränderung {pct}; Strich: 95-%-Intervall von {lo} bis {hi}. Die senkrechte Linie markiert "
    "„keine Veränderung“ (0 %); das Intervall {zero}.":
        "Point: estimated change {pct}; bar: 95 % interval from {lo} to {hi}. The vertical line marks “no change” (0 %); "
        "the interval {zero}.",
    "Veränderung": "Change",
    "0 % = keine Veränderung": "0 % = no change",
    "Veränderung in % (95-%-Intervall)": "Change in % (95 % interval)",
    "Kein belastbarer Effekt nachweisbar: die Unsicherheit ist nicht bestimmbar.":
        "No robust effect detectable: the uncertainty cannot be determined.",
    "Kein belastbarer Effekt nachweisbar: die Veränderung seit dem {day} ({pct}, {interval}) ist mit null vereinbar.":
        "No robust effect detectable: the change since {day} ({pct}, {interval}) is compatible with zero.",
    "Anstieg um {pct} seit dem {day} ({interval}); die Daten zeigen die Veränderung, ihre Ursache belegen sie allein "
    "nicht.":
        "Increase of {pct} since {day} ({interval}); the data show the change, but do not by themselves prove its cause.",
    "Rückgang um {pct} seit dem {day} ({interval}); die Daten zeigen die Veränderung, ihre Ursache belegen sie allein "
    "nicht.":
        "Decrease of {pct} since {day} ({interval}); the data show the change, but do not by themselves prove its cause.",
    # methods (indicators/before_after.py, indicators/comparisons.py, indicators/presentation.py)
    "Einfacher Vorher-nachher-Vergleich (gleich lange Zeitfenster, gleiche Kalendermonate)":
        "Simple before/after comparison (windows of equal length, same calendar months)",
    "Wetter- und kalenderbereinigter Vergleich (Regression auf Temperatur, Niederschlag, Wochentag, Feiertage)":
        "Weather- and calendar-adjusted comparison (regression on temperature, precipitation, weekday, holidays)",
    "Unterbrochene Zeitreihe (segmentierte Regression mit Saison, Trend und Wochentag)":
        "Interrupted time series (segmented regression with season, trend and weekday)",
    "Differenz-von-Differenzen gegenüber Kontrollstationen": "Difference-in-differences against control stations",
    "Einfacher Vergleich": "Simple comparison",
    "Mittelwerte gleich langer Zeitfenster vor und nach dem Stichtag.":
        "Means of equally long windows before and after the reference date.",
    "Wetter- und kalenderbereinigt": "Weather- and calendar-adjusted",
    "Rechnet Temperatur, Regen, Wochentag, Feiertage, Saison und Trend heraus.":
        "Takes out temperature, rain, weekday, holidays, season and trend.",
    "Unterbrochene Zeitreihe": "Interrupted time series",
    "Sprung am Stichtag gegenüber dem fortgeschriebenen Trend mit Saison.":
        "Jump at the reference date against the continued trend with season.",
    "Differenz-von-Differenzen": "Difference-in-differences",
    "Vergleich mit der Entwicklung an Kontrollstationen ohne Maßnahme.":
        "Comparison with the development at control stations without the measure.",
    "Einfacher Vorher-nachher-Vergleich": "Simple before/after comparison",
    "Wetter- und kalenderbereinigter Vergleich": "Weather- and calendar-adjusted comparison",
    # pieces of the method note (dashboard/vorher_nachher_figures.NOTE_PARTS)
    "; Zeitfenster kürzer als ein Jahr: Saison nicht ausgeglichen": "; windows shorter than a year: season not balanced",
    "Mittelwerte gleich langer Zeitfenster": "Means of equally long windows",
    " mit gleichen Kalendermonaten": " with the same calendar months",
    "bereinigt um Tagesmitteltemperatur, Niederschlag, Schneelage, Wochentag, Feiertage in Hessen":
        "adjusted for daily mean temperature, precipitation, snow cover, weekday, public holidays in Hesse",
    ", Schulferien": ", school holidays",
    ", Saison und Trend": ", season and trend",
    "Niveausprung am Stichtag; Trend, Trendänderung, Saison (2 Harmonische), Wochentag und Feiertage modelliert":
        "level jump at the reference date; trend, change of trend, season (2 harmonics), weekday and holidays modelled",
    "95-%-Intervall mit autokorrelationsrobusten Standardfehlern": "95 % interval with autocorrelation-robust standard errors",
    "; Modell auf der Log-Skala": "; model on the log scale",
    "Differenz zur mittleren Entwicklung von {n} Kontrollstation(en)":
        "difference from the mean development of {n} control station(s)",
    "Lags": "lags",
    # errors of the comparison (BeforeAfterError templates)
    "unbekannte Methode {method}; möglich: {methods}": "unknown method {method}; possible: {methods}",
    "Indikator oder Messgröße mit Station angeben": "Give an indicator, or a measured variable with a station",
    "keine Wetterdaten (DWD) im Warehouse: bereinigter Vergleich nicht möglich":
        "no weather data (DWD) in the warehouse: adjusted comparison not possible",
    "Differenz-von-Differenzen braucht mindestens eine Kontrollstation":
        "Difference-in-differences needs at least one control station",
    "Differenz-von-Differenzen braucht eine Station und ihre Messgröße":
        "Difference-in-differences needs a station and its measured variable",
    "keine Daten für diese Reihe": "no data for this series",
    "Wetterbereinigung braucht Tageswerte; für Monats- oder Jahreswerte die unterbrochene Zeitreihe (its) oder den "
    "einfachen Vergleich wählen":
        "Weather adjustment needs daily values; for monthly or yearly values choose the interrupted time series (its) or "
        "the simple comparison",
    "zu wenig Daten um den {day}: vorher {before} Tage, nachher {after} Tage":
        "too little data around {day}: {before} days before, {after} days after",
    "zu wenige Werte: {before} vorher, {after} nachher": "too few values: {before} before, {after} after",
    "ungültiges Datum „{raw}“: erwartet JJJJ-MM-TT, z. B. 2022-04-01":
        "invalid date “{raw}”: expected YYYY-MM-DD, e.g. 2022-04-01",
    "unbekannte Methode „{method}“; möglich: {methods}": "unknown method “{method}”; possible: {methods}",
    "Zeitfenster „{raw}“ ist keine ganze Zahl von Tagen": "window “{raw}” is not a whole number of days",
    "Zeitfenster muss zwischen {low} und {high} Tagen liegen": "the window must be between {low} and {high} days",
    "Bitte einen Stichtag wählen (oder eine Maßnahme, deren Start als Stichtag dient).":
        "Please choose a reference date (or a measure whose start serves as the reference date).",
    "unbekannter Indikator „{id}“": "unknown indicator “{id}”",
    "„{name}“ ist nicht je Station auswertbar: bitte ohne Station vergleichen":
        "“{name}” cannot be evaluated per station: please compare without a station",
    "Station „{station}“ gehört nicht zu „{name}“": "station “{station}” does not belong to “{name}”",
    "Bitte einen Indikator oder eine Station mit Messgröße wählen.":
        "Please choose an indicator, or a station with a measured variable.",
    "unbekannte Station „{station}“": "unknown station “{station}”",
    "Station „{station}“ misst „{metric}“ nicht": "station “{station}” does not measure “{metric}”",
    "unbekannte Kontrollstation „{station}“": "unknown control station “{station}”",
    "Differenz-von-Differenzen braucht eine Station: bitte eine Station wählen.":
        "Difference-in-differences needs a station: please choose a station.",
    "Die Station selbst kann nicht ihre eigene Kontrollstation sein.": "A station cannot be its own control station.",
    # kinds of stations, singular (indicators/comparisons.KIND_DE)
    "Radzählstelle": "Bike counter",
    "Umweltsensor": "Environmental sensor",
    "Wetterstation": "Weather station",
    "Baumsensor": "Tree sensor",
    "Sensor (Sensordatenplattform)": "Sensor (sensor data platform)",
    "Ladestation": "Charging station",
    # metrics (indicators/comparisons.METRIC_DE)
    "Radfahrten (Tageswerte)": "Bike trips (daily values)",
    "Passanten (Tageswerte)": "Pedestrians (daily values)",
    "Feinstaub PM1": "Particulate matter PM1",
    "Feinstaub PM4": "Particulate matter PM4",
    "Tageshöchsttemperatur": "Daily maximum temperature",
    "Tagestiefsttemperatur": "Daily minimum temperature",
    "Tiefsttemperatur 5 cm über dem Boden": "Minimum temperature 5 cm above the ground",
    "Lufttemperatur (stündlich)": "Air temperature (hourly)",
    "Relative Luftfeuchte": "Relative humidity",
    "Relative Luftfeuchte (stündlich)": "Relative humidity (hourly)",
    "Luftdruck": "Air pressure",
    "Luftdruck auf Meereshöhe": "Air pressure at sea level",
    "Dampfdruck": "Vapour pressure",
    "Bewölkung": "Cloud cover",
    "Niederschlag": "Precipitation",
    "Niederschlag (stündlich)": "Precipitation (hourly)",
    "Sonnenscheindauer": "Sunshine duration",
    "Windgeschwindigkeit": "Wind speed",
    "Stärkste Windböe": "Strongest gust",
    "Schneehöhe": "Snow depth",
    "Schallpegel (LAeq)": "Sound level (LAeq)",
    "Schallpegel (Minimum)": "Sound level (minimum)",
    "Schallpegel (Maximum)": "Sound level (maximum)",
    "Lufttemperatur am Gerät": "Air temperature at the device",
    "Batterieladung": "Battery charge",
    "Verbundene Geräte": "Connected devices",
    "Knoten online (Anteil)": "Nodes online (share)",
    "Modellwert": "Model value",
    "Bodenfeuchte": "Soil moisture",
    "Bodentemperatur": "Soil temperature",
    "{name} in {depth} cm": "{name} at {depth} cm",
    # the comparison's tables (indicators/comparisons.py)
    "Zeitraum": "Period",
    "Mittel": "Mean",
    "Veränderung (%)": "Change (%)",
    "95-%-Intervall von (%)": "95 % interval from (%)",
    "95-%-Intervall bis (%)": "95 % interval to (%)",
    "Tage vorher": "Days before",
    "Tage nachher": "Days after",
    # --- Umfragen ---------------------------------------------------------------------------------------------------
    "Ergebnisse der Bürgerbefragungen je Welle. Antwortkategorien mit weniger als 5 Antworten werden nicht gezeigt – "
    "und, wo nötig, eine weitere Kategorie, damit sich die verborgene nicht zurückrechnen lässt. Veränderungen "
    "zwischen Wellen werden mit ihrem 95-%-Intervall angegeben.":
        "Results of the citizen surveys by wave. Answer categories with fewer than 5 answers are not shown – and, where "
        "needed, one more category, so that the hidden one cannot be worked out. Changes between waves are given with "
        "their 95 % interval.",
    "Es liegen noch keine Umfrageergebnisse vor.": "There are no survey results yet.",
    "Umfrage": "Survey",
    "Frage": "Question",
    "Frage {q}": "Question {q}",
    "Alle Fragen": "All questions",
    "{id} ({waves} Wellen, bis {day})": "{id} ({waves} waves, until {day})",
    "Auswahl der Umfrage und Frage": "Choice of survey and question",
    "Ergebnisse": "Results",
    "Umfrageergebnisse (aggregiert geliefert)": "Survey results (delivered aggregated)",
    "LimeSurvey-Antworten, intern ausgezählt": "LimeSurvey answers, counted internally",
    "Kennzahlen je Welle": "Key figures by wave",
    "Kennzahlen je Welle, Frage {q}": "Key figures by wave, question {q}",
    "Veränderung zwischen den Wellen": "Change between the waves",
    "Mittelwert auf der Skala 1 bis 5 (höher = zufriedener bzw. stärkere Zustimmung); Top-2-Box: Anteil der beiden "
    "höchsten Skalenwerte an den Antworten auf der Skala.":
        "Mean on the scale 1 to 5 (higher = more satisfied or stronger agreement); top-2 box: share of the two highest "
        "scale points in the answers on the scale.",
    "weniger als 5 Antworten": "fewer than 5 answers",
    "{suppressed} in: {answers} – Verteilung nicht dargestellt": "{suppressed} in: {answers} – distribution not shown",
    "Anteil der Antworten (%)": "Share of answers (%)",
    "Welle": "Wave",
    "Welle {n}": "Wave {n}",
    "Erhebung": "Survey date",
    "Antworten": "Answers",
    "Antwort": "Answer",
    "Anteil (%)": "Share (%)",
    "Hinweis": "Note",
    "Mittelwert (1–5)": "Mean (1–5)",
    "Top-2-Box": "Top-2 box",
    "nicht angegeben (Zellen unterdrückt)": "not given (cells suppressed)",
    "– (keine Skala)": "– (no scale)",
    "Skalenwert {n}": "Scale point {n}",
    "Ja": "Yes",
    "Nein": "No",
    "Weiß nicht": "Don't know",
    "keine Angabe": "no answer",
    "sehr zufrieden": "very satisfied",
    "eher zufrieden": "rather satisfied",
    "eher unzufrieden": "rather dissatisfied",
    "sehr unzufrieden": "very dissatisfied",
    "Differenz {diff} Skalenpunkte, {interval}": "difference {diff} scale points, {interval}",
    "{diff} Prozentpunkte, {interval}": "{diff} percentage points, {interval}",
    "Von {a} zu {b}: beim Mittelwert keine belastbare Veränderung ({d}).":
        "From {a} to {b}: no robust change in the mean ({d}).",
    "Von {a} zu {b} ist der Mittelwert gestiegen, um {lo} bis {hi} Skalenpunkte (95-%-Intervall; Punktschätzung {diff}).":
        "From {a} to {b} the mean has risen, by {lo} to {hi} scale points (95 % interval; point estimate {diff}).",
    "Von {a} zu {b} ist der Mittelwert gesunken, um {lo} bis {hi} Skalenpunkte (95-%-Intervall; Punktschätzung {diff}).":
        "From {a} to {b} the mean has fallen, by {lo} to {hi} scale points (95 % interval; point estimate {diff}).",
    "Top-2-Box: keine belastbare Veränderung ({p}).": "Top-2 box: no robust change ({p}).",
    "Der Top-2-Box-Anteil ist um {lo} bis {hi} Prozentpunkte gestiegen ({p}).":
        "The top-2 box share has risen by {lo} to {hi} percentage points ({p}).",
    "Der Top-2-Box-Anteil ist um {lo} bis {hi} Prozentpunkte gesunken ({p}).":
        "The top-2 box share has fallen by {lo} to {hi} percentage points ({p}).",
    "Von {a} zu {b}: beim Anteil „{name}“ keine belastbare Veränderung ({p}).":
        "From {a} to {b}: no robust change in the share “{name}” ({p}).",
    "Von {a} zu {b} ist der Anteil „{name}“ um {lo} bis {hi} Prozentpunkte gestiegen ({p}).":
        "From {a} to {b} the share “{name}” has risen by {lo} to {hi} percentage points ({p}).",
    "Von {a} zu {b} ist der Anteil „{name}“ um {lo} bis {hi} Prozentpunkte gesunken ({p}).":
        "From {a} to {b} the share “{name}” has fallen by {lo} to {hi} percentage points ({p}).",
    "Anzahl der Antworten": "Number of answers",
    "Eine Veränderung zwischen den Wellen wird nicht angegeben: in mindestens einer Welle gibt es Antwortkategorien "
    "mit {suppressed}.":
        "No change between the waves is given: at least one wave has answer categories with {suppressed}.",
    "Nur eine Welle: noch kein Vergleich möglich.": "Only one wave: no comparison possible yet.",
    "{wave} ({day}): häufigste Antwort „{answer}“ mit {share} %.": "{wave} ({day}): most frequent answer “{answer}” with {share} %.",
    "{waves}: Kategorien mit {suppressed} werden nicht gezeigt.": "{waves}: categories with {suppressed} are not shown.",
    "Keine darstellbaren Antworten.": "No answers that can be shown.",
    "teils {suppressed}": "partly {suppressed}",
    "Verteilung der Antworten": "Distribution of answers",
    "Mittelwert ohne belastbare Veränderung": "Mean without robust change",
    "Mittelwert belastbar gestiegen": "Mean robustly higher",
    "Mittelwert belastbar gesunken": "Mean robustly lower",
    "Anteile ohne belastbare Veränderung": "Shares without robust change",
    "Anteil „{answer}“ belastbar gestiegen": "Share “{answer}” robustly higher",
    "Anteil „{answer}“ belastbar gesunken": "Share “{answer}” robustly lower",
    # --- Datenqualität ----------------------------------------------------------------------------------------------
    "Wie vollständig die Messreihen sind, wann jede Quelle zuletzt geladen wurde, welche Zeilen beim Laden abgewiesen "
    "wurden und welche Indikatoren veraltet sind.":
        "How complete the series are, when each source was last loaded, which rows were rejected when loading and which "
        "indicators are stale.",
    "Es liegen noch keine Messwerte von Stationen vor.": "There are no readings from stations yet.",
    "Stationsart": "Kind of station",
    "Von": "From",
    "Bis": "To",
    "Auswahl von Stationsart und Zeitraum": "Choice of station kind and period",
    "Abdeckung je Station": "Coverage per station",
    "Daten dieser Art von {first} bis {last}. Erwartet wird je Station ihre übliche Zahl an Messintervallen pro Tag "
    "(Median), ab ihrem ersten Messtag.":
        "Data of this kind from {first} to {last}. Each station is expected to deliver its usual number of measuring "
        "intervals per day (median), from its first day of data.",
    "{kind}: Anteil der erwarteten Messintervalle {per}": "{kind}: share of the expected measuring intervals {per}",
    "Messwerte im Warehouse (Tabelle observation)": "Readings in the warehouse (table observation)",
    "Lücken und Ausfälle": "Gaps and outages",
    "Zusammenhängende Tage ohne einen einzigen Messwert, {start} bis {end}, längste zuerst":
        "Consecutive days without a single reading, {start} to {end}, longest first",
    "(die {n} längsten von {total})": "(the {n} longest of {total})",
    "Keine Tage ohne Daten im gewählten Zeitraum.": "No days without data in the chosen period.",
    "Letzte Ladung je Quellart": "Last load per source kind",
    "Abgewiesene Zeilen": "Rejected rows",
    "Ganz abgewiesene Dateien": "Files rejected as a whole",
    "geladen": "loaded",
    "Quellart": "Source kind",
    "Datei": "File",
    "Grund": "Reason",
    "{n} Zeilen wurden beim Laden abgewiesen. Die Zeilen selbst und ihre Gründe sind nur in der internen Instanz "
    "einsehbar.":
        "{n} rows were rejected when loading. The rows themselves and the reasons can only be seen on the internal "
        "instance.",
    "Nach Grund": "By reason",
    "Abgewiesene Zeilen nach Grund": "Rejected rows by reason",
    "Die letzten {n}": "The latest {n}",
    "Mit Originalzeile, so wie sie in der Datei stand (nur in der internen Instanz).":
        "With the original line as it was in the file (internal instance only).",
    "Die Originalzeilen werden nur in der internen Instanz gezeigt.": "The original lines are shown on the internal instance only.",
    "Veraltete Indikatoren": "Stale indicators",
    "Daten veraltet seit {since} (letzter Wert {latest})": "data stale since {since} (latest value {latest})",
    "Alle Indikatoren sind aktuell.": "All indicators are up to date.",
    "Stationen ohne Koordinaten": "Stations without coordinates",
    "{n} Stationen lassen sich nicht auf der Karte zeigen.": "{n} stations cannot be shown on the map.",
    "Alle Stationen haben Koordinaten.": "All stations have coordinates.",
    "Name": "Name",
    "Luftqualitätssensoren": "Air quality sensors",
    "Freifunk-Knoten (WLAN)": "Freifunk nodes (Wi-Fi)",
    "Sensordatenplattform (SensorThings)": "Sensor data platform (SensorThings)",
    "Ladestationen": "Charging stations",
    "Monat ab": "Month from",
    "Abdeckung": "Coverage",
    "der üblichen Intervalle": "of the usual intervals",
    "Abdeckung (%)": "Coverage (%)",
    "Tage erwartet": "Days expected",
    "Tage ohne Daten": "Days without data",
    "{kind}: im gewählten Zeitraum keine Daten.": "{kind}: no data in the chosen period.",
    "{kind}: {full} von {n} Stationen mit mindestens 99 % der üblichen Intervalle":
        "{kind}: {full} of {n} stations with at least 99 % of the usual intervals",
    "; am geringsten {station} mit {pct} %.": "; lowest {station} with {pct} %.",
    "Längste Lücke: {station}, {days} Tage ({first} – {last}).": "Longest gap: {station}, {days} days ({first} – {last}).",
    "Keine Tage ganz ohne Daten.": "No days entirely without data.",
    "Dargestellt {per} (Mittel der Tage), damit die Karte lesbar bleibt.":
        "Shown {per} (mean of the days), so that the chart stays readable.",
    "Tage": "Days",
    "Ausfall dauert an": "outage ongoing",
    "Lücke": "gap",
    "Letzte Ladung": "Last load",
    "Dateien": "Files",
    "Zeilen gelesen": "Rows read",
    "Zeilen geladen": "Rows loaded",
    "Zeilen abgewiesen": "Rows rejected",
    "Status der letzten Datei": "Status of the latest file",
    "geladen, Zeilen abgewiesen": "loaded, rows rejected",
    "Datei abgewiesen": "file rejected",
    "Geladen": "Loaded",
    "Zeile": "Line",
    "Originalzeile": "Original line",
    "Zuletzt abgewiesene Zeilen": "Latest rejected rows",
    # --- Präsentation -----------------------------------------------------------------------------------------------
    "Folie": "Slide",
    "Folie {k} von {n}": "Slide {k} of {n}",
    "Diese Folie kann nicht gezeigt werden:": "This slide cannot be shown:",
    "Monatsmittel": "monthly mean",
    "Jahresmittel": "yearly mean",
    "Zurück": "Back",
    "Weiter": "Next",
    "Vollbild (F)": "Full screen (F)",
    "Vollbild ein/aus (Taste F)": "Full screen on/off (key F)",
    "Als PDF herunterladen": "Download as PDF",
    "Beenden": "Exit",
    "Präsentation verlassen (zur Übersicht)": "Leave the presentation (to the overview)",
    "Präsentation steuern": "Control the presentation",
    "Präsentation kann nicht gezeigt werden": "The presentation cannot be shown",
    "Zur Übersicht": "To the overview",
    "kein belastbarer Effekt": "no robust effect",
    "belastbarer Anstieg": "robust increase",
    "belastbarer Rückgang": "robust decrease",
    "Basis": "Baseline",
    "Ziel {value} bis {year}": "Target {value} by {year}",
    "{title}: von {first} ({first_day}) auf {last} ({last_day}) {unit}.":
        "{title}: from {first} ({first_day}) to {last} ({last_day}) {unit}.",
    "Ziel: {value} bis {day}.": "Target: {value} by {day}.",
    "Anzahl Zeilen": "Rows",
}
