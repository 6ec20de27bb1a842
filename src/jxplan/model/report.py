"""A unit's progress report for one quarter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator

from .types import Id, Model, Quarter, Text

Stage = Literal["not_started", "in_progress", "done"]


def _as_value(v):
    if isinstance(v, bool):
        raise ValueError("應為數字，不是 true/false")
    if isinstance(v, (int, Decimal, str)):
        return v
    raise ValueError("應為數字，或帶單位的文字如 \"1.2萬畝\"")


class Reason(Model):
    kind: Literal["objective", "subjective"]
    text: Text


class Entry(Model):
    target: Id
    value: Annotated[Decimal | str, BeforeValidator(_as_value)] | None = None
    stage: Stage | None = None
    note: Text | None = None
    reason: Reason | None = None


class Report(Model):
    version: Literal[1]
    unit: Id
    year: int
    quarter: Quarter
    submitted: dt.date
    entries: list[Entry] = []
