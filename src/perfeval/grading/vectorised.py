"""The batch path in bulk, with numpy (the ``pandas`` extra): a column of
actuals graded with every ladder's comparisons done at once.

The rows are the pure-Python batch path's, row for row (:mod:`.batch`); only
the work is arranged for numpy:

1. the ids, the actuals and the notes are factorised, and each distinct
   (indicator, actual, note) is graded once;
2. each distinct actual is read once per axis (equal axes read alike), into
   exact integers at one scale per axis, in base units: ``319000元`` on a
   万元 axis is the integer ``31900000`` at two places (319,000.00 元), never
   ``319000 * 1e-4`` in floats;
3. each ladder's cut axis (:attr:`~perfeval.evaluate.ladder.Ladder.cuts`),
   scaled alike, places its values: the piece of a value is ``2 * i`` below
   the ``i``-th end and ``2 * i + 1`` on it, found for every ladder of an
   axis by one ``searchsorted``, each value and end keyed by its ladder;
4. what a piece gives (grade, ratio, points) is worked out once per ladder
   and piece, and the results go back to the rows by index.

Whatever is not a number on a ladder's axis (a word, a blank, a target, an
error) is graded one distinct value at a time by the pure path's own code
(:func:`.grade.grade_entry` and :func:`.batch.outcome_fields`).  Hypothesis
properties hold this module to that path, row for row
(``tests/test_vectorised.py``).

>>> import pandas as pd, perfeval
>>> book = perfeval.load("examples/small.yaml")
>>> columns = grade_columns(book, pd.Series(["0101/社会保险补贴到位率"] * 3), pd.Series(["92%", "100", None]))
>>> list(columns.column("grade")), list(columns.column("status"))
(['良', '优', None], ['graded', 'graded', 'missing'])
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import chain
from typing import Any, NamedTuple, cast

import attrs
import numpy as np
import pandas as pd

try:  # pandas' own string engine where it is there: plain numbers read in bulk
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError:  # pragma: no cover - without it, one by one, alike
    pa = pc = None

from ..book.inputs import Entry
from ..book.model import Book, Indicator
from ..codes import Code
from ..errors import DefinitionError, NotationError
from ..evaluate.actuals import PLAIN_NUMBER, PLAIN_UNITS, Axis
from ..evaluate.ladder import Ladder, may_repeat_a_band
from ..rules import SUSPICIOUS_FRACTION
from .batch import nominal_weights, note_text, outcome_fields, points_of
from .grade import Outcome, grade_entry, is_blank
from .totals import decimal_of

__all__ = ["grade_columns", "Columns"]

_KEY = "book"
_NO_WEIGHT = Fraction(0)
# Scaled integers stay below 2**62 in size, well inside int64.
_INT64 = 1 << 62
# The digits of a plain number and of its unit's factor read in bulk, at most:
# their product fits in int64, and stays within the 34 digits the axis keeps.
_WIDTH = 18
# PLAIN_NUMBER (evaluate/actuals.py) in RE2's words, for Arrow: the same numbers.
_PLAIN_RE2 = r"^(?P<whole>[0-9]{1,16}|[0-9]{1,3}(?:,[0-9]{3}){1,4})(?P<fraction>\.[0-9]{1,16})?(?P<symbol>\D{0,4})$"


@attrs.frozen
class Columns:
    """The results of a batch: each distinct (indicator, actual, note)'s
    fields once (numpy object arrays of text, ``None``, ``bool`` and exact
    ``Decimal``), and ``rows``, each row's index into them.
    :meth:`column` spreads a field over the rows."""

    rows: Any
    status: Any
    grade: Any
    achieved: Any
    ratio: Any
    weight: Any
    points: Any
    flags: Any

    @classmethod
    def empty(cls, size: int) -> Columns:
        """``size`` distinct results to be found, their rows not yet known."""
        return cls(np.empty(0, dtype=np.int64), *(np.full(size, None, dtype=object) for _ in FIELDS))

    def column(self, name: str) -> Any:
        """One field, a value per row, in the rows' order."""
        return getattr(self, name)[self.rows]

    def strings(self, name: str) -> Any:
        """One text field as a pandas string array, a value per row: each
        distinct text made a pandas string once, then taken by the rows
        (a handful of flag texts, not a million conversions)."""
        found, uniques = pd.factorize(getattr(self, name))
        return pd.array(list(uniques), dtype="str").take(found[self.rows])

    def booleans(self, name: str) -> Any:
        """One field of ``True``, ``False`` and ``None`` as a pandas boolean
        array (``None`` is ``<NA>``), a value per row."""
        values = getattr(self, name)
        known = values != None  # noqa: E711 - elementwise, on an object array
        truth = np.where(known, values, False).astype(bool)
        return pd.arrays.BooleanArray(truth[self.rows], ~known[self.rows])

    def codes(self, name: str, categories: Sequence[str]) -> Any:
        """One field as each row's position in ``categories`` (-1 for
        ``None``), for a categorical column; a value outside them is a bug."""
        found, uniques = pd.factorize(getattr(self, name))  # a handful of values: a list lookup each
        position = np.array([*(categories.index(u) for u in uniques), -1], dtype=np.int64)  # -1: None's code
        return position[found][self.rows]


