"""Problems as text lines, GitHub annotations or JSON."""

from __future__ import annotations

import json
import os
import sys

from ..problems import Problem

LABEL = {"error": "錯誤", "warning": "警告"}


def choose_format(given: str | None) -> str:
    """An explicit --format wins; GitHub annotations under GITHUB_ACTIONS; else text."""
    if given:
        return given
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _color(stream) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _escape_gh(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render(problems: list[Problem], fmt: str, stream=None) -> str:
    stream = stream or sys.stdout
    if fmt == "json":
        return json.dumps([{"path": p.path, "line": p.line, "col": p.col, "severity": p.severity,
                            "code": p.code, "message": p.message} for p in problems],
                          ensure_ascii=False, indent=2) + "\n"
    lines = []
    for p in problems:
        if fmt == "github":
            kind = "error" if p.is_error else "warning"
            lines.append(f"::{kind} file={_escape_gh(p.path, True)},line={p.line},col={p.col},"
                         f"title={p.code}::{_escape_gh(p.message)}")
        else:
            where = f"{p.path}:{p.line}:{p.col}:"
            sev = LABEL[p.severity]
            if _color(stream):
                c = "31" if p.is_error else "33"
                lines.append(f"\x1b[1m{where}\x1b[0m \x1b[{c}m{sev}\x1b[0m {p.message} \x1b[2m[{p.code}]\x1b[0m")
            else:
                lines.append(f"{where} {sev} {p.message} [{p.code}]")
    return "".join(line + "\n" for line in lines)


def summary(problems: list[Problem], files: int) -> str:
    n_err = sum(p.is_error for p in problems)
    n_warn = len(problems) - n_err
    if not problems:
        return f"檢查了 {files} 個檔案，沒有問題。"
    return f"檢查了 {files} 個檔案：{n_err} 個錯誤，{n_warn} 個警告。"
