"""Auditing published self-assessments (issue 11): each flag on a small form
built here, the six real forms in tests/fixtures/selfeval/ (collected and
committed before this code), and perfeval's own workbook read back.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import docx
import pytest

import perfeval
from perfeval import BookError
from perfeval.cli import main

ROOT = Path(__file__).resolve().parent.parent
SELFEVAL = ROOT / "tests" / "fixtures" / "selfeval"

FUNDING_HEADER = ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]


def form(rows, *, funding=("100", "95", "10", "95%", "9.5"), total=None, name="示例项目"):
    """A 项目支出绩效自评表 in the text form: each row as (一级, 二级, 三级, 指标值, 完成值, 分值, 得分, 原因)."""
    lines = ["项目支出绩效自评表", "（2023年度）"]
    table = [["项目名称", name], ["主管部门", "示例局"], FUNDING_HEADER,
             ["", "年度资金总额", "", *funding], HEADER]
    table += [["", *row] for row in rows]
    if total is not None:
        table.append(["总分", *total])
    for row in table:
        lines += [f"\t{c}" for c in row] + [""]
    return "\n".join(lines) + "\n"


def audited(tmp_path, text, **kwargs):
    path = tmp_path / "自评表.txt"
    path.write_text(text, encoding="utf-8")
    return perfeval.audit(path, **kwargs)


def flags(report):
    """(row name or '', flag code) for every flag."""
    out = [("", f.code.value) for p in report.projects for f in p.flags]
    return out + [(r.published.name, f.code.value) for p in report.projects for r in p.rows for f in r.flags]


ROW = ("产出指标", "数量指标", "培训人次", "≥100人")


@pytest.mark.parametrize("row, expected", [
    # full marks although 80人 misses ≥100人: and no reason, and the score differs
    ((*ROW, "80人", "10", "10", ""), {"full-marks-missed", "reason-missing", "score-differs"}),
    # points lost although met
    ((*ROW, "120人", "10", "8", ""), {"points-lost-met", "score-differs"}),
    # a score above its 分值
    ((*ROW, "100人", "10", "12", ""), {"score-over-weight", "score-differs"}),
    # a missed target with its reason: only the score (8 where perfeval says 8) agrees
    ((*ROW, "80人", "10", "8", "培训推迟"), set()),
    # a target perfeval cannot read
    (("产出指标", "质量指标", "合格率", "≥9O%", "95%", "10", "10", ""), {"audit-unreadable"}),
])
def test_each_row_flag(tmp_path, row, expected):
    report = audited(tmp_path, form([row]))
    assert {code for name, code in flags(report) if name} == expected


def test_an_over_achievement_with_no_reason_is_flagged(tmp_path):
    report = audited(tmp_path, form([(*ROW, "300人", "10", "10", "")]))
    assert ("培训人次", "reason-missing") in flags(report)


def test_points_that_do_not_add_up_to_the_total(tmp_path):
    rows = [(*ROW, "100人", "50", "50", ""), ("效益指标", "社会效益指标", "服务水平", "明显提升", "达成", "40", "40", "")]
    assert ("", "total-mismatch") in flags(audited(tmp_path, form(rows, total=("100", "95"))))
    assert ("", "total-mismatch") not in flags(audited(tmp_path, form(rows, total=("100", "99.5"))))


def test_an_execution_score_the_funding_does_not_give(tmp_path):
    report = audited(tmp_path, form([(*ROW, "100人", "10", "10", "")], funding=("100", "80", "10", "80%", "10")))
    assert ("", "execution-mismatch") in flags(report)
    assert report.projects[0].execution_points == Decimal(8)


def test_the_tolerance_decides_what_agrees(tmp_path):
    text = form([("产出指标", "质量指标", "合格率", "100%", "98%", "10", "9.7", "原因")])   # perfeval: 9.8
    assert ("合格率", "score-differs") in flags(audited(tmp_path, text))
    assert flags(audited(tmp_path, text, tolerance="0.1")) == []


def test_a_file_with_no_form_is_an_error(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("只有文字\n", encoding="utf-8")
    with pytest.raises(BookError) as info:
        perfeval.audit(path)
    assert [p.code for p in info.value.problems] == ["no-self-assessment"]


def test_a_word_form_audits_as_its_text_does(tmp_path):
    text = form([(*ROW, "80人", "10", "10", "")], total=("100", "99.5"))
    document = docx.Document()
    rows = [[c.removeprefix("\t") for c in block.splitlines()] for block in text.split("\n\n") if "\t" in block]
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    path = tmp_path / "自评表.docx"
    document.save(path)
    assert flags(perfeval.audit(path)) == flags(audited(tmp_path, text))


# --- the command line

def test_the_command_line_exits_1_on_a_flag_and_writes_every_format(tmp_path, capsys):
    path = tmp_path / "自评表.txt"
    path.write_text(form([(*ROW, "80人", "10", "10", "")]), encoding="utf-8")
    assert main(["audit", str(path)]) == 1
    assert "full-marks-missed" in capsys.readouterr().out
    assert main(["audit", str(path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["projects"][0]["rows"][0]["perfeval_score"] == "8"
    out = tmp_path / "audit.csv"
    assert main(["audit", str(path), "--format", "csv", "-o", str(out)]) == 1
    record = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert (record["published_score"], record["perfeval_score"], record["flags"]) == (
        "10", "8", "full-marks-missed;reason-missing;score-differs")
    assert main(["audit", str(path), "--format", "markdown"]) == 1
    assert capsys.readouterr().out.startswith("# 自评表审核")
    agreeing = tmp_path / "ok.txt"
    agreeing.write_text(form([(*ROW, "100人", "10", "10", "")], total=("20", "19.5")), encoding="utf-8")
    assert main(["audit", str(agreeing)]) == 0


def test_a_formula_in_a_published_cell_is_not_written_as_one(tmp_path):
    path = tmp_path / "自评表.txt"
    path.write_text(form([("产出指标", "数量指标", "=HYPERLINK(\"http://x\")", "≥1次", "1次", "10", "10", "")]),
                    encoding="utf-8")
    text = perfeval.audit(path).render("csv")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


# --- perfeval's own workbook

def test_auditing_perfevals_workbook_finds_no_disagreement(tmp_path):
    out = tmp_path / "自评.xlsx"
    assert main(["grade", str(ROOT / "indicators" / "caofeidian-hrss-2023.yaml"),
                 str(ROOT / "examples" / "actuals-2023.csv"), "--budget", str(ROOT / "examples" / "budget-2023.csv"),
                 "--format", "xlsx", "-o", str(out)]) == 0
    report = perfeval.audit(out)
    graded = perfeval.grade(perfeval.load(ROOT / "indicators" / "caofeidian-hrss-2023.yaml"),
                            ROOT / "examples" / "actuals-2023.csv", budget=ROOT / "examples" / "budget-2023.csv")
    assert len(report.projects) == 1 + len(graded.projects)      # the department's form and each project's
    assert flags(report) == []
    assert all(r.agrees for p in report.projects for r in p.rows)
    # Totals agree to display rounding: the workbook's rows are rounded to 2 places.
    for p in report.projects:
        assert abs(p.total - p.project.total_score) <= Decimal("0.005") * (len(p.rows) + 2)


# --- the real published forms (tests/fixtures/selfeval/README.md)

def real(name):
    return perfeval.audit(SELFEVAL / name)


def test_yunnan_points_lost_on_a_met_target_and_a_miss_without_reason():
    report = real("03-yunnan-yongde-yingyang-2022.txt")
    p = report.projects[0]
    assert (p.project.total_score, p.total, sum(r.agrees for r in p.rows), len(p.rows)) == (
        Decimal(96), Decimal("99.80"), 7, 9)
    assert set(flags(report)) == {("资金到位及时率", "points-lost-met"), ("资金到位及时率", "score-differs"),
                                  ("政策知晓率", "reason-missing"), ("政策知晓率", "score-differs")}


def test_sichuan_points_add_up_to_110_not_the_published_100():
    report = real("04-sichuan-zhongjiang-shuibiaochi-2022.txt")
    assert flags(report) == [("", "total-mismatch")]
    assert report.projects[0].total == 110


def test_hebei_scores_9_for_86_percent_spent():
    report = real("02-hebei-langfang-nuantong-2019.txt")
    assert set(flags(report)) == {("", "execution-mismatch"), ("指标1工程资金金额", "score-differs")}
    assert len(report.projects[0].rows) == 9          # the unfilled template rows (指标2) are not rows


def test_anhui_scores_0_for_spending_that_its_own_rows_show():
    report = real("01-anhui-chizhou-weituo-2022.txt")
    assert flags(report) == [("", "execution-mismatch")]     # 年度资金总额 0 / 0 / 0, scored 0 of 10


def test_an_unscored_form_and_scores_with_no_actuals_cannot_be_checked():
    assert {code for _, code in flags(real("05-sichuan-qingshen-gongzi-2023.txt"))} == {"audit-unreadable"}
    report = real("06-anhui-tianchang-shuihan-2022.txt")
    unreadable = [name for name, code in flags(report) if code == "audit-unreadable"]
    assert len(unreadable) == 6 and sum(r.agrees for r in report.projects[0].rows) == 3


def test_the_placeholder_a_form_prints_for_a_due_reason_is_no_reason(tmp_path):
    report = audited(tmp_path, form([(*ROW, "80人", "10", "8", "（偏差原因必填）")]))
    assert flags(report) == [("培训人次", "reason-missing")]


@pytest.mark.parametrize("tolerance", ["abc", "-1", "NaN"])
def test_a_bad_tolerance_is_a_typed_error(tmp_path, tolerance):
    path = tmp_path / "自评表.txt"
    path.write_text(form([(*ROW, "100人", "10", "10", "")]), encoding="utf-8")
    with pytest.raises(perfeval.PerfevalError) as info:
        perfeval.audit(path, tolerance=tolerance)
    assert info.value.code == "bad-option"


def test_the_audit_workbook_has_numbers_as_numbers_and_no_formula_from_user_text(tmp_path):
    import openpyxl

    path = tmp_path / "自评表.txt"
    path.write_text(form([("产出指标", "数量指标", "=HYPERLINK(\"http://x\")", "≥1次", "1次", "10", "10", ""),
                          ("产出指标", "质量指标", "合格率", "100%", "98%", "10", "9", "")]), encoding="utf-8")
    out = tmp_path / "审核.xlsx"
    assert main(["audit", str(path), "--format", "xlsx", "-o", str(out)]) == 1
    book = openpyxl.load_workbook(out)
    summary, project = book.worksheets
    assert [c.value for c in summary[1]][:3] == ["项目", "公布总分", "perfeval总分"]
    rows = list(project.iter_rows(min_row=2, values_only=True))
    assert rows[0][2] == "=HYPERLINK(\"http://x\")" and project["C2"].data_type == "s" and project["C2"].quotePrefix
    assert rows[1][6:9] == (9, 9.8, -0.8) and "score-differs" in rows[1][10]
    assert main(["audit", str(path), "--format", "xlsx"]) == 2       # a workbook needs -o


@pytest.mark.parametrize("name", sorted(p.name for p in SELFEVAL.glob("*.txt")))
def test_every_cell_of_a_real_form_is_read_or_reported(name):
    report = real(name)
    assert report.cells_read + sum(n for _, n in report.cells_left) == report.cells and report.cells_read > 0
    leftover_tables = sorted(d.location.table for d in report.diagnostics if d.code == "import-leftover")
    assert leftover_tables == sorted(table for table, _ in report.cells_left)
