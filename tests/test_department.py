"""The department's self-assessment (部门整体支出绩效自评, rules §5), and the
scheme options that the regional variants choose (docs/presets.md).

The default total is the department's goal indicators, scored like project
targets, worth 90 between them, plus a department-wide 预算执行率 line worth
10: the layout of the published department forms (金寨 2023, 衡山 2023).
"""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pytest

import perfeval
from perfeval.codes import Code

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "indicators" / "caofeidian-hrss-2023.yaml"
ACTUALS = ROOT / "examples" / "actuals-2023.csv"
BUDGET = ROOT / "examples" / "budget-2023.csv"


def seed(**scoring):
    book = perfeval.load(SEED)
    if scoring:
        import attrs

        book = attrs.evolve(book, scoring=attrs.evolve(book.scoring, scheme=perfeval.Scheme.of(
            {**book.scoring.scheme.as_data(), **scoring})))
    return perfeval.grade(book, ACTUALS, budget=BUDGET)


def test_the_seed_department_total_is_its_table():
    """Derived by hand from the seed's own figures (rules §5):

    - the 17 goal indicators of its 4 goals weigh 90/17 each; their ratios
      add up to 16.783081 (16 met at 1, and 城镇登记失业率's …): the mean
      ratio is 98.7240%, so the goals score 90 × 0.987240 = 88.8516;
    - the budget file has no 部门整体 record, so the line is the sum of the
      16 projects: executed 2766.44万元 of 2781.24万元 = 99.4676%, and
      10 × 0.994676 = 9.9468;
    - 88.8516 + 9.9468 = 98.7984, shown 98.80, grade 优 (≥ 90).

    Not the old 86.48 良, the plain mean of the 21 activity ladders, which is
    shown beside it.
    """
    report = seed()
    d = report.department
    assert (d.basis, report.display(report.total), report.grade) == ("table", "98.80", "优")
    goal_rows = [row for g in report.goals for row in g.rows]
    assert len(goal_rows) == 17 and len(d.rows) == 17
    assert all(abs(Fraction(row.weight) - Fraction(90, 17)) < Fraction(1, 10 ** 30) for row in d.rows)
    mean_ratio = sum(Fraction(row.ratio) for row in goal_rows) / 17
    assert round(float(mean_ratio), 6) == 0.987240
    assert d.budget_derived and d.budget is not None and d.budget.weight == 10
    assert d.budget.budget == sum(p.budget.budget for p in report.projects)
    assert round(float(d.budget.rate), 6) == 0.994676
    assert report.display(d.activities_mean) == "86.48"  # the old headline, now beside it
    assert abs(d.exact_total - Fraction(d.goals_points) - Fraction(d.budget.points)) < Fraction(1, 10 ** 30)


def test_weighting_the_four_goals_equally_gives_97_32():
    """The issue's cross-check: with each goal's own total (its indicators
    sharing 100) weighted equally, 0.9 × mean + 10 × 99.47% = 97.32."""
    report = seed()
    d = report.department
    goals = sum(Fraction(g.total) for g in report.goals) / len(report.goals)
    total = goals * Fraction(9, 10) + Fraction(d.budget.points)
    assert f"{float(total):.2f}" == "97.32"


def test_the_department_budget_record_is_used_when_given(tmp_path):
    budget = tmp_path / "budget.csv"
    lines = BUDGET.read_text(encoding="utf-8").splitlines()
    budget.write_text("\n".join([*lines, "部门整体,3000万元,2900万元,年初3000万元"]) + "\n", encoding="utf-8")
    report = perfeval.grade(perfeval.load(SEED), ACTUALS, budget=budget)
    d = report.department
    assert not d.budget_derived
    assert abs(Fraction(d.budget.rate) - Fraction(29, 30)) < Fraction(1, 10 ** 30)
    assert "budget-derived" not in [p.code for p in report.problems]


@pytest.mark.parametrize("basis, expected", [
    ("activities_mean", "86.48"),   # the plain mean of the 21 activities (the old headline)
    ("projects_mean", None),
    ("budget_weighted", None),
])
def test_other_bases(basis, expected):
    report = seed(department=basis)
    assert report.department.basis == basis
    if expected:
        assert report.display(report.total) == expected
    if basis == "projects_mean":
        assert report.total == report.department.projects_mean


def test_a_book_without_goals_falls_back_with_a_warning():
    book = perfeval.loads("""\
perfeval: 1
department: {code: "1", name: 局}
year: 2023
activities:
  - code: A
    name: 甲
    indicators:
      - {name: 到位率, ladder: ["100%", "≥90%", "≥80%", "<80%"]}
""")
    report = book.grade({"A/到位率": "92%"})
    assert report.department.basis == "activities_mean" and report.display(report.total) == "80.00"
    assert [p.code for p in report.problems if p.code == Code.DEPARTMENT_FALLBACK] == ["department-fallback"]


