"""Intervals on one axis: what a condition holds, in base units.

A compiled band or target is a list of intervals over an exact Decimal axis
(a share in %, money in 元, a delay in minutes …).  Evaluation only compares
end points, and the end points are plain data, so a vectorised path can use
them as they are.

>>> i = Interval(Decimal(80), None, low_closed=True)
>>> str(i), i.contains(Decimal(80)), i.contains(Decimal("79.99"))
('[80, +∞)', True, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import attrs

from .._arith import EXACT, div
from ..notation.conditions import format_decimal
from ..notation.units import Unit

__all__ = ["Interval", "Point", "gaps", "show", "DOMAIN"]

# A point on an axis: a value in base units, or an exact point between two
# (a ladder places each piece of its axis by one, issue 12).
Point = Decimal | Fraction


@attrs.frozen
class Interval:
    """An interval; ``None`` as an end means unbounded on that side."""

    low: Decimal | None
    high: Decimal | None
    low_closed: bool = True
    high_closed: bool = True

    def contains(self, x: Point) -> bool:
        low, high = self.low, self.high
        if low is not None and (x < low or (x == low and not self.low_closed)):
            return False
        if high is not None and (x > high or (x == high and not self.high_closed)):  # noqa: SIM103 - mirrors low
            return False
        return True

    @property
    def is_empty(self) -> bool:
        if self.low is None or self.high is None:
            return False
        if self.low > self.high:
            return True
        return self.low == self.high and not (self.low_closed and self.high_closed)

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.low == self.high and not self.is_empty

    def intersect(self, other: Interval) -> Interval:
        low, low_closed = _max_low(self, other)
        high, high_closed = _min_high(self, other)
        return Interval(low, high, low_closed, high_closed)

    def below(self, x: Point) -> bool:
        """Every point of the interval lies below ``x``."""
        return self.high is not None and (self.high < x or (self.high == x and not self.high_closed))

    def above(self, x: Point) -> bool:
        """Every point of the interval lies above ``x``."""
        return self.low is not None and (self.low > x or (self.low == x and not self.low_closed))

    def scaled(self, factor: Decimal) -> Interval:
        """The same interval in another unit (``factor`` > 0)."""
        return Interval(
            None if self.low is None else div(self.low, factor),
            None if self.high is None else div(self.high, factor),
            self.low_closed,
            self.high_closed,
        )

    def __str__(self) -> str:
        left = "(-∞" if self.low is None else ("[" if self.low_closed else "(") + format_decimal(self.low)
        right = "+∞)" if self.high is None else format_decimal(self.high) + ("]" if self.high_closed else ")")
        return f"{left}, {right}"


def _max_low(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    if a.low is None:
        return b.low, b.low_closed
    if b.low is None or a.low > b.low:
        return a.low, a.low_closed
    if b.low > a.low:
        return b.low, b.low_closed
    return a.low, a.low_closed and b.low_closed


def _min_high(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    if a.high is None:
        return b.high, b.high_closed
    if b.high is None or a.high < b.high:
        return a.high, a.high_closed
    if b.high < a.high:
        return b.high, b.high_closed
    return a.high, a.high_closed and b.high_closed


# Every axis perfeval grades on starts at 0: shares, counts, money, delays.
DOMAIN = Interval(Decimal(0), None)


def gaps(intervals: Iterable[Interval], domain: Interval = DOMAIN) -> list[Interval]:
    """The parts of ``domain`` that no interval holds, lowest first.

    >>> [str(g) for g in gaps([Interval(Decimal(2), None, False), Interval(None, Decimal(2), True, False)])]
    ['[2, 2]']
    """
    assert domain.low is not None and domain.high is None, "domains start at a number and are open above"
    pieces = [p for p in (i.intersect(domain) for i in intervals) if not p.is_empty]
    pieces.sort(key=lambda p: (p.low, not p.low_closed))
    found: list[Interval] = []
    # Everything below `start` is covered; `start` itself is uncovered if `start_open_gap`.
    start, start_uncovered = domain.low, domain.low_closed
    for piece in pieces:
        assert piece.low is not None  # cut to the domain, every piece starts at a number
        begins_later = piece.low > start or (piece.low == start and start_uncovered and not piece.low_closed)
        if begins_later:
            gap = Interval(start, piece.low, start_uncovered, not piece.low_closed)
            if not gap.is_empty:
                found.append(gap)
        if piece.high is None:
            return found
        if piece.high > start or (piece.high == start and piece.high_closed):
            start, start_uncovered = piece.high, not piece.high_closed
    found.append(Interval(start, None, start_uncovered, True))
    return found


def show(interval: Interval, unit: Unit | None = None) -> str:
    """An interval in a display unit, e.g. ``[90%, +∞)`` or ``[0天, 7天]``.

    >>> from perfeval.notation.units import lookup
    >>> show(Interval(Decimal(0), Decimal(10080)), lookup("天"))
    '[0天, 7天]'
    """
    if unit is None:
        return str(interval)

    def end(value: Decimal) -> str:
        return format_decimal(div(value, unit.factor).normalize(EXACT)) + unit.symbol

    left = "(-∞" if interval.low is None else ("[" if interval.low_closed else "(") + end(interval.low)
    right = "+∞)" if interval.high is None else end(interval.high) + ("]" if interval.high_closed else ")")
    return f"{left}, {right}"
