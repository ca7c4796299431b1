"""Indicator records: discovered from indicators/definitions/, the only source of a computed indicator's texts;
the stored-series key follows the SQL text; a snapshot is public only when publish recorded it."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from indicators import registry
from indicators.definitions import IndicatorDef, all_definitions
from indicators.store import Snapshot

CATALOGUE_ONLY = registry.Indicator(
    indicator_id="opendata_abrufe",
    measure_id="open-data-portal",
    name="Abrufe von Open Data",
    definition="d",
    unit="Abrufe/Monat",
    ioo_level="outcome",
    direction="increase",
    baseline_value=None,
    baseline_date=None,
    target_value=None,
    target_date=None,
    update_interval="P1M",
    source="s",
    responsible_unit="",
    is_public=True,
    caveats="c",
    is_example=True,
)


def test_every_record_is_found_under_its_file_name() -> None:
    defs = all_definitions()
    assert len(defs) == 14 and set(defs) == set(registry.COMPUTED)
    for iid, d in defs.items():
        assert d.id == iid and d.name and d.definition and d.source and d.caveats
        assert (Path(registry.__file__).parent / "sql" / f"{d.query}.sql").exists(), iid


def test_a_record_is_keyword_only_and_checks_its_vocabularies() -> None:
    with pytest.raises(TypeError):
        IndicatorDef("x", "m", "q")  # type: ignore[misc]  # the point: positional arguments are refused
    with pytest.raises(ValueError, match="ioo_level"):
        IndicatorDef(
            id="x",
            measure_id="m",
            query="q",
            unit="u",
            ioo_level="Outcome",
            direction="increase",
            update_interval="P1M",
            name="n",
            definition="d",
            source="s",
            caveats="c",
        )


def _snapshot(path: Path, *, kind: str | None) -> Snapshot:
    con = duckdb.connect(str(path))
    con.execute("create table indicator_value (indicator_id varchar, period_start date, value double, is_example boolean)")
    con.execute("insert into indicator_value values ('opendata_abrufe', date '2024-01-01', 5.0, true)")
    stored = pl.DataFrame({"period_start": [date(2024, 1, 1)], "value": [999.0], "is_example": [True]})
    buf = io.BytesIO()
    stored.write_ipc_stream(buf)
    con.execute("create table indicator_series (key varchar, indicator_id varchar, ipc blob)")
    con.execute(
        "insert into indicator_series values (?, ?, ?)",
        [registry.series_key(CATALOGUE_ONLY), CATALOGUE_ONLY.indicator_id, buf.getvalue()],
    )
    con.execute("create table measure (measure_id varchar)")
    con.execute("insert into measure values ('radverkehrszaehlstellen')")
    if kind is not None:
        con.execute("create table snapshot_meta (key varchar, value varchar)")
        con.execute("insert into snapshot_meta values ('kind', ?)", [kind])
    con.close()
    return Snapshot(path)


def test_an_edited_sql_file_is_computed_not_served_from_the_stored_series(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snap = _snapshot(tmp_path / "snap.duckdb", kind="internal")
    key = registry.series_key(CATALOGUE_ONLY)
    assert registry._stored_series(snap, CATALOGUE_ONLY, station=None)["value"].to_list() == [999.0]  # stored
    original = registry.sql
    monkeypatch.setattr(registry, "sql", lambda name: original(name) + "\n-- edited")
    assert registry.series_key(CATALOGUE_ONLY) != key
    snap.forget()
    assert registry._stored_series(snap, CATALOGUE_ONLY, station=None)["value"].to_list() == [5.0]  # computed


def test_public_is_what_publish_recorded_not_a_guess(tmp_path: Path) -> None:
    public = _snapshot(tmp_path / "public.duckdb", kind="public")
    internal = _snapshot(tmp_path / "internal.duckdb", kind="internal")
    unrecorded = _snapshot(tmp_path / "old.duckdb", kind=None)  # no rejected_row either: still not public
    assert public.is_public and not internal.is_public and not unrecorded.is_public
    # computed indicators the catalogue lacks are added only where the snapshot is not public
    assert [i.indicator_id for i in registry.all_indicators(internal)] == ["rad_dtv"]
    assert registry.all_indicators(public) == []
