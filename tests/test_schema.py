"""The JSON Schema of the indicator format (src/perfeval/schema.json).

The schema is an editor aid: it sees YAML the way an editor does (YAML 1.1
types, via ``yaml.safe_load``), while perfeval reads every value as text.
These tests hold the schema to the loader's key tables in ``perfeval.book``
so the two cannot drift apart, and check every shipped indicator file.
"""

from __future__ import annotations

import copy
import importlib.resources
import json
from pathlib import Path
from typing import Any

import jsonschema  # a test-only dependency
import pytest
import yaml

import perfeval
from perfeval import rules
from perfeval.book import model as book

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "src" / "perfeval" / "schema.json"
YAML_FILES = sorted(
    path for folder in ("indicators", "examples") if (ROOT / folder).is_dir() for path in (ROOT / folder).rglob("*.yaml")
)


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _validator() -> Any:
    return jsonschema.Draft202012Validator(_schema())


def _editor_view(value: Any) -> Any:
    """The document as an editor's schema check sees it: YAML types, but
    mapping keys as strings (JSON has no other keys; ``{7: 0.8}`` in
    ``late_ratios`` is keyed ``"7"``)."""
    if isinstance(value, dict):
        return {str(k): _editor_view(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_editor_view(v) for v in value]
    return value


def _load(path: Path) -> Any:
    return _editor_view(yaml.safe_load(path.read_text(encoding="utf-8")))


def _errors(document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '<top>'}: {e.message}"
            for e in _validator().iter_errors(document)]


# --- the schema itself


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_is_package_data():
    text = importlib.resources.files("perfeval").joinpath("schema.json").read_text(encoding="utf-8")
    assert json.loads(text) == _schema()


