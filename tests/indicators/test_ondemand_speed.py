"""What makes a before/after comparison fast on demand (issue #19, bench/ondemand.py) changes no number: the rank check
without the SVD agrees with `np.linalg.matrix_rank`, the batched daily series equal the single ones, the station list
read from `observation_daily` equals the scan of the raw observations, and what the process keeps (`ProcessLRU`) is
keyed by the snapshot's path and version and every input."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from app_support import data_table_before

from indicators import before_after as ba
from indicators import comparisons as cmp
from indicators.before_after import BeforeAfterError, design_rank
from indicators.cache import ProcessLRU
from indicators.registry import sql
from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parents[2]
TRUTH = json.loads((ROOT / "data" / "demo" / "ground_truth.json").read_text(encoding="utf-8"))
CASE = next(t for t in TRUTH if t["effect_pct"] and t["indicator_id"] == "rad_dtv")


# --- the rank check --------------------------------------------------------------------------------------------------


def _design(n: int, rng: np.random.Generator) -> np.ndarray:
    """Columns like the adjusted model's: intercept, step, weekdays, season, trend, temperature with spline knots."""
    t = np.arange(n) / 365.25 - 2
    temp = 12 + 9 * np.sin(2 * np.pi * t) + rng.normal(0, 3, n)
    wd = np.arange(n) % 7
    cols = [np.ones(n), (t >= 0).astype(float)] + [(wd == k).astype(float) for k in range(1, 7)]
    cols += [np.sin(2 * np.pi * t), np.cos(2 * np.pi * t), np.sin(4 * np.pi * t), np.cos(4 * np.pi * t), t, temp]
    cols += [np.clip(temp - k, 0, None) for k in (0.0, 10.0, 20.0, 26.0)]
    return np.column_stack(cols)


def _cases() -> list[tuple[str, np.ndarray]]:
    rng = np.random.default_rng(19)
    x = _design(1460, rng)
    warm = x.copy()
    warm[:, 14] = np.abs(warm[:, 14]) + 1  # no frost day: the knot at 0 °C copies the temperature
    warm[:, 15] = warm[:, 14]
    near = x.copy()
    near[:, 15] = near[:, 14] + 1e-9 * rng.normal(size=len(x))  # near-collinear: left to matrix_rank itself
    step = x.copy()
    step[:, 1] = step[:, 0]  # the step covers every day: the same column as the intercept
    combo = np.column_stack([x, x[:, 2] + x[:, 3]])  # a column that is the sum of two others
    zero = np.column_stack([x, np.zeros(len(x))])
    scaled = x * np.r_[1e6, np.ones(x.shape[1] - 1)]  # very different column scales, still of full rank
    wide = rng.normal(size=(8, 12))  # fewer rows than columns
    return [
        ("full", x),
        ("no frost", warm),
        ("near", near),
        ("step", step),
        ("sum", combo),
        ("zero", zero),
        ("scaled", scaled),
        ("wide", wide),
        ("tiny", x[:30, :5]),
    ]


@pytest.mark.parametrize(("name", "x"), _cases(), ids=[n for n, _ in _cases()])
def test_rank_check_agrees_with_matrix_rank(name: str, x: np.ndarray) -> None:
    assert design_rank(x) == int(np.linalg.matrix_rank(x)), name


