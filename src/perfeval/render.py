"""Showing a :class:`~perfeval.report.Report`: text, Markdown, JSON, CSV,
HTML and the 项目支出绩效自评表 (rules §4–5).

Every function takes a report and returns a string.  The human formats
(text, Markdown, HTML, self-assessment form) round numbers for display by the
report's own rule (``report.places``, ``report.rounding``); the data formats
(JSON, CSV) carry exact decimal strings, never floats.  Nothing is dropped:
missing, error and not-applicable rows are shown with their status, and the
report's problems and unknown actuals are listed.

>>> import json, perfeval
>>> book = perfeval.load('''
... perfeval: 1
... department: {code: "999", name: 示例局}
... year: 2023
... scoring: {rounding: {places: 1, mode: truncate}}
... activities:
...   - code: "0101"
...     name: 示例活动
...     indicators:
...       - {name: 到位率, ladder: {优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
...       - {name: 完成率, ladder: {优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
...       - {name: 办结率, ladder: {优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
...       - {name: 发放率, ladder: {优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
... ''')
>>> report = book.grade({"0101/到位率": "100%", "0101/完成率": "92%", "0101/办结率": "85%"})
>>> json.loads(json_text(report))["total"]
'60'
>>> print(text(report).splitlines()[-3])
部门总分 60.0  等级 中
>>> csv_text(report).count("\\n")  # a header and one line per indicator
5
"""

from __future__ import annotations

import csv
import html as _html
import io
import json
from collections.abc import Callable, Sequence
from decimal import Decimal, localcontext
from typing import Any, NamedTuple

import attrs
from tabulate import tabulate

from ._arith import EXACT
from .conditions import format_decimal
from .errors import Diagnostic
from .report import ProjectResult, Report, Row, Subtotal
from .rounding import display
from .rules import BUDGET_LINE, FIRST_LEVEL_GROUPS, first_level

__all__ = ["text", "markdown", "json_text", "csv_text", "html", "html_fragment", "selfeval"]

SECTION_LABELS = {"goal": "目标", "activity": "活动", "project": "项目"}
STATUS_LABELS = {"graded": "", "not-applicable": "不适用", "missing": "缺失", "error": "错误"}
NOTE_REQUIRED = "（偏差原因必填）"
DASH = "—"
_GROUPS = tuple(g for g in FIRST_LEVEL_GROUPS if g != BUDGET_LINE)


# --- numbers and cells ------------------------------------------------------------

def _round(value: Decimal, places: int, mode: str, shift: int = 0) -> str:
    """:func:`~perfeval.rounding.display` of ``value`` × 10^``shift``, in
    perfeval's own decimal context, so that a caller's ``getcontext().prec``
    can neither break nor change it."""
    with localcontext(EXACT):
        return display(value.scaleb(shift), places, mode)


def _num(report: Report, value: Decimal | None) -> str:
    """A number rounded for display by the report's rule; a dash for none."""
    return DASH if value is None else _round(value, report.places, report.rounding)


def _pct(report: Report, ratio: Decimal | None) -> str:
    """A ratio as a rounded percentage."""
    return DASH if ratio is None else _round(ratio, report.places, report.rounding, shift=2) + "%"


def _exact(value: Decimal | None) -> str | None:
    return None if value is None else format_decimal(value)


def _wan(value: Decimal) -> str:
    """An amount in 元 shown exactly in 万元, as the self-assessment form states money."""
    with localcontext(EXACT):
        return format_decimal(value.scaleb(-4).normalize())


