"""The shortcuts of the per-row and batch paths read exactly as the long way.

A plain number (``96.5%``, ``1200人``) is read without the tokenizer, and a
ladder places a value by bisecting its cut axis rather than walking its bands
(issue 12).  Each shortcut must give what the rules as written give (rules §2
for reading an actual, §3 for placing it on a ladder).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval.errors import DefinitionError, NotationError
from perfeval.evaluate.actuals import PLAIN_NUMBER, Axis, Reading
from perfeval.evaluate.ladder import bands
from perfeval.evaluate.memo import Refused
from perfeval.notation.units import lookup, symbols
from strategies import GOOD_LADDERS, ladders

AXIS_UNITS = [None, *sorted(symbols())]
PLAIN_NUMBERS = st.one_of(
    st.integers(0, 10**16 - 1).map(str),
    st.decimals(min_value=0, max_value=10**6, places=3,
                allow_nan=False, allow_infinity=False).map(str),
    st.from_regex(r"[0-9]{1,16}\.[0-9]{1,16}", fullmatch=True),
    st.sampled_from(["0", "007", "0.5", "96.50", "100", "0.000", "283500", "1" * 16, "1,200", "12,345,678.25",
                     "1,2000", "1,200,00", "0,500", ",200", "1,200.", "00,001"]),
    st.integers(1000, 10**15).map(lambda n: f"{n:,}"),
)


def _slow(axis: Axis, text: str) -> Reading | str:
    """The reading by the tokenizer and parser, as every non-plain text is read."""
    fresh = Axis(axis.unit, axis.delay, axis.direction, axis.units, axis.months_as_days)
    fresh_symbols: frozenset[str] = frozenset()
    object.__setattr__(fresh, "_symbols", fresh_symbols)  # turns the shortcut off
    return _outcome(fresh, text)


def _outcome(axis: Axis, text: str) -> Reading | str:
    try:
        return axis.read(text)
    except NotationError as error:
        return f"{error.code}: {error.message}"


@given(st.sampled_from(AXIS_UNITS), PLAIN_NUMBERS, st.sampled_from(["", "%", *sorted(symbols())]),
       st.sampled_from([None, "up", "down"]))
def test_a_plain_number_reads_as_the_parser_reads_it(unit: str | None, number: str, suffix: str,
                                                     direction: str | None) -> None:
    """rules §2: a bare number takes the definition's unit; a number with a
    unit converts inside its dimension or is refused.  The shortcut must
    agree on the value, its base, its flags and its errors."""
    axis = Axis(None if unit is None else lookup(unit), direction=direction)
    text = number + suffix
    fast, slow = _outcome(axis, text), _slow(axis, text)
    assert fast == slow
    assert str(fast) == str(slow)
    if isinstance(fast, Reading) and isinstance(slow, Reading):
        assert [f.message for f in fast.flags] == [f.message for f in slow.flags]


@given(st.sampled_from(AXIS_UNITS), PLAIN_NUMBERS, st.sampled_from(["", "%", *sorted(symbols())]),
       st.sampled_from([None, "up", "down"]), st.booleans())
def test_a_plain_numbers_base_is_its_readings_when_nothing_is_flagged(unit: str | None, number: str, suffix: str,
                                                                      direction: str | None, delay: bool) -> None:
    """A ladder places a plain number by ``base_of`` alone and reads it only
    when asked (issue 12).  That value must be the reading's own base, and
    only where the reading flags nothing (rules §2: a converted unit, a
    bare fraction against a %, a unit on an axis with none are flagged, and
    take the long way); every plain number (``PLAIN_NUMBER``) in the axis'
    own unit, or bare, with nothing to flag is found."""
    if delay and (unit is None or lookup(unit).dimension != "time"):
        return
    axis = Axis(None if unit is None else lookup(unit), delay=delay, direction=direction)
    text = number + suffix
    base, reading = axis.base_of(text), _outcome(axis, text)
    if base is not None:
        assert isinstance(reading, Reading) and reading.flags == () and reading.base == base
        assert str(base) == str(reading.base)  # the same digits, not only an equal value
    elif isinstance(reading, Reading) and not reading.flags and not delay and PLAIN_NUMBER.fullmatch(text) and (
            not suffix or (axis.unit is not None and suffix == axis.unit.symbol)):
        raise AssertionError(f"{text!r} on {unit}: a plain number with nothing to flag took the long way")


def test_a_ladder_places_a_plain_number_before_it_reads_it() -> None:
    ladder = bands(["100%", "≥90%", "≥80%", "<80%"])
    graded = ladder.grade("91.375%")
    assert graded.grade == "良" and graded._actual is None  # placed by its value alone
    assert graded.actual == ladder.axis.read("91.375%") and graded._actual is not None
    eager = bands(["100%", "≥90%", "≥80%", "<80%"])._grade("91.375%")
    assert eager._actual is not None and eager == graded and hash(eager) == hash(graded)
    assert graded.explain() == eager.explain() == "良: band '≥90%' = [90%, +∞) holds 91.375% (given '91.375%')"


def test_the_shortcut_is_taken_for_plain_numbers() -> None:
    """The shortcut must actually run, or the property above proves nothing."""
    axis = Axis(lookup("人"))
    assert {"%", "人", "元", "万元", "亿元"} <= axis._symbols
    assert PLAIN_NUMBER.fullmatch("1,200人") is not None and PLAIN_NUMBER.fullmatch("1,2000人") is None


@pytest.mark.parametrize("text", ["1,200人", "９６％", " 96.5 ", "96.5 %", "约95%", "≥95%", "96.", "1e3"])
def test_other_texts_take_the_long_way_and_read_alike(text: str) -> None:
    axis = Axis(lookup("%"), direction="up")
    assert _outcome(axis, text) == _slow(axis, text)


POINTS = st.one_of(st.decimals(min_value=-200, max_value=20_000, places=2, allow_nan=False, allow_infinity=False),
                   st.integers(-5, 20_000).map(Decimal))


@given(st.one_of(GOOD_LADDERS, ladders()), st.lists(POINTS, min_size=1, max_size=20),
       st.sampled_from(["next_lower", "error"]))
def test_cut_axis_places_every_value_as_the_bands_do(texts: list[str], xs: list[Decimal], on_gap: str) -> None:
    """rules §3: a value takes the first band, best first, that holds it; in
    a gap the next lower band (or an error); beyond every band the worst or
    the best.  Bisecting the cut axis must give that same placement, at
    every end and between them."""
    try:
        ladder = bands(texts, on_gap=on_gap)
    except (DefinitionError, NotationError, TypeError):  # a ladder refused has nothing to place
        return
    if ladder.axis is None:
        return
    cuts = ladder.cuts
    assert list(cuts.ends) == sorted(set(cuts.ends))
    assert len(cuts.pieces) == 2 * len(cuts.ends) + 1
    points = [*xs, *cuts.ends, *(e + Decimal("0.001") for e in cuts.ends), *(e - Decimal("0.001") for e in cuts.ends)]
    for x in points:
        assert cuts.place(x) == ladder.placement_of(x), (str(ladder), x)
    for low, high in zip(cuts.ends, cuts.ends[1:], strict=False):
        between = (Fraction(low) * 2 + Fraction(high)) / 3
        assert cuts.pieces[cuts.piece_of(low) + 1] == ladder.placement_of(between)


def test_a_value_in_a_gap_is_an_error_when_the_ladder_says_so() -> None:
    ladder = bands([">2", "<2", "", ""], on_gap="error")
    with pytest.raises(NotationError) as raised:
        ladder.grade("2")
    assert raised.value.code == "in-gap"
    assert bands([">2", "<2", "", ""]).grade("2").how == "gap"


def test_ladders_on_equal_axes_share_one_axis_and_its_readings():
    """A province's books hold thousands of ladders on a few axes: a text read
    on one is not read again on another alike (issue 12)."""
    first, second = bands(["100%", "≥90%", "≥80%", "<80%"]), bands(["≥95%", "≥85%", "≥75%", "<75%"])
    assert first.axis is second.axis
    graded = first.grade("93.1234%")
    assert "93.1234%" in second.axis._bases
    assert "93.1234%" not in second.axis._readings  # placing a plain number needs no reading
    assert graded.actual.base == Decimal("93.1234") and "93.1234%" in second.axis._readings
    assert bands(["≤30万元", "≤35万元", "≤40万元", ">40万元"]).axis is not first.axis


def test_an_axis_remembers_at_most_its_bound_and_still_reads_right(monkeypatch):
    import perfeval.evaluate.actuals as actuals

    monkeypatch.setattr(actuals, "READINGS_KEPT", 3)
    axis = Axis(lookup("人"), direction="up")
    for n in range(10):
        assert axis.read(f"{n}人").base == n
        assert len(axis._readings) <= 3


def test_a_ladder_remembers_each_texts_grade_and_error_within_its_bound(monkeypatch):
    """A repeated text gives the very result it gave before, an error the same
    error; the memo stays within its bound and is not pickled with the ladder."""
    import pickle

    import perfeval.evaluate.ladder as ladder_module

    monkeypatch.setattr(ladder_module, "RESULTS_KEPT", 4)
    ladder = bands(["100%", "≥90%", "≥80%", "<80%"])
    first = ladder.grade("91.5%")
    assert ladder.grade("91.5%") is first
    for actual in ("<70%", "<70%"):
        with pytest.raises(NotationError) as raised:
            ladder.grade(actual)
        assert raised.value.code == "operator-in-actual"
    for n in range(10):
        assert ladder.grade(f"{80 + n}%").grade == "中"
        assert len(ladder._graded) <= 4
    copy = pickle.loads(pickle.dumps(ladder))
    assert copy == ladder and copy._graded == {} and copy.grade("91.5%") == first


def test_the_axis_past_the_last_end_is_placed_past_it_at_any_magnitude():
    """1E60亿吨 is within perfeval's limits as written, and 1E74 in base
    units: the stretch above it is still above it (rules §3: `>` holds it)."""
    big = "1" + "0" * 60
    ladder = bands({"优": f">{big}亿吨", "良": "≥1亿吨", "中": "≥1吨", "差": "<1吨"})
    past = 2 * ladder.cuts.ends[-1]
    assert ladder.cuts.place(past) == ladder.placement_of(past)
    assert ladder.grade("2" + "0" * 60 + "亿吨").grade == "优"
    assert ladder.grade(f"{big}亿吨").grade == "良"


def test_an_axis_no_ladder_holds_is_freed_with_its_readings():
    import gc
    import weakref

    ladder = bands(["≥977.5樘", "≥975.5樘", "≥973.5樘", "<973.5樘"], units=["樘"])
    ladder.grade("976樘")
    axis = weakref.ref(ladder.axis)
    del ladder
    gc.collect()
    assert axis() is None


@pytest.mark.parametrize("read, memo, text, code", [
    (lambda: bands(["100%", "≥90%", "≥80%", "<80%"]), "_graded", "<60%", "operator-in-actual"),
    (lambda: Axis(lookup("%"), direction="up"), "_readings", "待核实", "expected-number"),
])
def test_a_remembered_error_is_raised_afresh_without_an_earlier_context(read, memo, text, code):
    """An error is as frequent in real data as any value (`待核实` in every
    department): a ladder and an axis each read it once, keep it as data,
    and raise it again as a new error with no context from the first raise."""
    reader = read()
    grade = reader.grade if hasattr(reader, "grade") else reader.read
    try:
        raise KeyError("the caller's own")
    except KeyError:
        with pytest.raises(NotationError) as first:
            grade(text)
    assert isinstance(first.value.__context__, KeyError)
    assert isinstance(getattr(reader, memo)[text], Refused)  # data: no traceback, frame or context kept
    with pytest.raises(NotationError) as second:
        grade(text)
    assert second.value is not first.value and second.value.__context__ is None and second.value.code == code
    assert (second.value.code, second.value.message, second.value.text, second.value.span) == (
        first.value.code, first.value.message, first.value.text, first.value.span)


def test_a_remembered_error_keeps_no_callers_frame_alive():
    """A remembered error is raised afresh: the caller's locals at the first
    raise are not held by the memo once the caller has returned."""
    import gc
    import weakref

    class Big:
        pass

    ladder = bands(["100%", "≥90%", "≥80%", "<80%"])

    def caller() -> weakref.ref[Big]:
        big = Big()
        with pytest.raises(NotationError):
            ladder.grade("待核实")
        return weakref.ref(big)

    held = caller()
    gc.collect()
    assert held() is None


def test_threads_that_share_a_full_memo_grade_alike():
    """A book scattered to a Dask worker is graded by its threads at once:
    forgetting the oldest quarter of a shared memo must never fail."""
    import threading

    ladder = bands(["100%", "≥90%", "≥80%", "<80%"])
    failures: list[BaseException] = []

    def grade(k: int) -> None:
        try:
            for i in range(30_000):
                assert ladder.grade(f"{i}.{k}").grade is not None
        except BaseException as error:  # any failure in a thread is the test's
            failures.append(error)

    threads = [threading.Thread(target=grade, args=(k,)) for k in range(1, 9)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often, as under load
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []


def test_a_full_memo_forgets_its_oldest_quarter_and_keeps_the_rest(monkeypatch):
    """Past its bound an axis keeps the texts read most recently: a province's
    % axis, a little past the bound, keeps most of its hits (issue 12)."""
    import perfeval.evaluate.actuals as actuals

    monkeypatch.setattr(actuals, "READINGS_KEPT", 8)
    axis = Axis(lookup("人"), direction="up")
    for n in range(9):
        axis.read(f"{n}人")
    assert list(axis._readings) == [f"{n}人" for n in range(2, 9)]
    kept = axis._readings["8人"]
    assert axis.read("8人") is kept
