"""Text to condition (rules §2).

:func:`parse` reads one piece of notation into a condition object.  Text is
normalised first (NFKC, compatibility symbols, no spaces), then read by a
recursive-descent parser over :mod:`perfeval.notation.tokenizer`.  Defects that the
parser can read past (``12底前``, ``625元，人次``) come back as notes, so that
compiling reports them; they are never fixed silently.

What the indicator says about itself (its declared counters, whether it
counts money, whether its name is a length) is a :class:`NotationContext`.

>>> parse("≥7000万元")
Compare('≥7000万元')
>>> parse("360-400人")
Range('360-400人')
>>> parse("延期15天以内"), parse("延期15-30天")
(Delay('延期≤15天'), Delay('延期15-30天'))
>>> parse("年底前完成当年任务")
Deadline('12月底前完成当年任务')
>>> parse("2021年1月-12月"), parse("2023.07-2024.01")
(Period('2021年1月-2021年12月'), Period('2023年7月-2024年1月'))
>>> parse("≥80M", NotationContext(length=True)), parse("≤28.40/株", NotationContext(money=True))
(Compare('≥80米'), Compare('≤28.40元/株'))
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

import attrs

from ..codes import Code
from ..errors import Diagnostic, NotationError
from ..limits import MAX_DIGITS, MAX_EXPONENT, MAX_NOTATION_LENGTH, within_number_limits
from ..rules import (
    APPROXIMATE_PREFIXES,
    EXTRACT_MAX_WORDS,
    ON_TIME_WORDS,
    PREFIX_WORDS,
    STANDARD_NOTE,
    SUFFIX_WORDS,
    TIER_WORDS,
    TRAILING_PUNCTUATION,
    WHOLE_YEAR_WORDS,
    YEAR_END_WORDS,
    is_not_applicable,
)
from .conditions import Compare, Condition, Deadline, Delay, NotApplicable, Op, Period, Quantity, Range, Words
from .numerals import chinese_number
from .tokenizer import Token, Tokenizer, as_typed, normalize
from .units import CONVENTIONS, Unit, compound, counter, lookup

__all__ = ["parse", "parse_notation", "parse_measurement", "Parsed", "NotationContext", "NO_CONTEXT",
           "read_month"]


def _units(units: Iterable[str]) -> frozenset[str]:
    if isinstance(units, str):
        raise TypeError("units is a collection of counters such as ['门', '批'], not one string")
    found = frozenset(units)
    bad = [u for u in found if not isinstance(u, str) or not u or any(c.isdigit() for c in u)]
    if bad:
        raise TypeError(f"a declared unit is text without digits, not {bad[0]!r}")
    return found


@attrs.frozen(cache_hash=True)  # a cache key of every parse: hashed once
class NotationContext:
    """What an indicator tells the reading of its notation (rules §2).

    ``units`` are the counters a book declared (``units: [门, 批]``), each a
    dimension of its own; ``money`` says the indicator counts money or cost
    (a ``/`` straight after a number then stands for 元/, ``≤28.40/株``);
    ``length`` says its name is a length (:func:`perfeval.rules.is_length`),
    so that ``M`` reads as metres.  Frozen and hashable: it is part of the
    parser's cache key.

    >>> NotationContext(units=["门"]).units
    frozenset({'门'})
    """

    units: frozenset[str] = attrs.field(default=frozenset(), converter=_units)
    money: bool = False
    length: bool = False


NO_CONTEXT = NotationContext()


@attrs.frozen
class Parsed:
    """A condition with the notes the parser made reading it.

    ``standard`` is a parenthesised standard note kept apart from the value
    (``≥95%(历史标准)`` has ``standard == "历史标准"``), else ``None``.
    """

    condition: Condition
    notes: tuple[Diagnostic, ...] = ()
    text: str = ""
    standard: str | None = None


def parse(text: str, context: NotationContext | None = None) -> Condition:
    """Read ``text`` into a condition; raise :class:`NotationError` if it
    looks like notation but is not well formed.

    >>> parse("不少于12 种")
    Compare('≥12种')
    >>> parse("严格落实相关政策")
    Words('严格落实相关政策')
    """
    return parse_notation(text, NO_CONTEXT if context is None else context).condition


# Longer text is not notation; refusing it keeps hostile input from filling
# the caches below (exceptions are never cached).
MAX_LENGTH = MAX_NOTATION_LENGTH


def check_length(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise NotationError(Code.TOO_LONG, f"{len(text)} characters; notation has at most {MAX_LENGTH}",
                            text[:40] + "…", (0, 40))


def _check_arguments(text: object, context: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"notation must be text, not {type(text).__name__}")
    if not isinstance(context, NotationContext):
        raise TypeError(f"context must be a NotationContext, not {type(context).__name__}")
    check_length(text)


def _strip_punctuation(source: str, start: int, end: int) -> int:
    while end > start and source[end - 1] in TRAILING_PUNCTUATION:
        end -= 1
    return end


def _surroundings(source: str) -> tuple[int, int, str | None]:
    """``(start, end, standard)``: where the value lies in ``source`` once a
    trailing 。；， and a parenthesised standard note are set apart (rules §2)."""
    start, end, standard = 0, _strip_punctuation(source, 0, len(source)), None
    note = STANDARD_NOTE.search(source, start, end)
    if note is not None and note.end() == end:
        standard, end = note.group("standard"), _strip_punctuation(source, start, note.start())
    elif note is not None and note.start() == 0:
        standard, start = note.group("standard"), note.end()
    if start >= end:  # nothing but punctuation or a note: read the text as it is
        return 0, len(source), None
    return start, end, standard


def _shifted(error: NotationError, core: str, source: str, start: int) -> NotationError:
    """An error found in the value, placed in the whole text."""
    if (start == 0 and core == source) or error.text != core:
        return error
    return NotationError(error.code, error.message, source, (error.span[0] + start, error.span[1] + start))


@lru_cache(maxsize=65536)
def parse_notation(text: str, context: NotationContext = NO_CONTEXT) -> Parsed:
    """Like :func:`parse`, keeping the parser's notes and the standard note.

    >>> p = parse_notation("≥95%(历史标准)")
    >>> p.condition, p.standard, [n.code for n in p.notes]
    (Compare('≥95%'), '历史标准', ['standard-note'])
    """
    _check_arguments(text, context)
    source = normalize(text)
    if not source:
        raise NotationError(Code.EMPTY, "empty notation", text, (0, len(text)))
    start, end, standard = _surroundings(source)
    core = source[start:end]
    parser = _Parser(core, context)
    try:
        condition = parser.condition()
    except NotationError as error:
        raise as_typed(_shifted(error, core, source, start), text) from None
    notes = parser.notes
    if isinstance(condition, Words):
        # Words are the whole text: an actual that repeats it must match it.
        return Parsed(Words(source), tuple(notes), source)
    if standard is not None:
        notes.append(Diagnostic(Code.STANDARD_NOTE, "info", f"the standard note ({standard}) is kept apart from "
                                                            f"the value {core!r}"))
    return Parsed(condition, tuple(notes), source, standard)


# --- deadlines: formulaic enough for a few anchored patterns ---------------

# Loose on purpose: 13月 must reach the date check and fail there as bad-date.
_MONTH = r"(?P<month>\d{1,2}|十[一二]?|[一二三四五六七八九])"
_BEFORE = r"(?P<before>之前|以前|前)?"
_DEADLINE_PATTERNS = (
    # 2023-12-31, 2023.12.31, 2023/12/31, each optionally 前
    re.compile(rf"(?P<year>\d{{4}})[-./]{_MONTH}[-./](?P<day>\d{{1,2}}){_BEFORE}"),
    # [2023年]12月31日, optionally 前
    re.compile(rf"(?:(?P<year>\d{{4}})年)?{_MONTH}月(?P<day>\d{{1,2}})(?:日|号){_BEFORE}"),
    # [2023年]12月底前, 12月前, 12月末, 12底前 (a defect: 月 left out), 2021年7月 (a year and a month)
    re.compile(rf"(?:(?P<year>\d{{4}})年)?{_MONTH}(?P<yue>月份?)?(?P<end>底|末)?{_BEFORE}"),
    # [2023年]年底前, 年内, 当年, 2023年底前
    re.compile(
        r"(?:(?P<year>\d{4})年)?(?P<yearend>"
        + "|".join(sorted(YEAR_END_WORDS, key=len, reverse=True))
        + r"|底|末|内)"
        + _BEFORE
    ),
)

# --- periods (rules §2): done by the end; never a numeric range -------------

_SEPARATOR = r"(?:-+|~|至|到)"
_PERIOD_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_YEAR = r"(?:19|20)\d{2}"
_WHOLE_YEAR = "|".join(WHOLE_YEAR_WORDS)
_PERIOD_PATTERNS = (
    # 2021年1月-12月, 2020年1月--2020年11月, 1-12月, 1月至12月
    re.compile(rf"(?:(?P<y1>\d{{4}})年)?(?P<m1>{_PERIOD_MONTH})(?:月份?)?{_SEPARATOR}"
               rf"(?:(?P<y2>\d{{4}})年)?(?P<m2>{_PERIOD_MONTH})月份?"),
    # 2023.07-2024.01 (a service period), 2023-07至2024-01: a two-digit month, so that 2019.5-2020.5 stays numbers
    re.compile(rf"(?P<y1>{_YEAR})[./-](?P<m1>0[1-9]|1[0-2]){_SEPARATOR}(?P<y2>{_YEAR})[./-](?P<m2>0[1-9]|1[0-2])"),
    # 全年, 2020年全年
    re.compile(rf"(?:(?P<y1>\d{{4}})年)?(?P<whole>{_WHOLE_YEAR})"),
    # 2020年, 2020年度: a year alone is that whole year
    re.compile(rf"(?P<y1>{_YEAR})年度?"),
)


# A month alone, as an actual completion: 7月, 2023年7月, 2023-07, 2023.7.
_MONTH_ONLY = re.compile(r"(?:(?P<year>\d{4})(?:年|[-./]))?(?P<month>1[0-2]|0?[1-9])(?:月份?|月)?")


def read_month(source: str) -> tuple[int | None, int] | None:
    """``(year or None, month)`` for normalised text that names a month
    alone, else ``None``.  A bare number is not a month.

    >>> read_month("7月"), read_month("2023-07"), read_month("7")
    ((None, 7), (2023, 7), None)
    """
    found = _MONTH_ONLY.fullmatch(source)
    if found is None or not ("月" in source or found.group("year")):
        return None
    return (int(found.group("year")) if found.group("year") else None, int(found.group("month")))


def _small_number(text: str) -> int:
    return int(text) if text.isdigit() else int(chinese_number(text))


# --- units that the context decides, and units that are unknown (rules §2) ----

# After a Chinese numeral, 分 is points only where the text ends (or a
# comparison word does): 九十分以上 is ≥90 points, but 十分满意 and 百分之九十 are words.
_WORDS_AFTER_CHINESE_NUMERALS = frozenset({"分"})
# One token that looks like a unit: one CJK character, or one to three Latin letters.
_UNIT_LIKE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]|[A-Za-z]{1,3}(?![A-Za-z])")
_SUFFIX_ONLY = re.compile(
    "(?:" + "|".join(re.escape(w) for w in sorted(SUFFIX_WORDS, key=lambda w: (-len(w), w))) + ")?")
# Comparison words anywhere in a sentence; a bare 内 counts only right after the value (辖区内 is a place).
_COMPARISON_WORD = re.compile("|".join(
    re.escape(w) for w in sorted({*PREFIX_WORDS, *SUFFIX_WORDS} - {"内"}, key=lambda w: (-len(w), w))))
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_OP_SIGNS = "≥≤><="
# M as metres: an M that no other Latin letter follows (80M, not 80MB).
_METRES = re.compile(r"M(?![A-Za-z])")


class _Parser:
    def __init__(self, source: str, context: NotationContext = NO_CONTEXT) -> None:
        self.source = source
        self.context = context
        self.tokens = Tokenizer(source)
        self.notes: list[Diagnostic] = []

    def note(self, code: str, message: str, severity: str = "warning") -> None:
        self.notes.append(Diagnostic(code, severity, message))

    # condition := na | delay | period | deadline | comparison | words
    def condition(self) -> Condition:
        source = self.source
        if is_not_applicable(source):
            return NotApplicable(source)
        if source in ON_TIME_WORDS:
            return Delay.on_time()
        unit = self.tokens.check("UNIT")
        if unit is not None and unit.end == len(source) and not unit.text.isascii():
            # A unit with no value (公里, 万亩): a template cell left unfilled, not words.
            self.tokens.raise_syntax_error(Code.EXPECTED_NUMBER, "a unit with no value before it", 0, len(source))
        if self.tokens.check("DELAY"):
            return self.delay()
        period = self.period()
        if period is not None:
            return period
        deadline = self.deadline()
        if deadline is not None:
            return deadline
        condition = self.comparison() if self.looks_quantitative() else Words(source)
        if isinstance(condition, Words):
            return self.extract() or condition
        return condition

    def looks_quantitative(self) -> bool:
        t = self.tokens
        if t.check("OP") or t.check("NUMBER"):
            return True
        if self.counted_numeral(t.position) is not None:
            return True
        word = t.check("PREFIX_WORD")
        return word is not None and bool(t.peek("NUMBER", word.end) or t.peek("OP", word.end)
                                          or self.counted_numeral(word.end) is not None)

    def counted_numeral(self, position: int) -> Token | None:
        """A Chinese numeral at ``position`` that a unit follows (两周, 半年),
        so that words such as 一流 stay words.  The numeral is the shortest
        one a unit follows: 十五千克 is 十五 and 千克, not 十五千 and 克
        (三千人 is still 三千 and 人, as 千人 is no unit)."""
        t = self.tokens
        cn = t.peek("CN_NUMBER", position)
        if cn is None:
            return None
        for end in range(cn.position + 1, cn.end + 1):
            found = self.unit_at(end)
            if found is not None and (found[0].symbol not in _WORDS_AFTER_CHINESE_NUMERALS
                                      or _SUFFIX_ONLY.fullmatch(self.source, found[1])):
                return Token("CN_NUMBER", self.source[cn.position:end], cn.position)
        return None

    # operators := [PREFIX_WORD] [OP]   or   [SUFFIX_WORD]: each with its span
    def operators(self, *names: str) -> list[tuple[Op, int, int]]:
        found = []
        for name in names:
            token = self.tokens.consume(name)
            if token is not None:
                symbol = {"PREFIX_WORD": PREFIX_WORDS, "SUFFIX_WORD": SUFFIX_WORDS}.get(name, {}).get(token.text,
                                                                                                   token.text)
                found.append((Op(symbol), token.position, token.end))
        return found

    def single_operator(self, ops: list[tuple[Op, int, int]]) -> Op | None:
        if len({op for op, _, _ in ops}) > 1:
            _, start, end = ops[1]
            self.tokens.raise_syntax_error(Code.CONFLICTING_OPERATORS, "two operators that disagree", start, end)
        return ops[0][0] if ops else None

    # comparison := operators quantity ([RANGE quantity] | [SUFFIX_WORD])
    def comparison(self) -> Condition:
        t = self.tokens
        ops = self.operators("PREFIX_WORD", "OP")
        low = self.quantity()
        self.refuse_unknown_unit(low)
        if t.consume("RANGE"):
            if ops:
                t.raise_syntax_error(Code.OPERATOR_WITH_RANGE, "a range takes no operator", ops[0][1], ops[0][2])
            high = self.quantity()
            self.refuse_unknown_unit(high)
            words = self.end_or_words(named=True)
            if words is not None:
                return words
            low, high = _share_unit(low, high)
            if low.dimension != high.dimension and None not in (low.unit, high.unit):
                t.raise_syntax_error(Code.RANGE_UNITS, f"range ends in {low.unit} and {high.unit}", 0, len(self.source))
            if low.base > high.base:
                t.raise_syntax_error(Code.RANGE_REVERSED, f"range starts above its end ({low} > {high})", 0,
                                     len(self.source))
            return Range(low, high)
        ops += self.operators("SUFFIX_WORD")
        words = self.end_or_words(named=not ops)
        if words is not None:
            return words
        return Compare(self.single_operator(ops), low)

    def refuse_unknown_unit(self, quantity: Quantity) -> None:
        """A number followed by one token that looks like a unit and is none
        (``≥80M``, ``5樽``) is an error naming the token, never words (rules §2)."""
        t = self.tokens
        if quantity.unit is not None:
            return
        token = _UNIT_LIKE.match(self.source, t.position)
        if token is None or not _SUFFIX_ONLY.fullmatch(self.source, token.end()):
            return
        if _SUFFIX_ONLY.fullmatch(self.source, t.position):
            return  # the token is itself a comparison word: 5内
        text = token.group()
        hint = " (M is metres only where the indicator's name is a length: 长度, 距离 …)" if text == "M" else ""
        raise NotationError(Code.UNKNOWN_UNIT,
                            f"unknown unit {text!r}{hint}; if it counts something, declare it in the book: "
                            f"units: [{text}]", self.source, token.span())

    def end_or_words(self, named: bool = False) -> Words | None:
        """At the end: nothing.  Trailing words turn the whole text
        qualitative (rules §2: words are whatever reads as nothing else);
        trailing symbols are an error.  With ``named``, where no operator
        was written, a number that names something (5G网络, 3A级) is words too."""
        t = self.tokens
        if t.at_end:
            return None
        if _WORDS_ONLY.fullmatch(t.rest) or (named and _NAMED.fullmatch(t.rest)):
            self.note(Code.READ_AS_WORDS, f"{self.source!r} has a number but is read as words", "info")
            return Words(self.source)
        bad = _FIRST_BAD.search(t.rest)
        start = t.position + (bad.start() if bad else 0)
        t.raise_syntax_error(Code.UNEXPECTED_TEXT, "unexpected text", start, start + 1)

    # quantity := (NUMBER | CN_NUMBER) [unit]
    def quantity(self, range_start: bool = False) -> Quantity:
        """A number and its unit.  A Chinese numeral needs a unit after it
        (一流 is words), except, with ``range_start``, at the start of a
        range whose unit comes at its end (延期一至两周)."""
        t = self.tokens
        number = t.consume("NUMBER")
        if number is not None:
            value = Decimal(number.text.replace(",", ""))
            if not within_number_limits(value):  # more digits than are kept would be rounded before comparing
                t.raise_syntax_error(Code.OUT_OF_RANGE, f"a number beyond perfeval's limits ({MAX_DIGITS} digits, "
                                     f"10^±{MAX_EXPONENT})", number.position, number.end)
            return Quantity(value, self.unit(after_number=True))
        cn = self.counted_numeral(t.position)
        if cn is None and range_start:
            cn = t.check("CN_NUMBER")
            if cn is not None and t.peek("RANGE", cn.end) is None:
                cn = None
        if cn is None:
            t.raise_syntax_error(Code.EXPECTED_NUMBER, "expected a number")
        t.position = cn.end
        return Quantity(chinese_number(cn.text), self.unit())

    def unit_at(self, position: int) -> tuple[Unit, int, str] | None:
        """``(unit, end, how)`` for the longest unit at ``position``: one of the
        list (``how == ""``), a counter the book declared (``"declared"``),
        or ``M`` on a length indicator (``"metres"``)."""
        found: list[tuple[Unit, int, str]] = []
        token = self.tokens.peek("UNIT", position)
        if token is not None:
            found.append((lookup(token.text), token.end, ""))
        found += [(counter(u), position + len(u), "declared") for u in self.context.units
                  if self.source.startswith(u, position)]
        if self.context.length and _METRES.match(self.source, position):
            found.append((lookup("米"), position + 1, "metres"))
        if not found:
            return None
        # The longest wins; a counter of the list wins over the same one declared.
        return max(found, key=lambda f: (f[1], f[2] == ""))

    def simple_unit(self) -> Unit | None:
        """Consume one unit (not a compound), with the notes its reading needs."""
        found = self.unit_at(self.tokens.position)
        if found is None:
            return None
        unit, end, how = found
        written = self.source[self.tokens.position:end]
        self.tokens.position = end
        if how == "metres":
            self.note(Code.METRES_FROM_NAME, "M read as metres (米): the indicator's name is a length", "info")
        if written in CONVENTIONS:
            self.note(Code.UNIT_FACTOR, f"{written} converts by convention: {CONVENTIONS[written]}", "info")
        return unit

    def read_simple_unit(self) -> Unit:
        unit = self.simple_unit()
        if unit is None:
            self.tokens.raise_syntax_error(Code.EXPECTED_UNIT, "expected a unit after '/'")
        return unit

    # unit := UNIT [("/" UNIT (("/" | "·" | "*") UNIT)*) | ("," UNIT)]
    def unit(self, after_number: bool = False) -> Unit | None:
        t = self.tokens
        unit = self.simple_unit()
        if unit is None:
            # ≤28.40/株: on a money or cost indicator, a '/' straight after the number stands for 元/.
            per = t.check("PER")
            if not (after_number and self.context.money and per is not None and self.unit_at(per.end)):
                return None
            unit = lookup("元")
            self.note(Code.YUAN_FROM_SLASH, "the '/' straight after the number read as 元/ on a money indicator",
                      "info")
        if t.consume("PER"):
            denominators = [self.read_simple_unit()]
            while t.consume("PER") is not None or t.consume("TIMES") is not None:
                denominators.append(self.read_simple_unit())
            return compound(unit, *denominators)
        comma = t.check("COMMA")
        if comma is not None:
            denominator = t.peek("UNIT", comma.end)
            if denominator is not None and denominator.end == len(self.source):
                t.position = denominator.end
                self.note(Code.UNIT_SEPARATOR,
                          f"'{unit.symbol},{denominator.text}' read as {unit.symbol}/{denominator.text}")
                return compound(unit, lookup(denominator.text))
        return unit

    # delay := DELAY operators quantity [SUFFIX_WORD]  |  DELAY quantity RANGE quantity
    def delay(self) -> Condition:
        t = self.tokens
        t.consume("DELAY")  # condition() saw it
        ops = self.operators("PREFIX_WORD", "OP")
        start = t.position
        quantity = self.quantity(range_start=True)
        high = None
        if t.consume("RANGE"):  # 延期15-30天: the unit written once, at the end
            if ops:
                t.raise_syntax_error(Code.OPERATOR_WITH_RANGE, "a range takes no operator", ops[0][1], ops[0][2])
            high = self.quantity()
            quantity, high = _share_unit(quantity, high)
        for q in (quantity, high):
            if q is not None and q.dimension not in DELAY_DIMENSIONS:
                t.raise_syntax_error(Code.DELAY_UNIT, "a delay needs a time unit (天, 周, 月, 个工作日 …)", start,
                                     t.position)
        if high is not None:
            if quantity.dimension != high.dimension:
                t.raise_syntax_error(Code.RANGE_UNITS, f"delay range ends in {quantity.unit} and {high.unit}", start,
                                     t.position)
            if quantity.base > high.base:
                t.raise_syntax_error(Code.RANGE_REVERSED, f"delay range starts above its end ({quantity} > {high})",
                                     start, t.position)
        ops += self.operators("SUFFIX_WORD")
        if not t.at_end:
            t.raise_syntax_error(Code.UNEXPECTED_TEXT, "unexpected text after a delay")
        if high is not None:
            if ops:
                _, at, end = ops[0]
                t.raise_syntax_error(Code.OPERATOR_WITH_RANGE, "a range takes no operator", at, end)
            return Delay(None, quantity, high)
        return Delay(self.single_operator(ops), quantity)

    def period(self) -> Period | None:
        """A period such as 2021年1月-12月 or 全年: done by its end (rules §2)."""
        for pattern in _PERIOD_PATTERNS:
            m = pattern.fullmatch(self.source)
            if m is None:
                continue
            groups = m.groupdict()
            y1 = int(groups["y1"]) if groups.get("y1") else None
            y2 = int(groups["y2"]) if groups.get("y2") else None
            whole = "m1" not in groups
            m1, m2 = (1, 12) if whole else (_small_number(groups["m1"]), _small_number(groups["m2"]))
            if y2 is None:
                y2 = y1  # 2021年1月-12月, 2020年全年: the end is in the start's year
            if 0 in (y1, y2):
                self.tokens.raise_syntax_error(Code.BAD_DATE, "no such year", 0, len(self.source))
            if (y1 is None) == (y2 is None) and ((y1 or 0), m1) > ((y2 or 0), m2):
                self.tokens.raise_syntax_error(Code.BAD_DATE, "the period ends before it starts", 0, len(self.source))
            period = Period(y1, m1, y2, m2, whole_year=whole)
            self.note(Code.PERIOD_AS_DEADLINE, f"{self.source!r} is a period, read as done by its end ({period})",
                      "info")
            return period
        return None

    def deadline(self) -> Deadline | None:
        for pattern in _DEADLINE_PATTERNS:
            m = pattern.match(self.source)
            if m is None:
                continue
            groups = m.groupdict()
            if "yearend" in groups:
                if groups["yearend"] in ("底", "末", "内") and not groups["year"]:
                    continue
                month, day = 12, None
            elif "day" in groups:
                month, day = _small_number(groups["month"]), int(groups["day"])
            else:
                # 12月 alone is a quantity of months, 12前 is nothing; a year and a month (2021年7月) is the
                # end of that month (rules §2).
                year_month = bool(groups["year"] and groups["yue"])
                if not year_month and (not (groups["end"] or groups["before"]) or not (groups["yue"] or groups["end"])):
                    continue
                month, day = _small_number(groups["month"]), None
                if not groups["yue"]:
                    year_text = f"{groups['year']}年" if groups["year"] else ""
                    self.note(Code.DEADLINE_MONTH_SIGN,
                              f"{m.group()!r} read as {year_text}{month}月{groups['end']}{groups['before'] or ''}")
            rest = self.source[m.end():]
            # What follows a deadline says what is to be done (完成当年任务).  A
            # number or an operator there means the text is something else:
            # 当年新增就业人数≥1000人 is a count, not a deadline.
            if _FIRST_BAD.search(rest):
                continue
            year = int(groups["year"]) if groups["year"] else None
            try:
                # 2000 is a leap year, so 2月29日 passes when no year is written.
                datetime.date(2000 if year is None else year, month, 1 if day is None else day)
            except ValueError:
                self.tokens.raise_syntax_error(Code.BAD_DATE, "no such date", 0, m.end())
            return Deadline(year, month, day, rest)
        return None

    def extract(self) -> Compare | None:
        """The one value of a short sentence (辖区企业满意率达95%以上, 100%覆盖,
        至少全年完成2次宣传), flagged; ``None`` where the text holds no value,
        more than one number or comparison word, a span of time, a date or a
        range, or too many words (rules §2)."""
        s = self.source
        numbers = list(_ARABIC.finditer(s))
        if len(numbers) != 1:
            return None
        at = numbers[0].start()
        pre = s[:at]
        beside: list[str] = []  # comparison words beside the value: ≥95%, 95%以上
        if pre and pre[-1] in _OP_SIGNS:
            beside.append(pre[-1])
            pre = pre[:-1]
        value = _Parser(s, self.context)
        value.tokens.position = at
        try:
            quantity = value.quantity()
        except NotationError:
            return None
        if (quantity.unit is None or quantity.dimension in DELAY_DIMENSIONS or pre.endswith("第")
                or value.tokens.check("RANGE")):
            return None
        beside += [token.text for token in [value.tokens.consume("SUFFIX_WORD")] if token is not None]
        after = value.tokens.position
        post = s[after:]
        if _FIRST_BAD.search(pre) or _FIRST_BAD.search(post) or TIER_WORDS.keys() & {pre, post}:
            return None  # 部分达成 75% is a tier with its ratio (rules §4), not a value
        if any(self.counted_numeral(i) for i in (*range(len(pre)), *range(after, len(s)))):
            return None  # 覆盖三个村95%以上: a second number, in Chinese numerals
        inside = _COMPARISON_WORD.findall(pre) + _COMPARISON_WORD.findall(post)  # 至少全年完成2次宣传
        found = beside + inside
        if len(found) > 1 or len(pre) + len(post) - sum(map(len, inside)) > EXTRACT_MAX_WORDS:
            return None
        op = Op({**PREFIX_WORDS, **SUFFIX_WORDS}.get(found[0], found[0])) if found else None
        approximate = next((w for w in APPROXIMATE_PREFIXES if pre.startswith(w)), None)
        self.notes = [n for n in self.notes if n.code != Code.READ_AS_WORDS] + value.notes
        extracted = Compare(op, quantity)
        self.note(Code.VALUE_EXTRACTED, f"the value {extracted} was read out of {s!r}"
                  + (f" ({approximate}: approximately)" if approximate else ""))
        return extracted


# Trailing text that is words (CJK, and the punctuation between them) rather
# than a broken number or symbol.
_WORDS_ONLY = re.compile(r"[^\x00-\x7f≥≤%‰]+")
_FIRST_BAD = re.compile(r"[\x00-\x7f≥≤%‰]")
# A number and Latin letters that name something, then words: 5G网络, 3A级.
_NAMED = re.compile(r"[A-Za-z]+[^\x00-\x7f≥≤%‰]+")
DELAY_DIMENSIONS = ("time", "workdays", "months")


def _share_unit(low: Quantity, high: Quantity) -> tuple[Quantity, Quantity]:
    """The unit may be written on either end of a range, or both; a bare 万
    on one end takes the other end's unit (5万-10万元)."""
    if high.unit is not None and (low.unit is None or (
            low.unit.is_scale_only and high.unit.symbol.startswith(low.unit.symbol))):
        low = Quantity(low.value, high.unit)
    elif low.unit is not None and (high.unit is None or (
            high.unit.is_scale_only and low.unit.symbol.startswith(high.unit.symbol))):
        high = Quantity(high.value, low.unit)
    return low, high


