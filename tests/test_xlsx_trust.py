"""Trust for workbooks: every file that is not a plain .xlsx form is refused with one
line, before anything is inflated or parsed where that matters; nothing hangs, nothing
is run, nothing raises. Each refusal has a file of its own, built here or kept in
tests/data/xlsx/ (see its README)."""

from __future__ import annotations

import io
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
from jxplan import sources
from jxplan.pipeline import open_plan, open_workspace, read_report_bytes
from jxplan.render.workbook import form_workbook
from jxplan.sources import xlsx

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


@pytest.mark.parametrize("suffix", [".xlsm", ".xlsb", ".et", ".ods"])
def test_other_workbook_formats_are_refused_by_name(good, suffix):
    assert refusal(good, "r" + suffix) == ("xlsx-format", xlsx.REFUSED[suffix])


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated(good, monkeypatch):
    parts = parts_of(good)
    big = zip_of(parts, {"xl/media/big.xml": b"\0" * (20 * 1024 * 1024)})  # over the per-part cap
    dense = zip_of(parts, {"xl/media/dense.xml": b"<a/>" * (1024 * 1024)})  # 4 MB at about 1000:1
    many = zip_of(parts, {f"xl/m{i}.xml": b"<a/>" for i in range(xlsx.MAX_PARTS)})
    inflated = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: inflated.append(a[0]) or real_open(self, *a, **k))
    for bomb in (big, dense, many):
        assert len(bomb) < 2 * 1024 * 1024
        code, message = refusal(bomb)
        assert code == "xlsx-bomb" and inflated == [], message
    monkeypatch.setattr(xlsx, "MAX_TOTAL_BYTES", 8 * 1024)
    assert refusal(good)[0] == "xlsx-bomb" and inflated == []


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
    far = _with_sheet(good, lambda x: x.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr">'
                                                                   b'<is><t>far</t></is></c></row></sheetData>')
                      .replace(b'<dimension ref="A1:J6"', b'<dimension ref="A1:XFD1048576"'))
    for data in (linked, far):
        started = time.perf_counter()
        doc, problems = sources.parse(data, "r.xlsx")
        assert time.perf_counter() - started < 3 and doc is not None and problems == []
        assert doc.data["entries"] == [{"target": "2.2", "value": 3}]


def _merged(good: bytes, ref: bytes) -> bytes:
    return _with_sheet(good, lambda x: x.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="'
                                                   + ref + b'"/></mergeCells>'))


def test_a_merge_from_a1_is_named_at_its_cell_like_any_other(good):
    doc, problems = sources.parse(_merged(good, b"A1:XFD4"), "r.xlsx")
    assert doc is None and [str(p) for p in problems] == [
        "r.xlsx:1:1: 進度報告!A1：A1:XFD4 是合併單元格；請取消合併（每格只填一項）後保存再送 [xlsx-merged]"]


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


def test_workbooks_parsed_on_every_core_say_what_they_say_here(plan_file, tmp_path, monkeypatch):
    from test_xlsx import EXPECTED, FILLED, blank_form, fill, statuses

    from jxplan import pipeline

    folder = tmp_path / "r"
    folder.mkdir()
    for uid, rows in FILLED.items():
        (folder / f"{uid}.xlsx").write_bytes(fill(blank_form(plan_file, uid), rows))
    here = statuses(open_workspace(plan_file, folder))
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert statuses(open_workspace(plan_file, folder)) == here and here[0] == EXPECTED


def test_help_and_yaml_only_runs_never_import_openpyxl():
    code = ("import sys; from jxplan import cli; from jxplan.pipeline import open_workspace; "
            "ws = open_workspace('plans/2012.yaml', 'progress'); assert ws.ok; "
            "sys.argv = ['jxplan', '--help']\n"
            "try:\n    cli.app()\nexcept SystemExit:\n    pass\n"
            "assert not [m for m in sys.modules if m.startswith('openpyxl')], 'openpyxl imported'")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "JXPLAN_CACHE": "off"}, timeout=120)
    assert done.returncode == 0, done.stderr


# ---- fuzz: damaged bytes, damaged XML ---------------------------------------------------------

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
