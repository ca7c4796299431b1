"""Chart latency on the city-scale snapshot, called directly (no HTTP): indicator series and status, and the page
layout functions that build the charts, each without cache (cold) and with the snapshot-keyed cache (warm).
Also the JSON size of every figure the pages send.

    python bench/callbacks.py [--db SNAPSHOT] [--reps 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import WORK, load_now, percentile, save_result  # noqa: E402

PAGES: list[tuple[str, str, dict[str, str]]] = [
    ("/", "/", {}),
    ("/handlungsfeld/mobilitaet", "/handlungsfeld/<slug>", {"slug": "mobilitaet"}),
    ("/handlungsfeld/klima-umwelt", "/handlungsfeld/<slug>", {"slug": "klima-umwelt"}),
    ("/karte", "/karte", {}),
    ("/embed/rad_dtv", "/embed/<chart_id>", {"chart_id": "rad_dtv"}),
    ("/indikatoren/rad_dtv", "/indikatoren/<indicator_id>", {"indicator_id": "rad_dtv"}),
]


def figures(component: Any) -> list[dict]:
    """Every plotly figure inside a Dash layout, as the JSON the browser receives."""
    import plotly

    tree = json.loads(json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder))
    out: list[dict] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            fig = x.get("figure")
            if isinstance(fig, dict) and "data" in fig:
                out.append(fig)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(tree)
    return out


def timed(fn: Callable[[], Any], reps: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, result


def stats(ms: list[float]) -> dict[str, float]:
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1),
    }


def app_callbacks(server: Any, reps: int) -> dict[str, Any]:
    """The page callback as the browser sends it, through the whole app (security checks, response cache, JSON):
    the first request after the snapshot was published (response cache, indicator cache and what the process kept of
    the snapshot empty) and repeats (served from the response cache)."""
    from bench.loadtest import page_content_body
    from dashboard.response_cache import EXTENSION
    from indicators import cache

    client = server.test_client()
    first: list[float] = []
    repeat: list[float] = []
    out: dict[str, Any] = {}
    server.extensions[EXTENSION].clear()
    for url, _template, _kwargs in PAGES:
        body = page_content_body(url)

        def post(body: bytes = body, url: str = url) -> Any:
            r = client.post("/_dash-update-component", data=body, headers={"Content-Type": "application/json"})
            assert r.status_code == 200, (url, r.status_code)
            return r

        def first_view(post: Callable[[], Any] = post) -> Any:
            """As after a publish: every cache empty, nothing of the snapshot kept by the process."""
            server.extensions[EXTENSION].clear()
            server.config["WM_SNAPSHOT"].result_cache = cache.MemoryCache()
            server.config["WM_SNAPSHOT"].forget()
            t0 = time.perf_counter()
            r = post()
            return (time.perf_counter() - t0) * 1000, r

        t_first = []
        for _ in range(reps):  # each a real first view: the caches are emptied before each (timed without that)
            ms, r = first_view()
            t_first.append(ms)
        t_rep, r2 = timed(post, max(reps, 5) * 4)
        assert r2.headers.get("X-WM-Cache") == "HIT", url
        first += t_first
        repeat += t_rep
        out[url] = {"first": stats(t_first), "repeat": stats(t_rep), "kb": round(len(r.get_data()) / 1024, 1)}
        print(url, out[url])
    return {"pages": out, "first": stats(first), "repeat": stats(repeat)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, default=WORK / "city-snapshot.duckdb")
    # 20: a p95 of 5 calls is the slowest call alone (the cold layouts swung 36–89 ms between runs with 5)
    ap.add_argument("--reps", type=int, default=20)
    args = ap.parse_args(argv)

    import dash

    from dashboard.factory import create_app
    from dashboard.settings import Settings
    from indicators import cache, registry, status, views

    app = create_app(Settings.load(env={}, db=args.db))
    server = app.server
    snap = server.config["WM_SNAPSHOT"]
    registry_pages = {p["path_template"] or p["path"]: p for p in dash.page_registry.values()}
    today = date.today()
    result: dict[str, Any] = {"db": str(args.db), "load_average_start": load_now()}

    mem = cache.MemoryCache()
    snap.result_cache = mem  # in-process cache: measures the cache's effect, not the file system

    with server.test_request_context("/"):
        inds = [i for i in registry.all_indicators(snap) if i.computed]
        # functions: cold = cache bypassed (each call computes), warm = served from the snapshot-keyed cache
        cold_series, cold_status, cold_view = [], [], []
        per_indicator: dict[str, float] = {}
        snap.result_cache = None
        for ind in inds:
            t, _ = timed(lambda ind=ind: registry.series(snap, ind), args.reps)
            cold_series += t
            per_indicator[ind.indicator_id] = round(percentile(t, 50), 1)
            cold_status += timed(lambda ind=ind: status.indicator_status(snap, ind, today=today), args.reps)[0]
            cold_view += timed(lambda ind=ind: views.indicator_view(snap, ind, today=today), args.reps)[0]
        snap.result_cache = mem
        warm_series, warm_view = [], []
        for ind in inds:
            registry.series(snap, ind)
            status.indicator_status(snap, ind, today=today)
            warm_series += timed(lambda ind=ind: registry.series(snap, ind), args.reps)[0]
            warm_view += timed(lambda ind=ind: views.indicator_view(snap, ind, today=today), args.reps)[0]
        result["functions"] = {
            "series_cold": stats(cold_series),
            "status_cold": stats(cold_status),
            "indicator_view_cold": stats(cold_view),
            "series_warm": stats(warm_series),
            "indicator_view_warm": stats(warm_view),
            "series_cold_p50_per_indicator_ms": per_indicator,
        }

    pages: dict[str, Any] = {}
    fig_sizes: dict[str, list[int]] = {}
    all_cold: list[float] = []
    all_warm: list[float] = []
    for url, template, kwargs in PAGES:
        layout = registry_pages[template]["layout"]
        with server.test_request_context(url):
            snap.result_cache = None
            # cold: also without what the process keeps per snapshot (Snapshot.memo: catalogue, stored series)
            cold, out = timed(lambda layout=layout, kwargs=kwargs: (snap.forget(), layout(**kwargs))[1], args.reps)
            snap.result_cache = mem
            layout(**kwargs)
            warm, out = timed(lambda layout=layout, kwargs=kwargs: layout(**kwargs), args.reps)
        figs = figures(out)
        fig_sizes[url] = [len(json.dumps(f, separators=(",", ":"))) for f in figs]
        pages[url] = {
            "cold": stats(cold),
            "warm": stats(warm),
            "figures": len(figs),
            "largest_figure_kb": round(max(fig_sizes[url], default=0) / 1024, 1),
        }
        all_cold += cold
        all_warm += warm
        print(url, pages[url])
    result["pages"] = pages
    result["app_callbacks"] = app_callbacks(server, args.reps)
    result["pages_all"] = {"cold": stats(all_cold), "warm": stats(all_warm)}
    result["figure_bytes"] = fig_sizes
    result["largest_figure_kb"] = round(max((s for v in fig_sizes.values() for s in v), default=0) / 1024, 1)
    result["cache"] = {"hits": mem.hits, "misses": mem.misses}
    result["load_average_end"] = load_now()
    save_result("callbacks", result)
    print(json.dumps(result["functions"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
