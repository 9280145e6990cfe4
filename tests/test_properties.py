"""Hypothesis properties of perfeval.

Each test states one rule of ``../shared/domain/rules.md`` (the grading
contract) as a law over generated ladders, targets, conditions and actuals.
The section each law comes from is named in its docstring.

The ladders are generated in families whose meaning is known independently
of perfeval (``100% / ≥90% / ≥80% / <80%`` is "≥T1, ≥T2, ≥T3, <T3"), so that
the properties compare perfeval with an oracle, not with itself.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

import pytest
from hypothesis import assume, example, given, note
from hypothesis import strategies as st

import perfeval
from perfeval import NotationError, PerfevalError, parse
from perfeval.codes import Code
from perfeval.evaluate.intervals import show
from perfeval.notation.conditions import (
    Compare,
    Deadline,
    Delay,
    NotApplicable,
    Op,
    Period,
    Quantity,
    Range,
    Words,
    format_decimal,
)
from perfeval.notation.units import lookup, symbols
from perfeval.rules import (
    ACHIEVED,
    DELAY_WORDS,
    GRADES,
    NOT_ACHIEVED,
    ON_TIME_WORDS,
    PARTLY,
    PREFIX_WORDS,
    SUFFIX_WORDS,
    TIER_RANGES,
    TIER_WORDS,
)

D = Decimal
ALL_SYMBOLS = symbols()
GRADE_SET = set(GRADES)


def fmt(value: Decimal) -> str:
    return format_decimal(value)


def decimals(low, high, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Exact Decimals in [low, high] with ``places`` decimals."""
    return st.decimals(min_value=D(str(low)), max_value=D(str(high)), places=places,
                       allow_nan=False, allow_infinity=False)


def distinct(n: int, elements: st.SearchStrategy, *, descending: bool) -> st.SearchStrategy[tuple]:
    return st.lists(elements, min_size=n, max_size=n, unique=True).map(
        lambda xs: tuple(sorted(xs, reverse=descending)))


def grade_index(grade: str | None) -> int:
    assert grade in GRADE_SET, grade
    return GRADES.index(grade)


# Rules §4: one indicator is labelled 达成, 部分达成 or 未达成, best first; only totals carry grades.
LABELS = ("达成", "部分达成", "未达成")


def label_index(label: str | None) -> int:
    assert label in LABELS, label
    return LABELS.index(label)


# ------------------------------------------------------------------ ladder families
#
# A family is a ladder text and its meaning written out by hand: one predicate
# per band (best first) over the actual in the ladder's unit, and the gaps
# between bands with the index of the band below each gap.


class Family(NamedTuple):
    name: str
    texts: tuple[str, ...]
    direction: str
    unit: str  # the unit a text actual is written in ("" for none)
    holds: tuple[Callable[[Decimal], bool], ...]
    gaps: tuple[tuple[Callable[[Decimal], bool], int], ...]
    thresholds: tuple[Decimal, ...]
    delay: bool = False

    def expected(self, x: Decimal) -> tuple[int, str]:
        """(band index, how) by the rules: first band that holds, else the gap's
        next lower band, else the worst band (a value worse than every band)."""
        for i, holds in enumerate(self.holds):
            if holds(x):
                return i, "holds"
        for in_gap, lower in self.gaps:
            if in_gap(x):
                return lower, "gap"
        return len(self.holds) - 1, "worst"


PCT = decimals("0.01", "150")
PCT1 = decimals("0.1", "100", places=1)
COUNT = st.integers(1, 1000)
CN = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}


@st.composite
def pct_up(draw):  # `T1% / ≥T2% / ≥T3% / <T3%`
    t1, t2, t3 = draw(distinct(3, PCT, descending=True))
    return Family("pct-up", (f"{fmt(t1)}%", f"≥{fmt(t2)}%", f"≥{fmt(t3)}%", f"<{fmt(t3)}%"), "up", "%",
                  (lambda x: x >= t1, lambda x: x >= t2, lambda x: x >= t3, lambda x: x < t3), (),
                  (t1, t2, t3))


@st.composite
def count_up(draw):  # `≥a / ≥b / ≥c / <c`, with or without a unit
    a, b, c = (D(v) for v in draw(distinct(3, COUNT, descending=True)))
    u = draw(st.sampled_from(["", "人", "个", "件"]))
    return Family("count-up", (f"≥{a}{u}", f"≥{b}{u}", f"≥{c}{u}", f"<{c}{u}"), "up", u,
                  (lambda x: x >= a, lambda x: x >= b, lambda x: x >= c, lambda x: x < c), (), (a, b, c))


@st.composite
def bare_count_up(draw):  # `3 / 2 / 1 / 0`: a bare value means "at least this"
    a, b, c, d = (D(v) for v in draw(distinct(4, st.integers(0, 100), descending=True)))
    return Family("bare-count-up", (f"{a}", f"{b}", f"{c}", f"{d}"), "up", "",
                  (lambda x: x >= a, lambda x: x >= b, lambda x: x >= c, lambda x: x >= d), (), (a, b, c, d))


@st.composite
def delay_down(draw):  # `及时 / 延期N天 / 延期M天 / 延期K天`, or in weeks (延期一周 …)
    n, m, k = draw(distinct(3, st.integers(1, 10), descending=False))
    unit, days = draw(st.sampled_from([("天", 1), ("周", 7)]))
    chinese = draw(st.booleans())

    def number(v):
        return CN[v] if chinese else str(v)

    texts = ("及时", f"延期{number(n)}{unit}", f"延期{number(m)}{unit}", f"延期{number(k)}{unit}")
    n, m, k = (D(v * days) for v in (n, m, k))
    return Family("delay-down", texts, "down", "天",
                  (lambda x: x <= 0, lambda x: x <= n, lambda x: x <= m, lambda x: x <= k), (),
                  (D(0), n, m, k), delay=True)


@st.composite
def range_up(draw):  # `X人以上 / Y-X人 / Z-Y人 / Z以下`
    z, y, x_ = (D(v) for v in draw(distinct(3, COUNT, descending=False)))
    return Family("range-up", (f"{x_}人以上", f"{y}-{x_}人", f"{z}-{y}人", f"{z}以下"), "up", "人",
                  (lambda x: x >= x_, lambda x: y <= x <= x_, lambda x: z <= x <= y, lambda x: x <= z), (),
                  (z, y, x_))


