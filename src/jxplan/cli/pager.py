"""A long table on an interactive terminal goes through a pager, as git does: ``$PAGER``, else
``less -R``, with ``LESS=FRX`` when the user has set no ``LESS`` (quit at once when the text fits
one screen, keep the colours, leave the text on the screen after quitting).

Never when standard output is not a terminal (a pipe, a file: scripts read the whole text), never
under CI, never with ``--no-pager``. A pager that cannot be found, or that cannot be started,
is no failure: the text is printed directly, as it would have been without one.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

DEFAULT = ("less", "-R")
NEVER = ("", "cat")  # what git, too, takes as "no pager"


def under_ci() -> bool:
    """CI set to anything but false (GitHub Actions, GitLab and most others set CI=true)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def command() -> list[str] | None:
    """The pager to run, as a list of words, or None: none asked for (``PAGER=`` or ``cat``),
    or a program that is not there."""
    given = os.environ.get("PAGER")
    if given is None:
        words = list(DEFAULT)
    else:
        if given.strip() in NEVER:
            return None
        try:
            words = shlex.split(given)
        except ValueError:  # an unbalanced quote: not a command we can run
            return None
    if not words or shutil.which(words[0]) is None:
        return None
    return words


def wanted(lines: int, height: int, allowed: bool) -> bool:
    """Whether ``lines`` of text go through a pager on a screen of ``height`` lines."""
    return allowed and lines > height - 1 and sys.stdout.isatty() and not under_ci()


def page(text: str) -> bool:
    """``text`` shown through the pager; False when there is none to run (print it yourself).
    Ctrl-C is the pager's while it runs (less uses it to stop a search), as with git; the user
    leaving the pager early (q) is a normal end."""
    words = command()
    if words is None:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    import signal

    try:
        sys.stdout.flush()
        child = subprocess.Popen(words, stdin=subprocess.PIPE, env=env)
    except OSError:  # found, but it would not start: print directly
        return False
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    pipe = child.stdin  # opened with stdin=PIPE: never None
    try:
        try:
            if pipe is not None:
                pipe.write(text.encode(getattr(sys.stdout, "encoding", None) or "utf-8", "replace"))
                pipe.close()
        except (BrokenPipeError, OSError):  # the pager was left before it had read everything
            pass
        child.wait()
    finally:
        signal.signal(signal.SIGINT, before)
    return True
