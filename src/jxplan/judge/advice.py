"""What a quarter's statuses tell each unit before its report goes to the bulletin.

In: the status result of a quarter (``status.compute``) and each unit's accepted report.
Out: warnings placed in those reports, by two rules that read the result as the bulletin
will, never working the rules out again: a task behind that the unit did not explain
(``UnitStatus.unexplained``), and targets its report left out (``UnitStatus.unreported``).
``validate`` and ``import`` say them, so a unit hears them before the bulletin names it.
"""

from __future__ import annotations

from dataclasses import replace

from ..check.pipeline import Validation, check_paths
from ..check.rules import Rule, problems_of
from ..check.rules.base import Finding
from ..core.problems import Problem
from ..core.terms import LAGGING, QUARTER_ZH
from .status import StatusResult, compute

MAX_NAMED = 40  # targets a unit's warning names one by one (a department leads a dozen or two)
_LAG_WORDS = {"behind": "滯後於序時進度", "seriously_behind": "嚴重滯後於序時進度", "not_achieved": "未完成年度目標"}


def unexplained_lag(result: StatusResult, by_report):
    """A target behind its 序時進度 (or not achieved at the year end) whose responsible unit
    gave no reason: the bulletin will list that unit among those that did not explain, so
    its report should say why (``reason: {kind, text}``) before it is sent.

    Passes: 10.1 at 80% of its 序時進度 with ``reason: {kind: objective, text: …}``.
    Warns: the same without a reason.
    """
    targets = {t.id: t for t in result.targets}
    for u in result.units:
        report = by_report.get((u.id, result.quarter))
        if report is None:
            continue  # not reported: said elsewhere
        for tid in u.unexplained:
            t = targets[tid]
            # its own share, when it carries one behind and unexplained; else the total it leads
            share = next((s for s in t.shares if s.unit == u.id and s.status in LAGGING and s.reason is None), None)
            entry = next((e for e in report.entries if e[0] == tid), None)
            noted = "（備注裡寫的不算原因）" if entry and entry[3] else ""
            what = "（本單位的分解任務）" if share is not None else ""
            yield Finding(_at(report, tid, "reason"), f"{t.id} {t.name}{what}{_LAG_WORDS[(share or t).status]}，但沒有說明原因；"
                                                      f"通報會把本單位列入未說明原因的單位。請填{{field:reason}}{noted}", doc=report.doc)


def report_incomplete(result: StatusResult, by_report):
    """A unit's report carries a figure or stage for every target it must report (what it
    leads unbroken, and its breakdown shares): the bulletin names a unit whose report left
    some out, so it should hear it first.

    Passes: 市發改委 reports every target it leads. Warns: its report carries only a note on 2.4.
    """
    for u in result.units:
        report = by_report.get((u.id, result.quarter))
        if report is None or not u.unreported:
            continue
        many = len(u.unreported) > MAX_NAMED
        shown = "、".join(u.unreported[:MAX_NAMED]) + (f" 等共 {len(u.unreported)} 項目標" if many else "")
        # at the row of the first target left out, where the form has one; else at the list of entries
        row = next((loc for tid, loc in report.rows if tid in u.unreported), None)
        yield Finding(row + ("value",) if row else ("entries",),
                      f"{u.name} 的{QUARTER_ZH[result.quarter]}報告沒有 {shown} 的{{field:value}}或"
                      "{field:stage}；通報會把本單位列為漏報部分目標的單位。請補上這些目標",
                      key=row is None, doc=report.doc)


def leads_disagree(result: StatusResult, by_report):
    """The leads of one task (a document may name several, each answering for the whole) report
    the same figure or stage; when they differ the bulletin takes the first lead's figure, or
    the least advanced stage, and says that they differ: each of them hears it first.

    Passes: two leads both report ``stage: in_progress``. Warns: one reports in_progress, the other not_started.
    """
    from ..core.quantity import format_number
    from ..core.terms import STAGE_LABELS

    names = {u.id: u.name for u in result.units}  # every unit of the plan: every lead is one
    for t in result.targets:
        if not t.disagree:
            continue
        said = "，".join(f"{names[u]}報{STAGE_LABELS[stage] if stage else format_number(value)}"
                        for u, value, stage in t.lead_figures)
        rule = "進展最慢的一份" if t.kind == "milestone" else f"{names[t.lead_figures[0][0]]}的數"
        for u, _, _ in t.lead_figures:
            report = by_report.get((u, result.quarter))
            if report is None:
                continue
            yield Finding(_at(report, t.id), f"{t.id} {t.name}：各{result.roles[0]}報的不一致（{said}）；通報取{rule}，"
                                             f"並寫明不一致。請與其他{result.roles[0]}核對", doc=report.doc)


def _at(report, tid: str, *field: str):
    """Where a warning on a target stands in a report: at its entry (``field`` of it), a form's
    row with nothing filled in included (a lead's row of a target its breakdown units report:
    the reason for the total goes there); at the list of entries when the report does not list it."""
    row = next((loc for t, loc in report.rows if t == tid), None)
    return row + field if row else ("entries",)


RULES: tuple[Rule, ...] = (
    Rule("unexplained-lag", "result", "warning", unexplained_lag),
    Rule("report-incomplete", "result", "warning", report_incomplete),
    Rule("leads-disagree", "result", "warning", leads_disagree),
)


def advice(index, facts, outcomes) -> list[Problem]:
    """The warnings of every quarter the reports speak of, each report told what the bulletin
    will say of it; ``outcomes``: the checked reports (``unit``, ``quarter``, ``entries``, ``doc``)."""
    # each unit's report as the facts took it: of two reports of one unit, never the other one's place
    taken = {(s.unit, s.quarter): s.path for s in facts.submissions.values()}
    by_report = {(r.unit, r.quarter): r for r in outcomes if r.accepted and taken.get((r.unit, r.quarter)) == r.path}
    out = []
    for q in facts.quarters():
        result = compute(index, facts, q)
        for rule in RULES:
            out += problems_of(rule, rule.run(result, by_report), None)
    return out


def validate(paths, plan_path, explicit_plan: bool = False) -> Validation:
    """Everything ``jxplan validate`` says: the plans and reports below ``paths`` checked
    (``check_paths``), and the advice of every quarter their reports speak of."""
    checked = check_paths(paths, plan_path, explicit_plan)
    if checked.facts is None:
        return checked
    said = set(checked.problems) | set(advice(checked.index, checked.facts, checked.outcomes))
    return replace(checked, problems=tuple(sorted(said)))
