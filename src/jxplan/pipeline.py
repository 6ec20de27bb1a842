"""Plan and reports in, a frozen result out: read → parse → validate → check.

Every command that reads data goes through here. Nothing is appended to a shared bag:
each step returns values, and the result is a frozen ``Workspace`` (plan, index, the
checked reports and every problem) or ``Validation`` (problems and a file count).
What a file says by its bytes alone (``parse_file``) is cached by content (``cache.py``)
and read on every core when there are many; checking it against the plan is done on every run.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import discover, record, sources
from .discover import PLAN_MAX_BYTES, report_cap
from .facts import Observation, Reason, ReportSet, Submission
from .problems import Problem

STRAY = {k: f"「{k}」是計劃文件的字段，不屬於進度報告；請刪去（這份文件按進度報告檢查）" for k in discover.PLAN_KEYS}


# ---- the plan ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanLoad:
    path: str
    plan: object  # the plan as records (record.py), or None when it has errors
    index: object  # index.PlanIndex, or None
    problems: tuple[Problem, ...]
    raw: bytes = field(repr=False, default=b"")

    @property
    def ok(self) -> bool:
        return self.plan is not None


def load_plan(path) -> PlanLoad:
    """The checked plan: from the cache when these very bytes were checked before by this
    very code (rebuilt without validating again), else parsed, validated and checked."""
    from .cache import Store, key

    shown = str(path)
    raw, problem = sources.read_capped(path, PLAN_MAX_BYTES)
    if raw is None:
        return PlanLoad(shown, None, None, (problem,))
    store = Store("plans")
    k = key(b"plan", _read_as(shown), raw)
    hit = store.get(k)
    if hit is not None:
        rebuilt = _plan_rebuilt(hit, raw, shown)
        if rebuilt is not None:
            return rebuilt
    doc, problems = sources.parse(raw, shown)
    loaded = _plan_from(doc, problems, raw, shown)
    if loaded.plan is not None and store.path is not None:  # a broken plan is parsed again to show where
        store.put(k, {"plan": record.encode(loaded.plan), "problems": _problem_data(loaded.problems)})
    store.save()
    return loaded


def _plan_rebuilt(hit, raw: bytes, shown: str) -> PlanLoad | None:
    """The cached plan, exactly as a cold run builds it (``record.PLAN``), or None: an entry
    of any other shape, or one that fails in any way on the way back, is no entry. (The key
    digests the plan's bytes and format: a planted entry of the right shape answers only
    for those very bytes.)"""
    from .index import PlanIndex

    try:
        if type(hit) is not dict or hit.keys() != {"plan", "problems"}:
            return None
        plan = record.take(hit["plan"], record.PLAN)
        problems = _problems_taken(hit["problems"], shown)
        if problems is None or any(p.is_error for p in problems):  # a plan with errors is never cached
            return None
        return PlanLoad(shown, plan, PlanIndex(plan), problems, raw)
    except Exception:  # noqa: BLE001 - whatever a damaged entry does, it is only a miss
        return None


def _problems_taken(data, path: str) -> tuple[Problem, ...] | None:
    """Problems as ``_problem_data`` writes them, or None for anything else."""
    if type(data) is not list:
        return None
    out = []
    for p in data:
        if type(p) is not list or len(p) != 5:
            return None
        line, col, code, message, severity = p
        if type(line) is not int or type(col) is not int or line < 1 or col < 1 or type(code) is not str \
                or not code or type(message) is not str or severity not in _SEVERITIES:
            return None
        out.append(Problem(path, line, col, code, message, severity))
    return tuple(out)


def _problem_data(problems) -> list:
    return [[p.line, p.col, p.code, p.message, p.severity] for p in problems]


_SEVERITIES = ("error", "warning")  # checks.base.SEVERITIES (not imported: that loads every check)


def _plan_from(doc, problems, raw: bytes, shown: str) -> PlanLoad:
    from .checks import check_plan
    from .index import PlanIndex
    from .model import Plan
    from .validation import to_model

    if doc is None:
        return PlanLoad(shown, None, None, tuple(problems), raw)
    if discover.kind_of(doc.data) != "plan":
        return PlanLoad(shown, None, None, tuple(problems) + (doc.problem(
            (), "not-a-plan", "這不是計劃文件（最上層沒有 sections、headline 等計劃字段，或有 unit、quarter 等報告字段）"),), raw)
    model, more = to_model(doc, Plan, "計劃文件")
    problems = list(problems) + more
    if model is None:
        return PlanLoad(shown, None, None, tuple(sorted(problems)), raw)
    plan = record.Record.of(model)  # from here on the plan is plain records, cold or cached
    index = PlanIndex(plan)
    problems += check_plan(plan, index, doc)
    ok = not any(p.is_error for p in problems)
    return PlanLoad(shown, plan if ok else None, index if ok else None, tuple(sorted(problems)), raw)


def _read_as(path) -> bytes:
    """What decides, of a file's name, how its bytes are read: its suffix as the sources
    take it (``sources.suffix``: lower case; ``.xlsx`` a workbook, ``.xls``/``.xlsm``… refused
    by name, anything else YAML; the report cap follows from it too). Part of every cache
    key, so a file renamed to another format is read again, as a cold run reads it. Nothing
    else of the path changes an outcome (problems are placed under the path they are given)."""
    return sources.suffix(str(path)).encode("utf-8", "surrogateescape")


# ---- one report ---------------------------------------------------------------------------
#
# A file is first read by its bytes alone (``parse_file``: its kind, the problems of reading and
# validating it, its plain data and its validated record); that is a pure function of the
# bytes, their format and jxplan's code, and all the cache keeps. Everything that depends on the
# plan, the path, the folder, other reports or today's date (``report_outcome``) is worked out
# on every run: so the cache is only ever a speed-up, by construction.

@dataclass(frozen=True)
class Parsed:
    """What a file says by its bytes alone."""

    kind: str | None  # "report", "plan" (skipped), or None when it could not be read
    read: tuple[Problem, ...] = ()  # of reading it (and of its kind)
    model: tuple[Problem, ...] = ()  # of validating it as a report
    form: tuple | None = None  # what its plain data say before validation (checks.Form: blank? which unit?)
    report: object = None  # the validated report as records, or the report but for its date (``dated``)
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
    from .checks import form_of
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
    raw: bytes = field(repr=False, compare=False, default=b"")

    @property
    def doc(self):
        """The document again, to place a location found by a check across files."""
        return sources.reopen(self.raw, self.path, None)


def report_outcome(path: str, raw: bytes, plan, index, parsed: Parsed | None = None) -> ReportOutcome:
    """Check one report against the plan (None: no plan to check against): what its bytes say
    (``parsed``, from the cache, or read now), then everything that depends on the plan, the path
    and today's date."""
    from .checks import Form, check_data, check_report, context, value_of
    from .terms import entry_blank

    if parsed is None:
        parsed = parse_file(path, raw)
    if parsed.kind != "report" or parsed.form is None:
        return ReportOutcome(path, parsed.kind, problems=tuple(sorted(parsed.read)), raw=raw)
    doc = sources.Deferred(raw, path, None)  # read again only when a location is placed
    read_problems, model_problems = list(parsed.read), list(parsed.model)
    blank = check_data(Form(*parsed.form), doc, index)  # a form sent back blank is checked, but it is no report
    problems = read_problems + _unsaid(blank + model_problems, read_problems)
    said = read_problems + model_problems
    report = parsed.report if parsed.dated or plan is not None else None
    if report is None or plan is None:
        return ReportOutcome(path, "report", problems=tuple(sorted(problems)), raw=raw)
    ctx = context(report, plan, index, path)
    problems += _unsaid(check_report(ctx, doc), said)
    accepted = not any(p.is_error for p in problems) and not blank
    entries = []
    if accepted:
        for i, e in enumerate(report.entries):
            ref = index.targets[e.target]
            if entry_blank(e):
                continue
            value = value_of(e, ref) if ref.target.kind != "milestone" else None
            entries.append((ref.id, value, e.stage, e.note, (e.reason.kind, e.reason.text) if e.reason else None,
                            ("entries", i)))
    return ReportOutcome(path, "report", ctx.uid, report.quarter, report.submitted, accepted, tuple(entries),
                         tuple(sorted(problems)), raw)


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


