"""District boundaries (GeoJSON FeatureCollection of Polygons/MultiPolygons in WGS84) for the map."""

from __future__ import annotations

import json
import re
from typing import Any

from etl.errors import FileRejected
from etl.frames import rows_frame
from etl.parsing import RowRejected, decode_text, json_object, load_json
from etl.registry import Parsed, Source, register

ID_KEYS = ("id", "ID", "Id", "district_id", "Stadtteil", "stadtteil", "STADTTEIL", "name", "Name", "NAME")
NAME_KEYS = ("name", "Name", "NAME", "Stadtteil", "stadtteil", "STADTTEIL", "Bezeichnung", "bezeichnung", "stt_name", "STT_NAME")
WGS84 = re.compile(r"(CRS84|EPSG:?:?4326|EPSG::4326)$", re.IGNORECASE)


def _check_ring(ring: Any, where: str) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise RowRejected(f"{where}: Ring mit weniger als 4 Positionen")
    for pos in ring:
        if (
            not isinstance(pos, list)
            or len(pos) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in pos[:2])
        ):
            raise RowRejected(f"{where}: Position ist kein Zahlenpaar: {pos!r}"[:200])
        lon, lat = pos[0], pos[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise RowRejected(f"{where}: Koordinate außerhalb Länge/Breite (WGS84): [{lon}, {lat}]")
    if ring[0][:2] != ring[-1][:2]:
        raise RowRejected(f"{where}: Ring nicht geschlossen (erste ≠ letzte Position)")


def check_geometry(geometry: Any) -> None:
    """A Polygon or MultiPolygon with closed rings of lon/lat positions in range; raises `RowRejected` otherwise."""
    if not isinstance(geometry, dict):
        raise RowRejected("Feature ohne Geometrie")
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        if not isinstance(coords, list) or not coords:
            raise RowRejected("MultiPolygon ohne Polygone")
        polygons = coords
    else:
        raise RowRejected(f"Geometrie {kind!r} ist keine Fläche (erwartet Polygon oder MultiPolygon)")
    for p, polygon in enumerate(polygons, start=1):
        if not isinstance(polygon, list) or not polygon:
            raise RowRejected(f"Polygon {p} ohne Ringe")
        for r, ring in enumerate(polygon, start=1):
            _check_ring(ring, f"Polygon {p}, Ring {r}")


def _prop(props: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = props.get(k)
        if isinstance(v, bool) or v is None:
            continue
        if isinstance(v, int | float | str) and str(v).strip():
            return str(v).strip()
    return None


@register
class DistrictBoundaries(Source):
    kind = "districts_geojson"
    label = "Stadtteilgrenzen (GeoJSON, Polygone)"
    write_modes = {"district": "replace"}

    def detect(self, head: bytes, name: str) -> bool:
        text = decode_text(head)
        return (
            re.search(r'"type"\s*:\s*"FeatureCollection"', text) is not None
            and re.search(r'"type"\s*:\s*"(Multi)?Polygon"', text) is not None
            and "@iot." not in text
        )

    def parse(self, data: bytes, name: str) -> Parsed:
        doc = load_json(data)
        if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
            raise FileRejected("GeoJSON: FeatureCollection mit 'features' erwartet")
        crs = doc.get("crs")
        crs_name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
        if isinstance(crs_name, str) and not WGS84.search(crs_name.strip()):
            raise FileRejected(f"Koordinatensystem {crs_name!r} nicht unterstützt: bitte in WGS84 (EPSG:4326) exportieren")
        rows: list[dict[str, Any]] = []
        rejected: list[tuple[int | None, str, str]] = []
        seen: dict[str, int] = {}
        features = doc["features"]
        for index, feature in enumerate(features, start=1):
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                rejected.append((index, "Element ist kein GeoJSON-Feature", ""))
                continue
            props = json_object(feature.get("properties"))
            district_id = _prop(props, ID_KEYS) or _prop({"id": feature.get("id")}, ("id",)) or str(index)
            name_ = _prop(props, NAME_KEYS)
            raw = json.dumps({"district_id": district_id, "name": name_}, ensure_ascii=False)
            try:
                check_geometry(feature.get("geometry"))
            except RowRejected as e:
                rejected.append((index, f"Stadtteil {district_id!r}: {e}", raw))
                continue
            if district_id in seen:
                rejected.append((index, f"Stadtteil-ID {district_id!r} doppelt (gilt: Feature {seen[district_id]})", raw))
                continue
            seen[district_id] = index
            geojson = json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
            rows.append({"district_id": district_id, "name": name_, "geojson": geojson, "_line": index, "_raw": raw})
        if not rows:
            # the file replaces the whole table: one without a single valid area must not erase the known ones
            first = rejected[0] if rejected else None
            raise FileRejected(
                "keine gültige Stadtteilfläche" + (f": {first[1]}" if first else ""), line=first[0] if first else None
            )
        frame = rows_frame("district", rows)
        return Parsed(tables={"district": frame}, rejected=rejected, rows_in=len(features))
