"""The inputs of a graded year: actuals (实际完成值) and budget figures.

Grading takes data, not files: the I/O layer reads files into these same
records.  Every record that cannot be used becomes a located diagnostic and
is kept, so that nothing given is dropped or raised as a ``TypeError``.

>>> problems = []
>>> entries(({"id": "a", "actual": "92%"}, {"id": "b", "actul": "3"}), problems)
[Entry(id='a', actual='92%', note=None, location=None), Entry(id='b', actual=None, note=None, location=None)]
>>> [(p.code, p.message) for p in problems]
[('unknown-key', "'b': unknown key 'actul'; did you mean 'actual'?")]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import reduce
from typing import Any, Literal

import attrs

from .._arith import EXACT
from .._suggest import did_you_mean
from ..codes import Code
from ..errors import Diagnostic, Location, NotationError
from ..evaluate.actuals import Axis
from ..notation.conditions import format_decimal
from ..notation.units import lookup
from ..rules import BUDGET_UNIT

__all__ = ["Entry", "BudgetFigures", "SourceFigures", "entries", "budget_figures", "read_amount", "ENTRY_KEYS",
           "FUNDING_SOURCES"]

ENTRY_KEYS = ("actual", "note")  # besides the id
BUDGET_KEYS = ("project", "source", "budget", "executed", "initial", "summary", "note", "location")
# The sources of a year's funds, as the 自评表 lists them under 年度资金总额
# (其中：当年财政拨款, 上年结转资金, 其他资金).  A budget record may name one in
# its ``source``; the record without a source is the total.
FUNDING_SOURCES = ("当年财政拨款", "上年结转资金", "其他资金")
# Other names of a source: 池州's form says 本年财政拨款 for 当年财政拨款.
SOURCE_ALIASES = {"本年财政拨款": "当年财政拨款"}
# The keys a source record may have: its own figures, no note or summary (those are the total's).
_SOURCE_KEYS = ("project", "source", "budget", "executed", "initial", "location")
_MONEY = Axis(lookup(BUDGET_UNIT))  # amounts without a unit (rules §5: the form states 万元)


@attrs.frozen
class Entry:
    """One actual as given: its value, its note (偏差原因分析) and where it came from."""

    id: str
    actual: Any
    note: str | None = None
    location: Location | None = None


@attrs.frozen
class SourceFigures:
    """One source of a project's funds (当年财政拨款, 上年结转资金 or 其他资金),
    in 元: the 其中 lines of the 自评表's funding block."""

    source: str
    budget: Decimal  # 全年预算数
    executed: Decimal  # 全年执行数
    initial: Decimal | None = None  # 年初预算数
    location: Location | None = None


@attrs.frozen
class BudgetFigures:
    """A project's full-year (adjusted) budget and the amount executed, in 元,
    and, where given, the same figures by source (``sources``, in the order
    of :data:`FUNDING_SOURCES`)."""

    project: str
    budget: Decimal  # 全年预算数 (adjusted)
    executed: Decimal  # 全年执行数
    location: Location | None = None
    note: str | None = None  # 偏差原因分析 of the execution
    initial: Decimal | None = None  # 年初预算数
    summary: str | None = None  # 年度总体目标的实际完成情况
    sources: tuple[SourceFigures, ...] = ()

    def source(self, name: str) -> SourceFigures | None:
        """The figures of one source, if given."""
        return next((s for s in self.sources if s.source == name), None)


def entries(actuals: Any, problems: list[Diagnostic]) -> list[Entry]:
    """Entries from a mapping of id to value (or to ``{"actual": …, "note": …}``),
    or from records with ``id``/``actual``/``note``.  A record that is not
    one of these, or that has a key other than these, is a problem."""
    if actuals is None:
        return []
    if isinstance(actuals, (str, bytes)):
        problems.append(Diagnostic(Code.BAD_RECORD, "error", f"actuals given as text ({_shown(actuals)}); "
                                   "give records, a mapping, or a path to perfeval.grade"))
        return []
    found: list[Entry] = []
    if isinstance(actuals, Mapping):
        for key, value in actuals.items():
            if isinstance(value, Mapping):
                found.append(_entry(str(key), value, problems, None))
            else:
                found.append(Entry(str(key), value))
        return found
    for record in actuals:
        if isinstance(record, Entry):
            note = _text(record.note, "note", _record_problem(problems, record.id, record.location))
            found.append(record if note == record.note else attrs.evolve(record, note=note))
        elif isinstance(record, Mapping) and "id" in record:
            location = record.get("location")
            fields = {k: v for k, v in record.items() if k not in ("id", "location")}
            found.append(_entry(str(record["id"]), fields, problems,
                                location if isinstance(location, Location) else None))
        else:
            problems.append(Diagnostic(Code.BAD_RECORD, "error",
                                       f"an actual record is a mapping with an id, not {_shown(record)}"))
    return found


