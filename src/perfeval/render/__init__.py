"""Showing a :class:`~perfeval.grading.Report`: text, Markdown, JSON, CSV,
HTML, the 自评表 and the xlsx workbook (rules §4–5).

Every format is a function from a report to a string, registered once in
:data:`perfeval.grading.report.FORMATS`; :meth:`Report.render` and the
command line both use that one registry.  The workbook (``xlsx``) is the
one binary format: it renders bytes (:meth:`Report.render_bytes`) through
openpyxl, the ``xlsx`` extra.  The core never imports openpyxl: only
:mod:`perfeval.render.xlsx_workbook` does, and :func:`xlsx` imports that
module when it is called, so that ``import perfeval`` works without the
extra and ``--format xlsx`` says how to install it.  A format that shortens to fit a
terminal has its unshortened form registered as ``NAME-wide``, unlisted:
``table-wide``, which the command line reaches by its flag ``--wide``.  The
human formats (text, Markdown, HTML, the self-assessment form) round
numbers for display by the report's own rule (``report.places``,
``report.rounding``); the data formats (JSON, CSV) carry exact decimal
strings, never floats.  Nothing is dropped: missing, error and
not-applicable rows are shown with their status, and the report's problems
and unknown actuals are listed.

>>> import json, perfeval
>>> book = perfeval.loads('''
... perfeval: 1
... department: {code: "999", name: 示例局}
... year: 2023
... scoring: {rounding: {places: 1, mode: truncate}}
... activities:
...   - code: "0101"
...     name: 示例活动
...     indicators:
...       - {name: 到位率, ladder: {优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
...       - {name: 完成率, ladder: {优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
...       - {name: 办结率, ladder: {优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
...       - {name: 发放率, ladder: {优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}}
... ''')
>>> report = book.grade({"0101/到位率": "100%", "0101/完成率": "92%", "0101/办结率": "85%"})
>>> json.loads(report.render("json"))["total"]
'60'
>>> print(report.render("table").splitlines()[2])
部门总分 60.0  等级 中  依据 各活动得分平均
>>> report.render("csv").count("\\n")  # a header and one line per indicator
5
>>> list(FORMATS)
['table', 'markdown', 'html', 'json', 'csv', 'selfeval', 'xlsx', 'html-fragment', 'table-wide']
"""

from ..codes import Code
from ..errors import PerfevalError
from ..grading.audit import AuditReport, register_audit_binary
from ..grading.report import FORMATS, Format, Report, register_format
from . import audit_report as _audit_report  # noqa: F401  (registers the audit's formats)
from .data_formats import csv_text, json_text
from .html_report import html, html_fragment
from .markdown_report import markdown
from .selfeval_form import selfeval
from .text_report import text, text_wide

__all__ = ["FORMATS", "Format", "text", "text_wide", "markdown", "html", "html_fragment", "json_text", "csv_text",
           "selfeval", "xlsx", "audit_xlsx"]

# The modules an extra brings, by the extra's name: a format that needs one says how to install it.
EXTRAS = {"xlsx": ("openpyxl", "et_xmlfile")}


def _needs_xlsx_extra(error: ModuleNotFoundError) -> PerfevalError:
    """The error for a workbook format without openpyxl; any other missing module is a bug, raised again."""
    if (error.name or "").split(".")[0] not in EXTRAS["xlsx"]:
        raise error
    return PerfevalError(Code.MISSING_EXTRA, "the xlsx format needs openpyxl, the xlsx extra: "
                         "pip install 'perfeval[xlsx]'")


def audit_xlsx(report: AuditReport) -> bytes:
    """The audit as a workbook (:mod:`perfeval.render.audit_workbook`); needs
    the ``xlsx`` extra, as :func:`xlsx` does."""
    try:
        from .audit_workbook import audit_workbook  # the core must import without the extra
    except ModuleNotFoundError as error:
        raise _needs_xlsx_extra(error) from None
    return audit_workbook(report)


def xlsx(report: Report) -> bytes:
    """The workbook (:mod:`perfeval.render.xlsx_workbook`): a summary, the
    自评表 of the department and of each project, and the activity table.
    Needs the ``xlsx`` extra (openpyxl); without it, a
    :class:`~perfeval.errors.PerfevalError` (``missing-extra``) says how to
    install it."""
    try:
        # Imported here, not above: the core must import without the extra (docs/design.md).
        from .xlsx_workbook import workbook
    except ModuleNotFoundError as error:
        raise _needs_xlsx_extra(error) from None
    return workbook(report)


for _format in (
    Format("table", text, "plain-text tables for a terminal, 120 columns wide"),
    Format("markdown", markdown, "GitHub-flavoured Markdown"),
    Format("html", html, "a standalone HTML page with a chart"),
    Format("json", json_text, "the whole report as JSON, exact decimals", data=True),
    Format("csv", csv_text, "one line per indicator, exact decimals", data=True, bom=True),
    Format("selfeval", selfeval, "the 部门整体 and 项目支出绩效自评表"),
    Format("xlsx", xlsx, "a workbook: summary, the 自评表, the activity table (-o only)", binary=True),
    Format("html-fragment", html_fragment, "HTML for Jupyter", listed=False),
    # The unshortened form of a format is NAME-wide; the command line offers it as --wide, not as a name.
    Format("table-wide", text_wide, "the plain-text tables with nothing shortened", listed=False),
):
    register_format(_format)

register_audit_binary("xlsx", audit_xlsx)
