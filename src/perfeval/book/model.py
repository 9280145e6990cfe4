"""The book: a department's compiled definitions for one budget year.

A :class:`Book` is frozen data, built from plain data by
:func:`perfeval.book.build` and read from files by :func:`perfeval.load`.
Each :class:`Indicator` keeps its definition as written and its compiled
evaluator (a :class:`~perfeval.evaluate.Ladder` or
:class:`~perfeval.evaluate.Target`).  The keys of the file format are listed
here once; the builder, ``docs/format.md`` and the JSON schema follow them.

>>> from perfeval.book import build
>>> book = build({
...     "perfeval": "1", "department": {"code": "323", "name": "人社局"}, "year": "2023",
...     "activities": [{"code": "0101", "name": "就业", "indicators": [
...         {"name": "社会保险补贴到位率", "ladder": {"优": "100%", "良": "≥90%", "中": "≥80%", "差": "<80%"}}]}],
... })
>>> [i.id for i in book.indicators]
['0101/社会保险补贴到位率']
>>> book.indicator("0101/社会保险补贴到位率").evaluator.grade("92%").grade
'良'
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from .._suggest import did_you_mean
from ..errors import Diagnostic, Location
from ..evaluate.ladder import Ladder
from ..evaluate.scheme import Scheme
from ..evaluate.target import Target
from ..rounding import DEFAULT_MODE, DEFAULT_PLACES
from ..rules import DEFAULT_WEIGHTS, GRADE_RATIOS

if TYPE_CHECKING:  # for type hints only: grading builds on this module, not the reverse
    from ..grading.report import Report

__all__ = ["Book", "Goal", "Activity", "Project", "Indicator", "Scoring", "FORMAT_VERSION"]

FORMAT_VERSION = "1"
Path = tuple[str | int, ...]
Locate = Callable[[Path], Location | None]

# --- the format's keys: name → required.  docs/format.md and the JSON
# schema describe the same keys; a test holds them together.
TOP_KEYS = {"perfeval": True, "department": True, "year": True, "scoring": False, "goals": False,
            "activities": False, "projects": False}
DEPARTMENT_KEYS = {"code": True, "name": True}
# The scoring section: the book's own options, then every option of the scheme.
SCHEME_OPTIONS = tuple(f.name for f in attrs.fields(Scheme))
SCORING_KEYS = {"weights": False, "grade_ratios": False, "rounding": False, "on_gap": False,
                **dict.fromkeys(SCHEME_OPTIONS, False)}
ROUNDING_KEYS = {"places": False, "mode": False}
OVERRIDE_KEYS = {"id": False, "unit": False, "direction": False, "weight": False}
GOAL_KEYS = {"name": True, "goal": False, "indicators": True}
GOAL_INDICATOR_KEYS = {"name": True, "target": True, "source": False, **OVERRIDE_KEYS}
ACTIVITY_KEYS = {"code": True, "name": True, "description": False, "goal": False, "indicators": True}
ACTIVITY_INDICATOR_KEYS = {"name": True, "description": False, "ladder": True, "on_gap": False, **OVERRIDE_KEYS}
PROJECT_KEYS = {"name": True, "goal": False, "budget": False, "indicators": True}
PROJECT_INDICATOR_KEYS = {"group": True, "subgroup": True, "name": True, "description": False, "target": True,
                          "basis": False, **OVERRIDE_KEYS}


@attrs.frozen
class Scoring:
    """The scoring options of a book (rules §4–5)."""

    weights: tuple[tuple[str, Decimal], ...] = tuple(DEFAULT_WEIGHTS.items())
    grade_ratios: tuple[tuple[str, Decimal], ...] = tuple(GRADE_RATIOS.items())
    places: int = DEFAULT_PLACES
    rounding: str = DEFAULT_MODE
    scheme: Scheme = Scheme()
    on_gap: str = "next_lower"


@attrs.frozen
class Indicator:
    """One indicator: its definition as written, and its compiled evaluator.

    ``kind`` is ``"ladder"`` (activity tables) or ``"target"`` (goals and
    projects).  Equality compares the definition, not the compiled objects.
    """

    id: str
    owner: str  # the activity code, project name or goal name
    name: str
    kind: str
    ladder: tuple[tuple[str, str], ...] = ()
    target: str | None = None
    description: str | None = None
    group: str | None = None
    subgroup: str | None = None
    basis: str | None = None
    source: str | None = None
    unit: str | None = None
    direction: str | None = None
    weight: Decimal | None = None
    on_gap: str | None = None
    explicit_id: bool = False
    evaluator: Ladder | Target | None = attrs.field(default=None, eq=False, repr=False)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)


@attrs.frozen
class Goal:
    """A department-level goal (部门整体绩效目标) and its indicators."""

    name: str
    goal: str | None
    indicators: tuple[Indicator, ...]


@attrs.frozen
class Activity:
    """An activity (活动) of the activity table and its ladder indicators."""

    code: str
    name: str
    description: str | None
    goal: str | None
    indicators: tuple[Indicator, ...]


@attrs.frozen
class Project:
    """A project (项目) and its single-target indicators."""

    name: str
    goal: str | None
    budget: str | None
    indicators: tuple[Indicator, ...]


@attrs.frozen
class Book:
    """A department's compiled definitions for one budget year."""

    version: str
    department_code: str
    department_name: str
    year: int
    scoring: Scoring
    goals: tuple[Goal, ...] = ()
    activities: tuple[Activity, ...] = ()
    projects: tuple[Project, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)
    source: str | None = attrs.field(default=None, eq=False)
    # Every indicator by its id, built once (ids are unique: the builder sees to it).
    by_id: dict[str, Indicator] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "by_id", {i.id: i for i in self.indicators})

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator, in file order: goals, activities, projects."""
        parts: tuple[Goal | Activity | Project, ...] = (*self.goals, *self.activities, *self.projects)
        return tuple(i for part in parts for i in part.indicators)

    def indicator(self, id: str) -> Indicator:
        """The indicator with this id; ``KeyError`` names the closest ids."""
        found = self.by_id.get(id)
        if found is None:
            raise KeyError(f"no indicator {id!r}{did_you_mean(id, self.by_id)}")
        return found


    def grade(self, actuals: Any, *, budget: Any = None) -> Report:
        """Grade the year: every indicator against its actual, then the
        totals (rules §4–5).  The same as ``perfeval.grade(book, actuals,
        budget=budget)``, which also reads files; see there."""
        if _GRADER is None:  # pragma: no cover - perfeval's __init__ installs it
            raise RuntimeError("perfeval.grading is not loaded")
        return _GRADER(self, actuals, budget=budget)

    def to_data(self) -> dict[str, Any]:
        """The book as plain data in the file format: text, lists and mappings."""
        return _to_data(self)


# Book.grade is a convenience for perfeval.grade, which lives above this layer
# (grading, then the I/O layer that reads files).  The I/O layer installs it
# here when perfeval is imported, so that no import runs upward.
Grader = Callable[..., "Report"]
_GRADER: Grader | None = None


def install_grader(grader: Grader) -> None:
    """Let :meth:`Book.grade` call ``grader``: done once, by :mod:`perfeval.io`."""
    global _GRADER
    _GRADER = grader


# ---------------------------------------------------------------------------
# back to plain data


def _to_data(book: Book) -> dict[str, Any]:
    def number(d: Decimal) -> str:
        return format(d, "f")

    def indicator(i: Indicator) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if i.explicit_id:
            out["id"] = i.id
        if i.group is not None:
            out["group"] = i.group
        if i.subgroup is not None:
            out["subgroup"] = i.subgroup
        out["name"] = i.name
        if i.description is not None:
            out["description"] = i.description
        if i.kind == "ladder":
            out["ladder"] = dict(i.ladder)
        else:
            out["target"] = i.target
        for key in ("basis", "source", "unit", "direction", "on_gap"):
            if getattr(i, key) is not None:
                out[key] = getattr(i, key)
        if i.weight is not None:
            out["weight"] = number(i.weight)
        return out

    s = book.scoring
    scoring: dict[str, Any] = {
        "weights": {k: number(v) for k, v in s.weights},
        "grade_ratios": {k: number(v) for k, v in s.grade_ratios},
        "rounding": {"places": str(s.places), "mode": s.rounding},
        "on_gap": s.on_gap,
        **s.scheme.as_data(),
    }
    data: dict[str, Any] = {
        "perfeval": book.version,
        "department": {"code": book.department_code, "name": book.department_name},
        "year": str(book.year),
        "scoring": scoring,
    }
    if book.goals:
        data["goals"] = [_drop_none({"name": g.name, "goal": g.goal,
                                     "indicators": [indicator(i) for i in g.indicators]})
                         for g in book.goals]
    if book.activities:
        data["activities"] = [_drop_none({"code": a.code, "name": a.name, "description": a.description, "goal": a.goal,
                                          "indicators": [indicator(i) for i in a.indicators]})
                              for a in book.activities]
    if book.projects:
        data["projects"] = [_drop_none({"name": p.name, "goal": p.goal, "budget": p.budget,
                                        "indicators": [indicator(i) for i in p.indicators]})
                            for p in book.projects]
    return data


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}