@st.composite
def gap_up(draw):  # `A% / B%-A% / C%-B% / <D%` leaves [D, C) uncovered
    d, c, b, a = draw(distinct(4, PCT1, descending=False))
    return Family("gap-up", (f"{fmt(a)}%", f"{fmt(b)}%-{fmt(a)}%", f"{fmt(c)}%-{fmt(b)}%", f"<{fmt(d)}%"), "up", "%",
                  (lambda x: x >= a, lambda x: b <= x <= a, lambda x: c <= x <= b, lambda x: x < d),
                  ((lambda x: d <= x < c, 3),), (d, c, b, a))


@st.composite
def pct_down(draw):  # `≤a% / ≤b% / ≤c% / >c%` (a rate where less is better)
    a, b, c = draw(distinct(3, PCT, descending=False))
    return Family("pct-down", (f"≤{fmt(a)}%", f"≤{fmt(b)}%", f"≤{fmt(c)}%", f">{fmt(c)}%"), "down", "%",
                  (lambda x: x <= a, lambda x: x <= b, lambda x: x <= c, lambda x: x > c), (), (a, b, c))


@st.composite
def gap_down(draw):  # `≤a% / a%-b% / b%-c% / >d%` leaves (c, d] uncovered
    a, b, c, d = draw(distinct(4, PCT1, descending=False))
    return Family("gap-down", (f"≤{fmt(a)}%", f"{fmt(a)}%-{fmt(b)}%", f"{fmt(b)}%-{fmt(c)}%", f">{fmt(d)}%"),
                  "down", "%",
                  (lambda x: x <= a, lambda x: a <= x <= b, lambda x: b <= x <= c, lambda x: x > d),
                  ((lambda x: c < x <= d, 3),), (a, b, c, d))


FAMILIES = st.one_of(pct_up(), count_up(), bare_count_up(), delay_down(), range_up(), gap_up(), pct_down(),
                     gap_down())


def actual_values(family: Family) -> st.SearchStrategy[Decimal]:
    """Values on the ladder's axis: at and next to every threshold, and anywhere
    from a little below zero to well above the highest threshold."""
    eps = D("0.01")
    near = st.sampled_from(family.thresholds).flatmap(lambda t: st.sampled_from([t - eps, t, t + eps]))
    top = max(family.thresholds) * 2 + 10
    return st.one_of(near, decimals(-10, top), st.just(D(0)))


def as_actual(family: Family, x: Decimal, form: str) -> Any:
    """The value as a caller may give it: a bare Decimal (the ladder's unit) or text."""
    if form == "bare":
        return x
    if family.delay:
        return "及时" if x == 0 and form == "words" else f"延期{fmt(x)}天"
    return f"{fmt(x)}{family.unit}"


FORMS = st.sampled_from(["bare", "text", "words"])


# ---------------------------------------------------------------- 1. ladder monotonicity


@given(FAMILIES, st.data())
def test_ladder_better_actual_never_gets_worse_grade(family, data):
    """Rules §3 (grading a band ladder): the grade is the first band, best
    first, whose condition holds, gaps take the next lower band and values
    beyond every band the worst, and the direction of improvement is read from
    the ladder.  Together these make grading monotone: on an "up" ladder a
    higher actual, on a "down" ladder a lower one, never gets a worse grade."""
    ladder = perfeval.bands(list(family.texts))
    assert ladder.direction == family.direction
    xs = data.draw(st.lists(actual_values(family), min_size=2, max_size=2))
    low, high = sorted(xs)
    form = data.draw(FORMS)
    g_low = ladder.grade(as_actual(family, low, form))
    g_high = ladder.grade(as_actual(family, high, form))
    note(f"{family.texts}: {low} → {g_low.grade} ({g_low.how}), {high} → {g_high.grade} ({g_high.how})")
    if family.direction == "up":
        assert grade_index(g_high.grade) <= grade_index(g_low.grade)
    else:
        assert grade_index(g_low.grade) <= grade_index(g_high.grade)
    # and the grade names follow ladder.bands order, best first
    names = [b.grade for b in ladder.bands]
    assert names.index(g_low.grade) == grade_index(g_low.grade)


# ---------------------------------------------------------------- 2. one band, or a resolved gap


@given(FAMILIES, st.data())
def test_every_value_lands_in_one_band_or_a_resolved_gap(family, data):
    """Rules §3: "The grade is the first band, best first, whose condition
    holds.  A value that no band holds lies in a gap.  By default it takes the
    next worse band below the gap.  A definition may choose `error` instead.
    A value worse than every band takes the worst grade."  Compiling reports
    every gap as an interval."""
    x = data.draw(actual_values(family))
    actual = as_actual(family, x, data.draw(FORMS))
    index, how = family.expected(x)
    note(f"{family.texts} ← {actual!r}: expected {GRADES[index]} ({how})")

    ladder = perfeval.bands(list(family.texts))
    g = ladder.grade(actual)  # next_lower: never raises
    assert g.grade in [b.grade for b in ladder.bands]
    assert (grade_index(g.grade), g.how) == (index, how)
    assert g.band is ladder.bands[index]
    base = g.actual.base
    if g.how == "holds":
        assert g.band.holds(base)
        assert not any(b.holds(base) for b in ladder.bands[:index]), "not the first band that holds"
    else:
        assert g.how in {"gap", "worst", "best"}
        assert not any(b.holds(base) for b in ladder.bands)
    if g.how == "gap":
        assert g.gap in ladder.gaps and g.gap.contains(base)
        # the gap is reported, as an interval, when the ladder is compiled
        assert any(d.code == "gap" and show(g.gap, ladder.axis.unit) in d.message for d in ladder.diagnostics)
    if x >= 0:  # the reported gaps are exactly what no band holds
        assert any(gap.contains(base) for gap in ladder.gaps) == (not any(b.holds(base) for b in ladder.bands))

    strict = perfeval.bands(list(family.texts), on_gap="error")
    if how == "gap":
        with pytest.raises(NotationError) as raised:
            strict.grade(actual)
        assert raised.value.code == "in-gap"
    else:
        s = strict.grade(actual)
        assert (s.grade, s.how) == (g.grade, g.how)


@example((D(2), D(1), D(0), D(-1)), "middle")
@given(distinct(4, decimals(-50, 50, places=0), descending=True),
       st.one_of(st.sampled_from(["d", "c", "middle", "d+1", "c-1"]), decimals(-60, 60)))
