"""The catalogue of a demo built after END: its monthly example values continue up to the build's last month.

The shipped workbook (data/massnahmenkatalog.xlsx, or a city's own) ends its example series with END's month like the
generated exports. A later build writes a copy whose monthly series that end there go on month by month: each new month
is the same month a year before times the series' mean growth over its last year (seasonal pattern and trend kept),
flagged as example values (Beispielwert = ja) like the rows they continue. Series that end earlier (a paused measure)
stay as they are: their staleness is the point.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from etl.demo.world import END

VALUES_SHEET = "Indikatorwerte"
INDICATORS_SHEET = "Indikatoren"
GROWTH_LIMITS = (0.8, 1.25)  # a year's growth factor, clamped: a short or odd series does not explode


def _month(d: dt.date, k: int) -> dt.date:
    y, m = divmod(d.month - 1 + k, 12)
    return dt.date(d.year + y, m + 1, 1)


def _as_date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    return v if isinstance(v, dt.date) else None


def continued(series: dict[dt.date, float], last: dt.date) -> dict[dt.date, float]:
    """The months after the series' last one up to `last`'s month: a year before × the mean growth of the last year
    (the last value held when the series is shorter than 13 months); rounded like the series."""
    months = sorted(series)
    end = months[-1]
    ratios = [series[m] / series[_month(m, -12)] for m in months[-12:] if series.get(_month(m, -12), 0) > 0]
    growth = min(max(sum(ratios) / len(ratios), GROWTH_LIMITS[0]), GROWTH_LIMITS[1]) if ratios else None
    decimals = 0 if all(float(v).is_integer() for v in series.values()) else 1
    out: dict[dt.date, float] = {}
    known = dict(series)
    m = _month(end, 1)
    while m <= last.replace(day=1):
        before = known.get(_month(m, -12))
        value = before * growth if growth is not None and before is not None else known[_month(m, -1)]
        known[m] = out[m] = round(value, decimals)
        m = _month(m, 1)
    return out


def extend_catalogue(src: Path, dst: Path, last: dt.date) -> int:
    """Write `src` to `dst` with its monthly example series (update interval P1M) that end in END's month continued up
    to `last`'s month; returns the number of rows added."""
    wb = openpyxl.load_workbook(src)
    ind = wb[INDICATORS_SHEET]
    head = [c.value for c in ind[1]]
    id_col, interval_col = head.index("Indikator-ID"), head.index("Aktualisierung")
    monthly = {row[id_col] for row in ind.iter_rows(min_row=2, values_only=True) if row[interval_col] == "P1M"}
    ws = wb[VALUES_SHEET]
    series: dict[str, dict[dt.date, float]] = {}
    for iid, start, value, *_ in ws.iter_rows(min_row=2, values_only=True):
        d = _as_date(start)
        if iid in monthly and d is not None and isinstance(value, (int, float)):
            series.setdefault(str(iid), {})[d] = float(value)
    added = 0
    for iid, values in series.items():
        if max(values) != END.replace(day=1):
            continue
        for m, v in continued(values, last).items():
            ws.append([iid, dt.datetime(m.year, m.month, 1), int(v) if v.is_integer() else v, "ja"])
            ws.cell(ws.max_row, 2).number_format = "dd.mm.yyyy"
            added += 1
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dst)
    return added
