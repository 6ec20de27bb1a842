"""A blank, ready-to-fill progress report for one unit and quarter.

``form_rows`` gives the rows every form shows (which targets, the annual goal and this
quarter's expected figure); the YAML form here and the workbook (``render/workbook.py``)
are two layouts of the same rows, so both show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..check.index import PlanIndex, TargetRef
from ..core.quantity import format_number
from ..judge.status import evaluate_stage, expected_value
from ..core.terms import STAGE_LABELS, share_by
from .words import goal as goal_words, relative_expectation, shown_expected


@dataclass(frozen=True)
class FormRow:
    """One target on a unit's form."""

    ref: TargetRef
    reports: bool  # True: the unit reports its figure or stage; False: a note only
    share: Decimal | None  # the unit's breakdown share, when it has one
    expected: Decimal | None  # this quarter's expected figure in the target's unit (None: milestone)
    expected_stage: str | None  # milestones: the stage expected by this quarter
    lead_name: str
    explains: bool = False  # the lead of a target broken down to others: no figure, but the reason for the total
    relative_name: str | None = None  # the target it is judged against (與經濟增長同步), by name

    @property
    def target(self):
        return self.ref.target

    @property
    def goal(self) -> Decimal | None:
        """The unit's own annual goal: its share of a broken-down target, else the target."""
        return self.share if self.share is not None else self.target.target


def _expected_of(ref, uid: str, quarter: str) -> tuple[Decimal | None, str | None]:
    t = ref.target
    if t.kind == "milestone":
        stage, _ = evaluate_stage(t.due, None, quarter, t.open_ended)
        return None, stage
    goal = t.breakdown[uid] if t.breakdown and uid in t.breakdown else t.target
    share = share_by(t.schedule, quarter)
    return expected_value(t.kind, goal, share, None if t.breakdown else t.base, quarter), None


def form_rows(index: PlanIndex, uid: str, quarter: str) -> list[FormRow]:
    """The targets a unit's form lists: those it reports on, then those it may note on."""
    duties = index.duties(uid)
    own = duties["lead"] + duties["breakdown"]
    must = [r for r in own if uid in r.reporters]
    explains = [r for r in duties["lead"] if r not in must]  # broken down to others: it answers for the total
    co = duties["co"] + [r for r in own if r not in must and r not in explains]
    rows = []
    for ref, reports in [(r, True) for r in must] + [(r, False) for r in explains + co]:
        expected, stage = _expected_of(ref, uid, quarter)
        share = ref.target.breakdown.get(uid) if ref.target.breakdown else None
        other = index.targets.get(ref.target.relative_to) if ref.target.relative_to else None
        rows.append(FormRow(ref, reports, share, expected, stage, "、".join(index.names(ref.lead_named)) or "—", ref in explains,
                            other.target.name if other is not None else None))
    return rows


def _expected(row: FormRow) -> str:
    t = row.target
    stage = row.expected_stage
    if t.kind == "milestone":
        assert stage is not None  # a milestone's row has its stage (_expected_of)
        if t.open_ended:
            return f"應達階段：{STAGE_LABELS[stage]}（{stage}；持續推進的工作，沒有完成時限）"
        return f"應達階段：{STAGE_LABELS[stage]}（{stage}）"
    if t.relative_to is not None:
        return f"序時進度：{relative_expectation(t, row.relative_name)}"
    if row.expected is None:
        return "序時進度：年末考核（年末達到的水平，年中不計滯後）"
    figure = format_number(shown_expected(row.expected, t, row.goal))
    if t.kind == "cumulative":
        return f"序時進度：{figure}{t.unit or ''}（年度累計）"
    return f"序時進度：{figure}{t.unit or ''}"


