"""Tests of the seed-document reader used as an independent oracle.

The numbers asserted here are what the published document contains, counted
cell by cell (see the 五、预算绩效信息 section of the seed), not what any issue
or summary says it contains.
"""

from __future__ import annotations

from collections import Counter

import pytest

import seedtables
from seedtables import (
    ActivityIndicator,
    Project,
    ProjectIndicator,
    SeedFormatError,
    activity_indicators,
    department_goals,
    projects,
    seed_lines,
)

seedtables.require_seed()


def _cell(line: int) -> str:
    """The stripped content of the cell on seed line ``line`` (1-based)."""
    raw = seed_lines()[line - 1]
    assert raw.startswith("\t"), f"seed line {line} is not a table cell: {raw!r}"
    return raw[1:].strip()


def _project(number: int) -> Project:
    (p,) = [p for p in projects() if p.number == number]
    return p


# ---------------------------------------------------------------- file


def test_seed_path_points_at_the_shared_seed():
    assert seedtables.SEED_PATH.name == "000_2b2695376b0debb2.txt"
    assert seedtables.SEED_PATH.parent.name == "seed"
    assert seedtables.SEED_PATH.is_file()


def test_results_are_cached_and_immutable():
    assert activity_indicators() is activity_indicators()
    assert projects() is projects()
    assert department_goals() is department_goals()
    first = activity_indicators()[0]
    with pytest.raises(AttributeError):
        first.name = "x"  # type: ignore[misc]


# ---------------------------------------------------------------- department goals


def test_department_goals():
    goals = department_goals()
    assert [title for title, _ in goals] == ["就业工作目标", "社保工作目标", "人才工作目标", "居民增收目标"]
    assert goals[0][1].startswith("全年城镇新增就业8000人以上")
    assert goals[2][1] == "全年引进高层次人才130人以上。"
    assert goals[3][1] == "城镇居民人均可支配收入增长6%。"
    for _, sentence in goals:
        assert not sentence.startswith(("绩效指标", ":", "："))


# ---------------------------------------------------------------- activity table


def test_activity_counts():
    rows = activity_indicators()
    codes = Counter(r.code for r in rows)
    # An issue claims 22 activities and 51 indicators: the table has 21 codes.
    assert len(codes) == 21
    assert len(rows) == 51
    assert list(codes) == [
        "0101", "0102", "0103",
        "0201", "0202", "0203", "0204", "0205",
        "0301", "0302", "0303", "0304",
        "0401", "0402",
        "0501", "0502",
        "0601", "0602", "0603",
        "0701", "0702",
    ]
    assert codes["0102"] == 13 and codes["0204"] == 5
    # 0301 and 0302 are published under the same 活动名称.
    assert len({r.activity for r in rows}) == 20


def test_activity_first_indicator():
    first = activity_indicators()[0]
    assert first == ActivityIndicator(
        code="0101",
        activity="就业创业扶持政策的制定及管理",
        name="社会保险补贴到位率",
        description="经审核符合领取社会保险补贴条件的各类人员社会保险补贴发放率",
        ladder=("100%", "≥90%", "≥80%", "<80%"),
        line=first.line,
    )


def test_code_and_name_are_carried_down():
    second = activity_indicators()[1]
    assert (second.code, second.activity, second.name) == ("0101", "就业创业扶持政策的制定及管理", "公益性岗位补贴到位率")
    last = activity_indicators()[-1]
    assert (last.code, last.activity, last.name) == ("0702", "综合事务管理", "综合事务管理工作完成率")


def test_two_band_ladder_keeps_empty_cells():
    (row,) = [r for r in activity_indicators() if r.name == "开展就业服务指导培训次数"]
    assert row.code == "0102"
    assert row.ladder == (">2", "<2", "", "")


def test_every_ladder_has_four_cells():
    for r in activity_indicators():
        assert len(r.ladder) == 4, r
        assert all(cell == cell.strip() and "\u3000" not in cell for cell in r.ladder), r
        assert r.ladder[0], r  # 优 is always published


