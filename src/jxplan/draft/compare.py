"""A draft measured against a plan encoded by hand, item by item (the test and the benchmark
both call ``compare``).

* An **item** of the hand plan is found when the draft has a task with the same source words
  (compared across script, width and punctuation; a ``…`` in a hand-written source stands
  for words left out, so its parts must appear in order in the draft's source).
* A **figure** (a hand target with a number) is the same when the draft has a target in the
  same place (a found item's, or one whose words hold the hand's or are held by them) with
  the same value, unit, kind and direction (``compare``); its **deadline** is the same when
  both name the same quarter (or neither names one).
* A figure of the draft that no hand target sets (its value and unit), or a source that is not
  the document's words, is **invented**.
* For each item found: its **leads** are the same (every lead, by name, groups by their name),
  its **leaders** the same (by name), a **relative** target is judged against the same target
  (by that target's words). For the plan: its **role words**, its **groups** (by name) and the
  **kind** of every unit both plans name.

Both plans are read as plain data, so a hand encoding in the extended format (nested
sections, several leads) is measured the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .text import bare, fold


@dataclass
class Comparison:
    items: int = 0
    found: int = 0
    figures: int = 0
    figures_same: int = 0
    deadlines: int = 0
    deadlines_same: int = 0
    drafted: int = 0
    merged: int = 0  # hand items not found whose words lie whole in one drafted task that holds more
    missed: list[str] = field(default_factory=list)  # hand ids not found, with the hand's words
    figure_misses: list[str] = field(default_factory=list)  # hand ids, with what differs
    deadline_misses: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)  # draft ids, with what
    extra: list[str] = field(default_factory=list)  # draft tasks whose words no hand task has
    units: int = 0  # hand items with a lead, found
    units_same: int = 0  # … whose draft lead is the same unit (by name)
    unit_misses: list[str] = field(default_factory=list)
    leads_named: bool = False  # the draft names a unit anywhere (not only the placeholder)
    leaders: int = 0  # hand items with leaders, found
    leaders_same: int = 0
    relative: int = 0  # hand targets judged against another, found
    relative_same: int = 0
    roles: int = 0  # role words the hand plan names
    roles_same: int = 0
    groups: int = 0  # the hand plan's groups
    groups_same: int = 0  # … that the draft has by the same name
    kinds: int = 0  # units both plans name
    kinds_same: int = 0  # … of the same kind
    other_misses: list[str] = field(default_factory=list)  # leaders, relative, roles, groups, kinds

    @property
    def share(self) -> float:
        return self.found / self.items if self.items else 1.0

    def lines(self) -> list[str]:
        """The figures as a report prints them."""
        out = [f"items found with the same source words: {self.found}/{self.items} ({self.share:.1%}); "
               f"of the rest, {self.merged} lie whole inside a larger drafted task, {self.items - self.found - self.merged} "
               "are cut across drafted tasks",
               f"figures the same (value, unit, kind, direction): {self.figures_same}/{self.figures}",
               f"deadlines the same: {self.deadlines_same}/{self.deadlines}",
               f"invented (figures no hand target sets, words not the document's): {len(self.invented)}",
               f"draft tasks with words no hand task has: {len(self.extra)} of {self.drafted}"]
        if self.units and self.leads_named:
            out.append(f"leads the same units: {self.units_same}/{self.units}")
        elif self.units:
            out.append("leads: the document names none (each is the placeholder, marked)")
        extended = [(w, a, b) for w, a, b in (("role words", self.roles_same, self.roles), ("groups", self.groups_same, self.groups),
                                             ("unit kinds", self.kinds_same, self.kinds),
                                             ("leaders", self.leaders_same, self.leaders),
                                             ("relative targets", self.relative_same, self.relative)) if b]
        if extended:
            out.append("the same " + ", ".join(f"{w} {a}/{b}" for w, a, b in extended))
        return out


def targets(plan: dict) -> list[dict]:
    """Every target of a plan's data, headline first, then the sections' at any depth; each
    with its point's units when it names none (``_lead``) and its units' names (``_names``)."""
    names = {u.get("id"): u.get("name") for u in (plan.get("units") or []) + (plan.get("groups") or []) if isinstance(u, dict)}
    leaders = {x.get("id"): x.get("name") for x in plan.get("leaders") or [] if isinstance(x, dict)}
    out = []
    for t in plan.get("headline") or []:
        if isinstance(t, dict):
            out.append({**t, "_lead": t.get("lead"), "_names": names, "_leaders": _named(t.get("leaders"), leaders)})
    out += _sections(plan.get("sections") or [], names, leaders)
    return out


def _named(ids, names: dict) -> list[str]:
    """Ids as the names they stand for (folded), in order."""
    ids = ids if isinstance(ids, list) else [ids] if ids else []
    return [fold(str(names.get(i, i))) for i in ids]


def _sections(sections, names, leaders) -> list[dict]:
    out = []
    for s in sections:
        if not isinstance(s, dict):
            continue
        for p in s.get("points") or []:
            if not isinstance(p, dict):
                continue
            for t in p.get("targets") or []:
                if isinstance(t, dict):
                    end_state = t.get("kind") == "milestone" and not t.get("open_ended")
                    out.append({**t, "_lead": t.get("lead") or p.get("lead"), "_names": names, "_text": p.get("text", ""),
                                "_leaders": _named(t.get("leaders") or p.get("leaders"), leaders),
                                "due": t.get("due") or (p.get("due") if end_state else None)})
        out += _sections(s.get("sections") or [], names, leaders)
    return out


def _key(text) -> str:
    return fold(bare(str(text or ""))).rstrip(".;")


def _holds(draft_key: str, hand_source: str) -> bool:
    """Whether a draft's source is the hand's (with ``…`` for words the hand left out)."""
    parts = [_key(p) for p in str(hand_source).split("…") if _key(p)]
    if len(parts) <= 1:
        return draft_key == (parts[0] if parts else "")
    at = 0
    for part in parts:
        at = draft_key.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return draft_key.startswith(parts[0]) and draft_key.endswith(parts[-1])


def _number(value) -> Decimal | None:
    try:
        return Decimal(str(getattr(value, "text", value)))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _quarter(due) -> str | None:
    """A due as a quarter: Q2, or the words of a month or a date (6月底前, 9月30日前)."""
    if due in (None, "", "Q4"):
        return None
    text = str(due)
    if text in ("Q1", "Q2", "Q3"):
        return text
    from .figures import deadline

    d = deadline(text)
    return None if d is None or d.quarter == "Q4" else d.quarter


def _lead_names(t: dict) -> list[str]:
    """Every lead of a target, by name (folded), in order."""
    return _named(t.get("_lead"), t["_names"])


def compare(drafted: dict, hand: dict, text: str = "") -> Comparison:
    """How ``drafted`` (a draft's data) agrees with ``hand`` (a plan encoded by hand, as data);
    ``text`` is the document's text, for telling the document's words from invented ones."""
    c = Comparison()
    mine = targets(drafted)
    theirs = targets(hand)
    c.items, c.drafted = len(theirs), len(mine)
    c.leads_named = any(t.get("_lead") not in (None, "daiding") for t in mine)
    keys = [_key(t.get("source")) for t in mine]
    used: set[int] = set()
    for h in theirs:
        hid = str(h.get("id"))
        same = [i for i, k in enumerate(keys) if _holds(k, h.get("source", ""))]
        pick = _pick(same, mine, h, used)
        if pick is None:
            c.missed.append(f"{hid} {bare(str(h.get('source', '')))}")
            hk = _key(h.get("source")).replace("…", "")
            c.merged += any(hk and hk in k for k in keys)
        else:
            used.add(pick)
            c.found += 1
        if h.get("target") is not None:
            c.figures += 1
            d = mine[pick] if pick is not None else _near(mine, h, used)
            why = _differs(d, h)
            if why:
                c.figure_misses.append(f"{hid} {why}")
            else:
                c.figures_same += 1
        if pick is not None:
            c.deadlines += 1
            if _quarter(mine[pick].get("due")) == _quarter(h.get("due")):
                c.deadlines_same += 1
            else:
                c.deadline_misses.append(f"{hid} hand {h.get('due')} draft {mine[pick].get('due')}")
            if h.get("_lead") and h.get("_lead") != "daiding":
                c.units += 1
                if _lead_names(mine[pick]) == _lead_names(h):
                    c.units_same += 1
                else:
                    c.unit_misses.append(f"{hid} hand {'、'.join(_lead_names(h))} draft {'、'.join(_lead_names(mine[pick]))}")
            _found_item(c, hid, mine[pick], h, mine, theirs)
    _whole_plan(c, drafted, hand)
    figures = {(_number(h.get("target")), fold(str(h.get("unit", "")))) for h in theirs if h.get("target") is not None}
    whole = fold(text) if text else ""
    for i, t in enumerate(mine):
        if t.get("target") is not None and (_number(t.get("target")), fold(str(t.get("unit", "")))) not in figures:
            c.invented.append(f"{t.get('id')} figure {t.get('target')}{t.get('unit')} ({bare(str(t.get('source')))})")
        if whole and _key(t.get("source")) and _key(t.get("source")) not in whole.replace(",", "").replace(";", "") \
                and fold(bare(str(t.get("source")))) not in whole:
            c.invented.append(f"{t.get('id')} words not in the document: {t.get('source')}")
        if i not in used and not any(_holds(keys[i], h.get("source", "")) for h in theirs):
            c.extra.append(f"{t.get('id')} {bare(str(t.get('source')))}")
    return c


def _found_item(c: Comparison, hid: str, d: dict, h: dict, mine: list[dict], theirs: list[dict]) -> None:
    """A found item's leaders and the target it is judged against, as the hand's."""
    if h.get("_leaders"):
        c.leaders += 1
        if d.get("_leaders") == h.get("_leaders"):
            c.leaders_same += 1
        else:
            c.other_misses.append(f"{hid} leaders hand {'、'.join(h['_leaders'])} draft {'、'.join(d.get('_leaders') or [])}")
    if h.get("relative_to") is not None:
        c.relative += 1
        other_h = next((t for t in theirs if str(t.get("id")) == str(h["relative_to"])), {})
        other_d = next((t for t in mine if str(t.get("id")) == str(d.get("relative_to"))), {}) if d.get("relative_to") else {}
        if other_d and _key(other_d.get("source")) == _key(other_h.get("source")):
            c.relative_same += 1
        else:
            c.other_misses.append(f"{hid} relative_to hand {h['relative_to']} draft {d.get('relative_to')}")


def _whole_plan(c: Comparison, drafted: dict, hand: dict) -> None:
    """The plan's role words, groups (by name) and the kinds of the units both name."""
    def units(plan):
        return {fold(str(u.get("name"))): u.get("kind") for u in plan.get("units") or [] if isinstance(u, dict)}

    roles_h, roles_d = hand.get("roles") or {}, drafted.get("roles") or {}
    for k, v in roles_h.items():
        c.roles += 1
        if fold(str(roles_d.get(k, ""))) == fold(str(v)):
            c.roles_same += 1
        else:
            c.other_misses.append(f"roles.{k} hand {v} draft {roles_d.get(k)}")
    groups_d = {fold(str(g.get("name"))) for g in drafted.get("groups") or [] if isinstance(g, dict)}
    for g in hand.get("groups") or []:
        c.groups += 1
        if fold(str(g.get("name"))) in groups_d:
            c.groups_same += 1
        else:
            c.other_misses.append(f"group {g.get('name')} not drafted")
    mine = units(drafted)
    for name, kind in units(hand).items():
        if name in mine:
            c.kinds += 1
            if mine[name] == kind:
                c.kinds_same += 1
            else:
                c.other_misses.append(f"kind of {name} hand {kind} draft {mine[name]}")


def _pick(same: list[int], mine: list[dict], h: dict, used: set[int]) -> int | None:
    """Of the draft's targets with the hand's words, the one that is this hand target: the
    same figure first, then the first not yet taken."""
    free = [i for i in same if i not in used]
    if not free:
        return None
    value = _number(h.get("target"))
    for i in free:
        if value is not None and _number(mine[i].get("target")) == value:
            return i
    return free[0]


def _near(mine: list[dict], h: dict, used: set[int]) -> dict | None:
    """A draft target with the hand's figure whose words hold the hand's or are held by them."""
    hk = _key(h.get("source"))
    value, unit = _number(h.get("target")), fold(str(h.get("unit", "")))
    for t in mine:
        tk = _key(t.get("source"))
        if _number(t.get("target")) == value and fold(str(t.get("unit", ""))) == unit and tk and (tk in hk or hk in tk):
            return t
    return None


def _differs(d: dict | None, h: dict) -> str | None:
    """What differs between a drafted figure and the hand's, or None."""
    if d is None:
        return f"not found ({h.get('target')}{h.get('unit')}: {bare(str(h.get('source', '')))})"
    out = []
    if _number(d.get("target")) != _number(h.get("target")):
        out.append(f"value {d.get('target')} ≠ {h.get('target')}")
    if fold(str(d.get("unit", ""))) != fold(str(h.get("unit", ""))):
        out.append(f"unit {d.get('unit')} ≠ {h.get('unit')}")
    if d.get("kind") != h.get("kind"):
        out.append(f"kind {d.get('kind')} ≠ {h.get('kind')}")
    if (d.get("compare") or "at_least") != (h.get("compare") or "at_least"):
        out.append(f"compare {d.get('compare') or 'at_least'} ≠ {h.get('compare') or 'at_least'}")
    return "; ".join(out) or None


# ---- measuring a folder: a document as obtained, its table, and its hand encoding ------------------

def obtained(markdown: str) -> str:
    """The text of a ``source.md`` as obtained: its fenced ``text`` blocks under headings that
    say "as obtained", in order (notes and context blocks left out)."""
    import re

    out, keep = [], False
    for block in re.split(r"(?m)^(#{1,6} .*)$", markdown):
        if re.match(r"#{1,6} ", block):
            keep = "as obtained" in block.lower()
            continue
        if keep:
            out += re.findall(r"```text\n(.*?)```", block, re.S)
    return "\n".join(out)


def measure(folder, work) -> tuple[Comparison, object]:
    """Draft the document of ``folder`` (its ``source.md`` as obtained, and its ``table.xlsx``
    when there is one, as the decomposition) into ``work`` and compare with its ``plan.yaml``."""
    from pathlib import Path

    from .. import read as sources
    from . import draft

    folder, work = Path(folder), Path(work)
    text = obtained((folder / "source.md").read_text(encoding="utf-8"))
    notice = work / f"{folder.name}.txt"
    notice.write_text(text, encoding="utf-8")
    table = folder / "table.xlsx"
    made = draft(str(notice), str(table) if table.exists() else None)
    if not text.strip() and table.exists():
        made = draft(str(table))
    hand = sources.parse((folder / "plan.yaml").read_bytes(), str(folder / "plan.yaml"))[0]
    assert made.text is not None and hand is not None  # the documents measured are drafted; the hand's plan reads
    drafted = sources.parse(made.text.encode("utf-8"), "draft.yaml")[0]
    assert drafted is not None  # a draft is YAML jxplan reads
    return compare(drafted.data, hand.data, text), made
