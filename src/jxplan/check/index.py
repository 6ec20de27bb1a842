"""Look-ups over a validated plan: units by id or name (in either script), groups and leaders,
the parts of the plan at every depth, and the targets with what they inherit from their point
(leads, co-units, leaders, deadline), groups expanded to their members."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..core.script import fold, normalize
from ..core.terms import ROLE_WORDS

if TYPE_CHECKING:  # the plan is read as records (record.py) with the fields of these models
    from .model import Plan, Point, Section, Target


def ids(value) -> tuple[str, ...]:
    """A lead written as one id or as a list of them, as a tuple."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class PointRef:
    """A point where it stands: its location in the plan file and the parts above it, outermost first."""

    point: Point
    loc: tuple
    chain: tuple  # (Section, ...) from the top-level part down
    chain_locs: tuple  # each part's location

    @property
    def section(self) -> Section:
        return self.chain[0]


@dataclass(frozen=True)
class TargetRef:
    """A target where it stands in the plan, with the responsibilities it inherits.

    ``leads`` and ``co`` are units (groups expanded to their members, each unit once, a lead
    never also a co-unit); ``lead_named`` and ``co_named`` are as the plan writes them
    (groups by their id), for documents to print."""

    target: Target
    loc: tuple  # its path in the plan file, for positions
    section: Section | None  # the top-level part; None for the headline targets
    point: Point | None
    leads: tuple[str, ...]
    co: tuple[str, ...]
    lead_named: tuple[str, ...] = ()
    co_named: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    due: str | None = None  # the target's own deadline, or its point's for a task with an end state
    chain: tuple = ()  # the parts above it, outermost first
    section_key: int | None = None  # the top-level part's number, or its place when it has none (1, 2, …)

    @property
    def id(self) -> str:
        return self.target.id

    @property
    def lead(self) -> str | None:
        """The first lead: the one a document names first (and whose figure counts first)."""
        return self.leads[0] if self.leads else None

    @cached_property
    def reporters(self) -> tuple[str, ...]:
        """Units that may report a value or stage: the leads, or the breakdown units."""
        if self.target.breakdown:
            return tuple(self.target.breakdown)
        return self.leads

    @cached_property
    def responsible(self) -> tuple[str, ...]:
        """Units answerable for the target: its leads and its breakdown units."""
        out = list(self.leads)
        out += [u for u in (self.target.breakdown or {}) if u not in out]
        return tuple(out)


_norm = normalize
HEADLINE_TITLE = "主要預期目標"
_NUMERALS = "一二三四五六七八九十"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (up to 99)."""
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")


def part_number(n: int | None, depth: int = 1) -> str:
    """A part's number as official documents write it at each depth: 一、 （一） 1. （1）;
    nothing for an unnumbered part."""
    if n is None:
        return ""
    if depth == 1:
        return f"{chinese_numeral(n)}、"
    if depth == 2:
        return f"（{chinese_numeral(n)}）"
    if depth == 3:
        return f"{n}．"
    return f"（{n}）"


@dataclass(frozen=True)
class Roles:
    """The plan's words for its roles: its own (``roles``), else the common ones."""

    lead: str
    co: str
    leader: str

    @classmethod
    def of(cls, plan) -> Roles:
        own = plan.roles
        return cls(**{k: (getattr(own, k, None) if own is not None else None) or v for k, v in ROLE_WORDS.items()})