# ---- many reports: the cache and every core ---------------------------------------------

PARALLEL_MIN_BYTES = 4 * 1024 * 1024  # below this much to parse, starting workers costs more than it saves
WORKBOOK_WEIGHT = 4  # a workbook's byte costs about four of YAML's to read (benchmarks/xlsx.py)
_FORK_STATE: tuple = ()


def _parsed_in_worker(indexes: list[int]) -> list:
    items = _FORK_STATE
    return [parse_file(items[i][0], items[i][1]).to_data() for i in indexes]


def outcomes(items: list[tuple[str, bytes]], plan_load: PlanLoad | None) -> list[ReportOutcome]:
    """The outcome of every (path, bytes) against the plan: what each file's bytes say from the
    cache, or read here or on every core when there is much to read; the rest worked out now."""
    from .cache import Store
    from .cache import keys as cache_keys

    plan = plan_load.plan if plan_load else None
    index = plan_load.index if plan_load else None
    store = Store("files")
    keys: list = [None] * len(items)
    if store.path is not None:  # the cache is on: each key digests the code, the format and the bytes
        by_format: dict = {}
        for i, (path, raw) in enumerate(items):
            fmt = _read_as(path)
            keys[i] = (by_format.get(fmt) or by_format.setdefault(fmt, cache_keys(b"file", fmt)))(raw)
    parsed: list = [None] * len(items)
    todo = []
    for i, (path, _) in enumerate(items):
        hit = store.get(keys[i]) if keys[i] else None
        if hit is not None:
            parsed[i] = Parsed.cached(hit, path)
            if parsed[i] is not None:
                continue
        todo.append(i)
    for i, p in zip(todo, _parse_all([items[i] for i in todo])):
        parsed[i] = p
        if keys[i]:
            store.put(keys[i], p.to_data())
    store.save()
    return [report_outcome(path, raw, plan, index, p) for (path, raw), p in zip(items, parsed)]