def test_schema_file_is_stably_formatted():
    text = SCHEMA_PATH.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def _objects(node: Any, where: str = "#") -> list[tuple[str, dict]]:
    """Every object schema (one with ``properties`` or ``patternProperties``)."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node or "patternProperties" in node:
            found.append((where, node))
        for key, value in node.items():
            found.extend(_objects(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(_objects(value, f"{where}/{i}"))
    return found


def test_every_object_is_closed_and_every_property_described():
    schema = _schema()
    objects = _objects(schema)
    assert len(objects) >= 15
    for where, node in objects:
        assert node.get("additionalProperties") is False, where
        assert node.get("description"), where
        for name, prop in {**node.get("properties", {}), **node.get("patternProperties", {})}.items():
            target = prop
            if "$ref" in prop and "description" not in prop:
                target = _resolve(schema, prop["$ref"])
            assert target.get("description"), f"{where}/properties/{name}"
    for name, definition in schema["$defs"].items():
        assert definition.get("description"), f"$defs/{name}"


def _resolve(schema: dict, ref: str) -> dict:
    assert ref.startswith("#/"), ref
    node: Any = schema
    for part in ref[2:].split("/"):
        node = node[part]
    return node


# --- the schema and the loader's key tables agree

OBJECT_KINDS = {
    "top level": (lambda s: s, book.TOP_KEYS),
    "department": (lambda s: s["$defs"]["department"], book.DEPARTMENT_KEYS),
    "scoring": (lambda s: s["$defs"]["scoring"], book.SCORING_KEYS),
    "rounding": (lambda s: s["$defs"]["rounding"], book.ROUNDING_KEYS),
    "overrides": (lambda s: s["$defs"]["overrides"], book.OVERRIDE_KEYS),
    "origin": (lambda s: s["$defs"]["overrides"]["properties"]["origin"], book.ORIGIN_KEYS),
    "goal": (lambda s: s["$defs"]["goal"], book.GOAL_KEYS),
    "goal indicator": (lambda s: s["$defs"]["goalIndicator"], book.GOAL_INDICATOR_KEYS),
    "activity": (lambda s: s["$defs"]["activity"], book.ACTIVITY_KEYS),
    "activity indicator": (lambda s: s["$defs"]["activityIndicator"], book.ACTIVITY_INDICATOR_KEYS),
    "project": (lambda s: s["$defs"]["project"], book.PROJECT_KEYS),
    "project indicator": (lambda s: s["$defs"]["projectIndicator"], book.PROJECT_INDICATOR_KEYS),
    # the loader checks these with tables built from rules.GRADES and FIRST_LEVEL_GROUPS
    "weights": (lambda s: s["$defs"]["weights"], dict.fromkeys((*rules.FIRST_LEVEL_GROUPS, *rules.COMBINED_GROUPS),
                                                               False)),
    "grade_ratios": (lambda s: s["$defs"]["gradeRatios"], dict.fromkeys(rules.GRADES, True)),
    "ladder": (lambda s: s["$defs"]["ladder"]["oneOf"][0], dict.fromkeys(rules.GRADES, False)),
}


@pytest.mark.parametrize("kind", OBJECT_KINDS)
def test_schema_keys_match_the_loader(kind):
    select, keys = OBJECT_KINDS[kind]
    node = select(_schema())
    assert set(node["properties"]) == set(keys)
    assert sorted(node.get("required", [])) == sorted(k for k, required in keys.items() if required)
    assert node["additionalProperties"] is False


@pytest.mark.parametrize("kind", ["goalIndicator", "activityIndicator", "projectIndicator"])
def test_indicators_take_the_shared_overrides(kind):
    properties = _schema()["$defs"][kind]["properties"]
    for key in book.OVERRIDE_KEYS:
        assert properties[key] == {"$ref": f"#/$defs/overrides/properties/{key}"}, (kind, key)


def test_top_level_refers_to_each_object_kind():
    properties = _schema()["properties"]
    assert properties["department"]["$ref"] == "#/$defs/department"
    assert properties["scoring"]["$ref"] == "#/$defs/scoring"
    assert properties["goals"]["items"]["$ref"] == "#/$defs/goal"
    assert properties["activities"]["items"]["$ref"] == "#/$defs/activity"
    assert properties["projects"]["items"]["$ref"] == "#/$defs/project"


# --- the shipped files validate


def test_the_example_is_among_the_files_checked():
    assert ROOT / "examples" / "small.yaml" in YAML_FILES


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_files_validate(path):
    assert _errors(_load(path)) == []


# --- what the schema accepts and rejects


def _small() -> dict[str, Any]:
    return _load(ROOT / "examples" / "small.yaml")


def _with(change) -> dict[str, Any]:
    document = copy.deepcopy(_small())
    change(document)
    return document


def _ladder_indicator(document: dict) -> dict:
    return document["activities"][0]["indicators"][0]


def _project_indicator(document: dict) -> dict:
    return document["projects"][0]["indicators"][0]


VALID = {
    "text version and year": lambda d: d.update(perfeval="1", year="2023"),
    "ladder as a list": lambda d: _ladder_indicator(d).update(ladder=["100%", "≥90%", 80, ""]),
    "numeric target and band": lambda d: (_project_indicator(d).update(target=100),
                                          _ladder_indicator(d)["ladder"].update({"优": 100})),
    "number-like scoring text": lambda d: d["scoring"].update(
        # the weights must add up to 100: a rule the loader checks and no schema can state
        weights={"产出": "60", "效益": 20.5, "满意度": "9.5", "预算执行率": 10}, grade_ratios={"优": "1", "良": ".8", "中": 0.6, "差": "0"},
        rounding={"places": "3", "mode": "truncate"}, qualitative=2020, over_factor="1.5",
        late_ratios={"7": 0.8, "30": "0.5"}),
    "overrides": lambda d: _project_indicator(d).update(id="A-1", unit="万元", direction="正向", weight="12.5"),
    "activity on_gap": lambda d: _ladder_indicator(d).update(on_gap="error"),
    "numeric codes": lambda d: (d["department"].update(code=323), d["activities"][0].update(code=101)),
}


@pytest.mark.parametrize("name", VALID)
def test_valid_variants(name):
    assert _errors(_with(VALID[name])) == []


def test_late_ratio_day_counts_as_yaml_numbers():
    document = yaml.safe_load("perfeval: 1\ndepartment: {code: '1', name: x}\nyear: 2023\n"
                              "scoring: {late_ratios: {7: 0.8, 30.5: 0.5}}\n")
    assert _errors(_editor_view(document)) == []


INVALID = {
    "unknown top-level key": lambda d: d.update(years=2023),
    "unknown indicator key": lambda d: _project_indicator(d).update(targt="≥1"),
    "missing year": lambda d: d.pop("year"),
    "missing department name": lambda d: d["department"].pop("name"),
    "missing project indicator group": lambda d: _project_indicator(d).pop("group"),
    "ladder grade 优秀": lambda d: _ladder_indicator(d)["ladder"].update({"优秀": "100%"}),
    "ladder of five bands": lambda d: _ladder_indicator(d).update(ladder=["5", "4", "3", "2", "1"]),
    "direction sideways": lambda d: _project_indicator(d).update(direction="sideways"),
    "version 2": lambda d: d.update(perfeval=2),
    "year out of range": lambda d: d.update(year=20230),
    "year as words": lambda d: d.update(year="二〇二三"),
    "on_gap on a project indicator": lambda d: _project_indicator(d).update(on_gap="error"),
    "on_gap unknown": lambda d: d["scoring"].update(on_gap="nearest"),
    "reverse unknown": lambda d: d["scoring"].update(reverse="inverse"),
    "qualitative 2019": lambda d: d["scoring"].update(qualitative="2019"),
    "rounding mode unknown": lambda d: d["scoring"]["rounding"].update(mode="half_even"),
    "places 7": lambda d: d["scoring"]["rounding"].update(places=7),
    "places as a fraction": lambda d: d["scoring"]["rounding"].update(places="2.5"),
    "unknown weight group": lambda d: d["scoring"]["weights"].update(成本=10),
    "negative weight": lambda d: d["scoring"]["weights"].update(产出=-5),
    "grade ratio above 1": lambda d: d["scoring"]["grade_ratios"].update(优=1.2),
    "grade ratio text above 1": lambda d: d["scoring"]["grade_ratios"].update(优="1.2"),
    "grade ratios missing one": lambda d: d["scoring"]["grade_ratios"].pop("差"),
    "late ratio day count not a number": lambda d: d["scoring"].update(late_ratios={"a week": 0.8}),
    "late ratio above 1": lambda d: d["scoring"].update(late_ratios={"7": 2}),
    "over_factor below 1": lambda d: d["scoring"].update(over_factor=0.9),
    "indicator weight not a number": lambda d: _project_indicator(d).update(weight="ten"),
    "empty target": lambda d: _project_indicator(d).update(target=""),
    "indicators as a mapping": lambda d: d["projects"][0].update(indicators={"name": "x"}),
    "goals as a mapping": lambda d: d.update(goals={"name": "x"}),
}


@pytest.mark.parametrize("name", INVALID)
def test_invalid_documents_are_rejected(name):
    assert _errors(_with(INVALID[name])), name


# Text-only fields are strings in the schema, though perfeval would read a
# number there as its text: the schema nudges, the loader tolerates.
EDITOR_ONLY = {
    "name as a number": lambda d: _project_indicator(d).update(name=12),
    "boolean target": lambda d: _project_indicator(d).update(target=True),
}
# Where the loader is more lenient than the schema (reported, not by design).
SCHEMA_STRICTER = {"places as a fraction"}  # the loader truncates places 2.5 to 2


@pytest.mark.parametrize("name", EDITOR_ONLY)
def test_editor_only_rejections(name):
    assert _errors(_with(EDITOR_ONLY[name])), name


def _loads(document: dict) -> bool:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    try:
        perfeval.loads(text)
    except perfeval.BookError:
        return False
    return True


@pytest.mark.parametrize("name", VALID)
def test_the_loader_accepts_what_the_schema_accepts(name):
    assert _loads(_with(VALID[name]))


@pytest.mark.parametrize("name", [n for n in INVALID if n not in SCHEMA_STRICTER])
def test_the_loader_refuses_what_the_schema_refuses(name):
    assert not _loads(_with(INVALID[name]))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_what_perfeval_writes_back_validates(path):
    assert _errors(perfeval.load(path).to_data()) == []
