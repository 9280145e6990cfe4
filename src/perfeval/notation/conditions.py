"""Condition objects: what one piece of notation says, parsed once.

Conditions are small, frozen and hashable.  ``str(c)`` is a canonical form
that :func:`perfeval.parse` reads back to an equal condition, and ``repr``
reads like the notation.  They know nothing of grading: ladders and targets
turn them into intervals on an axis (:mod:`perfeval.evaluate.intervals`).

>>> from perfeval import parse
>>> c = parse("400人以上")
>>> c, str(c)
(Compare('≥400人'), '≥400人')
"""

from __future__ import annotations

import calendar
import datetime
import enum
from decimal import Decimal
from typing import Union

import attrs

from .._arith import mul
from .units import Unit, lookup  # noqa: F401  (lookup: the doctest)

__all__ = ["Op", "Quantity", "Compare", "Range", "Deadline", "Period", "Delay", "Words", "NotApplicable"]


class Op(str, enum.Enum):
    """A comparison operator, by its symbol."""

    GE = "≥"
    LE = "≤"
    GT = ">"
    LT = "<"
    EQ = "="

    def __str__(self) -> str:
        return self.value

    @property
    def upward(self) -> bool | None:
        """True for ≥ and >, False for ≤ and <, None for =."""
        return {"≥": True, ">": True, "≤": False, "<": False}.get(self.value)


def format_decimal(value: Decimal) -> str:
    """Plain positional text for a Decimal, never scientific notation.

    >>> format_decimal(Decimal("1E+3")), format_decimal(Decimal("2.50"))
    ('1000', '2.50')
    """
    text = format(value, "f")
    return "0" if text in ("-0", "+0") else text


