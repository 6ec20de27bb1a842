"""A clerk's second hour (issue 23): filing forms, re-importing corrections, reading every warning,
and no message pointing at the wrong file, sheet or row."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from conftest import ROOT, report, write
from test_xlsx import blank_form, fill


def lines_of(err: str, code: str) -> list[str]:
    return [x for x in err.splitlines() if x.endswith(f"[{code}]")]


# ---- units as the command line takes them -------------------------------------------------------

@pytest.mark.parametrize("given, meant", [("市國土局", "市國土資源局"), ("国土资源局", "市國土資源局"), ("發改委", "市發改委")])
def test_a_unit_near_a_plan_s_unit_is_suggested_alike_in_a_report_and_on_the_command_line(run, in_root, tmp_path,
                                                                                             given, meant):
    _, _, said = run("status", "--unit", given)
    p = write(tmp_path / "r.yaml", report(given, "Q2", '- {target: "1.3", stage: in_progress}'))
    code, out, _ = run("validate", "--plan", ROOT / "plans/2012.yaml", p)
    hint = said[said.index("；是否指"):said.index("？") + 1]
    # the value is quoted in the office's script, as every word of a message is (here the plan's, traditional)
    from jxplan.core.script import convert

    assert code == 1 and f"「{meant}」" in hint and f"{p}:2:7: 錯誤 未知單位「{convert(given, 'traditional')}」{hint} [unknown-unit]" in out


# ---- two reports of one unit: which is newer -------------------------------------------------

def test_a_second_report_of_a_unit_names_the_newer_by_its_date(run, plan_file, tmp_path):
    old = write(tmp_path / "r/a.yaml", report("rsj", "Q2", '- {target: "2.2", value: 3}', submitted="2012-07-06"))
    new = write(tmp_path / "r/b.yaml", report("rsj", "Q2", '- {target: "2.2", value: 3.2}', submitted="2012-07-03"))
    code, out, _ = run("validate", "--plan", plan_file, tmp_path / "r")
    [line] = lines_of(out, "duplicate-report")
    assert code == 1 and line.startswith(f"{new}:2:7: 錯誤 市人力社保局 的 Q2 報告已在 {old}；")
    assert f"按報送日期，較新的是 {old}（2012-07-06，另一份是 2012-07-03）" in line


def test_two_reports_of_one_date_are_told_apart_by_when_they_were_changed(run, plan_file, tmp_path):
    a = write(tmp_path / "r/a.yaml", report("rsj", "Q2", '- {target: "2.2", value: 3}'))
    b = write(tmp_path / "r/b.yaml", report("rsj", "Q2", '- {target: "2.2", value: 3.2}'))
    when = dt.datetime(2012, 7, 8, 9, 30).timestamp()
    os.utime(a, (when, when))
    os.utime(b, (when - 3600, when - 3600))
    code, out, _ = run("validate", "--plan", plan_file, tmp_path / "r")
    [line] = lines_of(out, "duplicate-report")
    assert f"兩份的報送日期相同；按文件的修改時間，較新的是 {a}（2012-07-08 09:30 修改）" in line
    os.utime(b, (when, when))
    [line] = lines_of(run("validate", "--plan", plan_file, tmp_path / "r")[1], "duplicate-report")
    assert "兩份的報送日期相同，文件的修改時間也分不出先後；請核對後只留一份" in line  # never a guess


def test_two_workbooks_of_one_unit_each_warned_at_its_own_name(run, plan_file, tmp_path):
    # a.xlsx lags without a reason, b.xlsx gives one: the warning belongs to a.xlsx, whose figures
    # the quarter's statuses stand on; it was printed under b.xlsx's name
    lagging = fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": 1}})
    explained = fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": 1, "原因類別": "客觀", "原因說明": "招聘會延期"}})
    (tmp_path / "in").mkdir()
    (tmp_path / "in/a.xlsx").write_bytes(lagging)
    (tmp_path / "in/b.xlsx").write_bytes(explained)
    code, out, _ = run("validate", "--plan", plan_file, tmp_path / "in")
    [line] = lines_of(out, "unexplained-lag")
    assert line.startswith(f"{tmp_path / 'in/a.xlsx'}:6:8: 警告 進度報告!H6：2.2 新增就業")  # 2.2's row, its 原因類別
    (tmp_path / "progress").mkdir()
    code, _, err = run("import", "--plan", plan_file, "-o", tmp_path / "progress", tmp_path / "in/b.xlsx",
                       tmp_path / "in/a.xlsx")
    [line] = lines_of(err, "unexplained-lag")
    assert line.startswith(f"{tmp_path / 'in/a.xlsx'}:") and code == 1
    assert err.count("同為 市人力社保局 Q2 的報告") == 2 and not list((tmp_path / "progress").rglob("*.yaml"))


# ---- a warning at the row it is about --------------------------------------------------------------

def test_a_report_that_leaves_targets_out_is_warned_at_the_first_of_their_rows(run, plan_file, tmp_path):
    form = fill(blank_form(plan_file, "fgw"), {"H6": {"累計完成": 3.9}, "2.1": {"累計完成": 10}})
    (tmp_path / "fgw.xlsx").write_bytes(form)
    code, out, _ = run("validate", "--plan", plan_file, tmp_path / "fgw.xlsx")
    [line] = lines_of(out, "report-incomplete")
    # the rows: H6 (6), 2.1 (7), 2.3 (8)…; 2.3 is the first left out: its 累計完成, never the header row (A5)
    assert line.startswith(f"{tmp_path / 'fgw.xlsx'}:8:6: 警告 進度報告!F8：市發改委 的第二季度報告沒有 2.3、2.5、5.10 的")
    # in YAML, a target the report does not list at all: said at its list of entries, as before
    p = write(tmp_path / "fgw.yaml", report("fgw", "Q2", '- {target: H6, value: 3.9}\n- {target: "2.1", value: 10}'))
    [line] = lines_of(run("validate", "--plan", plan_file, p)[1], "report-incomplete")
    assert line.startswith(f"{p}:6:1: 警告 ")


# ---- import says what it did -------------------------------------------------------------------

def test_import_ends_with_a_count_of_what_it_wrote_left_and_refused(run, plan_file, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "progress").mkdir()
    (tmp_path / "in/rsj.xlsx").write_bytes(fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": 3}}))
    (tmp_path / "in/nhq.xlsx").write_bytes(fill(blank_form(plan_file, "nhq"), {"2.4": {"累計完成": 2000}}))
    (tmp_path / "in/xzq.xlsx").write_bytes(fill(blank_form(plan_file, "xzq"), {"2.4": {"累計完成": "很多"}}))
    books = sorted((tmp_path / "in").glob("*.xlsx"))
    code, _, err = run("import", "--plan", plan_file, "-o", tmp_path / "progress", *books)
    assert code == 1 and err.splitlines()[-1] == "導入結束：寫入 2 份報告，1 個工作簿未導入。"
    # a week later, the office re-imports the folder with xzq's correction: two are as they were
    (tmp_path / "in/xzq.xlsx").write_bytes(fill(blank_form(plan_file, "xzq"), {"2.4": {"累計完成": 800}}))
    code, _, err = run("import", "--plan", plan_file, "-o", tmp_path / "progress", *books)
    assert code == 0 and err.splitlines()[-1] == "導入結束：寫入 1 份報告，2 份與已有的報告相同，沒有改寫。"
    assert sorted(p.name for p in (tmp_path / "progress").rglob("*.yaml")) == ["nhq.yaml", "rsj.yaml", "xzq.yaml"]


# ---- a path that is not there is a usage error ------------------------------------------------------

@pytest.mark.parametrize("args", [("validate", "nosuch/"), ("status", "--reports", "nosuch"), ("bulletin", "--reports", "nosuch"),
                                  ("site", "--reports", "nosuch", "-o", "{tmp}/site"), ("import", "nosuch.xlsx", "-o", "{tmp}")])
def test_a_path_that_is_not_there_is_a_usage_error(run, in_root, tmp_path, args):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = run(*args)
    assert code == 2 and out == "" and err.startswith(f"用法：jxplan {args[0]}") and "nosuch" in err and "不存在" in err


# ---- no English or YAML words for a clerk ----------------------------------------------------------

COMMANDS = ["", "validate", "status", "bulletin", "decomposition", "units", "template", "import", "site", "schema",
            "draft", "explain"]
# what a help page may show in Latin letters: the names of what a clerk types (commands, options and
# their values, formats, file and folder names), of programs, and of the standard the documents follow
TYPED = {"jxplan", "help", "force", "script", "simplified", "traditional", "JXPLAN_SCRIPT", "plan", "plans", "yaml",
         "yml", "xlsx", "docx", "html", "json", "csv", "txt", "pdf", "md", "text", "github", "table", "output",
         "format", "site", "index", "progress", "units", "unit", "template", "quarter", "reports", "status", "all",
         "validate", "schema", "import", "bulletin", "decomposition", "draft", "explain", "update", "trend", "strict",
         "target", "section", "point", "number", "issue", "date", "fail", "behind", "seriously_behind", "version",
         "report", "pager", "less", "dir", "unexplained", "lag", "install", "completion", "show", "id", "name",
         "full_name", "kind", "year", "YAML", "Excel", "WPS", "Word", "PDF", "HTML", "JSON", "Markdown", "Schema",
         "GitHub", "Tab", "shell", "UTF", "GB", "GB18030", "Q1", "Q2", "Q4", "q2", "toml"}


@pytest.mark.parametrize("command", COMMANDS)
def test_help_speaks_chinese_but_for_what_a_clerk_types(run, command):
    import re

    code, out, _ = run(*([command] if command else []), "-h")
    shown = re.sub(r"--?[a-z][a-z-]*|\b[A-Z]{1,2}\d+\b|GB/T", "", out)  # options, cells and ids (F7, S8), the standard
    words = set(re.findall(r"[A-Za-z][A-Za-z_0-9]*", shown)) - TYPED
    assert code == 0 and not words, words
    assert "path:line" not in out and "office_code" not in out and "stderr" not in out and "YYYY" not in out


def _bad_workbooks(plan_file) -> dict[str, bytes]:
    """Workbooks with every kind of slip a clerk makes in one, each as its own file."""
    def edit(cell, value):
        def change(ws):
            ws[cell].value = value
        return change

    fgw = blank_form(plan_file, "fgw")
    return {
        "unknown-target.xlsx": fill(fgw, {"2.1": {"累計完成": 9}}, edit=edit("A7", "9.9")),
        "unknown-unit.xlsx": fill(fgw, {"2.1": {"累計完成": 9}}, edit=edit("B2", "市發改")),
        "wrong-year.xlsx": fill(fgw, {"2.1": {"累計完成": 9}}, edit=edit("D2", 2011)),
        "no-date.xlsx": fill(fgw, {"2.1": {"累計完成": 9}}, submitted=None),
        "text-date.xlsx": fill(fgw, {"2.1": {"累計完成": 9}}, submitted="上週五"),
        "words.xlsx": fill(fgw, {"2.1": {"累計完成": "很多"}, "2.5": {"進度階段": "差不多"}, "H6": {"累計完成": "3‰"},
                                 "2.3": {"累計完成": 900000}, "5.10": {"原因類別": "天氣"}}),
        "lagging.xlsx": fill(fgw, {"2.1": {"累計完成": 2, "備注": "受外需影響"}}),
        "blank.xlsx": fill(fgw, {}),
        "not-responsible.xlsx": fill(blank_form(plan_file, "tjj"), {"2.1": {"累計完成": 9}} if False else {},
                                     edit=edit("F6", 3)),
    }


def test_a_workbook_s_messages_speak_of_cells_sheets_and_columns(run, plan_file, tmp_path):
    import re

    messages = []
    for name, data in _bad_workbooks(plan_file).items():  # each alone: two of one unit would be a duplicate
        (tmp_path / name).write_bytes(data)
        code, out, err = run("validate", "--plan", plan_file, tmp_path / name)
        messages += [line.split(": ", 1)[1].rsplit(" [", 1)[0].replace(str(tmp_path), "")
                     for line in out.splitlines()]
    assert len(messages) >= 12, messages
    for m in messages:
        assert not re.search(r"引號|YAML|字段|鍵|\"|'", m), m
        # Latin letters only for a cell, a target's id, a unit of measure and what a clerk types
        assert not set(re.findall(r"[A-Za-z]{2,}", re.sub(r"[A-Z]{1,3}\d+", "", m))) - {"jxplan", "template", "Excel",
                                                                                          "WPS"}, m


# ---- a workbook's sheet as the workbook names it, at the row concerned ---------------------------

def _simplified(text):
    from jxplan.core.script import convert

    return convert(text, "simplified")


def test_a_simplified_form_is_named_by_its_own_sheet_at_the_target_s_row(run, plan_file, tmp_path):
    code, _, _ = run("template", "--plan", plan_file, "-u", "fgw", "-q", "Q2", "--script", "simplified",
                     "-o", tmp_path / "form.xlsx")
    form = (tmp_path / "form.xlsx").read_bytes()
    (tmp_path / "a.xlsx").write_bytes(fill(form, {"2.1": {"累計完成": 2}}, words=_simplified))  # lags, unexplained
    (tmp_path / "b.xlsx").write_bytes(fill(form, {"2.3": {"累計完成": "很多"}}, words=_simplified))
    for script in ([], ["--script", "traditional"], ["--script", "simplified"]):  # whatever the script of the messages
        code, out, _ = run("validate", "--plan", plan_file, tmp_path / "a.xlsx", *script)
        said = {x.rsplit(" [", 1)[1]: x.split(": ", 1)[1].split("：")[0] for x in out.splitlines()}
        # the rows: H6 (6), 2.1 (7), 2.3 (8): H6 is the first left out, 2.1 lags (its 原因類別, H)
        assert set(said) == {"report-incomplete]", "unexplained-lag]"}, out
        assert said["report-incomplete]"].endswith(" 进度报告!F6") and said["unexplained-lag]"].endswith(" 进度报告!H7"), out
        code, out, _ = run("validate", "--plan", plan_file, tmp_path / "b.xlsx", *script)
        assert code == 1 and "进度报告!F8：" in out and "進度報告" not in out, out
    (tmp_path / "t.xlsx").write_bytes(fill(blank_form(plan_file, "fgw"), {"2.3": {"累計完成": "很多"}}))
    out = run("validate", "--plan", plan_file, tmp_path / "t.xlsx", "--script", "simplified")[1]
    assert "進度報告!F8：" in out  # a traditional form's sheet, named as it is


def test_a_refusal_of_the_layout_names_the_sheet_as_it_is(run, plan_file, tmp_path):
    run("template", "--plan", plan_file, "-u", "fgw", "-q", "Q2", "--script", "simplified", "-o", tmp_path / "f.xlsx")
    form = (tmp_path / "f.xlsx").read_bytes()

    def merged(ws):
        ws.merge_cells("F7:G7")

    def own_sheet(ws):
        ws.parent.create_sheet("补充说明")["A1"] = "2.1 滞后是因为外需下降"

    (tmp_path / "m.xlsx").write_bytes(fill(form, {}, edit=merged, words=_simplified))
    code, out, _ = run("validate", "--plan", plan_file, tmp_path / "m.xlsx", "--script", "traditional")
    assert code == 1 and "进度报告!F7：F7:G7 是合併單元格" in out, out
    (tmp_path / "o.xlsx").write_bytes(fill(form, {"2.1": {"累計完成": 11}}, edit=own_sheet, words=_simplified))
    code, out, _ = run("validate", "--plan", plan_file, tmp_path / "o.xlsx", "--script", "traditional")
    assert "工作表「补充说明」有內容，但只讀取工作表「进度报告」" in out, out


def test_a_copy_of_the_form_is_named_as_excel_names_it(plan_file):
    from test_xlsx import one

    def copy(ws):  # the clerk filled a copy and deleted the original: 進度報告 (2) is the form
        wb = ws.parent
        twin = wb.copy_worksheet(ws)
        wb.remove(ws)
        twin.title = "進度報告 (2)"
        twin["F7"] = "很多"

    doc, problems = one(fill(blank_form(plan_file, "fgw"), {}, edit=copy))
    assert doc.place(("entries", 1, "value")).where == "'進度報告 (2)'!F7"  # as Excel writes it, for its name box


@pytest.mark.parametrize("sheet, ref", [("進度報告", "進度報告!F7"), ("进度报告", "进度报告!F7"), ("Sheet1", "Sheet1!F7"),
                                        ("進度報告 (2)", "'進度報告 (2)'!F7"), ("O'Neil", "'O''Neil'!F7"),
                                        ("2012", "'2012'!F7"), ("AB12", "'AB12'!F7"), ("R1C1", "'R1C1'!F7")])
def test_a_cell_is_named_as_excel_names_it_and_kept_so_in_either_script(sheet, ref):
    from jxplan.core.form_layout import cell_name
    from jxplan.core.script import convert_prose

    assert cell_name(7, 6, sheet) == ref
    line = f"r.xlsx:7:6: 錯誤 {ref}：進度階段「差不多」不是選項 [xlsx-word]"
    assert convert_prose(line, "simplified") == f"r.xlsx:7:6: 错误 {ref}：进度阶段“差不多”不是选项 [xlsx-word]"
    assert convert_prose(line.replace("進度階段", "进度阶段"), "traditional") == line


# ---- a date as Excel keeps it ----------------------------------------------------------------------

@pytest.mark.parametrize("serial, date", [
    (1, dt.date(1900, 1, 1)), (59, dt.date(1900, 2, 28)), (60, None), (61, dt.date(1900, 3, 1)),  # Excel's 29 February 1900
    (41190, dt.date(2012, 10, 8)), (41190.999, dt.date(2012, 10, 8)), (0, None), (-1, None), (0.5, None),
    (2958465, dt.date(9999, 12, 31)), (2958466, None), (float("nan"), None),
])
def test_an_excel_date_serial_is_the_day_excel_shows(serial, date):
    from jxplan.read.xlsx.cells import excel_date

    assert excel_date(serial) == date


def test_a_serial_of_the_1904_date_system_counts_from_its_own_first_day():
    from jxplan.read.xlsx.cells import MAC_1904, excel_date

    # 1,462 days between the systems' first days, 29 February 1900 counted as Excel counts it
    assert excel_date(0, MAC_1904) == dt.date(1904, 1, 1) and excel_date(41190 - 1462, MAC_1904) == dt.date(2012, 10, 8)
    assert excel_date(-1, MAC_1904) is None


def _general(ws):
    ws["H2"].number_format = "General"  # a clerk's Excel shows 41190 there


@pytest.mark.parametrize("typed", [41190, 41190.7291, dt.datetime(2012, 10, 8, 17, 30), "2012-10-08 17:30",
                                   "2012/10/8 17:30:00", "２０１２－１０－０８　１７：３０", "2012年10月8日"])
def test_the_date_cell_is_read_as_the_day_excel_shows(plan_file, typed):
    from test_xlsx import one

    data = fill(blank_form(plan_file, "rsj", "Q3"), {"2.2": {"累計完成": 4.5}}, submitted=typed, edit=_general)
    doc, problems = one(data)
    assert doc.data["submitted"] == dt.date(2012, 10, 8) and problems == []


def test_a_serial_in_a_workbook_of_the_1904_date_system(plan_file):
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    from test_xlsx import one

    def mac(ws):
        _general(ws)
        ws.parent.epoch = CALENDAR_MAC_1904

    doc, problems = one(fill(blank_form(plan_file, "rsj", "Q3"), {"2.2": {"累計完成": 4.5}}, submitted=39728, edit=mac))
    assert doc.data["submitted"] == dt.date(2012, 10, 8) and problems == []  # 41190 in the 1900 system


@pytest.mark.parametrize("typed, general, said", [
    (2012, True, "報送日期填的是數字 2012（當作 Excel 的日期序號是 1905-07-04），不是日期；請填如 2012-10-08 的日期"),
    (60, True, "報送日期填的是數字 60，不是日期；請填如 2012-10-08 的日期"),  # 29 February 1900: no day at all
    (0, True, "報送日期填的是數字 0，不是日期；請填如 2012-10-08 的日期"),
    (-3, True, "報送日期填的是數字 -3，不是日期；請填如 2012-10-08 的日期"),
    (2012, False, "報送日期 1905-07-04 不像送出報告的日期（年份填錯了，或在日期格式的格子裡填了數字）；請填如 2012-10-08 的日期"),
    (dt.time(17, 30), False, "報送日期是時間，不是日期；請填如 2012-10-08 的日期"),
])
def test_a_number_that_is_no_date_is_refused_with_what_it_would_be(plan_file, typed, general, said):
    from test_xlsx import problems_of

    data = fill(blank_form(plan_file, "rsj", "Q3"), {"2.2": {"累計完成": 4.5}}, submitted=typed,
                edit=_general if general else None)
    assert problems_of(data, plan_file) == [f"進度報告!H2：{said} [xlsx-cell]"]  # the Q3 form: Q3's date as the example


def test_a_number_in_a_yaml_report_is_never_a_date(run, plan_file, tmp_path):
    p = write(tmp_path / "r.yaml", report("rsj", "Q3", '- {target: "2.2", value: 4.5}', submitted="41190"))
    code, out, _ = run("validate", "--plan", plan_file, p)
    assert code == 1 and f"{p}:5:12: 錯誤 submitted: 日期應寫成 2012-10-08 的形式，不是「41190」 [schema]" in out, out


# ---- the example date is the quarter's own -----------------------------------------------------------

@pytest.mark.parametrize("quarter, example", [("Q1", "2012-04-05"), ("Q3", "2012-10-08"), ("Q4", "2013-01-05"),
                                              ("第九季度", "2012-04-05")])  # no quarter read: the first's
def test_the_example_date_is_the_reporting_date_of_the_quarter_named(run, plan_file, tmp_path, quarter, example):
    text = report("rsj", "Q1", '- {target: "2.2", value: 1}', submitted="上週五").replace("quarter: Q1", f"quarter: {quarter}")
    p = write(tmp_path / "r.yaml", text)
    code, out, _ = run("validate", "--plan", plan_file, p)
    assert code == 1 and f"日期應寫成 {example} 的形式，不是「上週五」" in out, out
    form = fill(blank_form(plan_file, "rsj", "Q1"), {"2.2": {"累計完成": 1}}, submitted="上週五",
                edit=lambda ws: ws.__setitem__("F2", quarter))
    (tmp_path / "r.xlsx").write_bytes(form)
    code, out, _ = run("validate", "--plan", plan_file, tmp_path / "r.xlsx")
    assert code == 1 and f"日期應寫成 {example} 的形式，不是「上週五」" in out, out


def test_a_date_quoted_from_the_file_is_never_rewritten(plan_file):
    from jxplan.check.plans import load_plan
    from jxplan.check.reports import example_dates
    from jxplan.core.problems import Problem

    plan = load_plan(plan_file).plan
    said = [Problem("r.yaml", 5, 12, "schema", "submitted: 日期應寫成 2012-07-05 的形式，不是「如 2012-07-05」")]
    assert [p.message for p in example_dates(said, plan, "Q3")] == ["submitted: 日期應寫成 2012-10-08 的形式，不是「如 2012-07-05」"]


def test_a_cell_named_inside_a_message_is_on_the_sheet_as_the_workbook_names_it(run, plan_file, tmp_path):
    run("template", "--plan", plan_file, "-u", "fgw", "-q", "Q2", "--script", "simplified", "-o", tmp_path / "f.xlsx")

    def twice(ws):  # 2.1 (row 7) filled again in a row the clerk added
        ws["A12"], ws["F12"] = "2.1", 8

    (tmp_path / "d.xlsx").write_bytes(fill((tmp_path / "f.xlsx").read_bytes(), {"2.1": {"累計完成": 9}}, edit=twice,
                                           words=_simplified))
    for script in ([], ["--script", "traditional"]):
        [line] = lines_of(run("validate", "--plan", plan_file, tmp_path / "d.xlsx", *script)[1], "duplicate-entry")
        assert line.endswith("进度报告!A12：目標 2.1 已在 进度报告!A7 填報；每個目標只能填一次 [duplicate-entry]"), line


def test_a_form_whose_only_figure_cannot_be_read_is_not_said_to_be_blank(plan_file):
    from test_xlsx import problems_of

    data = fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": "=1+"}})  # a formula saved without its value
    said = problems_of(data, plan_file)
    assert [p.rsplit(" [", 1)[1] for p in said] == ["xlsx-formula]"], said  # never 沒有填任何數值 beside it
    assert problems_of(fill(blank_form(plan_file, "fgw"), {}), plan_file) == [  # a form sent back blank still is
        "進度報告!A5：這份報告沒有填任何數值、進度或說明，不算報送；「市發改委」仍列為未報送 [blank-report]"]


def test_a_lead_is_asked_for_the_reason_of_a_total_behind_at_its_row_of_the_form(run, plan_file, tmp_path):
    # 2.4 is reported by its breakdown units; fgw leads it and leaves its row blank, as the form says
    (tmp_path / "r").mkdir()
    (tmp_path / "r/fgw.xlsx").write_bytes(fill(blank_form(plan_file, "fgw"), {
        "H6": {"累計完成": 3.9}, "2.1": {"累計完成": 10}, "2.3": {"累計完成": 3000}, "5.10": {"累計完成": 40},
        "2.5": {"進度階段": "已完成"}}))
    (tmp_path / "r/nhq.xlsx").write_bytes(fill(blank_form(plan_file, "nhq"), {"2.4": {"累計完成": 100}}))
    (tmp_path / "r/xzq.xlsx").write_bytes(fill(blank_form(plan_file, "xzq"), {"2.4": {"累計完成": 1500}}))
    code, out, _ = run("validate", "--plan", plan_file, tmp_path / "r")
    lines = [x for x in lines_of(out, "unexplained-lag") if "fgw.xlsx" in x]
    # fgw's rows: H6 (6), 2.1, 2.3, 2.5, 5.10, 2.4 (11): its 原因類別 there, never the header row (A5)
    assert [x.split(": ", 1)[1].split(" 騰退")[0] for x in lines] == ["警告 進度報告!H11：2.4"], out
