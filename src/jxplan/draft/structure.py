"""The structure of a notice and its 工作要點 (or a decomposition written as text): the
notice's parts, the plan's title and preamble, the headline targets, the sections and
their numbered items, each item's units when the text names them after it.

The document is read as a sequence of paragraphs. The notice comes first when there is one:
its addressees (a short line ending in a colon), its paragraphs, the list of annexes, the
signature and the date; then, after the annex's mark (附件1), the plan: a title of one or
two short lines, preamble paragraphs (one of them may list the 主要預期目標), and sections
numbered 一、 with items 1. (or a headline section whose items are the targets). A
sub-heading （一）or an unnumbered group heading is kept for the item below it; the current
plan format has one level of sections, so it becomes a comment.
"""

from __future__ import annotations

import re

from .items import Document, Item, Notice, Para, Roles, Section
from .text import arabic, bare, cn_number, numbered, sentences

HEADLINE_WORDS = ("預期目標", "计划目标", "計劃目標", "主要目標", "发展目标", "發展目標", "主要指標", "预期目标", "主要目标",
                  "主要指标", "目標任務", "目标任务")
_HEADLINE_RE = re.compile("|".join(HEADLINE_WORDS))
SIGNATURE_END = ("人民政府", "政府", "辦公室", "办公室", "辦公廳", "办公厅", "委員會", "委员会", "管委會", "管委会", "局", "辦", "办")
DATE = re.compile(r"^\s*(?:[0-9０-９]{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                  r"\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*$")
PUBLIC = re.compile(r"^[（(]此件[^)）]{0,8}[)）]$")
DOC_NUMBER = re.compile(r"[〔\[［(（][0-9０-９]{4}[〕\]］)）]\s*[0-9０-９]{1,4}\s*[號号]")
ANNEX_MARK = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]{0,2}\s*[:：]?\s*$")
ANNEX_LIST = re.compile(r"^附件\s*[:：]\s*(.*)$")
ROLE_WORDS = {
    "leader": ("責任領導", "责任领导", "牽頭領導", "牵头领导", "分管領導", "分管领导", "責任人", "责任人", "聯繫領導", "联系领导",
               "包保領導", "包保领导"),
    "lead": ("牽頭單位", "牵头单位", "牽頭部門", "牵头部门", "主辦單位", "主办单位", "牽頭", "牵头"),
    "co": ("責任單位", "责任单位", "責任部門", "责任部门", "配合單位", "配合单位", "參與單位", "参与单位", "協辦單位", "协办单位",
           "協同單位", "协同单位", "配合部門", "配合部门"),
    "due": ("完成時限", "完成时限", "時間節點", "时间节点", "完成時間", "完成时间", "時限", "时限"),
}
_ROLE_RE = "|".join(sorted((w for ws in ROLE_WORDS.values() for w in ws), key=len, reverse=True))
# the units after an item: (責任領導：…；牽頭單位：…；責任單位：…) or [責任單位：…], at its end
INLINE_ROLES = re.compile(rf"[（(【\[［]\s*((?:{_ROLE_RE})\s*[:：][^（(【\[［]*?)[)）】\]］]\s*[。.]?\s*$")
ROLE_LINE = re.compile(rf"^\s*({_ROLE_RE})\s*[:：]\s*(.*)$")


def role_of(word: str) -> str | None:
    """lead, co, leader or due for a heading or label in either script, else None."""
    w = re.sub(r"\s", "", word).strip(":：")
    for role, words in ROLE_WORDS.items():
        if w in words:
            return role
    return None


def parse_roles(text: str, at: str) -> Roles:
    """「牽頭單位：甲；責任單位：乙、丙」 as roles, each with the document's word for it."""
    from .units import split_names

    roles = Roles(at=at)
    for part in re.split(r"[;；]\s*(?=(?:" + _ROLE_RE + r")\s*[:：])", text):
        m = re.match(rf"\s*({_ROLE_RE})\s*[:：]\s*(.*)$", part, re.S)
        if not m:
            continue
        role = role_of(m.group(1))
        assert role is not None  # the pattern is made of the role words
        value = m.group(2).strip().rstrip("；;。.")
        if role == "due":
            roles.due = value or None
            continue
        names = split_names(value)
        getattr(roles, "leaders" if role == "leader" else role).extend(names)
        roles.words.setdefault(role, m.group(1))
    if roles.co and not roles.lead and "co" in roles.words:
        roles.only_co = True
    return roles


