"""A workbook as plain rows per sheet and back: tests that alter the shipped catalogue (tests/etl/test_catalogue.py,
tests/indicators/test_plans.py) read it, change cells and write a new file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

Sheets = dict[str, list[list[Any]]]


def read_sheets(path: Path) -> Sheets:
    wb = openpyxl.load_workbook(path)
    out = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    wb.close()
    return out


def write_sheets(path: Path, sheets: Sheets) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path
