"""Single targets (project tables): score an actual against one 指标值 (rules §4).

An indicator's points are its weight times a ratio in [0, 1].  The target is
compiled once: its direction is fixed (from the operator, or for a bare
value from the indicator's group and name), its bound converted to base
units.  Scoring then only compares and divides, in exact Decimal.

>>> t = target("≥7000万元", name="养老保险扩面征缴资金数", group="产出指标", subgroup="数量指标")
>>> s = t.score("6300万元", 10)
>>> s.achieved, s.ratio, s.points, s.grade
(False, Decimal('0.9'), Decimal('9.0'), '优')
>>> target("6000元/人", subgroup="成本指标").normalized
'≤6000元/人'
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

import attrs

from .._arith import EXACT, add, div, mul, sub
from ..codes import Code
from ..errors import DefinitionError, Diagnostic, Flag, NotationError
from ..notation.conditions import (
    Compare,
    Condition,
    Deadline,
    Delay,
    NotApplicable,
    Op,
    Quantity,
    Range,
    Words,
    format_decimal,
)
from ..notation.parser import parse_notation
from ..notation.tokenizer import as_typed, normalize
from ..notation.units import Unit, lookup, scale_in_context
from ..rounding import display
from ..rules import (
    ACHIEVED,
    COST_GROUP,
    DOWN,
    NEGATIONS,
    TIER_RANGES,
    TIER_WORDS,
    TIERS,
    TIMELINESS_GROUP,
    UP,
    direction_of,
    grade_of_ratio,
    in_group,
    is_money,
    is_not_applicable,
    less_is_better_word,
)
from .actuals import MAX_EXPONENT, Axis, Reading, read_completion, read_text, to_decimal
from .scheme import Scheme

__all__ = ["target", "Target", "Score"]

_ONE, _ZERO, _HUNDRED = Decimal(1), Decimal(0), Decimal(100)
_MINUTES_PER_DAY = Decimal(1440)


@attrs.frozen
class Score:
    """The score of one actual against one target.

    ``achieved`` and ``ratio`` are ``None`` when the actual is not applicable
    (``/``), and so are ``points`` and ``grade``: the indicator drops out.
    """

    achieved: bool | None
    ratio: Decimal | None
    points: Decimal | None
    grade: str | None
    flags: tuple[Flag, ...]
    actual: Reading
    weight: Decimal
    basis: str = ""  # how the ratio was found: a key such as "actual/target", or words
    target: Target | None = attrs.field(default=None, repr=False, eq=False)
    # The ratio as numerator and denominator, so that totals can be exact
    # where a ratio such as 2/3 has no exact decimal.
    exact: tuple[Decimal, Decimal] | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def exact_ratio(self) -> Fraction | None:
        """The ratio as an exact fraction (``None`` when not applicable)."""
        if self.exact is None:
            return None if self.ratio is None else Fraction(self.ratio)
        return Fraction(self.exact[0]) / Fraction(self.exact[1])

    @property
    def applicable(self) -> bool:
        return self.ratio is not None

    def __repr__(self) -> str:
        if not self.applicable:
            return f"Score(n/a: {self.actual})"
        verdict = "达成" if self.achieved else "未达成"
        # An applicable score has its ratio and its points.
        ratio, points = cast(Decimal, self.ratio), cast(Decimal, self.points)
        return (f"Score({verdict} {self.actual}: ratio {format_decimal(ratio)}, "
                f"{format_decimal(points)}/{format_decimal(self.weight)} points, {self.grade})")

    def as_dict(self) -> dict[str, Any]:
        """Plain data for a table or a DataFrame row.  Numbers are exact
        decimal strings, never floats."""
        def text(value: Decimal | None) -> str | None:
            return None if value is None else format_decimal(value)

        return {"target": self.target.text if self.target else None, "actual": str(self.actual.given),
                "read_as": str(self.actual), "achieved": self.achieved, "ratio": text(self.ratio),
                "weight": text(self.weight), "points": text(self.points), "grade": self.grade,
                "flags": [f.code for f in self.flags], "explanation": self.explain()}

    def explain(self) -> str:
        """One line: the target as written and read, the actual as read, the
        ratio and how it was computed, the points and the grade."""
        given = self.actual.given
        given = repr(given) if isinstance(given, str) else str(given)
        head = f"'{self.target.text}' ({self.target.normalized})" if self.target else "target"
        if not self.applicable:
            return f"{head}: not applicable ({given}); the indicator drops out"
        verdict = "achieved" if self.achieved else "not achieved"
        basis = self.target._basis(self) if self.target else self.basis
        # An applicable score has its ratio and its points.
        percent = display(cast(Decimal, self.ratio), shift=2)
        ratio = f"ratio {basis} = {percent}%" if basis else f"ratio {percent}%"
        line = (f"{head}: actual {self.actual} (given {given}) → {verdict}; {ratio}; "
                f"{display(cast(Decimal, self.points))} of {_points(self.weight)} points; {self.grade}")
        if self.flags:
            line += " [" + "; ".join(f.code for f in self.flags) + "]"
        return line


def _points(weight: Decimal) -> str:
    """A weight for display: whole points as they are (10), others rounded (14.29)."""
    return format_decimal(weight) if weight == weight.to_integral_value(context=EXACT) and weight.adjusted() < 28 else \
        display(weight)


def _weight(weight: Any) -> Decimal:
    """A weight as a Decimal: a wrong Python type is a TypeError, a bad
    number a DefinitionError("bad-weight")."""
    kind = weight.__class__
    if kind is int and weight >= 0:  # the usual cases first: this runs for every score
        return Decimal(weight)
    if kind is Decimal and weight.is_finite() and weight >= 0 and weight.adjusted() <= MAX_EXPONENT:
        return weight  # type: ignore[no-any-return]  # checked just above; cast() would cost a call
    if isinstance(weight, str):
        try:
            weight = Decimal(weight.strip())
        except ArithmeticError:
            raise DefinitionError(Code.BAD_WEIGHT, f"weight must be a number, not {weight!r}") from None
    if isinstance(weight, bool) or not isinstance(weight, (int, float, Decimal)):
        raise TypeError(f"weight must be a number, not {type(weight).__name__}")
    try:
        number = to_decimal(weight, "weight")
    except NotationError as error:
        raise DefinitionError(Code.BAD_WEIGHT, error.message) from None
    assert number is not None  # an int, a float or a Decimal: to_decimal reads it
    if number < 0:
        raise DefinitionError(Code.BAD_WEIGHT, f"weight must not be negative, not {weight!r}")
    return number


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

    def score(self, actual: Any, weight: Any) -> Score:
        """Score ``actual`` against this target; ``weight`` is the indicator's 分值."""
        return RULES[self.rule](self, actual, _weight(weight))

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
) -> Target:
    """Compile one target value (指标值).

    ``name`` is the indicator's name (发生率 … implies less is better);
    ``group`` and ``subgroup`` are its 一级/二级指标 as written;  ``year`` the
    budget year that dated targets (12月底前) refer to.  ``direction`` and
    ``unit`` override what the text implies; ``scheme`` selects the scoring
    options of :class:`perfeval.Scheme`.

    >>> t = target("12月底前完成", subgroup="时效指标", year=2023)
    >>> t.score("2024-01-05", 10).explain()
    "'12月底前完成' (by 2023-12-31): actual 2024-01-05 (given '2024-01-05') → not achieved; ratio 5 days late = 0.00%; 0.00 of 10 points; 差 [late]"
    """  # noqa: E501 - a doctest's expected output, one line
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise TypeError(f"year must be an int such as 2023, not {year!r}")
    parsed = parse_notation(text)
    context = _Context(text, name, group, subgroup, year, Scheme.of(scheme))
    notes = [attrs.evolve(n, subject="target") for n in parsed.notes]
    condition = _as_deadline(parsed.condition, context)
    if isinstance(condition, (Compare, Range, Delay)):
        fields = _compile_quantity(context, condition, direction_of(direction), unit, notes)
    elif isinstance(condition, Deadline):
        fields = _compile_deadline(context, condition, notes)
    elif isinstance(condition, Words):
        fields = dict(kind="words", rule="words", normalized="qualitative: " + "/".join(TIERS))
    else:
        fields = dict(kind="not-applicable", rule="not-applicable", normalized="not applicable")
    compiled = Target(text=text, condition=parsed.condition, scheme=context.scheme, name=name, group=group,
                      subgroup=subgroup, year=year, diagnostics=tuple(notes), **fields)
    if strict and any(n.severity in ("error", "warning") for n in notes):
        raise DefinitionError(Code.STRICT, f"target {text!r} has warnings and strict mode is on",
                              compiled.diagnostics)
    return compiled


