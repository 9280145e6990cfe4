"""Structured access to the budget-performance tables of the seed document.

The seed (``shared/seed/000_2b2695376b0debb2.txt``) is a Word document
extracted to text with one table cell per line: a cell line starts with a TAB,
the rows of a table are separated by empty lines, and empty cells are a TAB
alone or a TAB followed by the ideographic space U+3000.  Everything else is
ordinary paragraph text.

This module parses section ``五、预算绩效信息`` (up to the next top-level
heading, ``六、政府采购预算情况``) into

* :func:`department_goals` -- the numbered department-level goals and their
  ``绩效指标`` sentence;
* :func:`activity_indicators` -- the activity table (活动编码 ... 优/良/中/差);
* :func:`projects` -- the numbered project tables (``N、...绩效目标表``).

It is pure standard library and deliberately does not import perfeval: it is
the independent reading of the published document that the library is tested
against.  Values are kept exactly as published (only surrounding whitespace,
including U+3000, is removed); nothing is corrected.  Any departure from the
expected cell structure raises :class:`SeedFormatError` naming the seed line.
"""

from __future__ import annotations

import dataclasses
import functools
import pathlib
import re

__all__ = [
    "SEED_PATH",
    "SeedFormatError",
    "ActivityIndicator",
    "ProjectIndicator",
    "Project",
    "activity_indicators",
    "projects",
    "department_goals",
    "seed_lines",
]

SEED_PATH = (
    pathlib.Path(__file__).resolve().parents[2]
    / "shared"
    / "seed"
    / "000_2b2695376b0debb2.txt"
)

SECTION_HEADING = "五、预算绩效信息"
GOALS_HEADING = "（二）分项绩效目标"
ACTIVITY_HEADER = (
    "活动编码", "活动名称", "活动描述", "预算年度", "绩效目标",
    "绩效指标", "指标描述", "优", "良", "中", "差",
)
PROJECT_HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")

_BOOKMARK = re.compile(r"^\[bookmark:[^\]]*\]")
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_GOAL_TITLE = re.compile(r"^(\d+)[.．]\s*(.+?)。?$")
_GOAL_INDICATOR = re.compile(r"^绩效指标\s*[：:]\s*(.*)$")
_PROJECT_TITLE = re.compile(r"^(\d+)、\s*(.+?)\s*绩效目标表$")
_ACTIVITY_CODE = re.compile(r"^\d{4}$")


