"""The status rules of formats.md: a pure function from (plan, reports, quarter) to plain data.

All arithmetic is exact (Decimal), and boundaries are decided by multiplication, never by a
rounded ratio: a figure exactly at the expected value is on track, a ratio exactly at
``serious`` is behind.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterable

from ..check.facts import Observation, Reason, ReportSet
from ..check.index import PlanIndex, TargetRef
from ..core.quantity import as_printed, counts_whole
from ..core.terms import (DEFAULT_SCHEDULE, GOOD, share_by, LABELS, LAGGING, LEVEL_LABELS, OPEN_ENDED_LABELS, QUARTERS,
                          CEILING_LABELS, RELATIVE_PENDING, STAGE_LABELS, STAGES, STATUSES, YEAR_END, due_quarter, quarters_upto)

__all__ = ["DEFAULT_SCHEDULE", "LABELS", "LAGGING", "OPEN_ENDED_LABELS", "STAGE_LABELS", "STATUSES", "StatusResult",
           "TargetStatus", "UnitStatus", "band", "compute", "evaluate_number", "evaluate_stage", "expected_stage", "expected_value",
           "latest_quarter", "named_earlier", "select"]
_CTX = decimal.Context(prec=60)


@dataclass(frozen=True)
class Evaluation:
    expected: Decimal | None  # as printed (rounded, formats.md); None: a level judged only at the year's end
    actual: Decimal | None  # as reported
    ratio: Decimal | None  # actual against expected, as printed; None for a ceiling, or where it means nothing
    status: str
    excess: Decimal | None = None  # a ceiling: how far the actual stands above the expected figure (0: not above)


@dataclass(frozen=True)
class ShareStatus:
    """One breakdown unit's share of a target."""

    unit: str
    name: str
    target: Decimal
    expected: Decimal | None
    actual: Decimal | None
    ratio: Decimal | None
    status: str
    reason: Reason | None
    note: str | None


@dataclass(frozen=True)
class TargetStatus:
    id: str
    name: str
    kind: str
    compare: str
    lead: str | None  # the first lead (a document may name several: ``leads``)
    lead_name: str  # the leads as documents print them: names (a group by its name), 、 between
    co: tuple[str, ...]  # co-units (groups expanded to their members)
    unit: str | None
    target: Decimal | None
    stretch: Decimal | None
    tolerance: Decimal | None
    base: Decimal | None  # a level's figure at the start of the year
    expected: Decimal | None
    actual: Decimal | None
    ratio: Decimal | None
    excess: Decimal | None  # a ceiling: how far the actual stands above the expected figure
    status: str
    stage: str | None
    expected_stage: str | None
    open_ended: bool  # a milestone with no end-state: reported as progress, never as achieved
    due: str | None  # a milestone's due quarter as the plan gives it (None: the year end)
    due_set_by: str | None  # "office" when the due quarter is the office's choice
    qualifier: str | None  # the word the source puts with the figure (以上, 超, 突破…)
    goal: str | None  # a task's annual goal in the plan's own words (年內啟動): the same field as the plan's
    missing: tuple[str, ...]
    reason: Reason | None
    reason_unit: str | None
    lead_reason: Reason | None  # the lead's own, which alone counts for the lead's flags
    note: str | None
    section: int | None  # None: headline target
    section_title: str | None
    point: int | str | None
    point_title: str | None
    shares: tuple[ShareStatus, ...]
    leads: tuple[str, ...] = ()  # every lead, each answering for the whole (groups expanded)
    co_names: tuple[str, ...] = ()  # the co-units as documents print them (a group by its name)
    leaders: tuple[str, ...] = ()  # the leaders named, as documents print them (王某某（副區長）)
    lead_reasons: tuple = ()  # (unit, Reason | None) for each lead that reported: its own counts for its flags
    lead_statuses: tuple = ()  # (unit, status) for each lead: its own report judged (the total's, under a breakdown)
    lead_figures: tuple = ()  # (unit, value, stage) of each lead that reported a figure or stage
    disagree: tuple[str, ...] = ()  # leads whose figure or stage differs from the one taken
    relative_to: str | None = None  # judged against this target's actual (與經濟增長同步)
    relative_name: str | None = None  # that target's name, as the documents say it (地區生產總值增長)
    chain: tuple[str, ...] = ()  # the headings of the parts above it, outermost first (一、…, （一）…)
    part: str = ""  # the heading of its top-level part as documents print it (一、擴大內需; the headline's title)

    @property
    def label(self) -> str:
        if self.kind == "milestone" and self.open_ended:
            return OPEN_ENDED_LABELS.get(self.status, LABELS[self.status])
        if self.kind == "level" and self.expected is None:  # judged at the year's end, and at its figure already
            return LEVEL_LABELS.get(self.status, LABELS[self.status])
        if self.relative_to is not None and self.status == "pending":
            return RELATIVE_PENDING
        if self.compare == "at_most" and self.kind != "milestone":
            return CEILING_LABELS.get(self.status, LABELS[self.status])
        return LABELS[self.status]

    @property
    def headline(self) -> bool:
        return self.section is None

    @property
    def quantified(self) -> bool:
        return self.kind != "milestone"


