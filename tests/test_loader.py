"""Loading indicator files: precise problems, safe YAML, a round trip.

Broken and hostile files live in tests/fixtures/broken/.  Each must give one
clear problem with its line, through the library and through the command
line, and never a traceback.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from perfeval import BookError, Location, dump, load, loads
from perfeval.book import build
from perfeval.cli import main

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "fixtures" / "broken"
ROOT = HERE.parent

# (fixture, code, line, column) — the one problem each file must give
BROKEN_FILES = [
    ("duplicate-code.yaml", "duplicate-code", 10, 5),   # the second "0101"
    ("duplicate-key.yaml", "duplicate-key", 11, 9),     # target: given twice
    ("python-tag.yaml", "yaml-tag", 4, 11),             # !!python/object/apply constructs nothing
    ("ladder-typo.yaml", "unexpected-text", 11, 16),           # the letter O in ≥9O%, to the character
    ("unknown-key.yaml", "unknown-key", 10, 9),         # taget, with a suggestion
    ("empty.yaml", "empty-file", 1, 1),
    ("not-yaml.yaml", "yaml-syntax", 3, 5),
    ("alias.yaml", "yaml-anchor", 5, 11),               # aliases can expand without bound
    ("not-utf8.yaml", "not-text", 1, 1),
]


@pytest.mark.parametrize("name, code, line, column", BROKEN_FILES)
def test_broken_file_gives_one_located_problem(name, code, line, column):
    path = BROKEN / name
    with pytest.raises(BookError) as info:
        load(path)
    errors = [p for p in info.value.problems if p.severity == "error"]
    assert [(p.code, p.location) for p in errors] == [(code, Location(str(path), line, column))]


@pytest.mark.parametrize("name, code, line, column", BROKEN_FILES)
def test_lint_prints_one_line_per_problem_and_exits_1(name, code, line, column, capsys):
    path = BROKEN / name
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [line_ for line_ in out if line_.startswith(f"{path}:{line}:{column}: error {code}: ")]
    assert len(out) == 1 and "Traceback" not in out[0]


def test_unknown_key_suggests_the_closest_key():
    with pytest.raises(BookError) as info:
        load(BROKEN / "unknown-key.yaml")
    assert info.value.code == "invalid-book" and info.value.problems[0].code == "unknown-key"
    assert "did you mean 'target'?" in info.value.problems[0].message


def test_python_tag_constructs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(f'perfeval: 1\nyear: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    with pytest.raises(BookError) as info:
        load(hostile)
    assert [p.code for p in info.value.problems] == ["yaml-tag"]
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly():
    lines = ["perfeval: 1", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [{','.join(['*a' if i == 1 else f'*a{i - 1}'] * 9)}]")
    with pytest.raises(BookError) as info:
        loads("\n".join(lines) + "\n")
    assert {p.code for p in info.value.problems} == {"yaml-anchor"}


def test_a_bad_definition_does_not_hide_the_others():
    text = """\
