"""The workbook (``perfeval grade --format xlsx -o 自评.xlsx``), read back with
openpyxl: its sheets, every score against the report, the header cells of
its forms against the published forms (tests/fixtures/national_forms.py),
numbers as numbers, merged header cells, and the page.

The ``xlsx`` extra (openpyxl) is in the ``test`` extra, so CI runs these.
"""

from __future__ import annotations

import io
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

openpyxl = pytest.importorskip("openpyxl")

import perfeval  # noqa: E402
from fixtures.national_forms import DEPARTMENT_FORM_HEADERS, PROJECT_FORM_HEADERS  # noqa: E402
from formdata import LONG_ONE, LONG_TWO, graded  # noqa: E402
from perfeval.cli import main  # noqa: E402
from perfeval.codes import Code  # noqa: E402
from perfeval.grading.forms import department_form, project_forms  # noqa: E402
from perfeval.render.xlsx_workbook import EXTRA_STYLE, HEADER_STYLE, TITLE_STYLE, sheet_name  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "indicators" / "caofeidian-hrss-2023.yaml"
ACTUALS = ROOT / "examples" / "actuals-2023.csv"
BUDGET = ROOT / "examples" / "budget-2023.csv"
DEPARTMENT_SHEET = "部门整体支出绩效自评表"


@pytest.fixture(scope="module")
def seed() -> perfeval.Report:
    return perfeval.grade(perfeval.load(SEED), ACTUALS, budget=BUDGET)


@pytest.fixture(scope="module")
def small() -> perfeval.Report:
    return graded()


def _open(report: perfeval.Report):
    return openpyxl.load_workbook(io.BytesIO(report.to_xlsx()))


def _number(cell) -> Decimal | None:
    """A cell's number as written; a number it must be, never text."""
    if cell.value is None:
        return None
    assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool), (cell.coordinate, cell.value)
    return Decimal(str(cell.value))


