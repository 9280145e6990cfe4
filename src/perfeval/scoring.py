"""Totals by the self-assessment rules (rules §5), in exact Decimal.

These are the arithmetic of totals only: how weights split inside a group,
how not-applicable indicators and empty groups hand their weight on, the
budget execution line, and the grade of a total.  :mod:`perfeval.grading`
applies them to a book's results.

>>> split([None, None, Decimal(10)], Decimal(40))
(Decimal('15'), Decimal('15'), Decimal('10'))
>>> grade_of_total(Decimal("89.999"))
'良'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from ._arith import add, div, mul, sub
from .rules import TOTAL_GRADES, WORST_GRADE

__all__ = ["split", "rescale", "redistribute", "grade_of_total", "BudgetExecution", "budget_execution"]

_ZERO, _ONE = Decimal(0), Decimal(1)


def split(given: Sequence[Decimal | None], total: Decimal) -> tuple[Decimal, ...]:
    """Each indicator's points inside a group worth ``total``: a given weight
    is kept, and the rest of the total is split equally among the others.
    Given weights that exceed the total leave the others nothing."""
    unweighted = sum(1 for w in given if w is None)
    rest = sub(total, sum((w for w in given if w is not None), _ZERO))
    share = div(rest, Decimal(unweighted)) if unweighted and rest > 0 else _ZERO
    return tuple(share if w is None else w for w in given)


def rescale(weights: Sequence[Decimal], applicable: Sequence[bool], total: Decimal) -> tuple[Decimal, ...]:
    """Not-applicable indicators drop out, and the rest are rescaled to the
    same total (rules §5).  All not applicable: all zero."""
    kept = sum((w for w, a in zip(weights, applicable) if a), _ZERO)
    if kept == 0:
        return tuple(_ZERO for _ in weights)
    if kept == total:
        return tuple(w if a else _ZERO for w, a in zip(weights, applicable))
    # w × total ÷ kept: one rounding, not two
    return tuple(div(mul(w, total), kept) if a else _ZERO for w, a in zip(weights, applicable))


def redistribute(weights: Mapping[str, Decimal], present: Mapping[str, bool]) -> dict[str, Decimal]:
    """A group with no indicators hands its weight to the other groups in
    proportion to theirs (rules §5).

    >>> redistribute({"产出": Decimal(50), "效益": Decimal(30), "满意度": Decimal(20)},
    ...              {"产出": True, "效益": True, "满意度": False})
    {'产出': Decimal('62.5'), '效益': Decimal('37.5'), '满意度': Decimal('0')}
    """
    total = sum(weights.values(), _ZERO)
    kept = sum((w for g, w in weights.items() if present.get(g)), _ZERO)
    if kept == 0:
        return {g: _ZERO for g in weights}
    if kept == total:
        return {g: w if present.get(g) else _ZERO for g, w in weights.items()}
    return {g: div(mul(w, total), kept) if present.get(g) else _ZERO for g, w in weights.items()}


def grade_of_total(total: Decimal) -> str:
    """[90, 100] 优, [80, 90) 良, [60, 80) 中, [0, 60) 差, on the exact total."""
    for floor, grade in TOTAL_GRADES:
        if total >= floor:
            return grade
    return WORST_GRADE


@attrs.frozen
class BudgetExecution:
    """The 预算执行率 line of a project: executed ÷ full-year budget × weight,
    capped at the weight (rules §5)."""

    budget: Decimal  # 全年预算数 (adjusted), in 元
    executed: Decimal  # 全年执行数, in 元
    rate: Decimal
    weight: Decimal
    points: Decimal
    over: bool  # executed more than the budget: flagged


def budget_execution(budget: Decimal, executed: Decimal, weight: Decimal) -> BudgetExecution:
    """>>> budget_execution(Decimal(300), Decimal(270), Decimal(10)).points
    Decimal('9.0')
    """
    if budget <= 0:
        raise ValueError("a full-year budget must be above 0")
    rate = div(executed, budget)
    capped = rate if rate < _ONE else _ONE
    return BudgetExecution(budget, executed, rate, weight, mul(weight, max(capped, _ZERO)), rate > _ONE)


def weighted_mean(values: Sequence[Decimal], weights: Sequence[Decimal]) -> Decimal | None:
    """Σ wᵢvᵢ / Σ wᵢ, or None when there is no weight at all."""
    total = sum(weights, _ZERO)
    if total == 0:
        return None
    return div(sum((mul(v, w) for v, w in zip(values, weights)), _ZERO), total)


def points_of(ratio: Decimal, weight: Decimal) -> Decimal:
    return mul(ratio, weight)


def total_of(points: Sequence[Decimal]) -> Decimal:
    result = _ZERO
    for p in points:
        result = add(result, p)
    return result
