"""The plain-text report for a terminal: the title, the totals, the
problems, then the detail of every indicator.

By default every line fits :data:`WIDTH` display columns, counted with
wcwidth (a CJK character is two): long names, targets and actuals are
shortened with ``…``, ladders are written compactly, the indicators are
grouped under their owner and numbered, and long lines of text wrap.  A
shortened cell keeps its head, and the row's number (its place among the
report's rows, as in JSON and CSV) names it.  ``wide=True`` (the format
``table-wide``, ``perfeval grade --wide``) shortens nothing.

>>> import perfeval
>>> report = perfeval.grade(perfeval.load("examples/small.yaml"), {"0101/社会保险补贴到位率": "92%"})
>>> text(report).splitlines()[0]
'曹妃甸区人力资源和社会保障局（323） 2023年度绩效评价'
>>> shorten("城乡居民养老保险困难人员政府代缴资金", 20), width("城乡居民养老保险…")
('城乡居民养老保险困…', 17)
"""

from __future__ import annotations

from wcwidth import wcswidth, wcwidth

from .._safe_text import visible
from ..grading.report import Report
from ..rules import FIRST_LEVEL_GROUPS
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

WIDTH = 120  # display columns of the default table format
ELLIPSIS = "…"
GAP = 2  # the columns between two columns of a table (tabulate's simple format)
INDENT = "  "  # a problem
HANGING = "    "  # the rest of a problem that wraps
_LADDER = " / "  # between the bands of a ladder's definition (grading.grade); compactly "/"


def text(report: Report, *, wide: bool = False) -> str:
    """The title; the department total, the counts and the activity, project
    and goal totals; the problems with their messages; then every indicator.
    Every line fits :data:`WIDTH` columns unless ``wide``."""

    def say(line: str, hanging: str = "") -> list[str]:
        return [line] if wide else wrap(line, WIDTH, hanging)

    means = means_line(report)
    parts = [*say(title(report)), "", *say(total_line(report)), *(say(means) if means else []),
             *say(counts_line(report)), ""]
    activities, projects, goals = totals_tables(report)
    if wide:
        parts += [line for table in (activities, projects, goals) for line in (table.title, plain_table(table), "")]
    else:
        parts += [*_fitted(activities, name=1), *_fitted(_compact_projects(projects), name=0),
                  *_fitted(goals, name=0)]
    problems = problem_lines(report)
    parts += ["问题：", *(w for line in problems for w in say(INDENT + line, HANGING))] if problems else ["问题：无"]
    parts += ["", *(_wide_rows(report) if wide else _rows(report))]
    return visible("\n".join(parts)) + "\n"  # the cells are escaped already; this catches any other text


def text_wide(report: Report) -> str:
    """The text report with nothing shortened: every name, ladder and
    message in full, however wide the lines."""
    return text(report, wide=True)


# --- display width ------------------------------------------------------------------

def width(value: str) -> int:
    """Display columns: a CJK character is two, a combining mark none."""
    columns = wcswidth(value)
    return columns if columns >= 0 else sum(max(wcwidth(c), 0) for c in value)  # a control character: none


def shorten(value: str, columns: int) -> str:
    """The head of ``value`` and ``…`` in at most ``columns`` columns; the
    value itself when it fits."""
    if width(value) <= columns:
        return value
    head, used = [], width(ELLIPSIS)
    for char in value:
        used += max(wcwidth(char), 0)
        if used > columns:
            break
        head.append(char)
    return "".join(head).rstrip() + ELLIPSIS


def wrap(line: str, columns: int, hanging: str) -> list[str]:
    """``line`` in lines of at most ``columns`` columns, broken at spaces (a
    word wider than a line breaks anywhere); the lines after the first start
    with ``hanging`` after the line's own indent.  A line that fits is kept
    as it is."""
    if width(line) <= columns:
        return [line]
    body = line.lstrip(" ")
    indent = line[: len(line) - len(body)]
    lines: list[str] = []
    current = indent
    for word in body.split(" "):
        if current.strip() and width(current) + 1 + width(word) > columns:
            lines.append(current)
            current = indent + hanging
        while width(current) + width(word) > columns:  # a word wider than a line
            room = columns - width(current)
            head = _head(word, room) or word[0]
            lines.append(current + head)
            current, word = indent + hanging, word[len(head):]
        current = f"{current} {word}" if current.strip() else current + word
    lines.append(current)
    return lines