def inline_roles(text: str, at: str) -> tuple[str, Roles | None]:
    """An item's text without the units named at its end, and those units."""
    m = INLINE_ROLES.search(text)
    if not m:
        return text, None
    return text[:m.start()].rstrip(), parse_roles(m.group(1), at)


# ---- the notice ------------------------------------------------------------------------------

def _is_signature(text: str) -> bool:
    return len(text) <= 30 and not re.search(r"[，,。；;：:、]", text) and text.endswith(SIGNATURE_END) \
        and not numbered(text)


def _is_addressees(text: str) -> bool:
    return text.endswith((":", "：")) and len(text) <= 200 and "。" not in text and not numbered(text) \
        and not text.startswith("附件") and bool(re.search(r"各|政府|部門|部门|單位|单位|管委會|管委会|街道|鄉鎮|乡镇", text))


def _notice(paras: list[Para]) -> tuple[Notice | None, int]:
    """The notice at the head of the document, and the index of the first paragraph after it."""
    head = min(len(paras), 12)
    start = next((i for i in range(head) if _is_addressees(paras[i].text)), None)
    if start is None:
        return None, 0
    notice = Notice(addressees=paras[start].text)
    for p in paras[:start]:
        t = p.text
        if "印發" in t or "印发" in t:
            if t.endswith("通知"):
                notice.title = re.sub(r"^.*?[〕\]］]\s*[0-9０-９]{1,4}\s*[號号]", "", t).strip() or t
        found = DOC_NUMBER.search(t)
        if found and notice.number is None:
            notice.number = found.group(0) if len(t) > 40 else t
    i = start + 1
    while i < len(paras):
        t = paras[i].text
        m = ANNEX_LIST.match(t)
        if m and m.group(1):
            first = numbered(m.group(1))
            notice.annexes.append(first[2] if first else m.group(1))
            i += 1
            while i < len(paras) and (n := numbered(paras[i].text)) and n[0] == "item" and len(paras[i].text) <= 60:
                notice.annexes.append(n[2])
                i += 1
            continue
        if DATE.match(t):
            notice.date = t.strip()
            i += 1
            break
        if _is_signature(t):
            notice.signature = t
            i += 1
            continue
        if ANNEX_MARK.match(t) or ((label := numbered(t)) and _short_heading(label[2])) or (notice.signature and len(t) <= 60):
            break  # the plan begins (a numbered paragraph of the notice itself is long: 一、務必高度重視。…)
        notice.paragraphs.append(t)
        i += 1
    while i < len(paras) and (PUBLIC.match(paras[i].text) or ANNEX_MARK.match(paras[i].text)):
        i += 1
    return notice, i


# ---- the plan --------------------------------------------------------------------------------

def _is_title_line(text: str) -> bool:
    return len(text) <= 60 and not re.search(r"[，,。；;]$|[：:]$", text) and "，" not in text and not numbered(text) \
        and not ROLE_LINE.match(text) and not DATE.match(text)


def parse(paras: list[Para]) -> Document:
    """The document's structure from its paragraphs in order."""
    notice, i = _notice(paras)
    title_parts: list[str] = []
    title_at = paras[i].at if i < len(paras) else ""
    if notice and notice.title is None:
        for p in paras[:i]:
            if p.text.endswith("通知") and len(p.text) <= 100:
                notice.title = p.text
    while i < len(paras) and len(title_parts) < 3 and _is_title_line(paras[i].text) \
            and not (title_parts and len(paras[i].text) > 30 and not re.search(r"方案|要點|要点|分解|分工|任務|任务", paras[i].text)):
        title_parts.append(paras[i].text.strip())
        i += 1
        if i < len(paras) and not _is_title_line(paras[i].text):
            break
    doc = Document(notice=notice, title="".join(title_parts) or None, title_at=title_at, preamble=[], headline=[],
                   headline_title=None, sections=[])
    _body(paras[i:], doc)
    return doc


def _body(paras: list[Para], doc: Document) -> None:
    """The plan's paragraphs after its title, each read by the first rule that takes it."""
    body = _Body(doc)
    for k, p in enumerate(paras):
        text = p.text.strip()
        nxt = paras[k + 1].text.strip() if k + 1 < len(paras) else ""
        if body.other_part(text, p):
            break
        for rule in (body.roles, body.section, body.headline_item, body.subheading, body.item, body.preamble,
                     body.group_heading, body.continued, body.paragraph):
            if rule(text, p, nxt, numbered(text)):
                break
        else:
            doc.preamble.append(text)


