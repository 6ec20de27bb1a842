"""Numbers as people write them, and quantities with Chinese magnitudes.

"1.2萬畝", "12000畝" and 1.2 are one figure in 萬畝: 百, 千, 萬 and 億 scale the same
base unit; %, ‰ and 個百分點 never convert into each other. Simplified characters
(万, 亿, 吨, 个, …) and full-width digits are accepted, because that is what office
keyboards type; digits of other scripts (Arabic-Indic, superscript, circled) are not.

Every number is bounded before any arithmetic: at most 15 digits before the decimal
point and 10 after it. Larger or finer figures are not statistics but accidents.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import overload

MAGNITUDES = {"百": Decimal(100), "千": Decimal(1000), "萬": Decimal(10_000), "億": Decimal(100_000_000)}
MAX_ABS = Decimal(10) ** 15  # 一千萬億: more than any figure of a city's plan
MAX_PLACES = 10
MAX_LITERAL = 40  # characters of a written number, before it is even read
# unit words an office may type in simplified characters
_SIMPLIFIED = str.maketrans({
    "万": "萬", "亿": "億", "吨": "噸", "个": "個", "标": "標", "亩": "畝", "户": "戶",
    "条": "條", "点": "點", "项": "項", "门": "門", "处": "處", "间": "間", "辆": "輛",
})
# full-width forms an input method produces; nothing else becomes a digit
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            "．": ".", "，": ",", "－": "-", "＋": "+", "\u3000": " ", "ｅ": "e", "Ｅ": "E"})
# units that look as if they start with a magnitude but do not
_WHOLE = {"%", "‰", "個百分點", "百分點", "千伏安", "千米", "千克", "千瓦", "千瓦時"}
_RATIOS = {"%", "‰", "個百分點", "百分點"}  # shares and differences of shares: no magnitude applies
_NUMBER = re.compile(r"\s*([-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\s*(.*?)\s*\Z",
                     re.S | re.A)


class Num(Decimal):
    """A number read from a file: an exact decimal that keeps its written text (``5.10``)."""

    text: str

    def __new__(cls, text: str, value: str | None = None):
        written = value if value is not None else text
        try:
            self = super().__new__(cls, written)
        except (InvalidOperation, ValueError):  # an exponent past what a decimal can hold
            self = super().__new__(cls, _clamped(written))
        self.text = text
        return self

    def __reduce__(self):  # keep the written text across processes
        return (Num, (self.text, str(Decimal(self))))


_EXPONENT = re.compile(r"^(.*?[0-9.])[eE]([-+]?)([0-9]+)$")


def _clamped(text: str) -> str:
    """``1e+99999999999999999999`` as ``1e+999999999``: still far out of bounds, so refused as
    too large (or, for a negative exponent, as having too many decimal places), never a crash."""
    m = _EXPONENT.match(text.strip())
    if m is None:
        return "NaN"
    return f"{m.group(1)}e{m.group(2)}{min(int(m.group(3)[:12]), 999_999_999)}"


class QuantityError(ValueError):
    """A value that cannot be read, is out of bounds, or whose unit does not convert."""


def bounds_problem(d: Decimal, places: bool = True) -> str | None:
    """Why a number cannot be a figure of the plan, or None when it can. A figure converted
    from a larger unit may have more decimal places than anyone wrote: ``places=False``."""
    if not d.is_finite():
        return "數值不能是 NaN 或無窮大"
    if d.copy_abs() >= MAX_ABS:  # copy_abs: no context, so no overflow
        return "數值太大（絕對值須小於 10 的 15 次方）；請核對單位與位數"
    _, digits, exp = d.as_tuple()
    if places and isinstance(exp, int) and exp < -MAX_PLACES and any(digits):  # int: finite
        trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        if -exp - min(trailing, -exp) > MAX_PLACES:  # trailing zeros add no precision
            return f"數值的小數位太多（最多 {MAX_PLACES} 位）"
    return None


def bounded(d: Decimal, places: bool = True) -> Decimal:
    problem = bounds_problem(d, places)
    if problem:
        raise QuantityError(problem)
    return d


def normalize_unit(unit: str) -> str:
    return unicodedata.normalize("NFKC", unit).translate(_SIMPLIFIED).replace(" ", "")


def split_unit(unit: str) -> tuple[Decimal, str]:
    """'萬千伏安' -> (10000, '千伏安'); '億元' -> (1e8, '元'); '%' -> (1, '%')."""
    unit = normalize_unit(unit)
    factor = Decimal(1)
    while unit and unit not in _WHOLE and unit[0] in MAGNITUDES:
        factor *= MAGNITUDES[unit[0]]
        unit = unit[1:]
    return factor, unit


def parse_number(text: str) -> tuple[Decimal, str]:
    """'1.2萬畝' -> (Decimal('1.2'), '萬畝'); '12,000 畝' -> (12000, '畝'); bounded."""
    norm = text.translate(_FULLWIDTH)
    m = _NUMBER.match(norm)
    if not m:
        raise QuantityError(f"「{text}」不是數字；請寫成如 12.5 或 1.2萬畝")
    literal = m.group(1).replace(",", "")
    if len(literal) > MAX_LITERAL:
        raise QuantityError(f"「{text[:20]}…」位數太多，不像統計數字")
    try:
        number = Decimal(literal)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise QuantityError(f"「{text}」不是數字") from None
    return bounded(number), m.group(2)


def convert(value, target_unit: str | None) -> Decimal:
    """A reported value in the target's unit, exactly; QuantityError names both units."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise QuantityError(f"「{value}」不是數字")
    if not isinstance(value, str):
        return bounded(Decimal(value))
    number, unit = parse_number(value)
    if not unit:
        return number
    target_unit = target_unit or ""
    f_from, base_from = split_unit(unit)
    f_to, base_to = split_unit(target_unit)
    if base_from == "":  # "6萬" for a target in 人: the target's own base unit
        base_from = base_to
    if base_from != base_to:
        raise QuantityError(f"單位「{unit}」無法換算成目標的單位「{target_unit or '（無單位）'}」")
    if base_to in _RATIOS and f_from != f_to:  # a share is never counted in 萬: "0.00112萬" or "0.00112萬%" is no 11.2%
        raise QuantityError(f"「{value}」：{base_to}不能用千、萬、億計數；請直接寫百分數，如 11.2")
    return bounded(number * f_from / f_to, places=False)


