"""A decomposition table (責任分解方案) as rows: each row's number (序號), its task's words,
its leaders, lead units, co-units and deadline, found by the columns' headings in either
script and their common variants; a category column (分類) or a row that spans the table
(一、…) heads the rows below it. Merged cells are read as Excel and Word show them: the
first cell's value for every row the merge spans (the readers fill them in)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .items import Item, Para, Roles
from .structure import HEADLINE_WORDS, role_of
from .text import arabic, bare, fold, numbered
from .units import split_names

HEADINGS = {
    "number": ("序號", "序号", "編號", "编号", "序", "序列"),
    "task": ("主要工作任務", "主要工作任务", "工作任務", "工作任务", "目標任務", "目标任务", "重點任務", "重点任务", "重點工作", "重点工作",
             "事項", "事项", "任務", "任务", "工作內容", "工作内容", "具體任務", "具体任务", "主要任務", "主要任务", "任務內容",
             "任务内容", "工作事項", "工作事项", "重點工作任務", "重点工作任务", "目標任務內容", "主要目標任務", "主要目标任务"),
    "category": ("分類", "分类", "類別", "类别", "領域", "领域", "板塊", "板块", "項目類別", "项目类别"),
}
_HEAD_KEYS = {fold(w): k for k, ws in HEADINGS.items() for w in ws}


@dataclass
class Table:
    """A table's cells as shown: ``cells[r][c]`` the text of row r, column c (merges filled)."""

    name: str  # 表1, or a sheet's name
    cells: list[list[str]]
    where: list[list[str]]  # each cell's place as a person names it (Sheet1!C4, 表1第3行第2列)
    spans: set = field(default_factory=set)  # (r, c) of cells filled from a merge above or beside them


def _column(text: str) -> str | None:
    t = fold(re.sub(r"[\s（(].*?[)）]|\s", "", text))
    if t in _HEAD_KEYS:
        return _HEAD_KEYS[t]
    role = role_of(text.strip())
    if role:
        return role
    for key, words in HEADINGS.items():
        if key != "number" and any(fold(w) in t for w in words) and len(t) <= 10:
            return key
    return None


def _keys(row: list[str]) -> dict[int, str]:
    return {c: k for c, text in enumerate(row) if text and len(text) <= 16 and (k := _column(text))}


def header(table: Table) -> tuple[int, dict[str, list[int]]] | None:
    """The last header row (within the first ten) and the columns of each role, when the
    table has a task column and at least one unit column. A heading merged over two columns
    with the roles under it (責任單位 over 牽頭單位 | 配合單位) takes the second row's words."""
    for r, row in enumerate(table.cells[:10]):
        keys = _keys(row)
        if "task" not in keys.values() or not {"lead", "co", "leader"} & set(keys.values()):
            continue
        last = r
        if r + 1 < len(table.cells):
            below = _keys(table.cells[r + 1])
            if below and set(below.values()) & {"lead", "co", "leader"} and len(below) >= 2:
                keys.update(below)
                last = r + 1
        cols: dict[str, list[int]] = {}
        for c, key in sorted(keys.items()):
            cols.setdefault(key, []).append(c)
        return last, cols
    return None


@dataclass
class Row:
    number: str | None
    category: str | None
    text: str
    roles: Roles
    at: str
    heading: str | None = None  # a row spanning the table: a section's or a group's heading


def rows(table: Table) -> tuple[list[Row], dict[str, str]] | None:
    """The table's rows in order, and the document's own word for each role (its headings)."""
    found = header(table)
    if found is None:
        return None
    r0, cols = found
    words = {role: table.cells[r0][cs[0]] for role, cs in cols.items() if role in ("lead", "co", "leader")}
    del cols["task"][1:]  # the first column named for the task holds it
    out: list[Row] = []
    for r in range(r0 + 1, len(table.cells)):
        row = table.cells[r]
        texts = [t for t in row if t]
        if not texts:
            continue
        task_c = cols["task"][0]
        task = row[task_c] if task_c < len(row) else ""
        at = table.where[r][task_c] if task_c < len(table.where[r]) else table.name
        if len(set(texts)) == 1 and len(texts) >= max(2, len(row) - 1):  # one value across the row: a heading
            out.append(Row(None, None, "", Roles(), at, heading=texts[0]))
            continue
        roles = Roles(at=at)
        for role in ("lead", "co", "leader"):
            for c in cols.get(role, []):
                if c < len(row) and row[c]:
                    getattr(roles, "leaders" if role == "leader" else role).extend(split_names(row[c]))
                    roles.words.setdefault(role, table.cells[r0][c])
        for c in cols.get("due", []):
            if c < len(row) and row[c]:
                roles.due = row[c]
        roles.only_co = bool(roles.co and not roles.lead and "lead" not in cols)
        number = None
        for c in cols.get("number", []):
            if c < len(row) and row[c] and (r, c) not in table.spans:
                number = arabic(row[c]).strip().rstrip(".、")
        category = None
        for c in cols.get("category", []):
            if c < len(row) and row[c]:
                category = row[c]
        if not task.strip():
            continue
        out.append(Row(number, category, task.strip(), roles, at))
    return out, {k: v for k, v in words.items()}


