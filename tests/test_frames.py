"""DataFrames (issue 12, the ``pandas`` extra): a report for analysts, and
actuals graded from a DataFrame through the batch path, exactly."""

from __future__ import annotations

import builtins
from decimal import Decimal, localcontext
from pathlib import Path

import pandas as pd
import pytest

import perfeval
from perfeval import grade_many
from perfeval.io.frames import GRADE_ORDER, grade_frame

ROOT = Path(__file__).resolve().parent.parent
BOOK = perfeval.load(ROOT / "indicators" / "caofeidian-hrss-2023.yaml")
REPORT = BOOK.grade(ROOT / "examples" / "actuals-2023.csv", budget=ROOT / "examples" / "budget-2023.csv")


def test_a_reports_frame_has_typed_columns_and_exact_numbers():
    frame = REPORT.to_frame()
    assert list(frame["grade"].cat.categories) == list(GRADE_ORDER) and frame["grade"].cat.ordered
    assert str(frame["achieved"].dtype) == "boolean" and str(frame["status"].dtype) == "category"
    points = frame["points"].dropna()
    assert all(isinstance(p, Decimal) for p in points)
    assert len(frame) == len(REPORT.rows) + sum(p.budget is not None for p in REPORT.projects)


def test_a_projects_rows_and_budget_line_add_up_to_its_total():
    # pandas adds Decimals in the caller's context: wide enough, the 34-digit rows add up to the exact total.
    frame = REPORT.to_frame()
    with localcontext() as context:
        context.prec = 60
        for project in REPORT.projects:
            mine = frame[(frame["owner"] == project.name) & frame["section"].isin(["project", "budget"])]
            assert abs(mine["points"].dropna().sum() - project.total) < Decimal("1e-30"), project.name


def test_grade_frame_gives_the_batch_rows_on_the_same_index():
    actuals = pd.read_csv(ROOT / "examples" / "actuals-2023.csv", dtype=str, keep_default_na=False)
    actuals.index = actuals.index * 10        # any index is kept
    graded = grade_frame(BOOK, actuals)
    assert list(graded.index) == list(actuals.index)
    rows = list(grade_many({"b": BOOK}, (("b", i, a) for i, a in zip(actuals["id"], actuals["actual"],
                                                                       strict=True))))
    assert list(graded["points"]) == [r.points for r in rows]
    assert [None if pd.isna(g) else g for g in graded["grade"]] == [r.grade for r in rows]
    assert list(graded["status"]) == [r.status for r in rows]


def test_an_empty_cell_is_no_actual_and_a_missing_column_is_named():
    df = pd.DataFrame({"id": ["0101/社会保险补贴到位率", "0101/社会保险补贴到位率"], "actual": ["92%", None]})
    assert list(grade_frame(BOOK, df)["status"]) == ["graded", "missing"]
    with pytest.raises(perfeval.PerfevalError) as info:
        grade_frame(BOOK, df, actual_col="实际值")
    assert info.value.code == "missing-column"


def test_without_pandas_the_error_says_how_to_install_it(monkeypatch):
    real = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ModuleNotFoundError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(perfeval.PerfevalError) as info:
        REPORT.to_frame()
    assert info.value.code == "missing-extra" and "perfeval[pandas]" in info.value.message