@dataclass(frozen=True)
class UnitStatus:
    id: str
    name: str
    kind: str
    responsible: bool
    reported: bool
    submitted: dt.date | None
    missing: bool
    late: bool
    must_explain: bool
    commended: bool  # 通報表揚: on time, and every task with a figure or an end-state on pace (at least one);
    # at Q4 never a unit a bulletin of the year named earlier (named_earlier): that one is ``improved``
    ongoing: bool  # on time and on pace, but with nothing to praise: open-ended duties in progress (levels judged at year end)
    eligibility_cancelled: bool
    targets: tuple[str, ...]  # ids it answers for (lead or breakdown share)
    lagging: tuple[str, ...]  # of those, behind / seriously behind / not achieved
    achieved: tuple[str, ...]  # of those, achieved or on track
    unexplained: tuple[str, ...]  # lagging with no reason given
    subjective: tuple[str, ...]  # not achieved for subjective reasons (Q4)
    unreported: tuple[str, ...] = ()  # its own figures or stages its report left out (its shares, what it leads unbroken)
    improved: bool = False  # Q4: on pace now, and named by a bulletin of the year before: said with what changed, not praised

    @property
    def incomplete(self) -> bool:
        """Reported, but not on everything it must report: never counted missing (the
        contract), never to be passed over in silence either."""
        return self.reported and bool(self.unreported)


@dataclass(frozen=True)
class StatusResult:
    year: int
    quarter: str
    serious: Decimal
    reporting_date: dt.date
    targets: tuple[TargetStatus, ...]
    units: tuple[UnitStatus, ...]
    narrowed: bool = False  # a view of some targets (select): the units' flags speak of those
    named: frozenset = frozenset()  # Q4: the units a bulletin of an earlier quarter named (named_earlier)
    sanction: bool = False  # the plan provides a sanction for a failure for subjective reasons (bulletins.sanction)
    roles: tuple[str, str, str] = ("牽頭單位", "責任單位", "責任領導")  # the plan's words for lead, co, leader

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for t in self.targets:
            counts[t.status] += 1
        return counts


def expected_value(kind: str, goal: Decimal, share: Decimal, base: Decimal | None, quarter: str) -> Decimal | None:
    """The figure expected by a quarter, before it is printed: a share of the year's total
    for a cumulative target; for a level with a baseline, the point on the path from the
    baseline to the goal; the goal itself for a rate, and for a level without a baseline at
    the year's end; None for such a level before then (judged only at the year's end)."""
    if kind == "cumulative":
        return goal * share
    if kind == "level":
        if base is not None:
            return base + (goal - base) * share
        return goal if quarter == YEAR_END else None
    return goal


def band(kind: str, tolerance: Decimal | None, share: Decimal) -> Decimal:
    """How far the 左右 band reaches on either side of the expected figure: ``tolerance × share``
    for a cumulative total (it grows from zero), the tolerance itself otherwise."""
    tol = tolerance or Decimal(0)
    return tol * share if kind == "cumulative" else tol


def _within(compare: str, actual: Decimal, expected: Decimal, band: Decimal, strict: bool = False) -> bool:
    """The actual stands where the figure asks, the 左右 band allowed: at or above it (above
    it, at the year's end, for 超/突破), or at or under a ceiling."""
    if compare == "at_most":
        return actual <= expected + band
    if strict and compare == "above":
        return actual > expected - band
    return actual >= expected - band


