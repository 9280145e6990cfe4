"""The score of one actual against one target (rules §4), and the weight it
is scored at.

>>> from perfeval import target
>>> s = target("≤30万元", subgroup="成本指标").score("40万元", 10)
>>> s.ratio, s.points, s.exact_ratio
(Decimal('0.75'), Decimal('7.50'), Fraction(3, 4))
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

import attrs

from .._arith import EXACT
from ..codes import Code
from ..errors import DefinitionError, Flag, NotationError
from ..limits import MAX_EXPONENT
from ..notation.conditions import format_decimal
from ..rounding import display
from .actuals import Reading, to_decimal

if TYPE_CHECKING:  # a score names its target; targets build scores
    from .target import Target

_MAX_INT = 10 ** MAX_EXPONENT

__all__ = ["Score", "read_weight", "display_weight"]


@attrs.frozen
class Score:
    """The score of one actual against one target.

    ``status`` is ``graded``, ``not-applicable`` (``/``: the indicator drops
    out) or ``needs-judgement`` (words that name no tier: a person must
    confirm one; ``suggested`` is the closest tier).  ``achieved``, ``ratio``,
    ``points`` and ``grade`` are ``None`` unless the score is graded.

    >>> from perfeval import target
    >>> target("≥95%").score("97%", 10).status
    'graded'
    """

    achieved: bool | None
    ratio: Decimal | None
    points: Decimal | None
    grade: str | None
    flags: tuple[Flag, ...]
    actual: Reading
    weight: Decimal
    basis: str = ""  # how the ratio was found: a key such as "actual/target", or words
    target: Target | None = attrs.field(default=None, repr=False, eq=False)
    # The ratio as numerator and denominator, so that totals can be exact
    # where a ratio such as 2/3 has no exact decimal.
    exact: tuple[Decimal, Decimal] | None = attrs.field(default=None, repr=False, eq=False)
    suggested: str | None = None  # the closest tier, for a score that needs judgement

    @property
    def status(self) -> str:
        """``graded``, ``not-applicable`` or ``needs-judgement``."""
        if self.suggested is not None:
            return "needs-judgement"
        return "not-applicable" if self.ratio is None else "graded"

    @property
    def exact_ratio(self) -> Fraction | None:
        """The ratio as an exact fraction (``None`` when not applicable)."""
        if self.exact is None:
            return None if self.ratio is None else Fraction(self.ratio)
        return Fraction(self.exact[0]) / Fraction(self.exact[1])

    @property
    def applicable(self) -> bool:
        """False only for a not-applicable actual, which drops out."""
        return self.status != "not-applicable"

    def __repr__(self) -> str:
        if self.status == "not-applicable":
            return f"Score(n/a: {self.actual})"
        if self.status == "needs-judgement":
            return f"Score(needs judgement: {self.actual}; closest {self.suggested})"
        verdict = "达成" if self.achieved else "未达成"
        # An applicable score has its ratio and its points.
        ratio, points = cast(Decimal, self.ratio), cast(Decimal, self.points)
        return (f"Score({verdict} {self.actual}: ratio {format_decimal(ratio)}, "
                f"{format_decimal(points)}/{format_decimal(self.weight)} points, {self.grade})")

    def as_dict(self) -> dict[str, Any]:
        """Plain data for a table or a DataFrame row.  Numbers are exact
        decimal strings, never floats."""
        def text(value: Decimal | None) -> str | None:
            return None if value is None else format_decimal(value)

        return {"target": self.target.text if self.target else None, "actual": str(self.actual.given),
                "read_as": str(self.actual), "achieved": self.achieved, "ratio": text(self.ratio),
                "weight": text(self.weight), "points": text(self.points), "grade": self.grade,
                "flags": [f.code for f in self.flags], "explanation": self.explain()}

    def explain(self) -> str:
        """One line: the target as written and read, the actual as read, the
        ratio and how it was computed, the points and the grade."""
        given = self.actual.given
        given = repr(given) if isinstance(given, str) else str(given)
        head = f"'{self.target.text}' ({self.target.normalized})" if self.target else "target"
        if self.status == "not-applicable":
            return f"{head}: not applicable ({given}); the indicator drops out"
        if self.status == "needs-judgement":
            return (f"{head}: {given} names no tier; needs a person's judgement (closest: {self.suggested}); "
                    "scores nothing until confirmed")
        verdict = "achieved" if self.achieved else "not achieved"
        basis = self.target._basis(self) if self.target else self.basis
        # An applicable score has its ratio and its points.
        percent = display(cast(Decimal, self.ratio), shift=2)
        ratio = f"ratio {basis} = {percent}%" if basis else f"ratio {percent}%"
        line = (f"{head}: actual {self.actual} (given {given}) → {verdict}; {ratio}; "
                f"{display(cast(Decimal, self.points))} of {display_weight(self.weight)} points; {self.grade}")
        if self.flags:
            line += " [" + "; ".join(f.code for f in self.flags) + "]"
        return line


def display_weight(weight: Decimal) -> str:
    """A weight for display: whole points as they are (10), others rounded (14.29)."""
    return format_decimal(weight) if weight == weight.to_integral_value(context=EXACT) and weight.adjusted() < 28 else \
        display(weight)


def read_weight(weight: Any) -> Decimal:
    """A weight as a Decimal: a wrong Python type is a TypeError, a bad
    number a DefinitionError("bad-weight")."""
    kind = weight.__class__
    if kind is int and 0 <= weight <= _MAX_INT:  # the usual cases first: this runs for every score
        return Decimal(weight)
    if kind is Decimal and weight.is_finite() and weight >= 0 and (
            -MAX_EXPONENT <= weight.adjusted() <= MAX_EXPONENT or weight.is_zero()):
        return weight  # type: ignore[no-any-return]  # checked just above; cast() would cost a call
    if isinstance(weight, str):
        try:
            weight = Decimal(weight.strip())
        except ArithmeticError:
            raise DefinitionError(Code.BAD_WEIGHT, f"weight must be a number, not {weight!r}") from None
    if isinstance(weight, bool) or not isinstance(weight, (int, float, Decimal)):
        raise TypeError(f"weight must be a number, not {type(weight).__name__}")
    try:
        number = to_decimal(weight, "weight")
    except NotationError as error:
        raise DefinitionError(Code.BAD_WEIGHT, error.message) from None
    assert number is not None  # an int, a float or a Decimal: to_decimal reads it
    if number < 0:
        raise DefinitionError(Code.BAD_WEIGHT, f"weight must not be negative, not {weight!r}")
    return number
