"""The one script of everything a command writes and says: --script, else $JXPLAN_SCRIPT,
else the office's settings, else the plan's own (``script``); what stderr follows once a
plan is read (``heard``).
"""

from __future__ import annotations

import os

from .speak import usage

def typed_script(given: str | None) -> str | None:
    """The script typed: --script, else $JXPLAN_SCRIPT; None when neither (a word that names
    no script is a usage error)."""
    from ..core.script import ENV, named

    if given is not None:
        chosen = named(given)
        if chosen is None:
            usage(f"「{given}」不是可用的簡繁選項；可用：simplified（簡體）、traditional（繁體）", "--script")
        return chosen
    if os.environ.get(ENV, "").strip():
        chosen = named(os.environ[ENV])
        if chosen is None:
            usage(f"環境變量 {ENV}=「{os.environ[ENV]}」不是可用的簡繁選項；可用：simplified（簡體）、traditional（繁體）",
                  "--script")
        return chosen
    return None


def asked_script(given: str | None) -> str | None:
    """The script the office asked for: --script, else $JXPLAN_SCRIPT, else the settings
    file's ``script``; None when none says."""
    from .settings import office

    chosen = typed_script(given)
    return chosen if chosen is not None else office().script


def plan_script(plan) -> str | None:
    """The script a plan is written in (by the characters of its title, units and sections),
    so that a character of the other script left in it is converted too; None when nothing
    tells (or no plan)."""
    from ..core.script import detect

    if plan is None:
        return None
    return detect([plan.title, *(u.name for u in plan.units), *(s.title for s in plan.sections)])


def script(plan, given: str | None) -> str | None:
    """The one script of everything a command writes and says: the one asked for
    (``asked_script``), else the plan's own; None when nothing tells (no conversion)."""
    chosen = asked_script(given)
    return chosen if chosen is not None else plan_script(plan)


def heard(plan) -> None:
    """From now on what jxplan says on stderr is in the plan's script, unless a script was
    asked for (the stream ``cli._InScript`` converts). Before a plan is read, messages are in
    the script asked for, else as written (traditional)."""
    from . import follow

    follow(plan_script(plan))


def converted(text: str, to: str | None) -> str:
    from ..core.script import convert

    return convert(text, to)