def test_gaps_below_zero_take_the_next_lower_band(thresholds, where):
    """Rules §3: a value that no band holds lies in a gap and takes the next
    worse band below it (or, with on_gap="error", raises NotationError
    "in-gap"); no other exception.  Here the ladder is a growth rate that may
    go negative, `≥a% / ≥b% / ≥c% / <d%`, which leaves [d, c) uncovered."""
    a, b, c, d = thresholds
    texts = [f"≥{a}%", f"≥{b}%", f"≥{c}%", f"<{d}%"]
    x = {"d": d, "c": c, "middle": (c + d) / 2, "d+1": d + 1, "c-1": c - 1}.get(where, where)
    expected = 0 if x >= a else 1 if x >= b else 2 if x >= c else 3
    note(f"{texts} ← {x}")
    g = perfeval.bands(texts).grade(x)
    assert grade_index(g.grade) == expected
    assert g.how == ("gap" if d <= x < c else "holds")
    if d <= x < c:
        with pytest.raises(NotationError) as raised:
            perfeval.bands(texts, on_gap="error").grade(x)
        assert raised.value.code == "in-gap"


# ---------------------------------------------------------------- 3. round trip
#
# The round-trip laws parse text that is valid by construction: each
# generator builds a condition's text from structured parts (operator,
# number, unit, range ends, delay, deadline, words), renders it as a user
# would write it, and says which condition the text means.  parse() is called
# without catching anything, so a parser that raised, or read the text as
# words, would fail these laws: they cannot pass vacuously.


FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
NUMBER_STYLES = st.sampled_from(["plain", "thousands", "full-width", "full-width thousands"])
SPACES = st.sampled_from(["", "", " ", "\u3000"])
SIGNED = st.one_of(decimals(-1000, 1000), decimals(0, 10 ** 7), st.integers(0, 10 ** 9).map(D))


def number_text(value: Decimal, style: str) -> str:
    text = format(value, ",f") if "thousands" in style else fmt(value)
    return text.translate(FULL_WIDTH) if "full-width" in style else text


# How each operator is written (rules §2, "Comparison words"): a symbol or a
# word before the number, or a word after it.
SYMBOLS_OF = {Op.GE: ["≥", ">=", "≧"], Op.LE: ["≤", "<=", "≦"], Op.GT: [">", "＞"], Op.LT: ["<", "＜"],
              Op.EQ: ["=", "＝", "﹦"]}
PREFIXES_OF = {op: sorted(w for w, symbol in PREFIX_WORDS.items() if symbol == op.value) for op in Op}
SUFFIXES_OF = {op: sorted(w for w, symbol in SUFFIX_WORDS.items() if symbol == op.value) for op in Op}
# Chinese numerals and their values (rules §2: 两 and 半 count too).
CHINESE_NUMBERS = {"一": D(1), "两": D(2), "十五": D(15), "半": D("0.5"), "一百二十": D(120)}
QUANTITY_UNITS = ["", "", "%", "万元", "人", *ALL_SYMBOLS, "元/人", "万元/人", "万/月", "元/亩"]


def unit_of(symbol: str):
    return lookup(symbol) if symbol else None


@st.composite
def operator_forms(draw, op: Op | None):
    """How ``op`` is written: ("symbol" | "prefix" | "suffix" | "none", the text)."""
    if op is None:
        return "none", ""
    places = [(place, words) for place, words in
              (("symbol", SYMBOLS_OF[op]), ("prefix", PREFIXES_OF[op]), ("suffix", SUFFIXES_OF[op])) if words]
    place, words = draw(st.sampled_from(places))
    return place, draw(st.sampled_from(words))


def period_shaped(expected: Any) -> bool:
    """Rules §2: a period is never a numeric range, so numbers written like
    one (a year alone, 2020年; months 1-12月; years and months 2023.07-2024.01)
    read as a Period.  The comparison and range laws leave them out; the
    period laws are in tests/test_notation_real.py."""
    def whole(q: Quantity, low: int, high: int) -> bool:
        return q.value == q.value.to_integral_value() and low <= q.value <= high

    def year_month(q: Quantity) -> bool:
        return q.unit is None and q.value.as_tuple().exponent == -2 and 1900 <= q.value < 2100 \
            and 1 <= int(q.value * 100) % 100 <= 12

    def symbol(q: Quantity) -> str | None:
        return q.unit.symbol if q.unit is not None else None

    if isinstance(expected, Compare):
        return expected.op is None and symbol(expected.quantity) == "年" and whole(expected.quantity, 1900, 2099)
    if isinstance(expected, Range):
        low, high = expected.low, expected.high
        return ("月" in (symbol(low), symbol(high)) and whole(low, 1, 12) and whole(high, 1, 12)) or (
            year_month(low) and year_month(high))
    return False


def round_trips(text: str, expected: Any) -> None:
    """parse(text) is the condition the text was built from, and
    parse(str(c)) == c: the canonical form reads back as the same condition."""
    c = parse(text)  # valid by construction: an error here fails the law
    note(f"{text!r} → {c!r} → {str(c)!r}")
    assert c == expected
    again = parse(str(c))
    assert again == c
    assert str(again) == str(c)


@st.composite
def comparison_texts(draw):
    """A comparison built from its parts: (text, Compare(op, Quantity(value, unit)))."""
    unit = draw(st.sampled_from(QUANTITY_UNITS))
    op = draw(st.one_of(st.none(), st.sampled_from(list(Op))))
    place, word = draw(operator_forms(op))
    # A Chinese numeral needs a unit after it (rules §2: 两周, 半年).
    chinese = unit != "" and draw(st.booleans())
    if chinese:
        numeral = draw(st.sampled_from(sorted(CHINESE_NUMBERS)))
        value, number = CHINESE_NUMBERS[numeral], numeral
    else:
        value = draw(SIGNED)
        number = number_text(value, draw(NUMBER_STYLES))
    space = draw(SPACES)
    before, after = ("", word) if place == "suffix" else (word, "")
    expected = Compare(op, Quantity(value, unit_of(unit)))
    assume(not period_shaped(expected))
    return f"{before}{space}{number}{space}{unit}{after}", expected


@st.composite
def range_texts(draw):
    """A range built from its ends: (text, Range(low, high)), the unit on
    either end or both."""
    unit = draw(st.sampled_from(QUANTITY_UNITS))
    low, high = sorted(draw(st.lists(SIGNED, min_size=2, max_size=2)))
    separator = draw(st.sampled_from(["-", "～", "~", "至", "到", "—", "〜"]))
    where = draw(st.sampled_from(["both", "low", "high", "none"])) if unit else "none"
    style = draw(NUMBER_STYLES)
    space = draw(SPACES)
    low_unit = unit if where in ("both", "low") else ""
    high_unit = unit if where in ("both", "high") else ""
    text = f"{number_text(low, style)}{low_unit}{space}{separator}{space}{number_text(high, style)}{high_unit}"
    unit = unit_of(low_unit or high_unit)  # the unit of either end is the range's
    expected = Range(Quantity(low, unit), Quantity(high, unit))
    assume(not period_shaped(expected))
    return text, expected