# A distinct triple's result: status, grade, achieved, ratio, weight, points and its flags joined by ";".
Fields = tuple[str, "str | None", "bool | None", "Decimal | None", "Decimal | None", "Decimal | None", str]
FIELDS = ("status", "grade", "achieved", "ratio", "weight", "points", "flags")


def grade_columns(book: Book, ids: Any, actuals: Any, notes: Any = None) -> Columns:
    """Grade each row's actual against the indicator its id names, in bulk.

    ``ids``, ``actuals`` and ``notes`` are equally long pandas Series or
    sequences; a missing value (``None``, ``NaN``, ``pd.NA``) is no actual.
    An id the book does not have is an ``unknown-id`` row."""
    id_codes, id_values, _ = _factorize(ids)
    actual_column = _factorize(actuals)
    actual_codes, actual_values = actual_column.codes, actual_column.values
    note_codes, note_values, _ = _factorize(notes) if notes is not None else (None, [], None)
    key = id_codes.astype(np.int64) * (len(actual_values) + 1) + (actual_codes + 1)
    if note_codes is not None:
        key = pd.factorize(key)[0].astype(np.int64) * (len(note_values) + 1) + (note_codes + 1)
    row_codes, distinct_keys = pd.factorize(key)
    # A row of each distinct triple (any row: they all hold the same triple).
    first = np.empty(len(distinct_keys), dtype=np.int64)
    first[row_codes] = np.arange(len(row_codes))
    triples = _Triples(id_codes[first], actual_codes[first],
                       note_codes[first] if note_codes is not None else np.full(len(first), -1))
    # Equal weights made one object, so that results keyed by a weight's identity are shared.
    canonical: dict[Fraction, Fraction] = {}
    weights = {name: canonical.setdefault(weight, weight) for name, weight in nominal_weights(book).items()}
    # A missing id (code -1) finds the last place, which names no indicator.
    by_id = [*(book.by_id.get(str(i).strip()) for i in id_values), None]
    out, done = Columns.empty(len(first)), np.zeros(len(first), dtype=bool)
    _grade_ladders(book, weights, by_id, actual_column, triples, out, done)
    _grade_the_rest(book, weights, by_id, actual_values, [note_text(n) for n in note_values], triples, out, done)
    return attrs.evolve(out, rows=row_codes)


