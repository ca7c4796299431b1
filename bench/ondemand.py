"""What an analyst computes on demand, on the city-scale snapshot, through the whole app (issue #19, part 3).

Each request is the `POST /_dash-update-component` the browser sends (security checks, callback, JSON, the response
cache `dashboard/response_cache.py`), sent by Flask's test client: server-side time, no network.

- Vorher-nachher, per method (`its`, `adjusted`, `did`): the result callback (`update_result`: the chosen method and
  every method side by side) for a station and metric not asked before in this process — each request a different
  station, so no cache of the process holds anything of it (the snapshot's catalogue and the weather series, shared by
  every station, are warm as on a running server). Two years of daily data each side, with weather; DiD with the
  controls the page suggests (`update_controls`, measured too: up to 20 stations).
- Map: the station series callback (`zoom`) at every level the station offers (selector) and for zoomed windows
  (a day to years), each station and view once.
- Data quality: the page (`/datenqualitaet`) for every station kind and several periods.
- Cached repeat: each request again (served from the response cache, `X-WM-Cache: HIT`).

    python bench/ondemand.py [--db SNAPSHOT] [--stations 12]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import WORK, load_now, percentile, save_result  # noqa: E402

VN_TARGET_MS, FAST_TARGET_MS, CACHED_TARGET_MS = 300, 50, 5
VN_METHODS = ("its", "adjusted", "did")
# daily series the Vorher-nachher page is asked about: (station kind, metric); weather stations are the adjustment
VN_SERIES = (
    ("bike_counter", "bicycles"),
    ("pedestrian_counter", "pedestrians"),
    ("air_quality", "pm10"),
    ("air_quality", "pm2_5"),
)
ZOOM_DAYS = (1, 7, 30, 120, 365, 3 * 365)  # widths of the zoomed windows (the level follows: `zoom_aggregation`)


def stats(ms: list[float]) -> dict[str, float]:
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1),
    }


class Caller:
    """Callback requests as the browser sends them, built from the app's own callback map."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.client = app.server.test_client()
        self.failed: list[str] = []  # requests answered with an error (503 after the time budget)

    def key(self, *outputs: str) -> str:
        for k in self.app.callback_map:
            if all(o in k for o in outputs) and "@" not in k:
                return str(k)
        raise KeyError(outputs)

    def body(self, key: str, values: dict[str, Any], changed: list[str]) -> bytes:
        """The request body of callback `key`; `values` maps `id.property` of each input and state to its value."""
        cb = self.app.callback_map[key]
        outs = [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]} for o in key.strip(".").split("...")]

        def one(d: dict[str, str]) -> dict[str, Any]:
            return {"id": d["id"], "property": d["property"], "value": values.get(f"{d['id']}.{d['property']}")}

        return json.dumps(
            {
                "output": key,
                "outputs": outs if len(outs) > 1 else outs[0],
                "inputs": [one(d) for d in cb["inputs"]],
                "state": [one(d) for d in cb["state"]],
                "changedPropIds": changed,
            }
        ).encode()

    def post(self, body: bytes) -> tuple[float, Any]:
        t0 = time.perf_counter()
        r = self.client.post("/_dash-update-component", data=body, headers={"Content-Type": "application/json"})
        ms = (time.perf_counter() - t0) * 1000
        # 503: the request's time budget (dashboard/time_budget.py) ran out; counted as a failure, with its time
        assert r.status_code in (200, 204, 503), (r.status_code, r.get_data()[:500])
        return ms, r

    def cold_then_cached(self, body: bytes, label: str, cold: list[float], cached: list[float], reps: int = 3) -> Any:
        ms, r = self.post(body)
        cold.append(ms)
        if r.status_code != 200:
            self.failed.append(f"{label}: {r.status_code}")
            print("fehlgeschlagen:", label, r.status_code, round(ms))
            return r
        assert r.headers.get("X-WM-Cache") == "MISS", (label, r.headers.get("X-WM-Cache"))
        for _ in range(reps):
            ms2, r2 = self.post(body)
            assert r2.headers.get("X-WM-Cache") == "HIT", label
            cached.append(ms2)
        return r


def page_body(caller: Caller, pathname: str, search: str) -> bytes:
    from bench.loadtest import page_content_body

    b = json.loads(page_content_body(pathname))
    b["inputs"][1]["value"] = search
    return json.dumps(b).encode()


# --- what is asked ------------------------------------------------------------------------------------------------


