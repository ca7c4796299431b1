"""The fast column-wise reader of unquoted bodies gives exactly what the csv-module path gives: rows, line numbers,
raw text and rejections (wrong field counts, trailing delimiters, empty rows, a cut-off last line, CRLF)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import etl.parsing as parsing


def read_both(text: str, monkeypatch: pytest.MonkeyPatch, **kw):
    fast = parsing.read_delimited(text, **kw)
    with monkeypatch.context() as m:
        m.setattr(parsing, "_read_unquoted", lambda *a, **k: None)
        slow = parsing.read_delimited(text, **kw)
    return fast, slow


def is_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0] == "A"


CELL = st.text(alphabet="ab1 ;,\t\x0b\xa0", max_size=4)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(CELL, max_size=5), max_size=8), st.booleans(), st.sampled_from([";", ","]), st.booleans())
def test_fast_path_equals_csv_module(rows: list[list[str]], terminated: bool, delim: str, strip: bool) -> None:
    text = f"A{delim}B{delim}C\n" + "\n".join(delim.join(r) + ("\r" if len(r) % 2 else "") for r in rows)
    text += "\n" if terminated else ""
    with pytest.MonkeyPatch.context() as mp:
        fast, slow = read_both(text, mp, is_header=is_header, strip_cells=strip)
    assert fast.rejected == slow.rejected
    assert fast.frame.equals(slow.frame)
    assert (fast.header, fast.header_line, fast.delimiter) == (slow.header, slow.header_line, slow.delimiter)


def test_fast_path_is_taken_for_unquoted_and_not_for_quoted(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = parsing._read_unquoted
    monkeypatch.setattr(parsing, "_read_unquoted", lambda *a, **k: calls.append(r := real(*a, **k)) or r)
    plain = parsing.read_delimited("vorspann\nA;B\n1;2\n3;4;\n5\n", is_header=is_header)
    assert calls[-1] is not None
    assert plain.frame["B"].to_list() == ["2", "4"] and plain.frame["_line"].to_list() == [3, 4]
    assert plain.rejected == [(5, "1 statt 2 Felder", "5")]
    quoted = parsing.read_delimited('A;B\n"1;x";2\n', is_header=is_header)
    assert calls[-1] is None and quoted.frame["A"].to_list() == ["1;x"]


NUMBER_CELL = st.one_of(
    st.sampled_from(["0", "12", "3.5", "-1", "-999", "-9999", "", "NaN", "inf", "1e3", " 5", "abc", "-", "NA", "007"]),
    st.integers(min_value=0, max_value=10**6).map(str),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NUMBER_CELL, NUMBER_CELL), min_size=1, max_size=12), st.sampled_from([None, 0]))
def test_plain_numbers_answers_only_when_the_detailed_checks_find_nothing(cells, min_value) -> None:
    """`plain_numbers` (fast path) gives the same values as `parse_number`, and answers None whenever a cell is a
    missing marker that looks like a number, not a number, not finite, or below `min_value`."""
    import polars as pl

    frame = pl.DataFrame({"a": [c[0] for c in cells], "b": [c[1] for c in cells]}, schema={"a": pl.Utf8, "b": pl.Utf8})
    fast = parsing.plain_numbers(frame, ["a", "b"], min_value=min_value)
    bad = frame.select(pl.any_horizontal(parsing.number_invalid("a"), parsing.number_invalid("b")).any()).item()
    slow = frame.with_columns(parsing.parse_number("a").alias("a"), parsing.parse_number("b").alias("b"))
    below = (
        min_value is not None and slow.select(pl.any_horizontal(pl.col("a") < min_value, pl.col("b") < min_value).any()).item()
    )
    if fast is None:
        return
    assert not bad and not below
    assert fast.equals(slow)


def test_plain_numbers_takes_clean_counts_and_leaves_markers_to_the_checks() -> None:
    import polars as pl

    clean = pl.DataFrame({"a": ["0", "12", "", None, "3.5"]})
    assert parsing.plain_numbers(clean, ["a"], min_value=0)["a"].to_list() == [0.0, 12.0, None, None, 3.5]
    for cell in ("-999", "NaN", "x", "-1", " 5"):
        assert parsing.plain_numbers(pl.DataFrame({"a": ["1", cell]}), ["a"], min_value=0) is None, cell
