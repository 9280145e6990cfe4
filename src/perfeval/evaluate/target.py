"""Single targets (project tables): score an actual against one 指标值 (rules §4).

An indicator's points are its weight times a ratio in [0, 1].  The target is
compiled once: its direction is fixed (from the operator, or for a bare
value from the indicator's group and name), its bound converted to base
units.  Scoring then only compares and divides, in exact Decimal.

>>> t = target("≥7000万元", name="养老保险扩面征缴资金数", group="产出指标", subgroup="数量指标")
>>> s = t.score("6300万元", 10)
>>> s.achieved, s.ratio, s.points, s.grade
(False, Decimal('0.9'), Decimal('9.0'), '部分达成')
>>> target("6000元/人", subgroup="成本指标").normalized
'≤6000元/人'
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, cast

import attrs

from .._arith import EXACT, add, div, mul, scaled, sub
from ..codes import Code
from ..errors import DefinitionError, Diagnostic, Flag, NotationError
from ..notation.conditions import (
    Compare,
    Condition,
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
from ..notation.parser import NotationContext, parse_notation
from ..notation.tokenizer import as_typed, normalize
from ..notation.units import Unit, lookup, scale_in_context
from ..rounding import display
from ..rules import (
    ACHIEVED,
    DOWN,
    ON_TIME_ACTUALS,
    TIMELINESS_GROUP,
    UP,
    direction_of,
    higher_is_better_rate,
    indicator_label,
    is_length,
    is_money,
    is_not_applicable,
    less_is_better_word,
)
from .actuals import Axis, Reading, read_completion, read_text, shared, unit_named
from .direction import TargetContext, bare_direction, check_bound, explicit_direction
from .scheme import Scheme
from .score import Score, read_weight
from .tiers import compile_words, confirmed_tier, read_tier, suggest_tier, tier_of_ratio, tier_ratio

__all__ = ["target", "Target", "Score"]

_ONE, _ZERO, _HUNDRED = Decimal(1), Decimal(0), Decimal(100)
_MINUTES_PER_DAY = Decimal(1440)


# Kinds of target, and the rule each kind scores by.
KINDS = ("compare", "range", "delay", "deadline", "words", "not-applicable")


@attrs.frozen(repr=False)
class Target:
    """A compiled single target: frozen data.  Build it with :func:`target`.

    ``kind`` is one of :data:`KINDS`; ``rule`` names the scoring rule in
    :data:`RULES` (``at-least``, ``more-than``, ``at-most``, ``less-than``,
    ``equal``, ``range``, ``deadline``, ``words``, ``not-applicable``);
    ``bounds`` are its numbers in the base unit of its axis (``≥7000万元``
    holds 70000000, in 元); ``over_at`` is the actual, in the same unit, from
    which a ≥ target is over-achieved; ``axis`` reads actuals; ``due`` is a
    deadline's date.  ``normalized`` is the target as read (``≤6000元/人``) and
    ``diagnostics`` what compiling found.  Equality, hashing and pickling
    come from these fields: unpickling does not parse again.

    >>> t = target("0.9%", name="森林火灾受害率")
    >>> t
    <Target '0.9%' ≤0.9% (森林火灾受害率)>
    >>> t.rule, t.bounds, t == target("0.9%", name="森林火灾受害率")
    ('at-most', (Decimal('0.9'),), True)
    """

    text: str
    kind: str
    rule: str
    normalized: str
    condition: Condition
    direction: str | None = None
    axis: Axis | None = None
    bounds: tuple[Decimal, ...] = ()
    due: datetime.date | None = None
    scheme: Scheme = Scheme()
    name: str | None = None
    group: str | None = None
    subgroup: str | None = None
    year: int | None = None
    # The actual at and above which a ≥ target is over-achieved (偏差原因必填, rules §4), in base units.
    over_at: Decimal | None = None
    # Flags every score carries until the reading is confirmed (direction-from-name).
    flags: tuple[Flag, ...] = ()
    units: frozenset[str] = frozenset()  # the counters the book declared
    standard: str | None = None  # a standard note written with the value: (历史标准)
    scale: tuple[tuple[str, Decimal], ...] = ()  # a grade scale target's grades and their ratios
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False)

    def __repr__(self) -> str:
        name = f" ({self.name})" if self.name else ""
        return f"<Target {self.text!r} {self.normalized}{name}>"

    @property
    def unit(self) -> Unit | None:
        """The unit the target was written in (a bare actual takes it)."""
        return None if self.axis is None else self.axis.unit

    def written_bounds(self) -> tuple[Decimal, ...]:
        """The bounds in the target's own unit: 7000 for ``≥7000万元``."""
        unit = self.unit
        if unit is None:
            return self.bounds
        return tuple(div(b, unit.factor).normalize(EXACT) for b in self.bounds)

    def score(self, actual: Any, weight: Any, *, note: str | None = None) -> Score:
        """Score ``actual`` against this target; ``weight`` is the indicator's
        分值; ``note`` (偏差原因分析) may confirm the tier of words that name none."""
        return RULES[self.rule](self, actual, read_weight(weight), note)

    def _basis(self, score: Score) -> str:
        """The ratio's formula with the numbers filled in, in the target's unit."""
        template = _FORMULAS.get(score.basis)
        if template is None or score.actual.base is None:
            return score.basis
        unit = self.unit
        a = score.actual.base if unit is None else div(score.actual.base, unit.factor)
        numbers = {"a": format_decimal(a.normalize(EXACT))}
        numbers.update(zip("tu", (format_decimal(b) for b in self.written_bounds()), strict=False))  # 1 or 2 bounds
        return template.format(**numbers)


