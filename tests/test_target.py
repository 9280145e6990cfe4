"""Scoring a single target: rules §4, every row of its table.

Ratios are exact Decimals: each row states the arithmetic it expects.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from perfeval import DefinitionError, NotationError, Scheme, target
from perfeval._arith import div, mul, sub

D = Decimal

SCORES = [
    # (target text, keyword arguments, actual, achieved, ratio)
    # --- ≥ (正向): achieved when met, else actual / target
    ("≥7000万元", {}, "7200万元", True, D(1)),
    ("≥7000万元", {}, "6300万元", False, D("0.9")),               # 6300 / 7000
    ("≥7000万元", {}, "0.63亿元", False, D("0.9")),               # the same in 亿元
    ("≥7000万元", {}, 6300, False, D("0.9")),                     # a bare actual takes the target's unit
    ("≥7000万元", {}, 63000000, True, D(1)),                      # …so 63000000 means 63000000万元
    (">2", {}, 3, True, D(1)),
    (">2", {}, 1, False, D("0.5")),                               # 1 / 2
    ("≥95%", {}, "94%", False, div(D(94), D(95))),               # 34 digits, whatever the caller's context
    ("2900户", {}, "2610户", False, D("0.9")),                     # bare → ≥: 2610 / 2900
    ("≥0", {}, 0, True, D(1)),                                    # a target of 0 under ≥: any actual ≥ 0
    ("≥0", {}, -1, False, D(0)),
    # --- ≤ (反向): achieved when met, else target / actual (the form's A/B rule)
    ("≤30万元", {}, "28万元", True, D(1)),
    ("≤30万元", {}, "40万元", False, D("0.75")),                  # 30 / 40
    ("<30万元", {}, "30万元", False, D(1)),                        # strict: not achieved, 30/30
    ("≤30万元", {"scheme": {"reverse": "linear"}}, "40万元", False, sub(D(1), div(D(10), D(30)))),  # 1 − (40−30)/30
    ("≤30万元", {"scheme": {"reverse": "linear"}}, "60万元", False, D(0)),  # 0 at twice the target
    ("≤30万元", {"scheme": {"reverse": "linear"}}, "70万元", False, D(0)),  # never below 0
    ("≤0", {}, 0, True, D(1)),                                    # a target of 0 under ≤
    ("≤0", {}, "0.1", False, D(0)),                               # any actual above 0 scores 0
    ("6000元/人", {"subgroup": "成本指标"}, "7500元/人", False, D("0.8")),  # 成本 → ≤: 6000 / 7500
    ("0.9%", {"name": "森林火灾受害率"}, "1.2%", False, D("0.75")),  # name says less is better: 0.9/1.2
    # --- =: achieved when equal, scored as ≥, over-achievement flagged not penalised
    ("=100%", {}, "100%", True, D(1)),
    ("=100%", {}, "90%", False, D("0.9")),
    ("=100%", {}, "120%", True, D(1)),
    # --- range a–b: both ends in; below a: actual / a, above b: b / actual
    ("80%-90%", {}, "85%", True, D(1)),
    ("80%-90%", {}, "80%", True, D(1)),
    ("80%-90%", {}, "60%", False, D("0.75")),                    # 60 / 80
    ("80%-90%", {}, "100%", False, D("0.9")),                    # 90 / 100
    # --- deadline: done on or before it; else 0, or a delay ladder of ratios
    ("12月底前完成", {"year": 2023}, "2023-12-31", True, D(1)),
    ("12月底前完成", {"year": 2023}, "7月", True, D(1)),            # a month means its last day
    ("12月底前完成", {"year": 2023}, "2024-01-02", False, D(0)),
    ("12月底前完成", {"year": 2023, "scheme": {"late_ratios": {7: "0.8", 30: "0.5"}}}, "2024-01-05", False, D("0.8")),
    ("12月底前完成", {"year": 2023, "scheme": {"late_ratios": {7: "0.8", 30: "0.5"}}}, "延期20天", False, D("0.5")),
    ("12月底前完成", {"year": 2023, "scheme": {"late_ratios": {7: "0.8", 30: "0.5"}}}, "2024-03-01", False, D(0)),
    ("2023年12底前完成", {}, "2023年12月31日", True, D(1)),        # the year written in the target
    ("年底前完成当年任务", {"year": 2023}, "按时完成", True, D(1)),
    # --- qualitative: tiers 达成 / 部分达成 / 未达成 (2020: 80–100, 60–80, 0–60)
    ("严格落实相关政策", {}, "达成", True, D(1)),
    ("严格落实相关政策", {}, "严格落实相关政策", True, D(1)),       # the target text repeated
    ("严格落实相关政策", {}, "达成预期指标", True, D(1)),
    ("严格落实相关政策", {}, "部分达成", False, D("0.7")),          # a tier alone: its midpoint
    ("严格落实相关政策", {}, "基本完成", False, D("0.7")),
    ("严格落实相关政策", {}, "部分达成 75%", False, D("0.75")),      # an explicit ratio inside its tier
    ("严格落实相关政策", {}, "未达成", False, D("0.3")),
    ("严格落实相关政策", {}, "不合格", False, D("0.3")),
    ("严格落实相关政策", {}, "达成 90%", True, D("0.9")),
    ("严格落实相关政策", {"scheme": {"qualitative": "legacy"}}, "部分达成", False, D("0.65")),  # 50–80
    ("严格落实相关政策", {"scheme": {"qualitative": "legacy"}}, "未达成", False, D("0.25")),  # 0–50
]


@pytest.mark.parametrize("text, kwargs, actual, achieved, ratio", SCORES)
def test_score(text, kwargs, actual, achieved, ratio):
    score = target(text, **kwargs).score(actual, 10)
    assert (score.achieved, score.ratio) == (achieved, ratio)
    assert score.points == mul(D(10), ratio)


@pytest.mark.parametrize("ratio, label, grade", [
    # rules §4: each indicator is labelled 达成, 部分达成 (a missed target at 60% or more) or 未达成;
    # the option label="grade" gives ≥90% 优, ≥80% 良, ≥60% 中, else 差, a missed target at most 良
    ("1", "达成", "优"), ("0.9", "部分达成", "良"), ("0.8999", "部分达成", "良"), ("0.8", "部分达成", "良"),
    ("0.6", "部分达成", "中"), ("0.5999", "未达成", "差"), ("0", "未达成", "差"),
])
def test_label_and_grade_of_ratio(ratio, label, grade):
    assert target("≥10000").score(D(ratio) * 10000, 10).grade == label
    assert target("≥10000", scheme={"label": "grade"}).score(D(ratio) * 10000, 10).grade == grade


def test_the_legacy_scheme_labels_a_miss_from_50_percent():
    """Rules §4: the older 80/50 split puts 部分达成 at 50% and above."""
    assert target("≥100", scheme={"qualitative": "legacy"}).score(55, 10).grade == "部分达成"
    assert target("≥100").score(55, 10).grade == "未达成"


FLAGS = [
    # (target, kwargs, actual, flag codes)
    ("≥100万元", {}, "130万元", ["over-achievement"]),           # at 130% of a ≥ target: 偏差原因必填
    ("≥100万元", {}, "129.99万元", []),
    ("≥100万元", {"scheme": {"over_factor": "1.5"}}, "140万元", []),  # the factor is configurable
    ("≥266米", {}, "≥270米", ["operator-dropped"]),              # operator copied from the target
    ("≥0.5%", {}, 0.6, ["suspicious-fraction"]),                # 0.6% and 60% both meet it: as written, warned
    ("≥7000万元", {}, "0.7亿元", ["unit-converted"]),
    ("=100%", {}, "120%", ["over-target"]),
    ("=100%", {}, "130%", ["over-achievement", "over-target"]),
    ("12月底前", {"year": 2023}, "2024-01-10", ["late"]),
    ("≥95%", {}, "/", ["not-applicable"]),
]


@pytest.mark.parametrize("text, kwargs, actual, codes", FLAGS)
def test_flags(text, kwargs, actual, codes):
    assert [f.code for f in target(text, **kwargs).score(actual, 10).flags] == codes


def test_suspicious_fraction_is_not_rescaled():
    """Rules §2: where both readings score alike, a bare fraction is read as written."""
    score = target("≤100%").score(0.95, 10)  # 0.95% and 95% both meet it
    assert score.actual.base == D("0.95") and score.achieved
    with pytest.raises(NotationError) as info:  # 0.95% meets ≤5%, 95% does not: the readings differ
        target("≤5%").score(0.95, 10)
    assert info.value.code == "fraction-ambiguous"


def test_the_callers_decimal_context_does_not_change_a_score():
    import decimal

    expected = target("≥95%").score("94%", 10)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.traps[decimal.Inexact] = True
        assert target("≥95%").score("94%", 10) == expected


def test_not_applicable_drops_out():
    score = target("≥95%").score("不适用", 10)
    assert (score.achieved, score.ratio, score.points, score.grade) == (None, None, None, None)
    assert not score.applicable


DIRECTIONS = [
    # (target, kwargs, normalised) — the direction of a bare target comes from its group and name
    ("2900户", {"subgroup": "数量指标"}, "≥2900户"),
    ("1523万元", {"subgroup": "成本指标"}, "≤1523万元"),       # 成本 is ≤
    ("≥1523万元", {"subgroup": "成本指标"}, "≥1523万元"),      # an explicit operator always wins
    ("0.9%", {"name": "森林火灾受害率"}, "≤0.9%"),              # the name says less is better
    ("3起", {"name": "安全事故"}, "≤3起"),
    ("5%", {"name": "城镇登记失业率"}, "≤5%"),
    ("95%", {"name": "服务对象满意度"}, "≥95%"),
    ("95%", {"name": "群众投诉办结率"}, "≥95%"),                # 投诉 here counts what is settled: more is better
    ("100%", {"name": "安全事故处理及时率"}, "≥100%"),
    ("30万元", {"group": "成本指标"}, "≤30万元"),               # the 一级 group counts too
    ("12月", {"subgroup": "时效指标", "year": 2023}, "by 2023-12-31"),  # under 时效 a month is a deadline
    ("95%", {"name": "投诉率", "direction": "up"}, "≥95%"),    # a stated direction wins over the name
    ("12月底前完成", {"subgroup": "时效指标", "year": 2023}, "by 2023-12-31"),  # 时效 as a date is a deadline
    ("≤5万", {"subgroup": "成本指标"}, "≤5万元"),               # a bare 万 on money is 万元
]


@pytest.mark.parametrize("text, kwargs, normalized", DIRECTIONS)
def test_direction_of_a_target(text, kwargs, normalized):
    assert target(text, **kwargs).normalized == normalized


TARGET_DIAGNOSTICS = [
    # (target, kwargs, codes) — what compiling reports
    ("≤100%", {"name": "任务完成及时率"}, ["direction-conflict", "vacuous-bound"]),  # a ≤ on a rate that should be high
    ("801", {"name": "人社政策落实情况"}, ["no-unit"]),             # a number with no unit
    ("0.9%", {"name": "森林火灾受害率"}, ["direction-from-name"]),  # flagged for the user to confirm
    ("0.9%", {"name": "森林火灾受害率", "direction": "down"}, []),  # confirmed: no longer flagged
    ("6000元/人", {"subgroup": "成本指标"}, ["direction-from-group"]),
    ("≤5万", {"subgroup": "成本指标"}, ["wan-as-money"]),
    ("≤5万", {"name": "人数"}, ["scale-without-unit"]),
    ("≤625元，人次", {"subgroup": "成本指标"}, ["unit-separator"]),
    ("12底前完成任务", {"year": 2023}, ["deadline-month-sign"]),
    ("12月底前完成", {}, ["year-unknown"]),
    ("1年内持续发挥作用", {}, ["read-as-words"]),
    ("≥100%", {"name": "验收合格率"}, []),
    ("≥7000万元", {}, []),
]


@pytest.mark.parametrize("text, kwargs, codes", TARGET_DIAGNOSTICS)
def test_target_diagnostics(text, kwargs, codes):
    assert [d.code for d in target(text, **kwargs).diagnostics] == codes


def test_unit_override_gives_a_bare_target_its_unit():
    t = target("801", unit="人")
    assert t.normalized == "≥801人" and t.diagnostics == ()
    with pytest.raises(DefinitionError) as info:
        target("≥5万元", unit="人")
    assert info.value.code == "unit-conflict"


def test_a_stated_direction_that_disagrees_with_an_operator_is_flagged():
    """Rules §2 (split columns): the operator decides; a contradicting 正向/反向 is flagged on every score."""
    t = target("≥95%", direction="down")
    assert [f.code for f in t.flags] == ["direction-conflict"] and t.rule == "at-least"
    assert [f.code for f in t.score("97%", 10).flags] == ["direction-conflict"]


def test_strict_target():
    with pytest.raises(DefinitionError) as info:
        target("801", strict=True)
    assert info.value.code == "strict" and "no-unit" in {d.code for d in info.value.diagnostics}
    assert target("≥801人", strict=True).score(801, 1).achieved


@pytest.mark.parametrize("text, actual, code", [
    ("≥7000万元", "7000人", "unit-mismatch"),          # rejected with both units named
    ("≥95%", "<90%", "operator-in-actual"),            # not copied from the target: it bounds, it does not give
    ("≤5%", "5%以上", "operator-in-actual"),
    ("80%-90%", "≥85%", "operator-in-actual"),         # a range has no operator to copy
    ("≥95%", 0.95, "fraction-ambiguous"),              # 95% or 0.95%: the readings score apart (rules §2)
    ("12月底前完成", "延期1个月", "delay-unit"),         # months have no fixed length
    ("≥95%", Decimal("1E+999999"), "out-of-range"),
    ("≥7000万元", "很多", "expected-number"),
    ("严格落实相关政策", "很好 85%", "unknown-tier"),      # words with a ratio that name no tier
    ("严格落实相关政策", "部分达成 85%", "ratio-outside-tier"),  # 85% is not inside 60–80%
    ("严格落实相关政策", 90, "expected-tier"),
    ("12月底前完成", "很快", "expected-date"),
])
def test_unreadable_actuals(text, actual, code):
    with pytest.raises(NotationError) as info:
        target(text, year=2023).score(actual, 10)
    assert info.value.code == code


def test_unit_mismatch_names_both_units():
    with pytest.raises(NotationError) as info:
        target("≥200人次").score("200人", 10)
    assert info.value.code == "unit-mismatch"
    assert "人" in info.value.message and "人次" in info.value.message


@pytest.mark.parametrize("actual", ["2023-12-20", "2024-06-01", "7月"])
def test_deadline_without_a_year_is_never_guessed_from_the_actual(actual):
    # the year comes from the definition (rules §2); guessing it from the
    # actual would let a result a year late pass
    with pytest.raises(NotationError) as info:
        target("12月底前完成").score(actual, 10)
    assert info.value.code == "year-unknown"
    assert target("12月底前完成").score("延期3天", 10).achieved is False  # a delay needs no year


@pytest.mark.parametrize("text, year", [("2月29日前", 2023), ("12月底前", 0)])
def test_a_deadline_with_no_such_date_is_a_typed_error(text, year):
    with pytest.raises(NotationError) as info:
        target(text, year=year)
    assert info.value.code == "bad-date"


def test_deadline_accepts_dates():
    t = target("12月底前完成", year=2023)
    assert t.score(datetime.date(2023, 12, 1), 10).achieved
    assert t.score(datetime.datetime(2024, 1, 1, 9, 0), 10).achieved is False


@pytest.mark.parametrize("weight", [10, D("12.5"), "8", 7.5])
def test_points_are_weight_times_ratio(weight):
    score = target("≤30万元").score("40万元", weight)
    assert score.points == D(str(weight)) * D("0.75")


@pytest.mark.parametrize("weight, error", [
    (-1, DefinitionError), ("x", DefinitionError), (float("inf"), DefinitionError), (float("nan"), DefinitionError),
    (None, TypeError), (True, TypeError), ([10], TypeError),
])
def test_bad_weights_are_rejected(weight, error):
    with pytest.raises(error) as info:
        target("≥95%").score("96%", weight)
    if error is DefinitionError:
        assert info.value.code == "bad-weight"


def test_year_must_be_an_int():
    with pytest.raises(TypeError):
        target("12月底前", year="2023")


def test_direction_read_from_the_name_is_flagged_on_every_score():
    score = target("0.9%", name="森林火灾受害率").score("0.5%", 10)
    assert [f.code for f in score.flags] == ["direction-from-name"]
    assert target("0.9%", name="森林火灾受害率", direction="down").score("0.5%", 10).flags == ()


def test_compiled_targets_are_immutable_and_pickle():
    import pickle

    t = target("≤30万元", subgroup="成本指标", scheme={"reverse": "linear"})
    with pytest.raises(AttributeError):
        t.kind = "words"
    again = pickle.loads(pickle.dumps(t))
    assert again.score("40万元", 10) == t.score("40万元", 10)
    assert pickle.loads(pickle.dumps(t.score("40万元", 10))).points == t.score("40万元", 10).points


def test_score_reads_like_a_result():
    score = target("≥7000万元").score("6300万元", 10)
    assert repr(score) == "Score(未达成 6300万元: ratio 0.9, 9.0/10 points, 部分达成)"
    assert score.as_dict()["points"] == "9.0" and score.as_dict()["achieved"] is False


def test_scheme_rejects_unknown_options():
    for make in (lambda: Scheme.of({"reverse": "linear", "typo": 1}), lambda: Scheme(late_ratios={7: "1.5"}),
                 lambda: Scheme(over_factor="abc"), lambda: Scheme(late_ratios={"x": 1})):
        with pytest.raises(DefinitionError) as info:
            make()
        assert info.value.code == "bad-scheme"
    with pytest.raises(ValueError) as info:
        Scheme(reverse="cubic")
    assert info.value.code == "bad-scheme"


EXPLANATIONS = [
    ("≥7000万元", {}, "6300万元",
     "'≥7000万元' (≥7000万元): actual 6300万元 (given '6300万元') → not achieved; "
     "ratio actual/target = 6300/7000 = 90.00%; 9.00 of 10 points; 部分达成"),
    ("≤30万元", {}, "0.004亿元",
     "'≤30万元' (≤30万元): actual 0.004亿元 (given '0.004亿元') → not achieved; "
     "ratio target/actual = 30/40 = 75.00%; 7.50 of 10 points; 部分达成 [unit-converted]"),
    ("严格落实相关政策", {}, "部分达成",
     "'严格落实相关政策' (qualitative: 达成/部分达成/未达成): actual 部分达成 (given '部分达成') → not achieved; "
     "ratio 部分达成, midpoint of 60–80% = 70.00%; 7.00 of 10 points; 部分达成"),
]


@pytest.mark.parametrize("text, kwargs, actual, line", EXPLANATIONS)
def test_explain(text, kwargs, actual, line):
    assert target(text, **kwargs).score(actual, 10).explain() == line


@pytest.mark.parametrize("options", [
    {"late_ratios": {7: "0.8", 14: "0.9"}},   # finishing later may not score more
    {"over_factor": "0.5"},                   # it would flag misses as over-achieved
    {"reverse": "foo"},
    {"qualitative": "2021"},
])
def test_schemes_that_break_the_rules_are_typed_errors(options):
    with pytest.raises(DefinitionError) as info:
        target("≥95%", scheme=options)
    assert info.value.code == "bad-scheme"


def test_explanations_show_weights_as_points():
    assert "14.29 of 14.29 points" in target("≥1人").score("1人", D(100) / D(7)).explain()


@pytest.mark.parametrize("actual, suggested", [
    ("完成率不高", "未达成"),   # a tier word undone by what follows: not 达成
    ("是否完成", "未达成"),
    ("很好", "部分达成"),
])
def test_words_that_name_no_tier_need_judgement(actual, suggested):
    """Rules §4: a paraphrase is not guessed; it scores nothing until a person confirms a tier."""
    score = target("严格落实相关政策").score(actual, 10)
    assert (score.status, score.suggested, score.points) == ("needs-judgement", suggested, None)