def _one_line(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


# --- the tables every human format shows ------------------------------------------

class _Table(NamedTuple):
    title: str
    headers: tuple[str, ...]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # columns aligned right


def _owner(row: Row) -> str:
    label = SECTION_LABELS.get(row.section, row.section)
    if row.section == "activity":
        return f"{label} {row.owner} {row.owner_name}"
    return f"{label} {row.owner}"


def _indicator_cells(report: Report, row: Row) -> list[str]:
    return [_owner(row), row.name, row.definition, row.actual or "", row.grade or "", _pct(report, row.ratio),
            _num(report, row.weight), _num(report, row.points), ", ".join(row.flags),
            STATUS_LABELS.get(row.status, row.status)]


def _rows_table(report: Report) -> _Table:
    headers = ("归属", "指标", "指标值", "实际值", "等级", "完成率", "分值", "得分", "标记", "状态")
    return _Table("指标明细", headers, [_indicator_cells(report, r) for r in report.rows], frozenset({5, 6, 7}))


def _count_na(rows: Sequence[Row]) -> int:
    return sum(r.status == "not-applicable" for r in rows)


def _activities_table(report: Report) -> _Table:
    headers = ("编码", "活动", "指标数", "缺失", "错误", "不适用", "得分", "等级")
    rows = [[a.code, a.name, str(len(a.rows)), str(a.missing), str(a.errors), str(_count_na(a.rows)),
             _num(report, a.total), a.grade or DASH] for a in report.activities]
    return _Table("活动合计", headers, rows, frozenset({2, 3, 4, 5, 6}))


def _budget_cell(report: Report, project: ProjectResult) -> str:
    if project.budget is not None:
        over = "（超预算执行）" if project.budget.over else ""
        return f"{_pct(report, project.budget.rate)}{over}"
    return "缺失" if project.missing_budget else DASH


def _subtotal_cell(report: Report, project: ProjectResult, group: str) -> str:
    found = next((s for s in project.subtotals if s.group == group), None)
    return DASH if found is None else f"{_num(report, found.points)} / {_num(report, found.weight)}"


def _projects_table(report: Report) -> _Table:
    headers = ("项目", *(f"{g}（得分/分值）" for g in FIRST_LEVEL_GROUPS), "执行率", "总分", "等级", "缺失", "错误")
    rows = [[p.name, *(_subtotal_cell(report, p, g) for g in FIRST_LEVEL_GROUPS), _budget_cell(report, p),
             _num(report, p.total), p.grade, str(p.missing), str(p.errors)] for p in report.projects]
    return _Table("项目合计", headers, rows, frozenset(range(1, 7)) | {8, 9})


def _goals_table(report: Report) -> _Table:
    headers = ("目标", "指标数", "缺失", "错误", "不适用", "得分", "等级")
    rows = [[g.name, str(len(g.rows)), str(g.missing), str(g.errors), str(_count_na(g.rows)),
             _num(report, g.total), g.grade or DASH] for g in report.goals]
    return _Table("目标合计", headers, rows, frozenset({1, 2, 3, 4, 5}))


def _tables(report: Report) -> list[_Table]:
    return [_rows_table(report), _activities_table(report), _projects_table(report), _goals_table(report)]


# --- summary and problems ---------------------------------------------------------

def _counts(report: Report) -> dict[str, int]:
    """The report's counts; ``missing`` and ``errors`` are the report's own
    (they include missing budget figures and unknown ids)."""
    return {"rows": len(report.rows), "missing": report.missing, "errors": report.errors,
            "not_applicable": _count_na(report.rows)}


def _title(report: Report) -> str:
    return f"{report.department_name}（{report.department_code}） {report.year}年度绩效评价"


def _total_line(report: Report) -> str:
    return f"部门总分 {_num(report, report.total)}  等级 {report.grade or DASH}"


def _counts_line(report: Report) -> str:
    c = _counts(report)
    missing_budgets = sum(p.missing_budget for p in report.projects)
    return (f"指标 {c['rows']} 条：缺失 {c['missing']}（其中预算执行数 {missing_budgets}），"
            f"错误 {c['errors']}（其中未识别 {len(report.unknown)}），不适用 {c['not_applicable']}")


def _problem_lines(report: Report) -> list[str]:
    lines = []
    for p in report.problems:
        where = f"{p.location}: " if p.location else ""
        subject = f" [{p.subject}]" if p.subject else ""
        lines.append(f"{where}{p.severity} {p.code}{subject}: {p.message}")
    lines.extend(f"未识别的实际值：{key} = {value}" for key, value in report.unknown)
    return lines


# --- 1. text ---------------------------------------------------------------------

def _plain_table(table: _Table, fmt: str = "simple") -> str:
    align = tuple("right" if i in table.numeric else "left" for i in range(len(table.headers)))
    rows = [[_one_line(c) for c in row] for row in table.rows]
    if not rows:
        return "（无）"
    return tabulate(rows, headers=table.headers, tablefmt=fmt, disable_numparse=True, colalign=align)


def text(report: Report) -> str:
    """Every row, the activity, project and goal totals, then the department
    total, the counts and the problems, as plain-text tables."""
    parts = [_title(report), ""]
    for table in _tables(report):
        parts += [table.title, _plain_table(table), ""]
    parts += [_total_line(report), _counts_line(report)]
    problems = _problem_lines(report)
    parts += ["问题：", *(f"  {line}" for line in problems)] if problems else ["问题：无"]
    return "\n".join(parts) + "\n"


# --- 2. Markdown -----------------------------------------------------------------

_MD_SPECIAL = "\\|<*_`"  # a backslash makes each of these literal (CommonMark)


def _md_cell(value: Any) -> str:
    """One line of Markdown text: ``|`` cannot end a cell, ``<`` cannot open
    HTML, ``*``/``_``/`` ` `` cannot start emphasis or code."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in _one_line(value))


def _md_table(table: _Table) -> str:
    if not table.rows:
        return "（无）"
    escaped = _Table(table.title, tuple(_md_cell(h) for h in table.headers),
                     [[_md_cell(c) for c in row] for row in table.rows], table.numeric)
    return _plain_table(escaped, "pipe")


def markdown(report: Report) -> str:
    """The text report as GitHub-flavoured Markdown, with headings."""
    parts = [f"# {_md_cell(_title(report))}", "", f"**{_md_cell(_total_line(report))}**", "",
             _md_cell(_counts_line(report)), ""]
    for table in _tables(report):
        parts += [f"## {table.title}", "", _md_table(table), ""]
    problems = _problem_lines(report)
    parts += ["## 问题", ""] + ([f"- {_md_cell(line)}" for line in problems] or ["无"])
    return "\n".join(parts) + "\n"


# --- 3. JSON ---------------------------------------------------------------------

def _owner_json(owner: Any, rows_key: str = "indicators") -> dict[str, Any]:
    return {"total": _exact(owner.total), "grade": owner.grade, "missing": owner.missing, "errors": owner.errors,
            "not_applicable": _count_na(owner.rows), rows_key: [r.id for r in owner.rows]}


def _budget_json(project: ProjectResult) -> dict[str, Any] | None:
    b = project.budget
    if b is None:
        return None
    return {"budget": _exact(b.budget), "executed": _exact(b.executed), "unit": "元", "rate": _exact(b.rate),
            "weight": _exact(b.weight), "points": _exact(b.points), "over": b.over}


def _project_json(project: ProjectResult) -> dict[str, Any]:
    return {"name": project.name, **_owner_json(project),
            "subtotals": [{"group": s.group, "weight": _exact(s.weight), "points": _exact(s.points)}
                          for s in project.subtotals],
            "budget": _budget_json(project), "missing_budget": project.missing_budget}


def _problem_json(problem: Diagnostic) -> dict[str, Any]:
    return {"code": problem.code, "severity": problem.severity, "message": problem.message,
            "subject": problem.subject, "location": problem.location}


def _report_json(report: Report) -> dict[str, Any]:
    return {
        "department": {"code": report.department_code, "name": report.department_name},
        "year": report.year,
        "total": _exact(report.total),
        "grade": report.grade,
        "complete": report.complete,
        "rounding": {"places": report.places, "mode": report.rounding},
        "counts": _counts(report),
        "rows": report.to_records(),
        "goals": [{"name": g.name, **_owner_json(g)} for g in report.goals],
        "activities": [{"code": a.code, "name": a.name, **_owner_json(a)} for a in report.activities],
        "projects": [_project_json(p) for p in report.projects],
        "problems": [_problem_json(p) for p in report.problems],
        "unknown": [{"id": key, "actual": value} for key, value in report.unknown],
    }


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain data: what :func:`json_text` writes."""
    return _report_json(report)


def json_text(report: Report) -> str:
    """The report as JSON: decimal strings, never floats or rounded values."""
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


# --- 4. CSV ----------------------------------------------------------------------

CSV_COLUMNS = tuple(f.name for f in attrs.fields(Row))


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def csv_text(report: Report) -> str:
    """One line per indicator (``report.rows``), the Row fields as columns;
    numbers as exact decimal strings, flags joined with ``;``.  No totals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in report.to_records():
        writer.writerow([_csv_value(record[c]) for c in CSV_COLUMNS])
    return out.getvalue()


# --- 5. HTML ---------------------------------------------------------------------

GRADE_CLASSES = {"优": "g-excellent", "良": "g-good", "中": "g-fair", "差": "g-poor"}
STATUS_CLASSES = {"missing": "s-missing", "error": "s-error", "not-applicable": "s-na"}
GRADE_COLOURS = {"优": "#2e7d32", "良": "#1565c0", "中": "#e0a000", "差": "#c62828"}
_SCOPE = ".perfeval-report"
CSS = f"""
{_SCOPE} {{ font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; color: #222; font-size: 14px; }}
{_SCOPE} h1 {{ font-size: 1.4em; margin: .3em 0; }}
{_SCOPE} h2 {{ font-size: 1.15em; margin: 1.2em 0 .4em; border-bottom: 1px solid #ccc; }}
{_SCOPE} table {{ border-collapse: collapse; margin: .4em 0; }}
{_SCOPE} th, {_SCOPE} td {{ border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }}
{_SCOPE} th {{ background: #f3f3f3; }}
{_SCOPE} td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
{_SCOPE} .headline {{ font-size: 1.2em; }}
{_SCOPE} .grade {{ font-weight: bold; padding: 0 .4em; border-radius: 3px; }}
{_SCOPE} .g-excellent {{ background: #e8f5e9; color: #2e7d32; }}
{_SCOPE} .g-good {{ background: #e3f2fd; color: #1565c0; }}
{_SCOPE} .g-fair {{ background: #fff8e1; color: #a06800; }}
{_SCOPE} .g-poor {{ background: #ffebee; color: #c62828; }}
{_SCOPE} tr.s-missing td {{ background: #f5f5f5; color: #666; font-style: italic; }}
{_SCOPE} tr.s-error td {{ background: #fff0f0; }}
{_SCOPE} tr.s-error td.status {{ color: #c62828; font-weight: bold; }}
{_SCOPE} tr.s-na td {{ color: #888; }}
{_SCOPE} .problems li.error {{ color: #c62828; }}
{_SCOPE} svg text {{ font-size: 12px; fill: #222; }}
""".strip()


def _e(value: Any) -> str:
    return _html.escape(_one_line(value))


def _td(value: Any, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{_e(value)}</td>"


def _html_table(table: _Table, row_class: Callable[[int], str] = lambda i: "",
                cell_class: Callable[[int, int], str] = lambda i, j: "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in table.headers)
    body = []
    for i, row in enumerate(table.rows):
        cells = "".join(_td(c, " ".join(filter(None, ("num" if j in table.numeric else "", cell_class(i, j)))))
                        for j, c in enumerate(row))
        cls = row_class(i)
        body.append(f'<tr class="{cls}">{cells}</tr>' if cls else f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _html_rows(report: Report) -> str:
    table = _rows_table(report)
    rows = report.rows
    grades = [r.grade for r in rows]

    def cell_class(i: int, j: int) -> str:
        return {4: GRADE_CLASSES.get(grades[i] or "", ""), 9: "status"}.get(j, "")

    return _html_table(table, lambda i: STATUS_CLASSES.get(rows[i].status, ""), cell_class)


def _html_totals(table: _Table, grades: Sequence[str | None]) -> str:
    column = table.headers.index("等级")
    return _html_table(table, cell_class=lambda i, j: GRADE_CLASSES.get(grades[i] or "", "") if j == column else "")


def _html_header(report: Report) -> str:
    grade = report.grade or DASH
    badge = f'<span class="grade {GRADE_CLASSES.get(grade, "")}">{_e(grade)}</span>'
    return (f"<h1>{_e(_title(report))}</h1>"
            f'<p class="headline">部门总分 <strong>{_e(_num(report, report.total))}</strong> 等级 {badge}</p>'
            f'<p class="counts">{_e(_counts_line(report))}</p>')


def _html_problems(report: Report) -> str:
    lines = _problem_lines(report)  # the problems first, then the unknown actuals (errors)
    severities = [p.severity for p in report.problems] + ["error"] * (len(lines) - len(report.problems))
    items = [f'<li class="{_e(severity)}">{_e(line)}</li>' for severity, line in zip(severities, lines)]
    return f'<h2>问题</h2><ul class="problems">{"".join(items)}</ul>' if items else "<h2>问题</h2><p>无</p>"


# --- the chart: horizontal bars of points, 0–100, drawn by hand -------------------

_LABEL_W, _PLOT_W, _BAR_H, _ROW_H, _TOP = 300, 400, 14, 20, 24


class _Bar(NamedTuple):
    label: str
    total: Decimal | None
    grade: str | None


def _bars(report: Report) -> list[tuple[str, list[_Bar]]]:
    return [("活动", [_Bar(f"{a.code} {a.name}", a.total, a.grade) for a in report.activities]),
            ("项目", [_Bar(p.name, p.total, p.grade) for p in report.projects])]


def _x(points: Decimal) -> str:
    """The x position of ``points`` on the 0–100 axis (clamped), in pixels."""
    clamped = min(max(points, Decimal(0)), Decimal(100))
    with localcontext(EXACT):
        return display(_LABEL_W + clamped * _PLOT_W / 100, 1)


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _svg_bar(report: Report, bar: _Bar, y: int) -> str:
    width = Decimal(_x(bar.total or Decimal(0))) - _LABEL_W
    colour = GRADE_COLOURS.get(bar.grade or "", "#999")
    value = f"{_num(report, bar.total)} {bar.grade or ''}".strip()
    return (f'<text x="{_LABEL_W - 6}" y="{y + 11}" text-anchor="end">{_e(_short(bar.label))}</text>'
            f'<rect class="bar" x="{_LABEL_W}" y="{y}" width="{width}" height="{_BAR_H}" '
            f'fill="{colour}"><title>{_e(bar.label)}: {_e(value)}</title></rect>'
            f'<text x="{_LABEL_W + width}" dx="4" y="{y + 11}">{_e(value)}</text>')


def _svg_axis(height: int) -> str:
    parts = []
    for tick in range(0, 101, 20):
        x = _x(Decimal(tick))
        parts.append(f'<line x1="{x}" y1="{_TOP - 4}" x2="{x}" y2="{height - 4}" stroke="#ddd"/>'
                     f'<text x="{x}" y="{_TOP - 8}" text-anchor="middle">{tick}</text>')
    return "".join(parts)


def _svg(report: Report) -> str:
    body, y = [], _TOP
    for heading, bars in _bars(report):
        body.append(f'<text x="4" y="{y + 12}" font-weight="bold">{_e(heading)}</text>')
        y += _ROW_H
        for bar in bars:
            body.append(_svg_bar(report, bar, y))
            y += _ROW_H
    height, width = y + 8, _LABEL_W + _PLOT_W + 80
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="各活动、项目得分">'
            f"{_svg_axis(height)}{''.join(body)}</svg>")


def _html_body(report: Report) -> str:
    tables = _tables(report)
    parts = [_html_header(report), _html_problems(report), "<h2>得分图（0–100）</h2>", _svg(report),
             f"<h2>{_e(tables[0].title)}</h2>", _html_rows(report)]
    owners = (report.activities, report.projects, report.goals)
    for table, results in zip(tables[1:], owners):
        parts += [f"<h2>{_e(table.title)}</h2>", _html_totals(table, [r.grade for r in results])]
    return "\n".join(parts)


def html_fragment(report: Report) -> str:
    """The HTML report as one ``<div>`` with scoped styles, for Jupyter."""
    return f'<div class="perfeval-report">\n<style>\n{CSS}\n</style>\n{_html_body(report)}\n</div>\n'


def html(report: Report) -> str:
    """A standalone HTML5 page: inline CSS, an inline SVG chart, no scripts."""
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{_e(_title(report))}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
            f'<div class="perfeval-report">\n{_html_body(report)}\n</div>\n</body>\n</html>\n')


# --- 6. the self-assessment form (项目支出绩效自评表) -------------------------------

SELFEVAL_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析")


def _actual_cell(row: Row) -> str:
    if row.status == "missing":
        return "缺失"
    label = STATUS_LABELS.get(row.status, "")
    return f"{row.actual or ''}（{label}）" if label else row.actual or ""


def _note_cell(row: Row) -> str:
    if row.note and row.note.strip():
        return row.note
    return NOTE_REQUIRED if "note-required" in row.flags else ""


def _group_lines(report: Report, rows: list[Row]) -> list[list[str]]:
    lines, last = [], (None, None)
    for row in rows:
        group = row.group if last[0] != row.group else ""
        subgroup = row.subgroup if last != (row.group, row.subgroup) else ""
        last = (row.group, row.subgroup)
        lines.append([group or "", subgroup or "", row.name, row.definition, _actual_cell(row),
                      _num(report, row.weight), _num(report, row.points), _note_cell(row)])
    return lines


def _budget_line(report: Report, project: ProjectResult, subtotal: Subtotal) -> list[str]:
    b = project.budget
    if b is not None:
        remarks = "；".join(filter(None, ["超预算执行" if b.over else "", project.budget_note or ""]))
        return [BUDGET_LINE, "", "", f"全年预算数 {_wan(b.budget)}万元",
                f"全年执行数 {_wan(b.executed)}万元；执行率 {_pct(report, b.rate)}",
                _num(report, b.weight), _num(report, b.points), remarks]
    missing = "缺失" if project.missing_budget else DASH
    return [BUDGET_LINE, "", "", f"全年预算数 {missing}", f"全年执行数 {missing}；执行率 {missing}",
            _num(report, subtotal.weight), _num(report, subtotal.points), ""]


def _selfeval_lines(report: Report, project: ProjectResult) -> list[list[str]]:
    subtotals = {s.group: s for s in project.subtotals}
    lines = []
    for group in _GROUPS:
        rows = [r for r in project.rows if first_level(r.group) == group]
        lines += _group_lines(report, rows)
        s = subtotals.get(group)
        if s is not None:
            lines.append([f"{group}指标小计", "", "", "", "", _num(report, s.weight), _num(report, s.points), ""])
    if BUDGET_LINE in subtotals:
        lines.append(_budget_line(report, project, subtotals[BUDGET_LINE]))
    full = sum((s.weight for s in project.subtotals), Decimal(0))
    lines.append(["总分", "", "", "", "", _num(report, full), _num(report, project.total),
                  f"自评等级：{project.grade}"])
    return lines


def _selfeval_project(report: Report, project: ProjectResult) -> str:
    table = _Table("", SELFEVAL_HEADERS, _selfeval_lines(report, project), frozenset({5, 6}))
    head = f"项目支出绩效自评表\n（{report.year}年度）\n项目名称：{project.name}\n主管部门：{report.department_name}"
    counts = f"缺失 {project.missing}，错误 {project.errors}"
    return f"{head}\n\n{_plain_table(table, 'simple')}\n{counts}\n"


def selfeval(report: Report) -> str:
    """The standard 项目支出绩效自评表, one table per project, as plain text."""
    if not report.projects:
        return "（无项目）\n"
    return "\n\n".join(_selfeval_project(report, p) for p in report.projects)