_FORMULAS = {
    "actual/target": "actual/target = {a}/{t}",
    "target/actual": "target/actual = {t}/{a}",
    "linear": "1 − (actual − target)/target = 1 − ({a} − {t})/{t}",
    "actual/low": "actual/low = {a}/{t}",
    "high/actual": "high/actual = {u}/{a}",
    "zero-bound": "a bound of 0 = 0",
    "over-equal": "above an = target, scored as ≥",
}


def target(
    text: str,
    *,
    name: str | None = None,
    group: str | None = None,
    subgroup: str | None = None,
    year: int | None = None,
    scheme: Scheme | Mapping[str, Any] | None = None,
    direction: str | None = None,
    unit: str | None = None,
    strict: bool = False,
    units: Iterable[str] = (),
) -> Target:
    """Compile one target value (指标值).

    ``name`` is the indicator's name (发生率 … implies less is better);
    ``group`` and ``subgroup`` are its 一级/二级指标 as written;  ``year`` the
    budget year that dated targets (12月底前) refer to.  ``direction`` and
    ``unit`` override what the text implies (an explicit operator still
    decides, and a contradiction is flagged); ``scheme`` selects the scoring
    options of :class:`perfeval.Scheme`; ``units`` are counters a book
    declared (门, 批).

    >>> t = target("12月底前完成", subgroup="时效指标", year=2023)
    >>> t.score("2024-01-05", 10).explain()
    "'12月底前完成' (by 2023-12-31): actual 2024-01-05 (given '2024-01-05') → not achieved; ratio 5 days late = 0.00%; 0.00 of 10 points; 未达成 [late]"
    """  # noqa: E501 - a doctest's expected output, one line
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise TypeError(f"year must be an int such as 2023, not {year!r}")
    context = TargetContext(text, name, group, subgroup, year, Scheme.of(scheme))
    notation = NotationContext(units=frozenset(units), money=is_money(name, subgroup, group), length=is_length(name))
    parsed = parse_notation(text, notation)
    notes = [attrs.evolve(n, subject="target") for n in parsed.notes]
    condition, flags = _read_as(parsed.condition, context, notes)
    fields: dict[str, Any]
    if isinstance(condition, (Compare, Range, Delay)):
        fields = _compile_quantity(context, condition, direction_of(direction), unit, notation, notes)
    elif isinstance(condition, (Deadline, Period)):
        fields = _compile_deadline(context, condition, notes)
    elif isinstance(condition, Words):
        fields = compile_words(context.text, notes)
    else:
        fields = dict(kind="not-applicable", rule="not-applicable", normalized="not applicable")
    fields["flags"] = flags + cast("tuple[Flag, ...]", fields.get("flags", ()))
    compiled = Target(text=text, condition=condition, scheme=context.scheme, name=name, group=group,
                      subgroup=subgroup, year=year, units=notation.units, standard=parsed.standard,
                      diagnostics=tuple(notes), **fields)
    if strict and any(n.severity in ("error", "warning") for n in notes):
        raise DefinitionError(Code.STRICT, f"target {text!r} has warnings and strict mode is on",
                              compiled.diagnostics)
    return compiled


