"""The limits perfeval keeps on what it reads, in one place.

Every number, text and file that enters perfeval is bounded, so that hostile
or broken input ends in a typed error with a code, never a hang or unbounded
memory.  ``docs/errors.md`` lists them beside the codes.

>>> within_number_limits(Decimal("1E+61")), within_number_limits(Decimal("7000"))
(False, True)
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal

__all__ = ["MAX_BYTES", "MAX_DIGITS", "MAX_EXPONENT", "MAX_NOTATION_LENGTH", "MAX_YAML_DEPTH", "MAX_CSV_CELL",
           "MAX_ROW_CELLS", "MAX_ROW_BYTES", "LIMITS", "within_number_limits"]

# A number has at most 34 significant digits (what the exact context holds:
# more would be rounded before a comparison) and a magnitude between 10⁻⁶⁰
# and 10⁶⁰: far beyond any budget (亿元 is 10⁸), far inside the context.
MAX_DIGITS = 34
MAX_EXPONENT = 60
# Notation longer than this is not notation (it would fill the parser's cache).
MAX_NOTATION_LENGTH = 1000
# An indicator file nests 7 deep; deeper nesting is refused before it is composed.
MAX_YAML_DEPTH = 32
# Bytes read from one file, counted as read: this also bounds the rows of an
# actuals or budget file and the indicators of a book.
MAX_BYTES = 16 * 1024 * 1024
# One cell of a CSV file: a value or a note, never a document.
MAX_CSV_CELL = 128 * 1024
# A row of a streamed CSV file (perfeval grade-many), which has no file limit:
# its cells, and its bytes, bound what one row can hold.
MAX_ROW_CELLS = 64
MAX_ROW_BYTES = 4 * MAX_CSV_CELL

LIMITS = (
    ("a file (and so its rows or indicators)", f"{MAX_BYTES // 2**20} MiB, counted as read"),
    ("digits of a number", f"{MAX_DIGITS} significant digits"),
    ("size of a number", f"10^-{MAX_EXPONENT} to 10^{MAX_EXPONENT} (and 0)"),
    ("notation", f"{MAX_NOTATION_LENGTH} characters"),
    ("YAML nesting", f"{MAX_YAML_DEPTH} levels"),
    ("a CSV cell", f"{MAX_CSV_CELL // 1024} KiB"),
    ("a streamed CSV row (grade-many; no file limit)", f"{MAX_ROW_CELLS} cells, {MAX_ROW_BYTES // 1024} KiB"),
)


# 34 digits, rounding half even, as perfeval's exact context: a number it would
# round is one with more digits than are kept.
_KEPT = Context(prec=MAX_DIGITS, rounding=ROUND_HALF_EVEN)


def within_number_limits(number: Decimal) -> bool:
    """Whether a finite number keeps the limits: its magnitude (zero always
    does), and no more significant digits than are kept (trailing zeros past
    them change nothing and pass).  Cheap: this runs for every actual."""
    adjusted = number.adjusted()
    if adjusted > MAX_EXPONENT or (adjusted < -MAX_EXPONENT and not number.is_zero()):
        return False
    return _KEPT.plus(number) == number
