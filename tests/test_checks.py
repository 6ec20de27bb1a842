"""Every registered check, with a passing and a failing example of its own.

A check added to the registry without a row here fails ``test_every_check_has_examples``."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SMALL_PLAN, report, write
from jxplan.check.rules import RULES as CHECK_RULES
from jxplan.judge.advice import RULES as ADVICE_RULES
from jxplan.judge.advice import validate as check_paths  # all validate says
from jxplan.core.script import convert

REGISTRY = CHECK_RULES + ADVICE_RULES  # every check of a plan, its reports, and a quarter's statuses

R = report  # a report as YAML text


def entry(target: str, field: str) -> str:
    return f'- target: "{target}"\n  {field}\n'


# code -> (plan replacements, {file: report}) for the passing case, then for the failing case.
# A plan case is a list of (old, new) replacements of SMALL_PLAN; reports are checked against it.
CASES = {
    "duplicate-id": ([], [('{id: "2.2",', '{id: "2.1",')]),
    "unknown-unit": ([], [("co: [tjj]", "co: [市統計局]")]),
    "missing-lead": ([], [("unit: \"%\", lead: tjj}", "unit: \"%\"}")]),
    "kind-field": ([], [("kind: milestone, due: Q2,", "kind: milestone, due: Q2, target: 3,")]),
    "due-unstated": ([], [("due: Q2, due_set_by: office}", "due: Q2}")]),
    "lead-also-co": ([], [("co: [tjj]", "co: [tjj, fgw]")]),
    "unknown-leader": ([("units:\n", "leaders: [{id: wang, name: 王某}]\nunits:\n"), ("co: [tjj]\n", "co: [tjj]\n        leaders: [wang]\n")],
                       [("units:\n", "leaders: [{id: wang, name: 王某}]\nunits:\n"), ("co: [tjj]\n", "co: [tjj]\n        leaders: [王某]\n")]),
    "relative-to": ([("lead: tjj}\n", 'lead: tjj}\n  - {id: H2, name: 收入增長, kind: rate, unit: "%", relative_to: H1, goal: 與經濟增長同步, lead: tjj}\n')],
                    [("lead: tjj}\n", 'lead: tjj}\n  - {id: H2, name: 收入增長, kind: rate, unit: "%", relative_to: H9, goal: 與經濟增長同步, lead: tjj}\n')]),
    "not-in-notice": ([("units:\n", "notice: {paragraphs: [各單位每季度末書面報告進展情況。]}\nbulletins: {duty: 各單位每季度末書面報告進展情況。}\nunits:\n")],
                      [("units:\n", "notice: {paragraphs: [各單位每季度末書面報告進展情況。]}\nbulletins: {duty: 各單位每月報告一次。}\nunits:\n")]),
    "mixed-script": ([], [("text: 確保固定資產投資增長10%。", "text: 確保固定資產投資增長10%，加強污染整治。")]),
    "cumulative-ceiling": ([], [("target: 8000, unit: 畝, tolerance: 400,", "target: 8000, unit: 畝, compare: at_most,")]),
    "name-chars": ([], [("{id: tjj, name: 市統計局,", "{id: tjj, name: \"市統計局|市發改委\",")]),
    "breakdown-sum": ([], [("breakdown: {nhq: 5000, xzq: 3000}", "breakdown: {nhq: 5000, xzq: 2000}")]),
    "schedule": ([], [("{Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}", "{Q1: 0.3, Q2: 0.2, Q3: 0.7, Q4: 1}")]),
    "dates": ([], [("Q3: 2012-10-08", "Q3: 2012-06-01")]),
    "thresholds": ([], [("serious: 0.8", "serious: 1.2")]),
    "no-target": ([], [("sections:\n", "sections:\n  - {id: 9, title: 空, points: [{id: 30, title: 空, text: 空。, lead: fgw}]}\n")]),
    "unknown-unit@report": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"))},
                            {"a.yaml": R("市不存在局", "Q1", entry("2.1", "value: 11"))}),
    "wrong-year": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"))},
                   {"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"), year=2011)}),
    "missing-date": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"))},
                     {"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11")).replace("submitted: 2012-04-01", "submitted:")}),
    "early": ({"a.yaml": R("fgw", "Q2", entry("2.1", "value: 11"), submitted="2012-07-03")},
              {"a.yaml": R("fgw", "Q2", entry("2.1", "value: 11"), submitted="2012-06-20")}),
    "quarter-folder": ({"Q2/a.yaml": R("fgw", "Q2", entry("2.1", "value: 11"))},
                       {"Q2/a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"))}),
    "blank-report": ({"a.yaml": R("fgw", "Q1", entry("2.1", "note: 已開工"))},
                     {"a.yaml": R("fgw", "Q1", '- target: "2.1"\n')}),
    "report-incomplete": ({"a.yaml": R("tjj", "Q1", entry("H1", "value: 3"))},
                          {"a.yaml": R("tjj", "Q1", entry("2.1", "note: 已配合"))}),  # H1 is tjj's to report
    "implausible-date": ({"a.yaml": R("fgw", "Q2", entry("2.1", "value: 11"), submitted="2013-07-06")},  # 366 days late
                         {"a.yaml": R("fgw", "Q2", entry("2.1", "value: 11"), submitted="2013-07-07")}),
    "far-late": ({"a.yaml": R("fgw", "Q3", entry("2.1", "value: 11"), submitted="2013-01-08")},  # 92 days after 10-08
                 {"a.yaml": R("fgw", "Q3", entry("2.1", "value: 11"), submitted="2013-01-09")}),  # 93 days
    "unknown-target": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"))},
                       {"a.yaml": R("fgw", "Q1", entry("9.9", "value: 11"))}),
    "duplicate-entry": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11") + entry("2.3", "value: 1"))},
                        {"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11") + entry("2.1", "value: 1"))}),
    "not-responsible": ({"a.yaml": R("tjj", "Q1", entry("2.1", "note: 已核定"))},
                        {"a.yaml": R("tjj", "Q1", entry("2.1", "value: 9"))}),
    "unrelated-note": ({"a.yaml": R("tjj", "Q1", entry("2.1", "note: 已核定"))},
                       {"a.yaml": R("rsj", "Q1", entry("2.1", "note: 與我無關") + entry("2.2", "value: 1"))}),
    "lead-figure-unused": ({"a.yaml": R("nhq", "Q1", entry("2.4", "value: 1000"))},
                           {"a.yaml": R("fgw", "Q1", entry("2.4", "value: 1000"))}),
    "value-for-milestone": ({"a.yaml": R("fgw", "Q1", entry("2.5", "stage: in_progress"))},
                            {"a.yaml": R("fgw", "Q1", entry("2.5", "value: 3"))}),
    "stage-for-number": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"))},
                         {"a.yaml": R("fgw", "Q1", entry("2.1", "stage: done"))}),
    "unit": ({"a.yaml": R("rsj", "Q1", entry("2.2", 'value: "15000人"'))},
             {"a.yaml": R("rsj", "Q1", entry("2.2", 'value: "1.5萬噸"'))}),
    "implausible": ({"a.yaml": R("rsj", "Q1", entry("2.2", "value: 1.5"))},
                    {"a.yaml": R("rsj", "Q1", entry("2.2", "value: 60000"))}),
    "negative-cumulative": ({"a.yaml": R("rsj", "Q1", entry("2.2", "value: 1.5"))},
                            {"a.yaml": R("rsj", "Q1", entry("2.2", "value: -1.5"))}),
    "duplicate-report": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11")),
                          "b.yaml": R("fgw", "Q2", entry("2.1", "value: 11"))},
                         {"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11")),
                          "b.yaml": R("市發改委", "Q1", entry("2.1", "value: 11"))}),
    "leads-disagree": (([("        lead: fgw\n", "        lead: [fgw, tjj]\n"), ("        co: [tjj]\n", "")], {"a.yaml": R("fgw", "Q1", entry("2.5", "stage: in_progress")),
                                 "b.yaml": R("tjj", "Q1", entry("2.5", "stage: in_progress"))}),
                       ([("        lead: fgw\n", "        lead: [fgw, tjj]\n"), ("        co: [tjj]\n", "")], {"a.yaml": R("fgw", "Q1", entry("2.5", "stage: in_progress")),
                                 "b.yaml": R("tjj", "Q1", entry("2.5", "stage: not_started"))})),
    "unexplained-lag": ({"a.yaml": R("fgw", "Q2", entry("2.1", "value: 9\n  reason: {kind: objective, text: 需求不足}"))},
                        {"a.yaml": R("fgw", "Q2", entry("2.1", "value: 9"))}),  # 9 of 10: behind
    "decreasing": ({"a.yaml": R("rsj", "Q1", entry("2.2", "value: 1.5")),
                    "b.yaml": R("rsj", "Q2", entry("2.2", "value: 3"))},
                   {"a.yaml": R("rsj", "Q1", entry("2.2", "value: 1.5")),
                    "b.yaml": R("rsj", "Q2", entry("2.2", "value: 1"))}),
}


def _key(check) -> str:
    return check.code if check.scope == "plan" or check.code not in {c.code for c in REGISTRY if c.scope == "plan"} \
        else f"{check.code}@{check.scope}"


def test_every_check_has_examples_and_documentation():
    keys = {_key(c) for c in REGISTRY}
    assert keys == set(CASES), keys ^ set(CASES)
    for c in REGISTRY:
        assert "Passes:" in c.doc and ("Fails:" in c.doc or "Warns:" in c.doc), c.code
        assert ("Warns:" in c.doc) == (c.severity == "warning"), c.code


def run_case(tmp_path, case) -> list:
    plan = SMALL_PLAN
    files = {}
    if isinstance(case, tuple):  # (plan changes, reports): a check of reports against a changed plan
        case, files = case
    if isinstance(case, list):
        for old, new in case:
            assert old in plan, old
            plan = plan.replace(old, new, 1)
    else:
        files = case
    plan_file = write(tmp_path / "plan.yaml", plan)
    paths = [plan_file]
    for name, text in files.items():
        paths.append(write(tmp_path / "r" / name, text))
    return list(check_paths(paths, plan_file, explicit_plan=True).problems)


@pytest.mark.parametrize("check", REGISTRY, ids=_key)
def test_check_passes_and_fails_on_its_own_examples(tmp_path, check):
    passing, failing = CASES[_key(check)]
    assert check.code not in [p.code for p in run_case(tmp_path / "pass", passing)]
    found = [p for p in run_case(tmp_path / "fail", failing) if p.code == check.code]
    assert found and all(p.severity == check.severity for p in found)


# ---- what each check says, and where ----------------------------------------------------
#
# A check that fires on the wrong line, or names the wrong unit, quarter or figure, sends a
# clerk to fix the wrong thing. Each example below is a change to SMALL_PLAN (and/or some
# reports) with every problem of one code it must give, written out by hand: file, line,
# column (both 1-based, of the value, or of the key where the key is the fault) and message.
# An empty list is a boundary that must pass.

LAST = "schedule: {Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}}\n"  # the end of SMALL_PLAN
SIMPLIFIED_PLAN = convert(SMALL_PLAN, "simplified")  # 测试计划, 市统计局 …: a plan written in simplified
P, A, B = "plan.yaml", "a.yaml", "b.yaml"
SECOND_SECTION = """\
  - id: 1
    title: 第一部分之二
    points:
      - {id: 2, title: 重複的要點, text: 文。, lead: fgw, targets: [{id: "9.1", name: 項目, kind: milestone}]}
