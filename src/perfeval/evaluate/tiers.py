"""Qualitative targets and tier words (rules §2, §4).

A words target (定性) is scored by the tier its actual names: 达成,
部分达成 or 未达成, each with a range of ratios in the scheme.  This module
reads tiers out of actual text, scores a words target, a grade scale written
as a target (优良中低差), a number given for words (an explicit ratio) and a
tier word given for a number; and it suggests, never decides, the tier of
words that name none, for a person to confirm.

>>> read_tier("部分达成 75%", "改善条件", "2020")
('部分达成', (Decimal('75'), Decimal('100')), '部分达成, stated')
>>> suggest_tier("明显改善", "改善条件")
'达成'
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal

from .._arith import add
from ..codes import Code
from ..errors import Diagnostic, NotationError
from ..rules import ACHIEVED, NEGATIONS, NOT_ACHIEVED, PARTLY, TIER_RANGES, TIER_WORDS, TIERS, grade_scale

__all__ = ["tier_of", "confirmed_tier", "read_tier", "tier_of_ratio", "suggest_tier", "compile_words"]

_ONE, _HUNDRED, _TWO_HUNDRED = Decimal(1), Decimal(100), Decimal(200)
_TIER_RATIO = re.compile(r"(?P<words>.*?)[:：]?(?P<percent>\d+(?:\.\d+)?)%")
_TIER_WORDS_LONGEST = sorted(TIER_WORDS, key=len, reverse=True)

Exact = tuple[Decimal, Decimal]  # a ratio as numerator and denominator


def tier_of(words: str) -> str | None:
    """The tier a text names: a tier word, optionally followed by words
    that do not negate it (达成预期指标).  完成率不高 and 是否完成 name none.

    >>> tier_of("达成预期指标"), tier_of("完成率不高")
    ('达成', None)
    """
    for word in _TIER_WORDS_LONGEST:
        if words.startswith(word):
            rest = words[len(word):]
            return None if any(c in NEGATIONS for c in rest) else TIER_WORDS[word]
    return None


_NOTE_HEAD = re.compile(r"[^:：,，;；。.\s]+")


def confirmed_tier(note: str) -> str | None:
    """The tier a person's note confirms: a tier word opening the note,
    before any explanation (``部分达成：尚有两处未改造``).

    >>> confirmed_tier("部分达成：尚有两处未改造"), confirmed_tier("因疫情延误")
    ('部分达成', None)
    """
    head = _NOTE_HEAD.match(note.strip())
    return None if head is None else tier_of(head.group())


def tier_ratio(tier: str, qualitative: str) -> tuple[Exact, str]:
    """The ratio a tier alone scores: 100% for 达成, the midpoint of its
    range for the others (rules §4), and how it was found."""
    low, high = TIER_RANGES[qualitative][tier]
    if tier == ACHIEVED:
        return (_ONE, _ONE), tier
    return (add(low, high), _TWO_HUNDRED), f"{tier}, midpoint of {low}–{high}%"


def read_tier(source: str, own: str, qualitative: str) -> tuple[str, Exact, str] | None:
    """``(tier, exact ratio, how)`` for normalised actual text that names a
    tier (or repeats the target's own text ``own``), optionally with an
    explicit ratio that must fall inside the tier (部分达成 75%).  ``None``
    when the words name no tier.  Raises ``ratio-outside-tier`` on the
    normalised text; the caller shows it on the text as typed."""
    m = _TIER_RATIO.fullmatch(source)
    words, percent = (m.group("words"), Decimal(m.group("percent"))) if m else (source, None)
    tier = ACHIEVED if own and words == own else tier_of(words)  # no words at all name no tier
    if tier is None:
        return None
    if percent is None:
        exact, how = tier_ratio(tier, qualitative)
        return tier, exact, how
    low, high = TIER_RANGES[qualitative][tier]
    if not low <= percent <= high:
        assert m is not None
        raise NotationError(Code.RATIO_OUTSIDE_TIER,
                            f"{tier} takes {low}–{high}% under the {qualitative} scheme, not {percent}%",
                            source, (m.start("percent"), len(source)))
    return tier, (percent, _HUNDRED), f"{tier}, stated"


def tier_of_ratio(percent: Decimal, qualitative: str) -> str:
    """The tier whose range holds a ratio in percent; a shared end belongs to
    the better tier, as on a ladder (rules §3).

    >>> tier_of_ratio(Decimal(80), "2020"), tier_of_ratio(Decimal(75), "2020")
    ('达成', '部分达成')
    """
    ranges = TIER_RANGES[qualitative]
    return next((tier for tier in TIERS if percent >= ranges[tier][0]), NOT_ACHIEVED)


def suggest_tier(source: str, own: str) -> str:
    """The tier words that name none seem closest to, for a person to confirm
    (rules §4: a paraphrase is never scored on a guess).  Words that negate
    suggest 未达成; words that share a phrase with the target (明显改善 and
    改善条件) suggest 达成; anything else 部分达成."""
    if any(c in NEGATIONS for c in source):
        return NOT_ACHIEVED
    pairs = {source[i:i + 2] for i in range(len(source) - 1)}
    if any(pair in own for pair in pairs) or difflib.SequenceMatcher(None, source, own).ratio() >= 0.4:
        return ACHIEVED
    return PARTLY


def compile_words(text: str, notes: list[Diagnostic]) -> dict[str, object]:
    """The compiled fields of a words target: a grade scale written out
    (优良中低差, 优良, 好/较好/一般/差) scores the grade its actual names
    (rules §4); any other words score by tier."""
    scale = grade_scale(text)
    if scale is not None:
        grades = "/".join(g for g, _ in scale)
        notes.append(Diagnostic(Code.GRADE_SCALE, "info", f"{text!r} is a grade scale: the actual names one of "
                                f"{grades}", "target"))
        return dict(kind="words", rule="grade-scale", normalized=f"grades: {grades}", scale=scale)
    return dict(kind="words", rule="words", normalized="qualitative: " + "/".join(TIERS))