def _grade_the_rest(book: Book, weights: dict[str, Fraction], by_id: list[Indicator | None],
                    actual_values: list[Any], note_values: list[str | None], triples: _Triples, out: Columns,
                    done: Any) -> None:
    """Grade one at a time what was not graded in bulk (words, blanks,
    targets, errors, unknown ids), once per compiled evaluator, actual and
    note: indicators written alike share their evaluator and so their
    outcome, and a blank is missing whatever the evaluator."""
    ratios = dict(book.scoring.grade_ratios)
    outcomes: dict[tuple[int, int, int], Outcome] = {}
    fields: dict[tuple[int, int], Fields] = {}  # by the ids of the outcome and the weight: both live through the call
    undone = np.flatnonzero(~done)
    graded: list[Fields] = []
    for code, a, n in zip(triples.id[undone].tolist(), triples.actual[undone].tolist(),
                          triples.note[undone].tolist(), strict=True):
        indicator = by_id[code]
        if indicator is None:
            graded.append(("unknown-id", None, None, None, None, None, ""))
            continue
        key = (0 if a < 0 or is_blank(actual_values[a]) else id(indicator.evaluator), a, n)
        outcome = outcomes.get(key)
        if outcome is None:
            entry = Entry(indicator.id, None if a < 0 else actual_values[a], None if n < 0 else note_values[n])
            outcome = outcomes[key] = grade_entry(indicator, entry, ratios)
        weight = weights.get(indicator.id, _NO_WEIGHT)
        found = fields.get((id(outcome), id(weight)))  # a Fraction hashes slowly, in Python
        if found is None:
            status, grade, achieved, ratio, points, flags = outcome_fields(book, outcome, weight)
            found = fields[(id(outcome), id(weight))] = (status, grade, achieved, ratio, decimal_of(weight), points,
                                                         ";".join(flags))
        graded.append(found)
    _put_all(out, done, undone, graded)


@attrs.frozen
class _Triples:
    """Each distinct (id, actual, note)'s codes, as numpy arrays (-1: none)."""

    id: Any
    actual: Any
    note: Any


def _put_all(out: Columns, done: Any, at: Any, fields: list[Fields]) -> None:
    """Each triple's fields, at the places ``at``, marked done."""
    for name, values in zip(FIELDS, zip(*fields, strict=True) if fields else [()] * len(FIELDS), strict=True):
        getattr(out, name)[at] = np.array(values, dtype=object) if values else values
    done[at] = True


def _objects(values: Any) -> Any:
    return values.to_numpy(dtype=object) if isinstance(values, pd.Series) else np.asarray(values, dtype=object)


class _Distinct(NamedTuple):
    """A column factorised: each row's code (-1 for a missing value) and the
    distinct values; for a string column, those values as Arrow text too,
    so that the bulk reader takes them by index with no trip through Python."""

    codes: Any
    values: list[Any]
    arrow: Any = None

    def texts(self, at: Any) -> Any:
        """The distinct values at ``at`` as an Arrow string array (null where not text)."""
        if self.arrow is not None:
            return self.arrow.take(pa.array(at, type=pa.int64()))
        return pa.array([v if v.__class__ is str else None for v in map(self.values.__getitem__, at.tolist())],
                        type=pa.string())


def _factorize(values: Any) -> _Distinct:
    """Codes and distinct values; a missing value has code -1.  Values of
    different types stay apart (``1``, ``True`` and ``Decimal("1")`` are
    equal to Python but are read differently)."""
    if isinstance(values, pd.Series) and pd.api.types.is_string_dtype(values.dtype) and \
            not pd.api.types.is_object_dtype(values.dtype):
        found, uniques = values.array.factorize()  # a string column (Arrow's, in pandas 3): factorised as it is
        arrow = pa.array(uniques) if pa is not None else None  # Arrow's own storage: no copy
        return _Distinct(np.asarray(found, dtype=np.int64), uniques.tolist(), arrow)
    array = _objects(values)
    if pd.api.types.infer_dtype(array, skipna=True) in ("string", "empty"):
        found, uniques = pd.factorize(array)
        return _Distinct(np.asarray(found, dtype=np.int64), uniques.tolist())
    seen: dict[tuple[type, Any], int] = {}
    distinct: list[Any] = []
    codes: list[int] = []
    for value in array.tolist():
        if value is None or value is pd.NA or value is pd.NaT or (value.__class__ is float and value != value):
            codes.append(-1)
            continue
        try:
            key = (value.__class__, value)
            code = seen.get(key)
        except TypeError:  # unhashable: kept apart, and refused when it is read
            key, code = (value.__class__, id(value)), None
        if code is None:
            code = seen[key] = len(distinct)
            distinct.append(value)
        codes.append(code)
    return _Distinct(np.asarray(codes, dtype=np.int64), distinct)


