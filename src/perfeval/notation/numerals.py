"""Chinese numerals: 一, 两, 十五, 一百二十, 半 (rules §2)."""

from __future__ import annotations

from decimal import Decimal

from ..codes import Code
from ..errors import NotationError

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> Decimal:
    """The value of a Chinese numeral.

    >>> chinese_number("两"), chinese_number("十五"), chinese_number("一百二十"), chinese_number("半")
    (Decimal('2'), Decimal('15'), Decimal('120'), Decimal('0.5'))
    """
    if text == "半":
        return Decimal("0.5")
    total, digit = 0, None
    for position, char in enumerate(text):
        if char in _DIGITS:
            if _DIGITS[char] == 0 and digit is None and position > 0:
                continue  # 一百零五: 零 holds the empty tens' place
            if digit is not None and _DIGITS[char] != 0:
                raise NotationError(Code.BAD_NUMERAL, "two digits in a row", text, (position, position + 1))
            digit = _DIGITS[char]
        elif char in _MULTIPLIERS:
            # 十五: a leading 十 means one ten.
            total += (1 if digit is None else digit) * _MULTIPLIERS[char]
            digit = None
        else:
            raise NotationError(Code.BAD_NUMERAL, "not a Chinese numeral", text, (position, position + 1))
    return Decimal(total + (digit or 0))
