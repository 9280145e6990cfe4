"""Band ladders (activity tables): grade an actual 优/良/中/差 (rules §3).

A ladder is compiled once: each band's text is parsed, given a direction and
turned into intervals on one axis, or into a set of words.  Grading then only
compares.  Compiling reports gaps, overlaps, duplicates, a ladder that is not
monotone and a worst band that does not cover everything below it.

>>> ladder = bands({"优": "100%", "良": "≥90%", "中": "≥80%", "差": "<80%"})
>>> ladder.grade("92%").grade
'良'
>>> print(ladder.grade(85).explain())
中: band '≥80%' = [80%, +∞) holds 85% (given 85)
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from itertools import pairwise
from typing import Any, cast

import attrs

from .._arith import add, beyond, div, midpoint
from ..codes import Code
from ..errors import DefinitionError, Diagnostic, Flag, NotationError
from ..notation.conditions import Compare, Condition, Deadline, Delay, NotApplicable, Op, Quantity, Range, Words
from ..notation.parser import NotationContext, parse_notation
from ..notation.tokenizer import normalize
from ..notation.units import Unit, lookup
from ..rules import (
    ACHIEVED,
    DOWN,
    GRADE_SCALES,
    GRADES,
    ON_TIME_WORDS,
    UP,
    WORST_GRADE,
    direction_of,
    is_not_applicable,
)
from .actuals import Axis, Reading, months_in_days, read_text, shared, unit_named
from .intervals import DOMAIN, Interval, Point, gaps, show
from .memo import Refused, remember
from .tiers import tier_of

__all__ = ["bands", "Ladder", "Band", "BandGrade", "Placement", "Cuts", "may_repeat_a_band"]

GAP_POLICIES = ("next_lower", "error")
# Texts whose grade a ladder remembers: a result is about 150 bytes with its
# key (the reading is the axis' own), so a ladder's memo stays under 2.5 MiB.
RESULTS_KEPT = 16_384
_DAYS = lookup("天")


@attrs.frozen
class Band:
    """One grade of a ladder: its name, its text as written, its condition and
    what that condition holds (intervals on the axis, or a word)."""

    grade: str
    text: str
    condition: Condition
    intervals: tuple[Interval, ...] = ()

    def holds(self, base: Point) -> bool:
        return any(i.contains(base) for i in self.intervals)


@attrs.frozen
class Placement:
    """Where a value lies on a ladder and the grade it takes there: the
    band that holds it, or the gap it lies in, or beyond every band.

    ``how`` is ``holds``, ``gap``, ``worst``, ``best``, ``word``,
    ``repeated`` (the actual repeats the band's own text),
    ``not-applicable``, or ``error`` for a gap under ``on_gap="error"``."""

    grade: str | None
    band: Band | None
    how: str = "holds"
    gap: Interval | None = None
    unit: Unit | None = attrs.field(default=None, repr=False)
    domain: Interval = attrs.field(default=DOMAIN, repr=False, eq=False)


_NOT_APPLICABLE = Placement(None, None, "not-applicable")


@attrs.frozen
class Cuts:
    """A ladder's axis cut at every end of its intervals, as data.

    ``ends`` are ascending, in base units; ``pieces[2*i + 1]`` is the
    placement of the end ``ends[i]`` itself, ``pieces[2*i]`` that of the open
    stretch just below it, and ``pieces[-1]`` that of everything above the
    last end.  Every value of a piece grades alike, so one bisection grades a
    value, and ``numpy.searchsorted`` grades many at once (issue 12).

    >>> cuts = bands(["100%", "≥90%", "≥80%", "<80%"]).cuts
    >>> cuts.ends
    (Decimal('0'), Decimal('80'), Decimal('90'), Decimal('100'))
    >>> [cuts.place(Decimal(x)).grade for x in ("79.9", "80", "99", "100", "120")]
    ['差', '中', '良', '优', '优']
    """

    ends: tuple[Decimal, ...]
    pieces: tuple[Placement, ...]

    def piece_of(self, x: Decimal) -> int:
        ends = self.ends
        i = bisect_left(ends, x)
        return 2 * i + 1 if i < len(ends) and ends[i] == x else 2 * i

    def place(self, x: Decimal) -> Placement:
        return self.pieces[self.piece_of(x)]


@attrs.frozen(repr=False, eq=False, match_args=False)
class BandGrade:
    """The grade of one actual on a ladder: where it lies (a
    :class:`Placement`, shared by every value of its piece of the axis) and
    the reading.  Light to build: the explanation is made only when asked,
    and a plain number's reading too: placed by its value alone
    (:meth:`Axis.base_of`), it keeps its text and axis instead, to read it
    when asked.

    ``grade`` is the grade's name (``None`` when the actual is not
    applicable); ``band`` the band that gave it; ``actual`` the reading.
    """

    placement: Placement
    __match_args__ = ("placement", "actual")  # `case BandGrade(placement, reading)`, read or not yet

    _actual: Reading | None = attrs.field(alias="actual")
    # What reads a plain number's reading when it is first asked for: the text and its axis.
    _given: Any = attrs.field(default=None, kw_only=True)
    _axis: Axis | None = attrs.field(default=None, kw_only=True)

    @property
    def actual(self) -> Reading:
        found = self._actual
        if found is None:
            found = cast(Axis, self._axis).read(self._given)  # remembered by the axis
            object.__setattr__(self, "_actual", found)
        return found

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not BandGrade:
            return NotImplemented
        return self.placement == other.placement and self.actual == other.actual

    def __hash__(self) -> int:
        return hash((self.placement, self.actual))

    @property
    def grade(self) -> str | None:
        return self.placement.grade

    @property
    def band(self) -> Band | None:
        return self.placement.band

    @property
    def how(self) -> str:
        return self.placement.how

    @property
    def gap(self) -> Interval | None:
        return self.placement.gap

    @property
    def unit(self) -> Unit | None:
        return self.placement.unit

    @property
    def domain(self) -> Interval:
        return self.placement.domain

    def __repr__(self) -> str:
        band = f" ← '{self.band.text}'" if self.band is not None else ""
        return f"BandGrade({self.grade or 'n/a'}{band}: {self.actual} {self.how})"

    def as_dict(self) -> dict[str, Any]:
        """Plain data for a table or a DataFrame row: text and exact decimal strings."""
        return {"grade": self.grade, "band": None if self.band is None else self.band.text, "how": self.how,
                "actual": str(self.actual.given), "read_as": str(self.actual),
                "flags": [f.code for f in self.flags], "explanation": self.explain()}

    @property
    def condition(self) -> Condition | None:
        return None if self.band is None else self.band.condition

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self.actual.flags

    def explain(self) -> str:
        """One line: the band's text, its normalised condition, the actual as read."""
        reading = f"{self.actual} (given {self.actual.given!r})" if isinstance(self.actual.given, str) else \
            f"{self.actual} (given {self.actual.given})"
        if self.band is None:
            return f"not applicable: {reading}"
        band = f"band '{self.band.text}'"
        if self.band.intervals:
            # Shown inside the axis' domain (a delay of (-∞, 7天] reads as
            # [0天, 7天]), unless the actual itself lies outside it.
            inside = self.actual.base is None or self.domain.contains(self.actual.base)
            band += " = " + " ∪ ".join(show(i.intersect(self.domain) if inside else i, self.unit)
                                       for i in self.band.intervals)
        line = self._line(band, reading)
        if self.flags:
            line += " [" + "; ".join(f.code for f in self.flags) + "]"
        return line

    def _line(self, band: str, reading: str) -> str:
        if self.how == "word":
            return f"{self.grade}: {band} matches {reading}"
        if self.how == "repeated":
            return f"{self.grade}: the actual {self.actual.given!r} repeats {band}"
        if self.how == "gap":
            gap = cast(Interval, self.gap)  # a grade found in a gap keeps the gap
            return f"{self.grade}: {reading} lies in the gap {show(gap, self.unit)}; next lower {band}"
        if self.how == "worst":
            return f"{self.grade}: {reading} is worse than every band; worst {band}"
        if self.how == "best":
            return f"{self.grade}: {reading} is better than every band; best {band}"
        return f"{self.grade}: {band} holds {reading}"


