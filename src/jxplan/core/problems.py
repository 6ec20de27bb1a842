"""Problem: the one error type of jxplan. Every check returns problems; none raises."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong (or doubtful) in a file, with its position (1-based line and column)."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: str = field(default="error", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message} [{self.code}]"
