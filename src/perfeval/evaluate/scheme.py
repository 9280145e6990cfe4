"""Scoring schemes: the options rules §4 lets a definition choose.

>>> Scheme.of({"reverse": "linear", "over_factor": "1.5"}).as_data()["over_factor"]
'1.5'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Any

import attrs

from ..codes import Code
from ..errors import DefinitionError
from ..limits import within_number_limits
from ..rules import OVER_ACHIEVEMENT_FACTOR, TIER_RANGES

__all__ = ["Scheme"]

REVERSE_SCHEMES = ("ratio", "linear")
# A bare number ≤ 1 against a % target (rules §2): "error" where its two
# readings score apart, else as written; "scale" reads it as a fraction of 1.
FRACTION_READINGS = ("error", "scale")
# What one indicator is labelled (rules §4): "tier" 达成/部分达成/未达成, the
# national form's reading; "grade" 优/良/中/差 from the ratio, perfeval's own.
LABELS = ("tier", "grade")
# The department's total (rules §5): "table", its goal indicators and a budget
# line, as the published department forms score it; the means of activities
# or projects, or projects weighted by budget, where a book chooses them.
DEPARTMENT_BASES = ("table", "framework", "activities_mean", "projects_mean", "budget_weighted")
# Over-execution of a budget line (rules §5): "cap" holds the points at the
# weight (the default); "flag" caps them and requires a reason; "blank" leaves
# the score blank, as some forms do (金寨 2023): perfeval then gives it no points.
OVER_EXECUTION = ("cap", "flag", "blank")
# The points of each row, as published tables round them before adding
# (rules §5): "exact" (the default), "two" or "one" decimal, or "whole".
POINTS = {"exact": None, "two": 2, "one": 1, "whole": 0}
# The budget line's denominator (rules §5): the full-year (adjusted) budget,
# or, as an option, the budget at the start of the year (年初预算数).
BUDGET_DENOMINATORS = ("full_year", "initial")


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("a number is expected, not a bool")
    try:
        number = Decimal(str(value) if isinstance(value, float) else value)
    except (ArithmeticError, TypeError, ValueError):
        number = None
    if number is None or not number.is_finite() or not within_number_limits(number):
        raise DefinitionError(Code.BAD_SCHEME, f"a number within perfeval's limits is expected, not "
                              f"{str(value)[:40]!r}") from None
    return number


def _text(number: Decimal) -> str:
    return format(number, "f")


def _one_of(choices: tuple[str, ...]) -> Callable[[Any, attrs.Attribute[str], Any], None]:
    def check(instance: Any, attribute: attrs.Attribute[str], value: Any) -> None:
        if value not in choices:
            raise DefinitionError(Code.BAD_SCHEME,
                                  f"{attribute.name} must be one of {', '.join(choices)}, not {value!r}")

    return check


def _late_ratios(value: Any) -> tuple[tuple[Decimal, Decimal], ...]:
    """``{7: 0.8, 14: 0.5}`` or pairs: up to N days late scores that ratio."""
    items = value.items() if isinstance(value, Mapping) else value
    try:
        pairs = sorted((_decimal(days), _decimal(ratio)) for days, ratio in items)
    except (TypeError, ValueError):  # not a mapping, nor pairs
        raise DefinitionError(Code.BAD_SCHEME, f"late_ratios map days late to a ratio ({{7: 0.8}}), not {value!r}"
                              ) from None
    for days, ratio in pairs:
        if days < 0 or not 0 <= ratio <= 1:
            raise DefinitionError(Code.BAD_SCHEME,
                                  f"late ratio {days} days → {ratio}: days must be ≥ 0 and the ratio in [0, 1]")
    # Finishing later never scores more (a better actual never gets fewer points).
    for (days, ratio), (later, more) in pairwise(pairs):
        if more > ratio:
            raise DefinitionError(Code.BAD_SCHEME, f"late ratios must not rise with the delay: {days} days → {ratio}, "
                                  f"but {later} days → {more}")
    return tuple(pairs)


@attrs.frozen
class Scheme:
    """How single targets score when not achieved.

    - ``reverse``: ``"ratio"`` scores a missed ≤ target as target/actual (the
      form's A/B rule); ``"linear"`` as 1 − (actual − target)/target.
    - ``qualitative``: ``"2020"`` (达成 80–100%, 部分达成 60–80%, 未达成 0–60%)
      or ``"legacy"`` (80/50).
    - ``over_factor``: an actual at or above this multiple of a ≥ target is
      flagged 偏差原因必填.
    - ``late_ratios``: a delay ladder for missed deadlines, ``((days, ratio), …)``;
      empty means a late result scores 0.
    - ``fractions``: a bare number ≤ 1 against a % target (0.972 against
      ≥95%) is an error where its two readings (97.2% and 0.972%) score
      apart, and read as written where they agree (``"error"``, the
      default); ``"scale"`` reads it as a fraction of 1, flagged.
    - ``label``: ``"tier"`` labels each indicator 达成, 部分达成 or 未达成
      (the default: only totals carry 优/良/中/差); ``"grade"`` gives each
      the grade of its ratio, a missed target at most 良.
    - ``department``: the basis of the department's total: ``"table"``,
      ``"framework"`` (blocks such as 决策 25 / 管理 30 / 绩效 45 that the book
      lists under ``department.framework``),
      (its goal indicators worth 100 − ``budget_weight`` plus a budget line
      worth ``budget_weight``, as the published 部门整体支出绩效自评表 score
      it), ``"activities_mean"``, ``"projects_mean"`` or ``"budget_weighted"``.
    - ``budget_weight``: the points of the department's 预算执行率 line (10).
    - ``budget_denominator``: ``"full_year"`` (全年预算数) or ``"initial"``
      (年初预算数) for every budget line.
    - ``reason_below``: a budget line executed below this percentage needs
      a reason (90, as 青神's form requires).
    - ``over_execution``: ``"cap"`` holds an over-executed budget line at
      its weight; ``"flag"`` also requires a reason; ``"blank"`` leaves its
      score blank (no points), as some forms do.
    - ``points``: each row's points as published tables round them before
      adding: ``"exact"``, ``"two"``, ``"one"`` or ``"whole"``.
    """

    reverse: str = attrs.field(default="ratio", validator=_one_of(REVERSE_SCHEMES))
    qualitative: str = attrs.field(default="2020", validator=_one_of(tuple(TIER_RANGES)))
    over_factor: Decimal = attrs.field(default=OVER_ACHIEVEMENT_FACTOR, converter=_decimal)

    @over_factor.validator
    def _at_least_one(self, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
        if value < 1:  # below 1 it would flag a missed target as over-achieved
            raise DefinitionError(Code.BAD_SCHEME, f"over_factor must be at least 1, not {value}")
    late_ratios: tuple[tuple[Decimal, Decimal], ...] = attrs.field(default=(), converter=_late_ratios)
    fractions: str = attrs.field(default="error", validator=_one_of(FRACTION_READINGS))
    label: str = attrs.field(default="tier", validator=_one_of(LABELS))
    department: str = attrs.field(default="table", validator=_one_of(DEPARTMENT_BASES))
    budget_weight: Decimal = attrs.field(default=Decimal(10), converter=_decimal)
    budget_denominator: str = attrs.field(default="full_year", validator=_one_of(BUDGET_DENOMINATORS))
    reason_below: Decimal = attrs.field(default=Decimal(90), converter=_decimal)
    over_execution: str = attrs.field(default="cap", validator=_one_of(OVER_EXECUTION))
    points: str = attrs.field(default="exact", validator=_one_of(tuple(POINTS)))

    @budget_weight.validator
    @reason_below.validator
    def _points_or_percent(self, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
        if not 0 <= value <= 100:
            raise DefinitionError(Code.BAD_SCHEME, f"{attribute.name} must be in [0, 100], not {value}")

    def as_data(self) -> dict[str, Any]:
        """The options as plain text data, as a book's ``scoring`` section
        writes them; ``Scheme.of(scheme.as_data()) == scheme``.

        >>> Scheme(late_ratios={7: "0.8"}).as_data()["late_ratios"]
        {'7': '0.8'}
        """
        return {"reverse": self.reverse, "qualitative": self.qualitative, "over_factor": _text(self.over_factor),
                "late_ratios": {_text(days): _text(ratio) for days, ratio in self.late_ratios},
                "fractions": self.fractions, "label": self.label, "department": self.department,
                "budget_weight": _text(self.budget_weight), "budget_denominator": self.budget_denominator,
                "reason_below": _text(self.reason_below), "over_execution": self.over_execution,
                "points": self.points}

    @classmethod
    def of(cls, value: Scheme | Mapping[str, Any] | None) -> Scheme:
        """A scheme from ``None`` (the defaults), a mapping of options, or a scheme."""
        if value is None:
            return DEFAULT
        if isinstance(value, Scheme):
            return value
        if isinstance(value, Mapping):
            unknown = set(value) - {f.name for f in attrs.fields(cls)}
            if unknown:
                raise DefinitionError(Code.BAD_SCHEME, f"unknown scheme option(s): {', '.join(sorted(unknown))}")
            return cls(**value)
        raise TypeError(f"scheme must be a Scheme or a mapping, not {type(value).__name__}")


DEFAULT = Scheme()
