"""Auditing a published self-assessment (项目支出绩效自评表): re-score every
row by perfeval's rules and say where the published scores disagree.

The input is what a published table states, row by row (:class:`PublishedRow`,
:class:`PublishedFunding`, :class:`PublishedProject`); reading it from a file
is the I/O layer's work.  Each indicator row is scored as a target against
its 实际完成值 with its published 分值 as the weight (rules §4), the funding
line by the 预算执行率 rule (rules §5), and the result names what a reviewer
looks for, as typed flags:

- ``full-marks-missed``: full marks although the target was missed;
- ``points-lost-met``: points lost although the target was met;
- ``score-over-weight``: a score above its 分值;
- ``total-mismatch``: points that do not add up to the published 总分;
- ``reason-missing``: a missed target or an over-achievement with no 偏差原因;
- ``execution-mismatch``: an execution-rate score that the funding figures do not give;
- ``audit-unreadable``: a target, actual or score perfeval cannot read;
- ``score-differs``: perfeval's score and the published one further apart than the tolerance.

>>> row = PublishedRow("产出指标", "数量指标", "培训人次", "≥100人", "80人", Decimal(10), Decimal(10), "")
>>> audited = audit_project(PublishedProject("培训", rows=(row,)))
>>> audited.rows[0].points, [f.code for f in audited.rows[0].flags]
(Decimal('8.0'), ['full-marks-missed', 'reason-missing', 'score-differs'])
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from .._arith import EXACT, summed
from ..codes import Code
from ..errors import Diagnostic, Flag, Location, PerfevalError
from ..evaluate.score import Score
from ..evaluate.target import target
from ..notation.conditions import format_trimmed
from ..rounding import display
from .totals import budget_execution, grade_of_total

__all__ = ["PublishedRow", "PublishedFunding", "PublishedProject", "AuditRow", "ProjectAudit", "AuditReport",
           "audit_project", "audit_projects", "read_published_number", "AUDIT_FORMATS", "AUDIT_BINARY_FORMATS",
           "register_audit_format", "register_audit_binary", "DEFAULT_TOLERANCE"]

# Scores this far apart still agree: a published table rounds each row to
# one or two decimals (rules §6), so half a hundredth is display rounding.
DEFAULT_TOLERANCE = Decimal("0.05")
_DASHES = frozenset({"", "—", "-", "－", "/", "／", "无", "——"})


def read_published_number(text: str | None) -> Decimal | None:
    """A number as a published table writes it: ``8``, ``89.974``,
    ``100%`` (as 100), ``1,200``; a dash or a blank is ``None``.

    >>> read_published_number("3,498,000.00"), read_published_number("—")
    (Decimal('3498000.00'), None)
    """
    if text is None:
        return None
    cleaned = text.strip().replace(",", "").replace("，", "").rstrip("%％").strip()
    if cleaned in _DASHES:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@attrs.frozen
class PublishedRow:
    """One indicator row as published: the target as written (text, or the
    split columns joined), the 实际完成值, the 分值 and 得分, and the
    偏差原因分析 text."""

    group: str | None
    subgroup: str | None
    name: str
    target: str
    actual: str
    weight: Decimal | None
    score: Decimal | None
    reason: str
    origin: Location | None = attrs.field(default=None, eq=False)
    # The published texts of 分值 and 得分, for a reader that cannot take them as numbers.
    weight_text: str = ""
    score_text: str = ""


@attrs.frozen
class PublishedFunding:
    """The 年度资金总额 line: 年初预算数, 全年预算数, 全年执行数, its 分值,
    执行率 and 得分, as published (amounts in the table's unit)."""

    initial: Decimal | None
    budget: Decimal | None
    executed: Decimal | None
    weight: Decimal | None
    rate: Decimal | None
    score: Decimal | None
    origin: Location | None = attrs.field(default=None, eq=False)


@attrs.frozen
class PublishedProject:
    """A published 项目支出绩效自评表: its rows, its funding line and its 总分."""

    name: str
    department: str | None = None
    rows: tuple[PublishedRow, ...] = ()
    funding: PublishedFunding | None = None
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    grade: str | None = None
    origin: Location | None = attrs.field(default=None, eq=False)
    year: int | None = None  # the budget year, for deadlines that name none (12月底前)


@attrs.frozen
class AuditRow:
    """A published row beside perfeval's reading of it."""

    published: PublishedRow
    score: Score | None  # None when the target could not be read
    points: Decimal | None
    difference: Decimal | None  # published − perfeval
    flags: tuple[Flag, ...]

    @property
    def agrees(self) -> bool:
        return not any(f.code in _DISAGREEMENTS for f in self.flags)

    def as_dict(self) -> dict[str, Any]:
        p = self.published
        return {"group": p.group, "subgroup": p.subgroup, "name": p.name, "target": p.target, "actual": p.actual,
                "weight": _text(p.weight), "published_score": _text(p.score), "perfeval_score": _text(self.points),
                "difference": _text(self.difference),
                "status": None if self.score is None else self.score.status,
                "achieved": None if self.score is None else self.score.achieved, "reason": p.reason,
                "flags": [f.code for f in self.flags], "location": None if p.origin is None else str(p.origin)}


@attrs.frozen
class ProjectAudit:
    """One project's audit: its rows, its funding line re-scored, and its totals."""

    project: PublishedProject
    rows: tuple[AuditRow, ...]
    execution_points: Decimal | None
    total: Decimal | None  # perfeval's total: the rows' points and the funding line
    flags: tuple[Flag, ...]

    @property
    def grade(self) -> str | None:
        return None if self.total is None else grade_of_total(self.total)

    def as_dict(self) -> dict[str, Any]:
        f = self.project.funding
        return {"project": self.project.name, "department": self.project.department,
                "published_total": _text(self.project.total_score), "perfeval_total": _text(self.total),
                "published_grade": self.project.grade, "perfeval_grade": self.grade,
                "funding": None if f is None else {"budget": _text(f.budget), "executed": _text(f.executed),
                                                   "weight": _text(f.weight), "published_score": _text(f.score),
                                                   "perfeval_score": _text(self.execution_points)},
                "flags": [fl.code for fl in self.flags], "rows": [r.as_dict() for r in self.rows],
                "agreeing_rows": sum(r.agrees for r in self.rows)}


@attrs.frozen
class AuditReport:
    """The audit of every project a published file holds."""

    source: str
    projects: tuple[ProjectAudit, ...]
    tolerance: Decimal
    diagnostics: tuple[Diagnostic, ...] = ()
    cells: int = 0  # the source's cells with text
    cells_read: int = 0  # those the audit read
    cells_left: tuple[tuple[int, int], ...] = ()  # (table, cells) left over, each table an import-leftover

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "tolerance": _text(self.tolerance), "cells": self.cells,
                "cells_read": self.cells_read,
                "projects": [p.as_dict() for p in self.projects],
                "problems": [{"code": d.code.value, "severity": d.severity, "message": d.message,
                              "location": None if d.location is None else str(d.location)}
                             for d in self.diagnostics]}

    def to_records(self) -> list[dict[str, Any]]:
        """One record per row, for a table or a CSV file."""
        return [{"project": p.project.name, **r.as_dict()} for p in self.projects for r in p.rows]

    def render(self, format: str) -> str:
        """The audit in a format of :data:`AUDIT_FORMATS`: ``table``, ``markdown``, ``json``, ``csv``."""
        try:
            render = AUDIT_FORMATS[format]
        except KeyError:
            known = ", ".join(AUDIT_FORMATS)
            raise PerfevalError(Code.BAD_OPTION, f"no audit format {format!r}; the formats are {known}") from None
        return render(self)

    def render_bytes(self, format: str) -> bytes:
        """The audit in a binary format (``xlsx``), or a text format as UTF-8."""
        binary = AUDIT_BINARY_FORMATS.get(format)
        return binary(self) if binary is not None else self.render(format).encode("utf-8")

    @property
    def flags(self) -> list[tuple[str, Flag]]:
        """Every flag with the project it belongs to."""
        out = [(p.project.name, f) for p in self.projects for f in p.flags]
        out += [(p.project.name, f) for p in self.projects for r in p.rows for f in r.flags]
        return out