def test_activity_line_numbers_point_at_the_name_cell():
    for r in activity_indicators():
        assert _cell(r.line) == r.name
        assert r.name in seed_lines()[r.line - 1]


# ---------------------------------------------------------------- project tables


def test_project_counts():
    ps = projects()
    assert len(ps) == 16
    assert [p.number for p in ps] == list(range(1, 17))
    assert [len(p.indicators) for p in ps] == [7, 7, 7, 6, 7, 7, 6, 6, 6, 7, 7, 6, 6, 6, 6, 6]
    assert sum(len(p.indicators) for p in ps) == 103


def test_project_names_and_goals():
    first = _project(1)
    assert first.name == "劳动就业社会保障服务协理员补贴及培训经费"
    assert first.goal == "1.按时发放基层劳动保障协理员补贴，加强基层就业服务机构建设。"
    assert _project(16).name == "企业职工基本养老保险财政补助"
    for p in projects():
        assert not p.name.endswith("绩效目标表") and "、" not in p.name[:3]
        assert all(ind.project == p.name for ind in p.indicators)


def test_groups_are_carried_down():
    first = _project(1)
    assert [(i.group, i.subgroup) for i in first.indicators] == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("产出指标", "时效指标"),
        ("产出指标", "成本指标"),
        ("效益指标", "可持续影响指标"),
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    for p in projects():
        assert {i.group for i in p.indicators} == {"产出指标", "效益指标", "满意度指标"}, p.name


def test_first_project_indicator():
    ind = _project(1).indicators[0]
    assert ind == ProjectIndicator(
        project="劳动就业社会保障服务协理员补贴及培训经费",
        group="产出指标",
        subgroup="数量指标",
        name="农村劳动力转移人数",
        description="农村劳动力转移人数",
        target="≥3000人",
        basis="年度工作计划和部门职能",
        line=ind.line,
    )


def test_cells_with_trailing_spaces_are_stripped():
    names = [i.name for i in _project(1).indicators] + [i.name for i in _project(2).indicators]
    assert "项目持续发挥作用期限" in names
    assert all(n == n.strip() for p in projects() for i in p.indicators for n in (i.name, i.description))


@pytest.mark.parametrize(
    ("number", "target"),
    [
        (2, "801"),
        (3, "12底前完成任务"),
        (9, "≤625元，人次"),
        (16, "≤100%"),
    ],
)
def test_targets_are_kept_as_published(number, target):
    assert target in [i.target for i in _project(number).indicators]


def test_published_oddities_are_not_corrected():
    (p2,) = [i for i in _project(2).indicators if i.target == "801"]
    assert p2.name == "人社政策落实情况"
    (p10,) = [i for i in _project(10).indicators if i.subgroup == "数量指标"]
    assert p10.name == "省内国家小微企业创业创新基地服"  # truncated in the source
    (p11,) = [i for i in _project(11).indicators if i.subgroup == "时效指标"]
    assert (p11.description, p11.target) == ("2023年12月底完成", "≤1年")
    assert [i.target for i in _project(16).indicators if i.target == "≤100%"] == ["≤100%", "≤100%"]


def test_project_line_numbers_point_at_the_target_cell():
    for p in projects():
        for i in p.indicators:
            assert _cell(i.line) == i.target
            assert i.target in seed_lines()[i.line - 1]
            # the 三级指标 cell is two lines up, the basis one line down
            assert _cell(i.line - 2) == i.name
            assert _cell(i.line + 1) == i.basis


# ---------------------------------------------------------------- synthetic documents

_ACTIVITY_HEAD = "".join(f"\t{c}\n" for c in seedtables.ACTIVITY_HEADER)
_PROJECT_HEAD = "".join(f"\t{c}\n" for c in seedtables.PROJECT_HEADER)


