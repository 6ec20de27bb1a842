"""Quantities with Chinese magnitudes: "1.2萬畝", "12000畝" and 1.2 are one figure in 萬畝.

百, 千, 萬 and 億 scale the same base unit; %, ‰ and 個百分點 never convert into each
other. Simplified characters (万, 亿, 吨, 个, …) and full-width digits are accepted,
because that is what office keyboards type.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

MAGNITUDES = {"百": Decimal(100), "千": Decimal(1000), "萬": Decimal(10_000), "億": Decimal(100_000_000)}
# unit words an office may type in simplified characters
_SIMPLIFIED = str.maketrans({
    "万": "萬", "亿": "億", "吨": "噸", "个": "個", "标": "標", "亩": "畝", "户": "戶",
    "条": "條", "点": "點", "项": "項", "门": "門", "处": "處", "间": "間", "辆": "輛",
})
# units that look as if they start with a magnitude but do not
_WHOLE = {"%", "‰", "個百分點", "百分點", "千伏安", "千米", "千克", "千瓦", "千瓦時"}
_NUMBER = re.compile(r"\s*([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(.*?)\s*\Z", re.S)


class QuantityError(ValueError):
    """A value that cannot be read, or whose unit does not convert."""


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
    """'1.2萬畝' -> (Decimal('1.2'), '萬畝'); '12,000 畝' -> (12000, '畝')."""
    norm = unicodedata.normalize("NFKC", text)
    m = _NUMBER.match(norm)
    if not m:
        raise QuantityError(f"「{text}」不是數字；請寫成如 12.5 或 \"1.2萬畝\"")
    try:
        number = Decimal(m.group(1).replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise QuantityError(f"「{text}」不是數字") from None
    return number, m.group(2)


def convert(value, target_unit: str | None) -> Decimal:
    """A reported value in the target's unit, exactly; QuantityError names both units."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise QuantityError(f"「{value}」不是數字")
    if not isinstance(value, str):
        number = Decimal(value)
        if not number.is_finite():
            raise QuantityError("數值不能是 NaN 或無窮大")
        return number
    number, unit = parse_number(value)
    if not number.is_finite():
        raise QuantityError("數值不能是 NaN 或無窮大")
    if not unit:
        return number
    target_unit = target_unit or ""
    f_from, base_from = split_unit(unit)
    f_to, base_to = split_unit(target_unit)
    if base_from == "":  # "6萬" for a target in 人: the target's own base unit
        base_from = base_to
    if base_from != base_to:
        raise QuantityError(f"單位「{unit}」無法換算成目標的單位「{target_unit or '（無單位）'}」")
    return number * f_from / f_to


def format_number(value: Decimal | int | None) -> str:
    """A figure as people write it: no exponent, no trailing zeros, thousands unseparated."""
    if value is None:
        return "—"
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    s = format(d.normalize(), "f")
    return s
