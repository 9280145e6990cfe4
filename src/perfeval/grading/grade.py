"""Grading a book: every indicator against its actual, then the totals.

:func:`grade` takes a :class:`~perfeval.book.Book`, the year's actuals and,
for projects, the budget execution figures, and returns a
:class:`~perfeval.grading.report.Report`.  Nothing given is dropped and nothing
missing is silently zero: an actual for an unknown id is reported with the
closest known ids, a missing actual is a ``missing`` row, and words that
name no tier are a ``needs-judgement`` row.  Every uncertain reading
reaches the report's problems, located at its definition.

>>> from perfeval import load
>>> book = load("examples/small.yaml")
>>> report = book.grade({"0101/社会保险补贴到位率": "92%"}, budget={"企业养老保险超征奖励": ("30万元", "27万元")})
>>> report.rows[2].grade, report.missing
('良', 5)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

import attrs

from .._suggest import did_you_mean
from ..book.inputs import BudgetFigures, Entry, budget_figures, entries
from ..book.model import Activity, Book, Goal, Indicator, Project
from ..codes import Code
from ..errors import DefinitionError, Diagnostic, Flag, NotationError
from ..evaluate.ladder import BandGrade, Ladder
from ..evaluate.scheme import POINTS, Scheme
from ..evaluate.target import Score, Target
from ..rules import BUDGET_LINE, FULL_MARKS, first_level, members_of, scored_groups
from .department import DEPARTMENT_BUDGET_NAMES, department, line_of
from .report import REPORTED, ActivityResult, GoalResult, ProjectResult, Report, Row, Subtotal
from .totals import allot, decimal_of, grade_of_total, redistribute, rounded

__all__ = ["grade", "grade_entry", "is_blank", "Outcome"]

_ZERO, _ONE = Decimal(0), Decimal(1)
_NOTHING, _FULL = Fraction(0), Fraction(FULL_MARKS)


def grade(book: Book, actuals: Any, *, budget: Any = None) -> Report:
    """Grade ``book`` against ``actuals`` (a mapping from id to value, or to
    ``{"actual": …, "note": …}``, or records with ``id``/``actual``/``note``)
    and ``budget`` (a mapping from project name to ``(budget, executed)``, or
    records with ``project``/``budget``/``executed`` and optionally
    ``note``).  Amounts without a unit are in 万元.  :meth:`Book.grade` also
    takes files."""
    problems: list[Diagnostic] = []
    given_entries = entries(actuals, problems)
    figures = budget_figures(budget, problems)
    known = {i.id: i for i in book.indicators}
    given: dict[str, Entry] = {}
    unknown: list[tuple[str, str]] = []
    for entry in given_entries:
        if entry.id not in known:
            problems.append(Diagnostic(Code.UNKNOWN_ID, "error",
                                       f"no indicator {entry.id!r}{did_you_mean(entry.id, known)}", entry.id,
                                       entry.location))
            unknown.append((entry.id, "" if entry.actual is None else str(entry.actual)))
        elif entry.id in given:
            problems.append(Diagnostic(Code.DUPLICATE_ID, "error", f"{entry.id!r} is given twice; the first is kept",
                                       entry.id, entry.location))
            unknown.append((entry.id, "" if entry.actual is None else str(entry.actual)))
        else:
            given[entry.id] = entry
    department_figures = _department_figures(book, figures)
    names = [p.name for p in book.projects]
    for name in figures:
        if name not in names:
            problems.append(Diagnostic(Code.UNKNOWN_PROJECT, "error", f"no project {name!r}{did_you_mean(name, names)}",
                                       name, figures[name].location))
            unknown.append((name, f"{figures[name].budget}/{figures[name].executed}"))

    weights = dict(book.scoring.weights)
    ratios = dict(book.scoring.grade_ratios)
    scheme = book.scoring.scheme
    goal_outcomes = [[grade_entry(i, given.get(i.id), ratios) for i in g.indicators] for g in book.goals]
    goals = tuple(_goal(g, outcomes, POINTS[scheme.points])
                  for g, outcomes in zip(book.goals, goal_outcomes, strict=True))
    places = POINTS[scheme.points]
    activities = tuple(_activity(a, given, ratios, places) for a in book.activities)
    projects = tuple(_project(p, given, weights, ratios, figures.get(p.name), scheme, problems)
                     for p in book.projects)
    for project in projects:
        if project.rows and all(r.status == "not-applicable" for r in project.rows):
            # rules §5 read literally: the budget line takes all the points.  Said, not hidden.
            problems.append(Diagnostic(Code.NOTHING_APPLICABLE, "warning",
                                       f"every indicator of {project.name!r} is not applicable; its total is its "
                                       "budget execution alone", project.name))
    parts: tuple[GoalResult | ActivityResult | ProjectResult, ...] = (*goals, *activities, *projects)
    rows = tuple(r for part in parts for r in part.rows)
    # The department's own table: every goal indicator, worth 100 − the budget line between them (rules §5).
    everything = [o for outcomes in goal_outcomes for o in outcomes]
    goals_weight = _FULL - Fraction(scheme.budget_weight)
    department_rows, department_points = _rows(everything, "department", book.department_name, goals_weight,
                                               places)
    framework = _framework(book, given, ratios, places) if scheme.department == "framework" else None
    result = department(department_rows, department_points, goals_weight, scheme, department_figures, projects,
                        activities, bool(everything), problems, framework)
    problems += _uncertain(book, rows)  # after the inputs' problems, the department's among them
    return Report(book.department_code, book.department_name, book.year, rows, goals, activities, projects,
                  result.total, result.grade, tuple(problems), tuple(unknown), book.scoring.places,
                  book.scoring.rounding, department=result)


def _framework(book: Book, given: Mapping[str, Entry], ratios: Mapping[str, Decimal],
               places: int | None) -> tuple[list[Row], Fraction] | None:
    """The department's framework blocks (决策 25 / 管理 30 / 绩效 45): each
    block's indicators share its points, as a project's group does (rules §5)."""
    if not book.framework:
        return None
    rows: list[Row] = []
    points = _NOTHING
    for block in book.framework:
        outcomes = [grade_entry(book.by_id[i], given.get(i), ratios) for i in block.indicators if i in book.by_id]
        block_rows, block_points = _rows(outcomes, "framework", block.name, Fraction(block.weight), places)
        rows += block_rows
        points += block_points
    return rows, points


def _department_figures(book: Book, figures: dict[str, BudgetFigures]) -> BudgetFigures | None:
    """The department's own budget record (部门整体, or the department's name),
    taken out of the projects' figures."""
    for name in (*DEPARTMENT_BUDGET_NAMES, book.department_name):
        if name in figures and name not in {p.name for p in book.projects}:
            return figures.pop(name)
    return None


