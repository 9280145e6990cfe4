"""Rounding for display only (rules §5).  Grades and totals use exact values.

>>> display(Decimal("0.125"))
'0.13'
>>> display(Decimal("85.5"), places=0), display(Decimal("85.59"), places=1, mode="truncate")
('86', '85.5')
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ._arith import EXACT

__all__ = ["display", "ROUNDING_MODES"]

ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "truncate": ROUND_DOWN}


def display(value: Decimal, places: int = 2, mode: str = "half_up") -> str:
    """``value`` rounded to ``places`` decimals, half up by default."""
    try:
        rounding = ROUNDING_MODES[mode]
    except KeyError:
        raise ValueError(f"rounding mode must be one of {sorted(ROUNDING_MODES)}, not {mode!r}") from None
    quantum = Decimal(1).scaleb(-places)
    # In perfeval's own context: a caller's low precision must not break a display.
    rounded = value.quantize(quantum, rounding=rounding, context=EXACT)
    return format(abs(rounded) if rounded == 0 else rounded, "f")  # no "-0.00"
