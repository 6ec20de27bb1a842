"""The bulletin as an office reads it: Word through python-docx and LibreOffice, PDF through poppler.

Tests marked slow lay out whole documents (WeasyPrint, LibreOffice); they run in CI, where a
missing tool is a failure, and are skipped elsewhere only when the tool is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SMALL_PLAN, report, write
from test_script import SIMP_ONLY, SIMP_WORDS, TRAD_ONLY

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def need(*tools: str, modules: tuple[str, ...] = ()) -> None:
    """Skip without a tool, except in CI, where every reader of the documents must be there."""
    import importlib.util

    missing = [t for t in tools if not shutil.which(t)] + [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {', '.join(missing)} (.ci/run installs them)")
        pytest.skip(f"not installed: {', '.join(missing)}")


def docx_of(run, tmp_path, *args) -> Path:
    out = tmp_path / "b.docx"
    code, _, err = run("bulletin", *args, "-f", "docx", "-o", out, "--force")
    assert code == 0, err
    return out


# ---------------------------------------------------------------- Word, through python-docx


def test_docx_page_setup_fonts_and_masthead(run, in_root, tmp_path):
    import docx

    d = docx.Document(str(docx_of(run, tmp_path, "-q", "Q2", "--script", "simplified")))
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    grid = s._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}linePitch") == "579"  # 22 lines in 225 mm

    def font(style):
        rf = d.styles[style].element.rPr.find(f"{W}rFonts")
        return rf.get(f"{W}eastAsia"), d.styles[style].font.size.pt

    assert font("Normal") == ("仿宋_GB2312", 16)  # 3號 仿宋
    assert font("Title") == ("方正小标宋简体", 22)  # 2號 小標宋
    assert font("Heading 1") == ("黑体", 16)
    assert font("Heading 2") == ("楷体_GB2312", 16)
    assert d.styles["Normal"].element.rPr.find(f"{W}spacing").get(f"{W}val") == "-5"  # 28 characters a line
    from lxml import etree

    table = etree.fromstring(zipfile.ZipFile(docx_of(run, Path(tmp_path), "-q", "Q2")).read("word/fontTable.xml"))
    alt = {f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val") for f in table if f.find(f"{W}altName") is not None}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["方正小标宋简体"] == "宋体"  # what Word falls back to

    paras = d.paragraphs
    mast = paras[0]
    assert mast.text == "嘉兴市人民政府督查室" and mast.style.name == "发文机关标志"  # its name too, in the document's script
    assert not TRAD_ONLY & set("".join(st.name or "" for st in d.styles))  # Word's Styles pane too
    assert str(mast.style.font.color.rgb) == "FF0000"
    assert paras[1].text == "督办通报"
    assert paras[2].text == "第2期\t嘉政督〔2012〕2号\t2012年7月9日"  # 市環保局 reported on 7 July 9: never dated before it
    rule = paras[2]._p.pPr.find(f"{W}pBdr").find(f"{W}bottom")
    assert rule.get(f"{W}color") == "FF0000"  # the red rule under the masthead
    # the title in two lines broken where the sense allows, not before 的通报
    assert paras[3].text == "关于2012年政府工作要点\n上半年落实情况的通报" and paras[3].style.name == "Title"
    assert paras[4].text == "各县（市、区）人民政府，市政府各部门、直属各单位："
    assert [p.text for p in paras if p.style.name == "Heading 1"] == [
        "一、总体情况", "二、工作进展较好的单位", "三、存在的问题", "四、下一步工作要求"]
    assert [p.text[:3] for p in paras if p.style.name == "Heading 2"] == ["（一）", "（二）", "（三）"]
    text = "\n".join(p.text for p in paras)
    # the counts, as the Markdown bulletin states them
    md = run("bulletin", "-q", "Q2", "--script", "simplified")[1]
    assert "49项量化指标中40项达到序时进度" in text and "49项量化指标中40项达到序时进度" in md
    assert "188项持续推进的工作任务中185项正在推进" in text and "188项持续推进的工作任务中185项正在推进" in md
    # the commended units named in one paragraph, not a paragraph each
    commended = [p.text for p in paras if "予以通报表扬" in p.text]
    assert len(commended) == 1 and "单位共14个，予以通报表扬" in commended[0] and commended[0] in md
    assert "三是市政府督查室将对滞后任务开展重点督查" in text  # the office names itself short in the body
    # 附件说明 before the signature, one line below the text
    enclosure = next(i for i, p in enumerate(paras) if p.text.startswith("附件："))
    assert paras[enclosure].text == "附件：2012年政府工作要点上半年进度表"
    assert [p.style.name for p in paras[enclosure + 1:enclosure + 3]] == ["署名", "署名"]
    assert "新建农村联网公路（第一责任单位：市交通运输局）" in text and "受梅雨影响部分路段延期开工。" in text
    assert "未报送第二季度进度的单位：市安监局。" in text and "未按时报送的单位：市环保局。" in text
    assert [p.text for p in paras if p.style.name == "署名"] == ["嘉兴市人民政府督查室", "2012年7月9日"]
    assert not TRAD_ONLY & set(text)
    assert "{{" not in text and "{%" not in text


def markdown_blocks(md: str) -> list:
    """The Markdown bulletin as the reader sees it: each paragraph, heading or list item as its text,
    each table row as its cells (a row with only its second cell filled, a section or a count, as one)."""
    import re

    def text(s: str) -> str:
        s = re.sub(r"\\(.)", r"\1", s.replace("**", ""))
        return s.replace("&lt;", "<").replace("&gt;", ">")

    out = []
    for line in md.splitlines():
        line = line.strip()
        if not line or re.fullmatch(r"\|( *-+:? *\|)+", line):
            continue
        if line.startswith("|"):
            cells = [text(c.strip()) for c in re.split(r"(?<!\\)\|", line[1:-1])]
            out.append(cells if cells[0] else ["".join(cells)])
        else:
            out.append(text(re.sub(r"^(#+ |- )", "", line)))
    return out


def docx_blocks(path: Path) -> list:
    """The Word bulletin likewise: each non-empty paragraph of the body, each table row as its cells."""
    from lxml import etree

    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml")).find(f"{W}body")
    out = []
    for el in body:
        if el.tag == f"{W}p":
            t = "".join("\t" if x.tag == f"{W}tab" else x.text or "" for x in el.iter(f"{W}t", f"{W}tab")
                        if x.getparent().tag == f"{W}r")
            if t.strip():
                out.append(t)
        elif el.tag == f"{W}tbl":
            caption = el.find(f"{W}tblPr/{W}tblCaption")
            imprint = caption is not None and caption.get(f"{W}val") == "imprint"
            for tr in el.iter(f"{W}tr"):
                cells = ["".join("\t" if x.tag == f"{W}tab" else x.text or "" for x in tc.iter(f"{W}t", f"{W}tab")
                                 if x.getparent().tag == f"{W}r") for tc in tr.iter(f"{W}tc")]
                # the 版記 is a table for its rules; its rows read as the Markdown's lines
                out.append(cells[0].replace("\t", "　") if imprint else cells)
    return out


@pytest.mark.parametrize("q, script", [("Q2", "simplified"), ("Q4", "traditional")])
def test_docx_says_what_the_markdown_bulletin_says(run, in_root, tmp_path, q, script):
    """From the title to the annex's last row, every sentence, list item and table row of the Markdown
    bulletin is in the Word bulletin, word for word and in the same order, and nothing else is."""
    md = markdown_blocks(run("bulletin", "-q", q, "--script", script)[1])
    word = docx_blocks(docx_of(run, tmp_path, "-q", q, "--script", script))
    start = [i for i, b in enumerate(md) if isinstance(b, str) and b.startswith(("关于", "關於"))][0]
    mast, md = md[:start], md[start:]
    assert word[3:] == md
    # the masthead: the same words, laid out as GB/T 9704 has it (office, series, issue, number, date)
    assert word[0] == mast[0] and word[1:3] == [mast[1].split("　")[0], "\t".join(
        [mast[1].split("　")[1], mast[2], mast[1].split("　")[2]])]
    assert len(md) > 150 and any(isinstance(b, list) and len(b) == 8 for b in md)
    # 附件说明 before the signature, and the 版记 last: 抄送 as the plan sets it (nothing to fill in),
    # 印发日期 the 成文日期
    assert md.index("附件") < len(md) - 2
    assert md[-2] in ("抄送：市委办公室，市人大常委会办公室，市政协办公室。", "抄送：市委辦公室，市人大常委會辦公室，市政協辦公室。")
    date = {"Q2": "2012年7月9日", "Q4": "2013年1月9日"}[q]
    assert md[-1] == ("嘉兴市人民政府督查室" if script == "simplified" else "嘉興市人民政府督查室") + f"　{date}印" + (
        "发" if script == "simplified" else "發")


def html_blocks(html: str) -> list:
    """The HTML bulletin as a reader sees it, in the blocks of ``markdown_blocks``: paragraphs, headings
    and list items as text (a line break in a paragraph, as in the signature, ends a block; in the title
    it does not), table rows as their cells."""
    from html.parser import HTMLParser

    class Blocks(HTMLParser):
        def __init__(self):
            super().__init__()
            self.out, self.text, self.cells, self.tag, self.skip = [], None, None, None, 0

        def handle_starttag(self, tag, attrs):
            if tag in ("style", "title"):
                self.skip += 1
            elif tag in ("p", "h1", "h2", "h3", "li", "td", "th"):
                self.text, self.tag = [], tag
            elif tag == "tr":
                self.cells = []
            elif tag == "br" and self.tag in ("p", "li"):
                self.flush()
                self.text = []

        def flush(self):
            t = "".join(self.text or []).strip()
            if t:
                self.out.append(t)

        def handle_endtag(self, tag):
            if tag in ("style", "title"):
                self.skip -= 1
            elif tag in ("td", "th"):
                self.cells.append("".join(self.text).strip())
                self.text = None
            elif tag == "tr":
                self.out.append(self.cells if self.cells[0] or len(self.cells) == 1 else ["".join(self.cells)])
                self.cells = None
            elif tag in ("p", "h1", "h2", "h3", "li") and self.text is not None:
                self.flush()
                self.text = None

        def handle_data(self, data):
            if not self.skip and self.text is not None:
                self.text.append(data.replace("\n", ""))

    parser = Blocks()
    parser.feed(html)
    return parser.out


@pytest.mark.parametrize("q", ["Q2", "Q4"])
def test_html_says_what_the_markdown_bulletin_says(run, in_root, q):
    """The HTML bulletin (and so the PDF) has the Markdown's blocks from the title on, in the same order:
    the same columns in the tables, the same 进度 in the annex, the 附件说明 and the 版记."""
    def body(blocks):
        start = [i for i, b in enumerate(blocks) if isinstance(b, str) and b.startswith("關於")][0]
        # the 印發 line is two ends of one line in print, a space apart in Markdown
        return [b.replace("　", "") if isinstance(b, str) else b for b in blocks[start:]]

    md = body(markdown_blocks(run("bulletin", "-q", q)[1]))
    html = body(html_blocks(run("bulletin", "-q", q, "-f", "html")[1]))
    assert html == md
    assert len(md) > 150


def test_docx_tables_and_page_numbers(run, in_root, tmp_path):
    import docx

    from jxplan.render.layout import text_em

    d = docx.Document(str(docx_of(run, tmp_path, "-q", "Q4")))
    headline, annex, imprint = d.tables
    assert len(headline.rows) == 1 + 10 and [c.text for c in headline.rows[0].cells][:2] == ["編號", "指標"]
    hgrid = [gc.w.mm for gc in headline._tbl.tblGrid.gridCol_lst]
    em = 10.5 * 25.4 / 72
    for col, word in enumerate(c.text for c in headline.rows[0].cells):  # no header word breaks (序時進/度)
        assert hgrid[col] >= text_em(word, autospace=True) * em + 1.8, (word, hgrid[col])
    rows = annex._tbl.tr_lst
    assert rows[0].trPr.find(f"{W}tblHeader") is not None  # header repeated on each page
    assert all(tr.trPr is not None and tr.trPr.find(f"{W}cantSplit") is not None for tr in rows)  # rows never split
    data = [[c.text for c in r.cells] for r in annex.rows[1:] if len(r._tr.tc_lst) == 8]
    import json
    import re

    targets = json.loads(run("status", "-q", "Q4", "-f", "json")[1])["targets"]
    # every task with an end-state once, and of the open-ended ones those not under way (20.10 at Q4)
    shown = [t["id"] for t in targets if not t["open_ended"] or t["status"] not in ("achieved", "on_track")]
    assert len(shown) == 78 + 1 and sorted(r[0] for r in data) == sorted(shown)
    # the open-ended tasks are counted section by section, all 188 of them
    counts = [re.fullmatch(r"持續推進的工作任務(\d+)項，.*。", r.cells[0].text) for r in annex.rows[1:]
              if len(r._tr.tc_lst) == 1]
    assert sum(int(m.group(1)) for m in counts if m) == sum(t["open_ended"] for t in targets) == 188
    grid = [gc.w.mm for gc in annex._tbl.tblGrid.gridCol_lst]
    assert abs(sum(grid) - 225) < 0.5  # across the page: the landscape text block's width
    for col in (2, 3, 4, 5, 6, 7):  # the unit, the figures and the status: each on one line
        # a goal or a ceiling's state in words (完成省下達的目標, 控制在目標範圍內) may wrap in its cell
        cells = [r[col] for r in data if col not in (3, 6) or re.search(r"\d", r[col])]
        widest = max(text_em(c, autospace=True) for c in cells)
        assert grid[col] >= widest * em + 1.8, (col, grid[col], widest)
    assert grid[1] > 65  # the task's name has the room the figures leave (about 18 characters a line)
    # section rows and count rows stay with the rows below them
    merged = [r for r in annex._tbl.tr_lst[1:] if len(r.tc_lst) == 1]
    assert merged and all(r.find(f".//{W}keepNext") is not None for r in merged)
    # page numbers: — PAGE —, odd pages right and even pages left
    assert d.settings.odd_and_even_pages_header_footer
    sec = d.sections[0]
    odd, even = sec.footer.paragraphs[0], sec.even_page_footer.paragraphs[0]
    assert odd.text.startswith("— ") and odd.text.endswith(" —") and "PAGE" in odd._p.xml
    assert odd.alignment == 2 and even.alignment == 0  # RIGHT, LEFT
    assert odd.style.font.size.pt == 14  # 4號
    # three sections: the bulletin, the annex across the page, the 版記 on the last page
    body, land, last = d.sections
    assert (round(land.page_width.mm), round(land.page_height.mm)) == (297, 210)
    # the sheet turned: its binding side (28 mm) is the page's top, its head (37 mm) the page's right
    assert [round(x.mm) for x in (land.top_margin, land.bottom_margin, land.left_margin, land.right_margin)] == [
        28, 26, 35, 37]
    for ft, align in ((land.footer, "right"), (land.even_page_footer, "left")):
        # the number turned a quarter in the left margin, at the paper's foot: odd right, even left
        assert not ft.is_linked_to_previous
        box = ft._element.find(f"{W}tbl")
        assert box.find(f".//{W}textDirection").get(f"{W}val") == "tbRl"
        assert box.find(f".//{W}tblpPr").get(f"{W}horzAnchor") == "page"
        assert box.find(f".//{W}jc").get(f"{W}val") == align and "PAGE" in ft._element.xml
    assert (round(last.page_width.mm), round(last.page_height.mm)) == (210, 297)
    # the 版記's section: no page number on either page (7.5; tests/test_print.py)
    assert not last.footer.is_linked_to_previous and "PAGE" not in last.footer._element.xml
    assert not last.even_page_footer.is_linked_to_previous and "PAGE" not in last.even_page_footer._element.xml
    # the 版記: 抄送 and 印發, between rules, floating at the foot of the text block
    assert [c.text for r in imprint.rows for c in r.cells] == [
        "抄送：市委辦公室，市人大常委會辦公室，市政協辦公室。", "嘉興市人民政府督查室\t2013年1月9日印發"]
    assert imprint._tbl.tblPr.find(f"{W}tblpPr").get(f"{W}tblpYSpec") == "bottom"


def test_docx_element_order_is_what_word_accepts(run, in_root, tmp_path):
    """Word refuses a file whose property elements are out of schema order (LibreOffice does not)."""
    import sys

    sys.path.insert(0, str(ROOT / "templates"))
    try:
        from build_docx import ORDER
    finally:
        sys.path.pop(0)
    path = docx_of(run, tmp_path, "-q", "Q2")
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
            root = etree.fromstring(z.read(name))
            for parent_tag, order in ORDER.items():
                for parent in root.iter(W + parent_tag[2:]):
                    names = [c.tag.rsplit("}", 1)[-1] for c in parent if c.tag.startswith(W)]
                    ranks = [order.index(n) for n in names if n in order]
                    assert ranks == sorted(ranks), (name, parent_tag, names)


def test_docx_is_deterministic_and_the_template_rebuilds_to_the_same_bytes(run, in_root, tmp_path):
    import sys

    a = docx_of(run, tmp_path, "-q", "Q2").read_bytes()
    b = docx_of(run, tmp_path, "-q", "Q2").read_bytes()
    assert a == b
    sys.path.insert(0, str(ROOT / "templates"))
    try:
        import build_docx
    finally:
        sys.path.pop(0)
    assert build_docx.build() == (ROOT / "templates/bulletin.docx").read_bytes(), \
        "templates/bulletin.docx is out of date: run python templates/build_docx.py"


def test_docx_escapes_markup_and_keeps_traditional(run, tmp_path, plan_file):
    import docx

    evil = '<w:p>&amp; {{ plan }} {% if x %}'
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q2", f'- target: "2.1"\n  value: 5\n  reason: {{kind: objective, text: "{evil}"}}\n'))
    out = tmp_path / "b.docx"
    code, _, err = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q2", "-f", "docx", "-o", out)
    assert code == 0, err
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    assert evil in text  # the unit's words, as written, neither markup nor template code
    assert "關於測試計劃上半年落實情況的通報" in text and not SIMP_ONLY & set(text)


def test_docx_template_errors_are_plain(run, in_root, tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t/bulletin.docx").write_bytes(b"not a zip")
    code, out, err = run("bulletin", "-q", "Q2", "-f", "docx", "-o", tmp_path / "b.docx", "--template-dir", tmp_path / "t")
    assert code == 1 and "模板錯誤" in err and "Traceback" not in err
    assert not (tmp_path / "b.docx").exists()
    assert run("decomposition", "-f", "docx", "-o", tmp_path / "d.docx")[0] == 2


def test_pdf_without_weasyprint_says_what_to_install(run, in_root, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    code, out, err = run("bulletin", "-q", "Q2", "-f", "pdf", "-o", tmp_path / "b.pdf")
    assert code == 2 and "pip install -c constraints.txt -e '.[pdf]'" in err and "WeasyPrint" in err and "Traceback" not in err
    assert run("decomposition", "-f", "pdf", "-o", tmp_path / "d.pdf")[0] == 2
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------- PDF and LibreOffice (slow)


def pdf_text(pdf: Path) -> str:
    return "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())


def pdf_text_page(pdf: Path, page: int) -> str:
    return "".join(subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout.split())


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info or "595" in info and "841" in info, info
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def embedded_cjk_fonts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    rows = [line.split() for line in out]
    assert rows and all(r[-5] == "yes" for r in rows), out  # every font embedded
    return [r[0] for r in rows if "CJK" in r[0] or "Song" in r[0] or "Fang" in r[0] or "Hei" in r[0] or "Kai" in r[0]]


def red_share(pdf: Path, tmp_path: Path, page: int = 1, top: float = 0.0, bottom: float = 0.3) -> float:
    """Share of pure-red pixels in a band of a page rendered at 40 dpi (poppler's pdftoppm)."""
    ppm = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "40", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(ppm)],
                   check=True)
    data = (tmp_path / "page.ppm").read_bytes()
    parts = data.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    px = parts[4]
    rows = range(int(h * top), int(h * bottom))
    red = total = 0
    for y in rows:
        line = px[y * w * 3:(y + 1) * w * 3]
        for x in range(0, len(line), 3):
            r, g, b = line[x], line[x + 1], line[x + 2]
            total += 1
            red += r > 180 and g < 90 and b < 90
    return red / total


