"""The office's own folder (issue 20, point 4): the plan is found, never assumed; one setting
chooses the script of everything jxplan writes and says."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SMALL_PLAN, report, write
from jxplan.core import script

# Another office's plan: a district's, for 2023, in simplified script, with units Jiaxing's plan
# does not have (so a report checked against Jiaxing's plan would be refused by name).
OTHER = (script.convert(SMALL_PLAN, "simplified")
         .replace("2012", "2023").replace("2013", "2024")
         .replace("测试计划", "莲都区重点工作").replace("嘉兴市人民政府", "丽水市莲都区人民政府")
         .replace("{id: fgw, name: 市发改委,", "{id: qfg, name: 区发改局,")
         .replace("lead: fgw", "lead: qfg"))
JIAXING = ["嘉興", "嘉兴", "市國土資源局", "市国土资源局", "市發改委", "市发改委"]


def other_report(unit: str, quarter: str = "Q2", entries: str = '- target: "2.1"\n  value: 6\n', year: int = 2023) -> str:
    text = report(unit, quarter, entries, year=year)
    return text.replace("2012-", f"{year}-").replace("2013-", f"{year + 1}-")


def office(root, plans: dict[str, str] | None = None, reports: dict[str, str] | None = None,
           settings: str | None = None):
    """An office's folder: plans/…, progress/… and a jxplan.toml, as given."""
    for name, text in (plans or {}).items():
        write(root / "plans" / name, text)
    for name, text in (reports or {}).items():
        write(root / "progress" / name, text)
    if settings is not None:
        write(root / "jxplan.toml", settings)
    return root


def jiaxing_in(text: str) -> list[str]:
    return [w for w in JIAXING if w in text]