def evaluate_number(kind: str, compare: str, goal: Decimal, tolerance: Decimal | None, share: Decimal,
                    actual: Decimal | None, quarter: str, serious: Decimal, base: Decimal | None = None,
                    unit: str | None = None) -> Evaluation:
    """The status of one numeric target (or one breakdown share) in one quarter.

    The expected figure is the target's own (a 左右 tolerance only widens the judgement);
    expected and actual are judged as they are printed (``as_printed``), so the ratio and the
    status agree with the figures a reader sees. A ceiling (at_most) is held or exceeded: it
    has no ratio. Arithmetic is exact; boundaries are decided by comparison, never by a
    rounded ratio."""
    with decimal.localcontext(_CTX):
        tol = tolerance or Decimal(0)
        reach = band(kind, tolerance, share)
        whole = counts_whole(unit, goal)
        expected = as_printed(expected_value(kind, goal, share, base, quarter), whole)
        if actual is None:
            return Evaluation(expected, None, None, "not_reported")
        shown = as_printed(actual)
        if expected is None:  # a level without a baseline, before the year's end: at its figure already, or not yet judged
            on = _within(compare, shown, goal, tol)
            return Evaluation(None, actual, None, "on_track" if on else "pending")
        ratio, excess = None, None
        if compare == "at_most":
            excess = max(shown - expected, Decimal(0))
        elif expected > 0:
            ratio = shown / expected
        if quarter == YEAR_END:
            status = "achieved" if _within(compare, shown, expected, reach, strict=True) else "not_achieved"
        elif kind == "cumulative" and _within(compare, shown, goal, tol, strict=True):
            status = "achieved"  # the year's total reached already
        elif _within(compare, shown, expected, reach):
            status = "on_track"
        elif compare == "at_most":  # exceeded: seriously when the ceiling is under ``serious`` of the actual
            status = "seriously_behind" if 0 < expected < serious * shown else "behind"
        elif ratio is None:  # nothing or less than nothing expected: ahead of it or behind it, no share to grade
            status = "behind"
        else:
            status = "behind" if shown >= serious * expected else "seriously_behind"
        return Evaluation(expected, actual, ratio, status, excess)


def expected_stage(due: str | None, quarter: str, open_ended: bool) -> str:
    """The stage a milestone should have reached by ``quarter``: done from its due quarter on
    (the year's end when it names none that can be read), in progress before; an open-ended
    one (a standing duty) in progress in every quarter."""
    if open_ended:
        return "in_progress"
    return "done" if QUARTERS.index(quarter) >= QUARTERS.index(due_quarter(due) or YEAR_END) else "in_progress"


def evaluate_stage(due: str | None, stage: str | None, quarter: str, open_ended: bool = False) -> tuple[str, str]:
    """(expected stage, status) of a milestone in a quarter.

    An open-ended milestone (a standing duty with no end-state) is expected in progress in
    every quarter, Q4 included: in progress or done is on track, never achieved, and not
    started is behind, or not achieved at Q4.
    """
    expected = expected_stage(due, quarter, open_ended)
    if open_ended:
        if stage is None:
            return expected, "not_reported"
        if stage != "not_started":
            return expected, "on_track"
        return expected, "not_achieved" if quarter == YEAR_END else "behind"
    if stage is None:
        return expected, "not_reported"
    if stage == "done":
        return expected, "achieved"
    if quarter == YEAR_END:
        return expected, "not_achieved"
    short = STAGES.index(expected) - STAGES.index(stage)  # 0, 1 or 2: done was answered above
    return expected, ("on_track", "behind", "seriously_behind")[short]


def _shares(index: PlanIndex, t, rs: ReportSet, quarter: str, share: Decimal, serious: Decimal) -> list[ShareStatus]:
    """Each breakdown unit against its own share, by the same rules (without the target's tolerance)."""
    out = []
    for uid, part in t.breakdown.items():
        o = rs.observations.get((quarter, t.id, uid))
        value = o.value if o else None
        ev = evaluate_number(t.kind, t.compare, part, None, share, value, quarter, serious, unit=t.unit)
        out.append(ShareStatus(uid, index.unit_name(uid), part, ev.expected, value, ev.ratio, ev.status,
                               o.reason if o else None, o.note if o else None))
    return out


