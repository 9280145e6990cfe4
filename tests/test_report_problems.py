"""Every uncertain reading reaches the report, in every format (issue 8;
rules §2–4): the book's definition warnings and each row's flags of
severity warning or error are the report's problems, located at the
indicator's definition; a needs-judgement row scores nothing and is counted
like a missing row; the 自评表 says under each form what its rows leave
open; ``perfeval grade --strict`` exits 1 on any warning, never on info.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from perfeval import Diagnostic, load, loads
from perfeval.cli import main
from perfeval.codes import Code
from perfeval.grading.report import ROW_COLUMNS, STATUSES

# A book without a single definition warning, so that every problem below comes from a row.  It has
# a goal, so that the department's total is its table (rules §5), and the budget has the 部门整体 line.
CLEAN = """\
perfeval: 1
department: {code: "900", name: 测试局}
year: 2023
goals:
  - name: 就业
    indicators:
      - {name: 城镇新增就业, target: "≥100人"}
projects:
  - name: 项目P
    indicators:
      - {group: 产出指标, subgroup: 数量指标, name: 培训人数, target: "≥100人"}
      - {group: 产出指标, subgroup: 数量指标, name: 征缴资金, target: "≥7000万元"}
      - {group: 产出指标, subgroup: 时效指标, name: 完成时间, target: 12月底前完成}
      - {group: 效益指标, subgroup: 社会效益指标, name: 政策落实, target: 严格落实相关政策}
      - {group: 满意度指标, subgroup: 服务对象满意度指标, name: 满意度, target: "≥90%"}
  - name: 项目Q
    indicators:
      - {group: 产出指标, subgroup: 数量指标, name: 培训人数, target: "≥100人"}
      - {group: 满意度指标, subgroup: 服务对象满意度指标, name: 满意度, target: "≥90%"}
