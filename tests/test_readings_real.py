"""The readings of real published targets and actuals (rules §2–4), one
family at a time.  Every cell is quoted as published, with its place; the
rows come from ``tests/data/real_cells.csv`` (sources in its README) or, where
the corpus holds none, from the cells the issue quotes.  Tests compare
codes, kinds and exact numbers, never message wording.
"""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest

import perfeval
from perfeval import NotationError
from perfeval.codes import Code


def codes(flags) -> list[str]:
    return [f.code for f in flags]


# --- direction, where real tables leave it implicit (rules §4) -------------------------

@pytest.mark.parametrize("text, name, group, subgroup, normalized, flag", [
    # 重庆梁平 林业局: a bare rate on a name that counts harm
    ("0.9", "森林火灾受害率", "绩效指标", "", "≤0.9", Code.DIRECTION_FROM_NAME),
    # 衡山: zero bad events, written three ways
    ("0起", "粮食安全事件", "效益指标", "社会效益指标", "≤0起", Code.DIRECTION_FROM_NAME),
    ("0", "安全事件发生数", "产出指标", "质量指标", "≤0", Code.DIRECTION_FROM_NAME),
    ("0次", "勒索病毒导致系统中断", "产出指标", "质量指标", "≤0次", Code.DIRECTION_FROM_NAME),
    # 苏州: a budget change rate is less-is-better
    ("3%", "预算调整率", "产出指标", "质量指标", "≤3%", Code.DIRECTION_FROM_NAME),
])
def test_a_bare_value_on_a_bad_event_name_is_at_most(text, name, group, subgroup, normalized, flag):
    t = perfeval.target(text, name=name, group=group, subgroup=subgroup)
    assert t.normalized == normalized and t.direction == "down"
    assert codes(t.flags) == [flag]


def test_none_on_a_bad_event_name_is_zero_not_not_applicable():
    """Rules §4: a bare 无 on 安全事件发生数 means ≤0."""
    t = perfeval.target("无", name="安全事件发生数", group="产出指标", subgroup="质量指标")
    assert (t.kind, t.normalized) == ("compare", "≤0")
    assert t.score("0", 10).achieved and not t.score("2", 10).achieved
    assert perfeval.target("无", name="培训人数").kind == "not-applicable"


def test_a_shorter_time_is_better_on_a_speed():
    """苏州 2023 信息化: 灾备恢复速度 2 小时 is at most two hours."""
    t = perfeval.target("2 小时", name="灾备恢复速度", group="产出指标", subgroup="质量指标")
    assert t.normalized == "≤2小时"
    assert t.score("1.5小时", 10).achieved and not t.score("3小时", 10).achieved


def test_equal_under_cost_means_at_most():
    """丽江 (split columns ﹦ / 72890 / 元) under 成本: = is at most (rules §4), flagged."""
    t = perfeval.target("=72890元", name="人均补助标准", group="产出指标", subgroup="成本指标")
    assert t.rule == "at-most" and codes(t.flags) == [Code.DIRECTION_FROM_GROUP]
    assert t.score("70000元", 10).achieved


def test_an_operator_in_the_name_decides_a_bare_value():
    t = perfeval.target("500万元", name="项目总投入(≥**万元)", group="产出指标", subgroup="成本指标")
    assert t.rule == "at-least"
    assert [d.code for d in t.diagnostics] == [Code.DIRECTION_FROM_HINT]


def test_one_on_a_rate_means_full():
    """Rules §4: 1 as the target of a rate where higher is better is 100%, warned; not on a harm rate."""
    t = perfeval.target("1", name="审稿率", group="产出指标", subgroup="质量指标")
    assert (t.normalized, codes(t.flags)) == ("≥100%", [Code.ONE_AS_FULL])
    assert t.score("100%", 10).achieved and not t.score("90%", 10).achieved
    assert perfeval.target("1", name="事故发生率").normalized == "≤1"


@pytest.mark.parametrize("text, name", [
    ("100%", "预算执行率"),   # rules §4: 100% under 成本 on a 执行率
    ("≥95%", "资金到位率"),
    ("95%", "项目完成率"),
])
def test_a_percentage_under_cost_on_a_rate_that_should_be_high(text, name):
    t = perfeval.target(text, name=name, group="产出指标", subgroup="成本指标")
    assert t.direction == "up"
    if not text.startswith("≥"):
        assert codes(t.flags) == [Code.DIRECTION_FROM_NAME]


@pytest.mark.parametrize("text, name", [
    ("≤100%", "资金发放率"),    # the seed's 企业职工基本养老保险财政补助: 50% would meet it
    ("≥100%", "逾期发放率"),    # a ≥ on a name that counts what should be few
])
def test_a_contradicted_operator_decides_and_is_flagged(text, name):
    t = perfeval.target(text, name=name, group="产出指标", subgroup="质量指标")
    assert Code.DIRECTION_CONFLICT in codes(t.flags)
    score = t.score("50%", 10)
    assert Code.DIRECTION_CONFLICT in codes(score.flags)
    assert score.achieved == text.startswith("≤")  # the operator decides


