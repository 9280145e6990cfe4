"""Grading from files: :func:`grade` takes the year's actuals and budget
figures as data or as paths to CSV or YAML files.

>>> import perfeval
>>> book = perfeval.load("examples/small.yaml")
>>> report = perfeval.grade(book, {"0101/社会保险补贴到位率": "92%"})
>>> report.rows[2].grade, report.complete
('良', False)
"""

from __future__ import annotations

import os
from typing import Any

from ..book import model
from ..book.model import Book
from ..grading import grade as grade_data
from ..grading.report import Report
from .tables import read_actuals, read_budget

__all__ = ["grade"]


def grade(book: Book, actuals: Any, *, budget: Any = None) -> Report:
    """Grade ``book``: every indicator against its actual, then the totals
    (rules §4–5).

    ``actuals`` is a path to an actuals file (CSV or YAML: ``id``,
    ``actual``, ``note``), a mapping from id to value (or to ``{"actual":
    …, "note": …}``), or records with ``id``/``actual``/``note``.
    ``budget`` is a path to a budget file (``project``, ``budget``,
    ``executed``), a mapping from project name to ``(budget, executed)``,
    or such records.  Amounts without a unit are in 万元.  Raises
    :class:`~perfeval.errors.TableError` for a file that cannot be read.
    """
    if isinstance(actuals, (str, os.PathLike)):
        actuals = read_actuals(actuals)
    if isinstance(budget, (str, os.PathLike)):
        budget = read_budget(budget)
    return grade_data(book, actuals, budget=budget)


model.install_grader(grade)  # Book.grade is this convenience
