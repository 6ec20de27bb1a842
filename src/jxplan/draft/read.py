"""The office's documents as paragraphs and tables: plain text (UTF-8 or GB18030, told
apart by their bytes), Word (.docx: paragraphs and tables in order) and Excel (.xlsx: every
visible sheet). Each file is untrusted: it is read with a bounded read, a Word file's zip
passes the project's guard for Word templates and a workbook the guard for report forms
before anything is inflated, and nothing in either is run.

Everything else is refused with one line saying what the file is and how to save it as
something jxplan reads: an old .doc or .xls, a .wps or .et, a PDF, a scan (an image), RTF,
a web page, an OpenDocument file, a text in Big5 or UTF-16.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from ..core.problems import Problem
from .items import Para
from .table import Table

MAX_TEXT_BYTES = 4 * 1024 * 1024  # as a plan: a notice is some 30 KB
MAX_WORD_BYTES = 16 * 1024 * 1024  # as a Word template: a notice with its seal and tables
MAX_PARAGRAPHS = 20_000
MAX_TABLE_CELLS = 50_000

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAVE_DOCX = "請在 Word 或 WPS 中打開，另存為「Word 文檔（*.docx）」後再用"
SAVE_XLSX = "請在 Excel 或 WPS 中打開，另存為「Excel 工作簿（*.xlsx）」後再用"
SAVE_TEXT = "或把文字複製到文本文件中，存為 UTF-8 編碼的 .txt"
SCAN = ("jxplan 不做文字識別，讀不了掃描件或圖片中的文字；請找原始的 Word 文件（另存為 .docx）"
        "或 Excel 表格（另存為 .xlsx），" + SAVE_TEXT)
IMAGES = ((b"\x89PNG", "PNG 圖片"), (b"\xff\xd8\xff", "JPEG 圖片"), (b"GIF8", "GIF 圖片"), (b"II*\x00", "TIFF 圖片"),
          (b"MM\x00*", "TIFF 圖片"))


@dataclass
class Source:
    """One document as read: its paragraphs and tables in order, and what the reader noticed."""

    path: str
    kind: str  # text | docx | xlsx
    paras: list[Para] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    damaged: list[tuple[str, str]] = field(default_factory=list)  # (where, words) of mojibake left by a scrape
    notes: list[str] = field(default_factory=list)


def read(path: str) -> tuple[Source | None, list[Problem]]:
    """The document at ``path``, or the one line that says why it cannot be read."""
    from ..read import read_capped

    raw, problem = read_capped(path, MAX_WORD_BYTES)
    if problem is not None:
        return None, [problem]
    assert raw is not None  # read_capped gives the bytes or the problem
    said = _foreign(raw, path)
    if said:
        return None, [Problem(path, 1, 1, "draft-format", said)]
    if raw.startswith(b"PK\x03\x04"):
        return _zip(raw, path)
    if len(raw) > MAX_TEXT_BYTES:
        return None, [Problem(path, 1, 1, "file-too-large", f"文本文件有 {len(raw):,} 字節，超過上限 {MAX_TEXT_BYTES:,}；"
                                                             "這不像一份通知或工作要點")]
    return _text(raw, path)


def _suffix(path: str) -> str:
    name = str(path).lower()
    return name[name.rfind("."):] if "." in name.rsplit("/", 1)[-1] else ""


def _foreign(raw: bytes, path: str) -> str | None:
    """What a file jxplan does not read is, and how to save it as one it does; None otherwise."""
    suffix = _suffix(path)
    if not raw:
        return "文件是空的"
    if raw.startswith(OLE2):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            return "文件設了打開密碼（已加密），jxplan 不能也不會解密；請取消密碼後保存再用"
        if suffix in (".xls", ".et", ".xlt"):
            return "這是舊版 Excel 97-2003（.xls）或 WPS 表格（.et）文件，jxplan 只讀 .xlsx；" + SAVE_XLSX
        return "這是舊版 Word 97-2003（.doc）或 WPS 文字（.wps）格式的文件，jxplan 只讀 .docx；" + SAVE_DOCX
    if raw.startswith(b"%PDF"):
        return "這是 PDF 文件，" + SCAN
    for magic, what in IMAGES:
        if raw.startswith(magic):
            return f"這是{what}（掃描件），" + SCAN
    if raw.startswith(b"RIFF") and raw[8:12] == b"WEBP" or (raw.startswith(b"BM") and suffix == ".bmp"):
        return "這是圖片（掃描件），" + SCAN
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "這是 RTF 文件，jxplan 只讀 .docx；" + SAVE_DOCX
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head[:200]:
        return ("這是網頁（HTML）或 XML 文件，不是文本；請在瀏覽器中打開，把正文複製到文本文件中存為 UTF-8 的 .txt，"
                "或在 Word 中打開後另存為 .docx")
    return None


# ---- zip files: Word and Excel ----------------------------------------------------------------

def _zip(raw: bytes, path: str) -> tuple[Source | None, list[Problem]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        names = {n.lower() for n in zf.namelist()[:1000]}
        info = zf.getinfo("mimetype") if "mimetype" in names else None
        mimetype = zf.read(info)[:100] if info is not None and info.file_size <= 100 else b""
    except Exception:  # noqa: BLE001 - a damaged directory: said as such
        return None, [Problem(path, 1, 1, "draft-format", "文件已損壞（zip 目錄無法讀取）；請在 Word、WPS 或 Excel 中重新保存")]
    if "word/document.xml" in names:
        return _docx(raw, path)
    if "xl/workbook.xml" in names:
        return _xlsx(raw, path)
    if b"opendocument" in mimetype:
        what = "OpenDocument 試算表（.ods）" if b"spreadsheet" in mimetype else "OpenDocument 文字（.odt）"
        save = SAVE_XLSX if "試算表" in what else SAVE_DOCX
        return None, [Problem(path, 1, 1, "draft-format", f"這是{what}文件，jxplan 只讀 .docx 和 .xlsx；{save}")]
    return None, [Problem(path, 1, 1, "draft-format", "這是 zip 壓縮文件，不是 Word（.docx）或 Excel（.xlsx）文件；請解壓後再用其中的文件")]


def _docx(raw: bytes, path: str) -> tuple[Source | None, list[Problem]]:
    from ..render.docx import DocxProblem, check_container

    name = "\x00"
    try:
        check_container(raw, name)
    except DocxProblem as exc:
        said = str(exc).replace(name + " ", "文件").replace(name, "文件").replace("Word 模板", "Word 文件")
        return None, [Problem(path, 1, 1, "draft-docx", said)]
    try:
        import docx

        document = docx.Document(io.BytesIO(raw))
        return _docx_blocks(document, path), []
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml at the edge: a file it cannot read
        return None, [Problem(path, 1, 1, "draft-docx", f"Word 文件無法讀取（{type(exc).__name__}）；請在 Word 或 WPS 中打開，"
                                                        "重新另存為「Word 文檔（*.docx）」後再用")]


def _docx_blocks(document, path: str) -> Source:
    """A Word document's paragraphs (with their automatic numbers) and tables, in order."""
    from .docx_numbers import Numbering

    source = Source(path, "docx")
    numbers = Numbering(document)
    n = cells = 0
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            k = len(source.tables) + 1
            grid, where = [], []
            for r, row in enumerate(block.rows, 1):
                texts = [_clean(c.text) for c in row.cells]
                cells += len(texts)
                if cells > MAX_TABLE_CELLS:
                    raise ValueError("too many cells")
                grid.append(texts)
                where.append([f"表{k}第{r}行第{c}列" for c in range(1, len(texts) + 1)])
            source.tables.append(Table(f"表{k}", grid, where, _spans(grid)))
            continue
        n += 1
        if n > MAX_PARAGRAPHS:
            raise ValueError("too many paragraphs")
        text = numbers.label(block) + _clean(block.text)
        if text.strip():
            source.paras.append(Para(text.strip(), f"第{n}段", n, 1))
    if numbers.used:
        source.notes.append("原文用了 Word 的自動編號：起草時按編號的格式數出，請核對各項的編號")
    return source


