"""Datasets of the page umfragen (`dashboard.downloads.dataset`): the data behind its cards, which its downloads serve."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from dashboard.downloads import dataset
from dashboard.factory import settings
from indicators import survey_views as sv
from indicators.store import Snapshot
from pages.umfragen import figures as sf


def _include_responses() -> bool:
    return not settings().public


def _load_question(snap: Snapshot, args: Mapping[str, str]) -> sv.QuestionView | None:
    found = sv.load_question(snap, args.get("umfrage", ""), args.get("frage"), include_responses=_include_responses())
    return None if found is None else found[2]


def _distribution(view: sv.QuestionView | None) -> pl.DataFrame:
    if view is None:
        return sf.translate_distribution(sv.distribution_table_empty())
    return sf.distribution_table(view)


DISTRIBUTION = dataset("umfrage", load=_load_question, table=_distribution, page=__package__)
