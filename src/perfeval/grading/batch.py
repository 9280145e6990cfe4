"""Grading many results at once: many books, many rows, each row on its own.

A finance bureau grades every department's indicators across years in one
pass.  :func:`grade_many` takes a mapping of books (one per department and
year, by any key) and an iterable of records, each naming its book, an
indicator id, the actual and an optional note.  Unlike a year's report, an
indicator may appear in many rows, one per result: each row is graded on
its own, with the indicator's points at its nominal weight (every indicator
of its group applicable; redistributing the points of a not-applicable row
is a year's report's work, rules §5).  "Missing" means an indicator of a
book that no row names.

Each distinct (indicator, actual, note) is read and graded once: real data
repeats heavily.  The rows come back in order, lazily, so that a stream of
millions needs memory only for the distinct values seen.

>>> import perfeval
>>> book = perfeval.load("examples/small.yaml")
>>> run = grade_many({"2023": book}, [("2023", "0101/社会保险补贴到位率", "92%"),
...                                   ("2023", "0101/社会保险补贴到位率", "100%"), ("2023", "nope", "1")])
>>> [(r.status, r.grade) for r in run]
[('graded', '良'), ('graded', '优'), ('unknown-id', None)]
>>> run.accounting["2023"].rows, run.accounting["2023"].unknown
(3, 1)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ..book.inputs import Entry
from ..book.model import Activity, Book, Goal, Indicator
from ..codes import Code
from ..errors import PerfevalError
from ..evaluate.memo import remember
from ..evaluate.scheme import POINTS
from ..rules import BUDGET_LINE, FULL_MARKS, first_level, members_of, scored_groups
from .grade import Outcome, grade_entry
from .totals import allot, decimal_of, redistribute, rounded

__all__ = ["grade_many", "BatchRow", "BookAccounting", "BatchRun", "nominal_weights", "batch_row", "points_of",
           "note_text", "outcome_fields"]

# How many distinct (indicator, actual, note) results are kept; past it the
# memo forgets its oldest quarter, so that a stream's memory stays bounded: a
# result with its reading is under 1 KB, so the memo stays under about 250 MB.
MEMO_SIZE = 250_000


@attrs.frozen
class BatchRow:
    """One row's result: its book and indicator, the actual as given, and
    the grade (优良中差 for a ladder, 达成/部分达成/未达成 for a target), the
    ratio and the points at the indicator's nominal weight, exactly.

    ``status`` is a row status of a report (``graded``, ``not-applicable``,
    ``needs-judgement``, ``missing`` for a blank actual, ``error``), or
    ``unknown-book`` / ``unknown-id`` for a row that names neither."""

    book: Hashable
    id: str
    actual: Any
    note: str | None
    status: str
    grade: str | None = None
    achieved: bool | None = None
    ratio: Decimal | None = None
    weight: Decimal | None = None
    points: Decimal | None = None
    flags: tuple[str, ...] = ()
    outcome: Outcome | None = attrs.field(default=None, eq=False, repr=False)

    def explain(self) -> str:
        """How the row was graded, in words (built only when asked)."""
        if self.outcome is None:
            return self.status
        if self.outcome.result is not None:
            return self.outcome.result.explain()
        return self.outcome.error.message if self.outcome.error is not None else self.status


@attrs.define
class BookAccounting:
    """What a batch did with one book's rows: counts by status, and the
    indicators of the book that no row named."""

    rows: int = 0
    graded: int = 0
    not_applicable: int = 0
    needs_judgement: int = 0
    blank: int = 0
    errors: int = 0
    unknown: int = 0
    missing: tuple[str, ...] = ()


class BatchRun:
    """The rows of :func:`grade_many`, in order, as they are graded; once
    they are all read, :attr:`accounting` holds each book's counts."""

    def __init__(self, books: Mapping[Any, Book], rows: Iterable[Any]) -> None:
        self._books = books
        self._rows = iter(rows)
        self.accounting: dict[Hashable, BookAccounting] = {key: BookAccounting() for key in books}
        self._named: dict[Hashable, set[str]] = {key: set() for key in books}
        self._indicators = {key: book.by_id for key, book in books.items()}
        self._weights: dict[Hashable, dict[str, Fraction]] = {}
        self._memo: dict[tuple[int, type, Any, str | None], BatchRow] = {}
        self._done = False

    def __iter__(self) -> Iterator[BatchRow]:
        return self

    def __next__(self) -> BatchRow:
        try:
            record = next(self._rows)
        except StopIteration:
            self._finish()
            raise
        return self._grade(*_fields(record))

    def _grade(self, key: Hashable, indicator_id: str, actual: Any, note: str | None) -> BatchRow:
        accounting = self.accounting.get(key)
        if accounting is None:
            return BatchRow(key, indicator_id, actual, note, "unknown-book")
        accounting.rows += 1
        indicator = self._indicators[key].get(indicator_id)
        if indicator is None:
            accounting.unknown += 1
            return BatchRow(key, indicator_id, actual, note, "unknown-id")
        self._named[key].add(indicator_id)
        # The type is part of the key: True, 1 and Decimal("1.0") are equal and hash alike, but read differently.
        memo_key = (id(indicator), actual.__class__, actual if _hashable(actual) else repr(actual), note)
        cached = self._memo.get(memo_key)
        if cached is None:
            cached = self._result(key, indicator, actual, note)
            remember(self._memo, memo_key, cached, MEMO_SIZE)
        row = attrs.evolve(cached, book=key) if cached.book != key else cached
        _count(accounting, row.status)
        return row

    def _result(self, key: Hashable, indicator: Indicator, actual: Any, note: str | None) -> BatchRow:
        weights = self._weights.get(key)
        if weights is None:
            weights = self._weights[key] = nominal_weights(self._books[key])
        return batch_row(key, self._books[key], weights, indicator, actual, note)

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        for key, book in self._books.items():
            named = self._named[key]
            self.accounting[key].missing = tuple(i.id for i in book.indicators if i.id not in named)


