"""Grading a band ladder: rules §3, row by row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval import DefinitionError, NotationError, bands

PERCENT = ["100%", "≥90%", "≥80%", "<80%"]
DELAYS = ["及时", "延期一周", "延期两周", "延期三周"]
COUNTS = ["≥500", "≥480", "≥460", "<460"]
SMALL = ["3", "2", "1", "0"]
PEOPLE = ["400人以上", "360-400人", "320-360人", "320以下"]
YES_NO = ["是", "基本达到", "否", "否"]
BROKEN = [">2", "<2", "", ""]
GAPPED = ["100%", "80%-100%", "60%-80%", "<50%"]
MONEY = ["≥7000万元", "≥6000万元", "≥5000万元", "<5000万元"]

GRADES = [
    # (ladder, actual, grade, how) — the grade is the first band, best first, that holds
    (PERCENT, "100%", "优", "holds"),          # a bare top value means at least 100%
    (PERCENT, "120%", "优", "holds"),
    (PERCENT, "92%", "良", "holds"),
    (PERCENT, "90%", "良", "holds"),           # a shared end point goes to the better band
    (PERCENT, 85, "中", "holds"),              # a bare number takes the ladder's unit
    (PERCENT, Decimal("79.99"), "差", "holds"),
    (PERCENT, 80.0, "中", "holds"),            # float via Decimal(str(x))
    (PERCENT, "≥95%", "良", "holds"),          # the operator copied into the actual is dropped
    (COUNTS, 500, "优", "holds"),              # counts
    (COUNTS, 470, "中", "holds"),
    (COUNTS, 459, "差", "holds"),
    (SMALL, 3, "优", "holds"),                 # 3/2/1/0: 良 is ≥2
    (SMALL, 2, "良", "holds"),
    (SMALL, Decimal("1.5"), "中", "holds"),
    (SMALL, 0, "差", "holds"),
    (PEOPLE, "410人", "优", "holds"),          # ranges with words
    (PEOPLE, 400, "优", "holds"),              # 400 is in 400人以上 and 360-400人: the better band wins
    (PEOPLE, "380人", "良", "holds"),
    (PEOPLE, 360, "良", "holds"),
    (PEOPLE, 330, "中", "holds"),
    (PEOPLE, "320", "中", "holds"),
    (PEOPLE, "300人", "差", "holds"),          # 320以下 takes 人 from its neighbours
    (DELAYS, "及时", "优", "holds"),            # delays: 及时 is 0
    (DELAYS, "按时完成", "优", "holds"),
    (DELAYS, "延期5天", "良", "holds"),         # 延期一周 is at most 7 days
    (DELAYS, "延期7天", "良", "holds"),
    (DELAYS, "延期8天", "中", "holds"),
    (DELAYS, "延期2周", "中", "holds"),
    (DELAYS, "延期21天", "差", "holds"),
    (DELAYS, "延期30天", "差", "worst"),       # worse than every band takes the worst grade
    (YES_NO, "是", "优", "word"),              # yes/no words
    (YES_NO, "基本达到", "良", "word"),
    (YES_NO, "否", "中", "word"),              # 否 twice: best first, 中 wins (and it is reported)
    (BROKEN, 3, "优", "holds"),                # the broken two-value row
    (BROKEN, 1, "良", "holds"),
    (BROKEN, 2, "良", "gap"),                  # the gap at 2 takes the next band below it
    (GAPPED, "55%", "差", "gap"),              # 50–60% is a gap: next worse band below it
    (GAPPED, "60%", "中", "holds"),
    (GAPPED, "80%", "良", "holds"),
    (MONEY, "0.65亿元", "良", "holds"),         # money converts: 0.65亿元 = 6500万元
    (MONEY, "70000000元", "优", "holds"),
]


@pytest.mark.parametrize("ladder, actual, grade, how", GRADES)
def test_grade(ladder, actual, grade, how):
    result = bands(ladder).grade(actual)
    assert (result.grade, result.how) == (grade, how)


def test_worse_than_every_band_is_差_even_where_the_ladder_leaves_差_out():
    result = bands(["≥90%", "≥80%", "≥60%"]).grade("50%")
    assert (result.grade, result.how) == ("差", "worst")
    assert bands([("A", "≥90%"), ("B", "≥80%")]).grade("50%").grade == "B"  # no 差 in a ladder of its own names


@pytest.mark.parametrize("ladder, actual, grade", [
    (["及时", "基本及时", "不及时", "不及时"], "基本及时", "良"),      # 及时 among words is a word
    (["按时完成", "基本按时完成", "未按时完成", "未完成"], "按时完成", "优"),
])
def test_on_time_words_among_words_make_a_word_ladder(ladder, actual, grade):
    compiled = bands(ladder)
    assert compiled.is_words and compiled.grade(actual).grade == grade


def test_explanation_does_not_contradict_the_grade_below_zero():
    line = bands(["≥90", "≥80", "≥60", "<60"]).grade("-1").explain()
    assert line == "差: band '<60' = (-∞, 60) holds -1 (given '-1')"


def test_an_operator_against_the_ladder_direction_is_refused():
    ladder = bands(["100%", "≥90%", "≥80%", "<80%"])
    assert ladder.grade("≥95%").grade == "良"  # copied: at least 95%
    with pytest.raises(NotationError) as info:
        ladder.grade("<90%")                    # says only that it is below 90%
    assert info.value.code == "operator-in-actual"


def test_compiled_ladders_are_immutable_and_pickle():
    import pickle

    ladder = bands(["及时", "延期一周", "延期两周", "延期三周"], on_gap="error")
    with pytest.raises(AttributeError):
        ladder.direction = "up"
    again = pickle.loads(pickle.dumps(ladder))
    assert again.grade("延期5天") == ladder.grade("延期5天") and again.on_gap == "error"


def test_grade_reads_like_a_result():
    result = bands(["100%", "≥90%", "≥80%", "<80%"]).grade("92%")
    assert repr(result) == "BandGrade(良 ← '≥90%': 92% holds)"
    assert result.as_dict()["grade"] == "良"


def test_worse_than_every_band_on_a_count_ladder():
    # 100万株 against a ladder whose worst band is 200万株 is 差 (rules §3)
    ladder = bands(["≥600万株", "≥400万株", "≥300万株", "200万株"])
    assert ladder.grade("100万株").grade == "差"


def test_better_than_every_band_takes_the_best_grade():
    ladder = bands(["90%-100%", "80%-90%", "70%-80%", "<70%"])
    result = ladder.grade("105%")
    assert (result.grade, result.how) == ("优", "best")


def test_gap_policy_error_raises():
    ladder = bands(BROKEN, on_gap="error")
    with pytest.raises(NotationError) as info:
        ladder.grade(2)
    assert info.value.code == "in-gap"
    assert ladder.grade(3).grade == "优"


def test_unknown_gap_policy_is_rejected():
    with pytest.raises(DefinitionError) as info:
        bands(PERCENT, on_gap="ignore")
    assert info.value.code == "bad-option"


@pytest.mark.parametrize("ladder, direction", [
    (PERCENT, "up"), (COUNTS, "up"), (SMALL, "up"), (PEOPLE, "up"), (BROKEN, "up"), (DELAYS, "down"),
    (["≤5%", "≤10%", "≤15%", ">15%"], "down"),  # 发生率-like ladders improve downwards
])
def test_direction_is_read_from_the_ladder(ladder, direction):
    assert bands(ladder).direction == direction


def test_a_stated_direction_must_agree():
    assert bands(PERCENT, direction="up").direction == "up"
    with pytest.raises(DefinitionError) as info:
        bands(PERCENT, direction="down")
    assert info.value.code == "direction-conflict"


def test_a_flat_ladder_needs_a_direction():
    with pytest.raises(DefinitionError) as info:
        bands(["5", "5"])
    assert info.value.code == "direction-unknown"
    assert bands(["5", "5"], direction="down").grade(3).grade == "优"


def test_bands_may_be_a_mapping_or_pairs():
    as_map = bands({"优": "100%", "良": "≥90%", "中": "≥80%", "差": "<80%"})
    as_pairs = bands([("A", "100%"), ("B", "≥90%"), ("C", "≥80%"), ("D", "<80%")])
    assert as_map.grade("85%").grade == "中"
    assert as_pairs.grade("85%").grade == "C"


DIAGNOSTICS = [
    # (ladder, expected (code, subject) pairs) — compiling reports, it does not fail
    (PERCENT, []),
    (BROKEN, [("missing-bands", None), ("gap", None)]),             # >2 / <2: the gap at 2
    (YES_NO, [("duplicate-band", "差")]),                           # 否 twice
    (DELAYS, [("worst-band-incomplete", "差")]),                   # nothing beyond 3 weeks
    (GAPPED, [("gap", None)]),                                     # 50–60% uncovered
    (PEOPLE, [("unit-assumed", "差")]),                             # 320以下 has no unit
    (["≥90%", "≥95%", "≥80%", "<80%"], [("not-monotone", None)]),
    (["80%-100%", "70%-90%", "60%-70%", "<60%"],                   # 70–90 reaches into 80–100
     [("best-band-incomplete", "优"), ("overlap", "良")]),
    (["100%", "≥90%", "≥80%", "≥70%"], [("worst-band-incomplete", "差")]),  # 差 does not cover <70%
]


@pytest.mark.parametrize("ladder, expected", DIAGNOSTICS)
def test_compiling_reports(ladder, expected):
    assert [(d.code, d.subject) for d in bands(ladder).diagnostics] == expected


def test_gap_is_reported_as_an_interval():
    gap = next(d for d in bands(BROKEN).diagnostics if d.code == "gap")
    assert "[2, 2]" in gap.message
    gap = next(d for d in bands(GAPPED).diagnostics if d.code == "gap")
    assert "[50%, 60%)" in gap.message


def test_strict_mode_fails_on_warnings():
    with pytest.raises(DefinitionError) as info:
        bands(BROKEN, strict=True)
    assert info.value.code == "strict"
    assert {d.code for d in info.value.diagnostics} == {"missing-bands", "gap"}
    assert bands(PERCENT, strict=True).grade("100%").grade == "优"


@pytest.mark.parametrize("ladder, code", [
    (["≥90%", "≥80人", "≥70%", "<70%"], "mixed-units"),
    (["是", "≥80%", "否", "否"], "mixed-bands"),
    (["12月底前", "延期一周"], "mixed-bands"),
    (["", "", "", ""], "empty-ladder"),
])
def test_ladders_that_cannot_compile(ladder, code):
    with pytest.raises(DefinitionError) as info:
        bands(ladder)
    assert info.value.code == code


def test_a_word_the_ladder_does_not_list_is_an_error_naming_the_words():
    with pytest.raises(NotationError) as info:
        bands(YES_NO).grade("达成")
    assert info.value.code == "unknown-word"
    assert "是, 基本达到, 否" in info.value.message


@pytest.mark.parametrize("actual, code", [
    ("300人次", "unit-mismatch"),   # 人次 never compares with 人
    ("很多", "expected-number"),
    ("3O0人", "unexpected-text"),
    (None, "missing"),
    (True, "not-a-number"),
    (float("nan"), "not-a-number"),
])
def test_unreadable_actuals_raise_the_typed_error(actual, code):
    with pytest.raises(NotationError) as info:
        bands(PEOPLE).grade(actual)
    assert info.value.code == code


def test_not_applicable_actual_has_no_grade():
    result = bands(PERCENT).grade("/")
    assert result.grade is None and not result.actual.applicable


EXPLANATIONS = [
    # the band's text, the normalised condition and the actual as read
    (PERCENT, "92%", "良: band '≥90%' = [90%, +∞) holds 92% (given '92%')"),
    (PERCENT, 0.95, "差: band '<80%' = [0%, 80%) holds 0.95% (given 0.95) [suspicious-fraction]"),
    (DELAYS, "延期5天", "良: band '延期一周' = [0天, 7天] holds 延期5天 (given '延期5天')"),
    (DELAYS, "延期30天", "差: 延期30天 (given '延期30天') is worse than every band; worst band '延期三周' = [0天, 21天]"),
    (BROKEN, 2, "良: 2 (given 2) lies in the gap [2, 2]; next lower band '<2' = [0, 2)"),
    (YES_NO, "否", "中: band '否' matches 否 (given '否')"),
    (PEOPLE, "0.038万人", "良: band '360-400人' = [360人, 400人] holds 0.038万人 (given '0.038万人') [unit-converted]"),
]


@pytest.mark.parametrize("ladder, actual, line", EXPLANATIONS)
def test_every_grade_explains_itself_in_one_line(ladder, actual, line):
    assert bands(ladder).grade(actual).explain() == line


def test_grade_results_are_frozen():
    result = bands(PERCENT).grade("92%")
    with pytest.raises(AttributeError):
        result.grade = "优"


def test_year_must_be_an_int():
    with pytest.raises(TypeError):
        bands(["100%", "≥90%"], year="2023")


def test_strict_mode_names_the_warnings():
    with pytest.raises(DefinitionError, match="gap") as info:
        bands([">2", "<2"], strict=True)
    assert info.value.code == "strict"
    assert "gap" in {d.code for d in info.value.diagnostics}


# rules §3: "An actual that repeats a band's own text exactly (`延期三个月以上` against a
# 差 band `延期三个月以上`) takes that band."  Found by bench/bench_province.py's oracle.
@pytest.mark.parametrize(("ladder", "actual", "grade"), [
    (["按期完成", "延期1个月以内", "延期3个月以内", "延期3个月以上"], "延期3个月以上", "差"),   # was operator-in-actual
    ([">95%", ">92.5%", ">87.5%", "≤87.5%"], ">95%", "优"),                                # was 良: 95 is not above 95
    ([">95%", ">92.5%", ">87.5%", "≤87.5%"], "＞95％", "优"),                              # as typed, full width
    (["85%-100%", "75%-85%", "60%-75%", "<60%"], "75%-85%", "良"),                        # was unexpected-text
    (["400人以上", "360-400人", "320-360人", "320以下"], "320以下", "差"),
    (["≤30万元", "≤35万元", "≤40万元", "超过40万元"], "超过40万元", "差"),
])
def test_an_actual_that_repeats_a_bands_text_takes_that_band(ladder, actual, grade):
    result = bands(ladder).grade(actual)
    assert (result.grade, result.how) == (grade, "repeated")
    assert "repeats band" in result.explain()


def test_a_value_with_an_operator_that_repeats_no_band_is_read_as_before():
    ladder = bands([">95%", ">92.5%", ">87.5%", "≤87.5%"])
    assert ladder.grade(">93%").grade == "良" and ladder.grade(">93%").how == "holds"
    with pytest.raises(NotationError):
        bands(["100%", "≥90%", "≥80%", "<80%"]).grade("<70%")


# rules §2: "An actual `已完成`, `完成` or `按时完成` against a deadline or a delay is on time."
@pytest.mark.parametrize("actual", ["完成", "已完成", "已按期完成", "按时完成"])
def test_done_against_a_delay_ladder_is_on_time(actual):
    result = bands(["及时", "延期一周", "延期两周", "延期三周"]).grade(actual)
    assert result.grade == "优" and result.actual.base == 0
    assert [f.code for f in result.flags] == (["on-time-word"] if actual not in ("按时完成",) else [])
