"""Workbooks jxplan writes: the progress form a clerk fills in, and the status table.

The form is laid out by ``core.form_layout`` (which the reader, ``read/xlsx/``, uses to
find everything again) from the same rows as the YAML form (``forms.form_rows``). Only
the cells to fill are unlocked; the sheet is protected without a password, so it stops
slips, not people. The status workbook renders the rows of ``tables`` and computes
nothing. openpyxl is imported here alone, when a workbook is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal
from typing import Any, NamedTuple

from ..core import form_layout as L
from ..check.index import PlanIndex
from ..judge.status import StatusResult
from ..core.terms import PALETTE, QUARTER_ZH, REASON_SHORT, STAGE_LABELS, STAGES, STATUSES
from . import words
from .forms import FormRow, form_rows
from .tables import csv_columns, target_rows, unit_columns, unit_rows

INPUT_FILL = "FFF2CC"  # light yellow: fill this in
IDLE_FILL = "E7E6E6"  # grey: nothing to fill here
HEAD_FILL = "DDEBF7"
STATUS_FILLS = {status: colour.fill for status, colour in PALETTE.items()}  # the one palette (terms)
assert set(STATUS_FILLS) == set(STATUSES)
WIDTHS = {"target": 8, "name": 34, "goal": 11, "expected": 13, "unit": 8, "value": 12, "stage": 10,
          "reason_kind": 10, "reason_text": 32, "note": 32}
NUMBER_FORMAT = "0.##########"  # as written: no thousands separator, no trailing zeros shown
EXCEL_EPOCH = dt.date(1899, 12, 30)


def _put(ws, row: int, col: int, value, **style):
    """A cell's value, never a formula: text from a plan or report that starts with "="
    stays text, and characters a workbook cannot hold are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    for k, v in style.items():
        setattr(cell, k, v)
    return cell


def _save(wb, to: str | None = None) -> bytes:
    if to is not None:
        _in_script(wb, to)
    buf = io.BytesIO()
    try:
        wb.save(buf)  # openpyxl writes each sheet through a temporary file first
    except Exception as exc:
        if not isinstance(exc, OSError) and type(exc).__name__ != "SerialisationError":  # lxml's, for the same
            raise
        import tempfile

        from ..core.output import OutputError, reason

        if not isinstance(exc, OSError):  # lxml names the system's error: IO_ENOSPC, IO_EFBIG…
            import errno

            exc = OSError(getattr(errno, str(exc).removeprefix("IO_"), None), str(exc))
        said = reason(exc)
        raise OutputError(f"生成工作簿時，臨時文件夾 {tempfile.gettempdir()} {said}；"
                          "請騰出磁盤空間（或設 TMPDIR 指向有空間的文件夾）後重試，沒有寫入任何文件") from None
    return buf.getvalue()


