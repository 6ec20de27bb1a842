"""The status rules of formats.md, each written as inline plan and report YAML."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SANCTION, SMALL_PLAN, report
from jxplan.judge.status import compute, evaluate_number, evaluate_stage


def status_of(ws, quarter, tid):
    assert ws.ok, ws.problems
    return {t.id: t for t in compute(ws.index, ws.reports, quarter).targets}[tid]


def units_of(ws, quarter):
    return {u.id: u for u in compute(ws.index, ws.reports, quarter).units}


@pytest.mark.parametrize("value,quarter,expected", [
    (10, "Q2", "on_track"),          # rate exactly at target: on track, never achieved before Q4
    (11.2, "Q2", "on_track"),
    (9, "Q2", "behind"),
    (8, "Q2", "behind"),             # ratio exactly at serious (0.8): behind, not seriously behind
    (7.99, "Q2", "seriously_behind"),
    (10, "Q4", "achieved"),
    (9.99, "Q4", "not_achieved"),
])
def test_rate_at_least(workspace, value, quarter, expected):
    ws = workspace({"r.yaml": report("fgw", quarter, f'- target: "2.1"\n  value: {value}\n')})
    assert status_of(ws, quarter, "2.1").status == expected


@pytest.mark.parametrize("value,quarter,expected", [
    ("1.5", "Q1", "on_track"),       # 6 × 0.25 exactly
    ("1.49", "Q1", "behind"),
    ("1.2", "Q1", "behind"),         # 0.8 × 1.5 exactly
    ("1.19", "Q1", "seriously_behind"),
    ("6", "Q2", "achieved"),         # cumulative already met before Q4
    ("60000人", "Q3", "achieved"),   # converted into 萬人
    ("5.9", "Q4", "not_achieved"),
])
def test_cumulative_default_schedule(workspace, value, quarter, expected):
    ws = workspace({"r.yaml": report("rsj", quarter, f'- target: "2.2"\n  value: {value}\n')})
    assert status_of(ws, quarter, "2.2").status == expected


def test_expected_and_ratio_are_exact(workspace):
    ws = workspace({"r.yaml": report("rsj", "Q3", '- target: "2.2"\n  value: 4.5\n')})
    t = status_of(ws, "Q3", "2.2")
    assert t.expected == Decimal("4.5") and t.ratio == 1 and t.status == "on_track"


@pytest.mark.parametrize("value,quarter,expected", [
    (10, "Q1", "on_track"),          # custom schedule: 10% of 100 in Q1
    (9, "Q1", "behind"),
    (40, "Q2", "on_track"),
    (31, "Q2", "seriously_behind"),  # 31/40 < 0.8
    (32, "Q2", "behind"),            # exactly 0.8
])
def test_custom_schedule(workspace, value, quarter, expected):
    ws = workspace({"r.yaml": report("fgw", quarter, f'- target: "5.10"\n  value: {value}\n')})
    assert status_of(ws, quarter, "5.10").status == expected


def test_id_5_10_is_not_5_1(workspace):
    # written without quotes: read as written, never as 5.1
    ws = workspace({"r.yaml": report("fgw", "Q1", "- target: 5.10\n  value: 10\n")})
    assert status_of(ws, "Q1", "5.10").actual == 10


@pytest.mark.parametrize("value,quarter,expected", [
    (6000, "Q4", "not_achieved"),    # above: exact equality is not enough at year end
    (6000.01, "Q4", "achieved"),
    (1500, "Q1", "on_track"),
    (6000, "Q3", "on_track"),        # equal is on track before year end, not yet achieved
    (6001, "Q3", "achieved"),
    ("0.6001億噸", "Q4", "achieved"),
])
def test_above(workspace, value, quarter, expected):
    ws = workspace({"r.yaml": report("fgw", quarter, f'- target: "2.3"\n  value: {value}\n')})
    assert status_of(ws, quarter, "2.3").status == expected


@pytest.mark.parametrize("value,quarter,expected", [
    (3.1, "Q2", "on_track"),
    (4.2, "Q2", "on_track"),         # target + tolerance exactly
    (4.3, "Q2", "behind"),
    (5, "Q2", "behind"),             # exceeded; E = 4 (the figure itself) = 0.8 × 5 exactly
    (5.01, "Q2", "seriously_behind"),
    (5.25, "Q2", "seriously_behind"),
    (0, "Q2", "on_track"),           # held
    (-0.5, "Q1", "on_track"),
    (4.2, "Q4", "achieved"),
    (4.21, "Q4", "not_achieved"),
])
def test_at_most_with_tolerance(workspace, value, quarter, expected):
    ws = workspace({"r.yaml": report("fgw", quarter, f'- target: H6\n  value: {value}\n')})
    assert status_of(ws, quarter, "H6").status == expected


@pytest.mark.parametrize("value,quarter,expected", [
    ("1900畝", "Q1", "on_track"),    # expected 8000 × 0.25 = 2000; tolerance 400 × 0.25 = 100: on track from 1900
    ("1899畝", "Q1", "behind"),
    ("1600畝", "Q1", "behind"),      # 0.8 × 2000: the ratio against the printed figure
    ("1599畝", "Q1", "seriously_behind"),
    ("7600畝", "Q2", "achieved"),    # within 左右
    ("0.76萬畝", "Q4", "achieved"),
    ("7599畝", "Q4", "not_achieved"),
])
def test_tolerance_cumulative_breakdown_sum(workspace, value, quarter, expected):
    # 2.4 is broken down to nhq and xzq; the actual is the sum of what they report
    from jxplan.core.quantity import convert
    total = convert(value, "畝")
    half = (total / 2)
    ws = workspace({"a.yaml": report("nhq", quarter, f'- target: "2.4"\n  value: {half}\n'),
                    "b.yaml": report("xzq", quarter, f'- target: "2.4"\n  value: {total - half}\n')})
    t = status_of(ws, quarter, "2.4")
    assert t.actual == total and t.status == expected and t.missing == ()


def test_breakdown_with_a_unit_missing(workspace):
    ws = workspace({"a.yaml": report("nhq", "Q2", '- target: "2.4"\n  value: 2500\n  reason: {kind: objective, text: 梅雨}\n')})
    t = status_of(ws, "Q2", "2.4")
    assert t.actual == 2500 and t.missing == ("xzq",)
    shares = {s.unit: s for s in t.shares}
    assert shares["nhq"].status == "on_track"           # 2500 of 5000 at half year
    assert shares["xzq"].status == "not_reported"
    assert t.status == "seriously_behind"               # 2500 / 3800 < 0.8
    u = units_of(ws, "Q2")
    assert u["xzq"].missing and not u["nhq"].missing
    assert not u["nhq"].must_explain and u["nhq"].commended


def test_not_reported_when_nobody_reported(workspace):
    ws = workspace({"fgw.yaml": report("fgw", "Q1", '- target: "2.1"\n  value: 11\n')})
    assert status_of(ws, "Q1", "2.4").status == "not_reported"
    assert status_of(ws, "Q1", "2.4").missing == ("nhq", "xzq")
    assert status_of(ws, "Q1", "H1").status == "not_reported"


def test_a_folder_without_any_report_of_the_year_is_refused(workspace):
    ws = workspace({})
    assert not ws.ok and [p.code for p in ws.problems] == ["no-reports"]
    ws = workspace({"blank.yaml": report("fgw", "Q1")})  # a blank form is no report
    assert not ws.ok and sorted(p.code for p in ws.problems) == ["blank-report", "no-reports"]


@pytest.mark.parametrize("stage,quarter,status", [
    ("in_progress", "Q1", "on_track"),      # due Q2: in progress expected before it
    ("not_started", "Q1", "behind"),
    ("in_progress", "Q2", "behind"),        # done expected from the due quarter on
    ("not_started", "Q2", "seriously_behind"),
    ("done", "Q1", "achieved"),
    ("in_progress", "Q4", "not_achieved"),
    ("done", "Q4", "achieved"),
])
def test_milestone(workspace, stage, quarter, status):
    ws = workspace({"r.yaml": report("fgw", quarter, f'- target: "2.5"\n  stage: {stage}\n')})
    assert status_of(ws, quarter, "2.5").status == status


def test_milestone_default_due_is_q4():
    assert evaluate_stage(None, "in_progress", "Q3") == ("in_progress", "on_track")
    assert evaluate_stage(None, "not_started", "Q3") == ("in_progress", "behind")
    assert evaluate_stage("Q1", "not_started", "Q3") == ("done", "seriously_behind")


def test_unit_flags(workspace):
    entries_fgw = """\
    - target: "2.1"
      value: 8
      reason: {kind: objective, text: 外需減弱}
    - target: H6
      value: 3
    - target: "2.3"
      value: 6001
    - target: "2.5"
      stage: done
    - target: "5.10"
      value: 100
    """
    ws = workspace({
        "fgw.yaml": report("fgw", "Q4", entries_fgw, submitted="2013-01-09"),   # late
        "rsj.yaml": report("rsj", "Q4", '- target: "2.2"\n  value: 5\n  reason: {kind: subjective, text: 工作不力}\n'),
        "nhq.yaml": report("nhq", "Q4", '- target: "2.4"\n  value: 5000\n'),
        "xzq.yaml": report("xzq", "Q4", '- target: "2.4"\n  value: 3000\n'),
    }, SMALL_PLAN.replace(*SANCTION))
    u = units_of(ws, "Q4")
    assert u["fgw"].late and u["fgw"].must_explain and not u["fgw"].commended
    assert u["rsj"].must_explain and u["rsj"].eligibility_cancelled and not u["rsj"].late
    assert u["tjj"].missing and not u["tjj"].commended                # leads H1, sent nothing
    assert u["nhq"].commended and u["xzq"].commended
    assert not u["fgw"].eligibility_cancelled                          # objective reason
    t = status_of(ws, "Q4", "2.1")
    assert t.status == "not_achieved" and t.reason.text == "外需減弱"


def test_eligibility_only_at_q4(workspace):
    ws = workspace({"rsj.yaml": report("rsj", "Q3", '- target: "2.2"\n  value: 1\n  reason: {kind: subjective, text: 工作不力}\n')})
    assert not units_of(ws, "Q3")["rsj"].eligibility_cancelled
    assert units_of(ws, "Q3")["rsj"].must_explain


def test_co_note_only_counts_nothing(workspace):
    ws = workspace({"tjj.yaml": report("tjj", "Q1", '- target: "2.1"\n  note: 數據已核定\n')})
    assert status_of(ws, "Q1", "2.1").status == "not_reported"


# ---- properties -----------------------------------------------------------------------

nums = st.decimals(min_value=-1000, max_value=100000, allow_nan=False, allow_infinity=False, places=3)
RANK = {"achieved": 0, "on_track": 1, "behind": 2, "seriously_behind": 3, "not_achieved": 4}


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(["cumulative", "rate"]), compare=st.sampled_from(["at_least", "above", "at_most"]),
       goal=st.decimals(min_value=1, max_value=10000, places=2), a=nums, b=nums,
       quarter=st.sampled_from(["Q1", "Q2", "Q3", "Q4"]))
def test_more_is_never_worse(kind, compare, goal, a, b, quarter):
    lo, hi = sorted((a, b))
    share = {"Q1": Decimal("0.25"), "Q2": Decimal("0.5"), "Q3": Decimal("0.75"), "Q4": Decimal(1)}[quarter]
    s_lo = evaluate_number(kind, compare, goal, None, share, lo, quarter, Decimal("0.8")).status
    s_hi = evaluate_number(kind, compare, goal, None, share, hi, quarter, Decimal("0.8")).status
    better, worse = (s_hi, s_lo) if compare != "at_most" else (s_lo, s_hi)
    assert RANK[better] <= RANK[worse], (better, worse)


# ---- open-ended milestones: expected in progress in every quarter, never achieved ----------

@pytest.mark.parametrize("stage,quarter,status", [
    ("in_progress", "Q1", "on_track"),
    ("done", "Q1", "on_track"),             # reported done: still a standing duty, not achieved
    ("not_started", "Q1", "behind"),        # one stage short of in progress
    ("not_started", "Q3", "behind"),        # never seriously behind: in progress is all that is expected
    ("in_progress", "Q4", "on_track"),      # at year end too: progress, not failure
    ("done", "Q4", "on_track"),
    ("not_started", "Q4", "not_achieved"),  # a whole year without starting
    (None, "Q4", "not_reported"),
])
def test_open_ended_stage(stage, quarter, status):
    assert evaluate_stage(None, stage, quarter, open_ended=True) == ("in_progress", status)


def _open_ended_plan():
    return SMALL_PLAN.replace(*SANCTION) + "          - {id: \"2.6\", name: 深化改革, kind: milestone, open_ended: true}\n"


def test_open_ended_target_and_unit_flags(workspace):
    # fgw leads 2.1, H6, 2.3, 2.5 and 5.10 (and 2.4's total); 2.6 is its open-ended duty
    on_time = """\
    - target: "2.1"
      value: 10
    - target: H6
      value: 3
    - target: "2.3"
      value: 6001
    - target: "2.5"
      stage: done
    - target: "5.10"
      value: 100
    - target: "2.6"
      stage: in_progress
    """
    ws = workspace({"fgw.yaml": report("fgw", "Q4", on_time),
                    "nhq.yaml": report("nhq", "Q4", '- target: "2.4"\n  value: 5000\n'),
                    "xzq.yaml": report("xzq", "Q4", '- target: "2.4"\n  value: 3000\n')},
                   plan_text=_open_ended_plan())
    t = status_of(ws, "Q4", "2.6")
    assert (t.status, t.expected_stage, t.open_ended, t.label) == ("on_track", "in_progress", True, "持續推進")
    u = units_of(ws, "Q4")
    assert u["fgw"].commended and not u["fgw"].must_explain  # in progress at Q4 is good work


def test_open_ended_not_started_at_q4_cancels_for_a_subjective_reason(workspace):
    entry = '- target: "2.6"\n  stage: not_started\n  reason: {kind: subjective, text: 未列入議事日程}\n'
    ws = workspace({"fgw.yaml": report("fgw", "Q4", entry)}, plan_text=_open_ended_plan())
    t = status_of(ws, "Q4", "2.6")
    assert (t.status, t.label) == ("not_achieved", "全年未啟動")
    u = units_of(ws, "Q4")
    assert u["fgw"].must_explain and u["fgw"].eligibility_cancelled and u["fgw"].subjective == ("2.6",)


def test_open_ended_not_started_before_q4_is_behind(workspace):
    ws = workspace({"fgw.yaml": report("fgw", "Q2", '- target: "2.6"\n  stage: not_started\n')},
                   plan_text=_open_ended_plan())
    t = status_of(ws, "Q2", "2.6")
    assert (t.status, t.label) == ("behind", "未啟動")
    assert units_of(ws, "Q2")["fgw"].unexplained == ("2.6",)


# ---- what a status carries besides the status --------------------------------------------

def test_exact_arithmetic_at_the_largest_figures():
    # 15 digits and 10 places, the largest figure a plan may hold, times a share of 10 places:
    # E = 999999999999999.9999999999 × 0.9999999999 = 999999999899999.99999999990000000001
    # exactly, printed (and judged) half up to two places: 999999999900000.00. A figure that
    # prints the same is on track; one that prints a hundredth less is behind.
    goal, share = Decimal("999999999999999.9999999999"), Decimal("0.9999999999")

    def judged(actual: str):
        return evaluate_number("cumulative", "at_least", goal, None, share, Decimal(actual), "Q1", Decimal("0.8"))

    assert judged("999999999899999.995").expected == Decimal("999999999900000.00")
    assert judged("999999999899999.995").status == "on_track"  # prints 999999999900000.00
    assert judged("999999999899999.9949999999").status == "behind"  # prints …899999.99


def test_a_target_status_carries_what_the_plan_and_the_lead_say(workspace):
    plan = SMALL_PLAN.replace('target: 10, unit: "%"}', 'target: 10, stretch: 12, unit: "%", qualifier: 以上}')
    ws = workspace({"fgw.yaml": report("fgw", "Q2", '- target: "2.1"\n  value: 11\n  note: 上半年增長11%。\n')},
                   plan_text=plan)
    t = status_of(ws, "Q2", "2.1")
    assert (t.name, t.kind, t.compare, t.lead, t.lead_name, t.co, t.unit) == (
        "固定資產投資增長", "rate", "at_least", "fgw", "市發改委", ("tjj",), "%")
    assert (t.target, t.stretch, t.tolerance, t.qualifier, t.note) == (10, 12, None, "以上", "上半年增長11%。")
    assert (t.section, t.section_title, t.point, t.point_title, t.headline) == (1, "第一部分", 2, "切實加大有效投入", False)
    assert (t.stage, t.expected_stage, t.due, t.due_set_by, t.shares) == (None, None, None, None, ())
    h = status_of(ws, "Q2", "H6")  # a headline target: no section or point; fgw sent no note on it
    assert (h.compare, h.lead_name, h.tolerance, h.note, h.headline) == ("at_most", "市發改委", Decimal("0.2"), None, True)
    assert (h.section, h.section_title, h.point, h.point_title) == (None, None, None, None)
    m = status_of(ws, "Q2", "2.5")
    assert (m.kind, m.due, m.due_set_by, m.stage, m.expected_stage, m.status) == (
        "milestone", "Q2", "office", None, "done", "not_reported")


def test_a_share_carries_its_unit_name_and_note(workspace):
    ws = workspace({"nhq.yaml": report("nhq", "Q2", '- target: "2.4"\n  value: 2500\n  note: 已騰退2500畝。\n')})
    nhq, xzq = status_of(ws, "Q2", "2.4").shares
    assert (nhq.unit, nhq.name, nhq.target, nhq.note, nhq.reason) == ("nhq", "南湖區", 5000, "已騰退2500畝。", None)
    assert (xzq.unit, xzq.name, xzq.target, xzq.note, xzq.actual) == ("xzq", "秀洲區", 3000, None, None)


def test_a_unit_status_carries_its_targets_and_report(workspace):
    import datetime as dt

    plan = SMALL_PLAN.replace("units:\n", "units:\n  - {id: jxw, name: 市經信委, kind: department}\n")
    ws = workspace({"fgw.yaml": report("fgw", "Q2", '- target: "2.1"\n  value: 8\n- target: H6\n  value: 3\n',
                                       submitted="2012-07-03")}, plan_text=plan)
    r = compute(ws.index, ws.reports, "Q2")
    assert (r.year, r.quarter, r.serious, r.reporting_date) == (2012, "Q2", Decimal("0.8"), dt.date(2012, 7, 5))
    u = {u.id: u for u in r.units}
    fgw = u["fgw"]
    assert (fgw.name, fgw.kind, fgw.responsible, fgw.reported, fgw.submitted) == (
        "市發改委", "department", True, True, dt.date(2012, 7, 3))
    # fgw leads H6, 2.1, 2.3, 2.5 and 5.10, and answers for 2.4's total (it is not a breakdown unit)
    assert fgw.targets == ("H6", "2.1", "2.3", "2.4", "2.5", "5.10")
    assert (fgw.lagging, fgw.achieved, fgw.unexplained, fgw.subjective) == (("2.1",), ("H6",), ("2.1",), ())
    assert fgw.must_explain and not fgw.commended and not fgw.missing  # not reported targets are neither
    nhq = u["nhq"]
    assert (nhq.name, nhq.kind, nhq.responsible, nhq.reported, nhq.submitted, nhq.missing) == (
        "南湖區", "county", True, False, None, True)
    assert nhq.targets == ("2.4",) and nhq.lagging == () and nhq.achieved == ()
    jxw = u["jxw"]  # answers for nothing: never missing, never commended
    assert (jxw.responsible, jxw.reported, jxw.missing, jxw.commended, jxw.targets) == (False, False, False, False, ())


def test_latest_quarter(workspace):
    from jxplan.check.facts import ReportSet
    from jxplan.judge.status import latest_quarter

    ws = workspace({"a.yaml": report("fgw", "Q1", '- target: "2.1"\n  value: 3\n'),
                    "b.yaml": report("rsj", "Q2", '- target: "2.2"\n  value: 3\n'),
                    "c.yaml": report("rsj", "Q4", '- target: "2.2"\n  value: 6\n')})
    assert latest_quarter(ws.reports) == "Q4"  # the last, not the second
    assert latest_quarter(ReportSet()) == "Q1"


def test_select_narrows_targets_and_works_out_the_units_flags_over_them(workspace):
    from jxplan.judge.status import select

    ws = workspace({
        "fgw.yaml": report("fgw", "Q2", '- target: "2.1"\n  value: 8\n- target: H6\n  value: 3\n'),
        "rsj.yaml": report("rsj", "Q2", '- target: "2.2"\n  value: 3\n'),
        "nhq.yaml": report("nhq", "Q2", '- target: "2.4"\n  value: 2500\n'),
    })
    r = compute(ws.index, ws.reports, "Q2")

    def view(**wanted):
        s = select(r, **wanted)
        return [t.id for t in s.targets], sorted(u.id for u in s.units)

    everything = ["H1", "H6", "2.1", "2.2", "2.3", "2.4", "2.5", "5.10"]
    assert view() == (everything, ["fgw", "nhq", "rsj", "tjj", "xzq"])
    assert view(units=["nhq"]) == (["2.4"], ["nhq"])  # its breakdown share
    assert view(units=["rsj", "xzq"]) == (["2.2", "2.4"], ["rsj", "xzq"])
    assert view(units=["tjj"]) == (everything[:1] + everything[2:], ["tjj"])  # H1 as lead, the rest of point 2 as co
    assert view(sections=["0"]) == (["H1", "H6"], ["fgw", "tjj"])  # 0: the headline targets
    assert view(sections=["1"]) == (everything[2:], ["fgw", "nhq", "rsj", "tjj", "xzq"])
    assert view(sections=["0", "1"]) == view()
    assert view(points=["2"]) == view(sections=["1"])
    assert view(points=["3"]) == ([], [])
    assert view(statuses=["behind"]) == (["2.1"], ["fgw", "tjj"])  # 8 of 10
    assert view(statuses=["on_track"]) == (["H6", "2.2"], ["fgw", "rsj", "tjj"])  # 2.4: 2500 of 3800
    assert view(targets=["2.2"]) == (["2.2"], ["rsj", "tjj"])
    assert view(units=["nhq"], statuses=["behind"]) == ([], ["nhq"])  # the unit asked for, with nothing to show
    assert view(sections=["1"], targets=["H1", "2.2"]) == (["2.2"], ["rsj", "tjj"])
    before = {u.id: u for u in r.units}
    assert before["fgw"].must_explain and not select(r).narrowed and select(r).units == r.units
    on_track = select(r, statuses=["on_track"])  # the flags over the targets shown: fgw's H6 alone, on track
    assert on_track.narrowed and {u.id: u.must_explain for u in on_track.units}["fgw"] is False


# ---- the words a status is printed with ---------------------------------------------------

@pytest.mark.parametrize("kind, open_ended, expected, relative_to, status, label", [
    ("milestone", False, None, None, "on_track", "達到序時進度"),  # an end-state: never 持續推進
    ("milestone", True, None, None, "on_track", "持續推進"),
    ("milestone", True, None, None, "not_reported", "未報送"),  # no word of its own: the common one
    ("level", False, None, None, "on_track", "已達年度目標"),  # judged at the year's end, at its figure already
    ("level", False, None, None, "pending", "年末考核"),
    ("level", False, Decimal(5), None, "on_track", "達到序時進度"),  # a level with a path: judged as it goes
    ("rate", False, None, "H1", "pending", "待比較"),  # the other figure not reported yet
    ("rate", False, Decimal(8), "H1", "on_track", "達到序時進度"),
    ("rate", False, None, None, "pending", "年末考核"),  # pending, but against no other target
])
def test_label(workspace, kind, open_ended, expected, relative_to, status, label):
    from dataclasses import replace

    ws = workspace({"fgw.yaml": report("fgw", "Q2", '- target: "2.1"\n  value: 10\n')})
    t = replace(status_of(ws, "Q2", "2.1"), kind=kind, open_ended=open_ended, expected=expected,
                relative_to=relative_to, status=status)
    assert t.label == label


def test_quantified_incomplete_and_summary(workspace):
    from dataclasses import replace

    ws = workspace({"fgw.yaml": report("fgw", "Q2", '- target: "2.1"\n  value: 9\n')})
    result = compute(ws.index, ws.reports, "Q2")
    t = {t.id: t for t in result.targets}
    assert (t["2.5"].quantified, t["2.1"].quantified, t["2.2"].quantified) == (False, True, True)
    fgw = {u.id: u for u in result.units}["fgw"]
    assert fgw.unreported == ("H6", "2.3", "2.5", "5.10") and fgw.incomplete  # reported 2.1 alone
    assert not replace(fgw, reported=False).incomplete and not replace(fgw, unreported=()).incomplete
    # eight targets: 2.1 behind (9 of 10), the other seven not reported
    assert result.summary == {"achieved": 0, "on_track": 0, "pending": 0, "behind": 1, "seriously_behind": 0,
                              "not_achieved": 0, "not_reported": 7}


# ---- several leads, a breakdown in whole things, the units named before, a narrowed view ----

TWO_LEADS = ("        lead: fgw\n        co: [tjj]\n", "        lead: [fgw, tjj]\n")


def test_two_leads_each_judged_by_its_own_figure_and_its_own_reason(workspace):
    assert TWO_LEADS[0] in SMALL_PLAN
    ws = workspace({"fgw.yaml": report("fgw", "Q2", '- target: "2.1"\n  value: 10\n  reason: {kind: objective, text: 甲}\n'),
                    "tjj.yaml": report("tjj", "Q2", '- target: "2.1"\n  value: 8\n  reason: {kind: subjective, text: 乙}\n')},
                   plan_text=SMALL_PLAN.replace(*TWO_LEADS))
    t = status_of(ws, "Q2", "2.1")
    # fgw's figure counts (the first lead): 10 of 10 on track; tjj's own 8 of 10 (0.8 exactly) is behind
    assert (t.status, t.actual, t.disagree) == ("on_track", Decimal(10), ("tjj",))
    assert t.lead_statuses == (("fgw", "on_track"), ("tjj", "behind"))
    assert (t.reason.text, t.reason_unit, t.lead_reason.text) == ("甲", "fgw", "甲")  # the counted lead's first
    u = units_of(ws, "Q2")
    assert (u["tjj"].lagging, u["tjj"].unexplained, u["fgw"].lagging) == (("2.1",), (), ())


def test_a_lead_that_sent_no_figure_answers_for_nothing_reported(workspace):
    ws = workspace({"tjj.yaml": report("tjj", "Q2", '- target: "2.1"\n  value: 8\n')},
                   plan_text=SMALL_PLAN.replace(*TWO_LEADS))
    t = status_of(ws, "Q2", "2.1")
    assert (t.status, t.lead_statuses, t.missing) == ("behind", (("fgw", "not_reported"), ("tjj", "behind")), ("fgw",))
    assert (t.lead_reason, t.co_names) == (None, ())


def test_a_breakdown_in_whole_things_is_judged_as_printed(workspace):
    # 5 schools, 3 + 2; Q1 is a quarter of the year's: 1.25 → 1, 0.75 → 1, 0.5 → 1 (whole, half up)
    plan = SMALL_PLAN.replace('          - {id: "2.5",',
                              '          - {id: "2.7", name: 新建學校, kind: cumulative, target: 5, unit: 個, '
                              'breakdown: {nhq: 3, xzq: 2}}\n          - {id: "2.5",')
    ws = workspace({"nhq.yaml": report("nhq", "Q1", '- target: "2.7"\n  value: 1\n'),
                    "xzq.yaml": report("xzq", "Q1", '- target: "2.7"\n  value: 0\n')}, plan_text=plan)
    t = status_of(ws, "Q1", "2.7")
    assert (t.expected, t.actual, t.status) == (Decimal(1), Decimal(1), "on_track")  # 1 of 1.25 would be behind
    assert [(s.unit, s.expected, s.status) for s in t.shares] == [
        ("nhq", Decimal(1), "on_track"), ("xzq", Decimal(1), "seriously_behind")]
    assert status_of(ws, "Q1", "2.1").co_names == ("市統計局",)


def test_named_earlier_names_each_quarter_s_problems(workspace):
    from jxplan.judge.status import named_earlier

    ws = workspace({
        # Q1: rsj behind on 2.2 (1 of 1.5) but explained: named (must explain); tjj complete and on pace
        "rsj1.yaml": report("rsj", "Q1", '- target: "2.2"\n  value: 1\n  reason: {kind: objective, text: 招工難}\n'),
        "tjj1.yaml": report("tjj", "Q1", '- target: H1\n  value: 10\n'),
        # Q2: rsj on pace (3 of 3); tjj sends a note alone, leaving H1 out: named (incomplete)
        "rsj2.yaml": report("rsj", "Q2", '- target: "2.2"\n  value: 3\n'),
        "tjj2.yaml": report("tjj", "Q2", '- target: "2.1"\n  note: 已配合\n')})
    named = named_earlier(compute(ws.index, ws.reports, q) for q in ("Q1", "Q2"))
    assert (named["rsj"], named["tjj"]) == (("Q1",), ("Q2",))
    assert named["fgw"] == ("Q1", "Q2")  # missing in both


def test_a_narrowed_view_keeps_open_ended_statuses_and_the_units_own_flags(workspace):
    from jxplan.judge.status import select

    ws = workspace({"fgw.yaml": report("fgw", "Q2", '- target: "2.6"\n  stage: in_progress\n- target: "2.1"\n  value: 10\n')},
                   plan_text=_open_ended_plan())
    view = select(compute(ws.index, ws.reports, "Q2"), statuses={("open_ended", "on_track")})
    assert [t.id for t in view.targets] == ["2.6"]  # 2.1 is on track too, but not open-ended
    fgw = {u.id: u for u in view.units}["fgw"]
    assert (fgw.reported, fgw.missing, fgw.ongoing) == (True, False, True)
    entry = '- target: "2.6"\n  stage: not_started\n  reason: {kind: subjective, text: 未列入議事日程}\n'
    ws = workspace({"fgw.yaml": report("fgw", "Q4", entry)}, plan_text=_open_ended_plan())
    fgw = {u.id: u for u in select(compute(ws.index, ws.reports, "Q4"), targets=("2.6",)).units}["fgw"]
    assert (fgw.subjective, fgw.eligibility_cancelled) == (("2.6",), True)  # the plan provides a sanction


def test_a_lead_s_note_alone_is_still_the_target_s_note(workspace):
    # nothing to judge (no figure, no stage), but the note is the lead's and the documents quote it
    ws = workspace({"fgw.yaml": report("fgw", "Q1", '- target: "2.5"\n  note: 已選址\n- target: "2.1"\n  note: 已開工\n')})
    m, f = status_of(ws, "Q1", "2.5"), status_of(ws, "Q1", "2.1")
    assert (m.status, m.note, f.status, f.note) == ("not_reported", "已選址", "not_reported", "已開工")


def test_last_report_is_the_latest_date_a_result_stands_on(workspace):
    import datetime as dt

    from jxplan.judge.status import last_report

    ws = workspace({"fgw.yaml": report("fgw", "Q2", '- target: "2.1"\n  value: 10\n', submitted="2012-07-03"),
                    "rsj.yaml": report("rsj", "Q2", '- target: "2.2"\n  value: 3\n', submitted="2012-07-01")})
    assert last_report(compute(ws.index, ws.reports, "Q2")) == dt.date(2012, 7, 3)
    assert last_report(compute(ws.index, ws.reports, "Q3")) is None  # no report of Q3


def test_the_reason_quoted_is_the_counted_lead_s_even_when_it_is_not_the_first(workspace):
    # fgw (first in the plan) sends a note and a reason but no figure: tjj's figure counts, and its reason first
    ws = workspace({"fgw.yaml": report("fgw", "Q2", '- target: "2.1"\n  note: 已開工\n  reason: {kind: objective, text: 甲}\n'),
                    "tjj.yaml": report("tjj", "Q2", '- target: "2.1"\n  value: 8\n  reason: {kind: subjective, text: 乙}\n')},
                   plan_text=SMALL_PLAN.replace(*TWO_LEADS))
    t = status_of(ws, "Q2", "2.1")
    assert (t.status, t.actual, t.reason.text, t.reason_unit, t.lead_reason.text) == ("behind", Decimal(8), "乙", "tjj", "乙")
