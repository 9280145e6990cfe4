"""Reading actual results (实际完成值) onto the axis of a compiled definition.

An actual may be text, ``int``, ``Decimal`` or ``float`` (read through
``Decimal(str(x))``, never as a binary fraction), or numpy's integers and
floats, as a DataFrame's rows hand them out.  A bare number takes the
definition's unit; a number with its own unit is converted inside its
dimension or rejected with both units named (rules §2).

>>> axis = Axis(lookup("万元"))
>>> reading = axis.read("0.7亿元")
>>> reading.base, [f.code for f in reading.flags]
(Decimal('70000000.0'), ['unit-converted'])
"""

from __future__ import annotations

import datetime
import numbers
import re
import weakref
from decimal import Decimal
from typing import Any, cast

import attrs

from .._arith import EXACT, mul
from ..codes import Code
from ..errors import Flag, NotationError
from ..limits import MAX_DIGITS, MAX_EXPONENT, within_number_limits
from ..notation.conditions import Deadline, Delay, NotApplicable, Op, Quantity, format_decimal
from ..notation.parser import NotationContext, check_length, parse_measurement, parse_notation, read_month
from ..notation.tokenizer import normalize
from ..notation.units import Unit, counter, lookup, scale_in_context, symbols
from ..rules import (
    APPROXIMATE_INFIXES,
    APPROXIMATE_PREFIXES,
    APPROXIMATE_SUFFIXES,
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    DELAY_WORDS,
    ON_TIME_ACTUALS,
    ON_TIME_WORDS,
    SUSPICIOUS_FRACTION,
    UP,
    is_not_applicable,
)
from .memo import Refused, remember

HUNDRED = Decimal(100)

__all__ = ["Axis", "Reading", "to_decimal", "read_text", "read_completion", "shared"]


@attrs.frozen
class Reading:
    """An actual as given, and as read: its value on the axis and its flags."""

    given: Any
    value: Any  # Quantity, Delay, datetime.date, a tier name, or NotApplicable
    base: Decimal | None = None  # the value in base units, for quantities and delays
    flags: tuple[Flag, ...] = ()

    @property
    def applicable(self) -> bool:
        return not isinstance(self.value, NotApplicable)

    def __str__(self) -> str:
        if isinstance(self.value, datetime.date):
            return self.value.isoformat()
        return str(self.value)


def to_decimal(value: Any, what: str = "value") -> Decimal | None:
    """A number as an exact Decimal, or ``None`` if ``value`` is not a number.

    >>> to_decimal(0.1), to_decimal(3), to_decimal("3")
    (Decimal('0.1'), Decimal('3'), None)
    """
    if value.__class__ is Decimal:  # the common case first: finance data arrives as Decimal
        number = value
    elif isinstance(value, bool):
        raise NotationError(Code.NOT_A_NUMBER, f"{what} {value!r} is a bool, not a number", repr(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        if value.bit_length() > 4 * MAX_EXPONENT:  # before the conversion, which refuses 4,300 digits
            raise NotationError(Code.OUT_OF_RANGE,
                                f"{what}: an integer of {value.bit_length()} bits is beyond any budget")
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))  # the shortest text that round-trips, not the binary fraction
    elif isinstance(value, numbers.Integral):  # numpy's integers, as a DataFrame's rows give them
        return to_decimal(int(value), what)
    elif isinstance(value, numbers.Real) and not isinstance(value, numbers.Rational):  # numpy's float32
        number = Decimal(str(value))
    else:
        return None
    if not number.is_finite():
        raise NotationError(Code.NOT_A_NUMBER, f"{what} {value!r} is not a finite number", str(value))
    if not within_number_limits(number):  # huge or tiny ones overflow or crawl; more digits would be rounded
        raise NotationError(Code.OUT_OF_RANGE, f"{what} {str(value)[:40]} is beyond perfeval's limits "
                            f"({MAX_DIGITS} digits, 10^±{MAX_EXPONENT})", str(value)[:80])
    return number


def read_text(given: Any) -> str:
    """An actual that must be text, of a sane length."""
    if given is None:
        raise NotationError(Code.MISSING, "no actual value given", "")
    if not isinstance(given, str):
        raise NotationError(Code.NOT_A_VALUE, f"cannot read {type(given).__name__} {given!r} as an actual",
                            repr(given)[:80])
    check_length(given)
    return given


