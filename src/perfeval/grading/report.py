"""The year-end report: one row per indicator, with totals (rules §4–5).

A :class:`Report` is plain, frozen data made by :meth:`perfeval.Book.grade`.
Numbers are exact Decimals; rounding happens only when a report is shown
(:mod:`perfeval.render`), by the book's rounding rule.

Every indicator of the book has exactly one row, whatever became of it:
``graded``, ``not-applicable``, ``missing`` (no actual given),
``needs-judgement`` (words that name no tier, until a person confirms one)
or ``error`` (an actual that cannot be read).  Missing, needs-judgement and
error rows score nothing and are counted, never silently zero (rules §4–5).

Every uncertain reading reaches :attr:`Report.problems`: what grading found
in the inputs, the book's definition warnings, and each row's flags of
severity warning or error, located at the indicator's definition.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ..book.inputs import BudgetFigures
from ..codes import Code
from ..errors import Diagnostic, Flag, PerfevalError
from ..notation.conditions import format_decimal
from ..rounding import DEFAULT_MODE, DEFAULT_PLACES, display
from .totals import BudgetExecution

__all__ = ["Report", "Row", "Subtotal", "ProjectResult", "ActivityResult", "GoalResult", "STATUSES", "Format",
           "FORMATS", "register_format", "ROW_COLUMNS", "REPORTED", "install_frame_maker"]

STATUSES = ("graded", "not-applicable", "missing", "needs-judgement", "error")
# The severities of a row's flags that reach the report's problems; info stays on the row.
REPORTED = ("error", "warning")
# A Row field that is kept in memory only, not in the row's plain data (JSON, CSV).
_MEMORY_ONLY = {"data": False}


@attrs.frozen
class Row:
    """One indicator's result.

    ``weight`` is the indicator's points (分值) out of its owner's 100, after
    not-applicable indicators and empty groups have handed theirs on;
    ``points`` is its score (得分): 0 for a missing row, one that needs a
    person's judgement or one in error (it scores nothing and is counted),
    ``None`` for a not-applicable one.

    ``flags`` are the codes of what a grader should look at; ``findings``
    the same flags with their messages (:class:`~perfeval.Flag`), and
    ``suggested`` the closest tier of a needs-judgement row.  These two are
    kept in memory, not in the row's plain data: JSON and CSV rows carry
    ``flags``, and the report's ``problems`` the messages.
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
    findings: tuple[Flag, ...] = attrs.field(default=(), metadata=_MEMORY_ONLY)
    suggested: str | None = attrs.field(default=None, metadata=_MEMORY_ONLY)

    def as_dict(self) -> dict[str, Any]:
        """Plain data: text, booleans, and exact decimal strings for numbers."""
        return {name: _plain(getattr(self, name)) for name in ROW_COLUMNS}

    @property
    def reported(self) -> tuple[Flag, ...]:
        """The flags that reach the report's problems: of severity warning
        or error.  Info flags stay on the row."""
        return tuple(f for f in self.findings if f.severity in REPORTED)


# The fields of a row's plain data, in order: JSON rows and CSV columns.
ROW_COLUMNS = tuple(f.name for f in attrs.fields(Row) if f.metadata.get("data", True))


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
    needs_judgement: int = 0
    goal: str | None = None  # the book's 年度总体目标 (预期目标) of the project
    # The budget record as given (年初预算数, sources, 实际完成情况), for the 自评表; ``budget`` is the line it scores.
    figures: BudgetFigures | None = attrs.field(default=None, repr=False, eq=False)  # the inputs, not the result


@attrs.frozen
class ActivityResult:
    code: str
    name: str
    rows: tuple[Row, ...]
    total: Decimal | None  # None when every indicator is not applicable
    grade: str | None
    missing: int
    errors: int
    needs_judgement: int = 0
    exact_total: Fraction | None = attrs.field(default=None, repr=False, eq=False)  # for the department's mean