def _spans(grid: list[list[str]]) -> set:
    """Cells that repeat the one above or to their left (a merge, as python-docx gives it)."""
    out = set()
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text and ((r and c < len(grid[r - 1]) and grid[r - 1][c] == text) or (c and row[c - 1] == text)):
                out.add((r, c))
    return out


def _xlsx(raw: bytes, path: str) -> tuple[Source | None, list[Problem]]:
    from ..read import WORKBOOK_MAX_BYTES
    from ..read.xlsx import read_sheets
    from ..core.form_layout import column_letter

    if len(raw) > WORKBOOK_MAX_BYTES:
        return None, [Problem(path, 1, 1, "file-too-large", f"工作簿有 {len(raw):,} 字節，超過上限 {WORKBOOK_MAX_BYTES:,}；"
                                                             "一份責任分解表不會這麼大")]
    sheets, problems = read_sheets(raw, path)
    if sheets is None:
        return None, problems
    source = Source(path, "xlsx")
    for name, cells, merges in sheets:
        if not cells:
            continue
        rows = max(r for r, _ in cells)
        cols = max(c for _, c in cells)
        grid = [[_clean(cells.get((r, c), "")) for c in range(1, cols + 1)] for r in range(1, rows + 1)]
        spans = set()
        for r1, c1, r2, c2 in merges:
            if r1 > rows or c1 > cols:
                continue
            value = grid[r1 - 1][c1 - 1]
            for r in range(r1, min(r2, rows) + 1):
                for c in range(c1, min(c2, cols) + 1):
                    if (r, c) != (r1, c1):
                        grid[r - 1][c - 1] = value
                        spans.add((r - 1, c - 1))
        where = [[f"{name}!{column_letter(c)}{r}" for c in range(1, cols + 1)] for r in range(1, rows + 1)]
        source.tables.append(Table(name, grid, where, spans))
    if not source.tables:
        return None, [Problem(path, 1, 1, "draft-empty", "工作簿中沒有內容（或只有隱藏的工作表）")]
    return source, problems


