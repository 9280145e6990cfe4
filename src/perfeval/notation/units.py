"""Units and dimensions (计量单位): one closed list (rules §2).

A unit belongs to one dimension and converts to that dimension's base unit by
an exact decimal factor.  Conversion happens only inside one dimension:
元/万元/亿元 convert, %/‰ convert, but 人 and 人次 are different dimensions and
never compare.

The list, by dimension (base unit first):

- ``share``: ``%``, ``‰``;
- ``money``: ``元`` (``万元``, ``亿元`` by the prefixes below; a bare 万 on a
  money indicator is 万元, :func:`scale_in_context`);
- ``multiple``: ``倍``; ``points``: ``分`` (satisfaction scores ``≥90分``;
  ``分钟`` is time, and wins by the longest match);
- ``length``: ``米``/``m``, ``千米``/``公里``/``km``, ``厘米``.  ``M`` is no unit
  here: the parser reads it as metres only where the indicator's name is a
  length (``NotationContext.length``, note ``metres-from-name``);
- ``area``: ``亩`` (so that 1 平方米 = 0.0015 亩 exactly), ``公顷``,
  ``平方米``/``平米``, ``平方公里``;
- ``volume``: ``立方米`` (``万立方米``);
- ``weight``: ``克``, ``千克``/``公斤``, ``斤``, ``吨``;
- ``data``: ``GB``, ``TB`` (1 TB = 1024 GB: a convention, which the parser
  states in a ``unit-factor`` note; :data:`CONVENTIONS`);
- time, in three dimensions that do not convert into one another:
  ``time`` (``分钟``, ``小时``, ``天``/``日``, ``周``/``星期``), ``months``
  (``月``/``个月``, ``季度``, ``年``) and ``workdays`` (``个工作日``/``工作日``);
- counters (:data:`COUNT_UNITS`): each its own dimension ``count:<unit>``.
  ``名`` counts people: it has the dimension of ``人`` (factor 1), never of
  ``人次``.  A book may declare more counters (``units: [门, 批]``); the
  parser reads those through its ``NotationContext``.

A ``万`` or ``亿`` prefix scales money, length, area, volume, weight and
counts (``万亩``, ``万立方米``, ``600万株``).  A compound unit is a numerator
over one or more denominators: ``元/人``, ``元/人·月``; ``*``, ``×`` and
``/`` between denominators read as ``·`` (``元/人*月`` and ``元/生/年`` are
``元/人·月`` and ``元/生·年``).  Its dimension is the numerator's over the
product of the denominators' (in a fixed order), its factor the quotient.

>>> lookup("万元").factor, lookup("万元").dimension
(Decimal('10000'), 'money')
>>> lookup("人").dimension == lookup("人次").dimension, lookup("名").dimension
(False, 'count:人')
>>> lookup("元/人*月"), lookup("元/人*月") == lookup("元/人·月")
(Unit('元/人·月'), True)
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import attrs

from .._arith import div, mul

__all__ = ["Unit", "lookup", "compound", "symbols", "scale_in_context", "counter", "SCALE_PREFIXES",
           "COUNT_UNITS", "CONVENTIONS"]


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
    # multiples and points (satisfaction scores)
    "倍": ("multiple", "1"),
    "分": ("points", "1"),
    # physical
    "米": ("length", "1"),
    "m": ("length", "1"),
    "千米": ("length", "1000"),
    "公里": ("length", "1000"),
    "km": ("length", "1000"),
    "厘米": ("length", "0.01"),
    "亩": ("area", "1"),
    "公顷": ("area", "15"),
    "平方米": ("area", "0.0015"),
    "平米": ("area", "0.0015"),
    "平方公里": ("area", "1500"),
    "立方米": ("volume", "1"),
    "克": ("weight", "1"),
    "千克": ("weight", "1000"),
    "公斤": ("weight", "1000"),
    "斤": ("weight", "500"),
    "吨": ("weight", "1000000"),
    # data size
    "GB": ("data", "1"),
    "TB": ("data", "1024"),
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
    "门", "批次", "班次", "期次", "车次", "架次", "生", "口", "眼", "盏", "床", "床位",
    "节", "堂", "架", "艘", "枚", "幅", "根",
)
for _count in COUNT_UNITS:
    _BASE.setdefault(_count, (f"count:{_count}", "1"))
# 名 counts people: it converts to 人 (the evaluate layer flags it), never to 人次.
_BASE["名"] = ("count:人", "1")

# Conversions that are conventions rather than definitions, stated when read.
CONVENTIONS: dict[str, str] = {"TB": "1 TB = 1024 GB"}

# Scale prefixes.  On their own (`5万`) they make a scale-only unit whose
# dimension the indicator decides: on a money indicator 万 means 万元.
SCALE_PREFIXES: dict[str, Decimal] = {"万": _d("10000"), "亿": _d("100000000")}
_SCALABLE = {"money", "length", "area", "volume", "weight"}
# Between the denominators of a compound unit: 元/人·月, 元/人*月, 元/户×年.
PRODUCT_SIGNS = "·*×・•∙⋅"
_PRODUCT = re.compile(f"[{re.escape(PRODUCT_SIGNS)}]")


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
        numerator, *over = symbol.split("/")
        denominators = [part for d in over for part in _PRODUCT.split(d)]
        if not numerator or not all(denominators):
            raise KeyError(symbol)
        return compound(lookup(numerator), *(lookup(d) for d in denominators))
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


def compound(numerator: Unit, *denominators: Unit) -> Unit:
    """A rate unit such as 元/人, or 元/人·月 over two denominators.
    Dimensions divide (the denominators' in a fixed order, so that 元/人·月
    and 元/月·人 compare), factors divide exactly only when the
    denominators' factors are 1 or powers of ten.

    >>> compound(lookup("万元"), lookup("人")).dimension
    'money/count:人'
    >>> compound(lookup("元"), lookup("人"), lookup("月"))
    Unit('元/人·月')
    """
    if not denominators:
        raise TypeError("a compound unit needs a denominator")
    product = Decimal(1)
    for d in denominators:
        product = mul(product, d.factor)
    return Unit(
        f"{numerator.symbol}/{'·'.join(d.symbol for d in denominators)}",
        f"{numerator.dimension}/{'*'.join(sorted(d.dimension for d in denominators))}",
        div(numerator.factor, product),
    )


def counter(symbol: str) -> Unit:
    """A counter a book declared (``units: [门, 批]``): its own dimension.

    >>> counter("樽").dimension
    'count:樽'
    """
    return Unit(symbol, f"count:{symbol}", Decimal(1))


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
    scaled = [p + s for p in SCALE_PREFIXES for s, (dim, _) in _BASE.items() if _scalable(dim) and not s.isascii()]
    return sorted({*_BASE, *scaled, *SCALE_PREFIXES}, key=lambda s: (-len(s), s))

