"""A unit's progress report for one quarter."""


from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from ...core.quantity import bounds_problem
from ...core.terms import REASON_WORDS, STAGE_WORDS, Quarter, entry_blank
from .types import Date, Id, Model, Text, Version, Year
from .types import word as _word

Stage = Literal["not_started", "in_progress", "done"]


def _as_value(v):
    if isinstance(v, bool):
        raise ValueError("應為數字，不是 true/false")
    if isinstance(v, str):
        return v  # a figure with its unit ("1.2萬畝"): read and bounded against the target's unit
    if isinstance(v, (int, Decimal)):
        problem = bounds_problem(Decimal(v))
        if problem:
            raise ValueError(problem)
        return v
    raise ValueError("應為數字，或帶單位的文字如 \"1.2萬畝\"")


class Reason(Model):
    kind: Annotated[Literal["objective", "subjective"], _word(REASON_WORDS)]
    text: Annotated[Text, Field(min_length=1)]


def _drop_empty_reason(data):
    """A reason block left empty in a form (``kind:`` and ``text:`` with nothing) is no reason."""
    if isinstance(data, dict) and isinstance(data.get("reason"), dict):
        reason = data["reason"]
        if reason and all(v is None or (isinstance(v, str) and not v.strip()) for v in reason.values()) \
                and set(reason) <= {"kind", "text"}:
            data = {k: v for k, v in data.items() if k != "reason"}
    return data


class Entry(Model):
    target: Id
    value: Annotated[Decimal | str, BeforeValidator(_as_value)] | None = None
    stage: Annotated[Stage, _word(STAGE_WORDS)] | None = None
    note: Text | None = None
    reason: Reason | None = None

    _no_empty_reason = model_validator(mode="before")(_drop_empty_reason)

    @property
    def blank(self) -> bool:
        return entry_blank(self)


class Report(Model):
    version: Version
    unit: Id
    year: Year
    quarter: Quarter
    submitted: Date | None = None  # required once anything is reported (check missing-date)
    entries: list[Entry] = []
