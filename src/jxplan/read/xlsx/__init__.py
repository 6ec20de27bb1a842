"""Excel workbooks (.xlsx): refuse what is not a plain workbook, then read the progress
form cell by cell into the plain data a YAML report gives, each location placed at its
cell (``進度報告!F7``). Nothing in a workbook is ever run.

In: a file's bytes and its path. Out: a ``Document`` and its problems (``parse``), or a document
of data read before whose places are found again on the first question (``reopen``); a
workbook format jxplan does not read is named by its suffix or its bytes (``refuse_suffix``).
The stages, each a module: ``container`` (the zip, judged before anything is inflated),
``rawxml`` (the sheet's XML read by patterns, before and beside openpyxl), ``sheet`` (the form
sheet through openpyxl, whose private API only ``openpyxl_adapter`` touches), ``cells`` and
``formats`` (a cell's value as report data, as Excel shows it), ``form`` (the form's words and
places, the report's data); ``tables`` reads any table behind the same guards (``jxplan draft``).
"""

from __future__ import annotations

from ...core import form_layout as L
from ...core.problems import Problem
from .. import Data, Document, Loc, Place
from ..untrusted import ZIP  # noqa: F401 - the first bytes of a zip, for the lock files of discover
from .common import OLE2, SAVE_AS
from .form import read_form
from .tables import read_sheets  # noqa: F401 - any table of a workbook, for the drafter


SUFFIXES = (".xlsx",)
REFUSED = {  # suffixes found in a reports folder that are workbooks jxplan does not read
    ".xls": "這是舊版 Excel 97-2003（.xls）工作簿，jxplan 只讀 .xlsx；" + SAVE_AS,
    ".xlsm": "這是含巨集的工作簿（.xlsm）；jxplan 不讀含巨集的文件。" + SAVE_AS,
    ".xlsb": "這是二進制工作簿（.xlsb），jxplan 只讀 .xlsx；" + SAVE_AS,
    ".et": "這是 WPS 表格（.et）文件，jxplan 只讀 .xlsx；請在 WPS 中另存為「Excel 工作簿（*.xlsx）」後再送",
    ".ods": "這是 OpenDocument 試算表（.ods），jxplan 只讀 .xlsx；請另存為「Excel 2007-365（.xlsx）」後再送",
}


def refuse_suffix(raw: bytes, path: str) -> tuple[None, list[Problem]]:
    """A workbook format jxplan does not read, named by its suffix; or by its bytes, when
    they say something else (an .xlsx renamed .xls, an .xls renamed .et)."""
    suffix = "." + path.rsplit(".", 1)[-1].lower()
    shown = path.rsplit(".", 1)[-1]
    if raw.startswith(ZIP) and suffix in (".xls", ".et"):  # .xlsm, .xlsb and .ods are zips too
        said = (f"這個文件的內容是 zip 格式（可能是 .xlsx 工作簿），擴展名卻是 .{shown}；jxplan 按擴展名不讀它。"
                "若是 jxplan 的報告表格，請把擴展名改為 .xlsx 後再送；否則" + SAVE_AS)
    elif raw.startswith(OLE2) and suffix != ".xls":
        said = f"這是舊版 Excel 97-2003（.xls）格式的工作簿，擴展名為 .{shown}；jxplan 只讀 .xlsx；" + SAVE_AS
    else:
        said = REFUSED[suffix]
    return None, [Problem(path, 1, 1, "xlsx-format", said)]


class _Places:
    """Cells of a form, on its sheet as the workbook names it; read again from the bytes on the
    first question for a cached report."""

    __slots__ = ("raw", "path", "cells", "sheet")

    def __init__(self, raw: bytes, path: str, cells: dict[Loc, tuple[int, int]] | None = None, sheet: str = L.FORM_SHEET):
        self.raw, self.path, self.cells, self.sheet = raw, path, cells, sheet

    def __call__(self, loc: Loc, key: bool) -> Place:
        if self.cells is None:
            form, _ = read_form(self.raw, self.path)
            self.cells = form.cells if form else {}
            self.sheet = form.sheet if form else self.sheet
            self.raw = b""
        while loc:
            if loc in self.cells:
                break
            loc = loc[:-1]
        r, c = self.cells.get(loc, (1, 1))
        return Place(r, c, L.cell_name(r, c, self.sheet))


def parse(raw: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    form, problems = read_form(raw, path)
    if form is None:
        return None, problems
    return Document(path, form.data, _Places(b"", path, form.cells, form.sheet), form.labels.get, L.FIELD_WORDS), problems


def reopen(raw: bytes, path: str, data: Data) -> Document:
    return Document(path, data, _Places(raw, path), words=L.FIELD_WORDS)
