"""The forms a book may be written in (issue 8; rules §1–2, §4): targets in
split columns with an explicit direction, indicators nested under their
一级 and 二级 headings, an optional department code, 效果指标 as 效益, and
counting units the book declares.  Each form means what the plain form
means, loads with located problems, and survives ``dump``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from perfeval import BookError, dump, load, loads
from perfeval.book import build
from perfeval.book import model as book_model
from perfeval.cli import main
from perfeval.codes import Code
from perfeval.evaluate import Target
from perfeval.rules import first_level

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "split-columns.yaml"
SCHEMA = json.loads((ROOT / "src" / "perfeval" / "schema.json").read_text(encoding="utf-8"))

HEAD = """\
perfeval: 1
department: {code: "900", name: 测试局}
year: 2023
"""


def _project(indicators: str, head: str = HEAD) -> str:
    return head + "projects:\n  - name: 项目P\n    indicators:\n" + indicators


def _one(text: str) -> Any:
    (indicator,) = loads(text).indicators
    return indicator


def _problems(text: str) -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(BookError) as info:
        loads(text)
    return [(p.code, p.location.line if p.location else None, p.location.column if p.location else None)
            for p in info.value.problems if p.severity == "error"]


# --- 1. split columns (rules §2: the split form means exactly the joined text) -----

SPLIT = [
    ({"op": "≥", "value": "95", "unit": "%"}, "≥95%"),
    ({"value": "2900", "unit": "户"}, "2900户"),                 # no op: a bare value
    ({"op": "≤", "value": "30", "unit": "万元"}, "≤30万元"),
    ({"op": "以上", "value": "8000", "unit": "人"}, "8000人以上"),  # a suffix word joins after the unit
    ({"op": "不低于", "value": "90", "unit": "%"}, "不低于90%"),
    ({"op": "定性", "value": "严格落实相关政策"}, "严格落实相关政策"),   # 定性: the value is the words
]


def _flow(parts: dict[str, str]) -> str:
    return "{" + ", ".join(f'{k}: "{v}"' for k, v in parts.items()) + "}"


@pytest.mark.parametrize("parts, joined", SPLIT, ids=[j for _, j in SPLIT])
def test_a_split_target_means_the_joined_text(parts, joined):
    split = _one(_project(f"      - {{group: 产出指标, subgroup: 数量指标, name: 指标, target: {_flow(parts)}}}\n"))
    plain = _one(_project(f'      - {{group: 产出指标, subgroup: 数量指标, name: 指标, target: "{joined}"}}\n'))
    assert split.target == joined and split.target_parts == tuple(parts.items())
    assert plain.target_parts is None
    assert split == plain  # the form is how the file was written, not what it means
    assert split.evaluator == plain.evaluator  # compiled data, field by field


def test_a_split_target_works_for_goal_indicators():
    text = HEAD + ("goals:\n  - name: 目标\n    indicators:\n"
                   "      - {name: 城镇新增就业, target: {op: 以上, value: '8000', unit: 人}}\n")
    indicator = _one(text)
    assert indicator.target == "8000人以上"
    assert isinstance(indicator.evaluator, Target) and indicator.evaluator.rule == "at-least"


def test_qualitative_op_gives_a_words_target():
    indicator = _one(_project("      - {group: 效益指标, subgroup: 社会效益指标, name: 政策, "
                              "target: {op: 定性, value: 明显提升}}\n"))
    assert isinstance(indicator.evaluator, Target) and indicator.evaluator.kind == "words"


@pytest.mark.parametrize("target, code, key", [
    ("{op: '≥', valu: '95', unit: '%'}", Code.UNKNOWN_KEY, "valu"),    # a typo, with did-you-mean
    ("{op: '≥', unit: '%'}", Code.MISSING_KEY, "target"),             # no value
    ("{op: 定性, value: 明显提升, unit: 项}", Code.BAD_VALUE, "unit"),   # words have no unit
    ("{op: 定性, value: '95%'}", Code.BAD_VALUE, "value"),             # 定性, but the value is a number
    ("[≥, '95', '%']", Code.WRONG_TYPE, "target"),                     # a list is not a target
])
def test_split_target_problems_are_located(target, code, key):
    line = f"      - {{group: 产出指标, subgroup: 数量指标, name: 指标, target: {target}}}"
    found = _problems(_project(line + "\n"))
    assert code in [c for c, _, _ in found]
    (where,) = [(ln, col) for c, ln, col in found if c == code]
    assert where == (HEAD.count("\n") + 4, line.index(key) + 1)


def test_an_unknown_key_in_a_split_target_suggests_the_known_one():
    with pytest.raises(BookError) as info:
        loads(_project("      - {group: 产出指标, subgroup: 数量指标, name: 指标, target: {op: '≥', valeu: '95'}}\n"))
    (problem,) = [p for p in info.value.problems if p.code == Code.UNKNOWN_KEY]
    assert "'value'" in problem.message


def test_a_notation_error_in_a_split_target_points_into_its_part():
    line = "      - {group: 产出指标, subgroup: 数量指标, name: 指标, target: {op: '≥', value: '9O', unit: '%'}}"
    (found,) = _problems(_project(line + "\n"))
    assert found == (Code.UNEXPECTED_TEXT, HEAD.count("\n") + 4, line.index("O'") + 1)


def test_direction_that_agrees_with_the_operator_loads_quietly():
    indicator = _one(_project("      - {group: 产出指标, subgroup: 质量指标, name: 合格率, "
                              "target: {op: '≥', value: '95', unit: '%'}, direction: 正向}\n"))
    assert indicator.direction == "up"
    assert Code.DIRECTION_CONFLICT not in [d.code for d in indicator.diagnostics]


def test_direction_that_contradicts_the_operator_loads_with_a_warning():
    """rules §4: an explicit operator decides; the stated direction that
    contradicts it is a direction-conflict warning, located (waits on the
    evaluate layer's contract)."""
    text = _project("      - {group: 产出指标, subgroup: 质量指标, name: 合格率, "
                    "target: {op: '≥', value: '95', unit: '%'}, direction: 反向}\n")
    book = loads(text)
    (indicator,) = book.indicators
    assert isinstance(indicator.evaluator, Target) and indicator.evaluator.rule == "at-least"
    conflicts = [d for d in book.diagnostics if d.code == Code.DIRECTION_CONFLICT]
    assert [(d.severity, d.location.line if d.location else None) for d in conflicts] == \
        [("warning", HEAD.count("\n") + 4)]


def test_dump_keeps_the_split_form_and_reads_back_equal():
    text = _project("      - {group: 产出指标, subgroup: 数量指标, name: 甲, target: {op: '≥', value: '95', unit: '%'}}\n"
                    "      - {group: 产出指标, subgroup: 数量指标, name: 乙, target: '≥95%'}\n")
    book = loads(text)
    again = loads(dump(book))
    assert again == book
    written = yaml.safe_load(dump(book))["projects"][0]["indicators"]
    assert [w["target"] for w in written] == [{"op": "≥", "value": "95", "unit": "%"}, "≥95%"]
    assert [i.target_parts for i in again.indicators] == [i.target_parts for i in book.indicators]


# --- 2. nesting under the headings ------------------------------------------------------

FLAT = """\
      - {group: 产出指标, subgroup: 数量指标, name: 培训人数, target: "≥100人"}
      - {group: 产出指标, subgroup: 数量指标, name: 培训场次, target: "≥10场"}
      - {group: 产出指标, subgroup: 成本指标, name: 成本, target: "≤20万元"}
      - {group: 效益指标, subgroup: 社会效益指标, name: 政策落实, target: 严格落实相关政策}
      - {group: 满意度指标, subgroup: 服务对象满意度指标, name: 满意度, target: "≥90%"}
"""
NESTED = """\
      产出指标:
        数量指标:
          - {name: 培训人数, target: "≥100人"}
          - {name: 培训场次, target: "≥10场"}
        成本指标:
          - {name: 成本, target: "≤20万元"}
      效益指标:
        社会效益指标:
          - {name: 政策落实, target: 严格落实相关政策}
      满意度指标:
        服务对象满意度指标:
          - {name: 满意度, target: "≥90%"}
"""


def test_nested_indicators_mean_the_flat_list():
    flat, nested = loads(_project(FLAT)), loads(_project(NESTED))
    assert nested == flat
    assert [(i.id, i.group, i.subgroup) for i in nested.indicators] == \
        [(i.id, i.group, i.subgroup) for i in flat.indicators]
    assert nested.projects[0].nested and not flat.projects[0].nested
    assert [i.evaluator for i in nested.indicators] == [i.evaluator for i in flat.indicators]


def test_nested_indicators_are_located_where_they_are_written():
    book = loads(_project(NESTED))
    lines = _project(NESTED).splitlines()
    assert [i.location.line for i in book.indicators] == \
        [n + 1 for n, line in enumerate(lines) if line.lstrip().startswith("- {name:")]


def test_dump_keeps_the_nesting_and_reads_back_equal():
    book = loads(_project(NESTED))
    written = yaml.safe_load(dump(book))["projects"][0]["indicators"]
    assert list(written) == ["产出指标", "效益指标", "满意度指标"]
    assert list(written["产出指标"]) == ["数量指标", "成本指标"]
    assert [i["name"] for i in written["产出指标"]["数量指标"]] == ["培训人数", "培训场次"]
    assert all("group" not in i and "subgroup" not in i for subs in written.values() for items in subs.values()
               for i in items)
    again = loads(dump(book))
    assert again == book and again.projects[0].nested
    assert again.to_data() == book.to_data()
    flat = loads(_project(FLAT))
    assert isinstance(yaml.safe_load(dump(flat))["projects"][0]["indicators"], list)


@pytest.mark.parametrize("indicators, code, where", [
    # the headings give group and subgroup: an indicator that repeats them is told so
    ("      产出指标:\n        数量指标:\n          - {group: 产出指标, name: a, target: 1人}\n",
     Code.UNKNOWN_KEY, (9, "group")),
    # a heading that is not a 一级指标
    ("      产品指标:\n        数量指标:\n          - {name: a, target: 1人}\n", Code.UNKNOWN_GROUP, (7, "产品指标")),
    # a 一级 heading takes 二级 headings, not a list
    ("      产出指标:\n        - {name: a, target: 1人}\n", Code.WRONG_TYPE, (7, "产出指标")),
    # a 二级 heading takes a list
    ("      产出指标:\n        数量指标: {name: a, target: 1人}\n", Code.WRONG_TYPE, (8, "数量指标")),
    # an unknown key in a nested indicator, as anywhere
    ("      产出指标:\n        数量指标:\n          - {name: a, targt: 1人}\n", Code.UNKNOWN_KEY, (9, "targt")),
])
def test_nesting_problems_are_located(indicators, code, where):
    text = _project(indicators)
    found = _problems(text)
    line, key = where
    assert (code, line, text.splitlines()[line - 1].index(key) + 1) in found, found


def test_xiaoguo_is_the_older_name_of_xiaoyi():
    """效果指标 is accepted as a 一级指标 and scored as 效益 (rules §1, §5)."""
    text = _project(FLAT.replace("效益指标", "效果指标"))
    book = loads(text)
    assert first_level("效果指标") == "效益"
    report = book.grade({"项目P/培训人数": "100人", "项目P/培训场次": "10场", "项目P/成本": "20万元",
                         "项目P/政策落实": "达成", "项目P/满意度": "95%"}, budget={"项目P": ("20万元", "20万元")})
    (project,) = report.projects
    subtotals = {s.group: s for s in project.subtotals}
    assert subtotals["效益"].points == subtotals["效益"].weight == 30
    assert project.total == 100
    nested = loads(_project(NESTED.replace("效益指标", "效果指标")))
    assert nested == book


# --- the department code is optional ---------------------------------------------------------

def test_the_department_code_is_optional():
    text = _project(FLAT, head="perfeval: 1\ndepartment: {name: 测试局}\nyear: 2023\n")
    book = loads(text)
    assert book.department_code is None
    assert "code" not in book.to_data()["department"]
    assert loads(dump(book)) == book
    report = book.grade({})
    assert json.loads(report.to_json())["department"] == {"code": None, "name": "测试局"}
    assert report.to_text().splitlines()[0] == "测试局 2023年度绩效评价"


# --- declared counting units (rules §2) ----------------------------------------------------

UNITS = """\
perfeval: 1
department: {name: 测试局}
year: 2023
units: [棚, 窖]
"""


def test_declared_units_reach_every_target_and_ladder():
    """A book's declared counters are passed to target() and bands() (waits on
    the evaluate layer's ``units=``)."""
    text = UNITS + (
        "activities:\n  - code: A\n    name: a\n    indicators:\n"
        "      - {name: 大棚数, ladder: ['≥40棚', '≥30棚', '≥20棚', '<20棚']}\n"
        "projects:\n  - name: 项目P\n    indicators:\n"
        "      - {group: 产出指标, subgroup: 数量指标, name: 新建大棚, target: {op: '≥', value: '40', unit: 棚}}\n"
        "      - {group: 产出指标, subgroup: 数量指标, name: 储藏窖, target: '15', unit: 窖}\n")
    book = loads(text)
    assert book.units == ("棚", "窖")
    ladder, built, cellars = (i.evaluator for i in book.indicators)
    assert ladder is not None and ladder.grade("35棚").grade == "良"
    assert isinstance(built, Target) and built.score("40棚", 10).points == 10
    assert isinstance(cellars, Target) and cellars.score("15窖", 10).points == 10
    again = loads(dump(book))
    assert again == book and again.units == book.units


def test_without_the_declaration_an_unknown_counter_is_an_error():
    text = HEAD + ("projects:\n  - name: 项目P\n    indicators:\n"
                   "      - {group: 产出指标, subgroup: 数量指标, name: 新建大棚, target: '≥40棚'}\n")
    assert Code.UNKNOWN_UNIT in [c for c, _, _ in _problems(text)]


def test_declared_units_change_the_book():
    plain = loads(HEAD)
    declared = loads(HEAD + "units: [棚]\n")
    assert declared != plain and declared.units == ("棚",)


@pytest.mark.parametrize("units, code", [
    ("units: 棚\n", Code.WRONG_TYPE),        # a list, even of one
    ("units: ['3棚']\n", Code.BAD_VALUE),     # a unit is a word, not a number
    ("units: ['大 棚']\n", Code.BAD_VALUE),
    ("units: ['']\n", Code.MISSING_KEY),
])
def test_bad_declared_units_are_located(units, code):
    assert (code, 4) in [(c, line) for c, line, _ in _problems(HEAD + units)]


# --- the schema follows the loader ----------------------------------------------------------

def _validate(document: Any) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(document)]


