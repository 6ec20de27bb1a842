"""The plan drafted from a document's structure: targets from every item's tasks, units
from the roles the document names, and a note on every value a person must check."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from . import figures as F
from ..core.script import convert
from ..core.terms import due_quarter
from .items import Document, Item, Notice, Plan, PlanSection, Point, Roles, Target, Unit
from .tasks import Found, clean_name, figure_name, split, subjects, task_name
from .text import arabic, bare, cn_number, fold
from .units import Roster, group_kinds, is_group

PLACEHOLDER = Unit("daiding", "待定單位", "department")
HEADLINE_GOAL = re.compile(r"(完成.*|與.*同步|与.*同步|保持.*|不低於.*|不低于.*|高於.*|高于.*|持平.*)$")
RELATIVE = re.compile(r"同步|不低於|不低于|高於|高于|持平")


def build(doc: Document, roster: Roster, year: int | None, script: str | None, damaged: list[tuple[str, str]]) -> Plan:
    """The plan of ``doc``: every headline line and every item's tasks as targets."""
    plan = Plan(year=0, title="", issuer="", issued=None, notice=doc.notice, preamble=list(doc.preamble),
                units=[], headline=[], sections=[], script=script)
    _head(plan, doc, year)
    ids = _point_ids(doc)
    for n, item in enumerate(doc.headline, 1):
        plan.headline.extend(_headline_targets(item, n, roster, plan))
    _letters(plan.headline)
    used: set[int] = set()
    for section in doc.sections:
        sid = section.number if 1 <= section.number <= 99 and section.number not in used else \
            next((n for n in range(1, 100) if n not in used), None)
        if sid is None:  # a hundredth part: the format numbers 1–99; its items go with the last part
            plan.sections[-1].points.extend(_point(item, ids[id(item)], roster, plan) for item in section.items)
            plan.comments.setdefault("sections", []).append(f"原文「{section.title}」是第 100 個以後的部分：其事項寫在最後一個部分裡")
            continue
        used.add(sid)
        ps = PlanSection(sid, clean_name(section.title, 80))
        if sid != section.number:
            plan.comments.setdefault("sections", []).append(
                f"原文「{section.title}」的編號 {section.number} 重複或超出 1–99：起草時寫作第 {sid} 部分，請核對")
        _parts(ps, section.items, ids, roster, plan)
        if any(ps.all_points()):
            plan.sections.append(ps)
        else:
            plan.comments.setdefault("sections", []).append(f"原文「{section.title}」下沒有找到事項")
    _relative(plan)
    roster.members()
    plan.roles = _role_words(doc)
    plan.groups, plan.leaders = roster.groups, roster.leaders
    _bulletins(plan)
    _damage(plan, damaged)
    placeholder = Unit(PLACEHOLDER.id, convert(PLACEHOLDER.name, script), PLACEHOLDER.kind)
    placeholder.comment = "起草時的佔位：原文沒有寫明牽頭單位的項目都寫它；請逐項改為真實的單位，再刪去這一行"
    plan.units = roster.units + ([placeholder] if _uses(plan, PLACEHOLDER.id) else [])
    return plan


def _parts(ps: PlanSection, items: list[Item], ids: dict, roster: Roster, plan: Plan) -> None:
    """A part's items placed under the headings the document writes above them: a （一）
    heading is a part of its own, numbered; an unnumbered heading a part under it, with no id."""
    sub: PlanSection | None = None
    group: PlanSection | None = None
    numbers: set[int] = set()
    for item in items:
        for h in item.headings:
            m = re.match(r"^[（(]([一二三四五六七八九十]{1,3})[)）]\s*(.*)$", h)
            if m:
                n = cn_number(m.group(1))
                sid = n if n and 1 <= n <= 99 and n not in numbers else None
                numbers.add(n or 0)
                sub, group = PlanSection(sid, clean_name(m.group(2) or h, 80)), None
                ps.sections.append(sub)
            else:
                group = PlanSection(None, clean_name(h, 80))
                (sub or ps).sections.append(group)
        (group or sub or ps).points.append(_point(item, ids[id(item)], roster, plan))


# ---- the plan's head ----------------------------------------------------------------------------

TITLE_ENDS = ("任務分解和責任分工方案", "任务分解和责任分工方案", "責任分解方案", "责任分解方案", "分解和責任分工方案",
              "分解和责任分工方案", "責任分工方案", "责任分工方案", "責任分解", "责任分解", "任務分解", "任务分解", "分解方案", "分解")


