"""Field types shared by the models: ids read as written, bounded exact numbers, text,
dates that are dates. The models know nothing of any file format: they take the plain
data the sources give (``Num`` is a number as written, from ``quantity``)."""


import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ...core.quantity import Num, bounds_problem
from ...core.terms import parse_date


class Model(BaseModel):
    """Frozen, and a typo in a field name is an error, never silently ignored."""

    # defer_build: validators are built on the first validation, so a run that finds the
    # checked plan and reports in the cache never pays for them
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _as_id(v):
    if isinstance(v, bool) or v is None:
        raise ValueError("編號必須是文字")
    if isinstance(v, Num):
        return v.text  # 5.10 stays "5.10"
    if isinstance(v, (int, str)):
        return str(v).strip()
    if isinstance(v, Decimal):
        raise ValueError("編號請加引號，例如 \"5.10\"")
    return v


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _as_text(v):
    if isinstance(v, Num):
        return v.text
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    if isinstance(v, str) and (m := _CONTROL.search(v)):
        raise ValueError(f"含有看不見的控制字符（U+{ord(m.group()):04X}）；請刪去它，它可能改寫終端或文件的顯示")
    return v


def _as_number(v):
    if isinstance(v, bool):
        raise ValueError("應為數字，不是 true/false")
    if isinstance(v, str):
        raise ValueError(f"應為數字（不帶單位，單位寫在 unit），不是「{v}」")
    if isinstance(v, (int, Decimal)):
        problem = bounds_problem(Decimal(v))
        if problem:
            raise ValueError(problem)
    return v


def _as_whole(v):
    """A whole number written as one: 2012, never 2012.0, true or "2012"."""
    if isinstance(v, bool) or not isinstance(v, int):
        shown = str(v).lower() if isinstance(v, bool) else v.text if isinstance(v, Num) else v
        raise ValueError(f"應為整數，不是「{shown}」")
    return v


_DATE_LIKE = re.compile(r"[0-9０-９]{4}\s*[-/.年]", re.A)  # written as a date: parse_date says which day


def _as_date(v):
    """A date written as 2012-07-05, 2012/7/5, 2012.7.5 or 2012年7月5日 (or a workbook's date
    cell); never a number of seconds."""
    if isinstance(v, dt.datetime):
        if v.time() != dt.time(0):
            raise ValueError(f"日期「{v}」帶有時刻；請只寫日期")
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str) and _DATE_LIKE.match(v.strip()):
        when = parse_date(v)
        if when is None:
            raise ValueError(f"日期「{v}」不存在；請寫真實的日期，如 2012-07-05")
        return when
    if v is None:
        raise ValueError("請填日期，如 2012-07-05")
    shown = v.text if isinstance(v, Num) else v
    raise ValueError(f"日期應寫成 2012-07-05 的形式，不是「{shown}」")


as_text = _as_text


def word(words: dict):
    """A field's id from the words people write for it (推進中, 客觀, 以内…), in either script."""
    from ...core.terms import word_for

    def as_id(v):
        if isinstance(v, str):
            return word_for(words, v) or v
        return v
    return BeforeValidator(as_id)


def _as_name(v):
    """A name or title: text as ``Text`` takes it, and something in it."""
    v = _as_text(v)
    if isinstance(v, str) and not v.strip():
        raise ValueError("不能是空的")
    return v


def _as_flag(v):
    """true or false as YAML writes them; never 1, "yes" or a number."""
    if not isinstance(v, bool):
        shown = v.text if isinstance(v, Num) else v
        raise ValueError(f"應為 true 或 false，不是「{shown}」")
    return v


def _as_point_id(v):
    """A point's number as the document numbers it (1, 2 … 25), or a text id (``"8"``, ``S8``)."""
    if isinstance(v, bool) or (isinstance(v, int) and not 1 <= v <= 9999):
        shown = str(v).lower() if isinstance(v, bool) else v
        raise ValueError(f"工作要點編號應為 1 起的數字（原文的編號），或加引號的文字如 \"8\"、S8，不是「{shown}」")
    return v


Id = Annotated[str, BeforeValidator(_as_id), Field(min_length=1, max_length=64)]
Name = Annotated[str, BeforeValidator(_as_name)]
PointId = Annotated[Annotated[int, Field(ge=1, le=9999)] | Id, BeforeValidator(_as_point_id)]
Flag = Annotated[bool, BeforeValidator(_as_flag)]
Text = Annotated[str, BeforeValidator(_as_text)]
Number = Annotated[Decimal, BeforeValidator(_as_number), Field(allow_inf_nan=False)]
Date = Annotated[dt.date, BeforeValidator(_as_date)]
Year = Annotated[int, BeforeValidator(_as_whole), Field(ge=1900, le=2100)]
Version = Annotated[Literal[1], BeforeValidator(_as_whole)]
