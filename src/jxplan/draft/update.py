"""A second draft over a corrected plan: the office's corrections are kept wherever the
text of an item did not change.

A value the office deleted (a ``co`` it struck out) is drafted again when the new documents
give one: only values written and reviewed are kept.

The corrected plan is read as data by the project's safe YAML reader (it need not validate:
an office may be half-way through its review). A value counts as reviewed when its line no
longer carries ``# 待核``: the office checks a value, corrects it, and deletes the mark. For
each task of the new draft whose words are the words of a task of the corrected plan
(compared across script, width and punctuation), every reviewed field of the old task is
kept (its name, kind, figure, unit, qualifier, tolerance, units, deadline, and anything the
office added: base, schedule, breakdown); what was still marked is drafted again, with its
mark. Points keep their reviewed title and units the same way, the plan its office settings,
and the units list its ids, names and kinds. Ids follow the new document's numbering.
"""

from __future__ import annotations

from typing import Any

from ..core.problems import Problem
from .items import Group, Leader, Plan, Point, Target, Unit
from .text import bare, fold

TARGET_FIELDS = ("name", "kind", "target", "stretch", "unit", "compare", "qualifier", "tolerance", "open_ended", "goal",
                 "due", "due_set_by", "relative_to", "lead", "co", "leaders", "base", "schedule", "breakdown")
EXTRA = ("base", "schedule", "breakdown", "due_set_by")
SETTINGS = ("office", "office_code", "bulletins", "assignment_status", "assignment_note")
HEAD = ("decomposition_title", "headline_title", "issued")  # the document's own facts the office may correct
KINDS = ("department", "county", "town", "subdistrict", "zone", "enterprise", "branch", "other")


class Old:
    """The corrected plan: its data, where each value stands, and the lines still marked."""

    def __init__(self, doc, marked: set[int]):
        self.doc = doc
        self.data = doc.data
        self.marked = marked

    def reviewed(self, loc: tuple) -> bool:
        """Whether the value at ``loc`` was reviewed: neither its line nor its key's carries a
        ``# 待核`` mark (a mapping's mark stands on its key: ``reporting:  # 待核：…``)."""
        return self.doc.place(loc).line not in self.marked and self.doc.place(loc, key=True).line not in self.marked


def load(path: str) -> tuple[Old | None, list[Problem]]:
    from .. import read as sources

    raw, problem = sources.read_capped(path, 4 * 1024 * 1024)
    if problem is not None:
        return None, [problem]
    assert raw is not None  # read_capped gives the bytes or the problem
    doc, problems = sources.parse(raw, path)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict) or not {"units", "headline", "sections"} & doc.data.keys() \
            or not isinstance(doc.data.get("units", []), list):
        return None, [doc.problem((), "draft-update", "--update 要的是一份計劃文件（有 units、headline、sections）")]
    text = raw.decode("utf-8", "replace").splitlines()
    marked = {n for n, line in enumerate(text, 1) if "# 待核" in line}
    return Old(doc, marked), [p for p in problems if not p.is_error]


def units(old: Old, given: list[Unit]) -> list[Unit]:
    """The units of the corrected plan (the office's ids, names and kinds), then any of the
    office's list it does not hold."""
    out: list[Unit] = []
    for i, u in enumerate(old.data.get("units") or []):
        if not isinstance(u, dict) or not isinstance(u.get("id"), str) or not isinstance(u.get("name"), str):
            continue
        if u["id"] == "daiding":
            continue
        kind = u.get("kind")
        unit = Unit(u["id"], u["name"], kind if isinstance(kind, str) and kind in KINDS else "other",
                    u.get("full_name") if isinstance(u.get("full_name"), str) else None, given=True)
        if not old.reviewed(("units", i)):
            unit.notes.append("上一份計劃中這個單位仍標著待核：請核對")
        out.append(unit)
    ids = {u.id for u in out}
    names = {fold(u.name) for u in out}
    out += [u for u in given if u.id not in ids and fold(u.name) not in names]
    return out