# A plain number in ASCII digits (thousands may be marked with commas) and
# an optional unit after it: within the number limits by its length, and
# already in the parser's normal form.
PLAIN_NUMBER = re.compile(r"([0-9]{1,16}|[0-9]{1,3}(?:,[0-9]{3}){1,4})(\.[0-9]{1,16})?(\D{0,4})")


def _units_by_symbol() -> dict[str, Unit]:
    found = {}
    for symbol in symbols():
        try:
            found[symbol] = lookup(symbol)
        except KeyError:  # a bare scale prefix the table does not name as a unit
            continue
    return found


# The units such a number may carry and still be read without the tokenizer,
# by symbol: every unit of the table (a counter a book declares takes the
# long way).  The batch path turns such numbers into digits by the same table.
PLAIN_UNITS = _units_by_symbol()
_UNIT_SYMBOLS = frozenset(PLAIN_UNITS)


# Texts remembered per axis.  A reading with its key measures about 360 bytes,
# so an axis's memo stays under 48 MiB, and axes written alike share one
# (:func:`shared`): a province's thousands of ladders sit on a few dozen axes.
# The benchmark's province reads 77,000 distinct texts on its % axis alone.
READINGS_KEPT = 131_072


@attrs.frozen
class Axis:
    """The scale a compiled ladder or target reads actuals on.

    ``unit`` is what a bare number means; ``delay`` says the axis measures a
    delay (及时 = 0), in which case ``unit`` is a time unit.  ``direction``
    (``"up"``/``"down"``) says which operator an actual may carry, copied
    from the definition: ``≥95%`` on a ≥ target reads as 95% and is
    flagged, but ``<90%`` says only that the value is below 90% and is
    refused.
    """

    unit: Unit | None
    delay: bool = False
    direction: str | None = None
    units: frozenset[str] = frozenset()  # counters the book declared (门, 批)
    months_as_days: bool = False  # a delay ladder that mixes months with days (rules §2)
    _percent: bool = attrs.field(init=False, repr=False, eq=False)
    _context: NotationContext = attrs.field(init=False, repr=False, eq=False)
    _symbols: frozenset[str] = attrs.field(init=False, repr=False, eq=False)
    # The readings of texts already read on this axis: a Reading is frozen, and
    # a year's or a province's actuals repeat the same texts (issue 12).
    _readings: dict[str, Reading | Refused] = attrs.field(init=False, repr=False, eq=False)
    # The values of plain numbers with nothing to flag, in base units (None: not one), for
    # grading that needs no reading: a Decimal is a fifth of a reading's size, and never traced.
    _bases: dict[str, Decimal | None] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_percent", self.unit is not None and self.unit.symbol == "%")
        object.__setattr__(self, "_symbols", _UNIT_SYMBOLS)
        object.__setattr__(self, "_context", NotationContext(units=self.units))
        object.__setattr__(self, "_readings", {})
        object.__setattr__(self, "_bases", {})

    def __getstate__(self) -> dict[str, Any]:
        """Pickled as its definition: the readings memo stays behind."""
        return {"unit": self.unit, "delay": self.delay, "direction": self.direction, "units": self.units,
                "months_as_days": self.months_as_days}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.__attrs_post_init__()

    @property
    def dimension(self) -> str | None:
        return None if self.unit is None else self.unit.dimension

    def to_base(self, value: Decimal) -> Decimal:
        return value if self.unit is None else mul(value, self.unit.factor)

    def read(self, given: Any) -> Reading:
        """The actual read on this axis; a text read before is not read again."""
        if given.__class__ is not str:
            return self._read(given)
        found = self._readings.get(given)
        if found is None:
            try:
                found = self._read(given)
            except NotationError as error:  # an unreadable text is as common as any: remembered too
                found = Refused.of(error)
            remember(self._readings, given, found, READINGS_KEPT)
        if found.__class__ is Reading:
            return found  # the class was just checked
        cast(Refused, found).raise_again()

    def base_of(self, given: str) -> Decimal | None:
        """The value in base units of a text that reads as a plain number
        with nothing to flag (``96.5`` or ``96.5%`` on a % axis, ``1200人``
        on a 人 axis), or ``None`` for any other text, which :meth:`read`
        reads in full.  Placing a value on a ladder needs only this; the
        reading, for an explanation, is made when asked (issue 12).  As
        rules §2 reads it: a bare number takes the axis' unit; a number in
        another unit converts, flagged, and so takes the long way.

        >>> axis = Axis(lookup("万元"))
        >>> axis.base_of("28.35万元"), axis.base_of("28.35"), axis.base_of("283500元"), axis.base_of("约28万元")
        (Decimal('283500.00'), Decimal('283500.00'), None, None)
        """
        found = self._bases.get(given, _UNSEEN)
        if found is _UNSEEN:
            found = self._plain_base(given)
            remember(self._bases, given, found, READINGS_KEPT)
        return found

    def _plain_base(self, given: str) -> Decimal | None:
        """:meth:`_plain`'s base value where its reading has no flag, else ``None``
        (``tests/test_fast_paths.py`` holds the two alike)."""
        plain = PLAIN_NUMBER.fullmatch(given) if not self.delay else None
        if plain is None:
            return None
        symbol, unit = plain[3], self.unit
        if symbol and (unit is None or (PLAIN_UNITS.get(symbol) is not unit and PLAIN_UNITS.get(symbol) != unit)):
            return None  # converted from another unit, or a unit on an axis with none: flagged
        number = Decimal(plain[1].replace(",", "") + (plain[2] or ""))
        if not symbol and self._percent and 0 < number.copy_abs() <= SUSPICIOUS_FRACTION:
            return None  # a bare fraction against a %: flagged
        return self.to_base(number)

    def _read(self, given: Any) -> Reading:
        if given.__class__ is str and not self.delay:
            plain = PLAIN_NUMBER.fullmatch(given)
            if plain is not None and (not plain[3] or plain[3] in self._symbols):
                return self._plain(given, Decimal(plain[1].replace(",", "") + (plain[2] or "")), plain[3])
        number = to_decimal(given)
        flags: list[Flag] = []
        if number is not None:
            reading = self._bare(given, number, flags)
            return Reading(given, Delay(None, reading.value), reading.base, reading.flags) if self.delay else reading
        else:
            text = read_text(given)
            source = normalize(text)
            if is_not_applicable(source):
                return Reading(given, NotApplicable(source))
            approximate = _approximate(source)
            if approximate is not None:
                source, text = approximate, approximate
                flags.append(Flag(Code.APPROXIMATE, f"{given!r} is approximate: read as {approximate}"))
            if self.delay and source in ON_TIME_ACTUALS and source not in ON_TIME_WORDS:
                # 完成 / 已完成 against a delay: on time, the deadline's own reading (rules §2), said as info.
                flags.append(Flag(Code.ON_TIME_WORD, f"{given!r} against a delay: on time"))
            op, quantity = self._measure(text, source)
            if op is not None:
                self._check_operator(op, text)
                flags.append(Flag(Code.OPERATOR_DROPPED, f"the actual {text!r} carries an operator; {op} dropped"))
        if quantity.unit is None:
            reading = self._bare(given, quantity.value, flags)
        else:
            reading = self._with_unit(given, quantity, flags)
        if self.delay:
            return Reading(given, Delay(None, reading.value), reading.base, reading.flags)
        return reading

    def _plain(self, given: str, number: Decimal, symbol: str) -> Reading:
        """A plain number as most actuals are written (``96.5``, ``96.5%``,
        ``1200人`` on a 人 axis): read as the parser would read it, without
        the tokenizer.  ``tests/test_fast_paths.py`` holds the two readings alike."""
        flags: list[Flag] = []
        if not symbol:
            return self._bare(given, number, flags)
        return self._with_unit(given, Quantity(number, PLAIN_UNITS[symbol]), flags)

    def _check_operator(self, op: Op, text: str) -> None:
        copied = op is Op.EQ or (self.direction is not None and op.upward == (self.direction == UP))
        if not copied:
            raise NotationError(Code.OPERATOR_IN_ACTUAL,
                                f"{text!r} bounds the actual instead of giving it; write the value itself",
                                text, (0, len(text)))

    def _measure(self, text: str, source: str) -> tuple[Op | None, Quantity]:
        if self.delay:
            if source in ON_TIME_WORDS or source in ON_TIME_ACTUALS:
                return None, Delay.on_time().quantity
            if source.startswith(DELAY_WORDS):
                condition = parse_notation(text, self._context).condition
                if not isinstance(condition, Delay) or condition.high is not None:
                    raise NotationError(Code.UNEXPECTED_TEXT, f"{text!r} is not one delay; give the days late",
                                        text, (0, len(text)))
                return condition.op, condition.quantity
        op, quantity, _ = parse_measurement(text, self._context)
        return op, quantity

    def _bare(self, given: Any, number: Decimal, flags: list[Flag]) -> Reading:
        if self._percent and 0 < number.copy_abs() <= SUSPICIOUS_FRACTION:  # copy_abs needs no context
            flags.append(Flag(
                Code.SUSPICIOUS_FRACTION,
                f"bare {format_decimal(number)} against a % target: read as {format_decimal(number)}%, "
                f"not {format_decimal(mul(number, HUNDRED).normalize(EXACT))}%",
            ))
        return Reading(given, Quantity(number, self.unit), self.to_base(number), tuple(flags))

    def _with_unit(self, given: Any, quantity: Quantity, flags: list[Flag]) -> Reading:
        unit = quantity.unit
        assert unit is not None
        if self.unit is None:
            flags.append(Flag(Code.UNIT_ASSUMED, f"the definition has no unit; the actual's {unit} is taken as it is"))
            return Reading(given, quantity, quantity.value, tuple(flags))
        if unit.is_scale_only and not self.unit.is_scale_only:
            scaled = scale_in_context(unit, self.unit)
            if scaled is not None:
                unit, quantity = scaled, Quantity(quantity.value, scaled)
        if self.months_as_days and unit.dimension == "months" and self.unit.dimension == "time":
            quantity = Quantity(months_in_days(quantity), _DAY)
            unit = _DAY
        if unit.dimension != self.unit.dimension:
            text = str(given)
            raise NotationError(
                Code.UNIT_MISMATCH,
                f"the actual is in {unit} but the definition is in {self.unit}; they do not convert",
                text,
                (0, len(text)),
            )
        if unit is not self.unit and unit != self.unit:  # units are shared: identity first, it is cheap
            if unit.factor == self.unit.factor and unit.dimension.startswith("count:"):
                flags.append(Flag(Code.COUNTED_AS, f"{unit} counted as {self.unit}"))  # 名 as 人 (rules §2)
            else:
                flags.append(Flag(Code.UNIT_CONVERTED, f"{quantity} converted to {self.unit}"))
        return Reading(given, quantity, quantity.base, tuple(flags))


