"""Checks across a plan and its reports, run from one registry (see ``base``).

``check_plan`` runs the plan checks; ``check_report`` the checks of one report;
``check_folder`` those across every report. Each returns positioned problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ...core.problems import Problem
from . import plan, report
from .base import Rule, field_words, scoped
from .report import Form, ReportContext, context, form_of, value_of

if TYPE_CHECKING:
    from ...read import Document
    from ..facts import ReportSet
    from ..index import PlanIndex
    from ..model import Plan
    from ..reports import ReportOutcome
    from .base import Finding

__all__ = ["RULES", "Form", "ReportContext", "Rule", "check_data", "check_folder", "check_plan", "check_report", "context",
           "form_of", "value_of"]

# Every check of a plan and of its reports, each once: its code (a problem line ends with it),
# what it looks at, its severity, and its function, named after the code. The checks of a
# quarter's computed status (unexplained-lag, report-incomplete) are the judge's (judge/advice.py).
RULES: tuple[Rule, ...] = (
    Rule("duplicate-id", "plan", "error", plan.duplicate_id),
    Rule("name-chars", "plan", "error", plan.name_chars),
    Rule("cumulative-ceiling", "plan", "warning", plan.cumulative_ceiling),
    Rule("unknown-unit", "plan", "error", plan.unknown_unit),
    Rule("unknown-leader", "plan", "error", plan.unknown_leader),
    Rule("missing-lead", "plan", "warning", plan.missing_lead),
    Rule("kind-field", "plan", "error", plan.kind_field),
    Rule("breakdown-sum", "plan", "error", plan.breakdown_sum),
    Rule("schedule", "plan", "error", plan.schedule),
    Rule("dates", "plan", "error", plan.dates),
    Rule("thresholds", "plan", "error", plan.thresholds),
    Rule("no-target", "plan", "error", plan.no_target),
    Rule("due-unstated", "plan", "warning", plan.due_unstated),
    Rule("lead-also-co", "plan", "warning", plan.lead_also_co),
    Rule("relative-to", "plan", "error", plan.relative_to),
    Rule("not-in-notice", "plan", "error", plan.not_in_notice),
    Rule("mixed-script", "plan", "warning", plan.mixed_script),
    Rule("unknown-unit", "report", "error", report.unknown_unit),
    Rule("wrong-year", "report", "error", report.wrong_year),
    Rule("missing-date", "report", "error", report.missing_date),
    Rule("early", "report", "warning", report.early),
    Rule("quarter-folder", "report", "warning", report.quarter_folder),
    Rule("implausible-date", "report", "error", report.implausible_date),
    Rule("far-late", "report", "warning", report.far_late),
    Rule("blank-report", "data", "warning", report.blank_report),
    Rule("unknown-target", "entry", "error", report.unknown_target),
    Rule("duplicate-entry", "entry", "error", report.duplicate_entry),
    Rule("not-responsible", "entry", "error", report.not_responsible),
    Rule("unrelated-note", "entry", "warning", report.unrelated_note),
    Rule("lead-figure-unused", "entry", "warning", report.lead_figure_unused),
    Rule("value-for-milestone", "entry", "error", report.value_for_milestone),
    Rule("stage-for-number", "entry", "error", report.stage_for_number),
    Rule("unit", "entry", "error", report.unit),
    Rule("implausible", "entry", "warning", report.implausible),
    Rule("negative-cumulative", "entry", "warning", report.negative_cumulative),
    Rule("duplicate-report", "folder", "error", report.duplicate_report),
    Rule("decreasing", "folder", "warning", report.decreasing),
)
_PLAN, _DATA, _REPORT, _ENTRY, _FOLDER = (scoped(RULES, s) for s in ("plan", "data", "report", "entry", "folder"))


def problems_of(rule: Rule, findings: Iterable[Finding], doc: Document | None) -> list[Problem]:
    """A rule's findings as positioned problems: placed in ``doc`` (or the finding's own)."""
    out = []
    for f in findings:
        where = f.doc or doc
        assert where is not None, f"{rule.code}: a finding across files names its file"  # check_folder passes no doc
        message = field_words(f.message, where)
        for name, loc in f.refs:
            p = where.place(loc)
            # a workbook's cell set off by spaces, as a path is: its sheet's name is kept as written
            message = message.replace("{" + name + "}", f" {p.where} " if p.where else f"第{p.line}行")
        out.append(where.problem(f.loc, rule.code, message, rule.severity, key=f.key))
    return out


def check_plan(plan_: Plan, index: PlanIndex, doc: Document) -> list[Problem]:
    return sorted(p for r in _PLAN for p in problems_of(r, r.run(plan_, index), doc))


def check_data(form: Form, doc: Document, index: PlanIndex | None = None) -> list[Problem]:
    """The checks of what a report's plain data say before validation (``report.Form``: a blank
    form), placed in ``doc``; ``index``, the plan's when there is one, only to name units as the
    plan names them."""
    return [p for r in _DATA for p in problems_of(r, r.run(form, index), doc)]


def check_report(ctx: ReportContext, doc: Document) -> list[Problem]:
    """The report checks, then (when its unit is one of the plan's, whose duties they
    weigh) the checks of every entry: a wrong date or year hides none of them."""
    out = [p for r in _REPORT for p in problems_of(r, r.run(ctx), doc)]
    if ctx.uid is None:
        return out
    targets = ctx.index.targets
    for i, entry in enumerate(ctx.report.entries):
        ref = targets.get(entry.target)
        for r in _ENTRY:
            found = r.run(ctx, i, entry, ref)  # one finding or None
            if found is not None:
                out += problems_of(r, (found,), doc)
    return out


def check_folder(reports: Sequence[ReportOutcome], facts: ReportSet, index: PlanIndex) -> list[Problem]:
    """``reports``: every report's outcome (``path``, ``unit``, ``quarter``, ``doc``)."""
    return [p for r in _FOLDER for p in problems_of(r, r.run(reports, facts, index), None)]