@attrs.frozen(repr=False)
class Ladder:
    """A compiled ladder: frozen data.  Build it with :func:`bands`.

    ``bands`` are best first, each with its intervals on the axis in base
    units; ``direction`` is ``"up"`` or ``"down"`` (``None`` for words);
    ``axis`` reads actuals; ``gaps`` and ``domain`` are what compiling found;
    ``worst`` is the grade a value worse than every band takes;
    ``diagnostics`` what compiling reports.  Equality, hashing and pickling
    come from these fields: unpickling does not parse again.

    >>> ladder = bands(["100%", "≥90%", "≥80%", "<80%"])
    >>> ladder
    <Ladder 优 '100%' / 良 '≥90%' / 中 '≥80%' / 差 '<80%'>
    >>> ladder == bands(["100%", "≥90%", "≥80%", "<80%"])
    True
    """

    bands: tuple[Band, ...]
    direction: str | None
    axis: Axis | None
    on_gap: str
    gaps: tuple[Interval, ...] = ()
    domain: Interval = DOMAIN
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False)
    # A value worse than every band takes the worst grade, 差 on the usual
    # scale even where the ladder left 差 empty (rules §3).
    worst: str = attrs.field(init=False)
    _words: dict[str, Placement] = attrs.field(init=False, eq=False, repr=False)
    # Each band's own text, normalised: an actual that repeats one takes that band (rules §3).
    _texts: dict[str, Placement] = attrs.field(init=False, eq=False, repr=False)
    # Cut on first use, not at compile: a big book loads without paying for
    # the ladders no one grades.
    _cuts: Cuts | None = attrs.field(init=False, default=None, eq=False, repr=False)
    # The grade (or the error) of each text graded before: results are frozen,
    # and a province grades the same texts again and again (issue 12).
    _graded: dict[str, BandGrade | Refused] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        names = [b.grade for b in self.bands]
        object.__setattr__(self, "worst", WORST_GRADE if set(names) <= set(GRADES) else names[-1])
        words: dict[str, Placement] = {}
        texts: dict[str, Placement] = {}
        if self.axis is None:
            for band in self.bands:
                words.setdefault(_word_key(band.text), Placement(band.grade, band, "word"))
        else:
            for band in self.bands:  # best first: a text two bands share is the better band's
                texts.setdefault(normalize(band.text), Placement(band.grade, band, "repeated", unit=self.axis.unit,
                                                                 domain=self.domain))
        object.__setattr__(self, "_words", words)
        object.__setattr__(self, "_texts", texts)

    def __repr__(self) -> str:
        return "<Ladder " + " / ".join(f"{b.grade} {b.text!r}" for b in self.bands) + ">"

    @property
    def is_words(self) -> bool:
        """True for a ladder of words (是 / 基本达到 / 否)."""
        return self.axis is None

    @property
    def cuts(self) -> Cuts:
        """The ladder's axis cut at its interval ends, each piece placed
        (``None``-free only for a ladder on an axis; a ladder of words has none)."""
        cuts = self._cuts
        if cuts is None:
            if self.axis is None:
                raise TypeError("a ladder of words has no axis to cut")
            cuts = _cut(self)
            object.__setattr__(self, "_cuts", cuts)
        return cuts

    def __getstate__(self) -> dict[str, Any]:
        """Pickled as its definition: what grading remembered stays behind."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(Ladder) if f.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_cuts", None)
        object.__setattr__(self, "_graded", {})
        self.__attrs_post_init__()

    def grade(self, actual: Any) -> BandGrade:
        """Grade one actual: the first band, best first, whose condition holds.
        A text graded before is not graded again."""
        if actual.__class__ is not str:
            return self._grade(actual)
        found = self._graded.get(actual)
        if found is None:
            axis = self.axis
            if axis is not None:
                base = axis.base_of(actual)
                if base is not None:  # the common case, a plain value: one bisection, and no reading yet
                    placement = (self._cuts or self.cuts).place(base)
                    if placement.how != "error":
                        found = BandGrade(placement, None, given=actual, axis=axis)
            if found is None:
                try:
                    found = self._grade(actual)
                except NotationError as error:
                    found = Refused.of(error)
            remember(self._graded, actual, found, RESULTS_KEPT)
        if found.__class__ is BandGrade:
            return found  # the class was just checked
        cast(Refused, found).raise_again()

    def _grade(self, actual: Any) -> BandGrade:
        axis = self.axis
        if axis is None:
            return self._grade_word(actual)
        try:
            reading = axis.read(actual)
        except NotationError:
            repeated = self._repeated(actual)  # `延期3个月以上` for the band `延期3个月以上`: that band
            if repeated is None:
                raise
            return repeated
        base = reading.base
        if base is None or reading.flags:  # not applicable, or flagged: perhaps a band's text repeated
            return self._grade_reading(actual, reading)
        # The common case, a plain value: one bisection (this is the hot path of grading).
        placement = (self._cuts or self.cuts).place(base)
        return BandGrade(placement, reading) if placement.how != "error" else self.graded(reading, placement)

    def _grade_reading(self, actual: Any, reading: Reading) -> BandGrade:
        if not reading.applicable:
            return BandGrade(_NOT_APPLICABLE, reading)
        if may_repeat_a_band(reading):
            repeated = self._repeated(actual)  # `>95%` for the band `>95%` is that band, though 95 is not above 95
            if repeated is not None:
                return repeated
        assert reading.base is not None  # an applicable reading on an axis has its base value
        return self.graded(reading, self.cuts.place(reading.base))

    def _repeated(self, actual: Any) -> BandGrade | None:
        """The grade of an actual that repeats a band's own text (rules §3), if it does."""
        if not isinstance(actual, str):
            return None
        placement = self._texts.get(normalize(actual))
        if placement is None:
            return None
        band = cast(Band, placement.band)
        flag = Flag(Code.OPERATOR_DROPPED, f"the actual repeats band {band.grade} '{band.text}': it takes that band")
        return BandGrade(placement, Reading(actual, band.condition, flags=(flag,)))

    def graded(self, reading: Reading, placement: Placement) -> BandGrade:
        """The grade of a reading found at ``placement``: the one step the
        per-row and the batch paths share after placing a value."""
        if placement.how == "error":
            text = str(reading.given)
            gap = show(cast(Interval, placement.gap), placement.unit)  # an error placement keeps its gap
            raise NotationError(Code.IN_GAP, f"{reading} lies in the gap {gap} that no band holds", text,
                                (0, len(text)))
        return BandGrade(placement, reading)

    def placement_of(self, x: Point) -> Placement:
        """Where ``x`` (in base units) lies, found by walking the bands: the
        rules as written (§3), from which :attr:`cuts` is made and against
        which it is tested."""
        assert self.axis is not None
        unit, domain = self.axis.unit, self.domain
        for band in self.bands:
            if band.holds(x):
                return Placement(band.grade, band, "holds", unit=unit, domain=domain)
        better, worse = (Interval.above, Interval.below) if self.direction == UP else (Interval.below, Interval.above)
        if all(better(i, x) for b in self.bands for i in b.intervals):
            return Placement(self.worst, self.bands[-1], "worst", unit=unit, domain=domain)
        if all(worse(i, x) for b in self.bands for i in b.intervals):
            return Placement(self.bands[0].grade, self.bands[0], "best", unit=unit, domain=domain)
        gap = next(g for g in self.gaps if g.contains(x))
        if self.on_gap == "error":
            return Placement(None, None, "error", gap, unit=unit, domain=domain)
        lower = next(b for b in self.bands if all(worse(i, x) for i in b.intervals))
        return Placement(lower.grade, lower, "gap", gap, unit=unit, domain=domain)

    def _grade_word(self, actual: Any) -> BandGrade:
        if not isinstance(actual, str):
            raise NotationError(Code.EXPECTED_WORD, f"this ladder grades words, not {actual!r}", str(actual)[:80])
        key = _word_key(read_text(actual))
        placement = self._words.get(key)
        if placement is None:
            if is_not_applicable(key):
                return BandGrade(_NOT_APPLICABLE, Reading(actual, NotApplicable(key)))
            listed = ", ".join(dict.fromkeys(b.text for b in self.bands))
            raise NotationError(Code.UNKNOWN_WORD, f"{actual!r} is not a word of this ladder; it lists {listed}",
                                actual, (0, len(actual)))
        return BandGrade(placement, Reading(actual, Words(key)))


