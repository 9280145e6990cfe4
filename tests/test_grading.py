"""Grading a book: hand-worked totals to the exact Decimal (rules §4–5), and
the guarantees of the report (one row per indicator, nothing dropped)."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pytest

from perfeval import load, loads
from perfeval.cli import main
from perfeval.grading.totals import decimal_of
from perfeval.io.tables import read_actuals

BOOK = """\
perfeval: 1
department: {code: "900", name: 测试局}
year: 2023
scoring:
  late_ratios: {7: 0.8}
activities:
  - code: A1
    name: 甲
    indicators:
      - {name: 到位率, ladder: {优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
      - {name: 是否免费, ladder: {优: 是, 良: 基本达到, 中: 否, 差: 否}}
  - code: A2
    name: 乙
    indicators:
      - {name: 完成率, ladder: ["100%", "≥90%", "≥80%", "<80%"]}
      - {name: 人数, ladder: ["≥500人", "≥480人", "≥460人", "<460人"]}
      - {name: 及时性, ladder: ["及时", "延期一周", "延期两周", "延期三周"]}
  - code: A3
    name: 丙
    indicators:
      - {name: 覆盖率, ladder: ["100%", "≥90%", "≥80%", "<80%"]}
projects:
  - name: 项目P
    indicators:
      - {group: 产出指标, subgroup: 数量指标, name: 培训人数, target: "≥100人"}
      - {group: 产出指标, subgroup: 成本指标, name: 成本金额, target: "≤20万元"}
      - {group: 效益指标, subgroup: 社会效益指标, name: 政策落实, target: 严格落实相关政策}
      - {group: 效益指标, subgroup: 可持续影响指标, name: 覆盖率, target: "≥95%"}
      - {group: 满意度指标, subgroup: 服务对象满意度指标, name: 满意度, target: "≥90%"}
  - name: 项目Q
    indicators:
      - {group: 产出指标, subgroup: 时效指标, name: 完成时间, target: 12月底前完成}
      - {group: 满意度指标, subgroup: 服务对象满意度指标, name: 满意度, target: "≥90%"}
"""

ACTUALS = {
    "A1/到位率": "92%",            # 良 → 0.8
    "A1/是否免费": "是",            # 优 → 1.0
    "A2/完成率": "75%",            # 差 → 0
    "A2/人数": "470人",            # 中 → 0.6
    "A2/及时性": "/",              # not applicable: drops out
    "A3/覆盖率": None,             # missing
    "项目P/培训人数": "90人",        # 90/100 = 0.9
    "项目P/成本金额": "25万元",       # 20/25 = 0.8
    "项目P/政策落实": "部分达成 75%",  # 0.75
    "项目P/覆盖率": "/",            # not applicable
    "项目P/满意度": "72%",          # 72/90 = 0.8
    "项目Q/完成时间": "2024-01-05",  # 5 days late: late_ratios 7 → 0.8
    "项目Q/满意度": "95%",          # achieved → 1
}
BUDGET = {"项目P": ("200万元", "180万元")}  # 项目Q's budget figures are not given


@pytest.fixture(scope="module")
def report():
    return loads(BOOK).grade(ACTUALS, budget=BUDGET)


def test_activity_totals(report):
    a1, a2, a3 = report.activities
    # A1: two indicators, 50 points each: 50 × 0.8 + 50 × 1.0 = 90 → 优 (90 is in [90, 100])
    assert (a1.total, a1.grade) == (D(90), "优")
    # A2: 及时性 is not applicable, so 完成率 and 人数 share the 100: 50 × 0 + 50 × 0.6 = 30 → 差
    assert (a2.total, a2.grade) == (D(30), "差")
    assert [r.weight for r in a2.rows] == [D(50), D(50), D(0)]
    # A3: its one actual is missing: listed, counted, scoring nothing: 0 → 差
    assert (a3.total, a3.grade, a3.missing) == (D(0), "差", 1)


def test_totals_are_decided_exactly_at_a_grade_boundary():
    # six indicators all graded 良: each is worth 100/6, which has no exact
    # decimal, yet the table totals 80 and grades 良 (rules §5)
    ladder = '{优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}'
    indicators = "\n".join(f"      - {{name: 指标{i}, ladder: {ladder}}}" for i in range(6))
    book = loads(f"perfeval: 1\ndepartment: {{code: '1', name: 局}}\nyear: 2023\nactivities:\n"
                f"  - code: A\n    name: 甲\n    indicators:\n{indicators}\n")
    activity = book.grade({i.id: "92%" for i in book.indicators}).activities[0]
    assert (activity.total, activity.grade) == (D(80), "良")


def test_department_total_is_the_mean_of_its_activities(report):
    # (90 + 30 + 0) / 3 = 40 → 差
    assert (report.total, report.grade) == (D(40), "差")


def test_project_with_every_group_and_its_budget_line(report):
    p = report.projects[0]
    subtotal = {s.group: (s.weight, s.points) for s in p.subtotals}
    # 产出 50, split 25 + 25: 25 × 0.9 + 25 × 0.8 = 22.5 + 20 = 42.5
    assert subtotal["产出"] == (D(50), D("42.5"))
    # 效益 30: 覆盖率 is not applicable, so 政策落实 takes all 30: 30 × 0.75 = 22.5
    assert subtotal["效益"] == (D(30), D("22.5"))
    # 满意度 10: 10 × 72/90 = 10 × 0.8 = 8
    assert subtotal["满意度"] == (D(10), D(8))
    # 预算执行率 10: 180万元 / 200万元 = 0.9 → 9
    assert subtotal["预算执行率"] == (D(10), D(9))
    assert (p.budget.rate, p.budget.over) == (D("0.9"), False)
    # 42.5 + 22.5 + 8 + 9 = 82 → 良
    assert (p.total, p.grade, p.missing) == (D(82), "良", 0)


def test_project_with_an_empty_group_and_no_budget_figures(report):
    q = report.projects[1]
    subtotal = {s.group: (s.weight, s.points) for s in q.subtotals}
    # 效益 has no indicators: its 30 goes to 产出 50, 满意度 10 and 预算执行率 10 in proportion,
    # each × 100/70.  产出: 50 × 100/70 = 500/7; 5 days late × late ratio 0.8 = 400/7
    assert subtotal["效益"] == (D(0), D(0))
    assert subtotal["产出"] == (decimal_of(Fraction(500, 7)), decimal_of(Fraction(400, 7)))
    # 满意度 10 × 100/70 = 100/7, achieved in full
    assert subtotal["满意度"] == (decimal_of(Fraction(100, 7)), decimal_of(Fraction(100, 7)))
    # total: 400/7 + 100/7 + 0 = 500/7 = 71.43 → 中
    assert (q.total, q.grade) == (decimal_of(Fraction(500, 7)), "中")
    # the budget figures are missing: the line is listed, counted and scores nothing
    assert subtotal["预算执行率"][1] == 0 and q.missing_budget and q.missing == 1
    weights = sum(w for w, _ in subtotal.values())
    assert abs(weights - 100) < D("1E-30")  # the groups still share 100 points


def test_every_indicator_has_exactly_one_row(report):
    book = loads(BOOK)
    assert [r.id for r in report.rows] == [i.id for i in book.indicators]
    statuses = {r.id: r.status for r in report.rows}
    assert statuses["A3/覆盖率"] == "missing" and statuses["A2/及时性"] == "not-applicable"
    assert report.missing == 2  # the missing row and 项目Q's budget figures


def test_rows_in_error_are_listed_and_counted():
    report = loads(BOOK).grade({**ACTUALS, "A1/到位率": "9O%", "项目P/培训人数": "90人次"}, budget=BUDGET)
    errors = {r.id: r.flags for r in report.rows if r.status == "error"}
    assert errors == {"A1/到位率": ("unexpected-text",), "项目P/培训人数": ("unit-mismatch",)}
    assert len(report.rows) == 13 and report.errors == 2


def test_an_unknown_id_is_an_error_naming_the_closest_ids_and_is_kept():
    report = loads(BOOK).grade({**ACTUALS, "A1/到位": "95%"}, budget=BUDGET)
    problem = report.problems[0]  # the inputs' problems come first, then the definitions' and the rows'
    assert [p.code for p in report.problems if p.severity == "error"] == ["unknown-id"]
    assert problem.code == "unknown-id" and "'A1/到位率'" in problem.message
    assert report.unknown == (("A1/到位", "95%"),) and report.errors == 1


def test_over_execution_of_the_budget_is_flagged_and_capped():
    report = loads(BOOK).grade(ACTUALS, budget={"项目P": ("200万元", "220万元"), "项目Q": (100, 90)})
    p, q = report.projects
    assert (p.budget.rate, p.budget.points, p.budget.over) == (D("1.1"), p.budget.weight, True)
    assert q.budget.executed == D(900000)  # bare amounts are 万元


def test_over_achievement_without_a_note_is_flagged_note_required():
    report = loads(BOOK).grade({**ACTUALS, "项目P/培训人数": "140人"}, budget=BUDGET)
    row = next(r for r in report.rows if r.id == "项目P/培训人数")
    assert row.flags == ("over-achievement", "note-required")
    report = loads(BOOK).grade({**ACTUALS, "项目P/培训人数": {"actual": "140人", "note": "上级追加培训任务"}},
                              budget=BUDGET)
    row = next(r for r in report.rows if r.id == "项目P/培训人数")
    assert row.flags == ("over-achievement",) and row.note == "上级追加培训任务"


def test_records_are_plain_data(report):
    records = report.to_records()
    assert len(records) == 13
    first = records[0]
    assert first["id"] == "A1/到位率" and first["points"] == "40" and first["grade"] == "良"
    assert all(not isinstance(v, float) for r in records for v in r.values())


# --- files and the command line ----------------------------------------------------

@pytest.fixture
def files(tmp_path):
    book = tmp_path / "book.yaml"
    book.write_text(BOOK, encoding="utf-8")
    actuals = tmp_path / "actuals.csv"
    lines = ["id,actual,note"] + [f"{k},{'' if v is None else v}," for k, v in ACTUALS.items()]
    actuals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    budget = tmp_path / "budget.csv"
    budget.write_text("project,budget,executed\n项目P,200万元,180万元\n项目Q,100,95\n", encoding="utf-8")
    return book, actuals, budget


def test_grading_from_files_gives_the_same_totals(files, report):
    book, actuals, budget = files
    from_files = load(book).grade(actuals, budget=budget)
    assert [a.total for a in from_files.activities] == [a.total for a in report.activities]
    assert from_files.projects[0].total == report.projects[0].total


def test_excel_csv_in_gb18030_reads(files, tmp_path):
    _book, actuals, _budget = files
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(actuals.read_text(encoding="utf-8").encode("gb18030"))
    assert [e.actual for e in read_actuals(gbk)] == [e.actual for e in read_actuals(actuals)]


def test_template_lists_every_indicator_and_reads_back(files, tmp_path):
    book, _, _ = files
    written = tmp_path / "template.csv"
    assert main(["template", str(book), "-o", str(written)]) == 0
    entries = read_actuals(written)
    assert [e.id for e in entries] == [i.id for i in load(book).indicators]
    assert all(e.actual is None for e in entries)  # empty, ready to fill in


@pytest.mark.parametrize("extra, status", [
    ([], 1),                              # 1 row missing and 项目Q's budget line: exit 1
    (["--allow-missing"], 0),             # …unless allowed
    (["--allow-missing", "--strict"], 1),  # 延期三周 leaves longer delays uncovered: a definition warning
    (["--format", "json", "--allow-missing"], 0),
])
def test_grade_exit_status(files, capsys, extra, status):
    book, actuals, budget = files
    assert main(["grade", str(book), str(actuals), "--budget", str(budget), *extra]) == status
    err = capsys.readouterr().err
    assert "1 missing" in err


def test_grade_exits_1_on_rows_in_error_even_when_missing_is_allowed(files, capsys):
    book, actuals, budget = files
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("92%", "9O%"), encoding="utf-8")
    assert main(["grade", str(book), str(actuals), "--budget", str(budget), "--allow-missing"]) == 1


def test_grade_reports_unknown_ids_with_their_line(files, capsys):
    book, actuals, budget = files
    actuals.write_text(actuals.read_text(encoding="utf-8") + "A1/到位,95%,\n", encoding="utf-8")
    assert main(["grade", str(book), str(actuals), "--budget", str(budget), "--allow-missing"]) == 1
    assert f"{actuals}:15:1: error unknown-id: no indicator 'A1/到位'" in capsys.readouterr().err


def test_bad_command_lines_exit_2(capsys):
    for argv in (["grade"], ["grade", "a.yaml", "b.csv", "--format", "pdf"], ["nonsense"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2


def test_explain(files, capsys):
    book, _, _ = files
    assert main(["explain", str(book), "项目P/成本金额", "25万元", "--weight", "25"]) == 0
    out = capsys.readouterr().out
    assert "target/actual = 20/25 = 80.00%; 20.00 of 25 points" in out
    assert main(["explain", str(book), "项目P/成本", "25万元"]) == 1
    assert "did you mean '项目P/成本金额'" in capsys.readouterr().err


def test_output_file(files, tmp_path):
    book, actuals, budget = files
    out = tmp_path / "report.csv"
    main(["grade", str(book), str(actuals), "--budget", str(budget), "--format", "csv", "-o", str(out),
          "--allow-missing"])
    assert Path(out).read_text(encoding="utf-8").count("\n") == 14  # header + 13 rows


@pytest.mark.parametrize("budget, code", [
    ({"项目P": ("0", "10")}, "bad-budget"),             # no full-year budget
    ({"项目P": ("200万元", "-5万元")}, "bad-budget"),     # a negative execution
    ({"项目P": ("200人", "180人")}, "bad-budget"),       # not money
    ({"项目P": 5}, "bad-budget"),                        # not (budget, executed)
    ([{"project": "项目P", "budget": "200", "executed": "180"},
      {"project": "项目P", "budget": "200", "executed": "190"}], "duplicate-project"),
    ({"项目X": ("200", "180")}, "unknown-project"),
])
def test_bad_budget_figures_are_errors_not_missing(budget, code):
    report = loads(BOOK).grade(ACTUALS, budget=budget)
    assert code in [p.code for p in report.problems]
    assert report.errors >= 1


def test_a_budget_note_reaches_the_selfeval_table():
    report = loads(BOOK).grade(ACTUALS, budget=[{"project": "项目P", "budget": "200", "executed": "150",
                                                "note": "年末资金未及时拨付"}])
    assert report.projects[0].budget_note == "年末资金未及时拨付"
    assert "年末资金未及时拨付" in report.to_selfeval()


def test_a_project_with_nothing_applicable_is_said():
    actuals = {**ACTUALS, "项目Q/完成时间": "/", "项目Q/满意度": "/"}
    report = loads(BOOK).grade(actuals, budget={**BUDGET, "项目Q": ("100", "95")})
    assert ("nothing-applicable", "项目Q") in [(p.code, p.subject) for p in report.problems]


def test_the_whole_report_as_data(report):
    data = report.as_dict()
    assert data["total"] == "40" and len(data["rows"]) == 13 and data["projects"][0]["total"] == "82"


def test_csv_problems_point_at_the_record_start_and_the_header(tmp_path):
    from perfeval import TableError

    multi = tmp_path / "multi.csv"
    multi.write_text('ID,Actual,Note\nA1/到位率,92%,"第一行\n第二行"\nA1/不存在,95%,\n', encoding="utf-8")
    entries = read_actuals(multi)  # headers match whatever their case
    assert [e.location.line for e in entries] == [2, 4]
    twice = tmp_path / "twice.csv"
    twice.write_text("id,actual,actual\nA1/到位率,92%,95%\n", encoding="utf-8")
    with pytest.raises(TableError) as info:
        read_actuals(twice)
    assert info.value.problems[0].code == "duplicate-column"


def test_grade_into_a_missing_directory_says_so(files, tmp_path, capsys):
    book, actuals, budget = files
    out = tmp_path / "no" / "such" / "report.html"
    assert main(["grade", str(book), str(actuals), "--budget", str(budget), "-o", str(out), "--allow-missing"]) == 1
    assert "error unwritable" in capsys.readouterr().err


def test_explain_rejects_a_weight_that_is_not_a_number(files, capsys):
    book, _, _ = files
    with pytest.raises(SystemExit) as info:
        main(["explain", str(book), "项目P/成本金额", "25万元", "--weight", "abc"])
    assert info.value.code == 2


def test_report_display_rounds_by_the_books_rule(report):
    assert report.display(D("86.4750")) == "86.48"  # half up, two decimals by default
    assert report.display(None) == "—"
    truncating = loads(BOOK.replace("scoring:\n", "scoring:\n  rounding: {places: 1, mode: truncate}\n"))
    assert truncating.grade(ACTUALS, budget=BUDGET).display(D("86.49")) == "86.4"


def test_a_typo_in_an_actuals_record_is_an_error_not_a_missing_row(tmp_path):
    from perfeval import TableError

    report = loads(BOOK).grade({"A1/到位率": {"actuall": "92%"}})
    typos = [p for p in report.problems if p.code == "unknown-key"]
    assert len(typos) == 1 and "did you mean 'actual'" in typos[0].message and typos[0].severity == "error"
    assert not report.complete and report.rows[0].status == "missing"
    typo = tmp_path / "typo.yaml"
    typo.write_text("A1/到位率: {actuall: 92%}\n", encoding="utf-8")
    with pytest.raises(TableError) as info:
        read_actuals(typo)
    assert info.value.problems[0].code == "unknown-key"


def test_lint_into_a_closed_pipe_ends_quietly(files):
    import subprocess
    import sys

    book, _, _ = files
    shell = f"{sys.executable} -m perfeval lint --format json {book} | head -c 1"
    result = subprocess.run(shell, shell=True, capture_output=True, text=True)
    assert "Traceback" not in result.stderr


def test_a_budget_in_a_book_reads_as_a_budget_file_does():
    """Rules §5: a bare amount is 万元, in a book's `budget` as in a budget file."""
    text = BOOK.replace("  - name: 项目P\n", "  - name: 项目P\n    budget: \"200\"\n", 1)
    assert "budget: \"200\"" in text
    assert [d.code for d in loads(text).diagnostics if d.subject is None and d.code == "bad-value"] == []


def test_budget_records_with_an_unknown_key_are_a_problem():
    report = loads(BOOK).grade(ACTUALS, budget=[{"project": "项目P", "budget": "200", "executed": "180",
                                                 "nte": "追加"}])
    (problem,) = [p for p in report.problems if p.code == "bad-budget"]
    assert "did you mean 'note'" in problem.message


def test_actuals_given_as_text_are_one_problem_not_one_per_character():
    from perfeval.grading import grade

    report = grade(loads(BOOK), "actuals.csv")
    assert [p.code for p in report.problems if p.severity == "error"] == ["bad-record"]


def test_the_report_methods_render_their_own_format():
    """Each to_* method gives its own registered format (a mutation that swaps
    two of them fails here)."""
    report = loads(BOOK).grade(ACTUALS, budget=BUDGET)
    methods = {"table": report.to_text, "markdown": report.to_markdown, "html": report.to_html,
               "json": report.to_json, "csv": report.to_csv, "selfeval": report.to_selfeval}
    rendered = {name: method() for name, method in methods.items()}
    assert rendered == {name: report.render(name) for name in methods}
    assert len(set(rendered.values())) == len(rendered)
    assert report._repr_html_() == report.render("html-fragment")
