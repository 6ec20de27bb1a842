"""Trust for workbooks: every file that is not a plain .xlsx form is refused with one
line, before anything is inflated or parsed where that matters; nothing hangs, nothing
is run, nothing raises. Each refusal has a file of its own, built here or kept in
tests/data/xlsx/ (see its README)."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, report, write
from jxplan import read as sources
from jxplan.check.pipeline import open_plan, open_workspace
from jxplan.check.reports import read_report_bytes
from jxplan.render.workbook import form_workbook
from jxplan.read import xlsx
from jxplan.read.xlsx import cells as xlsx_cells, container as xlsx_container, form as xlsx_form
from jxplan.read.xlsx import formats as xlsx_formats, rawxml as xlsx_rawxml, sheet as xlsx_sheet

DATA = Path(__file__).parent / "data" / "xlsx"
FUZZ = int(os.environ.get("JXPLAN_FUZZ_EXAMPLES", "60"))


@pytest.fixture
def good(plan_file) -> bytes:
    """市人力社保局's Q2 form with 2.2 filled in, saved by openpyxl."""
    from test_xlsx import blank_form, fill

    return fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": 3}})


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def zip_of(parts: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in {**parts, **(extra or {})}.items():
            zf.writestr(name, data)
    return buf.getvalue()


def refusal(data: bytes, name: str = "r.xlsx") -> tuple[str, str]:
    started = time.perf_counter()
    doc, problems = sources.parse(data, name)
    assert time.perf_counter() - started < 2, "a refusal must be quick"
    assert doc is None and len(problems) == 1, problems
    return problems[0].code, problems[0].message


def sheet(parts: dict[str, bytes]) -> str:
    return "xl/worksheets/sheet1.xml"


# ---- the container -----------------------------------------------------------------------------

def test_an_old_xls_is_refused_by_its_name_and_by_its_bytes():
    raw = (DATA / "old.xls").read_bytes()
    assert refusal(raw, "報告.xls") == ("xlsx-format", xlsx.REFUSED[".xls"])
    code, message = refusal(raw, "報告.xlsx")
    assert code == "xlsx-format" and message.startswith("這是舊版 Excel 97-2003（.xls）格式，只是擴展名為 .xlsx")


def test_a_password_protected_workbook_is_refused():
    code, message = refusal((DATA / "encrypted.xlsx").read_bytes())
    assert code == "xlsx-encrypted" and "設了打開密碼" in message


@pytest.mark.parametrize("raw, words", [
    (b"version: 1\nunit: fgw\n", "它看來是文本文件（CSV 或 YAML）"),
    (b"<html><table><tr><td>1</td></tr></table></html>", "它看來是網頁或 XML"),
    (bytes(range(256)) * 4, "它不是 zip 格式"),
])
def test_a_file_that_is_not_a_zip_is_refused(raw, words):
    code, message = refusal(raw)
    assert code == "xlsx-not-zip" and words in message


def test_an_empty_or_truncated_workbook_is_refused(good):
    assert refusal(b"")[0] == "empty"
    assert refusal(good[: len(good) // 2])[0] == "xlsx-damaged"
    assert refusal(zip_of({"hello.txt": b"hi"}))[1].startswith("這個 zip 文件不是 Excel 工作簿")


@pytest.mark.parametrize("suffix", [".xlsm", ".xlsb", ".ods"])  # zips like .xlsx: said by name
def test_other_workbook_formats_are_refused_by_name(good, suffix):
    assert refusal(good, "r" + suffix) == ("xlsx-format", xlsx.REFUSED[suffix])


@pytest.mark.parametrize("suffix", [".xls", ".XLS", ".et"])
def test_a_workbook_renamed_is_said_by_its_bytes_not_its_name(good, suffix):
    code, message = refusal(good, "r" + suffix)
    assert code == "xlsx-format" and message.startswith(
        f"這個文件的內容是 zip 格式（可能是 .xlsx 工作簿），擴展名卻是 {suffix}；") and "改為 .xlsx" in message
    code, message = refusal((DATA / "old.xls").read_bytes(), "r.et")
    assert message.startswith("這是舊版 Excel 97-2003（.xls）格式的工作簿，擴展名為 .et；")


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated(good, monkeypatch):
    parts = parts_of(good)
    big = zip_of(parts, {"xl/media/big.xml": b"\0" * (20 * 1024 * 1024)})  # over the per-part cap
    dense = zip_of(parts, {"xl/media/dense.xml": b"<a/>" * (1024 * 1024)})  # 4 MB at about 1000:1
    many = zip_of(parts, {f"xl/m{i}.xml": b"<a/>" for i in range(xlsx_container.MAX_PARTS)})
    inflated = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: inflated.append(a[0]) or real_open(self, *a, **k))
    for bomb in (big, dense, many):
        assert len(bomb) < 2 * 1024 * 1024
        code, message = refusal(bomb)
        assert code == "xlsx-bomb" and inflated == [], message
    monkeypatch.setattr(xlsx_container, "MAX_TOTAL_BYTES", 8 * 1024)
    assert refusal(good)[0] == "xlsx-bomb" and inflated == []


def test_a_part_of_countless_small_tags_is_refused_before_openpyxl_makes_an_object_of_each(good):
    parts = parts_of(good)
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'  # 5 s when openpyxl read it
               + b"".join(b"<si><t>%d</t></si>" % (i * 7919 % 1000003) for i in range(700_000)) + b"</sst>")
    runs = b"".join(b"<r><t>%d</t></r>" % (i % 9973) for i in range(600_000))  # one cell's rich text: 4.4 s
    shared = {"xl/sharedStrings.xml": strings,
              "[Content_Types].xml": parts["[Content_Types].xml"].replace(b"</Types>", (
                  b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  b'spreadsheetml.sharedStrings+xml"/></Types>')),
              "xl/_rels/workbook.xml.rels": parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
                  b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                  b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))}
    for extra in (shared,
                  {sheet(parts): parts[sheet(parts)].replace(b"</sheetData>", b'<row r="7"><c r="J7" t="inlineStr"><is>'
                                                             + runs + b"</is></c></row></sheetData>")}):
        data = zip_of(parts, extra)
        assert len(data) < 3 * 1024 * 1024
        code, message = refusal(data)
        assert code == "xlsx-bomb" and ("的 XML 有超過 400,000 個標記" in message  # the other parts
                                        or "的工作表合計有超過 400,000 個標記" in message), message  # every sheet


