"""The plan: units, headline targets, sections, numbered points and their targets."""


from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from .types import Date, Flag, Id, Model, Name, Number, PointId, Quarter, Text, Version, Year

# cumulative: a year-to-date total from zero; rate: a growth rate or share compared as it stands
# each quarter; level: a level (a stock, a count, a share) to be reached by the year's end;
# milestone: no figure, tracked by stage
Kind = Literal["cumulative", "rate", "level", "milestone"]
Compare = Literal["at_least", "above", "at_most"]
# The word the text puts with an annual figure (增長11%以上, 超6000萬噸, 突破2000億元, 超過200億元).
# 左右 follows from a tolerance and 以內 from at_most; they may be written too.
Qualifier = Literal["以上", "超", "超過", "突破", "左右", "以內"]


class Unit(Model):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=32)]
    name: Name
    full_name: Name | None = None
    kind: Literal["department", "county"]


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
    due: Quarter | None = None
    due_set_by: Literal["office"] | None = None  # the due quarter is the office's choice, not the source's
    open_ended: Flag = False  # milestones only: a standing duty with no end-state (加快…, 深化…, 強化…)
    qualifier: Qualifier | None = None  # the word the source puts with the figure
    lead: Id | None = None
    co: list[Id] | None = None
    breakdown: dict[Id, Annotated[Number, Field(ge=0)]] | None = None
    source: Text | None = None  # the wording of the source that sets the target
    goal: Name | None = None  # a task's annual goal in the text's own short words (年內啟動, 完成省下達的目標)


class Point(Model):
    id: PointId
    title: Name
    text: Text
    lead: Id
    co: list[Id] = []
    targets: list[Target] = []


class Section(Model):
    id: Annotated[int, Field(ge=1, le=99)]
    title: Name
    points: list[Point]


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
    issued: Date
    office: Name | None = None  # who publishes the bulletins; when the plan names none, its issuer's 督查室 (_office)
    office_code: Name | None = None  # the office's 機關代字 for a bulletin's number (嘉政督〔2012〕2號); none: no number
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
    headline: list[Target]
    sections: list[Section]

    @model_validator(mode="before")
    @classmethod
    def _named_office(cls, data):
        return _office(data)
