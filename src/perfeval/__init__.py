"""perfeval: grade and score budget performance targets (绩效目标) exactly.

>>> import perfeval
>>> perfeval.bands(["100%", "≥90%", "≥80%", "<80%"]).grade("92%").grade
'良'
>>> perfeval.target("≥7000万元").score("0.7亿元", 10).points
Decimal('10')

The package runs one way, each layer importing only those before it:
notation → evaluate → book → grading → render → io → cli (``docs/design.md``).
"""

from . import render as _render  # noqa: F401  (registers the report formats)
from .book import Book
from .errors import BookError, DefinitionError, Diagnostic, Flag, Location, NotationError, PerfevalError, TableError
from .evaluate import BandGrade, Ladder, Scheme, Score, Target, bands, target
from .grading import Report, grade_many
from .io import audit, dump, grade, load, loads, read_departments, read_tables
from .notation import parse

__all__ = ["parse", "bands", "target", "load", "loads", "dump", "grade", "grade_many", "read_tables",
           "read_departments", "audit", "Scheme", "Book", "Report", "Ladder", "BandGrade", "Target", "Score",
           "PerfevalError", "NotationError", "DefinitionError", "BookError", "TableError", "Diagnostic", "Flag",
           "Location"]
__version__ = "0.1.0.dev0"
