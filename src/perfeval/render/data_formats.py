"""The data formats: JSON (the whole report) and CSV (one line per row).
Numbers are exact decimal strings, never floats or rounded values.

>>> import perfeval
>>> report = perfeval.grade(perfeval.load("examples/small.yaml"), {"0101/社会保险补贴到位率": "92%"})
>>> import json
>>> json.loads(json_text(report))["rows"][2]["ratio"], csv_text(report).splitlines()[0].split(",")[:3]
('0.8', ['id', 'section', 'owner'])
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .._safe_text import spreadsheet_cell
from ..grading.report import ROW_COLUMNS, Report


def json_text(report: Report) -> str:
    """The report as JSON: :meth:`Report.as_dict`, decimal strings, never floats."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ROW_COLUMNS


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def csv_text(report: Report) -> str:
    """One line per indicator (``report.rows``), the Row fields as columns;
    numbers as exact decimal strings, flags joined with ``;``.  No totals.
    A text cell a spreadsheet would run as a formula starts with ``'``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in report.to_records():
        writer.writerow([spreadsheet_cell(csv_value(record[c])) for c in CSV_COLUMNS])
    return out.getvalue()


