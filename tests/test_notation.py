"""Reading the notation: rules §2, row by row.

Each row is (text as written, the condition it must read as).  The expected
condition is built from the classes, not from the parser, so that a row fails
when the reading changes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from perfeval import NotationError, parse
from perfeval.notation.conditions import Compare, Deadline, Delay, NotApplicable, Op, Quantity, Range, Words
from perfeval.notation.parser import parse_notation
from perfeval.notation.units import lookup


def q(value: str, unit: str | None = None) -> Quantity:
    return Quantity(Decimal(value), lookup(unit) if unit else None)


GE, LE, GT, LT, EQ = Op.GE, Op.LE, Op.GT, Op.LT, Op.EQ

NOTATION = [
    # --- normalisation: NFKC, compatibility symbols, spaces, separators, 百分比
    ("≥９０％", Compare(GE, q("90", "%"))),                 # NFKC: full-width digits and ％
    ("＞＝98%", Compare(GE, q("98", "%"))),                 # NFKC: ＞＝ → >= → ≥
    ("≧95%", Compare(GE, q("95", "%"))),                   # ≧ → ≥
    ("≦30万元", Compare(LE, q("30", "万元"))),              # ≦ → ≤
    (">= 98 %", Compare(GE, q("98", "%"))),                # >= and spaces inside a value
    ("<=5", Compare(LE, q("5"))),                          # <= → ≤
    ("＝100%", Compare(EQ, q("100", "%"))),                 # ＝ → =
    ("﹦100%", Compare(EQ, q("100", "%"))),                 # ﹦ → =
    ("═100%", Compare(EQ, q("100", "%"))),                 # ═ → =
    ("不少于12 种", Compare(GE, q("12", "种"))),             # space inside a value
    ("16,839.09万元", Compare(None, q("16839.09", "万元"))),  # thousands separators
    ("≥95百分比", Compare(GE, q("95", "%"))),               # 百分比 → %
    ("≥95%(百分比)", Compare(GE, q("95", "%"))),            # %(百分比) → %
    # --- comparison symbols and words (以上/以下/以内 include the number)
    ("≥90%", Compare(GE, q("90", "%"))),
    ("≤30万元", Compare(LE, q("30", "万元"))),
    (">2", Compare(GT, q("2"))),
    ("<80%", Compare(LT, q("80", "%"))),
    ("=100%", Compare(EQ, q("100", "%"))),
    ("400人以上", Compare(GE, q("400", "人"))),              # 以上 is ≥ (民法典 第1259条)
    ("320以下", Compare(LE, q("320"))),                     # 以下 is ≤
    ("5.5%以内", Compare(LE, q("5.5", "%"))),               # 以内 is ≤
    ("不低于95%", Compare(GE, q("95", "%"))),
    ("至少3次", Compare(GE, q("3", "次"))),
    ("达到95%", Compare(GE, q("95", "%"))),
    ("不高于5%", Compare(LE, q("5", "%"))),
    ("不超过30万元", Compare(LE, q("30", "万元"))),
    ("控制在2.0%以内", Compare(LE, q("2.0", "%"))),          # 控制在…以内 is ≤
    ("超过10家", Compare(GT, q("10", "家"))),
    ("高于90%", Compare(GT, q("90", "%"))),
    ("多于5人", Compare(GT, q("5", "人"))),
    ("低于3%", Compare(LT, q("3", "%"))),
    ("少于5次", Compare(LT, q("5", "次"))),
    ("不足1年", Compare(LT, q("1", "年"))),
    ("不满3个月", Compare(LT, q("3", "个月"))),
    ("100%", Compare(None, q("100", "%"))),                # a bare value: direction from context
    # --- ranges: both ends included, unit on either or both ends
    ("360-400人", Range(q("360", "人"), q("400", "人"))),
    ("80%-100%", Range(q("80", "%"), q("100", "%"))),
    ("80%～100%", Range(q("80", "%"), q("100", "%"))),      # ～ (NFKC → ~)
    ("80至100%", Range(q("80", "%"), q("100", "%"))),
    ("80到100%", Range(q("80", "%"), q("100", "%"))),
    ("50万元-1亿元", Range(q("50", "万元"), q("1", "亿元"))),  # ends in different units of one dimension
    # --- units: share, money, counts, physical, time, compound, 万 prefix
    ("5‰", Compare(None, q("5", "‰"))),
    ("0.7亿元", Compare(None, q("0.7", "亿元"))),
    ("≤5万", Compare(LE, q("5", "万"))),                    # bare 万: the indicator decides (money → 万元)
    ("2900户", Compare(None, q("2900", "户"))),
    ("≥200人次", Compare(GE, q("200", "人次"))),             # 人次 is not 人
    ("≥7家", Compare(GE, q("7", "家"))),
    ("1次", Compare(None, q("1", "次"))),
    ("600万株", Compare(None, q("600", "万株"))),            # 万 prefix scales a count
    ("≥266米", Compare(GE, q("266", "米"))),
    ("5万亩", Compare(None, q("5", "万亩"))),
    ("200平方米", Compare(None, q("200", "平方米"))),
    ("3吨", Compare(None, q("3", "吨"))),
    ("15个工作日", Compare(None, q("15", "个工作日"))),
    ("≤1年", Compare(LE, q("1", "年"))),
    ("6000元/人", Compare(None, q("6000", "元/人"))),        # compound unit
    ("500元/亩", Compare(None, q("500", "元/亩"))),
    ("2万/月", Compare(None, q("2", "万/月"))),
    ("≤625元，人次", Compare(LE, q("625", "元/人次"))),       # a comma between units: read as 元/人次, noted
    # --- Chinese numerals, 两 and 半
    ("半年", Compare(None, q("0.5", "年"))),
    ("两周", Compare(None, q("2", "周"))),
    ("十五天", Compare(None, q("15", "天"))),
    # --- delays: 及时 is 0, 延期一周 at most a week, 以内 ≤, 以上 ≥
    ("及时", Delay(None, q("0"))),                           # a delay of 0 has no unit: it mixes with any
    ("按时完成", Delay(None, q("0"))),
    ("延期一周", Delay(None, q("1", "周"))),
    ("延期两周", Delay(None, q("2", "周"))),
    ("延期15天以内", Delay(LE, q("15", "天"))),
    ("延期30天以上", Delay(GE, q("30", "天"))),
    ("延期0周", Delay(None, q("0", "周"))),                   # a zero delay keeps its unit
    # --- deadlines: the year comes from context unless written
    ("12月底前", Deadline(None, 12)),
    ("12月底前完成", Deadline(None, 12, None, "完成")),
    ("12月底前支付补贴全部到位", Deadline(None, 12, None, "支付补贴全部到位")),
    ("2023年12底前完成", Deadline(2023, 12, None, "完成")),     # defect: 月 left out, noted
    ("年底前", Deadline(None, 12)),
    ("年底前完成当年任务", Deadline(None, 12, None, "完成当年任务")),
    ("年内", Deadline(None, 12)),
    ("当年完成", Deadline(None, 12, None, "完成")),
    ("年末", Deadline(None, 12)),
    ("2023年内", Deadline(2023, 12)),                        # a written year with 年内
    ("6月前", Deadline(None, 6)),                           # N月前 = by the end of month N
    ("2023-12-31", Deadline(2023, 12, 31)),
    ("2023.12.31", Deadline(2023, 12, 31)),
    ("2023年12月31日", Deadline(2023, 12, 31)),
    ("2023年12月31日前", Deadline(2023, 12, 31)),
    # --- qualitative words, and not applicable
    ("严格落实相关政策", Words("严格落实相关政策")),
    ("是", Words("是")),
    ("基本达到", Words("基本达到")),
    ("1年内持续发挥作用", Words("1年内持续发挥作用")),          # a number inside words stays words, noted
    ("/", NotApplicable("/")),
    ("／", NotApplicable("/")),
    ("无", NotApplicable("无")),
    ("不适用", NotApplicable("不适用")),
]


@pytest.mark.parametrize("text, expected", NOTATION, ids=[t for t, _ in NOTATION])
def test_notation_reads_as(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text, expected", NOTATION, ids=[t for t, _ in NOTATION])
def test_canonical_form_reads_back(text, expected):
    assert parse(str(parse(text))) == parse(text)


CONVERSIONS = [
    # money converts inside its dimension (rules §2)
    ("7000万元", "0.7亿元"),
    ("7000万元", "70000000元"),
    ("1‰", "0.1%"),
    ("1周", "7天"),
    ("1年", "12个月"),
    ("1亩", "666.6平方米"),  # not equal: 1 亩 is 666.66… 平方米 — checked below as unequal
]


@pytest.mark.parametrize("a, b", CONVERSIONS[:-1])
def test_units_convert_inside_a_dimension(a, b):
    x, y = parse(a).quantity, parse(b).quantity
    assert x.dimension == y.dimension and x.base == y.base


def test_area_converts_exactly():
    # 1 平方米 = 0.0015 亩 exactly; 666.6 平方米 is just under 1 亩
    assert parse("1500平方米").quantity.base == parse("2.25亩").quantity.base
    assert parse("666.6平方米").quantity.base < parse("1亩").quantity.base


@pytest.mark.parametrize("a, b", [("5人", "5人次"), ("5元", "5%"), ("5天", "5个月"), ("5天", "5个工作日")])
def test_units_of_different_dimensions_do_not_compare(a, b):
    assert parse(a).quantity.dimension != parse(b).quantity.dimension


NOTES = [
    # defects read past are noted, never fixed silently
    ("2023年12底前完成", "deadline-month-sign"),
    ("12底前完成任务", "deadline-month-sign"),
    ("≤625元，人次", "unit-separator"),
    ("1年内持续发挥作用", "read-as-words"),
]


@pytest.mark.parametrize("text, code", NOTES)
def test_defects_are_noted(text, code):
    assert code in [n.code for n in parse_notation(text).notes]


ERRORS = [
    # text that looks like notation but is broken: (text, code, bad span)
    ("≥9O%", "unexpected-text", (2, 3)),          # letter O for zero
    ("≥%", "expected-number", (1, 2)),
    ("", "empty", (0, 0)),
    ("   ", "empty", (0, 3)),
    ("≥90%以下", "conflicting-operators", (4, 6)),
    ("≥80-90%", "operator-with-range", (0, 1)),
    ("100-80%", "range-reversed", (0, 7)),
    ("5人-8元", "range-units", (0, 5)),
    ("延期3", "delay-unit", (2, 3)),
    ("延期3人", "delay-unit", (2, 4)),
    ("2023-13-01", "bad-date", (0, 10)),
    ("2023年2月30日", "bad-date", (0, 10)),
    ("0000-01-01", "bad-date", (0, 10)),                     # year 0 is not "no year"
    ("2023年1月0日", "bad-date", (0, 9)),                     # nor is day 0
    ("13月底前", "bad-date", (0, 5)),
    ("≥90%x", "unexpected-text", (4, 5)),
    ("5/人", "unexpected-text", (1, 2)),
]


@pytest.mark.parametrize("text, code, span", ERRORS, ids=[e[0] or "empty" for e in ERRORS])
def test_broken_notation_raises_a_typed_error(text, code, span):
    with pytest.raises(NotationError) as info:
        parse(text)
    assert isinstance(info.value, ValueError)
    assert (info.value.code, info.value.span) == (code, span)


def test_error_shows_a_caret_under_the_bad_span():
    with pytest.raises(NotationError) as info:
        parse("≥9O%")
    assert info.value.code == "unexpected-text"
    lines = str(info.value).splitlines()
    assert lines[1].strip() == "≥9O%"
    # one column for ≥, one for 9: the caret sits under the O
    assert lines[2].index("^") - lines[1].index("≥") == 2


def test_the_caret_sits_under_the_text_as_typed():
    # parsing reads the normalised ≥9O%, but the error shows what the user wrote
    with pytest.raises(NotationError) as info:
        parse("＞＝ ９O ％")
    assert info.value.code == "unexpected-text"
    assert info.value.text == "＞＝ ９O ％" and info.value.span == (4, 5)
    text_line, caret_line = str(info.value).splitlines()[1:]
    # ＞＝ (4 columns), a space, ９ (2 columns): the O is the eighth column
    assert caret_line.index("^") - text_line.index("＞") == 7


def test_caret_counts_wide_characters_twice():
    with pytest.raises(NotationError) as info:
        parse("不少于9x种")
    assert info.value.code == "unexpected-text"
    text_line, caret_line = str(info.value).splitlines()[1:]
    # 不少于 is three wide characters, six columns, then the 9: seven before the x
    assert caret_line.index("^") - text_line.index("不") == 7


def test_overlong_text_is_refused():
    with pytest.raises(NotationError) as info:
        parse("≥" + "9" * 5000 + "%")
    assert info.value.code == "too-long"


def test_parse_rejects_non_text():
    with pytest.raises(TypeError):
        parse(90)


def test_deadline_due_date():
    assert parse("12月底前").due(2023) == datetime.date(2023, 12, 31)
    assert parse("2月底前").due(2024) == datetime.date(2024, 2, 29)  # leap year
    assert parse("2023年6月前").due(2030) == datetime.date(2023, 6, 30)  # a written year wins


def test_conditions_are_frozen_and_hashable():
    c = parse("≥90%")
    with pytest.raises(AttributeError):
        c.op = Op.LE
    assert {c: 1}[parse("≥ 90 %")] == 1
