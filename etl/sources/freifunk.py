"""Freifunk node snapshots (meshviewer.json, older nodes.json v1/v2): clients and online state per node, no owner data."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from etl.errors import FileRejected
from etl.frames import detail_frame, observation_frame, station_frame
from etl.parsing import RowRejected, decode_text, iso_to_utc, load_json
from etl.registry import Parsed, Source, register
from etl.stations import station_id

SOURCE = "freifunk"
SPLITS = (("clients_wifi24", "wifi24"), ("clients_wifi5", "wifi5"), ("clients_other", "other"))
# Node locations are the owner's address more often than not: three decimals (~110 m) keep districts and the
# map meaningful without pointing at a house.
COORD_DECIMALS = 3
NODE_ID = re.compile(r"^[0-9A-Za-z_:.-]{1,64}$")


def station_name(node_id: str) -> str:
    """A neutral station name: hostnames are chosen by private owners and often carry family or company names."""
    return f"Freifunk-Knoten {node_id[-6:]}"


def _count(value: object, field: str) -> int | None:
    if value is None:
        return None
    # NaN, inf and huge numbers are broken fields, not counts (int() of inf, float() of 10**400 would crash)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or value != value
        or value < 0
        or value > 2**53
        or value != int(value)
    ):
        raise RowRejected(f"{field}: keine Anzahl: {value!r}")
    return int(value)


def _location(loc: object) -> tuple[float | None, float | None]:
    """Latitude/longitude of a node; absent or 0/0 (the firmware's unset default) is NULL, impossible is rejected."""
    if not isinstance(loc, dict):
        return None, None
    lat, lon = loc.get("latitude"), loc.get("longitude")
    if lat is None or lon is None:
        return None, None
    if isinstance(lat, bool) or isinstance(lon, bool) or not isinstance(lat, int | float) or not isinstance(lon, int | float):
        raise RowRejected(f"Standort keine Zahl: latitude={lat!r}, longitude={lon!r}")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RowRejected(f"Standort unmöglich: latitude={lat}, longitude={lon}")
    if lat == 0 and lon == 0:
        return None, None
    return round(float(lat), COORD_DECIMALS), round(float(lon), COORD_DECIMALS)


def _node_fields(node: dict[str, Any]) -> dict[str, Any]:
    """The fields read from one node, in meshviewer names, for both layouts; hostname/owner/contact are never read."""
    if "nodeinfo" in node:  # nodes.json v1/v2 (ffmap-backend)
        info = node.get("nodeinfo") or {}
        stats = node.get("statistics") or {}
        flags = node.get("flags") or {}
        return {
            "node_id": info.get("node_id"),
            "is_online": flags.get("online"),
            "clients": stats.get("clients"),
            "location": info.get("location"),
        }
    fields = {k: node.get(k) for k in ("node_id", "is_online", "clients", "location")}
    fields.update({k: node[k] for k, _ in SPLITS if k in node})
    return fields


def _raw(fields: dict[str, Any]) -> str:
    safe = {k: v for k, v in fields.items() if k != "location"}  # provenance without the owner's position
    return json.dumps(safe, ensure_ascii=False, default=str)


@register
class FreifunkNodes(Source):
    kind = "freifunk_meshviewer"
    label = "Freifunk meshviewer.json / nodes.json (Knoten, Clients, Online-Status)"
    write_modes = {"station": "merge", "observation": "merge", "observation_detail": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        text = decode_text(head).lstrip()
        if not text.startswith("{") or '"nodes"' not in text or '"timestamp"' not in text:
            return False
        meshviewer = '"node_id"' in text and '"is_online"' in text
        ffmap = '"nodeinfo"' in text and '"flags"' in text
        return meshviewer or ffmap

    def parse(self, data: bytes, name: str) -> Parsed:
        doc = load_json(data)
        if not isinstance(doc, dict) or "nodes" not in doc:
            raise FileRejected("Freifunk: Objekt mit 'nodes' erwartet")
        try:
            ts = iso_to_utc(doc.get("timestamp"), field="timestamp", naive_is_utc=True)
        except RowRejected as e:
            raise FileRejected(f"Freifunk: {e}") from None
        if ts is None:
            raise FileRejected("Freifunk: Zeitpunkt des Schnappschusses ('timestamp') fehlt")
        nodes = doc["nodes"]
        if isinstance(nodes, dict):  # nodes.json v1: an object keyed by node id
            nodes = list(nodes.values())
        if not isinstance(nodes, list):
            raise FileRejected("Freifunk: 'nodes' ist keine Liste")
        stations: list[dict[str, Any]] = []
        obs: list[dict[str, Any]] = []
        details: list[dict[str, Any]] = []
        rejected: list[tuple[int | None, str, str]] = []
        seen: dict[str, int] = {}
        for line, node in enumerate(nodes, start=1):
            if not isinstance(node, dict):
                rejected.append((line, "Element ist kein Knotenobjekt", ""))
                continue
            fields = _node_fields(node)
            try:
                rows = _node_rows(fields, ts)
            except RowRejected as e:
                rejected.append((line, str(e), _raw(fields)))
                continue
            station, node_obs, node_details = rows
            sid = station["station_id"]
            if sid in seen:
                rejected.append(
                    (line, f"Knoten {fields['node_id']!r} doppelt im Schnappschuss (gilt: Element {seen[sid]})", _raw(fields))
                )
                continue
            seen[sid] = line
            raw = _raw(fields)
            stations.append(station)
            obs += [{**o, "_line": line, "_raw": raw} for o in node_obs]
            details += [{**d, "_line": line} for d in node_details]
        tables = {
            "station": station_frame(stations),
            "observation": observation_frame(obs),
            "observation_detail": detail_frame(details),
        }
        return Parsed(tables=tables, rejected=rejected, rows_in=len(nodes))


def _node_rows(fields: dict[str, Any], ts: datetime) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    node_id = fields.get("node_id")
    if not isinstance(node_id, str) or not NODE_ID.match(node_id.strip()):
        raise RowRejected(f"node_id fehlt oder ungültig: {node_id!r}")
    node_id = node_id.strip()
    online = fields.get("is_online")
    if not isinstance(online, bool):
        raise RowRejected(f"Online-Status fehlt oder ist kein Wahrheitswert: {online!r}")
    clients = _count(fields.get("clients"), "clients")
    parts = {comp: _count(fields.get(key), key) for key, comp in SPLITS if key in fields}
    given = {c: v for c, v in parts.items() if v is not None}
    if clients is not None and len(given) == len(SPLITS) and sum(given.values()) != clients:
        raise RowRejected(f"Summe der Bänder ({sum(given.values())}) stimmt nicht mit clients ({clients}) überein")
    lat, lon = _location(fields.get("location"))
    sid = station_id(SOURCE, node_id)
    station = {
        "station_id": sid,
        "kind": "wifi_node",
        "name": station_name(node_id),
        "lat": lat,
        "lon": lon,
        "source": "Freifunk",
    }
    obs = [{"station_id": sid, "ts": ts, "metric": "node_online", "value": 1.0 if online else 0.0}]
    details: list[dict[str, Any]] = []
    # an offline node's client count is the last one it reported, not a measurement at this snapshot
    if online and clients is not None:
        obs.append({"station_id": sid, "ts": ts, "metric": "wifi_clients", "value": float(clients)})
        details = [
            {"station_id": sid, "ts": ts, "metric": "wifi_clients", "component": comp, "value": float(v)}
            for comp, v in given.items()
        ]
    return station, obs, details
