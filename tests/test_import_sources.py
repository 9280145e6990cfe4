"""The same published tables as text, Word, Excel and PDF import to the same book (issue 11).

The tables are built here: a project table whose 一级指标 and 二级指标
cells are merged down their rows and whose 绩效目标 row is merged across,
long enough that the PDF breaks it across pages (repeating its header on
the next page), and an activity table.  Each kind of file is written with
its own library (python-docx, openpyxl, reportlab) and read back by the
importer's (python-docx, openpyxl, pdfplumber).
"""

from __future__ import annotations

import docx  # the test extra has python-docx, openpyxl, pdfplumber and reportlab: nothing is skipped
import openpyxl
import pdfplumber
import pytest

from perfeval.io.published import read_tables

DOWN, ACROSS = "^", "<"  # a place covered by the merged cell above, or to the left

PROJECT = [
    ["绩效目标", "提高招聘服务水平。", ACROSS, ACROSS, ACROSS],
    ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"],
    ["产出指标", "数量指标", "招聘活动组织次数", "≥25次", "年度计划"],
    *[[DOWN, DOWN, f"专场招聘{n}场次", f"≥{n}场", "年度计划"] for n in range(1, 31)],
    [DOWN, "质量指标", "招聘合格率", "100%", "年度计划"],
    [DOWN, "时效指标", "招聘完成时间", "12月底前完成", "年度计划"],
    [DOWN, "成本指标", "人均招聘成本", "≤300元", "预算"],
    ["效益指标", "社会效益指标", "企业用工充实率", "≥90%", "年度计划"],
    [DOWN, "可持续影响指标", "招聘服务机制", "长效运行", "规划"],
    ["满意度指标", "服务对象满意度指标", "用人单位满意度", "≥95%", "调查"],
]
ACTIVITY = [
    ["活动编码", "活动名称", "绩效指标", "优", "良", "中", "差"],
    ["0101", "就业服务", "补贴到位率", "100%", "≥90%", "≥80%", "<80%"],
    [DOWN, DOWN, "服务及时性", "及时", "延期一周", "延期两周", "延期三周"],
]
BLOCKS = ["人社局2024年部门预算", "1、招聘经费绩效目标表", PROJECT, "部门活动绩效目标表", ACTIVITY]


def spans(table):
    """Each merged cell as (row, column, last row, last column), 0-based."""
    out = []
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            if text in (DOWN, ACROSS):
                continue
            right = c
            while right + 1 < len(row) and row[right + 1] == ACROSS:
                right += 1
            below = r
            while below + 1 < len(table) and table[below + 1][c] == DOWN:
                below += 1
            if (right, below) != (c, r):
                out.append((r, c, below, right))
    return out


def text_form(tmp_path):
    lines = []
    for block in BLOCKS:
        if isinstance(block, str):
            lines.append(block)
            continue
        for row in block:
            lines += ["\t" + ("" if t == DOWN else t) for t in row if t != ACROSS]
            lines.append("")
    path = tmp_path / "tables.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def docx_form(tmp_path):
    document = docx.Document()
    for block in BLOCKS:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        for r, row in enumerate(block):
            for c, text in enumerate(row):
                if text not in (DOWN, ACROSS):
                    table.cell(r, c).text = text
        for r, c, below, right in spans(block):
            text = table.cell(r, c).text
            table.cell(r, c).merge(table.cell(below, right)).text = text
    path = tmp_path / "tables.docx"
    document.save(path)
    return path


def xlsx_form(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    title = None
    for block in BLOCKS:
        if isinstance(block, str):
            title = block
            continue
        sheet = workbook.create_sheet()
        sheet.append([title])          # the table's title, in its first row
        for row in block:
            sheet.append([None if t in (DOWN, ACROSS) else t for t in row])
        for r, c, below, right in spans(block):
            sheet.merge_cells(start_row=r + 2, start_column=c + 1, end_row=below + 2, end_column=right + 1)
    path = tmp_path / "tables.xlsx"
    workbook.save(path)
    return path


def pdf_form(tmp_path):
    from reportlab import platypus
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))   # a CJK font every PDF reader knows
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=8)
    story = []
    for block in BLOCKS:
        if isinstance(block, str):
            story.append(platypus.Paragraph(block, style))
            continue
        header = next(i for i, row in enumerate(block) if row[0] in ("一级指标", "活动编码"))
        table = platypus.Table([["" if t in (DOWN, ACROSS) else t for t in row] for row in block],
                               repeatRows=header + 1)
        table.setStyle(platypus.TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 8),
                                            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                            # reportlab cannot break a page inside a merged
                                            # cell: the long ones stay as their first cell and
                                            # blanks, which is what a reader extracts anyway.
                                            *[("SPAN", (c, r), (right, below))
                                              for r, c, below, right in spans(block) if below - r < 5]]))
        story.append(table)
    path = tmp_path / "tables.pdf"
    platypus.SimpleDocTemplate(str(path), pagesize=A5).build(story)
    return path


