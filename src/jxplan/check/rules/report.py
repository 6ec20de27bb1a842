"""Checks of progress reports against the plan (formats.md, "Progress report").

A data check looks at a report's plain data before it is validated; report checks look
at a whole report; entry checks at one entry and the target it names
(``ref`` is None for an unknown target); folder checks at all reports together. When a
report check finds an error (an unknown unit, a wrong year), its entries are not checked.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

from ...core.names import did_you_mean, unit_names
from ...core.quantity import QuantityError, convert, format_number
from ...core.terms import QUARTER_END, QUARTERS, entry_blank, far_late as dated_far_late, parse_quarter
from .base import Finding

if TYPE_CHECKING:
    from ..facts import ReportSet
    from ..index import PlanIndex, TargetRef
    from ..model import Entry, Plan, Report
    from ..reports import ReportOutcome

Findings = Iterator[Finding]


@dataclass(frozen=True)
class ReportContext:
    """A validated report with what every check needs: its unit's id and the plan."""

    report: Report
    uid: str | None  # None: the unit is not in the plan
    plan: Plan
    index: PlanIndex
    firsts: dict[str, int]  # target id -> index of its first entry
    blank: bool  # a form sent back with nothing filled in (blank_form)
    path: str = ""  # where the file was found: only ever a hint (formats.md: the content decides)


def context(report: Report, plan: Plan, index: PlanIndex, path: str) -> ReportContext:
    firsts: dict[str, int] = {}
    for i, e in enumerate(report.entries):
        firsts.setdefault(e.target, i)
    blank = all(entry_blank(e) for e in report.entries)
    return ReportContext(report, index.unit_id(report.unit), plan, index, firsts, blank, path)


# ---- the report as a whole ---------------------------------------------------------------

def unknown_unit(ctx: ReportContext) -> Findings:
    """The report's unit is a unit of the plan, by id or name (in either script).

    Passes: ``unit: fgw`` or ``unit: 市發改委``. Fails: ``unit: 市不存在局``.
    """
    if ctx.uid is None:
        hint = did_you_mean(str(ctx.report.unit), unit_names(ctx.plan))
        yield Finding(("unit",), f"未知單位「{ctx.report.unit}」{hint or '；請寫計劃中的單位名稱或編號（jxplan units 列出全部單位）'}")


def wrong_year(ctx: ReportContext) -> Findings:
    """The report is for the plan's year.

    Passes: ``year: 2012`` with the 2012 plan. Fails: ``year: 2011``.
    """
    if ctx.report.year != ctx.plan.year:
        yield Finding(("year",), f"報告年度 {ctx.report.year} 不是計劃的年度 {ctx.plan.year}")


def missing_date(ctx: ReportContext) -> Findings:
    """A report that says anything says when it was sent (``submitted``), so lateness is
    never guessed. A blank form needs no date.

    Passes: ``submitted: 2012-07-03``. Fails: values filled in and ``submitted:`` left empty.
    """
    if ctx.report.submitted is None and not ctx.blank:
        # the example date every message gives, made the report's quarter's own (reports.example_dates)
        yield Finding(("submitted",), "請填{field:submitted}（如 2012-07-05）；逾期與否以它為準")


def early(ctx: ReportContext) -> Findings:
    """A report dated before its quarter ended is doubtful (a wrong quarter or date).

    Passes: a Q2 report ``submitted: 2012-07-03``. Warns: ``submitted: 2012-06-20``.
    """
    r = ctx.report
    if r.submitted is None:
        return
    end = _quarter_end(ctx.plan.year, r.quarter)
    if _quarter_start(ctx.plan.year, r.quarter) <= r.submitted < end:
        yield Finding(("submitted",), f"報送日期 {r.submitted} 早於 {r.quarter} 結束（{end}）")


def quarter_folder(ctx: ReportContext) -> Findings:
    """The quarter comes from the report, never from its path; but a report filed in a
    folder named for another quarter is most likely a form filled in for the wrong quarter
    (a Q1 form sent back in July), and is counted for the quarter it says.

    Passes: ``progress/2012/Q2/fgw.yaml`` saying ``quarter: Q2``. Warns: the same file saying ``Q1``.
    """
    folder = os.path.basename(os.path.dirname(ctx.path))
    filed = None if folder.isdigit() else parse_quarter(folder)
    said = ctx.report.quarter
    if filed and said and filed != said:
        yield Finding(("quarter",), f"{{field:quarter}}填的是 {said}，文件卻在 {folder} 文件夾；按報告內容計為 {said} 的報告；"
                                    f"若季度填錯了，請用 {filed} 的表格重填")


LATEST = dt.timedelta(days=366)  # a report a year past its due date is a mistyped year, not a late one


