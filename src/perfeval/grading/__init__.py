"""Grading: every indicator of a book against its actual, then the totals
by the self-assessment rules (rules §4–5), into a :class:`Report`.

>>> from perfeval.grading import grade_of_total
>>> grade_of_total(80)
'良'
"""

from .batch import BatchRow, BatchRun, BookAccounting, grade_many
from .grade import grade
from .report import FORMATS, ActivityResult, GoalResult, ProjectResult, Report, Row, Subtotal
from .totals import BudgetExecution, grade_of_total

__all__ = ["grade", "Report", "Row", "Subtotal", "ProjectResult", "ActivityResult", "GoalResult",
           "BudgetExecution", "grade_of_total", "FORMATS", "grade_many", "BatchRow", "BatchRun", "BookAccounting"]
