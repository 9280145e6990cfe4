"""An independent oracle for single targets (rules §4, "Scoring a single target").

The model below is written from ``../shared/domain/rules.md`` §4 alone, in
exact ``Fraction`` arithmetic, and imports nothing from perfeval's
notation, evaluation or rules modules: a target is generated as structured
values (an operator, a positive Decimal bound or a range, a unit, the
``reverse`` scheme option), rendered to the text a user would write, and
handed to the public entry point ``perfeval.target``.  The actual is
generated the same way: a bare number (which takes the target's unit) or
text in a unit of the same dimension (元, 万元 and 亿元 convert exactly).

The model of §4, with the bound ``t`` (or the range ``a–b``) and the actual
``x`` in one unit:

==========  ==================  =============================================
target      achieved            ratio when not achieved
==========  ==================  =============================================
≥ / bare    x ≥ t               x / t  (0 when t ≤ 0)
>           x > t               x / t  (0 when t ≤ 0)
≤           x ≤ t               t / x  ("ratio"), 1 − (x − t)/t ("linear")
<           x < t               as ≤   (0 when t ≤ 0)
=           x = t, or x > t     x / t  below; above is scored as achieved
a–b         a ≤ x ≤ b           below: x / a, above: b / x (0 at an end ≤ 0)
==========  ==================  =============================================

The ratio is then held in [0, 1] and the points are weight × ratio.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfeval  # the system under test, through its public entry point only

D = Decimal

# Units and their exact factors to the base unit of their dimension (rules §2).
UNITS: dict[str, tuple[str, int]] = {
    "%": ("share", 1),
    "人": ("people", 1),
    "元": ("money", 1),
    "万元": ("money", 10_000),
    "亿元": ("money", 100_000_000),
}
SAME_DIMENSION = {u: [v for v, (dim, _) in UNITS.items() if dim == UNITS[u][0]] for u in UNITS}

# How a user writes each operator (rules §2, "Comparison words"): {n} is the
# number with its unit.  A bare value with no group and no name means ≥ (§4).
WRITTEN = {
    "≥": ["≥{n}", "不低于{n}", "{n}以上", "{n}"],
    ">": [">{n}", "超过{n}"],
    "≤": ["≤{n}", "不超过{n}", "{n}以内"],
    "<": ["<{n}", "低于{n}"],
    "=": ["={n}"],
}
RANGE_WRITTEN = ["{a}-{b}{u}", "{a}{u}-{b}{u}", "{a}至{b}{u}"]

# Flags the model predicts (rules §2 and §4); others (unit-converted …) are not modelled here.
MODELLED_FLAGS = {"suspicious-fraction", "over-target", "over-achievement"}
OVER_FACTOR = Fraction(13, 10)  # "at or above 130% of a ≥ target is flagged" (the default factor)

# decimal128, half even: the rounding the README promises for a ratio or points
# that have no exact 34-digit decimal (2/3).  Exact values must come out exact.
DECIMAL128 = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN)
# Generating values never rounds, whatever decimal context a caller has set.
WIDE = decimal.Context(prec=60, traps=[decimal.Inexact])


def plain(value: Decimal) -> str:
    """A Decimal as plain positional text (no exponent): 1E+3 → 1000."""
    return format(value, "f")


# ------------------------------------------------------------------ the model


class Spec(NamedTuple):
    """A target as structured values."""

    op: str  # ≥ > ≤ < = or "range"
    bounds: tuple[Decimal, ...]  # in ``unit``; one bound, or (low, high)
    unit: str
    reverse: str | None  # None: the default scheme ("ratio")
    form: int  # which written form of the operator

    def text(self) -> str:
        if self.op == "range":
            low, high = (plain(b) for b in self.bounds)
            return RANGE_WRITTEN[self.form % len(RANGE_WRITTEN)].format(a=low, b=high, u=self.unit)
        forms = WRITTEN[self.op]
        return forms[self.form % len(forms)].format(n=plain(self.bounds[0]) + self.unit)

    def scheme(self) -> dict[str, str] | None:
        return None if self.reverse is None else {"reverse": self.reverse}


class Expected(NamedTuple):
    achieved: bool
    ratio: Fraction


def clamp(ratio: Fraction) -> Fraction:
    return min(max(ratio, Fraction(0)), Fraction(1))


def oracle(spec: Spec, x: Fraction) -> Expected:
    """Rules §4 for one target and one actual ``x``, both in base units."""
    factor = UNITS[spec.unit][1]
    bounds = [Fraction(b) * factor for b in spec.bounds]
    if spec.op == "range":
        low, high = bounds
        if low <= x <= high:
            return Expected(True, Fraction(1))
        if x < low:
            return Expected(False, Fraction(0) if low <= 0 else clamp(x / low))
        return Expected(False, Fraction(0) if high <= 0 else clamp(high / x))
    (t,) = bounds
    if spec.op in ("≥", ">", "="):
        achieved = {"≥": x >= t, ">": x > t, "=": x >= t}[spec.op]  # = above the target: scored as ≥
        if achieved:
            return Expected(True, Fraction(1))
        return Expected(False, Fraction(0) if t <= 0 else clamp(x / t))
    achieved = x <= t if spec.op == "≤" else x < t
    if achieved:
        return Expected(True, Fraction(1))
    if t <= 0:
        return Expected(False, Fraction(0))
    if spec.reverse == "linear":
        return Expected(False, clamp(1 - (x - t) / t))
    return Expected(False, clamp(t / x))  # the form's A/B rule: x > t > 0 here


def expected_flags(spec: Spec, x: Fraction, bare: Decimal | None) -> set[str]:
    """The flags §2 and §4 require: a bare number at or below 1 against a %
    target is scored as written but flagged; an actual above an = target is
    flagged; one at or above 130% of a ≥ (>, =) target needs an explanation."""
    flags = set()
    if bare is not None and spec.unit == "%" and 0 < abs(bare) <= 1:
        flags.add("suspicious-fraction")
    if spec.op != "range":
        t = Fraction(spec.bounds[0]) * UNITS[spec.unit][1]
        if spec.op == "=" and x > t:
            flags.add("over-target")
        if spec.op in ("≥", ">", "=") and t > 0 and x >= OVER_FACTOR * t:
            flags.add("over-achievement")
    return flags


# ------------------------------------------------------------------ generators

# Positive bounds of up to 6 significant digits, from 0.0001 to 999999000.
BOUNDS = st.builds(lambda digits, exponent: D(digits).scaleb(exponent, WIDE),
                   st.integers(1, 999_999), st.integers(-4, 3))


OPS = ["≥", ">", "≤", "<", "=", "range"]


@st.composite
def specs(draw, op: str) -> Spec:
    unit = draw(st.sampled_from(list(UNITS)))
    bounds = tuple(sorted(draw(st.lists(BOUNDS, min_size=2, max_size=2)))) if op == "range" else (draw(BOUNDS),)
    reverse = draw(st.sampled_from([None, "ratio", "linear"]))
    return Spec(op, bounds, unit, reverse, draw(st.integers(0, 3)))


def values_near(spec: Spec) -> st.SearchStrategy[Decimal]:
    """Actuals in the target's unit: at each bound, just beside it, at simple
    fractions and multiples of it (twice a ≤ target: where "linear" reaches
    0), anywhere, zero, negative, and small numbers (bare ≤ 1 against %)."""
    bound = st.sampled_from(spec.bounds)

    def beside(b: Decimal) -> st.SearchStrategy[Decimal]:
        step = D(1).scaleb(b.as_tuple().exponent - 1, WIDE)  # one more decimal place
        return st.sampled_from([WIDE.add(b, step), WIDE.subtract(b, step)])

    def percent_of(b: Decimal, percent: int) -> Decimal:
        return WIDE.multiply(b, D(percent).scaleb(-2, WIDE))

    return st.one_of(
        bound,
        bound.flatmap(beside),
        st.builds(percent_of, bound, st.integers(0, 99)),  # below
        st.builds(percent_of, bound, st.integers(101, 300)),  # above
        st.builds(lambda digits, exponent: D(digits).scaleb(exponent, WIDE),
                  st.integers(-999_999, 999_999), st.integers(-4, 4)),
        st.decimals(min_value=-1, max_value=1, places=2),
        st.sampled_from([D(0), D(1), D("0.5"), D(-1)]),
    )


class Actual(NamedTuple):
    given: object  # what is passed to score()
    base: Fraction  # the value in base units
    bare: Decimal | None  # the number, when given bare


@st.composite
def actuals(draw, spec: Spec) -> Actual:
    value = draw(values_near(spec))  # in the target's unit
    base = Fraction(value) * UNITS[spec.unit][1]
    form = draw(st.sampled_from(["decimal", "int", "text", "other-unit"]))
    if form == "int" and value == value.to_integral_value():
        return Actual(int(value), base, value)
    if form in ("decimal", "int"):
        return Actual(value, base, value)
    unit = spec.unit if form == "text" else draw(st.sampled_from(SAME_DIMENSION[spec.unit]))
    # Exact conversion: the factors are powers of ten, so the point only moves.
    shift = len(str(UNITS[spec.unit][1])) - len(str(UNITS[unit][1]))
    written = value.scaleb(shift, WIDE)
    assert Fraction(written) * UNITS[unit][1] == base
    return Actual(f"{plain(written)}{unit}", base, None)


WEIGHTS = st.one_of(st.integers(0, 100), st.decimals(min_value=0, max_value=100, places=2))


# ------------------------------------------------------------------ the properties


def two_readings(spec: Spec, actual: Actual) -> bool:
    """Rules §2: a bare number at or below 1 against a % target has two
    readings, as written and as a fraction of 1 (0.95 → 95%).  Where they
    give different points, it is an error row; where the points agree, it is
    read as written."""
    if spec.unit != "%" or actual.bare is None or not 0 < abs(actual.bare) <= 1:
        return False
    return oracle(spec, actual.base).ratio != oracle(spec, actual.base * 100).ratio


def check(spec: Spec, actual: Actual, weight) -> None:
    text = spec.text()
    expected = oracle(spec, actual.base)
    if two_readings(spec, actual):
        with pytest.raises(perfeval.NotationError) as info:
            perfeval.target(text, scheme=spec.scheme()).score(actual.given, weight)
        assert info.value.code == "fraction-ambiguous"
        return
    s = perfeval.target(text, scheme=spec.scheme()).score(actual.given, weight)
    why = (f"{text!r} reverse={spec.reverse} <- {actual.given!r} (base {actual.base}), weight {weight}: "
           f"expected {expected}, got {s!r} exact {s.exact_ratio}")
    assert s.achieved == expected.achieved, why
    assert s.exact_ratio == expected.ratio, why
    # The Decimal ratio and the points: exact where a 34-digit decimal holds
    # them, else rounded once, half even, to 34 digits (decimal128).
    ratio = DECIMAL128.divide(D(expected.ratio.numerator), D(expected.ratio.denominator))
    assert s.ratio == ratio, why
    points = Fraction(D(weight)) * expected.ratio  # weight × the exact ratio, then rounded once
    assert s.points == DECIMAL128.divide(D(points.numerator), D(points.denominator)), why
    if Fraction(ratio) == expected.ratio:
        assert Fraction(s.points) == Fraction(D(weight)) * expected.ratio, why
    assert Fraction(0) <= Fraction(s.points) <= Fraction(D(weight)), why
    codes = {str(f.code) for f in s.flags}
    assert codes & MODELLED_FLAGS == expected_flags(spec, actual.base, actual.bare), why


@st.composite
def cases(draw, op: str) -> tuple[Spec, Actual]:
    spec = draw(specs(op))
    return spec, draw(actuals(spec))


@pytest.mark.parametrize("op", OPS)
@given(data=st.data(), weight=WEIGHTS)
def test_single_target_scores_as_the_oracle_says(op, data, weight):
    """Rules §4 (scoring a single target): for ≥, >, ≤, <, = and range
    targets in %, 人, 元, 万元 and 亿元, under the "ratio" and "linear"
    reverse schemes, ``perfeval.target(text).score(actual, weight)`` has the
    achieved, exact ratio and points of the independent model: achieved when
    the condition holds, else actual/target (≥, >, = below), target/actual
    or 1 − (actual − target)/target (≤, <), actual/low or high/actual
    (ranges), held in [0, 1]; points = weight × ratio.  Bare actuals take the
    target's unit; text in 元/万元/亿元 converts exactly (§2); a bare number
    at or below 1 against a % target is scored as written and flagged
    suspicious-fraction (§2); over-achievement is flagged (§4)."""
    check(*data.draw(cases(op)), weight)


def actual(spec: Spec, given: object) -> Actual:
    """A hand-written actual: bare (in the target's unit) or text with a unit."""
    if isinstance(given, str):
        unit = next(u for u in sorted(UNITS, key=len, reverse=True) if given.endswith(u))
        return Actual(given, Fraction(D(given[: -len(unit)])) * UNITS[unit][1], None)
    return Actual(given, Fraction(D(given)) * UNITS[spec.unit][1], D(given))


# (target, actual, achieved, ratio, flags), each worked out by hand from rules §4.
WORKED = [
    (Spec("≥", (D(7000),), "万元", None, 0), "6300万元", False, Fraction(9, 10), set()),
    (Spec("≥", (D(7000),), "万元", None, 3), "0.63亿元", False, Fraction(9, 10), set()),  # bare 7000万元: ≥
    (Spec("≥", (D(7000),), "万元", None, 1), 9100, True, Fraction(1), {"over-achievement"}),  # 130%
    (Spec(">", (D(5),), "人", None, 0), 5, False, Fraction(1), set()),  # not above; 5/5 is held at 1
    (Spec("≤", (D(30),), "万元", None, 0), "400000元", False, Fraction(3, 4), set()),  # target/actual
    (Spec("≤", (D(30),), "万元", "ratio", 2), D(30), True, Fraction(1), set()),
    (Spec("≤", (D(30),), "万元", "linear", 1), D(45), False, Fraction(1, 2), set()),  # 1 − 15/30
    (Spec("≤", (D(30),), "万元", "linear", 0), 60, False, Fraction(0), set()),  # 0 at twice the target
    (Spec("<", (D(30),), "万元", None, 0), 30, False, Fraction(1), set()),  # not below; 30/30
    (Spec("=", (D(95),), "%", None, 0), "95%", True, Fraction(1), set()),
    (Spec("=", (D(95),), "%", None, 0), "96%", True, Fraction(1), {"over-target"}),  # scored as ≥
    (Spec("≤", (D(100),), "%", None, 0), D("0.95"), True, Fraction(1), {"suspicious-fraction"}),  # 0.95%, 95%: met
    (Spec("range", (D(360), D(400)), "人", None, 0), 380, True, Fraction(1), set()),
    (Spec("range", (D(360), D(400)), "人", None, 1), 300, False, Fraction(5, 6), set()),  # actual/low
    (Spec("range", (D(360), D(400)), "人", None, 2), "500人", False, Fraction(4, 5), set()),  # high/actual
    (Spec("≥", (D(95),), "%", None, 0), D(-3), False, Fraction(0), set()),  # below 0: held at 0
]


@pytest.mark.parametrize("spec, given, achieved, ratio, flags", WORKED,
                         ids=[f"{s.text()}<-{g}" for s, g, *_ in WORKED])
def test_the_oracle_and_perfeval_agree_with_worked_examples(spec, given, achieved, ratio, flags):
    """Rules §4, worked by hand (the table: ≥ actual/target, ≤ target/actual
    or linear, = scored as ≥, range actual/low and high/actual; 130% flag):
    the oracle gives these numbers, so the property above tests perfeval
    against §4 and not against a wrong model; and perfeval agrees."""
    a = actual(spec, given)
    assert oracle(spec, a.base) == Expected(achieved, ratio)
    assert expected_flags(spec, a.base, a.bare) == flags
    check(spec, a, 10)