"""
ALL_WELL = {
    "就业/城镇新增就业": "120人",
    "项目P/培训人数": "110人", "项目P/征缴资金": "7200万元", "项目P/完成时间": "2023-12-20",
    "项目P/政策落实": "达成", "项目P/满意度": "95%", "项目Q/培训人数": "100人", "项目Q/满意度": "92%",
}
BUDGET = {"项目P": ("100万元", "95万元"), "项目Q": ("50万元", "50万元"), "部门整体": ("150万元", "145万元")}
FLAGGED = {
    **ALL_WELL,
    "项目P/培训人数": "150人",        # over-achieved (≥130%) and no note: over-achievement, note-required
    "项目P/征缴资金": "0.8亿元",       # converted to 万元: unit-converted, an info flag
    "项目P/完成时间": "2024-01-05",   # late, a warning flag; missed, and no note: note-required (rules §4)
}


@pytest.fixture(scope="module")
def book():
    return loads(CLEAN)


def _line_of(text: str, name: str, owner: str = "项目P") -> int:
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip() == f"- name: {owner}")
    return next(n for n, line in enumerate(lines) if n > start and f"name: {name}," in line) + 1


def test_the_clean_book_has_no_definition_warnings(book):
    assert book.diagnostics == ()
    report = book.grade(ALL_WELL, budget=BUDGET)
    assert report.problems == () and report.complete


# --- what Report.problems holds (rules §2–4) -----------------------------------------------

def test_each_warning_flag_of_a_row_is_a_located_problem(book):
    report = book.grade(FLAGGED, budget=BUDGET)
    found = [(p.code, p.severity, p.subject, p.location.line if p.location else None) for p in report.problems]
    assert found == [
        (Code.OVER_ACHIEVEMENT, "warning", "项目P/培训人数", _line_of(CLEAN, "培训人数")),
        (Code.NOTE_REQUIRED, "warning", "项目P/培训人数", _line_of(CLEAN, "培训人数")),
        (Code.LATE, "warning", "项目P/完成时间", _line_of(CLEAN, "完成时间")),
        (Code.NOTE_REQUIRED, "warning", "项目P/完成时间", _line_of(CLEAN, "完成时间")),
    ]
    # Each problem is the row's flag: its code and its message, after the row's name.
    for problem in report.problems:
        row = next(r for r in report.rows if r.id == problem.subject)
        flag = next(f for f in row.findings if f.code == problem.code)
        assert problem.message == f"{row.name}: {flag.message}"
        assert problem.location == book.indicator(row.id).location


def test_info_flags_stay_on_the_row(book):
    report = book.grade(FLAGGED, budget=BUDGET)
    row = next(r for r in report.rows if r.id == "项目P/征缴资金")
    assert Code.UNIT_CONVERTED in row.flags and [f.severity for f in row.findings] == ["info"]
    assert "项目P/征缴资金" not in [p.subject for p in report.problems]


def test_the_books_definition_warnings_follow_the_inputs_problems():
    text = CLEAN.replace('target: "≥90%"}\n  - name: 项目Q', 'target: "90"}\n  - name: 项目Q')  # no unit: a warning
    book = loads(text)
    warnings = [d for d in book.diagnostics if d.severity == "warning"]
    assert [d.code for d in warnings] == [Code.NO_UNIT]
    report = book.grade({**FLAGGED, "项目P/满意度": "95", "项目X/未知": "1"}, budget=BUDGET)
    codes = [p.code for p in report.problems]
    # inputs first (the unknown id), then the definitions, then the rows, in row order
    assert codes == [Code.UNKNOWN_ID, Code.NO_UNIT, Code.OVER_ACHIEVEMENT, Code.NOTE_REQUIRED, Code.LATE,
                     Code.NOTE_REQUIRED]
    assert report.problems[1] == warnings[0]
    assert report.problems[1].location is not None and report.problems[1].location.line == _line_of(text, "满意度")


def test_a_row_in_error_is_a_problem_and_is_counted_once(book):
    report = book.grade({**ALL_WELL, "项目P/培训人数": "1O0人"}, budget=BUDGET)
    (row,) = [r for r in report.rows if r.status == "error"]
    (problem,) = report.problems
    assert (problem.code, problem.severity, problem.subject) == (row.flags[0], "error", row.id)
    assert report.errors == 1 and not report.complete


def test_a_direction_conflict_reaches_the_report_from_the_definition_and_the_row():
    """rules §4: an operator that contradicts the stated direction decides the
    score, and the row carries a direction-conflict flag that reaches the
    report (waits on the evaluate layer's contract)."""
    text = CLEAN.replace('name: 满意度, target: "≥90%"}\n  - name: 项目Q',
                         'name: 满意度, target: "≥90%", direction: 反向}\n  - name: 项目Q')
    report = loads(text).grade(ALL_WELL, budget=BUDGET)
    conflicts = [p for p in report.problems if p.code == Code.DIRECTION_CONFLICT]
    # the definition's warning, then the row's flag
    assert [p.severity for p in conflicts] == ["warning", "warning"]
    assert conflicts[0].subject != "项目P/满意度" and conflicts[1].subject == "项目P/满意度"
    assert {p.location.line for p in conflicts if p.location} == {_line_of(text, "满意度")}
    row = next(r for r in report.rows if r.id == "项目P/满意度")
    assert row.points == row.weight  # 95% meets ≥90%: the operator decides


# --- needs-judgement rows (rules §4) --------------------------------------------------------

def test_a_paraphrase_needs_judgement_and_scores_nothing_like_a_missing_row(book):
    report = book.grade({**ALL_WELL, "项目P/政策落实": "明显改善"}, budget=BUDGET)
    row = next(r for r in report.rows if r.id == "项目P/政策落实")
    assert "needs-judgement" in STATUSES
    assert (row.status, row.points, row.grade, row.achieved, row.ratio) == ("needs-judgement", 0, None, None, None)
    assert row.weight == 30  # it keeps its weight (the whole of 效益), as a missing row does
    assert row.suggested is not None
    assert report.needs_judgement == 1 and report.missing == 0 and report.errors == 0 and not report.complete
    (project,) = [p for p in report.projects if p.name == "项目P"]
    assert project.needs_judgement == 1 and project.total == 50 + 0 + 10 + Decimal("9.5")
    (problem,) = report.problems
    assert (problem.code, problem.subject) == (Code.NEEDS_JUDGEMENT, row.id)
    assert row.suggested in problem.message  # the report lists it with the suggested tier
    data = json.loads(report.to_json())
    assert data["counts"]["needs_judgement"] == 1 and data["complete"] is False
    assert [p["needs_judgement"] for p in data["projects"]] == [1, 0]


def test_a_person_confirms_the_tier_in_the_note(book):
    report = book.grade({**ALL_WELL, "项目P/政策落实": {"actual": "明显改善", "note": "达成"}}, budget=BUDGET)
    row = next(r for r in report.rows if r.id == "项目P/政策落实")
    assert row.status == "graded" and row.points == row.weight
    assert report.complete


# --- every format shows them --------------------------------------------------------------

@pytest.fixture(scope="module")
def flagged(book):
    return book.grade({**FLAGGED, "项目P/政策落实": "明显改善", "项目Q/培训人数": "很多"}, budget=BUDGET)


def test_text_and_markdown_show_each_problem_with_its_message(flagged):
    for shown in (flagged.render("table-wide"), flagged.to_markdown()):
        for problem in flagged.problems:
            # Markdown escapes what it must
            line = next(line.replace("\\", "") for line in shown.splitlines()
                        if f" {problem.code} [{problem.subject}]" in line.replace("\\", ""))
            assert problem.message in line
    # The default table wraps a problem at 120 columns: its message runs on in the lines that hang below it.
    lines = flagged.to_text().splitlines()
    for problem in flagged.problems:
        start = next(i for i, line in enumerate(lines) if f" {problem.code} [{problem.subject}]" in line)
        end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("      "))
        assert " ".join(problem.message.split()) in " ".join(" ".join(lines[start:end]).split())
    assert "待确认 1" in flagged.to_text()