@dataclass
class Read:
    """A table read as a document: its title (a line above the header), the headline's rows
    (under a category or heading that names targets: 發展目標, 主要預期目標), and each other
    category or heading with its rows."""

    title: str | None
    headline: list[Item]
    sections: list[tuple[str, list[Item]]]
    words: dict[str, str]


def items(table: Table) -> Read | None:
    """The table as a document's items; None when it has no task column and no unit column."""
    got = rows(table)
    if got is None:
        return None
    found, words = got
    head = header(table)
    assert head is not None  # rows() found it
    top = head[0]
    above = [dict.fromkeys(t for t in row if t) for row in table.cells[:top]]
    titles = [next(iter(cells)) for cells in above if len(cells) == 1 and _title_text(next(iter(cells)))]
    headline: list[Item] = []
    sections: list[tuple[str, list[Item]]] = []
    current: str | None = None
    for row in found:
        if row.heading is not None:
            current = row.heading
            continue
        group = row.category or current
        item = _item(row)
        if group and any(w in fold(group) for w in map(fold, HEADLINE_WORDS)) and not sections:
            headline.append(item)
            continue
        if not sections or sections[-1][0] != (group or ""):
            sections.append((group or "", []))
        sections[-1][1].append(item)
    return Read(titles[-1] if titles else None, headline, sections, words)


def _title_text(text: str) -> bool:
    return len(text) <= 80 and not re.search(r"[。；;]", text)


def _item(row: Row) -> Item:
    text = row.text
    n = numbered(text)
    label = ""
    if n and n[0] in ("item", "subsection"):
        text = n[2]
    number = row.number
    if number is not None and not re.fullmatch(r"[0-9]{1,4}", number):
        parsed = numbered(number + ("、" if not number.endswith(("、", ".")) else ""))
        number = str(parsed[1]) if parsed else number
    if number:
        label = f"{number}."
    from .structure import inline_roles

    body, inline = inline_roles(text, row.at)
    roles = row.roles
    if inline is not None and roles.empty():
        roles = inline
    return Item(number, bare(body) + ("。" if body.rstrip().endswith("。") else ""), row.at, roles=roles, label=label)


def paragraphs(table: Table) -> list[Para]:
    """A table without task and unit columns, as paragraphs: each row's cells joined."""
    out = []
    for r, row in enumerate(table.cells):
        text = " ".join(dict.fromkeys(t for t in row if t))
        if text:
            out.append(Para(text, table.where[r][0] if table.where[r] else table.name))
    return out


# ---- a table beside a text: its rows matched to the text's items ------------------------------------

def _grams(text: str) -> set[str]:
    t = fold(re.sub(r"[\s，,。；;、：:“”\"（）()]", "", text))
    return {t[i:i + 2] for i in range(len(t) - 1)}


def similarity(a: str, b: str) -> float:
    """How much of the shorter text the longer one holds, by pairs of characters (0 to 1)."""
    return _overlap(_grams(a), _grams(b))


def _overlap(ga: set[str], gb: set[str]) -> float:
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))


MAX_PAIRS = 250_000  # texts compared pair by pair at most; past that, rows are matched by number and words only


def attach(text_items: list[Item], table_items: list[Item]) -> list[tuple[Item, str]]:
    """Give each of the text's items the roles of the table's row that is the same task:
    the row with the same number whose words agree, the row with the same words, else the
    row whose words agree best (by pairs of characters, at least 0.6 and clearly better than
    the next). Returns the rows matched to nothing, with why."""
    grams = [_grams(r.text) for r in table_items]
    by_number = {r.number: k for k, r in enumerate(table_items) if r.number}
    by_words = {fold(bare(r.text)): k for k, r in enumerate(table_items)}
    taken: set[int] = set()
    compare = len(text_items) * len(table_items) <= MAX_PAIRS
    for item in text_items:
        words = (item.title or "") + item.text
        mine = _grams(words)
        k = by_number.get(item.number) if item.number else None
        if k is None or k in taken or _overlap(grams[k], mine) < 0.5:
            k = by_words.get(fold(bare(words)), by_words.get(fold(bare(item.text))))
        if (k is None or k in taken) and compare:
            scored = sorted(((_overlap(g, mine), j) for j, g in enumerate(grams) if j not in taken), reverse=True)
            good = scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.15)
            k = scored[0][1] if good else None
        if k is not None and k not in taken:
            _give(item, table_items[k])
            taken.add(k)
    return [(r, f"表格{r.at}的事項「{r.text[:30]}」在通知中找不到對應的一項")
            for k, r in enumerate(table_items) if k not in taken]


def _give(item: Item, row: Item) -> None:
    if not row.roles.empty() or row.roles.due:
        item.roles = row.roles
