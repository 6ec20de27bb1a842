"""What a user asks for, in the plan's own terms: units, sections, points, targets,
statuses and quarters named as people name them, in either script.

Each function returns ids, or raises ``Unknown`` with a message that lists what exists
and suggests the nearest name; nothing is guessed on the user's behalf.
"""

from __future__ import annotations

from ..core.names import did_you_mean, unit_names
from ..core.script import fold, lookup
from ..core.terms import LABELS, OPEN_ENDED_LABELS, QUARTERS, SHORT_LABELS, STATUSES, parse_quarter

SECTION_NUMERALS = {n: str(i) for i, n in enumerate("一二三四五六七八九十", 1)}


class Unknown(ValueError):
    """A name that names nothing; the message says what does."""


def _listing(items, limit: int = 12) -> str:
    items = list(items)
    shown = "、".join(items[:limit])
    return shown + (f" 等 {len(items)} 個" if len(items) > limit else "")


def unit(index, given: str) -> str:
    """A unit by its id, short name or full name (either script)."""
    uid = index.unit_id(given)
    if uid is not None:
        return uid
    hint = did_you_mean(given, unit_names(index.plan))
    raise Unknown(f"計劃中沒有單位「{given}」{hint or '；可用 jxplan units 查看所有單位'}")


def leader(index, given: str) -> str:
    """A leader by id or name (either script)."""
    names = {x.id: x.id for x in index.plan.leaders}
    names.update({x.name: x.id for x in index.plan.leaders})
    found = lookup(given.strip(), names)
    if found is None:
        if not index.plan.leaders:
            raise Unknown(f"計劃沒有列出{index.roles.leader}（leaders）")
        raise Unknown(f"計劃中沒有{index.roles.leader}「{given}」{did_you_mean(given, names) or '；可用：' + _listing(x.name for x in index.plan.leaders)}")
    return found


def units(index, given) -> list[str]:
    return [unit(index, g) for g in given or ()]


def sections(plan, given) -> list[str]:
    """Top-level parts as text: '0' (the headline targets), '1'…'8' (a part's number, or its
    place when it has none: ``TargetStatus.section``); 一…八 accepted."""
    keys = [str(s.id if s.id is not None else i) for i, s in enumerate(plan.sections, 1)]
    have = ["0"] + keys
    out = []
    for g in given or ():
        s = SECTION_NUMERALS.get(g.strip().rstrip("、"), g.strip())
        if s not in have:
            listing = f"0（{plan.headline_title or '主要預期目標'}）、" + "、".join(
                f"{k}（{x.title}）" for k, x in zip(keys, plan.sections, strict=True))
            raise Unknown(f"沒有第「{g}」部分；可用：{listing}")
        out.append(s)
    return out


def points(index, given) -> list[str]:
    """Point ids as text ('2', 'S8')."""
    have = {str(pr.point.id): str(pr.point.id) for pr in index.points}
    out = []
    for g in given or ():
        found = lookup(g.strip(), have)
        if found is None:
            target = "；這是目標的編號，請用 --target" if any(r.id == g.strip() for r in index.refs) else ""
            raise Unknown(f"沒有工作要點「{g}」{target}；可用：{_listing(have, 30)}")
        out.append(found)
    return out


def targets(index, given) -> list[str]:
    """Targets by id or name (either script)."""
    names = {r.id: r.id for r in index.refs}
    names.update({r.target.name: r.id for r in index.refs})
    out = []
    for g in given or ():
        found = lookup(g.strip(), names)
        if found is None:
            raise Unknown(f"沒有目標「{g}」{did_you_mean(g, names) or '；可用 jxplan decomposition 查看所有目標'}")
        out.append(found)
    return out


# the ids, the labels, the short labels, and the labels of open-ended tasks (持續推進 is on
# track, 未啟動 behind, 全年未啟動 not achieved): every word a status column prints
STATUS_NAMES = {**{s: s for s in STATUSES}, **{v: k for k, v in LABELS.items()}, **{v: k for k, v in SHORT_LABELS.items()},
                **{v: k for k, v in OPEN_ENDED_LABELS.items()}}


def status(given: str) -> str:
    """A status by id ('behind') or Chinese label ('滯後', '滞后', '達進度')."""
    found = lookup(given.strip(), STATUS_NAMES)
    if found is None:
        listing = "、".join(f"{LABELS[s]}（{s}）" for s in STATUSES)
        raise Unknown(f"「{given}」不是狀態；可用：{listing}")
    return found


_OPEN_ONLY = {v: k for k, v in OPEN_ENDED_LABELS.items()}


def statuses(given) -> list:
    """The statuses asked for by ``--status``: a status id, or ``("open_ended", id)`` for a
    label only open-ended tasks carry (持續推進, 未啟動, 全年未啟動), which selects those tasks
    alone: ``--status 未啟動`` lists the tasks not started, not every target behind."""
    out = []
    for g in given or ():
        code = status(g)
        out.append(("open_ended", code) if lookup(g.strip(), _OPEN_ONLY) is not None else code)
    return out


def quarter(given: str) -> str:
    q = parse_quarter(fold(given))
    if q is None:
        raise Unknown(f"「{given}」不是季度；請寫 {'、'.join(QUARTERS)}（也可寫 q2、2、二季度、上半年）")
    return q