def implausible_date(ctx: ReportContext) -> Findings:
    """A report's date lies between the start of its quarter and a year after its due date,
    and not in the future: anything else is a mistyped quarter or year, and would put a
    unit among the late (or count a report in the wrong quarter) in public.

    Passes: a Q2 report ``submitted: 2012-07-03``. Fails: ``submitted: 2021-07-03``, or a Q4
    report dated 2012-07-03 (before Q4 began).
    """
    r = ctx.report
    if r.submitted is None:
        return
    start = _quarter_start(ctx.plan.year, r.quarter)
    due = getattr(ctx.plan.reporting, r.quarter)
    if r.submitted < start:
        yield Finding(("submitted",), f"報送日期 {r.submitted} 早於 {r.quarter} 開始（{start}）；"
                                      "請核對{field:quarter}和{field:submitted}，季度報告不會在季度開始前報送")
    elif r.submitted - max(due, _quarter_end(ctx.plan.year, r.quarter)) > LATEST:  # never date + days: 9999-12-31
        yield Finding(("submitted",), f"報送日期 {r.submitted} 比 {r.quarter} 的報送期限 {due} 晚了一年以上；請核對年份")
    elif r.submitted > dt.date.today():
        yield Finding(("submitted",), f"報送日期 {r.submitted} 還沒有到；請核對日期")


def far_late(ctx: ReportContext) -> Findings:
    """A report dated more than a quarter after its deadline (but within the year
    ``implausible-date`` allows) is most likely a mistyped year: it would be listed as late,
    and a bulletin would take its date as its own. Warned, naming the date it likely means.

    Passes: a Q3 report ``submitted: 2012-10-20`` (late, but plausibly so). Warns: ``submitted:
    2013-10-08`` for a deadline of 2012-10-08.
    """
    r = ctx.report
    if r.submitted is None or r.quarter is None:
        return
    due = getattr(ctx.plan.reporting, r.quarter)
    if not dated_far_late(r.submitted, due) or (r.submitted - due).days > 366:  # a year past it: implausible-date
        return
    # the same day in the deadline's year, when that is another day, on or after the deadline (within a
    # year of it, that day is never more than a day after it)
    meant = _same_day_in(r.submitted, due.year)
    hint = f"（是否應為 {meant}？）" if meant is not None and meant != r.submitted and meant >= due else ""
    yield Finding(("submitted",), f"報送日期 {r.submitted} 比 {r.quarter} 的報送期限 {due} 晚了 {(r.submitted - due).days} 天，"
                                  f"超過一個季度，可能是年份寫錯{hint}；通報不會以它作成文日期，請核對")


def _same_day_in(day: dt.date, year: int) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return None


def _quarter_start(year: int, quarter: str) -> dt.date:
    return dt.date(year, 3 * QUARTERS.index(quarter) + 1, 1)


def _quarter_end(year: int, quarter: str) -> dt.date:
    return dt.date(year, *QUARTER_END[quarter])


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def blank_form(data: Any) -> bool:
    """A report whose entries carry no value, stage, note or reason: a form sent back as it
    was received (or with ``entries: []``)."""
    if not isinstance(data, dict):
        return False
    entries = data.get("entries")
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        return False
    for e in entries:
        if not isinstance(e, dict):
            return False
        for key, v in e.items():
            if key == "target":
                continue
            if key == "reason" and (v is None or (isinstance(v, dict) and all(_empty(x) for x in v.values()))):
                continue
            if not _empty(v):
                return False
    return True


class Form(NamedTuple):
    """What the checks of a report's plain data weigh, read from the data before validation (and
    kept by the cache, as the rest of what a file's bytes say): whether it was sent back blank,
    and the unit it names, as written."""

    blank: bool
    unit: str | None


def form_of(data: Any) -> Form:
    unit = data.get("unit") if isinstance(data, dict) else None
    return Form(blank_form(data), unit if isinstance(unit, str) else None)


def blank_report(form: Form, index: PlanIndex | None) -> Findings:
    """A form sent back with no value, stage, note or reason in any entry is no report: its
    unit is still counted as not having reported, whatever else the form says (a blank form
    needs no date).

    Passes: an entry with ``value: 11``. Warns: ``entries: []``, or entries with only ``target``.
    """
    if form.blank:
        unit = form.unit  # text or None (form_of)
        uid = index.unit_id(unit) if index is not None and unit is not None else None
        named = index.unit_name(uid) if index is not None and uid else unit
        who = f"「{named}」" if unit is not None and unit.strip() else "這個單位"
        duties = index.duties(uid) if index is not None and uid else None
        if index is not None and duties is not None and not (duties["lead"] or duties["breakdown"]):  # a co-unit is never counted missing
            yield Finding(("entries",), f"這份報告沒有填任何數值、進度或說明，不算報送（{who}只是{index.roles.co}，"
                                        "不會列為未報送；配合情況請寫在{field:note}）", key=True)
        else:
            yield Finding(("entries",), f"這份報告沒有填任何數值、進度或說明，不算報送；{who}仍列為未報送", key=True)


