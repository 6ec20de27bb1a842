"""The form sheet as openpyxl reads it, with every cell checked as it is made.

In: the workbook's bytes and its XML parts (``container``). Out: the one visible sheet named
進度報告 (``_form_sheet``), its non-empty cells in a form's columns (``_sheet_cells``: each a
``cells._Cell``), and the other sheets that hold anything (``_other_sheets_filled``, told
from their XML). openpyxl reads in its streaming mode, which binds no merged range or
hyperlink and parses no other sheet; what it offers only through its private API goes
through ``openpyxl_adapter``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ...core import form_layout as L
from .. import blank
from . import openpyxl_adapter as opx
from .cells import MAC_1904, WINDOWS_1900, Cells, _Cell
from .common import DAMAGED, TWICE, _Refused, sheet_word
from .rawxml import EXCEL_COLS, MAX_ROWS, _far, _holds_value


def _load(raw: bytes, data_only: bool) -> opx.Workbook:
    """The workbook through openpyxl in its streaming mode (``openpyxl_adapter.load``)."""
    return opx.load(raw, data_only)


def _other_sheets_filled(wb: opx.Workbook, form: opx.Sheet, parts: dict[str, bytes]) -> list[str]:
    """The sheets besides the form and its help sheet that hold anything. Told from each
    sheet's XML in one pass (``_holds_value``), never by openpyxl, which makes every empty
    row up to a far one: thirty sheets of empty rows took it a minute and 540 MB."""
    out = []
    strings = opx.shared_strings(form)
    by_name = {k.lower(): v for k, v in parts.items()}
    holds: dict[str, bool] = {}  # each part looked at once, however many sheets name it
    for sheet in wb.worksheets:
        if sheet is form or L.norm(sheet.title) == L.norm(L.HELP_SHEET):
            continue
        part = opx.sheet_part(sheet).lower()
        if part not in holds:
            xml = by_name.get(part)
            holds[part] = xml is None or _holds_value(xml, strings)  # a sheet that cannot be looked at is said
        if holds[part]:
            out.append(sheet.title)
    return out


def _epoch(wb: opx.Workbook) -> dt.date:
    """The day the workbook's date serials count from: 1904-01-01 for a workbook in the 1904
    date system (older Excel for Mac), else Excel's 1900 system (``cells.WINDOWS_1900``)."""
    epoch = getattr(wb, "epoch", None)
    return MAC_1904 if isinstance(epoch, dt.date) and epoch.year == 1904 else WINDOWS_1900


def _form_sheet(wb: opx.Workbook) -> opx.Sheet:
    """The one sheet named 進度報告 (or 进度报告, 進度報告 (2)…: two are refused as a guess), visible.
    The sheets it names are named as the workbook names them."""
    names = wb.sheetnames
    forms = [n for n in names if L.is_form_sheet(n)]
    if len(forms) != 1:
        listed = forms if forms else names  # two forms: the two; none: every sheet there is
        shown = "、".join(sheet_word(n) for n in listed[:8]) + ("…" if len(listed) > 8 else "")
        say = f"有 {len(forms)} 張名為「{L.FORM_SHEET}」的工作表：" if forms else f"找不到名為「{L.FORM_SHEET}」的工作表（工作簿中有："
        raise _Refused("xlsx-layout", say + shown + ("" if forms else "）") +
                       "；請用 jxplan template 生成的表格填報，不要改工作表名稱")
    ws = wb[forms[0]]
    if not hasattr(ws, "reset_dimensions"):
        raise _Refused("xlsx-layout", f"{sheet_word(forms[0])}不是普通的工作表；請用 jxplan template 生成的表格填報")
    if ws.sheet_state != "visible":  # hidden or veryHidden: what the clerk filled may be another sheet
        raise _Refused("xlsx-layout", f"{sheet_word(forms[0])}是隱藏的，jxplan 不讀隱藏的表（填報人看到並填寫的可能是另一張）；"
                                      "請取消隱藏（右鍵工作表標籤 → 取消隱藏）並在這張表中填報，或用 jxplan template 重新生成表格")
    return ws


