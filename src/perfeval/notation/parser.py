"""Text to condition (rules §2).

:func:`parse` reads one piece of notation into a condition object.  Text is
normalised first (NFKC, compatibility symbols, no spaces), then read by a
recursive-descent parser over :mod:`perfeval._tokenizer`.  Defects that the
parser can read past (``12底前``, ``625元，人次``) come back as notes, so that
compiling reports them; they are never fixed silently.

>>> parse("≥7000万元")
Compare('≥7000万元')
>>> parse("360-400人")
Range('360-400人')
>>> parse("延期15天以内")
Delay('延期≤15天')
>>> parse("年底前完成当年任务")
Deadline('12月底前完成当年任务')
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from functools import lru_cache

import attrs

from ..codes import Code
from ..errors import Diagnostic, NotationError
from ..rules import ON_TIME_WORDS, PREFIX_WORDS, SUFFIX_WORDS, YEAR_END_WORDS, is_not_applicable
from .conditions import Compare, Condition, Deadline, Delay, NotApplicable, Op, Quantity, Range, Words
from .numerals import chinese_number
from .tokenizer import Token, Tokenizer, as_typed, normalize
from .units import Unit, compound, lookup

__all__ = ["parse", "parse_notation", "Parsed", "read_month"]


@attrs.frozen
class Parsed:
    """A condition with the notes the parser made reading it."""

    condition: Condition
    notes: tuple[Diagnostic, ...] = ()
    text: str = ""


def parse(text: str) -> Condition:
    """Read ``text`` into a condition; raise :class:`NotationError` if it
    looks like notation but is not well formed.

    >>> parse("不少于12 种")
    Compare('≥12种')
    >>> parse("严格落实相关政策")
    Words('严格落实相关政策')
    """
    return parse_notation(text).condition


# Longer text is not notation; refusing it keeps hostile input from filling
# the caches below (exceptions are never cached).
MAX_LENGTH = 1000


def check_length(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise NotationError(Code.TOO_LONG, f"{len(text)} characters; notation has at most {MAX_LENGTH}",
                            text[:40] + "…", (0, 40))


@lru_cache(maxsize=8192)
def parse_notation(text: str) -> Parsed:
    """Like :func:`parse`, keeping the parser's notes."""
    if not isinstance(text, str):
        raise TypeError(f"notation must be text, not {type(text).__name__}")
    check_length(text)
    source = normalize(text)
    if not source:
        raise NotationError(Code.EMPTY, "empty notation", text, (0, len(text)))
    parser = _Parser(source)
    try:
        condition = parser.condition()
    except NotationError as error:
        raise as_typed(error, text) from None
    return Parsed(condition, tuple(parser.notes), source)


# --- deadlines: formulaic enough for a few anchored patterns ---------------

