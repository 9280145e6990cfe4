"""The shipped examples: the seed department's 2023 actuals and budget grade
completely and show every kind of result, and examples/year_end.py and
examples/analysis.ipynb run from a clean start.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

import perfeval

ROOT = Path(__file__).resolve().parents[1]
BOOK_FILE = ROOT / "indicators" / "caofeidian-hrss-2023.yaml"
ACTUALS = ROOT / "examples" / "actuals-2023.csv"
BUDGET = ROOT / "examples" / "budget-2023.csv"
GRADES = ("优", "良", "中", "差")
TIERED_RATIO = re.compile(r"^(达成|部分达成|未达成)\s*(\d+(?:\.\d+)?)%$")  # 部分达成 75%


@functools.cache
def book() -> perfeval.Book:
    return perfeval.load(BOOK_FILE)


@functools.cache
def report():
    return book().grade(ACTUALS, budget=BUDGET)


def flagged(flag: str) -> list:
    return [row for row in report().rows if flag in row.flags]


# --- the actuals and budget files ------------------------------------------------------

def test_the_example_grades_completely():
    r = report()
    assert (r.missing, r.errors) == (0, 0), [(row.id, row.status, row.explanation) for row in r.rows
                                             if row.status in ("missing", "error")]
    # Nothing in error; the problems are the book's definition warnings and the rows' warning flags.
    assert r.unknown == () and [p for p in r.problems if p.severity == "error"] == []
    assert [p for p in r.problems if p.subject not in {row.id for row in r.rows} and p.code != "budget-derived"] == \
        [d for d in book().diagnostics if d.severity == "warning"]
    # The budget file has no 部门整体 record: the department line is the projects' sums, and the report says so.
    assert [p.severity for p in r.problems if p.code == "budget-derived"] == ["info"]
    assert r.total is not None and r.grade in GRADES


def test_the_actuals_file_follows_the_template():
    """One row per indicator, in the template's order, with its context columns."""
    with ACTUALS.open(encoding="utf-8-sig", newline="") as f:
        records = list(csv.DictReader(f))
    assert list(records[0]) == ["id", "section", "owner", "group", "subgroup", "name", "target", "actual", "note"]
    assert [r["id"] for r in records] == [i.id for i in book().indicators]
    assert all(r["actual"].strip() for r in records)


def test_every_indicator_has_exactly_one_row():
    counts = Counter(row.id for row in report().rows)
    assert set(counts) == {i.id for i in book().indicators}
    assert set(counts.values()) == {1}


def test_the_activities_show_every_grade():
    grades = Counter(row.grade for row in report().rows if row.section == "activity")
    assert all(grades[g] >= 2 for g in GRADES), grades


def test_exactly_one_row_is_not_applicable_and_says_why():
    rows = [row for row in report().rows if row.status == "not-applicable"]
    assert len(rows) == 1
    assert rows[0].actual == "/" and rows[0].note


def test_exactly_one_row_is_late_and_says_why():
    rows = flagged("late")
    assert len(rows) == 1
    assert rows[0].achieved is False and rows[0].note


def test_over_achievement_is_explained():
    assert flagged("over-achievement")
    assert all(row.note for row in flagged("over-achievement"))
    assert not flagged("note-required")


def test_a_qualitative_row_states_its_ratio():
    """At least one 定性 indicator is given as a tier with a ratio (部分达成 75%),
    and the score takes that ratio."""
    stated = []
    for row in report().rows:
        evaluator = book().indicator(row.id).evaluator
        match = TIERED_RATIO.match(row.actual or "")
        if getattr(evaluator, "kind", None) == "words" and match:
            assert row.ratio == Decimal(match.group(2)) / 100, row.explanation
            assert row.note, row.id
            stated.append(row.id)
    assert stated


def test_shortfalls_carry_a_deviation_note():
    """A row that is not achieved, or whose ladder grade is below 优, says why (偏差原因分析).
    Targets are labelled 达成/部分达成/未达成 (rules §4); ladders keep their grades."""
    unexplained = [row.id for row in report().rows
                   if row.status == "graded" and (row.achieved is False or row.grade not in ("优", "达成"))
                   and not row.note]
    assert unexplained == []


def test_every_project_has_its_budget_execution():
    r = report()
    assert {p.name for p in r.projects} == {p.name for p in book().projects}
    for project in r.projects:
        assert not project.missing_budget and project.budget is not None, project.name
        assert not project.budget.over, project.name
        assert Decimal("0.8") <= project.budget.rate <= 1, (project.name, project.budget.rate)
    assert sum(p.budget.rate < Decimal("0.85") for p in r.projects) <= 1


# --- examples/year_end.py ------------------------------------------------------------------

def test_the_year_end_script_runs(tmp_path):
    done = subprocess.run([sys.executable, "examples/year_end.py", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    r = report()
    assert "部门整体" in done.stdout and r.grade in done.stdout
    assert all(p.name in done.stdout for p in r.projects)
    assert flagged("late")[0].id in done.stdout
    selfeval = tmp_path / "selfeval-2023.txt"
    html = tmp_path / "report-2023.html"
    assert selfeval.is_file() and "项目支出绩效自评表" in selfeval.read_text(encoding="utf-8")
    assert html.is_file() and "<html" in html.read_text(encoding="utf-8").lower()
    assert str(selfeval) in done.stdout and str(html) in done.stdout


# --- examples/analysis.ipynb ---------------------------------------------------------------

def _notebook_tools():
    """nbformat and nbclient, from the test extra; CI must have them."""
    try:
        import ipykernel  # noqa: F401  (the python3 kernel the notebook runs in)
        import nbclient
        import nbformat
    except ImportError as error:
        if os.environ.get("CI"):
            pytest.fail(f"the notebook test needs the test extra: {error}", pytrace=False)
        pytest.skip(f"the notebook test needs nbclient, nbformat and ipykernel: {error}")
    return nbformat, nbclient


@pytest.mark.parametrize("cwd", [ROOT, ROOT / "examples"], ids=["from-root", "from-examples"])
def test_the_notebook_runs(cwd):
    nbformat, nbclient = _notebook_tools()
    nb = nbformat.read(ROOT / "examples" / "analysis.ipynb", as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code), "outputs must be cleared"
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}}).execute()
    outputs = [output for cell in code for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # The last report displayed renders through Report._repr_html_.
    shown = [cell for cell in code if cell.source.strip().splitlines()[-1:] == ["report"]]
    assert shown, "a cell ends with the expression `report`"
    results = [o for o in shown[-1].outputs if o.output_type in ("execute_result", "display_data")]
    assert results and "text/html" in results[-1].data
    assert "曹妃甸区人力资源和社会保障局" in results[-1].data["text/html"]