def groups(old: Old) -> list[Group]:
    """The corrected plan's groups, with the members the office listed; one still marked is
    said again."""
    out = []
    for i, g in enumerate(old.data.get("groups") or []):
        if isinstance(g, dict) and isinstance(g.get("id"), str) and isinstance(g.get("name"), str):
            members = [m for m in g.get("members") or [] if isinstance(m, str)]
            group = Group(g["id"], g["name"], members, given=True)
            if not old.reviewed(("groups", i)):
                group.notes.append("上一份計劃中這一組仍標著待核：請核對成員")
            out.append(group)
    return out


def leaders(old: Old) -> list[Leader]:
    """The corrected plan's leaders (ids, names, titles as the office wrote them)."""
    out = []
    for i, ld in enumerate(old.data.get("leaders") or []):
        if isinstance(ld, dict) and isinstance(ld.get("id"), str) and isinstance(ld.get("name"), str):
            leader = Leader(ld["id"], ld["name"], ld.get("title") if isinstance(ld.get("title"), str) else None)
            if not old.reviewed(("leaders", i)):
                leader.notes.append("上一份計劃中這位領導仍標著待核：請核對")
            out.append(leader)
    return out


def _key(text) -> str:
    return fold(bare(str(text))) if text else ""


def _old_targets(old: Old):
    """(target, its location) of every target of the corrected plan, at any depth of sections."""
    data = old.data
    for i, t in enumerate(data.get("headline") or []):
        if isinstance(t, dict):
            yield t, ("headline", i)
    yield from _section_targets(data.get("sections") or [], ("sections",))


def _section_targets(sections, base):
    for si, s in enumerate(sections):
        if not isinstance(s, dict):
            continue
        for pi, p in enumerate(s.get("points") or []):
            if isinstance(p, dict):
                for ti, t in enumerate(p.get("targets") or []):
                    if isinstance(t, dict):
                        yield t, base + (si, "points", pi, "targets", ti)
        yield from _section_targets(s.get("sections") or [], base + (si, "sections"))


def _old_points(old: Old, sections=None, base=("sections",)):
    for si, s in enumerate(sections if sections is not None else old.data.get("sections") or []):
        if not isinstance(s, dict):
            continue
        for pi, p in enumerate(s.get("points") or []):
            if isinstance(p, dict):
                yield p, base + (si, "points", pi)
        yield from _old_points(old, s.get("sections") or [], base + (si, "sections"))


def apply(plan: Plan, old: Old) -> dict:
    """Keep the corrected plan's reviewed values in ``plan``; the counts for the report."""
    stats: dict[str, Any] = {"points": 0, "targets": 0, "new": 0, "dropped": []}
    by_source: dict[str, list] = {}
    for t, loc in _old_targets(old):
        by_source.setdefault(_key(t.get("source")), []).append((t, loc))
    used: set[int] = set()
    for t in plan.targets():
        candidates = [c for c in by_source.get(_key(t.source), []) if id(c[0]) not in used]
        if not candidates:
            stats["new"] += 1
            continue
        pick = next((c for c in candidates if str(c[0].get("target", "")) == str(t.target or "")), candidates[0])
        used.add(id(pick[0]))
        _keep_target(t, pick[0], pick[1], old)
        stats["targets"] += 1
    by_text = {_key(p.get("text")): (p, loc) for p, loc in _old_points(old)}
    for p in plan.points():
        found = by_text.get(_key(p.text))
        if found:
            _keep_point(p, found[0], found[1], old)
            stats["points"] += 1
    for t, _ in _old_targets(old):
        if id(t) not in used:
            stats["dropped"].append(f"{t.get('id')} {t.get('name', '')}")
    for key in SETTINGS:
        if key != "bulletins" and key in old.data and old.reviewed((key,)):
            plan.settings[key] = old.data[key]
            plan.notes.pop(key, None)
    _keep_bulletins(plan, old)
    roles = old.data.get("roles")
    if isinstance(roles, dict) and old.reviewed(("roles",)):
        plan.roles = {k: v for k, v in roles.items() if k in ("lead", "co", "leader") and isinstance(v, str)}
    for key in HEAD:
        if key in old.data and old.reviewed((key,)) and getattr(plan, key) is None:
            setattr(plan, key, str(old.data[key]))
            plan.comments.pop(key, None)
    _keep_settings(plan, old)
    return stats