def may_repeat_a_band(reading: Reading) -> bool:
    """Whether an actual that read as a value may be a band's own text
    repeated, which takes that band (rules §3): only one that carried an
    operator.  A plain number that repeats a bare band (``100%``) is held by
    that band as a value too."""
    return any(f.code is Code.OPERATOR_DROPPED for f in reading.flags)


def _cut(ladder: Ladder) -> Cuts:
    """Cut the ladder's axis at every interval end (of its bands, its gaps and
    its domain) and place each piece by a point inside it: an end itself, the
    midpoint between two ends (exact: never rounded onto an end), or one
    beyond the outermost."""
    found = {e for b in ladder.bands for i in b.intervals for e in (i.low, i.high) if e is not None}
    found |= {e for g in ladder.gaps for e in (g.low, g.high) if e is not None}
    found |= {e for e in (ladder.domain.low,) if e is not None}  # the domain starts at a number: never empty
    ends = tuple(sorted(found))
    points: list[Point] = [beyond(ends[0], -1)]
    for low, high in pairwise(ends):
        points += [low, midpoint(low, high)]
    points += [ends[-1], beyond(ends[-1], 1)]
    alike: dict[Placement, Placement] = {}
    pieces = tuple(alike.setdefault(p, p) for p in map(ladder.placement_of, points))
    return Cuts(ends, pieces)


