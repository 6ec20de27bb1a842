"""Checks of a plan, after its fields have been validated. Each receives the plan and
its index and yields findings at locations of the plan file."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ...core.quantity import format_number
from ...core.terms import QUARTERS, QUARTER_END, due_quarter, due_year
from .base import Finding

if TYPE_CHECKING:
    from ...read import Loc
    from ..index import PlanIndex
    from ..model import Plan, Section, Target

Findings = Iterator[Finding]


def duplicate_id(plan: Plan, index: PlanIndex) -> Findings:
    """Unit ids, unit names, section ids, point ids and target ids are each unique.

    Passes: two units ``fgw`` and ``tjj``. Fails: a second target with the id ``"2.1"``.
    """
    def dupes(items: Iterable[tuple[Loc, Hashable]], what: str) -> Findings:
        seen: dict[Hashable, Loc] = {}
        for loc, key in items:
            if key in seen:
                yield Finding(loc, f"{what}「{key}」重複（第一次在{{first}}）",
                              refs=(("first", seen[key]),))
            else:
                seen[key] = loc
    named = [(("units", i), u) for i, u in enumerate(plan.units)] + [(("groups", i), g) for i, g in enumerate(plan.groups)]
    yield from dupes(((loc + ("id",), u.id) for loc, u in named), "單位編號")
    yield from dupes(((loc + ("name",), u.name) for loc, u in named), "單位名稱")
    yield from dupes(((("leaders", i, "id"), x.id) for i, x in enumerate(plan.leaders)), "領導編號")
    yield from _names_alike(plan)
    for loc, parts in _parts(plan.sections):  # a part's number is unique among the parts beside it
        yield from dupes(((loc + (i, "id"), s.id) for i, s in enumerate(parts) if s.id is not None), "部分編號")
    yield from dupes(((pr.loc + ("id",), pr.point.id) for pr in index.points), "工作要點編號")
    yield from dupes(((ref.loc + ("id",), ref.id) for ref in index.refs), "目標編號")


def _parts(parts: list[Section], loc: Loc = ("sections",)) -> Iterator[tuple[Loc, list[Section]]]:
    """(location, list of parts) for ``parts`` (the plan's ``sections``) and the parts within
    them, at every depth."""
    yield loc, parts
    for i, s in enumerate(parts):
        yield from _parts(s.sections, loc + (i, "sections"))


def _every_part(plan: Plan) -> Iterator[tuple[Loc, Section]]:
    """(location, part) for every part of the plan, outermost first."""
    for loc, parts in _parts(plan.sections):
        for i, s in enumerate(parts):
            yield loc + (i,), s


def _names_alike(plan: Plan) -> Findings:
    """Names that differ only in spaces, width or script (``丁縣`` and ``丁縣 ``, ``丁縣`` and
    ``丁县``) name one unit to a reader and to the look-up that takes either script: a report
    by that name would go to one of them at random."""
    from ...core.script import fold

    seen: dict[str, tuple[str, Loc, str]] = {}
    for i, u in enumerate(plan.units):
        for field, name in (("name", u.name), ("full_name", u.full_name)):
            if name:  # full_name may be absent
                key = fold(name)
                if key in seen and seen[key][0] != u.id and seen[key][2] != name:
                    yield Finding(("units", i, field), f"單位名稱「{name}」與「{seen[key][2]}」只差空格、全半角或簡繁，"
                                                       "讀者和查找都會把兩者當成一個單位；請改得可以區分（第一次在{first}）",
                                  refs=(("first", seen[key][1]),))
                seen.setdefault(key, (u.id, ("units", i, field), name))


_MARKUP = re.compile(r"[|<>\[\]`*_\\#\r\n]")


def name_chars(plan: Plan, index: PlanIndex) -> Findings:
    """Names and titles are one line of plain text: they stand in tables and headings of
    every document, where ``|``, ``<``, ``[``, ``*``, ``#`` or a line break would reshape
    the page (a unit named ``甲局|乙局`` would split a table row).

    Passes: ``name: 市發改委``. Fails: ``name: "市發改委|市統計局"``.
    """
    named: list[tuple[Loc, str | None]] = [(("title",), plan.title), (("office",), plan.office), (("issuer",), plan.issuer)]
    named += [(("units", i, f), getattr(u, f)) for i, u in enumerate(plan.units) for f in ("name", "full_name")]
    named += [(("groups", i, "name"), g.name) for i, g in enumerate(plan.groups)]
    named += [(("leaders", i, f), getattr(x, f)) for i, x in enumerate(plan.leaders) for f in ("name", "title")]
    named += [(("roles", f), getattr(plan.roles, f)) for f in ("lead", "co", "leader") if plan.roles]
    named += [(loc + ("title",), s.title) for loc, s in _every_part(plan)]
    named += [(pr.loc + ("title",), pr.point.title) for pr in index.points]
    named += [(ref.loc + ("name",), ref.target.name) for ref in index.refs]
    for loc, text in named:
        m = _MARKUP.search(text) if isinstance(text, str) else None
        if m:
            shown = "換行" if m.group().isspace() else f"「{m.group()}」"  # \r or \n, the white space it matches
            yield Finding(loc, f"名稱和標題中不能有{shown}：它會改變通報和附件的版式；請刪去或改用中文標點")


def cumulative_ceiling(plan: Plan, index: PlanIndex) -> Findings:
    """A cumulative target with ``compare: at_most`` (a ceiling on a year-to-date total) is
    "already met", so 已完成, in every quarter before Q4 while its total is under the year's
    cap, however fast it is spent (the contract's rule). The office should know before a
    bulletin calls it done.

    Passes: a cumulative target that must reach its figure. Warns: ``kind: cumulative,
    compare: at_most``.
    """
    for ref in index.refs:
        t = ref.target
        if t.kind == "cumulative" and t.compare == "at_most":
            yield Finding(ref.loc + ("compare",), f"{t.id} 是累計數的上限（at_most）：按規則，年中只要累計數未超過全年上限就算"
                                                  "「已完成」，不看序時進度；若要按進度控制，請改為比率或水平（rate）", key=True)


def unknown_unit(plan: Plan, index: PlanIndex) -> Findings:
    """Every lead and co is a unit or a group of the plan, every breakdown unit and group
    member a unit, each written by its id.

    Passes: ``lead: fgw`` with a unit ``fgw``; ``co: [gjd]`` with a group ``gjd``. Fails:
    ``co: [市統計局]`` (a name, not an id).
    """
    def known(uid: str, loc: Loc, key: bool = False, units_only: bool = False) -> Findings:
        if uid not in index.units and (units_only or uid not in index.groups):
            hint = f"；這裡要寫編號「{index.unit_id(uid)}」" if index.unit_id(uid) else ""
            if units_only and uid in index.groups:
                hint = "；這裡要寫單位，不能寫單位組"
            yield Finding(loc, f"未知單位「{uid}」{hint}", key=key)

    def leads(value: str | list[str] | None, loc: Loc) -> Findings:
        if isinstance(value, str):
            yield from known(value, loc)
        else:
            for i, uid in enumerate(value or ()):
                yield from known(uid, loc + (i,))

    for pr in index.points:
        p = pr.point
        yield from leads(p.lead, pr.loc + ("lead",))
        for ci, c in enumerate(p.co):
            yield from known(c, pr.loc + ("co", ci))
    for ref in index.refs:
        t = ref.target
        yield from leads(t.lead, ref.loc + ("lead",))
        for ci, c in enumerate(t.co or ()):
            yield from known(c, ref.loc + ("co", ci))
        for u in t.breakdown or {}:
            yield from known(u, ref.loc + ("breakdown", u), key=True, units_only=True)
    for gi, g in enumerate(plan.groups):
        for mi, m in enumerate(g.members):
            yield from known(m, ("groups", gi, "members", mi), units_only=True)


def unknown_leader(plan: Plan, index: PlanIndex) -> Findings:
    """Every leader a point or target names is one of the plan's ``leaders``, by id.

    Passes: ``leaders: [wang]`` with a leader ``wang``. Fails: ``leaders: [王某某]`` (a name, not an id).
    """
    by_name = {x.name: x.id for x in plan.leaders}
    for loc, named in [(pr.loc, pr.point.leaders) for pr in index.points] + [(r.loc, r.target.leaders) for r in index.refs]:
        for i, lid in enumerate(named or ()):
            if lid not in index.leaders:
                hint = f"；這裡要寫編號「{by_name[lid]}」" if lid in by_name else "；請先在 leaders 中列出"
                yield Finding(loc + ("leaders", i), f"未知領導「{lid}」{hint}")


def missing_lead(plan: Plan, index: PlanIndex) -> Findings:
    """Every target has a unit to report it: a lead of its own or its point's (a group with
    members counts), or a breakdown. A document may leave a target unassigned (主要預期目標
    with no unit): nobody is then asked for it, and it stays 未報送 in every output.

    Passes: ``{id: H1, …, lead: tjj}``. Warns: ``{id: H9, name: x, kind: rate, target: 5}``.
    """
    for ref in index.refs:
        if not ref.reporters:
            said = "的單位組沒有成員" if ref.lead_named else f"沒有{index.roles.lead}（lead）"
            yield Finding(ref.loc, f"{ref.id} {said}：沒有單位報送它，各期都是未報送；請按責任分解方案補上")


def kind_field(plan: Plan, index: PlanIndex) -> Findings:
    """breakdown only on cumulative targets, schedule on them and on levels with a baseline,
    base only on levels, goal only on milestones, due only on milestones, a number
    on everything but milestones, stretch at or above target; open_ended only on a milestone
    without a due; due_set_by only with a due; a qualifier (以上, 超, 突破, 以內, 左右) only on
    a figure and matching its compare.

    Passes: ``{kind: cumulative, target: 5, schedule: {…}}``. Fails: ``{kind: rate, schedule: {…}}``.
    """
    for ref in index.refs:
        t, loc = ref.target, ref.loc
        if t.kind != "cumulative" and t.breakdown is not None:
            yield Finding(loc + ("breakdown",), f"breakdown 只用於累計型（cumulative）目標，{t.id} 是 {t.kind}", key=True)
        if t.schedule is not None and not (t.kind == "cumulative" or (t.kind == "level" and t.base is not None)):
            yield Finding(loc + ("schedule",), f"schedule 只用於累計型（cumulative）目標和有年初基數（base）的年末水平"
                                               f"（level）目標，{t.id} 是 {t.kind}", key=True)
        if t.base is not None and t.kind != "level":
            yield Finding(loc + ("base",), f"base（年初基數）只用於年末水平（level）目標，{t.id} 是 {t.kind}", key=True)
        if t.goal is not None and t.kind != "milestone" and t.relative_to is None:
            yield Finding(loc + ("goal",), f"goal 寫沒有數字的工作任務的年度目標；{t.id} 的年度目標是它的數字", key=True)
        if t.kind == "milestone":
            for name in ("target", "stretch", "unit", "tolerance"):
                if getattr(t, name) is not None:
                    yield Finding(loc + (name,), f"里程碑（milestone）{t.id} 沒有數字目標，請刪去 {name}", key=True)
        else:
            if t.due is not None:
                yield Finding(loc + ("due",), f"due 只用於里程碑（milestone），{t.id} 是 {t.kind}", key=True)
            if t.relative_to is not None:
                if t.target is not None or t.stretch is not None or t.schedule is not None:
                    yield Finding(loc + ("relative_to",), f"{t.id} 以另一個目標的實際數為目標（relative_to），"
                                                          "不能再寫 target、stretch 或 schedule", key=True)
            elif t.target is None:
                yield Finding(loc, f"目標 {t.id} 缺少年度數字 target（只有里程碑和 relative_to 的目標可以沒有）")
            elif t.stretch is not None and t.stretch < t.target:
                yield Finding(loc + ("stretch",),
                              f"stretch（{format_number(t.stretch)}）應大於等於 target（{format_number(t.target)}）")
            elif t.tolerance and t.compare != "at_most" and t.target > 0 and t.tolerance >= t.target:
                # 左右 is a band around the figure: one as wide as the figure makes zero a pass
                yield Finding(loc + ("tolerance",),
                              f"tolerance（{format_number(t.tolerance)}）應小於 target（{format_number(t.target)}）；"
                              "「左右」的容差是目標的一小部分（本計劃取 5%）")
        yield from _task_fields(t, loc)


QUALIFIER_COMPARE = {"以上": "at_least", "超": "above", "超過": "above", "突破": "above", "以內": "at_most"}


def _task_fields(t: Target, loc: Loc) -> Findings:
    """open_ended only on milestones and without a due quarter (it has no end); due_set_by
    only with a due; a qualifier only on a figure, and the one its compare says (以上
    at_least; 超, 超過, 突破 above; 以內 at_most; 左右 with or without a tolerance: without
    one, the figure itself is judged)."""
    if t.open_ended and t.kind != "milestone":
        yield Finding(loc + ("open_ended",), f"open_ended 只用於里程碑（milestone），{t.id} 是 {t.kind}", key=True)
    if t.open_ended and t.due is not None:
        yield Finding(loc + ("due",), f"{t.id} 是持續推進的任務（open_ended），沒有完成時限；請刪去 due", key=True)
    if t.due_set_by is not None and t.due is None:
        yield Finding(loc + ("due_set_by",), f"{t.id} 寫了 due_set_by 卻沒有 due", key=True)
    if t.qualifier is None:
        return
    if t.kind == "milestone":
        yield Finding(loc + ("qualifier",), f"里程碑 {t.id} 沒有數字，不需要 qualifier", key=True)
    elif t.qualifier in QUALIFIER_COMPARE and QUALIFIER_COMPARE[t.qualifier] != t.compare:
        yield Finding(loc + ("qualifier",), f"{t.id} 的「{t.qualifier}」應配 compare: {QUALIFIER_COMPARE[t.qualifier]}，不是 {t.compare}")


def breakdown_sum(plan: Plan, index: PlanIndex) -> Findings:
    """The shares handed down add up to the annual target.

    Passes: ``target: 8000, breakdown: {nhq: 5000, xzq: 3000}``. Fails: ``breakdown: {nhq: 1, xzq: 1}`` for 5.
    """
    for ref in index.refs:
        t = ref.target
        if t.breakdown and t.target is not None:
            total = sum(t.breakdown.values())
            if total != t.target:
                yield Finding(ref.loc + ("breakdown",),
                              f"{t.id} 的分解數合計 {format_number(total)}，不等於年度目標 {format_number(t.target)}")


def schedule(plan: Plan, index: PlanIndex) -> Findings:
    """A schedule names all four quarters, lies in [0, 1], never decreases and ends at 1.

    Passes: ``{Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}``. Fails: ``{Q1: 0.3, Q2: 0.2, Q3: 0.7, Q4: 1}``.
    """
    for ref in index.refs:
        sched = ref.target.schedule
        if not sched:
            continue
        loc = ref.loc + ("schedule",)
        missing = [q for q in QUARTERS if q not in sched]
        if missing:
            yield Finding(loc, f"schedule 缺少 {', '.join(missing)}；四個季度都要寫")
            continue
        prev = Decimal(0)
        for q in QUARTERS:
            v = sched[q]
            if v < 0 or v > 1:
                yield Finding(loc + (q,), f"{q} 的進度比例 {format_number(v)} 應在 0 到 1 之間")
            elif v < prev:
                yield Finding(loc + (q,), f"{q} 的進度比例 {format_number(v)} 小於上一季度；序時進度不能倒退")
            prev = max(prev, v)
        if sched["Q4"] != 1:
            yield Finding(loc + ("Q4",), "Q4 的進度比例應為 1（年底完成全年目標）")


def dates(plan: Plan, index: PlanIndex) -> Findings:
    """Reporting dates run in order, after the issue date and each after its quarter's end; a
    deadline that writes its year writes the plan's.

    Passes: ``{Q1: 2012-04-05, Q2: 2012-07-05, …}``. Fails: ``Q3: 2012-06-01`` (before Q2's date).
    """
    prev = plan.issued
    for q in QUARTERS:
        d = getattr(plan.reporting, q)
        if prev is not None and d <= prev:
            yield Finding(("reporting", q), f"{q} 的報送日期 {d} 應晚於 {prev}")
        prev = d if prev is None else max(prev, d)
        end = dt.date(plan.year, *QUARTER_END[q])
        if d < end:
            yield Finding(("reporting", q), f"{q} 的報送日期 {d} 早於季度結束日 {end}")
    dues = [(pr.loc + ("due",), pr.point.due) for pr in index.points] + [(r.loc + ("due",), r.target.due) for r in index.refs]
    for loc, due in dues:
        if due is not None and due_year(due) not in (None, plan.year):
            yield Finding(loc, f"完成時限「{due}」不在計劃年度 {plan.year} 年內；跨年的任務請寫本年度應完成的部分")


def thresholds(plan: Plan, index: PlanIndex) -> Findings:
    """0 < serious < 1: the share of the expected value below which a target is seriously behind.

    Passes: ``serious: 0.8``. Fails: ``serious: 1.2``.
    """
    s = plan.thresholds.serious
    if not (0 < s < 1):
        yield Finding(("thresholds", "serious"), f"serious 應在 0 與 1 之間（不含），不是 {format_number(s)}")


def no_target(plan: Plan, index: PlanIndex) -> Findings:
    """Every point (and section 八's paragraph) has at least one target to supervise.

    Passes: a point with a milestone. Fails: ``{id: 3, title: 消費, text: 擴大消費。, lead: fgw}``.
    """
    for loc, s in _every_part(plan):
        if not s.points and not s.sections:
            yield Finding(loc, f"「{s.title}」沒有任何工作要點")
    for pr in index.points:
        if not pr.point.targets:
            yield Finding(pr.loc, f"工作要點 {pr.point.id}「{pr.point.title}」沒有目標；沒有數字的要點請用里程碑（milestone）")


TIME_WORDS = re.compile(r"[一二三四1-4]季度|上半年|下半年|年中|[0-9０-９]{1,2}月|[一二三四五六七八九十]{1,3}月")


def due_unstated(plan: Plan, index: PlanIndex) -> Findings:
    """A milestone due before Q4 has that deadline in its source (一季度, 上半年, 6月…), or
    says the office set it (``due_set_by: office``); otherwise the plan would state a
    deadline the text does not.

    Passes: ``{due: Q2, due_set_by: office}``, or ``due: Q2`` with source 「上半年完成…」.
    Warns: ``due: Q2`` with source 「制定出臺產業轉移指導目錄」.
    """
    from ...core.script import fold

    for ref in index.refs:
        t = ref.target
        if t.kind != "milestone" or t.due is None or due_quarter(t.due) == "Q4" or t.due_set_by is not None:
            continue
        if t.due in QUARTERS:
            if t.source and TIME_WORDS.search(t.source):
                continue
        elif any(text and fold(t.due) in fold(text) for text in (t.source, ref.point.text if ref.point else None)):
            continue  # the text's own words
        yield Finding(ref.loc + ("due",), f"{t.id} 的完成時限 {t.due} 原文沒有寫明；若是督查室確定的，請加 due_set_by: office")


def lead_also_co(plan: Plan, index: PlanIndex) -> Findings:
    """A unit is not both a lead of an item and one of its co-units; it answers for the item
    once, as its lead. (A group among the co-units that holds the lead is fine: the lead is
    left out of it.)

    Passes: ``{lead: fgw, co: [tjj]}``. Warns: ``{lead: fgw, co: [tjj, fgw]}``.
    """
    from ..index import ids

    roles = index.roles
    for pr in index.points:
        p = pr.point
        for uid in ids(p.lead):
            if uid in p.co:
                yield Finding(pr.loc + ("co", p.co.index(uid)),
                              f"{index.unit_name(uid)} 是要點 {p.id} 的{roles.lead}，不必再列為{roles.co}")
    for ref in index.refs:
        t = ref.target
        for uid in ref.lead_named:
            if t.co is not None and uid in t.co:
                yield Finding(ref.loc + ("co", t.co.index(uid)),
                              f"{index.unit_name(uid)} 是 {t.id} 的{roles.lead}，不必再列為{roles.co}")


def relative_to(plan: Plan, index: PlanIndex) -> Findings:
    """A target judged against another's actual (``relative_to``: 與經濟增長同步) names a
    target of the plan with a figure, not itself, not one judged against a third, and says
    in ``goal`` what the text asks; it is a rate (compared as it stands each quarter).

    Passes: ``{id: "2", kind: rate, relative_to: "1", goal: 與經濟增長基本同步}``. Fails:
    ``relative_to: "9"`` when there is no target 9.
    """
    for ref in index.refs:
        t = ref.target
        if t.relative_to is None:
            continue
        loc = ref.loc + ("relative_to",)
        other = index.targets.get(t.relative_to)
        if t.kind != "rate":
            yield Finding(loc, f"relative_to 只用於增速或比率（rate），{t.id} 是 {t.kind}", key=True)
        elif other is None:
            yield Finding(loc, f"relative_to 寫的目標「{t.relative_to}」不在計劃中", key=True)
        elif other is ref or other.target.kind == "milestone" or other.target.relative_to is not None:
            yield Finding(loc, f"{t.id} 要對照的 {other.id} 應是另一個有數字的目標（不是里程碑，也不對照別的目標）", key=True)
        elif t.goal is None:
            yield Finding(ref.loc, f"{t.id} 請用 goal 寫原文的要求，如 與經濟增長基本同步")  # at the target: goal is missing


def not_in_notice(plan: Plan, index: PlanIndex) -> Findings:
    """The notice's sentences a bulletin quotes (``bulletins.duty``, ``division``,
    ``consequences``) are the notice's word for word, when the plan holds it: a bulletin
    must never put words in the government's mouth.

    Passes: ``duty`` copied from a paragraph. Fails: ``duty: 每月報送一次`` when no paragraph says so.
    """
    from ...core.script import fold

    b = plan.bulletins
    if b is None:
        return
    said = fold(_plain("".join(plan.notice.paragraphs))) if plan.notice else None
    for field in ("duty", "division", "consequences"):
        text = getattr(b, field)
        if text is None:
            continue
        if said is None:
            yield Finding(("bulletins", field), "計劃沒有印發通知（notice），通報無從引用這句話；請寫入通知原文，"
                                                "或刪去這一項", key=True)
        elif fold(_plain(text)) not in said:
            yield Finding(("bulletins", field), "這句話不在印發通知的原文中；通報加引號引用它，必須與原文一字不差", key=True)


def _plain(text: str) -> str:
    """Text compared without its punctuation's width or spaces (, and ，)."""
    import unicodedata

    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# Fields that hold a word of the format rather than the plan's own text (以內 is spelt so in
# a plan of either script).
_WORDS_OF_THE_FORMAT = frozenset({"qualifier"})


def _texts(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text of the plan with its location: the records' fields and lists (its mappings,
    ``schedule`` and ``breakdown``, hold numbers)."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _texts(v, loc + (i,))
    elif hasattr(value, "fields"):
        for k, v in value.fields().items():
            if k not in _WORDS_OF_THE_FORMAT:
                yield from _texts(v, loc + (k,))


SCRIPT_ZH = {"traditional": "繁體", "simplified": "簡體"}


def mixed_script(plan: Plan, index: PlanIndex) -> Findings:
    """The plan's text is in one script. Its script is the one most of its characters are
    written in (counting the characters only one script uses, in every text of the plan);
    a text that holds characters of the other script (a scrape's leftovers: 污 for 汙, 并 for
    並) is named, with each such character and what the plan's script writes there.
    Documents convert them, but the plan is the record, and characters both scripts write
    (后 in 落后) cannot be told apart by a program: the plan should be in one script.

    Passes: a plan written in traditional throughout. Warns: ``text: 加強污染整治。`` in a
    traditional plan (污 is simplified; traditional writes 汙).
    """
    from ...core.script import SIMPLIFIED_ONLY, TRADITIONAL_ONLY, convert, counts, detect

    texts = list(_texts(plan))
    trad = simp = 0
    for _, text in texts:
        t, s = counts(text)
        trad, simp = trad + t, simp + s
    # a plan in one script counts none of the other's characters, and no text is named below
    own = "traditional" if trad > simp else "simplified" if simp > trad else detect(plan.title) or "traditional"
    other = frozenset(SIMPLIFIED_ONLY if own == "traditional" else TRADITIONAL_ONLY)
    theirs = SCRIPT_ZH["simplified" if own == "traditional" else "traditional"]
    mine = SCRIPT_ZH[own]
    said = f"本計劃是{mine}字（全文繁體特有字{trad:,}個、簡體特有字{simp:,}個），請統一用{mine}字：文件輸出時會轉換，但計劃是原始記錄"
    for loc, text in texts:
        if not other.isdisjoint(text):
            yield Finding(loc, f"混有{theirs}字{_instead(text, convert(text, own), other)}；{said}")


def _instead(text: str, fixed: str, other: frozenset[str]) -> str:
    """『污』（應為『汙』）、『并』（應為『並』或『併』）: each character of the other script, and
    what the plan's script writes in its place there. Quoted in 『…』, as the file writes
    them: a message put into either script leaves them as they are."""
    said: dict[str, list[str]] = {}  # each character, in order, with what stands for it, in order
    for i, ch in enumerate(text):
        if ch in other:
            xs = said.setdefault(ch, [])
            if len(fixed) == len(text) and fixed[i] != ch and fixed[i] not in xs:
                xs.append(fixed[i])
    return "、".join(f"『{ch}』" + (f"（應為{'或'.join(f'『{x}』' for x in xs)}）" if xs else "")
                    for ch, xs in said.items())
