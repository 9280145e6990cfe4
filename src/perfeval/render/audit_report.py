"""The formats of an audit (:class:`~perfeval.grading.audit.AuditReport`):
a table for the terminal, Markdown, JSON and CSV, as a grading report has.

>>> from decimal import Decimal
>>> from perfeval.grading.audit import PublishedProject, PublishedRow, audit_projects
>>> row = PublishedRow("产出指标", "数量指标", "培训人次", "≥100人", "80人", Decimal(10), Decimal(10), "")
>>> print(audit_table(audit_projects("t.txt", [PublishedProject("培训", rows=(row,))])).splitlines()[0])
自评表审核 t.txt（容差 0.05 分）
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from .._safe_text import spreadsheet_cell
from ..grading.audit import AuditReport, ProjectAudit, register_audit_format
from ..notation.conditions import format_trimmed
from ..rounding import display
from .common import DASH, Table, plain_table
from .data_formats import csv_value
from .markdown_report import md_cell, md_table

__all__ = ["audit_table", "audit_markdown", "audit_json", "audit_csv", "AUDIT_COLUMNS"]

AUDIT_COLUMNS = ("project", "group", "subgroup", "name", "target", "actual", "weight", "published_score",
                 "perfeval_score", "difference", "status", "achieved", "reason", "flags", "location")
_HEADERS = ("三级指标", "年度指标值", "实际完成值", "分值", "公布得分", "perfeval", "差", "标记")


def _cell(value: Any) -> str:
    return DASH if value is None or value == "" else str(value)


def _points(value: Decimal | None) -> str:
    """Points as people read them: rounded half up to 2 places for display only (8.6203… → 8.62)."""
    return DASH if value is None else format_trimmed(Decimal(display(value)))


def _rows_table(project: ProjectAudit) -> Table:
    rows = [[r.published.name, r.published.target, r.published.actual, _points(r.published.weight),
             _points(r.published.score), _points(r.points), _points(r.difference),
             " ".join(f.code.value for f in r.flags)]
            for r in project.rows]
    return Table(project.project.name, _HEADERS, rows, frozenset({3, 4, 5, 6}))


def _summary(report: AuditReport, project: ProjectAudit) -> list[str]:
    d = project.as_dict()
    p = project.project
    lines = [f"总分：公布 {_points(p.total_score)} {p.grade or ''}".rstrip()
             + f"，perfeval {_points(project.total)} {project.grade or ''}".rstrip()]
    if p.funding is not None:
        f = p.funding
        lines.append(f"预算执行率：全年预算数 {_cell(d['funding']['budget'])}，全年执行数 "
                     f"{_cell(d['funding']['executed'])}，分值 {_points(f.weight)}，公布得分 {_points(f.score)}，"
                     f"perfeval {_points(project.execution_points)}")
    lines.append(f"{d['agreeing_rows']} / {len(project.rows)} 行一致")
    lines.extend(f"{flag.severity} {flag.code.value}: {flag.message}" for flag in project.flags)
    for r in project.rows:
        lines.extend(f"{r.published.name}: {flag.severity} {flag.code.value}: {flag.message}" for flag in r.flags)
    return lines


def _problems(report: AuditReport) -> list[str]:
    return [f"{d.location}: {d.severity} {d.code.value}: {d.message}" for d in report.diagnostics]


def audit_table(report: AuditReport) -> str:
    """The audit for a terminal: each project's rows side by side, then what was flagged."""
    out = [f"自评表审核 {report.source}（容差 {_cell(report.as_dict()['tolerance'])} 分）", ""]
    for project in report.projects:
        table = _rows_table(project)
        out += [table.title, plain_table(table), *_summary(report, project), ""]
    out += _problems(report)
    return "\n".join(out).rstrip() + "\n"


def audit_markdown(report: AuditReport) -> str:
    """The audit in Markdown; user text cannot make links or HTML."""
    out = [f"# 自评表审核：{md_cell(report.source)}", ""]
    for project in report.projects:
        out += [f"## {md_cell(project.project.name)}", "", md_table(_rows_table(project)), ""]
        out += [f"- {md_cell(line)}" for line in _summary(report, project)] + [""]
    out += [f"- {md_cell(line)}" for line in _problems(report)]
    return "\n".join(out).rstrip() + "\n"


def audit_json(report: AuditReport) -> str:
    """The whole audit as JSON, numbers as exact decimal strings."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


def audit_csv(report: AuditReport) -> str:
    """One line per published row; a text cell a spreadsheet would run as a formula starts with ``'``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AUDIT_COLUMNS)
    for record in report.to_records():
        writer.writerow([spreadsheet_cell(csv_value(record[c])) for c in AUDIT_COLUMNS])
    return out.getvalue()


for _name, _render in (("table", audit_table), ("markdown", audit_markdown), ("json", audit_json),
                       ("csv", audit_csv)):
    register_audit_format(_name, _render)
