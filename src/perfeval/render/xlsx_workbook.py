"""The workbook (``--format xlsx``): the report as an Excel file, through
openpyxl, the ``xlsx`` extra.  Only this module imports openpyxl; the format
registered in :mod:`perfeval.render` imports this module when it renders.

Its sheets, in order:

- **汇总**: the department's total, its basis and grade, the counts, then
  the activity, project and goal totals;
- **部门整体支出绩效自评表**: the department's form (:mod:`perfeval.grading.forms`);
- one sheet per project, named after it (at most 31 characters, unique): its
  项目支出绩效自评表;
- **活动评分**: the activity table, one line per indicator with its grade;
- **问题**: the report's problems and the actuals no indicator took.

The forms are laid out as the national form prints them: the title, the
names, the funding block (万元) under its merged caption, 年度总体目标 with
预期目标 and 实际完成情况, and the indicators under a merged 绩效指标, each
一级指标 and 二级指标 merged over its rows; then 总分, 自评等级 and the 说明.
The form's own header cells have the cell style ``表头`` and its title
``标题``; what perfeval adds beside the form (达成情况, the note on budget
execution) has ``附加表头``, so that it can be told apart.

Numbers are numbers: scores rounded by the report's rule (two decimals, half
up, unless the book says otherwise) with a matching number format, rates as
percentages, amounts in 万元, exactly.  Columns are as wide as their text
(wrapped past a limit), the header rows are frozen, and every sheet prints
on A4 landscape, one page wide.  The same report gives the same bytes: the
file's dates are the last day of the budget year.

>>> import io, perfeval
>>> from openpyxl import load_workbook
>>> report = perfeval.grade(perfeval.load("examples/small.yaml"), {"0101/社会保险补贴到位率": "92%"})
>>> book = load_workbook(io.BytesIO(workbook(report)))
>>> book.sheetnames
['汇总', '部门整体支出绩效自评表', '企业养老保险超征奖励', '活动评分', '问题']
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal

import wcwidth
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .._arith import EXACT
from .._safe_text import runs_as_formula, visible
from ..grading.forms import DepartmentForm, Funding, IndicatorLine, ProjectForm, department_form, project_forms
from ..grading.report import Report
from ..rounding import display
from ..rules import BUDGET_LINE, FIRST_LEVEL_GROUPS
from .common import STATUS_LABELS, sheet_name, title
from .selfeval_form import actual_cell, funding_note, label_cell, note_cell

__all__ = ["workbook", "sheet_name", "TITLE_STYLE", "HEADER_STYLE", "EXTRA_STYLE", "BODY_STYLE"]

TITLE_STYLE, HEADER_STYLE, EXTRA_STYLE, BODY_STYLE = "标题", "表头", "附加表头", "正文"
SUMMARY, ACTIVITIES, PROBLEMS = "汇总", "活动评分", "问题"
MAX_WIDTH = 40  # a column wider than this wraps its text
MIN_WIDTH = 6
LINE_HEIGHT = 15  # points per line of wrapped text
DEFAULT_WIDTH = 8.43  # Excel's width of a column not given one
MAX_FROZEN = 300  # points: a form whose top is taller freezes only its title, so that it still scrolls

# The form's columns: A holds the block captions (项目资金, 年度总体目标, 绩效指标),
# B–I the national form's columns, J what perfeval adds (达成情况).
_FORM_COLUMNS = 10
_LAST = 9  # column I, the form's last
_AMOUNT = "#,##0.00##"  # 万元, exact to the 元


def workbook(report: Report) -> bytes:
    """The report as the bytes of an xlsx file."""
    book = Workbook()
    for style in _styles():
        book.add_named_style(style)
    summary = book.active
    assert summary is not None  # a new workbook has its first sheet
    summary.title = SUMMARY
    _summary(_Sheet(summary, report))
    names = {SUMMARY, ACTIVITIES, PROBLEMS}
    forms: list[ProjectForm | DepartmentForm] = []
    department = department_form(report)
    if department is not None:
        forms.append(department)
    forms += project_forms(report)
    for form in forms:
        name = sheet_name(form.project if isinstance(form, ProjectForm) else form.title, names)
        names.add(name)
        _form(_Sheet(book.create_sheet(name), report), form)
    _activities(_Sheet(book.create_sheet(ACTIVITIES), report))
    _problems(_Sheet(book.create_sheet(PROBLEMS), report))
    # The same report gives the same bytes: the file's dates are the end of the budget year.
    stamp = datetime(report.year, 12, 31)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "perfeval"
    book.properties.title = title(report)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _stamped(out.getvalue(), stamp)


def _stamped(raw: bytes, when: datetime) -> bytes:
    """The zip again, every entry dated ``when`` (zip writes the clock's time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info))
    return out.getvalue()


def _styles() -> list[NamedStyle]:
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return [
        NamedStyle(TITLE_STYLE, font=Font(size=16, bold=True), alignment=Alignment(horizontal="center",
                                                                                     vertical="center")),
        NamedStyle(HEADER_STYLE, font=Font(bold=True), border=border, alignment=centre,
                   fill=PatternFill("solid", fgColor="F2F2F2")),
        # What perfeval adds beside the official form: told apart by its colour.
        NamedStyle(EXTRA_STYLE, font=Font(bold=True, italic=True, color="595959"), border=border, alignment=centre,
                   fill=PatternFill("solid", fgColor="FFF2CC")),
        NamedStyle(BODY_STYLE, border=border, alignment=Alignment(vertical="center", wrap_text=True)),
    ]


def _text_width(value: object) -> int:
    """Display columns of a value as shown: a CJK character takes two."""
    lines = str(value).splitlines() or [""]
    return max(max(wcwidth.wcswidth(line), len(line)) for line in lines)


class _Sheet:
    """A worksheet being laid out: cells with their styles, merged ranges,
    and the widths their texts need."""

    def __init__(self, ws: Worksheet, report: Report) -> None:
        self.ws = ws
        self.report = report
        self.widths: dict[int, int] = {}
        self.texts: list[tuple[int, int, int, str]] = []  # row, first and last column, text: for the heights
        self.fixed: dict[int, int] = {}  # columns of a given width

    def put(self, row: int, column: int, value: object, style: str = BODY_STYLE, *, number_format: str | None = None,
            rows: int = 1, columns: int = 1, align: str | None = None) -> None:
        cell = self.ws.cell(row=row, column=column)
        if isinstance(value, str):
            value = visible(value)  # a control character is no text a cell may hold (openpyxl refuses it)
        cell.value = value  # type: ignore[assignment]  # text, a number or None
        cell.style = style
        if isinstance(value, str) and runs_as_formula(value):  # text stays text, and stays so when edited
            cell.data_type = "s"
            cell.quotePrefix = True
        if number_format is not None:
            cell.number_format = number_format
        if align is not None:
            cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        if rows > 1 or columns > 1:
            for r in range(row, row + rows):  # the border on every cell of the range
                for c in range(column, column + columns):
                    if (r, c) != (row, column):
                        self.ws.cell(row=r, column=c).style = style
            self.ws.merge_cells(start_row=row, start_column=column, end_row=row + rows - 1,
                                end_column=column + columns - 1)
        elif value is not None:
            self.widths[column] = max(self.widths.get(column, 0), _text_width(self.shown(value, number_format)))
        if rows == 1 and isinstance(value, str):
            self.texts.append((row, column, column + columns - 1, value))

    def shown(self, value: object, number_format: str | None) -> str:
        if isinstance(value, Decimal):
            percent = number_format is not None and number_format.endswith("%")
            return display(value, self.report.places, self.report.rounding, shift=2 if percent else 0) + (
                "%" if percent else "")
        return str(value)

    # --- numbers, as numbers --------------------------------------------------------

    @property
    def score_format(self) -> str:
        places = self.report.places
        return "0." + "0" * places if places > 0 else "0"

    def score(self, row: int, column: int, value: Decimal | None, style: str = BODY_STYLE) -> None:
        """A score or weight, rounded by the report's rule, as a number."""
        rounded = None if value is None else Decimal(display(value, self.report.places, self.report.rounding))
        self.put(row, column, rounded, style, number_format=self.score_format)

    def rate(self, row: int, column: int, value: Decimal | None) -> None:
        """A ratio as a percentage, rounded by the report's rule at the percentage."""
        rounded = None if value is None else Decimal(
            display(value, self.report.places, self.report.rounding, shift=2)).scaleb(-2, context=EXACT)
        self.put(row, column, rounded, number_format=self.score_format + "%")

    def amount(self, row: int, column: int, value: Decimal | None) -> None:
        """An amount in 元, shown in 万元, exactly."""
        self.put(row, column, None if value is None else value.scaleb(-4, context=EXACT), number_format=_AMOUNT)

    # --- finishing ----------------------------------------------------------------

    def finish(self, freeze: str | None, title_rows: str | None = None) -> None:
        """Column widths, the heights of merged wrapped text, frozen panes and the page."""
        ws = self.ws
        widths = {c: max(MIN_WIDTH, min(MAX_WIDTH, w + 2)) for c, w in self.widths.items()}
        widths.update(self.fixed)
        for column, width in widths.items():
            ws.column_dimensions[get_column_letter(column)].width = width
        # Each row as tall as its wrapped text: Excel fits no merged cell, and LibreOffice does not fit a
        # row it opens, so every height is given.
        lines_of: dict[int, int] = {}
        for row, first, last, text in self.texts:
            room = sum(widths.get(c, DEFAULT_WIDTH) for c in range(first, last + 1)) - 1
            lines = sum(max(1, math.ceil(_text_width(part) / max(room, 1))) for part in text.splitlines() or [""])
            lines_of[row] = max(lines_of.get(row, 1), lines)
        for row, lines in lines_of.items():
            if lines > 1:
                ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, lines * LINE_HEIGHT)
        if freeze is not None:
            ws.freeze_panes = freeze
        if title_rows is not None:
            ws.print_title_rows = title_rows
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True