def test_a_stated_direction_that_contradicts_the_operator_is_a_flag_not_an_error():
    """Split columns: 井研 publishes ≥ with 正向指标; a 反向 with ≥ loads, flagged (rules §2)."""
    agreed = perfeval.target("≥95%", direction="正向")
    assert codes(agreed.flags) == []
    crossed = perfeval.target("≥95%", direction="反向")
    assert codes(crossed.flags) == [Code.DIRECTION_CONFLICT] and crossed.rule == "at-least"


def test_at_most_100_percent_is_vacuous_only_on_a_capped_rate():
    assert Code.VACUOUS_BOUND in [d.code for d in perfeval.target("≤100%", name="资金发放率").diagnostics]
    assert Code.VACUOUS_BOUND not in [d.code for d in perfeval.target("≤100%", name="成本控制率").diagnostics]


# --- actuals that real self-assessments write (rules §2, §4) ----------------------------

@pytest.mark.parametrize("target, actual, tier, ratio", [
    (">=24500人", "未完成", "未达成", D("0.3")),        # 景东 民政局 农村低保发放人数
    (">=95.00%", "已完成", "达成", D(1)),               # 景东 补助人群精准率
    ("≥50个", "达成预期指标", "达成", D(1)),             # 棠溪镇 (its qualitative rows, on a count)
    ("10万元", "已完成100%", "达成", D(1)),              # 大英县 成本
])
def test_a_tier_word_for_a_number_counts_as_the_tier(target, actual, tier, ratio):
    s = perfeval.target(target, subgroup="数量指标").score(actual, 10)
    assert (str(s.actual), s.ratio, s.points) == (tier, ratio, ratio * 10)
    assert codes(s.flags)[0] == Code.TIER_FOR_NUMBER


@pytest.mark.parametrize("actual", ["已完成", "完成", "按时完成"])
def test_done_against_a_deadline_is_on_time(actual):
    s = perfeval.target("12月底前完成", subgroup="时效指标", year=2023).score(actual, 10)
    assert s.achieved and s.points == 10 and codes(s.flags) == [Code.ON_TIME_WORD]


def test_done_against_a_delay_is_on_time():
    s = perfeval.target("延期≤15天").score("按时完成", 10)
    assert s.achieved and codes(s.flags) == [Code.ON_TIME_WORD]


@pytest.mark.parametrize("target, actual, value", [
    ("约12000平方米", "约20000平方米", D(20000)),   # 天津东疆 建设占地面积
    ("≥95%", "约95%", D(95)),
    ("≥95%", "95%左右", D(95)),
    ("≥200人", "200余人", D(200)),
    ("≥500人", "600多人", D(600)),
])
def test_an_approximate_actual_reads_the_number_as_written(target, actual, value):
    s = perfeval.target(target).score(actual, 10)
    assert s.actual.base == value * (s.target.unit.factor if s.target and s.target.unit else 1)
    assert Code.APPROXIMATE in codes(s.flags)


@pytest.mark.parametrize("target, actual, suggested", [
    ("改善条件", "明显改善", "达成"),         # 大英县民政局 改善养老服务基础条件
    ("有所提升", "养老服务提升", "达成"),       # 大英县民政局
    ("全天候可用", "全天候", "达成"),
])
def test_a_paraphrase_needs_judgement_and_scores_nothing(target, actual, suggested):
    s = perfeval.target(target).score(actual, 10)
    assert (s.status, s.suggested, s.points, s.ratio) == ("needs-judgement", suggested, None, None)
    assert codes(s.flags) == [Code.NEEDS_JUDGEMENT]
    confirmed = perfeval.target(target).score(actual, 10, note="部分达成：尚有两处未改造")
    assert (confirmed.status, str(confirmed.actual), confirmed.ratio) == ("graded", "部分达成", D("0.7"))


def test_a_number_for_words_is_an_explicit_ratio():
    """Rules §2: 100% against 按时限完成 reads like 达成 100%."""
    full = perfeval.target("按时限完成").score("100%", 10)
    assert (full.achieved, full.ratio, codes(full.flags)) == (True, D(1), [Code.RATIO_FOR_WORDS])
    part = perfeval.target("按时限完成").score("75%", 10)
    assert (part.achieved, part.ratio, str(part.actual)) == (False, D("0.75"), "部分达成")


@pytest.mark.parametrize("actual, expected", [
    ("0.972", Code.FRACTION_AMBIGUOUS),   # as a fraction 97.2% (met), as written 0.972%
    ("1", Code.FRACTION_AMBIGUOUS),
])
def test_a_fraction_against_a_percent_target_that_reads_two_ways_is_an_error(actual, expected):
    with pytest.raises(NotationError) as info:
        perfeval.target("≥95%").score(actual, 10)
    assert info.value.code == expected
    assert "97.2%" in str(info.value) or "100%" in str(info.value)