def _in_script(wb, to: str) -> None:
    """Every word of a finished workbook in the script ``to``: cells, sheet names, the
    drop-down lists and their messages, page headers and footers, the title. One pass
    over the whole book, so no text written above can be missed."""
    from ..core.script import convert

    def tr(text):
        return convert(text, to) if isinstance(text, str) else text

    for ws in wb.worksheets:
        ws.title = tr(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "s":
                    cell.value = tr(cell.value)
                    cell.data_type = "s"  # text that starts with "=" stays text, as _put wrote it
        for dv in ws.data_validations.dataValidation:
            for attr in ("formula1", "error", "errorTitle", "prompt", "promptTitle"):
                setattr(dv, attr, tr(getattr(dv, attr)))
        for part in (ws.oddHeader.center, ws.oddFooter.center, ws.firstHeader.center, ws.firstFooter.center):
            part.text = tr(part.text)
    wb.properties.title = tr(wb.properties.title)


# ---- the progress form ---------------------------------------------------------------------

def _prompt(row: FormRow) -> str:
    t = row.target
    return f"年初至今的累計數，單位：{t.unit or '（無）'}；也可寫帶單位的數，如 1.2萬{t.unit or ''}"[:250]


HELP = [
    ("怎樣填這份表格", True),
    ("1. 只填黃色格子；灰色格子不用填，其餘格子已鎖定（工作表保護沒有密碼，只為防止誤改）。", False),
    ("2. 報送日期：填寫送出報告的日期，如 {due}。", False),
    ("3. 累計完成：數字目標填年初至今的累計數，用「單位」列的單位；也可以寫帶單位的數，如 1.2萬畝、12000畝，"
     "匯總時會換算。百分比目標填 11.2 或 11.2%。Excel 提示「不是數字」時，帶單位的寫法按「是」保留即可。", False),
    ("4. 進度階段：沒有數字的工作任務從下拉列表選 未啟動、推進中 或 已完成。", False),
    ("5. 原因類別、原因說明：未達到本季序時進度的目標，請選 客觀 或 主觀，並寫明原因。{consequences}", False),
    ("6. 備注：需要說明的情況寫在這裡。標為「{co}」的目標由{lead}填數，本單位只填備注。", False),
    ("7. 保存時請保持 .xlsx 格式（Excel 工作簿），不要另存為 .xls，不要加密碼，不要改工作表名稱、表頭或編號，"
     "不要合併單元格或新增行。", False),
    ("8. 填好後把這個文件送回{office}。{office}匯總導入，不需重新錄入。", False),
    ("", False),
    ("常見問題", True),
    ("• 輸入 7/8 之類變成了日期：把單元格格式設為「數值」或「文字」後重填。", False),
    ("• 數字用公式算出也可以；請在 Excel、WPS 或 LibreOffice 中保存，讓文件帶有計算結果。", False),
    ("• 表格有問題時，{office}會指出工作表和格子，例如「進度報告!F7」，照提示修改後再送。", False),
]


def _office(index: PlanIndex) -> str:
    """Who sends the form and takes it back, as a unit knows it: the plan's office, else 督查室. A form
    sent to units speaks of the office, never of the software it uses."""
    return index.plan.office or "督查室"


def _help_line(text: str, due, index: PlanIndex) -> str:
    """A line of the form's help in this plan's words: its office, its roles, its deadline, and the
    consequences its notice states (none: nothing is said of any sanction)."""
    from .documents import inner, zh_punct

    b = index.plan.bulletins
    said = b.consequences if b is not None and b.consequences else None
    return (text.replace("{due}", due.isoformat()).replace("{office}", _office(index)).replace("{co}", index.roles.co).replace("{lead}", index.roles.lead)
            .replace("{consequences}", f"通知規定：“{inner(zh_punct(said.strip()))}”" if said else ""))


def form_workbook(index: PlanIndex, uid: str, quarter: str, to: str | None = None) -> bytes:
    """The progress form of one unit and quarter as an .xlsx workbook, in the script ``to``
    (None: as the plan is written); the reader finds its words in either script.

    Built in the order its cells are written (the styles' numbers follow that order): the
    form's head, the table's head, one row per target, the sheet's protection, the help sheet."""
    from openpyxl import Workbook

    plan = index.plan
    due = getattr(plan.reporting, quarter)
    rows = form_rows(index, uid, quarter)
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook's one sheet, the active one
    ws.title = L.FORM_SHEET
    look = _Look.make()
    title = f"{index.units[uid].name} {plan.year}年{QUARTER_ZH[quarter]}工作進展報告"
    date_cell = _form_head(ws, index, uid, quarter, title, look)
    _table_head(ws, look)
    checks = _FormChecks.make(plan.year, due)
    checks.dates.add(date_cell)
    _form_table(ws, rows, index.roles, look, checks)
    checks.numbers.prompt = "年初至今的累計數，用「單位」列的單位；也可寫帶單位的數，如 1.2萬畝"
    for dv in checks:
        if dv.sqref:
            ws.add_data_validation(dv)
    _lock_form(ws, date_cell, title)
    _help_sheet(wb, index, due, title)
    wb.properties.title = title
    wb.properties.creator = "jxplan"
    return _save(wb, to)


_COLUMN = {k: i + 1 for i, (k, _) in enumerate(L.COLUMNS)}  # the form's columns, numbered from 1


class _Look(NamedTuple):
    """The form's fills (input, idle, head), its cell border, wrapped text and unlocked cells."""

    fill: dict[str, Any]
    box: Any
    wrap: Any
    open_: Any

    @classmethod
    def make(cls) -> _Look:
        from openpyxl.styles import Alignment, Border, PatternFill, Protection, Side

        fill = {name: PatternFill("solid", fgColor=rgb) for name, rgb in
                (("input", INPUT_FILL), ("idle", IDLE_FILL), ("head", HEAD_FILL))}
        thin = Side(style="thin", color="999999")
        return cls(fill, Border(left=thin, right=thin, top=thin, bottom=thin),
                   Alignment(wrap_text=True, vertical="top"), Protection(locked=False))


class _FormChecks(NamedTuple):
    """Excel's own checks of the form's inputs: figures, stages, reason kinds, the report's date."""

    numbers: Any
    stages: Any
    kinds: Any
    dates: Any

    @classmethod
    def make(cls, year: int, due: dt.date) -> _FormChecks:
        from openpyxl.worksheet.datavalidation import DataValidation

        numbers = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15",
                                 allow_blank=True, errorStyle="warning", showErrorMessage=True, showInputMessage=True,
                                 errorTitle="不是數字", promptTitle="累計完成",
                                 error="這不是數字。帶單位的寫法（如 1.2萬畝）請按「是」保留；打錯了請按「否」重填。")
        stages = DataValidation(type="list", formula1='"' + ",".join(STAGE_LABELS[s] for s in STAGES) + '"',
                                allow_blank=True, showErrorMessage=True, errorTitle="進度階段",
                                error="請從下拉列表選擇：" + "、".join(STAGE_LABELS[s] for s in STAGES))
        kinds = DataValidation(type="list", formula1='"' + ",".join(REASON_SHORT.values()) + '"',
                               allow_blank=True, showErrorMessage=True, errorTitle="原因類別",
                               error="請從下拉列表選擇：" + " 或 ".join(REASON_SHORT.values()))
        first_day, last_day = dt.date(year, 1, 1), dt.date(year + 1, 12, 31)
        dates = DataValidation(type="date", operator="between", formula1=str((first_day - EXCEL_EPOCH).days),
                               formula2=str((last_day - EXCEL_EPOCH).days), allow_blank=True, showErrorMessage=True,
                               showInputMessage=True, errorTitle="報送日期", promptTitle="報送日期",
                               error=f"請填 {year} 或 {year + 1} 年的日期，如 {due.isoformat()}",
                               prompt=f"送出報告的日期，如 {due.isoformat()}")
        return cls(numbers, stages, kinds, dates)