@attrs.frozen
class GoalResult:
    name: str
    rows: tuple[Row, ...]
    total: Decimal | None
    grade: str | None
    missing: int
    errors: int
    needs_judgement: int = 0
    goal: str | None = None  # the book's text of the goal (预期目标)


BASIS_LABELS = {
    "table": "部门整体支出绩效自评表",
    "framework": "部门整体绩效评价框架",
    "activities_mean": "各活动得分平均",
    "projects_mean": "各项目得分平均",
    "budget_weighted": "各项目得分按预算加权",
}


@attrs.frozen
class DepartmentResult:
    """The department's total, its grade and the basis it was found on.

    ``rows`` are the goal indicators at their department weights (``table``
    basis); ``budget`` the department's 预算执行率 line, ``budget_derived``
    whether its figures are the sums of the projects'; ``activities_mean``
    and ``projects_mean`` are shown beside the total, whatever the basis.
    """

    basis: str
    total: Decimal | None
    grade: str | None
    rows: tuple[Row, ...] = ()
    goals_weight: Decimal = Decimal(0)
    goals_points: Decimal = Decimal(0)
    budget: BudgetExecution | None = None
    budget_derived: bool = False
    missing_budget: bool = False
    budget_note: str | None = None
    summary: str | None = None  # 年度总体目标的实际完成情况, from the department's budget record
    activities_mean: Decimal | None = None
    projects_mean: Decimal | None = None
    exact_total: Fraction | None = attrs.field(default=None, repr=False, eq=False)
    # The department's own budget record as given (年初预算数, sources), for the 自评表; None when derived.
    figures: BudgetFigures | None = attrs.field(default=None, repr=False, eq=False)  # the inputs, not the result

    @property
    def label(self) -> str:
        """The basis, as the report names it: 部门整体支出绩效自评表 …"""
        return BASIS_LABELS[self.basis]


