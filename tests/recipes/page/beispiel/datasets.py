"""Daten der Beispielseite: Maßnahmen je Handlungsfeld (die Route `/daten/beispiel.csv` entsteht aus dieser Erklärung).
Keine SQL im Seitenordner: die Zahlen liefert die Domäne (`indicators.views`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from dashboard.downloads import dataset
from indicators import views
from indicators.store import Snapshot


def _load(snap: Snapshot, _args: Mapping[str, str]) -> list[views.FieldSummary]:
    return views.overview(snap, today=date.today())


def _table(fields: list[views.FieldSummary]) -> pl.DataFrame:
    return pl.DataFrame(
        {"Handlungsfeld": [f.name for f in fields], "Maßnahmen": [sum(f.measures_by_status.values()) for f in fields]}
    )


MEASURES = dataset("beispiel", load=_load, table=_table, page=__package__)
