"""Laws of the totals (rules §5), as Hypothesis properties."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from perfeval.grading.totals import allot, budget_execution, grade_of_total, redistribute
from perfeval.rules import GRADES

AMOUNTS = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)



@given(st.lists(st.tuples(st.one_of(st.none(), st.decimals(0, 30, places=1)), st.booleans()), min_size=1,
                max_size=12), st.sampled_from([D(100), D(50), D(30), D(10)]))
def test_allotted_weights_share_the_total(items, total):
    """Rules §5: inside a group weights split equally unless given; not
    applicable indicators drop out and the rest are rescaled to the same
    total.  So: applicable weights sum to the total, the others are 0, none
    is negative."""
    given_weights = [w for w, _ in items]
    applicable = [a for _, a in items]
    assume(sum(w for w in given_weights if w is not None) <= total)
    weights = allot(given_weights, applicable, Fraction(total))
    assert all(w >= 0 for w in weights)
    assert all(w == 0 for w, a in zip(weights, applicable, strict=True) if not a)
    if sum(weights) != 0:
        assert sum(weights) == total  # exactly: the arithmetic of totals is exact


@given(st.dictionaries(st.sampled_from(["产出", "效益", "满意度", "预算执行率"]), st.decimals(0, 60, places=0),
                       min_size=1), st.data())
def test_redistribution_keeps_the_total(weights, data):
    """Rules §5: a group with no indicators hands its weight to the other
    groups in proportion, so the project's total stays the same."""
    present = {g: data.draw(st.booleans()) for g in weights}
    out = redistribute(weights, present)
    if any(present[g] and weights[g] for g in weights):
        assert sum(out.values()) == sum(weights.values())
    assert all(out[g] == 0 for g in weights if not present[g])


@given(st.decimals(0, 100, places=3), st.decimals(0, 100, places=3))
def test_a_higher_total_never_grades_worse(a, b):
    """Rules §5: [90, 100] 优, [80, 90) 良, [60, 80) 中, [0, 60) 差."""
    low, high = sorted((a, b))
    assert GRADES.index(grade_of_total(high)) <= GRADES.index(grade_of_total(low))


@given(AMOUNTS.filter(lambda b: b > 0), AMOUNTS, st.decimals(0, 20, places=1))
def test_budget_execution_points_lie_in_zero_to_weight(budget, executed, weight):
    """Rules §5: executed ÷ budget × weight, capped at the weight; over-execution flagged."""
    line = budget_execution(budget, executed, weight)
    assert 0 <= line.points <= weight
    assert line.over == (executed > budget)


# --- a whole book: a better actual never lowers a total --------------------------

from perfeval import loads  # noqa: E402

_BOOK = loads("""\
perfeval: 1
department: {code: "1", name: 局}
year: 2023
activities:
  - code: A
    name: 甲
    indicators:
      - {name: 到位率, ladder: ["100%", "≥90%", "≥80%", "<80%"]}
      - {name: 人数, ladder: ["400人以上", "360-400人", "320-360人", "320以下"]}
      - {name: 及时性, ladder: ["及时", "延期一周", "延期两周", "延期三周"]}
projects:
  - name: P
    indicators:
      - {group: 产出指标, subgroup: 数量指标, name: 人数, target: "≥100人"}
      - {group: 产出指标, subgroup: 成本指标, name: 成本, target: "≤20万元"}
      - {group: 满意度指标, subgroup: 服务对象满意度指标, name: 满意度, target: "≥90%"}
""")
RATES = st.decimals(0, 120, places=1)
PEOPLE = st.integers(0, 500)
DAYS = st.integers(0, 40)
COSTS = st.decimals(1, 60, places=1)


def _totals(rate, people, days, count, cost, satisfaction):
    report = _BOOK.grade({"A/到位率": f"{rate}%", "A/人数": f"{people}人", "A/及时性": f"延期{days}天",
                          "P/人数": f"{count}人", "P/成本": f"{cost}万元", "P/满意度": f"{satisfaction}%"},
                         budget={"P": ("100", "90")})
    return report.activities[0].total, report.projects[0].total


@given(RATES, RATES, PEOPLE, PEOPLE, DAYS, DAYS, PEOPLE, PEOPLE, COSTS, COSTS, RATES, RATES)
def test_a_better_actual_never_lowers_a_total(r1, r2, p1, p2, d1, d2, c1, c2, k1, k2, s1, s2):
    """Rules §3–5 together: improving any actual (a higher rate or count, a
    shorter delay, a lower cost) never lowers the activity or project total."""
    worse = _totals(min(r1, r2), min(p1, p2), max(d1, d2), min(c1, c2), max(k1, k2), min(s1, s2))
    better = _totals(max(r1, r2), max(p1, p2), min(d1, d2), max(c1, c2), min(k1, k2), max(s1, s2))
    assert better[0] >= worse[0] and better[1] >= worse[1]
    assert all(0 <= t <= 100 for t in (*worse, *better))