def _keep_target(t: Target, o: dict, loc: tuple, old: Old) -> None:
    for field in TARGET_FIELDS:
        if field not in o or not old.reviewed(loc + (field,)):
            continue  # not written (the new documents may give it), or still marked: drafted again
        value = o.get(field)
        t.notes.pop(field, None)
        if field in EXTRA:
            if value is not None:
                t.extra[field] = value
            continue
        if field in ("co", "leaders"):
            value = list(value) if isinstance(value, list) else []
        elif field == "lead" and isinstance(value, list):
            value = list(value)
        elif field == "relative_to" and value is not None:
            value = str(value)
        elif field == "open_ended":
            value = bool(value)
        elif field == "compare":
            value = value or "at_least"
        elif field in ("target", "stretch", "tolerance") and value is not None:
            value = getattr(value, "text", str(value))
        setattr(t, field, value)
    if old.reviewed(loc + ("id",)):
        t.notes.pop("", None)
    t.comments = [c for c in t.comments if not c.startswith("原文的單位組")]


def _keep_point(p: Point, o: dict, loc: tuple, old: Old) -> None:
    for field in ("title", "lead", "co", "leaders", "due"):
        if field not in o or not old.reviewed(loc + (field,)):
            continue
        value = o[field]
        p.notes.pop(field, None)
        if field in ("co", "leaders"):
            value = list(value) if isinstance(value, list) else []
        setattr(p, field, list(value) if isinstance(value, list) else value)


def _keep_bulletins(plan: Plan, old: Old) -> None:
    """The bulletins' settings the office reviewed, key by key; a quoted sentence still marked
    is chosen again from the new notice."""
    b = old.data.get("bulletins")
    if not isinstance(b, dict):
        return
    mine = dict(plan.settings.get("bulletins", {}))
    for k, v in b.items():
        if old.reviewed(("bulletins", k)):
            mine[k] = v
            plan.notes.pop(f"bulletins.{k}", None)
    if mine:
        plan.settings["bulletins"] = mine


def _keep_settings(plan: Plan, old: Old) -> None:
    """The office's reporting dates and threshold, moved to the new plan's year; its issuer
    when the new documents name none."""
    data = old.data
    rep = data.get("reporting")
    year = data.get("year")
    if isinstance(rep, dict) and isinstance(year, int) and old.reviewed(("reporting",)) and \
            all(old.reviewed(("reporting", q)) for q in rep):
        moved = {}
        for q, d in rep.items():
            text = str(d)
            try:
                y = int(text[:4])
                moved[q] = f"{y + plan.year - year:04d}{text[4:]}"
            except ValueError:
                break
        else:
            plan.settings["reporting"] = moved
            plan.notes.pop("reporting", None)
            plan.comments.setdefault("reporting", []).append("報送期限：沿用上一份計劃的設定（按年度順延）")
    th = data.get("thresholds")
    if isinstance(th, dict) and "serious" in th and old.reviewed(("thresholds", "serious")):
        plan.settings["thresholds"] = {"serious": getattr(th["serious"], "text", str(th["serious"]))}
        plan.notes.pop("thresholds", None)
    if "issuer" in plan.notes and isinstance(data.get("issuer"), str) and old.reviewed(("issuer",)):
        plan.issuer = data["issuer"]
        plan.notes.pop("issuer", None)
