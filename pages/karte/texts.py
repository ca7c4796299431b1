"""Texts of the karte page that reach `_()` as values, not as literals: kinds, metrics, units, parts and aggregation
levels of indicators/stations.py. Listed with `N_()` so that `make i18n-extract` keeps them in the catalogue; nothing
imports this at run time. The shell's own such texts are in dashboard/i18n_data.py (docs/translations.md)."""

from __future__ import annotations

from dashboard.i18n import N_

TEXTS: tuple[str, ...] = (
    # the page's name in the navigation
    N_("Karte"),
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