def batch_row(key: Hashable, book: Book, weights: Mapping[str, Fraction], indicator: Indicator, actual: Any,
              note: str | None) -> BatchRow:
    """One row graded on its own at its nominal weight: what every batch
    path gives for a row it does not grade in bulk."""
    outcome = grade_entry(indicator, Entry(indicator.id, actual, note), dict(book.scoring.grade_ratios))
    exact_weight = weights.get(indicator.id, Fraction(0))
    status, grade, achieved, ratio, points, flags = outcome_fields(book, outcome, exact_weight)
    return BatchRow(key, indicator.id, actual, note, status, grade, achieved, ratio, decimal_of(exact_weight), points,
                    flags, outcome)


def outcome_fields(book: Book, outcome: Outcome, weight: Fraction) -> tuple[
        str, str | None, bool | None, Decimal | None, Decimal | None, tuple[str, ...]]:
    """A graded outcome as a batch row's status, grade, achieved, ratio,
    points at ``weight`` and flag codes.  The outcome depends on the
    evaluator, the actual and the note alone; only the points need the weight."""
    result = outcome.result
    points = None
    if outcome.status == "graded" and outcome.exact is not None:
        points = points_of(book, outcome.exact, weight)
    flags: tuple[str, ...] = ()
    if result is not None:
        flags = tuple(f.code.value for f in result.flags)
    elif outcome.error is not None:
        flags = (outcome.error.code,)
    return (outcome.status, None if result is None else result.grade, getattr(result, "achieved", None),
            outcome.ratio, points, flags)


def points_of(book: Book, ratio: Fraction, weight: Fraction) -> Decimal:
    """A row's points: the exact ratio times its weight, rounded once as the book's scheme rounds a row."""
    return decimal_of(rounded(ratio * weight, POINTS[book.scoring.scheme.points]))


def grade_many(books: Mapping[Any, Book], rows: Iterable[Any]) -> BatchRun:
    """Grade ``rows`` against ``books``: each row a ``(book, id, actual)`` or
    ``(book, id, actual, note)`` tuple, or a mapping with those keys.  Returns
    a :class:`BatchRun`: iterate it for one :class:`BatchRow` per row, in
    order; then ``run.accounting[key]`` says what each book's rows were and
    which of its indicators no row named."""
    return BatchRun(books, rows)


def nominal_weights(book: Book) -> dict[str, Fraction]:
    """Each indicator's points with every indicator applicable: a goal's or an
    activity's indicators share 100, a project's share its groups' weights
    (given weights kept, the rest split equally, rules §5)."""
    out: dict[str, Fraction] = {}
    full = Fraction(FULL_MARKS)
    parts: tuple[Goal | Activity, ...] = (*book.goals, *book.activities)
    for part in parts:
        indicators = part.indicators
        for i, w in zip(indicators, allot([i.weight for i in indicators], [True] * len(indicators), full),
                        strict=True):
            out[i.id] = w
    weights = dict(book.scoring.weights)
    groups = scored_groups(weights)
    for project in book.projects:
        members = {g: [i for i in project.indicators if first_level(i.group) in members_of(g)] for g in groups}
        present = {g: bool(members[g]) for g in groups}
        present[BUDGET_LINE] = weights.get(BUDGET_LINE, Decimal(0)) > 0
        final = redistribute({g: weights.get(g, Decimal(0)) for g in [*groups, BUDGET_LINE]}, present)
        for g in groups:
            group = members[g]
            for i, w in zip(group, allot([i.weight for i in group], [True] * len(group), final[g]), strict=True):
                out[i.id] = w
    return out


def _fields(record: Any) -> tuple[Hashable, str, Any, str | None]:
    """A record's book, id, actual and note; a record of another shape is a ``bad-record`` error."""
    if isinstance(record, Mapping) and "book" in record and "id" in record:
        return record["book"], str(record["id"]).strip(), record.get("actual"), note_text(record.get("note"))
    if isinstance(record, (tuple, list)) and len(record) in (3, 4):
        key, indicator_id, actual, *rest = record
        return key, str(indicator_id).strip(), actual, note_text(rest[0] if rest else None)
    raise PerfevalError(Code.BAD_RECORD, f"a batch row is (book, id, actual[, note]) or a mapping with book, id, "
                        f"actual and note, not {type(record).__name__} {str(record)[:40]!r}")


def note_text(value: Any) -> str | None:
    """A row's note (偏差原因) as text: a number reads as written, and an
    empty cell (``None``, ``""``, a DataFrame's ``NaN``) is no note.  Any
    other value is a ``bad-record`` error."""
    if value is None or value.__class__ is str:
        return value or None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise PerfevalError(Code.BAD_RECORD, f"a note is text, not {type(value).__name__} {str(value)[:40]!r}")


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _count(accounting: BookAccounting, status: str) -> None:
    if status == "graded":
        accounting.graded += 1
    elif status == "not-applicable":
        accounting.not_applicable += 1
    elif status == "needs-judgement":
        accounting.needs_judgement += 1
    elif status == "missing":
        accounting.blank += 1
    else:
        accounting.errors += 1
