"""One report, checked: a file's bytes in, what it says (``Parsed``) and its outcome against
the plan (``ReportOutcome``) out; many reports at once (``outcomes``), and their facts.

A file is first read by its bytes alone (``parse_file``: its kind, the problems of reading and
validating it, what its plain data say of a blank form, its validated record); that is a pure
function of the bytes, their format and jxplan's code, and all the cache keeps. Everything that
depends on the plan, the path, the folder, other reports or today's date (``report_outcome``,
``assemble``) is worked out on every run: so the cache is only ever a speed-up, by construction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .. import read as sources
from ..core.problems import Problem
from ..read import discover
from ..read.discover import PLAN_MAX_BYTES, report_cap
from . import record
from .facts import Observation, Reason, ReportSet, Submission
from .plans import _problem_data, _problems_taken

if TYPE_CHECKING:
    from .index import PlanIndex
    from .model import Report


STRAY = {k: f"「{k}」是計劃文件的字段，不屬於進度報告；請刪去（這份文件按進度報告檢查）" for k in discover.PLAN_KEYS}


@dataclass(frozen=True)
class Parsed:
    """What a file says by its bytes alone."""

    kind: str | None  # "report", "plan" (skipped), or None when it could not be read
    read: tuple[Problem, ...] = ()  # of reading it (and of its kind)
    model: tuple[Problem, ...] = ()  # of validating it as a report
    form: tuple | None = None  # what its plain data say before validation (checks.Form: blank? which unit?)
    report: Report | None = None  # the validated report as records, or the report but for its date (``dated``)
    dated: bool = True

    def to_data(self) -> list:
        return [self.kind, _problem_data(self.read), _problem_data(self.model),
                None if self.form is None else list(self.form),
                None if self.report is None else record.encode(self.report), self.dated]

    @classmethod
    def cached(cls, data, path: str) -> Parsed | None:
        """A cached entry exactly as ``to_data`` writes one, or None: any other shape, or any failure on
        the way back, is no entry (the report taken only in the models' shape, ``record.REPORT``)."""
        try:
            if type(data) is not list or len(data) != 6:
                return None
            kind, read, model, form, report, dated = data
            if kind not in (None, "report", "plan") or type(dated) is not bool:
                return None
            read, model = _problems_taken(read, path), _problems_taken(model, path)
            if read is None or model is None or (report is not None and kind != "report"):
                return None
            if form is not None:
                blank, unit = form
                if type(blank) is not bool or (unit is not None and type(unit) is not str) or kind != "report":
                    return None
                form = (blank, unit)
            report = None if report is None else record.take(report, record.REPORT)
            return cls(kind, read, model, form, report, dated)
        except Exception:  # noqa: BLE001 - whatever a damaged entry does, it is only a miss
            return None


def parse_file(path: str, raw: bytes) -> Parsed:
    """Read one file by its bytes: parse it, tell a plan from a report, validate a report."""
    from .rules import form_of
    from .model import Report
    from .validation import to_model

    doc, problems = sources.parse(raw, path)
    if doc is None:
        return Parsed(None, tuple(problems))
    if discover.kind_of(doc.data) == "plan":
        return _plan_among_reports(doc, problems)
    if len(raw) > report_cap(path):
        return Parsed("report", (Problem(path, 1, 1, "file-too-large",
                                         f"進度報告超過 {report_cap(path):,} 字節；這不像一份季度報告"),))
    report, more = to_model(doc, Report, "進度報告", STRAY)
    dated = report is not None
    if report is None:
        report = _but_for_the_date(doc.data, Report)  # a bad date hides nothing else in the file
    return Parsed("report", tuple(problems), tuple(more), tuple(form_of(doc.data)),
                  None if report is None else record.Record.of(report), dated)


def _plan_among_reports(doc, problems) -> Parsed:
    """A file with a plan's keys and none of a report's, where reports are read: a plan (a
    copy of it kept there) is passed over with a warning; anything less (``headline: []``) is
    neither a plan nor a report, and an error, as a file that cannot be read is: a unit whose
    report it was would otherwise be published as not having reported."""
    from .model import Plan
    from .validation import to_model

    plan, _ = to_model(doc, Plan, "計劃文件")
    if plan is not None:
        return Parsed("plan", tuple(problems) + (doc.problem(
            (), "not-a-report", "這是計劃文件，不是進度報告；已跳過", "warning"),))
    keys = "、".join(k for k in doc.data if k in discover.PLAN_KEYS)
    return Parsed(None, tuple(problems) + (doc.problem(
        (), "not-a-report", f"這個文件只有計劃文件的字段（{keys}），卻不是完整的計劃文件，也不是進度報告（沒有 unit、quarter、"
                            "entries 等字段）；若是某單位的報告，請該單位用報告表格重新填報；若不是報告，請移出報告文件夾"),))


@dataclass(frozen=True)
class ReportOutcome:
    """What one file says once checked against the plan: its problems and, when it was
    accepted (no error, not blank), its submission and entries."""

    path: str
    kind: str | None  # "report", "plan" (skipped), or None when it could not be read
    unit: str | None = None
    quarter: str | None = None
    submitted: dt.date | None = None
    accepted: bool = False
    entries: tuple = ()  # (target, value, stage, note, reason (kind, text) or None, loc)
    problems: tuple[Problem, ...] = ()
    rows: tuple = ()  # (target, loc) of every entry, a blank one too: where a target left out stands in a form
    raw: bytes = field(repr=False, compare=False, default=b"")

    @property
    def doc(self):
        """The document again, to place a location found by a check across files."""
        return sources.reopen(self.raw, self.path, None)


def report_outcome(path: str, raw: bytes, plan, index, parsed: Parsed | None = None) -> ReportOutcome:
    """Check one report against the plan (None: no plan to check against): what its bytes say
    (``parsed``, from the cache, or read now), then everything that depends on the plan, the path
    and today's date; the example date of its messages the report's own (``example_dates``)."""
    if parsed is None:
        parsed = parse_file(path, raw)
    outcome = _checked(path, raw, plan, index, parsed)
    if plan is None or not any(_EXAMPLE_GIVEN.search(p.message) for p in outcome.problems):
        return outcome
    quarter = outcome.quarter or _quarter_named(parsed, raw, path)
    return replace(outcome, problems=tuple(sorted(example_dates(outcome.problems, plan, quarter))))


_ENTRY_LOCS: list[tuple[str, int]] = []


def _entry_loc(i: int) -> tuple[str, int]:
    """``("entries", i)``, one tuple for every report that has an i-th entry: tens of thousands of
    reports hold their entries' places at once, and these were a tenth of their memory."""
    while len(_ENTRY_LOCS) <= i:
        _ENTRY_LOCS.append(("entries", len(_ENTRY_LOCS)))
    return _ENTRY_LOCS[i]


def _checked(path: str, raw: bytes, plan, index, parsed: Parsed) -> ReportOutcome:
    """``report_outcome`` but for its example dates."""
    from .rules import Form, check_data, check_report, context, value_of
    from ..core.terms import entry_blank

    if parsed.kind != "report" or parsed.form is None:
        return ReportOutcome(path, parsed.kind, problems=tuple(sorted(parsed.read)), raw=raw)
    doc = sources.Deferred(raw, path, None)  # read again only when a location is placed
    read_problems, model_problems = list(parsed.read), list(parsed.model)
    blank = check_data(Form(*parsed.form), doc, index)  # a form sent back blank is checked, but it is no report
    problems = read_problems + _unsaid(_filled_if_refused(blank, read_problems) + model_problems, read_problems)
    said = read_problems + model_problems
    report = parsed.report if parsed.dated or plan is not None else None
    if report is None or plan is None:
        return ReportOutcome(path, "report", problems=tuple(sorted(problems)), raw=raw)
    ctx = context(report, plan, index, path)
    problems += _unsaid(check_report(ctx, doc), said)
    accepted = not any(p.is_error for p in problems) and not blank
    entries = []
    rows = tuple((e.target, _entry_loc(i)) for i, e in enumerate(report.entries)) if accepted else ()
    if accepted:
        for i, e in enumerate(report.entries):
            ref = index.targets[e.target]
            if entry_blank(e):
                continue
            value = value_of(e, ref) if ref.target.kind != "milestone" else None
            entries.append((ref.id, value, e.stage, e.note, (e.reason.kind, e.reason.text) if e.reason else None,
                            _entry_loc(i)))
    return ReportOutcome(path, "report", ctx.uid, report.quarter, report.submitted, accepted, tuple(entries),
                         tuple(sorted(problems)), rows, raw)


# The example date the messages of the readers and the models give (如 2012-07-05, 寫成 2012-07-05 的形式):
# they know no plan, and what they say is cached by the file's bytes alone, so it is made the
# report's own here, the one place that knows the plan and the report's quarter. Text quoted in
# 「…」 is what the file says and is left as it is.
_EXAMPLE_GIVEN = re.compile(r"(?<=如 )2012-07-05|(?<=寫成 )2012-07-05(?= 的形式)")
_EXAMPLE = re.compile(rf"「[^「」\n]*」|{_EXAMPLE_GIVEN.pattern}")


def example_dates(problems, plan, quarter: str | None) -> list[Problem]:
    """``problems`` with the example date of each message the plan's reporting date for the
    quarter the report names (the first quarter's when it names none that can be read): a clerk
    filling in a Q3 form is shown 2012-10-08, the date the form itself asks for, never another
    quarter's."""
    due = str(getattr(plan.reporting, quarter if quarter in ("Q1", "Q2", "Q3", "Q4") else "Q1"))

    def own(m: re.Match) -> str:
        return m.group() if m.group().startswith("「") else due

    return [replace(p, message=_EXAMPLE.sub(own, p.message)) for p in problems]


def _quarter_named(parsed: Parsed, raw: bytes, path: str) -> str | None:
    """The quarter a report names, when the checks could not take it from the report as
    validated: read again from the file (only for a message that gives an example date)."""
    from ..core.terms import parse_quarter

    quarter = getattr(parsed.report, "quarter", None)
    if quarter is None:
        doc, _ = sources.parse(raw, path)
        said = doc.data.get("quarter") if doc is not None and isinstance(doc.data, dict) else None
        quarter = parse_quarter(str(said)) if isinstance(said, (str, int)) else None
    return quarter


def read_report_bytes(path) -> tuple[bytes | None, Problem | None]:
    """At most a plan's size; over a report's size only when it looks like a plan. A
    workbook is never a plan: at most its own cap is read, before anything parses it."""
    cap = report_cap(path)
    if sources.is_workbook(str(path)):
        raw, problem = sources.read_capped(path, cap)
        if problem is not None and problem.code == "file-too-large":
            problem = Problem(problem.path, 1, 1, problem.code,
                              f"工作簿超過上限 {cap // (1024 * 1024)} MB；一份進度報告表格只有幾十 KB，"
                              "請刪去粘貼的圖片等內容後保存再送")
        return raw, problem
    raw, problem = sources.read_capped(path, PLAN_MAX_BYTES)
    if raw is not None and len(raw) > cap and not discover.may_be_plan(raw):
        return None, Problem(str(path), 1, 1, "file-too-large",
                             f"進度報告有 {len(raw):,} 字節，超過上限 {cap:,}；這不像一份季度報告")
    return raw, problem


def read_all(files, problems: list[Problem]) -> list[tuple[str, bytes]]:
    """(path, bytes) of every file that can be read; a problem for each that cannot."""
    items = []
    for f in files:
        raw, problem = read_report_bytes(f)
        if raw is None:
            assert problem is not None  # read_report_bytes gives the bytes or the problem
            problems.append(problem)
        else:
            items.append((f, raw))
    return items


def _but_for_the_date(data, model):
    """The report as it would be with no ``submitted``, when that is all that kept it from
    validating (a date typed as 10月6日), so that one round of ``validate`` names every
    other problem of the file too; it is never accepted (its date is an error), and what
    the checks say of the missing date falls where the date's own problem is said."""
    from pydantic import ValidationError

    if not isinstance(data, dict) or data.get("submitted") is None:
        return None
    try:
        return model.model_validate({**data, "submitted": None})
    except ValidationError:
        return None


def _unsaid(found: list[Problem], read: list[Problem]) -> list[Problem]:
    """``found`` without what falls on a cell the reader already refused: a workbook cell
    that could not be read is said once, by what was wrong with it, and not again as missing."""
    cells = {(p.line, p.col) for p in read if p.is_error and (p.line, p.col) != (1, 1)}
    return [p for p in found if (p.line, p.col) not in cells] if cells else found


def _filled_if_refused(blank: list[Problem], read: list[Problem]) -> list[Problem]:
    """``blank`` (what says the form was sent back with nothing in it) unless the reader refused
    a cell below where it is said (a workbook's table, a YAML file's entries): something was
    filled in there, said by that cell's own problem, and "nothing filled in" would be false."""
    refused = [p.line for p in read if p.is_error and (p.line, p.col) != (1, 1)]
    return [b for b in blank if not any(line > b.line for line in refused)] if refused else blank


def newer(a: ReportOutcome, b: ReportOutcome) -> str:
    """Which of two reports of one unit and quarter is the newer, said with how it was told:
    by the date each says it was sent (``submitted``), else, when those are the same, by when
    each file was last changed. ``a`` and ``b`` have a ``path`` and a ``submitted`` (or None)."""
    if a.submitted is not None and b.submitted is not None and a.submitted != b.submitted:
        new, old = (a, b) if a.submitted > b.submitted else (b, a)
        return f"按報送日期，較新的是 {new.path}（{new.submitted}，另一份是 {old.submitted}）"
    same = "兩份的報送日期相同" if a.submitted is not None and a.submitted == b.submitted else "報送日期比不出先後"
    changed_a, changed_b = _changed(a.path), _changed(b.path)
    if changed_a is None or changed_b is None or changed_a == changed_b:
        return f"{same}，文件的修改時間也分不出先後；請核對後只留一份"
    new = a if changed_a > changed_b else b
    when = dt.datetime.fromtimestamp(max(changed_a, changed_b)).strftime("%Y-%m-%d %H:%M")
    return f"{same}；按文件的修改時間，較新的是 {new.path}（{when} 修改）"


def _changed(path: str) -> float | None:
    """When the file was last changed (None: it cannot be looked at)."""
    import os

    try:
        return os.stat(path).st_mtime
    except (OSError, ValueError):
        return None


def assemble(results: list[ReportOutcome], index: PlanIndex) -> tuple[ReportSet, list[Problem]]:
    """The accepted reports as facts, and the checks across all of them."""
    from .rules import check_folder

    subs, obs = {}, {}
    make = Observation._make  # tens of thousands of them: one tuple each, built from the entry in place
    for r in sorted(results, key=lambda r: r.path):
        unit, quarter, path = r.unit, r.quarter, r.path
        if not r.accepted or (unit, quarter) in subs:
            continue
        # accepted: its unit is the plan's, its quarter read, its date required (missing-date)
        assert unit is not None and quarter is not None and r.submitted is not None
        subs[(unit, quarter)] = Submission(unit, quarter, r.submitted, path)
        for target, value, stage, note, reason, loc in r.entries:
            obs[(quarter, target, unit)] = make((unit, quarter, target, value, stage, note,
                                                 Reason(*reason) if reason else None, path, loc))
    facts = ReportSet.of(subs, obs)
    reports = [r for r in results if r.kind == "report" and r.unit is not None]
    return facts, check_folder(reports, facts, index)
