"""The bulletin as a Word document: docxtpl fills ``bulletin.docx`` with the bulletin context.

An office's own ``bulletin.docx`` is read as untrusted data (``read.untrusted``): a bounded
read of a regular file, then its zip checked before docxtpl or python-docx inflate anything
(``check_container``: how many parts, their declared and actual inflated sizes, the ratio, no
DTD in an XML part, within the limits of a Word template below), and its Jinja runs in
jxplan's sandbox (``templating``).

What a template cannot do is done here with python-docx on the filled document: the
columns of the tables sized to their figures, the text put into the requested script
(OpenCC, on the rendered text only), the document's language and properties, and fixed zip
time stamps so that the same data give the same bytes.
"""

from __future__ import annotations

import errno
import io
import os
import zipfile
from pathlib import Path

from ..core import script as scripts
from ..core.resources import packaged
from ..read.untrusted import NotRead, ZipLimits, ZipRefused, inflate, open_zip, read_bounded, refuse_dtd
from .documents import TABLE_COLUMNS
from .docx_adapter import story_element, table_element
from .layout import widths
from .templating import explain, sandbox

TABLE_PT = 10.5
CELL_PAD_MM = 2 * 0.8 + 0.2  # the template's cell margins (0.8 mm each side) and the rule

# The columns of the shipped template's tables, by the caption the template gives each table: the
# printed tables' own (documents.TABLE_COLUMNS), sharing the width of their section's text block
# (156 mm, or 225 mm across the page for the annex).
COLUMNS = {name: TABLE_COLUMNS[name] for name in ("headline", "annex")}
TEXT_WIDTH_MM = 156.0  # GB/T 9704 text block, when a section does not say


def _text_width_mm(tbl) -> float:
    """The width of the text block of the section the table is in (its sectPr is the next one)."""
    from docx.oxml.ns import qn

    found = table_element(tbl).xpath("following::w:sectPr[1]")
    sect = found[0] if found else None
    size = sect.find(qn("w:pgSz")) if sect is not None else None
    mar = sect.find(qn("w:pgMar")) if sect is not None else None
    if size is None or mar is None:  # no section after it, or one without its page's size
        return TEXT_WIDTH_MM
    try:
        twips = int(size.get(qn("w:w"))) - int(mar.get(qn("w:left"))) - int(mar.get(qn("w:right")))
    except (AttributeError, TypeError, ValueError):
        return TEXT_WIDTH_MM
    return round(twips * 25.4 / 1440, 2)


class DocxProblem(Exception):
    """The Word template is missing, broken, or asks for what the context does not have."""


def template_path(template_dir: Path | None, name: str = "bulletin") -> Path:
    """The office's template when anything stands under its name (``read_template`` refuses
    what is not a regular file), else the shipped one."""
    if template_dir is not None and os.path.lexists(Path(template_dir) / f"{name}.docx"):
        return Path(template_dir) / f"{name}.docx"
    return packaged("templates", f"{name}.docx")


# An office's Word template: the shipped one is 44 KB in 22 parts, styles.xml the largest
# (357 KB inflated, 27 to one). A template with pictures (a seal, a logo) is a few MB.
MAX_TEMPLATE_BYTES = 16 * 1024 * 1024  # the .docx file
MAX_PARTS = 500
MAX_PART_BYTES = 32 * 1024 * 1024  # inflated, one part
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # inflated, all parts
MAX_RATIO = 100  # for parts over 1 MB inflated: Word's XML packs 5-40 to one, pictures about one
RATIO_FLOOR = 1024 * 1024
LIMITS = ZipLimits(MAX_PARTS, MAX_PART_BYTES, MAX_TOTAL_BYTES, MAX_RATIO, RATIO_FLOOR)
# characters of one filled part (word/document.xml): 0.5 million for the shipped plan, 49 million
# for a plan of 27,729 targets near the plan's 4 MB cap
MAX_XML = 200_000_000


def read_template(path: Path) -> bytes:
    """The template's bytes, read with a bounded read from a regular file only."""
    try:
        return read_bounded(path, MAX_TEMPLATE_BYTES)
    except NotRead as why:
        raise DocxProblem(_not_read(path, why)) from None