def _read_as(condition: Condition, t: TargetContext, notes: list[Diagnostic]) -> tuple[Condition, tuple[Flag, ...]]:
    """The condition a target's context makes of its text (rules §4):

    - under 时效, a month written bare (12月) is a deadline, not twelve months;
    - on a name that counts bad events, ``无`` is ≤0, not "not applicable";
    - on a rate where higher is better, a bare ``1`` with no unit is 100%.
    """
    if isinstance(condition, Compare) and condition.op is None:
        q = condition.quantity
        if (t.in_group(TIMELINESS_GROUP) and q.unit is not None and q.unit.symbol == "月"
                and q.value == q.value.to_integral_value(context=EXACT) and 1 <= q.value <= 12):
            return Deadline(None, int(q.value)), ()
        rate = higher_is_better_rate(t.name)
        if q.unit is None and q.value == 1 and rate is not None:
            message = f"{t.text!r} on {t.name!r}, a {rate} with no unit, read as 100%"
            notes.append(Diagnostic(Code.ONE_AS_FULL, "warning", message, "target"))
            return Compare(None, Quantity(Decimal(100), lookup("%"))), (Flag(Code.ONE_AS_FULL, message),)
    if isinstance(condition, NotApplicable) and condition.text == "无" and less_is_better_word(t.name):
        return Compare(None, Quantity(Decimal(0), None)), ()
    return condition, ()


# --- compiling quantities -------------------------------------------------------

_RULE_OF_OP = {Op.GE: "at-least", Op.GT: "more-than", Op.LE: "at-most", Op.LT: "less-than", Op.EQ: "equal"}
_OVER_FLAGGED = frozenset({"at-least", "more-than", "equal"})  # over-achievement of a ≥ target (rules §4)


def _compile_quantity(t: TargetContext, condition: Compare | Range | Delay, wanted: str | None,
                      unit_override: str | None, notation: NotationContext,
                      notes: list[Diagnostic]) -> dict[str, Any]:
    quantities: tuple[Quantity, ...]
    if isinstance(condition, Range):
        quantities = (condition.low, condition.high)
    elif isinstance(condition, Delay) and condition.high is not None:
        quantities = (condition.quantity, condition.high)
    else:
        quantities = (condition.quantity,)
    unit = _target_unit(t, quantities, unit_override, notation, notes)
    axis = Axis(unit, delay=isinstance(condition, Delay), units=notation.units)
    bounds = tuple(q.base if q.unit is not None else axis.to_base(q.value) for q in quantities)
    shown = unit.symbol if unit else ""

    if len(quantities) == 2:  # a range, or a delay range (延期15-30天)
        if wanted:
            raise DefinitionError(Code.DIRECTION_CONFLICT, f"a range {t.text!r} takes no direction", tuple(notes))
        normalized = f"{format_decimal(quantities[0].value)}-{format_decimal(quantities[1].value)}{shown}"
        if isinstance(condition, Delay):
            return dict(kind="delay", rule="range", normalized="延期" + normalized, direction=DOWN, axis=axis,
                        bounds=bounds)
        return dict(kind="range", rule="range", normalized=normalized, axis=axis, bounds=bounds)

    assert not isinstance(condition, Range)  # a range has two ends: returned above
    flags: tuple[Flag, ...] = ()
    op = condition.op
    if op is None:
        op, flags = bare_direction(t, wanted, isinstance(condition, Delay), unit, notes)
    else:
        op, flags = explicit_direction(t, op, wanted, notes)
    kind = "delay" if isinstance(condition, Delay) else "compare"
    direction = DOWN if op.upward is False else UP
    written = quantities[0].unit
    symbol = written.symbol if written is not None and not written.is_scale_only else shown
    normalized = ("延期" if kind == "delay" else "") + f"{op.value}{format_decimal(quantities[0].value)}{symbol}"
    check_bound(t, op, bounds[0], unit, notes)
    rule = _RULE_OF_OP[op]
    over_at = mul(t.scheme.over_factor, bounds[0]) if rule in _OVER_FLAGGED and bounds[0] > 0 else None
    # An actual may carry the target's own operator: the axis knows the direction.
    return dict(kind=kind, rule=rule, normalized=normalized, direction=direction,
                axis=shared(attrs.evolve(axis, direction=direction)), bounds=bounds, over_at=over_at, flags=flags)


