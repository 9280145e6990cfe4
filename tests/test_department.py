"""The department's self-assessment (部门整体支出绩效自评, rules §5), and the
scheme options that the regional variants choose (docs/presets.md).

The default total is the department's goal indicators, scored like project
targets, worth 90 between them, plus a department-wide 预算执行率 line worth
10: the layout of the published department forms (金寨 2023, 衡山 2023).
"""

from __future__ import annotations

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
    budget.write_text("\n".join([*lines, "部门整体,3000万元,2900万元,,,年初3000万元"]) + "\n", encoding="utf-8")
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