def test_the_budget_weight_is_an_option():
    """Some provinces give the budget line 20 (黄石 2022, docs/presets.md): goals then share 80."""
    report = seed(budget_weight="20")
    d = report.department
    assert d.goals_weight == 80 and d.budget.weight == 20
    goals = sum(Fraction(row.ratio) for g in report.goals for row in g.rows) / 17
    expected = 80 * goals + 20 * Fraction(d.budget.rate)  # 80 × 98.72% + 20 × 99.47% = 98.87
    assert abs(Fraction(report.total) - expected) < Fraction(1, 10 ** 28)
    assert report.display(report.total) == "98.87"


def test_the_budget_denominator_may_be_the_initial_budget(tmp_path):
    budget = tmp_path / "budget.csv"
    budget.write_text("project,budget,executed,initial\n部门整体,3000万元,2900万元,2900万元\n", encoding="utf-8")
    full = perfeval.grade(perfeval.load(SEED), ACTUALS, budget=budget)
    book = perfeval.load(SEED)
    import attrs

    initial = attrs.evolve(book, scoring=attrs.evolve(book.scoring, scheme=perfeval.Scheme(
        budget_denominator="initial")))
    by_initial = perfeval.grade(initial, ACTUALS, budget=budget)
    assert full.department.budget.rate < 1 and by_initial.department.budget.rate == 1


def test_a_missed_target_without_a_reason_needs_one():
    """Rules §4: a row needs a reason (偏差原因分析及改进措施) when its target is missed."""
    book = perfeval.loads("""\
perfeval: 1
department: {code: "1", name: 局}
year: 2023
projects:
  - name: P
    indicators:
      - {group: 产出指标, subgroup: 数量指标, name: 培训人数, target: "≥100人"}
""")
    bare = book.grade({"P/培训人数": "90人"}).rows[0]
    assert Code.NOTE_REQUIRED in bare.flags
    explained = book.grade({"P/培训人数": {"actual": "90人", "note": "疫情停训一期"}}).rows[0]
    assert Code.NOTE_REQUIRED not in explained.flags


def test_each_indicator_is_labelled_by_tier_and_only_totals_carry_grades():
    report = seed()
    labels = {row.grade for p in report.projects for row in p.rows if row.status == "graded"}
    assert labels <= {"达成", "部分达成", "未达成"}
    assert {p.grade for p in report.projects} <= {"优", "良", "中", "差"}


# --- the regional variants (docs/presets.md): each changes one figure as its source says ------

SMALL = """\
perfeval: 1
department: {{code: "1", name: 局}}
year: 2023
scoring: {scoring}
goals:
  - name: 目标
    indicators:
      - {{name: 新增就业, target: "≥100人"}}
projects:
  - name: P
    indicators:
      - {{group: 产出指标, subgroup: 数量指标, name: 培训人数, target: "≥90人"}}
      - {{group: 效益指标, subgroup: 社会效益指标, name: 政策落实, target: 严格落实相关政策}}
      - {{group: 满意度指标, subgroup: 服务对象满意度指标, name: 满意度, target: "≥90%"}}
"""
ALL = {"目标/新增就业": "100人", "P/培训人数": "60人", "P/政策落实": "部分达成", "P/满意度": "95%"}


def small(scoring: str = "{}", budget=None, actuals=None):
    book = perfeval.loads(SMALL.format(scoring=scoring))
    return book.grade(actuals or ALL, budget=budget if budget is not None else {"P": ("100", "80")})


def project(report):
    return report.projects[0]


def test_national_2020_is_the_default():
    """national-2020: 产出 50, 效益 30, 满意度 10, 预算执行率 10 (池州 2022, 丽江 2020 apply them)."""
    assert small("{preset: national-2020}").projects == small().projects
    p = project(small())
    # 产出 50 × 60/90 + 效益 30 × 0.7 + 满意度 10 + 预算 10 × 0.8 = 33.33 + 21 + 10 + 8
    assert small().display(p.total) == "72.33"


def test_hubei_weighs_the_budget_20_and_effects_with_satisfaction_40():
    """hubei (黄石 2022): 预算执行率 20 (20分*执行率); 产出 40; 效益+满意度 40 share."""
    report = small("{preset: hubei}")
    p = project(report)
    groups = {s.group: s for s in p.subtotals}
    assert set(groups) == {"产出", "效益+满意度", "预算执行率"}
    assert groups["预算执行率"].weight == 20 and groups["预算执行率"].points == 16  # 20 × 80%
    assert groups["效益+满意度"].weight == 40  # 20 × 0.7 + 20 × 1 = 34 between the two indicators
    assert groups["效益+满意度"].points == 34
    assert report.department.budget is None or report.department.budget.weight == 20


