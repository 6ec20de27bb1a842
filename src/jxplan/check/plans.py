"""The plan, checked: its bytes in, its records, index and problems out (``PlanLoad``).

A plan's checks read nothing but the plan, so a checked plan is a pure function of its bytes,
their format and jxplan's code: it is cached whole, and a warm run rebuilds the records
without pydantic (``record.PLAN``, the models' shape).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import read as sources
from ..core.problems import Problem
from ..read import discover
from ..read.discover import PLAN_MAX_BYTES
from . import record

if TYPE_CHECKING:
    from .index import PlanIndex
    from .model import Plan


@dataclass(frozen=True)
class PlanLoad:
    path: str
    plan: Plan | None  # the plan as records (record.py) with the model's fields, or None when it has errors
    index: PlanIndex | None
    problems: tuple[Problem, ...]
    raw: bytes = field(repr=False, default=b"")

    @property
    def ok(self) -> bool:
        return self.plan is not None


def load_plan(path) -> PlanLoad:
    """The checked plan: from the cache when these very bytes were checked before by this
    very code (rebuilt without validating again), else parsed, validated and checked."""
    from ..core.cache import Store, key

    shown = str(path)
    raw, problem = sources.read_capped(path, PLAN_MAX_BYTES)
    if raw is None:
        assert problem is not None  # read_capped gives the bytes or the problem
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
    from .rules import check_plan
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
