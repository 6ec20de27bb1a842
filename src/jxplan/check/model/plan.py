"""The plan: units, headline targets, sections, numbered points and their targets."""


import datetime as dt
from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator, Field, model_validator

from ...core.terms import DUE_PATTERN, Quarter, due_quarter
from .types import Date, Flag, Id, Model, Name, Number, PointId, Text, Version, Year, as_text, word

# cumulative: a year-to-date total from zero; rate: a growth rate or share compared as it stands
# each quarter; level: a level (a stock, a count, a share) to be reached by the year's end;
# milestone: no figure, tracked by stage
Kind = Literal["cumulative", "rate", "level", "milestone"]
Compare = Literal["at_least", "above", "at_most"]
# The word the text puts with an annual figure (增長11%以上, 超6000萬噸, 突破2000億元, 超過200億元).
# 左右 follows from a tolerance and 以內 from at_most; they may be written too.
QualifierWord = Literal["以上", "超", "超過", "突破", "左右", "以內"]
QUALIFIERS: tuple[str, ...] = get_args(QualifierWord)
# the words in either script (以内 or 以內, 超过 or 超過), kept in the format's own spelling
Qualifier = Annotated[QualifierWord, word({**{w: w for w in QUALIFIERS}, "以内": "以內", "超过": "超過"})]
# What a unit is, each printed in its own words (core.terms.UNIT_KINDS): a department of the
# government; a county, county-level city or district under it; a town or township; a
# sub-district (街道); a development zone or park (its 管委會); a state-owned enterprise; a
# branch of a higher level's bureau (垂直管理: 稅務局, 生態環境分局); any other body.
UnitKind = Literal["department", "county", "town", "subdistrict", "zone", "enterprise", "branch", "other"]
UnitId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=32)]


def _as_due(v):
    """A deadline as the text writes it (6月底前, 9月30日前, 年底前, 上半年) or a quarter (Q2);
    kept as written, for documents to print, and judged at the quarter it falls in."""
    if isinstance(v, dt.date):  # 2023-09-30 written without quotes
        v = v.isoformat()
    v = as_text(v)
    if isinstance(v, str) and due_quarter(v) is None:
        raise ValueError(f"完成時限「{v}」讀不出季度；請寫 Q1–Q4，或原文的時限如 6月底前、9月30日前、年底前、上半年")
    return v


Due = Annotated[str, BeforeValidator(_as_due), Field(pattern=DUE_PATTERN, max_length=40)]
Ids = Id | list[Id]  # one unit (or group) id, or several: the document's 牽頭單位 may name two


class Unit(Model):
    id: UnitId
    name: Name
    full_name: Name | None = None
    kind: UnitKind


class Group(Model):
    """Units a document names together (各街道, 相關鄉鎮辦, 各縣（市、區）政府): printed by its
    name, answering as its members. Members nobody can list (各相關單位) may be left empty:
    the group is then printed and asks no one for a report."""

    id: UnitId
    name: Name
    members: list[Id] = []


class Leader(Model):
    """A leader a task names (責任領導, 牽頭領導, 分管領導): by name, with a title only when the document gives one."""

    id: UnitId
    name: Name
    title: Name | None = None


class Roles(Model):
    """The document's own words for its columns; every output uses them (none: ``core.terms.ROLE_WORDS``)."""

    lead: Name | None = None  # 牽頭單位, 第一責任單位, 責任單位 (a document with one unit column)
    co: Name | None = None  # 責任單位, 主要責任單位, 配合單位, 參與單位
    leader: Name | None = None  # 責任領導, 牽頭領導, 分管領導, 責任人


class Target(Model):
    id: Id
    name: Name
    kind: Kind
    target: Number | None = None
    stretch: Number | None = None
    base: Number | None = None  # a level's figure at the start of the year: its path runs from here to target
    unit: Name | None = None  # never blank: a figure with an empty unit reads as a bare number
    compare: Compare = "at_least"
    tolerance: Annotated[Number, Field(ge=0)] | None = None
    schedule: dict[Quarter, Number] | None = None
    due: Due | None = None  # a milestone's deadline: a quarter or the text's words (6月底前); none: the year's end
    due_set_by: Literal["office"] | None = None  # the deadline is the office's choice, not the source's
    relative_to: Id | None = None  # a rate judged against another target's actual (與經濟增長同步): that target's id
    open_ended: Flag = False  # milestones only: a standing duty with no end-state (加快…, 深化…, 強化…)
    qualifier: Qualifier | None = None  # the word the source puts with the figure
    lead: Ids | None = None  # none: the point's
    co: list[Id] | None = None  # none: the point's
    leaders: list[Id] | None = None  # none: the point's
    breakdown: dict[Id, Annotated[Number, Field(ge=0)]] | None = None
    source: Text | None = None  # the wording of the source that sets the target
    goal: Name | None = None  # a task's annual goal in the text's own short words (年內啟動, 完成省下達的目標)


