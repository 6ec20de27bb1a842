"""A blank, ready-to-fill progress report for one unit and quarter."""

from __future__ import annotations

from ..index import PlanIndex
from ..quantity import format_number
from ..status import evaluate_stage
from ..terms import DEFAULT_SCHEDULE, STAGE_LABELS
from .words import goal as goal_words


def _expected(ref, uid: str, quarter: str) -> str:
    t = ref.target
    if t.kind == "milestone":
        stage, _ = evaluate_stage(t.due, None, quarter, t.open_ended)
        if t.open_ended:
            return f"應達階段：{STAGE_LABELS[stage]}（{stage}；持續推進的工作，沒有完成時限）"
        return f"應達階段：{STAGE_LABELS[stage]}（{stage}）"
    goal = t.breakdown[uid] if t.breakdown and uid in t.breakdown else t.target
    tol = t.tolerance or 0 if not t.breakdown else 0
    effective = goal + tol if t.compare == "at_most" else goal - tol
    if t.kind == "cumulative":
        share = (t.schedule or DEFAULT_SCHEDULE)[quarter]
        return f"序時進度：{format_number(effective * share)}{t.unit or ''}（年度累計）"
    return f"序時進度：{format_number(effective)}{t.unit or ''}"


def blank_report(index: PlanIndex, uid: str, quarter: str) -> str:
    """The YAML form: every line to fill is already there, so filling in is all it takes
    (nothing to uncomment, no structure to edit). Sent back unchanged it is a blank form."""
    plan = index.plan
    unit = index.units[uid]
    year = plan.year
    due = getattr(plan.reporting, quarter)
    duties = index.duties(uid)
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
    own = duties["lead"] + duties["breakdown"]
    must = [r for r in own if uid in r.reporters]
    entries = []
    for ref in must:
        t = ref.target
        if t.kind == "milestone":
            what = "填 stage"
            goal = goal_words(t)
        else:
            share = t.breakdown.get(uid) if t.breakdown else None
            goal = f"年度目標 {goal_words(t)}" + (f"，本單位分解 {format_number(share)}{t.unit or ''}" if share is not None else "")
            what = f"填 value（{t.unit or '數字'}，年初至今）"
        entries += [f"  # {t.id} {t.name}｜{goal}｜{_expected(ref, uid, quarter)}｜{what}",
                    f'  - target: "{t.id}"',
                    "    stage:" if t.kind == "milestone" else "    value:",
                    "    note:",
                    "    reason:",
                    "      kind:",
                    "      text:"]
    co = duties["co"] + [r for r in own if r not in must]
    if co:
        entries.append("  # ---- 以下為本單位協辦的目標：只填說明（note），不填數值；沒有要說明的留空即可 ----")
        for ref in co:
            entries += [f"  # {ref.id} {ref.target.name}（牽頭：{index.unit_name(ref.lead)}）",
                        f'  - target: "{ref.id}"', "    note:"]
    if entries:
        lines.append("entries:")
        lines += entries
    else:
        lines.append("entries: []  # 本單位沒有需要填報的目標")
    return "\n".join(lines) + "\n"