def _uncertain(book: Book, rows: tuple[Row, ...]) -> list[Diagnostic]:
    """What the report must show besides the inputs' problems: the book's
    definition diagnostics of severity warning or error, then each row's
    flags of those severities, at the indicator's definition (rules §2–4:
    every uncertain reading reaches the report)."""
    found = [d for d in book.diagnostics if d.severity in REPORTED]
    for row in rows:
        location = book.by_id[row.id].location
        found += [Diagnostic(f.code, f.severity, f"{row.name}: {f.message}", row.id, location) for f in row.reported]
    return found


# --- one indicator --------------------------------------------------------------

@attrs.frozen
class Outcome:
    """What grading one indicator gave, before its weight is known (a ratio
    does not depend on the weight; which rows apply decides the weights)."""

    indicator: Indicator
    entry: Entry | None
    status: str
    result: BandGrade | Score | None = None
    ratio: Decimal | None = None
    exact: Fraction | None = None  # the ratio, exact
    error: NotationError | DefinitionError | None = None

    @property
    def applicable(self) -> bool:
        return self.status != "not-applicable"


def is_blank(actual: Any) -> bool:
    """No actual at all: nothing, or text of spaces only (a ``missing`` row)."""
    return actual is None or (isinstance(actual, str) and not actual.strip())