def cells_of(pdf: Path, lines: bool = False) -> list[list[str]]:
    """Every table row as its cells' text (pdfplumber), after checking that each character lies
    inside the cell its centre is in (a figure that spilled over would cross the rule); ``lines``:
    with the line breaks inside a cell kept."""
    import pdfplumber

    rows = []
    with pdfplumber.open(str(pdf)) as doc:
        for page in doc.pages:
            # the tables' rules are black, shading is not; a row alone between two merged rows (a section
            # row above it, a page break below) has rules a line high
            page = page.filter(lambda o: o.get("object_type") not in ("rect", "line", "curve") or _black(o))
            for table in page.find_tables({"edge_min_length": 10}):
                cells = table.cells
                for ch in page.crop(table.bbox).chars:
                    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
                    home = [c for c in cells if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]]
                    assert home, f"「{ch['text']}」 outside every cell on page {page.page_number}"
                    x0, _, x1, _ = min(home, key=lambda c: (c[2] - c[0]) * (c[3] - c[1]))
                    assert ch["x0"] >= x0 - 0.3 and ch["x1"] <= x1 + 0.3, \
                        f"「{ch['text']}」 crosses its cell's rule on page {page.page_number}: {ch['x0']:.1f}–{ch['x1']:.1f} in {x0:.1f}–{x1:.1f}"
                for row in table.extract():
                    rows.append([(c or "") if lines else (c or "").replace("\n", "") for c in row])
    return rows


