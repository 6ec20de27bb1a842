"""The judge at its edges: what a target's status carries for the documents, the flags of a
unit that several leads or an earlier quarter concern, the boundaries of the arithmetic, and
the warnings that read the result (at a workbook's cells, past forty targets, of two reports
of one unit). Inline YAML; every expected figure and message worked out by hand beside it."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from conftest import SMALL_PLAN, report, said
from jxplan.judge.status import compute, evaluate_number, select
from test_xlsx import blank_form, fill

R = report
TWO_LEADS = ("        lead: fgw\n        co: [tjj]\n", "        lead: [fgw, tjj]\n")
HEAD = SMALL_PLAN[:SMALL_PLAN.index("units:\n")]  # version … thresholds


def status_of(ws, quarter, tid):
    assert ws.ok, ws.problems
    return {t.id: t for t in compute(ws.index, ws.reports, quarter).targets}[tid]


def units_of(ws, quarter):
    assert ws.ok, ws.problems
    return {u.id: u for u in compute(ws.index, ws.reports, quarter).units}


# ---- what a target's status carries for the documents ------------------------------------------

NESTED = """\
    sections:
      - id: 1
        title: 擴大消費
        points:
          - id: 7
            title: 促進消費
            text: 社會消費品零售總額增長15%。
            lead: fgw
            targets:
              - {id: "7.1", name: 社會消費品零售總額增長, kind: rate, target: 15, unit: "%"}
              - {id: "7.2", name: 森林覆蓋率, kind: level, target: 60, base: 58, unit: "%"}
