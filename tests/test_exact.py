"""Exact everywhere: no caller's decimal context reaches a grade, a total or
a check (rules §5: "decided on the exact total"; rounding is for display).

perfeval computes in its own context (``perfeval._arith.EXACT``) and on
fractions.  A caller who set ``getcontext().prec = 3``, rounding down, with
every trap on, must get the same report, to the byte, as one who did not.
Also the regressions of the bugs the structural review found (issue 7).
"""

from __future__ import annotations

import decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfeval
from perfeval import BookError, NotationError
from perfeval.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_BOOK = ROOT / "indicators" / "caofeidian-hrss-2023.yaml"
SEED_ACTUALS = ROOT / "examples" / "actuals-2023.csv"
SEED_BUDGET = ROOT / "examples" / "budget-2023.csv"

HOSTILE = dict(prec=3, rounding=decimal.ROUND_DOWN,
               traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation, decimal.DivisionByZero,
                      decimal.Overflow, decimal.Underflow, decimal.Subnormal, decimal.Clamped])


def _seed_report_everywhere() -> tuple[str, ...]:
    book = perfeval.load(SEED_BOOK)
    report = perfeval.grade(book, SEED_ACTUALS, budget=SEED_BUDGET)
    return tuple(report.render(name) for name in ("table", "markdown", "html", "json", "csv", "selfeval"))


def test_the_seed_report_is_the_same_under_a_hostile_context():
    calm = _seed_report_everywhere()
    with decimal.localcontext(decimal.Context(**HOSTILE)):
        hostile = _seed_report_everywhere()
    assert hostile == calm


WEIGHTED = """\
perfeval: 1
department: {{code: "1", name: 局}}
year: 2023
activities:
  - code: A
    name: 甲
    indicators:
      - {{name: 一, weight: "{0}", ladder: ["100%", "≥90%", "≥80%", "<80%"]}}
      - {{name: 二, weight: "{1}", ladder: ["100%", "≥90%", "≥80%", "<80%"]}}
      - {{name: 三, weight: "{2}", ladder: ["100%", "≥90%", "≥80%", "<80%"]}}
"""


def test_weights_are_added_exactly_whatever_the_context():
    """Bug: under ``prec=3`` the weights 33.34/33.33/33.33 were refused as
    adding up to 99.9, because the builder used plain ``sum()``."""
    text = WEIGHTED.format("33.34", "33.33", "33.33")
    with decimal.localcontext(decimal.Context(**HOSTILE)):
        book = perfeval.loads(text)
    assert [d.code for d in book.diagnostics] == []  # they add up to 100: no warning, no error


def test_weights_that_do_not_add_up_are_said_so_exactly():
    with decimal.localcontext(decimal.Context(prec=2)):
        book = perfeval.loads(WEIGHTED.format("33.3", "33.3", "33.3"))
    (rescaled,) = book.diagnostics
    assert rescaled.code == "weights-rescaled" and "99.9" in rescaled.message


@given(
    actuals=st.lists(st.decimals(min_value=0, max_value=200, places=3, allow_nan=False), min_size=3, max_size=3),
    prec=st.integers(min_value=1, max_value=6),
    rounding=st.sampled_from([decimal.ROUND_DOWN, decimal.ROUND_UP, decimal.ROUND_CEILING, decimal.ROUND_FLOOR,
                              decimal.ROUND_HALF_DOWN]),
)
def test_grading_ignores_the_callers_context(actuals, prec, rounding):
    """A property over actuals and contexts: the report's plain data is the
    same in a hostile context as in perfeval's own."""
    book = perfeval.loads(WEIGHTED.format("50", "30", "20"))
    given = {f"A/{name}": f"{value}%" for name, value in zip("一二三", actuals, strict=True)}
    calm = book.grade(given).as_dict()
    with decimal.localcontext(decimal.Context(prec=prec, rounding=rounding, traps=HOSTILE["traps"])):
        hostile = book.grade(given).as_dict()
    assert hostile == calm


# --- regressions of the structural review's bugs --------------------------------------

LATE_RATIOS = """\
perfeval: 1
department: {code: "1", name: 局}
year: 2023
scoring:
  late_ratios: {7: 0.5, 14: 0.8}
"""


