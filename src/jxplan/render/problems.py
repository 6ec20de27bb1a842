"""Problems as text lines, GitHub annotations or JSON, and the closing lines that say why a
command failed (``summary`` for ``validate``, ``fail_on`` for ``status --fail-on``).

A path or message may carry characters from the files themselves. Control characters,
invisible format characters and lone surrogates are shown escaped (``\\n``, ``\\x1b``,
``\\u202e``), so that a value can neither forge a second problem line nor send escape
sequences to the terminal; JSON keeps the exact text, escaped the JSON way.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from typing import TextIO

from ..core.problems import Problem
from ..core.terms import LABELS

LABEL = {"error": "錯誤", "warning": "警告"}

# C0 and C1 controls, DEL; zero-width, direction marks and overrides, line and paragraph
# separators, word joiners and isolates, the BOM, interlinear annotation; lone surrogates.
_INVISIBLE = ("\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e"
              "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff")
_UNSAFE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
_UNSAFE_IN_JSON = re.compile(f"[{_INVISIBLE}]")  # json.dumps escapes C0 itself; the rest stands raw
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(m: re.Match[str]) -> str:
    c = m.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def visible(text: str) -> str:
    """``text`` with every character that could act on a terminal or a log shown escaped."""
    return _UNSAFE.sub(_shown, text)


def _json_safe(text: str) -> str:
    """JSON text in which no such character stands raw."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def choose_format(given: str | None) -> str:
    """An explicit --format wins; GitHub annotations under GITHUB_ACTIONS; else text."""
    if given:
        return given
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _escape_gh(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render(problems: Sequence[Problem], fmt: str, stream: TextIO | None = None) -> str:
    stream = stream or sys.stdout
    if fmt == "json":
        return _json_safe(json.dumps([{"path": p.path, "line": p.line, "col": p.col, "severity": p.severity,
                                       "code": p.code, "message": p.message} for p in problems],
                                     ensure_ascii=False, indent=2)) + "\n"
    lines = []
    for p in problems:
        path, message = visible(p.path), visible(p.message)
        if fmt == "github":
            kind = "error" if p.is_error else "warning"
            lines.append(f"::{kind} file={_escape_gh(path, True)},line={p.line},col={p.col},"
                         f"title={p.code}::{_escape_gh(message)}")
        else:
            where = f"{path}:{p.line}:{p.col}:"
            sev = LABEL[p.severity]
            if _color(stream):
                c = "31" if p.is_error else "33"
                lines.append(f"\x1b[1m{where}\x1b[0m \x1b[{c}m{sev}\x1b[0m {message} \x1b[2m[{p.code}]\x1b[0m")
            else:
                lines.append(f"{where} {sev} {message} [{p.code}]")
    return "".join(line + "\n" for line in lines)


def explain_hint(problems: Sequence[Problem]) -> str:
    """The one line that closes a listing of problems: the code at the end of each line is
    explained by ``jxplan explain``, with one of the codes listed as the example."""
    code = next((p.code for p in problems if p.is_error), problems[0].code if problems else "unexplained-lag")
    return f"行末方括號中是問題的代碼；要了解它的含義和改法：jxplan explain 代碼（如 jxplan explain {code}）"


def summary(problems: list[Problem], files: int, strict: bool = False) -> str:
    """The closing line of ``validate``, on stderr in every format: how many files, errors and
    warnings; and, under ``--strict``, that the warnings are what made it fail."""
    n_err = sum(p.is_error for p in problems)
    n_warn = len(problems) - n_err
    if not problems:
        return f"檢查了 {files} 個文件，沒有問題。"
    counted = f"檢查了 {files} 個文件：{n_err} 個錯誤，{n_warn} 個警告"
    if strict and n_warn and not n_err:
        return f"{counted}；--strict 把這 {n_warn} 個警告算作失敗。"
    if strict and n_warn:
        return f"{counted}（--strict：警告也算失敗）。"
    return f"{counted}。"


MAX_NAMED = 10  # targets named in the --fail-on line; the rest are counted


def fail_on(option: str, statuses: tuple[str, ...], matched: list[str]) -> str:
    """The line that says why ``status --fail-on`` exits 3: the option as given, how many
    targets are at one of ``statuses`` (the labels of the statuses it fails on) and which, the
    first ``MAX_NAMED`` of them by id."""
    labels = [LABELS[s] for s in statuses]
    said = "、".join(labels[:-1]) + "或" + labels[-1] if len(labels) > 1 else labels[0]
    named = "、".join(visible(t[:64]) for t in matched[:MAX_NAMED])
    more = " 等" if len(matched) > MAX_NAMED else ""
    return f"--fail-on {visible(option[:64])}：{len(matched)} 個目標{said}（{named}{more}），退出碼 3。"