# ---- plain text -----------------------------------------------------------------------------

def decode(raw: bytes) -> tuple[str | None, str]:
    """The text and its encoding (utf-8, gb18030); None and what it looks like otherwise."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, "UTF-16（記事本的「Unicode」）"
    if b"\x00" in raw[:4096]:
        return None, "二進制文件，不是文本"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible(text):
        return text, "gb18030"
    try:
        big5 = raw.decode("big5")
        if _plausible(big5):
            return None, "Big5（繁體中文 Windows 的默認）"
    except UnicodeDecodeError:
        pass
    return None, "不是 UTF-8 或 GB18030"


def _plausible(text: str) -> bool:
    """Whether a decoding gives Chinese as it is written: nearly all its Han characters are
    common ones (in GB2312's first level or Big5's common set), not the rare characters that
    bytes of another encoding become."""
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return not any("\u3400" <= ch <= "\u4dbf" or "\ue000" <= ch <= "\uf8ff" for ch in text)
    common = sum(1 for ch in han if _common(ch))
    return common >= 0.9 * len(han)


def _common(ch: str) -> bool:
    try:
        code = int.from_bytes(ch.encode("gb2312"), "big")
        if 0xB0A1 <= code <= 0xD7FE:
            return True
    except UnicodeEncodeError:
        pass
    try:
        code = int.from_bytes(ch.encode("big5"), "big")
        return 0xA440 <= code <= 0xC67E
    except UnicodeEncodeError:
        return False


# a reading in brackets after a character, as some web pages print them: 區(qū), 發(fā)
PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7})\)")
_TONES = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
MOJIBAKE = re.compile(r"[^\s，,。；]{0,6}(?:\ufffd|(?<=[\u4e00-\u9fff;；])\?|\?(?=[\u4e00-\u9fff;；]))[^\s，,。；]{0,6}")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\ufeff\u00ad\u2060\u202a\u202b\u202c\u202d\u202e"
                               "\u2066\u2067\u2068\u2069"))
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    """A paragraph without invisible characters and with ordinary spaces (a Word file's
    non-breaking and ideographic spaces, tabs)."""
    text = text.translate(_INVISIBLE)
    text = _CONTROL.sub(" ", text.replace("\u3000", " ").replace("\xa0", " ").replace("\t", " "))
    return unicodedata.normalize("NFC", text)


def _text(raw: bytes, path: str) -> tuple[Source | None, list[Problem]]:
    text, encoding = decode(raw)
    if text is None:
        return None, [Problem(path, 1, 1, "encoding", f"文件是 {encoding}；jxplan 讀 UTF-8 或 GB18030 的文本。"
                                                      "請另存為 UTF-8（記事本：另存為 → 編碼選 UTF-8）")]
    source = Source(path, "text")
    if encoding != "utf-8":
        source.notes.append(f"原文是 {encoding.upper()} 編碼，已按此讀取")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    readings = sum(1 for m in PINYIN.finditer(text) if _TONES.search(m.group(1)))
    strip = readings >= 3  # a page that prints readings prints many; a lone (x) is the text's own
    stripped = 0
    for n, line in enumerate(lines, 1):
        if strip:
            line, k = PINYIN.subn("", line)
            stripped += k
        line = _clean(line)
        if not line.strip():
            continue
        lead = len(line) - len(line.lstrip())
        for m in MOJIBAKE.finditer(line):
            source.damaged.append((f"第{n}行", m.group(0)))
        source.paras.append(Para(line.strip(), f"第{n}行", n, lead + 1))
    if stripped:
        source.notes.append(f"刪去了網頁抓取留下的拼音注音 {stripped} 處（如「區(qū)」）")
    return source, []