def test_a_directory_that_lies_about_sizes_inflates_no_more_than_it_says(good):
    parts = parts_of(good)
    raw = bytearray(zip_of(parts, {"xl/extra.xml": b"<a>" + b"x" * (8 * 1024 * 1024) + b"</a>"}))
    at = raw.rfind(b"PK\x01\x02", 0, raw.rfind(b"xl/extra.xml") + 1)
    struct.pack_into("<I", raw, at + 24, 100)  # the central directory says 100 bytes inflated
    code, message = refusal(bytes(raw))
    assert code == "xlsx-damaged" and "xl/extra.xml" in message  # stopped at 100 bytes: the CRC cannot match


def test_an_encrypted_zip_entry_and_repeated_part_names_are_refused(good):
    raw = bytearray(good)
    at = raw.find(b"PK\x01\x02")
    struct.pack_into("<H", raw, at + 8, struct.unpack_from("<H", raw, at + 8)[0] | 1)
    assert refusal(bytes(raw))[0] == "xlsx-encrypted"
    parts = parts_of(good)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf, pytest.warns(UserWarning):
        for name, data in parts.items():
            zf.writestr(name, data)
        zf.writestr(sheet(parts), parts[sheet(parts)].replace(b">3<", b">9<"))  # a second sheet1.xml
    code, message = refusal(buf.getvalue())
    assert code == "xlsx-damaged" and "出現兩次" in message


def test_macros_external_links_and_dtds_are_refused(good):
    parts = parts_of(good)
    assert refusal(zip_of(parts, {"xl/vbaProject.bin": b"\0" * 64}))[0] == "xlsx-macro"
    assert refusal(zip_of(parts, {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}))[0] == "xlsx-external-link"
    laughs = (b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&b;</t></si></sst>')
    code, message = refusal(zip_of({**parts, "xl/sharedStrings.xml": laughs}))
    assert code == "xlsx-dtd" and "xl/sharedStrings.xml" in message
    code, message = refusal(zip_of(parts, {"xl/strings.bin": b"\xef\xbb\xbf  " + laughs}))  # XML under any name
    assert code == "xlsx-dtd" and "xl/strings.bin" in message
    doc, problems = sources.parse(zip_of(parts, {"xl/media/image1.png": b"<!DOCTYPE" * 10}), "r.xlsx")
    assert doc is not None and not problems  # a picture is not parsed, whatever its bytes
    strict = parts["xl/workbook.xml"].replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                              b"http://purl.oclc.org/ooxml/spreadsheetml/main")
    code, message = refusal(zip_of({**parts, "xl/workbook.xml": strict}))
    assert code == "xlsx-format" and "Strict Open XML" in message


# ---- what openpyxl would expand, and what Excel saves ------------------------------------------

def _with_sheet(good: bytes, change) -> bytes:
    parts = parts_of(good)
    parts[sheet(parts)] = change(parts[sheet(parts)])
    return zip_of(parts)


def test_a_merge_or_link_over_the_whole_sheet_is_no_hang(good):
    merged = _with_sheet(good, lambda x: x.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                                                      b'<mergeCell ref="A1:XFD1048576"/></mergeCells>'))
    assert refusal(merged)[0] == "xlsx-merged"
    linked = _with_sheet(good, lambda x: x.replace(b"</sheetData>", b'</sheetData><hyperlinks>'
                                                                      b'<hyperlink ref="A1:XFD1048576" display="x"/></hyperlinks>'))
    started = time.perf_counter()
    doc, problems = sources.parse(linked, "r.xlsx")
    assert time.perf_counter() - started < 3 and doc is not None and problems == []
    assert doc.data["entries"] == [{"target": "2.2", "value": 3}]
    far = _with_sheet(good, lambda x: x.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr">'
                                                                   b'<is><t>far</t></is></c></row></sheetData>')
                      .replace(b'<dimension ref="A1:J6"', b'<dimension ref="A1:XFD1048576"'))
    assert refusal(far) == ("xlsx-layout", "進度報告!XFD1048576：表格寫到了第 1,048,576 行，一份進度報告不會超過 5,000 行；"
                                           "請刪除表格下方多餘的行（連同格式）後保存再送")


def _rows(good: bytes, rows: bytes) -> bytes:
    return _with_sheet(good, lambda x: x.replace(b"</sheetData>", rows + b"</sheetData>"))