def _parse_all(items: list[tuple[str, bytes]]) -> list[Parsed]:
    """What each file's bytes say, read here, or in forked workers when there is much to read.
    The workers never outlive the run: each dies with its parent (``_worker_start``), and SIGTERM,
    SIGHUP or SIGINT (Ctrl+C) while they work ends them before the run ends with 128 + the signal
    and one line on stderr, having written nothing else."""
    global _FORK_STATE
    if not items:  # every file's came from the cache
        return []
    import multiprocessing

    workers = min(os.cpu_count() or 1, 8)
    size = sum(len(raw) * (WORKBOOK_WEIGHT if sources.is_workbook(path) else 1) for path, raw in items)
    if size < PARALLEL_MIN_BYTES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [parse_file(path, raw) for path, raw in items]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    per = -(-len(items) // (workers * 4))
    chunks = [list(range(i, min(i + per, len(items)))) for i in range(0, len(items), per)]
    _FORK_STATE = items
    pool = data = None
    try:
        with _signals_stop_workers():
            try:
                pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                           initializer=_worker_start, initargs=(os.getpid(),))
                # submitted one by one, never cancelled: a future cancelled under a pool whose workers
                # are then killed makes its manager thread fail aloud (InvalidStateError, Python 3.11)
                futures = [pool.submit(_parsed_in_worker, chunk) for chunk in chunks]
                data = [d for f in futures for d in f.result()]
                pool.shutdown()
                pool = None
            except (OSError, BrokenProcessPool):  # no processes to be had, or a worker lost: do it here
                pass
            finally:
                if pool is not None:  # interrupted, lost, or a fault: no worker is left running
                    _kill_workers(pool)
            if data is None:
                return [parse_file(path, raw) for path, raw in items]
        back = [Parsed.cached(d, path) for d, (path, _) in zip(data, items)]
        return [p if p is not None else parse_file(path, raw) for p, (path, raw) in zip(back, items)]
    except _Interrupted as exc:
        import signal
        import sys

        name = signal.Signals(exc.signum).name
        sys.stderr.write(f"已中止（收到 {name} 信號）：已結束全部工作進程，沒有輸出任何結果。\n")
        sys.stderr.flush()
        raise SystemExit(128 + exc.signum) from None
    finally:
        _FORK_STATE = ()


