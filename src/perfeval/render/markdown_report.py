"""The report as GitHub-flavoured Markdown, with user text escaped.

>>> import perfeval
>>> report = perfeval.grade(perfeval.load("examples/small.yaml"), {"0101/社会保险补贴到位率": "92%"})
>>> markdown(report).splitlines()[0]
'# 曹妃甸区人力资源和社会保障局（323） 2023年度绩效评价'
"""

from __future__ import annotations

from typing import Any

from ..grading.report import Report
from .common import Table, counts_line, one_line, plain_table, problem_lines, tables, title, total_line

_MD_SPECIAL = "\\|<*_`"  # a backslash makes each of these literal (CommonMark)


def _md_cell(value: Any) -> str:
    """One line of Markdown text: ``|`` cannot end a cell, ``<`` cannot open
    HTML, ``*``/``_``/`` ` `` cannot start emphasis or code."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in one_line(value))


def _md_table(table: Table) -> str:
    if not table.rows:
        return "（无）"
    escaped = Table(table.title, tuple(_md_cell(h) for h in table.headers),
                     [[_md_cell(c) for c in row] for row in table.rows], table.numeric)
    return plain_table(escaped, "pipe")


def markdown(report: Report) -> str:
    """The text report as GitHub-flavoured Markdown, with headings."""
    parts = [f"# {_md_cell(title(report))}", "", f"**{_md_cell(total_line(report))}**", "",
             _md_cell(counts_line(report)), ""]
    for table in tables(report):
        parts += [f"## {table.title}", "", _md_table(table), ""]
    problems = problem_lines(report)
    parts += ["## 问题", ""] + ([f"- {_md_cell(line)}" for line in problems] or ["无"])
    return "\n".join(parts) + "\n"