def _word_key(text: str) -> str:
    return normalize(text)


def bands(
    ladder: Mapping[str, str] | Sequence[str] | Sequence[tuple[str, str]],
    *,
    direction: str | None = None,
    on_gap: str = "next_lower",
    year: int | None = None,
    strict: bool = False,
    unit: str | None = None,
    units: Iterable[str] = (),
) -> Ladder:
    """Compile a ladder of grades, best first.

    ``ladder`` maps grade names to band texts (``{"优": "100%", …}``), or is
    a best-first sequence of texts (named 优, 良, 中, 差) or of
    ``(grade, text)`` pairs.  Empty texts are left out and reported.
    ``direction`` (``"up"``/``"down"``) must agree with the ladder if given.
    ``on_gap`` is ``"next_lower"`` or ``"error"``; ``strict`` turns any
    warning into a :class:`DefinitionError`.  ``unit`` is the unit of a
    ladder that writes none (``≥500 / ≥480 …`` counting 人); ``units`` are
    counters a book declared (门, 批).  ``year`` is accepted for symmetry
    with :func:`perfeval.target`; ladders hold no dates.

    >>> ladder = bands(["及时", "延期一周", "延期两周", "延期三周"])
    >>> ladder.direction, ladder.grade("延期5天").grade, ladder.grade("延期30天").grade
    ('down', '良', '差')
    >>> [d.code for d in bands([">2", "<2", "", ""]).diagnostics]
    ['missing-bands', 'gap']
    """
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise TypeError(f"year must be an int such as 2023, not {year!r}")
    if on_gap not in GAP_POLICIES:
        raise DefinitionError(Code.BAD_OPTION, f"on_gap must be one of {', '.join(GAP_POLICIES)}, not {on_gap!r}")
    wanted = direction_of(direction)
    notes: list[Diagnostic] = []
    pairs = _best_first(_pairs(ladder), notes)
    written = [(grade, text) for grade, text in pairs if text.strip()]
    empty = [grade for grade, text in pairs if not text.strip()]
    if empty:
        notes.append(Diagnostic(
            Code.MISSING_BANDS, "warning",
            f"the ladder has {len(written)} bands; {', '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty",
        ))
    if not written:
        raise DefinitionError(Code.EMPTY_LADDER, "the ladder has no bands", tuple(notes))
    context = NotationContext(units=frozenset(units))
    parsed = []
    for grade, text in written:
        result = parse_notation(text, context)
        notes.extend(attrs.evolve(n, subject=grade) for n in result.notes)
        parsed.append((grade, text, result.condition))
    kinds = {_kind(c) for _, _, c in parsed}
    if "words" in kinds:
        # 及时 beside 基本及时 / 不及时 is a word, not a delay of 0.
        parsed = [(g, t, Words(normalize(t)) if isinstance(c, Delay) and normalize(t) in ON_TIME_WORDS else c)
                  for g, t, c in parsed]
        kinds = {_kind(c) for _, _, c in parsed}
    if kinds == {"words", "quantity"}:
        parsed = _words_as_values(parsed, notes)
        kinds = {_kind(c) for _, _, c in parsed}
    _check_duplicates(parsed, notes)
    if kinds == {"words"}:
        return _finish(Ladder(tuple(Band(g, t, c) for g, t, c in parsed), None, None, on_gap,
                              diagnostics=tuple(notes)), strict)
    if len(kinds) > 1 or kinds & {"deadline", "not-applicable"}:
        described = ", ".join(f"{g} '{t}' ({_kind(c)})" for g, t, c in parsed)
        raise DefinitionError(Code.MIXED_BANDS, "a ladder's bands are all quantities, all delays or all words "
                              f"(a deadline or '/' cannot be a band): {described}", tuple(notes))
    is_delay = kinds == {"delay"}
    # Every band is now a quantity (a comparison or a range) or a delay.
    measured = cast("list[tuple[str, str, Measured]]", parsed)
    measured, months_as_days = _months_as_days(measured, notes)
    ladder_unit = _ladder_unit(measured, notes, _unit_override(unit, context.units, notes))
    if is_delay and unit is None and ladder_unit is not None and ladder_unit.dimension == "time":
        ladder_unit = _DAYS  # a delay counts days (及时 is 0 of any unit): a bare number is days
    # The direction is added below, once it is known.
    axis = Axis(ladder_unit, delay=is_delay, units=context.units, months_as_days=months_as_days)

    anchors = [_anchor(c, axis) for _, _, c in measured]
    inferred, monotone = _infer_direction(anchors, [c for _, _, c in parsed])
    if not monotone:
        notes.append(Diagnostic(Code.NOT_MONOTONE, "warning",
                                "the bands do not move one way from best to worst: "
                                + " / ".join(t for _, t, _ in parsed)))
    if wanted and inferred and wanted != inferred:
        raise DefinitionError(Code.DIRECTION_CONFLICT,
                              f"direction {wanted!r} was stated, but the ladder reads {inferred!r}", tuple(notes))
    chosen = wanted or inferred
    if chosen is None:
        raise DefinitionError(Code.DIRECTION_UNKNOWN,
                              "cannot tell whether higher or lower is better; pass direction='up' or 'down'",
                              tuple(notes))
    compiled = tuple(Band(g, t, c, _intervals(c, axis, chosen)) for g, t, c in measured)
    domain = _domain(compiled)
    found = tuple(gaps((i for b in compiled for i in b.intervals), domain))
    _check_gaps(compiled, found, chosen, on_gap, ladder_unit, notes)
    _check_overlaps(compiled, chosen, ladder_unit, notes)
    axis = shared(attrs.evolve(axis, direction=chosen))
    return _finish(Ladder(compiled, chosen, axis, on_gap, found, domain, tuple(notes)), strict)