def test_the_schema_has_the_new_objects_with_the_loaders_keys():
    defs = SCHEMA["$defs"]
    for name, keys in (("targetParts", book_model.TARGET_PARTS_KEYS),
                       ("headedIndicator", book_model.NESTED_INDICATOR_KEYS)):
        assert set(defs[name]["properties"]) == set(keys), name
        assert sorted(defs[name]["required"]) == sorted(k for k, required in keys.items() if required), name
    assert "fractions" in defs["scoring"]["properties"] and "fractions" in book_model.SCORING_KEYS
    assert defs["department"]["required"] == ["name"] and not book_model.DEPARTMENT_KEYS["code"]
    assert "units" in SCHEMA["properties"] and "units" in book_model.TOP_KEYS


def test_the_schemas_heading_pattern_is_the_rules_first_level():
    import re
    pattern = re.compile(next(iter(SCHEMA["$defs"]["headings"]["patternProperties"])))
    for name in ("产出指标", "效益指标", "效果指标", "满意度指标", "成本指标", "预算执行率", "其他"):
        assert bool(pattern.search(name)) == (first_level(name) in ("产出", "效益", "满意度")), name


def _document(indicators: Any, **top: Any) -> dict[str, Any]:
    return {"perfeval": 1, "department": {"name": "局"}, "year": 2023, **top,
            "projects": [{"name": "p", "indicators": indicators}]}


