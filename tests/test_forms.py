"""The official forms as data (perfeval.grading.forms), the budget file's
``source`` column, and the text 自评表 laid out from the forms.

The forms follow the national layout field for field
(tests/fixtures/national_forms.py): 项目名称, 主管部门, 实施单位; the funding
block 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 on 年度资金总额
and its sources; 年度总体目标 (预期目标, 实际完成情况); the indicators; 总分
and 自评等级; and the 说明.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import attrs
import pytest

import perfeval
from formdata import ACTUALS, BOOK, BUDGET, LONG_ONE, book, graded
from perfeval import render
from perfeval.book.inputs import FUNDING_SOURCES, budget_figures
from perfeval.codes import Code
from perfeval.grading import forms
from perfeval.grading.forms import FUNDING_LABELS, department_form, project_forms

ROOT = Path(__file__).resolve().parent.parent


# --- the budget file's source column --------------------------------------------------

def test_budget_records_group_by_project_and_source():
    problems = []
    figures = budget_figures(BUDGET, problems)
    assert problems == []
    assert set(figures) == {"招聘经费", "部门整体", LONG_ONE, LONG_ONE.replace("一", "二")}
    recruiting = figures["招聘经费"]
    assert (recruiting.initial, recruiting.budget, recruiting.executed) == (D(300000), D(280000), D(253000))
    assert [s.source for s in recruiting.sources] == ["当年财政拨款", "上年结转资金"]  # in the form's order
    current = recruiting.source("当年财政拨款")
    assert (current.initial, current.budget, current.executed) == (D(300000), D(250000), D(230000))
    carried = recruiting.source("上年结转资金")
    assert carried.initial is None and carried.budget == D(30000)
    assert recruiting.source("其他资金") is None
    assert figures[LONG_ONE].sources == ()  # no source: the total alone, as before


def test_sources_may_come_before_their_total_and_in_any_order():
    records = [{"project": "P", "source": "其他资金", "budget": "1", "executed": "1"},
               {"project": "P", "source": "当年财政拨款", "budget": "9", "executed": "8"},
               {"project": "P", "budget": "10", "executed": "9"}]
    problems = []
    figures = budget_figures(records, problems)
    assert problems == [] and [s.source for s in figures["P"].sources] == ["当年财政拨款", "其他资金"]


def test_a_source_is_one_of_three_and_池州s_本年_is_当年():
    problems = []
    figures = budget_figures([{"project": "P", "budget": "10", "executed": "9"},
                              {"project": "P", "source": "本年财政拨款", "budget": "8", "executed": "7"},
                              {"project": "P", "source": "上年结余资金", "budget": "2", "executed": "2"}], problems)
    assert [s.source for s in figures["P"].sources] == ["当年财政拨款"]
    (problem,) = problems
    assert problem.code == Code.BAD_BUDGET and problem.severity == "error"
    assert "'上年结余资金' is not one of 当年财政拨款, 上年结转资金, 其他资金" in problem.message
    assert "did you mean '上年结转资金'" in problem.message
    assert FUNDING_SOURCES == ("当年财政拨款", "上年结转资金", "其他资金")


def test_a_source_given_twice_keeps_the_first():
    problems = []
    figures = budget_figures([{"project": "P", "budget": "10", "executed": "9"},
                              {"project": "P", "source": "其他资金", "budget": "1", "executed": "1"},
                              {"project": "P", "source": "其他资金", "budget": "2", "executed": "2"}], problems)
    assert figures["P"].source("其他资金").budget == D(10000)
    assert [(p.code, p.severity) for p in problems] == [(Code.DUPLICATE_PROJECT, "error")]
    assert "其他资金 is given twice" in problems[0].message


def test_sources_without_their_total_are_an_error_and_the_budget_is_missing():
    """The total is not the sources' to guess: they may be only some of them."""
    records = [{"project": "招聘经费", "source": "当年财政拨款", "budget": "25", "executed": "23"}]
    report = book().grade(ACTUALS, budget=records)
    (problem,) = [p for p in report.problems if p.code == Code.BAD_BUDGET]
    assert problem.severity == "error" and "without the total" in problem.message
    assert next(p for p in report.projects if p.name == "招聘经费").missing_budget


