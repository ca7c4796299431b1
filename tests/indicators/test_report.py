"""The annual Wirkungsbericht (indicators/report/): accessible HTML structure, every number equal to the snapshot's,
a tagged PDF with title and language, the English and the public report, the evaluation plans' hook."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest

from indicators import formatting, registry
from indicators.labels import MEASURE_STATUS_DE, STATUS_DE
from indicators.report import build
from indicators.status import indicator_status
from indicators.store import Snapshot

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2025  # the demo's last year: the report's status is the app's status
VOID = {"meta", "img", "br", "hr", "link", "input", "col", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def all_text(self) -> str:
        return "".join(self.text + [c.all_text() for c in self.children]) if self.children else "".join(self.text)

    def iter(self, tag: str | None = None):  # noqa: ANN201
        for c in self.children:
            if tag is None or c.tag == tag:
                yield c
            yield from c.iter(tag)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while len(self.stack) > 1:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        # text in document order: kept on the open element and as a text child, so all_text keeps the order
        self.stack[-1].children.append(Node("#text", {}, text=[data]))


def parse(html: str) -> Node:
    t = _Tree()
    t.feed(html)
    return t.root


def text(node: Node) -> str:
    return re.sub(r"[ \t\r\n]+", " ", "".join(n.text[0] for n in node.iter("#text"))).strip()  # keeps no-break spaces


@pytest.fixture(scope="module")
def report(snap: Snapshot) -> tuple[str, Node]:
    _data, html = build(snap, YEAR)
    return html, parse(html)


def test_structure_is_accessible(report: tuple[str, Node]) -> None:
    html, root = report
    page = next(root.iter("html"))
    assert page.attrs["lang"] == "de"
    assert text(next(root.iter("title"))) == "Wirkungsbericht 2025 – Wirkungsmonitor Offenbach"
    levels = [int(n.tag[1]) for n in root.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), "a heading level is skipped"
    skip = next(root.iter("a"))
    assert skip.attrs["href"] == "#inhalt" and any(n.attrs.get("id") == "inhalt" for n in root.iter("main"))
    for table in root.iter("table"):
        assert list(table.iter("caption")), "every table has a caption"
        for th in table.iter("th"):
            assert th.attrs.get("scope") in ("row", "col")
    # nothing is fetched: no script, stylesheet link or remote image
    assert not list(root.iter("script")) and not list(root.iter("link"))
    imgs = list(root.iter("img"))
    assert len(imgs) >= 10
    for img in imgs:
        assert img.attrs["src"].startswith("data:image/svg+xml;base64,")
        assert len(img.attrs["alt"]) > 40
    # every chart is followed by its data table
    for section in (n for n in root.iter("section") if "data-indicator" in n.attrs):
        has_img = list(section.iter("img"))
        tables = [t for t in section.iter("table") if t.attrs.get("data-chart") == section.attrs["data-indicator"]]
        assert bool(has_img) == bool(tables), section.attrs["data-indicator"]
    assert "Demodaten" in text(next(root.iter("header")))


def _cells(section: Node) -> dict[str, Node]:
    return {n.attrs["data-field"]: n for n in section.iter() if "data-field" in n.attrs}


def _value(node: Node) -> float | None:
    return float(node.attrs["data-value"]) if "data-value" in node.attrs else None


def test_every_number_equals_the_warehouse(snap: Snapshot, report: tuple[str, Node]) -> None:
    _html, root = report
    catalogue = {r[0]: r[1:] for r in snap.rows("select indicator_id, baseline_value, target_value from indicator")}
    measures = {r[0]: r[1:] for r in snap.rows("select measure_id, budget_eur, staff_fte, status, responsible_unit from measure")}
    zielbild = dict(snap.rows("select action_field_id, zielbild from action_field"))
    quotes = [n for n in root.iter("blockquote") if "data-field" in n.attrs]
    assert {n.attrs["data-field"] for n in quotes} == set(zielbild)
    for q in quotes:  # verbatim
        assert "".join(t.text[0] for t in q.iter("#text")) == zielbild[q.attrs["data-field"]]

    articles = [n for n in root.iter("article") if "data-measure" in n.attrs]
    assert articles
    for art in articles:
        budget, staff, status, unit = measures[art.attrs["data-measure"]]
        cells = _cells(art)
        assert _value(cells["budget"]) == budget and _value(cells["staff"]) == staff
        assert text(cells["status"]) == MEASURE_STATUS_DE[status]
        assert text(cells["responsible"]) == (unit or "–")

    checked = 0
    for section in (n for n in root.iter("section") if "data-indicator" in n.attrs):
        ind = registry.get(snap, section.attrs["data-indicator"])
        st = indicator_status(snap, ind, today=date(YEAR, 12, 31))  # the app's status of the whole series
        cells = _cells(section)
        assert _value(cells["latest"]) == st.latest_value
        if st.latest_value is not None:
            assert text(cells["latest"]).startswith(formatting.value(st.latest_value, ind.unit))
        base, target = catalogue.get(ind.indicator_id, (None, None))
        assert _value(cells["baseline"]) == base and _value(cells["target"]) == target
        if base is not None:
            assert text(cells["baseline"]).startswith(formatting.value(base, ind.unit))
        badge = next(n for n in cells["progress"].iter() if "data-status" in n.attrs)
        assert badge.attrs["data-status"] == st.progress_status and text(badge) == STATUS_DE[st.progress_status]

        # the chart's table: the series (monthly means where finer than a month) of 2023–2025
        table = next((t for t in section.iter("table") if "data-chart" in t.attrs), None)
        if table is None:
            continue
        s = (
            registry.series(snap, ind)
            .drop_nulls(["value"])
            .filter((pl.col("period_start") >= date(YEAR - 9, 1, 1)) & (pl.col("period_start") <= date(YEAR, 12, 31)))
        )
        if table.attrs["data-monthly"] == "1":
            s = s.group_by(pl.col("period_start").dt.truncate("1mo")).agg(pl.col("value").mean())
        expected = dict(s.select("period_start", "value").iter_rows())
        rows = [(next(tr.iter("th")).attrs["data-period"], next(tr.iter("td"))) for tr in table.iter("tr") if list(tr.iter("td"))]
        for period, td in rows:
            assert _value(td) == pytest.approx(expected[date.fromisoformat(period)], rel=1e-12), (ind.indicator_id, period)
        assert rows and len(rows) <= len(expected)
        checked += 1
    assert checked >= 10


@pytest.fixture(scope="module")
def written(snap: Snapshot, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The command line, as a person runs it: HTML and PDF of 2025."""
    out = tmp_path_factory.mktemp("bericht")
    r = subprocess.run(
        [sys.executable, "-m", "indicators", "report", "--year", str(YEAR), "--db", str(snap.path), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert "wirkungsbericht-2025.pdf" in r.stdout
    return out


def test_the_pdf_is_tagged_titled_searchable_and_small(written: Path) -> None:
    pdf = written / "wirkungsbericht-2025.pdf"
    data = pdf.read_bytes()
    assert len(data) < 10_000_000
    # tagged, with its structure tree and language (checked in the bytes too: pdfinfo may be missing outside make test)
    assert b"/StructTreeRoot" in data and b"/Marked true" in data and b"/Lang (de)" in data
    assert shutil.which("pdfinfo"), "pdfinfo fehlt: poppler-utils (make test installiert es mit dem Ziel chromium)"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+Wirkungsbericht 2025 – Wirkungsmonitor Offenbach$", info, re.M)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages_text = pages.split("\f")[:-1]
    assert len(pages_text) >= 5
    assert "Radverkehr pro Tag (DTV)" in pages and "Maßnahmenspeicher" in pages
    assert all("Demodaten" in p for p in pages_text), "the Demodaten marker on every page"


def test_the_html_file_stands_alone(written: Path) -> None:
    html = (written / "wirkungsbericht-2025.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']https?:""", html)


def test_english_report(snap: Snapshot) -> None:
    _data, html = build(snap, YEAR, lang="en")
    root = parse(html)
    assert next(root.iter("html")).attrs["lang"] == "en"
    assert text(next(root.iter("title"))) == "Impact report 2025 – Offenbach Impact Monitor"
    body = text(root)
    assert "Field of action" in body and "Measure backlog" in body and "Methods" in body
    assert "On track" in body or "Target achieved" in body
    assert "Handlungsfeld" not in body and "Zielbild" not in body


def test_public_report_holds_public_indicators_only(snap: Snapshot) -> None:
    from app_support import public_snapshot

    public = Snapshot(public_snapshot())
    _data, html = build(public, YEAR, public=True)
    root = parse(html)
    shown = {n.attrs["data-indicator"] for n in root.iter("section") if "data-indicator" in n.attrs}
    internal = {i.indicator_id for i in registry.all_indicators(snap) if not i.is_public}
    assert shown and internal and not shown & internal
    for iid in internal:
        assert iid not in html
    assert "Öffentliche Fassung" in html


def test_public_refuses_an_internal_snapshot(snap: Snapshot, tmp_path: Path) -> None:
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "indicators",
            "report",
            "--year",
            "2025",
            "--public",
            "--db",
            str(snap.path),
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1 and "kein öffentlicher Snapshot" in r.stderr
    assert not list(tmp_path.iterdir())


def test_a_year_without_data_is_refused(snap: Snapshot) -> None:
    from indicators.report import ReportError

    with pytest.raises(ReportError, match="keinen Bericht"):
        build(snap, 1990)


def test_evaluation_plans_section(snap: Snapshot) -> None:
    """Each plan whose Stichtag lies in or before the year, with its result as the publish stored it; a year before
    every Stichtag says there is none yet."""
    from indicators import plans

    _data, html = build(snap, YEAR)
    shown = plans.plan_results(snap, YEAR)
    assert [p.plan_id for p, _ in shown] == [p.plan_id for p in plans.latest(snap)]
    for p, res in shown:
        assert f'data-plan="{p.plan_id}"' in html
        assert res.result is not None
        table = html[html.index(f'data-plan="{p.plan_id}"') :].split("</table>")[0]
        lo = formatting.percent(res.result.ci_low_pct, sign=True).replace("\u00a0", " ")
        assert lo in table.replace("\u00a0", " "), p.plan_id  # the stored interval
        assert ("nachträglich" in table) is p.late, p.plan_id
    assert "Placebo bestanden" in html and "Noch keine Evaluationspläne" not in html
    _data, early = build(snap, 2021)
    assert "Noch keine Evaluationspläne veröffentlicht." in early


def test_backlog_measures_with_the_day_they_were_last_reviewed(snap: Snapshot, report: tuple[str, Node]) -> None:
    """The Maßnahmenspeicher in the report: each measure with the catalogue's "Zuletzt geprüft" (the warehouse's
    `measure.last_reviewed`), or "nicht erfasst" where the catalogue has none."""
    html, _tree = report
    rows = snap.rows("select measure_id, last_reviewed from measure where in_backlog order by measure_id")
    assert rows and all(day is not None for _, day in rows)  # the demo catalogue records them
    for measure_id, day in rows:
        cell = html[html.index(f'data-measure="{measure_id}"') :].split("</tr>")[0]
        assert f'<td data-field="reviewed">{day:%d.%m.%Y}</td>' in cell, measure_id
