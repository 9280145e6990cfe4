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

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from .._suggest import did_you_mean
from ..errors import Diagnostic, Location
from ..evaluate.ladder import Ladder
from ..evaluate.scheme import Scheme
from ..evaluate.target import Target
from ..rounding import DEFAULT_MODE, DEFAULT_PLACES
from ..rules import DEFAULT_WEIGHTS, GRADE_RATIOS, SUFFIX_WORDS

if TYPE_CHECKING:  # for type hints only: grading builds on this module, not the reverse
    from ..grading.report import Report

__all__ = ["Book", "Goal", "Activity", "Project", "Indicator", "Scoring", "FORMAT_VERSION", "origin_data"]

FORMAT_VERSION = "1"
Path = tuple[str | int, ...]
Locate = Callable[[Path], Location | None]

# --- the format's keys: name → required.  docs/format.md and the JSON
# schema describe the same keys; a test holds them together.
TOP_KEYS = {"perfeval": True, "department": True, "year": True, "units": False, "scoring": False, "goals": False,
            "activities": False, "projects": False}
DEPARTMENT_KEYS = {"code": False, "name": True, "framework": False}
FRAMEWORK_KEYS = {"name": True, "weight": True, "indicators": True}
# The scoring section: the book's own options, then every option of the scheme.
SCHEME_OPTIONS = tuple(f.name for f in attrs.fields(Scheme))
SCORING_KEYS = {"preset": False, "weights": False, "grade_ratios": False, "rounding": False, "on_gap": False,
                **dict.fromkeys(SCHEME_OPTIONS, False)}
ROUNDING_KEYS = {"places": False, "mode": False}
OVERRIDE_KEYS = {"id": False, "unit": False, "direction": False, "weight": False, "origin": False}
# Where an imported indicator came from (``perfeval import``): the published
# file, and its line, or its table, row and cell (1-based).
ORIGIN_KEYS = {"file": True, "line": False, "table": False, "row": False, "cell": False}
GOAL_KEYS = {"name": True, "goal": False, "indicators": True}
GOAL_INDICATOR_KEYS = {"name": True, "target": True, "source": False, **OVERRIDE_KEYS}
ACTIVITY_KEYS = {"code": True, "name": True, "description": False, "goal": False, "indicators": True}
ACTIVITY_INDICATOR_KEYS = {"name": True, "description": False, "ladder": True, "on_gap": False, **OVERRIDE_KEYS}
PROJECT_KEYS = {"name": True, "goal": False, "budget": False, "indicators": True}
PROJECT_INDICATOR_KEYS = {"group": True, "subgroup": True, "name": True, "description": False, "target": True,
                          "basis": False, **OVERRIDE_KEYS}
