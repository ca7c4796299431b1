"""File archives pulled by name: sensor.community's daily per-sensor CSVs and the DWD CDC `recent` zip archives."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from etl.sync.base import Kind, Payload, Request, SourceError, Warn, Window, http_date, http_url, opt_str, write_payload
from etl.sync.config import SourceConfig
from etl.sync.http import MB, Client, size_text

SENSOR_TYPE = re.compile(r"^[a-z0-9]{2,20}$")


class SensorCommunityArchive(Kind):
    """`{base}/{day}/{day}_{type}_sensor_{id}.csv` for every listed sensor and every day of the window up to yesterday
    (UTC): the archive publishes a day after it ended; a missing file means the sensor sent nothing that day."""

    kind = "sensor_community"
    keys = frozenset({"base", "sensors"})
    overlap_hours = 48.0  # the last two days are asked again: yesterday's file may have been written late
    min_interval_minutes = 360.0
    initial_days = 7.0

    def check(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        sensors = raw.get("sensors")
        if not isinstance(sensors, list) or not sensors:
            raise ValueError('sensors fehlt (Liste wie [{ id = 12345, type = "sds011" }])')
        out = []
        for s in sensors:
            if not isinstance(s, dict) or set(s) != {"id", "type"}:
                raise ValueError(f'sensors: {s!r} ist nicht {{ id = …, type = "…" }}')
            sid, stype = s["id"], s["type"]
            if isinstance(sid, bool) or not isinstance(sid, int) or sid <= 0:
                raise ValueError(f"sensors: id {sid!r} ist keine positive ganze Zahl")
            if not isinstance(stype, str) or not SENSOR_TYPE.match(stype.lower()):
                raise ValueError(f"sensors: type {stype!r} ist kein Sensortyp wie sds011, bme280, dht22")
            out.append((sid, stype.lower()))
        return {"base": http_url(opt_str(raw, "base", "https://archive.sensor.community"), "base"), "sensors": out}

    def requests(self, src: SourceConfig, window: Window, headers: Mapping[str, str]) -> list[Request]:
        last = (window.until - timedelta(days=1)).date()  # yesterday: today's file does not exist yet
        day = window.since.date()
        out = []
        while day <= last:
            d = day.isoformat()
            for sid, stype in src.options["sensors"]:
                name = f"{d}_{stype}_sensor_{sid}.csv"
                out.append(Request(f"{src.options['base']}/{d}/{name}", headers=headers, missing_ok=True, file_name=name))
            day += timedelta(days=1)
        return out

    def fetch(
        self, src: SourceConfig, window: Window, client: Client, workdir: Path, headers: Mapping[str, str], warn: Warn
    ) -> tuple[int, list[Payload]]:
        made, payloads = super().fetch(src, window, client, workdir, headers, warn)
        # a sensor without a single file in the window: silent, or a wrong id or type in sources.toml
        for sid, stype in src.options["sensors"]:
            if made and not any(p.path.name.endswith(f"_{stype}_sensor_{sid}.csv") for p in payloads):
                warn(f"keine Archivdatei für Sensor {sid} ({stype}) seit {window.since:%d.%m.%Y} (id und type prüfen)")
        return made, payloads


# DWD CDC `recent` archives: product -> (path below `base`, archive name with the station id)
DWD_PRODUCTS = {
    "daily_kl": ("daily/kl/recent", "tageswerte_KL_{station}_akt.zip"),
    "hourly_air_temperature": ("hourly/air_temperature/recent", "stundenwerte_TU_{station}_akt.zip"),
    "hourly_precipitation": ("hourly/precipitation/recent", "stundenwerte_RR_{station}_akt.zip"),
}
PRODUCT_MEMBER = re.compile(r"^produkt_[a-z0-9_]+\.txt$", re.IGNORECASE)


class DwdRecent(Kind):
    """The `recent` zip archive (about the last 500 days) of each listed station and product; the `produkt_*.txt`
    inside is what is loaded. The archives are rewritten once a day: after the first pull each is asked with
    If-Modified-Since, and an unchanged one is not downloaded again."""

    kind = "dwd"
    keys = frozenset({"base", "stations", "products"})
    overlap_hours = 1.0
    min_interval_minutes = 360.0
    conditional = True

    def check(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        stations = raw.get("stations")
        if not isinstance(stations, list) or not stations:
            raise ValueError('stations fehlt (Liste der Stationskennungen, z. B. ["07341"])')
        ids = []
        for s in stations:
            text = str(s).strip() if isinstance(s, int | str) and not isinstance(s, bool) else ""
            if not text.isdigit() or len(text) > 5:
                raise ValueError(f"stations: {s!r} ist keine DWD-Stationskennung (bis zu 5 Ziffern)")
            ids.append(text.zfill(5))
        products = raw.get("products", list(DWD_PRODUCTS))
        if not isinstance(products, list) or not products or any(p not in DWD_PRODUCTS for p in products):
            raise ValueError(f"products: erlaubt sind {', '.join(DWD_PRODUCTS)}")
        base = opt_str(raw, "base", "https://opendata.dwd.de/climate_environment/CDC/observations_germany/climate")
        return {"base": http_url(base, "base"), "stations": ids, "products": list(products)}

    def requests(self, src: SourceConfig, window: Window, headers: Mapping[str, str]) -> list[Request]:
        hdrs = dict(headers)
        if window.modified_since is not None:
            hdrs["If-Modified-Since"] = http_date(window.modified_since)
        out = []
        for product in src.options["products"]:
            folder, pattern = DWD_PRODUCTS[product]
            for station in src.options["stations"]:
                name = pattern.format(station=station)
                out.append(Request(f"{src.options['base']}/{folder}/{name}", headers=hdrs, file_name=name))
        return out

    def fetch(
        self, src: SourceConfig, window: Window, client: Client, workdir: Path, headers: Mapping[str, str], warn: Warn
    ) -> tuple[int, list[Payload]]:
        reqs = self.requests(src, window, headers)
        payloads: list[Payload] = []
        cap = int((src.max_mb or client.settings.max_mb) * MB)
        for req in reqs:
            got = client.get(req.url, headers=req.headers, max_mb=src.max_mb)
            if got is None:  # 304: unchanged since the last pull
                continue
            member, data = product_member(got.body, req.file_name, cap)
            payloads.append(write_payload(workdir, len(payloads), member, data, f"{req.url}#{member}"))
        return len(reqs), payloads


def product_member(body: bytes, archive: str, cap: int) -> tuple[str, bytes]:
    """Name and bytes of the one `produkt_*.txt` in a DWD zip archive (its size checked before unpacking)."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            members = [i for i in zf.infolist() if PRODUCT_MEMBER.match(Path(i.filename).name)]
            if len(members) != 1:
                raise SourceError(f"{archive}: {len(members)} statt einer Datei produkt_*.txt im Archiv")
            info = members[0]
            if info.file_size > cap:
                raise SourceError(
                    f"{archive}: {info.filename} entpackt {size_text(info.file_size)}, Grenze {size_text(cap)} (max_mb)"
                )
            return Path(info.filename).name, zf.read(info)
    except zipfile.BadZipFile:
        raise SourceError(f"{archive}: keine lesbare ZIP-Datei") from None
