"""Unit names as documents write them: split out of a cell, told apart (a department, a
county, a development zone, a group such as 各街道), and matched to the office's list of
units in either script and with the common short forms (市發改委 is 嘉興市發展和改革委員會).

A name that matches one unit of the list is that unit; a name that matches several, or
none, is kept as written and marked for review. Without a list, the units are drafted
from the names found, with ids the office can change (u01, u02 …).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .items import Group, Leader, Unit
from .text import OPEN, fold, top_level_split

GROUP = re.compile(r"^(?:各|相關|相关|有關|有关|其他|其它|全區|全区|全市|全縣|全县)|(?:成員單位|成员单位|各部門|各部门|各單位|各单位|"
                   r"各專班|各专班|各鄉鎮|各乡镇|各街道|鄉鎮辦|乡镇办|等單位|等单位|等部門|等部门)$")
COUNTY = re.compile(r"^[^\s]{1,6}(?:縣|县|市|區|区|旗)(?:人民政府|政府)?$")
# A unit's kind by its name (issue 20's kinds), first match wins; a doubt says why a person
# should look (a company that may be a higher level's branch, a name that says no kind).
_KINDS = (  # (pattern, kind, doubt or None)
    (re.compile(r"開發區|开发区|高新區|高新区|園區|园区|新區|新区|產業園|产业园|管委會|管委会|示範區|示范区|景區|景区|物流區|物流区"),
     "zone", None),
    (re.compile(r"(?:分局|分行|支行|中心支行|稅務局|税务局|海關|海关|氣象局|气象局|郵政管理局|邮政管理局|消防救援大隊|消防救援大队|"
                r"調查隊|调查队|供電局|供电局|煙草專賣局|烟草专卖局)$"), "branch", None),
    (re.compile(r"(?:供電|供电|電力|电力|煙草|烟草|移動|移动|電信|电信|聯通|联通|郵政|邮政|石油|石化|鐵路|铁路)[^、]*(?:公司|分公司)$"),
     "enterprise", "上級企業在本地的公司：也可能按垂直管理的派出機構（branch）看待，請核對"),
    (re.compile(r"(?:公司|集團|集团|銀行|银行)$"), "enterprise", None),
    (re.compile(r"(?:街道|街道辦事處|街道办事处|街道辦|街道办|街辦|街办)$"), "subdistrict", None),
    (re.compile(r"(?:鎮|镇|鄉|乡)(?:人民政府|政府)?$"), "town", None),
)
DEPARTMENT = re.compile(r"(?:局|委|辦|办|委員會|委员会|辦公室|办公室|部|廳|厅)$")
GOVERNMENT = ("人民政府", "政府")


_BAD = re.compile(r"[<>\[\]`*_\\#]")  # marks a name may not hold (they reshape a document's tables)


def split_names(cell: str) -> list[str]:
    """The unit names of a cell or a list: split at 、，；/ and line breaks outside brackets,
    a shared ending given back to each (咸安區、嘉魚縣、通山縣人民政府 is three governments)."""
    text = re.sub(r"\s*\n\s*", "\n", cell.strip())
    out: list[str] = []
    for chunk in top_level_split(text, "，,；;/／|｜\n"):  # 、 joins names closer than a comma does
        names = [_BAD.sub("", n).strip(" 　:：。.等") for n in top_level_split(chunk, "、")]
        out += _shared_ending([n for n in names if n])
    return out


def _shared_ending(names: list[str]) -> list[str]:
    """咸安區、嘉魚縣、通山縣人民政府: the last name's 人民政府 belongs to each bare place before it."""
    if len(names) < 2:
        return names
    last = names[-1]
    ending = next((g for g in GOVERNMENT if last.endswith(g) and COUNTY.match(last)), None)
    if ending is None:
        return names
    out = list(names)
    j = len(out) - 2
    while j >= 0 and re.fullmatch(r"[^\s]{1,6}(?:縣|县|市|區|区|旗|鎮|镇|鄉|乡)", out[j]):
        out[j] = out[j] + ending
        j -= 1
    return out


def is_group(name: str) -> bool:
    """A class of units (各街道, 相關鄉鎮辦, 區直各部門, …成員單位), not one unit."""
    return bool(GROUP.search(name))


def kind_of(name: str) -> tuple[str, str | None]:
    """(kind, doubt) of a unit by its name, as issue 20 names the kinds: a zone (…開發區, 園區,
    管委會), a branch of a higher level (…分局, 稅務局), an enterprise (…公司, 集團), a
    sub-district (…街道, 街辦), a town (…鎮, 鄉), a county (…縣, 市, 區 as a place), a
    department (…局, 委, 辦); else ``other``. The doubt is None when the name says it plainly."""
    for pattern, kind, doubt in _KINDS:
        if pattern.search(name):
            return kind, doubt
    if COUNTY.match(name) and not re.search(r"局|委|辦|办|中心|院|隊|队|會|会|所|站|社", name):
        return "county", None
    if DEPARTMENT.search(name):
        return "department", None
    return "other", NO_KIND