_DAY = lookup("天")
# A text base_of has not seen (None is a text seen and not a plain number): an object of
# its own, compared by identity, of the memo's type, so that the hot path needs no cast.
_UNSEEN = Decimal("NaN")

# Every axis in use, once: equal axes read every text alike (issue 12).  Keyed
# by the fields, not by the axis, so that an axis no book holds is freed.
_AXES: weakref.WeakValueDictionary[tuple[Any, ...], Axis] = weakref.WeakValueDictionary()


def shared(axis: Axis) -> Axis:
    """The one axis in use equal to ``axis``, so that definitions on equal
    axes share the readings of the texts they have read.

    >>> shared(Axis(lookup("%"), direction="up")) is shared(Axis(lookup("%"), direction="up"))
    True
    """
    return _AXES.setdefault((axis.unit, axis.delay, axis.direction, axis.units, axis.months_as_days), axis)


def unit_named(symbol: str, declared: frozenset[str] = frozenset()) -> Unit:
    """The unit a definition names: a known unit, or a counter the book
    declared.  ``KeyError`` for any other.

    >>> unit_named("门", frozenset({"门"})).dimension, unit_named("万元").factor
    ('count:门', Decimal('10000'))
    """
    try:
        return lookup(symbol)
    except KeyError:
        if symbol in declared:
            return counter(symbol)
        raise


