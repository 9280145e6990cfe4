"""The report's formats (perfeval.render): text, Markdown, JSON, CSV, HTML
and the 项目支出绩效自评表, on a small inline book and on the seed book."""

from __future__ import annotations

import csv
import decimal
import html
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
import wcwidth
from hypothesis import given
from hypothesis import strategies as st

import perfeval
from perfeval import render
from perfeval.cli import main
from perfeval.grading.report import Row
from perfeval.notation.conditions import format_decimal
from perfeval.rounding import display

SEED = Path(__file__).resolve().parents[1] / "indicators" / "caofeidian-hrss-2023.yaml"

SMALL = """
perfeval: 1
department: {{code: "901", name: 测试局}}
year: 2023
{scoring}
goals:
  - name: 就业目标
    indicators:
      - {{name: 城镇新增就业, target: "8000人以上"}}
      - {{name: 城镇登记失业率, target: "控制在2.0%以内"}}
activities:
  - code: "0101"
    name: 补贴发放 & 服务<一>
    indicators:
      - name: 社会保险补贴到位率
        ladder: {{优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
      - name: 培训次数
        ladder: {{优: ">2", 良: "<2", 中: "", 差: ""}}
      - name: 公益性岗位补贴到位率
        ladder: {{优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
  - code: "0102"
    name: 招聘服务
    indicators:
      - name: 招聘完成率
        ladder: {{优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
      - name: 招聘单位到场率
        ladder: {{优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
projects:
  - name: 招聘经费
    budget: 100万元
    indicators:
      - {{group: 产出指标, subgroup: 数量指标, name: 招聘活动组织次数, target: "≥30次"}}
      - {{group: 产出指标, subgroup: 时效指标, name: 按期完成, target: "12月底前完成"}}
      - {{group: 效益指标, subgroup: 社会效益指标, name: 促进就业|稳岗, target: "≥90%"}}
      - {{group: 效益指标, subgroup: 社会效益指标, name: 带动就业人数, target: "≥100人"}}
      - {{group: 满意度指标, subgroup: 服务对象满意度指标, name: 服务对象满意度, target: "≥95%"}}
"""

SMALL_ACTUALS = {
    "就业目标/城镇新增就业": "12000人",  # 150%: over-achievement, note required, none given
    "就业目标/城镇登记失业率": "1.8%",
    "0101/社会保险补贴到位率": "/",  # not applicable
    "0101/培训次数": "3",
    "0101/公益性岗位补贴到位率": "85%",  # 中
    "0102/招聘完成率": "很多",  # error
    # 0102/招聘单位到场率: missing
    "招聘经费/招聘活动组织次数": "29次",  # 29/30 = 96.666…%
    "招聘经费/按期完成": "2023-12-20",
    "招聘经费/促进就业|稳岗": {"actual": "120%", "note": "超额<完成>|原因&说明"},
    "招聘经费/带动就业人数": "150人",  # over-achievement, no note
    "招聘经费/服务对象满意度": "98%",
    "0103/没有这个指标": "90%",  # unknown id
}
SMALL_BUDGET = {"招聘经费": ("100万元", "90万元")}


def small_book(scoring: str = "") -> perfeval.Book:
    return perfeval.loads(SMALL.format(scoring=scoring))


@pytest.fixture(scope="module")
def small() -> perfeval.Report:
    return small_book().grade(SMALL_ACTUALS, budget=SMALL_BUDGET)


@pytest.fixture(scope="module")
def truncated() -> perfeval.Report:
    book = small_book("scoring:\n  rounding: {places: 1, mode: truncate}")
    return book.grade(SMALL_ACTUALS, budget=SMALL_BUDGET)


# --- the seed book with a full set of generated actuals ---------------------------

NOT_APPLICABLE_ID = "就业工作目标/城镇新增就业"
MISSING_ID = "0102/劳动力资源调查完成率"
ERROR_ID = "招聘经费/招聘活动组织次数"
UNKNOWN_ID = "0101/不存在的指标"


def _best(indicator) -> str:
    """An actual that meets the definition: the ladder's best band, or the
    target's own bound."""
    evaluator = indicator.evaluator
    if indicator.kind == "ladder":
        return evaluator.bands[0].text
    if evaluator.kind == "words":
        return "达成"
    if evaluator.kind in ("deadline", "delay"):
        return "2023-12-20"
    return re.sub(r"^[≥≤<>=]+", "", evaluator.normalized)


@pytest.fixture(scope="module")
def seed_book() -> perfeval.Book:
    return perfeval.load(SEED)


