"""The terminal: its size, whether a person reads it, and styled lines shown on it (coloured,
through a pager when taller than the screen) or as plain text anywhere else.
"""

from __future__ import annotations

import os
import sys

import typer

from .chinese import quiet_stdout
from .output import encodable, write
from .scripts import converted

MAX_WIDTH = 400  # columns: wider than any screen; a COLUMNS of millions would only eat memory


def screen_width() -> int:
    """The terminal's width (COLUMNS when set), 80 when there is no terminal; at most MAX_WIDTH."""
    import shutil

    given = os.environ.get("COLUMNS", "").strip()
    if given.isdigit() and 0 < len(given) < 10 and int(given) > 0:
        return min(int(given), MAX_WIDTH)
    return min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH)


def screen_height() -> int:
    """The terminal's height in lines (LINES when set), 24 when it cannot be told."""
    import shutil

    return max(shutil.get_terminal_size((80, 24)).lines, 1)


def interactive() -> bool:
    """Standard output is a terminal a person reads (not a pipe, not a file)."""
    return sys.stdout.isatty()


def show(lines, to: str | None = None, output: str | None = None, force: bool = False, pager: bool = True) -> None:
    """Lines of styled spans (render.terminal) on stdout: coloured on a terminal, plain
    text everywhere else (a file, a pipe, NO_COLOR, TERM=dumb); in the script asked for.
    With ``output``, the plain text is written to that file. On an interactive terminal, text
    taller than the screen goes through a pager (``pager``: unless --no-pager)."""
    from ..render.terminal import plain

    text = converted("".join(plain(line).rstrip() + "\n" for line in lines), to)
    if output is not None:
        write(text, output, force)
        return
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    encodable(text)
    from . import pager as paging

    if paging.wanted(len(lines), screen_height(), pager):
        if paging.page(_ansi(lines, to) if color else text):
            return
    if not color:
        write(text, None, False)
        return
    from rich.console import Console

    class Quiet(Console):
        def on_broken_pipe(self) -> None:  # `jxplan status | head` on a terminal: a normal end
            quiet_stdout()
            raise typer.Exit(0)

    Quiet(highlight=False, soft_wrap=False).print(_styled(lines, to), end="", no_wrap=True, crop=True)


def _styled(lines, to: str | None):
    from rich.text import Text

    text = Text()
    for line in lines:
        for span, style in line:
            text.append(converted(span, to), style)
        text.append("\n")
    return text


def _ansi(lines, to: str | None) -> str:
    """The lines with the terminal's colour codes, for a pager that shows them (less -R)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, width=screen_width(), highlight=False, soft_wrap=False).print(
        _styled(lines, to), end="", no_wrap=True, crop=True)
    return buffer.getvalue()
