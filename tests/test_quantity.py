"""Quantities with 百/千/萬/億: conversions, refusals, and a round trip through text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jxplan.core.quantity import QuantityError, convert, format_number, split_unit


@pytest.mark.parametrize("value,unit,expected", [
    ("1.2萬畝", "萬畝", "1.2"), ("12000畝", "萬畝", "1.2"), (Decimal("1.2"), "萬畝", "1.2"),
    ("0.6億噸", "萬噸", "6000"), ("168萬千伏安", "萬千伏安", "168"), ("1680000千伏安", "萬千伏安", "168"),
    ("6萬", "人", "60000"), ("60000人", "萬人", "6"), ("12,000畝", "萬畝", "1.2"), ("１２０００ 畝", "萬畝", "1.2"),
    ("1.2万亩", "萬畝", "1.2"), ("0.6亿吨", "萬噸", "6000"), ("3.5%", "%", "3.5"), ("1.2個百分點", "個百分點", "1.2"),
    ("14億美元", "億美元", "14"), ("5", "家", "5"), (7, "座", "7"),
])
def test_convert(value, unit, expected):
    assert convert(value, unit) == Decimal(expected)


@pytest.mark.parametrize("value,unit", [
    ("3‰", "%"), ("1.2個百分點", "%"), ("3%", "個百分點"), ("12萬噸", "個"), ("5公里", "畝"), ("abc", "個"),
    ("", "個"), ("1.2.3", "個"),
])
def test_refused(value, unit):
    with pytest.raises(QuantityError) as exc:
        convert(value, unit)
    if value and value[0].isdigit() and not value.count(".") > 1:
        assert unit in str(exc.value)  # names both units


def test_nan_and_infinity_refused():
    for v in (Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(QuantityError):
            convert(v, "個")


def test_split_unit():
    assert split_unit("萬千伏安") == (Decimal(10000), "千伏安")
    assert split_unit("%") == (Decimal(1), "%")
    assert split_unit("個百分點") == (Decimal(1), "個百分點")


MAGS = {"": 1, "百": 100, "千": 1000, "萬": 10_000, "億": 100_000_000}


@given(number=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
       mag_from=st.sampled_from(list(MAGS)), mag_to=st.sampled_from(list(MAGS)),
       base=st.sampled_from(["噸", "畝", "元", "人", "標箱", "公里"]))
def test_round_trip(number, mag_from, mag_to, base):
    text = f"{format_number(number)}{mag_from}{base}"
    converted = convert(text, f"{mag_to}{base}")
    assert converted * MAGS[mag_to] == number * MAGS[mag_from]
    back = convert(f"{format_number(converted)}{mag_to}{base}", f"{mag_from}{base}")
    assert back == number


@pytest.mark.parametrize("value,unit", [("0.00112萬", "%"), ("3千", "‰"), ("1.2萬", "個百分點"),
                                        ("0.00112萬%", "%"), ("0.1千%", "%"), ("8.1 百%", "%"), ("0.003千‰", "‰"),
                                        ("0.0001万个百分点", "個百分點")])
def test_a_share_is_never_counted_in_magnitudes(value, unit):
    with pytest.raises(QuantityError) as exc:
        convert(value, unit)
    assert str(exc.value) == f"「{value}」：{unit}不能用千、萬、億計數；請直接寫百分數，如 11.2"