def _entry(id: str, fields: Mapping[Any, Any], problems: list[Diagnostic], location: Location | None) -> Entry:
    for key in fields:
        if key not in ENTRY_KEYS:  # a typo would otherwise read as a missing actual: say so
            name = str(key)
            problems.append(Diagnostic(Code.UNKNOWN_KEY, "error",
                                       f"{id!r}: unknown key {name!r}{did_you_mean(name, ENTRY_KEYS)}", id, location))
    note = _text(fields.get("note"), "note", _record_problem(problems, id, location))
    return Entry(id, fields.get("actual"), note, location)


def _record_problem(problems: list[Diagnostic], id: str, location: Location | None) -> Callable[[str], None]:
    """Say a problem of one actual's record, located and named by its id."""
    return lambda message: problems.append(Diagnostic(Code.BAD_RECORD, "error", f"{id!r}: {message}", id, location))


def _text(value: Any, what: str, bad: Callable[[str], None]) -> str | None:
    """A note or a summary as text: a number reads as written; a list or a
    mapping is a problem (said through ``bad``) and is not used."""
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    bad(f"a {what} is text, not {_shown(value)}")
    return None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _budget_records(budget: Any) -> list[Mapping[str, Any]]:
    if budget is None:
        return []
    if not isinstance(budget, Mapping):
        return [r if isinstance(r, Mapping) else {"project": None, "record": r} for r in budget]
    records: list[Mapping[str, Any]] = []
    for name, value in budget.items():
        if isinstance(value, Mapping):
            records.append({"project": name, **value})
        elif isinstance(value, (tuple, list)) and len(value) == 2:
            records.append({"project": name, "budget": value[0], "executed": value[1]})
        else:
            records.append({"project": name, "record": value})
    return records


def read_amount(given: Any) -> Decimal:
    """An amount of money in 元; a bare number is in 万元 (rules §5).

    >>> read_amount("30"), read_amount("0.3亿元")
    (Decimal('300000'), Decimal('30000000.0'))
    """
    base = _MONEY.read(given).base
    if base is None:  # /, 无: not an amount
        text = str(given)
        raise NotationError(Code.BAD_BUDGET, f"{given!r} is not an amount of money", text, (0, len(text)))
    return base