@attrs.frozen
class Report:
    """A department's graded year: rows, totals and problems.

    ``total`` and ``grade`` are the department's: the mean of its activity
    totals (rules §5).  ``problems`` holds, in this order: what grading
    found in the inputs, such as an actual for an unknown id; the book's
    definition diagnostics of severity warning or error; and each row's
    flags of those severities, with the row's id as subject and the
    indicator's definition as location.  ``unknown`` keeps the actuals that
    no indicator took, so that nothing given is dropped.
    """

    department_code: str | None
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
    places: int = DEFAULT_PLACES
    rounding: str = DEFAULT_MODE
    department: DepartmentResult | None = None

    @property
    def missing(self) -> int:
        """Rows with no actual, plus projects with no budget execution figures."""
        return sum(r.status == "missing" for r in self.rows) + sum(p.missing_budget for p in self.projects)

    @property
    def errors(self) -> int:
        """Rows whose actual could not be read, plus every other problem of
        severity error (unknown ids and projects, repeated or unreadable
        budget figures).  A row in error is counted once: its own entry in
        ``problems`` is not counted again."""
        own = sum(f.severity == "error" for r in self.rows if r.status == "error" for f in r.reported)
        return (sum(r.status == "error" for r in self.rows) + sum(p.severity == "error" for p in self.problems)
                - own)

    @property
    def needs_judgement(self) -> int:
        """Rows whose words name no tier: they score nothing until a person
        confirms a tier, as a missing row does (rules §4)."""
        return sum(r.status == "needs-judgement" for r in self.rows)

    @property
    def warnings(self) -> int:
        """Problems of severity warning: definition warnings, rows' warning
        flags, and warnings about the inputs."""
        return sum(p.severity == "warning" for p in self.problems)

    @property
    def complete(self) -> bool:
        """Nothing missing, nothing waiting for a person's judgement, no error."""
        return self.missing == 0 and self.errors == 0 and self.needs_judgement == 0

    def display(self, value: Decimal | None) -> str:
        """A number as this report shows it: rounded by the book's rule (two
        decimals, half up, unless the book says otherwise).  Rounding is for
        display only; the report's values stay exact."""
        return "—" if value is None else display(value, self.places, self.rounding)

    def to_frame(self) -> Any:
        """The indicators as a pandas DataFrame (the ``pandas`` extra), each
        project's 预算执行率 line with them: ordered categoricals for grade and
        status, exact Decimals for ratio, weight and points.  See
        :func:`perfeval.io.frames.report_frame`."""
        if _FRAME_MAKER is None:  # pragma: no cover - perfeval's __init__ installs it
            raise RuntimeError("perfeval.io is not loaded")
        return _FRAME_MAKER(self)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per indicator, for finance applications: text,
        booleans and exact decimal strings, never floats."""
        return [row.as_dict() for row in self.rows]

    def render(self, format: str) -> str:
        """The report in a text format of :data:`FORMATS`: ``table``,
        ``markdown``, ``html``, ``json``, ``csv`` or ``selfeval``.  A binary
        format (``xlsx``) is :meth:`render_bytes`'s."""
        found = _format(format)
        if found.binary:
            raise PerfevalError(Code.BAD_OPTION,
                                f"the {format} format is a file, not text: use render_bytes({format!r})")
        text = found.render(self)
        assert isinstance(text, str)  # a format that is not binary renders text
        return text

    def render_bytes(self, format: str, encoding: str = "utf-8") -> bytes:
        """The report in any format of :data:`FORMATS`, as the bytes of a
        file: a binary format (``xlsx``) as it renders, a text format
        encoded in ``encoding``."""
        found = _format(format)
        out = found.render(self)
        return out if isinstance(out, bytes) else out.encode(encoding)

    def counts(self) -> dict[str, int]:
        """The report's counts; ``missing`` and ``errors`` are the report's own
        (they include missing budget figures and unknown ids)."""
        return {"rows": len(self.rows), "missing": self.missing, "errors": self.errors,
                "needs_judgement": self.needs_judgement, "not_applicable": count_not_applicable(self.rows)}

    def as_dict(self) -> dict[str, Any]:
        """The whole report as plain data (what the JSON format holds): totals,
        subtotals, budget lines, rows and problems, numbers as exact decimal
        strings."""
        return {
            "department": {"code": self.department_code, "name": self.department_name},
            "year": self.year,
            "total": _exact(self.total),
            "grade": self.grade,
            "complete": self.complete,
            "rounding": {"places": self.places, "mode": self.rounding},
            "counts": self.counts(),
            "rows": self.to_records(),
            "department_total": None if self.department is None else _department_data(self.department),
            "goals": [{"name": g.name, **_owner_data(g)} for g in self.goals],
            "activities": [{"code": a.code, "name": a.name, **_owner_data(a)} for a in self.activities],
            "projects": [_project_data(p) for p in self.projects],
            "problems": [_problem_data(p) for p in self.problems],
            "unknown": [{"id": key, "actual": value} for key, value in self.unknown],
        }

    def to_text(self) -> str:
        return self.render("table")

    def to_markdown(self) -> str:
        return self.render("markdown")

    def to_json(self) -> str:
        return self.render("json")

    def to_csv(self) -> str:
        return self.render("csv")

    def to_html(self) -> str:
        return self.render("html")

    def to_selfeval(self) -> str:
        """The 部门整体支出绩效自评表 and the 项目支出绩效自评表 of every project."""
        return self.render("selfeval")

    def to_xlsx(self) -> bytes:
        """The workbook: a summary, the 自评表 of the department and of each
        project, and the activity table (needs the ``xlsx`` extra, openpyxl)."""
        return self.render_bytes("xlsx")

    def _repr_html_(self) -> str:
        return self.render("html-fragment")

    def __repr__(self) -> str:
        total = "n/a" if self.total is None else format_decimal(self.total)
        return (f"Report({self.department_name} {self.year}: {len(self.rows)} rows, total {total} {self.grade or ''}, "
                f"{self.missing} missing, {self.needs_judgement} needing judgement, {self.errors} errors)")