def grade_entry(indicator: Indicator, entry: Entry | None, grade_ratios: Mapping[str, Decimal]) -> Outcome:
    if entry is None or is_blank(entry.actual):
        return Outcome(indicator, entry, "missing")
    evaluator = indicator.evaluator
    try:
        if isinstance(evaluator, Ladder):
            result = evaluator.grade(entry.actual)
            if result.grade is None:
                return Outcome(indicator, entry, "not-applicable", result)
            if result.grade not in grade_ratios:
                raise NotationError(Code.GRADE_NOT_SCORED, f"the grade {result.grade!r} has no ratio in scoring",
                                    result.grade)
            ratio = grade_ratios[result.grade]
            return Outcome(indicator, entry, "graded", result, ratio, Fraction(ratio))
        # A built book compiled every indicator: what is not a Ladder is a Target.
        # The note goes with the actual: a person may confirm a tier there (rules §4).
        score = cast(Target, evaluator).score(entry.actual, _ONE, note=entry.note)
    except (NotationError, DefinitionError) as error:
        return Outcome(indicator, entry, "error", error=error)
    return Outcome(indicator, entry, score.status, score, score.ratio, score.exact_ratio)


def _row(outcome: Outcome, section: str, owner_name: str, exact_weight: Fraction,
         places: int | None = None) -> tuple[Row, Fraction]:
    """The row, and its exact points for the totals."""
    indicator, entry, result = outcome.indicator, outcome.entry, outcome.result
    weight = decimal_of(exact_weight)
    definition = (" / ".join(text or "—" for _, text in indicator.ladder) if indicator.kind == "ladder"
                  else indicator.target or "")
    row: dict[str, Any] = dict(
        id=indicator.id, section=section, owner=indicator.owner, owner_name=owner_name,
        group=indicator.group, subgroup=indicator.subgroup, name=indicator.name, definition=definition,
        note=None if entry is None else entry.note, status=outcome.status,
        actual=None if entry is None or entry.actual is None else str(entry.actual),
        read_as=None, grade=None, achieved=None, ratio=outcome.ratio, flags=())
    if outcome.status == "missing":
        return Row(**row, weight=weight, points=_ZERO, explanation="no actual given"), _NOTHING
    if outcome.status == "error":
        error = outcome.error
        assert error is not None  # an error outcome carries its error
        return Row(**{**row, "flags": (error.code,)}, weight=weight, points=_ZERO, explanation=error.message,
                   findings=(Flag(error.code, error.message),)), _NOTHING
    # Graded, not applicable or needing judgement: there is an entry, and a result.
    assert entry is not None and result is not None
    # Points as the scheme rounds each row before adding (exact by default).
    points = None if outcome.exact is None else rounded(outcome.exact * exact_weight, places)
    if isinstance(result, Score):
        # The result at its final weight, so that the explanation's points are the row's.
        result = attrs.evolve(result, weight=weight, points=None if points is None else decimal_of(points))
        row.update(achieved=result.achieved, suggested=result.suggested)
    findings = result.flags
    reason = _reason_required(result, findings)
    if reason and not (entry.note and entry.note.strip()):
        findings += (Flag(Code.NOTE_REQUIRED, f"{reason} and no reason given: 偏差原因分析及改进措施必填"),)
    row.update(read_as=str(result.actual), grade=result.grade, flags=tuple(f.code for f in findings),
               findings=findings)
    if outcome.status == "not-applicable":
        return Row(**row, weight=_ZERO, points=None, explanation=result.explain()), _NOTHING
    if outcome.status == "needs-judgement":  # scores nothing until a person confirms a tier, as a missing row
        return Row(**row, weight=weight, points=_ZERO, explanation=result.explain()), _NOTHING
    assert points is not None  # a graded outcome has its exact ratio
    return Row(**row, weight=weight, points=decimal_of(points), explanation=result.explain()), points


def _reason_required(result: BandGrade | Score, findings: tuple[Flag, ...]) -> str | None:
    """Why a row needs a reason (偏差原因, rules §4), if it does: a missed
    target, or an over-achievement past the scheme's factor."""
    if any(f.code == Code.OVER_ACHIEVEMENT for f in findings):
        return "over-achieved"
    if isinstance(result, Score) and result.achieved is False:
        return "the target is missed"
    return None


