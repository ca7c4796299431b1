"""Whole files at a fixed URL: Freifunk's meshviewer.json, the BNetzA Ladesäulenregister, any export the loader reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from etl.sync.base import Kind, Request, Window, http_date, http_url, req_str, safe_file_name
from etl.sync.config import SourceConfig


class Download(Kind):
    """`GET {url}`; the body is loaded like a file of that name (`file_name`, else the server's or the URL's name).
    An unchanged body is recognised by its SHA-256 and not loaded twice."""

    kind = "download"
    keys = frozenset({"url", "file_name", "conditional"})
    min_interval_minutes = 0.0

    def check(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        file_name = raw.get("file_name", "")
        if not isinstance(file_name, str):
            raise ValueError("file_name muss Text sein")
        conditional = raw.get("conditional", self.conditional)
        if not isinstance(conditional, bool):
            raise ValueError("conditional muss true oder false sein")
        return {
            "url": http_url(req_str(raw, "url"), "url"),
            "file_name": safe_file_name(file_name, "") if file_name else "",
            "conditional": conditional,
        }

    def requests(self, src: SourceConfig, window: Window, headers: Mapping[str, str]) -> list[Request]:
        hdrs = dict(headers)
        if src.options["conditional"] and window.modified_since is not None:
            hdrs["If-Modified-Since"] = http_date(window.modified_since)
        return [Request(src.options["url"], headers=hdrs, file_name=src.options["file_name"])]


class Freifunk(Download):
    """A community's `meshviewer.json` (or nodes.json): a snapshot of the nodes, taken at every pull."""

    kind = "freifunk"


class Bnetza(Download):
    """The Bundesnetzagentur's Ladesäulenregister (CSV or XLSX download URL): changes a few times a year, so it is asked
    once a day with If-Modified-Since."""

    kind = "bnetza"
    overlap_hours = 1.0
    min_interval_minutes = 24 * 60.0
    conditional = True