# --- the forms ------------------------------------------------------------------------

def _form(sheet: _Sheet, form: ProjectForm | DepartmentForm) -> None:
    put = sheet.put
    sheet.fixed[1] = 10  # the block captions wrap in a narrow column, as on the printed form
    put(1, 1, form.title, TITLE_STYLE, columns=_LAST)
    sheet.ws.row_dimensions[1].height = 28
    put(2, 1, f"（{form.year}年度）", BODY_STYLE, columns=_LAST, align="center")
    if isinstance(form, ProjectForm):
        put(3, 1, "项目名称", HEADER_STYLE, columns=3)
        put(3, 4, form.project, columns=_LAST - 3)
        put(4, 1, "主管部门", HEADER_STYLE, columns=3)
        put(4, 4, form.department, columns=2)
        put(4, 6, "实施单位", HEADER_STYLE, columns=2)
        put(4, 8, form.unit, columns=2)
        row = 5
    else:
        put(3, 1, "部门", HEADER_STYLE, columns=3)
        put(3, 4, form.department, columns=_LAST - 3)
        row = 4
    row = _funding(sheet, row, form.funding)
    row = _goal(sheet, row, form)
    header = row
    row = _indicators(sheet, row, form)
    row = _total(sheet, row, form)
    _remarks(sheet, row, form.remarks)
    sheet.finish(None, f"{header}:{header}")
    # The rows down to the indicators' header stay in view, unless they are too tall to leave room
    # to scroll (a long 预期目标): then the title does.  Known once finish has set the heights.
    top = sum(sheet.ws.row_dimensions[r].height or 15 for r in range(1, header + 1))
    sheet.ws.freeze_panes = f"A{header + 1}" if top <= MAX_FROZEN else "A3"