def _taken(ref: TargetRef, rs: ReportSet, quarter: str) -> tuple[Observation | None, list[Observation], tuple[str, ...]]:
    """(the observation that counts, every lead's, the leads that disagree with it). One lead:
    its own. Several, each answering for the whole: for a figure, the first lead's (in the
    plan's order) that reported one; for a stage, the least advanced reported (a lead that
    says it has not started is never hidden behind one that says it is done); the others
    that say otherwise are named, for validate to warn and the documents to say."""
    said = [o for o in (rs.observations.get((quarter, ref.id, u)) for u in ref.leads) if o is not None]
    if ref.target.kind == "milestone":
        staged = [o for o in said if o.stage is not None]
        taken = min(staged, key=lambda o: STAGES.index(o.stage), default=said[0] if said else None)
        differ = tuple(o.unit for o in staged if taken is not None and o.stage != taken.stage)
    else:
        valued = [o for o in said if o.value is not None]
        taken = valued[0] if valued else said[0] if said else None
        differ = tuple(o.unit for o in valued if taken is not None and o.value != taken.value)
    return taken, said, differ


def _target_status(index: PlanIndex, ref: TargetRef, rs: ReportSet, quarter: str, serious: Decimal,
                   done: dict) -> TargetStatus:
    """``done``: the statuses worked out so far, by id (a target judged against another's actual reads it there,
    worked out before it)."""
    t = ref.target
    lead_obs, said, differ = _taken(ref, rs, quarter)
    shares: list[ShareStatus] = []
    stage = expected = None

    def judged(o: Observation | None) -> Evaluation:
        """One report's figure or stage, judged by the target's rules."""
        if t.kind == "milestone":
            return Evaluation(None, None, None, evaluate_stage(ref.due, o.stage if o else None, quarter, t.open_ended)[1])
        value = o.value if o else None
        # a rate judged against another target's actual in the same quarter (與經濟增長同步: at least the growth
        # reached, the tolerance allowed), that actual as printed; none before it is reported: nothing to
        # compare with, pending (待比較), never behind. The plan names a target of its own with a figure and
        # judges only a rate so (check relative-to); compute works that target out first
        goal = t.target if t.relative_to is None else as_printed(done[t.relative_to].actual)
        if goal is None:
            return Evaluation(None, value, None, "not_reported" if value is None else "pending")
        share = share_by(t.schedule, quarter)
        return evaluate_number(t.kind, t.compare, goal, t.tolerance, share, value, quarter, serious, t.base, t.unit)

    if t.breakdown:
        share = share_by(t.schedule, quarter)
        shares = _shares(index, t, rs, quarter, share, serious)
        reported = [s.actual for s in shares if s.actual is not None]
        actual = sum(reported, Decimal(0)) if reported else None
        assert t.target is not None  # a breakdown's total: a plan without one is refused (kind-field)
        ev = evaluate_number(t.kind, t.compare, t.target, t.tolerance, share, actual, quarter, serious, unit=t.unit)
        missing = [s.unit for s in shares if s.actual is None]
        own_status = tuple((u, ev.status) for u in ref.leads)  # the leads answer for the total
    else:
        ev = judged(lead_obs)
        if t.kind == "milestone":
            stage = lead_obs.stage if lead_obs else None
            expected = expected_stage(ref.due, quarter, t.open_ended)
        field = "stage" if t.kind == "milestone" else "value"
        mine = {o.unit: o for o in said if getattr(o, field) is not None}
        missing = [u for u in ref.leads if u not in mine]
        # each lead answers for what it reported itself: one that says it is on pace is never named for
        # another lead's delay (the disagreement is said instead); one that reported nothing, for nothing
        own_status = tuple((u, judged(mine[u]).status if u in mine else "not_reported") for u in ref.leads)
    # the reason quoted for the target: a lead's (the one whose figure counts first), else the first breakdown unit's
    lead_reasons = tuple((o.unit, o.reason) for o in said)
    first = sorted(said, key=lambda o: o is not lead_obs)
    stated = [(o.reason, o.unit) for o in first if o.reason] + [(s.reason, s.unit) for s in shares if s.reason is not None]
    reason, reason_unit = stated[0] if stated else (None, None)
    own = next((o.reason for o in first if o.reason), None)
    return TargetStatus(
        id=t.id, name=t.name, kind=t.kind, compare=t.compare, lead=ref.lead,
        lead_name="、".join(index.names(ref.lead_named)) or "—",
        co=ref.co, unit=t.unit, target=t.target, stretch=t.stretch, tolerance=t.tolerance, base=t.base,
        expected=ev.expected, actual=ev.actual, ratio=ev.ratio, excess=ev.excess, status=ev.status,
        stage=stage, expected_stage=expected, open_ended=t.open_ended, due=ref.due, due_set_by=t.due_set_by,
        qualifier=t.qualifier, goal=t.goal, missing=tuple(missing), reason=reason, reason_unit=reason_unit,
        lead_reason=own,
        note=lead_obs.note if lead_obs else None,
        section=ref.section_key, section_title=ref.section.title if ref.section else None,
        point=ref.point.id if ref.point else None, point_title=ref.point.title if ref.point else None,
        shares=tuple(shares), leads=ref.leads, co_names=tuple(index.names(ref.co_named)),
        leaders=tuple(index.leader_names(ref.leaders)), lead_reasons=lead_reasons, lead_statuses=own_status,
        lead_figures=tuple((o.unit, o.value, o.stage) for o in said if o.value is not None or o.stage is not None),
        disagree=differ,
        relative_to=t.relative_to,
        relative_name=index.targets[t.relative_to].target.name if t.relative_to in index.targets else None,
        chain=tuple(index.heading(s, d) for d, s in enumerate(ref.chain, 1)),
        part=index.heading(ref.section),
    )


