"""The words of a document as the drafter sees them: numbering, sentences and clauses.

Every rule here is about the written form of a Chinese government document and holds in
either script: the headings' numbering (一、（一）1.（1）), where a sentence and a clause
end (。；and ，, never inside quotation marks or brackets), and the folding under which two
spellings of one text compare equal (script, width, punctuation).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "〇○零一二三四五六七八九十百"


def cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十五 → 25, 一百零三 → 103; None for anything else."""
    if not text or any(ch not in CN_NUMERAL for ch in text):
        return None
    if "百" not in text and "十" not in text:
        if len(text) == 1:
            return CN_DIGITS.get(text)
        return int("".join(str(CN_DIGITS[ch]) for ch in text))  # 二○一二 (a year written digit by digit)
    total, rest = 0, text
    if "百" in rest:
        head, rest = rest.split("百", 1)
        total += (CN_DIGITS.get(head, 0) if head else 1) * 100
        rest = rest.lstrip("零〇○")
    if "十" in rest:
        head, rest = rest.split("十", 1)
        total += (CN_DIGITS.get(head, 0) if head else 1) * 10
    if rest:
        if len(rest) != 1 or rest not in CN_DIGITS:
            return None
        total += CN_DIGITS[rest]
    return total


def arabic(text: str) -> str:
    """Full-width digits and points as ASCII (１２．５ → 12.5)."""
    return text.translate(_WIDE)


_WIDE = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "％": "%"})

# ---- numbering ----------------------------------------------------------------------------

_CN = "[一二三四五六七八九十百]+"
_NUM = "[0-9０-９]{1,3}"
# The levels of a document's headings, outermost first, each with the pattern of its number.
# An item's number is followed by a point or a comma (1. 1． 1、), never by a digit: 1.2萬畝
# is a figure, not item 1; a year may follow (2.2012年…).
NUMBERING = (
    ("section", re.compile(rf"^({_CN})\s*[、．.，,]\s*(.*)$", re.S)),
    ("subsection", re.compile(rf"^[（(]\s*({_CN})\s*[）)]\s*(.*)$", re.S)),
    ("item", re.compile(rf"^({_NUM})\s*[.．、，,](?![0-9０-９](?![0-9０-９]{{3}}年))\s*(.*)$", re.S)),
    ("subitem", re.compile(rf"^[（(]\s*({_NUM})\s*[）)]\s*(.*)$", re.S)),
    ("circled", re.compile(r"^([\u2460-\u2473])\s*(.*)$", re.S)),
)


def numbered(line: str) -> tuple[str, int, str] | None:
    """(level, number, rest) of a line that begins with a heading's number, else None."""
    for level, pattern in NUMBERING:
        m = pattern.match(line)
        if not m:
            continue
        raw = m.group(1)
        if level == "circled":
            n: int | None = ord(raw) - 0x2460 + 1
        elif level in ("section", "subsection"):
            n = cn_number(raw)
        else:
            n = int(arabic(raw))
        if n:
            return level, n, m.group(2).strip()
    return None


def cn_label(level: str, n: int) -> str:
    """The number as the document prints it: 一、 （一） 1. （1）."""
    if level in ("section", "subsection"):
        word = _cn_word(n)
        return f"{word}、" if level == "section" else f"（{word}）"
    return f"{n}." if level == "item" else f"（{n}）"


def _cn_word(n: int) -> str:
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


# ---- sentences and clauses -------------------------------------------------------------------

OPEN = "“‘「『《（(【〔[〈"
CLOSE = "”’」』》）)】〕]〉"
SENTENCE_END = "。；;！？!?"
CLAUSE_END = "，,"
_PAIRS = dict(zip(OPEN, CLOSE, strict=True))  # each opening mark with its closing one


def _inside(text: str) -> list[bool]:
    """For each character, whether it stands inside a matched pair of quotation marks or
    brackets. A mark that is never closed encloses nothing (a scrape that lost one still
    splits where the text does)."""
    inside = [False] * len(text)
    stack: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if stack and ch == stack[-1][1]:
            start, _ = stack.pop()
            if not stack:
                for j in range(start + 1, i):
                    inside[j] = True
        elif ch in _PAIRS:
            stack.append((i, _PAIRS[ch]))
        elif ch in CLOSE and any(c == ch for _, c in stack):
            while stack and stack[-1][1] != ch:
                stack.pop()  # openers closed by nothing
            start, _ = stack.pop()
            if not stack:
                for j in range(start + 1, i):
                    inside[j] = True
    return inside


def _split(text: str, stops: str) -> list[str]:
    """``text`` cut after each character of ``stops`` that stands outside quotation marks and
    brackets; each piece keeps its stop."""
    if not any(ch in stops for ch in text):
        return [text] if text.strip() else []
    inside = _inside(text)
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in stops and not inside[i]:
            out.append(text[start:i + 1])
            start = i + 1
    if start < len(text):
        out.append(text[start:])
    return [p for p in out if p.strip(stops + " ")]


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, each with its closing 。 or ；."""
    return _split(text, SENTENCE_END)


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence, each with its comma (the last with its stop)."""
    return _split(sentence, CLAUSE_END)


def bare(piece: str) -> str:
    """A clause or sentence without the punctuation that closes it."""
    return piece.rstrip(SENTENCE_END + CLAUSE_END + " 、:：")


def top_level_split(text: str, seps: str) -> list[str]:
    """``text`` split at each of ``seps`` outside quotation marks and brackets (separators dropped)."""
    return [p.rstrip(seps) for p in _split(text, seps)]


# ---- folding -----------------------------------------------------------------------------

_PUNCT_FOLD = str.maketrans({"，": ",", "。": ".", "；": ";", "：": ":", "（": "(", "）": ")", "、": "、",
                             "“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "『": "'", "』": "'",
                             "！": "!", "？": "?", "—": "-", "－": "-", "～": "~"})
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A key under which one text compares equal however it is written: width (NFKC), script
    (simplified), punctuation (full or half width), letter case (GDP, gdp), and no spaces."""
    from ..core.script import fold as fold_script

    t = unicodedata.normalize("NFKC", text).translate(_PUNCT_FOLD)
    return _SPACE.sub("", fold_script(t)).casefold()


HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
