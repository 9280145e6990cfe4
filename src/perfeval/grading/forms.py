"""The official self-assessment forms, as data (rules §4–5).

:func:`project_forms` builds the 项目支出绩效自评表 of every project, and
:func:`department_form` the 部门整体支出绩效自评表, from a :class:`Report`:
frozen objects whose fields follow the national form in its order, so that
each format (the text 自评表, the xlsx workbook) only lays them out.

The project form, as the national layout prints it (``docs/presets.md``;
the header texts are in ``tests/fixtures/national_forms.py``):

1. 项目名称, 主管部门, 实施单位;
2. the funding block (项目资金, 万元): 年初预算数, 全年预算数, 全年执行数,
   分值, 执行率 and 得分 on the line 年度资金总额, and the same amounts on
   its lines 其中：当年财政拨款, 上年结转资金 and 其他资金 (no 分值 or 得分);
3. 年度总体目标: 预期目标 and 实际完成情况;
4. the indicators: 一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值,
   分值, 得分 and 偏差原因分析及改进措施;
5. 总分 and 自评等级.

The department form follows 金寨 2023: 部门, the funding block (预算资金,
from ``report.department.budget``), 年度总体目标, then the goal indicators at
their department weights (``report.department.rows``), 总分 and 自评等级.

What the national form has no column for is kept beside it: each
indicator's label (达成, 部分达成, 未达成; the report's ``grade`` of the row),
the 一级指标 subtotals, and the 说明 lines: one for each row with a flag of
severity warning or error, or whose actual was not read or needs a person's
judgement (rules §4), and one for each problem of the report about the
form's budget line.

Amounts are in 元 and numbers exact; a format shows them in 万元 and
rounds by the report's rule.

>>> import perfeval
>>> book = perfeval.load("examples/small.yaml")
>>> report = book.grade({}, budget={"企业养老保险超征奖励": ("30", "27")})
>>> form = project_forms(report)[0]
>>> form.project, form.department == form.unit == report.department_name
('企业养老保险超征奖励', True)
>>> [line.label for line in form.funding.lines]
['年度资金总额', '其中：当年财政拨款', '上年结转资金', '其他资金']
>>> total = form.funding.total
>>> total.budget, total.rate, total.weight * total.rate == total.points
(Decimal('300000'), Decimal('0.9'), True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from ..book.inputs import FUNDING_SOURCES, BudgetFigures
from ..codes import Code
from ..errors import Diagnostic
from ..rules import BUDGET_LINE, FIRST_LEVEL_GROUPS, FULL_MARKS, first_level
from .department import DEPARTMENT_BUDGET_NAMES
from .report import REPORTED, DepartmentResult, ProjectResult, Report, Row, Subtotal
from .totals import BudgetExecution, decimal_of

__all__ = ["ProjectForm", "DepartmentForm", "Funding", "FundingLine", "OverallGoal", "IndicatorLine",
           "project_forms", "project_form", "department_form", "remark", "PROJECT_TITLE", "DEPARTMENT_TITLE",
           "FUNDING_TOTAL", "FUNDING_LABELS"]

PROJECT_TITLE = "项目支出绩效自评表"
DEPARTMENT_TITLE = "部门整体支出绩效自评表"
# The lines of the funding block: the total, then its sources.  The national
# form's copies print 其中：当年财政拨款 (金寨 2023, 丽江 2020) or 其中：本年财政拨款
# (池州 2022); perfeval uses 当年, as the budget file's ``source`` does.
FUNDING_TOTAL = "年度资金总额"
FUNDING_LABELS = (FUNDING_TOTAL, *(("其中：" if n == 0 else "") + s for n, s in enumerate(FUNDING_SOURCES)))
_GROUPS = tuple(g for g in FIRST_LEVEL_GROUPS if g != BUDGET_LINE)


@attrs.frozen
class FundingLine:
    """One line of the funding block, amounts in 元.  Only the total line has
    a 分值 and a 得分; ``points`` is None where the score is blank (an
    over-executed line under ``over_execution: blank``) or there is no line."""

    label: str
    initial: Decimal | None  # 年初预算数
    budget: Decimal | None  # 全年预算数
    executed: Decimal | None  # 全年执行数
    weight: Decimal | None  # 分值
    rate: Decimal | None  # 执行率
    points: Decimal | None  # 得分


@attrs.frozen
class Funding:
    """The funding block: 项目资金 (project) or 预算资金 (department), in 万元
    on the form.  ``lines`` are always four: 年度资金总额, then 其中：当年财政
    拨款, 上年结转资金 and 其他资金, with no figures where none are given."""

    caption: str
    lines: tuple[FundingLine, ...]
    note: str | None  # 偏差原因分析 of the execution, from the budget record
    note_required: bool  # the budget line needs a reason and has none
    missing: bool  # no figures given: counted missing
    derived: bool  # the sums of the projects' figures (the department's)
    over: bool  # executed more than the budget
    blank: bool  # over-executed, and the scheme leaves the score blank

    @property
    def total(self) -> FundingLine:
        """The 年度资金总额 line."""
        return self.lines[0]


@attrs.frozen
class OverallGoal:
    """年度总体目标: 预期目标 (the book's goal text) and 实际完成情况 (the
    budget record's ``summary``)."""

    expected: str | None
    achieved: str | None


@attrs.frozen
class IndicatorLine:
    """One indicator of the form, in the national form's columns, with the
    report's label and status beside them.

    ``label`` is the row's label, 达成, 部分达成 or 未达成 by default (the
    report's ``grade`` of a scored row, rules §4), None for a row that was not
    scored; ``status`` is the report's (graded, not-applicable, missing,
    needs-judgement, error).  ``remark`` is the row's line in the 说明, if it
    has one."""

    id: str
    group: str | None  # 一级指标
    subgroup: str | None  # 二级指标
    name: str  # 三级指标
    target: str  # 年度指标值
    actual: str | None  # 实际完成值, as given
    weight: Decimal  # 分值
    points: Decimal | None  # 得分; None when not applicable
    note: str | None  # 偏差原因分析及改进措施, as given
    note_required: bool  # a reason is required and none is given
    label: str | None
    status: str
    remark: str | None


@attrs.frozen
class ProjectForm:
    """The 项目支出绩效自评表 of one project, field for field."""

    year: int
    project: str  # 项目名称
    department: str  # 主管部门
    unit: str  # 实施单位
    funding: Funding
    goal: OverallGoal  # 年度总体目标
    indicators: tuple[IndicatorLine, ...]  # grouped by 一级指标: 产出, 效益, 满意度
    weight: Decimal  # 总分's 分值
    total: Decimal  # 总分
    grade: str  # 自评等级
    remarks: tuple[str, ...]  # 说明
    subtotals: tuple[Subtotal, ...] = ()  # each 一级指标's points (not on the national form)
    missing: int = 0
    errors: int = 0
    needs_judgement: int = 0
    title: str = PROJECT_TITLE


@attrs.frozen
class DepartmentForm:
    """The 部门整体支出绩效自评表, field for field (金寨 2023's layout).

    ``basis`` is the report's basis of the department's total (``table``:
    this form); on another basis the form has the total and its grade, and
    its 说明 says what the total is."""

    year: int
    department: str  # 部门
    basis: str
    funding: Funding
    goal: OverallGoal  # 年度总体目标
    indicators: tuple[IndicatorLine, ...]
    weight: Decimal  # 总分's 分值
    total: Decimal | None  # 总分
    grade: str | None  # 自评等级
    remarks: tuple[str, ...]  # 说明
    missing: int = 0
    errors: int = 0
    needs_judgement: int = 0
    title: str = DEPARTMENT_TITLE


# --- building the forms -----------------------------------------------------------

def project_forms(report: Report, units: Mapping[str, str] | None = None) -> tuple[ProjectForm, ...]:
    """The 项目支出绩效自评表 of every project, in the report's order.
    ``units`` gives a project's 实施单位 by its name; by default it is the
    department."""
    return tuple(project_form(report, p, (units or {}).get(p.name)) for p in report.projects)


def project_form(report: Report, project: ProjectResult, unit: str | None = None) -> ProjectForm:
    """The 项目支出绩效自评表 of one project of ``report``."""
    subtotals = {s.group: s for s in project.subtotals}
    budget_subtotal = subtotals.get(BUDGET_LINE)
    problems = _about(report, (project.name,))
    funding = _funding("项目资金（万元）", project.figures, project.budget, project.missing_budget, False,
                       None if budget_subtotal is None else budget_subtotal.weight, project.budget_note, problems)
    rows = _in_groups(project.rows)
    full = decimal_of(sum((Fraction(s.weight) for s in project.subtotals), Fraction(0)))
    summary = None if project.figures is None else project.figures.summary
    return ProjectForm(
        report.year, project.name, report.department_name, unit or report.department_name, funding,
        OverallGoal(project.goal, summary), tuple(_line(r) for r in rows), full, project.total, project.grade,
        _remarks(problems, rows), tuple(s for s in project.subtotals if s.group != BUDGET_LINE),
        project.missing, project.errors, project.needs_judgement)


def department_form(report: Report) -> DepartmentForm | None:
    """The 部门整体支出绩效自评表 of ``report``; None for a report with no
    department result."""
    d = report.department
    if d is None:
        return None
    problems = _about(report, (*DEPARTMENT_BUDGET_NAMES, report.department_name),
                      (Code.BUDGET_DERIVED, Code.DEPARTMENT_FALLBACK))
    weight = None  # the budget line's 分值: the rest of 100 beside the goals, on the table basis
    if d.basis == "table":
        weight = decimal_of(Fraction(FULL_MARKS) - Fraction(d.goals_weight))
    funding = _funding("预算资金（万元）", d.figures, d.budget, d.missing_budget, d.budget_derived, weight,
                       d.budget_note, problems)
    # Scored by framework blocks (决策 25 / 管理 30 / 绩效 45), a row's 一级指标 is its block.
    rows = _in_groups(attrs.evolve(r, group=r.owner_name) if d.basis == "framework" else r for r in d.rows)
    expected = [f"{g.name}：{g.goal}" if len(report.goals) > 1 else g.goal for g in report.goals if g.goal]
    missing, errors, judgement = (sum(r.status == s for r in rows) for s in ("missing", "error", "needs-judgement"))
    return DepartmentForm(
        report.year, report.department_name, d.basis, funding, OverallGoal("\n".join(expected) or None, d.summary),
        tuple(_line(r) for r in rows), FULL_MARKS, d.total, d.grade, _basis_remark(d) + _remarks(problems, rows),
        missing + d.missing_budget, errors, judgement)


def remark(row: Row) -> str | None:
    """The row's line in the 说明: ``三级指标: code: message``, its flags of
    severity warning or error joined by ；, or why it was not graded."""
    flagged = [f"{f.code}: {f.message}" for f in row.reported]
    if not flagged and row.status in ("error", "needs-judgement"):
        flagged = [f"{row.status}: {row.explanation}"]
    return f"{row.name}: {'；'.join(flagged)}" if flagged else None


def _line(row: Row) -> IndicatorLine:
    return IndicatorLine(row.id, row.group, row.subgroup, row.name, row.definition, row.actual, row.weight,
                         row.points, row.note if row.note and row.note.strip() else None,
                         Code.NOTE_REQUIRED in row.flags and not (row.note and row.note.strip()),
                         row.grade if row.status == "graded" else None, row.status, remark(row))


def _in_groups(rows: Iterable[Row]) -> list[Row]:
    """Rows grouped under their 一级指标 (产出, 效益, 满意度, then others in
    order of appearance), each group keeping the rows' own order, so that a
    form can merge the group's cells."""
    rows = list(rows)
    seen: dict[str | None, int] = {}
    for r in rows:
        seen.setdefault(r.group, len(seen))

    def key(r: Row) -> tuple[int, int]:
        level = first_level(r.group)
        return (_GROUPS.index(level) if level in _GROUPS else len(_GROUPS), seen[r.group])

    return sorted(rows, key=key)


def _funding(caption: str, figures: BudgetFigures | None, line: BudgetExecution | None, missing: bool,
             derived: bool, weight: Decimal | None, note: str | None, problems: list[Diagnostic]) -> Funding:
    """The funding block: the budget record's figures where the report has
    them, else the amounts of the line it scored."""
    points = None if line is None or line.blank else line.points
    if line is not None:
        weight = line.weight
    if figures is not None:
        total = FundingLine(FUNDING_TOTAL, figures.initial, figures.budget, figures.executed, weight,
                            None if line is None else line.rate, points)
    elif line is not None:
        total = FundingLine(FUNDING_TOTAL, None, line.budget, line.executed, weight, line.rate, points)
    else:  # a missing line scores nothing and is counted; without a line there is no score at all
        total = FundingLine(FUNDING_TOTAL, None, None, None, weight, None, Decimal(0) if missing else None)
    # A source's 执行率 divides by the figure the total's line divides by: the
    # full-year budget, or the budget at the start of the year where the scheme
    # chose it (the line's denominator is then the record's 年初预算数).
    by_initial = figures is not None and line is not None and line.budget != figures.budget
    sources = []
    for source, label in zip(FUNDING_SOURCES, FUNDING_LABELS[1:], strict=True):
        given = None if figures is None else figures.source(source)
        if given is None:
            sources.append(FundingLine(label, None, None, None, None, None, None))
            continue
        denominator = given.initial if by_initial else given.budget
        rate = decimal_of(Fraction(given.executed) / Fraction(denominator)) if denominator else None
        sources.append(FundingLine(label, given.initial, given.budget, given.executed, None, rate, None))
    required = any(p.code == Code.NOTE_REQUIRED for p in problems)
    return Funding(caption, (total, *sources), note if note and note.strip() else None,
                   required and not (note and note.strip()), missing, derived,
                   line is not None and line.over, line is not None and line.blank)


def _about(report: Report, subjects: tuple[str, ...], codes: tuple[Code, ...] = ()) -> list[Diagnostic]:
    """The report's problems about a form's budget line: those of severity
    warning or error whose subject is the form's project (or the department),
    and those of ``codes`` whatever their severity."""
    return [p for p in report.problems
            if (p.subject in subjects and p.severity in REPORTED) or p.code in codes]


def _remarks(problems: list[Diagnostic], rows: list[Row]) -> tuple[str, ...]:
    """The 说明: the problems about the form's budget line, then a line for each row the 说明 speaks of."""
    lines = [f"{FUNDING_TOTAL}: {p.code}: {p.message}" for p in problems]
    return (*lines, *(line for row in rows if (line := remark(row))))


def _basis_remark(d: DepartmentResult) -> tuple[str, ...]:
    """On a basis other than its table, the form's 总分 is not its rows': say what it is."""
    if d.basis == "table":
        return ()
    return (f"总分: {d.label}",)
