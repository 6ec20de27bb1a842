"""The loader and the checks: every broken input is refused with file:line:col, never a traceback."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from conftest import ROOT, SMALL_PLAN, report, write
from jxplan.check.pipeline import open_plan
from jxplan.judge.advice import validate as check_paths  # all validate says
from jxplan.read.yaml import parse_careful, parse_fast


def parse(text: str, path: str):
    """(data or None, problems) by the careful way."""
    data, _, _, problems = parse_careful(text, path)
    return data, problems

INVALID = sorted((ROOT / "tests/data/invalid").glob("*.yaml"))
PLAN = ROOT / "plans/2012.yaml"


def expectation(path: Path) -> tuple[int, int, str]:
    raw = path.read_bytes()
    text = raw.decode("utf-16") if raw.startswith(b"\xff\xfe") else raw.decode("latin-1")
    m = re.search(r"# expect: (\d+):(\d+) ([\w-]+)", text)
    return int(m[1]), int(m[2]), m[3]


def test_corpus_is_large_enough():
    assert len(INVALID) >= 20


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_corpus(path, run):
    line, col, code = expectation(path)
    started = time.perf_counter()
    problems = list(check_paths([path], PLAN).problems)
    assert time.perf_counter() - started < 5
    errors = [p for p in problems if p.is_error]
    assert errors, "the file must be refused"
    assert (errors[0].line, errors[0].col, errors[0].code) == (line, col, code), errors
    assert errors[0].path == str(path)
    exit_code, out, _ = run("validate", path)
    assert exit_code == 1 and f"{path}:{line}:{col}:" in out


def test_billion_laughs_is_refused_fast():
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    started = time.perf_counter()
    data, problems = parse(text, "x.yaml")
    assert time.perf_counter() - started < 0.5
    assert data is None and problems[0].code == "yaml-anchor"


def test_yaml_1_1_surprises_do_not_reach_the_models():
    data, problems = parse("a: no\nb: on\nc: 010\nd: 5.10\ne: 2012-02-30\nf: ~\ng: true\n", "x.yaml")
    assert not problems
    assert data["a"] == "no" and data["b"] == "on"
    assert data["c"] == 10 and data["d"].text == "5.10"
    assert data["e"] == "2012-02-30" and data["f"] is None and data["g"] is True


def test_bom_and_crlf_are_accepted(tmp_path, plan_file):
    text = report("fgw", "Q1", '- target: "2.1"\n  value: 11\n').replace("\n", "\r\n")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "fgw.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    checked = check_paths([tmp_path / "r"], plan_file, explicit_plan=True)
    problems, files = [p for p in checked.problems if p.code != "report-incomplete"], checked.files
    assert problems == [] and files == 1  # (fgw leaves out H6, 2.3…: said apart, tested in test_checks)


def test_gbk_names_the_encoding(tmp_path, plan_file):
    p = tmp_path / "gbk.yaml"
    p.write_bytes(report("fgw", "Q1", '- target: "2.1"\n  note: 一季度投資增長\n').encode("gbk"))
    problems = list(check_paths([p], plan_file, explicit_plan=True).problems)
    assert problems[0].code == "encoding" and "GBK" in problems[0].message and problems[0].line == 8


def test_all_problems_at_once_sorted(tmp_path, plan_file):
    p = write(tmp_path / "r.yaml", report("fgw", "Q1", """\
        - target: "9.9"
          value: 1
        - target: "2.1"
          stage: done
        - target: "2.5"
          value: 3
        - target: "2.1"
          value: 1
        """))
    problems = list(check_paths([p], plan_file, explicit_plan=True).problems)
    assert [(x.line, x.code) for x in problems] == [
        (7, "unknown-target"), (10, "stage-for-number"), (12, "value-for-milestone"), (13, "duplicate-entry")]


def test_two_reports_for_one_unit_and_quarter(tmp_path, plan_file):
    write(tmp_path / "r/a.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    write(tmp_path / "r/sub/b.yaml", report("市發改委", "Q1", '- target: "2.1"\n  value: 11\n'))  # by name; found recursively
    problems = [p for p in check_paths([tmp_path / "r"], plan_file, explicit_plan=True).problems
                if p.code != "report-incomplete"]
    assert [p.code for p in problems] == ["duplicate-report"]
    assert problems[0].path.endswith("b.yaml") and "a.yaml" in problems[0].message


def test_value_from_co_unit_is_refused_but_note_is_fine(tmp_path, plan_file):
    write(tmp_path / "r/tjj.yaml", report("tjj", "Q1", '- target: "2.1"\n  value: 9\n'))
    problems = list(check_paths([tmp_path / "r"], plan_file, explicit_plan=True).problems)
    assert [p.code for p in problems] == ["not-responsible"]
    write(tmp_path / "r/tjj.yaml", report("tjj", "Q1", '- target: "2.1"\n  note: 已核定\n- target: H1\n  value: 10.5\n'))
    assert check_paths([tmp_path / "r"], plan_file, explicit_plan=True).problems == ()


def test_breakdown_unit_may_report(tmp_path, plan_file):
    write(tmp_path / "r/nhq.yaml", report("nhq", "Q1", '- target: "2.4"\n  value: "0.13萬畝"\n'))  # 1300 of its 1250
    assert check_paths([tmp_path / "r"], plan_file, explicit_plan=True).problems == ()


def test_warnings_for_doubtful_data(tmp_path, plan_file):
    write(tmp_path / "r/q1.yaml", report("rsj", "Q1", '- target: "2.2"\n  value: 2\n', submitted="2012-03-20"))
    write(tmp_path / "r/q2.yaml", report("rsj", "Q2", '- target: "2.2"\n  value: 19\n'))
    write(tmp_path / "r/q3.yaml", report("rsj", "Q3", '- target: "2.2"\n  value: 1\n'))
    problems = list(check_paths([tmp_path / "r"], plan_file, explicit_plan=True).problems)
    # Q3: 1 of an expected 4.5 (6 × 0.75) is seriously behind, and says no reason
    assert sorted(p.code for p in problems) == ["decreasing", "early", "implausible", "unexplained-lag"]
    assert all(not p.is_error for p in problems)


PLAN_HEAD = SMALL_PLAN.split("sections:")[0]


def test_a_target_assigned_to_nobody_is_warned_not_refused(tmp_path):
    """A document may leave a headline target to no unit: the plan is read, and warned."""
    text = SMALL_PLAN.replace("sections:", "  - {id: H9, name: x, kind: rate, target: 5}\n" + "sections:", 1)
    ws = open_plan(write(tmp_path / "plan.yaml", text))
    assert ws.plan is not None
    assert [(p.code, p.severity, p.line) for p in ws.problems] == [("missing-lead", "warning", 17)]


@pytest.mark.parametrize("extra,code", [
    ("  - {id: H9, name: x, kind: rate, target: 1, unit: '%', lead: fgw, schedule: {Q1: 0.25, Q2: 0.5, Q3: 0.75, Q4: 1}}\n", "kind-field"),
    ("  - {id: H9, name: x, kind: milestone, target: 1, lead: fgw}\n", "kind-field"),
    ("  - {id: H9, name: x, kind: rate, lead: fgw}\n", "kind-field"),
    ("  - {id: H9, name: x, kind: cumulative, target: 5, lead: fgw, due: Q2}\n", "kind-field"),
    ("  - {id: H9, name: x, kind: cumulative, target: 5, lead: fgw, schedule: {Q1: 0.3, Q2: 0.2, Q3: 0.7, Q4: 1}}\n", "schedule"),
    ("  - {id: H9, name: x, kind: cumulative, target: 5, lead: fgw, schedule: {Q1: 0.3, Q2: 0.4, Q3: 0.7, Q4: 0.9}}\n", "schedule"),
    ("  - {id: H9, name: x, kind: cumulative, target: 5, lead: fgw, breakdown: {nhq: 1, xzq: 1}}\n", "breakdown-sum"),
    ("  - {id: H9, name: x, kind: cumulative, target: 5, lead: fgw, breakdown: {nhq: 4, zzz: 1}}\n", "unknown-unit"),
    ("  - {id: H1, name: x, kind: rate, target: 5, lead: fgw}\n", "duplicate-id"),
    ("  - {id: H9, name: x, kind: rate, target: 5, lead: fgw, co: [市統計局]}\n", "unknown-unit"),
    ("  - {id: H9, name: x, kind: rate, target: 5, unit: '%', lead: fgw, open_ended: true}\n", "kind-field"),
    ("  - {id: H9, name: x, kind: milestone, lead: fgw, open_ended: true, due: Q2, due_set_by: office}\n", "kind-field"),
    ("  - {id: H9, name: x, kind: milestone, lead: fgw, due_set_by: office}\n", "kind-field"),
    ("  - {id: H9, name: x, kind: milestone, lead: fgw, qualifier: 以上}\n", "kind-field"),
    ("  - {id: H9, name: x, kind: rate, target: 5, unit: '%', lead: fgw, qualifier: 突破}\n", "kind-field"),
    ("  - {id: H9, name: x, kind: rate, target: 5, unit: '%', lead: fgw, compare: above, qualifier: 以上}\n", "kind-field"),
    ("  - {id: H9, name: x, kind: rate, unit: '%', lead: fgw, relative_to: H1}\n", "relative-to"),
    ("  - {id: H9, name: x, kind: milestone, lead: fgw, due: 13月底前}\n", "schema"),
    ("  - {id: H9, name: x, kind: milestone, lead: fgw, due: 2013年6月底前}\n", "dates"),
    ("  - {id: H9, name: x, kind: rate, target: 5, lead: [fgw, 市統計局]}\n", "unknown-unit"),    ("  - {id: H9, name: x, kind: rate, target: 5, unit: '%', lead: fgw, qualifier: 以內}\n", "kind-field"),
    ("  - {id: H9, name: x, kind: rate, target: 5, unit: '%', lead: fgw, qualifier: 大約}\n", "schema"),
])
def test_plan_checks(tmp_path, extra, code):
    """An error in the plan: the plan is refused, at the added target."""
    text = SMALL_PLAN.replace("sections:", extra.replace("  - ", "  - ", 1) + "sections:", 1)
    text = text.replace("headline:\n", "headline:\n", 1)
    p = write(tmp_path / "plan.yaml", text)
    ws = open_plan(p)
    codes = [x.code for x in ws.problems]
    assert code in codes, ws.problems
    assert ws.plan is None
    bad = next(x for x in ws.problems if x.code == code)
    assert bad.line >= 16  # positioned at the added target, past the first 15 lines


@pytest.mark.parametrize("extra,code", [
    # a deadline the text does not give, not marked as the office's
    ("  - {id: H9, name: x, kind: milestone, lead: fgw, due: Q2, source: 制定出臺產業轉移指導目錄}\n", "due-unstated"),
    ("  - {id: H9, name: x, kind: milestone, lead: fgw, due: Q3}\n", "due-unstated"),
    # one unit both first and main responsible unit
    ("  - {id: H9, name: x, kind: rate, target: 5, unit: '%', lead: fgw, co: [tjj, fgw]}\n", "lead-also-co"),
])
def test_plan_warnings(tmp_path, extra, code):
    text = SMALL_PLAN.replace("sections:", extra + "sections:", 1)
    ws = open_plan(write(tmp_path / "plan.yaml", text))
    (p,) = ws.problems
    assert (p.code, p.severity, p.line) == (code, "warning", 17) and ws.plan is not None
    assert p.col == (78 if code == "lead-also-co" else 56)  # at the co entry 'fgw', at the due value


@pytest.mark.parametrize("extra", [
    "  - {id: H9, name: x, kind: milestone, lead: fgw, due: Q2, due_set_by: office}\n",
    "  - {id: H9, name: x, kind: milestone, lead: fgw, due: Q2, source: 上半年完成方案編制}\n",
    "  - {id: H9, name: x, kind: milestone, lead: fgw, due: Q3, source: 9月底前建成}\n",
    "  - {id: H9, name: x, kind: milestone, lead: fgw, due: Q4}\n",
    "  - {id: H9, name: x, kind: milestone, lead: fgw, open_ended: true}\n",
    "  - {id: H9, name: x, kind: rate, target: 5, unit: '%', lead: fgw, qualifier: 以上}\n",
    "  - {id: H9, name: x, kind: rate, target: 5, unit: '%', lead: fgw, compare: above, qualifier: 突破}\n",
    "  - {id: H9, name: x, kind: rate, target: 5, unit: '%', lead: fgw, compare: at_most, qualifier: 以內}\n",
    "  - {id: H9, name: x, kind: rate, target: 5, unit: '%', lead: fgw, tolerance: 0.2, qualifier: 左右}\n",
])
def test_plan_fields_that_pass(tmp_path, extra):
    text = SMALL_PLAN.replace("sections:", extra + "sections:", 1)
    assert open_plan(write(tmp_path / "plan.yaml", text)).problems == ()


def test_point_lead_listed_as_co_warns_at_the_entry(tmp_path):
    text = SMALL_PLAN.replace("co: [tjj]", "co: [tjj, fgw]")
    (p,) = open_plan(write(tmp_path / "plan.yaml", text)).problems
    assert (p.code, p.line, p.col, p.severity) == ("lead-also-co", 25, 19, "warning")


def test_plan_dates_out_of_order(tmp_path):
    text = SMALL_PLAN.replace("Q3: 2012-10-08", "Q3: 2012-06-01")
    problems = open_plan(write(tmp_path / "plan.yaml", text)).problems
    assert [(p.code, p.line) for p in problems] == [("dates", 6), ("dates", 6)]
    assert "晚於 2012-07-05" in problems[0].message + problems[1].message


def test_point_without_target(tmp_path):
    text = SMALL_PLAN + "      - {id: 3, title: 消費, text: 擴大消費。, lead: fgw}\n"
    (p,) = open_plan(write(tmp_path / "plan.yaml", text)).problems
    assert p.code == "no-target" and p.line == 35


def test_unknown_co_unit_in_point_is_positioned(tmp_path):
    text = SMALL_PLAN.replace("co: [tjj]", "co: [tjj, nope]")
    ws = open_plan(write(tmp_path / "plan.yaml", text))
    (p,) = ws.problems
    assert p.code == "unknown-unit" and (p.line, p.col) == (25, 19)


def test_fast_and_careful_parsers_agree_on_every_shipped_file():
    files = sorted(ROOT.glob("progress/**/*.yaml")) + [PLAN] + sorted(ROOT.glob("tests/data/invalid/*.yaml"))
    compared = 0
    for f in files:
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        fast = parse_fast(text, str(f))
        if fast is None:  # the careful parser's case
            continue
        careful = parse(text, str(f))
        assert (fast[0] is None) == (careful[0] is None), f
        if fast[0] is not None:
            assert repr(fast[0]) == repr(careful[0]), f  # repr: NaN is not equal to itself
            assert fast[1] == careful[1], f
        compared += 1
    assert compared > 100


def test_anchors_and_deep_nesting_never_reach_the_fast_parser():
    assert parse_fast("a: &x 1\nb: *x\n", "x.yaml") is None
    assert parse_fast("a: " + "[" * 100 + "]" * 100 + "\n", "x.yaml") is None
    assert parse_fast("- - - - - - - - x\n", "x.yaml") is None
    assert parse_fast("a: !!python/name:os.system x\n", "x.yaml") is None


def test_lead_of_a_broken_down_target_may_report_but_it_does_not_count(tmp_path, plan_file):
    from jxplan.judge.status import compute
    from jxplan.check.pipeline import open_workspace

    write(tmp_path / "r/fgw.yaml", report("fgw", "Q2", '- target: "2.4"\n  value: 9999\n'))
    write(tmp_path / "r/nhq.yaml", report("nhq", "Q2", '- target: "2.4"\n  value: 2000\n'))
    ws = open_workspace(plan_file, tmp_path / "r")
    assert [(p.code, p.severity) for p in ws.problems] == [("lead-figure-unused", "warning")]
    t = {t.id: t for t in compute(ws.index, ws.reports, "Q2").targets}["2.4"]
    assert t.actual == 2000 and t.missing == ("xzq",)


def test_a_missing_top_level_field_is_named_plainly(tmp_path, plan_file):
    from jxplan.check.plans import load_plan
    from jxplan.check.reports import report_outcome

    pl = load_plan(plan_file)
    text = "version: 1\nunit: fgw\nyear: 2012\nsubmitted: 2012-07-03\nentries:\n  - target: \"2.1\"\n    value: 11\n"
    said = [p.message for p in report_outcome("a.yaml", text.encode(), pl.plan, pl.index).problems]
    assert said == ["缺少字段「quarter」"]
    nested = text.replace('  - target: "2.1"\n', "  - ")
    assert [p.message for p in report_outcome("a.yaml", nested.encode(), pl.plan, pl.index).problems
            if "缺少" in p.message] == ["缺少字段「quarter」", "缺少字段「target」（在 entries[0]）"]
