"""Downloads tied to chart cards: a card shows a `Download` (a dataset bound to parameters) and `/daten/<name>.csv|xlsx?…`
serves exactly that table.

A page declares each dataset behind its cards once, in its folder's `datasets.py` (`dataset(...)`): how to load the
data for the bound parameters (`load`) and how to make the table from it (`table`). The card builds its table with the
same `table` function from the data the page loaded for its figure; the route loads the same parameters and applies the
same function. The registry below is filled by these declarations (the page modules run when the app is built) and
never changes while serving. An app serves only the datasets of its own pages: the public instance has no route to the
datasets of internal pages.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

import polars as pl
from flask import Flask, Response, abort, request, send_file

from indicators.formatting import SIGNIFICANT
from indicators.store import Snapshot

T = TypeVar("T")


@dataclass(frozen=True)
class Dataset(Generic[T]):
    """The data behind one kind of chart card, downloadable as `/daten/<name>.csv|xlsx?<params>`.

    `page` is the folder of the page whose cards show it (`__package__` of `pages/<name>/datasets.py`, `pages.<name>`);
    `None` for the shell's indicator card, which every page showing indicators uses (the public snapshot holds only
    public indicators).
    """

    name: str
    load: Callable[[Snapshot, Mapping[str, str]], T]
    table: Callable[[T], pl.DataFrame]
    page: str | None = None

    def bind(self, params: Mapping[str, Any], data: T) -> Download:
        """The download of a card: `data` is what `load` returns for `params` (the page loaded it for its figure)."""
        return Download(self, {k: str(v) for k, v in params.items() if v is not None}, self.table(data))

    def frame(self, snap: Snapshot, params: Mapping[str, str]) -> pl.DataFrame:
        return self.table(self.load(snap, params))


@dataclass(frozen=True)
class Download:
    """A dataset bound to a card's parameters, with the table the card shows (and the download returns)."""

    dataset: Dataset[Any]
    params: dict[str, str]
    frame: pl.DataFrame = field(repr=False)

    def url(self, ext: str) -> str:
        q = urlencode(self.params)
        return f"/daten/{self.dataset.name}.{ext}" + (f"?{q}" if q else "")

    def image_name(self) -> str:
        """The chart's PNG/SVG file name without extension, named like the table's download:
        `wirkungsmonitor-<dataset>[-<indicator>][-<station>]-<YYYYMMDD>` (plotly adds `.png`/`.svg`)."""
        parts = [_slug(self.params[k]) for k in ("id", "station") if self.params.get(k)]
        return "-".join(p for p in ("wirkungsmonitor", self.dataset.name, *parts, f"{date.today():%Y%m%d}") if p)


def _slug(text: str) -> str:
    """Letters, digits and `_` of `text`, anything else one `-` (a station id `ecocounter:100069001`)."""
    return re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-")


DATASETS: dict[str, Dataset[Any]] = {}


def dataset(
    name: str, *, load: Callable[[Snapshot, Mapping[str, str]], T], table: Callable[[T], pl.DataFrame], page: str | None
) -> Dataset[T]:
    """Declare the dataset behind a page's cards (at the page module's definition; the same in every worker)."""
    ds = Dataset(name, load, table, page)
    DATASETS[name] = ds  # the pages folder is imported again for every app: the newer declaration replaces the older
    return ds


def served(pages: Collection[str]) -> dict[str, Dataset[Any]]:
    """The datasets of an app whose pages are `pages` (module names, `pages.<name>.page`): the shell's and those
    declared in these pages' folders."""
    folders = {".".join(m.split(".")[:2]) for m in pages}
    return {n: d for n, d in DATASETS.items() if d.page is None or d.page in folders}


# OWASP's CSV injection rule: a cell starting with one of these is a formula to Excel and LibreOffice (`=HYPERLINK(…)`,
# `+1+cmd|' /C calc'!A0`); a leading `'` makes it text. A number written as text (`-4,5`) runs nothing and stays as is.
FORMULA_START = r"^[=+\-@\t\r]"
NUMBER_TEXT = r"^[+-]?[0-9][0-9.,]*$"


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet program would run as a formula, prefixed with `'`; other columns unchanged."""
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START) & ~pl.col(c).str.contains(NUMBER_TEXT))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, t in frame.schema.items()
        if t == pl.Utf8
    )


def with_data_precision(frame: pl.DataFrame) -> pl.DataFrame:
    """Float columns rounded to the precision of the data (`indicators.formatting.significant`: six significant digits,
    never into the whole part): a mean of counts is `5160,33` in a download, not `5160,333333333333`, and a sum that
    binary floating point makes `0.30000000000000004` is `0,3`."""
    digits = SIGNIFICANT
    return frame.with_columns(
        pl.when(pl.col(c).abs() >= 10 ** (digits - 1))
        .then(pl.col(c).round(0))
        .otherwise(pl.col(c).round_sig_figs(digits))
        .alias(c)
        for c, t in frame.schema.items()
        if t.is_float()
    )


def to_csv(frame: pl.DataFrame) -> bytes:
    """CSV as German spreadsheet programs read it: `;`, decimal comma, UTF-8 with BOM, numbers with the precision of
    the data (`with_data_precision`); no text cell is a formula.

    Every CSV the app writes comes from here."""
    frame = with_data_precision(frame)
    out = neutralise_formulas(frame).with_columns(
        [pl.col(c).cast(pl.Utf8).str.replace(".", ",", literal=True) for c, t in frame.schema.items() if t.is_float()]
        + [pl.col(c).dt.strftime("%d.%m.%Y") for c, t in frame.schema.items() if t == pl.Date]
    )
    return "\ufeff".encode() + out.write_csv(separator=";").encode("utf-8")


def to_xlsx(frame: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    with_data_precision(frame).write_excel(buf, worksheet="Daten", autofit=True)
    return buf.getvalue()


def install(server: Flask, snapshot_of: Callable[[], Snapshot], pages: Collection[str]) -> None:
    """`/daten/<name>.<ext>` for the datasets of `pages` (the app's pages); any other name is 404."""
    names = frozenset(served(pages))

    @server.route("/daten/<name>.<ext>")
    def download(name: str, ext: str) -> Response:
        if name not in names or name not in DATASETS or ext not in ("csv", "xlsx"):
            abort(404)
        snap = snapshot_of()
        frame = DATASETS[name].frame(snap, dict(request.args))
        data, mimetype = (to_csv(frame), CSV) if ext == "csv" else (to_xlsx(frame), XLSX)
        # werkzeug quotes the name (and adds `filename*` where needed); the name holds no text from the request
        return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=file_name(snap, name, ext))


CSV = "text/csv"  # werkzeug adds `; charset=utf-8` (once)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_name(snap: Snapshot, name: str, ext: str) -> str:
    """`wirkungsmonitor-<dataset>[-<indicator>]-<YYYYMMDD>.<ext>`: only known ids, never text from the request (an
    `?id=x";filename*=…hta` once made the browser save a `.hta`). The indicator id is the snapshot's own value."""
    wanted = request.args.get("id", "")
    known = snap.memo("download-ids", lambda: {i: i for (i,) in snap.rows("select indicator_id from indicator")})
    part = known.get(wanted, "")
    return "-".join(p for p in ("wirkungsmonitor", name, part, f"{date.today():%Y%m%d}") if p) + f".{ext}"
