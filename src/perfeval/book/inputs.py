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

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from .._suggest import did_you_mean
from ..codes import Code
from ..errors import Diagnostic, Location, NotationError
from ..evaluate.actuals import Axis
from ..notation.units import lookup
from ..rules import BUDGET_UNIT

__all__ = ["Entry", "BudgetFigures", "entries", "budget_figures", "read_amount", "ENTRY_KEYS"]

ENTRY_KEYS = ("actual", "note")  # besides the id
BUDGET_KEYS = ("project", "budget", "executed", "initial", "summary", "note", "location")
_MONEY = Axis(lookup(BUDGET_UNIT))  # amounts without a unit (rules §5: the form states 万元)


@attrs.frozen
class Entry:
    """One actual as given: its value, its note (偏差原因分析) and where it came from."""

    id: str
    actual: Any
    note: str | None = None
    location: Location | None = None


@attrs.frozen
class BudgetFigures:
    """A project's full-year (adjusted) budget and the amount executed, in 元."""

    project: str
    budget: Decimal  # 全年预算数 (adjusted)
    executed: Decimal  # 全年执行数
    location: Location | None = None
    note: str | None = None  # 偏差原因分析 of the execution
    initial: Decimal | None = None  # 年初预算数
    summary: str | None = None  # 年度总体目标的实际完成情况


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
            found.append(record)
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
    return Entry(id, fields.get("actual"), fields.get("note"), location)


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
    ``project``/``budget``/``executed`` and optionally ``note``.  Amounts
    without a unit are in 万元.  Every bad or repeated record is a problem."""
    figures: dict[str, BudgetFigures] = {}
    for record in _budget_records(budget):
        name, location = str(record.get("project")), record.get("location")

        def bad(message: str) -> None:  # called in this iteration only, so the loop's name and location are right
            problems.append(Diagnostic(Code.BAD_BUDGET, "error", f"{name}: {message}", name, location))  # noqa: B023

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
        try:
            full = read_amount(record["budget"])
            executed = read_amount(record["executed"])
            given_initial = record.get("initial")
            initial = read_amount(given_initial) if given_initial not in (None, "") else None
        except NotationError as error:
            bad(error.message)
            continue
        if full <= 0:
            bad("the full-year budget must be above 0")
        elif executed < 0:
            bad("the executed amount cannot be negative")
        elif name in figures:
            problems.append(Diagnostic(Code.DUPLICATE_PROJECT, "error", f"{name!r} is given twice; the first is kept",
                                       name, location))
        else:
            figures[name] = BudgetFigures(name, full, executed, location, record.get("note") or None, initial,
                                          record.get("summary") or None)
    return figures
