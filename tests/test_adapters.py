"""The adapters to the private API of dependencies (read/xlsx/openpyxl_adapter.py,
render/docx_adapter.py, render/templating/jinja_adapter.py): each checked against the version pinned in constraints.txt. A version
bump fails here first, by name, so that someone reads the adapter against the new source before
jxplan relies on it; then each private name the adapter uses is shown to be there and to do what
the adapter says, on a document made here."""

from __future__ import annotations

import io
import re
from importlib.metadata import version

import pytest

from conftest import ROOT

ADAPTERS = {"openpyxl": "src/jxplan/read/xlsx/openpyxl_adapter.py", "python-docx": "src/jxplan/render/docx_adapter.py",
            "jinja2": "src/jxplan/render/templating/jinja_adapter.py"}


def pinned(package: str) -> str:
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if m and m.group(1).lower().replace("_", "-") == package:
            return m.group(2)
    raise AssertionError(f"{package} is not pinned in constraints.txt")


@pytest.mark.parametrize("package", sorted(ADAPTERS))
def test_each_adapter_runs_on_the_version_it_was_checked_against(package):
    installed, pin = version(package), pinned(package)
    assert installed == pin, (
        f"{package} {installed} is installed, but {ADAPTERS[package]} was checked against {pin} (constraints.txt): "
        f"read the adapter against {package} {installed}'s source, run these tests, then change the pin")


# ---- openpyxl ------------------------------------------------------------------------------------

SHEET = (b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
         b'<row r="2"><c r="B2" s="1"><v>12.5</v></c><c r="C2" t="s"><v>1</v></c></row>')
STRINGS = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
           b"<si><t>\xe7\xb7\xa8\xe8\x99\x9f</t></si><si><t>\xe6\x8e\xa8\xe9\x80\xb2\xe4\xb8\xad</t></si><si><t>x</t></si></sst>")


@pytest.fixture
def book() -> bytes:
    """Two sheets, the first of a heading and a row (a percentage, a drop-down word) whose
    texts are shared strings, as Excel writes them (openpyxl writes inline strings)."""
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "進度報告"
    ws["B2"] = 12.5
    ws["B2"].number_format = "0.0%"
    wb.create_sheet("說明")
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    start, end = sheet.index(b"<sheetData>") + len(b"<sheetData>"), sheet.index(b"</sheetData>")
    parts["xl/worksheets/sheet1.xml"] = sheet[:start] + SHEET + sheet[end:]
    parts["xl/sharedStrings.xml"] = STRINGS
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>'))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_openpyxl_reads_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "openpyxl does not see defusedxml: its XML parser would expand entities"


def test_a_workbook_is_loaded_without_openpyxl_measuring_each_sheet(book, monkeypatch):
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from jxplan.read.xlsx import openpyxl_adapter as opx

    measured = []
    real = ReadOnlyWorksheet.__dict__["_get_size"]
    counting = lambda self: measured.append(self.title) or real(self)  # noqa: E731
    monkeypatch.setattr(ReadOnlyWorksheet, "_get_size", counting)
    openpyxl.load_workbook(io.BytesIO(book), read_only=True).close()
    assert measured == ["進度報告", "說明"]  # what openpyxl does as it opens a workbook: the name is real
    measured.clear()
    wb = opx.load(book, data_only=False)
    assert measured == [] and [ws.max_row for ws in wb.worksheets] == [None, None]
    wb.close()
    assert ReadOnlyWorksheet.__dict__["_get_size"] is counting  # put back once loaded


def test_what_openpyxl_knows_of_a_sheet_by_private_names(book):
    from jxplan.read.xlsx import openpyxl_adapter as opx

    wb = opx.load(book, data_only=False)
    form, help_sheet = wb.worksheets
    assert opx.sheet_part(form) == "xl/worksheets/sheet1.xml" and opx.sheet_part(help_sheet) == "xl/worksheets/sheet2.xml"
    assert opx.shared_strings(form) == ["編號", "推進中", "x"]
    assert opx.cell_styles(form) == 2  # the default style and 0.0%
    assert opx.builtin_formats()[10] == "0.00%"
    wb.close()


def test_the_hooks_see_each_row_each_string_and_each_number_as_openpyxl_reads_them(book):
    from jxplan.read.xlsx import openpyxl_adapter as opx

    wb = opx.load(book, data_only=False)
    ws = wb.worksheets[0]
    rows, numbers = [], []
    opx.watch_rows(ws, lambda row: rows.append([(c["row"], c["column"], c.get("style_id")) for c in row]))
    opx.lookup_strings(ws, lambda strings: [s + "!" for s in strings])

    def strict(cast):
        return lambda text: numbers.append(text) or cast(text)

    with opx.numbers_read_by(strict):
        values = [[c.value for c in row] for row in ws.iter_rows()]
    wb.close()
    assert rows == [[(1, 1, 0)], [(2, 2, 1), (2, 3, 0)]]
    assert values == [["編號!"], [None, 12.5, "推進中!"]] and numbers == ["12.5"]
    from openpyxl.worksheet import _reader

    assert _reader._cast_number("7") == 7  # put back once the block ends


# ---- python-docx ---------------------------------------------------------------------------------

def test_the_elements_python_docx_keeps_behind_private_names():
    from docx import Document
    from docx.oxml.ns import qn

    from jxplan.render import docx_adapter as da

    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    p = doc.add_paragraph()
    run = p.add_run("字")
    section = doc.sections[0]
    assert da.table_element(table).tag == qn("w:tbl") and da.table_element(table).tblPr is not None
    assert da.row_element(table.rows[0]).tag == qn("w:tr")
    assert da.paragraph_element(p).tag == qn("w:p") and da.run_element(run).tag == qn("w:r")
    assert da.section_element(section).tag == qn("w:sectPr")
    section.footer.is_linked_to_previous = False
    assert da.story_element(section.footer).tag == qn("w:ftr")


def test_a_parts_bytes_replaced_are_the_bytes_saved():
    import zipfile

    from docx import Document

    from jxplan.render import docx_adapter as da

    doc = Document()
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    da.replace_blob(part, b"<w:fonts xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'/>")
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(buf) as zf:
        assert zf.read("word/fontTable.xml") == part.blob == b"<w:fonts xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'/>"


# ---- Jinja2 --------------------------------------------------------------------------------------

def test_the_compiler_methods_the_hooks_override_are_jinjas():
    """The hooked compiler overrides CodeGenerator's private ``_output_child_pre`` and
    ``_output_child_post`` (and the public visitors): each is still there, with the arguments
    the hooks pass on, and the code it writes for an output goes through the sandbox's weighing."""
    import inspect

    from jinja2.compiler import CodeGenerator

    from jxplan.render.templating import sandbox
    from jxplan.render.templating.jinja_adapter import _Generator

    for name in ("_output_child_pre", "_output_child_post", "visit_Template", "visit_Concat"):
        ours, theirs = getattr(_Generator, name), getattr(CodeGenerator, name)
        assert list(inspect.signature(ours).parameters) == list(inspect.signature(theirs).parameters), name
    env = sandbox()
    code = env.compile("{% for x in xs %}{{ x ~ 'a' }}{% endfor %}", raw=True)
    assert "environment.jx_iter," in code and "environment.jx_out(" in code and "environment.jx_weigh(" in code
    assert "environment.account(" in code and "environment.jx_pieces(" in code
    assert env.from_string("{% for x in xs %}{{ x ~ 'a' }}{% endfor %}").render(xs=[1, 2]) == "1a2a"
    assert env.steps == 3  # the hooked call of jx_iter, then one step for each of the two items