@pytest.fixture(scope="module")
def seed(seed_book) -> perfeval.Report:
    actuals = {i.id: _best(i) for i in seed_book.indicators}
    actuals[NOT_APPLICABLE_ID] = "/"
    del actuals[MISSING_ID]
    actuals[ERROR_ID] = "很多次"
    actuals["0101/社会保险补贴到位率"] = "92%"  # a 良 row
    actuals["0101/公益性岗位补贴到位率"] = "70%"  # a 差 row
    actuals[UNKNOWN_ID] = "90%"
    projects = [p.name for p in seed_book.projects]
    budget = {name: ("300万元", "280万元") for name in projects[1:]}  # the first has no figures
    return seed_book.grade(actuals, budget=budget)


def test_seed_report_has_every_kind_of_row(seed, seed_book):
    statuses = {r.id: r.status for r in seed.rows}
    assert len(seed.rows) == len(seed_book.indicators)
    assert statuses[NOT_APPLICABLE_ID] == "not-applicable"
    assert statuses[MISSING_ID] == "missing"
    assert statuses[ERROR_ID] == "error"
    assert seed.unknown and seed.unknown[0][0] == UNKNOWN_ID
    assert seed.projects[0].missing_budget


# --- JSON --------------------------------------------------------------------------

def _no_floats(value) -> None:
    assert not isinstance(value, float), value
    if isinstance(value, dict):
        for item in value.values():
            _no_floats(item)
    elif isinstance(value, list):
        for item in value:
            _no_floats(item)


def _same(text: str | None, value: Decimal | None) -> bool:
    return (text is None and value is None) or (text is not None and Decimal(text) == value)


def test_json_parses_back_to_the_exact_values(seed):
    data = json.loads(render.json_text(seed))
    _no_floats(data)
    assert data["department"] == {"code": seed.department_code, "name": seed.department_name}
    assert data["year"] == seed.year and data["grade"] == seed.grade
    assert Decimal(data["total"]) == seed.total
    assert data["total"] == format_decimal(seed.total)  # exact, not rounded
    assert data["counts"] == {"rows": len(seed.rows), "missing": seed.missing, "errors": seed.errors,
                              "needs_judgement": 0, "not_applicable": 1}
    assert len(data["rows"]) == len(seed.rows)
    for record, row in zip(data["rows"], seed.rows, strict=True):
        assert record["id"] == row.id and record["status"] == row.status
        assert _same(record["points"], row.points) and _same(record["weight"], row.weight)
        assert _same(record["ratio"], row.ratio)


def test_json_totals_subtotals_and_budget(seed):
    data = json.loads(render.json_text(seed))
    for item, activity in zip(data["activities"], seed.activities, strict=True):
        assert item["code"] == activity.code and _same(item["total"], activity.total)
        assert item["indicators"] == [r.id for r in activity.rows]
    for item, goal in zip(data["goals"], seed.goals, strict=True):
        assert item["name"] == goal.name and _same(item["total"], goal.total)
    for item, project in zip(data["projects"], seed.projects, strict=True):
        assert item["name"] == project.name and Decimal(item["total"]) == project.total
        assert item["grade"] == project.grade and item["missing_budget"] == project.missing_budget
        for sub, subtotal in zip(item["subtotals"], project.subtotals, strict=True):
            assert sub["group"] == subtotal.group
            assert Decimal(sub["weight"]) == subtotal.weight and Decimal(sub["points"]) == subtotal.points
        if project.budget is None:
            assert item["budget"] is None
        else:
            b = item["budget"]
            assert Decimal(b["budget"]) == project.budget.budget and Decimal(b["executed"]) == project.budget.executed
            assert Decimal(b["rate"]) == project.budget.rate and Decimal(b["points"]) == project.budget.points
            assert b["over"] is project.budget.over
    assert data["unknown"] == [{"id": UNKNOWN_ID, "actual": "90%"}]
    assert [p["code"] for p in data["problems"]] == [p.code for p in seed.problems]
    assert set(data["problems"][0]) == {"code", "severity", "message", "subject", "location"}


# --- CSV ---------------------------------------------------------------------------

def test_csv_has_one_line_per_indicator(seed, seed_book):
    text = render.csv_text(seed)
    assert "\r" not in text
    records = list(csv.DictReader(io.StringIO(text)))
    assert len(records) == len(seed_book.indicators) == len(seed.rows)
    # Every field of a row but those kept in memory only (the flags' messages, a suggested tier).
    assert list(records[0]) == [f.name for f in attrs.fields(Row) if f.name not in ("findings", "suggested")]
    assert [r["id"] for r in records] == [r.id for r in seed.rows]
    statuses = {r["id"]: r["status"] for r in records}
    assert statuses[NOT_APPLICABLE_ID] == "not-applicable"
    assert statuses[MISSING_ID] == "missing" and statuses[ERROR_ID] == "error"
    assert UNKNOWN_ID not in statuses  # totals and unknown ids are not rows
    for record, row in zip(records, seed.rows, strict=True):
        assert record["points"] == ("" if row.points is None else format_decimal(row.points))
        assert record["flags"] == ";".join(row.flags)


