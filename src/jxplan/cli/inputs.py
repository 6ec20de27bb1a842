"""What a command reads: the plan (found as the office's settings say) and the reports, checked,
or the command ends with exit 1 and every problem; the quarter asked for; a template folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from .scripts import heard
from .speak import ask, defaulted, existing, fail, say, usage, warn

def plan_path(plan: str | None, reports: str | None = None) -> Path:
    """The plan a command reads (``settings.choose_plan``: --plan, the settings file, the one
    plan in plans/, the shipped copy), without a word; see ``load_plan`` for one that says it."""
    from .settings import choose_plan

    return choose_plan(plan, reports).path


def load_plan(plan: str | None, reports: str | None = None):
    """The checked plan (``check.plans.PlanLoad``) a command reads, or exit 1 with its
    problems. Which plan it is is said when it was not obvious (the shipped copy, one of
    several chosen by year), after the plan's script has become that of every message."""
    from ..check.plans import load_plan as load
    from .settings import choose_plan

    chosen = choose_plan(plan, reports)
    loaded = load(chosen.path)
    heard(loaded.plan)
    if chosen.note:
        say(chosen.note)
    if not loaded.ok:
        fail(list(loaded.problems))
    return loaded


UNREAD = "not-read"  # a file in a reports folder that was not read


def workspace(plan: str | None, reports: str | None, public: bool = False):
    """The checked plan (and reports); any error ends the command with exit 1. ``public``
    (a bulletin): a file in the reports folder that was not read is an error too, since a
    unit whose report it is would be named as not having reported."""
    from dataclasses import replace

    from ..check.pipeline import open_workspace
    from .settings import choose_plan

    chosen = choose_plan(plan, reports)  # two plans the reports cannot tell apart: said first
    if reports is not None and defaulted("reports") and not os.path.lexists(reports):
        if chosen.note:  # the shipped plan: said, so that the user sees why nothing of theirs was found
            say(chosen.note)
        usage(f"沒有默認的報告文件夾 {reports}；請用 --reports 指明報告所在的文件夾（或寫進 jxplan.toml 的 reports）", "--reports")
    if reports is not None:
        existing([reports], "--reports", folder=True)
    ws = open_workspace(chosen.path, Path(reports) if reports is not None else None)
    heard(ws.plan)
    if chosen.note:
        say(chosen.note)
    unread = [p for p in ws.problems if p.code == UNREAD]
    if public and unread:
        fail([replace(p, severity="error") for p in unread] + [p for p in ws.problems if p.is_error])
    if not ws.ok:
        fail(ws.problems)
    warn(ws.problems)
    return ws


def quarter(ws, given: str | None, reports: str, public: bool = False) -> str:
    """The quarter asked for (q2, 二季度…) or the latest with reports; ``public`` (a bulletin)
    refuses a quarter nobody reported for, a status view warns."""
    from .policy import choose_quarter
    from .query import quarter as parse

    asked = ask(parse, given, option="--quarter") if given is not None else None
    q, problem = choose_quarter(ws, asked, reports, public)
    if problem is not None:
        (fail if problem.is_error else warn)([problem])
    return q


def template_dir(given: str | None) -> Path | None:
    if given is None:
        return None
    if not os.path.isdir(given):  # never raises: a folder that cannot be looked at is not there for us
        usage(f"模板文件夾 {given} 不存在（或不允許讀取）", "--template-dir")
    return Path(given)
