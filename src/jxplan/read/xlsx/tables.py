"""Any table of a workbook, for the drafter (``jxplan draft --decomposition TABLE.xlsx``).

In: a workbook's bytes and its path. Out: every visible sheet as ``(name, {(row, col): text},
merged ranges)``, the cells as Excel shows their text, behind the same guards as the form: the
container (``container``), each sheet's XML scanned before openpyxl reads it (``rawxml``),
nothing evaluated (a formula gives the value Excel saved with it).
"""

from __future__ import annotations

import warnings
from typing import Any

from ...core import form_layout as L
from ...core.problems import Problem
from . import openpyxl_adapter as opx
from .cells import _bounded, _Cell, _text
from .common import _on_sheet, _Refused, sheet_word
from .container import read_container
from .rawxml import MAX_CELLS, MAX_ROWS, _merges, _scan

TABLE_COLS = 40  # columns read of a table: a decomposition has under fifteen
Sheets = list[tuple[str, dict[tuple[int, int], str], list[Any]]]


def read_sheets(raw: bytes, path: str) -> tuple[Sheets | None, list[Problem]]:
    """Every visible sheet of the workbook at ``path``, or the one problem that refuses it."""
    try:
        return _sheets(raw), []
    except _Refused as exc:
        row, col = exc.row or 1, exc.col or 1
        where = "" if exc.row is None else f"{L.cell_name(row, col, exc.sheet)}：" if exc.sheet else f"{L.column_letter(col)}{row}："
        return None, [Problem(path, row, col, exc.code, where + exc.message)]


def _sheets(raw: bytes) -> Sheets:
    parts = read_container(raw)
    try:
        wb = opx.load(raw, data_only=True)
    except Exception:  # noqa: BLE001 - a third-party parser at the edge
        raise _Refused("xlsx-damaged", "工作簿無法讀取（文件可能已損壞）；請用 Excel 或 WPS 重新保存") from None
    sheets: Sheets = []
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "reset_dimensions") or ws.sheet_state != "visible":
                continue
            with _on_sheet(ws.title):  # a cell refused is named on its sheet: a table has many
                xml = parts.get(opx.sheet_part(ws), b"")
                _scanned(xml, ws.title)
                ws.reset_dimensions()
                sheets.append((ws.title, _cells(ws), [b for _, b in _merges(xml)]))
    finally:
        wb.close()
    return sheets


def _scanned(xml: bytes, title: str) -> None:
    """The sheet's XML within the reader's bounds, said of a table (not of a report form)."""
    try:
        _scan(xml, title)
    except _Refused as exc:
        if exc.code == "xlsx-layout":
            exc.message = (f"{sheet_word(title)}超出了讀取的範圍（至多 {MAX_ROWS:,} 行、{MAX_CELLS:,} 個單元格）；"
                           "請刪除多餘的行和列（連同格式）後保存再送")
        raise


def _cells(ws: Any) -> dict[tuple[int, int], str]:
    cells: dict[tuple[int, int], str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for row in ws.iter_rows(min_row=1, max_col=TABLE_COLS):
            for c in row:
                if c.value is not None and not (isinstance(c.value, str) and not c.value.strip()):
                    _bounded(c.value)
                    cells[(c.row, c.column)] = _text(_Cell(c.value, c.data_type, "General"))
    return cells
