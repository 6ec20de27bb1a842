"""What the drafter finds, as plain records: the document's parts as read, and the plan
drafted from them. Each record keeps where it came from (``at``: a file's line, a
paragraph, or a table's cell) and the notes a person must check (``# 待核``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Para:
    """One paragraph (or table cell) of a document, with where it stands."""

    text: str
    at: str  # 12 (a line), 第12段 (a Word paragraph), 表1!C4 (a cell): said in notes and problems
    line: int = 1
    col: int = 1


@dataclass
class Roles:
    """The units and leaders a document names for one item, by its own role words."""

    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    due: str | None = None  # a 完成時限 column's words
    words: dict[str, str] = field(default_factory=dict)  # role -> the document's word (牽頭單位, 責任單位 …)
    only_co: bool = False  # the document names 責任單位 only, no 牽頭單位
    at: str = ""

    def empty(self) -> bool:
        return not (self.lead or self.co or self.leaders)


@dataclass
class Item:
    """A numbered item of the document (a headline target's line, or a point), as read."""

    number: str | None
    text: str
    at: str
    title: str | None = None
    roles: Roles = field(default_factory=Roles)
    headings: list[str] = field(default_factory=list)  # sub-headings above it the format cannot nest
    label: str = ""  # the number as printed (1. （一）)
    line: int = 1  # where it begins in a text file (for a problem's position)


@dataclass
class Section:
    number: int
    title: str
    at: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Notice:
    title: str | None = None
    number: str | None = None  # 鞍立政發〔2023〕2號
    addressees: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    annexes: list[str] = field(default_factory=list)
    signature: str | None = None
    date: str | None = None


@dataclass
class Document:
    """A document's structure: the notice, the plan's title and preamble, the headline
    targets' lines and the sections with their items."""

    notice: Notice | None
    title: str | None
    title_at: str
    preamble: list[str]
    headline: list[Item]
    headline_title: str | None
    sections: list[Section]
    not_tasks: list[tuple[str, str]] = field(default_factory=list)  # (where, words) of guiding statements
    notes: list[str] = field(default_factory=list)  # what the reader noticed about the whole document


# ---- the plan drafted ---------------------------------------------------------------------------

@dataclass
class Target:
    id: str
    name: str
    kind: str
    source: str
    target: str | None = None
    stretch: str | None = None
    unit: str | None = None
    compare: str = "at_least"
    qualifier: str | None = None
    tolerance: str | None = None
    open_ended: bool = False
    goal: str | None = None
    due: str | None = None  # the text's words (6月底前) when the format reads them, else a quarter
    due_words: str | None = None  # the text's words, said in a comment when ``due`` is a quarter
    relative_to: str | None = None  # the id of the target it is judged against (與經濟增長同步)
    lead: str | list[str] | None = None  # one id, or several leads each answering for the whole
    co: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)  # leader ids
    notes: dict[str, list[str]] = field(default_factory=dict)  # field ('' for the target) -> what to check
    comments: list[str] = field(default_factory=list)  # facts the format cannot hold yet (leaders, groups)
    extra: dict = field(default_factory=dict)  # fields the office added (base, schedule, breakdown…), kept by --update

    def note(self, fieldname: str, text: str) -> None:
        self.notes.setdefault(fieldname, []).append(text)


@dataclass
class Point:
    id: int | str
    title: str
    text: str
    lead: str | list[str]
    co: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    due: str | None = None  # the table's 完成時限 for the item's tasks with an end state
    targets: list[Target] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)

    def note(self, fieldname: str, text: str) -> None:
        self.notes.setdefault(fieldname, []).append(text)


@dataclass
class PlanSection:
    """A part at any depth: 一、, （一）, or an unnumbered heading (``id`` None)."""

    id: int | None
    title: str
    points: list[Point] = field(default_factory=list)
    sections: list[PlanSection] = field(default_factory=list)

    def all_points(self):
        """Its points and those of its parts, in the document's order."""
        yield from self.points
        for s in self.sections:
            yield from s.all_points()


@dataclass
class Unit:
    id: str
    name: str
    kind: str = "department"
    full_name: str | None = None
    notes: list[str] = field(default_factory=list)
    comment: str | None = None  # what it is, where the format cannot say (開發區, 街道…)
    given: bool = False  # from the office's list (--units) or the plan updated


@dataclass
class Group:
    """Units a document names together (各街道): printed by its name, answering as its members."""

    id: str
    name: str
    members: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    given: bool = False  # the corrected plan's (--update): its members are the office's


@dataclass
class Leader:
    """A leader a task names (責任領導): a title only when the document writes one."""

    id: str
    name: str
    title: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """The plan drafted, with every doubt attached to the field it concerns."""

    year: int
    title: str
    issuer: str
    issued: str | None  # ISO date; None when the document gives none
    notice: Notice | None
    preamble: list[str]
    units: list[Unit]
    headline: list[Target]
    sections: list[PlanSection]
    script: str | None
    decomposition_title: str | None = None  # the document's own title, when not title + 責任分解方案
    headline_title: str | None = None  # the heading of the headline targets, when not 主要預期目標
    roles: dict[str, str] = field(default_factory=dict)  # lead/co/leader -> the document's word
    groups: list[Group] = field(default_factory=list)
    leaders: list[Leader] = field(default_factory=list)
    settings: dict = field(default_factory=dict)  # office, office_code, reporting, thresholds, bulletins
    notes: dict[str, list[str]] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)  # the header comment's lines
    comments: dict[str, list[str]] = field(default_factory=dict)  # field -> comment lines above it

    def note(self, fieldname: str, text: str) -> None:
        self.notes.setdefault(fieldname, []).append(text)

    def points(self):
        """Every point, at any depth, in the document's order."""
        for s in self.sections:
            yield from s.all_points()

    def targets(self):
        """Every target: the headline's, then the points'."""
        yield from self.headline
        for p in self.points():
            yield from p.targets