def test_rank_check_skips_the_svd_only_for_a_full_rank_design(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []
    real = np.linalg.matrix_rank
    monkeypatch.setattr(ba.np.linalg, "matrix_rank", lambda x, *a, **k: calls.append(x.shape) or real(x, *a, **k))
    cases = dict(_cases())
    assert design_rank(cases["full"]) == cases["full"].shape[1] and calls == []
    assert design_rank(cases["no frost"]) == cases["no frost"].shape[1] - 1 and calls == [cases["no frost"].shape]


# --- what the process keeps ------------------------------------------------------------------------------------------


class _Snap:
    def __init__(self, path: str, version: str) -> None:
        self.path, self.version = Path(path), version


def test_process_lru_keys_by_snapshot_path_version_and_every_input() -> None:
    lru = ProcessLRU(3)
    computed: list[object] = []

    def get(snap: _Snap, *parts: object) -> object:
        return lru.lookup(snap, parts, lambda: computed.append(parts) or ("value", snap.path, snap.version, parts))  # type: ignore[arg-type]

    a, a2, b = _Snap("/s/a.duckdb", "1"), _Snap("/s/a.duckdb", "2"), _Snap("/s/b.duckdb", "1")
    assert get(a, "x", 1) == get(a, "x", 1) and len(computed) == 1  # the same question: kept
    get(a2, "x", 1)  # a new publish of the same file
    get(b, "x", 1)  # another snapshot (public and internal instance)
    get(a, "x", 2)  # another input
    assert len(computed) == 4
    get(a, "x", 1)  # the oldest was evicted (at most 3 kept)
    assert len(computed) == 5 and lru.hits == 1


def test_daily_series_of_many_stations_equal_each_read_alone(snap: Snapshot) -> None:
    ids = [sid for sid, _ in cmp.control_stations(snap, station=CASE["station_id"], metric="bicycles")]
    ids += [CASE["station_id"], "gibt-es-nicht"]
    ba.DAILY_SERIES.clear()
    many = ba.daily_series_many(snap, stations=ids, metric="bicycles")
    assert list(many) == ids and many["gibt-es-nicht"].is_empty()
    for sid in ids:  # the single query of each, not what the batch kept
        alone = snap.query(sql("daily_station"), {"station": sid, "metric": "bicycles", "agg": "sum"}).select("day", "value")
        assert many[sid].equals(alone), sid
        assert ba.daily_series(snap, station=sid, metric="bicycles") is many[sid]  # kept, not read again
    pm = ba.daily_series_many(snap, stations=ids[:2], metric="pm10")  # another metric is another series
    assert all(f.is_empty() for f in pm.values())


def test_station_list_from_daily_aggregates_equals_the_raw_scan(snap: Snapshot) -> None:
    raw = (
        sql("comparison_stations").split("with series as")[0]
        + """with series as (
        select station_id, metric, cast(min(ts) as date) as first_day, cast(max(ts) as date) as last_day
        from observation where value is not null group by 1, 2
    )"""
        + sql("comparison_stations").split("group by 1, 2\n)", 1)[1]
    )
    assert snap.query(raw).equals(snap.query(sql("comparison_stations")))


def test_a_comparison_is_kept_per_question_and_snapshot(snap: Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = cmp._run
    monkeypatch.setattr(cmp, "_run", lambda s, r: calls.append(r.method or "") or real(s, r))
    cmp.RUNS.clear()
    req = cmp.ComparisonRequest(
        station=CASE["station_id"],
        metric="bicycles",
        at=date.fromisoformat(CASE["date"]),
        method="its",
        controls=("ecocounter:100069002",),
        measure_id="m1",
    )
    first = cmp.run(snap, req)
    again = cmp.run(snap, replace(req, controls=(), measure_id=None))  # its reads neither controls nor the measure
    assert calls == ["its"] and again.result == first.result
    assert first.request == req and again.request == replace(req, controls=(), measure_id=None)  # the caller's own
    cmp.run(snap, replace(req, at=date(2022, 5, 2)))  # another date
    cmp.run(snap, replace(req, method="did"))  # did reads the controls
    cmp.run(snap, replace(req, method="did", controls=("ecocounter:100069002", "ecocounter:100069003")))
    assert calls == ["its", "its", "did", "did"]
    copy = tmp_path / "copy.duckdb"  # another snapshot: computed again
    shutil.copy(snap.path, copy)
    cmp.run(Snapshot(copy), req)
    assert len(calls) == 5
    impossible = replace(req, at=date(2016, 2, 1))
    for _ in range(2):  # the reason is kept too, and raised again as a fresh error with the same text
        with pytest.raises(BeforeAfterError, match="zu wenig"):
            cmp.run(snap, impossible)
    assert len(calls) == 6


# --- the map's parts per hour ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("agg", ["stunde", "tag", "woche", "monat", "jahr"])
def test_parts_from_the_hourly_table_equal_the_raw_readings(snap: Snapshot, agg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from indicators import stations as st

    assert snap.has_table(st.DETAIL_HOURLY_TABLE)  # `etl publish` wrote it
    st.STATIONS.clear()
    info = st.station(snap, CASE["station_id"])
    assert info is not None and info.kind.components
    fast = st.station_series(snap, info, agg)
    real = snap.has_table
    derived = {st.DETAIL_HOURLY_TABLE, st.LOCAL_DAILY_TABLE, st.DETAIL_LOCAL_DAILY_TABLE}
    monkeypatch.setattr(snap, "has_table", lambda t: t not in derived and real(t))
    raw = st.station_series(snap, info, agg)
    assert fast.filter(fast["series"] != "Gesamt").height > 0  # the directions are there
    assert fast.select("period_start", "series").equals(raw.select("period_start", "series"))
    assert np.allclose(fast["value"].to_numpy(), raw["value"].to_numpy(), rtol=1e-12, atol=1e-9)


# --- the data-quality page ---------------------------------------------------------------------------------------------

SPANS_IN_ONE_QUERY = """with span as (
    select o.station_id, cast(min(o.ts) as date) as first_day
    from observation o join station s using (station_id)
    where s.kind = $kind
    group by 1
), kind_last as (
    select cast(max(o.ts) as date) as last_day
    from observation o join station s using (station_id)
    where s.kind = $kind
), per_day as ("""


def test_coverage_with_the_kept_spans_equals_the_single_query(snap: Snapshot) -> None:
    """quality_station_days.sql reads each station's first day and the kind's last day from quality_spans.sql (kept
    per snapshot) instead of scanning the kind's observations twice per view: the same rows."""
    import polars as pl

    from indicators import quality

    text = sql("quality_station_days")
    one_query = SPANS_IN_ONE_QUERY + text.split("), per_day as (", 1)[1]
    for k in quality.station_kinds(snap):
        for start, end in ((k.first_day, k.last_day), (k.last_day.replace(day=1), k.last_day), (date(2000, 1, 1), k.first_day)):
            kept = quality.station_days(snap, k.kind, start, end)
            once = snap.query(one_query, {"kind": k.kind, "start": start, "end": end}).with_columns(
                pl.col("n").cast(pl.Int64), pl.col("share").cast(pl.Float64)
            )
            assert kept.equals(once), (k.kind, start, end)


# the map's chart before it was built as a dict (pages/karte/figures.py at a0c71dc, with plotly's own checks and datetime
# objects): the reference the dict must serialise like
def _figure_before(series: pl.DataFrame, info: Any, agg: str, window: Any = None, *, starts: Any = ()) -> Any:
    import html as htmllib
    from datetime import datetime, time

    import plotly.graph_objects as go

    from dashboard import format as fmt
    from dashboard.i18n import _, current_lang
    from dashboard.theme import DASHES, PALETTE
    from pages.karte import figures as km

    fig = go.Figure()
    names = ["Gesamt", *sorted(n for n in series["series"].unique().to_list() if n != "Gesamt")]
    unit = _(info.unit)
    decimals = ",.0f" if info.kind.agg == "sum" else ",.1f"
    period = km.HOVER_PERIOD[agg] if agg != "woche" else _("Woche ab") + " " + km.HOVER_PERIOD[agg]
    if agg == "monat" and current_lang() == "de":
        period = "%{x|%B %Y}"
    for i, name in enumerate(names):
        s = series.filter(pl.col("series") == name).sort("period_start")
        label = km.series_label(name)
        fig.add_trace(
            go.Scatter(
                x=s["period_start"].to_list(),
                y=s["value"].to_list(),
                name=label,
                mode="lines+markers" if s.height <= 60 else "lines",
                line=dict(color=PALETTE[i % len(PALETTE)], dash=DASHES[i % len(DASHES)], width=3 if i == 0 else 2),
                marker=dict(size=6),
                hovertemplate=f"{htmllib.escape(label)}<br>{period}: %{{y:{decimals}}} {htmllib.escape(unit)}<extra></extra>",
            )
        )
    label = km.metric_label(info.metric)
    label = label[:1].upper() + label[1:]
    unit_cap = unit[:1].upper() + unit[1:]
    view = f"{agg}|{window[0].isoformat() if window else ''}|{window[1].isoformat() if window else ''}"
    xaxis: dict[str, Any] = {"uirevision": info.station_id}
    if window is not None:
        xaxis.update(range=[window[0].isoformat(sep=" "), window[1].isoformat(sep=" ")], autorange=False)
    else:
        xaxis.update(autorange=True)
    shown = 0
    if not series.is_empty() and starts:
        lo, hi = series["period_start"].min(), series["period_start"].max()
        if window is not None:
            lo, hi = window
        inside = [(d, t) for d, t in sorted(starts) if lo <= datetime.combine(d, time()) <= hi]
        for i, (d, title) in enumerate(inside):
            x = datetime.combine(d, time()).isoformat(sep=" ")
            fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line=dict(color="#1A1A1A", width=1.5, dash="dot"))
            fig.add_annotation(
                x=x,
                y=1,
                yref="paper",
                yshift=4 + 18 * (len(inside) - 1 - i),
                yanchor="bottom",
                xanchor="left",
                showarrow=False,
                text=htmllib.escape(_("Start: {massnahme}").format(massnahme=title)),
                font=dict(size=12, color="#1A1A1A"),
            )
        shown = len(inside)
    fig.update_layout(
        showlegend=len(names) > 1,
        yaxis_title=label if label == unit_cap else f"{label} ({unit})",
        hovermode="closest",
        margin=dict(t=40 + 18 * shown, l=80),
        uirevision=info.station_id,
        xaxis=xaxis,
        yaxis=dict(autorange=True, fixedrange=True, uirevision=view),
        separators=fmt.separators(),
    )
    return fig


MAP_STATIONS = (CASE["station_id"], "hystreet:kaiserstrasse", "dwd:07341", "sensorcommunity:61001")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_map_chart_as_dict_sends_the_same_json_as_the_figure_before(snap: Snapshot, lang: str) -> None:
    """pages/karte/figures.py builds the station chart as the plain dict go.Figure serialises to: what the browser
    gets is the same (as parsed JSON) as the go.Figure of before, checked by plotly, for counters with directions,
    hourly and daily readings, every level, the whole series and zoomed windows, with the measure starts drawn."""
    import plotly

    from dashboard.factory import create_app
    from dashboard.settings import Settings
    from indicators import stations as st
    from pages.karte import figures as km

    app = create_app(Settings.load(env={}, db=snap.path))
    starts = [(m.start_date, m.title) for k in st.KINDS for m in cmp.measures_concerning(snap, k)][:3]
    starts += [(date(2024, 6, 3), "Probe <b>&</b>")]  # inside most series and windows below, with characters to escape
    checked = 0
    with app.server.test_request_context(f"/?lang={lang}"):
        for sid in MAP_STATIONS:
            info = st.station(snap, sid)
            assert info is not None, sid
            rng = st.data_range(info)
            assert rng is not None
            windows = [None, (rng[1] - timedelta(days=3), rng[1]), (datetime(2024, 2, 20), datetime(2024, 8, 10))]
            for agg in st.available_aggregations(info):
                for window in windows:
                    s = st.station_series(snap, info, agg, window=window)
                    new = json.loads(
                        json.dumps(km.station_figure(s, info, agg, window, starts=starts), cls=plotly.utils.PlotlyJSONEncoder)
                    )
                    old = json.loads(
                        json.dumps(_figure_before(s, info, agg, window, starts=starts), cls=plotly.utils.PlotlyJSONEncoder)
                    )
                    assert new == old, (sid, agg, window)
                    checked += 1
                    checked += 100 * bool(new["layout"].get("shapes"))  # some views draw the starts
    assert checked > 100 * 10


@pytest.mark.parametrize("method", ["its", "did"])
def test_period_chart_with_days_as_text_sends_the_same_json(snap: Snapshot, method: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """pages/vorher_nachher/figures.py: the days as text, plotly's check of each value skipped, the shapes of
    add_vrect/add_vline added directly: the same figure JSON as with date objects, checked, and the helpers."""
    import plotly

    from dashboard.factory import create_app
    from dashboard.settings import Settings
    from pages.vorher_nachher import figures as vf

    app = create_app(Settings.load(env={}, db=snap.path))
    controls = ("ecocounter:100069002",) if method == "did" else ()
    c = cmp.run(
        snap,
        cmp.ComparisonRequest(
            station=CASE["station_id"], metric="bicycles", at=date.fromisoformat(CASE["date"]), method=method, controls=controls
        ),
    )
    with app.server.test_request_context("/"):
        fast = json.dumps(vf.periods_figure(c), cls=plotly.utils.PlotlyJSONEncoder)
        with monkeypatch.context() as m:
            real = vf.go.Figure

            class Checked(real):  # type: ignore[misc, valid-type]
                def add_shape(self, arg: dict | None = None, **kw: object) -> object:
                    if arg is None:  # plotly's own helpers add their shape with keywords
                        return super().add_shape(**kw)
                    if arg["type"] == "rect":  # ours: drawn by the helpers, as before
                        return self.add_vrect(
                            x0=arg["x0"], x1=arg["x1"], fillcolor=arg["fillcolor"], opacity=0.6, layer="below", line_width=0
                        )
                    return self.add_vline(x=arg["x0"], line=arg["line"])

            m.setattr(vf.go, "Figure", Checked)
            m.setattr(vf.go, "Scatter", lambda _s=vf.go.Scatter, **k: _s(**{a: v for a, v in k.items() if a != "_validate"}))
            m.setattr(vf, "_iso_days", lambda col: col.to_list())  # date objects
            checked = json.dumps(vf.periods_figure(c), cls=plotly.utils.PlotlyJSONEncoder)
    assert fast == checked


def _ranges(k: object) -> list[tuple[date, date]]:
    from indicators.quality import KindInfo

    assert isinstance(k, KindInfo)
    return [
        (k.first_day, k.last_day),
        (k.last_day.replace(day=1), k.last_day),
        (max(k.first_day, k.last_day.replace(year=k.last_day.year - 1)), k.last_day),
        (date(2000, 1, 1), k.first_day),
        (k.last_day, k.last_day),
    ]


def test_coverage_from_the_days_table_equals_the_raw_count(snap: Snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    """`etl publish` writes the readings per station and day (quality_station_day); the page's coverage, gaps and
    period read from it are those counted from the raw timestamps (a snapshot without the table, published before)."""
    from indicators import quality
    from pages.datenqualitaet.datasets import _coverage

    assert snap.has_table(quality.STATION_DAY_TABLE)  # `etl publish` wrote it
    kinds = quality.station_kinds(snap)
    assert len(kinds) >= 5
    for k in kinds:  # each station's first day and the kind's last day: the same as the scan
        assert snap.rows(sql("quality_spans_daily"), {"kind": k.kind}) == snap.rows(sql("quality_spans"), {"kind": k.kind})
    fast = {(k.kind, r): _coverage(snap, k, *r) for k in kinds for r in _ranges(k)}
    real = snap.has_table
    monkeypatch.setattr(snap, "has_table", lambda t: t != quality.STATION_DAY_TABLE and real(t))
    queries: list[str] = []
    real_query = snap.query
    monkeypatch.setattr(snap, "query", lambda q, p=None: queries.append(q) or real_query(q, p))
    for (kind, r), (cov, gaps, period) in fast.items():
        k = next(i for i in kinds if i.kind == kind)
        raw_cov, raw_gaps, raw_period = _coverage(snap, k, *r)
        assert period == raw_period, (kind, r)
        assert cov.equals(raw_cov), (kind, r)
        assert gaps.equals(raw_gaps), (kind, r)
    assert queries and all("from observation o" in q for q in queries)  # the fallback counted the raw readings
    some = [c for c, _, _ in fast.values() if not c.is_empty()]
    assert len(some) > len(kinds) and any(c["share"].min() < 1 for c in some)  # gaps and partial days compared too


def test_data_quality_page_with_kept_sections_sends_the_same_json(snap: Snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sections that do not depend on the kind and period asked (alerts, loads, rejected rows, stale indicators,
    baselines, unplaced stations) are built once per snapshot, language, instance and day and hand the encoder their
    JSON converted once: the page the browser gets is the same, byte for byte, as built afresh for each view."""
    from plotly.io.json import to_json_plotly

    from dashboard.factory import create_app
    from dashboard.settings import Settings

    app = create_app(Settings.load(env={}, db=snap.path))
    from pages.datenqualitaet import page as dq  # after the app: the page registers with it

    views = [{}, {"art": "tree_sensor"}, {"art": "bike_counter", "von": "2020-01-01", "bis": "2020-03-31"}]
    builds: list[str] = []
    real = dq._load_section
    monkeypatch.setattr(dq, "_load_section", lambda s: builds.append(dq.current_lang()) or real(s))
    with app.server.test_request_context("/"):
        dq.snapshot().forget()
        kept = [to_json_plotly(dq.layout(**v)) for v in views]
        assert builds == ["de"]  # built once for every view
        with monkeypatch.context() as m:
            m.setattr(dq, "current_lang", lambda: "en")
            dq.layout()
        assert builds == ["de", "en"]  # another language: its own
        monkeypatch.setattr(dq, "_frozen", lambda cs: cs)
        monkeypatch.setattr(Snapshot, "memo", lambda self, key, compute: compute())
        fresh = [to_json_plotly(dq.layout(**v)) for v in views]
    assert len(builds) == 2 + len(views)
    assert "dq-ladungen" in kept[0] and "dq-ohne-ort" in kept[0] and "dq-abdeckung" in kept[0]
    assert kept == fresh


# --- the map's station queries: the station's rows only, periods of an hour or less shifted in polars ---------------

# the hour that occurs twice in local time (02:00 on the last Sunday of October)
FALL_BACK = [datetime(2023, 10, 29, 2), datetime(2024, 10, 27, 2), datetime(2025, 10, 26, 2)]
SERIES_STATIONS = (CASE["station_id"], "hystreet:kaiserstrasse", "sensorcommunity:61001", "dwd:07341", "sta:4")


def test_stored_row_numbers_are_those_of_the_published_file(snap: Snapshot) -> None:
    """`station_rows` (written by `etl publish` after the tables it describes) holds each station's first and last row
    number in the published file: a query with `rowid between` them reads all of the station's rows."""
    from indicators import stations as st

    assert snap.has_table(st.ROWS_TABLE)
    stored = snap.query(f"select * from {st.ROWS_TABLE} order by all")
    assert stored.equals(snap.query(f"select * from ({sql('station_rows')}) order by all"))
    assert set(stored["table_name"]) == set(st._QUERY_TABLES.values())
    for table in st._QUERY_TABLES.values():  # every row of a station lies between its numbers
        outside = snap.rows(
            f"select count(*) from {table} t join {st.ROWS_TABLE} r on r.table_name = ? and r.station_id = t.station_id"
            " where t.rowid not between r.first_row and r.last_row",
            [table],
        )[0][0]
        assert outside == 0, table


def _series_before(snap: Snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    """station_series as before: each query once over every row, grouped by local periods in DuckDB."""
    from indicators import stations as st

    def plain(s: Snapshot, name: str, params: dict[str, Any]) -> pl.DataFrame:
        if name in st._QUERY_TABLES:
            params = {**params, "first_row": 0, "last_row": 2**62}
        return s.query(sql(name), params)

    monkeypatch.setattr(st, "_query", plain)


def test_station_series_from_the_stations_rows_and_utc_periods_equal_the_local_query(
    snap: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The queries of a station's chart read only its rows (`row_range`) and, at 15 minutes and an hour, group by UTC
    periods shifted to local time in polars, the October hour that occurs twice computed by the local query: the same
    frame, exactly, as each local query over every row — every level, the whole series and windows across both changes
    of the clocks, counters with directions, hourly and irregular readings (means), daily weather."""
    from indicators import stations as st

    views: list[tuple[Any, str, Any]] = []
    for sid in SERIES_STATIONS:
        info = st.station(snap, sid)
        assert info is not None, sid
        for agg in st.available_aggregations(info):
            windows: list[Any] = [None, (datetime(2024, 2, 20), datetime(2024, 8, 10))]
            if agg in ("15min", "stunde"):  # across both changes of the clocks
                for year in (2024, 2025):
                    windows += [(datetime(year, 10, 20), datetime(year, 11, 3)), (datetime(year, 3, 20), datetime(year, 4, 3))]
            views += [(info, agg, st.clip_window(info, *w) if w else None) for w in windows]
    fast = [st.station_series(snap, info, agg, window=w) for info, agg, w in views]
    with monkeypatch.context() as m:
        _series_before(snap, m)
        before = [st.station_series(snap, info, agg, window=w) for info, agg, w in views]
    twice = 0
    for (info, agg, w), new, old in zip(views, fast, before, strict=True):
        assert new.equals(old), (info.station_id, agg, w)
        twice += agg in ("15min", "stunde") and new["period_start"].is_in(FALL_BACK).any()
    assert sum(not f.is_empty() for f in fast) > 30 and twice > 4  # the October hour is among them
    # a snapshot published before `station_rows`: every row read, the same frames
    real = snap.has_table
    monkeypatch.setattr(snap, "has_table", lambda t: t != st.ROWS_TABLE and real(t))
    for (info, agg, w), new in zip(views[::5], fast[::5], strict=True):
        assert st.station_series(snap, info, agg, window=w).equals(new), (info.station_id, agg, w)


def test_the_october_hour_of_hourly_sums_is_added_up_without_a_second_query(
    snap: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A counter's hour level across the October change of the clocks: the total and its directions from one query
    each (the local hour that occurs twice is the sum of its two UTC hours, added in polars); the test above checks the
    numbers against the local query. Means (hourly sensors) still ask the local query for that hour."""
    from indicators import stations as st

    calls: list[str] = []
    real = snap.query
    monkeypatch.setattr(snap, "query", lambda q, p=None: (calls.append(q), real(q, p))[1])
    counter = st.station(snap, CASE["station_id"])
    assert counter is not None and counter.kind.agg == "sum" and counter.kind.components
    out = st.station_series(
        snap, counter, "stunde", window=st.clip_window(counter, datetime(2024, 10, 20), datetime(2024, 11, 3))
    )
    assert out.filter(pl.col("period_start").is_in(FALL_BACK)).height == out["series"].n_unique() > 1
    assert len(calls) == 2
    sensor = st.station(snap, "sensorcommunity:61001")
    assert sensor is not None and sensor.kind.agg != "sum"
    for year in (2023, 2024, 2025):  # an autumn the sensor reported through
        calls.clear()
        window = st.clip_window(sensor, datetime(year, 10, 20), datetime(year, 11, 3))
        out = st.station_series(snap, sensor, "stunde", window=window) if window else pl.DataFrame()
        if not out.is_empty() and out["period_start"].is_in(FALL_BACK).any():
            break
    assert out["period_start"].is_in(FALL_BACK).any() and len(calls) == 2  # the UTC query and the local one


def _old_coverage(snap: Snapshot, kind: str, start: date, end: date, last_day: date) -> tuple[Any, Any, str]:
    """Coverage and gaps as the page computed them before the arrays: the day grid of quality_station_days_daily.sql,
    condensed in polars (`quality.coverage`, `quality.gaps`, still the path of a snapshot without the table)."""
    from indicators import quality

    days = quality.station_days(snap, kind, start, end)
    period = quality.choose_period(max(days["station_id"].n_unique(), 1), (end - start).days + 1)
    return quality.coverage(days, period), quality.gaps(days, last_day=last_day), period


def _many_ranges(k: Any, rnd: Any) -> list[tuple[date, date]]:
    span = (k.last_day - k.first_day).days
    out = _ranges(k) + [(k.first_day - timedelta(days=40), k.first_day + timedelta(days=3))]
    for width in (0, 6, 30, 90, 200, 365, 800, 4000):
        a = k.first_day + timedelta(days=rnd.randrange(span + 1))
        out.append((a, a + timedelta(days=width)))
    return out


def test_coverage_from_the_kept_days_equals_the_day_grid(snap: Snapshot) -> None:
    """quality.coverage_and_gaps computes the page's coverage and gaps from each kind's days with readings (kept per
    snapshot as arrays) instead of a day grid in DuckDB condensed in polars: the same frames to the last bit (the
    share of a week or month is the mean polars computes, Kahan-summed in day order), for every kind and many ranges
    (days, weeks and months; stations without any reading in the range; ranges beyond the data)."""
    import random

    from polars.testing import assert_frame_equal

    from indicators import quality
    from pages.datenqualitaet import figures as qf

    rnd = random.Random(19)
    periods: set[str] = set()
    compared = partial = silent = 0
    for k in quality.station_kinds(snap):
        for start, end in _many_ranges(k, rnd):
            cov, gaps, period = quality.coverage_and_gaps(snap, k.kind, start, end, last_day=k.last_day)
            old_cov, old_gaps, old_period = _old_coverage(snap, k.kind, start, end, k.last_day)
            assert period == old_period, (k.kind, start, end)
            assert_frame_equal(cov, old_cov, check_exact=True)
            assert_frame_equal(gaps, old_gaps, check_exact=True)
            if cov.height:  # the caption's share per station: polars' group mean of before, in numpy
                names, shares = qf._station_shares(cov)
                by_station = cov.group_by("station_name", maintain_order=True).agg(
                    ((pl.col("share") * pl.col("days")).sum() / pl.col("days").sum()).alias("share")
                )
                assert names == by_station["station_name"].to_list() and shares.tolist() == by_station["share"].to_list()
            periods.add(period)
            compared += 1
            partial += bool(cov.height and cov["share"].min() < 1)
            silent += bool(cov.filter(pl.col("days_missing") == pl.col("days")).height)
    assert periods == {"day", "week", "month"} and compared > 50 and partial > 10 and silent > 0


def test_coverage_when_the_days_are_not_stored_by_station(snap: Snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The days are read without a sort in the order `etl publish` wrote them; read in another order (checked against
    each station's count, first day and readings), they are read again sorted: the same coverage."""
    from polars.testing import assert_frame_equal

    from indicators import quality

    kind = next(k for k in quality.station_kinds(snap) if k.stations > 1)
    start, end = kind.first_day, kind.last_day
    expected = _old_coverage(snap, kind.kind, start, end, kind.last_day)
    real_sql = quality.sql
    asked: list[str] = []

    def shuffled(name: str) -> str:
        asked.append(name)
        return real_sql(name) + ("\norder by n desc, day" if name == "quality_kind_days" else "")

    monkeypatch.setattr(quality, "sql", shuffled)
    snap.forget()
    try:
        cov, gaps, period = quality.coverage_and_gaps(snap, kind.kind, start, end, last_day=kind.last_day)
    finally:
        snap.forget()
    assert "quality_kind_days_ordered" in asked
    assert period == expected[2]
    assert_frame_equal(cov, expected[0], check_exact=True)
    assert_frame_equal(gaps, expected[1], check_exact=True)


def _heatmap_before(cov: pl.DataFrame, period: str) -> Any:
    """pages/datenqualitaet/figures.py's heatmap as it was built with `go.Figure` (before the dict)."""
    import plotly.graph_objects as go

    from dashboard.i18n import _
    from pages.datenqualitaet import figures as qf

    wide = cov.pivot(on="period_start", index="station_name", values="share", sort_columns=True)
    periods = [c for c in wide.columns if c != "station_name"]
    x = sorted(cov["period_start"].unique().to_list())
    z = [[None if r.get(str(p)) is None else r[str(p)] * 100 for p in x] for r in wide.to_dicts()] if periods else []
    what = _(qf.HOVER_PERIOD_DE[period])
    fig = go.Figure(
        go.Heatmap(
            x=x,
            y=wide["station_name"].to_list(),
            z=z,
            zmin=0,
            zmax=100,
            colorscale=qf.COLORSCALE,
            xgap=1 if len(x) <= 120 else 0,
            ygap=1,
            colorbar=dict(title=dict(text=_("Abdeckung")), ticksuffix=" %", tickvals=[0, 25, 50, 75, 100], len=0.9),
            hovertemplate="%{y}<br>" + what + " %{x|%d.%m.%Y}: %{z:,.0f} % " + _("der üblichen Intervalle") + "<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis=dict(showgrid=False, tickformat="%d.%m.%Y" if period == "day" else "%m/%Y"),
        yaxis=dict(showgrid=False, autorange="reversed", rangemode="normal", automargin=True, ticks=""),
        margin=dict(l=10),
    )
    return fig


@pytest.mark.parametrize("lang", ["de", "en"])
def test_data_quality_views_send_the_same_json_as_before(snap: Snapshot, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each view of /datenqualitaet (every kind; a month, a year, everything; days, weeks and months) sends the browser
    the same JSON, byte for byte, as the page built before: coverage from the day grid, the heatmap as `go.Figure`,
    the tables from Dash components."""
    import random

    from plotly.io.json import to_json_plotly

    from dashboard import components as comp
    from dashboard.factory import create_app
    from dashboard.settings import Settings
    from indicators import quality
    from pages.datenqualitaet import figures as qf

    app = create_app(Settings.load(env={}, db=snap.path))
    from pages.datenqualitaet import page as dq  # after the app: the page registers with it

    rnd = random.Random(7)
    views: list[dict[str, str]] = [{}]
    for k in quality.station_kinds(snap):
        for start, end in _many_ranges(k, rnd)[:6]:
            views.append({"art": k.kind, "von": start.isoformat(), "bis": end.isoformat()})
    with app.server.test_request_context(f"/?lang={lang}"):
        assert dq.current_lang() == lang
        new = [to_json_plotly(dq.layout(**v)) for v in views]
        dq.snapshot().forget()  # the fixed sections again, with the tables of before
        monkeypatch.setattr(
            quality, "coverage_and_gaps", lambda s, kind, a, b, *, last_day: _old_coverage(s, kind, a, b, last_day)
        )
        monkeypatch.setattr(qf, "heatmap_figure", _heatmap_before)
        monkeypatch.setattr(comp, "data_table", data_table_before)
        monkeypatch.setattr(dq, "data_table", data_table_before)
        old = [to_json_plotly(dq.layout(**v)) for v in views]
        dq.snapshot().forget()
    assert len(views) > 30 and all('"type":"heatmap"' in j for j in new)
    for v, a, b in zip(views, new, old, strict=True):
        assert a == b, v


def test_heatmap_caption_names_the_first_of_stations_tied_for_the_lowest_share() -> None:
    """Of stations with the same lowest coverage the caption names the first by name, on every call (it named any of
    them before, with polars' order of groups: the same view could say two things)."""
    from flask import Flask

    from pages.datenqualitaet import figures as qf

    names = [f"Station {c}" for c in "ABCDEFGH"]
    cov = pl.DataFrame(
        {
            "station_id": [n.lower() for n in names],
            "station_name": names,
            "period_start": [date(2025, 1, 1)] * len(names),
            "share": [0.75, 1.0, 0.5, 0.9, 0.5, 1.0, 0.5, 0.8],
            "days": [31] * len(names),
            "days_missing": [0] * len(names),
        }
    )
    gaps = pl.DataFrame(schema={"station_name": pl.Utf8})
    with Flask(__name__).test_request_context("/"):
        captions = {qf.heatmap_caption(cov, gaps, "bike_counter", "month") for _ in range(30)}
    assert len(captions) == 1 and "am geringsten Station C mit 50,0 %" in captions.pop()
