"""jxplan draft: a plan to review, from the documents an office holds.

The notice with its 工作要點 (text or Word) and the 責任分解方案 (a Word or Excel table, or
the units written after each item) become a plan in jxplan's format: the notice, the
headline targets, the sections, every clause of every point as a task with its words as
``source``, each figure with its unit, qualifier, kind and deadline, the units matched to the
office's list. What the drafter cannot decide is left for a person, marked ``# 待核：`` with
what to check; nothing is guessed in silence. ``draft`` is the one call the command makes:

    read (read.py) → structure (structure.py, table.py) → tasks and figures (tasks.py,
    figures.py) → units (units.py) → the plan (build.py) → the office's corrections kept
    (update.py) → YAML (write.py)

``compare.py`` measures a draft against a plan encoded by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.problems import Problem
from .items import Document, Para, Plan, Unit

if TYPE_CHECKING:
    from .read import Source
    from .update import Old


@dataclass
class Draft:
    """What ``draft`` made: the plan's YAML (None when a document could not be read), the
    problems of the inputs, and the figures of its report."""

    text: str | None
    problems: list[Problem]
    plan: Plan | None = None
    marks: int = 0
    counts: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def draft(notice: str, table: str | None = None, units: str | None = None, previous: str | None = None,
          script: str | None = None, year: int | None = None) -> Draft:
    """The plan drafted from ``notice`` (and the decomposition ``table``, the office's
    ``units``, the corrected plan ``previous`` whose reviewed values are kept)."""
    from . import build as B, update, write
    from .units import Roster

    got = _inputs(notice, table, units, previous)
    if got.problem:
        return Draft(None, got.problems)
    source = got.source
    assert source is not None  # read, or got.problem said why not
    problems = got.problems
    chosen, converted = _one_script(source, got.table, script)
    doc, unmatched = _document(source, got.table)
    refused = _refused(doc, notice, table)
    if refused is not None:
        return Draft(None, problems + [refused])
    roster = Roster(got.given, update.groups(got.old) if got.old is not None else [],
                    update.leaders(got.old) if got.old is not None else [])
    plan = B.build(doc, roster, year, chosen, source.damaged)
    for _, said in unmatched:
        plan.note("", said)
    kept = update.apply(plan, got.old) if got.old is not None else None
    notes = source.notes + (got.table.notes if got.table else []) + doc.notes
    plan.header = _header(plan, notice, table, previous, notes, converted, kept)
    text, marks = write.write(plan)
    if len(text.encode("utf-8")) > PLAN_MAX_BYTES:
        return Draft(None, problems + [Problem(notice, 1, 1, "draft-too-large", f"起草出的計劃超過計劃文件 {PLAN_MAX_BYTES // 1048576} MB "
                                                                             "的上限：請核對原文是不是一份工作要點")])
    return Draft(text, problems, plan, marks, _counts(plan, roster, kept), notes)


@dataclass
class _Inputs:
    problems: list[Problem]
    problem: bool = False  # one of them could not be read: nothing is drafted
    source: Source | None = None
    table: Source | None = None
    given: list[Unit] = field(default_factory=list)
    old: Old | None = None


def _inputs(notice: str, table: str | None, units: str | None, previous: str | None) -> _Inputs:
    """Every input read, each file's problems said; the first that cannot be read stops."""
    from . import update
    from .read import read

    source, problems = read(notice)
    got = _Inputs(problems, source is None, source)
    if table is not None and not got.problem:
        got.table, more = read(table)
        got.problems += more
        got.problem = got.table is None
    if units is not None and not got.problem:
        got.given, more = load_units(units)
        got.problems += more
        got.problem = any(p.is_error for p in more)
    if previous is not None and not got.problem:
        got.old, more = update.load(previous)
        got.problems += more
        got.problem = got.old is None
        if got.old is not None:
            got.given = update.units(got.old, got.given)
    return got


