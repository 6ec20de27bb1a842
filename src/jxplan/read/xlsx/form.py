"""The progress form read into the plain data a YAML report gives.

In: a workbook's bytes. Out: a ``Form``: the report's data, the cell of each location
(``進度報告!F7``), the words a person calls each location by, and the problems of its cells;
or, for a workbook refused as a whole, one problem. The form is found by its words
(``core.form_layout``): the labels of the block above the table and the headings of its
columns, so a moved column is found and a deleted one is named. A formula gives the value
Excel saved with it, and is refused when there is none; merged cells in the table are refused;
what a clerk wrote outside the form's columns or on another sheet is said, never dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import partial

from ...core import form_layout as L
from ...core.problems import Problem
from .. import Data, Loc
from . import openpyxl_adapter as opx
from . import sheet
from .cells import AS_SHOWN, EXAMPLE, Cells, _bounded, _Cell, _date, _figure, _ident, _plain, _quarter, _reason_kind, _Skip, _stage, _text
from .common import _on_sheet, _Refused, sheet_word
from .container import read_container
from .formats import _display
from .rawxml import _merges, _scan, _stored_numbers


At = tuple[int, int]  # a cell: (row, column)
Bad = dict[At, tuple[str, str]]  # cells that cannot be read: (code, message)


class Form:
    """What a workbook says: its data, each location's cell, each location's words, and the
    name of its form sheet as the workbook writes it (进度报告 in a form made in simplified)."""

    def __init__(self, data: dict[str, Data], cells: dict[Loc, At], labels: dict[Loc, str], problems: list[Problem],
                 sheet: str = L.FORM_SHEET):
        self.data, self.cells, self.labels, self.problems, self.sheet = data, cells, labels, problems, sheet


# a blank value above the table, said by its label (季度 and 報送日期 are said well by the checks)
BLANK_HEAD = {"unit": "請填本單位的名稱，或用 jxplan template 重新生成表格",
              "year": "請填計劃的年度（如 2012），或用 jxplan template 重新生成表格"}

# a reference into another workbook in a formula: [1]Sheet1!A1, '[報表.xlsx]表1'!B2, [1]!名稱
_OTHER_BOOK = re.compile(r"\[[^\]\[]+\][^!\[\]]*!")


def _table(cells: Cells, title: str) -> tuple[int, dict[str, int]]:
    """The heading row and the column of each heading."""
    best = None
    for r in range(1, L.SEARCH_ROWS + 1):
        found: dict[str, list[int]] = {}
        for c in range(1, L.MAX_COLS + 1):
            cell = cells.get((r, c))
            if cell is not None:
                key = L.heading_key(cell.value)
                if key is not None:
                    found.setdefault(key, []).append(c)
        if "target" in found and len(found) >= 3 and (best is None or len(found) > len(best[1])):
            best = (r, found)
    if best is None:
        raise _Refused("xlsx-layout", f"在{sheet_word(title)}前 {L.SEARCH_ROWS} 行找不到表頭（編號、累計完成、進度階段…）；"
                                      "這不是 jxplan 的進度報告表格，或表頭被刪改了。請用 jxplan template 生成的表格填報")
    row, found = best
    for key, cols in found.items():
        if len(cols) > 1:
            where = "、".join(f"{L.column_letter(c)}{row}" for c in cols)
            raise _Refused("xlsx-layout", f"表頭「{L.HEADINGS[key]}」出現了 {len(cols)} 次（{where}）；請刪去多出的一列",
                           row, cols[1])
    missing = [L.HEADINGS[k] for k in L.REQUIRED if k not in found]
    if missing:
        raise _Refused("xlsx-layout", f"表頭缺少「{'」「'.join(missing)}」列（表頭在第 {row} 行）；"
                                      "請用 jxplan template 生成的表格填報，不要刪改表頭", row, 1)
    return row, {k: cols[0] for k, cols in found.items()}


def _head(cells: Cells, table_row: int) -> dict[str, At]:
    """The cell of each value of the block above the table: right of its label."""
    at: dict[str, tuple[int, int]] = {}
    for r in range(1, table_row):
        for c in range(1, L.MAX_COLS):
            cell = cells.get((r, c))
            if cell is None:
                continue
            key = L.label_key(cell.value)
            if key is not None and key not in at:
                at[key] = (r, c + 1)
    missing = [L.HEAD_LABELS[k] for k in L.HEAD_LABELS if k not in at]
    if missing:
        raise _Refused("xlsx-layout", f"表格上方找不到「{'」「'.join(missing)}」；請用 jxplan template 生成的表格填報")
    return at


def read_form(raw: bytes, path: str) -> tuple[Form | None, list[Problem]]:
    try:
        return _read(raw, path)
    except _Refused as exc:
        row, col = exc.row or 1, exc.col or 1
        where = f"{L.cell_name(row, col, exc.sheet or L.FORM_SHEET)}：" if exc.row is not None else ""
        return None, [Problem(path, row, col, exc.code, where + exc.message)]


def _read(raw: bytes, path: str) -> tuple[Form | None, list[Problem]]:
    """The form, read as a person reads it: the sheet, its table and the block above it, the
    cells that cannot be read as they are (formulas, merged ranges, error values), then the
    values of the block and each row of the table, and what was written outside the form."""
    cells, xml, others, title, epoch = _open(raw)
    with _on_sheet(title):
        table_row, cols = _table(cells, title)
        head = _head(cells, table_row)
        rows = sorted({r for r, _ in cells if r > table_row})  # rows with something in them, however far down
        # the cells read: the head's values and, in the table, the id and input columns
        wanted = set(head.values()) | {(r, cols[k]) for r in rows for k in L.REQUIRED if (r, cols[k]) in cells}
        bad = _formulas(raw, cells, wanted)
        _no_merges(xml, head, table_row)
    _error_values(cells, wanted, bad, xml)
    reader = _Reader(path, cells, bad, _others_said(path, others, title), title, epoch)
    data: dict[str, Data] = {"version": 1}
    reader.where.update({(): (1, 1), ("version",): (1, 1), ("entries",): (table_row, cols["target"])})
    reader.labels.update({("version",): "表式版本", ("entries",): "表格"})
    data.update(reader.head(head))
    data["entries"] = [entry for r in rows if (entry := reader.entry(r, cols)) is not None]
    problems = reader.problems + _unheaded(cells, table_row, set(cols.values()), path, title)
    return Form(data, reader.where, reader.labels, problems, title), problems


def _open(raw: bytes) -> tuple[Cells, bytes, list[str], str, dt.date]:
    """The form sheet's cells, its XML, the names of the other sheets that hold anything, the
    form sheet's name and the day the workbook's date serials count from (``sheet._epoch``);
    whatever openpyxl cannot read is a damaged workbook."""
    parts = read_container(raw)
    try:
        wb = sheet._load(raw, data_only=False)
    except Exception:  # noqa: BLE001 - a third-party parser at the edge: any failure is a damaged file
        raise _Refused("xlsx-damaged", "工作簿無法讀取（文件可能已損壞，或不是 Excel 寫出的格式）；請用 Excel 或 WPS 重新保存") from None
    try:
        ws = sheet._form_sheet(wb)
        title, epoch = ws.title, sheet._epoch(wb)
        with _on_sheet(title):
            try:
                xml = parts.get(opx.sheet_part(ws), b"")
                _scan(xml, title)
                cells = sheet._sheet_cells(ws)
                others = sheet._other_sheets_filled(wb, ws, parts)
            except _Refused:
                raise
            except Exception:  # noqa: BLE001
                raise _Refused("xlsx-damaged", f"{sheet_word(title)}無法讀取（文件可能已損壞）；請用 Excel 或 WPS 重新保存") from None
    finally:
        wb.close()
    return cells, xml, others, title, epoch


def _formulas(raw: bytes, cells: Cells, wanted: set[At]) -> Bad:
    """Each formula among the cells read replaced by the value Excel saved with it; the cells
    that cannot be read so (a link to another workbook, no value saved), as (code, message)."""
    formulas = [rc for rc in wanted if rc in cells and cells[rc].kind == "f"]
    bad: Bad = {}
    if not formulas:
        return bad
    try:
        cached_wb = sheet._load(raw, data_only=True)
        try:
            cached = sheet._sheet_cells(sheet._form_sheet(cached_wb))
        finally:
            cached_wb.close()
    except _Refused:
        raise
    except Exception:  # noqa: BLE001
        raise _Refused("xlsx-damaged", "工作簿無法讀取（文件可能已損壞）；請用 Excel 或 WPS 重新保存") from None
    for rc in formulas:
        if _OTHER_BOOK.search(str(cells[rc].value)):  # its saved value came from a workbook not sent
            bad[rc] = ("xlsx-external-link", f"這一格的公式「{str(cells[rc].value)[:40]}」引用了其他工作簿，"
                                             "保存的數值可能已過時；請把它改成數值（複製 → 選擇性粘貼 → 數值）後保存再送")
        elif rc in cached and cached[rc].kind != "f":
            cells[rc] = cached[rc]
        else:
            bad[rc] = ("xlsx-formula", "這一格是公式，但文件中沒有它的計算結果（不是 Excel、WPS 或 LibreOffice 保存的文件）；"
                                       "請在 Excel 中打開後保存，或把公式改為數值")
    return bad


def _no_merges(xml: bytes, head: dict[str, At], table_row: int) -> None:
    """Refuse merged cells in the table or over a value of the head: which cell holds the figure is a guess."""
    for _, (r1, c1, r2, c2) in _merges(xml):
        over_head = any(r1 <= r <= r2 and c1 <= c <= c2 for r, c in head.values())
        if r2 > table_row or over_head:
            ref = f"{L.column_letter(c1)}{r1}:{L.column_letter(c2)}{r2}"  # as Excel writes it, however the file did
            raise _Refused("xlsx-merged", f"{ref} 是合併單元格；請取消合併（每格只填一項）後保存再送", r1, c1)


def _error_values(cells: Cells, wanted: set[At], bad: Bad, xml: bytes) -> None:
    """The cells read that hold an error value, into ``bad``: a number too large for its date
    format (openpyxl's "#VALUE!") said with the number the file holds, found in one pass."""
    stored: dict[At, str] | None = None
    for rc in wanted:
        cell = cells.get(rc)
        if cell is None or rc in bad or cell.kind != "e":
            continue
        number = None
        if cell.value == "#VALUE!":
            if stored is None:
                stored = _stored_numbers(xml)
            number = stored.get(rc)
        bad[rc] = ("xlsx-cell", f"這一格是日期格式，填的卻是數字 {number}，不是日期；請填如 {EXAMPLE} 的日期"
                   if number is not None else f"這一格是錯誤值 {cell.value}；請改為數值或文字")


def _others_said(path: str, others: list[str], title: str) -> list[Problem]:
    """What a clerk wrote on a sheet of their own is never read: said, not dropped."""
    problems = [Problem(path, 1, 1, "xlsx-unread", f"{sheet_word(name)}有內容，但只讀取{sheet_word(title)}；"
                        f"原因請填在{L.FIELD_WORDS['reason']}，其他情況寫在{L.HEADINGS['note']}", "warning")
                for name in others[:MAX_UNHEADED]]
    if len(others) > MAX_UNHEADED:
        problems.append(Problem(path, 1, 1, "xlsx-unread", f"還有 {len(others) - MAX_UNHEADED:,} 張工作表有內容，"
                                f"都不會被讀取（只讀取{sheet_word(title)}）", "warning"))
    return problems


HEAD_READ = {"unit": _plain, "year": _plain, "quarter": _quarter, "submitted": _date}
ROW_READ = (("value", _figure), ("stage", _stage), ("note", _text), ("reason_kind", _reason_kind), ("reason_text", _text))


class _Reader:
    """The values of the form's cells as report data, each location's cell and words, and a
    problem for each cell that cannot be read (the rest of the form is read on, so one round
    names everything)."""

    def __init__(self, path: str, cells: Cells, bad: Bad, problems: list[Problem], title: str, epoch: dt.date):
        self.path, self.cells, self.bad, self.problems = path, cells, bad, problems
        self.title, self.epoch = title, epoch  # the form sheet's name; the day its date serials count from
        self.where: dict[Loc, At] = {}
        self.labels: dict[Loc, str] = {}
        self.entries = 0  # entries read so far: the index of the next

    def read(self, rc: At, how: Callable[[_Cell], Data]) -> Data:
        """The value of a cell by ``how``; a problem (and _Skip) when it cannot be read."""
        try:
            if rc in self.bad:
                raise _Refused(*self.bad[rc])
            cell = self.cells[rc]
            _bounded(cell.value)  # every converter: no arithmetic on a number out of bounds
            shown = _display(cell)  # every converter: a format that hides a value or cannot be read is refused
            if shown is not None and how in AS_SHOWN:
                cell = _Cell(shown, cell.kind, "General")
            return how(cell)
        except _Refused as exc:
            self.say(rc, exc.code, exc.message)
            raise _Skip from None
        except ArithmeticError:  # a decimal the bounds let through: a cell not read, never a traceback
            self.say(rc, "xlsx-cell", "這一格的數值無法讀取；請改為普通的數字")
            raise _Skip from None

    def say(self, rc: At, code: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, rc[0], rc[1], code, f"{L.cell_name(*rc, self.title)}：{message}", severity))

    def head(self, head: dict[str, At]) -> dict[str, Data]:
        """The values of the block above the table, each at the cell right of its label."""
        data: dict[str, Data] = {}
        for key, rc in head.items():
            self.where[(key,)] = rc
            self.labels[(key,)] = L.HEAD_LABELS[key]
            if rc not in self.cells and key in BLANK_HEAD:  # said here: the model would name an id or a number, not the label
                self.say(rc, "schema", f"{L.HEAD_LABELS[key]}：沒有填寫；{BLANK_HEAD[key]}")
                data[key] = None
                continue
            try:
                how = partial(_date, epoch=self.epoch) if key == "submitted" else HEAD_READ[key]  # serials as this workbook counts
                data[key] = self.read(rc, how) if rc in self.cells else None
            except _Skip:
                data[key] = None
        return data

    def entry(self, r: int, cols: dict[str, int]) -> dict[str, Data] | None:
        """One row of the table as an entry of the report; None for a row without an id."""
        get = {k: self.cells.get((r, c)) for k, c in cols.items()}
        if get["target"] is None:
            self._unnumbered(r, cols, get)
            return None
        self._unit_figure(r, cols, get)
        try:
            entry: dict[str, Data] = {"target": self.read((r, cols["target"]), _ident)}
        except _Skip:
            return None
        self._place_entry(r, cols, entry["target"])
        reason: dict[str, Data] = {}
        failed = set()
        for k, conv in ROW_READ:
            if get[k] is None:
                continue
            try:
                value = self.read((r, cols[k]), conv)
            except _Skip:
                failed.add(k)
                continue
            if k.startswith("reason_"):
                reason[k[7:]] = value
            else:
                entry[k] = value
        if (get["reason_kind"] is not None or get["reason_text"] is not None) and not failed & {"reason_kind", "reason_text"}:
            entry["reason"] = {"kind": reason.get("kind"), "text": reason.get("text")}
        return entry

    def _unnumbered(self, r: int, cols: dict[str, int], get: dict[str, _Cell | None]) -> None:
        """A row filled in but without an id: said at its first filled cell."""
        filled = [k for k in L.INPUTS if get.get(k) is not None]
        if filled:
            self.say((r, cols[filled[0]]), "xlsx-layout", f"第 {r} 行填了內容，但沒有編號；請把內容填在對應目標的那一行，不要新增行")

    def _unit_figure(self, r: int, cols: dict[str, int], get: dict[str, _Cell | None]) -> None:
        """The form's own words in the unit column: a number there is a figure typed one column left."""
        given = get.get("unit")
        if given is not None and given.kind == "n" and "unit" in cols:
            self.say((r, cols["unit"]), "xlsx-unread", f"「{L.HEADINGS['unit']}」列是計量單位，這裡卻填了數字"
                     f" {given.value}，不會被讀取；數值請填在「{L.HEADINGS['value']}」列", "warning")

    def _place_entry(self, r: int, cols: dict[str, int], target: Data) -> None:
        """Where each location of the row's entry is, and what a person calls it."""
        i = self.entries
        self.entries += 1
        for k in ("target", "value", "stage", "note"):
            self.where[("entries", i, k)] = (r, cols[k])
            self.labels[("entries", i, k)] = f"{target} {L.HEADINGS[k]}"
        self.where[("entries", i)] = (r, cols["target"])
        self.labels[("entries", i)] = f"目標 {target}"
        self.where[("entries", i, "reason")] = self.where[("entries", i, "reason", "kind")] = (r, cols["reason_kind"])
        self.where[("entries", i, "reason", "text")] = (r, cols["reason_text"])
        self.labels[("entries", i, "reason")] = self.labels[("entries", i, "reason", "kind")] = \
            f"{target} {L.HEADINGS['reason_kind']}"
        self.labels[("entries", i, "reason", "text")] = f"{target} {L.HEADINGS['reason_text']}"


MAX_UNHEADED = 10  # cells said one by one; beyond them, one line for the rest


def _unheaded(cells: Cells, table_row: int, known: set[int], path: str, title: str) -> list[Problem]:
    """A warning for each filled cell of the table under no heading (a reason typed in the
    column right of 備注): it is not read, so it must not go unsaid."""
    found = [(r, c) for (r, c), cell in cells.items()
             if r > table_row and c not in known and not (cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()))]
    found.sort()
    out = [Problem(path, r, c, "xlsx-unread", f"{L.cell_name(r, c, title)}：這一格有內容，但所在的列沒有表頭，不會被讀取；"
                   f"原因請填在{L.FIELD_WORDS['reason']}，其他情況寫在{L.HEADINGS['note']}", "warning")
           for r, c in found[:MAX_UNHEADED]]
    if len(found) > MAX_UNHEADED:
        r, c = found[MAX_UNHEADED]
        out.append(Problem(path, r, c, "xlsx-unread", f"{L.cell_name(r, c, title)}：還有 {len(found) - MAX_UNHEADED} 格在沒有表頭的列中，"
                           "都不會被讀取", "warning"))
    return out