# An indicator under its 一级 and 二级 headings (a project's ``indicators:``
# as a mapping): the headings give its group and subgroup.
HEADED_KEYS = ("group", "subgroup")
NESTED_INDICATOR_KEYS = {k: v for k, v in PROJECT_INDICATOR_KEYS.items() if k not in HEADED_KEYS}
# A target in split columns, as many provinces publish it (rules §2):
# ``{op: "≥", value: "95", unit: "%"}`` means ``≥95%``.
TARGET_PARTS_KEYS = {"op": False, "value": True, "unit": False}
# The op that marks a qualitative target (定性): its value is the words.
QUALITATIVE_OP = "定性"


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

    ``target`` is the text the target means.  ``target_parts`` keeps the
    split columns it was written in (``(("op", "≥"), ("value", "95"),
    ("unit", "%"))``), or ``None`` for the joined form; the form is how the
    file was written, so :func:`perfeval.dump` keeps it, but it takes no
    part in equality: ``≥95%`` means the same either way (rules §2).
    """

    id: str
    owner: str  # the activity code, project name or goal name
    name: str
    kind: str
    ladder: tuple[tuple[str, str], ...] = ()
    target: str | None = None
    target_parts: tuple[tuple[str, str], ...] | None = attrs.field(default=None, eq=False)
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
    # Where an imported indicator was published (file, table, row, cell); like
    # the location, it takes no part in comparing books.
    origin: Location | None = attrs.field(default=None, eq=False, repr=False)
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
    """A project (项目) and its single-target indicators.

    ``nested`` says the file gave the indicators under their 一级 and 二级
    headings rather than as a flat list; like ``Indicator.target_parts`` it
    is the file's layout, kept by :func:`perfeval.dump`, and takes no part
    in equality.
    """

    name: str
    goal: str | None
    budget: str | None
    indicators: tuple[Indicator, ...]
    nested: bool = attrs.field(default=False, eq=False)


@attrs.frozen
class FrameworkBlock:
    """A block of a department's framework (决策 25 / 管理 30 / 绩效 45, as
    达州 scores it, docs/presets.md): its name, its points and the ids of the
    indicators it holds."""

    name: str
    weight: Decimal
    indicators: tuple[str, ...]


@attrs.frozen
class Book:
    """A department's compiled definitions for one budget year.

    ``department_code`` is ``None`` when the file gives none; ``units`` are
    the counting units the book declares (``units: [门, 批]``), which every
    target and ladder of the book knows (rules §2).
    """

    version: str
    department_code: str | None
    department_name: str
    year: int
    scoring: Scoring
    goals: tuple[Goal, ...] = ()
    activities: tuple[Activity, ...] = ()
    projects: tuple[Project, ...] = ()
    units: tuple[str, ...] = ()
    framework: tuple[FrameworkBlock, ...] = ()  # the department's blocks, for scoring: {department: framework}
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


def joined_target(parts: Mapping[str, str | None]) -> str:
    """The text a target in split columns means (rules §2): the op, the
    value and the unit joined, a suffix word such as 以上 or 以内 after the
    unit; under the op 定性 the value is the words.

    >>> joined_target({"op": "≥", "value": "95", "unit": "%"})
    '≥95%'
    >>> joined_target({"op": "以上", "value": "8000", "unit": "人"})
    '8000人以上'
    >>> joined_target({"op": "定性", "value": "严格落实相关政策"})
    '严格落实相关政策'
    """
    return "".join(text for _, text in target_segments(parts))


def target_segments(parts: Mapping[str, str | None]) -> list[tuple[str, str]]:
    """The parts of a split target in the order :func:`joined_target` joins
    them, each with its key: where a character of the joined text was
    written."""
    op, value, unit = (parts.get(key) or "" for key in TARGET_PARTS_KEYS)
    if op == QUALITATIVE_OP:
        return [("value", value)]
    order = ("value", "unit", "op") if op in SUFFIX_WORDS else ("op", "value", "unit")
    if unit and value.strip().endswith(unit.strip()):
        unit = ""  # published tables often repeat the unit in the value cell: 100% beside a 度量单位 of %
    texts = {"op": op, "value": value, "unit": unit}
    return [(key, texts[key]) for key in order if texts[key]]


def _to_data(book: Book) -> dict[str, Any]:
    def number(d: Decimal) -> str:
        return format(d, "f")

    def indicator(i: Indicator, headed: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if i.explicit_id:
            out["id"] = i.id
        if i.group is not None and not headed:
            out["group"] = i.group
        if i.subgroup is not None and not headed:
            out["subgroup"] = i.subgroup
        out["name"] = i.name
        if i.description is not None:
            out["description"] = i.description
        if i.kind == "ladder":
            out["ladder"] = dict(i.ladder)
        elif i.target_parts is not None:
            out["target"] = dict(i.target_parts)
        else:
            out["target"] = i.target
        for key in ("basis", "source", "unit", "direction", "on_gap"):
            if getattr(i, key) is not None:
                out[key] = getattr(i, key)
        if i.weight is not None:
            out["weight"] = number(i.weight)
        if i.origin is not None:
            out["origin"] = origin_data(i.origin)
        return out

    def headed(project: Project) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """The indicators under their 一级 and 二级 headings, in file order."""
        out: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for i in project.indicators:
            out.setdefault(i.group or "", {}).setdefault(i.subgroup or "", []).append(indicator(i, headed=True))
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
        "department": _drop_none({"code": book.department_code, "name": book.department_name,
                                  "framework": [{"name": b.name, "weight": number(b.weight),
                                                 "indicators": list(b.indicators)} for b in book.framework]
                                  or None}),
        "year": str(book.year),
    }
    if book.units:
        data["units"] = list(book.units)
    data["scoring"] = scoring
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
                                        "indicators": headed(p) if p.nested else [indicator(i) for i in p.indicators]})
                            for p in book.projects]
    return data


def origin_data(where: Location) -> dict[str, str]:
    """An origin as the file format writes it: ``{file: …, table: "3", row: "5"}``."""
    fields = {"file": where.source, "line": where.line, "table": where.table, "row": where.row, "cell": where.cell}
    return {k: str(v) for k, v in fields.items() if v is not None}


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}
