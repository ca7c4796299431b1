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
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

import polars as pl
from flask import Flask, Response, abort, request

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


def install(server: Flask, snapshot_of: Callable[[], Snapshot], pages: Collection[str]) -> None:
    """`/daten/<name>.<ext>` for the datasets of `pages` (the app's pages); any other name is 404."""
    names = frozenset(served(pages))

    @server.route("/daten/<name>.<ext>")
    def download(name: str, ext: str) -> Response:
        if name not in names or name not in DATASETS or ext not in ("csv", "xlsx"):
            abort(404)
        frame = DATASETS[name].frame(snapshot_of(), dict(request.args))
        stem = f"wirkungsmonitor-{name}-{request.args.get('id', '')}-{date.today():%Y%m%d}".replace("--", "-")
        if ext == "csv":
            return Response(
                to_csv(frame),
                mimetype="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{stem}.csv"'},
            )
        return Response(
            to_xlsx(frame),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{stem}.xlsx"'},
        )
