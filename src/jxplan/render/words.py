"""Chinese sentences and labels shared by the terminal, Markdown and HTML renderers."""

from __future__ import annotations

from decimal import Decimal

from ..core.quantity import as_printed, counts_whole, format_number
from ..judge.status import StatusResult, TargetStatus
from ..core.terms import GOOD, LABELS, LAGGING, QUARTER_PERIOD, QUARTER_ZH, YEAR_END, due_words

__all__ = ["QUARTER_PERIOD", "QUARTER_ZH"]  # the renderers' words come from terms
SECTION_NUM = "一二三四五六七八九十"
COMPARE_ZH = {"at_least": "", "above": "超過", "at_most": "控制在"}


def section_label(n: int | None, depth: int = 1) -> str:
    """A part's number (一、 （一） 1. （1））; nothing for an unnumbered part."""
    from ..check.index import part_number

    return part_number(n, depth)


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


def goal(t, due: str | None = None) -> str:
    """The annual goal as the text says it — '11%以上', '2至3萬戶', '突破2000億元', '4%左右' — of a
    plan target or a TargetStatus (same fields); for a task without a figure, its goal in the
    plan's own words (``goal``: 年內啟動, 完成省下達的目標), else its deadline's (年內完成, 6月底前完成,
    持續推進; ``due``: the deadline it inherits from its point, when ``t`` is the plan's target)."""
    if t.kind == "milestone":
        if t.goal:
            return t.goal
        return "持續推進" if t.open_ended else f"{due_words(due or t.due)}完成"
    if t.relative_to is not None:  # 與經濟增長同步: the text's words, the figure being another's actual
        return t.goal or "—"
    n = format_number(t.target)
    if t.stretch is not None:
        n = f"{n}至{format_number(t.stretch)}"
    word = qualifier(t) or ""
    if word in PREFIX_WORDS:
        return f"{word}{n}{t.unit or ''}"
    return f"{n}{t.unit or ''}{word}"


def figure(v, t: TargetStatus, unit: bool = True) -> str:
    """A figure as printed (``as_printed``: two decimals at most), with the target's unit
    unless a column header carries it."""
    if v is None:
        return "—"
    return f"{format_number(as_printed(v))}{(t.unit or '') if unit else ''}"


def shown_expected(value: Decimal | None, t, goal: Decimal | None = None) -> Decimal | None:
    """An expected figure as documents show it (and the rules judge it): whole for counts of
    whole things (``goal``: the annual figure it is a share of, the target's by default), two
    decimals at most otherwise."""
    return as_printed(value, counts_whole(t.unit, t.target if goal is None else goal))


# A task's stages in a document's words: what is expected by now, and where it stands.
EXPECTED_STAGE_WORDS: dict[str | None, str] = {"not_started": "—", "in_progress": "應已啟動", "done": "應已完成"}
STAGE_WORDS = {"not_started": "尚未啟動", "in_progress": "正在推進", "done": "已完成"}


def expected(t: TargetStatus, unit: bool = True) -> str:
    if t.kind == "milestone":
        return EXPECTED_STAGE_WORDS.get(t.expected_stage, "—")
    return figure(t.expected, t, unit)


_SHOULD: dict[str | None, str] = {"not_started": "尚不要求啟動", "in_progress": "應已啟動", "done": "應已完成"}
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
        return STAGE_WORDS[t.stage] if t.stage else "—"
    return figure(t.actual, t, unit)


def progress(t) -> int | None:
    """A figure's actual against the quarter's expectation, in whole percent rounded down (so
    100% is shown only on pace), as the annex's legend defines 進度; None when not known, for a
    ceiling (held or exceeded, never a share done), for a target judged against another's
    actual (a share of another figure means nothing) and for a task without a figure."""
    if t.ratio is None or getattr(t, "relative_to", None) is not None:
        return None
    return int((Decimal(t.ratio) * 100).to_integral_value(rounding="ROUND_FLOOR"))


_POINTS = {"%": "個百分點", "‰": "個千分點", "個百分點": "個百分點"}


def relative_words(t) -> str:
    """A target judged against another's actual, as a bulletin states it: 同期地區生產總值增長6.2%，
    實際5.9%，低0.3個百分點 (or 高…, 持平)."""
    said = f"同期{t.relative_name or '比較的指標'}{expected(t)}，實際{actual(t)}"
    if t.expected is None or t.actual is None:
        return said
    gap = as_printed(t.actual) - as_printed(t.expected)
    points = _POINTS.get(t.unit or "", t.unit or "")
    return said + ("，持平" if gap == 0 else f"，{'高' if gap > 0 else '低'}{format_number(abs(gap))}{points}")


def relative_expectation(t, name: str | None) -> str:
    """What a form says a target judged against another's actual must reach: no figure of its
    own, but that one's, in the same quarter."""
    return f"與同期「{name or t.relative_to}」的實際比較（{t.goal or '不低於它'}）"


def excess(t, word: str = "超出") -> str:
    """How far a ceiling's actual stands above its figure, in the words of its unit (超出0.3個百分點;
    ``word``: 超出控制目標 where the sentence names no limit before it)."""
    return f"{word}{format_number(as_printed(t.excess))}{_POINTS.get(t.unit or '', t.unit or '')}"