def _domain(compiled: tuple[Band, ...]) -> Interval:
    """The axis from 0 up, or from the lowest bound a ladder names below 0
    (a growth rate of ≥-10%): every value a band can meet is inside it, so
    every value outside all bands lies in a reported gap or beyond them all."""
    ends = [e for b in compiled for i in b.intervals for e in (i.low, i.high) if e is not None]
    return Interval(min([cast(Decimal, DOMAIN.low), *ends]), None)


def _finish(ladder: Ladder, strict: bool) -> Ladder:
    found = [n.code for n in ladder.diagnostics if n.severity in ("error", "warning")]
    if strict and found:
        raise DefinitionError(Code.STRICT, f"strict mode, and the ladder has warnings: {', '.join(found)}",
                              ladder.diagnostics)
    return ladder


def _pairs(ladder: Any) -> list[tuple[str, str]]:
    if isinstance(ladder, str):
        raise TypeError("a ladder is a mapping or a sequence of band texts, not one string")
    if isinstance(ladder, Mapping):
        items = list(ladder.items())
    else:
        items = list(ladder)
        if all(isinstance(x, str) or x is None for x in items):
            if len(items) > len(GRADES):
                raise DefinitionError(Code.TOO_MANY_BANDS,
                                      f"name the grades of a ladder with more than {len(GRADES)} bands")
            items = list(zip(GRADES, items, strict=False))  # fewer bands than grades: the worst go unnamed
    pairs = []
    for grade, text in items:
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise TypeError(f"band {grade!r}: text expected, not {type(text).__name__}")
        pairs.append((str(grade), text))
    return pairs


