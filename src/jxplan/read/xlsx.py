"""Excel workbooks (.xlsx): refuse what is not a plain workbook, then read the progress
form cell by cell into the plain data a YAML report gives, each location placed at its
cell (``進度報告!F7``).

What comes first is the container, checked before anything is inflated: an old ``.xls``
or an encrypted workbook (both OLE2 files, not zips), a file that is not a zip, a zip
whose directory declares too many parts, too many bytes or a ratio no workbook has (a zip
bomb), repeated part names (two readers could see two different workbooks), macros and
links to other workbooks. Every XML part is then inflated within those bounds and must
hold no DTD, so no entity can expand. Only then does openpyxl read the form sheet, in its
streaming mode, which binds no merged range or hyperlink (an ``A1:XFD1048576`` merge
would otherwise make a million million cells) and parses no other sheet; merged ranges
are found in the sheet's XML by the reader itself.

The form is found by its words (``xlsx_layout``): the sheet ``進度報告``, the labels of
the block above the table and the headings of its columns, so a moved column is found and
a deleted one is named. The drop-down words map back to ids (推進中 → in_progress),
numbers become ``Num`` as Excel shows them (15 significant digits), a cell formatted as a
percentage is its percentage (``11.2%``, never 0.112), text with a unit stays text for the
quantity rules, dates become dates. A formula gives the value Excel saved with it, and is
refused when there is none. Nothing in a workbook is ever run.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
import warnings
import zipfile
from decimal import Decimal
from functools import lru_cache

from ..core import form_layout as L
from ..core.problems import Problem
from ..core.quantity import MAX_ABS, Num, format_number
from ..core.terms import REASON_SHORT, REASON_WORDS, STAGE_LABELS, STAGE_WORDS, STAGES, parse_date, parse_quarter
from . import Document, Loc, Place, blank, untrusted
from .untrusted import ZIP

SUFFIXES = (".xlsx",)
MAX_PARTS = 500  # a form has about fifteen
MAX_PART_BYTES = 16 * 1024 * 1024  # inflated, one part
MAX_TOTAL_BYTES = 32 * 1024 * 1024  # inflated, all parts
MAX_RATIO = 100  # for parts over 1 MB inflated: XML of a real sheet packs 5-20 to one
RATIO_FLOOR = 1024 * 1024
# tags ('<') in the XML parts openpyxl reads: it makes a Python object of each shared string,
# rich-text run and style, so 16 MB of them (within the bounds above) took 5 s; and it reads
# every sheet to its end as it opens the workbook (looking for a size that a sheet need not
# give), so thirty sheets of empty rows took it up to a minute. A form has a few thousand; the
# 50,000 cells a sheet may have (MAX_CELLS) some 300,000. Bounded twice over before openpyxl
# opens anything: the other parts together, and all the sheets together (one budget for every
# sheet, not one each: thirty sheets were thirty budgets); the form sheet's rows and cells then
# by ``_scan``: about a second of reading in all.
MAX_MARKUP = 400_000
MAX_SHEETS_MARKUP = MAX_MARKUP

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

SAVE_AS = "請在 Excel 或 WPS 中打開，另存為「Excel 工作簿（*.xlsx）」後再送"
REFUSED = {  # suffixes found in a reports folder that are workbooks jxplan does not read
    ".xls": "這是舊版 Excel 97-2003（.xls）工作簿，jxplan 只讀 .xlsx；" + SAVE_AS,
    ".xlsm": "這是含巨集的工作簿（.xlsm）；jxplan 不讀含巨集的文件。" + SAVE_AS,
    ".xlsb": "這是二進制工作簿（.xlsb），jxplan 只讀 .xlsx；" + SAVE_AS,
    ".et": "這是 WPS 表格（.et）文件，jxplan 只讀 .xlsx；請在 WPS 中另存為「Excel 工作簿（*.xlsx）」後再送",
    ".ods": "這是 OpenDocument 試算表（.ods），jxplan 只讀 .xlsx；請另存為「Excel 2007-365（.xlsx）」後再送",
}


class _Refused(Exception):
    """A workbook refused: at a cell (row, col), named in the message, or (None) as a whole."""

    def __init__(self, code: str, message: str, row: int | None = None, col: int | None = None):
        self.code, self.message, self.row, self.col = code, message, row, col


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


# ---- the container ------------------------------------------------------------------------

# what each refusal of the zip guard (untrusted.open_zip, inflate, refuse_dtd) says of a workbook
ZIP_WORDS = {
    "not-zip": ("xlsx-not-zip", "這個文件不是 .xlsx 工作簿：它不是 zip 格式；" + SAVE_AS),
    "damaged": ("xlsx-damaged", "工作簿已損壞（zip 目錄無法讀取）；請重新保存後再送"),
    "too-many-parts": ("xlsx-bomb", "工作簿有 {count:,} 個內部文件（上限 {limit}）；這不是一份進度報告表格"),
    "repeated": ("xlsx-damaged", "工作簿中的「{part}」出現兩次；不同的程序會讀到不同的內容，jxplan 不讀它"),
    "encrypted": ("xlsx-encrypted", "工作簿的內容已加密；請取消密碼後保存再送"),
    "compression": ("xlsx-damaged", "工作簿用了不常見的壓縮方式（{method}）；請用 Excel 或 WPS 重新保存"),
    "too-large": ("xlsx-bomb", "工作簿中的「{part}」解壓後有 {size:,} 字節（壓縮比 {ratio:,.0f} 倍），"
                               "超出一份表格的合理範圍（可能是 zip 炸彈）；未解壓，拒絕讀取"),
    "unreadable": ("xlsx-damaged", "工作簿已損壞（「{part}」無法解壓）；請重新保存後再送"),
    "grew": ("xlsx-bomb", "工作簿中的「{part}」比目錄所記的大；拒絕讀取"),
    "dtd": ("xlsx-dtd", "工作簿中的「{part}」含有 DTD 宣告；Excel 不會寫出這種內容，jxplan 不讀它"),
}


def _container(raw: bytes) -> dict[str, bytes]:
    """The XML parts of a workbook, inflated within bounds; _Refused for anything else."""
    _not_a_zip(raw)
    try:
        zf, infos = untrusted.open_zip(raw, _limits())
        with zf:
            _what_names_say({info.filename.lower() for info in infos})
            parts = _xml_parts(zf, infos)
    except untrusted.ZipRefused as exc:
        code, words = ZIP_WORDS[exc.kind]
        raise _Refused(code, words.format(**exc.facts)) from None
    _what_parts_are(parts)
    _not_strict(parts)
    return parts


def _limits() -> untrusted.ZipLimits:
    """The bounds above, read when a workbook is opened (a test may lower one)."""
    return untrusted.ZipLimits(MAX_PARTS, MAX_PART_BYTES, MAX_TOTAL_BYTES, MAX_RATIO, RATIO_FLOOR)


def _not_a_zip(raw: bytes) -> None:
    """Refuse, by its first bytes, a file that is no zip: empty, an old or encrypted workbook
    (OLE2), a web page, a text."""
    if not raw:
        raise _Refused("empty", "文件是空的")
    if raw.startswith(OLE2):
        if "EncryptedPackage".encode("utf-16-le") in raw or "EncryptionInfo".encode("utf-16-le") in raw:
            raise _Refused("xlsx-encrypted", "這個工作簿設了打開密碼（已加密），jxplan 不能也不會解密；"
                                             "請在 Excel 中取消密碼（文件 → 信息 → 保護工作簿 → 以密碼加密，清空）後保存再送")
        raise _Refused("xlsx-format", "這是舊版 Excel 97-2003（.xls）格式，只是擴展名為 .xlsx；" + SAVE_AS)
    if not raw.startswith(ZIP):
        head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        what = "它看來是網頁或 XML（有些系統導出的「Excel」其實是 HTML）" if head.startswith((b"<", b"<?xml")) else \
            "它看來是文本文件（CSV 或 YAML）" if _texty(raw[:512]) else "它不是 zip 格式"
        raise _Refused("xlsx-not-zip", f"這個文件不是 .xlsx 工作簿：{what}；" + SAVE_AS)


def _what_names_say(lower: set[str]) -> None:
    """Refuse, by the names of its parts, a macro, a link to another workbook, or a zip that is no workbook."""
    if any(n.endswith("vbaproject.bin") for n in lower):
        raise _Refused("xlsx-macro", MACRO)
    if any(n.startswith("xl/externallinks/") for n in lower):
        raise _Refused("xlsx-external-link", EXTERNAL_LINK)
    if "xl/workbook.xml" not in lower or "[content_types].xml" not in lower:
        raise _Refused("xlsx-damaged", "這個 zip 文件不是 Excel 工作簿（缺少 xl/workbook.xml）；" + SAVE_AS)


def _xml_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    """Every part that is XML, whatever its name, inflated and checked (UTF-8, no DTD), within
    the budgets of tags; pictures are never inflated, other binary parts are passed over."""
    parts: dict[str, bytes] = {}
    budget = _Markup()
    for info in infos:
        named_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        if not named_xml and info.filename.lower().startswith(("xl/media/", "docprops/thumbnail")):
            continue  # pictures: never parsed
        data = untrusted.inflate(zf, info)
        if not named_xml and not data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
            continue  # a binary part (printer settings): openpyxl does not parse it; XML under any name is checked
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:256]:
            raise _Refused("xlsx-damaged", f"工作簿中的「{info.filename}」不是 UTF-8 的 XML；請用 Excel 或 WPS 重新保存")
        untrusted.refuse_dtd(data, info)
        budget.count(info.filename, data)
        parts[info.filename] = data
    return parts


class _Markup:
    """The tags of the parts read so far: the other parts', and all the sheets' (one budget for
    every sheet, since openpyxl reads every sheet to its end as it opens a workbook)."""

    def __init__(self) -> None:
        self.markup = self.sheets = 0

    def count(self, name: str, data: bytes) -> None:
        if name.lower().startswith("xl/worksheets/"):
            self.sheets += data.count(b"<")
        else:
            self.markup += data.count(b"<")
        if self.markup > MAX_MARKUP:
            raise _Refused("xlsx-bomb", f"工作簿的 XML 有超過 {MAX_MARKUP:,} 個標記（到「{name}」為止），"
                                        "一份進度報告表格只有幾千個；拒絕讀取")
        if self.sheets > MAX_SHEETS_MARKUP:
            raise _Refused("xlsx-bomb", f"工作簿的工作表合計有超過 {MAX_SHEETS_MARKUP:,} 個標記（到「{name}」為止），"
                                        "一份進度報告表格只有幾千個；請刪除表格下方多餘的行和多餘的工作表（連同格式）後保存再送")


def _not_strict(parts: dict[str, bytes]) -> None:
    """Refuse a Strict Open XML workbook, which openpyxl cannot read."""
    workbook = next((v for k, v in parts.items() if k.lower() == "xl/workbook.xml"), b"")
    if b"purl.oclc.org/ooxml/spreadsheetml" in workbook[:2048]:
        raise _Refused("xlsx-format", "這是「Strict Open XML 試算表」格式，jxplan 讀不了；"
                                      "請另存為「Excel 工作簿（*.xlsx）」後再送")


MACRO = "工作簿含有巨集（VBA、Excel 4.0 宏表或 ActiveX 控件）；jxplan 不執行也不接受巨集。" + SAVE_AS
EXTERNAL_LINK = ("工作簿鏈接了其他工作簿的數據（外部鏈接），數值可能已過時；請把這些格子改成數值"
                 "（複製 → 選擇性粘貼 → 數值），再在 Excel 的「數據 → 編輯鏈接」中中斷鏈接後保存")
# What a part is, by what the package says it is (its content type, the type of the relationship
# that points at it), whatever its name: a macro project or a link stored as "xl/media/a.png"
# is still one. Words looked for in those types, lower case.
_MACRO_TYPES = ("vbaproject", "macroenabled", "macrosheet", "activex")
_LINK_TYPES = ("externallink",)
_TYPE_ATTR = re.compile(rb'(?<![\w:.-])(?:ContentType|Type)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


# a reference into another workbook in a formula: [1]Sheet1!A1, '[報表.xlsx]表1'!B2, [1]!名稱
_OTHER_BOOK = re.compile(r"\[[^\]\[]+\][^!\[\]]*!")


def _what_parts_are(parts: dict[str, bytes]) -> None:
    """Refuse a macro or a link to another workbook declared anywhere in the package: in
    ``[Content_Types].xml`` (a default or an override) or in any relationships part (``.rels``),
    each value read as an XML parser reads it (``&#x76;baProject`` is vbaProject)."""
    for name, data in parts.items():
        low = name.lower()
        if low != "[content_types].xml" and not low.endswith(".rels"):
            continue
        for m in _TYPE_ATTR.finditer(data):
            raw = m.group(1) if m.group(1) is not None else m.group(2)
            said = (_xml_text(raw) or raw.decode("utf-8", "replace")).lower()
            if any(w in said for w in _MACRO_TYPES):
                raise _Refused("xlsx-macro", MACRO)
            if any(w in said for w in _LINK_TYPES):
                raise _Refused("xlsx-external-link", EXTERNAL_LINK)


def _texty(head: bytes) -> bool:
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut at the end of the sample


# ---- the cells ------------------------------------------------------------------------------

class _Cell:
    __slots__ = ("value", "kind", "fmt")

    def __init__(self, value, kind: str, fmt: str):
        self.value, self.kind, self.fmt = value, kind, fmt


def _load(raw: bytes, data_only: bool):
    """The workbook in openpyxl's streaming mode, without the size of each sheet: openpyxl
    looks for it as it opens the workbook, reading to its end every sheet that does not state
    it (400,000 empty rows in thirty sheets took 3 s), and the reader wants none of them (the
    form's rows are read as they come, the other sheets are told from their XML)."""
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    sized = ReadOnlyWorksheet.__dict__.get("_get_size")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; nothing for a user
        if sized is not None:
            ReadOnlyWorksheet._get_size = lambda self: None
        try:
            return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only, keep_links=False)
        finally:
            if sized is not None:
                ReadOnlyWorksheet._get_size = sized


