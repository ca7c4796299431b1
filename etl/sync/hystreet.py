"""hystreet.com locations API: hourly pedestrian counts of listed locations since the last pull (token in a header)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from etl.sync.base import Kind, Request, Window, chunks, id_list, iso_z, opt_str, positive
from etl.sync.config import SourceConfig

DEFAULT_URL = "https://hystreet.com/api/locations/{id}"


class Hystreet(Kind):
    """`GET {url}?from=…&to=…&resolution=hour` per location and window of at most `chunk_days` days, header
    `X-API-Token` from the environment variable `token_env`; the answer is the JSON the `hystreet_json` format reads."""

    kind = "hystreet"
    keys = frozenset({"url", "ids", "chunk_days"})
    overlap_hours = 48.0  # hystreet corrects counts of the last days
    min_interval_minutes = 60.0
    initial_days = 30.0
    needs_token = True
    token_header = "X-API-Token"

    def check(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        url = opt_str(raw, "url", DEFAULT_URL)
        if "{id}" not in url or not url.startswith(("http://", "https://")):
            raise ValueError(f"url muss eine http(s)-URL mit {{id}} sein (Standard {DEFAULT_URL})")
        return {"url": url, "ids": id_list(raw, "ids"), "chunk_days": positive(raw, "chunk_days", 31)}

    def requests(self, src: SourceConfig, window: Window, headers: Mapping[str, str]) -> list[Request]:
        out = []
        for loc in src.options["ids"]:
            for n, (start, end) in enumerate(chunks(window.since, window.until, src.options["chunk_days"])):
                params = {"from": iso_z(start), "to": iso_z(end), "resolution": "hour"}
                url = src.options["url"].replace("{id}", loc)
                out.append(Request(url, params=params, headers=headers, file_name=f"hystreet-{loc}-{n}.json"))
        return out