def _best_first(pairs: list[tuple[str, str]], notes: list[Diagnostic]) -> list[tuple[str, str]]:
    """Bands in the order of their grade names (优 良 中 差, and the other known
    scales), never in the order a mapping happened to list them (rules §3: a
    ladder lists its grades best first).  Names outside the known scales keep
    their written order, said so."""
    names = [g for g, _ in pairs]
    for scale in GRADE_SCALES:
        order = [g for g, _ in scale]
        if set(names) <= set(order):
            return sorted(pairs, key=lambda pair: order.index(pair[0]))
    notes.append(Diagnostic(Code.GRADE_ORDER, "warning", f"the grades {'/'.join(names)} are not a known scale "
                            "(优良中差, 优良中低差, 好/较好/一般/差): their written order is taken as best first"))
    return pairs


def _kind(condition: Condition) -> str:
    if isinstance(condition, Words):
        return "words"
    if isinstance(condition, Delay):
        return "delay"
    if isinstance(condition, (Compare, Range)):
        return "quantity"
    return "deadline" if isinstance(condition, Deadline) else "not-applicable"


# The condition of a band on an axis: a quantity or a delay.
Measured = Compare | Range | Delay


def _quantities(condition: Measured) -> tuple[Quantity, ...]:
    if isinstance(condition, Range):
        return (condition.low, condition.high)
    if isinstance(condition, Delay) and condition.high is not None:
        return (condition.quantity, condition.high)  # 延期15-30天
    return (condition.quantity,)  # Compare and Delay


