"""The plan: units, headline targets, sections, numbered points and their targets."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .types import Date, Id, Model, Number, Quarter, Text, Version, Year

Kind = Literal["cumulative", "rate", "milestone"]
Compare = Literal["at_least", "above", "at_most"]


class Unit(Model):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=32)]
    name: Text
    full_name: Text | None = None
    kind: Literal["department", "county"]


class Target(Model):
    id: Id
    name: Text
    kind: Kind
    target: Number | None = None
    stretch: Number | None = None
    unit: Text | None = None
    compare: Compare = "at_least"
    tolerance: Annotated[Number, Field(ge=0)] | None = None
    schedule: dict[Quarter, Number] | None = None
    due: Quarter | None = None
    lead: Id | None = None
    co: list[Id] | None = None
    breakdown: dict[Id, Number] | None = None
    source: Text | None = None  # the wording of the source that sets the target


class Point(Model):
    id: Annotated[int, Field(ge=1, le=9999)] | Id
    title: Text
    text: Text
    lead: Id
    co: list[Id] = []
    targets: list[Target] = []


class Section(Model):
    id: Annotated[int, Field(ge=1, le=99)]
    title: Text
    points: list[Point]


class Reporting(Model):
    Q1: Date
    Q2: Date
    Q3: Date
    Q4: Date


class Thresholds(Model):
    serious: Number


class Plan(Model):
    version: Version
    year: Year
    title: Text
    issuer: Text
    issued: Date
    office: Text = "嘉興市人民政府督查室"  # who publishes the bulletins
    notice: Text | None = None  # the notice that issued the plan, cited by bulletins
    preamble: list[Text] = []  # the opening paragraphs of the plan, before its sections
    reporting: Reporting
    thresholds: Thresholds
    units: list[Unit]
    headline: list[Target]
    sections: list[Section]