SPLIT_ITEM = {"group": "产出指标", "subgroup": "数量指标", "name": "a", "target": {"op": "≥", "value": 95, "unit": "%"}}


@pytest.mark.parametrize("document, valid", [
    (_document([SPLIT_ITEM], units=["棚"], scoring={"fractions": "scale"}), True),
    (_document({"产出指标": {"数量指标": [{"name": "a", "target": "≥1人"}]}}), True),
    (_document({"效果指标": {"社会效益指标": [{"name": "a", "target": {"op": "定性", "value": "好"}}]}}), True),
    (_document([{**SPLIT_ITEM, "target": {"op": "≥", "valu": 95}}]), False),
    (_document({"产出指标": {"数量指标": [{"group": "产出指标", "name": "a", "target": "≥1人"}]}}), False),
    (_document({"产品指标": {"数量指标": [{"name": "a", "target": "≥1人"}]}}), False),
    (_document([SPLIT_ITEM], units=["3棚"]), False),
    (_document([SPLIT_ITEM], scoring={"fractions": "guess"}), False),
])
def test_the_schema_and_the_loader_agree_on_the_new_forms(document, valid):
    assert (_validate(document) == []) is valid
    try:
        build(json.loads(json.dumps(document, ensure_ascii=False), parse_int=str))
    except BookError:
        loaded = False
    else:
        loaded = True
    assert loaded is valid


# --- the example -----------------------------------------------------------------------------

def test_the_split_columns_example_loads_and_lints_clean(capsys):
    book = load(EXAMPLE)
    assert book.department_code is None and book.units
    assert [p.nested for p in book.projects] == [True, False]
    assert any(i.target_parts for i in book.indicators)
    assert any(i.group == "效果指标" for i in book.indicators)
    assert main(["lint", str(EXAMPLE)]) == 0
    assert main(["lint", "--strict", str(EXAMPLE)]) == 0  # not a warning in it
    assert loads(dump(book)) == book and loads(dump(book)).to_data() == book.to_data()
    assert _validate(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))) == []
