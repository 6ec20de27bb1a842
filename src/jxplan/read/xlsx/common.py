"""What the modules of the workbook reader share: the one refusal they raise (``_Refused``,
turned into a problem at the form's edge), the words several of them say, and an XML text
read as an XML parser reads it.

In: nothing of a workbook. Out: names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAVE_AS = "請在 Excel 或 WPS 中打開，另存為「Excel 工作簿（*.xlsx）」後再送"

DAMAGED = "文件已損壞或經過改動，不是 Excel 或 WPS 保存的樣子；請用 Excel 或 WPS 重新保存後再送"
TWICE = "這一格在文件中出現了兩次，不同的程序會讀到不同的值；" + DAMAGED


class _Refused(Exception):
    """A workbook refused: at a cell (row, col), named in the message, or (None) as a whole;
    ``sheet`` is the name of the sheet that cell is on, as the workbook writes it (``_on_sheet``)."""

    def __init__(self, code: str, message: str, row: int | None = None, col: int | None = None):
        self.code, self.message, self.row, self.col = code, message, row, col
        self.sheet: str | None = None


@contextmanager
def _on_sheet(title: str) -> Iterator[None]:
    """A refusal raised inside placed on the sheet ``title`` (unless it already names one): its
    cell is then said as ``进度报告!F7`` for a form made in simplified characters, never as the
    name jxplan gives its own form."""
    try:
        yield
    except _Refused as exc:
        if exc.sheet is None:
            exc.sheet = title
        raise


def sheet_word(title: str) -> str:
    """A sheet named in a message: ``工作表「title」``, the name kept as the workbook writes it
    whatever the script of the messages (``core.script.convert_prose``)."""
    return f"工作表「{title}」"


_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _xml_text(raw: bytes) -> str | None:
    """An attribute value as an XML parser reads it: character and entity references
    decoded (a sheet has no DTD, so there are no others); None when it is no XML text."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "&" not in text:
        return text

    bad: list[int] = []

    def one(m: re.Match[str]) -> str:
        if m.group(3):
            return _NAMED[m.group(3)]
        code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
        if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            bad.append(code)
            return ""
        return chr(code)

    out, n = _ENTITY.subn(one, text)
    return None if bad or n != text.count("&") else out
