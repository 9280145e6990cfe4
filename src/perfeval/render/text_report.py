"""The plain-text report: every table, then the totals, the counts and the problems.

>>> import perfeval
>>> report = perfeval.grade(perfeval.load("examples/small.yaml"), {"0101/社会保险补贴到位率": "92%"})
>>> text(report).splitlines()[0]
'曹妃甸区人力资源和社会保障局（323） 2023年度绩效评价'
"""

from __future__ import annotations

from ..grading.report import Report
from .common import counts_line, plain_table, problem_lines, tables, title, total_line


def text(report: Report) -> str:
    """Every row, the activity, project and goal totals, then the department
    total, the counts and the problems, as plain-text tables."""
    parts = [title(report), ""]
    for table in tables(report):
        parts += [table.title, plain_table(table), ""]
    parts += [total_line(report), counts_line(report)]
    problems = problem_lines(report)
    parts += ["问题：", *(f"  {line}" for line in problems)] if problems else ["问题：无"]
    return "\n".join(parts) + "\n"