@attrs.frozen
class _Context:
    """What compiling one target knows besides its text."""

    text: str
    name: str | None
    group: str | None
    subgroup: str | None
    year: int | None
    scheme: Scheme

    def in_group(self, word: str) -> bool:
        return in_group(word, self.subgroup, self.group)


def _as_deadline(condition: Condition, t: _Context) -> Condition:
    """Under 时效, a month written bare (12月) is a deadline, not twelve months (rules §4)."""
    if (isinstance(condition, Compare) and condition.op is None and t.in_group(TIMELINESS_GROUP)
            and condition.quantity.unit is not None and condition.quantity.unit.symbol == "月"
            and condition.quantity.value == condition.quantity.value.to_integral_value(context=EXACT)
            and 1 <= condition.quantity.value <= 12):
        return Deadline(None, int(condition.quantity.value))
    return condition


# --- compiling quantities -------------------------------------------------------

_RULE_OF_OP = {Op.GE: "at-least", Op.GT: "more-than", Op.LE: "at-most", Op.LT: "less-than", Op.EQ: "equal"}
_OVER_FLAGGED = frozenset({"at-least", "more-than", "equal"})  # over-achievement of a ≥ target (rules §4)


def _compile_quantity(t: _Context, condition: Compare | Range | Delay, wanted: str | None,
                      unit_override: str | None, notes: list[Diagnostic]) -> dict[str, Any]:
    quantities: tuple[Quantity, ...] = ((condition.low, condition.high) if isinstance(condition, Range)
                                        else (condition.quantity,))
    unit = _target_unit(t, quantities, unit_override, notes)
    axis = Axis(unit, delay=isinstance(condition, Delay))
    bounds = tuple(q.base if q.unit is not None else axis.to_base(q.value) for q in quantities)
    shown = unit.symbol if unit else ""

    if isinstance(condition, Range):
        if wanted:
            raise DefinitionError(Code.DIRECTION_CONFLICT, f"a range {t.text!r} takes no direction", tuple(notes))
        normalized = f"{format_decimal(quantities[0].value)}-{format_decimal(quantities[1].value)}{shown}"
        return dict(kind="range", rule="range", normalized=normalized, axis=axis, bounds=bounds)

    flags: tuple[Flag, ...] = ()
    op = condition.op
    if op is None:
        op, flags = _bare_direction(t, wanted, isinstance(condition, Delay), notes)
    elif wanted and op.upward is not None and (UP if op.upward else DOWN) != wanted:
        raise DefinitionError(Code.DIRECTION_CONFLICT,
                              f"direction {wanted!r} was stated, but {t.text!r} says {op.value}", tuple(notes))
    kind = "delay" if isinstance(condition, Delay) else "compare"
    direction = DOWN if op.upward is False else UP
    written = condition.quantity.unit
    symbol = written.symbol if written is not None and not written.is_scale_only else shown
    normalized = ("延期" if kind == "delay" else "") + f"{op.value}{format_decimal(condition.quantity.value)}{symbol}"
    _check_bound(t, op, bounds[0], unit, notes)
    rule = _RULE_OF_OP[op]
    over_at = mul(t.scheme.over_factor, bounds[0]) if rule in _OVER_FLAGGED and bounds[0] > 0 else None
    # An actual may carry the target's own operator: the axis knows the direction.
    return dict(kind=kind, rule=rule, normalized=normalized, direction=direction,
                axis=attrs.evolve(axis, direction=direction), bounds=bounds, over_at=over_at, flags=flags)


