"""The HTML report: a standalone page or a Jupyter fragment, with inline
CSS and an inline SVG chart, no scripts; every user text is escaped.

>>> import perfeval
>>> report = perfeval.grade(perfeval.load("examples/small.yaml"), {"0101/社会保险补贴到位率": "92%"})
>>> page = html(report)
>>> page.startswith("<!DOCTYPE html>") and "<script" not in page
True
"""

from __future__ import annotations

import html as _html
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from .._arith import EXACT
from ..grading.report import ActivityResult, GoalResult, ProjectResult, Report
from ..rounding import display
from .common import (
    DASH,
    Table,
    counts_line,
    means_line,
    num,
    one_line,
    problem_lines,
    rows_table,
    tables,
    title,
    total_line,
)

GRADE_CLASSES = {"优": "g-excellent", "良": "g-good", "中": "g-fair", "差": "g-poor"}
# A row that waits for a person's judgement is shown as a missing one: it scores nothing yet.
STATUS_CLASSES = {"missing": "s-missing", "needs-judgement": "s-missing", "error": "s-error", "not-applicable": "s-na"}
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
    return _html.escape(one_line(value))


def _td(value: Any, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{_e(value)}</td>"


def _html_table(table: Table, row_class: Callable[[int], str] = lambda i: "",
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
    table = rows_table(report)
    rows = report.rows
    grades = [r.grade for r in rows]

    def cell_class(i: int, j: int) -> str:
        return {4: GRADE_CLASSES.get(grades[i] or "", ""), 9: "status"}.get(j, "")

    return _html_table(table, lambda i: STATUS_CLASSES.get(rows[i].status, ""), cell_class)


def _html_totals(table: Table, grades: Sequence[str | None]) -> str:
    column = table.headers.index("等级")
    return _html_table(table, cell_class=lambda i, j: GRADE_CLASSES.get(grades[i] or "", "") if j == column else "")


def _html_header(report: Report) -> str:
    grade = report.grade or DASH
    badge = f'<span class="grade {GRADE_CLASSES.get(grade, "")}">{_e(grade)}</span>'
    return (f"<h1>{_e(title(report))}</h1>"
            f'<p class="headline">部门总分 <strong>{_e(num(report, report.total))}</strong> 等级 {badge}</p>'
            f'<p class="basis">{_e(total_line(report))}</p><p class="means">{_e(means_line(report))}</p>'
            f'<p class="counts">{_e(counts_line(report))}</p>')


def _html_problems(report: Report) -> str:
    lines = problem_lines(report)  # the problems first, then the unknown actuals (errors)
    severities = [p.severity for p in report.problems] + ["error"] * (len(lines) - len(report.problems))
    items = [f'<li class="{_e(severity)}">{_e(line)}</li>' for severity, line in zip(severities, lines, strict=False)]
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
    return display(EXACT.divide(EXACT.add(EXACT.multiply(clamped, _PLOT_W), _LABEL_W * 100), 100), 1)


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _svg_bar(report: Report, bar: _Bar, y: int) -> str:
    end = Decimal(_x(bar.total or Decimal(0)))
    width = EXACT.subtract(end, Decimal(_LABEL_W))
    colour = GRADE_COLOURS.get(bar.grade or "", "#999")
    value = f"{num(report, bar.total)} {bar.grade or ''}".strip()
    return (f'<text x="{_LABEL_W - 6}" y="{y + 11}" text-anchor="end">{_e(_short(bar.label))}</text>'
            f'<rect class="bar" x="{_LABEL_W}" y="{y}" width="{width}" height="{_BAR_H}" '
            f'fill="{colour}"><title>{_e(bar.label)}: {_e(value)}</title></rect>'
            f'<text x="{end}" dx="4" y="{y + 11}">{_e(value)}</text>')


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
    shown = tables(report)
    parts = [_html_header(report), _html_problems(report), "<h2>得分图（0–100）</h2>", _svg(report),
             f"<h2>{_e(shown[0].title)}</h2>", _html_rows(report)]
    owners: tuple[Sequence[ActivityResult | ProjectResult | GoalResult], ...] = (
        report.activities, report.projects, report.goals)
    for table, results in zip(shown[1:], owners, strict=False):
        parts += [f"<h2>{_e(table.title)}</h2>", _html_totals(table, [r.grade for r in results])]
    return "\n".join(parts)


def html_fragment(report: Report) -> str:
    """The HTML report as one ``<div>`` with scoped styles, for Jupyter."""
    return f'<div class="perfeval-report">\n<style>\n{CSS}\n</style>\n{_html_body(report)}\n</div>\n'


def html(report: Report) -> str:
    """A standalone HTML5 page: inline CSS, an inline SVG chart, no scripts."""
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{_e(title(report))}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
            f'<div class="perfeval-report">\n{_html_body(report)}\n</div>\n</body>\n</html>\n')