def vn_questions(snap: Any, rnd: random.Random) -> list[tuple[str, str, date]]:
    """(station, metric, day), each station once, in random order; the day with two years of data each side (as much as
    the station has otherwise), drawn at random."""
    from indicators import comparisons as cmp

    out: list[tuple[str, str, date]] = []
    seen: set[str] = set()
    for kind, metric in VN_SERIES:
        for s in cmp.stations(snap, kind=kind, metric=metric):
            span = (s.last_day - s.first_day).days
            if s.station_id in seen or span < 400:
                continue
            seen.add(s.station_id)
            lo = s.first_day + timedelta(days=min(730, span // 2))
            hi = s.last_day - timedelta(days=min(730, span // 2))
            out.append((s.station_id, metric, lo + timedelta(days=rnd.randrange(max(1, (hi - lo).days + 1)))))
    rnd.shuffle(out)
    return out


def vorher_nachher(caller: Caller, snap: Any, per_method: int, rnd: random.Random) -> dict[str, Any]:
    """Each method in turn on the next station not asked before; DiD only where the page suggests controls (a station
    without is asked, and counted, but is no DiD computation)."""
    result_key = caller.key("vn-result.children", "vn-location.search")
    controls_key = caller.key("vn-kontrollen.options", "vn-kontrollen.value")
    pool = vn_questions(snap, rnd)
    out: dict[str, Any] = {m: {"cold": [], "cached": [], "errors": 0} for m in VN_METHODS}
    ctrl_ms: list[float] = []
    n_controls: list[int] = []
    no_controls = 0
    asked = 0
    # the first question of each method warms the process up (scipy, plotly's validators), not counted
    for round_ in range(per_method + 1):
        for method in VN_METHODS:
            while pool:
                sid, metric, day = pool.pop()
                asked += 1
                values = {
                    "vn-modus.value": "station",
                    "vn-station.value": sid,
                    "vn-messgroesse.value": metric,
                    "vn-datum.date": day.isoformat(),
                    "vn-methode.value": method,
                    "vn-fenster.value": None,
                    "vn-kontrollen.value": [],
                    "vn-massnahme.value": None,
                    "vn-indikator.value": None,
                    "vn-frage.data": asked,
                }
                if method == "did":  # the page first fills in the suggested controls (`update_controls`)
                    ms, r = caller.post(caller.body(controls_key, values, ["vn-methode.value"]))
                    if r.status_code != 200:
                        caller.failed.append(f"update_controls {sid}: {r.status_code}")
                    chosen = json.loads(r.get_data())["response"]["vn-kontrollen"]["value"] if r.status_code == 200 else []
                    if round_:
                        ctrl_ms.append(ms)
                    if not chosen:
                        no_controls += 1
                        continue
                    n_controls.append(len(chosen))
                    values["vn-kontrollen.value"] = chosen
                cold, cached = (out[method]["cold"], out[method]["cached"]) if round_ else ([], [])
                r = caller.cold_then_cached(caller.body(result_key, values, ["vn-frage.data"]), f"{method} {sid}", cold, cached)
                out[method]["errors"] += bool(round_) and "vn-fehler" in r.get_data(as_text=True)  # "nicht möglich"
                break
    for method in VN_METHODS:
        out[method]["cold"], out[method]["cached"] = stats(out[method]["cold"]), stats(out[method]["cached"])
        print(method, out[method])
    out["did"]["controls_callback"] = stats(ctrl_ms)
    out["did"]["controls"] = {
        "min": min(n_controls, default=0),
        "max": max(n_controls, default=0),
        "stations_without_suggestion": no_controls,
    }
    return out


def map_series(caller: Caller, snap: Any, n_stations: int, rnd: random.Random) -> dict[str, Any]:
    from indicators import stations as st

    key = caller.key("karte-zustand.data", "karte-aufloesung.children")
    # stations of every kind in turn (counters with 15-minute readings, hourly sensors, daily weather, weekly nodes),
    # so that every level the map offers is asked, not only those of the most numerous kind
    by_kind: dict[str, list[str]] = {}
    for sid, kind in snap.rows("select station_id, kind from station where kind <> 'charging_station' order by 1"):
        by_kind.setdefault(kind, []).append(sid)
    for ids in by_kind.values():
        rnd.shuffle(ids)
    infos = []
    while len(infos) < n_stations and any(by_kind.values()):
        for ids in by_kind.values():
            if ids and len(infos) < n_stations:
                info = st.station(snap, ids.pop())
                if info is not None and info.metric is not None and st.available_aggregations(info):
                    infos.append(info)
    by_level: dict[str, list[float]] = {}
    cold: list[float] = []
    cached: list[float] = []
    page_ms: list[float] = []
    for info in infos:
        # as a reader gets there: a click on the station renders the page with it (the map and its chart); then the
        # chart's levels and zooms are the callback `zoom`
        ms, _r = caller.post(page_body(caller, "/karte", "?" + urlencode({"station": info.station_id})))
        page_ms.append(ms)
        default = st.default_aggregation(info)
        state = {
            "station": info.station_id,
            "agg": None,
            "von": None,
            "bis": None,
            "shown": default,
            "mode": "standard",
            "query": {},
        }
        for agg in st.available_aggregations(info):
            if agg == default:
                continue
            values = {"karte-agg.value": agg, "karte-zustand.data": state}
            c: list[float] = []
            caller.cold_then_cached(caller.body(key, values, ["karte-agg.value"]), f"{info.station_id} {agg}", c, cached)
            cold += c
            by_level.setdefault(agg, []).extend(c)
        rng = st.data_range(info)
        assert rng is not None
        for days in ZOOM_DAYS:
            if (rng[1] - rng[0]).days <= days:
                continue
            start = rng[0] + (rng[1] - rng[0] - timedelta(days=days)) * rnd.random()
            end = start + timedelta(days=days)
            relayout = {"xaxis.range[0]": start.isoformat(sep=" "), "xaxis.range[1]": end.isoformat(sep=" ")}
            level = st.zoom_aggregation(info, (start, end)) or "?"
            values = {"karte-zoom.data": relayout, "karte-agg.value": default, "karte-zustand.data": state}
            c = []
            caller.cold_then_cached(caller.body(key, values, ["karte-zoom.data"]), f"{info.station_id} {days}d", c, cached)
            cold += c
            by_level.setdefault(f"zoom:{level}", []).extend(c)
    res = {
        "stations": len(infos),
        "cold": stats(cold),
        "cached": stats(cached),
        "by_level": {k: stats(v) for k, v in sorted(by_level.items())},
        "page_with_station": stats(page_ms),
    }
    print("map", {k: v for k, v in res.items() if k != "by_level"})
    return res


def data_quality(caller: Caller, snap: Any, rnd: random.Random) -> dict[str, Any]:
    from indicators import quality

    kinds = quality.station_kinds(snap)
    cold: list[float] = []
    cached: list[float] = []
    per_kind: dict[str, list[float]] = {}
    searches = [""]
    for k in kinds:
        first, last = k.first_day, k.last_day
        span = (last - first).days
        for days in (30, 365, span):
            start = last - timedelta(days=min(days, span))
            searches.append(f"?art={k.kind}&von={start.isoformat()}&bis={last.isoformat()}")
        mid = first + timedelta(days=rnd.randrange(max(1, span - 90)))
        searches.append(f"?art={k.kind}&von={mid.isoformat()}&bis={(mid + timedelta(days=90)).isoformat()}")
    for s in dict.fromkeys(searches):
        c: list[float] = []
        caller.cold_then_cached(page_body(caller, "/datenqualitaet", s), f"dq {s}", c, cached)
        cold += c
        kind = s.split("&")[0].removeprefix("?art=") or "(Standard)"
        per_kind.setdefault(kind, []).extend(c)
    res = {
        "views": len(cold),
        "cold": stats(cold),
        "cached": stats(cached),
        "by_kind": {k: stats(v) for k, v in per_kind.items()},
    }
    print("datenqualitaet", {k: v for k, v in res.items() if k != "by_kind"})
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, default=WORK / "city-snapshot.duckdb")
    ap.add_argument("--stations", type=int, default=15, help="stations per Vorher-nachher method and for the map")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--only", choices=("vorher_nachher", "map", "data_quality"), help="measure one part (not saved)")
    args = ap.parse_args(argv)

    from dashboard.factory import create_app
    from dashboard.response_cache import EXTENSION
    from dashboard.settings import Settings

    t0 = time.perf_counter()
    app = create_app(Settings.load(env={}, db=args.db))
    server = app.server
    server.extensions[EXTENSION].clear()  # the app's own response cache (filesystem): nothing answered before
    snap = server.config["WM_SNAPSHOT"]
    caller = Caller(app)
    result: dict[str, Any] = {"db": str(args.db), "load_average_start": load_now()}
    with server.test_request_context("/"):
        # warm the process as a running server is: the pages' first view (catalogue, station list), not timed
        for path in ("/vorher-nachher", "/karte", "/datenqualitaet"):
            caller.post(page_body(caller, path, "?aufwaermen=1"))  # a query no measured request sends
        # each part draws from its own generator: the map asks the same stations and windows with or without `--only`
        parts = {"vorher_nachher": vorher_nachher, "map": map_series, "data_quality": data_quality}
        for name, part in parts.items():
            if args.only in (None, name):
                part_rnd = random.Random(f"{args.seed}:{name}")
                result[name] = (
                    part(caller, snap, part_rnd) if name == "data_quality" else part(caller, snap, args.stations, part_rnd)
                )
    result["failed"] = caller.failed
    result["load_average_end"] = load_now()
    result["seconds"] = round(time.perf_counter() - t0, 1)
    if args.only:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        save_result("ondemand", result)
    print(f"ondemand: {result['seconds']} s")
    return 0


# --- docs/performance.md --------------------------------------------------------------------------------------------


def _v(ok: bool) -> str:
    return "erfüllt" if ok else "**verfehlt**"


def render(res: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(rows of the targets table, lines of the section) for docs/performance.md."""
    od = res.get("ondemand")
    if not od:
        return [], []
    rows: list[str] = []
    vn, mp, dq = od["vorher_nachher"], od["map"], od["data_quality"]
    for m in VN_METHODS:
        c = vn[m]["cold"]
        rows.append(
            f"| Vorher-nachher `{m}` auf Abruf (Station nicht zuvor gefragt) p95 ≤ {VN_TARGET_MS} ms |"
            f" p95 {c['p95_ms']} ms (n {c['n']}) | {_v(c['p95_ms'] <= VN_TARGET_MS)} |"
        )
    for label, d in (("Karte: Reihe einer Messstelle je Stufe/Zoom", mp), ("Datenqualität (Seite)", dq)):
        rows.append(
            f"| {label} p95 ≤ {FAST_TARGET_MS} ms | p95 {d['cold']['p95_ms']} ms (n {d['cold']['n']}) |"
            f" {_v(d['cold']['p95_ms'] <= FAST_TARGET_MS)} |"
        )
    cached = [vn[m]["cached"] for m in VN_METHODS] + [mp["cached"], dq["cached"]]
    worst = max(c["p95_ms"] for c in cached)
    rows.append(
        f"| Wiederholung derselben Anfrage (Antwort-Cache) p95 ≤ {CACHED_TARGET_MS} ms | p95 höchstens {worst} ms |"
        f" {_v(worst <= CACHED_TARGET_MS)} |"
    )
    lines = [
        "",
        "## Auf Abruf berechnet / computed on demand",
        "",
        "Auf dem Stadt-Snapshot, jede Anfrage als `POST /_dash-update-component` durch die ganze App (Flask-Testclient:"
        " Sicherheitsprüfungen, Callback, JSON, Antwort-Cache), ohne Netz. *Erster Aufruf*: eine Frage, die der Prozess"
        " noch nicht gesehen hat (Vorher-nachher: jede Anfrage eine andere Station; Karte: jede Station, Stufe und jedes"
        " Fenster einmal; Datenqualität: jede Art und jeder Zeitraum einmal); was alle Stationen teilen (Katalog,"
        " Wetterreihe) ist warm wie auf einem laufenden Server. *Wiederholung*: dieselbe Anfrage noch dreimal (Antwort-Cache"
        " im Dateisystem, wie die App ihn nutzt). Vorher-nachher rechnet die gewählte Methode und alle Verfahren im"
        " Vergleich (die Tabelle der Seite); zwei Jahre Tageswerte je Seite mit Wetter; DiD mit den vorgeschlagenen"
        " Kontrollstationen.",
        "",
        "| Anfrage | erster Aufruf p50 / p95 / max | n | Wiederholung p50 / p95 |",
        "|---|---|---|---|",
    ]
    for m in VN_METHODS:
        c, w = vn[m]["cold"], vn[m]["cached"]
        lines.append(
            f"| Vorher-nachher `{m}` | {c['p50_ms']} / {c['p95_ms']} / {c['max_ms']} ms | {c['n']} |"
            f" {w['p50_ms']} / {w['p95_ms']} ms |"
        )
    cc = vn["did"].get("controls_callback")
    if cc and cc.get("n"):
        lines.append(
            f"| Vorher-nachher: Kontrollvorschlag für DiD (`update_controls`, {vn['did']['controls']['min']}–"
            f"{vn['did']['controls']['max']} Stationen) | {cc['p50_ms']} / {cc['p95_ms']} / {cc['max_ms']} ms |"
            f" {cc['n']} | — |"
        )
    for label, d in (("Karte: Reihe je Stufe und Zoom (`zoom`)", mp), ("Datenqualität (`/datenqualitaet`)", dq)):
        c, w = d["cold"], d["cached"]
        lines.append(
            f"| {label} | {c['p50_ms']} / {c['p95_ms']} / {c['max_ms']} ms | {c['n']} | {w['p50_ms']} / {w['p95_ms']} ms |"
        )
    lines += [
        "",
        "Karte je Stufe (erster Aufruf, p50 / p95 / n): "
        + "; ".join(f"{k} {v['p50_ms']} / {v['p95_ms']} ms / {v['n']}" for k, v in mp["by_level"].items())
        + ".",
    ]
    lines += [
        "",
        "Datenqualität je Stationsart (erster Aufruf, p50 / p95 / n): "
        + "; ".join(f"{k} {v['p50_ms']} / {v['p95_ms']} ms / {v['n']}" for k, v in dq["by_kind"].items())
        + ".",
    ]
    lines.append(
        f"\nDauer {od['seconds']} s; load average während der Messung: {od['load_average_start']} → {od['load_average_end']}."
    )
    return rows, lines


if __name__ == "__main__":
    raise SystemExit(main())