def _target_unit(t: _Context, quantities: tuple[Quantity, ...], override: str | None,
                 notes: list[Diagnostic]) -> Unit | None:
    unit = next((q.unit for q in quantities if q.unit is not None), None)
    if override is not None:
        try:
            wanted = lookup(override)
        except KeyError:
            raise DefinitionError(Code.UNKNOWN_UNIT, f"unknown unit {override!r}", tuple(notes)) from None
        if unit is not None and unit.dimension != wanted.dimension:
            raise DefinitionError(Code.UNIT_CONFLICT, f"unit {override!r} was stated, but {t.text!r} is in {unit}",
                                  tuple(notes))
        return unit or wanted
    if unit is None:
        notes.append(Diagnostic(Code.NO_UNIT, "warning",
                                f"{t.text!r} has no unit; actuals are read as bare numbers", "target"))
    elif unit.is_scale_only:
        money = scale_in_context(unit, lookup("元")) if is_money(t.name, t.subgroup, t.group) else None
        if money is not None:
            notes.append(Diagnostic(Code.WAN_AS_MONEY, "info", f"bare {unit} on a money indicator read as {money}",
                                    "target"))
            return money
        notes.append(Diagnostic(Code.SCALE_WITHOUT_UNIT, "warning", f"{t.text!r} has {unit} but no unit", "target"))
    return unit