def _head(plan: Plan, doc: Document, year: int | None) -> None:
    title = doc.title
    annex = doc.notice.annexes[0] if doc.notice and doc.notice.annexes else None
    if not title and annex:
        title = annex
    if not title:
        title = "（待填）"
        plan.note("title", "原文沒有找到計劃的標題：請填寫")
    else:
        for end in TITLE_ENDS:
            if title.endswith(end) and len(title) > len(end) + 4:
                if end not in ("責任分解方案", "责任分解方案"):  # the document's own title, printed as itself
                    plan.decomposition_title = clean_name(title, 120)
                title = title[: -len(end)]
                break
    plan.title = clean_name(title, 120)
    heading = re.sub(r"^[一二三四五六七八九十]+[、.．]\s*", "", bare(doc.headline_title or "")).rstrip("：:。")
    if heading and fold(heading) not in (fold("主要預期目標"),):
        plan.headline_title = clean_name(heading, 80)
    plan.year = year or _year(doc) or dt.date.today().year
    if not year and not _year(doc):
        plan.note("year", "原文沒有寫明年度：按今年起草，請核對")
    n = doc.notice
    issuer = (n.signature if n and n.signature else None) or _issuer_from(n, doc.title)
    if issuer:
        plan.issuer = issuer
        if not (n and n.signature):
            plan.note("issuer", "原文沒有落款：發文機關取自標題，請核對")
    else:
        plan.issuer = "（待填）"
        plan.note("issuer", "原文沒有發文機關（通知的落款）：請填寫")
    when = _date(n.date) if n and n.date else None
    if when:
        plan.issued = when.isoformat()
    else:  # optional: no date is printed anywhere; the office may add the real one
        plan.comments.setdefault("issued", []).append("issued: 原文沒有印發日期，不寫（文件不印日期）；有真實的日期可補上")
    issued = when or dt.date(plan.year, 1, 1)
    reporting = {}
    for q, (month, day) in (("Q1", (4, 5)), ("Q2", (7, 5)), ("Q3", (10, 8)), ("Q4", (1, 5))):
        d = dt.date(plan.year + (q == "Q4"), month, day)
        if d <= issued:
            d = issued + dt.timedelta(days=1)
        reporting[q] = d
    plan.settings["reporting"] = {q: d.isoformat() for q, d in reporting.items()}
    plan.note("reporting", "每季度報告的報送期限是督查室的設定，原文沒有寫明日期；請按本地的規定改")
    plan.settings["thresholds"] = {"serious": "0.8"}
    plan.note("thresholds", "低於序時進度的 80% 為嚴重滯後：督查室的設定，請確認")


def _year(doc: Document) -> int | None:
    for text in (doc.title or "", *(doc.notice.annexes if doc.notice else ()), *doc.preamble[:1]):
        m = re.search(r"(20[0-9]{2}|19[0-9]{2})年", arabic(text))
        if m:
            return int(m.group(1))
    if doc.notice and doc.notice.date:
        d = _date(doc.notice.date)
        if d:
            return d.year + (1 if d.month >= 11 else 0)
    return None


def _issuer_from(n: Notice | None, title: str | None) -> str | None:
    for text in ((n.title if n else None) or "", title or ""):
        m = re.match(r"^(.{2,30}?(?:人民政府辦公室|人民政府办公室|人民政府|政府辦公室|政府办公室))", text)
        if m:
            return m.group(1)
    return None


