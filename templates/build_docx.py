"""Build templates/bulletin.docx, the Word template of the 督辦通報, laid out by GB/T 9704-2012.

Run ``python templates/build_docx.py`` after changing this file; the output is the same
bytes every time, so a diff of the .docx in review means a change here. An office may also
restyle bulletin.docx in Word or WPS and pass its folder with ``--template-dir``: the
Jinja tags ({{ … }}, {%p … %}, {%tr … %}) are the bulletin context of the README.

Page: A4; margins top 37 mm, bottom 35 mm, left (binding) 28 mm, right 26 mm, so the text
block is 156 × 225 mm; a document grid of 22 lines × 28 characters. Body 3號 (16 pt) 仿宋,
title 2號 小標宋, headings 黑體 (一、) and 楷體 (（一）); page numbers 4號 ``— 1 —``, odd
pages right and even pages left, one character in from the edge.

Three sections: the bulletin (portrait); the annex table across the page (橫排, GB/T 9704
10.1: the sheet turned so that the table's head lies on the binding side, its page numbers
where every other page has them, at the foot of the sheet, so turned a quarter in the
landscape page's left margin); and the 版記 at the foot of the last page (portrait).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

from jxplan.render.docx import deterministic  # the same fixed zip stamps as a filled bulletin
from jxplan.render.docx_adapter import (paragraph_element, replace_blob, row_element, run_element, section_element,
                                        story_element, table_element)  # python-docx's private names, in one place

OUT = Path(__file__).with_name("bulletin.docx")

# Fonts as offices have them installed, each with the name Word falls back to when it is
# missing (w:altName in the font table): 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋 …
FANGSONG, XBS, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
ALT = {FANGSONG: ("仿宋", "FangSong"), XBS: ("宋体", "SimSun"), HEITI: ("黑体", "SimHei"),
       KAITI: ("楷体", "KaiTi"), SONGTI: ("宋体", "SimSun")}
RED = RGBColor(0xFF, 0x00, 0x00)
LINE = 579  # twips: 225 mm / 22 lines = 28.95 pt
BODY_PT = 16
TABLE_PT = 10.5
# Digits in tables in Times New Roman (half an em, and metric-compatible Liberation Serif where
# LibreOffice stands in for it), so that the figures' widths are known when sizing columns.
TABLE_LATIN = "Times New Roman"
# 28 characters in 156 mm (442.2 pt) is a pitch of 15.79 pt: 16 pt characters drawn 0.25 pt
# closer (15.75 pt, 28 a line). A character grid (w:charSpace) would do the same in Word, but
# LibreOffice gives a 16 pt character two cells of such a grid and prints 14 characters a line.
CONDENSE = -5  # twentieths of a point


def fonts(rpr, name: str, latin: str | None = None) -> None:
    """Name the fonts of a run (no theme fonts, which would override them); ``latin`` for digits and letters."""
    el = child(rpr, "w:rFonts")
    for attr in list(el.attrib):
        del el.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        el.set(qn(attr), latin if latin and attr != "w:eastAsia" else name)


# Child order that Word enforces (ECMA-376 sequences); an element out of order makes Word call
# the file corrupt, even where LibreOffice reads it.
ORDER = {
    "w:pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"],
    "w:rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
    "w:tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
                "tblCaption", "tblDescription"],
    "w:sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
                 "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
                 "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"],
    "w:trPr": ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
               "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange"],
}


def child(parent, tag: str, **attrs):
    """The child ``tag`` of ``parent`` (made, in schema order, when missing) with ``attrs`` set."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        order = ORDER[parent.tag.replace(qn("w:x")[:-1], "w:")]
        mine = order.index(tag[2:])
        for sib in parent:
            name = sib.tag.rsplit("}", 1)[-1]
            if name in order and order.index(name) > mine:
                sib.addprevious(el)
                break
        else:
            parent.append(el)
    for k, v in attrs.items():
        el.set(qn(k if ":" in k else f"w:{k}"), str(v))
    return el


def ppr_set(ppr, tag: str, **attrs) -> None:
    child(ppr, tag, **attrs)