def _black(obj) -> bool:
    keys = [k for k, used in (("non_stroking_color", obj.get("fill")), ("stroking_color", obj.get("stroke"))) if used]
    for key in keys:
        c = obj.get(key)
        if isinstance(c, (int, float)):
            c = (c,)
        if c and all(isinstance(v, (int, float)) for v in c):
            if (len(c) == 4 and c[3] > 0.85) or (len(c) in (1, 3) and max(c) < 0.15):
                return True
    return False


def assert_cells_hold_their_figures(rows: list[list[str]], targets: list[dict]) -> None:
    """Each target row of the headline table and the annex has its own figures in its own cells."""
    by_id = {t["id"]: t for t in targets}
    checked = 0
    for cells in rows:
        t = by_id.get(cells[0])
        if t is None:
            continue
        figures = [t["goal"], t["expected"], t["actual"]]
        if len(cells) == 6:  # headline table: id, name, goal, expected, actual, status
            assert cells[1:] == [t["name"], *figures, t["label"]], cells
        elif len(cells) == 8:  # annex: id, name, lead, goal, expected, actual, progress, status
            # 進度 as the Markdown's and Word's: a percentage, a ceiling held or exceeded, or —
            assert cells[1:] == [t["name"], t["lead"], *figures, t["pace"], t["label"]], cells
        else:
            continue
        checked += 1
    assert checked >= len(targets)


