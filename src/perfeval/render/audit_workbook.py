"""The audit as an xlsx workbook (the ``xlsx`` extra, openpyxl): a summary
sheet, then each project's rows beside perfeval's scores and its flags.
Numbers are numbers, rounded half up to 2 places for display; text a
spreadsheet would run as a formula stays text.

Imported only by :func:`perfeval.render.audit_xlsx`, so that the core never
imports openpyxl.
"""

from __future__ import annotations

import io
from decimal import Decimal

import wcwidth
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .._safe_text import runs_as_formula, visible
from ..grading.audit import AuditReport, ProjectAudit
from ..rounding import display
from .common import sheet_name

__all__ = ["audit_workbook"]

SUMMARY = "审核汇总"
_ROW_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "公布得分",
                "perfeval得分", "差", "偏差原因", "标记", "说明")
_SUMMARY_HEADERS = ("项目", "公布总分", "perfeval总分", "公布执行率得分", "perfeval执行率得分", "一致行数",
                    "行数", "标记")


def _value(value: object) -> object:
    if isinstance(value, Decimal):
        return Decimal(display(value))
    if isinstance(value, str):
        return visible(value)
    return value


def _row(ws: Worksheet, row: int, values: tuple[object, ...] | list[object], bold: bool = False) -> None:
    for column, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=column)
        cell.value = _value(value)  # type: ignore[assignment]  # text, a number or None
        if isinstance(cell.value, str) and runs_as_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
        if isinstance(value, Decimal):
            cell.number_format = "0.00"
        if bold:
            cell.font = Font(bold=True)


def _fit(ws: Worksheet) -> None:
    for column in ws.iter_cols():
        width = max((wcwidth.wcswidth(str(c.value)) for c in column if c.value is not None), default=8)
        ws.column_dimensions[get_column_letter(column[0].column or 1)].width = min(60, max(8, width + 2))
    ws.freeze_panes = "A2"


def _project_sheet(ws: Worksheet, project: ProjectAudit) -> None:
    _row(ws, 1, _ROW_HEADERS, bold=True)
    for n, r in enumerate(project.rows, 2):
        p = r.published
        _row(ws, n, [p.group, p.subgroup, p.name, p.target, p.actual, p.weight, p.score, r.points, r.difference,
                     p.reason, " ".join(f.code.value for f in r.flags), "；".join(f.message for f in r.flags)])
    _fit(ws)


def audit_workbook(report: AuditReport) -> bytes:
    """The audit as the bytes of an xlsx file."""
    book = Workbook()
    summary = book.active
    assert summary is not None  # a new workbook has its first sheet
    summary.title = SUMMARY
    _row(summary, 1, _SUMMARY_HEADERS, bold=True)
    names = {SUMMARY}
    for n, project in enumerate(report.projects, 2):
        f = project.project.funding
        _row(summary, n, [project.project.name, project.project.total_score, project.total,
                          None if f is None else f.score, project.execution_points,
                          sum(r.agrees for r in project.rows), len(project.rows),
                          "；".join(fl.message for fl in project.flags)])
        name = sheet_name(project.project.name, names)
        names.add(name)
        _project_sheet(book.create_sheet(name), project)
    _fit(summary)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
