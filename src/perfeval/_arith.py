"""Decimal arithmetic in one fixed context.

perfeval never uses the caller's decimal context: a notebook that set
``getcontext().prec = 4`` must not change a grade.  Every product and
quotient on the way to a grade or a score goes through :data:`EXACT`,
34 significant digits (IEEE decimal128), rounding half even, trapping
invalid operations and division by zero.

>>> import decimal
>>> with decimal.localcontext() as ctx:
...     ctx.prec = 2
...     div(Decimal(2), Decimal(3))
Decimal('0.6666666666666666666666666666666667')
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow

EXACT = Context(prec=34, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])
mul = EXACT.multiply
div = EXACT.divide
add = EXACT.add
sub = EXACT.subtract
# Wide enough that the product of two EXACT numbers is exact.
_WIDE = Context(prec=2 * EXACT.prec + 2, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])

__all__ = ["EXACT", "mul", "div", "add", "sub", "summed", "scaled", "midpoint", "beyond", "Decimal"]


def summed(values: Iterable[Decimal]) -> Decimal:
    """The sum of ``values`` in perfeval's context (``sum`` would add in the caller's).

    >>> import decimal
    >>> with decimal.localcontext(decimal.Context(prec=2)):
    ...     summed([Decimal("9.75"), Decimal("0.125")])
    Decimal('9.875')
    """
    found = Decimal(0)
    for value in values:
        found = add(found, value)
    return found


def scaled(weight: Decimal, num: Decimal, den: Decimal) -> Decimal:
    """``weight × num ÷ den`` rounded once, where ``num ÷ den`` rounded first
    and then multiplied could be off in the last digit.

    >>> scaled(Decimal("12.5"), Decimal(300), Decimal(7350))
    Decimal('0.5102040816326530612244897959183673')
    >>> mul(Decimal("12.5"), div(Decimal(300), Decimal(7350)))
    Decimal('0.5102040816326530612244897959183674')
    """
    return div(_WIDE.multiply(weight, num), den)


def midpoint(low: Decimal, high: Decimal) -> Decimal:
    """The point halfway between two numbers, exactly (never rounded onto either).

    >>> midpoint(Decimal("0.1234567890123456789012345678901234"), Decimal("0.1234567890123456789012345678901235"))
    Decimal('0.12345678901234567890123456789012345')
    """
    return _WIDE.divide(_WIDE.add(low, high), 2)


def beyond(x: Decimal, step: int) -> Decimal:
    """A point strictly past ``x``, above it for ``step`` 1 and below it for
    -1: a step of ``|x| + 1``, so that no rounding, at any magnitude, brings
    it back onto ``x``.

    >>> beyond(Decimal("1E+80"), -1) < Decimal("1E+80") < beyond(Decimal("1E+80"), 1)
    True
    >>> beyond(Decimal(0), -1), beyond(Decimal("2.5"), 1)
    (Decimal('-1'), Decimal('6.0'))
    """
    return _WIDE.add(x, _WIDE.multiply(step, _WIDE.add(x.copy_abs(), 1)))  # copy_abs: no context
