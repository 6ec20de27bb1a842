"""Files shipped with jxplan: the plan, the templates and the JSON Schemas."""

from __future__ import annotations

from pathlib import Path

DEFAULT_PLAN = Path("plans/2012.yaml")
DEFAULT_REPORTS = Path("progress")


def packaged(*parts: str) -> Path:
    """A file shipped inside the package (plans, templates, schemas)."""
    return Path(__file__).parent.joinpath("data", *parts)


def default_plan() -> tuple[Path, bool]:
    """(./plans/2012.yaml when it is there, else the copy shipped with the package; whether it is the shipped copy)."""
    if DEFAULT_PLAN.exists():
        return DEFAULT_PLAN, False
    return packaged("plans", "2012.yaml"), True