def _form_head(ws: Any, index: PlanIndex, uid: str, quarter: str, title: str, look: _Look) -> Any:
    """The title, the unit, year, quarter and date row, and the one-line guidance; the date's cell."""
    from openpyxl.styles import Alignment, Font

    plan, unit = index.plan, index.units[uid]
    due = getattr(plan.reporting, quarter)
    last = len(L.COLUMNS)
    _put(ws, 1, 1, title, font=Font(bold=True, size=16), alignment=Alignment(horizontal="center"))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    head = L.HEAD_ROW
    pairs = [("unit", unit.name), ("year", plan.year), ("quarter", quarter), ("submitted", None)]
    for i, (key, value) in enumerate(pairs):
        c = 1 + 2 * i
        _put(ws, head, c, L.HEAD_LABELS[key], font=Font(bold=True), alignment=Alignment(horizontal="right"))
        _put(ws, head, c + 1, value, border=look.box, alignment=Alignment(horizontal="left"))
    date_cell = ws.cell(row=head, column=8)
    date_cell.number_format = "yyyy-mm-dd"
    date_cell.fill = look.fill["input"]
    date_cell.protection = look.open_
    _put(ws, head, 9, f"報送期限 {due.isoformat()}；日期如 {due.isoformat()}")
    _put(ws, 3, 1, "只填黃色格子：數字目標填「累計完成」（年初至今，可帶單位如 1.2萬畝），沒有數字的工作任務選「進度階段」；"
                   f"未達序時進度的，選「原因類別」並寫「原因說明」；本單位是{index.roles.co}的目標只填「備注」。詳見「說明」工作表。",
         alignment=Alignment(wrap_text=True, vertical="center"))
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=last)
    ws.row_dimensions[3].height = 36
    return date_cell