def _grade_ladders(book: Book, weights: dict[str, Fraction], by_id: list[Indicator | None],
                   actual_column: _Distinct, triples: _Triples, out: Columns, done: Any) -> None:
    """Grade in bulk every distinct triple whose indicator is a ladder on an
    axis and whose actual reads as a number on it; leave the rest undone."""
    axes: dict[Axis, list[int]] = {}
    for code, indicator in enumerate(by_id):
        evaluator = None if indicator is None else indicator.evaluator
        if isinstance(evaluator, Ladder) and evaluator.axis is not None:
            axes.setdefault(evaluator.axis, []).append(code)
    if not axes:
        return
    axis_of_id = np.full(len(by_id), -1, dtype=np.int64)
    for number, codes in enumerate(axes.values()):
        axis_of_id[codes] = number
    axis_of = np.where(triples.actual >= 0, axis_of_id[triples.id], -1)
    pieces = _PieceTables(book, weights)
    for number, axis in enumerate(axes):
        members = np.flatnonzero(axis_of == number)
        if len(members) == 0:
            continue
        which, distinct = pd.factorize(triples.actual[members])
        numbers = _numbers(axis, actual_column, distinct)
        numeric = numbers.known
        if not numeric.any():
            continue
        keep = numeric[which]
        members, which = members[keep], (np.cumsum(numeric) - 1)[which[keep]]
        rank, owners = pd.factorize(triples.id[members])
        indicators = [cast(Indicator, by_id[code]) for code in owners.tolist()]
        ends = [[_number(e) for e in cast(Ladder, i.evaluator).cuts.ends] for i in indicators]
        scale = max(int(numbers.places[numeric].max()), *(n[1] for n in chain(*ends)))
        values = _in_scale(numbers.coefficient[numeric], numbers.places[numeric], scale)[which]
        table = pieces.joined(indicators)
        at = table.offsets[rank] + _places(values, rank, [[c * 10 ** (scale - p) for c, p, _ in e] for e in ends])
        ok = table.ok[at]
        targets, at = members[ok], at[ok]
        out.status[targets] = "graded"
        out.grade[targets] = table.grade[at]
        out.ratio[targets] = table.ratio[at]
        out.weight[targets] = table.weight[rank[ok]]
        out.points[targets] = table.points[at]
        out.flags[targets] = numbers.flags[numeric][which][ok]
        done[targets] = True


def _places(values: Any, rank: Any, ends: list[list[int]]) -> Any:
    """The piece of its own ladder's cut axis each value lies in (``2 * i +
    1`` on the ``i``-th end, ``2 * i`` in the stretch below it), for the
    ladders of many indicators at once: each value and end is keyed by its
    indicator's rank, ``rank * span + value``, so that one searchsorted over
    every ladder's ends finds them all (as int64 where the keys fit, else as
    Python integers, which numpy compares exactly)."""
    largest = max(int(abs(values).max()) if len(values) else 0, *(abs(e) for e in chain(*ends)), 0) + 1
    span = 2 * largest
    if values.dtype == object or len(ends) * span >= _INT64:
        values, rank = values.astype(object), rank.astype(object)
    keys = rank * span + (values + largest)
    every = np.array([r * span + e + largest for r, own in enumerate(ends) for e in own], dtype=keys.dtype)
    before = np.cumsum([0, *(len(own) for own in ends)])  # how many ends the lower ranks hold
    at = np.searchsorted(every, keys, side="left")
    on_end = np.zeros(len(keys), dtype=bool)
    inside = at < len(every)
    on_end[inside] = every[at[inside]] == keys[inside]
    return 2 * (at - before[rank.astype(np.int64)]) + on_end