def test_json_has_the_problems_and_csv_rows_keep_their_shape(flagged):
    data = json.loads(flagged.to_json())
    assert [(p["code"], p["severity"], p["subject"], p["message"]) for p in data["problems"]] == \
        [(p.code, p.severity, p.subject, p.message) for p in flagged.problems]
    assert all(set(record) == set(ROW_COLUMNS) for record in data["rows"])
    assert "findings" not in ROW_COLUMNS and "suggested" not in ROW_COLUMNS
    records = list(csv.DictReader(io.StringIO(flagged.to_csv())))
    assert list(records[0]) == list(ROW_COLUMNS)
    assert [r["flags"] for r in records] == [";".join(row.flags) for row in flagged.rows]
    assert [r["status"] for r in records].count("needs-judgement") == 1


def _form(report, project: str) -> list[str]:
    forms = report.to_selfeval().split("项目支出绩效自评表")[1:]
    return next(f for f in forms if f"项目名称：{project}\n" in f).splitlines()


def test_the_selfeval_form_explains_its_rows_in_a_remarks_section(flagged):
    lines = _form(flagged, "项目P")
    start = lines.index("说明：")
    remarks = [line.strip() for line in lines[start + 1:] if line.strip()]
    rows = {r.name: r for r in flagged.rows if r.owner == "项目P"}
    # one line per row with a warning or error flag, or needing judgement: 三级指标: code: message
    assert [line.split(":", 1)[0] for line in remarks] == ["培训人数", "完成时间", "政策落实"]
    for line in remarks:
        row = rows[line.split(":", 1)[0]]
        assert [f.code for f in row.reported] == [part.split(": ")[0] for part in line.split(": ", 1)[1].split("；")]
    # each such row is marked ※ after its 实际完成值, and no other row is
    marked = {name for name, row in rows.items() if any(f"{row.actual}※" in line for line in lines)}
    assert marked == {"培训人数", "完成时间", "政策落实"}
    assert lines[start - 1] == "缺失 0，错误 0，待确认 1"


