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


# Units that count whole things: 7.5家 expected by a quarter is said as 8家 (四捨五入, half up,
# as an office rounds), while the rules keep the exact figure.
COUNT_UNITS = frozenset("家個座條所項場人戶台臺輛艘處套名位次張棟幢宗件")


def whole(t) -> bool:
    return bool(t.unit) and t.unit in COUNT_UNITS


def shown_expected(value: Decimal | None, t) -> Decimal | None:
    """An expected figure as documents show it: whole for counts of whole things."""
    if value is not None and whole(t):
        return Decimal(value).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    return value


def expected(t: TargetStatus, unit: bool = True) -> str:
    if t.kind == "milestone":
        return STAGE_LABELS[t.expected_stage] if t.expected_stage else "—"
    return figure(shown_expected(t.expected, t), t, unit)


_SHOULD = {"not_started": "尚不要求啟動", "in_progress": "應已啟動", "done": "應已完成"}
_IS = {"not_started": "實際尚未啟動", "in_progress": "實際仍在推進", "done": "實際已完成", None: "未報送進度"}


def milestone_sentence(t: TargetStatus, due_label: str | None = None) -> str:
    """A milestone's state as a bulletin says it: 應已啟動，實際尚未啟動，滯後 (not 應推進中，實際未啟動);
    an open-ended task's: 持續推進的工作，目前尚未啟動."""
    if t.open_ended:
        return "持續推進的工作，" + {"behind": "目前尚未啟動", "not_achieved": "全年未啟動"}.get(t.status, t.label)
    said = f"{_SHOULD.get(t.expected_stage, '—')}，{_IS[t.stage]}，{t.label}"
    return f"完成時限{due_label}，{said}" if due_label else said


def actual(t: TargetStatus, unit: bool = True) -> str:
    if t.kind == "milestone":
        return STAGE_LABELS[t.stage] if t.stage else "—"
    return figure(t.actual, t, unit)


def progress(t: TargetStatus) -> int | None:
    """A figure's actual against the quarter's expectation, in whole percent, as the annex's
    legend defines 進度; None when not known, and for a milestone, whose stages (推進中 against
    推進中) are no ratio: a milestone on time was shown as 50%."""
    if t.ratio is None:
        return None
    return int((Decimal(t.ratio) * 100).to_integral_value())


def overview(result: StatusResult) -> dict:
    """Counts as bulletins state them. ``numeric``, ``milestones`` (with an end-state) and
    ``ongoing`` (open-ended) divide all targets, headline ones included, so each is counted
    once; ``headline`` and ``quantified`` (numeric, not headline) are views of the same."""
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
        "numeric": count(t for t in ts if t.quantified),
        "milestones": count(t for t in ts if not t.quantified and not t.open_ended),
        "ongoing": count(t for t in ts if not t.quantified and t.open_ended),
    }


def _unreported(c: dict) -> str:
    return f"；未報送{c['by']['not_reported']}項" if c["by"]["not_reported"] else ""


def _lagging(c: dict, word: str, pct: bool = True) -> str:
    """'；滯後9項，佔18.4%', or nothing when none lags."""
    if not c["lagging"]:
        return ""
    return f"；{word}{c['lagging']}項" + (f"，佔{c['lagging_pct']}" if pct else "")


def _ahead(c: dict, word: str) -> str:
    return f"（其中{word}{c['by']['achieved']}項）" if c["by"]["achieved"] else ""


def summary_sentence(result: StatusResult) -> str:
    """The counts as a bulletin states them: every target once, in one of three groups; a
    group with no target is not mentioned."""
    o = overview(result)
    n, m, g = o["numeric"], o["milestones"], o["ongoing"]
    parts = []
    if result.quarter == YEAR_END:
        if n["total"]:
            parts.append(f"{n['total']}項量化指標中{n['ok']}項完成年度目標，佔{n['ok_pct']}"
                         f"{_lagging(n, '未完成')}{_unreported(n)}。")
        if m["total"]:
            parts.append(f"{m['total']}項有完成要求的工作任務中{m['ok']}項完成，佔{m['ok_pct']}"
                         f"{_lagging(m, '未完成', False)}{_unreported(m)}。")
        if g["total"]:
            parts.append(f"{g['total']}項持續推進的工作任務中{g['ok']}項全年持續推進，佔{g['ok_pct']}"
                         f"{_lagging(g, '全年未啟動', False)}{_unreported(g)}。")
    else:
        if n["total"]:
            parts.append(f"{n['total']}項量化指標中{n['ok']}項達到序時進度{_ahead(n, '已提前完成')}，佔{n['ok_pct']}"
                         f"{_lagging(n, '滯後')}{_unreported(n)}。")
        if m["total"]:
            parts.append(f"{m['total']}項有完成要求的工作任務中{m['ok']}項達到序時進度{_ahead(m, '已完成')}，"
                         f"佔{m['ok_pct']}{_lagging(m, '滯後', False)}{_unreported(m)}。")
        if g["total"]:
            parts.append(f"{g['total']}項持續推進的工作任務中{g['ok']}項正在推進，佔{g['ok_pct']}"
                         f"{_lagging(g, '未啟動', False)}{_unreported(g)}。")
    return "".join(parts) or "沒有符合條件的目標。"


def unit_list(names: list[str]) -> str:
    """'市統計局', or '市統計局、市農經局等2個單位': the names in full, then how many."""
    return names[0] if len(names) == 1 else f"{'、'.join(names)}等{len(names)}個單位"


COMMENDED_GROUPS = {  # what each group of commended units did, in the order a bulletin names them
    "ahead": ("提前完成了部分年度目標", "提前完成了部分年度目標"),
    "on_pace": ("承擔的量化指標和有完成要求的工作任務全部達到序時進度", None),
    "done": (None, "承擔的量化指標和有完成要求的工作任務全部完成"),
    "ongoing": ("承擔的持續推進的工作任務均在推進", "承擔的持續推進的工作任務全年按計劃推進"),
}


def commended_sentence(groups: list[dict], year_end: bool) -> str:
    """The commended units in one paragraph, as bulletins name them: how many and by what rule,
    then each group by name (those ahead of time first); empty when no unit is commended."""
    n = sum(len(g["units"]) for g in groups)
    if not n:
        return ""
    rule = "完成或按計劃持續推進" if year_end else "達到序時進度"
    clauses = [unit_list(g["units"]) + COMMENDED_GROUPS[g["kind"]][1 if year_end else 0] for g in groups]
    return (f"按時報送、承擔的目標任務全部{rule}的單位共{n}個，予以通報表彰。"
            + ("其中，" if len(groups) > 1 else "") + "；".join(clauses) + "。")