def test_late_ratios_that_rise_are_a_located_problem_not_a_traceback(tmp_path, capsys):
    """Bug 1: rising late ratios escaped ``load()`` as a bare DefinitionError,
    and ``perfeval lint`` printed a traceback: the builder checked the scheme
    options itself and missed the check that ``Scheme`` has."""
    with pytest.raises(BookError) as info:
        perfeval.loads(LATE_RATIOS)
    (problem,) = info.value.problems
    assert (problem.code, problem.location.line) == ("bad-scheme", 5)
    path = tmp_path / "book.yaml"
    path.write_text(LATE_RATIOS, encoding="utf-8")
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr()
    assert f"{path}:5:3: error bad-scheme" in out.out and "Traceback" not in out.err


def test_a_ratio_outside_its_tier_points_at_the_text_as_typed():
    """Bug 3: the caret of ``ratio-outside-tier`` sat under the normalised
    text, not under what the user typed (full-width digits and a space)."""
    typed = "部分达成　９０％"
    with pytest.raises(NotationError) as info:
        perfeval.target("严格落实相关政策").score(typed, 10)
    error = info.value
    assert error.code == "ratio-outside-tier" and error.text == typed
    assert typed[error.span[0]:error.span[1]] == "９０％"
    assert str(error).splitlines()[-1] == "    " + " " * 10 + "^" * 6  # 部分达成 and the space are 10 columns wide


def test_a_book_error_lists_every_problem_with_a_caret():
    text = ("perfeval: 1\ndepartment: {code: '1', name: 局}\nyear: 2023\nactivities:\n  - code: A\n    name: 甲\n"
            "    indicators:\n      - {name: 一, ladder: [\"≥9O%\", \"≥90%\", \"≥80%\", \"<80%\"]}\n"
            "      - {name: 二, ladder: [\"100%\", \"≥90%\", \"≥80%\", \"<80%\"], directon: up}\n")
    with pytest.raises(BookError) as info:
        perfeval.loads(text)
    shown = str(info.value).splitlines()
    assert shown[0] == "2 error(s) in <text>"
    assert shown[1].startswith("<text>:8:") and "unexpected-text" in shown[1]
    assert shown[2:4] == ["    ≥9O%", "      ^"]                         # under the notation, as typed
    assert shown[4].startswith("<text>:9:") and "unknown-key" in shown[4]
    typo = next(p for p in info.value.problems if p.code == "unknown-key")
    assert typo.location.line_text[typo.location.column - 1:].startswith("directon")
    assert shown[5] == "    " + typo.location.line_text and shown[6].endswith("^")  # under the source line


@given(
    actual=st.one_of(st.decimals(min_value=-10, max_value=200, places=3, allow_nan=False),
                     st.decimals(min_value=0, max_value=1, places=4, allow_nan=False)),
    text=st.sampled_from(["≥90%", "≤5%", "95-100%", "≥7000万元", "≤30万元"]),
    prec=st.integers(min_value=1, max_value=6),
)
def test_a_bare_number_scores_alike_in_any_context(actual, text, prec):
    """The path a finance application takes, bare Decimal actuals, including
    fractions against a % target (rules §2), is exact in a hostile context."""
    t = perfeval.target(text)

    def outcome():
        try:
            s = t.score(actual, 10)
        except NotationError as error:
            return error.code
        return (s.achieved, s.ratio, s.points, tuple(f.code for f in s.flags))

    calm = outcome()
    with decimal.localcontext(decimal.Context(prec=prec, rounding=decimal.ROUND_DOWN, traps=HOSTILE["traps"])):
        assert outcome() == calm


def test_an_audit_of_every_real_form_is_the_same_under_a_hostile_context():
    """The audit re-scores published forms and compares with the published
    scores: its differences, sums and slack are perfeval's, not the caller's."""
    forms = sorted((ROOT / "tests" / "fixtures" / "selfeval").glob("*.txt"))
    calm = [perfeval.audit(form).render("json") for form in forms]
    with decimal.localcontext(decimal.Context(**HOSTILE)):
        hostile = [perfeval.audit(form).render("json") for form in forms]
    assert hostile == calm
