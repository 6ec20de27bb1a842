"""What a command says when it cannot go on: a usage error (exit 2, with the usage line), the
problems of bad data (exit 1, each at its file and line, and once how to read their codes), a
line on stderr. Nothing here reads data; every way out of a command passes through here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from .chinese import click_exceptions

if TYPE_CHECKING:
    from typer._click.core import Context

    from ..core.problems import Problem

T = TypeVar("T")

EXIT_DATA = 1
EXIT_FAIL_ON = 3


def context() -> Context | None:
    """The running command's Click context (None outside a command)."""
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - older Typer
        # Typer before 0.29 depends on Click, which is not installed beside the pinned Typer
        from click import get_current_context  # type: ignore[import-not-found, no-redef, unused-ignore]
    return get_current_context(silent=True)


def usage(message: str, option: str | None = None) -> NoReturn:
    """Leave with a usage error (exit 2), worded in Chinese with the usage line."""
    raise click_exceptions.BadParameter(message, ctx=context(), param_hint=option)


def ask(fn: Callable[..., T], *args: Any, option: str) -> T:
    """A query.* look-up; a name that names nothing is a usage error that lists what exists."""
    from .query import Unknown

    try:
        return fn(*args)
    except Unknown as exc:
        usage(str(exc), option)


def say(line: str) -> None:
    """One line on stderr, every character that could act on a terminal shown escaped as in
    problem text: a file name (an ESC, a name in GBK bytes) or a template's words quoted in it."""
    from ..render.problems import visible

    sys.stderr.write(visible(line) + "\n")


def fail(problems: Sequence[Problem]) -> NoReturn:
    """Print problems to stderr and leave with exit status 1."""
    from ..render.problems import choose_format as problem_format, render

    chosen = problem_format(None)
    sys.stderr.write(render(problems, chosen, sys.stderr) + (explained(problems) if chosen == "text" else ""))
    n = sum(p.is_error for p in problems)
    sys.stderr.write(f"有 {n} 個錯誤；請修正後再執行（jxplan validate 可列出全部問題）。\n")
    raise typer.Exit(EXIT_DATA)


def warn(problems: Sequence[Problem]) -> None:
    from ..render.problems import render

    warnings = [p for p in problems if not p.is_error]
    if warnings:
        sys.stderr.write(render(warnings, "text", sys.stderr) + explained(warnings))


def explained(problems: Sequence[Problem]) -> str:
    """The line that says how to read a code (``jxplan explain``), once in a command's run
    however many listings of problems it prints; empty after that, or with nothing listed."""
    from ..render.problems import explain_hint

    ctx = context()
    said = ctx.find_root().meta if ctx is not None else {}
    if not problems or said.get("jxplan.explained"):
        return ""
    said["jxplan.explained"] = True
    return explain_hint(list(problems)) + "\n"


def defaulted(name: str) -> bool:
    """Whether the option ``name`` took its default (the user did not type it)."""
    ctx = context()
    source = ctx.get_parameter_source(name) if ctx is not None else None
    return source is not None and source.name == "DEFAULT"


def existing(paths: Iterable[str | os.PathLike[str]], option: str, folder: bool = False) -> None:
    """Every path named on the command line is there (and a folder, with ``folder``): one that
    is not is a usage error (exit 2), said with the usage line, before any work. A link whose
    target is gone is there: reading it says what is wrong with it."""
    from ..render.problems import visible

    for given in paths:
        if not os.path.lexists(given):
            usage(f"{visible(str(given))} 不存在；請核對路徑（路徑中有空格時要加引號）", option)
        if folder and not os.path.isdir(given):
            usage(f"{visible(str(given))} 不是文件夾；請指明報告所在的文件夾", option)