def _other_sheets_filled(wb, form, parts: dict[str, bytes]) -> list[str]:
    """The sheets besides the form and its help sheet that hold anything. Told from each
    sheet's XML in one pass (``_holds_value``), never by openpyxl, which makes every empty
    row up to a far one: thirty sheets of empty rows took it a minute and 540 MB."""
    out = []
    strings = getattr(form, "_shared_strings", None) or []
    by_name = {k.lower(): v for k, v in parts.items()}
    holds: dict = {}  # each part looked at once, however many sheets name it
    for sheet in wb.worksheets:
        if sheet is form or L.norm(sheet.title) == L.norm(L.HELP_SHEET):
            continue
        part = str(getattr(sheet, "_worksheet_path", "")).lstrip("/").lower()
        if part not in holds:
            xml = by_name.get(part)
            holds[part] = xml is None or _holds_value(xml, strings)  # a sheet that cannot be looked at is said
        if holds[part]:
            out.append(sheet.title)
    return out


# in a sheet's XML: a cell's start tag (for its type), a value, an inline string's text, a formula
_VALUE_TAG = re.compile(rb'<(?:[^\s<>/:=!?"\']+:)?(?:(c)(?=[\s/>])([^>]*)>|(v|t)(?=[\s>])[^>]*>([^<]*)|(f)(?=[\s/>]))')
_TYPE = re.compile(rb'\st\s*=\s*["\']([^"\']*)["\']')


