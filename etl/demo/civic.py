"""Demodaten for the city's own services: charging register, Open311 reports, Freifunk, SensorThings, surveys, districts."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import polars as pl

from etl.demo.world import BERLIN, END, HOURLY_START, PLACES, World, rng

DRECK_WEG_START = dt.date(2024, 3, 1)  # 48h-dreck-weg-plus
STATION_MITTE_START = dt.date(2023, 9, 1)
FAKE_PERSON = "Erika Mustermann (erika.mustermann@example.org, Tel. 0000 000000)"  # obviously invented


def _jitter(r: np.random.Generator, place: str, metres: float) -> tuple[float, float]:
    p = PLACES[place]
    return p.lat + r.normal(0, metres / 111_000), p.lon + r.normal(0, metres / 71_500)


# --------------------------------------------------------------------------------------------- Ladesäulenregister

OPERATORS = [
    "Energieversorgung Offenbach AG",
    "EnBW mobility+ AG und Co.KG",
    "Allego GmbH",
    "Mainova AG",
    "Lidl Dienstleistung GmbH & Co. KG",
    "Tesla Germany GmbH",
    "IONITY GmbH",
    "Stadtwerke Offenbach Holding GmbH",
]
OF_STREETS = [
    ("Berliner Straße", "63065"),
    ("Kaiserstraße", "63065"),
    ("Frankfurter Straße", "63067"),
    ("Waldstraße", "63071"),
    ("Sprendlinger Landstraße", "63069"),
    ("Mühlheimer Straße", "63075"),
    ("Senefelderstraße", "63069"),
    ("Odenwaldring", "63069"),
    ("Luisenstraße", "63067"),
    ("Isenburgring", "63069"),
    ("Herrnstraße", "63065"),
    ("Bieberer Straße", "63071"),
    ("Offenbacher Landstraße", "63075"),
    ("Goethering", "63067"),
    ("Hafeninsel", "63067"),
]
NEIGHBOURS = [
    ("Frankfurt am Main", "60314", 50.112, 8.720),
    ("Mühlheim am Main", "63165", 50.118, 8.833),
    ("Neu-Isenburg", "63263", 50.053, 8.695),
    ("Obertshausen", "63179", 50.071, 8.851),
]
RELEASES = [dt.date(y, 4, 1) for y in range(2019, 2026)]
XLSX_RELEASE = dt.date(2022, 4, 1)
PLUGS = {"AC": ("AC Steckdose Typ 2", 22.0), "DC": ("DC Kupplung Combo, DC CHAdeMO", 50.0), "HPC": ("DC Kupplung Combo", 150.0)}


def _offenbach_charger(r: np.random.Generator, commissioned: dt.date, *, ac: float, dc: float) -> dict[str, Any]:
    """One charger in Offenbach: AC with probability `ac`, else DC with probability `dc`, else HPC."""
    street, postcode = OF_STREETS[int(r.integers(0, len(OF_STREETS)))]
    lat, lon = _jitter(r, "Marktplatz", 1400)
    kind = "AC" if r.random() < ac else ("DC" if r.random() < dc else "HPC")
    return {
        "operator": OPERATORS[int(r.integers(0, len(OPERATORS)))],
        "street": street,
        "no": str(int(r.integers(1, 180))),
        "postcode": postcode,
        "city": "Offenbach am Main",
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "commissioned": commissioned,
        "kind": kind,
        "points": 2 if kind != "HPC" else int(r.integers(2, 7)),
    }


def chargers(r: np.random.Generator, scale: float = 1.0) -> list[dict[str, Any]]:
    """The register's universe: Offenbach chargers (growing since 2014) and some in neighbouring towns."""
    per_year = {2014: 2, 2015: 3, 2016: 4, 2017: 6, 2018: 8, 2019: 12, 2020: 18, 2021: 24, 2022: 30, 2023: 34, 2024: 38, 2025: 14}
    out = []
    for year, n in per_year.items():
        for _ in range(max(1, round(n * scale))):
            last = dt.date(year, 3, 31) if year == 2025 else dt.date(year, 12, 31)
            commissioned = dt.date(year, 1, 1) + dt.timedelta(days=int(r.integers(0, (last - dt.date(year, 1, 1)).days + 1)))
            out.append(_offenbach_charger(r, commissioned, ac=0.8, dc=0.7))
    for city, postcode, lat0, lon0 in NEIGHBOURS:
        for _ in range(max(1, round(8 * scale))):
            commissioned = dt.date(2016, 1, 1) + dt.timedelta(days=int(r.integers(0, 3300)))
            out.append(
                {
                    "operator": OPERATORS[int(r.integers(0, len(OPERATORS)))],
                    "street": "Hauptstraße",
                    "no": str(int(r.integers(1, 90))),
                    "postcode": postcode,
                    "city": city,
                    "lat": round(lat0 + r.normal(0, 0.006), 6),
                    "lon": round(lon0 + r.normal(0, 0.009), 6),
                    "commissioned": min(commissioned, dt.date(2025, 3, 31)),
                    "kind": "AC",
                    "points": 2,
                }
            )
    return sorted(out, key=lambda c: (c["postcode"], c["commissioned"]))


