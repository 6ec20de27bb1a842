"""Checks across a plan and its reports. Each check is a plain function that returns problems.

The docstring of each check is its user documentation; its code is stable.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .index import PlanIndex
from .load import LoadedReport
from .model import Plan
from .model.report import Reason
from .model.types import QUARTERS
from .problems import Problem
from .quantity import QuantityError, convert, format_number
from .yamlsource import Document

QUARTER_END = {"Q1": (3, 31), "Q2": (6, 30), "Q3": (9, 30), "Q4": (12, 31)}


# ---- plan checks ------------------------------------------------------------------------


def check_unique_ids(plan: Plan, index: PlanIndex, doc: Document):
    """duplicate-id: unit ids, unit names, sections, points and target ids are each unique."""
    def dupes(items, what):
        seen = {}
        for loc, key in items:
            if key in seen:
                yield doc.problem(loc, "duplicate-id", f"{what}「{key}」重複（第一次在第{doc.pos(seen[key])[0]}行）")
            else:
                seen[key] = loc
    yield from dupes(((("units", i, "id"), u.id) for i, u in enumerate(plan.units)), "單位編號")
    yield from dupes(((("units", i, "name"), u.name) for i, u in enumerate(plan.units)), "單位名稱")
    yield from dupes(((("sections", i, "id"), s.id) for i, s in enumerate(plan.sections)), "部分編號")
    yield from dupes((((("sections", si, "points", pi, "id")), (type(p.id).__name__, p.id))
                      for si, s in enumerate(plan.sections) for pi, p in enumerate(s.points)), "工作要點編號")
    yield from dupes(((ref.loc + ("id",), ref.id) for ref in index.refs), "目標編號")


def check_unit_refs(plan: Plan, index: PlanIndex, doc: Document):
    """unknown-unit: every lead, co and breakdown unit is a unit of the plan; headline targets name a lead."""
    def known(uid, loc, key=False):
        if uid not in index.units:
            hint = ""
            if index.unit_id(uid):
                hint = f"；這裡要寫編號「{index.unit_id(uid)}」"
            return doc.problem(loc, "unknown-unit", f"未知單位「{uid}」{hint}", key=key)
        return None

    found = []
    for si, s in enumerate(plan.sections):
        for pi, p in enumerate(s.points):
            base = ("sections", si, "points", pi)
            found.append(known(p.lead, base + ("lead",)))
            found += [known(c, base + ("co", ci)) for ci, c in enumerate(p.co)]
    for ref in index.refs:
        t = ref.target
        if ref.section is None and not t.lead:
            found.append(doc.problem(ref.loc, "missing-lead", f"主要預期目標 {t.id} 需要第一責任單位（lead）"))
        if t.lead:
            found.append(known(t.lead, ref.loc + ("lead",)))
        found += [known(c, ref.loc + ("co", ci)) for ci, c in enumerate(t.co or ())]
        found += [known(u, ref.loc + ("breakdown", u), key=True) for u in (t.breakdown or {})]
    yield from (p for p in found if p)


def check_fields_fit_kind(plan: Plan, index: PlanIndex, doc: Document):
    """kind-field: schedule and breakdown only on cumulative targets, due only on milestones,
    a number target on everything but milestones, and stretch above target."""
    for ref in index.refs:
        t, loc = ref.target, ref.loc
        if t.kind != "cumulative":
            for name in ("schedule", "breakdown"):
                if getattr(t, name) is not None:
                    yield doc.problem(loc + (name,), "kind-field", f"{name} 只用於累計型（cumulative）目標，{t.id} 是 {t.kind}", key=True)
        if t.kind == "milestone":
            for name in ("target", "stretch", "unit", "tolerance"):
                if getattr(t, name) is not None:
                    yield doc.problem(loc + (name,), "kind-field", f"里程碑（milestone）{t.id} 沒有數字目標，請刪去 {name}", key=True)
        else:
            if t.due is not None:
                yield doc.problem(loc + ("due",), "kind-field", f"due 只用於里程碑（milestone），{t.id} 是 {t.kind}", key=True)
            if t.target is None:
                yield doc.problem(loc, "kind-field", f"目標 {t.id} 缺少年度數字 target（只有里程碑可以沒有）")
            elif t.stretch is not None and t.stretch < t.target:
                yield doc.problem(loc + ("stretch",), "kind-field", f"stretch（{format_number(t.stretch)}）應大於等於 target（{format_number(t.target)}）")


def check_breakdown_sum(plan: Plan, index: PlanIndex, doc: Document):
    """breakdown-sum: the shares handed down add up to the annual target."""
    for ref in index.refs:
        t = ref.target
        if t.breakdown and t.target is not None:
            total = sum(t.breakdown.values(), Decimal(0))
            if total != t.target:
                yield doc.problem(ref.loc + ("breakdown",), "breakdown-sum",
                                  f"{t.id} 的分解數合計 {format_number(total)}，不等於年度目標 {format_number(t.target)}")


def check_schedule(plan: Plan, index: PlanIndex, doc: Document):
    """schedule: a schedule names all four quarters, lies in [0, 1], never decreases, ends at 1."""
    for ref in index.refs:
        sched = ref.target.schedule
        if not sched:
            continue
        loc = ref.loc + ("schedule",)
        missing = [q for q in QUARTERS if q not in sched]
        if missing:
            yield doc.problem(loc, "schedule", f"schedule 缺少 {', '.join(missing)}；四個季度都要寫")
            continue
        prev = Decimal(0)
        for q in QUARTERS:
            v = sched[q]
            if v < 0 or v > 1:
                yield doc.problem(loc + (q,), "schedule", f"{q} 的進度比例 {format_number(v)} 應在 0 到 1 之間")
            elif v < prev:
                yield doc.problem(loc + (q,), "schedule", f"{q} 的進度比例 {format_number(v)} 小於上一季度；序時進度不能倒退")
            prev = max(prev, v)
        if sched["Q4"] != 1:
            yield doc.problem(loc + ("Q4",), "schedule", "Q4 的進度比例應為 1（年底完成全年目標）")


def check_plan_dates(plan: Plan, index: PlanIndex, doc: Document):
    """dates: reporting dates run in order after the issue date; 0 < serious < 1."""
    prev = plan.issued
    for q in QUARTERS:
        d = getattr(plan.reporting, q)
        if d <= prev:
            yield doc.problem(("reporting", q), "dates", f"{q} 的報送日期 {d} 應晚於 {prev}")
        prev = max(prev, d)
        end = dt.date(plan.year, *QUARTER_END[q])
        if d < end:
            yield doc.problem(("reporting", q), "dates", f"{q} 的報送日期 {d} 早於季度結束日 {end}")
    s = plan.thresholds.serious
    if not (0 < s < 1):
        yield doc.problem(("thresholds", "serious"), "thresholds", f"serious 應在 0 與 1 之間（不含），不是 {format_number(s)}")


def check_every_point_has_target(plan: Plan, index: PlanIndex, doc: Document):
    """no-target: every point (and section 八's paragraph) has at least one target to supervise."""
    for si, s in enumerate(plan.sections):
        if not s.points:
            yield doc.problem(("sections", si), "no-target", f"第{s.id}部分沒有任何工作要點")
        for pi, p in enumerate(s.points):
            if not p.targets:
                yield doc.problem(("sections", si, "points", pi), "no-target",
                                  f"工作要點 {p.id}「{p.title}」沒有目標；沒有數字的要點請用里程碑（milestone）")


QUALIFIER_COMPARE = {"以上": "at_least", "超": "above", "超過": "above", "突破": "above", "以內": "at_most"}


def check_task_fields(plan: Plan, index: PlanIndex, doc: Document):
    """kind-field: open_ended only on milestones, and without a due quarter (it has no end);
    due_set_by only with a due; a qualifier only on a figure, and the one its compare says
    (以上 at_least; 超, 超過, 突破 above; 以內 at_most; 左右 needs a tolerance)."""
    for ref in index.refs:
        t, loc = ref.target, ref.loc
        if t.open_ended and t.kind != "milestone":
            yield doc.problem(loc + ("open_ended",), "kind-field", f"open_ended 只用於里程碑（milestone），{t.id} 是 {t.kind}", key=True)
        if t.open_ended and t.due is not None:
            yield doc.problem(loc + ("due",), "kind-field", f"{t.id} 是持續推進的任務（open_ended），沒有完成時限；請刪去 due", key=True)
        if t.due_set_by is not None and t.due is None:
            yield doc.problem(loc + ("due_set_by",), "kind-field", f"{t.id} 寫了 due_set_by 卻沒有 due", key=True)
        if t.qualifier is None:
            continue
        if t.kind == "milestone":
            yield doc.problem(loc + ("qualifier",), "kind-field", f"里程碑 {t.id} 沒有數字，不需要 qualifier", key=True)
        elif t.qualifier == "左右" and not t.tolerance:
            yield doc.problem(loc + ("qualifier",), "kind-field", f"{t.id} 寫「左右」須有 tolerance（容差）")
        elif t.qualifier in QUALIFIER_COMPARE and QUALIFIER_COMPARE[t.qualifier] != t.compare:
            yield doc.problem(loc + ("qualifier",), "kind-field",
                              f"{t.id} 的「{t.qualifier}」應配 compare: {QUALIFIER_COMPARE[t.qualifier]}，不是 {t.compare}")


TIME_WORDS = re.compile(r"[一二三四1-4]季度|上半年|下半年|年中|[0-9０-９]{1,2}月|[一二三四五六七八九十]{1,3}月")


def check_due_is_stated(plan: Plan, index: PlanIndex, doc: Document):
    """due-unstated (warning): a milestone due before Q4 must have that deadline in its source
    (一季度, 上半年, 6月…), or say that the office set it (due_set_by: office); otherwise the
    plan states a deadline the text does not.

    Passes: ``{due: Q2, due_set_by: office}``, or ``due: Q2`` with source 「上半年完成…」.
    Warns: ``due: Q2`` with source 「制定出臺產業轉移指導目錄」."""
    for ref in index.refs:
        t = ref.target
        if t.kind != "milestone" or t.due in (None, "Q4") or t.due_set_by is not None:
            continue
        if t.source and TIME_WORDS.search(t.source):
            continue
        yield doc.problem(ref.loc + ("due",), "due-unstated",
                          f"{t.id} 的完成時限 {t.due} 原文沒有寫明；若是督查室確定的，請加 due_set_by: office", "warning")


def check_lead_not_co(plan: Plan, index: PlanIndex, doc: Document):
    """lead-also-co (warning): a unit is the first responsible unit (lead) of an item and also
    one of its main responsible units (co); it answers for the item once, as its lead.

    Passes: ``{lead: fgw, co: [tjj]}``. Warns: ``{lead: fgw, co: [tjj, fgw]}``."""
    for si, s in enumerate(plan.sections):
        for pi, p in enumerate(s.points):
            if p.lead in p.co:
                yield doc.problem(("sections", si, "points", pi, "co", p.co.index(p.lead)), "lead-also-co",
                                  f"{index.unit_name(p.lead)} 是要點 {p.id} 的第一責任單位，不必再列為主要責任單位", "warning")
    for ref in index.refs:
        t = ref.target
        if t.co is not None and ref.lead in t.co:
            yield doc.problem(ref.loc + ("co", t.co.index(ref.lead)), "lead-also-co",
                              f"{index.unit_name(ref.lead)} 是 {t.id} 的第一責任單位，不必再列為主要責任單位", "warning")


PLAN_CHECKS = [
    check_unique_ids, check_unit_refs, check_fields_fit_kind, check_breakdown_sum,
    check_schedule, check_plan_dates, check_every_point_has_target,
    check_task_fields, check_due_is_stated, check_lead_not_co,
]


def check_plan(plan: Plan, doc: Document) -> tuple[PlanIndex, list[Problem]]:
    index = PlanIndex(plan)
    problems = [p for check in PLAN_CHECKS for p in check(plan, index, doc)]
    return index, sorted(problems)


# ---- reports ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    """One unit's figure (or stage) for one target in one quarter, in the target's unit."""

    unit: str
    quarter: str
    target: str
    value: Decimal | None
    stage: str | None
    note: str | None
    reason: Reason | None
    path: str
    loc: tuple = field(repr=False, compare=False)  # where the entry stands in its file

    @property
    def line(self) -> int:
        """Looked up only when a warning needs it: the file is read again for positions."""
        return Document(self.path, None).pos(self.loc)[0]


@dataclass(frozen=True)
class Submission:
    unit: str
    quarter: str
    submitted: dt.date
    path: str


@dataclass
class ReportSet:
    """What the reports say, checked against the plan; the input of the status rules."""

    submissions: dict = field(default_factory=dict)  # (unit, quarter) -> Submission
    observations: dict = field(default_factory=dict)  # (quarter, target, unit) -> Observation

    def quarters(self) -> list[str]:
        return sorted({q for _, q in self.submissions})


def check_reports(plan: Plan, index: PlanIndex, loaded: list[LoadedReport]) -> tuple[ReportSet, list[Problem]]:
    """Every report check of formats.md; a ReportSet of what passed, and all problems."""
    rs = ReportSet()
    problems: list[Problem] = []
    for lr in sorted(loaded, key=lambda r: r.path):
        problems += _check_one(plan, index, lr, rs)
    problems += _check_sequence(index, rs)
    return rs, sorted(problems)


def _check_one(plan: Plan, index: PlanIndex, lr: LoadedReport, rs: ReportSet) -> list[Problem]:
    r, doc = lr.report, lr.doc
    out: list[Problem] = []
    uid = index.unit_id(r.unit)
    if uid is None:
        return [doc.problem(("unit",), "unknown-unit", f"未知單位「{r.unit}」；請寫計畫中的單位編號或名稱")]
    if r.year != plan.year:
        out.append(doc.problem(("year",), "wrong-year", f"報告年度 {r.year} 不是計畫的年度 {plan.year}"))
        return out
    key = (uid, r.quarter)
    if key in rs.submissions:
        first = rs.submissions[key].path
        return out + [doc.problem(("unit",), "duplicate-report",
                                  f"{index.unit_name(uid)} 的 {r.quarter} 報告已在 {first}；同一單位每季只能有一份")]
    end = dt.date(plan.year, *QUARTER_END[r.quarter])
    if r.submitted < end:
        out.append(doc.problem(("submitted",), "early", f"報送日期 {r.submitted} 早於 {r.quarter} 結束（{end}）", "warning"))
    seen: dict[str, int] = {}
    kept = []
    for i, e in enumerate(r.entries):
        loc = ("entries", i)
        ref = index.targets.get(e.target)
        if ref is None:
            out.append(doc.problem(loc + ("target",), "unknown-target", f"未知目標「{e.target}」；編號須與計畫一致（如 \"2.1\"，請加引號）"))
            continue
        if e.target in seen:
            first = doc.pos(("entries", seen[e.target]))[0]
            out.append(doc.problem(loc + ("target",), "duplicate-entry", f"目標 {e.target} 已在第{first}行填報；每個目標只能填一次"))
            continue
        seen[e.target] = i
        t = ref.target
        figure = e.value is not None or e.stage is not None
        if figure and uid not in ref.responsible:
            role = "協辦單位只能填 note" if uid in ref.co else "不是它的責任單位"
            who = "、".join(index.unit_name(u) for u in ref.reporters)
            out.append(doc.problem(loc, "not-responsible",
                                   f"{index.unit_name(uid)} 不能報 {t.id} 的數值或進度（{role}；由 {who} 填報）"))
            continue
        if figure and uid not in ref.reporters:
            out.append(doc.problem(loc, "lead-figure-unused",
                                   f"{t.id} 已分解到各單位，實際值是各分解單位報送數之和；{index.unit_name(uid)} 報的數不計入", "warning"))
        if not figure and uid not in ref.responsible and uid not in ref.co:
            out.append(doc.problem(loc, "not-responsible", f"{index.unit_name(uid)} 與目標 {t.id} 無關", "warning"))
        if t.kind == "milestone" and e.value is not None:
            out.append(doc.problem(loc + ("value",), "value-for-milestone", f"{t.id} 是里程碑，請填 stage（not_started / in_progress / done），不是 value", key=True))
            continue
        if t.kind != "milestone" and e.stage is not None:
            out.append(doc.problem(loc + ("stage",), "stage-for-number", f"{t.id} 是數字目標，請填 value，不是 stage", key=True))
            continue
        value = None
        if e.value is not None:
            try:
                value = convert(e.value, t.unit)
            except QuantityError as exc:
                out.append(doc.problem(loc + ("value",), "unit", f"{t.id}: {exc}"))
                continue
            if t.target and t.target > 0 and value > 3 * t.target:
                out.append(doc.problem(loc + ("value",), "implausible",
                                       f"{t.id} 的數值 {format_number(value)}{t.unit or ''} 超過年度目標的 3 倍；請核實單位", "warning"))
        kept.append(Observation(uid, r.quarter, t.id, value, e.stage, e.note, e.reason, doc.path, loc))
    if not any(p.is_error for p in out):
        rs.submissions[key] = Submission(uid, r.quarter, r.submitted, doc.path)
        for o in kept:
            rs.observations[(r.quarter, o.target, uid)] = o
    return out


def _check_sequence(index: PlanIndex, rs: ReportSet) -> list[Problem]:
    """A cumulative figure lower than the same unit's figure the quarter before."""
    out = []
    for (q, tid, uid), o in rs.observations.items():
        qi = QUARTERS.index(q)
        if qi == 0 or o.value is None or index.targets[tid].target.kind != "cumulative":
            continue
        prev = rs.observations.get((QUARTERS[qi - 1], tid, uid))
        if prev is not None and prev.value is not None and o.value < prev.value:
            out.append(Problem(o.path, o.line, 1, "decreasing",
                               f"{tid} 是累計數，{q} 的 {format_number(o.value)} 低於 {QUARTERS[qi - 1]} 的 {format_number(prev.value)}", "warning"))
    return out