def _not_read(path: Path, why: NotRead) -> str:
    exc = why.error
    if exc is not None:
        said = "文件不存在（或符號鏈接指向的文件不存在）" if exc.errno == errno.ENOENT else \
            f"系統錯誤 {errno.errorcode.get(exc.errno, exc.errno)}" if exc.errno else type(exc).__name__
        return f"{path.name}: 無法讀取模板（{said}）"
    if why.kind == "not-regular":
        return f"{path.name} 不是普通文件"
    return f"{path.name} 超過 {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB；Word 模板不會這麼大"


# what each refusal of the zip guard (read.untrusted) says of an office's Word template
ZIP_WORDS = {
    "not-zip": "{name} 不是可用的 Word 文件（不是 zip 格式；請在 Word 或 WPS 中另存為 .docx）",
    "damaged": "{name} 已損壞（zip 目錄無法讀取）；請在 Word 或 WPS 中重新保存",
    "too-many-parts": "{name} 有 {count:,} 個內部文件（上限 {limit}）；這不是一份 Word 模板",
    "repeated": "{name} 中的「{part}」出現兩次；不同的程序會讀到不同的內容，jxplan 不用它",
    "encrypted": "{name} 的內容已加密；請取消密碼後保存再用",
    "compression": "{name} 用了不常見的壓縮方式（{method}）；請在 Word 或 WPS 中重新保存",
    "too-large": "{name} 中的「{part}」解壓後有 {size:,} 字節（壓縮比 {ratio:,.0f} 倍），"
                 "超出一份 Word 模板的合理範圍（可能是 zip 炸彈）；未解壓，拒絕使用",
    "unreadable": "{name} 已損壞（「{part}」無法解壓）；請在 Word 或 WPS 中重新保存",
    "grew": "{name} 中的「{part}」比目錄所記的大；拒絕使用",
    "dtd": "{name} 中的「{part}」含有 DTD 宣告；Word 不會寫出這種內容，jxplan 不用它",
}


def check_container(raw: bytes, name: str) -> None:
    """Refuse a zip that is not a plain Word document before anything is inflated: the
    central directory first (parts, declared sizes and ratio), then every XML part inflated
    with a capped read, which must hold no DTD (so no entity can expand)."""
    try:
        zf, infos = open_zip(raw, LIMITS)
        with zf:
            names = {info.filename.lower() for info in infos}
            if "word/document.xml" not in names or "[content_types].xml" not in names:
                raise DocxProblem(f"{name} 不是 Word 文件（缺少 word/document.xml）；請在 Word 或 WPS 中另存為 .docx")
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")):
                    refuse_dtd(inflate(zf, info), info)
    except ZipRefused as exc:
        raise DocxProblem(ZIP_WORDS[exc.kind].format(name=name, **exc.facts)) from None


def render_docx(context: dict, template_dir: Path | None, to: str | None, name: str = "bulletin") -> bytes:
    """The filled document's bytes; ``to`` is the script of the output (None: as written)."""
    try:
        from docxtpl import DocxTemplate
    except ImportError:  # pragma: no cover - a dependency
        raise DocxProblem("找不到 docxtpl；請重新安裝 jxplan（pip install -e .）") from None
    path = template_path(template_dir, name)
    if not os.path.lexists(path):
        raise DocxProblem(f"找不到模板 {name}.docx")
    raw = read_template(path)
    check_container(raw, path.name)
    env = sandbox(max_output=MAX_XML, autoescape=True)
    try:
        tpl = DocxTemplate(io.BytesIO(raw))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - docx, zipfile and lxml each raise their own
        raise DocxProblem(f"{path.name} 不是可用的 Word 文件（{type(exc).__name__}）") from None
    try:
        tpl.render(context, env)
    except MemoryError:  # past the memory limit of the process: said by the caller (isolate)
        raise
    except Exception as exc:  # noqa: BLE001 - the template's Jinja, or a template docxtpl cannot take apart
        raise DocxProblem(f"{path.name}: {explain(exc)}") from None
    doc = tpl.docx
    try:
        size_tables(doc)
        if to is not None:
            to_script(doc, to)
        language(doc, to or scripts.detect(context.get("title", "")) or scripts.TEMPLATES_SCRIPT)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx meets a structure it does not expect
        if path == packaged("templates", f"{name}.docx"):
            raise  # the shipped template: an error of jxplan's own, said as one
        raise DocxProblem(f"{path.name} 的結構不完整，jxplan 無法調整填好的文件（{type(exc).__name__}）；"
                          "請在 Word 或 WPS 中打開模板，另存為 .docx 後再用") from None
    if context.get("date_iso"):  # dated as the document is (成文日期), not when it was generated
        import datetime as dt

        when = dt.datetime.fromisoformat(context["date_iso"])
        doc.core_properties.created = doc.core_properties.modified = when
    buf = io.BytesIO()
    doc.save(buf)
    return deterministic(buf.getvalue())


