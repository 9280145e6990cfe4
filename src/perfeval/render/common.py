"""What every human format shows: rounded numbers, the tables of rows and
totals, the headline, the counts and the problems.  The human formats build
on these; the data formats (JSON, CSV) carry exact values instead.

>>> import perfeval
>>> report = perfeval.grade(perfeval.load("examples/small.yaml"), {"0101/社会保险补贴到位率": "92%"})
>>> num(report, report.rows[2].points), pct(report, report.rows[2].ratio)
('40.00', '80.00%')
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from tabulate import tabulate

from .._arith import EXACT
from .._safe_text import visible
from ..grading.report import ProjectResult, Report, Row, count_not_applicable
from ..notation.conditions import format_decimal
from ..rounding import display
from ..rules import BUDGET_LINE, FIRST_LEVEL_GROUPS

SECTION_LABELS = {"goal": "目标", "activity": "活动", "project": "项目"}
STATUS_LABELS = {"graded": "", "not-applicable": "不适用", "missing": "缺失", "needs-judgement": "待确认",
                 "error": "错误"}
NOTE_REQUIRED = "（偏差原因必填）"
DASH = "—"
GROUPS = tuple(g for g in FIRST_LEVEL_GROUPS if g != BUDGET_LINE)


# --- numbers and cells ------------------------------------------------------------

def num(report: Report, value: Decimal | None) -> str:
    """A number rounded for display by the report's rule; a dash for none."""
    return DASH if value is None else display(value, report.places, report.rounding)


def pct(report: Report, ratio: Decimal | None) -> str:
    """A ratio as a rounded percentage."""
    return DASH if ratio is None else display(ratio, report.places, report.rounding, shift=2) + "%"


def wan(value: Decimal) -> str:
    """An amount in 元 shown exactly in 万元, as the self-assessment form states money."""
    return format_decimal(value.scaleb(-4, context=EXACT).normalize(EXACT))


def one_line(value: Any) -> str:
    """User text on one line, with control characters and bidi overrides shown as escapes."""
    return "" if value is None else visible(" ".join(str(value).split()))


# --- the tables every human format shows ------------------------------------------

class Table(NamedTuple):
    title: str
    headers: tuple[str, ...]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # columns aligned right


def owner(row: Row) -> str:
    label = SECTION_LABELS.get(row.section, row.section)
    if row.section == "activity":
        return f"{label} {row.owner} {row.owner_name}"
    return f"{label} {row.owner}"


def indicator_cells(report: Report, row: Row) -> list[str]:
    return [owner(row), row.name, row.definition, row.actual or "", row.grade or "", pct(report, row.ratio),
            num(report, row.weight), num(report, row.points), ", ".join(row.flags),
            STATUS_LABELS.get(row.status, row.status)]


def rows_table(report: Report) -> Table:
    headers = ("归属", "指标", "指标值", "实际值", "等级", "完成率", "分值", "得分", "标记", "状态")
    return Table("指标明细", headers, [indicator_cells(report, r) for r in report.rows], frozenset({5, 6, 7}))


def activities_table(report: Report) -> Table:
    headers = ("编码", "活动", "指标数", "缺失", "错误", "不适用", "得分", "等级")
    rows = [[a.code, a.name, str(len(a.rows)), str(a.missing), str(a.errors), str(count_not_applicable(a.rows)),
             num(report, a.total), a.grade or DASH] for a in report.activities]
    return Table("活动合计", headers, rows, frozenset({2, 3, 4, 5, 6}))


def budget_cell(report: Report, project: ProjectResult) -> str:
    if project.budget is not None:
        over = "（超预算执行）" if project.budget.over else ""
        return f"{pct(report, project.budget.rate)}{over}"
    return "缺失" if project.missing_budget else DASH


def subtotal_cell(report: Report, project: ProjectResult, group: str) -> str:
    found = next((s for s in project.subtotals if s.group == group), None)
    return DASH if found is None else f"{num(report, found.points)} / {num(report, found.weight)}"


