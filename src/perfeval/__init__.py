"""perfeval: grade and score budget performance targets (绩效目标) exactly.

>>> import perfeval
>>> perfeval.bands(["100%", "≥90%", "≥80%", "<80%"]).grade("92%").grade
'良'
>>> perfeval.target("≥7000万元").score("0.7亿元", 10).points
Decimal('10')
"""

from .book import Book, BookError
from .report import Report
from .errors import DefinitionError, Diagnostic, Flag, NotationError
from .ladder import BandGrade, Ladder, bands
from .loader import dump, load
from .parser import parse
from .scheme import Scheme
from .targets import Score, Target, target

__all__ = ["parse", "bands", "target", "load", "dump", "Scheme", "Book", "Report", "Ladder", "BandGrade", "Target",
           "Score",
           "NotationError", "DefinitionError", "BookError", "Diagnostic", "Flag"]
__version__ = "0.1.0.dev0"