def test_a_total_that_cannot_be_read_takes_its_sources_with_it_and_says_so_once():
    problems = []
    figures = budget_figures([{"project": "P", "budget": "0", "executed": "9"},
                              {"project": "P", "source": "其他资金", "budget": "1", "executed": "1"}], problems)
    assert figures == {} and [p.message for p in problems] == ["P: the full-year budget must be above 0"]


def test_sources_that_do_not_add_up_to_the_total_are_a_warning():
    over = [{"project": "P", "budget": "10", "executed": "9"},
            {"project": "P", "source": "当年财政拨款", "budget": "11", "executed": "9"}]
    problems = []
    budget_figures(over, problems)
    assert [(p.code, p.severity) for p in problems] == [(Code.BAD_BUDGET, "warning")]
    assert "the sources' budget add up to 110000元, and the total's is 100000元" in problems[0].message
    all_three = [{"project": "P", "budget": "10", "executed": "9"},
                 *({"project": "P", "source": s, "budget": "3", "executed": "3"} for s in FUNDING_SOURCES)]
    problems = []
    budget_figures(all_three, problems)  # 9 of 10 and 9 of 9: the budget's three parts miss one
    assert [p.message.split(": ")[1][:26] for p in problems] == ["the sources' budget add up"]
    some = [{"project": "P", "budget": "10", "executed": "9"},
            {"project": "P", "source": "上年结转资金", "budget": "3", "executed": "3"}]
    problems = []
    budget_figures(some, problems)  # a part of the total: nothing to say
    assert problems == []


def test_a_source_record_holds_figures_only():
    problems = []
    figures = budget_figures([{"project": "P", "budget": "10", "executed": "9"},
                              {"project": "P", "source": "其他资金", "budget": "1", "executed": "1", "note": "捐赠"}],
                             problems)
    assert figures["P"].source("其他资金") is not None  # kept, and the note is said to be misplaced
    assert [p.code for p in problems] == [Code.BAD_BUDGET]
    assert "a note and a summary go on the record without a source" in problems[0].message
    problems = []
    budget_figures([{"project": "P", "budget": "10", "executed": "9"},
                    {"project": "P", "source": "其他资金", "budget": "-1", "executed": "1"}], problems)
    assert "cannot be negative" in problems[0].message


def test_the_budget_file_has_an_optional_source_column(tmp_path):
    budget = tmp_path / "budget.csv"
    budget.write_text("project,source,initial,budget,executed,note\n"
                      "招聘经费,,30,28,25.3,线上举办\n"
                      "招聘经费,当年财政拨款,30,25,23,\n"
                      "招聘经费,上年结转资金,,3,2.3,\n", encoding="utf-8")
    records = perfeval.io.read_budget(budget)
    assert [r.get("source") for r in records] == ["", "当年财政拨款", "上年结转资金"]
    problems = []
    figures = budget_figures(records, problems)
    assert problems == [] and [s.source for s in figures["招聘经费"].sources] == ["当年财政拨款", "上年结转资金"]
    yaml = tmp_path / "budget.yaml"
    yaml.write_text("- {project: 招聘经费, budget: 28, executed: 25.3}\n"
                    "- {project: 招聘经费, source: 其他资金, budget: 3, executed: 2}\n", encoding="utf-8")
    assert [r.get("source") for r in perfeval.io.read_budget(yaml)] == [None, "其他资金"]
    report = perfeval.grade(book(), ACTUALS, budget=budget)  # grading reads the file with its sources
    assert not [p for p in report.problems if p.code == Code.BAD_BUDGET]


# --- the forms, field by field ---------------------------------------------------------

