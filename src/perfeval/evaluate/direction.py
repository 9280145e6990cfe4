"""Which way a single target runs (rules §4): the direction of a bare value,
and the contradictions between an operator, a stated direction and a name.

An explicit operator always decides the score.  Every other reading here is
reported: a diagnostic when the target compiles, and a flag on every score
where the reading is one a user should confirm, so that it reaches the
report.

>>> from perfeval import target
>>> target("0.9%", name="森林火灾受害率").normalized
'≤0.9%'
>>> [f.code for f in target("≤100%", name="资金发放率").flags]
['direction-conflict']
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..codes import Code
from ..errors import Diagnostic, Flag
from ..notation.conditions import Op
from ..notation.units import Unit
from ..rules import (
    COST_GROUP,
    DOWN,
    UP,
    higher_is_better_rate,
    in_group,
    is_capped_rate,
    less_is_better_word,
    less_time_word,
    operator_hint,
)
from .scheme import Scheme

__all__ = ["TargetContext", "bare_direction", "explicit_direction", "check_bound"]


@attrs.frozen
class TargetContext:
    """What compiling one target knows besides its text: the indicator's
    name and groups, the budget year and the scheme."""

    text: str
    name: str | None = None
    group: str | None = None
    subgroup: str | None = None
    year: int | None = None
    scheme: Scheme = Scheme()

    def in_group(self, word: str) -> bool:
        return in_group(word, self.subgroup, self.group)


def _note(notes: list[Diagnostic], code: Code, severity: str, message: str) -> None:
    notes.append(Diagnostic(code, severity, message, "target"))


def bare_direction(t: TargetContext, wanted: str | None, is_delay: bool, unit: Unit | None,
                   notes: list[Diagnostic]) -> tuple[Op, tuple[Flag, ...]]:
    """The operator of a bare value (rules §4), and the flags every score
    carries because of the reading.  In order: a stated direction; a delay
    is ≤; an operator written into the name; 成本 is ≤, except a percentage
    on a name that says higher is better; a name that says less is better
    (受害率, 事故, 中断 …) or that a shorter time is better (恢复速度); else ≥."""
    if wanted:
        return (Op.GE if wanted == UP else Op.LE), ()
    if is_delay:
        return Op.LE, ()
    hint = operator_hint(t.name)
    if hint is not None:
        _note(notes, Code.DIRECTION_FROM_HINT, "info", f"bare {t.text!r} read as {hint}: the name {t.name!r} says so")
        return Op(hint), ()
    rate = higher_is_better_rate(t.name)
    if t.in_group(COST_GROUP):
        if rate is not None and unit is not None and unit.dimension == "share":
            message = (f"bare {t.text!r} under {t.subgroup or t.group} read as ≥, because {t.name!r} names {rate}, "
                       "where higher is better; state the direction to confirm")
            _note(notes, Code.DIRECTION_FROM_NAME, "warning", message)
            return Op.GE, (Flag(Code.DIRECTION_FROM_NAME, message),)
        _note(notes, Code.DIRECTION_FROM_GROUP, "info",
              f"bare {t.text!r} under {t.subgroup or t.group} read as ≤ (成本: less is better)")
        return Op.LE, ()
    word = less_is_better_word(t.name)
    if word is None and unit is not None and unit.dimension == "time":
        word = less_time_word(t.name)
    if word:
        message = f"bare {t.text!r} read as ≤ because {t.name!r} names {word}; state the direction to confirm"
        _note(notes, Code.DIRECTION_FROM_NAME, "warning", message)
        return Op.LE, (Flag(Code.DIRECTION_FROM_NAME, message),)  # on every score until confirmed
    return Op.GE, ()


def explicit_direction(t: TargetContext, op: Op, wanted: str | None,
                       notes: list[Diagnostic]) -> tuple[Op, tuple[Flag, ...]]:
    """An explicit operator decides the score; what contradicts it is
    flagged (``direction-conflict``) on every score: a stated direction
    (反向 with ≥), a ≤ on a rate where higher is better (资金发放率 ≤100%:
    50% meets it), a ≥ on a name that counts bad events (逾期发放率 ≥100%).
    ``=`` under 成本 means at most, as a bare 成本 value does."""
    flags: list[Flag] = []
    if op is Op.EQ and t.in_group(COST_GROUP):
        message = f"{t.text!r} under {t.subgroup or t.group} read as ≤ (成本: at most)"
        _note(notes, Code.DIRECTION_FROM_GROUP, "info", message)
        flags.append(Flag(Code.DIRECTION_FROM_GROUP, message))
        op = Op.LE
    upward = op.upward
    if wanted and upward is not None and (UP if upward else DOWN) != wanted:
        flags.append(Flag(Code.DIRECTION_CONFLICT,
                          f"direction {'正向' if wanted == UP else '反向'} was stated, but {t.text!r} says {op.value}; "
                          f"the operator decides"))
    elif upward is False and (rate := higher_is_better_rate(t.name)) is not None:
        flags.append(Flag(Code.DIRECTION_CONFLICT,
                          f"{t.text!r} bounds {t.name!r} from above, but higher is better for a {rate}; "
                          "a low result meets it"))
    elif upward is True and (word := less_is_better_word(t.name)) is not None:
        flags.append(Flag(Code.DIRECTION_CONFLICT,
                          f"{t.text!r} bounds {t.name!r} from below, but {word} counts what should be few"))
    for flag in flags:
        if flag.code == Code.DIRECTION_CONFLICT:
            _note(notes, Code.DIRECTION_CONFLICT, "warning", flag.message)
    return op, tuple(flags)


def check_bound(t: TargetContext, op: Op, bound: Decimal, unit: Unit | None, notes: list[Diagnostic]) -> None:
    """A bound that every value meets, or that only a rate above 100% meets.
    ``≤100%`` is vacuous only on a rate that cannot exceed 100% (rules §4):
    成本控制率 can be 105%."""
    if unit is None or unit.dimension != "share":
        if op in (Op.GE, Op.GT) and bound <= 0 and not (op is Op.GT and bound == 0):
            _note(notes, Code.VACUOUS_BOUND, "warning", f"every value meets {t.text!r}")
        return
    capped = is_capped_rate(t.name)
    if (op is Op.LE and bound >= 100 and capped) or (op is Op.LT and bound > 100 and capped) or \
            (op is Op.GE and bound <= 0):
        _note(notes, Code.VACUOUS_BOUND, "warning", f"every rate meets {t.text!r}; the target bounds nothing")
    elif op is Op.GE and bound > 100:
        _note(notes, Code.BOUND_ABOVE_MAXIMUM, "info", f"{t.text!r}: only a rate above 100% meets it")
