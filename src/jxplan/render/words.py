"""Chinese sentences and labels shared by the terminal, Markdown and HTML renderers."""

from __future__ import annotations

from decimal import Decimal

from ..quantity import format_number
from ..status import StatusResult, TargetStatus
from ..terms import GOOD, LABELS, LAGGING, QUARTER_PERIOD, QUARTER_ZH, STAGE_LABELS, YEAR_END

__all__ = ["QUARTER_PERIOD", "QUARTER_ZH"]  # the renderers' words come from terms
SECTION_NUM = "一二三四五六七八九十"
COMPARE_ZH = {"at_least": "", "above": "超過", "at_most": "控制在"}


def section_label(n: int | None) -> str:
    return "主要預期目標" if n is None else f"{SECTION_NUM[n - 1]}、" if 1 <= n <= 10 else f"{n}、"


def pct(part: int, whole: int) -> str:
    return f"{Decimal(part * 100) / Decimal(whole):.1f}%" if whole else "0.0%"


def goal(t) -> str:
    """'10%', '2—3萬戶', '超6000萬噸', '≤4%左右': of a plan target or a TargetStatus (same fields)."""
    if t.kind == "milestone":
        return "里程碑"
    unit = t.unit or ""
    n = format_number(t.target)
    if t.stretch is not None:
        n = f"{n}—{format_number(t.stretch)}"
    prefix = {"above": "超", "at_most": "≤"}.get(t.compare, "")
    text = f"{prefix}{n}{unit}"
    if t.tolerance:
        text += "左右"
    return text


def figure(v, t: TargetStatus, unit: bool = True) -> str:
    """A figure to two decimals at most, with the target's unit unless a column header carries it."""
    if v is None:
        return "—"
    d = Decimal(v)
    rounded = d.quantize(Decimal("0.01")) if d != d.quantize(Decimal("0.01")) else d
    return f"{format_number(rounded)}{(t.unit or '') if unit else ''}"


def expected(t: TargetStatus, unit: bool = True) -> str:
    if t.kind == "milestone":
        return STAGE_LABELS[t.expected_stage] if t.expected_stage else "—"
    return figure(t.expected, t, unit)


def actual(t: TargetStatus, unit: bool = True) -> str:
    if t.kind == "milestone":
        return STAGE_LABELS[t.stage] if t.stage else "—"
    return figure(t.actual, t, unit)


def progress(t: TargetStatus) -> int | None:
    """Progress against the quarter's expectation, in whole percent (None when not known)."""
    if t.ratio is None:
        if t.kind == "milestone" and t.stage:
            return {"not_started": 0, "in_progress": 50, "done": 100}[t.stage]
        return None
    return int((Decimal(t.ratio) * 100).to_integral_value())


def overview(result: StatusResult) -> dict:
    """Counts as bulletins state them: headline targets, quantified tasks, milestones."""
    def count(items):
        items = list(items)
        ok = sum(t.status in GOOD for t in items)
        by = {s: sum(t.status == s for t in items) for s in LABELS}
        return {"total": len(items), "ok": ok, "ok_pct": pct(ok, len(items)),
                "lagging": sum(t.status in LAGGING for t in items),
                "lagging_pct": pct(sum(t.status in LAGGING for t in items), len(items)),
                "by": by, "by_pct": {s: pct(n, len(items)) for s, n in by.items()}}
    ts = result.targets
    return {
        "all": count(ts),
        "headline": count(t for t in ts if t.headline),
        "quantified": count(t for t in ts if not t.headline and t.quantified),
        "milestones": count(t for t in ts if not t.headline and not t.quantified),
        "numeric": count(t for t in ts if t.quantified),
    }


def summary_sentence(result: StatusResult) -> str:
    o = overview(result)["numeric"]
    m = overview(result)["milestones"]
    if result.quarter == YEAR_END:
        s = (f"{o['total']}項量化指標中{o['ok']}項完成年度目標，佔{o['ok_pct']}；未完成{o['lagging']}項，佔{o['lagging_pct']}"
             f"{'；未報送' + str(o['by']['not_reported']) + '項' if o['by']['not_reported'] else ''}。"
             f"{m['total']}項工作任務（里程碑）中{m['ok']}項完成，佔{m['ok_pct']}。")
    else:
        s = (f"{o['total']}項量化指標中{o['ok']}項達到序時進度（其中已提前完成{o['by']['achieved']}項），佔{o['ok_pct']}；"
             f"滯後{o['lagging']}項，佔{o['lagging_pct']}"
             f"{'；未報送' + str(o['by']['not_reported']) + '項' if o['by']['not_reported'] else ''}。"
             f"{m['total']}項工作任務（里程碑）中{m['ok']}項達到序時進度，佔{m['ok_pct']}。")
    return s
