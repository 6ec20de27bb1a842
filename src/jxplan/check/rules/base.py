"""The registry of checks: each check is a plain function with a stable code, a severity
and a docstring that is its user documentation (with a passing and a failing example).

A check yields findings (a location in the data and a message); the runner turns them
into positioned problems with the check's code and severity, so a code always means
the same thing and the checks know nothing of lines, columns or cells.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ...read import Document, Loc

SEVERITIES = ("error", "warning")


# "{field:reason}" in a message is the field as the file's reader knows it: a YAML file's
# key, here, or a workbook's heading (``Document.word``, from core.form_layout.FIELD_WORDS)
YAML_WORDS = {
    "submitted": "報送日期 submitted", "quarter": "季度 quarter", "value": "value", "stage": "stage",
    "note": "備注（note）", "stages": "stage（not_started / in_progress / done）", "reason": "reason（kind、text）",
    "target": '目標編號 target（如 "2.1"，請加引號）',
}
FIELD = re.compile(r"\{field:(\w+)\}")


def field_words(message: str, doc: Document) -> str:
    """``message`` with each ``{field:name}`` in the words of ``doc``'s kind of file."""
    if "{field:" not in message:
        return message

    def said(m: re.Match[str]) -> str:
        word = doc.word(m[1]) or YAML_WORDS[m[1]]
        before, after = message[m.start() - 1:m.start()], message[m.end():m.end() + 1]
        if word[0].isascii() and before and not before.isspace():
            word = " " + word  # 請填 value: a space between Chinese and a key, as the other messages write it
        if word[-1].isascii() and after and after.isalpha():
            word += " "
        return word

    return FIELD.sub(said, message)


@dataclass(frozen=True)
class Finding:
    loc: Loc
    message: str
    key: bool = False  # place it at the key rather than the value
    doc: Document | None = None  # the document, for checks that look at several files
    refs: tuple[tuple[str, Loc], ...] = ()  # (name, loc): "{name}" in the message becomes where loc stands ("第12行")


SCOPES = ("plan", "data", "report", "entry", "folder", "result")


@dataclass(frozen=True)
class Rule:
    """One check: its stable code, what it looks at (``scope``), how grave a finding is, and the
    function, named after the code, whose docstring is its user documentation (a passing and a
    failing example)."""

    code: str
    scope: str  # plan | data (a report's plain data) | report | entry | folder | result (a quarter's statuses)
    severity: str
    run: Callable[..., Any]  # its arguments are its scope's (rules/__init__.py calls each scope's)

    def __post_init__(self) -> None:
        if self.scope not in SCOPES or self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.code}: scope {self.scope!r}, severity {self.severity!r}")

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.run) or ""


def scoped(rules: Iterable[Rule], scope: str) -> tuple[Rule, ...]:
    return tuple(r for r in rules if r.scope == scope)
