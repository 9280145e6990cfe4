"""pandas DataFrames in and out (the ``pandas`` extra): a report as a typed
table for analysts, and a DataFrame of actuals graded through the batch path.

pandas is imported only when one of these functions is called, so that the
core never imports it.  Numbers stay exact: ratios, weights and points are
``decimal.Decimal`` values in object columns, never floats.  ``.sum()`` adds
them as Decimals in the caller's decimal context (28 digits unless it is
set), so a sum can round in its last places; the report's totals are exact.
Grades and statuses are ordered categoricals; ``achieved`` is a nullable
boolean.

>>> import perfeval
>>> report = perfeval.grade(perfeval.load("examples/small.yaml"), {"0101/社会保险补贴到位率": "92%"})
>>> frame = report.to_frame()
>>> str(frame["grade"].dtype), frame["points"].dropna().sum()
('category', Decimal('40'))
"""

from __future__ import annotations

from typing import Any

from ..book.model import Book
from ..codes import Code
from ..errors import PerfevalError
from ..grading.report import STATUSES, Report, install_frame_maker
from ..rules import GRADES

__all__ = ["report_frame", "grade_frame", "GRADE_ORDER", "STATUS_ORDER"]

# The grades a row may carry, best first: 优良中差 for ladders and totals,
# 达成/部分达成/未达成 for targets (rules §4).
GRADE_ORDER = (*GRADES, "达成", "部分达成", "未达成")
STATUS_ORDER = (*STATUSES, "unknown-id", "unknown-book")
BUDGET_SECTION = "budget"
_FRAME_COLUMNS = ("id", "section", "owner", "owner_name", "group", "subgroup", "name", "definition", "actual",
                  "read_as", "note", "status", "grade", "achieved", "ratio", "weight", "points", "flags")


def _pandas() -> Any:
    try:
        import pandas
    except ModuleNotFoundError:
        raise PerfevalError(Code.MISSING_EXTRA, "DataFrames need pandas, the pandas extra: "
                            "pip install 'perfeval[pandas]'") from None
    return pandas


def _typed(pd: Any, frame: Any) -> Any:
    """Grades and statuses as ordered categoricals, achieved as a nullable boolean."""
    frame["grade"] = pd.Categorical(frame["grade"], categories=GRADE_ORDER, ordered=True)
    frame["status"] = pd.Categorical(frame["status"], categories=STATUS_ORDER)
    frame["achieved"] = frame["achieved"].astype("boolean")
    return frame


def report_frame(report: Report) -> Any:
    """The report's indicators as a DataFrame, one row each, and each
    project's 预算执行率 line as a row of section ``budget``."""
    pd = _pandas()
    records = [{c: getattr(row, c) for c in _FRAME_COLUMNS} for row in report.rows]
    for project in report.projects:
        line = project.budget
        if line is None:
            continue
        records.append({"id": f"{project.name}/预算执行率", "section": BUDGET_SECTION, "owner": project.name,
                        "owner_name": project.name, "group": "预算执行率", "subgroup": None, "name": "预算执行率",
                        "definition": "全年执行数 / 全年预算数", "actual": None, "read_as": None,
                        "note": project.budget_note, "status": "graded", "grade": None, "achieved": None,
                        "ratio": line.rate, "weight": line.weight, "points": line.points, "flags": ()})
    frame = pd.DataFrame.from_records(records, columns=list(_FRAME_COLUMNS))
    return _typed(pd, frame)


def grade_frame(book: Any, df: Any, id_col: str = "id", actual_col: str = "actual",
                note_col: str | None = None) -> Any:
    """Grade a DataFrame of actuals (one row per result; an indicator may
    appear in many rows) through the batch path in bulk
    (:mod:`perfeval.grading.vectorised`: each distinct actual read once per
    axis, every ladder's values placed at once with numpy, exactly).  Returns a DataFrame on the
    same index: ``status``, ``grade``, ``achieved``, ``ratio``, ``weight``,
    ``points`` (exact Decimals) and ``flags`` (codes joined by ``;``).

    It works unchanged as a ``dask.dataframe`` ``map_partitions`` function,
    which passes the partition first: ``ddf.map_partitions(grade_frame, book,
    meta=…)``.  The book and the DataFrame are told apart by their types,
    so either order grades the same.  Each partition is graded on its own,
    and the book pickles to the workers as data."""
    if isinstance(df, Book) and not isinstance(book, Book):
        book, df = df, book
    if not isinstance(book, Book):
        raise TypeError(f"grade_frame takes a Book and a DataFrame, not {type(book).__name__} and "
                        f"{type(df).__name__}")
    pd = _pandas()
    for column in (id_col, actual_col, *([note_col] if note_col else [])):
        if column not in df.columns:
            raise PerfevalError(Code.MISSING_COLUMN, f"no column {column!r}; the columns are {list(df.columns)}")
    from ..grading.vectorised import grade_columns  # numpy and pandas: the extra's own module

    columns = grade_columns(book, df[id_col], df[actual_col], df[note_col] if note_col else None)
    return pd.DataFrame({
        "status": pd.Categorical.from_codes(columns.codes("status", STATUS_ORDER), categories=STATUS_ORDER),
        "grade": pd.Categorical.from_codes(columns.codes("grade", GRADE_ORDER), categories=GRADE_ORDER, ordered=True),
        "achieved": columns.booleans("achieved"),
        "ratio": columns.column("ratio"), "weight": columns.column("weight"), "points": columns.column("points"),
        "flags": columns.strings("flags"),
    }, index=df.index)


install_frame_maker(report_frame)
