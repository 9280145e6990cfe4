"""The year-end report: one row per indicator, with totals (rules §4–5).

A :class:`Report` is plain, frozen data made by :meth:`perfeval.Book.grade`.
Numbers are exact Decimals; rounding happens only when a report is shown
(:mod:`perfeval.render`), by the book's rounding rule.

Every indicator of the book has exactly one row, whatever became of it:
``graded``, ``not-applicable``, ``missing`` (no actual given) or ``error``
(an actual that cannot be read).  Missing and error rows score nothing and
are counted, never silently zero.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from .conditions import format_decimal
from .errors import Diagnostic
from .scoring import BudgetExecution

__all__ = ["Report", "Row", "Subtotal", "ProjectResult", "ActivityResult", "GoalResult", "STATUSES"]

STATUSES = ("graded", "not-applicable", "missing", "error")


@attrs.frozen
class Row:
    """One indicator's result.

    ``weight`` is the indicator's points (分值) out of its owner's 100, after
    not-applicable indicators and empty groups have handed theirs on;
    ``points`` is its score (得分): 0 for a missing row or one in error (it
    scores nothing and is counted), ``None`` for a not-applicable one.
    """

    id: str
    section: str  # goal, activity or project
    owner: str  # the goal's name, the activity's code or the project's name
    owner_name: str  # the activity's name; the owner again elsewhere
    group: str | None  # 一级指标, for projects
    subgroup: str | None  # 二级指标
    name: str
    definition: str  # the ladder ("100% / ≥90% / ≥80% / <80%") or the target as written
    actual: str | None  # as given
    read_as: str | None  # as read
    note: str | None  # 偏差原因分析, as given
    status: str
    grade: str | None
    achieved: bool | None
    ratio: Decimal | None
    weight: Decimal
    points: Decimal | None
    flags: tuple[str, ...]
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        """Plain data: text, booleans, and exact decimal strings for numbers."""
        return {f.name: _plain(getattr(self, f.name)) for f in attrs.fields(Row)}


@attrs.frozen
class Subtotal:
    """A project's first-level group (产出, 效益, 满意度) or budget line: its
    weight after redistribution and the points it scored."""

    group: str
    weight: Decimal
    points: Decimal


@attrs.frozen
class ProjectResult:
    name: str
    rows: tuple[Row, ...]
    subtotals: tuple[Subtotal, ...]
    budget: BudgetExecution | None  # None: no budget line, or (see missing_budget) not given
    missing_budget: bool
    total: Decimal
    grade: str
    missing: int
    errors: int
    budget_note: str | None = None  # the budget file's note on execution (偏差原因分析)


@attrs.frozen
class ActivityResult:
    code: str
    name: str
    rows: tuple[Row, ...]
    total: Decimal | None  # None when every indicator is not applicable
    grade: str | None
    missing: int
    errors: int
    exact_total: Fraction | None = attrs.field(default=None, repr=False, eq=False)  # for the department's mean


@attrs.frozen
class GoalResult:
    name: str
    rows: tuple[Row, ...]
    total: Decimal | None
    grade: str | None
    missing: int
    errors: int


@attrs.frozen
class Report:
    """A department's graded year: rows, totals and problems.

    ``total`` and ``grade`` are the department's: the mean of its activity
    totals (rules §5).  ``problems`` holds what grading found outside the
    rows, such as an actual for an unknown id; ``unknown`` keeps those
    actuals, so that nothing given is dropped.
    """

    department_code: str
    department_name: str
    year: int
    rows: tuple[Row, ...]
    goals: tuple[GoalResult, ...]
    activities: tuple[ActivityResult, ...]
    projects: tuple[ProjectResult, ...]
    total: Decimal | None
    grade: str | None
    problems: tuple[Diagnostic, ...] = ()
    unknown: tuple[tuple[str, str], ...] = ()
    places: int = 2
    rounding: str = "half_up"

    @property
    def missing(self) -> int:
        """Rows with no actual, plus projects with no budget execution figures."""
        return sum(r.status == "missing" for r in self.rows) + sum(p.missing_budget for p in self.projects)

    @property
    def errors(self) -> int:
        """Rows whose actual could not be read, plus every input problem
        (unknown ids and projects, repeated or unreadable budget figures)."""
        return sum(r.status == "error" for r in self.rows) + sum(p.severity == "error" for p in self.problems)


    @property
    def complete(self) -> bool:
        return self.missing == 0 and self.errors == 0

    def display(self, value: Decimal | None) -> str:
        """A number as this report shows it: rounded by the book's rule (two
        decimals, half up, unless the book says otherwise).  Rounding is for
        display only; the report's values stay exact."""
        from .rounding import display

        return "—" if value is None else display(value, self.places, self.rounding)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per indicator, for finance applications: text,
        booleans and exact decimal strings, never floats."""
        return [row.as_dict() for row in self.rows]

    # The formats live in perfeval.render (imported late: it builds on this module).
    def _render(self, name: str) -> Any:
        from . import render

        return getattr(render, name)(self)

    def as_dict(self) -> dict[str, Any]:
        """The whole report as plain data (what the JSON format holds): totals,
        subtotals, budget lines, rows and problems, numbers as decimal strings."""
        return self._render("report_data")

    def to_text(self) -> str:
        return self._render("text")

    def to_markdown(self) -> str:
        return self._render("markdown")

    def to_json(self) -> str:
        return self._render("json_text")

    def to_csv(self) -> str:
        return self._render("csv_text")

    def to_html(self) -> str:
        return self._render("html")

    def to_selfeval(self) -> str:
        """The 项目支出绩效自评表 of every project."""
        return self._render("selfeval")

    def _repr_html_(self) -> str:
        return self._render("html_fragment")

    def __repr__(self) -> str:
        total = "n/a" if self.total is None else format_decimal(self.total)
        return (f"Report({self.department_name} {self.year}: {len(self.rows)} rows, total {total} {self.grade or ''}, "
                f"{self.missing} missing, {self.errors} errors)")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, tuple):
        return list(value)
    return value
