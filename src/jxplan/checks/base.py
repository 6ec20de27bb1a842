"""The registry of checks: each check is a plain function with a stable code, a severity
and a docstring that is its user documentation (with a passing and a failing example).

A check yields findings (a location in the data and a message); the runner turns them
into positioned problems with the check's code and severity, so a code always means
the same thing and the checks know nothing of lines, columns or cells.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Finding:
    loc: tuple
    message: str
    key: bool = False  # place it at the key rather than the value
    doc: object = None  # the document, for checks that look at several files
    refs: tuple = ()  # (name, loc): "{name}" in the message becomes where loc stands ("第12行")


@dataclass(frozen=True)
class Check:
    code: str
    severity: str
    run: Callable
    scope: str  # plan | data | report | entry | folder | result (a quarter's computed status)

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.run) or ""


REGISTRY: list[Check] = []


def check(code: str, scope: str, severity: str = "error"):
    """Register a check function under ``code``."""
    assert severity in SEVERITIES and scope in ("plan", "data", "report", "entry", "folder", "result")

    def register(func):
        assert all(c.code != code or c.severity == severity for c in REGISTRY), f"{code} is both error and warning"
        REGISTRY.append(Check(code, severity, func, scope))
        return func

    return register


_BY_SCOPE: dict = {}


def of_scope(scope: str) -> list[Check]:
    key = (scope, len(REGISTRY))
    if key not in _BY_SCOPE:
        _BY_SCOPE[key] = [c for c in REGISTRY if c.scope == scope]
    return _BY_SCOPE[key]
