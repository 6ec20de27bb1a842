"""Field types shared by the models: ids read as written, exact numbers, text."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, BaseModel

from ..yamlsource import YNum

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
Quarter = Literal["Q1", "Q2", "Q3", "Q4"]


class Model(BaseModel):
    """Frozen, and a typo in a field name is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_id(v):
    if isinstance(v, bool) or v is None:
        raise ValueError("編號必須是文字")
    if isinstance(v, YNum):
        return v.text  # 5.10 stays "5.10"
    if isinstance(v, (int, str)):
        return str(v).strip()
    if isinstance(v, Decimal):
        raise ValueError("編號請加引號，例如 \"5.10\"")
    return v


def _as_text(v):
    if isinstance(v, YNum):
        return v.text
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    return v


def _as_number(v):
    if isinstance(v, bool):
        raise ValueError("應為數字，不是 true/false")
    if isinstance(v, str):
        raise ValueError(f"應為數字（不帶單位，單位寫在 unit），不是「{v}」")
    return v


Id = Annotated[str, BeforeValidator(_as_id), Field(min_length=1)]
Text = Annotated[str, BeforeValidator(_as_text)]
Number = Annotated[Decimal, BeforeValidator(_as_number), Field(allow_inf_nan=False)]
