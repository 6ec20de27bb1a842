"""Plan and reports in, a frozen result out: read → parse → validate → check.

Every command that reads data goes through here. Nothing is appended to a shared bag:
each step returns values, and the result is a frozen ``Workspace`` (plan, index, the
checked reports and every problem) or ``Validation`` (problems, a file count, and what the
judge needs to advise the units). A plan is checked by ``plans``, each report by ``reports``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import read as sources
from ..core.problems import Problem
from ..read import discover
from .facts import ReportSet
from .plans import PlanLoad, _plan_from, _read_as, load_plan
from .reports import Parsed, ReportOutcome, assemble, parse_file, read_all, report_outcome

if TYPE_CHECKING:
    from .index import PlanIndex
    from .model import Plan


def outcomes(items: list[tuple[str, bytes]], plan_load: PlanLoad | None) -> list[ReportOutcome]:
    """The outcome of every (path, bytes) against the plan: what each file's bytes say from the
    cache, or read now; the rest worked out now."""
    from ..core.cache import Store
    from ..core.cache import keys as cache_keys

    plan = plan_load.plan if plan_load else None
    index = plan_load.index if plan_load else None
    store = Store("files")
    keys: list = [None] * len(items)
    if store.path is not None:  # the cache is on: each key digests the code, the format and the bytes
        by_format: dict = {}
        for i, (path, raw) in enumerate(items):
            fmt = _read_as(path)
            keys[i] = (by_format.get(fmt) or by_format.setdefault(fmt, cache_keys(b"file", fmt)))(raw)
    done: list[ReportOutcome] = []
    for (path, raw), k in zip(items, keys, strict=True):
        hit = store.get(k) if k else None
        p = Parsed.cached(hit, path) if hit is not None else None
        if p is None:  # not cached, or an entry that is no entry: read now
            p = parse_file(path, raw)
            if k:
                store.put(k, p.to_data())
        # checked at once: what a file's bytes say is held for one file at a time, not for all of them
        done.append(report_outcome(path, raw, plan, index, p))
    store.save()
    return done


@dataclass(frozen=True)
class Workspace:
    """A plan and the reports of one folder, checked: what status and bulletins read."""

    plan: Plan | None  # None when the plan has errors
    index: PlanIndex | None
    reports: ReportSet
    problems: tuple[Problem, ...]
    files: int = 0

    @property
    def ok(self) -> bool:
        return self.plan is not None and not any(p.is_error for p in self.problems)


def open_plan(plan_path) -> Workspace:
    pl = load_plan(plan_path)
    return Workspace(pl.plan, pl.index, ReportSet(), pl.problems, 1)


def open_workspace(plan_path, reports_dir) -> Workspace:
    """The plan and every report below ``reports_dir``. A folder that is not there, or holds
    no report of the plan's year, is a problem: never a result where everyone is missing."""
    pl = load_plan(plan_path)
    if pl.plan is None or pl.index is None or reports_dir is None:  # a plan with errors has neither
        return Workspace(pl.plan, pl.index, ReportSet(), pl.problems, 1)
    folder = str(reports_dir)
    if not os.path.isdir(folder):
        what = "不是文件夾" if os.path.exists(folder) else "不存在"
        return Workspace(pl.plan, pl.index, ReportSet(), pl.problems + (Problem(
            folder, 1, 1, "no-reports", f"進度報告文件夾 {folder} {what}；請用 --reports 指明報告所在的文件夾"),), 1)
    files, problems = discover.find([folder])
    items = read_all(files, problems)
    results = outcomes(items, pl)
    facts, across = assemble(results, pl.index)
    reports = [r for r in results if r.kind == "report"]
    other_year = [r for r in reports if any(p.code == "wrong-year" for p in r.problems)]
    if not facts.submissions and reports and len(other_year) == len(reports):
        # every report is of another year: the plan is the wrong one (the packaged 2012 plan in a
        # folder of 2013's reports), said in one line rather than two errors a file
        problems.append(Problem(folder, 1, 1, "no-reports",
                                f"文件夾 {folder} 中的 {len(reports)} 份報告都不是計劃「{pl.plan.title}」（{pl.plan.year} 年）的；"
                                "請用 --plan 指明它們所屬的計劃文件（jxplan validate 可逐個列出問題）"))
        return Workspace(pl.plan, pl.index, facts, tuple(sorted(set(pl.problems) | set(problems))), 1 + len(files))
    problems += [p for r in results for p in r.problems] + across
    if not facts.submissions and not any(p.is_error for p in problems):
        problems.append(Problem(folder, 1, 1, "no-reports",
                                f"文件夾 {folder} 中沒有 {pl.plan.year} 年的進度報告（找到 {len(files)} 個文件）；"
                                "請確認 --reports 指向報告所在的文件夾"))
    return Workspace(pl.plan, pl.index, facts, tuple(sorted(set(pl.problems) | set(problems))), 1 + len(files))


@dataclass(frozen=True)
class Validation:
    problems: tuple[Problem, ...]
    files: int
    used_plan: bool = False  # whether ``plan_path`` was read (a plan among the paths may stand in for it)
    index: PlanIndex | None = None  # the plan the reports were checked against (None: none could be)
    facts: ReportSet | None = None  # what they say, accepted
    outcomes: tuple[ReportOutcome, ...] = ()  # each report checked


def check_paths(paths, plan_path, explicit_plan: bool = False) -> Validation:
    """`jxplan validate`: every plan and report below ``paths``, each file read once.

    Reports are checked against the plan named by --plan, else the one plan among
    ``paths``, else the default plan."""
    files, problems = discover.find(paths)
    read = read_all(files, problems)
    plans, reports = [], []
    for f, raw in read:
        if discover.may_be_plan(raw):
            doc, found = sources.parse(raw, f)
            if doc is not None and discover.kind_of(doc.data) == "plan":
                plans.append(_plan_from(doc, found, raw, f))
                continue
        reports.append((f, raw))
    for pl in plans:
        problems += pl.problems
    against = None
    used = any(Path(pl.path).resolve() == Path(plan_path).resolve() for pl in plans)
    if reports:
        if not explicit_plan and len(plans) == 1:
            against = plans[0]
        else:
            same = [pl for pl in plans if Path(pl.path).resolve() == Path(plan_path).resolve()]
            against = same[0] if same else load_plan(plan_path)
            used = True
            if not same:
                problems += [p for p in against.problems if p not in problems]
        if against.plan is None:
            problems.append(Problem(str(plan_path) if explicit_plan or not plans else against.path, 1, 1, "plan-invalid",
                                    "計劃文件有錯誤或找不到，無法核對報告的單位與目標"))
        results = outcomes(reports, against if against.plan is not None else None)
        problems += [p for r in results for p in r.problems]
        if against.plan is not None and against.index is not None:  # a plan with errors has neither
            facts, across = assemble(results, against.index)
            problems += across
            return Validation(tuple(sorted(set(problems))), len(files), used, against.index, facts, tuple(results))
    return Validation(tuple(sorted(set(problems))), len(files), used)