def _holds_value(xml: bytes, strings) -> bool:
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


def _form_sheet(wb):
    """The one sheet named 進度報告 (or 进度报告, 進度報告 (2)…: two are refused as a guess), visible."""
    names = wb.sheetnames
    forms = [n for n in names if L.is_form_sheet(n)]
    if len(forms) != 1:
        shown = "、".join(names[:8]) + ("…" if len(names) > 8 else "")
        say = "有兩張" if forms else "找不到"
        raise _Refused("xlsx-layout", f"{say}工作表「{L.FORM_SHEET}」（工作簿中有：{shown}）；"
                                      "請用 jxplan template 生成的表格填報，不要改工作表名稱")
    ws = wb[forms[0]]
    if not hasattr(ws, "reset_dimensions"):
        raise _Refused("xlsx-layout", f"「{L.FORM_SHEET}」不是普通的工作表；請用 jxplan template 生成的表格填報")
    if ws.sheet_state != "visible":  # hidden or veryHidden: what the clerk filled may be another sheet
        raise _Refused("xlsx-layout", f"工作表「{forms[0]}」是隱藏的，jxplan 不讀隱藏的表（填報人看到並填寫的可能是另一張）；"
                                      "請取消隱藏（右鍵工作表標籤 → 取消隱藏）並在這張表中填報，或用 jxplan template 重新生成表格")
    return ws