class _Body:
    """Where the reading stands: the section, whether in the headline's list, the sub-headings
    waiting for the next item, the item read last."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.part: Section | None = None
        self.in_headline = False
        self.headings: list[str] = []
        self.last: Item | None = None

    def other_part(self, text: str, p: Para) -> bool:
        """The end of the plan's text: an annex's mark or the title of the decomposition after it."""
        if (self.doc.sections or self.doc.headline) and (ANNEX_MARK.match(text) or OTHER_PART.search(text) and _short_heading(text)):
            self.doc.notes.append(f"原文{p.at}「{text}」起是另一部分（如責任分解表），不屬工作要點的正文")
            return True
        return False

    def roles(self, text, p, nxt, n) -> bool:
        """牽頭單位：… on a line of its own, after the item it is for."""
        if ROLE_LINE.match(text) and self.last is not None:
            _merge_roles(self.last.roles, parse_roles(text, p.at))
            return True
        return False

    def section(self, text, p, nxt, n) -> bool:
        """一、… (a heading, not a numbered paragraph): a section, or the headline's list."""
        if not (n and n[0] == "section" and len(n[2]) <= 80 and "。" not in n[2].rstrip("。")):
            return False
        doc = self.doc
        self.in_headline = bool(_HEADLINE_RE.search(n[2])) and not doc.headline and not doc.sections
        if self.in_headline:
            doc.headline_title, self.part = n[2], None
        else:
            self.part = Section(n[1], bare(n[2]), p.at)
            doc.sections.append(self.part)
        self.headings, self.last = [], None
        return True

    def headline_item(self, text, p, nxt, n) -> bool:
        if self.in_headline and n:
            self.last = _item(n, text, p, [], headline=True)
            self.doc.headline.append(self.last)
            return True
        return False

    def subheading(self, text, p, nxt, n) -> bool:
        """（一）… that heads the items below it (kept for them as a comment)."""
        if n and n[0] == "subsection" and self.part is not None and (_short_heading(n[2]) or _heads(n[2], nxt)):
            self.headings, self.last = [f"（{_cn(n[1])}）{bare(n[2])}"], None
            return True
        return False

    def item(self, text, p, nxt, n) -> bool:
        if n and n[0] in ("item", "subsection") and self.part is not None:
            self.last = _item(n, text, p, self.headings, headline=False)
            self.part.items.append(self.last)
            self.headings = []
            return True
        return False

    def preamble(self, text, p, nxt, n) -> bool:
        """Before the first section: the preamble, and the headline's targets it may list."""
        if self.part is not None or self.doc.sections:
            return False
        if not self.doc.headline and _HEADLINE_RE.search(text) and re.search(r"[:：]", text):
            self.doc.headline.extend(_headline_paragraph(text, p))
        self.doc.preamble.append(text)
        return True

    def group_heading(self, text, p, nxt, n) -> bool:
        """An unnumbered short line over numbered items (加強基礎設施建設): a heading of a group."""
        following = numbered(nxt)
        if self.part is None or not _short_heading(text) or not following or \
                (self.part.items and following[0] != "item"):
            return False
        kept = self.headings[:1] if self.headings and self.headings[0].startswith("（") else []
        self.headings, self.last = kept + [bare(text)], None
        return True

    def continued(self, text, p, nxt, n) -> bool:
        """A paragraph (or （1）, ①) that continues the item above it, in a section of numbered items."""
        if n and n[0] in ("subitem", "circled") and self.last is not None:
            self.last.text = _join(self.last.text, text)
            return True
        if self.part is not None and self.part.items and self.part.items[0].number is not None:
            self.last = self.part.items[-1]
            self.last.text = _join(self.last.text, text)
            return True
        return False

    def paragraph(self, text, p, nxt, n) -> bool:
        """In a section of unnumbered paragraphs (八、's one paragraph): each is an item."""
        if self.part is None:
            return False
        body, roles = inline_roles(text, p.at)
        count = len(self.part.items)
        self.last = Item(None, body, p.at, roles=roles or Roles(), headings=self.headings,
                         label="" if not count else f"（第{count + 1}段）", line=p.line)
        self.part.items.append(self.last)
        self.headings = []
        return True