DAMAGED = "文件已損壞或經過改動，不是 Excel 或 WPS 保存的樣子；請用 Excel 或 WPS 重新保存後再送"


@pytest.mark.parametrize("rows, said", [
    # openpyxl would make the 99,999,993 empty rows between, 20 s and more
    (b'<row r="99999999"><c r="A99999999" t="inlineStr"><is><t>1.1</t></is></c></row>',
     ("xlsx-damaged", "進度報告!A99999999：第 99,999,999 行超出了 Excel 的上限（1,048,576 行）；" + DAMAGED)),
    (b'<row r="5001" ht="20" customHeight="1"/>',  # an empty row with a format is as far
     ("xlsx-layout", "進度報告!A5001：表格寫到了第 5,001 行，一份進度報告不會超過 5,000 行；請刪除表格下方多餘的行（連同格式）後保存再送")),
    (b'<row r="5000"/><row><c t="inlineStr"><is><t>x</t></is></c></row>',  # a row without r follows the one before
     ("xlsx-layout", "進度報告!A5001：表格寫到了第 5,001 行，一份進度報告不會超過 5,000 行；請刪除表格下方多餘的行（連同格式）後保存再送")),
    (b'<row r="7"><c r="XFE7"><v>1</v></c></row>',
     ("xlsx-damaged", "進度報告!XFE7：第 16,385 列超出了 Excel 的上限（XFD 列，即第 16,384 列）；" + DAMAGED)),
    (b'<row r="7"><c r="F99999999"><v>1</v></c></row>',  # a cell placed by its own r, whatever its row says
     ("xlsx-damaged", "進度報告!F99999999：第 99,999,999 行超出了 Excel 的上限（1,048,576 行）；" + DAMAGED)),
    (b'<row r="1e8"><c><v>1</v></c></row>',  # openpyxl would read 1e8 as row 100,000,000
     ("xlsx-damaged", "進度報告!A7：行號「1e8」無效；" + DAMAGED)),
])
def test_a_row_far_past_a_form_is_refused_at_its_cell_before_openpyxl_reads_it(good, rows, said):
    assert refusal(_rows(good, rows)) == said


def test_without_the_scan_openpyxl_still_stops_at_a_forms_last_row(good, monkeypatch):
    monkeypatch.setattr(xlsx_form, "_scan", lambda xml, title: None)
    far = _rows(good, b'<row r="99999999"><c r="A99999999" t="inlineStr"><is><t>1.1</t></is></c></row>')
    assert refusal(far)[1].startswith("進度報告!A5001：表格寫到了第 5,001 行")


def test_a_sheet_of_140000_filled_rows_is_refused_in_one_line(good):
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>9.%d</t></is></c><c r="F%d"><v>%d</v></c></row>'
                    % (r, r, r, r, r) for r in range(7, 140_007))
    data = _rows(good, rows)
    assert len(data) < 2 * 1024 * 1024  # under the file cap; its 1.7 million tags are past every sheet's budget
    assert refusal(data) == ("xlsx-bomb", "工作簿的工作表合計有超過 400,000 個標記（到「xl/worksheets/sheet1.xml」為止），"
                                          "一份進度報告表格只有幾千個；請刪除表格下方多餘的行和多餘的工作表（連同格式）後保存再送")
    tall = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>9.%d</t></is></c></row>' % (r, r, r) for r in range(7, 20_007))
    assert refusal(_rows(good, tall)) == ("xlsx-layout", "進度報告!A5001：表格寫到了第 5,001 行，一份進度報告不會超過 5,000 行；"
                                                         "請刪除表格下方多餘的行（連同格式）後保存再送")
    wide = b"".join(b'<row r="%d">%s</row>' % (r, b"".join(b'<c r="%s%d"><v>1</v></c>' % (c.encode(), r)
                                                           for c in "KLMNOPQRSTUVWXYZ")) for r in range(7, 4007))
    code, message = refusal(_rows(good, wide))
    assert (code, message) == ("xlsx-layout", "工作表「進度報告」有超過 50,000 個單元格，一份進度報告只有幾百個；"
                                              "請刪除多餘的行和列（連同格式）後保存再送")


def test_a_form_as_programs_write_it_takes_the_quick_scan_and_the_full_one_agrees(good):
    big = form_workbook(open_plan(ROOT / "plans/2012.yaml").index, "phs", "Q2")  # 98 rows, 951 cells
    for data in (good, big):
        xml = parts_of(data)["xl/worksheets/sheet1.xml"]
        assert xlsx_rawxml._as_written(xml)
        xlsx_rawxml._scan_tags(xml, "進度報告")  # no refusal
    odd = parts_of(good)["xl/worksheets/sheet1.xml"].replace(b'<c r="F6"', b"<c  r='F6'")
    assert not xlsx_rawxml._as_written(odd)
    xlsx_rawxml._scan_tags(odd, "進度報告")


def _f6(good: bytes, change) -> bytes:
    return _with_sheet(good, lambda x: change(x, b'<c r="F6" s="9" t="n"><v>3</v></c>'))


