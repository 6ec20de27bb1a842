"""What the reports say, checked against the plan: the input of the status rules.

Plain read-only values. Tens of thousands of observations are made on a large run, so
they are named tuples (made several times faster than frozen dataclasses).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple
from decimal import Decimal
from types import MappingProxyType

from ..core.terms import QUARTERS


class Reason(NamedTuple):
    kind: str  # objective | subjective
    text: str


class Observation(NamedTuple):
    """One unit's figure (or stage) for one target in one quarter, in the target's unit."""

    unit: str
    quarter: str
    target: str
    value: Decimal | None
    stage: str | None
    note: str | None
    reason: Reason | None
    path: str
    loc: tuple  # where the entry stands in its file


class Submission(NamedTuple):
    unit: str
    quarter: str
    submitted: dt.date
    path: str


@dataclass(frozen=True)
class ReportSet:
    """Every accepted report: submissions by (unit, quarter), observations by
    (quarter, target, unit). Read-only."""

    submissions: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    observations: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, submissions: dict, observations: dict) -> ReportSet:
        return cls(MappingProxyType(dict(submissions)), MappingProxyType(dict(observations)))

    def quarters(self) -> list[str]:
        return [q for q in QUARTERS if any(k[1] == q for k in self.submissions)]