def _words_as_values(parsed: list[tuple[str, str, Condition]],
                     notes: list[Diagnostic]) -> list[tuple[str, str, Condition]]:
    """A ladder that mixes words and numbers (rules §3): on a % ladder a word
    that names the tier 达成 (全部完成, 完成) means 100%.  Other words stay
    words, and the ladder is refused as mixed."""
    percent = any(q.unit is not None and q.unit.symbol == "%"
                  for _, _, c in parsed if isinstance(c, (Compare, Range)) for q in _quantities(c))
    read: list[tuple[str, str, Condition]] = []
    for grade, text, condition in parsed:
        if percent and isinstance(condition, Words) and tier_of(condition.text) == ACHIEVED:
            notes.append(Diagnostic(Code.WORD_AS_VALUE, "info", f"'{text}' on a % ladder read as 100%", grade))
            condition = Compare(None, Quantity(Decimal(100), lookup("%")))
        read.append((grade, text, condition))
    return read


def _months_as_days(parsed: list[tuple[str, str, Measured]],
                    notes: list[Diagnostic]) -> tuple[list[tuple[str, str, Measured]], bool]:
    """A delay ladder that mixes months or years with days or weeks counts a
    month as 30 days and a year as 365 (rules §2: the natural method of
    counting a period with no calendar start).  Said as an info diagnostic."""
    dimensions = {q.dimension for _, _, c in parsed for q in _quantities(c) if q.unit is not None}
    if not {"months", "time"} <= dimensions:
        return parsed, False
    notes.append(Diagnostic(Code.MONTHS_AS_DAYS, "info",
                            "the ladder mixes months with days: a month counts 30 days and a year 365"))
    return [(g, t, _in_days(c)) for g, t, c in parsed], True


def _in_days(condition: Measured) -> Measured:
    def days(q: Quantity) -> Quantity:
        return q if q.dimension != "months" else Quantity(months_in_days(q), lookup("天"))

    if isinstance(condition, Range):
        return Range(days(condition.low), days(condition.high))
    if isinstance(condition, Delay):
        return Delay(condition.op, days(condition.quantity), None if condition.high is None else days(condition.high))
    return Compare(condition.op, days(condition.quantity))


def _unit_override(symbol: str | None, declared: frozenset[str], notes: list[Diagnostic]) -> Unit | None:
    if symbol is None:
        return None
    try:
        return unit_named(symbol, declared)
    except KeyError:
        raise DefinitionError(Code.UNKNOWN_UNIT, f"unknown unit {symbol!r}; a book may declare a counter "
                              f"(units: [{symbol}])", tuple(notes)) from None


def _ladder_unit(parsed: list[tuple[str, str, Measured]], notes: list[Diagnostic],
                 stated: Unit | None = None) -> Unit | None:
    """The ladder's unit: the stated one, else that of its first band that
    names one.  Bands without a unit take it (`320以下` beside `320-360人`)."""
    units = [q.unit for _, _, c in parsed for q in _quantities(c) if q.unit is not None]
    if stated is not None:
        units.insert(0, stated)
    if not units:
        return None
    unit = units[0]
    for grade, text, condition in parsed:
        for q in _quantities(condition):
            if q.unit is not None and q.unit.dimension != unit.dimension:
                raise DefinitionError(Code.MIXED_UNITS, f"band {grade} '{text}' is in {q.unit}, the ladder in {unit}",
                                      tuple(notes))
        on_time = isinstance(condition, Delay) and condition.is_on_time  # 及时: 0 of any unit
        if stated is None and not on_time and any(q.unit is None for q in _quantities(condition)):
            notes.append(Diagnostic(Code.UNIT_ASSUMED, "info", f"'{text}' has no unit; read as {unit}", grade))
    return unit


def _anchor(condition: Measured, axis: Axis) -> Decimal:
    """A representative point of a band, to see which way the ladder runs."""
    ends = _quantities(condition)
    if len(ends) == 2:
        return div(add(_base(ends[0], axis), _base(ends[1], axis)), Decimal(2))
    return _base(ends[0], axis)


def _base(quantity: Quantity, axis: Axis) -> Decimal:
    return quantity.base if quantity.unit is not None else axis.to_base(quantity.value)


