"""What the reports say, checked against the plan: the input of the status rules.

Plain frozen values, with a conversion to and from JSON-ready data so that the cache
can keep them without pickling anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from .terms import QUARTERS


@dataclass(frozen=True)
class Reason:
    kind: str  # objective | subjective
    text: str


@dataclass(frozen=True)
class Observation:
    """One unit's figure (or stage) for one target in one quarter, in the target's unit."""

    unit: str
    quarter: str
    target: str
    value: Decimal | None
    stage: str | None
    note: str | None
    reason: Reason | None
    path: str
    loc: tuple = field(repr=False, compare=False)  # where the entry stands in its file


@dataclass(frozen=True)
class Submission:
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

    # ---- data for the cache ---------------------------------------------------------

    def to_data(self) -> dict:
        return {
            "submissions": [[s.unit, s.quarter, s.submitted.isoformat(), s.path] for s in self.submissions.values()],
            "observations": [[o.unit, o.quarter, o.target, None if o.value is None else str(o.value), o.stage, o.note,
                              None if o.reason is None else [o.reason.kind, o.reason.text], o.path, list(o.loc)]
                             for o in self.observations.values()],
        }

    @classmethod
    def from_data(cls, data: dict) -> ReportSet:
        subs = {}
        for unit, quarter, submitted, path in data["submissions"]:
            subs[(unit, quarter)] = Submission(unit, quarter, dt.date.fromisoformat(submitted), path)
        obs = {}
        for unit, quarter, target, value, stage, note, reason, path, loc in data["observations"]:
            obs[(quarter, target, unit)] = Observation(
                unit, quarter, target, None if value is None else Decimal(value), stage, note,
                None if reason is None else Reason(*reason), path, tuple(loc))
        return cls.of(subs, obs)