def unit_names(plan: Path, script: str | None = None) -> list[str]:
    """Every unit's name as documents print it, and the county governments together."""
    from jxplan.check.pipeline import open_plan
    from jxplan.core.script import convert

    names = [u.name for u in open_plan(plan).index.plan.units] + ["各縣（市、區）政府"]
    return [convert(n, script) if script else n for n in names]


def assert_names_whole(cells: list[str], names: list[str]) -> None:
    """No unit's name is broken across lines inside a cell (``市国土资/源局``); a list of names breaks
    after a 、 if it must."""
    assert cells
    for name in names:
        holding = [c for c in cells if name in c.replace("\n", "")]
        assert all(name in c for c in holding), (name, [c for c in holding if name not in c])


def page_numbers_turned(pdf: Path) -> dict[int, tuple[float, float, float, float]]:
    """The page numbers of the landscape pages: page → the box of its turned characters, in mm."""
    import pdfplumber

    mm = 72 / 25.4
    out = {}
    with pdfplumber.open(str(pdf)) as doc:
        for p in doc.pages:
            turned = [c for c in p.chars if not c.get("upright", True) and c["x1"] < 35 * mm]
            if p.width > p.height and turned:
                out[p.page_number] = tuple(round(v / mm, 1) for v in (
                    min(c["x0"] for c in turned), max(c["x1"] for c in turned),
                    min(c["top"] for c in turned), max(c["bottom"] for c in turned)))
                assert "".join(c["text"] for c in turned).replace(" ", "") == f"—{p.page_number}—"
    return out