"""
PARTS_WITHIN = """\
  - id: 2
    title: 第二部分
    sections:
      - {id: 1, title: 之一, points: [{id: 7, title: 要點, text: 文。, lead: fgw, targets: [{id: "7.1", name: 項目, kind: milestone}]}]}
      - {id: 1, title: 之二, points: [{id: 8, title: 要點, text: 文。, lead: fgw, targets: [{id: "8.1", name: 項目, kind: milestone}]}]}
"""
GROUP = "kind: county}\nheadline"  # the end of the units: a plan's groups follow them
# a plan of few characters: the title, the issuer, 甲 一 二 三 are written alike in both scripts,
# so the scripts counted are the title's and the point's text's alone
TINY = """\
version: 1
year: 2012
title: {title}
issuer: 人民政府
reporting: {{Q1: 2012-04-05, Q2: 2012-07-05, Q3: 2012-10-08, Q4: 2013-01-05}}
thresholds: {{serious: 0.8}}
units:
  - {{id: a, name: 甲, kind: department}}
sections:
  - id: 1
    title: 一
    points:
      - {{id: 1, title: 二, text: {text}, lead: a, targets: [{{id: "1.1", name: 三, kind: milestone}}]}}
"""

EXAMPLES = {
    # -- the plan --
    "duplicate-id/target": ("duplicate-id", [('{id: "2.2",', '{id: "2.1",')], {}, [
        (P, 28, 18, "目標編號「2.1」重複（第一次在第27行）")]),
    "duplicate-id/unit-section-point": ("duplicate-id", [
        ("{id: tjj, name: 市統計局,", "{id: fgw, name: 市發改委,"), (LAST, LAST + SECOND_SECTION)], {}, [
        (P, 10, 10, "單位編號「fgw」重複（第一次在第9行）"),
        (P, 10, 21, "單位名稱「市發改委」重複（第一次在第9行）"),
        (P, 35, 9, "部分編號「1」重複（第一次在第18行）"),
        (P, 38, 14, "工作要點編號「2」重複（第一次在第21行）")]),
    # a part's number is unique among the parts beside it, at every depth
    "duplicate-id/parts-within-a-part": ("duplicate-id", [(LAST, LAST + PARTS_WITHIN)], {}, [
        (P, 39, 14, "部分編號「1」重複（第一次在第38行）")]),
    "duplicate-id/leaders-and-groups": ("duplicate-id", [
        ("units:\n", "leaders: [{id: wang, name: 王某}, {id: wang, name: 李某}]\nunits:\n"),
        (GROUP, "kind: county}\ngroups: [{id: fgw, name: 各縣區, members: [nhq]}]\nheadline")], {}, [
        (P, 8, 38, "領導編號「wang」重複（第一次在第8行）"),
        (P, 15, 15, "單位編號「fgw」重複（第一次在第10行）")]),  # a group's id is a unit's id too
    "duplicate-id/names-alike": ("duplicate-id", [("{id: tjj, name: 市統計局,", "{id: tjj, name: 市发改委,")], {}, [
        (P, 10, 21, "單位名稱「市发改委」與「市發改委」只差空格、全半角或簡繁，讀者和查找都會把兩者當成一個單位；"
                    "請改得可以區分（第一次在第9行）")]),
    # one unit's two names may differ so (they name one unit); two units' names may not
    "duplicate-id/a-full-name-alike": ("duplicate-id", [
        ("{id: fgw, name: 市發改委, kind", "{id: fgw, name: 市發改委, full_name: 市发改委, kind"),
        ("{id: tjj, name: 市統計局, kind", "{id: tjj, name: 市統計局, full_name: 市发改委, kind")], {}, [
        (P, 10, 38, "單位名稱「市发改委」與「市發改委」只差空格、全半角或簡繁，讀者和查找都會把兩者當成一個單位；"
                    "請改得可以區分（第一次在第9行）")]),
    "name-chars": ("name-chars", [("{id: tjj, name: 市統計局,", "{id: tjj, name: \"市統計局<img>\","),
                                  ("name: 編號測試,", "name: \"編號\\n# 測試\",")], {}, [
        (P, 10, 21, "名稱和標題中不能有「<」：它會改變通報和附件的版式；請刪去或改用中文標點"),
        (P, 33, 32, "名稱和標題中不能有換行：它會改變通報和附件的版式；請刪去或改用中文標點")]),
    "name-chars/every-name-and-title": ("name-chars", [
        ("title: 測試計劃", 'title: "測試計劃*"'),
        ("issuer: 嘉興市人民政府", 'issuer: "嘉興市人民政府#"\noffice: "市政府督查室`"\n'
                             'roles: {lead: "牽頭|單位", co: "配合[單位]", leader: "_領導"}'),
        ("units:\n", 'leaders: [{id: wang, name: "王某>", title: "副市長\\\\"}]\nunits:\n'),
        (GROUP, 'kind: county}\ngroups: [{id: gjd, name: "各縣<區>", members: [nhq]}]\nheadline'),
        ("title: 第一部分", 'title: "第一部分*"'), ("title: 切實加大有效投入", "title: 切實加大有效投入|")], {}, [
        (P, 3, 8, "名稱和標題中不能有「*」：它會改變通報和附件的版式；請刪去或改用中文標點"),
        (P, 4, 9, "名稱和標題中不能有「#」：它會改變通報和附件的版式；請刪去或改用中文標點"),
        (P, 5, 9, "名稱和標題中不能有「`」：它會改變通報和附件的版式；請刪去或改用中文標點"),
        (P, 6, 15, "名稱和標題中不能有「|」：它會改變通報和附件的版式；請刪去或改用中文標點"),
        (P, 6, 28, "名稱和標題中不能有「[」：它會改變通報和附件的版式；請刪去或改用中文標點"),
        (P, 6, 46, "名稱和標題中不能有「_」：它會改變通報和附件的版式；請刪去或改用中文標點"),
        (P, 10, 28, "名稱和標題中不能有「>」：它會改變通報和附件的版式；請刪去或改用中文標點"),
        (P, 10, 42, "名稱和標題中不能有「\\」：它會改變通報和附件的版式；請刪去或改用中文標點"),
        (P, 17, 26, "名稱和標題中不能有「<」：它會改變通報和附件的版式；請刪去或改用中文標點"),  # the first of a name's
        (P, 23, 12, "名稱和標題中不能有「*」：它會改變通報和附件的版式；請刪去或改用中文標點"),
        (P, 26, 16, "名稱和標題中不能有「|」：它會改變通報和附件的版式；請刪去或改用中文標點")]),
    "cumulative-ceiling": ("cumulative-ceiling", [("target: 8000, unit: 畝, tolerance: 400,", "target: 8000, unit: 畝, compare: at_most,")], {}, [
        (P, 30, 78, "2.4 是累計數的上限（at_most）：按規則，年中只要累計數未超過全年上限就算「已完成」，不看序時進度；"
                    "若要按進度控制，請改為比率或水平（rate）")]),
    "kind-field/tolerance": ("kind-field", [("unit: 畝, tolerance: 400,", "unit: 畝, tolerance: 8000,")], {}, [
        (P, 30, 89, "tolerance（8000）應小於 target（8000）；「左右」的容差是目標的一小部分（本計劃取 5%）")]),
    # a ceiling's band (H6, at_most) may be as wide as its figure; a figure of 0 has no share to
    # take; a band of 1 around 1 makes zero a pass
    "kind-field/tolerance-of-a-ceiling-of-zero-and-of-one": ("kind-field", [
        ("tolerance: 0.2, lead: fgw}", "tolerance: 4, lead: fgw}"),
        ('kind: rate, target: 10, unit: "%"}', 'kind: rate, target: 0, unit: "%", tolerance: 0.5}'),
        ('kind: rate, target: 10, unit: "%", lead: tjj}', 'kind: rate, target: 1, unit: "%", tolerance: 1, lead: tjj}')], {}, [
        (P, 15, 75, "tolerance（1）應小於 target（1）；「左右」的容差是目標的一小部分（本計劃取 5%）")]),
    "kind-field/fields-of-other-kinds": ("kind-field", [
        ('kind: rate, target: 10, unit: "%"}', 'kind: rate, target: 10, unit: "%", breakdown: {fgw: 10}, base: 3, goal: 增長}')], {}, [
        (P, 27, 76, "breakdown 只用於累計型（cumulative）目標，2.1 是 rate"),
        (P, 27, 98, "base（年初基數）只用於年末水平（level）目標，2.1 是 rate"),
        (P, 27, 107, "goal 寫沒有數字的工作任務的年度目標；2.1 的年度目標是它的數字")]),
    "kind-field/schedule-of-a-level": ("kind-field", [  # 2.2 has a base, 2.3 none
        ("kind: cumulative, target: 6, unit: 萬人", "kind: level, target: 6, base: 2, unit: 萬人, schedule: {Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}"),
        ("kind: cumulative, target: 6000, unit: 萬噸", "kind: level, target: 6000, unit: 萬噸, schedule: {Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}")], {}, [
        (P, 29, 75, "schedule 只用於累計型（cumulative）目標和有年初基數（base）的年末水平（level）目標，2.3 是 level")]),
    "kind-field/relative-to-with-a-figure": ("kind-field", [("lead: tjj}\n", 'lead: tjj}\n'
        '  - {id: H2, name: 收入, kind: rate, target: 5, relative_to: H1, goal: 同步, lead: tjj}\n'
        '  - {id: H3, name: 收入, kind: rate, stretch: 6, relative_to: H1, goal: 同步, lead: tjj}\n')], {}, [
        (P, 16, 47, "H2 以另一個目標的實際數為目標（relative_to），不能再寫 target、stretch 或 schedule"),
        (P, 17, 48, "H3 以另一個目標的實際數為目標（relative_to），不能再寫 target、stretch 或 schedule")]),
    "unknown-unit/co-by-name": ("unknown-unit", [("co: [tjj]", "co: [市統計局]")], {}, [
        (P, 25, 14, "未知單位「市統計局」；這裡要寫編號「tjj」")]),
    "unknown-unit/lead-co-breakdown": ("unknown-unit", [
        ("        lead: fgw\n", "        lead: fgx\n"), ('unit: "%"}\n', 'unit: "%", co: [fgw, zzz]}\n'),
        ("lead: rsj}", "lead: 市人力社保局}"), ("xzq: 3000}}", "秀洲區: 3000}}")], {}, [
        (P, 24, 15, "未知單位「fgx」"),
        (P, 27, 86, "未知單位「zzz」"),
        (P, 28, 82, "未知單位「市人力社保局」；這裡要寫編號「rsj」"),
        (P, 31, 37, "未知單位「秀洲區」；這裡要寫編號「xzq」")]),  # at the key: the value is the share
    # a group's members and a target's shares are units, never a group
    "unknown-unit/groups": ("unknown-unit", [
        (GROUP, "kind: county}\ngroups: [{id: gjd, name: 各縣區, members: [nhq, zzz, gjd]}]\nheadline"),
        ("xzq: 3000}}", "gjd: 3000}}")], {}, [
        (P, 14, 46, "未知單位「zzz」"),
        (P, 14, 51, "未知單位「gjd」；這裡要寫單位，不能寫單位組"),
        (P, 32, 37, "未知單位「gjd」；這裡要寫單位，不能寫單位組")]),
    "missing-lead": ("missing-lead", [('unit: "%", lead: tjj}', 'unit: "%"}')], {}, [
        (P, 15, 5, "H1 沒有牽頭單位（lead）：沒有單位報送它，各期都是未報送；請按責任分解方案補上")]),
    "missing-lead/a-group-of-no-members": ("missing-lead", [
        (GROUP, "kind: county}\ngroups: [{id: kg, name: 空組, members: []}]\nheadline"),
        ('unit: "%", lead: tjj}', 'unit: "%", lead: kg}')], {}, [
        (P, 16, 5, "H1 的單位組沒有成員：沒有單位報送它，各期都是未報送；請按責任分解方案補上")]),
    "kind-field/milestone-with-a-figure": ("kind-field", [
        ("kind: milestone, due: Q2,", "kind: milestone, due: Q2, target: 3,")], {}, [
        (P, 32, 63, "里程碑（milestone）2.5 沒有數字目標，請刪去 target")]),
    "kind-field/fields-of-figures": ("kind-field", [
        ("name: 編號測試, kind: cumulative", "name: 編號測試, kind: rate"),
        ('unit: "%"}\n', 'unit: "%", due: Q3}\n'),
        ("kind: cumulative, target: 6, unit: 萬人", "kind: cumulative, unit: 萬人"),
        ("target: 6000, unit: 萬噸", "target: 6000, stretch: 5000, unit: 萬噸"),
        ('target: 10, unit: "%", lead: tjj', 'target: 10, stretch: 10, unit: "%", lead: tjj')], {}, [
        (P, 27, 76, "due 只用於里程碑（milestone），2.1 是 rate"),
        (P, 28, 13, "目標 2.2 缺少年度數字 target（只有里程碑和 relative_to 的目標可以沒有）"),
        (P, 29, 79, "stretch（5000）應大於等於 target（6000）"),  # stretch equal to target (H1) is fine
        (P, 34, 14, "schedule 只用於累計型（cumulative）目標和有年初基數（base）的年末水平（level）目標，5.10 是 rate")]),
    "kind-field/task-fields": ("kind-field", [
        ('unit: "%"}\n', 'unit: "%", open_ended: true}\n'),
        ("unit: 萬人, lead: rsj}", "unit: 萬人, lead: rsj, qualifier: 左右}"),
        ("compare: above}", "compare: above, qualifier: 以上}"),
        ("due: Q2, due_set_by: office}", "due: Q2, due_set_by: office, open_ended: true, qualifier: 以上}"),
        ("tolerance: 0.2, lead: fgw}", "tolerance: 0.2, lead: fgw, qualifier: 左右}"),
        (LAST, LAST + '          - {id: "2.6", name: 編製規劃, kind: milestone, due_set_by: office}\n')], {}, [
        (P, 27, 76, "open_ended 只用於里程碑（milestone），2.1 是 rate"),
        # 2.2's 左右 without a tolerance is allowed: the figure itself is judged
        (P, 29, 107, "2.3 的「以上」應配 compare: at_least，不是 above"),
        (P, 32, 54, "2.5 是持續推進的任務（open_ended），沒有完成時限；請刪去 due"),
        (P, 32, 101, "里程碑 2.5 沒有數字，不需要 qualifier"),
        (P, 35, 54, "2.6 寫了 due_set_by 卻沒有 due")]),
    "breakdown-sum": ("breakdown-sum", [("xzq: 3000}", "xzq: 2000}")], {}, [
        (P, 31, 25, "2.4 的分解數合計 7000，不等於年度目標 8000")]),
    "schedule/decreasing": ("schedule", [("{Q1: 0.1, Q2: 0.4,", "{Q1: 0.3, Q2: 0.2,")], {}, [
        (P, 34, 38, "Q2 的進度比例 0.2 小於上一季度；序時進度不能倒退")]),
    "schedule/range-and-end": ("schedule", [("{Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}", "{Q1: -0.1, Q2: 1.5, Q3: 0.7, Q4: 0.9}")], {}, [
        (P, 34, 29, "Q1 的進度比例 -0.1 應在 0 到 1 之間"),
        (P, 34, 39, "Q2 的進度比例 1.5 應在 0 到 1 之間"),
        (P, 34, 48, "Q3 的進度比例 0.7 小於上一季度；序時進度不能倒退"),  # below 1.5, the highest so far
        (P, 34, 57, "Q4 的進度比例 0.9 小於上一季度；序時進度不能倒退"),
        (P, 34, 57, "Q4 的進度比例應為 1（年底完成全年目標）")]),
    "schedule/missing-quarters-then-another-target": ("schedule", [
        ("unit: 萬人, lead: rsj}", "unit: 萬人, lead: rsj, schedule: {Q1: 0.1, Q2: 0.4}}"),
        ("{Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}", "{Q1: 0.3, Q2: 0.2, Q3: 0.7, Q4: 1}")], {}, [
        (P, 28, 97, "schedule 缺少 Q3, Q4；四個季度都要寫"),
        (P, 34, 38, "Q2 的進度比例 0.2 小於上一季度；序時進度不能倒退")]),
    "dates/before-the-previous": ("dates", [("Q3: 2012-10-08", "Q3: 2012-06-01")], {}, [
        (P, 6, 49, "Q3 的報送日期 2012-06-01 應晚於 2012-07-05"),
        (P, 6, 49, "Q3 的報送日期 2012-06-01 早於季度結束日 2012-09-30")]),
    "dates/same-day-and-quarter-end": ("dates", [("Q1: 2012-04-05, Q2: 2012-07-05", "Q1: 2012-03-31, Q2: 2012-03-31")], {}, [
        # Q1 on its quarter's last day is fine; Q2 on the same day as Q1 is not
        (P, 6, 33, "Q2 的報送日期 2012-03-31 應晚於 2012-03-31"),
        (P, 6, 33, "Q2 的報送日期 2012-03-31 早於季度結束日 2012-06-30")]),
    "dates/before-the-issue-date": ("dates", [("issued: 2012-02-03", "issued: 2012-04-06")], {}, [
        (P, 6, 17, "Q1 的報送日期 2012-04-05 應晚於 2012-04-06")]),
    # each date is later than the latest before it, not only than the one before
    "dates/no-issue-date-and-a-late-first-quarter": ("dates", [("issued: 2012-02-03\n", ""),
        ("Q1: 2012-04-05, Q2: 2012-07-05, Q3: 2012-10-08", "Q1: 2012-10-05, Q2: 2012-07-05, Q3: 2012-10-01")], {}, [
        (P, 5, 33, "Q2 的報送日期 2012-07-05 應晚於 2012-10-05"),
        (P, 5, 49, "Q3 的報送日期 2012-10-01 應晚於 2012-10-05")]),
    "dates/deadlines-of-another-year": ("dates", [
        ("text: 確保固定資產投資增長10%。\n", "text: 確保固定資產投資增長10%。\n        due: 2013年6月底前\n"),
        ("kind: milestone, due: Q2, due_set_by: office}", "kind: milestone, due: 2011年9月底前}")], {}, [
        (P, 24, 14, "完成時限「2013年6月底前」不在計劃年度 2012 年內；跨年的任務請寫本年度應完成的部分"),
        (P, 33, 59, "完成時限「2011年9月底前」不在計劃年度 2012 年內；跨年的任務請寫本年度應完成的部分")]),
    "thresholds/above-one": ("thresholds", [("serious: 0.8", "serious: 1.2")], {}, [
        (P, 7, 23, "serious 應在 0 與 1 之間（不含），不是 1.2")]),
    "thresholds/one": ("thresholds", [("serious: 0.8", "serious: 1")], {}, [
        (P, 7, 23, "serious 應在 0 與 1 之間（不含），不是 1")]),
    "thresholds/zero": ("thresholds", [("serious: 0.8", "serious: 0")], {}, [
        (P, 7, 23, "serious 應在 0 與 1 之間（不含），不是 0")]),
    "no-target/point": ("no-target", [
        ("sections:\n", "sections:\n  - {id: 9, title: 空, points: [{id: 30, title: 空, text: 空。, lead: fgw}]}\n")], {}, [
        (P, 18, 32, "工作要點 30「空」沒有目標；沒有數字的要點請用里程碑（milestone）")]),
    "no-target/section": ("no-target", [("sections:\n", "sections:\n  - {id: 9, title: 空, points: []}\n")], {}, [
        (P, 18, 5, "「空」沒有任何工作要點")]),
    "due-unstated": ("due-unstated", [("due: Q2, due_set_by: office}", "due: Q2}")], {}, [
        (P, 32, 59, "2.5 的完成時限 Q2 原文沒有寫明；若是督查室確定的，請加 due_set_by: office")]),
    "due-unstated/after-stated-ones": ("due-unstated", [(LAST, LAST  # 2.5's is the office's, 2.6's the source's
        + '          - {id: "2.6", name: 啟動建設, kind: milestone, due: Q2, source: 上半年啟動建設}\n'
        + '          - {id: "2.7", name: 完成規劃, kind: milestone, due: Q3}\n')], {}, [
        (P, 36, 59, "2.7 的完成時限 Q3 原文沒有寫明；若是督查室確定的，請加 due_set_by: office")]),
    # a deadline in words is stated when its point's text or its source writes it: 2.6's is the
    # point's; 2.7's source writes another
    "due-unstated/in-words": ("due-unstated", [
        ("text: 確保固定資產投資增長10%。", "text: 確保固定資產投資增長10%，6月底前啟動建設。"),
        (LAST, LAST + '          - {id: "2.6", name: 啟動建設, kind: milestone, due: 6月底前}\n'
                      '          - {id: "2.7", name: 完成規劃, kind: milestone, due: 9月底前, source: 6月底前完成規劃}\n')], {}, [
        (P, 36, 59, "2.7 的完成時限 9月底前 原文沒有寫明；若是督查室確定的，請加 due_set_by: office")]),
    "unknown-leader": ("unknown-leader", [("units:\n", "leaders: [{id: wang, name: 王某}]\nunits:\n"),
                                          ("co: [tjj]\n", "co: [tjj]\n        leaders: [wang, 王某, li]\n")], {}, [
        (P, 27, 25, "未知領導「王某」；這裡要寫編號「wang」"),
        (P, 27, 29, "未知領導「li」；請先在 leaders 中列出")]),
    "relative-to": ("relative-to", [("lead: tjj}\n", 'lead: tjj}\n'
                                     '  - {id: H2, name: 收入增長, kind: rate, unit: "%", relative_to: H9, goal: 同步, lead: tjj}\n'
                                     '  - {id: H3, name: 收入增長, kind: cumulative, unit: "%", relative_to: H1, goal: 同步, lead: tjj}\n'
                                     '  - {id: H4, name: 收入增長, kind: rate, unit: "%", relative_to: H2, goal: 同步, lead: tjj}\n'
                                     '  - {id: H5, name: 收入增長, kind: rate, unit: "%", relative_to: H1, lead: tjj}\n')], {}, [
        (P, 16, 49, "relative_to 寫的目標「H9」不在計劃中"),
        (P, 17, 55, "relative_to 只用於增速或比率（rate），H3 是 cumulative"),
        (P, 18, 49, "H4 要對照的 H2 應是另一個有數字的目標（不是里程碑，也不對照別的目標）"),
        (P, 19, 5, "H5 請用 goal 寫原文的要求，如 與經濟增長基本同步")]),
    "relative-to/a-milestone": ("relative-to", [("lead: tjj}\n", 'lead: tjj}\n'
        '  - {id: H2, name: 收入增長, kind: rate, unit: "%", relative_to: "2.5", goal: 同步, lead: tjj}\n')], {}, [
        (P, 16, 49, "H2 要對照的 2.5 應是另一個有數字的目標（不是里程碑，也不對照別的目標）")]),
    "not-in-notice": ("not-in-notice", [("units:\n", "notice: {paragraphs: [\"各單位每季度末書面報告進展情況。對完成任務出色的單位予以表彰。\"]}\n"
                                                      "bulletins: {duty: 各單位每季度末書面報告進展情況。, consequences: 對完成任務出色的單位予以通報表彰。}\nunits:\n")], {}, [
        (P, 9, 37, "這句話不在印發通知的原文中；通報加引號引用它，必須與原文一字不差")]),
    "not-in-notice/no-notice": ("not-in-notice", [
        ("units:\n", "bulletins: {duty: 各單位每季度末書面報告進展情況。, consequences: 予以表彰。}\nunits:\n")], {}, [
        (P, 8, 13, "計劃沒有印發通知（notice），通報無從引用這句話；請寫入通知原文，或刪去這一項"),
        (P, 8, 37, "計劃沒有印發通知（notice），通報無從引用這句話；請寫入通知原文，或刪去這一項")]),
    # a quote may run on into the next paragraph; spaces are not compared
    "not-in-notice/two-paragraphs-and-spaces": ("not-in-notice", [("units:\n",
        "notice: {paragraphs: [各單位 每季度末書面報告進展情況。, 對完成任務出色的單位予以表彰。]}\n"
        "bulletins: {duty: 各單位每季度末書面報告進展情況。對完成任務出色的單位予以表彰。, division: 各單位  每季度末書面報告進展情況。}\n"
        "units:\n")], {}, []),
    "lead-also-co/point": ("lead-also-co", [("co: [tjj]", "co: [tjj, fgw]")], {}, [
        (P, 25, 19, "市發改委 是要點 2 的牽頭單位，不必再列為責任單位")]),
    "lead-also-co/target": ("lead-also-co", [("unit: 萬人, lead: rsj}", "unit: 萬人, lead: rsj, co: [tjj, rsj]}")], {}, [
        (P, 28, 97, "市人力社保局 是 2.2 的牽頭單位，不必再列為責任單位")]),
    # the small plan is traditional (44 traditional-only characters); 污 and 并 are simplified, and
    # 并 is 併 in 海外并購 but 並 in 并舉: each as its phrase reads
    "mixed-script": ("mixed-script", [("text: 確保固定資產投資增長10%。", "text: 確保固定資產投資增長10%，加強污染整治，海外并購并舉。")], {}, [
        (P, 23, 15, "混有簡體字『污』（應為『汙』）、『并』（應為『併』或『並』）；本計劃是繁體字（全文繁體特有字44個、簡體特有字3個），"
                    "請統一用繁體字：文件輸出時會轉換，但計劃是原始記錄")]),
    # the same plan in simplified but for one unit's name: that name is the one out of place; the
    # qualifier 以內 is a word of the format, spelt so in either script, and not counted
    "mixed-script/a-simplified-plan": ("mixed-script", [(SMALL_PLAN, SIMPLIFIED_PLAN.replace(
        "{id: tjj, name: 市统计局,", "{id: tjj, name: 市統計局,").replace(
        "compare: at_most,", "compare: at_most, qualifier: 以內,"))], {}, [
        (P, 10, 21, "混有繁體字『統』（應為『统』）、『計』（應為『计』）；本計劃是簡體字（全文繁體特有字2個、簡體特有字38個），"
                    "請統一用簡體字：文件輸出時會轉換，但計劃是原始記錄")]),
    "mixed-script/one-script-each": ("mixed-script", [(SMALL_PLAN, SIMPLIFIED_PLAN)], {}, []),
    # a character met twice is named once, with what stands for it once (42: the small plan's 41 and 強)
    "mixed-script/a-character-twice": ("mixed-script", [("text: 確保固定資產投資增長10%。", "text: 確保固定資產投資增長10%，加強污染和污水整治。")], {}, [
        (P, 23, 15, "混有簡體字『污』（應為『汙』）；本計劃是繁體字（全文繁體特有字42個、簡體特有字2個），"
                    "請統一用繁體字：文件輸出時會轉換，但計劃是原始記錄")]),
    # the plan's script is the one most of its characters are written in, whatever its title's
    "mixed-script/a-simplified-title": ("mixed-script", [("title: 測試計劃", "title: 测试计划")], {}, [
        (P, 3, 8, "混有簡體字『测』（應為『測』）、『试』（應為『試』）、『计』（應為『計』）；本計劃是繁體字"
                  "（全文繁體特有字37個、簡體特有字3個），請統一用繁體字：文件輸出時會轉換，但計劃是原始記錄")]),
    "mixed-script/a-traditional-title": ("mixed-script", [(SMALL_PLAN, SIMPLIFIED_PLAN.replace("title: 测试计划", "title: 測試計劃"))], {}, [
        (P, 3, 8, "混有繁體字『測』（應為『测』）、『試』（應為『试』）、『計』（應為『计』）、『劃』（應為『划』）；本計劃是簡體字"
                  "（全文繁體特有字4個、簡體特有字37個），請統一用簡體字：文件輸出時會轉換，但計劃是原始記錄")]),
    # a tie (two characters of each script) goes to the title's script, traditional when the title has neither
    "mixed-script/a-tie-and-a-simplified-title": ("mixed-script", [(SMALL_PLAN, TINY.format(title="测试", text="測試。"))], {}, [
        (P, 13, 33, "混有繁體字『測』（應為『测』）、『試』（應為『试』）；本計劃是簡體字（全文繁體特有字2個、簡體特有字2個），"
                    "請統一用簡體字：文件輸出時會轉換，但計劃是原始記錄")]),
    "mixed-script/a-tie-and-a-traditional-title": ("mixed-script", [(SMALL_PLAN, TINY.format(title="測試", text="测试工作。"))], {}, [
        (P, 13, 33, "混有簡體字『测』（應為『測』）、『试』（應為『試』）；本計劃是繁體字（全文繁體特有字2個、簡體特有字2個），"
                    "請統一用繁體字：文件輸出時會轉換，但計劃是原始記錄")]),
    "mixed-script/a-tie-and-a-title-of-neither": ("mixed-script", [(SMALL_PLAN, TINY.format(title="工作方案", text="測试。"))], {}, [
        (P, 13, 33, "混有簡體字『试』（應為『試』）；本計劃是繁體字（全文繁體特有字1個、簡體特有字1個），"
                    "請統一用繁體字：文件輸出時會轉換，但計劃是原始記錄")]),
    # -- the reports (line 7 is the first entry's target, line 8 its second field) --
    "unknown-unit@report": ("unknown-unit", [], {A: R("市不存在局", "Q1", entry("2.1", "value: 11"))}, [
        (A, 2, 7, "未知單位「市不存在局」；請寫計劃中的單位名稱或編號（jxplan units 列出全部單位）")]),
    # a near miss is suggested as the command line suggests it (--unit 市發改): one function for both
    "unknown-unit@report/near-miss": ("unknown-unit", [], {A: R("市發改", "Q1", entry("2.1", "value: 11"))}, [
        (A, 2, 7, "未知單位「市發改」；是否指「市發改委」？")]),
    "wrong-year": ("wrong-year", [], {A: R("fgw", "Q1", entry("2.1", "value: 11"), year=2011)}, [
        (A, 3, 7, "報告年度 2011 不是計劃的年度 2012")]),
    "missing-date": ("missing-date", [], {
        A: R("fgw", "Q1", entry("2.1", "value: 11")).replace("submitted: 2012-04-01", "submitted:")}, [
        (A, 5, 11, "請填報送日期 submitted（如 2012-04-05）；逾期與否以它為準")]),  # just after the empty key
    "early": ("early", [], {A: R("fgw", "Q2", entry("2.1", "value: 11"), submitted="2012-06-20")}, [
        (A, 5, 12, "報送日期 2012-06-20 早於 Q2 結束（2012-06-30）")]),
    "early/on-the-last-day": ("early", [], {A: R("fgw", "Q2", entry("2.1", "value: 11"), submitted="2012-06-30")}, []),
    "quarter-folder": ("quarter-folder", [], {"Q2/" + A: R("fgw", "Q1", entry("2.1", "value: 11"))}, [
        (A, 4, 10, "季度 quarter 填的是 Q1，文件卻在 Q2 文件夾；按報告內容計為 Q1 的報告；若季度填錯了，請用 Q2 的表格重填")]),
    "quarter-folder/in-words": ("quarter-folder", [], {"二季度/" + A: R("fgw", "Q3", entry("2.1", "value: 11"),
                                                                      submitted="2012-10-08")}, [
        (A, 4, 10, "季度 quarter 填的是 Q3，文件卻在 二季度 文件夾；按報告內容計為 Q3 的報告；若季度填錯了，請用 Q2 的表格重填")]),
    "quarter-folder/a-folder-of-digits-names-no-quarter": ("quarter-folder", [], {
        "2/" + A: R("fgw", "Q1", entry("2.1", "value: 11"))}, []),
    "blank-report": ("blank-report", [], {A: R("fgw", "Q1", '- target: "2.1"\n')}, [
        (A, 6, 1, "這份報告沒有填任何數值、進度或說明，不算報送；「市發改委」仍列為未報送")]),
    "blank-report/a-co-unit": ("blank-report", [], {A: R("tjj", "Q1", '- target: "2.1"\n')}, [  # tjj leads H1 only
        (A, 6, 1, "這份報告沒有填任何數值、進度或說明，不算報送；「市統計局」仍列為未報送")]),
    "blank-report/only-a-co-unit": ("blank-report", [("  - {id: H1, name: 地區生產總值增長, kind: rate, target: 10, unit: \"%\", lead: tjj}\n", "")],
        {A: R("tjj", "Q1", '- target: "2.1"\n')}, [
        (A, 6, 1, "這份報告沒有填任何數值、進度或說明，不算報送（「市統計局」只是責任單位，不會列為未報送；配合情況請寫在備注（note））")]),
    "blank-report/no-unit": ("blank-report", [], {A: "version: 1\nyear: 2012\nquarter: Q1\nentries: []\n"}, [
        (A, 4, 1, "這份報告沒有填任何數值、進度或說明，不算報送；這個單位仍列為未報送")]),
    "unknown-target": ("unknown-target", [], {A: R("fgw", "Q1", entry("9.9", "value: 11"))}, [
        (A, 7, 13, '未知目標「9.9」；目標編號 target（如 "2.1"，請加引號）須與計劃一致')]),
    "duplicate-entry": ("duplicate-entry", [], {
        A: R("fgw", "Q1", entry("2.1", "value: 11") + entry("2.3", "value: 1") + entry("2.1", "value: 1"))}, [
        (A, 11, 13, "目標 2.1 已在第7行填報；每個目標只能填一次")]),
    "not-responsible/co": ("not-responsible", [], {A: R("tjj", "Q1", entry("2.1", "value: 9"))}, [
        (A, 8, 12, "市統計局 不能報 2.1 的數值或進度（責任單位只填備注（note）；由 市發改委 填報）")]),
    "not-responsible/a-co-units-stage": ("not-responsible", [], {A: R("tjj", "Q1", entry("2.5", "stage: done"))}, [
        (A, 8, 12, "市統計局 不能報 2.5 的數值或進度（責任單位只填備注（note）；由 市發改委 填報）")]),  # at the stage
    "not-responsible/a-co-units-reason": ("not-responsible", [], {
        A: R("tjj", "Q1", entry("2.1", "note: 已配合\n  reason: {kind: objective, text: 外需下降}"))}, [
        (A, 9, 13, "市統計局 不能報 2.1 滯後的原因（責任單位只填備注（note）；原因由 市發改委 說明，寫在這裡不會被採用）")]),
    "not-responsible/unrelated": ("not-responsible", [], {
        A: R("rsj", "Q1", entry("2.1", "value: 9") + entry("2.4", "value: 100"))}, [
        (A, 8, 12, "市人力社保局 不能報 2.1 的數值或進度（不是它的責任單位；由 市發改委 填報）"),
        (A, 10, 12, "市人力社保局 不能報 2.4 的數值或進度（不是它的責任單位；由 南湖區、秀洲區 填報）")]),
    "unrelated-note": ("unrelated-note", [], {A: R("rsj", "Q1", entry("2.1", "note: 與我無關") + entry("2.2", "value: 1"))}, [
        (A, 7, 5, "市人力社保局 與目標 2.1 無關")]),
    "lead-figure-unused": ("lead-figure-unused", [], {A: R("fgw", "Q1", entry("2.4", "value: 1000"))}, [
        (A, 8, 12, "2.4 已分解到各單位，實際值是各分解單位報送數之和；市發改委 報的數不計入")]),
    "leads-disagree": ("leads-disagree", [("        lead: fgw\n", "        lead: [fgw, tjj]\n"), ("        co: [tjj]\n", "")], {
        A: R("fgw", "Q1", entry("2.5", "stage: in_progress") + entry("2.1", "value: 11")),
        "b.yaml": R("tjj", "Q1", entry("2.5", "stage: not_started") + entry("2.1", "value: 10.5"))}, [
        (A, 7, 5, "2.5 啟動工程：各牽頭單位報的不一致（市發改委報推進中，市統計局報未啟動）；通報取進展最慢的一份，並寫明不一致。請與其他牽頭單位核對"),
        ("b.yaml", 7, 5, "2.5 啟動工程：各牽頭單位報的不一致（市發改委報推進中，市統計局報未啟動）；通報取進展最慢的一份，並寫明不一致。請與其他牽頭單位核對"),
        (A, 9, 5, "2.1 固定資產投資增長：各牽頭單位報的不一致（市發改委報11，市統計局報10.5）；通報取市發改委的數，並寫明不一致。請與其他牽頭單位核對"),
        ("b.yaml", 9, 5, "2.1 固定資產投資增長：各牽頭單位報的不一致（市發改委報11，市統計局報10.5）；通報取市發改委的數，並寫明不一致。請與其他牽頭單位核對")]),
    "report-incomplete": ("report-incomplete", [], {A: R("fgw", "Q2", entry("2.4", "note: 已分解"))}, [
        (A, 6, 1, "市發改委 的第二季度報告沒有 H6、2.1、2.3、2.5、5.10 的 value 或 stage；"
                  "通報會把本單位列為漏報部分目標的單位。請補上這些目標")]),
    "far-late": ("far-late", [], {
        A: R("fgw", "Q3", entry("2.1", "value: 11"), submitted="2013-10-08"),   # the year mistyped: 2012-10-08 meant
        "b.yaml": R("rsj", "Q1", entry("2.2", "value: 3"), submitted="2012-12-31")}, [  # no such day in 2012's window
        (A, 5, 12, "報送日期 2013-10-08 比 Q3 的報送期限 2012-10-08 晚了 365 天，超過一個季度，可能是年份寫錯（是否應為 2012-10-08？）；"
                   "通報不會以它作成文日期，請核對"),
        ("b.yaml", 5, 12, "報送日期 2012-12-31 比 Q1 的報送期限 2012-04-05 晚了 270 天，超過一個季度，可能是年份寫錯；"
                          "通報不會以它作成文日期，請核對")]),
    "implausible-date": ("implausible-date", [], {
        A: R("fgw", "Q4", entry("2.1", "value: 11"), submitted="2012-09-30"),   # a Q4 report before Q4 began
        "b.yaml": R("rsj", "Q2", entry("2.2", "value: 3"), submitted="2021-07-03"),  # the year mistyped
        "c.yaml": R("tjj", "Q1", entry("H1", "value: 3"), submitted="2999-04-01")}, [  # not yet come
        (A, 5, 12, "報送日期 2012-09-30 早於 Q4 開始（2012-10-01）；請核對季度 quarter 和報送日期 submitted，季度報告不會在季度開始前報送"),
        ("b.yaml", 5, 12, "報送日期 2021-07-03 比 Q2 的報送期限 2012-07-05 晚了一年以上；請核對年份"),
        ("c.yaml", 5, 12, "報送日期 2999-04-01 比 Q1 的報送期限 2012-04-05 晚了一年以上；請核對年份")]),
    "unexplained-lag": ("unexplained-lag", [], {A: R("fgw", "Q2", entry("2.1", "value: 9"))}, [  # 9 of 10: behind
        (A, 7, 5, "2.1 固定資產投資增長滯後於序時進度，但沒有說明原因；通報會把本單位列入未說明原因的單位。請填 reason（kind、text）")]),
    # 2.4 at Q2 (breakdown nhq 5000, xzq 3000; half the year's by Q2, tolerance 400 × 0.5 = 200): nhq 2100
    # of 2500 (0.84, behind), xzq 800 of 1500 (0.53, seriously, with a reason), the total 2900 of 4000
    # (0.725, seriously): nhq is told of its own share (its note is no reason), the lead fgw of the total,
    # at the list of entries (its first dash), since its report does not name 2.4
    "unexplained-lag/share-note-and-lead": ("unexplained-lag", [], {
        A: R("nhq", "Q2", entry("2.4", "value: 2100\n  note: 拆遷受阻")),
        B: R("xzq", "Q2", entry("2.4", "value: 800\n  reason: {kind: objective, text: 拆遷受阻}")),
        "c.yaml": R("fgw", "Q2", entry("2.1", "value: 10"))}, [
        (A, 7, 5, "2.4 騰退用地（本單位的分解任務）滯後於序時進度，但沒有說明原因；通報會把本單位列入未說明原因的單位。"
                  "請填 reason（kind、text）（備注裡寫的不算原因）"),
        ("c.yaml", 7, 3, "2.4 騰退用地嚴重滯後於序時進度，但沒有說明原因；通報會把本單位列入未說明原因的單位。請填 reason（kind、text）")]),
    "value-for-milestone": ("value-for-milestone", [], {A: R("fgw", "Q1", entry("2.5", "value: 3"))}, [
        (A, 8, 5, "2.5 是沒有數字的工作任務，請填 stage（not_started / in_progress / done），不填 value")]),
    "stage-for-number": ("stage-for-number", [], {A: R("fgw", "Q1", entry("2.1", "stage: done"))}, [
        (A, 8, 5, "2.1 是數字目標，請填 value，不填 stage")]),
    "unit": ("unit", [], {A: R("rsj", "Q1", entry("2.2", 'value: "1.5萬噸"'))}, [
        (A, 8, 12, "2.2: 單位「萬噸」無法換算成目標的單位「萬人」")]),
    "unit/not-for-a-milestone": ("unit", [], {A: R("fgw", "Q1", entry("2.5", 'value: "3個"'))}, []),  # value-for-milestone says it
    "implausible": ("implausible", [], {A: R("rsj", "Q1", entry("2.2", "value: 60000"))}, [
        (A, 8, 12, "2.2 的數值 60000萬人 超過年度目標的 3 倍；請核實單位")]),
    "implausible/exactly-three-times": ("implausible", [], {A: R("rsj", "Q1", entry("2.2", "value: 18"))}, []),
    "implausible/a-share-as-a-fraction": ("implausible", [], {A: R("fgw", "Q1", entry("2.1", "value: 0.112")),
        B: R("fgw", "Q2", entry("2.1", "value: 1") + entry("H6", "value: 0.5"), submitted="2012-07-03")}, [
        (A, 8, 12, "2.1 的數值 0.112% 不到 1%，年度目標是 10%；若是 11.2%，請寫 11.2（百分數不寫成小數）")]),  # 1 is no fraction; H6's 4% too small a goal
    "implausible/small-zero-and-unitless-targets": ("implausible", [
        ('target: 10, unit: "%"}', "target: 0.5}"), ('kind: rate, target: 10, unit: "%", lead: tjj}', 'kind: rate, target: 0, unit: "%", lead: tjj}')], {
        A: R("fgw", "Q1", entry("2.1", "value: 2")), B: R("tjj", "Q1", entry("H1", "value: 1"))}, [
        (A, 8, 12, "2.1 的數值 2 超過年度目標的 3 倍；請核實單位")]),  # a target of 0 has no multiple
    "negative-cumulative": ("negative-cumulative", [], {A: R("rsj", "Q1", entry("2.2", "value: -1.5"))}, [
        (A, 8, 12, "2.2 是年初至今的累計數，不應是負數（-1.5）；請核實")]),
    "negative-cumulative/zero-and-a-rate": ("negative-cumulative", [], {
        A: R("rsj", "Q1", entry("2.2", "value: 0")), B: R("fgw", "Q1", entry("2.1", "value: -1"))}, []),
    "duplicate-report": ("duplicate-report", [], {
        A: R("fgw", "Q1", entry("2.1", "value: 11"), submitted="2012-04-03"), B: R("市發改委", "Q1", entry("2.1", "value: 11"))}, [
        (B, 2, 7, "市發改委 的 Q1 報告已在 {tmp}/r/a.yaml；同一單位每季只能有一份。按報送日期，較新的是 {tmp}/r/a.yaml"
                  "（2012-04-03，另一份是 2012-04-01），另一份請移出報告文件夾")]),
    "decreasing": ("decreasing", [], {
        A: R("rsj", "Q1", entry("2.2", "value: 1.5")), B: R("rsj", "Q2", entry("2.2", "value: 1"))}, [
        (B, 8, 12, "2.2 是累計數，Q2 的 1 低於 Q1 的 1.5")]),
    "decreasing/equal-a-rate-and-the-first-quarter": ("decreasing", [], {
        A: R("rsj", "Q1", entry("2.2", "value: 1.5")), B: R("rsj", "Q2", entry("2.2", "value: 1.5")),
        "c.yaml": R("rsj", "Q4", entry("2.2", "value: 6")),  # Q1 has no quarter before it (not Q4)
        "d.yaml": R("fgw", "Q1", entry("2.1", "value: 11")), "e.yaml": R("fgw", "Q2", entry("2.1", "value: 9"))}, []),
}


@pytest.mark.parametrize("name", EXAMPLES)
def test_check_says_what_and_where(tmp_path, name):
    code, changes, files, expected = EXAMPLES[name]
    plan = SMALL_PLAN
    for old, new in changes:
        assert old in plan, old
        plan = plan.replace(old, new, 1)
    plan_file = write(tmp_path / P, plan)
    paths = [plan_file] + [write(tmp_path / "r" / f, text) for f, text in files.items()]
    found = sorted((Path(p.path).name, p.line, p.col, p.message.replace(str(tmp_path), "{tmp}"))
                   for p in check_paths(paths, plan_file, explicit_plan=True).problems if p.code == code)
    assert found == sorted(expected)


def test_every_check_has_an_example_of_what_it_says():
    assert {_key(c) for c in REGISTRY} <= {name.split("/")[0] for name in EXAMPLES}


def test_the_table_names_each_rule_once_after_its_code_with_one_severity():
    from jxplan.check.rules.base import Rule

    for r in REGISTRY:
        assert r.run.__name__ == r.code.replace("-", "_"), r  # one code, one function name
    severities: dict = {}
    for r in REGISTRY:
        assert severities.setdefault(r.code, r.severity) == r.severity, r.code  # a code means one thing
    assert len({(r.code, r.scope) for r in REGISTRY}) == len(REGISTRY)  # each rule once
    with pytest.raises(ValueError):
        Rule("x", "everywhere", "error", lambda: None)
    with pytest.raises(ValueError):
        Rule("x", "plan", "fatal", lambda: None)


@pytest.mark.parametrize("data,blank", [
    ({"unit": "fgw", "entries": []}, True),
    ({"unit": "fgw"}, True),  # no entries at all
    ({"unit": "fgw", "entries": None}, True),
    ({"entries": [{"target": "2.1", "value": None, "note": "  ", "reason": None}]}, True),
    ({"entries": [{"target": "2.1", "reason": {"kind": None, "text": " "}}]}, True),  # the form's empty reason
    ({"entries": [{"target": "2.1", "reason": {"kind": "objective", "text": "梅雨"}}]}, False),  # a reason alone says something
    ({"entries": [{"target": "2.1", "reason": "梅雨"}]}, False),
    ({"entries": [{"target": "2.1", "reason": None, "value": 11}]}, False),  # every field is read, not the first
    ({"entries": [{"target": "2.1", "value": {}}]}, False),  # not blank but wrong: validation says so
    ({"entries": [{"target": "2.1"}, "2.2"]}, False),
    ({"entries": "2.1"}, False),
    (["entries"], False),
])
def test_blank_form(data, blank):
    from jxplan.check.rules.report import blank_form

    assert blank_form(data) is blank


def test_a_date_that_cannot_be_read_hides_no_other_problem_of_the_file(tmp_path):
    # one round of validate names everything: the date, and a co-unit's figure (tjj co-leads 2.1)
    text = R("tjj", "Q2", entry("2.1", "value: 11")).replace("submitted: 2012-07-01", "submitted: 10月6日")
    found = sorted((p.line, p.code, p.message) for p in run_case(tmp_path, {"a.yaml": text}))
    assert found == [
        (5, "schema", "submitted: 日期應寫成 2012-07-05 的形式，不是「10月6日」"),
        (8, "not-responsible", "市統計局 不能報 2.1 的數值或進度（責任單位只填備注（note）；由 市發改委 填報）")]
    from jxplan.check.plans import load_plan
    from jxplan.check.reports import report_outcome

    pl = load_plan(tmp_path / "plan.yaml")
    assert not report_outcome("a.yaml", text.encode(), pl.plan, pl.index).accepted


def test_the_runner_takes_each_scope_s_rules_in_the_table_s_order():
    from jxplan.check.rules import RULES
    from jxplan.check.rules.base import scoped

    assert [r.code for r in scoped(RULES, "folder")] == ["duplicate-report", "decreasing"]
    assert [r.code for r in scoped(RULES, "data")] == ["blank-report"]
    assert scoped(RULES, "result") == ()  # the judge's (judge/advice.py)


def test_a_rule_of_no_scope_or_severity_is_refused_by_name():
    from jxplan.check.rules.base import Rule

    def undocumented(ctx):
        return None

    with pytest.raises(ValueError, match=r"^rule x-y: scope 'nowhere', severity 'error'$"):
        Rule("x-y", "nowhere", "error", undocumented)
    with pytest.raises(ValueError, match=r"^rule x-y: scope 'plan', severity 'fatal'$"):
        Rule("x-y", "plan", "fatal", undocumented)
    assert Rule("x-y", "plan", "error", undocumented).doc == ""  # no docstring: no documentation, not None


def test_a_field_is_named_in_the_words_of_its_kind_of_file():
    from jxplan.check.rules.base import field_words
    from jxplan.core.form_layout import FIELD_WORDS
    from jxplan.read import Document, Place

    def nowhere(loc, key):
        return Place(1, 1)

    said = "請填{field:submitted}；請填{field:value}或{field:stage}；{field:quarter}見 {field:reason}"
    # a YAML key is set off from Chinese by one space (never two: 見 is followed by one already)
    assert field_words(said, Document("a.yaml", {}, nowhere)) == \
        "請填報送日期 submitted；請填 value 或 stage；季度 quarter 見 reason（kind、text）"
    assert field_words(said, Document("a.xlsx", {}, nowhere, words=FIELD_WORDS)) == \
        "請填報送日期；請填累計完成或進度階段；季度見 原因類別和原因說明"
