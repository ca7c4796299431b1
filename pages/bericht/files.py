"""The report files behind /bericht: made on demand per year and language, kept on disk per published snapshot.

`/bericht/wirkungsbericht-<year>[-en].html|pdf`: the routing accepts only digits for the year, `-en` or nothing for
the language and `html` or `pdf` (Flask's `int` and `any` converters), and the year must be one the snapshot has a
report for — nothing from the request reaches a path or Chromium otherwise. The first request of a file builds it
(HTML about a second, PDF through headless Chromium a few seconds more) into `data/cache/berichte/<internal|public>/`;
every later one is a file read until a new snapshot is published (the file name carries the snapshot's version, and
files of older snapshots are removed when a new one is written). They stay files on disk with `WM_REDIS_URL` too:
each host builds its own once. The public instance serves the public report, built
from its own (public) snapshot.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from flask import Flask, Response, abort, send_file

from dashboard.cache import CACHE_DIR
from dashboard.settings import Settings
from indicators.report import PdfError, build, file_stem, pdf_bytes, report_years
from indicators.store import Snapshot

ROUTE = "bericht_datei"
PREFIX = "/bericht/wirkungsbericht-"
MIMETYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def folder(settings: Settings) -> Path:
    """Where the reports are kept: beside the app's indicator cache, one folder per instance kind — not inside the
    cache's own folder (`data/cache/<instance>`): Flask-Caching's file cache takes every entry of its folder for one of
    its files, and a folder there made its `clear` and its pruning to the size limit stop at the first entry."""
    return CACHE_DIR / "berichte" / ("public" if settings.public else "internal")


def href(year: int, lang: str, ext: str) -> str:
    return f"{PREFIX}{year}{'-en' if lang == 'en' else ''}.{ext}"


def report_file(snap: Snapshot, settings: Settings, year: int, lang: str, ext: str) -> Path:
    """The report file, built if this snapshot has none yet. `year`, `lang` and `ext` are checked values."""
    stem = file_stem(year, lang, public=settings.public)
    version = re.sub(r"[^0-9-]", "", snap.version)  # digits and dashes: inode, mtime, size
    target = folder(settings) / f"{stem}-{version}.{ext}"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    data, html = build(snap, year, lang=lang, public=settings.public)
    content = html.encode("utf-8") if ext == "html" else pdf_bytes(data, html)
    # written under a temporary name and renamed: a second worker building the same file meanwhile does no harm
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=f".{ext}")
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    os.replace(tmp, target)
    older = re.compile(rf"{re.escape(stem)}-[0-9]+-[0-9]+-[0-9]+\.{ext}")  # not the English one of the same stem
    for old in target.parent.iterdir():  # the same report of an older snapshot
        if old != target and older.fullmatch(old.name):
            old.unlink(missing_ok=True)
    return target


def install(server: Flask) -> None:
    """Add the report routes to the app (both instances: the page is public; the public route allow-list opens them
    through the page's `public_files`)."""
    if ROUTE in server.view_functions:
        return
    settings: Settings = server.config["WM_SETTINGS"]

    def report(year: int, ext: str, lang: str = "de") -> Response:
        snap: Snapshot = server.config["WM_SNAPSHOT"]
        if year not in report_years(snap):
            abort(404)
        try:
            path = report_file(snap, settings, year, lang, ext)
        except PdfError as e:
            return Response(f"PDF nicht erstellt: {e}", 503, mimetype="text/plain; charset=utf-8")
        name = f"{file_stem(year, lang, public=settings.public)}.{ext}"
        return send_file(path, mimetype=MIMETYPES[ext], download_name=name, as_attachment=ext == "pdf", max_age=300)

    server.add_url_rule(f"{PREFIX}<int:year>.<any(html, pdf):ext>", ROUTE, report)
    server.add_url_rule(f"{PREFIX}<int:year>-en.<any(html, pdf):ext>", ROUTE + "_en", lambda year, ext: report(year, ext, "en"))
