"""The report as GitHub-flavoured Markdown, with user text escaped, in the
text report's order: the totals, the problems, then every indicator.

>>> import perfeval
>>> report = perfeval.grade(perfeval.load("examples/small.yaml"), {"0101/社会保险补贴到位率": "92%"})
>>> markdown(report).splitlines()[0]
'# 曹妃甸区人力资源和社会保障局（323） 2023年度绩效评价'
"""

from __future__ import annotations

from typing import Any

from ..grading.report import Report
from .common import (
    Table,
    counts_line,
    means_line,
    one_line,
    plain_table,
    problem_lines,
    rows_table,
    title,
    total_line,
    totals_tables,
)

_MD_SPECIAL = "\\|<*_`[]"  # a backslash makes each of these literal (CommonMark)


def md_cell(value: Any) -> str:
    """One line of Markdown text: ``|`` cannot end a cell, ``<`` cannot open
    HTML, ``*``/``_``/`` ` `` cannot start emphasis or code, ``[``/``]``
    cannot make a link or an image (``[x](javascript:…)``, ``![](http://…)``)."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in one_line(value))


def md_table(table: Table) -> str:
    if not table.rows:
        return "（无）"
    escaped = Table(table.title, tuple(md_cell(h) for h in table.headers),
                     [[md_cell(c) for c in row] for row in table.rows], table.numeric)
    return plain_table(escaped, "pipe")


def markdown(report: Report) -> str:
    """The text report as GitHub-flavoured Markdown, with headings: the
    department total, the counts and the totals tables, the problems, then
    the indicators.  Nothing is shortened: a Markdown viewer wraps."""
    means = means_line(report)
    parts = [f"# {md_cell(title(report))}", "", f"**{md_cell(total_line(report))}**", "",
             *([md_cell(means), ""] if means else []), md_cell(counts_line(report)), ""]
    for table in totals_tables(report):
        parts += [f"## {table.title}", "", md_table(table), ""]
    problems = problem_lines(report)
    parts += ["## 问题", "", *([f"- {md_cell(line)}" for line in problems] or ["无"]), ""]
    rows = rows_table(report)
    parts += [f"## {rows.title}", "", md_table(rows)]
    return "\n".join(parts) + "\n"


