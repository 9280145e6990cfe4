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

from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow

EXACT = Context(prec=34, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])
mul = EXACT.multiply
div = EXACT.divide
add = EXACT.add
sub = EXACT.subtract

__all__ = ["EXACT", "mul", "div", "add", "sub", "Decimal"]
