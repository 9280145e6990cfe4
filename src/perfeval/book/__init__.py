"""The book: the model of a department's definitions, the builder that
compiles it from plain data, and the inputs a year is graded with.

>>> from perfeval.book import Book, build
>>> build({"perfeval": "1", "department": {"name": "人社局", "code": "323"}, "year": "2023"}).year
2023
"""

from .builder import build
from .inputs import BudgetFigures, Entry
from .model import FORMAT_VERSION, Activity, Book, Goal, Indicator, Project, Scoring

__all__ = ["build", "Book", "Goal", "Activity", "Project", "Indicator", "Scoring", "Entry", "BudgetFigures",
           "FORMAT_VERSION"]
