"""Commitments in a clause: each figure with its unit and the words that fix its meaning,
the kind of target it makes, and the deadline the time words set.

A figure is a number in Arabic digits followed by a unit of measure (``%``, ``萬人``, ``億元``,
``家``…), with the words around it that the format keeps: a qualifier after it (以上, 以內,
左右) and a meaning word before it (超, 超過, 突破, 控制在, 達到, 增長, 下降…). A number that
names rather than commits is not a figure: a year, a date, an ordinal (第3), a voltage
(1000千伏), a road (107國道), a count that restates the names before it (王江涇、姚莊、崇福3個
試點), a number inside quotation marks (“3+x”) or in a clause that frames another (在抓好5個…
的基礎上). Every rule holds in either script.

What the words do not decide is returned as a note to review (``# 待核``), never guessed in
silence: a ``累計`` total that may include earlier years, a ceiling read from the indicator's
name rather than from the text. A ``左右`` is kept as the qualifier with no tolerance invented
(the figure itself is judged).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .text import CLOSE, OPEN, arabic, cn_number

# Unit characters of the simplified script mapped to the traditional, one for one, so that a
# pattern written once finds a unit in a text of either script at the same place.
_TO_TRAD = str.maketrans({
    "万": "萬", "亿": "億", "吨": "噸", "个": "個", "标": "標", "亩": "畝", "户": "戶", "条": "條", "项": "項",
    "处": "處", "辆": "輛", "张": "張", "栋": "棟", "间": "間", "点": "點", "门": "門", "场": "場", "级": "級",
    "时": "時", "顷": "頃", "过": "過", "内": "內", "达": "達", "长": "長", "于": "於", "较": "較", "础": "礎",
    "稳": "穩", "启": "啟", "务": "務", "实": "實", "设": "設", "开": "開", "强": "強", "压": "壓", "减": "減",
    "计": "計", "动": "動", "运": "運", "营": "營", "业": "業", "岁": "歲", "车": "車", "线": "線", "国": "國",
    "届": "屆", "类": "類", "双": "雙", "床": "床", "册": "冊", "笔": "筆", "头": "頭",
    "只": "隻", "块": "塊", "种": "種", "损": "損", "价": "價", "涨": "漲", "产": "產", "额": "額", "总": "總",
    "规": "規", "争": "爭", "确": "確", "别": "別", "带": "帶",
})


def trad(text: str) -> str:
    """``text`` with the unit and meaning characters this module matches in traditional form,
    one character for one, so that positions stay the same."""
    return text.translate(_TO_TRAD)


# ---- the units ------------------------------------------------------------------------------

RATIOS = ("個百分點", "百分點", "%", "％", "‰")
MONEY = ("億美元", "萬美元", "美元", "億元", "萬元", "千元", "元")
# base units of a count or a quantity, longest first; a magnitude (萬, 億, 千, 百) may stand before each
BASES = ("萬千伏安", "千伏安", "千瓦時", "萬千瓦", "千瓦", "兆瓦", "標箱", "噸", "平方公里", "平方米", "立方米", "公頃",
         "公里", "畝", "人次", "人", "名", "戶", "家", "個", "座", "條", "所", "項", "場", "套", "處", "臺", "台", "輛",
         "艘", "棟", "幢", "宗", "件", "篇", "部", "間", "張", "床", "株", "頭", "隻", "筆", "公斤", "千克", "米", "次")
MAGNITUDES = ("萬", "億", "千", "百")
_UNIT_WORDS = sorted(set(RATIOS + MONEY + BASES), key=len, reverse=True)
_MAG_UNITS = sorted({m + b for m in MAGNITUDES for b in BASES + ("元", "美元")} - set(BASES) - set(MONEY), key=len, reverse=True)
UNITS = sorted(set(_UNIT_WORDS) | set(_MAG_UNITS), key=len, reverse=True)
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_NUMBER = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
# a number (or a range 2至3), its unit, and what may follow it
FIGURE = re.compile(
    rf"(?<![0-9０-９A-Za-z.．·_\-])(?P<n>{_NUMBER})(?:\s*(?:至|到|~|～|－|—|-)\s*(?P<m>{_NUMBER}))?\s*"
    rf"(?P<u>{_UNIT_RE})(?P<q>以上|以內|左右|以下|之內|多|餘)?")
# numbers with a magnitude only, listed before a shared unit: 91萬、137萬和110萬人
LISTED = re.compile(rf"(?<![0-9０-９A-Za-z.．])(?P<n>{_NUMBER})(?P<mag>[萬億千百]?)\s*(?=[、和及與,，]\s*[0-9０-９])")
PEOPLE = {"名": "人"}  # measure words of persons written as the unit: 3.1萬名城鎮失業人員 is 3.1萬人

QUALIFIERS = {"以上": "以上", "以內": "以內", "之內": "以內", "以下": "以內", "左右": "左右"}
ABOVE = ("超過", "突破", "超", "高於")
CEILING = ("控制在", "不超過", "低於", "壓減到", "壓減至", "降至", "降到", "以內", "以下", "之內")
AT_LEAST = ("不低於", "不少於", "達到", "以上")
GROWTH = ("增長", "增速", "漲幅", "增幅", "下降", "降低", "提高", "提升", "減少", "增加", "率")
# indicators where less is better: read as a ceiling when the text sets none, and said so
LOWER_BETTER = ("失業率", "漲幅", "價格指數", "能耗", "排放", "死亡率", "發生率", "事故", "赤字", "負債率", "貧困發生率")
# verbs of a flow counted from the start of the year
FLOW_VERBS = ("新增", "新建", "建成", "完成", "改造", "引進", "培育", "實施", "幫助", "淘汰", "騰退", "復墾", "轉移",
              "凈增", "淨增", "開工", "招引", "提供", "新開工", "推進", "打造", "創建", "落地", "開展", "舉辦", "培訓",
              "發放", "安置", "接待", "利用", "實現")


@dataclass
class Figure:
    """One annual figure of a clause, as the text writes it."""

    value: str
    unit: str
    start: int  # where its number begins in the clause
    end: int  # where its unit (and qualifier) ends
    stretch: str | None = None
    qualifier: str | None = None  # the format's word: 以上, 以內, 左右 (or 超, 超過, 突破 from before it)
    compare: str = "at_least"
    before: str = ""  # the meaning word before the number (控制在, 達到, 增長…)
    notes: list[str] = field(default_factory=list)


def _excluded(t: str, start: int, end: int, quoted: list[bool]) -> bool:
    """A number that names rather than commits (see the module's docstring): an ordinal or a
    rank (第3, 前10), a name in quotation marks, a code (5G)."""
    if t[max(0, start - 1):start] in ("第", "前", "號") or t[max(0, start - 2):start] == "排名":
        return True
    return quoted[start] or bool(re.match(r"[A-Za-z]", t[end:end + 1]))


def _quotes(clause: str) -> list[bool]:
    """For each position, whether it stands inside quotation marks (a name: “3+x”, “1+N”)."""
    out, depth = [], 0
    for ch in clause:
        if ch in "“「『":
            depth += 1
        elif ch in "”」』" and depth:
            depth -= 1
        out.append(depth > 0)
    return out + [False]


def _restates_names(t: str, start: int, value: str) -> bool:
    """A count that restates the names listed just before it (王江涇、姚莊、崇福3個試點)."""
    head = t[max(0, start - 40):start]
    m = re.search(r"((?:[^\s，,。；、]{1,12}、)+[^\s，,。；、]{1,12})$", head)
    if not m:
        return False
    n = m.group(1).count("、") + 1
    try:
        return n == int(Decimal(arabic(value))) and n > 1
    except ArithmeticError:
        return False


MAX_CLAUSE = 1000
_DIGIT_RUN = re.compile(r"[0-9０-９]+")


def unread(clause: str) -> bool:
    """A clause too long, or with too many numbers, to be read for figures, that holds one:
    said on its task, never dropped in silence."""
    return (len(clause) > MAX_CLAUSE or len(_DIGIT_RUN.findall(clause)) > 3 * MAX_FIGURES) and \
        FIGURE.search(trad(clause[:20_000])) is not None
FRAMES = re.compile(r"^(?:在.{1,60}(?:的)?基礎上|在.{1,40}(?:的)?同時)")


MAX_FIGURES = 12  # a clause of a work plan sets a few; a clause with more is a table or a list, not read


def find(clause: str) -> list[Figure]:
    """The figures a clause commits to, in order (none from a clause of more than
    ``MAX_CLAUSE`` characters or with more than ``MAX_FIGURES`` numbers: not a plan's clause)."""
    if len(clause) > MAX_CLAUSE or len(_DIGIT_RUN.findall(clause)) > 3 * MAX_FIGURES:
        return []
    t = trad(clause)
    if FRAMES.match(t.strip()):
        return []
    shared = _shared_units(t)
    quoted = _quotes(clause) if any(ch in clause for ch in "“「『") else [False] * (len(clause) + 1)
    out: list[Figure] = []
    for m in FIGURE.finditer(t):
        start, end = m.start("n"), m.end()
        unit_end = m.end("u")
        if _excluded(t, start, unit_end, quoted) or _restates_names(t, start, m.group("n")):
            continue
        unit = clause[m.start("u"):unit_end]
        unit = PEOPLE_UNIT(unit)
        f = Figure(arabic(m.group("n")).replace("．", "."), unit, start, end,
                   stretch=arabic(m.group("m")) if m.group("m") else None)
        _meaning(f, t, m.group("q"))
        out.append(f)
    taken = {f.start for f in out}
    for start, end, value, unit in shared:
        if start not in taken:
            f = Figure(value, unit, start, end)
            _meaning(f, t, None)
            out.append(f)
    out.sort(key=lambda f: f.start)
    return out if len(out) <= MAX_FIGURES else []


def PEOPLE_UNIT(unit: str) -> str:  # noqa: N802 - a table's look-up, named as one
    """名 counts persons: 萬名 is 萬人 (the plan's unit); every other unit as written."""
    base = trad(unit)
    for word, person in PEOPLE.items():
        if base.endswith(word):
            return unit[: len(unit) - len(word)] + person
    return unit


# at most a dozen numbers share one unit (a longer run is read number by number: never a scan
# of the whole run from each of its numbers)
_LIST_TAIL_UNIT = re.compile(rf"(?:[、和及與,，]\s*{_NUMBER}[萬億千百]?){{0,12}}?[、和及與,，]\s*{_NUMBER}\s*(?P<u>{_UNIT_RE})")


def _shared_units(t: str) -> list[tuple[int, int, str, str]]:
    """Numbers listed before one unit (91萬、137萬和110萬人): each with the unit it shares,
    its magnitude kept (91萬 of 萬人 is 91 萬人)."""
    out = []
    for m in LISTED.finditer(t):
        rest = t[m.end():]
        tail = _LIST_TAIL_UNIT.match(rest)
        if not tail:
            continue
        unit, mag = tail.group("u"), m.group("mag")
        if mag and not unit.startswith(mag):  # 5萬、3000人: each number keeps its own magnitude
            unit = mag + unit.lstrip("萬億千百")
        out.append((m.start("n"), m.end(), arabic(m.group("n")), PEOPLE_UNIT(unit)))
    return out


_LIST_TAIL = re.compile(rf"(?<![0-9０-９.．])(?:{_NUMBER}[萬億千百]?\s*[、和及與,，]\s*){{1,12}}$")


WINDOW = 80  # the words before a figure that fix its meaning stand close to it


def _head(t: str, start: int) -> str:
    """The words before a figure (a window of them), without the numbers listed before it
    (分別達到91萬、137萬和|110萬人): the list's run is found from its end, never from each number."""
    head = t[max(0, start - 4 * WINDOW):start]
    m = _LIST_TAIL.search(head)
    return head[:m.start()][-WINDOW:] if m else head[-WINDOW:]


def _meaning(f: Figure, t: str, qualifier: str | None) -> None:
    """The compare, qualifier and meaning word of a figure, from the words around it."""
    head = _head(t, f.start)[-8:]
    before = next((w for w in ("控制在", "不超過", "不低於", "不少於", "保持在", "穩定在", "壓減到", "壓減至", "降至",
                               "降到", "超過", "突破", "達到", "高於", "低於", "增長", "下降", "降低", "提高", "提升",
                               "減少", "增加", "超") if head.endswith(w)), "")
    f.before = before
    word = QUALIFIERS.get(qualifier or "")
    if before in ABOVE:
        f.compare, f.qualifier = "above", before if before in ("超", "超過", "突破") else None
    elif before in CEILING or word == "以內" or "控制在" in head:
        f.compare = "at_most"
        f.qualifier = "以內" if word == "以內" else None
    elif word == "以上":
        f.qualifier = "以上"
    if word == "左右" and f.qualifier is None:  # no tolerance invented: the figure itself is judged
        f.qualifier = "左右"
    if qualifier in ("多", "餘"):
        f.notes.append(f"原文「{f.value}{qualifier}」是約數：按 {f.value} 以上考核，請核對")
        f.qualifier = "以上"
    if f.compare == "at_least" and before not in ("下降", "降低", "減少") and any(w in t for w in LOWER_BETTER) \
            and not any(w in t for w in ("達到", "以上")) and f.unit in RATIOS:
        f.compare = "at_most"
        f.notes.append("這類指標越低越好，原文沒有寫「控制在…以內」：起草時按上限（at_most）考核，請核對")


def kind(f: Figure, clause: str) -> tuple[str, list[str]]:
    """The kind of target a figure makes, and what to check about it.

    A share or a rate (%, ‰, 個百分點) is a ``rate`` when it grows, falls or is held
    (增長, 漲幅, 控制在, …率) and a ``level`` when it is a share to reach (比重達到, 85%以上的村);
    money and flows (新增, 建成, 完成, 引進…) are ``cumulative``; a stock to reach (達到N家,
    穩定在, 累計, a class defined by a size: 百億以上產業集群) is a ``level``.
    """
    t = trad(clause)
    head = _head(t, f.start)
    notes: list[str] = []
    base = trad(f.unit)
    if base in ("個百分點", "百分點"):
        return "rate", notes
    if base in ("%", "％", "‰"):
        if "達到" in head[-12:] or "佔比" in head or ("比重" in head and not any(w in head[-6:] for w in GROWTH[:-1])):
            return "level", notes
        if any(w in head for w in GROWTH) or f.compare == "at_most" or f.before in ("保持在", "穩定在"):
            return "rate", notes
        return "level", notes
    if "累計" in head:
        notes.append("「累計」的數可能含往年的：若是年末的總量，年初已有多少要寫 base，請核對")
        return "level", notes
    if f.before in ("穩定在", "保持在"):
        notes.append(f"「{f.before}」：按年末達到的水平（level）考核，請核對")
        return "level", notes
    if base.endswith(("元", "美元")):
        if f.before == "達到":
            notes.append("「達到」一個金額：按全年累計（cumulative）考核；若是年末的存量，請改為 level")
        return "cumulative", notes
    if f.before == "達到" or re.search(r"達到[^，,。；]{0,3}$", head):
        return "level", notes
    tail = t[f.end:f.end + 12]
    if re.match(r"^[^，,。；]{0,6}?[百千萬億十][^，,。；]{0,3}以上", tail) or re.search(r"[百千萬億十]以上[^，,。；]{0,8}$", head):
        notes.append("對象按規模界定（…以上）：按年末達到的個數（level）考核，請核對")
        return "level", notes
    return "cumulative", notes


# ---- deadlines -------------------------------------------------------------------------------

_MONTH = r"(?P<month>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月"
DEADLINE = re.compile(
    rf"(?P<next>明年|次年)?(?:(?P<half>上半年|年中)|(?P<q>[一二三四1-4])季度(?:末|底)?|{_MONTH}(?:(?P<day>[0-9０-９]{{1,2}})日)?"
    rf"(?:份|底|末|中旬|上旬|下旬)?(?:前|之前|以前)?|(?P<end>年底|年末|年內|年内|全年))")
QUARTER_OF_MONTH = {m: f"Q{(m - 1) // 3 + 1}" for m in range(1, 13)}


@dataclass
class Deadline:
    quarter: str  # Q1…Q4
    words: str  # as the text writes them
    note: str | None = None


def deadline(clause: str) -> Deadline | None:
    """The deadline a clause's time words set: 上半年 (Q2), 一季度 (Q1), 6月底前 (Q2),
    9月30日前 (Q3), 年底/年內/全年 (Q4); None when it says none."""
    for m in DEADLINE.finditer(trad(clause)):
        words = clause[m.start():m.end()]
        note = None
        if m.group("next"):
            note = f"原文「{words}」：按計劃年度計；若指計劃年度的下一年，這一項不屬本年計劃，請核對"
        if m.group("half"):
            return Deadline("Q2", words, note)
        if m.group("q"):
            n = cn_number(m.group("q")) or int(arabic(m.group("q")))
            return Deadline(f"Q{n}", words, note)
        if m.group("month"):
            raw = m.group("month")
            month = cn_number(raw) if raw[0] in "一二三四五六七八九十" else int(arabic(raw))
            if month and 1 <= month <= 12:
                return Deadline(QUARTER_OF_MONTH[month], words, note)
            continue
        if m.group("end"):
            return Deadline("Q4", words, note)
    return None


__all__ = ["Figure", "find", "kind", "deadline", "Deadline", "UNITS", "OPEN", "CLOSE"]