def _sheet_cells(ws: opx.Sheet) -> Cells:
    """The non-empty cells of the form sheet in its first MAX_COLS columns. The sheet's XML
    has passed ``_scan``; openpyxl's own positions are checked again as it reads (``_placed``),
    for what a pattern over bytes could miss."""
    ws.reset_dimensions()  # the stored size may be anything: rows are read as they come, columns bounded
    opx.watch_rows(ws, _placed(opx.cell_styles(ws)))
    opx.lookup_strings(ws, _Strings)
    cells: Cells = {}
    with opx.numbers_read_by(_strict_number):  # while this sheet is read: a number as Excel writes one, or _BadNumber
        _read_rows(ws, cells, opx.builtin_formats())
    return cells


def _read_rows(ws: opx.Sheet, cells: Cells, builtin: dict[int, str]) -> None:
    """The non-empty cells of the form sheet into ``cells``, each refused at its place when it
    names a string, a style or a number the workbook does not hold."""
    for n, row in enumerate(ws.iter_rows(min_row=1, max_col=L.MAX_COLS), 1):
        if n > MAX_ROWS:  # openpyxl makes the empty rows up to a far one: never more than a form has
            raise _far(n, 1)
        for c in row:
            v = c.value
            if isinstance(v, _NoString):
                raise _Refused("xlsx-damaged", f"這一格引用了第 {v.index} 個共享字符串，工作簿中卻沒有它；" + DAMAGED,
                               c.row, c.column)
            if isinstance(v, _BadNumber):
                raise _Refused("xlsx-damaged", f"這一格的數值「{v.text[:20]}」不是 Excel 寫出的數字；" + DAMAGED,
                               c.row, c.column)
            if v is None or (isinstance(v, str) and blank(v)):  # a cell that shows nothing is empty
                continue
            fmt = c.number_format or "General"
            if fmt == "General" and not isinstance(v, str) and c.style_array.numFmtId not in builtin:
                fmt = None  # a built-in format of Excel's locale (31: yyyy"年"m"月"d"日"), not written in the file
            cells[(c.row, c.column)] = _Cell(v, c.data_type, fmt)


class _NoString:
    """The value of a cell whose shared-string index names no string."""

    def __init__(self, index: Any):
        self.index = index


class _Strings(list[Any]):
    """The shared strings, as openpyxl looks them up for a cell (``strings[int(v)]``): an index
    that names no string (-1 would be the last, as Python counts) gives ``_NoString``, which
    the reader refuses at its cell."""

    def __getitem__(self, index: Any) -> Any:  # any index, never an IndexError
        if type(index) is int and 0 <= index < len(self):
            return list.__getitem__(self, index)
        return _NoString(index)


class _BadNumber(float):
    """A cell's number as no spreadsheet program writes it (``1_000``, ``١٢``, `` 12``, 5,000
    digits: Python's int() and float() take them, Excel does not): refused at its cell."""

    text: str

    def __new__(cls, text: str) -> _BadNumber:
        self = super().__new__(cls, "nan")
        self.text = text
        return self


_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,4})?\Z")


def _strict_number(cast: Callable[[str], Any]) -> Callable[[str], Any]:
    """openpyxl's reading of a number, for what a spreadsheet program writes only."""
    def strict(value: str) -> Any:
        if len(value) > 40 or not _NUMBER.match(value):
            return _BadNumber(value)
        return cast(value)
    return strict


def _placed(styles: int) -> opx.RowHook:
    """A check of each row as openpyxl places it, refusing a cell at a place already taken or
    beyond a form's rows, or with a style the workbook does not have (-1 would be the last, as
    Python counts: a percentage format the clerk never saw): it sees every element of a row as
    openpyxl places it, whatever its tag."""
    seen: set[tuple[int, int]] = set()

    def checked(row: list[dict[str, Any]]) -> None:
        for cell in row:
            at = (cell["row"], cell["column"])
            if at in seen:
                raise _Refused("xlsx-damaged", TWICE, *at)
            if at[0] > MAX_ROWS or at[1] > EXCEL_COLS:
                raise _far(*at)
            style = cell.get("style_id") or 0
            if type(style) is not int or not 0 <= style < max(styles, 1):
                raise _Refused("xlsx-damaged", f"這一格的樣式（第 {style} 號）在工作簿中沒有；" + DAMAGED, *at)
            seen.add(at)

    return checked
