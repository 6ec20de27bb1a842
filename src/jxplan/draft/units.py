"""Unit names as documents write them: split out of a cell, told apart (a department, a
county, a development zone, a group such as 各街道), and matched to the office's list of
units in either script and with the common short forms (市發改委 is 嘉興市發展和改革委員會).

A name that matches one unit of the list is that unit; a name that matches several, or
none, is kept as written and marked for review. Without a list, the units are drafted
from the names found, with ids the office can change (u01, u02 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .items import Unit
from .text import OPEN, fold, top_level_split

GROUP = re.compile(r"^(?:各|相關|相关|有關|有关|其他|其它|全區|全区|全市|全縣|全县)|(?:成員單位|成员单位|各部門|各部门|各單位|各单位|"
                   r"各專班|各专班|各鄉鎮|各乡镇|各街道|鄉鎮辦|乡镇办|等單位|等单位|等部門|等部门)$")
COUNTY = re.compile(r"^[^\s]{1,6}(?:縣|县|市|區|区|旗)(?:人民政府|政府)?$")
_KINDS = (  # (pattern, kind as issue 20 names it, words for the comment)
    (re.compile(r"(?:開發區|开发区|高新區|高新区|園區|园区|新區|新区|產業園|产业园|管委會|管委会|示範區|示范区|景區|景区|物流區|物流区)"),
     "zone", "開發區或園區"),
    (re.compile(r"(?:公司|集團|集团|銀行|银行)$"), "enterprise", "企業"),
    (re.compile(r"(?:街道|街道辦事處|街道办事处|街辦|街办|辦事處|办事处)$"), "subdistrict", "街道"),
    (re.compile(r"(?:鎮|镇|鄉|乡)(?:人民政府|政府)?$"), "town", "鄉鎮"),
    (re.compile(r"(?:分局|支行|中心支行|稅務局|税务局|供電公司|供电公司|海關|海关|氣象局|气象局|郵政管理局|邮政管理局|消防救援大隊|消防救援大队)$"),
     "branch", "上級部門的派出或垂直管理機構"),
)
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
    """(kind, words) of a unit by its name: ``county`` for a county, a county-level city or a
    district (and its government), ``department`` for a bureau, else what issue 20's kinds
    call it (zone, enterprise, subdistrict, town, branch) with the words for a comment."""
    if COUNTY.match(name) and not re.search(r"局|委|辦|办|中心|院|隊|队|會|会|所|站|社", name):
        return "county", None
    for pattern, kind, words in _KINDS:
        if pattern.search(name):
            return kind, words
    return "department", None


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
    place = _PLACE.match(f).group(0)
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

    def __init__(self, given: list[Unit]):
        self.units: list[Unit] = list(given)
        self.by_name: dict[str, Unit] = {}
        self.notes: dict[str, str] = {}  # unit id -> why it is marked
        self.groups: dict[str, list[str]] = {}  # group name -> where it was met
        self.given = bool(given)
        self.matched = 0

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
        unit = Unit(uid, name, "county" if kind == "county" else "department")
        if len(name) > 30:
            unit.notes.append("這個名稱很長，不像一個單位的名稱：請核對原表的這一格")
        if kind not in ("county", "department"):
            unit.comment = f"{words}（{kind}）：現行格式只有 department 和 county 兩類，暫寫 department"
        if m.how == "ambiguous":
            shown = "、".join(u.name for u in m.candidates[:4])
            unit.notes.append(f"「{name}」可能是名單中的{shown}，無法確定是哪一個；請改用名單中的編號或刪去這一項")
        elif self.given:
            unit.notes.append(f"單位名單中沒有「{name}」：按原文新增，請核對名稱和類別")
        self.units.append(unit)
        return unit


__all__ = ["split_names", "is_group", "kind_of", "match", "Roster", "OPEN"]