def test_the_forms_fields_are_in_the_national_forms_order():
    names = [f.name for f in attrs.fields(forms.ProjectForm)]
    assert names[:11] == ["year", "project", "department", "unit", "funding", "goal", "indicators", "weight",
                          "total", "grade", "remarks"]
    names = [f.name for f in attrs.fields(forms.DepartmentForm)]
    assert names[:10] == ["year", "department", "basis", "funding", "goal", "indicators", "weight", "total",
                          "grade", "remarks"]
    # 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分
    assert [f.name for f in attrs.fields(forms.FundingLine)] == ["label", "initial", "budget", "executed", "weight",
                                                                 "rate", "points"]
    assert FUNDING_LABELS == ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")
    # 一级指标 / 二级指标 / 三级指标 / 年度指标值 / 实际完成值 / 分值 / 得分 / 偏差原因分析及改进措施
    assert [f.name for f in attrs.fields(forms.IndicatorLine)][1:9] == [
        "group", "subgroup", "name", "target", "actual", "weight", "points", "note"]
    assert [f.name for f in attrs.fields(forms.OverallGoal)] == ["expected", "achieved"]


def test_the_project_form_of_a_report():
    report = graded()
    form = next(f for f in project_forms(report) if f.project == "招聘经费")
    result = next(p for p in report.projects if p.name == "招聘经费")
    assert (form.title, form.year, form.department, form.unit) == ("项目支出绩效自评表", 2023, "示例局", "示例局")
    assert project_forms(report, units={"招聘经费": "示例局就业服务中心"})[0].unit == "示例局就业服务中心"
    # the funding block: the record as given, the line as scored
    total, current, carried, other = form.funding.lines
    assert (total.initial, total.budget, total.executed) == (D(300000), D(280000), D(253000))
    assert (total.weight, total.rate, total.points) == (result.budget.weight, result.budget.rate, result.budget.points)
    assert (current.label, current.budget, current.executed, current.weight, current.points) == (
        "其中：当年财政拨款", D(250000), D(230000), None, None)
    assert current.rate == D("0.92")
    assert (carried.initial, carried.budget, carried.executed) == (None, D(30000), D(23000))
    assert (other.budget, other.executed, other.rate) == (None, None, None)
    assert form.funding.note == "部分场次改为线上举办" and not form.funding.note_required
    # 年度总体目标
    assert (form.goal.expected, form.goal.achieved) == ("组织招聘活动，促进就业。", "全年组织招聘会32场。")
    # the indicators, grouped under 产出, 效益, 满意度, each with its label
    lines = {line.name: line for line in form.indicators}
    assert [line.name for line in form.indicators] == [r.name for r in result.rows]
    assert lines["招聘活动组织次数"].label == "部分达成" and lines["招聘活动组织次数"].note_required
    assert lines["参会单位数"].label == "未达成" and lines["参会单位数"].note == "受疫情影响，线下招聘会减少"
    assert lines["按期完成"].label == "达成" and lines["按期完成"].remark is None
    for row in result.rows:
        line = lines[row.name]
        assert (line.group, line.subgroup, line.target, line.actual, line.weight, line.points) == (
            row.group, row.subgroup, row.definition, row.actual, row.weight, row.points)
    # 总分 and 自评等级, and the 说明
    assert (form.weight, form.total, form.grade) == (D(100), result.total, result.grade)
    assert form.remarks == (lines["招聘活动组织次数"].remark,)
    assert form.remarks[0].startswith("招聘活动组织次数: note-required: ")


def test_the_forms_before_grading_passes_the_records_on():
    """Without the budget record on the report (grade.py passes it on), the
    funding block shows the line it scored: 全年预算数 and 全年执行数."""
    report = book().grade(ACTUALS, budget=BUDGET)
    form = next(f for f in project_forms(report) if f.project == "招聘经费")
    total = form.funding.total
    assert (total.budget, total.executed, total.rate) == (D(280000), D(253000), form.funding.total.rate)
    assert form.funding.note == "部分场次改为线上举办"