class Point(Model):
    id: PointId
    title: Name
    text: Text
    lead: Ids | None = None  # none: each target names its own
    co: list[Id] = []
    leaders: list[Id] = []
    due: Due | None = None  # the deadline of its tasks with an end state, when the text gives one for the item
    targets: list[Target] = []


class Section(Model):
    """A part of the plan at any depth (一、 → （一） → 1. → （1）), holding parts and/or points;
    ``id`` is its number at its depth, none for an unnumbered heading."""

    id: Annotated[int, Field(ge=1, le=99)] | None = None
    title: Name
    sections: list["Section"] = []
    points: list[Point] = []


class Notice(Model):
    """The notice that issued the plan, word for word as the source has it (after cleaning).

    A plain string (the format before the notice was kept whole) is read as its title.
    """

    title: Text | None = None  # only when the source gives one
    addressees: Text | None = None
    paragraphs: list[Text] = []
    annexes: list[Text] = []  # the names of the annexes, in order, without their numbers
    signature: Text | None = None
    date: Text | None = None  # as the source writes it (二○一二年二月三日); `issued` holds it as a date


def _as_notice(v):
    return {"title": v} if isinstance(v, str) else v


class Bulletins(Model):
    """How the office issues its bulletins: the settings of GB/T 9704's 主送 and 版記, and of
    the number. Every field is the office's choice, not the source's."""

    addressees: Text | None = None  # 主送; default: the notice's addressees
    cc: list[Name] = []  # 抄送; none: the line is left out
    printed_by: Name | None = None  # 印發機關; default: the issuing office
    numbering: Literal["plan_year", "calendar_year"] = "plan_year"  # 〔2012〕4號 for the 2012 plan's year end, or
    # the calendar year's running count (〔2013〕1號 for a bulletin dated January 2013)
    decided_by: Name | None = None  # who decides a sanction the bulletin proposes; default: the issuer
    # Sentences of the notice the bulletin quotes, word for word (a check holds them to the notice):
    duty: Text | None = None  # the reporting duty (每季度末應向市政府書面匯報…), quoted in the opening
    division: Text | None = None  # what the lead and co units must do (第一責任單位要…), quoted in the requirements
    consequences: Text | None = None  # what follows success and failure (予以通報表彰…取消當年評優評先資格), quoted
    # with a proposed sanction
    # The office's own words:
    sanction: Text | None = None  # what the year-end bulletin proposes for a task failed for subjective reasons
    # (按規定取消其2012年度評優評先資格，並按程序追究有關領導責任); none: no sanction in any output or form
    requirements: list[Text] = []  # 下一步工作要求 as the office writes them; none: jxplan's, in the plan's words
    explain_within: Name | None = None  # how soon a unit behind must explain (5個工作日); none: no time limit printed


class Reporting(Model):
    Q1: Date
    Q2: Date
    Q3: Date
    Q4: Date


class Thresholds(Model):
    serious: Number


def _office(data):
    """A plan that names no office: the bulletins are its issuer's 督查室 (嘉興市人民政府督查室)."""
    if isinstance(data, dict) and "office" not in data and isinstance(data.get("issuer"), str) and data["issuer"].strip():
        return {**data, "office": data["issuer"].strip() + "督查室"}
    return data


class Plan(Model):
    version: Version
    year: Year
    title: Name
    issuer: Name
    issued: Date | None = None  # none when the document gives no date: none is printed
    office: Name | None = None  # who publishes the bulletins; when the plan names none, its issuer's 督查室 (_office)
    office_code: Name | None = None  # the office's 機關代字 for a bulletin's number (嘉政督〔2012〕2號); none: no number
    decomposition_title: Name | None = None  # the decomposition's own title; none: title + 責任分解方案
    headline_title: Name | None = None  # the heading of the headline targets; none: 主要預期目標
    roles: Roles | None = None  # the document's words for lead, co and leader
    notice: Annotated[Notice, BeforeValidator(_as_notice)] | None = None  # quoted by bulletins and the decomposition
    preamble: list[Text] = []  # the opening paragraphs of the plan, before its sections
    assignment_note: Text | None = None  # what the decomposition says of who does what (附件2 not published: provisional)
    # official: the lead/co units are the government's own decomposition; provisional: set by the
    # office pending it (the decomposition's title says 暫定 and it carries no signature or date)
    assignment_status: Literal["official", "provisional"] = "official"
    bulletins: Bulletins | None = None  # the office's settings for its bulletins (None: every default)
    reporting: Reporting
    thresholds: Thresholds
    units: list[Unit]
    groups: list[Group] = []
    leaders: list[Leader] = []
    headline: list[Target] = []
    sections: list[Section] = []

    @model_validator(mode="before")
    @classmethod
    def _named_office(cls, data):
        return _office(data)


Section.model_rebuild()
