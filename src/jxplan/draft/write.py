"""The drafted plan as YAML, laid out as ``plans/2012.yaml`` is: the office's settings, the
notice, the units, the headline targets and the sections, every value a person must check
followed by ``# 待核：`` and what to check, on the line it concerns.

The text is written by hand rather than by a YAML library so that every comment stands
where it belongs; each scalar is written plain only when the project's own YAML reader
reads it back as the same text, and quoted otherwise.
"""

from __future__ import annotations

import json
import re

from ..core.script import convert
from ..read.yaml import resolve_plain
from .items import Plan, Point, Target, Unit

MARK = "# 待核："
VERBATIM = "\x00"  # a comment line written as it is, never converted
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = set(",[]{}")


def scalar(value, flow: bool = False) -> str:
    """One value as YAML: plain when it reads back as the same text, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    s = str(value)
    plain = (s and s == s.strip() and s[0] not in _INDICATORS and ": " not in s and " #" not in s
             and not s.endswith(":") and "\n" not in s and "\t" not in s and not re.search(r"[\x00-\x1f\x7f]", s)
             and resolve_plain(s) == s and not (flow and _FLOW_UNSAFE & set(s)))
    return s if plain else json.dumps(s, ensure_ascii=False)


def number(value: str) -> str:
    """A figure as written (10, 2.3): plain, read back as the number it is."""
    return value


class _Out:
    def __init__(self, script: str | None):
        self.lines: list[str] = []
        self.script = script
        self.marks = 0

    def say(self, text: str) -> str:
        """The drafter's own words, in the plan's script."""
        return convert(text, self.script) if self.script else text

    def line(self, indent: int, text: str, notes: list[str] | None = None) -> None:
        if notes:
            text = f"{text}  {self.say(MARK + '；'.join(notes))}"
            self.marks += 1
        self.lines.append(" " * indent + text)

    def comment(self, indent: int, text: str, mark: bool = False) -> None:
        if text.startswith(VERBATIM):  # characters quoted as they are (a conversion's two sides)
            self.lines.append(" " * indent + "# " + text[len(VERBATIM):])
        elif mark:
            self.marks += 1
            self.lines.append(" " * indent + self.say(MARK + text))
        else:
            self.lines.append(" " * indent + "# " + self.say(text))


def write(plan: Plan) -> tuple[str, int]:
    """The plan's YAML text, and the number of lines marked ``# 待核``: its parts in the order
    ``plans/2012.yaml`` has them."""
    out = _Out(plan.script)
    _head(out, plan)
    _settings(out, plan)
    _notice(out, plan)
    _preamble(out, plan)
    _reporting(out, plan)
    _roster(out, plan)
    _targets(out, plan)
    return "\n".join(out.lines) + "\n", out.marks


def _head(out: _Out, plan: Plan) -> None:
    """The drafter's header and its notes on the whole plan, then the plan's own fields."""
    for line in plan.header:
        out.comment(0, line)
    for text in plan.notes.get("", []):
        out.comment(0, text, mark=True)
    out.line(0, "version: 1")
    for field in ("year", "title", "decomposition_title", "headline_title", "issuer", "issued"):
        for c in plan.comments.get(field, []):
            out.comment(0, c)
        value = getattr(plan, field)
        if value is not None:
            out.line(0, f"{field}: {value if field in ('year', 'issued') else scalar(value)}", plan.notes.get(field))


def _settings(out: _Out, plan: Plan) -> None:
    """The office, the document's role words and the bulletins' settings."""
    for key in ("office", "office_code"):
        if key in plan.settings:
            out.line(0, f"{key}: {scalar(plan.settings[key])}", plan.notes.get(key))
    if plan.roles:
        out.line(0, "roles:")
        for k in ("lead", "co", "leader"):
            if k in plan.roles:
                out.line(2, f"{k}: {scalar(plan.roles[k])}")
    if "bulletins" in plan.settings:
        out.line(0, "bulletins:")
        for k, v in plan.settings["bulletins"].items():
            out.line(2, f"{k}: {_flow(v)}", plan.notes.get(f"bulletins.{k}"))


def _preamble(out: _Out, plan: Plan) -> None:
    if plan.preamble:
        out.line(0, "preamble:")
        for p in plan.preamble:
            out.line(2, f"- {scalar(p)}")


def _reporting(out: _Out, plan: Plan) -> None:
    """Whether the assignments are final, the reporting deadlines and the thresholds."""
    for key in ("assignment_status", "assignment_note"):
        if key in plan.settings:
            out.line(0, f"{key}: {scalar(plan.settings[key])}", plan.notes.get(key))
    out.line(0, "reporting:", plan.notes.get("reporting"))
    for q, d in plan.settings["reporting"].items():
        out.line(2, f"{q}: {d}")
    out.line(0, "thresholds:")
    out.line(2, f"serious: {plan.settings['thresholds']['serious']}", plan.notes.get("thresholds"))
    out.lines.append("")


def _roster(out: _Out, plan: Plan) -> None:
    """The units, the groups and the leaders, each list followed by a blank line."""
    out.line(0, "units:")
    for u in plan.units:
        _unit(out, u)
    out.lines.append("")
    if plan.groups:
        out.line(0, "groups:")
        for g in plan.groups:
            out.line(2, "- {" + f"id: {g.id}, name: {scalar(g.name, flow=True)}, members: {_ids(g.members)}" + "}", g.notes or None)
        out.lines.append("")
    if plan.leaders:
        out.line(0, "leaders:")
        for ld in plan.leaders:
            title = f", title: {scalar(ld.title, flow=True)}" if ld.title else ""
            out.line(2, "- {" + f"id: {ld.id}, name: {scalar(ld.name, flow=True)}{title}" + "}", ld.notes or None)
        out.lines.append("")


def _targets(out: _Out, plan: Plan) -> None:
    """The headline targets, then the sections with their points and tasks."""
    out.line(0, "headline:" + ("" if plan.headline else " []"), plan.notes.get("headline"))
    for t in plan.headline:
        _target(out, t, 2)
    out.lines.append("")
    out.line(0, "sections:" + ("" if plan.sections else " []"), plan.notes.get("sections"))
    for c in plan.comments.get("sections", []):
        out.comment(2, c)
    for s in plan.sections:
        out.lines.append("")
        _section(out, s, 2)


def _section(out: _Out, s, indent: int) -> None:
    """A part and the parts under it, at any depth; an unnumbered heading has no id."""
    if s.id is not None:
        out.line(indent, f"- id: {s.id}")
        out.line(indent + 2, f"title: {scalar(s.title)}")
    else:
        out.line(indent, f"- title: {scalar(s.title)}")
    if s.points:
        out.line(indent + 2, "points:")
        for p in s.points:
            _point(out, p, indent + 4)
    if s.sections:
        out.line(indent + 2, "sections:")
        for sub in s.sections:
            _section(out, sub, indent + 4)


def _flow(value) -> str:
    """A list or mapping on one line; numbers as they were written."""
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k, flow=True)}: {_flow(v)}" for k, v in value.items()) + "}"
    if hasattr(value, "text"):  # a number as written (quantity.Num)
        return value.text
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return scalar(value, flow=True)


def _notice(out: _Out, plan: Plan) -> None:
    n = plan.notice
    if n is None:
        return
    out.line(0, "notice:")
    for field in ("title", "addressees"):
        if getattr(n, field):
            out.line(2, f"{field}: {scalar(getattr(n, field))}")
    if n.number:
        out.comment(2, f"文號：{n.number}")
    if n.paragraphs:
        out.line(2, "paragraphs:")
        for p in n.paragraphs:
            out.line(4, f"- {scalar(p)}")
    if n.annexes:
        out.line(2, "annexes:")
        for a in n.annexes:
            out.line(4, f"- {scalar(a)}")
    for field in ("signature", "date"):
        if getattr(n, field):
            out.line(2, f"{field}: {scalar(getattr(n, field))}")


def _unit(out: _Out, u: Unit) -> None:
    fields = [f"id: {u.id}", f"name: {scalar(u.name, flow=True)}"]
    if u.full_name:
        fields.append(f"full_name: {scalar(u.full_name, flow=True)}")
    fields.append(f"kind: {u.kind}")
    text = "- {" + ", ".join(fields) + "}"
    if u.comment and not u.notes:
        text += "  # " + out.say(u.comment)
    notes = list(u.notes) + ([u.comment] if u.comment and u.notes else [])
    out.line(2, text, notes or None)


def _ids(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _lead(lead) -> str:
    """One lead's id, or several as a list."""
    return _ids(lead) if isinstance(lead, list) else lead


