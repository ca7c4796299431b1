"""Datasets of the page massnahmen (`dashboard.downloads.dataset`): the data behind its cards, which its downloads serve."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from dashboard.downloads import dataset
from dashboard.i18n_tables import tr_frame
from indicators import measures as M
from indicators.labels import MEASURE_STATUS_DE
from indicators.store import Snapshot


def _filter(snap: Snapshot, query: dict[str, str]) -> M.MeasureFilter:
    return M.MeasureFilter.from_query(
        query, action_fields=[f for f, _ in M.action_field_options(snap)], units=M.responsible_units(snap)
    )


def _load_active(snap: Snapshot, args: Mapping[str, str]) -> pl.DataFrame:
    active, _backlog = M.active_and_backlog(M.measures(snap, _filter(snap, dict(args))))
    return active


def _timeline_table(active: pl.DataFrame) -> pl.DataFrame:
    table = M.timeline_table(active)  # `Status` holds the status code
    status = pl.col("Status").replace_strict(MEASURE_STATUS_DE, default=pl.col("Status"))
    return tr_frame(table.with_columns(status), "Status", "Handlungsfeld")


TIMELINE = dataset("massnahmen", load=_load_active, table=_timeline_table, page=__package__)