def assert_landscape_numbers(pdf: Path) -> None:
    """GB/T 9704 10.1: on the turned sheet the number stands where every page has it, below the
    paper's text block (here: in the left margin, 35 mm), odd pages at the paper's right (the page's
    foot, the text block ending 184 mm down) and even pages at its left (28 mm down), a character in."""
    turned = page_numbers_turned(pdf)
    assert turned
    for page, (x0, x1, top, bottom) in turned.items():
        assert 21 <= x0 and x1 <= 28.5, (page, x0, x1)  # 7 mm and more below the paper's text block
        if page % 2:
            assert 176 <= bottom <= 180, (page, bottom)
        else:
            assert 32 <= top <= 36, (page, top)


def assert_no_heading_row_last(pdf: Path) -> None:
    """No page of a table ends on a section's row (一、努力保持經濟平穩較快增長 alone at the foot):
    it goes over with the rows it heads."""
    import pdfplumber

    checked = 0
    with pdfplumber.open(str(pdf)) as doc:
        for page in doc.pages[:-1]:
            page = page.filter(lambda o: o.get("object_type") not in ("rect", "line", "curve") or _black(o))
            tables = page.find_tables({"edge_min_length": 10})
            if not tables:
                continue
            last = [c for c in tables[-1].extract()[-1] if c]
            checked += 1
            assert len(last) > 2 or last[0].startswith(("持續推進", "持续推进")), (page.page_number, last)
    assert checked


