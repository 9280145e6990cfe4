"""Typed errors and diagnostics.

Errors subclass :class:`ValueError` and carry a stable ``code`` slug, so that
callers and tests match on data, not on message wording.  Diagnostics are
what compiling a definition found without failing: they are collected, never
raised one at a time.
"""

from __future__ import annotations

import attrs

__all__ = ["NotationError", "DefinitionError", "Diagnostic", "Flag"]

SEVERITIES = ("error", "warning", "info")


class NotationError(ValueError):
    """Text that cannot be read as notation, or an actual that cannot be read.

    ``code`` is a stable slug, ``text`` the text as given, ``span`` the
    ``(start, end)`` offsets of the bad part in ``text``.  ``str()`` shows the
    text with a caret under the bad span.

    >>> err = NotationError("unit-unknown", "unknown unit 'O'", "≥9O%", (2, 3))
    >>> print(err)
    unknown unit 'O'
        ≥9O%
          ^
    """

    def __init__(
        self,
        code: str,
        message: str,
        text: str = "",
        span: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.text = text
        self.span = span if span is not None else (0, len(text))

    def __str__(self) -> str:
        if not self.text:
            return self.message
        start, end = self.span
        # East Asian characters take two columns in a terminal.
        pad = sum(_width(c) for c in self.text[:start])
        width = max(1, sum(_width(c) for c in self.text[start:end]))
        return f"{self.message}\n    {self.text}\n    {' ' * pad}{'^' * width}"

    def __reduce__(self):  # keep pickling (multiprocessing, Dask) working
        return (type(self), (self.code, self.message, self.text, self.span))

    def in_text(self, original: str) -> NotationError:
        """The same error shown on the text as the user typed it, when its
        span can be placed there; parsing works on normalised text."""
        from ._tokenizer import original_span

        if original == self.text:
            return self
        span = original_span(original, self.span)
        if span is None:
            return self
        return NotationError(self.code, self.message, original, span)


class DefinitionError(ValueError):
    """A definition (ladder or target) that cannot be compiled as asked.

    Raised when a ladder contradicts a stated direction, mixes axes, or when
    strict mode meets a diagnostic.  ``diagnostics`` holds everything found.
    """

    def __init__(self, code: str, message: str, diagnostics: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.diagnostics = tuple(diagnostics)

    def __reduce__(self):
        return (type(self), (self.code, self.message, self.diagnostics))


def _width(char: str) -> int:
    import unicodedata

    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


@attrs.frozen
class Diagnostic:
    """What compiling a definition found: a typed, located finding.

    ``subject`` names the part it is about (a grade such as ``"中"``, or
    ``"target"``); ``location`` is filled in by loaders that know the file.

    >>> Diagnostic("gap", "warning", "no band holds [2, 2]", subject="良")
    Diagnostic(gap warning [良]: no band holds [2, 2])
    """

    code: str
    severity: str = attrs.field(validator=attrs.validators.in_(SEVERITIES))
    message: str
    subject: str | None = None
    location: str | None = None

    def __repr__(self) -> str:
        where = f" [{self.subject}]" if self.subject else ""
        return f"Diagnostic({self.code} {self.severity}{where}: {self.message})"


@attrs.frozen
class Flag:
    """Something a grader should look at in one result, e.g. over-achievement.

    >>> Flag("over-achievement", "actual is 150% of the target: 偏差原因必填")
    Flag(over-achievement: actual is 150% of the target: 偏差原因必填)
    """

    code: str
    message: str

    def __repr__(self) -> str:
        return f"Flag({self.code}: {self.message})"