def _refused(doc: Document, notice: str, table: str | None) -> Problem | None:
    """The line that refuses a document the drafter cannot make a plan of: a table with no
    columns it knows, no items at all, an item past what a plan holds, too many items."""
    from .structure import MAX_ITEM_TEXT

    if table is not None and doc.notes and doc.notes[0].startswith(NO_COLUMNS):
        return Problem(table, 1, 1, "draft-table", doc.notes[0] + EXPECTED_COLUMNS)
    if not doc.headline and not doc.sections:
        return Problem(notice, 1, 1, "draft-empty", NOTHING_FOUND)
    long = next((it for s in doc.sections for it in s.items if len(it.text) > MAX_ITEM_TEXT), None)
    if long is not None:
        return Problem(notice, long.line, 1, "draft-too-long", f"{long.label or '這一段'}連同其後沒有編號的段落超過 "
                       f"{MAX_ITEM_TEXT:,} 字：不像工作要點的一項；請核對原文的編號（如 1000 以上的編號讀不出）")
    items = len(doc.headline) + sum(len(s.items) for s in doc.sections)
    if items > MAX_ITEMS:
        return Problem(notice, 1, 1, "draft-too-many", f"原文有 {items:,} 個編號的事項，超過 {MAX_ITEMS:,} 個的上限："
                       "一年的工作要點或責任分解方案不會這麼多；請核對是不是這份文件")
    return None


def load_units(path: str) -> tuple[list[Unit], list[Problem]]:
    """The office's units: a YAML list of ``{id, name, full_name, kind}`` (or of names), or a
    plan whose ``units`` are taken; read by the project's safe YAML reader."""
    from .. import read as sources
    from .units import kind_of

    raw, problem = sources.read_capped(path, 4 * 1024 * 1024)
    if problem is not None:
        return [], [problem]
    assert raw is not None  # read_capped gives the bytes or the problem
    doc, problems = sources.parse(raw, path)
    if doc is None:
        return [], problems
    data = doc.data
    base: tuple = ()
    if isinstance(data, dict) and "units" in data:
        data, base = data["units"], ("units",)
    if not isinstance(data, list):
        return [], [doc.problem(base, "draft-units", "單位名單應是一個列表：每項寫 {id: fgw, name: 市發改委, kind: department}，"
                                                    "或只寫單位名稱；也可以用一份計劃文件（取其中的 units）")]
    out: list[Unit] = []
    seen: set[str] = set()
    for i, u in enumerate(data):
        loc = base + (i,)
        if isinstance(u, str) and u.strip():
            u = {"name": u.strip()}
        if not isinstance(u, dict) or not isinstance(u.get("name"), str) or not u["name"].strip():
            problems.append(doc.problem(loc, "draft-units", "每個單位要有名稱（name）"))
            continue
        uid = u.get("id")
        if uid is None:
            uid = f"u{len(out) + 1:02d}"
            while uid in seen:
                uid = f"u{int(uid[1:]) + 1:02d}"
        import re

        if not isinstance(uid, str) or not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", uid):
            problems.append(doc.problem(loc + ("id",), "draft-units", f"單位編號「{uid}」應是小寫英文字母開頭的短編號，如 fgw"))
            continue
        if uid in seen:
            problems.append(doc.problem(loc + ("id",), "draft-units", f"單位編號「{uid}」重複"))
            continue
        seen.add(uid)
        kind = u.get("kind") if u.get("kind") in UNIT_KINDS else None
        full = u.get("full_name") if isinstance(u.get("full_name"), str) else None
        judged, doubt = kind_of(u["name"].strip())
        unit = Unit(uid, u["name"].strip(), kind or judged, full, given=True)
        if kind is None and u.get("kind") is not None:
            unit.notes.append(f"名單寫的類別 {u.get('kind')} 不是 {'、'.join(UNIT_KINDS)} 之一：按名稱判斷為 {judged}，請核對")
        elif kind is None and doubt:
            unit.notes.append(doubt)
        out.append(unit)
    return out, problems


UNIT_KINDS = ("department", "county", "town", "subdistrict", "zone", "enterprise", "branch", "other")


# ---- the document ---------------------------------------------------------------------------------

MAX_ITEMS = 2000  # a year's plan has a few hundred items
PLAN_MAX_BYTES = 4 * 1024 * 1024  # the cap on a plan file that every command reads
NO_COLUMNS = "責任分解表中沒有找到欄目"
EXPECTED_COLUMNS = ("：表頭要有工作任務的一欄（主要工作任務、工作任務、目標任務、重點任務、事項）和單位的一欄"
                    "（牽頭單位、責任單位、配合單位、責任領導）；請核對是不是這份文件，或把表頭改成這些名稱")
NOTHING_FOUND = ("在原文中沒有找到編號的事項（一、 1.）、主要預期目標或責任分解表的欄目：請確認這是工作要點或責任分解方案，"
                 "文字是否完整（掃描件須先轉成文字）")