def jxplan(*args, cwd, env: dict | None = None):
    """jxplan as a clerk runs it (its messages are converted by the stream ``main`` sets up)."""
    full = {k: v for k, v in os.environ.items() if k != "JXPLAN_SCRIPT"}
    full.update(env or {})
    done = subprocess.run([sys.executable, "-m", "jxplan", *map(str, args)], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


# ---- discovery: the plan in plans/ -----------------------------------------------------------

def test_another_offices_folder_is_read_against_its_own_plan(tmp_path, run):
    # the leak: validate without --plan checked 2023 reports against Jiaxing 2012, with false errors
    root = office(tmp_path, {"2023.yaml": OTHER}, {"2023/Q2/qfg.yaml": other_report("qfg"),
                                                  "2023/Q2/rsj.yaml": other_report("rsj", entries='- target: "2.2"\n  value: 3\n')})
    for args in (["validate"], ["status", "-f", "json"], ["bulletin"], ["units"], ["decomposition"]):
        code, out, err = run(*args, cwd=root)
        assert code == 0, (args, err)
        assert jiaxing_in(out + err) == [], args
        assert "注意" not in err, args  # the one plan in plans/: nothing to say
    out = json.loads(run("status", "-f", "json", cwd=root)[1])
    assert next(t for t in out["targets"] if t["id"] == "2.1")["actual"] == 6


def test_of_several_plans_the_one_whose_year_the_reports_folder_names_is_read_and_said(tmp_path, run):
    older = OTHER.replace("year: 2023", "year: 2022")
    root = office(tmp_path, {"2022.yaml": older, "2023.yaml": OTHER}, {"2023/Q2/qfg.yaml": other_report("qfg")})
    code, out, err = run("status", "-f", "json", cwd=root)
    assert code == 0, err
    assert json.loads(out)["year"] == 2023
    assert "plans/ 中有 2 個計劃文件，按報告的年度（2023）使用 plans/2023.yaml" in err


def test_without_year_folders_the_year_is_the_one_the_reports_write(tmp_path, run):
    older = OTHER.replace("year: 2023", "year: 2022")
    root = office(tmp_path, {"a.yaml": OTHER, "b.yml": older}, {"Q2/qfg.yaml": other_report("qfg", year=2022)})
    code, out, err = run("status", "-f", "json", cwd=root)
    assert code == 0, err
    assert json.loads(out)["year"] == 2022 and "使用 plans/b.yml" in err


@pytest.mark.parametrize("reports", [
    {"2022/Q2/qfg.yaml": other_report("qfg", year=2022), "2023/Q2/qfg.yaml": other_report("qfg")},  # both years
    {},  # none at all
    {"2021/Q2/qfg.yaml": other_report("qfg", year=2021)},  # a year no plan is for
])
def test_two_candidates_the_reports_cannot_tell_apart_is_a_usage_error_naming_both(tmp_path, run, reports):
    older = OTHER.replace("year: 2023", "year: 2022")
    root = office(tmp_path, {"2022.yaml": older, "2023.yaml": OTHER}, reports)
    for args in (["status"], ["units"], ["validate"]):
        code, out, err = run(*args, cwd=root)
        assert code == 2 and out == "", (args, err)
        assert "plans/2022.yaml（2022 年）" in err and "plans/2023.yaml（2023 年）" in err
        assert "--plan" in err and "jxplan.toml" in err and jiaxing_in(err) == []


def test_a_plan_that_cannot_be_read_is_a_candidate_never_passed_over(tmp_path, run):
    # a second plan being edited, broken: the reports' year cannot be matched with certainty
    root = office(tmp_path, {"2023.yaml": OTHER, "2024.yaml": "version: 1\nunits: [\n"},
                  {"2023/Q2/qfg.yaml": other_report("qfg")})
    code, _, err = run("status", cwd=root)
    assert code == 2 and "plans/2024.yaml（讀不出年度）" in err


def test_files_in_plans_that_are_no_plans_are_passed_over(tmp_path, run):
    root = office(tmp_path, {"2023.yaml": OTHER, "units.yaml": "- {id: qfg, name: 区发改局}\n",
                             "notes.txt": "not yaml", ".2022.yaml": "hidden"},
                  {"2023/Q2/qfg.yaml": other_report("qfg")})
    code, out, err = run("status", "-f", "json", cwd=root)
    assert code == 0 and json.loads(out)["year"] == 2023, err


def test_a_plans_folder_without_a_plan_is_a_usage_error_never_the_shipped_plan(tmp_path, run):
    root = office(tmp_path, {"units.yaml": "- {id: qfg, name: 区发改局}\n", "notes.yaml": "version: 1\n"})
    code, out, err = run("units", cwd=root)
    assert code == 2 and "plans/ 中沒有計劃文件" in err and "隨附" not in err and jiaxing_in(out + err) == []


def test_the_one_file_in_plans_is_read_and_said_if_it_is_no_plan(tmp_path, run):
    root = office(tmp_path, {"units.yaml": "- {id: qfg, name: 区发改局}\n"})
    code, _, err = run("units", cwd=root)
    assert code == 1 and "plans/units.yaml:1:1: 錯誤 這不是計劃文件" in err


@pytest.mark.parametrize("plans", [None, "a file"])
def test_no_plans_folder_at_all_is_the_shipped_plan_said_on_stderr(tmp_path, run, plans):
    if plans is not None:
        write(tmp_path / "plans", plans)
    code, out, err = run("units", "-u", "gtj", cwd=tmp_path)
    assert code == 0 and "市國土資源局" in out
    assert "沒有 plans/ 文件夾，也沒有 jxplan.toml 指明計劃，使用 jxplan 隨附的計劃文件" in err


# ---- the settings file --------------------------------------------------------------------------

def test_the_settings_file_names_the_plan_the_reports_and_the_script_from_a_folder_below(tmp_path, run):
    # paths are relative to the settings file's folder, whatever folder the command runs in
    write(tmp_path / "计划/2023年.yaml", OTHER)
    write(tmp_path / "报告/2023/Q2/qfg.yaml", other_report("qfg"))
    write(tmp_path / "jxplan.toml", '# 咸安区督查室\nplan = "计划/2023年.yaml"\nreports = "报告"\nscript = "繁體"\n')
    below = tmp_path / "报告/2023"
    code, out, err = run("status", "-f", "json", cwd=below)
    assert code == 0, err
    got = json.loads(out)
    assert got["year"] == 2023 and next(t for t in got["targets"] if t["id"] == "2.1")["actual"] == 6
    code, out, err = run("bulletin", cwd=below)
    assert code == 0, err
    assert "關於蓮都區重點工作上半年落實情況的通報" in out  # the simplified plan printed in the script set
    assert not set(out) & set(script.SIMPLIFIED_ONLY)


def test_the_settings_in_pyproject_and_jxplan_toml_winning_in_one_folder(tmp_path, run):
    root = office(tmp_path, {"a.yaml": OTHER, "b.yaml": OTHER.replace("year: 2023", "year: 2022")})
    write(root / "pyproject.toml", '[project]\nname = "x"\n\n[tool.jxplan]\nplan = "plans/b.yaml"\n')
    code, out, err = run("units", "-f", "json", cwd=root)
    assert code == 0, err
    code, out, err = run("status", "--reports", root, "-f", "json", cwd=root)  # no report of 2022 there: said so
    assert code == 1 and "2022" in err
    write(root / "jxplan.toml", 'plan = "plans/a.yaml"\n')
    code, out, err = run("status", "--reports", root, "-f", "json", cwd=root)
    assert code == 1 and "2023" in err and "2022" not in err


def test_a_problem_in_pyproject_is_placed_in_its_table(tmp_path, run):
    root = office(tmp_path, {"2023.yaml": OTHER})
    write(root / "pyproject.toml", '[project]\nname = "x"\nplan = "elsewhere"\n\n[tool.jxplan]\n  plans = "plans/2023.yaml"\n')
    code, _, err = run("units", cwd=root)
    assert code == 1 and "pyproject.toml:6:3: 錯誤 不認識的設置「plans」" in err


def test_a_pyproject_of_another_project_is_passed_over_even_when_broken(tmp_path, run):
    root = office(tmp_path, {"2023.yaml": OTHER}, settings=None)
    write(root / "pyproject.toml", "[project\nname = 'not ours'\n")
    code, _, err = run("units", cwd=root)
    assert code == 0, err


def test_the_search_stops_at_a_repository(tmp_path, run):
    write(tmp_path / "jxplan.toml", 'plan = "nowhere.yaml"\n')  # above the repository: not the office's
    repo = office(tmp_path / "repo", {"2023.yaml": OTHER})
    (repo / ".git").mkdir()
    code, _, err = run("units", cwd=repo)
    assert code == 0, err
    code, _, err = run("units", cwd=tmp_path)  # where it is: it governs
    assert code == 1 and "jxplan.toml:1:8: 錯誤 設置的計劃文件 nowhere.yaml 不存在" in err


def test_the_command_line_and_the_environment_come_before_the_settings(tmp_path, run):
    root = office(tmp_path, {"2023.yaml": OTHER}, {"2023/Q2/qfg.yaml": other_report("qfg")},
                  settings='plan = "plans/2023.yaml"\nscript = "traditional"\n')
    code, out, _ = run("units", "-u", "qfg", cwd=root)
    assert code == 0 and "區發改局" in out
    code, out, _ = run("units", "-u", "qfg", "--script", "简体", cwd=root)
    assert code == 0 and "区发改局" in out
    code, out, _ = run("units", "-u", "qfg", cwd=root, env={"JXPLAN_SCRIPT": "s"})
    assert code == 0 and "区发改局" in out
    code, out, err = run("units", "--plan", ROOT / "plans/2012.yaml", "-u", "gtj", cwd=root)
    assert code == 0 and "市國土資源局" in out, err


@pytest.mark.parametrize("text, where, said", [
    ('plan = plans/2023.yaml\n', "1:8", "值寫得不對：路徑和文字要用英文雙引號括起"),
    ('plan ＝ "plans/2023.yaml"\n', "1:6", "全角的「＝」"),
    ('plan = "plans/2023.yaml\n', "1:24", "引號沒有在這一行結束"),
    ('# 督查室\n\nplan = "plans/2023.yaml"\nreport = "progress"\n', "4:1", "不認識的設置「report」"),
    ('[tool.jxplan]\nplan = "plans/2023.yaml"\n', "1:1", "不認識的設置「tool」"),
    ('plan = 2023\n', "1:8", "plan 應是用英文雙引號括起的文字"),
    ('plan = "plans/2023.yaml"\nscript = "正體"\n', "2:10", "script 應為 simplified（简体）或 traditional（繁體），不是「正體」"),
    ('plan = "plans/2024.yaml"\n', "1:8", "設置的計劃文件 plans/2024.yaml 不存在"),
    ('plan = "plans/2023.yaml"\nreports = "报告"\n', "2:11", "設置的進度報告文件夾 报告 不存在"),
    ('plan = "plans/2023.yaml"\nplan = "plans/2023.yaml"\n', "2:", "同一個設置寫了兩次"),
])
def test_a_broken_settings_file_is_said_at_its_place_and_nothing_is_done(tmp_path, run, text, where, said):
    root = office(tmp_path, {"2023.yaml": OTHER}, {"2023/Q2/qfg.yaml": other_report("qfg")}, settings=text)
    code, out, err = run("status", cwd=root)
    assert code == 1 and out == "", err
    assert f"jxplan.toml:{where}" in err and said in err, err


def test_a_settings_file_in_another_encoding_is_said_with_its_place(tmp_path, run):
    root = office(tmp_path, {"2023.yaml": OTHER})
    (root / "jxplan.toml").write_bytes('# 督查室\nscript = "简体"\n'.encode("gbk"))
    code, _, err = run("units", cwd=root)
    assert code == 1 and "jxplan.toml:1:3: 錯誤 不是 UTF-8 編碼" in err


def test_a_settings_file_with_a_byte_order_mark_is_read(tmp_path, run):
    root = office(tmp_path, {"2023.yaml": OTHER})
    (root / "jxplan.toml").write_bytes('\ufeffscript = "繁体"\n'.encode("utf-8"))
    code, out, err = run("units", "-u", "qfg", cwd=root)
    assert code == 0 and "區發改局" in out, err


def test_a_settings_file_that_is_no_file_or_too_large_is_refused_never_a_hang(tmp_path, run):
    root = office(tmp_path, {"2023.yaml": OTHER})
    (root / "jxplan.toml").write_text("# " + "x" * 300_000 + "\n", encoding="utf-8")
    code, _, err = run("units", cwd=root)
    assert code == 1 and "jxplan.toml:1:1" in err and "超過上限" in err
    (root / "jxplan.toml").unlink()
    os.mkfifo(root / "jxplan.toml")
    code, _, err = run("units", cwd=root)
    assert code == 1 and "命名管道" in err


# ---- one script for everything jxplan writes and says -----------------------------------------

def test_import_writes_into_the_offices_folder_in_the_plans_script(tmp_path):
    root = office(tmp_path, {"2023.yaml": OTHER}, settings='reports = "报告"\n')
    (root / "报告").mkdir()
    code, _, err = jxplan("template", "-u", "qfg", "-q", "Q2", "-o", root / "qfg.xlsx", cwd=root)
    assert code == 0, err
    code, _, err = jxplan("import", root / "qfg.xlsx", cwd=root)
    assert code == 1 and "表格没有填任何内容，未导入" in err and "導入" not in err  # the plan's script


def test_the_comment_import_writes_is_in_the_plans_script(tmp_path, run):
    from openpyxl import load_workbook

    root = office(tmp_path, {"2023.yaml": OTHER}, settings='reports = "报告"\n')
    (root / "报告").mkdir()
    assert run("template", "-u", "qfg", "-q", "Q2", "-o", root / "qfg.xlsx", cwd=root)[0] == 0
    wb = load_workbook(root / "qfg.xlsx")
    sheet = wb.worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    row = next(c.row for c in cells if c.value == "2.1")
    column = next(c.column for c in cells if isinstance(c.value, str) and c.value.startswith("累计完成"))
    sheet.cell(row, column).value = 6
    sheet["H2"] = datetime.date(2023, 7, 1)  # 报送日期
    wb.save(root / "qfg.xlsx")
    code, _, err = run("import", root / "qfg.xlsx", cwd=root)
    written = root / "报告/2023/Q2/qfg.yaml"
    assert code == 0 and written.is_file(), err
    first = written.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# 由 jxplan import 自 qfg.xlsx 转换（sha256 "), first


def test_messages_follow_the_plans_script_once_it_is_read(tmp_path):
    root = office(tmp_path, {"2023.yaml": OTHER}, {"2023/Q2/qfg.yaml": other_report("qfg", entries='- target: "9.9"\n  value: 6\n')})
    code, out, err = jxplan("status", cwd=root)
    assert code == 1 and out == ""
    assert "有 1 个错误；请修正后再执行" in err and not set(err) & set("錯誤個請後執")
    code, out, err = jxplan("validate", cwd=root)
    assert code == 1 and "错误" in out and "錯誤" not in out and "检查了" in err


def test_messages_before_a_plan_is_read_follow_the_settings_and_help_the_command_line(tmp_path):
    root = office(tmp_path, {"2023.yaml": OTHER}, settings='script = "简体"\n')
    code, _, err = jxplan("status", "--no-such-option", cwd=root)
    assert code == 2 and "错误" in err and "錯誤" not in err
    code, out, _ = jxplan("-h", cwd=root, env={"JXPLAN_CACHE": "off"})  # no plan read: the terminal's choice
    assert code == 0 and "督辦工具" in out
    code, out, _ = jxplan("-h", cwd=root, env={"JXPLAN_CACHE": "off", "JXPLAN_SCRIPT": "简体"})
    assert code == 0 and "督办工具" in out


def test_the_shipped_plan_still_speaks_traditional(tmp_path):
    code, _, err = jxplan("status", "--reports", tmp_path / "nowhere", cwd=ROOT)
    assert code == 2 and "不存在；請核對路徑" in err and "请核对" not in err  # a usage error, in the plan's script


def test_the_readme_example_is_a_settings_file_jxplan_reads(tmp_path, run):
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", readme, re.S).group(1)
    root = office(tmp_path, {"2023.yaml": OTHER}, {"2023/Q2/qfg.yaml": other_report("qfg")}, settings=example)
    code, out, err = run("units", "-u", "qfg", cwd=root)
    assert code == 0 and "区发改局" in out, err