def blank_report(index: PlanIndex, uid: str, quarter: str) -> str:
    """The YAML form: every line to fill is already there, so filling in is all it takes
    (nothing to uncomment, no structure to edit). Sent back unchanged it is a blank form."""
    plan = index.plan
    unit = index.units[uid]
    year = plan.year
    due = getattr(plan.reporting, quarter)
    lines = [
        f"# {unit.name} {year}年{quarter} 工作進展報告",
        f"# 報送期限：{due}。在冒號後填寫：數值（value）或進度（stage），說明（note），滯後的目標寫明原因（reason）。",
        "# value 用目標的單位，或寫成帶單位的文字如 \"1.2萬畝\"；stage 填 not_started（未啟動）、in_progress（推進中）或 done（已完成）。",
        "# reason 的 kind 填 objective（客觀原因）或 subjective（主觀原因），text 寫原因；沒有滯後就留空。",
        "version: 1",
        f"unit: {uid}",
        f"year: {year}",
        f"quarter: {quarter}",
        "submitted:   # 報送日期，如 " + due.isoformat(),
    ]
    rows = form_rows(index, uid, quarter)
    entries = []
    for row in (r for r in rows if r.reports):
        t = row.target
        if t.kind == "milestone":
            what = "填 stage"
            goal = goal_words(t)
        else:
            share = row.share
            goal = f"年度目標 {goal_words(t)}" + (f"，本單位分解 {format_number(share)}{t.unit or ''}" if share is not None else "")
            what = f"填 value（{t.unit or '數字'}，年初至今）"
        entries += [f"  # {t.id} {t.name}｜{goal}｜{_expected(row)}｜{what}",
                    f'  - target: "{t.id}"',
                    "    stage:" if t.kind == "milestone" else "    value:",
                    "    note:",
                    "    reason:",
                    "      kind:",
                    "      text:"]
    for row in (r for r in rows if r.explains):
        t = row.target
        entries += [f"  # {t.id} {t.name}｜年度目標 {goal_words(t)}｜已分解到各單位，由分解單位填數；"
                    f"本單位是{index.roles.lead}，總數滯後時寫明原因（reason）",
                    f'  - target: "{t.id}"',
                    "    note:",
                    "    reason:",
                    "      kind:",
                    "      text:"]
    co = [r for r in rows if not r.reports and not r.explains]
    if co:
        entries.append(f"  # ---- 以下目標本單位是{index.roles.co}：只填說明（note），不填數值；沒有要說明的留空即可 ----")
        for row in co:
            entries += [f"  # {row.ref.id} {row.target.name}（{index.roles.lead}：{row.lead_name}）",
                        f'  - target: "{row.ref.id}"', "    note:"]
    if entries:
        lines.append("entries:")
        lines += entries
    else:
        lines.append("entries: []  # 本單位沒有需要填報的目標")
    return "\n".join(lines) + "\n"


def report_yaml(outcome, raw_entries: list, plan_year: int, header: str) -> str:
    """The canonical YAML of a checked report (``pipeline.ReportOutcome``): what the office
    keeps in git. Figures are in the target's unit, exactly; where the source wrote a
    figure with its unit (``1.2萬畝``), that writing is kept in a comment. Entries that say
    nothing are left out. ``raw_entries`` are the entries as the source gave them."""
    import json

    def text(s: str) -> str:
        return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar

    lines = [f"# {line}" for line in header.splitlines()] + [
        "version: 1",
        f"unit: {outcome.unit}",
        f"year: {plan_year}",
        f"quarter: {outcome.quarter}",
        f"submitted: {outcome.submitted.isoformat()}",
    ]
    entries = []
    for target, value, stage, note, reason, loc in outcome.entries:
        entries.append(f"  - target: {text(target)}")
        if value is not None:
            written = raw_entries[loc[1]].get("value") if loc[:1] == ("entries",) else None
            said = ""
            if isinstance(written, str) and written.strip() != format_number(value):
                said = "  # 原填：" + " ".join(written.split())
            entries.append(f"    value: {format_number(value)}{said}")
        if stage is not None:
            entries.append(f"    stage: {stage}")
        if note:
            entries.append(f"    note: {text(note)}")
        if reason is not None:
            entries += ["    reason:", f"      kind: {reason[0]}", f"      text: {text(reason[1])}"]
    lines += ["entries:"] + entries if entries else ["entries: []"]
    return "\n".join(lines) + "\n"
