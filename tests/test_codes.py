"""The code catalogue (perfeval.codes): one list, used everywhere, all exercised.

- ``docs/errors.md`` is the catalogue, generated.
- Every place in the package that raises or reports a code takes it from the
  catalogue (``Code.X``), never a string: a static walk of the source says so.
- Each code below had no other test that produces it; each case here
  produces it, and asserts the code, not the wording.  ``conftest.py`` fails
  the whole run if a listed code is never produced.
"""

from __future__ import annotations

import ast
import pickle
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import perfeval
from perfeval import BookError, DefinitionError, NotationError, PerfevalError, TableError
from perfeval.cli import main
from perfeval.codes import Code, catalogue_markdown
from perfeval.errors import Diagnostic, Flag, Location
from perfeval.io.files import MAX_BYTES
from perfeval.io.tables import read_actuals

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "perfeval"

# Calls whose first argument (or, for these, one of the first three) is a code.
CODE_TAKERS = {"NotationError", "DefinitionError", "Diagnostic", "Flag", "PerfevalError", "raise_syntax_error",
               "report", "fail", "note", "read"}


def test_docs_errors_is_the_catalogue():
    assert (ROOT / "docs" / "errors.md").read_text(encoding="utf-8") == catalogue_markdown()


def test_every_code_is_a_unique_slug_with_a_meaning():
    slugs = [c.value for c in Code]
    assert len(slugs) == len(set(slugs))
    for code in Code:
        assert code.value == code.value.lower() and " " not in code.value
        assert code.severity in ("error", "warning", "info") and code.meaning.endswith(".")
        assert Code(code.value) is code and f"{code}" == code.value and code == code.value