def _plug_cells(c: dict[str, Any]) -> tuple[str, float, float]:
    plug, kw = PLUGS[c["kind"]]
    return plug, kw, kw * c["points"] if c["kind"] == "AC" else kw


def _comma(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}".replace(".", ",")


def bnetza_csv(release: dt.date, rows: list[dict[str, Any]], *, faults: bool) -> bytes:
    """One CSV release: Windows-1252, `;`, decimal comma, preamble; the layout changed in 2023."""
    new = release.year >= 2023
    pre = [
        "Ladesäulenregister",
        "",
        f"Stand: {release:%d.%m.%Y}",
        "Die Bundesnetzagentur veröffentlicht die Daten der Ladeeinrichtungen, deren Betreiber der Veröffentlichung zugestimmt haben.",
        "Lizenz: Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
        "",
        "Demodaten – nicht der echte Registerauszug.",
        "",
        ";;;;;;;;;;Allgemeine Informationen;;;;1. Ladepunkt;;;2. Ladepunkt",
    ]
    if new:
        header = (
            "Betreiber;Straße;Hausnummer;Adresszusatz;Postleitzahl;Ort;Bundesland;Kreis/kreisfreie Stadt;Breitengrad;Längengrad;"
            "Inbetriebnahmedatum;Nennleistung Ladeeinrichtung [kW];Art der Ladeeinrichung;Anzahl Ladepunkte;Steckertypen1;P1 [kW];"
            "Public Key1;Steckertypen2;P2 [kW];Public Key2"
        )
    else:
        header = (
            "Betreiber;Adresse;Postleitzahl Ort;Bundesland;Längengrad [DG];Breitengrad [DG];Inbetriebnahmedatum;"
            "Anschlussleistung [kW];Art der Ladeeinrichtung;Anzahl Ladepunkte;Steckertypen1;P1 [kW];Public Key1;Steckertypen2;P2 [kW];Public Key2"
        )
    lines = pre + [header]
    for i, c in enumerate(rows):
        plug, kw, total = _plug_cells(c)
        art = "Normalladeeinrichtung" if c["kind"] == "AC" else "Schnellladeeinrichtung"
        lat, lon = _comma(c["lat"], 6), _comma(c["lon"], 6)
        points = str(c["points"])
        if faults and i == 3:
            lat = "50,1O4"  # letter O typed for a zero
        if faults and i == 7:
            points = "zwei"
        p2 = (plug, _comma(kw, 0)) if c["points"] > 1 else ("", "")
        when = f"{c['commissioned']:%d.%m.%Y}"
        if new:
            kreis = "Kreisfreie Stadt Offenbach am Main" if c["city"] == "Offenbach am Main" else "Landkreis Offenbach"
            cells = [
                c["operator"],
                c["street"],
                c["no"],
                "",
                c["postcode"],
                c["city"],
                "Hessen",
                kreis,
                lat,
                lon,
                when,
                _comma(total, 0),
                art,
                points,
                plug,
                _comma(kw, 0),
                "",
                p2[0],
                p2[1],
                "",
            ]
        else:
            cells = [
                c["operator"],
                f"{c['street']} {c['no']}",
                f"{c['postcode']} {c['city']}",
                "Hessen",
                lon,
                lat,
                when,
                _comma(total, 0),
                art,
                points,
                plug,
                _comma(kw, 0),
                "",
                p2[0],
                p2[1],
                "",
            ]
        lines.append(";".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def bnetza_xlsx(release: dt.date, rows: list[dict[str, Any]]) -> bytes:
    """The XLSX variant (2019-style columns, real numbers and Excel dates, header on row 5)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties(
        {"created": dt.datetime(release.year, release.month, release.day), "author": "Bundesnetzagentur (Demodaten)"}
    )
    ws = wb.add_worksheet("Ladesäulenregister BNetzA")
    datefmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    ws.write(0, 0, "Ladesäulenregister Bundesnetzagentur")
    ws.write(1, 0, f"Stand: {release:%d.%m.%Y}")
    ws.write(3, 0, "Allgemeine Informationen")
    ws.write(3, 10, "1. Ladepunkt")
    header = [
        "Betreiber",
        "Adresse",
        "Postleitzahl Ort",
        "Bundesland",
        "Längengrad [DG]",
        "Breitengrad [DG]",
        "Inbetriebnahmedatum",
        "Anschlussleistung [kW]",
        "Art der Ladeeinrichtung",
        "Anzahl Ladepunkte",
        "Steckertypen1",
        "P1 [kW]",
        "Public Key1",
    ]
    ws.write_row(4, 0, header)
    for i, c in enumerate(rows, start=5):
        plug, kw, total = _plug_cells(c)
        art = "Normalladeeinrichtung" if c["kind"] == "AC" else "Schnellladeeinrichtung"
        ws.write_row(
            i, 0, [c["operator"], f"{c['street']} {c['no']}", f"{c['postcode']} {c['city']}", "Hessen", c["lon"], c["lat"]]
        )
        ws.write_datetime(i, 6, dt.datetime.combine(c["commissioned"], dt.time()), datefmt)
        ws.write_row(i, 7, [total, art, c["points"], plug, kw, ""])
    wb.close()
    return buf.getvalue()


def later_chargers(seed: int, last: dt.date, scale: float = 1.0) -> list[dict[str, Any]]:
    """Offenbach chargers commissioned after the base register (from 1 April 2025) up to `last`, from their own stream:
    about 40 a year, so a build after END finds the register's releases of later years."""
    r = np.random.default_rng([seed, 7, 2026])
    out = []
    day = dt.date(2025, 4, 1)
    while day <= last:
        for _ in range(int(r.poisson(40 * scale / 12))):
            out.append(_offenbach_charger(r, day + dt.timedelta(days=int(r.integers(0, 28))), ac=0.75, dc=0.6))
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def write_bnetza(world: World, out: Path, scale: float) -> list[Path]:
    r = rng("bnetza", world.seed)
    universe = chargers(r, scale)
    # releases after the base: every 1 April up to the build's last day, with the chargers commissioned since
    later = [
        dt.date(y, 4, 1) for y in range(RELEASES[-1].year + 1, world.data_end.year + 1) if dt.date(y, 4, 1) <= world.data_end
    ]
    if later:
        universe = sorted(
            universe + later_chargers(world.seed, world.data_end, scale), key=lambda c: (c["postcode"], c["commissioned"])
        )
    folder = out / "bnetza"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for release in RELEASES + later:
        rows = [c for c in universe if c["commissioned"] < release]
        if release == XLSX_RELEASE:
            p = folder / f"Ladesaeulenregister_{release:%Y-%m}.xlsx"
            p.write_bytes(bnetza_xlsx(release, rows))
        else:
            p = folder / f"Ladesaeulenregister_{release:%Y-%m}.csv"
            p.write_bytes(bnetza_csv(release, rows, faults=release.year == 2024))
        files.append(p)
    return files


# --------------------------------------------------------------------------------------------- Open311

CATEGORIES = [
    # (service_name, service_code, share, cleanliness measure applies, median hours to close before / after)
    ("Wilder Müll", "wilder-muell", 0.34, True, 62.0, 20.0),
    ("Verschmutzung", "verschmutzung", 0.20, True, 55.0, 18.0),
    ("Graffiti", "graffiti", 0.12, True, 150.0, 60.0),
    ("Straßenschaden", "strassenschaden", 0.19, False, 240.0, 240.0),
    ("Defekte Beleuchtung", "beleuchtung", 0.15, False, 120.0, 120.0),
]
OPEN311_START = HOURLY_START
NEVER_CLOSED = 0.03


def service_requests(
    r: np.random.Generator, scale: float = 1.0, first: dt.date = OPEN311_START, last: dt.date = END
) -> pl.DataFrame:
    """Reports 2023–2025 (and of an extension year): more in summer and after the 48h campaign; clean-up faster from
    DRECK_WEG_START."""
    days = pl.date_range(first, last, "1d", eager=True)
    doy = days.dt.ordinal_day().to_numpy()
    after = days.to_numpy() >= np.datetime64(DRECK_WEG_START)
    lam = scale * (11 + 4 * np.cos(2 * np.pi * (doy - 200) / 365.25)) * np.where(after, 1.2, 1.0)
    per_day = r.poisson(lam)
    n = int(per_day.sum())
    day = np.repeat(days.to_numpy(), per_day)
    seconds = r.integers(6 * 3600, 22 * 3600, n)
    requested = pl.Series(day).cast(pl.Datetime("us")) + pl.Series(seconds * 1_000_000).cast(pl.Duration("us"))
    cat = r.choice(len(CATEGORIES), n, p=[c[2] for c in CATEGORIES])
    is_after = np.repeat(after, per_day)
    median = np.array([[c[4], c[5]] for c in CATEGORIES])[cat, is_after.astype(int)]
    hours = np.exp(np.log(median) + r.normal(0, 0.9, n))
    never = r.random(n) < NEVER_CLOSED
    places = list(PLACES)
    where = r.integers(0, len(places), n)
    lat = np.array([PLACES[places[i]].lat for i in where]) + r.normal(0, 0.003, n)
    lon = np.array([PLACES[places[i]].lon for i in where]) + r.normal(0, 0.004, n)
    local = requested.dt.replace_time_zone(BERLIN, ambiguous="earliest", non_existent="null")
    closed = local + pl.Series((hours * 3600e6).astype(np.int64)).cast(pl.Duration("us"))
    export_at = dt.datetime(last.year, last.month, last.day, 23, 59)
    f = pl.DataFrame(
        {
            "n": np.arange(n),
            "requested": local,
            "closed": closed,
            "cat": cat,
            "never": never,
            "lat": np.round(lat, 6),
            "lon": np.round(lon, 6),
            "place": [places[i] for i in where],
        }
    ).filter(pl.col("requested").is_not_null())
    still_open = pl.col("never") | (pl.col("closed").dt.replace_time_zone(None) > export_at)
    return f.with_columns(status=pl.when(still_open).then(pl.lit("open")).otherwise(pl.lit("closed")))


def _iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="seconds")


