"""The 项目支出绩效自评表: the national self-assessment form, one per project.

The national form has no column for what a grader should look at, so each
form ends with a 说明 section: one line per row with a flag of severity
warning or error, or whose actual was not read or needs a person's
judgement (rules §4: a direction-conflict reaches the 说明 under the
自评表), and such rows are marked ``※`` after their 实际完成值.
"""

from __future__ import annotations

from fractions import Fraction

from ..codes import Code
from ..grading.report import ProjectResult, Report, Row, Subtotal
from ..grading.totals import decimal_of
from ..rules import BUDGET_LINE, first_level
from .common import DASH, GROUPS, NOTE_REQUIRED, STATUS_LABELS, Table, num, pct, plain_table, wan

SELFEVAL_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析")
REMARK_MARK = "※"  # after the 实际完成值 of a row the 说明 speaks of


def _remark(row: Row) -> str | None:
    """The row's line in the 说明: ``三级指标: code: message``, its flags of
    severity warning or error joined by ；, or why it was not graded."""
    flagged = [f"{f.code}: {f.message}" for f in row.reported]
    if not flagged and row.status in ("error", "needs-judgement"):
        flagged = [f"{row.status}: {row.explanation}"]
    return f"{row.name}: {'；'.join(flagged)}" if flagged else None


def _actual_cell(row: Row) -> str:
    if row.status == "missing":
        return "缺失"
    label = STATUS_LABELS.get(row.status, "")
    mark = REMARK_MARK if _remark(row) else ""
    return f"{row.actual or ''}{mark}（{label}）" if label else f"{row.actual or ''}{mark}"


def _note_cell(row: Row) -> str:
    if row.note and row.note.strip():
        return row.note
    return NOTE_REQUIRED if Code.NOTE_REQUIRED in row.flags else ""


def _group_lines(report: Report, rows: list[Row]) -> list[list[str]]:
    lines: list[list[str]] = []
    last: tuple[str | None, str | None] = (None, None)
    for row in rows:
        group = row.group if last[0] != row.group else ""
        subgroup = row.subgroup if last != (row.group, row.subgroup) else ""
        last = (row.group, row.subgroup)
        lines.append([group or "", subgroup or "", row.name, row.definition, _actual_cell(row),
                      num(report, row.weight), num(report, row.points), _note_cell(row)])
    return lines


def _budget_line(report: Report, project: ProjectResult, subtotal: Subtotal) -> list[str]:
    b = project.budget
    if b is not None:
        remarks = "；".join(filter(None, ["超预算执行" if b.over else "", project.budget_note or ""]))
        return [BUDGET_LINE, "", "", f"全年预算数 {wan(b.budget)}万元",
                f"全年执行数 {wan(b.executed)}万元；执行率 {pct(report, b.rate)}",
                num(report, b.weight), num(report, b.points), remarks]
    missing = "缺失" if project.missing_budget else DASH
    return [BUDGET_LINE, "", "", f"全年预算数 {missing}", f"全年执行数 {missing}；执行率 {missing}",
            num(report, subtotal.weight), num(report, subtotal.points), ""]


def _selfeval_lines(report: Report, project: ProjectResult) -> list[list[str]]:
    subtotals = {s.group: s for s in project.subtotals}
    lines = []
    for group in GROUPS:
        rows = [r for r in project.rows if first_level(r.group) == group]
        lines += _group_lines(report, rows)
        s = subtotals.get(group)
        if s is not None:
            lines.append([f"{group}指标小计", "", "", "", "", num(report, s.weight), num(report, s.points), ""])
    if BUDGET_LINE in subtotals:
        lines.append(_budget_line(report, project, subtotals[BUDGET_LINE]))
    full = decimal_of(sum((Fraction(s.weight) for s in project.subtotals), Fraction(0)))
    lines.append(["总分", "", "", "", "", num(report, full), num(report, project.total),
                  f"自评等级：{project.grade}"])
    return lines


def _selfeval_project(report: Report, project: ProjectResult) -> str:
    table = Table("", SELFEVAL_HEADERS, _selfeval_lines(report, project), frozenset({5, 6}))
    head = f"项目支出绩效自评表\n（{report.year}年度）\n项目名称：{project.name}\n主管部门：{report.department_name}"
    counts = f"缺失 {project.missing}，错误 {project.errors}，待确认 {project.needs_judgement}"
    remarks = [line for row in project.rows if (line := _remark(row))]
    notes = "\n".join(["说明：", *(f"  {line}" for line in remarks)]) if remarks else "说明：无"
    return f"{head}\n\n{plain_table(table, 'simple')}\n{counts}\n{notes}\n"


def selfeval(report: Report) -> str:
    """The standard 项目支出绩效自评表, one table per project, as plain text."""
    if not report.projects:
        return "（无项目）\n"
    return "\n\n".join(_selfeval_project(report, p) for p in report.projects)