@lru_cache(maxsize=65536)
def parse_measurement(text: str, context: NotationContext = NO_CONTEXT
                      ) -> tuple[Op | None, Quantity, tuple[Diagnostic, ...]]:
    """Read an actual value written as a number: ``92%``, ``7200万元``, ``≥266米``.

    The operator, if one was copied from the target, comes back separately so
    that the caller can drop it and say so.  A trailing 。；， is dropped.

    >>> parse_measurement("≥266米")[:2]
    (<Op.GE: '≥'>, Quantity('266米'))
    >>> parse_measurement("120TB")[1:]
    (Quantity('120TB'), (Diagnostic(unit-factor info: TB converts by convention: 1 TB = 1024 GB),))
    """
    _check_arguments(text, context)
    source = normalize(text)
    if not source:
        raise NotationError(Code.EMPTY, "empty value", text)
    end = _strip_punctuation(source, 0, len(source)) or len(source)
    parser = _Parser(source[:end], context)
    try:
        ops = parser.operators("PREFIX_WORD", "OP")
        quantity = parser.quantity()
        parser.refuse_unknown_unit(quantity)
        ops += parser.operators("SUFFIX_WORD")
        if not parser.tokens.at_end:
            parser.tokens.raise_syntax_error(Code.UNEXPECTED_TEXT, "unexpected text after the value")
        return parser.single_operator(ops), quantity, tuple(parser.notes)
    except NotationError as error:
        raise as_typed(_shifted(error, source[:end], source, 0), text) from None
