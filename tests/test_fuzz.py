"""Fuzzing with ``tests/strategies.py`` (issue 10): whatever is fed in, the
result is a report or a typed error with a catalogued ``.code``, never
another exception; and every input row is accounted for.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import perfeval
from perfeval import PerfevalError
from perfeval.codes import Code
from perfeval.io import read_actuals
from strategies import actuals_files, books, budget_files, ladders, notation_text

# The number of examples is the profile's (tests/conftest.py): 2,000 in CI.
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODES = {c.value for c in Code}


def typed(error: PerfevalError) -> None:
    assert error.code in CODES
    for problem in getattr(error, "problems", ()):
        assert problem.code in CODES


@FUZZ
@given(notation_text())
def test_a_target_compiles_or_raises_a_typed_error(text):
    try:
        perfeval.target(text, year=2023)
    except PerfevalError as error:
        typed(error)


@FUZZ
@given(ladders())
def test_a_ladder_compiles_or_raises_a_typed_error(cells):
    try:
        perfeval.bands(cells)
    except PerfevalError as error:
        typed(error)


@FUZZ
@given(books())
def test_a_book_loads_or_raises_a_typed_error(text):
    try:
        book = perfeval.loads(text)
    except PerfevalError as error:
        typed(error)
        return
    assert len({i.id for i in book.indicators}) == len(book.indicators)


@st.composite
def graded_inputs(draw: st.DrawFn) -> tuple[perfeval.Book, tuple[str, str], tuple[str, str]]:
    try:
        book = perfeval.loads(draw(books(valid=True)))
    except PerfevalError:
        assume(False)
        raise
    actuals = draw(actuals_files([i.id for i in book.indicators]))
    budget = draw(budget_files([p.name for p in book.projects]))
    return book, actuals, budget


@FUZZ
@given(graded_inputs())
def test_grading_any_files_accounts_for_every_row(inputs):
    book, (actuals_suffix, actuals_text), (budget_suffix, budget_text) = inputs
    with tempfile.TemporaryDirectory() as folder:
        actuals = Path(folder) / f"actuals{actuals_suffix}"
        budget = Path(folder) / f"budget{budget_suffix}"
        actuals.write_text(actuals_text, encoding="utf-8")
        budget.write_text(budget_text, encoding="utf-8")
        try:
            entries = read_actuals(actuals)
            report = perfeval.grade(book, actuals, budget=budget)
        except PerfevalError as error:
            typed(error)
            return
    # every indicator is a row, once; every given id is used or named in a problem
    assert [r.id for r in report.rows] == [i.id for i in book.indicators]
    named = {p.subject for p in report.problems if p.code in (Code.UNKNOWN_ID, Code.DUPLICATE_ID)}
    used = {r.id for r in report.rows if r.status != "missing"}
    for entry in entries:
        assert entry.id in used or entry.id in named or (entry.actual is None and entry.id in {r.id for r in report.rows})
    for problem in report.problems:
        assert problem.code in CODES


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([".csv", ".yaml"]))
def test_any_bytes_as_an_actuals_file_read_or_raise_a_typed_error(raw, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"actuals{suffix}"
        path.write_bytes(raw)
        try:
            read_actuals(path)
        except PerfevalError as error:
            typed(error)