FORMS = {"docx": docx_form, "xlsx": xlsx_form, "pdf": pdf_form}


@pytest.fixture(scope="module")
def from_text(tmp_path_factory):
    result = read_tables(text_form(tmp_path_factory.mktemp("text")))
    assert result.errors == () and result.summary.leftover_cells == 0
    return result


def test_the_text_form_reads_both_tables(from_text):
    book = from_text.book
    assert (book.department_name, book.year) == ("人社局", 2024)
    assert [len(p.indicators) for p in book.projects] == [37] and len(book.activities[0].indicators) == 2
    assert book.projects[0].goal == "提高招聘服务水平。"


@pytest.mark.parametrize("kind", FORMS)
def test_each_kind_of_file_imports_to_the_same_book(kind, from_text, tmp_path):
    path = FORMS[kind](tmp_path)
    result = read_tables(path, department="人社局", year=2024)
    assert result.errors == ()
    assert result.book.projects == from_text.book.projects
    assert result.book.activities == from_text.book.activities
    s = result.summary
    assert s.imported_cells + s.leftover_cells == s.cells
    first = result.book.projects[0].indicators[0]
    assert first.origin.source == str(path) and first.origin.row is not None


def test_the_pdf_breaks_the_table_across_pages_and_repeats_its_header(tmp_path):
    path = pdf_form(tmp_path)
    with pdfplumber.open(path) as pdf:
        tables = [t for page in pdf.pages for t in page.extract_tables()]
    headers = [t for t in tables if any(row[0] == "一级指标" for row in t)]
    assert len(pdf.pages) > 1 and len(headers) > 1


def test_a_damaged_file_is_unreadable_not_a_crash(tmp_path):
    for suffix in (".docx", ".xlsx", ".pdf"):
        path = tmp_path / f"damaged{suffix}"
        path.write_bytes(b"PK\x03\x04 not really")
        with pytest.raises(Exception) as info:
            read_tables(path)
        assert getattr(info.value, "code", None) == "invalid-book"
        assert info.value.problems[0].code == "unreadable"


def test_spreadsheet_numbers_read_as_they_are_shown(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["职业培训项目绩效目标表"])
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值"])
    sheet.append(["产出指标", "质量指标", "合格率", 0.95])
    sheet.append([None, "数量指标", "培训人次", 1200.0])
    sheet.append([None, "成本指标", "人均成本", 0.1])
    sheet.append([None, "成本指标", "总成本", 300000])
    sheet["D3"].number_format = "0%"
    sheet["D6"].number_format = '#,##0"元"'          # Excel shows 300,000元
    path = tmp_path / "numbers.xlsx"
    workbook.save(path)
    result = read_tables(path, department="人社局", year=2024)
    assert [i.target for i in result.book.projects[0].indicators] == ["95%", "1200", "0.1", "300000元"]


def test_a_missing_library_is_a_missing_extra_error(tmp_path, monkeypatch):
    import importlib

    real = importlib.import_module

    def without_docx(name, *args):
        if name == "docx":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_docx)
    path = tmp_path / "t.docx"
    path.write_bytes(b"x")
    with pytest.raises(Exception) as info:
        read_tables(path)
    assert info.value.problems[0].code == "missing-extra" and "perfeval[import]" in info.value.problems[0].message


def test_a_note_under_a_spreadsheet_table_is_reported_not_joined(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["招聘经费绩效目标表"])
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值"])
    sheet.append(["产出指标", "数量指标", "招聘活动次数", "≥25次"])
    sheet.append(["注：本表金额单位为万元。"])
    sheet.merge_cells("A4:D4")
    path = tmp_path / "note.xlsx"
    workbook.save(path)
    result = read_tables(path, department="人社局", year=2024)
    assert result.book.projects[0].indicators[0].target == "≥25次"
    assert [(d.code, d.location.row) for d in result.diagnostics if d.code == "import-leftover"] == [
        ("import-leftover", 4)]
