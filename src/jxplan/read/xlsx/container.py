"""The container of a workbook, judged before anything is inflated or parsed.

In: the bytes of a file named ``.xlsx``. Out: its XML parts by name, inflated within bounds;
``_Refused`` for anything else: an old ``.xls`` or an encrypted workbook (both OLE2 files, not
zips), a file that is not a zip, a zip whose directory declares too many parts, too many bytes
or a ratio no workbook has (a zip bomb), repeated part names (two readers could see two
different workbooks), macros and links to other workbooks (by their names, their content types
and their relationships), an XML part that is not UTF-8 or declares a DTD, more tags than a
form has. The zip and XML guards themselves are the readers' (``read.untrusted``); the bounds
and the words here are a workbook's.
"""

from __future__ import annotations

import re
import zipfile

from .. import untrusted
from ..untrusted import ZIP
from .common import OLE2, SAVE_AS, _Refused, _xml_text


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

# what each refusal of the zip guard (untrusted.open_zip, inflate, refuse_dtd) says of a workbook
ZIP_WORDS = {
    "not-zip": ("xlsx-not-zip", "這個文件不是 .xlsx 工作簿：它不是 zip 格式；" + SAVE_AS),  # (_not_a_zip says more, first)
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


def read_container(raw: bytes) -> dict[str, bytes]:
    """The XML parts of a workbook, inflated within bounds; _Refused for anything else."""
    _not_a_zip(raw)
    try:
        zf, infos = untrusted.open_zip(raw, limits())
        with zf:
            _what_names_say({info.filename.lower() for info in infos})
            parts = _xml_parts(zf, infos)
    except untrusted.ZipRefused as exc:
        code, words = ZIP_WORDS[exc.kind]
        raise _Refused(code, words.format(**exc.facts)) from None
    _what_parts_are(parts)
    _not_strict(parts)
    return parts


def limits() -> untrusted.ZipLimits:
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