def _sheet_cells(ws) -> dict:
    """The non-empty cells of the form sheet in its first MAX_COLS columns. The sheet's XML
    has passed ``_scan``; openpyxl's own positions are checked again as it reads (``_placed``),
    for what a pattern over bytes could miss."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS
    from openpyxl.worksheet import _reader

    ws.reset_dimensions()  # the stored size may be anything: rows are read as they come, columns bounded
    if hasattr(ws, "_get_row"):
        ws._get_row = _placed(ws._get_row, len(getattr(ws.parent, "_cell_styles", ())))
    if isinstance(getattr(ws, "_shared_strings", None), list):
        ws._shared_strings = _Strings(ws._shared_strings)
    cells = {}
    cast = _reader.__dict__.get("_cast_number")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if cast is not None:  # while this sheet is read: a number as Excel writes one, or _BadNumber
            _reader._cast_number = _strict_number(cast)
        try:
            _read_rows(ws, cells, BUILTIN_FORMATS)
        finally:
            if cast is not None:
                _reader._cast_number = cast
    return cells


def _read_rows(ws, cells: dict, builtin) -> None:
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

    def __init__(self, index):
        self.index = index


class _Strings(list):
    """The shared strings, as openpyxl looks them up for a cell (``strings[int(v)]``): an index
    that names no string (-1 would be the last, as Python counts) gives ``_NoString``, which
    the reader refuses at its cell."""

    def __getitem__(self, index):
        if type(index) is int and 0 <= index < len(self):
            return list.__getitem__(self, index)
        return _NoString(index)


class _BadNumber(float):
    """A cell's number as no spreadsheet program writes it (``1_000``, ``١٢``, `` 12``, 5,000
    digits: Python's int() and float() take them, Excel does not): refused at its cell."""

    def __new__(cls, text: str):
        self = super().__new__(cls, "nan")
        self.text = text
        return self


_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,4})?\Z")


def _strict_number(cast):
    """openpyxl's reading of a number, for what a spreadsheet program writes only."""
    def strict(value):
        if len(value) > 40 or not _NUMBER.match(value):
            return _BadNumber(value)
        return cast(value)
    return strict


def _placed(get_row, styles: int):
    """openpyxl's row maker, refusing a cell at a place already taken or beyond a form's rows,
    or with a style the workbook does not have (-1 would be the last, as Python counts: a
    percentage format the clerk never saw): it sees every element of a row as openpyxl places
    it, whatever its tag."""
    seen: set = set()

    def checked(row, *args, **kwargs):
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
        return get_row(row, *args, **kwargs)

    return checked


# ---- the sheet's XML, before openpyxl reads it ------------------------------------------------

# A form has a few hundred rows at most (the plan of 2012 gives one of 98 rows and 951 cells),
# and openpyxl makes every empty row up to the last one it is given: a cell at row 99,999,999
# would cost 20 s, and 140,000 filled rows as long and a problem line each. So the sheet is
# bounded well above any form and well below a stall: 5,000 rows, and the 50,000 cells of ten
# columns over them (openpyxl reads about 100,000 cells a second). Excel's own limits make a
# file beyond them damaged, whatever reads it.
MAX_ROWS = 5_000
MAX_CELLS = 50_000
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384
DAMAGED = "文件已損壞或經過改動，不是 Excel 或 WPS 保存的樣子；請用 Excel 或 WPS 重新保存後再送"
TWICE = "這一格在文件中出現了兩次，不同的程序會讀到不同的值；" + DAMAGED

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