def _bare_direction(t: _Context, wanted: str | None, is_delay: bool,
                    notes: list[Diagnostic]) -> tuple[Op, tuple[Flag, ...]]:
    """The direction of a bare target (rules §4), in one place, and the flags
    every score carries because of it."""
    if wanted:
        return (Op.GE if wanted == UP else Op.LE), ()
    if is_delay:
        return Op.LE, ()
    if t.in_group(COST_GROUP):
        notes.append(Diagnostic(Code.DIRECTION_FROM_GROUP, "info",
                                f"bare {t.text!r} under {t.subgroup or t.group} read as ≤ (成本: less is better)",
                                "target"))
        return Op.LE, ()
    word = less_is_better_word(t.name)
    if word:
        message = f"bare {t.text!r} read as ≤ because {t.name!r} names {word}; state the direction to confirm"
        notes.append(Diagnostic(Code.DIRECTION_FROM_NAME, "warning", message, "target"))
        return Op.LE, (Flag(Code.DIRECTION_FROM_NAME, message),)  # on every score until confirmed
    return Op.GE, ()


def _check_bound(t: _Context, op: Op, bound: Decimal, unit: Unit | None, notes: list[Diagnostic]) -> None:
    if unit is None or unit.dimension != "share":
        if op in (Op.GE, Op.GT) and bound <= 0 and not (op is Op.GT and bound == 0):
            notes.append(Diagnostic(Code.VACUOUS_BOUND, "warning", f"every value meets {t.text!r}", "target"))
        return
    if (op is Op.LE and bound >= 100) or (op is Op.LT and bound > 100) or (op is Op.GE and bound <= 0):
        notes.append(Diagnostic(Code.VACUOUS_BOUND, "warning",
                                f"every rate meets {t.text!r}; the target bounds nothing", "target"))
    elif op in (Op.GE, Op.EQ) and bound == 100:
        pass  # 100% is an ordinary full-completion target
    elif op is Op.GE and bound > 100:
        notes.append(Diagnostic(Code.BOUND_ABOVE_MAXIMUM, "info",
                                f"{t.text!r}: only a rate above 100% meets it", "target"))


# --- compiling deadlines ----------------------------------------------------------

def _compile_deadline(t: _Context, condition: Deadline, notes: list[Diagnostic]) -> dict[str, Any]:
    year = condition.year if condition.year is not None else t.year
    try:
        due = condition.due(year) if year is not None else None
    except ValueError:  # 2月29日 in a year that has none, or year 0
        raise NotationError(Code.BAD_DATE, f"{condition} has no date in {year}", t.text, (0, len(t.text))) from None
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


def _score_quantity(t: Target, actual: Any, weight: Decimal) -> Score:
    assert t.axis is not None
    reading = t.axis.read(actual)
    if not reading.applicable:
        return _not_applicable(t, reading, weight)
    a = reading.base
    assert a is not None
    achieved, num, den, basis = _RATIO_RULES[t.rule](a, t.bounds, t.scheme)
    num, den = _clamp(num, den)
    ratio = num if den == _ONE else div(num, den)
    flags = reading.flags + t.flags
    if t.over_at is not None and a >= t.over_at:
        percent = format_decimal(mul(t.scheme.over_factor, _HUNDRED).normalize(EXACT))
        flags += (Flag(Code.OVER_ACHIEVEMENT, f"actual is {percent}% of the target or more: 偏差原因必填"),)
    if basis == "over-equal":
        flags += (Flag(Code.OVER_TARGET, "above an = target; not penalised"),)
    return Score(achieved, ratio, mul(weight, ratio), grade_of_ratio(ratio), flags, reading, weight, basis, t,
                 (num, den))