def test_an_unread_row_is_explained_and_a_quiet_form_says_so(flagged, book):
    lines = _form(flagged, "项目Q")
    row = next(r for r in flagged.rows if r.id == "项目Q/培训人数")
    assert row.status == "error"
    remarks = lines[lines.index("说明：") + 1:]
    assert [line.strip().split(": ")[:2] for line in remarks if line.strip()] == [["培训人数", row.flags[0]]]
    # marked ※ after its 实际完成值, and labelled 错误 in the 达成情况 column
    assert any("很多※" in line and line.rstrip().endswith("错误") for line in lines)
    quiet = book.grade(ALL_WELL, budget=BUDGET)
    assert "说明：无" in _form(quiet, "项目Q")


# --- the command line -----------------------------------------------------------------------

@pytest.fixture
def files(tmp_path):
    def write(actuals: dict[str, str], text: str = CLEAN) -> list[str]:
        book = tmp_path / "book.yaml"
        book.write_text(text, encoding="utf-8")
        table = tmp_path / "actuals.csv"
        table.write_text("id,actual\n" + "".join(f"{k},{v}\n" for k, v in actuals.items()), encoding="utf-8")
        budget = tmp_path / "budget.csv"
        budget.write_text("project,budget,executed\n" + "".join(f"{k},{b},{e}\n" for k, (b, e) in BUDGET.items()),
                          encoding="utf-8")
        return [str(book), str(table), "--budget", str(budget)]
    return write


@pytest.mark.parametrize("actuals, extra, status", [
    (ALL_WELL, [], 0),
    (ALL_WELL, ["--strict"], 0),
    ({**ALL_WELL, "项目P/征缴资金": "0.8亿元"}, ["--strict"], 0),            # an info flag never fails
    ({**ALL_WELL, "项目P/完成时间": "2024-01-05"}, [], 0),                   # a warning flag alone: 0 …
    ({**ALL_WELL, "项目P/完成时间": "2024-01-05"}, ["--strict"], 1),         # … but 1 under --strict
    ({**ALL_WELL, "项目P/政策落实": "明显改善"}, [], 1),                     # needs judgement: as missing
    ({**ALL_WELL, "项目P/政策落实": "明显改善"}, ["--allow-missing"], 0),
    ({**ALL_WELL, "项目P/政策落实": "明显改善"}, ["--allow-missing", "--strict"], 1),
    ({**ALL_WELL, "项目P/培训人数": "1O0人"}, ["--allow-missing"], 1),       # an error row
])
def test_grade_exit_status(files, capsys, actuals, extra, status):
    assert main(["grade", *files(actuals), *extra]) == status
    err = capsys.readouterr().err
    assert "needing judgement" in err


def test_grade_strict_fails_on_a_definition_warning(files, capsys):
    text = CLEAN.replace('name: 满意度, target: "≥90%"}\n  - name: 项目Q', 'name: 满意度, target: "90"}\n  - name: 项目Q')
    assert main(["grade", *files({**ALL_WELL, "项目P/满意度": "95"}, text)]) == 0
    assert main(["grade", *files({**ALL_WELL, "项目P/满意度": "95"}, text), "--strict"]) == 1


def test_the_seed_reports_its_definition_warnings_in_every_format():
    root = Path(__file__).resolve().parents[1]
    book_path = root / "indicators" / "caofeidian-hrss-2023.yaml"
    book = load(book_path)
    report = book.grade(root / "examples" / "actuals-2023.csv", budget=root / "examples" / "budget-2023.csv")
    warnings = [d for d in book.diagnostics if d.severity in ("warning", "error")]
    assert len(warnings) >= 11
    # The inputs' problems come first: here only that the department's budget line is the projects' sums.
    assert [p.code for p in report.problems[:1]] == [Code.BUDGET_DERIVED]
    assert list(report.problems[1:1 + len(warnings)]) == warnings
    rows = report.problems[1 + len(warnings):]
    assert all(isinstance(p, Diagnostic) and p.subject in book.by_id for p in rows)
    assert Code.LATE in [p.code for p in rows]
    json_codes = [p["code"] for p in json.loads(report.to_json())["problems"]]
    assert json_codes == [p.code for p in report.problems]
    for shown in (report.to_text(), report.to_markdown(), report.to_html()):
        assert all(str(p.code) in shown for p in report.problems)