# The formats live in perfeval.render, above this layer, and register here:
# text formats, and binary ones (the workbook) that are written to a file.
AUDIT_FORMATS: dict[str, Callable[[AuditReport], str]] = {}
AUDIT_BINARY_FORMATS: dict[str, Callable[[AuditReport], bytes]] = {}


def register_audit_format(name: str, render: Callable[[AuditReport], str]) -> None:
    AUDIT_FORMATS[name] = render


def register_audit_binary(name: str, render: Callable[[AuditReport], bytes]) -> None:
    AUDIT_BINARY_FORMATS[name] = render


_DISAGREEMENTS = frozenset({Code.FULL_MARKS_MISSED, Code.POINTS_LOST_MET, Code.SCORE_OVER_WEIGHT,
                            Code.SCORE_DIFFERS, Code.AUDIT_UNREADABLE})


def audit_projects(source: str, projects: list[PublishedProject], *, tolerance: Decimal = DEFAULT_TOLERANCE,
                   diagnostics: tuple[Diagnostic, ...] = (), cells: int = 0, cells_read: int = 0,
                   cells_left: tuple[tuple[int, int], ...] = ()) -> AuditReport:
    return AuditReport(source, tuple(audit_project(p, tolerance=tolerance) for p in projects), tolerance,
                       diagnostics, cells, cells_read, cells_left)