def test_csv_quotes_and_keeps_notes(small):
    records = list(csv.DictReader(io.StringIO(render.csv_text(small))))
    by_id = {r["id"]: r for r in records}
    assert by_id["招聘经费/促进就业|稳岗"]["note"] == "超额<完成>|原因&说明"
    assert by_id["就业目标/城镇新增就业"]["flags"] == "over-achievement;note-required"
    assert by_id["招聘经费/招聘活动组织次数"]["achieved"] == "false"


# --- HTML --------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source", "track", "embed"}
SVG_SELF_CLOSING = {"line", "rect", "path", "circle"}


class _Strict(HTMLParser):
    """Fails on an unbalanced tag; collects tags and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.decl: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.decl.append(decl)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parse(markup: str) -> _Strict:
    parser = _Strict()
    parser.feed(markup)
    parser.close()
    assert parser.stack == [], parser.stack
    return parser


def test_html_page_is_standalone_and_balanced(seed):
    page = render.html(seed)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    parsed = _parse(page)
    assert parsed.decl == ["DOCTYPE html"]
    names = [t for t, _ in parsed.tags]
    assert names[:3] == ["html", "head", "meta"] and "body" in names and "style" in names
    assert "script" not in names and "link" not in names and "img" not in names
    assert not any("src" in a or "href" in a for _, a in parsed.tags)  # no external resources


def test_html_shows_every_indicator_and_the_totals(seed):
    page = render.html(seed)
    for row in seed.rows:
        assert html.escape(row.name) in page
    for project in seed.projects:
        assert html.escape(project.name) in page
    text = "".join(_parse(page).text)
    assert display(seed.total) in text and seed.grade in text
    assert f"缺失 {seed.missing}" in text and f"错误 {seed.errors}" in text
    assert UNKNOWN_ID in text  # the problems are shown


def test_html_colours_grades_and_marks_rows(seed):
    parsed = _parse(render.html(seed))
    row_classes = [a.get("class") for t, a in parsed.tags if t == "tr"]
    assert row_classes.count("s-missing") == sum(r.status == "missing" for r in seed.rows)
    assert row_classes.count("s-error") == sum(r.status == "error" for r in seed.rows)
    assert row_classes.count("s-na") == 1
    cells = [a.get("class") or "" for t, a in parsed.tags if t == "td"]
    for grade_class in ("g-excellent", "g-good", "g-poor"):
        assert any(grade_class in c for c in cells), grade_class
    assert ".g-excellent" in render.html_report.CSS and "#2e7d32" in render.html_report.CSS  # 优 green


def test_html_chart_has_one_bar_per_activity_and_project(seed):
    page = render.html(seed)
    assert page.count("<svg") == 1
    svg = page[page.index("<svg"): page.index("</svg>") + len("</svg>")]
    parsed = _parse(svg)
    bars = [a for t, a in parsed.tags if t == "rect" and a.get("class") == "bar"]
    assert len(bars) == len(seed.activities) + len(seed.projects)
    widths = [Decimal(b["width"]) for b in bars]
    totals = [a.total for a in seed.activities] + [p.total for p in seed.projects]
    for width, total in zip(widths, totals, strict=True):
        assert 0 <= width <= 400
        assert abs(width - (total or 0) * 4) <= Decimal("0.05")  # 400 px for 100 points
    labels = "".join(parsed.text)
    assert all(str(tick) in labels for tick in (0, 20, 40, 60, 80, 100))  # the 0–100 axis


def test_html_escapes_text(small):
    page = render.html(small)
    _parse(page)
    assert "补贴发放 &amp; 服务&lt;一&gt;" in page
    assert "<一>" not in page and "<完成>" not in page


def test_html_fragment_for_jupyter(small):
    fragment = small._repr_html_()
    assert fragment == render.html_fragment(small)
    assert fragment.startswith('<div class="perfeval-report">')
    assert "<html" not in fragment and "<body" not in fragment and "<!DOCTYPE" not in fragment
    assert "<style>" in fragment and "<svg" in fragment
    parsed = _parse(fragment)
    assert parsed.tags[0] == ("div", {"class": "perfeval-report"})
    # the styles are scoped to the fragment's div
    css = render.html_report.CSS
    selectors = [line.split("{")[0] for line in css.splitlines() if "{" in line]
    assert all(s.strip().startswith(".perfeval-report") for s in selectors)


# --- Markdown ----------------------------------------------------------------------

_PIPE = re.compile(r"(?<!\\)\|")
_SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+$")


def _tables(markdown: str) -> list[list[str]]:
    tables, current = [], []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _cells(line: str) -> int:
    return len(_PIPE.findall(line)) - 1


@pytest.mark.parametrize("which", ["seed", "small"])
def test_markdown_tables_are_valid(which, request):
    report = request.getfixturevalue(which)
    markdown = render.markdown(report)
    tables = _tables(markdown)
    assert len(tables) == 4  # rows, activities, projects, goals
    for table in tables:
        header, separator, *_body = table
        assert _SEPARATOR.match(separator), separator
        width = _cells(header)
        for line in table:
            assert line.startswith("|") and line.endswith("|") and not line.endswith("\\|"), line
            assert _cells(line) == width, line
    assert len(tables[-1]) == 2 + len(report.rows)  # the indicators come last
    assert markdown.startswith("# ") and "## 指标明细" in markdown and "## 问题" in markdown


def test_markdown_escapes_pipes(small):
    markdown = render.markdown(small)
    assert "促进就业\\|稳岗" in markdown
    assert "服务\\<一>" in markdown


# --- text --------------------------------------------------------------------------

_NUMBERED = re.compile(r"^ *\d+  ")  # a row of the default view: its number, right-aligned
_CELLS = re.compile(r"\s{2,}")  # between two columns (tabulate's simple format)


def _row_lines(text: str, wide: bool = False) -> list[str]:
    """The lines of the indicator table, one per row, below its header and
    rule: in the default view those that start with the row's number (the
    others are the owners' headings, flags and blank lines)."""
    lines = text.splitlines()
    below = lines[lines.index("指标明细") + 3:]  # the indicators come last
    return below if wide else [line for line in below if _NUMBERED.match(line)]