@pytest.mark.parametrize("change, said", [
    (lambda x, f6: x.replace(f6, f6 + f6.replace(b">3<", b">9<")), "進度報告!F6：這一格在文件中出現了兩次"),
    (lambda x, f6: x.replace(f6, f6 + f6.replace(b'r="F6"', b'r="&#70;6"').replace(b">3<", b">9<")),
     "進度報告!F6：這一格在文件中出現了兩次"),  # the same place, written with a character reference
    (lambda x, f6: x.replace(f6, b'<c s="9" t="n"><v>9</v></c>' + f6),
     "進度報告!F6：這一格在文件中出現了兩次"),  # a cell without r is the one after the cell before it: F6
    (lambda x, f6: x.replace(f6, f6 + b'<x r="F6"><v>9</v></x>'), "進度報告!F6：這一格在文件中出現了兩次"),  # any tag
    (lambda x, f6: x.replace(b"</sheetData>", x[x.index(b'<row r="6"'):x.index(b"</sheetData>")].replace(b">3<", b">9<")
                             + b"</sheetData>"), "進度報告!A6：第 6 行在文件中出現了兩次"),
    (lambda x, f6: x.replace(b'<row r="6"', b'<row r="9"><c r="J9" t="inlineStr"><is><t>x</t></is></c></row><row r="6"'),
     "進度報告!A6：第 6 行寫在第 9 行之後"),  # openpyxl would drop row 6
    (lambda x, f6: x.replace(b'<row r="6" ht="15" customHeight="1">', b'<row r="7">'),
     "進度報告!A6：這一格寫在第 7 行的數據裡"),
])
def test_a_cell_or_row_written_twice_is_refused_at_its_cell(good, change, said):
    code, message = refusal(_f6(good, change))
    assert code == "xlsx-damaged" and message.startswith(said) and message.endswith(DAMAGED), message


def _merged(good: bytes, ref: bytes) -> bytes:
    return _with_sheet(good, lambda x: x.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="'
                                                   + ref + b'"/></mergeCells>'))


def test_a_merge_from_a1_is_named_at_its_cell_like_any_other(good):
    doc, problems = sources.parse(_merged(good, b"A1:XFD4"), "r.xlsx")
    assert doc is None and [str(p) for p in problems] == [
        "r.xlsx:1:1: 進度報告!A1：A1:XFD4 是合併單元格；請取消合併（每格只填一項）後保存再送 [xlsx-merged]"]


@pytest.mark.parametrize("tag", [
    b'<mergeCell ref="&#70;6:F7"/>',  # F6:F7 written with a character reference
    b'<mergeCell ref="&#x46;6:&#x46;7"/>',
    b"<mergeCell ref='F6:F7'/>",
    b'<mergeCell\n  ref = "F6:F7"></mergeCell>',
    b'<x:mergeCell xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ref="F6:F7"/>',
    b'<\xe4\xb8\xad:mergeCell xmlns:\xe4\xb8\xad="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ref="F6:F7"/>',
    b'<mergeCell xmlns:q="urn:q" q:a=">" ref="F6:F7"/>',
    b'<mergeCell ref="f6:$F$7"/>',
])
def test_a_merge_is_read_as_an_xml_parser_reads_it(good, tag):
    merged = _with_sheet(good, lambda x: x.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">' + tag
                                                   + b"</mergeCells>"))
    assert refusal(merged) == ("xlsx-merged", "進度報告!F6：F6:F7 是合併單元格；請取消合併（每格只填一項）後保存再送")


@pytest.mark.parametrize("ref", [b"F6 :F7", b"F6:F7:F8", b"&#1;", b"F0:F7", b"&bogus;", b""])
def test_a_merge_that_cannot_be_read_is_refused_not_passed_over(good, ref):
    assert refusal(_merged(good, ref))[0] in ("xlsx-damaged", "xlsx-merged")  # openpyxl's reading may refuse it first
    with pytest.raises(xlsx_rawxml._Refused) as refused:
        xlsx_rawxml._merges(b'<mergeCells><mergeCell ref="' + ref + b'"/></mergeCells>')
    assert refused.value.message.startswith("合併單元格的範圍「") and refused.value.message.endswith(DAMAGED)


@pytest.mark.parametrize("stored", [b"1e999", b"-1E400", b"123456789012345678901234567890"])
def test_a_stored_number_no_figure_can_be_is_refused_at_its_cell(good, stored):
    data = _with_sheet(good, lambda x: x.replace(b'<c r="F6" s="9" t="n"><v>3</v>',
                                                 b'<c r="F6" s="9" t="n"><v>' + stored + b"</v>"))
    doc, problems = sources.parse(data, "r.xlsx")
    assert [p.code for p in problems] == ["xlsx-cell"] and problems[0].message.startswith("進度報告!F6：這一格的數值")


def test_a_locale_format_the_file_does_not_write_out_is_refused_never_read_as_a_number(good):
    """Chinese Excel saves 7月3日 typed in a cell as its serial 41093 with the built-in format 58
    (m"月"d"日"), which no file spells out: openpyxl calls it General and would read 41093."""
    parts = parts_of(good)
    styles = parts["xl/styles.xml"].decode()
    xfs = styles.index("<cellXfs")
    starts = [m.start() for m in re.finditer("<xf ", styles[xfs:])]
    at = xfs + starts[9]  # F6 has s="9"
    end = styles.index(">", at)
    parts["xl/styles.xml"] = (styles[:at] + re.sub(r'numFmtId="\d+"', 'numFmtId="58"', styles[at:end]) + styles[end:]).encode()
    parts[sheet(parts)] = parts[sheet(parts)].replace(b'<c r="F6" s="9" t="n"><v>3</v>', b'<c r="F6" s="9" t="n"><v>41093</v>')
    doc, problems = sources.parse(zip_of(parts), "r.xlsx")
    assert [(p.code, p.message) for p in problems] == [("xlsx-cell", "進度報告!F6：這一格用了 Excel 按地區而定的內置格式"
                                                        "（文件中沒有寫明，多為中文日期），jxplan 無法確定它顯示什麼；"
                                                        "請把單元格格式設為「常規」「數值」或「日期」後重填")]