# An exact value in base units, ``coefficient × 10**-places``, and the flags
# of its reading joined by ";" (a plain tuple: there are one per distinct actual).
_Number = tuple[int, int, str]


def _number(value: Decimal, flags: str = "") -> _Number:
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite: readings and ends are checked finite
    coefficient = int("".join(map(str, digits))) * (-1 if sign else 1)
    if exponent >= 0:
        return coefficient * 10**exponent, 0, flags
    return coefficient, -exponent, flags


@attrs.frozen
class _Numbers:
    """Distinct actuals as exact numbers on one axis: ``coefficient ×
    10**-places`` in base units (Python integers in an object array) and the
    flags of their reading; ``known`` is false where an actual is no number
    on the axis."""

    known: Any
    coefficient: Any
    places: Any
    flags: Any

    @classmethod
    def empty(cls, size: int) -> _Numbers:
        return cls(np.zeros(size, dtype=bool), np.zeros(size, dtype=object), np.zeros(size, dtype=np.int64),
                   np.full(size, "", dtype=object))

    def put(self, at: int, number: _Number) -> None:
        self.known[at] = True
        self.coefficient[at], self.places[at], self.flags[at] = number


def _numbers(axis: Axis, column: _Distinct, distinct: Any) -> _Numbers:
    """Each distinct actual as an exact number on ``axis``, where it is one;
    anything else (a word, not applicable, an error, or what may repeat a
    band's own text) is left to the row-by-row path.

    A plain number, bare or in a unit of the axis' dimension, is turned into
    digits here, with the flag the axis would give it (all at once with
    Arrow's string functions when pyarrow is there); any other text is read
    by the axis, as the per-row path reads it."""
    found = _Numbers.empty(len(distinct))
    unit = _PlainUnit.of(axis)
    if unit is None:
        rest: Any = np.arange(len(distinct))
    elif pc is not None:
        rest = unit.digits_in_bulk(column.texts(distinct), found)
    else:
        rest = unit.digits_one_by_one([column.values[a] for a in distinct.tolist()], found)
    rest = np.asarray(rest, dtype=np.int64)
    for at, actual in zip(rest.tolist(), map(column.values.__getitem__, distinct[rest].tolist()), strict=True):
        number = _read(axis, actual)
        if number is not None:
            found.put(at, number)
    return found