# Loose on purpose: 13月 must reach the date check and fail there as bad-date.
_MONTH = r"(?P<month>\d{1,2}|十[一二]?|[一二三四五六七八九])"
_BEFORE = r"(?P<before>之前|以前|前)?"
_DEADLINE_PATTERNS = (
    # 2023-12-31, 2023.12.31, 2023/12/31, each optionally 前
    re.compile(rf"(?P<year>\d{{4}})[-./]{_MONTH}[-./](?P<day>\d{{1,2}}){_BEFORE}"),
    # [2023年]12月31日, optionally 前
    re.compile(rf"(?:(?P<year>\d{{4}})年)?{_MONTH}月(?P<day>\d{{1,2}})(?:日|号){_BEFORE}"),
    # [2023年]12月底前, 12月前, 12月末, 12底前 (a defect: 月 left out)
    re.compile(rf"(?:(?P<year>\d{{4}})年)?{_MONTH}(?P<yue>月份?)?(?P<end>底|末)?{_BEFORE}"),
    # [2023年]年底前, 年内, 当年, 2023年底前
    re.compile(
        r"(?:(?P<year>\d{4})年)?(?P<yearend>"
        + "|".join(sorted(YEAR_END_WORDS, key=len, reverse=True))
        + r"|底|末|内)"
        + _BEFORE
    ),
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


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = Tokenizer(source)
        self.notes: list[Diagnostic] = []

    def note(self, code: str, message: str, severity: str = "warning") -> None:
        self.notes.append(Diagnostic(code, severity, message))

    # condition := na | delay | deadline | comparison | words
    def condition(self) -> Condition:
        source = self.source
        if is_not_applicable(source):
            return NotApplicable(source)
        if source in ON_TIME_WORDS:
            return Delay.on_time()
        if self.tokens.check("DELAY"):
            return self.delay()
        deadline = self.deadline()
        if deadline is not None:
            return deadline
        if self.looks_quantitative():
            return self.comparison()
        return Words(source)

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
            if t.peek("UNIT", end) is not None:
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
        if t.consume("RANGE"):
            if ops:
                t.raise_syntax_error(Code.OPERATOR_WITH_RANGE, "a range takes no operator", ops[0][1], ops[0][2])
            high = self.quantity()
            words = self.end_or_words()
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
        words = self.end_or_words()
        if words is not None:
            return words
        return Compare(self.single_operator(ops), low)

    def end_or_words(self) -> Words | None:
        """At the end: nothing.  Trailing words turn the whole text
        qualitative (rules §2: words are whatever reads as nothing else);
        trailing symbols are an error."""
        t = self.tokens
        if t.at_end:
            return None
        if _WORDS_ONLY.fullmatch(t.rest):
            self.note(Code.READ_AS_WORDS, f"{self.source!r} has a number but is read as words", "info")
            return Words(self.source)
        bad = _FIRST_BAD.search(t.rest)
        start = t.position + (bad.start() if bad else 0)
        t.raise_syntax_error(Code.UNEXPECTED_TEXT, "unexpected text", start, start + 1)

    # quantity := (NUMBER | CN_NUMBER) [unit]
    def quantity(self) -> Quantity:
        t = self.tokens
        number = t.consume("NUMBER")
        if number is not None:
            return Quantity(Decimal(number.text.replace(",", "")), self.unit())
        cn = self.counted_numeral(t.position)
        if cn is None:
            t.raise_syntax_error(Code.EXPECTED_NUMBER, "expected a number")
        t.position = cn.end
        return Quantity(chinese_number(cn.text), self.unit())

    # unit := UNIT [("/" | ",") UNIT]
    def unit(self) -> Unit | None:
        t = self.tokens
        token = t.consume("UNIT")
        if token is None:
            return None
        unit = lookup(token.text)
        if t.consume("PER"):
            per = t.read("UNIT", Code.EXPECTED_UNIT, "a unit after '/'")
            return compound(unit, lookup(per.text))
        comma = t.check("COMMA")
        if comma is not None:
            denominator = t.peek("UNIT", comma.end)
            if denominator is not None and denominator.end == len(self.source):
                t.position = denominator.end
                self.note(Code.UNIT_SEPARATOR,
                          f"'{token.text},{denominator.text}' read as {token.text}/{denominator.text}")
                return compound(unit, lookup(denominator.text))
        return unit

    # delay := DELAY operators quantity [SUFFIX_WORD]
    def delay(self) -> Condition:
        t = self.tokens
        t.consume("DELAY")  # condition() saw it
        ops = self.operators("PREFIX_WORD", "OP")
        start = t.position
        quantity = self.quantity()
        if quantity.dimension not in DELAY_DIMENSIONS:
            t.raise_syntax_error(Code.DELAY_UNIT, "a delay needs a time unit (天, 周, 月, 个工作日 …)", start,
                                 t.position)
        ops += self.operators("SUFFIX_WORD")
        if not t.at_end:
            t.raise_syntax_error(Code.UNEXPECTED_TEXT, "unexpected text after a delay")
        return Delay(self.single_operator(ops), quantity)

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
                if not (groups["end"] or groups["before"]) or not (groups["yue"] or groups["end"]):
                    continue  # 12月 alone is a quantity of months, 12前 is nothing
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


# Trailing text that is words (CJK, and the punctuation between them) rather
# than a broken number or symbol.
_WORDS_ONLY = re.compile(r"[^\x00-\x7f≥≤%‰]+")
_FIRST_BAD = re.compile(r"[\x00-\x7f≥≤%‰]")
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
def parse_measurement(text: str) -> tuple[Op | None, Quantity, tuple[Diagnostic, ...]]:
    """Read an actual value written as a number: ``92%``, ``7200万元``, ``≥266米``.

    The operator, if one was copied from the target, comes back separately so
    that the caller can drop it and say so.

    >>> parse_measurement("≥266米")[:2]
    (<Op.GE: '≥'>, Quantity('266米'))
    """
    check_length(text)
    source = normalize(text)
    if not source:
        raise NotationError(Code.EMPTY, "empty value", text)
    parser = _Parser(source)
    try:
        ops = parser.operators("PREFIX_WORD", "OP")
        quantity = parser.quantity()
        ops += parser.operators("SUFFIX_WORD")
        if not parser.tokens.at_end:
            parser.tokens.raise_syntax_error(Code.UNEXPECTED_TEXT, "unexpected text after the value")
        return parser.single_operator(ops), quantity, tuple(parser.notes)
    except NotationError as error:
        raise as_typed(error, text) from None