def _infer_direction(anchors: list[Decimal], conditions: list[Condition]) -> tuple[str | None, bool]:
    """(direction, monotone) from the anchors, best first; ties read the operators."""
    # Compared, not subtracted: a comparison needs no decimal context.
    pairs = list(pairwise(anchors))
    falls, rises = any(b < a for a, b in pairs), any(b > a for a, b in pairs)
    if falls and not rises:
        return UP, True
    if rises and not falls:
        return DOWN, True
    if falls and rises:
        return (UP if anchors[0] > anchors[-1] else DOWN if anchors[0] < anchors[-1] else None), False
    # All anchors equal (`>2 / <2`): the best band's operator, else the worst's.
    for condition, flip in ((conditions[0], False), (conditions[-1], True)):
        op = getattr(condition, "op", None)
        if op is not None and op.upward is not None:
            return (UP if op.upward != flip else DOWN), True
    return None, True


def _intervals(condition: Measured, axis: Axis, direction: str) -> tuple[Interval, ...]:
    ends = _quantities(condition)
    if len(ends) == 2:  # a range, or a delay range: both ends included (rules §2)
        return (Interval(_base(ends[0], axis), _base(ends[1], axis)),)
    assert not isinstance(condition, Range)  # a range has two ends: returned above
    x = _base(condition.quantity, axis)
    op = condition.op
    if op is None:  # a bare value means "at least this" in the ladder's direction
        op = Op.GE if direction == UP else Op.LE
    return (_interval(op, x),)


def _interval(op: Op, x: Decimal) -> Interval:
    return {
        Op.GE: Interval(x, None, True),
        Op.GT: Interval(x, None, False),
        Op.LE: Interval(None, x, True, True),
        Op.LT: Interval(None, x, True, False),
        Op.EQ: Interval(x, x),
    }[op]


def _check_duplicates(parsed: list[tuple[str, str, Condition]], notes: list[Diagnostic]) -> None:
    seen: dict[Condition, str] = {}
    for grade, text, condition in parsed:
        if condition in seen:
            notes.append(Diagnostic(Code.DUPLICATE_BAND, "warning",
                                    f"'{text}' is both {seen[condition]} and {grade}; {seen[condition]} wins",
                                    grade))
        else:
            seen[condition] = grade


def _check_gaps(compiled: tuple[Band, ...], found: tuple[Interval, ...], direction: str, on_gap: str,
                unit: Unit | None, notes: list[Diagnostic]) -> None:
    every = [i for b in compiled for i in b.intervals]
    worst = compiled[-1]
    for gap in found:
        # Gaps never meet a band, so comparing end points places them.
        low = cast(Decimal, gap.low)  # a gap lies inside the domain, which starts at a number
        below_all = gap.high is not None and all(i.low is not None and i.low >= gap.high for i in every)
        above_all = all(i.high is not None and i.high <= low for i in every)
        worse_side, better_side = (below_all, above_all) if direction == UP else (above_all, below_all)
        where = show(gap, unit)
        if worse_side:
            notes.append(Diagnostic(Code.WORST_BAND_INCOMPLETE, "warning",
                                    f"{worst.grade} '{worst.text}' does not hold {where}; "
                                    f"such values take {worst.grade}",
                                    worst.grade))
        elif better_side:
            best = compiled[0]
            notes.append(Diagnostic(Code.BEST_BAND_INCOMPLETE, "info",
                                    f"{best.grade} '{best.text}' does not hold {where}; such values take {best.grade}",
                                    best.grade))
        else:
            resolved = "is an error" if on_gap == "error" else "takes the next lower band"
            notes.append(Diagnostic(Code.GAP, "warning", f"no band holds {where}; a value there {resolved}"))


def _check_overlaps(compiled: tuple[Band, ...], direction: str, unit: Unit | None,
                    notes: list[Diagnostic]) -> None:
    """Report a worse band that reaches into a better one beyond a shared end
    point.  ``≥90%`` under ``100%`` is the usual "at least" reading, not an
    overlap: only a worse band bounded on its better side can overlap."""
    for i, better in enumerate(compiled):
        for worse in compiled[i + 1:]:
            for a in better.intervals:
                for b in worse.intervals:
                    bounded = b.high is not None if direction == UP else b.low is not None
                    common = a.intersect(b)
                    if bounded and not common.is_empty and not common.is_point:
                        notes.append(Diagnostic(
                            Code.OVERLAP, "warning",
                            f"{worse.grade} '{worse.text}' and {better.grade} '{better.text}' "
                            f"share {show(common, unit)}; {better.grade} wins", worse.grade))
