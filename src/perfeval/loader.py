"""Reading and writing indicator files (YAML).

YAML is read safely and as text: the file is composed into nodes (with the C
loader when PyYAML has it), never constructed into objects, so no tag can
build anything.  Every scalar stays the text it was written in, so a number
becomes an exact Decimal later, and ``0101`` keeps its leading zero.  The
node marks give every problem its file, line and column.

>>> book = load('''
... perfeval: 1
... department: {code: "323", name: 人社局}
... year: 2023
... projects:
...   - name: 招聘经费
...     indicators:
...       - {group: 产出指标, subgroup: 数量指标, name: 招聘活动组织次数, target: ≥25次}
... ''')
>>> book.indicator("招聘经费/招聘活动组织次数").evaluator.score("20次", 10).points
Decimal('8.0')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from .book import Book, BookError, build
from .errors import Diagnostic

__all__ = ["load", "dump", "read_document", "read_bytes"]

try:  # the C composer is several times faster; the pure-Python one reads the same
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

# Tags a plain text document carries; any other tag is refused.
_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32  # an indicator file nests 7 deep
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def load(path_or_text: str | os.PathLike[str], *, source: str | None = None) -> Book:
    """Load an indicator file into a :class:`~perfeval.book.Book`.

    ``path_or_text`` is a path, or the YAML text itself (text is recognised by
    a line break).  Raises :class:`~perfeval.book.BookError` carrying every
    problem found, each with file, line and column; the book's
    ``diagnostics`` hold the warnings of a file that loads.
    """
    text, source = _read(path_or_text, source)
    document, locate, problems = read_document(text, source)
    if any(p.severity == "error" for p in problems) and document is None:
        raise BookError(problems, source)
    try:
        book = build(document, locate=locate, source=source)
    except BookError as error:
        raise BookError((*problems, *error.problems), source) from None
    if problems:
        raise BookError((*problems, *book.diagnostics), source)
    return book


def _read(path_or_text: Any, source: str | None) -> tuple[str, str]:
    if isinstance(path_or_text, str) and ("\n" in path_or_text or not path_or_text.strip()):
        return path_or_text, source or "<text>"
    path = Path(path_or_text)
    raw, problem = read_bytes(path)
    if problem is not None:
        raise BookError([problem], str(path))
    try:
        return raw.decode("utf-8-sig"), source or str(path)
    except UnicodeDecodeError as error:
        raise BookError([Diagnostic("not-text", "error", f"the file is not UTF-8 text ({error.reason} at byte "
                                    f"{error.start})", location=f"{path}:1:1")], str(path)) from None


def read_bytes(path: Path) -> tuple[bytes, Diagnostic | None]:
    """A file's bytes, or the problem that stops them being read: missing,
    a directory, unreadable, or over :data:`MAX_BYTES` (hostile input)."""
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a directory")
        if path.stat().st_size > MAX_BYTES:
            return b"", Diagnostic("too-large", "error", f"the file is over {MAX_BYTES // 2**20} MiB",
                                   location=f"{path}:1:1")
        return path.read_bytes(), None
    except OSError as error:
        return b"", Diagnostic("unreadable", "error", error.strerror or str(error), location=f"{path}:1:1")


def read_document(text: str, source: str = "<text>"):
    """Compose YAML text into plain data (text, lists, dicts) and a locator.

    Returns ``(document, locate, problems)``.  ``locate(path)`` gives
    ``source:line:col`` for a path such as ``("activities", 0, "code")``.
    """
    walker = _Walker(source)
    try:
        if _refuse_shape(text, walker):
            return None, walker.locate, walker.problems
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else f"{source}:1:1"
        message = " ".join(filter(None, [error.context, error.problem]))
        return None, walker.locate, [Diagnostic("yaml-syntax", "error", f"not valid YAML: {message}", location=where)]
    except yaml.YAMLError as error:  # pragma: no cover - every reader error carries a mark
        return None, walker.locate, [Diagnostic("yaml-syntax", "error", f"not valid YAML: {error}",
                                                location=f"{source}:1:1")]
    if node is None:
        return None, walker.locate, [Diagnostic("empty-file", "error", "the file holds no definitions",
                                                location=f"{source}:1:1")]
    document = walker.convert(node, ())
    if walker.fatal:
        return None, walker.locate, walker.problems
    return document, walker.locate, walker.problems


def _refuse_shape(text: str, walker: _Walker) -> bool:
    """One pass over the events, before anything is composed, refusing:

    - aliases, which can make a small file expand without bound (billion
      laughs); composing shares aliased nodes and hides where the alias was
      written, the events still say;
    - nesting deeper than any indicator file needs, which would exhaust the
      recursion of composing and converting.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            walker.fail("yaml-anchor", f"the alias *{event.anchor} is not allowed in indicator files",
                        event.start_mark)
            return True
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                walker.fail("too-deep", f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


class _Walker:
    """Turns composed nodes into plain data, recording each path's marks."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.marks: dict[tuple, tuple[int, int, Any]] = {}
        self.problems: list[Diagnostic] = []
        self.fatal = False
        self.seen: set[int] = set()

    def where(self, mark) -> str:
        return f"{self.source}:{mark.line + 1}:{mark.column + 1}"

    def fail(self, code: str, message: str, mark, fatal: bool = True) -> None:
        self.problems.append(Diagnostic(code, "error", message, location=self.where(mark)))
        self.fatal = self.fatal or fatal

    def convert(self, node: yaml.Node, path: tuple, key_mark=None) -> Any:
        if id(node) in self.seen:  # an alias that _refuse_aliases did not see: refuse it all the same
            self.fail("yaml-anchor", "aliases are not allowed in indicator files", node.start_mark)
            return None
        self.seen.add(id(node))
        # A mapping entry is placed at its key, a list item at its start; the
        # node itself is kept to place a character inside a scalar.
        mark = key_mark if key_mark is not None else node.start_mark
        self.marks[path] = (mark.line, mark.column, node)
        if node.tag not in _TAGS:
            self.fail("yaml-tag", f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed; "
                      "indicator files hold plain text, lists and mappings", node.start_mark)
            return None
        if isinstance(node, yaml.ScalarNode):
            # An empty value or a plain null is nothing, not the text "null".
            if node.style in (None, "") and node.value in _NULLS:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(child, (*path, i)) for i, child in enumerate(node.value)]
        result: dict[str, Any] = {}
        firsts: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _TAGS:
                self.fail("wrong-type", "a mapping key must be plain text", key_node.start_mark)
                continue
            key = key_node.value
            if key in firsts:
                first = firsts[key]
                self.fail("duplicate-key", f"the key {key!r} is given twice; first at line {first.line + 1}",
                          key_node.start_mark, fatal=False)
                continue
            firsts[key] = key_node.start_mark
            result[key] = self.convert(value_node, (*path, key), key_node.start_mark)
        return result

    def locate(self, path: tuple) -> str | None:
        """``source:line:col`` for a path; ``(*path, "@", n)`` is the n-th
        character of a scalar's (normalised) text, when it can be placed."""
        if len(path) >= 2 and path[-2] == "@":
            found = self.marks.get(path[:-2])
            if found is None:
                return None
            node, offset = found[2], path[-1]
            line, column = node.start_mark.line, node.start_mark.column
            # Plain scalars have style None (or "" from the C loader); quotes add
            # a column.  Spans are in the text as written (NotationError.in_text).
            if isinstance(node, yaml.ScalarNode) and node.style in (None, "", "'", '"') and \
                    node.value == node.value.strip() and "\n" not in node.value:
                column += offset + (1 if node.style else 0)
            return f"{self.source}:{line + 1}:{column + 1}"
        found = self.marks.get(path)
        while found is None and path:
            path = path[:-1]
            found = self.marks.get(path)
        if found is None:
            return f"{self.source}:1:1"
        return f"{self.source}:{found[0] + 1}:{found[1] + 1}"


def dump(book: Book) -> str:
    """The book as YAML text in the file format; :func:`load` reads it back
    to an equal book."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    header = f"# {book.department_name} {book.year}: written by perfeval\n"
    return header + yaml.dump(book.to_data(), Dumper=dumper, allow_unicode=True, sort_keys=False, width=4096,
                              default_flow_style=False)