def _table_head(ws: Any, look: _Look) -> None:
    """The table's headings and its columns' widths."""
    from openpyxl.styles import Alignment, Font

    top = L.TABLE_ROW
    for i, (key, heading) in enumerate(L.COLUMNS, start=1):
        _put(ws, top, i, heading, font=Font(bold=True), fill=look.fill["head"], border=look.box,
             alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        ws.column_dimensions[L.column_letter(i)].width = WIDTHS[key]
    ws.row_dimensions[top].height = 30


def _form_table(ws: Any, rows: list[FormRow], roles: Any, look: _Look, checks: _FormChecks) -> None:
    """One row per target below the table's head, those the unit only comments on after a line
    that says so; an empty form says it has nothing to fill."""
    from openpyxl.styles import Font

    col = _COLUMN
    r = L.TABLE_ROW
    separated = False
    for row in rows:
        r += 1
        if not row.reports and not row.explains and not separated and any(x.reports or x.explains for x in rows):
            _put(ws, r, col["name"], f"以下目標本單位是{roles.co}：由{roles.lead}填數，本單位只填「備注」", font=Font(bold=True))
            r += 1
        separated = separated or not (row.reports or row.explains)
        _form_row(ws, r, row, roles, look, checks)
    if not rows:
        _put(ws, L.TABLE_ROW + 1, col["name"], "本單位本季沒有需要填報的目標")


def _form_row(ws: Any, r: int, row: FormRow, roles: Any, look: _Look, checks: _FormChecks) -> None:
    """One target's row: what the plan says, then its input cells open and checked, the rest grey."""
    col = _COLUMN
    t = row.target
    name = t.name
    if row.share is not None:
        name += f"（分解任務；全市目標 {_fmt(t.target)}{t.unit or ''}）"
    if row.explains:
        name += f"（{roles.lead}；已分解到各單位，由分解單位填數；總數滯後時填原因）"
    elif not row.reports:
        name += f"（{roles.co}；{roles.lead}：{row.lead_name}）"
    milestone = t.kind == "milestone"
    values = {
        "target": t.id, "name": name,
        "goal": words.goal(t) if milestone or row.share is None else row.goal,  # the text's own words
        "expected": words.EXPECTED_STAGE_WORDS[row.expected_stage] if milestone
        else words.shown_expected(row.expected, t, row.goal) if row.expected is not None
        else f"同期{row.relative_name}的實際" if t.relative_to is not None else "年末考核",
        "unit": "" if milestone else (t.unit or ""),
    }
    # every cell with words wraps; the row is as tall as its longest text needs (a goal in words, 完成省、市下達的
    # 目標, runs over three lines of its narrow column), or Excel and LibreOffice print the first line only
    ws.row_dimensions[r].height = LINE_PT * max(_lines(str(values[k]), WIDTHS[k]) for k in ("name", "goal", "expected", "unit"))
    for key, _ in L.COLUMNS:
        cell = _put(ws, r, col[key], _number(values.get(key)), border=look.box, alignment=look.wrap)
        if isinstance(values.get(key), Decimal):
            cell.number_format = NUMBER_FORMAT
    inputs = ({"stage" if milestone else "value", "reason_kind", "reason_text", "note"} if row.reports
              else {"reason_kind", "reason_text", "note"} if row.explains else {"note"})
    for key in L.INPUTS:
        cell = ws.cell(row=r, column=col[key])
        if key in inputs:
            cell.fill = look.fill["input"]
            cell.protection = look.open_
        else:
            cell.fill = look.fill["idle"]
    if "value" in inputs:
        checks.numbers.add(ws.cell(row=r, column=col["value"]))
        ws.cell(row=r, column=col["value"]).number_format = "General"
    if "stage" in inputs:
        checks.stages.add(ws.cell(row=r, column=col["stage"]))
    if "reason_kind" in inputs:
        checks.kinds.add(ws.cell(row=r, column=col["reason_kind"]))


def _lock_form(ws: Any, date_cell: Any, title: str) -> None:
    """Panes frozen below the head, the date's cell selected, printing set up, the sheet protected."""
    top = L.TABLE_ROW
    ws.freeze_panes = ws.cell(row=top + 1, column=_COLUMN["goal"])
    ws.sheet_view.selection[0].activeCell = date_cell.coordinate
    ws.sheet_view.selection[0].sqref = date_cell.coordinate
    _print_setup(ws, f"{top}:{top}", title, titled=True)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column or a row is no slip
    ws.protection.formatRows = False


def _help_sheet(wb: Any, index: PlanIndex, due: dt.date, title: str) -> None:
    """The help sheet: how to fill the form, in this plan's words."""
    from openpyxl.styles import Alignment, Font

    help_ws = wb.create_sheet(L.HELP_SHEET)
    help_ws.column_dimensions["A"].width = HELP_WIDTH
    for i, (text, bold) in enumerate(((_help_line(x, due, index), b) for x, b in HELP), start=1):
        _put(help_ws, i, 1, text, font=Font(bold=bold, size=13 if bold else 11), alignment=Alignment(wrap_text=True))
        # a row as tall as its wrapped lines: LibreOffice does not grow a row to its text and prints its last line only
        help_ws.row_dimensions[i].height = HEADING_PT if bold else LINE_PT * _lines(text, HELP_WIDTH)
    _put(help_ws, len(HELP) + 2, 1, f"本表：{title}；報送期限 {due.isoformat()}。本表由{_office(index)}生成。",
         font=Font(color="666666"))
    help_ws.protection.sheet = True
    _print_setup(help_ws, None, title)


def _width(text: str) -> int:
    """Columns a text takes in a cell: a Chinese character two, a Latin one one."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


LINE_PT = 15  # a line of 11 pt text in a row
HEADING_PT = 20  # a heading of 13 pt
HELP_WIDTH = 110


def _lines(text: str, width: int) -> int:
    """The lines a wrapped text takes in a column ``width`` characters wide, taken on the long side: a
    Chinese character of 11 pt is a little wider than two of the column's characters, and a cell keeps a
    margin on each side."""
    return max(1, math.ceil(_width(text) * 1.1 / max(width - 1, 1)))


def _fmt(v) -> str:
    from ..core.quantity import format_number

    return format_number(v)


def _number(v):
    """Decimals as the int or float a workbook holds (exact for the plan's figures)."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def _print_setup(ws, title_rows: str | None, title: str, *, titled: bool = False) -> None:
    """A4 across, as wide as the page, the title in the page header and the page's number in its footer.
    The header and footer have room of their own (0.35 inch from the paper's edge, the cells 0.9
    inch): at 0.6 inch the header printed over the sheet's first row. ``titled``: the sheet's first
    row is the title, so its first page prints no header to repeat it."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.9
    ws.page_margins.header = ws.page_margins.footer = 0.35
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddFooter.center.text = "第 &P 頁，共 &N 頁"
    if titled:
        ws.HeaderFooter.differentFirst = True
        ws.firstFooter.center.text = ws.oddFooter.center.text


# ---- the status table ------------------------------------------------------------------------

TARGET_WIDTHS = {"id": 8, "name": 30, "lead": 14, "missing": 18, "reason": 36, "note": 36, "status_label": 13}


def status_workbook(result: StatusResult, names: dict[str, str], to: str | None = None) -> bytes:
    """The status of a quarter as a workbook to sort and filter: a sheet of targets, one
    of units; figures as numbers, each status in Chinese on its own colour."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook's one sheet, the active one
    ws.title = "目標"
    heading = dict(font=Font(bold=True), fill=PatternFill("solid", fgColor=HEAD_FILL),
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
    fills = {s: PatternFill("solid", fgColor=rgb) for s, rgb in STATUS_FILLS.items()}
    columns = csv_columns(result)
    keys = [k for k, _ in columns]
    for c, (_, zh) in enumerate(columns, start=1):
        _put(ws, 1, c, zh, **heading)
        ws.column_dimensions[L.column_letter(c)].width = TARGET_WIDTHS.get(keys[c - 1], 11)
    status_col = keys.index("status_label") + 1
    for r, row in enumerate(target_rows(result, names), start=2):
        for c, key in enumerate(keys, start=1):
            value = row[key]
            if key in ("section", "point") and isinstance(value, str) and value.isdigit():
                value = int(value)
            cell = _put(ws, r, c, _number(value))
            if key == "ratio" and value is not None:
                cell.number_format = "0.0%"
            elif isinstance(value, Decimal):
                cell.number_format = NUMBER_FORMAT
        ws.cell(row=r, column=status_col).fill = fills[row["status"]]
    _table(ws, len(result.targets) + 1, len(keys), f"{result.year}年{result.quarter} 目標狀態")

    us = wb.create_sheet("單位")
    units_columns = unit_columns(result)
    unit_keys = [k for k, _ in units_columns]
    for c, (_, zh) in enumerate(units_columns, start=1):
        _put(us, 1, c, zh, **heading)
        us.column_dimensions[L.column_letter(c)].width = 14 if c != 2 else 18
    for r, row in enumerate(unit_rows(result), start=2):
        for c, key in enumerate(unit_keys, start=1):
            value = row[key]
            cell = _put(us, r, c, ("是" if value else "否") if isinstance(value, bool) else value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    _table(us, len(result.units) + 1, len(unit_keys), f"{result.year}年{result.quarter} 單位情況")
    wb.properties.title = f"{result.year}年{result.quarter} 目標與單位狀態"
    wb.properties.creator = "jxplan"
    return _save(wb, to)


def _table(ws, rows: int, cols: int, title: str) -> None:
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{L.column_letter(cols)}{max(rows, 1)}"
    _print_setup(ws, "1:1", title)