def audit_project(project: PublishedProject, *, tolerance: Decimal = DEFAULT_TOLERANCE) -> ProjectAudit:
    """Re-score a published project row by row (rules §4) and its funding line (rules §5)."""
    rows = tuple(_audit_row(row, tolerance, project.year) for row in project.rows)
    flags: list[Flag] = []
    execution = _execution(project.funding, tolerance, flags)
    total: Decimal | None = None
    if all(r.points is not None for r in rows if r.published.weight):
        total = EXACT.add(summed(r.points for r in rows if r.points is not None), execution or Decimal(0))
    if project.total_score is not None:
        published = [r.published.score for r in rows if r.published.score is not None]
        funding = project.funding.score if project.funding is not None and project.funding.score else Decimal(0)
        added = EXACT.add(summed(published), funding)
        # Each published score is rounded for display (rules §6): their sum may
        # be off by half a unit of the last place for each, and agree still.
        places = max((-_exponent(s) for s in published), default=0)
        slack = EXACT.multiply(Decimal(len(published) + 1), Decimal(5).scaleb(-places - 1, context=EXACT))
        if EXACT.subtract(added, project.total_score).copy_abs() > EXACT.add(tolerance, slack):
            flags.append(Flag(Code.TOTAL_MISMATCH, f"the published scores add up to {_shown(added)}, "
                              f"not the published 总分 {_shown(project.total_score)}"))
    return ProjectAudit(project, rows, execution, total, tuple(flags))


def _audit_row(row: PublishedRow, tolerance: Decimal, year: int | None) -> AuditRow:
    flags: list[Flag] = []
    if row.weight is None:
        flags.append(Flag(Code.AUDIT_UNREADABLE, f"分值 {row.weight_text!r} is not a number"))
        return AuditRow(row, None, None, None, tuple(flags))
    if row.score is not None and row.score > row.weight:
        flags.append(Flag(Code.SCORE_OVER_WEIGHT, f"得分 {_shown(row.score)} is above its 分值 {_shown(row.weight)}"))
    try:
        score = target(row.target, name=row.name, group=row.group, subgroup=row.subgroup, year=year).score(
            row.actual, row.weight, note=row.reason or None)
    except PerfevalError as error:
        flags.append(Flag(Code.AUDIT_UNREADABLE, f"{row.target!r} against {row.actual!r}: {error.message}"))
        return AuditRow(row, None, None, None, tuple(flags))
    points = score.points
    if points is None:
        flags.append(Flag(Code.AUDIT_UNREADABLE, f"{row.actual!r} against {row.target!r} needs a person's "
                          "judgement" if score.status == "needs-judgement" else f"{row.actual!r} cannot be scored"))
        return AuditRow(row, score, None, None, tuple(flags))
    difference = None if row.score is None else EXACT.subtract(row.score, points)
    missed = score.achieved is False
    if row.score is not None and row.score >= row.weight and missed:
        flags.append(Flag(Code.FULL_MARKS_MISSED, f"full marks although {row.actual!r} misses {row.target!r}"))
    if row.score is not None and row.score < row.weight and score.achieved and points >= row.weight:
        flags.append(Flag(Code.POINTS_LOST_MET, f"{_shown(EXACT.subtract(row.weight, row.score))} points lost "
                          f"although {row.actual!r} meets {row.target!r}"))
    over = any(f.code == Code.OVER_ACHIEVEMENT for f in score.flags)
    if (missed or over) and not row.reason.strip():
        flags.append(Flag(Code.REASON_MISSING, "a missed target with no 偏差原因" if missed
                          else "an over-achievement with no 偏差原因"))
    if difference is not None and difference.copy_abs() > tolerance:
        flags.append(Flag(Code.SCORE_DIFFERS, f"published {_shown(row.score)}, perfeval {_shown(points)}"))
    return AuditRow(row, score, points, difference, tuple(flags))


def _execution(funding: PublishedFunding | None, tolerance: Decimal, flags: list[Flag]) -> Decimal | None:
    """The 预算执行率 line re-scored from the published figures."""
    if funding is None or funding.weight is None:
        return None
    if funding.budget is None or funding.executed is None or funding.budget <= 0:
        if funding.score is not None:
            flags.append(Flag(Code.EXECUTION_MISMATCH, "an execution score with no full-year budget and "
                              "spending to give it"))
        return None
    points = budget_execution(funding.budget, funding.executed, funding.weight).points
    if funding.score is not None and EXACT.subtract(funding.score, points).copy_abs() > tolerance:
        rate = budget_execution(funding.budget, funding.executed, funding.weight).rate
        flags.append(Flag(Code.EXECUTION_MISMATCH, f"执行率 {_shown(EXACT.multiply(rate, Decimal(100)))}% gives "
                          f"{_shown(points)} of {_shown(funding.weight)}, not the published {_shown(funding.score)}"))
    return points


def _text(value: Decimal | None) -> str | None:
    """A decimal as plain text with its trailing zeros dropped (8.00 → 8)."""
    return None if value is None else format_trimmed(value)


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0  # finite: published numbers are read finite


def _shown(value: Decimal | None) -> str | None:
    """A decimal for a message: rounded half up to 2 places for display only."""
    return None if value is None else _text(Decimal(display(value)))
