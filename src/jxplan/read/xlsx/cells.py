"""One cell's value as report data.

In: a cell as the sheet gives it (``_Cell``: its value, openpyxl's data type, its number format).
Out: the value a YAML report would hold for that field: an id as text, a figure as ``Num``
(fifteen significant digits, what Excel shows) or as text with its unit, a stage or a reason's
kind mapped back from the drop-down's words (推進中 → in_progress), a date, a quarter; or
``_Refused`` with the words of why the cell cannot be read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from ...core.quantity import MAX_ABS, Num
from ...core.terms import REASON_SHORT, REASON_WORDS, STAGE_LABELS, STAGE_WORDS, STAGES, parse_date, parse_quarter
from .. import Data
from .common import _Refused


class _Cell:
    """A cell as the sheet gives it: its value, openpyxl's data type (``n``, ``s``, ``f``, ``e``…) and
    its number format (None for a built-in format of Excel's locale, which the file does not write)."""

    __slots__ = ("value", "kind", "fmt")

    def __init__(self, value: Any, kind: str, fmt: str | None):
        self.value, self.kind, self.fmt = value, kind, fmt


Cells = dict[tuple[int, int], _Cell]  # a sheet's non-empty cells by (row, column)


def _number_text(v: float) -> str:
    return f"{v:.15g}"  # what Excel shows: fifteen significant digits


def _bounded(v: Any) -> None:
    """Refuse a number no figure can be (the bound of ``quantity``), before anything is done with it."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return
    if isinstance(v, float) and not math.isfinite(v):
        raise _Refused("xlsx-cell", "這一格的數值是無窮大或 NaN（文件中的數超出了範圍）；請改為普通的數字")
    if abs(v) >= MAX_ABS:
        shown = _number_text(v) if isinstance(v, float) else f"{v:.15g}"
        raise _Refused("xlsx-cell", f"這一格的數值 {shown} 太大（絕對值須小於 10 的 15 次方）；請核對單位與位數")


class _Skip(Exception):
    """A cell that could not be read; its problem is already said."""


def _figure(cell: _Cell) -> Data:
    """累計完成: a number, or text with a unit, as Excel shows it (``_display``); a date or a
    time is a misread cell."""
    v = cell.value
    if isinstance(v, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        shown = v.date().isoformat() if isinstance(v, dt.datetime) else str(v)
        raise _Refused("xlsx-cell", f"這一格是日期或時間（{shown}），不是數字；Excel 會把 7/8、7-8 之類的輸入變成日期，"
                                    "請把單元格格式設為「數值」後重填")
    if isinstance(v, bool):
        return v  # the model says it is no number
    if isinstance(v, float):
        return Num(_number_text(v))
    return v.strip() if isinstance(v, str) else v


def _text(cell: _Cell) -> str:
    v = cell.value
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        return _number_text(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return str(v)


def _ident(cell: _Cell) -> str:
    v = cell.value
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    shown = _number_text(v) if isinstance(v, float) else v
    raise _Refused("xlsx-cell", f"編號應是文字，這一格卻是數字 {shown}（5.10 會變成 5.1）；"
                                "請勿改動編號列，或用 jxplan template 重新生成表格")


def _word(cell: _Cell, words: dict[str, str], what: str, choices: str) -> str:
    key = unicodedata.normalize("NFKC", cell.value).strip().replace(" ", "") if isinstance(cell.value, str) else None
    if key in words:
        return words[key]
    raise _Refused("xlsx-word", f"{what}「{_text(cell)}」不是選項；請從下拉列表選 {choices}")


# Excel's date serials: the count of days from an epoch, the time of day after the point
WINDOWS_1900 = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 once Excel's 29 February 1900 is counted
MAC_1904 = dt.date(1904, 1, 1)  # serial 0 of a workbook in the 1904 date system
# the dates a form's 報送日期 can be: a number or a date cell outside them is a slip (a year,
# a figure, 2012 typed in a date cell shows 1905-07-04), refused with the date it would be
PLAUSIBLE = range(1990, 2100)
EXAMPLE = "2012-07-05"  # the example date of messages (made the report's quarter's own by ``check.reports``)
_AT_TIME = re.compile(r"(?:\s+|T)([0-9]{1,2}):([0-5][0-9])(?::[0-5][0-9](?:\.[0-9]+)?)?\Z")


def excel_date(serial: float, epoch: dt.date = WINDOWS_1900) -> dt.date | None:
    """The day an Excel date serial stands for, as Excel shows it (the time of day after the
    point is left out). In the 1900 system serials 1-59 are 1 January to 28 February 1900 and
    60 is 29 February 1900, which never was (Excel took the year as Lotus 1-2-3 did): None,
    as for a serial before the first day (0 or less; 0 is 1904-01-01 in the 1904 system) or
    past 9999-12-31."""
    if not math.isfinite(serial):
        return None
    day = math.floor(serial)
    if epoch == WINDOWS_1900:
        if day < 1 or day == 60:
            return None
        day += day < 60  # before the day that never was, one day later than the count from the epoch
    elif day < 0:
        return None
    try:
        return epoch + dt.timedelta(days=day)
    except OverflowError:
        return None


def _date(cell: _Cell, epoch: dt.date = WINDOWS_1900) -> Data:
    """報送日期 as the clerk wrote it: a date cell; a date and time (the day is taken: 17:30 is
    when it was sent); a date typed as text, a time after it too; or a number in a cell
    formatted 常規 (Excel shows 41190 where 2012-10-08 was meant), read as the date serial it is
    in this workbook's date system (``epoch``). A date outside ``PLAUSIBLE`` is refused with
    what the cell would mean; text that is no date is left for the model to refuse."""
    v = cell.value
    if isinstance(v, (dt.date, dt.datetime)) and v.year < 1900:  # Excel has no such date: a number shown as one
        raise _Refused("xlsx-cell", f"這一格是日期格式，填的卻是不是日期的數字；請填如 {EXAMPLE} 的日期")
    if isinstance(v, dt.datetime):
        return _plausible(v.date())
    if isinstance(v, dt.date):
        return _plausible(v)
    if isinstance(v, str):
        return _date_text(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        shown = _number_text(v) if isinstance(v, float) else str(v)
        when = excel_date(v, epoch)
        if when is None or when.year not in PLAUSIBLE:
            said = f"（當作 Excel 的日期序號是 {when}）" if when is not None else ""
            raise _Refused("xlsx-cell", f"報送日期填的是數字 {shown}{said}，不是日期；請填如 {EXAMPLE} 的日期")
        return when
    if isinstance(v, (dt.time, dt.timedelta)):
        raise _Refused("xlsx-cell", f"報送日期是時間，不是日期；請填如 {EXAMPLE} 的日期")
    return v


def _plausible(when: dt.date) -> dt.date:
    """A date of a date cell, refused when no report could have been sent on it."""
    if when.year not in PLAUSIBLE:
        raise _Refused("xlsx-cell", f"報送日期 {when} 不像送出報告的日期（年份填錯了，或在日期格式的格子裡填了數字）；"
                                    f"請填如 {EXAMPLE} 的日期")
    return when


def _date_text(v: str) -> Data:
    """A date typed as text, with or without a time of day after it (2012-10-08 17:30)."""
    text = unicodedata.normalize("NFKC", v).strip()
    at = _AT_TIME.search(text)
    if at is not None and int(at.group(1)) < 24:
        text = text[:at.start()]
    return parse_date(text) or v.strip()


def _quarter(cell: _Cell) -> Data:
    v = cell.value
    return parse_quarter(str(v)) or (v.strip() if isinstance(v, str) else v)


def _plain(cell: _Cell) -> Data:
    v = cell.value
    if isinstance(v, float):
        return Num(_number_text(v))
    return v.strip() if isinstance(v, str) else v


STAGE_CHOICES = "、".join(STAGE_LABELS[s] for s in STAGES)

REASON_CHOICES = " 或 ".join(REASON_SHORT.values())


def _stage(cell: _Cell) -> str:
    return _word(cell, STAGE_WORDS, "進度階段", STAGE_CHOICES)


def _reason_kind(cell: _Cell) -> str:
    return _word(cell, REASON_WORDS, "原因類別", REASON_CHOICES)


AS_SHOWN = (_figure, _text)  # read as Excel shows them; an id, a choice, a date or a year by their value
