"""Checks across a plan and its reports, run from one registry (see ``base``).

``check_plan`` runs the plan checks; ``check_report`` the checks of one report;
``check_folder`` those across every report. Each returns positioned problems.
"""

from __future__ import annotations

from ..problems import Problem
from . import plan as _plan, report as _report  # noqa: F401  (registers the checks)
from .base import REGISTRY, Check, Finding, field_words, of_scope
from .report import Form, ReportContext, context, form_of, value_of

__all__ = ["REGISTRY", "Check", "Form", "ReportContext", "check_data", "form_of", "check_folder", "check_result", "check_plan", "check_report", "context",
           "value_of"]


def _problems(check: Check, findings, doc) -> list[Problem]:
    out = []
    for f in findings:
        where = f.doc or doc
        message = field_words(f.message, where)
        for name, loc in f.refs:
            p = where.place(loc)
            message = message.replace("{" + name + "}", p.where or f"第{p.line}行")
        out.append(where.problem(f.loc, check.code, message, check.severity, key=f.key))
    return out


def check_plan(plan, index, doc) -> list[Problem]:
    return sorted(p for c in of_scope("plan") for p in _problems(c, c.run(plan, index), doc))


def check_data(form, doc, index=None) -> list[Problem]:
    """The checks of what a report's plain data say before validation (``report.Form``: a blank
    form), placed in ``doc``; ``index``, the plan's when there is one, only to name units as the
    plan names them."""
    return [p for c in of_scope("data") for p in _problems(c, c.run(form, index), doc)]


def check_report(ctx: ReportContext, doc) -> list[Problem]:
    """The report checks, then (when its unit is one of the plan's, whose duties they
    weigh) the checks of every entry: a wrong date or year hides none of them."""
    out = [p for c in of_scope("report") for p in _problems(c, c.run(ctx), doc)]
    if ctx.uid is None:
        return out
    entry_checks = of_scope("entry")
    targets = ctx.index.targets
    for i, entry in enumerate(ctx.report.entries):
        ref = targets.get(entry.target)
        for c in entry_checks:
            found = c.run(ctx, i, entry, ref)  # one finding or None
            if found is not None:
                out += _problems(c, (found,), doc)
    return out


def check_result(result, by_report) -> list[Problem]:
    """The checks of one quarter's computed status; ``by_report`` maps (unit, quarter) to
    that unit's accepted report (its ``entries`` and ``doc``)."""
    return [p for c in of_scope("result") for p in _problems(c, c.run(result, by_report), None)]


def check_folder(reports, facts, index) -> list[Problem]:
    """``reports``: every report's outcome (``path``, ``unit``, ``quarter``, ``doc``)."""
    return [p for c in of_scope("folder") for p in _problems(c, c.run(reports, facts, index), None)]
