"""The report checks at their edges: the day a window opens or closes, two problems in one
folder, a form sent back blank in every way it comes, a workbook's cells.

Each case is inline YAML (or a form filled as a clerk fills it) checked by all ``validate``
says, and compared with the messages a clerk reads, written out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import SMALL_PLAN, report, said, write
from jxplan.judge.advice import validate
from test_xlsx import blank_form, fill

R = report


def entry(target: str, field: str) -> str:
    return f'- target: "{target}"\n  {field}\n'


def undated(text: str) -> str:
    head, _, rest = text.partition("submitted: ")
    return head + "submitted:" + rest[rest.index("\n"):]


# ---- a form sent back blank ----------------------------------------------------------------

def test_a_blank_form_needs_no_date_and_says_nothing_else(tmp_path):
    # no figure, stage, note or reason, and no date: no report, and no error for the date it lacks
    assert said(tmp_path, {"a.yaml": undated(R("fgw", "Q1", '- target: "2.1"\n'))}) == [
        ("a.yaml", 6, 1, "這份報告沒有填任何數值、進度或說明，不算報送；「市發改委」仍列為未報送")]


def test_a_blank_form_names_its_unit_as_written_when_no_plan_knows_it(tmp_path):
    blank = "\n".join(["version: 1", "unit: {unit}", "year: 2012", "quarter: Q1", "submitted: 2012-04-01",
                       "entries:", '  - target: "2.1"', ""])
    files = {"a.yaml": blank.format(unit="市不存在局"), "b.yaml": blank.format(unit="123")}
    assert said(tmp_path, files, "blank-report") == [
        ("a.yaml", 6, 1, "這份報告沒有填任何數值、進度或說明，不算報送；「市不存在局」仍列為未報送"),  # not in the plan
        ("b.yaml", 6, 1, "這份報告沒有填任何數值、進度或說明，不算報送；這個單位仍列為未報送")]  # a number is no name
    # a plan with errors: no plan to name the unit, which is named as the form writes it
    broken = SMALL_PLAN.replace("year: 2012\n", "year: 二〇一二\n")
    assert said(tmp_path / "broken", {"a.yaml": blank.format(unit="市發改委")}, "blank-report", plan=broken) == [
        ("a.yaml", 6, 1, "這份報告沒有填任何數值、進度或說明，不算報送；「市發改委」仍列為未報送")]


# ---- the date: the first day of the quarter, a year after the deadline, tomorrow ------------

def test_a_report_dated_the_first_day_of_its_quarter_is_early_but_plausible(tmp_path):
    files = {"a.yaml": R("fgw", "Q2", entry("2.1", "value: 11"), submitted="2012-04-01"),
             "b.yaml": R("tjj", "Q4", entry("H1", "value: 11"), submitted="2012-10-01")}
    assert [p for p in said(tmp_path, files) if p[3].startswith("報送日期")] == [
        ("a.yaml", 5, 12, "報送日期 2012-04-01 早於 Q2 結束（2012-06-30）"),
        ("b.yaml", 5, 12, "報送日期 2012-10-01 早於 Q4 結束（2012-12-31）")]


def test_a_year_after_the_deadline_is_far_late_and_a_day_more_is_implausible(tmp_path):
    # Q3's deadline 2012-10-08: 2013-10-09 is 365 + 1 = 366 days after it (far late, at most a year);
    # 2013-10-10 is 367 (more than a year: the year mistyped, an error); 2013-02-01 is 23 + 30 + 31 +
    # 31 + 1 = 116 days after it, and the same day of 2012 is before the deadline: no day to suggest
    files = {"a.yaml": R("fgw", "Q3", entry("2.1", "value: 11"), submitted="2013-10-09"),
             "b.yaml": R("rsj", "Q3", entry("2.2", "value: 4.5"), submitted="2013-10-10"),
             "c.yaml": R("tjj", "Q3", entry("H1", "value: 11"), submitted="2013-02-01")}
    assert [p for p in said(tmp_path, files) if p[3].startswith("報送日期")] == [
        ("a.yaml", 5, 12, "報送日期 2013-10-09 比 Q3 的報送期限 2012-10-08 晚了 366 天，超過一個季度，"
                          "可能是年份寫錯（是否應為 2012-10-09？）；通報不會以它作成文日期，請核對"),
        ("b.yaml", 5, 12, "報送日期 2013-10-10 比 Q3 的報送期限 2012-10-08 晚了一年以上；請核對年份"),
        ("c.yaml", 5, 12, "報送日期 2013-02-01 比 Q3 的報送期限 2012-10-08 晚了 116 天，超過一個季度，"
                          "可能是年份寫錯；通報不會以它作成文日期，請核對")]


def test_a_report_dated_today_is_plausible_and_one_dated_tomorrow_is_not(tmp_path):
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    quarter = f"Q{(today.month - 1) // 3 + 1}"
    plan = SMALL_PLAN.replace("2013-", f"{today.year + 1}-").replace("2012", str(today.year))
    files = {"a.yaml": R("fgw", quarter, entry("2.1", "value: 11"), submitted=str(today), year=today.year),
             "b.yaml": R("tjj", quarter, entry("H1", "value: 11"), submitted=str(tomorrow), year=today.year)}
    assert said(tmp_path, files, "implausible-date", plan=plan) == [
        ("b.yaml", 5, 12, f"報送日期 {tomorrow} 還沒有到；請核對日期")]


def test_the_example_date_of_a_missing_date_is_the_report_s_own_quarter_s(tmp_path):
    files = {"a.yaml": undated(R("fgw", "Q3", entry("2.1", "value: 11")))}
    assert said(tmp_path, files, "missing-date") == [
        ("a.yaml", 5, 11, "請填報送日期 submitted（如 2012-10-08）；逾期與否以它為準")]


# ---- the figures ---------------------------------------------------------------------------

def test_a_fraction_for_a_percentage_from_a_target_of_five_percent_and_never_zero(tmp_path):
    plan = SMALL_PLAN.replace('target: 10, unit: "%"}', 'target: 5, unit: "%"}')
    files = {"a.yaml": R("fgw", "Q1", entry("2.1", "value: 0.5")),
             "b.yaml": R("fgw", "Q2", entry("2.1", "value: 0"), submitted="2012-07-03")}  # no growth: no fraction
    assert said(tmp_path, files, "implausible", plan=plan) == [
        ("a.yaml", 8, 12, "2.1 的數值 0.5% 不到 1%，年度目標是 5%；若是 50%，請寫 50（百分數不寫成小數）")]


def test_a_quarter_without_a_figure_is_never_compared_with_its_neighbours(tmp_path):
    # rsj's 2.2: a note alone in Q1 and Q3, figures in Q2 and Q4 (lower than Q2's: warned)
    files = {"1.yaml": R("rsj", "Q1", entry("2.2", "note: 招工中")),
             "2.yaml": R("rsj", "Q2", entry("2.2", "value: 3")),
             "3.yaml": R("rsj", "Q3", entry("2.2", "note: 招工中")),
             "4.yaml": R("rsj", "Q4", entry("2.2", "value: 2"))}
    assert said(tmp_path, files, "decreasing") == []


# ---- which plan the reports are checked against ---------------------------------------------

def test_the_one_plan_among_the_files_unless_the_plan_is_named(tmp_path):
    # the folder holds the small plan and fgw's report on 2.1; the plan named elsewhere has no 2.1
    other = write(tmp_path / "other.yaml", SMALL_PLAN.replace('{id: "2.1",', '{id: "2.9",'))
    folder = tmp_path / "folder"
    write(folder / "plan.yaml", SMALL_PLAN)
    write(folder / "a.yaml", R("fgw", "Q1", entry("2.1", "value: 11")))
    def unknown(**given):
        return [p.message for p in validate([folder], other, **given).problems if p.code == "unknown-target"]

    assert unknown() == []  # the plan among them
    assert unknown(explicit_plan=True) == ['未知目標「2.1」；目標編號 target（如 "2.1"，請加引號）須與計劃一致']


# ---- a workbook's cells --------------------------------------------------------------------

def cells(tmp_path, files: dict, code: str) -> list[str]:
    plan_file = write(tmp_path / "plan.yaml", SMALL_PLAN)
    paths = []
    for name, data in files.items():
        path = tmp_path / "r" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data(plan_file))
        paths.append(path)
    return sorted(f"{Path(p.path).name} {p.message}" for p in validate(paths, plan_file, explicit_plan=True).problems
                  if p.code == code)


def test_a_workbook_s_problems_name_its_fields_and_cells_in_its_own_words(tmp_path):
    def twice(ws):  # rsj's form: 2.2 in row 6; row 7 made a second 2.2
        ws.cell(7, 1).value = "2.2"
        ws.cell(7, 6).value = 4

    files = {"fgw.xlsx": lambda plan: fill(blank_form(plan, "fgw", "Q3"), {"2.1": {"累計完成": 11}}, submitted=None),
             "rsj.xlsx": lambda plan: fill(blank_form(plan, "rsj"), {"2.2": {"累計完成": 3}}, edit=twice)}
    assert cells(tmp_path, files, "missing-date") == [
        "fgw.xlsx 進度報告!H2：請填報送日期（如 2012-10-08）；逾期與否以它為準"]  # Q3's deadline, in the form's words
    assert cells(tmp_path, files, "duplicate-entry") == [
        "rsj.xlsx 進度報告!A7：目標 2.2 已在 進度報告!A6 填報；每個目標只能填一次"]
