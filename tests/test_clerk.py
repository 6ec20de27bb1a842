"""A clerk's first hour (issue 12): no option ignored, no English line, every count right."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT, write
from jxplan.render.cjk import NO_END, NO_START, width, wrap
from jxplan.render.terminal import PROGRESS_COLS, plain, progress_cell


def status_json(run, *args):
    code, out, err = run("status", "-f", "json", *args)
    assert code == 0, err
    return json.loads(out)


# ---- options are done, or refused with exit 2; never ignored ------------------------------

def test_trend_as_json_and_csv(run, in_root, tmp_path):
    code, out, _ = run("status", "-q", "Q3", "--trend", "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["quarters"] == ["Q1", "Q2", "Q3"]
    t = {x["id"]: x for x in data["targets"]}["10.1"]
    assert set(t["statuses"]) == {"Q1", "Q2", "Q3"}
    q2 = {x["id"]: x["status"] for x in status_json(run, "-q", "Q2")["targets"]}
    assert all(x["statuses"]["Q2"] == q2[x["id"]] for x in data["targets"])
    code, _, _ = run("status", "-q", "Q3", "--trend", "-o", tmp_path / "t.csv")
    assert code == 0 and (tmp_path / "t.csv").read_bytes().decode("utf-8").startswith("\ufeff編號,指標名稱,Q1,Q2,Q3\r\n")


def test_units_as_csv(run, in_root, tmp_path):
    code, _, _ = run("units", "-o", tmp_path / "u.csv")
    lines = (tmp_path / "u.csv").read_bytes().decode("utf-8").lstrip("\ufeff").split("\r\n")
    assert code == 0 and lines[0].startswith("編號,單位,全稱") and any(x.startswith("gtj,市國土資源局,") for x in lines)


def test_the_format_follows_the_output_suffix(run, in_root, tmp_path):
    assert run("bulletin", "-q", "Q2", "-o", tmp_path / "b.html")[0] == 0
    assert (tmp_path / "b.html").read_text(encoding="utf-8").lstrip().startswith("<!DOCTYPE html>")
    assert run("status", "-q", "Q2", "-o", tmp_path / "s.json")[0] == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["quarter"] == "Q2"


@pytest.mark.parametrize("args,words", [
    (("bulletin", "-q", "Q2", "-o", "b.json"), "不寫 .json"),
    (("bulletin", "-q", "Q2", "-f", "md", "-o", "b.html"), "不符"),
    (("bulletin", "-q", "Q2", "-f", "rtf"), "沒有「rtf」這種格式"),
    (("bulletin", "-q", "Q2", "--template-dir", "no-such-folder"), "不存在"),
    (("status", "-q", "Q2", "--section", "99"), "0（主要預期目標）、1（努力保持經濟平穩較快增長）"),
    (("status", "-q", "Q2", "--point", "zzz"), "沒有工作要點「zzz」；可用：1、2、3"),
    (("status", "-q", "Q2", "--unit", "國土資源局"), "是否指「市國土資源局」"),
    (("status", "-q", "Q2", "--status", "很好"), "「很好」不是狀態；可用：已完成（achieved）"),
    (("status", "-q", "Q9"), "「Q9」不是季度"),
    (("status", "-q", "Q2", "--fail-on", "achieved"), "--fail-on 可用"),
    (("status", "-q", "Q2", "-f", "json", "-o", "s.txt"), "-o 的擴展名 .txt 與 --format json 不符"),
    (("bulletin", "-q", "Q2", "-o", "b.txt"), "不寫 .txt"),
    (("template", "-u", "gtj", "-q", "Q2", "-o", "t.md"), "不寫 .md"),
    (("bulletin", "-q", "Q2", "--issue-no", "x"), "不是正整數"),
])
def test_what_cannot_be_done_is_a_usage_error_in_chinese(run, in_root, tmp_path, args, words):
    args = [str(tmp_path / a) if a.endswith((".json", ".html", ".txt", ".md")) else a for a in args]
    code, out, err = run(*args)
    assert code == 2 and out == "" and words in err, err
    assert err.startswith("用法：jxplan ") and "錯誤：" in err and "-h 查看說明" in err


def test_an_existing_output_is_a_usage_error(run, in_root, tmp_path):
    (tmp_path / "b.md").write_text("old", encoding="utf-8")
    code, _, err = run("bulletin", "-q", "Q2", "-o", tmp_path / "b.md")
    assert code == 2 and "已存在" in err and (tmp_path / "b.md").read_text(encoding="utf-8") == "old"


def test_a_closed_pipe_is_a_normal_end():
    done = subprocess.run(f"{sys.executable} -m jxplan status | head -1", shell=True, cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "JXPLAN_CACHE": "off"},
                          executable="/bin/bash")
    assert done.stdout.count("\n") == 1 and done.stderr == ""
    done = subprocess.run(f"set -o pipefail; {sys.executable} -m jxplan bulletin -q Q2 | head -c 10 >/dev/null",
                          shell=True, cwd=ROOT, capture_output=True, text=True, timeout=60, executable="/bin/bash",
                          env={**os.environ, "JXPLAN_CACHE": "off"})
    assert done.returncode == 0 and done.stderr == ""


# ---- one language -----------------------------------------------------------------------

ENGLISH = re.compile(r"Usage|Options|Arguments|Commands|Show this|Error|Invalid|Missing|No such|Got unexpected|"
                     r"Did you mean|\[default|\[required\]|<list|<int|TEXT|INTEGER|PATH|BOOLEAN|Try '")

COMMANDS = ["validate", "status", "bulletin", "decomposition", "units", "template", "import", "schema"]


@pytest.mark.parametrize("args", [(), ("-h",), *[(c, "-h") for c in COMMANDS]])
def test_every_help_page_is_chinese(run, args):
    code, out, err = run(*args)
    assert code == 0 and out.startswith("用法：jxplan") and not ENGLISH.search(out + err), out
    assert "選項：" in out


@pytest.mark.parametrize("args,words", [
    (("status", "--quartr", "Q2"), "沒有 --quartr 這個選項；是否應為 --quarter"),
    (("template", "-q", "Q2"), "缺少 --unit"),
    (("status", "--quarter"), "--quarter 後面要寫一個值"),
    (("schema", "plan", "report"), "多了參數：report"),
    (("statsu",), "沒有 statsu 這個命令"),
])
def test_click_s_own_errors_are_chinese(run, args, words):
    code, out, err = run(*args)
    assert code == 2 and words in err and not ENGLISH.search(err), err


@pytest.mark.parametrize("given", ["Q2", "q2", "2", "二季度", "第二季度", "二季"])
def test_a_quarter_as_a_clerk_types_it(run, in_root, given):
    assert status_json(run, "-q", given)["quarter"] == "Q2"


def test_status_labels_in_either_script(run, in_root):
    ids = {t["status"] for t in status_json(run, "-q", "Q2", "--status", "滯後")["targets"]}
    assert ids == {"behind"}
    assert {t["status"] for t in status_json(run, "-q", "Q2", "--status", "滞后")["targets"]} == {"behind"}
    code, _, _ = run("status", "-q", "Q2", "-f", "json", "--fail-on", "嚴重滯後")
    assert code == 3  # 4.7 is seriously behind at Q2 in the illustrative reports


@pytest.mark.parametrize("label, code", [("未啟動", "behind"), ("未启动", "behind"), ("持續推進", "on_track")])
def test_a_label_only_open_ended_tasks_carry_selects_those_tasks_alone(run, in_root, label, code):
    every = status_json(run, "-q", "Q2")["targets"]
    want = {t["id"] for t in every if t["open_ended"] and t["status"] == code}
    got = status_json(run, "-q", "Q2", "--status", label)["targets"]
    assert want and {t["id"] for t in got} == want
    assert {t["label"] for t in got} == {label.replace("启动", "啟動")}
    # while the status itself (滯後, behind) still selects every target behind, open-ended or not
    behind = {t["id"] for t in status_json(run, "-q", "Q2", "--status", code)["targets"]}
    assert behind == {t["id"] for t in every if t["status"] == code} and behind > want


@pytest.mark.parametrize("given", ["gtj", "市國土資源局", "嘉興市國土資源局", "市国土资源局"])
def test_a_unit_by_id_short_name_or_full_name(run, in_root, given):
    data = status_json(run, "-q", "Q2", "--unit", given)
    assert [u["id"] for u in data["units"]] == ["gtj"]


def test_completion_offers_units_and_points(run, in_root):
    env = {"_JXPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "jxplan status --unit 市國", "COMP_CWORD": "3"}
    code, out, _ = run(env=env)
    assert "市國土資源局" in out and "市國資委" in out and "gtj" not in out
    env = {"_JXPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "jxplan status --point 1", "COMP_CWORD": "3"}
    code, out, _ = run(env=env)
    assert {"1", "10", "19"} <= set(out.split())


# ---- counts and views that agree ----------------------------------------------------------

def test_the_summary_counts_every_target_once(run, in_root):
    code, out, _ = run("status", "-q", "Q2")
    data = status_json(run, "-q", "Q2")
    counts = [int(n) for n in re.findall(r"(?:量化指標|有完成要求的工作任務|持續推進的工作任務) (\d+) 項", out)]
    assert sum(counts) == len(data["targets"]) == 266 and counts == [49, 29, 188]  # open-ended duties counted too


def test_no_count_of_nothing(run, in_root):
    code, out, _ = run("status", "-q", "Q2", "--section", "0")
    panel = out.split("╰")[0]
    assert code == 0 and not re.search(r"(?<!\d)0 項", panel) and not re.search(r" 0(?!\d)", panel)
    assert "量化指標 9 項" in panel and "有完成要求的工作任務 1 項" in panel and "持續推進的工作任務" not in panel


def test_the_units_panel_follows_the_filter(run, in_root):
    data = status_json(run, "-q", "Q2", "--section", "0")
    concerned = {u for t in data["targets"] for u in [t["lead"], *t["co"]]}
    assert {u["id"] for u in data["units"]} == concerned and len(concerned) < 40
    code, out, _ = run("status", "-q", "Q2", "--point", "10")
    panel = out.split("╭")[2]  # the units' box, below the table
    assert "市交通運輸局" in panel and "市教育局" not in panel


def test_lines_are_broken_by_chinese_rules_at_80_columns(run, in_root):
    code, out, _ = run("status", "-q", "Q2")
    lines = out.splitlines()
    assert max(width(x) for x in lines) <= 80
    for line in lines:
        text = line.strip("│ ")
        assert not text or text[0] not in NO_START, line
    names = [x for x in lines if x.startswith("      ") and width(x.strip()) == 2 and not x.strip().startswith("市")]
    assert names == []  # no name left with one character on its own line


@pytest.mark.parametrize("text,cols", [
    ("市發改委、市經信委、市財政局、市科技局、市商務局、市規劃局、市建委、市交通運輸局、市政府辦公室", 20),
    ("（一）加快推進城鄉一體化，深化“兩分兩換”，推進新市鎮建設。", 12),
    ("研究制定城市存量建設用地二次開發政策", 17),
])
def test_wrap_never_starts_with_a_closing_mark_nor_ends_with_an_opening_one(text, cols):
    lines = wrap(text, cols)
    assert "".join(lines) == text
    assert all(width(x) <= cols for x in lines)
    assert all(x[0] not in NO_START for x in lines) and all(x[-1] not in NO_END for x in lines)
    assert len(lines[-1]) > 1


@pytest.mark.parametrize("p", [None, -1000, -99, 0, 50, 100, 999, 1000, 123456])
def test_the_progress_cell_keeps_its_width(p):
    assert width(plain(progress_cell(p))) == PROGRESS_COLS


def test_expected_counts_are_whole_and_judged_as_printed(run, in_root):
    code, out, _ = run("status", "-q", "Q2")
    row = next(x for x in out.splitlines() if x.startswith("10.2 "))
    assert " 37 " in row and "36.5" not in row  # 73座 × 0.5 = 36.5, shown as the office rounds it
    assert " 105% " in row  # 39 / 37 = 1.054: the percentage of the printed figures, never 39 / 36.5 = 107%
    t = {x["id"]: x for x in status_json(run, "-q", "Q2")["targets"]}["10.2"]
    assert (t["expected"], t["actual"], t["ratio"]) == (37, 39, 1.054)


def test_a_list_opened_as_empty_then_filled_says_how_to_fix_it(tmp_path, run):
    p = write(tmp_path / "r.yaml", "version: 1\nunit: gtj\nyear: 2012\nquarter: Q2\nsubmitted: 2012-07-03\n"
                                   "entries: []\n  - target: \"12.1\"\n    note: 已推進\n")
    code, out, _ = run("validate", "--plan", ROOT / "plans/2012.yaml", p)
    assert code == 1 and "「entries: []」" in out and "只留「entries:」" in out


def test_a_narrowed_view_speaks_of_its_own_targets(run, in_root):
    whole = {u["id"]: u for u in status_json(run, "-q", "Q2")["units"]}
    assert whole["fgw"]["must_explain"] is True  # H1 lags at Q2
    view = status_json(run, "-q", "Q2", "--target", "2.1")  # 2.1 alone is on track
    units = {u["id"]: u for u in view["units"]}
    assert view["narrowed"] is True and view["units"][0]["id"] == "fgw"  # the lead first, then the co-units
    assert units["fgw"]["must_explain"] is False and units["fgw"]["commended"] is True
    code, out, _ = run("status", "-q", "Q2", "--target", "2.1")
    assert "單位（就本表所列目標）" in out and "有任務滯後（0）" in out


HEAD = "version: 1\nunit: fgw\nyear: 2012\nquarter: Q2\nsubmitted: 2012-07-03\n"


@pytest.mark.parametrize("text, said", [
    ("version: 1\nunit:fgw\nyear: 2012\n", "3:1: 錯誤 YAML 語法錯誤：找不到應有的冒號「:」（提示：第2行「unit:fgw」的冒號後少了空格；請寫成「unit: fgw」）"),
    (HEAD + "entries:\n  - target: \"2.1\n    value: 9\n", "9:1: 錯誤 YAML 語法錯誤：文件意外結束（引號或括號沒有閉合）"),
    (HEAD + "entries:\n  - target: \"2.1\"\n    value: 9\n   note: x\n", "9:4: 錯誤 YAML 語法錯誤：列表的縮進不一致"),
    ("version: 1\nunit: fgw\n\tyear: 2012\n", "3:1: 錯誤 YAML 語法錯誤：縮進中有 Tab（提示：第3行用 Tab 縮進；YAML 只接受空格）"),
    ("version: 1\nunit: fg\x07w\n", "2:9: 錯誤 含有不允許的看不見的字符（U+0007）；它可能是從別處複製時帶進來的，請刪去它"),
    (HEAD + "entries:\n  - target: \"2.1\"\n    note: \"上半年\"增長11%\n", "8:16: 錯誤 YAML 語法錯誤：找不到應有的鍵（常見：縮進不一致，或引號之後還有文字）（提示：第8行引號之後還有文字「增長11%」；整段文字請都放在引號內）"),
])
def test_a_syntax_error_is_said_in_chinese_alone_with_the_slip_that_caused_it(tmp_path, run, text, said):
    p = tmp_path / "r.yaml"
    p.write_text(text, encoding="utf-8")
    code, out, _ = run("validate", "--plan", ROOT / "plans/2012.yaml", p)
    line = out.splitlines()[0]
    assert code == 1 and line == f"{p}:{said} [yaml-syntax]"
    assert not re.search(r"[A-Za-z]{4,}", line.split(":", 1)[1].replace("yaml-syntax", "").replace("YAML", "")
                         .replace("unit", "").replace("fgw", "").replace("Tab", ""))


def test_a_blank_form_is_named_by_its_unit_as_the_plan_names_it(tmp_path, run):
    p = write(tmp_path / "r.yaml", HEAD + "entries:\n  - target: \"2.1\"\n")
    code, out, _ = run("validate", "--plan", ROOT / "plans/2012.yaml", p)
    assert code == 0 and "「市發改委」仍列為未報送 [blank-report]" in out and "「fgw」" not in out


def test_the_trend_names_open_ended_work_as_the_table_does(run, in_root):
    code, out, _ = run("status", "--trend", "-q", "Q3", "--target", "10.5", "--target", "10.1")
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line[:4] in ("10.5", "10.1")}
    assert code == 0 and rows["10.5"][-4:] == ["持續推進", "持續推進", "持續推進", "持平"]  # an open-ended task: never 達進度
    assert rows["10.1"][-4:] == ["達進度", "滯後", "達進度", "↑滯後→達進度"]  # 70公里: 18 ≥ 17.5; 28/35 = 0.8; 53 ≥ 52.5


@pytest.mark.parametrize("given", ["2012-07-10", "2012/7/10", "2012.7.10", "2012年7月10日", "２０１２年７月１０日"])
def test_a_bulletins_date_as_reports_take_it(run, in_root, given):
    code, out, _ = run("bulletin", "-q", "Q2", "--date", given)
    assert code == 0 and "2012年7月10日" in out.split("\n# ")[0]


@pytest.mark.parametrize("given,said", [
    ("2011-07-10", "成文日期2011年7月10日早於 2012 年 Q2 結束（2012-06-30）"),  # last year's date kept from a template
    ("2012-06-01", "成文日期2012年6月1日早於 2012 年 Q2 結束（2012-06-30）"),  # before the half-year it reports on ended
    ("2021-07-10", "成文日期2021年7月10日比 Q2 的報送期限 2012-07-05 晚了一年以上"),
])
def test_a_bulletins_date_the_quarter_cannot_bear_is_refused(run, in_root, given, said):
    code, out, err = run("bulletin", "-q", "Q2", "--date", given)
    assert code == 2 and out == "" and said in err


def test_an_optional_argument_is_shown_in_brackets(run):
    code, out, _ = run("schema", "-h")
    assert code == 0 and out.startswith("用法：jxplan schema [選項] [種類]\n") and "默認" in out


def test_a_list_of_names_breaks_between_names_never_inside_one():
    from jxplan.render.cjk import width, wrap_names

    names = ["市發改委", "市經信委", "市規劃局", "市交通運輸局", "市食品藥品監管局"]
    lines = wrap_names(names, 20)
    assert lines == ["市發改委、市經信委、", "市規劃局、", "市交通運輸局、", "市食品藥品監管局"]
    assert all(width(line) <= 20 for line in lines) and "".join(lines) == "、".join(names)
    long = wrap_names(["市發改委", "一個非常非常長的單位名稱", "市建委"], 10)  # wider than a line: wrapped alone
    assert all(width(line) <= 10 for line in long) and "".join(long) == "市發改委、一個非常非常長的單位名稱、市建委"
    assert long[0] == "市發改委、"
