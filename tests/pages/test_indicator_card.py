"""One indicator card: no module but dashboard/components.py builds a chart, card titles are never cut, downloads are
tied to cards, and the public instance is an allow-list of pages (an internal app beside it in one process)."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import dash
import pytest

from bench.loadtest import page_content_body
from dashboard.charts import series_headline
from dashboard.factory import create_app
from dashboard.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _graph_constructors(path: Path) -> list[int]:
    """Lines of `path` that call `dcc.Graph(...)` or `Graph(...)` (however imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name == "Graph":
                lines.append(node.lineno)
        if (
            isinstance(node, ast.ImportFrom)
            and node.module in ("dash.dcc", "dash")
            and any(a.name == "Graph" for a in node.names)
        ):
            lines.append(node.lineno)
    return lines


def test_only_the_components_module_builds_charts() -> None:
    found = {
        str(p.relative_to(ROOT)): lines
        for folder in ("pages", "dashboard")
        for p in sorted((ROOT / folder).rglob("*.py"))
        if (lines := _graph_constructors(p)) and p != ROOT / "dashboard" / "components.py"
    }
    assert found == {}
    assert _graph_constructors(ROOT / "dashboard" / "components.py")  # the check finds what it looks for


@pytest.mark.parametrize("lang", ["de", "en"])
def test_card_titles_carry_the_full_latest_value(lang: str) -> None:
    """Every demo indicator's page title and card caption carry the latest value in full, as `dashboard.format` prints
    it for its unit and the reader's language (`zuletzt 5.160 Radfahrten/Tag`, English `latest 5,160 bike
    trips/day`), never cut at a thousands separator, never a count with a decimal or the word `Anzahl`."""
    import re

    from app_support import demo_snapshot

    from dashboard import format as fmt
    from dashboard.components import indicator_card
    from indicators import registry, views
    from indicators.store import Snapshot

    app = create_app(Settings.load(env={}, db=demo_snapshot()))
    snap = Snapshot(demo_snapshot())
    checked = thousands = counts = 0
    with app.server.test_request_context(f"/?lang={lang}"):
        for ind in registry.all_indicators(snap):
            v = views.indicator_view(snap, ind, today=date.today())
            if v.series.is_empty():
                continue
            latest = fmt.value(v.series["value"][-1], ind.unit)
            stand = fmt.day(v.series["period_start"][-1])
            for variant in ("page", "card"):  # the indicator page; a Handlungsfeld's card
                card = indicator_card(v, variant, snap=snap, licence="dl-de/by-2-0")
                texts = [c.children for c in _walk(card) if isinstance(c, dash.html.H3 | dash.html.Figcaption)]
                title, caption = texts[0], texts[1]
                assert f"{latest} ({stand})" in caption, (ind.indicator_id, caption)
                if variant == "page":
                    assert f"{latest} ({stand})" in title, (ind.indicator_id, title)
                for text in (title, caption):
                    assert not re.search(r"\d\s(Anzahl|count)\b", text), (ind.indicator_id, text)
            checked += 1
            last = v.series["value"][-1]
            thousands += abs(last) >= 1000  # the title keeps the thousands separator, e.g. "zuletzt 5.160"
            if fmt.kind_of(ind.unit) == "count":
                counts += 1
                assert "," not in latest if lang == "de" else "." not in latest, (ind.indicator_id, latest)
    assert checked >= 20 and thousands >= 3 and counts >= 10
    with app.server.test_request_context(f"/?lang={lang}"):
        rad = views.indicator_view(snap, registry.get(snap, "rad_dtv"), today=date.today())
        title = series_headline(rad.series, rad.indicator)
    full = f"{rad.series['value'][-1]:,.0f}"  # 5,160 in the demo
    assert (full if lang == "en" else full.replace(",", ".")) in title


def _walk(c: object):  # noqa: ANN202
    yield c
    children = getattr(c, "children", None)
    for x in children if isinstance(children, list | tuple) else [children] if children is not None else []:
        yield from _walk(x)


def test_download_returns_exactly_the_card_table() -> None:
    from app_support import demo_snapshot

    from dashboard.components import INDICATOR
    from dashboard.downloads import to_csv
    from indicators import registry, views
    from indicators.store import Snapshot

    app = create_app(Settings.load(env={}, db=demo_snapshot()))
    c = app.server.test_client()
    snap = Snapshot(demo_snapshot())
    with app.server.test_request_context("/"):
        ind = registry.get(snap, "rad_dtv")
        shown = INDICATOR.bind({"id": "rad_dtv"}, views.indicator_view(snap, ind, today=date.today())).frame
    assert c.get("/daten/indikator.csv?id=rad_dtv").get_data() == to_csv(shown)


def test_csv_download_has_the_precision_of_the_data() -> None:
    """A download carries the data's precision (six significant digits, never into the whole part), not the 13
    decimals of a binary float; the CSV-injection defence still holds in the same file."""
    import math

    import polars as pl
    from app_support import demo_snapshot

    from dashboard.downloads import to_csv
    from indicators import registry, views
    from indicators.store import Snapshot

    app = create_app(Settings.load(env={}, db=demo_snapshot()))
    body = app.server.test_client().get("/daten/indikator.csv?id=rad_dtv").get_data(as_text=True).lstrip("\ufeff")
    values = [line.split(";")[1] for line in body.splitlines()[1:]]
    snap = Snapshot(demo_snapshot())
    with app.server.test_request_context("/"):
        series = views.indicator_view(snap, registry.get(snap, "rad_dtv"), today=date.today()).series
    assert len(values) == series.height > 12
    assert any(not float(v).is_integer() for v in series["value"])  # the demo's means have long binary tails
    for text, v in zip(values, series["value"], strict=True):
        digits = text.replace(",", "").replace("-", "").lstrip("0")
        assert len(digits.rstrip("0")) <= 6, text  # 5159,97, not 5159,967741935484
        assert math.isclose(float(text.replace(",", ".")), v, rel_tol=1e-5), (text, v)
    frame = pl.DataFrame({"t": ["=1+1", "x"], "v": [0.1 + 0.2, 12345678.9], "w": [-1 / 3, 5160.333333333333]})
    assert to_csv(frame).decode().splitlines()[1:] == ["'=1+1;0,3;-0,333333", "x;12345679,0;5160,33"]


def test_public_app_then_internal_app_in_one_process() -> None:
    from app_support import demo_snapshot, public_snapshot

    public = create_app(Settings.load(env={}, db=public_snapshot(), public=True))
    internal = create_app(Settings.load(env={}, db=demo_snapshot()))
    pc, ic = public.server.test_client(), internal.server.test_client()
    for path in ("/datenqualitaet", "/vorher-nachher", "/praesentation"):
        assert pc.get(path).status_code == 404, path
        assert ic.get(path).status_code == 200, path
    for path in ("/", "/massnahmen", "/handlungsfeld/mobilitaet", "/embed/rad_dtv"):
        assert pc.get(path).status_code == 200, path
    # navigation of each app: the registry stays whole, each app shows its own pages
    assert "Datenqualit" not in pc.get("/_dash-layout").get_data(as_text=True)
    assert "Datenqualit" in ic.get("/_dash-layout").get_data(as_text=True)
    assert any(p["path"] == "/datenqualitaet" for p in dash.page_registry.values())
    # downloads: exactly the datasets of the app's pages
    assert pc.get("/daten/indikator.csv?id=rad_dtv").status_code == 200
    assert pc.get("/daten/datenqualitaet.csv").status_code == 404
    assert ic.get("/daten/datenqualitaet.csv").status_code == 200
    # client-side routing to an internal page: the public app's router refuses, the internal one renders it
    body = page_content_body("/datenqualitaet")
    h = {"Content-Type": "application/json"}
    for client in (pc, ic):
        client.get("/")  # Dash sets up its page router on the first request
    assert pc.post("/_dash-update-component", data=body, headers=h).status_code == 404
    assert ic.post("/_dash-update-component", data=body, headers=h).status_code == 200


@pytest.mark.parametrize("public", [False, True])
def test_served_datasets_follow_the_pages(public: bool) -> None:
    from app_support import demo_snapshot, public_snapshot

    from dashboard import downloads

    app = create_app(Settings.load(env={}, db=public_snapshot() if public else demo_snapshot(), public=public))
    served = set(downloads.served(app.server.config["WM_PAGES"]))
    internal_only = {"datenqualitaet", "vorher-nachher", "vorher-nachher-effekt", "vorher-nachher-verfahren"}
    assert {"indikator", "station", "massnahmen", "umfrage"} <= served
    assert (served & internal_only) == (set() if public else internal_only)