@attrs.frozen
class _PlainUnit:
    """What the digits of a plain number need on one axis: whether the axis
    is a share (%), and, for a bare number (``""``) and for each unit that
    converts to the axis' own, its factor as ``factor × 10**-places`` and
    the flag the axis' reading gives it (rules §2: a unit converts inside
    its dimension, said with ``unit-converted``, or ``counted-as`` for 名 on
    a 人 axis)."""

    percent: bool
    units: dict[str, tuple[int, int, str]]

    @classmethod
    def of(cls, axis: Axis) -> _PlainUnit | None:
        """``None`` for an axis whose plain numbers take the long way: a
        delay, no unit, or a unit of the book's own."""
        unit = axis.unit
        if axis.delay or unit is None or PLAIN_UNITS.get(unit.symbol) != unit:
            return None
        units = {}
        for symbol, other in PLAIN_UNITS.items():
            if other.is_scale_only or other.dimension != unit.dimension:
                continue  # 万 alone takes the axis' unit, and another dimension is an error: the long way
            if other == unit:
                flags = ""
            elif other.factor == unit.factor and other.dimension.startswith("count:"):
                flags = Code.COUNTED_AS.value
            else:
                flags = Code.UNIT_CONVERTED.value
            factor, places, _ = _number(other.factor)
            units[symbol] = factor, places, flags
        return cls(unit.symbol == "%", {"": units[unit.symbol], **units})

    def digits(self, whole: str, fraction: str | None, symbol: str) -> _Number | None:
        """The number in base units with its flags; ``None`` for one that
        takes the long way (a bare 0 < x ≤ 1 on a % axis is flagged there)."""
        found = self.units.get(symbol)
        if found is None:
            return None
        whole = whole.replace(",", "")
        if not symbol and self.percent and int(whole) <= SUSPICIOUS_FRACTION:
            return None
        factor, places, flags = found
        digits = whole + (fraction or ".")[1:]
        if len(digits) + len(str(factor)) > _WIDTH:  # as the bulk engine: wider numbers take the long way
            return None
        return int(digits) * factor, len(digits) - len(whole) + places, flags

    def digits_one_by_one(self, actuals: list[Any], found: _Numbers) -> list[int]:
        """Each plain number's digits, into ``found``; the places of the rest."""
        digits, match = self.digits, PLAIN_NUMBER.fullmatch
        rest = []
        for at, actual in enumerate(actuals):
            number = None
            if actual.__class__ is str:
                if not actual.isascii():
                    actual = unicodedata.normalize("NFKC", actual)  # ９７.５３％ is 97.53% to the parser too
                plain = match(actual.replace(" ", "") if " " in actual else actual)  # the parser drops spaces
                if plain is not None:
                    number = digits(*plain.groups())
            if number is None:
                rest.append(at)
            else:
                found.put(at, number)
        return rest

    def digits_in_bulk(self, texts: Any, found: _Numbers) -> Any:
        """:meth:`digits_one_by_one` with Arrow's string functions, on the
        actuals as Arrow text (null where not text): the same numbers, those
        whose digits fit in int64 at once, the others left with the rest."""
        texts = pc.utf8_normalize(texts, "NFKC")  # ９７.５３％ is 97.53% to the parser too
        texts = pc.replace_substring(texts, " ", "")  # the parser drops spaces
        parts = pc.extract_regex(texts, _PLAIN_RE2)
        symbols = list(self.units)
        unit = pc.fill_null(pc.index_in(parts.field("symbol"), value_set=pa.array(symbols, type=texts.type)),
                            -1).to_numpy()
        whole = pc.replace_substring(parts.field("whole"), ",", "")
        fraction = pc.utf8_slice_codeunits(parts.field("fraction"), 1)
        whole_width = pc.utf8_length(whole).to_numpy()
        width = pc.utf8_length(fraction).to_numpy()
        factor = np.array([self.units[s][0] for s in symbols], dtype=np.int64)
        factor_width = np.array([len(str(f)) for f in factor], dtype=np.int64)
        ok = parts.is_valid().to_numpy(zero_copy_only=False) & (unit >= 0)
        ok &= whole_width + width + factor_width[unit] <= _WIDTH  # the product fits in int64: else the long way
        zero, empty = pa.scalar("0", type=texts.type), pa.scalar("", type=texts.type)  # string or large_string
        number = pc.cast(pc.binary_join_element_wise(pc.if_else(pc.invert(pa.array(ok)), zero, whole),
                                                     pc.if_else(pc.invert(pa.array(ok)), empty, fraction), empty),
                         pa.int64()).to_numpy()
        if self.percent:  # a bare 0 < x ≤ 1 on a % axis is flagged: the long way
            ok &= ~((unit == symbols.index("")) & (number <= int(SUSPICIOUS_FRACTION) * 10**width))
        at = np.flatnonzero(ok)
        found.known[at] = True
        found.coefficient[at] = (number[at] * factor[unit[at]]).astype(object)
        found.places[at] = width[at] + np.array([self.units[s][1] for s in symbols], dtype=np.int64)[unit[at]]
        found.flags[at] = np.array([self.units[s][2] for s in symbols], dtype=object)[unit[at]]
        return np.flatnonzero(~ok)


