"""Rounding for display only (rules §5).  Grades and totals use exact values.

This is the one place a number is rounded, for every format and every
``explain()``.  It works in perfeval's own decimal context, so that a
caller's ``getcontext().prec`` can neither break nor change what is shown.

>>> display(Decimal("0.125"))
'0.13'
>>> display(Decimal("85.5"), places=0), display(Decimal("85.59"), places=1, mode="truncate")
('86', '85.5')
>>> display(Decimal("0.9872"), shift=2)  # a ratio shown as a percentage
'98.72'
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal

from ._arith import EXACT
from .limits import MAX_DIGITS, MAX_EXPONENT

# Wide enough to show any number within perfeval's limits to its last place:
# a display never fails, whatever the value (a weight of 10⁴⁰ included).
_DISPLAY = Context(prec=2 * MAX_EXPONENT + MAX_DIGITS, traps=EXACT.traps)

__all__ = ["display", "ROUNDING_MODES", "DEFAULT_PLACES", "DEFAULT_MODE"]

ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "truncate": ROUND_DOWN}
DEFAULT_PLACES, DEFAULT_MODE = 2, "half_up"  # rules §5: two decimals, half up


def display(value: Decimal, places: int = DEFAULT_PLACES, mode: str = DEFAULT_MODE, shift: int = 0) -> str:
    """``value`` × 10^``shift`` rounded to ``places`` decimals, half up by default."""
    try:
        rounding = ROUNDING_MODES[mode]
    except KeyError:
        raise ValueError(f"rounding mode must be one of {sorted(ROUNDING_MODES)}, not {mode!r}") from None
    quantum = Decimal(1).scaleb(-places)
    rounded = value.scaleb(shift, context=_DISPLAY).quantize(quantum, rounding=rounding, context=_DISPLAY)
    return format(abs(rounded) if rounded == 0 else rounded, "f")  # no "-0.00"