def test_a_formula_gives_the_value_excel_saved_with_it(good):
    cached = _with_sheet(good, lambda x: re.sub(rb'(<c r="F6"[^>]*>)<v>3</v>', rb"\1<f>1+2</f><v>3</v>", x))
    assert cached != good
    doc, problems = sources.parse(cached, "r.xlsx")
    assert problems == [] and doc.data["entries"] == [{"target": "2.2", "value": 3}]


# ---- the size cap, the folder, the cache and every core ----------------------------------------

def test_a_workbook_over_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * (sources.WORKBOOK_MAX_BYTES))
    monkeypatch.setattr(sources, "parse", lambda raw, path: pytest.fail("parsed"))
    raw, problem = read_report_bytes(big)
    assert raw is None and problem.code == "file-too-large" and "超過上限 2 MB" in problem.message


def test_a_reports_folder_reads_workbooks_skips_lock_files_and_names_an_old_xls(plan_file, tmp_path, good, run):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "rsj.xlsx").write_bytes(good)
    (folder / "~$rsj.xlsx").write_bytes(b"\x06clerk" + b"\0" * 159)  # Excel's lock file while it is open
    (folder / ".~lock.rsj.xlsx#").write_text("clerk,host", encoding="utf-8")  # LibreOffice's
    code, out, err = run("status", "--plan", plan_file, "--reports", folder, "-f", "json")
    assert code == 0, err
    (folder / "fgw.xls").write_bytes((DATA / "old.xls").read_bytes())
    code, out, err = run("status", "--plan", plan_file, "--reports", folder)
    assert code == 1 and f"{folder / 'fgw.xls'}:1:1: 錯誤 {xlsx.REFUSED['.xls']} [xlsx-format]" in err


def test_cold_and_warm_runs_agree_and_a_cached_workbook_still_points_at_its_cells(plan_file, tmp_path, good,
                                                                                   monkeypatch):
    monkeypatch.setenv("JXPLAN_CACHE", "on")
    monkeypatch.setenv("JXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "r"
    (folder).mkdir()
    (folder / "b.xlsx").write_bytes(good)
    write(folder / "a.yaml", report("rsj", "Q2", '- {target: "2.2", value: 3}'))
    cold = open_workspace(plan_file, folder)
    calls = []
    real = sources.parse
    monkeypatch.setattr(sources, "parse", lambda raw, path: calls.append(path) or real(raw, path))
    warm = open_workspace(plan_file, folder)
    assert cold.problems == warm.problems and calls == []  # nothing parsed again: the plan too is cached
    dup = [p for p in warm.problems if p.code == "duplicate-report"]
    assert [(Path(p.path).name, p.line, p.col) for p in dup] == [("b.xlsx", 2, 2)]
    assert dup[0].message.startswith("進度報告!B2：市人力社保局 的 Q2 報告已在")


def test_help_and_yaml_only_runs_never_import_openpyxl():
    code = ("import sys; from jxplan import cli; from jxplan.check.pipeline import open_workspace; "
            "ws = open_workspace('plans/2012.yaml', 'progress'); assert ws.ok; "
            "sys.argv = ['jxplan', '--help']\n"
            "try:\n    cli.app()\nexcept SystemExit:\n    pass\n"
            "assert not [m for m in sys.modules if m.startswith('openpyxl')], 'openpyxl imported'")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "JXPLAN_CACHE": "off"}, timeout=120)
    assert done.returncode == 0, done.stderr


# ---- fuzz: damaged bytes, damaged XML, any number format -----------------------------------------

FORMAT_PIECES = ["0", "#", "?", ".", ",", "%", ";", "@", "E+", "e-", "/", " ", "_)", "*-", "\\%", '"畝"', '" %"', '"',
                 "[Red]", "[>=100]", "[$¥-804]", "[$-804]", "[h]", "[DBNum1]", "[", "]", "General", "G/通用格式",
                 "yyyy", "m", "-", "(", ")", "萬", "k", "\\"]


@settings(max_examples=FUZZ * 5, deadline=None)
@given(pieces=st.lists(st.sampled_from(FORMAT_PIECES), max_size=12),
       value=st.one_of(st.integers(-10**15 + 1, 10**15 - 1), st.floats(-1e15, 1e15, exclude_max=True, exclude_min=True,
                                                                        allow_nan=False), st.text(max_size=5)))
def test_any_number_format_gives_a_reading_or_a_refusal_never_an_error(pieces, value):
    try:
        shown = xlsx_formats._display(xlsx_cells._Cell(value, "n", "".join(pieces) or "General"))
    except xlsx_formats._Refused as refused:
        assert refused.message.endswith(("後重填", "請核對單位與位數")), refused.message
        return
    assert shown is None or isinstance(shown, str) or isinstance(shown, xlsx_formats.Num)



