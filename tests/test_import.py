"""Importing published 绩效目标 tables (issue 11).

The seed document's tables, read by the importer, must give the book that
``indicators/caofeidian-hrss-2023.yaml`` holds, typed by hand from the same
tables; every cell with text must be imported or reported; and the layouts
of other provinces (split columns, merged cells, page breaks) must read by
their header text.  The small tables here are built in the tests.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import perfeval
import seedtables
from perfeval.cli import main
from perfeval.io.published import read_tables, read_text
from perfeval.io.published.targets import read_document_tables

seedtables.require_seed()

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_2b2695376b0debb2.txt"
BOOK = ROOT / "indicators" / "caofeidian-hrss-2023.yaml"


@pytest.fixture(scope="module")
def seed():
    return read_tables(SEED)


def test_the_seed_activity_table_imports_exactly(seed):
    assert seed.book is not None and seed.book.activities == perfeval.load(BOOK).activities


def test_all_sixteen_project_tables_import_exactly(seed):
    # The one budget the hand-typed book gives (300万元) comes from section 六
    # (政府采购), not from the project tables; everything the tables hold matches.
    typed = perfeval.load(BOOK).projects
    assert len(seed.book.projects) == 16
    assert [attrs.evolve(p, budget=None) for p in seed.book.projects] == [attrs.evolve(p, budget=None) for p in typed]


def test_the_department_and_year_are_read_from_the_document(seed):
    book = seed.book
    assert (book.department_code, book.department_name, book.year) == ("323", "曹妃甸区人力资源和社会保障局", 2023)


def test_the_department_goals_are_prose_and_their_numbered_clauses_become_indicators(seed):
    # 部门整体绩效目标 is prose, not a table.  What the importer finds: the
    # four goals with their text, and each clause of 绩效指标 that holds a
    # number, named by the words before the number.  It does not find
    # 确保零就业家庭动态清零 (no number), nor the subject that 征缴96000万元
    # leaves to its reader (the hand-typed book says 企业职工养老保险征缴).
    goals = seed.book.goals
    assert [g.name for g in goals] == ["就业工作目标", "社保工作目标", "人才工作目标", "居民增收目标"]
    assert goals[0].goal.startswith("全面贯彻落实上级各项稳就业政策")
    found = [(i.name, i.target) for g in goals for i in g.indicators]
    assert found == [
        ("城镇新增就业", "8000人以上"), ("失业人员实现再就业", "1700人以上"), ("就业困难人员实现再就业", "400人以上"),
        ("城镇登记失业率", "控制在2.0%以内"), ("城镇调查失业率", "5.5%以内"),
        ("面向企业职工和各类重点群体开展补贴性职业技能培训", "3000人次以上"), ("转移农村劳动力", "3000人以上"),
        ("企业职工养老保险扩面", "3500人"), ("征缴", "96000万元"), ("工伤保险扩面", "2000人"), ("征缴", "5200万元"),
        ("失业保险扩面", "2000人"), ("征缴", "3700万元"), ("各险种按时足额发放率", "100%"),
        ("引进高层次人才", "130人以上"), ("城镇居民人均可支配收入增长", "6%"),
    ]
    typed = {(i.name, i.target) for g in perfeval.load(BOOK).goals for i in g.indicators}
    assert len(set(found) & typed) == 12


def test_every_cell_with_text_is_imported_or_reported(seed):
    s = seed.summary
    assert s.imported_cells + s.leftover_cells == s.cells
    assert (s.goals, s.activities, s.projects, s.indicators) == (4, 21, 16, 16 + 53 + 101)
    # The tables that are no 绩效目标 table (收支总表 …) are reported, one problem per table; so is the
    # clause of the goals' prose that names no number.
    leftovers = [d for d in seed.diagnostics if d.code == "import-leftover"]
    in_prose = [d for d in leftovers if d.location.table is None]
    assert [(d.location.line, d.location.column) for d in in_prose] == [(1848, 138)]
    assert "确保零就业家庭动态清零" in in_prose[0].message
    same = [d for d in seed.diagnostics if d.code == "import-same-name"]
    assert [(d.location.line, "'征缴'" in d.message) for d in same] == [(1851, True)]


def test_the_seed_defects_are_warnings_at_their_cells(seed):
    found = {(d.code, d.location.line) for d in seed.diagnostics}
    assert ("no-unit", 2628) in found                  # '801' as a target
    assert ("missing-bands", 2055) in found            # a band row with two values
    assert ("vacuous-bound", 3440) in found            # ≤100%
    assert not seed.errors


def test_the_imported_file_loads_to_the_same_book_with_every_origin(seed, tmp_path):
    out = tmp_path / "imported.yaml"
    assert main(["import", str(SEED), "-o", str(out)]) == 0
    again = perfeval.load(out)
    assert again == seed.book
    assert all(i.origin is not None and i.origin.source == str(SEED) for i in again.indicators)
    first = again.projects[0].indicators[0]
    assert (first.origin.line, first.origin.table, first.origin.row, first.origin.cell) == (2527, 12, 3, 3)


# --- layouts built in the tests

def doc(*rows: list[str] | str) -> str:
    """A text source: a list is a table row (a cell per tab-led line), a string a prose line."""
    out = []
    for row in rows:
        out.append(row + "\n" if isinstance(row, str) else "".join(f"\t{c}\n" for c in row) + "\n")
    return "".join(out)


HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


def imported(text: str, **kwargs):
    kwargs.setdefault("department", "示例局")
    kwargs.setdefault("year", 2024)
    return read_document_tables(read_text(text, "t.txt"), **kwargs)


def test_merged_cells_carry_down_and_a_repeated_header_is_skipped():
    result = imported(doc("1、设施农业项目绩效目标表",
                          ["项目名称", "设施农业提升工程"], ["年度绩效目标", "新建大棚。"], ["年度资金总额", "120万元"],
                          HEADER, ["产出指标", "数量指标", "新建大棚", "≥40个"], ["", "", "新建窖", "≥15个"],
                          HEADER,  # the header again, on the next page
                          ["", "质量指标", "验收合格率", "100%"],
                          ["满意度指标", "服务对象满意度指标", "农户满意度", "≥90%"]))
    project = result.book.projects[0]
    assert (project.name, project.goal, project.budget) == ("设施农业提升工程", "新建大棚。", "120万元")
    assert [(i.group, i.subgroup, i.name, i.target) for i in project.indicators] == [
        ("产出指标", "数量指标", "新建大棚", "≥40个"), ("产出指标", "数量指标", "新建窖", "≥15个"),
        ("产出指标", "质量指标", "验收合格率", "100%"), ("满意度指标", "服务对象满意度指标", "农户满意度", "≥90%")]
    assert result.summary.leftover_cells == 0 and result.summary.imported_cells == result.summary.cells


def test_a_row_cut_by_a_page_break_joins_the_row_above_and_a_page_number_does_not_end_the_table():
    result = imported(doc("招聘经费绩效目标表", [*HEADER, "指标值确定依据"],
                          ["产出指标", "数量指标", "招聘活动次数", "≥25次", "年度工作"],
                          "— 12 —",
                          ["", "", "", "", "计划"],
                          ["", "", "招聘人数", "≥100人", "计划"]))
    first, second = result.book.projects[0].indicators
    assert (first.basis, second.name) == ("年度工作计划", "招聘人数")
    assert result.summary.leftover_cells == 0


def test_split_columns_import_to_the_split_target_form():
    result = imported(doc("农业技术培训项目绩效目标表",
                          ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标方向"],
                          ["产出指标", "数量指标", "培训人次", "≥", "500", "人次", "正向"],
                          ["", "成本指标", "人均培训成本", "≤", "200", "元/人次", "反向"],
                          ["效益指标", "社会效益指标", "技术应用", "定性", "明显提升", "", ""]))
    indicators = result.book.projects[0].indicators
    assert [i.target for i in indicators] == ["≥500人次", "≤200元/人次", "明显提升"]
    assert indicators[0].target_parts == (("op", "≥"), ("value", "500"), ("unit", "人次"))
    assert [i.direction for i in indicators] == ["up", "down", None]
    assert result.errors == ()


def test_an_activity_table_reads_its_ladders_and_merged_activity_cells():
    result = imported(doc(["活动编码", "活动名称", "绩效指标", "优", "良", "中", "差"],
                          ["0101", "就业服务", "到位率", "100%", "≥90%", "≥80%", "<80%"],
                          ["", "", "及时性", "及时", "延期一周", "延期两周", "延期三周"]))
    activity = result.book.activities[0]
    assert (activity.code, activity.name, [i.name for i in activity.indicators]) == ("0101", "就业服务",
                                                                                    ["到位率", "及时性"])
    assert dict(activity.indicators[1].ladder)["良"] == "延期一周"


def test_cells_the_importer_cannot_place_are_reported_with_their_location():
    result = imported(doc("招聘经费绩效目标表", HEADER,
                          ["产出指标", "数量指标", "招聘活动次数", "≥25次", "多出的一格"],
                          ["注：本表数据为预算数。"]))
    assert result.book.projects[0].indicators[0].target == "≥25次"
    reported = sorted(d.location.line for d in result.diagnostics if d.code == "import-leftover")
    assert reported == [11, 13]     # the extra cell, and the note across the table
    assert result.summary.leftover_cells == 2


def test_a_source_with_no_table_department_or_year_says_so():
    result = read_document_tables(read_text("只有一段文字。\n", "t.txt"))
    assert sorted(d.code for d in result.errors) == ["import-incomplete", "import-incomplete", "no-tables"]
    assert result.book is None


def test_the_command_line_refuses_a_kind_it_cannot_read(tmp_path, capsys):
    source = tmp_path / "表.odt"
    source.write_bytes(b"x")
    assert main(["import", str(source)]) == 1
    assert "unknown-source" in capsys.readouterr().err


def test_the_command_line_writes_the_book_even_when_it_does_not_load(tmp_path, capsys):
    source = tmp_path / "t.txt"
    source.write_text(doc("招聘经费绩效目标表", HEADER, ["产出指标", "数量指标", "招聘活动次数", "≥25次"]),
                      encoding="utf-8")
    out = tmp_path / "book.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 1     # no department, no year
    assert "import-incomplete" in capsys.readouterr().err
    assert "招聘活动次数" in out.read_text(encoding="utf-8")
    assert main(["import", str(source), "-o", str(out), "--department", "人社局", "--year", "2024"]) == 0
    assert perfeval.load(out).indicator("招聘经费/招聘活动次数").origin.line == 9


# --- real layouts from other provinces, rebuilt from their published cells
# (tests/fixtures/published/README.md gives each one's address).  Each
# .expected.yaml says, in the file format, what its table holds.

PUBLISHED = ROOT / "tests" / "fixtures" / "published"
# What a fixture leaves for the user to give: the Shanghai form's 主管部门
# cell names a unit under the department (…执法大队), as published.
GIVEN = {"shanghai-putuo-cgzf-2026": {"department": "上海市普陀区城市管理行政执法局"}}
KEYS = ("group", "subgroup", "name", "description", "target", "basis", "direction")


def _expected(name: str) -> dict:
    from perfeval.io.indicators import read_document
    document, _, problems = read_document((PUBLISHED / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    assert problems == []
    return document


def _plain(project: dict) -> tuple:
    def target(value):
        return value if isinstance(value, str) else tuple(sorted(value.items()))
    return (project["name"], project.get("goal"), project.get("budget"),
            [tuple(target(i.get(k)) if k == "target" else i.get(k) for k in KEYS) for i in project["indicators"]])


@pytest.mark.parametrize("name", sorted(p.name.removesuffix(".txt") for p in PUBLISHED.glob("*.txt")))
def test_a_published_layout_imports_as_its_expected_book(name):
    result = read_tables(PUBLISHED / f"{name}.txt", **GIVEN.get(name, {}))
    expected = _expected(name)
    assert result.data["department"]["name"] == expected["department"]["name"]
    assert result.data["year"] == expected["year"]
    assert [_plain(p) for p in result.data["projects"]] == [_plain(p) for p in expected["projects"]]
    s = result.summary
    assert s.imported_cells + s.leftover_cells == s.cells


def test_the_split_column_layout_gives_split_targets_and_directions():
    result = read_tables(PUBLISHED / "sichuan-jingyan-mataz-2023.txt")
    first = result.book.projects[0].indicators[0]
    assert (first.target, first.target_parts, first.direction) == ("≥95%", (("op", "≥"), ("value", "95"),
                                                                           ("unit", "%")), "up")
    assert result.book.projects[0].budget == "3,309,840.00元"      # 金额单位:元 beside a bare amount


def test_a_project_table_with_no_name_says_where_it_is():
    result = imported(doc(HEADER, ["产出指标", "数量指标", "招聘活动次数", "≥25次"]))
    problems = [(d.code, d.location.line) for d in result.errors]
    assert problems == [("import-incomplete", 8)] and result.book is None   # its first indicator
    assert result.data["projects"][0]["name"] == ""     # left for the user to fill in the written file


# --- several departments in one file

TWO_DEPARTMENTS = doc("人社局2024年部门预算", "1、招聘经费绩效目标表", HEADER,
                      ["产出指标", "数量指标", "招聘活动次数", "≥25次"],
                      "财政局2024年部门预算", "1、票据管理经费绩效目标表", HEADER,
                      ["产出指标", "数量指标", "票据核销数", "≥100份"])


def test_several_departments_in_one_file_read_as_one_book_each(tmp_path, capsys):
    from perfeval.io.published import read_departments

    source = tmp_path / "汇总.txt"
    source.write_text(TWO_DEPARTMENTS, encoding="utf-8")
    parts = read_departments(source)
    assert [(p.book.department_name, p.book.projects[0].name) for p in parts] == [("人社局", "招聘经费"),
                                                                                  ("财政局", "票据管理经费")]
    with pytest.raises(perfeval.BookError) as info:
        read_tables(source)
    assert info.value.problems[0].code == "several-departments"
    assert main(["import", str(source), "-o", str(tmp_path / "book.yaml")]) == 1
    assert "several-departments" in capsys.readouterr().err
    folder = tmp_path / "books"
    assert main(["import", str(source), "-o", f"{folder}/"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["人社局.yaml", "财政局.yaml"]
    assert perfeval.load(folder / "财政局.yaml").indicator("票据管理经费/票据核销数").target == "≥100份"


def test_the_same_department_stated_again_is_one_book():
    from perfeval.io.published.targets import split_departments

    text = doc("人社局2024年部门预算", ["323人社局"], "1、招聘经费绩效目标表", HEADER,
               ["产出指标", "数量指标", "招聘活动次数", "≥25次"], ["323人社局"])
    assert len(split_departments(read_text(text, "t.txt"))) == 1


def test_a_text_with_no_tab_led_cells_says_how_the_text_form_is_written():
    result = imported("1.就业工作目标。\n绩效指标：全年城镇新增就业8000人以上。\n一级指标\n二级指标\n")
    assert [d.code for d in result.errors] == ["no-tables"]
    assert "starts with a tab" in result.errors[0].message


def test_a_failed_import_does_not_replace_a_good_file(tmp_path, capsys):
    prose = tmp_path / "prose.txt"
    prose.write_text("只有文字。\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text("keep me\n", encoding="utf-8")
    assert main(["import", str(prose), "-o", str(good)]) == 1
    assert good.read_text(encoding="utf-8") == "keep me\n"
    assert "not written" in capsys.readouterr().err


def test_an_output_folder_gets_one_file_even_for_one_department(tmp_path):
    source = tmp_path / "t.txt"
    source.write_text(doc("人社局2024年部门预算", "招聘经费绩效目标表", HEADER,
                          ["产出指标", "数量指标", "招聘活动次数", "≥25次"]), encoding="utf-8")
    assert main(["import", str(source), "-o", f"{tmp_path / 'out'}/"]) == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["人社局.yaml"]


def test_one_department_in_two_years_gives_two_books(tmp_path):
    source = tmp_path / "t.txt"
    source.write_text(doc("人社局2024年部门预算", "招聘经费绩效目标表", HEADER,
                          ["产出指标", "数量指标", "招聘活动次数", "≥25次"],
                          "人社局2025年部门预算", "招聘经费绩效目标表", HEADER,
                          ["产出指标", "数量指标", "招聘活动次数", "≥30次"]), encoding="utf-8")
    assert main(["import", str(source), "-o", f"{tmp_path / 'out'}/"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["人社局-2024.yaml", "人社局-2025.yaml"]


def test_an_empty_source_is_no_tables_not_several_departments(tmp_path, capsys):
    source = tmp_path / "empty.txt"
    source.write_text("", encoding="utf-8")
    assert main(["import", str(source)]) == 1
    assert "no-tables" in capsys.readouterr().err