def _doc(activity_rows: list[list[str]], project_rows: list[list[str]]) -> str:
    def rows(rs):
        return "".join("".join(f"\t{c}\n" for c in r) + "\n" for r in rs)

    return (
        "前言\n"
        "[bookmark: _Toc1]五、预算绩效信息\n"
        "（二）分项绩效目标\n"
        "1.就业工作目标。\n"
        "绩效目标：某某。\n"
        "绩效指标:新增就业100人。\n"
        + _ACTIVITY_HEAD + "\n"
        + rows(activity_rows)
        + "（三）工作保障措施\n"
        "1、某项目绩效目标表\n"
        "\t绩效目标\n\t1.某目标。\n\n"
        " \n"
        + _PROJECT_HEAD + "\n"
        + rows(project_rows)
        + "\n[bookmark: _Toc2]六、政府采购预算情况\n"
    )


_A1 = ["0101", "活动", "描述", "2023", "目标", "指标甲", "说明", "100%", "≥90%", "≥80%", "<80%"]
_A2 = ["", "", "", "", "", "指标乙", "说明", ">2", "<2", "\u3000", "\u3000"]


def test_synthetic_document_with_short_project_rows():
    text = _doc(
        [_A1, _A2],
        [
            ["产出指标", "数量指标", "甲", "甲描述", "≥1人", "依据"],
            ["乙", "乙描述", "≥2人", "依据"],  # 4 cells: group and subgroup omitted
            ["质量指标", "丙", "丙描述", "100%", "依据"],  # 5 cells: group omitted
            ["", "时效指标", "丁", "丁描述", "当年", "依据"],  # 6 cells, empty group
            ["效益指标", "社会效益指标", "戊", "戊描述", "好", "依据"],
        ],
    )
    goals, acts, projs = seedtables._parse_text(text)
    assert goals == (("就业工作目标", "新增就业100人。"),)
    assert [(a.code, a.name, a.ladder) for a in acts] == [
        ("0101", "指标甲", ("100%", "≥90%", "≥80%", "<80%")),
        ("0101", "指标乙", (">2", "<2", "", "")),
    ]
    (p,) = projs
    assert (p.number, p.name, p.goal) == (1, "某项目", "1.某目标。")
    assert [(i.group, i.subgroup, i.name, i.target) for i in p.indicators] == [
        ("产出指标", "数量指标", "甲", "≥1人"),
        ("产出指标", "数量指标", "乙", "≥2人"),
        ("产出指标", "质量指标", "丙", "100%"),
        ("产出指标", "时效指标", "丁", "当年"),
        ("效益指标", "社会效益指标", "戊", "好"),
    ]
    lines = text.split("\n")
    for i in p.indicators:
        assert lines[i.line - 1] == f"\t{i.target}"


@pytest.mark.parametrize(
    ("activity_rows", "project_rows", "message"),
    [
        ([_A1, _A2[:-1]], [["产出指标", "数量指标", "甲", "d", "1", "b"]], "cells, expected 11"),
        ([_A2], [["产出指标", "数量指标", "甲", "d", "1", "b"]], "before the first activity"),
        ([_A1, ["", "别的活动", *_A2[2:]]], [["产出指标", "数量指标", "甲", "d", "1", "b"]], "活动名称"),
        ([_A1, _A1], [["产出指标", "数量指标", "甲", "d", "1", "b"]], "appears twice"),
        ([_A1], [["甲", "d", "1", "b"]], "lacks 一级/二级指标"),
        ([_A1], [["产出指标", "数量指标", "甲", "d", "1", "b", "extra"]], "expected 4-6"),
        ([_A1], [["产出指标", "数量指标", "甲", "d", "1", "b"], ["数量", "甲", "d", "1", "b"]], "cells shifted"),
        ([_A1], [["产出指标", "数量指标", "甲", "d", "", "b"]], "指标值"),
    ],
)
def test_malformed_structure_raises(activity_rows, project_rows, message):
    with pytest.raises(SeedFormatError, match=message):
        seedtables._parse_text(_doc(activity_rows, project_rows))


def test_missing_section_raises():
    with pytest.raises(SeedFormatError, match="五、预算绩效信息"):
        seedtables._parse_text("no such section\n")
