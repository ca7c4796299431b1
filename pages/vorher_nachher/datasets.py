"""Datasets of the page vorher_nachher (`dashboard.downloads.dataset`): the data behind its cards, which its downloads serve."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from flask import abort

from dashboard.downloads import dataset
from dashboard.i18n_tables import tr_frame
from indicators import comparisons as cmp
from indicators import method_comparison as mc
from indicators.before_after import BeforeAfterError
from indicators.labels import METHOD_SHORT_DE
from indicators.store import Snapshot
from pages.vorher_nachher.figures import (
    error_text,
    methods_table,
)


def _comparison(snap: Snapshot, args: Mapping[str, str]) -> cmp.Comparison:
    try:
        return cmp.run(snap, cmp.ComparisonRequest.from_query(dict(args)))
    except BeforeAfterError as e:
        abort(400, description=error_text(e))


def _series_table(c: cmp.Comparison) -> pl.DataFrame:
    return tr_frame(cmp.series_table(c), "Zeitraum")


def _effect_table(c: cmp.Comparison) -> pl.DataFrame:
    table = cmp.effect_table(c)  # `Methode` holds the method's code
    return tr_frame(
        table.with_columns(pl.col("Methode").replace_strict({m: n for m, (n, _) in METHOD_SHORT_DE.items()})), "Methode"
    )


SERIES = dataset("vorher-nachher", load=_comparison, table=_series_table, page=__package__)


EFFECT = dataset("vorher-nachher-effekt", load=_comparison, table=_effect_table, page=__package__)


def _side_by_side(snap: Snapshot, args: Mapping[str, str]) -> mc.SideBySide:
    req = cmp.ComparisonRequest.from_query(dict(args))
    if req.problems:
        template, params = req.problems[0]
        abort(400, description=error_text(BeforeAfterError(template, **params)))
    if req.at is None:
        abort(
            400,
            description=error_text(
                BeforeAfterError("Bitte einen Stichtag wählen (oder eine Maßnahme, deren Start als Stichtag dient).")
            ),
        )
    return mc.run_all(snap, req)


# every method on the same question, one row each (the page's side-by-side table)
METHODS_TABLE = dataset("vorher-nachher-verfahren", load=_side_by_side, table=methods_table, page=__package__)
