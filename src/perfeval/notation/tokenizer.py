"""Normalisation and a small tokenizer for the notation (rules §2).

In the manner of ``packaging._tokenizer``: token rules are regular
expressions tried at the current position on demand, so the parser asks
"is a NUMBER next?" rather than splitting the text up front.  That suits
Chinese, where words are not separated by spaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NoReturn

import attrs

from ..codes import Code
from ..errors import NotationError
from ..rules import DELAY_WORDS, PREFIX_WORDS, SUFFIX_WORDS
from .units import PRODUCT_SIGNS, symbols

# Compatibility symbols left after NFKC (rules §2).  Order matters, so that
# normalising twice changes nothing: one-character forms first (═ may
# complete a >=), then the two-character ones.
_SYMBOLS = (
    ("萬", "万"), ("億", "亿"),  # traditional forms, in pages shown in 繁體 (28.8萬元)
    ("≧", "≥"), ("≦", "≤"), ("⩾", "≥"), ("⩽", "≤"), ("═", "="),
    ("〜", "~"), ("∼", "~"), ("—", "-"), ("–", "-"), ("−", "-"),
    (">=", "≥"), ("<=", "≤"),
    ("%(百分比)", "%"), ("(百分比)", "%"), ("百分比", "%"),
)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC, compatibility symbols and no spaces: the text the parser reads.

    >>> normalize("＞＝ 98 ％")
    '≥98%'
    >>> normalize("不少于12 种")
    '不少于12种'
    """
    text = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    if not unicodedata.is_normalized("NFKC", text):
        # Taking out a space can join what NFKC would compose (e´ is e, a space, a combining accent):
        # normalise again, so that normalising twice changes nothing.
        text = unicodedata.normalize("NFKC", text)
    for old, new in _SYMBOLS:
        if old in text:
            text = text.replace(old, new)
    return text


def original_span(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Where a span of ``normalize(text)`` lies in ``text`` itself, so that
    an error can show the caret under what the user typed (``≥９O％``).

    ``None`` when the text does not normalise character by character.

    >>> original_span("＞＝ 9O ％", (2, 3))
    (4, 5)
    """
    chars: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        for c in unicodedata.normalize("NFKC", char):
            if not c.isspace():
                chars.append(c)
                where.append(i)
    joined = "".join(chars)
    for old, new in _SYMBOLS:
        at = joined.find(old)
        while at >= 0:
            joined = joined[:at] + new + joined[at + len(old):]
            where[at:at + len(old)] = [where[at]] * len(new)
            at = joined.find(old, at + len(new))
    if joined != normalize(text):
        return None
    start, end = span
    if start >= len(where):
        return (len(text), len(text))
    last = where[end - 1] + 1 if end > start else where[start]
    return (where[start], max(last, where[start] + (end > start)))


def as_typed(error: NotationError, original: str) -> NotationError:
    """The same error shown on the text as the user typed it, when its span
    can be placed there: parsing works on normalised text, but the caret
    belongs under what the user wrote (``≥９O％``).

    >>> print(as_typed(NotationError("unexpected-text", "bad", "≥9O%", (2, 3)), "≥９O％"))
    bad
        ≥９O％
           ^
    """
    if original == error.text:
        return error
    span = original_span(original, error.span)
    if span is None:
        return error
    return NotationError(error.code, error.message, original, span)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_CN_DIGITS = "零〇一二两三四五六七八九十百千半"

RULES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in {
        "OP": r"[≥≤><=]",
        # A thousands separator is a comma followed by exactly three digits.
        "NUMBER": r"[+-]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|[+-]?\.\d+",
        "CN_NUMBER": rf"[{_CN_DIGITS}]+",
        "RANGE": r"-|~|至|到",
        "UNIT": _alternation(symbols()),
        "PER": r"/",
        "TIMES": f"[{re.escape(PRODUCT_SIGNS)}]",
        "COMMA": r",",
        "PREFIX_WORD": _alternation(PREFIX_WORDS),
        "SUFFIX_WORD": _alternation(SUFFIX_WORDS),
        "DELAY": _alternation(DELAY_WORDS),
    }.items()
}


@attrs.frozen
class Token:
    name: str
    text: str
    position: int

    @property
    def end(self) -> int:
        return self.position + len(self.text)


class Tokenizer:
    """Reads tokens from normalised text on demand.

    >>> t = Tokenizer("≥90%")
    >>> t.consume("OP").text, t.consume("NUMBER").text, t.consume("UNIT").text, t.at_end
    ('≥', '90', '%', True)
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.position = 0

    @property
    def at_end(self) -> bool:
        return self.position >= len(self.source)

    @property
    def rest(self) -> str:
        return self.source[self.position :]

    def check(self, name: str) -> Token | None:
        """The token ``name`` at the current position, without consuming it."""
        return self.peek(name, self.position)

    def peek(self, name: str, position: int) -> Token | None:
        """The token ``name`` at another position, for one token of lookahead."""
        match = RULES[name].match(self.source, position)
        if match is None or not match.group():
            return None
        return Token(name, match.group(), position)

    def consume(self, name: str) -> Token | None:
        token = self.check(name)
        if token is not None:
            self.position = token.end
        return token

    def read(self, name: str, code: Code, expected: str) -> Token:
        """Consume the token ``name``, or raise ``code``: expected ``expected``."""
        token = self.consume(name)
        if token is None:
            self.raise_syntax_error(code, f"expected {expected}")
        return token

    def raise_syntax_error(
        self, code: Code, message: str, start: int | None = None, end: int | None = None
    ) -> NoReturn:
        start = self.position if start is None else start
        if end is None:
            end = start + 1 if start < len(self.source) else start
        found = self.source[start:end]
        detail = f", found {found!r}" if found else " at the end"
        raise NotationError(code, f"{message}{detail}", self.source, (start, end))
