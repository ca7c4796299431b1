"""District boundaries GeoJSON: areas validated and stored as features, bad ones rejected by feature number."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from etl.errors import FileRejected
from etl.loader import load_file
from etl.parsing import RowRejected
from etl.sources.districts import DistrictBoundaries, check_geometry

DATA = Path(__file__).parents[1] / "data" / "districts"
FILE = DATA / "stadtteile.geojson"


def districts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None]]:
    return con.execute("select district_id, name from district order by district_id").fetchall()


def write(tmp_path: Path, name: str, doc: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def square(x: float, y: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]]}


def test_areas_loaded_with_ids_names_and_their_feature(con: duckdb.DuckDBPyConnection) -> None:
    res = load_file(con, FILE)
    assert res.kind == "districts_geojson"
    assert (res.rows_in, res.rows_loaded, res.rows_rejected) == (7, 4, 3)
    assert districts(con) == [("01", "Innenstadt"), ("02", "Bürgel"), ("6", None), ("Lauterborn", "Lauterborn")]
    source = json.loads(FILE.read_text(encoding="utf-8"))["features"]
    stored = {d: json.loads(g) for d, g in con.execute("select district_id, geojson from district").fetchall()}
    assert stored["02"] == source[1]  # the feature as it was, MultiPolygon with its hole
    assert stored["01"]["properties"]["Fläche_ha"] == 123.4


def test_bad_features_rejected_with_their_number(con: duckdb.DuckDBPyConnection) -> None:
    load_file(con, FILE)
    rows = con.execute("select line, reason from rejected_row order by line").fetchall()
    assert [ln for ln, _ in rows] == [4, 5, 7]
    assert "außerhalb Länge/Breite" in rows[0][1] and "nicht geschlossen" in rows[1][1] and "'Point'" in rows[2][1]


def test_the_file_replaces_the_table_and_loading_twice_changes_nothing(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    load_file(con, FILE)
    before = con.execute("select district_id, name, geojson from district order by 1").fetchall()
    assert load_file(con, FILE).status == "already_loaded"
    copy = tmp_path / "copy.geojson"
    copy.write_text(json.dumps(json.loads(FILE.read_text(encoding="utf-8")), indent=1), encoding="utf-8")
    load_file(con, copy)
    assert con.execute("select district_id, name, geojson from district order by 1").fetchall() == before
    new = write(
        tmp_path,
        "neu.geojson",
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "id": "A", "properties": {}, "geometry": square(8.7, 50.1)}],
        },
    )
    load_file(con, new)
    assert districts(con) == [("A", None)]  # feature-level id when properties have none


def test_projected_coordinates_or_no_valid_area_change_nothing(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    load_file(con, FILE)
    utm = write(
        tmp_path,
        "utm.geojson",
        {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}},
            "features": [{"type": "Feature", "properties": {"id": "x"}, "geometry": square(485000, 5551000)}],
        },
    )
    with pytest.raises(FileRejected, match="WGS84"):
        load_file(con, utm)
    broken = write(
        tmp_path,
        "leer.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"id": "x"}, "geometry": {"type": "Polygon", "coordinates": [[[8.7, 50.1]]]}}
            ],
        },
    )
    with pytest.raises(FileRejected, match="keine gültige Stadtteilfläche"):
        load_file(con, broken)
    assert len(districts(con)) == 4


def test_duplicate_id_keeps_the_first() -> None:
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"Stadtteil": "Mitte"}, "geometry": square(8.7, 50.1)},
            {"type": "Feature", "properties": {"Stadtteil": "Mitte"}, "geometry": square(8.8, 50.1)},
        ],
    }
    parsed = DistrictBoundaries().parse(json.dumps(doc).encode(), "d.geojson")
    assert parsed.tables["district"]["district_id"].to_list() == ["Mitte"]
    assert parsed.rejected[0][0] == 2 and "doppelt" in parsed.rejected[0][1]


@pytest.mark.parametrize(
    ("geometry", "reason"),
    [
        (None, "ohne Geometrie"),
        ({"type": "Polygon", "coordinates": [[[8.7, 50.1], [8.8, 50.1], [8.8, 50.2]]]}, "weniger als 4"),
        ({"type": "Polygon", "coordinates": [[[8.7, 50.1], [8.8, "50"], [8.8, 50.2], [8.7, 50.1]]]}, "kein Zahlenpaar"),
        ({"type": "Polygon", "coordinates": [[[8.7, 50.1], [8.8, 91], [8.8, 50.2], [8.7, 50.1]]]}, "außerhalb"),
        ({"type": "MultiPolygon", "coordinates": []}, "ohne Polygone"),
        ({"type": "LineString", "coordinates": [[8.7, 50.1], [8.8, 50.1]]}, "keine Fläche"),
    ],
)
def test_geometry_checks(geometry: dict | None, reason: str) -> None:
    with pytest.raises(RowRejected, match=reason):
        check_geometry(geometry)


def test_detect_is_specific() -> None:
    src = DistrictBoundaries()
    assert src.detect(FILE.read_bytes(), FILE.name)
    points = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [8.7, 50.1]}}],
    }
    assert not src.detect(json.dumps(points).encode(), "p.geojson")
    for other in ("sensorthings/things-page.json", "freifunk/meshviewer-2024-03-31.json", "open311/requests.json"):
        assert not src.detect((DATA.parent / other).read_bytes(), other)