def context_rows(plan: Path, reports: Path, quarter: str) -> list[dict]:
    from jxplan.render.bulletin import bulletin_context
    from jxplan.judge.status import compute
    from jxplan.check.pipeline import open_workspace

    ws = open_workspace(plan, reports)
    qs = ["Q1", "Q2", "Q3", "Q4"][: ["Q1", "Q2", "Q3", "Q4"].index(quarter) + 1]
    ctx = bulletin_context(ws.index, [compute(ws.index, ws.reports, q) for q in qs], number=None, issue_no=None, date=None)
    return [r for s in ctx["annex_sections"] for r in s["rows"] + s["ongoing_rows"]]  # the annex's rows


@pytest.mark.slow
def test_pdf_bulletin_prints_on_a4_with_fonts_embedded(run, in_root, tmp_path):
    need("pdftotext", "pdfinfo", "pdffonts", "pdftoppm", modules=("weasyprint", "pdfplumber"))
    pdf = tmp_path / "b.pdf"
    code, _, err = run("bulletin", "-q", "Q2", "-f", "pdf", "--script", "simplified", "-o", pdf)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    assert 8 <= pdf_pages(pdf) <= 20
    assert embedded_cjk_fonts(pdf)
    text = pdf_text(pdf)
    for w in SIMP_WORDS[:2] + ["关于2012年政府工作要点上半年落实情况的通报", "—1—", "—2—", "市交通运输局"]:
        assert w in text
    assert not TRAD_ONLY & set(text)
    assert red_share(pdf, tmp_path, 1, 0.08, 0.30) > 0.003  # the red masthead and rule
    assert red_share(pdf, tmp_path, 1, 0.45, 0.9) < 0.0005  # and no red in the body text
    rows = cells_of(pdf)
    assert_cells_hold_their_figures(rows, [
        {**r, **{k: r[k] for k in ("name", "lead", "goal", "expected", "actual", "pace", "label")}}
        for r in _simplified(context_rows(ROOT / "plans/2012.yaml", ROOT / "progress", "Q2"))])
    # the annex across the page, numbered as the standard says; the 版记 at the foot of the last page
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        sizes = [(round(p.width), round(p.height)) for p in doc.pages]
        last = doc.pages[-1]
        imprint = [w for w in last.extract_words() if w["text"].startswith(("抄送", "嘉兴市人民政府督查室"))]
        assert len(imprint) == 2 and min(w["top"] for w in imprint) > last.height * 0.75
    assert sizes[0] == (595, 842) and sizes[-1] == (595, 842) and sizes.count((842, 595)) >= 3
    assert_landscape_numbers(pdf)
    assert_no_heading_row_last(pdf)
    # the title's two lines as the sense breaks them
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "关于2012年政府工作要点\n" in first.replace(" ", "") and "上半年落实情况的通报" in first