def test_department_10_90_and_chongqing_weigh_the_department_budget_line_10():
    """department-10-90 (金寨, 衡山 2023) and chongqing (执行率权重 10): the line is worth 10."""
    for name in ("department-10-90", "chongqing"):
        d = small(f"{{preset: {name}}}", budget={"P": ("100", "80"), "部门整体": ("200", "150")}).department
        assert (d.basis, d.budget.weight, d.goals_weight) == ("table", 10, 90)


def test_qingshen_requires_a_reason_below_90_percent():
    """qingshen (青神 2023): 预算执行率未达到90%的需说明原因."""
    report = small("{preset: qingshen}")
    reasons = [p for p in report.problems if p.code == Code.NOTE_REQUIRED and p.subject == "P"]
    assert len(reasons) == 1 and "80" not in reasons[0].code
    explained = small("{preset: qingshen}", budget=[{"project": "P", "budget": "100", "executed": "80",
                                                     "note": "年底资金未拨付"}])
    assert [p for p in explained.problems if p.code == Code.NOTE_REQUIRED and p.subject == "P"] == []
    raised = small("{reason_below: 70}")  # the threshold is an option: 80% is enough at 70
    assert [p for p in raised.problems if p.code == Code.NOTE_REQUIRED and p.subject == "P"] == []


def test_legacy_80_50_moves_the_midpoint_of_partly_achieved():
    """legacy-80-50 (长江禁捕 2020: 100%-80% / 80%-50% / 50%-0%): 部分达成 alone is 65%, not 70%."""
    legacy = project(small("{preset: legacy-80-50}"))
    row = next(r for r in legacy.rows if r.name == "政策落实")
    assert row.ratio == D("0.65")
    assert next(r for r in project(small()).rows if r.name == "政策落实").ratio == D("0.7")


def test_jinzhai_leaves_an_over_executed_budget_score_blank():
    """jinzhai-blank (金寨 2023: 102.59% with an empty 得分 cell): no points, and a reason is required."""
    over = {"P": ("100", "110")}
    capped = project(small(budget=over)).budget
    blank_report = small("{preset: jinzhai-blank}", budget=over)
    blank = project(blank_report).budget
    assert capped.over and capped.points == 10 and not capped.blank
    assert blank.over and blank.blank and blank.points == 0
    assert "P" in [p.subject for p in blank_report.problems if p.code == Code.NOTE_REQUIRED]


def test_flag_caps_an_over_execution_and_requires_a_reason():
    report = small("{over_execution: flag}", budget={"P": ("100", "110")})
    assert project(report).budget.points == 10
    assert "P" in [p.subject for p in report.problems if p.code == Code.NOTE_REQUIRED]
    assert "P" not in [p.subject for p in small(budget={"P": ("100", "110")}).problems if p.code == Code.NOTE_REQUIRED]


def test_whole_points_round_each_row_before_adding():
    """points: whole (池州 2022 prints whole points): 50 × 60/90 = 33.33 is 33."""
    exact = project(small())
    whole = project(small("{points: whole}"))
    row = next(r for r in whole.rows if r.name == "培训人数")
    assert row.points == 33 and whole.total == 33 + 21 + 10 + 8
    assert exact.total != whole.total


def test_dazhou_scores_the_department_by_framework_blocks():
    """dazhou (达州: 部门决策 25 / 综合管理 30 / 部门绩效情况 45): blocks over indicators."""
    text = SMALL.format(scoring="{preset: dazhou}").replace(
        'department: {code: "1", name: 局}',
        'department:\n  code: "1"\n  name: 局\n  framework:\n'
        '    - {name: 决策, weight: 25, indicators: [目标/新增就业]}\n'
        '    - {name: 管理, weight: 30, indicators: [P/政策落实]}\n'
        '    - {name: 绩效, weight: 45, indicators: [P/培训人数, P/满意度]}')
    report = perfeval.loads(text).grade(ALL, budget={"P": ("100", "80")})
    d = report.department
    # 25 × 1 + 30 × 0.7 + 45 × (60/90 + 1) / 2 = 25 + 21 + 37.5 = 83.5
    assert (d.basis, report.total, report.grade) == ("framework", D("83.5"), "良")
    with pytest.raises(perfeval.BookError) as info:  # the preset needs the blocks
        perfeval.loads(SMALL.format(scoring="{preset: dazhou}"))
    assert [p.code for p in info.value.problems if p.severity == "error"] == [Code.MISSING_KEY]


def test_an_unknown_preset_names_the_presets():
    with pytest.raises(perfeval.BookError) as info:
        perfeval.loads(SMALL.format(scoring="{preset: hubie}"))
    (problem,) = [p for p in info.value.problems if p.severity == "error"]
    assert problem.code == Code.BAD_VALUE and "did you mean 'hubei'" in problem.message