# ---- one entry ---------------------------------------------------------------------------

def unknown_target(ctx: ReportContext, i: int, entry: Entry, ref: TargetRef | None) -> Finding | None:
    """An entry names a target of the plan by its id, as written.

    Passes: ``target: "2.1"``. Fails: ``target: "9.9"``.
    """
    if ref is None:
        return Finding(("entries", i, "target"), f"未知目標「{entry.target}」；{{field:target}}須與計劃一致")
    return None


def duplicate_entry(ctx: ReportContext, i: int, entry: Entry, ref: TargetRef | None) -> Finding | None:
    """Each target appears once in a report.

    Passes: entries for "2.1" and "2.2". Fails: two entries for "2.1".
    """
    first = ctx.firsts[entry.target]
    if first != i:
        return Finding(("entries", i, "target"), f"目標 {entry.target} 已在{{first}}填報；每個目標只能填一次",
                      refs=(("first", ("entries", first)),))
    return None


def _figure(entry: Entry) -> bool:
    return entry.value is not None or entry.stage is not None


def _figure_field(entry: Entry) -> str:
    """Where an entry's figure is: its value, else its stage (a problem with it points there)."""
    return "value" if entry.value is not None else "stage"


def not_responsible(ctx: ReportContext, i: int, entry: Entry, ref: TargetRef | None) -> Finding | None:
    """A value or stage comes only from the target's lead or a unit in its breakdown; a
    co-responsible unit may send a note only.

    Passes: 市發改委 reports ``value`` for a target it leads. Fails: a co-unit reports ``value: 9``,
    or a reason (which the status rules take from the responsible units alone, so it would
    be dropped without a word).
    """
    if ref is None or ctx.uid in ref.responsible or not (_figure(entry) or entry.reason is not None):
        return None
    role = f"{ctx.index.roles.co}只填{{field:note}}" if ctx.uid in ref.co else "不是它的責任單位"
    who = "、".join(ctx.index.unit_name(u) for u in ref.reporters)
    if _figure(entry):
        return Finding(("entries", i, _figure_field(entry)), f"{ctx.index.unit_name(ctx.uid)} 不能報 {ref.id} 的數值或進度（{role}；由 {who} 填報）")
    return Finding(("entries", i, "reason"), f"{ctx.index.unit_name(ctx.uid)} 不能報 {ref.id} 滯後的原因（{role}；"
                                            f"原因由 {who} 說明，寫在這裡不會被採用）")


def unrelated_note(ctx: ReportContext, i: int, entry: Entry, ref: TargetRef | None) -> Finding | None:
    """A note on a target comes from a unit that has something to do with it.

    Passes: a co-unit's ``note``. Warns: a note from a unit neither lead, co nor breakdown.
    """
    if ref is not None and not _figure(entry) and ctx.uid not in ref.responsible and ctx.uid not in ref.co:
        return Finding(("entries", i), f"{ctx.index.unit_name(ctx.uid)} 與目標 {ref.id} 無關")
    return None


def lead_figure_unused(ctx: ReportContext, i: int, entry: Entry, ref: TargetRef | None) -> Finding | None:
    """On a broken-down target the actual is the sum of the breakdown units' figures; the
    lead may report one, but it is not counted.

    Passes: 南湖區 reports its share. Warns: the lead reports a total of its own.
    """
    if ref is not None and _figure(entry) and ctx.uid in ref.responsible and ctx.uid not in ref.reporters:
        return Finding(("entries", i, _figure_field(entry)), f"{ref.id} 已分解到各單位，實際值是各分解單位報送數之和；"
                                      f"{ctx.index.unit_name(ctx.uid)} 報的數不計入")
    return None


def value_for_milestone(ctx: ReportContext, i: int, entry: Entry, ref: TargetRef | None) -> Finding | None:
    """A milestone is reported by stage, never by value.

    Passes: ``stage: in_progress``. Fails: ``value: 3`` for a milestone.
    """
    if ref is not None and ref.target.kind == "milestone" and entry.value is not None:
        return Finding(("entries", i, "value"), f"{ref.id} 是沒有數字的工作任務，請填{{field:stages}}，不填{{field:value}}",
                      key=True)
    return None


def stage_for_number(ctx: ReportContext, i: int, entry: Entry, ref: TargetRef | None) -> Finding | None:
    """A numeric target is reported by value, never by stage.

    Passes: ``value: 11.2``. Fails: ``stage: done`` for a rate.
    """
    if ref is not None and ref.target.kind != "milestone" and entry.stage is not None:
        return Finding(("entries", i, "stage"), f"{ref.id} 是數字目標，請填{{field:value}}，不填{{field:stage}}", key=True)
    return None


