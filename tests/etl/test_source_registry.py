"""The source registry refuses, at registration, a format whose frames can carry a table it declares no write mode for."""

from __future__ import annotations

import importlib
import pkgutil

import polars as pl
import pytest

from etl import registry
from etl.frames import observations, rows_frame, station_frame
from etl.registry import Parsed, Source, tables_built


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test formats register into a registry of their own, never into the one the other tests use."""
    monkeypatch.setattr(registry, "_REGISTRY", {})


class DistrictsWithoutMode(Source):
    kind = "test_districts_without_mode"
    write_modes = {"station": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        return False

    def parse(self, data: bytes, name: str) -> Parsed:
        return Parsed(tables={"district": rows_frame("district", [])})


class DetailInHelper(Source):
    """The detail frame is built in a module function the class calls, and added to `tables` by key."""

    kind = "test_detail_in_helper"
    write_modes = {"station": "merge", "observation": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        return False

    def parse(self, data: bytes, name: str) -> Parsed:
        return _counts_with_parts(pl.DataFrame())


def _counts_with_parts(f: pl.DataFrame) -> Parsed:
    tables = {"station": station_frame([])}
    tables["observation"] = observations(f, station_id=pl.lit("x"), ts=pl.col("ts"), metric="bicycles", value=pl.col("n"))
    tables["observation_detail"] = observations(
        f, station_id=pl.lit("x"), ts=pl.col("ts"), metric="bicycles", value=pl.col("n"), component="in"
    )
    return Parsed(tables=tables)


class TableFromVariable(Source):
    kind = "test_table_from_variable"
    write_modes = {"district": "replace"}

    def detect(self, head: bytes, name: str) -> bool:
        return False

    def parse(self, data: bytes, name: str) -> Parsed:
        table = "district"
        return Parsed(tables={table: rows_frame(table, [])})


class UnknownTable(Source):
    kind = "test_unknown_table"
    write_modes = {"stations": "merge"}

    def detect(self, head: bytes, name: str) -> bool:
        return False

    def parse(self, data: bytes, name: str) -> Parsed:
        return Parsed()


class Declared(Source):
    kind = "test_declared"
    write_modes = {"district": "replace"}

    def detect(self, head: bytes, name: str) -> bool:
        return False

    def parse(self, data: bytes, name: str) -> Parsed:
        return Parsed(tables={"district": rows_frame("district", [])})


def test_a_table_built_without_write_mode_is_refused_naming_source_and_table() -> None:
    with pytest.raises(ValueError, match=r"DistrictsWithoutMode \(test_districts_without_mode\).*'district'"):
        registry.register(DistrictsWithoutMode)
    assert "test_districts_without_mode" not in registry._REGISTRY


def test_tables_built_in_called_functions_count() -> None:
    assert tables_built(DetailInHelper) == {"station", "observation", "observation_detail"}
    with pytest.raises(ValueError, match=r"DetailInHelper.*'observation_detail'"):
        registry.register(DetailInHelper)


def test_a_table_name_the_check_cannot_see_is_refused() -> None:
    with pytest.raises(ValueError, match="literal"):
        registry.register(TableFromVariable)


def test_a_write_mode_for_an_unknown_table_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown table 'stations'"):
        registry.register(UnknownTable)


def test_a_declared_table_registers() -> None:
    assert registry.register(Declared) is Declared
    assert isinstance(registry._REGISTRY["test_declared"], Declared)


def test_every_builtin_source_declares_exactly_the_tables_it_builds() -> None:
    import etl.sources as pkg

    classes = []
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"etl.sources.{info.name}")
        classes += [
            c
            for c in vars(module).values()
            if isinstance(c, type) and issubclass(c, Source) and c.kind and c.__module__ == module.__name__
        ]
    assert len(classes) >= 14
    for cls in classes:
        assert tables_built(cls) == set(cls.write_modes), cls.kind