def _not_applicable(t: Target, reading: Reading, weight: Decimal) -> Score:
    return Score(None, None, None, None, (Flag(Code.NOT_APPLICABLE, "the indicator does not apply; it drops out"),),
                 reading, weight, "", t)


def _score_not_applicable(t: Target, actual: Any, weight: Decimal) -> Score:
    assert isinstance(t.condition, NotApplicable)
    return _not_applicable(t, Reading(actual, t.condition), weight)


def _score_deadline(t: Target, actual: Any, weight: Decimal) -> Score:
    year = t.due.year if t.due is not None else (t.condition.year if isinstance(t.condition, Deadline) else None)
    reading = read_completion(actual, year if year is not None else t.year)
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
        return Score(True, _ONE, weight, grade_of_ratio(_ONE), (), reading, weight, "", t, (_ONE, _ONE))
    ratio = next((r for days, r in t.scheme.late_ratios if days_late <= days), _ZERO)
    formula = f"{format_decimal(days_late)} days late"
    flags = (Flag(Code.LATE, f"completed {format_decimal(days_late)} days after the deadline"),)
    return Score(False, ratio, mul(weight, ratio), grade_of_ratio(ratio), flags, reading, weight, formula, t,
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

_TIER_RATIO = re.compile(r"(?P<words>.*?)[:：]?(?P<percent>\d+(?:\.\d+)?)%")
_TIER_WORDS_LONGEST = sorted(TIER_WORDS, key=len, reverse=True)


def _tier(words: str) -> str | None:
    """The tier a text names: a tier word, optionally followed by words
    that do not negate it (达成预期指标).  完成率不高 and 是否完成 name none."""
    for word in _TIER_WORDS_LONGEST:
        if words.startswith(word):
            rest = words[len(word):]
            return None if any(c in NEGATIONS for c in rest) else TIER_WORDS[word]
    return None


def _score_words(t: Target, actual: Any, weight: Decimal) -> Score:
    if not isinstance(actual, str):
        raise NotationError(Code.EXPECTED_TIER, f"a qualitative target takes words such as 达成, not {actual!r}",
                            str(actual)[:80])
    source = normalize(read_text(actual))
    if is_not_applicable(source):
        return _not_applicable(t, Reading(actual, NotApplicable(source)), weight)
    m = _TIER_RATIO.fullmatch(source)
    words, percent = (m.group("words"), Decimal(m.group("percent"))) if m else (source, None)
    assert isinstance(t.condition, Words)
    tier = ACHIEVED if words == t.condition.text else _tier(words)
    if tier is None:
        raise NotationError(Code.UNKNOWN_TIER,
                            f"{actual!r} names no tier; write 达成, 部分达成 or 未达成 "
                            "(optionally with a ratio, e.g. 部分达成 75%)", actual, (0, len(actual)))
    low, high = TIER_RANGES[t.scheme.qualitative][tier]
    if percent is None:
        exact = (_ONE, _ONE) if tier == ACHIEVED else (add(low, high), 2 * _HUNDRED)
        formula = f"{tier}" + ("" if tier == ACHIEVED else f", midpoint of {low}–{high}%")
    else:
        if not low <= percent <= high:
            assert m is not None
            start = m.start("percent")
            error = NotationError(Code.RATIO_OUTSIDE_TIER,
                                  f"{tier} takes {low}–{high}% under the {t.scheme.qualitative} scheme, "
                                  f"not {percent}%", source, (start, len(source)))
            raise as_typed(error, actual)  # the caret under the text as typed
        exact, formula = (percent, _HUNDRED), f"{tier}, stated"
    ratio = div(*exact)
    return Score(tier == ACHIEVED, ratio, mul(weight, ratio), grade_of_ratio(ratio), (), Reading(actual, tier),
                 weight, formula, t, exact)


# The table of rules: a compiled target names its rule, and scoring looks it up.
RULES: dict[str, Callable[[Target, Any, Decimal], Score]] = {
    **dict.fromkeys(_RATIO_RULES, _score_quantity),
    "deadline": _score_deadline,
    "words": _score_words,
    "not-applicable": _score_not_applicable,
}
