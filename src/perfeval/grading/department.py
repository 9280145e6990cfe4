"""The department's self-assessment (部门整体支出绩效自评, rules §5).

Published department forms are scored tables of their own, laid out like the
project form: the department's goal indicators, scored like project targets,
plus a department-wide 预算执行率 line.  That is the default total
(``table``): the goal indicators worth 100 − the budget weight (90), split by
the book's weights or equally, plus the budget line worth the budget weight
(10), from the department's own figures (a budget record named 部门整体 or
the department's name) or, failing those, from the sums of its projects'
figures, said so.  A book with no goal indicators falls back to the mean of
its activities, else of its projects, with a warning.  A book may choose
another basis: the mean of the activities, the mean of the projects, or the
projects weighted by their budgets.

>>> import perfeval
>>> book = perfeval.load("indicators/caofeidian-hrss-2023.yaml")
>>> report = perfeval.grade(book, "examples/actuals-2023.csv", budget="examples/budget-2023.csv")
>>> report.department.basis, report.display(report.department.total), report.department.grade
('table', '98.80', '优')
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs

from ..book.inputs import BudgetFigures
from ..codes import Code
from ..errors import Diagnostic
from ..evaluate.scheme import Scheme
from ..notation.conditions import format_decimal
from .report import BASIS_LABELS, ActivityResult, DepartmentResult, ProjectResult, Row
from .totals import BudgetExecution, budget_execution, decimal_of, grade_of_total, mean

__all__ = ["department", "DEPARTMENT_BUDGET_NAMES"]

# A budget record for the whole department is named 部门整体, or after the department.
DEPARTMENT_BUDGET_NAMES = ("部门整体",)

def department(rows: list[Row], exact_points: Fraction, goals_weight: Fraction, scheme: Scheme,
               figures: BudgetFigures | None, projects: tuple[ProjectResult, ...],
               activities: tuple[ActivityResult, ...], has_goals: bool,
               problems: list[Diagnostic], framework: tuple[list[Row], Fraction] | None = None) -> DepartmentResult:
    """The department's result on the scheme's basis (rules §5).  ``rows``
    and ``exact_points`` are the goal indicators graded at the department's
    weights, worth ``goals_weight`` together."""
    activity_totals = [a.exact_total for a in activities if a.exact_total is not None]
    project_totals = [Fraction(p.total) for p in projects]
    beside = _Beside(_shown(mean(activity_totals)), _shown(mean(project_totals)))
    basis = scheme.department
    if basis == "table" and not has_goals:
        basis = "activities_mean" if activity_totals else "projects_mean"
        problems.append(Diagnostic(Code.DEPARTMENT_FALLBACK, "warning",
                                   f"the book has no goal indicators, so the department's total cannot be its "
                                   f"table; it is the {BASIS_LABELS[basis]} instead"))
    if basis == "framework":
        if framework is None:  # the builder requires blocks; a book made by hand may lack them
            basis = "table"
            problems.append(Diagnostic(Code.DEPARTMENT_FALLBACK, "warning", "the department is scored by framework, "
                                       "but the book lists no blocks; it is scored by its table instead"))
        else:
            rows_in_blocks, points = framework
            return DepartmentResult("framework", decimal_of(points), grade_of_total(points), tuple(rows_in_blocks),
                                    activities_mean=beside.activities, projects_mean=beside.projects,
                                    exact_total=points)
    if basis == "activities_mean":
        return _mean(basis, mean(activity_totals), beside)
    if basis == "projects_mean":
        return _mean(basis, mean(project_totals), beside)
    if basis == "budget_weighted":
        weighted = [(Fraction(p.total), Fraction(p.budget.budget)) for p in projects if p.budget is not None]
        budgets = sum((b for _, b in weighted), Fraction(0))
        exact = sum((t * b for t, b in weighted), Fraction(0)) / budgets if budgets else None
        return _mean(basis, exact, beside)
    line, derived, note = _budget_line(figures, projects, scheme, problems)
    exact = exact_points + (line.exact_points if line is not None else Fraction(0))
    return DepartmentResult("table", decimal_of(exact), grade_of_total(exact), tuple(rows),
                            decimal_of(goals_weight), decimal_of(exact_points), line, derived,
                            line is None, note, None if figures is None else figures.summary,
                            beside.activities, beside.projects, exact, figures=figures)


def _shown(value: Fraction | None) -> Decimal | None:
    return None if value is None else decimal_of(value)


@attrs.frozen
class _Beside:
    """The means shown beside the department's total, whatever its basis."""

    activities: Decimal | None
    projects: Decimal | None


def _mean(basis: str, exact: Fraction | None, beside: _Beside) -> DepartmentResult:
    if exact is None:
        return DepartmentResult(basis, None, None, activities_mean=beside.activities, projects_mean=beside.projects)
    return DepartmentResult(basis, decimal_of(exact), grade_of_total(exact), activities_mean=beside.activities,
                            projects_mean=beside.projects, exact_total=exact)


def _budget_line(figures: BudgetFigures | None, projects: tuple[ProjectResult, ...], scheme: Scheme,
                 problems: list[Diagnostic]) -> tuple[BudgetExecution | None, bool, str | None]:
    """The department's 预算执行率 line: its own figures, else the sums of its
    projects' (said so), else missing."""
    weight = Fraction(scheme.budget_weight)
    if figures is not None:
        return line_of(figures, weight, scheme, problems, "部门整体"), False, figures.note
    given = [p.budget for p in projects if p.budget is not None]
    if not given:
        return None, False, None
    # Summed exactly, whatever the caller's decimal context.
    summed = BudgetFigures("部门整体", decimal_of(sum((Fraction(b.budget) for b in given), Fraction(0))),
                           decimal_of(sum((Fraction(b.executed) for b in given), Fraction(0))))
    if len(given) < len(projects):
        problems.append(Diagnostic(Code.BUDGET_DERIVED, "warning",
                                   f"the department's budget line is the sum of {len(given)} of its "
                                   f"{len(projects)} projects' figures: the others have none"))
    else:
        problems.append(Diagnostic(Code.BUDGET_DERIVED, "info",
                                   "the department's budget line is the sum of its projects' figures"))
    return line_of(summed, weight, scheme, problems, "部门整体"), True, None


def line_of(figures: BudgetFigures, weight: Fraction, scheme: Scheme, problems: list[Diagnostic],
            name: str) -> BudgetExecution:
    """A 预算执行率 line by the scheme's denominator (rules §5): the full-year
    budget, or the budget at the start of the year where chosen and given."""
    denominator = figures.budget
    if scheme.budget_denominator == "initial":
        if figures.initial is None or figures.initial <= 0:
            problems.append(Diagnostic(Code.BAD_BUDGET, "warning",
                                       f"{name}: the scheme divides by 年初预算数, which is not given; the "
                                       "full-year budget is used", name, figures.location))
        else:
            denominator = figures.initial
    line = budget_execution(denominator, figures.executed, weight, scheme.over_execution == "blank")
    needs = (line.rate < scheme.reason_below / 100 and "executed below "
             f"{format_decimal(scheme.reason_below)}%") or (line.over and scheme.over_execution != "cap"
                                                            and "over-executed")
    if needs and not (figures.note and figures.note.strip()):
        problems.append(Diagnostic(Code.NOTE_REQUIRED, "warning", f"{name}: the budget line is {needs} and no reason "
                                   "is given: 偏差原因分析及改进措施必填", name, figures.location))
    return line

