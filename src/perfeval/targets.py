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
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable

import attrs

from ._arith import EXACT, add, div, mul, sub
from ._tokenizer import normalize
from .actuals import MAX_EXPONENT, Axis, Reading, read_completion, read_text, to_decimal
from .conditions import Compare, Condition, Deadline, Delay, NotApplicable, Op, Quantity, Range, Words, format_decimal
from .errors import DefinitionError, Diagnostic, Flag, NotationError
from .parser import parse_notation
from .rounding import display
from .rules import (ACHIEVED, COST_GROUP, DOWN, NEGATIONS, NOT_APPLICABLE, TIER_RANGES, TIER_WORDS, TIERS, TIMELINESS_GROUP, UP,
                    direction_of, grade_of_ratio, less_is_better_word)
from .scheme import Scheme
from .units import Unit, lookup, with_dimension_of

__all__ = ["target", "Target", "Score"]

_ONE, _ZERO, _HUNDRED = Decimal(1), Decimal(0), Decimal(100)
_MINUTES_PER_DAY = Decimal(1440)
_MONEY_NAME = re.compile(r"金额|资金|费用|成本|经费|补贴|补助|预算|投资|收入|支出")


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
        return (f"Score({verdict} {self.actual}: ratio {format_decimal(self.ratio)}, "
                f"{format_decimal(self.points)}/{format_decimal(self.weight)} points, {self.grade})")

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
        percent = display(mul(self.ratio, _HUNDRED))
        ratio = f"ratio {basis} = {percent}%" if basis else f"ratio {percent}%"
        line = (f"{head}: actual {self.actual} (given {given}) → {verdict}; {ratio}; "
                f"{display(self.points)} of {_points(self.weight)} points; {self.grade}")
        if self.flags:
            line += " [" + "; ".join(f.code for f in self.flags) + "]"
        return line


def _points(weight: Decimal) -> str:
    """A weight for display: whole points as they are (10), others rounded (14.29)."""
    return format_decimal(weight) if weight == weight.to_integral_value() and weight.adjusted() < 28 else \
        display(weight)


def _weight(weight: Any) -> Decimal:
    """A weight as a Decimal: a wrong Python type is a TypeError, a bad
    number a DefinitionError("bad-weight")."""
    kind = weight.__class__
    if kind is int and weight >= 0:  # the usual cases first: this runs for every score
        return Decimal(weight)
    if kind is Decimal and weight.is_finite() and weight >= 0 and weight.adjusted() <= MAX_EXPONENT:
        return weight
    if isinstance(weight, str):
        try:
            weight = Decimal(weight.strip())
        except ArithmeticError:
            raise DefinitionError("bad-weight", f"weight must be a number, not {weight!r}") from None
    if isinstance(weight, bool) or not isinstance(weight, (int, float, Decimal)):
        raise TypeError(f"weight must be a number, not {type(weight).__name__}")
    try:
        number = to_decimal(weight, "weight")
    except NotationError as error:
        raise DefinitionError("bad-weight", error.message) from None
    if number < 0:
        raise DefinitionError("bad-weight", f"weight must not be negative, not {weight!r}")
    return number