def _target_unit(t: TargetContext, quantities: tuple[Quantity, ...], override: str | None,
                 notation: NotationContext, notes: list[Diagnostic]) -> Unit | None:
    unit = next((q.unit for q in quantities if q.unit is not None), None)
    if override is not None:
        try:
            wanted = unit_named(override, notation.units)
        except KeyError:
            raise DefinitionError(Code.UNKNOWN_UNIT, f"unknown unit {override!r}; a book may declare a counter "
                                  f"(units: [{override}])", tuple(notes)) from None
        if unit is not None and unit.dimension != wanted.dimension:
            raise DefinitionError(Code.UNIT_CONFLICT, f"unit {override!r} was stated, but {t.text!r} is in {unit}",
                                  tuple(notes))
        return unit or wanted
    if unit is None:
        notes.append(Diagnostic(Code.NO_UNIT, "warning",
                                f"{t.text!r} has no unit; actuals are read as bare numbers", "target"))
    elif unit.is_scale_only:
        money = scale_in_context(unit, lookup("元")) if notation.money else None
        if money is not None:
            notes.append(Diagnostic(Code.WAN_AS_MONEY, "info", f"bare {unit} on a money indicator read as {money}",
                                    "target"))
            return money
        notes.append(Diagnostic(Code.SCALE_WITHOUT_UNIT, "warning", f"{t.text!r} has {unit} but no unit", "target"))
    return unit


# --- compiling deadlines ----------------------------------------------------------

def _compile_deadline(t: TargetContext, condition: Deadline | Period, notes: list[Diagnostic]) -> dict[str, Any]:
    """A deadline, or a period read as done by its end (rules §2)."""
    written_year = condition.year if isinstance(condition, Deadline) else condition.end_year or condition.start_year
    if written_year is None and t.year is None:
        due = None
    else:
        try:
            due = condition.due(t.year)
        except ValueError:  # 2月29日 in a year that has none, or year 0
            raise NotationError(Code.BAD_DATE, f"{condition} has no date in {written_year or t.year}", t.text,
                                (0, len(t.text))) from None
    if due is None:
        notes.append(Diagnostic(Code.YEAR_UNKNOWN, "warning",
                                f"{t.text!r} names no year and no budget year was given", "target"))
    normalized = f"by {due.isoformat()}" if due else f"by {condition}"
    return dict(kind="deadline", rule="deadline", normalized=normalized, direction=DOWN, due=due)


# --- the scoring rules: functions of the compiled data ------------------------------
# A ratio rule takes the actual and the bounds, in base units, and gives
# (achieved, numerator, denominator, basis): the ratio stays an exact pair.

Ratio = tuple[bool, Decimal, Decimal, str]


def _at_least(a: Decimal, bounds: tuple[Decimal, ...], scheme: Scheme) -> Ratio:
    return _upward(a, bounds[0], a >= bounds[0])


def _more_than(a: Decimal, bounds: tuple[Decimal, ...], scheme: Scheme) -> Ratio:
    return _upward(a, bounds[0], a > bounds[0])


