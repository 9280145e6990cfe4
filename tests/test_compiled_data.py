"""Compiled ladders and targets are frozen data (docs/design.md).

Their thresholds are fields in the base unit of their axis, so equality,
hashing and pickling come from the data, unpickling parses nothing, and a
vectorised grader can read every number it needs.  Reprs are honest: they
are written ``<Target …>`` and ``<Ladder …>``, plainly not source.
"""

from __future__ import annotations

import pickle
from decimal import Decimal

import attrs
import pytest

import perfeval
from perfeval.evaluate.intervals import Interval
from perfeval.notation.parser import parse_notation

LADDERS = [
    ["100%", "≥90%", "≥80%", "<80%"],
    ["≥500人", "≥480人", "≥460人", "<460人"],
    ["及时", "延期一周", "延期两周", "延期三周"],
    ["是", "基本达到", "否", "否"],
    [">2", "<2", "", ""],
    ["400人以上", "360-400人", "320-360人", "320以下"],
]
TARGETS = [
    ("≥7000万元", {}),
    ("≤30万元", {"subgroup": "成本指标"}),
    ("0.9%", {"name": "森林火灾受害率"}),
    ("6000元/人", {"subgroup": "成本指标"}),
    ("12月底前完成", {"subgroup": "时效指标", "year": 2023}),
    ("严格落实相关政策", {}),
    ("95-100%", {}),
    ("/", {}),
    ("≤10天", {"scheme": {"reverse": "linear"}}),
]


@pytest.mark.parametrize("ladder", LADDERS, ids=lambda t: "/".join(t))
def test_two_compiles_of_a_ladder_are_equal_and_hash_alike(ladder):
    a, b = perfeval.bands(ladder), perfeval.bands(ladder)
    assert a == b and hash(a) == hash(b)
    assert a != perfeval.bands(ladder, on_gap="error")


@pytest.mark.parametrize("text, options", TARGETS, ids=lambda t: t if isinstance(t, str) else "")
def test_two_compiles_of_a_target_are_equal_and_hash_alike(text, options):
    a, b = perfeval.target(text, **options), perfeval.target(text, **options)
    assert a == b and hash(a) == hash(b)


@pytest.mark.parametrize("text, options", TARGETS, ids=lambda t: t if isinstance(t, str) else "")
def test_a_target_pickles_as_data_without_parsing(text, options):
    compiled = perfeval.target(text, **options)
    before = parse_notation.cache_info()
    again = pickle.loads(pickle.dumps(compiled))
    after = parse_notation.cache_info()
    assert (after.hits + after.misses) == (before.hits + before.misses), "unpickling parsed the text again"
    assert again == compiled and again.diagnostics == compiled.diagnostics
    assert again.score("/", 10) == compiled.score("/", 10)


@pytest.mark.parametrize("ladder", LADDERS, ids=lambda t: "/".join(t))
def test_a_ladder_pickles_as_data_without_parsing(ladder):
    compiled = perfeval.bands(ladder)
    before = parse_notation.cache_info()
    again = pickle.loads(pickle.dumps(compiled))
    after = parse_notation.cache_info()
    assert (after.hits + after.misses) == (before.hits + before.misses)
    assert again == compiled and again.worst == compiled.worst and again.gaps == compiled.gaps


def test_a_whole_book_pickles_and_grades_alike():
    book = perfeval.load("examples/small.yaml")
    again = pickle.loads(pickle.dumps(book))
    assert again == book
    assert [i.evaluator for i in again.indicators] == [i.evaluator for i in book.indicators]


def test_compiled_definitions_are_immutable():
    compiled = perfeval.target("≥90%")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        compiled.bounds = (Decimal(0),)  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        perfeval.bands(LADDERS[0]).on_gap = "error"  # type: ignore[misc]


# --- the numbers a batch grader reads, in base units ---------------------------------

@pytest.mark.parametrize("text, options, rule, bounds, unit", [
    ("≥7000万元", {}, "at-least", (Decimal(70_000_000),), "万元"),          # rules §2: 万元 is 10⁴ 元
    ("≤0.5亿元", {}, "at-most", (Decimal(50_000_000),), "亿元"),
    ("0.9%", {"name": "森林火灾受害率"}, "at-most", (Decimal("0.9"),), "%"),  # rules §4: a bare 受害率 is ≤
    ("≥3‰", {}, "at-least", (Decimal("0.3"),), "‰"),                        # ‰ is a tenth of %
    ("95-100%", {}, "range", (Decimal(95), Decimal(100)), "%"),
    ("≤10天", {}, "at-most", (Decimal(14400),), "天"),                        # time is in minutes
    (">5次", {}, "more-than", (Decimal(5),), "次"),
])
def test_target_bounds_are_in_base_units(text, options, rule, bounds, unit):
    t = perfeval.target(text, **options)
    assert (t.rule, t.bounds, t.unit.symbol) == (rule, bounds, unit)
    assert all(b == w * t.unit.factor for b, w in zip(t.bounds, t.written_bounds(), strict=True))


def test_a_deadline_holds_its_date_and_a_word_target_its_words():
    deadline = perfeval.target("12月底前完成", subgroup="时效指标", year=2023)
    assert (deadline.rule, str(deadline.due), deadline.bounds) == ("deadline", "2023-12-31", ())
    words = perfeval.target("严格落实相关政策")
    assert (words.rule, words.condition.text, words.axis) == ("words", "严格落实相关政策", None)


def test_ladder_intervals_are_in_base_units():
    ladder = perfeval.bands(["≥500万元", "≥480万元", "≥460万元", "<460万元"])
    assert ladder.bands[0].intervals == (Interval(Decimal(5_000_000), None, True),)
    assert ladder.bands[-1].intervals == (Interval(None, Decimal(4_600_000), True, False),)
    assert (ladder.axis.unit.symbol, ladder.direction) == ("万元", "up")


# --- honest reprs ------------------------------------------------------------------

def test_a_target_repr_is_not_source_and_keeps_its_reading():
    """Bug: ``repr(target("0.9%", name="森林火灾受害率"))`` was ``target('0.9%')``,
    which evaluates to a ≥ target, not the ≤ target it came from."""
    shown = repr(perfeval.target("0.9%", name="森林火灾受害率"))
    assert shown == "<Target '0.9%' ≤0.9% (森林火灾受害率)>"
    with pytest.raises(SyntaxError):
        eval(shown)


def test_a_ladder_repr_is_not_source():
    shown = repr(perfeval.bands(LADDERS[0]))
    assert shown == "<Ladder 优 '100%' / 良 '≥90%' / 中 '≥80%' / 差 '<80%'>"
    with pytest.raises(SyntaxError):
        eval(shown)
