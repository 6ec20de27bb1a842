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


PREFIX_WORDS = ("超", "超過", "突破")


def qualifier(t) -> str | None:
    """The word the source puts with the figure: the target's own, else 左右 for a tolerance, 以內 for at_most."""
    if t.qualifier:
        return t.qualifier
    if t.tolerance:
        return "左右"
    if t.compare == "at_most":
        return "以內"
    if t.compare == "above":
        return "超"
    return None


def goal(t) -> str:
    """The annual figure as the text says it — '11%以上', '2至3萬戶', '突破2000億元', '4%左右' — of a
    plan target or a TargetStatus (same fields); '持續推進' or '里程碑' for a milestone."""
    if t.kind == "milestone":
        return "持續推進" if t.open_ended else "里程碑"
    n = format_number(t.target)
    if t.stretch is not None:
        n = f"{n}至{format_number(t.stretch)}"
    word = qualifier(t) or ""
    if word in PREFIX_WORDS:
        return f"{word}{n}{t.unit or ''}"
    return f"{n}{t.unit or ''}{word}"


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
    """Counts as bulletins state them: headline targets, quantified tasks, milestones with an
    end-state, and open-ended tasks (``ongoing``)."""
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
        "milestones": count(t for t in ts if not t.headline and not t.quantified and not t.open_ended),
        "ongoing": count(t for t in ts if not t.headline and not t.quantified and t.open_ended),
        "numeric": count(t for t in ts if t.quantified),
    }


def _unreported(c: dict) -> str:
    return f"；未報送{c['by']['not_reported']}項" if c["by"]["not_reported"] else ""


def summary_sentence(result: StatusResult) -> str:
    o = overview(result)
    n, m, g = o["numeric"], o["milestones"], o["ongoing"]
    if result.quarter == YEAR_END:
        s = (f"{n['total']}項量化指標中{n['ok']}項完成年度目標，佔{n['ok_pct']}；未完成{n['lagging']}項，佔{n['lagging_pct']}{_unreported(n)}。"
             f"{m['total']}項有完成要求的工作任務中{m['ok']}項完成，佔{m['ok_pct']}；未完成{m['lagging']}項{_unreported(m)}。")
        if g["total"]:
            s += (f"{g['total']}項持續推進的工作任務中{g['ok']}項全年持續推進，佔{g['ok_pct']}；"
                  f"全年未啟動{g['lagging']}項{_unreported(g)}。")
    else:
        s = (f"{n['total']}項量化指標中{n['ok']}項達到序時進度（其中已提前完成{n['by']['achieved']}項），佔{n['ok_pct']}；"
             f"滯後{n['lagging']}項，佔{n['lagging_pct']}{_unreported(n)}。"
             f"{m['total']}項有完成要求的工作任務中{m['ok']}項達到序時進度（其中已完成{m['by']['achieved']}項），佔{m['ok_pct']}；"
             f"滯後{m['lagging']}項{_unreported(m)}。")
        if g["total"]:
            s += f"{g['total']}項持續推進的工作任務中{g['ok']}項正在推進，佔{g['ok_pct']}；未啟動{g['lagging']}項{_unreported(g)}。"
    return s