def compute(index: PlanIndex, rs: ReportSet, quarter: str) -> StatusResult:
    """Every target's and every unit's status in ``quarter``. At the year's end the units a
    bulletin of an earlier quarter named are never praised for the year (bulletin-notes.md):
    they are ``improved`` instead, wherever the result is read (status, bulletin, site)."""
    plan = index.plan
    serious = plan.thresholds.serious
    # the earlier quarters first, one at a time: only one quarter's result is ever held beside this one's
    named = frozenset(named_earlier(compute(index, rs, q) for q in quarters_upto(quarter)[:-1])) \
        if quarter == YEAR_END else frozenset()
    done: dict[str, TargetStatus] = {}
    for ref in sorted(index.targets.values(), key=lambda r: r.target.relative_to is not None):
        done[ref.id] = _target_status(index, ref, rs, quarter, serious, done)
    targets = tuple(done[ref.id] for ref in index.targets.values())
    due = getattr(plan.reporting, quarter)
    units = [(u.id, u.name, u.kind, rs.submissions.get((u.id, quarter))) for u in plan.units]
    sanction = bool(plan.bulletins and plan.bulletins.sanction)
    return StatusResult(plan.year, quarter, serious, due, targets, _units(units, targets, quarter, due, named, sanction),
                        named=named, sanction=sanction, roles=(index.roles.lead, index.roles.co, index.roles.leader))


def _units(units, targets, quarter: str, due, named: frozenset, sanction: bool) -> tuple[UnitStatus, ...]:
    """Each unit's flags over ``targets`` (all of them, or a view's); ``units`` are
    (id, name, kind, submission or None); ``named``, the units an earlier bulletin named;
    ``sanction``, whether the plan provides one (else no unit's eligibility is ever in question)."""
    # per unit: (target id, status, reason, open-ended, the target's own status) of everything it answers for
    answers: dict[str, list[tuple[str, str, Reason | None, bool, str]]] = {uid: [] for uid, *_ in units}
    owed: dict[str, list[str]] = {uid: [] for uid, *_ in units}  # what it must report and did not

    def answer(uid, item, owes: bool):
        if uid in answers:  # a view may show targets of units it does not list
            answers[uid].append(item)
            if owes:
                owed[uid].append(item[0])

    for ts in targets:
        own = dict(ts.lead_reasons)
        for s in ts.shares:
            answer(s.unit, (ts.id, s.status, s.reason, False, s.status), s.actual is None)  # its share is its whole
        for lead, status in ts.lead_statuses:
            # each lead answers for the whole (also when it carries a share of its own), as its own
            # report shows it, with its own reason, never a breakdown unit's; the total's figure
            # is not the lead's to send
            answer(lead, (ts.id, status, own.get(lead), ts.open_ended and not ts.shares, ts.status),
                   not ts.shares and lead in ts.missing)
    out = []
    for uid, name, kind, sub in units:
        mine = answers[uid]
        responsible = bool(mine)
        late = sub is not None and sub.submitted > due
        # named for a delay its own report shows (a lead on pace is never named for another lead's delay)
        lagging = _once(tid for tid, st, *_ in mine if st in LAGGING)
        good = tuple(tid for tid, st, *_ in mine if st in GOOD)
        unexplained = _once(tid for tid, st, r, *_ in mine if st in LAGGING and r is None)
        subjective = _once(tid for tid, st, r, *_ in mine
                           if quarter == YEAR_END and st == "not_achieved" and r is not None and r.kind == "subjective")
        # on pace: everything it answers for achieved or on track, by its own report and as a whole
        # (never praised for a task another lead reports behind), a level judged at the year's end
        # counting neither way; praised only for a figure or an end-state among them
        on_pace = responsible and sub is not None and not late and all(
            st in GOOD + ("pending",) and whole in GOOD + ("pending",) for _, st, _, _, whole in mine)
        judged = any(st in GOOD and not open_ended for _, st, _, open_ended, _ in mine)
        out.append(UnitStatus(
            id=uid, name=name, kind=kind, responsible=responsible, reported=sub is not None,
            submitted=sub.submitted if sub else None,
            missing=responsible and sub is None, late=late, must_explain=bool(lagging),
            commended=on_pace and judged and uid not in named, ongoing=on_pace and not judged and uid not in named,
            improved=on_pace and uid in named,
            eligibility_cancelled=sanction and bool(subjective),
            targets=_once(tid for tid, *_ in mine), lagging=lagging, achieved=_once(good),
            unexplained=unexplained, subjective=subjective, unreported=_once(owed[uid]),
        ))
    return tuple(out)