def _code_arguments() -> list[tuple[str, int, ast.expr]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name in CODE_TAKERS:
                found.extend((str(path.relative_to(ROOT)), node.lineno, arg) for arg in node.args[:3])
    return found


def test_the_package_raises_codes_only_from_the_catalogue():
    """No code is written inline as a string, and every ``Code.X`` exists."""
    slugs = {c.value for c in Code}
    inline = [(f, n, a.value) for f, n, a in _code_arguments()
              if isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value in slugs]
    assert inline == [], "use Code.X, not a string"
    names = {c.name for c in Code}
    used = {node.attr for path in PACKAGE.rglob("*.py") for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Code"}
    assert used - names == set()


def test_every_code_is_used_by_the_package():
    used = {node.attr for path in PACKAGE.rglob("*.py") if path.name != "codes.py"
            for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Code"}
    assert {c.name for c in Code} - used == set(), "a listed code that the package never uses"


# --- one case for each code that nothing else produced ------------------------------

SMALL = """\
perfeval: 1
department: {code: "1", name: 局}
year: 2023
activities:
  - code: A
    name: 甲
    indicators:
      - {name: 是否免费, ladder: {优: 是, 良: 基本达到, 中: 否, 差: 否}}
      - {name: 到位率, ladder: ["100%", "≥90%", "≥80%", "<80%"]}
projects:
  - name: P
    indicators:
      - {group: 产出指标, subgroup: 数量指标, name: 培训人数, target: "≥100人"}
"""


@pytest.mark.parametrize("text, code", [
    ("延期一二天", Code.BAD_NUMERAL),       # two digits in a row: not a Chinese numeral
    ("5元/", Code.EXPECTED_UNIT),           # a rate needs its unit after '/'
])
def test_notation_codes(text, code):
    with pytest.raises(NotationError) as info:
        perfeval.parse(text)
    assert info.value.code == code


def test_bound_above_maximum():
    assert [d.code for d in perfeval.target("≥105%").diagnostics] == [Code.BOUND_ABOVE_MAXIMUM]


def test_too_many_bands_without_names():
    with pytest.raises(DefinitionError) as info:
        perfeval.bands(["5", "4", "3", "2", "1"])
    assert info.value.code == Code.TOO_MANY_BANDS


@pytest.mark.parametrize("compile_", [
    lambda: perfeval.bands(["≥500", "≥480", "≥460", "<460"], unit="furlong"),
    lambda: perfeval.target("≥500", unit="furlong"),
])
def test_unknown_unit(compile_):
    with pytest.raises(DefinitionError) as info:
        compile_()
    assert info.value.code == Code.UNKNOWN_UNIT


def test_a_word_ladder_takes_words():
    with pytest.raises(NotationError) as info:
        perfeval.bands(["是", "基本达到", "否", "否"]).grade(1)
    assert info.value.code == Code.EXPECTED_WORD


def test_an_actual_that_is_not_a_value():
    with pytest.raises(NotationError) as info:
        perfeval.target("≥90%").score(["92%"], 10)
    assert info.value.code == Code.NOT_A_VALUE


def test_a_record_without_an_id_is_a_problem_not_dropped():
    report = perfeval.loads(SMALL).grade([{"id": "A/到位率", "actual": "92%"}, ("A/是否免费", "是")])
    # The book's definition warnings follow the inputs' problems (rules §3); the one error is the record.
    assert [(p.code, p.severity) for p in report.problems if p.severity == "error"] == [(Code.BAD_RECORD, "error")]
    assert report.problems[0].code == Code.BAD_RECORD
    assert report.errors == 1 and not report.complete


def test_a_grade_with_no_ratio_is_an_error_row():
    book = perfeval.loads(SMALL)
    partial = attrs.evolve(book, scoring=attrs.evolve(book.scoring, grade_ratios=(("优", Decimal(1)),)))
    row = partial.grade({"A/到位率": "92%"}).rows[1]
    assert (row.status, row.flags) == ("error", (Code.GRADE_NOT_SCORED,))


def test_an_actuals_file_without_its_columns(tmp_path):
    path = tmp_path / "actuals.csv"
    path.write_text("id,value\nA/到位率,92%\n", encoding="utf-8")
    with pytest.raises(TableError) as info:
        read_actuals(path)
    assert [(p.code, p.location) for p in info.value.problems] == [(Code.MISSING_COLUMN, Location(str(path), 1, 1))]


def test_a_file_over_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:  # sparse: the size is what stat reports
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(BookError) as info:
        perfeval.load(path)
    assert [p.code for p in info.value.problems] == [Code.TOO_LARGE]


def test_an_over_achievement_without_a_reason_needs_one():
    row = perfeval.loads(SMALL).grade({"P/培训人数": "140人"}).rows[2]
    assert row.flags == (Code.OVER_ACHIEVEMENT, Code.NOTE_REQUIRED)
    with_reason = perfeval.loads(SMALL).grade({"P/培训人数": {"actual": "140人", "note": "上级追加任务"}}).rows[2]
    assert with_reason.flags == (Code.OVER_ACHIEVEMENT,)


def test_an_output_that_is_an_input_is_refused(tmp_path, capsys):
    book = tmp_path / "book.yaml"
    book.write_text(SMALL, encoding="utf-8")
    assert main(["template", str(book), "-o", str(book)]) == 1
    assert f"error {Code.OUTPUT_IS_INPUT}" in capsys.readouterr().err
    assert book.read_text(encoding="utf-8") == SMALL  # untouched


# --- every error type round-trips through pickle, with its code and location -------

LOCATED = Diagnostic(Code.GAP, "warning", "no band holds [2, 2]", "良", Location("b.yaml", 3, 12))


@pytest.mark.parametrize("error", [
    PerfevalError(Code.OUTPUT_IS_INPUT, "out is in"),
    NotationError(Code.UNEXPECTED_TEXT, "unexpected text", "≥9O%", (2, 3)),
    DefinitionError(Code.STRICT, "strict", (LOCATED,)),
    BookError((LOCATED,), "b.yaml"),
    TableError((LOCATED,)),
], ids=lambda e: type(e).__name__)
def test_every_error_pickles_with_its_code_and_location(error):
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and again.code == error.code and str(again) == str(error)
    assert getattr(again, "problems", None) == getattr(error, "problems", None)
    assert getattr(again, "diagnostics", None) == getattr(error, "diagnostics", None)
    assert getattr(again, "span", None) == getattr(error, "span", None)


def test_every_error_is_a_perfeval_error_and_a_value_error():
    for cls in (NotationError, DefinitionError, BookError, TableError):
        assert issubclass(cls, PerfevalError) and issubclass(cls, ValueError)
        assert cls.__name__ in perfeval.__all__


def test_flags_know_their_severity():
    assert Flag(Code.LATE, "3 days").severity == "warning"
    assert Flag(Code.UNIT_CONVERTED, "万元").severity == "info"


def test_the_command_lists_the_codes(capsys):
    assert main(["codes"]) == 0
    assert capsys.readouterr().out == catalogue_markdown()