def _upward(a: Decimal, t: Decimal, achieved: bool) -> Ratio:
    if achieved:
        return True, _ONE, _ONE, ""
    if t <= 0:
        return False, _ZERO, _ONE, "zero-bound"
    return False, a, t, "actual/target"


def _at_most(a: Decimal, bounds: tuple[Decimal, ...], scheme: Scheme) -> Ratio:
    return _downward(a, bounds[0], a <= bounds[0], scheme)


def _less_than(a: Decimal, bounds: tuple[Decimal, ...], scheme: Scheme) -> Ratio:
    return _downward(a, bounds[0], a < bounds[0], scheme)


def _downward(a: Decimal, t: Decimal, achieved: bool, scheme: Scheme) -> Ratio:
    if achieved:
        return True, _ONE, _ONE, ""
    if t <= 0:
        return False, _ZERO, _ONE, "zero-bound"
    if scheme.reverse == "linear":  # 1 − (a − t)/t = (2t − a)/t
        return False, sub(add(t, t), a), t, "linear"
    return False, t, a, "target/actual"  # the form's A/B rule


def _equal(a: Decimal, bounds: tuple[Decimal, ...], scheme: Scheme) -> Ratio:
    t = bounds[0]
    if a == t:
        return True, _ONE, _ONE, ""
    if a > t:  # scored as ≥: over-achievement is not penalised, but flagged
        return True, _ONE, _ONE, "over-equal"
    return _upward(a, t, False)


def _range(a: Decimal, bounds: tuple[Decimal, ...], scheme: Scheme) -> Ratio:
    low, high = bounds
    if low <= a <= high:
        return True, _ONE, _ONE, ""
    if a < low:
        if low <= 0:
            return False, _ZERO, _ONE, "zero-bound"
        return False, a, low, "actual/low"
    if high <= 0:  # above a range that ends at or below 0: no ratio to take
        return False, _ZERO, _ONE, "zero-bound"
    return False, high, a, "high/actual"


_RATIO_RULES: dict[str, Callable[[Decimal, tuple[Decimal, ...], Scheme], Ratio]] = {
    "at-least": _at_least, "more-than": _more_than, "at-most": _at_most, "less-than": _less_than,
    "equal": _equal, "range": _range,
}


def _clamp(num: Decimal, den: Decimal) -> tuple[Decimal, Decimal]:
    """num/den (den > 0) held inside [0, 1]."""
    if num <= 0:
        return _ZERO, _ONE
    if num >= den:
        return _ONE, _ONE
    return num, den


def _score_quantity(t: Target, actual: Any, weight: Decimal, note: str | None = None) -> Score:
    assert t.axis is not None
    if t.kind == "delay" and isinstance(actual, str) and normalize(actual) in ON_TIME_ACTUALS:
        return _on_time(t, actual, weight)
    try:
        reading = t.axis.read(actual)
    except NotationError as error:
        if isinstance(actual, str) and t.rule != "range" and normalize(actual) == normalize(t.text):
            # The actual repeats the target (辖区企业满意率达95%以上。): it met it, at its bound (rules §3).
            flag = Flag(Code.OPERATOR_DROPPED, f"the actual repeats the target {t.text!r}: read as its bound")
            repeated = Reading(actual, t.condition, t.bounds[0], (flag,))
            return _ratio_score(t, repeated, t.bounds[0], weight)
        tiered = _tier_for_number(t, actual, weight, error)
        if tiered is None:
            raise
        return tiered
    if not reading.applicable:
        return _not_applicable(t, reading, weight)
    a = reading.base
    assert a is not None
    if reading.flags and reading.flags[-1].code == Code.SUSPICIOUS_FRACTION:
        reading, a = _fraction(t, reading, a)
    return _ratio_score(t, reading, a, weight)


