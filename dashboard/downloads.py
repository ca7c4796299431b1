"""Downloads of exactly the data a chart shows: `/daten/<dataset>.csv|xlsx?…` recomputes the chart's table."""
from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import polars as pl
from flask import Flask, Response, abort, request

from dashboard.charts import series_table
from indicators import registry
from indicators.store import Snapshot


def _indicator(snap: Snapshot, args: dict[str, str]) -> pl.DataFrame:
    try:
        ind = registry.get(snap, args.get("id", ""))
    except KeyError:
        abort(404)
    s = registry.series(snap, ind, station=args.get("station") or None).drop_nulls(["value"]).sort("period_start")
    return series_table(s, ind)


DATASETS: dict[str, Callable[[Snapshot, dict[str, str]], pl.DataFrame]] = {"indikator": _indicator}


def register_dataset(name: str, fn: Callable[[Snapshot, dict[str, str]], pl.DataFrame]) -> None:
    """Pages add the datasets behind their charts at import (a static table, the same in every worker)."""
    DATASETS[name] = fn


def to_csv(frame: pl.DataFrame) -> bytes:
    """CSV as German spreadsheet programs read it: `;`, decimal comma, UTF-8 with BOM."""
    out = frame.with_columns(
        [pl.col(c).cast(pl.Utf8).str.replace(".", ",", literal=True) for c, t in frame.schema.items() if t.is_float()]
        + [pl.col(c).dt.strftime("%d.%m.%Y") for c, t in frame.schema.items() if t == pl.Date]
    )
    return "\ufeff".encode() + out.write_csv(separator=";").encode("utf-8")


def to_xlsx(frame: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.write_excel(buf, worksheet="Daten", autofit=True)
    return buf.getvalue()


def install(server: Flask, snapshot_of: Callable[[], Snapshot]) -> None:
    @server.route("/daten/<name>.<ext>")
    def download(name: str, ext: str) -> Response:
        if name not in DATASETS or ext not in ("csv", "xlsx"):
            abort(404)
        frame = DATASETS[name](snapshot_of(), dict(request.args))
        stem = f"wirkungsmonitor-{name}-{request.args.get('id', '')}-{date.today():%Y%m%d}".replace("--", "-")
        if ext == "csv":
            return Response(to_csv(frame), mimetype="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{stem}.csv"'})
        return Response(to_xlsx(frame), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.xlsx"'})