# the title of another part after the plan's text: the decomposition that follows it
OTHER_PART = re.compile(r"(?:責任分解方案|责任分解方案|分工方案|責任分解表|责任分解表|任務分解表|任务分解表|責任清單|责任清单)$")


def _heads(text: str, nxt: str) -> bool:
    """A （一） line that heads what follows: one sentence, and an item or a heading after it."""
    following = numbered(nxt)
    return len(sentences(text)) == 1 and len(text) <= 60 and (following is None or following[0] == "item") \
        and not INLINE_ROLES.search(text)


def _short_heading(text: str) -> bool:
    """A heading line, not a paragraph: short, and no sentence inside it."""
    body = text.rstrip("。.")
    return 0 < len(body) <= 30 and not re.search(r"[，,；;。]", body)


def _cn(n: int) -> str:
    from .text import _cn_word

    return _cn_word(n)


MAX_ITEM_TEXT = 20_000  # characters of one item: the longest point of a real plan has under 2,000


def _join(a: str, b: str) -> str:
    """An item's text and the paragraph that continues it (none past the cap: the item is refused)."""
    if len(a) > MAX_ITEM_TEXT:
        return a
    return a + b if re.search(r"[。；;！？!?]$", a) else a + "。" + b if a else b


def _item(n: tuple[str, int, str], text: str, p: Para, headings: list[str], headline: bool) -> Item:
    """A numbered item: its number, its title when its first sentence is one, its text and the
    units named after it."""
    level, number, rest = n
    body, roles = inline_roles(rest, p.at)
    label = {"section": "{}、", "subsection": "（{}）", "item": "{}.", "subitem": "（{}）", "circled": "{}"}[level]
    item = Item(str(number), body, p.at, roles=roles or Roles(), headings=list(headings),
                label=label.format(_cn(number) if level in ("section", "subsection") else number), line=p.line)
    if not headline:
        first = sentences(body)
        if len(first) > 1 and _title_like(first[0]):
            item.title = bare(first[0])
            item.text = body[len(first[0]):].strip()
    return item


def _title_like(sentence: str) -> bool:
    """A point's first sentence that is its title: short, one clause, ending in 。."""
    s = sentence.strip()
    return s.endswith(("。", ".")) and len(s) <= 31 and not re.search(r"[，,；;：:]", s[:-1])


def _merge_roles(into: Roles, extra: Roles) -> None:
    into.lead.extend(extra.lead)
    into.co.extend(extra.co)
    into.leaders.extend(extra.leaders)
    into.due = into.due or extra.due
    for k, v in extra.words.items():
        into.words.setdefault(k, v)
    into.only_co = bool(into.co and not into.lead)
    into.at = into.at or extra.at


_ENUM = re.compile(r"[（(]\s*([0-9０-９]{1,2})\s*[)）]")


def _headline_paragraph(text: str, p: Para) -> list[Item]:
    """The headline targets listed in a preamble paragraph (…主要預期目標是：(1)…；(2)…。)."""
    m = _HEADLINE_RE.search(text)
    colon = re.search(r"[:：]", text[m.end():]) if m else None
    if not m or not colon:
        return []
    rest = text[m.end() + colon.end():]
    marks = list(_ENUM.finditer(rest))
    pieces: list[tuple[str | None, str]] = []
    if len(marks) >= 2:
        for j, mk in enumerate(marks):
            end = marks[j + 1].start() if j + 1 < len(marks) else len(rest)
            pieces.append((arabic(mk.group(1)), rest[mk.end():end]))
    else:
        from .figures import find
        from .text import top_level_split

        for s in sentences(rest):
            for piece in top_level_split(bare(s), "；;"):
                if find(piece) or _COMMITMENT.search(piece):
                    pieces.append((None, piece))
    items = []
    for number, words in pieces:
        words = bare(words.strip())
        if words:
            items.append(Item(number, words, p.at, label=f"({number})" if number else ""))
    return items


# a headline target without a figure: set by a higher level, or relative to another figure
_COMMITMENT = re.compile(r"完成.{0,12}(?:下達|下达|目標|目标|任務|任务)|同步|不低於|不低于|高於|高于|持平")


__all__ = ["parse", "parse_roles", "inline_roles", "role_of", "ROLE_WORDS", "cn_number"]