def _once(ids) -> tuple[str, ...]:
    """Target ids in order, each once (a lead with a share of its own answers twice for one)."""
    return tuple(dict.fromkeys(ids))


def named_earlier(results: Iterable[StatusResult]) -> dict[str, tuple[str, ...]]:
    """The units a bulletin of an earlier quarter of the year named for a problem (not
    reported, late, a task behind or not explained, a report that left targets out), with
    those quarters; ``results``: the quarters before the one in hand, from Q1, read once each
    (given one at a time, only one quarter's result is held at once). A quarter with no report
    at all had no bulletin. A unit named earlier is never praised for the year as if nothing
    had happened (bulletin-notes.md)."""
    named: dict[str, list[str]] = {}
    for r in results:
        if any(u.reported for u in r.units):
            for u in r.units:
                if u.missing or u.late or u.must_explain or u.unexplained or u.incomplete:
                    named.setdefault(u.id, []).append(r.quarter)
        del r  # let it go before the next quarter's is worked out
    return {uid: tuple(qs) for uid, qs in named.items()}


def last_report(result: StatusResult) -> dt.date | None:
    """The date of the latest report a quarter's result stands on (None: no report): no
    bulletin on it can be dated before it."""
    return max((u.submitted for u in result.units if u.submitted is not None), default=None)


def latest_quarter(rs: ReportSet) -> str:
    """The latest quarter that has reports; Q1 when there are none."""
    qs = rs.quarters()
    return qs[-1] if qs else "Q1"


def select(result: StatusResult, units=(), sections=(), points=(), statuses=(), targets=()) -> StatusResult:
    """The same result narrowed to some targets, and to the units those targets concern
    (lead, co or breakdown) — or, with ``units``, to those units.

    In a narrowed view each unit's flags are worked out over the targets shown, as a reader
    of that view expects: must explain, unexplained, commended and eligibility speak of
    those targets; missing and late are the unit's own, whatever is shown. ``narrowed``
    says so, for the renderers to say it too. A status is an id, or ``("open_ended", id)``
    for the label only open-ended tasks carry (``query.statuses``)."""
    def keep(t: TargetStatus) -> bool:
        if units and not ({*t.leads, *t.co, *(s.unit for s in t.shares)} & set(units)):
            return False
        if sections and (t.section is None or str(t.section) not in sections):
            if not ("0" in sections and t.section is None):
                return False
        if points and str(t.point) not in points:
            return False
        if statuses and t.status not in statuses and not (t.open_ended and ("open_ended", t.status) in statuses):
            return False
        if targets and t.id not in targets:
            return False
        return True

    if not (units or sections or points or statuses or targets):
        return result
    kept = tuple(t for t in result.targets if keep(t))
    concerned = set(units) if units else {u for t in kept for u in (*t.leads, *t.co, *(s.unit for s in t.shares)) if u}
    submitted = {u.id: _Sent(u.submitted) if u.reported else None for u in result.units}
    shown = [(u.id, u.name, u.kind, submitted[u.id]) for u in result.units if u.id in concerned]
    units_ = _units(shown, kept, result.quarter, result.reporting_date, result.named, result.sanction)
    return replace(result, targets=kept, units=units_, narrowed=True)


@dataclass(frozen=True)
class _Sent:
    submitted: object