def _caption(tbl) -> str | None:
    """The table's caption (``w:tblCaption``), which names the shipped tables; None when it has no
    properties at all (Word always writes them; a template made by another program may not)."""
    from docx.oxml.ns import qn

    props = table_element(tbl).find(qn("w:tblPr"))
    cap = props.find(qn("w:tblCaption")) if props is not None else None
    return cap.get(qn("w:val")) if cap is not None else None


def size_tables(doc) -> None:
    """Columns as wide as their widest figure or name and their header word; the task column takes the rest.
    A table is sized only when it is one of the shipped ones as the template gives it (its caption, a grid
    of as many columns, a header row of as many cells); any other is left as the template has it."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for tbl in doc.tables:
        name = _caption(tbl) or ""
        cols = COLUMNS.get(name)
        grid = table_element(tbl).find(qn("w:tblGrid"))
        if cols is None or grid is None or len(grid.findall(qn("w:gridCol"))) != len(cols):
            continue
        rows = []
        for tr in table_element(tbl).tr_lst:
            cells = tr.tc_lst
            if len(cells) == len(cols):
                rows.append(["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in cells])
        if not rows:  # every row merged across the table: no column to size
            continue
        headers, rows = rows[0], rows[1:]
        # autospace: the template turns it off, but LibreOffice adds it all the same
        mm = widths(cols, rows, total_mm=_text_width_mm(tbl), font_pt=TABLE_PT, pad_mm=CELL_PAD_MM, autospace=True,
                    headers=headers)
        for gc, w in zip(grid.gridCol_lst, mm, strict=True):
            gc.w = Mm(w)
        for tr in table_element(tbl).tr_lst:
            i = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                tc.width = Mm(sum(mm[i:i + span]))
                i += span


def _text_parts(doc):
    yield doc.element.body
    for section in doc.sections:
        for part in (section.footer, section.even_page_footer, section.first_page_footer,
                     section.header, section.even_page_header, section.first_page_header):
            if not part.is_linked_to_previous:
                yield story_element(part)


def to_script(doc, to: str) -> None:
    """Each paragraph's text converted as a whole (so phrases across runs convert as phrases)."""
    from docx.oxml.ns import qn

    for root in _text_parts(doc):
        for p in root.iter(qn("w:p")):
            nodes = [t for t in p.iter(qn("w:t")) if t.text]
            if not nodes:
                continue
            whole = "".join(t.text for t in nodes)
            converted = scripts.convert(whole, to)
            if converted == whole:
                continue
            if len(converted) == len(whole):  # OpenCC keeps lengths: give each run its own share back
                at = 0
                for t in nodes:
                    t.text, at = converted[at:at + len(t.text)], at + len(t.text)
            else:
                for t in nodes:
                    t.text = scripts.convert(t.text, to)
    for name in doc.styles.element.iter(qn("w:name")):  # the names Word shows in its Styles pane (發文機關標誌)
        given = name.get(qn("w:val")) or ""
        if given and not given.isascii():
            name.set(qn("w:val"), scripts.convert(given, to))
    cp = doc.core_properties
    for attr in ("title", "subject", "comments"):
        setattr(cp, attr, scripts.convert(getattr(cp, attr) or "", to))


def language(doc, script: str) -> None:
    """The East Asian language of the text (spelling, line breaking, fonts chosen by Word), in the
    document defaults: made when the template has none (a template saved by another program may
    lack ``w:docDefaults``; Word reads the file the same either way)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    code = "zh-CN" if script == "simplified" else "zh-TW"
    node = doc.styles.element
    for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr"):
        found = node.find(qn(tag))
        if found is None:
            found = OxmlElement(tag)
            node.insert(0, found)  # each first in its parent, as the schema orders them
        node = found
    lang = node.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        later = [c for c in node if c.tag in (qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath"))]
        later[0].addprevious(lang) if later else node.append(lang)  # in schema order
    lang.set(qn("w:eastAsia"), code)
    doc.core_properties.language = code


def deterministic(data: bytes) -> bytes:
    """The same .docx with fixed zip time stamps and entry order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()
