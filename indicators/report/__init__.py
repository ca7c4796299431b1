"""The annual Wirkungsbericht: HTML and PDF from a published snapshot (`python -m indicators report`, page /bericht).

`content` reads the numbers, `render` writes the accessible HTML (charts as SVG images with a text alternative and a
data table), `pdf` prints it with headless Chromium as a tagged PDF. docs/methods.md („Der Wirkungsbericht“) says what
the report contains and where its numbers come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indicators.report.content import ReportData, ReportError, report_data, report_years
from indicators.report.pdf import PdfError, html_to_pdf
from indicators.report.render import header_footer, render_html
from indicators.store import Snapshot

__all__ = ["PdfError", "ReportData", "ReportError", "Written", "file_stem", "report_data", "report_years", "write_report"]


@dataclass(frozen=True)
class Written:
    html: Path
    pdf: Path | None


def file_stem(year: int, lang: str, *, public: bool) -> str:
    """`wirkungsbericht-2025` (German), `-en` for English, `-oeffentlich` for the public report."""
    return f"wirkungsbericht-{year}" + ("-oeffentlich" if public else "") + ("-en" if lang == "en" else "")


def build(snap: Snapshot, year: int, *, lang: str = "de", public: bool = False) -> tuple[ReportData, str]:
    data = report_data(snap, year, lang=lang, public=public)
    return data, render_html(data)


def pdf_bytes(data: ReportData, html: str) -> bytes:
    header, footer = header_footer(data)
    return html_to_pdf(html, header=header, footer=footer)


def write_report(snap: Snapshot, year: int, out: Path, *, lang: str = "de", public: bool = False, pdf: bool = True) -> Written:
    """Write `<stem>.html` and `<stem>.pdf` into the folder `out` (made if missing)."""
    data, html = build(snap, year, lang=lang, public=public)
    out.mkdir(parents=True, exist_ok=True)
    stem = file_stem(year, lang, public=data.public)
    html_path = out / f"{stem}.html"
    html_path.write_text(html, encoding="utf-8")
    pdf_path = None
    if pdf:
        pdf_path = out / f"{stem}.pdf"
        pdf_path.write_bytes(pdf_bytes(data, html))
    return Written(html_path, pdf_path)