def test_the_department_form_of_a_report():
    report = graded()
    form = department_form(report)
    d = report.department
    assert (form.title, form.department, form.basis) == ("部门整体支出绩效自评表", "示例局", "table")
    total, current, carried, _ = form.funding.lines
    assert (total.initial, total.budget, total.executed) == (D(30000000), D(32000000), D(31000000))
    assert (total.weight, total.rate, total.points) == (D(10), d.budget.rate, d.budget.points)
    assert (current.budget, current.executed, carried.budget) == (D(30000000), D(29500000), None)
    assert form.funding.caption == "预算资金（万元）"
    assert form.goal.expected == "就业目标：稳定和扩大就业。\n社保目标：应保尽保。"
    assert form.goal.achieved == "全年完成就业目标。"
    # the goal indicators at their department weights
    assert [(line.id, line.weight, line.points) for line in form.indicators] == [
        (r.id, r.weight, r.points) for r in d.rows]
    assert sum(line.weight for line in form.indicators) == d.goals_weight == 90 - 0 * 1
    assert [line.label or line.status for line in form.indicators] == ["达成", "error", "missing"]
    assert (form.weight, form.total, form.grade) == (D(100), d.total, d.grade)
    assert (form.missing, form.errors, form.needs_judgement) == (1, 1, 0)
    assert [line.split(":")[0] for line in form.remarks] == ["城镇登记失业率"]


def test_the_department_form_says_when_its_budget_is_the_projects_sum_or_its_total_a_mean():
    derived = graded(budget=[r for r in BUDGET if r["project"] != "部门整体"])
    form = department_form(derived)
    assert form.funding.derived and form.funding.total.initial is None
    assert form.remarks[0].startswith("年度资金总额: budget-derived: ")
    mean = graded("scoring: {department: activities_mean}")
    form = department_form(mean)
    assert (form.basis, form.indicators, form.funding.total.weight) == ("activities_mean", (), None)
    assert form.remarks[0] == "总分: 各活动得分平均" and form.total == mean.department.total


def test_a_missing_budget_line_scores_nothing_on_the_form():
    report = graded(budget=[r for r in BUDGET if r["project"] != "招聘经费"])
    form = next(f for f in project_forms(report) if f.project == "招聘经费")
    assert form.funding.missing and form.funding.total.points == 0 and form.funding.total.budget is None
    assert form.funding.total.weight == 10


def test_a_blank_score_on_over_execution_is_blank_on_the_form():
    """jinzhai-blank (金寨 2023): an over-executed line's 得分 is left blank."""
    report = graded("scoring: {preset: jinzhai-blank}")
    form = next(f for f in project_forms(report) if f.project == LONG_ONE)
    assert form.funding.blank and form.funding.over and form.funding.total.points is None
    assert form.funding.note_required  # the preset requires a reason for over-execution
    line = next(line for line in render.selfeval(report).splitlines()
                if line.startswith("年度资金总额") and "110.00%" in line)
    # 年初 全年 执行 分值 执行率, then no 得分, and the note
    assert line.split() == ["年度资金总额", "—", "10", "11", "14.29", "110.00%", "超预算执行；（偏差原因必填）"]


def test_the_sources_rates_divide_by_what_the_total_divides_by():
    """budget_denominator: initial divides every line by its 年初预算数."""
    form = next(f for f in project_forms(graded("scoring: {budget_denominator: initial}"))
                if f.project == "招聘经费")
    total, current, carried, _ = form.funding.lines
    assert f"{total.rate:.12f}" == "0.843333333333"  # 25.3 / 30
    assert f"{current.rate:.12f}" == "0.766666666667"  # 23 / 30, not 23 / 25
    assert carried.rate is None  # no 年初预算数 to divide by


# --- the text 自评表 ----------------------------------------------------------------------

def test_the_text_form_shows_the_funding_sources_and_the_overall_goal():
    text = render.selfeval(graded())
    project = text[text.index("项目名称：招聘经费"):]
    lines = project.splitlines()
    assert lines[1:3] == ["主管部门：示例局", "实施单位：示例局"]
    assert next(line for line in lines if line.startswith("年度资金总额")).split() == [
        "年度资金总额", "30", "28", "25.3", "10.00", "90.36%", "9.04", "部分场次改为线上举办"]
    assert next(line for line in lines if line.startswith("其中：当年财政拨款")).split() == [
        "其中：当年财政拨款", "30", "25", "23", "—", "92.00%", "—"]
    assert next(line for line in lines if line.startswith("上年结转资金")).split() == [
        "上年结转资金", "—", "3", "2.3", "—", "76.67%", "—"]
    assert "年度总体目标\n  预期目标：组织招聘活动，促进就业。\n  实际完成情况：全年组织招聘会32场。" in project
    department = text[:text.index("项目支出绩效自评表")]
    assert "  预期目标：就业目标：稳定和扩大就业。\n    社保目标：应保尽保。\n" in department