def _one_script(source, table_source, asked: str | None) -> tuple[str | None, list[tuple[str, str]]]:
    """The script the plan is written in (asked, else that of most of the document's words)
    and each conversion made to put the other script's characters into it."""
    from ..core.script import convert, counts, detect

    sources = [s for s in (source, table_source) if s is not None]
    texts = [p.text for s in sources for p in s.paras] + [c for s in sources for t in s.tables for row in t.cells for c in row]
    chosen = asked or detect(texts)
    if chosen is None:
        return None, []
    changed: dict[tuple[str, str], None] = {}
    whole = [0]

    def fix(text: str) -> str:
        t, s = counts(text)
        theirs, mine = (s, t) if chosen == "traditional" else (t, s)
        if not theirs:
            return text
        new = convert(text, chosen)
        if theirs > mine:  # written in the other script: converted whole, counted
            whole[0] += 1
        elif len(new) == len(text):  # a few characters left in the text (a scrape's): each listed
            for a, b in zip(text, new, strict=True):  # the same length: checked above
                if a != b:
                    changed[(a, b)] = None
        return new

    for s in sources:
        for p in s.paras:
            p.text = fix(p.text)
        for t in s.tables:
            t.cells = [[fix(c) for c in row] for row in t.cells]
        s.damaged = [(w, fix(x)) for w, x in s.damaged]
        if whole[0]:
            word = "簡體" if chosen == "simplified" else "繁體"
            s.notes.append(f"{whole[0]} 段（或單元格）原文是另一種字體，已整段轉為{word}字（OpenCC）；請與原文核對")
            whole[0] = 0
    return chosen, list(changed)


def _document(source, table_source) -> tuple[Document, list[tuple[str, str]]]:
    """The document's structure: from its text, its items' units from the decomposition
    table (given, or in the same Word file); from the table alone when the text has no items."""
    from . import structure, table as T

    doc = structure.parse(source.paras) if source.paras else Document(None, None, "", [], [], None, [])
    tables = (table_source.tables if table_source else []) + [t for t in source.tables if source.paras]
    if source.kind == "xlsx" or (not source.paras and source.tables):
        tables = source.tables + (table_source.tables if table_source else [])
    read_tables = [(t, got) for t in tables if (got := T.items(t)) is not None]
    if not read_tables:
        if table_source is not None:
            doc.notes.insert(0, NO_COLUMNS)
        return doc, []
    head: list = []
    secs: list = []
    for _, got in read_tables:
        head.extend(got.headline)
        secs.extend(got.sections)
    text_items = doc.headline + [it for s in doc.sections for it in s.items]
    if not text_items:
        _from_table(doc, head, secs)
        doc.title = doc.title or next((got.title for _, got in read_tables if got.title), None)
        return doc, []
    rows = head + [it for _, items in secs for it in items]
    return doc, [("", said) for _, said in T.attach(text_items, rows)]


def _from_table(doc: Document, head: list, secs: list) -> None:
    """A document that is the table: its rows as the items, its categories as sections."""
    from .items import Section

    doc.headline.extend(head)
    for k, (name, items) in enumerate(secs, 1):
        title = name or "工作任務"
        doc.sections.append(Section(k, title, items[0].at if items else "", list(items)))
    if any(not name for name, _ in secs):
        doc.notes.append("表格沒有分類或標題行：所有事項寫在一個部分裡，部分的標題是起草時取的")


# ---- the report -----------------------------------------------------------------------------------

def _header(plan: Plan, notice: str, table, previous, notes, converted, kept) -> list[str]:
    from pathlib import Path

    from .write import VERBATIM

    names = "、".join(Path(p).name for p in (notice, table) if p)
    lines = [f"{plan.title}：由 jxplan draft 從 {names} 起草，待督查室逐項核對。",
             "起草時不能確定的每一處，都在那一行的末尾標了「待核」和要核對什麼：核對、改正後請刪去這個標記（連同 # 號）。",
             "沒有標記的值是原文寫明的；改過並刪去標記的值，jxplan draft --update 重新起草時會保留（原文那一項未變時）。"]
    for n in notes:
        lines.append(f"讀原文時：{n}")
    if converted:
        lines.append("原文混有另一種字體的字，已按本檔的字體改寫（原文 → 本檔）：")
        lines += [f"{VERBATIM}  {a} → {b}" for a, b in converted]
    if kept is not None:
        lines.append(f"按 {Path(previous).name} 保留了督查室核對過的內容：{kept['points']} 個要點、{kept['targets']} 項任務；"
                     f"原文有變化的重新起草（{kept['new']} 項），上一份有而原文已沒有的 {len(kept['dropped'])} 項未寫入。")
        for d in kept["dropped"][:50]:
            lines.append(f"  已沒有：{d}")
    return lines


