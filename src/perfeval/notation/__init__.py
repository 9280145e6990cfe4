"""Notation: text to condition (rules §2).

Text is normalised, read by a tokenizer and a recursive-descent parser, and
becomes a small frozen condition (:mod:`perfeval.notation.conditions`).
Nothing here grades: evaluation only compares what this layer produced.

>>> from perfeval.notation import parse
>>> parse("控制在2.0%以内")
Compare('≤2.0%')
"""

from .conditions import Compare, Condition, Deadline, Delay, NotApplicable, Op, Period, Quantity, Range, Words
from .parser import NotationContext, parse, parse_notation

__all__ = ["parse", "parse_notation", "NotationContext", "Condition", "Compare", "Range", "Deadline", "Period",
           "Delay", "Words", "NotApplicable", "Op", "Quantity"]