def format_number(value: Decimal | int | None) -> str:
    """A figure as people write it: no exponent, no trailing zeros, thousands unseparated."""
    if value is None:
        return "—"
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


# Units that count whole things: 7.5家 expected by a quarter is printed as 8家 (四捨五入,
# half up, as an office rounds), and judged as printed.
COUNT_UNITS = frozenset("家個座條所項場人戶台臺輛艘處套名位次張棟幢宗件")
_HUNDREDTH = Decimal("0.01")


def counts_whole(unit: str | None, goal: Decimal | None = None) -> bool:
    """A figure counted in whole things: a unit of COUNT_UNITS and a whole annual figure
    (0.6人 per 億元 of output is a rate, not a head count)."""
    return unit is not None and unit != "" and normalize_unit(unit) in COUNT_UNITS and (goal is None or Decimal(goal) == Decimal(goal).to_integral_value())


@overload
def as_printed(value: Decimal, whole: bool = False) -> Decimal: ...
@overload
def as_printed(value: None, whole: bool = False) -> None: ...
@overload
def as_printed(value: Decimal | None, whole: bool = False) -> Decimal | None: ...


def as_printed(value: Decimal | None, whole: bool = False) -> Decimal | None:
    """A figure as every document prints it, and as the status rules judge it: a count of
    whole things (``whole``) to a whole number, anything else to two decimal places at most,
    rounded half up. So no printed row contradicts its status."""
    if value is None:
        return None
    d = Decimal(value)
    if whole:
        return d.quantize(Decimal(1), rounding="ROUND_HALF_UP")
    if d == d.quantize(_HUNDREDTH, rounding="ROUND_HALF_UP"):
        return d
    return d.quantize(_HUNDREDTH, rounding="ROUND_HALF_UP")