@given(st.one_of(comparison_texts(), range_texts()))
def test_round_trip_comparisons_and_ranges(case):
    """Rules §2 (reading the notation) and the README's contract for
    conditions: a comparison (symbols, words such as 以上/不少于, thousands
    separators, full-width digits, Chinese numerals, every unit) or a range
    (unit on either end or both) reads as the condition it was built from,
    and str(c) is canonical: parse(str(c)) == c."""
    round_trips(*case)


REST = st.sampled_from(["", "", "完成", "完成当年任务", "全部完成", "实施完毕"])
CN_MONTHS = dict(enumerate(["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"], start=1))


@st.composite
def deadline_texts(draw):
    """A deadline built from year, month, day and the words after it:
    (text, Deadline(year, month, day, rest))."""
    year = draw(st.one_of(st.none(), st.integers(2015, 2030)))
    month = draw(st.integers(1, 12))
    rest = draw(REST)
    kind = draw(st.sampled_from(["month", "month", "year-end", "date"]))
    if kind == "month":  # 12月底前, 2023年6月前, 6月末, 十二月底之前, 2023年12底前
        month_text = draw(st.sampled_from([str(month), f"{month:02d}", CN_MONTHS[month]]))
        ending = draw(st.sampled_from(["月底前", "月前", "月末", "月底之前", "底前"]))
        prefix = "" if year is None else f"{year}年"
        return f"{prefix}{month_text}{ending}{rest}", Deadline(year, month, None, rest)
    if kind == "year-end":  # 年底前, 年内, 当年, 年末, 2023年底前
        text = draw(st.sampled_from(["年底前", "年内", "当年", "年末"])) if year is None else f"{year}年底前"
        return text + rest, Deadline(year, 12, None, rest)
    year = 2023 if year is None else year  # a date names its year
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    text = draw(st.sampled_from([f"{year}年{month}月{day}日前", f"{year}年{month}月{day}日",
                                 f"{year}-{month:02d}-{day:02d}", f"{year}.{month}.{day}", f"{year}/{month}/{day}前"]))
    return text + rest, Deadline(year, month, day, rest)


@given(deadline_texts())
def test_round_trip_deadlines(case):
    """Rules §2 (deadlines: `12月底前`, `N月前` is the end of month N,
    `年底前`, `当年完成`, ISO and Chinese dates) and the README's contract:
    the text reads as the deadline it was built from, and parse(str(c)) == c."""
    round_trips(*case)


DELAY_UNITS = ["天", "日", "周", "星期", "个工作日", "工作日", "小时", "分钟"]