def _read(axis: Axis, actual: Any) -> _Number | None:
    try:
        reading = axis.read(actual)
    except (NotationError, DefinitionError):
        return None
    if not reading.applicable or reading.base is None or may_repeat_a_band(reading):
        return None
    return _number(reading.base, ";".join(f.code.value for f in reading.flags) if reading.flags else "")


def _in_scale(coefficients: Any, places: Any, scale: int) -> Any:
    """Coefficients at ``places`` as exact integers at ``scale`` places: int64
    where every one fits, else Python integers in an object array."""
    powers = np.array([10**k for k in range(scale + 1)], dtype=object)
    whole = coefficients * powers[scale - places]
    if len(whole) == 0 or max(-whole.min(), whole.max()) < _INT64:
        return whole.astype(np.int64)
    return whole


@attrs.frozen
class _PieceTable:
    """What each piece of one indicator's cut axis gives a row: its grade,
    ratio and points (object arrays by piece), the weight, and whether the
    piece grades at all (a gap under ``on_gap="error"`` or a grade with no
    ratio does not: such rows are graded row by row, errors and all)."""

    ok: Any
    grade: Any
    ratio: Any
    points: Any
    weight: Decimal


class _PieceTables:
    """Each indicator's piece table, made when first needed and shared by
    the indicators with the same ladder and weight (indicators written
    alike share their ladder); each grade's ratio and points worked out
    once per weight."""

    def __init__(self, book: Book, weights: dict[str, Fraction]) -> None:
        self._book, self._weights = book, weights
        self._ratios = dict(book.scoring.grade_ratios)
        # By the ids of the ladder and the weight, which live through the grading: a Fraction hashes slowly.
        self._tables: dict[tuple[int, int], _PieceTable] = {}
        self._by_grade: dict[int, tuple[dict[str, tuple[Decimal, Decimal]], Decimal]] = {}

    def of(self, indicator: Indicator) -> _PieceTable:
        ladder = cast(Ladder, indicator.evaluator)
        weight = self._weights.get(indicator.id, _NO_WEIGHT)
        table = self._tables.get((id(ladder), id(weight)))
        if table is None:
            table = self._tables[(id(ladder), id(weight))] = self._table(ladder, weight)
        return table

    def _table(self, ladder: Ladder, weight: Fraction) -> _PieceTable:
        found = self._by_grade.get(id(weight))
        if found is None:
            found = self._by_grade[id(weight)] = ({grade: (ratio, points_of(self._book, Fraction(ratio), weight))
                                                   for grade, ratio in self._ratios.items()}, decimal_of(weight))
        by_grade, decimal_weight = found
        # A gap under on_gap="error", or a grade with no ratio, grades row by row, errors and all.
        given = [None if p.how == "error" else p.grade for p in ladder.cuts.pieces]
        ok = np.array([g in by_grade for g in given], dtype=bool)
        grade, ratio, points = (np.full(len(given), None, dtype=object) for _ in range(3))
        for piece in np.flatnonzero(ok).tolist():
            grade[piece] = given[piece]
            ratio[piece], points[piece] = by_grade[given[piece]]
        return _PieceTable(ok, grade, ratio, points, decimal_weight)

    def joined(self, indicators: list[Indicator]) -> _Joined:
        """The piece tables of these indicators end to end, each starting at its offset."""
        tables = [self.of(i) for i in indicators]
        weight = np.empty(len(tables), dtype=object)
        weight[:] = [t.weight for t in tables]
        return _Joined(np.cumsum([0, *(len(t.ok) for t in tables[:-1])]), np.concatenate([t.ok for t in tables]),
                       np.concatenate([t.grade for t in tables]), np.concatenate([t.ratio for t in tables]),
                       np.concatenate([t.points for t in tables]), weight)


@attrs.frozen
class _Joined:
    """Piece tables end to end: ``offsets[r]`` is where the ``r``-th starts;
    ``weight[r]`` its indicator's weight."""

    offsets: Any
    ok: Any
    grade: Any
    ratio: Any
    points: Any
    weight: Any