def _funding(sheet: _Sheet, row: int, funding: Funding) -> int:
    put = sheet.put
    put(row, 1, funding.caption, HEADER_STYLE, columns=3)
    for n, text in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")):
        put(row, 4 + n, text, HEADER_STYLE)
    put(row, _LAST + 1, "偏差原因分析及改进措施", EXTRA_STYLE)
    for n, line in enumerate(funding.lines):
        r = row + 1 + n
        put(r, 1, line.label, HEADER_STYLE, columns=3)
        sheet.amount(r, 4, line.initial)
        sheet.amount(r, 5, line.budget)
        sheet.amount(r, 6, line.executed)
        sheet.score(r, 7, line.weight)
        sheet.rate(r, 8, line.rate)
        sheet.score(r, 9, None if funding.blank else line.points)  # blank: left empty, as the form leaves it
        put(r, _LAST + 1, (funding_note(funding) or None) if n == 0 else None)
    return row + 1 + len(funding.lines)


def _goal(sheet: _Sheet, row: int, form: ProjectForm | DepartmentForm) -> int:
    put = sheet.put
    put(row, 1, "年度总体目标", HEADER_STYLE, rows=2)
    put(row, 2, "预期目标", HEADER_STYLE, columns=4)
    put(row, 6, "实际完成情况", HEADER_STYLE, columns=4)
    put(row + 1, 2, form.goal.expected, columns=4)
    put(row + 1, 6, form.goal.achieved, columns=4)
    return row + 2


_INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                      "偏差原因分析及改进措施")


def _indicators(sheet: _Sheet, row: int, form: ProjectForm | DepartmentForm) -> int:
    put = sheet.put
    lines = form.indicators
    put(row, 1, "绩效指标", HEADER_STYLE, rows=1 + len(lines))
    for n, text in enumerate(_INDICATOR_HEADERS):
        put(row, 2 + n, text, HEADER_STYLE)
    put(row, _LAST + 1, "达成情况", EXTRA_STYLE)
    first = row + 1
    for n, line in enumerate(lines):
        r = first + n
        put(r, 4, line.name)
        put(r, 5, line.target)
        put(r, 6, actual_cell(line) or None)
        sheet.score(r, 7, line.weight)
        sheet.score(r, 8, line.points)
        put(r, 9, note_cell(line) or None)
        put(r, 10, label_cell(line) or None, align="center")
    for start, count, group in _runs(lines, lambda line: (line.group,)):
        put(first + start, 2, group, rows=count, align="center")
    for start, count, subgroup in _runs(lines, lambda line: (line.group, line.subgroup)):
        put(first + start, 3, subgroup, rows=count, align="center")
    return first + len(lines)


def _runs(lines: Sequence[IndicatorLine],
          key: Callable[[IndicatorLine], tuple[str | None, ...]]) -> list[tuple[int, int, str | None]]:
    """Runs of consecutive lines with the same key: (first, count, the key's last part)."""
    keyed = [key(line) for line in lines]
    runs: list[tuple[int, int, str | None]] = []
    for n, k in enumerate(keyed):
        if runs and keyed[n - 1] == k:
            start, count, text = runs[-1]
            runs[-1] = (start, count + 1, text)
        else:
            runs.append((n, 1, k[-1]))
    return runs


def _total(sheet: _Sheet, row: int, form: ProjectForm | DepartmentForm) -> int:
    put = sheet.put
    put(row, 1, "总分", HEADER_STYLE, columns=6)
    sheet.score(row, 7, form.weight)
    sheet.score(row, 8, form.total)
    put(row, 9, None)
    put(row + 1, 1, "自评等级", HEADER_STYLE, columns=6)
    put(row + 1, 7, form.grade, columns=3, align="center")
    return row + 2


