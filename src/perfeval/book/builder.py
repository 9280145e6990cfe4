"""Building a :class:`~perfeval.book.Book` from plain data.

The builder takes the mapping a YAML file, a JSON document or a finance
application provides.  It checks the structure (unknown keys with a
suggestion, missing keys, wrong types, duplicate codes and ids), compiles
every ladder and target, and collects every problem with where it is,
rather than stopping at the first.  Where a problem is comes from a
``locate(path)`` function the I/O layer supplies; this module knows nothing
of files.

>>> try:
...     build({"perfeval": "1"})
... except BookError as error:
...     print([p.code for p in error.problems])
['missing-key', 'missing-key']
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, TypeVar

import attrs

from .._arith import EXACT
from .._suggest import did_you_mean
from ..codes import Code
from ..errors import BookError, DefinitionError, Diagnostic, Location, NotationError
from ..evaluate.ladder import GAP_POLICIES, Ladder, bands
from ..evaluate.scheme import Scheme
from ..evaluate.target import Target, target
from ..limits import within_number_limits
from ..notation.tokenizer import normalize
from ..rounding import DEFAULT_MODE, DEFAULT_PLACES, ROUNDING_MODES
from ..rules import (
    COMBINED_GROUPS,
    DEFAULT_WEIGHTS,
    FIRST_LEVEL_GROUPS,
    FULL_MARKS,
    GRADE_RATIOS,
    GRADES,
    PRESETS,
    direction_of,
    first_level,
    members_of,
    scored_groups,
)
from .inputs import read_amount
from .model import (
    ACTIVITY_INDICATOR_KEYS,
    ACTIVITY_KEYS,
    DEPARTMENT_KEYS,
    FORMAT_VERSION,
    FRAMEWORK_KEYS,
    GOAL_INDICATOR_KEYS,
    GOAL_KEYS,
    HEADED_KEYS,
    NESTED_INDICATOR_KEYS,
    ORIGIN_KEYS,
    PROJECT_INDICATOR_KEYS,
    PROJECT_KEYS,
    QUALITATIVE_OP,
    ROUNDING_KEYS,
    SCHEME_OPTIONS,
    SCORING_KEYS,
    TARGET_PARTS_KEYS,
    TOP_KEYS,
    Activity,
    Book,
    FrameworkBlock,
    Goal,
    Indicator,
    Locate,
    Path,
    Project,
    Scoring,
    joined_target,
    target_segments,
)

__all__ = ["build"]

_Owner = TypeVar("_Owner", Goal, Activity, Project)


# A line, table, row or cell number in an origin: no published file has more.
_MAX_POSITION = Decimal(10**9)


def build(document: Any, *, locate: Locate | None = None, source: str | None = None) -> Book:
    """Build a :class:`Book` from plain data, or raise :class:`BookError`
    with every problem found.  ``locate(path)`` names where a value came from
    (``file:line:col``); ``source`` names the document in messages."""
    builder = _Builder(locate or (lambda path: None))
    book = builder.book(document, source)
    if book is None or any(p.severity == "error" for p in builder.problems):
        raise BookError(builder.problems, source)
    return attrs.evolve(book, diagnostics=tuple(builder.problems))


class _Builder:
    def __init__(self, locate: Locate) -> None:
        self.locate = locate
        self.problems: list[Diagnostic] = []
        self.units: tuple[str, ...] = ()  # the counters the book declares, for every target and ladder
        self.evaluators: dict[tuple[Any, ...], Ladder | Target] = {}  # each distinct definition, compiled once

    # --- reporting
    def report(self, path: Path, code: str, message: str, severity: str = "error", subject: str | None = None) -> None:
        self.problems.append(Diagnostic(code, severity, message, subject, self.locate(path)))

    # --- structure
    def mapping(self, value: Any, path: Path, keys: Mapping[str, bool], what: str) -> dict[Any, Any] | None:
        if not isinstance(value, Mapping):
            if not path:  # not an indicator file at all: say so, and quote none of it (issue 10, item 13)
                where = self.locate(path)
                self.problems.append(Diagnostic(
                    Code.WRONG_TYPE, "error", f"{what} must be a mapping (an indicator file starts with "
                    f"'perfeval: 1'), not {type(value).__name__}",
                    location=None if where is None else attrs.evolve(where, line_text=None)))
                return None
            self.report(path, Code.WRONG_TYPE, f"{what} must be a mapping, not {_kind(value)}")
            return None
        suggested = set()
        for key in value:
            if key not in keys:
                unused = [k for k in keys if k not in value]
                close = difflib.get_close_matches(str(key), unused, n=1, cutoff=0.4)
                hint = did_you_mean(str(key), close, 1) or f"; {what} takes {', '.join(keys)}"
                self.report((*path, key), Code.UNKNOWN_KEY, f"unknown key {key!r} in {what}{hint}")
                suggested.update(close)
        for key, required in keys.items():
            # A misspelt required key is one problem, reported above with its suggestion.
            if required and key not in value and key not in suggested:
                self.report(path, Code.MISSING_KEY, f"{what} needs {key!r}")
            elif required and key in value and value[key] is None:
                self.report((*path, key), Code.MISSING_KEY, f"{key!r} in {what} is empty")
        return dict(value)

    def sequence(self, value: Any, path: Path, what: str) -> list[Any]:
        if value is None or value == "":
            return []
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            self.report(path, Code.WRONG_TYPE, f"{what} must be a list, not {_kind(value)}")
            return []
        return list(value)

    def text(self, value: Any, path: Path, what: str, required: bool = False) -> str | None:
        if value is None:  # absent or empty: mapping() reports it where a key is required
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            # YAML read as text never gets here; plain data from code might.
            self.report(path, Code.WRONG_TYPE, f"{what} must be text, not {_kind(value)}")
            return None
        text = str(value).strip()
        if required and not text:
            self.report(path, Code.MISSING_KEY, f"{what} is empty")
        return text

    def number(self, value: Any, path: Path, what: str, low: Decimal | None = Decimal(0),
               high: Decimal | None = None) -> Decimal | None:
        if value is None:
            return None
        try:
            number = Decimal(str(value).strip()) if not isinstance(value, bool) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not within_number_limits(number):
            self.report(path, Code.WRONG_TYPE, f"{what} must be a number, not {value!r}")
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"[{low}, {high}]" if high is not None else f"at least {low}"
            self.report(path, Code.OUT_OF_RANGE, f"{what} must be {bounds}, not {value}")
            return None
        return number

    def origin(self, value: Any, path: Path) -> Location | None:
        """An imported indicator's origin: ``{file, line, table, row, cell}``."""
        raw = self.mapping(value, path, ORIGIN_KEYS, "origin")
        if raw is None:
            return None
        file = self.text(raw.get("file"), (*path, "file"), "origin file", True)
        numbers = {key: self.number(raw.get(key), (*path, key), f"origin {key}", Decimal(1), _MAX_POSITION)
                   for key in ("line", "table", "row", "cell")}
        if not file:
            return None
        whole = {key: int(n) for key, n in numbers.items() if n is not None and n == n.to_integral_value()}
        for key in numbers.keys() - whole.keys():
            if numbers[key] is not None:
                self.report((*path, key), Code.WRONG_TYPE, f"origin {key} must be a whole number")
        return Location(file, line=whole.get("line"), table=whole.get("table"), row=whole.get("row"),
                        cell=whole.get("cell"))

    def choice(self, value: Any, path: Path, what: str, choices: Sequence[str]) -> str | None:
        text = self.text(value, path, what)
        if text is not None and text not in choices:
            self.report(path, Code.BAD_VALUE, f"{what} must be one of {', '.join(choices)}, not {text!r}")
            return None
        return text

    # --- the book
    def book(self, document: Any, source: str | None) -> Book | None:
        top = self.mapping(document, (), TOP_KEYS, "the file")
        if top is None:
            return None
        version = self.text(top.get("perfeval"), ("perfeval",), "perfeval (the format version)")
        if version is not None and version != FORMAT_VERSION:
            self.report(("perfeval",), Code.BAD_VALUE,
                        f"format version {version!r} is not known; this perfeval reads {FORMAT_VERSION!r}")
        department = ((self.mapping(top["department"], ("department",), DEPARTMENT_KEYS, "department")
                       if "department" in top else None) or {})
        code = self.text(department.get("code"), ("department", "code"), "department code") or None
        name = self.text(department.get("name"), ("department", "name"), "department name") or ""
        year_value = self.number(top.get("year"), ("year",), "year", Decimal(1900), Decimal(2999))
        year = int(year_value) if year_value is not None and year_value == int(year_value) else None
        if year_value is not None and year is None:
            self.report(("year",), Code.WRONG_TYPE, f"year must be a whole year, not {top.get('year')!r}")
        self.units = self.declared_units(top.get("units"), ("units",))
        scoring = self.scoring(top.get("scoring"), ("scoring",))
        goals = tuple(g for i, raw in enumerate(self.sequence(top.get("goals"), ("goals",), "goals"))
                      if (g := self.goal(raw, ("goals", i), year, scoring)) is not None)
        activities = self.activities(top.get("activities"), year, scoring)
        projects = tuple(p for i, raw in enumerate(self.sequence(top.get("projects"), ("projects",), "projects"))
                         if (p := self.project(raw, ("projects", i), year, scoring)) is not None)
        self.check_unique_projects(top.get("projects"))
        self.check_weights(scoring, goals, activities, projects)
        self.assign_ids(goals, activities, projects)
        if year is None:
            return None
        parts = self.with_ids(goals, activities, projects)
        framework = self.framework(department.get("framework"), parts, scoring)
        return Book(version or FORMAT_VERSION, code, name, year, scoring, *parts, units=self.units,
                    framework=framework, source=source)

    def framework(self, value: Any, parts: tuple[tuple[Goal, ...], tuple[Activity, ...], tuple[Project, ...]],
                  scoring: Scoring) -> tuple[FrameworkBlock, ...]:
        """The department's framework blocks (决策 25 / 管理 30 / 绩效 45): each
        names its points and its indicators by id, and the points add up to
        100.  A book that scores by framework must give them."""
        path: Path = ("department", "framework")
        known = {i.id for part in parts for owner in part for i in owner.indicators}
        blocks: list[FrameworkBlock] = []
        for n, item in enumerate(self.sequence(value, path, "framework")):
            raw = self.mapping(item, (*path, n), FRAMEWORK_KEYS, "a framework block")
            if raw is None:
                continue
            name = self.text(raw.get("name"), (*path, n, "name"), "block name", True) or ""
            weight = self.number(raw.get("weight"), (*path, n, "weight"), "block weight", Decimal(0), FULL_MARKS)
            ids = []
            for k, ident in enumerate(self.sequence(raw.get("indicators"), (*path, n, "indicators"), "indicators")):
                text = self.text(ident, (*path, n, "indicators", k), "indicator id") or ""
                if text not in known:
                    self.report((*path, n, "indicators", k), Code.UNKNOWN_ID,
                                f"no indicator {text!r}{did_you_mean(text, known)}")
                ids.append(text)
            blocks.append(FrameworkBlock(name, weight or Decimal(0), tuple(ids)))
        if blocks and _exact_sum(b.weight for b in blocks) != FULL_MARKS:
            self.report(path, Code.BAD_WEIGHTS, f"the framework blocks add up to "
                        f"{_shown(_exact_sum(b.weight for b in blocks))}, not {FULL_MARKS}")
        if scoring.scheme.department == "framework" and not blocks:
            self.report(("scoring", "department"), Code.MISSING_KEY,
                        "the department is scored by framework, but department.framework lists no blocks")
        return tuple(blocks)

    def declared_units(self, value: Any, path: Path) -> tuple[str, ...]:
        """The counting units a book declares (``units: [门, 批]``, rules §2):
        words, each once."""
        found: list[str] = []
        for i, item in enumerate(self.sequence(value, path, "units")):
            unit = self.text(item, (*path, i), "a declared unit", True)
            if not unit:
                continue
            if any(c.isdigit() or c.isspace() for c in unit):
                self.report((*path, i), Code.BAD_VALUE,
                            f"a declared unit is a counting word such as 门 or 批, not {unit!r}")
            elif unit not in found:
                found.append(unit)
        return tuple(found)

    def scoring(self, value: Any, path: Path) -> Scoring:
        if value is None:
            return Scoring()
        raw = self.mapping(value, path, SCORING_KEYS, "scoring")
        if raw is None:
            return Scoring()
        raw = self.preset(raw, path)
        weights = dict(DEFAULT_WEIGHTS)
        if "weights" in raw:
            keys = (*FIRST_LEVEL_GROUPS, *COMBINED_GROUPS)
            given = self.mapping(raw["weights"], (*path, "weights"), dict.fromkeys(keys, False),
                                 "scoring weights") or {}
            weights = {k: w for k in keys if k in given
                       and (w := self.number(given[k], (*path, "weights", k), f"weight of {k}")) is not None}
            added = _exact_sum(weights.values())
            if len(weights) == len(given) and added != FULL_MARKS:
                self.report((*path, "weights"), Code.BAD_WEIGHTS,
                            f"the first-level weights add up to {_shown(added)}, not {FULL_MARKS}")
            covered = [g for k in weights for g in members_of(k)]
            twice = sorted({g for g in covered if covered.count(g) > 1})
            if twice:  # 效益 alone and in 效益+满意度: which weight would it take?
                self.report((*path, "weights"), Code.BAD_WEIGHTS, f"{'、'.join(twice)} is weighted twice")
        ratios = dict(GRADE_RATIOS)
        if "grade_ratios" in raw:
            given = self.mapping(raw["grade_ratios"], (*path, "grade_ratios"), dict.fromkeys(GRADES, True),
                                 "grade_ratios") or {}
            for grade in GRADES:
                r = self.number(given.get(grade), (*path, "grade_ratios", grade), f"ratio of {grade}",
                                Decimal(0), Decimal(1))
                if r is not None:
                    ratios[grade] = r
        places, mode = DEFAULT_PLACES, DEFAULT_MODE
        if "rounding" in raw:
            given = self.mapping(raw["rounding"], (*path, "rounding"), ROUNDING_KEYS, "rounding") or {}
            p = self.number(given.get("places"), (*path, "rounding", "places"), "rounding places", Decimal(0),
                            Decimal(6))
            if p is not None and p != p.to_integral_value(context=EXACT):
                self.report((*path, "rounding", "places"), Code.WRONG_TYPE, f"rounding places must be whole, not {p}")
            places = int(p) if p is not None else DEFAULT_PLACES
            mode = self.choice(given.get("mode"), (*path, "rounding", "mode"), "rounding mode",
                               tuple(ROUNDING_MODES)) or DEFAULT_MODE
        scheme = self.scheme(raw, path)
        on_gap = self.choice(raw.get("on_gap"), (*path, "on_gap"), "on_gap", GAP_POLICIES) or "next_lower"
        return Scoring(tuple(weights.items()), tuple(ratios.items()), places, mode, scheme, on_gap)

    def preset(self, raw: dict[str, Any], path: Path) -> dict[str, Any]:
        """The scoring options of a named preset (docs/presets.md), under the
        ones the book also gives."""
        name = raw.get("preset")
        if name is None:
            return raw
        if name not in PRESETS:
            self.report((*path, "preset"), Code.BAD_VALUE,
                        f"no preset {name!r}{did_you_mean(str(name), PRESETS)}; the presets are {', '.join(PRESETS)}")
            return raw
        return {**PRESETS[name], **raw}

    def scheme(self, raw: Mapping[str, Any], path: Path) -> Scheme:
        """The scoring scheme.  :class:`Scheme` checks its own options, so
        that a book and the API accept the same; what it refuses is reported
        at its key, here."""
        options: dict[str, Any] = {}
        for key in SCHEME_OPTIONS:
            if key not in raw or raw[key] is None:
                continue
            value = raw[key]
            if key == "late_ratios" and not isinstance(value, Mapping):
                self.report((*path, key), Code.WRONG_TYPE, "late_ratios must map days late to a ratio")
                continue
            try:
                Scheme.of({key: value})
            except DefinitionError as error:
                self.report((*path, key), error.code, error.message)
                continue
            options[key] = value
        try:
            return Scheme.of(options)
        except DefinitionError as error:  # pragma: no cover - each option passed alone; together they agree
            self.report(path, error.code, error.message)
            return Scheme()

    def goal(self, value: Any, path: Path, year: int | None, scoring: Scoring) -> Goal | None:
        raw = self.mapping(value, path, GOAL_KEYS, "a goal")
        if raw is None:
            return None
        name = self.text(raw.get("name"), (*path, "name"), "goal name", True) or ""
        indicators = tuple(
            i for j, item in enumerate(self.sequence(raw.get("indicators"), (*path, "indicators"), "indicators"))
            if (i := self.indicator(item, (*path, "indicators", j), name, GOAL_INDICATOR_KEYS, year, scoring))
        )
        return Goal(name, self.text(raw.get("goal"), (*path, "goal"), "goal"), indicators)

    def activities(self, value: Any, year: int | None, scoring: Scoring) -> tuple[Activity, ...]:
        found: list[Activity] = []
        codes: dict[str, Path] = {}
        for i, item in enumerate(self.sequence(value, ("activities",), "activities")):
            path = ("activities", i)
            raw = self.mapping(item, path, ACTIVITY_KEYS, "an activity")
            if raw is None:
                continue
            code = self.text(raw.get("code"), (*path, "code"), "activity code", True) or ""
            if code in codes:
                first = self.locate(codes[code])
                self.report((*path, "code"), Code.DUPLICATE_CODE,
                            f"activity code {code!r} is used twice" + (f"; first at {first}" if first else ""))
            codes.setdefault(code, (*path, "code"))
            indicators = tuple(
                ind for j, entry in enumerate(self.sequence(raw.get("indicators"), (*path, "indicators"), "indicators"))
                if (ind := self.indicator(entry, (*path, "indicators", j), code, ACTIVITY_INDICATOR_KEYS, year,
                                          scoring))
            )
            found.append(Activity(code, self.text(raw.get("name"), (*path, "name"), "activity name", True) or "",
                                  self.text(raw.get("description"), (*path, "description"), "description"),
                                  self.text(raw.get("goal"), (*path, "goal"), "goal"), indicators))
        return tuple(found)

    def project(self, value: Any, path: Path, year: int | None, scoring: Scoring) -> Project | None:
        raw = self.mapping(value, path, PROJECT_KEYS, "a project")
        if raw is None:
            return None
        name = self.text(raw.get("name"), (*path, "name"), "project name", True) or ""
        budget = self.text(raw.get("budget"), (*path, "budget"), "budget")
        if budget:
            self.check_budget(budget, (*path, "budget"))
        given = raw.get("indicators")
        items = (self.headed(given, (*path, "indicators")) if isinstance(given, Mapping) else
                 [(item, (*path, "indicators", j), None)
                  for j, item in enumerate(self.sequence(given, (*path, "indicators"), "indicators"))])
        indicators = tuple(
            i for item, where, heading in items
            if (i := self.indicator(item, where, name, PROJECT_INDICATOR_KEYS if heading is None
                                    else NESTED_INDICATOR_KEYS, year, scoring, heading))
        )
        return Project(name, self.text(raw.get("goal"), (*path, "goal"), "goal"), budget, indicators,
                       nested=isinstance(given, Mapping))

    def headed(self, value: Mapping[Any, Any], path: Path) -> list[tuple[Any, Path, tuple[str, str]]]:
        """A project's indicators under their headings, as the published
        tables set them out: ``{产出指标: {数量指标: [indicator, …], …}, …}``.
        Each indicator comes with its (group, subgroup) and where it is."""
        items: list[tuple[Any, Path, tuple[str, str]]] = []
        for group, subgroups in value.items():
            where = (*path, group)
            group_text = self.text(group, where, "a 一级指标 heading", True)
            if group_text and first_level(group_text) is None:
                self.report(where, Code.UNKNOWN_GROUP,
                            f"heading {group_text!r} is not a 一级指标: {', '.join(FIRST_LEVEL_GROUPS[:-1])}")
            if not isinstance(subgroups, Mapping):
                self.report(where, Code.WRONG_TYPE,
                            f"under the 一级指标 {group!r}, give a mapping from 二级指标 to indicators, "
                            f"not {_kind(subgroups)}")
                continue
            for subgroup, listed in subgroups.items():
                subgroup_text = self.text(subgroup, (*where, subgroup), "a 二级指标 heading", True)
                heading = (group_text or "", subgroup_text or "")
                items += [(item, (*where, subgroup, k), heading)
                          for k, item in enumerate(self.sequence(listed, (*where, subgroup),
                                                                 f"the indicators under {subgroup!r}"))]
        return items

    def check_unique_projects(self, raw: Any) -> None:
        """Project names key budget figures and ids: two projects of one name is an error."""
        seen: dict[str, Path] = {}
        for i, item in enumerate(self.sequence(raw, ("projects",), "projects")):
            name = item.get("name") if isinstance(item, Mapping) else None
            if not isinstance(name, str):
                continue
            if name.strip() in seen:
                first = self.locate(seen[name.strip()])
                self.report(("projects", i, "name"), Code.DUPLICATE_PROJECT,
                            f"project {name!r} is given twice" + (f"; first at {first}" if first else ""))
            seen.setdefault(name.strip(), ("projects", i, "name"))

    def check_weights(self, scoring: Scoring, goals: tuple[Goal, ...], activities: tuple[Activity, ...],
                      projects: tuple[Project, ...]) -> None:
        """Given weights are points (分值) inside their group: together they
        may not exceed it; given for every indicator, they are its split and
        are scaled to the group's total when they do not add up to it."""
        group_weights = dict(scoring.weights)
        groups: list[tuple[str, Decimal, list[Indicator]]] = []
        owners: tuple[Goal | Activity, ...] = (*goals, *activities)
        for owner in owners:
            groups.append((f"{owner.code if isinstance(owner, Activity) else owner.name}", FULL_MARKS,
                           list(owner.indicators)))
        for project in projects:
            for g in scored_groups(group_weights):
                members = [i for i in project.indicators if first_level(i.group) in members_of(g)]
                if members:
                    groups.append((f"{project.name} {g}", group_weights.get(g, Decimal(0)), members))
        for label, total, members in groups:
            given = [i.weight for i in members if i.weight is not None]
            if not given:
                continue
            where = next(i.location for i in members if i.weight is not None)
            added = _exact_sum(given)  # exact, whatever the caller's decimal context
            if added > total:
                self.problems.append(Diagnostic(Code.WEIGHTS_EXCEED, "error",
                                                f"{label}: the given weights add up to {_shown(added)}, over the "
                                                f"{total} points the group has", None, where))
            elif len(given) == len(members) and added != total:
                self.problems.append(Diagnostic(Code.WEIGHTS_RESCALED, "warning",
                                                f"{label}: the weights add up to {_shown(added)}; they are scaled to "
                                                f"{total}", None, where))

    def check_budget(self, budget: str, path: Path) -> None:
        """A project's budget is an amount of money, read as budget files read
        it: a bare number is in 万元 (rules §5: the form states money in 万元)."""
        try:
            read_amount(budget)
        except NotationError as error:
            self.report(path, error.code, f"budget {budget!r}: {error.message}")

    # --- indicators
    def indicator(self, value: Any, path: Path, owner: str, keys: Mapping[str, bool], year: int | None,
                  scoring: Scoring, heading: tuple[str, str] | None = None) -> Indicator | None:
        what = "an indicator"
        if heading is not None and isinstance(value, Mapping):
            # Under its headings, an indicator's group and subgroup are the headings'.
            for key, given in zip(HEADED_KEYS, heading, strict=True):
                if key in value:
                    self.report((*path, key), Code.UNKNOWN_KEY,
                                f"{key!r} is given by the heading {given!r} above this indicator; leave it out")
            value = {k: v for k, v in value.items() if k not in HEADED_KEYS}
        raw = self.mapping(value, path, keys, what)
        if raw is None:
            return None
        def text(key: str) -> str | None:
            return self.text(raw.get(key), (*path, key), key)

        name = self.text(raw.get("name"), (*path, "name"), "indicator name", True) or ""
        explicit = text("id")
        direction = text("direction")
        if direction is not None:
            try:
                direction = direction_of(direction)
            except DefinitionError as error:
                self.report((*path, "direction"), error.code, error.message)  # as the API says it
                direction = None
        unit = text("unit")
        weight = self.number(raw.get("weight"), (*path, "weight"), "weight", Decimal(0), FULL_MARKS)
        on_gap = self.choice(raw.get("on_gap"), (*path, "on_gap"), "on_gap", GAP_POLICIES) if "on_gap" in raw else None
        origin = self.origin(raw["origin"], (*path, "origin")) if "origin" in raw else None
        common: dict[str, Any] = dict(id=explicit or "", owner=owner, name=name, description=text("description"),
                                      unit=unit, direction=direction, weight=weight, explicit_id=explicit is not None,
                                      origin=origin)
        compile_: Callable[[], Ladder | Target]
        units = self.units
        if "ladder" in keys:
            ladder = self.ladder(raw.get("ladder"), (*path, "ladder"))
            indicator = Indicator(kind="ladder", ladder=ladder, on_gap=on_gap, **common)
            compile_ = self.once(("ladder", ladder, direction, on_gap or scoring.on_gap, year, unit, units),
                                 lambda: bands(ladder, direction=direction, on_gap=on_gap or scoring.on_gap,
                                               year=year, unit=unit, units=units))
            return self.compiled(indicator, compile_, path, (*path, "ladder"))
        where = (*path, "target")
        parts = self.target_parts(raw.get("target"), where)
        columns = dict(parts or ())
        if parts is None:
            target_text = self.text(raw.get("target"), where, "target", True)
        else:  # without its value, the mapping has been reported
            target_text = joined_target(columns) if "value" in columns else None
        group, subgroup = heading if heading is not None else (text("group"), text("subgroup"))
        indicator = Indicator(kind="target", target=target_text, target_parts=parts, group=group, subgroup=subgroup,
                              basis=text("basis"), source=text("source"), **common)
        if "group" in keys and raw.get("group") is not None and first_level(indicator.group) is None:
            self.report((*path, "group"), Code.UNKNOWN_GROUP,
                        f"group {indicator.group!r} is not a 一级指标: {', '.join(FIRST_LEVEL_GROUPS[:-1])}")
        if not target_text:
            return attrs.evolve(indicator, location=self.locate(path))
        compile_ = self.once(("target", target_text, name, group, subgroup, year, scoring.scheme, direction, unit,
                              units),
                             lambda: target(target_text, name=name, group=group, subgroup=subgroup, year=year,
                                            scheme=scoring.scheme, direction=direction, unit=unit, units=units))
        built = self.compiled(indicator, compile_, path, where, None if parts is None else target_segments(columns))
        if columns.get("op") == QUALITATIVE_OP and isinstance(built.evaluator, Target) \
                and built.evaluator.kind != "words":
            self.report((*where, "value"), Code.BAD_VALUE,
                        f"the op {QUALITATIVE_OP} marks a qualitative target, but {target_text!r} reads as "
                        f"{built.evaluator.normalized}; give its operator instead")
        return built

    def target_parts(self, value: Any, path: Path) -> tuple[tuple[str, str], ...] | None:
        """A target in split columns, ``{op: "≥", value: "95", unit: "%"}``
        (rules §2), as its written parts; ``None`` for a target written as
        one text.  The op may be left out for a bare value; under the op 定性
        the value is the words, and there is no unit."""
        if not isinstance(value, Mapping):
            return None
        given = self.mapping(value, path, TARGET_PARTS_KEYS, "a target in columns (op, value, unit)") or {}
        parts = tuple((key, written) for key in TARGET_PARTS_KEYS
                      if (written := self.text(given.get(key), (*path, key), f"the target's {key}",
                                               TARGET_PARTS_KEYS[key])))
        found = dict(parts)
        if found.get("op") == QUALITATIVE_OP and "unit" in found:
            self.report((*path, "unit"), Code.BAD_VALUE,
                        f"a qualitative ({QUALITATIVE_OP}) target has no unit; leave out {found['unit']!r}")
        return parts

    def ladder(self, value: Any, path: Path) -> tuple[tuple[str, str], ...]:
        if isinstance(value, Mapping):
            pairs = []
            for grade, text in value.items():
                if grade not in GRADES:
                    self.report((*path, grade), Code.UNKNOWN_KEY,
                                f"unknown grade {grade!r}; a ladder's grades are {', '.join(GRADES)}")
                    continue
                pairs.append((grade, self.text(text, (*path, grade), f"band {grade}") or ""))
            return tuple(pairs)
        items = self.sequence(value, path, "a ladder")
        if len(items) > len(GRADES):
            self.report(path, Code.WRONG_TYPE, f"a ladder has at most {len(GRADES)} bands, not {len(items)}")
        return tuple((grade, self.text(text, (*path, k), f"band {grade}") or "")
                     for k, (grade, text) in enumerate(zip(GRADES, items, strict=False)))

    def once(self, key: tuple[Any, ...], compile_: Callable[[], Ladder | Target]) -> Callable[[], Ladder | Target]:
        """``compile_``, run once per distinct definition in the book: a
        compiled ladder or target is frozen data, so indicators defined alike
        (the same text, name, headings and options) share it."""
        def shared() -> Ladder | Target:
            found = self.evaluators.get(key)
            if found is None:
                found = self.evaluators[key] = compile_()
            return found
        return shared

    def compiled(self, indicator: Indicator, compile_: Callable[[], Ladder | Target], path: Path,
                 where: Path, segments: list[tuple[str, str]] | None = None) -> Indicator:
        location = self.locate(path)
        try:
            evaluator = compile_()
        except NotationError as error:
            # The real code, the message, and the text with its span for a caret.
            at = self.band_of(indicator, error.text) if indicator.kind == "ladder" else None
            self.problems.append(Diagnostic(
                error.code, "error", f"{error.message} in {error.text!r}", at,
                self.locate_in(where, at, error, segments), text=error.text, span=error.span))
            return attrs.evolve(indicator, location=location)
        except DefinitionError as error:
            self.problems.extend(attrs.evolve(d, location=self.locate(_sub(where, d.subject)))
                                 for d in error.diagnostics)
            self.report(where, error.code, error.message)
            return attrs.evolve(indicator, location=location)
        diagnostics = tuple(
            attrs.evolve(d, location=self.locate(_sub(where, d.subject if indicator.kind == "ladder" else None)),
                         message=f"{indicator.name}: {d.message}")
            for d in evaluator.diagnostics
        )
        self.problems.extend(diagnostics)
        return attrs.evolve(indicator, evaluator=evaluator, location=location, diagnostics=diagnostics)

    @staticmethod
    def band_of(indicator: Indicator, text: str) -> str | None:
        return next((g for g, t in indicator.ladder if normalize(t) == text or t == text), None)

    def locate_in(self, where: Path, band: str | None, error: NotationError,
                  segments: list[tuple[str, str]] | None = None) -> Location | None:
        """The location of the bad character itself, when the locator can
        say; in a split target, in the part that holds it."""
        path, offset = _sub(where, band), error.span[0]
        if segments:
            for key, text in segments[:-1]:
                if offset < len(text):
                    path = (*where, key)
                    break
                offset -= len(text)
            else:
                path = (*where, segments[-1][0])
        return self.locate((*path, "@", offset)) or self.locate(path)

    # --- ids
    def assign_ids(self, *parts: tuple[Goal | Activity | Project, ...]) -> None:
        """Explicit ids must be unique; default ids are made unique in file order."""
        self.final_ids: dict[int, str] = {}
        taken: set[str] = set()
        items = [ind for part in parts for owner in part for ind in owner.indicators]
        for ind in items:
            if ind.explicit_id:
                if ind.id in taken:
                    self.problems.append(Diagnostic(Code.DUPLICATE_ID, "error", f"id {ind.id!r} is used twice",
                                                    None, ind.location))
                taken.add(ind.id)
        last: dict[str, int] = {}  # the last number given to each name: numbering stays linear
        for ind in items:
            if ind.explicit_id:
                self.final_ids[id(ind)] = ind.id
                continue
            base = f"{ind.owner}/{ind.name}"
            candidate, n = base, last.get(base, 1)
            while candidate in taken:
                n += 1
                candidate = f"{base}#{n}"
            last[base] = n
            taken.add(candidate)
            self.final_ids[id(ind)] = candidate

    def with_ids(self, goals: tuple[Goal, ...], activities: tuple[Activity, ...], projects: tuple[Project, ...]
                 ) -> tuple[tuple[Goal, ...], tuple[Activity, ...], tuple[Project, ...]]:
        def fix(owner: _Owner) -> _Owner:
            return attrs.evolve(owner, indicators=tuple(attrs.evolve(i, id=self.final_ids[id(i)])
                                                        for i in owner.indicators))
        return tuple(map(fix, goals)), tuple(map(fix, activities)), tuple(map(fix, projects))


def _exact_sum(values: Any) -> Fraction:
    return sum((Fraction(v) for v in values), Fraction(0))


def _shown(value: Fraction) -> str:
    """An exact sum for a message: as a decimal where it is one."""
    if value.denominator == 1:
        return str(value.numerator)
    if 10**12 % value.denominator == 0:  # a terminating decimal, as weights are written
        return str(EXACT.divide(Decimal(value.numerator), Decimal(value.denominator)))
    return f"{value.numerator}/{value.denominator}"


def _sub(path: Path, key: str | None) -> Path:
    return path if key is None else (*path, key)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    shown = repr(value)  # a short excerpt: never a whole foreign file in a message
    return f"{type(value).__name__} {shown if len(shown) <= 40 else shown[:39] + '…'}"


