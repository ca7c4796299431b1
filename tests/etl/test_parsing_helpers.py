"""The shared cell parsers of `etl.parsing`, case by case: each returns the value (None when missing) or raises
`RowRejected` with the German reason; the column forms agree with the scalar ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal

import polars as pl
import pytest

from etl.parsing import (
    DATE_FORMATS,
    JSON_MISSING,
    RowRejected,
    excel_serial_date,
    iso_to_utc,
    number_invalid,
    offset_times_to_utc,
    parse_local_times,
    parse_number,
    to_date,
    to_number,
)

REJECT = RowRejected  # expected outcome: the cell is rejected

NUMBER_CASES: list[tuple[object, dict[str, Any], object]] = [
    ("1.234,5", {"decimal": ","}, 1234.5),
    ("-0,5", {"decimal": ","}, -0.5),
    ("1.250", {"decimal": ","}, 1250.0),  # a German file: dots group thousands
    ("0,5", {}, REJECT),  # a plain number has no comma
    ("1e3", {}, 1000.0),
    ("1e3", {"decimal": ","}, 1000.0),
    (" 12.5 ", {}, 12.5),
    ("1.234,5", {"decimal": "auto"}, 1234.5),
    ("-0,5", {"decimal": "auto"}, -0.5),
    ("48.442", {"decimal": "auto"}, 48.442),  # decided per cell: without a comma the point is the decimal mark
    ("1.250", {"decimal": "auto", "grouping": True}, 1250.0),  # city spreadsheets: groups of three are thousands
    ("1.250.000", {"decimal": "auto", "grouping": True}, 1250000.0),
    ("1,234.5", {"decimal": "auto", "grouping": True}, 1234.5),  # of two separators the last is the decimal mark
    ("1 234,5", {"decimal": "auto", "grouping": True}, 1234.5),
    ("0.5", {"decimal": "auto", "grouping": True}, 0.5),
    ("", {}, None),
    ("-", {}, None),
    ("-999", {}, None),  # a sensor export's missing marker
    ("-999", {"missing": JSON_MISSING}, -999.0),  # in JSON it is a value (the source judges it)
    ("NA", {"missing": JSON_MISSING}, REJECT),
    ("null", {"missing": JSON_MISSING}, None),
    ("", {"missing": ()}, REJECT),
    (None, {}, None),
    ("n/a", {}, REJECT),
    ("n/a", {"decimal": ","}, REJECT),
    ("viele", {"decimal": "auto"}, REJECT),
    ("inf", {}, REJECT),
    ("nan", {"missing": ()}, REJECT),
    (7, {}, 7.0),
    (2.5, {"decimal": ","}, 2.5),
    (float("nan"), {}, REJECT),
    (float("inf"), {}, REJECT),
    (10**400, {}, REJECT),  # an integer beyond float range (JSON allows it)
    (True, {}, REJECT),
    ([1], {}, REJECT),
]


def _outcome(fn: Callable[[], object]) -> object:
    try:
        return fn()
    except RowRejected:
        return REJECT


@pytest.mark.parametrize(("value", "options", "expected"), NUMBER_CASES)
def test_to_number(value: object, options: dict[str, Any], expected: object) -> None:
    assert _outcome(lambda: to_number(value, **options)) == expected


def test_a_rejection_names_the_field_and_the_cell() -> None:
    with pytest.raises(RowRejected, match=r"^Budget: keine Zahl: 'n/a'$"):
        to_number("n/a", field="Budget")
    with pytest.raises(RowRejected, match=r"^Start: kein Datum: '31\.02\.2025'$"):
        to_date("31.02.2025", field="Start")


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        (v, o.get("decimal", "."))
        for v, o, _ in NUMBER_CASES
        if isinstance(v, str) and set(o) <= {"decimal"} and o.get("decimal") != "auto"
    ],
)
def test_the_column_form_agrees_with_the_scalar_form(text: str, decimal: Literal[".", ","]) -> None:
    comma = decimal == ","
    frame = pl.DataFrame({"c": [text]}, schema={"c": pl.Utf8})
    got = frame.select(parse_number("c", decimal_comma=comma).alias("v"), number_invalid("c", decimal_comma=comma).alias("bad"))
    value, bad = got.row(0)
    assert (REJECT if bad else value) == _outcome(lambda: to_number(text, decimal=decimal))


DATE_CASES: list[tuple[object, dict[str, Any], object]] = [
    ("31.12.2025", {}, date(2025, 12, 31)),
    ("2025-12-31", {}, date(2025, 12, 31)),
    ("2025-12-31 13:45:00", {}, date(2025, 12, 31)),
    ("31.12.25", {}, REJECT),
    ("31.12.25", {"formats": (*DATE_FORMATS, "%d.%m.%y")}, date(2025, 12, 31)),
    ("31.02.2025", {}, REJECT),
    ("2025-03", {}, REJECT),
    ("2025-03", {"formats": ("%Y-%m",)}, date(2025, 3, 1)),
    (45000, {}, date(2023, 3, 15)),  # Excel serial
    (45000.75, {}, date(2023, 3, 15)),  # the fraction is the time of day
    (1, {}, date(1899, 12, 31)),
    (0, {}, REJECT),
    (3_000_000, {}, REJECT),  # beyond 9999-12-31
    (float("nan"), {}, REJECT),
    (45000, {"serials": None}, REJECT),  # a format where a number is no date
    (45000, {"serials": (20000, 80000)}, date(2023, 3, 15)),
    (10000, {"serials": (20000, 80000)}, REJECT),
    (2025, {"year_numbers": True}, date(2025, 1, 1)),
    (2025, {}, date(1905, 7, 17)),  # without year_numbers a number is a serial
    (True, {}, REJECT),
    (datetime(2025, 12, 31, 23, 59), {}, date(2025, 12, 31)),
    (date(2025, 12, 31), {}, date(2025, 12, 31)),
    ("", {}, None),
    ("  ", {"missing": ()}, None),
    ("NA", {}, None),
    ("NA", {"missing": ()}, REJECT),
    (None, {}, None),
]


@pytest.mark.parametrize(("value", "options", "expected"), DATE_CASES)
def test_to_date(value: object, options: dict[str, Any], expected: object) -> None:
    assert _outcome(lambda: to_date(value, **options)) == expected


def test_excel_serial_date() -> None:
    assert excel_serial_date(45000) == date(2023, 3, 15)
    assert excel_serial_date(2958465) == date(9999, 12, 31)
    with pytest.raises(RowRejected, match="kein Datum"):
        excel_serial_date(2958466)


TIMESTAMP_CASES: list[tuple[object, dict[str, Any], object]] = [
    ("2025-06-01T12:00:00+02:00", {}, datetime(2025, 6, 1, 10, 0)),
    ("2025-06-01T12:00:00.123+02:00", {}, datetime(2025, 6, 1, 10, 0, 0, 123000)),
    ("2025-10-26T02:30:00+02:00", {}, datetime(2025, 10, 26, 0, 30)),  # the repeated hour, summer time
    ("2025-10-26T02:30:00+01:00", {}, datetime(2025, 10, 26, 1, 30)),  # the repeated hour, winter time
    ("2025-06-01T12:00:00Z", {}, datetime(2025, 6, 1, 12, 0)),
    ("2025-06-01T12:00:00z", {}, datetime(2025, 6, 1, 12, 0)),
    ("2025-06-01T12:00:00", {}, REJECT),  # without offset the instant would be a guess
    ("2025-06-01T12:00:00", {"naive_is_utc": True}, datetime(2025, 6, 1, 12, 0)),
    ("0001-01-01T00:00+01:00", {}, REJECT),  # before year 1 in UTC
    ("gestern", {}, REJECT),
    (1717236000, {}, REJECT),
    ("", {}, None),
    (None, {}, None),
]


@pytest.mark.parametrize(("value", "options", "expected"), TIMESTAMP_CASES)
def test_iso_to_utc(value: object, options: dict[str, Any], expected: object) -> None:
    assert _outcome(lambda: iso_to_utc(value, field="ts", **options)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [(v, e) for v, o, e in TIMESTAMP_CASES if isinstance(v, str) and v and not o]
    + [
        ("2022-06-01 00:00:00 +0200", datetime(2022, 5, 31, 22, 0)),  # hystreet CSV
        ("2022-06-01 00:00+0200", datetime(2022, 5, 31, 22, 0)),
        ("2022-06-01T00:00:00+02", datetime(2022, 5, 31, 22, 0)),
    ],
)
def test_the_column_form_of_offset_times_agrees(text: str, expected: object) -> None:
    got = pl.DataFrame({"t": [text]}).select(offset_times_to_utc(pl.col("t"))).item()
    assert (REJECT if got is None else got) == expected


def test_local_times_keep_both_october_hours_and_reject_the_march_gap() -> None:
    texts = ["2025-07-01 12:00", "2025-10-26 02:30", "2025-10-26 02:30", "2025-03-30 02:30", "gestern"]
    frame = pl.DataFrame({"t": texts, "_line": list(range(2, 7)), "_raw": texts})
    parsed, rejects = parse_local_times(frame, "t", "%Y-%m-%d %H:%M")
    assert parsed["ts"].to_list() == [datetime(2025, 7, 1, 10, 0), datetime(2025, 10, 26, 0, 30), datetime(2025, 10, 26, 1, 30)]
    assert [(line, reason.split(":")[0]) for line, reason, _ in rejects] == [
        (6, "Zeitstempel nicht lesbar"),
        (5, "Ortszeit 2025-03-30 02"),
    ]
    assert "existiert nicht" in rejects[1][1]