def format_trimmed(value: Decimal) -> str:
    """:func:`format_decimal` without trailing zeros, as a published table writes numbers.

    >>> format_trimmed(Decimal("8.00")), format_trimmed(Decimal("1E+3")), format_trimmed(Decimal("0.50"))
    ('8', '1000', '0.5')
    """
    text = format_decimal(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


@attrs.frozen(repr=False)
class Quantity:
    """A number and its unit (``None`` when the text gave none).

    >>> Quantity(Decimal("0.7"), lookup("亿元")).base
    Decimal('70000000.0')
    """

    value: Decimal
    unit: Unit | None = None

    @property
    def base(self) -> Decimal:
        """The value in the base unit of its dimension (元, %, 分钟 …)."""
        return self.value if self.unit is None else mul(self.value, self.unit.factor)

    @property
    def dimension(self) -> str | None:
        return None if self.unit is None else self.unit.dimension

    def __str__(self) -> str:
        return format_decimal(self.value) + (self.unit.symbol if self.unit else "")

    def __repr__(self) -> str:
        return f"Quantity({str(self)!r})"


@attrs.frozen(repr=False)
class Compare:
    """A comparison such as ``≥90%``.  ``op`` is ``None`` for a bare value,
    whose direction the ladder or the indicator decides (rules §3, §4)."""

    op: Op | None
    quantity: Quantity

    def __str__(self) -> str:
        return (self.op.value if self.op else "") + str(self.quantity)

    def __repr__(self) -> str:
        return f"Compare({str(self)!r})"


@attrs.frozen(repr=False)
class Range:
    """A closed range ``a-b``: both ends included (rules §2)."""

    low: Quantity
    high: Quantity

    def __str__(self) -> str:
        if self.low.unit == self.high.unit:
            return f"{format_decimal(self.low.value)}-{self.high}"
        return f"{self.low}-{self.high}"

    def __repr__(self) -> str:
        return f"Range({str(self)!r})"


@attrs.frozen(repr=False)
class Deadline:
    """Done by a date: the end of ``month`` (or the given ``day``) of ``year``.

    ``year`` is ``None`` when the text did not say; the definition's budget
    year fills it in.  ``rest`` keeps the words that follow (完成当年任务).

    >>> Deadline(None, 12).due(2023)
    datetime.date(2023, 12, 31)
    """

    year: int | None
    month: int
    day: int | None = None
    rest: str = ""

    def due(self, year: int | None = None) -> datetime.date:
        year = self.year if self.year is not None else year
        if year is None:
            raise ValueError("the deadline names no year and none was given")
        # A month written alone means its last day (rules §2, §4): _last_day is the one place that says so.
        return _last_day(year, self.month) if self.day is None else datetime.date(year, self.month, self.day)

    def __str__(self) -> str:
        year = f"{self.year}年" if self.year is not None else ""
        when = f"{self.month}月{self.day}日前" if self.day is not None else f"{self.month}月底前"
        return f"{year}{when}{self.rest}"

    def __repr__(self) -> str:
        return f"Deadline({str(self)!r})"


def _last_day(year: int, month: int) -> datetime.date:
    # A month written alone means its last day (rules §2, §4).
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@attrs.frozen(repr=False)
class Period:
    """A period such as ``2021年1月-12月`` or ``全年``, as a target: done by
    the end of the period (rules §2).  A period is never a numeric range.

    A year left out is ``None``.  The end year defaults to the start year
    (``Period(2021, 1, None, 12)`` ends in 2021: it is made so), then to the
    budget year given to :meth:`due`.  ``whole_year`` says the text wrote the
    year whole (``全年``, ``2020年全年``, ``2020年``); it is how ``str()``
    writes it and takes no part in equality.

    >>> Period(2021, 1, 2021, 12).due(), str(Period(2021, 1, 2021, 12))
    (datetime.date(2021, 12, 31), '2021年1月-2021年12月')
    >>> Period(None, 1, None, 12, whole_year=True), Period(None, 1, None, 12).due(2023)
    (Period('全年'), datetime.date(2023, 12, 31))
    """

    start_year: int | None
    start_month: int
    end_year: int | None
    end_month: int
    whole_year: bool = attrs.field(default=False, eq=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.end_year is None and self.start_year is not None:
            object.__setattr__(self, "end_year", self.start_year)

    def due(self, year: int | None = None) -> datetime.date:
        """The last day of the end month."""
        end_year = next((y for y in (self.end_year, self.start_year, year) if y is not None), None)
        if end_year is None:
            raise ValueError("the period names no year and none was given")
        return _last_day(end_year, self.end_month)

    @property
    def is_whole_year(self) -> bool:
        """January to December of one year (or of no year written)."""
        return (self.start_month, self.end_month) == (1, 12) and self.end_year in (None, self.start_year)

    def __str__(self) -> str:
        if self.whole_year and self.is_whole_year:
            return "全年" if self.start_year is None else f"{self.start_year}年全年"

        def month(year: int | None, m: int) -> str:
            return f"{year}年{m}月" if year is not None else f"{m}月"

        return f"{month(self.start_year, self.start_month)}-{month(self.end_year, self.end_month)}"

    def __repr__(self) -> str:
        return f"Period({str(self)!r})"


@attrs.frozen(repr=False)
class Delay:
    """A delay: ``及时`` is a delay of 0, ``延期一周`` at most a week,
    ``延期30天以上`` at least 30 days, ``延期15-30天`` between 15 and 30
    days (rules §2).

    ``high`` is the upper end of a delay range, whose ``op`` is ``None`` and
    whose ``quantity`` is the lower end.  On time (:meth:`on_time`) is a
    delay of 0 with no unit: 0 is 0 in any time unit, so it mixes with days,
    weeks and months alike.

    >>> Delay.on_time(), Delay.on_time().quantity.base
    (Delay('及时'), Decimal('0'))
    """

    op: Op | None
    quantity: Quantity
    high: Quantity | None = None

    @classmethod
    def on_time(cls) -> Delay:
        return cls(None, Quantity(Decimal(0), None))

    @property
    def is_on_time(self) -> bool:
        return self.op is None and self.high is None and self.quantity.value == 0 and self.quantity.unit is None

    def __str__(self) -> str:
        if self.is_on_time:
            return "及时"
        if self.high is not None:
            low = self.quantity
            start = format_decimal(low.value) if low.unit == self.high.unit else str(low)
            return f"延期{start}-{self.high}"
        return f"延期{self.op.value if self.op else ''}{self.quantity}"

    def __repr__(self) -> str:
        return f"Delay({str(self)!r})"


@attrs.frozen(repr=False)
class Words:
    """Qualitative text (定性): anything that reads as no other notation."""

    text: str

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Words({self.text!r})"


@attrs.frozen(repr=False)
class NotApplicable:
    """``/``, ``无`` or ``不适用``: the indicator does not apply."""

    text: str = "/"

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"NotApplicable({self.text!r})"


# Kept as typing.Union: a public alias, and `X | Y` would change its runtime type (types.UnionType).
Condition = Union[Compare, Range, Deadline, Period, Delay, Words, NotApplicable]  # noqa: UP007
