"""The batch path (issue 12): many books, many rows, each row on its own.

Its results must be those of the per-row API and of ``Book.grade``, row for
row; each distinct value is graded once; the rows come back in order, lazily;
and the accounting says what every book's rows were.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfeval
import perfeval.grading.batch as batch
from perfeval import grade_many
from perfeval.evaluate import Ladder
from perfeval.grading.batch import nominal_weights
from perfeval.grading.totals import decimal_of
from perfeval.io import read_actuals

ROOT = Path(__file__).resolve().parent.parent
BOOK = perfeval.load(ROOT / "indicators" / "caofeidian-hrss-2023.yaml")
ACTUALS = read_actuals(ROOT / "examples" / "actuals-2023.csv")
IDS = [i.id for i in BOOK.indicators]
LADDER = "0101/社会保险补贴到位率"      # 100% / ≥90% / ≥80% / <80%
# Values as spreadsheets hold them: the year's own, and the noise around them.
POOL = sorted({str(e.actual) for e in ACTUALS if e.actual} | {"", "/", "无", "达成", "部分达成", "95", "0.9", "1,200人",
                                                              "延期5天", "2023-12-31", "2024-02-01", "及时", "未知的词"})


def per_row(indicator_id: str, actual: str, note: str | None = None):
    """The per-row API: the compiled evaluator, at the indicator's nominal weight."""
    indicator = BOOK.indicator(indicator_id)
    evaluator = indicator.evaluator
    if isinstance(evaluator, Ladder):
        return evaluator.grade(actual).grade, None
    score = evaluator.score(actual, decimal_of(nominal_weights(BOOK)[indicator_id]), note=note)
    return score.grade, score.points


def _terminates(weight) -> bool:
    """A weight a Decimal holds exactly: its denominator has no prime but 2 and 5."""
    d = weight.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def test_the_seed_year_in_a_batch_gives_book_grades_rows():
    report = BOOK.grade(ROOT / "examples" / "actuals-2023.csv", budget=ROOT / "examples" / "budget-2023.csv")
    run = grade_many({"seed": BOOK}, (("seed", e.id, e.actual, e.note) for e in ACTUALS))
    rows = list(run)
    by_id = {r.id: r for r in report.rows}
    for row in rows:
        expected = by_id[row.id]
        assert (row.status, row.grade, row.achieved, row.ratio) == (expected.status, expected.grade,
                                                                     expected.achieved, expected.ratio), row.id
        if expected.weight == row.weight:  # a not-applicable row elsewhere in the group rescales the others
            assert row.points == expected.points, row.id
    assert run.accounting["seed"].rows == len(ACTUALS) and run.accounting["seed"].missing == ()


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(POOL)), min_size=1, max_size=40))
def test_every_row_agrees_with_the_per_row_api(pairs):
    rows = list(grade_many({"b": BOOK}, [("b", i, a) for i, a in pairs]))
    assert [r.id for r in rows] == [i for i, _ in pairs]          # in order, one per row
    for row, (indicator_id, actual) in zip(rows, pairs, strict=True):
        if row.status in ("error", "missing"):
            continue
        grade, points = per_row(indicator_id, actual)
        assert row.grade == grade
        # The per-row API takes a Decimal weight; the batch keeps 100/7 exact, as Book.grade does.
        if row.status == "graded" and points is not None and _terminates(nominal_weights(BOOK)[indicator_id]):
            assert row.points == points


def test_each_distinct_value_is_graded_once(monkeypatch):
    calls = []
    original = batch.grade_entry

    def counting(indicator, entry, ratios):
        calls.append((indicator.id, entry.actual))
        return original(indicator, entry, ratios)

    monkeypatch.setattr(batch, "grade_entry", counting)
    ids = IDS[:5]
    rows = [("b", ids[n % 5], ["92%", "100%"][n % 2]) for n in range(1000)]
    assert len(list(grade_many({"b": BOOK}, rows))) == 1000
    assert len(calls) == len(set(calls)) == 10


def test_the_rows_come_back_lazily_from_an_endless_stream():
    endless = (("b", LADDER, f"{78 + n}%") for n in itertools.count())
    first = list(itertools.islice(grade_many({"b": BOOK}, endless), 3))
    assert [r.grade for r in first] == ["差", "差", "中"]


def test_the_accounting_names_unknown_books_ids_and_the_indicators_no_row_named():
    other = perfeval.load(ROOT / "examples" / "small.yaml")
    records = [{"book": "seed", "id": LADDER, "actual": "100%"}, {"book": "seed", "id": "没有这个", "actual": "1"},
               {"book": "nowhere", "id": IDS[0], "actual": "1"}, ("small", other.indicators[0].id, "", None)]
    run = grade_many({"seed": BOOK, "small": other}, records)
    assert [r.status for r in run] == ["graded", "unknown-id", "unknown-book", "missing"]
    seed, small = run.accounting["seed"], run.accounting["small"]
    assert (seed.rows, seed.graded, seed.unknown, len(seed.missing)) == (2, 1, 1, len(IDS) - 1)
    assert (small.rows, small.blank, small.missing) == (1, 1, tuple(i.id for i in other.indicators[1:]))


def test_one_indicator_in_many_rows_is_graded_each_time():
    rows = list(grade_many({"b": BOOK}, [("b", LADDER, "100%"), ("b", LADDER, "85%"), ("b", LADDER, "70%")]))
    assert [r.grade for r in rows] == ["优", "中", "差"]


@pytest.mark.parametrize("record", [("b", LADDER), ("b",), "b", {"id": LADDER}, 5])
def test_a_record_of_the_wrong_shape_is_a_typed_error(record):
    with pytest.raises(perfeval.PerfevalError) as info:
        list(grade_many({"b": BOOK}, [record]))
    assert info.value.code == "bad-record"


def test_the_memo_stays_within_its_bound_and_the_rows_stay_right(monkeypatch):
    monkeypatch.setattr(batch, "MEMO_SIZE", 8)
    values = [f"{70 + n % 31}%" for n in range(200)]
    run = grade_many({"b": BOOK}, [("b", LADDER, v) for v in values])
    grades = [r.grade for r in run]
    assert len(run._memo) <= 8
    assert grades == [BOOK.indicator(LADDER).evaluator.grade(v).grade for v in values]
