"""One error family, typed diagnostics and structured locations.

Every error perfeval raises is a :class:`PerfevalError`, a ``ValueError``
with a stable ``code`` from :mod:`perfeval.codes`, so that callers and tests
match on data, not on message wording.  Diagnostics are what compiling or
grading found without failing: they are collected, never raised one at a
time.  A :class:`Location` says where a thing was written, as fields.

This module is a leaf: it imports nothing else of perfeval but the codes.

>>> err = NotationError("unexpected-text", "unexpected text, found 'O'", "≥9O%", (2, 3))
>>> print(err)
unexpected text, found 'O'
    ≥9O%
      ^
>>> isinstance(err, PerfevalError) and isinstance(err, ValueError), err.code
(True, 'unexpected-text')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

import attrs

from .codes import Code, Severity

__all__ = ["PerfevalError", "NotationError", "DefinitionError", "BookError", "TableError", "Diagnostic", "Flag",
           "Location", "caret"]

SEVERITIES = ("error", "warning", "info")


def _width(char: str) -> int:
    # East Asian wide and full-width characters take two columns in a terminal.
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def caret(text: str, start: int, end: int, indent: str = "    ") -> str:
    """``text`` with a caret under ``text[start:end]``, counting wide
    characters as two columns.

    >>> print(caret("≥９O％", 2, 3))
        ≥９O％
           ^
    """
    pad = sum(_width(c) for c in text[:start])
    width = max(1, sum(_width(c) for c in text[start:end]))
    return f"{indent}{text}\n{indent}{' ' * pad}{'^' * width}"


@attrs.frozen
class Location:
    """Where something was written: a file (or ``<text>``), a line and a
    column (1-based), and, for imported tables, the table, row and cell.

    ``line_text`` is the source line, kept to show a caret; it takes no part
    in comparing locations.

    >>> str(Location("book.yaml", 3, 12))
    'book.yaml:3:12'
    """

    source: str
    line: int | None = None
    column: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    line_text: str | None = attrs.field(default=None, eq=False, repr=False)

    def __str__(self) -> str:
        parts = [self.source]
        parts += [str(n) for n in (self.line, self.column) if n is not None]
        where = ":".join(parts)
        cells = [f"{name} {n}" for name, n in (("table", self.table), ("row", self.row), ("cell", self.cell))
                 if n is not None]
        return where + (f" ({', '.join(cells)})" if cells else "")

    def as_dict(self) -> dict[str, Any]:
        """The fields as plain data, for JSON."""
        return {"source": self.source, "line": self.line, "column": self.column, "table": self.table,
                "row": self.row, "cell": self.cell}

    def excerpt(self) -> str | None:
        """The source line with a caret under the column, when both are known."""
        if self.line_text is None or self.column is None:
            return None
        column = min(self.column - 1, len(self.line_text))
        return caret(self.line_text, column, column + 1)


@attrs.frozen
class Diagnostic:
    """A typed, located finding: what compiling, loading or grading found.

    ``subject`` names the part it is about (a grade such as ``"中"``, or
    ``"target"``); ``location`` is filled in by loaders that know the file;
    ``text`` and ``span`` keep the notation a finding is about, for a caret.

    >>> Diagnostic("gap", "warning", "no band holds [2, 2]", subject="良")
    Diagnostic(gap warning [良]: no band holds [2, 2])
    """

    # Only a listed code: an unknown slug is refused here, at once.
    code: Code = attrs.field(converter=Code)
    severity: str = attrs.field(validator=attrs.validators.in_(SEVERITIES))
    message: str
    subject: str | None = None
    location: Location | None = None
    text: str | None = attrs.field(default=None, eq=False)
    span: tuple[int, int] | None = attrs.field(default=None, eq=False)

    def __repr__(self) -> str:
        where = f" [{self.subject}]" if self.subject else ""
        return f"Diagnostic({self.code} {self.severity}{where}: {self.message})"

    def __str__(self) -> str:
        """``file:line:col: severity code: message``, then a caret under the
        notation or the source line where one is known."""
        head = f"{self.location}: " if self.location is not None else ""
        line = f"{head}{self.severity} {self.code}: {self.message}"
        if self.text and self.span is not None:
            return f"{line}\n{caret(self.text, *self.span)}"
        excerpt = self.location.excerpt() if self.location is not None else None
        return f"{line}\n{excerpt}" if excerpt else line


@attrs.frozen
class Flag:
    """Something a grader should look at in one result, e.g. over-achievement.

    >>> Flag("over-achievement", "actual is 150% of the target: 偏差原因必填")
    Flag(over-achievement: actual is 150% of the target: 偏差原因必填)
    """

    code: Code = attrs.field(converter=Code)  # only a listed code
    message: str

    def __repr__(self) -> str:
        return f"Flag({self.code}: {self.message})"

    @property
    def severity(self) -> Severity:
        """How much the flag matters, from the catalogue."""
        return self.code.severity


class PerfevalError(ValueError):
    """The base of every error perfeval raises.  ``code`` is a stable slug
    listed in :mod:`perfeval.codes`."""

    code: Code

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = Code(code)  # only a listed code: an unknown slug is a ValueError here, at once
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:  # pickling: worker processes (multiprocessing, Dask)
        return (type(self), (self.code, self.message))


class NotationError(PerfevalError):
    """Text that cannot be read as notation, or an actual that cannot be read.

    ``text`` is the text as given, ``span`` the ``(start, end)`` offsets of
    the bad part in ``text``.  ``str()`` shows the text with a caret under
    the bad span.
    """

    def __init__(self, code: str, message: str, text: str = "", span: tuple[int, int] | None = None) -> None:
        super().__init__(code, message)
        self.text = text
        self.span = span if span is not None else (0, len(text))

    def __str__(self) -> str:
        if not self.text:
            return self.message
        return f"{self.message}\n{caret(self.text, *self.span)}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.code, self.message, self.text, self.span))


class DefinitionError(PerfevalError):
    """A definition (ladder or target) that cannot be compiled as asked.

    Raised when a ladder contradicts a stated direction, mixes axes, or when
    strict mode meets a diagnostic.  ``diagnostics`` holds everything found.
    """

    def __init__(self, code: str, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(code, message)
        self.diagnostics = tuple(diagnostics)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.code, self.message, self.diagnostics))


def _problems_text(summary: str, problems: Sequence[Diagnostic]) -> str:
    return "\n".join([summary, *(str(p) for p in problems if p.severity == "error")])


class BookError(PerfevalError):
    """An indicator file or document that cannot be built into a book.

    ``problems`` holds every problem found, errors and warnings alike, each
    with its location; ``str()`` lists every error, each with a caret.
    """

    def __init__(self, problems: Sequence[Diagnostic], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        errors = sum(p.severity == "error" for p in self.problems)
        super().__init__(Code.INVALID_BOOK, f"{errors} error(s) in {source or 'the definitions'}")

    def __str__(self) -> str:
        return _problems_text(self.message, self.problems)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems, self.source))


class TableError(PerfevalError):
    """An actuals or budget file that cannot be read; ``problems`` says where."""

    def __init__(self, problems: Sequence[Diagnostic]) -> None:
        self.problems = tuple(problems)
        source = next((p.location.source for p in self.problems if p.location is not None), "the table")
        errors = sum(p.severity == "error" for p in self.problems)
        super().__init__(Code.BAD_TABLE, f"{errors} error(s) in {source}")

    def __str__(self) -> str:
        return _problems_text(self.message, self.problems)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems,))