def _ratio_score(t: Target, reading: Reading, a: Decimal, weight: Decimal) -> Score:
    achieved, num, den, basis = _RATIO_RULES[t.rule](a, t.bounds, t.scheme)
    num, den = _clamp(num, den)
    ratio = num if den == _ONE else div(num, den)
    flags = reading.flags + t.flags if t.flags else reading.flags
    if t.over_at is not None and a >= t.over_at:
        percent = format_decimal(mul(t.scheme.over_factor, _HUNDRED).normalize(EXACT))
        flags += (Flag(Code.OVER_ACHIEVEMENT, f"actual is {percent}% of the target or more: 偏差原因必填"),)
    if basis == "over-equal":
        flags += (Flag(Code.OVER_TARGET, "above an = target; not penalised"),)
    # A rounded quotient (all 34 digits) is multiplied from the exact numbers, so
    # that the points round once, as the report's exact totals do.
    points = mul(weight, ratio) if den == _ONE or len(ratio.as_tuple().digits) < EXACT.prec \
        else scaled(weight, num, den)
    return Score(achieved, ratio, points, _label(t, achieved, ratio), flags, reading, weight, basis, t, (num, den))


def _fraction(t: Target, reading: Reading, a: Decimal) -> tuple[Reading, Decimal]:
    """A bare number ≤ 1 against a % target (rules §2): 0.972 may be 97.2%
    written as a fraction of 1, or 0.972% as written.  Under ``fractions:
    scale`` it is a fraction, flagged.  Otherwise, where the two readings
    score alike it is read as written, flagged; where they score apart it is
    an error that shows both."""
    scaled = mul(a, _HUNDRED)
    shown = format_decimal(a)
    if t.scheme.fractions == "scale":
        flag = Flag(Code.FRACTION_SCALED, f"bare {shown} against a % target read as a fraction of 1: "
                    f"{format_decimal(scaled.normalize(EXACT))}%")
        return attrs.evolve(reading, base=scaled, flags=(*reading.flags[:-1], flag)), scaled
    as_written = _RATIO_RULES[t.rule](a, t.bounds, t.scheme)
    as_fraction = _RATIO_RULES[t.rule](scaled, t.bounds, t.scheme)
    if _clamp(*as_written[1:3]) == _clamp(*as_fraction[1:3]) or \
            div(*_clamp(*as_written[1:3])) == div(*_clamp(*as_fraction[1:3])):
        return reading, a
    given = str(reading.given)
    raise NotationError(Code.FRACTION_AMBIGUOUS,
                        f"bare {shown} against {t.text!r}: as a fraction of 1 it is "
                        f"{format_decimal(scaled.normalize(EXACT))}% ({_verdict(as_fraction)}), as written "
                        f"{shown}% ({_verdict(as_written)}); write the % sign, or set fractions: scale",
                        given, (0, len(given)))


def _verdict(ratio: Ratio) -> str:
    achieved, num, den, _ = ratio
    num, den = _clamp(num, den)
    return "achieved" if achieved else f"ratio {display(div(num, den), shift=2)}%"


def _tier_for_number(t: Target, actual: Any, weight: Decimal, error: NotationError) -> Score | None:
    """A tier word where a number, date or delay was expected (rules §4):
    达成, 达成预期指标 or 是 counts as its tier, flagged ``tier-for-number``;
    against a delay, 完成, 已完成 and 按时完成 are on time.  ``None`` when the
    actual names no tier."""
    if not isinstance(actual, str):
        return None
    source = normalize(actual)
    try:
        found = read_tier(source, "", t.scheme.qualitative)  # 已完成100%: a tier with its ratio
    except NotationError as bad:
        raise as_typed(bad, actual) from None
    if found is None:
        return None
    tier, exact, how = found
    ratio = div(*exact)
    flag = Flag(Code.TIER_FOR_NUMBER, f"{actual!r} names the tier {tier} where {error.message.split(',')[0]}: "
                "scored as the tier; give the number where there is one")
    return Score(tier == ACHIEVED, ratio, mul(weight, ratio), _label(t, tier == ACHIEVED, ratio), (flag, *t.flags),
                 Reading(actual, tier), weight, how, t, exact)