class Target:
    """A compiled single target, immutable.  Build it with :func:`target`.

    ``kind`` is ``compare``, ``range``, ``delay``, ``deadline``, ``words`` or
    ``not-applicable``; ``normalized`` the target as read (``≤6000元/人``);
    ``bounds`` its numbers in its own unit; ``diagnostics`` what compiling
    found.
    """

    __slots__ = ("text", "condition", "kind", "direction", "normalized", "name", "group", "subgroup", "year",
                 "scheme", "diagnostics", "axis", "bounds", "_score", "_flags", "_arguments", "_locked")

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "_locked", False):
            raise AttributeError("a compiled target is immutable; compile another with target()")
        object.__setattr__(self, name, value)

    def __reduce__(self):
        # Rebuilt from its definition, so that it pickles (multiprocessing, Dask).
        return (_rebuild_target, self._arguments)

    def __repr__(self) -> str:
        return f"target({self.text!r})"

    def score(self, actual: Any, weight: Any) -> Score:
        """Score ``actual`` against this target; ``weight`` is the indicator's 分值."""
        return self._score(actual, _weight(weight))

    def _basis(self, score: Score) -> str:
        """The ratio's formula with the numbers filled in, in the target's unit."""
        template = _FORMULAS.get(score.basis)
        if template is None or score.actual.base is None:
            return score.basis
        unit = self.axis.unit
        a = score.actual.base if unit is None else div(score.actual.base, unit.factor)
        numbers = {"a": format_decimal(a.normalize())}
        numbers.update(zip("tu", (format_decimal(b) for b in self.bounds)))
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
    scheme: Scheme | dict | None = None,
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
    """
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise TypeError(f"year must be an int such as 2023, not {year!r}")
    parsed = parse_notation(text)
    t = Target()
    t._arguments = ((text,), dict(name=name, group=group, subgroup=subgroup, year=year, scheme=scheme,
                                  direction=direction, unit=unit, strict=strict))
    t.text, t.condition, t.name, t.group, t.subgroup, t.year = text, parsed.condition, name, group, subgroup, year
    t.scheme = Scheme.of(scheme)
    t._flags = ()
    notes = [attrs.evolve(n, subject="target") for n in parsed.notes]
    condition = _as_deadline(parsed.condition, t)
    if isinstance(condition, (Compare, Range, Delay)):
        _compile_quantity(t, condition, direction_of(direction), unit, notes)
    elif isinstance(condition, Deadline):
        _compile_deadline(t, condition, notes)
    elif isinstance(condition, Words):
        _compile_words(t, condition)
    else:
        assert isinstance(condition, NotApplicable)
        t.kind, t.direction, t.axis, t.normalized, t.bounds = "not-applicable", None, None, "not applicable", ()
        t._score = lambda actual, weight: _not_applicable(t, Reading(actual, condition), weight)
    t.diagnostics = tuple(notes)
    t._locked = True
    if strict and any(n.severity in ("error", "warning") for n in notes):
        raise DefinitionError("strict", f"target {text!r} has warnings and strict mode is on", t.diagnostics)
    return t


def _rebuild_target(args: tuple, kwargs: dict) -> Target:
    return target(*args, **kwargs)


def _in_group(t: Target, word: str) -> bool:
    """Whether the indicator sits under a group (一级 or 二级) naming ``word``."""
    return any(g and word in g for g in (t.subgroup, t.group))


def _as_deadline(condition: Condition, t: Target) -> Condition:
    """Under 时效, a month written bare (12月) is a deadline, not twelve months."""
    if (isinstance(condition, Compare) and condition.op is None and _in_group(t, TIMELINESS_GROUP)
            and condition.quantity.unit is not None and condition.quantity.unit.symbol == "月"
            and condition.quantity.value == condition.quantity.value.to_integral_value()
            and 1 <= condition.quantity.value <= 12):
        return Deadline(None, int(condition.quantity.value))
    return condition


# --- quantities ---------------------------------------------------------------

def _compile_quantity(t: Target, condition: Compare | Range | Delay, wanted: str | None, unit_override: str | None,
                      notes: list[Diagnostic]) -> None:
    quantities = (condition.low, condition.high) if isinstance(condition, Range) else (condition.quantity,)
    unit = _target_unit(t, quantities, unit_override, notes)
    axis = Axis(unit, delay=isinstance(condition, Delay))
    bases = [q.base if q.unit is not None else axis.to_base(q.value) for q in quantities]
    t.bounds = tuple(b if unit is None else div(b, unit.factor).normalize(EXACT) for b in bases)
    shown = unit.symbol if unit else ""

    if isinstance(condition, Range):
        if wanted:
            raise DefinitionError("direction-conflict", f"a range {t.text!r} takes no direction", tuple(notes))
        low, high = bases
        t.kind, t.direction, t.axis = "range", None, axis
        t.normalized = f"{format_decimal(quantities[0].value)}-{format_decimal(quantities[1].value)}{shown}"
        t._score = _scorer(t, lambda a: _range(a, low, high))
        return

    bound = bases[0]
    op = condition.op
    if op is None:
        op = _bare_direction(t, wanted, isinstance(condition, Delay), notes)
    elif wanted and op.upward is not None and (UP if op.upward else DOWN) != wanted:
        raise DefinitionError("direction-conflict",
                              f"direction {wanted!r} was stated, but {t.text!r} says {op.value}", tuple(notes))
    t.kind = "delay" if isinstance(condition, Delay) else "compare"
    t.direction = DOWN if op.upward is False else UP
    t.axis = attrs.evolve(axis, direction=t.direction)  # an actual may carry the target's own operator
    value = format_decimal(condition.quantity.value)
    written = condition.quantity.unit
    symbol = written.symbol if written is not None and not written.is_scale_only else shown
    t.normalized = ("延期" if t.kind == "delay" else "") + f"{op.value}{value}{symbol}"
    _check_bound(t, op, bound, unit, notes)
    over = mul(t.scheme.over_factor, bound)
    if op in (Op.GE, Op.GT):
        strict = op is Op.GT
        t._score = _scorer(t, lambda a: _upward(a, bound, strict), over)
    elif op is Op.EQ:
        t._score = _scorer(t, lambda a: _equal(a, bound), over)
    else:
        strict, linear = op is Op.LT, t.scheme.reverse == "linear"
        t._score = _scorer(t, lambda a: _downward(a, bound, strict, linear))


def _target_unit(t: Target, quantities, override: str | None, notes: list[Diagnostic]) -> Unit | None:
    unit = next((q.unit for q in quantities if q.unit is not None), None)
    if override is not None:
        try:
            wanted = lookup(override)
        except KeyError:
            raise DefinitionError("unknown-unit", f"unknown unit {override!r}", tuple(notes)) from None
        if unit is not None and unit.dimension != wanted.dimension:
            raise DefinitionError("unit-conflict", f"unit {override!r} was stated, but {t.text!r} is in {unit}",
                                  tuple(notes))
        return unit or wanted
    if unit is None:
        notes.append(Diagnostic("no-unit", "warning",
                                f"{t.text!r} has no unit; actuals are read as bare numbers", "target"))
    elif unit.is_scale_only:
        if _is_money(t):
            money = with_dimension_of(unit, lookup("元"))
            notes.append(Diagnostic("wan-as-money", "info", f"bare {unit} on a money indicator read as {money}",
                                    "target"))
            return money
        notes.append(Diagnostic("scale-without-unit", "warning", f"{t.text!r} has {unit} but no unit", "target"))
    return unit


def _is_money(t: Target) -> bool:
    return _in_group(t, COST_GROUP) or bool(t.name and _MONEY_NAME.search(t.name))


def _bare_direction(t: Target, wanted: str | None, is_delay: bool, notes: list[Diagnostic]) -> Op:
    """The direction of a bare target (rules §4), in one place."""
    if wanted:
        return Op.GE if wanted == UP else Op.LE
    if is_delay:
        return Op.LE
    if _in_group(t, COST_GROUP):
        notes.append(Diagnostic("direction-from-group", "info",
                                f"bare {t.text!r} under {t.subgroup or t.group} read as ≤ (成本: less is better)",
                                "target"))
        return Op.LE
    word = less_is_better_word(t.name)
    if word:
        message = f"bare {t.text!r} read as ≤ because {t.name!r} names {word}; state the direction to confirm"
        notes.append(Diagnostic("direction-from-name", "warning", message, "target"))
        t._flags = (Flag("direction-from-name", message),)  # shown on every score until confirmed
        return Op.LE
    return Op.GE


def _check_bound(t: Target, op: Op, bound: Decimal, unit: Unit | None, notes: list[Diagnostic]) -> None:
    if unit is None or unit.dimension != "share":
        if op in (Op.GE, Op.GT) and bound <= 0 and not (op is Op.GT and bound == 0):
            notes.append(Diagnostic("vacuous-bound", "warning", f"every value meets {t.text!r}", "target"))
        return
    if (op is Op.LE and bound >= 100) or (op is Op.LT and bound > 100) or (op is Op.GE and bound <= 0):
        notes.append(Diagnostic("vacuous-bound", "warning",
                                f"every rate meets {t.text!r}; the target bounds nothing", "target"))
    elif op in (Op.GE, Op.EQ) and bound == 100:
        pass  # 100% is an ordinary full-completion target
    elif op is Op.GE and bound > 100:
        notes.append(Diagnostic("bound-above-maximum", "info",
                                f"{t.text!r}: only a rate above 100% meets it", "target"))


def _upward(a: Decimal, t: Decimal, strict: bool) -> tuple[bool, Decimal, str]:
    achieved = a > t if strict else a >= t
    if achieved:
        return True, _ONE, _ONE, ""
    if t <= 0:
        return False, _ZERO, _ONE, "zero-bound"
    return False, a, t, "actual/target"


def _downward(a: Decimal, t: Decimal, strict: bool, linear: bool) -> tuple[bool, Decimal, str]:
    achieved = a < t if strict else a <= t
    if achieved:
        return True, _ONE, _ONE, ""
    if t <= 0:
        return False, _ZERO, _ONE, "zero-bound"
    if linear:  # 1 − (a − t)/t = (2t − a)/t
        return False, sub(add(t, t), a), t, "linear"
    return False, t, a, "target/actual"


def _equal(a: Decimal, t: Decimal) -> tuple[bool, Decimal, str]:
    if a == t:
        return True, _ONE, _ONE, ""
    if a > t:  # scored as ≥: over-achievement is not penalised, but flagged
        return True, _ONE, _ONE, "over-equal"
    return _upward(a, t, False)


def _range(a: Decimal, low: Decimal, high: Decimal) -> tuple[bool, Decimal, str]:
    if low <= a <= high:
        return True, _ONE, _ONE, ""
    if a < low:
        if low <= 0:
            return False, _ZERO, _ONE, "zero-bound"
        return False, a, low, "actual/low"
    if high <= 0:  # above a range that ends at or below 0: no ratio to take
        return False, _ZERO, _ONE, "zero-bound"
    return False, high, a, "high/actual"


def _clamp(num: Decimal, den: Decimal) -> tuple[Decimal, Decimal]:
    """num/den (den > 0) held inside [0, 1]."""
    if num <= 0:
        return _ZERO, _ONE
    if num >= den:
        return _ONE, _ONE
    return num, den


def _scorer(t: Target, rule: Callable[[Decimal], tuple[bool, Decimal, Decimal, str]],
            over: Decimal | None = None) -> Callable[[Any, Decimal], Score]:
    axis = t.axis
    percent = format_decimal(mul(t.scheme.over_factor, _HUNDRED).normalize(EXACT))
    over_flag = Flag("over-achievement", f"actual is {percent}% of the target or more: 偏差原因必填")
    over_target = Flag("over-target", "above an = target; not penalised")
    fixed = t._flags

    def score(actual: Any, weight: Decimal) -> Score:
        reading = axis.read(actual)
        if not reading.applicable:
            return _not_applicable(t, reading, weight)
        a = reading.base
        achieved, num, den, basis = rule(a)
        num, den = _clamp(num, den)
        ratio = num if den == _ONE else div(num, den)
        flags = reading.flags + fixed
        if over is not None and over > 0 and a >= over:
            flags += (over_flag,)
        if basis == "over-equal":
            flags += (over_target,)
        return Score(achieved, ratio, mul(weight, ratio), grade_of_ratio(ratio), flags, reading, weight, basis, t,
                     (num, den))

    return score


def _not_applicable(t: Target, reading: Reading, weight: Decimal) -> Score:
    return Score(None, None, None, None, (Flag("not-applicable", "the indicator does not apply; it drops out"),),
                 reading, weight, "", t)


# --- deadlines ----------------------------------------------------------------

def _compile_deadline(t: Target, condition: Deadline, notes: list[Diagnostic]) -> None:
    t.kind, t.direction, t.axis, t.bounds = "deadline", DOWN, None, ()
    year = condition.year if condition.year is not None else t.year
    try:
        due = condition.due(year) if year is not None else None
    except ValueError:  # 2月29日 in a year that has none, or year 0
        raise NotationError("bad-date", f"{condition} has no date in {year}", t.text, (0, len(t.text))) from None
    if due is None:
        notes.append(Diagnostic("year-unknown", "warning",
                                f"{t.text!r} names no year and no budget year was given", "target"))
    t.normalized = f"by {due.isoformat()}" if due else f"by {condition}"
    late_ratios = t.scheme.late_ratios

    def score(actual: Any, weight: Decimal) -> Score:
        reading = read_completion(actual, year)
        if not reading.applicable:
            return _not_applicable(t, reading, weight)
        flags: tuple[Flag, ...] = ()
        if isinstance(reading.value, Delay):
            days_late = _days(reading.value.quantity, reading.given)
        elif due is None:
            # Never guessed from the actual: a result a year late would pass.
            raise NotationError("year-unknown", f"{t.text!r} names no year; give the budget year (year=2023)",
                                t.text, (0, len(t.text)))
        else:
            days_late = Decimal((reading.value - due).days)
        if days_late <= 0:
            return Score(True, _ONE, weight, grade_of_ratio(_ONE), flags, reading, weight, "", t, (_ONE, _ONE))
        ratio = next((r for days, r in late_ratios if days_late <= days), _ZERO)
        formula = f"{format_decimal(days_late)} days late"
        flags = (*flags, Flag("late", f"completed {format_decimal(days_late)} days after the deadline"))
        return Score(False, ratio, mul(weight, ratio), grade_of_ratio(ratio), flags, reading, weight, formula, t,
                     (ratio, _ONE))

    t._score = score


def _days(delay: Quantity, given: Any) -> Decimal:
    """Days late.  N working days are counted as N days: the least they can
    be, so a delay in working days never scores better than as many days.
    Months have no fixed length: a delay in months needs the date."""
    if delay.dimension == "workdays":
        return delay.base
    if delay.dimension == "months":
        text = str(given)
        raise NotationError("delay-unit", "a delay in months against a deadline: give the completion date",
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


def _compile_words(t: Target, condition: Words) -> None:
    t.kind, t.direction, t.axis, t.bounds = "words", None, None, ()
    t.normalized = "qualitative: " + "/".join(TIERS)
    ranges = TIER_RANGES[t.scheme.qualitative]
    own = condition.text

    def score(actual: Any, weight: Decimal) -> Score:
        if not isinstance(actual, str):
            raise NotationError("expected-tier", f"a qualitative target takes words such as 达成, not {actual!r}",
                                str(actual)[:80])
        source = normalize(read_text(actual))
        if source in NOT_APPLICABLE:
            return _not_applicable(t, Reading(actual, NotApplicable(source)), weight)
        m = _TIER_RATIO.fullmatch(source)
        words, percent = (m.group("words"), Decimal(m.group("percent"))) if m else (source, None)
        tier = ACHIEVED if words == own else _tier(words)
        if tier is None:
            raise NotationError("unknown-tier",
                                f"{actual!r} names no tier; write 达成, 部分达成 or 未达成 "
                                "(optionally with a ratio, e.g. 部分达成 75%)", actual, (0, len(actual)))
        low, high = ranges[tier]
        if percent is None:
            exact = (_ONE, _ONE) if tier == ACHIEVED else (add(low, high), 2 * _HUNDRED)
            formula = f"{tier}" + ("" if tier == ACHIEVED else f", midpoint of {low}–{high}%")
        else:
            if not low <= percent <= high:
                start = source.index(m.group("percent"))
                raise NotationError("ratio-outside-tier",
                                    f"{tier} takes {low}–{high}% under the {t.scheme.qualitative} scheme, not {percent}%",
                                    source, (start, len(source)))
            exact, formula = (percent, _HUNDRED), f"{tier}, stated"
        ratio = div(*exact)
        reading = Reading(actual, tier)
        return Score(tier == ACHIEVED, ratio, mul(weight, ratio), grade_of_ratio(ratio), (), reading, weight, formula, t,
                     exact)

    t._score = score
