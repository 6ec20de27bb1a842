"""The plan drafted from a document's structure: targets from every item's tasks, units
from the roles the document names, and a note on every value a person must check."""

from __future__ import annotations

import datetime as dt
import re

from . import figures as F
from ..core.script import convert
from .items import Document, Item, Notice, Plan, PlanSection, Point, Roles, Target, Unit
from .tasks import Found, clean_name, figure_name, split, subjects, task_name
from .text import arabic, bare, cn_number
from .units import Roster, is_group

PLACEHOLDER = Unit("daiding", "待定單位", "department")
HEADLINE_GOAL = re.compile(r"(完成.*|與.*同步|与.*同步|保持.*|不低於.*|不低于.*|高於.*|高于.*|持平.*)$")
RELATIVE = re.compile(r"同步|不低於|不低于|高於|高于|持平")


def build(doc: Document, roster: Roster, year: int | None, script: str | None, damaged: list[tuple[str, str]]) -> Plan:
    """The plan of ``doc``: every headline line and every item's tasks as targets."""
    plan = Plan(year=0, title="", issuer="", issued="", notice=doc.notice, preamble=list(doc.preamble),
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
        for item in section.items:
            ps.points.append(_point(item, ids[id(item)], roster, plan))
        if ps.points:
            plan.sections.append(ps)
        else:
            plan.comments.setdefault("sections", []).append(f"原文「{section.title}」下沒有找到事項")
    _damage(plan, damaged)
    placeholder = Unit(PLACEHOLDER.id, convert(PLACEHOLDER.name, script), PLACEHOLDER.kind)
    placeholder.comment = "起草時的佔位：原文沒有寫明牽頭單位的項目都寫它；請逐項改為真實的單位，再刪去這一行"
    plan.units = roster.units + ([placeholder] if _uses(plan, PLACEHOLDER.id) else [])
    return plan


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
                plan.comments.setdefault("title", []).append(f"原文標題：{title}（計劃名稱不含「{end}」；"
                                                             "擴展格式的 decomposition_title 建成後可寫原題）")
                title = title[: -len(end)]
                break
    plan.title = clean_name(title, 120)
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
    else:
        plan.issued = dt.date(plan.year, 1, 1).isoformat()
        plan.note("issued", "原文沒有印發日期：這是起草時填的 1 月 1 日，文件會把它當作印發日期印出；請改為真實的日期")
    issued = dt.date.fromisoformat(plan.issued)
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
    parts = []
    for g in m.groups():
        g = arabic(g)
        parts.append(int(g) if g.isdigit() else cn_number(g))
    try:
        return dt.date(*parts)
    except (TypeError, ValueError):
        return None


# ---- units ------------------------------------------------------------------------------------

def _roles(roles: Roles, roster: Roster, where: str, holder) -> tuple[str, list[str]]:
    """The lead's id and the co-units' ids for an item, with notes and comments on ``holder``
    for what the format cannot hold yet (leaders, several leads, groups)."""
    words = roles.words
    leads = [n for n in roles.lead if not is_group(n)]
    groups = [n for n in roles.lead + roles.co if is_group(n)]
    cos = [n for n in roles.co if not is_group(n)]
    if roles.leaders:
        holder.comments.append(f"{words.get('leader', '責任領導')}：{'、'.join(roles.leaders)}"
                               "（擴展格式的 leaders 建成後寫入）")
    if groups:
        holder.comments.append(f"原文的單位組：{'、'.join(groups)}（擴展格式的 groups 建成後寫入；現行格式只能列出單位）")
        holder.note("co", f"原文寫「{'、'.join(groups)}」，是一組單位：請列出其中每個單位，或待擴展格式建成後寫作組")
    if roles.only_co and not leads:
        if not cos:
            return PLACEHOLDER.id, []
        leads, cos = cos[:1], cos[1:]
        holder.note("lead", f"原文只有{words.get('co', '責任單位')}，沒有牽頭單位：起草時以第一個為牽頭單位，請核對")
    if not leads:
        if groups and not cos:
            holder.note("lead", "原文的牽頭單位是一組單位：請指定一個牽頭單位")
        else:
            holder.note("lead", "原文沒有寫明牽頭單位：請指定")
        lead_id = PLACEHOLDER.id
    else:
        lead_id = roster.resolve(leads[0]).id
        if len(leads) > 1:
            holder.comments.append(f"原文有 {len(leads)} 個牽頭單位：{'、'.join(leads)}（擴展格式可寫多個 lead；現行格式只有一個）")
            holder.note("lead", f"原文的牽頭單位還有{'、'.join(leads[1:])}：現行格式每項只有一個牽頭單位，請決定由誰報送")
            for other in leads[1:]:
                roster.resolve(other)  # in the list, for the office to choose
    co_ids: list[str] = []
    for name in cos:
        uid = roster.resolve(name).id
        if uid != lead_id and uid not in co_ids:
            co_ids.append(uid)
    return lead_id, co_ids


def _uses(plan: Plan, uid: str) -> bool:
    return any(t.lead == uid for t in plan.headline) or any(
        p.lead == uid or any(t.lead == uid for t in p.targets) for s in plan.sections for p in s.points)


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
        if RELATIVE.search(words):
            t.note("goal", "與另一個指標比較（如與經濟增長同步）：擴展格式的 relative_to 建成前寫作里程碑，年末由督查室判定，請核對")
        elif not goal:
            t.note("goal", "沒有數字，也沒有找到完成的要求：寫作里程碑，請核對它的年度目標")
        out.append(t)
    holder = out[0]
    lead, co = _roles(item.roles, roster, item.at, holder)
    for t in out:
        t.lead, t.co = lead, list(co)
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
    previous_end, previous_names = 0, []
    for f, kind, notes in found.figures:
        listed = previous_names and re.fullmatch(r"[萬億千百]?\s*[、和及與,，]\s*", found.source[previous_end:f.start])
        names = previous_names if listed else subjects(found.source, f) or [figure_name(found.source, f, previous_end)]
        previous_end, previous_names = f.end, names
        for name in names:
            t = Target(base, name, kind, found.source, target=f.value, stretch=f.stretch, unit=f.unit, compare=f.compare,
                       qualifier=f.qualifier if f.qualifier in ("以上", "超", "超過", "突破", "以內") else None)
            for note in f.notes:
                t.note("compare" if "上限" in note else "target", note)
            for note in notes:
                t.note("kind", note)
            if len(found.figures) > 1 and "分別" in F.trad(found.source):
                t.note("name", "原文「分別」列出幾個數：請按原文核對這個數對應的名稱")
            if found.due and found.due.quarter != "Q4":
                t.note("", f"原文時限「{found.due.words}」：現行格式的數字目標沒有時限，請用 schedule（序時進度）表達")
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
    point = Point(pid, "", text, PLACEHOLDER.id, headings=list(item.headings))
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
            objects = f.objects or [None]
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
    point.lead, point.co = _roles(item.roles, roster, item.at, point)
    return point


def _core(text: str) -> str:
    from .tasks import _strip_adverbs

    return _strip_adverbs(text)


def _due(t: Target, f: Found, plan: Plan) -> None:
    """A milestone's deadline from its time words: a quarter before Q4 is written (the text
    states it), Q4 (年內, 年底) is the default and left out. 明年 is the plan's year when the
    notice was issued the year before (said otherwise)."""
    if not f.due:
        return
    if f.due.quarter != "Q4":
        t.due, t.due_words = f.due.quarter, f.due.words
    issued_before = "issued" not in plan.notes and plan.issued[:4] == str(plan.year - 1)
    if f.due.note and not issued_before:
        t.note("due", f.due.note)


def _table_due(point: Point, words: str) -> None:
    """A decomposition's 完成時限 for the whole item: the deadline of its end states that name
    none; said of its figures and duties, which the current format gives no deadline."""
    d = F.deadline(words)
    if d is None:
        if not re.search(r"持續|持续|長期|长期|常態|常态", words):
            point.note("", f"責任分解表的完成時限「{words}」讀不出季度：請核對各項任務的時限")
        return
    if d.quarter == "Q4":
        return
    for t in point.targets:
        if t.kind == "milestone" and not t.open_ended and not t.due:
            t.due, t.due_words = d.quarter, words
        elif not t.due:
            t.note("", f"責任分解表的完成時限是「{words}」：{'持續推進的工作' if t.open_ended else '數字目標'}"
                       "在現行格式中沒有時限，請核對（數字目標可用 schedule 表達序時進度）")


def _damage(plan: Plan, damaged: list[tuple[str, str]]) -> None:
    """Mojibake the reader found, on every text that holds it."""
    for where, words in damaged:
        said = f"原文{where}有亂碼「{words}」（網頁抓取或轉碼的殘留）：請按原件改正"
        hit = False
        for s in plan.sections:
            for p in s.points:
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
