"""Open311 GeoReport v2: service requests (`requests.json`) reported since the last pull."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from etl.sync.base import Kind, Payload, Request, Warn, Window, chunks, http_url, iso_z, positive, req_str, write_payload
from etl.sync.config import SourceConfig
from etl.sync.http import Client


class Open311(Kind):
    """`GET {url}?start_date=…&end_date=…` per window of at most `chunk_days` days (GeoReport v2 answers at most 90 days
    and, by default, 1 000 requests: a full answer is reported as possibly cut). `params` adds fixed query parameters
    (e.g. `jurisdiction_id`). GeoReport v2 filters by `requested_datetime`: a request closed later than `overlap_hours`
    after it was reported keeps its old state until it is pulled again (default overlap: 14 days)."""

    kind = "open311"
    keys = frozenset({"url", "params", "chunk_days", "max_requests"})
    overlap_hours = 14 * 24.0
    min_interval_minutes = 0.0
    initial_days = 90.0

    def check(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        params = raw.get("params", {})
        if not isinstance(params, dict) or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in params.values()):
            raise ValueError('params muss eine Tabelle von Texten sein (z. B. params = { jurisdiction_id = "offenbach.de" })')
        reserved = {"start_date", "end_date"} & set(params)
        if reserved:
            raise ValueError(f"params: {sorted(reserved)[0]} setzt etl sync selbst")
        chunk = positive(raw, "chunk_days", 30)
        if chunk > 90:
            raise ValueError("chunk_days: GeoReport v2 erlaubt höchstens 90 Tage je Anfrage")
        return {
            "url": http_url(req_str(raw, "url"), "url"),
            "params": {str(k): str(v) for k, v in params.items()},
            "chunk_days": chunk,
            "max_requests": int(positive(raw, "max_requests", 1000)),
        }

    def requests(self, src: SourceConfig, window: Window, headers: Mapping[str, str]) -> list[Request]:
        out = []
        for n, (start, end) in enumerate(chunks(window.since, window.until, src.options["chunk_days"])):
            params = {**src.options["params"], "start_date": iso_z(start), "end_date": iso_z(end)}
            out.append(Request(src.options["url"], params=params, headers=headers, file_name=f"requests-{n}.json"))
        return out

    def fetch(
        self, src: SourceConfig, window: Window, client: Client, workdir: Path, headers: Mapping[str, str], warn: Warn
    ) -> tuple[int, list[Payload]]:
        reqs = self.requests(src, window, headers)
        payloads: list[Payload] = []
        for req in reqs:
            got = client.get(req.url, params=req.params, headers=req.headers, max_mb=src.max_mb)
            if got is None:
                continue
            try:
                doc = json.loads(got.body)
            except (ValueError, UnicodeDecodeError):
                doc = None  # the loader says what is wrong with it
            if doc == []:
                continue  # no request reported in this window: nothing to load (an empty list is no export)
            count = len(doc) if isinstance(doc, list) else 0
            if count >= src.options["max_requests"]:
                warn(
                    f"{count} Meldungen in einer Antwort ({req.params['start_date']} bis {req.params['end_date']}):"
                    " möglicherweise vom Server gekappt, chunk_days verkleinern"
                )
            payloads.append(write_payload(workdir, len(payloads), req.file_name, got.body, req.full_url()))
        return len(reqs), payloads
