"""Reading the 绩效目标 tables of a published document into a book.

The importer walks the document once, in order.  A recognised header row
(:mod:`.layout`) starts an activity table or a project's indicator table;
the rows that describe a project (项目名称, 年度绩效目标, 年度资金总额) and
the table's title before it name the project; the rows below the header are
its indicators.  A cell merged down a column (an 一级指标 spanning rows) is
carried down; a row cut by a page break (no indicator name, the rest of
its text) joins the row above; a header repeated on the next page is
skipped.  The department's goals (部门整体绩效目标) are prose: a numbered
heading, then ``绩效目标：…`` and ``绩效指标：…``, whose clauses with a
number become goal indicators.

Every cell that carries text is either imported, each indicator with its
``origin``, or reported as left over with its location: nothing is dropped.

>>> from perfeval.io.published.document import read_text
>>> doc = read_text("1、招聘经费绩效目标表\\n\\t一级指标\\n\\t二级指标\\n\\t三级指标\\n\\t指标值\\n\\n"
...                 "\\t产出指标\\n\\t数量指标\\n\\t招聘活动次数\\n\\t≥25次\\n", "t.txt")
>>> imported = read_document_tables(doc, department="人社局", year=2023)
>>> imported.book.indicator("招聘经费/招聘活动次数").target
'≥25次'
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from ...book.builder import build
from ...book.model import Book, origin_data
from ...codes import Code
from ...errors import BookError, Diagnostic, Location
from ...rules import GRADES
from ..indicators import dump_data
from .document import Cell, Document, Grid, Prose
from .layout import Layout, header_text, meta_label, recognise

__all__ = ["Imported", "Summary", "read_document_tables", "split_departments"]

Path = tuple[Any, ...]


@attrs.frozen
class Summary:
    """What an import read: counts of goals, activities, projects and
    indicators, and of the cells with text it imported and left over."""

    goals: int
    activities: int
    projects: int
    indicators: int
    cells: int
    imported_cells: int
    leftover_cells: int

    def __str__(self) -> str:
        return (f"read {self.goals} goals, {self.activities} activities, {self.projects} projects, "
                f"{self.indicators} indicators; {self.imported_cells} of {self.cells} cells imported, "
                f"{self.leftover_cells} left over")


@attrs.frozen
class Imported:
    """The result of reading published tables: the book's plain data (as the
    file format writes it), the book built from it (``None`` when the
    source's defects stop it building), every diagnostic, located in the
    source, and a summary."""

    source: str
    data: dict[str, Any]
    book: Book | None
    diagnostics: tuple[Diagnostic, ...]
    summary: Summary

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    def yaml(self) -> str:
        """The book as an indicator file, each indicator with its ``origin``."""
        return dump_data(self.data, f"{self.source}: imported by perfeval ({self.summary})")


# A table's title: "1、招聘经费绩效目标表", "（二）XX项目绩效目标表".
_NUMBERING = re.compile(r"^\s*(?:[（(]?[0-9一二三四五六七八九十]+[）)]?[、.．]?|[0-9]+\s)\s*")
_TITLE_END = re.compile(r"(?:项目支出|项目)?绩效目标(?:申报)?表$")
# The department and year, wherever the document states them.
# How the name of a government body ends: 局, 委员会, 中心, 学校, 政府 ….
_BODY = r"(?:局|委员会|委|办公室|厅|院|中心|部|处|站|所|馆|会|队|学校|政府)"
_DEPARTMENT = re.compile(r"^(?P<code>\d{3,})\s*[-—－]?\s*"
                         rf"(?P<name>\S+?{_BODY})$")
# A budget disclosure's title: 曹妃甸区人力资源和社会保障局2023年部门预算.
# A title, not a sentence that names the department: no punctuation in the name, a short line.
_DEPARTMENT_TITLE = re.compile(r"^(?P<name>[^\s，。、；：:《》“”（）()]{2,30}?"
                               rf"{_BODY})"
                               r"\s*(?P<year>20\d\d)\s*年度?部门预算\S{0,12}$")
_YEAR = re.compile(r"预算年度[：:]\s*(?P<year>20\d\d)|(?P<year2>20\d\d)\s*年度?(?=[）)]|\S*(?:预算|绩效目标))")
# The department's goals, in prose.
_GOAL_HEADING = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)[.．、]\s*(?P<name>[^。：:]+?目标)[。.]?\s*$")
_GOAL_TEXT = re.compile(r"^\s*绩效目标[：:]\s*(?P<text>.+)$")
_GOAL_INDICATORS = re.compile(r"^\s*绩效指标[：:]\s*(?P<text>.+)$")
_CLAUSE = re.compile(r"[，,；;。]")
_NUMBER = re.compile(r"(?:控制在|不低于|不高于|不少于|不超过|达到|保持在?|低于|高于|超过)?[0-9０-９][0-9０-９.,，]*")
_CLAUSE_LEAD = re.compile(r"^(?:其中|全年|年内|确保|力争)")
# A department or unit written with its code: 820001-井研县马踏镇人民政府, [015001]武汉市青山区教育局.
_NUMBERED_NAME = re.compile(r"^\s*(?:\[\d+\]|\d+\s*[-—－])\s*")
# The unit a table states for its amounts: 单位：万元, 金额单位:元, 项目资金（元）.
_MONEY_UNIT = re.compile(r"(?:单位[:：]\s*|[（(])(?P<unit>万元|亿元|元)(?:[）)]|\s|$)")
# Short texts that are labels, not values (项目总体目标(2024年-2026年), 项目资金总额).
_LABEL_END = ("目标", "名称", "总额", "金额", "部门", "单位", "日期", "资金")


def _looks_like_label(text: str) -> bool:
    key = header_text(text)
    return meta_label(text) is not None or (len(key) <= 12 and key.endswith(_LABEL_END))


# A footnote or a signature line under a table, in a cell across it.
_NOTE_ROW = re.compile(r"^\s*(?:注|说明|备注|数据来源|填表人|填报人|审核人|联系电话|单位负责人)")
# A page number or running header between the parts of a table cut by a page break.
_PAGE_FURNITURE = re.compile(r"^\s*(?:[-—–]\s*)?(?:第\s*)?\d+(?:\s*页)?(?:\s*[-—–])?\s*$|^\s*共\s*\d+\s*页")


def _department(match: re.Match[str]) -> tuple[str, str | None]:
    """A department's name, and its year where a title gives one."""
    return match["name"], match.groupdict().get("year")


def split_departments(document: Document) -> list[Document]:
    """The document cut where the tables of another department begin.

    A disclosure that gathers several departments states each one before its
    tables: a title such as ``XX局2024年部门预算`` or a cell such as
    ``323曹妃甸区人力资源和社会保障局``.  Another department, or the same one
    in another year, starts a new part once the part before it holds a
    绩效目标 table; the same department stated again does not.
    """
    parts: list[list[Prose | Grid]] = [[]]
    name: str | None = None
    year: str | None = None
    has_table = False
    for block in document.blocks:
        texts = [block.text] if isinstance(block, Prose) else [c.text for c in block.cells()]
        found = next((_department(m) for t in texts if (m := _DEPARTMENT.match(t) or _DEPARTMENT_TITLE.match(t))),
                     None)
        if found is not None:
            other = found[0] != name or (found[1] is not None and year is not None and found[1] != year)
            if other and name is not None and has_table:
                parts.append([])
                has_table = False
            if other:
                name, year = found[0], found[1]
            year = year or found[1]
        if isinstance(block, Grid) and any(recognise([c.text for c in row]) for row in block.rows):
            has_table = True
        parts[-1].append(block)
    return [Document(document.source, tuple(part)) for part in parts if part] or [document]


def read_document_tables(document: Document, *, department: str | None = None, code: str | None = None,
                         year: int | None = None) -> Imported:
    """Read a :class:`~.document.Document` into a book; ``department``,
    ``code`` and ``year`` override what the document states."""
    reader = _Reader(document)
    found_code, found_name, found_year = reader.department()
    reader.read()
    name = department or found_name or reader.found_department
    data: dict[str, Any] = {"perfeval": "1"}
    data["department"] = {k: v for k, v in (("code", code or (found_code if not department else None)),
                                            ("name", name)) if v}
    data["year"] = str(year or found_year or "")
    if reader.goals:
        data["goals"] = reader.goals
    if reader.activities:
        data["activities"] = reader.activities
    if reader.projects:
        data["projects"] = reader.projects
    problems = list(reader.problems)
    if not name:
        problems.append(Diagnostic(Code.IMPORT_INCOMPLETE, "error", "the document names no department; "
                                   "give it (perfeval import --department NAME)", location=Location(document.source)))
    if not data["year"]:
        problems.append(Diagnostic(Code.IMPORT_INCOMPLETE, "error", "the document states no budget year; "
                                   "give it (perfeval import --year YYYY)", location=Location(document.source)))
    for n, project in enumerate(reader.projects):
        if not project["name"]:
            problems.append(Diagnostic(Code.IMPORT_INCOMPLETE, "error", "a project table with no name (no title "
                                       "such as …绩效目标表 above it, no 项目名称 row); give its name in the file",
                                       location=reader.locate(("projects", n, "indicators", 0))))
    if not (reader.activities or reader.projects):
        hint = ("; the text has no table at all: in the text form each cell is a line that starts with a tab"
                if not document.grids() else "")
        problems.append(Diagnostic(Code.NO_TABLES, "error", "no 绩效目标 table was recognised (no header row "
                                   f"with 一级指标/三级指标/指标值, or 活动编码 and 优/良/中/差){hint}",
                                   location=Location(document.source)))
    book: Book | None = None
    if not any(p.severity == "error" for p in problems):
        try:
            book = build(data, locate=reader.locate, source=document.source)
            problems.extend(book.diagnostics)
        except BookError as error:
            problems.extend(error.problems)
    counts = reader.counts()
    summary = Summary(len(reader.goals), len(reader.activities), len(reader.projects),
                      sum(len(part["indicators"]) for part in (*reader.goals, *reader.activities, *reader.projects)),
                      counts[0], counts[1], counts[2])
    return Imported(document.source, data, book, tuple(problems), summary)


class _Reader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.goals: list[dict[str, Any]] = []
        self.activities: list[dict[str, Any]] = []
        self.projects: list[dict[str, Any]] = []
        self.problems: list[Diagnostic] = []
        self.places: dict[Path, Location] = {}
        self.used: set[int] = set()   # id() of the cells imported
        self.reported: set[int] = set()  # id() of the cells reported as left over
        # The table being read, and the project it fills.
        self.layout: Layout | None = None
        self.header: tuple[str, ...] = ()
        self.project: dict[str, Any] | None = None
        self.title: Prose | None = None
        self.carried: dict[str, str] = {}
        self.activity: dict[str, Any] | None = None
        self.last: dict[str, Any] | None = None  # the indicator a row cut by a page break continues
        self.labels_above: dict[int, str] = {}  # column -> role of labels whose values are in the next row
        self.money_unit: str | None = None  # 单位：元 / 万元, where a table states it
        self.found_department: str | None = None
        # The tables with an indicator header row.
        self.headed = {g.number for g in document.grids()
                       if any(recognise([c.text for c in row]) is not None for row in g.rows)}

    # --- where things came from
    def locate(self, path: Path) -> Location | None:
        if len(path) >= 2 and path[-2] == "@":
            where = self.places.get(path[:-2])
            if where is not None and where.column is not None:
                return attrs.evolve(where, column=where.column + path[-1])
            return where
        while path:
            if path in self.places:
                return self.places[path]
            path = path[:-1]
        return None

    def take(self, cell: Cell, path: Path | None = None) -> str:
        self.used.add(id(cell))
        if path is not None:
            self.places[path] = cell.origin
        return cell.text

    def leftover(self, cells: list[Cell], why: str) -> None:
        cells = [c for c in cells if c.text and id(c) not in self.used and id(c) not in self.reported]
        if not cells:
            return
        self.reported.update(id(c) for c in cells)
        shown = " | ".join(c.text if len(c.text) <= 20 else c.text[:19] + "…" for c in cells[:6])
        more = f" and {len(cells) - 6} more" if len(cells) > 6 else ""
        self.problems.append(Diagnostic(Code.IMPORT_LEFTOVER, "warning", f"{why}: {shown}{more}",
                                        location=cells[0].origin))

    def counts(self) -> tuple[int, int, int]:
        cells = [c for g in self.document.grids() for c in g.cells() if c.text]
        return len(cells), sum(id(c) in self.used for c in cells), sum(id(c) in self.reported for c in cells)

    # --- the walk
    def read(self) -> None:
        prose: list[Prose] = []
        for block in self.document.blocks:
            if isinstance(block, Prose):
                prose.append(block)
                self.prose(block)
            else:
                self.grid(block)
        self.read_goals(prose)

    def prose(self, line: Prose) -> None:
        self.note_money_unit(line.text)
        self.prose_line(line)

    def prose_line(self, line: Prose) -> None:
        """Prose ends the table being read, except a page's furniture (a page
        number) between two parts of one table; a table's title is kept to
        name the project below it."""
        if _PAGE_FURNITURE.match(line.text):
            return
        self.layout = None
        if _TITLE_END.search(line.text):
            self.title = line
            self.project = None
        else:
            self.title = None

    def grid(self, grid: Grid) -> None:
        # A table is read if it continues one, has an indicator header, or
        # names a project just before a table with a header (the describing
        # rows may stand in a table of their own).
        recognised = self.layout is not None or grid.number in self.headed or (
            grid.number + 1 in self.headed and any(row[0].text and meta_label(row[0].text) == "name"
                                                   for row in grid.rows))
        if not recognised:
            self.leftover(grid.cells(), f"table {grid.number} is not a 绩效目标 table; not imported")
            return
        for row in grid.rows:
            texts = [c.text for c in row]
            filled = [c for c in row if c.text]
            if not filled:
                continue
            if len(filled) == 1 and _TITLE_END.search(filled[0].text):
                # A table's title in its own first row, as spreadsheets have it.
                self.take(filled[0])
                self.prose_line(Prose(filled[0].text, filled[0].origin))
                continue
            layout = recognise(texts)
            if layout is not None:
                self.start_table(layout, row)
                continue
            for cell in row:
                self.note_money_unit(cell.text)
                if _MONEY_UNIT.fullmatch(cell.text.replace("金额", "")):
                    self.take(cell)  # 金额单位:元 says how to read the amounts: used
            if (self.layout is None or self.layout.kind == "project") and (self.labels_above or any(
                    meta_label(t) for t in texts if t)) and self.meta(row):
                continue
            if self.layout is None:
                self.leftover(list(row), "a row before the table's header; not imported")
            elif len(filled) == 1 and len(self.layout.roles) > 2 and (len(row) == 1 or _NOTE_ROW.match(filled[0].text)):
                # One cell across the table: a note (注：…), never an indicator.
                self.leftover(list(row), "a row across the table (a note?); not imported")
            elif self.layout.kind == "activity":
                self.activity_row(row)
            else:
                self.project_row(row)
        self.leftover(grid.cells(), f"cells of table {grid.number} not placed")

    def start_table(self, layout: Layout, row: tuple[Cell, ...]) -> None:
        texts = tuple(c.text for c in row)
        repeated = self.layout == layout and texts == self.header
        for cell in row:
            self.take(cell)
        if repeated:  # the header again, on the next page
            return
        if layout.kind == "project" and (self.project is None or self.project["indicators"]):
            self.new_project()
        self.layout, self.header, self.carried, self.last = layout, texts, {}, None
        self.activity = None

    def new_project(self, name_cell: Cell | None = None) -> dict[str, Any]:
        project: dict[str, Any] = {"name": "", "indicators": []}
        n = len(self.projects)
        self.projects.append(project)
        self.project = project
        if name_cell is not None:
            project["name"] = self.take(name_cell, ("projects", n, "name"))
        elif self.title is not None:
            project["name"] = _TITLE_END.sub("", _NUMBERING.sub("", self.title.text)).strip()
            self.places[("projects", n, "name")] = self.title.origin
        return project

    def meta(self, row: tuple[Cell, ...]) -> bool:
        """Read the rows that describe a project: label, value, label, value …
        across the row (项目名称 | X | 主管部门 | Y), or labels whose values are
        in the row below (年度总体目标 over its text).  False if the row holds
        no label."""
        pending, self.labels_above = self.labels_above, {}
        found = False
        i = 0
        while i < len(row):
            cell = row[i]
            label = meta_label(cell.text) if cell.text else None
            if label is None and i in pending and cell.text:
                self.meta_value(pending[i], row[i - 1] if i else cell, cell, labelled=False)
                found = True
            if label is None:
                i += 1
                continue
            found = True
            self.note_money_unit(cell.text)
            value = row[i + 1] if i + 1 < len(row) else None
            if value is None or not value.text or _looks_like_label(value.text):
                self.labels_above[i] = label
                self.take(cell)
                i += 1
                continue
            self.meta_value(label, cell, value)
            i += 2
        return found

    def meta_value(self, label: str, label_cell: Cell, value: Cell, labelled: bool = True) -> None:
        if label == "budget" and not any(ch.isdigit() for ch in value.text):
            return
        if label == "department":
            if self.found_department is None:
                self.found_department = _NUMBERED_NAME.sub("", value.text)
                self.take(label_cell)
                self.take(value)
            return
        if label == "name" and (self.project is None or self.project["indicators"] or self.project.get("name")):
            self.layout = None
            if labelled:
                self.take(label_cell)
            self.new_project(value)
            return
        project = self.project if self.project is not None else self.new_project()
        n = len(self.projects) - 1
        if project.get(label):
            return  # a second 资金 row (其中 …) is context: left over
        if labelled:
            self.take(label_cell)
        text = self.take(value, ("projects", n, label))
        project[label] = self.with_money_unit(text) if label == "budget" else text
        # Keep the file format's key order: name, goal, budget, indicators.
        project["indicators"] = project.pop("indicators")

    def note_money_unit(self, text: str) -> None:
        if m := _MONEY_UNIT.search(text):
            self.money_unit = m["unit"]

    def with_money_unit(self, amount: str) -> str:
        """A bare amount in the unit the table states (单位：元); the format reads a bare one as 万元."""
        bare = amount.strip().replace(",", "")
        if self.money_unit and bare and all(ch.isdigit() or ch == "." for ch in bare):
            return amount.strip() + self.money_unit
        return amount

    def cells_by_role(self, row: tuple[Cell, ...]) -> dict[str, Cell]:
        assert self.layout is not None
        roles = self.layout.roles
        cells: list[Cell | None] = list(row)
        if len(cells) < len(roles):  # cells merged down from the left are not repeated
            cells = [*([None] * (len(roles) - len(cells))), *cells]
        found = {}
        for role, cell in zip(roles, cells, strict=False):
            if role is not None and cell is not None:
                found[role] = cell
        return found

    def project_row(self, row: tuple[Cell, ...]) -> None:
        assert self.project is not None and self.layout is not None
        cells = self.cells_by_role(row)
        if "project" in cells and cells["project"].text:
            self.project_columns(cells)
        name = cells.get("name")
        text = {role: c.text for role, c in cells.items()}
        if not (name and name.text):
            rest = [c for role, c in cells.items() if c.text and role not in ("group", "subgroup")]
            for role in ("group", "subgroup"):
                if role in cells and cells[role].text:
                    self.carried[role] = self.take(cells[role])
            # The rest of a row cut by a page break has the table's columns; a
            # shorter row (a subtotal, a note) is not joined to anything.
            if rest and self.last is not None and len(row) >= len(self.layout.roles):
                self.join(rest, cells)
            return
        for role in ("group", "subgroup"):
            if text.get(role):
                self.carried[role] = text[role]
        n, k = len(self.projects) - 1, len(self.project["indicators"])
        path: Path = ("projects", n, "indicators", k)
        indicator: dict[str, Any] = {}
        for role in ("group", "subgroup"):
            if role in cells and cells[role].text:
                self.take(cells[role], (*path, role))
            elif role in self.carried:
                self.places.setdefault((*path, role), name.origin)
            if role in self.carried:
                indicator[role] = self.carried[role]
        indicator["name"] = self.take(name, (*path, "name"))
        if "description" in cells and cells["description"].text:
            indicator["description"] = self.take(cells["description"], (*path, "description"))
        indicator["target"] = self.target(cells, path)
        for role in ("basis", "direction"):
            if role in cells and cells[role].text:
                indicator[role] = self.take(cells[role], (*path, role))
        if "weight" in cells:  # 分值/权重 follow the publisher's scheme, which the book states apart
            self.leftover([cells["weight"]], "分值/权重 not imported: the book's scoring scheme gives the points")
        indicator["origin"] = origin_data(attrs.evolve(name.origin, column=None))
        self.project["indicators"].append(indicator)
        self.places[path] = name.origin
        self.last = indicator

    def project_columns(self, cells: dict[str, Cell]) -> None:
        """A layout with a row per indicator names its project in columns of
        the project's first row (项目名称, 预算数, 年度目标, 单位名称)."""
        assert self.project is not None
        if self.project["indicators"] or self.project["name"]:
            self.new_project(cells["project"])
        else:
            self.project["name"] = self.take(cells["project"], ("projects", len(self.projects) - 1, "name"))
        project, n = self.project, len(self.projects) - 1
        indicators = project.pop("indicators")
        for role in ("goal", "budget"):
            if role in cells and cells[role].text:
                value = self.take(cells[role], ("projects", n, role))
                project[role] = self.with_money_unit(value) if role == "budget" else value
        project["indicators"] = indicators
        self.carried = {}
        if "department" in cells and cells["department"].text:
            if self.found_department is None:
                self.found_department = _NUMBERED_NAME.sub("", cells["department"].text)
            self.take(cells["department"])

    def target(self, cells: dict[str, Cell], path: Path) -> Any:
        value = cells.get("value")
        op, unit = cells.get("op"), cells.get("unit")
        if op is None and unit is None:
            return self.take(value, (*path, "target")) if value is not None else ""
        parts: dict[str, str] = {}
        for key, cell in (("op", op), ("value", value), ("unit", unit)):
            if cell is not None and cell.text:
                parts[key] = self.take(cell, (*path, "target", key))
        return parts

    def join(self, rest: list[Cell], cells: dict[str, Cell]) -> None:
        indicator = self.last
        assert indicator is not None
        for role, key in (("description", "description"), ("basis", "basis"), ("value", "target")):
            cell = cells.get(role)
            if cell is not None and cell.text and isinstance(indicator.get(key, ""), str):
                indicator[key] = indicator.get(key, "") + self.take(cell)
        self.leftover(rest, "the rest of a row cut by a page break could not be joined")

    def activity_row(self, row: tuple[Cell, ...]) -> None:
        cells = self.cells_by_role(row)
        text = {role: c.text for role, c in cells.items()}
        if text.get("code") or text.get("activity"):
            n = len(self.activities)
            activity: dict[str, Any] = {}
            for role, key in (("code", "code"), ("activity", "name"), ("activity_description", "description"),
                              ("goal", "goal")):
                # A cell published empty stays "" (empty in the publication), not absent.
                if role in cells:
                    activity[key] = self.take(cells[role], ("activities", n, key))
            activity["indicators"] = []
            self.activities.append(activity)
            self.activity = activity
        elif self.activity is not None:
            for role, key in (("activity_description", "description"), ("goal", "goal")):
                if text.get(role) and not self.activity.get(key):  # a merged cell published further down
                    self.activity[key] = self.take(cells[role], ("activities", len(self.activities) - 1, key))
        if "year" in cells and text.get("year"):
            self.take(cells["year"])
        if self.activity is None or not text.get("name"):
            return
        n, k = len(self.activities) - 1, len(self.activity["indicators"])
        path: Path = ("activities", n, "indicators", k)
        indicator: dict[str, Any] = {"name": self.take(cells["name"], (*path, "name"))}
        if text.get("description"):
            indicator["description"] = self.take(cells["description"], (*path, "description"))
        ladder: dict[str, str] = {}
        for grade in GRADES:
            cell = cells.get(grade)
            ladder[grade] = self.take(cell, (*path, "ladder", grade)) if cell is not None else ""
        indicator["ladder"] = ladder
        indicator["origin"] = origin_data(attrs.evolve(cells["name"].origin, column=None))
        self.activity["indicators"].append(indicator)
        self.places[path] = cells["name"].origin

    # --- the department
    def department(self) -> tuple[str | None, str | None, int | None]:
        """The department's code and name, and the budget year, where the
        document first states them (a cell such as ``323曹妃甸区人力资源和社会保障局``,
        ``预算年度：2023``)."""
        code = name = None
        year = None
        places: list[tuple[str, Cell | None]] = []
        for block in self.document.blocks:
            places.extend([(block.text, None)] if isinstance(block, Prose) else [(c.text, c) for c in block.cells()])
        for text, cell in places:
            used = False
            if name is None and (m := _DEPARTMENT.match(text)):
                code, name, used = m["code"], m["name"], True
            elif name is None and (m := _DEPARTMENT_TITLE.match(text)):
                name, used = m["name"], True
            if year is None and (m := _YEAR.search(text)):
                year, used = int(m["year"] or m["year2"]), True
            if used and cell is not None:
                self.take(cell)  # read: the cell says whose tables these are
            if name is not None and year is not None:
                break
        return code, name, year

    def read_goals(self, prose: list[Prose]) -> None:
        """The department's goals: a numbered heading ending in 目标, then its
        绩效目标 and 绩效指标 lines."""
        pending: dict[str, Any] | None = None
        for line in prose:
            if m := _GOAL_HEADING.match(line.text):
                pending = {"name": m["name"].strip(), "line": line}
            elif pending is not None and (m := _GOAL_TEXT.match(line.text)):
                pending["goal"] = m["text"].strip()
            elif pending is not None and (m := _GOAL_INDICATORS.match(line.text)):
                self.goal_indicators(pending, m["text"], line, line.text.index(m["text"]))
                pending = None

    def goal_indicators(self, pending: dict[str, Any], text: str, line: Prose, offset: int) -> None:
        """Each clause of 绩效指标 with a number is an indicator, named by the
        words before the number; a clause without one is reported."""
        n = len(self.goals)
        goal: dict[str, Any] = {"name": pending["name"]}
        if "goal" in pending:
            goal["goal"] = pending["goal"]
        indicators: list[dict[str, Any]] = []
        goal["indicators"] = indicators
        start = 0
        for clause in _CLAUSE.split(text):
            at = offset + text.index(clause, start) if clause else offset
            start = text.index(clause, start) + len(clause) if clause else start
            sentence = clause.strip()
            if not sentence:
                continue
            where = attrs.evolve(line.origin, column=(line.origin.column or 1) + at)
            number = _NUMBER.search(sentence)
            name = _CLAUSE_LEAD.sub("", sentence[:number.start()]).strip() if number is not None else ""
            if number is None or not name:
                self.problems.append(Diagnostic(
                    Code.IMPORT_LEFTOVER, "warning", f"{pending['name']}: the clause {sentence!r} of 绩效指标 has no "
                    "number after a name; not read as an indicator (add it to the file by hand)", location=where))
                continue
            path: Path = ("goals", n, "indicators", len(indicators))
            self.places[path] = where
            target_path: Path = (*path, "target")
            self.places[target_path] = attrs.evolve(where, column=(where.column or 1) + number.start())
            indicators.append({"name": name, "target": sentence[number.start():].strip(), "source": sentence,
                               "origin": origin_data(attrs.evolve(where, column=None))})
        if not indicators:
            return
        self.places[("goals", n, "name")] = pending["line"].origin
        self.goals.append(goal)
        names: list[str] = [i["name"] for i in indicators]
        for repeated in dict.fromkeys(x for x in names if names.count(x) > 1):
            first = names.index(repeated)
            self.problems.append(Diagnostic(
                Code.IMPORT_SAME_NAME, "warning", f"{pending['name']}: {names.count(repeated)} clauses read as "
                f"{repeated!r} (the subject is in the clause before); give each its own name in the file",
                location=self.places[("goals", n, "indicators", first)]))
