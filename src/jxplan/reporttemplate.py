"""A blank, ready-to-fill progress report for one unit and quarter."""

from __future__ import annotations

from .index import PlanIndex
from .quantity import format_number
from .render.words import goal as goal_words
from .status import DEFAULT_SCHEDULE, STAGE_LABELS, evaluate_stage


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
    plan = index.plan
    unit = index.units[uid]
    year = plan.year
    due = getattr(plan.reporting, quarter)
    duties = index.duties(uid)
    lines = [
        f"# {unit.name} {year}年{quarter} 工作進展報告",
        f"# 報送期限：{due}。填好數值（value）或進度（stage），滯後的目標請寫明原因（reason）。",
        "# value 用目標的單位，或寫成帶單位的文字如 \"1.2萬畝\"；stage 為 not_started / in_progress / done。",
        "# reason.kind：objective（客觀原因）或 subjective（主觀原因）。",
        "version: 1",
        f"unit: {uid}",
        f"year: {year}",
        f"quarter: {quarter}",
        f"submitted: {due}  # 報送日期：請改為實際報送的日期",
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
                    "    stage: " if t.kind == "milestone" else "    value: ",
                    "    note: ",
                    "    # reason: {kind: objective, text: }"]
    co = duties["co"] + [r for r in own if r not in must]
    if co:
        entries.append("  # ---- 以下為本單位協辦的目標，只可填說明（note），不填數值；不需要的可刪去 ----")
        for ref in co:
            entries += [f"  # {ref.id} {ref.target.name}（牽頭：{index.unit_name(ref.lead)}）",
                        f'  # - target: "{ref.id}"', "  #   note: "]
    if must:
        lines.append("entries:")
    else:
        lines.append("entries: []  # 本單位沒有需要填報數值或進度的目標")
    lines += entries
    return "\n".join(lines) + "\n"