def _request_dict(row: dict[str, Any], k: int) -> dict[str, Any]:
    name, code = CATEGORIES[row["cat"]][0], CATEGORIES[row["cat"]][1]
    requested = row["requested"]
    is_open = row["status"] == "open"
    updated = requested + dt.timedelta(hours=2) if is_open else row["closed"]
    return {
        "service_request_id": f"OF-{requested:%Y}-{k:06d}",
        "status": row["status"],
        "status_notes": "In Bearbeitung" if is_open else "Erledigt durch ESO Stadtservice",
        "service_name": name,
        "service_code": code,
        "description": f"Demodaten – frei erfunden: {name} gemeldet von {FAKE_PERSON}.",
        "agency_responsible": "ESO Stadtservice GmbH",
        "service_notice": "",
        "requested_datetime": _iso(requested),
        "updated_datetime": _iso(updated),
        "expected_datetime": _iso(requested + dt.timedelta(hours=48)),
        "address": f"{row['place']} {1 + k % 90}, 63065 Offenbach am Main",
        "address_id": "",
        "zipcode": "63065",
        "lat": row["lat"],
        "long": row["lon"],
        "media_url": f"https://example.org/demodaten/foto-{k}.jpg",
    }


def open311_files(r: np.random.Generator, scale: float, world: World | None = None) -> dict[str, bytes]:
    first, last = (OPEN311_START, END) if world is None or world.is_base else (world.start, world.end)
    f = service_requests(r, scale, first, last)
    out: dict[str, bytes] = {}
    for year in range(first.year, last.year + 1):
        rows = f.filter(pl.col("requested").dt.year() == year)
        reqs = [_request_dict(row, k) for k, row in enumerate(rows.iter_rows(named=True), start=1)]
        if year == 2024 and len(reqs) > 20:
            reqs[10]["status"] = "in Bearbeitung"  # not a GeoReport status: rejected
            reqs[20]["lat"], reqs[20]["long"] = 0.0, 0.0  # failed positioning: rejected
        if year == 2024:
            out[f"requests_{year}.xml"] = _open311_xml(reqs)
        else:
            out[f"requests_{year}.json"] = json.dumps(reqs, ensure_ascii=False, indent=1).encode("utf-8")
    return out