def _remarks(sheet: _Sheet, row: int, remarks: tuple[str, ...]) -> None:
    lines = remarks or ("无",)
    sheet.put(row, 1, "说明", HEADER_STYLE, rows=len(lines))
    for n, text in enumerate(lines):
        sheet.put(row + n, 2, text, columns=_LAST - 1)


# --- the summary ----------------------------------------------------------------------

def _summary(sheet: _Sheet) -> None:
    report, put = sheet.report, sheet.put
    put(1, 1, title(report), TITLE_STYLE, columns=8)
    sheet.ws.row_dimensions[1].height = 28
    d = report.department
    counts = report.counts()
    fields: list[tuple[str, object, str]] = [("部门", report.department_name, ""), ("年度", report.year, "")]
    fields.append(("部门总分", report.total, "score"))
    fields.append(("等级", report.grade, ""))
    if d is not None:
        fields.append(("依据", d.label, ""))
        if d.basis == "table":
            fields += [("目标分值", d.goals_weight, "score"), ("目标得分", d.goals_points, "score")]
            if d.budget is not None:
                fields += [("预算执行率", d.budget.rate, "rate"), ("预算执行率分值", d.budget.weight, "score"),
                           ("预算执行率得分", None if d.budget.blank else d.budget.points, "score")]
                if d.budget_derived:
                    fields.append(("预算执行数", "各项目汇总", ""))
            elif d.missing_budget:
                fields.append(("预算执行率", "缺失", ""))
        fields += [("活动平均", d.activities_mean, "score"), ("项目平均", d.projects_mean, "score")]
    fields += [("完整", "是" if report.complete else "否", ""), ("指标数", counts["rows"], ""),
               ("缺失", counts["missing"], ""), ("错误", counts["errors"], ""),
               ("待确认", counts["needs_judgement"], ""), ("不适用", counts["not_applicable"], ""),
               ("警告", report.warnings, "")]
    row = 3
    for label, value, kind in fields:
        put(row, 1, label, HEADER_STYLE)
        if kind == "score":
            sheet.score(row, 2, value if isinstance(value, Decimal) else None)
        elif kind == "rate":
            sheet.rate(row, 2, value if isinstance(value, Decimal) else None)
        else:
            put(row, 2, value)
        row += 1
    row = _table(sheet, row + 1, "活动合计", ("编码", "活动", "指标数", "缺失", "错误", "不适用", "得分", "等级"),
                 [[a.code, a.name, len(a.rows), a.missing, a.errors, _not_applicable(a.rows), ("score", a.total),
                   a.grade] for a in report.activities])
    row = _projects(sheet, row + 1)
    _table(sheet, row + 1, "目标合计", ("目标", "指标数", "缺失", "错误", "不适用", "得分", "等级"),
           [[g.name, len(g.rows), g.missing, g.errors, _not_applicable(g.rows), ("score", g.total), g.grade]
            for g in report.goals])
    sheet.finish("A3")


def _not_applicable(rows: Sequence[object]) -> int:
    return sum(getattr(r, "status", None) == "not-applicable" for r in rows)


def _table(sheet: _Sheet, row: int, caption: str, headers: Sequence[str], rows: list[list[object]]) -> int:
    """A captioned table: its header row, then its rows; a ("score", value)
    cell is a score.  Returns the row after it."""
    sheet.put(row, 1, caption, TITLE_STYLE, columns=len(headers), align="left")
    for n, text in enumerate(headers):
        sheet.put(row + 1, 1 + n, text, HEADER_STYLE)
    r = row + 2
    for cells in rows or [["（无）", *([None] * (len(headers) - 1))]]:
        for n, value in enumerate(cells):
            if isinstance(value, tuple):
                sheet.score(r, 1 + n, value[1])
            else:
                sheet.put(r, 1 + n, value)
        r += 1
    return r


