"""Totals by the self-assessment rules (rules §5), exact.

Weights split into thirds and ratios such as 2/3 have no exact decimal, and
"the grade of a total is decided on the exact total": an activity of six
indicators all graded 良 totals 80 and grades 良, not 79.999…98 and 中.  So
the arithmetic of totals runs on :class:`fractions.Fraction`, built exactly
from Decimals; reports show each result as a Decimal of 34 digits
(:func:`decimal_of`).

>>> allot([None, None, Decimal(10)], [True, True, True], Fraction(40))
(Fraction(15, 1), Fraction(15, 1), Fraction(10, 1))
>>> grade_of_total(Fraction(80))
'良'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from .._arith import EXACT
from ..rules import GRADE_FLOORS, WORST_GRADE

__all__ = ["allot", "redistribute", "grade_of_total", "BudgetExecution", "budget_execution", "decimal_of", "mean"]

_ZERO, _ONE = Fraction(0), Fraction(1)
_FLOORS = tuple((Fraction(floor), grade) for floor, grade in GRADE_FLOORS)


def decimal_of(value: Fraction) -> Decimal:
    """A fraction as a Decimal: exact where it can be, else 34 digits.

    >>> decimal_of(Fraction(1, 3))
    Decimal('0.3333333333333333333333333333333333')
    """
    if value.denominator == 1:
        return Decimal(value.numerator)
    return EXACT.divide(Decimal(value.numerator), Decimal(value.denominator))


def allot(given: Sequence[Decimal | None], applicable: Sequence[bool], total: Fraction) -> tuple[Fraction, ...]:
    """Each indicator's points inside a group worth ``total`` (rules §5).

    A given weight is kept and the rest of the total is split equally among
    the others; then not-applicable indicators drop out and the rest are
    rescaled to the same total.  Given weights that exceed the total leave
    the others nothing.

    >>> allot([None, None, None], [True, True, False], Fraction(100))
    (Fraction(50, 1), Fraction(50, 1), Fraction(0, 1))
    """
    if given and all(w is not None and w == 0 for w in given):
        given = [None] * len(given)  # all-zero weights mean "unweighted": split equally, as the warning says
    count = sum(1 for w in given if w is None)
    rest = max(Fraction(total) - sum((Fraction(w) for w in given if w is not None), _ZERO), _ZERO)
    shares = [Fraction(w) if w is not None else rest / count for w in given]
    kept = sum((s for s, a in zip(shares, applicable, strict=False) if a), _ZERO)
    if kept == 0:
        return tuple(_ZERO for _ in given)
    return tuple(s * total / kept if a else _ZERO for s, a in zip(shares, applicable, strict=False))


def redistribute(weights: Mapping[str, Decimal | Fraction], present: Mapping[str, bool]) -> dict[str, Fraction]:
    """A group with no indicators hands its weight to the other groups in
    proportion to theirs (rules §5).

    >>> redistribute({"产出": Decimal(50), "效益": Decimal(30), "满意度": Decimal(20)},
    ...              {"产出": True, "效益": True, "满意度": False})
    {'产出': Fraction(125, 2), '效益': Fraction(75, 2), '满意度': Fraction(0, 1)}
    """
    exact = {g: Fraction(w) for g, w in weights.items()}
    total = sum(exact.values(), _ZERO)
    kept = sum((w for g, w in exact.items() if present.get(g)), _ZERO)
    if kept == 0:
        return {g: _ZERO for g in exact}
    return {g: w * total / kept if present.get(g) else _ZERO for g, w in exact.items()}


def grade_of_total(total: Fraction | Decimal) -> str:
    """[90, 100] 优, [80, 90) 良, [60, 80) 中, [0, 60) 差, on the exact total."""
    exact = Fraction(total)
    for floor, grade in _FLOORS:
        if exact >= floor:
            return grade
    return WORST_GRADE


def mean(values: Sequence[Fraction]) -> Fraction | None:
    """The plain mean, or None if there is nothing."""
    return sum(values, _ZERO) / len(values) if values else None


@attrs.frozen
class BudgetExecution:
    """The 预算执行率 line of a project: executed ÷ full-year budget × weight,
    capped at the weight (rules §5).  Amounts are in 元."""

    budget: Decimal  # 全年预算数 (adjusted)
    executed: Decimal  # 全年执行数
    rate: Decimal
    weight: Decimal
    points: Decimal
    over: bool  # executed more than the budget: flagged
    exact_points: Fraction = attrs.field(repr=False, eq=False)
    blank: bool = False  # over-executed, and the scheme leaves the score blank: no points


def rounded(points: Fraction, places: int | None) -> Fraction:
    """Points rounded half up to ``places`` decimals, as a published table
    rounds each row before adding (a scheme option); ``None`` keeps them exact.

    >>> rounded(Fraction(2, 3), 0), rounded(Fraction(2, 3), 1), rounded(Fraction(2, 3), None)
    (Fraction(1, 1), Fraction(7, 10), Fraction(2, 3))
    """
    if places is None:
        return points
    scale = 10 ** places
    return Fraction((points * scale * 2 + 1) // 2, scale)  # half up, for points ≥ 0


def budget_execution(budget: Decimal, executed: Decimal, weight: Fraction | Decimal,
                     blank_when_over: bool = False) -> BudgetExecution:
    """>>> budget_execution(Decimal(300), Decimal(270), Decimal(10)).points
    Decimal('9')
    """
    if budget <= 0:
        raise ValueError("a full-year budget must be above 0")
    rate = Fraction(executed) / Fraction(budget)
    blank = blank_when_over and rate > 1
    points = _ZERO if blank else Fraction(weight) * min(max(rate, _ZERO), _ONE)
    return BudgetExecution(budget, executed, decimal_of(rate), decimal_of(Fraction(weight)), decimal_of(points),
                           rate > 1, points, blank)