def _simplified(rows: list[dict]) -> list[dict]:
    from jxplan.core.script import convert

    return [{k: convert(v, "simplified") if isinstance(v, str) else v for k, v in r.items()} for r in rows]


WIDE_PLAN = (SMALL_PLAN
             .replace('{id: "2.1", name: 固定資產投資增長, kind: rate, target: 10, unit: "%"}',
                      '{id: "2.1", name: 固定資產投資增長, kind: rate, target: 1.2, unit: 個百分點}')
             .replace("target: 6000, unit: 萬噸, compare: above", "target: 123456789012.5, unit: 萬千伏安, compare: above")
             .replace("target: 6, unit: 萬人, lead: rsj", "target: 66666666.66, stretch: 88888888.88, unit: 萬標準箱, lead: rsj"))


@pytest.mark.slow
def test_no_cell_overflows_at_any_figure_width(run, tmp_path):
    """Very wide synthetic figures wrap inside their own cells; nothing crosses into the next one."""
    need("pdftotext", modules=("weasyprint", "pdfplumber"))
    plan = write(tmp_path / "plan.yaml", WIDE_PLAN)
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q2", '''
        - target: "2.1"
          value: 1.2
        - target: "2.3"
          value: 98765432109.87
        - target: "5.10"
          value: 40
        '''))
    write(tmp_path / "r/rsj.yaml", report("rsj", "Q2", '- target: "2.2"\n  value: 77777777.77\n'))
    pdf = tmp_path / "b.pdf"
    code, _, err = run("bulletin", "--plan", plan, "--reports", tmp_path / "r", "-q", "Q2", "-f", "pdf", "-o", pdf)
    assert code == 0, err
    rows = cells_of(pdf)
    targets = context_rows(plan, tmp_path / "r", "Q2")
    assert any("123456789012.5" in r["goal"] for r in targets)
    assert_cells_hold_their_figures(rows, targets)
    # and the everyday figures of the shipped plan are never broken at all
    pdf2 = tmp_path / "q2.pdf"
    assert run("bulletin", "--plan", ROOT / "plans/2012.yaml", "--reports", ROOT / "progress", "-q", "Q2", "-f", "pdf",
               "-o", pdf2)[0] == 0
    rows = cells_of(pdf2, lines=True)
    cells = [c for row in rows for c in row]
    for figure in ("1.2個百分點", "超6000萬噸", "突破2000億元", "達到序時進度"):  # all in the Q2 annex
        holding = [c for c in cells if figure in c.replace("\n", "")]
        assert holding and all(figure in c for c in holding), (figure, [c for c in holding if figure not in c])
    # and a unit's name is never broken (市國土資/源局): the annex's 牽頭單位 on one line each
    leads = [r[2] for r in rows if len(r) == 8 and r[0] != "編號"]
    assert len(leads) >= 78 and not any("\n" in c for c in leads)
    assert_names_whole(leads, unit_names(ROOT / "plans/2012.yaml"))


@pytest.mark.slow
def test_decomposition_pdf(run, in_root, tmp_path):
    need("pdftotext", "pdfinfo", "pdffonts", modules=("weasyprint", "pdfplumber"))
    pdf = tmp_path / "d.pdf"
    code, _, err = run("decomposition", "-f", "pdf", "--script", "simplified", "-o", pdf)
    assert code == 0, err
    assert pdf_pages(pdf) >= 3 and embedded_cjk_fonts(pdf)
    text = pdf_text(pdf)
    assert "2012年政府工作要点责任分解方案" in text and "市交通运输局" in text and not TRAD_ONLY & set(text)
    # page 1 opens with the title, which says the assignments are provisional, and no issuer or date
    # under it; then the notice it quotes; the tables follow, across the page
    first = pdf_text_page(pdf, 1)
    assert first.startswith("2012年政府工作要点责任分解方案（暂定）") and first.index("印发通知（原文）") < first.index("各县")
    assert "2012年2月3日" not in text
    rows = cells_of(pdf, lines=True)  # no character across a column rule
    tasks = [r for r in rows if len(r) == 7 and r[0] != "序号"]
    assert [int(r[0]) for r in tasks if r[0]] == list(range(1, 261))  # 序号 beside 编号, 1…260 in the text's order
    assert [r[1] for r in tasks if r[0] in ("11", "16")] == ["1.3", "1.1"]
    units = [c for r in tasks for c in r[5:7]]
    assert len(units) > 200
    assert_names_whole(units, unit_names(ROOT / "plans/2012.yaml", "simplified"))  # 各县（市、区）政府 whole
    assert_landscape_numbers(pdf)
    assert_no_heading_row_last(pdf)


@pytest.mark.slow
def test_docx_opens_in_libreoffice(run, in_root, tmp_path):
    need("soffice", "pdftotext", "pdfinfo", "pdffonts", "pdftoppm", modules=("pdfplumber",))
    path = docx_of(run, tmp_path, "-q", "Q2", "--script", "simplified")
    profile = tmp_path / "lo-profile"
    result = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                            capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "b.pdf"
    assert pdf.exists(), result.stderr
    pages = pdf_pages(pdf)
    assert 8 <= pages <= 20
    assert embedded_cjk_fonts(pdf)
    text = pdf_text(pdf)
    for w in ["嘉兴市人民政府督查室", "督办通报", "关于2012年政府工作要点上半年落实情况的通报", "—1—", "—2—",
              "市发改委", "新建农村联网公路"]:
        assert w in text, w
    assert not TRAD_ONLY & set(text)
    assert red_share(pdf, tmp_path, 1, 0.08, 0.30) > 0.003  # red masthead and rule
    assert red_share(pdf, tmp_path, 1, 0.45, 0.9) < 0.0005
    # the annex starts on a page of its own, and no figure crosses a column rule
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        annex = next(i for i, p in enumerate(doc.pages) if (p.extract_text() or "").lstrip().startswith("附件"))
        assert annex >= 2
    rows = cells_of(pdf, lines=True)
    figures = {r[3] for r in rows if len(r) == 8} | {r[2] for r in rows if len(r) == 6}
    for figure in ("1.2个百分点", "超6000万吨", "2至3万户"):
        assert figure in figures, (figure, sorted(figures)[:20])
    leads = [r[2] for r in rows if len(r) == 8 and r[0] != "编号"]  # the annex's units, each on one line
    assert len(leads) >= 78 and not any("\n" in c for c in leads)
    assert_names_whole(leads, unit_names(ROOT / "plans/2012.yaml", "simplified"))
    assert_landscape_numbers(pdf)
    assert_no_heading_row_last(pdf)  # keep with next on the section rows, as LibreOffice lays them out
    with pdfplumber.open(str(pdf)) as doc:  # the 版记 at the foot of the last page, portrait
        last = doc.pages[-1]
        assert last.width < last.height
        imprint = [w for w in last.extract_words() if w["text"].startswith(("抄送", "嘉兴市人民政府督查室"))]
        assert len(imprint) == 2 and min(w["top"] for w in imprint) > last.height * 0.75
    # page numbers: odd pages right, even pages left
    with pdfplumber.open(str(pdf)) as doc:
        for p in doc.pages[:2]:
            dash = [w for w in p.extract_words() if w["top"] > p.height * 0.85 and w["text"] in ("—", "—1—", "—2—")]
            assert dash, p.page_number
            x = min(w["x0"] for w in dash)
            if p.page_number % 2:
                assert x > p.width / 2
            else:
                assert x < p.width / 2


def test_readme_shows_each_document_with_one_command(run, in_root, tmp_path):
    """The README's commands for the Word and PDF bulletin run as written (output redirected)."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [b for b in re.findall(r"```sh\n(.*?)\n```", readme, re.S) if b.startswith("jxplan ")]
    formats = {c.split("--format ")[1].split()[0]: c for c in commands if "--format" in c}
    assert "docx" in formats and "pdf" in formats
    assert formats["docx"] == "jxplan bulletin --quarter Q2 --format docx --script simplified -o 通报.docx"
    args = shlex.split(formats["docx"])[1:]
    args[args.index("-o") + 1] = str(tmp_path / args[args.index("-o") + 1])
    code, _, err = run(*args)
    assert code == 0, err
    assert (tmp_path / "通报.docx").read_bytes()[:2] == b"PK"
