"""The layout of the progress-report workbook, in one place for its writer and its reader.

``render/workbook.py`` lays a form out by these names and places; ``sources/xlsx.py``
finds them again by their words, never by position alone, so a column a clerk moved is
still found and one deleted is named. A form jxplan writes is a form jxplan reads.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

FORM_SHEET = "進度報告"
HELP_SHEET = "說明"

# the block above the table: a label, and its value in the cell to its right
HEAD_LABELS = {"unit": "填報單位", "year": "年度", "quarter": "季度", "submitted": "報送日期"}
HEAD_ROW = 2  # where the writer puts them (the reader looks for the labels)

# the table: (key, heading); the reader finds each heading in the heading row
COLUMNS = (
    ("target", "編號"),
    ("name", "指標"),
    ("goal", "年度目標"),
    ("expected", "本季序時進度"),
    ("unit", "單位"),
    ("value", "累計完成"),
    ("stage", "進度階段"),
    ("reason_kind", "原因類別"),
    ("reason_text", "原因說明"),
    ("note", "備注"),
)
HEADINGS = dict(COLUMNS)
# what the checks' messages call a field of a report, in the form's own words (the YAML
# words are in checks/base.py): a clerk never sees the keys of the YAML file
FIELD_WORDS = {
    "submitted": HEAD_LABELS["submitted"], "quarter": HEAD_LABELS["quarter"],
    "value": HEADINGS["value"], "stage": HEADINGS["stage"], "note": HEADINGS["note"],
    "stages": f"{HEADINGS['stage']}（從下拉列表選 未啟動、推進中 或 已完成）",
    "reason": f"{HEADINGS['reason_kind']}和{HEADINGS['reason_text']}",
    "target": f"{HEADINGS['target']}（如 2.1；用 jxplan template 生成的表格，不要改動編號）",
}
INPUTS = ("value", "stage", "reason_kind", "reason_text", "note")  # what a clerk fills in
REQUIRED = ("target",) + INPUTS  # what the reader cannot do without
TABLE_ROW = 5  # the heading row the writer lays out; data start on the next row

# how far the reader looks: a form has ten columns and a few rows above its table
SEARCH_ROWS = 30
MAX_COLS = 60


def norm(text) -> str:
    """A heading or label as compared: width-folded, without spaces, without a bracketed
    hint (``累計完成（年初至今）`` is ``累計完成``), and in one script (``累计完成`` too:
    a form written with ``--script simplified`` is read like any other)."""
    if not isinstance(text, str):
        return ""
    t = unicodedata.normalize("NFKC", text)
    for bracket in ("(", "（"):
        if bracket in t and not t.startswith(bracket):
            t = t[: t.index(bracket)]
    t = "".join(t.split()).rstrip(":：*")
    from .script import convert

    return convert(t, "simplified")


def heading_key(text) -> str | None:
    """The column a table heading names (``COLUMNS``), in either script; None for any other text."""
    return _keys(COLUMNS).get(norm(text))


def label_key(text) -> str | None:
    """The value a label above the table names (``HEAD_LABELS``), in either script."""
    return _keys(tuple(HEAD_LABELS.items())).get(norm(text))


def is_form_sheet(name) -> bool:
    return norm(name) == norm(FORM_SHEET)


@lru_cache(maxsize=None)
def _keys(pairs: tuple) -> dict[str, str]:
    return {norm(word): key for key, word in pairs}


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


# a sheet name Excel writes in a reference without quotes: letters (Han ones too), digits and
# underscores, not starting with a digit, and not itself a cell's name (A1, R1C1)
_BARE_SHEET = re.compile(r"(?![0-9])\w+\Z")
_LIKE_A_CELL = re.compile(r"[A-Za-z]{1,3}[0-9]+\Z|[Rr][0-9]*(?:[Cc][0-9]*)?\Z|[Cc][0-9]*\Z")


def sheet_ref(sheet: str) -> str:
    """A sheet's name as Excel writes it before ``!``: quoted when it must be (``'進度報告 (2)'``,
    a quote in it doubled), so a cell named in a message can be typed into Excel's name box."""
    if _BARE_SHEET.match(sheet) and not _LIKE_A_CELL.match(sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def cell_name(row: int, col: int, sheet: str = FORM_SHEET) -> str:
    """A cell as Excel names it across sheets: ``進度報告!F7``, on the sheet as the workbook names it."""
    return f"{sheet_ref(sheet)}!{column_letter(col)}{row}"
