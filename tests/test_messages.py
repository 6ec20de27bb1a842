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
    assert code == 1 and f"「{meant}」" in hint and f"未知單位「{given}」{hint} [unknown-unit]" in out


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