def projects_table(report: Report) -> Table:
    headers = ("项目", *(f"{g}（得分/分值）" for g in FIRST_LEVEL_GROUPS), "执行率", "总分", "等级", "缺失", "错误")
    rows = [[p.name, *(subtotal_cell(report, p, g) for g in FIRST_LEVEL_GROUPS), budget_cell(report, p),
             num(report, p.total), p.grade, str(p.missing), str(p.errors)] for p in report.projects]
    return Table("项目合计", headers, rows, frozenset(range(1, 7)) | {8, 9})


def goals_table(report: Report) -> Table:
    headers = ("目标", "指标数", "缺失", "错误", "不适用", "得分", "等级")
    rows = [[g.name, str(len(g.rows)), str(g.missing), str(g.errors), str(count_not_applicable(g.rows)),
             num(report, g.total), g.grade or DASH] for g in report.goals]
    return Table("目标合计", headers, rows, frozenset({1, 2, 3, 4, 5}))


def totals_tables(report: Report) -> list[Table]:
    """The activity, project and goal totals: what a report shows first."""
    return [activities_table(report), projects_table(report), goals_table(report)]


def tables(report: Report) -> list[Table]:
    """The indicator table, then the totals tables."""
    return [rows_table(report), *totals_tables(report)]


# --- summary and problems ---------------------------------------------------------

def title(report: Report) -> str:
    code = f"（{report.department_code}）" if report.department_code else ""
    return f"{report.department_name}{code} {report.year}年度绩效评价"


def total_line(report: Report) -> str:
    """The headline: the department's total, its grade and its basis (rules §5)."""
    line = f"部门总分 {num(report, report.total)}  等级 {report.grade or DASH}"
    d = report.department
    if d is None:
        return line
    basis = f"依据 {d.label}"
    if d.basis == "table":
        basis += f"：目标 {format_decimal(d.goals_weight)}"
        if d.budget is not None:
            derived = "，各项目汇总" if d.budget_derived else ""
            basis += f" + 预算执行率 {format_decimal(d.budget.weight)}（{pct(report, d.budget.rate)}{derived}）"
        elif d.missing_budget:
            basis += " + 预算执行率（缺失）"
    return f"{line}  {basis}"


def means_line(report: Report) -> str:
    """The activity and project means, shown beside the department's total."""
    d = report.department
    if d is None:
        return ""
    return f"活动平均 {num(report, d.activities_mean)}  项目平均 {num(report, d.projects_mean)}"


def counts_line(report: Report) -> str:
    c = report.counts()
    missing_budgets = sum(p.missing_budget for p in report.projects)
    return (f"指标 {c['rows']} 条：缺失 {c['missing']}（其中预算执行数 {missing_budgets}），"
            f"错误 {c['errors']}（其中未识别 {len(report.unknown)}），待确认 {c['needs_judgement']}，"
            f"不适用 {c['not_applicable']}")


def problem_lines(report: Report) -> list[str]:
    lines = []
    for p in report.problems:
        where = f"{p.location}: " if p.location else ""
        subject = f" [{p.subject}]" if p.subject else ""
        lines.append(f"{where}{p.severity} {p.code}{subject}: {p.message}")
    lines.extend(f"未识别的实际值：{key} = {value}" for key, value in report.unknown)
    return lines



def plain_table(table: Table, fmt: str = "simple") -> str:
    align = tuple("right" if i in table.numeric else "left" for i in range(len(table.headers)))
    rows = [[one_line(c) for c in row] for row in table.rows]
    if not rows:
        return "（无）"
    return tabulate(rows, headers=table.headers, tablefmt=fmt, disable_numparse=True, colalign=align)


# --- workbooks (the xlsx formats share these; openpyxl is imported only by them)

_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})  # characters Excel refuses in a sheet name
MAX_SHEET_NAME = 31  # Excel's limit


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: no ``[]:*?/\\``, at most 31 characters,
    and unique among ``taken`` whatever the case (a number is added).

    >>> sheet_name("城乡居民养老保险困难人员政府代缴资金/其他", set())
    '城乡居民养老保险困难人员政府代缴资金_其他'
    >>> sheet_name("汇总", {"汇总"})
    '汇总（2）'
    """
    base = wanted.translate(_FORBIDDEN).strip().strip("'") or "项目"
    lowered = {t.casefold() for t in taken}
    name, n = base[:MAX_SHEET_NAME], 1
    while name.casefold() in lowered:
        n += 1
        suffix = f"（{n}）"
        name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
    return name