def _open311_xml(reqs: list[dict[str, Any]]) -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?>', "<service_requests>"]
    for q in reqs:
        parts.append("  <request>")
        parts += [f"    <{k}>{escape(str(v))}</{k}>" for k, v in q.items()]
        parts.append("  </request>")
    parts.append("</service_requests>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def write_open311(world: World, out: Path, scale: float) -> list[Path]:
    folder = out / "open311"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, data in open311_files(rng("open311", world.seed), scale, world).items():
        p = folder / name
        p.write_bytes(data)
        files.append(p)
    return files


# --------------------------------------------------------------------------------------------- Freifunk

FREIFUNK_START = dt.date(2024, 1, 1)


def write_freifunk(world: World, out: Path, scale: float) -> list[Path]:
    """Weekly meshviewer.json snapshots (Mondays 12:00 UTC) for two years; nodes join over time, some die."""
    r = rng("freifunk", world.seed)
    n_nodes = max(4, round(44 * scale))
    places = list(PLACES)
    nodes: list[dict[str, Any]] = []
    for i in range(n_nodes):
        place = places[i % len(places)]
        lat, lon = _jitter(r, place, 250)
        busy = 3.0 if place in ("Marktplatz", "Aliceplatz", "Wilhelmsplatz", "Frankfurter Straße", "Berliner Straße") else 1.0
        nodes.append(
            {
                "id": f"c4{r.integers(0, 16**10):010x}",
                "place": place,
                "lat": lat,
                "lon": lon,
                "busy": busy,
                "joins": 0 if i < 0.7 * n_nodes else int(r.integers(5, 100)),
                "dies": int(r.integers(60, 200)) if i % 11 == 5 else 10_000,
                "reliability": float(r.uniform(0.85, 0.99)),
            }
        )
    folder = out / "freifunk"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    week = 0
    day = FREIFUNK_START
    while day <= world.data_end:
        ts = dt.datetime.combine(day, dt.time(12))
        entries = []
        for k, nd in enumerate(nodes):
            if week < nd["joins"]:
                continue
            online = week < nd["dies"] and r.random() < nd["reliability"]
            clients = int(r.poisson(nd["busy"] * (4 + 2 * math.sin(2 * math.pi * week / 52)))) if online else 0
            w24 = int(r.binomial(clients, 0.45))
            other = int(r.binomial(clients - w24, 0.05))
            last = ts if online else ts - dt.timedelta(days=int(r.integers(1, 6)))
            entries.append(
                {
                    "firstseen": f"{FREIFUNK_START + dt.timedelta(weeks=nd['joins']):%Y-%m-%d}T09:00:00+0000",
                    "lastseen": last.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                    "is_online": online,
                    "is_gateway": False,
                    "clients": clients,
                    "clients_wifi24": w24,
                    "clients_wifi5": clients - w24 - other,
                    "clients_other": other,
                    "rootfs_usage": round(float(r.uniform(0.05, 0.3)), 3),
                    "loadavg": round(float(r.uniform(0, 0.6)), 2),
                    "memory_usage": round(float(r.uniform(0.3, 0.7)), 3),
                    "uptime": ts.strftime("%Y-%m-%dT00:00:00+0000"),
                    "gateway": "ffof-gw1",
                    "node_id": nd["id"],
                    "mac": ":".join(nd["id"][j : j + 2] for j in range(0, 12, 2)),
                    "addresses": [],
                    "domain": "ffof",
                    "hostname": f"ffof-demo-{k:02d}",
                    "owner": "demodaten@example.org",
                    "firmware": {"base": "gluon-v2023.2.3", "release": "2.3.0"},
                    "autoupdater": {"enabled": True, "branch": "stable"},
                    "nproc": 1,
                    "model": "TP-Link TL-WR841N/ND v9",
                    "location": {"longitude": round(nd["lon"], 5), "latitude": round(nd["lat"], 5)},
                }
            )
        doc = {"timestamp": ts.strftime("%Y-%m-%dT%H:%M:%S+0000"), "nodes": entries, "links": []}
        p = folder / f"meshviewer_{day:%Y-%m-%d}.json"
        p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        files.append(p)
        day += dt.timedelta(days=7)
        week += 1
    return files


# --------------------------------------------------------------------------------------------- SensorThings

STA_START = dt.date(2025, 10, 1)


def sensorthings_doc(world: World, r: np.random.Generator) -> dict[str, Any]:
    """A FROST-Server export of the Sensordatenplattform: Things with Locations, Datastreams and hourly Observations."""
    hours = world.hourly.filter(pl.col("ts") >= dt.datetime.combine(STA_START, dt.time()))
    ts = [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in hours["ts"]]
    n = len(ts)
    hour = hours["ts"].dt.hour().to_numpy()
    tt, rf, r1 = hours["TT"].to_numpy(), hours["RF"].to_numpy(), hours["R1"].to_numpy()
    level = 180 + np.cumsum(r1 * 2.0 - 0.35).clip(-60, 250) + r.normal(0, 1.5, n)
    noise = 52 + 8 * np.exp(-0.5 * ((hour - 14) / 4) ** 2) + r.normal(0, 2, n)
    parking = np.clip(420 - 300 * np.exp(-0.5 * ((hour - 13) / 3) ** 2) + r.normal(0, 15, n), 0, 480).round()
    pm10 = np.exp(np.log(18) + r.normal(0, 0.3, n))
    things = [
        ("Pegel Main Offenbach", "Hafen", "sensor", [("Wasserstand", "Wasserstand Main", "Zentimeter", "cm", level)]),
        ("Lärmsensor Marktplatz", "Marktplatz", "sensor", [("Schallpegel LAeq", "Schallpegel", "Dezibel A", "dB(A)", noise)]),
        ("Parkhaus Stadthof", "Herrnstraße", "sensor", [("Freie Stellplätze", "Freie Stellplätze", "Anzahl", "Anzahl", parking)]),
        (
            "Wetterstation Hafen",
            "Hafen",
            "weather",
            [
                ("Lufttemperatur", "air temperature", "Grad Celsius", "°C", tt + 0.4),
                ("Luftfeuchte", "relative humidity", "Prozent", "%", rf),
            ],
        ),
        (
            "Feinstaub Berliner Straße",
            "Berliner Straße",
            "air_quality",
            [("PM10", "PM10", "Mikrogramm pro Kubikmeter", "µg/m³", pm10)],
        ),
    ]
    doc_things = []
    obs_id = 1 if world.is_base else 10_000_000 * (world.start.year - END.year) + 1  # ids stay unique across the years
    for k, (name, place, kind, streams) in enumerate(things, start=1):
        p = PLACES[place]
        datastreams = []
        for j, (ds_name, prop, unit_name, symbol, values) in enumerate(streams, start=1):
            obs = []
            for t, v in zip(ts, values, strict=True):
                obs.append({"@iot.id": obs_id, "phenomenonTime": t, "result": round(float(v), 2)})
                obs_id += 1
            if k == 2:
                obs[100]["result"] = "n/a"  # a device error text instead of a number: rejected
            datastreams.append(
                {
                    "@iot.id": k * 100 + j,
                    "name": f"{ds_name} – {name}",
                    "description": f"{ds_name} (Demodaten)",
                    "unitOfMeasurement": {"name": unit_name, "symbol": symbol, "definition": ""},
                    "ObservedProperty": {"@iot.id": k * 100 + j, "name": prop, "definition": ""},
                    "Observations": obs,
                }
            )
        doc_things.append(
            {
                "@iot.id": k,
                "name": name,
                "description": f"{name} (Sensordatenplattform Offenbach, Demodaten)",
                "properties": {"kind": kind, "betreiber": "Stadtwerke Offenbach"},
                "Locations": [
                    {
                        "@iot.id": k,
                        "name": place,
                        "encodingType": "application/geo+json",
                        "location": {"type": "Point", "coordinates": [p.lon, p.lat]},
                    }
                ],
                "Datastreams": datastreams,
            }
        )
    return {"Things": doc_things}


def write_sensorthings(world: World, out: Path, scale: float) -> list[Path]:
    folder = out / "sensorthings"
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"sensordatenplattform_{max(STA_START, world.start):%Y-%m}_{world.end:%Y-%m}.json"
    p.write_text(json.dumps(sensorthings_doc(world, rng("sensorthings", world.seed)), ensure_ascii=False), encoding="utf-8")
    return [p]


# --------------------------------------------------------------------------------------------- surveys

LIKERT = ["A1", "A2", "A3", "A4", "A5"]  # 1 = sehr unzufrieden … 5 = sehr zufrieden
SURVEY_ID = "zufriedenheit-innenstadt"
WAVES = [("welle1", dt.date(2023, 6, 12), 0.0, 340), ("welle2", dt.date(2024, 6, 10), 0.45, 360)]
QUESTIONS = ["Q1", "Q2[SQ001]", "Q2[SQ002]", "Q2[SQ003]", "Q3"]


def limesurvey_csv(r: np.random.Generator, start: dt.date, shift: float, n: int) -> bytes:
    """Response export with answer codes: Likert questions shift up by `shift` scale points after Station Mitte."""
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", *QUESTIONS, "Q4", "Q5"]
    lines = [",".join(f'"{h}"' for h in header)]
    base = {"Q1": 2.9, "Q2[SQ001]": 3.1, "Q2[SQ002]": 2.6, "Q2[SQ003]": 3.3, "Q3": 2.4}
    for i in range(1, n + 1):
        started = dt.datetime.combine(start, dt.time(8)) + dt.timedelta(minutes=int(r.integers(0, 21 * 24 * 60)))
        complete = r.random() > 0.06
        submitted = started + dt.timedelta(minutes=int(r.integers(3, 25)))
        answers = []
        for q in QUESTIONS:
            latent = base[q] + (shift if q in ("Q1", "Q2[SQ002]", "Q3") else 0.0) + r.normal(0, 1.0)
            answers.append(LIKERT[int(np.clip(round(latent), 1, 5)) - 1] if r.random() > 0.04 else "")
        q4 = "Y" if r.random() < 0.3 + shift * 0.5 else "N"
        q5 = f"Demodaten, frei erfunden: Anmerkung Nr. {i} von {FAKE_PERSON}" if r.random() < 0.2 else ""
        cells = [
            str(i),
            f"{submitted:%Y-%m-%d %H:%M:%S}" if complete else "",
            "3" if complete else "1",
            "de",
            str(int(r.integers(1, 10**9))),
            f"{started:%Y-%m-%d %H:%M:%S}",
            f"{submitted:%Y-%m-%d %H:%M:%S}",
            *answers,
            q4 if complete else "",
            q5 if complete else "",
        ]
        lines.append(",".join(f'"{c}"' for c in cells))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


AGGREGATED_TITLE = "Bürgerumfrage „Digitales Offenbach“ – Ergebnisse"


def aggregated_results_csv(r: np.random.Generator) -> bytes:
    """A polling institute's tables (survey, wave, date, question, answer, count), with a few small cells, under the
    survey's title and an empty row (as institutes deliver them: the loader keeps the title)."""
    rows = [AGGREGATED_TITLE, "", "Umfrage;Welle;Datum;Frage;Antwort;Anzahl"]
    answers = {
        "F1": ["Ja", "Nein", "Weiß nicht"],
        "F2": ["sehr zufrieden", "eher zufrieden", "eher unzufrieden", "sehr unzufrieden"],
    }
    for wave, date, shift in (("welle1", dt.date(2022, 5, 16), 0.0), ("welle2", dt.date(2024, 5, 13), 1.0)):
        for q, opts in answers.items():
            p = (
                np.array([0.30 + 0.15 * shift, 0.6 - 0.12 * shift, 0.1 - 0.03 * shift])
                if q == "F1"
                else np.array([0.12 + 0.06 * shift, 0.40 + 0.05 * shift, 0.33 - 0.07 * shift, 0.15 - 0.04 * shift])
            )
            counts = r.multinomial(820, p / p.sum())
            for a, c in zip(opts, counts, strict=True):
                rows.append(f"buergerumfrage-digitales-offenbach;{wave};{date:%d.%m.%Y};{q};{a};{c}")
        rows.append(f"buergerumfrage-digitales-offenbach;{wave};{date:%d.%m.%Y};F3;keine Angabe;{3 if wave == 'welle1' else 4}")
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


def write_surveys(world: World, out: Path, scale: float) -> list[Path]:
    r = rng("surveys", world.seed)
    folder = out / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for wave, start, shift, n in WAVES:
        p = folder / f"{SURVEY_ID}_{wave}.csv"
        p.write_bytes(limesurvey_csv(r, start, shift, n))
        files.append(p)
    p = folder / "umfrageergebnisse_buergerumfrage_digitales_offenbach.csv"
    p.write_bytes(aggregated_results_csv(r))
    files.append(p)
    return files


# --------------------------------------------------------------------------------------------- districts

DISTRICTS = [
    ("innenstadt", "Innenstadt", 50.1043, 8.7652),
    ("nordend", "Nordend", 50.1115, 8.7700),
    ("westend", "Westend", 50.1030, 8.7520),
    ("kaiserlei", "Kaiserlei", 50.1060, 8.7390),
    ("senefelder", "Senefelderquartier", 50.0980, 8.7580),
    ("lauterborn", "Lauterborn", 50.0920, 8.7470),
    ("buchhuegel", "Buchhügel", 50.0840, 8.7520),
    ("tempelsee", "Tempelsee", 50.0880, 8.7700),
    ("bieber", "Bieber", 50.0840, 8.8060),
    ("waldhof", "Waldhof", 50.0960, 8.7900),
    ("buergel", "Bürgel", 50.1150, 8.7850),
    ("rumpenheim", "Rumpenheim", 50.1300, 8.7990),
    ("mathildenviertel", "Mathildenviertel", 50.1010, 8.7730),
]
BBOX = (8.725, 50.070, 8.830, 50.137)  # lon_min, lat_min, lon_max, lat_max
KX = math.cos(math.radians(50.1))  # metres per degree differ: compare in a locally square plane


def _clip(poly: list[tuple[float, float]], a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    """Keep the part of a convex polygon nearer to site `a` than to site `b` (perpendicular bisector, Sutherland-Hodgman)."""
    nx, ny = b[0] - a[0], b[1] - a[1]
    c = (b[0] ** 2 - a[0] ** 2 + b[1] ** 2 - a[1] ** 2) / 2

    def inside(p: tuple[float, float]) -> bool:
        return p[0] * nx + p[1] * ny <= c

    out: list[tuple[float, float]] = []
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        if inside(p):
            out.append(p)
        if inside(p) != inside(q):
            t = (c - (p[0] * nx + p[1] * ny)) / ((q[0] - p[0]) * nx + (q[1] - p[1]) * ny)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def districts_geojson() -> bytes:
    """Rough Stadtteil polygons: Voronoi cells of district centres inside the city's bounding box (not official)."""
    sites = [(lon * KX, lat) for _, _, lat, lon in DISTRICTS]
    x0, y0, x1, y1 = BBOX[0] * KX, BBOX[1], BBOX[2] * KX, BBOX[3]
    features = []
    for i, (did, name, _, _) in enumerate(DISTRICTS):
        poly = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        for j, other in enumerate(sites):
            if j != i:
                poly = _clip(poly, sites[i], other)
        ring = [[round(x / KX, 5), round(y, 5)] for x, y in poly]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "properties": {"id": did, "name": name, "hinweis": "grobe Demo-Fläche, keine amtliche Grenze"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    doc = {"type": "FeatureCollection", "name": "Stadtteile Offenbach am Main (Demodaten)", "features": features}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def write_districts(world: World, out: Path, scale: float) -> list[Path]:
    folder = out / "districts"
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / "stadtteile_offenbach.geojson"
    p.write_bytes(districts_geojson())
    return [p]
