"""The load → check pipeline that every command shares: a plan and its reports, or problems."""

from __future__ import annotations

from dataclasses import dataclass, field
import os
from pathlib import Path

from .checks import ReportSet, check_plan, check_reports
from .index import PlanIndex
from .load import REPORT_MAX_BYTES, PLAN_MAX_BYTES, LoadedReport, report_files, to_model
from .model import Plan, Report
from .problems import Problem
from .yamlsource import Document, load_file


@dataclass
class Workspace:
    plan: Plan | None = None
    index: PlanIndex | None = None
    reports: ReportSet = field(default_factory=ReportSet)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return self.plan is not None and not any(p.is_error for p in self.problems)


def looks_like_plan(data) -> bool:
    return isinstance(data, dict) and ("sections" in data or "headline" in data)


def plan_from_doc(ws: Workspace, doc) -> None:
    """Validate a parsed plan into ``ws`` (plan and index set only when it is clean)."""
    if not isinstance(doc.data, dict):
        ws.problems.append(doc.problem((), "schema", "計畫檔的最上層應是「鍵: 值」的對應表"))
        return
    plan, more = to_model(doc, Plan)
    ws.problems += more
    if plan is not None:
        index, found = check_plan(plan, doc)
        ws.problems += found
        if not any(p.is_error for p in ws.problems):
            ws.plan, ws.index = plan, index


def open_plan(path) -> Workspace:
    ws = Workspace(files=1)
    [(doc, problems)] = read_all([path], [path])
    ws.problems += problems
    if doc is not None:
        plan_from_doc(ws, doc)
    return ws


def report_from_doc(doc) -> tuple[LoadedReport | None, list[Problem]]:
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "schema", "進度報告的最上層應是「鍵: 值」的對應表")]
    report, problems = to_model(doc, Report)
    if report is None:
        return None, problems
    return LoadedReport(doc.path, report, doc), problems


def read(path) -> tuple[object, list[Problem]]:
    """Parse one file of either kind; a report larger than a report may be is refused."""
    doc, problems = load_file(path, PLAN_MAX_BYTES)
    if doc is not None and not looks_like_plan(doc.data) and os.path.getsize(path) > REPORT_MAX_BYTES:
        return None, [Problem(str(path), 1, 1, "file-too-large",
                              f"進度報告超過 {REPORT_MAX_BYTES:,} 位元組；這不像一份季度報告")]
    return doc, problems


PARALLEL_MIN = 800  # below this many files, starting workers costs more than it saves


def _read_chunk(files: list) -> list:
    return [read(f) for f in files]


def read_all(files: list, roots=()) -> list[tuple[object, list[Problem]]]:
    """read() every file: unchanged ones from the parse cache, the rest on every core
    when there are many and the system can fork."""
    import multiprocessing

    from .cache import ParseCache

    cache = ParseCache([str(r) for r in roots] or ["."])
    out: list = [None] * len(files)
    todo = []
    for i, f in enumerate(files):
        hit = cache.get(str(f))
        if hit is None:
            todo.append(i)
        else:
            data, problems = hit
            out[i] = (None if data is _NO_DOC else Document(str(f), data), problems)
    workers = min(os.cpu_count() or 1, 8)
    missing = [files[i] for i in todo]
    if len(missing) < PARALLEL_MIN or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        done = [read(f) for f in missing]
    else:
        from concurrent.futures import ProcessPoolExecutor

        size = -(-len(missing) // (workers * 4))
        chunks = [missing[i:i + size] for i in range(0, len(missing), size)]
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                done = [r for chunk in pool.map(_read_chunk, chunks) for r in chunk]
        except OSError:  # no processes to be had: do it here
            done = [read(f) for f in missing]
    for i, (doc, problems) in zip(todo, done):
        out[i] = (doc, problems)
        cache.put(str(files[i]), (_NO_DOC if doc is None else doc.data, problems))
    cache.save()
    return out


_NO_DOC = "\0no-document"


def _report_docs(ws: Workspace, paths, files=None) -> list:
    """Parse the reports below ``paths``: (document, has_errors) pairs; plans are skipped."""
    if files is None:
        files, problems = report_files(paths)
        ws.problems += problems
    docs = []
    for doc, found in read_all(files, paths):
        ws.files += 1
        ws.problems += found
        if doc is None:
            continue
        if looks_like_plan(doc.data):
            ws.problems.append(doc.problem((), "not-a-report", "這是計畫檔，不是進度報告；已略過", "warning"))
        else:
            docs.append((doc, any(p.is_error for p in found)))
    return docs


def add_reports(ws: Workspace, paths=(), files=None, docs=None) -> Workspace:
    """Validate reports and check them against the workspace's plan.

    ``docs`` are already parsed (document, has_errors) pairs; otherwise the reports below
    ``paths`` (or the given ``files``) are read.
    """
    if docs is None:
        docs = _report_docs(ws, paths, files)
    loaded = []
    for doc, broken in docs:
        lr, found = report_from_doc(doc)
        ws.problems += found
        if lr is not None and not broken:
            loaded.append(lr)
    if ws.plan is not None:
        ws.reports, found = check_reports(ws.plan, ws.index, loaded)
        ws.problems += found
    ws.problems.sort()
    return ws


def open_workspace(plan_path, reports_dir) -> Workspace:
    """The plan and every report under ``reports_dir`` (a missing folder means no reports).

    When neither the plan nor any report changed since the last run, the checked reports
    come from the cache whole (see cache.py).
    """
    from .cache import checked_key, load_checked, save_checked

    ws = open_plan(plan_path)
    if ws.plan is None or reports_dir is None or not Path(reports_dir).exists():
        return ws
    files, problems = report_files([reports_dir])
    ws.problems += problems
    key = checked_key(plan_path, files)
    hit = load_checked(reports_dir, key)
    if hit is not None:
        ws.reports, found, ws.files = hit
        ws.problems = sorted(ws.problems + found)
        return ws
    before = len(ws.problems)
    add_reports(ws, [reports_dir], files=files)
    if ws.ok:
        save_checked(reports_dir, key, (ws.reports, [p for p in ws.problems[before:]], ws.files))
    return ws


def check_paths(paths, plan_path, explicit_plan: bool = False) -> tuple[list[Problem], int]:
    """`jxplan validate`: every plan and report below ``paths``, each file parsed once.

    Reports are checked against the plan named by --plan, or against the one plan among
    ``paths`` when --plan was not given.
    """
    from .load import report_files

    files, problems = report_files(paths)
    plans, reports = [], []
    for doc, found in read_all(files, paths):
        problems += found
        if doc is None:
            continue
        (plans if looks_like_plan(doc.data) else reports).append((doc, any(p.is_error for p in found)))
    plan_ws = None
    for doc, broken in plans:
        ws = Workspace()
        plan_from_doc(ws, doc)
        problems += ws.problems
        if (not explicit_plan and len(plans) == 1) or Path(doc.path).resolve() == Path(plan_path).resolve():
            plan_ws = ws if not broken else Workspace()
    if reports:
        if plan_ws is None:
            plan_ws = open_plan(plan_path)
            problems += plan_ws.problems
        if plan_ws.plan is None:
            problems.append(Problem(str(plan_path), 1, 1, "plan-invalid", "計畫檔有錯誤或找不到，無法核對報告的單位與目標"))
            for doc, _ in reports:
                problems += report_from_doc(doc)[1]
        else:
            ws = Workspace(plan=plan_ws.plan, index=plan_ws.index)
            add_reports(ws, docs=reports)
            problems += ws.problems
    return sorted(set(problems)), len(files)