class _Interrupted(BaseException):
    """SIGTERM, SIGHUP or SIGINT while workers run (a BaseException: no ``except Exception``
    on the way takes it for a fault)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_STOPPING = ("SIGTERM", "SIGHUP", "SIGINT")


@contextmanager
def _signals_stop_workers():
    """While workers run, the first SIGTERM, SIGHUP or SIGINT raises ``_Interrupted`` (a
    second is ignored while they are ended); a signal the caller ignores stays ignored. Only
    the main thread can take signals: elsewhere the workers still die with the process."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = []

    def interrupted(signum, frame):
        if not raised:
            raised.append(signum)
            raise _Interrupted(signum)

    old = {}
    try:
        for name in _STOPPING:
            s = getattr(signal, name, None)
            if s is not None and signal.getsignal(s) not in (signal.SIG_IGN, None):
                old[s] = signal.signal(s, interrupted)
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def _kill_workers(pool) -> None:
    """End every worker of ``pool`` at once (SIGKILL: they hold nothing to save) and reap them.
    The workers are the pool's ``_processes`` (private, but there since Python 3.2; 3.14 has
    ``kill_workers``); were they ever out of reach, each still dies as the run ends, by the
    parent-death signal or watchdog of ``_worker_start``."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for p in processes:
        try:
            p.kill()
        except (OSError, ValueError, AttributeError):
            pass
    for p in processes:
        try:
            p.join(2)
        except (OSError, ValueError, AssertionError, AttributeError):
            pass
    try:
        pool.shutdown(wait=False)
    except Exception:  # noqa: BLE001 - a pool whose workers were killed may complain; it is done with
        pass


def _worker_start(parent: int) -> None:
    """First thing in each worker: die with the parent, even by SIGKILL (Linux: the kernel's
    parent-death signal, set before the parent is looked at again, so no death slips between;
    elsewhere a watchdog on the parent's id); leave SIGINT to the parent, which ends the workers
    itself; and hold neither the caller's terminal nor its pipes (stdin, stdout and stderr are
    /dev/null: a worker returns data, it prints nothing), so whoever reads this run's output
    sees its end when the run ends."""
    import signal
    import sys

    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(ctypes.c_int(PR_SET_PDEATHSIG), ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0),
                               ctypes.c_ulong(0), ctypes.c_ulong(0)) == 0
        except (OSError, AttributeError, TypeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        import threading

        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    for name in _STOPPING:
        s = getattr(signal, name, None)
        if s is not None and signal.getsignal(s) is not signal.SIG_IGN:
            signal.signal(s, signal.SIG_IGN if name == "SIGINT" else signal.SIG_DFL)
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            if fd != null:
                os.dup2(null, fd)
        if null > 2:
            os.close(null)
    except OSError:
        pass


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def assemble(results: list[ReportOutcome], index) -> tuple[ReportSet, list[Problem]]:
    """The accepted reports as facts, and the checks across all of them."""
    from .checks import check_folder

    subs, obs = {}, {}
    make = Observation._make  # tens of thousands of them: one tuple each, built from the entry in place
    for r in sorted(results, key=lambda r: r.path):
        unit, quarter, path = r.unit, r.quarter, r.path
        if not r.accepted or (unit, quarter) in subs:
            continue
        subs[(unit, quarter)] = Submission(unit, quarter, r.submitted, path)
        for target, value, stage, note, reason, loc in r.entries:
            obs[(quarter, target, unit)] = make((unit, quarter, target, value, stage, note,
                                                 Reason(*reason) if reason else None, path, loc))
    facts = ReportSet.of(subs, obs)
    reports = [r for r in results if r.kind == "report" and r.unit is not None]
    return facts, check_folder(reports, facts, index)


# ---- what the commands ask for ----------------------------------------------------------

@dataclass(frozen=True)
class Workspace:
    """A plan and the reports of one folder, checked: what status and bulletins read."""

    plan: object
    index: object
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
    if pl.plan is None or reports_dir is None:
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
        if against.plan is not None:
            facts, across = assemble(results, against.index)
            problems += across + lags_unexplained(results, facts, against.index)
    return Validation(tuple(sorted(set(problems))), len(files), used)


def lags_unexplained(results: list[ReportOutcome], facts: ReportSet, index) -> list[Problem]:
    """What the bulletin would say of each quarter's reports that their units should know
    before they send them: a target behind with no reason given (checks/report.py)."""
    from .checks import check_result
    from .status import compute

    by_report = {(r.unit, r.quarter): r for r in results if r.accepted}
    return [p for q in facts.quarters() for p in check_result(compute(index, facts, q), by_report)]


def _thin_quarter(ws: Workspace, have: list[str], folder, public: bool) -> Problem | None:
    """The latest quarter, taken by default, with far fewer reports than the one before it:
    reports not all in yet, or a report with a mistyped ``quarter``. A bulletin on it would
    name most units as not having reported, so the office must ask for it by name."""
    if len(have) < 2:
        return None
    q, before = have[-1], have[-2]
    count = {x: sum(1 for _, quarter in ws.reports.submissions if quarter == x) for x in (q, before)}
    if count[q] * 2 >= count[before]:
        return None
    return Problem(str(folder), 1, 1, "thin-quarter",
                   f"最近有報告的季度 {q} 只有 {count[q]} 個單位報送（{before} 有 {count[before]} 個）；"
                   "可能報告還沒收齊，或有報告的季度（quarter）填錯了。"
                   + (f"確要發 {q} 的通報，請用 --quarter {q} 指明" if public else f"下表按 {q} 計算；請用 --quarter 指明季度"),
                   "error" if public else "warning")


def choose_quarter(ws: Workspace, asked: str | None, folder, public: bool) -> tuple[str, Problem | None]:
    """The quarter to report on: the one asked for, else the latest with reports.

    A quarter without any report would call every unit missing. For a bulletin, which names
    units in public, that is refused (an error); a status view shows it with a warning."""
    have = ws.reports.quarters()
    q = asked or have[-1]
    if q in have:
        return q, (None if asked else _thin_quarter(ws, have, folder, public))
    listed = "、".join(have)
    return q, Problem(str(folder), 1, 1, "no-reports",
                      f"{folder} 中沒有 {ws.plan.year} 年 {q} 的任何報告（有報告的季度：{listed}）；"
                      + ("通報不會把所有單位都列為未報送。請確認 --quarter 和 --reports" if public
                         else "下表所有目標都是未報送。請確認 --quarter 和 --reports"),
                      "error" if public else "warning")