def test_the_text_form_of_a_report_without_projects_is_the_departments():
    report = perfeval.loads("perfeval: 1\ndepartment: {name: 空局}\nyear: 2023\n"
                            "goals:\n  - name: 目标\n    indicators:\n      - {name: 指标, target: '≥1次'}\n"
                            ).grade({"目标/指标": "1次"})
    text = render.selfeval(report)
    assert text.startswith("部门整体支出绩效自评表") and "项目支出绩效自评表" not in text


@pytest.mark.parametrize("code", [Code.BAD_BUDGET, Code.DUPLICATE_PROJECT])
def test_a_problem_with_a_projects_budget_record_reaches_its_forms_remarks(code):
    records = [*BUDGET, {"project": "招聘经费", "source": "其他资金", "budget": "x", "executed": "1"},
               {"project": "招聘经费", "source": "当年财政拨款", "budget": "1", "executed": "1"}]
    the_book = book()
    report = the_book.grade(ACTUALS, budget=records)
    form = next(f for f in project_forms(report) if f.project == "招聘经费")
    assert any(line.startswith(f"年度资金总额: {code}: 招聘经费") or line.startswith(f"年度资金总额: {code}: '招聘经费'")
               for line in form.remarks)


def test_groups_that_share_their_points_have_one_subtotal_after_the_last_of_them():
    """hubei (效益+满意度 40): the shared subtotal follows the 满意度 rows, on the form and in the workbook's summary."""
    report = graded("scoring: {preset: hubei}")
    form = render.selfeval(report)
    project = form[form.index("项目名称：招聘经费"):].splitlines()
    firsts = [line.split()[0] for line in project if line.strip()]
    subtotals = [w for w in firsts if w.endswith("小计")]
    assert subtotals[:2] == ["产出指标小计", "效益+满意度指标小计"]
    assert firsts.index("效益+满意度指标小计") == firsts.index("满意度指标") + 1


def test_the_department_form_by_framework_blocks_groups_its_rows_by_block():
    """dazhou (部门决策 25 / 综合管理 30 / 部门绩效情况 45): each row's 一级指标 is its block."""
    report = perfeval.loads(BOOK_WITH_FRAMEWORK).grade(ACTUALS, budget=BUDGET)
    form = department_form(report)
    assert form.basis == "framework" and form.funding.total.weight is None
    assert [(line.group, line.name) for line in form.indicators] == [
        ("决策", "城镇新增就业"), ("管理", "招聘活动组织次数"), ("绩效", "促进就业人数"), ("绩效", "服务对象满意度")]
    assert sum(line.weight for line in form.indicators) == 100 and form.total == report.department.total


BOOK_WITH_FRAMEWORK = BOOK.replace(
    'department: {code: "902", name: 示例局}',
    'department:\n  code: "902"\n  name: 示例局\n  framework:\n'
    '    - {name: 决策, weight: 25, indicators: [就业目标/城镇新增就业]}\n'
    '    - {name: 管理, weight: 30, indicators: [招聘经费/招聘活动组织次数]}\n'
    '    - {name: 绩效, weight: 45, indicators: [招聘经费/促进就业人数, 招聘经费/服务对象满意度]}'
).replace("year: 2023\n", "year: 2023\nscoring: {preset: dazhou}\n")


def test_the_sources_are_added_exactly_whatever_the_context():
    import decimal

    from test_exact import HOSTILE

    records = [{"project": "P", "budget": "28.4411", "executed": "25.3"},
               {"project": "P", "source": "当年财政拨款", "budget": "25.3301", "executed": "23"},
               {"project": "P", "source": "上年结转资金", "budget": "3.111", "executed": "2.3"}]
    problems: list = []
    with decimal.localcontext(decimal.Context(**HOSTILE)):
        budget_figures(records, problems)
    assert problems == []  # 25.3301 + 3.111 = 28.4411 exactly: they add up