@st.composite
def delay_texts(draw):
    """A delay built from its parts: (text, Delay(op, Quantity(n, unit))), with
    the operator before the number, after the unit, or not at all; or an
    on-time word, a delay of 0."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(sorted(ON_TIME_WORDS))), Delay.on_time()
    word = draw(st.sampled_from(list(DELAY_WORDS)))
    op = draw(st.one_of(st.none(), st.sampled_from(list(Op))))
    place, written = draw(operator_forms(op))
    before, after = ("", written) if place == "suffix" else (written, "")
    if draw(st.booleans()):
        numeral = draw(st.sampled_from(sorted(CHINESE_NUMBERS)))
        value, number = CHINESE_NUMBERS[numeral], numeral
    else:
        value = draw(st.one_of(decimals(0, 100), st.integers(0, 60).map(D)))
        number = fmt(value)
    unit = draw(st.sampled_from(DELAY_UNITS))
    return f"{word}{before}{number}{unit}{after}", Delay(op, Quantity(value, lookup(unit)))


@example(("延期0天", Delay(None, Quantity(D(0), lookup("天")))))
@example(("延期0周", Delay(None, Quantity(D(0), lookup("周")))))
@given(delay_texts())
def test_round_trip_delays(case):
    """Rules §2 (delays: `及时` is a delay of 0, `延期一周`, `延期15天以内`,
    `延期30天以上`) and the README's contract: the text reads as the delay it
    was built from, and parse(str(c)) == c."""
    round_trips(*case)


WORDS = ["严格落实相关政策", "达成", "是", "否", "基本达到", "部分达成", "1年内持续发挥作用", "一流", "明显提升",
         "达到预期"]
WORD_PIECES = ["严格", "落实", "相关", "政策", "群众", "满意度", "明显", "提升", "规范", "良好", "有效", "持续发挥作用",
               "合格", "完成"]


@st.composite
def word_texts(draw):
    """Qualitative text or not-applicable marks: (text, the condition)."""
    kind = draw(st.sampled_from(["words", "pieces", "not-applicable"]))
    if kind == "not-applicable":
        text = draw(st.sampled_from(["/", "／", "无", "不适用"]))
        return text, NotApplicable("/" if text == "／" else text)
    if kind == "words":
        text = draw(st.sampled_from(WORDS))
    else:
        text = "".join(draw(st.lists(st.sampled_from(WORD_PIECES), min_size=1, max_size=4)))
    return text, Words(text)


@given(word_texts())
def test_round_trip_words_and_not_applicable(case):
    """Rules §2: qualitative text is anything that parses as none of the
    other notations, and `/`, `无`, `不适用` mean not applicable; README:
    the text reads as those words, and parse(str(c)) == c."""
    round_trips(*case)


@pytest.mark.parametrize("word", ["不少于", "至少", "超过", "低于"])
def test_prefix_words_take_chinese_numerals(word):
    """Rules §2: 不少于/至少 mean ≥, 超过 >, 低于 <, and Chinese numerals
    count too; so `不少于三次` is ≥3次, as `≥三次` and `三次以上` are."""
    op = Op(PREFIX_WORDS[word])
    assert parse(f"{word}三次") == Compare(op, Quantity(D(3), lookup("次")))


@pytest.mark.parametrize("text, value, unit",
                         [("十五千克", 15, "千克"), ("十千克", 10, "千克"), ("一百二十千米", 120, "千米")])
def test_chinese_numerals_before_kilo_units(text, value, unit):
    """Rules §2: Chinese numerals count, and 千米 and 千克 are units; a
    numeral that is complete before 千 (十五, 一百二十) is not a multiple of
    a thousand, so `十五千克` is 15千克."""
    assert parse(text).quantity.base == Quantity(D(value), lookup(unit)).base


NOTATION_ALPHABET = "≥≤<>=%‰0123456789.,-~至到万亿元人次年月日底前内以上以下延期周天及时是否/ 百分比不少于超过"
CODES = frozenset(c.value for c in Code)


def a_catalogued_error(error: PerfevalError) -> None:
    """An error perfeval raises carries a code from the catalogue (perfeval.codes)."""
    assert isinstance(error.code, str) and error.code in CODES, error.code


# Pieces of notation, joined with or without spaces between them.
PIECES = ["≥", "≤", ">", "<", "=", ">=", "≧", "90", "0.5", "1,000", "%", "百", "分比", "百分比", "(百分比)", "万元", "人",
          "以上", "以内", "不少于", "延期", "一周", "12月", "底前", "完成率", "是", "达到", "-", "~", "至", "/", "无"]
NOTATION_PIECES = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", "", " "])), min_size=1,
                           max_size=6).map(lambda parts: "".join(p + s for p, s in parts))


@example("完成率 > = 90%")
@example("完成 百 分比")
@given(st.one_of(st.text(alphabet=NOTATION_ALPHABET, min_size=1, max_size=12), NOTATION_PIECES))
def test_round_trip_any_notation_text(text):
    """Rules §2 (normalise before parsing: NFKC, compatibility symbols such
    as `>=`, `百分比`, spaces dropped) and the README's contract, over
    arbitrary notation text: whatever parses reads back the same,
    parse(str(parse(text))) == parse(text), and whatever does not raises a
    NotationError with a catalogued code."""
    try:
        c = parse(text)
    except NotationError as error:
        a_catalogued_error(error)
        return
    note(f"{text!r} → {c!r} → {str(c)!r}")
    again = parse(str(c))
    assert again == c
    assert str(again) == str(c)


UNITS = st.one_of(st.none(), st.sampled_from([*ALL_SYMBOLS, "元/人", "万元/人", "元/亩", "万/月"]).map(lookup))
OPS = st.one_of(st.none(), st.sampled_from(list(Op)))
TIME_UNITS = st.sampled_from(["天", "日", "周", "星期", "个工作日", "工作日", "小时", "分钟"]).map(lookup)


@st.composite
def built_conditions(draw):
    kind = draw(st.sampled_from(["compare", "range", "deadline", "words", "na"]))
    if kind == "compare":
        return Compare(draw(OPS), Quantity(draw(SIGNED), draw(UNITS)))
    if kind == "range":
        unit = draw(UNITS)
        low, high = sorted(draw(st.lists(SIGNED, min_size=2, max_size=2)))
        return Range(Quantity(low, unit), Quantity(high, unit))
    if kind == "deadline":
        year = draw(st.one_of(st.none(), st.integers(2000, 2099)))
        month = draw(st.integers(1, 12))
        day = draw(st.one_of(st.none(), st.integers(1, 28)))
        return Deadline(year, month, day, draw(REST))
    if kind == "words":
        return Words(draw(st.sampled_from(["严格落实相关政策", "达成", "是", "否", "基本达到", "一流", "明显提升"])))
    return NotApplicable(draw(st.sampled_from(["/", "无", "不适用"])))


@given(built_conditions())
def test_round_trip_conditions_built_from_classes(c):
    """README's contract for conditions (rules §2 notation): a condition built
    directly from the classes (Compare, Range, Deadline, Words, NotApplicable)
    prints canonically and parses back equal: parse(str(c)) == c."""
    assume(not period_shaped(c))
    note(f"{c!r} → {str(c)!r}")
    assert parse(str(c)) == c


@example(None, D(0), lookup("天"))
@example(None, D(0), lookup("周"))
@example(None, D(0), lookup("个工作日"))
@given(OPS, decimals(0, 1000), TIME_UNITS)
def test_round_trip_delays_built_from_classes(op, value, unit):
    """Rules §2 (delays: `及时` is a delay of 0) and README's contract:
    Delay(op, Quantity(n, unit)) parses back equal, parse(str(c)) == c."""
    c = Delay(op, Quantity(value, unit))
    note(f"{c!r} → {str(c)!r}")
    assert parse(str(c)) == c


# ---------------------------------------------------------------- 4. unit equivalence


WAN = decimals("0.01", 100000)
MONEY_ACTUAL = decimals(-1000, 1000000)


def money_texts(value_wan: Decimal) -> tuple[str, str, str]:
    """The same amount in 万元, 亿元 and 元 (exact: scaleb moves the point)."""
    return f"{fmt(value_wan)}万元", f"{fmt(value_wan.scaleb(-4))}亿元", f"{fmt(value_wan.scaleb(4))}元"


def outcome(s) -> tuple:
    return s.achieved, s.ratio, s.points, s.grade


@given(st.sampled_from(["≥", "≤", ">", "<", "=", "", "range"]), WAN, WAN, MONEY_ACTUAL,
       st.sampled_from([10, D("7.5")]))
def test_money_units_are_equivalent_for_targets(op, t1, t2, x, weight):
    """Rules §2 (units form dimensions; 元/万元/亿元 convert inside money; an
    actual with its own unit is converted) and §4: a target and an actual in
    any of 元, 万元, 亿元 give the same achieved, ratio, points and grade."""
    if op == "range":
        low, high = sorted((t1, t2))
        texts = [f"{a}-{b}" for a, b in zip(money_texts(low), money_texts(high), strict=True)]
    else:
        texts = [op + t for t in money_texts(t1)]
    actuals = list(money_texts(x))
    results = set()
    for text in texts:
        t = perfeval.target(text)
        for actual in actuals:
            results.add(outcome(t.score(actual, weight)))
    results.add(outcome(perfeval.target(texts[0]).score(x, weight)))  # bare: the target's unit
    note(f"{texts} ← {actuals}: {results}")
    assert len(results) == 1


@given(MONEY_ACTUAL, st.sampled_from(["", "≥", "≤"]))
def test_money_literals_are_equivalent(x, op):
    """Rules §2 (money units) and §4: `7000万元`, `0.7亿元` and `70000000元`
    are one target, and score any actual alike."""
    actual = f"{fmt(x)}万元"
    results = {outcome(perfeval.target(op + text).score(actual, 10)) for text in ("7000万元", "0.7亿元", "70000000元")}
    assert len(results) == 1


@given(distinct(3, WAN, descending=True), st.booleans(), MONEY_ACTUAL)
def test_money_units_are_equivalent_for_ladders(thresholds, upward, x):
    """Rules §2 (an actual with its own unit is converted inside its
    dimension) and §3: a ladder in 万元 grades an actual given in 元, 万元,
    亿元 or bare (the ladder's unit) alike."""
    a, b, c = thresholds if upward else tuple(reversed(thresholds))
    op, last = ("≥", "<") if upward else ("≤", ">")
    texts = [f"{op}{fmt(a)}万元", f"{op}{fmt(b)}万元", f"{op}{fmt(c)}万元", f"{last}{fmt(c)}万元"]
    ladder = perfeval.bands(texts)
    results = {(g.grade, g.how) for g in (ladder.grade(actual) for actual in (x, *money_texts(x)))}
    note(f"{texts} ← {x}万元: {results}")
    assert len(results) == 1


# ---------------------------------------------------------------- 5. points in [0, weight]


WEIGHTS = st.one_of(st.integers(0, 100), decimals(0, 100))
WIDE = st.one_of(decimals(-1000, 1000), st.integers(-10 ** 30, 10 ** 30).map(D),
                 st.sampled_from([D(0), D("-0"), D("0.01"), D("1E+20"), D("-1E+20"), D("1E-10")]))


@st.composite
def quantity_targets(draw):
    """A compiled ≥/≤/>/</=/bare/range target and a value at its bound."""
    kind = draw(st.sampled_from(["≥", "≤", ">", "<", "=", "bare", "cost", "less-name", "range"]))
    unit = draw(st.sampled_from(["%", "万元", "人", ""]))
    scheme = draw(st.sampled_from([None, {"reverse": "linear"}, {"reverse": "ratio"}, {"over_factor": "1.5"}]))
    t = draw(decimals(0, 100000))
    if kind == "range":
        t2 = draw(decimals(0, 100000))
        low, high = sorted((t, t2))
        return perfeval.target(f"{fmt(low)}-{fmt(high)}{unit}", scheme=scheme), unit, (low, high)
    name = subgroup = None
    if kind == "cost":
        subgroup = "成本指标"
    elif kind == "less-name":
        name = "森林火灾受害率"
    op = "" if kind in ("bare", "cost", "less-name") else kind
    return perfeval.target(f"{op}{fmt(t)}{unit}", name=name, subgroup=subgroup, scheme=scheme), unit, (t,)


def scored(t, actual, weight):
    """The score, or ``None`` for the one error a number may give: rules §2,
    a bare number ≤ 1 against a % target whose two readings (a fraction of 1,
    and as written) score apart is an error row, ``fraction-ambiguous``."""
    try:
        return t.score(actual, weight)
    except perfeval.NotationError as error:
        bare = not isinstance(actual, str) or not actual.endswith("%")
        assert error.code == "fraction-ambiguous", error.code
        assert t.unit is not None and t.unit.symbol == "%" and bare and 0 < abs(D(str(actual))) <= 1
        return None


def in_bounds(s, weight) -> None:
    if s is None:  # a fraction that reads two ways: an error row, not a score (rules §2)
        return
    w = D(weight)
    assert s.ratio is not None and D(0) <= s.ratio <= D(1), s.ratio
    assert D(0) <= s.points <= w, (s.points, w)
    assert s.grade in LABELS


@given(quantity_targets(), WIDE, WEIGHTS, st.data())
def test_points_within_weight_for_quantity_targets(compiled, x, weight, data):
    """Rules §4: "An indicator's points are its weight times a ratio in
    [0, 1]", for ≥, ≤ (reverse "ratio" and "linear"), >, <, =, bare targets
    and ranges, whatever the actual: negative, zero, at the bound or huge."""
    t, unit, bounds = compiled
    x = data.draw(st.one_of(st.just(x), st.sampled_from(bounds)))
    actual = x if data.draw(st.booleans()) else f"{fmt(x)}{unit}"
    note(f"{t.text} ({t.normalized}) ← {actual!r}")
    in_bounds(scored(t, actual, weight), weight)


@example("range", [D(-10), D(-5)], D(0), "ratio")
@given(st.sampled_from(["≥", "≤", ">", "<", "=", "range"]), st.lists(decimals(-100, 100), min_size=2, max_size=2),
       st.one_of(st.sampled_from([D(0), D(-5), D(5)]), decimals(-200, 200)), st.sampled_from(["ratio", "linear"]))
def test_points_within_weight_for_signed_bounds(kind, values, x, reverse):
    """Rules §4: points are the weight times a ratio in [0, 1], also for
    targets whose bound may be negative (a growth rate `≥-5%`, a range
    `-10%--5%`): scoring never fails and never leaves [0, weight]."""
    low, high = sorted(values)
    text = f"{fmt(low)}-{fmt(high)}%" if kind == "range" else f"{kind}{fmt(low)}%"
    note(f"{text} ← {x}")
    in_bounds(scored(perfeval.target(text, scheme={"reverse": reverse}), x, 10), 10)


DEADLINE_TEXTS = st.sampled_from(["12月底前完成", "6月底前", "年底前", "当年完成", "2023年9月30日前", "10月前"])
DATES = st.dates(datetime.date(2020, 1, 1), datetime.date(2026, 12, 31))
LATE_RATIOS = st.one_of(
    st.none(),
    st.lists(st.tuples(st.integers(0, 60), decimals(0, 1)), min_size=1, max_size=4).map(
        # a delay ladder of ratios: more days late never scores more
        lambda pairs: dict(zip(sorted({d for d, _ in pairs}), sorted((r for _, r in pairs), reverse=True), strict=False))),
)


@st.composite
def completions(draw):
    day = draw(DATES)
    return draw(st.sampled_from([
        day, day.isoformat(), f"{day.year}年{day.month}月{day.day}日", f"{day.year}.{day.month}.{day.day}",
        f"{day.month}月", f"{day.year}年{day.month}月", f"延期{draw(st.integers(0, 90))}天", "及时",
    ]))


@given(DEADLINE_TEXTS, LATE_RATIOS, completions(), WEIGHTS)
def test_points_within_weight_for_deadlines(text, late_ratios, actual, weight):
    """Rules §4: a deadline target scores its weight when done on or before
    it, else 0 or the ratio of its delay ladder; points stay in
    [0, weight] and the ratio in [0, 1]."""
    scheme = None if late_ratios is None else {"late_ratios": late_ratios}
    t = perfeval.target(text, year=2023, scheme=scheme)
    note(f"{text} {late_ratios} ← {actual!r}")
    in_bounds(t.score(actual, weight), weight)


@st.composite
def tier_actuals(draw, scheme: str):
    word = draw(st.sampled_from(sorted(TIER_WORDS)))
    tier = TIER_WORDS[word]
    if draw(st.booleans()):
        return word, word, tier, None
    low, high = TIER_RANGES[scheme][tier]
    percent = draw(decimals(low, high, places=1))
    return word, f"{word}{draw(st.sampled_from(['', ' ', ':', '：']))}{fmt(percent)}%", tier, percent


@given(st.sampled_from(["2020", "legacy"]), st.data(), WEIGHTS)
def test_points_within_weight_for_qualitative_targets(scheme, data, weight):
    """Rules §4 (qualitative): 达成 80–100%, 部分达成 60–80%, 未达成 0–60%
    (or 80/50 under the legacy scheme); a tier alone scores 100% for 达成 and
    the midpoint for the others; an explicit ratio must fall inside its tier.
    Points stay in [0, weight]."""
    t = perfeval.target("严格落实相关政策", scheme={"qualitative": scheme})
    word, actual, tier, percent = data.draw(tier_actuals(scheme))
    note(f"{actual!r} ({tier})")
    s = t.score(actual, weight)
    in_bounds(s, weight)
    assert s.achieved == (tier == ACHIEVED)
    low, high = TIER_RANGES[scheme][tier]
    assert low / 100 <= s.ratio <= high / 100
    if percent is not None:
        assert s.ratio == percent / 100
    outside = data.draw(st.one_of(decimals(0, low - D("0.1"), places=1) if low > 0 else st.nothing(),
                                  decimals(high + D("0.1"), 200, places=1) if high < 100 else st.nothing(),
                                  st.just(None)))
    if outside is not None:
        with pytest.raises(NotationError) as raised:
            t.score(f"{word} {fmt(outside)}%", weight)
        assert raised.value.code == "ratio-outside-tier"


# ---------------------------------------------------------------- 6. target monotonicity


@given(quantity_targets(), st.lists(WIDE, min_size=2, max_size=2), st.booleans())
def test_target_better_actual_never_scores_less(compiled, xs, as_text):
    """Rules §4: ≥ and > (and = scored as ≥) reward a higher actual, ≤ and <
    (by operator, by the 成本 group or by a less-is-better name) a lower one,
    under both reverse schemes.  A better actual never gets fewer points, a
    worse grade, or loses "achieved"."""
    t, unit, _ = compiled
    assume(t.kind != "range")  # a range has no better side
    low, high = sorted(xs)
    worse, better = (low, high) if t.direction == "up" else (high, low)

    def score(x):
        return scored(t, f"{fmt(x)}{unit}" if as_text else x, 10)

    s_worse, s_better = score(worse), score(better)
    if s_worse is None or s_better is None:
        return  # a fraction that reads two ways is an error row (rules §2)
    note(f"{t.text} ({t.normalized}): {worse} → {outcome(s_worse)}, {better} → {outcome(s_better)}")
    assert s_better.points >= s_worse.points
    assert label_index(s_better.grade) <= label_index(s_worse.grade)
    assert s_better.achieved or not s_worse.achieved


@given(DEADLINE_TEXTS, LATE_RATIOS, st.lists(DATES, min_size=2, max_size=2), st.booleans())
def test_deadline_earlier_completion_never_scores_less(text, late_ratios, days, as_text):
    """Rules §4 (deadline: done on or before it is achieved; late scores 0 or
    a ratio from a delay ladder): an earlier completion never gets fewer
    points, a worse grade, or loses "achieved"."""
    scheme = None if late_ratios is None else {"late_ratios": late_ratios}
    t = perfeval.target(text, year=2023, scheme=scheme)
    earlier, later = sorted(days)
    s_early, s_late = (t.score(d.isoformat() if as_text else d, 10) for d in (earlier, later))
    note(f"{text} {late_ratios}: {earlier} → {outcome(s_early)}, {later} → {outcome(s_late)}")
    assert s_early.points >= s_late.points
    assert label_index(s_early.grade) <= label_index(s_late.grade)
    assert s_early.achieved or not s_late.achieved


@given(LATE_RATIOS.filter(bool), st.integers(1, 200))
def test_working_days_late_never_score_more_than_as_many_days(late_ratios, n):
    """Rules §2 (time units: 天/日, 个工作日; delays) and §4 (deadline: late
    scores 0 or the ratio of a delay ladder, with the days late stated): a
    completion N working days late is at least N calendar days late, so it
    is never achieved and never scores more than `延期N天`."""
    t = perfeval.target("12月底前完成", year=2023, scheme={"late_ratios": late_ratios})
    workdays, days = t.score(f"延期{n}个工作日", 10), t.score(f"延期{n}天", 10)
    note(f"{late_ratios}: {workdays.explain()} | {days.explain()}")
    assert not workdays.achieved
    assert workdays.points <= days.points


@given(st.sampled_from(["2020", "legacy"]),
       *(st.sampled_from(sorted(w for w, t in TIER_WORDS.items() if t == tier))
         for tier in (ACHIEVED, PARTLY, NOT_ACHIEVED)))
def test_qualitative_tiers_are_ordered(scheme, achieved, partly, not_achieved):
    """Rules §4 (qualitative): tiers alone rank 达成 > 部分达成 > 未达成 in
    points (达成 100%, the others their tier's midpoint)."""
    t = perfeval.target("严格落实相关政策", scheme={"qualitative": scheme})
    points = [t.score(word, 10).points for word in (achieved, partly, not_achieved)]
    assert points[0] > points[1] > points[2]


# ---------------------------------------------------------------- 7. robustness


def only_notation_errors(call: Callable[[], Any]) -> Any:
    """call(), or None when it raises a NotationError, which must carry a
    code from the catalogue; any other exception fails the test."""
    try:
        return call()
    except NotationError as error:
        a_catalogued_error(error)
        return None


DATE_LIKE = st.builds(
    lambda y, sep, m, d, tail: f"{y:04d}{sep}{m}" + ("" if d is None else f"{sep if sep != '年' else '月'}{d}{tail}"),
    st.integers(0, 9999), st.sampled_from(["-", ".", "/", "年"]), st.integers(0, 13),
    st.one_of(st.none(), st.integers(0, 32)), st.sampled_from(["", "日", "号"]),
) | st.builds(lambda m: f"{m}月", st.integers(0, 13)) | st.builds(lambda y, m: f"{y:04d}年{m}月",
                                                                     st.integers(0, 9999), st.integers(0, 13))
NUMBER_LIKE = st.builds(lambda before, v, unit: f"{before}{fmt(v)}{unit}",
                        st.sampled_from(["", "", "≥", "延期", "-"]), decimals(-1000, 1000) | decimals(-30, 30, 0),
                        st.sampled_from(["", "%", "万元", "亿元", "人", "人次", "天", "周", "月", "个工作日", "万"]))
ANY_TEXT = st.one_of(st.text(), st.text(alphabet=NOTATION_ALPHABET, max_size=12), NOTATION_PIECES, DATE_LIKE,
                     NUMBER_LIKE)


@given(ANY_TEXT)
def test_parse_raises_only_notation_error(text):
    """Rules §2 and the README: any text either reads as a condition (words
    at worst) or raises NotationError; never any other exception."""
    c = only_notation_errors(lambda: parse(text))
    assert c is None or isinstance(c, (Compare, Range, Deadline, Period, Delay, Words, NotApplicable))


FIXED_LADDERS = {
    "pct": ["100%", "≥90%", "≥80%", "<80%"],
    "count": ["≥500", "≥480", "≥460", "<460"],
    "bare-count": ["3", "2", "1", "0"],
    "range": ["400人以上", "360-400人", "320-360人", "320以下"],
    "delay": ["及时", "延期一周", "延期两周", "延期三周"],
    "words": ["是", "基本达到", "否", "否"],
    "broken": [">2", "<2", "", ""],
    "gap": ["100%", "80%-100%", "60%-80%", "<50%"],
    "money": ["≥7000万元", "≥6000万元", "≥5000万元", "<5000万元"],
    "growth": ["≥10%", "≥0%", "≥-10%", "<-20%"],
}


@pytest.mark.parametrize("on_gap", ["next_lower", "error"])
@pytest.mark.parametrize("name", sorted(FIXED_LADDERS))
@example(actual="-15")
@given(actual=ANY_TEXT)
def test_ladder_grade_raises_only_notation_error(name, on_gap, actual):
    """Rules §2 (an actual that cannot be read raises NotationError) and §3
    (a word the ladder does not list is an error; a value in a gap takes the
    next lower band or, with on_gap="error", raises): grading any text
    raises nothing but NotationError."""
    ladder = perfeval.bands(FIXED_LADDERS[name], on_gap=on_gap)
    g = only_notation_errors(lambda: ladder.grade(actual))
    assert g is None or g.grade is None or g.grade in GRADE_SET


FIXED_TARGETS = {
    "ge-money": dict(text="≥7000万元"),
    "le-money": dict(text="≤30万元", scheme={"reverse": "linear"}),
    "pct": dict(text="100%"),
    "range": dict(text="360-400人"),
    "per-head-cost": dict(text="6000元/人", subgroup="成本指标"),
    "deadline": dict(text="12月底前完成", year=2023),
    "deadline-no-year": dict(text="12月底前"),
    "deadline-leap-day": dict(text="2月29日前"),
    "delay": dict(text="延期≤15天"),
    "words": dict(text="严格落实相关政策"),
    "not-applicable": dict(text="/"),
}


@pytest.mark.parametrize("name", sorted(FIXED_TARGETS))
@example(actual="0000-07")
@example(actual="2023-03-01")
@given(actual=ANY_TEXT)
def test_target_score_raises_only_notation_error(name, actual):
    """Rules §2 and README ("An actual that cannot be read raises
    NotationError, the same error the parser raises"): scoring any text
    against a compiled target raises nothing but NotationError."""
    spec = dict(FIXED_TARGETS[name])
    t = perfeval.target(spec.pop("text"), **spec)
    s = only_notation_errors(lambda: t.score(actual, 10))
    assert s is None or s.points is None or D(0) <= s.points <= 10


@example("0000-01-01")
@example("2023-01-00")
@given(ANY_TEXT)
def test_target_compiles_or_raises_typed_errors(text):
    """Rules §2 and README: a target text either compiles or raises one of
    the typed errors (NotationError, DefinitionError); never another
    exception."""
    try:
        perfeval.target(text, year=2023)
    except (NotationError, perfeval.DefinitionError) as error:
        a_catalogued_error(error)


# ---------------------------------------------------------------- 8. floats


FLOATS = st.floats(allow_nan=False, allow_infinity=False)
FLOAT_LADDERS = [v for k, v in FIXED_LADDERS.items() if k not in ("words", "growth")]  # growth: see the gap test
FLOAT_TARGETS = [v for k, v in FIXED_TARGETS.items()
                 if not k.startswith("deadline") and k not in ("words", "not-applicable")]


def grading(call):
    try:
        g = call()
    except NotationError as err:
        a_catalogued_error(err)
        return "error", err.code
    return g.grade, g.how, g.band, g.gap, g.flags


def scoring(call):
    try:
        s = call()
    except perfeval.PerfevalError as err:  # a notation error, or a weight beyond the limits (bad-weight)
        a_catalogued_error(err)
        return "error", err.code
    return s.achieved, s.ratio, s.points, s.grade, s.flags


@given(st.sampled_from(FLOAT_LADDERS), st.sampled_from(["next_lower", "error"]),
       st.one_of(FLOATS, st.floats(-200, 200), st.sampled_from([0.1, 0.95, 89.99999999999999, 1e-7, 1e300])))
def test_float_actuals_read_as_their_decimal_text_on_ladders(texts, on_gap, x):
    """Rules §2 / README ("A float is read through Decimal(str(x))", numbers
    are exact Decimals): a float actual grades exactly like Decimal(str(x))."""
    ladder = perfeval.bands(texts, on_gap=on_gap)
    assert grading(lambda: ladder.grade(x)) == grading(lambda: ladder.grade(D(str(x))))


@given(st.sampled_from(FLOAT_TARGETS),
       st.one_of(FLOATS, st.floats(-20000, 20000), st.sampled_from([0.1, 0.95, 6999.999999999999, 1e-7, 1e300])),
       st.one_of(st.integers(0, 100), st.floats(0, 100)))
def test_float_actuals_read_as_their_decimal_text_on_targets(spec, x, weight):
    """Rules §2 / README ("A float is read through Decimal(str(x))"): a float
    actual scores exactly like Decimal(str(x)); so does a float weight."""
    spec = dict(spec)
    t = perfeval.target(spec.pop("text"), **spec)
    assert scoring(lambda: t.score(x, weight)) == scoring(lambda: t.score(D(str(x)), D(str(weight))))


@given(st.sampled_from([float("nan"), float("inf"), float("-inf")]),
       st.sampled_from(FLOAT_LADDERS), st.sampled_from(FLOAT_TARGETS))
def test_non_finite_floats_are_notation_errors(x, ladder_texts, spec):
    """Rules §2 (an actual that cannot be read raises NotationError): NaN and
    infinities, as float or Decimal, are not numbers perfeval grades."""
    spec = dict(spec)
    t = perfeval.target(spec.pop("text"), **spec)
    ladder = perfeval.bands(ladder_texts)
    for actual in (x, D(str(x))):
        with pytest.raises(NotationError) as raised:
            ladder.grade(actual)
        assert raised.value.code == "not-a-number"
        with pytest.raises(NotationError) as raised:
            t.score(actual, 10)
        assert raised.value.code == "not-a-number"
