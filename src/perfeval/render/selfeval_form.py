"""The 自评表 as plain text: the 部门整体支出绩效自评表 first, then the
项目支出绩效自评表 of each project, laid out from the form objects of
:mod:`perfeval.grading.forms` in the national form's order: the names, the
funding block (万元), 年度总体目标, the indicators, 总分 and 自评等级.

Beside the national form's columns, each indicator has its label
(达成情况: 达成, 部分达成, 未达成, or what became of a row that was not
scored), and each 一级指标 of a project its subtotal.  The national form has
no column for what a grader should look at, so each form ends with a 说明
section: one line per row with a flag of severity warning or error, or
whose actual was not read or needs a person's judgement (rules §4: a
direction-conflict reaches the 说明 under the 自评表), and such rows are
marked ``※`` after their 实际完成值.

>>> import perfeval
>>> report = perfeval.grade(perfeval.load("examples/small.yaml"), {"0101/社会保险补贴到位率": "92%"})
>>> text = selfeval(report)
>>> text.index("部门整体支出绩效自评表") < text.index("项目支出绩效自评表")
True
"""

from __future__ import annotations

from decimal import Decimal

from .._safe_text import visible
from ..grading.forms import (
    DepartmentForm,
    Funding,
    IndicatorLine,
    OverallGoal,
    ProjectForm,
    department_form,
    project_forms,
)
from ..grading.report import Report
from ..rules import first_level, members_of
from .common import DASH, NOTE_REQUIRED, STATUS_LABELS, Table, num, pct, plain_table, wan

SELFEVAL_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                    "偏差原因分析及改进措施", "达成情况")
FUNDING_HEADERS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "偏差原因分析及改进措施")
REMARK_MARK = "※"  # after the 实际完成值 of a row the 说明 speaks of
OVER_EXECUTED = "超预算执行"


# --- cells shared with the workbook ---------------------------------------------------

def actual_cell(line: IndicatorLine) -> str:
    """The 实际完成值 as given, marked ※ when the 说明 speaks of the row."""
    return f"{line.actual or ''}{REMARK_MARK if line.remark else ''}"


def label_cell(line: IndicatorLine) -> str:
    """达成情况: the row's label, or what became of a row that was not scored."""
    return line.label or STATUS_LABELS.get(line.status, line.status)


def note_cell(line: IndicatorLine) -> str:
    """偏差原因分析及改进措施: the note as given, or that one is required."""
    return line.note or (NOTE_REQUIRED if line.note_required else "")


def funding_note(funding: Funding) -> str:
    """The funding block's remarks: over-execution, missing figures, and the
    note on execution as given (or that one is required)."""
    note = funding.note or (NOTE_REQUIRED if funding.note_required else "")
    return "；".join(filter(None, ["缺失" if funding.missing else "", OVER_EXECUTED if funding.over else "", note]))


# --- the text form --------------------------------------------------------------

def _amount(value: Decimal | None, missing: bool = False) -> str:
    if value is not None:
        return wan(value)
    return "缺失" if missing else DASH


def _funding_rows(report: Report, funding: Funding) -> list[list[str]]:
    rows = []
    for n, line in enumerate(funding.lines):
        total = n == 0
        missing = total and funding.missing
        rows.append([line.label, _amount(line.initial), _amount(line.budget, missing),
                     _amount(line.executed, missing), num(report, line.weight),
                     "缺失" if missing else pct(report, line.rate),
                     "" if total and funding.blank else num(report, line.points),  # blank, as the form leaves it
                     funding_note(funding) if total else ""])
    return rows


def _goal_lines(goal: OverallGoal) -> list[str]:
    def field(name: str, text: str | None) -> str:
        lines = (text or DASH).splitlines() or [DASH]
        return "\n".join([f"  {name}：{lines[0]}", *(f"    {more}" for more in lines[1:])])

    return ["年度总体目标", field("预期目标", goal.expected), field("实际完成情况", goal.achieved)]


def _indicator_rows(report: Report, form: ProjectForm | DepartmentForm) -> list[list[str]]:
    subtotals = {s.group: s for s in form.subtotals} if isinstance(form, ProjectForm) else {}
    rows: list[list[str]] = []
    last: tuple[str | None, str | None] = (None, None)
    lines = list(form.indicators)
    for n, line in enumerate(lines):
        group = line.group if last[0] != line.group else ""
        subgroup = line.subgroup if last != (line.group, line.subgroup) else ""
        last = (line.group, line.subgroup)
        rows.append([group or "", subgroup or "", line.name, line.target, actual_cell(line),
                     num(report, line.weight), num(report, line.points), note_cell(line), label_cell(line)])
        # After the last row of a group, its subtotal (or that of groups sharing their points, 效益+满意度).
        still = {first_level(later.group) for later in lines[n + 1:]}
        for group, s in list(subtotals.items()):
            members = set(members_of(group))
            if first_level(line.group) in members and not members & still:
                rows.append([f"{group}指标小计", "", "", "", "", num(report, s.weight), num(report, s.points), "", ""])
                del subtotals[group]
    rows.append(["总分", "", "", "", "", num(report, form.weight), num(report, form.total),
                 f"自评等级：{form.grade or DASH}", ""])
    return rows


def _form(report: Report, form: ProjectForm | DepartmentForm) -> str:
    if isinstance(form, ProjectForm):
        names = [f"项目名称：{form.project}", f"主管部门：{form.department}", f"实施单位：{form.unit}"]
    else:
        names = [f"部门：{form.department}"]
    head = "\n".join([form.title, f"（{form.year}年度）", *names])
    funding = Table("", (form.funding.caption, *FUNDING_HEADERS), _funding_rows(report, form.funding),
                    frozenset(range(1, 7)))
    indicators = Table("", SELFEVAL_HEADERS, _indicator_rows(report, form), frozenset({5, 6}))
    counts = f"缺失 {form.missing}，错误 {form.errors}，待确认 {form.needs_judgement}"
    notes = "\n".join(["说明：", *(f"  {line}" for line in form.remarks)]) if form.remarks else "说明：无"
    return (f"{head}\n\n{plain_table(funding, 'simple')}\n\n" + "\n".join(_goal_lines(form.goal))
            + f"\n\n{plain_table(indicators, 'simple')}\n{counts}\n{notes}\n")


def selfeval(report: Report) -> str:
    """The 部门整体支出绩效自评表, then the 项目支出绩效自评表 of each project,
    as plain text."""
    department = department_form(report)
    forms: list[ProjectForm | DepartmentForm] = [] if department is None else [department]
    forms += project_forms(report)
    if not forms:
        return "（无项目）\n"
    # last, so that no control character from a name or a note reaches the terminal
    return visible("\n\n".join(_form(report, f) for f in forms))