@settings(max_examples=FUZZ, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_damaged_workbooks_are_refused_or_read_never_raised(good, data):
    parts = parts_of(good)
    name = data.draw(st.sampled_from(sorted(n for n in parts if n.endswith(".xml"))))
    xml = bytearray(parts[name])
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(xml) - 1))
        xml[at: at + data.draw(st.integers(0, 8))] = data.draw(st.binary(max_size=8))
    damaged = zip_of({**parts, name: bytes(xml)})
    flipped = bytearray(good)
    flipped[data.draw(st.integers(0, len(good) - 1))] ^= data.draw(st.integers(1, 255))
    for raw in (damaged, bytes(flipped)):
        started = time.perf_counter()
        doc, problems = sources.parse(raw, "r.xlsx")
        assert time.perf_counter() - started < 3
        assert doc is not None or (problems and all(p.is_error for p in problems))


# ---- issue 18: every sheet one budget, constant work a cell, parts known by their type ----------

def _extra_sheets(good: bytes, rows: bytes, n: int = 30) -> bytes:
    """``good`` with ``n`` more sheets whose data is ``rows``, as a program would add them."""
    parts = parts_of(good)
    sheets = rels = types = b""
    for i in range(n):
        parts[f"xl/worksheets/extra{i}.xml"] = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                                b"<sheetData>" + rows + b"</sheetData></worksheet>")
        sheets += (b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                   b'name="x%d" sheetId="%d" r:id="rIdX%d"/>' % (i, 100 + i, i))
        rels += (b'<Relationship Id="rIdX%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 b'worksheet" Target="worksheets/extra%d.xml"/>' % (i, i))
        types += (b'<Override PartName="/xl/worksheets/extra%d.xml" ContentType="application/vnd.openxmlformats-'
                  b'officedocument.spreadsheetml.worksheet+xml"/>' % i)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</sheets>", sheets + b"</sheets>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>",
                                                                                      rels + b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", types + b"</Types>")
    return zip_of(parts)


def test_other_sheets_are_told_from_their_xml_never_walked_row_by_row(good, monkeypatch):
    # thirty sheets each with a row at 1 and one at 1,048,576: openpyxl made the million rows
    # between for each (26-57 s, 540 MB); only the form sheet is ever read by openpyxl now
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    walked = []
    real = ReadOnlyWorksheet._cells_by_row
    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row",
                        lambda self, *a, **k: walked.append(self.title) or real(self, *a, **k))
    far = _extra_sheets(good, b'<row r="1"/><row r="1048576"/>')
    assert len(far) < 70_000
    doc, problems = sources.parse(far, "r.xlsx")
    assert doc is not None and problems == [] and set(walked) == {"進度報告"}
    filled = _extra_sheets(good, b'<row r="1048576"><c r="B1048576" t="inlineStr"><is><t>\xe8\xaa\xaa</t></is></c></row>', 2)
    doc, problems = sources.parse(filled, "r.xlsx")
    assert [p.message[:14] for p in problems] == ["工作表「x0」有內容，但只讀", "工作表「x1」有內容，但只讀"]


@pytest.mark.parametrize("cell, holds", [
    (b'<c r="A1"/>', False),
    (b'<c r="A1" s="3"></c>', False),
    (b'<c r="A1" t="inlineStr"><is><t>\xe2\x81\xa0 </t></is></c>', False),  # U+2060 and a space: nothing shown
    (b'<c r="A1" t="s"><v>0</v></c>', False),  # a shared string of spaces
    (b'<c r="A1" t="s"><v>1</v></c>', True),
    (b'<c r="A1" t="s"><v>-1</v></c>', True),  # no such string: said, not passed over
    (b'<c r="A1"><v>0</v></c>', True),
    (b'<x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c>', True),
    (b'<c r="A1"><f>1+1</f></c>', True),
    (b'<c r="A1" t="inlineStr"><is><t>&#x4e2d;</t></is></c>', True),
])
def test_a_sheet_holds_something_when_a_cell_shows_something(cell, holds):
    assert xlsx_rawxml._holds_value(b"<sheetData><row r=\"1\">" + cell + b"</row></sheetData>", ["  ", "說明"]) is holds


def test_the_sheets_together_have_one_budget(good):
    # thirty sheets of 20,000 empty rows: 1.4 MB, each sheet well within a form's bounds, all
    # together far past them; openpyxl reads each sheet to its end as it opens the workbook
    many = _extra_sheets(good, b"".join(b'<row r="%d"/>' % r for r in range(1, 20_001)))
    assert len(many) < sources.WORKBOOK_MAX_BYTES
    code, message = refusal(many)
    assert code == "xlsx-bomb" and "工作表合計有超過 400,000 個標記" in message


def test_a_number_too_large_for_its_date_format_is_said_for_each_cell_in_one_pass(good, monkeypatch):
    # 2,000 of them: each compiled a pattern and searched the sheet for its cell, 43-69 s
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>9.%d</t></is></c><c r="F%d" s="4"><v>%d</v></c></row>'
                    % (r, r, r, r, 10 ** 12 + r) for r in range(7, 2007))
    passes = []
    real = xlsx_form._stored_numbers
    monkeypatch.setattr(xlsx_form, "_stored_numbers", lambda xml: passes.append(1) or real(xml))
    doc, problems = sources.parse(_rows(good, rows), "r.xlsx")
    said = [p for p in problems if "日期格式" in p.message]
    assert len(passes) == 1 and len(said) == 2000
    assert said[0].message == "進度報告!F7：這一格是日期格式，填的卻是數字 1000000000007，不是日期；請填如 2012-07-05 的日期"
    assert (said[-1].line, said[-1].col) == (2006, 6) and "1000000002006" in said[-1].message