def _date(text: str) -> dt.date | None:
    """二○一二年二月三日 or 2023年3月28日 as a date."""
    m = re.match(r"^\s*([0-9０-９]{4}|[〇○零一二三四五六七八九]{4})\s*年\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                 r"\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日", text)
    if not m:
        return None
    parts: list[int] = []
    for g in m.groups():
        g = arabic(g)
        n = int(g) if g.isdigit() else cn_number(g)
        if n is None:  # a number not read: no date
            return None
        parts.append(n)
    try:
        return dt.date(*parts)
    except (TypeError, ValueError):
        return None


# ---- units ------------------------------------------------------------------------------------

def _roles(roles: Roles, roster: Roster, where: str, holder) -> tuple[str | list[str], list[str], list[str]]:
    """The lead (one id, or a list: several leads each answering for the whole), the co-units'
    ids and the leaders' ids of an item, as the document names them; a group (各街道) by its
    group's id. A document with one column of units (責任單位 alone) names its leads there."""
    words = roles.words
    lead_names, co_names = (roles.co, []) if roles.only_co and not roles.lead else (roles.lead, roles.co)
    leads: list[str] = []
    for name in lead_names:
        uid = roster.group(name).id if is_group(name) else roster.resolve(name).id
        if uid not in leads:
            leads.append(uid)
        if is_group(name) and not group_kinds(name):
            holder.note("lead", f"原文的牽頭單位「{name}」是一組沒有列出成員的單位：請在 groups 列出成員，或指定牽頭單位")
    if not leads:
        holder.note("lead", "原文沒有寫明牽頭單位：請指定")
        leads = [PLACEHOLDER.id]
    elif roles.only_co and not roles.lead and len(leads) > 1:
        holder.note("lead", f"原文只有「{words.get('co', '責任單位')}」一欄：其中每個單位都寫作牽頭單位，各對全項負責；"
                            "若有主次，請把其餘的移到 co")
    co_ids: list[str] = []
    for name in co_names:
        uid = roster.group(name).id if is_group(name) else roster.resolve(name).id
        if uid not in leads and uid not in co_ids:
            co_ids.append(uid)
    leaders = list(dict.fromkeys(roster.leader(n).id for n in roles.leaders))
    return (leads[0] if len(leads) == 1 else leads), co_ids, leaders


def _ids_of(lead) -> list[str]:
    return lead if isinstance(lead, list) else [lead] if lead else []


def _uses(plan: Plan, uid: str) -> bool:
    return any(uid in _ids_of(t.lead) for t in plan.targets()) or any(uid in _ids_of(p.lead) for p in plan.points())


def _role_words(doc: Document) -> dict[str, str]:
    """The document's words for its columns (牽頭單位, 責任單位, 責任領導), the most used of
    each; a document whose one unit column is 責任單位 has it as its leads' word."""
    from collections import Counter

    items = doc.headline + [it for s in doc.sections for it in s.items]
    said: dict[str, Counter] = {}
    for it in items:
        for role, word in it.roles.words.items():
            if it.roles.only_co and not it.roles.lead and role == "co":
                role = "lead"
            said.setdefault(role, Counter())[re.sub(r"\s", "", word).strip(":：")] += 1
    return {role: said[role].most_common(1)[0][0] for role in ("lead", "co", "leader") if role in said}


# ---- targets ------------------------------------------------------------------------------------

def _headline_targets(item: Item, n: int, roster: Roster, plan: Plan) -> list[Target]:
    """The targets of one headline line: one per figure (per subject for 甲和乙均…), or a
    milestone with the line's own goal."""
    base = f"H{item.number or n}"
    found, _ = split(item.text)
    out: list[Target] = []
    for f in found:
        if f.kind == "figure":
            out.extend(_figure_targets(f, base, len(out)))
    if not out:
        words = bare(item.text)
        goal = HEADLINE_GOAL.search(words)
        t = Target(base, clean_name(words), "milestone", words, goal=clean_name(goal.group(1) if goal else words))
        if RELATIVE.search(words):  # 與經濟增長同步: relative_to, once every headline target is known (_relative)
            t.note("goal", "與另一個指標比較，計劃中沒有找到那個指標（如全市平均水平）：寫作里程碑，年末由督查室判定，請核對")
        elif not goal:
            t.note("goal", "沒有數字，也沒有找到完成的要求：寫作里程碑，請核對它的年度目標")
        out.append(t)
    holder = out[0]
    lead, co, leaders = _roles(item.roles, roster, item.at, holder)
    for t in out:
        t.lead, t.co, t.leaders = lead, list(co), list(leaders)
        if t is not holder:  # every target of the line carries the line's doubts about its units
            for key in ("lead", "co"):
                for note in holder.notes.get(key, []):
                    t.note(key, note)
    return out


def _letters(targets: list[Target]) -> None:
    """H4 with two figures: H4a, H4b (ids stay unique)."""
    by: dict[str, list[Target]] = {}
    for t in targets:
        by.setdefault(t.id, []).append(t)
    for tid, ts in by.items():
        if len(ts) > 1:
            for k, t in enumerate(ts):
                t.id = f"{tid}{chr(ord('a') + k)}"


def _figure_targets(found: Found, base: str, start: int) -> list[Target]:
    out = []
    previous_end = 0
    previous_names: list[str] = []
    for f, kind, notes in found.figures:
        listed = previous_names and re.fullmatch(r"[萬億千百]?\s*[、和及與,，]\s*", found.source[previous_end:f.start])
        names = previous_names if listed else subjects(found.source, f) or [figure_name(found.source, f, previous_end)]
        previous_end, previous_names = f.end, names
        for name in names:
            t = Target(base, name, kind, found.source, target=f.value, stretch=f.stretch, unit=f.unit, compare=f.compare,
                       qualifier=f.qualifier if f.qualifier in ("以上", "超", "超過", "突破", "以內", "左右") else None)
            for note in f.notes:
                t.note("compare" if "上限" in note else "target", note)
            for note in notes:
                t.note("kind", note)
            if len(found.figures) > 1 and "分別" in F.trad(found.source):
                t.note("name", "原文「分別」列出幾個數：請按原文核對這個數對應的名稱")
            if found.due and found.due.quarter != "Q4":
                t.note("", f"原文時限「{found.due.words}」：數字目標沒有完成時限（due 只用於里程碑），請用 schedule（序時進度）表達")
            out.append(t)
    return out


def _point_ids(doc: Document) -> dict[int, int | str]:
    """Each item's point id: its own number when the numbers are unique across the document,
    else section.number; S<section> for a section's unnumbered paragraph."""
    numbered = [it.number for s in doc.sections for it in s.items if it.number]
    unique = len(numbered) == len(set(numbered)) and all(n.isdigit() for n in numbered)
    out: dict[int, int | str] = {}
    for s in doc.sections:
        k = 0
        for it in s.items:
            if it.number and unique:
                out[id(it)] = int(it.number)
            elif it.number:
                out[id(it)] = f"{s.number}.{it.number}"
            else:
                k += 1
                out[id(it)] = f"S{s.number}" + (f"-{k}" if k > 1 else "")
    return out


def _point(item: Item, pid: int | str, roster: Roster, plan: Plan) -> Point:
    text = item.text.strip()
    title = item.title
    point = Point(pid, "", text, PLACEHOLDER.id)
    if not title:
        title = task_name(text) if text else "（待命名）"
        if item.number:
            point.note("title", "原文的事項沒有標題：這是起草時取的，請核對")
    point.title = clean_name(title, 60)
    found, not_tasks = split(text)
    for words in not_tasks:
        point.comments.append(f"引領全段的話，不是任務：{words}")
    targets: list[Target] = []
    for f in found:
        prefix = f"{pid}"
        first = len(targets)
        if f.kind == "figure":
            for t in _figure_targets(f, prefix, 0):
                targets.append(t)
        elif f.kind == "end":
            objects: Sequence[str | None] = f.objects or [None]
            for obj in objects:
                name = clean_name(_core(obj)) if obj else task_name(f.source)
                if f.due and f.due.words in name and len(name) > len(f.due.words) + 2:  # the deadline has a field
                    name = clean_name(_core(name.replace(f.due.words, "", 1)))
                t = Target(prefix, name, "milestone", f.source, goal=name)
                _due(t, f, plan)
                targets.append(t)
        else:
            targets.append(Target(prefix, task_name(f.source), "milestone", f.source, open_ended=True))
        for note in f.notes:
            targets[first].note("", note)
    if not targets:
        targets.append(Target(f"{pid}", point.title, "milestone", bare(text) or point.title, open_ended=True))
        targets[0].note("", "這一項沒有找到任務：按全段一項持續推進的工作起草，請核對")
    for k, t in enumerate(targets, 1):
        t.id = f"{pid}.{k}"
    point.targets = targets
    if item.roles.due:
        _table_due(point, item.roles.due)
    point.lead, point.co, point.leaders = _roles(item.roles, roster, item.at, point)
    return point


def _core(text: str) -> str:
    from .tasks import _strip_adverbs

    return _strip_adverbs(text)


def _due(t: Target, f: Found, plan: Plan) -> None:
    """A milestone's deadline in the text's words (6月底前, 9月30日前, 7月份); the year's end
    (年內, 年底, 全年) is the default and left out unless a month names it. 明年 in a notice
    issued the year before the plan's is the plan's year: its words are written without it."""
    if not f.due:
        return
    words = f.due.words
    issued_before = plan.issued is not None and plan.issued[:4] == str(plan.year - 1)
    if issued_before:
        words = re.sub(r"^(?:明年|次年)", "", words)
    if f.due.quarter == "Q4" and "月" not in words:
        return
    _set_due(t, f.due.quarter, words)
    if f.due.note and not issued_before:
        t.note("due", f.due.note)


def _set_due(t: Target, quarter: str, words: str) -> None:
    """``due`` in the text's words when the format reads them at the same quarter, else the quarter with the words beside it."""
    if due_quarter(words) == quarter:
        t.due = words
    else:
        t.due, t.due_words = quarter, words


def _table_due(point: Point, words: str) -> None:
    """A decomposition's 完成時限 for the whole item, as the point's ``due`` in the table's
    words: it applies to the item's tasks with an end state (figures and standing duties have
    no deadline in the format, said once)."""
    d = F.deadline(words)
    if d is None:
        if not re.search(r"持續|持续|長期|长期|常態|常态", words):
            point.note("", f"責任分解表的完成時限「{words}」讀不出季度：請核對各項任務的時限")
        return
    if d.quarter == "Q4" and "月" not in words:
        return
    words = re.sub(r"\s", "", words)
    if due_quarter(words) == d.quarter:
        point.due = words
    else:
        for t in point.targets:
            if t.kind == "milestone" and not t.open_ended and not t.due:
                _set_due(t, d.quarter, words)
    if any(t.kind != "milestone" or t.open_ended for t in point.targets):
        point.note("due", f"完成時限「{words}」只約束有完成要求的任務：這一項的數字目標、持續推進的工作不按它考核，請核對")


# ---- what the document says of itself ---------------------------------------------------------

SAME_PACE = re.compile(r"[與与](?P<other>[^，,。；]{2,16}?)(?:基本|大體|大体)?(?:同步|相適應|相适应)")
GROWTH = re.compile(r"^(?:經濟|经济)(?:增長|增长|發展|发展)?$|^(?:GDP|gdp)")
GDP = re.compile(r"生產總值|生产总值|GDP|gdp")


def _relative(plan: Plan) -> None:
    """A milestone that keeps pace with another figure (與經濟增長同步) made a rate judged
    against that figure's target (``relative_to``), when the plan has it: 經濟增長 is the
    生產總值's growth, any other words a target named by them. Marked: the choice is the drafter's."""
    rates = [t for t in plan.targets() if t.kind == "rate" and t.target is not None]
    for t in plan.targets():
        m = SAME_PACE.search(t.source) if t.kind == "milestone" and not t.open_ended else None
        if m is None:
            continue
        other_words = fold(m.group("other"))
        pattern = GDP if GROWTH.search(other_words) else re.compile(re.escape(re.sub(r"(增長|增长)$", "", other_words)))
        other = next((o for o in rates if pattern.search(fold(o.name))), None)
        if other is None:
            continue
        t.kind, t.relative_to, t.unit = "rate", other.id, other.unit
        t.goal = clean_name(bare(t.source)[m.start():])
        t.name = clean_name(bare(t.source)[:m.start()]) or t.name
        t.notes.pop("goal", None)
        t.note("relative_to", f"原文「{m.group(0)}」：起草時對照 {other.id}（{other.name}），請核對")


DUTY = re.compile(r"(?:每|一)季度.{0,16}(?:匯報|汇报|報告|报告|報送|报送|通報|通报|督辦|督办)|(?:匯報|汇报|報送|报送).{0,12}季度")
CONSEQUENCES = re.compile(r"通報表彰|通报表彰|通報批評|通报批评|通報曝光|通报曝光|評優|评优|問責|问责|追究")


def _bulletins(plan: Plan) -> None:
    """The sentences of the notice a bulletin quotes, word for word, when a sentence says them:
    the reporting duty (每季度末應書面匯報…) and what follows success and failure (通報表彰,
    取消評優評先資格). The office decides whether to quote them: marked."""
    if plan.notice is None:
        return
    sentences = [x for p in plan.notice.paragraphs for x in re.findall(r"[^。；;！!]+[。；;！!]?", p)]
    found = {}
    for key, pattern in (("duty", DUTY), ("consequences", CONSEQUENCES)):
        said = next((x.strip() for x in sentences if pattern.search(x) and len(x.strip()) <= 200), None)
        if said:
            found[key] = said
            plan.note(f"bulletins.{key}", "起草時從通知中選的句子，通報會加引號引用：請核對是不是這一句")
    if found:
        plan.settings["bulletins"] = found


def _damage(plan: Plan, damaged: list[tuple[str, str]]) -> None:
    """Mojibake the reader found, on every text that holds it."""
    for where, words in damaged:
        said = f"原文{where}有亂碼「{words}」（網頁抓取或轉碼的殘留）：請按原件改正"
        hit = False
        for p in plan.points():
            if words in p.text:
                p.note("text", said)
                hit = True
            for t in p.targets:
                if words in t.source:
                    t.note("source", said)
        for t in plan.headline:
            if words in t.source:
                t.note("source", said)
                hit = True
        if not hit:
            plan.note("", said)


__all__ = ["build", "PLACEHOLDER"]