def _head(value: str, columns: int) -> str:
    """The longest head of ``value`` in ``columns`` columns."""
    used = 0
    for i, char in enumerate(value):
        used += max(wcwidth(char), 0)
        if used > columns:
            return value[:i]
    return value


# --- tables that fit ----------------------------------------------------------------

def fit(table: Table, shrink: dict[int, int], columns: int = WIDTH) -> Table:
    """The table with the cells of the columns in ``shrink`` (column → its
    narrowest width) shortened until its lines fit ``columns``: the widest of
    them gives up a column at a time.  A table that fits is unchanged; one
    that cannot fit stops at the narrowest widths."""
    rows = [[one_line(c) for c in row] for row in table.rows]
    widths = {i: max(width(r[i]) for r in rows) for i in shrink} if rows else {}
    while True:
        fitted = Table(table.title, table.headers,
                       [[shorten(c, widths[i]) if i in widths else c for i, c in enumerate(r)] for r in rows],
                       table.numeric)
        over = max(map(width, plain_table(fitted).splitlines())) - columns  # as tabulate lays it out
        narrower = [i for i in widths if widths[i] > shrink[i]]
        if over <= 0 or not narrower:
            return fitted
        for _ in range(over):  # the widest gives up a column, then the widest again
            widest = max(narrower, key=lambda i: (widths[i], -i))
            widths[widest] -= 1
            narrower = [i for i in widths if widths[i] > shrink[i]]
            if not narrower:
                break


def _fitted(table: Table, name: int) -> list[str]:
    """A totals table that fits: its name column shortens."""
    return [table.title, plain_table(fit(table, {name: 8})), ""]


def _compact_projects(table: Table) -> Table:
    """The project totals with each group's points/weight written without
    spaces, said once in the title instead of in every heading."""
    groups = range(1, 1 + len(FIRST_LEVEL_GROUPS))  # the columns after the name (common.projects_table)
    headers = (table.headers[0], *FIRST_LEVEL_GROUPS, *table.headers[groups.stop:])
    rows = [[c.replace(" / ", "/") if i in groups else c for i, c in enumerate(row)] for row in table.rows]
    return Table(f"{table.title}（{'、'.join(FIRST_LEVEL_GROUPS)}：得分/分值）", headers, rows, table.numeric)


# --- the indicators -----------------------------------------------------------------

_OWNER, _NAME, _DEFINITION, _ACTUAL, _FLAGS = 0, 1, 2, 3, 8  # columns of common.rows_table


def _wide_rows(report: Report) -> list[str]:
    table = rows_table(report)
    return [table.title, plain_table(table)]


def _rows(report: Report) -> list[str]:
    """Every indicator, one line each, numbered and under its owner; a row's
    flags on a line of their own beneath it."""
    full = rows_table(report)
    keep = [i for i in range(len(full.headers)) if i not in (_OWNER, _FLAGS)]
    at = {column: 1 + n for n, column in enumerate(keep)}  # after the row's number
    cells = [[str(n), *(row[i] for i in keep)] for n, row in enumerate(full.rows, 1)]
    for cell in cells:
        cell[at[_DEFINITION]] = cell[at[_DEFINITION]].replace(_LADDER, "/")  # a ladder compactly
    numeric = frozenset({0} | {at[i] for i in full.numeric})
    table = fit(Table(full.title, ("#", *(full.headers[i] for i in keep)), cells, numeric),
                {at[_NAME]: 12, at[_DEFINITION]: 10, at[_ACTUAL]: 8})
    lines = plain_table(table).splitlines()
    if not full.rows:
        return [full.title, *lines]
    shown, owner = [full.title, *lines[:2]], None
    under = " " * (len(lines[1].split()[0]) + GAP)  # the flags start under the name: past the rule of #
    for row, line in zip(full.rows, lines[2:], strict=True):
        if row[_OWNER] != owner:
            shown += [*([""] if owner is not None else []), *wrap(row[_OWNER], WIDTH, HANGING)]
            owner = row[_OWNER]
        shown.append(line)
        if row[_FLAGS]:
            shown += wrap(f"{under}标记：{row[_FLAGS]}", WIDTH, HANGING)
    return shown
