"""Evaluation: compiled ladders and targets as frozen data (rules §3–4).

A definition's text is parsed once (:mod:`perfeval.notation`) and compiled
into intervals and bounds on one axis, in base units.  Grading an actual then
reads it onto that axis and only compares and divides, exactly.

>>> from perfeval.evaluate import bands
>>> bands(["100%", "≥90%", "≥80%", "<80%"]).grade("92%").grade
'良'
"""

from .actuals import Axis, Reading
from .intervals import Interval
from .ladder import Band, BandGrade, Ladder, bands
from .scheme import Scheme
from .target import Score, Target, target

__all__ = ["bands", "target", "Scheme", "Ladder", "Band", "BandGrade", "Target", "Score", "Axis", "Reading",
           "Interval"]