def _on_time(t: Target, actual: str, weight: Decimal) -> Score:
    """完成, 已完成 or 按时完成 against a delay is on time: a delay of 0 (rules §2)."""
    assert t.axis is not None
    reading = attrs.evolve(t.axis.read("及时"), given=actual,
                           flags=(Flag(Code.ON_TIME_WORD, f"{actual!r} against a delay: on time"),))
    return _ratio_score(t, reading, _ZERO, weight)


def _label(t: Target, achieved: bool, ratio: Decimal) -> str:
    if achieved and t.scheme.label == "tier":  # the common case, without a call (rules.indicator_label says why)
        return ACHIEVED
    return indicator_label(achieved, ratio, t.scheme.qualitative, t.scheme.label == "grade")


def _not_applicable(t: Target, reading: Reading, weight: Decimal) -> Score:
    return Score(None, None, None, None, (Flag(Code.NOT_APPLICABLE, "the indicator does not apply; it drops out"),),
                 reading, weight, "", t)


def _score_not_applicable(t: Target, actual: Any, weight: Decimal, note: str | None = None) -> Score:
    assert isinstance(t.condition, NotApplicable)
    return _not_applicable(t, Reading(actual, t.condition), weight)


def _score_deadline(t: Target, actual: Any, weight: Decimal, note: str | None = None) -> Score:
    """Done by the deadline scores 1; late scores 0, or the scheme's late
    ratio (rules §4).  完成/已完成/按时完成 is on time; another tier word
    counts as its tier, flagged."""
    year = t.due.year if t.due is not None else t.year
    if isinstance(actual, str) and (normalize(actual) in ON_TIME_ACTUALS or normalize(actual) == normalize(t.text)):
        # 完成 is the deadline's own reading; so is an actual that repeats the target (2020年全年).
        flag = Flag(Code.ON_TIME_WORD, f"{actual!r} against a deadline: on time")
        return Score(True, _ONE, weight, _label(t, True, _ONE), (flag,), Reading(actual, normalize(actual)), weight,
                     "", t, (_ONE, _ONE))
    try:
        reading = read_completion(actual, year, due=t.due)
    except NotationError as error:
        tiered = _tier_for_number(t, actual, weight, error)
        if tiered is None:
            raise
        return tiered
    if not reading.applicable:
        return _not_applicable(t, reading, weight)
    if isinstance(reading.value, Delay):
        days_late = _days(reading.value.quantity, reading.given)
    elif t.due is None:
        # Never guessed from the actual: a result a year late would pass.
        raise NotationError(Code.YEAR_UNKNOWN, f"{t.text!r} names no year; give the budget year (year=2023)",
                            t.text, (0, len(t.text)))
    else:
        days_late = Decimal((reading.value - t.due).days)
    if days_late <= 0:
        return Score(True, _ONE, weight, _label(t, True, _ONE), reading.flags, reading, weight, "", t, (_ONE, _ONE))
    ratio = next((r for days, r in t.scheme.late_ratios if days_late <= days), _ZERO)
    formula = f"{format_decimal(days_late)} days late"
    flags = (*reading.flags, Flag(Code.LATE, f"completed {format_decimal(days_late)} days after the deadline"))
    return Score(False, ratio, mul(weight, ratio), _label(t, False, ratio), flags, reading, weight, formula, t,
                 (ratio, _ONE))


def _days(delay: Quantity, given: Any) -> Decimal:
    """Days late.  N working days are counted as N days: the least they can
    be, so a delay in working days never scores better than as many days.
    Months have no fixed length: a delay in months needs the date."""
    if delay.dimension == "workdays":
        return delay.base
    if delay.dimension == "months":
        text = str(given)
        raise NotationError(Code.DELAY_UNIT, "a delay in months against a deadline: give the completion date",
                            text, (0, len(text)))
    return div(delay.base, _MINUTES_PER_DAY)


# --- qualitative ----------------------------------------------------------------

