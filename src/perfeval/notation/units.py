"""Units and dimensions (计量单位).

A unit belongs to one dimension and converts to that dimension's base unit by
an exact decimal factor.  Conversion happens only inside one dimension:
元/万元/亿元 convert, %/‰ convert, but 人 and 人次 are different dimensions and
never compare.

>>> lookup("万元").factor, lookup("万元").dimension
(Decimal('10000'), 'money')
>>> lookup("人").dimension == lookup("人次").dimension
False
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import attrs

from .._arith import div, mul

__all__ = ["Unit", "lookup", "compound", "symbols", "scale_in_context", "SCALE_PREFIXES"]


@attrs.frozen(repr=False)
class Unit:
    """A unit of measure: its symbol, its dimension and its factor to the base.

    >>> lookup("亿元")
    Unit('亿元')
    """

    symbol: str
    dimension: str
    factor: Decimal = attrs.field(eq=False)

    def __repr__(self) -> str:
        return f"Unit({self.symbol!r})"

    def __str__(self) -> str:
        return self.symbol

    @property
    def is_scale_only(self) -> bool:
        """A bare 万 or 亿: a scale waiting for the indicator to name its unit."""
        return self.dimension == "number"

    def to_base(self, value: Decimal) -> Decimal:
        return mul(value, self.factor)


def _d(text: str) -> Decimal:
    return Decimal(text)


# Base units by dimension.  Factors are exact: area is based on 亩 because
# 1 平方米 = 0.0015 亩 exactly, while 1 亩 = 666.66… 平方米 is not; time on
# 分钟, so that 小时, 天 and 周 are whole multiples.
_BASE: dict[str, tuple[str, str]] = {
    # share
    "%": ("share", "1"),
    "‰": ("share", "0.1"),
    # money
    "元": ("money", "1"),
    # physical
    "米": ("length", "1"),
    "千米": ("length", "1000"),
    "公里": ("length", "1000"),
    "厘米": ("length", "0.01"),
    "亩": ("area", "1"),
    "公顷": ("area", "15"),
    "平方米": ("area", "0.0015"),
    "平方公里": ("area", "1500"),
    "克": ("weight", "1"),
    "千克": ("weight", "1000"),
    "公斤": ("weight", "1000"),
    "斤": ("weight", "500"),
    "吨": ("weight", "1000000"),
    # time: durations in calendar time, in months, and in working days
    "分钟": ("time", "1"),
    "小时": ("time", "60"),
    "天": ("time", "1440"),
    "日": ("time", "1440"),
    "周": ("time", "10080"),
    "星期": ("time", "10080"),
    "月": ("months", "1"),
    "个月": ("months", "1"),
    "季度": ("months", "3"),
    "年": ("months", "12"),
    "个工作日": ("workdays", "1"),
    "工作日": ("workdays", "1"),
}

# Each count unit is its own dimension (人 and 人次 never compare).
COUNT_UNITS = (
    "人次", "户次", "人", "户", "家", "个", "次", "台", "件", "例", "只", "头", "种",
    "座", "场", "辆", "株", "趟", "项", "所", "批", "套", "份", "篇", "期", "名",
    "位", "本", "张", "棵", "处", "条", "部", "块", "间", "栋", "卷", "册", "支",
    "把", "组", "轮", "课时", "学时", "场次", "单", "笔", "宗", "起", "单位",
)
for _count in COUNT_UNITS:
    _BASE.setdefault(_count, (f"count:{_count}", "1"))

# Scale prefixes.  On their own (`5万`) they make a scale-only unit whose
# dimension the indicator decides: on a money indicator 万 means 万元.
SCALE_PREFIXES: dict[str, Decimal] = {"万": _d("10000"), "亿": _d("100000000")}
_SCALABLE = {"money", "length", "area", "weight"}


def _scalable(dimension: str) -> bool:
    return dimension in _SCALABLE or dimension.startswith("count:")


@cache
def lookup(symbol: str) -> Unit:
    """The unit for a symbol such as ``万元``, ``‰``, ``万亩``, ``元/人``.

    Raises ``KeyError`` for an unknown symbol.

    >>> lookup("万株").factor
    Decimal('10000')
    """
    if "/" in symbol:
        numerator, _, denominator = symbol.partition("/")
        return compound(lookup(numerator), lookup(denominator))
    if symbol in _BASE:
        dimension, factor = _BASE[symbol]
        return Unit(symbol, dimension, _d(factor))
    if symbol in SCALE_PREFIXES:
        return Unit(symbol, "number", SCALE_PREFIXES[symbol])
    prefix, rest = symbol[:1], symbol[1:]
    if prefix in SCALE_PREFIXES and rest in _BASE and _scalable(_BASE[rest][0]):
        dimension, factor = _BASE[rest]
        return Unit(symbol, dimension, mul(SCALE_PREFIXES[prefix], _d(factor)))
    raise KeyError(symbol)


def compound(numerator: Unit, denominator: Unit) -> Unit:
    """A rate unit such as 元/人.  Dimensions divide, factors divide exactly
    only when the denominator's factor is 1 or a power of ten.

    >>> compound(lookup("万元"), lookup("人")).dimension
    'money/count:人'
    """
    return Unit(
        f"{numerator.symbol}/{denominator.symbol}",
        f"{numerator.dimension}/{denominator.dimension}",
        div(numerator.factor, denominator.factor),
    )


def with_dimension_of(unit: Unit, named: Unit) -> Unit:
    """Give a scale-only unit (万) the base unit of another dimension (元 → 万元)."""
    base = next(s for s, (dim, factor) in _BASE.items() if dim == named.dimension and factor == "1")
    return lookup(unit.symbol + base)


def scale_in_context(scale: Unit, context: Unit) -> Unit | None:
    """The unit a bare 万 or 亿 stands for where ``context`` names the
    dimension (rules §2): 万 on a money indicator is 万元, and a bare 万 in
    an actual takes the definition's dimension.  ``None`` where that
    dimension has no scaled unit (万% means nothing).

    >>> scale_in_context(lookup("万"), lookup("元")), scale_in_context(lookup("万"), lookup("%"))
    (Unit('万元'), None)
    """
    try:
        return with_dimension_of(scale, context)
    except (KeyError, StopIteration):
        return None


def symbols() -> list[str]:
    """Every unit symbol the tokenizer knows, longest first (for longest match)."""
    scaled = [p + s for p in SCALE_PREFIXES for s, (dim, _) in _BASE.items() if _scalable(dim)]
    return sorted({*_BASE, *scaled, *SCALE_PREFIXES}, key=lambda s: (-len(s), s))