def pace(t) -> str:
    """The annex's 進度 cell: a share of the 序時進度 (81%), a ceiling held or exceeded, or —."""
    if t.compare == "at_most" and t.excess is not None and t.kind != "milestone":
        if t.status in GOOD:  # at or under the figure, or above it but within its 左右 band
            return "控制在目標範圍內" if t.excess else "控制在目標以內"
        return excess(t)
    p = progress(t)
    return "—" if p is None else f"{p}%"


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


def _tail(c: dict, lagging: str, pct: bool = True) -> str:
    """What a count sentence says after the good: '；滯後9項，佔18.4%；年末考核5項；未報送1項',
    each only when there is one."""
    out = f"；{lagging}{c['lagging']}項" + (f"，佔{c['lagging_pct']}" if pct else "") if c["lagging"] else ""
    if c["by"]["pending"]:
        out += f"；年末考核{c['by']['pending']}項"
    if c["by"]["not_reported"]:
        out += f"；未報送{c['by']['not_reported']}項"
    return out


def _ahead(c: dict, word: str) -> str:
    return f"（其中{word}{c['by']['achieved']}項）" if c["by"]["achieved"] else ""


def _counted(what: str, c: dict, done: str, ahead: str = "") -> str:
    """'49項量化指標中40項達到序時進度，佔81.6%', or, when every one did, '3項…全部達到序時進度'
    (a share of 100.0% is not how an office says it)."""
    if c["ok"] == c["total"]:
        return f"{c['total']}項{what}全部{done}{ahead}"
    return f"{c['total']}項{what}中{c['ok']}項{done}{ahead}，佔{c['ok_pct']}"


def summary_sentence(result: StatusResult) -> str:
    """The counts as a bulletin states them: every target once, in one of three groups, with
    every status it has (未報送 and 年末考核 included); a group with no target is not mentioned."""
    o = overview(result)
    n, m, g = o["numeric"], o["milestones"], o["ongoing"]
    parts = []
    if result.quarter == YEAR_END:
        if n["total"]:
            parts.append(f"{_counted('量化指標', n, '完成年度目標')}{_tail(n, '未完成')}。")
        if m["total"]:
            parts.append(f"{_counted('有完成要求的工作任務', m, '完成')}{_tail(m, '未完成', False)}。")
        if g["total"]:
            parts.append(f"{_counted('持續推進的工作任務', g, '年末在推進')}{_tail(g, '全年未啟動', False)}。")
    else:
        if n["total"]:
            parts.append(f"{_counted('量化指標', n, '達到序時進度', _ahead(n, '已提前完成'))}{_tail(n, '滯後')}。")
        if m["total"]:
            parts.append(f"{_counted('有完成要求的工作任務', m, '達到序時進度', _ahead(m, '已完成'))}{_tail(m, '滯後', False)}。")
        if g["total"]:
            parts.append(f"{_counted('持續推進的工作任務', g, '正在推進')}{_tail(g, '未啟動', False)}。")
    return "".join(parts) or "沒有符合條件的目標。"


def headline_sentence(result: StatusResult, title: str = "主要預期目標") -> str:
    """The headline targets counted as a bulletin states them (every status they have), or
    empty when the plan has none."""
    h = overview(result)["headline"]
    if not h["total"]:
        return ""
    done, lagging = ("完成", "未完成") if result.quarter == YEAR_END else ("達到序時進度", "未達到序時進度")
    if h["ok"] == h["total"]:
        return f"{title}{h['total']}項全部{done}。"
    return f"{title}{h['total']}項中，{h['ok']}項{done}，佔{h['ok_pct']}{_tail(h, lagging, False)}。"


def unit_list(names: list[str]) -> str:
    """'市統計局', or '市統計局、市農經局等2個單位': the names in full, then how many."""
    return names[0] if len(names) == 1 else f"{'、'.join(names)}等{len(names)}個單位"


def praise_sentence(groups: dict[str, list[str]], year_end: bool, pending: bool = False) -> str:
    """The units praised (通報表揚, bulletin-notes.md: the register of a quarterly bulletin), as
    bulletins name them: how many and by what rule, then by name, those that finished targets
    ahead of time first. ``groups``: ``ahead`` and ``on_pace`` (unit names); ``pending``: some of
    them hold a level judged only at the year's end, which the rule then leaves out. Empty when none."""
    ahead, rest = groups.get("ahead", []), groups.get("on_pace", [])
    n = len(ahead) + len(rest)
    if not n:
        return ""
    rule = "全部完成" if year_end else "全部達到序時進度" + ("（年末考核的指標除外）" if pending else "")
    head = f"按時報送、承擔的量化指標和有完成要求的工作任務{rule}的單位共{n}個，予以通報表揚"
    if not ahead:
        return f"{head}：{'、'.join(rest)}。"
    said = f"{head}。其中，{unit_list(ahead)}提前完成了部分年度目標"
    return said + (f"；{unit_list(rest)}{rule}。" if rest else "。")


def ongoing_sentence(names: list[str], year_end: bool) -> str:
    """Units whose duties are all open-ended (or judged at the year's end) and in progress:
    said, not praised."""
    if not names:
        return ""
    return f"{unit_list(names)}按時報送，承擔的持續推進的工作任務{'年末均在推進' if year_end else '均在推進'}。"


def improved_sentence(names: list[str], year_end: bool) -> str:
    """Units named earlier in the year that are on pace now: what changed, never praise for the year."""
    if not names:
        return ""
    now = "年末承擔的任務均已完成或按計劃推進" if year_end else "本期按時報送，承擔的任務均按計劃推進"
    return f"{unit_list(names)}在本年度前期通報中被指出問題，經督促整改，{now}。"