def _score_words(t: Target, actual: Any, weight: Decimal, note: str | None = None) -> Score:
    """A words target (rules §4): the tier the actual names, or an explicit
    ratio (``75%``, flagged ``ratio-for-words``); words that name no tier
    need a person's judgement unless the note names one."""
    if not isinstance(actual, str):
        raise NotationError(Code.EXPECTED_TIER, f"a qualitative target takes words such as 达成, not {actual!r}",
                            str(actual)[:80])
    source = normalize(read_text(actual))
    if is_not_applicable(source):
        return _not_applicable(t, Reading(actual, NotApplicable(source)), weight)
    assert isinstance(t.condition, Words)
    qualitative = t.scheme.qualitative
    flags: tuple[Flag, ...] = ()
    try:
        found = read_tier(source, t.condition.text, qualitative)
    except NotationError as error:
        raise as_typed(error, actual) from None  # the caret under the text as typed
    if found is None and (percent := _percent_only(source)) is not None:
        tier = tier_of_ratio(percent, qualitative)
        found = (tier, (min(max(percent, _ZERO), _HUNDRED), _HUNDRED), f"{tier}, stated as {format_decimal(percent)}%")
        flags = (Flag(Code.RATIO_FOR_WORDS, f"{actual!r} against words: read as {tier} at "
                      f"{format_decimal(percent)}%"),)
    if found is None and note:
        confirmed = confirmed_tier(normalize(note))
        if confirmed is not None:
            exact, how = tier_ratio(confirmed, qualitative)
            found = (confirmed, exact, f"{how}, confirmed in the note")
    if found is None:
        if _TIER_WORDS_WITH_RATIO.fullmatch(source):
            raise NotationError(Code.UNKNOWN_TIER, f"{actual!r} names no tier; write 达成, 部分达成 or 未达成 "
                                "(optionally with a ratio, e.g. 部分达成 75%)", actual, (0, len(actual)))
        suggested = suggest_tier(source, t.condition.text)
        flag = Flag(Code.NEEDS_JUDGEMENT, f"{actual!r} names no tier; closest {suggested}: confirm it with a tier "
                    "word in the actual or the note")
        return Score(None, None, None, None, (flag,), Reading(actual, source), weight, "", t, None, suggested)
    tier, exact, how = found
    ratio = div(*exact)
    return Score(tier == ACHIEVED, ratio, mul(weight, ratio), _label(t, tier == ACHIEVED, ratio), flags,
                 Reading(actual, tier),
                 weight, how, t, exact)


_PERCENT_ONLY = re.compile(r"(?P<percent>\d+(?:\.\d+)?)%")
_TIER_WORDS_WITH_RATIO = re.compile(r".+\d+(?:\.\d+)?%")


def _percent_only(source: str) -> Decimal | None:
    m = _PERCENT_ONLY.fullmatch(source)
    return None if m is None else Decimal(m.group("percent"))


def _score_grade_scale(t: Target, actual: Any, weight: Decimal, note: str | None = None) -> Score:
    """A grade scale as a target (优良中低差): the actual names a grade, which
    scores its ratio in the scale (rules §4)."""
    if not isinstance(actual, str):
        raise NotationError(Code.EXPECTED_WORD, f"this target takes a grade, not {actual!r}", str(actual)[:80])
    source = normalize(read_text(actual))
    if is_not_applicable(source):
        return _not_applicable(t, Reading(actual, NotApplicable(source)), weight)
    ratios = dict(t.scale)
    if source not in ratios:
        grades = "、".join(ratios)
        raise NotationError(Code.UNKNOWN_WORD, f"{actual!r} is not a grade of this target; it takes {grades}",
                            actual, (0, len(actual)))
    ratio = ratios[source]
    best = t.scale[0][1]
    return Score(ratio == best, ratio, mul(weight, ratio), _label(t, ratio == best, ratio), (),
                 Reading(actual, source), weight,
                 f"{source} on the scale {'/'.join(ratios)}", t, (ratio, _ONE))


# The table of rules: a compiled target names its rule, and scoring looks it up.
RULES: dict[str, Callable[[Target, Any, Decimal, str | None], Score]] = {
    **dict.fromkeys(_RATIO_RULES, _score_quantity),
    "deadline": _score_deadline,
    "words": _score_words,
    "grade-scale": _score_grade_scale,
    "not-applicable": _score_not_applicable,
}