class SeedFormatError(ValueError):
    """The seed text does not have the structure this module expects."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"seed line {line}: {message}" if line else message)


@dataclasses.dataclass(frozen=True)
class ActivityIndicator:
    code: str  # 活动编码, carried down from the activity's first row
    activity: str  # 活动名称
    name: str  # 绩效指标
    description: str  # 指标描述
    ladder: tuple[str, ...]  # 优, 良, 中, 差 as published; empty cell -> ""
    line: int  # 1-based seed line of the 绩效指标 cell


@dataclasses.dataclass(frozen=True)
class ProjectIndicator:
    project: str  # project name from the title line
    group: str  # 一级指标 (carried down)
    subgroup: str  # 二级指标 (carried down)
    name: str  # 三级指标
    description: str  # 绩效指标描述
    target: str  # 指标值, as published
    basis: str  # 指标值确定依据
    line: int  # 1-based seed line of the 指标值 cell


@dataclasses.dataclass(frozen=True)
class Project:
    number: int
    name: str
    goal: str
    indicators: tuple[ProjectIndicator, ...]


# --------------------------------------------------------------------------
# tokenising


@dataclasses.dataclass(frozen=True)
class _Cell:
    line: int
    text: str  # stripped (whitespace incl. U+3000)


@dataclasses.dataclass(frozen=True)
class _Text:
    line: int
    text: str  # stripped, bookmark removed


@dataclasses.dataclass(frozen=True)
class _Row:
    cells: tuple[_Cell, ...]

    @property
    def line(self) -> int:
        return self.cells[0].line

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.cells)


def _clean(text: str) -> str:
    # str.strip() removes U+3000 and NBSP as well as ASCII whitespace.
    return text.strip()


def _split_lines(text: str) -> list[str]:
    # Not str.splitlines(): it would also split on U+2028, \x1c, \x0b ... and
    # shift the line numbers relative to what editors and grep -n show.
    return [line.rstrip("\r") for line in text.split("\n")]


def _section(lines: list[str]) -> tuple[int, int]:
    """0-based [start, end) of section 五, the heading line excluded."""
    starts = [
        i for i, raw in enumerate(lines)
        if not raw.startswith("\t") and _BOOKMARK.sub("", raw).strip() == SECTION_HEADING
    ]
    if len(starts) != 1:
        raise SeedFormatError(
            f"expected exactly one heading {SECTION_HEADING!r}, found {len(starts)}"
            + (f" at lines {[i + 1 for i in starts]}" if starts else "")
        )
    start = starts[0] + 1
    for i in range(start, len(lines)):
        raw = lines[i]
        if not raw.startswith("\t") and _TOP_HEADING.match(_BOOKMARK.sub("", raw).strip()):
            return start, i
    raise SeedFormatError(f"no top-level heading after {SECTION_HEADING!r}", starts[0] + 1)


def _tokenise(lines: list[str], start: int, end: int) -> list[_Text | _Row]:
    """Paragraph lines and table rows (maximal runs of consecutive cell lines)."""
    items: list[_Text | _Row] = []
    run: list[_Cell] = []
    for i in range(start, end):
        raw = lines[i]
        if raw.startswith("\t"):
            run.append(_Cell(i + 1, _clean(raw[1:])))
            continue
        if run:
            items.append(_Row(tuple(run)))
            run = []
        text = _clean(_BOOKMARK.sub("", raw))
        if text:
            items.append(_Text(i + 1, text))
    if run:
        items.append(_Row(tuple(run)))
    return items


# --------------------------------------------------------------------------
# parsing


def _parse_goals(items: list[_Text | _Row], header_index: int) -> tuple[tuple[str, str], ...]:
    heading = [
        k for k in range(header_index)
        if isinstance(items[k], _Text) and items[k].text == GOALS_HEADING
    ]
    if len(heading) != 1:
        raise SeedFormatError(
            f"expected one {GOALS_HEADING!r} heading before the activity table, found {len(heading)}"
        )
    goals: list[tuple[str, str]] = []
    title: str | None = None
    title_line = 0
    indicator: str | None = None

    def close() -> None:
        if title is None:
            return
        if indicator is None:
            raise SeedFormatError(f"goal {title!r} has no 绩效指标 sentence", title_line)
        goals.append((title, indicator))

    for item in items[heading[0] + 1:header_index]:
        if isinstance(item, _Row):
            raise SeedFormatError("unexpected table row among the department goals", item.line)
        m = _GOAL_TITLE.match(item.text)
        if m:
            close()
            number = int(m.group(1))
            if number != len(goals) + 1:
                raise SeedFormatError(f"goal number {number}, expected {len(goals) + 1}", item.line)
            title, title_line, indicator = m.group(2).strip(), item.line, None
            continue
        m = _GOAL_INDICATOR.match(item.text)
        if m:
            if title is None:
                raise SeedFormatError("绩效指标 sentence before any numbered goal", item.line)
            if indicator is not None:
                raise SeedFormatError(f"goal {title!r} has two 绩效指标 sentences", item.line)
            indicator = m.group(1).strip()
            if not indicator:
                raise SeedFormatError("empty 绩效指标 sentence", item.line)
            continue
        if title is None:
            raise SeedFormatError(f"unexpected text before the first goal: {item.text[:30]!r}", item.line)
        # other paragraphs of a goal (its 绩效目标 sentence) are not returned
    close()
    if not goals:
        raise SeedFormatError("no department goals found")
    return tuple(goals)


def _parse_activities(items: list[_Text | _Row], header_index: int) -> tuple[tuple[ActivityIndicator, ...], int]:
    """Rows after the header up to the next paragraph; returns (indicators, next index)."""
    width = len(ACTIVITY_HEADER)
    out: list[ActivityIndicator] = []
    seen: set[str] = set()
    code = activity = None
    k = header_index + 1
    while k < len(items) and isinstance(items[k], _Row):
        row = items[k]
        k += 1
        if len(row.cells) != width:
            raise SeedFormatError(f"activity row has {len(row.cells)} cells, expected {width}", row.line)
        t = row.texts
        if not any(t):
            continue  # the blank row under the header
        r_code, r_name, _r_desc, _year, _r_goal, name, description = t[:7]
        if r_code:
            if not _ACTIVITY_CODE.match(r_code):
                raise SeedFormatError(f"bad activity code {r_code!r}", row.cells[0].line)
            if r_code in seen:
                raise SeedFormatError(f"activity code {r_code!r} appears twice", row.cells[0].line)
            if not r_name:
                raise SeedFormatError(f"activity {r_code} has no name", row.cells[1].line)
            seen.add(r_code)
            code, activity = r_code, r_name
        else:
            if code is None:
                raise SeedFormatError("continuation row before the first activity", row.line)
            for cell, what in ((1, "活动名称"), (2, "活动描述"), (4, "绩效目标")):
                if t[cell]:
                    raise SeedFormatError(
                        f"row without 活动编码 has a {what} cell {t[cell][:30]!r}", row.cells[cell].line
                    )
        if not name:
            raise SeedFormatError("activity row without 绩效指标", row.cells[5].line)
        out.append(ActivityIndicator(
            code=code, activity=activity, name=name, description=description,
            ladder=tuple(t[7:11]), line=row.cells[5].line,
        ))
    if not out:
        raise SeedFormatError("activity table has no indicator rows", items[header_index].line)
    return tuple(out), k


def _parse_projects(items: list[_Text | _Row], begin: int) -> tuple[Project, ...]:
    out: list[Project] = []
    k = begin
    while k < len(items):
        item = items[k]
        k += 1
        if isinstance(item, _Row):
            raise SeedFormatError(
                f"table row outside any project table ({item.texts[0][:20]!r}...)", item.line
            )
        m = _PROJECT_TITLE.match(item.text)
        if not m:
            continue  # prose between tables (e.g. 第三部分 heading)
        number, name = int(m.group(1)), m.group(2)
        if number != len(out) + 1:
            raise SeedFormatError(f"project number {number}, expected {len(out) + 1}", item.line)
        # 绩效目标 row
        if k >= len(items) or not isinstance(items[k], _Row):
            raise SeedFormatError(f"project {number}: no 绩效目标 row after the title", item.line)
        goal_row = items[k]
        k += 1
        if len(goal_row.cells) != 2 or goal_row.texts[0] != "绩效目标" or not goal_row.texts[1]:
            raise SeedFormatError(
                f"project {number}: expected a 2-cell 绩效目标 row, got {goal_row.texts!r}", goal_row.line
            )
        # header row
        if k >= len(items) or not isinstance(items[k], _Row) or items[k].texts != PROJECT_HEADER:
            where = items[k].line if k < len(items) else goal_row.line
            raise SeedFormatError(f"project {number}: expected header {PROJECT_HEADER!r}", where)
        k += 1
        indicators: list[ProjectIndicator] = []
        group = subgroup = ""
        while k < len(items) and isinstance(items[k], _Row):
            row = items[k]
            k += 1
            t = row.texts
            if len(t) == 6:
                r_group, r_sub, rest, cells = t[0], t[1], t[2:], row.cells[2:]
            elif len(t) == 5:
                r_group, r_sub, rest, cells = "", t[0], t[1:], row.cells[1:]
            elif len(t) == 4:
                r_group, r_sub, rest, cells = "", "", t, row.cells
            else:
                raise SeedFormatError(f"project {number}: row has {len(t)} cells, expected 4-6", row.line)
            if r_group:
                if not r_sub:
                    raise SeedFormatError(f"project {number}: new 一级指标 {r_group!r} without 二级指标", row.line)
                group = r_group
            if r_sub:
                subgroup = r_sub
            if not group or not subgroup:
                raise SeedFormatError(f"project {number}: first row lacks 一级/二级指标", row.line)
            for label in (group, subgroup):
                if not label.endswith("指标"):
                    raise SeedFormatError(
                        f"project {number}: {label!r} does not look like an indicator level "
                        f"(cells shifted?)", row.line
                    )
            ind_name, description, target, basis = rest
            if not ind_name or not target:
                raise SeedFormatError(f"project {number}: row without 三级指标 or 指标值", row.line)
            indicators.append(ProjectIndicator(
                project=name, group=group, subgroup=subgroup, name=ind_name,
                description=description, target=target, basis=basis, line=cells[2].line,
            ))
        if not indicators:
            raise SeedFormatError(f"project {number}: table has no rows", item.line)
        out.append(Project(number=number, name=name, goal=goal_row.texts[1], indicators=tuple(indicators)))
    if not out:
        raise SeedFormatError("no project tables (N、...绩效目标表) found")
    return tuple(out)


def _parse_text(text: str) -> tuple[
    tuple[tuple[str, str], ...], tuple[ActivityIndicator, ...], tuple[Project, ...]
]:
    lines = _split_lines(text)
    start, end = _section(lines)
    items = _tokenise(lines, start, end)
    headers = [k for k, it in enumerate(items) if isinstance(it, _Row) and it.texts == ACTIVITY_HEADER]
    if len(headers) != 1:
        raise SeedFormatError(f"expected one activity table header {ACTIVITY_HEADER!r}, found {len(headers)}")
    goals = _parse_goals(items, headers[0])
    activities, after = _parse_activities(items, headers[0])
    return goals, activities, _parse_projects(items, after)


@functools.cache
def _parsed() -> tuple[tuple[tuple[str, str], ...], tuple[ActivityIndicator, ...], tuple[Project, ...]]:
    return _parse_text(SEED_PATH.read_text(encoding="utf-8"))


@functools.cache
def seed_lines() -> tuple[str, ...]:
    """The seed's lines; ``seed_lines()[n - 1]`` is line ``n``."""
    return tuple(_split_lines(SEED_PATH.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------
# public API


@functools.cache
def department_goals() -> tuple[tuple[str, str], ...]:
    """``(title, 绩效指标 sentence)`` per numbered goal, e.g. ``("就业工作目标", "全年...")``.

    The title loses its ``1.`` number and final ``。``; the sentence loses its
    ``绩效指标：`` label (the document uses both ``：`` and ``:``).
    """
    return _parsed()[0]


@functools.cache
def activity_indicators() -> tuple[ActivityIndicator, ...]:
    """Every indicator row of the activity table, in document order."""
    return _parsed()[1]


@functools.cache
def projects() -> tuple[Project, ...]:
    """The numbered project tables, in document order."""
    return _parsed()[2]


def require_seed() -> None:
    """Skip the calling test module when the seed is not beside the project.

    A user's plain clone has no ``../shared``; CI always has it, so there a
    missing seed fails instead of skipping.
    """
    if SEED_PATH.is_file():
        return
    import os

    import pytest

    message = f"the seed document is not at {SEED_PATH}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)