def _shown(report: perfeval.Report, value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(report.display(value))


def _row_of(ws, column: str, text: str) -> int:
    return next(c.row for c in ws[column] if c.value == text)


# --- the sheets ----------------------------------------------------------------------

def test_the_workbook_has_a_summary_the_forms_and_the_activity_table(seed):
    book = _open(seed)
    assert book.sheetnames == ["汇总", DEPARTMENT_SHEET, *(p.name for p in seed.projects), "活动评分", "问题"]
    assert seed.to_xlsx() == seed.render_bytes("xlsx") == seed.to_xlsx()  # the same report, the same bytes


def test_sheet_names_are_at_most_31_characters_unique_and_allowed(small):
    names = _open(small).sheetnames
    assert all(len(n) <= 31 for n in names) and len({n.casefold() for n in names}) == len(names)
    long_one, long_two = names[3], names[4]
    assert long_one == LONG_ONE.replace(":", "_")[:31] and len(LONG_ONE) > 31
    assert long_two == LONG_TWO.replace(":", "_")[:28] + "（2）"  # the same first 31 characters: numbered
    assert sheet_name("问题", {"汇总", "问题"}) == "问题（2）" and sheet_name("[a]*?/\\", set()) == "_a_____"
    assert sheet_name("'", set()) == "项目"


# --- every score against the report ------------------------------------------------------

def _form_scores(ws) -> tuple[list[tuple[str, Decimal | None, Decimal | None]], Decimal | None, Decimal | None]:
    """The indicators' (三级指标, 分值, 得分), then 总分's 分值 and 得分."""
    header = _row_of(ws, "D", "三级指标")
    total = _row_of(ws, "A", "总分")
    rows = [(ws[f"D{r}"].value, _number(ws[f"G{r}"]), _number(ws[f"H{r}"])) for r in range(header + 1, total)]
    return rows, _number(ws[f"G{total}"]), _number(ws[f"H{total}"])


@pytest.mark.parametrize("which", ["seed", "small"])
def test_every_score_in_the_workbook_is_the_reports(which, request):
    """Each indicator's 得分 and 分值, each 总分, each budget line's 得分 and the
    department's total, as the report shows them (rounded by its rule)."""
    report = request.getfixturevalue(which)
    book = _open(report)
    summary = book["汇总"]
    assert _number(summary[f"B{_row_of(summary, 'A', '部门总分')}"]) == _shown(report, report.total)
    assert summary[f"B{_row_of(summary, 'A', '等级')}"].value == report.grade
    forms = [department_form(report), *project_forms(report)]
    for ws, form in zip(book.worksheets[1:1 + len(forms)], forms, strict=True):
        rows, weight, total = _form_scores(ws)
        assert rows == [(line.name, _shown(report, line.weight), _shown(report, line.points))
                        for line in form.indicators], ws.title
        assert (weight, total) == (_shown(report, form.weight), _shown(report, form.total)), ws.title
        grade_row = _row_of(ws, "A", "自评等级")
        assert ws[f"G{grade_row}"].value == form.grade
        line = _row_of(ws, "A", "年度资金总额")
        expected = None if form.funding.blank else _shown(report, form.funding.total.points)
        assert _number(ws[f"I{line}"]) == expected and _number(ws[f"G{line}"]) == _shown(report, form.funding.total.weight)
    # and the department's total on its own form is the report's
    assert _form_scores(book[DEPARTMENT_SHEET])[2] == _shown(report, report.department.total)
    # the project totals in the summary
    start = _row_of(summary, "A", "项目合计") + 3
    for n, project in enumerate(report.projects):
        assert summary[f"A{start + n}"].value == project.name
        assert _number(summary[f"K{start + n}"]) == _shown(report, project.total)
        assert summary[f"L{start + n}"].value == project.grade


def test_the_activity_table_has_each_indicator_with_its_grade(seed):
    ws = _open(seed)["活动评分"]
    rows = [r for a in seed.activities for r in a.rows]
    assert [c.value for c in ws[1]] == ["编码", "活动", "指标", "评分标准（优/良/中/差）", "实际值", "等级", "分值",
                                        "得分", "状态", "标记"]
    assert ws.max_row == len(rows) + 1 and ws.auto_filter.ref == f"A1:J{len(rows) + 1}"
    for n, row in enumerate(rows, start=2):
        assert (ws[f"C{n}"].value, ws[f"F{n}"].value) == (row.name, row.grade)
        assert (_number(ws[f"G{n}"]), _number(ws[f"H{n}"])) == (_shown(seed, row.weight), _shown(seed, row.points))


def test_the_problems_sheet_lists_every_problem(small):
    ws = _open(small)["问题"]
    assert ws.max_row == len(small.problems) + len(small.unknown) + 1
    assert [ws[f"B{n}"].value for n in range(2, ws.max_row + 1)] == [str(p.code) for p in small.problems]


# --- the headers of the forms against the published forms ------------------------------

def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _headers(ws) -> list[str]:
    """The form's own header texts (the title and the header cells, not what
    perfeval adds beside the form), top to bottom and left to right."""
    return [_fold(str(c.value)) for row in ws.iter_rows() for c in row
            if c.value is not None and c.style in (TITLE_STYLE, HEADER_STYLE)]


# Where the workbook differs from the stored copy of the published form, by choice:
# - 池州 2022 writes 其中：本年财政拨款; perfeval writes 当年财政拨款, as 金寨 2023 and
#   丽江 2020 do on the same layout, and as the budget file's source column names it;
# - 池州 writes a colon after 年度资金总额; 金寨 and 丽江 do not, and nor does perfeval.
PROJECT_CHOICES = {"其中:本年财政拨款": "其中:当年财政拨款", "年度资金总额:": "年度资金总额"}
# Past the end of both stored copies (neither shows a 总分 row): 总分, 自评等级, and the 说明
# that the national form has no column for.
AFTER_THE_STORED_COPIES = ["总分", "自评等级", "说明"]


def test_the_project_forms_headers_are_the_national_forms(small):
    expected = [PROJECT_CHOICES.get(_fold(h), _fold(h)) for h in PROJECT_FORM_HEADERS]
    book = _open(small)
    for ws in book.worksheets[2:-2]:
        assert _headers(ws) == expected + AFTER_THE_STORED_COPIES, ws.title
    # the deliberate choices are the only differences
    assert [(_fold(a), b) for a, b in zip(PROJECT_FORM_HEADERS, expected, strict=True) if _fold(a) != b] == [
        ("年度资金总额:", "年度资金总额"), ("其中:本年财政拨款", "其中:当年财政拨款")]


def test_the_department_forms_headers_are_金寨s(small, seed):
    for report in (small, seed):
        ws = _open(report)[DEPARTMENT_SHEET]
        assert _headers(ws) == [_fold(h) for h in DEPARTMENT_FORM_HEADERS] + AFTER_THE_STORED_COPIES


def test_what_perfeval_adds_beside_the_form_is_told_apart(small):
    ws = _open(small)["招聘经费"]
    extras = [(c.coordinate, c.value) for row in ws.iter_rows() for c in row if c.style == EXTRA_STYLE]
    assert extras == [("J5", "偏差原因分析及改进措施"), ("J12", "达成情况")]
    labels = [ws[f"J{r}"].value for r in range(13, 13 + 5)]
    assert labels == ["部分达成", "未达成", "达成", "达成", "达成"]
    assert ws["J6"].value == "部分场次改为线上举办"


# --- the layout --------------------------------------------------------------------------

def test_merged_header_cells_follow_the_national_form(small):
    ws = _open(small)["招聘经费"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    # title; 项目名称; 主管部门 / 实施单位; the funding block's caption and its line labels
    assert {"A1:I1", "A3:C3", "D3:I3", "A4:C4", "D4:E4", "F4:G4", "H4:I4", "A5:C5", "A6:C6", "A9:C9"} <= merged
    # 年度总体目标 over 预期目标 and 实际完成情况, and their texts
    assert {"A10:A11", "B10:E10", "F10:I10", "B11:E11", "F11:I11"} <= merged
    assert (ws["B11"].value, ws["F11"].value) == ("组织招聘活动，促进就业。", "全年组织招聘会32场。")
    # 绩效指标 over the whole indicator table; each 一级指标 and 二级指标 over its rows
    assert {"A12:A17", "B13:B15", "C13:C14"} <= merged
    assert [ws[f"B{r}"].value for r in (13, 16, 17)] == ["产出指标", "效益指标", "满意度指标"]
    # 总分 and 自评等级
    assert {"A18:F18", "A19:F19", "G19:I19"} <= merged


def test_numbers_are_numbers_with_the_reports_rounding(small):
    """Scores as numbers in the report's number format, rates as percentages,
    amounts in 万元; never text."""
    ws = _open(small)["招聘经费"]
    for coordinate in ("G6", "I6", "G13", "H13", "G18", "H18"):
        assert _number(ws[coordinate]) is not None and ws[coordinate].number_format == "0.00", coordinate
    assert ws["H6"].number_format == "0.00%" and _number(ws["H6"]) == Decimal("0.9036")
    assert ws["H7"].number_format == "0.00%" and _number(ws["H7"]) == Decimal("0.92")
    assert [_number(ws[c]) for c in ("D6", "E6", "F6", "D7", "E7", "F7", "D8", "E8", "F8")] == [
        Decimal(30), Decimal(28), Decimal("25.3"), Decimal(30), Decimal(25), Decimal(23), None, Decimal(3),
        Decimal("2.3")]
    assert ws["F6"].number_format == "#,##0.00##"
    number = re.compile(r"^-?\d+(\.\d+)?%?$")
    for sheet in _open(small).worksheets:
        for row in sheet.iter_rows():
            for c in row:  # no number written as text anywhere but as given (实际完成值, 年度指标值, 实际值)
                if isinstance(c.value, str) and number.match(c.value):
                    header = sheet.cell(row=_header_row(sheet, c), column=c.column).value
                    assert header in ("实际完成值", "年度指标值", "实际值", "编码"), (sheet.title, c.coordinate)


def _header_row(sheet, cell) -> int:
    if sheet.title in ("活动评分", "问题", "汇总"):
        return 1 if sheet.title != "汇总" else next(r for r in range(cell.row, 0, -1)
                                                   if sheet.cell(row=r, column=1).value == "编码")
    return _row_of(sheet, "D", "三级指标")


def test_rounding_follows_the_book(small):
    one = graded("scoring: {rounding: {places: 1, mode: truncate}}")
    ws = _open(one)["招聘经费"]
    assert ws["H13"].number_format == "0.0" and _number(ws["H13"]) == Decimal("16.1")  # 16.11… truncated
    assert ws["H6"].number_format == "0.0%" and _number(ws["H6"]) == Decimal("0.903")


def test_every_sheet_has_its_widths_frozen_panes_and_an_a4_landscape_page(seed, small):
    for report in (seed, small):
        for ws in _open(report).worksheets:
            assert ws.freeze_panes is not None, ws.title
            assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.page_setup.orientation == "landscape"
            assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
            used = {c.column_letter for row in ws.iter_rows() for c in row
                    if c.value is not None and c.coordinate not in _merged_corners(ws)}
            assert all(ws.column_dimensions[letter].width >= 6 for letter in used), ws.title
    ws = _open(small)["招聘经费"]
    assert ws.freeze_panes == "A13" and ws.print_title_rows == "$12:$12"  # below the indicators' header
    assert ws.column_dimensions["I"].width == 28  # as wide as its longest note, 受疫情影响，线下招聘会减少
    ws = _open(seed)[DEPARTMENT_SHEET]
    row = next(c.row for c in ws["D"] if c.value == "工伤保险扩面")
    assert ws.column_dimensions["I"].width == 40 and ws.row_dimensions[row].height >= 45  # a long note wraps


def test_a_tall_overall_goal_freezes_only_the_title():
    """Frozen rows taller than a window would leave nothing to scroll."""
    report = graded()
    report = attrs.evolve(report, goals=tuple(attrs.evolve(g, goal="稳定和扩大就业，" * 200) for g in report.goals))
    assert _open(report)[DEPARTMENT_SHEET].freeze_panes == "A3"
    assert _open(graded())[DEPARTMENT_SHEET].freeze_panes == "A12"


def _merged_corners(ws) -> set[str]:
    return {str(r).split(":")[0] for r in ws.merged_cells.ranges}


# --- the command line, and the extra ------------------------------------------------

def test_the_command_line_writes_the_workbook_with_o_only(tmp_path, capsys, seed):
    command = ["grade", str(SEED), str(ACTUALS), "--budget", str(BUDGET), "--format", "xlsx"]
    assert main(command) == 2
    assert "--format xlsx writes a file: give it with -o" in capsys.readouterr().err
    assert main([*command, "-o", str(tmp_path / "自评.xlsx"), "--encoding", "gb18030"]) == 2
    assert not (tmp_path / "自评.xlsx").exists()
    assert main([*command, "-o", str(tmp_path / "自评.xlsx")]) == 0
    assert (tmp_path / "自评.xlsx").read_bytes() == seed.to_xlsx()
    assert "wrote" in capsys.readouterr().err


def test_without_openpyxl_the_format_says_how_to_install_it(monkeypatch, tmp_path, capsys, small):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if the extra were not installed
    monkeypatch.delitem(sys.modules, "perfeval.render.xlsx_workbook", raising=False)
    with pytest.raises(perfeval.PerfevalError) as info:
        small.to_xlsx()
    assert info.value.code == Code.MISSING_EXTRA and "pip install 'perfeval[xlsx]'" in info.value.message
    out = tmp_path / "自评.xlsx"
    assert main(["grade", str(SEED), str(ACTUALS), "--budget", str(BUDGET), "--format", "xlsx", "-o", str(out)]) == 1
    assert "missing-extra" in capsys.readouterr().err and not out.exists()


def test_the_workbook_and_the_forms_are_the_same_under_a_hostile_decimal_context(small):
    """No caller's decimal context reaches a number of the forms or the workbook (test_exact.py's rule)."""
    import decimal

    from test_exact import HOSTILE

    calm = (small.to_xlsx(), small.render("selfeval"), project_forms(small), department_form(small))
    with decimal.localcontext(decimal.Context(**HOSTILE)):
        again = graded()
        hostile = (again.to_xlsx(), again.render("selfeval"), project_forms(again), department_form(again))
    assert hostile == calm


def test_no_cell_runs_as_a_formula_and_control_characters_are_shown():
    """Issue 10, item 12: text that looks like a formula is a text cell that
    stays text when edited (quotePrefix); an escape sequence, which openpyxl
    refuses in a cell, is shown as an escape."""
    from test_injection import seed_with_hostile_notes

    workbook = openpyxl.load_workbook(io.BytesIO(seed_with_hostile_notes().to_xlsx()))
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    formulas = [c for c in cells if c.value.startswith(("=", "+", "@"))]
    assert formulas and all(c.data_type == "s" and c.quotePrefix for c in formulas)
    assert not [c for c in cells if c.data_type == "f"]
    assert any("\\x1b]0;pwned" in c.value for c in cells)