def test_a_fraction_that_scores_alike_either_way_is_read_as_written():
    """Rules §2: 0.6 against ≥0.5% is met read as 0.6% and read as 60%, so it
    is scored as written, flagged.  (重庆梁平's 成灾率 0.1 against 0.4% is not:
    0.1% meets ≤0.4% and 10% does not, so that one is an error row.)"""
    s = perfeval.target("≥0.5%").score("0.6", 10)
    assert s.achieved and codes(s.flags) == [Code.SUSPICIOUS_FRACTION]


def test_fractions_scale_reads_a_fraction_of_one():
    s = perfeval.target("≥95%", scheme={"fractions": "scale"}).score("0.972", 10)
    assert (s.achieved, s.actual.base, codes(s.flags)) == (True, D("97.2"), [Code.FRACTION_SCALED])


# --- dates without a year, and Excel serials (rules §2) ------------------------------------

def test_a_day_with_no_year_is_read_in_the_budget_year_and_warned():
    t = perfeval.target("12月底前完成", subgroup="时效指标", year=2023)
    s = t.score("11月15日", 10)
    assert s.achieved and codes(s.flags) == [Code.YEAR_ASSUMED]
    late = t.score("1月15日", 10)  # read as 2023-01-15: on time, but likely 2024
    assert late.achieved and "2024" in late.flags[0].message


@pytest.mark.parametrize("serial, date", [(44561, datetime.date(2021, 12, 31)), ("=44,561", datetime.date(2021, 12, 31))])
def test_an_excel_date_serial_reads_as_its_date(serial, date):
    s = perfeval.target("2021年12月", subgroup="时效指标").score(serial, 10)
    assert (s.actual.value, s.achieved, codes(s.flags)) == (date, True, [Code.EXCEL_DATE])


# --- ladders from real tables (rules §3) -------------------------------------------------

def test_a_ladder_mixing_words_and_numbers():
    ladder = perfeval.bands(["全部完成", "80%", "60%", "60%以下"])
    assert ladder.grade("100%").grade == "优" and ladder.grade("85%").grade == "良"
    assert Code.WORD_AS_VALUE in [d.code for d in ladder.diagnostics]


def test_a_delay_ladder_mixing_months_and_days():
    ladder = perfeval.bands(["按期完成", "延期15天以内", "延期1个月以内", "延期1个月以上"])
    assert [d.code for d in ladder.diagnostics].count(Code.MONTHS_AS_DAYS) == 1
    assert ladder.grade("延期20天").grade == "中" and ladder.grade("延期2个月").grade == "差"


def test_a_delay_range_band():
    ladder = perfeval.bands(["及时", "延期15天以内", "延期15-30天", "延期30天以上"])
    assert ladder.grade("延期20天").grade == "中"


@pytest.mark.parametrize("scale, actual, ratio", [
    ("优良中低差", "低", D("0.4")),
    ("优良中差", "良", D("0.8")),
    ("好/较好/一般/差", "一般", D("0.6")),
    ("优良", "良", D("0.8")),
])
def test_a_grade_scale_as_a_target(scale, actual, ratio):
    s = perfeval.target(scale).score(actual, 10)
    assert (s.ratio, s.achieved) == (ratio, False)
    assert perfeval.target(scale).score(scale[0], 10).achieved


# --- units that real tables use (rules §2) ------------------------------------------------

def test_ming_counts_people():
    s = perfeval.target("≥100人").score("120名", 10)
    assert s.achieved and codes(s.flags) == [Code.COUNTED_AS]
    with pytest.raises(NotationError) as info:
        perfeval.target("≥100人次").score("120名", 10)
    assert info.value.code == Code.UNIT_MISMATCH


def test_a_declared_counter_reads_and_an_undeclared_one_is_an_error():
    t = perfeval.target("≥3门", units=["门"])
    assert t.score("4门", 10).achieved
    with pytest.raises(NotationError) as info:
        perfeval.target("≥3樘")
    assert info.value.code == Code.UNKNOWN_UNIT


@pytest.mark.parametrize("text", ["万亩", "公里"])  # 陈仓 (陕西): template cells with the unit and no value
def test_a_unit_with_no_value_is_an_error_not_words(text):
    with pytest.raises(NotationError) as info:
        perfeval.target(text, name="指标2:灌区节水改造面积", subgroup="数量指标")
    assert info.value.code == Code.EXPECTED_NUMBER


def test_an_actual_that_repeats_its_target_met_it():
    """大英县经开区: the actual repeats the target 辖区企业满意率达95%以上。; and
    a period actual 2020年全年。 repeats its period target (rules §3: the band's own text)."""
    s = perfeval.target("辖区企业满意率达95%以上。", subgroup="满意度指标").score("辖区企业满意率达95%以上。", 10)
    assert s.achieved and s.points == 10
    p = perfeval.target("2020年全年。", subgroup="时效指标").score("2020年全年。", 10)
    assert p.achieved and codes(p.flags) == [Code.ON_TIME_WORD]