def _counts(plan: Plan, roster, kept) -> dict:
    from collections import Counter

    targets = list(plan.targets())
    kinds = Counter("open" if t.open_ended else t.kind for t in targets)
    return {
        "headline": len(plan.headline), "sections": len(plan.sections),
        "points": sum(1 for _ in plan.points()), "targets": len(targets),
        "figures": sum(1 for t in targets if t.kind != "milestone"), "kinds": dict(kinds),
        "units": len([u for u in plan.units if u.id != "daiding"]), "matched": roster.matched,
        "new_units": len([u for u in plan.units if not u.given and u.id != "daiding"]),
        "kept": kept,
    }


__all__ = ["draft", "Draft", "load_units", "Para"]


FIELD_WORDS = {
    "lead": "牽頭單位", "co": "責任單位", "title": "標題", "kind": "目標的類別", "target": "數字（左右、約數）",
    "compare": "上限或下限", "name": "目標的名稱", "goal": "年度目標", "due": "時限", "": "整項任務", "source": "原文的亂碼",
    "text": "原文的亂碼", "issued": "印發日期", "issuer": "發文機關", "reporting": "報送期限", "thresholds": "嚴重滯後的界線",
    "year": "年度", "unit": "計量單位", "relative_to": "對照的目標", "leaders": "責任領導",
    "bulletins.duty": "通報引用的報送要求", "bulletins.consequences": "通報引用的獎懲", "groups": "單位組",
}
KIND_WORDS = (("cumulative", "累計數"), ("rate", "增速或比率"), ("level", "年末水平"))


def report(made: Draft) -> list[str]:
    """What was found and what needs a person, in a few lines for the terminal."""
    from collections import Counter

    c, plan = made.counts, made.plan
    assert plan is not None  # reported only when drafted (text and plan both there)
    kinds = c["kinds"]
    figures = "、".join(f"{w} {kinds[k]}" for k, w in KIND_WORDS if kinds.get(k))
    lines = [f"起草了「{plan.title}」：主要預期目標 {c['headline']} 項，{c['sections']} 個部分、{c['points']} 個工作要點，"
             f"共 {c['targets']} 項任務。",
             f"  有數字的目標 {c['figures']} 項（{figures or '無'}）；有完成要求的工作任務 {kinds.get('milestone', 0)} 項；"
             f"持續推進的工作任務 {kinds.get('open', 0)} 項。"]
    if c["units"]:
        given = c["units"] - c["new_units"]
        lines.append(f"  單位 {c['units']} 個" + (f"：名單中的 {given} 個，名單以外新增 {c['new_units']} 個。" if given else
                                                 "，按原文的名稱起草（編號 u01… 可以改）。"))
    else:
        lines.append("  原文沒有寫明單位：每項的牽頭單位都是「待定單位」，請逐項指定（或用 --decomposition 給出責任分解表）。")
    if c.get("kept"):
        k = c["kept"]
        lines.append(f"  保留了督查室核對過的 {k['targets']} 項任務、{k['points']} 個要點；重新起草 {k['new']} 項；"
                     f"上一份計劃有而原文已沒有的 {len(k['dropped'])} 項未寫入。")
    fields: Counter = Counter()
    for holder in _holders(plan):
        for key, notes in holder.notes.items():
            fields[FIELD_WORDS.get(key, key)] += len(notes)
    units = sum(1 for u in plan.units if u.notes)
    if units:
        fields["單位名單"] += units
    for what, records in (("單位組", plan.groups), ("領導名單", plan.leaders)):
        if sum(1 for r in records if r.notes):
            fields[what] += sum(1 for r in records if r.notes)
    said = "、".join(f"{k} {n}" for k, n in fields.most_common())
    lines.append(f"需要人核對的 {made.marks} 行，都標有「# 待核」" + (f"（{said}）" if said else "") + "；其餘是原文寫明的。")
    for n in made.notes:
        lines.append(f"  讀原文時：{n}")
    return lines


def _holders(plan: Plan):
    yield plan
    yield from plan.headline
    for p in plan.points():
        yield p
        yield from p.targets
