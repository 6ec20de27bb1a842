"""A sheet's XML read by patterns over its bytes, before and beside openpyxl.

In: the XML of a worksheet part (already within the container's bounds). Out: a refusal
(``_scan``) of a sheet beyond a form's bounds or Excel's, a cell written twice or rows out of
order, before openpyxl iterates it; the merged ranges (``_merges``: openpyxl's streaming mode
binds none); whether another sheet shows anything (``_holds_value``); the plain numbers
cells hold (``_stored_numbers``). Every attribute is read as an XML parser reads it
(character references decoded); every pattern is linear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .. import blank
from .cells import _number_text
from .common import DAMAGED, TWICE, _Refused, _xml_text, sheet_word
from .container import MAX_MARKUP


# A form has a few hundred rows at most (the plan of 2012 gives one of 98 rows and 951 cells),
# and openpyxl makes every empty row up to the last one it is given: a cell at row 99,999,999
# would cost 20 s, and 140,000 filled rows as long and a problem line each. So the sheet is
# bounded well above any form and well below a stall: 5,000 rows, and the 50,000 cells of ten
# columns over them (openpyxl reads about 100,000 cells a second). Excel's own limits make a
# file beyond them damaged, whatever reads it.
MAX_ROWS = 5_000
MAX_CELLS = 50_000
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384

# a start tag of a row or a cell, whatever its prefix, with its attributes however quoted
_TAG = re.compile(rb'<(?:[^\s<>/:=!?"\']+:)?(row|c)(?=[\s/>])((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*)\s*/?>')
_R = re.compile(rb'\sr\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,9})\Z")
_ROW_REF = re.compile(r"[0-9]{1,9}\Z")


def _far(row: int, col: int) -> _Refused:
    """A cell past Excel's last row or column (a damaged file), or past a form's rows."""
    if col > EXCEL_COLS:
        return _Refused("xlsx-damaged", f"第 {col:,} 列超出了 Excel 的上限（XFD 列，即第 {EXCEL_COLS:,} 列）；" + DAMAGED,
                        max(row, 1), col)
    if row > EXCEL_ROWS:
        return _Refused("xlsx-damaged", f"第 {row:,} 行超出了 Excel 的上限（{EXCEL_ROWS:,} 行）；" + DAMAGED, row, col)
    return _Refused("xlsx-layout", f"表格寫到了第 {row:,} 行，一份進度報告不會超過 {MAX_ROWS:,} 行；"
                                   "請刪除表格下方多餘的行（連同格式）後保存再送", row, col)


# a sheet as spreadsheet programs write it: every row and cell tag begins with its plain r
_PREFIXED = re.compile(rb':(?:row|c)[\s/>]')  # a row or cell tag with a namespace prefix (or text that looks like one)
_ODD = re.compile(rb'<(?:row|c)(?=[\s/>])(?!(?<=c) r="[A-Z]{1,3}[0-9]{1,7}"|(?<=w) r="[0-9]{1,7}")')
_PLACES = re.compile(rb'<(?:c r="([A-Z]{1,3})|row r=")([0-9]{1,7})"')


def _scan(xml: bytes, title: str) -> None:
    """Refuse, before openpyxl iterates, a sheet (named ``title`` in the workbook) with a row or
    a cell beyond a form's bounds or Excel's, more cells than a form has, a cell written twice,
    or rows out of order (openpyxl drops a row that comes after a later one). Places are read as
    openpyxl reads them: ``r`` when given (character references decoded), else the next row or column."""
    if not _as_written(xml):
        _scan_tags(xml, title)
    if xml.count(b"<") > MAX_MARKUP:  # few cells, but countless tags in them (rich-text runs)
        raise _Refused("xlsx-bomb", f"{sheet_word(title)}的 XML 有超過 {MAX_MARKUP:,} 個標記，"
                                    "一份進度報告表格只有幾千個；拒絕讀取")


def _as_written(xml: bytes) -> bool:
    """True for a sheet as Excel, WPS, LibreOffice and openpyxl write it, well within the
    bounds: no prefixed tag, every row and cell tag begins with its plain ``r``, rows ascend,
    each cell is in its row, no place is taken twice. Three patterns over the bytes and a
    loop over the places, a fortieth of what reading the form costs; anything else is for
    ``_scan_tags`` to judge."""
    if _PREFIXED.search(xml) or _ODD.search(xml):
        return False
    places = _PLACES.findall(xml)
    if len(places) > MAX_CELLS:
        return False
    last, here, cells = 0, None, []
    for letters, digits in places:
        if not letters:  # a row
            number = int(digits)
            if number <= last:
                return False
            last, here = number, digits
        elif digits != here or (len(letters) == 3 and letters > b"XFD"):
            return False
        else:
            cells.append(letters + digits)
    return last <= MAX_ROWS and len(set(cells)) == len(cells)


def _scan_tags(xml: bytes, title: str) -> None:
    """``_scan`` tag by tag, every attribute read as an XML parser reads it, stopping at the
    first place refused."""
    row = col = count = 0
    far = None  # a row beyond the bounds, named at its first cell
    seen: set = set()
    for m in _TAG.finditer(xml):
        r = _r_attr(m.group(2), row or 1)
        if m.group(1) == b"row":
            if far is not None:
                raise _far(far, 1)
            if r is None:
                number = row + 1
            elif _ROW_REF.match(r) and int(r) > 0:
                number = int(r)
            else:
                raise _Refused("xlsx-damaged", f"行號「{r[:20]}」無效；" + DAMAGED, row + 1, 1)
            if number <= row:
                say = f"第 {number:,} 行在文件中出現了兩次" if number == row else f"第 {number:,} 行寫在第 {row:,} 行之後"
                raise _Refused("xlsx-damaged", f"{say}，不同的程序會讀到不同的內容；" + DAMAGED, number, 1)
            row, col = number, 0
            if row > MAX_ROWS:
                far = row
            continue
        count += 1
        if r is None:
            at = (row, col + 1)
        else:
            ref = _CELL_REF.match(r)
            if ref is None or int(ref.group(2)) == 0:
                raise _Refused("xlsx-damaged", f"單元格位置「{r[:20]}」無效；" + DAMAGED, row or 1, col + 1)
            at = (int(ref.group(2)), _column(ref.group(1)))
        col = at[1]
        if at[0] > MAX_ROWS or at[1] > EXCEL_COLS:
            raise _far(*at)
        if at[0] != row:
            where = f"寫在第 {row:,} 行的數據裡" if row else "不在任何一行的數據裡"
            raise _Refused("xlsx-damaged", f"這一格{where}；" + DAMAGED, at[0], at[1])
        if at in seen:
            raise _Refused("xlsx-damaged", TWICE, *at)
        seen.add(at)
        if count > MAX_CELLS:
            raise _Refused("xlsx-layout", f"{sheet_word(title)}有超過 {MAX_CELLS:,} 個單元格，一份進度報告只有幾百個；"
                                          "請刪除多餘的行和列（連同格式）後保存再送")
    if far is not None:
        raise _far(far, 1)


def _r_attr(attrs: bytes, row: int) -> str | None:
    """The ``r`` attribute among a tag's attributes, decoded; None when there is none (or it is
    empty: openpyxl then counts the cell on)."""
    m = _R.search(attrs)
    if m is None:
        return None
    raw = m.group(1) if m.group(1) is not None else m.group(2)
    if not raw:
        return None
    text = _xml_text(raw)
    if text is None:
        raise _Refused("xlsx-damaged", "單元格位置無法讀取；" + DAMAGED, row, 1)
    return text


@lru_cache(maxsize=None)
def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


# a merged range, whatever its prefix, with its attributes however quoted
_MERGE = re.compile(rb'<(?:[^\s<>/:=!?"\']+:)?mergeCell(?=[\s/>])((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*)\s*/?>')
_MERGE_REF = re.compile(rb'\sref\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})\Z")


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    """'B3:D5' -> (3, 2, 5, 4) as (min row, min col, max row, max col); None when not a range."""
    ends = []
    parts = ref.upper().split(":")
    if len(parts) > 2:
        return None
    for part in parts:
        m = _REF.match(part)
        if not m or int(m.group(2)) == 0:
            return None
        col = 0
        for ch in m.group(1):
            col = col * 26 + ord(ch) - 64
        ends.append((int(m.group(2)), col))
    (r1, c1), (r2, c2) = ends[0], ends[-1]
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _merges(xml: bytes) -> list[tuple[str, tuple[int, int, int, int]]]:
    """The merged ranges of a sheet, each ``ref`` read as an XML parser reads it (``&#70;6``
    is F6); one that cannot be read is refused, not passed over."""
    out = []
    for m in _MERGE.finditer(xml):
        at = _MERGE_REF.search(m.group(1))
        raw = b"" if at is None else at.group(1) if at.group(1) is not None else at.group(2)
        ref = _xml_text(raw)
        b = _bounds(ref) if ref else None
        if ref is None or b is None:
            shown = (ref if ref is not None else raw.decode("utf-8", "replace"))[:20]
            raise _Refused("xlsx-merged", f"合併單元格的範圍「{shown}」無法識別；" + DAMAGED)
        out.append((ref, b))
    return out


# in a sheet's XML: a cell's start tag (for its type), a value, an inline string's text, a formula
_VALUE_TAG = re.compile(rb'<(?:[^\s<>/:=!?"\']+:)?(?:(c)(?=[\s/>])([^>]*)>|(v|t)(?=[\s>])[^>]*>([^<]*)|(f)(?=[\s/>]))')
_TYPE = re.compile(rb'\st\s*=\s*["\']([^"\']*)["\']')


def _holds_value(xml: bytes, strings: Sequence[Any]) -> bool:
    """Whether a sheet's XML has a cell that shows something: a formula, or a value or inline
    text that is not blank (a shared string looked up; one that cannot be is something).
    Linear: every pattern stops at the next '<' or '>'."""
    kind = b"n"
    for m in _VALUE_TAG.finditer(xml):
        if m.group(1):
            t = _TYPE.search(m.group(2))
            kind = t.group(1) if t else b"n"
        elif m.group(5):
            return True
        else:
            text = _xml_text(m.group(4))
            if text is None:
                return True
            if m.group(3) == b"v" and kind == b"s":
                text = text.strip()
                index = int(text) if text.isascii() and text.isdigit() and len(text) < 10 else -1
                text = str(strings[index]) if 0 <= index < len(strings) else "?"
            if not blank(text):
                return True
    return False


_STORED = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)>(.{0,200}?)</', re.S)
_STORED_TYPE = re.compile(rb'\bt\s*=\s*["\'](?!n["\'])')
_STORED_V = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?v>\s*([-+0-9.eE]{1,40})\s*<')


def _stored_numbers(xml: bytes) -> dict[tuple[int, int], str]:
    """The number each cell holds in the sheet's XML, when it is a plain number: openpyxl shows
    a number too large for a date in a date-formatted cell as "#VALUE!", which the file never
    said. One pass over the sheet, made once for all such cells (a pattern compiled and run
    over the sheet for each cell made 2,000 of them take a minute)."""
    out = {}
    for m in _STORED.finditer(xml):
        attrs = m.group(1)
        if attrs.endswith(b"/") or _STORED_TYPE.search(m.group(0)):
            continue
        r = _r_attr(attrs, 1)
        ref = _CELL_REF.match(r) if r else None
        v = _STORED_V.search(m.group(2) + b"<")
        if ref and v and _is_float(v.group(1)):
            out[(int(ref.group(2)), _column(ref.group(1)))] = _number_text(float(v.group(1)))
    return out


def _is_float(b: bytes) -> bool:
    try:
        float(b)
        return True
    except ValueError:
        return False