def budget_figures(budget: Any, problems: list[Diagnostic]) -> dict[str, BudgetFigures]:
    """Budget figures by project, from a mapping of project name to
    ``(budget, executed)`` or to a mapping, or from records with
    ``project``/``budget``/``executed`` and optionally ``initial``,
    ``summary`` and ``note``.  A record may name a ``source`` of the funds
    (当年财政拨款, 上年结转资金 or 其他资金) with that source's ``initial``,
    ``budget`` and ``executed``; the record without a source is the
    project's total, which a project with sources must have.  Amounts
    without a unit are in 万元.  Every bad or repeated record is a problem.

    >>> problems = []
    >>> found = budget_figures([{"project": "P", "budget": "100", "executed": "90"},
    ...                         {"project": "P", "source": "当年财政拨款", "budget": "80", "executed": "75"}], problems)
    >>> found["P"].source("当年财政拨款").executed, problems
    (Decimal('750000'), [])
    """
    figures: dict[str, BudgetFigures] = {}
    sources: dict[str, dict[str, SourceFigures]] = {}
    totals_given: set[str] = set()  # projects with a total record, readable or not
    first_source: dict[str, Any] = {}  # where each project's first source record is, for a missing total
    for record in _budget_records(budget):
        name, location = str(record.get("project")), record.get("location")

        def bad(message: str) -> None:  # called in this iteration only, so the loop's name and location are right
            problems.append(Diagnostic(Code.BAD_BUDGET, "error", f"{name}: {message}", name, location))  # noqa: B023

        source = _source_of(record.get("source"), bad)
        if source is False:  # named a source that is none of the three: said, and the record is not used
            continue
        if source is None:
            totals_given.add(name)
        if "budget" not in record or "executed" not in record:
            bad(f"budget figures are (budget, executed), not {record.get('record', record)!r}")
            continue
        if any(record[k] is None or (isinstance(record[k], str) and not record[k].strip())
               for k in ("budget", "executed")):
            bad("the budget and the executed amount are both needed")
            continue
        unknown = sorted(str(k) for k in record if k not in BUDGET_KEYS)
        if unknown:  # a typo would otherwise drop a note or a figure: say so
            bad(f"unknown key {unknown[0]!r}{did_you_mean(unknown[0], BUDGET_KEYS)}")
        elif source is not None and any(_given(record.get(k)) for k in BUDGET_KEYS if k not in _SOURCE_KEYS):
            key = next(k for k in BUDGET_KEYS if k not in _SOURCE_KEYS and _given(record.get(k)))
            bad(f"the {source} record has a {key!r}; a note and a summary go on the record without a source "
                "(the total)")
        try:
            full = read_amount(record["budget"])
            executed = read_amount(record["executed"])
            given_initial = record.get("initial")
            initial = read_amount(given_initial) if given_initial not in (None, "") else None
        except NotationError as error:
            bad(error.message)
            continue
        if source is not None:
            if full < 0 or executed < 0 or (initial is not None and initial < 0):
                bad(f"the {source} figures cannot be negative")
            elif source in sources.setdefault(name, {}):
                problems.append(Diagnostic(Code.DUPLICATE_PROJECT, "error",
                                           f"{name!r}: {source} is given twice; the first is kept", name, location))
            else:
                sources[name][source] = SourceFigures(source, full, executed, initial,
                                                      location if isinstance(location, Location) else None)
                first_source.setdefault(name, location)
            continue
        if full <= 0:
            bad("the full-year budget must be above 0")
        elif executed < 0:
            bad("the executed amount cannot be negative")
        elif name in figures:
            problems.append(Diagnostic(Code.DUPLICATE_PROJECT, "error", f"{name!r} is given twice; the first is kept",
                                       name, location))
        else:
            figures[name] = BudgetFigures(name, full, executed, location, _text(record.get("note"), "note", bad),
                                          initial, _text(record.get("summary"), "summary", bad))
    for name, given in sources.items():
        if name in figures:
            figures[name] = _with_sources(figures[name], given, problems)
        elif name not in totals_given:  # sources alone: the total is not theirs to guess (they may be partial)
            problems.append(Diagnostic(Code.BAD_BUDGET, "error",
                                       f"{name}: the sources {', '.join(given)} are given without the total; give "
                                       "a record without a source, the 年度资金总额", name, first_source.get(name)))
    return figures


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _source_of(given: Any, bad: Callable[[str], None]) -> str | Literal[False] | None:
    """The source a record names: one of :data:`FUNDING_SOURCES`, None for
    the total (no source), or False after saying it is none of them."""
    if not _given(given):
        return None
    text = str(given).strip()
    text = SOURCE_ALIASES.get(text, text)
    if text in FUNDING_SOURCES:
        return text
    bad(f"the source {text!r} is not one of {', '.join(FUNDING_SOURCES)}{did_you_mean(text, FUNDING_SOURCES)}")
    return False


def _with_sources(total: BudgetFigures, given: dict[str, SourceFigures],
                  problems: list[Diagnostic]) -> BudgetFigures:
    """The total with its sources, in form order.  Sources that add up to more
    than the total, or all three that do not add up to it, are a warning:
    the form's 其中 lines are parts of its 年度资金总额."""
    ordered = tuple(given[s] for s in FUNDING_SOURCES if s in given)
    checks = [("budget", total.budget, [s.budget for s in ordered]),
              ("executed", total.executed, [s.executed for s in ordered])]
    if total.initial is not None and all(s.initial is not None for s in ordered):
        checks.append(("initial", total.initial, [s.initial for s in ordered if s.initial is not None]))
    for key, whole, parts in checks:
        summed = reduce(EXACT.add, parts, Decimal(0))  # exact, whatever the caller's context
        if summed > whole or (len(parts) == len(FUNDING_SOURCES) and summed != whole):
            problems.append(Diagnostic(
                Code.BAD_BUDGET, "warning",
                f"{total.project}: the sources' {key} add up to {format_decimal(summed)}元, and the total's is "
                f"{format_decimal(whole)}元", total.project, total.location))
    return attrs.evolve(total, sources=ordered)
