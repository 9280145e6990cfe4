"""Reading and writing indicator files (YAML).

YAML is read safely and as text: the file is composed into nodes (with the C
loader when PyYAML has it), never constructed into objects, so no tag can
build anything.  Every scalar stays the text it was written in, so a number
becomes an exact Decimal later, and ``0101`` keeps its leading zero.  The
node marks give every problem its file, line and column.

>>> book = loads('''
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
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..book.builder import build
from ..book.model import Book
from ..book.model import Path as KeyPath
from ..codes import Code
from ..errors import BookError, Diagnostic, Location
from ..limits import MAX_YAML_DEPTH
from .files import PathLike, decode_text, read_bytes

__all__ = ["load", "loads", "dump", "read_document"]

try:  # the C composer is several times faster; the pure-Python one reads the same
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

# Tags a plain text document carries; any other tag is refused.
_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
MAX_DEPTH = MAX_YAML_DEPTH
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def load(path: PathLike, *, source: str | None = None) -> Book:
    """Load an indicator file into a :class:`~perfeval.book.Book`.

    ``path`` is a path (``str`` or ``os.PathLike``); for YAML text use
    :func:`loads`.  Raises :class:`~perfeval.errors.BookError` carrying every
    problem found, each with file, line and column; the book's
    ``diagnostics`` hold the warnings of a file that loads.

    Text with a line break given to ``load`` is still read as YAML, with a
    ``DeprecationWarning``: that reading goes in a later release.
    """
    if isinstance(path, str) and ("\n" in path or not path.strip()):
        warnings.warn("load(text) is deprecated; use perfeval.loads(text) for YAML text, load(path) for files",
                      DeprecationWarning, stacklevel=2)
        return loads(path, source=source or "<text>")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load() takes a path (str or os.PathLike), not {type(path).__name__}; "
                        "for YAML text use perfeval.loads")
    file = Path(path)
    raw, problem = read_bytes(file)
    if problem is not None:
        raise BookError([problem], str(file))
    text, problem = decode_text(raw, str(file))  # the same encodings as the tables (issue 10, item 20)
    if problem is not None:
        raise BookError([problem], str(file))
    return loads(text, source=source or str(file))


def loads(text: str, *, source: str = "<text>") -> Book:
    """Build a :class:`~perfeval.book.Book` from YAML text; ``source``
    names it in locations.  Raises :class:`~perfeval.errors.BookError`."""
    if not isinstance(text, str):
        raise TypeError(f"loads() takes YAML text, not {type(text).__name__}")
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


Locator = Callable[[KeyPath], Location]


def read_document(text: str, source: str = "<text>") -> tuple[Any, Locator, list[Diagnostic]]:
    """Compose YAML text into plain data (text, lists, dicts) and a locator.

    Returns ``(document, locate, problems)``.  ``locate(path)`` gives the
    :class:`~perfeval.errors.Location` of a path such as
    ``("activities", 0, "code")``.
    """
    walker = _Walker(source, text)
    try:
        if _refuse_shape(text, walker):
            return None, walker.locate, walker.problems
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = walker.where(mark) if mark else walker.start
        message = " ".join(filter(None, [error.context, error.problem]))
        return None, walker.locate, [Diagnostic(Code.YAML_SYNTAX, "error", f"not valid YAML: {message}",
                                                location=where)]
    except yaml.YAMLError as error:  # pragma: no cover - every reader error carries a mark
        return None, walker.locate, [Diagnostic(Code.YAML_SYNTAX, "error", f"not valid YAML: {error}",
                                                location=walker.start)]
    if node is None:
        return None, walker.locate, [Diagnostic(Code.EMPTY_FILE, "error", "the file holds no definitions",
                                                location=walker.start)]
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
            walker.fail(Code.YAML_ANCHOR, f"the alias *{event.anchor} is not allowed in indicator files",
                        event.start_mark)
            return True
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                walker.fail(Code.TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


class _Walker:
    """Turns composed nodes into plain data, recording each path's marks."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = text.splitlines()
        self.start = self.at(0, 0)
        self.marks: dict[tuple[Any, ...], tuple[int, int, Any]] = {}
        self.problems: list[Diagnostic] = []
        self.fatal = False
        self.seen: set[int] = set()

    def at(self, line: int, column: int) -> Location:
        """The location of a 0-based line and column, with the line's text for a caret."""
        text = self.lines[line] if 0 <= line < len(self.lines) else None
        return Location(self.source, line + 1, column + 1, line_text=text)

    def where(self, mark: Any) -> Location:
        return self.at(mark.line, mark.column)

    def fail(self, code: Code, message: str, mark: Any, fatal: bool = True) -> None:
        self.problems.append(Diagnostic(code, "error", message, location=self.where(mark)))
        self.fatal = self.fatal or fatal

    def convert(self, node: yaml.Node, path: tuple[Any, ...], key_mark: Any = None) -> Any:
        if id(node) in self.seen:  # an alias that _refuse_aliases did not see: refuse it all the same
            self.fail(Code.YAML_ANCHOR, "aliases are not allowed in indicator files", node.start_mark)
            return None
        self.seen.add(id(node))
        # A mapping entry is placed at its key, a list item at its start; the
        # node itself is kept to place a character inside a scalar.
        mark = key_mark if key_mark is not None else node.start_mark
        self.marks[path] = (mark.line, mark.column, node)
        if node.tag not in _TAGS:
            self.fail(Code.YAML_TAG, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed; "
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
                self.fail(Code.WRONG_TYPE, "a mapping key must be plain text", key_node.start_mark)
                continue
            key = key_node.value
            if key in firsts:
                first = firsts[key]
                self.fail(Code.DUPLICATE_KEY, f"the key {key!r} is given twice; first at line {first.line + 1}",
                          key_node.start_mark, fatal=False)
                continue
            firsts[key] = key_node.start_mark
            result[key] = self.convert(value_node, (*path, key), key_node.start_mark)
        return result

    def locate(self, path: tuple[Any, ...]) -> Location:
        """The location of a path; ``(*path, "@", n)`` is the n-th character
        of a scalar's text as written, when it can be placed."""
        if len(path) >= 2 and path[-2] == "@":
            found = self.marks.get(path[:-2])
            if found is None:
                return self.locate(path[:-2])
            node, offset = found[2], path[-1]
            line, column = node.start_mark.line, node.start_mark.column
            # Plain scalars have style None (or "" from the C loader); quotes add
            # a column.  Spans are in the text as written (tokenizer.as_typed).
            if isinstance(node, yaml.ScalarNode) and node.style in (None, "", "'", '"') and \
                    node.value == node.value.strip() and "\n" not in node.value:
                column += offset + (1 if node.style else 0)
            return self.at(line, column)
        found = self.marks.get(path)
        while found is None and path:
            path = path[:-1]
            found = self.marks.get(path)
        if found is None:
            return self.start
        return self.at(found[0], found[1])


def dump(book: Book) -> str:
    """The book as YAML text in the file format; :func:`load` reads it back
    to an equal book."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    header = f"# {book.department_name} {book.year}: written by perfeval\n"
    return header + yaml.dump(book.to_data(), Dumper=dumper, allow_unicode=True, sort_keys=False, width=4096,
                              default_flow_style=False)