NO_KIND = "名稱看不出是部門、縣區、鄉鎮、街道、園區還是企業：暫寫 other（其他單位），請核對"


# Groups whose members the units list gives: every unit of these kinds (各街道, 各鄉鎮, 各縣（市、區）).
# A group of "the relevant ones" (相關…, 有關…) or of every department names no members a list can give.
_GROUP_KINDS = (("subdistrict", re.compile(r"街道|街辦|街办|鄉鎮辦|乡镇办|鎮（街道）|镇（街道）|鎮街|镇街")),
                ("town", re.compile(r"鄉鎮|乡镇|各鎮|各镇|各鄉|各乡")),
                ("county", re.compile(r"縣（市、區）|县（市、区）|縣市區|县市区|縣（市）區|各區|各区|各縣|各县|縣區|县区")))
_SOME = re.compile(r"^(?:相關|相关|有關|有关|其他|其它|部分)")


def group_kinds(name: str) -> list[str]:
    """The unit kinds a group's name covers whole (各街道: subdistrict), or none when the name
    does not say which units it holds (相關鄉鎮辦, 區直各部門, 各相關單位)."""
    if _SOME.search(name) or not name.startswith(("各", "全")):
        return []
    return [kind for kind, pattern in _GROUP_KINDS if pattern.search(name)]


# A leader's title as documents write it beside the name (副區長王某某, 王某某（副區長）, 區長)
TITLE = re.compile(r"(?:常務|常务|分管)?副?(?:省長|省长|市長|市长|區長|区长|縣長|县长|鎮長|镇长|主任|書記|书记|秘書長|秘书长|部長|部长|"
                   r"局長|局长|主席|調研員|调研员|處長|处长)")


def _leader_title(words: str) -> tuple[str, str | None]:
    """(name, title) of a leader cell: the title only when the cell writes one around a name."""
    w = re.sub(r"\s+", "", words)
    if TITLE.fullmatch(w):
        return w, None
    m = re.fullmatch(rf"(?P<name>[^（(]{{2,4}})[（(](?P<title>{TITLE.pattern})[)）]", w) or \
        re.fullmatch(rf"(?P<title>(?:[^、]{{0,6}}?){TITLE.pattern})(?P<name>[^（(]{{2,3}})", w) or \
        re.fullmatch(rf"(?P<name>[^（(]{{2,3}})(?P<title>{TITLE.pattern})", w)
    if m and not TITLE.search(m.group("name")):
        return m.group("name"), m.group("title")
    return w, None


# ---- matching a name to the office's list -----------------------------------------------------

LEVEL = ("市", "區", "区", "縣", "县")
_PLACE = re.compile(r"^(?:[^\s]{1,6}?(?:省|市|縣|县|區|区|州|盟|旗))?")


@dataclass
class Match:
    unit: Unit | None
    candidates: list[Unit]
    how: str  # exact | full | script | short | none | ambiguous


def _ending(name: str) -> str:
    m = re.search(r"(委員會|委员会|委|局|辦公室|办公室|辦|办|中心|院|公司|集團|集团|會|会|隊|队|所|站|社|政府|街道|鎮|镇|鄉|乡|"
                  r"縣|县|市|區|区|管委會|管委会|分局|支行)$", name)
    return fold(m.group(1)) if m else ""


_ENDING_FOLD = {"委员会": "委", "委": "委", "办公室": "办", "办": "办", "管委会": "管委"}


def _short_form(short: str, full: str) -> bool:
    """Whether ``short`` abbreviates ``full``: same level word (市, 區, 縣) or place, the same
    kind of body at the end (局, 委, 辦…), and its other characters in order in the full name
    (市發改委 in 嘉興市發展和改革委員會; 區人社局 in 某區人力資源和社會保障局)."""
    s, f = fold(short), fold(full)
    if len(s) < 3 or len(s) >= len(f):
        return False
    es, ef = _ENDING_FOLD.get(_ending(short), _ending(short)), _ENDING_FOLD.get(_ending(full), _ending(full))
    if not es or es != ef:
        return False
    level = s[0] if s[0] in "市区县" else ""
    body_s = s[1:] if level else s
    found = _PLACE.match(f)
    assert found is not None  # the pattern matches every text (its place is optional)
    place = found.group(0)
    if level and not (place.endswith(level) or not place):
        return False
    body_f = f[len(place):] if place else f[1:] if level and f.startswith(level) else f
    it = iter(body_f)
    return all(ch in it for ch in body_s) and body_s[:1] == body_f[:1]