class PlanIndex:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.units = {u.id: u for u in plan.units}
        self.groups = {g.id: g for g in plan.groups}
        self.leaders = {x.id: x for x in plan.leaders}
        self.roles = Roles.of(plan)
        self.unit_by_name = {_norm(u.name): u.id for u in plan.units}
        for u in plan.units:
            if u.full_name:
                self.unit_by_name.setdefault(_norm(u.full_name), u.id)
        self.points: list[PointRef] = list(self._walk(plan.sections, ("sections",), (), ()))
        self.refs: list[TargetRef] = []
        for i, t in enumerate(plan.headline):
            self.refs.append(self._ref(t, ("headline", i), None, None))
        for pr in self.points:
            for ti, t in enumerate(pr.point.targets):
                self.refs.append(self._ref(t, pr.loc + ("targets", ti), pr, pr.point))
        self.targets: dict[str, TargetRef] = {}
        for ref in self.refs:
            self.targets.setdefault(ref.id, ref)

    def _walk(self, sections, loc: tuple, chain: tuple, chain_locs: tuple):
        for si, s in enumerate(sections):
            here = loc + (si,)
            yield from ((PointRef(p, here + ("points", pi), chain + (s,), chain_locs + (here,)))
                        for pi, p in enumerate(s.points))
            yield from self._walk(s.sections, here + ("sections",), chain + (s,), chain_locs + (here,))

    def _ref(self, t: Target, loc: tuple, pr: PointRef | None, p: Point | None) -> TargetRef:
        lead_named = ids(t.lead) if t.lead is not None else ids(p.lead) if p is not None else ()
        leads = self.members(lead_named)
        if t.co is not None:
            co_named = tuple(t.co)
        else:
            co_named = tuple(c for c in (p.co if p is not None else ()) if c not in lead_named)
        co = tuple(u for u in self.members(co_named) if u not in leads)
        leaders = tuple(t.leaders) if t.leaders is not None else tuple(p.leaders) if p is not None else ()
        due = t.due
        if due is None and p is not None and t.kind == "milestone" and not t.open_ended:
            due = p.due
        key = None
        if pr is not None:
            key = pr.section.id if pr.section.id is not None else pr.loc[1] + 1
        return TargetRef(t, loc, pr.section if pr else None, p, leads, co, lead_named, co_named, leaders, due,
                         pr.chain if pr else (), key)

    def members(self, named) -> tuple[str, ...]:
        """Units named directly or through a group, in order, each once."""
        out: dict[str, None] = {}
        for n in named:
            if n in self.groups:
                out.update(dict.fromkeys(m for m in self.groups[n].members))
            else:
                out[n] = None
        return tuple(out)

    @property
    def headline_title(self) -> str:
        """The heading of the headline targets: the plan's own, else 主要預期目標."""
        return self.plan.headline_title or HEADLINE_TITLE

    @property
    def headline_label(self) -> str:
        """The headline targets' own number when the document gives them one: its numbered
        parts start at 二 (the targets are its 一、), else none."""
        numbered = [s.id for s in self.plan.sections if isinstance(s.id, int)]
        return part_number(1, 1) if self.plan.headline and numbered and min(numbered) == 2 else ""

    def heading(self, section, depth: int = 1) -> str:
        """A part's heading as documents print it: its number in the style of its depth
        (一、 （一） 1. （1）) and its title; an unnumbered part by its title alone; None
        (the headline targets) by the headline's title."""
        if section is None:
            return self.headline_label + self.headline_title
        return part_number(section.id, depth) + section.title

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
        """A unit's (or a group's) name as documents print it."""
        if uid is None:
            return "—"
        if uid in self.units:
            return self.units[uid].name
        if uid in self.groups:
            return self.groups[uid].name
        return uid

    def names(self, named) -> list[str]:
        """Units and groups by their names, in the plan's order."""
        return [self.unit_name(u) for u in named]

    def leader_names(self, leader_ids) -> list[str]:
        """Leaders as documents name them: 王某某（副區長）, or the name alone when the plan gives no title."""
        out = []
        for lid in leader_ids:
            x = self.leaders.get(lid)
            out.append(lid if x is None else f"{x.name}（{x.title}）" if x.title else x.name)
        return out

    def duties(self, uid: str) -> dict[str, list[TargetRef]]:
        """What a unit leads, co-leads, and carries as a breakdown share."""
        out: dict[str, list[TargetRef]] = {"lead": [], "co": [], "breakdown": []}
        for ref in self.targets.values():
            if uid in ref.leads:
                out["lead"].append(ref)
            elif uid in (ref.target.breakdown or {}):
                out["breakdown"].append(ref)
            elif uid in ref.co:
                out["co"].append(ref)
        return out