def _shows(shown: str, full: str) -> bool:
    """A cell shows its text in full, or shortened: its head and …"""
    return shown == full or (shown.endswith("…") and full.startswith(shown[:-1]) and len(shown) > 1)


def test_text_has_one_line_per_row_numbered_under_its_owner(seed):
    """The default view: one line per row, numbered in the report's order
    (as JSON and CSV hold the rows), its name in full or shortened, under a
    heading that is the owner as the other formats show it."""
    text = render.text(seed)
    lines = _row_lines(text)
    assert len(lines) == len(seed.rows)
    all_lines = text.splitlines()
    headings = {render.common.owner(row) for row in seed.rows}
    for n, (line, row) in enumerate(zip(lines, seed.rows, strict=True), 1):
        number, name, *_ = _CELLS.split(line.strip())
        assert number == str(n) and _shows(name, row.name), line
        above = all_lines[:all_lines.index(line)]
        assert next(h for h in reversed(above) if h in headings) == render.common.owner(row)


def test_text_wide_has_one_line_per_row_in_full(seed):
    """table-wide: the rows as before this change, each with its owner, name
    and definition in full."""
    lines = _row_lines(render.text_wide(seed), wide=True)
    assert len(lines) == len(seed.rows)
    for line, row in zip(lines, seed.rows, strict=True):
        assert row.name in line and render.common.owner(row) in line and row.definition in line


@pytest.mark.parametrize("wide", [False, True])
def test_text_has_every_row_totals_and_counts(seed, wide):
    text = render.text(seed, wide=wide)
    assert f"部门总分 {display(seed.total)}  等级 {seed.grade}" in text
    assert f"缺失 {seed.missing}" in text and f"错误 {seed.errors}" in text and "不适用 1" in text
    for title in ("指标明细", "活动合计", "项目合计", "目标合计"):
        assert title in text
    assert UNKNOWN_ID in text and "unknown-id" in text
    lines = dict(zip((r.id for r in seed.rows), _row_lines(text, wide), strict=True))
    assert lines[MISSING_ID].rstrip().endswith("缺失") and lines[ERROR_ID].rstrip().endswith("错误")
    assert lines[NOT_APPLICABLE_ID].rstrip().endswith("不适用")


def test_text_wide_shows_every_name_in_full(seed):
    text = render.text_wide(seed)
    for row in seed.rows:
        assert row.name in text and row.definition in text
    for owner in (*seed.activities, *seed.projects, *seed.goals):
        assert owner.name in text


def test_text_shows_status_of_ungraded_rows(small):
    text = render.text(small)
    row_lines = _row_lines(text)
    by_name = {row.name: line for row, line in zip(small.rows, row_lines, strict=True)}
    assert by_name["社会保险补贴到位率"].rstrip().endswith("不适用")
    assert by_name["招聘完成率"].rstrip().endswith("错误")
    assert by_name["招聘单位到场率"].rstrip().endswith("缺失")
    # A row's flags are on the line below it, under its name.
    lines = text.splitlines()
    flags = lines[lines.index(by_name["城镇新增就业"]) + 1]
    assert flags.strip() == "标记：over-achievement, note-required"
    assert flags.index("标记") == by_name["城镇新增就业"].index("城镇新增就业")
    wide = {row.name: line for row, line in zip(small.rows, _row_lines(render.text_wide(small), True), strict=True)}
    assert "note-required" in wide["城镇新增就业"]