def match(name: str, units: list[Unit]) -> Match:
    """The unit of the office's list that ``name`` names, and how it was found."""
    for how, same in (("exact", lambda u: u.name == name or u.full_name == name),
                      ("script", lambda u: fold(u.name) == fold(name) or (u.full_name and fold(u.full_name) == fold(name)))):
        found = [u for u in units if same(u)]
        if len(found) == 1:
            return Match(found[0], found, how)
        if len(found) > 1:
            return Match(None, found, "ambiguous")
    found = [u for u in units if _short_form(name, u.full_name or "") or _short_form(name, u.name)
             or _short_form(u.name, name) or (u.full_name and _short_form(u.full_name, name))]
    if len(found) == 1:
        return Match(found[0], found, "short")
    return Match(None, found, "ambiguous" if found else "none")


class Roster:
    """The units of the plan being drafted: the office's list, and the names found that it
    does not hold (kept as written, marked), in the order first met."""

    def __init__(self, given: list[Unit], groups: Sequence[Group] = (), leaders: Sequence[Leader] = ()):
        self.units: list[Unit] = list(given)
        self.by_name: dict[str, Unit] = {}
        self.notes: dict[str, str] = {}  # unit id -> why it is marked
        self.groups: list[Group] = list(groups)
        self.leaders: list[Leader] = list(leaders)
        self.given = bool(given)
        self.matched = 0

    def group(self, name: str) -> Group:
        """The group a document names (各街道), the same one each time it is met; its members
        are listed once every unit is known (``members``)."""
        key = fold(name)
        for g in self.groups:
            if fold(g.name) == key:
                return g
        used = {x.id for x in self.groups}
        g = Group(next(f"g{n:02d}" for n in range(1, len(self.groups) + 2) if f"g{n:02d}" not in used), name)
        self.groups.append(g)
        return g

    def leader(self, words: str) -> Leader:
        """The leader a document names (杜新國, 王某某副區長): a title only when written."""
        name, title = _leader_title(words)
        for ld in self.leaders:
            if fold(ld.name) == fold(name):
                return ld
        used = {x.id for x in self.leaders}
        ld = Leader(next(f"l{n:02d}" for n in range(1, len(self.leaders) + 2) if f"l{n:02d}" not in used), name, title)
        if title is None and TITLE.fullmatch(name):
            ld.notes.append("原文只寫了職務，沒有寫姓名：請填寫姓名，職務寫在 title")
        self.leaders.append(ld)
        return ld

    def members(self) -> None:
        """Each group's members: every unit of the kinds its name covers whole (各街道); none
        for a group whose name does not say which units it holds, marked for the office."""
        for g in self.groups:
            if g.given:
                continue
            kinds = group_kinds(g.name)
            g.members = [u.id for u in self.units if u.kind in kinds and u.id != "daiding"]
            if not kinds:
                g.notes.append("原文沒有列出這一組的成員：請列出 members（成員單位的編號），否則這一組不報告、不問責")
            elif not g.members:
                g.notes.append("單位名單中沒有這一類的單位：請列出 members（成員單位的編號）")
            elif not self.given:
                g.notes.append("成員是起草時按類別取自原文出現的單位：請核對是否齊全")

    def resolve(self, name: str) -> Unit:
        """The unit ``name`` names: from the list, or added to it (marked when a list was given)."""
        key = fold(name)
        if key in self.by_name:
            return self.by_name[key]
        m = match(name, self.units)
        if m.unit is not None:
            unit = m.unit
            self.matched += 1
        else:
            unit = self._new(name, m)
        self.by_name[key] = unit
        return unit

    def _new(self, name: str, m: Match) -> Unit:
        kind, words = kind_of(name)
        n = len(self.units) + 1
        used = {u.id for u in self.units}
        uid = f"u{n:02d}"
        while uid in used:
            n += 1
            uid = f"u{n:02d}"
        unit = Unit(uid, name, kind)
        if len(name) > 30:
            unit.notes.append("這個名稱很長，不像一個單位的名稱：請核對原表的這一格")
        if words:
            unit.notes.append(words)
        if m.how == "ambiguous":
            shown = "、".join(u.name for u in m.candidates[:4])
            unit.notes.append(f"「{name}」可能是名單中的{shown}，無法確定是哪一個；請改用名單中的編號或刪去這一項")
        elif self.given:
            unit.notes.append(f"單位名單中沒有「{name}」：按原文新增，請核對名稱和類別")
        self.units.append(unit)
        return unit


__all__ = ["split_names", "is_group", "kind_of", "group_kinds", "match", "Roster", "OPEN"]