def _projects(sheet: _Sheet, row: int) -> int:
    """The projects' totals: each 一级指标's 分值 and 得分 under its merged name."""
    report, put = sheet.report, sheet.put
    # The groups the projects' subtotals have, in order: 产出, 效益, 满意度, or shared ones (效益+满意度).
    found = dict.fromkeys(s.group for p in report.projects for s in p.subtotals if s.group != BUDGET_LINE)
    groups = list(found) or [g for g in FIRST_LEVEL_GROUPS if g != BUDGET_LINE]
    width = 1 + 2 * len(groups) + 3 + 4
    put(row, 1, "项目合计", TITLE_STYLE, columns=width, align="left")
    put(row + 1, 1, "项目", HEADER_STYLE, rows=2)
    column = 2
    for group in groups:
        put(row + 1, column, group, HEADER_STYLE, columns=2)
        put(row + 2, column, "分值", HEADER_STYLE)
        put(row + 2, column + 1, "得分", HEADER_STYLE)
        column += 2
    put(row + 1, column, BUDGET_LINE, HEADER_STYLE, columns=3)
    for n, text in enumerate(("执行率", "分值", "得分")):
        put(row + 2, column + n, text, HEADER_STYLE)
    column += 3
    for n, text in enumerate(("总分", "等级", "缺失", "错误")):
        put(row + 1, column + n, text, HEADER_STYLE, rows=2)
    r = row + 3
    for p in report.projects:
        subtotals = {s.group: s for s in p.subtotals}
        put(r, 1, p.name)
        column = 2
        for group in groups:
            s = subtotals.get(group)
            sheet.score(r, column, None if s is None else s.weight)
            sheet.score(r, column + 1, None if s is None else s.points)
            column += 2
        s = subtotals.get(BUDGET_LINE)
        b = p.budget
        sheet.rate(r, column, None if b is None else b.rate)
        sheet.score(r, column + 1, None if s is None else s.weight)
        sheet.score(r, column + 2, None if s is None or (b is not None and b.blank) else s.points)
        sheet.score(r, column + 3, p.total)
        put(r, column + 4, p.grade, align="center")
        put(r, column + 5, p.missing)
        put(r, column + 6, p.errors)
        r += 1
    return r


# --- the activity table and the problems -------------------------------------------

_ACTIVITY_HEADERS = ("编码", "活动", "指标", "评分标准（优/良/中/差）", "实际值", "等级", "分值", "得分", "状态",
                     "标记")


def _activities(sheet: _Sheet) -> None:
    report = sheet.report
    for n, text in enumerate(_ACTIVITY_HEADERS):
        sheet.put(1, 1 + n, text, HEADER_STYLE)
    row = 2
    for activity in report.activities:
        for r in activity.rows:
            cells: list[object] = [activity.code, activity.name, r.name, r.definition, r.actual, r.grade]
            for n, value in enumerate(cells):
                sheet.put(row, 1 + n, value)
            sheet.score(row, 7, r.weight)
            sheet.score(row, 8, r.points)
            sheet.put(row, 9, STATUS_LABELS.get(r.status, r.status) or None)
            sheet.put(row, 10, "、".join(r.flags) or None)
            row += 1
    if row > 2:
        sheet.ws.auto_filter.ref = f"A1:{get_column_letter(len(_ACTIVITY_HEADERS))}{row - 1}"
    sheet.finish("D2", "1:1")


def _problems(sheet: _Sheet) -> None:
    report = sheet.report
    for n, text in enumerate(("严重程度", "代码", "对象", "位置", "说明")):
        sheet.put(1, 1 + n, text, HEADER_STYLE)
    row = 2
    for p in report.problems:
        for n, value in enumerate((p.severity, str(p.code), p.subject, None if p.location is None else str(p.location),
                                   p.message)):
            sheet.put(row, 1 + n, value)
        row += 1
    for key, value in report.unknown:
        for n, cell in enumerate(("error", "unknown", key, None, f"未识别的实际值：{value}")):
            sheet.put(row, 1 + n, cell)
        row += 1
    if row == 2:
        sheet.put(2, 1, "无", columns=5)
    sheet.finish("A2", "1:1")