def style(doc, name: str, *, font: str, pt: float, base: str | None = "Normal", color=None, bold=False,
          align=None, first_chars: int | None = None, line: int | None = LINE, before: int = 0, after: int = 0,
          grid: bool = True, keep_next: bool = False, outline: int | None = None, right_chars: int | None = None,
          latin: str | None = None):
    try:
        st = doc.styles[name]
    except KeyError:
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base and name != base:
        st.base_style = doc.styles[base]
    st.quick_style = True
    f = st.font
    f.size = Pt(pt)
    f.bold = bold
    f.italic = False
    f.color.rgb = color or RGBColor(0, 0, 0)
    fonts(st.element.get_or_add_rPr(), font, latin)
    pf = st.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(before * LINE / 20) if before else Pt(0)
    pf.space_after = Pt(after * LINE / 20) if after else Pt(0)
    pf.keep_with_next = keep_next
    pf.widow_control = True
    ppr = st.element.get_or_add_pPr()
    if line:
        ppr_set(ppr, "w:spacing", line=line, lineRule="exact")
    else:
        ppr_set(ppr, "w:spacing", line=240, lineRule="auto")
    ind = {}
    if first_chars is not None:
        ind.update(firstLineChars=first_chars * 100, firstLine=int(first_chars * BODY_PT * 20))
    if right_chars is not None:
        ind.update(rightChars=right_chars * 100, right=int(right_chars * BODY_PT * 20))
    if ind:
        ppr_set(ppr, "w:ind", **ind)
    if not grid:  # sizes other than the body's would be spread over whole grid cells
        ppr_set(ppr, "w:snapToGrid", val=0)
    if outline is not None:
        ppr_set(ppr, "w:outlineLvl", val=outline)
    return st


def para(doc, text: str = "", style_name: str = "Normal", bold_part: str | None = None):
    """A paragraph; ``bold_part`` (at the start) is a run of its own in bold."""
    p = doc.add_paragraph(style=style_name)
    if bold_part:
        p.add_run(bold_part).bold = True
    if text:
        p.add_run(text)
    return p


def tag(doc, text: str):
    """A paragraph that holds only a docxtpl paragraph tag ({%p … %}); it disappears on rendering."""
    return doc.add_paragraph(text, style="Normal")


