"""Excel's number formats emulated: a cell as Excel shows it.

In: a cell (``cells._Cell``) and its number format. Out: what Excel shows when the format changes
it, a number scaled (``Num``) or the text shown; None when it shows the value as it is;
``_Refused`` when what it shows cannot be told for certain.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ...core.quantity import MAX_ABS, Num, format_number
from .cells import _Cell, _number_text
from .common import _Refused


# ---- number formats: a cell as Excel shows it -----------------------------------------------
#
# What a clerk checks is what Excel shows, and a format can change it: 0.0% shows 0.112 as
# 11.2%, 0"畝" shows 6000 as 6000畝, #,##0, shows 100000 as 100, ;;; shows nothing. A number
# is read as the number Excel shows followed by the format's own text, at the precision it
# was typed (0.00 shows 3.14159 as 3.14; the clerk typed 3.14159): 0.0% gives "11.2%",
# 0"畝" gives "6000畝" for the unit rules to convert or refuse, as for a cell holding that
# text. The scaling commas of #,##0, and 0.0,, are applied, not refused: the clerk reads,
# checks and means the figure shown, 100 (in thousands, said by the format's text or the
# form's unit), and a figure read as 100000 would be a thousand times what they saw. Only
# the section that applies counts (positive;negative;zero;text), and only an unquoted,
# unescaped % scales. What cannot be told for certain is refused: a value the format hides
# or shows without its minus sign, a condition ([>=100]), a date code outside the first
# section, text between the digits, a code jxplan does not know.

FORMAT_FIX = "；請把單元格格式設為「常規」或「數值」後重填"
MAX_FORMAT = 255  # Excel's own limit on a format's length
_FMT_TOKEN = re.compile(r'"[^"]*"?|\\.?|_.?|\*.?|\[[^\]]*\]?|General|G/通用格式|G/標準|G/표준|[Ee][+-]|.', re.S | re.I)
_DATE_CODES = set("dmyhsDMYHS")  # days, months, years, hours, seconds (other letters: not read)
_LITERAL = {"lit", "pct", "space"}


class _Section:
    """One section of a number format: the text before and after the number, how the number
    is scaled, whether a zero shows; ``digits`` False when the section shows no number."""

    __slots__ = ("pre", "post", "digits", "exp10", "zero")

    def __init__(self, pre: str, post: str, digits: bool, exp10: int = 0, zero: bool = True):
        self.pre, self.post, self.digits, self.exp10, self.zero = pre, post, digits, exp10, zero


def _token(tok: str) -> tuple[str, str]:
    """(kind, text) of one token of a format."""
    head = tok[0]
    if head == '"':
        return "lit", tok[1:-1] if len(tok) > 1 and tok.endswith('"') else tok[1:]
    if head == "\\":
        return "lit", tok[1:]
    if head == "_":
        return "space", " "  # the width of a character
    if head == "*":
        return "fill", ""  # a character repeated to the cell's width: decoration
    if head == "[":
        inner = tok[1:-1]
        if not tok.endswith("]"):
            return "bad", tok
        if inner[:1] in ("<", ">", "="):
            return "cond", inner
        if inner[:1] == "$":  # [$¥-804]: a currency's symbol, [$-804]: a locale
            return "lit", inner[1:].split("-", 1)[0]
        if inner and set(inner.lower()) <= set("hms"):  # [h]: elapsed time
            return "date", inner
        return "mod", inner  # a colour, [DBNum1], a locale's numerals: the same number
    if len(tok) > 1 and tok[1] in "+-":
        return "exp", tok
    if len(tok) > 1:
        return "num", "G"  # General
    if tok in "0#?":
        return "num", tok
    kinds = {".": "dot", ",": "comma", "%": "pct", "/": "slash", "@": "at", ";": "sep"}
    if tok in kinds:
        return kinds[tok], tok
    if tok.isascii() and tok.isalpha():
        return ("date" if tok in _DATE_CODES else "bad"), tok
    return "lit", tok


@lru_cache(maxsize=512)
def _format(fmt: str) -> tuple[list[_Section], list[str | None] | None] | str:
    """(numeric sections, text section) of a format, or the words of why it cannot be read.
    The text section is a list of literal texts and None for each @ (no None: text hidden)."""
    if len(fmt) > MAX_FORMAT:
        return f"這一格的數字格式太長（{len(fmt)} 個字符），不是 Excel 能寫出的" + FORMAT_FIX
    sections: list[list[tuple[str, str]]] = [[]]
    for tok in _FMT_TOKEN.findall(fmt):
        kind, text = _token(tok)
        if kind == "sep":
            sections.append([])
        else:
            sections[-1].append((kind, text))
    if len(sections) > 4:
        return f"這一格的數字格式「{fmt[:40]}」jxplan 讀不懂" + FORMAT_FIX
    at = [i for i, sec in enumerate(sections) if any(k == "at" for k, _ in sec)]
    if len(at) > 1 or (at and at[0] != len(sections) - 1):
        return f"這一格的數字格式「{fmt[:40]}」jxplan 讀不懂" + FORMAT_FIX
    text_section = sections.pop() if at or len(sections) == 4 else None
    numeric = []
    for sec in sections:
        parsed = _numeric(sec, fmt)
        if isinstance(parsed, str):
            return parsed
        numeric.append(parsed)
    shown_text = None if text_section is None else [
        None if k == "at" else t for k, t in text_section if k in _LITERAL or k == "at"]
    return numeric, shown_text


def _numeric(sec: list[tuple[str, str]], fmt: str) -> _Section | str:
    """A numeric section as a ``_Section``, or why it cannot be read."""
    kinds = [k for k, _ in sec]
    if "cond" in kinds:
        return "這一格的數字格式按數值分段顯示（含條件，如 [>=100]），jxplan 無法確定它顯示什麼" + FORMAT_FIX
    if "date" in kinds:
        return f"這一格的數字格式「{fmt[:40]}」把數字顯示成日期或時間" + FORMAT_FIX
    if "bad" in kinds or "at" in kinds:
        return f"這一格的數字格式「{fmt[:40]}」jxplan 讀不懂" + FORMAT_FIX
    places = [i for i, k in enumerate(kinds) if k == "num"]
    if not places:
        return _Section("".join(t for k, t in sec if k in _LITERAL), "", False)
    first, last = places[0], places[-1]
    while last + 1 < len(sec) and kinds[last + 1] in ("dot", "comma"):  # 0. and 0, end the number
        last += 1
    body = kinds[first:last + 1]
    fraction = "slash" in body
    allowed = {"num", "dot", "comma", "exp", "mod", "fill"} | ({"slash", "space", "lit"} if fraction else set())
    if set(body) - allowed or (fraction and any(k == "lit" and t.strip() for k, t in sec[first:last + 1])):
        return f"這一格的數字格式「{fmt[:40]}」在數字中間夾著文字，jxplan 無法確定它顯示什麼" + FORMAT_FIX
    scale = 0  # a comma after the last digit of the integer or decimal part: thousands
    for i, k in enumerate(body):
        if k == "comma":
            rest = body[i + 1:]
            end = next((j for j, r in enumerate(rest) if r in ("dot", "exp")), len(rest))
            scale += "num" not in rest[:end]
    exp10 = 2 * kinds.count("pct") - 3 * scale
    zero = any(k == "num" and t in ("0", "?", "G") for k, t in sec[first:last + 1])  # # alone shows no zero
    pre = "".join(t for k, t in sec[:first] if k in _LITERAL)
    post = "".join(t for k, t in sec[last + 1:] if k in _LITERAL)
    return _Section(pre, post, True, exp10, zero)


def _display(cell: _Cell) -> Num | str | None:
    """What Excel shows in a cell whose format changes it: a number scaled (Num), or the
    text shown (str); None when it shows the value as it is. _Refused when it cannot be told."""
    v, fmt = cell.value, cell.fmt
    if fmt == "General" or isinstance(v, bool) or not isinstance(v, (int, float, str)):
        return None
    if fmt is None:  # only numbers keep a format openpyxl could not name
        raise _Refused("xlsx-cell", "這一格用了 Excel 按地區而定的內置格式（文件中沒有寫明，多為中文日期），"
                                    "jxplan 無法確定它顯示什麼；請把單元格格式設為「常規」「數值」或「日期」後重填")
    parsed = _format(fmt)
    if isinstance(v, str):
        if isinstance(parsed, str) or parsed[1] is None:
            return None  # a text is shown as typed unless a text section says otherwise
        shown = "".join(v if t is None else t for t in parsed[1])
        if None not in parsed[1]:
            said = f"顯示為「{shown.strip()}」" if shown.strip() else "顯示為空白"
            raise _Refused("xlsx-cell", f"這一格的文字「{v.strip()[:20]}」被單元格格式隱藏了（{said}）；"
                                        "請把單元格格式設為「常規」或「文本」後重填")
        return shown if shown != v else None
    if isinstance(parsed, str):
        raise _Refused("xlsx-cell", parsed)
    numeric = parsed[0]
    if not numeric:
        return None  # a text format (@): a number shows as in General
    text = _number_text(v) if isinstance(v, float) else str(v)
    sign = ""
    if len(numeric) == 1:  # one section for all: Excel adds the minus sign
        sec, sign = numeric[0], "-" if v < 0 else ""
    elif v < 0:  # positive;negative[;zero]: the negative section shows the number without its sign
        sec = numeric[1]
    elif v > 0 or len(numeric) == 2:
        sec = numeric[0]
    else:
        sec = numeric[2]
    if not sec.digits or (v == 0 and not sec.zero):
        literal = (sec.pre + sec.post).strip()
        if v == 0 and literal in ("-", "—"):  # the accountant's zero
            return None
        said = f"顯示為「{literal}」" if literal else "顯示為空白"
        raise _Refused("xlsx-cell", f"這一格存的是 {text}，但單元格格式讓它{said}" + FORMAT_FIX)
    pre, post = sec.pre, sec.post
    if v == 0 and (pre + post).strip() in ("", "-", "—"):  # 0, or the accountant's zero
        return None
    if v < 0 and not sign:  # a negative section shows the number without its sign: the format must say it
        p, q = pre.strip(), post.strip()
        if p.startswith("-"):
            sign, pre = "-", p[1:]
        elif p.startswith("(") and q.endswith(")"):
            sign, pre, post = "-", p[1:], q[:-1]
        else:
            shown = (pre + text.lstrip("-") + post).strip()
            raise _Refused("xlsx-cell", f"這一格存的是負數 {text}，但單元格格式讓它顯示為「{shown}」，沒有負號" + FORMAT_FIX)
    if not pre.strip() and not post.strip() and not sec.exp10:
        return None
    number = Decimal(text).copy_abs().scaleb(sec.exp10)
    if number >= MAX_ABS:
        shown = format_number(number) if number < Decimal(10) ** 27 else f"{number:.3E}"
        raise _Refused("xlsx-cell", f"這一格按單元格格式顯示為 {shown}，數值太大（絕對值須小於 10 的 15 次方）；請核對單位與位數")
    digits = format_number(number)
    if not pre.strip() and not post.strip():
        return Num(sign + digits)
    return (sign + pre + digits + post).strip()
