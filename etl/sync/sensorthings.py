"""OGC SensorThings API: Observations of listed Datastreams since the last pull, following `@iot.nextLink`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from etl.sync.base import (
    Kind,
    Payload,
    Request,
    SourceError,
    Warn,
    Window,
    http_url,
    id_list,
    iso_z,
    positive,
    req_str,
    write_payload,
)
from etl.sync.config import SourceConfig
from etl.sync.http import Client


def entity(name: str, ident: str) -> str:
    """`Datastreams(7)` for a number, `Datastreams('ab-1')` for a text id (OGC 18-088, 9.2.3)."""
    return f"{name}({ident})" if ident.isdigit() else f"{name}('{ident}')"


class SensorThings(Kind):
    """Per Datastream: its description (`$expand=Thing($expand=Locations),ObservedProperty`), then its Observations
    with `phenomenonTime gt <since>` in time order, page by page along `@iot.nextLink` (same server only, at most
    `max_pages`). The description and all pages are joined into one document of the `sensorthings` format (its
    Datastreams/Observations layout) and loaded as one: a pull cut off between pages loads nothing of that Datastream."""

    kind = "sensorthings"
    keys = frozenset({"base", "datastreams", "page_size", "max_pages"})
    overlap_hours = 6.0
    min_interval_minutes = 0.0
    initial_days = 7.0

    def check(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "base": http_url(req_str(raw, "base"), "base"),
            "datastreams": id_list(raw, "datastreams"),
            "page_size": int(positive(raw, "page_size", 1000)),
            "max_pages": int(positive(raw, "max_pages", 1000)),
        }

    def _describe(self, src: SourceConfig, ds: str, headers: Mapping[str, str]) -> Request:
        params = {"$expand": "Thing($expand=Locations),ObservedProperty"}
        return Request(f"{src.options['base']}/{entity('Datastreams', ds)}", params=params, headers=headers)

    def _observations(self, src: SourceConfig, ds: str, window: Window, headers: Mapping[str, str]) -> Request:
        params = {
            "$filter": f"phenomenonTime gt {iso_z(window.since)}",
            "$orderby": "phenomenonTime asc",
            "$top": str(src.options["page_size"]),
            "$select": "id,phenomenonTime,result",
        }
        url = f"{src.options['base']}/{entity('Datastreams', ds)}/Observations"
        return Request(url, params=params, headers=headers, note="weitere Seiten über @iot.nextLink")

    def requests(self, src: SourceConfig, window: Window, headers: Mapping[str, str]) -> list[Request]:
        out = []
        for ds in src.options["datastreams"]:
            out += [self._describe(src, ds, headers), self._observations(src, ds, window, headers)]
        return out

    def fetch(
        self, src: SourceConfig, window: Window, client: Client, workdir: Path, headers: Mapping[str, str], warn: Warn
    ) -> tuple[int, list[Payload]]:
        made = 0
        payloads: list[Payload] = []
        host = httpx.URL(src.options["base"]).host
        for ds in src.options["datastreams"]:
            describe = self._describe(src, ds, headers)
            meta = _json(client.get(describe.url, params=describe.params, headers=headers, max_mb=src.max_mb), describe.url)
            made += 1
            if not isinstance(meta, dict) or "@iot.id" not in meta:
                raise SourceError(f"Datastream {ds}: Antwort ohne @iot.id")
            first = self._observations(src, ds, window, headers)
            url: str | None = first.url
            params: Mapping[str, str] | None = first.params
            observations: list[dict[str, Any]] = []
            pages = 0
            while url is not None:
                pages += 1
                if pages > src.options["max_pages"]:
                    raise SourceError(f"Datastream {ds}: mehr als max_pages = {src.options['max_pages']} Seiten")
                page = _json(client.get(url, params=params, headers=headers, max_mb=src.max_mb), url)
                made += 1
                if not isinstance(page, dict) or not isinstance(page.get("value"), list):
                    raise SourceError(f"Datastream {ds}: Observations-Antwort ohne Liste 'value'")
                ds_ref = {"@iot.id": meta["@iot.id"]}
                observations += [{**ob, "Datastream": ds_ref} for ob in page["value"] if isinstance(ob, dict)]
                link = page.get("@iot.nextLink")
                if link is not None and (not isinstance(link, str) or httpx.URL(link).host != host):
                    raise SourceError(f"Datastream {ds}: @iot.nextLink zeigt auf einen anderen Server: {link!r}")
                url, params = link, None
            # Datastreams first: the format is recognised within the document's first 64 KiB
            doc = {"Datastreams": [meta], "Observations": observations}
            body = json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()
            payloads.append(write_payload(workdir, len(payloads), f"sensorthings-{ds}.json", body, first.full_url()))
        return made, payloads


def _json(got: Any, url: str) -> Any:
    if got is None:
        raise SourceError(f"{url}: keine Antwort")
    try:
        return json.loads(got.body)
    except (ValueError, UnicodeDecodeError) as e:
        raise SourceError(f"{url}: kein JSON ({e})") from None