def value_of(entry: Entry, ref: TargetRef) -> Decimal | None:
    """The entry's value in the target's unit (QuantityError when it does not convert)."""
    return None if entry.value is None else convert(entry.value, ref.target.unit)


def unit(ctx: ReportContext, i: int, entry: Entry, ref: TargetRef | None) -> Finding | None:
    """A value is a number in the target's unit, or text with a unit that converts to it.

    Passes: ``"1.2萬畝"`` for a target in 萬畝. Fails: ``"3‰"`` for a target in %.
    """
    if ref is None or ref.target.kind == "milestone":  # a milestone's value is value-for-milestone's
        return None
    try:
        value_of(entry, ref)
    except QuantityError as exc:
        return Finding(("entries", i, "value"), f"{ref.id}: {exc}")
    return None


def _value(entry: Entry, ref: TargetRef | None) -> Decimal | None:
    """The entry's value in the target's unit; None without one, or when it does not convert."""
    try:
        return None if ref is None else value_of(entry, ref)
    except QuantityError:
        return None


def implausible(ctx: ReportContext, i: int, entry: Entry, ref: TargetRef | None) -> Finding | None:
    """A value over three times the annual target is more likely a wrong unit than a triumph.

    Passes: 11.2 for a target of 10%. Warns: 60000 for a target of 6 萬人, or 0.112 for
    a target of 10% (a share written as a fraction).
    """
    value = _value(entry, ref)
    if value is None or ref is None:
        return None
    t = ref.target
    if t.target is not None and t.target > 0 and value > 3 * t.target:
        return Finding(("entries", i, "value"),
                      f"{t.id} 的數值 {format_number(value)}{t.unit or ''} 超過年度目標的 3 倍；請核實單位")
    if t.unit == "%" and t.target is not None and t.target >= 5 and 0 < value < 1:
        meant = format_number(value * 100)  # 0.512 typed for 51.2%: a share written as a fraction
        return Finding(("entries", i, "value"),
                      f"{t.id} 的數值 {format_number(value)}% 不到 1%，年度目標是 {format_number(t.target)}%；"
                      f"若是 {meant}%，請寫 {meant}（百分數不寫成小數）")
    return None


def negative_cumulative(ctx: ReportContext, i: int, entry: Entry, ref: TargetRef | None) -> Finding | None:
    """A year-to-date total of a cumulative target starts at zero and cannot be negative.

    Passes: ``value: 2`` for new jobs. Warns: ``value: -2``.
    """
    value = _value(entry, ref)
    if value is not None and ref is not None and ref.target.kind == "cumulative" and value < 0:
        return Finding(("entries", i, "value"),
                      f"{ref.id} 是年初至今的累計數，不應是負數（{format_number(value)}）；請核實")
    return None


# ---- all reports together ----------------------------------------------------------------

def duplicate_report(reports: Sequence[ReportOutcome], facts: ReportSet, index: PlanIndex) -> Findings:
    """One report per unit and quarter (the unit by id or by name is one unit); the message
    says which of the two is the newer (by ``submitted``, else by the files' modification time).

    Passes: 市發改委 Q1 and Q2. Fails: two Q1 reports of 市發改委, one by id, one by name.
    """
    from ..reports import newer

    first: dict[tuple[str | None, str | None], ReportOutcome] = {}
    for r in sorted(reports, key=lambda r: r.path):
        key = (r.unit, r.quarter)
        if key in first:
            yield Finding(("unit",), f"{index.unit_name(r.unit)} 的 {r.quarter} 報告已在 {first[key].path}；"
                                     f"同一單位每季只能有一份。{newer(first[key], r)}，另一份請移出報告文件夾", doc=r.doc)
        else:
            first[key] = r


def decreasing(reports: Sequence[ReportOutcome], facts: ReportSet, index: PlanIndex) -> Findings:
    """A cumulative figure is not lower than the same unit's figure the quarter before.

    Passes: 2 in Q1, then 3 in Q2. Warns: 19 in Q2, then 1 in Q3.
    """
    by_path = {r.path: r for r in reports}
    before = {q: p for p, q in pairwise(QUARTERS)}
    observations, targets = facts.observations, index.targets
    for (q, tid, uid), o in observations.items():  # tens of thousands: the cheap tests first
        prev = observations.get((before.get(q), tid, uid))
        if prev is None or o.value is None or prev.value is None or not o.value < prev.value \
                or targets[tid].target.kind != "cumulative":
            continue
        yield Finding(o.loc + ("value",), f"{tid} 是累計數，{q} 的 {format_number(o.value)} 低於 "
                                          f"{before[q]} 的 {format_number(prev.value)}", doc=by_path[o.path].doc)
