"""What jxplan is doing, shown on stderr while work that takes more than about a second runs on
a terminal (a PDF, a decomposition, the site, an import of many workbooks, a draft): a spinner,
the step in words and the time taken, cleared when the work ends.

Silent when stderr is not a terminal (a pipe, a log, a test) and under CI. Shown only once the
work has run for ``DELAY`` seconds, so a quick command prints nothing more than before. The code
below ``cli/`` never sees rich: it is handed ``Working.step``, a plain callback, where it has
steps of its own to say.

The line is redrawn by a thread, and documents are made in a forked child: the fork waits until
no redraw is under way (``_before_fork`` takes the locks a redraw holds), so the child never
inherits a lock held by a thread it does not have.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .pager import under_ci

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

DELAY = 0.8  # seconds: what takes less than this shows nothing
_SHOWING: list[Working] = []  # the lines being shown (one at a time), for the fork hooks


def _before_fork() -> None:
    for line in _SHOWING:
        line._lock.acquire()
        if line._progress is not None:
            line._progress.live._lock.acquire()


def _after_fork() -> None:
    for line in reversed(_SHOWING):
        if line._progress is not None:
            line._progress.live._lock.release()
        line._lock.release()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork)


class Working:
    """A line on stderr that says what is being done; ``step`` changes what it says."""

    def __init__(self, what: str):
        self._what = what
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._done = False

    def start(self) -> None:
        """Show the line (from the timer's thread, once the work has run for DELAY)."""
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with self._lock:
            if self._done:
                return
            console = Console(file=sys.stderr, highlight=False, force_terminal=True)  # shown() said it is one
            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                      console=console, transient=True, redirect_stdout=False, redirect_stderr=False)
            self._task = self._progress.add_task(self._what, total=None)
            self._progress.start()

    def step(self, what: str) -> None:
        with self._lock:
            self._what = what
            if self._progress is not None and self._task is not None:  # both set by start, or neither
                self._progress.update(self._task, description=what)

    def stop(self) -> None:
        with self._lock:
            self._done = True
            if self._progress is not None:
                self._progress.stop()


class _Silent:
    def step(self, what: str) -> None:
        pass


def shown() -> bool:
    """Whether progress is shown: stderr is a terminal a person reads, and this is not CI."""
    try:
        return sys.stderr.isatty() and not under_ci()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


@contextmanager
def working(what: str) -> Iterator[Working | _Silent]:
    """``with working("正在生成 PDF…") as w:`` around long work; ``w.step(text)`` says a new step."""
    if not shown():
        yield _Silent()
        return
    line = Working(what)
    _SHOWING.append(line)
    timer = threading.Timer(DELAY, line.start)
    timer.daemon = True
    timer.start()
    try:
        yield line
    finally:
        timer.cancel()
        line.stop()
        _SHOWING.remove(line)