def _project_lines(text: str) -> list[str]:
    """The rows of the project totals: below the table's title, header and rule."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("项目合计")) + 3
    return lines[start: lines.index("", start)]


@pytest.mark.parametrize("wide", [False, True])
def test_text_project_totals_show_the_budget_line(seed, wide):
    lines = _project_lines(render.text(seed, wide=wide))
    assert len(lines) == len(seed.projects)
    for line, project in zip(lines, seed.projects, strict=True):
        assert _shows(_CELLS.split(line)[0], project.name), line
    assert "缺失" in lines[0]  # no budget figures given
    assert "93.33%" in lines[1]  # 280 / 300
    assert ("9.33 / 10.00" if wide else "9.33/10.00") in lines[1]


def test_a_book_without_activities_still_has_its_department_table():
    """Rules §5: the department's total is its goal indicators and a budget
    line, not a mean of activities; with nothing given, it is 0, 8 missing."""
    book = perfeval.loads(SMALL.format(scoring="").split("activities:")[0] + "projects:" +
                         SMALL.format(scoring="").split("projects:")[1])
    report = book.grade({})
    assert (report.department.basis, report.total, report.grade) == ("table", 0, "差")
    assert report.department.missing_budget and report.missing > 0
    text = render.text(report)
    assert "部门总分 0.00  等级 差  依据 部门整体支出绩效自评表：目标 90 + 预算执行率（缺失）" in text
    assert json.loads(render.json_text(report))["department_total"]["basis"] == "table"


def test_display_ignores_the_callers_decimal_context(small):
    expected = render.text(small)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert render.text(small) == expected
        render.html(small), render.selfeval(small), render.markdown(small)


# --- the terminal report: 120 columns, --wide, the order ------------------------

LONG_NAME = "多渠道、多形式引进高层次人才满足各类单位人才需求覆盖率及相关配套服务保障工作落实情况"
LONG = f"""
perfeval: 1
department: {{code: "902", name: 长名局}}
year: 2023
goals:
  - name: 全面贯彻落实上级各项稳就业政策确保全区就业形势总体稳定并持续向好的部门整体绩效目标
    indicators:
      - {{name: {LONG_NAME}, target: "确保零就业家庭动态清零并持续巩固提升全区公共就业服务体系建设水平"}}
activities:
  - code: "0101"
    name: 就业创业扶持政策的制定及管理以及各类人才引进培养使用评价激励等配套政策的落实和监督检查
    indicators:
      - name: {LONG_NAME}二
        ladder: {{优: "400人以上", 良: "360-400人", 中: "320-360人", 差: "320人以下"}}
projects:
  - name: 劳动就业社会保障服务协理员补贴及培训经费和基层公共就业服务平台建设运行维护专项资金
    budget: 100万元
    indicators:
      - {{group: 产出指标, subgroup: 数量指标, name: {LONG_NAME}三, target: "≥30次"}}