def _rows(outcomes: list[Outcome], section: str, owner_name: str, total: Fraction,
          places: int | None = None) -> tuple[list[Row], Fraction]:
    """Rows worth ``total`` between them (given weights kept, the rest split
    equally, not-applicable rows dropped and the rest rescaled), and their
    exact points."""
    weights = allot([o.indicator.weight for o in outcomes], [o.applicable for o in outcomes], total)
    made = [_row(o, section, owner_name, w, places) for o, w in zip(outcomes, weights, strict=True)]
    return [row for row, _ in made], sum((points for _, points in made), _NOTHING)


def _counts(rows: Iterable[Row]) -> tuple[int, int, int]:
    """Missing rows, rows in error and rows that need a person's judgement."""
    rows = list(rows)
    return (sum(r.status == "missing" for r in rows), sum(r.status == "error" for r in rows),
            sum(r.status == "needs-judgement" for r in rows))


# --- owners ---------------------------------------------------------------------

def _owner(rows: list[Row], exact: Fraction) -> tuple[Decimal | None, str | None, Fraction | None]:
    """An owner's total, grade and exact total; none when nothing applies."""
    if all(r.status == "not-applicable" for r in rows):
        return None, None, None
    return decimal_of(exact), grade_of_total(exact), exact


def _goal(goal: Goal, outcomes: list[Outcome], places: int | None = None) -> GoalResult:
    rows, exact = _rows(outcomes, "goal", goal.name, _FULL, places)
    return GoalResult(goal.name, tuple(rows), *_owner(rows, exact)[:2], *_counts(rows), goal=goal.goal)


def _activity(activity: Activity, given: Mapping[str, Entry], ratios: Mapping[str, Decimal],
              places: int | None = None) -> ActivityResult:
    outcomes = [grade_entry(i, given.get(i.id), ratios) for i in activity.indicators]
    rows, exact = _rows(outcomes, "activity", activity.name, _FULL, places)
    total, grade_, exact_total = _owner(rows, exact)
    return ActivityResult(activity.code, activity.name, tuple(rows), total, grade_, *_counts(rows),
                          exact_total=exact_total)


def _project(project: Project, given: Mapping[str, Entry], weights: Mapping[str, Decimal],
             ratios: Mapping[str, Decimal], figures: BudgetFigures | None, scheme: Scheme,
             problems: list[Diagnostic]) -> ProjectResult:
    # The groups the weights name: each 一级指标, or groups that share their points (效益+满意度).
    groups = scored_groups(weights)
    places = POINTS[scheme.points]
    outcomes = {g: [grade_entry(i, given.get(i.id), ratios) for i in project.indicators
                    if first_level(i.group) in members_of(g)] for g in groups}
    # A group with nothing applicable hands its weight to the others (rules §5).
    present = {g: any(o.applicable for o in outcomes[g]) for g in groups}
    present[BUDGET_LINE] = weights.get(BUDGET_LINE, _ZERO) > 0
    final = redistribute({g: weights.get(g, _ZERO) for g in [*groups, BUDGET_LINE]}, present)
    rows: list[Row] = []
    subtotals = []
    exact = _NOTHING
    for g in groups:
        group_rows, points = _rows(outcomes[g], "project", project.name, final[g], places)
        rows.extend(group_rows)
        subtotals.append(Subtotal(g, decimal_of(final[g]), decimal_of(points)))
        exact += points
    execution, missing_budget = None, False
    if final[BUDGET_LINE] > 0:
        if figures is None:
            missing_budget = True
            subtotals.append(Subtotal(BUDGET_LINE, decimal_of(final[BUDGET_LINE]), _ZERO))
        else:
            execution = line_of(figures, final[BUDGET_LINE], scheme, problems, project.name)
            subtotals.append(Subtotal(BUDGET_LINE, execution.weight, execution.points))
            exact += execution.exact_points
    order = {i.id: n for n, i in enumerate(project.indicators)}  # the project's own order, not by group
    rows.sort(key=lambda r: order[r.id])
    missing, errors, judgement = _counts(rows)
    return ProjectResult(project.name, tuple(rows), tuple(subtotals), execution, missing_budget, decimal_of(exact),
                         grade_of_total(exact), missing + missing_budget, errors,
                         None if figures is None else figures.note, judgement, goal=project.goal, figures=figures)
