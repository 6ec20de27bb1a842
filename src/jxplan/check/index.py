"""Look-ups over a validated plan: units by id or name (in either script), targets with their inherited lead and co."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..core.script import fold, normalize

if TYPE_CHECKING:  # the plan is read as records (record.py) with the fields of these models
    from .model import Plan, Point, Section, Target


@dataclass(frozen=True)
class TargetRef:
    """A target where it stands in the plan, with the responsibilities it inherits."""

    target: Target
    loc: tuple  # its path in the plan file, for positions
    section: Section | None  # None for the headline targets
    point: Point | None
    lead: str | None
    co: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.target.id

    @cached_property
    def reporters(self) -> tuple[str, ...]:
        """Units that may report a value or stage: the lead, or the breakdown units."""
        if self.target.breakdown:
            return tuple(self.target.breakdown)
        return (self.lead,) if self.lead else ()

    @cached_property
    def responsible(self) -> tuple[str, ...]:
        """Units answerable for the target: its lead and its breakdown units."""
        out = [self.lead] if self.lead else []
        out += [u for u in (self.target.breakdown or {}) if u not in out]
        return tuple(out)


_norm = normalize


class PlanIndex:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.units = {u.id: u for u in plan.units}
        self.unit_by_name = {_norm(u.name): u.id for u in plan.units}
        for u in plan.units:
            if u.full_name:
                self.unit_by_name.setdefault(_norm(u.full_name), u.id)
        self.refs: list[TargetRef] = []
        for i, t in enumerate(plan.headline):
            self.refs.append(TargetRef(t, ("headline", i), None, None, t.lead, tuple(t.co or ())))
        for si, s in enumerate(plan.sections):
            for pi, p in enumerate(s.points):
                for ti, t in enumerate(p.targets):
                    lead = t.lead or p.lead
                    co = tuple(t.co) if t.co is not None else tuple(c for c in p.co if c != lead)
                    self.refs.append(TargetRef(t, ("sections", si, "points", pi, "targets", ti), s, p, lead, co))
        self.targets: dict[str, TargetRef] = {}
        for ref in self.refs:
            self.targets.setdefault(ref.id, ref)

    def unit_id(self, given: str) -> str | None:
        """A unit named by its id or by its (full) name, in simplified or traditional script."""
        if given in self.units:
            return given
        found = self.unit_by_name.get(_norm(given))
        if found is None and isinstance(given, str):
            found = self._unit_by_folded.get(fold(given))
        return found

    @cached_property
    def _unit_by_folded(self) -> dict[str, str]:
        """Names folded to one script, built only when a name was not found as written."""
        return {fold(name): uid for name, uid in self.unit_by_name.items()}

    def unit_name(self, uid: str | None) -> str:
        if uid is None:
            return "—"
        return self.units[uid].name if uid in self.units else uid

    def duties(self, uid: str) -> dict[str, list[TargetRef]]:
        """What a unit leads, co-leads, and carries as a breakdown share."""
        out: dict[str, list[TargetRef]] = {"lead": [], "co": [], "breakdown": []}
        for ref in self.targets.values():
            if ref.lead == uid:
                out["lead"].append(ref)
            elif uid in (ref.target.breakdown or {}):
                out["breakdown"].append(ref)
            elif uid in ref.co:
                out["co"].append(ref)
        return out