def count_not_applicable(rows: tuple[Row, ...]) -> int:
    return sum(r.status == "not-applicable" for r in rows)


def _exact(value: Decimal | None) -> str | None:
    return None if value is None else format_decimal(value)


def _owner_data(owner: GoalResult | ActivityResult | ProjectResult) -> dict[str, Any]:
    return {"total": _exact(owner.total), "grade": owner.grade, "missing": owner.missing, "errors": owner.errors,
            "needs_judgement": owner.needs_judgement, "not_applicable": count_not_applicable(owner.rows),
            "indicators": [r.id for r in owner.rows]}


def _budget_line_data(b: BudgetExecution | None) -> dict[str, Any] | None:
    if b is None:
        return None
    return {"budget": _exact(b.budget), "executed": _exact(b.executed), "unit": "元", "rate": _exact(b.rate),
            "weight": _exact(b.weight), "points": _exact(b.points), "over": b.over}


def _department_data(d: DepartmentResult) -> dict[str, Any]:
    return {"basis": d.basis, "total": _exact(d.total), "grade": d.grade, "goals_weight": _exact(d.goals_weight),
            "goals_points": _exact(d.goals_points), "budget": _budget_line_data(d.budget),
            "budget_derived": d.budget_derived, "missing_budget": d.missing_budget,
            "activities_mean": _exact(d.activities_mean), "projects_mean": _exact(d.projects_mean),
            "indicators": [{"id": r.id, "weight": _exact(r.weight), "points": _exact(r.points), "status": r.status}
                           for r in d.rows]}


def _project_data(project: ProjectResult) -> dict[str, Any]:
    return {"name": project.name, **_owner_data(project),
            "subtotals": [{"group": s.group, "weight": _exact(s.weight), "points": _exact(s.points)}
                          for s in project.subtotals],
            "budget": _budget_line_data(project.budget), "missing_budget": project.missing_budget}


def _problem_data(problem: Diagnostic) -> dict[str, Any]:
    return {"code": str(problem.code), "severity": problem.severity, "message": problem.message,
            "subject": problem.subject, "location": None if problem.location is None else str(problem.location)}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, tuple):
        return list(value)
    return value


# --- the registry of formats ----------------------------------------------------
# The formats live in perfeval.render, above this layer; each registers itself
# here when perfeval is imported.  Report and the command line both use this
# one registry, so that a format is named in one place.

@attrs.frozen
class Format:
    """A way to show a report: its name, the function that renders it, and
    whether it is a data format (exact decimals) or for people (rounded).

    A ``binary`` format renders ``bytes``, a file (the xlsx workbook), which
    the command line writes only with ``-o``; every other renders ``str``.
    A ``bom`` format is written to a file with a UTF-8 byte-order mark by
    default, so that Excel reads it as UTF-8 (CSV)."""

    name: str
    render: Callable[[Report], str] | Callable[[Report], bytes]
    description: str
    data: bool = False
    listed: bool = True  # offered on the command line
    binary: bool = False
    bom: bool = False


FORMATS: dict[str, Format] = {}

# The DataFrame maker lives in perfeval.io.frames, above this layer; it installs
# itself when perfeval is imported, as the grader does for Book.grade.
_FRAME_MAKER: Callable[[Report], Any] | None = None


def install_frame_maker(maker: Callable[[Report], Any]) -> None:
    global _FRAME_MAKER
    _FRAME_MAKER = maker


def _format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise PerfevalError(Code.BAD_OPTION, f"no format {name!r}; the formats are {known}") from None


def register_format(format: Format) -> None:
    """Add a format to :data:`FORMATS` (done by :mod:`perfeval.render`)."""
    FORMATS[format.name] = format