def _scan(xml: bytes) -> None:
    """Refuse, before openpyxl iterates, a sheet with a row or a cell beyond a form's bounds or
    Excel's, more cells than a form has, a cell written twice, or rows out of order (openpyxl
    drops a row that comes after a later one). Places are read as openpyxl reads them: ``r``
    when given (character references decoded), else the next row or column."""
    if not _as_written(xml):
        _scan_tags(xml)
    if xml.count(b"<") > MAX_MARKUP:  # few cells, but countless tags in them (rich-text runs)
        raise _Refused("xlsx-bomb", f"工作表「{L.FORM_SHEET}」的 XML 有超過 {MAX_MARKUP:,} 個標記，"
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


def _scan_tags(xml: bytes) -> None:
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
            raise _Refused("xlsx-layout", f"工作表「{L.FORM_SHEET}」有超過 {MAX_CELLS:,} 個單元格，一份進度報告只有幾百個；"
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

    bad = []

    def one(m):
        if m.group(3):
            return _NAMED[m.group(3)]
        code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
        if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            bad.append(code)
            return ""
        return chr(code)

    out, n = _ENTITY.subn(one, text)
    return None if bad or n != text.count("&") else out


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


def _bounds(ref: str):
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


def _merges(xml: bytes) -> list[tuple[str, tuple]]:
    """The merged ranges of a sheet, each ``ref`` read as an XML parser reads it (``&#70;6``
    is F6); one that cannot be read is refused, not passed over."""
    out = []
    for m in _MERGE.finditer(xml):
        at = _MERGE_REF.search(m.group(1))
        raw = b"" if at is None else at.group(1) if at.group(1) is not None else at.group(2)
        ref = _xml_text(raw)
        b = _bounds(ref) if ref else None
        if b is None:
            shown = (ref if ref is not None else raw.decode("utf-8", "replace"))[:20]
            raise _Refused("xlsx-merged", f"合併單元格的範圍「{shown}」無法識別；" + DAMAGED)
        out.append((ref, b))
    return out


# ---- cell values as report data ------------------------------------------------------------

def _number_text(v: float) -> str:
    return f"{v:.15g}"  # what Excel shows: fifteen significant digits


def _bounded(v) -> None:
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


def _figure(cell: _Cell):
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


# ---- number formats: a cell as Excel shows it -----------------------------------------------
#
# What a clerk checks is what Excel shows, and a format can change it: 0.0% shows 0.112 as
# 11.2%, 0"畝" shows 6000 as 6000畝, #,##0, shows 100000 as 100, ;;; shows nothing. A number
# is read as the number Excel shows followed by the format's own text, at the precision it
# was typed (0.00 shows 3.14159 as 3.14; the clerk typed 3.14159): 0.0% gives "11.2%",
# 0"畝" gives "6000畝" for the unit rules to convert or refuse, as for a cell holding that
# text. The scaling commas of #,##0, and 0.0,, are applied, not refused: the clerk reads,
# checks and means the figure shown, 100 (in thousands, said by the format's text or the
# form's unit), and a figure read as 100000 would be a thousand times what they saw. Only
# the section that applies counts (positive;negative;zero;text), and only an unquoted,
# unescaped % scales. What cannot be told for certain is refused: a value the format hides
# or shows without its minus sign, a condition ([>=100]), a date code outside the first
# section, text between the digits, a code jxplan does not know.

FORMAT_FIX = "；請把單元格格式設為「常規」或「數值」後重填"
MAX_FORMAT = 255  # Excel's own limit on a format's length
_FMT_TOKEN = re.compile(r'"[^"]*"?|\\.?|_.?|\*.?|\[[^\]]*\]?|General|G/通用格式|G/標準|G/표준|[Ee][+-]|.', re.S | re.I)
_DATE_CODES = set("dmyhsDMYHS")  # days, months, years, hours, seconds (other letters: not read)
_LITERAL = {"lit", "pct", "space"}


class _Section:
    """One section of a number format: the text before and after the number, how the number
    is scaled, whether a zero shows; ``digits`` False when the section shows no number."""

    __slots__ = ("pre", "post", "digits", "exp10", "zero")

    def __init__(self, pre: str, post: str, digits: bool, exp10: int = 0, zero: bool = True):
        self.pre, self.post, self.digits, self.exp10, self.zero = pre, post, digits, exp10, zero


def _token(tok: str) -> tuple[str, str]:
    """(kind, text) of one token of a format."""
    head = tok[0]
    if head == '"':
        return "lit", tok[1:-1] if len(tok) > 1 and tok.endswith('"') else tok[1:]
    if head == "\\":
        return "lit", tok[1:]
    if head == "_":
        return "space", " "  # the width of a character
    if head == "*":
        return "fill", ""  # a character repeated to the cell's width: decoration
    if head == "[":
        inner = tok[1:-1]
        if not tok.endswith("]"):
            return "bad", tok
        if inner[:1] in ("<", ">", "="):
            return "cond", inner
        if inner[:1] == "$":  # [$¥-804]: a currency's symbol, [$-804]: a locale
            return "lit", inner[1:].split("-", 1)[0]
        if inner and set(inner.lower()) <= set("hms"):  # [h]: elapsed time
            return "date", inner
        return "mod", inner  # a colour, [DBNum1], a locale's numerals: the same number
    if len(tok) > 1 and tok[1] in "+-":
        return "exp", tok
    if len(tok) > 1:
        return "num", "G"  # General
    if tok in "0#?":
        return "num", tok
    kinds = {".": "dot", ",": "comma", "%": "pct", "/": "slash", "@": "at", ";": "sep"}
    if tok in kinds:
        return kinds[tok], tok
    if tok.isascii() and tok.isalpha():
        return ("date" if tok in _DATE_CODES else "bad"), tok
    return "lit", tok


@lru_cache(maxsize=512)
def _format(fmt: str):
    """(numeric sections, text section) of a format, or the words of why it cannot be read.
    The text section is a list of literal texts and None for each @ (no None: text hidden)."""
    if len(fmt) > MAX_FORMAT:
        return f"這一格的數字格式太長（{len(fmt)} 個字符），不是 Excel 能寫出的" + FORMAT_FIX
    sections: list[list] = [[]]
    for tok in _FMT_TOKEN.findall(fmt):
        kind, text = _token(tok)
        if kind == "sep":
            sections.append([])
        else:
            sections[-1].append((kind, text))
    if len(sections) > 4:
        return f"這一格的數字格式「{fmt[:40]}」jxplan 讀不懂" + FORMAT_FIX
    at = [i for i, sec in enumerate(sections) if any(k == "at" for k, _ in sec)]
    if len(at) > 1 or (at and at[0] != len(sections) - 1):
        return f"這一格的數字格式「{fmt[:40]}」jxplan 讀不懂" + FORMAT_FIX
    text = sections.pop() if at or len(sections) == 4 else None
    numeric = []
    for sec in sections:
        parsed = _numeric(sec, fmt)
        if isinstance(parsed, str):
            return parsed
        numeric.append(parsed)
    shown_text = None if text is None else [None if k == "at" else t for k, t in text if k in _LITERAL or k == "at"]
    return numeric, shown_text


def _numeric(sec: list, fmt: str):
    """A numeric section as a ``_Section``, or why it cannot be read."""
    kinds = [k for k, _ in sec]
    if "cond" in kinds:
        return "這一格的數字格式按數值分段顯示（含條件，如 [>=100]），jxplan 無法確定它顯示什麼" + FORMAT_FIX
    if "date" in kinds:
        return f"這一格的數字格式「{fmt[:40]}」把數字顯示成日期或時間" + FORMAT_FIX
    if "bad" in kinds or "at" in kinds:
        return f"這一格的數字格式「{fmt[:40]}」jxplan 讀不懂" + FORMAT_FIX
    places = [i for i, k in enumerate(kinds) if k == "num"]
    if not places:
        return _Section("".join(t for k, t in sec if k in _LITERAL), "", False)
    first, last = places[0], places[-1]
    while last + 1 < len(sec) and kinds[last + 1] in ("dot", "comma"):  # 0. and 0, end the number
        last += 1
    body = kinds[first:last + 1]
    fraction = "slash" in body
    allowed = {"num", "dot", "comma", "exp", "mod", "fill"} | ({"slash", "space", "lit"} if fraction else set())
    if set(body) - allowed or (fraction and any(k == "lit" and t.strip() for k, t in sec[first:last + 1])):
        return f"這一格的數字格式「{fmt[:40]}」在數字中間夾著文字，jxplan 無法確定它顯示什麼" + FORMAT_FIX
    scale = 0  # a comma after the last digit of the integer or decimal part: thousands
    for i, k in enumerate(body):
        if k == "comma":
            rest = body[i + 1:]
            end = next((j for j, r in enumerate(rest) if r in ("dot", "exp")), len(rest))
            scale += "num" not in rest[:end]
    exp10 = 2 * kinds.count("pct") - 3 * scale
    zero = any(k == "num" and t in ("0", "?", "G") for k, t in sec[first:last + 1])  # # alone shows no zero
    pre = "".join(t for k, t in sec[:first] if k in _LITERAL)
    post = "".join(t for k, t in sec[last + 1:] if k in _LITERAL)
    return _Section(pre, post, True, exp10, zero)


def _display(cell: _Cell):
    """What Excel shows in a cell whose format changes it: a number scaled (Num), or the
    text shown (str); None when it shows the value as it is. _Refused when it cannot be told."""
    v, fmt = cell.value, cell.fmt
    if fmt == "General" or isinstance(v, bool) or not isinstance(v, (int, float, str)):
        return None
    if fmt is None:  # only numbers keep a format openpyxl could not name
        raise _Refused("xlsx-cell", "這一格用了 Excel 按地區而定的內置格式（文件中沒有寫明，多為中文日期），"
                                    "jxplan 無法確定它顯示什麼；請把單元格格式設為「常規」「數值」或「日期」後重填")
    parsed = _format(fmt)
    if isinstance(v, str):
        if isinstance(parsed, str) or parsed[1] is None:
            return None  # a text is shown as typed unless a text section says otherwise
        shown = "".join(v if t is None else t for t in parsed[1])
        if None not in parsed[1]:
            said = f"顯示為「{shown.strip()}」" if shown.strip() else "顯示為空白"
            raise _Refused("xlsx-cell", f"這一格的文字「{v.strip()[:20]}」被單元格格式隱藏了（{said}）；"
                                        "請把單元格格式設為「常規」或「文本」後重填")
        return shown if shown != v else None
    if isinstance(parsed, str):
        raise _Refused("xlsx-cell", parsed)
    numeric = parsed[0]
    if not numeric:
        return None  # a text format (@): a number shows as in General
    text = _number_text(v) if isinstance(v, float) else str(v)
    sign = ""
    if len(numeric) == 1:  # one section for all: Excel adds the minus sign
        sec, sign = numeric[0], "-" if v < 0 else ""
    elif v < 0:  # positive;negative[;zero]: the negative section shows the number without its sign
        sec = numeric[1]
    elif v > 0 or len(numeric) == 2:
        sec = numeric[0]
    else:
        sec = numeric[2]
    if not sec.digits or (v == 0 and not sec.zero):
        literal = (sec.pre + sec.post).strip()
        if v == 0 and literal in ("-", "—"):  # the accountant's zero
            return None
        said = f"顯示為「{literal}」" if literal else "顯示為空白"
        raise _Refused("xlsx-cell", f"這一格存的是 {text}，但單元格格式讓它{said}" + FORMAT_FIX)
    pre, post = sec.pre, sec.post
    if v == 0 and (pre + post).strip() in ("", "-", "—"):  # 0, or the accountant's zero
        return None
    if v < 0 and not sign:  # a negative section shows the number without its sign: the format must say it
        p, q = pre.strip(), post.strip()
        if p.startswith("-"):
            sign, pre = "-", p[1:]
        elif p.startswith("(") and q.endswith(")"):
            sign, pre, post = "-", p[1:], q[:-1]
        else:
            shown = (pre + text.lstrip("-") + post).strip()
            raise _Refused("xlsx-cell", f"這一格存的是負數 {text}，但單元格格式讓它顯示為「{shown}」，沒有負號" + FORMAT_FIX)
    if not pre.strip() and not post.strip() and not sec.exp10:
        return None
    number = Decimal(text).copy_abs().scaleb(sec.exp10)
    if number >= MAX_ABS:
        shown = format_number(number) if number < Decimal(10) ** 27 else f"{number:.3E}"
        raise _Refused("xlsx-cell", f"這一格按單元格格式顯示為 {shown}，數值太大（絕對值須小於 10 的 15 次方）；請核對單位與位數")
    digits = format_number(number)
    if not pre.strip() and not post.strip():
        return Num(sign + digits)
    return (sign + pre + digits + post).strip()


def _text(cell: _Cell):
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


def _word(cell: _Cell, words: dict, what: str, choices: str):
    key = unicodedata.normalize("NFKC", cell.value).strip().replace(" ", "") if isinstance(cell.value, str) else None
    if key in words:
        return words[key]
    raise _Refused("xlsx-word", f"{what}「{_text(cell)}」不是選項；請從下拉列表選 {choices}")


def _date(cell: _Cell):
    v = cell.value
    if isinstance(v, (dt.date, dt.datetime)) and v.year < 1900:  # Excel has no such date: a number shown as one
        raise _Refused("xlsx-cell", "這一格是日期格式，填的卻是不是日期的數字；請填如 2012-10-08 的日期")
    if isinstance(v, dt.datetime):
        return v.date() if v.time() == dt.time(0) else v
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        return parse_date(v) or v.strip()
    if isinstance(v, float):
        return Num(_number_text(v))
    if isinstance(v, (dt.time, dt.timedelta)):
        raise _Refused("xlsx-cell", "報送日期是時間，不是日期；請填如 2012-10-08 的日期")
    return v


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


def _quarter(cell: _Cell):
    v = cell.value
    return parse_quarter(str(v)) or (v.strip() if isinstance(v, str) else v)


def _plain(cell: _Cell):
    v = cell.value
    if isinstance(v, float):
        return Num(_number_text(v))
    return v.strip() if isinstance(v, str) else v


# ---- the form -------------------------------------------------------------------------------

class Form:
    """What a workbook says: its data, each location's cell, and each location's words."""

    def __init__(self, data: dict, cells: dict, labels: dict, problems: list[Problem]):
        self.data, self.cells, self.labels, self.problems = data, cells, labels, problems


STAGE_CHOICES = "、".join(STAGE_LABELS[s] for s in STAGES)
# a blank value above the table, said by its label (季度 and 報送日期 are said well by the checks)
BLANK_HEAD = {"unit": "請填本單位的名稱，或用 jxplan template 重新生成表格",
              "year": "請填計劃的年度（如 2012），或用 jxplan template 重新生成表格"}
REASON_CHOICES = " 或 ".join(REASON_SHORT.values())


def _table(cells: dict) -> tuple[int, dict[str, int]]:
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
        raise _Refused("xlsx-layout", f"在「{L.FORM_SHEET}」前 {L.SEARCH_ROWS} 行找不到表頭（編號、累計完成、進度階段…）；"
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


def _head(cells: dict, table_row: int) -> dict[str, tuple[int, int]]:
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
        return None, [Problem(path, row, col, exc.code,
                              (f"{L.cell_name(row, col)}：" if exc.row is not None else "") + exc.message)]


def _read(raw: bytes, path: str) -> tuple[Form | None, list[Problem]]:
    parts = _container(raw)
    try:
        wb = _load(raw, data_only=False)
    except _Refused:
        raise
    except Exception:  # noqa: BLE001 - a third-party parser at the edge: any failure is a damaged file
        raise _Refused("xlsx-damaged", "工作簿無法讀取（文件可能已損壞，或不是 Excel 寫出的格式）；請用 Excel 或 WPS 重新保存") from None
    try:
        try:
            ws = _form_sheet(wb)
            part = ws._worksheet_path
            xml = parts.get(part.lstrip("/"), b"")
            _scan(xml)
            cells = _sheet_cells(ws)
            others = _other_sheets_filled(wb, ws, parts)
        except _Refused:
            raise
        except Exception:  # noqa: BLE001
            raise _Refused("xlsx-damaged", f"工作表「{L.FORM_SHEET}」無法讀取（文件可能已損壞）；請用 Excel 或 WPS 重新保存") from None
    finally:
        wb.close()
    table_row, cols = _table(cells)
    head = _head(cells, table_row)
    rows = sorted({r for r, _ in cells if r > table_row})  # rows with something in them, however far down

    # the cells read: the head's values and, in the table, the id and input columns
    wanted = set(head.values()) | {(r, cols[k]) for r in rows for k in L.REQUIRED if (r, cols[k]) in cells}
    formulas = [rc for rc in wanted if rc in cells and cells[rc].kind == "f"]
    bad: dict = {}  # cells that cannot be read: (code, message)
    if formulas:
        try:
            cached_wb = _load(raw, data_only=True)
            try:
                cached = _sheet_cells(_form_sheet(cached_wb))
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

    # merged cells in the table or over a value of the head: which cell holds the figure is a guess
    for _, (r1, c1, r2, c2) in _merges(xml):
        over_head = any(r1 <= r <= r2 and c1 <= c <= c2 for r, c in head.values())
        if r2 > table_row or over_head:
            ref = f"{L.column_letter(c1)}{r1}:{L.column_letter(c2)}{r2}"  # as Excel writes it, however the file did
            raise _Refused("xlsx-merged", f"{ref} 是合併單元格；請取消合併（每格只填一項）後保存再送", r1, c1)

    stored = None
    for rc in wanted:
        if rc in cells and rc not in bad and cells[rc].kind == "e":
            if cells[rc].value == "#VALUE!" and stored is None:
                stored = _stored_numbers(xml)
            number = stored.get(rc) if cells[rc].value == "#VALUE!" else None
            bad[rc] = ("xlsx-cell", f"這一格是日期格式，填的卻是數字 {number}，不是日期；請填如 2012-10-08 的日期"
                       if number is not None else f"這一格是錯誤值 {cells[rc].value}；請改為數值或文字")

    problems: list[Problem] = [  # what a clerk wrote on a sheet of their own is never read: said, not dropped
        Problem(path, 1, 1, "xlsx-unread", f"工作表「{name}」有內容，但只讀取「{L.FORM_SHEET}」；"
                f"原因請填在{L.FIELD_WORDS['reason']}，其他情況寫在{L.HEADINGS['note']}", "warning")
        for name in others[:MAX_UNHEADED]]
    if len(others) > MAX_UNHEADED:
        problems.append(Problem(path, 1, 1, "xlsx-unread", f"還有 {len(others) - MAX_UNHEADED:,} 張工作表有內容，"
                                f"都不會被讀取（只讀取「{L.FORM_SHEET}」）", "warning"))

    def read(rc, how):
        """The value of a cell by ``how``; a problem (and _Skip) when it cannot be read."""
        try:
            if rc in bad:
                raise _Refused(*bad[rc])
            cell = cells[rc]
            _bounded(cell.value)  # every converter: no arithmetic on a number out of bounds
            shown = _display(cell)  # every converter: a format that hides a value or cannot be read is refused
            if shown is not None and how in AS_SHOWN:
                cell = _Cell(shown, cell.kind, "General")
            return how(cell)
        except _Refused as exc:
            problems.append(Problem(path, rc[0], rc[1], exc.code, f"{L.cell_name(*rc)}：{exc.message}"))
            raise _Skip from None
        except ArithmeticError:  # a decimal the bounds let through: a cell not read, never a traceback
            problems.append(Problem(path, rc[0], rc[1], "xlsx-cell", f"{L.cell_name(*rc)}：這一格的數值無法讀取；請改為普通的數字"))
            raise _Skip from None

    where: dict = {(): (1, 1), ("version",): (1, 1), ("entries",): (table_row, cols["target"])}
    labels: dict = {("version",): "表式版本", ("entries",): "表格"}
    data: dict = {"version": 1}
    convert = {"unit": _plain, "year": _plain, "quarter": _quarter, "submitted": _date}
    for key, rc in head.items():
        where[(key,)] = rc
        labels[(key,)] = L.HEAD_LABELS[key]
        if rc not in cells and key in BLANK_HEAD:  # said here: the model would name an id or a number, not the label
            problems.append(Problem(path, rc[0], rc[1], "schema",
                                    f"{L.cell_name(*rc)}：{L.HEAD_LABELS[key]}：沒有填寫；{BLANK_HEAD[key]}"))
            data[key] = None
            continue
        try:
            data[key] = read(rc, convert[key]) if rc in cells else None
        except _Skip:
            data[key] = None
    entries = []
    for r in rows:
        get = {k: cells.get((r, c)) for k, c in cols.items()}
        filled = [k for k in L.INPUTS if get.get(k) is not None]
        if get["target"] is None:
            if filled:  # said at its cell; the rest of the form is read on, so one round names everything
                c = cols[filled[0]]
                problems.append(Problem(path, r, c, "xlsx-layout", f"{L.cell_name(r, c)}：第 {r} 行填了內容，但沒有編號；"
                                        "請把內容填在對應目標的那一行，不要新增行"))
            continue
        given = get.get("unit")  # the form's own words: a number there is a figure typed one column left
        if given is not None and given.kind == "n" and "unit" in cols:
            problems.append(Problem(path, r, cols["unit"], "xlsx-unread",
                                    f"{L.cell_name(r, cols['unit'])}：「{L.HEADINGS['unit']}」列是計量單位，這裡卻填了數字"
                                    f" {given.value}，不會被讀取；數值請填在「{L.HEADINGS['value']}」列", "warning"))
        i = len(entries)
        try:
            entry: dict = {"target": read((r, cols["target"]), _ident)}
        except _Skip:
            continue
        for k in ("target", "value", "stage", "note"):
            where[("entries", i, k)] = (r, cols[k])
            labels[("entries", i, k)] = f"{entry['target']} {L.HEADINGS[k]}"
        where[("entries", i)] = (r, cols["target"])
        labels[("entries", i)] = f"目標 {entry['target']}"
        where[("entries", i, "reason")] = where[("entries", i, "reason", "kind")] = (r, cols["reason_kind"])
        where[("entries", i, "reason", "text")] = (r, cols["reason_text"])
        labels[("entries", i, "reason")] = labels[("entries", i, "reason", "kind")] = \
            f"{entry['target']} {L.HEADINGS['reason_kind']}"
        labels[("entries", i, "reason", "text")] = f"{entry['target']} {L.HEADINGS['reason_text']}"
        reason: dict = {}
        failed = set()
        for k, conv in (("value", _figure), ("stage", _stage), ("note", _text),
                        ("reason_kind", _reason_kind), ("reason_text", _text)):
            if get[k] is None:
                continue
            try:
                value = read((r, cols[k]), conv)
            except _Skip:
                failed.add(k)
                continue
            if k.startswith("reason_"):
                reason[k[7:]] = value
            else:
                entry[k] = value
        if (get["reason_kind"] is not None or get["reason_text"] is not None) and not failed & {"reason_kind", "reason_text"}:
            entry["reason"] = {"kind": reason.get("kind"), "text": reason.get("text")}
        entries.append(entry)
    data["entries"] = entries
    problems += _unheaded(cells, table_row, set(cols.values()), path)
    return Form(data, where, labels, problems), problems


MAX_UNHEADED = 10  # cells said one by one; beyond them, one line for the rest


def _unheaded(cells: dict, table_row: int, known: set, path: str) -> list[Problem]:
    """A warning for each filled cell of the table under no heading (a reason typed in the
    column right of 備注): it is not read, so it must not go unsaid."""
    found = [(r, c) for (r, c), cell in cells.items()
             if r > table_row and c not in known and not (cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()))]
    found.sort()
    out = [Problem(path, r, c, "xlsx-unread", f"{L.cell_name(r, c)}：這一格有內容，但所在的列沒有表頭，不會被讀取；"
                   f"原因請填在{L.FIELD_WORDS['reason']}，其他情況寫在{L.HEADINGS['note']}", "warning")
           for r, c in found[:MAX_UNHEADED]]
    if len(found) > MAX_UNHEADED:
        r, c = found[MAX_UNHEADED]
        out.append(Problem(path, r, c, "xlsx-unread", f"{L.cell_name(r, c)}：還有 {len(found) - MAX_UNHEADED} 格在沒有表頭的列中，"
                           "都不會被讀取", "warning"))
    return out


AS_SHOWN = (_figure, _text)  # read as Excel shows them; an id, a choice, a date or a year by their value


def _stage(cell: _Cell) -> str:
    return _word(cell, STAGE_WORDS, "進度階段", STAGE_CHOICES)


def _reason_kind(cell: _Cell) -> str:
    return _word(cell, REASON_WORDS, "原因類別", REASON_CHOICES)


# ---- the source interface ----------------------------------------------------------------

class _Places:
    """Cells of a form; read again from the bytes on the first question for a cached report."""

    __slots__ = ("raw", "path", "cells")

    def __init__(self, raw: bytes, path: str, cells: dict | None = None):
        self.raw, self.path, self.cells = raw, path, cells

    def __call__(self, loc: Loc, key: bool) -> Place:
        if self.cells is None:
            form, _ = read_form(self.raw, self.path)
            self.cells = form.cells if form else {}
            self.raw = b""
        while loc:
            if loc in self.cells:
                break
            loc = loc[:-1]
        r, c = self.cells.get(loc, (1, 1))
        return Place(r, c, L.cell_name(r, c))


def parse(raw: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    form, problems = read_form(raw, path)
    if form is None:
        return None, problems
    return Document(path, form.data, _Places(b"", path, form.cells), form.labels.get, L.FIELD_WORDS), problems


def reopen(raw: bytes, path: str, data) -> Document:
    return Document(path, data, _Places(raw, path), words=L.FIELD_WORDS)
