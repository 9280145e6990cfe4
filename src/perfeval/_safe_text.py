"""User text made safe for where people open it (issue 10, item 12).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (CSV injection, OWASP): such a cell is written with a leading ``'``,
which spreadsheets show as text, unless it is a plain number.  perfeval's own
readers take that ``'`` off again, so a filled-in template still matches
every id.  A terminal obeys escape sequences and bidi overrides: they are
shown as visible escapes instead.

>>> spreadsheet_cell('=HYPERLINK("http://x")'), spreadsheet_cell("-5"), spreadsheet_cell("≥90%")
('\\'=HYPERLINK("http://x")', '-5', '≥90%')
>>> from_spreadsheet_cell(spreadsheet_cell("@SUM(A1)")), visible("a\\x1b]0;x\\x07b\\u202e")
('@SUM(A1)', 'a\\\\x1b]0;x\\\\x07b\\\\u202e')
"""

from __future__ import annotations

import re

__all__ = ["spreadsheet_cell", "from_spreadsheet_cell", "runs_as_formula", "visible"]

# OWASP's triggers: = + - @, tab and carriage return.  A run of leading
# apostrophes before one is escaped too, so that reading back is exact.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")

# C0 and C1 controls (but tab and newline, which text keeps), DEL, and the
# bidi embeddings, overrides and isolates that reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula (or a run of ``'`` before one)."""
    return bool(_FORMULA.match(text)) and not _PLAIN_NUMBER.fullmatch(text)


def spreadsheet_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it, never runs it."""
    return "'" + text if runs_as_formula(text) else text


def from_spreadsheet_cell(text: str) -> str:
    """The text that :func:`spreadsheet_cell` was given."""
    return text[1:] if _NEUTRALISED.match(text) else text


def visible(text: str) -> str:
    """``text`` with every control character and bidi override shown as an escape."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