def months_in_days(quantity: Quantity) -> Decimal:
    """A number of months or years in days: 30 a month, 365 a year (rules §2).

    >>> months_in_days(Quantity(Decimal(2), lookup("个月"))), months_in_days(Quantity(Decimal(1), lookup("年")))
    (Decimal('60'), Decimal('365'))
    """
    assert quantity.unit is not None and quantity.dimension == "months"
    if quantity.unit.symbol.endswith("年"):
        return mul(quantity.value, DAYS_PER_YEAR)
    return mul(quantity.base, DAYS_PER_MONTH)


# --- completion dates, for deadlines ----------------------------------------

def read_completion(given: Any, year: int | None, due: datetime.date | None = None) -> Reading:
    """A completion date: an ISO or Chinese date, or a month meaning its last
    day in the budget year (rules §4), or a delay such as ``延期5天``.  A day
    with no year (``1月15日``) is read in the budget year, flagged
    ``year-assumed``; an Excel date serial (``44561``) is read as its date,
    flagged ``excel-date``.  ``due`` is the deadline, for the flags' advice.

    >>> read_completion("7月", 2023).value
    datetime.date(2023, 7, 31)
    >>> read_completion("2023.12.31", 2023).value
    datetime.date(2023, 12, 31)
    >>> read_completion(44561, 2021).value
    datetime.date(2021, 12, 31)
    """
    if isinstance(given, datetime.datetime):
        return Reading(given, given.date())
    if isinstance(given, datetime.date):
        return Reading(given, given)
    serial = _excel_serial(given)
    if serial is not None:
        flag = Flag(Code.EXCEL_DATE, f"{given!r} read as the Excel date serial of {serial.isoformat()}")
        return Reading(given, serial, flags=(flag,))
    text = read_text(given)
    source = normalize(text)
    if is_not_applicable(source):
        return Reading(given, NotApplicable(source))
    month = read_month(source)
    if month is not None:
        y = month[0] if month[0] is not None else year
        if y is None:
            raise NotationError(Code.YEAR_UNKNOWN, "a month with no year, and no budget year was given", text)
        try:
            return Reading(given, Deadline(y, month[1]).due())
        except ValueError:  # year 0, month 0
            raise NotationError(Code.BAD_DATE, "no such month", text, (0, len(text))) from None
    condition = parse_notation(text).condition
    if isinstance(condition, Deadline) and condition.rest == "":
        try:
            done = condition.due(year)
        except ValueError as exc:
            raise NotationError(Code.YEAR_UNKNOWN, str(exc), text) from exc
        if condition.year is not None or condition.day is None:
            return Reading(given, done)
        advice = ""
        if due is not None and due.month >= 10 and done.month <= 3:
            advice = f"; against a deadline of {due.isoformat()} it is likely {done.year + 1}: write the year"
        flag = Flag(Code.YEAR_ASSUMED, f"{text!r} names no year: read as {done.isoformat()}{advice}")
        return Reading(given, done, flags=(flag,))
    if isinstance(condition, Delay):
        return Reading(given, condition, condition.quantity.base)
    raise NotationError(Code.EXPECTED_DATE,
                        "expected a completion date (2023-12-20, 2023年12月20日, 7月) or a delay", text)