def _target(out: _Out, t: Target, indent: int) -> None:
    for c in t.comments:
        out.comment(indent, c)
    out.line(indent, f'- id: "{t.id}"', t.notes.get(""))
    i = indent + 2
    out.line(i, f"name: {scalar(t.name)}", t.notes.get("name"))
    out.line(i, f"kind: {t.kind}", t.notes.get("kind"))
    if t.target is not None:
        out.line(i, f"target: {number(t.target)}", t.notes.get("target"))
        if t.stretch is not None:
            out.line(i, f"stretch: {number(t.stretch)}")
    if t.target is not None or (t.relative_to and t.unit):
        out.line(i, f"unit: {scalar(t.unit)}", t.notes.get("unit"))
    if t.compare != "at_least" or t.notes.get("compare"):
        out.line(i, f"compare: {t.compare}", t.notes.get("compare"))
    if t.qualifier:
        out.line(i, f"qualifier: {t.qualifier}")
    if t.tolerance is not None:
        out.line(i, f"tolerance: {number(t.tolerance)}", t.notes.get("tolerance"))
    if t.open_ended:
        out.line(i, "open_ended: true", t.notes.get("open_ended"))
    if t.goal:
        out.line(i, f"goal: {scalar(t.goal)}", t.notes.get("goal"))
    if t.relative_to:
        out.line(i, f'relative_to: "{t.relative_to}"', t.notes.get("relative_to"))
    if t.due:
        out.line(i, f"due: {scalar(t.due)}" + (f"  # {out.say('原文「' + t.due_words + '」')}" if t.due_words and not t.notes.get("due") else ""),
                 t.notes.get("due"))
    for key in ("due_set_by",):
        if getattr(t, key, None):
            out.line(i, f"{key}: {getattr(t, key)}")
    if t.lead:
        out.line(i, f"lead: {_lead(t.lead)}", t.notes.get("lead"))
    if t.co:
        out.line(i, f"co: {_ids(t.co)}", t.notes.get("co"))
    elif t.notes.get("co"):
        out.comment(i, "；".join(t.notes["co"]), mark=True)
    if t.leaders:
        out.line(i, f"leaders: {_ids(t.leaders)}", t.notes.get("leaders"))
    for key, value in t.extra.items():
        out.line(i, f"{key}: {_flow(value)}")
    out.line(i, f"source: {scalar(t.source)}", t.notes.get("source"))


def _point(out: _Out, p: Point, indent: int) -> None:
    for c in p.comments:
        out.comment(indent, c)
    pid = p.id if isinstance(p.id, int) else f'"{p.id}"'
    i = indent + 2
    out.line(indent, f"- id: {pid}", p.notes.get(""))
    out.line(i, f"title: {scalar(p.title)}", p.notes.get("title"))
    out.line(i, f"text: {scalar(p.text)}", p.notes.get("text"))
    out.line(i, f"lead: {_lead(p.lead)}", p.notes.get("lead"))
    if p.co:
        out.line(i, f"co: {_ids(p.co)}", p.notes.get("co"))
    elif p.notes.get("co"):
        out.comment(i, "；".join(p.notes["co"]), mark=True)
    if p.leaders:
        out.line(i, f"leaders: {_ids(p.leaders)}", p.notes.get("leaders"))
    if p.due:
        out.line(i, f"due: {scalar(p.due)}", p.notes.get("due"))
    out.line(i, "targets:")
    for t in p.targets:
        _target(out, t, i + 2)