@pytest.mark.parametrize("index", [b"-1", b"-2", b"7"])
def test_a_shared_string_index_that_names_no_string_is_refused_at_its_cell(good, index):
    # -1 read the last string of the workbook, as Python counts from the end
    parts = parts_of(good)
    parts["xl/sharedStrings.xml"] = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                     b"<si><t>12</t></si><si><t>\xe5\xae\x8c\xe6\x88\x90</t></si></sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>'))
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    parts[sheet(parts)] = parts[sheet(parts)].replace(b'<c r="F6" s="9" t="n"><v>3</v>',
                                                      b'<c r="F6" s="9" t="s"><v>' + index + b"</v>")
    doc, problems = sources.parse(zip_of(parts), "r.xlsx")
    assert doc is None and [(p.code, p.line, p.col) for p in problems] == [("xlsx-damaged", 6, 6)]
    assert problems[0].message.startswith(f"進度報告!F6：這一格引用了第 {int(index)} 個共享字符串，工作簿中卻沒有它")


VBA = b"application/vnd.ms-office.vbaProject"
LINK = b"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"
LINK_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink"


@pytest.mark.parametrize("change, code", [
    # a macro project stored as a picture, declared by its content type
    (lambda p: {"xl/media/image1.png": b"\0" * 64, "[Content_Types].xml": p["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/media/image1.png" ContentType="' + VBA + b'"/></Types>')}, "xlsx-macro"),
    (lambda p: {"[Content_Types].xml": p["[Content_Types].xml"].replace(  # every .dat a macro project, by default
        b"</Types>", b'<Default Extension="dat" ContentType="' + VBA + b'"/></Types>'), "xl/a.dat": b"\0"}, "xlsx-macro"),
    (lambda p: {"[Content_Types].xml": p["[Content_Types].xml"].replace(  # the type written with character references
        b"</Types>", b'<Default Extension="dat" ContentType=\'application/vnd.ms-office.vba&#x50;roject\'/></Types>')},
     "xlsx-macro"),
    (lambda p: {"xl/workbook.xml": p["xl/workbook.xml"], "[Content_Types].xml": p["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"spreadsheetml.sheet.main+xml").replace(  # an .xlsm renamed
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")}, "xlsx-macro"),
    (lambda p: {"xl/macro1.xml": b"<xm:macrosheet xmlns:xm='x'/>", "xl/_rels/workbook.xml.rels": p[  # Excel 4.0 macros
        "xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", b'<Relationship Id="rId77" Type="http://schemas.'
                                              b'microsoft.com/office/2006/relationships/xlMacrosheet" Target="macro1.xml"/>'
                                              b"</Relationships>")}, "xlsx-macro"),
    # a link to another workbook stored under another name, by its content type or its relationship
    (lambda p: {"xl/data/figures.xml": b"<externalLink/>", "[Content_Types].xml": p["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/data/figures.xml" ContentType="' + LINK + b'"/></Types>')},
     "xlsx-external-link"),
    (lambda p: {"xl/data/figures.xml": b"<externalLink/>", "xl/_rels/workbook.xml.rels": p[
        "xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", b'<Relationship Id="rId78" Type="' + LINK_REL
                                              + b'" Target="data/figures.xml"/></Relationships>')}, "xlsx-external-link"),
])
def test_macros_and_links_are_known_by_their_type_not_their_name(good, change, code):
    parts = parts_of(good)
    assert refusal(zip_of({**parts, **change(parts)}))[0] == code


def test_a_formula_into_another_workbook_is_refused_at_its_cell_whatever_value_it_saved(good):
    # the part that names the other workbook may be gone; the formula and its stale figure remain
    linked = _with_sheet(good, lambda x: re.sub(rb'(<c r="F6"[^>]*>)<v>3</v>', rb"\1<f>[1]Sheet1!A1</f><v>5.5</v>", x))
    doc, problems = sources.parse(linked, "r.xlsx")
    assert [(p.code, p.line, p.col) for p in problems] == [("xlsx-external-link", 6, 6)]
    assert "引用了其他工作簿" in problems[0].message
    quoted = _with_sheet(good, lambda x: re.sub(rb'(<c r="F6"[^>]*>)<v>3</v>',
                                                "\\1<f>'C:\\\\報表\\\\[全年.xlsx]表1'!B2</f><v>5.5</v>".encode(), x))
    assert [p.code for p in sources.parse(quoted, "r.xlsx")[1]] == ["xlsx-external-link"]


@pytest.mark.parametrize("char", ["\u2060", "\u3164", "\u2800", "\ufeff", "\u115f", "\u00ad"])
def test_a_form_whose_only_content_is_an_invisible_character_is_blank(plan_file, tmp_path, run, char):
    from test_xlsx import blank_form, fill

    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "rsj.xlsx").write_bytes(fill(blank_form(plan_file, "rsj"), {"2.2": {"備注": char}}))
    write(folder / "tjj.yaml", report("tjj", "Q2", '- {target: H1, value: 5}'))
    code, out, err = run("status", "--plan", plan_file, "--reports", folder, "-q", "Q2", "-f", "json")
    assert code == 0 and "[blank-report]" in err
    assert [u["missing"] for u in json.loads(out)["units"] if u["id"] == "rsj"] == [True]


@pytest.mark.parametrize("cell, said", [
    # a style the workbook does not have: -1 is the last one, as Python counts (a percentage, a date)
    (b'<c r="F6" s="-1" t="n"><v>0.112</v></c>', "進度報告!F6：這一格的樣式（第 -1 號）在工作簿中沒有"),
    (b'<c r="F6" s="99999" t="n"><v>3</v></c>', "進度報告!F6：這一格的樣式（第 99999 號）在工作簿中沒有"),
    # numbers as no spreadsheet program writes them, which Python's int() and float() take
    (b'<c r="F6" s="9" t="n"><v>1_000</v></c>', "進度報告!F6：這一格的數值「1_000」不是 Excel 寫出的數字"),
    ('<c r="F6" s="9" t="n"><v>١٢</v></c>'.encode(), "進度報告!F6：這一格的數值「١٢」不是 Excel 寫出的數字"),
    (b'<c r="F6" s="9" t="n"><v> 12</v></c>', "進度報告!F6：這一格的數值「 12」不是 Excel 寫出的數字"),
    (b'<c r="F6" s="9" t="n"><v>nan</v></c>', "進度報告!F6：這一格的數值「nan」不是 Excel 寫出的數字"),
    (b'<c r="F6" s="9" t="n"><v>' + b"9" * 5000 + b"</v></c>", "進度報告!F6：這一格的數值「99999999999999999999」"),
])
def test_a_cell_that_names_a_style_or_writes_a_number_no_program_writes_is_refused_at_its_cell(good, cell, said):
    code, message = refusal(_with_sheet(good, lambda x: x.replace(b'<c r="F6" s="9" t="n"><v>3</v></c>', cell)))
    assert code == "xlsx-damaged" and message.startswith(said) and message.endswith(DAMAGED), message


def test_numbers_as_programs_write_them_are_read_as_before(good):
    for stored, read in ((b"3", 3), (b"-0.5", "-0.5"), (b"1.5E+3", 1500), (b"2.5e-2", "0.025"), (b".5", "0.5")):
        doc, problems = sources.parse(_with_sheet(good, lambda x, stored=stored: x.replace(b"<v>3</v></c><c r=\"G6\"",
                                                                            b"<v>" + stored + b"</v></c><c r=\"G6\"")), "r.xlsx")
        assert problems == [] and str(doc.data["entries"][0]["value"]) == str(read), stored


def test_many_sheets_of_one_part_are_looked_at_once_and_named_in_a_few_lines(good, monkeypatch):
    parts = parts_of(good)
    ns = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</sheets>", b"".join(
        b'<sheet %s name="s%d" sheetId="%d" r:id="rId2"/>' % (ns, i, 100 + i) for i in range(3000)) + b"</sheets>")
    looked = []
    real = xlsx_sheet._holds_value
    monkeypatch.setattr(xlsx_sheet, "_holds_value", lambda xml, strings: looked.append(1) or real(xml, strings))
    doc, problems = sources.parse(zip_of(parts), "r.xlsx")
    assert len(looked) == 1 and len(problems) == xlsx_form.MAX_UNHEADED + 1
    assert problems[-1].message == "還有 2,990 張工作表有內容，都不會被讀取（只讀取工作表「進度報告」）"


# ---- a refusal names the sheet as the workbook names it ----------------------------------------------

def _renamed(data: bytes, name: str) -> bytes:
    parts = parts_of(data)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace('name="進度報告"'.encode(), f'name="{name}"'.encode())
    return zip_of(parts)


@pytest.mark.parametrize("name, ref", [("进度报告", "进度报告!A5001"), ("進度報告 (2)", "'進度報告 (2)'!A5001")])
def test_a_refusal_inside_the_sheet_names_it_as_the_workbook_does(good, name, ref):
    far = _renamed(_rows(good, b'<row r="5001"><c r="A5001" t="inlineStr"><is><t>1.1</t></is></c></row>'), name)
    assert refusal(far) == ("xlsx-layout", f"{ref}：表格寫到了第 5,001 行，一份進度報告不會超過 5,000 行；"
                                           "請刪除表格下方多餘的行（連同格式）後保存再送")
    wide = b"".join(b'<row r="%d">%s</row>' % (r, b"".join(b'<c r="%s%d"><v>1</v></c>' % (c.encode(), r)
                                                           for c in "KLMNOPQRSTUVWXYZ")) for r in range(7, 4007))
    assert refusal(_renamed(_rows(good, wide), name))[1].startswith(f"工作表「{name}」有超過 50,000 個單元格")


def test_a_table_for_the_drafter_names_the_sheet_of_a_cell_refused(good):
    from jxplan.read.xlsx import read_sheets

    far = _renamed(_rows(good, b'<row r="5001"><c r="A5001" t="inlineStr"><is><t>1.1</t></is></c></row>'), "表2")
    sheets, problems = read_sheets(far, "t.xlsx")
    assert sheets is None and [p.message for p in problems] == [
        "表2!A5001：工作表「表2」超出了讀取的範圍（至多 5,000 行、50,000 個單元格）；請刪除多餘的行和列（連同格式）後保存再送"]