"""


def test_a_target_status_carries_its_headings_leaders_leads_and_the_target_it_follows(workspace):
    plan = (SMALL_PLAN
            .replace("units:\n", "leaders: [{id: wang, name: 王某某, title: 副市長}]\nunits:\n")
            .replace("        co: [tjj]\n", "        co: [tjj]\n        leaders: [wang]\n")
            .replace("lead: tjj}\n", 'lead: tjj}\n  - {id: H2, name: 城鄉居民收入增長, kind: rate, unit: "%", '
                                     "relative_to: H1, goal: 與經濟增長同步, lead: [fgw, tjj]}\n"
                                     '  - {id: H3, name: 空氣優良天數比例, kind: rate, target: 80, unit: "%"}\n')
            + NESTED)
    ws = workspace({"tjj.yaml": R("tjj", "Q2", '- target: H1\n  value: 10\n- target: H2\n  value: 11\n')},
                   plan_text=plan)
    t = status_of(ws, "Q2", "2.1")
    assert (t.chain, t.part, t.leaders) == (("一、第一部分",), "一、第一部分", ("王某某（副市長）",))
    nested = status_of(ws, "Q2", "7.1")  # a point of part 一's first sub-part: depth 2 is （一）
    assert (nested.chain, nested.part, nested.leaders) == (("一、第一部分", "（一）擴大消費"), "一、第一部分", ())
    assert (status_of(ws, "Q2", "7.2").base, t.base) == (Decimal(58), None)
    h2 = status_of(ws, "Q2", "H2")  # 11 against H1's 10: on track; two leads, 、 between their names
    assert (h2.relative_name, h2.status, h2.lead_name, h2.chain, h2.part) == (
        "地區生產總值增長", "on_track", "市發改委、市統計局", (), "主要預期目標")
    assert (status_of(ws, "Q2", "H1").relative_name, status_of(ws, "Q2", "H3").lead_name) == (None, "—")  # no lead


# ---- the flags of a unit -----------------------------------------------------------------------

def test_a_breakdown_share_follows_the_target_s_own_schedule(workspace):
    # 2.4 (8000 畝, 左右 400) with 10% due by Q1: E = 800, the band 400 × 0.1 = 40; 400 + 360 = 760 is on
    # track (by the default quarter, 2000, it would be seriously behind). nhq: 400 of 5000 × 0.1 = 500
    # (0.8 exactly: behind); xzq: 360 of 300, on track. A share left out is the unit's to report.
    plan = SMALL_PLAN.replace("breakdown: {nhq: 5000, xzq: 3000}}",
                              "breakdown: {nhq: 5000, xzq: 3000}, schedule: {Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}}")
    ws = workspace({"nhq.yaml": R("nhq", "Q1", '- target: "2.4"\n  value: 400\n'),
                    "xzq.yaml": R("xzq", "Q1", '- target: "2.4"\n  value: 360\n'),
                    "nhq2.yaml": R("nhq", "Q2", '- target: "2.4"\n  note: 拆遷中\n')}, plan_text=plan)
    t = status_of(ws, "Q1", "2.4")
    assert (t.expected, t.actual, t.status) == (Decimal(800), Decimal(760), "on_track")
    assert [(s.unit, s.expected, s.status) for s in t.shares] == [("nhq", Decimal(500), "behind"),
                                                                   ("xzq", Decimal(300), "on_track")]
    nhq = units_of(ws, "Q2")["nhq"]
    assert (nhq.reported, nhq.unreported, nhq.incomplete) == (True, ("2.4",), True)


def test_a_lead_on_pace_by_its_own_report_is_not_praised_while_the_task_is_behind(workspace):
    # H1 led by both; fgw's figure (the first lead's) counts: 8 of 10, behind. tjj's own 10 is on
    # track: tjj is not named for the delay, nor praised for a task the bulletin reports behind
    plan = HEAD + ("units:\n  - {id: fgw, name: 市發改委, kind: department}\n  - {id: tjj, name: 市統計局, kind: department}\n"
                   'headline:\n  - {id: H1, name: 地區生產總值增長, kind: rate, target: 10, unit: "%", lead: [fgw, tjj]}\n')
    ws = workspace({"fgw.yaml": R("fgw", "Q2", '- target: H1\n  value: 8\n'),
                    "tjj.yaml": R("tjj", "Q2", '- target: H1\n  value: 10\n')}, plan_text=plan)
    assert status_of(ws, "Q2", "H1").lead_statuses == (("fgw", "behind"), ("tjj", "on_track"))
    u = units_of(ws, "Q2")
    assert (u["fgw"].must_explain, u["fgw"].commended) == (True, False)
    assert (u["tjj"].must_explain, u["tjj"].commended, u["tjj"].ongoing) == (False, False, False)


def test_a_unit_named_in_the_third_quarter_is_not_praised_for_the_year(workspace):
    # rsj's 2.2 (6 萬人): 1.5 of 1.5 in Q1 and 3 of 3 in Q2, on track; 3 of 4.5 in Q3 (0.67: seriously
    # behind, no reason: named); 6 at Q4, achieved: improved, never commended, in a narrowed view too
    ws = workspace({"1.yaml": R("rsj", "Q1", '- target: "2.2"\n  value: 1.5\n'),
                    "2.yaml": R("rsj", "Q2", '- target: "2.2"\n  value: 3\n'),
                    "3.yaml": R("rsj", "Q3", '- target: "2.2"\n  value: 3\n'),
                    "4.yaml": R("rsj", "Q4", '- target: "2.2"\n  value: 6\n')})
    result = compute(ws.index, ws.reports, "Q4")
    assert "rsj" in result.named and "tjj" in result.named  # tjj: missing in Q1–Q3
    for view in (result, select(result, units=["rsj"])):
        rsj = {u.id: u for u in view.units}["rsj"]
        assert (rsj.achieved, rsj.improved, rsj.commended) == (("2.2",), True, False)


def test_the_leads_hear_their_disagreement_in_the_plan_s_word_for_them(tmp_path):
    plan = SMALL_PLAN.replace(*TWO_LEADS).replace("units:\n", "roles: {lead: 主辦單位}\nunits:\n")
    files = {"a.yaml": R("fgw", "Q1", '- target: "2.1"\n  value: 11\n'),
             "b.yaml": R("tjj", "Q1", '- target: "2.1"\n  value: 10.5\n')}
    message = ("2.1 固定資產投資增長：各主辦單位報的不一致（市發改委報11，市統計局報10.5）；通報取市發改委的數，"
               "並寫明不一致。請與其他主辦單位核對")
    assert said(tmp_path, files, "leads-disagree", plan) == [("a.yaml", 7, 5, message), ("b.yaml", 7, 5, message)]


# ---- the arithmetic at its edges -------------------------------------------------------------

def test_above_at_the_year_s_end_is_strictly_above_the_band(workspace):
    # 2.3: above 6000 萬噸, 左右 100: at Q4 the band is 100 × 1; above 5900 achieved, 5900 itself not
    plan = SMALL_PLAN.replace("unit: 萬噸, compare: above}", "unit: 萬噸, compare: above, tolerance: 100}")
    for value, status in (("5900.01", "achieved"), ("5900", "not_achieved")):
        ws = workspace({"fgw.yaml": R("fgw", "Q4", f'- target: "2.3"\n  value: {value}\n')}, plan_text=plan)
        assert status_of(ws, "Q4", "2.3").status == status, value


def test_the_expected_figure_is_exact_before_it_is_printed():
    # 578801614391072.4442086072 × 0.6407677010 = 370877379788456.00499999999995604720 exactly:
    # printed (half up, two places) 370877379788456.00; the product rounded first to 28 digits
    # (370877379788456.0050000000000) would print .01, and a figure of .00 would seem behind
    goal, share = Decimal("578801614391072.4442086072"), Decimal("0.6407677010")
    e = evaluate_number("cumulative", "at_least", goal, None, share, Decimal("370877379788456.00"), "Q2", Decimal("0.8"))
    assert (e.expected, e.status) == (Decimal("370877379788456.00"), "on_track")


@pytest.mark.parametrize("goal, actual, status", [
    ("0", "1", "behind"),               # a ceiling of nothing exceeded: no share to grade (E = 0)
    ("0.5", "1", "seriously_behind"),   # 0.5 < 0.8 × 1
    ("0.8", "1", "behind"),             # 0.8 × 1 exactly
])
def test_a_ceiling_exceeded_is_seriously_so_under_serious_of_the_actual(goal, actual, status):
    e = evaluate_number("rate", "at_most", Decimal(goal), None, Decimal(1), Decimal(actual), "Q2", Decimal("0.8"))
    assert e.status == status


@pytest.mark.parametrize("compare, actual, status", [
    ("at_most", "4", "on_track"),   # a level ceiling with no baseline, before Q4: at or under it already
    ("at_most", "6", "pending"),    # above it: judged at the year's end
    ("at_least", "4", "pending"),
    ("at_least", "6", "on_track"),
])
def test_a_level_without_a_baseline_is_at_its_figure_already_or_pending(compare, actual, status):
    e = evaluate_number("level", compare, Decimal(5), None, Decimal("0.5"), Decimal(actual), "Q2", Decimal("0.8"))
    assert (e.expected, e.status) == (None, status)


@pytest.mark.parametrize("kind, compare, status, label", [
    ("rate", "at_most", "behind", "超出控制目標"),
    ("cumulative", "at_most", "seriously_behind", "超出控制目標"),
    ("rate", "at_most", "not_achieved", "未控制在目標以內"),
    ("rate", "at_most", "on_track", "達到序時進度"),  # a ceiling held: the common word
    ("milestone", "at_most", "behind", "滯後"),      # a task has no ceiling
    ("rate", "at_least", "behind", "滯後"),
])
def test_a_ceiling_s_labels(workspace, kind, compare, status, label):
    ws = workspace({"fgw.yaml": R("fgw", "Q2", '- target: "2.1"\n  value: 10\n')})
    t = replace(status_of(ws, "Q2", "2.1"), kind=kind, compare=compare, status=status)
    assert t.label == label


# ---- the warnings that read the result --------------------------------------------------------

def test_a_workbook_s_warnings_stand_at_the_cells_to_fill(tmp_path, plan_file):
    # fgw's form (rows 6–11: H6, 2.1, 2.3, 2.5, 5.10, 2.4) with 9 for 2.1 alone: the first target left
    # out is H6 (its figure F6); 2.1's reason goes to its reason kind, H7
    files = {"fgw.xlsx": fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": 9}})}
    assert said(tmp_path, files, "report-incomplete") == [("fgw.xlsx", 6, 6, (
        "進度報告!F6：市發改委 的第二季度報告沒有 H6、2.3、2.5、5.10 的累計完成或進度階段；"
        "通報會把本單位列為漏報部分目標的單位。請補上這些目標"))]
    assert said(tmp_path, files, "unexplained-lag") == [("fgw.xlsx", 7, 8, (
        "進度報告!H7：2.1 固定資產投資增長滯後於序時進度，但沒有說明原因；通報會把本單位列入未說明原因的單位。請填原因類別和原因說明"))]


def test_forty_targets_left_out_are_named_and_more_are_counted(tmp_path):
    # jxw leads 9.1 … 9.41, jzw 8.1 … 8.40; each sends a note on its first alone: the warning stands there
    def tasks(section: int, unit: str, n: int) -> str:
        targets = "".join(f'          - {{id: "{section}.{i}", name: 任務{section}之{i}, kind: milestone}}\n'
                          for i in range(1, n + 1))
        return (f"  - id: {section}\n    title: 第{section}部分\n    points:\n      - id: {section}\n"
                f"        title: 任務\n        text: 完成任務。\n        lead: {unit}\n        targets:\n" + targets)

    plan = (SMALL_PLAN.replace("units:\n", "units:\n  - {id: jxw, name: 市經信委, kind: department}\n"
                                           "  - {id: jzw, name: 市建委, kind: department}\n")
            + tasks(9, "jxw", 41) + tasks(8, "jzw", 40))
    files = {"jxw.yaml": R("jxw", "Q2", '- target: "9.1"\n  note: 已開工\n'),
             "jzw.yaml": R("jzw", "Q2", '- target: "8.1"\n  note: 已開工\n')}
    first_40 = "、".join(f"9.{i}" for i in range(1, 41))
    all_40 = "、".join(f"8.{i}" for i in range(1, 41))
    tail = "的 value 或 stage；通報會把本單位列為漏報部分目標的單位。請補上這些目標"
    assert said(tmp_path, files, "report-incomplete", plan) == [
        ("jxw.yaml", 7, 5, f"市經信委 的第二季度報告沒有 {first_40} 等共 41 項目標 {tail}"),
        ("jzw.yaml", 7, 5, f"市建委 的第二季度報告沒有 {all_40} {tail}")]


def test_of_two_reports_of_one_unit_only_the_one_counted_is_told(tmp_path):
    # two Q2 reports of fgw: a.yaml, the newer, counts (duplicate-report says so); b.yaml hears nothing more
    files = {"a.yaml": R("fgw", "Q2", '- target: "2.1"\n  value: 9\n', submitted="2012-07-03"),
             "b.yaml": R("fgw", "Q2", '- target: "2.1"\n  value: 9\n', submitted="2012-07-01")}
    assert said(tmp_path, files, "unexplained-lag") == [
        ("a.yaml", 7, 5, "2.1 固定資產投資增長滯後於序時進度，但沒有說明原因；通報會把本單位列入未說明原因的單位。請填 reason（kind、text）")]