def borders(tbl) -> None:
    tblpr = table_element(tbl).tblPr
    child(tblpr, "w:tblW", type="pct", w=5000)
    b = child(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{side}")
        for k, v in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            e.set(qn(f"w:{k}"), v)
        b.append(e)
    child(tblpr, "w:tblLayout", type="fixed")
    mar = child(tblpr, "w:tblCellMar")  # 0.8 mm each side (Word's 1.9 mm leaves too little for the figures)
    for side in ("left", "right"):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:w"), "45")
        e.set(qn("w:type"), "dxa")
        mar.append(e)


def row_props(row, *, header: bool = False) -> None:
    trpr = row_element(row).get_or_add_trPr()
    child(trpr, "w:cantSplit")  # a row never breaks across pages
    if header:  # repeated at the top of every page
        child(trpr, "w:tblHeader")


def keep_with_next(row) -> None:
    """A section's row stays on the page of the rows below it (keep with next on its paragraphs)."""
    for p in row_element(row).iter(qn("w:p")):
        child(p.get_or_add_pPr(), "w:keepNext")


def cell_text(cell, text: str, *, style_name: str = "表格文字", align=None, bold: bool = False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.style = style_name
    if align is not None:
        p.alignment = align
    if text:
        run = p.add_run(text)
        run.bold = bold or None


def table(doc, headers: list[str], rows: list[list], aligns: list, *, name: str):
    """A table: a header row repeated on each page, then ``rows``. A row is a list of cell texts (a data
    row), or a one-item list ``[(text,)]`` holding a docxtpl row tag ({%tr … %}, which takes the whole
    row's place), or ``[(text, style)]``: one cell across the table (a section or a count), kept with
    the rows below it."""
    n = len(headers)
    tbl = doc.add_table(rows=0, cols=n)
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    borders(tbl)
    child(table_element(tbl).tblPr, "w:tblCaption", val=name)  # names the table for the renderer that sizes its columns
    hdr = tbl.add_row()
    row_props(hdr, header=True)
    for c, h in zip(hdr.cells, headers, strict=True):
        cell_text(c, h, style_name="表頭", align=WD_ALIGN_PARAGRAPH.CENTER)
    for spec in rows:
        r = tbl.add_row()
        if len(spec) == 1 and isinstance(spec[0], tuple) and len(spec[0]) == 1:  # a row tag
            cell_text(r.cells[0], spec[0][0])
        elif len(spec) == 1 and isinstance(spec[0], tuple):  # one cell across the table
            row_props(r)
            text, style_name = spec[0]
            cell_text(r.cells[0].merge(r.cells[n - 1]), text, style_name=style_name)
            keep_with_next(r)
        else:
            row_props(r)
            for c, text, al in zip(r.cells, spec, aligns, strict=True):
                cell_text(c, text, align=al)
    return tbl


def page_field(p) -> None:
    """``— PAGE —`` in paragraph ``p``."""
    p.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            run_element(run).append(fc)
        elif text == " PAGE ":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            run_element(run).append(it)
        else:
            run.text = text
    p.add_run(" —")


def imprint_footer(section) -> None:
    """GB/T 9704 7.5: "公文的版記頁前有空白頁的，空白頁和版記頁均不編排頁碼". The 版記's section is
    one even page, with a blank odd page put in before it when the text ends on an even one; whether
    that happens is known only once Word has laid the text out, and the conditional field that would
    tell (IF PAGE = PAGEREF …) is shown by LibreOffice and other programs as its pieces' numbers run
    together. So neither footer of the section numbers a page: the blank page and the 版記 page
    after it are unnumbered as the standard asks, and a 版記 page that follows the text directly is
    unnumbered too (the PDF, laid out by jxplan itself, numbers that one)."""
    for ft in (section.footer, section.even_page_footer):
        ft.is_linked_to_previous = False
        ft.paragraphs[0].style = "頁碼"


def twips(mm: float) -> int:
    return int(round(mm * 1440 / 25.4))


def footer(section, *, even: bool) -> None:
    ft = section.even_page_footer if even else section.footer
    ft.is_linked_to_previous = False
    p = ft.paragraphs[0]
    p.style = "頁碼"
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT if even else WD_ALIGN_PARAGRAPH.RIGHT
    # one character in from the edge
    if even:
        child(paragraph_element(p).get_or_add_pPr(), "w:ind", leftChars=100, left=280)
    else:
        child(paragraph_element(p).get_or_add_pPr(), "w:ind", rightChars=100, right=280)
    page_field(p)


# The landscape pages: the sheet is turned a quarter clockwise to read them, so the paper's top
# margin (天頭 37 mm) is this page's right margin, the paper's foot (35 mm) its left margin, the
# binding side (28 mm) its top. The page number stands where it stands on every other sheet:
# 7 mm below the paper's text block, one character in from its right (odd pages) or left (even
# pages) end; here a one-cell table in the left margin whose text runs top to bottom.
LAND_MARGINS = {"top": 28, "bottom": 26, "left": 35, "right": 37}
PAGENO_PT = 14
PAGENO_GAP_MM = 7.8  # below the text block to the figures, as on the portrait pages


def rotated_footer(section, *, even: bool) -> None:
    ft = section.even_page_footer if even else section.footer
    ft.is_linked_to_previous = False
    body = story_element(ft)
    for el in list(body):
        body.remove(el)
    line = PAGENO_PT * 25.4 / 72  # the number's line, turned: as wide as a character is high
    height = 210 - LAND_MARGINS["top"] - LAND_MARGINS["bottom"]
    tbl = OxmlElement("w:tbl")
    tblpr = OxmlElement("w:tblPr")
    tbl.append(tblpr)
    child(tblpr, "w:tblpPr", leftFromText=0, rightFromText=0, vertAnchor="page", horzAnchor="page",
          tblpX=twips(LAND_MARGINS["left"] - PAGENO_GAP_MM - line), tblpY=twips(LAND_MARGINS["top"]))
    child(tblpr, "w:tblW", w=twips(line), type="dxa")
    child(tblpr, "w:tblLayout", type="fixed")
    mar = child(tblpr, "w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:w"), "0")
        e.set(qn("w:type"), "dxa")
        mar.append(e)
    grid = OxmlElement("w:tblGrid")
    gc = OxmlElement("w:gridCol")
    gc.set(qn("w:w"), str(twips(line)))
    grid.append(gc)
    tbl.append(grid)
    tr = OxmlElement("w:tr")
    trpr = OxmlElement("w:trPr")
    child(trpr, "w:trHeight", val=twips(height), hRule="exact")
    tr.append(trpr)
    tc = OxmlElement("w:tc")
    tcpr = OxmlElement("w:tcPr")
    for tagname, attrs in (("w:tcW", {"w": twips(line), "type": "dxa"}), ("w:textDirection", {"val": "tbRl"}),
                           ("w:vAlign", {"val": "center"})):
        e = OxmlElement(tagname)
        for k, v in attrs.items():
            e.set(qn(f"w:{k}"), str(v))
        tcpr.append(e)
    tc.append(tcpr)
    p = OxmlElement("w:p")
    tc.append(p)
    tr.append(tc)
    tbl.append(tr)
    body.append(tbl)
    from docx.text.paragraph import Paragraph

    para_ = Paragraph(p, ft)
    para_.style = "頁碼"
    # along the turned line, "left" is the top of the landscape page: the paper's left
    para_.alignment = WD_ALIGN_PARAGRAPH.LEFT if even else WD_ALIGN_PARAGRAPH.RIGHT
    if even:
        child(p.get_or_add_pPr(), "w:ind", leftChars=100, left=280)
    else:
        child(p.get_or_add_pPr(), "w:ind", rightChars=100, right=280)
    page_field(para_)
    # a footer ends with a paragraph; this one takes no room
    tail = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    tail.append(ppr)
    child(ppr, "w:spacing", before=0, after=0, line=20, lineRule="exact")
    body.append(tail)


def tiny(p) -> None:
    """A paragraph one point high: an anchor or an end that takes no room."""
    child(paragraph_element(p).get_or_add_pPr(), "w:spacing", line=20, lineRule="exact")


def section_break(doc, last, *, landscape: bool, start=WD_SECTION.NEW_PAGE, numbered: bool = True):
    """End the section at paragraph ``last`` (its properties go into that paragraph, as Word keeps
    them) and begin a new one on a new page (``start``: WD_SECTION.EVEN_PAGE for the next even
    page, a blank page put in before it when needed); returns the new section, portrait or landscape."""
    doc.add_section(start)
    body = doc.element.body
    empty = list(body.iterchildren(qn("w:p")))[-1]
    sect = empty.pPr.find(qn("w:sectPr"))
    paragraph_element(last).get_or_add_pPr().append(sect)
    body.remove(empty)
    sec = doc.sections[-1]
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
        sec.top_margin, sec.bottom_margin = Mm(LAND_MARGINS["top"]), Mm(LAND_MARGINS["bottom"])
        sec.left_margin, sec.right_margin = Mm(LAND_MARGINS["left"]), Mm(LAND_MARGINS["right"])
        rotated_footer(sec, even=False)
        rotated_footer(sec, even=True)
    else:
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
        sec.left_margin, sec.right_margin = Mm(28), Mm(26)
        if numbered:
            footer(sec, even=False)
            footer(sec, even=True)
        else:
            imprint_footer(sec)
    return sec


def font_table(doc) -> None:
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, (alt, english) in ALT.items():
        f = etree.SubElement(root, qn("w:font"))
        f.set(qn("w:name"), name)
        a = etree.SubElement(f, qn("w:altName"))
        a.set(qn("w:val"), alt if alt != name else english)
        cs = etree.SubElement(f, qn("w:charset"))
        cs.set(qn("w:val"), "86")  # GB2312
        fam = etree.SubElement(f, qn("w:family"))
        fam.set(qn("w:val"), "modern" if name in (HEITI,) else "roman")
    replace_blob(part, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def build() -> bytes:
    doc = Document()
    # drop the stock thumbnail (a picture of an English page) and say who made the template
    for rel in [r for r in doc.part.package.rels.values() if r.reltype.endswith("/thumbnail")]:
        del doc.part.package.rels[rel.rId]
    cp = doc.core_properties
    cp.author = "jxplan"
    cp.title = "{{ title }}"
    cp.subject = "督辦通報"
    cp.comments = "由 jxplan 根據季度進度報告生成"
    cp.keywords = ""
    cp.last_modified_by = "jxplan"
    cp.revision = 1
    cp.created = cp.modified = dt.datetime(2012, 1, 1)

    # document defaults: 3號 仿宋, simplified Chinese as the East Asian language (the renderer sets it)
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts(rpr, FANGSONG)
    rpr.find(qn("w:sz")).set(qn("w:val"), str(BODY_PT * 2))
    rpr.find(qn("w:szCs")).set(qn("w:val"), str(BODY_PT * 2))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "zh-TW")
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ppr_set(ppr, "w:spacing", after=0, line=LINE, lineRule="exact")
    # Punctuation may hang in the margin at a full line's end: Word's default, said explicitly for
    # LibreOffice, whose DOCX import reads this element inverted (7.4, and later sources alike: on
    # means "do not hang"). Left to its default, LibreOffice hangs the mark and, after characters
    # drawn closer (CONDENSE), never draws it: six 、，；： were lost from the Q2 bulletin. Stated
    # on, Word hangs as it always did and LibreOffice carries the last character over instead.
    ppr_set(ppr, "w:overflowPunct", val=1)

    normal = style(doc, "Normal", font=FANGSONG, pt=BODY_PT, base=None, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                   first_chars=2)
    child(normal.element.get_or_add_rPr(), "w:spacing", val=CONDENSE)
    # no extra space between Chinese and digits: 28 characters a line whatever the figures
    ppr_set(normal.element.get_or_add_pPr(), "w:autoSpaceDE", val=0)
    ppr_set(normal.element.get_or_add_pPr(), "w:autoSpaceDN", val=0)
    style(doc, "發文機關標誌", font=XBS, pt=36, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER, first_chars=0, line=None,
          grid=False)
    style(doc, "刊名", font=XBS, pt=22, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER, first_chars=0, line=None,
          grid=False, after=1)
    style(doc, "期號", font=FANGSONG, pt=BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, first_chars=0)
    style(doc, "Title", font=XBS, pt=22, align=WD_ALIGN_PARAGRAPH.CENTER, first_chars=0, before=2, after=1,
          grid=False, keep_next=True)
    style(doc, "主送機關", font=FANGSONG, pt=BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_chars=0)
    style(doc, "Heading 1", font=HEITI, pt=BODY_PT, first_chars=2, keep_next=True, outline=0,
          align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    style(doc, "Heading 2", font=KAITI, pt=BODY_PT, first_chars=2, keep_next=True, outline=1,
          align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    style(doc, "分組", font=FANGSONG, pt=BODY_PT, bold=True, first_chars=2, keep_next=True,
          align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    style(doc, "署名", font=FANGSONG, pt=BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT, first_chars=0, right_chars=4,
          keep_next=True)
    style(doc, "附件標識", font=HEITI, pt=BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, first_chars=0, keep_next=True)
    style(doc, "附件標題", font=XBS, pt=22, align=WD_ALIGN_PARAGRAPH.CENTER, first_chars=0, after=1, grid=False,
          keep_next=True)
    style(doc, "表格文字", latin=TABLE_LATIN, font=FANGSONG, pt=TABLE_PT, align=WD_ALIGN_PARAGRAPH.LEFT, first_chars=0, line=None,
          grid=False)
    style(doc, "表頭", latin=TABLE_LATIN, font=HEITI, pt=TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, first_chars=0, line=None,
          grid=False)
    style(doc, "表格分組", latin=TABLE_LATIN, font=HEITI, pt=TABLE_PT, align=WD_ALIGN_PARAGRAPH.LEFT, first_chars=0, line=None,
          grid=False)
    style(doc, "說明", font=FANGSONG, pt=TABLE_PT, align=WD_ALIGN_PARAGRAPH.LEFT, first_chars=0, line=None,
          grid=False)
    style(doc, "版記", font=FANGSONG, pt=14, align=WD_ALIGN_PARAGRAPH.LEFT, first_chars=0, line=None, grid=False)
    style(doc, "頁碼", font=SONGTI, pt=14, align=WD_ALIGN_PARAGRAPH.RIGHT, first_chars=0, line=None, grid=False)
    for name in ("Heading 1", "Heading 2", "Title"):  # no theme colours, borders or fonts left over
        el = doc.styles[name].element
        for tagname in ("w:color", "w:pBdr"):
            for node in el.iter(qn(tagname)):
                if tagname == "w:pBdr":
                    node.getparent().remove(node)
        el.get_or_add_rPr()
        doc.styles[name].font.color.rgb = RGBColor(0, 0, 0)
        for node in list(el.rPr):
            if node.tag in (qn("w:spacing"), qn("w:kern")):
                el.rPr.remove(node)
    font_table(doc)

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.header_distance, sec.footer_distance = Mm(15), Mm(21)
    grid = section_element(sec).find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section_element(sec).append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE))
    doc.settings.odd_and_even_pages_header_footer = True
    footer(sec, even=False)
    footer(sec, even=True)

    # ---- 版頭 ----
    para(doc, "{{ plan.office }}", "發文機關標誌")
    para(doc, "{{ series }}", "刊名")
    p = para(doc, "第{{ issue_no }}期\t{{ number }}\t{{ date }}", "期號")
    tabs = p.paragraph_format.tab_stops
    tabs.add_tab_stop(Mm(78), WD_TAB_ALIGNMENT.CENTER)
    tabs.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    bdr = child(paragraph_element(p).get_or_add_pPr(), "w:pBdr")  # the red rule, as wide as the text block
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", "18"), ("space", "6"), ("color", "FF0000")):
        bottom.set(qn(f"w:{k}"), v)
    bdr.append(bottom)

    # ---- 主體 ----
    # The wording is templates/bulletin.md.j2's, sentence by sentence, from the same context;
    # a test compares the filled document with the Markdown bulletin paragraph by paragraph.
    # the title in the lines the context breaks it into (where the sense allows, GB/T 9704 7.3.1)
    title = doc.add_paragraph(style="Title")
    title.add_run("{% for line in title_lines %}{{ line }}")
    title.add_run("{% if not loop.last %}")
    title.add_run().add_break()
    title.add_run("{% endif %}{% endfor %}")
    tag(doc, "{%p if addressees %}")
    para(doc, "{{ addressees }}", "主送機關")
    tag(doc, "{%p endif %}")
    para(doc, "{{ opening }}")
    # The body: every sentence is made once (render/bulletin.py) as blocks, placed here as the
    # Markdown and HTML templates place them; headings come numbered, empty parts left out.
    L, R = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
    tag(doc, "{%p for b in body %}")
    tag(doc, "{%p if b.kind == 'h1' %}")
    para(doc, "{{ b.text }}", "Heading 1")
    tag(doc, "{%p elif b.kind == 'h2' %}")
    para(doc, "{{ b.text }}", "Heading 2")
    tag(doc, "{%p elif b.kind == 'p' %}")
    para(doc, "{{ b.text }}")
    tag(doc, "{%p elif b.kind == 'group' %}")
    para(doc, "{{ b.text }}", "分組")  # the plan part's title, unnumbered: its own 五、 beside the bulletin's read as a second 五、
    tag(doc, "{%p elif b.kind == 'list' %}")
    tag(doc, "{%p for i in b['items'] %}")
    para(doc, "{{ i.text }}", bold_part="{{ i.strong }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p elif b.kind == 'table' %}")
    table(doc, ["編號", "指標", "年度目標", "序時進度", "實際", "狀態"],
          [[("{%tr for r in headline %}",)],
           ["{{ r.id }}", "{{ r.name }}", "{{ r.goal }}", "{{ r.expected }}", "{{ r.actual }}", "{{ r.label }}"],
           [("{%tr endfor %}",)]],
          [L, L, R, R, R, L], name="headline")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    # 附件說明: one line below the text, two characters in (GB/T 9704 7.3.3), kept with the signature
    enclosure = para(doc, "附件：{{ annex_title }}")
    enclosure.paragraph_format.space_before = Pt(LINE / 20)
    enclosure.paragraph_format.keep_with_next = True
    sig = para(doc, "{{ plan.office }}", "署名")
    sig.paragraph_format.space_before = Pt(LINE / 20)
    date = para(doc, "{{ date }}", "署名")
    date.paragraph_format.keep_with_next = False

    # ---- 附件 ----
    # Across the page (a section of its own). Each section: its tasks with an end-state row by row,
    # then its open-ended tasks counted and those not under way row by row (annex_sections).
    section_break(doc, date, landscape=True)
    para(doc, "附件", "附件標識")
    para(doc, "{{ annex_title }}", "附件標題")
    para(doc, "{{ annex_legend }}", "說明")
    row = ["{{ r.id }}", "{{ r.name }}", "{{ r.lead }}", "{{ r.goal }}", "{{ r.expected }}", "{{ r.actual }}",
           "{{ r.pace }}", "{{ r.label }}"]
    ongoing = "{{ s.ongoing_text }}"
    table(doc, ["編號", "指標", "{{ roles.lead }}", "年度目標", "序時進度", "實際", "進度", "狀態"],
          [[("{%tr for s in annex_sections %}",)],
           [("{{ s.label }}{{ s.title }}", "表格分組")],
           [("{%tr for r in s.rows %}",)], row, [("{%tr endfor %}",)],
           [("{%tr if s.ongoing.total %}",)],
           [(ongoing, "表格文字")],
           [("{%tr for r in s.ongoing_rows %}",)], row, [("{%tr endfor %}",)],
           [("{%tr endif %}",)],
           [("{%tr endfor %}",)]],
          [L, L, L, R, R, R, R, L], name="annex")
    # the table ends its section: Word needs a paragraph after it, keep it empty and small
    after = para(doc, "", "說明")

    # ---- 版記 ----
    # At the foot of the last page (a portrait section of its own): 抄送 and 印發機關,
    # 印發日期 in 4號 仿宋 between rules as wide as the text block, the first and last thicker.
    # The last page is an even one (GB/T 9704 7.4, the back of a sheet): the section starts on the
    # next even page, and Word and LibreOffice put a blank page before it when the annex ends on one.
    section_break(doc, after, landscape=False, start=WD_SECTION.EVEN_PAGE, numbered=False)
    tiny(doc.add_paragraph(style="說明"))  # the page's first line: the 版記 floats below it
    # 抄送 only when there is one (no line to fill in); its rows are a docxtpl condition
    imprint = doc.add_table(rows=4, cols=1)
    tblpr = table_element(imprint).tblPr
    # floating at the foot of the text block; placed from the page's edge, as LibreOffice needs to float
    # a table as wide as the text block (Word places it the same)
    child(tblpr, "w:tblpPr", leftFromText=0, rightFromText=0, vertAnchor="margin", horzAnchor="page",
          tblpX=twips(28), tblpYSpec="bottom")
    child(tblpr, "w:tblW", type="dxa", w=twips(156))
    b = child(tblpr, "w:tblBorders")
    for side, sz in (("top", 8), ("bottom", 8), ("insideH", 6)):  # 0.35 mm, 0.35 mm, 0.25 mm
        e = OxmlElement(f"w:{side}")
        for k, v in (("val", "single"), ("sz", str(sz)), ("space", "0"), ("color", "000000")):
            e.set(qn(f"w:{k}"), v)
        b.append(e)
    child(tblpr, "w:tblLayout", type="fixed")
    mar = child(tblpr, "w:tblCellMar")  # the rules run the whole width; the words stand one character in
    for side in ("left", "right"):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:w"), "0")
        e.set(qn("w:type"), "dxa")
        mar.append(e)
    child(tblpr, "w:tblCaption", val="imprint")
    table_element(imprint).tblGrid.gridCol_lst[0].w = Mm(156)
    if_cc, cc, end_cc, printed = (r.cells[0] for r in imprint.rows)
    cell_text(if_cc, "{%tr if imprint.cc %}", style_name="版記")
    cell_text(end_cc, "{%tr endif %}", style_name="版記")
    char = 20 * 14  # one 4號 character, in twips
    cell_text(cc, "抄送：{{ imprint.cc }}。", style_name="版記")
    # continued lines align with the first name after the colon
    child(paragraph_element(cc.paragraphs[0]).get_or_add_pPr(), "w:ind", leftChars=400, left=4 * char, rightChars=100, right=char,
          hangingChars=300, hanging=3 * char)
    cell_text(printed, "{{ imprint.by }}\t{{ imprint.date }}印發", style_name="版記")
    child(paragraph_element(printed.paragraphs[0]).get_or_add_pPr(), "w:ind", leftChars=100, left=char, rightChars=100, right=char)
    printed.paragraphs[0].paragraph_format.tab_stops.add_tab_stop(Emu(Mm(156) - Pt(14)), WD_TAB_ALIGNMENT.RIGHT)
    for cell in (cc, printed):
        cell.width = Mm(156)
        cell.paragraphs[0].paragraph_format.space_before = Pt(3)
        cell.paragraphs[0].paragraph_format.space_after = Pt(3)
    for r in imprint.rows:
        row_props(r)
    tiny(doc.add_paragraph(style="說明"))  # the body ends with a paragraph

    buf = io.BytesIO()
    doc.save(buf)
    return deterministic(buf.getvalue())


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    target.write_bytes(build())
    print(f"wrote {target}")