perfeval: 1
department: {code: "323", name: 人社局}
year: 2023
activities:
  - code: "0101"
    name: 甲
    indicators:
      - {name: 一, ladder: {优: "≥9O%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
      - {name: 二, ladder: {优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}, directon: up}
projects:
  - name: 乙
    indicators:
      - {group: 产出指标, subgroup: 数量指标, name: 三, target: "≥%"}
"""
    with pytest.raises(BookError) as info:
        loads(text)
    found = [(p.code, str(p.location)) for p in info.value.problems if p.severity == "error"]
    lines = text.splitlines()
    assert found == [
        ("unexpected-text", f"<text>:8:{lines[7].index('O') + 1}"),   # the bad character itself
        ("unknown-key", f"<text>:9:{lines[8].index('directon') + 1}"),
        ("expected-number", f"<text>:13:{lines[12].index('%') + 1}"),  # ≥% lacks its number
    ]


@pytest.mark.parametrize("document, code", [
    ([], "wrong-type"),                                                     # a list, not a mapping
    ({"perfeval": "2", "department": {"code": "1", "name": "x"}, "year": "2023"}, "bad-value"),
    ({"perfeval": "1", "department": {"code": "1", "name": "x"}, "year": "twenty"}, "wrong-type"),
    ({"perfeval": "1", "department": {"code": "1", "name": "x"}, "year": "2023.5"}, "wrong-type"),
    ({"perfeval": "1", "department": {"code": "1", "name": "x"}, "year": "2023", "activities": "0101"},
     "wrong-type"),
    ({"perfeval": "1", "department": {"code": "1", "name": "x"}, "year": "2023",
      "scoring": {"reverse": "cubic"}}, "bad-scheme"),  # the scheme checks its own options
    ({"perfeval": "1", "department": {"code": "1", "name": "x"}, "year": "2023",
      "scoring": {"grade_ratios": {"优": "1.5", "良": "0.8", "中": "0.6", "差": "0"}}}, "out-of-range"),
    ({"perfeval": "1", "department": {"code": "1", "name": "x"}, "year": "2023",
      "projects": [{"name": "p", "budget": "300人", "indicators": []}]}, "unit-mismatch"),  # read as budget files read it
    ({"perfeval": "1", "department": {"code": "1", "name": "x"}, "year": "2023",
      "activities": [{"code": "1", "name": "a", "indicators": [
          {"name": "i", "ladder": {"优秀": "100%"}}]}]}, "unknown-key"),
    ({"perfeval": "1", "department": {"code": "1", "name": "x"}, "year": "2023",
      "activities": [{"code": "1", "name": "a", "indicators": [
          {"name": "i", "ladder": ["100%", "≥90%"], "direction": "down"}]}]}, "direction-conflict"),
    ({"perfeval": "1", "department": {"code": "1", "name": "x"}, "year": "2023",
      "goals": [{"name": "g", "indicators": [{"id": "x", "name": "a", "target": "1人"},
                                             {"id": "x", "name": "b", "target": "2人"}]}]}, "duplicate-id"),
])
def test_structure_problems(document, code):
    with pytest.raises(BookError) as info:
        build(document)
    assert code in [p.code for p in info.value.problems if p.severity == "error"]


def test_default_ids_are_deduplicated_in_file_order():
    book = build({"perfeval": "1", "department": {"code": "1", "name": "x"}, "year": "2023",
                  "projects": [{"name": "p", "indicators": [
                      {"group": "产出指标", "subgroup": "质量指标", "name": "资金发放率", "target": "100%"},
                      {"group": "产出指标", "subgroup": "时效指标", "name": "资金发放率", "target": "100%"},
                      {"group": "产出指标", "subgroup": "数量指标", "name": "资金发放率", "target": "100%",
                       "id": "p/资金发放率#3"},
                      {"group": "效益指标", "subgroup": "社会效益指标", "name": "资金发放率", "target": "100%"},
                  ]}]})
    assert [i.id for i in book.indicators] == ["p/资金发放率", "p/资金发放率#2", "p/资金发放率#3", "p/资金发放率#4"]


def test_values_stay_the_text_they_were_written_in():
    book = loads("""\
perfeval: 1
department: {code: 0323, name: 人社局}
year: 2023
projects:
  - name: p
    indicators:
      - {group: 产出指标, subgroup: 成本指标, name: 成本, target: 0.10万元, weight: 12.50}
""")
    (indicator,) = book.indicators
    assert book.department_code == "0323"          # not the integer 323
    assert indicator.weight == Decimal("12.50") and str(indicator.weight) == "12.50"


def test_the_small_example_loads_with_its_defect_reported():
    book = load(ROOT / "examples" / "small.yaml")
    assert len(book.indicators) == 6
    assert {(d.code, d.location.line) for d in book.diagnostics} == {("missing-bands", 40), ("gap", 40)}


@pytest.mark.parametrize("path", [*sorted((ROOT / "indicators").glob("*.yaml")), ROOT / "examples" / "small.yaml"],
                         ids=lambda p: p.name)
def test_round_trip(path):
    book = load(path)
    again = loads(dump(book))
    assert again == book
    assert [i.id for i in again.indicators] == [i.id for i in book.indicators]


def test_lint_json_gives_the_same_as_data(capsys):
    path = ROOT / "examples" / "small.yaml"
    assert main(["lint", "--format", "json", str(path)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["line"], r["severity"], r["code"]) for r in records] == [(40, "warning", "missing-bands"),
                                                                        (40, "warning", "gap")]


def test_lint_strict_fails_on_warnings(capsys):
    path = str(ROOT / "examples" / "small.yaml")
    assert main(["lint", path]) == 0
    assert main(["lint", "--strict", path]) == 1


def test_lint_a_missing_file(capsys):
    assert main(["lint", "no-such-file.yaml"]) == 1
    assert "error unreadable" in capsys.readouterr().out


def test_schema_command_prints_the_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["type"] == "object" and "activities" in schema["properties"]


def test_python_dash_m_is_the_same_command():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "perfeval", "lint", str(BROKEN / "empty.yaml")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "error empty-file" in result.stdout


def test_deep_nesting_is_refused_with_its_line_not_a_traceback(capsys):
    text = "perfeval: 1\ngoals: " + "[" * 900 + "]" * 900 + "\n"
    with pytest.raises(BookError) as info:
        loads(text)
    assert [(p.code, p.location.line) for p in info.value.problems] == [("too-deep", 2)]


SMALL = """\
perfeval: 1
department: {code: "1", name: 局}
year: 2023
"""


@pytest.mark.parametrize("body, code", [
    # a project indicator's group must be a 一级指标, even when left empty
    ("projects:\n  - name: p\n    indicators:\n      - {group: '', subgroup: 数量指标, name: a, target: 1人}\n",
     "unknown-group"),
    # the first-level weights share 100 points
    ("scoring:\n  weights: {产出: 150, 效益: 30, 满意度: 10, 预算执行率: 10}\n", "bad-weights"),
    # given weights may not exceed their group's points
    ("projects:\n  - name: p\n    indicators:\n"
     "      - {group: 产出指标, subgroup: 数量指标, name: a, target: 1人, weight: 60}\n", "weights-exceed"),
    ("projects:\n  - {name: p, indicators: []}\n  - {name: p, indicators: []}\n", "duplicate-project"),
    ("activities:\n  - code: A\n    name: a\n    indicators:\n"
     "      - {name: i, ladder: '100% / ≥90%'}\n", "wrong-type"),
])
def test_definitions_that_would_score_wrongly_are_errors(body, code):
    with pytest.raises(BookError) as info:
        loads(SMALL + body)
    assert code in [p.code for p in info.value.problems if p.severity == "error"]


def test_weights_given_for_every_indicator_are_scaled_and_said():
    book = loads(SMALL + "activities:\n  - code: A\n    name: a\n    indicators:\n"
                "      - {name: i, ladder: ['100%', '≥90%'], weight: 30}\n"
                "      - {name: j, ladder: ['100%', '≥90%'], weight: 30}\n")
    assert "weights-rescaled" in [d.code for d in book.diagnostics]
    report = book.grade({"A/i": "100%", "A/j": "100%"})
    assert [r.weight for r in report.rows] == [Decimal(50), Decimal(50)]


@pytest.mark.parametrize("path", ["no-such-file.yaml", "indicators"])
def test_a_file_that_cannot_be_read_is_a_book_error(path):
    with pytest.raises(BookError) as info:
        load(ROOT / path)
    assert [p.code for p in info.value.problems] == ["unreadable"]


# --- origin: where an imported indicator was published (issue 11)

ORIGIN_BOOK = """perfeval: 1
department: {name: 人社局}
year: 2023
projects:
  - name: 招聘经费
    indicators:
      - {group: 产出指标, subgroup: 数量指标, name: 招聘活动组织次数, target: ≥25次,
         origin: {file: 预算公开.pdf, table: "3", row: "5", cell: "6"}}
      - {group: 产出指标, subgroup: 质量指标, name: 合格率, target: 100%,
         origin: {file: seed.txt, line: "2523"}}
"""


def test_origin_is_read_kept_through_dump_and_takes_no_part_in_equality():
    book = loads(ORIGIN_BOOK)
    first, second = book.projects[0].indicators
    assert first.origin == Location("预算公开.pdf", table=3, row=5, cell=6)
    assert second.origin == Location("seed.txt", 2523)
    again = loads(dump(book))
    assert [i.origin for i in again.indicators] == [first.origin, second.origin]
    without = re.sub(r",\n\s+origin: \{[^}]*\}", "", ORIGIN_BOOK)
    assert "origin" not in without and loads(without) == book


@pytest.mark.parametrize("origin, code, key", [
    ('{table: "3"}', "missing-key", None),
    ('{file: a.pdf, row: "0"}', "out-of-range", "row"),
    ('{file: a.pdf, row: "2.5"}', "wrong-type", "row"),
    ('{file: a.pdf, page: "2"}', "unknown-key", "page"),
    ('a.pdf', "wrong-type", None),
])
def test_a_bad_origin_is_a_located_error(origin, code, key):
    text = ORIGIN_BOOK.replace('{file: 预算公开.pdf, table: "3", row: "5", cell: "6"}', origin)
    with pytest.raises(BookError) as info:
        loads(text)
    problems = [p for p in info.value.problems if p.severity == "error"]
    assert [p.code for p in problems] == [code]
    assert problems[0].location.line == 8
    if key is not None:
        assert key in problems[0].message


def test_loading_pauses_the_garbage_collector_and_restores_it(monkeypatch):
    import gc

    from perfeval.io import indicators

    seen = []
    real = indicators.build

    def spying(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(indicators, "build", spying)
    assert gc.isenabled()
    loads(ORIGIN_BOOK)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        loads(ORIGIN_BOOK)
        assert not gc.isenabled()      # left off when it was off
    finally:
        gc.enable()
