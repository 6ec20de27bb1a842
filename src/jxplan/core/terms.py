"""The words of the supervision cycle, each in one place: quarters, statuses, stages.

Every other module takes its quarter names, the order of the statuses and their Chinese
labels from here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from collections.abc import Mapping
from typing import Literal, NamedTuple, cast, get_args

Quarter = Literal["Q1", "Q2", "Q3", "Q4"]
QUARTERS: tuple[Quarter, ...] = get_args(Quarter)
YEAR_END = QUARTERS[-1]
QUARTER_END = {"Q1": (3, 31), "Q2": (6, 30), "Q3": (9, 30), "Q4": (12, 31)}  # (month, day)
QUARTER_ZH = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度", "Q4": "第四季度"}
QUARTER_PERIOD = {"Q1": "一季度", "Q2": "上半年", "Q3": "前三季度", "Q4": "全年"}
DUE_ZH = {"Q1": "一季度末", "Q2": "上半年", "Q3": "三季度末", "Q4": "年內"}
DEFAULT_SCHEDULE: dict[Quarter, Decimal] = {"Q1": Decimal("0.25"), "Q2": Decimal("0.5"), "Q3": Decimal("0.75"),
                                             "Q4": Decimal(1)}


def share_by(schedule: Mapping[Quarter, Decimal] | None, quarter: str) -> Decimal:
    """The share of the year's figure expected by ``quarter``: the target's own schedule, or
    the default. ``quarter`` is one of QUARTERS (a status's quarter, checked where it was read)."""
    return (schedule or DEFAULT_SCHEDULE)[cast(Quarter, quarter)]

# best first: the order of the summary, of the tables, and of "better" and "worse".
# pending: a level to be reached by the year's end, with no baseline to draw a path from,
# is judged at Q4 only; before then it is neither on pace nor behind (年末考核).
STATUSES = ("achieved", "on_track", "pending", "behind", "seriously_behind", "not_achieved", "not_reported")
LABELS = {
    "achieved": "已完成", "on_track": "達到序時進度", "pending": "年末考核", "behind": "滯後",
    "seriously_behind": "嚴重滯後", "not_achieved": "未完成", "not_reported": "未報送",
}
SHORT_LABELS = {"achieved": "已完成", "on_track": "達進度", "pending": "年末考核", "behind": "滯後",
                "seriously_behind": "嚴重滯後", "not_achieved": "未完成", "not_reported": "未報送"}
# An open-ended task reports progress: 持續推進 or 未啟動, never 已完成 or 未完成.
OPEN_ENDED_LABELS = {"on_track": "持續推進", "behind": "未啟動", "not_achieved": "全年未啟動"}
# A level judged at the year's end that stands at its annual figure already.
LEVEL_LABELS = {"on_track": "已達年度目標"}
# A rate judged against another target's actual (與經濟增長同步) while that figure is not reported yet.
RELATIVE_PENDING = "待比較"
# A ceiling (控制在…以內) above its figure is not "behind" a pace: it is over the limit.
CEILING_LABELS = {"behind": "超出控制目標", "seriously_behind": "超出控制目標", "not_achieved": "未控制在目標以內"}
# Each status's colour, stated once for every output: the terminal's named colour (ANSI, so it
# follows the user's theme), the fill of a cell (the status workbook, the site's tables and
# its year chart: light, under black text) and the colour of a mark in the site's charts (a
# bar, a dot: the same hue, strong enough to see on white).
class Colour(NamedTuple):
    terminal: str
    fill: str
    mark: str


PALETTE = {
    "achieved": Colour("bold green", "A9D08E", "548235"),
    "on_track": Colour("green", "E2EFDA", "70AD47"),
    "pending": Colour("cyan", "DDEBF7", "5B9BD5"),
    "behind": Colour("yellow", "FFE699", "BF9000"),
    "seriously_behind": Colour("bold red", "F4B084", "C55A11"),
    "not_achieved": Colour("bold red", "FF7C80", "C00000"),
    "not_reported": Colour("magenta", "D9D9D9", "7F7F7F"),
}
GOOD = ("achieved", "on_track")
LAGGING = ("behind", "seriously_behind", "not_achieved")
RANK = {s: i for i, s in enumerate(STATUSES)}
# --fail-on X: the statuses that count as X or worse (behind < seriously behind < not achieved)
FAIL_ON = {
    "behind": ("behind", "seriously_behind", "not_achieved"),
    "seriously_behind": ("seriously_behind", "not_achieved"),
    "not_achieved": ("not_achieved",),
    "not_reported": ("not_reported",),
}

STAGES = ("not_started", "in_progress", "done")
# the kinds in an office's words (status tables, workbooks): a milestone is a task with an
# end-state, or, open-ended, a standing duty (KIND_LABEL_OPEN)
KIND_LABELS = {"cumulative": "累計數", "rate": "增速或比率", "level": "年末水平", "milestone": "有完成要求的工作任務"}
KIND_LABEL_OPEN = "持續推進的工作任務"
# The roles in the words most decomposition documents use, when the plan names none of its own
# (``roles``: the shipped plan's are 第一責任單位 and 主要責任單位); the plan's words are
# ``PlanIndex.roles``.
ROLE_WORDS = {"lead": "牽頭單位", "co": "責任單位", "leader": "責任領導"}
BREAKDOWN_LABEL = "分解任務"
# What a unit is, in an office's words (plan ``units[].kind``).
UNIT_KINDS = {"department": "部門", "county": "縣（市、區）", "town": "鄉鎮", "subdistrict": "街道",
              "zone": "開發區（園區）", "enterprise": "企業", "branch": "垂直管理部門", "other": "其他單位"}
STAGE_LABELS = {"not_started": "未啟動", "in_progress": "推進中", "done": "已完成"}
REASON_KINDS = ("objective", "subjective")
REASON_LABELS = {"objective": "客觀原因", "subjective": "主觀原因"}
REASON_SHORT = {"objective": "客觀", "subjective": "主觀"}  # the words of a form's drop-down
# what a person may write for a stage or a reason's kind, in a workbook's cell: the labels,
# the drop-down words, simplified characters and the ids themselves
STAGE_WORDS = {**{s: s for s in STAGES}, **{v: k for k, v in STAGE_LABELS.items()},
               "未開始": "not_started", "未开始": "not_started", "未启动": "not_started",
               "推进中": "in_progress", "已完成": "done"}
REASON_WORDS = {**{k: k for k in REASON_KINDS}, **{v: k for k, v in REASON_LABELS.items()},
                **{v: k for k, v in REASON_SHORT.items()},
                "客观": "objective", "主观": "subjective", "客观原因": "objective", "主观原因": "subjective"}

_QUARTER_WORDS = {
    "一": "Q1", "二": "Q2", "三": "Q3", "四": "Q4", "1": "Q1", "2": "Q2", "3": "Q3", "4": "Q4",
}
_QUARTER = re.compile(r"^(?:q|第)?([1-4一二三四])(?:季度?|季)?$", re.I)


def entry_blank(e) -> bool:
    """Nothing filled in: the entry (a model's, or its record's) of a form sent back as it was received."""
    return e.value is None and e.stage is None and not (e.note or "").strip() and e.reason is None


def quarter_index(q: str) -> int:
    return QUARTERS.index(q)


def quarters_upto(q: str) -> tuple[str, ...]:
    """Q1 … q, in order."""
    return QUARTERS[: QUARTERS.index(q) + 1]


# A report dated more than a quarter after its deadline is most likely a mistyped year
# (2013-10-08 for 2012-10-08): warned by validate, and never taken as a bulletin's date.
FAR_LATE_DAYS = 92


def far_late(submitted, due) -> bool:
    """Dated more than a quarter after ``due`` (by subtraction: no date arithmetic to overflow)."""
    return (submitted - due).days > FAR_LATE_DAYS


_DATE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*[日號号]?\Z", re.A)


def parse_date(text: str):
    """'2012-10-08', '2012/10/8', '2012.10.8', '2012年10月8日' -> a date; None when the text
    is not a date written so, or names a day that does not exist."""
    import datetime as dt
    import unicodedata

    m = _DATE.match(unicodedata.normalize("NFKC", text).strip())
    if not m:
        return None
    try:
        return dt.date(*map(int, m.groups()))
    except ValueError:
        return None


def word_for(words: dict, text: str):
    """The id a word stands for (``STAGE_WORDS``, ``REASON_WORDS``), in either script."""
    t = text.strip()
    if t in words:
        return words[t]
    from .script import fold

    return words.get(fold(t))


_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
# A deadline as a plan may write it, stated once for the model, the JSON schema and the judge:
# a quarter (Q2); the text's words for a part of the year (一季度末, 上半年, 年底前), in either
# script; a month or a day (6月底前, 六月底, 9月30日前, 7月份, 2023年9月底前); a date (2023-09-30).
_MONTH = "(?:[0-9]{1,2}|十[一二]?|[一二三四五六七八九])"
_WITHIN = "(?:前|以前|之前|內|内)?"
DUE_PATTERN = ("^(?:Q[1-4]"
               f"|(?:第?[一二三四]|前三)季度(?:末|底)?{_WITHIN}"
               f"|(?:上半年|下半年|年中|年底|年末|年度|全年|今年|年){_WITHIN}"
               f"|(?:[0-9]{{4}}年)?(?:今年|當年|当年|本年|年內|年内)?{_MONTH}月份?(?:[0-9]{{1,2}}[日號号])?"
               f"(?:上旬|中旬|下旬|底|末|中)?{_WITHIN}"
               "|[0-9]{4}-[0-9]{2}-[0-9]{2})$")
_DUE = re.compile(DUE_PATTERN)
_DUE_PARTS = re.compile(f"^(?:[0-9]{{4}}年)?(?:今年|當年|当年|本年|年內|年内)?({_MONTH})月份?(?:([0-9]{{1,2}})[日號号])?"
                        f"(?:上旬|中旬|下旬|底|末|中)?({_WITHIN})$")
_PART_OF_YEAR = (("一季度", "Q1"), ("二季度", "Q2"), ("前三季度", "Q3"), ("三季度", "Q3"), ("四季度", "Q4"),
                 ("上半年", "Q2"), ("年中", "Q2"), ("下半年", "Q4"))


def due_quarter(text: str | None) -> str | None:
    """The quarter a deadline falls in (``DUE_PATTERN``): 'Q2' and the text's words alike (6月底前
    → Q2, 9月30日前 → Q3, 7月份 → Q3, 10月1日前 → Q3, 年底前 → Q4); None when it is not
    written so, or names no day of the year. A task due in a month is judged at the end of that
    month's quarter."""
    if not isinstance(text, str) or not _DUE.match(text):
        return None
    if text in QUARTERS:
        return text
    if (when := parse_date(text)) is not None or re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return QUARTERS[(when.month - 1) // 3] if when else None
    m = _DUE_PARTS.match(text)
    if m is None:
        return next((q for word, q in _PART_OF_YEAR if word in text), "Q4")  # 年底, 年內, 全年…: the year's end
    month = int(m.group(1)) if m.group(1).isdigit() else _CN_MONTH[m.group(1)]
    day = int(m.group(2)) if m.group(2) else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    if day == 1 and m.group(3) in ("前", "以前", "之前"):  # 10月1日前: by the end of September
        month -= 1
    return QUARTERS[(month - 1) // 3] if month else None


def due_year(text: str) -> int | None:
    """The year a deadline writes (2023年9月底前, 2023-09-30), if it writes one."""
    import unicodedata

    m = re.match(r"(\d{4})\s*[-/.年]", unicodedata.normalize("NFKC", str(text)).strip())
    return int(m.group(1)) if m else None


def due_words(due: str | None) -> str:
    """A deadline as documents print it: a quarter in words (上半年, 年內), else the text's own."""
    if due is None:
        return DUE_ZH[YEAR_END]
    return DUE_ZH.get(due, due)


_PERIODS = {period: q for q, period in QUARTER_PERIOD.items()} | {"上半年度": "Q2", "前三季": "Q3", "全年度": "Q4", "年底": "Q4"}


def parse_quarter(text: str) -> str | None:
    """'Q2', 'q2', '2', '二季度', '第二季度', '上半年' -> 'Q2'; None when it names no quarter."""
    t = str(text).strip().replace(" ", "")
    if t in _PERIODS:
        return _PERIODS[t]
    m = _QUARTER.match(t)
    return _QUARTER_WORDS[m.group(1)] if m else None


def parse_status(text: str) -> str | None:
    """A status by its id ('behind') or by its Chinese label ('滯後', '達進度')."""
    t = str(text).strip()
    if t in LABELS:
        return t
    for table in (LABELS, SHORT_LABELS):
        for status, label in table.items():
            if t == label:
                return status
    return None
