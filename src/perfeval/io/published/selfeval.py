"""Reading a published 项目支出绩效自评表 and auditing it (``perfeval audit``).

The form's layouts vary as the target tables' do: 分值 before or after the
年度指标值, the target whole or split into 指标性质/指标值/度量单位 (with
the header over two rows), 全年实际值 for 实际完成值, 未完成原因 for
偏差原因分析.  Columns are recognised by their header text.  A file may
hold several forms, each starting at its 项目名称 row.

>>> report = audit("tests/fixtures/selfeval/03-yunnan-yongde-yingyang-2022.txt")
>>> p = report.projects[0]
>>> p.project.total_score, p.total
(Decimal('96'), Decimal('99.80'))
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ...book.model import joined_target
from ...codes import Code
from ...errors import BookError, Diagnostic, Location, PerfevalError
from ...grading.audit import (
    DEFAULT_TOLERANCE,
    AuditReport,
    PublishedFunding,
    PublishedProject,
    PublishedRow,
    audit_projects,
    read_published_number,
)
from ...render.common import NOTE_REQUIRED
from ...rules import GRADES
from ..files import PathLike
from .document import Cell, Document, Grid
from .layout import header_text
from .sources import read_source

__all__ = ["audit", "read_self_assessments"]

# Columns of the indicator table, by header text (no spaces, no notes in brackets).
_ROW_HEADERS = {
    "一级指标": "group", "二级指标": "subgroup", "三级指标": "name",
    "年度指标值": "value", "指标值": "value", "年度目标值": "value",
    "指标性质": "op", "度量单位": "unit", "计量单位": "unit",
    "实际完成值": "actual", "全年实际值": "actual", "实际值": "actual", "完成值": "actual", "全年完成值": "actual",
    "分值": "weight", "权重": "weight",
    "得分": "score",
    "偏差原因分析及改进措施": "reason", "偏差原因分析": "reason", "偏差原因": "reason",
    "未完成原因及拟采取的改进措施": "reason", "未完成原因分析": "reason", "未完成原因": "reason",
}
# Columns of the funding block.
_FUNDING_HEADERS = {"年初预算数": "initial", "全年预算数": "budget", "全年执行数": "executed", "分值": "weight",
                    "执行率": "rate", "得分": "score"}
_BLANK = frozenset({"", "—", "-", "/", "／", "——"})
_NOTE = re.compile(r"[（(][^）)]*[）)]")


# A footnote mark after a value (100%※, 2次*): it points at a note, it is not the value.
_MARK = re.compile(r"\s*[※*＊①②③④⑤]+$")
# The budget year, where a form states it: （2023年度）, 年度 | 2023.
_FORM_YEAR = re.compile(r"(?P<year>20\d\d)\s*年度?")


def _year(document: Document) -> int | None:
    for block in document.blocks:
        texts = [block.text] if not isinstance(block, Grid) else [c.text for c in block.cells()]
        for text in texts:
            if m := _FORM_YEAR.search(text):
                return int(m["year"])
    return None


def _reason(text: str) -> str:
    """The 偏差原因 as given: the placeholder a form prints where one is due
    (perfeval's own （偏差原因必填）) is no reason."""
    return "" if text.strip() in (NOTE_REQUIRED, NOTE_REQUIRED.strip("（）")) else text


def _role(text: str, table: dict[str, str]) -> str | None:
    return table.get(header_text(text)) if text else None


def read_self_assessments(document: Document) -> tuple[list[PublishedProject], list[Diagnostic],
                                                       tuple[int, int, tuple[tuple[int, int], ...]]]:
    """The published forms in a document, the problems (the cells left over
    among them), and the cells with text: how many, how many were read, and
    how many each table left over."""
    reader = _Reader(_year(document))
    for grid in document.grids():
        reader.grid(grid)
    reader.finish()
    problems = reader.problems
    if not reader.projects:
        problems.append(Diagnostic(Code.NO_SELF_ASSESSMENT, "error", "no 项目支出绩效自评表 was recognised (no "
                                   "header row with 三级指标, 年度指标值, 实际完成值 and 得分)",
                                   location=Location(document.source)))
    cells = [c for g in document.grids() for c in g.cells() if c.text]
    return reader.projects, problems, (len(cells), sum(id(c) in reader.used for c in cells), tuple(reader.left))


def audit(path: PathLike, *, tolerance: Decimal | str = DEFAULT_TOLERANCE) -> AuditReport:
    """Audit the published self-assessment(s) in a file (text, ``.docx``,
    ``.xlsx`` or ``.pdf``): each row re-scored, and flagged where the
    published scores disagree by more than ``tolerance`` points.  Raises
    :class:`~perfeval.errors.BookError` for a file that holds no form."""
    try:
        allowed = Decimal(str(tolerance))
    except InvalidOperation:
        allowed = Decimal(-1)
    if not allowed.is_finite() or allowed < 0:
        raise PerfevalError(Code.BAD_OPTION, f"tolerance must be a number of points ≥ 0, not {tolerance!r}")
    document = read_source(path)
    projects, problems, (cells, read, left) = read_self_assessments(document)
    if not projects:
        raise BookError(problems, document.source)
    return audit_projects(document.source, projects, tolerance=allowed, diagnostics=tuple(problems),
                          cells=cells, cells_read=read, cells_left=left)


class _Reader:
    def __init__(self, year: int | None) -> None:
        self.year = year
        self.department: str | None = None
        self.projects: list[PublishedProject] = []
        self.problems: list[Diagnostic] = []
        self.current: dict[str, Any] | None = None
        self.roles: dict[int, str] | None = None
        self.funding_roles: dict[int, str] | None = None
        self.previous: tuple[Cell, ...] = ()
        self.carried: dict[str, str] = {}
        self.used: set[int] = set()
        self.left: list[tuple[int, int]] = []  # (table, cells left over), each also a diagnostic

    def take(self, cell: Cell) -> str:
        self.used.add(id(cell))
        return cell.text

    def start(self, name: Cell | None, origin: Location) -> None:
        self.finish()
        self.current = {"name": self.take(name) if name is not None else "", "rows": [], "origin": origin}
        self.roles = self.funding_roles = None
        self.carried = {}

    def start_department(self, origin: Location) -> None:
        """A form with no 项目名称 row: the department's own (部门整体支出绩效自评表)."""
        self.start(None, origin)
        assert self.current is not None
        self.current["name"] = f"{self.department or ''}（部门整体）"

    def finish(self) -> None:
        c = self.current
        if c is not None and c["rows"]:
            self.projects.append(PublishedProject(
                c["name"], c.get("department"), tuple(c["rows"]), c.get("funding"), c.get("total_weight"),
                c.get("total_score"), c.get("grade"), c["origin"], self.year))
        self.current = None

    def grid(self, grid: Grid) -> None:
        # A table with a header of its own starts afresh; one without continues
        # the form above it (a PDF's next page) only if it names no other table.
        if any(self.header_roles(row) for row in grid.rows):
            self.roles = None
        for row in grid.rows:
            self.row(row)
            self.previous = row
        unused = [c for c in grid.cells() if c.text and id(c) not in self.used]
        if unused:
            self.left.append((grid.number, len(unused)))
            shown = " | ".join(c.text[:16] for c in unused[:6])
            self.problems.append(Diagnostic(Code.IMPORT_LEFTOVER, "warning",
                                            f"{len(unused)} cells of table {grid.number} not read: {shown}"
                                            + (" …" if len(unused) > 6 else ""), location=unused[0].origin))

    def row(self, row: tuple[Cell, ...]) -> None:
        texts = [header_text(c.text) for c in row]
        if "项目名称" in texts:
            i = texts.index("项目名称")
            self.take(row[i])
            value = next((c for c in row[i + 1:] if c.text), None)
            self.start(value, row[i].origin)
            return
        for label in ("部门", "部门名称", "单位名称"):
            if label in texts:
                i = texts.index(label)
                value = next((c for c in row[i + 1:] if c.text), None)
                if value is not None:
                    self.take(row[i])
                    self.department = self.take(value)
                return
        header = self.header_roles(row)
        if header is not None:
            if self.current is None or self.current["rows"]:
                self.start_department(row[0].origin)
            self.roles = header
            for i in header:
                if i < len(row):
                    self.take(row[i])
            for c in self.previous:  # the upper header row (绩效指标 | 年度指标值 | …) is read with it
                if header_text(c.text) in _ROW_HEADERS or header_text(c.text) == "绩效指标":
                    self.take(c)
            self.carried = {}
            return
        roles = {i: r for i, c in enumerate(row) if (r := _role(c.text, _FUNDING_HEADERS))}
        if {"budget", "executed"} <= set(roles.values()):
            if self.current is None or self.current["rows"]:
                self.start_department(row[0].origin)
            self.funding_roles = roles
            for i in roles:
                self.take(row[i])
            return
        if self.current is None:
            return
        if "主管部门" in texts:
            i = texts.index("主管部门")
            value = next((c for c in row[i + 1:] if c.text), None)
            if value is not None:
                self.take(row[i])
                self.current["department"] = self.take(value)
        if "年度资金总额" in texts and self.funding_roles is not None:
            self.funding(row, texts.index("年度资金总额"))
            return
        if texts and texts[0] in ("总分", "合计"):
            self.total(row)
            return
        if sum(_role(c.text, _ROW_HEADERS) is not None for c in row) >= 3:
            self.roles = None  # the header of another kind of table (an activity table): not a form's rows
            return
        if self.roles is not None:
            self.indicator(row)

    def header_roles(self, row: tuple[Cell, ...]) -> dict[int, str] | None:
        """The columns of a form's indicator header, or None."""
        roles = {i: r for i, c in enumerate(row) if (r := _role(c.text, _ROW_HEADERS))}
        found = set(roles.values())
        if "name" not in found or not ("value" in found or "op" in found):
            return None
        if not {"actual", "score"} <= found:
            roles = self.header_below(row, roles)
        return roles if {"actual", "score"} <= set(roles.values()) else None

    def header_below(self, row: tuple[Cell, ...], roles: dict[int, str]) -> dict[int, str]:
        """A header over two rows: the lower names 一级…度量单位 and leaves its
        last places empty under the upper row's 实际完成值, 分值, 得分 ….  The
        upper row's last labels fill them, right-aligned."""
        empty = 0
        while empty < len(row) and not row[len(row) - 1 - empty].text:
            empty += 1
        upper = [c for c in self.previous if c.text]
        labels = [_role(c.text, _ROW_HEADERS) for c in upper][-empty:] if empty else []
        filled = dict(roles)
        for offset, role in enumerate(labels):
            if role is not None:
                filled[len(row) - len(labels) + offset] = role
        return filled

    def cell(self, row: tuple[Cell, ...], role: str) -> Cell | None:
        assert self.roles is not None
        for i, r in self.roles.items():
            if r == role and i < len(row):
                return row[i]
        return None

    def indicator(self, row: tuple[Cell, ...]) -> None:
        assert self.current is not None
        get = {role: self.cell(row, role) for role in set(self.roles.values())}  # type: ignore[union-attr]
        for role in ("group", "subgroup"):
            c = get.get(role)
            if c is not None and c.text:
                self.carried[role] = _NOTE.sub("", self.take(c)).strip()
        name = get.get("name")
        if name is None or not name.text or name.text in ("……", "...", "…"):
            if name is not None and name.text:
                self.take(name)
            return
        def text(role: str) -> str:
            c = get.get(role)
            return self.take(c) if c is not None and c.text else ""
        parts = {"op": text("op"), "value": text("value"), "unit": text("unit")}
        values = (parts["value"], text("actual"), text("weight"), text("score"))
        if all(read_published_number(v) is None and v.strip() in _BLANK for v in values):
            return  # a template row left unfilled (指标2), or one marked not applicable (/)
        target = joined_target(parts) if parts["op"] or parts["unit"] else parts["value"]
        weight_text, score_text = text("weight"), text("score")
        self.current["rows"].append(PublishedRow(
            self.carried.get("group"), self.carried.get("subgroup"), self.take(name), target,
            _MARK.sub("", text("actual")),
            read_published_number(weight_text), read_published_number(score_text), _reason(text("reason")),
            name.origin,
            weight_text, score_text))

    def funding(self, row: tuple[Cell, ...], label: int) -> None:
        assert self.current is not None and self.funding_roles is not None
        self.take(row[label])
        values: dict[str, Decimal | None] = {}
        for i, role in self.funding_roles.items():
            if i < len(row):
                values[role] = read_published_number(self.take(row[i])) if row[i].text else None
        self.current["funding"] = PublishedFunding(values.get("initial"), values.get("budget"),
                                                   values.get("executed"), values.get("weight"), values.get("rate"),
                                                   values.get("score"), row[label].origin)

    def total(self, row: tuple[Cell, ...]) -> None:
        assert self.current is not None
        self.take(row[0])
        numbers = []
        for c in row[1:]:
            if c.text in GRADES:
                self.current["grade"] = self.take(c)
            elif (n := read_published_number(c.text)) is not None:
                self.take(c)
                numbers.append(n)
        if len(numbers) >= 2:
            self.current["total_weight"], self.current["total_score"] = numbers[0], numbers[1]
        elif len(numbers) == 1:
            self.current["total_weight"] = numbers[0]