# Excel counts days from 1899-12-30; serials 20000–80000 are the years 1954–2119.
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_SERIAL = re.compile(r"=?(\d{2},?\d{3})")


def _excel_serial(given: Any) -> datetime.date | None:
    """The date an Excel serial stands for (44561, "=44,561"), if ``given`` is one."""
    if isinstance(given, bool):
        return None
    if isinstance(given, (int, Decimal)):
        number = Decimal(given)
    elif isinstance(given, str) and (m := _EXCEL_SERIAL.fullmatch(normalize(given))) is not None:
        number = Decimal(m.group(1).replace(",", ""))
    else:
        return None
    if number != number.to_integral_value(context=EXACT) or not 20000 <= number <= 80000:
        return None
    return _EXCEL_EPOCH + datetime.timedelta(days=int(number))


# Approximate values (rules §2): 约95%, 95%左右, 200余人, 600多人.
_APPROXIMATE = re.compile(
    "^(?:" + "|".join(APPROXIMATE_PREFIXES) + r")(?=[\d.])|(?:" + "|".join(APPROXIMATE_SUFFIXES) + ")$"
    r"|(?<=\d)(?:" + "|".join(APPROXIMATE_INFIXES) + r")(?=\D|$)")


# The characters an approximate qualifier starts with: most actuals have none, and skip the pattern.
_APPROXIMATE_STARTS = frozenset(w[0] for w in (*APPROXIMATE_PREFIXES, *APPROXIMATE_SUFFIXES, *APPROXIMATE_INFIXES))


def _approximate(source: str) -> str | None:
    """The value of an approximate actual with its qualifier taken out, or
    ``None`` when the text is not approximate.

    >>> _approximate("约95%"), _approximate("200余人"), _approximate("95%")
    ('95%', '200人', None)
    """
    if _APPROXIMATE_STARTS.isdisjoint(source):
        return None
    stripped = _APPROXIMATE.sub("", source)
    return None if stripped == source or not stripped else stripped