"""
LONG_ACTUALS = {
    f"全面贯彻落实上级各项稳就业政策确保全区就业形势总体稳定并持续向好的部门整体绩效目标/{LONG_NAME}": "已完成确保零就业家庭动态清零并持续巩固",
    f"0101/{LONG_NAME}二": "390人",
    f"劳动就业社会保障服务协理员补贴及培训经费和基层公共就业服务平台建设运行维护专项资金/{LONG_NAME}三": "60次",
    "0101/另一个名字也很长的不存在的指标用来检查未识别的实际值这一行会不会超过一百二十列的宽度限制": "很多很多很多很多很多很多",
}


@pytest.fixture(scope="module")
def long() -> perfeval.Report:
    return perfeval.loads(LONG).grade(LONG_ACTUALS, budget={})


def _widest(text: str) -> int:
    return max(wcwidth.wcswidth(line) for line in text.splitlines())


def _seed_command(capsys, monkeypatch, *flags: str) -> str:
    monkeypatch.chdir(SEED.parents[1])
    main(["grade", "indicators/caofeidian-hrss-2023.yaml", "examples/actuals-2023.csv",
          "--budget", "examples/budget-2023.csv", *flags])
    return capsys.readouterr().out


def test_the_seed_table_fits_120_columns(capsys, monkeypatch):
    """The default `perfeval grade` report: every line is at most 120 display
    columns (a CJK character is two); --wide is what it was, up to 237."""
    text = _seed_command(capsys, monkeypatch)
    assert all(wcwidth.wcswidth(line) <= render.text_report.WIDTH == 120 for line in text.splitlines())
    assert _widest(_seed_command(capsys, monkeypatch, "--wide")) > 200


@pytest.mark.parametrize("which", ["seed", "small", "long"])
def test_every_line_of_the_default_table_fits(which, request):
    """Missing, error and not-applicable rows, unknown actuals, flags, and
    names, ladders, targets, actuals and owners far wider than a column."""
    report = request.getfixturevalue(which)
    assert _widest(render.text(report)) <= 120
    assert len(_row_lines(render.text(report))) == len(report.rows)  # nothing dropped: one line per row


def test_long_cells_are_shortened_and_wide_keeps_them(long):
    text, wide = render.text(long), render.text_wide(long)
    assert _widest(wide) > 120
    for row, line in zip(long.rows, _row_lines(text), strict=True):
        _, name, definition, actual, *_ = _CELLS.split(line.strip())
        assert _shows(name, row.name) and name.endswith("…")
        assert _shows(definition, row.definition.replace(" / ", "/"))  # a ladder compactly
        assert _shows(actual, row.actual)
    assert "400人以上/360-400人" in text  # the ladder's bands without spaces
    for row in long.rows:
        assert row.name in wide and row.definition in wide and row.actual in wide
    for owner in (*long.activities, *long.projects, *long.goals):
        assert owner.name in text and owner.name in wide  # a heading above its rows: in full, wrapped if need be
    for line in render.common.problem_lines(long):
        assert "  " + line in wide.splitlines()  # wide wraps nothing
        assert "".join(line.split()) in "".join(text.split())  # wrapped, every character kept


@pytest.mark.parametrize("wide", [False, True])
def test_text_order_totals_then_problems_then_the_detail(seed, wide):
    """The title; the department total, the counts, the activity, project and
    goal totals; the problems; then the indicators."""
    text = render.text(seed, wide=wide)
    lines = text.splitlines()
    assert lines[0] == render.common.title(seed)
    assert lines[2] == render.common.total_line(seed) and lines[3] == render.common.means_line(seed)
    assert lines[4] == render.common.counts_line(seed)
    starts = [next(i for i, line in enumerate(lines) if line.startswith(heading))
              for heading in ("活动合计", "项目合计", "目标合计", "问题：", "指标明细")]
    assert starts[0] > 3 and starts == sorted(starts)
    problems = lines[starts[3] + 1: starts[4]]
    assert any(UNKNOWN_ID in line for line in problems)
    assert len(_row_lines(text, wide)) == len(seed.rows)  # the detail runs to the end


def test_markdown_follows_the_text_order(seed):
    headings = [line for line in render.markdown(seed).splitlines() if line.startswith("#")]
    assert headings == [f"# {render.common.title(seed)}", "## 活动合计", "## 项目合计", "## 目标合计", "## 问题",
                        "## 指标明细"]
    lines = render.markdown(seed).splitlines()
    assert lines[2] == f"**{' '.join(render.common.total_line(seed).split())}**"


def test_the_wide_format_is_registered_unlisted(small):
    """table-wide is the table format with nothing shortened: a registered
    format (Report.render("table-wide")) that the command line reaches by
    its flag --wide, not by name."""
    wide = render.FORMATS["table-wide"]
    assert not wide.listed and not wide.data
    assert small.render("table-wide") == render.text(small, wide=True) == render.text_wide(small)
    assert small.render("table") == render.text(small)
    for name in render.FORMATS:
        if name.endswith("-wide"):
            assert render.FORMATS[name.removesuffix("-wide")].listed


def test_the_wide_flag_on_the_command_line(capsys, monkeypatch):
    text = _seed_command(capsys, monkeypatch, "--wide")
    report = perfeval.grade(perfeval.load("indicators/caofeidian-hrss-2023.yaml"), "examples/actuals-2023.csv",
                            budget="examples/budget-2023.csv")  # the paths as given: the problems show them
    assert text == report.render("table-wide")
    for row in report.rows:  # every full name, owner and definition, on the row's line
        assert any(row.name in line and render.common.owner(row) in line and row.definition in line
                   for line in text.splitlines())
    lines = text.splitlines()
    for problem in render.common.problem_lines(report):
        assert "  " + problem in lines


@pytest.mark.parametrize("name", ["markdown", "json", "csv"])
def test_the_wide_flag_with_a_format_that_shortens_nothing_is_a_bad_command_line(name, capsys):
    code = main(["grade", str(SEED), str(EXAMPLES / "actuals-2023.csv"), "--format", name, "--wide"])
    assert code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "--wide applies to table" in captured.err


_TEXT = st.text(st.sampled_from("ab 甲乙丙丁戊、（）…%≥"), max_size=60)


@given(_TEXT, st.integers(min_value=2, max_value=30))
def test_shorten_keeps_the_head_within_the_width(value, columns):
    shown = render.text_report.shorten(value, columns)
    assert render.text_report.width(shown) <= columns
    assert shown == value if render.text_report.width(value) <= columns else \
        shown.endswith("…") and value.startswith(shown[:-1].rstrip())


@given(_TEXT, st.integers(min_value=10, max_value=40))  # room for a CJK character past the hanging indent
def test_wrap_fits_the_width_and_keeps_every_character(value, columns):
    lines = render.text_report.wrap("  " + value, columns, "    ")
    assert all(render.text_report.width(line) <= columns for line in lines)
    assert "".join("".join(line.split()) for line in lines) == "".join(value.split())
    assert lines == ["  " + value] or all(line.startswith("      ") for line in lines[1:])


# --- rounding: display only --------------------------------------------------------

def test_rounding_truncates_in_text_but_json_is_exact(truncated, small):
    row = next(r for r in truncated.rows if r.name == "招聘活动组织次数")
    exact = format_decimal(row.points)
    assert exact.startswith("24.1666")
    line = next(line for line in _row_lines(render.text(truncated)) if "招聘活动组织次数" in line)
    assert " 24.1 " in f"{line} " and "96.6%" in line  # truncated, one place
    assert "24.2" not in line and "96.7%" not in line
    default = next(line for line in _row_lines(render.text(small)) if "招聘活动组织次数" in line)
    assert "24.17" in default and "96.67%" in default  # two places, half up
    data = json.loads(render.json_text(truncated))
    record = next(r for r in data["rows"] if r["name"] == "招聘活动组织次数")
    assert record["points"] == exact and Decimal(record["points"]) == row.points
    assert data["rounding"] == {"places": 1, "mode": "truncate"}
    assert data["total"] == format_decimal(truncated.total)
    csv_points = next(r for r in csv.DictReader(io.StringIO(render.csv_text(truncated)))
                      if r["name"] == "招聘活动组织次数")["points"]
    assert csv_points == exact


# --- the self-assessment form ------------------------------------------------------

def test_selfeval_has_the_department_form_then_each_project_with_its_funding(seed):
    form = render.selfeval(seed)
    assert form.startswith("部门整体支出绩效自评表\n（2023年度）\n部门：曹妃甸区人力资源和社会保障局\n")
    assert form.count("项目支出绩效自评表") == len(seed.projects)
    for project in seed.projects:
        assert f"项目名称：{project.name}\n主管部门：{seed.department_name}\n实施单位：{seed.department_name}" in form
    # the funding block: 年度资金总额 and its three sources, the department's first
    lines = form.splitlines()
    totals = [line.split() for line in lines if line.startswith("年度资金总额")]
    assert len(totals) == len(seed.projects) + 1
    assert [line.split()[0] for line in lines if line.startswith(("其中：", "上年结转资金", "其他资金"))] == \
        ["其中：当年财政拨款", "上年结转资金", "其他资金"] * (len(seed.projects) + 1)
    assert totals[1][1:7] == ["—", "缺失", "缺失", "10.00", "缺失", "0.00"]  # the first project has no figures
    assert totals[2][1:7] == ["—", "300", "280", "10.00", "93.33%", "9.33"]  # 年初 全年 执行 分值 执行率 得分
    department = seed.department.budget
    assert totals[0][2:7] == [render.common.wan(department.budget), render.common.wan(department.executed), "10.00",
                              display(department.rate * 100) + "%", display(department.points)]
    scores = [line.split() for line in lines if line.startswith("总分")]
    assert [s[-1] for s in scores] == [f"自评等级：{g}" for g in [seed.department.grade, *(p.grade for p in seed.projects)]]
    assert [s[2] for s in scores] == [display(t) for t in [seed.department.total, *(p.total for p in seed.projects)]]
    for header in (*render.selfeval_form.SELFEVAL_HEADERS, *render.selfeval_form.FUNDING_HEADERS, "年度总体目标",
                   "预期目标", "实际完成情况", "预算资金（万元）", "项目资金（万元）"):
        assert header in form


def test_selfeval_groups_with_subtotals(small):
    form = render.selfeval(small)
    project = form[form.index("项目支出绩效自评表"):]
    lines = project.splitlines()
    firsts = [line.split()[0] for line in lines if line.strip()]
    order = [w for w in firsts if w in ("产出指标", "产出指标小计", "效益指标", "效益指标小计", "满意度指标",
                                         "满意度指标小计", "总分")]
    assert order == ["产出指标", "产出指标小计", "效益指标", "效益指标小计", "满意度指标", "满意度指标小计", "总分"]
    result = small.projects[0]
    subtotal = {s.group: s for s in result.subtotals}
    produce = next(line for line in lines if line.startswith("产出指标小计"))
    assert produce.split()[1:] == [display(subtotal["产出"].weight), display(subtotal["产出"].points)]
    total = next(line for line in lines if line.startswith("总分"))
    assert total.split()[1:3] == ["100.00", display(result.total)]


def test_selfeval_notes_and_required_explanations(small):
    form = render.selfeval(small)
    line = next(line for line in form.splitlines() if "带动就业人数" in line)
    assert line.split()[-2:] == ["（偏差原因必填）", "达成"]  # over-achieved, no note
    line = next(line for line in form.splitlines() if "促进就业|稳岗" in line)
    assert line.split()[-2:] == ["超额<完成>|原因&说明", "达成"]  # the note as given
    assert "（偏差原因必填）" not in line


def test_selfeval_marks_missing_and_error_actuals(seed):
    form = render.selfeval(seed)
    line = next(line for line in form.splitlines() if "招聘活动组织次数" in line)
    assert "很多次※" in line and line.split()[-1] == "错误"  # ※: the 说明 under the form says why
    missing = next(r for r in seed.rows if r.id == MISSING_ID)
    assert missing.section == "activity"  # activities are not on the forms
    line = next(line for line in form.splitlines() if "城镇新增就业" in line)  # a goal row, on the department's form
    assert line.split()[-1] == "不适用"


def test_selfeval_labels_each_indicator_by_tier(small):
    """达成情况: each scored row's label (达成/部分达成/未达成), beside the national form's columns."""
    form = render.selfeval(small)
    for row in small.projects[0].rows:
        line = next(line for line in form.splitlines() if f" {row.name} " in line)
        expected = row.grade if row.status == "graded" else render.common.STATUS_LABELS[row.status]
        assert line.split()[-1] == expected


# --- the registry of formats, the API and the command line ----------------------

EXAMPLES = SEED.parents[1] / "examples"


def test_every_registered_format_renders_the_report(small):
    """render/__init__: every format is registered once in FORMATS, and
    Report.render(name) renders with it (render_bytes, a binary one); the
    data formats parse, the human formats show the department, and no two
    formats give the same text."""
    assert {"table", "markdown", "html", "json", "csv", "selfeval", "xlsx"} <= set(render.FORMATS)
    outputs = {}
    for name, fmt in render.FORMATS.items():
        assert fmt.name == name
        if fmt.binary:
            pytest.importorskip("openpyxl")
            data = small.render_bytes(name)
            assert isinstance(data, bytes) and data == fmt.render(small)
            with pytest.raises(perfeval.PerfevalError, match="render_bytes"):
                small.render(name)  # a file, not text
            continue
        out = small.render(name)
        assert out == fmt.render(small)
        assert small.render_bytes(name) == out.encode("utf-8")
        assert isinstance(out, str) and out.strip(), name
        if not fmt.data:
            assert small.department_name in out, name
        outputs[name] = out
    json.loads(outputs["json"])
    assert len(list(csv.DictReader(io.StringIO(outputs["csv"])))) == len(small.rows)
    assert len(set(outputs.values())) == len(outputs), "two formats render the same text"


def test_an_unknown_format_is_a_value_error_naming_the_formats(small):
    """Report.render: a name that is not in FORMATS is a ValueError that
    names the formats there are."""
    with pytest.raises(ValueError) as info:
        small.render("nope")
    assert "'nope'" in str(info.value)
    assert all(name in str(info.value) for name in render.FORMATS)


@pytest.mark.parametrize("name", [n for n, f in render.FORMATS.items() if f.listed])
def test_the_command_line_offers_every_listed_format(name, tmp_path, capsys):
    """cli: `perfeval grade --format NAME` accepts every format listed
    (Format.listed), and writes what Report.render(NAME) gives: in UTF-8,
    with a BOM for a format Excel opens as text (CSV), and a binary format's
    bytes as they are."""
    fmt = render.FORMATS[name]
    if fmt.binary:
        pytest.importorskip("openpyxl")
    out = tmp_path / f"report.{name}"
    actuals, budget = EXAMPLES / "actuals-2023.csv", EXAMPLES / "budget-2023.csv"
    assert main(["grade", str(SEED), str(actuals), "--budget", str(budget), "--format", name, "-o", str(out)]) == 0
    report = perfeval.grade(perfeval.load(SEED), actuals, budget=budget)
    expected = report.render_bytes(name) if fmt.binary else report.render(name).encode("utf-8")
    assert out.read_bytes() == (b"\xef\xbb\xbf" if fmt.bom else b"") + expected


@pytest.mark.parametrize("name", [n for n, f in render.FORMATS.items() if not f.listed] + ["nope"])
def test_the_command_line_refuses_formats_it_does_not_list(name, capsys):
    """cli: a format that is not listed (html-fragment is for Jupyter) or not
    registered is a bad command line, exit status 2."""
    with pytest.raises(SystemExit) as info:
        main(["grade", str(SEED), str(EXAMPLES / "actuals-2023.csv"), "--format", name])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err and name in err
